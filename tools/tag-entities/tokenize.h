/* tokenize.h: sentence text into tokens as CoNLL-2003 has them (Penn Treebank-like: punctuation
 * and possessive 's apart, abbreviations, decimals, times and hyphenated words kept whole),
 * with byte offsets into the text. */
#ifndef TE_TOKENIZE_H
#define TE_TOKENIZE_H

#include <stddef.h>

#include "tagger.h"

struct tokens {
	struct tok *v;
	size_t n, cap;
};

/* Tokenises s[0..len) into t (cleared first); token i is s[t->v[i].s - s, + t->v[i].len).
 * Returns 0, or -1 when out of memory. */
int tokenize(const char *s, size_t len, struct tokens *t);

void tokens_free(struct tokens *t);

#endif
