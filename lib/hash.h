/* hash.h: stable 64-bit hashes (XXH3), the same on every platform and every run. */
#ifndef CC_HASH_H
#define CC_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t hash64(const void *data, size_t len, uint64_t seed);

/* Writes the hash as 16 lower-case hex digits and a NUL into out. */
void hash64_hex(uint64_t h, char out[17]);

#endif
