/* report.c: the comparison written out: as TSV rows sorted byte by byte (so that `comm` between
 * two runs shows what is new), as a text report a reader reads (one block per cluster,
 * disagreements first, the sources side by side with the words each used), and the coverage of
 * clusters by sources. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "err.h"
#include "out.h"
#include "utf8.h"

/* The name of the cluster's actor on the head's side `side` (or, when the head has none there,
 * the first member's that has one): the spelling most members use, then one in the letters of
 * its language rather than a transliteration ("Elena Kovačić" over "Jelena Kovachich"), then
 * one a gazetteer knows (it has an id), then the longest ("Ivo Radić" over "Radic"). */
static struct str side_name(const struct store *s, const struct cluster *c, int side)
{
	const struct event *head = &s->ev[c->code_event];
	int want = head->actor[side];
	for (size_t j = 0; j < c->n && want < 0; j++)
		if (s->ev[c->members[j]].actor[side] >= 0 && s->ev[c->members[j]].actor[side] != head->actor[1 - side])
			want = s->ev[c->members[j]].actor[side];
	struct str best = head->value[A_ACTOR1 + side];
	if (want < 0)
		return best;
	size_t best_count = 0;
	bool best_id = false, best_native = false;
	for (size_t j = 0; j < c->n; j++) {
		const struct event *e = &s->ev[c->members[j]];
		for (int k = 0; k < 2; k++) {
			if (e->actor[k] != want)
				continue;
			struct str v = e->value[A_ACTOR1 + k];
			size_t count = 0;
			for (size_t i = 0; i < c->n; i++)
				for (int m = 0; m < 2; m++) {
					struct str w = s->ev[c->members[i]].value[A_ACTOR1 + m];
					count += w.len == v.len && memcmp(str_at(s, w), str_at(s, v), v.len) == 0;
				}
			bool id = e->actor_id[k].len > 0, native = !utf8_is_ascii(str_at(s, v), v.len);
			int better = count != best_count ? (count > best_count ? 1 : -1) :
				     native != best_native ? (native ? 1 : -1) :
				     id != best_id ? (id ? 1 : -1) : v.len > best.len ? 1 : -1;
			if (better > 0) {
				best = v;
				best_count = count;
				best_id = id;
				best_native = native;
			}
		}
	}
	return best;
}

void cluster_actors(const struct store *s, const struct cluster *c, struct buf *out)
{
	buf_clear(out);
	for (int side = 0; side < 2; side++) {
		struct str n = side_name(s, c, side);
		if (!n.len)
			continue;
		if (out->len)
			buf_append(out, ", ", 2);
		buf_append(out, str_at(s, n), n.len);
	}
}

struct str row_value(const struct store *s, const struct cluster *c, const struct comparison *r)
{
	const struct event *e = &s->ev[r->event];
	if (r->attr != A_ACTOR1 && r->attr != A_ACTOR2)
		return e->value[r->attr];
	const struct event *head = &s->ev[c->code_event];
	int side = r->attr - A_ACTOR1;
	int want = head->actor[side];
	if (want >= 0 && e->actor[1 - side] == want && e->actor[side] != want)
		return e->value[A_ACTOR1 + 1 - side];
	return e->value[r->attr];
}

/* ---- the TSV, sorted byte by byte as it is written, without holding its lines: the rows are
 * compared field by field in their escaped form, the evidence read back only for a tie */

/* The next byte of the escaped form of p[0..n), then term, then -1. */
static int escaped_byte(const char *p, size_t n, size_t *i, int *pending, char term)
{
	if (*pending >= 0) {
		int c = *pending;
		*pending = -1;
		return c;
	}
	if (*i > n)
		return -1;
	if (*i == n) {
		(*i)++;
		return (unsigned char)term;
	}
	unsigned char c = (unsigned char)p[(*i)++];
	int second = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\\' ? '\\' : -1;
	if (second < 0)
		return c;
	*pending = second;
	return '\\';
}

/* Compares two fields as the line has them: escaped, then the byte after the field. */
static int cmp_field(const char *a, size_t an, const char *b, size_t bn, char term)
{
	size_t i = 0, j = 0;
	int pa = -1, pb = -1;
	for (;;) {
		int x = escaped_byte(a, an, &i, &pa, term), y = escaped_byte(b, bn, &j, &pb, term);
		if (x != y)
			return x < y ? -1 : 1;
		if (x < 0)
			return 0;
	}
}

struct tsv_order {
	const struct store *s;
	const struct clustering *cl;
	struct buf actors;       /* each cluster's actors, one after another */
	size_t *actors_at;       /* cluster i's are actors.p[actors_at[i] .. actors_at[i + 1]) */
	size_t *rank;            /* of each cluster in the order of its own fields */
	struct buf ea, eb;       /* evidence, read for a tie */
	bool failed;
};
static struct tsv_order *tsv_order;

/* The actors of cluster i (none written yet: the buffer holds nothing) */
static const char *actors_of(const struct tsv_order *o, int i)
{
	return o->actors.p ? o->actors.p + o->actors_at[i] : "";
}

/* The clusters' own fields lead the line: the clusters in that order once, then rows by rank. */
static int cluster_fields_cmp(int x, int y)
{
	const struct tsv_order *o = tsv_order;
	const struct store *s = o->s;
	const struct cluster *cx = &o->cl->c[x], *cy = &o->cl->c[y];
	const struct event *hx = &s->ev[cx->code_event], *hy = &s->ev[cy->code_event];
	int c;
	if ((c = cmp_field(cx->id, strlen(cx->id), cy->id, strlen(cy->id), '\t')) ||
	    (c = cmp_field(cx->date, strlen(cx->date), cy->date, strlen(cy->date), '\t')) ||
	    (c = cmp_field(str_at(s, hx->code), hx->code.len, str_at(s, hy->code), hy->code.len, '\t')) ||
	    (c = cmp_field(actors_of(o, x), o->actors_at[x + 1] - o->actors_at[x], actors_of(o, y),
			   o->actors_at[y + 1] - o->actors_at[y], '\t')))
		return c;
	return 0;
}

static int by_cluster_fields(const void *pa, const void *pb)
{
	int x = *(const int *)pa, y = *(const int *)pb, c = cluster_fields_cmp(x, y);
	return c ? c : x - y;
}

static int cmp_str(struct str x, struct str y, char term)
{
	const struct store *s = tsv_order->s;
	return cmp_field(str_at(s, x), x.len, str_at(s, y), y.len, term);
}

static int by_line(const void *pa, const void *pb)
{
	const struct tsv_order *o = tsv_order;
	const struct store *s = o->s;
	const struct comparison *x = &o->cl->rows[*(const size_t *)pa], *y = &o->cl->rows[*(const size_t *)pb];
	const struct cluster *cx = &o->cl->c[x->cluster], *cy = &o->cl->c[y->cluster];
	const struct event *ex = &s->ev[x->event], *ey = &s->ev[y->event];
	int c;
	if (o->rank[x->cluster] != o->rank[y->cluster])
		return o->rank[x->cluster] < o->rank[y->cluster] ? -1 : 1;
	if ((c = cmp_field(attr_names[x->attr], strlen(attr_names[x->attr]), attr_names[y->attr],
			   strlen(attr_names[y->attr]), '\t')) ||
	    (c = cmp_str(ex->source, ey->source, '\t')) || (c = cmp_str(ex->published, ey->published, '\t')) ||
	    (c = cmp_str(ex->value[A_DATE], ey->value[A_DATE], '\t')) ||
	    (c = cmp_str(row_value(s, cx, x), row_value(s, cy, y), '\t')) ||
	    (c = cmp_field(status_names[x->status], strlen(status_names[x->status]), status_names[y->status],
			   strlen(status_names[y->status]), '\t')))
		return c;
	if (store_evidence_of(s, ex, x->attr, row_value(s, cx, x), &tsv_order->ea) < 0 ||
	    store_evidence_of(s, ey, y->attr, row_value(s, cy, y), &tsv_order->eb) < 0)
		tsv_order->failed = true;
	/* the end of the line is less than any byte, as for sort(1) (no field holds a NUL) */
	if ((c = cmp_field(o->ea.p ? o->ea.p : "", o->ea.len, o->eb.p ? o->eb.p : "", o->eb.len, '\0')))
		return c;
	/* the very same line twice: any order writes the same bytes */
	return *(const size_t *)pa < *(const size_t *)pb ? -1 : *(const size_t *)pa > *(const size_t *)pb;
}

static void out_field(const char *p, size_t n, char term)
{
	out_escaped(p, n);
	out_char(term);
}

int report_tsv(const struct store *s, const struct clustering *cl, bool header)
{
	struct tsv_order o = {.s = s, .cl = cl};
	struct buf one = {0};
	int rc = -1;
	size_t *order = malloc((cl->nrows ? cl->nrows : 1) * sizeof *order);
	o.actors_at = malloc((cl->n + 1) * sizeof *o.actors_at);
	if (!order || !o.actors_at)
		goto oom;
	for (size_t i = 0; i < cl->n; i++) {
		o.actors_at[i] = o.actors.len;
		cluster_actors(s, &cl->c[i], &one);
		if (one.len && buf_append(&o.actors, one.p, one.len) < 0)
			goto oom;
	}
	o.actors_at[cl->n] = o.actors.len;
	tsv_order = &o;
	int *by_fields = malloc((cl->n ? cl->n : 1) * sizeof *by_fields);
	o.rank = malloc((cl->n ? cl->n : 1) * sizeof *o.rank);
	if (!by_fields || !o.rank) {
		free(by_fields);
		goto oom;
	}
	for (size_t i = 0; i < cl->n; i++)
		by_fields[i] = (int)i;
	if (cl->n > 1)
		qsort(by_fields, cl->n, sizeof *by_fields, by_cluster_fields);
	/* clusters of the same fields (two copies of one row, alone each) share a rank, so that
	 * their rows interleave as sort(1) interleaves them */
	for (size_t i = 0; i < cl->n; i++)
		o.rank[by_fields[i]] = i && cluster_fields_cmp(by_fields[i - 1], by_fields[i]) == 0 ? o.rank[by_fields[i - 1]] : i;
	free(by_fields);
	for (size_t i = 0; i < cl->nrows; i++)
		order[i] = i;
	if (cl->nrows > 1)
		qsort(order, cl->nrows, sizeof *order, by_line);
	if (o.failed)
		goto fail;
	if (header)
		out_str(TSV_HEADER);
	for (size_t k = 0; k < cl->nrows && !out_failed(); k++) {
		const struct comparison *r = &cl->rows[order[k]];
		const struct cluster *c = &cl->c[r->cluster];
		const struct event *e = &s->ev[r->event], *head = &s->ev[c->code_event];
		struct str v = row_value(s, c, r);
		if (store_evidence_of(s, e, r->attr, v, &one) < 0)
			goto fail;
		out_field(c->id, strlen(c->id), '\t');
		out_field(c->date, strlen(c->date), '\t');
		out_field(str_at(s, head->code), head->code.len, '\t');
		out_field(actors_of(&o, r->cluster), o.actors_at[r->cluster + 1] - o.actors_at[r->cluster], '\t');
		out_field(attr_names[r->attr], strlen(attr_names[r->attr]), '\t');
		out_field(str_at(s, e->source), e->source.len, '\t');
		out_field(str_at(s, e->published), e->published.len, '\t');
		out_field(str_at(s, e->value[A_DATE]), e->value[A_DATE].len, '\t');
		out_field(str_at(s, v), v.len, '\t');
		out_field(status_names[r->status], strlen(status_names[r->status]), '\t');
		out_field(one.p ? one.p : "", one.len, '\n');
	}
	rc = 0;
	goto done;
oom:
	msg("out of memory");
fail:
done:
	free(order);
	free(o.rank);
	free(o.actors_at);
	buf_free(&o.actors);
	buf_free(&o.ea);
	buf_free(&o.eb);
	buf_free(&one);
	return rc;
}

/* ---- the text report */

/* Clusters in reading order: those with a disagreement first, then by id (date first). */
static const struct clustering *order_cl;

static int by_interest(const void *a, const void *b)
{
	const struct cluster *x = &order_cl->c[*(const int *)a], *y = &order_cl->c[*(const int *)b];
	if (x->disagrees != y->disagrees)
		return y->disagrees - x->disagrees;
	return strcmp(x->id, y->id);
}

static int by_id(const void *a, const void *b)
{
	return strcmp(order_cl->c[*(const int *)a].id, order_cl->c[*(const int *)b].id);
}

/* The indices 0..n-1 sorted by cmp, malloc'ed; NULL when out of memory. */
static int *sorted_indices(size_t n, int (*cmp)(const void *, const void *))
{
	int *order = malloc((n ? n : 1) * sizeof *order);
	if (!order)
		return NULL;
	for (size_t i = 0; i < n; i++)
		order[i] = (int)i;
	if (n > 1)
		qsort(order, n, sizeof *order, cmp);
	return order;
}

int *clusters_in_order(const struct clustering *cl)
{
	order_cl = cl;
	return sorted_indices(cl->n, by_interest);
}

void out_summary(const struct store *s, const struct clustering *cl)
{
	size_t ndis = 0;
	for (size_t i = 0; i < cl->n; i++)
		ndis += cl->c[i].disagrees > 0;
	out_ulong(s->n);
	out_str(" events from ");
	out_ulong(s->nsources);
	out_str(s->nsources == 1 ? " source in " : " sources in ");
	out_ulong(cl->n);
	out_str(" clusters; ");
	out_ulong(ndis);
	out_str(" with a conflict or an omission");
}

/* The first row of each cluster in cl->rows (they come cluster by cluster). */
size_t *cluster_first_rows(const struct clustering *cl)
{
	size_t *first = malloc((cl->n + 1) * sizeof *first);
	if (!first)
		return NULL;
	for (size_t i = 0; i <= cl->n; i++)
		first[i] = cl->nrows;
	for (size_t r = cl->nrows; r-- > 0;)
		first[cl->rows[r].cluster] = r;
	for (size_t i = cl->n; i-- > 0;)
		if (first[i] == cl->nrows || first[i] > first[i + 1])
			first[i] = first[i + 1];
	return first;
}

static void out_n(const char *p, size_t n)
{
	/* a report line holds no raw line break: the escapes of the stream format show them */
	out_escaped(p, n);
}

static void out_pad(size_t have, size_t width)
{
	for (; have < width; have++)
		out_char(' ');
}

/* Display width of UTF-8 bytes: code points, which is right for the Latin and Cyrillic of news. */
static size_t width_of(const char *p, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)p[i] & 0xc0) != 0x80;
	return w;
}

/* The sentences a block cites, numbered in order of first citation, each once. */
struct citations {
	struct buf text;    /* the sentences, each NUL-terminated */
	size_t start[2 * NATTR * 64];
	int source[2 * NATTR * 64];
	size_t n;
};

static size_t cite(struct citations *ct, int source, const char *p, size_t n)
{
	for (size_t k = 0; k < ct->n; k++)
		if (ct->source[k] == source && strcmp(ct->text.p + ct->start[k], p) == 0)
			return k + 1;
	if (ct->n == sizeof ct->start / sizeof *ct->start)
		return 0;
	ct->start[ct->n] = ct->text.len;
	ct->source[ct->n] = source;
	if (buf_append(&ct->text, p, n) < 0 || buf_putc(&ct->text, '\0') < 0)
		return 0;
	return ++ct->n;
}

static void text_rows(const struct store *s, const struct clustering *cl, int ci, size_t from, size_t to,
		      struct citations *ct, struct buf *tmp)
{
	const struct cluster *c = &cl->c[ci];
	size_t sw = 0;
	for (size_t r = from; r < to; r++) {
		const struct event *e = &s->ev[cl->rows[r].event];
		size_t w = width_of(str_at(s, e->source), e->source.len);
		sw = w > sw ? w : sw;
	}
	for (size_t r = from; r < to; r++) {
		const struct comparison *row = &cl->rows[r];
		const struct event *e = &s->ev[row->event];
		bool first = r == from || cl->rows[r - 1].attr != row->attr;
		out_str("   ");
		out_str(first ? attr_names[row->attr] : "");
		out_pad(first ? strlen(attr_names[row->attr]) : 0, 14);
		out_str(status_names[row->status]);
		out_pad(strlen(status_names[row->status]), 12);
		out_n(str_at(s, e->source), e->source.len);
		out_pad(width_of(str_at(s, e->source), e->source.len), sw + 2);
		struct str v = row_value(s, c, row);
		if (v.len)
			out_n(str_at(s, v), v.len);
		else
			out_str("(not stated)");
		if (e->published.len && (row->status == ST_REVISED || row->attr == A_QUANTITY)) {
			out_str("  (published ");
			out_n(str_at(s, e->published), e->published.len);
			out_char(')');
		}
		size_t k = 0;
		if (v.len && store_evidence_of(s, e, row->attr, v, tmp) == 0 && tmp->len)
			k = cite(ct, (int)e->source_ix, tmp->p, tmp->len);
		if (k) {
			out_str("  [");
			out_ulong(k);
			out_char(']');
		}
		out_char('\n');
	}
}

static void text_block(const struct store *s, const struct clustering *cl, int ci, size_t from, size_t to,
		       struct citations *ct, struct buf *tmp)
{
	const struct cluster *c = &cl->c[ci];
	const struct event *head = &s->ev[c->code_event];
	cluster_actors(s, c, tmp);
	out_str("== ");
	out_str(c->date);
	out_str("  ");
	out_n(str_at(s, head->code), head->code.len);
	out_char(' ');
	out_n(str_at(s, head->label), head->label.len);
	out_str(": ");
	out_n(tmp->p ? tmp->p : "", tmp->len);
	out_str("\n   cluster ");
	out_str(c->id);
	out_str(c->disagrees == 2 ? "; the sources conflict\n" : c->disagrees ? "; a source omits what others state\n" : "\n");
	buf_clear(&ct->text);
	ct->n = 0;
	text_rows(s, cl, ci, from, to, ct, tmp);
	if (counts_rise(s, cl, from, to))
		out_str("   (the count rises in the order the reports were published: a story that developed,\n"
			"   more than outlets that disagree)\n");
	/* the words of each source, each sentence once */
	for (size_t k = 0; k < ct->n; k++) {
		const char *src = s->sources[ct->source[k]];
		out_str("   [");
		out_ulong(k + 1);
		out_str("] ");
		out_n(src, strlen(src));
		out_str(": \"");
		out_str(ct->text.p + ct->start[k]);
		out_str("\"\n");
	}
	out_char('\n');
}

int report_text(const struct store *s, const struct clustering *cl)
{
	int *order = clusters_in_order(cl);
	size_t *first = cluster_first_rows(cl);
	struct citations *ct = calloc(1, sizeof *ct);
	struct buf tmp = {0};
	if (!order || !first || !ct) {
		free(order);
		free(first);
		free(ct);
		msg("out of memory");
		return -1;
	}
	out_str("diff-sources: ");
	out_summary(s, cl);
	out_str("\n\n");
	for (size_t k = 0; k < cl->n && !out_failed(); k++) {
		int ci = order[k];
		text_block(s, cl, ci, first[ci], first[ci + 1], ct, &tmp);
	}
	buf_free(&ct->text);
	free(ct);
	free(order);
	free(first);
	buf_free(&tmp);
	return 0;
}

/* ---- coverage: clusters x sources */
static const struct store *names_store;

static int by_name(const void *a, const void *b)
{
	return strcmp(names_store->sources[*(const int *)a], names_store->sources[*(const int *)b]);
}

int *sources_by_name(const struct store *s)
{
	names_store = s;
	return sorted_indices(s->nsources, by_name);
}

bool cluster_has_source(const struct store *s, const struct cluster *c, int source)
{
	for (size_t j = 0; j < c->n; j++)
		if ((int)s->ev[c->members[j]].source_ix == source)
			return true;
	return false;
}

int report_coverage(const struct store *s, const struct clustering *cl, enum format f)
{
	int *src = sources_by_name(s), *order = clusters_in_order(cl);
	struct buf actors = {0};
	if (!src || !order) {
		free(src);
		free(order);
		msg("out of memory");
		return -1;
	}
	/* in id order, which is date order (and what comm wants); the text has the sources as
	 * numbered columns of marks */
	order_cl = cl;
	qsort(order, cl->n, sizeof *order, by_id);
	if (f != FORMAT_TSV) {
		for (size_t k = 0; k < s->nsources; k++) {
			char num[24];
			snprintf(num, sizeof num, "%2zu ", k + 1);
			out_str(num);
		}
		out_char('\n');
	}
	if (f == FORMAT_TSV) {
		out_str("cluster\tcluster_date\tcode\tactors");
		for (size_t k = 0; k < s->nsources; k++) {
			out_char('\t');
			out_escaped(s->sources[src[k]], strlen(s->sources[src[k]]));
		}
		out_char('\n');
	}
	for (size_t i = 0; i < cl->n && !out_failed(); i++) {
		const struct cluster *c = &cl->c[order[i]];
		const struct event *head = &s->ev[c->code_event];
		cluster_actors(s, c, &actors);
		if (f == FORMAT_TSV) {
			out_str(c->id);
			out_char('\t');
			out_str(c->date);
			out_char('\t');
			out_escaped(str_at(s, head->code), head->code.len);
			out_char('\t');
			out_escaped(actors.p ? actors.p : "", actors.len);
			for (size_t k = 0; k < s->nsources; k++)
				out_str(cluster_has_source(s, c, src[k]) ? "\tyes" : "\tno");
			out_char('\n');
			continue;
		}
		for (size_t k = 0; k < s->nsources; k++)
			out_str(cluster_has_source(s, c, src[k]) ? " X " : " . ");
		out_str("  ");
		out_str(c->date);
		out_char(' ');
		out_escaped(str_at(s, head->code), head->code.len);
		out_char(' ');
		out_escaped(actors.p ? actors.p : "", actors.len);
		out_char('\n');
	}
	if (f != FORMAT_TSV) {
		out_str("\nsources (columns, left to right):\n");
		for (size_t k = 0; k < s->nsources; k++) {
			out_str("  ");
			out_ulong(k + 1);
			out_str(". ");
			out_str(s->sources[src[k]]);
			out_char('\n');
		}
	}
	free(src);
	free(order);
	buf_free(&actors);
	return 0;
}
