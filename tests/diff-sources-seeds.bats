#!/usr/bin/env bats
# Acceptance of diff-sources on the user's documents (issue 10): ../shared/seeds through
#   ingest --manifest manifest.tsv | segment --with-title | tag-entities | extract-events | diff-sources
# Each test is one case of the issue, checked on the columns it names. Skipped when ../shared/seeds
# is absent.

load helpers

setup_file() {
	OUT=$BATS_FILE_TMPDIR/comparison.tsv
	export OUT
	[ -r "$SHARED/seeds/manifest.tsv" ] || return 0
	"$BIN/ingest" --manifest "$SHARED/seeds/manifest.tsv" | "$BIN/segment" --with-title |
		"$BIN/tag-entities" | "$BIN/extract-events" | "$BIN/diff-sources" >"$OUT" 2>"$BATS_FILE_TMPDIR/err"
}

setup() {
	[ -r "$SHARED/seeds/manifest.tsv" ] || skip "$SHARED/seeds is absent"
}

# rows CODE ACTOR ACTOR ATTRIBUTE: "cluster<TAB>source<TAB>value<TAB>status" of the rows of that
# attribute in clusters of that code whose actors hold both names
rows() {
	awk -F'\t' -v code="$1" -v a="$2" -v b="$3" -v attr="$4" \
		'NR > 1 && $3 == code && index($4, a) && index($4, b) && $5 == attr { print $1 "\t" $6 "\t" $9 "\t" $10 }' "$OUT"
}

@test "diff-sources seeds: the second call of 20 February is one cluster of CNN and TASS, its dates and times compatible" {
	run rows 041 "Emmanuel Macron" "Vladimir Putin" time
	# the cluster where CNN's 11 p.m. Paris time and TASS's 1:00 am meet
	local cluster
	cluster=$(awk -F'\t' '$2 == "TASS" && $3 == "1:00 am" { print $1 }' <<<"$output")
	[ -n "$cluster" ]
	assert_line "$(printf '%s\tCNN\t11 p.m. Paris time (1 a.m. Moscow time)\tcompatible' "$cluster")"
	assert_line "$(printf '%s\tTASS\t1:00 am\tcompatible' "$cluster")"
	run rows 041 "Emmanuel Macron" "Vladimir Putin" date
	assert_line "$(printf '%s\tCNN\t2022-02-20\tcompatible' "$cluster")"
	assert_line "$(printf '%s\tTASS\t2022-02-21\tcompatible' "$cluster")"
}

@test "diff-sources seeds: the Biden-Putin summit shows the condition that TASS omits" {
	run rows 036 "Joe Biden" "Vladimir Putin" condition
	assert_line --regexp "$(printf '\tCNN\tas long as Russia does not further invade Ukraine\t(compatible|agree)$')"
	assert_line --regexp "$(printf '\tTASS\t\tomits$')"
}

@test "diff-sources seeds: the ceasefire violation counts conflict" {
	run awk -F'\t' 'NR > 1 && $3 == "196" && $5 == "quantity" { print $6 "\t" $9 "\t" $10 }' "$OUT"
	assert_line "$(printf 'CNN\t>100 violation\tconflict')"
	assert_line "$(printf 'The Epoch Times\t66 violation\tconflict')"
}

@test "diff-sources seeds: the 3, 12 and 20 February Macron-Putin calls are separate clusters" {
	run bash -c "awk -F'\t' 'NR > 1 && \$3 == \"041\" && index(\$4, \"Emmanuel Macron\") && index(\$4, \"Vladimir Putin\") { print \$2 }' '$OUT' | sort -u"
	assert_line 2022-02-03
	assert_line 2022-02-12
	assert_line 2022-02-20
	# two on the 20th: the morning call and the one at 23:00 Paris time
	run bash -c "awk -F'\t' 'NR > 1 && \$3 == \"041\" && \$2 == \"2022-02-20\" && index(\$4, \"Emmanuel Macron\") && index(\$4, \"Vladimir Putin\") { print \$1 }' '$OUT' | sort -u | wc -l"
	assert_output 2
}

@test "diff-sources seeds: Macron's call with Scholz is only TASS's" {
	run rows 041 "Emmanuel Macron" "Olaf Scholz" actor2
	assert_output --regexp "$(printf '^[^\t]+\tTASS\tOlaf Scholz\tonly$')"
}
