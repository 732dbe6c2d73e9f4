#include <stdio.h>
#include <string.h>

#include "date.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static bool is_alpha(char c)
{
	c = lower(c);
	return c >= 'a' && c <= 'z';
}

/* Reads exactly width digits at s[*i]; returns the value or -1. */
static int digits(const char *s, size_t n, size_t *i, int width)
{
	int v = 0;
	for (int k = 0; k < width; k++) {
		if (*i >= n || !is_digit(s[*i]))
			return -1;
		v = v * 10 + (s[(*i)++] - '0');
	}
	return v;
}

/* Reads one to max digits; returns the value or -1. */
static int number(const char *s, size_t n, size_t *i, int max)
{
	int v = 0, k = 0;
	while (*i < n && is_digit(s[*i]) && k < max) {
		v = v * 10 + (s[(*i)++] - '0');
		k++;
	}
	return k ? v : -1;
}

static void skip_blanks(const char *s, size_t n, size_t *i)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '\n' || s[*i] == '\r'))
		(*i)++;
}

static bool match_word(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);
	if (n != k)
		return false;
	for (size_t i = 0; i < k; i++)
		if (lower(s[i]) != word[i])
			return false;
	return true;
}

int date_month(const char *s, size_t n)
{
	static const char *const names[] = {"january", "february", "march", "april", "may", "june",
					    "july", "august", "september", "october", "november", "december"};
	if (n < 3)
		return 0;
	for (int m = 0; m < 12; m++) {
		const char *name = names[m];
		if (match_word(s, n, name))
			return m + 1;
		if (n == 3 && lower(s[0]) == name[0] && lower(s[1]) == name[1] && lower(s[2]) == name[2])
			return m + 1;
	}
	if (match_word(s, n, "sept"))
		return 9;
	return 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		return 29;
	return days[month - 1];
}

static bool valid(const struct date *d)
{
	if (d->year < 1 || d->year > 9999 || d->month < 0 || d->month > 12)
		return false;
	if (d->day && (!d->month || d->day < 1 || d->day > date_days_in_month(d->year, d->month)))
		return false;
	if (d->has_time && (!d->day || d->hour > 24 || d->minute > 59 || d->second > 60 ||
			    (d->hour == 24 && (d->minute || d->second))))
		return false;
	return !d->has_zone || (d->offset > -24 * 60 && d->offset < 24 * 60);
}

/* Reads "Z", "+03:00", "+0300" or "+03" at s[*i]. Returns 1, 0 when there is none, -1 when bad. */
static int parse_offset(const char *s, size_t n, size_t *i, struct date *d)
{
	if (*i < n && (s[*i] == 'Z' || s[*i] == 'z')) {
		(*i)++;
		d->has_zone = true;
		d->offset = 0;
		return 1;
	}
	if (*i >= n || (s[*i] != '+' && s[*i] != '-'))
		return 0;
	int sign = s[*i] == '-' ? -1 : 1;
	(*i)++;
	int h = digits(s, n, i, 2), m = 0;
	if (h < 0)
		return -1;
	if (*i < n && s[*i] == ':')
		(*i)++;
	if (*i < n && is_digit(s[*i]) && (m = digits(s, n, i, 2)) < 0)
		return -1;
	d->has_zone = true;
	d->offset = sign * (h * 60 + m);
	return 1;
}

/* Reads "10:30", "10:30:00" or "10:30:00.123" at s[*i], or with allow_basic (after a "T") the
 * ISO basic forms "1030" and "103000" (feeds write 20220221T103000Z). Returns 1, or -1 when it
 * is not one. */
static int parse_clock(const char *s, size_t n, size_t *i, struct date *d, bool allow_basic)
{
	if ((d->hour = digits(s, n, i, 2)) < 0 || *i >= n)
		return -1;
	bool basic = allow_basic && is_digit(s[*i]);
	if (!basic && s[*i] != ':')
		return -1;
	if (!basic)
		(*i)++;
	if ((d->minute = digits(s, n, i, 2)) < 0)
		return -1;
	d->second = 0;
	if (*i < n && (basic ? is_digit(s[*i]) : s[*i] == ':')) {
		if (!basic)
			(*i)++;
		if ((d->second = digits(s, n, i, 2)) < 0)
			return -1;
		if (*i + 1 < n && (s[*i] == '.' || s[*i] == ',') && is_digit(s[*i + 1]))
			for ((*i)++; *i < n && is_digit(s[*i]); (*i)++)
				;
	}
	d->has_time = true;
	return 1;
}

size_t date_parse_iso(const char *s, size_t n, struct date *d)
{
	struct date t = {0};
	size_t i = 0;
	if ((t.year = digits(s, n, &i, 4)) < 0)
		return 0;
	if (i + 4 <= n && is_digit(s[i])) { /* basic format: 20220221 */
		if ((t.month = digits(s, n, &i, 2)) < 0 || (t.day = digits(s, n, &i, 2)) < 0)
			return 0;
	} else if (i < n && s[i] == '-') {
		i++;
		if ((t.month = digits(s, n, &i, 2)) < 0)
			return 0;
		if (i < n && s[i] == '-') {
			i++;
			if ((t.day = digits(s, n, &i, 2)) < 0)
				return 0;
		}
	}
	if (i < n && is_digit(s[i]))
		return 0;
	if (t.day && i + 1 < n && (s[i] == 'T' || s[i] == 't' || (s[i] == ' ' && is_digit(s[i + 1])))) {
		size_t at = i++;
		if (parse_clock(s, n, &i, &t, s[at] != ' ') < 0) {
			i = at; /* a date followed by something else */
			t.has_time = false;
		} else if (parse_offset(s, n, &i, &t) < 0) {
			return 0;
		}
	}
	if (!valid(&t))
		return 0;
	*d = t;
	return i;
}

/* US zones RFC 822 names, in minutes east of UTC. */
static int zone_offset(const char *s, size_t n, int *offset)
{
	static const struct {
		const char *name;
		int offset;
	} zones[] = {
		{"gmt", 0},         {"ut", 0},          {"utc", 0},         {"z", 0},
		{"est", -5 * 60},   {"edt", -4 * 60},   {"cst", -6 * 60},   {"cdt", -5 * 60},
		{"mst", -7 * 60},   {"mdt", -6 * 60},   {"pst", -8 * 60},   {"pdt", -7 * 60},
	};
	for (size_t k = 0; k < sizeof zones / sizeof *zones; k++)
		if (match_word(s, n, zones[k].name)) {
			*offset = zones[k].offset;
			return 0;
		}
	return -1;
}

size_t date_parse_rfc822(const char *s, size_t n, struct date *d)
{
	struct date t = {0};
	size_t i = 0, w;
	skip_blanks(s, n, &i);
	/* an optional day of the week: "Mon," */
	for (w = i; w < n && is_alpha(s[w]); w++)
		;
	if (w > i && w < n && s[w] == ',') {
		i = w + 1;
		skip_blanks(s, n, &i);
	}
	if ((t.day = number(s, n, &i, 2)) < 0)
		return 0;
	bool dashed = i < n && s[i] == '-'; /* RFC 850, as old feeds write it: 21-Feb-22 */
	if (dashed)
		i++;
	skip_blanks(s, n, &i);
	for (w = i; w < n && is_alpha(s[w]); w++)
		;
	if (!(t.month = date_month(s + i, w - i)))
		return 0;
	i = w;
	if (dashed) {
		if (i >= n || s[i] != '-')
			return 0;
		i++;
	}
	if (i < n && s[i] == '.')
		i++;
	skip_blanks(s, n, &i);
	size_t at = i;
	if ((t.year = number(s, n, &i, 4)) < 0)
		return 0;
	if (i - at == 2)
		t.year += t.year < 50 ? 2000 : 1900;
	else if (i - at != 4)
		return 0;
	size_t end = i;
	skip_blanks(s, n, &i);
	if (i < n && is_digit(s[i])) {
		if (parse_clock(s, n, &i, &t, false) < 0)
			return 0;
		end = i;
		skip_blanks(s, n, &i);
		int k = parse_offset(s, n, &i, &t);
		if (k < 0)
			return 0;
		if (k == 0) {
			for (w = i; w < n && is_alpha(s[w]); w++)
				;
			if (w > i && zone_offset(s + i, w - i, &t.offset) == 0) {
				t.has_zone = true;
				i = w;
			}
		}
		if (t.has_zone)
			end = i;
	}
	if (!valid(&t))
		return 0;
	*d = t;
	return end;
}

/* C's asctime(), which some feeds write: "Mon Feb 21 10:30:00 2022", no zone. The whole of
 * s[0..n). */
static int parse_asctime(const char *s, size_t n, struct date *d)
{
	struct date t = {0};
	size_t i = 0, w;
	for (w = i; w < n && is_alpha(s[w]); w++)
		;
	if (!date_weekday_name(s, w))
		return -1;
	i = w;
	skip_blanks(s, n, &i);
	for (w = i; w < n && is_alpha(s[w]); w++)
		;
	if (!(t.month = date_month(s + i, w - i)))
		return -1;
	i = w;
	skip_blanks(s, n, &i);
	if ((t.day = number(s, n, &i, 2)) < 0)
		return -1;
	skip_blanks(s, n, &i);
	if (parse_clock(s, n, &i, &t, false) < 0)
		return -1;
	skip_blanks(s, n, &i);
	if ((t.year = digits(s, n, &i, 4)) < 0 || i != n || !valid(&t))
		return -1;
	*d = t;
	return 0;
}

/* "February 21, 2022", "Feb. 21 2022", "21 February 2022": the whole of s[0..n). */
static int parse_english(const char *s, size_t n, struct date *d)
{
	struct date t = {0};
	size_t i = 0, w;
	for (w = i; w < n && is_alpha(s[w]); w++)
		;
	if ((t.month = date_month(s, w))) {
		i = w;
		if (i < n && s[i] == '.')
			i++;
		skip_blanks(s, n, &i);
		if ((t.day = number(s, n, &i, 2)) < 0)
			return -1;
		if (i < n && s[i] == ',')
			i++;
		skip_blanks(s, n, &i);
		if ((t.year = digits(s, n, &i, 4)) < 0)
			return -1;
	} else {
		if ((t.day = number(s, n, &i, 2)) < 0)
			return -1;
		skip_blanks(s, n, &i);
		for (w = i; w < n && is_alpha(s[w]); w++)
			;
		if (!(t.month = date_month(s + i, w - i)))
			return -1;
		i = w;
		if (i < n && s[i] == '.')
			i++;
		if (i < n && s[i] == ',')
			i++;
		skip_blanks(s, n, &i);
		if ((t.year = digits(s, n, &i, 4)) < 0)
			return -1;
	}
	if (i != n || !valid(&t))
		return -1;
	*d = t;
	return 0;
}

int date_parse(const char *s, size_t n, struct date *d)
{
	size_t i = 0;
	skip_blanks(s, n, &i);
	s += i;
	n -= i;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (!n)
		return -1;
	if (date_parse_iso(s, n, d) == n || date_parse_rfc822(s, n, d) == n || parse_asctime(s, n, d) == 0)
		return 0;
	return parse_english(s, n, d);
}

/* v in width digits, zero-padded; v is within 0 .. 10^width - 1 */
static char *put_digits(char *w, int v, int width)
{
	for (int i = width; i--;) {
		w[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return w + width;
}

static bool fits(int v, int max)
{
	return v >= 0 && v <= max;
}

/* date_format without snprintf, for the values a parsed date has (ingest formats one a
 * document, and snprintf was an eighth of its time) */
static size_t format_plain(const struct date *d, char *out)
{
	char *w = put_digits(out, d->year, 4);
	if (d->month) {
		*w++ = '-';
		w = put_digits(w, d->month, 2);
		if (d->day) {
			*w++ = '-';
			w = put_digits(w, d->day, 2);
			if (d->has_time) {
				*w++ = 'T';
				w = put_digits(w, d->hour, 2);
				*w++ = ':';
				w = put_digits(w, d->minute, 2);
				*w++ = ':';
				w = put_digits(w, d->second, 2);
			}
		}
	}
	if (d->has_time && d->has_zone) {
		int off = d->offset < 0 ? -d->offset : d->offset;
		if (d->offset == 0) {
			*w++ = 'Z';
		} else {
			*w++ = d->offset < 0 ? '-' : '+';
			w = put_digits(w, off / 60, 2);
			*w++ = ':';
			w = put_digits(w, off % 60, 2);
		}
	}
	*w = '\0';
	return (size_t)(w - out);
}

size_t date_format(const struct date *d, char out[DATE_ISO_MAX])
{
	bool timed = d->month && d->day && d->has_time;
	if (fits(d->year, 9999) && fits(d->month, 12) && fits(d->day, 31) &&
	    (!timed || (fits(d->hour, 24) && fits(d->minute, 59) && fits(d->second, 60))) &&
	    (!(d->has_time && d->has_zone) || fits(d->offset < 0 ? -d->offset : d->offset, 99 * 60 + 59)))
		return format_plain(d, out);
	int k;
	if (!d->month)
		k = snprintf(out, DATE_ISO_MAX, "%04d", d->year);
	else if (!d->day)
		k = snprintf(out, DATE_ISO_MAX, "%04d-%02d", d->year, d->month);
	else if (!d->has_time)
		k = snprintf(out, DATE_ISO_MAX, "%04d-%02d-%02d", d->year, d->month, d->day);
	else
		k = snprintf(out, DATE_ISO_MAX, "%04d-%02d-%02dT%02d:%02d:%02d", d->year, d->month, d->day,
			     d->hour, d->minute, d->second);
	if (d->has_time && d->has_zone) {
		int off = d->offset < 0 ? -d->offset : d->offset;
		if (d->offset == 0)
			k += snprintf(out + k, (size_t)(DATE_ISO_MAX - k), "Z");
		else
			k += snprintf(out + k, (size_t)(DATE_ISO_MAX - k), "%c%02d:%02d",
				      d->offset < 0 ? '-' : '+', off / 60, off % 60);
	}
	return (size_t)k;
}

/* ---- civil dates: Howard Hinnant's days_from_civil and civil_from_days */

long date_days_from_civil(int year, int month, int day)
{
	long y = year, m = month;
	/* months out of 1-12 carry into the year */
	y += (m - 1 >= 0 ? (m - 1) / 12 : -((12 - m) / 12));
	m = ((m - 1) % 12 + 12) % 12 + 1;
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_civil_from_days(long z, int *year, int *month, int *day)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(yoe + era * 400 + (*month <= 2));
}

int date_weekday(long days)
{
	return (int)(((days % 7) + 7 + 3) % 7) + 1; /* 1970-01-01 was a Thursday */
}

int date_weekday_name(const char *s, size_t n)
{
	static const char *const names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
	if (n < 3)
		return 0;
	for (int i = 0; i < 7; i++)
		if (lower(s[0]) == names[i][0] && lower(s[1]) == names[i][1] && lower(s[2]) == names[i][2])
			return i + 1;
	return 0;
}

long date_resolve_weekday(long reference, int weekday, enum date_direction dir)
{
	int today = date_weekday(reference);
	int ahead = ((weekday - today) % 7 + 7) % 7, behind = ((today - weekday) % 7 + 7) % 7;
	switch (dir) {
	case DATE_COMING:
		return reference + ahead;
	case DATE_NEXT:
		return reference + (ahead ? ahead : 7);
	case DATE_LAST:
		return reference - (behind ? behind : 7);
	case DATE_LATEST:
		break;
	}
	return reference - behind;
}

static bool ends_with_word(const char *w, size_t wn, const char *marker)
{
	size_t n = strlen(marker);
	if (wn < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(w[wn - n + i]) != marker[i])
			return false;
	return true;
}

bool date_future_before(const char *s, size_t at)
{
	static const char *const markers[] = {"will", "would", "shall", "planned", "scheduled",
					      "expected", "due", "upcoming", "going"};
	/* contractions: the end of a word ("they'll", "we\u2019ll") */
	static const char *const endings[] = {"'ll", "\u2019ll"};
	size_t i = at;
	for (int words = 0; words < 6 && i > 0; words++) {
		while (i > 0 && s[i - 1] == ' ')
			i--;
		size_t end = i;
		while (i > 0 && s[i - 1] != ' ' && s[i - 1] != ',' && s[i - 1] != ';' && s[i - 1] != ':' &&
		       s[i - 1] != '.' && s[i - 1] != '"')
			i--;
		if (end == i)
			return false; /* clause punctuation: the clause ends here */
		for (size_t k = 0; k < sizeof markers / sizeof *markers; k++)
			if (match_word(s + i, end - i, markers[k]))
				return true;
		for (size_t k = 0; k < sizeof endings / sizeof *endings; k++)
			if (ends_with_word(s + i, end - i, endings[k]))
				return true;
	}
	return false;
}

/* ---- intervals */

enum date_precision date_precision_of(const struct date *d)
{
	return d->has_time ? DATE_INSTANT : d->day ? DATE_DAY : d->month ? DATE_MONTH : DATE_YEAR;
}

void date_interval_days(const struct date_interval *iv, long *first, long *last)
{
	const struct date *a = &iv->from, *b = &iv->to;
	*first = date_days_from_civil(a->year, a->month ? a->month : 1, a->day ? a->day : 1);
	int m = b->month ? b->month : 12;
	*last = date_days_from_civil(b->year, m, b->day ? b->day : date_days_in_month(b->year, m));
}

bool date_interval_overlap(const struct date_interval *a, const struct date_interval *b)
{
	long a0, a1, b0, b1;
	date_interval_days(a, &a0, &a1);
	date_interval_days(b, &b0, &b1);
	return a0 <= b1 && b0 <= a1;
}

int date_interval_parse(const char *s, size_t n, struct date_interval *iv)
{
	const char *slash = memchr(s, '/', n);
	size_t k = slash ? (size_t)(slash - s) : n;
	struct date_interval t;
	if (!k || date_parse_iso(s, k, &t.from) != k)
		return -1;
	t.to = t.from;
	if (slash) {
		size_t rest = n - k - 1;
		if (!rest || date_parse_iso(slash + 1, rest, &t.to) != rest)
			return -1;
		long a0, a1, b0, b1;
		struct date_interval one = {t.from, t.from}, two = {t.to, t.to};
		date_interval_days(&one, &a0, &a1);
		date_interval_days(&two, &b0, &b1);
		if (b1 < a0)
			return -1;
	}
	*iv = t;
	return 0;
}

static bool same_date(const struct date *a, const struct date *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day &&
	       a->has_time == b->has_time && a->has_zone == b->has_zone &&
	       (!a->has_time || (a->hour == b->hour && a->minute == b->minute && a->second == b->second)) &&
	       (!a->has_zone || a->offset == b->offset);
}

size_t date_interval_format(const struct date_interval *iv, char out[DATE_INTERVAL_MAX])
{
	size_t k = date_format(&iv->from, out);
	if (same_date(&iv->from, &iv->to))
		return k;
	out[k++] = '/';
	return k + date_format(&iv->to, out + k);
}
