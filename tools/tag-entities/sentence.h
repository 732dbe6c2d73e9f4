/* sentence.h: one sentence through the whole of tag-entities (tokens, gazetteer marks, the
 * tagger, the resolver and the numeric patterns) with the data they load once and the state a
 * document keeps. main.c reads and writes the rows; the fuzz target drives this directly. */
#ifndef TE_SENTENCE_H
#define TE_SENTENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gazetteer.h"
#include "mention.h"
#include "numeric.h"
#include "resolve.h"
#include "tagger.h"
#include "tokenize.h"

#define MAX_USER_GAZETTEERS 64
#define CAPITAL_SLOTS 4096
/* The longest text tagged in one piece: a longer one is cut into windows of about this many
 * bytes (at a space when there is one), so that the memory a row needs beyond the row itself
 * is bounded. Names and numbers across a window's edge are missed, with a warning. */
#define TAG_WINDOW ((size_t)256 << 10)

/* What to load. */
struct tag_config {
	const char *model_path, *patterns_path; /* NULL: the shipped ones */
	const char *gazetteers[MAX_USER_GAZETTEERS];
	int ngazetteers;
	bool no_model;
	int beam; /* 0: the default */
};

struct tagger_state {
	struct model model;
	bool have_model;
	struct clusters clusters;
	struct gazetteer gz;
	struct numeric *numeric;
	struct tagger_ws ws;
	struct history history;
	struct tokens toks;
	struct gaz_sent gs;
	gazmask *gaz;
	uint8_t *tags;
	size_t cap;
	struct mentions m; /* what sentence_tag found */
	struct resolver res;
	char err[512]; /* why sentence_tag failed */
	/* the words of the document written with a capital after another word (a name there,
	 * not the start of a sentence): folded keys, open addressing, and the slots in use */
	uint64_t capital_key[CAPITAL_SLOTS];
	/* data/tag-entities/common-words.tsv: folded keys, open addressing (empty: none) */
	uint64_t *common;
	size_t common_cap;
	uint16_t capital_slot[CAPITAL_SLOTS / 2];
	unsigned capital_used;
};

/* Loads the gazetteers, the word clusters, the common words and (when need_model and not
 * cfg->no_model) the model into st, which must be zeroed. Returns 0, or -1 with a message
 * printed. */
int sentence_load(struct tagger_state *st, const struct tag_config *cfg, bool need_model);

/* Loads the numeric patterns and sets up the resolver (what sentence_tag needs beyond
 * sentence_load). Returns 0, or -1 with a message printed. */
int sentence_load_patterns(struct tagger_state *st, const struct tag_config *cfg);

/* Frees everything st holds; st may be loaded again after. */
void sentence_free(struct tagger_state *st);

/* Forgets what the previous document taught: short forms, the tagger's history, capitals. */
void sentence_new_doc(struct tagger_state *st);

/* Finds the mentions of text[0..len) into st->m, sorted by start then end, offsets in text.
 * Returns 0, or -1 with the reason in st->err (out of memory, a pcre2 failure). Meant for a
 * piece of at most about TAG_WINDOW bytes (sentence_window). */
int sentence_tag(struct tagger_state *st, const char *text, size_t len, const struct date *w);

/* Where the window that starts at text[at] ends: len when the rest is at most max bytes,
 * else after the last space of the window's second half, else at the last character
 * boundary (never inside a UTF-8 sequence). Always past at when at < len. */
size_t sentence_window(const char *text, size_t len, size_t at, size_t max);

#endif
