/* resolve.h: canonical names and entity ids for the name mentions of a sentence: gazetteer
 * aliases, short forms met earlier in the same document, roles held on the article's date,
 * and misspellings one edit from a known name. */
#ifndef TE_RESOLVE_H
#define TE_RESOLVE_H

#include "gazetteer.h"
#include "mention.h"
#include "tagger.h"
#include "translit.h"

struct doc_names;

struct resolver {
	const struct gazetteer *gz;
	struct doc_names *doc;
	struct translit translit; /* loaded by translit_load, after resolver_init */
	struct buf fold, tmp;
};

/* Returns 0, or -1 when out of memory. */
int resolver_init(struct resolver *r, const struct gazetteer *gz);
void resolver_free(struct resolver *r);

/* Forgets the short forms of the previous document. */
void resolver_new_doc(struct resolver *r);

/* Completes the name mentions of m (those with tokens): adds what the gazetteer knows that the
 * tagger missed, keeps titles out, fixes types, sets the canonical name and the entity id.
 * date is the article's date (yyyymmdd) or 0. Returns 0, or -1 when out of memory. */
int resolve_names(struct resolver *r, const char *text, size_t len, const struct tok *toks,
		  size_t ntok, const struct gaz_sent *gs, struct mentions *m, int32_t date);

#endif
