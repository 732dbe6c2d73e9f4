/* Fuzz target: segment's boundary rules (rules.c, lines.c, words.c) on the input as one
 * document's text. rules.c hands each sentence, trimmed, to the document's callback, which in
 * segment writes it as a row; here the callback checks what every row must hold instead: a <= b within the text, sentences in order
 * and not overlapping, no non-blank byte left out of all of them, and (for text as the reader
 * hands it, repaired to valid UTF-8) every sentence valid UTF-8, so never cut inside a
 * character. The raw input, when it is not valid UTF-8, is segmented too, for the bounds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "segment.h"
#include "utf8.h"

static size_t prev_end; /* where the last sentence ended, white space trimmed */
static bool check_utf8;

static void fail(const char *what, size_t a, size_t b)
{
	fprintf(stderr, "segment fuzz: %s: [%zu, %zu)\n", what, a, b);
	abort();
}

/* Fails unless s[a..b) is all white space: nothing between sentences is lost. */
static void check_blank(const unsigned char *s, size_t a, size_t b)
{
	size_t k;
	for (size_t i = a; i < b; i += k)
		if (!(k = space_at(s, i, b)))
			fail("a non-blank byte in no sentence", i, b);
}

static void check_sentence(void *ctx, struct doc *d, size_t a, size_t b)
{
	(void)ctx;
	if (a >= b)
		fail("a sentence ends before it starts", a, b);
	if (b > d->n)
		fail("a sentence ends after the text", a, b);
	if (a < prev_end)
		fail("a sentence overlaps the one before", a, b);
	check_blank(d->s, prev_end, a);
	if (check_utf8 && utf8_valid_prefix((const char *)d->s + a, b - a) != b - a)
		fail("a sentence is not valid UTF-8", a, b);
	prev_end = b;
}

/* Segments s[0..n) from a copy of exactly n bytes, so that a read past the end is seen. */
static void segment_copy(const char *s, size_t n, bool valid)
{
	unsigned char *text = malloc(n ? n : 1);
	if (!text)
		abort();
	memcpy(text, s, n);
	struct doc d = {
		.s = text,
		.n = n,
		.sentence = check_sentence,
		.mode = WRAP_NONE,
		.new_para = true,
		.lower_style = -1,
	};
	prev_end = 0;
	check_utf8 = valid;
	segment_text(&d);
	check_blank(text, prev_end, n);
	free(text);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	msg_init((*argv)[0]);
	if (load_lists() < 0)
		exit(1);
	segment_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct buf fixed = {0};
	long replaced = utf8_repair(s, size, &fixed);
	if (replaced < 0)
		abort();
	if (replaced > 0)
		segment_copy(s, size, false);
	segment_copy(fixed.p ? fixed.p : "", fixed.len, true);
	buf_free(&fixed);
	return 0;
}
