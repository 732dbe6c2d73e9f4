/* sketch.c: from a key to its normalised words, shingles, MinHash/SimHash and LSH band keys.
 *
 * Words are maximal runs of letters, marks and digits after NFC and case folding; everything
 * else (punctuation, quotes of any kind, whitespace) only separates them. A word with a digit is
 * a number and keeps its inner '.' and ',' ("1,500.5"), so that numbers stay whole. MinHash is
 * one-permutation hashing with optimal densification (Shrivastava, ICML 2017): one hash per
 * shingle instead of one per shingle and bin, which is what makes 50 MB/s possible. */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "dedupe.h"
#include "hash.h"
#include "utf8.h"

#define GOLDEN 0x9E3779B97F4A7C15ULL
#define MAX_SHINGLE 16

static inline uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

/* ASCII letters and digits: word characters; the rest of ASCII separates words */
static const unsigned char ascii_word[128] = {
	['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
	['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1,
	['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
};

/* 0: separator, 1: letter or mark, 2: digit; *len is the length of the character at s */
static inline int char_class(const unsigned char *s, size_t n, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return ascii_word[s[0]];
	}
	int32_t cp = utf8_decode((const char *)s, n, len);
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	case UTF8PROC_CATEGORY_ND:
		return 2;
	default:
		return 0;
	}
}

struct shingler {
	struct sketcher *k;
	uint64_t ring[MAX_SHINGLE];
	int next; /* the ring slot the next word goes to */
	unsigned char isnum[MAX_SHINGLE];
	long words;
	uint64_t prev_word;      /* hash of the word before the current one */
	uint64_t pending_context; /* a number waits for the word after it */
	uint64_t pending_value;
	bool pending;
	uint32_t size;
	uint64_t nonempty[SIG_BINS / 64];
};

static inline void add_hash(struct shingler *sh, uint64_t h)
{
	struct sketcher *k = sh->k;
	sh->size++;
	if (k->p.mode == MODE_SIMHASH) {
		for (int b = 0; b < 64; b++)
			k->simcount[b] += (int32_t)((h >> b) & 1) * 2 - 1;
		return;
	}
	unsigned bin = (unsigned)(h >> 57);
	uint32_t v = (uint32_t)h;
	sh->nonempty[bin >> 6] |= 1ULL << (bin & 63);
	if (v < k->minhash[bin])
		k->minhash[bin] = v;
}

/* The shingle of the last n words; a shingle with a number in it is added number_weight times,
 * each time under another salt, so that it weighs that much more in the Jaccard similarity. */
static void add_shingle(struct shingler *sh, int n)
{
	int len = sh->k->p.shingle;
	uint64_t h = 0x243F6A8885A308D3ULL;
	bool number = false;
	for (int i = n; i > 0; i--) {
		int slot = sh->next - i; /* the ring slot of word (words - i), without a division */
		if (slot < 0)
			slot += len;
		h = rotl(h, 27) ^ sh->ring[slot];
		h *= GOLDEN;
		number |= sh->isnum[slot];
	}
	int weight = number ? sh->k->p.number_weight : 1;
	for (int i = 0; i < weight; i++)
		add_hash(sh, hash_mix64(h + (uint64_t)i * GOLDEN));
}

static void add_figure(struct sketch *sk, struct shingler *sh, uint64_t next_word)
{
	sh->pending = false;
	if (sk->nfigures == MAX_FIGURES)
		return;
	uint64_t context = hash_mix64(rotl(sh->pending_context, 31) ^ next_word ^ GOLDEN);
	sk->figures[sk->nfigures++] = context << 32 | (uint32_t)sh->pending_value;
}

/* The bins an empty bin borrows from, in the order it tries them: the same for every key, so
 * they are computed once (the first DENSIFY_CACHED tries; later ones, rare, on the fly). */
#define DENSIFY_CACHED 64
static unsigned char densify_order[SIG_BINS][DENSIFY_CACHED];
static bool densify_ready;

static inline unsigned densify_bin(unsigned i, uint64_t attempt)
{
	return (unsigned)(hash_mix64(((uint64_t)i << 32) + attempt) >> 57);
}

static void densify(struct sketcher *k, const uint64_t *nonempty)
{
	if (!densify_ready) {
		for (unsigned i = 0; i < SIG_BINS; i++)
			for (unsigned a = 0; a < DENSIFY_CACHED; a++)
				densify_order[i][a] = (unsigned char)densify_bin(i, a + 1);
		densify_ready = true;
	}
	for (unsigned i = 0; i < SIG_BINS; i++) {
		if (nonempty[i >> 6] & (1ULL << (i & 63)))
			continue;
		for (uint64_t attempt = 1;; attempt++) {
			unsigned j = attempt <= DENSIFY_CACHED ? densify_order[i][attempt - 1] : densify_bin(i, attempt);
			if (nonempty[j >> 6] & (1ULL << (j & 63))) {
				k->minhash[i] = k->minhash[j];
				break;
			}
		}
	}
}

int sketch_key(struct sketcher *k, const char *s, size_t n, uint64_t group, struct sketch *sk)
{
	buf_clear(&k->fold);
	if (utf8_is_ascii(s, n)) {
		if (buf_reserve(&k->fold, n) < 0)
			return -1;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			k->fold.p[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		k->fold.len = n;
	} else if (utf8_casefold(s, n, &k->fold) < 0) {
		return -1;
	}
	struct shingler sh = {.k = k};
	sk->nfigures = 0;
	memset(k->minhash, 0xff, sizeof k->minhash);
	memset(k->simcount, 0, sizeof k->simcount);
	int len = k->p.shingle;
	uint64_t exact = 0;
	const unsigned char *p = (const unsigned char *)k->fold.p, *end = p + k->fold.len;
	while (p < end) {
		size_t clen;
		int cls = char_class(p, (size_t)(end - p), &clen);
		if (!cls) {
			p += clen;
			continue;
		}
		const unsigned char *word = p;
		bool number = false;
		for (;;) {
			number |= cls == 2;
			p += clen;
			if (p >= end)
				break;
			cls = char_class(p, (size_t)(end - p), &clen);
			if (!cls && number && (*p == '.' || *p == ',') && p + 1 < end && p[1] >= '0' && p[1] <= '9' &&
			    (p[-1] >= '0' && p[-1] <= '9')) {
				cls = 2; /* "1,500.5" stays one number */
				clen = 1;
			}
			if (!cls)
				break;
		}
		uint64_t wh = hash64(word, (size_t)(p - word), 0);
		if (sh.pending)
			add_figure(sk, &sh, wh);
		if (number) {
			sh.pending = true;
			sh.pending_context = sh.prev_word;
			sh.pending_value = wh;
		}
		sh.prev_word = wh;
		exact = (rotl(exact, 23) ^ wh) * GOLDEN;
		int slot = sh.next;
		sh.next = slot + 1 == len ? 0 : slot + 1;
		sh.ring[slot] = wh;
		sh.isnum[slot] = number;
		sh.words++;
		if (sh.words >= len)
			add_shingle(&sh, len);
	}
	if (sh.pending)
		add_figure(sk, &sh, 0);
	sk->empty = sh.words == 0;
	sk->nkeys = 0;
	sk->size = 0;
	sk->has_sig = false;
	sk->simhash = 0;
	if (sk->empty)
		return 0;
	if (sh.words < len)
		add_shingle(&sh, (int)sh.words); /* a key shorter than a shingle is one shingle */
	sk->size = sh.size;
	sk->exact = hash_mix64(exact ^ (uint64_t)sh.words);
	uint64_t salt = hash_mix64(group + GOLDEN);
	sk->keys[sk->nkeys++] = hash_mix64(sk->exact ^ salt) | 1;
	if (k->p.mode == MODE_MINHASH) {
		densify(k, sh.nonempty);
		sk->has_sig = true;
		for (int i = 0; i < SIG_BINS; i++)
			sk->sig[i] = (uint16_t)k->minhash[i];
		for (int b = 0; b < k->p.bands; b++)
			sk->keys[sk->nkeys++] = hash64(k->minhash + b * k->p.rows, (size_t)k->p.rows * 4,
						       salt + (uint64_t)b + 1) | 1;
	} else if (k->p.mode == MODE_SIMHASH) {
		uint64_t h = 0;
		for (int b = 0; b < 64; b++)
			if (k->simcount[b] > 0)
				h |= 1ULL << b;
		sk->simhash = h;
		/* pigeonhole: within distance bits, one of bits + 1 blocks is equal */
		int blocks = k->p.bits + 1, from = 0;
		for (int b = 0; b < blocks; b++) {
			int to = 64 * (b + 1) / blocks;
			uint64_t mask = (to - from == 64 ? ~0ULL : ((1ULL << (to - from)) - 1)) << from;
			sk->keys[sk->nkeys++] = hash_mix64((h & mask) ^ salt ^ ((uint64_t)(b + 1) << 58)) | 1;
			from = to;
		}
	}
	return 0;
}

double sig_similarity(const uint16_t *a, const uint16_t *b)
{
	int same = 0;
	for (int i = 0; i < SIG_BINS; i++)
		same += a[i] == b[i];
	return (double)same / SIG_BINS;
}

bool figures_conflict(const uint64_t *a, int na, const uint64_t *b, int nb)
{
	for (int i = 0; i < na; i++) {
		bool same_context = false, same_value = false;
		for (int j = 0; j < nb && !same_value; j++) {
			if (a[i] >> 32 != b[j] >> 32)
				continue;
			same_context = true;
			same_value = a[i] == b[j];
		}
		if (same_context && !same_value)
			return true;
	}
	return false;
}

void sketch_scheme(const struct sketch_params *p, char *out, size_t n)
{
	static const char *names[] = {"minhash", "exact", "simhash"};
	snprintf(out, n, "%s v%d shingle=%d number-weight=%d bands=%dx%d bits=%d", names[p->mode], SCHEME_VERSION,
		 p->mode == MODE_EXACT ? 0 : p->shingle, p->mode == MODE_EXACT ? 0 : p->number_weight,
		 p->mode == MODE_MINHASH ? p->bands : 0, p->mode == MODE_MINHASH ? p->rows : 0,
		 p->mode == MODE_SIMHASH ? p->bits : 0);
}
