/* The entities column: its writer and its reader (entity.h, docs/contract.md, "The entities column"). */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "entity.h"
#include "hash.h"

const char *const mention_type_names[NMT] = {
	"PER", "LOC", "ORG", "NORP", "MISC", "DATE", "TIME", "DURATION", "QUANTITY", "MONEY", "PERCENT",
};

int mention_type_of(const char *s, size_t n)
{
	if (n < 3 || n > 8)
		return -1;
	for (int t = 0; t < NMT; t++)
		if (mention_type_names[t][0] == s[0] && strlen(mention_type_names[t]) == n &&
		    !memcmp(mention_type_names[t], s, n))
			return t;
	return -1;
}

uint64_t entity_id(int type, const char *canonical, size_t len)
{
	/* "TYPE<TAB>name", of at most 511 bytes: a name longer than that is known by its first
	 * bytes (the ids of every run so far were made so) */
	char key[512];
	const char *name = mention_type_names[type];
	size_t k = strlen(name);
	memcpy(key, name, k);
	key[k++] = '\t';
	size_t n = len < sizeof key - k - 1 ? len : sizeof key - k - 1;
	memcpy(key + k, canonical, n);
	return hash64(key, k + n, 0);
}

int entity_ids(int type, const char *canonical, size_t len, struct buf *out)
{
	for (size_t a = 0;;) {
		const char *bar = memchr(canonical + a, '|', len - a);
		size_t e = bar ? (size_t)(bar - canonical) : len;
		char hex[ENTITY_ID_HEX + 1];
		hash64_hex(entity_id(type, canonical + a, e - a), hex);
		if ((a && buf_putc(out, '|') < 0) || buf_append(out, hex, ENTITY_ID_HEX) < 0)
			return -1;
		if (!bar)
			return 0;
		a = e + 1;
	}
}

static inline int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The bytes a value cannot hold as they are: the separators, and '%' (which only needs its
 * escape before two hex digits). */
static inline bool special(unsigned char c)
{
	return c == ';' || c == '=' || c == '@' || c == '%';
}

/* The byte of an escaped value at *i, decoded; -1 at the end. */
static inline int decoded_at(const char *s, size_t n, size_t *i)
{
	if (*i >= n)
		return -1;
	unsigned char c = (unsigned char)s[*i];
	int hi, lo;
	if (c == '%' && *i + 2 < n && (hi = hex_value((unsigned char)s[*i + 1])) >= 0 &&
	    (lo = hex_value((unsigned char)s[*i + 2])) >= 0) {
		*i += 3;
		return hi << 4 | lo;
	}
	++*i;
	return c;
}

/* Writes a value at dst, which has room for 3 * n bytes (escaped already when escaped is set:
 * then it is written in the one way the writer writes it). Returns the end of what it wrote.
 * A value without a special byte is copied whole. */
static char *escape_into(char *dst, const char *s, size_t n, bool escaped)
{
	size_t plain = 0;
	while (plain < n && !special((unsigned char)s[plain]))
		plain++;
	memcpy(dst, s, plain);
	dst += plain;
	if (plain == n)
		return dst;
	/* each byte with the two after it: '%' needs its escape only before two hex digits */
	size_t i = plain;
	int c0 = escaped ? decoded_at(s, n, &i) : (i < n ? (unsigned char)s[i++] : -1);
	int c1 = escaped ? decoded_at(s, n, &i) : (i < n ? (unsigned char)s[i++] : -1);
	int c2 = escaped ? decoded_at(s, n, &i) : (i < n ? (unsigned char)s[i++] : -1);
	while (c0 >= 0) {
		static const char hexdig[] = "0123456789ABCDEF";
		if ((c0 == '%' && hex_value(c1) >= 0 && hex_value(c2) >= 0) ||
		    (c0 != '%' && special((unsigned char)c0))) {
			*dst++ = '%';
			*dst++ = hexdig[c0 >> 4];
			*dst++ = hexdig[c0 & 15];
		} else {
			*dst++ = (char)c0;
		}
		c0 = c1;
		c1 = c2;
		c2 = escaped ? decoded_at(s, n, &i) : (i < n ? (unsigned char)s[i++] : -1);
	}
	return dst;
}

int entity_escape(const char *s, size_t n, struct buf *out)
{
	if (n > (SIZE_MAX - 1) / 3 || buf_reserve(out, 3 * n) < 0)
		return -1;
	out->len = (size_t)(escape_into(out->p + out->len, s, n, false) - out->p);
	out->p[out->len] = '\0';
	return 0;
}

size_t entity_unescape(const char *s, size_t n, char *out)
{
	size_t i = 0, k = 0;
	int c;
	while ((c = decoded_at(s, n, &i)) >= 0)
		out[k++] = (char)c;
	return k;
}

int entity_format(struct buf *column, const struct entity_mention *m)
{
	const char *type = mention_type_names[m->type];
	size_t tlen = strlen(type);
	/* room for the longest it can be, asked for once: ';' TYPE '#' ids ':' surface '@'
	 * start '-' end '=' canonical, the values escaped three bytes a byte at most */
	if (m->surface_len > SIZE_MAX / 8 || m->canonical_len > SIZE_MAX / 8 || m->id_len > SIZE_MAX / 8 ||
	    buf_reserve(column, tlen + m->id_len + 3 * (m->surface_len + m->canonical_len) + 64) < 0)
		return -1;
	char *d = column->p + column->len;
	if (column->len)
		*d++ = ';';
	memcpy(d, type, tlen);
	d += tlen;
	if (m->id_len) {
		*d++ = '#';
		memcpy(d, m->id, m->id_len);
		d += m->id_len;
	}
	*d++ = ':';
	d = escape_into(d, m->surface, m->surface_len, m->escaped);
	*d++ = '@';
	d = decimal_into(d, m->start);
	*d++ = '-';
	d = decimal_into(d, m->end);
	*d++ = '=';
	d = escape_into(d, m->canonical, m->canonical_len, m->escaped);
	column->len = (size_t)(d - column->p);
	column->p[column->len] = '\0';
	return 0;
}

void entity_reader_init(struct entity_reader *r, const char *field, size_t len)
{
	memset(r, 0, sizeof *r);
	r->field = field;
	r->len = len;
}

static int fail(struct entity_reader *r, size_t pos, const char *what)
{
	r->err_pos = pos;
	r->err = what;
	r->pos = r->len; /* a malformed column stays malformed */
	r->after_sep = false;
	return -1;
}

/* Reads a decimal number at *i (at most 18 digits). Returns 0, or -1 with *i where the number
 * should be when there is none (or one too long). */
static int read_offset(const char *s, size_t n, size_t *i, size_t *out)
{
	size_t v = 0, start = *i;
	while (*i < n && s[*i] >= '0' && s[*i] <= '9' && *i - start < 18)
		v = v * 10 + (size_t)(s[(*i)++] - '0');
	*out = v;
	if (*i == start || (*i < n && s[*i] >= '0' && s[*i] <= '9')) {
		*i = start;
		return -1;
	}
	return 0;
}

/* Whether "start-end=" follows the '@' at s[at]; sets the offsets and *after (the canonical's
 * first byte), or *bad (the first byte that does not fit). */
static bool offsets_at(const char *s, size_t n, size_t at, size_t *start, size_t *end,
		       size_t *after, size_t *bad)
{
	size_t i = at + 1;
	if (read_offset(s, n, &i, start) < 0 || i >= n || s[i] != '-') {
		*bad = i;
		return false;
	}
	i++;
	if (read_offset(s, n, &i, end) < 0 || i >= n || s[i] != '=') {
		*bad = i;
		return false;
	}
	*after = i + 1;
	return true;
}

/* The length of an escaped value once unescaped, and whether it holds an escape. */
static size_t value_length(const char *s, size_t n, bool *escaped)
{
	const char *pct = memchr(s, '%', n);
	if (!pct)
		return n;
	size_t i = (size_t)(pct - s), k = i;
	while (decoded_at(s, n, &i) >= 0)
		k++;
	*escaped = true;
	return k;
}

/* The ids after a '#' at s[*i]: 16 hex digits, '|', 16 hex digits... */
static int read_ids(struct entity_reader *r, size_t *i, struct entity_mention *m)
{
	const char *s = r->field;
	size_t from = *i;
	for (;;) {
		for (size_t k = 0; k < ENTITY_ID_HEX; k++, ++*i)
			if (*i >= r->len || !((s[*i] >= '0' && s[*i] <= '9') || (s[*i] >= 'a' && s[*i] <= 'f')))
				return fail(r, *i, "an entity id is 16 lower-case hex digits");
		if (*i < r->len && s[*i] == '|')
			++*i;
		else
			break;
	}
	m->id = s + from;
	m->id_len = *i - from;
	return 0;
}

int entity_next(struct entity_reader *r, struct entity_mention *m)
{
	const char *s = r->field;
	size_t n = r->len, i = r->pos;
	if (i >= n) {
		if (r->after_sep)
			return fail(r, n, "a mention must follow ';'");
		return 0;
	}
	memset(m, 0, sizeof *m);
	size_t t = i;
	while (t < n && s[t] >= 'A' && s[t] <= 'Z' && t - i < 9)
		t++;
	if ((m->type = mention_type_of(s + i, t - i)) < 0)
		return fail(r, i, "unknown type (PER, LOC, ORG, NORP, MISC, DATE, TIME, DURATION, "
			    "QUANTITY, MONEY, PERCENT)");
	i = t;
	if (i < n && s[i] == '#') {
		i++;
		if (read_ids(r, &i, m) < 0)
			return -1;
	}
	if (i >= n || s[i] != ':')
		return fail(r, i, "expected ':' after the type");
	i++;
	/* the surface ends at the first '@' that "start-end=" follows: before ids and escapes, a
	 * surface could hold '@' (or ';' or '=') as it is */
	size_t from = i, after = 0, bad = n, first_bad = n;
	const char *at = memchr(s + i, '@', n - i);
	bool first = true;
	while (at && !offsets_at(s, n, (size_t)(at - s), &m->start, &m->end, &after, &bad)) {
		if (first)
			first_bad = bad;
		first = false;
		size_t next = (size_t)(at - s) + 1;
		at = memchr(s + next, '@', n - next);
	}
	if (!at)
		return fail(r, first_bad, "expected '@start-end=' after the surface");
	m->surface = s + from;
	m->surface_len = (size_t)(at - s) - from;
	if (m->start > m->end)
		return fail(r, (size_t)(at - s) + 1, "the start is after the end");
	if (value_length(m->surface, m->surface_len, &m->escaped) != m->end - m->start)
		return fail(r, from, "the surface is not as long as its offsets say");
	const char *semi = memchr(s + after, ';', n - after);
	size_t stop = semi ? (size_t)(semi - s) : n;
	m->canonical = s + after;
	m->canonical_len = stop - after;
	if (memchr(m->canonical, '%', m->canonical_len))
		m->escaped = true;
	r->pos = semi ? stop + 1 : n;
	r->after_sep = semi != NULL;
	return 1;
}

long entity_parse(const char *field, size_t len, struct entity_mention *v, size_t cap,
		  size_t *err_pos, const char **err)
{
	struct entity_reader r;
	entity_reader_init(&r, field, len);
	struct entity_mention m;
	long count = 0;
	int k;
	while ((k = entity_next(&r, &m)) > 0) {
		if ((size_t)count < cap)
			v[count] = m;
		count++;
	}
	if (k < 0) {
		*err_pos = r.err_pos;
		*err = r.err;
		return -1;
	}
	return count;
}
