# Shared by every tests/*.bats: where the tools are, and the fixture conventions.
# A case is tests/fixtures/<tool>/<case>.in, .out and (when it writes one) .err.

export LC_ALL=C
BIN=${CROSSCHECK_BIN:?run the tests through make test}
FIXTURES=$BATS_TEST_DIRNAME/fixtures
SHARED=$BATS_TEST_DIRNAME/../../shared

load /usr/lib/bats/bats-support/load.bash
load /usr/lib/bats/bats-assert/load.bash

# run_case TOOL CASE [ARGS...]: runs TOOL ARGS < CASE.in and compares stdout with CASE.out
# (diff -u, exact) and stderr with CASE.err (empty when there is none). Exit status goes in
# $status for the test to assert; a status above 128 is a crash and always fails.
run_case() {
	local tool=$1 case=$2
	shift 2
	local dir=$FIXTURES/$tool
	"$BIN/$tool" "$@" <"$dir/$case.in" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" && status=0 || status=$?
	[ "$status" -lt 128 ] || { echo "crashed with status $status"; cat "$BATS_TEST_TMPDIR/err"; return 1; }
	diff -u "$dir/$case.out" "$BATS_TEST_TMPDIR/out"
	if [ -f "$dir/$case.err" ]; then
		diff -u "$dir/$case.err" "$BATS_TEST_TMPDIR/err"
	else
		diff -u /dev/null "$BATS_TEST_TMPDIR/err"
	fi
}
