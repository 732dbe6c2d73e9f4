/* doc-names.c: the short forms of names met in the current document (resolve.c's memory of
 * a document), and the names no misspelling of which is known (its memory of all of them). */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc-names.h"

/* Short forms met in the current document: folded surface or surname -> canonical name(s).
 * Bounded: a document with more names than this keeps the first ones. */
#define DOC_SLOTS 2048
#define UNKNOWN_SLOTS 16384
#define DOC_CANDS 8       /* names one short form may stand for */
#define DOC_NAME_MAX 256  /* bytes of a name kept */
struct doc_names {
	uint64_t key[DOC_SLOTS];
	uint32_t off[DOC_SLOTS], len[DOC_SLOTS]; /* canonical in arena */
	uint8_t type[DOC_SLOTS];
	unsigned used;
	uint16_t slot[DOC_SLOTS / 2]; /* the slots in use, used of them */
	struct buf arena;
	uint64_t unknown[UNKNOWN_SLOTS]; /* names no edit of which is known (in any document:
					  * the gazetteers do not change), not looked up again */
};

struct doc_names *doc_names_new(void)
{
	return calloc(1, sizeof(struct doc_names));
}

void doc_names_free(struct doc_names *d)
{
	if (d)
		buf_free(&d->arena);
	free(d);
}

void doc_names_clear(struct doc_names *d)
{
	if (!d->used)
		return;
	/* a few names in 2048 slots: clear those, not the table (a memset a document) */
	for (unsigned u = 0; u < d->used; u++)
		d->key[d->slot[u]] = 0;
	d->used = 0;
	buf_clear(&d->arena);
}

uint64_t *doc_unknown(struct doc_names *d, uint64_t key)
{
	return &d->unknown[key & (UNKNOWN_SLOTS - 1)];
}

const char *doc_find(const struct doc_names *d, uint64_t key, int type, size_t *len)
{
	size_t i = (size_t)key & (DOC_SLOTS - 1);
	while (d->key[i]) {
		if (d->key[i] == key && d->type[i] == type) {
			*len = d->len[i];
			return d->arena.p + d->off[i];
		}
		i = (i + 1) & (DOC_SLOTS - 1);
	}
	return NULL;
}

/* Remembers key -> canonical; a key that already names someone else becomes ambiguous
 * ("A|B"), so that a later short form says so instead of picking one. A key holds at most
 * DOC_CANDS names (the first ones), and names longer than DOC_NAME_MAX are not kept: a
 * document's state stays a few megabytes whatever the document. */
int doc_note(struct doc_names *d, uint64_t key, int type, const char *canon, size_t len)
{
	if (len > DOC_NAME_MAX)
		return 0;
	size_t i = (size_t)key & (DOC_SLOTS - 1);
	while (d->key[i]) {
		if (d->key[i] == key && d->type[i] == type) {
			size_t olen = d->len[i], bars = 0;
			/* already there, alone or as one of the candidates */
			for (size_t a = 0; a < olen; bars++) {
				const char *old = d->arena.p + d->off[i];
				const char *bar = memchr(old + a, '|', olen - a);
				size_t e = bar ? (size_t)(bar - old) : olen;
				if (e - a == len && !memcmp(old + a, canon, len))
					return 0;
				a = e + 1;
			}
			if (bars >= DOC_CANDS)
				return 0;
			/* the old names are copied from the arena itself: room first, so that they
			 * do not move while they are read */
			if (buf_reserve(&d->arena, olen + 1 + len) < 0)
				return -1;
			size_t off = d->arena.len;
			memcpy(d->arena.p + off, d->arena.p + d->off[i], olen);
			d->arena.p[off + olen] = '|';
			memcpy(d->arena.p + off + olen + 1, canon, len);
			d->arena.len = off + olen + 1 + len;
			d->arena.p[d->arena.len] = '\0';
			d->off[i] = (uint32_t)off;
			d->len[i] = (uint32_t)(olen + 1 + len);
			return 0;
		}
		i = (i + 1) & (DOC_SLOTS - 1);
	}
	if (d->used >= DOC_SLOTS / 2)
		return 0;
	size_t off = d->arena.len;
	if (buf_append(&d->arena, canon, len) < 0)
		return -1;
	d->key[i] = key;
	d->type[i] = (uint8_t)type;
	d->off[i] = (uint32_t)off;
	d->len[i] = (uint32_t)len;
	d->slot[d->used++] = (uint16_t)i;
	return 0;
}
