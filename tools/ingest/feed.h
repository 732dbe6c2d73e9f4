/* feed.h: a feed being read, shared by feed.c (libxml2's callbacks, which follow the items)
 * and feed-item.c (an item's fields, once it has ended, and its row). */
#ifndef INGEST_FEED_H
#define INGEST_FEED_H

#include <stdbool.h>

#include <libxml/parser.h>

#include "buf.h"
#include "ingest.h"
#include "markup.h"

/* xml:base values (and the URIs they resolve to) longer than this are ignored: resolving one
 * costs its length, at every element that has one. */
#define MAX_BASE 2048

enum root { ROOT_NONE, ROOT_RSS, ROOT_RDF, ROOT_ATOM, ROOT_OTHER };
enum body_type { BODY_TEXT, BODY_HTML, BODY_XHTML, BODY_NONE };

/* The content of an item: RSS content:encoded, body, fullitem or description, Atom content or
 * summary. */
struct body {
	struct capture raw;  /* its text as it is (HTML to parse, or text) */
	struct extract x;    /* the visible text of XHTML (Atom's type="xhtml", RSS <body>) */
	enum body_type type;
	bool open, has_child;
	bool base64;         /* the text is base64 of the content (Atom mode="base64") */
};

/* The fields of an item that are the text of one of its children (or, for C_SOURCE_TITLE, of
 * the title of Atom's source), and its bodies. */
enum {
	C_TITLE, C_LINK, C_GUID, C_SOURCE, C_SOURCE_TITLE, C_PUBDATE, C_DATE, C_PUBLISHED, C_UPDATED, C_CREATED,
	C_AUTHOR, C_AUTHOR_NAME, C_AUTHOR_EMAIL, N_CAPTURES
};
enum { B_ENCODED, B_BODY, B_FULLITEM, B_DESCRIPTION, B_CONTENT, B_SUMMARY, N_BODIES };

struct item {
	int depth; /* 0: not in an item */
	struct capture cap[N_CAPTURES];
	bool title_html, guid_not_permalink, have_link, in_source, in_author;
	struct buf href;
	struct buf link_base, guid_base; /* the xml:base in scope at the RSS link and guid */
	struct buf authors;              /* Atom's author names, joined with ", " */
	struct body body[N_BODIES];
};

struct feed {
	struct parse p;
	const struct options *o;
	struct input *in;
	enum root root;
	struct buf root_name;
	int container; /* depth of the element whose children are the items; 0: none (yet) */
	bool entities, oom;
	int rc;
	struct item item;
	struct doc d;
	struct buf scratch; /* a decoded attribute value */
	struct buf spare;   /* for c1_to_cp1252() and base64 */
	/* xml:base by depth, outside item content: the element's own (resolved), or NULL */
	xmlChar *base[MARKUP_MAX_DEPTH + 4];
	int base_top; /* the deepest depth with a base; 0: none */
	int repaired_line; /* of the first bare "&" or HTML entity rewritten; 0: none */
};

/* feed-item.c */

void clear_capture(struct capture *c);
void clear_item(struct item *it);
void free_item(struct item *it);

/* Marks the feed out of memory when rc < 0. */
void oom_if(struct feed *f, int rc);

/* s[0..n), blanks at both ends trimmed, resolved against base (when there is one, RFC 3986),
 * into out. */
void resolve(struct feed *f, const char *s, size_t n, const char *base, struct buf *out);

/* An Atom author ends: its name (else its address) joins the item's authors. */
void author_done(struct feed *f);

/* The item is over: its row is written (or the error reported). */
void item_done(struct feed *f);

#endif
