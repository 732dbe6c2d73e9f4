#!/usr/bin/env bats
# ingest on the feeds of tests/fixtures/ingest/feeds: every RSS and Atom version, the elements
# feedparser reads, encodings. Each NAME.{rss,atom,xml} has its rows in NAME.expect (what
# feedparser reads in it, as ingest's rows) and its messages in NAME.err (none when absent).
# scripts/eval-ingest-feeds scores the same set.

load helpers

DIR=$FIXTURES/ingest/feeds

# run_feeds NAME...: ingest on each feed, in the fixtures directory (doc_ids hash the path when
# there is no url); stdout must be NAME.expect and stderr NAME.err, exactly.
run_feeds() {
	local name feed
	for name in "$@"; do
		feed=$(cd "$DIR" && ls "$name".rss "$name".atom "$name".xml 2>/dev/null | head -1)
		[ -n "$feed" ] || { echo "no feed named $name"; return 1; }
		(cd "$DIR" && "$BIN/ingest" "$feed" </dev/null) >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" && status=0 || status=$?
		[ "$status" -lt 128 ] || { echo "$name: crashed with status $status"; return 1; }
		[ "$status" -eq 0 ] || { echo "$name: exit status $status"; cat "$BATS_TEST_TMPDIR/err"; return 1; }
		diff -u "$DIR/$name.expect" "$BATS_TEST_TMPDIR/out" || { echo "in $name"; return 1; }
		if [ -f "$DIR/$name.err" ]; then
			diff -u "$DIR/$name.err" "$BATS_TEST_TMPDIR/err" || { echo "in $name"; return 1; }
		else
			diff -u /dev/null "$BATS_TEST_TMPDIR/err" || { echo "in $name"; return 1; }
		fi
	done
}

@test "ingest feeds: RSS 0.90, 0.91 (Netscape DTD), 0.92, 0.93, 0.94, 2.0 and 1.0 (items outside the channel)" {
	run_feeds rss090 rss091 rss092 rss093 rss094 rss20 rss10
}

@test "ingest feeds: an rss without a channel has its items read, silently (feedparser)" {
	run_feeds no-channel
}

@test "ingest feeds: Atom 1.0 and 0.3 (issued, modified, created; mode escaped and xml)" {
	run_feeds atom10 atom03
}

@test "ingest feeds: Atom 0.3 escaped titles and summaries are HTML when their type says so" {
	run_feeds escaped-title
}

@test "ingest feeds: base64 content decoded; a picture's content skipped for the summary" {
	run_feeds base64
}

@test "ingest feeds: RSS <body>, <xhtml:body> and <fullitem> are the item's content" {
	run_feeds body xhtml-body fullitem
}

@test "ingest feeds: namespaces, CDATA, HTML in descriptions, an item with only an enclosure" {
	run_feeds namespaces cdata html-description enclosure-only
}

@test "ingest feeds: dcterms issued, modified and created; dates in odd formats, RFC 850, ISO basic and asctime" {
	run_feeds dcterms odd-dates dates-old-forms
}

@test "ingest feeds: links resolved against xml:base (RFC 3986), RSS and Atom" {
	run_feeds xml-base xml-base-rss
}

@test "ingest feeds: prefixed roots (<rss:rss>, <atom:feed>) and an XHTML DOCTYPE before <rss>" {
	run_feeds prefixed-rss prefixed-atom xhtml-doctype
	# sniffed as a feed by its root element, from standard input too
	run bash -c "'$BIN/ingest' <'$DIR/xhtml-doctype.xml' | cut -f4,5"
	assert_success
	assert_line --index 1 $'https://doctype.example.org/depot\tBus depot moves north'
}

@test "ingest feeds: authors (RSS author as feedparser names it, dc:creator, itunes:author, Atom names joined)" {
	run_feeds authors authors-atom
}

@test "ingest feeds: UTF-8 with a BOM; UTF-16 and UTF-32 with a BOM, by their first bytes, without a declaration" {
	run_feeds utf8-bom utf16le-bom utf16be-bom utf16le utf16be utf16le-nodecl utf32le-bom utf32le utf32be
}

@test "ingest feeds: koi8-r declared; windows-1252 undeclared or under ISO-8859-1; undeclared koi8-r is read as windows-1252 (feedparser)" {
	run_feeds koi8r cp1252-declared cp1252-undeclared latin1-declared koi8r-undeclared utf8-declared-cp1252
}

@test "ingest feeds: UTF-8 with a stray byte stays UTF-8 (the byte becomes U+FFFD), not windows-1252" {
	# feedparser would read all of it as windows-1252 (CafÃ©): one bad byte should not cost the rest
	local f=$BATS_TEST_TMPDIR/stray.rss
	printf '<?xml version="1.0" encoding="UTF-8"?><rss><channel><item><title>Caf\xc3\xa9 \xe2\x80\x9cLe Port\xe2\x80\x9d 7 \xb0</title></item></channel></rss>' >"$f"
	run bash -c "'$BIN/ingest' -v '$f' 2>&1 >/dev/null"
	assert_output "ingest: $f: encoding UTF-8 (from declaration)
ingest: $f: warning: replaced 1 invalid UTF-8 sequence or NUL byte with U+FFFD"
	run bash -c "'$BIN/ingest' '$f' 2>/dev/null | cut -f5"
	assert_output $'title\nCaf\xc3\xa9 \xe2\x80\x9cLe Port\xe2\x80\x9d 7 \xef\xbf\xbd'
}

@test "ingest feeds: &#128;..&#159; are the windows-1252 characters; HTML entities and bare ampersands are read" {
	run_feeds charrefs html-entities malformed
}

@test "ingest feeds: -v and --verbose say on stderr the encoding of each feed and where it came from" {
	run bash -c "cd '$DIR' && '$BIN/ingest' -v utf8-bom.rss utf16le-bom.xml utf16be.xml utf32le.xml utf32be.xml koi8r.rss koi8r-undeclared.rss rss20.rss 2>&1 >/dev/null"
	assert_success
	assert_output "ingest: utf8-bom.rss: encoding UTF-8 (from BOM)
ingest: utf16le-bom.xml: encoding UTF-16LE (from BOM)
ingest: utf16be.xml: encoding UTF-16BE (from byte pattern)
ingest: utf32le.xml: encoding UTF-32LE (from byte pattern)
ingest: utf32be.xml: encoding UTF-32BE (from byte pattern)
ingest: koi8r.rss: encoding koi8-r (from declaration)
ingest: koi8r-undeclared.rss: encoding windows-1252 (from fallback)
ingest: rss20.rss: encoding UTF-8 (from declaration)"
	run bash -c "'$BIN/ingest' --verbose <'$DIR/cp1252-undeclared.rss' 2>&1 >/dev/null"
	assert_success
	assert_output "ingest: <stdin>: encoding windows-1252 (from fallback)"
	# without it, nothing
	run bash -c "cd '$DIR' && '$BIN/ingest' utf16le.xml 2>&1 >/dev/null"
	assert_success
	assert_output ""
}

@test "ingest feeds: an encoding iconv does not know falls back, with a warning" {
	local f=$BATS_TEST_TMPDIR/unknown.rss
	printf '<?xml version="1.0" encoding="x-no-such-charset"?><rss><channel><item><title>Caf\xe9</title></item></channel></rss>' >"$f"
	run bash -c "'$BIN/ingest' -v '$f' 2>&1 >/dev/null"
	assert_success
	assert_output "ingest: $f: warning: unknown encoding 'x-no-such-charset', read as windows-1252
ingest: $f: encoding windows-1252 (from fallback)"
	run bash -c "'$BIN/ingest' '$f' 2>/dev/null | cut -f5"
	assert_output $'title\nCafé'
}

@test "ingest feeds: invalid UTF-16 becomes U+FFFD with a warning, or an error with --strict" {
	local f=$BATS_TEST_TMPDIR/bad16.xml
	# a lone high surrogate (D800) inside the title
	{ printf '<rss><channel><item><title>A' | iconv -f UTF-8 -t UTF-16LE; printf '\x00\xd8'
	  printf 'B</title></item></channel></rss>' | iconv -f UTF-8 -t UTF-16LE; } >"$f"
	run bash -c "'$BIN/ingest' '$f' 2>/dev/null | cut -f5"
	assert_success
	assert_output $'title\nA\xef\xbf\xbdB'
	run bash -c "'$BIN/ingest' '$f' 2>&1 >/dev/null"
	assert_output "ingest: $f: warning: replaced 1 invalid UTF-8 sequence or NUL byte with U+FFFD"
	run "$BIN/ingest" --strict "$f"
	assert_failure 1
	assert_output --partial "ingest: $f: invalid UTF-16LE at byte 56"
}

@test "ingest feeds: a DTD's entities are still refused in a UTF-16 feed" {
	local f=$BATS_TEST_TMPDIR/lol16.xml
	printf '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE rss [<!ENTITY a "aaaa">]><rss><channel><item><title>&a;</title></item></channel></rss>' |
		iconv -f UTF-8 -t UTF-16LE >"$f"
	run "$BIN/ingest" "$f"
	assert_failure 1
	assert_output --partial "ingest: $f: refused: the DTD declares entities (as billion laughs does); entities are never expanded"
	refute_output --partial "aaaa"
}

@test "ingest feeds: hostile xml:base (long, on a million items) and base64 stay bounded" {
	local d=$BATS_TEST_TMPDIR
	awk 'BEGIN { printf "<rss><channel xml:base=\"http://x.example/"; for (i = 0; i < 3000; i++) printf "a"
		printf "/\">"; for (i = 0; i < 200000; i++) printf "<item xml:base=\"b/\"><title>t</title><link>c</link></item>"
		printf "</channel></rss>" }' >"$d/bases.rss"
	run timeout 30 "$BIN/ingest" "$d/bases.rss"
	assert_success
	# a base longer than 2048 bytes is ignored: the item's own is relative to none
	assert_line --index 1 --regexp $'\t\t\tb/c\tt\t\t$'
	{ printf '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title>B64</title><content type="text/plain" mode="base64">'
	  head -c 3000000 /dev/zero | tr '\0' a | base64 -w 76; printf '</content></entry></feed>'; } >"$d/b64.atom"
	run bash -c "timeout 30 '$BIN/ingest' '$d/b64.atom' | cut -f5,7 | tail -1 | cut -c1-12"
	assert_success
	assert_output $'B64\taaaaaaaa'
}

@test "ingest feeds: a million bare ampersands and HTML entities are repaired in one pass" {
	local f=$BATS_TEST_TMPDIR/bare.rss
	awk 'BEGIN { printf "<rss><channel><item><title>Bare</title><description>"; for (i = 0; i < 1000000; i++) printf "a & b &eacute; "
		printf "</description></item></channel></rss>" }' >"$f"
	run bash -c "timeout 30 '$BIN/ingest' '$f' 2>/dev/null | cut -f5,7 | tail -1 | cut -c1-22"
	assert_success
	assert_output $'Bare\ta & b \xc3\xa9 a & b \xc3\xa9'
	run bash -c "timeout 30 '$BIN/ingest' '$f' 2>&1 >/dev/null"
	assert_output "ingest: $f:1: warning: malformed XML: a bare '&' or an HTML entity, read as text"
}

@test "ingest feeds: --help lists -v, --verbose" {
	run "$BIN/ingest" --help
	assert_success
	assert_line "  -v, --verbose           print the encoding each feed or page was read in on stderr"
	run "$BIN/ingest" --verbose=yes
	assert_failure 2
}
