/* mention.h: what tag-entities finds in a sentence, and the per-document state it keeps. */
#ifndef TE_MENTION_H
#define TE_MENTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "entity.h"
#include "gazetteer.h"


struct mention {
	uint8_t type;
	bool from_gazetteer;
	bool dead; /* replaced by a better one */
	bool part; /* a part of a hyphenated token (Ukraine-Russia): fold the text, not tokens */
	size_t start, end;     /* bytes in the sentence */
	size_t tok0, tok1;     /* tokens [tok0, tok1); numeric mentions: 0, 0 */
	size_t canon, canon_len; /* the canonical name or normalised value, in mentions.text */
	size_t id, id_len;     /* entity id(s), in mentions.text */
};

struct mentions {
	struct mention *v;
	size_t n, cap;
	struct buf text;
};

/* Appends a mention; returns it, or NULL when out of memory. */
struct mention *mention_add(struct mentions *m, int type, size_t start, size_t end);

/* Appends the mentions of m, found in a piece of a row's text that starts at byte base of it,
 * to the row's entities column (lib/entity.h: ids and escapes). Returns 0, or -1 when out of
 * memory. */
int mentions_format(const struct mentions *m, const char *piece, size_t base, struct buf *column);

#endif
