/* date.h: dates and times as news writes them (ISO 8601, RFC 822 as in RSS, English month
 * names), read into one struct and written back as ISO 8601; civil-date arithmetic and weekdays
 * against a reference date; intervals with a precision; time zones by name from the system's
 * tz database (TZif files under $TZDIR or /usr/share/zoneinfo, Debian's tzdata) and the news
 * phrases that name them ("Paris time", "ET"). No clock, no locale, no TZ variable. Only the
 * zone cache allocates; nothing here exits or prints. */
#ifndef CC_DATE_H
#define CC_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct date {
	int year;                 /* 1..9999 */
	int month, day;           /* 0 when unknown: "2022" or "2022-02" */
	int hour, minute, second; /* valid when has_time */
	int offset;               /* minutes east of UTC, valid when has_zone */
	bool has_time, has_zone;
};

/* Longest ISO 8601 string date_format() writes, with its NUL: 2022-02-21T10:30:00+03:00. */
#define DATE_ISO_MAX 32

/* Number of the English month name or abbreviation s[0..n) (case-insensitive: "February",
 * "Feb", "Sept"; no full stop), 1-12, or 0 when it is none. */
int date_month(const char *s, size_t n);

/* Days in month (1-12) of year (proleptic Gregorian), or 0 for a bad month. */
int date_days_in_month(int year, int month);

/* Parses an ISO 8601 date or date-time at the start of s[0..n): 2022, 2022-02, 2022-02-21,
 * 20220221, 2022-02-21T10:30, 2022-02-21 10:30:00.123Z, 2022-02-21T10:30:00+03:00, 20220221T103000Z
 * (a fraction of
 * a second is read and dropped). Returns the number of bytes used, 0 when it is not one. */
size_t date_parse_iso(const char *s, size_t n, struct date *d);

/* Parses an RFC 822/1123 date as RSS writes it at the start of s[0..n): "Mon, 21 Feb 2022
 * 10:30:00 +0300", with GMT, UT, Z, EST/EDT/CST/CDT/MST/MDT/PST/PDT, or no zone, a two-digit year
 * (as RFC 822 allows), no seconds, or no time; RFC 850's "Monday, 21-Feb-22 10:30:00 EST" too.
 * Returns the bytes used, 0 when it is not one. */
size_t date_parse_rfc822(const char *s, size_t n, struct date *d);

/* Parses the whole of s[0..n) (blanks around it ignored) as any of the above, as asctime()
 * writes ("Mon Feb 21 10:30:00 2022") or as an English date ("February 21, 2022", "21 February
 * 2022", "Feb. 21, 2022"). Returns 0, or -1. */
int date_parse(const char *s, size_t n, struct date *d);

/* Writes d as ISO 8601 (2022, 2022-02, 2022-02-21, 2022-02-21T10:30:00Z or ...+03:00) and a
 * NUL into out. Returns the length. */
size_t date_format(const struct date *d, char out[DATE_ISO_MAX]);

/* ---- civil dates (proleptic Gregorian), as a count of days since 1970-01-01 */

/* Days since 1970-01-01 of year-month-day (any month and day: 2022-02-30 is 2022-03-02). */
long date_days_from_civil(int year, int month, int day);
void date_civil_from_days(long days, int *year, int *month, int *day);
/* The day of the week, ISO: 1 Monday .. 7 Sunday. */
int date_weekday(long days);
/* Number of the English weekday name s[0..n) (its first three letters are enough: "Sun",
 * "Sunday"), ISO 1-7, or 0. */
int date_weekday_name(const char *s, size_t n);

enum date_direction {
	DATE_LATEST,      /* the latest such day, the reference day included: news tells the past */
	DATE_COMING,      /* the next such day, the reference day included: after "will" */
	DATE_LAST,        /* "last Sunday": strictly before */
	DATE_NEXT,        /* "next Sunday": strictly after */
};
/* The day (days since 1970-01-01) of weekday (1-7) nearest reference in direction dir. */
long date_resolve_weekday(long reference, int weekday, enum date_direction dir);
/* Whether the words just before offset at of s, in the same clause, put what follows in the
 * future ("would be opened on", "will meet on", "is scheduled for"): news tells the past by
 * default, so a bare weekday is DATE_LATEST, and DATE_COMING after these. */
bool date_future_before(const char *s, size_t at);

/* ---- intervals with a precision */

enum date_precision { DATE_YEAR, DATE_MONTH, DATE_DAY, DATE_INSTANT };
/* What d gives: a year, a month, a day, or a time of day (an instant when it has a zone). */
enum date_precision date_precision_of(const struct date *d);

/* A date, a time or a range of them: 2022-02-20, 2022-02, 2022-02-20T22:00:00Z, and
 * 2022-02-20/2022-02-21 (both ends included). A single one has from and to equal. */
struct date_interval {
	struct date from, to;
};
#define DATE_INTERVAL_MAX (2 * DATE_ISO_MAX)
/* Parses the whole of s[0..n): one ISO 8601 date or date-time, or two joined by '/' (the
 * second not before the first). Returns 0, or -1. */
int date_interval_parse(const char *s, size_t n, struct date_interval *iv);
/* Writes iv as ISO 8601 (one date when both ends are the same). Returns the length. */
size_t date_interval_format(const struct date_interval *iv, char out[DATE_INTERVAL_MAX]);
/* The first and last day iv covers (days since 1970-01-01): 2022-02 is 2022-02-01..28. */
void date_interval_days(const struct date_interval *iv, long *first, long *last);
/* Whether a and b have a day in common. */
bool date_interval_overlap(const struct date_interval *a, const struct date_interval *b);

/* ---- time zones */

/* One zone's rules: read from its TZif file, or a fixed offset. */
struct date_zone;
/* The zones read so far, by name, and the news phrases that name zones. */
struct date_zones;

/* An empty cache: zones are read from $TZDIR, else /usr/share/zoneinfo. NULL: out of memory. */
struct date_zones *date_zones_new(void);
void date_zones_free(struct date_zones *zs);

/* The zone of that name: a tz database name (Europe/Paris, UTC), read the first time it is
 * asked for, or a fixed offset (Z, +01:00, -0500). NULL with a message in err when it is none
 * or its file cannot be read (the message says to install tzdata when the database is absent). */
const struct date_zone *date_zone(struct date_zones *zs, const char *name, char *err, size_t errsize);

/* Reads a file of news phrases, one "phrase<TAB>zone" a line ("Paris time<TAB>Europe/Paris",
 * "EST<TAB>-05:00", "local time<TAB>local"); every zone named is read now, so a missing tz
 * database is an error here. Returns 0, or -1 with "path:line: message" in err. */
int date_zones_load_phrases(struct date_zones *zs, const char *path, char *err, size_t errsize);

enum date_phrase { DATE_PHRASE_NONE, DATE_PHRASE_ZONE, DATE_PHRASE_LOCAL };
/* What the phrase s[0..n) names (case and runs of blanks do not matter): a zone (in *zone), the
 * local time of the place the text is about (the caller's to know), or nothing known. */
enum date_phrase date_zone_of_phrase(const struct date_zones *zs, const char *s, size_t n,
				     const struct date_zone **zone);

/* Seconds east of UTC in force at utc (seconds since 1970-01-01T00:00Z). */
long date_zone_offset_at(const struct date_zone *z, int64_t utc);
/* Seconds east of UTC of the zone's standard time (its latest, without summer time). */
long date_zone_standard_offset(const struct date_zone *z);
/* Seconds east of UTC in force at local time d (a day and a time) in zone z, summer time
 * included. A local time a change skips or repeats takes the offset in force before it. */
long date_zone_local_offset(const struct date_zone *z, const struct date *d);
/* Converts local time d (a day, with or without a time) in zone z to the UTC instant it is:
 * *utc has has_zone and offset 0. Returns 0, or -1 when d has no day. */
int date_to_utc(const struct date_zone *z, const struct date *d, struct date *utc);

#endif
