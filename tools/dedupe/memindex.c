/* memindex.c: the index of a run without --state. Representatives (rows that passed) live in
 * growable arrays, their ids and figures in arenas, their keys in a probetab: nothing is
 * allocated per row.
 *
 * It keeps within a memory bound (--max-memory): before a growth would pass it, everything it
 * holds is written to a temporary SQLite file (spill.c) and the memory is reused for the rows
 * that follow; a probe reads the file first (older rows), then memory, so that a bucket gives
 * the same rows in the same order (the first added) as an index that never spilled. */
#include <stdlib.h>
#include <string.h>

#include "dedupe.h"
#include "err.h"

struct rep {
	uint64_t id_off;
	uint64_t figures_off;
	uint64_t exact; /* keys[0]: an exact probe must match it, not only its tag */
	uint64_t simhash;
	uint32_t id_len;
	uint32_t size;
	uint32_t nfigures;
};

struct memindex {
	bool keep_sig;
	struct probetab table;
	struct rep *reps;
	size_t nreps, reps_cap;
	uint16_t *sigs;
	uint64_t *figures;
	size_t nfigures, figures_cap;
	struct buf ids;
	size_t max_bytes;    /* for what is in memory, a spill's cache and filter apart */
	size_t cache_bytes, filter_bytes;
	struct spill *spill; /* NULL until the first spill */
	size_t spilled;      /* representatives in the spill: refs of those in memory start there */
};

/* A spill's share of the bound: its filter an eighth, SQLite's page cache a sixteenth. */
struct memindex *memindex_new(bool keep_sig, size_t max_bytes)
{
	struct memindex *m = calloc(1, sizeof *m);
	if (!m) {
		msg("out of memory");
		return NULL;
	}
	m->keep_sig = keep_sig;
	m->filter_bytes = max_bytes / 8;
	m->cache_bytes = max_bytes / 16;
	m->max_bytes = max_bytes - m->filter_bytes - m->cache_bytes;
	/* a first table of a quarter of the bound at most (8 bytes a slot, 0.8 full) */
	size_t entries = m->max_bytes / 4 / 10;
	if (probetab_init(&m->table, entries < 1 << 20 ? entries : 1 << 20, false) < 0) {
		msg("out of memory");
		free(m);
		return NULL;
	}
	return m;
}

void memindex_free(struct memindex *m)
{
	if (!m)
		return;
	spill_close(m->spill);
	probetab_free(&m->table);
	free(m->reps);
	free(m->sigs);
	free(m->figures);
	buf_free(&m->ids);
	free(m);
}

/* The capacity grow() gives for need elements. */
static size_t next_cap(size_t cap, size_t need)
{
	if (need <= cap)
		return cap;
	size_t n = cap ? cap + cap / 2 : 64; /* from little: a small --max-memory holds some rows */
	while (n < need)
		n += n / 2;
	return n;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t n = next_cap(*cap, need);
	if (n == *cap)
		return 0;
	void *q = realloc(*p, n * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

/* The bytes the index takes once sk is added: what grows grows as memindex_add grows it. */
static size_t bytes_after(const struct memindex *m, size_t idlen, const struct sketch *sk)
{
	size_t rep = sizeof(struct rep) + (m->keep_sig ? sizeof sk->sig : 0);
	size_t ids = m->ids.cap, need = m->ids.len + idlen + 1;
	if (need > ids) { /* buf_reserve doubles from 256 */
		ids = ids ? ids : 256;
		while (ids < need)
			ids *= 2;
	}
	return next_cap(m->reps_cap, m->nreps + 1) * rep +
	       next_cap(m->figures_cap, m->nfigures + (size_t)sk->nfigures + 1) * sizeof *m->figures + ids +
	       probetab_bytes_after(&m->table, sk->nkeys);
}

/* Writes everything in memory to the spill, in one transaction, and empties the memory. */
static int spill_all(struct memindex *m)
{
	if (!m->spill && !(m->spill = spill_open(m->keep_sig, m->cache_bytes, m->filter_bytes)))
		return -1;
	if (spill_begin(m->spill) < 0)
		return -1;
	for (size_t r = 0; r < m->nreps; r++) {
		const struct rep *rep = &m->reps[r];
		struct rep_view v = {
			.id = m->ids.p + rep->id_off,
			.idlen = rep->id_len,
			.size = rep->size,
			.sig = m->keep_sig ? m->sigs + r * SIG_BINS : NULL,
			.figures = m->figures + rep->figures_off,
			.nfigures = (int)rep->nfigures,
			.simhash = rep->simhash,
		};
		if (spill_add_rep(m->spill, (int64_t)(m->spilled + r) + 1, rep->exact, &v) < 0)
			return -1;
	}
	uint64_t *entries;
	size_t n = probetab_sort(&m->table, &entries);
	if (n == (size_t)-1) {
		msg("out of memory");
		return -1;
	}
	if (spill_add_probes(m->spill, entries, n, (int64_t)m->spilled) < 0 || spill_commit(m->spill) < 0)
		return -1;
	m->spilled += m->nreps;
	m->nreps = 0;
	m->nfigures = 0;
	buf_clear(&m->ids);
	probetab_clear(&m->table);
	return 0;
}

void memindex_prefetch(const struct memindex *m, const struct sketch *sk)
{
	probetab_prefetch(&m->table, sk->keys, sk->nkeys);
	if (m->spill)
		spill_prefetch(m->spill, sk->keys, sk->nkeys);
}

int memindex_each(struct memindex *m, uint64_t key, bool exact_probe, int limit,
		  int (*fn)(void *, const struct rep_view *), void *arg)
{
	if (limit > PROBETAB_KEY_CAP)
		limit = PROBETAB_KEY_CAP;
	if (m->spill) {
		int taken, rc = spill_each(m->spill, key, exact_probe, limit, fn, arg, &taken);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
		limit -= taken;
		if (limit <= 0)
			return 0;
	}
	uint32_t found[64];
	int n = probetab_find(&m->table, (uint32_t)(key >> 32), found, limit);
	for (int i = 0; i < n; i++) {
		uint32_t r = found[i] - 1;
		const struct rep *rep = &m->reps[r];
		if (exact_probe && rep->exact != key)
			continue; /* another key with the same tag */
		struct rep_view v = {
			.ref = (int64_t)(m->spilled + r),
			.id = m->ids.p + rep->id_off,
			.idlen = rep->id_len,
			.size = rep->size,
			.sig = m->keep_sig ? m->sigs + (size_t)r * SIG_BINS : NULL,
			.figures = m->figures + rep->figures_off,
			.nfigures = (int)rep->nfigures,
			.simhash = rep->simhash,
		};
		if (fn(arg, &v))
			return 0;
	}
	return 0;
}

int memindex_add(struct memindex *m, const char *id, size_t idlen, const struct sketch *sk)
{
	if (m->nreps && bytes_after(m, idlen, sk) > m->max_bytes && spill_all(m) < 0)
		return -1;
	if (m->spilled + m->nreps >= UINT32_MAX - 1) {
		msg("more than %u distinct rows", UINT32_MAX - 2);
		return -1;
	}
	size_t sigs_cap = m->reps_cap;
	if (grow((void **)&m->reps, &m->reps_cap, m->nreps + 1, sizeof *m->reps) < 0)
		goto nomem;
	if (m->keep_sig && m->reps_cap != sigs_cap) {
		uint16_t *q = realloc(m->sigs, m->reps_cap * SIG_BINS * sizeof *q);
		if (!q)
			goto nomem;
		m->sigs = q;
	}
	if (grow((void **)&m->figures, &m->figures_cap, m->nfigures + (size_t)sk->nfigures + 1,
		 sizeof *m->figures) < 0)
		goto nomem;
	uint32_t frags[MAX_KEYS];
	for (int i = 0; i < sk->nkeys; i++)
		frags[i] = (uint32_t)(sk->keys[i] >> 32);
	uint32_t r = (uint32_t)m->nreps;
	if (buf_append(&m->ids, id, idlen) < 0 || probetab_add(&m->table, r + 1, frags, sk->nkeys) < 0)
		goto nomem;
	struct rep *rep = &m->reps[m->nreps++];
	rep->id_off = m->ids.len - idlen;
	rep->id_len = (uint32_t)idlen;
	rep->size = sk->size;
	rep->simhash = sk->simhash;
	rep->exact = sk->keys[0];
	rep->nfigures = (uint32_t)sk->nfigures;
	rep->figures_off = m->nfigures;
	memcpy(m->figures + m->nfigures, sk->figures, (size_t)sk->nfigures * sizeof *sk->figures);
	m->nfigures += (size_t)sk->nfigures;
	if (m->keep_sig)
		memcpy(m->sigs + (size_t)r * SIG_BINS, sk->sig, sizeof sk->sig);
	return 0;
nomem:
	msg("out of memory");
	return -1;
}
