/* Fuzz target: lib/date's parsing and resolution. Properties checked, not only crashes:
 * - a date or interval that parses formats to text that parses back to the same text;
 * - civil days round-trip, a resolved weekday is that weekday within a week of the reference;
 * - a local time converted to UTC in a zone gives back the local time with the zone's offset;
 * - an input that starts with "TZif" is read as a zone file (from a temporary $TZDIR) and its
 *   offsets are asked for at instants from the input: no crash, offsets under a day. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"

static struct date_zones *zones;
static char tzdir[64];

static int64_t bytes_value(const uint8_t *data, size_t size, size_t at)
{
	uint64_t v = 0;
	for (size_t k = 0; k < 8; k++)
		v = v << 8 | (at + k < size ? data[at + k] : 0);
	return (int64_t)v;
}

static void text_checks(const char *s, size_t n)
{
	struct date d, again;
	char iso[DATE_ISO_MAX], iso2[DATE_ISO_MAX];
	if (date_parse(s, n, &d) == 0) {
		size_t k = date_format(&d, iso);
		if (k >= DATE_ISO_MAX || date_parse(iso, k, &again) < 0 || date_format(&again, iso2) != k ||
		    memcmp(iso, iso2, k))
			abort();
		if (d.day && d.month) {
			const char *names[] = {"Europe/Paris", "America/New_York", "Australia/Sydney", "+05:30"};
			char err[256];
			for (size_t z = 0; z < sizeof names / sizeof *names; z++) {
				const struct date_zone *zone = date_zone(zones, names[z], err, sizeof err);
				struct date u;
				if (!zone || date_to_utc(zone, &d, &u) < 0)
					continue;
				long off = date_zone_local_offset(zone, &d);
				if (off <= -86400 || off >= 86400)
					abort();
				/* back from UTC: the local time again (the clock of d, its day) */
				long back = date_days_from_civil(u.year, u.month, u.day) * 86400L + u.hour * 3600L +
					    u.minute * 60L + u.second + off;
				long want = date_days_from_civil(d.year, d.month, d.day) * 86400L +
					    (d.has_time ? d.hour * 3600L + d.minute * 60L + d.second : 0);
				if (back != want)
					abort();
			}
		}
	}
	struct date_interval iv, iv2;
	char out[DATE_INTERVAL_MAX], out2[DATE_INTERVAL_MAX];
	if (date_interval_parse(s, n, &iv) == 0) {
		size_t k = date_interval_format(&iv, out);
		if (k >= DATE_INTERVAL_MAX || date_interval_parse(out, k, &iv2) < 0 ||
		    date_interval_format(&iv2, out2) != k || memcmp(out, out2, k))
			abort();
		long a, b;
		date_interval_days(&iv, &a, &b);
		if (a > b || !date_interval_overlap(&iv, &iv2))
			abort();
	}
	date_future_before(s, n);
	date_weekday_name(s, n);
	date_month(s, n);
}

static void number_checks(const uint8_t *data, size_t size)
{
	long days = (long)(bytes_value(data, size, 0) % 3000000); /* some 8000 years either side */
	int y, m, d;
	date_civil_from_days(days, &y, &m, &d);
	if (date_days_from_civil(y, m, d) != days || m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
		abort();
	int wd = size > 8 ? data[8] % 7 + 1 : 1;
	for (int dir = DATE_LATEST; dir <= DATE_NEXT; dir++) {
		long r = date_resolve_weekday(days, wd, (enum date_direction)dir);
		if (date_weekday(r) != wd || r < days - 7 || r > days + 7)
			abort();
	}
}

static void tzif_checks(const uint8_t *data, size_t size)
{
	char path[128];
	snprintf(path, sizeof path, "%s/Fuzz", tzdir);
	FILE *f = fopen(path, "wb");
	if (!f)
		return;
	fwrite(data, 1, size, f);
	fclose(f);
	setenv("TZDIR", tzdir, 1);
	struct date_zones *zs = date_zones_new();
	unsetenv("TZDIR");
	char err[256];
	const struct date_zone *z = zs ? date_zone(zs, "Fuzz", err, sizeof err) : NULL;
	if (z) {
		int64_t at[] = {0, -4000000000LL, 1645398000, 2524608000LL, 4000000000LL,
				bytes_value(data, size, size > 8 ? size - 8 : 0) % 100000000000LL};
		for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
			long off = date_zone_offset_at(z, at[i]);
			(void)off;
		}
		date_zone_standard_offset(z);
		struct date d = {.year = 2022, .month = 3, .day = 27, .hour = 2, .minute = 30, .has_time = true}, u;
		date_to_utc(z, &d, &u);
	}
	date_zones_free(zs);
	unlink(path);
}

static void remove_tzdir(void)
{
	rmdir(tzdir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!zones) {
		zones = date_zones_new();
		snprintf(tzdir, sizeof tzdir, "/tmp/fuzz-date-XXXXXX");
		if (!zones || !mkdtemp(tzdir))
			abort();
		atexit(remove_tzdir);
	}
	if (size >= 4 && !memcmp(data, "TZif", 4)) {
		tzif_checks(data, size);
		return 0;
	}
	text_checks((const char *)data, size);
	number_checks(data, size);
	return 0;
}
