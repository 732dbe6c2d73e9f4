#!/usr/bin/env bats
# diff-sources: events of several outlets grouped into happenings and compared attribute by
# attribute. tests/fixtures/diff-sources/story.in is a fictional story written for these tests
# (Arvenia, Belmora and the town of Tarvo), as extract-events would give it, told by three
# outlets: Harbor Post, Eastern Courier and Morning Ledger. Each case below says which rows of it
# show the behaviour; story.out holds all of them.

load helpers

T=diff-sources
DIR=$FIXTURES/diff-sources

# rows CLUSTER_CODE ATTRIBUTE: "source<TAB>value<TAB>status" of the story's rows of that
# attribute in the clusters of that code and date (CODE@DATE)
rows() {
	awk -F'\t' -v code="${1%@*}" -v date="${1#*@}" -v attr="$2" \
		'NR > 1 && $3 == code && $2 == date && $5 == attr { print $6 "\t" $9 "\t" $10 }' "$DIR/story.out"
}

@test "diff-sources: the story's comparison, exactly (TSV sorted byte by byte)" {
	run_case "$T" story
	assert_equal "$status" 0
	run bash -c "tail -n +2 '$DIR/story.out' | LC_ALL=C sort -c"
	assert_success
}

@test "diff-sources: the story as a text report: conflicts first, the sentences each outlet used" {
	"$BIN/$T" --format text <"$DIR/story.in" | diff -u "$DIR/story-text.out" -
	head -4 "$DIR/story-text.out" | grep -q '196 Violate ceasefire: Belmora, Arvenia'
}

@test "diff-sources: --coverage, as TSV and as text" {
	"$BIN/$T" --coverage <"$DIR/story.in" | diff -u "$DIR/story-coverage.out" -
	"$BIN/$T" --coverage --format text <"$DIR/story.in" | diff -u "$DIR/story-coverage-text.out" -
}

@test "diff-sources: one call told with different local dates is one cluster; its instants agree, its durations conflict" {
	run rows 041@2025-05-10 date
	assert_output "$(printf 'Eastern Courier\t2025-05-11\tcompatible\nHarbor Post\t2025-05-10\tcompatible')"
	run rows 041@2025-05-10 time
	assert_output "$(printf 'Eastern Courier\t1:00 am\tcompatible\nHarbor Post\t11 p.m. Arvenia time\tcompatible')"
	run rows 041@2025-05-10 duration
	assert_output "$(printf 'Eastern Courier\tPT1H45M\tconflict\nHarbor Post\tPT1H\tconflict\nMorning Ledger\t\tomits')"
}

@test "diff-sources: the actors of a call in either order are one pair; the same actors on another day are another cluster" {
	run rows 041@2025-05-10 actor1
	assert_output "$(printf 'Eastern Courier\tAna Sorel\tagree\nHarbor Post\tAna Sorel\tagree\nMorning Ledger\tAna Sorel\tagree')"
	run rows 041@2025-05-03 duration
	assert_output "$(printf 'Harbor Post\tPT40M\tonly')"
}

@test "diff-sources: a condition two outlets state and the third leaves out" {
	run rows 036@2025-05-19 condition
	assert_output "$(printf 'Eastern Courier\t\tomits\nHarbor Post\tif the border stays quiet\tcompatible\nMorning Ledger\tas long as the border stays quiet\tcompatible')"
}

@test "diff-sources: counts: 66 against more than 100 conflict; about 150,000 and up to 190,000 do not" {
	run rows 196@2025-05-09 quantity
	assert_output "$(printf 'Eastern Courier\t>100 violation\tconflict\nHarbor Post\t66 violation\tconflict')"
	run rows 154@2025-05-11 quantity
	assert_output "$(printf 'Harbor Post\t~150000 troop\tcompatible\nMorning Ledger\t<=190000 troop\tcompatible')"
}

@test "diff-sources: a toll that rises: in order of publication, a source's own later figure is revised" {
	run rows 190@2025-05-12 quantity
	assert_output "$(printf 'Eastern Courier\t126 people\tconflict\nEastern Courier\t141 people\trevised\nHarbor Post\t>=145 people\tconflict')"
	grep -A14 '190 Use conventional' "$DIR/story-text.out" | grep -q '126 people  (published 2025-05-13T09:00:00Z)'
	grep -A18 '190 Use conventional' "$DIR/story-text.out" | grep -q 'the count rises in the order the reports were published'
	# counts that fall as reports come in are no developing story
	run grep -A14 '196 Violate ceasefire' "$DIR/story-text.out"
	refute_output --partial 'the count rises'
}

@test "diff-sources: a name spelled three ways is one actor; a surname alone is the full name" {
	run rows 111@2025-05-12 actor1
	assert_output "$(printf 'Eastern Courier\tJelena Kovachich\tcompatible\nHarbor Post\tElena Kovačić\tcompatible\nMorning Ledger\tElena Kovacic\tcompatible')"
	run rows 010@2025-05-12 actor1
	assert_output "$(printf 'Harbor Post\tIvo Radić\tcompatible\nMorning Ledger\tRadic\tcompatible')"
}

@test "diff-sources: a surname that fits two full names is a tie: reported, not guessed" {
	run_case "$T" tie
	assert_equal "$status" 0
	run cut -f1 "$DIR/tie.out"
	assert_equal "$(sort -u <<<"$output" | wc -l)" 4 # the header and three clusters
}

@test "diff-sources: the same events in any order give the same rows and cluster ids" {
	for seed in 1 2 3; do
		{ head -1 "$DIR/story.in"; tail -n +2 "$DIR/story.in" | shuf --random-source=<(yes $seed); } |
			"$BIN/$T" | diff -u "$DIR/story.out" -
	done
}

@test "diff-sources: comm -13 between two runs shows only the rows the new events bring" {
	grep -v 'Morning Ledger' "$DIR/story.in" | "$BIN/$T" >"$BATS_TEST_TMPDIR/yesterday"
	"$BIN/$T" <"$DIR/story.in" >"$BATS_TEST_TMPDIR/today"
	run bash -c "comm -13 '$BATS_TEST_TMPDIR/yesterday' '$BATS_TEST_TMPDIR/today' | awk -F'\t' '\$10 == \"conflict\" || \$10 == \"omits\"' | cut -f2,3,5,6,10"
	# the Ledger's omission of the call's duration, and the rows its summit changed (the omission of
	# the condition now has a third source beside it)
	assert_line "$(printf '2025-05-10\t041\tduration\tMorning Ledger\tomits')"
	refute_line --partial "$(printf '196\tquantity')"
}

@test "diff-sources: one source: every cluster is only" {
	grep -e '^doc_id' -e 'Harbor Post' "$DIR/story.in" | "$BIN/$T" >"$BATS_TEST_TMPDIR/out"
	run awk -F'\t' 'NR > 1 { print $10 }' "$BATS_TEST_TMPDIR/out"
	assert_equal "$(sort -u <<<"$output")" "only"
}

@test "diff-sources: events with no date, no actors or an unknown code are clustered by what they have" {
	printf 'source\tcode\tactor1\tactor2\tquantity\tunit\tevidence\n' >"$BATS_TEST_TMPDIR/in"
	printf 'A\t999\t\t\t3\tboat\tThree boats.\nB\t999\t\t\t4\tboat\tFour boats.\nA\tXYZ\tPort\t\t\t\tOdd.\n' >>"$BATS_TEST_TMPDIR/in"
	run "$BIN/$T" "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_line "$(printf 'undated.999.%s\tundated\t999\t\tquantity\tA\t\t\t3 boat\tconflict\tThree boats.' "$(cut -d. -f3 <<<"${lines[1]%%	*}")")"
	assert_line --partial "$(printf '\tXYZ\tPort\tactor1\tA\t\t\tPort\tonly')"
}

@test "diff-sources: input without the columns it needs is a usage error listing the columns it has" {
	run "$BIN/$T" <<<"$(printf 'doc_id\ttext\nd1\thello\n')"
	assert_equal "$status" 2
	assert_output "diff-sources: <stdin>: missing column(s) source, code, actor1, actor2 (columns: doc_id, text); diff-sources reads extract-events' rows"
}

@test "diff-sources: empty input gives nothing; a header alone gives the header alone" {
	run "$BIN/$T" </dev/null
	assert_success
	assert_output ""
	run "$BIN/$T" <<<"$(head -1 "$DIR/story.in")"
	assert_success
	assert_output "$(head -1 "$DIR/story.out")"
}

@test "diff-sources: --exit-status: 1 on a disagreement, 0 on none, 2 on trouble" {
	run "$BIN/$T" --exit-status "$DIR/story.in"
	assert_equal "$status" 1
	run bash -c "grep -e '^doc_id' -e 'Harbor Post' '$DIR/story.in' | '$BIN/$T' --exit-status >/dev/null"
	assert_equal "$status" 0
	run "$BIN/$T" --exit-status <<<"$(printf 'text\nx\n')"
	assert_equal "$status" 2
	run bash -c "'$BIN/$T' --exit-status '$DIR/story.in' >/dev/full"
	assert_equal "$status" 2
	assert_output --partial "write error"
	run bash -c "'$BIN/$T' '$DIR/story.in' >/dev/full"
	assert_equal "$status" 1
}

@test "diff-sources: a bad option value is a usage error; --help shows an example pipeline" {
	run "$BIN/$T" --format pdf
	assert_equal "$status" 2
	assert_line --index 0 "diff-sources: --format: expected tsv, text or html, not 'pdf'"
	run "$BIN/$T" --help
	assert_success
	assert_output --partial "extract-events |"
}

@test "diff-sources: invalid UTF-8 and a ragged row" {
	printf 'source\tcode\tactor1\tactor2\nA\t041\tX\xff\tY\nB\t041\tX\xef\xbf\xbd\tY\n' >"$BATS_TEST_TMPDIR/in"
	run "$BIN/$T" "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_line --partial "$(printf 'actor1\tA\t\t\tX\xef\xbf\xbd\tagree')"
	printf 'source\tcode\tactor1\tactor2\nA\t041\tX\n' >"$BATS_TEST_TMPDIR/in"
	run "$BIN/$T" "$BATS_TEST_TMPDIR/in"
	assert_equal "$status" 1
	assert_output --partial "$BATS_TEST_TMPDIR/in:2:"
}

@test "diff-sources: 20,000 events from one source: no event lost, every cluster only" {
	awk 'BEGIN { OFS = "\t"; print "doc_id", "source", "published", "event_id", "code", "actor1", "actor2", "date", "evidence"
		for (i = 0; i < 20000; i++) print "d" i, "Wire", "2025-01-01", "e" i, "041", "Leader " i % 500, "Leader " (i + 1) % 500, "2025-01-" sprintf("%02d", 1 + i % 28), "Call " i "." }' \
		>"$BATS_TEST_TMPDIR/in"
	"$BIN/$T" "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out"
	# each event has its actor1 row, and with one source every row is only
	run awk -F'\t' 'NR > 1 && $5 == "actor1" { n++; if ($10 != "only") bad++ } END { print n + 0, bad + 0 }' "$BATS_TEST_TMPDIR/out"
	assert_output "20000 0"
}

@test "diff-sources: the evidence goes to a temporary file in \$TMPDIR; none there is a clear error" {
	mkdir "$BATS_TEST_TMPDIR/tmp"
	TMPDIR=$BATS_TEST_TMPDIR/tmp "$BIN/$T" "$DIR/story.in" | diff -u "$DIR/story.out" -
	run ls -A "$BATS_TEST_TMPDIR/tmp"
	assert_output "" # removed at once, whatever ends the run
	TMPDIR=$BATS_TEST_TMPDIR/none run "$BIN/$T" "$DIR/story.in"
	assert_equal "$status" 1
	assert_output "diff-sources: cannot make a temporary file in \$TMPDIR or /tmp: No such file or directory"
}

@test "diff-sources: CRLF input gives the same output; a closed pipe ends quietly" {
	sed 's/$/\r/' "$DIR/story.in" | "$BIN/$T" | diff -u "$DIR/story.out" -
	run bash -c "set -o pipefail; '$BIN/$T' --format text '$DIR/story.in' | head -1"
	assert_success
	assert_output "diff-sources: 20 events from 3 sources in 9 clusters; 4 with a conflict or an omission"
}

@test "diff-sources: transliterations of one name are one actor (Zelenskyy, Zelenskiy, Zelensky; Jelena, Yelena, Elena)" {
	{
		printf 'doc_id\tsource\tcode\tactor1\tactor2\tdate\n'
		printf 'a\tA\t041\tVolodymyr Zelenskyy\tYelena Markovich\t2025-03-01\n'
		printf 'b\tB\t041\tJelena Markovič\tVolodymyr Zelenskiy\t2025-03-01\n'
		printf 'c\tC\t041\tVolodymyr Zelensky\tElena Markovic\t2025-03-01\n'
		printf 'd\tD\t041\tVolodymyr Zelensky\tElena Marković-Ilić\t2025-03-01\n'
	} >"$BATS_TEST_TMPDIR/in"
	run bash -c "'$BIN/$T' '$BATS_TEST_TMPDIR/in' | awk -F'\t' 'NR > 1 && \$5 == \"actor2\" { print \$1 \"\t\" \$6 \"\t\" \$9 }'"
	# one call of A, B and C; D's minister has another name
	assert_equal "$(cut -f1 <<<"$output" | sort | uniq -c | awk '{ print $1 }' | sort -n | tr '\n' ' ')" "1 3 "
}

@test "diff-sources: --csv reads the same events as CSV, and a byte at a time gives the same" {
	python3 -c 'import csv, sys
w = csv.writer(sys.stdout, lineterminator="\r\n")
for line in open(sys.argv[1], encoding="utf-8"):
    w.writerow(line.rstrip("\n").split("\t"))' "$DIR/story.in" >"$BATS_TEST_TMPDIR/story.csv"
	"$BIN/$T" --csv "$BATS_TEST_TMPDIR/story.csv" | diff -u "$DIR/story.out" -
	"$BIN/$T" < <(while IFS= read -r -n1 -d '' c; do printf '%s' "$c"; done <"$DIR/story.in") | diff -u "$DIR/story.out" -
}

@test "diff-sources: a count with its unit, beside a time: the value is the count and its unit" {
	printf 'source\tcode\tactor1\tactor2\tquantity\tunit\ttime\nA\t194\tX\tY\t12\tpeople\tTuesday evening\nB\t194\tX\tY\t14\tpeople\tTuesday evening\n' >"$BATS_TEST_TMPDIR/in"
	run bash -c "'$BIN/$T' '$BATS_TEST_TMPDIR/in' | awk -F'\t' '\$5 == \"quantity\" || \$5 == \"time\" { print \$5 \"\t\" \$9 \"\t\" \$10 }'"
	assert_output "$(printf 'quantity\t12 people\tconflict\nquantity\t14 people\tconflict\ntime\tTuesday evening\tagree\ntime\tTuesday evening\tagree')"
}

@test "diff-sources: the bundled example: the injury counts and the dates conflict, the minister spelled three ways is one actor" {
	local ex=$BATS_TEST_DIRNAME/../examples/ferry
	"$BIN/ingest" --manifest "$ex/manifest.tsv" | "$BIN/segment" --with-title | "$BIN/tag-entities" |
		"$BIN/extract-events" | "$BIN/diff-sources" >"$BATS_TEST_TMPDIR/out"
	run awk -F'\t' '$3 == "194" && ($5 == "quantity" || $5 == "date") { print $5 "\t" $6 "\t" $9 "\t" $10 }' "$BATS_TEST_TMPDIR/out"
	assert_output "$(printf 'date\tAdriatic Wire\t2026-03-03\tconflict\ndate\tDaily Meridian\t2026-03-03\tconflict\ndate\tNorthern Ledger\t2026-03-04\tconflict\nquantity\tAdriatic Wire\t12 people\tconflict\nquantity\tDaily Meridian\t12 people\tconflict\nquantity\tNorthern Ledger\t14 people\tconflict')"
	# the call: one cluster with the three spellings of the minister
	run awk -F'\t' '$3 == "041" && $5 == "actor1" { print $1 "\t" $9 }' "$BATS_TEST_TMPDIR/out"
	assert_equal "$(cut -f1 <<<"$output" | sort -u | wc -l)" 1
	assert_equal "$(cut -f2 <<<"$output" | sort | tr '\n' '|')" "Elena Kovacic|Elena Kovačić|Jelena Kovachich|"
}
