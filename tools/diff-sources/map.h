/* map.h: 64-bit keys (hashes) to indices, open addressing: for interning sources, documents and
 * names, and for the blocks of the clustering. Key 0 is taken as 1. */
#ifndef DIFF_MAP_H
#define DIFF_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct u64map {
	uint64_t *keys;
	long *values;
	size_t cap, n;
};

/* The value of key, or -1. */
long map_get(const struct u64map *m, uint64_t key);
/* The value of key; when it has none, value is stored and *fresh set. Returns -2 when out of
 * memory. */
long map_put(struct u64map *m, uint64_t key, long value, bool *fresh);
/* Replaces the value of a key present (map_put first). */
void map_set(struct u64map *m, uint64_t key, long value);
void map_free(struct u64map *m);

#endif
