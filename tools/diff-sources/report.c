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

/* The name of the cluster's actor on the head's side `side` (or, when the head has none there,
 * the first member's that has one): the spelling most members use, then one a gazetteer knows
 * (it has an id), then the longest ("Ivo Radić" over "Radic"). */
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
	bool best_id = false;
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
			bool id = e->actor_id[k].len > 0;
			if (count > best_count || (count == best_count && id && !best_id) ||
			    (count == best_count && id == best_id && v.len > best.len)) {
				best = v;
				best_count = count;
				best_id = id;
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
	out_str("cluster\tcluster_date\tcode\tactors\tattribute\tsource\tpublished\tdate\tvalue\tstatus\tevidence\n");
	struct buf lines = {0}, actors = {0}, evidence = {0};
	size_t *starts = malloc((cl->nrows ? cl->nrows : 1) * sizeof *starts);
	if (!starts)
		goto oom;
	for (size_t i = 0; i < cl->nrows; i++) {
		const struct comparison *r = &cl->rows[i];
		const struct cluster *c = &cl->c[r->cluster];
		const struct event *e = &s->ev[r->event], *head = &s->ev[c->code_event];
		struct str v = row_value(s, c, r);
		if (i == 0 || cl->rows[i - 1].cluster != r->cluster) /* rows come cluster by cluster */
			cluster_actors(s, c, &actors);
		if (store_evidence_of(s, e, r->attr, v, &evidence) < 0)
			goto fail;
		starts[i] = lines.len;
		field(&lines, c->id, strlen(c->id), false);
		field(&lines, c->date, strlen(c->date), false);
		field(&lines, str_at(s, head->code), head->code.len, false);
		field(&lines, actors.p ? actors.p : "", actors.len, false);
		field(&lines, attr_names[r->attr], strlen(attr_names[r->attr]), false);
		field(&lines, str_at(s, e->source), e->source.len, false);
		field(&lines, str_at(s, e->published), e->published.len, false);
		field(&lines, str_at(s, e->value[A_DATE]), e->value[A_DATE].len, false);
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
		return y->disagrees - x->disagrees;
	return strcmp(x->id, y->id);
}

static int by_id(const void *a, const void *b)
{
	return strcmp(order_cl->c[*(const int *)a].id, order_cl->c[*(const int *)b].id);
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
	size_t ndis = 0;
	for (size_t i = 0; i < cl->n; i++)
		ndis += cl->c[i].disagrees > 0;
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
