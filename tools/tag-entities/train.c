/* The trainer and the CoNLL-2003 reader: `tag-entities --train` and `--conll`. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "gazetteer.h"
#include "tagger.h"

int model_save(const struct model *m, const char *path);

struct corpus {
	char *text;
	struct tok *toks;
	uint8_t *gold;
	gazmask *gaz;
	size_t ntok;
	size_t *sent; /* first token of each sentence; sent[nsent] == ntok */
	size_t nsent;
	size_t *doc; /* first sentence of each document; doc[ndoc] == nsent */
	size_t ndoc;
};

static int tag_from_name(const char *s)
{
	if (!strcmp(s, "O"))
		return TAG_O;
	if ((s[0] != 'B' && s[0] != 'I') || s[1] != '-')
		return -1;
	for (int t = 0; t < NTYPES; t++)
		if (!strcmp(s + 2, name_type_names[t]))
			return s[0] == 'B' ? TAG_B(t) : TAG_I(t);
	return -1;
}

static void tag_name(int g, char *out)
{
	if (g == TAG_O)
		strcpy(out, "O");
	else
		sprintf(out, "%c-%s", TAG_IS_B(g) ? 'B' : 'I', name_type_names[TAG_TYPE(g)]);
}

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap * 2 : 1024;
	while (c < need)
		c *= 2;
	void *q = realloc(p, c * size);
	if (q)
		*cap = c;
	return q;
}

/* ptr grows to room for need items, or the function goes to its label oom (ptr kept, to free). */
#define GROW(ptr, cap, need)                                                   \
	do {                                                                   \
		void *grown_ = grow((ptr), (cap), (need), sizeof *(ptr));       \
		if (!grown_)                                                   \
			goto oom;                                              \
		(ptr) = grown_;                                                \
	} while (0)

static void corpus_free(struct corpus *c)
{
	free(c->text);
	free(c->toks);
	free(c->gold);
	free(c->gaz);
	free(c->sent);
	free(c->doc);
}

/* Reads a CoNLL-2003 file: "word POS chunk NER" lines, blank lines between sentences,
 * -DOCSTART- between documents. IOB1 tags are read as IOB2. */
static int corpus_read(struct corpus *c, const char *path, const struct gazetteer *gz)
{
	memset(c, 0, sizeof *c);
	FILE *f = fopen(path, "r");
	if (!f) {
		msg_at(path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	size_t cap = 0, len = 0, n;
	char chunk[65536];
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		GROW(c->text, &cap, len + n + 1);
		memcpy(c->text + len, chunk, n);
		len += n;
	}
	fclose(f);
	if (!c->text)
		GROW(c->text, &cap, 1);
	c->text[len] = '\0';
	size_t tcap = 0, gcap = 0, scap = 0, dcap = 0;
	size_t lineno = 0, sent_first = 0;
	bool in_doc = false;
	char *p = c->text;
	while (*p) {
		char *line = p, *nl = strchr(p, '\n');
		if (nl) {
			*nl = '\0';
			p = nl + 1;
		} else {
			p += strlen(p);
		}
		lineno++;
		size_t ll = strlen(line);
		if (ll && line[ll - 1] == '\r')
			line[--ll] = '\0';
		bool blank = ll == 0;
		bool docstart = !strncmp(line, "-DOCSTART-", 10);
		if (blank || docstart) {
			if (c->ntok > sent_first) {
				if (!in_doc) {
					GROW(c->doc, &dcap, c->ndoc + 2);
					c->doc[c->ndoc++] = c->nsent;
					in_doc = true;
				}
				GROW(c->sent, &scap, c->nsent + 2);
				c->sent[c->nsent++] = sent_first;
				sent_first = c->ntok;
			}
			if (docstart)
				in_doc = false;
			continue;
		}
		char *sp = strchr(line, ' '), *last = strrchr(line, ' ');
		if (!sp) {
			msg_at(path, lineno, "expected 'word POS chunk NER'");
			return -1;
		}
		*sp = '\0';
		int g = tag_from_name(last + 1);
		if (g < 0) {
			msg_at(path, lineno, "unknown tag '%s'", last + 1);
			return -1;
		}
		/* IOB1: an I- that starts a name is a B- */
		if (g && !TAG_IS_B(g)) {
			int prev = c->ntok > sent_first ? c->gold[c->ntok - 1] : TAG_O;
			if (prev != g && prev != g - 1)
				g = g - 1;
		}
		GROW(c->toks, &tcap, c->ntok + 1);
		GROW(c->gold, &gcap, c->ntok + 1);
		c->toks[c->ntok] = (struct tok){line, (size_t)(sp - line)};
		c->gold[c->ntok++] = (uint8_t)g;
	}
	if (c->ntok > sent_first) {
		if (!in_doc) {
			GROW(c->doc, &dcap, c->ndoc + 2);
			c->doc[c->ndoc++] = c->nsent;
		}
		GROW(c->sent, &scap, c->nsent + 2);
		c->sent[c->nsent++] = sent_first;
	}
	GROW(c->sent, &scap, c->nsent + 1);
	c->sent[c->nsent] = c->ntok;
	GROW(c->doc, &dcap, c->ndoc + 1);
	c->doc[c->ndoc] = c->nsent;
	c->gaz = calloc(c->ntok ? c->ntok : 1, sizeof *c->gaz);
	if (!c->gaz) {
		msg("out of memory");
		return -1;
	}
	if (gz) {
		struct gaz_sent gs = {0};
		for (size_t s = 0; s < c->nsent; s++) {
			if (gaz_prepare(&gs, c->toks + c->sent[s], c->sent[s + 1] - c->sent[s]) < 0) {
				msg("out of memory");
				return -1;
			}
			gaz_mark(gz, &gs, c->gaz + c->sent[s]);
		}
		gaz_sent_free(&gs);
	}
	return 0;
oom:
	msg("out of memory");
	return -1;
}

/* Tags the whole corpus into pred. Returns 0, or -1 after the message (out of memory). */
static int corpus_tag(const struct corpus *c, const struct model *m, const struct clusters *cl,
		       uint8_t *pred)
{
	struct tagger_ws ws = {0};
	struct history *h = calloc(1, sizeof *h);
	int rc = h ? 0 : -1;
	for (size_t d = 0; d < c->ndoc && rc == 0; d++) {
		history_clear(h);
		for (size_t s = c->doc[d]; s < c->doc[d + 1] && rc == 0; s++) {
			size_t a = c->sent[s], b = c->sent[s + 1];
			rc = tag_sentence(m, cl, &ws, c->toks + a, b - a, c->gaz + a, h, pred + a) < 0 ? -1 : 0;
		}
	}
	if (rc < 0)
		msg("out of memory");
	free(h);
	tagger_ws_free(&ws);
	return rc;
}

struct span_counts {
	long gold[NTYPES], pred[NTYPES], hit[NTYPES];
};

/* The end (exclusive) of the name that starts at i in tags, within [i, end). */
static size_t span_end(const uint8_t *tags, size_t i, size_t end)
{
	int t = TAG_TYPE(tags[i]);
	size_t j = i + 1;
	while (j < end && tags[j] == TAG_I(t))
		j++;
	return j;
}

static bool starts_name(const uint8_t *tags, size_t i, size_t first)
{
	if (!tags[i])
		return false;
	if (TAG_IS_B(tags[i]) || i == first)
		return true;
	return tags[i - 1] != tags[i] && tags[i - 1] != tags[i] - 1;
}

/* conlleval's exact-span scoring. */
static double corpus_f1(const struct corpus *c, const uint8_t *pred, struct span_counts *sc)
{
	memset(sc, 0, sizeof *sc);
	for (size_t s = 0; s < c->nsent; s++) {
		size_t a = c->sent[s], b = c->sent[s + 1];
		for (size_t i = a; i < b; i++) {
			bool gs = starts_name(c->gold, i, a), ps = starts_name(pred, i, a);
			size_t ge = 0, pe = 0;
			if (gs) {
				ge = span_end(c->gold, i, b);
				sc->gold[TAG_TYPE(c->gold[i])]++;
			}
			if (ps) {
				pe = span_end(pred, i, b);
				sc->pred[TAG_TYPE(pred[i])]++;
			}
			if (gs && ps && ge == pe && TAG_TYPE(c->gold[i]) == TAG_TYPE(pred[i]))
				sc->hit[TAG_TYPE(pred[i])]++;
		}
	}
	long g = 0, p = 0, h = 0;
	for (int t = 0; t < NTYPES; t++) {
		g += sc->gold[t];
		p += sc->pred[t];
		h += sc->hit[t];
	}
	return p + g ? 2.0 * h / (double)(p + g) : 0;
}

static uint64_t rng_state = 0x2545F4914F6CDD1DULL;
static uint64_t rng_next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Averages the weights and rounds them to int16 into out; returns the scale. */
static float quantise(const int32_t *w, const int64_t *wa, long c, size_t cells, int16_t *out)
{
	double top = 0;
	for (size_t i = 0; i < cells; i++) {
		double v = fabs(w[i] - (double)wa[i] / (double)c);
		if (v > top)
			top = v;
	}
	double scale = top > 0 ? 32000.0 / top : 1;
	for (size_t i = 0; i < cells; i++) {
		double v = (w[i] - (double)wa[i] / (double)c) * scale;
		out[i] = (int16_t)lrint(v);
	}
	return (float)scale;
}

int train_model(const char *train_path, const char *dev_path, const char *model_path,
		int max_epochs, const struct clusters *cl, const struct gazetteer *gz)
{
	struct corpus tr, dev;
	if (corpus_read(&tr, train_path, gz) < 0 || corpus_read(&dev, dev_path, gz) < 0)
		return EXIT_FAIL;
	fprintf(stderr, "tag-entities: train: %zu documents, %zu sentences, %zu tokens\n",
		tr.ndoc, tr.nsent, tr.ntok);
	const unsigned bits = MODEL_BITS;
	const size_t cells = ((size_t)1 << bits) * NTAGS;
	const uint32_t mask = (1u << bits) - 1;
	int32_t *w = calloc(cells, sizeof *w);
	int64_t *wa = calloc(cells, sizeof *wa);
	int16_t *cur = malloc(cells * sizeof *cur), *best = malloc(cells * sizeof *best);
	uint8_t *pred = malloc(dev.ntok + 1);
	size_t *order = malloc(tr.ndoc * sizeof *order);
	struct history *h = calloc(1, sizeof *h);
	if (!w || !wa || !cur || !best || !pred || !order || !h) {
		msg("out of memory");
		return EXIT_FAIL;
	}
	struct tagger_ws ws = {0};
	uint8_t *guess = NULL;
	size_t pred_cap = 0;
	long c = 1;
	double best_f1 = -1;
	float best_scale = 1;
	int best_epoch = 0;
	for (size_t d = 0; d < tr.ndoc; d++)
		order[d] = d;
	for (int epoch = 1; epoch <= max_epochs; epoch++) {
		for (size_t d = tr.ndoc; d > 1; d--) {
			size_t j = (size_t)(rng_next() % d), t = order[d - 1];
			order[d - 1] = order[j];
			order[j] = t;
		}
		long errors = 0;
		for (size_t di = 0; di < tr.ndoc; di++) {
			size_t d = order[di];
			history_clear(h);
			for (size_t s = tr.doc[d]; s < tr.doc[d + 1]; s++) {
				size_t a = tr.sent[s], n = tr.sent[s + 1] - a;
				if (tagger_prepare(&ws, cl, tr.toks + a, n) < 0) {
					msg("out of memory");
					return EXIT_FAIL;
				}
				struct weights wt = {.w32 = w, .mask = mask};
				if (n > pred_cap) {
					pred_cap = 2 * n;
					guess = realloc(guess, pred_cap);
				}
				if (!guess || beam_decode(&wt, &ws, n, tr.gaz + a, h, false, guess) < 0) {
					msg("out of memory");
					return EXIT_FAIL;
				}
				const uint8_t *gold = tr.gold + a;
				if (memcmp(gold, guess, n)) {
					errors++;
					/* the structured perceptron: the gold path's features up, the guess's down */
					for (size_t i = 0; i < n; i++) {
						int gp = i ? gold[i - 1] : TAG_O, gp2 = i > 1 ? gold[i - 2] : TAG_O;
						int pp = i ? guess[i - 1] : TAG_O, pp2 = i > 1 ? guess[i - 2] : TAG_O;
						if (gold[i] == guess[i] && gp == pp && gp2 == pp2)
							continue;
						uint32_t f[MAX_FEATS];
						size_t k = static_features(&ws, n, i, tr.gaz + a, mask, f);
						k += history_features(&ws, i, h, mask, f + k);
						size_t kg = dynamic_features(&ws, i, gp, gp2, mask, f + k);
						for (size_t q = 0; q < k + kg; q++) {
							size_t cell = (size_t)f[q] * NTAGS + gold[i];
							w[cell]++;
							wa[cell] += c;
						}
						size_t kp = dynamic_features(&ws, i, pp, pp2, mask, f + k);
						for (size_t q = 0; q < k + kp; q++) {
							size_t cell = (size_t)f[q] * NTAGS + guess[i];
							w[cell]--;
							wa[cell] -= c;
						}
					}
				}
				c++;
				for (size_t i = 0; i < n; i++)
					history_note(h, &ws, i, guess[i]);
			}
		}
		struct model m = {.bits = bits, .mask = mask, .w = cur};
		m.scale = quantise(w, wa, c, cells, cur);
		if (corpus_tag(&dev, &m, cl, pred) < 0) {
			best_epoch = -1;
			break;
		}
		struct span_counts sc;
		double f1 = corpus_f1(&dev, pred, &sc);
		fprintf(stderr, "tag-entities: epoch %d: %ld sentences wrong, dev F1 %.4f\n", epoch,
			errors, f1);
		if (f1 > best_f1) {
			best_f1 = f1;
			best_epoch = epoch;
			best_scale = m.scale;
			memcpy(best, cur, cells * sizeof *best);
		}
	}
	int status = EXIT_OK;
	struct model m = {.bits = bits, .mask = mask, .w = best, .scale = best_scale};
	if (best_epoch < 0)
		status = EXIT_FAIL; /* out of memory, said */
	else
		fprintf(stderr, "tag-entities: kept epoch %d (dev F1 %.4f)\n", best_epoch, best_f1);
	if (status == EXIT_OK && model_save(&m, model_path) < 0) {
		msg_at(model_path, 0, "cannot write: %s", strerror(errno));
		status = EXIT_FAIL;
	}
	tagger_ws_free(&ws);
	free(guess);
	free(w);
	free(wa);
	free(cur);
	free(best);
	free(pred);
	free(order);
	free(h);
	corpus_free(&tr);
	corpus_free(&dev);
	return status;
}

int conll_predict(const char *path, const struct model *m, const struct clusters *cl,
		  const struct gazetteer *gz)
{
	struct corpus c;
	if (corpus_read(&c, path, gz) < 0)
		return EXIT_FAIL;
	uint8_t *pred = malloc(c.ntok + 1);
	if (!pred) {
		msg("out of memory");
		return EXIT_FAIL;
	}
	if (corpus_tag(&c, m, cl, pred) < 0) {
		free(pred);
		corpus_free(&c);
		return EXIT_FAIL;
	}
	char g[16], p[16];
	for (size_t s = 0; s < c.nsent; s++) {
		for (size_t i = c.sent[s]; i < c.sent[s + 1]; i++) {
			tag_name(c.gold[i], g);
			tag_name(pred[i], p);
			printf("%.*s %s %s\n", (int)c.toks[i].len, c.toks[i].s, g, p);
		}
		putchar('\n');
	}
	free(pred);
	corpus_free(&c);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}
