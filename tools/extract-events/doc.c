/* A document's events: rows of one doc_id arrive together, so its events are held until its
 * last row, later sentences join the events they speak of ("the call lasted an hour"), and the
 * rows are written at the document's end, in the order of their first sentence. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "events.h"
#include "hash.h"
#include "out.h"
#include "row.h"

#define MAX_EVIDENCE 16
enum { F_NAME1, F_ID1, F_CODE1, F_NAME2, F_ID2, F_CODE2, F_DATE, F_TIME, F_UTC, F_LOC, F_QTY,
       F_UNIT, F_DUR, F_COND, F_ATTR, NF };

struct doc_event {
	int cameo;
	size_t first_row, match_start;
	struct span f[NF];
	enum modality modality;
	int ordinal;
	size_t rows[MAX_EVIDENCE];
	size_t nrows;
};

struct doc {
	const struct lexicon *lex;
	struct doc_config cfg;
	char **names;
	size_t ncols;
	struct buf text;           /* the rows' fields and the events' strings */
	struct span *fields;       /* nfields per row */
	size_t nfields, capfields;
	size_t *row_first;         /* index in fields of each row's first field */
	size_t *row_saved;         /* where row_save() put each row in saved */
	struct buf saved;
	size_t nrows, caprows;
	struct doc_event *ev;
	size_t nev, capev;
	struct buf line;           /* evidence being joined */
	/* per CAMEO row, "\tQUAD\tGOLDSTEIN\t" once written (empty before): formatting the
	 * double each row was most of the row's snprintf */
	char (*quad_gs)[32];
};

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	return array_grow(v, cap, n, size, 16);
}

struct doc *doc_new(const struct lexicon *lex, const struct doc_config *cfg)
{
	struct doc *d = calloc(1, sizeof *d);
	if (d) {
		d->lex = lex;
		d->cfg = *cfg;
		if (!(d->quad_gs = calloc(lex->ncameo ? lex->ncameo : 1, sizeof *d->quad_gs))) {
			free(d);
			return NULL;
		}
	}
	return d;
}

void doc_free(struct doc *d)
{
	if (!d)
		return;
	buf_free(&d->text);
	buf_free(&d->line);
	free(d->fields);
	free(d->row_first);
	free(d->row_saved);
	buf_free(&d->saved);
	free(d->ev);
	free(d->quad_gs);
	free(d);
}

static struct span keep(struct doc *d, const char *p, size_t n)
{
	struct span x = {d->text.len, n};
	if (buf_append(&d->text, p, n) < 0 || buf_putc(&d->text, '\0') < 0)
		x.len = 0;
	return x;
}

static const char *str(const struct doc *d, struct span x)
{
	return x.len ? d->text.p + x.off : "";
}

static bool same(const struct doc *d, struct span a, struct span b)
{
	return a.len == b.len && (!a.len || !memcmp(d->text.p + a.off, d->text.p + b.off, a.len));
}

static bool is_pair(const struct doc *d, struct span name)
{
	return name.len == strlen(PAIR_MARK) && !memcmp(str(d, name), PAIR_MARK, name.len);
}

/* The family two mentions of one happening share: consultations and intended meetings are one. */
static int family(const struct lexicon *x, int cameo)
{
	if (cameo < 0)
		return -1;
	const char *c = x->cameo[cameo].code;
	if (!strncmp(c, "04", 2) && strcmp(c, "042") && strcmp(c, "043"))
		return 4;
	if (!strcmp(c, "036"))
		return 36; /* an intended meeting is not one held */
	return atoi(x->cameo[cameo].root) + 100;
}

/* Whether date a (a day) lies in the interval b ("this week": 2022-02-14/2022-02-20, "2022-02"),
 * the vaguer saying of the same date. */
static bool within(const struct doc *d, struct span a, struct span b)
{
	struct date_interval x, y;
	long a0, a1, b0, b1;
	if (date_interval_parse(str(d, a), a.len, &x) < 0 || date_interval_parse(str(d, b), b.len, &y) < 0)
		return false;
	date_interval_days(&x, &a0, &a1);
	date_interval_days(&y, &b0, &b1);
	return a0 >= b0 && a1 <= b1 && (a0 != b0 || a1 != b1);
}

/* Whether time_utc a (an instant) lies in the interval b (a part of a day). */
static bool instant_within(const struct doc *d, struct span a, struct span b)
{
	const char *x = str(d, a), *y = str(d, b), *slash = strchr(y, '/');
	if (!slash || strchr(x, '/') || (size_t)(slash - y) != a.len)
		return false;
	return strncmp(x, y, a.len) >= 0 && strcmp(x, slash + 1) <= 0;
}

static bool compatible(const struct doc *d, const struct doc_event *p, const struct doc_event *e)
{
	if (family(d->lex, p->cameo) != family(d->lex, e->cameo))
		return false;
	/* each "X said" is a statement of its own: what was said differs; an appeal, demand,
	 * criticism, rejection or threat told again in more detail may name its target (the
	 * headline's "EU threatens sanctions"), but one that names none after one that did is
	 * another ("He also criticised the plans") */
	int fam0 = family(d->lex, p->cameo);
	if (fam0 == 101 && p->first_row != e->first_row)
		return false; /* (one sentence's "said ... he believes" is one statement) */
	if ((fam0 == 102 || (fam0 >= 110 && fam0 <= 113)) && p->f[F_ID2].len && !e->f[F_ID2].len)
		return false;
	bool direct = same(d, p->f[F_ID1], e->f[F_ID1]) &&
		      (same(d, p->f[F_ID2], e->f[F_ID2]) || !p->f[F_ID2].len || !e->f[F_ID2].len);
	bool crossed = same(d, p->f[F_ID1], e->f[F_ID2]) && same(d, p->f[F_ID2], e->f[F_ID1]);
	int fam = family(d->lex, p->cameo);
	if (!direct && !(crossed && (fam == 4 || fam == 36)))
		return false;
	if (!p->f[F_ID1].len && !p->f[F_ID2].len)
		return false;
	if (p->f[F_DATE].len && e->f[F_DATE].len && !same(d, p->f[F_DATE], e->f[F_DATE]) &&
	    !within(d, p->f[F_DATE], e->f[F_DATE]) && !within(d, e->f[F_DATE], p->f[F_DATE]))
		return false;
	return !p->ordinal || !e->ordinal || p->ordinal == e->ordinal;
}

static void add_row(struct doc_event *e, size_t row)
{
	for (size_t i = 0; i < e->nrows; i++)
		if (e->rows[i] == row)
			return;
	if (e->nrows < MAX_EVIDENCE)
		e->rows[e->nrows++] = row;
}

/* A day said later within the vaguer date said first ("this week", then "on Thursday") and an
 * instant within a part of the day ("early on Monday", then "at 1:00 am") replace them. */
static void sharpen(const struct doc *d, struct doc_event *p, const struct span *f)
{
	if (f[F_DATE].len && p->f[F_DATE].len && within(d, f[F_DATE], p->f[F_DATE]))
		p->f[F_DATE] = f[F_DATE];
	/* a time said with no instant ("late Sunday" in a story of no known zone) gives way to one
	 * said with its instant, so that time and time_utc say the same */
	if (f[F_UTC].len && (p->f[F_UTC].len ? instant_within(d, f[F_UTC], p->f[F_UTC]) : p->f[F_TIME].len > 0)) {
		p->f[F_UTC] = f[F_UTC];
		p->f[F_TIME] = f[F_TIME];
	}
}

/* The modalities in the order the design applies them (the first that applies wins): a later
 * mention that says the event is conditional ("it would only be held if ...") makes a planned
 * one conditional. */
static int modality_rank(enum modality m)
{
	static const int rank[NMOD] = {[MOD_ASSERTED] = 0, [MOD_ALLEGED] = 1, [MOD_EXPECTED] = 2,
				       [MOD_PLANNED] = 3, [MOD_PROPOSED] = 4, [MOD_CONDITIONAL] = 5,
				       [MOD_DENIED] = 6};
	return rank[m];
}

/* The later mention fills what the earlier left empty, and a more specific code of its family. */
static void merge(struct doc *d, struct doc_event *p, const struct doc_event *e)
{
	bool no_target = !p->f[F_ID2].len && !p->f[F_NAME2].len;
	sharpen(d, p, e->f);
	for (int k = 0; k < NF; k++)
		if (!p->f[k].len && (k >= F_DATE || (k >= F_NAME2 && no_target)))
			p->f[k] = e->f[k];
	if (!p->ordinal)
		p->ordinal = e->ordinal;
	const char *pc = d->lex->cameo[p->cameo].code, *ec = d->lex->cameo[e->cameo].code;
	if (strcmp(pc, "036") && strlen(ec) >= strlen(pc) && strcmp(ec, pc) > 0 && strcmp(ec, "036"))
		p->cameo = e->cameo;
	if (modality_rank(e->modality) > modality_rank(p->modality))
		p->modality = e->modality;
	add_row(p, e->rows[0]);
}

static void attach_sentence(struct doc *d, struct doc_event *p, const struct sentence *s, size_t row)
{
	const struct span at[] = {s->at.date.len ? s->at.date : s->at.vague, s->at.time, s->at.time_utc, s->at.duration, s->at.attributed_to,
				  s->at.location};
	const int to[] = {F_DATE, F_TIME, F_UTC, F_DUR, F_ATTR, F_LOC};
	struct span f[NF] = {{0, 0}};
	for (size_t k = 0; k < sizeof to / sizeof *to; k++)
		if (at[k].len)
			f[to[k]] = keep(d, sp(s, at[k]), at[k].len);
	if (is_pair(d, f[F_ATTR]))
		f[F_ATTR] = (struct span){0, 0};
	sharpen(d, p, f);
	for (size_t k = 0; k < sizeof to / sizeof *to; k++)
		if (!p->f[to[k]].len)
			p->f[to[k]] = f[to[k]];
	add_row(p, row);
}

static void from_found(struct doc *d, struct doc_event *e, const struct sentence *s,
		       const struct found_event *f, size_t row)
{
	memset(e, 0, sizeof *e);
	e->cameo = f->cameo;
	e->first_row = row;
	e->match_start = f->start;
	e->modality = f->modality;
	e->ordinal = f->ordinal;
	const struct span src[NF] = {f->a1.name, f->a1.id, f->a1.code, f->a2.name, f->a2.id, f->a2.code,
				     f->date.len ? f->date : s->at.date, s->at.time, s->at.time_utc, f->location, f->quantity,
				     f->unit, s->at.duration, f->condition, f->speaker.len ? f->speaker : s->at.attributed_to};
	for (int k = 0; k < NF; k++)
		if (src[k].len && (k >= F_DATE || (k < F_NAME2 ? f->has_a1 : f->has_a2)))
			e->f[k] = keep(d, sp(s, src[k]), src[k].len);
	if (is_pair(d, e->f[F_ATTR]))
		e->f[F_ATTR] = (struct span){0, 0}; /* "Both sides said": no one source */
	e->rows[0] = row;
	e->nrows = 1;
}

/* "was initiated by President Macron": the initiator is actor1 of the event. */
static void initiated(struct doc *d, struct doc_event *p, const struct sentence *s, const struct found_event *f,
		      size_t row)
{
	struct span id = keep(d, sp(s, f->a1.id), f->a1.id.len);
	if (same(d, id, p->f[F_ID1])) {
		add_row(p, row);
		return;
	}
	if (same(d, id, p->f[F_ID2])) {
		for (int k = 0; k < 3; k++) {
			struct span t = p->f[F_NAME1 + k];
			p->f[F_NAME1 + k] = p->f[F_NAME2 + k];
			p->f[F_NAME2 + k] = t;
		}
	} else {
		p->f[F_NAME1] = keep(d, sp(s, f->a1.name), f->a1.name.len);
		p->f[F_ID1] = id;
		p->f[F_CODE1] = keep(d, sp(s, f->a1.code), f->a1.code.len);
	}
	add_row(p, row);
}

/* The event a later sentence speaks of: of family fam (-1: any; 1: a call or a conversation),
 * within the window; of several, the one more sentences spoke of, then the latest. */
static struct doc_event *latest(struct doc *d, size_t row, int fam)
{
	struct doc_event *best = NULL;
	for (size_t i = d->nev; i-- > 0;) {
		struct doc_event *p = &d->ev[i];
		if (!p->nrows || row - p->rows[p->nrows - 1] > d->cfg.coref_window)
			continue;
		const char *c = d->lex->cameo[p->cameo].code;
		if (fam == 1 ? strcmp(c, "040") && strcmp(c, "041") : fam >= 0 && family(d->lex, p->cameo) != fam)
			continue;
		if (fam < 0)
			return p;
		if (!best || p->nrows > best->nrows)
			best = p;
	}
	return best;
}

static int store_row(struct doc *d, char **fields, const size_t *lens, size_t n)
{
	size_t cap = d->caprows;
	if (grow((void **)&d->fields, &d->capfields, d->nfields + n, sizeof *d->fields) < 0 ||
	    grow((void **)&d->row_first, &d->caprows, d->nrows + 1, sizeof *d->row_first) < 0 ||
	    grow((void **)&d->row_saved, &cap, d->caprows, sizeof *d->row_saved) < 0)
		return -1;
	if (d->cfg.rows) {
		/* the input columns as they came, for the rows written at the document's end */
		d->row_saved[d->nrows] = d->saved.len;
		if (row_take(d->cfg.rows) < 0 || row_save(d->cfg.rows, &d->saved) < 0)
			return -1;
	}
	d->row_first[d->nrows++] = d->nfields;
	for (size_t i = 0; i < n; i++)
		d->fields[d->nfields++] = keep(d, fields[i], lens[i]);
	return 0;
}

static struct doc_event *new_event(struct doc *d)
{
	if (d->nev >= d->cfg.max_events ||
	    grow((void **)&d->ev, &d->capev, d->nev + 1, sizeof *d->ev) < 0)
		return NULL;
	return &d->ev[d->nev++];
}

/* "The two leaders", "both sides", "They": the two actors of the latest consultation (or
 * intended one) of the last --coref-window sentences, when every such event there has those
 * two; NULL when there is none or they differ. */
static const struct doc_event *pair_event(const struct doc *d, size_t row)
{
	const struct doc_event *found = NULL;
	for (size_t i = d->nev; i-- > 0;) {
		const struct doc_event *p = &d->ev[i];
		int fam = family(d->lex, p->cameo);
		if (!p->nrows || row - p->rows[p->nrows - 1] > d->cfg.coref_window || (fam != 4 && fam != 36) ||
		    !p->f[F_ID1].len || !p->f[F_ID2].len)
			continue;
		if (found && !(same(d, p->f[F_ID1], found->f[F_ID1]) && same(d, p->f[F_ID2], found->f[F_ID2])) &&
		    !(same(d, p->f[F_ID1], found->f[F_ID2]) && same(d, p->f[F_ID2], found->f[F_ID1])))
			return NULL;
		if (!found)
			found = p;
	}
	return found;
}

/* Gives e's pair actor the two actors of the pair event: "the two leaders agreed" is one event
 * of both; "X thanked both sides" one event for each. Returns how many events out holds (0:
 * the pair is not known, the event is dropped). */
static size_t resolve_pair(const struct doc *d, const struct doc_event *e, size_t row, struct doc_event out[2])
{
	bool p1 = is_pair(d, e->f[F_NAME1]), p2 = is_pair(d, e->f[F_NAME2]);
	if (!p1 && !p2) {
		out[0] = *e;
		return 1;
	}
	const struct doc_event *p = pair_event(d, row);
	if (!p)
		return 0;
	out[0] = out[1] = *e;
	if (p1 && (p2 || !e->f[F_NAME2].len)) {
		for (int k = 0; k < 3; k++) {
			out[0].f[F_NAME1 + k] = p->f[F_NAME1 + k];
			out[0].f[F_NAME2 + k] = p->f[F_NAME2 + k];
		}
		return 1;
	}
	int at = p1 ? F_NAME1 : F_NAME2;
	for (int k = 0; k < 3; k++) {
		out[0].f[at + k] = p->f[F_NAME1 + k];
		out[1].f[at + k] = p->f[F_NAME2 + k];
	}
	/* an actor does not act on itself: "Macron thanked both sides" after Macron met Putin */
	int other = p1 ? F_ID2 : F_ID1;
	if (same(d, out[0].f[at + 1], e->f[other]))
		out[0] = out[1];
	else if (!same(d, out[1].f[at + 1], e->f[other]))
		return 2;
	return 1;
}

static bool is_lead(const struct doc *d, struct span name)
{
	return name.len == strlen(LEAD_MARK) && !memcmp(str(d, name), LEAD_MARK, name.len);
}

/* "A former Home Office minister has called for ... Barbara Roche said": the events of the
 * lead's describing subject are of the first person the two rows after it name. */
static void name_lead(struct doc *d, const struct sentence *s, size_t row)
{
	const struct entity_mention *person = NULL;
	for (size_t i = 0; i < s->nm && !person; i++)
		if (s->m[i].type == MT_PER && mention_canon(s, i)[0] != '\x01' && s->m[i].id_len)
			person = &s->m[i];
	if (!person)
		return;
	const char *canon = mention_canon(s, (size_t)(person - s->m));
	char tmp[16];
	const char *code = actor_code_of(d->lex, MT_PER, canon, s->published, tmp);
	for (size_t i = 0; i < d->nev; i++) {
		struct doc_event *e = &d->ev[i];
		if (e->first_row >= row || row - e->first_row > 2)
			continue;
		for (int at = F_NAME1; at <= F_NAME2; at += F_NAME2 - F_NAME1) {
			if (!is_lead(d, e->f[at]))
				continue;
			e->f[at] = keep(d, canon, strcspn(canon, "|"));
			e->f[at + 1] = keep(d, person->id, strcspn(person->id, "|") < person->id_len ? strcspn(person->id, "|") : person->id_len);
			e->f[at + 2] = code ? keep(d, code, strlen(code)) : (struct span){0, 0};
			if (is_lead(d, e->f[F_ATTR]))
				e->f[F_ATTR] = e->f[at];
		}
	}
}

static bool has_pair(const struct sentence *s)
{
	for (size_t i = 0; i < s->nm; i++)
		if (!strcmp(mention_canon(s, i), PAIR_MARK))
			return true;
	return false;
}

int doc_add(struct doc *d, char **fields, const size_t *lens, size_t nfields, const struct sentence *s)
{
	size_t row = d->nrows;
	if (store_row(d, fields, lens, nfields) < 0)
		return -1;
	size_t added = 0;
	struct doc_event *first_here = NULL;
	if (row && row <= 3)
		name_lead(d, s, row); /* before this row's events: they may tell the lead's again */
	/* a sentence that names "the meeting" is about it when the document has told of one, or
	 * when it adds to it (a headline may come first); "said Per Lund, who chaired the
	 * meeting" in a story's lead is his statement */
	bool about_event = s->at.anaphor && latest(d, row, s->at.anaphor_family == 1 ? 1 : 4);
	for (size_t i = 0; i < s->nev && s->at.anaphor && !about_event; i++)
		about_event = s->ev[i].kind == PK_MODIFY; /* "Scholz initiated the call, a source says" */
	for (size_t i = 0; i < s->nev; i++) {
		const struct found_event *f = &s->ev[i];
		if (f->drop || f->kind == PK_ATTR || f->kind == PK_MODIFY)
			continue;
		if (f->kind == PK_SAY && about_event)
			continue; /* "The Elysée said the call lasted an hour": about the call */
		struct doc_event e, pe[2];
		from_found(d, &e, s, f, row);
		if (f->possessive_his && !f->has_a1) {
			/* "his conversation with Biden": the last event's first actor */
			struct doc_event *p = latest(d, row, -1);
			if (p)
				for (int k = 0; k < 3; k++)
					e.f[F_NAME1 + k] = p->f[F_NAME1 + k];
		}
		size_t npe = resolve_pair(d, &e, row, pe);
		for (size_t j = 0; j < npe; j++) {
			struct doc_event *p = NULL;
			for (size_t k = d->nev; k-- > 0 && !p;)
				if (compatible(d, &d->ev[k], &pe[j]))
					p = &d->ev[k];
			if (p) {
				merge(d, p, &pe[j]);
			} else if ((p = new_event(d))) {
				*p = pe[j];
			} else {
				continue;
			}
			if (!first_here)
				first_here = p;
			added++;
		}
	}
	for (size_t i = 0; i < s->nev; i++) {
		const struct found_event *f = &s->ev[i];
		if (f->kind != PK_MODIFY || !f->has_a1)
			continue;
		struct doc_event *p = first_here ? first_here : latest(d, row, -1);
		if (p)
			initiated(d, p, s, f, row);
	}
	if (!added && !s->at.anaphor && has_pair(s)) {
		/* "They also discussed the grain deal": said of the pair's consultation */
		const struct doc_event *p = pair_event(d, row);
		if (p)
			attach_sentence(d, &d->ev[p - d->ev], s, row);
	}
	if (!added && s->at.anaphor) {
		struct doc_event *p = latest(d, row, s->at.anaphor_family == 1 ? 1 : 4);
		if (p && s->at.anaphor_ordinal == 1 && p->ordinal == 2) {
			/* "the first call" after the second: the first, with the same actors */
			size_t idx = (size_t)(p - d->ev);
			struct doc_event *c = new_event(d);
			if (c) {
				const struct doc_event *second = &d->ev[idx];
				memset(c, 0, sizeof *c);
				c->cameo = second->cameo;
				c->modality = second->modality;
				for (int k = 0; k <= F_DATE; k++)
					c->f[k] = second->f[k];
				c->ordinal = 1;
				c->first_row = row;
				c->nrows = 0;
			}
			p = c;
		}
		if (p)
			attach_sentence(d, p, s, row);
	}
	return 0;
}

/* ---- the rows */

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
	uint64_t h = hash64(str(d, doc), doc.len, 9);
	h = hash64(str(d, sent), sent.len, h);
	h = hash64(key, n, h);
	h = hash64(str(d, e->f[F_ID1]), e->f[F_ID1].len, h);
	return hash64(str(d, e->f[F_ID2]), e->f[F_ID2].len, h);
}

static void out_span(const struct doc *d, struct span x)
{
	out_escaped(str(d, x), x.len);
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
	snprintf(out, 11, "%.*s", x.len >= 10 ? 10 : 0, str(d, x));
}

/* A row: the input columns of the event's first sentence through the row writer, with the
 * evidence in the text's place and the event's columns after them (one own value of the writer,
 * its fields escaped one by one). */
static void out_tsv_row(const struct doc *d, const struct doc_event *e)
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
		if (k == F_DATE && d->cfg.default_date && !e->f[k].len) {
			char day[11];
			event_date(d, e, day);
			out_str(day);
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
	const char *code = str(d, e->f[first + 2]), *name = str(d, e->f[first]);
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

static void out_gdelt_row(const struct doc *d, const struct doc_event *e, bool swap)
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
	snprintf(day, sizeof day, "%.*s", x->f[F_DATE].len >= 10 ? 10 : 0, str(d, x->f[F_DATE]));
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
	bool root = sent.len == 1 && (str(d, sent)[0] == '0' || str(d, sent)[0] == '1');
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
	const char *p = str(d, pub);
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

/* The person of a story's lead named by surname before the full name ("Lord Sainsbury has
 * made a donation ... David Sainsbury said"): tag-entities reads a row at a time and cannot
 * look ahead; the document's events can. A one-word actor name becomes the one full name of
 * the story's actors that ends with it. Quadratic in a document's events: done for stories
 * of at most FULL_NAME_EVENTS events. */
#define FULL_NAME_EVENTS 256
/* Words that all begin with a capital: "David Sainsbury", not "Commission for Africa". */
static bool person_like(const char *name, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((i == 0 || name[i - 1] == ' ') && !isupper((unsigned char)name[i]))
			return false;
	return true;
}

static const struct span *full_name_of(const struct doc *d, struct span short_name)
{
	const char *name = str(d, short_name);
	size_t n = short_name.len;
	if (!n || memchr(name, ' ', n) || !isupper((unsigned char)name[0]))
		return NULL;
	const struct span *full = NULL;
	for (size_t j = 0; j < d->nev; j++)
		for (int k = F_NAME1; k <= F_NAME2; k += F_NAME2 - F_NAME1) {
			const struct span *g = &d->ev[j].f[k];
			const char *other = str(d, g[0]);
			if (g[0].len <= n + 1 || other[g[0].len - n - 1] != ' ' || memcmp(other + g[0].len - n, name, n) ||
			    !person_like(other, g[0].len))
				continue;
			if (full && !same(d, full[0], g[0]))
				return NULL; /* two people of that name: neither */
			full = g;
		}
	return full;
}

static void full_names(struct doc *d)
{
	if (d->nev > FULL_NAME_EVENTS)
		return;
	for (size_t i = 0; i < d->nev; i++) {
		struct span *f = d->ev[i].f;
		const struct span *full = full_name_of(d, f[F_ATTR]);
		if (full)
			f[F_ATTR] = full[0];
		for (int side = F_NAME1; side <= F_NAME2; side += F_NAME2 - F_NAME1)
			if (!f[side + 2].len && (full = full_name_of(d, f[side]))) /* no code: no place */
				for (int k = 0; k < 3; k++)
					f[side + k] = full[k];
	}
}

void doc_flush(struct doc *d)
{
	full_names(d);
	for (size_t i = 0; i < d->nev; i++) {
		struct doc_event *e = &d->ev[i];
		if (!e->nrows || is_lead(d, e->f[F_NAME1]) || is_lead(d, e->f[F_NAME2]))
			continue; /* a lead's subject the story never named */
		if (d->cfg.format == FORMAT_GDELT) {
			out_gdelt_row(d, e, false);
			/* GDELT codes a symmetric consultation in both directions */
			if (e->f[F_ID2].len && family(d->lex, e->cameo) == 4)
				out_gdelt_row(d, e, true);
		} else {
			out_tsv_row(d, e);
		}
	}
	d->nev = 0;
	d->nrows = 0;
	d->nfields = 0;
	buf_clear(&d->text);
	buf_clear(&d->saved);
}
