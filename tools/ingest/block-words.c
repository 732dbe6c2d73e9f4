/* The words of the block scorer (blocks.c): the weights of class and id words
 * (data/ingest/html-classes.tsv), the phrases that open boilerplate
 * (data/ingest/html-headings.tsv), and what a byline or a name looks like. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "blocks.h"
#include "data.h"
#include "err.h"

#define CLASSES_FILE "ingest/html-classes.tsv"
#define HEADINGS_FILE "ingest/html-headings.tsv"

/* ---- class and id words */

#define WORD_MAX BLOCK_PHRASE_MAX

struct class_word {
	char word[WORD_MAX + 1];
	short weight;
};

static struct class_word *words;
static size_t nwords, words_cap;
static bool words_loaded;

static int add_word(void *ctx, char *line, size_t len, unsigned long lineno)
{
	(void)len;
	(void)lineno;
	bool *header = ctx;
	if (*header) {
		*header = false;
		return 0;
	}
	char *tab = strchr(line, '\t');
	if (!tab || tab - line > WORD_MAX || tab == line)
		return 0;
	*tab = '\0';
	if (array_grow((void **)&words, &words_cap, nwords + 1, sizeof *words, 128) < 0)
		return 1;
	struct class_word *w = &words[nwords++];
	for (size_t i = 0; line[i]; i++)
		w->word[i] = (char)(line[i] >= 'A' && line[i] <= 'Z' ? line[i] + 32 : line[i]);
	w->word[tab - line] = '\0';
	long v = strtol(tab + 1, NULL, 10);
	w->weight = (short)(v > 100 ? 100 : v < -100 ? -100 : v);
	return 0;
}

static struct block_phrase *phrases;
static size_t nphrases, phrases_cap;

static int add_phrase(void *ctx, char *line, size_t len, unsigned long lineno)
{
	(void)lineno;
	bool *header = ctx;
	if (*header) {
		*header = false;
		return 0;
	}
	char *tab = strchr(line, '\t');
	if (tab)
		*tab = '\0';
	len = strlen(line);
	if (!len || len > WORD_MAX)
		return 0;
	if (array_grow((void **)&phrases, &phrases_cap, nphrases + 1, sizeof *phrases, 32) < 0)
		return 1;
	memcpy(phrases[nphrases].text, line, len + 1);
	phrases[nphrases++].reach = !tab ? REACH_BLOCK : strcmp(tab + 1, "section") == 0 ? REACH_SECTION
				 : strcmp(tab + 1, "text") == 0  ? REACH_TEXT
								  : REACH_BLOCK;
	return 0;
}

static int by_word(const void *a, const void *b)
{
	return strcmp(((const struct class_word *)a)->word, ((const struct class_word *)b)->word);
}

void block_words_load(void)
{
	if (words_loaded)
		return;
	words_loaded = true;
	char path[PATH_MAX], err[PATH_MAX + 128];
	bool header = true;
	if (data_path(CLASSES_FILE, path, sizeof path) < 0 || data_lines(path, add_word, &header, err, sizeof err) < 0)
		msg_at(path, 0, "warning: cannot open data file: HTML blocks are scored without class words");
	if (nwords)
		qsort(words, nwords, sizeof *words, by_word);
	header = true;
	if (data_path(HEADINGS_FILE, path, sizeof path) < 0 || data_lines(path, add_phrase, &header, err, sizeof err) < 0)
		msg_at(path, 0, "warning: cannot open data file: no subheading opens boilerplate");
}

/* The phrase that a subheading's text (heading) or a block's text (!heading) starts with
 * ("Related stories", "3 Comments"; "We use cookies"), or NULL. */
const struct block_phrase *block_boilerplate_start(const char *text, bool heading)
{
	char lower[WORD_MAX + 1];
	while (*text && !((*text >= 'a' && *text <= 'z') || (*text >= 'A' && *text <= 'Z')))
		text++;
	size_t n = 0;
	for (; text[n] && n < WORD_MAX; n++)
		lower[n] = (char)(text[n] >= 'A' && text[n] <= 'Z' ? text[n] + 32 : text[n]);
	lower[n] = '\0';
	for (size_t i = 0; i < nphrases; i++)
		if ((phrases[i].reach == REACH_TEXT) != heading &&
		    strncmp(lower, phrases[i].text, strlen(phrases[i].text)) == 0) {
			char next = lower[strlen(phrases[i].text)]; /* a whole word: "comment" is not "commentary" */
			if (!(next >= 'a' && next <= 'z'))
				return &phrases[i];
		}
	return NULL;
}

void blocks_cleanup(void)
{
	free(phrases);
	phrases = NULL;
	nphrases = phrases_cap = 0;
	free(words);
	words = NULL;
	nwords = words_cap = 0;
	words_loaded = false;
}

/* The weight of one word (lower case, NUL-terminated): its own, else that of the longest word
 * of four letters or more it begins with. */
static int word_weight(char *w, size_t n)
{
	for (size_t k = n; k >= 4 || k == n; k--) {
		char keep = w[k];
		w[k] = '\0';
		struct class_word key, *hit;
		memcpy(key.word, w, k + 1);
		hit = bsearch(&key, words, nwords, sizeof *words, by_word);
		w[k] = keep;
		if (hit)
			return hit->weight;
		if (k == 0)
			break;
	}
	return 0;
}

/* The sum of the weights of the words of a class or id attribute. */
int block_attr_weight(const char *s)
{
	int sum = 0;
	char w[WORD_MAX + 1];
	while (s && *s) {
		while (*s && !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			s++;
		size_t n = 0;
		bool too_long = false;
		for (; (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9'); s++) {
			if (n < WORD_MAX)
				w[n++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
			else
				too_long = true;
		}
		if (n && !too_long) {
			w[n] = '\0';
			sum += word_weight(w, n);
			if (sum > 100 || sum < -100)
				return sum > 0 ? 100 : -100;
		}
	}
	return sum;
}

/* Whether s holds "author" or "byline", in any case. */
bool block_names_author(const char *s)
{
	for (; s && *s; s++)
		if (strncasecmp(s, "author", 6) == 0 || strncasecmp(s, "byline", 6) == 0)
			return true;
	return false;
}

static bool upper_start(const char *w)
{
	return (*w >= 'A' && *w <= 'Z') || (unsigned char)*w >= 0xC0;
}

/* The name of a "By NAME" line ("By Jane Doe and Li Wei, Staff reporters" is "Jane Doe, Li
 * Wei"; "by Jane Doe 2024-03-05" is "Jane Doe"), or false when it is not one. */
bool block_byline_name(const char *s, struct buf *out)
{
	if (strncmp(s, "By ", 3) != 0 && strncmp(s, "BY ", 3) != 0 && strncmp(s, "by ", 3) != 0)
		return false;
	size_t all = strlen(s);
	while (all && s[all - 1] == ' ')
		all--;
	if (all && strchr(".!?", s[all - 1]))
		return false; /* a sentence: "By Tuesday, the water had gone." */
	s += 3;
	while (*s == ' ')
		s++;
	char name[BLOCK_BYLINE_MAX + 1];
	size_t n = strcspn(s, ",|\xC2\xB7\n");
	if (n > BLOCK_BYLINE_MAX)
		return false;
	memcpy(name, s, n);
	name[n] = '\0';
	char *cut = strstr(name, " - ");
	if (cut)
		*cut = '\0';
	struct buf b = {0};
	int words = 0;
	bool ok = true;
	for (char *w = strtok(name, " "); w && ok; w = strtok(NULL, " ")) {
		if (strcmp(w, "and") == 0) {
			ok = buf_append(&b, ",", 1) == 0;
			continue;
		}
		if (!upper_start(w)) { /* "By Jane Doe on Monday", "By Jane Doe in Paris" */
			ok = words > 0 && (strcmp(w, "on") == 0 || strcmp(w, "in") == 0 || strcmp(w, "at") == 0 ||
					   strcmp(w, "for") == 0 || (*w >= '0' && *w <= '9')); /* "by X Y 2024-03-05" */
			break;
		}
		if (++words > 5) {
			ok = false;
			break;
		}
		ok = (b.len ? buf_putc(&b, ' ') : 0) == 0 && buf_append(&b, w, strlen(w)) == 0;
	}
	ok = ok && words > 0;
	if (ok)
		ok = buf_append(out, b.p, b.len) == 0;
	buf_free(&b);
	return ok;
}

/* Whether s is a name alone: one to four words, each capitalised, no digit or punctuation. */
bool block_is_name(const char *s)
{
	int words = 0;
	for (const char *w = s; *w; ) {
		if (!upper_start(w) || ++words > 4)
			return false;
		while (*w && *w != ' ') {
			if ((*w >= '0' && *w <= '9') || strchr(",.:;|()!?/@", *w))
				return false;
			w++;
		}
		while (*w == ' ')
			w++;
	}
	return words > 0;
}

