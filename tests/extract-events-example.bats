#!/usr/bin/env bats
# extract-events on the bundled example (examples/ferry) through the whole pipeline, as
# diff-sources reads it: its acceptance says "the outlets' different injury counts and dates
# are conflicts, the differently spelled minister is one actor", so the events must carry them.
# The pinned columns are in tests/fixtures/example/ferry-events.tsv (source, code, actors, date,
# location, quantity, unit, duration, condition, attributed_to, modality); the cases below say
# which difference each row is there for, so that a change of the example or of the tool that
# loses one fails here by name, not only as a diff.

load helpers

setup() {
	EVENTS=$BATS_TEST_TMPDIR/events.tsv
	local ex="$BATS_TEST_DIRNAME/../examples/ferry"
	"$BIN/ingest" --manifest "$ex/manifest.tsv" | "$BIN/segment" --with-title | "$BIN/tag-entities" |
		"$BIN/extract-events" | awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
		{ print $c["source"], $c["code"], $c["actor1"], $c["actor2"], $c["date"], $c["location"], $c["quantity"],
			$c["unit"], $c["duration"], $c["condition"], $c["attributed_to"], $c["modality"] }' >"$EVENTS"
}

# row SOURCE CODE: the pinned columns of the events of SOURCE with CODE, after source and code
row() {
	awk -F'\t' -v OFS='\t' -v s="$1" -v c="$2" '$1 == s && $2 == c { $1 = $2 = ""; sub(/^\t\t/, ""); print }' "$EVENTS"
}

@test "extract-events: example: the pinned events of the three outlets" {
	diff -u "$FIXTURES/example/ferry-events.tsv" "$EVENTS"
}

@test "extract-events: example: the shelling, with the toll and the day each outlet gives (12 on the 3rd, 14 on the 4th)" {
	run row "Adriatic Wire" 194
	assert_output "$(printf 'Norvania\tValmora\t2026-03-03\t\t12\tpeople\t\t\t\tasserted')"
	run row "Northern Ledger" 194
	assert_output "$(printf 'Norvania\tValmora\t2026-03-04\t\t14\tpeople\t\t\t\tasserted')"
	run row "Daily Meridian" 194
	assert_output "$(printf 'Norvania\tValmora\t2026-03-03\t\t12\tpeople\t\t\t\tasserted')"
}

@test "extract-events: example: the minister in three spellings, each a person who acts" {
	run awk -F'\t' '$2 == "111" { print $1 ": " $3 }' "$EVENTS"
	assert_output "$(printf 'Adriatic Wire: Elena Kovačić\nNorthern Ledger: Elena Kovacic\nDaily Meridian: Jelena Kovachich')"
}

@test "extract-events: example: the call's length differs (40 minutes, an hour), the meeting's condition is omitted by one" {
	run awk -F'\t' '$2 == "041" { print $1 ": " $4 " " $9 }' "$EVENTS"
	assert_output "$(printf 'Adriatic Wire: Marek Tolan PT40M\nNorthern Ledger: Marek Tolan PT1H\nDaily Meridian: Marek Tolan PT40M')"
	# the meeting: the same week and place in all three (agree), the condition in two
	run awk -F'\t' '$2 == "036" { print $1 ": " $4 " " $5 " " $6 " [" $10 "] " $12 }' "$EVENTS"
	assert_output "$(printf '%s\n' \
		'Adriatic Wire: Marek Tolan 2026-03-09/2026-03-15 Geneva [if the shelling stops] conditional' \
		'Northern Ledger: Marek Tolan 2026-03-09/2026-03-15 Geneva [if the shelling stops] conditional' \
		'Daily Meridian: Marek Tolan 2026-03-09/2026-03-15 Geneva [] planned')"
}

@test "extract-events: example: events one outlet alone reports (the inquiry, the EU's appeal)" {
	run awk -F'\t' '$2 == "090" || $2 == "0256" && $3 == "European Union" { print $1 ": " $2 " " $3 }' "$EVENTS"
	assert_output "$(printf 'Adriatic Wire: 090 Elena Kovačić\nNorthern Ledger: 0256 European Union')"
}
