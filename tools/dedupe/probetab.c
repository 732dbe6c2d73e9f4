/* probetab.c: the LSH buckets, in memory, of a run and of a state.
 *
 * A slot is a 32-bit value, the row (0: free), and a tag of the key's fragment (the high 32 bits
 * of the key) to tell keys apart: all 32 bits in a run's index, which doubles by rehashing; 16
 * bits (6-byte slots) in a state's, which is sized for the state when it is loaded and grows
 * without copying, by a table beside it (a quarter of the others): a copy would need both at once.
 * A slot is placed by the fragment and probed linearly.
 * Rows that share a key are simply several slots with the same tag, so a bucket costs nothing
 * beyond its entries. A key whose tag matches by chance gives a false candidate, which
 * verification rejects. */
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>

#include "dedupe.h"

#define MAX_LOAD 0.8

static inline size_t place(const struct probe_table *t, uint32_t frag)
{
	return (size_t)(((uint64_t)frag * t->nslots) >> 32);
}

/* A slot: the value (4 bytes), then the tag: 2 bytes of the fragment, or all 4 when grown by
 * rehashing, which needs the whole fragment to place a slot again. */
static inline uint32_t slot_value(const unsigned char *slot)
{
	uint32_t v;
	memcpy(&v, slot, 4);
	return v;
}

static inline bool slot_matches(const struct probetab *p, const unsigned char *slot, uint32_t frag)
{
	if (p->slot == 8) {
		uint32_t v;
		memcpy(&v, slot + 4, 4);
		return v == frag;
	}
	uint16_t v;
	memcpy(&v, slot + 4, 2);
	return v == (uint16_t)frag;
}

static inline void slot_set(const struct probetab *p, unsigned char *slot, uint32_t value, uint32_t frag)
{
	memcpy(slot, &value, 4);
	if (p->slot == 8) {
		memcpy(slot + 4, &frag, 4);
	} else {
		uint16_t tag = (uint16_t)frag;
		memcpy(slot + 4, &tag, 2);
	}
}

static inline void slot_put(const struct probetab *p, struct probe_table *t, uint32_t value, uint32_t frag)
{
	size_t j = place(t, frag);
	while (slot_value(t->slots + j * p->slot))
		j = j + 1 == t->nslots ? 0 : j + 1;
	slot_set(p, t->slots + j * p->slot, value, frag);
	t->used++;
}

/* A table of nslots zeroed slots, in huge pages where the kernel allows: a probe is a random
 * access into up to some hundred MB. */
static unsigned char *slots_alloc(size_t bytes)
{
	void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(m, bytes, MADV_HUGEPAGE);
#endif
	return m;
}

static int table_add(struct probetab *p, size_t nslots)
{
	if (p->ntables == PROBETAB_MAX_TABLES)
		return -1;
	if (nslots < 4096)
		nslots = 4096;
	unsigned char *m = slots_alloc(nslots * p->slot);
	if (!m)
		return -1;
	p->tables[p->ntables++] = (struct probe_table){m, nslots, 0};
	return 0;
}

/* Doubles the one table, placing every slot again (rehash mode). */
static int table_double(struct probetab *p)
{
	struct probe_table *old = &p->tables[0];
	struct probe_table t = {slots_alloc(old->nslots * 2 * p->slot), old->nslots * 2, 0};
	if (!t.slots)
		return -1;
	for (size_t i = 0; i < old->nslots; i++) {
		const unsigned char *slot = old->slots + i * p->slot;
		uint32_t v = slot_value(slot), frag;
		if (!v)
			continue;
		memcpy(&frag, slot + 4, 4);
		slot_put(p, &t, v, frag);
	}
	munmap(old->slots, old->nslots * p->slot);
	*old = t;
	return 0;
}

int probetab_init(struct probetab *p, size_t entries, bool presized)
{
	memset(p, 0, sizeof *p);
	p->presized = presized;
	p->slot = presized ? 6 : 8;
	return table_add(p, (size_t)((double)entries / MAX_LOAD));
}

void probetab_free(struct probetab *p)
{
	for (int i = 0; i < p->ntables; i++)
		munmap(p->tables[i].slots, p->tables[i].nslots * p->slot);
	p->ntables = 0;
}

int probetab_add(struct probetab *p, uint32_t value, const uint32_t *frags, int n)
{
	struct probe_table *t = &p->tables[p->ntables - 1];
	if ((double)(t->used + (size_t)n) > MAX_LOAD * (double)t->nslots) {
		if (!p->presized) {
			if (table_double(p) < 0)
				return -1;
		} else {
			size_t total = 0;
			for (int i = 0; i < p->ntables; i++)
				total += p->tables[i].nslots;
			if (table_add(p, total / 4) < 0)
				return -1;
		}
		t = &p->tables[p->ntables - 1];
	}
	for (int i = 0; i < n; i++) /* fetch every slot's cache line at once, then fill them */
		__builtin_prefetch(t->slots + place(t, frags[i]) * p->slot, 1);
	for (int i = 0; i < n; i++)
		slot_put(p, t, value, frags[i]);
	return 0;
}

int probetab_find(const struct probetab *p, uint32_t frag, uint32_t *out, int limit)
{
	int n = 0;
	for (int k = p->ntables - 1; k >= 0 && n < limit; k--) {
		const struct probe_table *t = &p->tables[k];
		for (size_t i = place(t, frag); n < limit; i = i + 1 == t->nslots ? 0 : i + 1) {
			const unsigned char *slot = t->slots + i * p->slot;
			uint32_t v = slot_value(slot);
			if (!v)
				break;
			if (slot_matches(p, slot, frag))
				out[n++] = v;
		}
	}
	return n;
}

void probetab_prefetch(const struct probetab *p, const uint64_t *keys, int n)
{
	for (int k = 0; k < p->ntables; k++) {
		const struct probe_table *t = &p->tables[k];
		for (int i = 0; i < n; i++)
			__builtin_prefetch(t->slots + place(t, (uint32_t)(keys[i] >> 32)) * p->slot);
	}
}
