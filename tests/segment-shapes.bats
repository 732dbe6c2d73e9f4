#!/usr/bin/env bats
# segment: sentences in the shapes news takes when users paste it (issue 12): list items one a
# line, lines cut inside a sentence, a missing space after a full stop, names with "!", the
# pronoun "I", elisions in brackets and four-dot ellipses. One fixture per shape, exact output
# (tests/fixtures/segment/shapes-<case>.in -> .out).

load helpers

@test "segment: numbered and lettered list items and bullets, one a line, are sentences without a full stop" {
	run_case segment shapes-lists
	assert_equal "$status" 0
}

@test "segment: a line end before a lower-case word inside a sentence is no boundary (PDF, e-mail paste)" {
	run_case segment shapes-pasted-lines
	assert_equal "$status" 0
}

@test "segment: a full stop with no space before a capitalised word ends a sentence, not after an abbreviation, a domain or a file name" {
	run_case segment shapes-missing-space
	assert_equal "$status" 0
}

@test "segment: an exclamation mark in a name (Yahoo!, Jeopardy!) ends no sentence unless a sentence starter follows" {
	run_case segment shapes-exclamation
	assert_equal "$status" 0
}

@test "segment: I. as the pronoun ends a sentence before a capital; Part I. before a non-starter does not" {
	run_case segment shapes-pronoun-i
	assert_equal "$status" 0
}

@test "segment: an elision in brackets ([...], […], (...)) inside a quotation is no boundary" {
	run_case segment shapes-elisions
	assert_equal "$status" 0
}

@test "segment: a four-dot ellipsis ends a sentence before a capital or a digit, not before a lower-case word" {
	run_case segment shapes-four-dots
	assert_equal "$status" 0
}

# A document of $1 repeated to $2 bytes, then $3 repeated to $4 bytes, then "x".
shapes_big_doc() {
	printf 'doc_id\ttext\nd\t'
	yes "$1" | tr -d '\n' | head -c "$2"
	yes "$3" | tr -d '\n' | head -c "$4"
	printf 'x\n'
}

# Each shape looks around the byte it stops at within a bound, or once a sentence (the quotes
# and bullets that open it); the guard is generous, for a slow machine and the sanitizers.
@test "segment: long runs of names with !, dots before capitals, list lines and cut lines take linear time" {
	for c in "(|1000000| Ab! c|1000000" "a|1000000|.Ab|1000000" "a|1000000|s.Ab |1000000" \
		"x|1000000|\\n1. a|600000" "a b|1000000|\\nc d|1000000" "a b|1000000| I. |1000000"; do
		IFS='|' read -r u1 n1 u2 n2 <<<"$c"
		shapes_big_doc "$u1" "$n1" "$u2" "$n2" >"$BATS_TEST_TMPDIR/big"
		timeout 20 "$BIN/segment" <"$BATS_TEST_TMPDIR/big" >"$BATS_TEST_TMPDIR/out" ||
			{ echo "case '$c': status $?"; return 1; }
		# the last sentence ends at the end of the text (a "\n" in the stream is one byte)
		local len=$(awk -F'\t' 'NR == 2 { t = $2; gsub(/\\n/, "\n", t); print length(t) }' "$BATS_TEST_TMPDIR/big")
		run awk -F'\t' 'END { print $5 }' "$BATS_TEST_TMPDIR/out"
		assert_output "$len"
	done
}
