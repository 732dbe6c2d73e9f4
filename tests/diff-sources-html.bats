#!/usr/bin/env bats
# diff-sources --format html: the page opened in headless Chromium (Debian's chromium, which
# scripts/install-deps --chromium installs and CI passes), the text a reader sees checked exactly,
# and a screenshot saved as build/diff-sources-report.png. Without chromium the browser tests are
# skipped with a message, except in CI (CROSSCHECK_CI set by .ci/run), where they fail.

load helpers

PAGE_FIXTURE=$FIXTURES/diff-sources-html/events.tsv
SCREENSHOT=$BATS_TEST_DIRNAME/../build/diff-sources-report.png

# chromium_run ARGS...: headless, as root too (CI), its profile, cache and config in a temporary
# home so that it writes nowhere else, and never longer than a minute.
chromium_run() {
	local home=$BATS_FILE_TMPDIR/chromium-home
	mkdir -p "$home" && mkdir -p -m 700 "$home/run"
	HOME=$home XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache XDG_DATA_HOME=$home/data \
		XDG_RUNTIME_DIR=$home/run timeout 60 chromium --headless --no-sandbox --disable-gpu \
		--disable-dev-shm-usage --no-first-run --user-data-dir="$home/profile" "$@" \
		2>>"$BATS_FILE_TMPDIR/chromium.err"
}

setup_file() {
	"$BIN/diff-sources" --format html "$PAGE_FIXTURE" >"$BATS_FILE_TMPDIR/page.html"
	if command -v chromium >/dev/null; then
		chromium_run --dump-dom "file://$BATS_FILE_TMPDIR/page.html" >"$BATS_FILE_TMPDIR/dom.html" || true
		mkdir -p "$(dirname "$SCREENSHOT")"
		rm -f "$SCREENSHOT"
		chromium_run --screenshot="$SCREENSHOT" --window-size=1280,2000 \
			"file://$BATS_FILE_TMPDIR/page.html" >/dev/null || true
	fi
}

need_chromium() {
	if ! command -v chromium >/dev/null; then
		[ -z "${CROSSCHECK_CI:-}" ] || fail "chromium is missing in CI: scripts/install-deps --chromium installs it"
		skip "chromium is not installed (scripts/install-deps --chromium, as root, installs it)"
	fi
	[ -s "$BATS_FILE_TMPDIR/dom.html" ] || fail "chromium gave no DOM: $(tail -5 "$BATS_FILE_TMPDIR/chromium.err")"
}

# The text a reader sees, from the DOM chromium parsed: no style, no tooltips (<title>), block
# ends as line ends, tags dropped, entities undone, blanks squeezed, empty lines dropped.
visible_text() {
	perl -0777 -pe '
		s{<(style|title)\b.*?</\1>}{}gs;
		s{</(div|td|th|li|h1|h2|p|tr|text|figcaption)>}{\n}g;
		s{<[^>]*>}{}g;
		s{&lt;}{<}g; s{&gt;}{>}g; s{&quot;}{"}g; s{&#39;}{\x27}g; s{&nbsp;}{ }g; s{&amp;}{&}g;
		s{[ \t]+}{ }g; s{^ | $}{}mg; s{\n+}{\n}g; s{^\n}{}' "$BATS_FILE_TMPDIR/dom.html"
}

@test "diff-sources html: the reader sees the summary and the clusters' headings, disagreements first" {
	need_chromium
	visible_text >"$BATS_TEST_TMPDIR/text"
	run grep -x '6 events from 3 sources in 3 clusters; 2 with a conflict or an omission.' "$BATS_TEST_TMPDIR/text"
	assert_success
	run grep -E '^20[0-9-]+ · ' "$BATS_TEST_TMPDIR/text"
	assert_output "$(printf '%s\n' \
		'2025-03-04 · 041 Discuss by telephone: Mara Lind, Tomas Berg' \
		'2025-03-10 · 036 Intend to meet or negotiate: Mara Lind, Tomas Berg' \
		'2025-03-12 · 010 Make statement: <script>alert(1)</script> & Sons')"
	run grep -E -x 'cluster 2025-03-[0-9]{2}\.0[0-9]{2}\.[0-9a-f]+(; .*)?' "$BATS_TEST_TMPDIR/text"
	assert_line --index 0 --regexp '^cluster 2025-03-04\.041\.[0-9a-f]+; the sources conflict$'
	assert_line --index 1 --regexp '^cluster 2025-03-10\.036\.[0-9a-f]+; a source omits what others state$'
	assert_line --index 2 --regexp '^cluster 2025-03-12\.010\.[0-9a-f]+$'
}

@test "diff-sources html: the sources are the columns, the conflicts and the omission in words and in class" {
	need_chromium
	dom=$BATS_FILE_TMPDIR/dom.html
	# the 036 cluster, reported by all three, has them as columns in the order of their names
	run grep -o '<thead><tr><th>attribute</th>.*</tr></thead>' "$dom"
	assert_line --index 0 '<thead><tr><th>attribute</th><th scope="col">Northport Herald</th><th scope="col">Valley Times &amp; Courier</th></tr></thead>'
	assert_line --index 1 '<thead><tr><th>attribute</th><th scope="col">Coastal Wire</th><th scope="col">Northport Herald</th><th scope="col">Valley Times &amp; Courier</th></tr></thead>'
	assert_line --index 2 '<thead><tr><th>attribute</th><th scope="col">Coastal Wire</th></tr></thead>'
	run grep -o '<td class="conflict">' "$dom"
	assert [ "${#lines[@]}" -eq 2 ]
	run grep -o '<td class="omits">' "$dom"
	assert [ "${#lines[@]}" -eq 1 ]
	visible_text >"$BATS_TEST_TMPDIR/text"
	run grep -E -x '(PT1H|PT1H45M) conflict \[[12]\]|not stated omits \[[123]\]' "$BATS_TEST_TMPDIR/text"
	assert_line --index 0 --regexp '^PT1H conflict \[[12]\]$'
	assert_line --index 1 --regexp '^PT1H45M conflict \[[12]\]$'
	assert_line --index 2 --regexp '^not stated omits \[[123]\]$'
	assert [ "${#lines[@]}" -eq 3 ]
}

@test "diff-sources html: each value's evidence sentence is its tooltip and is listed below the table" {
	need_chromium
	run grep -c '<div class="v conflict" title="Lind and Berg talked for an hour and 45 minutes on Tuesday, aides said.">PT1H45M ' "$BATS_FILE_TMPDIR/dom.html"
	assert_output 1
	visible_text >"$BATS_TEST_TMPDIR/text"
	run grep -x 'Valley Times & Courier published 2025-03-05: “Lind and Berg talked for an hour and 45 minutes on Tuesday, aides said.”' "$BATS_TEST_TMPDIR/text"
	assert_success
	run grep -c -x 'Coastal Wire published 2025-03-05: “Lind is due to meet Berg on March 10.”' "$BATS_TEST_TMPDIR/text"
	assert_output 1
}

@test "diff-sources html: an SVG timeline with one lane per source, conflict and omission marks linking to their clusters" {
	need_chromium
	dom=$BATS_FILE_TMPDIR/dom.html
	run grep -c '<svg class="timeline"' "$dom"
	assert_output 1
	run grep -c '<g class="lane">' "$dom"
	assert_output 3
	run grep -o '<text class="source"[^>]*>[^<]*' "$dom"
	assert_output "$(printf '%s\n' '<text class="source" text-anchor="end" x="162" y="56">Coastal Wire' \
		'<text class="source" text-anchor="end" x="162" y="80">Northport Herald' \
		'<text class="source" text-anchor="end" x="162" y="104">Valley Times &amp; Courier')"
	run grep -c '<rect class="m conflict"' "$dom"
	assert_output 2
	run grep -c '<rect class="m omits"' "$dom"
	assert_output 1
	run grep -c '<circle class="m reports"' "$dom"
	assert_output 3
	run grep -c '<title>2025-03-04 · 041 Discuss by telephone: Mara Lind, Tomas Berg — Northport Herald: conflict</title>' "$dom"
	assert_output 1
	# every link of the page goes to a block of it
	grep -o 'href="[^"]*"' "$dom" | sed 's/^href="#//; s/"$//' | sort -u >"$BATS_TEST_TMPDIR/targets"
	grep -o ' id="[^"]*"' "$dom" | sed 's/^ id="//; s/"$//' | sort -u >"$BATS_TEST_TMPDIR/ids"
	[ -s "$BATS_TEST_TMPDIR/targets" ]
	run comm -23 "$BATS_TEST_TMPDIR/targets" "$BATS_TEST_TMPDIR/ids"
	assert_output ''
}

@test "diff-sources html: a value holding <script> and & is text, in the page and in the DOM" {
	page=$BATS_FILE_TMPDIR/page.html
	run grep -c '&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons' "$page"
	assert [ "$output" -ge 3 ]
	run grep -c -i '<script' "$page"
	assert_output 0
	run grep -c ' "will stay open"' "$page"
	assert_output 0
	run grep -c ' &quot;will stay open&quot;' "$page"
	assert [ "$output" -ge 1 ]
	need_chromium
	run grep -c -i '<script' "$BATS_FILE_TMPDIR/dom.html"
	assert_output 0
	visible_text >"$BATS_TEST_TMPDIR/text"
	run grep -c -x 'Coastal Wire published 2025-03-05: “A spokesman for <script>alert(1)</script> & Sons said the yard "will stay open".”' "$BATS_TEST_TMPDIR/text"
	assert_output 1
}

@test "diff-sources html: the page is self-contained: no script, no resource to load, links only within it" {
	page=$BATS_FILE_TMPDIR/page.html
	run grep -c -i -E '<script|javascript:|https?:|//[a-z]|src=|url\(|@import|<link|<img|<iframe|<object|<embed' "$page"
	assert_output 0
	run grep -o -E 'href="[^#][^"]*"' "$page"
	assert_output ''
	run grep -c -E ' on[a-z]+=' "$page"
	assert_output 0
}

@test "diff-sources html: the screenshot is saved under build/ as a PNG" {
	need_chromium
	[ -s "$SCREENSHOT" ] || fail "no screenshot: $(tail -5 "$BATS_FILE_TMPDIR/chromium.err")"
	run sh -c 'head -c 8 "$1" | od -An -tx1 | tr -d " \n"' sh "$SCREENSHOT"
	assert_output 89504e470d0a1a0a
}

@test "diff-sources html: no events give a page with the summary and no timeline" {
	run sh -c 'printf "source\tcode\tactor1\tactor2\n" | "$1/diff-sources" --format html' sh "$BIN"
	assert_success
	assert_output --partial '0 events from 0 sources in 0 clusters; 0 with a conflict or an omission.'
	refute_output --partial '<svg'
	assert_output --partial '</html>'
}
