/* compare.c: each attribute of each cluster, source by source. A source's value is that of its
 * latest report of the happening; its earlier reports are shown too, and a later report of one
 * source that changes its own value is `revised`. Values are compared by what they mean, not by
 * their words: intervals for dates, instants, durations and counts ("more than 150,000" and "up
 * to 190,000" are compatible, 66 and "more than 100" are not), resolved actors for actors, and
 * words for conditions and attributions, which can differ without contradicting each other. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "err.h"

#define SAME_INSTANT 30 /* minutes between two statements of one instant ("about 1:00 am") */

static bool same_str(const struct store *s, struct str a, struct str b)
{
	return a.len == b.len && memcmp(str_at(s, a), str_at(s, b), a.len) == 0;
}

/* ---- numbers with qualifiers: "~150000", ">100", "<=190000", "PT1H45M", "~PT1H" */
struct range {
	double lo, hi;
};

/* The qualifier at *p ("~", ">", ">=", "<", "<=") as the range around v it allows. */
static struct range qualified(const char *q, size_t qn, double v, double approx)
{
	if (qn == 1 && q[0] == '~')
		return (struct range){v * (1 - approx), v * (1 + approx)};
	if (qn == 1 && q[0] == '>')
		return (struct range){nextafter(v, INFINITY), INFINITY};
	if (qn == 2 && q[0] == '>')
		return (struct range){v, INFINITY};
	if (qn == 1 && q[0] == '<')
		return (struct range){-INFINITY, nextafter(v, -INFINITY)};
	if (qn == 2 && q[0] == '<')
		return (struct range){-INFINITY, v};
	return (struct range){v, v};
}

static size_t qualifier_len(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n && i < 2 && (p[i] == '~' || p[i] == '>' || p[i] == '<' || p[i] == '='))
		i++;
	return i;
}

/* A count, "66" or "~150000" (a unit after a space): its range, and where its unit starts. */
static bool parse_count(const char *p, size_t n, struct range *r, const char **unit, size_t *unit_len)
{
	size_t q = qualifier_len(p, n), k = q;
	if (k < n && p[k] == '#')
		k++; /* an ordinal, #3: compared as a number */
	size_t digits = k;
	char tmp[64];
	while (k < n && k - digits < sizeof tmp - 1 && ((p[k] >= '0' && p[k] <= '9') || p[k] == '.'))
		k++;
	if (k == digits)
		return false;
	memcpy(tmp, p + digits, k - digits);
	tmp[k - digits] = '\0';
	*r = qualified(p, q, strtod(tmp, NULL), 0.1);
	while (k < n && p[k] == ' ')
		k++;
	*unit = p + k;
	*unit_len = n - k;
	/* plurals as they come: "violation" and "violations" are one unit */
	if (*unit_len > 1 && (*unit)[*unit_len - 1] == 's')
		(*unit_len)--;
	return true;
}

/* An ISO 8601 duration, PT1H45M or P2D, with a qualifier, in minutes. */
static bool parse_duration(const char *p, size_t n, struct range *r)
{
	size_t q = qualifier_len(p, n), i = q;
	if (i >= n || p[i] != 'P')
		return false;
	double minutes = 0, v = 0;
	bool in_time = false, any = false;
	for (i++; i < n; i++) {
		char c = p[i];
		if (c == 'T') {
			in_time = true;
		} else if ((c >= '0' && c <= '9') || c == '.') {
			/* the digits within the value only: it is not NUL-terminated here */
			double scale = 0;
			for (v = 0; i < n && ((p[i] >= '0' && p[i] <= '9') || (p[i] == '.' && !scale)); i++) {
				if (p[i] == '.')
					scale = 1;
				else if (scale)
					v += (p[i] - '0') * (scale /= 10);
				else
					v = v * 10 + (p[i] - '0');
			}
			i--;
			any = true;
		} else {
			double unit = c == 'W' ? 7 * 1440 : c == 'D' ? 1440 : c == 'H' ? 60 :
				      c == 'M' ? (in_time ? 1 : 30 * 1440) : c == 'S' ? 1 / 60.0 : c == 'Y' ? 365 * 1440 : -1;
			if (unit < 0)
				return false;
			minutes += v * unit;
			v = 0;
		}
	}
	if (!any)
		return false;
	*r = qualified(p, q, minutes, 0.25);
	return true;
}

static enum status ranges(struct range a, struct range b, bool equal_text)
{
	if (equal_text)
		return ST_AGREE;
	if (a.lo == b.lo && a.hi == b.hi)
		return ST_AGREE;
	return a.lo <= b.hi && b.lo <= a.hi ? ST_COMPATIBLE : ST_CONFLICT;
}

/* ---- the attributes */
static enum status compare_dates(const struct event *x, const struct event *y, bool equal_text)
{
	if (x->utc_lo != NO_MINUTE && y->utc_lo != NO_MINUTE) {
		/* one instant, whatever the local dates: 23:00 Paris on the 20th is 01:00 Moscow on the 21st */
		bool meet = x->utc_lo - SAME_INSTANT <= y->utc_hi && y->utc_lo - SAME_INSTANT <= x->utc_hi;
		return meet ? (equal_text ? ST_AGREE : ST_COMPATIBLE) : ST_CONFLICT;
	}
	if (x->day_first == LONG_MIN || y->day_first == LONG_MIN)
		return equal_text ? ST_AGREE : ST_COMPATIBLE;
	if (x->day_first == y->day_first && x->day_last == y->day_last)
		return ST_AGREE;
	if (x->day_first <= y->day_last && y->day_first <= x->day_last)
		return ST_COMPATIBLE;
	/* an instant on one side may fall on the other's local day */
	const struct event *u = x->utc_lo != NO_MINUTE ? x : y->utc_lo != NO_MINUTE ? y : NULL;
	const struct event *d = u == x ? y : x;
	if (u && u->utc_lo < ((int64_t)d->day_last + 1) * 1440 + 14 * 60 &&
	    u->utc_hi >= (int64_t)d->day_first * 1440 - 12 * 60)
		return ST_COMPATIBLE;
	return ST_CONFLICT;
}

static enum status compare_times(const struct event *x, const struct event *y, bool equal_text)
{
	if (equal_text)
		return ST_AGREE;
	if (x->utc_lo == NO_MINUTE || y->utc_lo == NO_MINUTE)
		return ST_COMPATIBLE; /* local times of zones unknown: nothing shows a contradiction */
	bool meet = x->utc_lo - SAME_INSTANT <= y->utc_hi && y->utc_lo - SAME_INSTANT <= x->utc_hi;
	return meet ? ST_COMPATIBLE : ST_CONFLICT;
}

static enum status compare_counts(const struct store *s, struct str a, struct str b, bool equal_text)
{
	struct range ra, rb;
	const char *ua, *ub;
	size_t na, nb;
	if (equal_text)
		return ST_AGREE;
	if (!parse_count(str_at(s, a), a.len, &ra, &ua, &na) || !parse_count(str_at(s, b), b.len, &rb, &ub, &nb))
		return ST_COMPATIBLE;
	/* counts of different things ("12 people", "3 ferries") say nothing of each other */
	if (na && nb && (na != nb || memcmp(ua, ub, na) != 0))
		return ST_COMPATIBLE;
	return ranges(ra, rb, false);
}

static enum status compare_durations(const struct store *s, struct str a, struct str b, bool equal_text)
{
	struct range ra, rb;
	if (equal_text)
		return ST_AGREE;
	if (!parse_duration(str_at(s, a), a.len, &ra) || !parse_duration(str_at(s, b), b.len, &rb))
		return ST_COMPATIBLE;
	return ranges(ra, rb, false);
}

/* asserted, alleged and the qualified kinds (planned, expected, proposed, conditional) tell one
 * happening more or less firmly; only a denial contradicts the others. */
static enum status compare_modalities(const struct store *s, struct str a, struct str b, bool equal_text)
{
	if (equal_text)
		return ST_AGREE;
	bool da = a.len == 6 && memcmp(str_at(s, a), "denied", 6) == 0;
	bool db = b.len == 6 && memcmp(str_at(s, b), "denied", 6) == 0;
	return da != db ? ST_CONFLICT : ST_COMPATIBLE;
}

/* The actor of one side of x as the cluster's head orders the sides. */
static int aligned(const struct event *x, int side, bool crossed)
{
	return x->actor[crossed ? 1 - side : side];
}

static enum status compare_actors(const struct store *s, int side, const struct event *x, bool cx,
				  const struct event *y, bool cy)
{
	struct str nx = x->value[A_ACTOR1 + (cx ? 1 - side : side)], ny = y->value[A_ACTOR1 + (cy ? 1 - side : side)];
	int ax = aligned(x, side, cx), ay = aligned(y, side, cy);
	if (ax >= 0 && ax == ay)
		return same_str(s, nx, ny) ? ST_AGREE : ST_COMPATIBLE;
	/* not one actor: compatible only as a country and its government (cluster.c's side match) */
	return ST_COMPATIBLE;
}

/* Whether e's sides are crossed against the cluster head's. */
static bool crossed_against(const struct store *s, const struct event *head, const struct event *e)
{
	bool crossed = false;
	if (head != e)
		actors_match(s, head, e, &crossed);
	return crossed;
}

static struct str value_of(const struct store *s, const struct event *head, const struct event *e, enum attr a)
{
	if (a == A_ACTOR1 || a == A_ACTOR2) {
		bool c = crossed_against(s, head, e);
		int side = a - A_ACTOR1;
		return e->value[A_ACTOR1 + (c ? 1 - side : side)];
	}
	return e->value[a];
}

static enum status compare_in(const struct store *s, const struct event *head, enum attr a,
			      const struct event *x, const struct event *y)
{
	struct str vx = value_of(s, head, x, a), vy = value_of(s, head, y, a);
	bool eq = same_str(s, vx, vy);
	switch (a) {
	case A_ACTOR1:
	case A_ACTOR2:
		return compare_actors(s, a - A_ACTOR1, x, crossed_against(s, head, x), y, crossed_against(s, head, y));
	case A_DATE: return compare_dates(x, y, eq);
	case A_TIME: return compare_times(x, y, eq);
	case A_DURATION: return compare_durations(s, vx, vy, eq);
	case A_QUANTITY: return compare_counts(s, vx, vy, eq);
	case A_MODALITY: return compare_modalities(s, vx, vy, eq);
	default: return eq ? ST_AGREE : ST_COMPATIBLE;
	}
}

enum status compare_values(const struct store *s, enum attr a, const struct event *x, const struct event *y)
{
	return compare_in(s, x, a, x, y);
}

static int add_row(struct clustering *cl, int cluster, int event, enum attr a, enum status st)
{
	if (cl->nrows == cl->rows_cap &&
	    array_grow((void **)&cl->rows, &cl->rows_cap, cl->nrows + 1, sizeof *cl->rows, 1024) < 0)
		return -1;
	cl->rows[cl->nrows++] = (struct comparison){cluster, event, a, st};
	return 0;
}

static const struct store *order_store;

/* the members by source, then by publication, then key */
static int by_source_time(const void *pa, const void *pb)
{
	const struct event *x = &order_store->ev[*(const int *)pa], *y = &order_store->ev[*(const int *)pb];
	int c = strcmp(order_store->sources[x->source_ix], order_store->sources[y->source_ix]);
	if (c)
		return c;
	if (x->published_min != y->published_min)
		return x->published_min < y->published_min ? -1 : 1;
	return *(const int *)pa - *(const int *)pb;
}

/* A sentence that tells an event without its date, its time or its source usually leaves them
 * to its article (the dateline, the lead), so their absence is no omission; the actors, the
 * condition, the figures, the duration, the place and the modality are the event's own. */
static bool omission_matters(enum attr a)
{
	return a != A_DATE && a != A_TIME && a != A_ATTRIBUTED_TO;
}

/* The rows of one attribute of one cluster, whose members are in source order. */
static int compare_attribute(const struct store *s, struct clustering *cl, int ci, enum attr a)
{
	const struct cluster *c = &cl->c[ci];
	const struct event *head = &s->ev[c->code_event];
	size_t with_value = 0, nsources = 0;
	for (size_t j = 0; j < c->n; j++) {
		const struct event *e = &s->ev[c->members[j]];
		with_value += value_of(s, head, e, a).len > 0;
		nsources += j == 0 || e->source_ix != s->ev[c->members[j - 1]].source_ix;
	}
	if (!with_value)
		return 0;
	for (size_t j = 0; j < c->n; j++) {
		const struct event *e = &s->ev[c->members[j]];
		bool latest = j + 1 == c->n || s->ev[c->members[j + 1]].source_ix != e->source_ix;
		bool earlier_same = j > 0 && s->ev[c->members[j - 1]].source_ix == e->source_ix;
		enum status st;
		if (!value_of(s, head, e, a).len) {
			/* an earlier report without it says nothing; the latest one omits it, unless it is
			 * a detail a sentence leaves to its article (when, who said so) */
			if (!latest || nsources == 1 || !omission_matters(a))
				continue;
			st = ST_OMITS;
		} else if (nsources == 1) {
			st = ST_ONLY;
		} else {
			/* against the latest value of every other source that states one */
			bool conflict = false, all_agree = true, other = false;
			for (size_t k = 0; k < c->n; k++) {
				const struct event *o = &s->ev[c->members[k]];
				bool o_latest = k + 1 == c->n || s->ev[c->members[k + 1]].source_ix != o->source_ix;
				if (o->source_ix == e->source_ix || !o_latest || !value_of(s, head, o, a).len)
					continue;
				other = true;
				enum status v = compare_in(s, head, a, e, o);
				conflict |= v == ST_CONFLICT;
				all_agree &= v == ST_AGREE;
			}
			st = !other ? ST_ONLY : conflict ? ST_CONFLICT : all_agree ? ST_AGREE : ST_COMPATIBLE;
		}
		/* a later report of one source that changes its own value (a name spelled anew is
		 * no revision) */
		if (earlier_same && a != A_ACTOR1 && a != A_ACTOR2) {
			const struct event *prev = &s->ev[c->members[j - 1]];
			if (value_of(s, head, prev, a).len && compare_in(s, head, a, prev, e) != ST_AGREE)
				st = ST_REVISED;
		}
		if (add_row(cl, ci, c->members[j], a, st) < 0)
			return -1;
	}
	return 0;
}

/* Counts in the order they were published, so that a toll that rises as reports come in reads
 * as it rose (126, 141, 145): the rows of one attribute, then by publication. */
static int by_publication(const void *pa, const void *pb)
{
	const struct comparison *x = pa, *y = pb;
	const struct event *ex = &order_store->ev[x->event], *ey = &order_store->ev[y->event];
	if (ex->published_min != ey->published_min)
		return ex->published_min < ey->published_min ? -1 : 1;
	int c = strcmp(order_store->sources[ex->source_ix], order_store->sources[ey->source_ix]);
	return c ? c : x->event - y->event;
}

bool counts_rise(const struct store *s, const struct clustering *cl, size_t from, size_t to)
{
	double last = -INFINITY;
	int64_t last_published = NO_MINUTE;
	size_t times = 0;
	bool conflict = false;
	for (size_t r = from; r < to; r++) {
		const struct comparison *row = &cl->rows[r];
		const struct event *e = &s->ev[row->event];
		struct str v = e->value[A_QUANTITY];
		struct range rg;
		const char *unit;
		size_t unit_len;
		if (row->attr != A_QUANTITY || !v.len)
			continue;
		if (!parse_count(str_at(s, v), v.len, &rg, &unit, &unit_len) || rg.lo < last || e->published_min == NO_MINUTE)
			return false;
		times += e->published_min != last_published;
		conflict |= row->status == ST_CONFLICT || row->status == ST_REVISED;
		last = rg.lo;
		last_published = e->published_min;
	}
	return conflict && times > 1;
}

int compare_clusters(const struct store *s, struct clustering *cl)
{
	order_store = s;
	for (size_t ci = 0; ci < cl->n; ci++) {
		struct cluster *c = &cl->c[ci];
		qsort(c->members, c->n, sizeof *c->members, by_source_time);
		size_t first = cl->nrows;
		for (int a = 0; a < NATTR; a++) {
			size_t from = cl->nrows;
			if (compare_attribute(s, cl, (int)ci, a) < 0) {
				msg("out of memory");
				return -1;
			}
			if (a == A_QUANTITY && cl->nrows - from > 1)
				qsort(cl->rows + from, cl->nrows - from, sizeof *cl->rows, by_publication);
		}
		for (size_t r = first; r < cl->nrows; r++) {
			enum status st = cl->rows[r].status;
			int level = st == ST_CONFLICT ? 2 : st == ST_OMITS ? 1 : 0;
			c->disagrees = level > c->disagrees ? level : c->disagrees;
		}
	}
	return 0;
}
