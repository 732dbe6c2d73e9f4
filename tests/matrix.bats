#!/usr/bin/env bats
# The bad-input matrix: every tool on one set of hostile inputs, each with its defined result.
# The small cases are tests/fixtures/matrix/CASE.in; each tool's results (exit status, stdout,
# stderr, case by case) are pinned in one gold file, tests/fixtures/matrix/TOOL.expected, in the
# way tsv-utils pins its tests: a reader sees the behaviour by reading it. After a deliberate
# change, `MATRIX_BLESS=1 make test` rewrites the gold files; read the diff before committing.
# The big cases (a 100 MB field, 5 million rows) are asserted as properties below.

load helpers

M=$FIXTURES/matrix

# CASE [ARGS...]: every small case, with the options it is run with
matrix_cases() {
	cat <<'CASES'
empty
header-only
no-trailing-newline
bom-crlf
escapes
ragged-short
ragged-long
blank-line
wrong-header
duplicate-column
invalid-utf8
invalid-utf8 --strict
overlong-utf8
surrogates
nul
nul --strict
utf16le-bom
utf16be-bom
utf32le-bom
utf16le-bom --csv
lone-cr
long-line --max-field 1K
CASES
}

# transcript TOOL [TOOL ARGS...]: runs the tool on each case and prints what it did
transcript() {
	local tool=$1 name
	shift
	while read -r name args; do
		# shellcheck disable=SC2086
		"$BIN/$tool" "$@" $args <"$M/$name.in" >"$BATS_TEST_TMPDIR/o" 2>"$BATS_TEST_TMPDIR/e" && s=0 || s=$?
		[ "$s" -lt 128 ] && s="exit $s" || s="CRASH $s"
		printf '====[%s%s < %s.in]==== %s\n' "$tool" "${args:+ $args}" "$name" "$s"
		cat "$BATS_TEST_TMPDIR/o"
		if [ -s "$BATS_TEST_TMPDIR/e" ]; then
			echo "----[stderr]----"
			cat "$BATS_TEST_TMPDIR/e"
		fi
	done < <(matrix_cases)
}

check_tool() {
	local tool=$1
	shift
	transcript "$tool" "$@" >"$BATS_TEST_TMPDIR/actual"
	if [ -n "${MATRIX_BLESS:-}" ]; then
		cp "$BATS_TEST_TMPDIR/actual" "$M/$tool.expected"
	fi
	! grep -n '^====.*CRASH' "$BATS_TEST_TMPDIR/actual"
	diff -u "$M/$tool.expected" "$BATS_TEST_TMPDIR/actual"
}

@test "matrix: segment" {
	check_tool segment
}

@test "matrix: tag-entities" {
	check_tool tag-entities
}

@test "matrix: dedupe" {
	check_tool dedupe --mark
}

@test "matrix: ingest --format tsv" {
	check_tool ingest --format tsv -
}

# peak_rss CMD...: runs CMD and leaves its peak RSS in KB in $BATS_TEST_TMPDIR/rss
peak_rss() {
	/usr/bin/time -o "$BATS_TEST_TMPDIR/rss.time" -f "%M" "$@"
	local s=$?
	tail -1 "$BATS_TEST_TMPDIR/rss.time" >"$BATS_TEST_TMPDIR/rss"
	return $s
}

@test "matrix: a 100 MB field is refused at the default --max-field, with bounded memory" {
	{
		printf 'doc_id\tsource\tpublished\turl\ttitle\ttext\nd1\tS\t2026-03-03\tu\tt\t'
		head -c 100000000 /dev/zero | tr '\0' 'a'
		printf '\n'
	} >"$BATS_TEST_TMPDIR/huge.tsv"
	for t in segment tag-entities dedupe "ingest --format tsv"; do
		# shellcheck disable=SC2086
		peak_rss "$BIN"/$t "$BATS_TEST_TMPDIR/huge.tsv" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" && status=0 || status=$?
		[ "$status" -eq 1 ] || { echo "$t: status $status"; cat "$BATS_TEST_TMPDIR/err"; false; }
		grep -q "huge.tsv:2: line longer than 67108864 bytes (see --max-field)" "$BATS_TEST_TMPDIR/err" ||
			{ echo "$t:"; cat "$BATS_TEST_TMPDIR/err"; false; }
		[ "$(cat "$BATS_TEST_TMPDIR/rss")" -lt 250000 ] || { echo "$t: peak RSS $(cat "$BATS_TEST_TMPDIR/rss") KB"; false; }
	done
}

@test "matrix: a 100 MB field within --max-field is one sentence, nothing lost" {
	{
		printf 'doc_id\tsource\tpublished\turl\ttitle\ttext\nd1\tS\t2026-03-03\tu\tt\t'
		head -c 100000000 /dev/zero | tr '\0' 'a'
		printf '.\n'
	} >"$BATS_TEST_TMPDIR/huge.tsv"
	"$BIN/segment" --max-field 200M "$BATS_TEST_TMPDIR/huge.tsv" | cut -f7- | tail -n +2 >"$BATS_TEST_TMPDIR/cols"
	printf '1\t0\t100000001\t1\n' | diff -u - "$BATS_TEST_TMPDIR/cols"
}

# rows N FILE: N tiny document rows
rows() {
	awk -v n="$1" 'BEGIN { print "doc_id\tsource\tpublished\turl\ttitle\ttext"
		for (i = 0; i < n; i++) printf "d%d\tS\t2026-03-03\tu\tt\tThe ferry left. It came back.\n", i }' >"$2"
}

@test "matrix: 5 million tiny rows: no row lost, memory flat" {
	rows 50000 "$BATS_TEST_TMPDIR/small.tsv"
	rows 5000000 "$BATS_TEST_TMPDIR/big.tsv"
	for t in segment tag-entities "dedupe --exact --mark" "ingest --format tsv"; do
		local small big n
		# shellcheck disable=SC2086
		peak_rss "$BIN"/$t "$BATS_TEST_TMPDIR/small.tsv" >/dev/null
		small=$(cat "$BATS_TEST_TMPDIR/rss")
		# shellcheck disable=SC2086
		n=$(peak_rss "$BIN"/$t "$BATS_TEST_TMPDIR/big.tsv" | wc -l)
		big=$(cat "$BATS_TEST_TMPDIR/rss")
		case $t in
		segment) [ "$n" -eq 10000001 ] ;;
		*) [ "$n" -eq 5000001 ] ;;
		esac || { echo "$t: $n rows out"; false; }
		# flat: the big run needs at most 8 MB more than the small one (sanitizers hold freed
		# memory in quarantine, so only the plain build is measured)
		if [ -z "${CROSSCHECK_SAN:-}" ]; then
			[ "$big" -le $((small + 8192)) ] || { echo "$t: peak RSS $small KB for 50k rows, $big KB for 5M"; false; }
		fi
	done
}
