/* tagger.h: the statistical name tagger: a structured averaged perceptron over BIO tags with
 * hashed features (word, case, shape, affixes, neighbours, previous tags, gazetteer hits,
 * word clusters and what the same word was tagged earlier in the document).
 * The weights live in one table of 2^bits rows of NTAGS int16, mapped from the model file. */
#ifndef TE_TAGGER_H
#define TE_TAGGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

/* Tags: O, then B- and I- of each name type. */
enum { NTYPES = 4, NTAGS = 1 + 2 * NTYPES };
enum name_type { NT_PER, NT_LOC, NT_ORG, NT_MISC };
#define TAG_O 0
#define TAG_B(t) (1 + 2 * (t))
#define TAG_I(t) (2 + 2 * (t))
#define TAG_TYPE(g) (((g) - 1) / 2)
#define TAG_IS_B(g) ((g) && ((g) - 1) % 2 == 0)

extern const char *const name_type_names[NTYPES];

#define MODEL_BITS 19
#define MODEL_MAGIC "CCTAG005"

struct tok {
	const char *s;
	size_t len;
};

/* Per-token gazetteer hits given to the tagger: bit 2*k is "token begins a match of list k",
 * bit 2*k+1 "token continues one". */
typedef uint16_t gazmask;

struct model {
	unsigned bits;
	uint32_t mask;
	float scale;
	const int16_t *w; /* (1 << bits) * NTAGS */
	void *map;
	size_t maplen;
	int16_t *owned; /* when built in memory by the trainer */
	unsigned beam;  /* states kept per token when tagging (0: BEAM) */
};

#define CLUSTER_PATH_MAX 27
#define CLUSTER_KNOWN (1u << 31)
/* Word clusters: a map from a lower-cased word's hash to a cluster path (bit string). */
struct clusters {
	uint64_t *keys;
	uint32_t *paths; /* CLUSTER_KNOWN, the bin of the word's share of capitals (3 bits), the
			  * path's bits (at most CLUSTER_PATH_MAX, from the top of its field) */
	size_t cap;
	size_t count;
};

/* What words were tagged earlier in a document (non-local features). */
#define HISTORY_SIZE 8192
struct history {
	uint64_t key[HISTORY_SIZE];
	uint8_t type[HISTORY_SIZE]; /* 1 + name type of the last tag; 0: empty slot */
	unsigned used;
};

struct tokinfo;

/* A state of the beam: a tag, the tag before it, the score of the best path to it. */
#define BEAM 12      /* when training */
#define TAG_BEAM 5   /* when tagging (--beam): dev F1 0.9283, as with 6; 0.9284 with 12 */
#define TAG_MARGIN 150.0 /* in training updates */
struct beam_item {
	int64_t score;
	uint8_t tag, prev;
	uint16_t back; /* its predecessor among the previous token's items */
};

/* Scratch space reused from sentence to sentence. */
struct tagger_ws {
	struct tokinfo *info;
	const struct tok *toks; /* the tokens of the last tagger_prepare */
	const struct clusters *cl; /* and its clusters: a token's is looked up when needed */
	size_t cap;
	bool headline;
	struct beam_item *lattice; /* BEAM items per token */
	size_t lattice_cap;
	uint8_t *lattice_n;
	uint32_t *fbuf; /* MAX_FEATS static features a token (beam_decode) */
	uint8_t *fk;    /* how many of them; 0: not found yet */
	size_t fcap;
};

/* The weights being scored: the model's (int16) or the trainer's (int32). */
struct weights {
	const int16_t *w16;
	const int32_t *w32;
	uint32_t mask;
	unsigned beam; /* 0: BEAM */
	float scale;   /* int16 units of one training update */
};

/* The tagger's files (model.c). Maps the model file at path. Returns 0, or -1 with a message
 * in err. */
int model_load(struct model *m, const char *path, char *err, size_t errsize);
void model_free(struct model *m);
/* Writes a model: used by the trainer. Returns 0 or -1 (errno set). */
int model_save(const struct model *m, const char *path);

/* Loads word clusters (lines "path TAB word TAB count", as cluster.c writes them).
 * Returns 0, or -1 with a message in err. */
int clusters_load(struct clusters *c, const char *path, char *err, size_t errsize);

/* Slots for an open-addressing table of the lines of f, at most half full: a power of two, at
 * least 1024. Reads f through and rewinds it. */
size_t table_slots_for_lines(FILE *f);
void clusters_free(struct clusters *c);

void history_clear(struct history *h);

/* The key of a word in the clusters (the hash of its lower case, as the tagger makes it). */
uint64_t tagger_word_key(const char *s, size_t n);

/* Tags toks[0..n) into tags[0..n). gaz may be NULL; h may be NULL (no document state).
 * Returns 0, or -1 when out of memory. */
int tag_sentence(const struct model *m, const struct clusters *cl, struct tagger_ws *ws,
		 const struct tok *toks, size_t n, const gazmask *gaz, struct history *h,
		 uint8_t *tags);

void tagger_ws_free(struct tagger_ws *ws);

/* The trainer (train.c): reads a CoNLL-2003 file, chooses the epochs by cross-validation over
 * folds of its documents (none when folds is 1), trains on all of it and writes the model.
 * Returns an exit status; messages go to stderr. */
struct gazetteer;
int train_model(const char *train_path, int folds, int models, const char *model_path,
		int max_epochs, const struct clusters *cl, const struct gazetteer *gz);

/* Clusters the words of the text column of TSV files into out (cluster.c). */
int word_clusters(const char *out_path, int nfiles, char **files, const char *text_column);

/* Tags a CoNLL file and prints "word gold predicted" lines (blank between sentences). */
int conll_predict(const char *path, const struct model *m, const struct clusters *cl,
		  const struct gazetteer *gz);

/* Internal, shared with the trainer. */
#define MAX_FEATS 128
int tagger_prepare(struct tagger_ws *ws, const struct clusters *cl, const struct tok *toks,
		   size_t n);
size_t static_features(const struct tagger_ws *ws, size_t n, size_t i, const gazmask *gaz,
		       uint32_t mask, uint32_t *f);
size_t dynamic_features(const struct tagger_ws *ws, size_t i, int prev, int prev2, uint32_t mask,
			uint32_t *f);
size_t history_features(const struct tagger_ws *ws, size_t i, const struct history *h,
			uint32_t mask, uint32_t *f);
/* Second-order beam search (Viterbi when the beam holds every state) for the best tags.
 * fast: lower-case words after O are O without scoring. Returns 0 or -1 (out of memory). */
int beam_decode(const struct weights *w, struct tagger_ws *ws, size_t n, const gazmask *gaz,
		const struct history *h, bool fast, uint8_t *tags);
void history_note(struct history *h, const struct tagger_ws *ws, size_t i, int tag);
bool tag_allowed(int prev, int tag);
bool fast_outside(const struct tagger_ws *ws, size_t i, int prev, const gazmask *gaz,
		  size_t n);

#endif
