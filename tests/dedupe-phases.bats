#!/usr/bin/env bats
# dedupe in phases (docs/dedupe.md, "Growing past one machine"): the sketches, the groups of the
# tags rows share and the merge as separate runs with sort(1) as the shuffle between them, as
# scripts/dedupe-phases runs them. The result must be the output of one run, byte for byte.
# tests/fixtures/dedupe/chain.in is a fictional story three outlets told: the Velmora crane
# accident, a copy of it, a copy of that copy which is not near the first (one run drops the
# copy and keeps the copy of the copy: it is compared with what passed, never with a row that
# was dropped), an exact repeat in capitals, a monthly report and the same with another figure
# (a different report), a key without words, and an exact repeat of the row that passed last.

load helpers

T=dedupe
DIR=$FIXTURES/dedupe
PHASES=$BATS_TEST_DIRNAME/../scripts/dedupe-phases

phases() {
	CROSSCHECK_BIN=$BIN "$PHASES" "$@"
}

@test "dedupe phases: a chain of copies, a repeat, a refigured report, an empty key: the one run's rows, exactly" {
	run_case "$T" chain --mark
	assert_equal "$status" 0
	phases --mark "$DIR/chain.in" >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/chain.out" "$BATS_TEST_TMPDIR/out"
	phases --jobs 3 --mark "$DIR/chain.in" >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/chain.out" "$BATS_TEST_TMPDIR/out"
	# ml-1 is a near copy of ec-1, which was a copy of hp-1 but longer: ec-1 was filed too, under
	# hp-1, and ml-1 (longer again) is a copy of hp-1 through it; ml-3, ml-1 again, the same
	run awk -F'\t' '$1 ~ /^ml-[13]$/ { print $1 "|" $4 "|" $5 }' "$DIR/chain.out"
	assert_output "$(printf 'ml-1|hp-1|0.734\nml-3|hp-1|1.000')"
}

@test "dedupe phases: every fixture, every mode and output, in one part or three: the one run's output" {
	local f o tmp=$BATS_TEST_TMPDIR
	for f in "$DIR"/*.in; do
		for o in "" --mark --clusters "--mark --exact" "--mark --simhash" "--mark --containment 0" \
			"--mark --ignore-figures" "--mark --threshold 0.3 --bands 16x4"; do
			"$BIN/$T" $o "$f" >"$tmp/one"
			phases $o "$f" >"$tmp/two"
			cmp "$tmp/one" "$tmp/two" || { echo "differs: $f $o"; return 1; }
			# in three parts too (not under the sanitizers: the same code, three times slower)
			[ -n "${CROSSCHECK_SAN:-}" ] || phases --jobs 3 $o "$f" >"$tmp/two"
			cmp "$tmp/one" "$tmp/two" || { echo "differs in 3 parts: $f $o"; return 1; }
		done
	done
	"$BIN/$T" --mark --by source "$DIR/by.in" >"$tmp/one"
	phases --mark --by source "$DIR/by.in" >"$tmp/two"
	cmp "$tmp/one" "$tmp/two"
}

@test "dedupe phases: 100,000 generated rows in phases equal one run, byte for byte" {
	[ -z "${CROSSCHECK_SAN:-}" ] || skip "100k rows under the sanitizers: the plain make test runs it"
	local tmp=$BATS_TEST_TMPDIR
	awk -v n=100000 -f "$DIR/gen-rows.awk" >"$tmp/rows.tsv"
	run wc -l <"$tmp/rows.tsv"
	assert_output 100001
	"$BIN/$T" --mark "$tmp/rows.tsv" >"$tmp/one.tsv"
	# many duplicates, of every kind: exact, near, cut copies (containment), through chains
	[ "$(awk -F'\t' 'NR > 1 && $4 != ""' "$tmp/one.tsv" | wc -l)" -gt 35000 ]
	[ "$(awk -F'\t' 'NR > 1 && $4 != "" && $5 < 0.65' "$tmp/one.tsv" | wc -l)" -gt 500 ]
	phases --jobs 2 --mark "$tmp/rows.tsv" >"$tmp/two.tsv"
	cmp "$tmp/one.tsv" "$tmp/two.tsv"
	"$BIN/$T" "$tmp/rows.tsv" >"$tmp/one.tsv"
	phases "$tmp/rows.tsv" >"$tmp/two.tsv"
	cmp "$tmp/one.tsv" "$tmp/two.tsv"
}

@test "dedupe phases: the rows split between two maps, each numbered from its place, give the run over the whole" {
	local in=$DIR/chain.in tmp=$BATS_TEST_TMPDIR tab=$'\t'
	{ head -1 "$in"; sed -n '2,4p' "$in"; } | "$BIN/$T" --sketch >"$tmp/a.tsv"
	{ head -1 "$in"; tail -n +5 "$in"; } | "$BIN/$T" --sketch --seq-start 4 >"$tmp/b.tsv"
	{ cat "$tmp/a.tsv"; tail -n +2 "$tmp/b.tsv"; } >"$tmp/sketched.tsv"
	run cut -f4 "$tmp/sketched.tsv"
	assert_output "$(echo dedupe_seq; seq 8)"
	{ "$BIN/$T" --emit-groups "$tmp/a.tsv"; "$BIN/$T" --emit-groups "$tmp/b.tsv" | tail -n +2; } |
		{ IFS= read -r h; printf '%s\n' "$h"; LC_ALL=C sort -t "$tab" -k1,1; } | "$BIN/$T" --groups |
		{ IFS= read -r h; printf '%s\n' "$h"; LC_ALL=C sort -t "$tab" -k1,1n; } >"$tmp/groups.tsv"
	"$BIN/$T" --mark --merge "$tmp/groups.tsv" "$tmp/sketched.tsv" >"$tmp/out"
	diff -u "$DIR/chain.out" "$tmp/out"
}

@test "dedupe phases: empty input, a header alone: as one run" {
	run phases --mark </dev/null
	assert_equal "$status" 0
	assert_output ""
	run bash -c "printf 'doc_id\ttext\n' | CROSSCHECK_BIN='$BIN' '$PHASES' --jobs 2 --mark"
	assert_equal "$status" 0
	assert_output $'doc_id\ttext\tdup_of\tsimilarity'
}

@test "dedupe phases: two phases at once, --mark before the merge, --state: usage errors" {
	run "$BIN/$T" --sketch --groups "$DIR/chain.in"
	assert_equal "$status" 2
	assert_output --partial "one phase each"
	run "$BIN/$T" --sketch --mark "$DIR/chain.in"
	assert_equal "$status" 2
	assert_output --partial "--mark and --clusters go with --merge"
	run "$BIN/$T" --merge x --state s.db "$DIR/chain.in"
	assert_equal "$status" 2
	run "$BIN/$T" --sketch --seq-start 0 "$DIR/chain.in"
	assert_equal "$status" 2
}

@test "dedupe phases: unsorted groups, sketches of other options, rows out of order, other files: errors, not wrong answers" {
	local tmp=$BATS_TEST_TMPDIR
	"$BIN/$T" --sketch "$DIR/chain.in" >"$tmp/sketched.tsv"
	run "$BIN/$T" --sketch "$tmp/sketched.tsv"
	assert_equal "$status" 1
	assert_output "dedupe: $tmp/sketched.tsv:1: the input has a dedupe_seq or dedupe_sketch column already (sketched twice?)"
	# the map's lines as written, not grouped by tag
	"$BIN/$T" --emit-groups "$tmp/sketched.tsv" >"$tmp/keys.tsv"
	run "$BIN/$T" --groups "$tmp/keys.tsv"
	assert_equal "$status" 1
	assert_output --partial "the rows are not sorted by tag (LC_ALL=C sort -k1,1)"
	# the sketches of the default run read with --exact
	run "$BIN/$T" --exact --emit-groups "$tmp/sketched.tsv"
	assert_equal "$status" 1
	assert_output --partial "$tmp/sketched.tsv:2: a sketch made with other options"
	run "$BIN/$T" --emit-groups "$DIR/chain.in"
	assert_equal "$status" 1
	assert_output "dedupe: $DIR/chain.in:1: no dedupe_seq and dedupe_sketch columns: not the output of dedupe --sketch"
	{ head -1 "$tmp/keys.tsv"; tail -n +2 "$tmp/keys.tsv" | LC_ALL=C sort -k1,1; } | "$BIN/$T" --groups >"$tmp/groups.tsv"
	# the group lines in the order of their tags, not of their rows
	run "$BIN/$T" --merge "$tmp/groups.tsv" "$tmp/sketched.tsv"
	assert_equal "$status" 1
	assert_output --partial "is not in the input, or the lines are not sorted by seq"
	{ head -1 "$tmp/groups.tsv"; tail -n +2 "$tmp/groups.tsv" | LC_ALL=C sort -k1,1n; } >"$tmp/sorted.tsv"
	# the sketched rows with one left out
	sed 3d "$tmp/sketched.tsv" >"$tmp/less.tsv"
	run "$BIN/$T" --merge "$tmp/sorted.tsv" "$tmp/less.tsv"
	assert_equal "$status" 1
	assert_output --partial "row 2 is not in the input"
	# the sketched rows twice
	{ cat "$tmp/sketched.tsv"; tail -n +2 "$tmp/sketched.tsv"; } >"$tmp/twice.tsv"
	run "$BIN/$T" --merge "$tmp/sorted.tsv" "$tmp/twice.tsv"
	assert_equal "$status" 1
	assert_output --partial "dedupe: $tmp/twice.tsv:10: dedupe_seq is not a whole number above the last row's: the rows are not those of dedupe --sketch, in its order"
	printf 'seq\tkey\ttag\tlast\n1\t0\tzz\t2\n' >"$tmp/bad.tsv"
	run "$BIN/$T" --merge "$tmp/bad.tsv" "$tmp/sketched.tsv"
	assert_equal "$status" 1
	assert_output --partial "dedupe: $tmp/bad.tsv:2: not a line of dedupe --groups (seq, key, tag, last)"
	# a MinHash sketch without its signature (forged): refused, not compared
	awk -F'\t' 'BEGIN { OFS = FS } NR == 2 { sub(/\.[0-9a-f]+$/, ".-", $5) } { print }' "$tmp/sketched.tsv" >"$tmp/forged.tsv"
	run "$BIN/$T" --merge "$tmp/sorted.tsv" "$tmp/forged.tsv"
	assert_equal "$status" 1
	assert_output --partial "dedupe: $tmp/forged.tsv:2: dedupe_sketch is not a sketch of dedupe --sketch"
	run "$BIN/$T" --merge /nonexistent/groups.tsv "$tmp/sketched.tsv"
	assert_equal "$status" 1
	assert_output --partial "/nonexistent/groups.tsv: cannot open"
}
