#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "utf8.h"

/* Eight bytes at a time: a word is plain ASCII when no byte has its high bit set and none is 0. */
static inline bool word_is_ascii(uint64_t v)
{
	const uint64_t lo = 0x0101010101010101ULL, hi = 0x8080808080808080ULL;
	return ((v | ((v - lo) & ~v)) & hi) == 0;
}

bool utf8_is_ascii(const char *s, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t v;
		memcpy(&v, s + i, 8);
		if (!word_is_ascii(v))
			return false;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || s[i] == 0)
			return false;
	return true;
}

/* Length of the valid sequence at s, or 0 when it is not valid. */
static size_t sequence_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	if (c >= 0x01 && c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0; /* overlong */
		if (c == 0xED && s[1] >= 0xA0)
			return 0; /* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0;
		if (c == 0xF4 && s[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

size_t utf8_valid_prefix(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		if (i + 8 <= n) {
			uint64_t v;
			memcpy(&v, s + i, 8);
			if (word_is_ascii(v)) {
				i += 8;
				continue;
			}
		}
		size_t len = sequence_len(s + i, n - i);
		if (!len)
			return i;
		i += len;
	}
	return n;
}

/* Length of the maximal invalid subpart at s: a lead byte followed by the continuation bytes
 * it would accept, so that a truncated sequence is one replacement, not several. */
static size_t invalid_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t want = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 1;
	size_t i = 1;
	while (i < want && i < n && (s[i] & 0xC0) == 0x80) {
		if (i == 1 && ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) ||
			       (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90)))
			break;
		i++;
	}
	return i;
}

long utf8_repair(const char *str, size_t n, struct buf *out)
{
	const unsigned char *s = (const unsigned char *)str;
	long replaced = 0;
	size_t i = 0;
	while (i < n) {
		size_t ok = utf8_valid_prefix((const char *)s + i, n - i);
		if (ok && buf_append(out, s + i, ok) < 0)
			return -1;
		i += ok;
		if (i >= n)
			break;
		i += invalid_len(s + i, n - i);
		if (buf_append(out, "\xEF\xBF\xBD", 3) < 0)
			return -1;
		replaced++;
	}
	return replaced;
}

int32_t utf8_decode(const char *s, size_t n, size_t *len)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
	if (k <= 0) {
		*len = 1;
		return 0xFFFD;
	}
	*len = (size_t)k;
	return cp;
}

static int map_into(const char *s, size_t n, struct buf *out, int options)
{
	if (utf8_is_ascii(s, n) && !(options & UTF8PROC_CASEFOLD))
		return buf_append(out, s, n);
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &mapped,
					  (utf8proc_option_t)options);
	if (k < 0)
		return -1;
	int rc = buf_append(out, mapped, (size_t)k);
	free(mapped);
	return rc;
}

int utf8_nfc(const char *s, size_t n, struct buf *out)
{
	return map_into(s, n, out, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

int utf8_casefold(const char *s, size_t n, struct buf *out)
{
	return map_into(s, n, out, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}
