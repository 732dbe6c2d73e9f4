/* memindex.c: the index of a run without --state. Representatives (rows that passed) live in
 * growable arrays, their ids and figures in arenas, their keys in a probetab: nothing is
 * allocated per row. */
#include <stdlib.h>
#include <string.h>

#include "dedupe.h"

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
};

struct memindex *memindex_new(bool keep_sig)
{
	struct memindex *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->keep_sig = keep_sig;
	if (probetab_init(&m->table, 1 << 20, false) < 0) {
		free(m);
		return NULL;
	}
	return m;
}

void memindex_free(struct memindex *m)
{
	if (!m)
		return;
	probetab_free(&m->table);
	free(m->reps);
	free(m->sigs);
	free(m->figures);
	buf_free(&m->ids);
	free(m);
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap + *cap / 2 : 4096;
	while (n < need)
		n += n / 2;
	void *q = realloc(*p, n * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

void memindex_prefetch(const struct memindex *m, const struct sketch *sk)
{
	probetab_prefetch(&m->table, sk->keys, sk->nkeys);
}

void memindex_each(struct memindex *m, uint64_t key, bool exact_probe, int limit,
		   int (*fn)(void *, const struct rep_view *), void *arg)
{
	uint32_t found[64];
	int n = probetab_find(&m->table, (uint32_t)(key >> 32), found, limit < 64 ? limit : 64);
	for (int i = 0; i < n; i++) {
		uint32_t r = found[i] - 1;
		const struct rep *rep = &m->reps[r];
		if (exact_probe && rep->exact != key)
			continue; /* another key with the same tag */
		struct rep_view v = {
			.ref = r,
			.id = m->ids.p + rep->id_off,
			.idlen = rep->id_len,
			.size = rep->size,
			.sig = m->keep_sig ? m->sigs + (size_t)r * SIG_BINS : NULL,
			.figures = m->figures + rep->figures_off,
			.nfigures = (int)rep->nfigures,
			.simhash = rep->simhash,
		};
		if (fn(arg, &v))
			return;
	}
}

int memindex_add(struct memindex *m, const char *id, size_t idlen, const struct sketch *sk)
{
	if (m->nreps >= UINT32_MAX - 1)
		return -1;
	size_t sigs_cap = m->reps_cap;
	if (grow((void **)&m->reps, &m->reps_cap, m->nreps + 1, sizeof *m->reps) < 0)
		return -1;
	if (m->keep_sig && m->reps_cap != sigs_cap) {
		uint16_t *q = realloc(m->sigs, m->reps_cap * SIG_BINS * sizeof *q);
		if (!q)
			return -1;
		m->sigs = q;
	}
	if (grow((void **)&m->figures, &m->figures_cap, m->nfigures + (size_t)sk->nfigures + 1,
		 sizeof *m->figures) < 0)
		return -1;
	uint32_t frags[MAX_KEYS];
	for (int i = 0; i < sk->nkeys; i++)
		frags[i] = (uint32_t)(sk->keys[i] >> 32);
	uint32_t r = (uint32_t)m->nreps;
	if (buf_append(&m->ids, id, idlen) < 0 || probetab_add(&m->table, r + 1, frags, sk->nkeys) < 0)
		return -1;
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
}
