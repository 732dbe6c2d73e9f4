#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "hash.h"
#include "tagger.h"

const char *const name_type_names[NTYPES] = {"PER", "LOC", "ORG", "MISC"};

enum {
	F_INITCAP = 1 << 0,
	F_ALLCAPS = 1 << 1,
	F_HASDIGIT = 1 << 2,
	F_ALLDIGIT = 1 << 3,
	F_HYPHEN = 1 << 4,
	F_DOT = 1 << 5,
	F_APOS = 1 << 6,
	F_FIRST = 1 << 7,
	F_INNERCAP = 1 << 8,
	F_PUNCT = 1 << 9,
	F_LOWER = 1 << 10,
	F_NOTASCII = 1 << 11,
	NFLAGS = 12
};

struct tokinfo {
	uint64_t word, lower, shape, sshape;
	uint64_t prefix[4], suffix[4];
	uint32_t cluster; /* as struct clusters has it; 0: none */
	unsigned flags;
};

/* Feature ids: hashes of a template and its values (lib/hash.h, fixed forever because the model
 * file depends on them) folded into the weight table. */
static inline uint32_t feat1(unsigned tmpl, uint64_t a, uint32_t mask)
{
	return (uint32_t)hash_mix64(a + (uint64_t)(tmpl + 1) * 0x9E3779B97F4A7C15ULL) & mask;
}

static inline uint32_t feat2(unsigned tmpl, uint64_t a, uint64_t b, uint32_t mask)
{
	return feat1(tmpl, hash_mix64(a) * 31 + b, mask);
}

static inline uint32_t feat3(unsigned tmpl, uint64_t a, uint64_t b, uint64_t c, uint32_t mask)
{
	return feat1(tmpl, hash_mix64(hash_mix64(a) * 31 + b) * 31 + c, mask);
}

/* Lower case of the code point at s, and its length. Invalid bytes stand for themselves. */
static inline int32_t lower_at(const char *s, size_t n, size_t *len, int32_t *orig)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80) {
		*len = 1;
		*orig = c;
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	}
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
	if (k <= 0) {
		*len = 1;
		*orig = c;
		return c;
	}
	*len = (size_t)k;
	*orig = cp;
	return utf8proc_tolower(cp);
}

static inline char shape_class(int32_t cp)
{
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			return 'X';
		if (cp >= 'a' && cp <= 'z')
			return 'x';
		if (cp >= '0' && cp <= '9')
			return 'd';
		return (char)cp;
	}
	if (utf8proc_isupper(cp))
		return 'X';
	if (utf8proc_islower(cp))
		return 'x';
	const utf8proc_property_t *p = utf8proc_get_property(cp);
	if (p->category >= UTF8PROC_CATEGORY_LU && p->category <= UTF8PROC_CATEGORY_LO)
		return 'x';
	if (p->category == UTF8PROC_CATEGORY_ND)
		return 'd';
	return '*';
}

/* Features look at most this many bytes of a token: a megabyte without spaces costs no more
 * than its first bytes. */
#define TOKEN_LOOK 64

/* ext: also the shape and the affixes, which only a scored token needs (static_features asks
 * for them): most tokens are lower-case words after an O that are never scored. */
static void token_info(struct tokinfo *ti, const char *s, size_t n, bool ext)
{
	size_t look = n < TOKEN_LOOK ? n : TOKEN_LOOK;
	uint64_t hw = HASH_FNV_OFFSET, hl = HASH_FNV_OFFSET;
	char shape[TOKEN_LOOK], sshape[TOKEN_LOOK];
	size_t nshape = 0, nsshape = 0;
	unsigned flags = 0, upper = 0, lower = 0, letters = 0, digits = 0, others = 0;
	unsigned char low[TOKEN_LOOK * 4];
	size_t nlow = 0;
	bool ascii = true;
	for (size_t i = 0; i < look && ascii; i++)
		ascii = (unsigned char)s[i] < 0x80;
	if (ascii) {
		/* the same as the loop below, for the bytes of ASCII, in one pass with the hashes */
		for (size_t i = 0; i < look; i++) {
			unsigned char b = (unsigned char)s[i], lc = b;
			char c;
			hw = (hw ^ b) * HASH_FNV_PRIME;
			if ((unsigned)(b - 'A') < 26u) {
				c = 'X';
				lc = (unsigned char)(b + 32);
				upper++;
				if (i > 0)
					flags |= F_INNERCAP;
			} else if ((unsigned)(b - 'a') < 26u) {
				c = 'x';
				lower++;
			} else if ((unsigned)(b - '0') < 10u) {
				c = 'd';
				digits++;
			} else {
				c = (char)b;
				others++;
				if (c == '-')
					flags |= F_HYPHEN;
				else if (c == '.')
					flags |= F_DOT;
				else if (c == '\'')
					flags |= F_APOS;
			}
			low[i] = lc;
			hl = (hl ^ lc) * HASH_FNV_PRIME;
			if (ext && (nshape < 8 || shape[nshape - 1] != c || shape[nshape - 2] != c))
				shape[nshape++] = c;
			if (!nsshape || sshape[nsshape - 1] != c)
				sshape[nsshape++] = c;
		}
		nlow = look;
		letters = upper + lower;
		if (look && sshape[0] == 'X')
			flags |= F_INITCAP;
		if (look && sshape[0] == 'x')
			flags |= F_LOWER;
	} else {
		hw = hash_fnv1a(HASH_FNV_OFFSET, s, look);
	}
	for (size_t i = 0; i < look && !ascii;) {
		size_t len;
		int32_t orig, lc = lower_at(s + i, n - i, &len, &orig);
		if (i + len > look)
			break;
		if (orig >= 0x80)
			flags |= F_NOTASCII;
		if (lc < 0x80) {
			low[nlow++] = (unsigned char)lc;
		} else {
			unsigned char enc[4];
			utf8proc_ssize_t k = utf8proc_encode_char(lc, enc);
			if (k <= 0) {
				enc[0] = (unsigned char)s[i];
				k = 1;
			}
			memcpy(low + nlow, enc, (size_t)k);
			nlow += (size_t)k;
		}
		char c = shape_class(orig);
		if (c == 'X') {
			upper++;
			letters++;
			if (i > 0)
				flags |= F_INNERCAP;
		} else if (c == 'x') {
			lower++;
			letters++;
		} else if (c == 'd') {
			digits++;
		} else {
			others++;
			if (c == '-')
				flags |= F_HYPHEN;
			else if (c == '.')
				flags |= F_DOT;
			else if (c == '\'')
				flags |= F_APOS;
		}
		if (ext && (nshape < 8 || shape[nshape - 1] != c || shape[nshape - 2] != c))
			shape[nshape++] = c;
		if (!nsshape || sshape[nsshape - 1] != c)
			sshape[nsshape++] = c;
		if (i == 0 && c == 'X')
			flags |= F_INITCAP;
		if (i == 0 && c == 'x')
			flags |= F_LOWER;
		i += len;
	}
	if (!ascii)
		hl = hash_fnv1a(hl, low, nlow);
	if (n > look) {
		/* the end of a long token still tells its suffix */
		hw = hash_fnv1a(hw, s + n - 8, 8);
		hl = hash_fnv1a(hl, s + n - 8, 8);
	}
	if (upper && !lower && letters > 1)
		flags |= F_ALLCAPS;
	if (digits)
		flags |= F_HASDIGIT;
	if (digits && !letters)
		flags |= F_ALLDIGIT;
	if (!letters && !digits && others)
		flags |= F_PUNCT;
	if (!(flags & F_INITCAP))
		flags &= ~F_INNERCAP;
	ti->word = hw;
	ti->lower = hl;
	ti->sshape = hash_fnv1a(HASH_FNV_OFFSET, sshape, nsshape);
	ti->flags = flags;
	ti->cluster = 0;
	if (!ext)
		return;
	ti->shape = hash_fnv1a(HASH_FNV_OFFSET, shape, nshape);
	/* affixes by bytes of the lower-cased form: enough to hash, never shown */
	for (size_t k = 0; k < 4; k++) {
		size_t m = k + 1 <= nlow ? k + 1 : nlow;
		ti->prefix[k] = hash_fnv1a(HASH_FNV_OFFSET + k, low, m);
		ti->suffix[k] = hash_fnv1a(HASH_FNV_OFFSET + 7 + k, low + nlow - m, m);
	}
}

/* not a word's cluster (case bins are at most 7) nor "outside" (0xffffffff) */
#define CLUSTER_UNSET 0xfffffffeu

static uint32_t cluster_of(const struct clusters *cl, uint64_t key)
{
	if (!cl || !cl->cap)
		return 0;
	size_t i = (size_t)hash_mix64(key) & (cl->cap - 1);
	while (cl->keys[i]) {
		if (cl->keys[i] == key)
			return cl->paths[i];
		i = (i + 1) & (cl->cap - 1);
	}
	return 0;
}

uint64_t tagger_word_key(const char *s, size_t n)
{
	struct tokinfo ti;
	token_info(&ti, s, n, false);
	return ti.lower;
}

int tagger_prepare(struct tagger_ws *ws, const struct clusters *cl, const struct tok *toks, size_t n)
{
	if (n > ws->cap) {
		size_t cap = n < 64 ? 64 : n * 2;
		struct tokinfo *p = realloc(ws->info, cap * sizeof *p);
		if (!p)
			return -1;
		ws->info = p;
		uint8_t *ln = realloc(ws->lattice_n, cap);
		if (!ln)
			return -1;
		ws->lattice_n = ln;
		ws->cap = cap;
	}
	unsigned caps = 0, lowers = 0;
	for (size_t i = 0; i < n; i++) {
		token_info(&ws->info[i], toks[i].s, toks[i].len, false);
		/* found when a feature asks (cluster_get): a random read of a large table that
		 * most tokens, never scored, do not need */
		ws->info[i].cluster = CLUSTER_UNSET;
		if (ws->info[i].flags & F_ALLCAPS)
			caps++;
		else if (ws->info[i].flags & (F_LOWER | F_INITCAP))
			lowers++;
	}
	if (n)
		ws->info[0].flags |= F_FIRST;
	ws->headline = caps > 2 && caps > lowers;
	ws->toks = toks;
	ws->cl = cl;
	return 0;
}

/* Stand-ins for the words before the start and after the end of a sentence. */
static const uint64_t PAD_BEFORE[2] = {0x1111, 0x2222}, PAD_AFTER[2] = {0x3333, 0x4444};

enum token_field { FIELD_LOWER, FIELD_WORD, FIELD_SSHAPE };

/* A hash of the token d places from token i: the stand-ins beyond either end of the sentence. */
static inline uint64_t field_at(const struct tagger_ws *ws, size_t n, size_t i, int d, enum token_field f)
{
	long j = (long)i + d;
	if (j < 0)
		return PAD_BEFORE[-j - 1];
	if ((size_t)j >= n)
		return PAD_AFTER[j - (long)n];
	const struct tokinfo *t = &ws->info[j];
	return f == FIELD_LOWER ? t->lower : f == FIELD_WORD ? t->word : t->sshape;
}

static inline uint64_t lower_at_pos(const struct tagger_ws *ws, size_t n, size_t i, int d)
{
	return field_at(ws, n, i, d, FIELD_LOWER);
}

static inline uint64_t word_at_pos(const struct tagger_ws *ws, size_t n, size_t i, int d)
{
	return field_at(ws, n, i, d, FIELD_WORD);
}

static inline uint64_t sshape_at(const struct tagger_ws *ws, size_t n, size_t i, int d)
{
	return field_at(ws, n, i, d, FIELD_SSHAPE);
}

static inline uint32_t cluster_get(const struct tagger_ws *ws, size_t j)
{
	uint32_t c = ws->info[j].cluster;
	return c == CLUSTER_UNSET ? cluster_of(ws->cl, ws->info[j].lower) : c;
}

static inline uint32_t cluster_at(const struct tagger_ws *ws, size_t n, size_t i, int d)
{
	long j = (long)i + d;
	if (j < 0 || (size_t)j >= n)
		return 0xffffffffu;
	return cluster_get(ws, (size_t)j);
}

/* The prefix of length len of a cluster path (0 when the word has none). */
static inline uint64_t cluster_prefix(uint32_t c, unsigned len)
{
	if (c == 0xffffffffu)
		return 0xfeed;
	if (!c)
		return 0;
	uint32_t bits = c & ((1u << CLUSTER_PATH_MAX) - 1);
	return ((uint64_t)len << 32) | (bits >> (CLUSTER_PATH_MAX - len));
}

enum {
	T_BIAS, T_WORD, T_LOWER, T_PREFIX, T_SUFFIX = T_PREFIX + 4, T_SHAPE = T_SUFFIX + 4,
	T_SSHAPE, T_FLAGS, T_FLAG, T_W_1, T_W1, T_W_2, T_W2, T_WX_1, T_WX1, T_S_1, T_S1,
	T_S3, T_BI_1, T_BI1, T_GAZ, T_HEAD, T_CL, T_CL_1 = T_CL + 4, T_CL1 = T_CL_1 + 2,
	T_PREV = T_CL1 + 2, T_PREV2, T_PREVW, T_PREVS, T_HIST, T_HISTS, T_SUF3S,
	T_GAZW, T_HEADS, T_WSUF_1, T_CLB_1, T_CLB1, T_CL_2, T_CL2, T_PREVCL, T_CASE, T_CASEF,
	T_CLX,
};

/* The bin of the word's share of capitals inside sentences in the news (0: not known). */
static inline unsigned case_share(uint32_t cluster)
{
	return cluster == 0xffffffffu ? 0 : (cluster >> CLUSTER_PATH_MAX) & 7;
}

size_t static_features(const struct tagger_ws *ws, size_t n, size_t i, const gazmask *gaz,
		       uint32_t mask, uint32_t *f)
{
	/* the token's own shape and affixes, found now (token_info) */
	struct tokinfo full;
	token_info(&full, ws->toks[i].s, ws->toks[i].len, true);
	full.flags = ws->info[i].flags;
	full.cluster = cluster_get(ws, i);
	const struct tokinfo *t = &full;
	size_t k = 0;
	f[k++] = feat1(T_BIAS, 0, mask);
	f[k++] = feat1(T_WORD, t->word, mask);
	f[k++] = feat1(T_LOWER, t->lower, mask);
	for (unsigned a = 0; a < 4; a++) {
		f[k++] = feat1(T_PREFIX + a, t->prefix[a], mask);
		f[k++] = feat1(T_SUFFIX + a, t->suffix[a], mask);
	}
	f[k++] = feat1(T_SHAPE, t->shape, mask);
	f[k++] = feat1(T_SSHAPE, t->sshape, mask);
	f[k++] = feat1(T_FLAGS, t->flags, mask);
	for (unsigned b = 0; b < NFLAGS; b++)
		if (t->flags & (1u << b))
			f[k++] = feat1(T_FLAG, b, mask);
	f[k++] = feat1(T_W_1, lower_at_pos(ws, n, i, -1), mask);
	f[k++] = feat1(T_W1, lower_at_pos(ws, n, i, 1), mask);
	f[k++] = feat1(T_W_2, lower_at_pos(ws, n, i, -2), mask);
	f[k++] = feat1(T_W2, lower_at_pos(ws, n, i, 2), mask);
	f[k++] = feat1(T_WX_1, word_at_pos(ws, n, i, -1), mask);
	f[k++] = feat1(T_WX1, word_at_pos(ws, n, i, 1), mask);
	f[k++] = feat1(T_S_1, sshape_at(ws, n, i, -1), mask);
	f[k++] = feat1(T_S1, sshape_at(ws, n, i, 1), mask);
	f[k++] = feat3(T_S3, sshape_at(ws, n, i, -1), t->sshape, sshape_at(ws, n, i, 1), mask);
	f[k++] = feat2(T_BI_1, lower_at_pos(ws, n, i, -1), t->lower, mask);
	f[k++] = feat2(T_BI1, t->lower, lower_at_pos(ws, n, i, 1), mask);
	f[k++] = feat2(T_SUF3S, t->suffix[2], t->sshape, mask);
	f[k++] = feat2(T_WSUF_1, lower_at_pos(ws, n, i, -1), t->suffix[2], mask);
	if (ws->headline) {
		f[k++] = feat1(T_HEAD, t->lower, mask);
		f[k++] = feat2(T_HEADS, i == 0, t->shape, mask);
	}
	if (gaz && gaz[i]) {
		for (unsigned b = 0; b < 16; b++)
			if (gaz[i] & (1u << b)) {
				f[k++] = feat1(T_GAZ, b, mask);
				f[k++] = feat2(T_GAZW, b, t->sshape, mask);
			}
	}
	/* paths are 6 bits of a coarse class, 9 of a fine one and 11 of a finer one (cluster.c) */
	if (t->cluster) {
		static const unsigned lens[3] = {3, 6, 15};
		for (unsigned a = 0; a < 3; a++)
			f[k++] = feat1(T_CL + a, cluster_prefix(t->cluster, lens[a]), mask);
		f[k++] = feat2(T_CL + 3, cluster_prefix(t->cluster, 15), t->sshape, mask);
		f[k++] = feat1(T_CLX, cluster_prefix(t->cluster, 26), mask);
	}
	/* how the news writes the word inside a sentence, against how it is written here: a
	 * capitalised word that is mostly lower case is no name at the head of a sentence or in
	 * a headline */
	unsigned share = case_share(t->cluster);
	/* but capitals outside a headline are an acronym, another word than its lower case
	 * ("US", "us"; "WHO", "who") */
	if ((t->flags & F_ALLCAPS) && !ws->headline)
		share = 0;
	f[k++] = feat1(T_CASE, share, mask);
	f[k++] = feat2(T_CASEF, share, t->flags & (F_INITCAP | F_ALLCAPS | F_FIRST), mask);
	f[k++] = feat1(T_CL_1, cluster_prefix(cluster_at(ws, n, i, -1), 6), mask);
	f[k++] = feat1(T_CL_1 + 1, cluster_prefix(cluster_at(ws, n, i, -1), 15), mask);
	f[k++] = feat1(T_CL1, cluster_prefix(cluster_at(ws, n, i, 1), 6), mask);
	f[k++] = feat1(T_CL1 + 1, cluster_prefix(cluster_at(ws, n, i, 1), 15), mask);
	return k;
}

static int history_find(const struct history *h, uint64_t key)
{
	size_t i = (size_t)hash_mix64(key) & (HISTORY_SIZE - 1);
	for (unsigned probe = 0; probe < 32 && h->type[i]; probe++) {
		if (h->key[i] == key)
			return h->type[i];
		i = (i + 1) & (HISTORY_SIZE - 1);
	}
	return 0;
}

void history_clear(struct history *h)
{
	if (h->used)
		memset(h->type, 0, sizeof h->type);
	h->used = 0;
}

void history_note(struct history *h, const struct tagger_ws *ws, size_t i, int tag)
{
	const struct tokinfo *t = &ws->info[i];
	/* only capitalised words carry a name from one sentence to the next */
	if (!h || !(t->flags & (F_INITCAP | F_ALLCAPS)))
		return;
	size_t j = (size_t)hash_mix64(t->lower) & (HISTORY_SIZE - 1);
	for (unsigned probe = 0; probe < 32; probe++) {
		if (!h->type[j] || h->key[j] == t->lower) {
			if (!tag) {
				/* a word tagged O keeps what it was tagged as a name before */
				if (!h->type[j] && h->used < HISTORY_SIZE / 2) {
					h->key[j] = t->lower;
					h->type[j] = NTYPES + 1;
					h->used++;
				}
				return;
			}
			if (!h->type[j]) {
				if (h->used >= HISTORY_SIZE / 2)
					return;
				h->used++;
			}
			h->key[j] = t->lower;
			h->type[j] = (uint8_t)(1 + TAG_TYPE(tag));
			return;
		}
		j = (j + 1) & (HISTORY_SIZE - 1);
	}
}

size_t dynamic_features(const struct tagger_ws *ws, size_t i, int prev, int prev2, uint32_t mask,
			uint32_t *f)
{
	const struct tokinfo *t = &ws->info[i];
	size_t k = 0;
	/* the first two depend on prev2: beam_decode shares the others between paths */
	f[k++] = feat2(T_PREV2, (uint64_t)prev, (uint64_t)prev2, mask);
	f[k++] = feat1(T_PREV, (uint64_t)prev, mask);
	f[k++] = feat2(T_PREVW, (uint64_t)prev, t->lower, mask);
	f[k++] = feat2(T_PREVS, (uint64_t)prev, t->sshape, mask);
	return k;
}

size_t history_features(const struct tagger_ws *ws, size_t i, const struct history *h,
			uint32_t mask, uint32_t *f)
{
	const struct tokinfo *t = &ws->info[i];
	size_t k = 0;
	if (h && (t->flags & (F_INITCAP | F_ALLCAPS))) {
		int seen = history_find(h, t->lower);
		if (seen) {
			f[k++] = feat1(T_HIST, (uint64_t)seen, mask);
			f[k++] = feat2(T_HISTS, (uint64_t)seen, t->sshape, mask);
		}
	}
	return k;
}

bool tag_allowed(int prev, int tag)
{
	if (tag == TAG_O || TAG_IS_B(tag))
		return true;
	return prev == tag || prev == tag - 1;
}

/* A lower-case word, a number or punctuation after an O is O: names start with a capital in
 * the text this tagger knows, and skipping the scoring is what makes it fast. */
static const char *const openers[] = {
	"a", "after", "also", "an", "and", "as", "at", "but", "by", "for", "from", "he", "her",
	"his", "i", "if", "in", "it", "its", "on", "one", "she", "so", "that", "the", "their",
	"there", "these", "they", "this", "those", "to", "we", "when", "while", "with", "you",
};
static uint64_t opener_keys[sizeof openers / sizeof *openers];

/* Whether the token is a common word that opens a sentence ("The", "But", "In"). */
static bool is_opener(const struct tokinfo *t)
{
	if (!opener_keys[0]) {
		struct tokinfo ti;
		for (size_t k = 0; k < sizeof openers / sizeof *openers; k++) {
			token_info(&ti, openers[k], strlen(openers[k]), false);
			opener_keys[k] = ti.lower;
		}
	}
	for (size_t k = 0; k < sizeof openers / sizeof *openers; k++)
		if (opener_keys[k] == t->lower)
			return true;
	return false;
}

bool fast_outside(const struct tagger_ws *ws, size_t i, int prev, const gazmask *gaz,
		  size_t n)
{
	if (prev != TAG_O || (gaz && gaz[i]))
		return false;
	unsigned fl = ws->info[i].flags;
	if ((fl & (F_LOWER | F_ALLDIGIT)) || ((fl & F_PUNCT) && !(fl & F_NOTASCII)))
		return true;
	/* "The company said": a capitalised common word first, a lower-case word next */
	return i == 0 && (fl & F_INITCAP) && !(fl & F_ALLCAPS) &&
	       (n == 1 || (ws->info[1].flags & F_LOWER)) && is_opener(&ws->info[0]);
}

_Static_assert(NTAGS == 9, "add_rows keeps one sum for each of nine tags");

/* score[g] += the rows of features f[0..k) */
static inline void add_rows(const struct weights *w, const uint32_t *f, size_t k, int64_t *score)
{
	if (w->w16) {
		/* nine sums in registers, not in memory */
		int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0, s8 = 0;
		for (size_t a = 0; a < k; a++) {
			const int16_t *row = w->w16 + (size_t)f[a] * NTAGS;
			s0 += row[0];
			s1 += row[1];
			s2 += row[2];
			s3 += row[3];
			s4 += row[4];
			s5 += row[5];
			s6 += row[6];
			s7 += row[7];
			s8 += row[8];
		}
		score[0] += s0;
		score[1] += s1;
		score[2] += s2;
		score[3] += s3;
		score[4] += s4;
		score[5] += s5;
		score[6] += s6;
		score[7] += s7;
		score[8] += s8;
	} else {
		for (size_t a = 0; a < k; a++) {
			const int32_t *row = w->w32 + (size_t)f[a] * NTAGS;
			for (int g = 0; g < NTAGS; g++)
				score[g] += row[g];
		}
	}
}

/* A row of nine int16 may straddle two cache lines: ask for both. */
static inline void prefetch_row(const struct weights *w, uint32_t f)
{
	if (w->w16) {
		__builtin_prefetch(w->w16 + (size_t)f * NTAGS);
		__builtin_prefetch(w->w16 + (size_t)f * NTAGS + NTAGS - 1);
	} else {
		__builtin_prefetch(w->w32 + (size_t)f * NTAGS);
		__builtin_prefetch(w->w32 + (size_t)f * NTAGS + NTAGS - 1);
	}
}

/* ws->fk of a token fast_outside() passes (no features found for it yet) */
#define FK_OUTSIDE 0xFF
_Static_assert(MAX_FEATS < FK_OUTSIDE, "a token's feature count is never FK_OUTSIDE");

/* How many tokens ahead beam_decode asks for the rows of the weights. */
#define LOOK_AHEAD 3

/* The static and history features of token i into ws->fbuf, and their rows asked for. */
static void find_features(const struct weights *w, struct tagger_ws *ws, size_t n, size_t i,
			  const gazmask *gaz, const struct history *h)
{
	uint32_t *f = ws->fbuf + i * MAX_FEATS;
	for (size_t j = i ? i - 1 : 0; j <= i + 1 && j < n; j++)
		if (ws->info[j].cluster == CLUSTER_UNSET)
			ws->info[j].cluster = cluster_of(ws->cl, ws->info[j].lower);
	size_t k = static_features(ws, n, i, gaz, w->mask, f);
	k += history_features(ws, i, h, w->mask, f + k);
	ws->fk[i] = (uint8_t)k;
	for (size_t a = 0; a < k; a++)
		prefetch_row(w, f[a]);
	const struct tokinfo *t = &ws->info[i];
	for (int prev = 0; prev < NTAGS; prev++) {
		prefetch_row(w, feat2(T_PREVW, (uint64_t)prev, t->lower, w->mask));
		prefetch_row(w, feat2(T_PREVS, (uint64_t)prev, t->sshape, w->mask));
	}
}

int beam_decode(const struct weights *w, struct tagger_ws *ws, size_t n, const gazmask *gaz,
		const struct history *h, bool fast, uint8_t *tags)
{
	if (!n)
		return 0;
	size_t beam = w->beam ? w->beam : BEAM;
	/* when tagging, paths this far below the best are not followed: on the dev set it
	 * changes nothing and saves a third of the scoring */
	int64_t margin = w->w16 ? (int64_t)(TAG_MARGIN * w->scale) : 0;
	if (n * BEAM > ws->lattice_cap) {
		size_t cap = n * BEAM * 2;
		struct beam_item *p = realloc(ws->lattice, cap * sizeof *p);
		if (!p)
			return -1;
		ws->lattice = p;
		ws->lattice_cap = cap;
	}
	struct beam_item start = {0, TAG_O, TAG_O, 0};
	const struct beam_item *prev_items = &start;
	size_t nprev = 1;
	/* The features of a token that will be scored are found, and its weights asked for, a
	 * few tokens before it is scored, so that memory works while the processor adds: the
	 * rows of the table are where the time goes. Those of the previous tag with the word
	 * (T_PREVW, T_PREVS) are asked for too, for every tag. */
	if (n > ws->fcap) {
		size_t cap = n * 2;
		uint32_t *fb = realloc(ws->fbuf, cap * MAX_FEATS * sizeof *fb);
		if (!fb)
			return -1;
		ws->fbuf = fb;
		uint8_t *fk = realloc(ws->fk, cap);
		if (!fk)
			return -1;
		ws->fk = fk;
		ws->fcap = cap;
	}
	memset(ws->fk, 0, n);
	size_t ahead = 0; /* tokens before this one have been looked at */
	for (size_t i = 0; i < n; i++) {
		for (; ahead < n && ahead <= i + LOOK_AHEAD; ahead++) {
			if (fast && fast_outside(ws, ahead, TAG_O, gaz, n))
				ws->fk[ahead] = FK_OUTSIDE; /* asked once: the test below reads it */
			else
				find_features(w, ws, n, ahead, gaz, h);
		}
		struct beam_item *cur = ws->lattice + i * BEAM;
		size_t ncur = 0;
		size_t best = 0;
		for (size_t j = 1; j < nprev; j++)
			if (prev_items[j].score > prev_items[best].score)
				best = j;
		if (fast && prev_items[best].tag == TAG_O && ws->fk[i] == FK_OUTSIDE) {
			/* the best path goes on with O, and the others are dropped: a lower-case word
			 * rarely rescues a name the best path did not want */
			cur[0] = (struct beam_item){prev_items[best].score, TAG_O, TAG_O, (uint16_t)best};
			ws->lattice_n[i] = 1;
			prev_items = cur;
			nprev = 1;
			continue;
		}
		if (!ws->fk[i] || ws->fk[i] == FK_OUTSIDE)
			find_features(w, ws, n, i, gaz, h);
		const uint32_t *f = ws->fbuf + i * MAX_FEATS;
		size_t k = ws->fk[i];
		int64_t stat[NTAGS] = {0};
		add_rows(w, f, k, stat);
		/* the best path into each (tag, previous tag) state */
		int64_t best_score[NTAGS * NTAGS];
		int best_back[NTAGS * NTAGS];
		int touched[NTAGS * NTAGS], nt = 0;
		/* which states are touched, a bit each (the order of touched does not matter: the
		 * beam below is ordered by score, then state) */
		uint64_t seen_bits[2] = {0, 0};
		/* the features of the previous tag alone are the same for every path with that tag */
		int64_t by_prev[NTAGS][NTAGS];
		bool have_prev[NTAGS] = {false};
		for (size_t j = 0; j < nprev; j++) {
			const struct beam_item *it = &prev_items[j];
			uint32_t d[8];
			size_t kd = dynamic_features(ws, i, it->tag, it->prev, w->mask, d);
			if (!have_prev[it->tag]) {
				memset(by_prev[it->tag], 0, sizeof by_prev[it->tag]);
				add_rows(w, d + 2, kd - 2, by_prev[it->tag]);
				have_prev[it->tag] = true;
			}
			int64_t dyn[NTAGS];
			memcpy(dyn, by_prev[it->tag], sizeof dyn);
			add_rows(w, d, 2, dyn);
			for (int g = 0; g < NTAGS; g++) {
				if (!tag_allowed(it->tag, g))
					continue;
				int64_t sc = it->score + stat[g] + dyn[g];
				int key = g * NTAGS + it->tag;
				uint64_t bit = 1ull << (key & 63);
				if (!(seen_bits[key >> 6] & bit)) {
					seen_bits[key >> 6] |= bit;
					touched[nt++] = key;
					best_score[key] = sc;
					best_back[key] = (int)j;
				} else if (sc > best_score[key]) {
					best_score[key] = sc;
					best_back[key] = (int)j;
				}
			}
		}
		/* the beam's best states, best first (ties to the lower state number, for the same
		 * result everywhere), none too far below the best */
		int top[BEAM];
		size_t ntop = 0;
		for (int t = 0; t < nt; t++) {
			int key = touched[t];
			size_t at = ntop;
			while (at > 0 && (best_score[key] > best_score[top[at - 1]] ||
					  (best_score[key] == best_score[top[at - 1]] && key < top[at - 1])))
				at--;
			if (at >= beam)
				continue;
			if (ntop < beam)
				ntop++;
			memmove(top + at + 1, top + at, (ntop - 1 - at) * sizeof *top);
			top[at] = key;
		}
		for (size_t b = 0; b < ntop; b++) {
			int pick = top[b];
			if (margin && best_score[pick] < best_score[top[0]] - margin)
				break;
			cur[ncur++] = (struct beam_item){best_score[pick], (uint8_t)(pick / NTAGS),
							 (uint8_t)(pick % NTAGS), (uint16_t)best_back[pick]};
		}
		ws->lattice_n[i] = (uint8_t)ncur;
		prev_items = cur;
		nprev = ncur;
	}
	size_t best = 0;
	for (size_t j = 1; j < nprev; j++)
		if (prev_items[j].score > prev_items[best].score)
			best = j;
	for (size_t i = n; i-- > 0;) {
		const struct beam_item *it = ws->lattice + i * BEAM + best;
		tags[i] = it->tag;
		best = it->back;
	}
	return 0;
}

int tag_sentence(const struct model *m, const struct clusters *cl, struct tagger_ws *ws,
		 const struct tok *toks, size_t n, const gazmask *gaz, struct history *h,
		 uint8_t *tags)
{
	if (tagger_prepare(ws, cl, toks, n) < 0)
		return -1;
	struct weights w = {.w16 = m->w, .mask = m->mask, .beam = m->beam ? m->beam : TAG_BEAM,
			    .scale = m->scale};
	if (beam_decode(&w, ws, n, gaz, h, true, tags) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		history_note(h, ws, i, tags[i]);
	return 0;
}

void tagger_ws_free(struct tagger_ws *ws)
{
	free(ws->info);
	free(ws->lattice);
	free(ws->lattice_n);
	free(ws->fbuf);
	free(ws->fk);
	memset(ws, 0, sizeof *ws);
}
