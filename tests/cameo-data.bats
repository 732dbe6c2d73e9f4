#!/usr/bin/env bats
# The CAMEO data of extract-events (data/cameo.tsv, plover.tsv, actor-codes.tsv,
# extract-events/verbs.tsv): scripts/check-cameo-data passes the shipped files and names, with
# file and line, what is wrong in broken copies; a few facts the tool relies on are pinned.

load helpers

CHECK=$BATS_TEST_DIRNAME/../scripts/check-cameo-data
DATA=$BATS_TEST_DIRNAME/../data

# copy_data: a copy of the checked files in $BATS_TEST_TMPDIR/d, printed
copy_data() {
	local d=$BATS_TEST_TMPDIR/d
	mkdir -p "$d/extract-events" "$d/tag-entities"
	cp "$DATA/cameo.tsv" "$DATA/plover.tsv" "$DATA/actor-codes.tsv" "$d/"
	cp "$DATA/extract-events/verbs.tsv" "$d/extract-events/"
	cp "$DATA/tag-entities/countries.tsv" "$d/tag-entities/"
	printf '%s\n' "$d"
}

# field FILE KEY COLUMN: the COLUMN-th field of the row of FILE whose first field is KEY
field() {
	awk -F'\t' -v k="$2" -v c="$3" '$1 "" == k "" { print $c; exit }' "$1"
}

@test "the shipped data passes" {
	run "$CHECK"
	assert_success
	assert_output ""
}

@test "a duplicate code is named with both lines" {
	d=$(copy_data)
	first=$(grep -n "^041	" "$d/cameo.tsv" | cut -d: -f1)
	printf '041\tDiscuss by phone\t04\t1\t1.0\n' >>"$d/cameo.tsv"
	run "$CHECK" "$d"
	assert_failure 1
	assert_output "check-cameo-data: $d/cameo.tsv:$(wc -l <"$d/cameo.tsv"): duplicate code '041' (first on line $first)"
}

@test "a quad class that does not follow the root is named" {
	d=$(copy_data)
	grep -v "^041	" "$d/cameo.tsv" >"$d/c" && mv "$d/c" "$d/cameo.tsv"
	printf '041\tDiscuss by telephone\t04\t2\t1.0\n' >>"$d/cameo.tsv"
	run "$CHECK" "$d"
	assert_failure 1
	assert_output "check-cameo-data: $d/cameo.tsv:$(wc -l <"$d/cameo.tsv"): quad_class '2' of code '041': root 04 is quad class 1"
}

@test "a Goldstein value out of range and a code without parent are named" {
	d=$(copy_data)
	printf '0475\tGrant asylum twice\t04\t1\t10.5\n' >>"$d/cameo.tsv"
	n=$(wc -l <"$d/cameo.tsv")
	run "$CHECK" "$d"
	assert_failure 1
	assert_output "check-cameo-data: $d/cameo.tsv:$n: goldstein '10.5' of code '0475' is not a number in [-10,10]
check-cameo-data: $d/cameo.tsv:$n: code '0475' has no parent '047'"
}

@test "an unknown code in verbs.tsv is named" {
	d=$(copy_data)
	printf 'telephone\tV\t0419\tA1 V with A2\t\t\n' >>"$d/extract-events/verbs.tsv"
	run "$CHECK" "$d"
	assert_failure 1
	assert_output "check-cameo-data: $d/extract-events/verbs.tsv:$(wc -l <"$d/extract-events/verbs.tsv"): unknown code '0419' of 'telephone' (not in cameo.tsv)"
}

@test "a frame without its verb and a frame token nobody knows are named" {
	d=$(copy_data)
	printf 'phone\tV\t041\tA1 with A2\t\t\nphone\tV\t041\tA1 V A3\t\t\n' >>"$d/extract-events/verbs.tsv"
	n=$(wc -l <"$d/extract-events/verbs.tsv")
	run "$CHECK" "$d"
	assert_failure 1
	assert_output "check-cameo-data: $d/extract-events/verbs.tsv:$((n - 1)): frame 'A1 with A2' needs one V
check-cameo-data: $d/extract-events/verbs.tsv:$n: unknown token 'A3' in frame 'A1 V A3'"
}

@test "an unknown PLOVER type and a plover code missing from cameo.tsv are named" {
	d=$(copy_data)
	printf '0999\tNEGOTIATE\t-\t-\ttable\n' >>"$d/plover.tsv"
	n=$(wc -l <"$d/plover.tsv")
	run "$CHECK" "$d"
	assert_failure 1
	assert_output "check-cameo-data: $d/plover.tsv:$n: unknown code '0999' (not in cameo.tsv)
check-cameo-data: $d/plover.tsv:$n: unknown PLOVER type 'NEGOTIATE'"
}

@test "a country of tag-entities without an actor code is named" {
	d=$(copy_data)
	grep -v "^country	Zambia	" "$d/actor-codes.tsv" >"$d/a" && mv "$d/a" "$d/actor-codes.tsv"
	run "$CHECK" "$d"
	assert_failure 1
	assert_output "check-cameo-data: $d/tag-entities/countries.tsv:$(grep -n "	Zambia	" "$d/tag-entities/countries.tsv" | cut -d: -f1): country 'Zambia' has no row in actor-codes.tsv"
}

@test "a compound actor code with an unknown part is named" {
	d=$(copy_data)
	printf 'org\tElysee Palace\tFRAPRS\t\n' >>"$d/actor-codes.tsv"
	run "$CHECK" "$d"
	assert_failure 1
	assert_output "check-cameo-data: $d/actor-codes.tsv:$(wc -l <"$d/actor-codes.tsv"): org 'Elysee Palace': 'PRS' is no type code"
}

@test "a wrong header is named and a usage error exits 2" {
	d=$(copy_data)
	sed -i 's/^code\tplover\tmode/code\tplover\tmodes/' "$d/plover.tsv"
	run "$CHECK" "$d"
	assert_failure 1
	assert_output "check-cameo-data: $d/plover.tsv:$(grep -n '^code	' "$d/plover.tsv" | cut -d: -f1): expected the header 'code plover mode context basis' (tab-separated)"
	run "$CHECK" --strict
	assert_failure 2
	assert_output "check-cameo-data: unknown option '--strict'
usage: check-cameo-data [DIR]"
}

@test "every CAMEO root and the codes of the seed stories carry GDELT's values" {
	[ "$(grep -cvE '^(#|code	)' "$DATA/cameo.tsv")" -eq 316 ]
	for r in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20; do
		[ "$(field "$DATA/cameo.tsv" $r 3)" = $r ]
	done
	# code: quad class, Goldstein
	for c in '041 1 1.0' '036 1 4.0' '046 1 7.0' '0871 2 9.0' '090 2 -2.0' '1312 3 -5.8' '141 3 -6.5' '154 4 -7.2' '163 4 -8.0' '196 4 -9.5'; do
		set -- $c
		[ "$(field "$DATA/cameo.tsv" $1 4) $(field "$DATA/cameo.tsv" $1 5)" = "$2 $3" ] || { echo "$c"; false; }
	done
}

@test "the PLOVER types, actor codes and verbs the seed stories need are there" {
	[ "$(grep -vE '^(#|code	)' "$DATA/plover.tsv" | cut -f2 | sort -u | wc -l)" -eq 16 ]
	[ "$(field "$DATA/plover.tsv" 041 2) $(field "$DATA/plover.tsv" 041 3)" = "CONSULT phone" ]
	[ "$(field "$DATA/plover.tsv" 0871 2)" = RETREAT ]
	[ "$(field "$DATA/plover.tsv" 02 2)" = REQUEST ]
	codes=$(awk -F'\t' '{ k[$1 "/" $2] = $3 } END { print k["org/Kremlin"], k["org/Elysée"], k["place/Paris"], k["place/Kiev"], k["place/Moscow"], k["word/foreign minister"], k["word/troops"], k["org/European Union"] }' "$DATA/actor-codes.tsv")
	[ "$codes" = "RUSGOV FRAGOV FRA UKR RUS GOV MIL IGOEUREEC" ]
	[ "$(grep -cvE '^(#|lemma	)' "$DATA/extract-events/verbs.tsv")" -ge 250 ]
	grep -q "^call	N	041	N between A1 and A2	" "$DATA/extract-events/verbs.tsv"
	grep -q "^meet	V	040	A1 and A2 V	met met	" "$DATA/extract-events/verbs.tsv"
	grep -q "^violation	N	196	" "$DATA/extract-events/verbs.tsv"
}
