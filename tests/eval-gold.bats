#!/usr/bin/env bats
# data/eval/events-gold.tsv, the gold events of make eval's extract-events part: its format
# (columns, codes, splits, sizes), and, where ../shared is present, that every span lies inside
# its document's text on UTF-8 boundaries and that the documents are the ones
# scripts/eval-events-select picks.

load helpers

GOLD=$BATS_TEST_DIRNAME/../data/eval/events-gold.tsv
SCRIPTS=$BATS_TEST_DIRNAME/../scripts
HEADER='doc_id	start	end	code	actor1	actor2	date	time_utc	quantity	unit	duration	condition	modality	split	note'

# check_format FILE: prints one line per fault of FILE (nothing when it is well formed) and a
# last line "rows N docs N".
check_format() {
	awk -F'\t' -v header="$HEADER" '
	function bad(msg) { printf "%d: %s\n", NR, msg; faults++ }
	function cond_outside(c, s, e,   p) { split(c, p, "-"); return p[1] + 0 < s || p[2] + 0 > e || p[1] + 0 >= p[2] + 0 }
	NR == 1 { if ($0 != header) bad("header is not: " header); next }
	NF != 15 { bad(NF " columns, not 15"); next }
	{
		rows++
		if (!($1 in split_of)) { docs++; split_of[$1] = $14 }
		else if (split_of[$1] != $14) bad("document " $1 " is in both splits")
		if ($1 !~ /^(bbc-politics-[0-9]+|reuters21578-[0-9]+)$/) bad("doc_id " $1)
		if ($2 !~ /^[0-9]+$/ || $3 !~ /^[0-9]+$/ || $2 + 0 >= $3 + 0) bad("span [" $2 "," $3 ")")
		if ($4 !~ /^[0-9][0-9][0-9]?[0-9]?$/ || substr($4, 1, 2) + 0 < 1 || substr($4, 1, 2) + 0 > 20)
			bad("code " $4)
		if ($5 == "" && $6 == "") bad("no actor")
		# mawk has no {n}: a date is YYYY, YYYY-MM or YYYY-MM-DD, or a range A/B of them
		d = "[0-9][0-9][0-9][0-9](-[0-9][0-9](-[0-9][0-9])?)?"
		if ($7 != "" && $7 !~ ("^" d "(/" d ")?$")) bad("date " $7)
		if ($8 != "" && $8 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9](:[0-9][0-9])?Z$/)
			bad("time_utc " $8)
		if ($9 != "" && $9 !~ /^[<>~]?[0-9]+$/) bad("quantity " $9)
		if (($9 == "") != ($10 == "")) bad("quantity and unit go together")
		if ($11 != "" && $11 !~ /^P([0-9]+[YMWD])*(T([0-9]+[HMS])+)?$/) bad("duration " $11)
		if ($13 !~ /^(asserted|planned|proposed|conditional|denied|alleged|expected)$/) bad("modality " $13)
		if ($12 != "" && ($12 !~ /^[0-9]+-[0-9]+$/ || cond_outside($12, $2 + 0, $3 + 0)))
			bad("condition " $12 " is not a span START-END inside the event")
		if ($13 == "conditional" && $12 == "") bad("conditional without a condition")
		if ($14 != "tune" && $14 != "heldout") bad("split " $14)
	}
	END { printf "rows %d docs %d\n", rows, docs; exit faults > 0 }' "$1"
}

# check_spans FILE: prints one line per span of FILE that is not inside its document's unescaped
# text or does not start and end on UTF-8 character boundaries, and one per unknown document.
check_spans() {
	{
		for f in "$SHARED/data/news/bbc.tsv" "$SHARED/data/news/reuters21578.tsv"; do
			awk -F'\t' 'NR > 1 { print "D\t" $1 "\t" $6 }' "$f"
		done
		awk -F'\t' 'NR > 1 { print "G\t" $1 "\t" $2 "\t" $3 }' "$1"
	} | awk -F'\t' '
	function unescape(s,   out, i, c) {
		out = ""
		while ((i = index(s, "\\")) > 0) {
			c = substr(s, i + 1, 1)
			out = out substr(s, 1, i - 1)
			if (c == "n") out = out "\n"
			else if (c == "t") out = out "\t"
			else if (c == "r") out = out "\r"
			else if (c == "\\") out = out "\\"
			else out = out "\\" c
			s = substr(s, i + 2)
		}
		return out s
	}
	function continuation(s, i) { return substr(s, i, 1) ~ /^[\200-\277]$/ }
	$1 == "D" { raw[$2] = $3; next }
	{
		if (!($2 in raw)) { print "no document " $2; faults++; next }
		if (!($2 in text)) text[$2] = unescape(raw[$2])
		t = text[$2]; n = length(t); s = $3 + 0; e = $4 + 0
		if (e > n) { print $2 " [" s "," e "): past the end (" n " bytes)"; faults++ }
		else if (continuation(t, s + 1) || (e < n && continuation(t, e + 1))) {
			print $2 " [" s "," e "): not on a UTF-8 boundary"; faults++
		} else if (substr(t, s + 1, 1) ~ /^[ \t\r\n]$/ || substr(t, e, 1) ~ /^[ \t\r\n]$/) {
			print $2 " [" s "," e "): begins or ends with white space"; faults++
		}
	}
	END { exit faults > 0 }'
}

@test "eval-gold: the gold file is well formed, with at least 150 events on at least 60 documents" {
	run check_format "$GOLD"
	assert_success
	rows=${lines[${#lines[@]} - 1]}
	read -r _ nrows _ ndocs <<<"$rows"
	[ "$nrows" -ge 150 ] || fail "only $nrows events"
	[ "$ndocs" -ge 60 ] || fail "only $ndocs documents"
}

@test "eval-gold: the format check finds a bad code, split, span, date or condition and a missing column" {
	{
		head -1 "$GOLD"
		printf 'bbc-politics-001\t5\t9\t1x\tA\t\t\t\t\t\t\t\tasserted\ttune\t\n'
		printf 'bbc-politics-001\t5\t9\t010\tA\t\t\t\t\t\t\t\tasserted\tdev\t\n'
		printf 'bbc-politics-002\t9\t5\t010\tA\t\t\t\t\t\t\t\tasserted\ttune\t\n'
		printf 'bbc-politics-003\t1\t5\t010\tA\t\t\t\t\t\t\tasserted\ttune\t\n'
		printf 'bbc-politics-004\t10\t50\t010\tA\t\t1987-3-1\t\t\t\t\t40-60\tconditional\ttune\t\n'
	} >"$BATS_TEST_TMPDIR/bad.tsv"
	run check_format "$BATS_TEST_TMPDIR/bad.tsv"
	assert_failure
	assert_line --partial '2: code 1x'
	assert_line --partial '3: split dev'
	assert_line --partial '3: document bbc-politics-001 is in both splits'
	assert_line --partial '4: span [9,5)'
	assert_line --partial '5: 14 columns, not 15'
	assert_line --partial '6: date 1987-3-1'
	assert_line --partial '6: condition 40-60 is not a span'
}

@test "eval-gold: every span lies in its document's text, on UTF-8 boundaries, without white space at its ends" {
	[ -f "$SHARED/data/news/bbc.tsv" ] || skip "../shared/data/news is absent"
	run check_spans "$GOLD"
	assert_success
	assert_output ''
}

@test "eval-gold: the span check finds a span past the end and one inside a character" {
	[ -f "$SHARED/data/news/bbc.tsv" ] || skip "../shared/data/news is absent"
	# a document with a two-byte character: find one, and a span ending inside it
	local doc pos
	read -r doc pos < <(awk -F'\t' 'NR > 1 && (i = match($6, /[\300-\337][\200-\277]/)) && index(substr($6, 1, i), "\\") == 0 { print $1, i; exit }' "$SHARED/data/news/bbc.tsv")
	[ -n "$doc" ] || skip "no document with a two-byte character before any escape"
	{
		head -1 "$GOLD"
		printf '%s\t0\t%d\t010\tA\t\t\t\t\t\t\t\tasserted\ttune\t\n' "$doc" "$pos"
		printf '%s\t0\t99999999\t010\tA\t\t\t\t\t\t\t\tasserted\ttune\t\n' "$doc"
	} >"$BATS_TEST_TMPDIR/bad.tsv"
	run check_spans "$BATS_TEST_TMPDIR/bad.tsv"
	assert_failure
	assert_line "$doc [0,$pos): not on a UTF-8 boundary"
	assert_line --partial "$doc [0,99999999): past the end"
}

@test "eval-gold: the documents and their splits are those scripts/eval-events-select picks" {
	[ -f "$SHARED/data/news/bbc.tsv" ] || skip "../shared/data/news is absent"
	CROSSCHECK_SHARED=$SHARED run "$SCRIPTS/eval-events-select" --split
	assert_success
	[ "${#lines[@]}" -ge 60 ]
	printf '%s\n' "${lines[@]}" | sort >"$BATS_TEST_TMPDIR/picked"
	awk -F'\t' 'NR > 1 && !seen[$1]++ { print $1 "\t" $14 }' "$GOLD" | sort >"$BATS_TEST_TMPDIR/gold"
	# every annotated document is picked, with its split; a picked one may have no event
	run comm -13 "$BATS_TEST_TMPDIR/picked" "$BATS_TEST_TMPDIR/gold"
	assert_output ''
	heldout=$(grep -c 'heldout$' "$BATS_TEST_TMPDIR/picked")
	total=$(wc -l <"$BATS_TEST_TMPDIR/picked")
	[ $((heldout * 4)) -ge "$total" ] && [ $((heldout * 5)) -le $((total * 2)) ]
}

@test "eval-gold: eval-events-show prints each event of a document with the text it points to" {
	[ -f "$SHARED/data/news/bbc.tsv" ] || skip "../shared/data/news is absent"
	{
		head -1 "$GOLD"
		printf 'bbc-politics-001\t0\t4\t010\tSomeone\t\t\t\t\t\t\t\tasserted\ttune\tmine\n'
	} >"$BATS_TEST_TMPDIR/one.tsv"
	first4=$(awk -F'\t' '$1 == "bbc-politics-001" { print substr($6, 1, 4) }' "$SHARED/data/news/bbc.tsv")
	CROSSCHECK_SHARED=$SHARED run "$SCRIPTS/eval-events-show" --gold "$BATS_TEST_TMPDIR/one.tsv" bbc-politics-001
	assert_success
	assert_line 'bbc-politics-001 [0,4) 010 Someone -> - modality=asserted split=tune'
	assert_line "    | $first4"
	CROSSCHECK_SHARED=$SHARED run "$SCRIPTS/eval-events-show" --gold "$BATS_TEST_TMPDIR/one.tsv" no-such-doc
	assert_failure
	assert_output --partial 'no-such-doc: no such document'
}
