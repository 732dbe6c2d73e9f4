#!/usr/bin/env bats
# scripts/crosscheck-parallel: the same bytes as one process, documents never split across jobs.
load helpers

PAR=$BATS_TEST_DIRNAME/../scripts/crosscheck-parallel

setup() {
	command -v parallel >/dev/null || skip "GNU parallel is not installed (scripts/install-deps)"
	docs=$BATS_TEST_TMPDIR/docs.tsv
	printf 'doc_id\tsource\tpublished\turl\ttitle\ttext\n' >"$docs"
	# 200 varied documents: names and numbers change with i, so no two are alike
	awk 'BEGIN { split("Valmora Portvale Ardenne Kestria Oberlin", place, " ")
		for (i = 1; i <= 200; i++)
			printf "d%d\tWire%d\t2024-03-%02d\t\tTalks in %s %d\tThe minister of %s met President Ardo Kest on %d March in %s. Troops shelled the harbour, killing %d people. Officials said %d ferries were damaged.\n",
				i, i % 3, i % 28 + 1, place[i % 5 + 1], i, place[i % 5 + 1], i % 28 + 1, place[(i + 2) % 5 + 1], i % 17 + 2, i % 5 + 1 }' >>"$docs"
}

@test "parallel: segment | tag-entities | extract-events on 2 jobs equals one process" {
	"$BIN/segment" --with-title <"$docs" | "$BIN/tag-entities" | "$BIN/extract-events" >"$BATS_TEST_TMPDIR/serial"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/serial")" -gt 100 ]
	CROSSCHECK_BIN=$BIN "$PAR" -j 2 --block 2k <"$docs" >"$BATS_TEST_TMPDIR/par"
	cmp "$BATS_TEST_TMPDIR/serial" "$BATS_TEST_TMPDIR/par"
}

# the issue's size: 50 MB of varied stories (scripts/gen-news-docs), 2 jobs of the default 10M
# blocks against one process. Under ASan it would take minutes: the plain suite runs it.
@test "parallel: 50 MB of documents on 2 jobs equal one process" {
	[ -z "${CROSSCHECK_SAN:-}" ] || skip "50 MB under the sanitizers: the plain make test runs it"
	big=$BATS_TEST_TMPDIR/big.tsv
	"$BATS_TEST_DIRNAME/../scripts/gen-news-docs" 50 >"$big"
	[ "$(stat -c %s "$big")" -ge 50000000 ]
	"$BIN/segment" --with-title <"$big" | "$BIN/tag-entities" | "$BIN/extract-events" >"$BATS_TEST_TMPDIR/serial"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/serial")" -gt 300000 ]
	CROSSCHECK_BIN=$BIN "$PAR" -j 2 <"$big" >"$BATS_TEST_TMPDIR/par"
	cmp "$BATS_TEST_TMPDIR/serial" "$BATS_TEST_TMPDIR/par"
	rm -f "$big" "$BATS_TEST_TMPDIR/serial" "$BATS_TEST_TMPDIR/par"
}

# a throwaway sshd on 127.0.0.1 at a high port, with its own host and user keys; stopped at the end
start_sshd() {
	local sshd=/usr/sbin/sshd d=$BATS_TEST_TMPDIR/ssh
	if [ ! -x "$sshd" ] || [ "$(id -u)" -ne 0 ]; then
		[ -z "${CROSSCHECK_CI:-}" ] || { echo "sshd is missing or not root in CI"; return 1; }
		skip "needs openssh-server and root (CI runs it)"
	fi
	mkdir -p "$d" /run/sshd
	ssh-keygen -q -t ed25519 -N '' -f "$d/host"
	ssh-keygen -q -t ed25519 -N '' -f "$d/user"
	cp "$d/user.pub" "$d/authorized_keys"
	chmod 600 "$d/authorized_keys"
	port=$((20000 + $$ % 20000))
	"$sshd" -f /dev/null -o Port=$port -o ListenAddress=127.0.0.1 -o HostKey="$d/host" \
		-o AuthorizedKeysFile="$d/authorized_keys" -o PidFile="$d/pid" -o StrictModes=no \
		-o PasswordAuthentication=no -o UsePAM=no -E "$d/log"
	for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$d/pid" ] && break; sleep 0.2; done
	[ -s "$d/pid" ] || { cat "$d/log"; return 1; }
	login="ssh -p $port -i $d/user -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR root@127.0.0.1"
}

teardown() {
	local pid=$BATS_TEST_TMPDIR/ssh/pid
	if [ -s "$pid" ]; then kill "$(cat "$pid")" 2>/dev/null || true; fi
}

@test "parallel: two hosts (this one and an sshd on 127.0.0.1) equal one process" {
	start_sshd
	"$BIN/segment" --with-title <"$docs" | "$BIN/tag-entities" | "$BIN/extract-events" >"$BATS_TEST_TMPDIR/serial"
	CROSSCHECK_BIN=$BIN "$PAR" -j 1 --block 4k --sshlogin : --sshlogin "$login" <"$docs" >"$BATS_TEST_TMPDIR/par"
	cmp "$BATS_TEST_TMPDIR/serial" "$BATS_TEST_TMPDIR/par"
	# the remote host did run jobs
	grep -q "Accepted publickey" "$BATS_TEST_TMPDIR/ssh/log"
}

@test "parallel: sentence rows of one document stay in one job (tiny blocks)" {
	"$BIN/segment" --with-title <"$docs" >"$BATS_TEST_TMPDIR/sent"
	CROSSCHECK_BIN=$BIN "$PAR" -j 2 --block 200 'cut -f1 | sed "s/^/{#}	/"' <"$BATS_TEST_TMPDIR/sent" 2>/dev/null >"$BATS_TEST_TMPDIR/jobs"
	# more than one job ran, every document's rows came out, and no document is in two jobs
	[ "$(cut -f1 "$BATS_TEST_TMPDIR/jobs" | sort -u | wc -l)" -gt 10 ]
	[ "$(tail -n +2 "$BATS_TEST_TMPDIR/jobs" | wc -l)" -eq "$(tail -n +2 "$BATS_TEST_TMPDIR/sent" | wc -l)" ]
	run sh -c "tail -n +2 '$BATS_TEST_TMPDIR/jobs' | sort -u | cut -f2 | sort | uniq -d"
	assert_output ""
	# and the rows keep their order
	diff <(cut -f1 "$BATS_TEST_TMPDIR/sent" | tail -n +2) <(cut -f2 "$BATS_TEST_TMPDIR/jobs" | tail -n +2)
}

@test "parallel: the whole pipeline, per-document part on 2 jobs, dedupe and diff-sources once" {
	"$BIN/segment" --with-title <"$docs" | "$BIN/tag-entities" | "$BIN/extract-events" |
		"$BIN/dedupe" | "$BIN/diff-sources" >"$BATS_TEST_TMPDIR/serial"
	CROSSCHECK_BIN=$BIN "$PAR" -j 2 --block 4k <"$docs" | "$BIN/dedupe" | "$BIN/diff-sources" >"$BATS_TEST_TMPDIR/par"
	cmp "$BATS_TEST_TMPDIR/serial" "$BATS_TEST_TMPDIR/par"
}

@test "parallel: an empty line is refused, not hidden" {
	run sh -c "printf 'doc_id\ttext\nd1\tA b.\n\nd2\tC d.\n' | CROSSCHECK_BIN='$BIN' '$PAR' -j 2"
	[ "$status" -ne 0 ]
	assert_output --partial "crosscheck-parallel: <stdin>:3: empty line"
}

@test "parallel: bad usage exits 2" {
	run "$PAR" --no-such-option
	[ "$status" -eq 2 ]
	run "$PAR" -j 0
	[ "$status" -eq 2 ]
	run "$PAR" -j
	[ "$status" -eq 2 ]
	run "$PAR" a b
	[ "$status" -eq 2 ]
}
