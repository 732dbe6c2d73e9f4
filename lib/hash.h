/* hash.h: stable 64-bit hashes (XXH3), the same on every platform and every run. */
#ifndef CC_HASH_H
#define CC_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t hash64(const void *data, size_t len, uint64_t seed);

/* Writes the hash as 16 lower-case hex digits and a NUL into out. */
void hash64_hex(uint64_t h, char out[17]);

/* Finalises a 64-bit value into a well-mixed one (MurmurHash3's fmix64): for hash tables and
 * for deriving many hash functions from one. */
static inline uint64_t hash_mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

#define HASH_FNV_OFFSET 0xcbf29ce484222325ULL
#define HASH_FNV_PRIME 0x100000001b3ULL

/* FNV-1a over n bytes, continuing from h (HASH_FNV_OFFSET to start): cheap for the short
 * strings of feature and gazetteer keys, and fixed forever because model files depend on it. */
static inline uint64_t hash_fnv1a(uint64_t h, const void *data, size_t n)
{
	const unsigned char *s = data;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * HASH_FNV_PRIME;
	return h;
}

#endif
