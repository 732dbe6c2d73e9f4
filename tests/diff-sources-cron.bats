#!/usr/bin/env bats
# scripts/crosscheck-cron, the cron example of diff-sources, run three times on one state
# directory: run 1 ingests two fictional reports (tests/fixtures/diff-sources-cron/run1: Harbor
# Post and Eastern Courier, who give different ceasefire violation counts, and one of whom omits
# the length of a telephone call), run 2 a third (run2: Morning Ledger, who gives the call another
# length than Harbor Post), run 3 nothing new. And diff-sources --exit-status as the job uses it.

load helpers

CRON=$BATS_TEST_DIRNAME/../scripts/crosscheck-cron
DIR=$FIXTURES/diff-sources-cron

setup() {
	export CROSSCHECK_BIN=$BIN
	FEED=$BATS_TEST_TMPDIR/feed
	STATE=$BATS_TEST_TMPDIR/state
	mkdir -p "$FEED"
}

# feed RUN: adds the files of fixture run RUN to the feed and its lines to the feed's manifest
feed() {
	local f
	for f in "$DIR/$1"/*.txt; do cp "$f" "$FEED/"; done
	cat "$DIR/$1/manifest.tsv" >>"$FEED/manifest.tsv"
}

# logged: "source<TAB>attribute<TAB>value<TAB>status" of every row of the log after its header
logged() {
	tail -n +2 "$STATE/disagreements.log" | awk -F'\t' '{ print $6 "\t" $5 "\t" $9 "\t" $10 }'
}

@test "crosscheck-cron: -h prints the usage and a crontab line; bad arguments exit 2" {
	run "$CRON" -h
	assert_success
	assert_line --partial 'Usage: crosscheck-cron [-h] FEED_DIR STATE_DIR'
	assert_line --regexp '^  \*/10 \* \* \* \* .*crosscheck-cron '
	run "$CRON" "$FEED"
	assert_equal "$status" 2
	assert_output --partial "Try 'crosscheck-cron -h'"
	run "$CRON" -x "$FEED" "$STATE"
	assert_equal "$status" 2
	run "$CRON" "$BATS_TEST_TMPDIR/absent" "$STATE"
	assert_equal "$status" 2
	assert_output --partial 'not a directory'
}

@test "crosscheck-cron: run 1 logs the first disagreements, run 2 only the new ones, run 3 nothing" {
	feed run1
	run "$CRON" "$FEED" "$STATE"
	assert_equal "$status" 1
	assert_output --regexp '^crosscheck-cron: 2 new files, [0-9]+ new events \([0-9]+ stored\), 3 disagreements, 3 new '
	head -1 "$STATE/disagreements.log" | grep -q '^cluster	cluster_date	code	actors	attribute	source'
	run logged
	assert_output "$(printf '%s\n' \
		'Eastern Courier	duration		omits' \
		'Eastern Courier	quantity	75 violation	conflict' \
		'Harbor Post	quantity	40 violation	conflict')"
	head -1 "$STATE/events.tsv" | grep -q '^doc_id	source	published'
	cp "$STATE/disagreements.log" "$BATS_TEST_TMPDIR/log1"
	cp "$STATE/comparison.tsv" "$BATS_TEST_TMPDIR/comparison1"

	feed run2
	run "$CRON" "$FEED" "$STATE"
	assert_equal "$status" 1
	assert_output --regexp '^crosscheck-cron: 1 new files, [0-9]+ new events .* 2 new '
	# the log grew by the two new conflicting durations, and nothing of run 1 came again
	run diff "$BATS_TEST_TMPDIR/log1" "$STATE/disagreements.log"
	assert_output "$(printf '%s\n' '4a5,6' \
		"> $(grep 'Harbor Post	2025-05-11	2025-05-10	PT1H	conflict' "$STATE/comparison.tsv")" \
		"> $(grep 'Morning Ledger	2025-05-12	2025-05-10	PT2H	conflict' "$STATE/comparison.tsv")")"
	# what was logged is what comm -13 gives between the two comparisons
	run bash -c "comm -13 <(grep -P '\t(conflict|omits)\t' '$BATS_TEST_TMPDIR/comparison1' | sort) \
		<(grep -P '\t(conflict|omits)\t' '$STATE/comparison.tsv' | sort)"
	assert_output "$(tail -n +5 "$STATE/disagreements.log")"
	# one header in the store, every event once
	assert_equal "$(grep -c '^doc_id	' "$STATE/events.tsv")" 1
	assert_equal "$(cut -f13 "$STATE/events.tsv" | sort | uniq -d)" ""
	cp "$STATE/events.tsv" "$BATS_TEST_TMPDIR/events2"
	cp "$STATE/disagreements.log" "$BATS_TEST_TMPDIR/log2"

	run "$CRON" "$FEED" "$STATE"
	assert_equal "$status" 0
	assert_output --regexp '^crosscheck-cron: 0 new files, 0 new events .*, 5 disagreements, 0 new '
	cmp "$BATS_TEST_TMPDIR/events2" "$STATE/events.tsv"
	cmp "$BATS_TEST_TMPDIR/log2" "$STATE/disagreements.log"
	assert_equal "$(wc -l <"$STATE/ingested.list")" 3
}

@test "crosscheck-cron: a document that comes back under another name adds no event (dedupe --state)" {
	feed run1
	run "$CRON" "$FEED" "$STATE"
	assert_equal "$status" 1
	cp "$STATE/events.tsv" "$BATS_TEST_TMPDIR/events1"
	# the same report again under another name
	cp "$FEED/harbor-post-1.txt" "$FEED/harbor-post-1-again.txt"
	printf 'harbor-post-1-again.txt\tHarbor Post\t2025-05-11\n' >>"$FEED/manifest.tsv"
	run "$CRON" "$FEED" "$STATE"
	assert_equal "$status" 0
	assert_output --regexp '^crosscheck-cron: 1 new files, 0 new events '
	cmp "$BATS_TEST_TMPDIR/events1" "$STATE/events.tsv"
	assert_equal "$(cut -f13 "$STATE/events.tsv" | sort | uniq -d)" ""
}

@test "crosscheck-cron: two runs at once ingest every file once (flock)" {
	feed run1
	feed run2
	"$CRON" "$FEED" "$STATE" >"$BATS_TEST_TMPDIR/a" 2>&1 &
	"$CRON" "$FEED" "$STATE" >"$BATS_TEST_TMPDIR/b" 2>&1 &
	wait
	cat "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	grep -q '3 new files' "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	grep -q '0 new files' "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	assert_equal "$(wc -l <"$STATE/ingested.list")" 3
	assert_equal "$(grep -c '^doc_id	' "$STATE/events.tsv")" 1
	assert_equal "$(cut -f13 "$STATE/events.tsv" | sort | uniq -d)" ""
	assert_equal "$(tail -n +2 "$STATE/disagreements.log" | sort | uniq -d)" ""
}

@test "crosscheck-cron: one outlet alone disagrees with no one: exit 0, nothing logged" {
	cp "$DIR/run1/harbor-post-1.txt" "$FEED/"
	printf 'file\tsource\tpublished\nharbor-post-1.txt\tHarbor Post\t2025-05-11\n' >"$FEED/manifest.tsv"
	run "$CRON" "$FEED" "$STATE"
	assert_equal "$status" 0
	assert_output --partial ', 0 disagreements, 0 new '
	[ ! -e "$STATE/disagreements.log" ]
	grep -q '	only	' "$STATE/comparison.tsv"
}

@test "crosscheck-cron: a store diff-sources cannot read is trouble, exit 2" {
	feed run1
	run "$CRON" "$FEED" "$STATE"
	assert_equal "$status" 1
	# a store whose header lost the code column
	cut -f14 --complement "$STATE/events.tsv" >"$BATS_TEST_TMPDIR/x" && mv "$BATS_TEST_TMPDIR/x" "$STATE/events.tsv"
	run "$CRON" "$FEED" "$STATE"
	assert_equal "$status" 2
	assert_output --partial "missing column(s) code"
}

@test "crosscheck-cron: a write error is trouble, exit 2" {
	feed run1
	run bash -c "'$CRON' '$FEED' '$STATE' >/dev/full"
	assert_equal "$status" 2
}

@test "diff-sources --exit-status: 0 without disagreement, 1 with one, 2 on a write error or a missing column" {
	feed run1
	"$CRON" "$FEED" "$STATE" >/dev/null || true
	store=$STATE/events.tsv
	run "$BIN/diff-sources" --exit-status "$store"
	assert_equal "$status" 1
	# Harbor Post's events alone: every cluster 'only'
	awk -F'\t' 'NR == 1 || $2 == "Harbor Post"' "$store" >"$BATS_TEST_TMPDIR/one.tsv"
	run "$BIN/diff-sources" --exit-status "$BATS_TEST_TMPDIR/one.tsv"
	assert_equal "$status" 0
	refute_output --regexp '	(conflict|omits)	'
	# a write error is trouble, not "differ"; without --exit-status it is exit 1 (the contract)
	run bash -c "'$BIN/diff-sources' --exit-status '$store' >/dev/full"
	assert_equal "$status" 2
	assert_output --partial 'write error'
	run bash -c "'$BIN/diff-sources' --exit-status '$BATS_TEST_TMPDIR/one.tsv' >/dev/full"
	assert_equal "$status" 2
	run bash -c "'$BIN/diff-sources' '$store' >/dev/full"
	assert_equal "$status" 1
	# a missing column
	cut -f14 --complement "$store" >"$BATS_TEST_TMPDIR/nocode.tsv"
	run "$BIN/diff-sources" --exit-status "$BATS_TEST_TMPDIR/nocode.tsv"
	assert_equal "$status" 2
	assert_output --partial "missing column(s) code (columns: doc_id, source, published"
	# sorted deterministically: the store in another order gives the same bytes
	(head -1 "$store"; tail -n +2 "$store" | sort -r) >"$BATS_TEST_TMPDIR/shuffled.tsv"
	cmp <("$BIN/diff-sources" "$store") <("$BIN/diff-sources" "$BATS_TEST_TMPDIR/shuffled.tsv")
}
