/* Unit tests of lib/date.c: TAP output, one line a check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"

static int n_test, n_fail;

static void check(int ok, const char *what)
{
	n_test++;
	if (!ok)
		n_fail++;
	printf("%sok %d - date: %s\n", ok ? "" : "not ", n_test, what);
}

/* date_parse(in) formats as want ("" when it must fail). */
static void parses_as(const char *in, const char *want)
{
	struct date d;
	char iso[DATE_ISO_MAX] = "";
	char what[160];
	if (date_parse(in, strlen(in), &d) == 0)
		date_format(&d, iso);
	snprintf(what, sizeof what, "'%s' -> '%s' (got '%s')", in, want, iso);
	check(strcmp(iso, want) == 0, what);
}

/* Day number of an ISO date. */
static long day_of(const char *iso)
{
	struct date d;
	if (date_parse(iso, strlen(iso), &d) < 0)
		return -999999;
	return date_days_from_civil(d.year, d.month, d.day);
}

static void civil(void)
{
	check(date_days_from_civil(1970, 1, 1) == 0 && date_days_from_civil(2000, 3, 1) == 11017 &&
		      date_days_from_civil(1969, 12, 31) == -1,
	      "days from civil");
	int y, m, d, bad = 0;
	for (long z = -800000; z <= 800000; z += 37) {
		date_civil_from_days(z, &y, &m, &d);
		bad += date_days_from_civil(y, m, d) != z || d < 1 || d > date_days_in_month(y, m);
	}
	check(bad == 0, "civil from days and back, 4000 years either side of 1970");
	date_civil_from_days(day_of("2022-02-27") + 3, &y, &m, &d);
	check(y == 2022 && m == 3 && d == 2, "add days over the end of February");
	date_civil_from_days(day_of("2024-02-28") + 1, &y, &m, &d);
	check(y == 2024 && m == 2 && d == 29, "add a day in a leap year");
	check(date_days_from_civil(2022, 13, 1) == day_of("2023-01-01") &&
		      date_days_from_civil(2022, 0, 1) == day_of("2021-12-01"),
	      "months out of range carry into the year");
}

static void weekdays(void)
{
	long monday = day_of("2022-02-21");
	check(date_weekday(monday) == 1 && date_weekday(day_of("2022-02-20")) == 7 &&
		      date_weekday(0) == 4,
	      "weekday (ISO) of days");
	check(date_weekday_name("Sunday", 6) == 7 && date_weekday_name("mon", 3) == 1 &&
		      date_weekday_name("Su", 2) == 0,
	      "weekday names");
	check(date_resolve_weekday(monday, 7, DATE_LATEST) == monday - 1,
	      "'on Sunday' in a Monday article is the day before");
	check(date_resolve_weekday(monday, 1, DATE_LATEST) == monday, "'on Monday' on a Monday is that day");
	check(date_resolve_weekday(monday, 7, DATE_COMING) == monday + 6, "'will ... on Sunday' is the coming one");
	check(date_resolve_weekday(monday, 1, DATE_NEXT) == monday + 7 &&
		      date_resolve_weekday(monday, 1, DATE_LAST) == monday - 7,
	      "'next Monday' and 'last Monday' on a Monday");
	const char *s = "Leaders will meet on Sunday";
	check(date_future_before(s, strlen(s) - 6), "future marker 'will' before a weekday");
	s = "They met on Sunday";
	check(!date_future_before(s, strlen(s) - 6), "no future marker in 'They met on'");
	s = "It will rain, they met on Sunday";
	check(!date_future_before(s, strlen(s) - 6), "a future marker beyond a comma does not count");
	s = "we\u2019ll meet on Sunday";
	check(date_future_before(s, strlen(s) - 6), "a contraction 'we'll' is a future marker");
}

static void intervals(void)
{
	struct date_interval iv, other;
	char out[DATE_INTERVAL_MAX];
	const char *in = "2022-02-20/2022-02-21";
	check(date_interval_parse(in, strlen(in), &iv) == 0 && date_interval_format(&iv, out) == strlen(in) &&
		      !strcmp(out, in) && date_precision_of(&iv.from) == DATE_DAY,
	      "a range of days");
	in = "2022-02";
	long a, b;
	check(date_interval_parse(in, strlen(in), &iv) == 0 && date_precision_of(&iv.from) == DATE_MONTH &&
		      (date_interval_days(&iv, &a, &b), a == day_of("2022-02-01") && b == day_of("2022-02-28")),
	      "a month covers its days");
	in = "2022-02-20T22:00:00Z";
	check(date_interval_parse(in, strlen(in), &other) == 0 && date_precision_of(&other.from) == DATE_INSTANT &&
		      date_interval_format(&other, out) && !strcmp(out, in) && date_interval_overlap(&iv, &other),
	      "an instant, inside a month");
	in = "2022-03-01";
	check(date_interval_parse(in, strlen(in), &other) == 0 && !date_interval_overlap(&iv, &other),
	      "days of different months do not overlap");
	check(date_interval_parse("2022-02-21/2022-02-20", 21, &iv) < 0 && date_interval_parse("2022-02-21/", 11, &iv) < 0 &&
		      date_interval_parse("/2022", 5, &iv) < 0,
	      "bad ranges are refused");
}

/* local (ISO, no zone) in zone converts to want (ISO UTC). */
static void converts(struct date_zones *zs, const char *zone, const char *local, const char *want)
{
	char err[512] = "", iso[DATE_ISO_MAX] = "", what[1024];
	struct date d, u;
	const struct date_zone *z = date_zone(zs, zone, err, sizeof err);
	if (z && date_parse(local, strlen(local), &d) == 0 && date_to_utc(z, &d, &u) == 0)
		date_format(&u, iso);
	snprintf(what, sizeof what, "%s %s is %s (got '%s'%s%s)", local, zone, want, iso, *err ? ": " : "", err);
	check(!strcmp(iso, want), what);
}

static void zones(void)
{
	struct date_zones *zs = date_zones_new();
	converts(zs, "Europe/Paris", "2022-02-20T23:00", "2022-02-20T22:00:00Z");
	converts(zs, "Europe/Paris", "2022-07-01T23:00", "2022-07-01T21:00:00Z");
	converts(zs, "Europe/Moscow", "2022-02-21T01:00", "2022-02-20T22:00:00Z");
	converts(zs, "Europe/Kyiv", "2022-02-24T05:00", "2022-02-24T03:00:00Z");
	converts(zs, "America/New_York", "2022-03-12T12:00", "2022-03-12T17:00:00Z");
	converts(zs, "America/New_York", "2022-03-14T12:00", "2022-03-14T16:00:00Z");
	/* a skipped hour and a repeated one take the offset before the change */
	converts(zs, "Europe/Paris", "2022-03-27T02:30", "2022-03-27T01:30:00Z");
	converts(zs, "Europe/Paris", "2022-10-30T02:30", "2022-10-30T00:30:00Z");
	/* past the files' transitions: the rule of their footer, north and south */
	converts(zs, "Europe/Paris", "2050-07-01T12:00", "2050-07-01T10:00:00Z");
	converts(zs, "Europe/Paris", "2050-12-01T12:00", "2050-12-01T11:00:00Z");
	converts(zs, "Australia/Sydney", "2050-01-15T12:00", "2050-01-15T01:00:00Z");
	converts(zs, "Australia/Sydney", "2050-07-15T12:00", "2050-07-15T02:00:00Z");
	converts(zs, "+01:00", "2022-07-01T23:00", "2022-07-01T22:00:00Z");
	converts(zs, "-0500", "2022-07-01T23:00", "2022-07-02T04:00:00Z");
	converts(zs, "Z", "2022-07-01", "2022-07-01T00:00:00Z");
	char err[512];
	check(date_zone(zs, "Europe/Paris", err, sizeof err) == date_zone(zs, "Europe/Paris", err, sizeof err),
	      "a zone is read once");
	const struct date_zone *z = date_zone(zs, "Europe/Kyiv", err, sizeof err);
	check(z && date_zone_standard_offset(z) == 7200, "the standard offset of Kyiv");
	check(!date_zone(zs, "Mars/Olympus", err, sizeof err) && strstr(err, "unknown time zone 'Mars/Olympus'"),
	      "an unknown zone is an error");
	check(!date_zone(zs, "../etc/passwd", err, sizeof err), "a path is no zone name");

	char path[] = "/tmp/test_date_XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (f) {
		fputs("# zones\nParis time\tEurope/Paris\nEST\t-05:00\nlocal time\tlocal\n", f);
		fclose(f);
	}
	const struct date_zone *pz = NULL;
	check(date_zones_load_phrases(zs, path, err, sizeof err) == 0 &&
		      date_zone_of_phrase(zs, "paris  TIME", 11, &pz) == DATE_PHRASE_ZONE &&
		      pz == date_zone(zs, "Europe/Paris", err, sizeof err) &&
		      date_zone_of_phrase(zs, "Local time", 10, &pz) == DATE_PHRASE_LOCAL &&
		      date_zone_of_phrase(zs, "Mars time", 9, &pz) == DATE_PHRASE_NONE,
	      "news phrases name zones");
	f = fopen(path, "w");
	if (f) {
		fputs("Paris time\tEurope/Paris\nMars time\tMars/Olympus\n", f);
		fclose(f);
	}
	char want[600];
	snprintf(want, sizeof want, "%s:2: unknown time zone 'Mars/Olympus'", path);
	check(date_zones_load_phrases(zs, path, err, sizeof err) < 0 && !strncmp(err, want, strlen(want)),
	      "a phrase with an unknown zone is an error with file and line");
	date_zones_free(zs);

	setenv("TZDIR", "/nonexistent/zoneinfo", 1);
	zs = date_zones_new();
	check(date_zones_load_phrases(zs, path, err, sizeof err) < 0 && strstr(err, "install Debian's tzdata"),
	      "without the tz database, the message says to install tzdata");
	date_zones_free(zs);
	unsetenv("TZDIR");
	unlink(path);
}

int main(void)
{
	civil();
	weekdays();
	intervals();
	zones();
	parses_as("2022-02-21", "2022-02-21");
	parses_as("20220221", "2022-02-21");
	parses_as("2022", "2022");
	parses_as("2022-02", "2022-02");
	parses_as("2022-02-21T10:30:00Z", "2022-02-21T10:30:00Z");
	parses_as("2022-02-21 10:30", "2022-02-21T10:30:00");
	parses_as("2022-02-21T10:30:00.123+03:00", "2022-02-21T10:30:00+03:00");
	parses_as("2022-02-21T10:30:00-0500", "2022-02-21T10:30:00-05:00");
	parses_as("Mon, 21 Feb 2022 10:30:00 +0300", "2022-02-21T10:30:00+03:00");
	parses_as("Sun, 20 Feb 2022 22:05:00 GMT", "2022-02-20T22:05:00Z");
	parses_as("20 Feb 2022 22:05 EST", "2022-02-20T22:05:00-05:00");
	parses_as("20 Feb 22", "2022-02-20");
	parses_as("February 21, 2022", "2022-02-21");
	parses_as("Feb. 21 2022", "2022-02-21");
	parses_as("21 September 2022", "2022-09-21");
	parses_as("  2022-02-21 ", "2022-02-21");
	parses_as("2022-02-30", "");
	parses_as("2023-02-29", "");
	parses_as("2024-02-29", "2024-02-29");
	parses_as("2022-13-01", "");
	parses_as("2022-02-21T25:00", "");
	parses_as("yesterday", "");
	parses_as("", "");
	parses_as("2022-02-21 and more", "");
	/* what feedparser reads too */
	parses_as("Monday, 21-Feb-22 10:30:00 EST", "2022-02-21T10:30:00-05:00");
	parses_as("21-Feb-2022 10:30 GMT", "2022-02-21T10:30:00Z");
	parses_as("21-Feb 2022", "");
	parses_as("20220221T103000Z", "2022-02-21T10:30:00Z");
	parses_as("20220221T1030+0300", "2022-02-21T10:30:00+03:00");
	parses_as("2022-02-21T103", "");
	parses_as("2022-02-21 1030", "");
	parses_as("Mon Feb 21 10:30:00 2022", "2022-02-21T10:30:00");
	parses_as("Mon Feb  1 09:05:00 2022", "2022-02-01T09:05:00");
	parses_as("Mon Feb 21 10:30:00", "");
	check(date_month("Sept", 4) == 9 && date_month("feb", 3) == 2 && date_month("Febr", 4) == 0 &&
		      date_month("December", 8) == 12 && date_month("Ma", 2) == 0,
	      "month names and abbreviations");
	check(date_days_in_month(1900, 2) == 28 && date_days_in_month(2000, 2) == 29 && date_days_in_month(2022, 13) == 0,
	      "days in month, leap years");
	return n_fail != 0;
}
