#!/usr/bin/env bats
# Acceptance of extract-events on the user's documents (issue 9): ../shared/seeds through
#   ingest --manifest manifest.tsv | segment --with-title | tag-entities | extract-events
# must give the events the outlets state, each with its CAMEO code, canonical actors, date and
# the attributes stated. Each test is one case; it checks the columns it names (by awk over the
# columns, by header name) and leaves the others free. Skipped when ../shared/seeds or
# bin/extract-events is absent. The documents are told apart by their source.
#
# Choices made here, from the texts:
# - calls are 041 (Discuss by telephone) and meetings 040 (Consult); an agreement to hold a
#   summit or meeting is 036 (Intend to meet or negotiate); truce violations are 196 (Violate
#   ceasefire);
# - a call or meeting of two matches its actors in either order, except where the text says
#   who acts: TASS's second call "was initiated by President Macron" (actor1), Biden "has
#   agreed" to meet Putin, Blinken is "planning to meet" Lavrov, Macron phoned four leaders;
# - TASS dates that call 2022-02-21: "the early hours of Monday" in a Moscow story of Monday 21
#   February (the local date of the place reporting, as data/eval/README.md says), while CNN
#   dates it Sunday 2022-02-20, "late Sunday Paris time"; the instant, 23:00 Paris, is the same;
# - a planned meeting is 040 with modality planned, as data/eval/events-gold.tsv codes one, or
#   036 (intent to meet), as the issue lists "will meet" under 03;
# - "agreed in principle" is a qualified acceptance: modality proposed, or conditional when
#   the tool ties the condition to the event; either passes, asserted does not;
# - a duration may carry the "~" of "about", "around";
# - CNN states the condition of the Blinken-Lavrov meeting twice ("if the invasion hasn't
#   started by then", "provided Russia doesn't invade Ukraine"): one event of the meeting holds
#   both sentences, with the condition stated first, so either condition passes there.

load helpers

setup_file() {
	EVENTS=$BATS_FILE_TMPDIR/events.tsv
	export EVENTS
	[ -r "$SHARED/seeds/manifest.tsv" ] && [ -x "$BIN/extract-events" ] || return 0
	"$BIN/ingest" --manifest "$SHARED/seeds/manifest.tsv" | "$BIN/segment" --with-title |
		"$BIN/tag-entities" | "$BIN/extract-events" >"$EVENTS" 2>"$BATS_FILE_TMPDIR/err" ||
		echo failed >"$BATS_FILE_TMPDIR/status"
}

setup() {
	[ -r "$SHARED/seeds/manifest.tsv" ] || skip "$SHARED/seeds is absent"
	[ -x "$BIN/extract-events" ] || skip "bin/extract-events is absent"
	if [ -e "$BATS_FILE_TMPDIR/status" ]; then
		echo "the pipeline failed:"
		head -5 "$BATS_FILE_TMPDIR/err"
		return 1
	fi
}

# expect SOURCE ROOT COND: passes when an event of the document of SOURCE satisfies the awk
# condition COND; otherwise prints the events of that document with CAMEO root ROOT and fails.
# COND reads columns with v("name") and may use pair(a, b) (actor1 and actor2 are a and b in
# either order), planned_meeting(a, b) (a planned meeting of a and b: 040 planned, or 036),
# dur() (the duration without a "~") and utc() (time_utc without zero seconds). It may count
# over rows in awk variables of its own (not C, found, near, nnear, i, source, root, cond).
expect() {
	local source=$1 root=$2 cond=$3
	awk -F'\t' -v source="$source" -v root="$root" '
	function v(name) { return (name in C) ? $(C[name]) : "" }
	function pair(a, b) { return (v("actor1") == a && v("actor2") == b) || (v("actor1") == b && v("actor2") == a) }
	function planned_meeting(a, b) {
		return pair(a, b) && ((v("code") == "040" && v("modality") == "planned") || v("code") == "036")
	}
	function dur(   d) { d = v("duration"); sub(/^~/, "", d); return d }
	function utc(   t) { t = v("time_utc"); if (t ~ /T[0-9][0-9]:[0-9][0-9]:00Z$/) t = substr(t, 1, length(t) - 4) "Z"; return t }
	function show() {
		printf "  %s %s -> %s date=%s time_utc=%s duration=%s quantity=%s unit=%s modality=%s condition=%s\n",
			v("code"), v("actor1"), v("actor2"), v("date"), v("time_utc"), v("duration"), v("quantity"),
			v("unit"), v("modality"), v("condition")
	}
	NR == 1 { for (i = 1; i <= NF; i++) C[$i] = i; next }
	v("source") != source { next }
	'"($cond)"' { found = 1; exit }
	substr(v("code"), 1, 2) == root { near[++nnear] = $0 }
	END {
		if (found) exit 0
		printf "no %s event matches: %s\nthe events of root %s there:\n", source, cond, root
		for (i = 1; i <= nnear; i++) { $0 = near[i]; show() }
		exit 1
	}' cond="$cond" "$EVENTS"
}

@test "CNN: Macron's first call with Putin on 20 February lasted 1 h 45 min" {
	expect CNN 04 'v("code") == "041" && pair("Emmanuel Macron", "Vladimir Putin") && v("date") == "2022-02-20" &&
		dur() == "PT1H45M" && utc() != "2022-02-20T22:00Z"'
}

@test "CNN: Macron's second call with Putin on 20 February, at 23:00 Paris (22:00 UTC), about an hour" {
	expect CNN 04 'v("code") == "041" && pair("Emmanuel Macron", "Vladimir Putin") && v("date") == "2022-02-20" &&
		dur() == "PT1H" && utc() == "2022-02-20T22:00Z"'
}

@test "TASS: the second call was initiated by Macron (actor1), early on Monday 21 February Moscow time" {
	expect TASS 04 'v("code") == "041" && v("actor1") == "Emmanuel Macron" && v("actor2") == "Vladimir Putin" &&
		v("date") == "2022-02-21"'
}

@test "CNN: the second call's row holds, as evidence, the later sentence that gives its length" {
	expect CNN 04 'v("code") == "041" && pair("Emmanuel Macron", "Vladimir Putin") && utc() == "2022-02-20T22:00Z" &&
		(index(v("evidence"), "the call lasted an hour") || v("evidence_sents") ~ /[0-9][^0-9]+[0-9]/)'
}

@test "TASS: after the call with Putin, Macron phoned Biden, Zelensky, Scholz and Johnson: four events" {
	expect TASS 04 'v("code") == "041" && v("actor1") == "Emmanuel Macron" &&
		v("actor2") ~ /^(Joe Biden|Volodymyr Zelensky|Olaf Scholz|Boris Johnson)$/ && !called[v("actor2")]++ && ++ncalled == 4'
}

@test "CNN: Macron and Biden spoke by phone for 15 minutes on 20 February" {
	expect CNN 04 'v("code") == "041" && pair("Emmanuel Macron", "Joe Biden") && v("date") == "2022-02-20" &&
		dur() == "PT15M"'
}

@test "CNN: Macron spoke with Zelensky for 30 minutes on 20 February" {
	expect CNN 04 '(v("code") == "040" || v("code") == "041") && pair("Emmanuel Macron", "Volodymyr Zelensky") &&
		v("date") == "2022-02-20" && dur() == "PT30M"'
}

@test "unknown-outlet-b: the 12 February call of Macron and Putin lasted 1 h 40 min" {
	expect unknown-outlet-b 04 'v("code") == "041" && pair("Emmanuel Macron", "Vladimir Putin") &&
		v("date") == "2022-02-12" && dur() == "PT1H40M"'
}

@test "unknown-outlet-a: Putin and Macron's phone call of Thursday 3 February" {
	expect unknown-outlet-a 04 'v("code") == "041" && pair("Emmanuel Macron", "Vladimir Putin") &&
		v("date") == "2022-02-03"'
}

@test "CNN: Biden agreed in principle to a meeting with Putin, as long as Russia does not invade" {
	expect CNN 03 'v("code") == "036" && v("actor1") == "Joe Biden" && v("actor2") == "Vladimir Putin" &&
		(v("modality") == "proposed" || v("modality") == "conditional") && v("condition") ~ /invade|invasion/'
}

@test "The Epoch Times: Biden and Putin accepted the principles of a summit, only if Russia did not invade" {
	expect "The Epoch Times" 03 'v("code") == "036" && pair("Joe Biden", "Vladimir Putin") &&
		(v("modality") == "proposed" || v("modality") == "conditional") && v("condition") ~ /invade/'
}

@test "TASS: according to Paris, the leaders of the US and Russia agreed to a summit: Biden and Putin, no condition" {
	# the event diff-sources clusters with CNN's and The Epoch Times' 036 of Biden and Putin
	# (the same names, ids and codes), where TASS omits their condition; its source is Paris,
	# the French state (France), not the leader the next clause names
	expect TASS 03 'v("code") == "036" && v("actor1") == "Joe Biden" && v("actor1_code") == "USAGOV" &&
		v("actor2") == "Vladimir Putin" && v("actor2_code") == "RUSGOV" && v("condition") == "" &&
		v("attributed_to") == "France"'
	# the same entity ids as CNN's
	run awk -F'\t' -v ids="$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) C[$i] = i; next }
		$C["source"] == "CNN" && $C["code"] == "036" && $C["actor2"] == "Vladimir Putin" { print $C["actor1_id"] "," $C["actor2_id"]; exit }' "$EVENTS")" '
		NR == 1 { for (i = 1; i <= NF; i++) C[$i] = i; next }
		$C["source"] == "TASS" && $C["code"] == "036" && $C["actor1_id"] "," $C["actor2_id"] == ids { n++ }
		END { exit n == 1 ? 0 : 1 }' "$EVENTS"
	assert_success
}

@test "CNN: Blinken plans to meet Lavrov this week, provided Russia doesn't invade Ukraine" {
	expect CNN 03 'v("code") == "036" && v("actor1") == "Antony Blinken" && v("actor2") == "Sergey Lavrov" &&
		v("modality") == "conditional" && v("condition") ~ /invade|invasion/ &&
		index(v("evidence"), "provided Russia doesn")'
}

@test "CNN: Blinken and Lavrov's planned meeting on 24 February" {
	expect CNN 04 'planned_meeting("Antony Blinken", "Sergey Lavrov") && v("date") == "2022-02-24"'
}

@test "TASS: Lavrov and Blinken will meet on 24 February" {
	expect TASS 04 'planned_meeting("Antony Blinken", "Sergey Lavrov") && v("date") == "2022-02-24"'
}

@test "The Epoch Times: Blinken and Lavrov's meeting scheduled for 24 February" {
	expect "The Epoch Times" 04 'planned_meeting("Antony Blinken", "Sergey Lavrov") &&
		v("date") == "2022-02-24"'
}

@test "CNN: more than 100 truce violations" {
	expect CNN 19 'v("code") == "196" && v("quantity") == ">100" && v("unit") == "violation"'
}

@test "The Epoch Times: 66 ceasefire violations on Saturday 19 February" {
	expect "The Epoch Times" 19 'v("code") == "196" && v("quantity") == "66" && v("unit") == "violation" &&
		v("date") == "2022-02-19"'
}
