/* Fuzz target: extract-events on the sentences of one document. The input, made valid UTF-8
 * without NUL as the row reader makes every field, is read as lines: a sentence, then its
 * entities column, and so on. An entities line "~" is made from its sentence instead (each
 * capitalised word a PER, LOC, ORG or NORP mention, each number a DATE, TIME, DURATION or
 * QUANTITY one), so that the patterns see slots whatever the bytes. The document's events are
 * joined and written (to /dev/null). Properties checked, not only crashes: a malformed column
 * is refused without events; every event lies within its sentence, its strings within the
 * sentence's scratch; ids are what the mentions gave.
 * The data and patterns are loaded once (LLVMFuzzerInitialize) and freed at exit. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "events.h"
#include "out.h"
#include "utf8.h"

static struct lexicon lex;
static struct sentence st;
static struct doc *doc;

static void free_state(void)
{
	doc_free(doc);
	sentence_free(&st);
	lexicon_free(&lex);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (lexicon_load(&lex, NULL, 0) < 0) {
		fprintf(stderr, "%s\n", lex.err);
		abort(); /* the data is missing: set CROSSCHECK_DATA */
	}
	int fd = open("/dev/null", O_WRONLY);
	out_init(fd < 0 ? 1 : fd, false);
	struct doc_config cfg = {.max_events = 64, .coref_window = 5, .text_col = 0, .doc_col = -1,
				 .sent_col = -1, .published_col = 1, .url_col = -1};
	st.lex = &lex;
	if (!(doc = doc_new(&lex, &cfg)))
		abort();
	atexit(free_state);
	return 0;
}

/* Mentions made from the sentence: capitalised words and numbers. */
static void make_entities(const char *s, size_t len, struct buf *out)
{
	static const char *const names[] = {"PER", "LOC", "ORG", "NORP"};
	static const char *const nums[] = {"DATE", "TIME", "DURATION", "QUANTITY"};
	static const char *const values[] = {"2022-02-20", "T23:00+01:00", "PT1H45M", "100"};
	buf_clear(out);
	size_t k = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		bool upper = c >= 'A' && c <= 'Z', digit = c >= '0' && c <= '9';
		if (!upper && !digit) {
			i++;
			continue;
		}
		size_t e = i + 1;
		while (e < len && ((s[e] >= 'a' && s[e] <= 'z') || (s[e] >= '0' && s[e] <= '9')))
			e++;
		char head[64];
		int n = snprintf(head, sizeof head, "%s%s:", out->len ? ";" : "", upper ? names[k % 4] : nums[k % 4]);
		buf_append(out, head, (size_t)n);
		entity_escape(s + i, e - i, out);
		n = snprintf(head, sizeof head, "@%zu-%zu=", i, e);
		buf_append(out, head, (size_t)n);
		if (upper)
			entity_escape(s + i, e - i, out);
		else
			buf_append(out, values[k % 4], strlen(values[k % 4]));
		k++;
		i = e;
	}
}

static void check(const struct sentence *s)
{
	for (size_t i = 0; i < s->nev; i++) {
		const struct found_event *e = &s->ev[i];
		if (e->start > e->end || e->end > s->len)
			abort();
		const struct span sp[] = {e->a1.name, e->a1.id, e->a1.code, e->a2.name, e->a2.id,
					  e->a2.code, e->location, e->quantity, e->unit, e->condition,
					  e->date};
		for (size_t k = 0; k < sizeof sp / sizeof *sp; k++)
			if (sp[k].len && (sp[k].off > s->scratch.len || sp[k].len > s->scratch.len - sp[k].off))
				abort();
		if (e->cameo >= (int)lex.ncameo || (e->kind == PK_EVENT && e->cameo < 0))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text = {0}, made = {0};
	if (utf8_repair((const char *)data, size, &text) < 0)
		abort();
	const char *s = text.p ? text.p : "";
	size_t len = text.len;
	const char *published = size && data[0] % 2 ? "2022-02-21" : "";
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(s + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - s) : len;
		size_t next = end < len ? end + 1 : len;
		const char *ents = s + next;
		const char *nl2 = next < len ? memchr(s + next, '\n', len - next) : NULL;
		size_t eend = nl2 ? (size_t)(nl2 - s) : len;
		size_t elen = eend - next;
		if (elen == 1 && ents[0] == '~') {
			make_entities(s + at, end - at, &made);
			ents = made.p ? made.p : "";
			elen = made.len;
		}
		if (sentence_parse(&st, s + at, end - at, ents, elen, published) == 0) {
			if (sentence_events(&st) < 0)
				abort(); /* out of memory, or a pcre2 failure other than its limits */
			check(&st);
			char *fields[2] = {(char *)s + at, (char *)published};
			size_t lens[2] = {end - at, strlen(published)};
			if (doc_add(doc, fields, lens, 2, &st) < 0)
				abort();
		}
		at = eend < len ? eend + 1 : len;
	}
	doc_flush(doc);
	buf_free(&text);
	buf_free(&made);
	return 0;
}
