/* probetab.c: the LSH buckets, in memory, of a run and of a state.
 *
 * A slot is a 32-bit value, the row (0: free), and a tag of the key's fragment (the high 32 bits
 * of the key) to tell keys apart: all 32 bits in a run's index, which doubles by rehashing; 16
 * bits (6-byte slots) in a state's, which grows without copying, by a table beside the others
 * (as large as they are together): a copy would need both at once. A slot is placed by the
 * fragment and probed linearly. The rows a state holds when it is loaded go to a base without
 * free slots: entries sorted by bucket (the high bits of the fragment), each the fragment's
 * other bits and the value packed in as few bits as they need (32 for a million rows), found
 * through an array of bucket offsets. Its entries match on the whole fragment.
 * Rows that share a key are simply several slots with the same tag, so a bucket costs nothing
 * beyond its entries. A key whose tag matches by chance gives a false candidate, which
 * verification rejects. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "dedupe.h"

#define MAX_LOAD 0.8
#ifndef PREFETCH_AHEAD
#define PREFETCH_AHEAD 64
#endif

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

/* Files value under frag. In rehash mode (whole fragments), a value already filed under frag
 * (two keys of a row whose fragments are equal) is filed once: a bucket's limit counts rows, and
 * the spilled index (spill.c), keyed by fragment and row, holds a pair once. A tag that already
 * has PROBETAB_KEY_CAP slots in the table takes no more: no probe reads past them (they come
 * first in its run), and filing them would make every insert of a key that thousands of rows
 * share (a template report with other figures) walk them all: quadratic time. */
static inline void slot_put(const struct probetab *p, struct probe_table *t, uint32_t value, uint32_t frag)
{
	size_t j = place(t, frag);
	uint32_t v;
	int same = 0;
	while ((v = slot_value(t->slots + j * p->slot))) {
		if (slot_matches(p, t->slots + j * p->slot, frag)) {
			if ((v == value && p->slot == 8) || ++same == PROBETAB_KEY_CAP)
				return;
		}
		j = j + 1 == t->nslots ? 0 : j + 1;
	}
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

/* Doubles the one table, placing every slot again (rehash mode). A slot's place grows with its
 * fragment, so the new table fills from its start as the old one is read from its start: the
 * pages of the old one read are given back as it goes, and the two together are never much
 * more than the new one (not one and a half times it). Reading starts at a free slot, so that a
 * run that wraps around the end is placed again in its order: a bucket's rows stay in the order
 * they were added, the order the spilled index (spill.c) gives them in. */
static int table_double(struct probetab *p)
{
	struct probe_table *old = &p->tables[0];
	struct probe_table t = {slots_alloc(old->nslots * 2 * p->slot), old->nslots * 2, 0};
	if (!t.slots)
		return -1;
	size_t start = 0;
	while (slot_value(old->slots + start * p->slot)) /* MAX_LOAD < 1: there is a free slot */
		start++;
	const size_t chunk = (size_t)1 << 20; /* bytes of the old table given back at once */
	size_t freed = (start * (size_t)p->slot + chunk - 1) / chunk * chunk; /* not the wrapped part */
	for (size_t n = 0, i = start; n < old->nslots; n++, i = i + 1 == old->nslots ? 0 : i + 1) {
		const unsigned char *slot = old->slots + i * p->slot;
		uint32_t v = slot_value(slot), frag;
		if (v) {
			memcpy(&frag, slot + 4, 4);
			slot_put(p, &t, v, frag);
		}
		size_t done = (i + 1) * (size_t)p->slot;
		if (i >= start && done >= freed + 2 * chunk) {
			madvise(old->slots + freed, chunk, MADV_DONTNEED);
			freed += chunk;
		}
	}
	munmap(old->slots, old->nslots * p->slot);
	*old = t;
	return 0;
}

size_t probetab_bytes_after(const struct probetab *p, int n)
{
	size_t bytes = 0;
	for (int i = 0; i < p->ntables; i++)
		bytes += p->tables[i].nslots * (size_t)p->slot;
	const struct probe_table *t = &p->tables[p->ntables - 1];
	if ((double)(t->used + (size_t)n) > MAX_LOAD * (double)t->nslots)
		bytes += p->presized ? bytes : t->nslots * (size_t)p->slot; /* added, or doubled */
	return bytes;
}

void probetab_clear(struct probetab *p)
{
	struct probe_table *t = &p->tables[0];
	madvise(t->slots, t->nslots * (size_t)p->slot, MADV_DONTNEED); /* zero pages, given back */
	t->used = 0;
}

size_t probetab_sort(struct probetab *p, uint64_t **out)
{
	struct probe_table *t = &p->tables[0];
	uint64_t *a = (uint64_t *)(void *)t->slots, *wrapped = NULL;
	size_t start = 0, n = 0, nwrapped = 0;
	while (slot_value(t->slots + start * p->slot))
		start++;
	if (start && !(wrapped = malloc(start * sizeof *wrapped)))
		return (size_t)-1;
	/* in place, in slot order: an entry is written at or before where it was read */
	for (size_t i = 0; i < t->nslots; i++) {
		const unsigned char *slot = t->slots + i * p->slot;
		uint32_t v = slot_value(slot), frag;
		if (!v)
			continue;
		memcpy(&frag, slot + 4, 4);
		uint64_t e = (uint64_t)frag << 32 | v;
		if (i < start && place(t, frag) > i)
			wrapped[nwrapped++] = e; /* the end of a run that wrapped around: it goes last */
		else
			a[n++] = e;
	}
	if (nwrapped)
		memcpy(a + n, wrapped, nwrapped * sizeof *wrapped);
	n += nwrapped;
	free(wrapped);
	/* placed by fragment, so all but displaced entries are in order already: insertion sort
	 * moves each as far as it was displaced */
	for (size_t i = 1; i < n; i++) {
		uint64_t e = a[i];
		size_t j = i;
		for (; j > 0 && a[j - 1] > e; j--)
			a[j] = a[j - 1];
		a[j] = e;
	}
	*out = a;
	return n;
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
	struct probe_base *b = &p->base;
	if (b->off)
		munmap(b->off, (b->nbuckets + 1) * sizeof *b->off);
	if (b->bits)
		munmap(b->bits, b->bytes);
	memset(b, 0, sizeof *b);
}

/* Entry i of the base: width <= 57 bits, so one unaligned 64-bit load holds it. */
static inline uint64_t base_get(const struct probe_base *b, size_t i)
{
	size_t bit = i * (size_t)b->width;
	uint64_t w;
	memcpy(&w, b->bits + (bit >> 3), 8);
	return (w >> (bit & 7)) & ((1ULL << b->width) - 1);
}

static inline void base_put(struct probe_base *b, size_t i, uint64_t e)
{
	size_t bit = i * (size_t)b->width;
	uint64_t w;
	memcpy(&w, b->bits + (bit >> 3), 8);
	w |= e << (bit & 7);
	memcpy(b->bits + (bit >> 3), &w, 8);
}

int probetab_set_base(struct probetab *p, const uint32_t *frags, const uint32_t *values,
		      const unsigned char *counts, size_t nrows)
{
	struct probe_base *b = &p->base;
	size_t n = 0;
	uint32_t top = 0;
	for (size_t r = 0; r < nrows; r++) {
		n += counts[r];
		if (values[r] > top)
			top = values[r];
	}
	if (n >= UINT32_MAX)
		return -1;
	int vbits = 1;
	while (vbits < 32 && top >> vbits)
		vbits++;
	int bits = 4; /* about 16 entries a bucket; few enough low bits that an entry fits 57 bits */
	while (bits < 28 && (((size_t)1 << bits) < n / 16 || 32 - bits + vbits > 57))
		bits++;
	size_t nbuckets = (size_t)1 << bits;
	uint32_t *off = (uint32_t *)(void *)slots_alloc((nbuckets + 1) * sizeof *off);
	if (!off)
		return -1;
	*b = (struct probe_base){.off = off, .nbuckets = nbuckets, .shift = 32 - bits, .width = 32 - bits + vbits};
	if (!n)
		return 0;
	b->bytes = (n * (size_t)b->width + 7) / 8 + 8; /* a last 64-bit load stays inside */
	if (!(b->bits = slots_alloc(b->bytes))) {
		munmap(off, (nbuckets + 1) * sizeof *off);
		memset(b, 0, sizeof *b);
		return -1;
	}
	b->n = n;
	for (size_t i = 0; i < n; i++) { /* counts, then starts: off[k] is where bucket k begins */
		if (i + PREFETCH_AHEAD < n)
			__builtin_prefetch(off + (frags[i + PREFETCH_AHEAD] >> b->shift) + 1, 1);
		off[(frags[i] >> b->shift) + 1]++;
	}
	for (size_t k = 0; k < nbuckets; k++)
		off[k + 1] += off[k];
	/* fill in row order, off[k] as bucket k's cursor: a bucket's rows stay oldest first */
	uint32_t low = (uint32_t)((1ULL << b->shift) - 1);
	size_t i = 0;
	for (size_t r = 0; r < nrows; r++) {
		for (unsigned j = 0; j < counts[r]; j++, i++) {
			/* random writes: fetch the cursor 64 entries ahead, then where it points, 32 ahead */
			if (i + PREFETCH_AHEAD < n)
				__builtin_prefetch(off + (frags[i + PREFETCH_AHEAD] >> b->shift), 1);
			if (i + PREFETCH_AHEAD / 2 < n)
				__builtin_prefetch(b->bits + off[frags[i + PREFETCH_AHEAD / 2] >> b->shift] * (size_t)b->width / 8, 1);
			base_put(b, off[frags[i] >> b->shift]++, (frags[i] & low) | (uint64_t)values[r] << b->shift);
		}
	}
	for (size_t k = nbuckets; k > 0; k--) /* each cursor ended where the next bucket begins */
		off[k] = off[k - 1];
	off[0] = 0;
	return 0;
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
			if (table_add(p, total) < 0)
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
	const struct probe_base *b = &p->base;
	if (b->n && n < limit) {
		size_t k = frag >> b->shift;
		uint64_t low = frag & (uint32_t)((1ULL << b->shift) - 1);
		for (uint32_t i = b->off[k], end = b->off[k + 1]; i < end && n < limit; i++) {
			uint64_t e = base_get(b, i);
			if ((e & ((1ULL << b->shift) - 1)) == low)
				out[n++] = (uint32_t)(e >> b->shift);
		}
	}
	return n;
}

void probetab_prefetch(const struct probetab *p, const uint64_t *keys, int n)
{
	for (int k = 0; k < p->ntables; k++) {
		const struct probe_table *t = &p->tables[k];
		for (int i = 0; i < n; i++) {
			const unsigned char *slot = t->slots + place(t, (uint32_t)(keys[i] >> 32)) * p->slot;
			__builtin_prefetch(slot);
			if (p->presized) /* a state's: fewer probes a row, each reading on past a line */
				__builtin_prefetch(slot + 64);
		}
	}
	if (p->base.n)
		for (int i = 0; i < n; i++)
			__builtin_prefetch(p->base.off + ((uint32_t)(keys[i] >> 32) >> p->base.shift));
}

void probetab_prefetch_base(const struct probetab *p, const uint64_t *keys, int n)
{
	const struct probe_base *b = &p->base;
	if (!b->n)
		return;
	for (int i = 0; i < n; i++) { /* a bucket's entries may span two cache lines */
		size_t k = (uint32_t)(keys[i] >> 32) >> b->shift;
		const unsigned char *from = b->bits + (size_t)b->off[k] * (size_t)b->width / 8;
		const unsigned char *to = b->bits + (size_t)b->off[k + 1] * (size_t)b->width / 8;
		__builtin_prefetch(from);
		if (((uintptr_t)from ^ (uintptr_t)to) >= 64)
			__builtin_prefetch(to);
	}
}
