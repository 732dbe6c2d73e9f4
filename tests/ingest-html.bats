#!/usr/bin/env bats
# ingest on HTML pages: the main-text scorer (--html-main auto), the other --html-main modes, and
# the metadata pages give (<meta>, JSON-LD, rel=author, bylines). Fixtures are in
# tests/fixtures/ingest/html; ingest runs there so that doc_ids are the same everywhere.

load helpers

DIR=$FIXTURES/ingest/html

# run_html CASE ARGS...: runs ingest ARGS in the fixtures directory; stdout must be CASE.out,
# stderr empty.
run_html() {
	local case=$1
	shift
	(cd "$DIR" && "$BIN/ingest" "$@" </dev/null) >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" && status=0 || status=$?
	[ "$status" -lt 128 ] || { echo "crashed with status $status"; cat "$BATS_TEST_TMPDIR/err"; return 1; }
	diff -u "$DIR/$case.out" "$BATS_TEST_TMPDIR/out"
	diff -u /dev/null "$BATS_TEST_TMPDIR/err"
}

# field N: column N of the one row ingest wrote for the page in $page.
field() {
	"$BIN/ingest" "$page" | sed -n 2p | cut -f"$1"
}

@test "ingest-html: div soup: the story's paragraphs, without menu, byline, share row, related, comments, sidebar, footer" {
	run_html soup soup.html
	assert_equal "$status" 0
}

@test "ingest-html: an article's kicker, ads, recommended box, read-next line and author card go; dek and caption stay; a wrapper 'with-sidebar' is not a sidebar" {
	# and the author comes from <span class="author"> when no "By NAME" is found
	run_html article-parts article-parts.html wrapper-sidebar.html
}

@test "ingest-html: unclassed 'About the author' and 'Comments' sections go, from their subheading on, and score nothing" {
	run_html unclassed-sections unclassed-sections.html long-comments.html
}

@test "ingest-html: a second <article> beside the best one is another story, not joined" {
	run_html two-articles two-articles.html
}

@test "ingest-html: a logo in an <h1> before the text is not its headline" {
	run_html logo-h1 logo-h1.html
}

@test "ingest-html: an unclassed newsletter box and cookie notice inside the text go" {
	run_html notices notices.html
}

@test "ingest-html: --html-main article and body keep today's text (all of the body when there is no article)" {
	run_html soup-article --html-main article soup.html
	run_html soup-body --html-main body soup.html
}

@test "ingest-html: a headline and lead inside <header>, and a page inside a <form>, are kept by the scorer" {
	run_html header-lead header-lead.html deck.html
	run_html form-page form-page.html
	# today's behaviour leaves them out: <header> and <form> are skipped
	run_html lost-article --html-main article header-lead.html form-page.html
	run_html lost-body --html-main body header-lead.html form-page.html
}

@test "ingest-html: --html-main body takes the text outside <main> too, article does not" {
	run bash -c "'$BIN/ingest' --html-main article '$FIXTURES/ingest/page-time.html' | cut -f7"
	assert_line --index 1 'Harbour dredging starts\n\nPosted Friday.\n\nWork will last two weeks.'
	run bash -c "'$BIN/ingest' --html-main body '$FIXTURES/ingest/page-time.html' | cut -f7"
	assert_line --index 1 'Harbour dredging starts\n\nPosted Friday.\n\nWork will last two weeks.\n\nOutside main.'
}

@test "ingest-html: a bad --html-main is a usage error" {
	run "$BIN/ingest" --html-main main "$DIR/soup.html"
	assert_equal "$status" 2
	assert_line --index 0 "ingest: --html-main: expected auto, article or body, not 'main'"
	run "$BIN/ingest" --help
	assert_output --partial '--html-main MODE'
}

@test "ingest-html: metadata precedence: each source gives way to the one before it" {
	page=$BATS_TEST_TMPDIR/meta.html
	cp "$DIR/meta-order.html" "$page"
	# title: og:title, JSON-LD headline, <title>, <h1>; published: article:published_time,
	# og:published_time, JSON-LD datePublished, <meta name=date>, <time datetime>; author:
	# <meta name=author>, article:author, JSON-LD author, rel=author, a "By NAME" block
	assert_equal "$(field 5)|$(field 3)|$(field 6)" "The og title|2024-05-01T10:00:00Z|Meta Author"
	sed -i -e '/og:title/d' -e '/article:published_time/d' -e '/name="author"/d' "$page"
	assert_equal "$(field 5)|$(field 3)|$(field 6)" "LD headline|2024-05-02T10:00:00Z|Article Author"
	sed -i -e '/og:published_time/d' -e '/article:author/d' "$page"
	assert_equal "$(field 5)|$(field 3)|$(field 6)" "LD headline|2024-05-04|LD Author"
	sed -i '/ld+json/d' "$page"
	assert_equal "$(field 5)|$(field 3)|$(field 6)" "Title tag | Site|2024-05-03|Rel Author"
	sed -i -e '/<title>/d' -e '/name="date"/d' -e 's|<p class="author-box">.*</p>||' "$page"
	assert_equal "$(field 5)|$(field 3)|$(field 6)" "The h1|2024-05-05|Byline Person"
	# the byline the author came from is not in the text
	assert_equal "$(field 7)" 'The h1\n\nText of the article, long enough to count as a paragraph.'
}

@test "ingest-html: JSON-LD: @graph, author arrays joined, escapes and surrogate pairs decoded, nested names ignored" {
	run_html meta-jsonld meta-jsonld.html
}

@test "ingest-html: an unterminated JSON-LD string gives nothing; rel=author and <meta name=date> fill in" {
	run_html meta-fallback meta-fallback.html
}

@test "ingest-html: <meta itemprop=datePublished> and the other names of <meta name=date> give the date" {
	page=$BATS_TEST_TMPDIR/date.html
	for meta in 'itemprop="datePublished"' 'name="pubdate"' 'name="DC.date.issued"' 'name="parsely-pub-date"'; do
		printf '<html><head><meta %s content="2024-04-04T04:04:04Z"></head><body><p>Text.</p></body></html>' "$meta" >"$page"
		assert_equal "$(field 3)" 2024-04-04T04:04:04Z
	done
	printf '<html><head><meta name="dates" content="2024-04-04"></head><body><p>Text.</p></body></html>' >"$page"
	assert_equal "$(field 3)" ''
}

@test "ingest-html: a 'By NAME and NAME' byline is the author and is not in the text" {
	run_html meta-byline meta-byline.html
}

@test "ingest-html: a sentence that starts with 'By' is not a byline" {
	page=$BATS_TEST_TMPDIR/by.html
	printf '<html><body><div class="story"><p>By Tuesday, the water had gone.</p><p>The river fell by two metres overnight, and the roads reopened, police said.</p></div></body></html>' >"$page"
	assert_equal "$(field 6)|$(field 7)" '|By Tuesday, the water had gone.\n\nThe river fell by two metres overnight, and the roads reopened, police said.'
}

@test "ingest-html: malformed and hostile JSON-LD: nothing invented, bounded" {
	page=$BATS_TEST_TMPDIR/ld.html
	for ld in '{"headline":' '{"headline":"a\' '[[[[{"author":' '"headline"' '{"author":{"name":[1,{"name":"X"}]}}' \
		'{"headline":"\ud800 lone \uZZZZ"}' '}}}]]]{"headline":"After junk"}'; do
		printf '<html><head><script type="application/ld+json">%s</script></head><body><p>Text.</p></body></html>' "$ld" >"$page"
		run "$BIN/ingest" "$page"
		assert_success
	done
	assert_equal "$(field 5)" 'After junk'
	printf '<html><head><script type="application/ld+json">{"headline":"\\ud800 lone \\uZZZZ"}</script></head><body></body></html>' >"$page"
	assert_equal "$(field 5)" $'\xef\xbf\xbd lone \xef\xbf\xbdZZZZ'
	# 10 MB of nesting and 10 MB of one string: read, bounded, nothing taken past the first MB
	{ printf '<html><head><script type="application/ld+json">'
	  head -c 5000000 /dev/zero | tr '\0' '['; head -c 5000000 /dev/zero | tr '\0' ']'
	  printf '{"headline":"Too late"}</script><script type="application/ld+json">{"author":"'
	  head -c 10000000 /dev/zero | tr '\0' 'a'; printf '"}</script></head><body><p>Body text.</p></body></html>'; } >"$page"
	run /usr/bin/time -f '%M' -o "$BATS_TEST_TMPDIR/peak" timeout 60 "$BIN/ingest" "$page"
	assert_success
	assert_line --index 1 --regexp $'^[0-9a-f]{16}\t\t\t\t\t\tBody text.$'
}

@test "ingest-html: 200,000 sibling <div>s: every one's text comes out, once" {
	page=$BATS_TEST_TMPDIR/divs.html
	awk 'BEGIN { printf "<html><body>"; for (i = 0; i < 200000; i++) printf "<div>Item number %d, with a comma.</div>", i
		printf "</body></html>\n" }' >"$page"
	run timeout 120 "$BIN/ingest" "$page"
	assert_success
	assert_equal "$(printf '%s\n' "$output" | sed -n 2p | cut -f7 | sed 's/\\n\\n/\n/g' | grep -c '^Item number [0-9]*, with a comma\.$')" 200000
}

@test "ingest-html: a class attribute of 1 MB is read and its words weighed (the comment goes)" {
	page=$BATS_TEST_TMPDIR/class.html
	{ printf '<html><body><div class="'; head -c 1000000 /dev/zero | tr '\0' 'x'; printf ' comment">Hidden comment text, long enough to be scored.</div>'
	  printf '<div class="story"><p>The story, long enough to be scored, with a comma.</p></div></body></html>'; } >"$page"
	run timeout 60 "$BIN/ingest" "$page"
	assert_success
	assert_line --index 1 --regexp $'\tThe story, long enough to be scored, with a comma.$'
	refute_output --partial 'Hidden comment'
}

@test "ingest-html: a no-break space alone between blocks is a blank, not a paragraph; one between two words stays (both modes)" {
	run_html nbsp nbsp.html
	run_html nbsp --html-main article nbsp.html
	grep -q $'2.40\xc2\xa0euros from 1\xc2\xa0March' "$DIR/nbsp.out"
}

@test "ingest-html: a page that declares no charset and is not UTF-8 is read as windows-1252; --verbose says so" {
	run_html cp1252-undeclared cp1252-undeclared.html
	run bash -c "cd '$DIR' && '$BIN/ingest' --verbose cp1252-undeclared.html 2>&1 >/dev/null"
	assert_output "ingest: cp1252-undeclared.html: encoding windows-1252 (from fallback)"
	run bash -c "cd '$DIR' && '$BIN/ingest' --verbose nbsp.html 2>&1 >/dev/null"
	assert_output "ingest: nbsp.html: encoding UTF-8 (from meta)"
}

@test "ingest-html: the site's name goes from a title, before or after the headline (og:site_name, the <h1>); a hyphen inside the headline stays" {
	run_html site-name site-name.html site-name-h1.html
}

@test "ingest-html: a title of 200,000 separators is kept whole, and in linear time (only the splits beside the headline or the site's name are tried)" {
	awk 'BEGIN { printf "<html><head><title>ab"; for (i = 0; i < 200000; i++) printf " - ab"
		printf "</title><meta property=\"og:site_name\" content=\"zz\"></head><body><h1>cd</h1><p>The story, with a comma, and a full stop.</p></body></html>" }' >"$BATS_TEST_TMPDIR/t.html"
	run bash -c "'$BIN/ingest' '$BATS_TEST_TMPDIR/t.html' | sed -n 2p | cut -f5 | wc -c"
	assert_output "1000003"
}
