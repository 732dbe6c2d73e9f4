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

static int corpus_read_into(struct corpus *c, const char *path, const struct gazetteer *gz);

/* Reads a CoNLL-2003 file: "word POS chunk NER" lines, blank lines between sentences,
 * -DOCSTART- between documents. IOB1 tags are read as IOB2. Returns 0, or -1 after the
 * message, c freed. */
static int corpus_read(struct corpus *c, const char *path, const struct gazetteer *gz)
{
	int rc = corpus_read_into(c, path, gz);
	if (rc < 0)
		corpus_free(c);
	return rc;
}

static int corpus_read_into(struct corpus *c, const char *path, const struct gazetteer *gz)
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

/* Adds the names of one sentence to sc, as conlleval counts them (exact spans). */
static void span_count(const uint8_t *gold, const uint8_t *pred, size_t n, struct span_counts *sc)
{
	for (size_t i = 0; i < n; i++) {
		bool gs = starts_name(gold, i, 0), ps = starts_name(pred, i, 0);
		size_t ge = 0, pe = 0;
		if (gs) {
			ge = span_end(gold, i, n);
			sc->gold[TAG_TYPE(gold[i])]++;
		}
		if (ps) {
			pe = span_end(pred, i, n);
			sc->pred[TAG_TYPE(pred[i])]++;
		}
		if (gs && ps && ge == pe && TAG_TYPE(gold[i]) == TAG_TYPE(pred[i]))
			sc->hit[TAG_TYPE(pred[i])]++;
	}
}

#define RNG_SEED 0x2545F4914F6CDD1DULL

static uint64_t rng_next(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* Rounds summed weights to int16 into out; returns the scale (int16 units of one update). */
static float quantise(const float *sum, size_t cells, int16_t *out)
{
	double top = 0;
	for (size_t i = 0; i < cells; i++)
		if (fabs(sum[i]) > top)
			top = fabs(sum[i]);
	double scale = top > 0 ? 32000.0 / top : 1;
	for (size_t i = 0; i < cells; i++)
		out[i] = (int16_t)lrint(sum[i] * scale);
	return (float)scale;
}

/* The trainer's state: the weights, their running sums for the average, and its buffers. */
struct trainer {
	int32_t *w;
	int64_t *wa;
	long c; /* updates so far, plus one: the averaging clock */
	size_t *order;
	struct history *h;
	struct tagger_ws ws;
	uint8_t *guess;
	size_t guess_cap;
	size_t cells;
	uint32_t mask;
	uint64_t rng; /* the order of the documents in each epoch */
};

static bool held_out(size_t doc, size_t fold, size_t nfolds)
{
	return nfolds > 1 && doc % nfolds == fold;
}

/* One epoch of the structured perceptron over the documents of tr not held out, in a fresh
 * order. Returns the sentences it got wrong, or -1 when out of memory. */
static long train_epoch(struct trainer *t, const struct corpus *tr, const struct clusters *cl,
			size_t fold, size_t nfolds)
{
	for (size_t d = tr->ndoc; d > 1; d--) {
		size_t j = (size_t)(rng_next(&t->rng) % d), x = t->order[d - 1];
		t->order[d - 1] = t->order[j];
		t->order[j] = x;
	}
	long errors = 0;
	struct weights wt = {.w32 = t->w, .mask = t->mask};
	for (size_t di = 0; di < tr->ndoc; di++) {
		size_t d = t->order[di];
		if (held_out(d, fold, nfolds))
			continue;
		history_clear(t->h);
		for (size_t s = tr->doc[d]; s < tr->doc[d + 1]; s++) {
			size_t a = tr->sent[s], n = tr->sent[s + 1] - a;
			if (tagger_prepare(&t->ws, cl, tr->toks + a, n) < 0)
				return -1;
			if (n > t->guess_cap) {
				uint8_t *g = realloc(t->guess, 2 * n);
				if (!g)
					return -1;
				t->guess = g;
				t->guess_cap = 2 * n;
			}
			uint8_t *guess = t->guess;
			if (beam_decode(&wt, &t->ws, n, tr->gaz + a, t->h, false, guess) < 0)
				return -1;
			const uint8_t *gold = tr->gold + a;
			if (memcmp(gold, guess, n)) {
				errors++;
				/* the structured perceptron: the gold path's features up, the guess's down */
				for (size_t i = 0; i < n; i++) {
					int gp = i ? gold[i - 1] : TAG_O, gp2 = i > 1 ? gold[i - 2] : TAG_O;
					int pp = i ? guess[i - 1] : TAG_O, pp2 = i > 1 ? guess[i - 2] : TAG_O;
					if (gold[i] == guess[i] && gp == pp && gp2 == pp2)
						continue;
					uint32_t f[MAX_FEATS];
					size_t k = static_features(&t->ws, n, i, tr->gaz + a, t->mask, f);
					k += history_features(&t->ws, i, t->h, t->mask, f + k);
					size_t kg = dynamic_features(&t->ws, i, gp, gp2, t->mask, f + k);
					for (size_t q = 0; q < k + kg; q++) {
						size_t cell = (size_t)f[q] * NTAGS + gold[i];
						t->w[cell]++;
						t->wa[cell] += t->c;
					}
					size_t kp = dynamic_features(&t->ws, i, pp, pp2, t->mask, f + k);
					for (size_t q = 0; q < k + kp; q++) {
						size_t cell = (size_t)f[q] * NTAGS + guess[i];
						t->w[cell]--;
						t->wa[cell] -= t->c;
					}
				}
			}
			t->c++;
			for (size_t i = 0; i < n; i++)
				history_note(t->h, &t->ws, i, guess[i]);
		}
	}
	return errors;
}

/* Tags the documents of c held out in this fold with m and adds their spans to sc.
 * Returns 0, or -1 when out of memory. */
static int score_fold(const struct corpus *c, const struct model *m, const struct clusters *cl,
		      size_t fold, size_t nfolds, uint8_t *pred, struct span_counts *sc)
{
	struct tagger_ws ws = {0};
	struct history *h = calloc(1, sizeof *h);
	int rc = h ? 0 : -1;
	for (size_t d = 0; d < c->ndoc && rc == 0; d++) {
		if (!held_out(d, fold, nfolds))
			continue;
		history_clear(h);
		for (size_t s = c->doc[d]; s < c->doc[d + 1] && rc == 0; s++) {
			size_t a = c->sent[s], b = c->sent[s + 1];
			if (tag_sentence(m, cl, &ws, c->toks + a, b - a, c->gaz + a, h, pred + a) < 0)
				rc = -1;
			else
				span_count(c->gold + a, pred + a, b - a, sc);
		}
	}
	free(h);
	tagger_ws_free(&ws);
	return rc;
}

/* F1 of the names of one type, or of all when type is NTYPES. */
static double span_f1(const struct span_counts *sc, int type)
{
	long g = 0, p = 0, h = 0;
	for (int t = 0; t < NTYPES; t++) {
		if (type != NTYPES && t != type)
			continue;
		g += sc->gold[t];
		p += sc->pred[t];
		h += sc->hit[t];
	}
	return p + g ? 2.0 * h / (double)(p + g) : 0;
}

/* Adds the averaged weights of t to sum, divided by models. */
static void add_average(const struct trainer *t, int models, float *sum)
{
	double c = (double)t->c * models;
	for (size_t i = 0; i < t->cells; i++)
		sum[i] += (float)((t->w[i] * (double)t->c - (double)t->wa[i]) / c);
}

static void trainer_reset(struct trainer *t, const struct corpus *tr, int seed)
{
	memset(t->w, 0, t->cells * sizeof *t->w);
	memset(t->wa, 0, t->cells * sizeof *t->wa);
	t->c = 1;
	t->rng = RNG_SEED + (uint64_t)seed * 0x9E3779B97F4A7C15ULL;
	for (size_t d = 0; d < tr->ndoc; d++)
		t->order[d] = d;
}

static int trainer_init(struct trainer *t, const struct corpus *tr)
{
	*t = (struct trainer){.mask = (1u << MODEL_BITS) - 1, .cells = ((size_t)1 << MODEL_BITS) * NTAGS};
	t->w = malloc(t->cells * sizeof *t->w);
	t->wa = malloc(t->cells * sizeof *t->wa);
	t->order = malloc((tr->ndoc + 1) * sizeof *t->order);
	t->h = calloc(1, sizeof *t->h);
	return t->w && t->wa && t->order && t->h ? 0 : -1;
}

static void trainer_free(struct trainer *t)
{
	tagger_ws_free(&t->ws);
	free(t->guess);
	free(t->w);
	free(t->wa);
	free(t->order);
	free(t->h);
}

/* One more epoch for each of the models, their averages summed into one int16 model in cur. */
static int train_ensemble(struct trainer *t, int models, const struct corpus *tr,
			  const struct clusters *cl, size_t fold, size_t nfolds, float *sum,
			  int16_t *cur, struct model *m)
{
	memset(sum, 0, t[0].cells * sizeof *sum);
	for (int s = 0; s < models; s++) {
		if (train_epoch(&t[s], tr, cl, fold, nfolds) < 0)
			return -1;
		add_average(&t[s], models, sum);
	}
	*m = (struct model){.bits = MODEL_BITS, .mask = t[0].mask, .w = cur};
	m->scale = quantise(sum, t[0].cells, cur);
	return 0;
}

int train_model(const char *train_path, int nfolds, int models, const char *model_path,
		int max_epochs, const struct clusters *cl, const struct gazetteer *gz)
{
	struct corpus tr;
	if (corpus_read(&tr, train_path, gz) < 0)
		return EXIT_FAIL;
	fprintf(stderr, "tag-entities: train: %zu documents, %zu sentences, %zu tokens\n",
		tr.ndoc, tr.nsent, tr.ntok);
	struct trainer *t = calloc((size_t)models, sizeof *t);
	size_t cells = ((size_t)1 << MODEL_BITS) * NTAGS;
	float *sum = malloc(cells * sizeof *sum);
	int16_t *cur = malloc(cells * sizeof *cur);
	uint8_t *pred = malloc(tr.ntok + 1);
	struct span_counts *per_epoch = calloc((size_t)max_epochs, sizeof *per_epoch);
	int status = EXIT_FAIL;
	if (!t || !sum || !cur || !pred || !per_epoch)
		goto oom;
	for (int s = 0; s < models; s++)
		if (trainer_init(&t[s], &tr) < 0)
			goto oom;
	struct model m;
	/* the number of epochs is chosen by cross-validation on train: each fold of documents is
	 * tagged by a model trained on the others, the folds' spans pooled per epoch */
	for (int fold = 0; fold < nfolds && nfolds > 1; fold++) {
		for (int s = 0; s < models; s++)
			trainer_reset(&t[s], &tr, s);
		for (int epoch = 1; epoch <= max_epochs; epoch++) {
			if (train_ensemble(t, models, &tr, cl, (size_t)fold, (size_t)nfolds, sum, cur,
					   &m) < 0 ||
			    score_fold(&tr, &m, cl, (size_t)fold, (size_t)nfolds, pred,
				       &per_epoch[epoch - 1]) < 0)
				goto oom;
		}
		fprintf(stderr, "tag-entities: fold %d of %d trained\n", fold + 1, nfolds);
	}
	int best_epoch = max_epochs;
	double best_f1 = -1;
	for (int epoch = 1; epoch <= max_epochs && nfolds > 1; epoch++) {
		double f1 = span_f1(&per_epoch[epoch - 1], NTYPES);
		fprintf(stderr, "tag-entities: epoch %d: cross-validated F1 %.4f\n", epoch, f1);
		if (f1 > best_f1) {
			best_f1 = f1;
			best_epoch = epoch;
		}
	}
	/* the model shipped: all of train, for the epochs chosen */
	for (int s = 0; s < models; s++)
		trainer_reset(&t[s], &tr, s);
	for (int epoch = 1; epoch <= best_epoch; epoch++)
		if (train_ensemble(t, models, &tr, cl, 0, 1, sum, cur, &m) < 0)
			goto oom;
	if (nfolds > 1) {
		fprintf(stderr, "tag-entities: epoch %d, cross-validated F1 by type:", best_epoch);
		for (int ty = 0; ty < NTYPES; ty++)
			fprintf(stderr, " %s %.4f", name_type_names[ty],
				span_f1(&per_epoch[best_epoch - 1], ty));
		fputc('\n', stderr);
	}
	fprintf(stderr, "tag-entities: %d epochs on all of train", best_epoch);
	if (nfolds > 1)
		fprintf(stderr, " (cross-validated F1 %.4f)", best_f1);
	fputc('\n', stderr);
	status = EXIT_OK;
	if (model_save(&m, model_path) < 0) {
		msg_at(model_path, 0, "cannot write: %s", strerror(errno));
		status = EXIT_FAIL;
	}
	goto done;
oom:
	msg("out of memory");
done:
	for (int s = 0; t && s < models; s++)
		trainer_free(&t[s]);
	free(t);
	free(sum);
	free(cur);
	free(pred);
	free(per_epoch);
	corpus_free(&tr);
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
