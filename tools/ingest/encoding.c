/* The encoding of a document and its conversion to UTF-8 (see encoding.h for the order of the
 * clues). Conversion goes through glibc's iconv, in one pass over the input. */
#include <errno.h>
#include <stdio.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "encoding.h"
#include "utf8.h"

const char *find_bytes(const char *s, const char *end, const char *what)
{
	size_t n = strlen(what);
	while ((size_t)(end - s) >= n) {
		const char *p = memchr(s, what[0], (size_t)(end - s) - n + 1);
		if (!p)
			return NULL;
		if (memcmp(p, what, n) == 0)
			return p;
		s = p + 1;
	}
	return NULL;
}

/* How far into the document the declaration and a <meta> charset are looked for. */
#define HEAD_BYTES 4096

static void set(struct encoding *e, const char *name, enum encoding_from from, size_t bom, unsigned unit)
{
	if (name != e->name)
		snprintf(e->name, sizeof e->name, "%s", name);
	e->from = from;
	e->bom = bom;
	e->unit = unit;
}

const char *encoding_from_text(enum encoding_from from)
{
	static const char *const text[] = {"BOM", "byte pattern", "declaration", "meta", "fallback"};
	return text[from];
}

bool encoding_is_utf8(const struct encoding *e)
{
	return strcmp(e->name, "UTF-8") == 0;
}

static bool bytes_are(const unsigned char *p, size_t len, const char *what, size_t n)
{
	return len >= n && memcmp(p, what, n) == 0;
}

/* A byte order mark, or the first bytes of "<?xml" or of "<" in UTF-16 or UTF-32. */
static bool by_bom_or_pattern(const unsigned char *p, size_t len, struct encoding *e)
{
	if (bytes_are(p, len, "\xEF\xBB\xBF", 3))
		set(e, "UTF-8", FROM_BOM, 3, 1);
	else if (bytes_are(p, len, "\xFF\xFE\0\0", 4))
		set(e, "UTF-32LE", FROM_BOM, 4, 4);
	else if (bytes_are(p, len, "\0\0\xFE\xFF", 4))
		set(e, "UTF-32BE", FROM_BOM, 4, 4);
	else if (bytes_are(p, len, "\xFF\xFE", 2))
		set(e, "UTF-16LE", FROM_BOM, 2, 2);
	else if (bytes_are(p, len, "\xFE\xFF", 2))
		set(e, "UTF-16BE", FROM_BOM, 2, 2);
	else if (bytes_are(p, len, "\0\0\0<", 4))
		set(e, "UTF-32BE", FROM_PATTERN, 0, 4);
	else if (bytes_are(p, len, "<\0\0\0", 4))
		set(e, "UTF-32LE", FROM_PATTERN, 0, 4);
	/* "<?" as appendix F has it, or "<r" ("<rss" with no declaration): ASCII in UTF-16 */
	else if (len >= 4 && p[0] == 0 && p[1] == '<' && p[2] == 0 && p[3] > 0 && p[3] < 0x80)
		set(e, "UTF-16BE", FROM_PATTERN, 0, 2);
	else if (len >= 4 && p[0] == '<' && p[1] == 0 && p[2] > 0 && p[2] < 0x80 && p[3] == 0)
		set(e, "UTF-16LE", FROM_PATTERN, 0, 2);
	else
		return false;
	return true;
}

static const unsigned char *find_nocase(const unsigned char *s, const unsigned char *end, const char *word)
{
	size_t n = strlen(word);
	for (; (size_t)(end - s) >= n; s++)
		if (strncasecmp((const char *)s, word, n) == 0)
			return s;
	return NULL;
}

/* The value after name, blanks and '=' at p ("encoding = 'koi8-r'", "charset=koi8-r"), copied to
 * name (at most size - 1 characters a name may have). Returns whether there was one. */
static bool value_after(const unsigned char *p, const unsigned char *end, char *name, size_t size)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (p == end || *p != '=')
		return false;
	p++;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '"' || *p == '\''))
		p++;
	size_t n = 0;
	/* the characters of encoding names (IANA's); nothing that iconv reads as an option ("//") */
	while (p < end && n + 1 < size &&
	       ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		*p == '_' || *p == '.' || *p == ':'))
		name[n++] = (char)*p++;
	name[n] = '\0';
	return n > 0;
}

/* encoding="..." in an XML declaration at the start. */
static bool declared(const unsigned char *p, const unsigned char *end, char *name, size_t size)
{
	if (!bytes_are(p, (size_t)(end - p), "<?xml", 5))
		return false;
	const unsigned char *close = find_nocase(p, end, "?>");
	const unsigned char *enc = find_nocase(p, close ? close : end, "encoding");
	return enc && value_after(enc + 8, close ? close : end, name, size);
}

/* <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">. */
static bool meta_charset(const unsigned char *p, const unsigned char *end, char *name, size_t size)
{
	while ((p = find_nocase(p, end, "<meta"))) {
		const unsigned char *close = memchr(p, '>', (size_t)(end - p));
		const unsigned char *stop = close ? close : end;
		const unsigned char *cs = find_nocase(p, stop, "charset");
		if (cs && value_after(cs + 7, stop, name, size))
			return true;
		p += 5;
	}
	return false;
}

/* Whether the bytes are UTF-8, or mostly are: no more invalid sequences than valid
 * multi-byte characters (an UTF-8 feed with a few stray bytes stays UTF-8). */
static bool mostly_utf8(const char *s, size_t n)
{
	size_t bad = 0, multi = 0;
	if (utf8_valid_prefix(s, n) == n)
		return true;
	while (n) {
		size_t ok = utf8_valid_prefix(s, n);
		for (size_t i = 0; i < ok; i++)
			multi += (unsigned char)s[i] >= 0xC2;
		if (ok == n)
			break;
		bad++;
		s += ok + 1;
		n -= ok + 1;
	}
	return bad == 0 || multi >= bad;
}

static void fallback(const char *data, size_t len, struct encoding *e)
{
	set(e, mostly_utf8(data, len) ? "UTF-8" : "windows-1252", FROM_FALLBACK, 0, 1);
}

void encoding_detect(const char *data, size_t len, bool html, struct encoding *e)
{
	const unsigned char *p = (const unsigned char *)data, *end = p + (len < HEAD_BYTES ? len : HEAD_BYTES);
	e->unknown = false;
	e->declared[0] = '\0';
	if (by_bom_or_pattern(p, len, e))
		return;
	char name[40];
	enum encoding_from from = FROM_DECLARATION;
	bool found = declared(p, end, name, sizeof name);
	if (!found && html) {
		found = meta_charset(p, end, name, sizeof name);
		from = FROM_META;
	}
	if (!found) {
		fallback(data, len, e);
		return;
	}
	if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0) {
		/* feeds that say UTF-8 and are windows-1252 are many: feedparser, failing to read
		 * them as UTF-8, reads them as windows-1252 */
		if (mostly_utf8(data, len))
			set(e, "UTF-8", from, 0, 1);
		else
			fallback(data, len, e);
	} else if (strncasecmp(name, "utf-16", 6) == 0 || strncasecmp(name, "utf-32", 6) == 0 ||
		   strncasecmp(name, "ucs-", 4) == 0 || strcasecmp(name, "us-ascii") == 0 ||
		   strcasecmp(name, "ascii") == 0) {
		/* a declaration read in ASCII cannot be right about UTF-16; ASCII with 8-bit bytes is
		 * UTF-8 or windows-1252: the bytes tell which */
		fallback(data, len, e);
		e->from = from;
	} else {
		iconv_t cd = iconv_open("UTF-8", name);
		if (cd == (iconv_t)-1) {
			fallback(data, len, e);
			e->unknown = true;
			snprintf(e->declared, sizeof e->declared, "%s", name);
			return;
		}
		iconv_close(cd);
		set(e, name, from, 0, 1);
	}
}

int encoding_convert(const struct encoding *e, const char *data, size_t len, bool strict, struct buf *out,
		     unsigned long long *replaced, size_t *bad_at)
{
	iconv_t cd = iconv_open("UTF-8", e->name);
	if (cd == (iconv_t)-1)
		return -2;
	size_t skip = e->bom < len ? e->bom : len;
	char *in = (char *)data + skip;
	size_t left = len - skip;
	/* what UTF-8 takes at most for UTF-16 and UTF-32; single bytes are mostly ASCII */
	size_t guess = e->unit == 4 ? left : e->unit == 2 ? left + left / 2 : left + left / 8;
	int rc = 0;
	if (buf_reserve(out, guess + 64) < 0) {
		rc = -1;
		goto done;
	}
	while (left) {
		char *o = out->p + out->len;
		size_t room = out->cap - out->len - 1;
		size_t r = iconv(cd, &in, &left, &o, &room);
		out->len = (size_t)(o - out->p);
		if (r != (size_t)-1)
			continue;
		if (errno == E2BIG) {
			if (buf_reserve(out, left + 64) < 0) {
				rc = -1;
				goto done;
			}
			continue;
		}
		/* EILSEQ, or EINVAL (incomplete at the end): one unit replaced, and on */
		if (strict) {
			*bad_at = (size_t)(in - data);
			rc = -3;
			goto done;
		}
		if (buf_append(out, "\xEF\xBF\xBD", 3) < 0) {
			rc = -1;
			goto done;
		}
		(*replaced)++;
		size_t n = e->unit < left ? e->unit : left;
		in += n;
		left -= n;
	}
	for (;;) { /* the shift state back to the initial one (ISO-2022-JP and the like) */
		char *o = out->p + out->len;
		size_t room = out->cap - out->len - 1;
		size_t r = iconv(cd, NULL, NULL, &o, &room);
		out->len = (size_t)(o - out->p);
		if (r != (size_t)-1 || errno != E2BIG || buf_reserve(out, 64) < 0)
			break;
	}
done:
	if (out->p)
		out->p[out->len] = '\0';
	iconv_close(cd);
	return rc;
}

static const uint16_t cp1252_c1[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

uint32_t cp1252_char(unsigned b)
{
	return b >= 0x80 && b <= 0x9F ? cp1252_c1[b - 0x80] : 0;
}

static int put_utf8(struct buf *b, uint32_t c)
{
	char u[3];
	size_t n;
	if (c < 0x800) {
		u[0] = (char)(0xC0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else {
		u[0] = (char)(0xE0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	}
	return buf_append(b, u, n);
}

static bool is_c1_at(const char *s, size_t i, size_t n)
{
	return s[i] == '\xC2' && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9F &&
	       cp1252_char((unsigned char)s[i + 1]);
}

int c1_to_cp1252(struct buf *b, struct buf *scratch)
{
	const char *c2 = b->len ? memchr(b->p, '\xC2', b->len) : NULL;
	while (c2 && !is_c1_at(b->p, (size_t)(c2 - b->p), b->len))
		c2 = memchr(c2 + 1, '\xC2', b->len - (size_t)(c2 + 1 - b->p));
	if (!c2)
		return 0;
	size_t i = (size_t)(c2 - b->p);
	buf_clear(scratch);
	if (buf_reserve(scratch, b->len + b->len / 2) < 0 || buf_append(scratch, b->p, i) < 0)
		return -1;
	while (i < b->len) {
		size_t j = i;
		while (j < b->len && !is_c1_at(b->p, j, b->len))
			j++;
		if (buf_append(scratch, b->p + i, j - i) < 0)
			return -1;
		if (j == b->len)
			break;
		if (put_utf8(scratch, cp1252_char((unsigned char)b->p[j + 1])) < 0)
			return -1;
		i = j + 2;
	}
	struct buf t = *b; /* the two swap: scratch keeps a buffer for the next call to reuse */
	*b = *scratch;
	*scratch = t;
	return 0;
}

int base64_decode(const char *s, size_t n, struct buf *out)
{
	if (buf_reserve(out, n / 4 * 3 + 3) < 0)
		return -1;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n && s[i] != '='; i++) {
		unsigned char c = (unsigned char)s[i];
		int v = c >= 'A' && c <= 'Z' ? c - 'A'
			: c >= 'a' && c <= 'z' ? c - 'a' + 26
			: c >= '0' && c <= '9' ? c - '0' + 52
			: c == '+' || c == '-' ? 62
			: c == '/' || c == '_' ? 63
					       : -1;
		if (v < 0)
			continue;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out->p[out->len++] = (char)((acc >> bits) & 0xFF);
		}
	}
	out->p[out->len] = '\0';
	return 0;
}

/* ---- references repaired before the parse */

static bool is_name_start(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' || c >= 0x80;
}

static bool is_name_char(unsigned char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* The length of the reference at s[0..n) (s[0] is '&') when it is one XML reads ("&#38;",
 * "&#x26;", "&amp;"...), 0 otherwise; *html is the code point of an HTML entity ("&eacute;",
 * which only a DTD could declare), else 0. */
static size_t reference_at(const char *s, size_t n, unsigned *html)
{
	*html = 0;
	size_t i = 1;
	if (i < n && s[i] == '#') {
		bool hex = i + 1 < n && s[i + 1] == 'x';
		i += hex ? 2 : 1;
		size_t digits = i;
		while (i < n && (hex ? strchr("0123456789abcdefABCDEF", s[i]) : strchr("0123456789", s[i])) && s[i])
			i++;
		return i > digits && i < n && s[i] == ';' ? i + 1 : 0;
	}
	if (i >= n || !is_name_start((unsigned char)s[i]))
		return 0;
	while (i < n && is_name_char((unsigned char)s[i]))
		i++;
	if (i >= n || s[i] != ';')
		return 0;
	static const char *const xml[] = {"amp", "lt", "gt", "quot", "apos"};
	for (size_t k = 0; k < 5; k++)
		if (i - 1 == strlen(xml[k]) && memcmp(s + 1, xml[k], i - 1) == 0)
			return i + 1;
	char name[16];
	if (i - 1 < sizeof name) {
		memcpy(name, s + 1, i - 1);
		name[i - 1] = '\0';
		const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
		if (e)
			*html = e->value;
	}
	return i + 1;
}


/* Where the markup that starts at s[0] == '<' and holds no references ends: past a CDATA
 * section, a comment, a processing instruction or a DOCTYPE (and its internal subset); s itself
 * for anything else. */
static const char *past_literal(const char *s, const char *end)
{
	static const struct {
		const char *open, *close;
	} literal[] = {{"<![CDATA[", "]]>"}, {"<!--", "-->"}, {"<?", "?>"}, {"<!DOCTYPE", ">"}};
	for (size_t k = 0; k < sizeof literal / sizeof *literal; k++) {
		size_t o = strlen(literal[k].open);
		if ((size_t)(end - s) < o || memcmp(s, literal[k].open, o) != 0)
			continue;
		const char *from = s + o, *stop = find_bytes(from, end, literal[k].close);
		const char *bracket = stop && k == 3 ? memchr(from, '[', (size_t)(stop - from)) : NULL;
		if (bracket) {
			const char *subset_end = find_bytes(bracket, end, "]");
			stop = subset_end ? find_bytes(subset_end, end, ">") : NULL;
		}
		return stop ? stop + strlen(literal[k].close) : end;
	}
	return s;
}

/* See encoding.h. */
int repair_references(const char *s, size_t n, struct buf *out, int *line)
{
	const char *end = s + n, *copied = s, *p = s, *lt = memchr(s, '<', n);
	bool changed = false;
	while (p < end) {
		/* the next '<' is looked for again only once passed: linear however many '&' */
		if (lt && lt < p)
			lt = memchr(p, '<', (size_t)(end - p));
		const char *q = memchr(p, '&', (size_t)((lt ? lt : end) - p));
		if (!q)
			q = lt;
		if (!q)
			break;
		if (*q == '<') {
			const char *past = past_literal(q, end);
			p = past == q ? q + 1 : past;
			continue;
		}
		unsigned html;
		size_t k = reference_at(q, (size_t)(end - q), &html);
		if (k && !html) {
			p = q + k;
			continue;
		}
		char ref[16];
		int m = html ? snprintf(ref, sizeof ref, "&#%u;", html) : snprintf(ref, sizeof ref, "&amp;");
		if (!changed) {
			if (buf_reserve(out, n + n / 8 + 16) < 0)
				return -1;
			*line = 1;
			for (const char *c = s; (c = memchr(c, '\n', (size_t)(q - c))); c++)
				++*line;
		}
		changed = true;
		if (buf_append(out, copied, (size_t)(q - copied)) < 0 || buf_append(out, ref, (size_t)m) < 0)
			return -1;
		p = copied = q + (html ? k : 1);
	}
	if (changed && buf_append(out, copied, (size_t)(end - copied)) < 0)
		return -1;
	return changed;
}
