/* The attributes of events: dates, times and their instant, durations, counts' qualifiers,
 * condition clauses, modality, and the anaphors ("the call") that join a sentence to an event. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "entity.h"
#include "events.h"

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

static void time_attrs(struct sentence *s, size_t i)
{
	const struct entity_mention *m = &s->m[i];
	size_t end = m->end;
	/* "11 p.m. Paris time (1 a.m. Moscow time)": one instant said twice */
	if (end + 2 < s->len && s->text[end] == ' ' && s->text[end + 1] == '(') {
		for (size_t k = i + 1; k < s->nm; k++)
			if (s->m[k].type == MT_TIME && s->m[k].start == end + 2) {
				const char *close = memchr(s->text + s->m[k].end, ')', s->len - s->m[k].end);
				if (close && close - (s->text + s->m[k].end) < 4)
					end = (size_t)(close - s->text) + 1;
				break;
			}
	}
	s->at.time = sentence_keep(s, s->text + m->start, end - m->start);
	const char *c = mention_canon(s, i);
	const char *day = s->at.date.len ? sp(s, s->at.date) : s->published;
	struct date d;
	char iso[64];
	if (!day || strlen(day) < 10 || c[0] != 'T')
		return;
	snprintf(iso, sizeof iso, "%.10s%s", day, c);
	if (date_parse_iso(iso, strlen(iso), &d) == 0 || !d.has_zone || !d.has_time)
		return;
	long days = date_days_from_civil(d.year, d.month, d.day);
	long minutes = days * 1440 + d.hour * 60 + d.minute - d.offset;
	long dd = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
	long rem = minutes - dd * 1440;
	int y, mo, da;
	date_civil_from_days(dd, &y, &mo, &da);
	int n = snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02ld:%02ldZ", y, mo, da, rem / 60, rem % 60);
	s->at.time_utc = sentence_keep(s, iso, (size_t)n);
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
	if (!long_after && !word_before(s->text, from, triggers))
		return;
	char v[64];
	int n = snprintf(v, sizeof v, "%s%s", q, mention_canon(s, i));
	s->at.duration = sentence_keep(s, v, (size_t)n);
}

static void anaphor(struct sentence *s)
{
	static const char *const calls[] = {"call", "conversation", "phone call", "telephone conversation",
					    "talk", NULL};
	static const char *const meets[] = {"talks", "meeting", "summit", "visit", NULL};
	const char *t = s->text;
	for (size_t i = 0; i + 4 < s->len; i++) {
		if ((t[i] != 't' && t[i] != 'T') || strncasecmp(t + i, "the ", 4) ||
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

void sentence_attrs(struct sentence *s)
{
	memset(&s->at, 0, sizeof s->at);
	for (size_t i = 0; i < s->nm; i++) {
		const char *c = mention_canon(s, i);
		if (s->m[i].type == MT_DATE && !s->at.date.len && isdigit((unsigned char)c[0]) && strlen(c) >= 4)
			s->at.date = sentence_keep(s, c, strlen(c));
	}
	for (size_t i = 0; i < s->nm; i++) {
		if (s->m[i].type == MT_TIME && !s->at.time.len)
			time_attrs(s, i);
		if (s->m[i].type == MT_DURATION && !s->at.duration.len)
			duration_attr(s, i);
	}
	anaphor(s);
}

/* The condition clause after byte from: "as long as Russia does not invade", to the clause end. */
struct span condition_after(struct sentence *s, size_t from, size_t *cs, size_t *ce)
{
	static const char *const markers[] = {"only if", "as long as", "so long as", "provided that",
					      "providing", "provided", "on condition that", "unless",
					      "in case", "if", NULL};
	const char *t = s->text;
	for (size_t i = from; i < s->len; i++) {
		if (i && isalpha((unsigned char)t[i - 1]))
			continue;
		for (const char *const *m = markers; *m; m++) {
			size_t n = strlen(*m);
			if (i + n < s->len && !strncasecmp(t + i, *m, n) && !isalpha((unsigned char)t[i + n])) {
				size_t e = i + n;
				while (e < s->len && !strchr(",;.\"", t[e]) && !(t[e] == '\xe2' && e + 2 < s->len &&
									    (unsigned char)t[e + 1] == 0x80 &&
									    ((unsigned char)t[e + 2] == 0x9d ||
									     (unsigned char)t[e + 2] == 0x94)))
					e++;
				while (e > i && t[e - 1] == ' ')
					e--;
				*cs = i;
				*ce = e;
				return sentence_keep(s, t + i, e - i);
			}
		}
	}
	return (struct span){0, 0};
}

/* "PARIS, March 6 (Alpha) -": the dateline's date is the article's, not the event's. */
static bool dateline(const struct sentence *s, size_t i)
{
	size_t at = s->m[i].start;
	if (at < 4 || at > 40 || s->text[at - 2] != ',')
		return false;
	for (size_t k = 0; k + 2 < at; k++)
		if (islower((unsigned char)s->text[k]))
			return false;
	return true;
}

/* The date of an event: the DATE mention nearest its words (not the dateline's). */
struct span nearest_date(struct sentence *s, const struct found_event *e)
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
	if (at < 0)
		return (struct span){0, 0};
	return sentence_keep(s, mention_canon(s, (size_t)at), strlen(mention_canon(s, (size_t)at)));
}

enum modality event_modality(struct sentence *s, struct found_event *e)
{
	static const char *const neg[] = {"not", "never", "no", "didn't", "hasn't", "haven't", "won't",
					  "didn’t", "hasn’t", "haven’t", "won’t", "doesn't", "doesn’t", NULL};
	static const char *const prop[] = {"proposed", "propose", "proposes", "proposal", "offered",
					   "suggested", "suggest", "principle", "principles", NULL};
	static const char *const plan[] = {"will", "shall", "plans", "planning", "planned", "scheduled",
					   "upcoming", "next", "he’ll", "he'll", NULL};
	static const char *const expect[] = {"expected", "likely", "could", "may", "might", "possible",
					     "potential", NULL};
	static const char *const alleg[] = {"alleged", "allegedly", "reportedly", "accused", "claimed",
					    "allegations", NULL};
	const char *t = s->text;
	size_t pre = e->start > 60 ? e->start - 60 : 0;
	if (has_any(t, e->start, e->end, neg) || has_word(t, pre, e->start, "denied"))
		return has_word(t, e->start, e->end, "rule") ? MOD_EXPECTED : MOD_DENIED;
	if (e->condition.len)
		return MOD_CONDITIONAL;
	if (has_any(t, pre, e->end, prop))
		return MOD_PROPOSED;
	if (has_any(t, pre, e->end, plan))
		return MOD_PLANNED;
	/* "to meet", "is to hold": an infinitive of the event's verb; a date after the article's */
	for (size_t i = e->start; i + 3 < e->end; i++)
		if (!strncasecmp(t + i, " to ", 4) && i + 4 < e->end &&
		    (has_word(t, i + 4, e->end, "meet") || has_word(t, i + 4, e->end, "hold")))
			return MOD_PLANNED;
	if (e->date.len >= 10 && s->published && strncmp(sp(s, e->date), s->published, 10) > 0)
		return MOD_PLANNED;
	size_t near = e->start > 25 ? e->start - 25 : 0;
	if (has_any(t, near, e->end, expect))
		return MOD_EXPECTED;
	if (has_any(t, near, e->end, alleg))
		return MOD_ALLEGED;
	return MOD_ASSERTED;
}

