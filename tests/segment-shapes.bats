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
