/* words.c: the word lists of data/segment/ in one open-addressing hash set, built once and
 * never resized: abbreviations, sentence starters, closing formulas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "data.h"
#include "err.h"
#include "segment.h"

#define WORDSET_SLOTS 4096 /* a power of two, well above twice the lists' length */

struct word_slot {
	char word[WORD_MAX];
	unsigned char len;
	unsigned char flags;
};

static struct word_slot wordset[WORDSET_SLOTS];
static size_t wordset_count;

static uint32_t word_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The slot of word s[0..n): the one holding it, or the empty one where it would go. */
static struct word_slot *word_slot(const char *s, size_t n)
{
	size_t i = word_hash(s, n) & (WORDSET_SLOTS - 1);
	for (;;) {
		struct word_slot *w = &wordset[i];
		if (w->len == 0 || (w->len == n && memcmp(w->word, s, n) == 0))
			return w;
		i = (i + 1) & (WORDSET_SLOTS - 1);
	}
}

/* Flags of the lower-cased word s[0..n), 0 when it is in no list. */
unsigned word_flags(const char *s, size_t n)
{
	if (n == 0 || n >= WORD_MAX)
		return 0;
	return word_slot(s, n)->flags;
}

struct word_load {
	const char *path;
	unsigned flags;
};

/* One word of a list: lower-cased, trailing spaces dropped. */
static int add_word(void *ctx, char *line, size_t len, unsigned long lineno)
{
	const struct word_load *wl = ctx;
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\r'))
		line[--len] = '\0';
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (line[i] >= 'A' && line[i] <= 'Z')
			line[i] = (char)(line[i] - 'A' + 'a');
	if (len >= WORD_MAX || wordset_count >= WORDSET_SLOTS / 2) {
		msg_at(wl->path, lineno, "word too long or too many words");
		return 1; /* reported */
	}
	struct word_slot *w = word_slot(line, len);
	if (w->len == 0) {
		memcpy(w->word, line, len);
		w->len = (unsigned char)len;
		wordset_count++;
	}
	w->flags |= (unsigned char)wl->flags;
	return 0;
}

/* Loads data file name (one word a line, # comments) with flags. Returns 0, or -1 after a message. */
static int load_words(const char *name, unsigned flags)
{
	char path[4096], err[4200];
	if (data_path(name, path, sizeof path) < 0) {
		msg("cannot find data file '%s' (tried '%s'; set CROSSCHECK_DATA)", name, path);
		return -1;
	}
	struct word_load wl = {path, flags};
	int k = data_lines(path, add_word, &wl, err, sizeof err);
	if (k < 0)
		msg("%s", err);
	return k ? -1 : 0;
}

int load_lists(void)
{
	if (load_words("segment/abbrev-nonfinal.txt", WORD_NONFINAL) < 0 ||
	    load_words("segment/abbrev-final.txt", WORD_FINAL) < 0 ||
	    load_words("segment/abbrev-numeric.txt", WORD_NUMERIC) < 0 ||
	    load_words("segment/starters.txt", WORD_STARTER) < 0 ||
	    load_words("segment/closings.txt", WORD_CLOSING) < 0 ||
	    load_words("segment/greetings.txt", WORD_GREETING) < 0 ||
	    load_words("segment/bang-names.txt", WORD_BANG) < 0)
		return -1;
	return 0;
}

/* Lower-cases s[a..i) into low (at most WORD_MAX - 1 bytes, white space runs as one space).
 * Returns the length, or 0 when it does not fit. */
size_t lower_word(const unsigned char *s, size_t a, size_t i, char low[WORD_MAX])
{
	size_t n = 0;
	for (size_t k = a; k < i; k++) {
		unsigned char c = s[k];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			if (n && low[n - 1] == ' ')
				continue;
			c = ' ';
		}
		if (n == WORD_MAX - 1)
			return 0;
		low[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	return n;
}

/* Flags of the word of letters at s[i], 0 when it is in no list; *lower says whether it is all
 * lower case. */
unsigned flags_of_word_at(const unsigned char *s, size_t i, size_t n, bool *lower)
{
	char low[WORD_MAX];
	size_t k = 0;
	*lower = true;
	while (i + k < n && k < WORD_MAX && is_alpha(s[i + k])) {
		if (s[i + k] < 'a')
			*lower = false;
		low[k] = (char)(s[i + k] | 0x20);
		k++;
	}
	if (k == 0 || k == WORD_MAX)
		return 0;
	return word_flags(low, k);
}
