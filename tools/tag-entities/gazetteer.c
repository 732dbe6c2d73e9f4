#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "data.h"
#include "err.h"
#include "gazetteer.h"
#include "hash.h"
#include "tokenize.h"
#include "utf8.h"

#define BLOOM_BITS (1u << 20)

uint64_t gaz_key(const char *folded, size_t len)
{
	uint64_t k = hash_mix64(hash_fnv1a(HASH_FNV_OFFSET, folded, len));
	return k ? k : 1;
}

/* Text that is not ASCII: NFKC, marks stripped, case folded (curly apostrophes straight, full
 * stops dropped). Returns false when utf8proc refuses it. */
static bool fold_unicode(const char *s, size_t n, struct buf *out)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
					  UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
	if (k < 0) {
		free(m);
		return false;
	}
	for (utf8proc_ssize_t i = 0; i < k; i++) {
		/* curly apostrophes are straight ones */
		if (i + 2 < k && m[i] == 0xE2 && m[i + 1] == 0x80 && (m[i + 2] == 0x98 || m[i + 2] == 0x99)) {
			buf_putc(out, '\'');
			i += 2;
		} else if (m[i] != '.') {
			buf_putc(out, (char)m[i]);
		}
	}
	free(m);
	return true;
}

void fold_text(const char *s, size_t n, struct buf *out)
{
	/* ASCII, the common case, in one pass into room made once; at the first other byte, what
	 * was written goes and utf8proc folds the whole */
	if (buf_reserve(out, n) < 0)
		return;
	size_t at = out->len;
	char *o = out->p + at;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			out->len = at;
			if (fold_unicode(s, n, out))
				return;
			/* refused: byte by byte, as ASCII */
			if (buf_reserve(out, n) < 0)
				return;
			o = out->p + out->len;
			for (size_t j = 0; j < n; j++) {
				unsigned char d = (unsigned char)s[j];
				if (d != '.')
					*o++ = (char)(d >= 'A' && d <= 'Z' ? d + 32 : d);
			}
			break;
		}
		if (c == '.')
			continue;
		*o++ = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	out->len = (size_t)(o - out->p);
	out->p[out->len] = '\0';
}

static int token_case(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	bool initial = false, lower = false;
	unsigned letters = 0;
	for (size_t i = 0; i < n && i < 32;) {
		/* a lower-case letter decides it: 0 first, else 1 (most tokens are words in lower
		 * case, told at their first byte) */
		if (lower)
			return initial ? 1 : 0;
		if (u[i] < 0x80) {
			if (u[i] >= 'A' && u[i] <= 'Z') {
				if (!letters)
					initial = true;
				letters++;
			} else if (u[i] >= 'a' && u[i] <= 'z') {
				lower = true;
				letters++;
			}
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			i++;
			continue;
		}
		if (utf8proc_isupper(cp)) {
			if (!letters)
				initial = true;
			letters++;
		} else if (utf8proc_islower(cp)) {
			lower = true;
			letters++;
		}
		i += (size_t)k;
	}
	if (initial && !lower && letters > 1)
		return 2;
	return initial ? 1 : 0;
}

int gaz_prepare(struct gaz_sent *gs, const struct tok *toks, size_t n)
{
	if (n > gs->cap) {
		size_t cap = n < 64 ? 64 : 2 * n;
		size_t *off = realloc(gs->off, cap * sizeof *off);
		if (!off)
			return -1;
		gs->off = off;
		size_t *len = realloc(gs->len, cap * sizeof *len);
		if (!len)
			return -1;
		gs->len = len;
		uint8_t *up = realloc(gs->upper, cap);
		if (!up)
			return -1;
		gs->upper = up;
		uint32_t *ml = realloc(gs->mlen, cap * sizeof *ml);
		if (!ml)
			return -1;
		gs->mlen = ml;
		const struct alias **ma = realloc(gs->malias, cap * sizeof *ma);
		if (!ma)
			return -1;
		gs->malias = ma;
		gs->cap = cap;
	}
	buf_clear(&gs->folded);
	/* tokens of full stops alone fold to nothing: the buffer is there all the same */
	if (!gs->folded.p && buf_reserve(&gs->folded, 1) < 0)
		return -1;
	gs->marked = false;
	for (size_t i = 0; i < n; i++) {
		gs->off[i] = gs->folded.len;
		/* a token longer than any name is never part of one */
		if (toks[i].len <= 256)
			fold_text(toks[i].s, toks[i].len, &gs->folded);
		else
			buf_putc(&gs->folded, '\x01');
		gs->len[i] = gs->folded.len - gs->off[i];
		gs->upper[i] = (uint8_t)token_case(toks[i].s, toks[i].len < 64 ? toks[i].len : 64);
	}
	gs->n = n;
	return 0;
}

void gaz_sent_free(struct gaz_sent *gs)
{
	buf_free(&gs->folded);
	free(gs->off);
	free(gs->len);
	free(gs->upper);
	free(gs->mlen);
	free(gs->malias);
	memset(gs, 0, sizeof *gs);
}

static struct alias *slot_find(const struct gazetteer *g, uint64_t key)
{
	if (!g->nslots)
		return NULL;
	size_t i = (size_t)key & (g->nslots - 1);
	while (g->slots[i].key) {
		if (g->slots[i].key == key)
			return &g->slots[i];
		i = (i + 1) & (g->nslots - 1);
	}
	return NULL;
}

size_t gaz_longest(const struct gazetteer *g, const struct gaz_sent *gs, size_t i,
		   const struct alias **slot)
{
	if (gs->marked) {
		*slot = gs->malias[i];
		return gs->mlen[i];
	}
	uint64_t h = HASH_FNV_OFFSET;
	size_t best = 0;
	for (size_t j = i; j < gs->n && j - i < g->maxlen; j++) {
		if (j > i)
			h = hash_fnv1a(h, " ", 1);
		h = hash_fnv1a(h, gs->folded.p + gs->off[j], gs->len[j]);
		uint64_t key = hash_mix64(h);
		if (!key)
			key = 1;
		if (g->bloom && !(g->bloom[(key >> 7) % BLOOM_BITS / 64] >> ((key >> 7) % 64) & 1))
			break;
		const struct alias *a = slot_find(g, key);
		if (!a)
			break;
		if (a->first == UINT32_MAX || a->ntok != j - i + 1)
			continue;
		bool ok = true;
		for (size_t t = i; t <= j && ok; t++) {
			int want = (a->upper >> (t - i)) & 1;
			ok = gs->upper[t] == 2 || (gs->upper[t] == 1) == want;
		}
		if (ok) {
			best = j - i + 1;
			*slot = a;
		}
	}
	return best;
}

void gaz_mark(const struct gazetteer *g, struct gaz_sent *gs, gazmask *out)
{
	if (gs->n)
		memset(out, 0, gs->n * sizeof *out);
	for (size_t i = 0; i < gs->n; i++) {
		const struct alias *a = NULL;
		size_t len = gaz_longest(g, gs, i, &a);
		gs->mlen[i] = (uint32_t)len;
		gs->malias[i] = a;
		if (!len)
			continue;
		for (uint32_t k = a->first; k != UINT32_MAX; k = g->nodes[k].next) {
			unsigned t = g->ents[g->nodes[k].entity].type;
			out[i] |= (gazmask)(1u << (2 * t));
			for (size_t j = i + 1; j < i + len; j++)
				out[j] |= (gazmask)(1u << (2 * t + 1));
		}
	}
	gs->marked = true;
}

const struct alias *gaz_exact(const struct gazetteer *g, const char *folded, size_t len)
{
	const struct alias *a = slot_find(g, gaz_key(folded, len));
	return a && a->first != UINT32_MAX && a->folded && a->flen == len &&
			       !memcmp(a->folded, folded, len)
		       ? a
		       : NULL;
}

/* Edit distance of a and b when it is at most 1, else 2. */
static int within_one(const char *a, size_t na, const char *b, size_t nb)
{
	if (na > nb + 1 || nb > na + 1)
		return 2;
	size_t i = 0;
	while (i < na && i < nb && a[i] == b[i])
		i++;
	if (i == na && i == nb)
		return 0;
	if (na == nb)
		return memcmp(a + i + 1, b + i + 1, na - i - 1) ? 2 : 1;
	if (na > nb)
		return memcmp(a + i + 1, b + i, na - i - 1) ? 2 : 1;
	return memcmp(a + i, b + i + 1, nb - i - 1) ? 2 : 1;
}

static void near_add(const struct gazetteer *g, const struct alias *a, const char *folded,
		     size_t len, const struct alias **out, size_t *n, size_t max)
{
	if (!a || a->first == UINT32_MAX || !a->folded)
		return;
	if (within_one(a->folded, a->flen, folded, len) != 1)
		return;
	for (size_t i = 0; i < *n; i++)
		if (out[i] == a)
			return;
	if (*n < max)
		out[(*n)++] = a;
	(void)g;
}

static inline bool in_bloom(const uint64_t *bloom, uint64_t mask, uint64_t key)
{
	uint64_t b = (key >> 7) & mask;
	return bloom[b / 64] >> (b % 64) & 1;
}

static void near_deleted(const struct gazetteer *g, uint64_t key, const char *folded, size_t len,
			 const struct alias **out, size_t *n, size_t max)
{
	if (!g->del_cap || (g->del_bloom && !in_bloom(g->del_bloom, g->del_bloom_mask, key)))
		return;
	size_t i = (size_t)key & (g->del_cap - 1);
	while (g->del_keys[i]) {
		if (g->del_keys[i] == key)
			near_add(g, &g->slots[g->del_alias[i]], folded, len, out, n, max);
		i = (i + 1) & (g->del_cap - 1);
	}
}

size_t gaz_near(const struct gazetteer *g, const char *folded, size_t len,
		const struct alias **out, size_t max)
{
	size_t n = 0;
	if (len < 4 || len > 200)
		return 0;
	/* an alias with one more character, or one changed: their deletions meet */
	near_deleted(g, gaz_key(folded, len), folded, len, out, &n, max);
	/* the hash of folded without its character i is the hash of the i before it (kept from
	 * one i to the next) carried on over the rest: gaz_key of the deletion, without a copy */
	uint64_t head = HASH_FNV_OFFSET;
	for (size_t i = 0; i < len; head = hash_fnv1a(head, folded + i, 1), i++) {
		if (i && folded[i] == folded[i - 1])
			continue;
		uint64_t key = hash_mix64(hash_fnv1a(head, folded + i + 1, len - i - 1));
		if (!key)
			key = 1;
		near_deleted(g, key, folded, len, out, &n, max);
		/* an alias with one character less */
		if (!g->bloom || in_bloom(g->bloom, BLOOM_BITS - 1, key))
			near_add(g, slot_find(g, key), folded, len, out, &n, max);
	}
	return n;
}

static char *keep(struct gazetteer *g, const char *s, size_t n)
{
	if (g->narena == g->arena_cap) {
		size_t cap = g->arena_cap ? 2 * g->arena_cap : 256;
		char **a = realloc(g->arena, cap * sizeof *a);
		if (!a)
			return NULL;
		g->arena = a;
		g->arena_cap = cap;
	}
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	g->arena[g->narena++] = p;
	return p;
}

static int slots_grow(struct gazetteer *g)
{
	size_t cap = g->nslots ? 2 * g->nslots : 4096;
	struct alias *s = calloc(cap, sizeof *s);
	if (!s)
		return -1;
	for (size_t i = 0; i < g->nslots; i++) {
		if (!g->slots[i].key)
			continue;
		size_t j = (size_t)g->slots[i].key & (cap - 1);
		while (s[j].key)
			j = (j + 1) & (cap - 1);
		s[j] = g->slots[i];
	}
	free(g->slots);
	g->slots = s;
	g->nslots = cap;
	/* the deletion index points at slots: rebuilt after loading */
	free(g->del_keys);
	free(g->del_alias);
	g->del_keys = NULL;
	g->del_alias = NULL;
	g->del_cap = g->del_used = 0;
	return 0;
}

static struct alias *slot_insert(struct gazetteer *g, uint64_t key)
{
	if ((g->used + 1) * 2 > g->nslots && slots_grow(g) < 0)
		return NULL;
	size_t i = (size_t)key & (g->nslots - 1);
	while (g->slots[i].key && g->slots[i].key != key)
		i = (i + 1) & (g->nslots - 1);
	if (!g->slots[i].key) {
		g->slots[i].key = key;
		g->slots[i].first = UINT32_MAX;
		g->used++;
	}
	return &g->slots[i];
}

static int del_insert(struct gazetteer *g, uint64_t key, uint32_t alias)
{
	if ((g->del_used + 1) * 2 > g->del_cap) {
		size_t cap = g->del_cap ? 2 * g->del_cap : 65536;
		uint64_t *k = calloc(cap, sizeof *k);
		uint32_t *a = calloc(cap, sizeof *a);
		if (!k || !a) {
			free(k);
			free(a);
			return -1;
		}
		for (size_t i = 0; i < g->del_cap; i++) {
			if (!g->del_keys[i])
				continue;
			size_t j = (size_t)g->del_keys[i] & (cap - 1);
			while (k[j])
				j = (j + 1) & (cap - 1);
			k[j] = g->del_keys[i];
			a[j] = g->del_alias[i];
		}
		free(g->del_keys);
		free(g->del_alias);
		g->del_keys = k;
		g->del_alias = a;
		g->del_cap = cap;
	}
	size_t j = (size_t)key & (g->del_cap - 1);
	while (g->del_keys[j]) {
		if (g->del_keys[j] == key && g->del_alias[j] == alias)
			return 0;
		j = (j + 1) & (g->del_cap - 1);
	}
	g->del_keys[j] = key;
	g->del_alias[j] = alias;
	g->del_used++;
	return 0;
}

/* Adds the one-deletion variants of every name alias (built once all files are read). */
static int index_deletions(struct gazetteer *g)
{
	char tmp[256];
	for (size_t s = 0; s < g->nslots; s++) {
		const struct alias *a = &g->slots[s];
		if (!a->key || a->first == UINT32_MAX || !a->folded)
			continue;
		bool name = false;
		for (uint32_t k = a->first; k != UINT32_MAX; k = g->nodes[k].next) {
			unsigned t = g->ents[g->nodes[k].entity].type;
			name |= t == ET_PER || t == ET_ORG || t == ET_LOC;
		}
		size_t len = a->flen;
		if (!name || len < 5 || len > 200)
			continue;
		for (size_t i = 0; i < len; i++) {
			if (i && a->folded[i] == a->folded[i - 1])
				continue;
			memcpy(tmp, a->folded, i);
			memcpy(tmp + i, a->folded + i + 1, len - i - 1);
			if (del_insert(g, gaz_key(tmp, len - 1), (uint32_t)s) < 0)
				return -1;
		}
	}
	return 0;
}

static int parse_date(const char *s, int32_t *out, bool end)
{
	*out = 0;
	if (!*s)
		return 0;
	int y = 0, m = 0, d = 0, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && !s[n]) {
	} else if (sscanf(s, "%4d-%2d%n", &y, &m, &n) == 2 && !s[n]) {
		d = end ? 31 : 1;
	} else if (sscanf(s, "%4d%n", &y, &n) == 1 && !s[n]) {
		m = end ? 12 : 1;
		d = end ? 31 : 1;
	} else {
		return -1;
	}
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*out = y * 10000 + m * 100 + d;
	return 0;
}

static int add_alias(struct gazetteer *g, const char *text, size_t len, uint32_t entity,
		     struct tokens *tk)
{
	if (tokenize(text, len, tk) < 0)
		return -1;
	if (!tk->n || tk->n > 16)
		return 0;
	struct buf *f = &g->scratch;
	buf_clear(f);
	uint16_t upper = 0;
	uint64_t h = HASH_FNV_OFFSET;
	for (size_t i = 0; i < tk->n; i++) {
		size_t at = f->len;
		if (i) {
			buf_putc(f, ' ');
			at++;
		}
		fold_text(tk->v[i].s, tk->v[i].len, f);
		if (!f->p)
			return -1;
		if (i)
			h = hash_fnv1a(h, " ", 1);
		h = hash_fnv1a(h, f->p + at, f->len - at);
		uint64_t key = hash_mix64(h);
		if (!key)
			key = 1;
		if (token_case(tk->v[i].s, tk->v[i].len))
			upper |= (uint16_t)(1u << i);
		if (i + 1 < tk->n && !slot_insert(g, key))
			return -1;
	}
	struct alias *a = slot_insert(g, gaz_key(f->p, f->len));
	if (!a)
		return -1;
	if (!a->folded) {
		if (!(a->folded = keep(g, f->p, f->len)))
			return -1;
		a->flen = (uint32_t)f->len;
	}
	for (uint32_t k = a->first; k != UINT32_MAX; k = g->nodes[k].next)
		if (g->nodes[k].entity == entity)
			return 0;
	if (g->nnodes == g->nodes_cap) {
		size_t cap = g->nodes_cap ? 2 * g->nodes_cap : 4096;
		struct node *p = realloc(g->nodes, cap * sizeof *p);
		if (!p)
			return -1;
		g->nodes = p;
		g->nodes_cap = cap;
	}
	/* appended at the end so that the first row of a file stays the first candidate */
	g->nodes[g->nnodes] = (struct node){entity, UINT32_MAX};
	if (a->first == UINT32_MAX) {
		a->first = (uint32_t)g->nnodes;
	} else {
		uint32_t k = a->first;
		while (g->nodes[k].next != UINT32_MAX)
			k = g->nodes[k].next;
		g->nodes[k].next = (uint32_t)g->nnodes;
	}
	g->nnodes++;
	a->ntok = (uint16_t)tk->n;
	a->upper = upper;
	if (tk->n > g->maxlen)
		g->maxlen = (unsigned)tk->n;
	return 0;
}

static int split_fields(char *line, char **fields, int max)
{
	int n = 0;
	char *p = line;
	for (;;) {
		if (n < max)
			fields[n] = p;
		n++;
		char *tab = strchr(p, '\t');
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	return n;
}

/* Adds the entity of a row's fields (type, name, aliases, role, of, from, to; all there) and
 * its aliases. Returns 0, or -1 with the message in err. */
static int add_entity(struct gazetteer *g, char **fields, struct tokens *tk, const char *path,
		      unsigned long lineno, char *err, size_t errsize)
{
	int type = -1;
	for (int t = 0; t < NET; t++)
		if (!strcmp(fields[0], mention_type_names[t]))
			type = t;
	if (type < 0) {
		msg_format_at(err, errsize, path, lineno, "unknown type '%s' (PER, LOC, ORG, NORP or MISC)", fields[0]);
		return -1;
	}
	if (!*fields[1]) {
		msg_format_at(err, errsize, path, lineno, "empty name");
		return -1;
	}
	struct entity e = {.type = (uint8_t)type};
	bool bad_from = parse_date(fields[5], &e.from, false) < 0;
	if (bad_from || parse_date(fields[6], &e.to, true) < 0) {
		msg_format_at(err, errsize, path, lineno, "a date is YYYY, YYYY-MM or YYYY-MM-DD, not '%s'",
			      bad_from ? fields[5] : fields[6]);
		return -1;
	}
	if (!(e.name = keep(g, fields[1], strlen(fields[1]))) ||
	    !(e.role = keep(g, fields[3], strlen(fields[3]))) ||
	    !(e.of = keep(g, fields[4], strlen(fields[4]))))
		goto oom;
	if (array_grow((void **)&g->ents, &g->ents_cap, g->nents + 1, sizeof *g->ents, 1024) < 0)
		goto oom;
	uint32_t id = (uint32_t)g->nents;
	g->ents[g->nents++] = e;
	if (add_alias(g, fields[1], strlen(fields[1]), id, tk) < 0)
		goto oom;
	for (char *a = fields[2]; *a;) {
		char *bar = strchr(a, '|');
		size_t al = bar ? (size_t)(bar - a) : strlen(a);
		if (al && add_alias(g, a, al, id, tk) < 0)
			goto oom;
		a += al + (bar != NULL);
	}
	return 0;
oom:
	snprintf(err, errsize, "out of memory");
	return -1;
}

/* The reading of one gazetteer file, line by line (data_lines). */
struct gaz_file {
	struct gazetteer *g;
	const char *path;
	bool header;
	struct tokens tk;
	char *err;
	size_t errsize;
};

static int gaz_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	struct gaz_file *f = ctx;
	while (len && line[len - 1] == '\r')
		line[--len] = '\0';
	if (!len)
		return 0;
	if (len != strlen(line)) {
		msg_format_at(f->err, f->errsize, f->path, lineno, "NUL byte in a gazetteer row");
		return -1;
	}
	if (utf8_valid_prefix(line, len) != len) {
		msg_format_at(f->err, f->errsize, f->path, lineno, "invalid UTF-8");
		return -1;
	}
	char *fields[8];
	int n = split_fields(line, fields, 8);
	if (!f->header) {
		if (n < 2 || strcmp(fields[0], "type") || strcmp(fields[1], "name")) {
			msg_format_at(f->err, f->errsize, f->path, lineno,
				      "expected the header 'type<TAB>name<TAB>aliases<TAB>role<TAB>of<TAB>from<TAB>to'");
			return -1;
		}
		f->header = true;
		return 0;
	}
	if (n < 2 || n > 7) {
		msg_format_at(f->err, f->errsize, f->path, lineno, "expected 2 to 7 fields, found %d", n);
		return -1;
	}
	for (int i = n; i < 7; i++)
		fields[i] = "";
	return add_entity(f->g, fields, &f->tk, f->path, lineno, f->err, f->errsize);
}

/* The indexes built once the rows are read: the aliases' one-deletion variants, and the bloom
 * filters in front of the aliases and of those. Returns 0, or -1 when out of memory. */
static int gaz_index(struct gazetteer *g)
{
	free(g->del_keys);
	free(g->del_alias);
	g->del_keys = NULL;
	g->del_alias = NULL;
	g->del_cap = g->del_used = 0;
	int rc = index_deletions(g);
	free(g->bloom);
	g->bloom = calloc(BLOOM_BITS / 64, sizeof *g->bloom);
	if (!g->bloom)
		rc = -1;
	for (size_t i = 0; g->bloom && i < g->nslots; i++) {
		uint64_t b = (g->slots[i].key >> 7) % BLOOM_BITS;
		if (g->slots[i].key)
			g->bloom[b / 64] |= 1ULL << (b % 64);
	}
	/* eight bits a deletion key or more: a probe for a misspelling mostly stops here */
	free(g->del_bloom);
	uint64_t bits = 1 << 16;
	while (bits < 8 * (uint64_t)g->del_used)
		bits *= 2;
	g->del_bloom_mask = bits - 1;
	g->del_bloom = calloc(bits / 64, sizeof *g->del_bloom);
	if (!g->del_bloom)
		rc = -1;
	for (size_t i = 0; g->del_bloom && i < g->del_cap; i++) {
		uint64_t b = (g->del_keys[i] >> 7) & g->del_bloom_mask;
		if (g->del_keys[i])
			g->del_bloom[b / 64] |= 1ULL << (b % 64);
	}
	return rc;
}

int gaz_load(struct gazetteer *g, const char *path, char *err, size_t errsize)
{
	struct gaz_file f = {.g = g, .path = path, .err = err, .errsize = errsize};
	int rc = data_lines(path, gaz_line, &f, err, errsize);
	tokens_free(&f.tk);
	if (rc == 0 && !f.header) {
		msg_format_at(err, errsize, path, 0, "empty gazetteer (no header)");
		rc = -1;
	}
	if (rc == 0 && gaz_index(g) < 0) {
		snprintf(err, errsize, "out of memory");
		rc = -1;
	}
	return rc;
}

void gaz_free(struct gazetteer *g)
{
	for (size_t i = 0; i < g->narena; i++)
		free(g->arena[i]);
	free(g->arena);
	free(g->ents);
	free(g->slots);
	free(g->nodes);
	free(g->del_keys);
	free(g->del_alias);
	free(g->bloom);
	free(g->del_bloom);
	buf_free(&g->scratch);
	memset(g, 0, sizeof *g);
}
