/* state.c: the SQLite state of --state (its schema is in docs/dedupe.md).
 *
 * A file is only written once it is known to be ours (application_id and user_version) or
 * empty; anything else is refused untouched. WAL mode lets readers go on while one run writes;
 * writers serialise on BEGIN IMMEDIATE with a busy timeout. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dedupe.h"
#include "err.h"

#define APPLICATION_ID 0x64647570 /* "ddup" */
#define USER_VERSION 1

/* The probe keys of every row in the state are held in memory (probetab.c), loaded at open and
 * brought up to date under the write lock of each batch, so that a row costs SQLite two appends
 * and not one B-tree search per band. */
struct state {
	sqlite3 *db;
	const char *path;
	sqlite3_stmt *begin, *commit, *rollback, *get, *add_seen, *add_lsh, *catch_up;
	int64_t now;
	int64_t loaded; /* the highest seq in the probe table */
	int64_t batch_start; /* loaded when the batch began */
	struct probetab table;
	int keys_per_row; /* probe keys filed per row */
	bool need_sig;    /* MinHash: every row of seen has a signature of SIG_BINS values */
	unsigned char blob[SIG_BINS * 2 > MAX_FIGURES * 8 ? SIG_BINS * 2 : MAX_FIGURES * 8];
	unsigned char keys_blob[MAX_KEYS * 4];
	uint16_t sig[SIG_BINS];
	uint64_t figures[MAX_FIGURES];
};

static const char schema[] =
	"CREATE TABLE settings(name TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE seen("
	"  seq INTEGER PRIMARY KEY,"  /* order of passing, from 1 */
	"  id TEXT NOT NULL,"         /* the --id column of the row */
	"  exact INTEGER NOT NULL,"   /* hash of the normalised key (salted by the --by value) */
	"  size INTEGER NOT NULL,"    /* weighted shingles of its key */
	"  sig BLOB,"                 /* MinHash: 128 x 16-bit little-endian */
	"  figures BLOB,"             /* numbers in context: 64-bit little-endian each */
	"  simhash INTEGER,"          /* SimHash */
	"  added INTEGER NOT NULL"    /* unix time of the run that passed it */
	");"
	"CREATE TABLE lsh("
	"  seq INTEGER PRIMARY KEY REFERENCES seen(seq),"
	"  keys BLOB NOT NULL"        /* the high 32 bits of each probe key, little-endian */
	");";

/* A file SQLite cannot write: the file itself, or its directory, where a WAL database needs its
 * -wal and -shm files even to be read. */
static int read_only(struct state *st)
{
	if (access(st->path, W_OK) == 0 && sqlite3_extended_errcode(st->db) == SQLITE_READONLY_DIRECTORY)
		msg_at(st->path, 0, "the state is read-only: its directory is not writable, and SQLite "
		       "needs '%s-wal' and '%s-shm' beside it", st->path, st->path);
	else
		msg_at(st->path, 0, "the state is read-only");
	return -1;
}

/* An error of SQLite: a damaged file (a malformed page, a table or column missing from a file
 * that says it is a state) is called that, and a file that cannot be written is read-only,
 * whatever was being done. */
static int fail(struct state *st, const char *what)
{
	int code = sqlite3_errcode(st->db) & 0xff;
	if (code == SQLITE_READONLY)
		return read_only(st);
	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
		msg_at(st->path, 0, "damaged state (%s)", sqlite3_errmsg(st->db));
	else
		msg_at(st->path, 0, "%s: %s", what, sqlite3_errmsg(st->db));
	return -1;
}

static int damaged_row(struct state *st, const char *table, int64_t seq, const char *column)
{
	msg_at(st->path, 0, "damaged state: row %lld of table %s, column %s", (long long)seq, table, column);
	return -1;
}

static int exec(struct state *st, const char *sql, const char *what)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail(st, what);
	return 0;
}

/* application_id, user_version and the number of schema objects, read without writing */
static int identify(struct state *st, long long *app, long long *version, long long *objects)
{
	sqlite3_stmt *s;
	const char *sql = "SELECT (SELECT application_id FROM pragma_application_id),"
			  " (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)";
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
		rc = SQLITE_OK;
	if (rc != SQLITE_OK) {
		/* reading a WAL database may need to write (its -shm, a recovery): a state of ours
		 * that is read-only fails here, before anything says what it is */
		if ((rc & 0xff) == SQLITE_READONLY)
			read_only(st);
		else
			msg_at(st->path, 0, "not a dedupe state (%s)", sqlite3_errmsg(st->db));
		sqlite3_finalize(s);
		return -1;
	}
	*app = sqlite3_column_int64(s, 0);
	*version = sqlite3_column_int64(s, 1);
	*objects = sqlite3_column_int64(s, 2);
	sqlite3_finalize(s);
	return 0;
}

static int check_identity(struct state *st, long long app, long long version, long long objects, bool *fresh)
{
	*fresh = app == 0 && objects == 0;
	if (*fresh)
		return 0;
	if (app != APPLICATION_ID) {
		msg_at(st->path, 0, "not a dedupe state (application_id %lld, %lld schema objects)", app, objects);
		return -1;
	}
	if (version != USER_VERSION) {
		msg_at(st->path, 0, "dedupe state of version %lld, this dedupe reads version %d", version,
		    USER_VERSION);
		return -1;
	}
	return 0;
}

static int create(struct state *st, const char *scheme)
{
	if (exec(st, "BEGIN IMMEDIATE", "cannot create the state") < 0)
		return -1;
	long long app, version, objects;
	bool fresh;
	if (identify(st, &app, &version, &objects) < 0 || check_identity(st, app, version, objects, &fresh) < 0)
		goto rollback;
	if (fresh) { /* nobody else made it while we waited for the lock */
		char sql[256];
		sqlite3_stmt *s;
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d;", APPLICATION_ID,
			 USER_VERSION);
		if (exec(st, schema, "cannot create the state") < 0 || exec(st, sql, "cannot create the state") < 0)
			goto rollback;
		if (sqlite3_prepare_v2(st->db, "INSERT INTO settings VALUES ('scheme', ?1)", -1, &s, NULL) != SQLITE_OK)
			goto rollback_fail;
		sqlite3_bind_text(s, 1, scheme, -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			goto rollback_fail;
	}
	return exec(st, "COMMIT", "cannot create the state");
rollback_fail:
	fail(st, "cannot create the state");
rollback:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static int check_scheme(struct state *st, const char *scheme, const char *old_scheme, bool *old)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT value FROM settings WHERE name = 'scheme'", -1, &s, NULL) != SQLITE_OK)
		return fail(st, "cannot read the state");
	int rc = sqlite3_step(s), ok = 0;
	const char *value = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
	if (rc == SQLITE_DONE) {
		msg_at(st->path, 0, "damaged state: no scheme in table settings");
		ok = -1;
	} else if (rc != SQLITE_ROW) {
		ok = fail(st, "cannot read the state's settings");
	} else if (!value) {
		msg_at(st->path, 0, "damaged state: the scheme in table settings is NULL");
		ok = -1;
	} else if (old_scheme && !strcmp(value, old_scheme)) {
		*old = true;
	} else if (strcmp(value, scheme)) {
		msg_at(st->path, 0, "the state was made with '%s', not '%s': use the same mode and options",
		       value, scheme);
		ok = -1;
	}
	sqlite3_finalize(s);
	return ok;
}

/* A statement that does not compile on a file that says it is a state (a table or a column
 * missing) means the file is damaged. */
static int prepare(struct state *st, sqlite3_stmt **s, const char *sql)
{
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, s, NULL) != SQLITE_OK) {
		if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_ERROR) {
			msg_at(st->path, 0, "damaged state (%s)", sqlite3_errmsg(st->db));
			return -1;
		}
		return fail(st, "cannot read the state");
	}
	return 0;
}

/* Files row seq under its n key fragments (4 bytes little-endian each). */
static int table_add_row(struct state *st, int64_t seq, const unsigned char *keys, int n)
{
	uint32_t frags[MAX_KEYS];
	for (int i = 0; i < n; i++)
		frags[i] = (uint32_t)keys[4 * i] | (uint32_t)keys[4 * i + 1] << 8 | (uint32_t)keys[4 * i + 2] << 16 |
			   (uint32_t)keys[4 * i + 3] << 24;
	if (probetab_add(&st->table, (uint32_t)seq, frags, n) < 0) {
		msg("out of memory");
		return -1;
	}
	return 0;
}

/* Adds the rows committed after st->loaded to the probe table. */
static int catch_up(struct state *st)
{
	sqlite3_stmt *s = st->catch_up;
	sqlite3_bind_int64(s, 1, st->loaded);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(s, 0);
		const unsigned char *keys = sqlite3_column_blob(s, 1);
		int bytes = sqlite3_column_bytes(s, 1), n = bytes / 4;
		if (seq <= 0 || seq > UINT32_MAX || bytes % 4 || n > MAX_KEYS) {
			sqlite3_reset(s);
			return damaged_row(st, "lsh", seq, "keys");
		}
		if (n && table_add_row(st, seq, keys, n) < 0) {
			sqlite3_reset(s);
			return -1;
		}
		st->loaded = seq;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return fail(st, "cannot read the state");
	return 0;
}

/* Loads the probe keys of the rows in the state, in one scan, into the probe table's base, and
 * sets up room beside it for a quarter million rows more. */
static int load(struct state *st)
{
	sqlite3_stmt *s;
	int64_t rows = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT max(seq) FROM lsh", -1, &s, NULL) != SQLITE_OK)
		return fail(st, "cannot read the state");
	if (sqlite3_step(s) == SQLITE_ROW)
		rows = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (probetab_init(&st->table, (size_t)262144 * (size_t)st->keys_per_row, true) < 0) {
		msg("out of memory");
		return -1;
	}
	if (rows < 0 || rows > UINT32_MAX)
		return damaged_row(st, "lsh", rows, "seq");
	/* room for the rows there are (seqs from 1), as far as their highest seq tells: a damaged
	 * one may be anything, so at most 4M rows at first; more as they come */
	if (rows > 1 << 22)
		rows = 1 << 22;
	size_t cap_rows = (size_t)rows + 1024, cap_frags = cap_rows * (size_t)st->keys_per_row, nrows = 0, nfrags = 0;
	uint32_t *frags = malloc(cap_frags * sizeof *frags), *seqs = malloc(cap_rows * sizeof *seqs);
	unsigned char *counts = malloc(cap_rows);
	int ok = -1, rc;
	s = st->catch_up;
	if (!frags || !seqs || !counts)
		goto nomem;
	sqlite3_bind_int64(s, 1, 0);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(s, 0);
		const unsigned char *keys = sqlite3_column_blob(s, 1);
		int bytes = sqlite3_column_bytes(s, 1), n = bytes / 4;
		if (seq <= 0 || seq > UINT32_MAX || bytes % 4 || n > MAX_KEYS) {
			damaged_row(st, "lsh", seq, "keys");
			goto done;
		}
		st->loaded = seq;
		if (!n)
			continue;
		if (nrows == cap_rows || nfrags + (size_t)n > cap_frags) {
			size_t r = cap_rows + cap_rows / 2, f = cap_frags + cap_frags / 2 + MAX_KEYS;
			uint32_t *q = realloc(frags, f * sizeof *frags), *t;
			if (!q)
				goto nomem;
			frags = q;
			if (!(t = realloc(seqs, r * sizeof *seqs)))
				goto nomem;
			seqs = t;
			unsigned char *c = realloc(counts, r);
			if (!c)
				goto nomem;
			counts = c;
			cap_rows = r;
			cap_frags = f;
		}
		for (int i = 0; i < n; i++, keys += 4)
			frags[nfrags++] = (uint32_t)keys[0] | (uint32_t)keys[1] << 8 | (uint32_t)keys[2] << 16 |
					  (uint32_t)keys[3] << 24;
		seqs[nrows] = (uint32_t)seq;
		counts[nrows++] = (unsigned char)n;
	}
	if (rc != SQLITE_DONE) {
		fail(st, "cannot read the state");
		goto done;
	}
	if (probetab_set_base(&st->table, frags, seqs, counts, nrows) < 0)
		goto nomem;
	ok = 0;
	goto done;
nomem:
	msg("out of memory");
done:
	sqlite3_reset(s);
	free(frags);
	free(seqs);
	free(counts);
	return ok;
}

struct state *state_open(const char *path, const char *scheme, bool need_sig, int keys_per_row, int busy_ms)
{
	bool old;
	return state_open_either(path, scheme, NULL, &old, need_sig, keys_per_row, busy_ms);
}

struct state *state_open_either(const char *path, const char *scheme, const char *old_scheme, bool *old,
				bool need_sig, int keys_per_row, int busy_ms)
{
	*old = false;
	struct state *st = calloc(1, sizeof *st);
	if (!st) {
		msg("out of memory");
		return NULL;
	}
	st->path = path;
	st->need_sig = need_sig;
	st->keys_per_row = keys_per_row < 1 ? 1 : keys_per_row > MAX_KEYS ? MAX_KEYS : keys_per_row;
	st->now = (int64_t)time(NULL);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		msg_at(path, 0, "cannot open the state: %s", st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, busy_ms);
	sqlite3_extended_result_codes(st->db, 1);
	long long app, version, objects;
	bool fresh;
	if (identify(st, &app, &version, &objects) < 0 || check_identity(st, app, version, objects, &fresh) < 0)
		goto fail;
	if (sqlite3_db_readonly(st->db, "main")) {
		read_only(st);
		goto fail;
	}
	if (!fresh && check_scheme(st, scheme, old_scheme, old) < 0) /* before anything is written */
		goto fail;
	/* WAL must be set outside a transaction; on a state of ours it is already on. Switching a new
	 * file to WAL takes an exclusive lock that the busy handler does not wait for: retry. */
	for (int waited = 0;; waited += 10) {
		int rc = sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			break;
		if ((rc & 0xff) != SQLITE_BUSY || waited >= busy_ms) {
			fail(st, "cannot use the state (is its directory writable?)");
			goto fail;
		}
		nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
	}
	if (fresh && (create(st, scheme) < 0 || check_scheme(st, scheme, NULL, old) < 0))
		goto fail;
	if (exec(st, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -8192; PRAGMA temp_store = MEMORY",
		 "cannot use the state") < 0)
		goto fail;
	if (prepare(st, &st->begin, "BEGIN IMMEDIATE") < 0 || prepare(st, &st->commit, "COMMIT") < 0 ||
	    prepare(st, &st->rollback, "ROLLBACK") < 0 ||
	    prepare(st, &st->get, "SELECT id, exact, size, sig, figures, simhash FROM seen WHERE seq = ?1") < 0 ||
	    prepare(st, &st->add_seen,
		    "INSERT INTO seen(id, exact, size, sig, figures, simhash, added) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)") < 0 ||
	    prepare(st, &st->add_lsh, "INSERT INTO lsh(seq, keys) VALUES (?1, ?2)") < 0 ||
	    prepare(st, &st->catch_up, "SELECT seq, keys FROM lsh WHERE seq > ?1 ORDER BY seq") < 0)
		goto fail;
	if (load(st) < 0)
		goto fail;
	return st;
fail:
	state_close(st);
	return NULL;
}

void state_close(struct state *st)
{
	if (!st)
		return;
	sqlite3_finalize(st->begin);
	sqlite3_finalize(st->commit);
	sqlite3_finalize(st->rollback);
	sqlite3_finalize(st->get);
	sqlite3_finalize(st->add_seen);
	sqlite3_finalize(st->add_lsh);
	sqlite3_finalize(st->catch_up);
	probetab_free(&st->table);
	sqlite3_close(st->db);
	free(st);
}

static int run(struct state *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fail(st, what);
	return 0;
}

int state_begin(struct state *st)
{
	if (run(st, st->begin, "cannot lock the state") < 0)
		return -1;
	/* what other runs committed since: under the lock, so nothing is missed */
	if (catch_up(st) < 0) {
		state_rollback(st);
		return -1;
	}
	st->batch_start = st->loaded;
	return 0;
}

int state_commit(struct state *st)
{
	return run(st, st->commit, "cannot commit to the state");
}

void state_rollback(struct state *st)
{
	sqlite3_step(st->rollback);
	sqlite3_reset(st->rollback);
	/* the seqs of this batch may go to another run's rows: reload them from there */
	st->loaded = st->batch_start;
}

void state_prefetch(const struct state *st, const struct sketch *sk)
{
	probetab_prefetch(&st->table, sk->keys, state_key_count(st, sk));
}

void state_prefetch_more(const struct state *st, const struct sketch *sk)
{
	probetab_prefetch_base(&st->table, sk->keys, state_key_count(st, sk));
}

int state_key_count(const struct state *st, const struct sketch *sk)
{
	return sk->nkeys < st->keys_per_row ? sk->nkeys : st->keys_per_row;
}

static void le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* Reads row seq into v; 0, 1 when it is not there, -1 on error. */
static int get_row(struct state *st, int64_t seq, struct rep_view *v, uint64_t *exact)
{
	sqlite3_stmt *s = st->get;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, seq);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return 1;
	if (rc != SQLITE_ROW)
		return fail(st, "cannot read the state");
	*v = (struct rep_view){
		.ref = seq,
		.id = (const char *)sqlite3_column_text(s, 0),
		.idlen = (size_t)sqlite3_column_bytes(s, 0),
		.size = (uint32_t)sqlite3_column_int64(s, 2),
		.simhash = (uint64_t)sqlite3_column_int64(s, 5),
	};
	*exact = (uint64_t)sqlite3_column_int64(s, 1);
	if (!v->id)
		v->id = "";
	/* what verification reads must be there and whole: a file can pass the identity checks and
	 * still hold anything */
	int64_t size = sqlite3_column_int64(s, 2);
	if (size < 1 || size > UINT32_MAX)
		return damaged_row(st, "seen", seq, "size");
	const unsigned char *blob = sqlite3_column_blob(s, 3);
	if (st->need_sig) {
		if (!blob || sqlite3_column_bytes(s, 3) != SIG_BINS * 2)
			return damaged_row(st, "seen", seq, "sig");
		for (int i = 0; i < SIG_BINS; i++)
			st->sig[i] = (uint16_t)(blob[2 * i] | blob[2 * i + 1] << 8);
		v->sig = st->sig;
	}
	blob = sqlite3_column_blob(s, 4);
	int bytes = sqlite3_column_bytes(s, 4), n = bytes / 8;
	if (bytes % 8 || n > MAX_FIGURES)
		return damaged_row(st, "seen", seq, "figures");
	for (int i = 0; i < n; i++)
		st->figures[i] = get_le64(blob + 8 * i);
	v->figures = st->figures;
	v->nfigures = n;
	return 0;
}

int state_each(struct state *st, uint64_t key, bool exact_probe, int limit,
	       int (*fn)(void *, const struct rep_view *), void *arg)
{
	uint32_t seqs[64];
	int n = probetab_find(&st->table, (uint32_t)(key >> 32), seqs, limit < PROBETAB_KEY_CAP ? limit : PROBETAB_KEY_CAP);
	for (int i = 0; i < n; i++) {
		struct rep_view v = {0};
		uint64_t exact = 0;
		int rc = get_row(st, seqs[i], &v, &exact);
		if (rc < 0) {
			sqlite3_reset(st->get);
			return -1;
		}
		if (rc > 0 || (exact_probe && exact != key))
			continue; /* another key with the same high bits */
		int stop = fn(arg, &v);
		sqlite3_reset(st->get);
		if (stop)
			break;
	}
	sqlite3_reset(st->get);
	return 0;
}

int state_add(struct state *st, const char *id, size_t idlen, const struct sketch *sk)
{
	sqlite3_stmt *s = st->add_seen;
	sqlite3_bind_text(s, 1, id, (int)idlen, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)sk->keys[0]);
	sqlite3_bind_int64(s, 3, sk->size);
	if (sk->has_sig) {
		for (int i = 0; i < SIG_BINS; i++) {
			st->blob[2 * i] = (unsigned char)sk->sig[i];
			st->blob[2 * i + 1] = (unsigned char)(sk->sig[i] >> 8);
		}
		sqlite3_bind_blob(s, 4, st->blob, SIG_BINS * 2, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(s, 4);
	}
	for (int i = 0; i < sk->nfigures; i++)
		le64(st->blob + 8 * i, sk->figures[i]);
	if (sk->nfigures)
		sqlite3_bind_blob(s, 5, st->blob, sk->nfigures * 8, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, 5);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)sk->simhash);
	sqlite3_bind_int64(s, 7, st->now);
	if (run(st, s, "cannot write to the state") < 0)
		return -1;
	sqlite3_int64 seq = sqlite3_last_insert_rowid(st->db);
	if (seq <= 0 || seq > UINT32_MAX) {
		msg_at(st->path, 0, "the state is full (%lld rows)", (long long)seq);
		return -1;
	}
	int n = state_key_count(st, sk);
	for (int i = 0; i < n; i++) {
		uint32_t frag = (uint32_t)(sk->keys[i] >> 32);
		for (int b = 0; b < 4; b++)
			st->keys_blob[4 * i + b] = (unsigned char)(frag >> (8 * b));
	}
	sqlite3_bind_int64(st->add_lsh, 1, seq);
	sqlite3_bind_blob(st->add_lsh, 2, st->keys_blob, 4 * n, SQLITE_STATIC);
	if (run(st, st->add_lsh, "cannot write to the state") < 0)
		return -1;
	if (table_add_row(st, seq, st->keys_blob, n) < 0)
		return -1;
	st->loaded = seq;
	return 0;
}
