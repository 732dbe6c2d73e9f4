/* map.c: see map.h. */
#include <stdlib.h>

#include "hash.h"
#include "map.h"

static size_t slot(const struct u64map *m, uint64_t key)
{
	size_t j = (size_t)hash_mix64(key) & (m->cap - 1);
	while (m->keys[j] && m->keys[j] != key)
		j = (j + 1) & (m->cap - 1);
	return j;
}

static int grow(struct u64map *m)
{
	struct u64map g = {.cap = m->cap ? m->cap * 2 : 256};
	g.keys = calloc(g.cap, sizeof *g.keys);
	g.values = malloc(g.cap * sizeof *g.values);
	if (!g.keys || !g.values) {
		free(g.keys);
		free(g.values);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i]) {
			size_t j = slot(&g, m->keys[i]);
			g.keys[j] = m->keys[i];
			g.values[j] = m->values[i];
		}
	g.n = m->n;
	map_free(m);
	*m = g;
	return 0;
}

long map_get(const struct u64map *m, uint64_t key)
{
	if (!m->cap)
		return -1;
	size_t j = slot(m, key ? key : 1);
	return m->keys[j] ? m->values[j] : -1;
}

long map_put(struct u64map *m, uint64_t key, long value, bool *fresh)
{
	key = key ? key : 1;
	if ((m->n + 1) * 2 > m->cap && grow(m) < 0)
		return -2;
	size_t j = slot(m, key);
	*fresh = !m->keys[j];
	if (*fresh) {
		m->keys[j] = key;
		m->values[j] = value;
		m->n++;
	}
	return m->values[j];
}

void map_set(struct u64map *m, uint64_t key, long value)
{
	size_t j = slot(m, key ? key : 1);
	if (m->keys[j])
		m->values[j] = value;
}

void map_free(struct u64map *m)
{
	free(m->keys);
	free(m->values);
	m->keys = NULL;
	m->values = NULL;
	m->cap = m->n = 0;
}
