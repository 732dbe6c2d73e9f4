/* The JSON-LD of a page (<script type="application/ld+json">): its headline, datePublished and
 * author names, found by one linear scan of the tokens, not by a parser. Strings are decoded
 * (escapes, \uXXXX with surrogate pairs) into bounded buffers; nesting is only counted, so
 * arrays, @graph and depth cost nothing; malformed JSON ends the scan or is read past. */
#include <string.h>

#include "jsonld.h"

#define JSONLD_VALUE_MAX 1000 /* bytes kept of one string */

enum expect { EXPECT_NONE, EXPECT_HEADLINE, EXPECT_PUBLISHED, EXPECT_AUTHOR, EXPECT_NAME };

static size_t put_utf8(char *out, unsigned long c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3F));
	out[2] = (char)(0x80 | (c >> 6 & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

static long hex4(const char *s, const char *end)
{
	if (end - s < 4)
		return -1;
	long v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* Decodes the string that starts after the quote at s into out (at most JSONLD_VALUE_MAX bytes
 * kept, NUL-terminated). Returns the position after its closing quote, or NULL when it has none
 * (the script ends inside it: nothing of it is taken). */
static const char *read_string(const char *s, const char *end, char *out, size_t *len)
{
	size_t n = 0;
	char tmp[4];
	while (s < end && *s != '"') {
		size_t k = 0;
		if (*s != '\\') {
			tmp[k++] = *s++;
		} else if (++s < end) {
			char e = *s++;
			switch (e) {
			case 'n': tmp[k++] = '\n'; break;
			case 't': tmp[k++] = '\t'; break;
			case 'r': tmp[k++] = '\r'; break;
			case 'b': case 'f': tmp[k++] = ' '; break;
			case 'u': {
				long c = hex4(s, end);
				if (c < 0) {
					k = put_utf8(tmp, 0xFFFD);
					break;
				}
				s += 4;
				if (c >= 0xD800 && c <= 0xDBFF && end - s >= 6 && s[0] == '\\' && s[1] == 'u') {
					long lo = hex4(s + 2, end);
					if (lo >= 0xDC00 && lo <= 0xDFFF) {
						c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
						s += 6;
					}
				}
				if ((c >= 0xD800 && c <= 0xDFFF) || c == 0)
					c = 0xFFFD;
				k = put_utf8(tmp, (unsigned long)c);
				break;
			}
			default: tmp[k++] = e; break; /* \" \\ \/ and anything else as itself */
			}
		}
		if (n + k <= JSONLD_VALUE_MAX) {
			memcpy(out + n, tmp, k);
			n += k;
		}
	}
	out[n] = '\0';
	*len = n;
	return s < end ? s + 1 : NULL;
}

static const char *skip_blanks(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++;
	return s;
}

static void add_name(struct jsonld *j, const char *v, size_t n)
{
	while (n && (*v == ' ' || *v == '\n' || *v == '\t'))
		v++, n--;
	if (!n)
		return;
	if (j->author.len && buf_append(&j->author, ", ", 2) < 0)
		j->oom = true;
	if (buf_append(&j->author, v, n) < 0)
		j->oom = true;
}

static void take_value(struct buf *slot, const char *v, size_t n, bool *oom)
{
	if (!slot->len && n && buf_append(slot, v, n) < 0)
		*oom = true;
}

void jsonld_scan(struct jsonld *j, const char *s, size_t len)
{
	static char value[JSONLD_VALUE_MAX + 8];
	const char *end = s + len;
	long depth = 0, author_depth = -1;
	char author_open = 0; /* '{' or '[': what the author value is */
	bool author_done = j->author.len > 0;
	enum expect expect = EXPECT_NONE;
	while ((s = skip_blanks(s, end)) < end) {
		char c = *s++;
		if (c == '{' || c == '[') {
			if (expect == EXPECT_AUTHOR) {
				author_depth = depth;
				author_open = c;
			}
			depth++;
			expect = EXPECT_NONE;
		} else if (c == '}' || c == ']') {
			depth--;
			if (author_depth >= 0 && depth <= author_depth) {
				author_depth = -1;
				author_done = true;
			}
			expect = EXPECT_NONE;
		} else if (c == '"') {
			size_t n;
			if (!(s = read_string(s, end, value, &n)))
				break;
			const char *after = skip_blanks(s, end);
			if (after < end && *after == ':') { /* a key */
				s = after + 1;
				expect = EXPECT_NONE;
				if (strcmp(value, "headline") == 0)
					expect = EXPECT_HEADLINE;
				else if (strcmp(value, "datePublished") == 0)
					expect = EXPECT_PUBLISHED;
				else if (strcmp(value, "author") == 0 && !author_done && author_depth < 0)
					expect = EXPECT_AUTHOR;
				else if (strcmp(value, "name") == 0 && author_depth >= 0 &&
					 depth == author_depth + (author_open == '{' ? 1 : 2))
					expect = EXPECT_NAME;
				continue;
			}
			if (expect == EXPECT_HEADLINE)
				take_value(&j->headline, value, n, &j->oom);
			else if (expect == EXPECT_PUBLISHED)
				take_value(&j->published, value, n, &j->oom);
			else if (expect == EXPECT_NAME || (expect == EXPECT_NONE && author_open == '[' &&
							   author_depth >= 0 && depth == author_depth + 1))
				add_name(j, value, n);
			else if (expect == EXPECT_AUTHOR) {
				add_name(j, value, n);
				author_done = true;
			}
			expect = EXPECT_NONE;
		} else {
			expect = EXPECT_NONE; /* , : numbers, true, false, null, and what is not JSON */
		}
	}
}

void jsonld_free(struct jsonld *j)
{
	buf_free(&j->headline);
	buf_free(&j->published);
	buf_free(&j->author);
}
