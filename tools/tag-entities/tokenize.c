#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tokenize.h"

/* Abbreviations whose full stop belongs to the word (titles, months, company forms). */
static const char *const abbrevs[] = {
	"Adm", "Apr", "Aug", "Brig", "Capt", "Cmdr", "Co", "Col", "Corp", "Dec", "Dept", "Dr",
	"Feb", "Fri", "Gen", "Gov", "Inc", "Jan", "Jr", "Jul", "Jun", "Lt", "Ltd", "Maj", "Mar",
	"Mon", "Mr", "Mrs", "Ms", "Mt", "No", "Nov", "Oct", "Pres", "Prof", "Rep", "Rev", "Sat",
	"Sen", "Sep", "Sept", "Sgt", "Sr", "St", "Sun", "Thu", "Tue", "Wed", "etc", "vs",
};

static bool is_abbrev(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof abbrevs / sizeof *abbrevs; i++)
		if (n && abbrevs[i][0] == s[0] && strlen(abbrevs[i]) == n && !memcmp(abbrevs[i], s, n))
			return true;
	return false;
}

/* Length of a space at s (ASCII or Unicode), 0 when there is none. */
static inline size_t space_len(const unsigned char *s, size_t n)
{
	if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' || s[0] == '\f' || s[0] == '\v')
		return 1;
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && ((s[2] >= 0x80 && s[2] <= 0x8B) || s[2] == 0xAF))
		return 3;
	if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/* Length of a character that is always a token of its own, 0 when s is not one. */
static inline size_t solo_len(const unsigned char *s, size_t n)
{
	switch (s[0]) {
	case '(': case ')': case '[': case ']': case '{': case '}': case '"': case ',': case ';':
	case '!': case '?': case '<': case '>': case '|': case '*':
		return 1;
	}
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
	    ((s[2] >= 0x93 && s[2] <= 0x94) || (s[2] >= 0x9C && s[2] <= 0x9F) || s[2] == 0xA6 ||
	     s[2] == 0xB9 || s[2] == 0xBA))
		return 3; /* en and em dash, double quotes, ellipsis, single angle quotes */
	if (n >= 2 && s[0] == 0xC2 && (s[1] == 0xAB || s[1] == 0xBB))
		return 2; /* guillemets */
	return 0;
}

/* An apostrophe: ' or the right single quote U+2019 (and the left one, U+2018). */
static size_t apos_len(const unsigned char *s, size_t n)
{
	if (s[0] == '\'' || s[0] == '`')
		return 1;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x98 || s[2] == 0x99))
		return 3;
	return 0;
}

static bool is_alpha(unsigned char c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z';
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int push(struct tokens *t, const char *s, size_t len)
{
	if (!len)
		return 0;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct tok *v = realloc(t->v, cap * sizeof *v);
		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = (struct tok){s, len};
	return 0;
}

/* The bytes at which split_chunk may cut: the first bytes of what solo_len and apos_len find,
 * ':' and '.'; a word's other bytes are stepped over at once. */
static const unsigned char may_cut[256] = {
	['('] = 1, [')'] = 1, ['['] = 1, [']'] = 1, ['{'] = 1, ['}'] = 1, ['"'] = 1, [','] = 1,
	[';'] = 1, ['!'] = 1, ['?'] = 1, ['<'] = 1, ['>'] = 1, ['|'] = 1, ['*'] = 1, ['\''] = 1,
	['`'] = 1, [':'] = 1, ['.'] = 1, [0xC2] = 1, [0xE2] = 1,
};

/* Splits one whitespace-free chunk w[0..n) into tokens. */
static int split_chunk(const char *w, size_t n, struct tokens *t)
{
	const unsigned char *u = (const unsigned char *)w;
	size_t i = 0, start = 0;
	while (i < n) {
		size_t k;
		if (!may_cut[u[i]]) {
			i++;
			continue;
		}
		if ((k = solo_len(u + i, n - i))) {
			if (push(t, w + start, i - start) < 0 || push(t, w + i, k) < 0)
				return -1;
			i += k;
			start = i;
			continue;
		}
		if ((k = apos_len(u + i, n - i))) {
			size_t after = i + k;
			bool word_before = i > start && (is_alpha(u[i - 1]) || u[i - 1] >= 0x80);
			/* a possessive a tokenizer has already cut off ("Moody 's"), as the word it is */
			if (i == 0 && after + 1 == n && (u[after] | 32) == 's') {
				if (push(t, w, n) < 0)
					return -1;
				i = start = n;
				continue;
			}
			/* possessive and clitic: Russia's, Macron's, they're */
			if (word_before && after < n && ((u[after] | 32) == 's' || (u[after] | 32) == 'd' || (u[after] | 32) == 'm') &&
			    (after + 1 == n || !is_alpha(u[after + 1]))) {
				if (push(t, w + start, i - start) < 0)
					return -1;
				start = i;
				i = after + 1;
				if (push(t, w + start, i - start) < 0)
					return -1;
				start = i;
				continue;
			}
			if (word_before && after + 1 < n && (u[after] | 32) == 'r' && (u[after + 1] | 32) == 'e') {
				if (push(t, w + start, i - start) < 0)
					return -1;
				start = i;
				i = after + 2;
				continue;
			}
			if (word_before && (u[i - 1] | 32) == 'n' && after < n && (u[after] | 32) == 't' && i - 1 > start) {
				if (push(t, w + start, i - 1 - start) < 0)
					return -1;
				start = i - 1;
				i = after + 1;
				if (push(t, w + start, i - start) < 0)
					return -1;
				start = i;
				continue;
			}
			/* inside a word (O'Brien, Dnipro's is above) it stays; at an edge it is a quote */
			if (word_before && after < n && is_alpha(u[after])) {
				i = after;
				continue;
			}
			if (push(t, w + start, i - start) < 0 || push(t, w + i, k) < 0)
				return -1;
			i = after;
			start = i;
			continue;
		}
		if (u[i] == ':' && !(i > start && is_digit(u[i - 1]) && i + 1 < n && is_digit(u[i + 1]))) {
			if (push(t, w + start, i - start) < 0 || push(t, w + i, 1) < 0)
				return -1;
			i++;
			start = i;
			continue;
		}
		if (u[i] == '.') {
			size_t j = i;
			while (j < n && u[j] == '.')
				j++;
			if (j - i > 1) { /* an ellipsis */
				if (push(t, w + start, i - start) < 0 || push(t, w + i, j - i) < 0)
					return -1;
				i = j;
				start = i;
				continue;
			}
			/* a full stop inside a word (U.S, 3.5, tass.com) stays */
			if (j < n && i > start && (is_alpha(u[j]) || is_digit(u[j]) ||
						   (u[j] >= 0x80 && !solo_len(u + j, n - j) && !apos_len(u + j, n - j)))) {
				i++;
				continue;
			}
			/* at the end: U.S. and Gen. keep it, a sentence's last word gives it back */
			size_t wl = i - start;
			bool keep = wl > 0 && ((wl == 1 && is_alpha(u[start])) ||
					       memchr(w + start, '.', wl) != NULL ||
					       is_abbrev(w + start, wl));
			if (keep) {
				i++;
				if (push(t, w + start, i - start) < 0)
					return -1;
				start = i;
				continue;
			}
			if (push(t, w + start, i - start) < 0 || push(t, w + i, 1) < 0)
				return -1;
			i++;
			start = i;
			continue;
		}
		i++;
	}
	return push(t, w + start, n - start);
}

int tokenize(const char *s, size_t len, struct tokens *t)
{
	const unsigned char *u = (const unsigned char *)s;
	t->n = 0;
	size_t i = 0;
	while (i < len) {
		size_t k;
		while (i < len && (k = space_len(u + i, len - i)))
			i += k;
		size_t start = i;
		while (i < len && (u[i] > ' ' || !space_len(u + i, len - i)) &&
		       (u[i] < 0xC2 || !space_len(u + i, len - i)))
			i++;
		if (i > start && split_chunk(s + start, i - start, t) < 0)
			return -1;
	}
	return 0;
}

void tokens_free(struct tokens *t)
{
	free(t->v);
	memset(t, 0, sizeof *t);
}
