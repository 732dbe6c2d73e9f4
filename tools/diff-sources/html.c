/* html.c: the report as one self-contained page: no network, no script. One table per cluster,
 * disagreements first, the sources as columns, each value with its evidence sentence below it. */
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "err.h"
#include "out.h"

/* Writes s[0..n) with the five characters HTML gives meaning escaped. */
static void out_html(const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;" :
				  s[i] == '"' ? "&quot;" : s[i] == '\'' ? "&#39;" : NULL;
		if (!rep)
			continue;
		out_bytes(s + from, i - from);
		out_str(rep);
		from = i + 1;
	}
	out_bytes(s + from, n - from);
}

static void out_html_str(const char *s)
{
	out_html(s, strlen(s));
}

static const char page_head[] =
	"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<title>crosscheck: where the sources agree and differ</title>\n<style>\n"
	"body{font-family:Georgia,serif;max-width:72em;margin:2em auto;padding:0 1em;color:#222}\n"
	"h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em}\n"
	"table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3em .5em;"
	"vertical-align:top;text-align:left}\n"
	"td.conflict{background:#fdd}td.omits{background:#ffd}td.revised{background:#def}\n"
	".status{font-size:.8em;color:#555;display:block}.evidence{font-size:.8em;color:#555}\n"
	"</style>\n</head>\n<body>\n";

/* The cell of one source for one attribute: its rows' values and statuses. */
static void cell(const struct store *s, const struct clustering *cl, size_t from, size_t to, enum attr a, int source)
{
	bool any = false;
	enum status worst = ST_AGREE;
	for (size_t r = from; r < to; r++) {
		const struct comparison *row = &cl->rows[r];
		if (row->attr != a || (int)s->ev[row->event].source_ix != source)
			continue;
		if (!any || row->status == ST_CONFLICT || (row->status == ST_OMITS && worst != ST_CONFLICT))
			worst = row->status;
		any = true;
	}
	if (!any) {
		out_str("<td></td>");
		return;
	}
	out_str("<td class=\"");
	out_str(status_names[worst]);
	out_str("\">");
	for (size_t r = from; r < to; r++) {
		const struct comparison *row = &cl->rows[r];
		const struct event *e = &s->ev[row->event];
		if (row->attr != a || (int)e->source_ix != source)
			continue;
		struct str v = e->value[a];
		if (v.len)
			out_html(str_at(s, v), v.len);
		else
			out_str("<em>not stated</em>");
		out_str("<span class=\"status\">");
		out_str(status_names[row->status]);
		out_str("</span>");
	}
	out_str("</td>");
}

static void cluster_table(const struct store *s, const struct clustering *cl, int ci, size_t from, size_t to,
			  const int *src, struct buf *tmp)
{
	const struct cluster *c = &cl->c[ci];
	const struct event *head = &s->ev[c->code_event];
	cluster_actors(s, c, tmp);
	out_str("<h2 id=\"");
	out_html_str(c->id);
	out_str("\">");
	out_html_str(c->date);
	out_str(" &middot; ");
	out_html(str_at(s, head->code), head->code.len);
	out_char(' ');
	out_html(str_at(s, head->label), head->label.len);
	out_str(" &middot; ");
	out_html(tmp->p ? tmp->p : "", tmp->len);
	out_str("</h2>\n<table>\n<tr><th>attribute</th>");
	for (size_t k = 0; k < s->nsources; k++)
		if (cluster_has_source(s, c, src[k])) {
			out_str("<th>");
			out_html_str(s->sources[src[k]]);
			out_str("</th>");
		}
	out_str("</tr>\n");
	for (int a = 0; a < NATTR; a++) {
		bool present = false;
		for (size_t r = from; r < to && !present; r++)
			present = cl->rows[r].attr == (enum attr)a;
		if (!present)
			continue;
		out_str("<tr><th>");
		out_str(attr_names[a]);
		out_str("</th>");
		for (size_t k = 0; k < s->nsources; k++)
			if (cluster_has_source(s, c, src[k]))
				cell(s, cl, from, to, a, src[k]);
		out_str("</tr>\n");
	}
	out_str("<tr><th>evidence</th>");
	for (size_t k = 0; k < s->nsources; k++) {
		if (!cluster_has_source(s, c, src[k]))
			continue;
		out_str("<td class=\"evidence\">");
		for (size_t j = 0; j < c->n; j++) {
			const struct event *e = &s->ev[c->members[j]];
			if ((int)e->source_ix != src[k] || store_evidence(s, e, tmp) < 0)
				continue;
			out_html(tmp->p ? tmp->p : "", tmp->len);
			out_char(' ');
		}
		out_str("</td>");
	}
	out_str("</tr>\n</table>\n");
}

int report_html(const struct store *s, const struct clustering *cl)
{
	int *order = clusters_in_order(cl), *src = sources_by_name(s);
	size_t *first = cluster_first_rows(cl);
	struct buf tmp = {0};
	if (!order || !src || !first) {
		free(order);
		free(src);
		free(first);
		msg("out of memory");
		return -1;
	}
	out_str(page_head);
	out_str("<h1>Where the sources agree and differ</h1>\n<p>");
	out_ulong(s->n);
	out_str(" events from ");
	out_ulong(s->nsources);
	out_str(" sources in ");
	out_ulong(cl->n);
	out_str(" clusters.</p>\n");
	for (size_t k = 0; k < cl->n && !out_failed(); k++)
		cluster_table(s, cl, order[k], first[order[k]], first[order[k] + 1], src, &tmp);
	out_str("</body>\n</html>\n");
	free(order);
	free(src);
	free(first);
	buf_free(&tmp);
	return 0;
}
