/* Fuzz target: tag-entities on one sentence and on the sentences of one document. The input,
 * made valid UTF-8 without NUL as the row reader makes every field, is tagged three ways: as
 * one sentence, line by line as the sentences of one document (the resolver's and the
 * tagger's per-document state), and cut into small windows as a huge row is. The article's
 * date comes from the first bytes. Properties checked, not only crashes: every mention lies
 * within its text, on UTF-8 boundaries, not empty, of a known type; the mentions are sorted;
 * canonical names and ids lie within the mentions' text and are valid UTF-8.
 * The model and the data are loaded once (LLVMFuzzerInitialize) and freed at exit. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sentence.h"
#include "utf8.h"

static struct tagger_state st;

static void free_state(void)
{
	sentence_free(&st);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct tag_config cfg = {0};
	if (sentence_load(&st, &cfg, true) < 0 || sentence_load_patterns(&st, &cfg) < 0)
		abort(); /* the data is missing: set CROSSCHECK_DATA */
	atexit(free_state);
	return 0;
}

static bool boundary(const char *s, size_t len, size_t at)
{
	return at == len || ((unsigned char)s[at] & 0xC0) != 0x80;
}

static void check(const char *s, size_t len)
{
	const struct mentions *m = &st.m;
	for (size_t i = 0; i < m->n; i++) {
		const struct mention *x = &m->v[i];
		if (x->type >= NMT || x->start >= x->end || x->end > len)
			abort();
		if (!boundary(s, len, x->start) || !boundary(s, len, x->end))
			abort();
		if (i && (m->v[i - 1].start > x->start ||
			  (m->v[i - 1].start == x->start && m->v[i - 1].end > x->end)))
			abort();
		if (x->canon > m->text.len || x->canon_len > m->text.len - x->canon ||
		    x->id > m->text.len || x->id_len > m->text.len - x->id)
			abort();
		if (x->canon_len && utf8_valid_prefix(m->text.p + x->canon, x->canon_len) != x->canon_len)
			abort();
		if (x->type < MT_DATE && x->id_len < 16)
			abort();
	}
}

static void tag(const char *s, size_t len, const struct date *w)
{
	if (sentence_tag(&st, s, len, w) < 0)
		abort(); /* out of memory, or a pcre2 failure other than its limits */
	check(s, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text = {0};
	if (utf8_repair((const char *)data, size, &text) < 0)
		abort();
	const char *s = text.p ? text.p : "";
	size_t len = text.len;
	/* a date from the first bytes, none when the first is a multiple of 8 */
	struct date w = {0};
	if (size >= 3 && data[0] % 8) {
		w.year = 1990 + data[0] % 50;
		w.month = 1 + data[1] % 12;
		w.day = 1 + data[2] % 31;
		if (data[0] % 3 == 0) {
			w.hour = data[1] % 24;
			w.minute = data[2] % 60;
			w.has_time = true;
		}
	}

	/* one sentence */
	sentence_new_doc(&st);
	tag(s, len, &w);

	/* the lines as the sentences of one document */
	sentence_new_doc(&st);
	for (size_t at = 0; at <= len;) {
		const char *nl = memchr(s + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - s) : len;
		tag(s + at, end - at, &w);
		at = end + 1;
	}

	/* windows, as a row longer than TAG_WINDOW is cut */
	sentence_new_doc(&st);
	size_t max = 16 + (size ? data[size - 1] : 0) * 4;
	for (size_t at = 0; at < len;) {
		size_t end = sentence_window(s, len, at, max);
		if (end <= at || end > len || !boundary(s, len, end))
			abort();
		tag(s + at, end - at, &w);
		at = end;
	}
	sentence_new_doc(&st);
	buf_free(&text);
	return 0;
}
