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

/* ---- the records: one for each distinct (id, skeleton, type) among the mentions, so that
 * resolving names costs memory for the names and not for the events, and gives the same actors
 * whether it sees all the events (one run) or only the distinct names of all of them
 * (--resolve-names). Nothing below depends on the order the records came in: sets are unions,
 * a surname's candidates are records with their own type, and an actor is named by the least
 * record hash of its set. */

int name_record(const char *name, size_t n, const char *id, size_t idn, int type, struct buf *sk,
		struct name_rec *out)
{
	memset(out, 0, sizeof *out);
	/* an ambiguous id ("a|b") names no one entity: the name decides */
	bool has_id = idn && !memchr(id, '|', idn);
	if (name_skeleton(name, n, sk) < 0)
		return -1;
	if (!sk->len && !has_id)
		return 0;
	out->type = type;
	if (has_id)
		out->id_hash = hash64(id, idn, 7);
	if (sk->len) {
		out->skel_hash = hash64(sk->p, sk->len, 9);
		const char *sp = strrchr(sk->p, ' ');
		out->several_words = sp != NULL;
		out->last_word = sp ? hash64(sp + 1, strlen(sp + 1), 11) : hash64(sk->p, sk->len, 11);
	}
	uint64_t h = hash64(sk->p ? sk->p : "", sk->len, out->id_hash ^ 0x6e616d65);
	out->hash = hash_mix64(h ^ (uint64_t)(type + 2)) | 1; /* never 0: 0 is "no record" */
	return 0;
}

static int by_first_mention(const void *a, const void *b)
{
	const struct name_rec *x = a, *y = b;
	if (x->first.key != y->first.key)
		return x->first.key < y->first.key ? -1 : 1;
	if (x->first.row != y->first.row)
		return x->first.row < y->first.row ? -1 : 1;
	return x->first.side - y->first.side;
}

static bool before(const struct mention_at *a, const struct mention_at *b)
{
	return a->key != b->key ? a->key < b->key : a->row != b->row ? a->row < b->row : a->side < b->side;
}

int names_add(struct names *nm, const struct name_rec *rec, const char *name, size_t nn, const char *source, size_t sn)
{
	bool fresh;
	long i = map_put(&nm->by_hash, rec->hash, (long)nm->n, &fresh);
	if (i < 0)
		return -1;
	if (!fresh && !before(&rec->first, &nm->r[i].first))
		return 0;
	if (fresh && nm->n == nm->cap && array_grow((void **)&nm->r, &nm->cap, nm->n + 1, sizeof *nm->r, 256) < 0)
		return -1;
	if (fresh)
		nm->n++;
	/* the first mention's spelling and source name a tie in its message: kept as text */
	struct name_rec *r = &nm->r[i];
	*r = *rec;
	r->name_off = nm->text.len;
	r->name_len = (uint32_t)nn;
	r->source_len = (uint32_t)sn;
	if (buf_append(&nm->text, name, nn) < 0 || buf_append(&nm->text, source, sn) < 0)
		return -1;
	return 0;
}

static int find(struct names *nm, int i)
{
	while (nm->r[i].parent != i) {
		nm->r[i].parent = nm->r[nm->r[i].parent].parent;
		i = nm->r[i].parent;
	}
	return i;
}

static void unite(struct names *nm, int i, int j)
{
	i = find(nm, i);
	j = find(nm, j);
	if (i != j)
		nm->r[i > j ? i : j].parent = i > j ? j : i;
}

static bool may_be_person(const struct name_rec *r)
{
	return r->type < 0 || r->type == MT_PER;
}

/* A lone word that is the last word of exactly one full name that may be a person is that
 * person; of several, a tie, reported once (naming the first mention) and left unresolved. */
static int resolve_surnames(struct names *nm, bool warn)
{
	struct u64map last = {0}, warned = {0};
	int rc = 0;
	/* last word -> a full name's record, or -3 when two different actors end so */
	for (size_t i = 0; i < nm->n && rc == 0; i++) {
		if (!nm->r[i].several_words || !may_be_person(&nm->r[i]))
			continue;
		bool fresh;
		long have = map_put(&last, nm->r[i].last_word, (long)i, &fresh);
		if (have == -2)
			rc = -1;
		else if (!fresh && have >= 0 && find(nm, (int)have) != find(nm, (int)i))
			map_set(&last, nm->r[i].last_word, -3);
	}
	for (size_t i = 0; i < nm->n && rc == 0; i++) {
		const struct name_rec *r = &nm->r[i];
		if (r->several_words || !r->skel_hash || !may_be_person(r))
			continue;
		long full = map_get(&last, r->last_word);
		if (full >= 0) {
			unite(nm, (int)full, (int)i);
		} else if (full == -3 && warn) {
			bool fresh;
			if (map_put(&warned, r->last_word, 0, &fresh) == -2)
				rc = -1;
			else if (fresh)
				msg("'%.*s' (%.*s) is the surname of more than one full name; left unresolved",
				    (int)r->name_len, nm->text.p + r->name_off, (int)r->source_len,
				    nm->text.p + r->name_off + r->name_len);
		}
	}
	map_free(&last);
	map_free(&warned);
	return rc;
}

int names_settle(struct names *nm, bool warn)
{
	/* in the order of first mention, so that a tie's message names the one a reader meets first */
	if (nm->n > 1)
		qsort(nm->r, nm->n, sizeof *nm->r, by_first_mention);
	map_free(&nm->by_hash);
	struct u64map by_id = {0}, by_skel = {0};
	int rc = 0;
	for (size_t i = 0; i < nm->n; i++)
		nm->r[i].parent = (int)i;
	for (size_t i = 0; i < nm->n && rc == 0; i++) {
		bool fresh;
		long other;
		struct name_rec *r = &nm->r[i];
		if (map_put(&nm->by_hash, r->hash, (long)i, &fresh) == -2)
			rc = -1;
		for (int k = 0; k < 2 && rc == 0; k++) {
			uint64_t h = k ? r->skel_hash : r->id_hash;
			if (h && (other = map_put(k ? &by_skel : &by_id, h, (long)i, &fresh)) == -2)
				rc = -1;
			else if (h && !fresh)
				unite(nm, (int)other, (int)i);
		}
	}
	if (rc == 0)
		rc = resolve_surnames(nm, warn);
	/* an actor is named by the least record hash of its set: the same in any run */
	for (size_t i = 0; i < nm->n && rc == 0; i++)
		nm->r[i].actor = UINT64_MAX;
	for (size_t i = 0; i < nm->n && rc == 0; i++) {
		struct name_rec *root = &nm->r[find(nm, (int)i)];
		if (nm->r[i].hash < root->actor)
			root->actor = nm->r[i].hash;
	}
	for (size_t i = 0; i < nm->n && rc == 0; i++)
		nm->r[i].actor = nm->r[find(nm, (int)i)].actor;
	map_free(&by_id);
	map_free(&by_skel);
	if (rc < 0)
		msg("out of memory");
	return rc;
}

uint64_t names_actor(const struct names *nm, uint64_t record)
{
	long i = record ? map_get(&nm->by_hash, record) : -1;
	return i >= 0 ? nm->r[i].actor : 0;
}

void names_free(struct names *nm)
{
	free(nm->r);
	map_free(&nm->by_hash);
	map_free(&nm->actorless);
	buf_free(&nm->text);
	memset(nm, 0, sizeof *nm);
}

int event_name_record(const struct store *s, const struct event *e, int side, struct buf *sk, struct name_rec *out)
{
	struct str name = e->value[A_ACTOR1 + side], id = e->actor_id[side];
	if (name_record(str_at(s, name), name.len, str_at(s, id), id.len, e->actor_type[side], sk, out) < 0)
		return -1;
	out->first = (struct mention_at){e->key, e->row, side};
	return 0;
}

int names_collect(const struct store *s, struct names *nm)
{
	struct buf sk = {0};
	int rc = 0;
	for (size_t i = 0; i < s->n && rc == 0; i++)
		for (int side = 0; side < 2 && rc == 0; side++) {
			const struct event *e = &s->ev[i];
			struct name_rec rec;
			rc = event_name_record(s, e, side, &sk, &rec);
			if (rc == 0 && rec.hash)
				rc = names_add(nm, &rec, str_at(s, e->value[A_ACTOR1 + side]), e->value[A_ACTOR1 + side].len,
					       str_at(s, e->source), e->source.len);
		}
	buf_free(&sk);
	if (rc < 0)
		msg("out of memory");
	return rc;
}

int names_apply(struct store *s, const struct names *nm)
{
	struct buf sk = {0};
	struct u64map actors = {0};
	int rc = 0;
	for (size_t i = 0; i < s->n && rc == 0; i++)
		for (int side = 0; side < 2 && rc == 0; side++) {
			struct event *e = &s->ev[i];
			struct name_rec rec;
			bool fresh;
			rc = event_name_record(s, e, side, &sk, &rec);
			e->actor_key[side] = rc == 0 ? names_actor(nm, rec.hash) : 0;
			e->actor[side] = -1;
			if (rc == 0 && rec.hash && !e->actor_key[side]) {
				/* --names: a table made from other events than these */
				msg("the names table has no record for '%.*s' (%.*s): make it from the same events (--emit-names)",
				    (int)e->value[A_ACTOR1 + side].len, str_at(s, e->value[A_ACTOR1 + side]),
				    (int)e->source.len, str_at(s, e->source));
				rc = -2;
				break;
			}
			if (rc == 0 && e->actor_key[side]) {
				long a = map_put(&actors, e->actor_key[side], (long)actors.n, &fresh);
				rc = a < 0 ? -1 : 0;
				e->actor[side] = (int)a;
			}
		}
	buf_free(&sk);
	map_free(&actors);
	if (rc == -1)
		msg("out of memory");
	return rc < 0 ? -1 : 0;
}

int names_resolve(struct store *s, bool warn)
{
	struct names nm = {0};
	int rc = names_collect(s, &nm);
	if (rc == 0)
		rc = names_settle(&nm, warn);
	if (rc == 0)
		rc = names_apply(s, &nm);
	names_free(&nm);
	return rc;
}
