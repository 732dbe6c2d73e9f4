/* The mentions of a sentence. */
#include <stdlib.h>
#include <string.h>

#include "mention.h"

const char *const mention_type_names[NMT] = {
	"PER", "LOC", "ORG", "NORP", "MISC", "DATE", "TIME", "DURATION", "QUANTITY", "MONEY", "PERCENT",
};

struct mention *mention_add(struct mentions *m, int type, size_t start, size_t end)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 32;
		struct mention *v = realloc(m->v, cap * sizeof *v);
		if (!v)
			return NULL;
		m->v = v;
		m->cap = cap;
	}
	struct mention *x = &m->v[m->n++];
	memset(x, 0, sizeof *x);
	x->type = (uint8_t)type;
	x->start = start;
	x->end = end;
	return x;
}
