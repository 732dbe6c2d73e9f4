/* mention.h: what tag-entities finds in a sentence, and the per-document state it keeps. */
#ifndef TE_MENTION_H
#define TE_MENTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "gazetteer.h"

/* Name types first, in the order of enum ent_type, then the numeric ones. */
enum mention_type {
	MT_PER = ET_PER, MT_LOC = ET_LOC, MT_ORG = ET_ORG, MT_NORP = ET_NORP, MT_MISC = ET_MISC,
	MT_DATE, MT_TIME, MT_DURATION, MT_QUANTITY, MT_MONEY, MT_PERCENT, NMT
};
extern const char *const mention_type_names[NMT];

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

/* The date a row was published, yyyymmdd (0 when unknown), and its clock when known. */
struct when {
	int32_t date;
	int hour, minute; /* -1 when unknown */
};

#endif
