#!/usr/bin/env bats
# The record reader (lib/tsv.c) through every tool that reads rows: the filters and ingest's
# CSV/TSV input. What the reader returns must not depend on how the input arrives (one read or a
# byte at a time, records across read boundaries), CSV errors name physical lines, and memory is
# bounded by --max-field.

load helpers

filters() {
	local t
	for t in "$BIN"/*; do
		# extract-events writes events, not its input rows (and renames text to evidence), and
		# diff-sources writes comparison rows: their versions of these cases are in
		# tests/extract-events.bats and tests/diff-sources.bats
		case $(basename "$t") in ingest | extract-events | diff-sources) ;; *) basename "$t" ;; esac
	done
}

# the shim under the sanitizers: their runtime would refuse to come after it
shim() {
	LD_PRELOAD=$CROSSCHECK_SHIM ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 "$@"
}

# gen_records N: a CSV and the same rows as TSV, doc_id,text, every record 100 bytes
gen_records() {
	awk -v n="$1" -v dir="$BATS_TEST_TMPDIR" 'BEGIN {
		print "doc_id,text" >dir "/in.csv"
		print "doc_id\ttext" >dir "/in.tsv"
		for (i = 1; i <= n; i++) {
			t = sprintf("Report %d says the ferry %d left port at dawn and the crew of %d was", i, i * 7, i % 13)
			while (length(t) < 91) t = t " safe"
			t = substr(t, 1, 91) "."
			printf "d%05d,%s\n", i, t >dir "/in.csv"
			printf "d%05d\t%s\n", i, t >dir "/in.tsv"
		}
	}'
}

@test "reader: --csv records across a 64 KiB read give what the TSV gives, in every filter" {
	gen_records 1000
	[ "$(wc -c <"$BATS_TEST_TMPDIR/in.csv")" -eq 100012 ]
	for t in $(filters); do
		"$BIN/$t" <"$BATS_TEST_TMPDIR/in.tsv" >"$BATS_TEST_TMPDIR/a"
		run "$BIN/$t" --csv <"$BATS_TEST_TMPDIR/in.csv"
		assert_success
		diff -u "$BATS_TEST_TMPDIR/a" - <<<"$output"
	done
	run "$BIN/segment" --csv <"$BATS_TEST_TMPDIR/in.csv"
	assert_equal "${#lines[@]}" 1001
}

@test "reader: --csv read a byte at a time gives what one read gives, in every filter" {
	gen_records 1000
	for t in $(filters); do
		"$BIN/$t" <"$BATS_TEST_TMPDIR/in.tsv" >"$BATS_TEST_TMPDIR/a"
		shim env IOFAULT_READ_MAX=1 "$BIN/$t" --csv <"$BATS_TEST_TMPDIR/in.csv" >"$BATS_TEST_TMPDIR/b" &&
			status=0 || status=$?
		assert_equal "$status" 0
		diff -u "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
		# and a header with a BOM, CRLFs and quoted line breaks, a byte at a time
		printf '\357\273\277doc_id,text\r\nd1,"One.\nTwo, ""three""."\r\n' >"$BATS_TEST_TMPDIR/q.csv"
		printf 'doc_id\ttext\nd1\tOne.\\nTwo, "three".\n' >"$BATS_TEST_TMPDIR/q.tsv"
		"$BIN/$t" <"$BATS_TEST_TMPDIR/q.tsv" >"$BATS_TEST_TMPDIR/a"
		shim env IOFAULT_READ_MAX=1 "$BIN/$t" --csv <"$BATS_TEST_TMPDIR/q.csv" >"$BATS_TEST_TMPDIR/b"
		diff -u "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	done
}

@test "reader: ingest --format csv reads records across reads, and a byte at a time" {
	gen_records 1000
	"$BIN/ingest" --format tsv "$BATS_TEST_TMPDIR/in.tsv" | cut -f2- >"$BATS_TEST_TMPDIR/a"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/a")" -eq 1001 ]
	"$BIN/ingest" --format csv "$BATS_TEST_TMPDIR/in.csv" | cut -f2- >"$BATS_TEST_TMPDIR/b"
	diff -u "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	shim env IOFAULT_READ_MAX=1 "$BIN/ingest" --format csv "$BATS_TEST_TMPDIR/in.csv" | cut -f2- >"$BATS_TEST_TMPDIR/b"
	diff -u "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
}

@test "reader: TSV read a byte at a time gives what one read gives" {
	gen_records 300
	for t in $(filters); do
		"$BIN/$t" <"$BATS_TEST_TMPDIR/in.tsv" >"$BATS_TEST_TMPDIR/a"
		shim env IOFAULT_READ_MAX=1 "$BIN/$t" <"$BATS_TEST_TMPDIR/in.tsv" >"$BATS_TEST_TMPDIR/b"
		diff -u "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	done
}

@test "reader: a --csv error after quoted line breaks names the physical line" {
	for t in $(filters); do
		run "$BIN/$t" --csv < <(printf 'doc_id,text\nd1,"One.\nTwo.\nThree."\nd2\n')
		assert_equal "$status" 1
		assert_line "$t: <stdin>:5: expected 2 fields, found 1"
	done
	# in a second input, blank lines counted too
	printf 'doc_id,text\nd1,One.\n' >"$BATS_TEST_TMPDIR/a.csv"
	printf 'doc_id,text\n\nd2,"Two.\n\nThree."\n\nd3,Four.,x\n' >"$BATS_TEST_TMPDIR/b.csv"
	cd "$BATS_TEST_TMPDIR"
	run "$BIN/segment" --csv a.csv b.csv
	assert_equal "$status" 1
	assert_line "segment: b.csv:7: expected 2 fields, found 3"
}

# bad_csv_case INPUT MESSAGE GOOD: every filter writes what it writes for the rows of GOOD (a
# TSV), then fails with "tool: MESSAGE"
bad_csv_case() {
	local t
	printf "$1" >"$BATS_TEST_TMPDIR/bad.csv"
	printf "$3" >"$BATS_TEST_TMPDIR/good.tsv"
	for t in $(filters); do
		"$BIN/$t" <"$BATS_TEST_TMPDIR/good.tsv" >"$BATS_TEST_TMPDIR/a"
		[ "$(wc -l <"$BATS_TEST_TMPDIR/a")" -ge 2 ]
		"$BIN/$t" --csv <"$BATS_TEST_TMPDIR/bad.csv" >"$BATS_TEST_TMPDIR/b" 2>"$BATS_TEST_TMPDIR/err" &&
			status=0 || status=$?
		assert_equal "$status" 1
		diff -u "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
		diff -u - "$BATS_TEST_TMPDIR/err" <<<"$t: $2"
	done
}

@test "reader: the rows before a stray quote are written, and the error names its line" {
	bad_csv_case 'doc_id,text\nd1,"One.\nTwo."\nd2,Three.\nd3,The "four".\nd4,Five.\n' \
		"<stdin>:5: column 'text': quote inside an unquoted field" \
		'doc_id\ttext\nd1\tOne.\\nTwo.\nd2\tThree.\n'
}

@test "reader: text after a closing quote is an error naming its line and column" {
	bad_csv_case 'doc_id,text\nd1,One.\n"d2"x,Two.\n' \
		"<stdin>:3: column 'doc_id': text after the closing quote of a quoted field" \
		'doc_id\ttext\nd1\tOne.\n'
}

@test "reader: an unclosed quote at the end of the input names the line where it opened" {
	bad_csv_case 'doc_id,text\nd1,One.\nd2,"Two.\nThree.\nFour.\n' \
		"<stdin>:3: column 'text': quoted field not closed at the end of the input" \
		'doc_id\ttext\nd1\tOne.\n'
}

# peak_kb CMD...: runs CMD with stdin as given, prints its peak RSS in KB (stdout dropped) and
# leaves its stderr in $BATS_TEST_TMPDIR/err
peak_kb() {
	/usr/bin/time -o "$BATS_TEST_TMPDIR/time" -f %M "$@" >/dev/null 2>"$BATS_TEST_TMPDIR/err" || true
	tail -1 "$BATS_TEST_TMPDIR/time"
}

@test "reader: --csv --max-field refuses a 100 MB quoted field before buffering it" {
	local base big
	base=$(peak_kb "$BIN/dedupe" --csv --max-field 1M < <(printf 'doc_id,text\nd1,ok\n'))
	big=$(peak_kb "$BIN/dedupe" --csv --max-field 1M < <(printf 'doc_id,text\nd1,ok\nd2,"'
		head -c 100000000 /dev/zero | tr '\0' a
		printf '"\n'))
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output "dedupe: <stdin>:3: record longer than 1048576 bytes (see --max-field)"
	echo "peak RSS $big KB, $base KB on a small input"
	[ "$big" -lt $((base + 20000)) ]
}

@test "reader: an unclosed --csv quote is refused at --max-field, not at the end of the input" {
	local base big
	base=$(peak_kb "$BIN/segment" --csv --max-field 1M < <(printf 'doc_id,text\nd1,ok\n'))
	big=$(peak_kb "$BIN/segment" --csv --max-field 1M < <(printf 'doc_id,text\nd1,ok\nd2,"Two.\n'
		yes 'd3,A sentence of a row that the open quote swallows.' | head -2000000))
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output "segment: <stdin>:3: record longer than 1048576 bytes (see --max-field), in a quoted field from line 3"
	echo "peak RSS $big KB, $base KB on a small input"
	[ "$big" -lt $((base + 20000)) ]
}

@test "reader: a --csv record of exactly --max-field bytes is accepted, one more is not" {
	run "$BIN/segment" --csv --max-field 16 < <(printf 'doc_id,text\nd1,"Twelve byt."\r\n')
	assert_success
	assert_line --index 1 $'d1\tTwelve byt.\t1\t0\t11\t1'
	run "$BIN/segment" --csv --max-field 16 < <(printf 'doc_id,text\nd1,"Thirteen byt."\n')
	assert_equal "$status" 1
	assert_line "segment: <stdin>:2: record longer than 16 bytes (see --max-field)"
}
