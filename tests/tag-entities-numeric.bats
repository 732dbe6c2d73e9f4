#!/usr/bin/env bats
# tag-entities' numeric patterns (lib/rx) and time zones (lib/date, data/zones.tsv).

load helpers

T=tag-entities
DIR=$FIXTURES/tag-entities

@test "tag-entities: a zone's offset is that in force on the article's date, summer time included" {
	run_case "$T" zones
	assert_equal "$status" 0
}

@test "tag-entities: without the tz database, a clear error" {
	TZDIR=/nonexistent/zoneinfo run "$BIN/$T" "$DIR/zones.in"
	assert_equal "$status" 1
	assert_output --regexp "^tag-entities: .*zones.tsv:[0-9]+: no time zone database in /nonexistent/zoneinfo: install Debian's tzdata"
}

@test "tag-entities: a pattern file with an undefined {{name}} is an error with file and line" {
	printf 'def\tA\t\\d+\nDATE\t0\t{{A}}-{{B}}\n' >"$BATS_TEST_TMPDIR/p.tsv"
	run "$BIN/$T" --patterns "$BATS_TEST_TMPDIR/p.tsv" "$DIR/mentions.in"
	assert_equal "$status" 1
	assert_output "tag-entities: $BATS_TEST_TMPDIR/p.tsv:2: no definition of '{{B}}'"
}

@test "tag-entities: a pattern that backtracks without end stops at the limit, with one warning" {
	printf 'QUANTITY\t*\t(?<num>(?:\\w+\\s?)+)\\d$\n' >"$BATS_TEST_TMPDIR/p.tsv"
	{
		printf 'doc_id\ttext\n'
		for i in 1 2 3; do printf 'd%s\t%s!\n' "$i" "$(printf 'word %.0s' $(seq 60))"; done
	} >"$BATS_TEST_TMPDIR/in.tsv"
	run timeout 20 "$BIN/$T" --no-model --patterns "$BATS_TEST_TMPDIR/p.tsv" "$BATS_TEST_TMPDIR/in.tsv"
	assert_equal "$status" 0
	assert_equal "$(grep -c 'warning: 3 searches stopped at the match limit' <<<"$output")" 1
	assert_line --partial "tag-entities: $BATS_TEST_TMPDIR/p.tsv:1: warning: 3 searches stopped at the match limit"
}
