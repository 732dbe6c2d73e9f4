/* The mentions of a sentence. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mention.h"

struct mention *mention_add(struct mentions *m, int type, size_t start, size_t end)
{
	if (array_grow((void **)&m->v, &m->cap, m->n + 1, sizeof *m->v, 32) < 0)
		return NULL;
	struct mention *x = &m->v[m->n++];
	memset(x, 0, sizeof *x);
	x->type = (uint8_t)type;
	x->start = start;
	x->end = end;
	return x;
}

int mentions_format(const struct mentions *m, const char *piece, size_t base, struct buf *column)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct mention *x = &m->v[i];
		struct entity_mention e = {
			.type = x->type,
			.start = base + x->start,
			.end = base + x->end,
			.surface = piece + x->start,
			.surface_len = x->end - x->start,
			.canonical = m->text.p + x->canon,
			.canonical_len = x->canon_len,
			.id = m->text.p + x->id,
			.id_len = x->id_len,
		};
		if (entity_format(column, &e) < 0)
			return -1;
	}
	return 0;
}
