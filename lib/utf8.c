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

/* ---- NFC with a quick check
 *
 * Nearly all text is in NFC already, and what is not differs in a few places. A code point is
 * "inert" when it has canonical combining class 0, NFC leaves it alone (NFC_QC is not No) and
 * it never composes with a code point before it (NFC_QC is not Maybe): NFC then never changes
 * anything across the boundary before it (UAX #15, section 9), so text is normalised piece by
 * piece, each piece running from an inert code point to the next, and only the pieces holding
 * a code point that is not inert go through utf8proc. The set of code points that are not
 * inert is built from utf8proc's own data, once, the first time it is needed: a code point
 * with a combining class, one that NFC changes, and every code point that follows the first in
 * a canonical decomposition (a superset of NFC_QC=Maybe: it can only send more text through the
 * full path, never less), plus the Hangul vowels and trailing consonants, which utf8proc
 * composes by arithmetic. */

#define CODE_POINTS 0x110000
static uint64_t not_inert[CODE_POINTS / 64];
static bool not_inert_ready;

static void mark_not_inert(utf8proc_int32_t c)
{
	not_inert[c >> 6] |= UINT64_C(1) << (c & 63);
}

static void build_not_inert(void)
{
	utf8proc_int32_t d[32];
	for (utf8proc_int32_t c = 0; c < CODE_POINTS; c++) {
		const utf8proc_property_t *p = utf8proc_get_property(c);
		if (p->combining_class != 0)
			mark_not_inert(c);
		if (p->decomp_seqindex == UINT16_MAX || p->decomp_type != 0)
			continue; /* no canonical decomposition */
		int last = 0;
		utf8proc_ssize_t k = utf8proc_decompose_char(c, d, 32, UTF8PROC_DECOMPOSE, &last);
		if (k < 1 || k > 32) {
			mark_not_inert(c);
			continue;
		}
		for (utf8proc_ssize_t i = 1; i < k; i++)
			mark_not_inert(d[i]);
		/* what NFC makes of c alone: c again for a primary composite, else it is changed */
		utf8proc_ssize_t m = utf8proc_normalize_utf32(d, k, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
		if (m != 1 || d[0] != c)
			mark_not_inert(c);
	}
	for (utf8proc_int32_t c = 0x1161; c <= 0x1175; c++)
		mark_not_inert(c);
	/* from U+11A7, which utf8proc composes as a trailing consonant too */
	for (utf8proc_int32_t c = 0x11A7; c <= 0x11C2; c++)
		mark_not_inert(c);
	not_inert_ready = true;
}

bool utf8_is_inert(int32_t c)
{
	if (c < 0x300)
		return true; /* nothing below U+0300 combines, decomposes or composes with what precedes */
	if (c >= CODE_POINTS)
		return false;
	if (!not_inert_ready)
		build_not_inert();
	return !(not_inert[c >> 6] >> (c & 63) & 1);
}

/* The code point that starts at s[i], in valid UTF-8 (a lead byte of 0xCC or more), and where
 * it ends, in *end. */
static int32_t code_point_at(const unsigned char *s, size_t i, size_t *end)
{
	if (s[i] < 0xE0) {
		*end = i + 2;
		return (int32_t)(s[i] & 0x1F) << 6 | (s[i + 1] & 0x3F);
	}
	if (s[i] < 0xF0) {
		*end = i + 3;
		return (int32_t)(s[i] & 0x0F) << 12 | (int32_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
	}
	*end = i + 4;
	return (int32_t)(s[i] & 0x07) << 18 | (int32_t)(s[i + 1] & 0x3F) << 12 |
	       (int32_t)(s[i + 2] & 0x3F) << 6 | (s[i + 3] & 0x3F);
}

int utf8_nfc(const char *text, size_t n, struct buf *out)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t copied = 0; /* s[0..copied) is in out */
	size_t i = 0;
	while (i < n) {
		if (i + 8 <= n) {
			uint64_t v;
			memcpy(&v, s + i, 8);
			if (!(v & 0x8080808080808080ULL)) {
				i += 8; /* ASCII, eight bytes at a time */
				continue;
			}
		}
		if (s[i] < 0xCC) { /* lead bytes below 0xCC start code points below U+0300 */
			i++;
			continue;
		}
		size_t end;
		if (utf8_is_inert(code_point_at(s, i, &end))) {
			i = end;
			continue;
		}
		/* The piece begins at the code point before (inert: anything else would have been
		 * in the piece before) and ends before the next inert one. */
		size_t from = i;
		if (from > copied)
			do
				from--;
			while (from > copied && (s[from] & 0xC0) == 0x80);
		size_t to = end;
		while (to < n) {
			if (s[to] < 0xCC && (s[to] < 0x80 || s[to] >= 0xC0))
				break;
			if ((s[to] & 0xC0) == 0x80) {
				to++;
				continue;
			}
			size_t next;
			if (utf8_is_inert(code_point_at(s, to, &next)))
				break;
			to = next;
		}
		if (buf_append(out, s + copied, from - copied) < 0 ||
		    map_into((const char *)s + from, to - from, out, UTF8PROC_STABLE | UTF8PROC_COMPOSE) < 0)
			return -1;
		copied = i = to;
	}
	return buf_append(out, s + copied, n - copied);
}

int utf8_casefold(const char *s, size_t n, struct buf *out)
{
	return map_into(s, n, out, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}
