/* Word clusters for the tagger's features, from unlabelled news text: the exchange algorithm
 * (Kneser and Ney 1993; Martin, Liermann and Ney 1998) that moves each word to the class that
 * best predicts its neighbours under a class bigram model, run three times (64, 512 and 2048
 * classes) so that the features have a coarse, a fine and a finer grain, as prefixes of Brown
 * cluster paths do. Each word also gets the share of its uses inside a sentence written with a
 * capital (the tagger's case features).
 * `tag-entities --word-clusters OUT FILE...` reads the text column of TSV files. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "err.h"
#include "tagger.h"
#include "tokenize.h"
#include "tsv.h"

#define MIN_COUNT 4
#define FINEST_BITS 11 /* 2048 classes */
#define CASE_MIN_COUNT 3 /* uses inside a sentence for a share of capitals */
#define ITERATIONS 12
#define FTABLE (1u << 22)

struct vocab {
	char **word;
	uint32_t *count;
	uint32_t *mid, *capped; /* seen inside a sentence; of those, with a capital */
	size_t n, cap;
	uint64_t *keys; /* hash -> id + 1 */
	uint32_t *ids;
	size_t slots;
};

static uint64_t word_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return hash_mix64(h) | 1;
}

#define NO_ID UINT32_MAX /* vocab_id() out of memory */

/* The id of word s[0..n), added when new; NO_ID when out of memory. */
static uint32_t vocab_id(struct vocab *v, const char *s, size_t n)
{
	if ((v->n + 1) * 2 > v->slots) {
		size_t slots = v->slots ? 2 * v->slots : 1 << 16;
		uint64_t *k = calloc(slots, sizeof *k);
		uint32_t *d = calloc(slots, sizeof *d);
		if (!k || !d) {
			free(k);
			free(d);
			return NO_ID;
		}
		for (size_t i = 0; i < v->slots; i++) {
			if (!v->keys[i])
				continue;
			size_t j = (size_t)v->keys[i] & (slots - 1);
			while (k[j])
				j = (j + 1) & (slots - 1);
			k[j] = v->keys[i];
			d[j] = v->ids[i];
		}
		free(v->keys);
		free(v->ids);
		v->keys = k;
		v->ids = d;
		v->slots = slots;
	}
	uint64_t h = word_hash(s, n);
	size_t j = (size_t)h & (v->slots - 1);
	while (v->keys[j]) {
		if (v->keys[j] == h && strlen(v->word[v->ids[j]]) == n && !memcmp(v->word[v->ids[j]], s, n))
			return v->ids[j];
		j = (j + 1) & (v->slots - 1);
	}
	if (v->n == v->cap) {
		size_t cap = v->cap ? 2 * v->cap : 1 << 16;
		char **word = realloc(v->word, cap * sizeof *word);
		if (word)
			v->word = word;
		uint32_t *count = word ? realloc(v->count, cap * sizeof *count) : NULL;
		if (count)
			v->count = count;
		uint32_t *mid = count ? realloc(v->mid, cap * sizeof *mid) : NULL;
		if (mid)
			v->mid = mid;
		uint32_t *capped = mid ? realloc(v->capped, cap * sizeof *capped) : NULL;
		if (!capped)
			return NO_ID;
		v->capped = capped;
		v->cap = cap;
	}
	char *w = malloc(n + 1);
	if (!w)
		return NO_ID;
	memcpy(w, s, n);
	w[n] = '\0';
	v->word[v->n] = w;
	v->count[v->n] = 0;
	v->mid[v->n] = 0;
	v->capped[v->n] = 0;
	v->keys[j] = h;
	v->ids[j] = (uint32_t)v->n;
	return (uint32_t)v->n++;
}

/* Whether a word can end the sentence before the next, so that the next one's capital says
 * nothing of its own. */
static bool ends_sentence(const struct tok *t)
{
	if (!t->len)
		return false;
	unsigned char c = (unsigned char)t->s[t->len - 1];
	return c == '.' || c == '!' || c == '?' || c == ':' || c == '"' || c == '\'' ||
	       /* closing quotation marks and ellipses; a word ending in another non-ASCII
		* letter too, whose next word then goes uncounted */
	       (t->len >= 3 && c >= 0x80);
}

/* Counts how a word is written inside a sentence: with a capital, or in lower case. Words in
 * capitals (a headline, an acronym) or not starting with a letter say nothing. */
static void note_case(struct vocab *v, uint32_t id, const struct tok *t)
{
	unsigned char c = (unsigned char)t->s[0];
	bool lower = false;
	for (size_t j = 0; j < t->len && !lower; j++)
		lower = t->s[j] >= 'a' && t->s[j] <= 'z';
	if (c >= 'A' && c <= 'Z' && lower) {
		v->mid[id]++;
		v->capped[id]++;
	} else if (c >= 'a' && c <= 'z') {
		v->mid[id]++;
	}
}

/* Bigram counts: (left << 32 | right) -> count. */
struct pairs {
	uint64_t *key;
	uint32_t *count;
	size_t slots, n;
};

/* Counts the bigram a b. Returns 0 or -1 (out of memory). */
static int pair_add(struct pairs *p, uint32_t a, uint32_t b)
{
	if ((p->n + 1) * 2 > p->slots) {
		size_t slots = p->slots ? 2 * p->slots : 1 << 20;
		uint64_t *k = malloc(slots * sizeof *k);
		uint32_t *c = malloc(slots * sizeof *c);
		if (!k || !c) {
			free(k);
			free(c);
			return -1;
		}
		memset(k, 0xff, slots * sizeof *k);
		for (size_t i = 0; i < p->slots; i++) {
			if (p->key[i] == UINT64_MAX)
				continue;
			size_t j = (size_t)hash_mix64(p->key[i]) & (slots - 1);
			while (k[j] != UINT64_MAX)
				j = (j + 1) & (slots - 1);
			k[j] = p->key[i];
			c[j] = p->count[i];
		}
		free(p->key);
		free(p->count);
		p->key = k;
		p->count = c;
		p->slots = slots;
	}
	uint64_t key = (uint64_t)a << 32 | b;
	size_t j = (size_t)hash_mix64(key) & (p->slots - 1);
	while (p->key[j] != UINT64_MAX) {
		if (p->key[j] == key) {
			p->count[j]++;
			return 0;
		}
		j = (j + 1) & (p->slots - 1);
	}
	p->key[j] = key;
	p->count[j] = 1;
	p->n++;
	return 0;
}

/* Neighbours of each word, in compressed rows. */
struct adj {
	size_t *start; /* n + 1 */
	uint32_t *other, *count;
};

static double *ftab;

static inline double f(int64_t x)
{
	if (x <= 0)
		return 0;
	if (x < (int64_t)FTABLE)
		return ftab[x];
	return (double)x * log((double)x);
}

/* Exchange clustering of the words [0, nw) into k classes (words >= nw stay in class k).
 * Returns 0 or -1 (out of memory). */
static int exchange(size_t nv, size_t nw, const struct adj *right, const struct adj *left,
		     unsigned k, uint32_t *cls)
{
	const unsigned K = k + 1;
	int64_t *N = calloc((size_t)K * K, sizeof *N), *NL = calloc(K, sizeof *NL), *NR = calloc(K, sizeof *NR);
	int64_t *r = calloc(K, sizeof *r), *l = calloc(K, sizeof *l);
	uint32_t *tr = malloc(K * sizeof *tr), *tl = malloc(K * sizeof *tl);
	int rc = !N || !NL || !NR || !r || !l || !tr || !tl ? -1 : 0;
	if (rc < 0)
		goto done;
	for (size_t w = 0; w < nv; w++)
		cls[w] = w < nw ? (uint32_t)(w % k) : k;
	for (size_t w = 0; w < nv; w++)
		for (size_t e = right->start[w]; e < right->start[w + 1]; e++) {
			N[(size_t)cls[w] * K + cls[right->other[e]]] += right->count[e];
			NL[cls[w]] += right->count[e];
			NR[cls[right->other[e]]] += right->count[e];
		}
	for (int it = 0; it < ITERATIONS; it++) {
		size_t moved = 0;
		for (size_t w = 0; w < nw; w++) {
			size_t ntr = 0, ntl = 0;
			int64_t R = 0, L = 0;
			for (size_t e = right->start[w]; e < right->start[w + 1]; e++) {
				uint32_t d = cls[right->other[e]];
				if (!r[d])
					tr[ntr++] = d;
				r[d] += right->count[e];
				R += right->count[e];
			}
			for (size_t e = left->start[w]; e < left->start[w + 1]; e++) {
				uint32_t d = cls[left->other[e]];
				if (!l[d])
					tl[ntl++] = d;
				l[d] += left->count[e];
				L += left->count[e];
			}
			uint32_t a = cls[w];
			for (size_t i = 0; i < ntr; i++)
				N[(size_t)a * K + tr[i]] -= r[tr[i]];
			for (size_t i = 0; i < ntl; i++)
				N[(size_t)tl[i] * K + a] -= l[tl[i]];
			NL[a] -= R;
			NR[a] -= L;
			double best = -INFINITY;
			uint32_t to = a;
			for (uint32_t c = 0; c < k; c++) {
				double g = 0;
				const int64_t *row = N + (size_t)c * K;
				for (size_t i = 0; i < ntr; i++)
					g += f(row[tr[i]] + r[tr[i]]) - f(row[tr[i]]);
				for (size_t i = 0; i < ntl; i++)
					g += f(N[(size_t)tl[i] * K + c] + l[tl[i]]) - f(N[(size_t)tl[i] * K + c]);
				g -= f(NL[c] + R) - f(NL[c]) + f(NR[c] + L) - f(NR[c]);
				if (g > best + 1e-9 || (c == a && g >= best - 1e-9)) {
					best = g;
					to = c;
				}
			}
			for (size_t i = 0; i < ntr; i++)
				N[(size_t)to * K + tr[i]] += r[tr[i]];
			for (size_t i = 0; i < ntl; i++)
				N[(size_t)tl[i] * K + to] += l[tl[i]];
			NL[to] += R;
			NR[to] += L;
			moved += to != a;
			cls[w] = to;
			for (size_t i = 0; i < ntr; i++)
				r[tr[i]] = 0;
			for (size_t i = 0; i < ntl; i++)
				l[tl[i]] = 0;
		}
		fprintf(stderr, "tag-entities: clusters %u: iteration %d: %zu words moved\n", k, it + 1, moved);
		if (moved < nw / 1000)
			break;
	}
done:
	free(N);
	free(NL);
	free(NR);
	free(r);
	free(l);
	free(tr);
	free(tl);
	return rc;
}

static const struct vocab *sort_vocab;
static int by_count(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	if (sort_vocab->count[x] != sort_vocab->count[y])
		return sort_vocab->count[x] > sort_vocab->count[y] ? -1 : 1;
	return strcmp(sort_vocab->word[x], sort_vocab->word[y]);
}

/* Returns 0 or -1 (out of memory). */
static int build_adj(const struct pairs *p, const uint32_t *rank, size_t nv, bool by_left,
		     struct adj *a)
{
	a->start = calloc(nv + 1, sizeof *a->start);
	a->other = malloc((p->n + 1) * sizeof *a->other);
	a->count = malloc((p->n + 1) * sizeof *a->count);
	if (!a->start || !a->other || !a->count)
		return -1;
	for (size_t i = 0; i < p->slots; i++) {
		if (p->key[i] == UINT64_MAX)
			continue;
		uint32_t x = rank[p->key[i] >> 32], y = rank[p->key[i] & 0xffffffffu];
		a->start[(by_left ? x : y) + 1]++;
	}
	for (size_t i = 0; i < nv; i++)
		a->start[i + 1] += a->start[i];
	size_t *fill = malloc((nv + 1) * sizeof *fill);
	if (!fill)
		return -1;
	memcpy(fill, a->start, (nv + 1) * sizeof *fill);
	/* in key order of the table, which is the same on every run */
	for (size_t i = 0; i < p->slots; i++) {
		if (p->key[i] == UINT64_MAX)
			continue;
		uint32_t x = rank[p->key[i] >> 32], y = rank[p->key[i] & 0xffffffffu];
		size_t at = fill[by_left ? x : y]++;
		a->other[at] = by_left ? y : x;
		a->count[at] = p->count[i];
	}
	free(fill);
	return 0;
}

/* Reads the words of the text column of r into v (counts, case) and their bigrams into p.
 * Returns 0, or -1 after the message. */
static int count_words(struct tsv_reader *r, int text, struct vocab *v, struct pairs *p,
		       uint32_t boundary)
{
	struct tokens tk = {0};
	char low[256];
	int k, rc = 0;
	while (rc == 0 && (k = tsv_next(r)) > 0) {
		if (tokenize(r->fields[text], r->lens[text], &tk) < 0) {
			rc = -1;
			break;
		}
		uint32_t prev = boundary;
		for (size_t i = 0; i < tk.n && rc == 0; i++) {
			size_t n = tk.v[i].len < sizeof low ? tk.v[i].len : sizeof low;
			for (size_t j = 0; j < n; j++) {
				char c = tk.v[i].s[j];
				low[j] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
			}
			uint32_t id = vocab_id(v, low, n);
			if (id == NO_ID || (prev != id && pair_add(p, prev, id) < 0)) {
				rc = -1;
				break;
			}
			v->count[id]++;
			if (i > 0 && !ends_sentence(&tk.v[i - 1]))
				note_case(v, id, &tk.v[i]);
			prev = id;
		}
	}
	tokens_free(&tk);
	if (rc < 0)
		msg("out of memory");
	else if (k < 0)
		msg("%s", r->err);
	return rc < 0 || k < 0 ? -1 : 0;
}

/* Writes the nw most frequent words of order with their paths, counts and case shares. */
static int write_clusters(const char *out_path, const struct vocab *v, const uint32_t *order,
			  size_t nw, uint32_t boundary, const uint32_t *const classes[3])
{
	FILE *out = fopen(out_path, "w");
	if (!out) {
		msg_at(out_path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	static const unsigned bits[3] = {6, 9, FINEST_BITS};
	/* the path: 6 bits of the coarse class, then 9 of the fine one, then 11 of the finer */
	for (size_t i = 0; i < nw; i++) {
		uint32_t w = order[i];
		if (w == boundary)
			continue;
		char path[32];
		unsigned at = 0;
		for (int c = 0; c < 3; c++)
			for (unsigned b = 0; b < bits[c]; b++)
				path[at++] = (char)('0' + ((classes[c][i] >> (bits[c] - 1 - b)) & 1));
		path[at] = '\0';
		/* the share of its uses inside a sentence written with a capital, in percent */
		if (v->mid[w] >= CASE_MIN_COUNT)
			fprintf(out, "%s\t%s\t%u\t%u\n", path, v->word[w], v->count[w],
				(unsigned)((200u * (uint64_t)v->capped[w] + v->mid[w]) / (2u * v->mid[w])));
		else
			fprintf(out, "%s\t%s\t%u\t-\n", path, v->word[w], v->count[w]);
	}
	if (fclose(out) != 0) {
		msg_at(out_path, 0, "cannot write");
		return -1;
	}
	return 0;
}

static void vocab_free(struct vocab *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->word[i]);
	free(v->word);
	free(v->count);
	free(v->mid);
	free(v->capped);
	free(v->keys);
	free(v->ids);
}

static void adj_free(struct adj *a)
{
	free(a->start);
	free(a->other);
	free(a->count);
}

int word_clusters(const char *out_path, int nfiles, char **files, const char *text_column)
{
	struct tsv_reader r;
	struct tsv_opts opts = {0};
	if (tsv_open(&r, nfiles, files, &opts) < 0) {
		msg("%s", r.err);
		return EXIT_FAIL;
	}
	int text = r.empty ? -1 : tsv_require_column(&r, text_column);
	if (text < 0) {
		tsv_close(&r);
		return EXIT_USAGE;
	}
	int status = EXIT_FAIL;
	struct vocab v = {0};
	struct pairs p = {0};
	struct adj right = {0}, left = {0};
	uint32_t *order = NULL, *rank = NULL, *classes[3] = {NULL, NULL, NULL};
	uint32_t boundary = vocab_id(&v, "<s>", 3);
	if (boundary == NO_ID) {
		msg("out of memory");
		goto done;
	}
	int counted = count_words(&r, text, &v, &p, boundary);
	tsv_close(&r);
	if (counted < 0)
		goto done;
	/* words by frequency: the frequent ones are clustered, the rest stay aside */
	order = malloc((v.n + 1) * sizeof *order);
	rank = malloc((v.n + 1) * sizeof *rank);
	for (int c = 0; c < 3; c++)
		classes[c] = malloc((v.n + 1) * sizeof *classes[c]);
	if (!order || !rank || !classes[0] || !classes[1] || !classes[2])
		goto oom;
	for (size_t i = 0; i < v.n; i++)
		order[i] = (uint32_t)i;
	sort_vocab = &v;
	qsort(order, v.n, sizeof *order, by_count);
	size_t nw = 0;
	for (size_t i = 0; i < v.n; i++) {
		rank[order[i]] = (uint32_t)i;
		if (v.count[order[i]] >= MIN_COUNT)
			nw = i + 1;
	}
	fprintf(stderr, "tag-entities: clusters: %zu words, %zu of them seen %d times or more, %zu bigrams\n",
		v.n, nw, MIN_COUNT, p.n);
	if (build_adj(&p, rank, v.n, true, &right) < 0 || build_adj(&p, rank, v.n, false, &left) < 0 ||
	    !(ftab = malloc(FTABLE * sizeof *ftab)))
		goto oom;
	ftab[0] = 0;
	for (size_t x = 1; x < FTABLE; x++)
		ftab[x] = (double)x * log((double)x);
	if (exchange(v.n, nw, &right, &left, 64, classes[0]) < 0 ||
	    exchange(v.n, nw, &right, &left, 512, classes[1]) < 0 ||
	    exchange(v.n, nw, &right, &left, 1u << FINEST_BITS, classes[2]) < 0)
		goto oom;
	const uint32_t *const written[3] = {classes[0], classes[1], classes[2]};
	if (write_clusters(out_path, &v, order, nw, boundary, written) == 0)
		status = EXIT_OK;
	goto done;
oom:
	msg("out of memory");
done:
	vocab_free(&v);
	free(p.key);
	free(p.count);
	adj_free(&right);
	adj_free(&left);
	free(ftab);
	ftab = NULL;
	free(order);
	free(rank);
	for (int c = 0; c < 3; c++)
		free(classes[c]);
	return status;
}
