/* dedupe.h: the parts of dedupe shared by its files: sketches of a key (exact hash, MinHash,
 * SimHash, LSH band keys), the in-memory index and the SQLite state. */
#ifndef DEDUPE_H
#define DEDUPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "row.h"
#include "tsv.h"

#define SIG_BINS 128  /* MinHash values per key (one-permutation hashing, 128 bins) */
#define MAX_BANDS 64
#define CONTAIN_KEYS 12 /* containment keys of a MinHash sketch (see sketch_key) */
#define CONTAIN_MIN_SIZE 24 /* weighted shingles of the least key that has them */
#define MAX_KEYS (MAX_BANDS + 1 + CONTAIN_KEYS) /* the exact key, the band keys, the containment keys */
#define MAX_FIGURES 32 /* numbers compared, the first in the text */
#define SCHEME_VERSION 2 /* bump when hashing changes: old states are then refused */
/* Version 1 kept the low 16 bits of each MinHash value and estimated containment from the
 * Jaccard estimate; its states are still read (and grown) the version 1 way. */
#define SCHEME_VERSION_OLD 1

enum mode { MODE_MINHASH, MODE_EXACT, MODE_SIMHASH };

struct sketch_params {
	enum mode mode;
	int shingle;       /* words per shingle */
	int number_weight; /* a shingle holding a number counts this many times */
	int bands, rows;   /* LSH: bands of rows MinHash values each */
	int bits;          /* SimHash: largest Hamming distance of a duplicate */
	int contain;       /* MinHash: containment keys after the band keys (0 to CONTAIN_KEYS) */
	int version;       /* SCHEME_VERSION, or SCHEME_VERSION_OLD for a state of that version */
};

struct sketch {
	bool empty;      /* the key has no words: never a duplicate, never indexed */
	uint64_t exact;  /* hash of the normalised key (words joined by one space) */
	uint32_t size;   /* weighted shingle count */
	bool has_sig;    /* sig holds a MinHash signature */
	uint16_t sig[SIG_BINS]; /* low 16 bits of each MinHash value: what verification compares */
	uint64_t figures[MAX_FIGURES]; /* numbers: context hash << 32 | value hash, text order */
	int nfigures;
	uint64_t simhash;
	uint64_t keys[MAX_KEYS]; /* keys[0] is the exact key; then the band keys, the containment keys */
	int nkeys;
	int ncontain; /* the last ncontain keys are containment keys */
};

struct sketcher {
	struct sketch_params p;
	struct buf fold;
	uint32_t minhash[SIG_BINS];
	int32_t simcount[64];
};

/* Normalises s[0..n) (valid UTF-8: NFC, case folding, words only) and fills sk, its keys salted
 * with group (the hash of the --by value, 0 without --by). Returns 0, or -1 when out of memory. */
int sketch_key(struct sketcher *k, const char *s, size_t n, uint64_t group, struct sketch *sk);

/* Similarity of two MinHash signatures (matching bins / SIG_BINS). */
double sig_similarity(const uint16_t *a, const uint16_t *b);
/* Estimated share of the smaller key's shingles that the larger has, from the bins the smaller
 * fills (*bins; 0 when fewer than 8). */
double sig_containment(const uint16_t *small, const uint16_t *large, int *bins);
#define CONTAIN_LONG_BINS 60    /* a containment estimate on this many bins ... */
#define CONTAIN_LONG_SLACK 0.05 /* ... may fall this far below --containment */

/* True when a number stands between the same words in a and b with another value in each: the
 * same template with other figures, a different report. */
bool figures_conflict(const uint64_t *a, int na, const uint64_t *b, int nb);

/* The scheme string stored in a state: a state is only read with the same scheme. */
void sketch_scheme(const struct sketch_params *p, char *out, size_t n);

/* LSH buckets in memory (probetab.c): rows (nonzero 32-bit values) filed under 32-bit key
 * fragments, the high 32 bits of the keys. */
#define PROBETAB_MAX_TABLES 32
struct probe_table {
	unsigned char *slots;
	size_t nslots, used;
};
/* Rows filed once for all (a state's rows at load), bucketed by the fragment's high bits: no free
 * slots; an entry is the fragment's other bits and the value, bit-packed (some 32 bits). */
struct probe_base {
	uint32_t *off;        /* nbuckets + 1: where each bucket's entries start */
	unsigned char *bits;  /* the entries, width bits each */
	size_t n, nbuckets, bytes;
	int shift;            /* bucket = fragment >> shift; the low shift bits are in the entry */
	int width;            /* bits an entry: shift, then the value's */
};
struct probetab {
	struct probe_table tables[PROBETAB_MAX_TABLES];
	int ntables;
	int slot; /* bytes a slot */
	bool presized;
	struct probe_base base;
};
/* Sets up room for about entries entries. More is added as needed: when presized (a state's),
 * 6-byte slots and tables beside the first, each as large as the others together; else 8-byte
 * slots in one table, doubled. Returns 0 or -1. */
int probetab_init(struct probetab *p, size_t entries, bool presized);
void probetab_free(struct probetab *p);
/* Files rows once for all, older than any added later: row i (value values[i]) under counts[i]
 * fragments, taken in order from frags. Only before any probetab_add. Returns 0 or -1. */
int probetab_set_base(struct probetab *p, const uint32_t *frags, const uint32_t *values,
		      const unsigned char *counts, size_t nrows);
/* Files value under n fragments. Returns 0 or -1 (out of memory). */
int probetab_add(struct probetab *p, uint32_t value, const uint32_t *frags, int n);
/* Stores up to limit values filed under frag's tag into out, newest table first; returns how many.
 * Some may be filed under another fragment with the same 16-bit tag. A table files at most
 * PROBETAB_KEY_CAP values under one tag (the first), so limit is at most that. */
#define PROBETAB_KEY_CAP 64
int probetab_find(const struct probetab *p, uint32_t frag, uint32_t *out, int limit);
/* The bytes of the tables once n more entries are filed (counting a table doubled or added). */
size_t probetab_bytes_after(const struct probetab *p, int n);
/* Empties the table of rehash mode and gives its memory back (it keeps its size). */
void probetab_clear(struct probetab *p);
/* Sorts the entries of rehash mode, in place, as fragment << 32 | value, into *out (the table's
 * own memory: it is unusable until probetab_clear). Returns how many, or (size_t)-1. */
size_t probetab_sort(struct probetab *p, uint64_t **out);
/* Starts fetching the slots that probing keys[0..n) will read: first the hash tables' slots and
 * the base's bucket offsets, then (a while later, once the offsets are in) the base's entries. */
void probetab_prefetch(const struct probetab *p, const uint64_t *keys, int n);
void probetab_prefetch_base(const struct probetab *p, const uint64_t *keys, int n);

/* What a key is compared with: a representative (a row that passed) of the index or state. */
struct rep_view {
	int64_t ref; /* index in memory, seq in the state */
	const char *id;
	size_t idlen;
	uint32_t size;
	const uint16_t *sig;
	const uint64_t *figures;
	int nfigures;
	uint64_t simhash;
};

/* The index of a run without a state (memindex.c): representatives and LSH buckets,
 * arena-allocated, in at most max_bytes of memory (with what a spill takes); past that it
 * spills to a temporary SQLite file (spill.c) and goes on, with the same answers. Functions
 * return 0, or -1 after printing a message. */
struct memindex;
struct memindex *memindex_new(bool keep_sig, size_t max_bytes);
void memindex_free(struct memindex *m);
/* Calls fn for the representatives filed under key: the first limit filed under its fragment,
 * in the order they were added (an exact probe only for those whose exact key is key). fn
 * returns nonzero to stop. */
int memindex_each(struct memindex *m, uint64_t key, bool exact_probe, int limit,
		  int (*fn)(void *, const struct rep_view *), void *arg);
/* Starts fetching the memory that probing sk's keys will read. */
void memindex_prefetch(const struct memindex *m, const struct sketch *sk);
/* Adds a representative under its keys. */
int memindex_add(struct memindex *m, const char *id, size_t idlen, const struct sketch *sk);

/* The temporary SQLite file of a spilled index (spill.c); functions return 0 or -1 after a
 * message. */
struct spill;
struct spill *spill_open(bool keep_sig, size_t cache_bytes, size_t filter_bytes);
void spill_close(struct spill *sp);
int spill_begin(struct spill *sp);
int spill_commit(struct spill *sp);
/* Adds representative seq (from 1: its ref + 1); then, apart, the probe entries of those added
 * since the last spill: fragment << 32 | (seq - base), sorted. */
int spill_add_rep(struct spill *sp, int64_t seq, uint64_t exact, const struct rep_view *v);
int spill_add_probes(struct spill *sp, const uint64_t *entries, size_t n, int64_t base);
/* As memindex_each, for what was spilled (older than anything in memory): *taken is how many
 * of the limit it took; 1 when fn stopped. */
int spill_each(struct spill *sp, uint64_t key, bool exact_probe, int limit,
	       int (*fn)(void *, const struct rep_view *), void *arg, int *taken);
void spill_prefetch(const struct spill *sp, const uint64_t *keys, int n);

/* The SQLite state (state.c). Functions return 0, or -1 after printing a message. */
struct state;
/* Opens or creates the state at path for sketches of scheme, of which the first keys_per_row keys
 * are filed and probed; need_sig: its rows have MinHash signatures (a row without is damaged). */
struct state *state_open(const char *path, const char *scheme, bool need_sig, int keys_per_row, int busy_ms);
/* The same for a state of scheme or of old_scheme (then *old is set). */
struct state *state_open_either(const char *path, const char *scheme, const char *old_scheme, bool *old,
				bool need_sig, int keys_per_row, int busy_ms);
void state_close(struct state *st);
int state_begin(struct state *st);
int state_commit(struct state *st);
void state_rollback(struct state *st);
/* Calls fn for the rows filed under key (at most limit); an exact probe only for rows whose
 * exact key is key. */
int state_each(struct state *st, uint64_t key, bool exact_probe, int limit,
	       int (*fn)(void *, const struct rep_view *), void *arg);
/* Starts fetching the memory that probing sk's keys will read: state_prefetch a few rows ahead,
 * then state_prefetch_more a row ahead. */
void state_prefetch(const struct state *st, const struct sketch *sk);
void state_prefetch_more(const struct state *st, const struct sketch *sk);
/* How many of a sketch's keys the state files and probes (the exact key first). */
int state_key_count(const struct state *st, const struct sketch *sk);
int state_add(struct state *st, const char *id, size_t idlen, const struct sketch *sk);

/* How a candidate is verified (the options that decide it). */
struct verify_params {
	enum mode mode;
	int bits;                /* SimHash: largest Hamming distance */
	double threshold;        /* MinHash: least estimated Jaccard similarity */
	double containment;      /* MinHash: least estimated containment of the smaller (0: off) */
	bool ignore_figures;
	int version;             /* the sketches' (struct sketch_params) */
};

/* Whether sk duplicates the representative v, and how similar they are (*sim): through an exact
 * probe (the exact key, already matched) always, with 1; else by the mode's estimate and the
 * figures check. The same for one run and for the phases of a split run (phases.c). */
bool sketch_verify(const struct verify_params *vp, const struct sketch *sk, const struct rep_view *v,
		   bool exact_probe, double *sim);

/* A duplicate with more weighted shingles than the row it matched is filed too, under that
 * row's id: it holds text the row lacks (the original after a copy cut to its first paragraphs),
 * and a later copy of that part finds the cluster through it. */
static inline bool extends_cluster(const struct sketch *sk, uint32_t matched_size)
{
	return sk->size > matched_size;
}

/* What a key was found to duplicate. */
struct match {
	bool dup;
	double sim;
	uint32_t size; /* the weighted shingles of the representative */
	struct buf id; /* the id of the representative it duplicates */
};

/* The output (output.c): --mark appends dup_of and similarity (dropping the input's), --clusters
 * writes its own cluster and id alone; a row's output once its fate is known, of the row taken
 * or of the one saved at saved (nothing for a duplicate without --mark or --clusters). */
int result_layout(struct row_writer *w, const struct tsv_reader *r, bool mark, bool clusters);
void result_write(struct row_writer *w, bool mark, bool clusters, const char *saved, const char *id, size_t idlen,
		  const struct match *m);

/* dedupe in phases (phases.c, merge.c; docs/dedupe.md): each returns an exit status. */
uint32_t phase_scheme_tag(const struct sketch_params *p);
int sketch_format(struct buf *b, const struct sketch *sk, uint32_t scheme);
int sketch_parse(const char *s, size_t n, uint32_t scheme, bool want_sig, struct sketch *sk, bool *other);
/* --sketch: the rows, numbered from seq, with their sketches (of column key, --by column by). */
int phase_sketch(struct tsv_reader *r, struct sketcher *k, int key, int by, long long seq);
/* --emit-groups: tag, seq, key for each key of each sketched row. */
int phase_emit_groups(struct tsv_reader *r, const struct sketch_params *p);
/* --groups: the lines of the tags two rows or more share, with each tag's last row. */
int phase_groups(struct tsv_reader *r);
struct merge_params {
	struct sketch_params sketch;
	struct verify_params verify;
	bool mark, clusters;
	int id; /* the id column, or -1 */
	struct tsv_opts in; /* for reading the group lines */
};
/* --merge FILE: one run's output from the sketched rows and the group lines in FILE. */
int phase_merge(struct tsv_reader *r, const char *groups_path, const struct merge_params *mp);

#define MEM_BUCKET_LIMIT 16   /* representatives compared per bucket (the first added) */
#define CONTAIN_BUCKET_LIMIT 4 /* a containment key's bucket */

#endif
