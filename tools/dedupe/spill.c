/* spill.c: where the index of a run without --state goes past --max-memory: a temporary SQLite
 * file in $TMPDIR (default /tmp), removed as soon as it is open, so that nothing is left behind
 * however the run ends (an error, kill -9). It holds the table seen of a state and, in place of
 * lsh (whose keys a state holds in memory), probe: the rows filed under each fragment, in the
 * order they were added, which is the order of the in-memory buckets, so that a spilled run
 * gives the answers of one that is not.
 *
 * The index spills in bulk (memindex.c): everything it holds, in one transaction. Its probe
 * entries, sorted, are cut into buckets of some 32 by the high bits of the fragment, and each
 * bucket of a spill is one row of probe (bucket, spill, then the pairs fragment, seq): a row per
 * 32 entries rather than per entry, and a B-tree written in order. A probe reads its bucket's
 * rows, one per spill, oldest first, and searches each for its fragment. Only the first
 * MAX_PER_FRAG rows of a fragment of a spill are kept: a probe never takes more.
 *
 * A fixed bit array of the fragments spilled (a Bloom filter of two hashes) spares most probes of
 * keys never spilled: a new row's keys. No journal, no sync, an exclusive lock: the file is
 * private and thrown away. */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "dedupe.h"
#include "err.h"

struct spill {
	sqlite3 *db;
	char path[4096];
	sqlite3_stmt *add_seen, *add_probe, *find, *get;
	int shift;      /* bucket = fragment >> shift, set at the first spill */
	int64_t spills; /* spills so far */
	struct buf pairs;
	bool keep_sig;
	int64_t now;
	unsigned char *filter; /* 1 << filter_log2 bits */
	int filter_log2;
	size_t filter_bytes;
	uint16_t sig[SIG_BINS];
	uint64_t figures[MAX_FIGURES];
};

static const char schema[] =
	"CREATE TABLE seen("
	"  seq INTEGER PRIMARY KEY, id TEXT NOT NULL, exact INTEGER NOT NULL, size INTEGER NOT NULL,"
	"  sig BLOB, figures BLOB, simhash INTEGER, added INTEGER NOT NULL);"
	"CREATE TABLE probe(bucket INTEGER NOT NULL, spill INTEGER NOT NULL, pairs BLOB NOT NULL,"
	"  PRIMARY KEY (bucket, spill)) WITHOUT ROWID;";

#define MAX_PER_FRAG 64 /* the largest limit of memindex_each */
#define BUCKET_ENTRIES 32

static int fail(struct spill *sp, const char *what)
{
	msg_at(sp->path, 0, "temporary state (--max-memory): %s: %s", what, sqlite3_errmsg(sp->db));
	return -1;
}

struct spill *spill_open(bool keep_sig, size_t cache_bytes, size_t filter_bytes)
{
	struct spill *sp = calloc(1, sizeof *sp);
	if (!sp) {
		msg("out of memory");
		return NULL;
	}
	sp->keep_sig = keep_sig;
	sp->now = (int64_t)time(NULL);
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	snprintf(sp->path, sizeof sp->path, "%s/dedupe-spill-XXXXXX", dir);
	int fd = mkstemp(sp->path);
	if (fd < 0) {
		msg_at(dir, 0, "cannot make a temporary state here (--max-memory): %s", strerror(errno));
		free(sp);
		return NULL;
	}
	close(fd);
	int rc = sqlite3_open_v2(sp->path, &sp->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	unlink(sp->path); /* open: gone from the directory, there until closed */
	if (rc != SQLITE_OK) {
		fail(sp, "cannot open it");
		goto fail;
	}
	sqlite3_extended_result_codes(sp->db, 1);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;"
		 " PRAGMA cache_size = -%zu;", cache_bytes / 1024 ? cache_bytes / 1024 : 1);
	if (sqlite3_exec(sp->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(sp->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		fail(sp, "cannot set it up");
		goto fail;
	}
	if (sqlite3_prepare_v3(sp->db, "INSERT INTO seen VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1,
			       SQLITE_PREPARE_PERSISTENT, &sp->add_seen, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(sp->db, "INSERT INTO probe VALUES (?1, ?2, ?3)", -1, SQLITE_PREPARE_PERSISTENT,
			       &sp->add_probe, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(sp->db, "SELECT pairs FROM probe WHERE bucket = ?1 ORDER BY spill", -1,
			       SQLITE_PREPARE_PERSISTENT, &sp->find, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(sp->db, "SELECT id, exact, size, sig, figures, simhash FROM seen WHERE seq = ?1", -1,
			       SQLITE_PREPARE_PERSISTENT, &sp->get, NULL) != SQLITE_OK) {
		fail(sp, "cannot set it up");
		goto fail;
	}
	/* the filter: a power of two of bytes, at most 2^32 bits (one per fragment) */
	sp->filter_log2 = 15;
	while (sp->filter_log2 < 32 && ((size_t)1 << (sp->filter_log2 + 1 - 3)) <= filter_bytes)
		sp->filter_log2++;
	sp->filter_bytes = (size_t)1 << (sp->filter_log2 - 3);
	void *m = mmap(NULL, sp->filter_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		msg("out of memory");
		goto fail;
	}
	sp->filter = m;
	return sp;
fail:
	spill_close(sp);
	return NULL;
}

void spill_close(struct spill *sp)
{
	if (!sp)
		return;
	sqlite3_finalize(sp->add_seen);
	sqlite3_finalize(sp->add_probe);
	sqlite3_finalize(sp->find);
	sqlite3_finalize(sp->get);
	sqlite3_close(sp->db);
	buf_free(&sp->pairs);
	if (sp->filter)
		munmap(sp->filter, sp->filter_bytes);
	free(sp);
}

static int run(struct spill *sp, const char *sql)
{
	if (sqlite3_exec(sp->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail(sp, "cannot write to it");
	return 0;
}

int spill_begin(struct spill *sp)
{
	return run(sp, "BEGIN");
}

int spill_commit(struct spill *sp)
{
	return run(sp, "COMMIT");
}

static int step_done(struct spill *sp, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return fail(sp, "cannot write to it");
	return 0;
}

int spill_add_rep(struct spill *sp, int64_t seq, uint64_t exact, const struct rep_view *v)
{
	sqlite3_stmt *s = sp->add_seen;
	sqlite3_bind_int64(s, 1, seq);
	sqlite3_bind_text(s, 2, v->id, (int)v->idlen, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)exact);
	sqlite3_bind_int64(s, 4, v->size);
	if (sp->keep_sig)
		sqlite3_bind_blob(s, 5, v->sig, SIG_BINS * sizeof *v->sig, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 5);
	if (v->nfigures)
		sqlite3_bind_blob(s, 6, v->figures, v->nfigures * (int)sizeof *v->figures, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 6);
	sqlite3_bind_int64(s, 7, (sqlite3_int64)v->simhash);
	sqlite3_bind_int64(s, 8, sp->now);
	return step_done(sp, s);
}

/* The two bits of a fragment in the filter: its high bits, and those of its product with an odd
 * constant (the fragment is a hash already). Two, not one: a third as many probes pass when the
 * filter holds some 5 to 10 bits a key, as at the default bound. */
static inline size_t filter_bit(const struct spill *sp, uint32_t frag, int which)
{
	uint32_t h = which ? frag * 0x9E3779B1u : frag;
	return (size_t)(h >> (32 - sp->filter_log2));
}

static inline void filter_set(struct spill *sp, uint32_t frag)
{
	for (int i = 0; i < 2; i++) {
		size_t bit = filter_bit(sp, frag, i);
		sp->filter[bit >> 3] |= (unsigned char)(1u << (bit & 7));
	}
}

static inline bool filter_has(const struct spill *sp, uint32_t frag)
{
	size_t a = filter_bit(sp, frag, 0), b = filter_bit(sp, frag, 1);
	return (sp->filter[a >> 3] >> (a & 7) & 1) && (sp->filter[b >> 3] >> (b & 7) & 1);
}

/* Writes the pairs of one bucket of this spill. */
static int add_bucket(struct spill *sp, uint32_t bucket)
{
	sqlite3_bind_int64(sp->add_probe, 1, bucket);
	sqlite3_bind_int64(sp->add_probe, 2, sp->spills);
	sqlite3_bind_blob(sp->add_probe, 3, sp->pairs.p, (int)sp->pairs.len, SQLITE_STATIC);
	int rc = step_done(sp, sp->add_probe);
	buf_clear(&sp->pairs); /* after: it writes a NUL over the first byte */
	return rc;
}

int spill_add_probes(struct spill *sp, const uint64_t *entries, size_t n, int64_t base)
{
	if (!sp->spills) { /* buckets of some BUCKET_ENTRIES entries of a spill this size */
		int bits = 0;
		while (bits < 32 && ((size_t)1 << bits) * BUCKET_ENTRIES < n)
			bits++;
		sp->shift = 32 - bits;
	}
	sp->spills++;
	buf_clear(&sp->pairs);
	uint32_t bucket = 0, last = 0;
	int same = 0; /* entries of the fragment last */
	for (size_t i = 0; i < n; i++) {
		uint32_t frag = (uint32_t)(entries[i] >> 32), pair[2];
		uint32_t b = sp->shift == 32 ? 0 : frag >> sp->shift;
		if (sp->pairs.len && b != bucket && add_bucket(sp, bucket) < 0)
			return -1;
		bucket = b;
		same = i && frag == last ? same + 1 : 1;
		last = frag;
		if (same > MAX_PER_FRAG)
			continue;
		filter_set(sp, frag);
		pair[0] = frag;
		pair[1] = (uint32_t)(base + (int64_t)(uint32_t)entries[i]);
		if (buf_append(&sp->pairs, pair, sizeof pair) < 0) {
			msg("out of memory");
			return -1;
		}
	}
	return sp->pairs.len ? add_bucket(sp, bucket) : 0;
}

void spill_prefetch(const struct spill *sp, const uint64_t *keys, int n)
{
	for (int i = 0; i < n; i++) {
		__builtin_prefetch(sp->filter + (filter_bit(sp, (uint32_t)(keys[i] >> 32), 0) >> 3));
		__builtin_prefetch(sp->filter + (filter_bit(sp, (uint32_t)(keys[i] >> 32), 1) >> 3));
	}
}

/* Reads row seq of seen into v (its strings and arrays valid until the next get). */
static int get_row(struct spill *sp, int64_t seq, struct rep_view *v, uint64_t *exact)
{
	sqlite3_stmt *s = sp->get;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, seq);
	if (sqlite3_step(s) != SQLITE_ROW)
		return fail(sp, "cannot read it");
	*v = (struct rep_view){
		.ref = seq - 1,
		.id = (const char *)sqlite3_column_text(s, 0),
		.idlen = (size_t)sqlite3_column_bytes(s, 0),
		.size = (uint32_t)sqlite3_column_int64(s, 2),
		.simhash = (uint64_t)sqlite3_column_int64(s, 5),
		.figures = sp->figures,
	};
	*exact = (uint64_t)sqlite3_column_int64(s, 1);
	if (!v->id)
		v->id = "";
	const void *sig = sqlite3_column_blob(s, 3);
	if (sp->keep_sig) {
		if (!sig || sqlite3_column_bytes(s, 3) != (int)sizeof sp->sig) {
			msg_at(sp->path, 0, "temporary state (--max-memory): row %lld is damaged", (long long)seq);
			return -1;
		}
		memcpy(sp->sig, sig, sizeof sp->sig);
		v->sig = sp->sig;
	}
	const void *figures = sqlite3_column_blob(s, 4);
	int bytes = sqlite3_column_bytes(s, 4);
	v->nfigures = bytes / (int)sizeof *sp->figures;
	if (v->nfigures > MAX_FIGURES)
		v->nfigures = MAX_FIGURES;
	if (figures)
		memcpy(sp->figures, figures, (size_t)v->nfigures * sizeof *sp->figures);
	return 0;
}

int spill_each(struct spill *sp, uint64_t key, bool exact_probe, int limit,
	       int (*fn)(void *, const struct rep_view *), void *arg, int *taken)
{
	uint32_t frag = (uint32_t)(key >> 32), seqs[MAX_PER_FRAG];
	int n = 0;
	*taken = 0;
	if (!filter_has(sp, frag))
		return 0;
	if (limit > MAX_PER_FRAG)
		limit = MAX_PER_FRAG;
	sqlite3_stmt *s = sp->find;
	sqlite3_bind_int64(s, 1, sp->shift == 32 ? 0 : frag >> sp->shift);
	int rc;
	while (n < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const uint32_t *pairs = sqlite3_column_blob(s, 0);
		size_t lo = 0, hi = (size_t)sqlite3_column_bytes(s, 0) / 8;
		while (lo < hi) { /* the first pair of frag: pairs are sorted */
			size_t mid = lo + (hi - lo) / 2;
			uint32_t f;
			memcpy(&f, (const char *)pairs + 8 * mid, 4);
			if (f < frag)
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t end = (size_t)sqlite3_column_bytes(s, 0) / 8;
		for (uint32_t pair[2]; lo < end && n < limit; lo++) {
			memcpy(pair, (const char *)pairs + 8 * lo, 8);
			if (pair[0] != frag)
				break;
			seqs[n++] = pair[1];
		}
	}
	sqlite3_reset(s);
	if (n < limit && rc != SQLITE_DONE)
		return fail(sp, "cannot read it");
	*taken = n;
	for (int i = 0; i < n; i++) {
		struct rep_view v;
		uint64_t exact;
		if (get_row(sp, seqs[i], &v, &exact) < 0) {
			sqlite3_reset(sp->get);
			return -1;
		}
		if (exact_probe && exact != key)
			continue; /* another key with the same fragment */
		int stop = fn(arg, &v);
		if (stop) {
			sqlite3_reset(sp->get);
			return 1;
		}
	}
	sqlite3_reset(sp->get);
	return 0;
}
