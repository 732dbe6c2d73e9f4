/* Datelines: "MOSCOW, February 21. /TASS/.", "WASHINGTON (Reuters) -", "KYIV, Feb 20 (Reuters) -",
 * "PARIS, Feb. 20, 2022 (AFP) --", "Kyiv, Ukraine (CNN) -". The place is in capitals, or in
 * ordinary case when a known agency follows; the agencies are in data/ingest/agencies.tsv. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "data.h"
#include "date.h"
#include "err.h"
#include "ingest.h"

#define AGENCIES_FILE "ingest/agencies.tsv"

struct agency {
	char *name, *source;
};

static struct agency *agencies;
static size_t n_agencies;
static bool loaded;

/* One line of the agencies file: name TAB source, after the header line. Stops (1) when out of
 * memory: datelines then give the sources read so far. */
static int add_agency(void *ctx, char *line, size_t len, unsigned long lineno)
{
	(void)len;
	(void)lineno;
	bool *header = ctx;
	if (*header) { /* the first line that is not a comment names the columns */
		*header = false;
		return 0;
	}
	char *tab = strchr(line, '\t');
	if (!tab)
		return 0;
	*tab = '\0';
	static size_t alloc;
	if (n_agencies == alloc) {
		size_t cap = alloc ? alloc * 2 : 64;
		struct agency *a = realloc(agencies, cap * sizeof *a);
		if (!a)
			return 1;
		agencies = a;
		alloc = cap;
	}
	struct agency *a = &agencies[n_agencies];
	a->name = strdup(line);
	a->source = strdup(tab + 1);
	if (!a->name || !a->source) {
		free(a->name);
		free(a->source);
		return 1;
	}
	n_agencies++;
	return 0;
}

static void load_agencies(void)
{
	loaded = true;
	char path[PATH_MAX], err[PATH_MAX + 128];
	bool header = true;
	if (data_path(AGENCIES_FILE, path, sizeof path) < 0 ||
	    data_lines(path, add_agency, &header, err, sizeof err) < 0)
		msg_at(path, 0, "warning: cannot open data file: datelines give no source");
}

void dateline_cleanup(void)
{
	for (size_t i = 0; i < n_agencies; i++) {
		free(agencies[i].name);
		free(agencies[i].source);
	}
	free(agencies);
	agencies = NULL;
	n_agencies = 0;
}

static const char *find_agency(const char *s, size_t n)
{
	if (!loaded)
		load_agencies();
	for (size_t i = 0; i < n_agencies; i++)
		if (strlen(agencies[i].name) == n && strncasecmp(agencies[i].name, s, n) == 0)
			return agencies[i].source;
	return NULL;
}

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A place at s: words of capitals (non-ASCII letters allowed: SÃO PAULO) joined by spaces,
 * full stops, hyphens and apostrophes ("ST. PETERSBURG"), or, when caps is false, words that
 * start with a capital ("Kyiv", "New York"). Returns its length, 0 when there is none. */
static size_t place(const char *s, size_t n, bool caps)
{
	size_t i = 0, upper = 0, end = 0;
	bool word_start = true;
	while (i < n && i < 48) {
		char c = s[i];
		if (is_upper(c) || (unsigned char)c >= 0x80) {
			upper += is_upper(c);
			word_start = false;
			i++;
			end = i;
		} else if (is_lower(c)) {
			if (caps || word_start)
				return 0;
			i++;
			end = i;
		} else if (c == '/' && caps && i + 1 < n && is_upper(s[i + 1])) {
			i++; /* two places: "KYIV/MOSCOW (Reuters)" */
		} else if (c == '.' || c == '-' || c == '\'') {
			i++;
			if (c == '.')
				end = i;
		} else if (c == ' ' && i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '(' && s[i + 1] != '/') {
			word_start = true;
			i++;
		} else {
			break;
		}
	}
	if (upper < (caps ? 2u : 1u))
		return 0;
	return end;
}

/* A date at s: "February 21", "Feb. 20", "Feb 20, 2022", "21 February", "21 February 2022".
 * Returns its length (0 when there is none) and sets month, day and year (0 when absent). */
static size_t dateline_date(const char *s, size_t n, struct date *d)
{
	size_t i = 0, w;
	memset(d, 0, sizeof *d);
	if (i < n && is_digit(s[i])) {
		while (i < n && is_digit(s[i]) && i < 2)
			d->day = d->day * 10 + (s[i++] - '0');
		if (i >= n || s[i] != ' ')
			return 0;
		i++;
		for (w = i; w < n && (is_upper(s[w]) || is_lower(s[w])); w++)
			;
		if (!(d->month = date_month(s + i, w - i)))
			return 0;
		i = w;
		if (i < n && s[i] == '.')
			i++;
	} else {
		for (w = i; w < n && (is_upper(s[w]) || is_lower(s[w])); w++)
			;
		if (!(d->month = date_month(s, w)))
			return 0;
		i = w;
		if (i < n && s[i] == '.')
			i++;
		if (i >= n || s[i] != ' ')
			return 0;
		i++;
		size_t at = i;
		while (i < n && is_digit(s[i]) && i - at < 2)
			d->day = d->day * 10 + (s[i++] - '0');
		if (i == at || (i < n && is_digit(s[i])))
			return 0;
	}
	if (d->day < 1 || d->day > 31)
		return 0;
	/* a year: ", 2022" or " 2022" */
	size_t j = i;
	if (j < n && s[j] == ',')
		j++;
	if (j < n && s[j] == ' ')
		j++;
	if (j + 4 <= n && is_digit(s[j]) && is_digit(s[j + 1]) && is_digit(s[j + 2]) && is_digit(s[j + 3]) &&
	    (j + 4 == n || !is_digit(s[j + 4]))) {
		d->year = (s[j] - '0') * 1000 + (s[j + 1] - '0') * 100 + (s[j + 2] - '0') * 10 + (s[j + 3] - '0');
		i = j + 4;
	}
	return i;
}

/* A credit at s: "(Reuters)" or "/TASS/". Returns its length and the source, 0 when there is none. */
static size_t credit(const char *s, size_t n, const char **source)
{
	if (n < 3 || (s[0] != '(' && s[0] != '/'))
		return 0;
	char close = s[0] == '(' ? ')' : '/';
	const char *end = memchr(s + 1, close, n - 1 < 40 ? n - 1 : 40);
	if (!end || end == s + 1)
		return 0;
	*source = find_agency(s + 1, (size_t)(end - s - 1));
	return *source ? (size_t)(end - s) + 1 : 0;
}

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

/* What ends a dateline: a dash of some kind, a colon or a full stop. */
static bool separator(const char *s, size_t n)
{
	if (!n)
		return false;
	if (s[0] == '-' || s[0] == ':' || s[0] == '.')
		return true;
	return n >= 3 && (memcmp(s, "\xE2\x80\x94", 3) == 0 || memcmp(s, "\xE2\x80\x93", 3) == 0);
}

/* Reads a dateline at the start of line s[0..n). Returns true when it is one. */
static bool parse_dateline(const char *s, size_t n, const char **source, struct date *d, bool *has_date)
{
	*source = NULL;
	*has_date = false;
	for (int caps = 1; caps >= 0; caps--) {
		size_t i = place(s, n, caps);
		if (!i)
			continue;
		if (i < n && s[i] == ',') {
			size_t j = skip_spaces(s, n, i + 1), k;
			if ((k = dateline_date(s + j, n - j, d))) {
				*has_date = true;
				i = j + k;
			} else if ((k = place(s + j, n - j, false))) {
				i = j + k; /* the region or country: "Kyiv, Ukraine" */
				if (i < n && s[i] == ',') {
					j = skip_spaces(s, n, i + 1);
					if ((k = dateline_date(s + j, n - j, d))) {
						*has_date = true;
						i = j + k;
					}
				}
			}
		}
		if (i < n && s[i] == '.')
			i++;
		i = skip_spaces(s, n, i);
		size_t k = credit(s + i, n - i, source);
		if (k)
			return true;
		if (caps && *has_date && separator(s + i, n - i))
			return true;
		*has_date = false;
	}
	return false;
}

void apply_dateline(const char *text, size_t len, struct buf *source, struct buf *published)
{
	bool year_only = published->len == 4 && is_digit(published->p[0]) && is_digit(published->p[1]) &&
			 is_digit(published->p[2]) && is_digit(published->p[3]);
	if (source->len && published->len && !year_only)
		return;
	/* the dateline opens the first paragraph, or the one after a headline */
	size_t i = 0;
	for (int line = 0; line < 3 && i < len; line++) {
		while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t'))
			i++;
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		const char *agency;
		struct date d;
		bool has_date;
		if (parse_dateline(text + i, end - i < 200 ? end - i : 200, &agency, &d, &has_date)) {
			if (agency && !source->len)
				buf_append(source, agency, strlen(agency));
			if (has_date && (!published->len || year_only)) {
				if (!d.year && year_only)
					d.year = atoi(published->p);
				if (d.year && d.day <= date_days_in_month(d.year, d.month)) {
					char iso[DATE_ISO_MAX];
					size_t k = date_format(&d, iso);
					buf_clear(published);
					buf_append(published, iso, k);
				}
			}
			return;
		}
		i = end;
	}
}
