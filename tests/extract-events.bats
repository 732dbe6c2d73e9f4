#!/usr/bin/env bats
# extract-events: events in CAMEO from sentence rows with entities. The fixtures are a story
# written for these tests, told by three outlets (tests/fixtures/extract-events/story.in is
# tag-entities' output for it, frozen so that only extract-events is tested here).

load helpers

T=extract-events
DIR=$FIXTURES/extract-events

# story NAME...: the named columns of extract-events' output for the story
story() {
	"$BIN/$T" "$DIR/story.in" | col "$@"
}

# col NAME...: the named columns of extract-events' output on stdin, tab-separated
col() {
	awk -F'\t' -v want="$*" 'BEGIN { n = split(want, w, " ") }
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ line = ""; for (k = 1; k <= n; k++) line = line (k > 1 ? "\t" : "") $(c[w[k]]); print line }'
}

@test "extract-events: the story's events, exactly (codes, actors, dates, times, durations, counts, conditions, sources, modality)" {
	run_case "$T" story
	assert_equal "$status" 0
}

@test "extract-events: --format gdelt writes GDELT 2.0's 61 columns, symmetric consultations both ways" {
	"$BIN/$T" --format gdelt <"$DIR/story.in" >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/story-gdelt.out" "$BATS_TEST_TMPDIR/out"
	run awk -F'\t' 'NF != 61' "$DIR/story-gdelt.out"
	assert_output ""
}

@test "extract-events: two calls in a day: the second with its duration, the first made from 'the first call'" {
	run story doc_id code actor1 actor2 date duration attributed_to
	assert_line --index 0 "$(printf 'alpha-1\t041\tEmmanuel Macron\tOlaf Scholz\t2023-03-05\t~PT1H\tElysée')"
	assert_line --index 1 "$(printf 'alpha-1\t041\tEmmanuel Macron\tOlaf Scholz\t2023-03-05\tPT45M\t')"
}

@test "extract-events: one instant said in two zones is one time_utc; 'initiated by' makes the initiator actor1" {
	run sh -c "'$BIN/$T' '$DIR/story.in' | awk -F'\t' '\$1 == \"vesti-1\" && \$13 == \"041\"'"
	assert_output --partial "$(printf 'Olaf Scholz\tffa3a00e3578539f\tDEUGOV\tEmmanuel Macron\tcb5162ae3b5ffdf9\tFRAGOV')"
	# no day is said in this Moscow story of 6 March: 1 a.m. in Moscow is the 6th, 11 p.m. in
	# Berlin the 5th, and the instant both name is 22:00Z on the 5th; the date is Moscow's
	assert_output --partial "$(printf '2023-03-06\t11 p.m. Berlin time (1 a.m. Moscow time)\t2023-03-05T22:00Z')"
}

@test "extract-events: a summit agreed in principle with its condition is a conditional 036" {
	run story code actor1 actor2 condition modality
	assert_line "$(printf '036\tEmmanuel Macron\tOlaf Scholz\tas long as the ceasefire holds\tconditional')"
}

@test "extract-events: counts with their qualifier and unit" {
	run story code quantity unit
	assert_line "$(printf '196\t>120\tviolation')"
	assert_line "$(printf '154\t~150000\ttroop')"
}

@test "extract-events: a denial, an accusation, a passive, a planned meeting, a threat, a sanction's condition" {
	run story code actor1 actor2 condition date attributed_to modality
	assert_line "$(printf '194\tRussia\tUkraine\t\t\tKremlin\tdenied')"
	assert_line "$(printf '1123\tSergey Lavrov\tUkraine\t\t\t\talleged')"
	assert_line "$(printf '194\tseparatists\tUkraine\t\t2023-03-04\tTASS\tasserted')"
	assert_line "$(printf '036\tSergey Lavrov\tCatherine Colonna\t\t2023-03-09\t\tplanned')"
	assert_line "$(printf '1312\tEuropean Union\tRussia\tif the attacks continue\t\t\tconditional')"
	assert_line "$(printf '036\tGermany\tRussia\t\t\t\texpected')"
}

@test "extract-events: event ids are stable: the same input gives the same ids, all different" {
	a=$("$BIN/$T" "$DIR/story.in" | col event_id)
	b=$("$BIN/$T" "$DIR/story.in" | col event_id)
	assert_equal "$a" "$b"
	assert_equal "$(sort <<<"$a" | uniq -d)" ""
	[[ $(sed -n 1p <<<"$a") =~ ^[0-9a-f]{16}$ ]]
}

@test "extract-events: sentences without entities or without events give no rows and no error" {
	run_case "$T" no-events
	assert_equal "$status" 0
}

@test "extract-events: a malformed entities column is an error with file, line and byte" {
	run "$BIN/$T" "$DIR/bad-entities.in"
	assert_equal "$status" 1
	assert_line "extract-events: $DIR/bad-entities.in:3: entities: byte 31: unknown type (PER, LOC, ORG, NORP, MISC, DATE, TIME, DURATION, QUANTITY, MONEY, PERCENT)"
}

@test "extract-events: a mention outside its sentence is an error" {
	printf 'text\tentities\nMacron.\tPER:Macron@0-60=Emmanuel Macron\n' >"$BATS_TEST_TMPDIR/in.tsv"
	run "$BIN/$T" "$BATS_TEST_TMPDIR/in.tsv"
	assert_equal "$status" 1
	assert_output --partial "in.tsv:2: entities: byte 4: "
}

@test "extract-events: no entities column (tag-entities forgotten), or one named with -e and missing, is a usage error" {
	printf 'doc_id\ttext\nd\tMacron called Putin.\n' >"$BATS_TEST_TMPDIR/in.tsv"
	run "$BIN/$T" "$BATS_TEST_TMPDIR/in.tsv"
	assert_equal "$status" 2
	assert_output --partial "no column 'entities' in input (columns: doc_id, text)"
	run "$BIN/$T" -e mentions "$BATS_TEST_TMPDIR/in.tsv"
	assert_equal "$status" 2
	assert_output --partial "no column 'mentions'"
}

@test "extract-events: empty input gives nothing; a header alone gives the header" {
	run "$BIN/$T" </dev/null
	assert_equal "$status" 0
	assert_output ""
	run sh -c "printf 'text\tentities\n' | '$BIN/$T'"
	assert_equal "$status" 0
	assert_output --partial "$(printf 'evidence\tentities\tevent_id\tcode')"
}

@test "extract-events: --patterns adds an event pattern" {
	printf '# a user pattern\n0231\tbegged\t(?<a1>{{ACT}})\\s+begged\\s+(?<a2>{{ACT}})\\s+for\\s+food\n' >"$BATS_TEST_TMPDIR/p.tsv"
	printf 'text\tentities\nMacron begged Putin for food.\tPER:Macron@0-6=Emmanuel Macron;PER:Putin@14-19=Vladimir Putin\n' >"$BATS_TEST_TMPDIR/in.tsv"
	run col code actor1 actor2 < <("$BIN/$T" --patterns "$BATS_TEST_TMPDIR/p.tsv" "$BATS_TEST_TMPDIR/in.tsv")
	assert_output "$(printf '0231\tEmmanuel Macron\tVladimir Putin')"
}

@test "extract-events: an unknown CAMEO code in a user pattern is file:line, exit 1" {
	printf '# comment\n0999\tcall\t(?<a1>{{ACT}}) call\n' >"$BATS_TEST_TMPDIR/p.tsv"
	run "$BIN/$T" --patterns "$BATS_TEST_TMPDIR/p.tsv" "$DIR/story.in"
	assert_equal "$status" 1
	assert_output "extract-events: $BATS_TEST_TMPDIR/p.tsv:2: unknown CAMEO code '0999' (see data/cameo.tsv)"
}

@test "extract-events: a pattern pcre2 refuses is file:line with the offset, exit 1" {
	printf '041\tcall\t(?<a1>{{ACT}} call\n' >"$BATS_TEST_TMPDIR/p.tsv"
	run "$BIN/$T" --patterns "$BATS_TEST_TMPDIR/p.tsv" "$DIR/story.in"
	assert_equal "$status" 1
	assert_output --regexp "^extract-events: $BATS_TEST_TMPDIR/p.tsv:1: bad pattern at [0-9]+: "
}

@test "extract-events: a catastrophic user pattern stops at the match limit with one warning; rows still processed" {
	printf '010\t*\t(?:(?:\\w+\\s?)+)+\\d$\n' >"$BATS_TEST_TMPDIR/p.tsv"
	run timeout 60 "$BIN/$T" --patterns "$BATS_TEST_TMPDIR/p.tsv" "$DIR/story.in"
	assert_equal "$status" 0
	assert_equal "$(grep -c 'stopped at the match limit' <<<"$output")" 1
	assert_line --partial "extract-events: $BATS_TEST_TMPDIR/p.tsv:1: warning:"
	assert_equal "$(grep -c $'\t041\t' <<<"$output")" "$("$BIN/$T" "$DIR/story.in" | grep -c $'\t041\t')"
}

@test "extract-events: a 1 MB sentence is processed in bounded time" {
	awk 'BEGIN { printf "doc_id\ttext\tentities\nd\tMacron called Putin."; for (i = 0; i < 20000; i++) printf " Macron and Putin held talks again"; printf "\tPER:Macron@0-6=Emmanuel Macron;PER:Putin@14-19=Vladimir Putin\n" }' >"$BATS_TEST_TMPDIR/big.tsv"
	run timeout 60 "$BIN/$T" "$BATS_TEST_TMPDIR/big.tsv"
	assert_equal "$status" 0
	assert_equal "$(grep -c $'\t041\t' <<<"$output")" 1
}

# huge_row SIZE: one sentence row of at least SIZE bytes: the sentences of the fixtures (those
# without escapes), their entities' offsets shifted, joined by blanks again and again
huge_row() {
	LC_ALL=C awk -v size="$1" 'BEGIN { FS = "\t" }
	FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	index($0, "\\") == 0 && $(c["text"]) != "" { txt[n] = $(c["text"]); ent[n] = $(c["entities"]); n++ }
	END {
		printf "doc_id\tpublished\ttext\tentities\nhuge\t2022-02-21T10:00:00+01:00\t"
		for (k = 0; at < size; k = (k + 1) % n) {
			if (at) { printf " "; at++ }
			printf "%s", txt[k]
			m = split(ent[k], e, ";")
			for (j = 1; j <= m; j++)
				if (match(e[j], /@[0-9]+-[0-9]+=/)) {
					split(substr(e[j], RSTART + 1, RLENGTH - 2), se, "-")
					men[nm++] = substr(e[j], 1, RSTART) (se[1] + at) "-" (se[2] + at) substr(e[j], RSTART + RLENGTH - 1)
				}
			at += length(txt[k])
		}
		printf "\t"
		for (j = 0; j < nm; j++) printf "%s%s", j ? ";" : "", men[j]
		printf "\n"
	}' $(ls "$DIR"/*.in | grep -v bad-entities)
}

# Every pattern the fixtures wake runs over the whole of such a row, from the gate words all
# over it: the ends of the actor blocks of its 150,000 starts outgrew their cache, and were
# found again for each of the hundreds of patterns (about 30 s for 4 MB, 16 s for 2.5 MB of
# news); a block of starts at a time for all the patterns, and windows around the gate
# words, make it seconds. The timeout is only a guard against a hang.
@test "extract-events: a 4 MB sentence of the fixtures' sentences joined is processed and its events found" {
	huge_row 4000000 >"$BATS_TEST_TMPDIR/huge.tsv"
	[ "$(stat -c %s "$BATS_TEST_TMPDIR/huge.tsv")" -gt 4000000 ]
	run timeout 300 "$BIN/$T" "$BATS_TEST_TMPDIR/huge.tsv"
	assert_equal "$status" 0
	[ "$(grep -c $'^huge\t' <<<"$output")" -ge 10 ]
	assert_line --partial $'\t112\t'
}

@test "extract-events: --help and bad options" {
	run "$BIN/$T" --help
	assert_equal "$status" 0
	assert_output --partial "Usage: extract-events"
	run "$BIN/$T" --format xml
	assert_equal "$status" 2
	run "$BIN/$T" --no-such-option
	assert_equal "$status" 2
}

@test "extract-events: the user's documents: the calls, the summit, the ministers' meeting, the truce violations" {
	[ -f "$SHARED/seeds/manifest.tsv" ] || skip "../shared/seeds is absent"
	"$BIN/ingest" --manifest "$SHARED/seeds/manifest.tsv" | "$BIN/segment" --with-title | "$BIN/tag-entities" |
		"$BIN/$T" | col source code actor1 actor2 date time_utc duration quantity unit condition modality >"$BATS_TEST_TMPDIR/ev"
	ev() { grep -qF -- "$(printf "$1")" "$BATS_TEST_TMPDIR/ev" || { echo "missing: $1"; cat "$BATS_TEST_TMPDIR/ev"; return 1; }; }
	# 20 February: the first call, 1 h 45 min; the second, about an hour at 23:00 Paris time
	ev 'CNN\t041\tEmmanuel Macron\tVladimir Putin\t2022-02-20\t\tPT1H45M'
	ev 'CNN\t041\tEmmanuel Macron\tVladimir Putin\t2022-02-20\t2022-02-20T22:00Z\tPT1H'
	# the second, initiated by Macron (TASS), in the early hours of Monday
	ev 'TASS\t041\tEmmanuel Macron\tVladimir Putin\t2022-02-21'
	# Macron's calls with Biden (15 minutes) and Zelensky
	ev 'CNN\t041\tJoe Biden\tEmmanuel Macron\t2022-02-20\t\tPT15M'
	ev '041\tEmmanuel Macron\tVolodymyr Zelensky'
	# 12 February, 1 h 40 min; 3 February
	ev 'unknown-outlet-b\t041\tEmmanuel Macron\tVladimir Putin\t2022-02-12\t\tPT1H40M'
	ev 'unknown-outlet-a\t041\tEmmanuel Macron\tVladimir Putin\t2022-02-03'
	# the summit accepted in principle, with its condition
	ev 'CNN\t036\tJoe Biden\tVladimir Putin\t2022-02-20\t\t\t\t\tas long as Russia does not further invade Ukraine\tconditional'
	# the Blinken-Lavrov meeting planned for 24 February
	ev '036\tAntony Blinken\tSergey Lavrov\t2022-02-24'
	ev '036\tSergey Lavrov\tAntony Blinken\t2022-02-24'
	# the truce violations with their counts
	ev 'CNN\t196\t\t\t\t\t\t>100\tviolation'
	ev '196\tRussia\t\t2022-02-19\t\t\t66\tviolation'
}

# ---- the contract of every filter (tests/contract.bats and tests/reader.bats leave
# extract-events out: it writes events, not its input rows)

@test "extract-events: contract: --version, --help into a full disk, a missing file" {
	run "$BIN/$T" --version
	assert_output --regexp "^extract-events \(crosscheck\) [0-9]+\.[0-9]+\.[0-9]+$"
	run bash -c "'$BIN/$T' --help >/dev/full"
	assert_equal "$status" 1
	assert_output "extract-events: write error: No space left on device"
	run "$BIN/$T" /nonexistent/x.tsv
	assert_equal "$status" 1
	assert_output "extract-events: /nonexistent/x.tsv: cannot open: No such file or directory"
}

@test "extract-events: contract: CRLF input and --csv input give what the TSV gives" {
	sed 's/$/\r/' "$DIR/story.in" >"$BATS_TEST_TMPDIR/crlf"
	"$BIN/$T" "$BATS_TEST_TMPDIR/crlf" >"$BATS_TEST_TMPDIR/b"
	diff -u "$DIR/story.out" "$BATS_TEST_TMPDIR/b"
	# the story as CSV: every field quoted, quotes doubled
	awk -F'\t' '{ line = ""; for (i = 1; i <= NF; i++) { f = $i; gsub(/"/, "\"\"", f); line = line (i > 1 ? "," : "") "\"" f "\"" } print line }' \
		"$DIR/story.in" >"$BATS_TEST_TMPDIR/story.csv"
	"$BIN/$T" --csv "$BATS_TEST_TMPDIR/story.csv" >"$BATS_TEST_TMPDIR/c"
	diff -u "$DIR/story.out" "$BATS_TEST_TMPDIR/c"
}

@test "extract-events: contract: a ragged row exits 1 naming the line, after the documents before it" {
	{ head -3 "$DIR/story.in"; printf 'vesti-1\tVesti Wire\n'; } >"$BATS_TEST_TMPDIR/in.tsv"
	run "$BIN/$T" "$BATS_TEST_TMPDIR/in.tsv"
	assert_equal "$status" 1
	assert_line "extract-events: $BATS_TEST_TMPDIR/in.tsv:4: expected 11 fields, found 2"
}

@test "extract-events: contract: a closed pipe ends quietly; a full disk exits 1 with a message" {
	for i in $(seq 300); do sed -n '2,$p' "$DIR/story.in" | sed "s/^/$i/"; done | sed "1i $(head -1 "$DIR/story.in")" >"$BATS_TEST_TMPDIR/big"
	run bash -c "set -o pipefail; '$BIN/$T' '$BATS_TEST_TMPDIR/big' | head -1"
	assert_success
	assert_output --regexp $'^doc_id\t'
	run bash -c "'$BIN/$T' '$DIR/story.in' >/dev/full"
	assert_equal "$status" 1
	assert_output "extract-events: write error: No space left on device"
}

@test "extract-events: contract: --progress reports on stderr and leaves stdout alone" {
	"$BIN/$T" --progress "$DIR/story.in" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
	diff -u "$DIR/story.out" "$BATS_TEST_TMPDIR/out"
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output --regexp "^extract-events: 18 rows, 0\.0 MB, [0-9.]+ MB/s \(done\)$"
}

# ---- dates, times, places, the two actors named again, an outlet's negated confirm. The
# fixtures dates, location, pairs and unconfirmed are stories written for these tests, frozen
# after segment --with-title | tag-entities.

# attrs CASE NAME...: the named columns of extract-events' output for fixture CASE
attrs() {
	local case=$1
	shift
	"$BIN/$T" "$DIR/$case.in" | col "$@"
}

@test "extract-events: dates, parts of days and zones, exactly" {
	run_case "$T" dates
	assert_equal "$status" 0
}

@test "extract-events: a visit of whole days is the interval of its days; a noun's duration is its own event's" {
	# "will pay a two-day visit to Norway on Friday" (published on a Tuesday) is 6-7 March with
	# P2D; "a meeting with Store when she pays a three-day visit" gives P3D to the visit only;
	# "held a two-hour meeting with" has its actor1 and PT2H; "two days ago" is 1 March
	"$BIN/$T" <"$DIR/visits.in" | awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
		{ print $c["doc_id"], $c["sent"], $c["code"], $c["actor1"], $c["actor2"], $c["date"], $c["duration"], $c["modality"] }' >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/visits.out" "$BATS_TEST_TMPDIR/out"
}

@test "extract-events: a verb phrase after 'and' shares the subject before it" {
	# "arrived in Dorvia ... and met President Karl Dorn" is Marek's meeting (040) beside her
	# visit; "rejected the offer and accused Valmora" Dorvia's accusation, alleged as any
	# accusation, not denied for the "rejected" before it; "rising prices and declining
	# exports" are no verb phrases (no event); "urged her not to close the border" is an
	# appeal (020), asserted: its content is negated, not the appeal; "criticised Dorvia and
	# urged Valmora" criticises Dorvia alone; "France and Germany condemned ... and accused
	# Dorvia" is an accusation by each (their condemnations, with no target, are told again
	# in the accusations: one event each); "Marek met Dorn ... and urged him to withdraw" is
	# an appeal to Dorn, not to Marek, whom "him" would be as the person the sentence began with
	"$BIN/$T" <"$DIR/shared.in" | awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
		{ print $c["doc_id"], $c["sent"], $c["code"], $c["actor1"], $c["actor2"], $c["date"], $c["modality"] }' >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/shared.out" "$BATS_TEST_TMPDIR/out"
}

@test "extract-events: 'declined' is a refusal of an act or a thing, a declined comment, or a fall in figures; 'fight' a plan is opposing it" {
	# "declined to comment", "declined to specify the size": 011; "exports declined 12 pct",
	# "output declined to 4.2 billion euros": no event (they were rejections, 120); "declined
	# the invitation", "declined to attend": 120; "declined to withdraw its troops": 1246;
	# "will fight the Dorvian plan" an opposition (110), planned; "fought Valmora" fighting (190)
	"$BIN/$T" <"$DIR/declines.in" | awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
		{ print $c["doc_id"], $c["sent"], $c["code"], $c["actor1"], $c["actor2"], $c["modality"] }' >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/declines.out" "$BATS_TEST_TMPDIR/out"
}

@test "extract-events: a sum of aid is the event's quantity, its currency the unit" {
	# "pledged $130 million in aid to Valmora" is an intent to give aid (033) of 130000000 USD;
	# "more than 20 million euros in humanitarian aid" is >20000000 EUR of 073; "some 500
	# million dollars" a loan (071) of ~500000000; "a £2m donation" 2000000 GBP
	"$BIN/$T" <"$DIR/aid.in" | awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
		{ print $c["doc_id"], $c["sent"], $c["code"], $c["actor1"], $c["actor2"], $c["date"], $c["quantity"], $c["unit"], $c["modality"] }' >"$BATS_TEST_TMPDIR/out"
	diff -u "$DIR/aid.out" "$BATS_TEST_TMPDIR/out"
}

@test "extract-events: a vague date is a date interval against published (a Wednesday)" {
	run attrs dates sent code date modality
	assert_line "$(printf '0\t036\t2023-05-15/2023-05-21\tplanned')"   # next week
	assert_line "$(printf '6\t042\t2023-04\tasserted')"                # last month
	assert_line "$(printf '7\t043\t2023-05-06/2023-05-07\tasserted')"  # over the weekend: the one past
	assert_line "$(printf '8\t042\t2023-05-13/2023-05-14\tplanned')"   # will ... this weekend: the coming one
}

@test "extract-events: a part of a day is a time_utc interval in the zone stated, else the dateline's, else published's" {
	run attrs dates doc_id date time time_utc
	# KYIV dateline, summer time (UTC+3): the early hours are 00:00-06:00 there
	assert_line "$(printf 'beta-1\t2023-05-09\tin the early hours of Tuesday\t2023-05-08T21:00Z/2023-05-09T03:00Z')"
	# "late Monday Paris time": 18:00-24:00 Paris (UTC+2), not Kyiv
	assert_line "$(printf 'beta-1\t2023-05-08\tlate Monday Paris time\t2023-05-08T16:00Z/2023-05-08T22:00Z')"
	# no dateline; published 2023-05-10T09:00:00-04:00: its offset
	assert_line "$(printf 'gamma-1\t2023-05-08\tMonday afternoon\t2023-05-08T16:00Z/2023-05-08T22:00Z')"
	# no dateline, published with no time: no zone, no instant
	assert_line "$(printf 'delta-1\t2023-05-05\tFriday morning\t')"
}

@test "extract-events: a clock time with no zone is the dateline's local time; 'local time' of an unnamed place has no instant" {
	run attrs dates doc_id code time time_utc
	assert_line "$(printf 'beta-1\t040\t11:30 a.m.\t2023-05-10T08:30Z')"
	assert_line "$(printf 'beta-1\t194\t9 p.m.\t')"
	assert_line "$(printf 'delta-1\t041\t1:00 am\t')"
}

@test "extract-events: location: a LOC after in/at in the event's clause, exactly" {
	run_case "$T" location
	assert_equal "$status" 0
	run attrs location sent actor1 actor2 location
	# "Putin of Russia and Erdogan of Turkey met in Sochi": the countries are the actors'
	assert_line "$(printf '0\tVladimir Putin\tRecep Tayyip Erdoğan\tSochi')"
	# "discussed the situation in Ukraine": the topic's place, not the event's
	assert_line "$(printf '2\tEmmanuel Macron\tOlaf Scholz\t')"
	# "..., while fighting continued in Donetsk": another clause
	assert_line "$(printf '3\tOlaf Scholz\tVolodymyr Zelensky\tKyiv')"
	# "In Geneva, Lavrov met Blinken": the sentence's place
	assert_line "$(printf '4\tSergey Lavrov\tAntony Blinken\tGeneva')"
	# "in Turkey's capital": a place of Turkey's, not Turkey
	assert_line "$(printf '5\tSergey Lavrov\tRecep Tayyip Erdoğan\t')"
}

@test "extract-events: 'the two leaders', 'They', 'both sides' are the actors of the latest consultation, when it is unambiguous" {
	run_case "$T" pairs
	assert_equal "$status" 0
	run attrs pairs doc_id sent code actor1 actor2 evidence
	assert_line "$(printf 'pair-1\t2\t030\tEmmanuel Macron\tVladimir Putin\tThe two leaders agreed to continue contacts.')"
	# "They also discussed the grain deal": no event of its own, so it joins the call
	assert_line --partial "$(printf 'pair-1\t0\t041\tEmmanuel Macron\tVladimir Putin\t')"
	assert_output --partial "| They also discussed the grain deal."
	assert_line "$(printf 'pair-1\t4\t051\tOlaf Scholz\tEmmanuel Macron\tScholz praised both sides.')"
	assert_line "$(printf 'pair-1\t4\t051\tOlaf Scholz\tVladimir Putin\tScholz praised both sides.')"
	# two meetings of different pairs before it, or none: no event
	refute_line --partial "$(printf 'pair-2\t3\t')"
	refute_line --partial "pair-3"
}

@test "extract-events: a news outlet's negated confirm makes the sentence's asserted events alleged, its source unchanged" {
	run_case "$T" unconfirmed
	assert_equal "$status" 0
	run attrs unconfirmed sent code actor1 actor2 location attributed_to modality
	assert_line "$(printf '1\t194\tRussia\tUkraine\tKharkiv\tUkraine\talleged')"
	assert_line "$(printf '2\t040\tSergey Lavrov\tAntony Blinken\tGeneva\t\talleged')"
	assert_line "$(printf '3\t040\tVladimir Putin\tRecep Tayyip Erdoğan\tSochi\tKremlin\tasserted')"
	refute_line --partial "$(printf '\t010\tCNN')"
}

@test "extract-events: --format gdelt: an interval of days is dated by its first day; a month, like no date, by published" {
	run sh -c "'$BIN/$T' --format gdelt '$DIR/dates.in' | cut -f2,6,16"
	assert_line "$(printf '20230515\tUKRGOV\tDEUGOV')"  # next week: 2023-05-15/2023-05-21
	assert_line "$(printf '20230510\tUKRGOV\tPOL')"     # last month: 2023-04
}

@test "extract-events: a statement is made whatever it says will be; what 'would' be done is planned" {
	# "Ivo Marandu said the ferry would sail on time" is a statement made (asserted), not a
	# planned one; "The United States and Britain said they would block a move" is a planned
	# veto
	run sh -c "'$BIN/$T' '$FIXTURES/extract-events/pronouns.in' | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
		\$c[\"doc_id\"] == \"pron-1\" || \$c[\"doc_id\"] == \"pron-6\" { print \$c[\"code\"], \$c[\"actor1\"], \$c[\"modality\"] }'"
	assert_success
	assert_output "$(printf '129 United States planned\n129 United Kingdom planned\n010 Ivo Marandu asserted')"
}
