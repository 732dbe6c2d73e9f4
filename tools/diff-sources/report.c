/* report.c: the comparison written out: as TSV rows sorted byte by byte (so that `comm` between
 * two runs shows what is new), as a text report a reader reads (one block per cluster,
 * disagreements first, the sources side by side with the words each used), and the coverage of
 * clusters by sources. */
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "err.h"
#include "out.h"

/* The longest name the members give the actor of the head's side `side`. */
static struct str side_name(const struct store *s, const struct cluster *c, int side)
{
	const struct event *head = &s->ev[c->code_event];
	int want = head->actor[side];
	struct str best = head->value[A_ACTOR1 + side];
	if (want < 0)
		return best;
	for (size_t j = 0; j < c->n; j++) {
		const struct event *e = &s->ev[c->members[j]];
		for (int k = 0; k < 2; k++)
			if (e->actor[k] == want && e->value[A_ACTOR1 + k].len > best.len)
				best = e->value[A_ACTOR1 + k];
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

/* The value a row shows: the actor of the head's side for an actor row. */
static struct str row_value(const struct store *s, const struct cluster *c, const struct comparison *r)
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

static void field(struct buf *line, const char *p, size_t n, bool last)
{
	if (buf_reserve(line, 2 * n + 1) < 0)
		return;
	line->len += escape_to(line->p + line->len, p, n);
	line->p[line->len++] = last ? '\n' : '\t';
	line->p[line->len] = '\0';
}

static int by_bytes(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	return strcmp(*x, *y);
}

int report_tsv(const struct store *s, const struct clustering *cl)
{
	out_str("cluster\tcluster_date\tcode\tactors\tdate\tattribute\tsource\tpublished\tvalue\tstatus\tevidence\n");
	struct buf lines = {0}, actors = {0}, evidence = {0};
	size_t *starts = malloc((cl->nrows ? cl->nrows : 1) * sizeof *starts);
	if (!starts)
		goto oom;
	for (size_t i = 0; i < cl->nrows; i++) {
		const struct comparison *r = &cl->rows[i];
		const struct cluster *c = &cl->c[r->cluster];
		const struct event *e = &s->ev[r->event], *head = &s->ev[c->code_event];
		struct str v = row_value(s, c, r);
		cluster_actors(s, c, &actors);
		if (store_evidence(s, e, &evidence) < 0)
			goto fail;
		starts[i] = lines.len;
		field(&lines, c->id, strlen(c->id), false);
		field(&lines, c->date, strlen(c->date), false);
		field(&lines, str_at(s, head->code), head->code.len, false);
		field(&lines, actors.p ? actors.p : "", actors.len, false);
		field(&lines, str_at(s, e->value[A_DATE]), e->value[A_DATE].len, false);
		field(&lines, attr_names[r->attr], strlen(attr_names[r->attr]), false);
		field(&lines, str_at(s, e->source), e->source.len, false);
		field(&lines, str_at(s, e->published), e->published.len, false);
		field(&lines, str_at(s, v), v.len, false);
		field(&lines, status_names[r->status], strlen(status_names[r->status]), false);
		field(&lines, evidence.p ? evidence.p : "", evidence.len, true);
		if (buf_putc(&lines, '\0') < 0)
			goto oom;
	}
	char **order = malloc((cl->nrows ? cl->nrows : 1) * sizeof *order);
	if (!order)
		goto oom;
	for (size_t i = 0; i < cl->nrows; i++)
		order[i] = lines.p + starts[i];
	qsort(order, cl->nrows, sizeof *order, by_bytes);
	for (size_t i = 0; i < cl->nrows && !out_failed(); i++)
		out_str(order[i]);
	free(order);
	free(starts);
	buf_free(&lines);
	buf_free(&actors);
	buf_free(&evidence);
	return 0;
oom:
	msg("out of memory");
fail:
	free(starts);
	buf_free(&lines);
	buf_free(&actors);
	buf_free(&evidence);
	return -1;
}

/* ---- the text report */

/* Clusters in reading order: those with a disagreement first, then by id (date first). */
static const struct clustering *order_cl;

static int by_interest(const void *a, const void *b)
{
	const struct cluster *x = &order_cl->c[*(const int *)a], *y = &order_cl->c[*(const int *)b];
	if (x->disagrees != y->disagrees)
		return x->disagrees ? -1 : 1;
	return strcmp(x->id, y->id);
}

int *clusters_in_order(const struct clustering *cl)
{
	int *order = malloc((cl->n ? cl->n : 1) * sizeof *order);
	if (!order)
		return NULL;
	for (size_t i = 0; i < cl->n; i++)
		order[i] = (int)i;
	order_cl = cl;
	qsort(order, cl->n, sizeof *order, by_interest);
	return order;
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

static void text_block(const struct store *s, const struct clustering *cl, int ci, size_t from, size_t to,
		       struct buf *tmp)
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
	out_str(c->disagrees ? "; the sources disagree\n" : "\n");
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
			out_str("  [published ");
			out_n(str_at(s, e->published), e->published.len);
			out_char(']');
		}
		out_char('\n');
	}
	/* the words of each source, once per report */
	for (size_t j = 0; j < c->n; j++) {
		const struct event *e = &s->ev[c->members[j]];
		if (store_evidence(s, e, tmp) < 0)
			return;
		out_str("   ");
		out_n(str_at(s, e->source), e->source.len);
		out_str(": \"");
		out_n(tmp->p ? tmp->p : "", tmp->len);
		out_str("\"\n");
	}
	out_char('\n');
}

int report_text(const struct store *s, const struct clustering *cl)
{
	int *order = clusters_in_order(cl);
	size_t *first = cluster_first_rows(cl);
	struct buf tmp = {0};
	if (!order || !first) {
		free(order);
		free(first);
		msg("out of memory");
		return -1;
	}
	size_t ndis = 0;
	for (size_t i = 0; i < cl->n; i++)
		ndis += cl->c[i].disagrees;
	out_str("diff-sources: ");
	out_ulong(s->n);
	out_str(" events from ");
	out_ulong(s->nsources);
	out_str(s->nsources == 1 ? " source in " : " sources in ");
	out_ulong(cl->n);
	out_str(" clusters; ");
	out_ulong(ndis);
	out_str(" with a conflict or an omission\n\n");
	for (size_t k = 0; k < cl->n && !out_failed(); k++) {
		int ci = order[k];
		text_block(s, cl, ci, first[ci], first[ci + 1], &tmp);
	}
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
	int *order = malloc((s->nsources ? s->nsources : 1) * sizeof *order);
	if (!order)
		return NULL;
	for (size_t i = 0; i < s->nsources; i++)
		order[i] = (int)i;
	names_store = s;
	qsort(order, s->nsources, sizeof *order, by_name);
	return order;
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
	/* the TSV in id order, for comm; the text with the sources as columns of marks */
	if (f == FORMAT_TSV) {
		for (size_t i = 0; i < cl->n; i++)
			order[i] = (int)i;
		out_str("cluster\tcluster_date\tcode\tactors");
		for (size_t k = 0; k < s->nsources; k++) {
			out_char('\t');
			out_escaped(s->sources[src[k]], strlen(s->sources[src[k]]));
		}
		out_char('\n');
	}
	for (size_t i = 0; i < cl->n && !out_failed(); i++) {
		const struct cluster *c = &cl->c[f == FORMAT_TSV ? (int)i : order[i]];
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
