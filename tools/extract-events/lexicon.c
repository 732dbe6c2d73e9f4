/* The data of extract-events: CAMEO codes, PLOVER types, actor codes and people, and the
 * patterns: the verb and noun lexicon (verbs.tsv) compiled to pcre2 at start-up, the
 * hand-written patterns (events.en.tsv) and the user's (--patterns). */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "data.h"
#include "err.h"
#include "events.h"
#include "hash.h"
#include "rx.h"

static char **pool;
static size_t npool, cappool;

static const char *keep(const char *s)
{
	if (npool == cappool) {
		size_t cap = cappool ? 2 * cappool : 1024;
		char **p = realloc(pool, cap * sizeof *p);
		if (!p)
			return NULL;
		pool = p;
		cappool = cap;
	}
	return (pool[npool++] = strdup(s));
}

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	return array_grow(v, cap, n, size, 64);
}

/* Splits line into at most max tab-separated columns; returns how many. */
static size_t split(char *line, char **cols, size_t max)
{
	size_t n = 0;
	cols[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			cols[n++] = p + 1;
		}
	return n;
}

struct loader {
	struct lexicon *lex;
	const char *path;
	size_t cap;
	size_t cap2;
	size_t cap3, cap4, cap5, cap6;
};

static int bad(struct loader *l, unsigned long line, const char *what)
{
	msg_format_at(l->lex->err, sizeof l->lex->err, l->path, line, "%s", what);
	return -1;
}

static int cameo_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	(void)len;
	struct loader *l = ctx;
	char *c[6];
	if (split(line, c, 6) < 5)
		return bad(l, lineno, "expected 'code label root quad_class goldstein'");
	if (!strcmp(c[0], "code"))
		return 0;
	struct lexicon *x = l->lex;
	if (grow((void **)&x->cameo, &l->cap, x->ncameo + 1, sizeof *x->cameo) < 0)
		return bad(l, lineno, "out of memory");
	struct cameo_row *r = &x->cameo[x->ncameo++];
	memset(r, 0, sizeof *r);
	snprintf(r->code, sizeof r->code, "%s", c[0]);
	snprintf(r->root, sizeof r->root, "%s", c[2]);
	r->label = keep(c[1]);
	r->quad = atoi(c[3]);
	r->goldstein = atof(c[4]);
	return r->label ? 0 : bad(l, lineno, "out of memory");
}

/* Statements are said (01x); declining to comment (011), considering a policy (014) and a
 * symbolic act (017) are acts of their own, not statements whose content another event of the
 * sentence would be, nor made whatever that content says will be. */
bool statement_code(const char *code)
{
	return !strncmp(code, "01", 2) && strncmp(code, "011", 3) && strncmp(code, "014", 3) &&
	       strncmp(code, "017", 3);
}

int cameo_find(const struct lexicon *lex, const char *code)
{
	for (size_t i = 0; i < lex->ncameo; i++)
		if (!strcmp(lex->cameo[i].code, code))
			return (int)i;
	return -1;
}

static int plover_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	(void)len;
	struct loader *l = ctx;
	char *c[5];
	if (split(line, c, 5) < 2)
		return bad(l, lineno, "expected 'code plover mode context basis'");
	int i = cameo_find(l->lex, c[0]);
	if (i >= 0 && !(l->lex->cameo[i].plover = keep(c[1])))
		return bad(l, lineno, "out of memory");
	return 0;
}

const char *plover_of(const struct lexicon *lex, int cameo)
{
	if (cameo < 0)
		return "";
	if (lex->plover_memo && lex->plover_memo[cameo])
		return lex->plover_memo[cameo];
	const char *code = lex->cameo[cameo].code, *found = "";
	char cut[8];
	for (size_t n = strlen(code); n >= 2; n--) {
		snprintf(cut, sizeof cut, "%.*s", (int)n, code);
		int i = cameo_find(lex, cut);
		if (i >= 0 && lex->cameo[i].plover) {
			found = lex->cameo[i].plover;
			break;
		}
	}
	if (lex->plover_memo)
		lex->plover_memo[cameo] = found;
	return found;
}

static int add_pair(struct loader *l, struct name_code **v, size_t *n, size_t *cap, const char *a,
		    const char *b, unsigned long lineno)
{
	if (grow((void **)v, cap, *n + 1, sizeof **v) < 0)
		return bad(l, lineno, "out of memory");
	(*v)[*n].name = keep(a);
	(*v)[*n].code = keep(b);
	if (!(*v)[*n].name || !(*v)[*n].code)
		return bad(l, lineno, "out of memory");
	(*n)++;
	return 0;
}

static int actor_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	(void)len;
	struct loader *l = ctx;
	struct lexicon *x = l->lex;
	char *c[5];
	size_t n = split(line, c, 5);
	if (n < 3)
		return bad(l, lineno, "expected 'kind name code note'");
	if (!strcmp(c[0], "word"))
		return add_pair(l, &x->words, &x->nwords, &l->cap2, c[1], c[2], lineno);
	if (!strcmp(c[0], "former")) {
		if (n < 4 || strncmp(c[3], "until ", 6) || strlen(c[3]) != 16)
			return bad(l, lineno, "expected 'former NAME CODE until YYYY-MM-DD'");
		if (grow((void **)&x->formers, &l->cap3, x->nformers + 1, sizeof *x->formers) < 0)
			return bad(l, lineno, "out of memory");
		struct former_row *f = &x->formers[x->nformers++];
		f->name = keep(c[1]);
		f->code = keep(c[2]);
		memcpy(f->until, c[3] + 6, 10);
		f->until[10] = '\0';
		return f->name && f->code ? 0 : bad(l, lineno, "out of memory");
	}
	if (!strcmp(c[0], "country") &&
	    (add_pair(l, &x->countries, &x->ncountries, &l->cap5, c[1], c[2], lineno) < 0 ||
	     add_pair(l, &x->country_names, &x->ncountry_names, &l->cap6, c[2], c[1], lineno) < 0))
		return -1;
	if (!strcmp(c[0], "place") && add_pair(l, &x->places, &x->nplaces, &l->cap4, c[1], c[2], lineno) < 0)
		return -1;
	if (!strcmp(c[0], "country") || !strcmp(c[0], "org") || !strcmp(c[0], "place") ||
	    !strcmp(c[0], "region"))
		return add_pair(l, &x->actors, &x->nactors, &l->cap, c[1], c[2], lineno);
	return 0;
}

/* Name -> first row, for the tables looked up per actor (a linear strcmp scan of the 600 actor
 * codes was a twentieth of the time): built when the data is loaded, open addressing. */
struct name_index {
	const void *rows;   /* the table's first row: which table it is */
	size_t nrows;
	uint32_t *slot;     /* row + 1, 0: empty */
	uint32_t *next;     /* row -> the next row of the same name + 1, in order */
	size_t mask;
};
static struct name_index indices[10];
static size_t nindices;

static uint64_t name_hash(const char *s)
{
	return hash64(s, strlen(s), 0x6e616d6573ULL);
}

/* Indexes the names of n rows of size bytes whose name is the const char * at their start. */
static int index_names(const void *rows, size_t n, size_t size)
{
	if (nindices == sizeof indices / sizeof *indices || n >= UINT32_MAX / 2)
		return 0; /* the linear scan stays */
	struct name_index *x = &indices[nindices];
	size_t slots = 16;
	while (slots < 2 * n)
		slots *= 2;
	x->slot = calloc(slots, sizeof *x->slot);
	x->next = calloc(n ? n : 1, sizeof *x->next);
	if (!x->slot || !x->next) {
		free(x->slot);
		free(x->next);
		return -1;
	}
	x->rows = rows;
	x->nrows = n;
	x->mask = slots - 1;
	uint32_t *last = calloc(slots, sizeof *last); /* the last row of each slot's name */
	if (!last) {
		free(x->slot);
		free(x->next);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = *(const char *const *)((const char *)rows + i * size);
		size_t s = (size_t)(name_hash(name) & x->mask);
		while (x->slot[s] && strcmp(*(const char *const *)((const char *)rows + (x->slot[s] - 1) * size), name))
			s = (s + 1) & x->mask;
		if (!x->slot[s])
			x->slot[s] = (uint32_t)i + 1;
		else
			x->next[last[s] - 1] = (uint32_t)i + 1;
		last[s] = (uint32_t)i + 1;
	}
	free(last);
	nindices++;
	return 0;
}

/* The index of the table at rows (n rows), or NULL. */
static const struct name_index *index_of(const void *rows, size_t n)
{
	for (size_t k = 0; k < nindices; k++)
		if (indices[k].rows == rows && indices[k].nrows == n)
			return &indices[k];
	return NULL;
}

/* The first row named name + 1 of an indexed table, 0 when none. */
static uint32_t index_first(const struct name_index *x, const void *rows, size_t size, const char *name)
{
	size_t s = (size_t)(name_hash(name) & x->mask);
	for (; x->slot[s]; s = (s + 1) & x->mask)
		if (!strcmp(*(const char *const *)((const char *)rows + (x->slot[s] - 1) * size), name))
			return x->slot[s];
	return 0;
}

static const char *lookup(const struct name_code *v, size_t n, const char *name)
{
	const struct name_index *x = index_of(v, n);
	if (x) {
		uint32_t r = index_first(x, v, sizeof *v, name);
		return r ? v[r - 1].code : NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return v[i].code;
	return NULL;
}

/* countries.tsv and groups.tsv: type name aliases role of */
static int country_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	(void)len;
	struct loader *l = ctx;
	struct lexicon *x = l->lex;
	char *c[8];
	if (split(line, c, 8) < 5 || !strcmp(c[0], "type") || !*c[4])
		return 0;
	if (!strcmp(c[0], "NORP"))
		return add_pair(l, &x->groups, &x->ngroups, &l->cap2, c[1], c[4], lineno);
	const char *iso3 = lookup(x->actors, x->nactors, c[1]);
	if (!iso3 || lookup(x->iso2, x->niso2, c[4]))
		return 0;
	return add_pair(l, &x->iso2, &x->niso2, &l->cap, c[4], iso3, lineno);
}

/* speech.tsv: code cue */
static int speech_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	(void)len;
	struct loader *l = ctx;
	struct lexicon *x = l->lex;
	char *c[3];
	if (split(line, c, 3) < 2 || !*c[1])
		return bad(l, lineno, "expected 'code cue'");
	if (!strcmp(c[0], "code"))
		return 0;
	if (cameo_find(x, c[0]) < 0)
		return bad(l, lineno, "unknown CAMEO code");
	for (char *p = c[1]; *p; p++)
		*p = (char)tolower((unsigned char)*p); /* matched on the lower-cased sentence */
	return add_pair(l, &x->cues, &x->ncues, &l->cap, c[1], c[0], lineno);
}

/* organisations.tsv: the news outlets, whose "said" is a source, not a statement */
static int outlet_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	(void)len;
	struct loader *l = ctx;
	struct lexicon *x = l->lex;
	char *c[8];
	if (split(line, c, 8) < 4 || strcmp(c[0], "ORG") || (strcmp(c[3], "news") && strcmp(c[3], "news agency")))
		return 0;
	return add_pair(l, &x->outlets, &x->noutlets, &l->cap, c[1], "news", lineno);
}

bool is_outlet(const struct lexicon *lex, const char *canon)
{
	return lookup(lex->outlets, lex->noutlets, canon) != NULL;
}

static int people_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	(void)len;
	struct loader *l = ctx;
	struct lexicon *x = l->lex;
	char *c[8];
	size_t n = split(line, c, 8);
	if (n < 5 || strcmp(c[0], "PER"))
		return 0;
	if (grow((void **)&x->people, &l->cap, x->npeople + 1, sizeof *x->people) < 0)
		return bad(l, lineno, "out of memory");
	struct person_row *p = &x->people[x->npeople++];
	memset(p, 0, sizeof *p);
	p->name = keep(c[1]);
	p->role = keep(c[3]);
	p->of = keep(c[4]);
	if (n > 5)
		snprintf(p->from, sizeof p->from, "%s", c[5]);
	if (n > 6)
		snprintf(p->to, sizeof p->to, "%s", c[6]);
	return p->name && p->role && p->of ? 0 : bad(l, lineno, "out of memory");
}

static bool in_force(const struct person_row *p, const char *date)
{
	if (!date || !*date)
		return !*p->to;
	return (!*p->from || strncmp(p->from, date, 10) <= 0) && (!*p->to || strncmp(date, p->to, 10) < 0);
}

const char *iso3_of(const struct lexicon *lex, const char *iso2)
{
	return lookup(lex->iso2, lex->niso2, iso2);
}

const char *group_country(const struct lexicon *lex, const char *canon)
{
	return lookup(lex->groups, lex->ngroups, canon);
}

const char *country_code(const struct lexicon *lex, const char *name)
{
	return lookup(lex->countries, lex->ncountries, name);
}

const char *country_named(const struct lexicon *lex, const char *canon, int type, const char *date)
{
	const char *iso3 = NULL;
	if (type == MT_NORP) {
		const char *iso2 = group_country(lex, canon);
		iso3 = iso2 ? iso3_of(lex, iso2) : NULL;
	} else if (type == MT_LOC) {
		iso3 = lookup(lex->places, lex->nplaces, canon);
	}
	if (!iso3)
		return NULL;
	for (size_t i = 0; date && strlen(date) >= 10 && i < lex->nformers; i++)
		if (!strcmp(lex->formers[i].code, iso3) && strncmp(date, lex->formers[i].until, 10) < 0)
			return lex->formers[i].name;
	return lookup(lex->country_names, lex->ncountry_names, iso3);
}

const char *role_type(const struct lexicon *lex, const char *word, size_t n)
{
	/* the first letter first (either case, the C locale's; of no word, the NUL of an empty
	 * name): most words fail there, before a strlen() and a strncasecmp() each */
	int c = n ? tolower((unsigned char)word[0]) : 0;
	for (size_t i = 0; i < lex->nwords; i++)
		if (tolower((unsigned char)lex->words[i].name[0]) == c && strlen(lex->words[i].name) == n &&
		    !strncasecmp(lex->words[i].name, word, n))
			return lex->words[i].code;
	return NULL;
}

const char *person_in_role(const struct lexicon *lex, const char *iso2, const char *role,
			   const char *date)
{
	for (size_t i = 0; i < lex->npeople; i++) {
		const struct person_row *p = &lex->people[i];
		if (!strcmp(p->of, iso2) && !strcmp(p->role, role) && in_force(p, date))
			return p->name;
	}
	return NULL;
}

static const char *body_code(const char *of)
{
	if (!strcmp(of, "UN"))
		return "IGOUNO";
	if (!strcmp(of, "NATO"))
		return "IGOWSTNAT";
	if (!strcmp(of, "EU"))
		return "IGOEUREEC";
	return NULL;
}

const char *actor_code_of(const struct lexicon *lex, int type, const char *canon, const char *date,
			  char out[16])
{
	const char *c;
	if (type == MT_PER) {
		/* the last row of that name in force on date, else the first */
		const struct person_row *best = NULL;
		const struct name_index *x = index_of(lex->people, lex->npeople);
		if (x) {
			for (uint32_t r = index_first(x, lex->people, sizeof *lex->people, canon); r; r = x->next[r - 1])
				if (!best || in_force(&lex->people[r - 1], date))
					best = &lex->people[r - 1];
		} else {
			for (size_t i = 0; i < lex->npeople; i++)
				if (!strcmp(lex->people[i].name, canon) &&
				    (!best || in_force(&lex->people[i], date)))
					best = &lex->people[i];
		}
		if (!best)
			return NULL;
		if ((c = body_code(best->of)))
			return c;
		if (!(c = iso3_of(lex, best->of)))
			return NULL;
		snprintf(out, 16, "%sGOV", c);
		return out;
	}
	if (type == MT_NORP) {
		const char *iso2 = group_country(lex, canon);
		return iso2 ? iso3_of(lex, iso2) : NULL;
	}
	return lookup(lex->actors, lex->nactors, canon);
}

/* The cues by their first letter, so that a sentence is read once, word by word. */
int speech_index(struct lexicon *x)
{
	free(x->cue_order);
	free(x->cue_len);
	x->cue_order = malloc((x->ncues ? x->ncues : 1) * sizeof *x->cue_order);
	x->cue_len = malloc((x->ncues ? x->ncues : 1) * sizeof *x->cue_len);
	if (!x->cue_order || !x->cue_len)
		return -1;
	for (size_t i = 0; i < x->ncues; i++)
		x->cue_len[i] = strlen(x->cues[i].name);
	size_t n = 0;
	for (int c = 'a'; c <= 'z'; c++) {
		x->cue_letter[c - 'a'] = n;
		for (size_t i = 0; i < x->ncues; i++)
			if (x->cues[i].name[0] == c)
				x->cue_order[n++] = i;
	}
	x->cue_letter[26] = n;
	return 0;
}


/* ---- the gates of set 0 */

void gate_lookup(const struct lexicon *lex, uint64_t k, void (*each)(void *, uint32_t), void *ctx)
{
	if (!lex->gate_slots || !(lex->gate_bloom[k >> 58 << 4 | (k >> 48 & 15)] >> (k >> 42 & 63) & 1))
		return;
	size_t s = (size_t)k & (lex->gate_slots - 1);
	while (lex->gate_key[s] && lex->gate_key[s] != k)
		s = (s + 1) & (lex->gate_slots - 1);
	if (!lex->gate_key[s])
		return;
	for (uint32_t e = lex->gate_head[s]; e; e = lex->gate_next[e - 1])
		each(ctx, lex->gate_pat[e - 1]);
}

/* ---- patterns */



struct pattern_ctx {
	struct lexicon *lex;
	int set;
};

/* The columns of a pattern line: the CAMEO code, "=" (adds to an event) or ATTR (the source
 * of reported speech). */
static int pattern_fields(void *ctx, size_t index, char **cols, size_t ncols, char *err, size_t errsize)
{
	(void)ncols;
	struct pattern_ctx *pc = ctx;
	struct lexicon *x = pc->lex;
	int set = pc->set;
	if (grow((void **)&x->info[set], &x->capinfo[set], index + 1, sizeof *x->info[set]) < 0) {
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	struct pattern_info *pi = &x->info[set][index];
	memset(pi, 0, sizeof *pi);
	char *code = cols[0];
	char *flags = strchr(code, ':');
	if (flags)
		*flags++ = '\0';
	pi->cameo = -1;
	if (!strcmp(code, "ATTR")) {
		pi->kind = PK_ATTR;
	} else if (!strcmp(code, "=")) {
		pi->kind = PK_MODIFY;
	} else if ((pi->cameo = cameo_find(x, code)) < 0) {
		snprintf(err, errsize, "unknown CAMEO code '%s' (see data/cameo.tsv)", code);
		return -1;
	} else {
		pi->kind = statement_code(code) ? PK_SAY : PK_EVENT;
	}
	pi->score = set == 1 ? 1000 : 0;
	for (; flags && *flags; flags++) {
		if (*flags == 's')
			pi->symmetric = true;
		else if (*flags == 'g')
			pi->anchored = true;
		else if (set == 0 && strchr("cCaA", *flags))
			pi->lead = *flags == 'c' || *flags == 'C' ? LEAD_COORD : LEAD_ACT,
			pi->lead_a2 = *flags == 'C' || *flags == 'A';
		else if (isdigit((unsigned char)*flags))
			pi->score += 100 * (*flags - '0');
	}
	x->ninfo[set] = index + 1;
	return 0;
}

static int load_set(struct lexicon *x, int set, const char *path)
{
	char err[sizeof x->err];
	if (rx_load(x->set[set], path, err, sizeof err) < 0) {
		snprintf(x->err, sizeof x->err, "%s", err);
		return -1;
	}
	return 0;
}

int lexicon_load(struct lexicon *x, const char *const *user, size_t nuser)
{
	static const char *files[] = {"cameo.tsv", "plover.tsv", "actor-codes.tsv",
				      "tag-entities/countries.tsv", "tag-entities/groups.tsv",
				      "tag-entities/people.tsv", "tag-entities/organisations.tsv",
				      "extract-events/speech.tsv"};
	data_line_fn fns[] = {cameo_line, plover_line, actor_line, country_line, country_line,
			      people_line, outlet_line, speech_line};
	char path[4096];
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		struct loader l = {.lex = x, .path = path};
		if (data_path(files[i], path, sizeof path) < 0) {
			snprintf(x->err, sizeof x->err, "%.900s: cannot open: no such file", path);
			return -1;
		}
		if (data_lines(path, fns[i], &l, x->err, sizeof x->err) != 0)
			return -1;
	}
	if (!(x->plover_memo = calloc(x->ncameo ? x->ncameo : 1, sizeof *x->plover_memo))) {
		snprintf(x->err, sizeof x->err, "out of memory");
		return -1;
	}
	static struct pattern_ctx pc[2];
	for (int s = 0; s < 2; s++) {
		pc[s] = (struct pattern_ctx){x, s};
		/* set 0: 680 patterns, of which an input wakes most, but most of them for a few dozen
		 * searches: each is compiled to machine code after 64; set 1's few run often */
		struct rx_config cfg = {.ncols = 1, .fields = pattern_fields, .ctx = &pc[s],
					.shape = "CODE<TAB>gate<TAB>pattern", .jit_after = s == 0 ? 64 : 0,
					/* 4 MB of machine code (of 17 MB for all those 20 MB of news
					 * make due): the resident size stays flat, and the run is 7%
					 * faster for the compiling it spares */
					.jit_budget = s == 0 ? (size_t)4 << 20 : 0,
					/* set 0 is searched around its gate words (windows.c) */
					.windows = s == 0};
		if (!(x->set[s] = rx_new(&cfg))) {
			snprintf(x->err, sizeof x->err, "out of memory");
			return -1;
		}
		if (data_path("extract-events/slots.tsv", path, sizeof path) < 0) {
			snprintf(x->err, sizeof x->err, "%.900s: cannot open: no such file", path);
			return -1;
		}
		if (load_set(x, s, path) < 0)
			return -1;
	}
	if (speech_index(x) < 0) {
		snprintf(x->err, sizeof x->err, "out of memory");
		return -1;
	}
	if (compile_lexicon(x) < 0)
		return -1;
	if (data_path("extract-events/events.en.tsv", path, sizeof path) < 0) {
		snprintf(x->err, sizeof x->err, "%.900s: cannot open: no such file", path);
		return -1;
	}
	/* the hand patterns that begin with an actor start only where one may (sentence.c) */
	static const char *const actor_first[] = {"(?<a1>{{ACT}})", "(?<a1>{{COORD}})", "(?<a1>(?&coord))",
						  "(?<a1>(?&act))", "(?<a2>{{ACT}})", "(?<a2>{{COORD}})",
						  "(?<a2>(?&coord))", "(?<a2>(?&act))", NULL};
	rx_mark_starts(x->set[1], actor_first);
	int rc = load_set(x, 1, path);
	rx_mark_starts(x->set[1], NULL); /* the user's patterns: everywhere */
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < nuser; i++)
		if (load_set(x, 1, user[i]) < 0)
			return -1;
	/* the tables are complete: index their names */
	if (index_names(x->actors, x->nactors, sizeof *x->actors) < 0 ||
	    index_names(x->iso2, x->niso2, sizeof *x->iso2) < 0 ||
	    index_names(x->groups, x->ngroups, sizeof *x->groups) < 0 ||
	    index_names(x->people, x->npeople, sizeof *x->people) < 0 ||
	    index_names(x->places, x->nplaces, sizeof *x->places) < 0 ||
	    index_names(x->countries, x->ncountries, sizeof *x->countries) < 0 ||
	    index_names(x->country_names, x->ncountry_names, sizeof *x->country_names) < 0 ||
	    index_names(x->outlets, x->noutlets, sizeof *x->outlets) < 0) {
		snprintf(x->err, sizeof x->err, "out of memory");
		return -1;
	}
	return 0;
}

void lexicon_free(struct lexicon *x)
{
	for (int s = 0; s < 2; s++) {
		if (x->set[s])
			rx_free(x->set[s]);
		free(x->info[s]);
	}
	free(x->cameo);
	free(x->plover_memo);
	free(x->people);
	free(x->actors);
	free(x->words);
	free(x->iso2);
	free(x->groups);
	free(x->countries);
	free(x->places);
	free(x->country_names);
	free(x->formers);
	free(x->cues);
	free(x->cue_order);
	free(x->cue_len);
	free(x->outlets);
	free(x->gate_key);
	free(x->gate_head);
	free(x->gate_next);
	free(x->gate_pat);
	free(x->verbs_line);
	free(x->need);
	free(x->need_at);
	free(x->min_actors);
	for (size_t k = 0; k < nindices; k++) {
		free(indices[k].slot);
		free(indices[k].next);
	}
	nindices = 0;
	for (size_t i = 0; i < npool; i++)
		free(pool[i]);
	free(pool);
	pool = NULL;
	npool = cappool = 0;
	memset(x, 0, sizeof *x);
}
