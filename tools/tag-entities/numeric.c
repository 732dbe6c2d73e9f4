#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gazetteer.h"
#include "numeric.h"

/* Backtracking stays bounded on any input, a megabyte of digits included. */
#define MATCH_LIMIT 100000
#define DEPTH_LIMIT 1000
#define MAX_DEFS 64
/* how far from a digit a match that needs one may start or end */
#define WINDOW 80

#define MAX_GATE_WORDS 256
_Static_assert(MAX_GATE_WORDS % 64 == 0, "numeric_find reads the word sets eight bytes at a time");

struct pattern {
	int type;
	pcre2_code *code;
	unsigned long line;
	bool jit;       /* compiled to machine code: pcre2_jit_match may be called */
	bool any;       /* no gate: runs on every sentence */
	bool digit;     /* runs when the sentence has a digit */
	uint8_t words[MAX_GATE_WORDS / 8]; /* or one of these gate words */
};

struct numeric {
	struct pattern *p;
	size_t n;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	struct buf value;
	uint64_t gate_keys[MAX_GATE_WORDS]; /* folded gate words, by id */
	size_t ngate;
	uint64_t gate_slot_key[4 * MAX_GATE_WORDS]; /* key -> id, open addressing */
	uint16_t gate_slot_id[4 * MAX_GATE_WORDS];
	uint8_t present[MAX_GATE_WORDS / 8];
	struct found {
		size_t start, end, pat, limit, from;
	} *found;
	size_t nfound, capfound;
	struct window {
		size_t start, end;
	} *win;
	size_t nwin, capwin;
	/* the insides of the names (start, end), sorted and merged: a number may not cut one */
	struct window *inside;
	size_t ninside, capinside;
	/* a bit for each byte of the sentence a number holds */
	uint64_t *taken;
	size_t captaken;
};

static int type_of(const char *s)
{
	for (int t = MT_DATE; t < NMT; t++)
		if (!strcmp(s, mention_type_names[t]))
			return t;
	return -1;
}

/* Replaces every {{NAME}} in pattern by its definition. */
static int expand(const char *pattern, char names[][32], char **defs, int ndefs, struct buf *out,
		  char *bad, size_t badsize)
{
	buf_clear(out);
	for (const char *p = pattern; *p;) {
		if (p[0] == '{' && p[1] == '{') {
			const char *end = strstr(p + 2, "}}");
			if (!end)
				break;
			size_t n = (size_t)(end - p - 2);
			int k;
			for (k = 0; k < ndefs; k++)
				if (strlen(names[k]) == n && !memcmp(names[k], p + 2, n))
					break;
			if (k == ndefs) {
				snprintf(bad, badsize, "%.*s", (int)n, p + 2);
				return -1;
			}
			if (buf_append(out, defs[k], strlen(defs[k])) < 0)
				return -1;
			p = end + 2;
			continue;
		}
		if (buf_putc(out, *p++) < 0)
			return -1;
	}
	if (!out->p && buf_reserve(out, 1) < 0)
		return -1;
	return 0;
}

/* A gate is "*" (always), or words separated by commas: "0" for any digit, else a word the
 * sentence must hold (folded, as a token) for the pattern to be worth running. */
static int set_gate(struct numeric *nu, struct pattern *p, const char *gate)
{
	if (!strcmp(gate, "*") || !*gate) {
		p->any = true;
		return 0;
	}
	for (const char *g = gate; *g;) {
		const char *comma = strchr(g, ',');
		size_t n = comma ? (size_t)(comma - g) : strlen(g);
		if (n == 1 && g[0] == '0') {
			p->digit = true;
		} else if (n) {
			uint64_t key = gaz_key(g, n);
			size_t id;
			for (id = 0; id < nu->ngate; id++)
				if (nu->gate_keys[id] == key)
					break;
			if (id == nu->ngate) {
				if (nu->ngate == MAX_GATE_WORDS)
					return -1;
				size_t slot = (size_t)key % (4 * MAX_GATE_WORDS);
				while (nu->gate_slot_key[slot])
					slot = (slot + 1) % (4 * MAX_GATE_WORDS);
				nu->gate_slot_key[slot] = key;
				nu->gate_slot_id[slot] = (uint16_t)nu->ngate;
				nu->gate_keys[nu->ngate++] = key;
			}
			p->words[id / 8] |= (uint8_t)(1u << (id % 8));
		}
		g += n + (comma != NULL);
	}
	return 0;
}

struct numeric *numeric_load(const char *path, char *err, size_t errsize)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errsize, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	struct numeric *nu = calloc(1, sizeof *nu);
	char names[MAX_DEFS][32];
	char *defs[MAX_DEFS];
	int ndefs = 0;
	struct buf expanded = {0};
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	bool ok = nu != NULL;
	while (ok && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		char *tab = strchr(line, '\t');
		if (!tab) {
			snprintf(err, errsize, "%s:%lu: expected 'TYPE<TAB>pattern' or 'def<TAB>NAME<TAB>pattern'", path, lineno);
			ok = false;
			break;
		}
		*tab = '\0';
		char *rest = tab + 1;
		if (!strcmp(line, "def")) {
			char *tab2 = strchr(rest, '\t');
			if (!tab2 || tab2 - rest >= 32 || ndefs == MAX_DEFS) {
				snprintf(err, errsize, "%s:%lu: expected 'def<TAB>NAME<TAB>pattern' (names up to 31 bytes, %d of them)", path, lineno, MAX_DEFS);
				ok = false;
				break;
			}
			*tab2 = '\0';
			char bad[64];
			if (expand(tab2 + 1, names, defs, ndefs, &expanded, bad, sizeof bad) < 0) {
				snprintf(err, errsize, "%s:%lu: no definition of '{{%s}}'", path, lineno, bad);
				ok = false;
				break;
			}
			snprintf(names[ndefs], sizeof names[ndefs], "%s", rest);
			defs[ndefs] = strdup(expanded.p);
			if (!defs[ndefs]) {
				snprintf(err, errsize, "out of memory");
				ok = false;
				break;
			}
			ndefs++;
			continue;
		}
		int type = type_of(line);
		if (type < 0) {
			snprintf(err, errsize, "%s:%lu: unknown type '%s' (DATE, TIME, DURATION, QUANTITY, MONEY or PERCENT)", path, lineno, line);
			ok = false;
			break;
		}
		char *gate = rest, *tab3 = strchr(rest, '\t');
		if (!tab3) {
			snprintf(err, errsize, "%s:%lu: expected 'TYPE<TAB>gate<TAB>pattern'", path, lineno);
			ok = false;
			break;
		}
		*tab3 = '\0';
		rest = tab3 + 1;
		struct pattern pat = {.type = type, .line = lineno};
		if (set_gate(nu, &pat, gate) < 0) {
			snprintf(err, errsize, "%s:%lu: more than %d gate words in all", path, lineno, MAX_GATE_WORDS);
			ok = false;
			break;
		}
		char bad[64];
		if (expand(rest, names, defs, ndefs, &expanded, bad, sizeof bad) < 0) {
			snprintf(err, errsize, "%s:%lu: no definition of '{{%s}}'", path, lineno, bad);
			ok = false;
			break;
		}
		int code;
		PCRE2_SIZE at;
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)expanded.p, expanded.len,
					       PCRE2_UTF | PCRE2_DUPNAMES | PCRE2_NO_UTF_CHECK, &code, &at, NULL);
		if (!re) {
			PCRE2_UCHAR msgbuf[256];
			pcre2_get_error_message(code, msgbuf, sizeof msgbuf);
			snprintf(err, errsize, "%s:%lu: bad pattern at %zu: %s", path, lineno, (size_t)at, (char *)msgbuf);
			ok = false;
			break;
		}
		/* without JIT it still works, slower */
		pat.jit = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0;
		struct pattern *np = realloc(nu->p, (nu->n + 1) * sizeof *np);
		if (!np) {
			pcre2_code_free(re);
			snprintf(err, errsize, "out of memory");
			ok = false;
			break;
		}
		nu->p = np;
		pat.code = re;
		nu->p[nu->n++] = pat;
	}
	free(line);
	for (int i = 0; i < ndefs; i++)
		free(defs[i]);
	buf_free(&expanded);
	fclose(f);
	if (ok) {
		nu->md = pcre2_match_data_create(32, NULL);
		nu->mc = pcre2_match_context_create(NULL);
		if (!nu->md || !nu->mc) {
			snprintf(err, errsize, "out of memory");
			ok = false;
		} else {
			pcre2_set_match_limit(nu->mc, MATCH_LIMIT);
			pcre2_set_depth_limit(nu->mc, DEPTH_LIMIT);
		}
	}
	if (!ok) {
		numeric_free(nu);
		return NULL;
	}
	return nu;
}

void numeric_free(struct numeric *nu)
{
	if (!nu)
		return;
	for (size_t i = 0; i < nu->n; i++)
		pcre2_code_free(nu->p[i].code);
	free(nu->p);
	pcre2_match_data_free(nu->md);
	pcre2_match_context_free(nu->mc);
	buf_free(&nu->value);
	free(nu->found);
	free(nu->win);
	free(nu->inside);
	free(nu->taken);
	free(nu);
}

/* The text of named group name in the last match, or NULL when it did not take part. */
static const char *group(const struct numeric *nu, const pcre2_code *re, const char *subject,
			 const char *name, size_t *len)
{
	PCRE2_SPTR first, last;
	int size = pcre2_substring_nametable_scan(re, (PCRE2_SPTR)name, &first, &last);
	if (size < 0)
		return NULL;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(nu->md);
	uint32_t count = pcre2_get_ovector_count(nu->md);
	/* with duplicate names, the first set group of that name */
	for (PCRE2_SPTR e = first; e <= last; e += size) {
		unsigned n = (unsigned)(e[0] << 8 | e[1]);
		if (n < count && ov[2 * n] != PCRE2_UNSET) {
			*len = ov[2 * n + 1] - ov[2 * n];
			return subject + ov[2 * n];
		}
	}
	return NULL;
}

static const char *const month_names[12] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
};
static const char *const weekday_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

static int month_of(const char *s, size_t n)
{
	if (n >= 1 && s[0] >= '0' && s[0] <= '9')
		return atoi(s);
	for (int i = 0; i < 12; i++)
		if (n >= 3 && !strncasecmp(s, month_names[i], 3))
			return i + 1;
	return 0;
}

static int weekday_of(const char *s, size_t n)
{
	for (int i = 0; i < 7; i++)
		if (n >= 3 && !strncasecmp(s, weekday_names[i], 3))
			return i + 1; /* ISO: Monday 1 */
	return 0;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
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
	buf_append(b, tmp, strlen(tmp));
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

/* Zones named in news, with their offset from UTC in minutes (standard time; the summer
 * offset when the article's date is in summer). */
struct zone {
	const char *word;
	int winter, summer;
};

static const struct zone zones[] = {
	{"paris", 60, 120}, {"cet", 60, 60}, {"cest", 120, 120}, {"berlin", 60, 120},
	{"brussels", 60, 120}, {"moscow", 180, 180}, {"msk", 180, 180}, {"kyiv", 120, 180},
	{"kiev", 120, 180}, {"minsk", 180, 180}, {"london", 0, 60}, {"gmt", 0, 0}, {"utc", 0, 0},
	{"bst", 60, 60}, {"washington", -300, -240}, {"new york", -300, -240}, {"et", -300, -240},
	{"est", -300, -300}, {"edt", -240, -240}, {"eastern", -300, -240}, {"beijing", 480, 480},
	{"tokyo", 540, 540},
};

/* Whether date (yyyymmdd) is in European/US summer time, roughly: April to October. */
static bool summer(int32_t date)
{
	int m = date / 100 % 100;
	return m >= 4 && m <= 10;
}

/* Whether the words just before offset at, in the same clause, put what follows in the future:
 * "would be opened on Wednesday", "will meet on Thursday", "is scheduled for Friday". News tells
 * the past by default, so a bare weekday is the latest such day; these make it the next one. */
static bool future_before(const char *s, size_t at)
{
	static const char *const markers[] = {"will", "would", "shall", "'ll", "\u2019ll", "planned",
					      "scheduled", "expected", "due", "upcoming", "going"};
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
		for (size_t k = 0; k < sizeof markers / sizeof *markers; k++) {
			size_t n = strlen(markers[k]);
			const char *w = s + i;
			size_t wn = end - i;
			if (markers[k][0] == '\'' || markers[k][0] == '\xe2') {
				if (wn >= n && !strncasecmp(w + wn - n, markers[k], n))
					return true;
			} else if (wn == n && !strncasecmp(w, markers[k], n)) {
				return true;
			}
		}
	}
	return false;
}

static int normalise(struct numeric *nu, const struct pattern *p, const char *s, const struct when *w)
{
	struct buf *v = &nu->value;
	buf_clear(v);
	const pcre2_code *re = p->code;
	size_t n;
	const char *g;
	char tmp[128];
	switch (p->type) {
	case MT_DATE: {
		int y = 0, m = 0, d = 0;
		if ((g = group(nu, re, s, "year", &n)))
			y = atoi(g);
		if (y && y < 100)
			y += 2000;
		if ((g = group(nu, re, s, "month", &n)))
			m = month_of(g, n);
		if ((g = group(nu, re, s, "day", &n)))
			d = atoi(g);
		int py = w->date / 10000, pm = w->date / 100 % 100, pd = w->date % 100;
		long today = w->date ? days_from_civil(py, pm, pd) : 0;
		if ((g = group(nu, re, s, "rel", &n))) {
			long off = 0;
			if (!strncasecmp(g, "yesterday", 9))
				off = -1;
			else if (!strncasecmp(g, "tomorrow", 8))
				off = 1;
			if (!w->date) {
				snprintf(tmp, sizeof tmp, "%s", off < 0 ? "PAST_REF" : off > 0 ? "FUTURE_REF" : "PRESENT_REF");
				buf_append(v, tmp, strlen(tmp));
				return 0;
			}
			civil_from_days(today + off, &y, &m, &d);
		} else if ((g = group(nu, re, s, "weekday", &n)) && !m) {
			int wd = weekday_of(g, n);
			if (!w->date) {
				snprintf(tmp, sizeof tmp, "XXXX-WXX-%d", wd);
				buf_append(v, tmp, strlen(tmp));
				return 0;
			}
			int pwd = (int)(((today % 7) + 7 + 3) % 7) + 1; /* 1970-01-01 was a Thursday */
			size_t dn;
			const char *dir = group(nu, re, s, "next", &dn);
			long off;
			if (dir && (dn >= 4 && !strncasecmp(dir, "next", 4)))
				off = ((wd - pwd) + 7) % 7 ? ((wd - pwd) + 7) % 7 : 7;
			else if (dir && dn >= 4 && !strncasecmp(dir, "last", 4))
				off = -(((pwd - wd) + 7) % 7 ? ((pwd - wd) + 7) % 7 : 7);
			else if (future_before(s, pcre2_get_ovector_pointer(nu->md)[0]))
				off = ((wd - pwd) + 7) % 7; /* the next such day, today included */
			else /* news tells what happened: the latest such day, today included */
				off = -(((pwd - wd) + 7) % 7);
			civil_from_days(today + off, &y, &m, &d);
		} else if (m && !y) {
			y = w->date ? py : 0;
		}
		if (!m && !y)
			return -1;
		if (m < 0 || m > 12 || d < 0 || d > 31)
			return -1;
		if (y)
			snprintf(tmp, sizeof tmp, "%04d", y);
		else
			snprintf(tmp, sizeof tmp, "XXXX");
		buf_append(v, tmp, strlen(tmp));
		if (m) {
			snprintf(tmp, sizeof tmp, "-%02d", m);
			buf_append(v, tmp, strlen(tmp));
		}
		if (m && d) {
			snprintf(tmp, sizeof tmp, "-%02d", d);
			buf_append(v, tmp, strlen(tmp));
		}
		return 0;
	}
	case MT_TIME: {
		int h = -1, mi = 0;
		if ((g = group(nu, re, s, "hour", &n)))
			h = atoi(g);
		if ((g = group(nu, re, s, "minute", &n)))
			mi = atoi(g);
		if ((g = group(nu, re, s, "ampm", &n))) {
			bool pm = (g[0] | 32) == 'p';
			if (h == 12)
				h = pm ? 12 : 0;
			else if (pm)
				h += 12;
		}
		if ((g = group(nu, re, s, "noon", &n))) {
			h = (g[0] | 32) == 'n' ? 12 : 0;
		}
		if (h < 0 || h > 24 || mi > 59)
			return -1;
		snprintf(tmp, sizeof tmp, "T%02d:%02d", h, mi);
		buf_append(v, tmp, strlen(tmp));
		if ((g = group(nu, re, s, "zone", &n))) {
			for (size_t z = 0; z < sizeof zones / sizeof *zones; z++)
				if (strlen(zones[z].word) <= n && !strncasecmp(g, zones[z].word, strlen(zones[z].word)) &&
				    (strlen(zones[z].word) == n || g[strlen(zones[z].word)] == ' ')) {
					int off = w->date && summer(w->date) ? zones[z].summer : zones[z].winter;
					if (!off)
						snprintf(tmp, sizeof tmp, "Z");
					else
						snprintf(tmp, sizeof tmp, "%c%02d:%02d", off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
					buf_append(v, tmp, strlen(tmp));
					break;
				}
		}
		return 0;
	}
	case MT_DURATION: {
		double hours = -1, minutes = -1, num = -1;
		if ((g = group(nu, re, s, "hours", &n)))
			hours = number_of(g, n);
		if ((g = group(nu, re, s, "minutes", &n)))
			minutes = number_of(g, n);
		if ((g = group(nu, re, s, "num", &n)))
			num = number_of(g, n);
		size_t un = 0;
		const char *unit = group(nu, re, s, "unit", &un);
		if (hours < 0 && minutes < 0 && unit && num >= 0) {
			char u = (char)(unit[0] | 32);
			if (u == 'h')
				hours = num;
			else if (u == 'm' && un >= 2 && (unit[1] | 32) == 'i')
				minutes = num;
			else if (u == 's') {
				snprintf(tmp, sizeof tmp, "PT");
				buf_append(v, tmp, 2);
				put_number(v, num);
				buf_putc(v, 'S');
				return 0;
			} else {
				char c = u == 'd' ? 'D' : u == 'w' ? 'W' : u == 'm' ? 'M' : u == 'y' ? 'Y' : 0;
				if (!c)
					return -1;
				buf_putc(v, 'P');
				put_number(v, num);
				buf_putc(v, c);
				return 0;
			}
		}
		if (hours < 0 && minutes < 0)
			return -1;
		buf_append(v, "PT", 2);
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
	case MT_QUANTITY:
	case MT_MONEY:
	case MT_PERCENT: {
		double num = -1;
		if ((g = group(nu, re, s, "num", &n)))
			num = number_of(g, n);
		if (num < 0)
			return -1;
		if ((g = group(nu, re, s, "scale", &n)))
			num *= scale_of(g, n);
		if (p->type == MT_PERCENT) {
			put_number(v, num);
			buf_putc(v, '%');
		} else if (p->type == MT_MONEY) {
			const char *code = NULL;
			if ((g = group(nu, re, s, "cur", &n)))
				code = currency_of(g, n);
			if (!code || !*code)
				return -1;
			buf_append(v, code, strlen(code));
			buf_putc(v, ' ');
			put_number(v, num);
		} else {
			put_number(v, num);
		}
		return 0;
	}
	}
	return -1;
}

/* Grows *v (of *cap items of size bytes) to hold n. Returns 0 or -1 (out of memory). */
static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n <= *cap)
		return 0;
	size_t c = *cap ? 2 * *cap : 32;
	while (c < n)
		c *= 2;
	void *q = realloc(*v, c * size);
	if (!q)
		return -1;
	*v = q;
	*cap = c;
	return 0;
}

static int by_window_start(const void *a, const void *b)
{
	const struct window *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The longest first, then the earliest pattern, then the earliest in the text: the order in
 * which the numbers are taken. */
static int by_pick(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	size_t lx = x->end - x->start, ly = y->end - y->start;
	if (lx != ly)
		return lx > ly ? -1 : 1;
	if (x->pat != y->pat)
		return x->pat < y->pat ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The names of m, and the numbers already there, as the pick below asks about them: the
 * insides of the names merged in order, and the bytes the numbers hold. */
static int note_mentions(struct numeric *nu, const struct mentions *m, size_t len)
{
	nu->ninside = 0;
	size_t words = len / 64 + 1;
	if (grow((void **)&nu->taken, &nu->captaken, words, sizeof *nu->taken) < 0)
		return -1;
	memset(nu->taken, 0, words * sizeof *nu->taken);
	for (size_t i = 0; i < m->n; i++) {
		const struct mention *x = &m->v[i];
		if (x->type >= MT_DATE) {
			for (size_t k = x->start; k < x->end; k++)
				nu->taken[k / 64] |= 1ull << (k % 64);
			continue;
		}
		if (x->end - x->start < 2)
			continue; /* no byte inside */
		if (grow((void **)&nu->inside, &nu->capinside, nu->ninside + 1, sizeof *nu->inside) < 0)
			return -1;
		nu->inside[nu->ninside++] = (struct window){x->start, x->end};
	}
	bool sorted = true; /* mostly: the names come in the order of the text */
	for (size_t i = 1; i < nu->ninside && sorted; i++)
		sorted = nu->inside[i - 1].start <= nu->inside[i].start;
	if (!sorted)
		qsort(nu->inside, nu->ninside, sizeof *nu->inside, by_window_start);
	size_t k = 0;
	for (size_t i = 0; i < nu->ninside; i++) {
		/* the open intervals (start, end) of two names meet when one starts inside the other */
		if (k && nu->inside[i].start < nu->inside[k - 1].end) {
			if (nu->inside[i].end > nu->inside[k - 1].end)
				nu->inside[k - 1].end = nu->inside[i].end;
		} else {
			nu->inside[k++] = nu->inside[i];
		}
	}
	nu->ninside = k;
	return 0;
}

/* Whether byte offset p is strictly inside a name. */
static inline bool inside_name(const struct numeric *nu, size_t p)
{
	if (!nu->ninside)
		return false;
	size_t lo = 0, hi = nu->ninside; /* the first with start >= p */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (nu->inside[mid].start < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && p < nu->inside[lo - 1].end;
}

/* Whether a byte of [a, b) is held by a number; take: mark them as held. */
static inline bool taken(struct numeric *nu, size_t a, size_t b, bool take)
{
	for (size_t k = a; k < b;) {
		size_t w = k / 64, lo = k % 64, n = b - k < 64 - lo ? b - k : 64 - lo;
		uint64_t bits = (n == 64 ? ~0ull : ((1ull << n) - 1)) << lo;
		if (take)
			nu->taken[w] |= bits;
		else if (nu->taken[w] & bits)
			return true;
		k += n;
	}
	return false;
}

/* Whether [a, b) may not be added: it overlaps another number, or cuts a name in two (a
 * name inside it is fine: "11 p.m. Paris time" holds Paris); a name is cut when an edge of
 * [a, b) is strictly inside it. */
static bool overlaps_any(struct numeric *nu, size_t a, size_t b)
{
	return inside_name(nu, a) || inside_name(nu, b) || taken(nu, a, b, false);
}

int numeric_find(struct numeric *nu, const char *text, size_t len, const struct gaz_sent *gs,
		 const struct when *w, struct mentions *m, char *err, size_t errsize)
{
	nu->nfound = 0;
	/* a pattern that needs a digit can only match near one: windows around the digits */
	nu->nwin = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			continue;
		size_t a = i > WINDOW ? i - WINDOW : 0, b = i + WINDOW;
		if (b >= len)
			b = len;
		while (b < len && text[b] != ' ')
			b++;
		if (nu->nwin && a <= nu->win[nu->nwin - 1].end) {
			nu->win[nu->nwin - 1].end = b;
		} else {
			if (nu->nwin == nu->capwin) {
				size_t cap = nu->capwin ? 2 * nu->capwin : 16;
				void *q = realloc(nu->win, cap * sizeof *nu->win);
				if (!q) {
					snprintf(err, errsize, "out of memory");
					return -1;
				}
				nu->win = q;
				nu->capwin = cap;
			}
			nu->win[nu->nwin].start = a;
			nu->win[nu->nwin].end = b;
			nu->nwin++;
		}
		i = b;
	}
	memset(nu->present, 0, sizeof nu->present);
	bool any_word = false;
	for (size_t i = 0; i < gs->n; i++) {
		if (gs->len[i] > 12)
			continue;
		uint64_t key = gaz_key(gs->folded.p + gs->off[i], gs->len[i]);
		for (size_t slot = (size_t)key % (4 * MAX_GATE_WORDS); nu->gate_slot_key[slot];
		     slot = (slot + 1) % (4 * MAX_GATE_WORDS))
			if (nu->gate_slot_key[slot] == key) {
				size_t id = nu->gate_slot_id[slot];
				nu->present[id / 8] |= (uint8_t)(1u << (id % 8));
				any_word = true;
				break;
			}
	}
	struct window whole = {0, len};
	for (size_t pi = 0; pi < nu->n; pi++) {
		const struct pattern *p = &nu->p[pi];
		bool word = false;
		/* eight bytes of the word sets at a time */
		for (size_t b = 0; any_word && b < sizeof p->words && !word; b += 8) {
			uint64_t pw, pr;
			memcpy(&pw, p->words + b, 8);
			memcpy(&pr, nu->present + b, 8);
			word = (pw & pr) != 0;
		}
		const struct window *wins;
		size_t nw;
		if (p->any || word) {
			wins = &whole;
			nw = 1;
		} else if (p->digit && nu->nwin) {
			wins = nu->win;
			nw = nu->nwin;
		} else {
			continue;
		}
		for (size_t wi = 0; wi < nw; wi++) {
		size_t at = wins[wi].start, limit = wins[wi].end;
		while (at <= limit) {
			int rc = p->jit ? pcre2_jit_match(p->code, (PCRE2_SPTR)text, limit, at, 0, nu->md, nu->mc)
					: pcre2_match(p->code, (PCRE2_SPTR)text, limit, at, PCRE2_NO_UTF_CHECK, nu->md, nu->mc);
			if (rc == PCRE2_ERROR_NOMATCH)
				break;
			if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT)
				break; /* a pathological sentence: no numbers found in it, not an error */
			if (rc < 0) {
				PCRE2_UCHAR msgbuf[256];
				pcre2_get_error_message(rc, msgbuf, sizeof msgbuf);
				snprintf(err, errsize, "pattern of line %lu: %s", p->line, (char *)msgbuf);
				return -1;
			}
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(nu->md);
			size_t s = ov[0], e = ov[1];
			if (e > s) {
				if (nu->nfound == nu->capfound) {
					size_t cap = nu->capfound ? 2 * nu->capfound : 32;
					void *q = realloc(nu->found, cap * sizeof *nu->found);
					if (!q) {
						snprintf(err, errsize, "out of memory");
						return -1;
					}
					nu->found = q;
					nu->capfound = cap;
				}
				nu->found[nu->nfound].start = s;
				nu->found[nu->nfound].end = e;
				nu->found[nu->nfound].pat = pi;
				nu->found[nu->nfound].limit = limit;
				nu->found[nu->nfound].from = at;
				nu->nfound++;
			}
			at = e > s ? e : s + 1;
			/* step over a whole UTF-8 character */
			while (at < limit && ((unsigned char)text[at] & 0xC0) == 0x80)
				at++;
		}
		}
	}
	if (!nu->nfound)
		return 0;
	/* the longest first, then the earliest pattern; none over a name or each other */
	if (note_mentions(nu, m, len) < 0) {
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	if (nu->nfound > 1)
		qsort(nu->found, nu->nfound, sizeof *nu->found, by_pick);
	for (size_t best = 0; best < nu->nfound; best++) {
		size_t s = nu->found[best].start, e = nu->found[best].end, limit = nu->found[best].limit;
		size_t from = nu->found[best].from;
		const struct pattern *p = &nu->p[nu->found[best].pat];
		if (overlaps_any(nu, s, e))
			continue;
		/* run again, from where it was found (\K may have moved its start), for its groups */
		int rc = pcre2_match(p->code, (PCRE2_SPTR)text, limit, from, PCRE2_NO_UTF_CHECK, nu->md, nu->mc);
		if (rc < 0 || pcre2_get_ovector_pointer(nu->md)[0] != s ||
		    pcre2_get_ovector_pointer(nu->md)[1] != e || normalise(nu, p, text, w) < 0)
			continue;
		struct mention *x = mention_add(m, p->type, s, e);
		if (!x) {
			snprintf(err, errsize, "out of memory");
			return -1;
		}
		taken(nu, s, e, true);
		x->canon = m->text.len;
		x->canon_len = nu->value.len;
		if (nu->value.len && buf_append(&m->text, nu->value.p, nu->value.len) < 0) {
			snprintf(err, errsize, "out of memory");
			return -1;
		}
	}
	return 0;
}
