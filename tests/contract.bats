#!/usr/bin/env bats
# The contract every TSV filter shares (STYLE.md): help, version, usage errors, missing files,
# empty input, header only, CRLF, ragged rows, closed pipes and full disks.
# ingest reads documents, not TSV, and has its own versions of these in ingest.bats.

load helpers
bats_require_minimum_version 1.5.0

filters() {
	local t
	for t in "$BIN"/*; do
		# extract-events writes events, not its input rows (and renames text to evidence), and
		# diff-sources writes comparison rows: their versions of these cases are in
		# tests/extract-events.bats and tests/diff-sources.bats
		case $(basename "$t") in ingest | extract-events | diff-sources) ;; *) basename "$t" ;; esac
	done
}

@test "contract: --help prints a synopsis on stdout and exits 0" {
	for t in $(filters) ingest; do
		[ -x "$BIN/$t" ] || continue
		run "$BIN/$t" --help
		assert_success
		assert_line --index 0 --partial "Usage: $t"
		assert_output --partial "Example"
	done
}

@test "contract: --version names the tool" {
	for t in $(filters) ingest; do
		[ -x "$BIN/$t" ] || continue
		run "$BIN/$t" --version
		assert_success
		assert_output --regexp "^$t \(crosscheck\) [0-9]+\.[0-9]+\.[0-9]+$"
	done
}

@test "contract: --help and --version into a full disk exit 1 with a message" {
	for t in $(filters) ingest; do
		[ -x "$BIN/$t" ] || continue
		for opt in --help --version; do
			run bash -c "'$BIN/$t' $opt >/dev/full"
			assert_equal "$status" 1
			assert_output "$t: write error: No space left on device"
		done
	done
}

@test "contract: --help into a closed pipe ends quietly" {
	for t in $(filters) ingest; do
		[ -x "$BIN/$t" ] || continue
		run bash -c "set -o pipefail; '$BIN/$t' --help | head -c 1"
		assert_success
		assert_output "U"
		run bash -c "set -o pipefail; '$BIN/$t' --help | true"
		assert_success
		assert_output ""
	done
}

@test "contract: an unknown option exits 2 with a hint" {
	for t in $(filters) ingest; do
		[ -x "$BIN/$t" ] || continue
		run "$BIN/$t" --no-such-option
		assert_equal "$status" 2
		assert_output --partial "Try '$t --help'"
	done
}

@test "contract: a missing file exits 1 naming it" {
	for t in $(filters); do
		run "$BIN/$t" /nonexistent/x.tsv
		assert_equal "$status" 1
		assert_output "$t: /nonexistent/x.tsv: cannot open: No such file or directory"
	done
}

@test "contract: empty input gives empty output and exit 0" {
	for t in $(filters); do
		run "$BIN/$t" </dev/null
		assert_success
		assert_output ""
	done
}

@test "contract: header only gives a header only" {
	for t in $(filters); do
		run "$BIN/$t" < <(printf 'doc_id\tsource\tpublished\ttext\n')
		assert_success
		assert_equal "${#lines[@]}" 1
		assert_line --index 0 --regexp $'^doc_id\tsource\tpublished\ttext'
	done
}

@test "contract: CRLF input gives the same output as LF input" {
	for t in $(filters); do
		printf 'doc_id\tsource\tpublished\ttext\nd1\tS\t2022-02-21\tMacron spoke to Putin. They agreed.\n' >"$BATS_TEST_TMPDIR/lf"
		sed 's/$/\r/' "$BATS_TEST_TMPDIR/lf" >"$BATS_TEST_TMPDIR/crlf"
		"$BIN/$t" <"$BATS_TEST_TMPDIR/lf" >"$BATS_TEST_TMPDIR/a"
		"$BIN/$t" <"$BATS_TEST_TMPDIR/crlf" >"$BATS_TEST_TMPDIR/b"
		diff -u "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	done
}

@test "contract: a ragged row exits 1 naming the line" {
	for t in $(filters); do
		run "$BIN/$t" < <(printf 'doc_id\tsource\tpublished\ttext\nd1\tS\t2022-02-21\tOne.\nd2\tS\n')
		assert_equal "$status" 1
		assert_line "$t: <stdin>:3: expected 4 fields, found 2"
	done
}

@test "contract: an unknown column exits 2 listing the columns" {
	for t in $(filters); do
		run "$BIN/$t" < <(printf 'a\tb\n1\t2\n')
		assert_equal "$status" 2
		assert_output --partial "(columns: a, b)"
	done
}

@test "contract: a closed pipe ends quietly" {
	yes "$(printf 'd\tS\t2022-02-21\tMacron spoke to Putin on Sunday. They agreed.')" | head -200000 |
		sed '1i doc_id\tsource\tpublished\ttext' >"$BATS_TEST_TMPDIR/big"
	for t in $(filters); do
		run bash -c "set -o pipefail; '$BIN/$t' <'$BATS_TEST_TMPDIR/big' | head -1"
		assert_success
		assert_output --regexp $'^doc_id\t'
	done
}

@test "contract: a full disk exits 1 with a message" {
	for t in $(filters); do
		run bash -c "'$BIN/$t' <'$BATS_TEST_TMPDIR/../big' >/dev/full" 2>/dev/null || true
		printf 'doc_id\tsource\tpublished\ttext\nd1\tS\t2022-02-21\tOne. Two.\n' >"$BATS_TEST_TMPDIR/small"
		run bash -c "'$BIN/$t' <'$BATS_TEST_TMPDIR/small' >/dev/full"
		assert_equal "$status" 1
		assert_output "$t: write error: No space left on device"
	done
}

@test "contract: --progress reports rows and MB on stderr and leaves stdout alone" {
	printf 'doc_id\tsource\tpublished\ttext\nd1\tS\t2022-02-21\tOne. Two.\nd2\tS\t2022-02-21\tThree.\n' >"$BATS_TEST_TMPDIR/in"
	for t in $(filters); do
		"$BIN/$t" <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/plain"
		"$BIN/$t" --progress <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
		diff -u "$BATS_TEST_TMPDIR/plain" "$BATS_TEST_TMPDIR/out"
		run cat "$BATS_TEST_TMPDIR/err"
		assert_output --regexp "^$t: 2 rows, 0\.0 MB, [0-9.]+ MB/s \(done\)$"
	done
}

@test "contract: --csv input gives what the same TSV gives" {
	printf 'doc_id\tsource\tpublished\ttext\nd1\tS, Inc.\t2022-02-21\tHe said: "One." Two.\\nThree.\n' >"$BATS_TEST_TMPDIR/tsv"
	printf 'doc_id,source,published,text\r\nd1,"S, Inc.",2022-02-21,"He said: ""One."" Two.\nThree."\r\n' >"$BATS_TEST_TMPDIR/csv"
	for t in $(filters); do
		"$BIN/$t" <"$BATS_TEST_TMPDIR/tsv" >"$BATS_TEST_TMPDIR/a"
		"$BIN/$t" --csv <"$BATS_TEST_TMPDIR/csv" >"$BATS_TEST_TMPDIR/b"
		diff -u "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
		[ "$(wc -l <"$BATS_TEST_TMPDIR/a")" -ge 2 ]
	done
}

@test "contract: the bundled example through the whole pipeline gives the pinned output" {
	local ex="$BATS_TEST_DIRNAME/../examples/ferry"
	"$BIN/ingest" --manifest "$ex/manifest.tsv" | "$BIN/segment" --with-title | "$BIN/tag-entities" |
		"$BIN/dedupe" --mark --id source >"$BATS_TEST_TMPDIR/out"
	diff -u "$BATS_TEST_DIRNAME/fixtures/contract/ferry-pipeline.tsv" "$BATS_TEST_TMPDIR/out"
}

@test "contract: copied columns are written as escaping their values gives, whatever the input's bytes" {
	# a lone backslash and a trailing one, a literal CR, a valid escape, invalid UTF-8: copied
	# columns come out as if unescaped and escaped again (\\, \r, \t, U+FFFD)
	local in want
	in=$(printf 'id\tx\tkey\n1\ta\\qb\\\tone two\n2\tc\rd\\t\xff\tthree four\n')
	want=$(printf 'id\tx\tkey\n1\ta\\\\qb\\\\\tone two\n2\tc\\rd\\t\xef\xbf\xbd\tthree four')
	run --separate-stderr "$BIN/dedupe" --key key <<<"$in"
	assert_success
	[ "$output" = "$want" ]
	want=$(printf 'id\tx\tkey\tentities\n1\ta\\\\qb\\\\\tone two\t\n2\tc\\rd\\t\xef\xbf\xbd\tthree four\t')
	run --separate-stderr "$BIN/tag-entities" --text-column key --no-model <<<"$in"
	assert_success
	[ "$output" = "$want" ]
	run --separate-stderr "$BIN/dedupe" --csv --key key <<<"$(printf 'id,x,key\n1,"a\\b\tc",one\n')"
	assert_success
	[ "$output" = "$(printf 'id\tx\tkey\n1\ta\\\\b\\tc\tone')" ]
}
