/* The attributes of events: dates, times and their instant, durations, counts' qualifiers,
 * condition clauses, modality, and the anaphors ("the call") that join a sentence to an event. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "entity.h"
#include "events.h"

/* ---- the data: the zones are when.c's */

int attrs_load(char *err, size_t errsize)
{
	return zones_load(err, errsize);
}

void attrs_free(void)
{
	zones_free();
}

/* ---- attributes */

static const char *const qualifiers[][2] = {
	{"more than ", ">"}, {"over ", ">"}, {"at least ", ">="}, {"less than ", "<"},
	{"fewer than ", "<"}, {"under ", "<"}, {"up to ", "<="}, {"about ", "~"},
	{"around ", "~"}, {"some ", "~"}, {"roughly ", "~"}, {"nearly ", "~"},
	{"almost ", "~"}, {"approximately ", "~"}, {"close to ", "~"}, {"as high as ", "<="},
};

/* The qualifier written just before byte at ("more than 100"), and where it starts. */
const char *qualifier_before(const char *t, size_t at, size_t *from)
{
	for (size_t q = 0; q < sizeof qualifiers / sizeof *qualifiers; q++) {
		size_t n = strlen(qualifiers[q][0]);
		if (at >= n && !strncasecmp(t + at - n, qualifiers[q][0], n) &&
		    (at == n || !isalpha((unsigned char)t[at - n - 1]))) {
			*from = at - n;
			return qualifiers[q][1];
		}
	}
	*from = at;
	return "";
}

static bool word_before(const char *t, size_t at, const char *const *words)
{
	while (at && t[at - 1] == ' ')
		at--;
	size_t b = at;
	while (b && isalpha((unsigned char)t[b - 1]))
		b--;
	for (; *words; words++)
		if (strlen(*words) == at - b && !strncasecmp(t + b, *words, at - b))
			return true;
	return false;
}

static void duration_attr(struct sentence *s, size_t i)
{
	static const char *const triggers[] = {"lasted", "lasting", "last", "lasts", "for", "during",
					       "took", "of", NULL};
	const struct entity_mention *m = &s->m[i];
	if (m->end + 5 <= s->len && !strncmp(s->text + m->end, " time", 5))
		return; /* "for a second time" */
	size_t from;
	const char *q = qualifier_before(s->text, m->start, &from);
	bool long_after = m->end < s->len && s->text[m->end] == '-' && !strncmp(s->text + m->end, "-long", 5);
	/* "a two-day visit", "a 45-minute call": the length of the event the noun names */
	static const char *const nouns[] = {" visit", " trip", " tour", " talks", " summit", " meeting",
					    " call", " phone", " telephone", " conversation", " negotiations",
					    " session", NULL};
	size_t noun_at = m->end + (long_after ? 5 : 0);
	bool noun_after = false;
	for (const char *const *w = nouns; *w && !noun_after; w++) {
		size_t n = strlen(*w);
		noun_after = noun_at + n <= s->len && !strncmp(s->text + noun_at, *w, n) &&
			     (noun_at + n == s->len || !isalpha((unsigned char)s->text[noun_at + n]) ||
			      s->text[noun_at + n] == 's');
	}
	bool said_of_sentence = word_before(s->text, from, triggers);
	if (!long_after && !noun_after && !said_of_sentence)
		return;
	char v[64];
	int n = snprintf(v, sizeof v, "%s%s", q, mention_canon(s, i));
	if (noun_after && !said_of_sentence) {
		if (!s->at.noun_duration.len) {
			s->at.noun_duration = sentence_keep(s, v, (size_t)n);
			s->at.noun_duration_at = m->start;
		}
		return;
	}
	if (!s->at.duration.len)
		s->at.duration = sentence_keep(s, v, (size_t)n);
}

static void anaphor(struct sentence *s)
{
	static const char *const calls[] = {"call", "conversation", "phone call", "telephone conversation",
					    "talk", NULL};
	static const char *const meets[] = {"talks", "meeting", "summit", "visit", NULL};
	const char *t = s->text;
	for (size_t i = 0; i + 4 < s->len; i++) {
		/* "the " as strncasecmp() has it, inline: this runs over every sentence */
		if ((t[i] | 0x20) != 't' || (t[i + 1] | 0x20) != 'h' || (t[i + 2] | 0x20) != 'e' || t[i + 3] != ' ' ||
		    (i && isalpha((unsigned char)t[i - 1])))
			continue;
		/* up to two words after "the": "the first call", "the phone conversation" */
		size_t w = i + 4;
		for (int k = 0; k < 3 && w < s->len; k++) {
			size_t e = w;
			while (e < s->len && (isalpha((unsigned char)t[e]) || t[e] == '-'))
				e++;
			int fam = 0;
			for (const char *const *c = calls; *c && !fam; c++)
				if (strlen(*c) == e - w && !strncasecmp(t + w, *c, e - w))
					fam = 1;
			for (const char *const *c = meets; *c && !fam; c++)
				if (strlen(*c) == e - w && !strncasecmp(t + w, *c, e - w))
					fam = 2;
			if (fam) {
				s->at.anaphor = true;
				s->at.anaphor_family = fam;
				s->at.anaphor_ordinal = has_word(t, i, e, "first") ? 1 : has_word(t, i, e, "second") ? 2 : 0;
				return;
			}
			if (e == w || e >= s->len || t[e] != ' ')
				break;
			w = e + 1;
		}
	}
}

/* ---- the place */


/* strchr(",;:.()\"", c) != NULL (the NUL too), as a switch: it was tried at every byte */
static bool clause_mark(char c)
{
	switch (c) {
	case ',': case ';': case ':': case '.': case '(': case ')': case '"': case '\0':
		return true;
	default:
		return false;
	}
}

/* Where the clause that holds byte from ends: a punctuation mark, a quotation mark, or a word
 * that starts another clause ("after", "while", "said"). */
static size_t clause_end(const struct sentence *s, size_t from)
{
	static const char *const words[] = {"after", "before", "while", "when", "which", "who", "because",
					    "but", "said", "says", "amid", "ahead", "whereas", NULL};
	const char *t = s->text;
	size_t k = 0;
	for (size_t i = from; i < s->len; i++) {
		while (k < s->nm && s->m[k].end <= i)
			k++;
		if (k < s->nm && s->m[k].start <= i && i < s->m[k].end && s->m[k].type != MT_DATE)
			continue; /* "U.S." */
		if (clause_mark(t[i]) || (t[i] == '\xe2' && i + 2 < s->len && (unsigned char)t[i + 1] == 0x80 &&
						 ((unsigned char)t[i + 2] == 0x9c || (unsigned char)t[i + 2] == 0x9d)))
			return i;
		int c = t[i] | 0x20; /* every word begins with one of these letters */
		if ((c == 'a' || c == 'b' || c == 'w' || c == 's') && isalpha((unsigned char)t[i]) && (!i || t[i - 1] == ' '))
			for (const char *const *w = words; *w; w++)
				if ((**w | 0x20) == c && starts_with(t, s->len, i, *w))
					return i;
	}
	return s->len;
}

/* The first LOC in [from, to) written after "in" or "at" (and "the"), not a possessive
 * ("in Russia's south" names a region of it) and not one of ids; -1 when none. */
/* nouns whose "in X" says where they are, not where the event is */
static const char *const topics[] = {"situation", "crisis", "security", "tension", "tensions", "war",
				     "conflict", "peace", "stability", "escalation", "de-escalation",
				     "developments", "events", "ceasefire", "settlement", "invasion",
				     "aggression", "troops", "forces", "presence", "interests", "deployment",
				     "buildup", "build-up", "fighting", "violence", "shelling", "attacks",
				     "operation", "people", "population", "elections", "role", "crimes", NULL};

static int loc_after_in(const struct sentence *s, size_t from, size_t to, const struct span *ids, size_t nids)
{
	for (size_t i = 0; i < s->nm; i++) {
		const struct entity_mention *m = &s->m[i];
		if (m->type != MT_LOC || m->start < from || m->end > to)
			continue;
		size_t b = m->start;
		if (ends_with(s->text, b, "the "))
			b -= 4;
		if (!ends_with(s->text, b, "in ") && !ends_with(s->text, b, "at "))
			continue;
		if (word_before(s->text, b - 3, topics))
			continue; /* "discussed the situation in Ukraine": the topic's place */
		if (m->end + 1 < s->len && (s->text[m->end] == '\'' || !strncmp(s->text + m->end, "\xe2\x80\x99", 3)))
			continue;
		bool actor = false;
		for (size_t k = 0; k < nids; k++)
			if (ids[k].len && ids[k].len == m->id_len && !memcmp(sp(s, ids[k]), m->id, m->id_len))
				actor = true;
		if (!actor)
			return (int)i;
	}
	return -1;
}

static struct span keep_canon(struct sentence *s, int i)
{
	if (i < 0)
		return (struct span){0, 0};
	return sentence_keep(s, mention_canon(s, (size_t)i), strlen(mention_canon(s, (size_t)i)));
}

/* ---- the two actors named again */

/* Adds a PER mention named PAIR_MARK for "the two leaders", "both sides", a sentence-initial
 * "They", where no mention is: the actor blocks take it as a slot, and doc.c gives it the two
 * actors of the document's latest consultation, or drops it. */
/* A pair phrase at t[i..): its length, or 0. */
static size_t pair_at(const char *t, size_t len, size_t i)
{
	static const char *const two[] = {"leaders", "presidents", "sides", "ministers", "men", NULL};
	static const char *const both[] = {"sides", "leaders", NULL};
	size_t w = i;
	const char *const *list;
	if (i + 8 <= len && !strncasecmp(t + i, "the two ", 8))
		w = i + 8, list = two;
	else if (i + 5 <= len && !strncasecmp(t + i, "both ", 5))
		w = i + 5, list = both;
	else
		return i == 0 && starts_with(t, len, 0, "they") ? 4 : 0;
	for (; *list; list++)
		if (starts_with(t, len, w, *list))
			return w + strlen(*list) - i;
	return 0;
}

int pair_mentions(struct sentence *s)
{
	const char *t = s->text;
	size_t n0 = s->nm, added = 0, at = 0;
	/* the new mentions go after the others, then one merge from the end puts them in order
	 * (a sentence of many "both sides" costs linear time); the candidates are found by their
	 * key words "two" and "both" */
	size_t two = word_find(t, s->len, 0, "two "), both = word_find(t, s->len, 0, "both ");
	size_t both_up = word_find(t, s->len, 0, "Both ");
	for (size_t i = 0; i < s->len;) {
		while (two != SIZE_MAX && (two < 4 || two - 4 < i))
			two = word_find(t, s->len, two + 1, "two ");
		while (both != SIZE_MAX && both < i)
			both = word_find(t, s->len, both + 1, "both ");
		while (both_up != SIZE_MAX && both_up < i)
			both_up = word_find(t, s->len, both_up + 1, "Both ");
		size_t cand = two != SIZE_MAX ? two - 4 : SIZE_MAX;
		if (both < cand)
			cand = both;
		if (both_up < cand)
			cand = both_up;
		if (i == 0 && pair_at(t, s->len, 0))
			cand = 0;
		if (cand == SIZE_MAX)
			break;
		size_t n = pair_at(t, s->len, cand), end = cand + n;
		if (cand == both)
			both = word_find(t, s->len, both + 1, "both ");
		else if (cand == both_up)
			both_up = word_find(t, s->len, both_up + 1, "Both ");
		else if (two != SIZE_MAX && cand == two - 4)
			two = word_find(t, s->len, two + 1, "two ");
		i = cand + 1;
		if (!n || (cand && isalpha((unsigned char)t[cand - 1])))
			continue;
		while (at < n0 && s->m[at].end <= cand)
			at++;
		if (at < n0 && s->m[at].start < end)
			continue;
		size_t cap = s->capm;
		if (array_grow((void **)&s->m, &s->capm, s->nm + 1, sizeof *s->m, 32) < 0 ||
		    array_grow((void **)&s->m_canon, &cap, s->capm, sizeof *s->m_canon, 32) < 0 ||
		    buf_append(&s->mtext, PAIR_MARK, sizeof PAIR_MARK) < 0)
			return -1;
		s->m[s->nm] = (struct entity_mention){.type = MT_PER, .start = cand, .end = end, .surface = t + cand,
						      .surface_len = n, .canonical = PAIR_MARK,
						      .canonical_len = strlen(PAIR_MARK), .id = ""};
		s->m_canon[s->nm++] = s->mtext.len - sizeof PAIR_MARK;
		added++;
		i = end;
	}
	if (!added)
		return 0;
	/* the added ones aside, then merged by start from the end */
	struct entity_mention *tm = malloc(added * sizeof *tm);
	size_t *tc = malloc(added * sizeof *tc);
	if (!tm || !tc) {
		free(tm);
		free(tc);
		return -1;
	}
	memcpy(tm, s->m + n0, added * sizeof *tm);
	memcpy(tc, s->m_canon + n0, added * sizeof *tc);
	size_t ta = n0, tb = added, out = s->nm;
	while (tb > 0) {
		if (ta > 0 && s->m[ta - 1].start > tm[tb - 1].start) {
			s->m[--out] = s->m[--ta];
			s->m_canon[out] = s->m_canon[ta];
		} else {
			s->m[--out] = tm[--tb];
			s->m_canon[out] = tc[tb];
		}
	}
	free(tm);
	free(tc);
	return 0;
}

struct span event_location(struct sentence *s, const struct found_event *e)
{
	const struct span ids[] = {e->a1.id, e->a2.id};
	size_t to = clause_end(s, e->end);
	if (e->condition.len && e->cond_start < to && e->cond_start >= e->end)
		to = e->cond_start;
	int i = loc_after_in(s, e->start, to, ids, 2);
	if (i < 0 && starts_with(s->text, s->len, 0, "In")) {
		/* "In Geneva, the two ministers met": the place of the sentence's events */
		size_t lead = clause_end(s, 0);
		if (lead < e->start)
			i = loc_after_in(s, 0, lead, ids, 2);
	}
	return keep_canon(s, i);
}

/* Whether the sentence names the two actors again ("the two leaders": pair_mentions()). */
static bool has_pair_mention(const struct sentence *s)
{
	for (size_t i = 0; i < s->nm; i++)
		if (s->m[i].type == MT_PER && !strcmp(mention_canon(s, i), PAIR_MARK))
			return true;
	return false;
}

void sentence_attrs(struct sentence *s, bool events)
{
	/* a sentence with no event of its own (three in four) gives its attributes only to the
	 * event it joins, by an anaphor or the pair (doc.c): without either, none are needed */
	anaphor(s);
	if (!events && !s->at.anaphor && !has_pair_mention(s))
		return;
	for (size_t i = 0; i < s->nm; i++) {
		const char *c = mention_canon(s, i);
		if (s->m[i].type == MT_DATE && !s->at.date.len && isdigit((unsigned char)c[0]) && strlen(c) >= 4 &&
		    !dateline(s, i))
			s->at.date = sentence_keep(s, c, strlen(c));
	}
	for (size_t i = 0; i < s->nm; i++) {
		if (s->m[i].type == MT_TIME && !s->at.time.len)
			time_attrs(s, i);
		if (s->m[i].type == MT_DURATION && !s->at.duration.len)
			duration_attr(s, i); /* the sentence's, or a noun's ("a two-day visit") */
	}
	if (!s->at.time.len)
		part_of_day(s);
	vague_date(s);
	if (s->at.anaphor)
		s->at.location = keep_canon(s, loc_after_in(s, 0, s->len, NULL, 0));
}

/* The condition clause after byte from: "as long as Russia does not invade", to the clause end. */
/* The places of the sentence where a condition's marker begins, with its length (the first
 * marker of the list that is there), in order: one pass for all the events of the sentence,
 * each of which asks for the first after it. Returns 0 or -1 (out of memory). */
static int condition_marks(struct sentence *s)
{
	static const char *const markers[] = {"only if", "as long as", "so long as", "provided that",
					      "providing", "provided", "on condition that", "unless",
					      "in case", "if", NULL};
	const char *t = s->text;
	s->ncond = 0;
	s->cond_known = true;
	for (size_t i = 0; i < s->len; i++) {
		int c = t[i] | 0x20; /* every marker begins with one of these letters */
		if ((c != 'i' && c != 'a' && c != 's' && c != 'p' && c != 'o' && c != 'u') ||
		    (i && isalpha((unsigned char)t[i - 1])))
			continue;
		for (const char *const *m = markers; *m; m++) {
			if (**m != c)
				continue; /* the markers of another letter */
			size_t n = strlen(*m);
			/* the second letter first (every marker has one): most words that begin so
			 * are no marker, and strncasecmp() was the pass's main cost */
			if (i + n < s->len && (t[i + 1] | 0x20) == (*m)[1] && !strncasecmp(t + i, *m, n) &&
			    !isalpha((unsigned char)t[i + n])) {
				if (array_grow((void **)&s->cond, &s->capcond, s->ncond + 1, sizeof *s->cond, 16) < 0) {
					s->cond_known = false;
					return -1;
				}
				s->cond[s->ncond].at = i;
				s->cond[s->ncond++].len = n;
				break;
			}
		}
	}
	return 0;
}

struct span condition_after(struct sentence *s, size_t from, size_t *cs, size_t *ce)
{
	const char *t = s->text;
	if (!s->cond_known && condition_marks(s) < 0)
		return (struct span){0, 0};
	size_t lo = 0, hi = s->ncond; /* the first marker at or after from */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->cond[mid].at < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == s->ncond)
		return (struct span){0, 0};
	/* the clause from the marker to a punctuation mark or a closing quotation */
	size_t i = s->cond[lo].at, e = i + s->cond[lo].len;
	while (e < s->len && !strchr(",;.\"", t[e]) &&
	       !(t[e] == '\xe2' && e + 2 < s->len && (unsigned char)t[e + 1] == 0x80 &&
		 ((unsigned char)t[e + 2] == 0x9d || (unsigned char)t[e + 2] == 0x94)))
		e++;
	while (e > i && t[e - 1] == ' ')
		e--;
	*cs = i;
	*ce = e;
	return sentence_keep(s, t + i, e - i);
}

/* "PARIS, March 6 (Alpha) -": the dateline's date is the article's, not the event's. */
bool dateline(const struct sentence *s, size_t i)
{
	size_t at = s->m[i].start;
	if (at < 4 || at > 40 || s->text[at - 2] != ',')
		return false;
	for (size_t k = 0; k + 2 < at; k++)
		if (islower((unsigned char)s->text[k]))
			return false;
	return true;
}

/* The index of the DATE mention nearest e's words (not the dateline's), or -1. */
static int nearest_date_mention(const struct sentence *s, const struct found_event *e)
{
	size_t best = SIZE_MAX;
	int at = -1;
	for (size_t i = 0; i < s->nm; i++) {
		const char *c = mention_canon(s, i);
		if (s->m[i].type != MT_DATE || !isdigit((unsigned char)c[0]) || strlen(c) < 4 || dateline(s, i))
			continue;
		size_t d = s->m[i].start >= e->end ? s->m[i].start - e->end
			   : e->start >= s->m[i].end ? e->start - s->m[i].end : 0;
		if (d < best) {
			best = d;
			at = (int)i;
		}
	}
	return at;
}

/* The date of an event: the DATE mention nearest its words (not the dateline's). */
struct span nearest_date(struct sentence *s, const struct found_event *e)
{
	int at = nearest_date_mention(s, e);
	if (at < 0) {
		/* "this week", when it is said in the event's clause: after its words, or before
		 * them with at most a comma between ("Next week, Putin will visit Beijing") */
		size_t vs = s->at.vague_start, ve = s->at.vague_end;
		if (!s->at.vague.len)
			return (struct span){0, 0};
		if (vs >= e->start ? vs < clause_end(s, e->end)
				   : clause_end(s, ve < s->len && s->text[ve] == ',' ? ve + 1 : ve) >= e->start)
			return s->at.vague;
		return (struct span){0, 0};
	}
	return sentence_keep(s, mention_canon(s, (size_t)at), strlen(mention_canon(s, (size_t)at)));
}

/* "is likely to meet him when he visits Nairobi on Friday": tag-entities read the bare weekday
 * as the last one (news tells the past), but an event still to come is on the coming one. */
static struct span coming_weekday(struct sentence *s, const struct found_event *e)
{
	static const char *const saying[] = {"said", "says", "told", "announced", NULL};
	int at = nearest_date_mention(s, e);
	if (at < 0 || !s->published || e->kind != PK_EVENT || e->cameo < 0 || !strncmp(s->lex->cameo[e->cameo].code, "01", 2))
		return e->date; /* a statement is dated by when it was made */
	const struct entity_mention *m = &s->m[at];
	if (has_any(s->text, m->start > 16 ? m->start - 16 : 0, m->start, saying))
		return e->date; /* "Gros said on Friday" */
	int wd = date_weekday_name(m->surface, m->surface_len);
	struct date d, pub;
	/* the name alone ("Friday", not "Friday night" or "last Friday") */
	if (wd <= 0 || m->surface_len < 6 || m->surface_len > 9 || memchr(m->surface, ' ', m->surface_len) ||
	    strncasecmp(m->surface + m->surface_len - 3, "day", 3) ||
	    (m->start >= 5 && !strncasecmp(s->text + m->start - 5, "last ", 5)) ||
	    (m->start >= 5 && !strncasecmp(s->text + m->start - 5, "past ", 5)) ||
	    date_parse(mention_canon(s, (size_t)at), strlen(mention_canon(s, (size_t)at)), &d) < 0 || !d.day ||
	    date_parse(s->published, strlen(s->published) < 10 ? strlen(s->published) : 10, &pub) < 0 || !pub.day)
		return e->date;
	long day = date_days_from_civil(d.year, d.month, d.day);
	long today = date_days_from_civil(pub.year, pub.month, pub.day);
	if (day >= today)
		return e->date;
	int y, mo, dd;
	date_civil_from_days(date_resolve_weekday(today, wd, DATE_COMING), &y, &mo, &dd);
	char v[16];
	int n = snprintf(v, sizeof v, "%04d-%02d-%02d", y, mo, dd);
	return n == 10 ? sentence_keep(s, v, 10) : e->date;
}

/* the words of each modality, by their list (modality_words) */
enum { W_NEG, W_PROP, W_PLAN, W_EXPECT, W_ALLEG, W_LISTS };
static const struct {
	const char *w;
	int list;
} modality_word[] = {
	{"not", W_NEG}, {"never", W_NEG}, {"no", W_NEG}, {"didn't", W_NEG}, {"hasn't", W_NEG},
	{"haven't", W_NEG}, {"won't", W_NEG}, {"didn’t", W_NEG}, {"hasn’t", W_NEG}, {"haven’t", W_NEG},
	{"won’t", W_NEG}, {"doesn't", W_NEG}, {"doesn’t", W_NEG},
	{"proposed", W_PROP}, {"propose", W_PROP}, {"proposes", W_PROP}, {"proposal", W_PROP},
	{"offered", W_PROP}, {"suggested", W_PROP}, {"suggest", W_PROP}, {"principle", W_PROP},
	{"principles", W_PROP},
	{"will", W_PLAN}, {"would", W_PLAN}, {"shall", W_PLAN}, {"plans", W_PLAN}, {"planning", W_PLAN}, {"planned", W_PLAN},
	{"scheduled", W_PLAN}, {"upcoming", W_PLAN}, {"next", W_PLAN}, {"he’ll", W_PLAN}, {"he'll", W_PLAN},
	{"expected", W_EXPECT}, {"likely", W_EXPECT}, {"could", W_EXPECT}, {"may", W_EXPECT},
	{"might", W_EXPECT}, {"possible", W_EXPECT}, {"potential", W_EXPECT},
	{"alleged", W_ALLEG}, {"allegedly", W_ALLEG}, {"reportedly", W_ALLEG}, {"accused", W_ALLEG},
	{"claimed", W_ALLEG}, {"allegations", W_ALLEG},
};

static bool alnum_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* strncasecmp(t, w, n) == 0 for a lower-case w of n bytes, inline (the C locale's: ASCII) */
static bool same_as_lower(const char *t, const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		if ((c >= 'A' && c <= 'Z' ? (char)(c + 32) : c) != w[i])
			return false;
	}
	return true;
}

/* For each list of modality_word, the last place in t[from..to) where one of its words is, as
 * has_any() finds them (whole words, either case; the end of the range ends a word), or
 * SIZE_MAX: has_any(t, f, to, list) for any f >= from is then last[list] >= f, and one pass
 * serves the five tests of the event (they share their range's end). */
#define N_MODALITY_WORDS (sizeof modality_word / sizeof *modality_word)
/* the words of modality_word by first letter: by_letter[first[c]..first[c + 1]) are the indices
 * of those that begin with c, with their lengths; filled once */
static uint8_t by_letter[N_MODALITY_WORDS], word_len[N_MODALITY_WORDS];
static uint8_t first_at[257];

static void modality_index(void)
{
	size_t n = 0;
	for (int c = 0; c < 256; c++) {
		first_at[c] = (uint8_t)n;
		for (size_t k = 0; k < N_MODALITY_WORDS; k++)
			if ((unsigned char)modality_word[k].w[0] == c) {
				word_len[n] = (uint8_t)strlen(modality_word[k].w);
				by_letter[n++] = (uint8_t)k;
			}
	}
	first_at[256] = (uint8_t)n;
}

static void modality_words(const char *t, size_t from, size_t to, size_t last[W_LISTS])
{
	_Static_assert(N_MODALITY_WORDS < 256, "modality words are indexed by a byte");
	if (!first_at[256])
		modality_index();
	for (int k = 0; k < W_LISTS; k++)
		last[k] = SIZE_MAX;
	const unsigned char *b = (const unsigned char *)t;
	for (size_t i = from; i < to; i++) {
		/* the words that begin with this byte (either case: the words are lower case), at a
		 * word's start; a table, where a strchr() and a pass over the list at every byte were
		 * a third of an event's attributes */
		int c = b[i] | 0x20;
		if (first_at[c] == first_at[c + 1] || (i && alnum_byte(b[i - 1])))
			continue;
		for (size_t j = first_at[c]; j < first_at[c + 1]; j++) {
			size_t k = by_letter[j], n = word_len[j];
			if (n <= to - i && same_as_lower(t + i, modality_word[k].w, n) && (i + n == to || !alnum_byte(b[i + n])))
				last[modality_word[k].list] = i;
		}
	}
}

enum modality event_modality(struct sentence *s, struct found_event *e)
{
	const char *t = s->text;
	/* the verb phrase after "and" has its own ("denied the claims and accused Ukraine") */
	size_t pre = e->shared_subject ? e->start : e->start > 60 ? e->start - 60 : 0;
	size_t last[W_LISTS];
	modality_words(t, pre, e->end, last);
#define HAS(list, from) (last[list] != SIZE_MAX && last[list] >= (from))
	/* "urged its shareholders not to tender": the appeal's content is negated, not the appeal */
	const char *code = e->cameo >= 0 ? s->lex->cameo[e->cameo].code : "";
	if (HAS(W_NEG, e->start) && (!strncmp(code, "02", 2) || !strncmp(code, "10", 2)) &&
	    last[W_NEG] + 7 <= e->end && !strncasecmp(t + last[W_NEG], "not to ", 7))
		last[W_NEG] = SIZE_MAX;
	if (HAS(W_NEG, e->start) || has_word(t, pre, e->start, "denied"))
		return has_word(t, e->start, e->end, "rule") ? MOD_EXPECTED : MOD_DENIED;
	if (e->condition.len)
		return MOD_CONDITIONAL;
	if (HAS(W_PROP, pre))
		return MOD_PROPOSED;
	if (HAS(W_PLAN, pre))
		return MOD_PLANNED;
	/* "to meet", "is to hold": an infinitive of the event's verb; a date after the article's */
	for (size_t i = e->start; i + 3 < e->end; i++)
		if (t[i] == ' ' && !strncasecmp(t + i, " to ", 4) && i + 4 < e->end &&
		    (has_word(t, i + 4, e->end, "meet") || has_word(t, i + 4, e->end, "hold")))
			return MOD_PLANNED;
	if (e->date.len >= 10 && s->published && strncmp(sp(s, e->date), s->published, 10) > 0)
		return MOD_PLANNED;
	size_t near = e->shared_subject ? e->start : e->start > 25 ? e->start - 25 : 0;
	if (HAS(W_EXPECT, near))
		return MOD_EXPECTED;
	if (HAS(W_ALLEG, near))
		return MOD_ALLEGED;
#undef HAS
	return MOD_ASSERTED;
}

/* ---- "CNN has not confirmed" */

/* Where a news outlet's negated confirm ("CNN has not independently confirmed", "Reuters could
 * not verify") ends, after mention i; 0 when there is none. */
static size_t negated_confirm(const struct sentence *s, size_t i)
{
	static const char *const neg[] = {"not", "never", "unable", "hasn't", "hasn’t", "couldn't",
					  "couldn’t", "cannot", "can't", "can’t", NULL};
	static const char *const verbs[] = {"confirm", "confirmed", "verify", "verified", NULL};
	size_t from = s->m[i].end, to = from + 48 < s->len ? from + 48 : s->len;
	for (size_t k = i + 1; k < s->nm && s->m[k].start < to; k++)
		if (s->m[k].type != MT_DATE)
			to = s->m[k].start;
	const char *t = s->text;
	for (size_t at = from; at < to; at++) {
		if (!isalpha((unsigned char)t[at]) || isalpha((unsigned char)t[at - 1]))
			continue;
		for (const char *const *v = verbs; *v; v++)
			if (starts_with(t, s->len, at, *v))
				return has_any(t, from, at, neg) && !memchr(t + from, ',', at - from) ? at + strlen(*v) : 0;
	}
	return 0;
}

void unconfirmed(struct sentence *s)
{
	size_t from = 0, to = 0;
	int outlet = -1;
	for (size_t i = 0; i < s->nm && outlet < 0; i++)
		if (s->m[i].type == MT_ORG && is_outlet(s->lex, mention_canon(s, i)) && (to = negated_confirm(s, i))) {
			outlet = (int)i;
			from = s->m[i].start;
		}
	if (outlet < 0)
		return;
	s->at.unconfirmed = true;
	const struct entity_mention *m = &s->m[outlet];
	struct span attr = {0, 0};
	for (size_t i = 0; i < s->nev; i++) {
		struct found_event *e = &s->ev[i];
		bool by_outlet = e->has_a1 && e->a1.id.len == m->id_len && !memcmp(sp(s, e->a1.id), m->id, m->id_len);
		if (e->kind == PK_SAY || e->kind == PK_ATTR) {
			/* the outlet's not confirming is no statement, and no source of the others */
			if (by_outlet && e->start < to && from < e->end)
				e->drop = true;
			else if (!attr.len && e->has_a1)
				attr = e->a1.name;
			continue;
		}
		if (!e->drop && e->modality == MOD_ASSERTED)
			e->modality = MOD_ALLEGED;
	}
	if (s->at.attributed_to.len && !strcmp(sp(s, s->at.attributed_to), mention_canon(s, (size_t)outlet)))
		s->at.attributed_to = attr;
}

/* The attributes of the sentence's events once they are settled: conditions (and the events
 * inside one dropped), dates, modality, location, and the codes they turn (a planned meeting is
 * 036, a conditional sanction a threat). */
/* "Museveni is likely to meet Moi when he visits Nairobi on Friday": the visit of a when-clause
 * is as far from done as the event of the clause it belongs to. */
static void when_clause_modality(struct sentence *s)
{
	static const char *const when[] = {"when", "while", NULL};
	for (size_t i = 0; i < s->nev; i++) {
		struct found_event *e = &s->ev[i];
		if (e->drop || e->kind != PK_EVENT || e->modality != MOD_ASSERTED)
			continue;
		for (size_t j = 0; j < s->nev; j++) {
			const struct found_event *m = &s->ev[j];
			if (j == i || m->drop || m->kind != PK_EVENT || m->end > e->start || e->start - m->end > 40 ||
			    (m->modality != MOD_PLANNED && m->modality != MOD_EXPECTED))
				continue;
			if (has_any(s->text, m->end, e->start, when)) {
				e->modality = m->modality;
				e->date = coming_weekday(s, e);
				break;
			}
		}
	}
}

void event_attrs(struct sentence *s)
{
	const struct lexicon *x = s->lex;
	static const char *const phone[] = {"phone", "telephone", "phoned", "call", NULL};
	bool by_phone = s->nev && has_any(s->text, 0, s->len, phone); /* only events use it */
	for (size_t i = 0; i < s->nev; i++) {
		struct found_event *e = &s->ev[i];
		if (e->drop || e->kind == PK_ATTR)
			continue;
		e->condition = condition_after(s, e->end, &e->cond_start, &e->cond_end);
	}
	/* "as long as Russia does not invade": the invasion is the condition, not an event, with
	 * or without an event found that it is the condition of ("the summit can only be held if
	 * Russia does not invade") */
	for (size_t from = 0; from < s->len && s->nev;) {
		size_t cs = 0, ce = 0;
		if (!condition_after(s, from, &cs, &ce).len)
			break;
		for (size_t i = 0; i < s->nev; i++)
			if (s->ev[i].start >= cs && s->ev[i].start < ce)
				s->ev[i].drop = true;
		from = ce > cs ? ce : cs + 1;
	}
	for (size_t i = 0; i < s->nev; i++) {
		struct found_event *e = &s->ev[i];
		if (e->drop || e->kind == PK_ATTR)
			continue;
		e->date = nearest_date(s, e);
		e->modality = event_modality(s, e);
		/* "X said it will redeem": a statement made, of what will be; and so is declining
		 * to say (011) whether it will */
		if (e->cameo >= 0 && (statement_code(x->cameo[e->cameo].code) || !strcmp(x->cameo[e->cameo].code, "011")) &&
		    e->modality != MOD_DENIED && e->modality != MOD_ALLEGED)
			e->modality = MOD_ASSERTED;
		if (e->modality == MOD_PLANNED || e->modality == MOD_EXPECTED) /* not "proposed on Saturday" */
			e->date = coming_weekday(s, e);
		if (e->kind == PK_SAY && e->modality == MOD_DENIED && e->cameo >= 0 &&
		    !strcmp(x->cameo[e->cameo].code, "010")) {
			e->drop = true; /* "She did not say when": no statement */
			continue;
		}
		if (!e->location.len)
			e->location = event_location(s, e);
		if (!e->location.len && e->has_a2 && e->a2.place.len)
			e->location = e->a2.place; /* "will visit Kyiv": Ukraine, in Kyiv */
		e->phone = by_phone;
		if (e->cameo < 0)
			continue;
		const char *code = x->cameo[e->cameo].code;
		if (!strcmp(code, "036") && has_word(s->text, e->start, e->end, "rule") && e->modality != MOD_EXPECTED) {
			int k = cameo_find(x, "125"); /* "ruled out a meeting" */
			if (k >= 0)
				e->cameo = k;
			continue;
		}
		if (!strncmp(code, "04", 2) && strcmp(code, "042") && strcmp(code, "043") &&
		    e->modality != MOD_ASSERTED && e->modality != MOD_DENIED && e->modality != MOD_ALLEGED) {
			int k = cameo_find(x, "036"); /* an intended meeting, as CAMEO codes it */
			if (k >= 0)
				e->cameo = k;
		} else if (!strcmp(code, "040") && by_phone) {
			int k = cameo_find(x, "041");
			if (k >= 0)
				e->cameo = k;
		} else if (!strcmp(code, "163") && e->condition.len) {
			int k = cameo_find(x, "1312");
			if (k >= 0)
				e->cameo = k;
		}
	}
	when_clause_modality(s);
}
