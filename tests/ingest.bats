#!/usr/bin/env bats
# ingest: documents in, document rows out. Fixtures are in tests/fixtures/ingest; the tool runs
# inside that directory so that paths, and the doc_ids made from them, are the same everywhere.

load helpers

DIR=$FIXTURES/ingest

# run_ingest CASE ARGS...: runs ingest ARGS (no stdin) in the fixtures directory and compares
# stdout with CASE.out and stderr with CASE.err (empty when there is none), like run_case.
run_ingest() {
	local case=$1
	shift
	(cd "$DIR" && "$BIN/ingest" "$@" </dev/null) >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" && status=0 || status=$?
	[ "$status" -lt 128 ] || { echo "crashed with status $status"; cat "$BATS_TEST_TMPDIR/err"; return 1; }
	diff -u "$DIR/$case.out" "$BATS_TEST_TMPDIR/out"
	if [ -f "$DIR/$case.err" ]; then
		diff -u "$DIR/$case.err" "$BATS_TEST_TMPDIR/err"
	else
		diff -u /dev/null "$BATS_TEST_TMPDIR/err"
	fi
}

HEADER=$'doc_id\tsource\tpublished\turl\ttitle\tauthor\ttext'

@test "ingest: text files are one document each; BOM, CRLF and trailing blanks go" {
	run_ingest text-files text-a.txt text-b.txt
	assert_equal "$status" 0
	! grep -q $'\r' "$BATS_TEST_TMPDIR/out" || false
}

@test "ingest: doc_ids are stable across runs and depend on the source" {
	run_ingest text-files text-a.txt text-b.txt
	run bash -c "cd '$DIR' && '$BIN/ingest' --source Desk text-a.txt | cut -f1,2 | tail -1"
	assert_success
	refute_output --partial "$(sed -n 2p "$DIR/text-files.out" | cut -f1)"
	assert_output --regexp $'^[0-9a-f]{16}\tDesk$'
}

@test "ingest: a directory is its files, recursively, in byte order, hidden ones skipped" {
	run_ingest tree tree.d
	assert_equal "$status" 0
	run_ingest tree tree.d/
	assert_equal "$status" 0
}

@test "ingest: standard input is one document" {
	run_case ingest stdin
	assert_equal "$status" 0
	run_case ingest stdin -
	assert_equal "$status" 0
}

@test "ingest: the manifest lists the files and their metadata; a dateline fills the gaps" {
	run_ingest manifest --manifest manifest.d/manifest.tsv
	assert_equal "$status" 0
}

@test "ingest: the command line wins over the manifest" {
	run_ingest manifest-source --manifest manifest.d/manifest.tsv --source Desk --title Same
	assert_equal "$status" 0
}

@test "ingest: files named with a manifest get its metadata, however they are spelt" {
	run bash -c "cd '$DIR' && '$BIN/ingest' --manifest manifest.d/manifest.tsv ./manifest.d/../manifest.d/docs/tass.txt"
	assert_success
	assert_output "$(sed -n '1p;3p' "$DIR/manifest.out")"
}

@test "ingest: a directory read with its manifest leaves the manifest out" {
	run_ingest manifest-dir --manifest manifest.d/manifest.tsv manifest.d
	assert_equal "$status" 0
}

@test "ingest: RSS 2.0 items with HTML descriptions, content:encoded, guid and dc:date" {
	run_ingest feed-rss feed.rss
	assert_equal "$status" 0
}

@test "ingest: Atom entries with xhtml, html and text content" {
	run_ingest feed-atom feed.atom
	assert_equal "$status" 0
}

@test "ingest: HTML pages give their article text, title, canonical url and date" {
	run_ingest page page.html page-time.html
	assert_equal "$status" 0
	! grep -q -e 'not text' -e 'Home' -e 'Subscribe' -e 'Hidden' -e 'Copyright' "$BATS_TEST_TMPDIR/out" || false
}

@test "ingest: a page without an extension is recognised by its first bytes; --format overrides" {
	run bash -c "cd '$DIR' && '$BIN/ingest' sniffed-page | cut -f2-"
	assert_success
	assert_output "$(cut -f2- "$DIR/page.out" | sed -n 1,2p)"
	run bash -c "cd '$DIR' && '$BIN/ingest' --format text sniffed-page | cut -f7"
	assert_success
	assert_line --index 1 --partial '<!DOCTYPE html>\n<html lang="en">'
}

@test "ingest: CSV with quoted multi-line fields" {
	run_ingest table-csv table.csv
	assert_equal "$status" 0
	run bash -c "'$BIN/ingest' --csv <'$DIR/table.csv' | cut -f2-"
	assert_success
	assert_output "$(cut -f2- "$DIR/table-csv.out")"
}

@test "ingest: TSV keeps doc_id when present and unescapes its fields" {
	run_ingest table-tsv table.tsv
	assert_equal "$status" 0
}

@test "ingest: a table without its text column is reported, the rest still read" {
	run_ingest text-a-missing-column manifest.d/manifest.tsv text-a.txt
	assert_equal "$status" 1
}

@test "ingest: datelines give the agency and, with a year, the date" {
	run_ingest dateline dateline-tass.txt dateline-reuters.txt dateline-ap.txt dateline-plain.txt
	assert_equal "$status" 0
}

@test "ingest: a dateline without a year takes it from a published year" {
	run_ingest dateline-year --published 2022 dateline-tass.txt dateline-reuters.txt dateline-plain.txt
	assert_equal "$status" 0
}

@test "ingest: --no-dateline leaves source and date alone" {
	run bash -c "cd '$DIR' && '$BIN/ingest' --no-dateline dateline-ap.txt | cut -f2,3"
	assert_success
	assert_line --index 1 $'\t'
}

@test "ingest: text becomes NFC (a decomposed e-acute is composed)" {
	run_case ingest nfc
	assert_equal "$status" 0
	grep -q $'Montr\xc3\xa9al' "$BATS_TEST_TMPDIR/out"
	! grep -q $'\xcc\x81' "$BATS_TEST_TMPDIR/out" || false
}

@test "ingest: invalid UTF-8 becomes U+FFFD with one warning" {
	run_case ingest invalid
	assert_equal "$status" 0
}

@test "ingest: invalid UTF-8 is an error with --strict" {
	run "$BIN/ingest" --strict <"$DIR/invalid.in"
	assert_equal "$status" 1
	assert_output "$HEADER
ingest: <stdin>: invalid UTF-8 or NUL byte in the text at byte 16"
}

@test "ingest: NUL bytes become U+FFFD, or an error with --strict" {
	run_case ingest nul
	assert_equal "$status" 0
	run "$BIN/ingest" --strict <"$DIR/nul.in"
	assert_equal "$status" 1
	assert_line "ingest: <stdin>: invalid UTF-8 or NUL byte in the text at byte 8"
}

@test "ingest: an empty file or empty standard input is no document: the header alone" {
	run_ingest header-only empty.txt
	assert_equal "$status" 0
	run_case ingest empty
	assert_equal "$status" 0
}

@test "ingest: a missing file is reported, the others are still read, exit 1" {
	run_ingest text-files-missing text-a.txt /nonexistent/x.txt text-b.txt
	assert_equal "$status" 1
}

@test "ingest: billion laughs is refused, quickly and without expanding" {
	run timeout 10 "$BIN/ingest" "$DIR/lol.xml"
	assert_equal "$status" 1
	assert_output "$HEADER
ingest: $DIR/lol.xml: refused: the DTD declares entities (as billion laughs does); entities are never expanded"
}

@test "ingest: external entities (file and http) are refused, never read or fetched" {
	run_ingest xxe xxe-file.rss xxe-http.rss
	assert_equal "$status" 1
	! grep -q 'root:' "$BATS_TEST_TMPDIR/out" || false
}

@test "ingest: an external DTD is not loaded and the feed is read" {
	run_ingest external-dtd external-dtd.rss
	assert_equal "$status" 0
}

@test "ingest: a malformed feed is read as far as it goes, with a warning" {
	run_ingest malformed malformed.rss
	assert_equal "$status" 0
}

@test "ingest: XML that is not a feed is an error" {
	run_ingest not-a-feed not-a-feed.xml
	assert_equal "$status" 1
}

@test "ingest: a document over --max-doc is refused with a clear message" {
	head -c 2097152 /dev/zero | tr '\0' 'a' >"$BATS_TEST_TMPDIR/big.txt"
	run "$BIN/ingest" --max-doc 1M "$BATS_TEST_TMPDIR/big.txt" "$DIR/text-a.txt"
	assert_equal "$status" 1
	assert_line "ingest: $BATS_TEST_TMPDIR/big.txt: 2097152 bytes, more than --max-doc 1M allows"
	assert_line --index 2 --partial "Ministers met in Geneva"
	run bash -c "cat '$BATS_TEST_TMPDIR/big.txt' | '$BIN/ingest' --max-doc 1M"
	assert_equal "$status" 1
	assert_line "ingest: <stdin>: more bytes than --max-doc 1M allows"
}

@test "ingest: --help, --version and usage errors" {
	run "$BIN/ingest" --help
	assert_success
	assert_line --index 0 "Usage: ingest [OPTIONS] [FILE|DIR|-]..."
	assert_line "  ingest --manifest seeds/manifest.tsv | segment"
	run "$BIN/ingest" --version
	assert_success
	assert_output --regexp '^ingest \(crosscheck\) [0-9.]+$'
	run "$BIN/ingest" --no-such-option
	assert_equal "$status" 2
	assert_output --partial "Try 'ingest --help'"
	run "$BIN/ingest" --format pdf
	assert_equal "$status" 2
	assert_line --index 0 "ingest: --format: expected text, rss, atom, html, csv, tsv or auto, not 'pdf'"
	run "$BIN/ingest" --published yesterday
	assert_equal "$status" 2
	assert_line --index 0 "ingest: --published: expected a date such as 2022-02-21, not 'yesterday'"
	run "$BIN/ingest" --max-doc lots
	assert_equal "$status" 2
	run "$BIN/ingest" --csv --format html
	assert_equal "$status" 2
}

@test "ingest: a manifest that cannot be read is an error" {
	run "$BIN/ingest" --manifest /nonexistent/manifest.tsv
	assert_equal "$status" 1
	assert_output "ingest: /nonexistent/manifest.tsv: cannot open the manifest: No such file or directory"
	printf 'file\tsource\nx.txt\tS\textra\n' >"$BATS_TEST_TMPDIR/m.tsv"
	run "$BIN/ingest" --manifest "$BATS_TEST_TMPDIR/m.tsv"
	assert_equal "$status" 1
	assert_output "ingest: $BATS_TEST_TMPDIR/m.tsv:2: expected 2 fields, found 3"
	printf 'path\tsource\nx.txt\tS\n' >"$BATS_TEST_TMPDIR/m.tsv"
	run "$BIN/ingest" --manifest "$BATS_TEST_TMPDIR/m.tsv"
	assert_equal "$status" 2
	assert_output "ingest: no column 'file' in input (columns: path, source)"
}

@test "ingest: a closed pipe ends quietly" {
	yes "$(printf 'd\tS\t2022-02-21\thttp://x\tT\tMacron spoke to Putin on Sunday. They agreed.')" | head -200000 |
		sed '1i doc_id\tsource\tpublished\turl\ttitle\ttext' >"$BATS_TEST_TMPDIR/big.tsv"
	run bash -c "set -o pipefail; '$BIN/ingest' '$BATS_TEST_TMPDIR/big.tsv' | head -1"
	assert_success
	assert_output "$HEADER"
}

@test "ingest: a full disk exits 1 with a message" {
	run bash -c "'$BIN/ingest' '$DIR/text-a.txt' >/dev/full"
	assert_equal "$status" 1
	assert_output "ingest: write error: No space left on device"
}

@test "ingest: the seeds: five documents with the manifest's source and date, stable ids" {
	[ -f "$SHARED/seeds/manifest.tsv" ] || skip "no ../shared/seeds"
	run "$BIN/ingest" --manifest "$SHARED/seeds/manifest.tsv"
	assert_success
	assert_equal "${#lines[@]}" 6
	local first=$output
	diff -u <(tail -n +2 "$SHARED/seeds/manifest.tsv" | cut -f2,3) <(printf '%s\n' "$first" | tail -n +2 | cut -f2,3)
	run "$BIN/ingest" --manifest "$SHARED/seeds/manifest.tsv"
	assert_equal "$output" "$first"
	! printf '%s\n' "$first" | tail -n +2 | cut -f7 | grep -q '^$' || false
}

@test "ingest: libxml2's limits (depth 256, 10 MB text) cut with a warning, never crash" {
	{ printf '<html><body>'; printf '<div>%.0s' $(seq 300); printf 'deep'; printf '</div>%.0s' $(seq 300)
	  printf '</body></html>\n'; } >"$BATS_TEST_TMPDIR/deep.html"
	run "$BIN/ingest" "$BATS_TEST_TMPDIR/deep.html"
	assert_success
	assert_line "ingest: $BATS_TEST_TMPDIR/deep.html:1: warning: HTML read as far as it goes: Excessive depth in document: 256 use XML_PARSE_HUGE option"
	{ printf '<rss><channel><item><title>Big</title><description>'; head -c 10500000 /dev/zero | tr '\0' a
	  printf '</description></item></channel></rss>'; } >"$BATS_TEST_TMPDIR/big.rss"
	run bash -c "'$BIN/ingest' '$BATS_TEST_TMPDIR/big.rss' 2>&1 >/dev/null"
	assert_success
	assert_output "ingest: $BATS_TEST_TMPDIR/big.rss: warning: a text longer than 10000000 bytes was cut there (libxml2's limit)"
}

# run_bounded SECONDS ARGS...: runs ingest ARGS under `timeout SECONDS` (a hang fails instead of
# stalling the suite), with its peak RSS in KB left in $peak_kb (/usr/bin/time -f %M). Under
# ASan (make test SAN=1) freed memory is kept in quarantine, which would count: none is kept.
run_bounded() {
	local seconds=$1
	shift
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0 \
		run /usr/bin/time -f '%M' -o "$BATS_TEST_TMPDIR/peak" timeout "$seconds" "$BIN/ingest" "$@"
	peak_kb=$(tail -1 "$BATS_TEST_TMPDIR/peak")
}

@test "ingest: 200,000 attributes on one element end the read at once, with a warning (issue 9)" {
	local page=$BATS_TEST_TMPDIR/attrs.html feed=$BATS_TEST_TMPDIR/attrs.rss
	awk 'BEGIN { printf "<html><body><p>Before the tag.</p><p"; for (i = 0; i < 200000; i++) printf " a%d=\"x\"", i
		printf ">Unreachable.</p></body></html>\n" }' >"$page"
	run_bounded 20 "$page"
	assert_success
	assert_line "ingest: $page:1: warning: HTML read as far as it goes: an element with more than 256 attributes"
	assert_line --regexp $'^[0-9a-f]{16}\t\t\t\t\t\tBefore the tag.$'
	refute_output --partial Unreachable
	[ "$peak_kb" -lt 64000 ]
	awk 'BEGIN { printf "<rss><channel><item><title>Before</title></item><item><title"; for (i = 0; i < 200000; i++)
		printf " a%d=\"x\"", i; printf ">Unreachable</title></item></channel></rss>\n" }' >"$feed"
	run_bounded 20 "$feed"
	assert_success
	assert_line "ingest: $feed:1: warning: feed read as far as it goes: an element with more than 256 attributes"
	assert_line --regexp $'^[0-9a-f]{16}\t\t\t\tBefore\t\t$'
	refute_output --partial Unreachable
	[ "$peak_kb" -lt 64000 ]
}

@test "ingest: 100,000-deep nesting, many entities and namespaces end quickly, with a warning (issue 9)" {
	local d=$BATS_TEST_TMPDIR
	awk 'BEGIN { printf "<html><body><p>Shallow.</p>"; for (i = 0; i < 100000; i++) printf "<div>"; printf "deep</body></html>" }' >"$d/deep.html"
	run_bounded 20 "$d/deep.html"
	assert_success
	assert_line "ingest: $d/deep.html:1: warning: HTML read as far as it goes: Excessive depth in document: 256 use XML_PARSE_HUGE option"
	assert_line --regexp $'\tShallow.$'
	awk 'BEGIN { printf "<rss><channel><item><title>Deep</title><description>"; for (i = 0; i < 100000; i++) printf "&lt;b&gt;"
		printf "x</description></item></channel></rss>" }' >"$d/deep.rss"
	run_bounded 20 "$d/deep.rss"
	assert_success
	assert_line "ingest: $d/deep.rss: warning: the HTML of an item read as far as it goes: Excessive depth in document: 256 use XML_PARSE_HUGE option"
	assert_line --regexp $'\tDeep\t\t$'
	awk 'BEGIN { printf "<rss><channel><item><title>Amp</title><description>"; for (i = 0; i < 1000000; i++) printf "&amp;amp;"
		printf "</description></item></channel></rss>" }' >"$d/amp.rss"
	run_bounded 20 "$d/amp.rss"
	assert_success
	[ "$(tail -1 <<<"$output" | cut -f7 | wc -c)" -eq 1000001 ]
	awk 'BEGIN { printf "<rss><channel><item><title>First</title></item><item><title>Second</title><description>"
		for (i = 0; i < 200; i++) { printf "<x"; for (j = 0; j < 100; j++) printf " xmlns:p%d=\"u\"", j; printf ">" }
		for (i = 0; i < 1000000; i++) printf "<y/>"; printf "</description></item></channel></rss>" }' >"$d/ns.rss"
	run_bounded 20 "$d/ns.rss"
	assert_success
	assert_line "ingest: $d/ns.rss:1: warning: feed read as far as it goes: more than 160 namespaces in scope"
	assert_line --regexp $'\tFirst\t\t$'
	assert_line --regexp $'\tSecond\t\t$'
}

@test "ingest: 20 MB of <i></i> in a page or a feed take about twice their size, not 25 times (issue 11)" {
	local d=$BATS_TEST_TMPDIR
	yes '<i></i>' | head -n 3000000 | tr -d '\n' >"$d/ii"
	{ printf '<html><body><p>Start '; cat "$d/ii"; printf ' end.</p></body></html>\n'; } >"$d/ii.html"
	run_bounded 60 "$d/ii.html"
	assert_success
	assert_line --regexp $'^[0-9a-f]{16}\t\t\t\t\t\tStart end.$'
	[ "$peak_kb" -lt 100000 ]
	{ printf '<rss><channel><item><title>Tags</title><description>Start '; cat "$d/ii"; printf ' end.</description></item></channel></rss>\n'; } >"$d/ii.rss"
	run_bounded 60 "$d/ii.rss"
	assert_success
	assert_line --regexp $'\tTags\t\tStart end.$'
	[ "$peak_kb" -lt 100000 ]
	# the HTML of an item, in CDATA (which libxml2 holds to 10 MB)
	{ printf '<rss><channel><item><title>Escaped</title><description><![CDATA[Start '; head -c 8999998 "$d/ii"
	  printf ' end.]]></description></item></channel></rss>\n'; } >"$d/ii-html.rss"
	run_bounded 60 "$d/ii-html.rss"
	assert_success
	assert_line --regexp $'\tEscaped\t\tStart end.$'
	[ "$peak_kb" -lt 100000 ]
}

@test "ingest: malformed feeds read as far as they go (unended tags, no channel, a stray <)" {
	# the items of an rss without a channel, and those after its channel, are read (feedparser)
	run_ingest recovered-feeds unended-tag.rss no-channel.rss stray-lt.rss
	assert_equal "$status" 0
}

@test "ingest: malformed pages read as libxml2's tree had them (after the root, bad encodings, ms:p)" {
	run_ingest recovered-pages after-root.html after-root-doctype.html bad-encoding.html prefixed-names.html
	assert_equal "$status" 1
}

@test "ingest: the manifest's author column fills author; --author wins over it" {
	run_ingest manifest-author --manifest manifest-author.tsv
	assert_equal "$status" 0
	run_ingest manifest-author-given --manifest manifest-author.tsv --author "Desk Editor"
	assert_equal "$status" 0
}
