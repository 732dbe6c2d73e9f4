#!/usr/bin/env bats
# segment: one case per rule (tests/fixtures/segment/<case>.in -> .out), the offsets property on a
# generated input, and the defined behaviour on bad and huge input.

load helpers

@test "segment: abbreviations (titles, companies, states, months, U.S., No., vs., e.g., etc.)" {
	run_case segment abbreviations
	assert_equal "$status" 0
}

@test "segment: initials (J. R. R. Tolkien, these U. S., P. Simmons though p. 12 is an abbreviation) and Plan B. at a sentence end" {
	run_case segment initials
	assert_equal "$status" 0
}

@test "segment: decimals and times (5.93, 11 p.m. Paris time, 1:00 am, 9 a.m. The)" {
	run_case segment numbers
	assert_equal "$status" 0
}

@test "segment: numbered list markers" {
	run_case segment lists
	assert_equal "$status" 0
}

@test "segment: ellipses (..., ..., . . ., . ..)" {
	run_case segment ellipsis
	assert_equal "$status" 0
}

@test "segment: sentences ending inside quotes and brackets" {
	run_case segment quotes
	assert_equal "$status" 0
}

@test "segment: citation markers and footnote numbers after the full stop belong to the sentence" {
	run_case segment citations
	assert_equal "$status" 0
}

@test "segment: headlines and bullets without a full stop, blank lines, live-blog lines" {
	run_case segment headlines
	assert_equal "$status" 0
}

@test "segment: a hard-wrapped text: line ends are not boundaries, a short line is" {
	run_case segment wrapped
	assert_equal "$status" 0
}

@test "segment: Reuters style: wrapped lines, indented paragraphs" {
	run_case segment indented
	assert_equal "$status" 0
}

@test "segment: speech broken off at a dash before a sentence starter (not The, A, I; not after a label)" {
	run_case segment dialogue
	assert_equal "$status" 0
}

@test "segment: an e-mail address ends a contact field or a line before a sentence starter" {
	run_case segment contact
	assert_equal "$status" 0
}

@test "segment: a full stop after a long lower-case word ends a sentence before a lower-case one" {
	run_case segment informal
	assert_equal "$status" 0
}

@test "segment: a caption label (Figure 1.5, Table 2) opening a paragraph is a sentence of its own" {
	run_case segment captions
	assert_equal "$status" 0
}

@test "segment: a greeting (Hi, Dear all,) before a sentence starter is a sentence; before a name it is not" {
	run_case segment greetings
	assert_equal "$status" 0
}

@test "segment: URLs and e-mail addresses never split; a line of links is a sentence each" {
	run_case segment urls
	assert_equal "$status" 0
}

@test "segment: ? and ! end sentences, but not before a lower-case word after a quote" {
	run_case segment questions
	assert_equal "$status" 0
}

@test "segment: a lower-case word after a full stop continues the sentence, unless it opens one" {
	run_case segment lowercase
	assert_equal "$status" 0
}

@test "segment: Cyrillic text, initials and abbreviations" {
	run_case segment cyrillic
	assert_equal "$status" 0
}

@test "segment: datelines" {
	run_case segment datelines
	assert_equal "$status" 0
}

@test "segment: e-mail closings, address and time stamp lines" {
	run_case segment email
	assert_equal "$status" 0
}

@test "segment: web text: emoticons end sentences, separator lines stand alone" {
	run_case segment web
	assert_equal "$status" 0
}

@test "segment: a sentence ending in a blank and a 2-byte character keeps its last byte (t ߍ, Un café à, Это я)" {
	run_case segment utf8-end
	assert_equal "$status" 0
}

@test "segment: a text opening with a caption (Fig. 2 S) gives the caption, then the rest, no crash" {
	run_case segment caption-first
	assert_equal "$status" 0
}

@test "segment: dashes inside an e-mail address that ends a sentence are not a separator line" {
	run_case segment email-dashes
	assert_equal "$status" 0
}

@test "segment: a space character other than the blank (NBSP, thin space) before a word counts as the blank does" {
	run_case segment space-chars
	assert_equal "$status" 0
}

@test "segment: an empty or blank text gives no sentence" {
	run_case segment empty
	assert_equal "$status" 0
}

@test "segment: --with-title emits the title as sentence 0; -t names the column; others copied" {
	run_case segment title --with-title -t body
	assert_equal "$status" 0
}

@test "segment: --with-title without a title column is a usage error" {
	run "$BIN/segment" --with-title < <(printf 'doc_id\ttext\nd1\tOne.\n')
	assert_equal "$status" 2
	assert_output --partial "segment: no column 'title' in input (columns: doc_id, text)"
}

@test "segment: header only gives the header with the new columns" {
	run_case segment header-only
	assert_equal "$status" 0
}

@test "segment: CRLF line ends and a BOM are dropped" {
	run_case segment crlf-bom
	assert_equal "$status" 0
}

@test "segment: invalid UTF-8 and NUL bytes become U+FFFD with one warning" {
	run_case segment invalid-utf8
	assert_equal "$status" 0
}

@test "segment: --strict makes invalid UTF-8 an error" {
	run "$BIN/segment" --strict <"$FIXTURES/segment/invalid-utf8.in"
	assert_equal "$status" 1
	assert_line "segment: <stdin>:2: column 'text': invalid UTF-8 or NUL byte"
}

@test "segment: missing data files are a clear error" {
	CROSSCHECK_DATA=/nonexistent run "$BIN/segment" <"$FIXTURES/segment/empty.in"
	assert_equal "$status" 1
	assert_output --partial "segment: cannot find data file 'segment/abbrev-nonfinal.txt'"
}

# Documents built from sentence pieces chosen to hit every rule, with wraps, blank lines and
# indentation; every row must slice back out of its document, in order, and cover all of it.
@test "segment: start and end slice the document back to the sentence; no document lost" {
	awk 'BEGIN {
		srand(7)
		n = split("Mr. Smith met Gen. Lee.|It rose 5.93 pct.|At 11 p.m. Paris time (1 a.m. Moscow time) they spoke.|“It is war,” he said.|See www.example.com/a.b now!|Why?|J. R. R. Tolkien wrote it.|The U.S. The end...|Done [17]|Путин сказал. Да.|• bullet|Headline without stop|Tab\\there. Backslash \\\\ too.|e.g. this, i.e. that, etc.|Reuters style", piece, "|")
		print "doc_id\ttext"
		for (d = 1; d <= 3000; d++) {
			t = ""
			k = 1 + int(rand() * 25)
			for (i = 0; i < k; i++) {
				r = rand()
				sep = r < .6 ? " " : r < .75 ? "\\n" : r < .85 ? "\\n\\n" : r < .95 ? "\\n    " : "  "
				t = t (i ? sep : "") piece[1 + int(rand() * n)]
			}
			print "doc" d "\t" t
		}
	}' >"$BATS_TEST_TMPDIR/in"
	"$BIN/segment" <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out"
	awk -F'\t' '
	function unescape(s,   out, i, c) {
		out = ""
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c == "\\") {
				i++
				c = substr(s, i, 1)
				c = c == "n" ? "\n" : c == "t" ? "\t" : c == "r" ? "\r" : c
			}
			out = out c
		}
		return out
	}
	FNR == NR { if (FNR > 1) doc[$1] = unescape($2); next }
	FNR == 1 { next }
	{
		t = unescape($2)
		if (substr(doc[$1], $4 + 1, $5 - $4) != t) { print "bad slice: " $0; bad++ }
		if ($1 != last) { if ($3 != 1) { print "first sentence not 1: " $0; bad++ } ; seen[$1] = 1; prev_end = 0 }
		else if ($3 != prev_sent + 1 || $4 < prev_end) { print "out of order: " $0; bad++ }
		gap = substr(doc[$1], prev_end + 1, $4 - prev_end)
		if (gap ~ /[^ \n\t]/) { print "text lost before: " $0; bad++ }
		if (t ~ /^[ \n\t]/ || t ~ /[ \n\t]$/) { print "untrimmed: " $0; bad++ }
		last = $1; prev_sent = $3; prev_end = $5; rows++
	}
	END {
		for (d in doc) if (!(d in seen)) { print "lost document " d; bad++ }
		if (rows < 3000) { print "too few rows"; bad++ }
		exit bad > 0
	}' "$BATS_TEST_TMPDIR/in" "$BATS_TEST_TMPDIR/out"
}

@test "segment: a 100 MB field is an error with the default --max-field" {
	{ printf 'doc_id\ttext\nd1\t'; yes 'Dr. Smith met Mr. Jones at 5 p.m. on Feb. 24. They talked.' | head -c 100000000 | tr '\n' ' '; echo; } >"$BATS_TEST_TMPDIR/big"
	run "$BIN/segment" <"$BATS_TEST_TMPDIR/big"
	assert_equal "$status" 1
	assert_line "segment: <stdin>:2: line longer than 67108864 bytes (see --max-field)"
	run bash -c "/usr/bin/time -f '%M' '$BIN/segment' --max-field 200M <'$BATS_TEST_TMPDIR/big' 2>'$BATS_TEST_TMPDIR/rss' | awk -F'\t' 'END { print NR, \$3 }'"
	assert_success
	assert_output "3389832 3389831" # 1694915 whole repeats of 59 bytes, 2 sentences each, and a part
	# the line is held once, with the reader's doubling: bounded by the field, not by the output
	[ "$(tail -1 "$BATS_TEST_TMPDIR/rss")" -lt 400000 ]
}

@test "segment: | head -1 ends quietly" {
	yes "$(printf 'd\tMacron spoke to Putin on Sunday. They agreed.')" | head -100000 |
		sed '1i doc_id\ttext' >"$BATS_TEST_TMPDIR/many"
	run bash -c "set -o pipefail; '$BIN/segment' <'$BATS_TEST_TMPDIR/many' | head -1"
	assert_success
	assert_output "$(printf 'doc_id\ttext\tsent\tstart\tend\tpara')"
}

@test "segment: a full disk exits 1 with a message" {
	run bash -c "'$BIN/segment' <'$FIXTURES/segment/quotes.in' >/dev/full"
	assert_equal "$status" 1
	assert_output "segment: write error: No space left on device"
}

@test "segment: the seeds: headlines stand alone, times and abbreviations unsplit, offsets exact" {
	[ -f "$SHARED/seeds/manifest.tsv" ] || skip "../shared/seeds is absent"
	"$BIN/ingest" --manifest "$SHARED/seeds/manifest.tsv" >"$BATS_TEST_TMPDIR/docs"
	"$BIN/segment" <"$BATS_TEST_TMPDIR/docs" >"$BATS_TEST_TMPDIR/sents"
	# every row slices its document back to its sentence (both still escaped alike)
	awk -F'\t' '
	function unescape(s) { gsub(/\\\\/, "\001", s); gsub(/\\n/, "\n", s); gsub(/\\t/, "\t", s); gsub(/\001/, "\\", s); return s }
	FNR == NR { if (FNR > 1) doc[$1] = unescape($7); next }
	FNR == 1 { next }
	{ if (substr(doc[$1], $9 + 1, $10 - $9) != unescape($7)) { print "bad slice: " $0; bad++ }; n++ }
	END { if (n < 300) { print "only " n " sentences"; bad++ }; exit bad > 0 }' "$BATS_TEST_TMPDIR/docs" "$BATS_TEST_TMPDIR/sents"
	cut -f7 "$BATS_TEST_TMPDIR/sents" >"$BATS_TEST_TMPDIR/text"
	grep -qF 'started at 11 p.m. Paris time (1 a.m. Moscow time).”' "$BATS_TEST_TMPDIR/text"
	grep -qx 'That is 5 p.m. ET on Sunday.' "$BATS_TEST_TMPDIR/text"
	grep -q 'meeting on Feb. 24.$' "$BATS_TEST_TMPDIR/text"
	run grep -E '(Mr|Feb|p\.m|a\.m)\.$' "$BATS_TEST_TMPDIR/text"
	assert_failure
	[ "$(grep -c 'Mr\. Putin' "$BATS_TEST_TMPDIR/text")" -ge 1 ]
	# live-blog headlines, with no full stop, are sentences of their own
	grep -qx 'Macron spoke with Putin for a second time on Sunday' "$BATS_TEST_TMPDIR/text"
	grep -qx 'Where things stand' "$BATS_TEST_TMPDIR/text"
	grep -qx 'Macron discusses crisis with Zelensky' "$BATS_TEST_TMPDIR/text"
}

# hostile_docs SEED DOCS: document rows (doc_id, text) built from pieces that hit every rule and
# every kind of white space and multi-byte character, joined by blanks, line ends, blank lines and
# indentation, with now and then a piece repeated into a long run ("a://a://...", " -- -- ...",
# "((((", "....", a long first word): hostile input for the boundary rules.
hostile_docs() {
	awk -v seed="$1" -v docs="$2" 'BEGIN {
		srand(seed)
		n = split("Mr. Smith met Gen. Lee.|It rose 5.93 pct. in May.|the U.S. The|J. R. R. Tolkien|Fig. 2 S|Figure 1.5 Residents|Table 3|a@b.c----- Our|anna@example.com Our office|Email: anna@example.com Site|Anna <anna@example.com> wrote|<< File: x >> The|08/15/2000 06:23 PM|http://x.org/a.b|a://b://c://|www.example.com/x|https://|://| -- | \342\200\224 | \342\200\223 |Yes|Well,|PS|=====|*****NOTICE*****|:)| ;-) |[17]|[3][4]|[...]|[12]\342\200\223[15]|...|. . .|\342\200\246|?!|!|?|.|\"|\047|\342\200\234|\342\200\235|\302\253|\302\273|(|)|[|]|1.|12. |4 Even|Hi,|Regards,|Dear all,|i think so.|they are not playthings. maybe|\320\255\321\202\320\276 \321\217|\320\220. \320\241. \320\237\321\203\321\210\320\272\320\270\320\275|Un caf\303\251 \303\240|t \337\215|\316\232\316\261\316\273\316\256 \317\211|\302\240|\342\200\211|\343\200\200|\357\273\277|\342\200\213|\342\200\242 |- |* |\357\274\201|\343\200\202|\342\200\274|\360\237\230\200|A.|a.|5 p.m. The|No. 10|W|w|0|\\t|\\r|\\\\|@|>|<|/|,|;|:|-|_|=|~", piece, "|")
		m = split(" | | |\\n|\\n\\n|\\n    ||  ", sep, "|")
		print "doc_id\ttext"
		for (d = 1; d <= docs; d++) {
			t = ""
			max = rand() < .1 ? 100000 : 1 + int(rand() * 8000)
			while (length(t) < max) {
				p = piece[1 + int(rand() * n)]
				if (rand() < .03) {
					s = rand() < .5 ? "" : sep[1 + int(rand() * m)]
					r = p s
					for (k = 1 + int(rand() * 10); k > 0; k--)
						r = r r
					p = r
				}
				t = t sep[1 + int(rand() * m)] p
			}
			print "doc" d "\t" t
		}
	}'
}

# check_rows DOCS ROWS: every sentence row is the slice [start, end) of its document, valid
# UTF-8, white space trimmed; sentences come in order without overlap; what lies between and
# around them is white space only; no document with text is lost.
check_rows() {
	awk -F'\t' '
	function unescape(s) { gsub(/\\\\/, "\001", s); gsub(/\\n/, "\n", s); gsub(/\\t/, "\t", s); gsub(/\\r/, "\r", s); gsub(/\001/, "\\", s); return s }
	BEGIN {
		ws = "[ \t\n\r\f\v]|\302\240|\342\200[\200-\213\257]|\342\201\237|\343\200\200|\357\273\277"
		lead = "^(" ws ")"
		trail = "(" ws ")$"
	}
	function blank(s) { if (s != "") gsub(ws, "", s); return s == "" }
	function tail(   rest) {
		if (last == "") return
		rest = substr(doc[last], prev_end + 1)
		if (!blank(rest)) { print "text lost after the last sentence of " last; bad++ }
	}
	FNR == NR { if (FNR > 1) { doc[$1] = unescape($2); if ($2 ~ /[!-~]/) want[$1] = 1 }; next }
	FNR == 1 { next }
	{
		t = unescape($2)
		if ($1 != last) {
			tail()
			if ($3 != 1) { print "first sentence not 1: " $1 " " $3; bad++ }
			seen[$1] = 1; prev_end = 0
		} else if ($3 != prev_sent + 1 || $4 < prev_end) { print "out of order: " $1 " " $3 " " $4; bad++ }
		if ($5 < $4 || substr(doc[$1], $4 + 1, $5 - $4) != t) { print "bad slice: " $1 " " $3 " [" $4 ", " $5 ")"; bad++ }
		if (!blank(substr(doc[$1], prev_end + 1, $4 - prev_end))) { print "text lost before: " $1 " " $3; bad++ }
		if (t == "" || substr(t, 1, 3) ~ lead || substr(t, length(t) - 2) ~ trail) { print "untrimmed: " $1 " " $3; bad++ }
		last = $1; prev_sent = $3; prev_end = $5; rows++
		if (bad > 20) exit 1
	}
	END {
		tail()
		for (d in want) if (!(d in seen)) { print "lost document " d; bad++ }
		exit bad > 0
	}' "$1" "$2"
	# a row cut inside a UTF-8 character is not valid UTF-8 (the input is)
	run bash -c "cut -f2 '$2' | LC_ALL=C.utf8 grep -naxv '.*'"
	assert_failure 1
}

@test "segment: on hostile and random text, rows are exact slices, valid UTF-8, in order, covering every non-blank byte" {
	hostile_docs 11 400 >"$BATS_TEST_TMPDIR/in"
	[ "$(stat -c %s "$BATS_TEST_TMPDIR/in")" -gt 3000000 ]
	"$BIN/segment" <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/out")" -gt 100000 ]
	check_rows "$BATS_TEST_TMPDIR/in" "$BATS_TEST_TMPDIR/out"
}

# big_doc UNIT1 BYTES1 UNIT2 BYTES2: one document of UNIT1 repeated to BYTES1 bytes, then UNIT2
# repeated to BYTES2 bytes, then "x"
big_doc() {
	printf 'doc_id\ttext\nd\t'
	yes "$1" | tr -d '\n' | head -c "$2"
	yes "$3" | tr -d '\n' | head -c "$4"
	printf 'x\n'
}

# Each took minutes before (a scan back to the start of the run or of the sentence at every
# colon, dash or list number); the guard is generous, for a slow machine and the sanitizers.
@test "segment: long runs of ://, dashes after a long first word, list numbers after quotes take linear time" {
	local emdash=$(printf ' \342\200\224') endash=$(printf ' \342\200\223 ')
	for c in "x|2|a://|2000000" "W|1000000| --|1000000" "W|1000000|$emdash|1000000" \
		"W|1000000|$endash|1000000" "(|1000000| 1. x|1000000" "\"|1000000| 1. x|1000000"; do
		IFS='|' read -r u1 n1 u2 n2 <<<"$c"
		big_doc "$u1" "$n1" "$u2" "$n2" >"$BATS_TEST_TMPDIR/big"
		timeout 20 "$BIN/segment" <"$BATS_TEST_TMPDIR/big" >"$BATS_TEST_TMPDIR/out" ||
			{ echo "case '$c': status $?"; return 1; }
		# the last sentence ends at the end of the text
		run awk -F'\t' 'END { print $5 }' "$BATS_TEST_TMPDIR/out"
		assert_output "$((n1 + n2 + 1))"
	done
}
