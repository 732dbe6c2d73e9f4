/* blocks.h: the main text of a page found by scoring its blocks (--html-main auto), as
 * Readability and trafilatura do. While the SAX pass runs (html.c), every block element of the
 * <body> becomes a node of a table (its parent, tag, class/id weight, text and link-text bytes,
 * commas and full stops) and its visible text goes into one arena as pieces, each owned by the
 * innermost node. After the parse the best container is picked (paragraph scores propagate to
 * the parent and the grandparent), its qualifying siblings are added, link lists, blocks with
 * negative class/id words and short unpunctuated rows (bylines, tags, share rows) are removed
 * from it, and the headline and lead before it are put back. Memory is the table and the text:
 * arrays that double, no allocation per node; every pass is linear in the nodes. */
#ifndef INGEST_BLOCKS_H
#define INGEST_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "markup.h"

struct block_node {
	int parent;          /* index of the parent node, -1 for the body */
	int end;             /* index of its last descendant (itself when none) */
	uint32_t piece_first, piece_end; /* its pieces: [piece_first, piece_end) */
	uint32_t own_text, own_link;     /* bytes of its own text (not its child nodes'), in links */
	uint32_t sub_text, sub_link;     /* the same with its child nodes' */
	uint32_t commas, stops, sub_stops;
	float score;
	short weight;        /* from its class and id words (data/ingest/html-classes.tsv) */
	unsigned char tag;   /* BLOCK_TAG_* */
	unsigned char flags; /* NODE_* */
};

struct block_piece {
	uint32_t off, len; /* in the arena */
	int node;
	unsigned char gap; /* enum gap before it */
};

struct blocks {
	struct block_node *node;
	size_t n, cap;
	struct block_piece *piece;
	size_t npieces, piece_cap;
	struct buf arena;
	int open[MARKUP_MAX_DEPTH + 8]; /* innermost node open at each depth */
	int root;    /* depth of <body>; 0 before it */
	int depth;   /* of the element open */
	int skip;    /* depth of the element whose content is left out; 0: none */
	int link;    /* depth of the outermost <a> open; 0: none */
	int pre;
	enum gap gap;
	size_t nbsp; /* as in struct extract */
	bool on, done, oom;
	bool piece_open; /* the last piece may take more text */
};

/* Starts the table at the <body> element of this depth. */
void blocks_begin(struct blocks *b, int depth);

/* An element starts at depth: name as libxml2 gives it, kind from element_kind() (with
 * <header> and <form> made blocks: the scorer decides about them), its attributes. */
void blocks_element(struct blocks *b, int depth, const char *name, unsigned kind, const char *cls,
		    const char *id);
void blocks_end(struct blocks *b, int depth, unsigned kind);
void blocks_text(struct blocks *b, const char *s, size_t n);

/* Picks the main text and writes it to text; a "By NAME" byline found (and left out of the text)
 * goes to byline when byline is empty. Returns 0; 1 when the page has no paragraph to score
 * (nothing written: the caller falls back to --html-main article); -1 when out of memory. */
int blocks_main_text(struct blocks *b, struct buf *text, struct buf *byline);

void blocks_free(struct blocks *b);

/* ---- block-words.c: what the scorer knows of words */

#define BLOCK_PHRASE_MAX 31  /* bytes of a class word or a boilerplate phrase */
#define BLOCK_BYLINE_MAX 100 /* bytes of a "By NAME" block */

enum block_reach { REACH_BLOCK, REACH_SECTION, REACH_TEXT };

/* A phrase that opens boilerplate (data/ingest/html-headings.tsv). */
struct block_phrase {
	char text[BLOCK_PHRASE_MAX + 1];
	enum block_reach reach; /* REACH_BLOCK: the subheading and its next block go; REACH_SECTION:
				 * up to the next subheading; REACH_TEXT: a block that starts so goes */
};

/* Loads the class words and the phrases, once (a warning when a file is missing). */
void block_words_load(void);

/* The sum of the weights of the words of a class or id attribute, within [-100, 100]. */
int block_attr_weight(const char *s);

/* Whether a class or id holds "author" or "byline". */
bool block_names_author(const char *s);

/* The phrase that a subheading's text (heading) or a block's text (!heading) starts with, as
 * whole words past leading digits and punctuation ("3 Comments", "We use cookies"), or NULL. */
const struct block_phrase *block_boilerplate_start(const char *text, bool heading);

/* The name of a "By NAME" line, appended to out ("By Jane Doe and Li Wei, Staff" is "Jane Doe,
 * Li Wei"); false when it is not one (a sentence: "By Tuesday, the water had gone."). */
bool block_byline_name(const char *s, struct buf *out);

/* Whether s is a name alone: one to four capitalised words, no digit or punctuation. */
bool block_is_name(const char *s);

/* Frees the class and id words and the phrases (at exit). */
void blocks_cleanup(void);

#endif
