#!/usr/bin/env bats
# I/O faults, injected with the LD_PRELOAD shim tests/shim/iofault.c (build/iofault.so): a read,
# write, fsync or close that fails at a chosen point. Every tool reports the failure on stderr
# and exits 1; an interrupted call (EINTR) is retried and changes nothing; `dedupe --state`
# leaves a consistent database and loses no row, whichever call fails.

load helpers

SHIM=${CROSSCHECK_SHIM:?run the tests through make test}

# the filters and the input each reads (columns it needs)
filter_inputs() {
	echo "segment docs.tsv"
	echo "tag-entities docs.tsv"
	echo "dedupe docs.tsv"
}

# faulty RULE CMD...: runs CMD with the shim and IOFAULT=RULE; status, stdout and stderr in
# $status, $BATS_TEST_TMPDIR/out and $BATS_TEST_TMPDIR/err. A crash fails the test.
faulty() {
	local rule=$1
	shift
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 IOFAULT=$rule LD_PRELOAD=$SHIM "$@" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" && status=0 || status=$?
	[ "$status" -lt 128 ] || { echo "crashed with status $status under IOFAULT=$rule: $*"; cat "$BATS_TEST_TMPDIR/err"; return 1; }
}

# expect_failure TOOL PATTERN: exit status 1 and exactly one line on stderr, from the tool,
# matching the extended regular expression PATTERN.
expect_failure() {
	local tool=$1 pattern=$2
	[ "$status" -eq 1 ] || { echo "$tool: status $status, expected 1"; cat "$BATS_TEST_TMPDIR/err"; return 1; }
	[ "$(wc -l <"$BATS_TEST_TMPDIR/err")" -eq 1 ] || { echo "$tool: expected one line on stderr:"; cat "$BATS_TEST_TMPDIR/err"; return 1; }
	grep -Eq "^$tool: $pattern\$" "$BATS_TEST_TMPDIR/err" || { echo "$tool: stderr does not match '$pattern':"; cat "$BATS_TEST_TMPDIR/err"; return 1; }
}

@test "faults: the shim is loaded and counts calls" {
	faulty 'write@1:1:ENOSPC' "$BIN/segment" <"$FIXTURES/faults/docs.tsv"
	expect_failure segment 'write error: No space left on device'
	faulty 'bogus:1' "$BIN/segment" <"$FIXTURES/faults/docs.tsv"
	[ "$status" -eq 125 ]
}

@test "faults: a failed first read of standard input is an error" {
	while read -r tool input; do
		faulty 'read@0:1' "$BIN/$tool" <"$FIXTURES/faults/$input"
		expect_failure "$tool" ".*<stdin>.*Input/output error"
		[ ! -s "$BATS_TEST_TMPDIR/out" ]
	done < <(filter_inputs)
}

@test "faults: a failed read in the middle of the input is an error after the rows before it" {
	while read -r tool input; do
		IOFAULT_READ_MAX=64 faulty 'read@0:6' "$BIN/$tool" <"$FIXTURES/faults/$input"
		expect_failure "$tool" ".*<stdin>.*Input/output error"
		# the header went out before the failure; nothing past the failed read did
		head -1 "$BATS_TEST_TMPDIR/out" | grep -q $'^doc_id\t'
		[ "$(wc -l <"$BATS_TEST_TMPDIR/out")" -lt "$(wc -l <"$FIXTURES/faults/$input")" ] || [ "$tool" = segment ]
	done < <(filter_inputs)
}

@test "faults: a failed read of a named input file names the file" {
	while read -r tool input; do
		cp "$FIXTURES/faults/$input" "$BATS_TEST_TMPDIR/in.tsv"
		faulty "read@$BATS_TEST_TMPDIR/in.tsv:1" "$BIN/$tool" "$BATS_TEST_TMPDIR/in.tsv"
		expect_failure "$tool" ".*'?$BATS_TEST_TMPDIR/in.tsv'?.*Input/output error"
	done < <(filter_inputs)
}

@test "faults: a write error on standard output, first or later, is reported" {
	while read -r tool input; do
		for rule in 'write@1:1:ENOSPC' 'write@1:2+:ENOSPC' 'write@1:1:EIO' 'write@1:1:EDQUOT'; do
			# small writes, so that the second write comes before the end
			"$BIN/$tool" --line-buffered <"$FIXTURES/faults/$input" >/dev/null
			faulty "$rule" "$BIN/$tool" --line-buffered <"$FIXTURES/faults/$input"
			case $rule in
			*ENOSPC) expect_failure "$tool" 'write error: No space left on device' ;;
			*EIO) expect_failure "$tool" 'write error: Input/output error' ;;
			*EDQUOT) expect_failure "$tool" 'write error: Disk quota exceeded' ;;
			esac
		done
	done < <(filter_inputs)
}

@test "faults: a failed close of standard output is a write error" {
	while read -r tool input; do
		faulty 'close@1:1' "$BIN/$tool" <"$FIXTURES/faults/$input"
		expect_failure "$tool" 'write error: Input/output error'
	done < <(filter_inputs)
}

@test "faults: interrupted reads and writes (EINTR) are retried and change nothing" {
	while read -r tool input; do
		"$BIN/$tool" <"$FIXTURES/faults/$input" >"$BATS_TEST_TMPDIR/expected"
		IOFAULT_READ_MAX=7 faulty 'read@0:2:EINTR,read@0:5:EINTR,write@1:1:EINTR' "$BIN/$tool" --line-buffered \
			<"$FIXTURES/faults/$input"
		[ "$status" -eq 0 ] || { cat "$BATS_TEST_TMPDIR/err"; false; }
		diff -u "$BATS_TEST_TMPDIR/expected" "$BATS_TEST_TMPDIR/out"
	done < <(filter_inputs)
}

@test "faults: ingest reports a failed read of a document and a failed write" {
	cp "$FIXTURES/faults/story.txt" "$BATS_TEST_TMPDIR/story.txt"
	faulty "read@$BATS_TEST_TMPDIR/story.txt:1" "$BIN/ingest" "$BATS_TEST_TMPDIR/story.txt"
	expect_failure ingest ".*$BATS_TEST_TMPDIR/story.txt.*Input/output error"
	faulty 'write@1:1:ENOSPC' "$BIN/ingest" "$BATS_TEST_TMPDIR/story.txt"
	expect_failure ingest 'write error: No space left on device'
	faulty 'close@1:1' "$BIN/ingest" "$BATS_TEST_TMPDIR/story.txt"
	expect_failure ingest 'write error: Input/output error'
}

# state_run RULE: one `dedupe --state` run of the 120 rows under IOFAULT=RULE, then a clean
# rerun. Asserts that the state is consistent after the faulty run, that a run that exits 0
# committed every row it passed, and that no row is lost: every row of a clean run is passed by
# the faulty run or by the rerun.
state_run() {
	local rule=$1 db=$BATS_TEST_TMPDIR/state.db
	rm -f "$db" "$db"-*
	faulty "$rule" "$BIN/dedupe" --state "$db" --batch 25 "$BATS_TEST_TMPDIR/rows.tsv"
	local first=$status
	cp "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/first"
	if [ "$first" -ne 0 ]; then
		expect_failure dedupe '.*'
	fi
	if [ -e "$db" ]; then
		run sqlite3 "$db" 'PRAGMA integrity_check'
		[ "$output" = ok ] || { echo "IOFAULT=$rule: state not consistent: $output"; return 1; }
	fi
	"$BIN/dedupe" --state "$db" --batch 25 "$BATS_TEST_TMPDIR/rows.tsv" >"$BATS_TEST_TMPDIR/second" ||
		{ echo "IOFAULT=$rule: the rerun failed"; return 1; }
	if [ "$first" -eq 0 ] && [ "$(wc -l <"$BATS_TEST_TMPDIR/second")" -gt 1 ]; then
		echo "IOFAULT=$rule: exit 0, yet the rerun passed rows again (not committed)"
		return 1
	fi
	tail -n +2 -q "$BATS_TEST_TMPDIR/first" "$BATS_TEST_TMPDIR/second" | sort -u >"$BATS_TEST_TMPDIR/passed"
	comm -23 "$BATS_TEST_TMPDIR/expected" "$BATS_TEST_TMPDIR/passed" >"$BATS_TEST_TMPDIR/lost"
	[ ! -s "$BATS_TEST_TMPDIR/lost" ] || { echo "IOFAULT=$rule: rows lost:"; cat "$BATS_TEST_TMPDIR/lost"; return 1; }
}

make_state_rows() {
	awk 'BEGIN { print "doc_id\ttext"
		for (i = 1; i <= 120; i++)
			printf "r%d\tReport %d: the council met on day %d and approved %d new berths for the harbour.\n", i, i, i, i * 13 }' \
		>"$BATS_TEST_TMPDIR/rows.tsv"
	"$BIN/dedupe" "$BATS_TEST_TMPDIR/rows.tsv" | tail -n +2 | sort -u >"$BATS_TEST_TMPDIR/expected"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/expected")" -eq 120 ]
}

@test "faults: dedupe --state loses no row whichever write fails" {
	make_state_rows
	for k in $(seq 1 40); do
		state_run "write:$k"
		state_run "write:$k:ENOSPC"
	done
}

@test "faults: dedupe --state loses no row whichever fsync or close fails" {
	make_state_rows
	for k in $(seq 1 12); do
		state_run "fsync:$k"
		state_run "close:$k"
	done
}

@test "faults: dedupe --state loses no row whichever read of the state fails" {
	make_state_rows
	rm -f "$BATS_TEST_TMPDIR/state.db"*
	# a state with half the rows in it, read back by the faulty runs
	head -61 "$BATS_TEST_TMPDIR/rows.tsv" | "$BIN/dedupe" --state "$BATS_TEST_TMPDIR/seed.db" >/dev/null
	for k in $(seq 1 30); do
		rm -f "$BATS_TEST_TMPDIR/state.db"*
		cp "$BATS_TEST_TMPDIR/seed.db" "$BATS_TEST_TMPDIR/state.db"
		faulty "read:$k" "$BIN/dedupe" --state "$BATS_TEST_TMPDIR/state.db" --batch 25 "$BATS_TEST_TMPDIR/rows.tsv"
		[ "$status" -eq 0 ] || expect_failure dedupe '.*'
		run sqlite3 "$BATS_TEST_TMPDIR/state.db" 'PRAGMA integrity_check'
		assert_output ok
	done
}
