/* One sentence through tag-entities: tokens, gazetteer marks, the tagger, the resolver and
 * the numeric patterns, with the data loaded once and the state of the current document. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "err.h"
#include "hash.h"
#include "sentence.h"

/* The gazetteers shipped in data/tag-entities/, read before the user's. */
static const char *const shipped_gazetteers[] = {
	"countries.tsv", "places.tsv", "organisations.tsv", "people.tsv", "groups.tsv", "misc.tsv",
	"subdivisions.tsv",
};

#define TAG_CHUNK 2000

static void capital_clear(struct tagger_state *st)
{
	for (unsigned u = 0; u < st->capital_used; u++)
		st->capital_key[st->capital_slot[u]] = 0;
	st->capital_used = 0;
}

/* Notes key; returns whether it was there already (note: false only asks). */
static bool capital_seen(struct tagger_state *st, uint64_t key, bool note)
{
	key |= 1; /* never 0, the empty slot */
	size_t i = (size_t)hash_mix64(key) & (CAPITAL_SLOTS - 1);
	while (st->capital_key[i]) {
		if (st->capital_key[i] == key)
			return true;
		i = (i + 1) & (CAPITAL_SLOTS - 1);
	}
	if (note && st->capital_used < CAPITAL_SLOTS / 2) {
		st->capital_key[i] = key;
		st->capital_slot[st->capital_used++] = (uint16_t)i;
	}
	return false;
}

static bool common_word(const struct tagger_state *st, uint64_t key)
{
	if (!st->common_cap)
		return false;
	key |= 1;
	for (size_t i = (size_t)hash_mix64(key) & (st->common_cap - 1); st->common[i];
	     i = (i + 1) & (st->common_cap - 1))
		if (st->common[i] == key)
			return true;
	return false;
}

struct common_load {
	struct tagger_state *st;
	struct gaz_sent gs;
};

static int add_common(void *ctx, char *line, size_t len, unsigned long lineno)
{
	(void)lineno;
	struct common_load *cl = ctx;
	struct tagger_state *st = cl->st;
	struct tok t = {line, len};
	if (gaz_prepare(&cl->gs, &t, 1) < 0)
		return 1;
	uint64_t key = gaz_key(cl->gs.folded.p + cl->gs.off[0], cl->gs.len[0]) | 1;
	size_t i = (size_t)hash_mix64(key) & (st->common_cap - 1);
	while (st->common[i] && st->common[i] != key)
		i = (i + 1) & (st->common_cap - 1);
	st->common[i] = key;
	return 0;
}

/* Reads the common words (one a line, # comments). Returns 0 or -1 with a message. */
static int load_common(struct tagger_state *st, const char *path, char *err, size_t errsize)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		msg_format_at(err, errsize, path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	st->common_cap = table_slots_for_lines(f); /* the table is sized before it is filled */
	fclose(f);
	st->common = calloc(st->common_cap, sizeof *st->common);
	if (!st->common) {
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	struct common_load cl = {.st = st};
	int rc = data_lines(path, add_common, &cl, err, errsize);
	if (rc > 0)
		snprintf(err, errsize, "out of memory");
	gaz_sent_free(&cl.gs);
	return rc ? -1 : 0;
}

static bool is_word_start(const struct tok *t)
{
	unsigned char c = (unsigned char)t->s[0];
	return t->len && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  c >= 0x80);
}

/* "Posted", "Nearby", "Emergency": one capitalised word, alone as a name, first in its
 * sentence (or a heading of one word), whose lower-case form is a common word of the news the
 * clusters were made from, is that word, not a name, unless a gazetteer knows it or the
 * document wrote it with a capital inside a sentence. */
static bool common_first_word(struct tagger_state *st, const struct tok *t)
{
	if (st->toks.n > TAG_CHUNK || t->len < 2 || t->s[0] < 'A' || t->s[0] > 'Z')
		return false;
	for (size_t k = 1; k < t->len; k++)
		if (t->s[k] < 'a' || t->s[k] > 'z')
			return false;
	/* "Ill." is Illinois: an abbreviation is not the word */
	if (st->toks.n > 1 && st->toks.v[1].s == t->s + t->len && st->toks.v[1].s[0] == '.')
		return false;
	if (st->gaz[0] || !common_word(st, gaz_key(st->gs.folded.p + st->gs.off[0], st->gs.len[0])))
		return false;
	return !capital_seen(st, gaz_key(st->gs.folded.p + st->gs.off[0], st->gs.len[0]), false);
}

int sentence_load(struct tagger_state *st, const struct tag_config *o, bool need_model)
{
	char path[PATH_MAX], err[1024];
	for (size_t i = 0; i < sizeof shipped_gazetteers / sizeof *shipped_gazetteers; i++) {
		char name[128];
		snprintf(name, sizeof name, "tag-entities/%s", shipped_gazetteers[i]);
		if (data_path(name, path, sizeof path) < 0) {
			msg("cannot find the data file '%s'", path);
			return -1;
		}
		if (gaz_load(&st->gz, path, err, sizeof err) < 0) {
			msg("%s", err);
			return -1;
		}
	}
	for (int i = 0; i < o->ngazetteers; i++)
		if (gaz_load(&st->gz, o->gazetteers[i], err, sizeof err) < 0) {
			msg("%s", err);
			return -1;
		}
	if (data_path("tag-entities/clusters.tsv", path, sizeof path) == 0 &&
	    clusters_load(&st->clusters, path, err, sizeof err) < 0) {
		msg("%s", err);
		return -1;
	}
	if (data_path("tag-entities/common-words.tsv", path, sizeof path) == 0 &&
	    load_common(st, path, err, sizeof err) < 0) {
		msg("%s", err);
		return -1;
	}
	if (need_model && !o->no_model) {
		if (o->model_path)
			snprintf(path, sizeof path, "%s", o->model_path);
		else if (data_path("tag-entities/model.bin", path, sizeof path) < 0) {
			msg("cannot find the model '%s' (make model builds it)", path);
			return -1;
		}
		if (model_load(&st->model, path, err, sizeof err) < 0) {
			msg("%s", err);
			return -1;
		}
		st->model.beam = (unsigned)o->beam;
		st->have_model = true;
	}
	return 0;
}

int sentence_load_patterns(struct tagger_state *st, const struct tag_config *o)
{
	char path[PATH_MAX], err[1024];
	if (o->patterns_path)
		snprintf(path, sizeof path, "%s", o->patterns_path);
	else if (data_path("tag-entities/numeric.tsv", path, sizeof path) < 0) {
		msg("cannot find the data file '%s'", path);
		return -1;
	}
	st->numeric = numeric_load(path, !o->patterns_path, err, sizeof err);
	if (!st->numeric) {
		msg("%s", err);
		return -1;
	}
	if (resolver_init(&st->res, &st->gz) < 0) {
		msg("out of memory");
		return -1;
	}
	if (translit_load(&st->res.translit, &st->gz, err, sizeof err) < 0) {
		msg("%s", err);
		return -1;
	}
	return 0;
}

void sentence_free(struct tagger_state *st)
{
	model_free(&st->model);
	clusters_free(&st->clusters);
	gaz_free(&st->gz);
	numeric_free(st->numeric);
	tagger_ws_free(&st->ws);
	tokens_free(&st->toks);
	gaz_sent_free(&st->gs);
	free(st->gaz);
	free(st->tags);
	free(st->common);
	free(st->m.v);
	buf_free(&st->m.text);
	resolver_free(&st->res);
	memset(st, 0, sizeof *st);
}

void sentence_new_doc(struct tagger_state *st)
{
	history_clear(&st->history);
	resolver_new_doc(&st->res);
	capital_clear(st);
}

size_t sentence_window(const char *text, size_t len, size_t at, size_t max)
{
	if (max < 8)
		max = 8;
	if (len - at <= max)
		return len;
	size_t end = at + max;
	for (size_t i = end; i > at + max / 2; i--)
		if (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')
			return i;
	while (end > at + 1 && ((unsigned char)text[end] & 0xC0) == 0x80)
		end--;
	return end;
}

static int by_start(const void *a, const void *b)
{
	const struct mention *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

int sentence_tag(struct tagger_state *st, const char *text, size_t len, const struct date *w)
{
	struct mentions *m = &st->m;
	m->n = 0;
	buf_clear(&m->text);
	snprintf(st->err, sizeof st->err, "out of memory");
	if (tokenize(text, len, &st->toks) < 0)
		return -1;
	size_t n = st->toks.n;
	if (n > st->cap) {
		size_t cap = n * 2;
		gazmask *g = realloc(st->gaz, cap * sizeof *g);
		if (!g)
			return -1;
		st->gaz = g;
		uint8_t *t = realloc(st->tags, cap);
		if (!t)
			return -1;
		st->tags = t;
		st->cap = cap;
	}
	if (gaz_prepare(&st->gs, st->toks.v, n) < 0)
		return -1;
	gaz_mark(&st->gz, &st->gs, st->gaz);
	for (size_t i = 1; i < n; i++)
		if (st->gs.upper[i] && is_word_start(&st->toks.v[i - 1]))
			capital_seen(st, gaz_key(st->gs.folded.p + st->gs.off[i], st->gs.len[i]), true);
	if (st->have_model) {
		/* a sentence of a million words is tagged a piece at a time, in bounded memory */
		for (size_t at = 0; at < n; at += TAG_CHUNK) {
			size_t len = n - at < TAG_CHUNK ? n - at : TAG_CHUNK;
			if (tag_sentence(&st->model, &st->clusters, &st->ws, st->toks.v + at, len,
					 st->gaz + at, &st->history, st->tags + at) < 0)
				return -1;
		}
	} else {
		if (n)
			memset(st->tags, 0, n);
	}
	for (size_t i = 0; i < n; i++) {
		if (!st->tags[i])
			continue;
		int t = TAG_TYPE(st->tags[i]);
		size_t j = i + 1;
		while (j < n && st->tags[j] == TAG_I(t))
			j++;
		/* the tagger's types are CoNLL's: PER LOC ORG MISC */
		static const int to_mention[NTYPES] = {MT_PER, MT_LOC, MT_ORG, MT_MISC};
		const struct tok *a = &st->toks.v[i], *b = &st->toks.v[j - 1];
		if (i == 0 && j == 1 && common_first_word(st, a)) {
			i = j - 1;
			continue;
		}
		struct mention *x = mention_add(m, to_mention[t], (size_t)(a->s - text),
						(size_t)(b->s + b->len - text));
		if (!x)
			return -1;
		x->tok0 = i;
		x->tok1 = j;
		i = j - 1;
	}
	if (resolve_names(&st->res, text, len, st->toks.v, n, &st->gs, m, w->year ? w->year * 10000 + w->month * 100 + w->day : 0) < 0)
		return -1;
	if (numeric_find(st->numeric, text, len, &st->gs, w, m, st->err, sizeof st->err) < 0)
		return -1;
	if (m->n > 1)
		qsort(m->v, m->n, sizeof *m->v, by_start);
	return 0;
}
