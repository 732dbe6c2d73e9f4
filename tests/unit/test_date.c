/* Unit tests of lib/date.c: TAP output, one line a check. */
#include <stdio.h>
#include <string.h>

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

int main(void)
{
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
	check(date_month("Sept", 4) == 9 && date_month("feb", 3) == 2 && date_month("Febr", 4) == 0 &&
		      date_month("December", 8) == 12 && date_month("Ma", 2) == 0,
	      "month names and abbreviations");
	check(date_days_in_month(1900, 2) == 28 && date_days_in_month(2000, 2) == 29 && date_days_in_month(2022, 13) == 0,
	      "days in month, leap years");
	return n_fail != 0;
}
