/* Small text tests on a sentence as written: whole words, either case (the C locale's). */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "events.h"
#include "hash.h"

/* by hand, from the end: snprintf() was a quarter of rewriting a sentence */
const char *slot_token(char tok[SLOT_TOKEN_MAX], char type, size_t index, size_t *n)
{
	char *p = tok + SLOT_TOKEN_MAX;
	*--p = '\x1f';
	for (size_t v = index; p == tok + SLOT_TOKEN_MAX - 1 || v; v /= 10)
		*--p = (char)('0' + v % 10);
	*--p = type;
	*--p = '\x1f';
	*n = (size_t)(tok + SLOT_TOKEN_MAX - p);
	return p;
}

/* ---- small text tests on the original sentence */

/* The first place in t[i..end) holding byte c, or end: memchr finds the few places a word may
 * start far faster than comparing at every byte (has_word was half of the time). */
static size_t next_byte(const char *t, size_t i, size_t end, int c)
{
	const char *p = i < end ? memchr(t + i, c, end - i) : NULL;
	return p ? (size_t)(p - t) : end;
}

/* strncasecmp(a, b, n) == 0 for b of n bytes without a NUL, inline (the C locale's: ASCII) */
static bool same_caseless(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i] && tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return false;
	return true;
}

static bool word_bounded(const char *t, size_t i, size_t n, size_t to)
{
	return (i == 0 || !isalnum((unsigned char)t[i - 1])) && (i + n == to || !isalnum((unsigned char)t[i + n]));
}

bool has_word(const char *t, size_t from, size_t to, const char *w)
{
	size_t n = strlen(w);
	if (!n) {
		for (size_t i = from; i <= to; i++)
			if (word_bounded(t, i, 0, to))
				return true;
		return false;
	}
	if (from > to || to - from < n)
		return false;
	size_t last = to - n + 1; /* where a start may be, below */
	int lo = tolower((unsigned char)w[0]), up = toupper((unsigned char)w[0]);
	/* the places of either case of the first letter, in order: the next of each kept */
	size_t il = next_byte(t, from, last, lo), iu = up != lo ? next_byte(t, from, last, up) : last;
	while (il < last || iu < last) {
		size_t i = il < iu ? il : iu;
		if (same_caseless(t + i, w, n) && word_bounded(t, i, n, to))
			return true;
		if (i == il)
			il = next_byte(t, i + 1, last, lo);
		else
			iu = next_byte(t, i + 1, last, up);
	}
	return false;
}

static bool ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* has_word() of any of words, in one pass over t[from..to): at each place a word may begin with
 * the first byte of one of them (either case), the words that begin so (a list of a dozen words
 * was two dozen memchr passes). The C locale's classes: ASCII. */
bool has_any(const char *t, size_t from, size_t to, const char *const *words)
{
	/* per byte: a word begins with it (a byte table: a bit set's shifts were most of the
	 * time, at every byte of the range) */
	unsigned char first[256];
	memset(first, 0, sizeof first);
	for (const char *const *w = words; *w; w++) {
		unsigned char c = (unsigned char)**w;
		if (!c) { /* the empty word: word by word, as has_word() has it */
			for (w = words; *w; w++)
				if (has_word(t, from, to, *w))
					return true;
			return false;
		}
		first[(unsigned char)tolower(c)] = first[(unsigned char)toupper(c)] = 1;
	}
	const unsigned char *b = (const unsigned char *)t;
	for (size_t i = from; i < to; i++) {
		if (!first[b[i]] || (i && ascii_alnum(b[i - 1])))
			continue;
		for (const char *const *w = words; *w; w++) {
			if (((unsigned char)**w | 0x20) != (b[i] | 0x20) && (unsigned char)**w != b[i])
				continue;
			size_t n = strlen(*w);
			if (n <= to - i && same_caseless(t + i, *w, n) && (i + n == to || !ascii_alnum(b[i + n])))
				return true;
		}
	}
	return false;
}

/* "pledged to cooperate", "to work together", "agreed to stay in contact": an intent of each
 * with the other, where "pledged higher pensions" is each one's own */
bool reciprocal_at(const char *t, size_t len, size_t from, size_t to)
{
	static const char *const words[] = {"together", "jointly", "cooperate", "cooperation", "co-operate",
					    "co-operation", "each other", "one another", "bilateral", "coordinate",
					    "co-ordinate", "contact", "agreed", "agree", "agrees", NULL};
	size_t end = to + 60 < len ? to + 60 : len;
	return has_any(t, from, end, words);
}

/* The word that ends before t[at] (blanks skipped): t[*b..*e); false when none. */
static bool word_before_at(const char *t, size_t at, size_t *b, size_t *e)
{
	*e = at;
	while (*e > 0 && t[*e - 1] == ' ')
		(*e)--;
	*b = *e;
	while (*b > 0 && isalpha((unsigned char)t[*b - 1]))
		(*b)--;
	return *b < *e;
}

static bool is_be(const char *w, size_t n)
{
	static const char *const be[] = {"was", "were", "is", "are", "be", "been", "being", "am", NULL};
	for (const char *const *k = be; *k; k++)
		if (strlen(*k) == n && !strncasecmp(w, *k, n))
			return true;
	return false;
}

/* The verb t[vs..ve) of an active frame read in the passive: "Jackson would be warmly welcomed
 * by Labour MPs" is no "A1 V NP" of Jackson; the passive's pattern reads it. A form that is no
 * -ing form after a form of "be" (and at most one adverb: -ly, "also", "not"...) is a
 * participle. */
bool passive_verb_at(const char *t, size_t vs, size_t ve)
{
	if (ve - vs >= 3 && !strncasecmp(t + ve - 3, "ing", 3))
		return false;
	size_t b, e;
	for (int words = 0; words < 2 && word_before_at(t, vs, &b, &e); words++) {
		if (is_be(t + b, e - b))
			return true;
		static const char *const adverbs[] = {"also", "still", "now", "not", "already", "often", "even", NULL};
		bool adverb = e - b >= 4 && !strncasecmp(t + e - 2, "ly", 2);
		for (const char *const *a = adverbs; !adverb && *a; a++)
			adverb = strlen(*a) == e - b && !strncasecmp(t + b, *a, e - b);
		if (!adverb)
			return false;
		vs = b; /* an adverb: "warmly", "widely", "are also believed" */
	}
	return false;
}

/* "Biden's Sunday National Security meeting": an -ing form t[vs..ve) with no form of "be"
 * before it is a noun or a modifier, no verb. */
bool bare_gerund_at(const char *t, size_t vs, size_t ve)
{
	size_t b, e;
	if (ve - vs < 4 || strncasecmp(t + ve - 3, "ing", 3))
		return false;
	return !word_before_at(t, vs, &b, &e) || !is_be(t + b, e - b);
}

/* Whether the name at t[at] follows a title of the other sex than she says: "Mr Sears" is
 * no "she", "Ms Druyun" no "he". */
bool titled_other_sex(const char *t, size_t at, bool she)
{
	static const char *const his[] = {"Mr", "Mr.", "Sir", "Lord", "King", "Prince", NULL};
	static const char *const hers[] = {"Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Dame", "Lady", "Queen", "Princess", NULL};
	for (const char *const *title = she ? his : hers; *title; title++) {
		size_t n = strlen(*title);
		if (at >= n + 1 && !memcmp(t + at - n - 1, *title, n) && t[at - 1] == ' ' &&
		    (at == n + 1 || !isalpha((unsigned char)t[at - n - 2])))
			return true;
	}
	return false;
}

/* Whether t[at] is inside a quotation that opened in the 2,000 bytes before it ('"' toggles,
 * “ opens, ” closes): a bound, so that many pronouns of a huge sentence cost linear time. */
bool quote_step(const char *t, size_t i, size_t len, bool quoted)
{
	unsigned char c = (unsigned char)t[i];
	if (c == '"')
		return !quoted;
	if (c == 0xe2 && i + 2 < len && (unsigned char)t[i + 1] == 0x80 &&
	    ((unsigned char)t[i + 2] == 0x9c || (unsigned char)t[i + 2] == 0x9d))
		return (unsigned char)t[i + 2] == 0x9c;
	return quoted;
}

bool quoted_at(const char *t, size_t at)
{
	bool quoted = false;
	for (size_t i = at > 2000 ? at - 2000 : 0; i < at; i++)
		quoted = quote_step(t, i, at, quoted);
	return quoted;
}

/* ---- the sentence's own strings */

const char *const modality_names[NMOD] = {"asserted", "planned", "proposed", "conditional",
					  "denied", "alleged", "expected"};

const char *mention_canon(const struct sentence *s, size_t i)
{
	return s->mtext.p + s->m_canon[i];
}

struct span sentence_keep(struct sentence *s, const char *p, size_t n)
{
	struct span x = {s->scratch.len, n};
	if (buf_append(&s->scratch, p, n) < 0 || buf_putc(&s->scratch, '\0') < 0)
		x.len = 0;
	return x;
}

/* ---- words of the text */

/* Where word w (as written: no case folding) next starts in t[from..len) with no letter
 * before it, or SIZE_MAX. The few key words ("week", "two") are searched for this way, then the
 * words around them compared: one fast pass instead of a comparison at every byte. */
size_t word_find(const char *t, size_t len, size_t from, const char *w)
{
	size_t n = strlen(w);
	while (from + n <= len) {
		const char *q = memchr(t + from, w[0], len - from - n + 1);
		if (!q)
			return SIZE_MAX;
		size_t at = (size_t)(q - t);
		if (!memcmp(q, w, n) && (!at || !isalpha((unsigned char)t[at - 1])))
			return at;
		from = at + 1;
	}
	return SIZE_MAX;
}

bool ends_with(const char *t, size_t at, const char *w)
{
	size_t n = strlen(w);
	return at >= n && !strncasecmp(t + at - n, w, n) && (at == n || !isalpha((unsigned char)t[at - n - 1]));
}

bool starts_with(const char *t, size_t len, size_t at, const char *w)
{
	size_t n = strlen(w);
	return at + n <= len && !strncasecmp(t + at, w, n) && (at + n == len || !isalpha((unsigned char)t[at + n]));
}

uint64_t word_key(const char *w, size_t n)
{
	uint64_t k = hash64(w, n, 0x65766e7473ULL);
	return k ? k : 1;
}
