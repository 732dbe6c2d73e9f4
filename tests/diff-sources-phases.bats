#!/usr/bin/env bats
# diff-sources in phases (docs/diff-sources.md, "Growing past one machine"): names, block keys,
# candidate pairs, components and clusters as separate runs with sort(1) as the shuffle between
# them, as scripts/diff-sources-phases runs them. The result must be the TSV of one run, byte
# for byte. tests/fixtures/diff-sources/chain.in is a fictional story of three outlets:
# the Belmora army's shelling told with the army alone, with both sides, and with the Arvenian
# guard alone (two blocks that only the middle report joins), an appeal without actors told
# twice, and a planned meeting that one outlet alone reports.

load helpers

T=diff-sources
DIR=$FIXTURES/diff-sources
PHASES=$BATS_TEST_DIRNAME/../scripts/diff-sources-phases

phases() {
	CROSSCHECK_BIN=$BIN "$PHASES" "$@"
}

@test "diff-sources phases: a cluster chained across two blocks, actorless events, one source: the one-run TSV, exactly" {
	run_case "$T" chain
	assert_equal "$status" 0
	# the shelling is one cluster of the three reports, though the first and the last share no block
	run bash -c "awk -F'\t' 'NR > 1 && \$3 == \"190\" { print \$1 }' '$DIR/chain.out' | sort -u | wc -l"
	assert_output 1
	run bash -c "awk -F'\t' 'NR > 1 && \$3 == \"190\" && \$5 == \"date\" { print \$6 }' '$DIR/chain.out'"
	assert_output $'Eastern Courier\nHarbor Post\nMorning Ledger'
	phases "$DIR/chain.in" >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/chain.out" "$BATS_TEST_TMPDIR/out"
}

@test "diff-sources phases: the story of three outlets and the surname tie give the one-run TSV and its warning" {
	phases "$DIR/story.in" >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/story.out" "$BATS_TEST_TMPDIR/out"
	phases "$DIR/tie.in" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
	diff -u "$DIR/tie.out" "$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/tie.err" "$BATS_TEST_TMPDIR/err"
	phases -q "$DIR/tie.in" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
	diff -u /dev/null "$BATS_TEST_TMPDIR/err"
}

@test "diff-sources phases: the rows of a file split in two, each part keyed on its own, give the run over the whole" {
	# the map phases see a part each, as two hosts would; the names table is made from both
	local in=$DIR/chain.in tmp=$BATS_TEST_TMPDIR
	{ head -1 "$in"; sed -n '2,4p' "$in"; } >"$tmp/a.tsv"
	{ head -1 "$in"; tail -n +5 "$in"; } >"$tmp/b.tsv"
	{ "$BIN/$T" --emit-names "$tmp/a.tsv"; "$BIN/$T" --emit-names "$tmp/b.tsv" | tail -n +2; } |
		"$BIN/$T" --resolve-names >"$tmp/names.tsv"
	{ "$BIN/$T" --names "$tmp/names.tsv" --emit-keys "$tmp/a.tsv"
	  "$BIN/$T" --names "$tmp/names.tsv" --emit-keys "$tmp/b.tsv" | tail -n +2; } |
		{ IFS= read -r h; printf '%s\n' "$h"; LC_ALL=C sort -t "$(printf '\t')" -k1,1; } |
		"$BIN/$T" --names "$tmp/names.tsv" --pairs >"$tmp/paired.tsv"
	"$BIN/$T" --components "$tmp/paired.tsv" |
		{ IFS= read -r h; printf '%s\n' "$h"; LC_ALL=C sort -t "$(printf '\t')" -k1,1; } |
		"$BIN/$T" --names "$tmp/names.tsv" --by-component |
		{ IFS= read -r h; printf '%s\n' "$h"; LC_ALL=C sort; } >"$tmp/out"
	diff -u "$DIR/chain.out" "$tmp/out"
}

@test "diff-sources phases: 100,000 generated events in phases equal one run, byte for byte" {
	[ -z "${CROSSCHECK_SAN:-}" ] || skip "100k events under the sanitizers: the plain make test runs it"
	awk -v n=100000 -f "$DIR/gen-events.awk" >"$BATS_TEST_TMPDIR/events.tsv"
	run wc -l <"$BATS_TEST_TMPDIR/events.tsv"
	assert_output 100001
	"$BIN/$T" -q "$BATS_TEST_TMPDIR/events.tsv" >"$BATS_TEST_TMPDIR/one.tsv"
	phases -q "$BATS_TEST_TMPDIR/events.tsv" >"$BATS_TEST_TMPDIR/two.tsv"
	# a comparison of many clusters, some of several sources, some in conflict
	[ "$(wc -l <"$BATS_TEST_TMPDIR/one.tsv")" -gt 400000 ]
	grep -q $'\tconflict\t' "$BATS_TEST_TMPDIR/one.tsv"
	cmp "$BATS_TEST_TMPDIR/one.tsv" "$BATS_TEST_TMPDIR/two.tsv"
}

@test "diff-sources phases: a phase without the names table, two phases at once, unsorted keys, bad tables are errors" {
	run "$BIN/$T" --pairs <"$DIR/chain.in"
	assert_equal "$status" 2
	assert_output --partial "need --names FILE"
	run "$BIN/$T" --emit-keys --pairs "$DIR/chain.in"
	assert_equal "$status" 2
	assert_output --partial "one phase at a time"
	"$BIN/$T" --emit-names "$DIR/chain.in" | "$BIN/$T" --resolve-names >"$BATS_TEST_TMPDIR/names.tsv"
	# keys as the map wrote them, not grouped: refused, not silently wrong
	run bash -c "'$BIN/$T' --names '$BATS_TEST_TMPDIR/names.tsv' --emit-keys '$DIR/chain.in' | '$BIN/$T' --names '$BATS_TEST_TMPDIR/names.tsv' --pairs"
	assert_equal "$status" 1
	assert_output --partial "this key's rows are not together: the input must be grouped by key (sort it first)"
	printf 'record\tactor\nzz\n' >"$BATS_TEST_TMPDIR/bad.tsv"
	run "$BIN/$T" --names "$BATS_TEST_TMPDIR/bad.tsv" --emit-keys "$DIR/chain.in"
	assert_equal "$status" 1
	assert_output "diff-sources: $BATS_TEST_TMPDIR/bad.tsv:2: expected 2 fields, found 1"
	printf 'event\tpairs\tdoc_id\nx\ty\tz\n' >"$BATS_TEST_TMPDIR/paired.tsv"
	run "$BIN/$T" --components "$BATS_TEST_TMPDIR/paired.tsv"
	assert_equal "$status" 1
	assert_output --partial "$BATS_TEST_TMPDIR/paired.tsv:2: event: expected an id of --pairs"
	run "$BIN/$T" --names /nonexistent/names.tsv --emit-keys "$DIR/chain.in"
	assert_equal "$status" 1
	assert_output --partial "/nonexistent/names.tsv: cannot open"
}
