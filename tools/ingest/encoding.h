/* encoding.h: what encoding a feed (or page) is in, and its bytes as UTF-8. Detection goes as
 * the XML spec's appendix F and feedparser do: a byte order mark, else the pattern of the
 * first bytes (UTF-16 or UTF-32 without a BOM), else the XML declaration, else (HTML-like
 * content) a <meta> charset, else the bytes themselves: UTF-8 when they are UTF-8 (or mostly
 * are, a few bad bytes aside), windows-1252 otherwise. Also here: the windows-1252 characters
 * that &#128;..&#159; stand for in feeds, and base64. */
#ifndef INGEST_ENCODING_H
#define INGEST_ENCODING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum encoding_from { FROM_BOM, FROM_PATTERN, FROM_DECLARATION, FROM_META, FROM_FALLBACK };

struct encoding {
	char name[48];   /* as iconv knows it: "UTF-8", "UTF-16LE", "windows-1252", "KOI8-R" ... */
	enum encoding_from from;
	size_t bom;      /* bytes of byte order mark at the start, not part of the text */
	unsigned unit;   /* bytes skipped past an invalid sequence: 1, 2 (UTF-16) or 4 (UTF-32) */
	bool unknown;    /* the encoding declared is one iconv does not know: */
	char declared[40]; /* that name; name is then the fallback's */
};

/* Finds the encoding of data[0..len); html: look for a <meta> charset too. */
void encoding_detect(const char *data, size_t len, bool html, struct encoding *e);

/* "BOM", "byte pattern", "declaration", "meta" or "fallback" (for --verbose). */
const char *encoding_from_text(enum encoding_from from);

/* Whether the encoding is UTF-8 (no conversion needed). */
bool encoding_is_utf8(const struct encoding *e);

/* Appends data[0..len) (its BOM left out) converted from e to UTF-8 to out: an invalid or
 * incomplete sequence becomes U+FFFD and is counted in *replaced; when strict, it stops the
 * conversion instead and *bad_at is its byte offset. The output is at most 3 times the input
 * (plus a few bytes). Returns 0; -1 when out of memory; -2 when iconv does not know the
 * encoding; -3 on the first invalid sequence when strict. */
int encoding_convert(const struct encoding *e, const char *data, size_t len, bool strict, struct buf *out,
		     unsigned long long *replaced, size_t *bad_at);

/* The character windows-1252 has at byte b (0x80..0x9F), or 0 when it has none there. */
uint32_t cp1252_char(unsigned b);

/* Rewrites, in b, every U+0080..U+009F (a C1 control: what &#146; gives in XML) as the
 * windows-1252 character of that byte (U+2019), as feedparser does; scratch is a buffer the
 * caller keeps (the two may swap). Returns 0 or -1 (out of memory; b is left as it was). */
int c1_to_cp1252(struct buf *b, struct buf *scratch);

/* Appends the bytes that the base64 text s[0..n) stands for (blanks and other characters outside
 * the alphabet skipped, decoding ends at '=') to out. Returns 0 or -1 (out of memory). */
int base64_decode(const char *s, size_t n, struct buf *out);

/* Feeds are often not quite XML: a bare "&" (Bread & butter), an HTML entity that no DTD
 * declares (&eacute;). libxml2 drops those and, once the feed is not well-formed, every reference
 * after them; feedparser reads them as the character. Writes s[0..n) to out with those
 * rewritten ("&amp;", "&#233;") when there is one, its line in *line: returns 1; 0 when there
 * is none (out untouched); -1 when out of memory. CDATA sections, comments, processing
 * instructions and the DOCTYPE are left as they are. */
int repair_references(const char *s, size_t n, struct buf *out, int *line);

/* The first place in s[0..end) where the bytes of the string what start, or NULL. */
const char *find_bytes(const char *s, const char *end, const char *what);

#endif
