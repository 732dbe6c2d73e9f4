/* html.c: the report as one self-contained page, to be read in a browser with no network and no
 * script: the summary of the text report, an inline SVG timeline of the clusters (one lane per
 * source, a mark per cluster a source reports, conflicts and omissions marked, each mark a link
 * to its cluster), then one table per cluster in the text report's order (disagreements first):
 * the attributes as rows, the sources as columns, each value with its status in words, its
 * evidence sentence on hover and, numbered, below the table (docs/diff-sources.md). */
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "err.h"
#include "out.h"

/* Writes s[0..n) as HTML text or attribute value: the five characters HTML gives meaning
 * escaped, control characters other than blanks (a parse error in HTML) as U+FFFD. */
static void out_html(const char *s, size_t n)
{
	size_t from = 0;
	if (!n)
		return; /* s may be an empty buffer's NULL */
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		const char *rep = ch == '&' ? "&amp;" : ch == '<' ? "&lt;" : ch == '>' ? "&gt;" :
				  ch == '"' ? "&quot;" : ch == '\'' ? "&#39;" :
				  (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7f ?
				  "\xef\xbf\xbd" : NULL;
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

static void out_html_buf(const struct buf *b)
{
	out_html(b->p ? b->p : "", b->len);
}

/* ` name="v"` for a number. */
static void out_attr_num(const char *name, unsigned long v)
{
	out_char(' ');
	out_str(name);
	out_str("=\"");
	out_ulong(v);
	out_char('"');
}

/* The cluster's id as an HTML id and URL fragment: bytes other than letters, digits, '.', '-'
 * and '_' (the code's part of the id is the input's) become '_'. */
static void out_anchor(const struct cluster *c)
{
	for (const char *p = c->id; *p; p++) {
		char ch = *p;
		bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
			     ch == '.' || ch == '-' || ch == '_';
		out_char(plain ? ch : '_');
	}
}

/* Code points of UTF-8 bytes: the display width of the Latin and Cyrillic of news. */
static size_t width_of(const char *p, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)p[i] & 0xc0) != 0x80;
	return w;
}

/* The bytes of the first `max` code points of p. */
static size_t prefix_of(const char *p, size_t n, size_t max)
{
	size_t i = 0, w = 0;
	for (; i < n; i++) {
		if (((unsigned char)p[i] & 0xc0) != 0x80 && w++ == max)
			break;
	}
	return i;
}

static const char page_head[] =
	"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<title>crosscheck: where the sources agree and differ</title>\n<style>\n"
	"body{font-family:Georgia,serif;max-width:80em;margin:2em auto;padding:0 1em;color:#222;line-height:1.35}\n"
	"h1{font-size:1.5em;margin-bottom:.3em}h2{font-size:1.15em;margin:2.2em 0 .2em}\n"
	".summary{font-size:1.05em}.meta,.missing{font-size:.9em;color:#555;margin:.2em 0 .6em}\n"
	".flag{color:#a00;font-weight:bold}\n"
	".timeline{overflow-x:auto;border:1px solid #ddd;margin:1em 0 .4em}\n"
	"svg text{font:11px sans-serif;fill:#333}svg .stripe{fill:#f3f4f6}svg .sep{stroke:#bbb;stroke-dasharray:2 3}\n"
	".m.reports{fill:#7a8797}.m.revised{fill:#3b7dd8}.m.omits{fill:#e0a100}.m.conflict{fill:#d62728}\n"
	"svg a:hover .m{stroke:#000;stroke-width:1.5}\n"
	".legend{font-size:.9em;color:#444;margin:0 0 1.5em}\n"
	".key{display:inline-block;width:.7em;height:.9em;margin:0 .3em 0 1em;vertical-align:middle}\n"
	".key.reports{background:#7a8797;height:.5em;border-radius:50%;width:.5em}.key.revised{background:#3b7dd8}\n"
	".key.omits{background:#e0a100;height:.6em}.key.conflict{background:#d62728;height:1em}\n"
	"table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3em .5em;"
	"vertical-align:top;text-align:left}thead th{background:#eef0f3}tbody th{font-weight:normal;color:#444}\n"
	"td.conflict{background:#fdd}td.omits{background:#fff1c9}td.revised{background:#e3eefc}\n"
	".v+.v{border-top:1px dotted #bbb;margin-top:.3em;padding-top:.3em}.v[title]{cursor:help}\n"
	".status{font-size:.8em;color:#555;margin-left:.4em}\n"
	".v.conflict .status{color:#a00;font-weight:bold}.v.omits .status{color:#8a5a00;font-weight:bold}\n"
	".none{font-style:italic;color:#777}.published{font-size:.8em;color:#666;margin-left:.4em}\n"
	".ref{font-size:.75em;margin-left:.3em;color:#36c;text-decoration:none}\n"
	"ol.evidence{font-size:.9em;color:#444}ol.evidence li:target{background:#ffa}\n"
	"</style>\n</head>\n<body>\n";

/* ---- what each source shows of a cluster */

/* How a source stands in a cluster, the worst of its rows: the mark on its lane. */
enum mark { M_NONE, M_REPORTS, M_REVISED, M_OMITS, M_CONFLICT };
static const char *const mark_names[] = {"", "reports", "revised", "omits", "conflict"};

static enum mark mark_of(enum status st)
{
	return st == ST_CONFLICT ? M_CONFLICT : st == ST_OMITS ? M_OMITS : st == ST_REVISED ? M_REVISED : M_REPORTS;
}

/* mark[source] for cluster ci whose rows are from..to (mark has s->nsources entries). */
static void source_marks(const struct store *s, const struct clustering *cl, int ci, size_t from, size_t to,
			 unsigned char *mark)
{
	const struct cluster *c = &cl->c[ci];
	memset(mark, M_NONE, s->nsources);
	for (size_t j = 0; j < c->n; j++)
		mark[s->ev[c->members[j]].source_ix] = M_REPORTS;
	for (size_t r = from; r < to; r++) {
		unsigned char m = (unsigned char)mark_of(cl->rows[r].status);
		unsigned char *at = &mark[s->ev[cl->rows[r].event].source_ix];
		if (m > *at)
			*at = m;
	}
}

/* The cluster's heading: "2022-02-19 · 196 Violate ceasefire: Russia". */
static void out_heading(const struct store *s, const struct cluster *c, struct buf *actors)
{
	const struct event *head = &s->ev[c->code_event];
	cluster_actors(s, c, actors);
	out_html_str(c->date);
	out_str(" \xc2\xb7 ");
	out_html(str_at(s, head->code), head->code.len);
	if (head->label.len) {
		out_char(' ');
		out_html(str_at(s, head->label), head->label.len);
	}
	if (actors->len) {
		out_str(": ");
		out_html_buf(actors);
	}
}

/* ---- the timeline: x the clusters by date (a band per date), y one lane per source */

#define TL_LANE 24     /* lane height */
#define TL_TOP 40      /* the two rows of date labels above the lanes */
#define TL_GAP 8       /* between the bands of two dates */
#define TL_LABEL_MAX 28 /* code points of a source's name in its lane's label */

static int by_id(const void *a, const void *b)
{
	const struct cluster *const *x = a, *const *y = b;
	return strcmp((*x)->id, (*y)->id);
}

struct timeline {
	const struct cluster **by_date;
	size_t slot, left, width, height;
};

/* The geometry: clusters in id order (their date first), slot width and label column. */
static int timeline_layout(const struct store *s, const struct clustering *cl, struct timeline *t)
{
	t->by_date = malloc(cl->n * sizeof *t->by_date);
	if (!t->by_date)
		return -1;
	for (size_t i = 0; i < cl->n; i++)
		t->by_date[i] = &cl->c[i];
	qsort(t->by_date, cl->n, sizeof *t->by_date, by_id);
	size_t names = 6;
	for (size_t k = 0; k < s->nsources; k++) {
		size_t w = width_of(s->sources[k], strlen(s->sources[k]));
		w = w > TL_LABEL_MAX ? TL_LABEL_MAX + 1 : w;
		names = w > names ? w : names;
	}
	t->left = 16 + names * 7;
	t->slot = 960 / cl->n;
	t->slot = t->slot < 6 ? 6 : t->slot > 80 ? 80 : t->slot; /* a few clusters: room for their dates */
	size_t bands = 1;
	for (size_t j = 1; j < cl->n; j++)
		bands += strcmp(t->by_date[j]->date, t->by_date[j - 1]->date) != 0;
	t->width = t->left + cl->n * t->slot + (bands - 1) * TL_GAP + 80; /* room for the last date label */
	t->height = TL_TOP + s->nsources * TL_LANE + 8;
	return 0;
}

/* The x of slot j's left edge, bands counted as j grows. */
static size_t slot_x(const struct timeline *t, size_t j, size_t bands_before)
{
	return t->left + j * t->slot + bands_before * TL_GAP;
}

/* Date labels (on two rows, so that narrow bands do not overwrite each other; a label with no
 * room on either is left out, its marks' tooltips still name it) and the lines between bands. */
static void timeline_dates(const struct clustering *cl, const struct timeline *t)
{
	size_t bands = 0, free_at[2] = {0, 0};
	for (size_t j = 0; j < cl->n; j++) {
		if (j > 0 && strcmp(t->by_date[j]->date, t->by_date[j - 1]->date) == 0)
			continue;
		bands += j > 0;
		size_t x = slot_x(t, j, bands);
		if (j > 0) {
			out_str("<line class=\"sep\"");
			out_attr_num("x1", x - TL_GAP / 2);
			out_attr_num("x2", x - TL_GAP / 2);
			out_attr_num("y1", TL_TOP - 10);
			out_attr_num("y2", t->height - 4);
			out_str("/>\n");
		}
		size_t w = strlen(t->by_date[j]->date) * 7;
		int row = x >= free_at[0] ? 0 : x >= free_at[1] ? 1 : -1;
		if (row < 0)
			continue;
		free_at[row] = x + w + 6;
		out_str("<text class=\"date\"");
		out_attr_num("x", x);
		out_attr_num("y", row ? 28 : 14);
		out_char('>');
		out_html_str(t->by_date[j]->date);
		out_str("</text>\n");
	}
}


/* What a mark's tooltip says of the source. */
static const char *const mark_words[] = {
	"", "reports it", "revises its own figure", "omits what others state", "conflict",
};

/* One mark: a link to the cluster's block, a shape whose height tells the status without
 * colour (a conflict the whole lane, an omission half of it, a report a dot), a tooltip
 * naming the cluster and what the source does in it. */
static void timeline_mark(const struct store *s, const struct cluster *c, int source, enum mark m, size_t x,
			  size_t slot, size_t lane_y, struct buf *tmp)
{
	out_str("<a href=\"#");
	out_anchor(c);
	out_str("\"><title>");
	out_heading(s, c, tmp);
	out_str(" \xe2\x80\x94 ");
	out_html_str(s->sources[source]);
	out_str(": ");
	out_str(mark_words[m]);
	out_str("</title>");
	size_t w = slot - 2 > 10 ? 10 : slot - 2;
	if (m == M_REPORTS) {
		out_str("<circle class=\"m reports\"");
		out_attr_num("cx", x + slot / 2);
		out_attr_num("cy", lane_y + TL_LANE / 2);
		out_attr_num("r", w / 2 > 4 ? 4 : w / 2);
	} else {
		size_t h = m == M_CONFLICT ? TL_LANE - 4 : m == M_OMITS ? TL_LANE / 2 : TL_LANE / 3;
		out_str("<rect class=\"m ");
		out_str(mark_names[m]);
		out_char('"');
		out_attr_num("x", x + (slot - w) / 2);
		out_attr_num("y", lane_y + (TL_LANE - h) / 2);
		out_attr_num("width", w);
		out_attr_num("height", h);
	}
	out_str("/></a>\n");
}

/* The lanes (a stripe and the source's name, cut to TL_LABEL_MAX code points with the whole
 * name as its tooltip), then the marks, one column per cluster. */
static void timeline_lanes(const struct store *s, const struct clustering *cl, const struct timeline *t,
			   const size_t *first, const int *src, unsigned char *mark, struct buf *tmp)
{
	for (size_t k = 0; k < s->nsources; k++) {
		const char *name = s->sources[src[k]];
		size_t n = strlen(name), cut = prefix_of(name, n, TL_LABEL_MAX);
		size_t y = TL_TOP + k * TL_LANE;
		out_str("<g class=\"lane\"><rect class=\"stripe\" x=\"0\"");
		out_attr_num("y", y + 1);
		out_attr_num("width", t->width);
		out_attr_num("height", TL_LANE - 2);
		out_str("/><text class=\"source\" text-anchor=\"end\"");
		out_attr_num("x", t->left - 8);
		out_attr_num("y", y + TL_LANE / 2 + 4);
		out_char('>');
		out_html(name, cut);
		if (cut < n) {
			out_str("\xe2\x80\xa6<title>");
			out_html(name, n);
			out_str("</title>");
		}
		out_str("</text></g>\n");
	}
	size_t bands = 0;
	for (size_t j = 0; j < cl->n && !out_failed(); j++) {
		const struct cluster *c = t->by_date[j];
		int ci = (int)(c - cl->c);
		bands += j > 0 && strcmp(c->date, t->by_date[j - 1]->date) != 0;
		source_marks(s, cl, ci, first[ci], first[ci + 1], mark);
		out_str(c->disagrees ? "<g class=\"col disagrees\">\n" : "<g class=\"col\">\n");
		for (size_t k = 0; k < s->nsources; k++)
			if (mark[src[k]] != M_NONE)
				timeline_mark(s, c, src[k], (enum mark)mark[src[k]], slot_x(t, j, bands), t->slot,
					      TL_TOP + k * TL_LANE, tmp);
		out_str("</g>\n");
	}
}

static int report_timeline(const struct store *s, const struct clustering *cl, const size_t *first,
			   const int *src, unsigned char *mark, struct buf *tmp)
{
	struct timeline t;
	if (cl->n == 0)
		return 0;
	if (timeline_layout(s, cl, &t) < 0)
		return -1;
	out_str("<figure class=\"timeline-figure\" style=\"margin:0\">\n<div class=\"timeline\">\n"
		"<svg class=\"timeline\" role=\"img\" aria-label=\"the clusters by date, one lane per source\"");
	out_attr_num("width", t.width);
	out_attr_num("height", t.height);
	out_str(" viewBox=\"0 0 ");
	out_ulong(t.width);
	out_char(' ');
	out_ulong(t.height);
	out_str("\">\n");
	timeline_dates(cl, &t);
	timeline_lanes(s, cl, &t, first, src, mark, tmp);
	out_str("</svg>\n</div>\n<figcaption class=\"legend\">Timeline: one column per cluster, by date; one lane "
		"per source; each mark links to its cluster below."
		"<span class=\"key reports\"></span>reports it"
		"<span class=\"key conflict\"></span>conflict"
		"<span class=\"key omits\"></span>omission"
		"<span class=\"key revised\"></span>revised</figcaption>\n</figure>\n");
	free(t.by_date);
	return 0;
}

/* ---- one block per cluster */

/* The evidence of a cluster's members: member j's is text.p[off[j]..off[j+1]). */
struct evidence {
	struct buf text;
	size_t *off, cap;
};

static int evidence_load(const struct store *s, const struct cluster *c, struct evidence *ev, struct buf *tmp)
{
	if (c->n + 1 > ev->cap) {
		size_t *off = realloc(ev->off, (c->n + 1) * sizeof *off);
		if (!off)
			goto oom;
		ev->off = off;
		ev->cap = c->n + 1;
	}
	buf_clear(&ev->text);
	for (size_t j = 0; j < c->n; j++) {
		if (store_evidence(s, &s->ev[c->members[j]], tmp) < 0)
			return -1;
		ev->off[j] = ev->text.len;
		if (tmp->len && buf_append(&ev->text, tmp->p, tmp->len) < 0)
			goto oom;
	}
	ev->off[c->n] = ev->text.len;
	return 0;
oom:
	msg("out of memory");
	return -1;
}

/* The member index of event e in c (members are in key order, which is the events' order after
 * store_sort; a linear search stands behind the binary one). */
static size_t member_of(const struct cluster *c, int e)
{
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->members[mid] == e)
			return mid;
		if (c->members[mid] < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t j = 0; j < c->n; j++)
		if (c->members[j] == e)
			return j;
	return 0;
}

static struct buf value_sentence; /* the tooltip's sentence, reused from cell to cell */

/* One value of a cell: the value (or "not stated"), its status in words, the publication time
 * where the text report gives it, the evidence as tooltip and a link to it below the table. */
static void cell_value(const struct store *s, const struct cluster *c, const struct comparison *row)
{
	const struct event *e = &s->ev[row->event];
	size_t j = member_of(c, row->event);
	out_str("<div class=\"v ");
	out_str(status_names[row->status]);
	out_char('"');
	/* the tooltip: the sentence of the event that states this value */
	struct str v = row_value(s, c, row);
	if (store_evidence_of(s, e, row->attr, v, &value_sentence) == 0 && value_sentence.len) {
		out_str(" title=\"");
		out_html_buf(&value_sentence);
		out_char('"');
	}
	out_char('>');
	if (v.len)
		out_html(str_at(s, v), v.len);
	else
		out_str("<span class=\"none\">not stated</span>");
	out_str(" <span class=\"status\">");
	out_str(status_names[row->status]);
	out_str("</span>");
	if (e->published.len && (row->status == ST_REVISED || row->attr == A_QUANTITY)) {
		out_str(" <span class=\"published\">published ");
		out_html(str_at(s, e->published), e->published.len);
		out_str("</span>");
	}
	out_str(" <a class=\"ref\" href=\"#");
	out_anchor(c);
	out_str("-e");
	out_ulong(j + 1);
	out_str("\">[");
	out_ulong(j + 1);
	out_str("]</a></div>");
}

/* The cell of one source for one attribute: its rows' values, the cell's class the worst of
 * their statuses. */
static void cell(const struct store *s, const struct clustering *cl, const struct cluster *c, size_t from,
		 size_t to, enum attr a, int source)
{
	enum mark worst = M_NONE;
	for (size_t r = from; r < to; r++) {
		const struct comparison *row = &cl->rows[r];
		if (row->attr == a && (int)s->ev[row->event].source_ix == source && mark_of(row->status) > worst)
			worst = mark_of(row->status);
	}
	if (worst == M_NONE) {
		out_str("<td></td>");
		return;
	}
	out_str("<td class=\"");
	out_str(mark_names[worst]);
	out_str("\">");
	for (size_t r = from; r < to; r++) {
		const struct comparison *row = &cl->rows[r];
		if (row->attr == a && (int)s->ev[row->event].source_ix == source)
			cell_value(s, c, row);
	}
	out_str("</td>");
}

/* The members' sentences, numbered as the cells link to them. */
static void evidence_list(const struct store *s, const struct cluster *c, const struct evidence *ev)
{
	out_str("<ol class=\"evidence\">\n");
	for (size_t j = 0; j < c->n; j++) {
		const struct event *e = &s->ev[c->members[j]];
		out_str("<li id=\"");
		out_anchor(c);
		out_str("-e");
		out_ulong(j + 1);
		out_str("\"><b>");
		out_html(str_at(s, e->source), e->source.len);
		out_str("</b>");
		if (e->published.len) {
			out_str(" <span class=\"published\">published ");
			out_html(str_at(s, e->published), e->published.len);
			out_str("</span>");
		}
		out_str(": \xe2\x80\x9c");
		if (ev->off[j + 1] > ev->off[j])
			out_html(ev->text.p + ev->off[j], ev->off[j + 1] - ev->off[j]);
		out_str("\xe2\x80\x9d</li>\n");
	}
	out_str("</ol>\n");
}

/* The sources (in name order) with the given presence in the cluster, joined by ", ". */
static void source_list(const struct store *s, const int *src, const unsigned char *mark, bool present)
{
	bool any = false;
	for (size_t k = 0; k < s->nsources; k++) {
		if ((mark[src[k]] != M_NONE) != present)
			continue;
		if (any)
			out_str(", ");
		out_html_str(s->sources[src[k]]);
		any = true;
	}
}

static int cluster_block(const struct store *s, const struct clustering *cl, int ci, size_t from, size_t to,
			 const int *src, unsigned char *mark, struct evidence *ev, struct buf *tmp)
{
	const struct cluster *c = &cl->c[ci];
	if (evidence_load(s, c, ev, tmp) < 0)
		return -1;
	source_marks(s, cl, ci, from, to, mark);
	out_str(c->disagrees ? "<section class=\"cluster disagrees\" id=\"" : "<section class=\"cluster\" id=\"");
	out_anchor(c);
	out_str("\">\n<h2>");
	out_heading(s, c, tmp);
	out_str("</h2>\n<p class=\"meta\">cluster <code>");
	out_html_str(c->id);
	size_t missing = 0;
	enum mark worst = M_NONE;
	for (size_t k = 0; k < s->nsources; k++) {
		missing += mark[k] == M_NONE;
		worst = mark[k] > worst ? (enum mark)mark[k] : worst;
	}
	out_str(worst == M_CONFLICT ? "</code>; <span class=\"flag\">the sources conflict</span></p>\n" :
		worst == M_OMITS ? "</code>; <span class=\"flag\">a source omits what others state</span></p>\n" :
		"</code></p>\n");
	if (missing) {
		out_str("<p class=\"missing\">Not reported by ");
		source_list(s, src, mark, false);
		out_str(".</p>\n");
	}
	out_str("<table>\n<thead><tr><th>attribute</th>");
	for (size_t k = 0; k < s->nsources; k++)
		if (mark[src[k]] != M_NONE) {
			out_str("<th scope=\"col\">");
			out_html_str(s->sources[src[k]]);
			out_str("</th>");
		}
	out_str("</tr></thead>\n<tbody>\n");
	for (int a = 0; a < NATTR; a++) {
		bool present = false;
		for (size_t r = from; r < to && !present; r++)
			present = cl->rows[r].attr == (enum attr)a;
		if (!present)
			continue;
		out_str("<tr><th scope=\"row\">");
		out_str(attr_names[a]);
		out_str("</th>");
		for (size_t k = 0; k < s->nsources; k++)
			if (mark[src[k]] != M_NONE)
				cell(s, cl, c, from, to, (enum attr)a, src[k]);
		out_str("</tr>\n");
	}
	out_str("</tbody>\n</table>\n");
	if (counts_rise(s, cl, from, to))
		out_str("<p class=\"note\">The count rises in the order the reports were published: a story that "
			"developed, more than outlets that disagree.</p>\n");
	evidence_list(s, c, ev);
	out_str("</section>\n");
	return 0;
}

int report_html(const struct store *s, const struct clustering *cl)
{
	int *order = clusters_in_order(cl), *src = sources_by_name(s);
	size_t *first = cluster_first_rows(cl);
	unsigned char *mark = malloc(s->nsources ? s->nsources : 1);
	struct buf tmp = {0};
	struct evidence ev = {0};
	int rc = 0;
	if (!order || !src || !first || !mark)
		goto oom;
	out_str(page_head);
	out_str("<h1>Where the sources agree and differ</h1>\n<p class=\"summary\">");
	out_summary(s, cl);
	out_str(".</p>\n");
	if (report_timeline(s, cl, first, src, mark, &tmp) < 0)
		goto oom;
	for (size_t k = 0; k < cl->n && !out_failed() && rc == 0; k++)
		rc = cluster_block(s, cl, order[k], first[order[k]], first[order[k] + 1], src, mark, &ev, &tmp);
	out_str("</body>\n</html>\n");
	goto done;
oom:
	msg("out of memory");
	rc = -1;
done:
	free(order);
	free(src);
	free(first);
	free(mark);
	free(ev.off);
	buf_free(&ev.text);
	buf_free(&tmp);
	buf_free(&value_sentence);
	return rc;
}
