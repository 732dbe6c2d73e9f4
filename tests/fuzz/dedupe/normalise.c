/* Fuzz target: dedupe's key normalisation, shingling and sketches (sketch.c) and its in-memory
 * index (memindex.c, probetab.c). The first byte picks the parameters (mode, shingle, number
 * weight, bands, bits), the rest is the key, repaired to valid UTF-8 as the TSV reader does.
 * Properties checked, not only crashes:
 * - a sketch is deterministic, and its counts stay within their arrays;
 * - a copy with the same normalised words (ASCII letters in upper case, blanks changed, quotes
 *   and dashes around it) has the same exact key, size, figures, signature and keys: its
 *   similarity is 1, and its figures do not conflict;
 * - the similarity of two keys is in [0, 1] and symmetric; a key's figures never conflict with
 *   its own;
 * - an index holding the key finds it again by its exact key and by every band key;
 * - a sketch written as dedupe --sketch writes it (phases.c) reads back the same, with the
 *   scheme it was made with only; and the input itself read as a sketched field is refused or
 *   is exactly what writing it back gives (a hostile file of a phase is no crash). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dedupe.h"
#include "utf8.h"

static struct sketch_params params_of(uint8_t b)
{
	static const struct {
		int bands, rows;
	} bands[4] = {{42, 3}, {64, 2}, {1, 128}, {16, 8}};
	struct sketch_params p = {
		.mode = b % 3 == 0 ? MODE_MINHASH : b % 3 == 1 ? MODE_EXACT : MODE_SIMHASH,
		.shingle = 1 + (b >> 2) % 4 * 5 % 16, /* 1, 6, 11, 16 */
		.number_weight = 1 + (b >> 4) % 2 * 63,
		.bands = bands[(b >> 5) % 4].bands,
		.rows = bands[(b >> 5) % 4].rows,
		.bits = (b >> 7) ? 31 : 3,
		.contain = (b >> 3) % 2 ? CONTAIN_KEYS : 0, /* --containment 0, or not */
	};
	if (p.shingle > 16)
		p.shingle = 16;
	return p;
}

static void check_bounds(const struct sketch *sk)
{
	if (sk->nkeys < 0 || sk->nkeys > MAX_KEYS || sk->nfigures < 0 || sk->nfigures > MAX_FIGURES)
		abort();
	if (!sk->empty && (sk->nkeys < 1 || sk->size < 1))
		abort();
	for (int i = 0; i < sk->nkeys; i++)
		if (!(sk->keys[i] & 1)) /* keys are odd: never 0, the free slot */
			abort();
}

static bool same_sketch(const struct sketch *a, const struct sketch *b)
{
	if (a->empty != b->empty)
		return false;
	if (a->empty)
		return true;
	return a->exact == b->exact && a->size == b->size && a->has_sig == b->has_sig &&
	       (!a->has_sig || !memcmp(a->sig, b->sig, sizeof a->sig)) && a->nfigures == b->nfigures &&
	       !memcmp(a->figures, b->figures, (size_t)a->nfigures * sizeof *a->figures) &&
	       a->simhash == b->simhash && a->nkeys == b->nkeys &&
	       !memcmp(a->keys, b->keys, (size_t)a->nkeys * sizeof *a->keys);
}

/* The same words: ASCII letters in upper case, each blank a tab, dashes and quotes around. */
static int same_words(const char *s, size_t n, struct buf *out)
{
	static const char before[] = "\xe2\x80\x94 \xe2\x80\x9c", after[] = " \xe2\x80\x9d!";
	if (buf_append(out, before, sizeof before - 1) < 0) /* em dash, space, left quote */
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		else if (c == ' ')
			c = '\t';
		if (buf_putc(out, c) < 0)
			return -1;
	}
	return buf_append(out, after, sizeof after - 1); /* space, right quote, ! */
}

struct found {
	bool hit;
};

static int note_hit(void *arg, const struct rep_view *v)
{
	struct found *f = arg;
	if (v->ref == 0 && v->idlen == 1 && v->id[0] == 'a')
		f->hit = true;
	return 0;
}

static void round_trip(const struct sketch *a, const struct sketch_params *p, const char *raw, size_t n)
{
	struct buf b = {0};
	struct sketch *back = malloc(sizeof *back), want = *a;
	bool other;
	uint32_t scheme = phase_scheme_tag(p);
	bool want_sig = p->mode == MODE_MINHASH;
	if (!back || sketch_format(&b, a, scheme) < 0)
		abort();
	want.exact = a->empty ? a->exact : a->keys[0]; /* what a phase needs: the filed exact key */
	if (sketch_parse(b.p, b.len, scheme, want_sig, back, &other) < 0 || (!a->empty && !same_sketch(&want, back)) ||
	    back->empty != a->empty)
		abort();
	if (sketch_parse(b.p, b.len, scheme ^ 1, want_sig, back, &other) == 0 || !other)
		abort();
	if (sketch_parse(raw, n, scheme, want_sig, back, &other) == 0) {
		buf_clear(&b);
		if (sketch_format(&b, back, scheme) < 0 || b.len != n || memcmp(b.p, raw, n))
			abort();
	}
	buf_free(&b);
	free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct sketch_params p = params_of(data[0]);
	struct buf text = {0}, copy = {0};
	struct sketcher k = {.p = p};
	struct sketch *sk = malloc(4 * sizeof *sk);
	if (!sk || utf8_repair((const char *)data + 1, size - 1, &text) < 0)
		abort();
	const char *s = text.p ? text.p : "";
	size_t n = text.len;
	struct sketch *a = &sk[0], *again = &sk[1], *b = &sk[2], *c = &sk[3];
	if (sketch_key(&k, s, n, 0, a) < 0 || sketch_key(&k, s, n, 0, again) < 0)
		abort();
	check_bounds(a);
	if (!same_sketch(a, again))
		abort();
	round_trip(a, &p, s, n);
	if (same_words(s, n, &copy) < 0 || sketch_key(&k, copy.p, copy.len, 0, b) < 0)
		abort();
	if (!same_sketch(a, b))
		abort();
	if (!a->empty) {
		if (a->has_sig && sig_similarity(a->sig, b->sig) != 1)
			abort();
		if (figures_conflict(a->figures, a->nfigures, b->figures, b->nfigures))
			abort();
	}
	/* the second half as another key, and the first under another --by group */
	size_t half = n / 2;
	while (half < n && ((unsigned char)s[half] & 0xc0) == 0x80)
		half++;
	if (sketch_key(&k, s + half, n - half, 0, c) < 0)
		abort();
	check_bounds(c);
	if (a->has_sig && c->has_sig) {
		double ac = sig_similarity(a->sig, c->sig), ca = sig_similarity(c->sig, a->sig);
		if (!(ac >= 0 && ac <= 1) || ac != ca)
			abort();
	}
	(void)figures_conflict(a->figures, a->nfigures, c->figures, c->nfigures);
	if (sketch_key(&k, s, n, 0x6279, b) < 0)
		abort();
	if (!a->empty && b->keys[0] == a->keys[0])
		abort(); /* the --by salt separates groups */
	/* an index holding a finds it by each of its keys */
	if (!a->empty) {
		struct memindex *m = memindex_new(p.mode == MODE_MINHASH, (size_t)1 << 20);
		if (!m || memindex_add(m, "a", 1, a) < 0 || memindex_add(m, "c", 1, c) < 0)
			abort();
		for (int i = 0; i < a->nkeys; i++) {
			struct found f = {false};
			if (memindex_each(m, a->keys[i], i == 0, 16, note_hit, &f) < 0)
				abort();
			if (!f.hit)
				abort();
		}
		memindex_free(m);
	}
	char scheme[128];
	sketch_scheme(&p, scheme, sizeof scheme);
	buf_free(&text);
	buf_free(&copy);
	buf_free(&k.fold);
	free(sk);
	return 0;
}
