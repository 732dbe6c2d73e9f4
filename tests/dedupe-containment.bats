#!/usr/bin/env bats
# dedupe: copies that keep most of the shorter text (cut to 30-50%, or without some paragraphs)
# have a Jaccard similarity of 0.3-0.6 with their original: containment keys make them
# candidates whatever the LSH bands do, and the figures of the shorter text are looked for in the
# longer one.

load helpers

@test "dedupe: a copy cut to 40% and one without three paragraphs are found without a band in common" {
	# 4 bands of 32 rows collide only for near-exact copies: the containment keys find these
	run_case dedupe contain --mark --bands 4x32
	assert_equal "$status" 0
	# with --containment 0 there are no containment keys, and nothing else finds them
	run bash -c "'$BIN/dedupe' --mark --bands 4x32 --containment 0 <'$FIXTURES/dedupe/contain.in' | cut -f1,5 | tail -n +2"
	assert_output "$(printf 'v1\t\nv1-cut\t\nv1-drop\t\nv2-other\t\nv3\t')"
}

@test "dedupe: a state files the containment keys: a cut copy a later run sees is dropped" {
	local db=$BATS_TEST_TMPDIR/s.db
	head -2 "$FIXTURES/dedupe/contain.in" | "$BIN/dedupe" --bands 4x32 --state "$db" >/dev/null
	run bash -c "sed 2d '$FIXTURES/dedupe/contain.in' | '$BIN/dedupe' --bands 4x32 --state '$db' --mark | cut -f1,5,6"
	assert_output "$(printf 'doc_id\tdup_of\tsimilarity\nv1-cut\tv1\t0.375\nv1-drop\tv1\t0.562\nv2-other\t\t\nv3\t\t')"
}

@test "dedupe: an original after its copy without two paragraphs is a duplicate; another match is not" {
	# the copy lacks "on 12 minutes" and "on 61 minutes": no other figures of "on 34 minutes";
	# m2 has another score and other minutes
	run_case dedupe contain-figures --mark
	assert_equal "$status" 0
}

@test "dedupe: --emit-keys prints the containment keys too, so that two phases find what one does" {
	run bash -c "'$BIN/dedupe' --emit-keys --containment 0 <'$FIXTURES/dedupe/contain.in' | awk -F'\t' '\$2 == \"v1\"' | wc -l"
	assert_output 43
	run bash -c "'$BIN/dedupe' --emit-keys <'$FIXTURES/dedupe/contain.in' | awk -F'\t' '\$2 == \"v1\"' | wc -l"
	assert_output 55
	# the cut copy and its original share a containment key, and no band key
	run bash -c "'$BIN/dedupe' --emit-keys --bands 4x32 <'$FIXTURES/dedupe/contain.in' | awk -F'\t' '\$2 == \"v1\" || \$2 == \"v1-cut\" { n[\$1]++ } END { for (k in n) if (n[k] == 2) c++; print c + 0 }'"
	[ "$output" -ge 1 ]
}

@test "dedupe: a copy longer than what it copies is filed too: a copy of its other part finds the cluster" {
	# e-cut is the story's first three paragraphs, e-full all of it, e-tail its last four: e-tail
	# shares nothing with e-cut, but all of it is in e-full, filed under e-cut
	run_case dedupe extend --mark
	assert_equal "$status" 0
	# the same with a state, across runs
	local db=$BATS_TEST_TMPDIR/s.db
	head -3 "$FIXTURES/dedupe/extend.in" | "$BIN/dedupe" --state "$db" >/dev/null
	run bash -c "sed 2,3d '$FIXTURES/dedupe/extend.in' | '$BIN/dedupe' --state '$db' --mark | cut -f1,5"
	assert_output "$(printf 'doc_id\tdup_of\ne-tail\te-cut')"
	run sqlite3 "$db" "SELECT id FROM seen ORDER BY seq"
	assert_output "$(printf 'e-cut\ne-cut')"
}

@test "dedupe: a state of the last scheme version is read and grown the way it was made" {
	# state-v1.sql: the dump of a state of version 1 (the low 16 bits of each MinHash value)
	# holding contain.in's v1, as dedupe --bands 4x32 --state of that version wrote it
	local db=$BATS_TEST_TMPDIR/v1.db
	sqlite3 "$db" <"$FIXTURES/dedupe/state-v1.sql"
	run bash -c "sed 2d '$FIXTURES/dedupe/contain.in' | '$BIN/dedupe' --bands 4x32 --state '$db' --mark | cut -f1,5,6"
	assert_success
	assert_output "$(printf 'doc_id\tdup_of\tsimilarity\nv1-cut\tv1\t0.375\nv1-drop\tv1\t0.562\nv2-other\t\t\nv3\t\t')"
	run sqlite3 "$db" "SELECT value FROM settings WHERE name = 'scheme'"
	assert_output 'minhash v1 shingle=3 number-weight=2 bands=4x32 bits=0'
	# with other options it is refused, as before
	run bash -c "sed 2d '$FIXTURES/dedupe/contain.in' | '$BIN/dedupe' --state '$db'"
	assert_failure 1
	assert_output --partial "the state was made with 'minhash v1 shingle=3 number-weight=2 bands=4x32 bits=0', not 'minhash v2"
}

@test "dedupe: figures past the 32 a key keeps are not other figures; a changed one within them is" {
	# 40 figures each: q-drop, without the third paragraph, keeps figures beyond q-full's 32nd,
	# where "rose to N from" has other values; q-other changes figures 25 to 40
	run_case dedupe figures-horizon --mark
	assert_equal "$status" 0
}
