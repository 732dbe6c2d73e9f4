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

/* hash64 (XXH3) inlined: a call per word costs as much as hashing it */
#define XXH_INLINE_ALL
#include <xxhash.h>
#define hash64(data, len, seed) XXH3_64bits_withSeed((data), (len), (seed))

#define GOLDEN 0x9E3779B97F4A7C15ULL
#define LINE_END 0x4C494E45454E4421ULL /* the word hash of a line end in a figure's context */
#define MAX_SHINGLE 16

static inline uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

/* ASCII letters and digits: word characters; the rest of ASCII separates words (and bytes from
 * 0x80, non-ASCII, are 0 here, looked up by char_class) */
static const unsigned char ascii_word[256] = {
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
	/* the last words, each twice (at slot and slot + shingle), so that the last n are
	 * contiguous: from next + shingle - n */
	uint64_t ring[2 * MAX_SHINGLE];
	int next; /* the ring slot the next word goes to */
	unsigned char isnum[2 * MAX_SHINGLE];
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
	uint32_t m = k->minhash[bin];
	k->minhash[bin] = v < m ? v : m; /* no branch: which is smaller is a coin toss at first */
}

/* The shingle of the last n words; a shingle with a number in it is added number_weight times,
 * each time under another salt, so that it weighs that much more in the Jaccard similarity. */
static inline void add_shingle(struct shingler *sh, int n)
{
	int from = sh->next + sh->k->p.shingle - n; /* word (words - n) */
	const uint64_t *ring = sh->ring + from;
	const unsigned char *isnum = sh->isnum + from;
	uint64_t h = 0x243F6A8885A308D3ULL;
	unsigned char number = 0;
	for (int i = 0; i < n; i++) {
		h = rotl(h, 27) ^ ring[i];
		h *= GOLDEN;
		number |= isnum[i];
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
	for (unsigned w = 0; w < SIG_BINS / 64; w++)
	for (uint64_t empty = ~nonempty[w]; empty; empty &= empty - 1) {
		unsigned i = 64 * w + (unsigned)__builtin_ctzll(empty);
		const unsigned char *order = densify_order[i];
		unsigned a = 0, j;
		for (; a < DENSIFY_CACHED; a++) {
			j = order[a];
			if (nonempty[j >> 6] & (1ULL << (j & 63)))
				break;
		}
		if (a == DENSIFY_CACHED) {
			for (uint64_t attempt = DENSIFY_CACHED + 1;; attempt++) {
				j = densify_bin(i, attempt);
				if (nonempty[j >> 6] & (1ULL << (j & 63)))
					break;
			}
		}
		k->minhash[i] = k->minhash[j];
	}
}

/* Appends s[0..n), ASCII, in lower case to b. Returns 0 or -1. */
static int fold_ascii(struct buf *b, const char *s, size_t n)
{
	if (buf_reserve(b, n) < 0)
		return -1;
	char *o = b->p + b->len;
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) { /* 8 bytes at a time: each below 0x80, so no carry */
		uint64_t x;
		memcpy(&x, s + i, 8);
		uint64_t upper = (x + ones * (0x80 - 'A')) & ~(x + ones * (0x80 - 'Z' - 1)) & highs;
		x |= upper >> 2;
		memcpy(o + i, &x, 8);
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		o[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	b->len += n;
	b->p[b->len] = '\0'; /* the end of the word loop of sketch_key */
	return 0;
}

/* Appends the NFC case folding of valid UTF-8 s[0..n) to b: ASCII runs in lower case here, and
 * each run of other characters through utf8proc with the ASCII character before it (the starter
 * that a combining mark may compose with). An ASCII character is a starter that nothing after it
 * composes into, so this is what folding the whole at once gives, without its cost on mostly
 * ASCII text. Returns 0 or -1. */
static int fold_mixed(struct buf *b, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && (unsigned char)s[j] < 0x80)
			j++;
		if (fold_ascii(b, s + i, j - i) < 0)
			return -1;
		if (j == n)
			break;
		size_t e = j + 1;
		while (e < n && (unsigned char)s[e] >= 0x80)
			e++;
		size_t from = j;
		if (j > i) { /* the ASCII character before goes with the run */
			from = j - 1;
			b->len--;
		}
		if (utf8_casefold(s + from, e - from, b) < 0)
			return -1;
		i = e;
	}
	return 0;
}

/* Containment keys: the want smallest values among the bins that shingles filled (not those
 * densification filled), each with its bin. They are close to the bottom-k of the shingle set, and
 * what makes them keys for containment is this: when the shingles of a shorter text B are (nearly)
 * all in a longer A, as in a truncated copy or one without some paragraphs, the smallest of B is in
 * A's k smallest unless the k smallest of A all miss B, which happens with probability
 * (1 - |B|/|A|)^k: 1.4% for a copy of 30% at k = 12, 0.02% at 50%. LSH bands, tuned for Jaccard
 * 0.65, collide on such pairs (Jaccard 0.3-0.6) only by chance. Writes them to keys; returns
 * how many (fewer when fewer bins are filled). */
static int containment_keys(const uint32_t *minhash, const uint64_t *nonempty, int want, uint64_t salt,
			    uint64_t *keys)
{
	uint64_t best[CONTAIN_KEYS]; /* value << 8 | bin, ascending */
	int n = 0;
	for (unsigned w = 0; w < SIG_BINS / 64; w++)
	for (uint64_t full = nonempty[w]; full; full &= full - 1) {
		unsigned bin = 64 * w + (unsigned)__builtin_ctzll(full);
		uint64_t v = (uint64_t)minhash[bin] << 8 | bin;
		if (n == want && v >= best[n - 1])
			continue;
		int i = n < want ? n++ : n - 1;
		for (; i > 0 && best[i - 1] > v; i--)
			best[i] = best[i - 1];
		best[i] = v;
	}
	for (int i = 0; i < n; i++)
		keys[i] = hash_mix64(best[i] ^ salt ^ 0xC0A7A1B5C0A7A1B5ULL) | 1;
	return n;
}

int sketch_key(struct sketcher *k, const char *s, size_t n, uint64_t group, struct sketch *sk)
{
	buf_clear(&k->fold);
	if (utf8_is_ascii(s, n)) {
		if (fold_ascii(&k->fold, s, n) < 0)
			return -1;
	} else if (fold_mixed(&k->fold, s, n) < 0) {
		return -1;
	}
	struct shingler sh = {.k = k};
	sk->nfigures = 0;
	memset(k->minhash, 0xff, sizeof k->minhash);
	memset(k->simcount, 0, sizeof k->simcount);
	int len = k->p.shingle;
	uint64_t exact = 0;
	const unsigned char *p = (const unsigned char *)k->fold.p, *end = p + k->fold.len;
	bool line_end = false; /* a line end since the last word */
	while (p < end) {
		size_t clen;
		int cls = char_class(p, (size_t)(end - p), &clen);
		if (!cls) {
			line_end |= *p == '\n';
			p += clen;
			continue;
		}
		const unsigned char *word = p;
		bool number = false;
		for (;;) {
			number |= cls == 2;
			p += clen;
			/* the common case, tight: ASCII letters and digits, up to the NUL after the end */
			unsigned char c, classes = 0;
			while ((c = ascii_word[*p])) {
				classes |= c;
				p++;
			}
			number |= classes & 2;
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
		/* a figure's context stops at a line end: a copy without some paragraphs puts other
		 * words beside the figures at the edges of those it kept, and that is no other figure */
		if (line_end) {
			sh.prev_word = LINE_END;
			line_end = false;
			if (sh.pending)
				add_figure(sk, &sh, LINE_END);
		}
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
		sh.ring[slot] = sh.ring[slot + len] = wh;
		sh.isnum[slot] = sh.isnum[slot + len] = number;
		sh.words++;
		if (sh.words >= len)
			add_shingle(&sh, len);
	}
	if (sh.pending)
		add_figure(sk, &sh, 0);
	sk->empty = sh.words == 0;
	sk->nkeys = 0;
	sk->ncontain = 0;
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
		int want = k->p.contain < CONTAIN_KEYS ? k->p.contain : CONTAIN_KEYS;
		uint64_t contain[CONTAIN_KEYS];
		/* a key of a few words (a headline) has no containment keys: a copy of a third of it
		 * is a few words, and the estimate of what such pairs share is noise */
		int ncontain = want > 0 && sh.size >= CONTAIN_MIN_SIZE ?
				       containment_keys(k->minhash, sh.nonempty, want, salt, contain) : 0;
		densify(k, sh.nonempty);
		sk->has_sig = true;
		/* the high bits keep the order of two values: a bin where the smaller text's least
		 * value is below the other's holds a shingle the other lacks; the low bit marks a bin
		 * densification filled, whose order says nothing */
		if (k->p.version == SCHEME_VERSION_OLD)
			for (int i = 0; i < SIG_BINS; i++)
				sk->sig[i] = (uint16_t)k->minhash[i];
		else
			for (int i = 0; i < SIG_BINS; i++)
				sk->sig[i] = (uint16_t)((k->minhash[i] >> 17) << 1 |
							!(sh.nonempty[i >> 6] >> (i & 63) & 1));
		for (int b = 0; b < k->p.bands; b++)
			sk->keys[sk->nkeys++] = hash64(k->minhash + b * k->p.rows, (size_t)k->p.rows * 4,
						       salt + (uint64_t)b + 1) | 1;
		memcpy(sk->keys + sk->nkeys, contain, (size_t)ncontain * sizeof *contain);
		sk->nkeys += ncontain;
		sk->ncontain = ncontain;
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

double sig_containment(const uint16_t *small, const uint16_t *large, int *bins)
{
	/* a bin the smaller text fills: its least value is the other's (a shingle both have), or
	 * below it, or the other has nothing there (a shingle the other lacks) */
	/* eight bins at a time (GCC and Clang vectors): a comparison gives -1 in a lane where it
	 * holds, so subtracting it counts */
	typedef uint16_t lanes __attribute__((vector_size(16)));
	lanes same_n = {0}, apart_n = {0}, one = {1, 1, 1, 1, 1, 1, 1, 1}, zero = {0};
	for (int i = 0; i < SIG_BINS; i += 8) {
		lanes a, b;
		memcpy(&a, small + i, sizeof a);
		memcpy(&b, large + i, sizeof b);
		lanes filled = (lanes)((a & one) == zero), empty_b = (lanes)((b & one) != zero);
		same_n -= filled & (lanes)(a == b);
		apart_n -= filled & (empty_b | (lanes)(a < b));
	}
	unsigned same = 0, apart = 0;
	for (int i = 0; i < 8; i++) {
		same += same_n[i];
		apart += apart_n[i];
	}
	*bins = (int)(same + apart);
	return same + apart >= 8 ? (double)same / (same + apart) : 0;
}

/* Version 1's estimate: |A n B| from the Jaccard estimate and the sizes, over the smaller set.
 * Its variance is the Jaccard estimate's, scaled up: a copy of a third lost one in thirty. */
static double jaccard_containment(double sim, double a, double b)
{
	double common = sim * (a + b) / (1 + sim);
	return common / (a < b ? a : b);
}

bool figures_conflict(const uint64_t *a, int na, const uint64_t *b, int nb)
{
	/* b's list stops at its MAX_FIGURES-th figure: a's figures after the last one b also has, in
	 * the same order, may stand past that horizon, where b's same context with another value
	 * says nothing (a copy without some paragraphs reaches further into the text). With no
	 * figure in common there is no horizon to find: all are compared. */
	int horizon = na;
	if (nb == MAX_FIGURES) {
		int from = 0, last = 0;
		for (int i = 0; i < na && from < nb; i++)
			for (int j = from; j < nb; j++)
				if (a[i] == b[j]) {
					last = i + 1;
					from = j + 1;
					break;
				}
		if (last)
			horizon = last;
	}
	for (int i = 0; i < horizon; i++) {
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
	snprintf(out, n, "%s v%d shingle=%d number-weight=%d bands=%dx%d bits=%d", names[p->mode],
		 p->version ? p->version : SCHEME_VERSION,
		 p->mode == MODE_EXACT ? 0 : p->shingle, p->mode == MODE_EXACT ? 0 : p->number_weight,
		 p->mode == MODE_MINHASH ? p->bands : 0, p->mode == MODE_MINHASH ? p->rows : 0,
		 p->mode == MODE_SIMHASH ? p->bits : 0);
}

bool sketch_verify(const struct verify_params *vp, const struct sketch *sk, const struct rep_view *v,
		   bool exact_probe, double *sim)
{
	bool dup;
	if (exact_probe || vp->mode == MODE_EXACT) {
		*sim = 1;
		dup = true;
	} else if (vp->mode == MODE_SIMHASH) {
		int d = __builtin_popcountll(v->simhash ^ sk->simhash);
		*sim = 1 - d / 64.0;
		dup = d <= vp->bits;
	} else {
		*sim = sig_similarity(v->sig, sk->sig);
		dup = *sim >= vp->threshold;
		if (!dup && vp->containment > 0 && *sim > 0) {
			if (vp->version == SCHEME_VERSION_OLD) {
				dup = jaccard_containment(*sim, sk->size, v->size) >= vp->containment;
			} else {
				/* a long text that shares four fifths of itself is an edited copy of the
				 * same story; a short one may be a template: the slack needs bins */
				int bins;
				double c = sig_containment(sk->size <= v->size ? sk->sig : v->sig,
							   sk->size <= v->size ? v->sig : sk->sig, &bins);
				dup = c >= vp->containment - (bins >= CONTAIN_LONG_BINS ? CONTAIN_LONG_SLACK : 0);
			}
		}
	}
	/* the figures of the shorter text are looked for in the longer one (the new row's when they
	 * are as long): a copy without some paragraphs lacks some figures, and "on 12 minutes" in
	 * a paragraph it dropped is no other figure of "on 28 minutes" in one it kept */
	bool rep_shorter = v->size < sk->size;
	if (dup && !exact_probe && !vp->ignore_figures &&
	    (rep_shorter ? figures_conflict(v->figures, v->nfigures, sk->figures, sk->nfigures) :
			   figures_conflict(sk->figures, sk->nfigures, v->figures, v->nfigures)))
		dup = false;
	return dup;
}

char key_kind(const struct sketch *sk, int i)
{
	return i == 0 ? 'e' : i >= sk->nkeys - sk->ncontain ? 'c' : 'b';
}
