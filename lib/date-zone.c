/* Time zones for lib/date: TZif files (RFC 8536, versions 1 to 4) read once per zone, the POSIX
 * TZ rule of their footer for the times after their last transition, fixed offsets, and the
 * news phrases that name zones. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "date.h"
#include "err.h"

#define TZIF_MAX (1 << 20) /* a TZif file is a few kilobytes */

/* A day of the POSIX rule: Mm.w.d (kind 'M'), Jn (no 29 February: 'J'), or n from 0 ('n'). */
struct rule_day {
	char kind;
	int month, week, wday, n;
	long time; /* seconds after local midnight; may be negative or past 24 h */
};

struct date_zone {
	char *name;
	int64_t *trans; /* transition instants, ascending */
	uint8_t *type;  /* the type each starts */
	size_t ntrans;
	long *utoff;    /* per type: seconds east of UTC */
	uint8_t *isdst;
	size_t ntypes;
	/* the footer's rule, for the instants after the last transition */
	bool has_rule, rule_dst;
	long std_off, dst_off;
	struct rule_day start, end;
};

struct phrase {
	char *text; /* lower case, single spaces */
	enum date_phrase kind;
	const struct date_zone *zone;
};

struct date_zones {
	char dir[256];
	struct date_zone **z;
	size_t n, cap;
	struct phrase *ph;
	size_t nph, capph;
};

struct date_zones *date_zones_new(void)
{
	struct date_zones *zs = calloc(1, sizeof *zs);
	if (!zs)
		return NULL;
	const char *dir = getenv("TZDIR");
	snprintf(zs->dir, sizeof zs->dir, "%s", dir && *dir ? dir : "/usr/share/zoneinfo");
	return zs;
}

static void zone_free(struct date_zone *z)
{
	if (!z)
		return;
	free(z->name);
	free(z->trans);
	free(z->type);
	free(z->utoff);
	free(z->isdst);
	free(z);
}

void date_zones_free(struct date_zones *zs)
{
	if (!zs)
		return;
	for (size_t i = 0; i < zs->n; i++)
		zone_free(zs->z[i]);
	free(zs->z);
	for (size_t i = 0; i < zs->nph; i++)
		free(zs->ph[i].text);
	free(zs->ph);
	free(zs);
}

/* ---- the POSIX TZ rule of a TZif footer: CET-1CEST,M3.5.0,M10.5.0/3 */

static const char *rule_name(const char *p)
{
	if (*p == '<') {
		const char *q = strchr(p, '>');
		return q ? q + 1 : NULL;
	}
	const char *q = p;
	while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))
		q++;
	return q - p >= 3 ? q : NULL;
}

/* [+-]hh[:mm[:ss]] into seconds. */
static const char *rule_hms(const char *p, long *secs)
{
	int sign = 1;
	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	long part[3] = {0, 0, 0};
	for (int k = 0; k < 3; k++) {
		if (k && *p != ':')
			break;
		if (k)
			p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9') {
			part[k] = part[k] * 10 + (*p++ - '0');
			if (part[k] > 167) /* RFC 8536 allows up to 167 hours */
				return NULL;
		}
	}
	*secs = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
	return p;
}

static const char *rule_number(const char *p, int *v, int lo, int hi)
{
	if (*p < '0' || *p > '9')
		return NULL;
	long n = 0;
	while (*p >= '0' && *p <= '9' && n <= hi)
		n = n * 10 + (*p++ - '0');
	if (n < lo || n > hi)
		return NULL;
	*v = (int)n;
	return p;
}

static const char *rule_date(const char *p, struct rule_day *d)
{
	d->time = 7200;
	if (*p == 'M') {
		d->kind = 'M';
		if (!(p = rule_number(p + 1, &d->month, 1, 12)) || *p != '.' ||
		    !(p = rule_number(p + 1, &d->week, 1, 5)) || *p != '.' ||
		    !(p = rule_number(p + 1, &d->wday, 0, 6)))
			return NULL;
	} else if (*p == 'J') {
		d->kind = 'J';
		if (!(p = rule_number(p + 1, &d->n, 1, 365)))
			return NULL;
	} else {
		d->kind = 'n';
		if (!(p = rule_number(p, &d->n, 0, 365)))
			return NULL;
	}
	if (*p == '/' && !(p = rule_hms(p + 1, &d->time)))
		return NULL;
	return p;
}

static int parse_rule(struct date_zone *z, const char *s)
{
	const char *p = rule_name(s);
	long off;
	if (!p || !(p = rule_hms(p, &off)))
		return -1;
	z->std_off = -off; /* POSIX counts west of UTC */
	z->has_rule = true;
	if (!*p)
		return 0;
	if (!(p = rule_name(p)))
		return -1;
	z->rule_dst = true;
	z->dst_off = z->std_off + 3600;
	if (*p && *p != ',') {
		if (!(p = rule_hms(p, &off)))
			return -1;
		z->dst_off = -off;
	}
	if (!*p) { /* no rule: the US one */
		z->start = (struct rule_day){'M', 3, 2, 0, 0, 7200};
		z->end = (struct rule_day){'M', 11, 1, 0, 0, 7200};
		return 0;
	}
	if (*p != ',' || !(p = rule_date(p + 1, &z->start)) || *p != ',' || !(p = rule_date(p + 1, &z->end)))
		return -1;
	return *p ? -1 : 0;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The local day (days since 1970-01-01) of d in year y. */
static long rule_day_of(const struct rule_day *d, int y)
{
	long jan1 = date_days_from_civil(y, 1, 1);
	if (d->kind == 'J')
		return jan1 + d->n - 1 + (leap(y) && d->n >= 60);
	if (d->kind == 'n')
		return jan1 + d->n;
	long first = date_days_from_civil(y, d->month, 1);
	int wd0 = date_weekday(first) % 7; /* Sunday 0 */
	long day = first + ((d->wday - wd0) % 7 + 7) % 7 + 7L * (d->week - 1);
	long last = first + date_days_in_month(y, d->month) - 1;
	while (day > last)
		day -= 7;
	return day;
}

static long rule_offset(const struct date_zone *z, int64_t utc)
{
	if (!z->rule_dst)
		return z->std_off;
	int64_t local = utc + z->std_off;
	long days = (long)(local >= 0 ? local / 86400 : -((-local + 86399) / 86400));
	int y, m, d;
	date_civil_from_days(days, &y, &m, &d);
	int64_t start = (int64_t)rule_day_of(&z->start, y) * 86400 + z->start.time - z->std_off;
	int64_t end = (int64_t)rule_day_of(&z->end, y) * 86400 + z->end.time - z->dst_off;
	bool dst = start < end ? utc >= start && utc < end : !(utc >= end && utc < start);
	return dst ? z->dst_off : z->std_off;
}

/* ---- TZif */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* Reads the TZif data of b[0..n) into z. Returns 0, or -1 when it is not TZif. */
static int parse_tzif(struct date_zone *z, const unsigned char *b, size_t n)
{
	if (n < 44 || memcmp(b, "TZif", 4))
		return -1;
	int version = b[4] ? b[4] - '0' : 1;
	size_t at = 0, tsize = 4;
	uint32_t cnt[6];
	for (int pass = 0; pass < 2; pass++) {
		if (at + 44 > n || memcmp(b + at, "TZif", 4))
			return -1;
		for (int k = 0; k < 6; k++)
			cnt[k] = be32(b + at + 20 + 4 * k);
		/* isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt */
		if (cnt[3] > 100000 || cnt[4] == 0 || cnt[4] > 256 || cnt[2] > 100000)
			return -1;
		size_t body = cnt[3] * tsize + cnt[3] + cnt[4] * 6 + cnt[5] + cnt[2] * (tsize + 4) + cnt[1] + cnt[0];
		if (at + 44 + body > n)
			return -1;
		if (version < 2 || pass == 1)
			break;
		at += 44 + body; /* the version 1 block: its 64-bit twin follows */
		tsize = 8;
	}
	const unsigned char *p = b + at + 44;
	z->ntrans = cnt[3];
	z->ntypes = cnt[4];
	z->trans = malloc((z->ntrans + 1) * sizeof *z->trans);
	z->type = malloc(z->ntrans + 1);
	z->utoff = malloc(z->ntypes * sizeof *z->utoff);
	z->isdst = malloc(z->ntypes);
	if (!z->trans || !z->type || !z->utoff || !z->isdst)
		return -2;
	for (size_t i = 0; i < z->ntrans; i++, p += tsize)
		z->trans[i] = tsize == 8 ? be64(p) : (int64_t)(int32_t)be32(p);
	for (size_t i = 0; i < z->ntrans; i++) {
		z->type[i] = *p++;
		if (z->type[i] >= z->ntypes)
			return -1;
	}
	for (size_t i = 0; i < z->ntypes; i++, p += 6) {
		z->utoff[i] = (int32_t)be32(p);
		z->isdst[i] = p[4];
	}
	p += cnt[5] + cnt[2] * (tsize + 4) + cnt[1] + cnt[0];
	/* the footer: "\nRULE\n" */
	if (version >= 2 && p < b + n && *p == '\n') {
		const unsigned char *q = memchr(p + 1, '\n', (size_t)(b + n - p - 1));
		if (q && q > p + 1) {
			char rule[128];
			size_t len = (size_t)(q - p - 1);
			if (len < sizeof rule) {
				memcpy(rule, p + 1, len);
				rule[len] = '\0';
				if (parse_rule(z, rule) < 0)
					z->has_rule = z->rule_dst = false; /* the transitions alone, then */
			}
		}
	}
	return 0;
}

/* "Z", "+01:00", "-0500", "+03": a zone that is only an offset. Returns 0, or -1. */
static int fixed_offset(const char *s, long *off)
{
	if (!strcmp(s, "Z")) {
		*off = 0;
		return 0;
	}
	if (s[0] != '+' && s[0] != '-')
		return -1;
	struct date d = {0};
	char iso[64];
	snprintf(iso, sizeof iso, "2000-01-01T00:00%s", s);
	if (date_parse_iso(iso, strlen(iso), &d) != strlen(iso) || !d.has_zone)
		return -1;
	*off = d.offset * 60L;
	return 0;
}

static bool good_name(const char *s)
{
	if (!*s || *s == '/' || strstr(s, ".."))
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '/' || *p == '_' || *p == '-' || *p == '+'))
			return false;
	return true;
}

static struct date_zone *read_zone(const struct date_zones *zs, const char *name, char *err, size_t errsize)
{
	struct date_zone *z = calloc(1, sizeof *z);
	if (!z || !(z->name = strdup(name))) {
		free(z);
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	long off;
	if (fixed_offset(name, &off) == 0) {
		z->has_rule = true;
		z->std_off = off;
		return z;
	}
	if (!good_name(name)) {
		snprintf(err, errsize, "'%s' is not a time zone name", name);
		zone_free(z);
		return NULL;
	}
	char path[512];
	snprintf(path, sizeof path, "%s/%s", zs->dir, name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (access(zs->dir, F_OK) != 0)
			snprintf(err, errsize, "no time zone database in %s: install Debian's tzdata "
				 "(scripts/install-deps does)", zs->dir);
		else
			snprintf(err, errsize, "unknown time zone '%s' (%s: %s)", name, path, strerror(errno));
		zone_free(z);
		return NULL;
	}
	unsigned char *b = malloc(TZIF_MAX);
	size_t n = b ? fread(b, 1, TZIF_MAX, f) : 0;
	fclose(f);
	int rc = b ? parse_tzif(z, b, n) : -2;
	free(b);
	if (rc < 0) {
		if (rc == -2)
			snprintf(err, errsize, "out of memory");
		else
			snprintf(err, errsize, "%s: not a TZif time zone file", path);
		zone_free(z);
		return NULL;
	}
	return z;
}

const struct date_zone *date_zone(struct date_zones *zs, const char *name, char *err, size_t errsize)
{
	for (size_t i = 0; i < zs->n; i++)
		if (!strcmp(zs->z[i]->name, name))
			return zs->z[i];
	if (zs->n == zs->cap) {
		size_t cap = zs->cap ? 2 * zs->cap : 16;
		struct date_zone **v = realloc(zs->z, cap * sizeof *v);
		if (!v) {
			snprintf(err, errsize, "out of memory");
			return NULL;
		}
		zs->z = v;
		zs->cap = cap;
	}
	struct date_zone *z = read_zone(zs, name, err, errsize);
	if (z)
		zs->z[zs->n++] = z;
	return z;
}

/* ---- offsets */

long date_zone_offset_at(const struct date_zone *z, int64_t utc)
{
	if (!z->ntrans)
		return z->has_rule ? rule_offset(z, utc) : z->ntypes ? z->utoff[0] : 0;
	if (utc < z->trans[0])
		return z->utoff[0]; /* before the first transition: type 0 (RFC 8536) */
	size_t lo = 0, hi = z->ntrans; /* the last transition at or before utc is lo */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->trans[mid] <= utc)
			lo = mid;
		else
			hi = mid;
	}
	if (lo == z->ntrans - 1 && z->has_rule)
		return rule_offset(z, utc);
	return z->utoff[z->type[lo]];
}

long date_zone_standard_offset(const struct date_zone *z)
{
	if (z->has_rule)
		return z->std_off;
	for (size_t i = z->ntrans; i-- > 0;)
		if (!z->isdst[z->type[i]])
			return z->utoff[z->type[i]];
	return z->ntypes ? z->utoff[0] : 0;
}

static int64_t local_seconds(const struct date *d)
{
	int64_t days = date_days_from_civil(d->year, d->month, d->day);
	int64_t secs = days * 86400;
	if (d->has_time)
		secs += d->hour * 3600L + d->minute * 60L + d->second;
	return secs;
}

long date_zone_local_offset(const struct date_zone *z, const struct date *d)
{
	int64_t local = local_seconds(d);
	/* the offsets a day either side: a change between them is the one that matters */
	long before = date_zone_offset_at(z, local - 86400), after = date_zone_offset_at(z, local + 86400);
	if (before == after || date_zone_offset_at(z, local - before) == before)
		return before; /* a repeated hour takes the earlier offset */
	if (date_zone_offset_at(z, local - after) == after)
		return after;
	return before; /* a skipped hour: the offset before the change */
}

int date_to_utc(const struct date_zone *z, const struct date *d, struct date *utc)
{
	if (!d->day || !d->month)
		return -1;
	int64_t t = local_seconds(d) - date_zone_local_offset(z, d);
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	long secs = (long)(t - days * 86400);
	struct date u = {0};
	date_civil_from_days((long)days, &u.year, &u.month, &u.day);
	u.hour = (int)(secs / 3600);
	u.minute = (int)(secs / 60 % 60);
	u.second = (int)(secs % 60);
	u.has_time = u.has_zone = true;
	*utc = u;
	return 0;
}

/* ---- news phrases */

/* s[0..n) in lower case with single spaces, into out; 0 when it does not fit. */
static size_t phrase_key(const char *s, size_t n, char *out, size_t size)
{
	size_t k = 0;
	bool blank = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			blank = k > 0;
			continue;
		}
		if (blank) {
			if (k + 1 >= size)
				return 0;
			out[k++] = ' ';
			blank = false;
		}
		if (k + 1 >= size)
			return 0;
		out[k++] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
	}
	out[k] = '\0';
	return k;
}

struct phrase_load {
	struct date_zones *zs;
	const char *path;
	char *err;
	size_t errsize;
};

static int phrase_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	(void)len;
	struct phrase_load *pl = ctx;
	struct date_zones *zs = pl->zs;
	char *tab = strchr(line, '\t');
	if (!tab || strchr(tab + 1, '\t') || !tab[1]) {
		msg_format_at(pl->err, pl->errsize, pl->path, lineno, "expected 'phrase<TAB>zone'");
		return -1;
	}
	*tab = '\0';
	char key[128];
	if (!phrase_key(line, strlen(line), key, sizeof key)) {
		msg_format_at(pl->err, pl->errsize, pl->path, lineno, "a phrase is 1 to 127 bytes");
		return -1;
	}
	struct phrase ph = {.kind = DATE_PHRASE_LOCAL};
	if (strcmp(tab + 1, "local")) {
		char why[512];
		if (!(ph.zone = date_zone(zs, tab + 1, why, sizeof why))) {
			msg_format_at(pl->err, pl->errsize, pl->path, lineno, "%s", why);
			return -1;
		}
		ph.kind = DATE_PHRASE_ZONE;
	}
	if (zs->nph == zs->capph) {
		size_t cap = zs->capph ? 2 * zs->capph : 32;
		struct phrase *v = realloc(zs->ph, cap * sizeof *v);
		if (!v) {
			snprintf(pl->err, pl->errsize, "out of memory");
			return -1;
		}
		zs->ph = v;
		zs->capph = cap;
	}
	if (!(ph.text = strdup(key))) {
		snprintf(pl->err, pl->errsize, "out of memory");
		return -1;
	}
	zs->ph[zs->nph++] = ph;
	return 0;
}

int date_zones_load_phrases(struct date_zones *zs, const char *path, char *err, size_t errsize)
{
	struct phrase_load pl = {zs, path, err, errsize};
	return data_lines(path, phrase_line, &pl, err, errsize) ? -1 : 0;
}

enum date_phrase date_zone_of_phrase(const struct date_zones *zs, const char *s, size_t n,
				     const struct date_zone **zone)
{
	char key[128];
	if (!phrase_key(s, n, key, sizeof key))
		return DATE_PHRASE_NONE;
	for (size_t i = 0; i < zs->nph; i++)
		if (!strcmp(zs->ph[i].text, key)) {
			*zone = zs->ph[i].zone;
			return zs->ph[i].kind;
		}
	return DATE_PHRASE_NONE;
}
