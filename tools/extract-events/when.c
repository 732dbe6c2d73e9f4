/* When: the time zones news names ("Paris time"), the story's zone (its dateline's), the
 * instant of a time, parts of days as intervals of time_utc, and vague dates ("this week") as
 * intervals of date, all through lib/date. */
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

static struct date_zones *zones; /* NULL until zones_load(): no zone is then known */

int zones_load(char *err, size_t errsize)
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
	return date_zones_load_phrases(zones, path, err, errsize);
}

void zones_free(void)
{
	date_zones_free(zones);
	zones = NULL;
}

void when_new_document(struct sentence *s)
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
void dateline_zone(struct sentence *s)
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

/* ---- times */

/* The instant of a zoned clock time ("T23:00+01:00") on local day `days`, in minutes since
 * the epoch, or LONG_MIN. */
static long zoned_minutes(long days, const char *canon)
{
	char iso[64];
	int y, mo, da;
	struct date d;
	date_civil_from_days(days, &y, &mo, &da);
	snprintf(iso, sizeof iso, "%04d-%02d-%02d%s", y, mo, da, canon);
	if (canon[0] != 'T' || date_parse_iso(iso, strlen(iso), &d) == 0 || !d.has_time || !d.has_zone)
		return LONG_MIN;
	return date_days_from_civil(d.year, d.month, d.day) * 1440 + d.hour * 60 + d.minute - d.offset;
}

void time_attrs(struct sentence *s, size_t i)
{
	const struct entity_mention *m = &s->m[i];
	size_t end = m->end;
	int second = -1;
	/* "11 p.m. Paris time (1 a.m. Moscow time)": one instant said twice */
	if (end + 2 < s->len && s->text[end] == ' ' && s->text[end + 1] == '(') {
		for (size_t k = i + 1; k < s->nm; k++)
			if (s->m[k].type == MT_TIME && s->m[k].start == end + 2) {
				const char *close = memchr(s->text + s->m[k].end, ')', s->len - s->m[k].end);
				if (close && close - (s->text + s->m[k].end) < 4)
					end = (size_t)(close - s->text) + 1;
				second = (int)k;
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
	if (second >= 0 && !s->at.date.len) {
		/* no day stated: the story's day is that of one of the two; "11 p.m. Berlin time
		 * (1 a.m. Moscow time)" in a story of 6 March is the evening of the 5th in Berlin */
		const char *c2 = mention_canon(s, (size_t)second);
		long other = zoned_minutes(days, c2), before = zoned_minutes(days - 1, c);
		if (other != LONG_MIN && other != minutes && before == other)
			minutes = before;
	}
	long dd = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
	long rem = minutes - dd * 1440;
	int y, mo, da;
	date_civil_from_days(dd, &y, &mo, &da);
	int n = snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02ld:%02ldZ", y, mo, da, rem / 60, rem % 60);
	s->at.time_utc = sentence_keep(s, iso, (size_t)n);
	if (second >= 0 && !s->at.date.len && s->doc_zone) {
		/* the instant is known though no day is said: its date where the story is told
		 * from (1 a.m. in Moscow is the 6th) */
		long local = minutes + date_zone_offset_at(s->doc_zone, (int64_t)minutes * 60) / 60;
		long ld = local >= 0 ? local / 1440 : (local - 1439) / 1440;
		date_civil_from_days(ld, &y, &mo, &da);
		n = snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, mo, da);
		s->at.date = sentence_keep(s, iso, (size_t)n);
	}
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
void part_of_day(struct sentence *s)
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
	/* "this morning", "this afternoon", "this evening", "tonight", "last night": the day of
	 * published (the day before for last night), found by the part's word */
	static const struct { const char *word, *before; enum part p; int back; } this[] = {
		{"morning", "this ", PART_MORNING, 0}, {"afternoon", "this ", PART_AFTERNOON, 0},
		{"evening", "this ", PART_EVENING, 0}, {"night", "last ", PART_EVENING, 1},
	};
	const char *pub = s->published ? s->published : "";
	for (size_t k = 0; k < sizeof this / sizeof *this && !p && strlen(pub) >= 10 && isdigit((unsigned char)pub[0]); k++) {
		size_t wl = strlen(this[k].word);
		for (size_t q = word_find(t, s->len, 0, this[k].word); q != SIZE_MAX && !p;
		     q = word_find(t, s->len, q + 1, this[k].word)) {
			if (q + wl < s->len && isalpha((unsigned char)t[q + wl]))
				continue;
			if (ends_with(t, q, this[k].before))
				ps = q - strlen(this[k].before);
			else if (k == 3 && q >= 2 && !strncasecmp(t + q - 2, "to", 2) &&
				 (q == 2 || !isalpha((unsigned char)t[q - 3])))
				ps = q - 2; /* tonight */
			else
				continue;
			p = this[k].p;
			pe = q + wl;
			day = date_days_from_civil(atoi(pub), atoi(pub + 5), atoi(pub + 8)) - this[k].back;
		}
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
void vague_date(struct sentence *s)
{
	static const char *const keys[] = {"week", "month", "year", NULL};
	static const char *const before[] = {"next ", "last ", "this ", "past ", "the ", NULL};
	const char *pub = s->published ? s->published : "";
	struct date d;
	if (strlen(pub) < 10 || date_parse_iso(pub, 10, &d) != 10)
		return;
	const char *t = s->text;
	/* the first "next week", "last month", "this weekend" ...: its key word, found with
	 * memchr, then the word before it ("the" only before "weekend") */
	size_t at = SIZE_MAX;
	char what[16] = "";
	for (int k = 0; keys[k]; k++)
		for (size_t q = word_find(t, s->len, 0, keys[k]); q != SIZE_MAX && q < at;
		     q = word_find(t, s->len, q + 1, keys[k])) {
			size_t e = q + strlen(keys[k]);
			bool weekend = k == 0 && starts_with(t, s->len, q, "weekend");
			if (!weekend && e < s->len && isalpha((unsigned char)t[e]))
				continue;
			const char *const *b = before;
			for (; *b; b++)
				if (ends_with(t, q, *b) && (weekend || strcmp(*b, "the ")) &&
				    (!strcmp(*b, "past ") ? weekend : true))
					break;
			if (!*b)
				continue;
			at = q - strlen(*b);
			snprintf(what, sizeof what, "%s%s", *b, weekend ? "weekend" : keys[k]);
			break;
		}
	if (at == SIZE_MAX)
		return;
	long today = date_days_from_civil(d.year, d.month, d.day);
	int wd = date_weekday(today);
	long monday = today - (wd - 1), first = 0, last = 0;
	char v[32];
	int n = 0, y = d.year, m = d.month;
	if (!strcmp(what + 5, "week")) {
		long shift = what[0] == 'n' ? 7 : what[0] == 'l' ? -7 : 0;
		/* on a Sunday, the last day of an ISO week, "later this week" and "will (plans to)
		 * ... this week" are the week that starts tomorrow */
		static const char *const ahead[] = {"will", "plans", "planning", "planned", "scheduled",
						    "expected", "due", "he’s", "he's", "set", NULL};
		if (what[0] == 't' && wd == 7 && !ends_with(t, at, "earlier ") &&
		    (ends_with(t, at, "later ") || date_future_before(t, at) || has_any(t, 0, at, ahead)))
			shift = 7;
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
	s->at.vague = sentence_keep(s, v, (size_t)n);
	s->at.vague_start = at;
	s->at.vague_end = at + strlen(what);
}
