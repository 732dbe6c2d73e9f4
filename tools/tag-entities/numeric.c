/* Numeric mentions: the patterns of numeric.tsv (a lib/rx set) run over a sentence, the longest
 * matches taken first, none over a name or another number, each with its value
 * (numeric-value.c). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "data.h"
#include "date.h"
#include "gazetteer.h"
#include "numeric-value.h"
#include "numeric.h"
#include "rx.h"

struct numeric {
	struct rx_set *rx;
	uint8_t *types; /* enum mention_type of each pattern */
	size_t ntypes, captypes;
	struct date_zones *zones;
	struct buf value;
	struct found {
		size_t start, end, pat, limit, from;
	} *found;
	size_t nfound, capfound;
	bool oom; /* while collecting the found ones */
	struct window {
		size_t start, end;
	} *inside; /* the insides of the names (start, end), sorted and merged: a number may not cut one */
	size_t ninside, capinside;
	/* a bit for each byte of the sentence a number holds */
	uint64_t *taken;
	size_t captaken;
};

/* Grows *v (of *cap items of size bytes) to hold n. Returns 0 or -1 (out of memory). */
static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	return array_grow(v, cap, n, size, 32);
}

/* The first column of a pattern line: its mention type. */
static int pattern_type(void *ctx, size_t index, char **cols, size_t ncols, char *err, size_t errsize)
{
	(void)ncols;
	struct numeric *nu = ctx;
	int type = -1;
	for (int t = MT_DATE; t < NMT; t++)
		if (!strcmp(cols[0], mention_type_names[t]))
			type = t;
	if (type < 0) {
		snprintf(err, errsize, "unknown type '%s' (DATE, TIME, DURATION, QUANTITY, MONEY or PERCENT)", cols[0]);
		return -1;
	}
	if (grow((void **)&nu->types, &nu->captypes, index + 1, 1) < 0) {
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	nu->types[index] = (uint8_t)type;
	nu->ntypes = index + 1;
	return 0;
}

/* The news phrases that name time zones (data/zones.tsv), with the zones they name. */
static struct date_zones *load_zones(char *err, size_t errsize)
{
	char path[PATH_MAX];
	if (data_path("zones.tsv", path, sizeof path) < 0) {
		snprintf(err, errsize, "cannot find the data file '%s'", path);
		return NULL;
	}
	struct date_zones *zones = date_zones_new();
	if (!zones) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	if (date_zones_load_phrases(zones, path, err, errsize) < 0) {
		date_zones_free(zones);
		return NULL;
	}
	return zones;
}

struct numeric *numeric_load(const char *path, bool shipped, char *err, size_t errsize)
{
	struct numeric *nu = calloc(1, sizeof *nu);
	if (!nu) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	struct rx_config cfg = {
		.ncols = 1, .fields = pattern_type, .ctx = nu, .shape = "TYPE<TAB>gate<TAB>pattern",
		/* numeric.tsv's patterns gated on digits start at a number or at its currency
		 * ("US$ 5"): see the file's head */
		.digit_lead = shipped ? 4 : 0,
	};
	if (!(nu->rx = rx_new(&cfg))) {
		snprintf(err, errsize, "out of memory");
		numeric_free(nu);
		return NULL;
	}
	if (rx_load(nu->rx, path, err, errsize) < 0 || !(nu->zones = load_zones(err, errsize))) {
		numeric_free(nu);
		return NULL;
	}
	return nu;
}

void numeric_free(struct numeric *nu)
{
	if (!nu)
		return;
	rx_free(nu->rx);
	free(nu->types);
	date_zones_free(nu->zones);
	buf_free(&nu->value);
	free(nu->found);
	free(nu->inside);
	free(nu->taken);
	free(nu);
}

static int by_window_start(const void *a, const void *b)
{
	const struct window *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The longest first, then the earliest pattern, then the earliest in the text: the order in
 * which the numbers are taken. */
static int by_pick(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	size_t lx = x->end - x->start, ly = y->end - y->start;
	if (lx != ly)
		return lx > ly ? -1 : 1;
	if (x->pat != y->pat)
		return x->pat < y->pat ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The names of m, and the numbers already there, as the pick below asks about them: the
 * insides of the names merged in order, and the bytes the numbers hold. */
static int note_mentions(struct numeric *nu, const struct mentions *m, size_t len)
{
	nu->ninside = 0;
	size_t words = len / 64 + 1;
	if (grow((void **)&nu->taken, &nu->captaken, words, sizeof *nu->taken) < 0)
		return -1;
	memset(nu->taken, 0, words * sizeof *nu->taken);
	for (size_t i = 0; i < m->n; i++) {
		const struct mention *x = &m->v[i];
		if (x->type >= MT_DATE) {
			for (size_t k = x->start; k < x->end; k++)
				nu->taken[k / 64] |= 1ull << (k % 64);
			continue;
		}
		if (x->end - x->start < 2)
			continue; /* no byte inside */
		if (grow((void **)&nu->inside, &nu->capinside, nu->ninside + 1, sizeof *nu->inside) < 0)
			return -1;
		nu->inside[nu->ninside++] = (struct window){x->start, x->end};
	}
	bool sorted = true; /* mostly: the names come in the order of the text */
	for (size_t i = 1; i < nu->ninside && sorted; i++)
		sorted = nu->inside[i - 1].start <= nu->inside[i].start;
	if (!sorted)
		qsort(nu->inside, nu->ninside, sizeof *nu->inside, by_window_start);
	size_t k = 0;
	for (size_t i = 0; i < nu->ninside; i++) {
		/* the open intervals (start, end) of two names meet when one starts inside the other */
		if (k && nu->inside[i].start < nu->inside[k - 1].end) {
			if (nu->inside[i].end > nu->inside[k - 1].end)
				nu->inside[k - 1].end = nu->inside[i].end;
		} else {
			nu->inside[k++] = nu->inside[i];
		}
	}
	nu->ninside = k;
	return 0;
}

/* Whether byte offset p is strictly inside a name. */
static inline bool inside_name(const struct numeric *nu, size_t p)
{
	if (!nu->ninside)
		return false;
	size_t lo = 0, hi = nu->ninside; /* the first with start >= p */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (nu->inside[mid].start < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && p < nu->inside[lo - 1].end;
}

/* Whether a byte of [a, b) is held by a number; take: mark them as held. */
static inline bool taken(struct numeric *nu, size_t a, size_t b, bool take)
{
	for (size_t k = a; k < b;) {
		size_t w = k / 64, lo = k % 64, n = b - k < 64 - lo ? b - k : 64 - lo;
		uint64_t bits = (n == 64 ? ~0ull : ((1ull << n) - 1)) << lo;
		if (take)
			nu->taken[w] |= bits;
		else if (nu->taken[w] & bits)
			return true;
		k += n;
	}
	return false;
}

/* Whether [a, b) may not be added: it overlaps another number, or cuts a name in two (a
 * name inside it is fine: "11 p.m. Paris time" holds Paris); a name is cut when an edge of
 * [a, b) is strictly inside it. */
static bool overlaps_any(struct numeric *nu, size_t a, size_t b)
{
	return inside_name(nu, a) || inside_name(nu, b) || taken(nu, a, b, false);
}

static int keep_found(void *ctx, const struct rx_found *f)
{
	struct numeric *nu = ctx;
	if (grow((void **)&nu->found, &nu->capfound, nu->nfound + 1, sizeof *nu->found) < 0) {
		nu->oom = true;
		return 1;
	}
	nu->found[nu->nfound++] = (struct found){f->start, f->end, f->index, f->limit, f->from};
	return 0;
}

/* Takes the found ones, the longest first, then the earliest pattern; none over a name or
 * another number, and only those that have a value. */
static int pick(struct numeric *nu, const char *text, const struct date *w, struct mentions *m)
{
	if (nu->nfound > 1)
		qsort(nu->found, nu->nfound, sizeof *nu->found, by_pick);
	for (size_t best = 0; best < nu->nfound; best++) {
		const struct found *f = &nu->found[best];
		size_t s, e;
		if (overlaps_any(nu, f->start, f->end))
			continue;
		/* run again for its groups: from its start (the search that found it tried every
		 * place before, in vain), else from where that search began (\K may have moved it) */
		if ((!rx_match(nu->rx, f->pat, text, f->limit, f->start, &s, &e) || s != f->start || e != f->end) &&
		    (!rx_match(nu->rx, f->pat, text, f->limit, f->from, &s, &e) || s != f->start || e != f->end))
			continue;
		struct numeric_match nm = {nu->rx, f->pat, nu->types[f->pat], text, s};
		if (numeric_value(&nm, w, nu->zones, &nu->value) < 0)
			continue;
		struct mention *x = mention_add(m, nm.type, s, e);
		if (!x)
			return -1;
		taken(nu, s, e, true);
		x->canon = m->text.len;
		x->canon_len = nu->value.len;
		if (nu->value.len && buf_append(&m->text, nu->value.p, nu->value.len) < 0)
			return -1;
	}
	return 0;
}

int numeric_find(struct numeric *nu, const char *text, size_t len, const struct gaz_sent *gs,
		 const struct date *w, struct mentions *m, char *err, size_t errsize)
{
	/* the gates read the sentence's folded tokens */
	rx_words_clear(nu->rx);
	for (size_t i = 0; i < gs->n; i++) {
		const char *w = gs->folded.p + gs->off[i], *end = w + gs->len[i];
		rx_word(nu->rx, w, gs->len[i]);
		/* and the words of a hyphenated token: "two-day" wakes the patterns of "day" */
		if (!memchr(w, '-', gs->len[i]))
			continue;
		for (const char *p = w; p < end;) {
			const char *h = memchr(p, '-', (size_t)(end - p)), *e = h ? h : end;
			rx_word(nu->rx, p, (size_t)(e - p));
			p = e + 1;
		}
	}
	nu->nfound = 0;
	nu->oom = false;
	int rc = rx_scan(nu->rx, text, len, keep_found, nu, err, errsize);
	if (rc < 0)
		return -1;
	if (rc || nu->oom || (nu->nfound && (note_mentions(nu, m, len) < 0 || pick(nu, text, w, m) < 0))) {
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	return 0;
}
