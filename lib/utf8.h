/* utf8.h: UTF-8 validation, repair, NFC and case folding (utf8proc underneath). */
#ifndef CC_UTF8_H
#define CC_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* True when s[0..n) holds only ASCII bytes other than NUL. */
bool utf8_is_ascii(const char *s, size_t n);

/* Length of the longest prefix of s[0..n) that is well-formed UTF-8 without NUL bytes
 * (n when all of it is). Overlong forms, surrogates and code points above U+10FFFF are invalid. */
size_t utf8_valid_prefix(const char *s, size_t n);

/* Appends s[0..n) to out with every invalid sequence and every NUL byte replaced by U+FFFD
 * (one replacement per maximal invalid subpart, as Unicode recommends). Returns the number of
 * replacements, or -1 when out of memory. */
long utf8_repair(const char *s, size_t n, struct buf *out);

/* Decodes the code point at s (which must be valid UTF-8) and stores its length in *len. */
int32_t utf8_decode(const char *s, size_t n, size_t *len);

/* Appends the NFC form of valid UTF-8 s[0..n) to out (ASCII is copied as is).
 * Returns 0, or -1 on invalid input or out of memory. */
int utf8_nfc(const char *s, size_t n, struct buf *out);

/* True when NFC never changes anything across the boundary before code point c, nor c itself:
 * combining class 0, and neither changed by NFC nor composed with what precedes it. Text whose
 * code points are all inert is in NFC. (The first call above U+02FF builds a table: 136 KB.) */
bool utf8_is_inert(int32_t c);

/* Appends the NFC case-folded form of valid UTF-8 s[0..n) to out. Returns 0 or -1. */
int utf8_casefold(const char *s, size_t n, struct buf *out);

#endif
