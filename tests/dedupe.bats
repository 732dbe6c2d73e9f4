#!/usr/bin/env bats
# dedupe: modes, output forms, empty keys, and the --state guarantees (concurrent runs, kill -9,
# foreign or corrupt files, read-only directories).

load helpers

# words N SEED: N rows of distinct random prose (letters only), header doc_id source published text
words() {
	awk -v n="$1" -v seed="$2" 'BEGIN {
		srand(seed); print "doc_id\tsource\tpublished\ttext"
		for (i = 1; i <= n; i++) {
			t = ""
			for (w = 0; w < 14; w++) {
				k = int(rand() * 20000); s = ""
				do { s = s sprintf("%c", 97 + k % 26); k = int(k / 26) } while (k > 0)
				t = t (w ? " " : "") s
			}
			printf "r%d\tS\t2026-01-01\t%s.\n", i, t
		}
	}'
}

# neardups N SEED: N rows, about a third copies of an earlier row with an edit (a word dropped,
# added or changed, a number changed), a fifth templated reports with other figures (rows that
# share most shingles: full buckets), the rest prose from a small vocabulary
neardups() {
	awk -v n="$1" -v seed="$2" 'BEGIN {
		srand(seed); print "doc_id\tsource\tpublished\ttext"
		for (i = 1; i <= n; i++) {
			r = rand()
			if (i > 10 && r < 0.35) {
				j = int(rand() * (i - 1)) + 1; k = split(T[j], W, " "); e = int(rand() * 4)
				p = int(rand() * k) + 1
				if (e == 0) W[p] = ""
				else if (e == 1) W[p] = W[p] " also"
				else if (e == 2) W[p] = "w" int(rand() * 300)
				else W[p] = int(rand() * 100)
				t = ""; for (q = 1; q <= k; q++) if (W[q] != "") t = t (t == "" ? "" : " ") W[q]
			} else if (r < 0.55) {
				t = sprintf("the company said quarterly profit rose %d pct to %d mln dlrs from %d mln a year earlier", int(rand() * 50), int(rand() * 900), int(rand() * 900))
			} else {
				t = ""; k = 8 + int(rand() * 12)
				for (q = 1; q <= k; q++) t = t (q > 1 ? " " : "") "w" int(rand() * 300)
			}
			T[i] = t
			printf "r%d\tS%d\t2026-01-01\t%s\n", i, i % 3, t
		}
	}'
}

@test "dedupe: near duplicates pass once; reordered case, spacing and punctuation do not matter" {
	run_case dedupe basic
	assert_equal "$status" 0
}

@test "dedupe: --mark appends dup_of and similarity; other figures are another report" {
	run_case dedupe mark --mark
	assert_equal "$status" 0
}

@test "dedupe: --exact compares normalised keys only" {
	run_case dedupe exact --exact --mark
	assert_equal "$status" 0
}

@test "dedupe: --simhash" {
	run_case dedupe simhash --simhash --mark
	assert_equal "$status" 0
}

@test "dedupe: --by compares rows of the same source only" {
	run_case dedupe by --by source --mark
	assert_equal "$status" 0
}

@test "dedupe: --clusters prints cluster and id" {
	run_case dedupe clusters --clusters
	assert_equal "$status" 0
}

@test "dedupe: --ignore-figures lets reports with other figures be duplicates" {
	run_case dedupe ignore-figures --ignore-figures --mark
	assert_equal "$status" 0
}

@test "dedupe: --emit-keys prints the key and the row, once per key" {
	run_case dedupe emit-keys --emit-keys --exact
	assert_equal "$status" 0
	run bash -c "'$BIN/dedupe' --emit-keys <'$FIXTURES/dedupe/basic.in' | awk -F'\t' 'NR > 1 && \$2 == \"d1\"' | wc -l"
	assert_output 43 # the exact key and 42 band keys: a key this short has no containment keys
}

@test "dedupe: empty keys are never duplicates, and an existing dup_of is replaced" {
	printf 'doc_id\ttext\tdup_of\na\t\tx\nb\t  \ty\nc\t--\tz\n' >"$BATS_TEST_TMPDIR/in"
	run "$BIN/dedupe" --mark "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output "$(printf 'doc_id\ttext\tdup_of\tsimilarity\na\t\t\t\nb\t  \t\t\nc\t--\t\t')"
}

@test "dedupe: usage errors exit 2" {
	run "$BIN/dedupe" --threshold 2
	assert_equal "$status" 2
	assert_line --index 0 "dedupe: --threshold: expected a number from 0.01 to 1, not '2'"
	run "$BIN/dedupe" --mark --clusters </dev/null
	assert_equal "$status" 2
	run "$BIN/dedupe" --mark < <(printf 'text\nx\n')
	assert_equal "$status" 2
	assert_output "dedupe: no column 'doc_id' in input (columns: text)"
}

@test "dedupe: nan, inf, -0, hex, exponents, blanks, garbage and empty values are usage errors" {
	local opt v
	for opt in --threshold --containment --busy-timeout --shingle --number-weight --bits --batch --max-memory; do
		for v in nan NaN inf -inf -0 -1 0x1p-1 0x10 1e-1 1e2 0.5x '' ' 0.5' '0.5 ' +0.5 . 1..2; do
			run "$BIN/dedupe" "$opt" "$v" </dev/null
			[ "$status" = 2 ] || { echo "$opt '$v': status $status"; return 1; }
			assert_line --index 0 --partial "dedupe: $opt: expected "
			[[ "${lines[0]}" == *", not '$v'" ]]
		done
	done
	for opt in --shingle --number-weight --bits --batch; do
		run "$BIN/dedupe" "$opt" 3.0 </dev/null
		assert_equal "$status" 2
	done
	for v in nan 42xnan 42x 'x3' 42x3x 0x3 42x-3 ' 42x3' 42x3.0 64x3; do
		run "$BIN/dedupe" --bands "$v" </dev/null
		[ "$status" = 2 ] || { echo "--bands '$v': status $status"; return 1; }
	done
	for v in 0 1048575 100K 0.5G; do
		run "$BIN/dedupe" --max-memory "$v" </dev/null
		assert_equal "$status" 2
	done
	run "$BIN/dedupe" --threshold .5 --containment 0 --busy-timeout 0.5 --shingle 2 --bands 21x6 --batch 7 \
		--max-memory 1M </dev/null
	assert_success
	run "$BIN/dedupe" --help
	assert_output --partial "--max-memory SIZE"
	assert_output --partial 'SQLite file in $TMPDIR (default /tmp)'
}

@test "dedupe: past --max-memory the index spills to a temporary file, with the same answers" {
	local in=$BATS_TEST_TMPDIR/in out=$BATS_TEST_TMPDIR/out args
	neardups 20000 5 >"$in"
	for args in "--mark" "--mark --max-memory 3M" "--clusters" "--mark --by source" "--mark --exact" "--mark --simhash"; do
		# shellcheck disable=SC2086
		"$BIN/dedupe" $args <"$in" >"$out.default"
		# shellcheck disable=SC2086
		TMPDIR=$BATS_TEST_TMPDIR "$BIN/dedupe" $args --max-memory 1M <"$in" >"$out.spilled"
		cmp "$out.default" "$out.spilled" || { echo "$args: a spilled run differs"; return 1; }
		[ "$args" = --mark ] && cp "$out.default" "$out.mark"
	done
	# the runs did spill: without a place for the file they fail; the default bound needs none
	run env TMPDIR=$BATS_TEST_TMPDIR/none "$BIN/dedupe" --max-memory 1M <"$in"
	assert_equal "$status" 1
	assert_line "dedupe: $BATS_TEST_TMPDIR/none: cannot make a temporary state here (--max-memory): No such file or directory"
	TMPDIR=$BATS_TEST_TMPDIR/none "$BIN/dedupe" <"$in" >/dev/null
	# near duplicates of rows far back, found (or not) the same way on both sides of a spill
	[ "$(awk -F'\t' 'NR > 1 && $5 != ""' "$out.mark" | wc -l)" -gt 2000 ]
}

@test "dedupe: the temporary file is in \$TMPDIR, gone from it at once, and removed at exit or kill -9" {
	local tmp=$BATS_TEST_TMPDIR/tmp in=$BATS_TEST_TMPDIR/in
	mkdir "$tmp"
	words 3000 17 >"$in"
	mkfifo "$BATS_TEST_TMPDIR/feed"
	TMPDIR=$tmp "$BIN/dedupe" --max-memory 1M <"$BATS_TEST_TMPDIR/feed" >"$BATS_TEST_TMPDIR/out" &
	local pid=$! link=""
	exec 9>"$BATS_TEST_TMPDIR/feed"
	cat "$in" >&9
	for _ in $(seq 200); do
		link=$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -o "$tmp/dedupe-spill-.* (deleted)" || true)
		[ -n "$link" ] && break
		sleep 0.05
	done
	echo "open: $link"
	[ -n "$link" ]
	assert_equal "$(ls -A "$tmp")" ""
	kill -9 "$pid"
	wait "$pid" || true
	exec 9>&-
	assert_equal "$(ls -A "$tmp")" ""
	# a run that ends on an error (a row too long, after the spill) leaves nothing either
	{ cat "$in"; printf 'x\tS\t2026-01-01\t%s\n' "$(head -c 70000 /dev/zero | tr '\0' a)"; } >"$BATS_TEST_TMPDIR/bad"
	run env TMPDIR=$tmp "$BIN/dedupe" --max-memory 1M --max-field 65536 "$BATS_TEST_TMPDIR/bad"
	assert_equal "$status" 1
	assert_equal "$(ls -A "$tmp")" ""
	TMPDIR=$tmp "$BIN/dedupe" --max-memory 1M <"$in" >/dev/null
	assert_equal "$(ls -A "$tmp")" ""
}

@test "dedupe: a spilled run stays near --max-memory" {
	if ldd "$BIN/dedupe" | grep -q libasan; then
		skip "a sanitizer's memory is not the program's"
	fi
	local in=$BATS_TEST_TMPDIR/in
	words 60000 19 >"$in"
	head -11 "$in" >"$BATS_TEST_TMPDIR/small"
	rss() { /usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss" "$@" >/dev/null && cat "$BATS_TEST_TMPDIR/rss"; }
	local base spilled unbounded
	base=$(TMPDIR=$BATS_TEST_TMPDIR rss "$BIN/dedupe" --max-memory 8M "$BATS_TEST_TMPDIR/small")
	spilled=$(TMPDIR=$BATS_TEST_TMPDIR rss "$BIN/dedupe" --max-memory 8M "$in")
	unbounded=$(rss "$BIN/dedupe" "$in")
	echo "peak RSS KB: 10 rows $base, 60000 rows $spilled with --max-memory 8M, $unbounded without"
	[ "$spilled" -le $((base + 10 * 1024)) ]
	[ "$unbounded" -ge $((base + 30 * 1024)) ]
}

@test "dedupe: --state passes only what earlier runs did not" {
	local st=$BATS_TEST_TMPDIR/seen.db
	run_case dedupe basic --state "$st"
	assert_equal "$status" 0
	printf 'doc_id\tsource\tpublished\ttext\n' >"$BATS_TEST_TMPDIR/empty.out"
	# a rerun passes only the rows with empty keys, which are never duplicates
	run bash -c "'$BIN/dedupe' --state '$st' <'$FIXTURES/dedupe/basic.in' | cut -f1"
	assert_success
	assert_output "$(printf 'doc_id\nd6\nd7')"
	# d4, a longer copy of d1, is filed too, under d1's id
	run sqlite3 "$st" "SELECT id FROM seen ORDER BY seq"
	assert_output "$(printf 'd1\nd3\nd1\nd5\nd9')"
	# --mark names the row of the earlier run (d4 is found as itself, filed under d1)
	run bash -c "'$BIN/dedupe' --mark --state '$st' <'$FIXTURES/dedupe/basic.in' | cut -f1,5,6 | sed -n 2,5p"
	assert_output "$(printf 'd1\td1\t1.000\nd2\td1\t1.000\nd3\td3\t1.000\nd4\td1\t1.000')"
	run "$BIN/dedupe" --exact --state "$st" <"$FIXTURES/dedupe/basic.in"
	assert_equal "$status" 1
	assert_output --partial "the state was made with 'minhash"
}

@test "dedupe: two concurrent runs on one state pass each row exactly once" {
	local st=$BATS_TEST_TMPDIR/seen.db
	words 4000 7 >"$BATS_TEST_TMPDIR/in"
	"$BIN/dedupe" --batch 100 --state "$st" <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/a" &
	"$BIN/dedupe" --batch 100 --state "$st" <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/b" &
	wait %1
	wait %2
	local a b
	a=$(tail -n +2 "$BATS_TEST_TMPDIR/a" | wc -l)
	b=$(tail -n +2 "$BATS_TEST_TMPDIR/b" | wc -l)
	echo "first run $a rows, second $b"
	assert_equal "$((a + b))" 4000
	run bash -c "tail -q -n +2 '$BATS_TEST_TMPDIR/a' '$BATS_TEST_TMPDIR/b' | cut -f1 | sort | uniq -d"
	assert_output ""
	run sqlite3 "$st" "SELECT count(*) FROM seen"
	assert_output 4000
}

@test "dedupe: kill -9 in the middle of a run loses no row, and the state opens without repair" {
	local st=$BATS_TEST_TMPDIR/seen.db in=$BATS_TEST_TMPDIR/in
	words 3000 11 >"$in"
	# the first run gets 1500 rows, then waits for more input and is killed
	mkfifo "$BATS_TEST_TMPDIR/feed"
	"$BIN/dedupe" --batch 200 --state "$st" <"$BATS_TEST_TMPDIR/feed" >"$BATS_TEST_TMPDIR/a" &
	local pid=$!
	exec 9>"$BATS_TEST_TMPDIR/feed"
	head -n 1501 "$in" >&9
	for _ in $(seq 100); do
		[ "$(sqlite3 "$st" "SELECT count(*) FROM seen" 2>/dev/null)" = 1400 ] && break
		sleep 0.05
	done
	kill -9 "$pid"
	wait "$pid" || true
	exec 9>&-
	[ "$(tail -n +2 "$BATS_TEST_TMPDIR/a" | wc -l)" -ge 1400 ]
	# rows in a batch that was written out but not committed may pass again; none is lost
	"$BIN/dedupe" --batch 200 --state "$st" <"$in" >"$BATS_TEST_TMPDIR/b"
	run bash -c "tail -q -n +2 '$BATS_TEST_TMPDIR/a' '$BATS_TEST_TMPDIR/b' | cut -f1 | sort -u | wc -l"
	assert_output 3000
	run sqlite3 "$st" "PRAGMA integrity_check; SELECT count(*) FROM seen"
	assert_output "$(printf 'ok\n3000')"
}

@test "dedupe: a kill -9 at any moment leaves a state the next run completes" {
	local st=$BATS_TEST_TMPDIR/seen.db in=$BATS_TEST_TMPDIR/in
	words 20000 13 >"$in"
	for delay in 0.05 0.2 0.4; do
		"$BIN/dedupe" --batch 300 --state "$st" <"$in" >>"$BATS_TEST_TMPDIR/a" &
		sleep "$delay"
		kill -9 $! 2>/dev/null || true
		wait || true
	done
	"$BIN/dedupe" --batch 300 --state "$st" <"$in" >>"$BATS_TEST_TMPDIR/a"
	run bash -c "grep -v '^doc_id' '$BATS_TEST_TMPDIR/a' | cut -f1 | sort -u | wc -l"
	assert_output 20000
	run sqlite3 "$st" "SELECT count(*) FROM seen"
	assert_output 20000
}

@test "dedupe: a corrupt or foreign state is refused and left unchanged" {
	local f=$BATS_TEST_TMPDIR/state
	head -c 10000 /dev/urandom >"$f"
	local sum
	sum=$(md5sum <"$f")
	run "$BIN/dedupe" --state "$f" <"$FIXTURES/dedupe/basic.in"
	assert_equal "$status" 1
	assert_output "dedupe: $f: not a dedupe state (file is not a database)"
	assert_equal "$(md5sum <"$f")" "$sum"
	rm -f "$f"
	sqlite3 "$f" "CREATE TABLE notes(x); INSERT INTO notes VALUES (1)"
	sum=$(md5sum <"$f")
	run "$BIN/dedupe" --state "$f" <"$FIXTURES/dedupe/basic.in"
	assert_equal "$status" 1
	assert_output "dedupe: $f: not a dedupe state (application_id 0, 1 schema objects)"
	assert_equal "$(md5sum <"$f")" "$sum"
	[ ! -e "$f-wal" ]
}

# damage SQL...: a copy of $BATS_TEST_TMPDIR/good.db with the SQL run on it, as $BATS_TEST_TMPDIR/bad.db
damage() {
	rm -f "$BATS_TEST_TMPDIR/bad.db"
	cp "$BATS_TEST_TMPDIR/good.db" "$BATS_TEST_TMPDIR/bad.db"
	sqlite3 "$BATS_TEST_TMPDIR/bad.db" "$@"
}

# refused_damaged MESSAGE: a run on bad.db exits 1 with MESSAGE and leaves the file as it was
refused_damaged() {
	local f=$BATS_TEST_TMPDIR/bad.db sum
	sum=$(md5sum <"$f")
	run "$BIN/dedupe" --state "$f" <"$FIXTURES/dedupe/basic.in"
	assert_equal "$status" 1
	assert_line "dedupe: $f: $1"
	assert_equal "$(md5sum <"$f")" "$sum"
}

@test "dedupe: a damaged state that passes the identity checks is 'damaged state', exit 1, untouched" {
	"$BIN/dedupe" --state "$BATS_TEST_TMPDIR/good.db" <"$FIXTURES/dedupe/basic.in" >/dev/null
	damage "UPDATE seen SET sig = x'0102' WHERE seq = 1"
	refused_damaged "damaged state: row 1 of table seen, column sig"
	damage "UPDATE seen SET sig = NULL WHERE seq = 1"
	refused_damaged "damaged state: row 1 of table seen, column sig"
	damage "UPDATE seen SET figures = x'0102030405' WHERE seq = 1"
	refused_damaged "damaged state: row 1 of table seen, column figures"
	damage "UPDATE seen SET size = 0 WHERE seq = 1"
	refused_damaged "damaged state: row 1 of table seen, column size"
	damage "UPDATE lsh SET keys = x'010203' WHERE seq = 2"
	refused_damaged "damaged state: row 2 of table lsh, column keys"
	damage "UPDATE lsh SET seq = 8589934592 WHERE seq = 4"
	refused_damaged "damaged state: row 8589934592 of table lsh, column seq"
	# a high seq is not a reason to make room for that many rows (the fuzzer's malloc of 7 GB)
	damage "UPDATE lsh SET seq = 4000000000 WHERE seq = 4"
	run "$BIN/dedupe" --state "$BATS_TEST_TMPDIR/bad.db" <"$FIXTURES/dedupe/basic.in"
	assert_success
	damage "DELETE FROM settings"
	refused_damaged "damaged state: no scheme in table settings"
	damage "DROP TABLE lsh"
	refused_damaged "damaged state (no such table: lsh)"
	# a settings table without NOT NULL, then a NULL scheme
	damage "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = replace(sql, 'TEXT NOT NULL', 'TEXT') WHERE name = 'settings'"
	sqlite3 "$BATS_TEST_TMPDIR/bad.db" "UPDATE settings SET value = NULL"
	refused_damaged "damaged state: the scheme in table settings is NULL"
	# a damaged page (the file in WAL mode, as a state is)
	damage "SELECT 1"
	printf '\377\377\377\377\377\377\377\377' | dd of="$BATS_TEST_TMPDIR/bad.db" bs=1 seek=4100 conv=notrunc 2>/dev/null
	sum=$(md5sum <"$BATS_TEST_TMPDIR/bad.db")
	run "$BIN/dedupe" --state "$BATS_TEST_TMPDIR/bad.db" <"$FIXTURES/dedupe/basic.in"
	assert_equal "$status" 1
	assert_output --partial "damaged state"
	assert_equal "$(md5sum <"$BATS_TEST_TMPDIR/bad.db")" "$sum"
}

# as_writer CMD...: runs CMD as a user for whom permissions count: root without CAP_DAC_OVERRIDE
# (still uid 0: file modes bind it as they bind anyone), or the user itself when not root
as_writer() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --bounding-set=-dac_override "$@"
	else
		"$@"
	fi
}

@test "dedupe: a state that cannot be written is 'the state is read-only', even for root" {
	local dir=$BATS_TEST_TMPDIR/ro st=$BATS_TEST_TMPDIR/ro/seen.db sum
	mkdir "$dir"
	"$BIN/dedupe" --state "$st" <"$FIXTURES/dedupe/basic.in" >/dev/null
	# the method must work here: a read-only file refuses as_writer's writes
	touch "$dir/probe" && chmod 444 "$dir/probe"
	if ! as_writer true 2>/dev/null || as_writer sh -c ": >'$dir/probe'" 2>/dev/null; then
		skip "cannot drop CAP_DAC_OVERRIDE here (setpriv --bounding-set): file modes do not bind root"
	fi
	rm -f "$dir/probe"
	chmod 444 "$st"
	sum=$(md5sum <"$st")
	run as_writer "$BIN/dedupe" --state "$st" <"$FIXTURES/dedupe/basic.in"
	assert_equal "$status" 1
	assert_output "dedupe: $st: the state is read-only"
	rm -f "$st-wal" "$st-shm"
	chmod 555 "$dir"
	run as_writer "$BIN/dedupe" --state "$st" <"$FIXTURES/dedupe/basic.in"
	assert_equal "$status" 1
	assert_output "dedupe: $st: the state is read-only"
	chmod 644 "$st"
	run as_writer "$BIN/dedupe" --state "$st" <"$FIXTURES/dedupe/basic.in"
	assert_equal "$status" 1
	assert_output "dedupe: $st: the state is read-only: its directory is not writable, and SQLite needs '$st-wal' and '$st-shm' beside it"
	run as_writer "$BIN/dedupe" --state "$dir/new.db" <"$FIXTURES/dedupe/basic.in"
	assert_equal "$status" 1
	assert_output "dedupe: $dir/new.db: cannot open the state: unable to open database file"
	chmod 755 "$dir"
	assert_equal "$(md5sum <"$st")" "$sum"
	[ ! -e "$dir/new.db" ]
	# an immutable file (chattr +i) binds root with every capability, where the file system has it
	if chattr +i "$st" 2>/dev/null; then
		run "$BIN/dedupe" --state "$st" <"$FIXTURES/dedupe/basic.in"
		chattr -i "$st"
		assert_equal "$status" 1
		assert_output "dedupe: $st: the state is read-only"
	fi
}

@test "dedupe: 200,000 template reports that share every band key take linear time, and all pass" {
	# each row shares its words with every other but for one figure: the figures check keeps
	# them apart, and every band key is one bucket of 200,000 rows (quadratic before: ~70 s)
	awk 'BEGIN { print "doc_id\ttext"
		for (i = 0; i < 200000; i++) printf "d%d\tThe ferry number %d left the harbour at noon.\n", i, i }' \
		>"$BATS_TEST_TMPDIR/template.tsv"
	run timeout 30 "$BIN/dedupe" "$BATS_TEST_TMPDIR/template.tsv"
	assert_success
	assert_equal "${#lines[@]}" 200001
	run timeout 30 "$BIN/dedupe" --state "$BATS_TEST_TMPDIR/t.db" "$BATS_TEST_TMPDIR/template.tsv"
	assert_success
	assert_equal "${#lines[@]}" 200001
}
