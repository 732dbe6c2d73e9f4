/* date.h: dates and times as news writes them (ISO 8601, RFC 822 as in RSS, English month
 * names), read into one struct and written back as ISO 8601. A zone is only an offset: no
 * time-zone rules, no clock, no locale. Nothing here allocates or exits. */
#ifndef CC_DATE_H
#define CC_DATE_H

#include <stdbool.h>
#include <stddef.h>

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
 * 20220221, 2022-02-21T10:30, 2022-02-21 10:30:00.123Z, 2022-02-21T10:30:00+03:00 (a fraction of
 * a second is read and dropped). Returns the number of bytes used, 0 when it is not one. */
size_t date_parse_iso(const char *s, size_t n, struct date *d);

/* Parses an RFC 822/1123 date as RSS writes it at the start of s[0..n): "Mon, 21 Feb 2022
 * 10:30:00 +0300", with GMT, UT, Z, EST/EDT/CST/CDT/MST/MDT/PST/PDT, or no zone, a two-digit year
 * (as RFC 822 allows), no seconds, or no time. Returns the bytes used, 0 when it is not one. */
size_t date_parse_rfc822(const char *s, size_t n, struct date *d);

/* Parses the whole of s[0..n) (blanks around it ignored) as any of the above or as an English
 * date ("February 21, 2022", "21 February 2022", "Feb. 21, 2022"). Returns 0, or -1. */
int date_parse(const char *s, size_t n, struct date *d);

/* Writes d as ISO 8601 (2022, 2022-02, 2022-02-21, 2022-02-21T10:30:00Z or ...+03:00) and a
 * NUL into out. Returns the length. */
size_t date_format(const struct date *d, char out[DATE_ISO_MAX]);

#endif
