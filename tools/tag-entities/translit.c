/* Names in other scripts and in other transliterations (translit.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "data.h"
#include "err.h"
#include "translit.h"

static const char *const scheme_files[] = {"uk", "ru"};

/* Decodes one code point of s[0..n) into *cp; returns its bytes (1 for a byte that is not
 * UTF-8, as itself). */
static size_t next_cp(const char *s, size_t n, uint32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
	if (k <= 0) {
		*cp = (unsigned char)s[0];
		return 1;
	}
	*cp = (uint32_t)c;
	return (size_t)k;
}

static bool is_cyrillic(uint32_t cp)
{
	return cp >= 0x400 && cp <= 0x4FF;
}

/* ---- the schemes ---------------------------------------------------------------------- */

struct load_ctx {
	struct translit_scheme *s;
	const char *path;
	char *err;
	size_t errsize;
	bool header;
};

/* One code point of field f, lower case, into *cp; false when f is not one code point. */
static bool one_cp(const char *f, size_t n, uint32_t *cp, uint32_t *second)
{
	size_t k = next_cp(f, n, cp);
	*cp = (uint32_t)utf8proc_tolower((utf8proc_int32_t)*cp);
	*second = 0;
	if (k < n) {
		size_t k2 = next_cp(f + k, n - k, second);
		if (k + k2 != n)
			return false;
	}
	/* a Cyrillic letter, or a mark such as the apostrophe: not a Latin letter or digit */
	return n > 0 && *cp != '\t' && !((*cp >= 'a' && *cp <= 'z') || (*cp >= '0' && *cp <= '9'));
}

static bool ascii_lower(const char *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (f[i] < 'a' || f[i] > 'z')
			return false;
	return true;
}

static int scheme_line(void *vctx, char *line, size_t len, unsigned long lineno)
{
	struct load_ctx *c = vctx;
	(void)len;
	if (!c->header) {
		if (strncmp(line, "cyrillic\tlatin", 14)) {
			msg_format_at(c->err, c->errsize, c->path, lineno, "expected the header 'cyrillic latin initial after'");
			return -1;
		}
		c->header = true;
		return 0;
	}
	char *field[4] = {line, "", "", ""};
	size_t nf = 1;
	for (char *p = line; *p && nf < 4; p++)
		if (*p == '\t') {
			*p = '\0';
			field[nf++] = p + 1;
		}
	struct translit_scheme *s = c->s;
	struct translit_letter l = {0};
	const char *bad = NULL;
	if (nf < 2 || !one_cp(field[0], strlen(field[0]), &l.cp, &l.cp2))
		bad = "the first field must be one letter or a pair of letters, then a tab";
	else if (strlen(field[1]) >= sizeof l.latin || !ascii_lower(field[1], strlen(field[1])) ||
		 strlen(field[2]) >= sizeof l.initial || !ascii_lower(field[2], strlen(field[2])))
		bad = "latin and initial must be at most 7 letters a-z";
	else if (strchr(field[3], '\t'))
		bad = "at most 4 fields";
	if (bad) {
		msg_format_at(c->err, c->errsize, c->path, lineno, "%s", bad);
		return -1;
	}
	if (l.cp2)
		l.cp2 = (uint32_t)utf8proc_tolower((utf8proc_int32_t)l.cp2);
	strcpy(l.latin, field[1]);
	strcpy(l.initial, field[2][0] ? field[2] : field[1]);
	for (size_t i = 0, n = strlen(field[3]); i < n;) {
		if (l.nafter == sizeof l.after / sizeof *l.after) {
			msg_format_at(c->err, c->errsize, c->path, lineno, "at most 16 letters in after");
			return -1;
		}
		uint32_t cp;
		i += next_cp(field[3] + i, n - i, &cp);
		l.after[l.nafter++] = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
	}
	if (s->n >= 1000) {
		msg_format_at(c->err, c->errsize, c->path, lineno, "at most 1000 letters in a scheme");
		return -1;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct translit_letter *v = realloc(s->letters, cap * sizeof *v);
		if (!v) {
			msg_format_at(c->err, c->errsize, c->path, lineno, "out of memory");
			return -1;
		}
		s->letters = v;
		s->cap = cap;
	}
	s->letters[s->n++] = l;
	return 0;
}

/* Sorts each code point's letters pairs first, so that "зг" is tried before "з". */
static int letter_order(const void *a, const void *b)
{
	const struct translit_letter *x = a, *y = b;
	if (x->cp != y->cp)
		return x->cp < y->cp ? -1 : 1;
	return (y->cp2 != 0) - (x->cp2 != 0);
}

static int scheme_load(struct translit_scheme *s, const char *name, char *err, size_t errsize)
{
	char file[64], path[4096];
	snprintf(file, sizeof file, "tag-entities/translit-%s.tsv", name);
	if (data_path(file, path, sizeof path) < 0) {
		snprintf(err, errsize, "cannot find the data file '%s'", path);
		return -1;
	}
	snprintf(s->name, sizeof s->name, "%s", name);
	struct load_ctx c = {.s = s, .path = path, .err = err, .errsize = errsize};
	if (data_lines(path, scheme_line, &c, err, errsize) != 0)
		return -1;
	qsort(s->letters, s->n, sizeof *s->letters, letter_order);
	for (size_t i = s->n; i-- > 0;)
		if (is_cyrillic(s->letters[i].cp))
			s->first[s->letters[i].cp - 0x400] = (uint16_t)(i + 1);
	return 0;
}

/* The letter of s for the text at p[0..n) whose first code point is cp (lower case); *used is
 * the bytes it takes. NULL when the scheme has no such letter. */
static const struct translit_letter *letter_at(const struct translit_scheme *s, uint32_t cp,
					       const char *p, size_t n, size_t *used)
{
	size_t i = 0;
	if (is_cyrillic(cp)) {
		if (!s->first[cp - 0x400])
			return NULL;
		i = s->first[cp - 0x400] - 1u;
	} else {
		/* marks such as the apostrophe: few, and the letters are sorted */
		while (i < s->n && s->letters[i].cp < cp)
			i++;
	}
	uint32_t first;
	size_t k = next_cp(p, n, &first);
	for (; i < s->n && s->letters[i].cp == cp; i++) {
		const struct translit_letter *l = &s->letters[i];
		*used = k;
		if (!l->cp2)
			return l;
		if (k < n) {
			uint32_t c2;
			size_t k2 = next_cp(p + k, n - k, &c2);
			if ((uint32_t)utf8proc_tolower((utf8proc_int32_t)c2) == l->cp2) {
				*used = k + k2;
				return l;
			}
		}
	}
	return NULL;
}

/* Writes s[0..n) in the Latin letters of scheme sc into out, blanks as one space. Returns 0, 1
 * when the scheme lacks one of its Cyrillic letters, or -1 when out of memory. */
static int transliterate(const struct translit_scheme *sc, const char *s, size_t n, struct buf *out)
{
	buf_clear(out);
	uint32_t prev = 0; /* the code point before, lower case; 0 at a word's start */
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = next_cp(s + i, n - i, &cp);
		uint32_t lower = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
		size_t used;
		const struct translit_letter *l = letter_at(sc, lower, s + i, n - i, &used);
		if (l) {
			bool initial = !prev;
			for (size_t a = 0; a < l->nafter && !initial; a++)
				initial = l->after[a] == prev;
			const char *w = initial ? l->initial : l->latin;
			if (buf_append(out, w, strlen(w)) < 0)
				return -1;
			prev = lower;
			i += used;
			continue;
		}
		if (is_cyrillic(lower))
			return 1;
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
			if (out->len && out->p[out->len - 1] != ' ' && buf_putc(out, ' ') < 0)
				return -1;
		} else if (buf_append(out, s + i, k) < 0) {
			return -1;
		}
		utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
		prev = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO ? lower : 0;
		i += k;
	}
	if (!out->p && buf_reserve(out, 1) < 0)
		return -1;
	return 0;
}

/* ---- the folded key -------------------------------------------------------------------- */

static bool is_letter(char c)
{
	return c >= 'a' && c <= 'z';
}

/* Appends c to out, as the folded key writes letters: a doubled letter is one, "ie" is "e". */
static int key_putc(struct buf *out, char c)
{
	char last = out->len ? out->p[out->len - 1] : ' ';
	if (is_letter(c) && c == last)
		return 0;
	if (c == 'e' && last == 'i')
		out->len--;
	return buf_putc(out, c);
}

int translit_fold(const char *s, size_t n, struct buf *out)
{
	buf_clear(out);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		size_t rest = n - i;
		int rc = 0;
		if (c == '\'')
			continue; /* the soft sign, written or not: "Ilyich", "Il'ich" */
		if (!i || s[i - 1] == ' ' || s[i - 1] == '-') {
			/* a roman numeral is a number, not letters: "Charles I" is not "Charles III" */
			size_t e = i;
			while (e < n && s[e] && strchr("ivxlcdm", s[e]))
				e++;
			if (e > i && (e == n || s[e] == ' ' || s[e] == '-')) {
				if (buf_append(out, s + i, e - i) < 0)
					return -1;
				i = e - 1;
				continue;
			}
		}
		if (rest >= 4 && !memcmp(s + i, "shch", 4)) {
			rc = buf_append(out, "shch", 4);
			i += 3;
		} else if (rest >= 3 && !memcmp(s + i, "dzh", 3)) {
			rc = key_putc(out, 'j'); /* "Dzhokhar", "Jokhar" */
			i += 2;
		} else if (rest >= 3 && !memcmp(s + i, "tch", 3)) {
			rc = buf_append(out, "ch", 2); /* "Tchaikovsky"; "shtch" is "shch" so */
			i += 2;
		} else if (rest >= 2 && c == 'k' && s[i + 1] == 'h') {
			rc = key_putc(out, 'h'); /* Ukrainian г and х: "Kharkiv", "Harkiv" */
			i++;
		} else if (rest >= 2 && c == 't' && s[i + 1] == 'z') {
			rc = buf_append(out, "ts", 2); /* "Tsipras", the German "tz" */
			i++;
		} else if (c == 'x') {
			rc = buf_append(out, "ks", 2); /* "Aleksei", "Alexei" */
		} else if (c == 'w') {
			rc = key_putc(out, 'v'); /* "Wladimir" */
		} else if (c == 'y') {
			rc = key_putc(out, 'i'); /* "Volodymyr", "Volodimir"; "-yy", "-iy", "-yi" */
		} else if (c == 'j' && out->len && strchr("aeiou", out->p[out->len - 1]) &&
			   (rest == 1 || !is_letter(s[i + 1]))) {
			rc = key_putc(out, 'i'); /* й at a word's end: "Zelenskij", "Sergej", "Nikolaj" */
		} else {
			rc = key_putc(out, c);
		}
		if (rc < 0)
			return -1;
	}
	if (!out->p && buf_reserve(out, 1) < 0)
		return -1;
	return 0;
}

/* ---- the aliases by folded key ---------------------------------------------------------- */

static int index_aliases(struct translit *t, const struct gazetteer *g)
{
	size_t count = 0;
	for (size_t i = 0; i < g->nslots; i++)
		count += g->slots[i].folded && g->slots[i].first != UINT32_MAX;
	size_t cap = 64;
	while (cap < count * 2)
		cap *= 2;
	t->keys = calloc(cap, sizeof *t->keys);
	t->aliases = calloc(cap, sizeof *t->aliases);
	if (!t->keys || !t->aliases)
		return -1;
	t->nslots = cap;
	for (size_t i = 0; i < g->nslots; i++) {
		const struct alias *a = &g->slots[i];
		if (!a->folded || a->first == UINT32_MAX)
			continue;
		if (translit_fold(a->folded, a->flen, &t->key) < 0)
			return -1;
		uint64_t key = gaz_key(t->key.p, t->key.len) | 1; /* 0 marks an empty slot */
		size_t s = (size_t)key & (cap - 1);
		while (t->keys[s])
			s = (s + 1) & (cap - 1);
		t->keys[s] = key;
		t->aliases[s] = a;
	}
	return 0;
}

int translit_load(struct translit *t, const struct gazetteer *gz, char *err, size_t errsize)
{
	memset(t, 0, sizeof *t);
	t->gz = gz;
	for (size_t i = 0; i < sizeof scheme_files / sizeof *scheme_files; i++)
		if (scheme_load(&t->schemes[t->nschemes++], scheme_files[i], err, errsize) < 0)
			return -1;
	if (index_aliases(t, gz) < 0) {
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	return 0;
}

void translit_free(struct translit *t)
{
	for (size_t i = 0; i < t->nschemes; i++)
		free(t->schemes[i].letters);
	free(t->keys);
	free(t->aliases);
	buf_free(&t->latin);
	buf_free(&t->folded);
	buf_free(&t->key);
	buf_free(&t->other);
	memset(t, 0, sizeof *t);
}

static size_t add_alias(const struct alias **out, size_t n, size_t max, const struct alias *a)
{
	for (size_t i = 0; i < n; i++)
		if (out[i] == a)
			return n;
	if (n < max)
		out[n++] = a;
	return n;
}

/* The aliases whose folded key is the key of folded[0..flen), after out[0..n); returns n. */
static size_t by_key(struct translit *t, const char *folded, size_t flen, const struct alias **out,
		     size_t n, size_t max)
{
	if (translit_fold(folded, flen, &t->key) < 0)
		return n;
	uint64_t key = gaz_key(t->key.p, t->key.len) | 1;
	for (size_t s = (size_t)key & (t->nslots - 1); t->keys[s]; s = (s + 1) & (t->nslots - 1)) {
		if (t->keys[s] != key)
			continue;
		/* the hashes agree: the keys must too */
		const struct alias *a = t->aliases[s];
		if (translit_fold(a->folded, a->flen, &t->other) < 0)
			return n;
		if (t->other.len == t->key.len && !memcmp(t->other.p, t->key.p, t->key.len))
			n = add_alias(out, n, max, a);
	}
	return n;
}

static bool has_cyrillic(const char *s, size_t n)
{
	/* U+0400..U+04FF are the lead bytes D0..D3 */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0xD0 && (unsigned char)s[i] <= 0xD3)
			return true;
	return false;
}

size_t translit_lookup(struct translit *t, const char *surface, size_t n, const char *folded,
		       size_t flen, int type, bool *other_script, const struct alias **out, size_t max)
{
	bool cyrillic = has_cyrillic(surface, n);
	if (other_script)
		*other_script = cyrillic;
	if (!t->nslots || n > 256)
		return 0;
	size_t found = 0;
	if (!cyrillic) {
		/* people only, by a given name and a surname at least: a name the model took for
		 * a body or a place is one, and a surname alone is too easily someone else's under
		 * the key ("Moody" would be "Modi") */
		if (folded && type == MT_PER && memchr(folded, ' ', flen))
			found = by_key(t, folded, flen, out, found, max);
		return found;
	}
	for (size_t s = 0; s < t->nschemes; s++) {
		if (transliterate(&t->schemes[s], surface, n, &t->latin) != 0)
			continue;
		buf_clear(&t->folded);
		fold_text(t->latin.p, t->latin.len, &t->folded);
		if (!t->folded.p)
			continue;
		const struct alias *a = gaz_exact(t->gz, t->folded.p, t->folded.len);
		if (a)
			found = add_alias(out, found, max, a);
		else if (t->folded.len >= 5)
			found = by_key(t, t->folded.p, t->folded.len, out, found, max);
	}
	return found;
}

/* ---- Cyrillic names the tagger missed ----------------------------------------------------- */

static bool capitalised_cyrillic(const struct tok *t)
{
	if (t->len < 4)
		return false; /* two letters at least */
	uint32_t cp;
	next_cp(t->s, t->len, &cp);
	return is_cyrillic(cp) && utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LU;
}

/* Whether an alias of aliases[0..n) is a person's; *listed: one with a role (the lists' people). */
static bool names_person(const struct gazetteer *g, const struct alias *const *aliases, size_t n,
			 bool *listed)
{
	bool person = false;
	*listed = false;
	for (size_t i = 0; i < n; i++)
		for (uint32_t k = aliases[i]->first; k != UINT32_MAX; k = g->nodes[k].next) {
			const struct entity *e = &g->ents[g->nodes[k].entity];
			if (e->type == ET_PER) {
				person = true;
				*listed |= e->role[0] != '\0';
			}
		}
	return person;
}

#define RUN_MAX 4 /* words of a name looked up */

/* Whether the Cyrillic tokens [a, b) are a person of the gazetteers; one word must be a
 * person of the lists, as add_known trusts one word. */
static bool person_at(struct translit *t, const char *text, const struct tok *toks, size_t a, size_t b)
{
	const struct alias *found[8];
	size_t start = (size_t)(toks[a].s - text), end = (size_t)(toks[b - 1].s + toks[b - 1].len - text);
	size_t n = translit_lookup(t, text + start, end - start, NULL, 0, MT_PER, NULL, found, 8);
	bool listed;
	return n && names_person(t->gz, found, n, &listed) && (b - a >= 2 || listed);
}

/* "Президент України Володимир Зеленський" taken for one name: a Cyrillic span that is no
 * known name as a whole but ends in a known person is that person (the words before are
 * titles, as in "President Volodymyr Zelensky"). */
static void trim_to_person(struct translit *t, const char *text, const struct tok *toks, size_t ntok,
			   struct mention *x)
{
	if (x->dead || x->part || x->type >= MT_DATE || x->tok1 > ntok || x->tok1 - x->tok0 < 3 ||
	    x->tok1 - x->tok0 > 3 * RUN_MAX || !capitalised_cyrillic(&toks[x->tok1 - 1]) ||
	    person_at(t, text, toks, x->tok0, x->tok1))
		return;
	size_t from = x->tok1 - x->tok0 > RUN_MAX ? x->tok1 - RUN_MAX : x->tok0 + 1;
	for (size_t a = from; a + 2 <= x->tok1; a++)
		if (capitalised_cyrillic(&toks[a]) && person_at(t, text, toks, a, x->tok1)) {
			x->tok0 = a;
			x->start = (size_t)(toks[a].s - text);
			x->type = MT_PER;
			return;
		}
}

int translit_add_runs(struct translit *t, struct buf *scratch, const char *text,
		      const struct tok *toks, size_t ntok, struct mentions *m)
{
	if (!t->nslots)
		return 0;
	bool any = false;
	for (size_t i = 0; i < ntok && !any; i++)
		any = capitalised_cyrillic(&toks[i]);
	if (!any)
		return 0;
	for (size_t k = 0; k < m->n; k++)
		trim_to_person(t, text, toks, ntok, &m->v[k]);
	buf_clear(scratch);
	if (buf_reserve(scratch, ntok) < 0)
		return -1;
	char *covered = scratch->p;
	memset(covered, 0, ntok);
	for (size_t k = 0; k < m->n; k++) {
		const struct mention *x = &m->v[k];
		if (!x->dead && x->tok1 > x->tok0 && x->tok1 <= ntok)
			memset(covered + x->tok0, 1, x->tok1 - x->tok0);
	}
	for (size_t i = 0; i < ntok;) {
		size_t j = i;
		/* the words of one name: capitalised, one blank between them */
		while (j < ntok && j - i < RUN_MAX && !covered[j] && capitalised_cyrillic(&toks[j]) &&
		       (j == i || toks[j].s == toks[j - 1].s + toks[j - 1].len + 1))
			j++;
		if (j == i) {
			i++;
			continue;
		}
		if (person_at(t, text, toks, i, j)) {
			struct mention *x = mention_add(m, MT_PER, (size_t)(toks[i].s - text),
							(size_t)(toks[j - 1].s + toks[j - 1].len - text));
			if (!x)
				return -1;
			x->tok0 = i;
			x->tok1 = j;
			x->from_gazetteer = true;
		}
		i = j;
	}
	return 0;
}
