/* cluster.c: groups the events that describe one happening. Two events may be one when they
 * have codes of one family (data/diff-sources/codes.tsv), actors that do not contradict each other (in either order for a symmetric
 * code, such as a telephone call) and times that overlap once zones are allowed for; candidates
 * come from blocks of events sharing a family and an actor, and are merged best pair first, never
 * two events of one document (extract-events has joined those already) and never into a
 * cluster a member of which contradicts the newcomer. The events are in key order (store_sort)
 * and ties are broken by keys, so the clusters do not depend on the order of the input. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "date.h"
#include "diff.h"
#include "entity.h"
#include "err.h"
#include "hash.h"
#include "map.h"

#define MINUTES_PER_DAY 1440
#define DAY_SLACK (12 * 60)    /* a local day is UTC day +- 12 h: the zones of the places news covers */
#define INSTANT_SLACK 60       /* "about 1:00 am" against "11 p.m. Paris time" */
#define UNDATED_DAYS 3         /* an undated event happened at most this many days before it was published */
#define NEIGHBOURS 32          /* later events of a block compared with each event */
#define MAX_MEMBERS 256        /* the largest cluster */

/* The families of codes and the order of their actors: data/diff-sources/codes.tsv */
struct code_rule {
	char code[8];
	uint64_t family;
	bool pair;
};
static struct code_rule rules[128];
static size_t nrules;

static int code_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	const char *path = ctx;
	char *f[3] = {line, NULL, NULL};
	for (int k = 1; k < 3 && f[k - 1]; k++) {
		char *tab = strchr(f[k - 1], '\t');
		if (tab) {
			*tab = '\0';
			f[k] = tab + 1;
		}
	}
	(void)len;
	size_t n = strlen(f[0]);
	if (!f[2] || n < 2 || n >= sizeof rules[0].code || strspn(f[0], "0123456789") != n || !*f[1]) {
		msg_at(path, lineno, "expected: code, family, actors (2 to 4 digits, a name, sides or pair)");
		return -1;
	}
	size_t an = strcspn(f[2], "\t");
	if (!(an == 5 && memcmp(f[2], "sides", 5) == 0) && !(an == 4 && memcmp(f[2], "pair", 4) == 0)) {
		msg_at(path, lineno, "actors: expected sides or pair, not '%.*s'", (int)an, f[2]);
		return -1;
	}
	if (nrules == sizeof rules / sizeof *rules) {
		msg_at(path, lineno, "too many codes (at most %zu)", nrules);
		return -1;
	}
	memcpy(rules[nrules].code, f[0], n + 1);
	rules[nrules].family = hash64(f[1], strlen(f[1]), 0xfa);
	rules[nrules++].pair = an == 4;
	return 0;
}

static int load_rules(void)
{
	char path[4096], err[4200];
	if (nrules)
		return 0;
	if (data_path("diff-sources/codes.tsv", path, sizeof path) < 0) {
		msg("%s: data file missing (CROSSCHECK_DATA, or the tree's data/)", path);
		return -1;
	}
	int rc = data_lines(path, code_line, path, err, sizeof err);
	if (rc == -1 && err[0])
		msg("%s", err);
	return rc == 0 ? 0 : -1;
}

/* The family and actor order of a code: the longest rule that begins it, else its base code. */
static void classify(const char *code, size_t n, uint64_t *family, bool *pair)
{
	size_t best = 0;
	*family = hash64(code, n < 3 ? n : 3, 0xfa);
	*pair = false;
	for (size_t i = 0; i < nrules; i++) {
		size_t k = strlen(rules[i].code);
		if (k <= n && k > best && memcmp(code, rules[i].code, k) == 0) {
			best = k;
			*family = rules[i].family;
			*pair = rules[i].pair;
		}
	}
}

/* When the event may have happened: its time_utc, else its stated days, else the days before
 * its publication. */
static void set_window(struct event *e)
{
	if (e->utc_lo != NO_MINUTE) {
		e->lo = e->utc_lo - INSTANT_SLACK;
		e->hi = e->utc_hi + INSTANT_SLACK;
	} else if (e->day_first != LONG_MIN) {
		e->lo = (int64_t)e->day_first * MINUTES_PER_DAY - DAY_SLACK;
		e->hi = ((int64_t)e->day_last + 1) * MINUTES_PER_DAY + DAY_SLACK;
	} else if (e->published_min != NO_MINUTE) {
		int64_t day = e->published_min / MINUTES_PER_DAY;
		e->lo = (day - UNDATED_DAYS) * MINUTES_PER_DAY - DAY_SLACK;
		e->hi = (day + 1) * MINUTES_PER_DAY + DAY_SLACK;
	} else {
		e->lo = INT64_MIN / 4;
		e->hi = INT64_MAX / 4;
	}
}

/* How well one side's actors match: 2 one actor, 1 the same country where one of them is no
 * person (a country, a government: "Russia" and "Vladimir Putin", RUS and RUSGOV), 0 one side
 * unknown, -1 different actors. */
static int side_match(const struct store *s, const struct event *x, int i, const struct event *y, int j)
{
	if (x->actor[i] < 0 || y->actor[j] < 0)
		return 0;
	if (x->actor[i] == y->actor[j])
		return 2;
	struct str cx = x->actor_code[i], cy = y->actor_code[j];
	if (cx.len >= 3 && cy.len >= 3 && (x->actor_type[i] != MT_PER || y->actor_type[j] != MT_PER)) {
		size_t n = cx.len < cy.len ? cx.len : cy.len;
		if (memcmp(str_at(s, cx), str_at(s, cy), n) == 0 && (cx.len == 3 || cy.len == 3))
			return 1;
	}
	return -1;
}

int actors_match(const struct store *s, const struct event *x, const struct event *y, bool *crossed)
{
	int a = side_match(s, x, 0, y, 0), b = side_match(s, x, 1, y, 1);
	int straight = a < 0 || b < 0 ? -1 : a + b;
	int cross = -1;
	if (x->symmetric || y->symmetric) {
		int c = side_match(s, x, 0, y, 1), d = side_match(s, x, 1, y, 0);
		cross = c < 0 || d < 0 ? -1 : c + d;
	}
	*crossed = cross > straight;
	return cross > straight ? cross : straight;
}

static bool no_actors(const struct event *e)
{
	return e->actor[0] < 0 && e->actor[1] < 0;
}

static bool same_code(const struct store *s, const struct event *x, const struct event *y)
{
	return x->code.len == y->code.len && memcmp(str_at(s, x->code), str_at(s, y->code), x->code.len) == 0;
}

/* The score of two events as one happening, -1 when they cannot be one. */
static int pair_score(const struct store *s, const struct event *x, const struct event *y)
{
	if (x->family != y->family || x->doc == y->doc || x->lo >= y->hi || y->lo >= x->hi)
		return -1;
	bool crossed, exact = same_code(s, x, y);
	int actors = actors_match(s, x, y, &crossed);
	if (actors < 0)
		return -1;
	/* an event with no actor at all joins an event of its very code */
	if (actors < 2 && !((no_actors(x) || no_actors(y)) && exact))
		return -1;
	int when = 0;
	if (x->utc_lo != NO_MINUTE && y->utc_lo != NO_MINUTE)
		when = 3;
	else if (x->day_first != LONG_MIN && y->day_first != LONG_MIN)
		when = x->day_first == y->day_first && x->day_last == y->day_last ? 2 :
		       x->day_first <= y->day_last && y->day_first <= x->day_last ? 1 : 0;
	return actors * 8 + when * 2 + exact;
}

/* Whether y may join a cluster holding x (no score needed: no contradiction). */
static bool may_join(const struct store *s, const struct event *x, const struct event *y)
{
	bool crossed;
	return x->family == y->family && x->doc != y->doc && x->lo < y->hi && y->lo < x->hi &&
	       actors_match(s, x, y, &crossed) >= 0;
}

static int add_pair(struct pairs *ps, int score, int from, int to)
{
	if (ps->n == ps->cap && array_grow((void **)&ps->p, &ps->cap, ps->n + 1, sizeof *ps->p, 1024) < 0)
		return -1;
	ps->p[ps->n++] = (struct pair){score, from, to};
	return 0;
}

int cluster_pair(const struct store *s, struct pairs *ps, int from, int to)
{
	int score = pair_score(s, &s->ev[from], &s->ev[to]);
	return score < 0 ? 0 : add_pair(ps, score, from, to);
}

/* ---- blocks: the events that share a family and an actor, or (for events with no actor) a code */
struct block {
	int *ev;
	size_t n, cap;
};

struct blocks {
	struct u64map map;
	struct block *b;
	size_t n, cap;
};

static int block_add(struct blocks *bs, uint64_t key, int ev)
{
	bool fresh;
	long i = map_put(&bs->map, key, (long)bs->n, &fresh);
	if (i < 0)
		return -1;
	if (fresh) {
		if (bs->n == bs->cap && array_grow((void **)&bs->b, &bs->cap, bs->n + 1, sizeof *bs->b, 256) < 0)
			return -1;
		memset(&bs->b[bs->n++], 0, sizeof *bs->b);
	}
	struct block *b = &bs->b[i];
	if (b->n == b->cap && array_grow((void **)&b->ev, &b->cap, b->n + 1, sizeof *b->ev, 4) < 0)
		return -1;
	b->ev[b->n++] = ev;
	return 0;
}

static const struct store *sort_store;

static int by_window(const void *a, const void *b)
{
	const struct event *x = &sort_store->ev[*(const int *)a], *y = &sort_store->ev[*(const int *)b];
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return *(const int *)a - *(const int *)b;
}

static uint64_t code_key(const struct store *s, const struct event *e)
{
	return hash64(str_at(s, e->code), e->code.len, 0xc0de);
}

/* The keys of the blocks of an actor's event: one for each actor (and its family). */
static int actor_keys(const struct event *e, uint64_t keys[2])
{
	int n = 0;
	for (int side = 0; side < 2; side++)
		if (e->actor[side] >= 0 && (side == 0 || e->actor[1] != e->actor[0]))
			keys[n++] = hash_mix64(e->family ^ e->actor_key[side]);
	return n;
}

int cluster_block_keys(const struct store *s, const struct event *e, uint64_t keys[3])
{
	int n = actor_keys(e, keys);
	keys[n++] = code_key(s, e);
	return n;
}

bool cluster_in_block(const struct store *s, uint64_t key, const struct event *e, bool actorless_code)
{
	uint64_t keys[2];
	int n = actor_keys(e, keys);
	for (int k = 0; k < n; k++)
		if (keys[k] == key)
			return true;
	return actorless_code && code_key(s, e) == key;
}

bool cluster_actorless_code(const struct store *s, const struct event *e, uint64_t key)
{
	return no_actors(e) && code_key(s, e) == key;
}

static int fill_blocks(const struct store *s, struct blocks *bs)
{
	struct u64map actorless = {0};
	bool fresh;
	int rc = 0;
	for (size_t i = 0; i < s->n && rc == 0; i++)
		if (no_actors(&s->ev[i]) && map_put(&actorless, code_key(s, &s->ev[i]), 0, &fresh) == -2)
			rc = -1;
	for (size_t i = 0; i < s->n && rc == 0; i++) {
		const struct event *e = &s->ev[i];
		uint64_t keys[2];
		int n = actor_keys(e, keys);
		for (int k = 0; k < n && rc == 0; k++)
			rc = block_add(bs, keys[k], (int)i);
		if (rc == 0 && map_get(&actorless, code_key(s, e)) >= 0)
			rc = block_add(bs, code_key(s, e), (int)i);
	}
	map_free(&actorless);
	return rc;
}

int cluster_block_pairs(const struct store *s, int *ev, size_t n, struct pairs *ps)
{
	int rc = 0;
	sort_store = s;
	qsort(ev, n, sizeof *ev, by_window);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct event *x = &s->ev[ev[i]];
		for (size_t j = i + 1, seen = 0; j < n && seen < NEIGHBOURS && rc == 0; j++) {
			const struct event *y = &s->ev[ev[j]];
			if (y->lo >= x->hi)
				break;
			if (x->doc == y->doc)
				continue;
			seen++;
			int score = pair_score(s, x, y);
			if (score >= 0)
				rc = add_pair(ps, score, ev[i], ev[j]);
		}
	}
	return rc;
}

static int candidate_pairs(const struct store *s, struct pairs *ps)
{
	struct blocks bs = {0};
	int rc = fill_blocks(s, &bs);
	for (size_t k = 0; k < bs.n && rc == 0; k++)
		rc = cluster_block_pairs(s, bs.b[k].ev, bs.b[k].n, ps);
	for (size_t k = 0; k < bs.n; k++)
		free(bs.b[k].ev);
	free(bs.b);
	map_free(&bs.map);
	return rc;
}

/* Best first, then by the events' order (whichever of the two found the other). */
static int by_score(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->score != y->score)
		return y->score - x->score;
	int xa = x->a < x->b ? x->a : x->b, xb = x->a < x->b ? x->b : x->a;
	int ya = y->a < y->b ? y->a : y->b, yb = y->a < y->b ? y->b : y->a;
	if (xa != ya)
		return xa - ya;
	return xb - yb;
}

/* ---- merging, best pair first */
static bool can_merge(const struct store *s, const struct cluster *x, const struct cluster *y)
{
	if (x->n + y->n > MAX_MEMBERS)
		return false;
	for (size_t i = 0; i < x->n; i++)
		for (size_t j = 0; j < y->n; j++)
			if (!may_join(s, &s->ev[x->members[i]], &s->ev[y->members[j]]))
				return false;
	return true;
}

static int merge(struct store *s, struct cluster *into, struct cluster *from)
{
	if (array_grow((void **)&into->members, &into->cap, into->n + from->n, sizeof *into->members, 4) < 0)
		return -1;
	for (size_t j = 0; j < from->n; j++) {
		into->members[into->n++] = from->members[j];
		s->ev[from->members[j]].cluster = s->ev[into->members[0]].cluster;
	}
	free(from->members);
	from->members = NULL;
	from->n = from->cap = 0;
	return 0;
}

static int by_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The cluster's date, code and id, from its member of least key (its first, the members being in
 * key order), so that the same events give the same id in any order: DATE.CODE.KEY, where DATE
 * is the earliest day a member states (else the earliest publication, else "undated"). */
static void name_cluster(const struct store *s, struct cluster *c)
{
	long day = LONG_MAX;
	for (size_t j = 0; j < c->n; j++) {
		const struct event *e = &s->ev[c->members[j]];
		if (e->day_first != LONG_MIN && e->day_first < day)
			day = e->day_first;
	}
	bool stated = day != LONG_MAX;
	for (size_t j = 0; j < c->n && !stated; j++) {
		const struct event *e = &s->ev[c->members[j]];
		if (e->published_min != NO_MINUTE && e->published_min / MINUTES_PER_DAY < day)
			day = (long)(e->published_min / MINUTES_PER_DAY);
	}
	if (day == LONG_MAX) {
		strcpy(c->date, "undated");
	} else {
		int y, m, d;
		date_civil_from_days(day, &y, &m, &d);
		snprintf(c->date, sizeof c->date, "%04d-%02d-%02d", y, m, d);
	}
	const struct event *head = &s->ev[c->members[0]];
	char hex[17];
	hash64_hex(head->key, hex);
	hex[10] = '\0';
	snprintf(c->id, sizeof c->id, "%s.%.*s.%s", c->date, (int)(head->code.len < 4 ? head->code.len : 4),
		 str_at(s, head->code), hex);
	c->code_event = c->members[0];
}

int cluster_prepare(struct store *s, size_t from)
{
	if (load_rules() < 0)
		return -1;
	for (size_t i = from; i < s->n; i++) {
		struct event *e = &s->ev[i];
		classify(str_at(s, e->code), e->code.len, &e->family, &e->symmetric);
		set_window(e);
	}
	return 0;
}

int cluster_events(struct store *s, struct clustering *cl)
{
	struct pairs ps = {0};
	if (cluster_prepare(s, 0) < 0)
		return -1;
	if (candidate_pairs(s, &ps) < 0) {
		msg("out of memory");
		free(ps.p);
		return -1;
	}
	return cluster_merge(s, cl, &ps);
}

int cluster_merge(struct store *s, struct clustering *cl, struct pairs *given)
{
	struct pairs ps = *given;
	*given = (struct pairs){0};
	struct cluster *one = calloc(s->n ? s->n : 1, sizeof *one);
	if (!one)
		goto oom;
	for (size_t i = 0; i < s->n; i++) {
		s->ev[i].cluster = (int)i;
		if (array_grow((void **)&one[i].members, &one[i].cap, 1, sizeof(int), 1) < 0)
			goto oom;
		one[i].members[one[i].n++] = (int)i;
	}
	if (ps.n > 1)
		qsort(ps.p, ps.n, sizeof *ps.p, by_score);
	for (size_t k = 0; k < ps.n; k++) {
		int x = s->ev[ps.p[k].a].cluster, y = s->ev[ps.p[k].b].cluster;
		if (x == y || !can_merge(s, &one[x], &one[y]))
			continue;
		if (x > y) {
			int t = x;
			x = y;
			y = t;
		}
		if (merge(s, &one[x], &one[y]) < 0)
			goto oom;
	}
	free(ps.p);
	ps.p = NULL;
	for (size_t i = 0; i < s->n; i++) {
		if (!one[i].n)
			continue;
		if (cl->n == cl->cap && array_grow((void **)&cl->c, &cl->cap, cl->n + 1, sizeof *cl->c, 256) < 0)
			goto oom;
		struct cluster *c = &cl->c[cl->n];
		*c = one[i];
		one[i].members = NULL;
		qsort(c->members, c->n, sizeof *c->members, by_int);
		for (size_t j = 0; j < c->n; j++)
			s->ev[c->members[j]].cluster = (int)cl->n;
		name_cluster(s, c);
		cl->n++;
	}
	free(one);
	return 0;
oom:
	msg("out of memory");
	free(ps.p);
	if (one)
		for (size_t i = 0; i < s->n; i++)
			free(one[i].members);
	free(one);
	return -1;
}

void clustering_free(struct clustering *cl)
{
	for (size_t i = 0; i < cl->n; i++)
		free(cl->c[i].members);
	free(cl->c);
	free(cl->rows);
}
