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

#include "doc-rows.h"

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

static bool same(const struct doc *d, struct span a, struct span b)
{
	return a.len == b.len && (!a.len || !memcmp(d->text.p + a.off, d->text.p + b.off, a.len));
}

static bool is_pair(const struct doc *d, struct span name)
{
	return name.len == strlen(PAIR_MARK) && !memcmp(doc_str(d, name), PAIR_MARK, name.len);
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
	if (date_interval_parse(doc_str(d, a), a.len, &x) < 0 || date_interval_parse(doc_str(d, b), b.len, &y) < 0)
		return false;
	date_interval_days(&x, &a0, &a1);
	date_interval_days(&y, &b0, &b1);
	return a0 >= b0 && a1 <= b1 && (a0 != b0 || a1 != b1);
}

/* Whether time_utc a (an instant) lies in the interval b (a part of a day). */
static bool instant_within(const struct doc *d, struct span a, struct span b)
{
	const char *x = doc_str(d, a), *y = doc_str(d, b), *slash = strchr(y, '/');
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
	const struct span at[] = {s->at.date.len ? s->at.date : s->at.vague, s->at.time, s->at.time_utc,
				  s->at.duration.len ? s->at.duration : s->at.noun_duration, s->at.attributed_to,
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
	/* a noun's duration is the event's whose words hold it ("a two-day visit", not the meeting
	 * of the same sentence) */
	struct span duration = s->at.duration;
	if (!duration.len && s->at.noun_duration.len && f->start <= s->at.noun_duration_at &&
	    s->at.noun_duration_at < f->end)
		duration = s->at.noun_duration;
	const struct span src[NF] = {f->a1.name, f->a1.id, f->a1.code, f->a2.name, f->a2.id, f->a2.code,
				     f->date.len ? f->date : s->at.date, s->at.time, s->at.time_utc, f->location, f->quantity,
				     f->unit, duration, f->condition, f->speaker.len ? f->speaker : s->at.attributed_to};
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
	return name.len == strlen(LEAD_MARK) && !memcmp(doc_str(d, name), LEAD_MARK, name.len);
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
	const char *name = doc_str(d, short_name);
	size_t n = short_name.len;
	if (!n || memchr(name, ' ', n) || !isupper((unsigned char)name[0]))
		return NULL;
	const struct span *full = NULL;
	for (size_t j = 0; j < d->nev; j++)
		for (int k = F_NAME1; k <= F_NAME2; k += F_NAME2 - F_NAME1) {
			const struct span *g = &d->ev[j].f[k];
			const char *other = doc_str(d, g[0]);
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
