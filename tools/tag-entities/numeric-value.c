/* The values of numeric mentions, from the named groups of their patterns (numeric.tsv says
 * which groups each type reads). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "numeric-value.h"

static const char *group(const struct numeric_match *m, const char *name, size_t *len)
{
	return rx_group(m->rx, m->index, m->text, name, len);
}

static void put_str(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

/* A month as a number ("02") or a name (its first three letters: "Feb.", "February"), 0 when
 * it is neither. */
static int month_of(const char *s, size_t n)
{
	static const char *const names[12] = {
		"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
	};
	if (n >= 1 && s[0] >= '0' && s[0] <= '9')
		return atoi(s);
	for (int i = 0; i < 12; i++)
		if (n >= 3 && !strncasecmp(s, names[i], 3))
			return i + 1;
	return 0;
}

struct word_number {
	const char *word;
	double value;
};

static const struct word_number word_numbers[] = {
	{"a", 1}, {"an", 1}, {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5},
	{"six", 6}, {"seven", 7}, {"eight", 8}, {"nine", 9}, {"ten", 10}, {"eleven", 11},
	{"twelve", 12}, {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15}, {"sixteen", 16},
	{"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20}, {"thirty", 30},
	{"forty", 40}, {"fifty", 50}, {"sixty", 60}, {"seventy", 70}, {"eighty", 80},
	{"ninety", 90}, {"hundred", 100}, {"dozen", 12}, {"half", 0.5}, {"several", 3},
	{"a few", 3}, {"dozens", 24}, {"hundreds", 200}, {"thousands", 2000},
};

static const struct word_number scales[] = {
	{"thousand", 1e3}, {"k", 1e3}, {"million", 1e6}, {"mln", 1e6}, {"m", 1e6}, {"mn", 1e6},
	{"billion", 1e9}, {"bn", 1e9}, {"b", 1e9}, {"trillion", 1e12}, {"tn", 1e12},
};

/* The value of a number as written: 150,000 / 3.5 / forty-five / one hundred. -1 if none. */
static double number_of(const char *s, size_t n)
{
	if (!n)
		return -1;
	if ((s[0] >= '0' && s[0] <= '9') || (s[0] == '.' && n > 1)) {
		char tmp[64];
		size_t k = 0;
		for (size_t i = 0; i < n && k + 1 < sizeof tmp; i++)
			if (s[i] != ',' && s[i] != ' ')
				tmp[k++] = s[i];
		tmp[k] = '\0';
		return strtod(tmp, NULL);
	}
	double total = 0, part = 0;
	bool any = false;
	for (size_t i = 0; i < n;) {
		while (i < n && (s[i] == ' ' || s[i] == '-'))
			i++;
		size_t j = i;
		while (j < n && s[j] != ' ' && s[j] != '-')
			j++;
		if (j == i)
			break;
		if (j - i == 3 && !strncasecmp(s + i, "and", 3)) {
			i = j;
			continue;
		}
		for (size_t w = 0; w < sizeof word_numbers / sizeof *word_numbers; w++)
			if (strlen(word_numbers[w].word) == j - i && !strncasecmp(s + i, word_numbers[w].word, j - i)) {
				double v = word_numbers[w].value;
				if (v == 100 && part)
					part *= 100;
				else
					part += v;
				any = true;
				break;
			}
		i = j;
	}
	total += part;
	return any ? total : -1;
}

static double scale_of(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof scales / sizeof *scales; i++)
		if (strlen(scales[i].word) == n && !strncasecmp(s, scales[i].word, n))
			return scales[i].value;
	return 1;
}

static void put_number(struct buf *b, double v)
{
	char tmp[64];
	if (v == floor(v) && fabs(v) < 1e15 && !(v == 0 && signbit(v))) {
		/* what "%.0f" prints, without snprintf */
		unsigned long long u = (unsigned long long)(v < 0 ? -v : v);
		char *e = tmp + sizeof tmp, *q = e;
		do
			*--q = (char)('0' + u % 10);
		while (u /= 10);
		if (v < 0)
			*--q = '-';
		buf_append(b, q, (size_t)(e - q));
		return;
	}
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(tmp, sizeof tmp, "%.0f", v);
	else
		snprintf(tmp, sizeof tmp, "%.6g", v);
	put_str(b, tmp);
}

struct currency {
	const char *word;
	const char *code;
};

static const struct currency currencies[] = {
	{"$", "USD"}, {"us$", "USD"}, {"usd", "USD"}, {"dollar", "USD"}, {"dollars", "USD"},
	{"€", "EUR"}, {"eur", "EUR"}, {"euro", "EUR"}, {"euros", "EUR"}, {"£", "GBP"},
	{"gbp", "GBP"}, {"pound", "GBP"}, {"pounds", "GBP"}, {"sterling", "GBP"}, {"rub", "RUB"},
	{"ruble", "RUB"}, {"rubles", "RUB"}, {"rouble", "RUB"}, {"roubles", "RUB"}, {"₽", "RUB"},
	{"uah", "UAH"}, {"hryvnia", "UAH"}, {"hryvnias", "UAH"}, {"hryvnia", "UAH"}, {"₴", "UAH"},
	{"yuan", "CNY"}, {"cny", "CNY"}, {"yen", "JPY"}, {"¥", "JPY"}, {"jpy", "JPY"},
	{"chf", "CHF"}, {"swiss francs", "CHF"}, {"francs", "CHF"},
};

static const char *currency_of(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof currencies / sizeof *currencies; i++)
		if (strlen(currencies[i].word) == n && !strncasecmp(s, currencies[i].word, n))
			return currencies[i].code;
	return n ? NULL : "";
}

/* year-month-day, year-month or year; XXXX for an unknown year. */
static void put_date(struct buf *v, int y, int m, int d)
{
	char tmp[32];
	if (y)
		snprintf(tmp, sizeof tmp, "%04d", y);
	else
		snprintf(tmp, sizeof tmp, "XXXX");
	put_str(v, tmp);
	if (m) {
		snprintf(tmp, sizeof tmp, "-%02d", m);
		put_str(v, tmp);
	}
	if (m && d) {
		snprintf(tmp, sizeof tmp, "-%02d", d);
		put_str(v, tmp);
	}
}

/* today / yesterday / tomorrow / last night / this morning: the day of the article, or a
 * reference when it has none. */
static int relative_date(const char *g, const struct date *w, long today, struct buf *v)
{
	long off = 0;
	if (!strncasecmp(g, "yesterday", 9) || !strncasecmp(g, "last", 4)) /* "last night" */
		off = -1;
	else if (!strncasecmp(g, "tomorrow", 8))
		off = 1;
	if (!w->year) {
		put_str(v, off < 0 ? "PAST_REF" : off > 0 ? "FUTURE_REF" : "PRESENT_REF");
		return 0;
	}
	int y, m, d;
	date_civil_from_days(today + off, &y, &m, &d);
	put_date(v, y, m, d);
	return 0;
}

/* "two days ago", "a week ago", "three months ago": the day, the month or the year that far
 * before the article's day (weeks are counted in days: a reader takes "a week ago" for that
 * day); "the day before yesterday" and "the day after tomorrow" are two days off. */
static int offset_date(const struct numeric_match *nm, const struct date *w, long today, struct buf *v)
{
	size_t n, un = 0;
	const char *g = group(nm, "agonum", &n), *unit = group(nm, "agounit", &un);
	long count;
	char u;
	if (g) {
		double num = number_of(g, n);
		/* "half a year ago" says no day; past a thousand (of years: before the year 1000)
		 * a count is no date */
		if (num < 1 || num > 1000 || num != (double)(long)num || !un)
			return -1;
		count = -(long)num;
		u = (char)(unit[0] | 32);
	} else if ((g = group(nm, "rel2", &n))) {
		count = (g[0] | 32) == 'b' ? -2 : 2; /* before yesterday, after tomorrow */
		u = 'd';
	} else {
		return -1;
	}
	if (!w->year) {
		put_str(v, count < 0 ? "PAST_REF" : "FUTURE_REF");
		return 0;
	}
	int y, m, d;
	if (u == 'd' || u == 'w') {
		date_civil_from_days(today + count * (u == 'w' ? 7 : 1), &y, &m, &d);
		put_date(v, y, m, d);
	} else if (u == 'm') {
		long months = (long)w->year * 12 + (w->month - 1) + count;
		put_date(v, (int)(months / 12), (int)(months % 12) + 1, 0);
	} else {
		put_date(v, w->year + (int)count, 0, 0);
	}
	return 0;
}

/* A weekday: "next Sunday" after the article's day, "last Sunday" before it; a bare one is the
 * latest such day, or the coming one when the words before it tell of the future. */
static int weekday_date(const struct numeric_match *nm, const char *g, size_t n, const struct date *w,
			long today, struct buf *v)
{
	int wd = date_weekday_name(g, n);
	if (!w->year) {
		char tmp[32];
		snprintf(tmp, sizeof tmp, "XXXX-WXX-%d", wd);
		put_str(v, tmp);
		return 0;
	}
	size_t dn;
	const char *dir = group(nm, "next", &dn);
	enum date_direction how = DATE_LATEST;
	if (dir && dn >= 4 && !strncasecmp(dir, "next", 4))
		how = DATE_NEXT;
	else if (dir && dn >= 4 && !strncasecmp(dir, "last", 4))
		how = DATE_LAST;
	else if (date_future_before(nm->text, nm->start))
		how = DATE_COMING;
	int y, m, d;
	date_civil_from_days(date_resolve_weekday(today, wd, how), &y, &m, &d);
	put_date(v, y, m, d);
	return 0;
}

static int date_value(const struct numeric_match *nm, const struct date *w, struct buf *v)
{
	int y = 0, m = 0, d = 0;
	size_t n;
	const char *g;
	if ((g = group(nm, "year", &n)))
		y = atoi(g);
	if (y && y < 100)
		y += 2000;
	if ((g = group(nm, "month", &n)))
		m = month_of(g, n);
	if ((g = group(nm, "day", &n)))
		d = atoi(g);
	long today = w->year ? date_days_from_civil(w->year, w->month, w->day) : 0;
	if ((g = group(nm, "rel", &n)))
		return relative_date(g, w, today, v);
	if (group(nm, "agonum", &n) || group(nm, "rel2", &n))
		return offset_date(nm, w, today, v);
	if ((g = group(nm, "weekday", &n)) && !m)
		return weekday_date(nm, g, n, w, today, v);
	if (m && !y)
		y = w->year;
	if ((!m && !y) || m < 0 || m > 12 || d < 0 || d > 31)
		return -1;
	put_date(v, y, m, d);
	return 0;
}

/* The offset of the zone a phrase names, on the article's day at that time (its standard time
 * when the article has no date), as Z or +01:00; nothing for a zone not known. */
static void put_zone(struct buf *v, const char *g, size_t n, int h, int mi, const struct date *w,
		     const struct date_zones *zones)
{
	const struct date_zone *z;
	if (date_zone_of_phrase(zones, g, n, &z) != DATE_PHRASE_ZONE)
		return;
	long secs;
	if (w->year) {
		struct date local = {.year = w->year, .month = w->month, .day = w->day, .hour = h,
				     .minute = mi, .has_time = true};
		secs = date_zone_local_offset(z, &local);
	} else {
		secs = date_zone_standard_offset(z);
	}
	long off = secs / 60;
	char tmp[32];
	if (!off)
		snprintf(tmp, sizeof tmp, "Z");
	else
		snprintf(tmp, sizeof tmp, "%c%02ld:%02ld", off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
	put_str(v, tmp);
}

static int time_value(const struct numeric_match *nm, const struct date *w, const struct date_zones *zones,
		      struct buf *v)
{
	int h = -1, mi = 0;
	size_t n;
	const char *g;
	if ((g = group(nm, "hour", &n)))
		h = atoi(g);
	if ((g = group(nm, "minute", &n)))
		mi = atoi(g);
	if ((g = group(nm, "ampm", &n))) {
		bool pm = (g[0] | 32) == 'p';
		if (h == 12)
			h = pm ? 12 : 0;
		else if (pm)
			h += 12;
	}
	if ((g = group(nm, "noon", &n)))
		h = (g[0] | 32) == 'n' ? 12 : 0;
	if (h < 0 || h > 24 || mi > 59)
		return -1;
	char tmp[32];
	snprintf(tmp, sizeof tmp, "T%02d:%02d", h, mi);
	put_str(v, tmp);
	if ((g = group(nm, "zone", &n)))
		put_zone(v, g, n, h, mi, w, zones);
	return 0;
}

/* num and unit: P3D, P2W, PT30S... */
static int unit_duration(const char *unit, size_t un, double num, double *hours, double *minutes, struct buf *v)
{
	char u = (char)(unit[0] | 32);
	if (u == 'h') {
		*hours = num;
	} else if (u == 'm' && un >= 2 && (unit[1] | 32) == 'i') {
		*minutes = num;
	} else if (u == 's') {
		put_str(v, "PT");
		put_number(v, num);
		buf_putc(v, 'S');
		return 1;
	} else {
		char c = u == 'd' ? 'D' : u == 'w' ? 'W' : u == 'm' ? 'M' : u == 'y' ? 'Y' : 0;
		if (!c)
			return -1;
		buf_putc(v, 'P');
		put_number(v, num);
		buf_putc(v, c);
		return 1;
	}
	return 0;
}

static int duration_value(const struct numeric_match *nm, struct buf *v)
{
	double hours = -1, minutes = -1, num = -1;
	size_t n;
	const char *g;
	if ((g = group(nm, "hours", &n)))
		hours = number_of(g, n);
	if ((g = group(nm, "minutes", &n)))
		minutes = number_of(g, n);
	if ((g = group(nm, "num", &n)))
		num = number_of(g, n);
	size_t un = 0;
	const char *unit = group(nm, "unit", &un);
	if (hours < 0 && minutes < 0 && unit && num >= 0) {
		int done = unit_duration(unit, un, num, &hours, &minutes, v);
		if (done)
			return done < 0 ? -1 : 0;
	}
	if (hours < 0 && minutes < 0)
		return -1;
	put_str(v, "PT");
	if (hours > 0) {
		if (hours != floor(hours) && minutes < 0) {
			minutes = (hours - floor(hours)) * 60;
			hours = floor(hours);
		}
		if (hours > 0) {
			put_number(v, hours);
			buf_putc(v, 'H');
		}
	}
	if (minutes > 0) {
		put_number(v, minutes);
		buf_putc(v, 'M');
	}
	return 0;
}

static int amount_value(const struct numeric_match *nm, struct buf *v)
{
	double num = -1;
	size_t n;
	const char *g;
	if ((g = group(nm, "num", &n)))
		num = number_of(g, n);
	if (num < 0)
		return -1;
	if ((g = group(nm, "scale", &n)))
		num *= scale_of(g, n);
	if (nm->type == MT_PERCENT) {
		put_number(v, num);
		buf_putc(v, '%');
	} else if (nm->type == MT_MONEY) {
		const char *code = NULL;
		if ((g = group(nm, "cur", &n)))
			code = currency_of(g, n);
		if (!code || !*code)
			return -1;
		put_str(v, code);
		buf_putc(v, ' ');
		put_number(v, num);
	} else {
		put_number(v, num);
	}
	return 0;
}

int numeric_value(const struct numeric_match *m, const struct date *w, const struct date_zones *zones,
		  struct buf *out)
{
	buf_clear(out);
	switch (m->type) {
	case MT_DATE:
		return date_value(m, w, out);
	case MT_TIME:
		return time_value(m, w, zones, out);
	case MT_DURATION:
		return duration_value(m, out);
	case MT_QUANTITY:
	case MT_MONEY:
	case MT_PERCENT:
		return amount_value(m, out);
	}
	return -1;
}
