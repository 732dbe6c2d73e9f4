#define XXH_INLINE_ALL
#include <xxhash.h>

#include "hash.h"

uint64_t hash64(const void *data, size_t len, uint64_t seed)
{
	return XXH3_64bits_withSeed(data, len, seed);
}

void hash64_hex(uint64_t h, char out[17])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 15; i >= 0; i--) {
		out[i] = digits[h & 15];
		h >>= 4;
	}
	out[16] = '\0';
}
