/* Pattern sets: pcre2 compiled once, gated, under limits. */
#define _GNU_SOURCE /* memmem */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <limits.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "data.h"
#include "err.h"
#include "hash.h"
#include "rx.h"

_Static_assert(RX_MAX_GATE_WORDS % 64 == 0, "rx_scan reads the word sets eight bytes at a time");
#define GATE_SLOTS (4 * RX_MAX_GATE_WORDS) /* open addressing, at most a quarter full */

struct pattern {
	pcre2_code *code;
	size_t file;
	unsigned long line;
	bool jit; /* compiled to machine code: pcre2_jit_match may be called */
	bool jit_tried; /* the JIT was asked (after cfg.jit_after searches: most texts wake few
			 * patterns, and most of those they wake run a few times) */
	unsigned searches; /* so far, while not compiled to machine code */
	bool any; /* no gate: runs on every text */
	bool digit; /* runs near the text's digits */
	bool marked; /* starts only where the caller's starts allow, and holds a gate word at or
		      * after its start (rx_mark_starts) */
	bool offset_limit; /* compiled with PCRE2_USE_OFFSET_LIMIT: run_starts() may be used */
	uint8_t words[RX_MAX_GATE_WORDS / 8]; /* or on the whole text when one of these words is in it */
};

struct def {
	char *name, *value;
};

struct rx_set {
	struct rx_config cfg;
	struct pattern *p;
	size_t n, cap;
	char **files;
	size_t nfiles;
	struct def *defs;
	size_t ndefs, capdefs;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	pcre2_match_context *mc_runs; /* the same limits and an offset limit: marked patterns */
	pcre2_match_context *mc_call; /* the same limits and a callout: rx_each_callout() */
	int (*each)(void *, size_t);  /* rx_each_callout()'s */
	void *each_ctx;
	bool each_stopped;
	/* the gate words: their keys by id, and key -> id */
	uint64_t gate_keys[RX_MAX_GATE_WORDS];
	size_t ngate, longest_gate;
	size_t jit_bytes; /* of machine code so far, against cfg.jit_budget */
	char *gate_word[RX_MAX_GATE_WORDS]; /* as written, for last_gate_at() */
	size_t gate_len[RX_MAX_GATE_WORDS];
	/* per gate word, the last place it occurs in the text of scan number last_scan[id]
	 * (SIZE_MAX: nowhere), found when a marked pattern first needs it */
	size_t last_at[RX_MAX_GATE_WORDS];
	uint32_t last_scan[RX_MAX_GATE_WORDS];
	uint32_t scan;
	int folds; /* the text holds a letter pcre2 folds to an ASCII one (-1: not looked yet) */
	/* per byte: 1 word_byte(), and its ASCII lower case, for rx_words_of_text() */
	uint8_t word_class[256], lower[256];
	/* per first byte of a gate word, bit n: one of n bytes (63: 63 or more), to skip hashing
	 * the words no gate can be */
	uint64_t first_len[256];
	uint64_t slot_key[GATE_SLOTS];
	uint16_t slot_id[GATE_SLOTS];
	uint8_t present[RX_MAX_GATE_WORDS / 8]; /* the gate words of the current text */
	bool any_present;
	struct window {
		size_t start, end;
	} *win;
	size_t nwin, capwin;
	const char *const *marks;  /* prefixes of the patterns to mark, while loading */
	const unsigned char *ok;   /* where a marked pattern may start, or NULL */
	size_t oklen;
	unsigned long hits; /* matches stopped at a limit */
	size_t first_hit;   /* the pattern of the first */
	/* while loading */
	struct buf expanded;
	const char *path;
	char *err;
	size_t errsize;
};

/* Gate keys are never 0: 0 marks an empty slot. */
static uint64_t gate_key(const char *w, size_t n)
{
	uint64_t k = hash_mix64(hash_fnv1a(HASH_FNV_OFFSET, w, n));
	return k ? k : 1;
}

static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

struct rx_set *rx_new(const struct rx_config *cfg)
{
	struct rx_set *set = calloc(1, sizeof *set);
	if (!set)
		return NULL;
	if (cfg)
		set->cfg = *cfg;
	if (!set->cfg.match_limit)
		set->cfg.match_limit = RX_MATCH_LIMIT;
	if (!set->cfg.depth_limit)
		set->cfg.depth_limit = RX_DEPTH_LIMIT;
	/* valgrind cannot follow the JIT's machine code (it reports its reads as uninitialised):
	 * make valgrind runs the interpreter, which gives the same matches */
	const char *no_jit = getenv("CROSSCHECK_NO_JIT");
	if (no_jit && *no_jit)
		set->cfg.jit_after = UINT_MAX;
	for (int c = 0; c < 256; c++) {
		set->word_class[c] = (uint8_t)word_byte((unsigned char)c);
		set->lower[c] = (uint8_t)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	set->md = pcre2_match_data_create(32, NULL);
	set->mc = pcre2_match_context_create(NULL);
	set->mc_runs = pcre2_match_context_create(NULL);
	set->mc_call = pcre2_match_context_create(NULL);
	if (!set->md || !set->mc || !set->mc_runs || !set->mc_call) {
		rx_free(set);
		return NULL;
	}
	pcre2_set_match_limit(set->mc, set->cfg.match_limit);
	pcre2_set_depth_limit(set->mc, set->cfg.depth_limit);
	pcre2_set_match_limit(set->mc_runs, set->cfg.match_limit);
	pcre2_set_depth_limit(set->mc_runs, set->cfg.depth_limit);
	pcre2_set_match_limit(set->mc_call, set->cfg.match_limit);
	pcre2_set_depth_limit(set->mc_call, set->cfg.depth_limit);
	return set;
}

void rx_free(struct rx_set *set)
{
	if (!set)
		return;
	if (set->hits)
		msg_at(rx_file(set, set->first_hit), rx_line(set, set->first_hit),
		       "warning: %lu %s stopped at the match limit (this pattern first): the texts "
		       "concerned may miss matches", set->hits, set->hits == 1 ? "search" : "searches");
	for (size_t i = 0; i < set->n; i++)
		pcre2_code_free(set->p[i].code);
	free(set->p);
	for (size_t i = 0; i < set->ngate; i++)
		free(set->gate_word[i]);
	for (size_t i = 0; i < set->nfiles; i++)
		free(set->files[i]);
	free(set->files);
	for (size_t i = 0; i < set->ndefs; i++) {
		free(set->defs[i].name);
		free(set->defs[i].value);
	}
	free(set->defs);
	pcre2_match_data_free(set->md);
	pcre2_match_context_free(set->mc);
	pcre2_match_context_free(set->mc_runs);
	pcre2_match_context_free(set->mc_call);
	buf_free(&set->expanded);
	free(set->win);
	free(set);
}

size_t rx_count(const struct rx_set *set)
{
	return set->n;
}

size_t rx_jit_bytes(const struct rx_set *set)
{
	return set->jit_bytes;
}

const char *rx_file(const struct rx_set *set, size_t index)
{
	return index < set->n ? set->files[set->p[index].file] : NULL;
}

unsigned long rx_line(const struct rx_set *set, size_t index)
{
	return index < set->n ? set->p[index].line : 0;
}

unsigned long rx_limit_hits(const struct rx_set *set)
{
	return set->hits;
}

/* Grows *v (of *cap items of size bytes) to hold n. Returns 0 or -1 (out of memory). */
static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	return array_grow(v, cap, n, size, 16);
}

/* ---- loading */

static int load_error(struct rx_set *set, unsigned long line, const char *what, const char *arg)
{
	msg_format_at(set->err, set->errsize, set->path, line, what, arg);
	return -1;
}

/* Replaces every {{NAME}} of pattern by its definition, into set->expanded. */
static int expand(struct rx_set *set, const char *pattern, unsigned long line)
{
	struct buf *out = &set->expanded;
	buf_clear(out);
	if (buf_reserve(out, strlen(pattern)) < 0)
		return load_error(set, 0, "%s", "out of memory");
	for (const char *p = pattern; *p;) {
		const char *end = p[0] == '{' && p[1] == '{' ? strstr(p + 2, "}}") : NULL;
		if (!end) {
			if (buf_putc(out, *p++) < 0)
				return load_error(set, 0, "%s", "out of memory");
			continue;
		}
		size_t n = (size_t)(end - p - 2);
		size_t k;
		for (k = 0; k < set->ndefs; k++)
			if (strlen(set->defs[k].name) == n && !memcmp(set->defs[k].name, p + 2, n))
				break;
		if (k == set->ndefs) {
			char name[128];
			snprintf(name, sizeof name, "%.*s", n > 100 ? 100 : (int)n, p + 2);
			return load_error(set, line, "no definition of '{{%s}}'", name);
		}
		if (buf_append(out, set->defs[k].value, strlen(set->defs[k].value)) < 0)
			return load_error(set, 0, "%s", "out of memory");
		p = end + 2;
	}
	out->p[out->len] = '\0'; /* buf_reserve does not write one */
	return 0;
}

static int add_def(struct rx_set *set, char *name, const char *pattern, unsigned long line)
{
	if (expand(set, pattern, line) < 0)
		return -1;
	if (grow((void **)&set->defs, &set->capdefs, set->ndefs + 1, sizeof *set->defs) < 0)
		return load_error(set, 0, "%s", "out of memory");
	struct def *d = &set->defs[set->ndefs];
	d->name = strdup(name);
	d->value = strdup(set->expanded.p);
	if (!d->name || !d->value) {
		free(d->name);
		free(d->value);
		return load_error(set, 0, "%s", "out of memory");
	}
	set->ndefs++;
	return 0;
}

/* A gate is "*" or empty (always), or words separated by commas: "0" for any digit, else a
 * word the text must hold for the pattern to be worth running. */
static int set_gate(struct rx_set *set, struct pattern *p, const char *gate, unsigned long line)
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
			uint64_t key = gate_key(g, n);
			size_t slot = (size_t)(key % GATE_SLOTS);
			while (set->slot_key[slot] && set->slot_key[slot] != key)
				slot = (slot + 1) % GATE_SLOTS;
			size_t id;
			if (set->slot_key[slot]) {
				id = set->slot_id[slot];
			} else {
				if (set->ngate == RX_MAX_GATE_WORDS) {
					msg_format_at(set->err, set->errsize, set->path, line,
						      "more than %d gate words in all", RX_MAX_GATE_WORDS);
					return -1;
				}
				if (!(set->gate_word[set->ngate] = strndup(g, n))) {
					msg_format_at(set->err, set->errsize, set->path, line, "%s", "out of memory");
					return -1;
				}
				set->gate_len[set->ngate] = n;
				id = set->ngate++;
				set->slot_key[slot] = key;
				set->slot_id[slot] = (uint16_t)id;
				set->gate_keys[id] = key;
				if (n > set->longest_gate)
					set->longest_gate = n;
				set->first_len[(unsigned char)g[0]] |= 1ULL << (n < 63 ? n : 63);
			}
			p->words[id / 8] |= (uint8_t)(1u << (id % 8));
		}
		g += n + (comma != NULL);
	}
	return 0;
}

/* A marked pattern is searched run by run of its allowed starts, those of a set of windows
 * window by window, one gated on digits with cfg.digit_lead from the places it may start: with
 * an offset limit. */
static bool offset_limited(const struct rx_set *set, const struct pattern *pat)
{
	return pat->marked || set->cfg.windows || (set->cfg.digit_lead && pat->digit);
}

static int compile(struct rx_set *set, struct pattern *pat, unsigned long line)
{
	int code;
	PCRE2_SIZE at;
	pat->code = pcre2_compile((PCRE2_SPTR)set->expanded.p, set->expanded.len,
				  PCRE2_UTF | PCRE2_DUPNAMES | set->cfg.compile_options |
					  (offset_limited(set, pat) ? PCRE2_USE_OFFSET_LIMIT : 0),
				  &code, &at, NULL);
	if (!pat->code) {
		PCRE2_UCHAR why[256];
		pcre2_get_error_message(code, why, sizeof why);
		msg_format_at(set->err, set->errsize, set->path, line, "bad pattern at %zu: %s", (size_t)at,
			      (char *)why);
		return -1;
	}
	pat->offset_limit = offset_limited(set, pat);
	return 0; /* the JIT compiles it once it has run a few times: jit_when_due() */
}

static int load_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	(void)len;
	struct rx_set *set = ctx;
	/* the columns: def NAME pattern, or the caller's, the gate and the pattern (the rest) */
	size_t want = set->cfg.ncols + 2;
	char *cols[3 + 64];
	size_t ncols = 0;
	char *p = line;
	if (!strncmp(line, "def\t", 4))
		want = 3;
	if (want > sizeof cols / sizeof *cols)
		return load_error(set, lineno, "%s", "too many columns before the pattern");
	while (ncols + 1 < want) {
		char *tab = strchr(p, '\t');
		if (!tab)
			break;
		*tab = '\0';
		cols[ncols++] = p;
		p = tab + 1;
	}
	cols[ncols++] = p;
	if (want == 3 && !strcmp(cols[0], "def")) {
		if (ncols < 3 || !*cols[1])
			return load_error(set, lineno, "%s", "expected 'def<TAB>NAME<TAB>pattern'");
		return add_def(set, cols[1], cols[2], lineno);
	}
	if (ncols < want) {
		char shape[256];
		snprintf(shape, sizeof shape, "%s", set->cfg.shape ? set->cfg.shape : "COLUMNS<TAB>gate<TAB>pattern");
		return load_error(set, lineno, "expected '%s' or 'def<TAB>NAME<TAB>pattern'", shape);
	}
	if (set->cfg.fields) {
		char why[512] = "bad columns";
		if (set->cfg.fields(set->cfg.ctx, set->n, cols, set->cfg.ncols, why, sizeof why) < 0)
			return load_error(set, lineno, "%s", why);
	}
	struct pattern pat = {.file = set->nfiles - 1, .line = lineno};
	for (const char *const *m = set->marks; m && *m && !pat.marked; m++)
		pat.marked = !strncmp(cols[ncols - 1], *m, strlen(*m));
	if (set_gate(set, &pat, cols[ncols - 2], lineno) < 0 || expand(set, cols[ncols - 1], lineno) < 0 ||
	    compile(set, &pat, lineno) < 0)
		return -1;
	if (grow((void **)&set->p, &set->cap, set->n + 1, sizeof *set->p) < 0) {
		pcre2_code_free(pat.code);
		return load_error(set, 0, "%s", "out of memory");
	}
	set->p[set->n++] = pat;
	return 0;
}

int rx_load(struct rx_set *set, const char *path, char *err, size_t errsize)
{
	char **files = realloc(set->files, (set->nfiles + 1) * sizeof *files);
	if (files)
		set->files = files;
	if (!files || !(files[set->nfiles] = strdup(path))) {
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	set->files = files;
	set->nfiles++;
	set->path = path;
	set->err = err;
	set->errsize = errsize;
	int rc = data_lines(path, load_line, set, err, errsize);
	set->path = NULL;
	set->err = NULL;
	return rc ? -1 : 0;
}

void rx_mark_starts(struct rx_set *set, const char *const *prefixes)
{
	set->marks = prefixes;
}

void rx_starts(struct rx_set *set, const unsigned char *ok, size_t len)
{
	set->ok = ok;
	set->oklen = len;
}

/* ---- the words of a text, for the gates */

void rx_words_clear(struct rx_set *set)
{
	memset(set->present, 0, sizeof set->present);
	set->any_present = false;
}

void rx_word(struct rx_set *set, const char *word, size_t len)
{
	if (!set->ngate || len > set->longest_gate || !len)
		return;
	if (!(set->first_len[(unsigned char)word[0]] >> (len < 63 ? len : 63) & 1))
		return; /* no gate word begins so and is so long */
	uint64_t key = gate_key(word, len);
	for (size_t slot = (size_t)(key % GATE_SLOTS); set->slot_key[slot]; slot = (slot + 1) % GATE_SLOTS)
		if (set->slot_key[slot] == key) {
			size_t id = set->slot_id[slot];
			set->present[id / 8] |= (uint8_t)(1u << (id % 8));
			set->any_present = true;
			return;
		}
}

void rx_words_of_text(struct rx_set *set, const char *text, size_t len)
{
	char word[64];
	const unsigned char *t = (const unsigned char *)text;
	const uint8_t *wc = set->word_class; /* tables: the byte tests were most of the pass */
	for (size_t i = 0; i < len;) {
		if (!wc[t[i]]) {
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < len && wc[t[j]])
			j++;
		size_t n = j - i;
		uint64_t lens = set->first_len[set->lower[t[i]]];
		bool dot = j < len && text[j] == '.';
		/* rx_word()'s test first, before the word is copied: most words are no gate's */
		bool may = n <= set->longest_gate &&
			   ((lens >> (n < 63 ? n : 63) & 1) || (dot && lens >> (n + 1 < 63 ? n + 1 : 63) & 1));
		if (may && n < sizeof word - 1) {
			for (size_t k = 0; k < n; k++)
				word[k] = (char)set->lower[t[i + k]];
			rx_word(set, word, n);
			if (j < len && text[j] == '.') {
				word[n] = '.';
				rx_word(set, word, n + 1);
			}
		}
		i = j;
	}
}

/* ---- matching */

/* The JIT compiles a pattern once it has run cfg.jit_after times in the interpreter, while
 * cfg.jit_budget lasts (it may overrun by one pattern): the patterns that come due first,
 * those that run most, get it. */
static void jit_when_due(struct rx_set *set, struct pattern *p)
{
	if (!p->jit_tried && p->searches++ >= set->cfg.jit_after) {
		p->jit_tried = true;
		if (set->cfg.jit_budget && set->jit_bytes >= set->cfg.jit_budget)
			return;
		p->jit = pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE) == 0;
		size_t size = 0;
		if (p->jit && pcre2_pattern_info(p->code, PCRE2_INFO_JITSIZE, &size) == 0)
			set->jit_bytes += size;
	}
}

static int run(struct rx_set *set, struct pattern *p, const char *text, size_t limit, size_t from)
{
	/* compiled to machine code when it has run often enough, not at start-up, which was
	 * spending most of its time on it; without the JIT it still works, slower */
	jit_when_due(set, p);
	return p->jit ? pcre2_jit_match(p->code, (PCRE2_SPTR)text, limit, from, 0, set->md, set->mc)
		      : pcre2_match(p->code, (PCRE2_SPTR)text, limit, from, PCRE2_NO_UTF_CHECK, set->md, set->mc);
}

/* run() for a marked pattern, its match starting at most at byte last */
static int run_starts(struct rx_set *set, struct pattern *p, const char *text, size_t limit, size_t from,
		      size_t last)
{
	jit_when_due(set, p);
	pcre2_set_offset_limit(set->mc_runs, last);
	return p->jit ? pcre2_jit_match(p->code, (PCRE2_SPTR)text, limit, from, 0, set->md, set->mc_runs)
		      : pcre2_match(p->code, (PCRE2_SPTR)text, limit, from, PCRE2_NO_UTF_CHECK, set->md,
				    set->mc_runs);
}

static bool limit_hit(struct rx_set *set, size_t index, int rc)
{
	if (rc != PCRE2_ERROR_MATCHLIMIT && rc != PCRE2_ERROR_DEPTHLIMIT && rc != PCRE2_ERROR_HEAPLIMIT &&
	    rc != PCRE2_ERROR_JIT_STACKLIMIT)
		return false;
	if (!set->hits++)
		set->first_hit = index;
	return true;
}

/* Two windows of starts closer than this are one: trying the starts between them costs less
 * than another search (a JIT entry), and finds only matches a search of the whole text would. */
#define START_GAP 80

/* With cfg.digit_lead: the places where a match of a pattern gated on digits may start, as
 * windows [start, end] of starts, merged: up to digit_lead bytes before each run of digits. */
static int digit_starts(struct rx_set *set, const char *text, size_t len)
{
	set->nwin = 0;
	size_t lead = set->cfg.digit_lead;
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9' || (i && text[i - 1] >= '0' && text[i - 1] <= '9'))
			continue;
		size_t a = i > lead ? i - lead : 0;
		if (set->nwin && a <= set->win[set->nwin - 1].end + START_GAP) {
			set->win[set->nwin - 1].end = i;
			continue;
		}
		if (grow((void **)&set->win, &set->capwin, set->nwin + 1, sizeof *set->win) < 0)
			return -1;
		set->win[set->nwin++] = (struct window){a, i};
	}
	return 0;
}

/* A pattern that needs a digit can only match near one: windows around the digits, merged. */
static int digit_windows(struct rx_set *set, const char *text, size_t len)
{
	if (set->cfg.digit_lead)
		return digit_starts(set, text, len);
	set->nwin = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			continue;
		size_t a = i > RX_DIGIT_WINDOW ? i - RX_DIGIT_WINDOW : 0, b = i + RX_DIGIT_WINDOW;
		if (b >= len)
			b = len;
		while (b < len && text[b] != ' ')
			b++;
		if (set->nwin && a <= set->win[set->nwin - 1].end) {
			set->win[set->nwin - 1].end = b;
		} else {
			if (grow((void **)&set->win, &set->capwin, set->nwin + 1, sizeof *set->win) < 0)
				return -1;
			set->win[set->nwin].start = a;
			set->win[set->nwin].end = b;
			set->nwin++;
		}
		i = b;
	}
	return 0;
}

/* Whether one of the words of p's gate is in the text: eight bytes of the word sets at a time. */
static bool gate_word_present(const struct rx_set *set, const struct pattern *p)
{
	if (!set->any_present)
		return false;
	for (size_t b = 0; b < sizeof p->words; b += 8) {
		uint64_t pw, pr;
		memcpy(&pw, p->words + b, 8);
		memcpy(&pr, set->present + b, 8);
		if (pw & pr)
			return true;
	}
	return false;
}

bool rx_marked_woken(const struct rx_set *set, const char *text, size_t len)
{
	bool digits = false, looked = false;
	for (size_t pi = 0; pi < set->n; pi++) {
		const struct pattern *p = &set->p[pi];
		if (!p->marked)
			continue;
		if (p->any || gate_word_present(set, p))
			return true;
		if (p->digit && !looked) {
			looked = true;
			for (size_t i = 0; i < len && !digits; i++)
				digits = text[i] >= '0' && text[i] <= '9';
		}
		if (p->digit && digits)
			return true;
	}
	return false;
}

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* The last place in text[0..len) where gate word id occurs as bytes, ASCII letters in either
 * case, or SIZE_MAX: once per word and scan. */
static size_t word_last_at(struct rx_set *set, size_t id, const char *text, size_t len)
{
	if (set->last_scan[id] == set->scan)
		return set->last_at[id];
	const char *w = set->gate_word[id];
	size_t n = set->gate_len[id], at = SIZE_MAX;
	unsigned char lo = fold((unsigned char)w[0]), up = lo >= 'a' && lo <= 'z' ? (unsigned char)(lo - 32) : lo;
	for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;) {
		unsigned char c = (unsigned char)text[i];
		if (c != lo && c != up)
			continue;
		size_t k = 1;
		while (k < n && fold((unsigned char)text[i + k]) == fold((unsigned char)w[k]))
			k++;
		if (k == n) {
			at = i;
			break;
		}
	}
	set->last_scan[id] = set->scan;
	set->last_at[id] = at;
	return at;
}

/* The last byte where a match of marked pattern p may start: a match holds one of its gate
 * words at or after its start (rx_mark_starts). SIZE_MAX: anywhere (a gate of "*" or digits,
 * or a text where pcre2's caseless letters are more than ASCII's: the long s and the Kelvin
 * sign match s and k); *none: nowhere, no gate word being in the text. */
static size_t last_start(struct rx_set *set, const struct pattern *p, const char *text, size_t len, bool *none)
{
	*none = false;
	if (p->any || p->digit)
		return SIZE_MAX;
	if (set->folds < 0)
		set->folds = memmem(text, len, "\xC5\xBF", 2) || memmem(text, len, "\xE2\x84\xAA", 3);
	if (set->folds)
		return SIZE_MAX;
	size_t last = 0;
	bool any = false;
	for (size_t id = 0; id < set->ngate; id++) {
		if (!(p->words[id / 8] >> (id % 8) & 1))
			continue;
		size_t at = word_last_at(set, id, text, len);
		if (at != SIZE_MAX && (!any || at > last)) {
			last = at;
			any = true;
		}
	}
	*none = !any;
	return last;
}

enum searched { FOUND, NONE, LIMITED };

/* What a search of pattern pi from *at in text[0..limit) returned (rc): a match, handed to
 * found() and *at moved past it (*how FOUND); none (NONE); a limit that stopped it (LIMITED: a
 * pathological text has fewer matches, not an error). Returns found()'s nonzero return, -1
 * with a message on another pcre2 failure, else 0. */
static int take_match(struct rx_set *set, size_t pi, int rc, const char *text, size_t limit,
		      rx_found_fn found, void *ctx, char *err, size_t errsize, size_t *at,
		      enum searched *how)
{
	*how = rc == PCRE2_ERROR_NOMATCH ? NONE : limit_hit(set, pi, rc) ? LIMITED : FOUND;
	if (*how != FOUND)
		return 0;
	if (rc < 0) {
		PCRE2_UCHAR why[256];
		pcre2_get_error_message(rc, why, sizeof why);
		msg_format_at(err, errsize, rx_file(set, pi), set->p[pi].line, "%s", (char *)why);
		return -1;
	}
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(set->md);
	size_t s = ov[0], e = ov[1];
	if (e > s) {
		struct rx_found f = {.index = pi, .start = s, .end = e, .from = *at, .limit = limit};
		int stop = found(ctx, &f);
		if (stop)
			return stop;
	}
	*at = e > s ? e : s + 1;
	/* step over a whole UTF-8 character */
	while (*at < limit && ((unsigned char)text[*at] & 0xC0) == 0x80)
		(*at)++;
	return 0;
}

/* Every match of pattern pi in text[at..limit). */
static int scan_window(struct rx_set *set, size_t pi, const char *text, size_t at, size_t limit,
		       rx_found_fn found, void *ctx, char *err, size_t errsize)
{
	struct pattern *p = &set->p[pi];
	const unsigned char *ok = p->marked ? set->ok : NULL;
	size_t end = ok ? (limit < set->oklen ? limit : set->oklen) : 0;
	/* no match of a marked pattern starts after the last of its gate words */
	bool none = false;
	size_t last = p->marked ? last_start(set, p, text, limit, &none) : SIZE_MAX;
	if (none)
		return 0;
	if (ok && last != SIZE_MAX && last + 1 < end)
		end = last + 1;
	while (at <= limit) {
		int rc;
		size_t run_end = 0;
		if (ok) {
			/* a marked pattern: its matches start only in the runs of allowed bytes, each
			 * searched up to its end (an offset limit) */
			while (at < end && !ok[at])
				at++;
			if (at >= end)
				break;
			for (run_end = at + 1; run_end < end && ok[run_end];)
				run_end++;
			rc = run_starts(set, p, text, limit, at, run_end - 1);
			if (rc == PCRE2_ERROR_NOMATCH) {
				at = run_end; /* none starts in this run: the next */
				continue;
			}
		} else if (last != SIZE_MAX) {
			if (at > last)
				break;
			rc = run_starts(set, p, text, limit, at, last);
		} else {
			rc = run(set, p, text, limit, at);
		}
		enum searched how;
		int stop = take_match(set, pi, rc, text, limit, found, ctx, err, errsize, &at, &how);
		if (stop)
			return stop;
		if (how != FOUND)
			break;
	}
	return 0;
}

/* The end of the text a search from a window of starts sees: RX_DIGIT_WINDOW bytes past its last
 * number's first digit, then on to a space. Without it a failed search could read on through a
 * long text (pcre2 looks ahead for a character the pattern needs): a search a number. */
static size_t window_limit(const char *text, size_t len, size_t last)
{
	size_t end = len - last > RX_DIGIT_WINDOW ? last + RX_DIGIT_WINDOW : len;
	while (end < len && text[end] != ' ')
		end++;
	return end;
}

/* Every match of pattern pi that starts in one of the windows of starts and ends within
 * window_limit(): those a search of the whole text finds, when none starts elsewhere and none
 * runs on that far (cfg.digit_lead). */
static int scan_starts(struct rx_set *set, size_t pi, const char *text, size_t len, rx_found_fn found,
		       void *ctx, char *err, size_t errsize)
{
	struct pattern *p = &set->p[pi];
	size_t at = 0; /* where the next search begins: past the last match */
	for (size_t wi = 0; wi < set->nwin; wi++) {
		const struct window *w = &set->win[wi];
		if (at < w->start)
			at = w->start;
		size_t limit = window_limit(text, len, w->end);
		while (at <= w->end) {
			enum searched how;
			int rc = run_starts(set, p, text, limit, at, w->end);
			int stop = take_match(set, pi, rc, text, limit, found, ctx, err, errsize, &at, &how);
			if (stop)
				return stop;
			if (how == LIMITED)
				return 0; /* as scan_window: fewer matches in such a text */
			if (how == NONE)
				break;
		}
	}
	return 0;
}

int rx_scan(struct rx_set *set, const char *text, size_t len, rx_found_fn found, void *ctx,
	    char *err, size_t errsize)
{
	if (digit_windows(set, text, len) < 0) {
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	struct window whole = {0, len};
	if (++set->scan == 0) { /* the gate words' places: none known for this text */
		memset(set->last_scan, 0, sizeof set->last_scan);
		set->scan = 1;
	}
	set->folds = -1;
	for (size_t pi = 0; pi < set->n; pi++) {
		const struct pattern *p = &set->p[pi];
		const struct window *wins;
		size_t nw;
		if (p->any || gate_word_present(set, p)) {
			wins = &whole;
			nw = 1;
		} else if (p->digit && set->nwin && set->cfg.digit_lead) {
			int rc = scan_starts(set, pi, text, len, found, ctx, err, errsize);
			if (rc)
				return rc;
			continue;
		} else if (p->digit && set->nwin) {
			wins = set->win;
			nw = set->nwin;
		} else {
			continue;
		}
		for (size_t wi = 0; wi < nw; wi++) {
			int rc = scan_window(set, pi, text, wins[wi].start, wins[wi].end, found, ctx, err, errsize);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int rx_match(struct rx_set *set, size_t index, const char *text, size_t limit, size_t from,
	     size_t *start, size_t *end)
{
	int rc = run(set, &set->p[index], text, limit, from);
	if (rc < 0) {
		limit_hit(set, index, rc);
		return 0;
	}
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(set->md);
	*start = ov[0];
	*end = ov[1];
	return 1;
}

int rx_match_before(struct rx_set *set, size_t index, const char *text, size_t limit, size_t from,
		    size_t last, size_t *start, size_t *end)
{
	struct pattern *p = &set->p[index];
	/* no offset limit where it would not stop anything: the search rx_match() makes */
	int rc = last < limit && p->offset_limit ? run_starts(set, p, text, limit, from, last)
						 : run(set, p, text, limit, from);
	if (rc < 0) {
		limit_hit(set, index, rc);
		return 0;
	}
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(set->md);
	*start = ov[0];
	*end = ov[1];
	return 1;
}

/* The callout of rx_each_callout(): each place handed on, then a failure there (1: backtrack),
 * or the end of the match when the caller has seen enough (a negative value). */
static int on_callout(pcre2_callout_block *cb, void *data)
{
	struct rx_set *set = data;
	if (set->each(set->each_ctx, cb->current_position)) {
		set->each_stopped = true;
		return PCRE2_ERROR_CALLOUT;
	}
	return 1;
}

int rx_each_callout(struct rx_set *set, size_t index, const char *text, size_t limit, size_t from,
		    int (*each)(void *ctx, size_t at), void *ctx)
{
	struct pattern *p = &set->p[index];
	jit_when_due(set, p);
	set->each = each;
	set->each_ctx = ctx;
	set->each_stopped = false;
	pcre2_set_callout(set->mc_call, on_callout, set);
	int rc = p->jit ? pcre2_jit_match(p->code, (PCRE2_SPTR)text, limit, from, 0, set->md, set->mc_call)
			: pcre2_match(p->code, (PCRE2_SPTR)text, limit, from, PCRE2_NO_UTF_CHECK, set->md,
				      set->mc_call);
	if (set->each_stopped)
		return 0;
	return limit_hit(set, index, rc) ? 0 : 1;
}

const char *rx_group(const struct rx_set *set, size_t index, const char *text, const char *name,
		     size_t *len)
{
	const pcre2_code *re = set->p[index].code;
	PCRE2_SPTR first, last;
	int size = pcre2_substring_nametable_scan(re, (PCRE2_SPTR)name, &first, &last);
	if (size < 0)
		return NULL;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(set->md);
	uint32_t count = pcre2_get_ovector_count(set->md);
	for (PCRE2_SPTR e = first; e <= last; e += size) {
		unsigned n = (unsigned)(e[0] << 8 | e[1]);
		if (n < count && ov[2 * n] != PCRE2_UNSET) {
			*len = ov[2 * n + 1] - ov[2 * n];
			return text + ov[2 * n];
		}
	}
	return NULL;
}
