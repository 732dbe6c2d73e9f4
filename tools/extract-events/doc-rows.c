/* The rows of a document's events: the input columns of the event's first sentence and the
 * event's own (lib/row.h), or GDELT 2.0's event table columns. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "doc-rows.h"
#include "events.h"
#include "hash.h"
#include "out.h"
#include "row.h"


static const char *const columns[] = {"event_id", "code", "label", "root", "quad_class", "goldstein",
				      "plover", "actor1", "actor1_id", "actor1_code", "actor2",
				      "actor2_id", "actor2_code", "date", "time", "time_utc",
				      "location", "quantity", "unit", "duration", "condition",
				      "attributed_to", "modality"};

static const char *const gdelt_columns[] = {
	"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code", "Actor1Name",
	"Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode", "Actor1Religion1Code",
	"Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code", "Actor2Code",
	"Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
	"Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
	"Actor2Type3Code", "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
	"GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone", "Actor1Geo_Type",
	"Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
	"Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID", "Actor2Geo_Type",
	"Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
	"Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID", "ActionGeo_Type",
	"ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
	"ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL"};

void doc_header(struct doc *d, char **names, size_t ncols)
{
	d->names = names;
	d->ncols = ncols;
	if (d->cfg.no_header)
		return;
	size_t n = 0;
	if (d->cfg.format == FORMAT_GDELT) {
		for (size_t i = 0; i < sizeof gdelt_columns / sizeof *gdelt_columns; i++, n++) {
			if (n)
				out_char('\t');
			out_str(gdelt_columns[i]);
		}
	} else {
		for (size_t i = 0; i < ncols; i++, n++) {
			if (n)
				out_char('\t');
			const char *name = (int)i == d->cfg.text_col ? "evidence" : names[i];
			out_escaped(name, strlen(name));
		}
		for (size_t i = 0; i < sizeof columns / sizeof *columns; i++, n++) {
			if (n)
				out_char('\t');
			out_str(columns[i]);
		}
	}
	out_eol();
}

static struct span field(const struct doc *d, size_t row, int col)
{
	if (col < 0 || row >= d->nrows)
		return (struct span){0, 0};
	return d->fields[d->row_first[row] + (size_t)col];
}

static uint64_t event_hash(const struct doc *d, const struct doc_event *e)
{
	struct span doc = field(d, e->first_row, d->cfg.doc_col), sent = field(d, e->first_row, d->cfg.sent_col);
	/* "START:CODE", by hand (snprintf was a third of the row's hashing) */
	char key[64], digits[24];
	size_t n = 0, nd = 0;
	for (size_t v = e->match_start; nd == 0 || v; v /= 10)
		digits[nd++] = (char)('0' + v % 10);
	while (nd)
		key[n++] = digits[--nd];
	key[n++] = ':';
	for (const char *c = d->lex->cameo[e->cameo].code; *c && n < sizeof key; c++)
		key[n++] = *c;
	uint64_t h = hash64(doc_str(d, doc), doc.len, 9);
	h = hash64(doc_str(d, sent), sent.len, h);
	h = hash64(key, n, h);
	h = hash64(doc_str(d, e->f[F_ID1]), e->f[F_ID1].len, h);
	return hash64(doc_str(d, e->f[F_ID2]), e->f[F_ID2].len, h);
}

static void out_span(const struct doc *d, struct span x)
{
	out_escaped(doc_str(d, x), x.len);
}

static void out_evidence(const struct doc *d, const struct doc_event *e)
{
	for (size_t i = 0; i < e->nrows; i++) {
		if (i)
			out_str(" | ");
		out_span(d, field(d, e->rows[i], d->cfg.text_col));
	}
}

static void event_date(const struct doc *d, const struct doc_event *e, char out[11])
{
	struct span x = e->f[F_DATE];
	if (x.len < 10 && d->cfg.default_date)
		x = field(d, e->first_row, d->cfg.published_col);
	snprintf(out, 11, "%.*s", x.len >= 10 ? 10 : 0, doc_str(d, x));
}

/* "a two-day visit on Friday": a consultation (04x) dated by one day and lasting whole days
 * is the interval of those days, as a reader has it ("2022-02-25/2022-02-26"). Returns
 * whether out (22 bytes) holds one. */
static bool days_spanned(const struct doc *d, const struct doc_event *e, char out[22])
{
	struct span x = e->f[F_DATE], du = e->f[F_DUR];
	const char *code = d->lex->cameo[e->cameo].code;
	if (x.len != 10 || du.len < 3 || strncmp(code, "04", 2))
		return false;
	const char *v = doc_str(d, du);
	if (v[0] != 'P' || v[du.len - 1] != 'D')
		return false;
	long days = 0;
	for (size_t i = 1; i + 1 < du.len; i++) {
		if (!isdigit((unsigned char)v[i]))
			return false;
		days = days * 10 + (v[i] - '0');
		if (days > 31)
			return false; /* a month of talks is no interval of days a reader counts */
	}
	struct date day;
	if (days < 2 || date_parse_iso(doc_str(d, x), 10, &day) != 10 || !day.day)
		return false;
	int y, m, dd;
	date_civil_from_days(date_days_from_civil(day.year, day.month, day.day) + days - 1, &y, &m, &dd);
	snprintf(out, 22, "%.10s/%04d-%02d-%02d", doc_str(d, x), y, m, dd);
	return true;
}

/* A row: the input columns of the event's first sentence through the row writer, with the
 * evidence in the text's place and the event's columns after them (one own value of the writer,
 * its fields escaped one by one). */
void out_tsv_row(const struct doc *d, const struct doc_event *e)
{
	const struct cameo_row *c = &d->lex->cameo[e->cameo];
	struct row_writer *w = d->cfg.rows;
	if (w) {
		row_begin_saved(w, d->saved.p + d->row_saved[e->first_row]);
		out_evidence(d, e);
		row_next(w);
	} else {
		/* no writer (the fuzz target): the columns kept, escaped again */
		for (size_t i = 0; i < d->ncols; i++) {
			if ((int)i == d->cfg.text_col)
				out_evidence(d, e);
			else
				out_span(d, field(d, e->first_row, (int)i));
			out_char('\t');
		}
	}
	char hex[17], *num = d->quad_gs[e->cameo];
	hash64_hex(event_hash(d, e), hex);
	out_str(hex);
	out_char('\t');
	out_str(c->code);
	out_char('\t');
	out_escaped(c->label, strlen(c->label));
	out_char('\t');
	out_str(c->root);
	if (!num[0])
		snprintf(num, sizeof d->quad_gs[0], "\t%d\t%.1f\t", c->quad, c->goldstein);
	out_str(num);
	out_str(plover_of(d->lex, e->cameo));
	for (int k = 0; k < NF; k++) {
		out_char('\t');
		char span[22];
		if (k == F_DATE && d->cfg.default_date && !e->f[k].len) {
			char day[11];
			event_date(d, e, day);
			out_str(day);
		} else if (k == F_DATE && days_spanned(d, e, span)) {
			out_str(span);
		} else {
			out_span(d, e->f[k]);
		}
	}
	out_char('\t');
	out_str(modality_names[e->modality]);
	if (w)
		row_next(w);
	row_end();
}

/* An actor's code cut into GDELT's columns: country (3 letters, or empty for IGO/NGO), known
 * group (EEC, NAT, UNO after IGO), three type codes. */
static void out_gdelt_actor(const struct doc *d, const struct doc_event *e, int first)
{
	const char *code = doc_str(d, e->f[first + 2]), *name = doc_str(d, e->f[first]);
	out_str(code);
	out_char('\t');
	for (const char *p = name; *p; p++)
		out_char(*p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p == '\t' ? ' ' : *p);
	size_t n = strlen(code);
	bool org = n >= 3 && (!strncmp(code, "IGO", 3) || !strncmp(code, "NGO", 3));
	char country[4] = "", group[4] = "", types[3][4] = {"", "", ""};
	size_t at = 0;
	if (org) {
		snprintf(types[0], 4, "%.3s", code);
		if (n >= 9)
			snprintf(group, 4, "%.3s", code + 6);
	} else if (n >= 3) {
		snprintf(country, 4, "%.3s", code);
		for (at = 3; at + 3 <= n && at < 12; at += 3)
			snprintf(types[at / 3 - 1], 4, "%.3s", code + at);
	}
	out_char('\t');
	out_str(country);
	out_char('\t');
	out_str(group);
	out_str("\t\t\t\t");
	for (int k = 0; k < 3; k++) {
		if (k)
			out_char('\t');
		out_str(types[k]);
	}
}

void out_gdelt_row(const struct doc *d, const struct doc_event *e, bool swap)
{
	const struct cameo_row *c = &d->lex->cameo[e->cameo];
	char day[11], buf[128];
	struct doc_event t = *e;
	if (swap)
		for (int k = 0; k < 3; k++) {
			t.f[F_NAME1 + k] = e->f[F_NAME2 + k];
			t.f[F_NAME2 + k] = e->f[F_NAME1 + k];
		}
	struct doc_event *x = &t;
	if (x->f[F_DATE].len < 10) /* none, or a month or a year: GDELT's day is the article's */
		x->f[F_DATE] = field(d, e->first_row, d->cfg.published_col);
	snprintf(day, sizeof day, "%.*s", x->f[F_DATE].len >= 10 ? 10 : 0, doc_str(d, x->f[F_DATE]));
	int y = 0, m = 0, dd = 0;
	sscanf(day, "%4d-%2d-%2d", &y, &m, &dd);
	uint64_t id = event_hash(d, e) & 0x7fffffffffffffffULL;
	snprintf(buf, sizeof buf, "%llu\t%04d%02d%02d\t%04d%02d\t%04d\t%.4f\t",
		 (unsigned long long)(swap ? id ^ 1 : id), y, m, dd, y, m, y, y + (m * 30 + dd) / 365.0);
	out_str(buf);
	out_gdelt_actor(d, x, F_NAME1);
	out_char('\t');
	out_gdelt_actor(d, x, F_NAME2);
	struct span sent = field(d, e->first_row, d->cfg.sent_col);
	bool root = sent.len == 1 && (doc_str(d, sent)[0] == '0' || doc_str(d, sent)[0] == '1');
	char base[4];
	snprintf(base, sizeof base, "%.3s", c->code);
	snprintf(buf, sizeof buf, "\t%d\t%s\t%s\t%s\t%d\t%.1f\t%zu\t1\t1\t\t", root, c->code, base, c->root,
		 c->quad, c->goldstein, e->nrows);
	out_str(buf);
	/* the actors' and the action's places: only what the data holds */
	out_str("\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t");
	out_str(x->f[F_LOC].len ? "4\t" : "\t");
	out_span(d, x->f[F_LOC]);
	out_str("\t\t\t\t\t\t\t");
	struct span pub = field(d, e->first_row, d->cfg.published_col);
	const char *p = doc_str(d, pub);
	char added[15] = "";
	size_t n = 0;
	for (size_t i = 0; i < pub.len && n < 14; i++)
		if (p[i] >= '0' && p[i] <= '9')
			added[n++] = p[i];
	while (n && n < 14)
		added[n++] = '0';
	added[n] = '\0';
	out_str(added);
	out_char('\t');
	out_span(d, field(d, e->first_row, d->cfg.url_col));
	out_eol();
}
