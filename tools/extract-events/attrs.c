/* The attributes of events: dates, times and their instant, durations, counts' qualifiers,
 * condition clauses, modality, and the anaphors ("the call") that join a sentence to an event. */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "date.h"
#include "entity.h"
#include "events.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* ---- the data: time zones as news names them, and the news outlets */

static struct date_zones *zones;
static struct buf outlets; /* canonical names of news outlets and agencies, NUL-ended */

static int outlet_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	(void)ctx, (void)len, (void)lineno;
	char *f[4] = {line, NULL, NULL, NULL};
	for (int k = 1; k < 4 && f[k - 1]; k++) {
		char *tab = strchr(f[k - 1], '\t');
		if (tab) {
			*tab = '\0';
			f[k] = tab + 1;
		}
	}
	if (!f[3] || strcmp(f[0], "ORG") || strncmp(f[3], "news", 4))
		return 0;
	char *tab = strchr(f[3], '\t');
	if (tab)
		*tab = '\0';
	if (strcmp(f[3], "news") && strcmp(f[3], "news agency"))
		return 0;
	return buf_append(&outlets, f[1], strlen(f[1]) + 1) < 0 ? -2 : 0;
}

int attrs_load(char *err, size_t errsize)
{
	char path[PATH_MAX];
	if (data_path("zones.tsv", path, sizeof path) < 0) {
		snprintf(err, errsize, "cannot find the data file '%s'", path);
		return -1;
	}
	if (!(zones = date_zones_new())) {
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	if (date_zones_load_phrases(zones, path, err, errsize) < 0)
		return -1;
	if (data_path("tag-entities/organisations.tsv", path, sizeof path) < 0) {
		snprintf(err, errsize, "cannot find the data file '%s'", path);
		return -1;
	}
	int rc = data_lines(path, outlet_line, NULL, err, errsize);
	if (rc == -2)
		snprintf(err, errsize, "out of memory");
	return rc ? -1 : 0;
}

void attrs_free(void)
{
	date_zones_free(zones);
	zones = NULL;
	buf_free(&outlets);
}

static bool is_outlet(const char *canon)
{
	for (size_t at = 0; at < outlets.len; at += strlen(outlets.p + at) + 1)
		if (!strcmp(outlets.p + at, canon))
			return true;
	return false;
}

void sentence_new_doc(struct sentence *s)
{
	s->doc_zone = NULL;
	s->doc_rows = 0;
}

/* The zone a phrase at t[at..) names ("Paris time", "ET", "GMT"): up to three words. Sets
 * *end after it. DATE_PHRASE_LOCAL: "local time", whose place the text must say. */
static enum date_phrase zone_phrase(const char *t, size_t len, size_t at, const struct date_zone **z,
				    size_t *end)
{
	if (!zones)
		return DATE_PHRASE_NONE;
	size_t e = at;
	for (int words = 0; words < 3 && e < len; words++) {
		while (e < len && (isalpha((unsigned char)t[e]) || t[e] == '-'))
			e++;
		enum date_phrase p = date_zone_of_phrase(zones, t + at, e - at, z);
		if (p != DATE_PHRASE_NONE) {
			*end = e;
			return p;
		}
		if (e >= len || t[e] != ' ')
			break;
		e++;
	}
	return DATE_PHRASE_NONE;
}

/* "MOSCOW, February 21. /TASS/." or "PARIS, March 6 (Alpha) -" at the start of one of the
 * document's first rows: the zone of "Moscow time" is the story's; else the offset of
 * published, when it has one. News writes a clock time in the dateline's local time (wire
 * style), so a time with no zone stated is read in it. */
static void dateline_zone(struct sentence *s)
{
	if (s->doc_rows++ > 3 || s->doc_zone)
		return;
	for (size_t i = 0; i < s->nm; i++) {
		const struct entity_mention *m = &s->m[i];
		if (m->type != MT_LOC || m->start != 0 || m->end + 1 >= s->len || s->text[m->end] != ',')
			continue;
		for (size_t k = 0; k < m->end; k++)
			if (islower((unsigned char)s->text[k]))
				return;
		char phrase[96];
		int n = snprintf(phrase, sizeof phrase, "%s time", mention_canon(s, i));
		const struct date_zone *z;
		size_t end;
		if (n > 0 && (size_t)n < sizeof phrase &&
		    zone_phrase(phrase, (size_t)n, 0, &z, &end) == DATE_PHRASE_ZONE && end == (size_t)n)
			s->doc_zone = z;
		return;
	}
	struct date d;
	const char *p = s->published ? s->published : "";
	if (zones && date_parse_iso(p, strlen(p), &d) && d.has_zone) {
		char off[16];
		snprintf(off, sizeof off, "%c%02d:%02d", d.offset < 0 ? '-' : '+', abs(d.offset) / 60,
			 abs(d.offset) % 60);
		char err[128];
		s->doc_zone = date_zone(zones, off, err, sizeof err);
	}
}

/* The instant of local day + minutes in zone z, as YYYY-MM-DDTHH:MMZ. */
static int utc_of(const struct date_zone *z, long day, int minutes, char out[24])
{
	struct date d = {0}, u;
	day += minutes / 1440;
	minutes %= 1440;
	date_civil_from_days(day, &d.year, &d.month, &d.day);
	d.hour = minutes / 60;
	d.minute = minutes % 60;
	d.has_time = true;
	if (date_to_utc(z, &d, &u) < 0)
		return -1;
	return snprintf(out, 24, "%04d-%02d-%02dT%02d:%02dZ", u.year, u.month, u.day, u.hour, u.minute);
}

static bool dateline(const struct sentence *s, size_t i);

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
	if (!day || strlen(day) < 10 || c[0] != 'T' || (day[10] && day[10] != 'T'))
		return;
	snprintf(iso, sizeof iso, "%.10s%s", day, c);
	if (date_parse_iso(iso, strlen(iso), &d) == 0 || !d.has_time)
		return;
	if (!d.has_zone) {
		/* "at about 1:00 am" in a Moscow story: the dateline's time, unless the text says
		 * whose ("local time" of a place it may not name) */
		const struct date_zone *z;
		size_t e;
		if (!s->doc_zone || (m->end + 1 < s->len &&
				     zone_phrase(s->text, s->len, m->end + 1, &z, &e) != DATE_PHRASE_NONE))
			return;
		int n = utc_of(s->doc_zone, date_days_from_civil(d.year, d.month, d.day), d.hour * 60 + d.minute, iso);
		if (n > 0)
			s->at.time_utc = sentence_keep(s, iso, (size_t)n);
		return;
	}
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

/* ---- the place */

static bool ends_with(const char *t, size_t at, const char *w)
{
	size_t n = strlen(w);
	return at >= n && !strncasecmp(t + at - n, w, n) && (at == n || !isalpha((unsigned char)t[at - n - 1]));
}

static bool starts_with(const char *t, size_t len, size_t at, const char *w)
{
	size_t n = strlen(w);
	return at + n <= len && !strncasecmp(t + at, w, n) && (at + n == len || !isalpha((unsigned char)t[at + n]));
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
		if (strchr(",;:.()\"", t[i]) || (t[i] == '\xe2' && i + 2 < s->len && (unsigned char)t[i + 1] == 0x80 &&
						 ((unsigned char)t[i + 2] == 0x9c || (unsigned char)t[i + 2] == 0x9d)))
			return i;
		if (isalpha((unsigned char)t[i]) && (!i || t[i - 1] == ' '))
			for (const char *const *w = words; *w; w++)
				if (starts_with(t, s->len, i, *w))
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
int pair_mentions(struct sentence *s)
{
	static const char *const pairs[] = {"the two leaders", "the two presidents", "the two sides",
					    "both sides", "both leaders", "the two ministers", "the two men",
					    "they", NULL};
	const char *t = s->text;
	for (size_t i = 0; i < s->len; i++) {
		if (i && isalpha((unsigned char)t[i - 1]))
			continue;
		const char *const *w = pairs;
		for (; *w; w++)
			if (starts_with(t, s->len, i, *w) && (strcmp(*w, "they") || i == 0))
				break;
		if (!*w)
			continue;
		size_t end = i + strlen(*w), at = 0;
		while (at < s->nm && s->m[at].end <= i)
			at++;
		if (at < s->nm && s->m[at].start < end)
			continue;
		size_t cap = s->capm;
		if (array_grow((void **)&s->m, &s->capm, s->nm + 1, sizeof *s->m, 32) < 0 ||
		    array_grow((void **)&s->m_canon, &cap, s->capm, sizeof *s->m_canon, 32) < 0 ||
		    buf_append(&s->mtext, PAIR_MARK, sizeof PAIR_MARK) < 0)
			return -1;
		memmove(s->m + at + 1, s->m + at, (s->nm - at) * sizeof *s->m);
		memmove(s->m_canon + at + 1, s->m_canon + at, (s->nm - at) * sizeof *s->m_canon);
		s->m[at] = (struct entity_mention){.type = MT_PER, .start = i, .end = end, .surface = t + i,
						   .surface_len = end - i, .canonical = PAIR_MARK,
						   .canonical_len = strlen(PAIR_MARK), .id = ""};
		s->m_canon[at] = s->mtext.len - sizeof PAIR_MARK;
		s->nm++;
		i = end;
	}
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

/* ---- parts of days and vague dates */

enum part { PART_NONE, PART_EARLY, PART_MORNING, PART_AFTERNOON, PART_EVENING };
static const int part_hours[][2] = {{0, 0}, {0, 6}, {6, 12}, {12, 18}, {18, 24}};

/* The part of the day said around t[from..to) (a day's DATE mention, or "this"): "in the
 * early hours of Monday", "Sunday morning", "late Sunday", "on Friday night". Widens
 * [*ps, *pe) to the words that say it. */
static enum part part_around(const char *t, size_t len, size_t from, size_t to, size_t *ps, size_t *pe)
{
	static const struct { const char *w; enum part p; } before[] = {
		{"early hours of ", PART_EARLY}, {"early hours of the ", PART_EARLY}, {"early on ", PART_EARLY},
		{"early ", PART_EARLY}, {"late on ", PART_EVENING}, {"late ", PART_EVENING},
		{"morning of ", PART_MORNING}, {"afternoon of ", PART_AFTERNOON}, {"evening of ", PART_EVENING},
		{"night of ", PART_EVENING},
	}, after[] = {
		{" morning", PART_MORNING}, {" afternoon", PART_AFTERNOON}, {" evening", PART_EVENING},
		{" night", PART_EVENING},
	};
	enum part b = PART_NONE, a = PART_NONE;
	*ps = from;
	*pe = to;
	for (size_t k = 0; k < sizeof before / sizeof *before && !b; k++)
		if (ends_with(t, from, before[k].w)) {
			b = before[k].p;
			*ps = from - strlen(before[k].w);
		}
	for (size_t k = 0; k < sizeof after / sizeof *after && !a; k++)
		if (starts_with(t, len, to, after[k].w)) {
			a = after[k].p;
			*pe = to + strlen(after[k].w);
		}
	if (b && *ps >= 4 && ends_with(t, *ps, "the "))
		*ps -= 4;
	if (b && *ps >= 3 && (ends_with(t, *ps, "in ") || ends_with(t, *ps, "on ")))
		*ps -= 3;
	/* "the early hours of Monday morning" and "early Sunday morning" are the early hours;
	 * "late Sunday night" the evening */
	if (b == PART_EARLY || !a)
		return b;
	return a;
}

/* The part of day as a time_utc interval, in the zone stated after it or the story's. */
static void part_of_day(struct sentence *s)
{
	const char *t = s->text;
	long day = 0;
	size_t ps = 0, pe = 0;
	enum part p = PART_NONE;
	for (size_t i = 0; i < s->nm && !p; i++) {
		const char *c = mention_canon(s, i);
		if (s->m[i].type != MT_DATE || strlen(c) != 10 || !isdigit((unsigned char)c[0]))
			continue;
		if ((p = part_around(t, s->len, s->m[i].start, s->m[i].end, &ps, &pe)))
			day = date_days_from_civil(atoi(c), atoi(c + 5), atoi(c + 8));
	}
	static const char *const this[] = {"this morning", "this afternoon", "this evening", "tonight",
					   "last night", NULL};
	const char *pub = s->published ? s->published : "";
	for (int k = 0; this[k] && !p && strlen(pub) >= 10 && isdigit((unsigned char)pub[0]); k++) {
		const char *at = NULL;
		for (size_t i = 0; i + strlen(this[k]) <= s->len && !at; i++)
			if (starts_with(t, s->len, i, this[k]) && (!i || !isalpha((unsigned char)t[i - 1])))
				at = t + i;
		if (!at)
			continue;
		static const enum part parts[] = {PART_MORNING, PART_AFTERNOON, PART_EVENING, PART_EVENING, PART_EVENING};
		p = parts[k];
		ps = (size_t)(at - t);
		pe = ps + strlen(this[k]);
		day = date_days_from_civil(atoi(pub), atoi(pub + 5), atoi(pub + 8)) - (k == 4);
	}
	if (!p)
		return;
	const struct date_zone *z = s->doc_zone, *stated;
	size_t ze;
	enum date_phrase ph = pe + 1 < s->len && t[pe] == ' ' ? zone_phrase(t, s->len, pe + 1, &stated, &ze)
							     : DATE_PHRASE_NONE;
	if (ph == DATE_PHRASE_ZONE) {
		z = stated;
		pe = ze;
	} else if (ph == DATE_PHRASE_LOCAL) {
		return; /* the local time of a place the text may not name */
	}
	s->at.time = sentence_keep(s, t + ps, pe - ps);
	char a[24], b[24], v[64];
	if (!z || utc_of(z, day, part_hours[p][0] * 60, a) < 0 || utc_of(z, day, part_hours[p][1] * 60, b) < 0)
		return;
	int n = snprintf(v, sizeof v, "%s/%s", a, b);
	s->at.time_utc = sentence_keep(s, v, (size_t)n);
}

/* "this week", "last month", "the weekend": an interval of days against published. */
static void vague_date(struct sentence *s)
{
	static const char *const phrases[] = {"next week", "last week", "this week", "next month",
					      "last month", "this month", "next year", "last year",
					      "this year", "next weekend", "last weekend", "this weekend",
					      "past weekend", "the weekend", NULL};
	const char *pub = s->published ? s->published : "";
	struct date d;
	if (strlen(pub) < 10 || date_parse_iso(pub, 10, &d) != 10)
		return;
	const char *t = s->text;
	size_t at = 0;
	int k = 0;
	for (; phrases[k]; k++) {
		size_t n = strlen(phrases[k]);
		for (at = 0; at + n <= s->len; at++)
			if (starts_with(t, s->len, at, phrases[k]) && (!at || !isalpha((unsigned char)t[at - 1])))
				break;
		if (at + n <= s->len)
			break;
	}
	if (!phrases[k])
		return;
	long today = date_days_from_civil(d.year, d.month, d.day);
	int wd = date_weekday(today);
	long monday = today - (wd - 1), first = 0, last = 0;
	char v[32];
	int n = 0, y = d.year, m = d.month;
	const char *what = phrases[k];
	if (!strcmp(what + 5, "week")) {
		long shift = what[0] == 'n' ? 7 : what[0] == 'l' ? -7 : 0;
		first = monday + shift;
		last = first + 6;
	} else if (strstr(what, "month")) {
		m += what[0] == 'n' ? 1 : what[0] == 'l' ? -1 : 0;
		y += m > 12 ? 1 : m < 1 ? -1 : 0;
		m = m > 12 ? 1 : m < 1 ? 12 : m;
		n = snprintf(v, sizeof v, "%04d-%02d", y, m);
	} else if (strstr(what, "year")) {
		n = snprintf(v, sizeof v, "%04d", y + (what[0] == 'n' ? 1 : what[0] == 'l' ? -1 : 0));
	} else {
		/* a weekend: the one under way on Saturday or Sunday; else, from Monday to
		 * Wednesday the one just past unless the clause looks ahead, and the coming one
		 * from Thursday ("next weekend": the one after) */
		long sat = monday + 5; /* this week's Saturday */
		bool on = wd >= 6;
		if (what[0] == 'l' || what[0] == 'p')
			sat -= 7;
		else if (what[0] == 'n')
			sat += on ? 7 : 0;
		else if (!on && wd < 4 && !date_future_before(t, at))
			sat -= 7;
		first = sat;
		last = sat + 1;
	}
	if (!n) {
		int y1, m1, d1, y2, m2, d2;
		date_civil_from_days(first, &y1, &m1, &d1);
		date_civil_from_days(last, &y2, &m2, &d2);
		n = snprintf(v, sizeof v, "%04d-%02d-%02d/%04d-%02d-%02d", y1, m1, d1, y2, m2, d2);
	}
	s->at.date = sentence_keep(s, v, (size_t)n);
}

void sentence_attrs(struct sentence *s)
{
	memset(&s->at, 0, sizeof s->at);
	dateline_zone(s);
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
			duration_attr(s, i);
	}
	if (!s->at.time.len)
		part_of_day(s);
	if (!s->at.date.len)
		vague_date(s);
	anaphor(s);
	if (s->at.anaphor)
		s->at.location = keep_canon(s, loc_after_in(s, 0, s->len, NULL, 0));
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

/* ---- "CNN has not confirmed" */

/* Where a news outlet's negated confirm ("CNN has not independently confirmed", "Reuters could
 * not verify") ends, after mention i; 0 when there is none. */
static size_t negated_confirm(const struct sentence *s, size_t i)
{
	static const char *const neg[] = {"not", "never", "unable", "hasn't", "hasn’t", "couldn't",
					  "couldn’t", "cannot", "can't", "can’t", NULL};
	static const char *const verbs[] = {"confirm", "confirmed", "verify", "verified", NULL};
	size_t from = s->m[i].end, to = from + 48 < s->len ? from + 48 : s->len;
	for (size_t k = i + 1; k < s->nm; k++)
		if (s->m[k].start < to && s->m[k].type != MT_DATE)
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
		if (s->m[i].type == MT_ORG && is_outlet(mention_canon(s, i)) && (to = negated_confirm(s, i))) {
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
