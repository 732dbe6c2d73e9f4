/* gazetteer.h: the lists of known entities (TSV facts in data/tag-entities/ TSV files and the user's
 * --gazetteer files), matched on token sequences, and looked up by alias, by a misspelling
 * one edit away, and by role on a date. */
#ifndef TE_GAZETTEER_H
#define TE_GAZETTEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "entity.h"
#include "tagger.h"

/* The types of the gazetteers' entities: the names of lib/entity.h's mention types. */
enum ent_type {
	ET_PER = MT_PER, ET_LOC = MT_LOC, ET_ORG = MT_ORG, ET_NORP = MT_NORP, ET_MISC = MT_MISC,
	NET = MT_NAMES
};

struct entity {
	uint8_t type;
	const char *name; /* canonical */
	const char *role; /* "" when none */
	const char *of;   /* the country (ISO code) it belongs to, "" when none */
	int32_t from, to; /* yyyymmdd of the role, 0 when open */
};

struct alias {
	uint64_t key;      /* hash of the folded token sequence */
	char *folded;      /* folded tokens joined by one space */
	uint32_t first;    /* first node in gazetteer.nodes, UINT32_MAX when a prefix only */
	uint16_t ntok;
	uint16_t upper;    /* bit i: token i of the alias starts with a capital */
	uint32_t flen;     /* strlen(folded) */
};

struct node {
	uint32_t entity;
	uint32_t next;
};

struct gazetteer {
	struct entity *ents;
	size_t nents, ents_cap;
	struct alias *slots; /* open addressing on key */
	size_t nslots, used;
	struct node *nodes;
	size_t nnodes, nodes_cap;
	uint64_t *del_keys; /* one-deletion variants of the aliases: key -> alias slot */
	uint32_t *del_alias;
	size_t del_cap, del_used;
	uint64_t *del_bloom; /* a bit for every deletion key: most misspelling probes find none */
	uint64_t del_bloom_mask; /* bits in del_bloom, less one */
	unsigned maxlen; /* most tokens in an alias */
	uint64_t *bloom; /* a bit for every key's hash: most words are in no alias, and this
			  * says so without touching the big table */
	char **arena;    /* owned strings */
	size_t narena, arena_cap;
	struct buf scratch;
};

/* Reads a gazetteer TSV file (header "type name aliases role of from to") into g.
 * Returns 0, or -1 with "file:line: message" in err. */
int gaz_load(struct gazetteer *g, const char *path, char *err, size_t errsize);
void gaz_free(struct gazetteer *g);

/* Folds s[0..n) for matching (NFKD without marks, case folded, full stops dropped) into out. */
void fold_text(const char *s, size_t n, struct buf *out);

/* A sentence's tokens folded once for all the lookups. */
struct gaz_sent {
	struct buf folded;
	size_t *off, *len;
	uint8_t *upper; /* 1: starts with a capital, 2: all in capitals */
	size_t n, cap;
	/* the longest match at each token, once gaz_mark has run */
	bool marked;
	uint32_t *mlen;
	const struct alias **malias;
};

/* Folds toks[0..n) into gs. Returns 0, or -1 when out of memory. */
int gaz_prepare(struct gaz_sent *gs, const struct tok *toks, size_t n);
void gaz_sent_free(struct gaz_sent *gs);

/* Marks the tokens of gs with the lists they match, for the tagger (out has gs->n cells). */
void gaz_mark(const struct gazetteer *g, struct gaz_sent *gs, gazmask *out);

/* The longest alias that matches the tokens from i on; returns its length in tokens (0: none)
 * and its slot in *slot. The capitals must agree with the alias's unless the text is in
 * capitals. */
size_t gaz_longest(const struct gazetteer *g, const struct gaz_sent *gs, size_t i,
		   const struct alias **slot);

/* The alias whose folded form equals folded, or NULL. */
const struct alias *gaz_exact(const struct gazetteer *g, const char *folded, size_t len);

/* Aliases one edit from folded (not equal to it): up to max of them into out; returns how many. */
size_t gaz_near(const struct gazetteer *g, const char *folded, size_t len,
		const struct alias **out, size_t max);

/* Hash of a folded string as aliases are keyed. */
uint64_t gaz_key(const char *folded, size_t len);

#endif
