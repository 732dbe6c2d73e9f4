/* names.c: which actors of different documents are one, for names no gazetteer holds as well as
 * for those it does. Two mentions are one actor when they have one entity id (tag-entities
 * resolved them), or one skeleton: the name without case and diacritics, with the spellings that
 * transliteration habits vary merged ("Elena Kovačić", "Elena Kovacic" and "Jelena Kovachich"
 * are all "elena kovacic"). A surname alone ("Radic") is the full name of the same type that
 * ends with it ("Ivo Radić") when exactly one does; when several do it is a tie, reported and
 * left unresolved. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "diff.h"
#include "entity.h"
#include "err.h"
#include "hash.h"
#include "map.h"

/* Spellings of one sound across transliteration schemes, on the folded ASCII form: the longest
 * first. Applied anywhere in a word, except the word-initial ones (^). */
static const struct {
	const char *from, *to;
	bool initial;
} respell[] = {
	{"je", "e", true}, {"ye", "e", true}, {"ie", "e", true},
	{"shch", "sc", false}, {"tch", "c", false}, {"dzh", "j", false},
	{"kh", "h", false}, {"zh", "z", false}, {"ch", "c", false}, {"sh", "s", false},
	{"ts", "c", false}, {"tz", "c", false}, {"cz", "c", false}, {"sz", "s", false},
	{"ph", "f", false}, {"ck", "k", false}, {"w", "v", false}, {"y", "i", false},
	{"x", "ks", false}, {"q", "k", false},
};

/* Appends the skeleton of one folded ASCII word w[0..n) to out. */
static int skeleton_word(const char *w, size_t n, struct buf *out)
{
	size_t start = out->len;
	for (size_t i = 0; i < n;) {
		size_t k = 0;
		for (; k < sizeof respell / sizeof *respell; k++) {
			if (respell[k].from[0] != w[i] || (respell[k].initial && i != 0))
				continue;
			size_t fl = strlen(respell[k].from);
			if (fl <= n - i && memcmp(w + i, respell[k].from, fl) == 0)
				break;
		}
		if (k < sizeof respell / sizeof *respell) {
			if (buf_append(out, respell[k].to, strlen(respell[k].to)) < 0)
				return -1;
			i += strlen(respell[k].from);
		} else if (buf_putc(out, w[i++]) < 0) {
			return -1;
		}
	}
	/* doubled letters are one ("Zelenskyy"), doubled digits stay ("Leader 116") */
	size_t j = start;
	for (size_t i = start; i < out->len; i++)
		if (j == start || out->p[i] != out->p[j - 1] || (out->p[i] >= '0' && out->p[i] <= '9'))
			out->p[j++] = out->p[i];
	out->len = j;
	out->p[j] = '\0';
	return 0;
}

int name_skeleton(const char *s, size_t n, struct buf *out)
{
	buf_clear(out);
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t fl;
	/* an ASCII name (most are) folds to its lower case: NFKD, marks and case folding change
	 * nothing else in ASCII; utf8proc_map was a fifth of the run's time */
	char ascii[128];
	size_t k = 0;
	if (n <= sizeof ascii)
		for (; k < n && (unsigned char)s[k] < 0x80; k++)
			ascii[k] = s[k] >= 'A' && s[k] <= 'Z' ? (char)(s[k] + 32) : s[k];
	if (n <= sizeof ascii && k == n) {
		fl = (utf8proc_ssize_t)n;
	} else {
		fl = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &folded,
				  UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD | UTF8PROC_COMPAT);
		if (fl < 0)
			return buf_append(out, s, n); /* not UTF-8: the bytes as they are */
	}
	const char *p = folded ? (const char *)folded : ascii;
	int rc = 0;
	for (utf8proc_ssize_t i = 0; i < fl && rc == 0;) {
		while (i < fl && !((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || (unsigned char)p[i] >= 0x80))
			i++;
		utf8proc_ssize_t w = i;
		while (i < fl && ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || (unsigned char)p[i] >= 0x80))
			i++;
		if (i == w)
			break;
		if (out->len)
			rc = buf_putc(out, ' ');
		if (rc == 0)
			rc = skeleton_word(p + w, (size_t)(i - w), out);
	}
	free(folded);
	return rc;
}

/* ---- union-find over the actors seen */
struct actor {
	int parent;
	uint64_t last_word;  /* hash of the skeleton's last word */
	bool several_words;
	int type;            /* enum mention_type, -1 unknown */
	int event, side;     /* where it was first seen, for its name in messages */
};

struct resolver {
	struct actor *a;
	size_t n, cap;
	struct u64map by_id, by_skeleton;
	struct buf sk;
};

static int find(struct resolver *r, int i)
{
	while (r->a[i].parent != i) {
		r->a[i].parent = r->a[r->a[i].parent].parent;
		i = r->a[i].parent;
	}
	return i;
}

/* The lower index stays the root, so the result does not depend on the order of unions. */
static void unite(struct resolver *r, int i, int j)
{
	i = find(r, i);
	j = find(r, j);
	if (i == j)
		return;
	if (j < i) {
		int t = i;
		i = j;
		j = t;
	}
	r->a[j].parent = i;
	if (r->a[i].type < 0)
		r->a[i].type = r->a[j].type;
}

static long new_actor(struct resolver *r, int event, int side, int type)
{
	if (r->n == r->cap && array_grow((void **)&r->a, &r->cap, r->n + 1, sizeof *r->a, 256) < 0)
		return -1;
	r->a[r->n] = (struct actor){.parent = (int)r->n, .type = type, .event = event, .side = side};
	return (long)r->n++;
}

/* The actor of one side of one event: found by id, by skeleton, or new. */
static int resolve_side(struct resolver *r, struct store *s, int ev, int side)
{
	struct event *e = &s->ev[ev];
	struct str name = e->value[A_ACTOR1 + side], id = e->actor_id[side];
	if (!name.len && !id.len)
		return 0;
	/* an ambiguous id ("a|b") names no one entity: the name decides */
	bool has_id = id.len && !memchr(str_at(s, id), '|', id.len);
	if (name_skeleton(str_at(s, name), name.len, &r->sk) < 0)
		return -1;
	if (!r->sk.len && !has_id)
		return 0;
	long me = new_actor(r, ev, side, e->actor_type[side]);
	if (me < 0)
		return -1;
	bool fresh;
	if (has_id) {
		long other = map_put(&r->by_id, hash64(str_at(s, id), id.len, 7), me, &fresh);
		if (other == -2)
			return -1;
		if (!fresh)
			unite(r, (int)other, (int)me);
	}
	if (r->sk.len) {
		long other = map_put(&r->by_skeleton, hash64(r->sk.p, r->sk.len, 9), me, &fresh);
		if (other == -2)
			return -1;
		if (!fresh)
			unite(r, (int)other, (int)me);
		const char *sp = strrchr(r->sk.p, ' ');
		r->a[me].several_words = sp != NULL;
		r->a[me].last_word = sp ? hash64(sp + 1, strlen(sp + 1), 11) : hash64(r->sk.p, r->sk.len, 11);
	}
	e->actor[side] = (int)me;
	return 0;
}

/* A lone word that is the last word of exactly one full name of its type is that name. */
static int resolve_surnames(struct resolver *r, struct store *s, bool warn)
{
	struct u64map last = {0}, warned = {0};
	int rc = 0;
	/* last word -> the full name's actor, or -2 when two different actors end so */
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		if (!r->a[i].several_words || (r->a[i].type >= 0 && r->a[i].type != MT_PER))
			continue;
		bool fresh;
		long have = map_put(&last, r->a[i].last_word, (long)i, &fresh);
		if (have == -2)
			rc = -1;
		else if (!fresh && have >= 0 && find(r, (int)have) != find(r, (int)i))
			map_set(&last, r->a[i].last_word, -3);
	}
	for (size_t i = 0; i < r->n && rc == 0; i++) {
		if (r->a[i].several_words || (r->a[i].type >= 0 && r->a[i].type != MT_PER))
			continue;
		long full = map_get(&last, r->a[i].last_word);
		if (full >= 0) {
			unite(r, (int)full, (int)i);
		} else if (full == -3 && warn) {
			bool fresh;
			if (map_put(&warned, r->a[i].last_word, 0, &fresh) == -2)
				rc = -1;
			else if (fresh) {
				const struct event *e = &s->ev[r->a[i].event];
				struct str nm = e->value[A_ACTOR1 + r->a[i].side];
				msg("'%.*s' (%.*s) is the surname of more than one full name; left unresolved",
				    (int)nm.len, str_at(s, nm), (int)e->source.len, str_at(s, e->source));
			}
		}
	}
	map_free(&last);
	map_free(&warned);
	return rc;
}

int names_resolve(struct store *s, bool warn)
{
	struct resolver r = {0};
	int rc = 0;
	for (size_t i = 0; i < s->n && rc == 0; i++)
		for (int side = 0; side < 2 && rc == 0; side++)
			rc = resolve_side(&r, s, (int)i, side);
	if (rc == 0)
		rc = resolve_surnames(&r, s, warn);
	for (size_t i = 0; i < s->n && rc == 0; i++)
		for (int side = 0; side < 2; side++)
			if (s->ev[i].actor[side] >= 0)
				s->ev[i].actor[side] = find(&r, s->ev[i].actor[side]);
	if (rc < 0)
		msg("out of memory");
	free(r.a);
	map_free(&r.by_id);
	map_free(&r.by_skeleton);
	buf_free(&r.sk);
	return rc;
}
