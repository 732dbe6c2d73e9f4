#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "doc-names.h"
#include "entity.h"
#include "names.h"
#include "resolve.h"

static const char *const calendar[] = {
	"jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
	"jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
	"november", "dec", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday",
};

struct role_phrase {
	const char *words; /* folded, one space between words */
	const char *role;
};

static const struct role_phrase role_phrases[] = {
	{"minister of foreign affairs", "foreign minister"},
	{"minister for foreign affairs", "foreign minister"},
	{"foreign affairs minister", "foreign minister"},
	{"external affairs minister", "foreign minister"},
	{"foreign minister", "foreign minister"},
	{"foreign secretary", "foreign minister"},
	{"secretary of state", "foreign minister"},
	{"top diplomat", "foreign minister"},
	{"foreign ministry spokesman", "foreign ministry spokesperson"},
	{"foreign ministry spokeswoman", "foreign ministry spokesperson"},
	{"foreign ministry spokesperson", "foreign ministry spokesperson"},
	{"prime minister", "prime minister"},
	{"premier", "prime minister"},
	{"vice president", "vice president"},
	{"vice-president", "vice president"},
	{"president", "president"},
	{"chancellor", "chancellor"},
	{"press secretary", "spokesperson"},
	{"spokesman", "spokesperson"},
	{"spokeswoman", "spokesperson"},
	{"spokesperson", "spokesperson"},
	{"secretary-general", "secretary-general"},
	{"secretary general", "secretary-general"},
	{"king", "king"},
	{"queen", "queen"},
	{"aide", "aide"},
};

int resolver_init(struct resolver *r, const struct gazetteer *gz)
{
	memset(r, 0, sizeof *r);
	r->gz = gz;
	r->doc = doc_names_new();
	return r->doc ? 0 : -1;
}

void resolver_free(struct resolver *r)
{
	doc_names_free(r->doc);
	translit_free(&r->translit);
	buf_free(&r->fold);
	buf_free(&r->tmp);
	memset(r, 0, sizeof *r);
}

void resolver_new_doc(struct resolver *r)
{
	if (r->doc)
		doc_names_clear(r->doc);
}

static bool is_calendar(const struct gaz_sent *gs, size_t i)
{
	return word_in(TOKEN(gs, i), gs->len[i], calendar, sizeof calendar / sizeof *calendar);
}

/* A month's name that is a person's given name before a surname (Jan Siemerink, June Carter,
 * April Ryan): a weekday is not. */
static bool is_given_month(const struct gaz_sent *gs, size_t i, size_t end)
{
	static const char *const given[] = {"jan", "june", "may", "april", "august"};
	return i + 1 < end && word_in(TOKEN(gs, i), gs->len[i], given, sizeof given / sizeof *given) &&
	       !is_calendar(gs, i + 1);
}

/* Folded tokens [a, b) joined by one space into out. */
static int fold_span(const struct gaz_sent *gs, size_t a, size_t b, struct buf *out)
{
	buf_clear(out);
	for (size_t i = a; i < b; i++) {
		if (i > a && buf_putc(out, ' ') < 0)
			return -1;
		if (buf_append(out, TOKEN(gs, i), gs->len[i]) < 0)
			return -1;
	}
	if (!out->p && buf_reserve(out, 1) < 0)
		return -1;
	return 0;
}

static bool role_active(const struct entity *e, int32_t date)
{
	if (!date)
		return true;
	return (!e->from || e->from <= date) && (!e->to || date <= e->to);
}

static bool types_fit(int mention, int entity)
{
	if (mention == entity)
		return true;
	return (mention == MT_MISC && entity == ET_NORP) || (mention == MT_NORP && entity == ET_MISC);
}

/* Candidates: distinct canonical names, each with the type it has in the gazetteer. */
#define MAX_CANDS 8
struct cands {
	const struct entity *e[MAX_CANDS];
	size_t n;
};

static void cands_add(struct cands *c, const struct entity *e)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->e[i]->type == e->type && !strcmp(c->e[i]->name, e->name))
			return;
	if (c->n < MAX_CANDS)
		c->e[c->n++] = e;
}

/* The entities of alias a that fit the mention's type (all of them when none fits), the
 * ones in office on the date first. */
static void alias_cands_all(const struct gazetteer *g, const struct alias *a, int type, int32_t date,
			    const char *role, const char *country, struct cands *out)
{
	out->n = 0;
	bool fit = false;
	for (uint32_t k = a->first; k != UINT32_MAX; k = g->nodes[k].next)
		fit |= types_fit(type, g->ents[g->nodes[k].entity].type);
	/* three passes, each narrower than the last: the first that finds someone counts */
	for (int pass = 0; pass < 3; pass++) {
		struct cands c = {.n = 0};
		for (uint32_t k = a->first; k != UINT32_MAX; k = g->nodes[k].next) {
			const struct entity *e = &g->ents[g->nodes[k].entity];
			if (fit && !types_fit(type, e->type))
				continue;
			if (pass >= 1 && !(e->role[0] && role_active(e, date)))
				continue;
			if (pass >= 2 && !((!role || !strcmp(e->role, role)) && (!country || !strcmp(e->of, country))))
				continue;
			cands_add(&c, e);
		}
		if (pass == 0 || c.n)
			*out = c;
		if (out->n <= 1)
			return;
	}
}

/* The candidates of alias a; of a city and the province named as it ("Tehran", "Tehrān"), the
 * city: news names the province with its word ("Tehran province"). */
static void alias_cands(const struct gazetteer *g, const struct alias *a, int type, int32_t date,
			const char *role, const char *country, struct cands *out)
{
	alias_cands_all(g, a, type, date, role, country, out);
	size_t places = 0, k = 0;
	for (size_t i = 0; i < out->n; i++)
		places += out->e[i]->type == ET_LOC && strncmp(out->e[i]->role, "subdivision", 11);
	if (out->n < 2 || !places)
		return;
	for (size_t i = 0; i < out->n; i++)
		if (out->e[i]->type != ET_LOC || strncmp(out->e[i]->role, "subdivision", 11))
			out->e[k++] = out->e[i];
	out->n = k;
}

/* The role and country named in the tokens [a, b) before a name. */
static void role_context(const struct resolver *r, const struct gaz_sent *gs, size_t a, size_t b,
			 const char **role, const char **country)
{
	*role = NULL;
	*country = NULL;
	for (size_t i = a; i < b; i++) {
		for (size_t p = 0; p < sizeof role_phrases / sizeof *role_phrases; p++) {
			const char *w = role_phrases[p].words;
			size_t j = i;
			bool ok = true;
			while (*w && ok) {
				const char *sp = strchr(w, ' ');
				size_t wl = sp ? (size_t)(sp - w) : strlen(w);
				ok = j < b && gs->len[j] == wl && !memcmp(TOKEN(gs, j), w, wl);
				j++;
				w += wl + (sp != NULL);
			}
			if (ok) {
				*role = role_phrases[p].role;
				i = j - 1;
				break;
			}
		}
		const struct alias *al;
		size_t len = gaz_longest(r->gz, gs, i, &al);
		if (len && i + len <= b) {
			for (uint32_t k = al->first; k != UINT32_MAX; k = r->gz->nodes[k].next) {
				const struct entity *e = &r->gz->ents[r->gz->nodes[k].entity];
				if (e->of[0] && (e->type == ET_NORP || e->type == ET_LOC || e->type == ET_ORG) &&
				    (e->type != ET_LOC || !strcmp(e->role, "country")) &&
				    (e->type != ET_ORG || !strcmp(e->role, "government"))) {
					*country = e->of;
					break;
				}
			}
		}
	}
}

/* Everyone who held role (in country, when known) on date. */
static void role_holders(const struct gazetteer *g, const char *role, const char *country,
			 int32_t date, struct cands *out)
{
	out->n = 0;
	for (size_t i = 0; i < g->nents; i++) {
		const struct entity *e = &g->ents[i];
		if (e->type == ET_PER && !strcmp(e->role, role) && (!country || !strcmp(e->of, country)) &&
		    role_active(e, date))
			cands_add(out, e);
	}
}

/* "Moody 's Investors Service", as a tokenizer wrote it, is named "Moody's Investors Service".
 * Returns the new length of p[0..n). */
static size_t join_possessives(char *p, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		size_t apos = i + 1 < n && p[i + 1] == '\'' ? 1 :
			      i + 3 < n && !memcmp(p + i + 1, "\xE2\x80\x99", 3) ? 3 : 0;
		size_t s = i + 1 + apos, after = s + 1;
		if (p[i] == ' ' && k > 0 && apos && s < n && (p[s] | 32) == 's' &&
		    (after == n || p[after] == ' ' || p[after] == '|'))
			continue;
		p[k++] = p[i];
	}
	return k;
}

/* Sets the canonical name (names joined by | when ambiguous) and the entity id(s), the ids of
 * that name as a name of type id_type. */
static int set_canonical(struct mentions *m, struct mention *x, const char *canon, size_t len,
			 int id_type)
{
	size_t start = m->text.len;
	if (buf_append(&m->text, canon, len) < 0)
		return -1;
	/* a name broken over lines ("Vladimir\nPetrovsky") is the same name: blanks fold to one
	 * space, so that its id is the id of the name on one line */
	char *p = m->text.p + start;
	size_t n = join_possessives(p, fold_blanks(p, len));
	m->text.len = start + n;
	len = n;
	/* the ids are appended after it: room first, so that the name does not move under them */
	size_t alternatives = 1;
	for (size_t i = 0; i < n; i++)
		alternatives += p[i] == '|';
	if (buf_reserve(&m->text, alternatives * (ENTITY_ID_HEX + 1)) < 0)
		return -1;
	canon = m->text.p + start;
	x->canon = start;
	x->canon_len = len;
	x->id = m->text.len;
	if (entity_ids(id_type, canon, len, &m->text) < 0)
		return -1;
	x->id_len = m->text.len - x->id;
	return 0;
}

/* A government named by the building it sits in (the Kremlin, the White House, the Elysée):
 * the place to CoNLL and to the model that learnt from it, whatever it does. */
static bool is_seat_of_government(const struct entity *e)
{
	return e->type == ET_ORG && !strcmp(e->role, "government");
}

/* Entries whose type is no reading of context: a person the list knows (Macron is a person
 * in any sentence), a country (CoNLL's national teams and "the US said" are places too), an
 * event or agreement (the Minsk agreements), a body the model reads as a place (a company in
 * a user's list, the G8), except a seat of government. */
static bool list_type_wins(const struct entity *e, int mention_type)
{
	return e->type == ET_PER || e->type == ET_MISC || e->type == ET_NORP ||
	       (e->type == ET_LOC && !strcmp(e->role, "country")) ||
	       (e->type == ET_ORG && mention_type == MT_LOC && !is_seat_of_government(e));
}

/* model_typed: the mention's type is the model's reading of its context (not of a word in
 * another script, which it cannot read) */
static int set_cands(struct resolver *r, struct mentions *m, struct mention *x, const struct cands *c,
		     bool model_typed)
{
	struct buf *t = &r->tmp;
	buf_clear(t);
	for (size_t i = 0; i < c->n; i++) {
		if (i && buf_putc(t, '|') < 0)
			return -1;
		if (buf_append(t, c->e[i]->name, strlen(c->e[i]->name)) < 0)
			return -1;
	}
	/* one name for all: the mention's type is the model's reading of its context, which the
	 * list cannot see (clubs and counties named after places: "Leeds beat Chelsea", "Kent won
	 * by five wickets"), unless the list's type is no matter of context; the list also types
	 * what the model could not read */
	bool one_type = c->n == 1 || (c->n > 1 && c->e[0]->type == c->e[1]->type);
	if (one_type && (!model_typed || types_fit(x->type, c->e[0]->type) || list_type_wins(c->e[0], x->type)))
		x->type = c->e[0]->type;
	/* the seat typed as a place is the same entity as the body: one id for both readings */
	int id_type = one_type && is_seat_of_government(c->e[0]) ? c->e[0]->type : x->type;
	return set_canonical(m, x, t->p, t->len, id_type);
}

static bool overlaps(const struct mention *x, size_t a, size_t b)
{
	return x->tok0 < b && a < x->tok1;
}

static bool is_article(const struct gaz_sent *gs, size_t i)
{
	static const char *const articles[] = {"a", "an", "the"};
	return word_in(TOKEN(gs, i), gs->len[i], articles, sizeof articles / sizeof *articles);
}

/* Adds the gazetteer's names the tagger missed: groups and events (separatists, the Minsk
 * agreements), and names of several words, which replace the tagger's pieces of them. */
static int add_known(struct resolver *r, const char *text, const struct tok *toks, size_t n,
		     const struct gaz_sent *gs, struct mentions *m)
{
	size_t names = m->n;
	/* the tagger's names come in the order of their tokens, one after the other: those a
	 * match of at most maxlen tokens overlaps are a few from lo on, not all of them */
	bool ordered = true;
	for (size_t k = 1; k < names && ordered; k++)
		ordered = m->v[k - 1].tok1 <= m->v[k].tok0;
	size_t lo = 0;
	for (size_t i = 0; i < n; i++) {
		const struct alias *a;
		size_t len = gaz_longest(r->gz, gs, i, &a);
		if (!len)
			continue;
		int type = r->gz->ents[r->gz->nodes[a->first].entity].type;
		/* one word alone is trusted for groups and events, and for the people of the
		 * lists (Putin, Zelensky) when it is not a short word that starts a sentence */
		bool person = type == ET_PER && r->gz->ents[r->gz->nodes[a->first].entity].role[0] &&
			      (i > 0 || gs->len[i] >= 5);
		/* and for names of letters and digits (G7, G8, P5): no word of the language */
		bool coined = false;
		for (size_t c = 0; c < toks[i].len && len == 1; c++)
			coined |= toks[i].s[c] >= '0' && toks[i].s[c] <= '9';
		if (len < 2 && type != ET_NORP && type != ET_MISC && !person && !(coined && type == ET_ORG))
			continue;
		if (ordered)
			while (lo < names && m->v[lo].tok1 <= i)
				lo++;
		size_t from = ordered ? lo : 0;
		bool partial = false, same = false;
		for (size_t k = from; k < names && (!ordered || m->v[k].tok0 < i + len); k++) {
			struct mention *x = &m->v[k];
			if (x->dead || !overlaps(x, i, i + len))
				continue;
			if (x->tok0 == i && x->tok1 == i + len)
				same = true;
			else if (x->tok0 < i || x->tok1 > i + len)
				partial = true;
		}
		if (partial || same)
			continue;
		for (size_t k = from; k < names && (!ordered || m->v[k].tok0 < i + len); k++)
			if (!m->v[k].dead && overlaps(&m->v[k], i, i + len))
				m->v[k].dead = true; /* replaced */
		/* an alias's article is no part of the name: "the Soviet Union" is Soviet Union */
		size_t first = len >= 2 && is_article(gs, i) ? i + 1 : i;
		struct mention *x = mention_add(m, type, (size_t)(toks[first].s - text),
						(size_t)(toks[i + len - 1].s + toks[i + len - 1].len - text));
		if (!x)
			return -1;
		x->tok0 = first;
		x->tok1 = i + len;
		x->from_gazetteer = true;
		i += len - 1;
	}
	return 0;
}

static void drop_dead(struct mentions *m)
{
	size_t k = 0;
	for (size_t i = 0; i < m->n; i++)
		if (!m->v[i].dead)
			m->v[k++] = m->v[i];
	m->n = k;
}

static bool has_alnum(const struct tok *t)
{
	for (size_t i = 0; i < t->len && i < 64;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)t->s + i,
						      (utf8proc_ssize_t)(t->len - i), &cp);
		if (k <= 0)
			return false;
		utf8proc_category_t c = utf8proc_category(cp);
		if ((c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
		    (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO))
			return true;
		i += (size_t)k;
	}
	return false;
}

/* A lower-case word, or a clitic ('s, ’s) */
static void set_span(struct mention *x, const char *text, const struct tok *toks, size_t a, size_t b)
{
	x->tok0 = a;
	x->tok1 = b;
	x->start = (size_t)(toks[a].s - text);
	x->end = (size_t)(toks[b - 1].s + toks[b - 1].len - text);
}

/* The tagger's spans, tidied: no punctuation, lower-case word, month or weekday at either end
 * (unless the gazetteer knows the whole: "Sunday Times"): those are the numbers' to take. */
static bool is_possessive(const struct tok *t)
{
	return (t->len == 2 && t->s[0] == '\'' && (t->s[1] | 32) == 's') ||
	       (t->len == 4 && !memcmp(t->s, "\xE2\x80\x99", 3) && (t->s[3] | 32) == 's');
}

/* Brackets opened and not closed in tokens i to j - 1 ("Mladost ( L": 1). */
static int open_brackets(const struct tok *toks, size_t i, size_t j)
{
	int depth = 0;
	for (size_t k = i; k < j; k++)
		if (toks[k].len == 1 && (toks[k].s[0] == '(' || toks[k].s[0] == ')'))
			depth += toks[k].s[0] == '(' ? 1 : -1;
	return depth;
}

/* Whether token j - 1 is a closing bracket that one in tokens i to j - 2 opens: the names of
 * clubs with their town, "Zeleznik (B)", "Mladost ( L )", keep theirs. */
static bool closes_inside(const struct tok *toks, size_t i, size_t j)
{
	const struct tok *t = &toks[j - 1];
	return t->len == 1 && t->s[0] == ')' && open_brackets(toks, i, j) == 0;
}

static void trim_edges(struct resolver *r, const char *text, const struct tok *toks,
		       const struct gaz_sent *gs, struct mentions *m)
{
	for (size_t k = 0; k < m->n; k++) {
		struct mention *x = &m->v[k];
		if (x->dead || x->type >= MT_DATE)
			continue;
		const struct alias *a;
		if (gaz_longest(r->gz, gs, x->tok0, &a) == x->tok1 - x->tok0)
			continue;
		size_t i = x->tok0, j = x->tok1;
		while (i < j && (!has_alnum(&toks[i]) || starts_lower(&toks[i]) ||
				 (is_calendar(gs, i) && !(x->type == MT_PER && is_given_month(gs, i, j)))))
			i++;
		/* a possessive the tagger put at the end is part of the name (Lloyd's, Moody's):
		 * it reads a plain possessive ("Russia's") as outside */
		while (j > i && ((!has_alnum(&toks[j - 1]) && !closes_inside(toks, i, j)) ||
				 (starts_lower(&toks[j - 1]) && !is_possessive(&toks[j - 1])) || is_calendar(gs, j - 1)))
			j--;
		/* and one the tagger left open closes in the name ("Mladost (L" of "Mladost (L)") */
		if (i < j && j < gs->n && toks[j].len == 1 && toks[j].s[0] == ')' && open_brackets(toks, i, j) == 1)
			j++;
		if (i == j)
			x->dead = true;
		else if (i != x->tok0 || j != x->tok1)
			set_span(x, text, toks, i, j);
	}
}

static bool known_as(const struct gazetteer *g, const struct alias *a, int type)
{
	for (uint32_t k = a->first; k != UINT32_MAX; k = g->nodes[k].next)
		if (g->ents[g->nodes[k].entity].type == type)
			return true;
	return false;
}

/* One span that holds two names: "Kremlin Spokesman Dmitry Peskov", "US Secretary of State
 * Antony Blinken", "Russian Federation Dmitry Peskov" become the place or body and the
 * person (the title between them belongs to neither). */
static int split_spans(struct resolver *r, const char *text, const struct tok *toks,
		       const struct gaz_sent *gs, struct mentions *m)
{
	size_t count = m->n;
	for (size_t k = 0; k < count; k++) {
		struct mention *x = &m->v[k];
		if (x->dead || x->type >= MT_DATE || x->part || x->tok1 - x->tok0 < 2)
			continue;
		size_t a = x->tok0, b = x->tok1, t = a + 1, person = b;
		while (t < b && !is_title(gs, t))
			t++;
		if (t < b) {
			/* "the" alone between two names is no title: "Tour of the Netherlands" */
			bool titled = false;
			person = t;
			while (person < b && (is_title(gs, person) || !has_alnum(&toks[person]) ||
					      starts_lower(&toks[person]))) {
				titled |= is_title(gs, person) &&
					  !(gs->len[person] == 3 && !memcmp(TOKEN(gs, person), "the", 3));
				person++;
			}
			if (!titled)
				continue;
		} else {
			/* a known person at the end of a known place or body */
			for (size_t j = a + 1; j < b; j++) {
				const struct alias *p, *q;
				if (gaz_longest(r->gz, gs, j, &p) == b - j && known_as(r->gz, p, ET_PER) &&
				    gaz_longest(r->gz, gs, a, &q) == j - a) {
					t = person = j;
					break;
				}
			}
		}
		if (person >= b || t == a)
			continue;
		bool body = false;
		for (size_t j = person; j < b && !body; j++)
			body = is_institution_word(gs, j);
		if (body)
			continue;
		int type = x->type;
		const struct alias *q;
		if (gaz_longest(r->gz, gs, a, &q) == t - a)
			type = r->gz->ents[r->gz->nodes[q->first].entity].type;
		else if (type == MT_PER)
			type = MT_ORG;
		x->type = (uint8_t)type;
		set_span(x, text, toks, a, t);
		struct mention *y = mention_add(m, MT_PER, 0, 0);
		if (!y)
			return -1;
		set_span(y, text, toks, person, b);
	}
	return 0;
}

/* A hyphenated token of known names, "Ukraine-Russia" or "Biden-Putin", is two mentions. */
static int split_hyphens(struct resolver *r, const char *text, const struct tok *toks,
			 struct mentions *m)
{
	size_t count = m->n;
	for (size_t k = 0; k < count; k++) {
		struct mention *x = &m->v[k];
		if (x->dead || x->type >= MT_DATE || x->tok1 - x->tok0 != 1)
			continue;
		const struct tok *t = &toks[x->tok0];
		if (!memchr(t->s, '-', t->len) || t->len > 128)
			continue;
		/* every part must be a capitalised known name */
		size_t parts[16][2], np = 0;
		bool ok = true;
		for (size_t i = 0; i <= t->len && ok;) {
			const char *dash = memchr(t->s + i, '-', t->len - i);
			size_t e = dash ? (size_t)(dash - t->s) : t->len;
			if (e == i || np == 16 || !(t->s[i] >= 'A' && t->s[i] <= 'Z')) {
				ok = false;
				break;
			}
			buf_clear(&r->fold);
			fold_text(t->s + i, e - i, &r->fold);
			ok = r->fold.p && gaz_exact(r->gz, r->fold.p, r->fold.len);
			parts[np][0] = i;
			parts[np][1] = e;
			np++;
			if (!dash)
				break;
			i = e + 1;
		}
		if (!ok || np < 2)
			continue;
		size_t base = (size_t)(t->s - text), tok = x->tok0;
		x->dead = true;
		for (size_t i = 0; i < np; i++) {
			buf_clear(&r->fold);
			fold_text(t->s + parts[i][0], parts[i][1] - parts[i][0], &r->fold);
			const struct alias *a = gaz_exact(r->gz, r->fold.p, r->fold.len);
			int type = r->gz->ents[r->gz->nodes[a->first].entity].type;
			struct mention *y = mention_add(m, type, base + parts[i][0], base + parts[i][1]);
			if (!y)
				return -1;
			y->tok0 = tok;
			y->tok1 = tok + 1;
			y->part = true;
		}
	}
	return 0;
}

/* Whether the one-word name at token i is a person the document or the gazetteer knows
 * ("Prince Hamid" after "Hamid bin Rashed Talal": the title is not the name then). */
static bool known_person(struct resolver *r, const struct gaz_sent *gs, size_t i)
{
	struct buf *f = &r->fold;
	if (fold_span(gs, i, i + 1, f) < 0 || !f->p)
		return false;
	size_t dlen = 0;
	if (doc_find(r->doc, gaz_key(f->p, f->len), MT_PER, &dlen))
		return true;
	const struct alias *a = gaz_exact(r->gz, f->p, f->len);
	return a && known_as(r->gz, a, ET_PER);
}

static int resolve_one(struct resolver *r, const char *text, const struct tok *toks,
		       const struct gaz_sent *gs, struct mentions *m, struct mention *x, int32_t date)
{
	size_t first = x->tok0;
	/* titles stay out of names: "Spokesman Dmitry Peskov" is Dmitry Peskov; but a person
	 * the gazetteer knows with the title ("Crown Prince Abdullah", "King Charles") and a
	 * monarch's or a pope's title before one name ("Prince Charles", "King Hassan") are
	 * the name */
	while (!x->part && x->tok1 - x->tok0 > 1 && x->type == MT_PER) {
		const struct alias *a;
		size_t len = gaz_longest(r->gz, gs, x->tok0, &a);
		if (len == x->tok1 - x->tok0 && known_as(r->gz, a, ET_PER))
			break;
		if (x->tok1 - x->tok0 == 2 && is_royal_title(gs, x->tok0) &&
		    !known_person(r, gs, x->tok0 + 1))
			break;
		bool group = len == 1 && r->gz->ents[r->gz->nodes[a->first].entity].type == ET_NORP;
		if (!is_title(gs, x->tok0) && !group)
			break;
		x->tok0++;
	}
	if (x->tok0 != first)
		x->start = (size_t)(toks[x->tok0].s - text);
	struct buf *f = &r->fold;
	if (x->part) {
		buf_clear(f);
		fold_text(text + x->start, x->end - x->start, f);
		if (!f->p && buf_reserve(f, 1) < 0)
			return -1;
	} else if (fold_span(gs, x->tok0, x->tok1, f) < 0) {
		return -1;
	}
	uint64_t key = gaz_key(f->p, f->len);
	size_t dlen = 0;
	/* "Jordan" after "Neil Jordan", "Washington" after "MaliVai Washington": one word that
	 * the document has already given a person as a surname is that person, when the model
	 * read it as a place or a nationality (a place named so is rarely in the same story); not
	 * a body, which business news names after its founders ("Taft" after "Dudley Taft",
	 * "Krupp", "Salomon": half of such words in make bench's news are the company) */
	if (!x->part && x->tok1 - x->tok0 == 1 && (x->type == MT_LOC || x->type == MT_MISC) &&
	    doc_find(r->doc, key, DOC_SURNAME, &dlen))
		x->type = MT_PER;
	bool model_typed = true;
	const char *role = NULL, *country = NULL;
	if (x->type == MT_PER) {
		size_t from = first >= 6 ? first - 6 : 0;
		role_context(r, gs, from, x->tok0, &role, &country);
	}
	struct cands c = {.n = 0};
	const char *seen = doc_find(r->doc, key, x->type, &dlen);
	bool single = x->part || x->tok1 - x->tok0 == 1;
	/* a surname alone is whoever had it earlier in the document */
	if (seen && single && x->type == MT_PER)
		goto from_doc;
	const struct alias *a = gaz_exact(r->gz, f->p, f->len);
	if (a) {
		alias_cands(r->gz, a, x->type, date, role, country, &c);
		if (c.n)
			goto found;
	}
	if (seen)
		goto from_doc;
	if (role) {
		role_holders(r->gz, role, country, date, &c);
		if (c.n == 1)
			goto found;
		c.n = 0;
	}
	/* misspellings of people, and of places and bodies with names long enough to tell */
	uint64_t *unknown = doc_unknown(r->doc, key ^ (uint64_t)x->type);
	if ((x->type == MT_PER || ((x->type == MT_ORG || x->type == MT_LOC) && f->len >= 7)) &&
	    *unknown != (key ^ (uint64_t)x->type)) {
		const struct alias *near[MAX_CANDS];
		size_t nn = gaz_near(r->gz, f->p, f->len, near, MAX_CANDS);
		if (!nn)
			*unknown = key ^ (uint64_t)x->type;
		for (size_t i = 0; i < nn; i++) {
			struct cands one;
			alias_cands(r->gz, near[i], x->type, date, role, country, &one);
			for (size_t k = 0; k < one.n; k++)
				if (one.e[k]->type == x->type && strncmp(one.e[k]->role, "subdivision", 11))
					cands_add(&c, one.e[k]);
		}
		if (c.n)
			goto found;
	}
	/* other scripts and transliterations ("Володимир Зеленський", "Zelenskyi"): in Latin,
	 * people only; in Cyrillic, which the model hardly knows, the list's type wins */
	const struct alias *tv[MAX_CANDS];
	bool cyrillic;
	size_t nt = translit_lookup(&r->translit, text + x->start, x->end - x->start, f->p, f->len,
				    x->type, &cyrillic, tv, MAX_CANDS);
	for (size_t i = 0; i < nt; i++) {
		struct cands one;
		alias_cands(r->gz, tv[i], x->type, date, role, country, &one);
		for (size_t k = 0; k < one.n; k++)
			if (cyrillic || types_fit(x->type, one.e[k]->type))
				cands_add(&c, one.e[k]);
	}
	model_typed = !cyrillic;
	if (c.n)
		goto found;
	/* unknown: the name as written (without its title) */
	if (set_canonical(m, x, text + x->start, x->end - x->start, x->type) < 0)
		return -1;
	goto note;
from_doc:
	if (set_canonical(m, x, seen, dlen, x->type) < 0)
		return -1;
	goto note;
found:
	if (set_cands(r, m, x, &c, model_typed) < 0)
		return -1;
note:
	if (x->type != MT_PER && x->type != MT_ORG && x->type != MT_LOC)
		return 0;
	/* an ambiguous name teaches nothing, nor does an unknown word standing for itself */
	if (memchr(m->text.p + x->canon, '|', x->canon_len) ||
	    (single && x->canon_len == x->end - x->start &&
	     !memcmp(m->text.p + x->canon, text + x->start, x->canon_len)))
		return 0;
	{
		/* the canonical may move when m->text grows: copy it first */
		struct buf *t = &r->tmp;
		buf_clear(t);
		if (buf_append(t, m->text.p + x->canon, x->canon_len) < 0)
			return -1;
		if (doc_note(r->doc, key, x->type, t->p, t->len) < 0)
			return -1;
		if (x->type == MT_PER && !single && !x->part && !memchr(t->p, '|', t->len)) {
			/* its surname, as written and as known */
			size_t last = x->tok1 - 1;
			uint64_t surname = gaz_key(TOKEN(gs, last), gs->len[last]);
			if (doc_note(r->doc, surname, x->type, t->p, t->len) < 0 ||
			    doc_note(r->doc, surname, DOC_SURNAME, t->p, t->len) < 0)
				return -1;
			/* "Anna de Vries" is "Ms de Vries" after: the surname with its particle */
			if (x->tok1 - x->tok0 >= 3 && starts_lower(&toks[last - 1]) &&
			    is_name_particle(gs, last - 1)) {
				buf_clear(f);
				if (fold_span(gs, last - 1, x->tok1, f) < 0 ||
				    doc_note(r->doc, gaz_key(f->p, f->len), x->type, t->p, t->len) < 0)
					return -1;
			}
			/* "Abdullah bin Abdul Aziz" is "Prince Abdullah" after: the given name, where
			 * "bin" or "ibn" follows it */
			size_t g = x->tok0;
			if (x->tok1 - g >= 3 && is_patronymic(gs, g + 1) &&
			    doc_note(r->doc, gaz_key(TOKEN(gs, g), gs->len[g]), x->type, t->p, t->len) < 0)
				return -1;
			const char *sp = NULL;
			for (size_t k = t->len; k-- > 0;)
				if (t->p[k] == ' ') {
					sp = t->p + k;
					break;
				}
			if (sp) {
				buf_clear(f);
				fold_text(sp + 1, t->len - (size_t)(sp + 1 - t->p), f);
				if (f->p && doc_note(r->doc, gaz_key(f->p, f->len), x->type, t->p, t->len) < 0)
					return -1;
			}
		}
	}
	return 0;
}

/* A news agency in a dateline: "VALMORA, March 3. /Adriatic Wire/." is ORG Adriatic Wire
 * (without the slashes), whatever the tagger made of it. The dateline is a capitalised start,
 * a comma, then /NAME/ standing alone, within the first 80 bytes. */
static int dateline_agency(const char *text, size_t len, const struct tok *toks, size_t ntok,
			   struct mentions *m)
{
	if (!len || !((text[0] >= 'A' && text[0] <= 'Z') || (unsigned char)text[0] >= 0x80))
		return 0;
	size_t lim = len < 80 ? len : 80;
	const char *comma = memchr(text, ',', lim);
	if (!comma)
		return 0;
	for (size_t a = (size_t)(comma - text) + 1; a < lim; a++) {
		if (text[a] != '/' || text[a - 1] != ' ')
			continue;
		const char *slash = memchr(text + a + 1, '/', len - a - 1 < 60 ? len - a - 1 : 60);
		if (!slash)
			return 0;
		size_t b = (size_t)(slash - text);
		unsigned char c = (unsigned char)text[a + 1];
		if (b - a < 3 || !((c >= 'A' && c <= 'Z') || c >= 0x80) || text[b - 1] == ' ' ||
		    (b + 1 < len && text[b + 1] != '.' && text[b + 1] != ' ' && text[b + 1] != ','))
			return 0;
		size_t t0 = ntok, t1 = 0;
		for (size_t i = 0; i < ntok; i++) {
			size_t s = (size_t)(toks[i].s - text), e = s + toks[i].len;
			if (e > a + 1 && s < b) {
				if (t0 == ntok)
					t0 = i;
				t1 = i + 1;
			}
		}
		if (t0 == ntok)
			return 0;
		for (size_t k = 0; k < m->n; k++) {
			struct mention *x = &m->v[k];
			if (x->type < MT_DATE && x->start < b + 1 && a < x->end)
				x->dead = true;
		}
		struct mention *x = mention_add(m, MT_ORG, a + 1, b);
		if (!x)
			return -1;
		/* its tokens may hold the slashes: the text is folded, not the tokens */
		x->part = true;
		x->tok0 = t0;
		x->tok1 = t1;
		return 0;
	}
	return 0;
}


int resolve_names(struct resolver *r, const char *text, size_t len, const struct tok *toks,
		  size_t ntok, const struct gaz_sent *gs, struct mentions *m, int32_t date)
{
	trim_edges(r, text, toks, gs, m);
	drop_dead(m);
	if (add_known(r, text, toks, ntok, gs, m) < 0 ||
	    translit_add_runs(&r->translit, &r->tmp, text, toks, ntok, m) < 0 ||
	    join_name_particles(&r->tmp, text, toks, ntok, gs, m) < 0 ||
	    split_spans(r, text, toks, gs, m) < 0 ||
	    split_hyphens(r, text, toks, m) < 0 ||
	    dateline_agency(text, len, toks, ntok, m) < 0)
		return -1;
	drop_title_parts(gs, ntok, m);
	drop_dead(m);
	for (size_t i = 0; i < m->n; i++) {
		struct mention *x = &m->v[i];
		if (x->type >= MT_DATE)
			continue;
		if (resolve_one(r, text, toks, gs, m, x, date) < 0)
			return -1;
	}
	return 0;
}
