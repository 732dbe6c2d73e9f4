/* markup.h: what markup.c, html.c and feed.c share. Pages and feeds are parsed by libxml2 with
 * SAX callbacks, so no tree is built: memory goes with the text kept, not with the markup. Every
 * parse obeys the same limits (checked in the callbacks and, for what libxml2 does before it
 * calls them, in its allocator), and the same extractor turns the events into visible text. */
#ifndef INGEST_MARKUP_H
#define INGEST_MARKUP_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/parser.h>

#include "buf.h"
#include "ingest.h"

/* Elements nested: libxml2's own limit for XML (xmlParserMaxDepth), kept for HTML, where libxml2
 * leaves it to the tree builder that is not used any more. */
#define MARKUP_MAX_DEPTH 256
/* Attributes of one element, and of a whole document: libxml2 compares each attribute with every
 * earlier one of its element (duplicates), so their number squared is its time. */
#define MARKUP_MAX_ATTRS 256
#define MARKUP_MAX_DOC_ATTRS 1000000
/* Namespaces declared and in scope at once: libxml2 looks each prefixed (or unprefixed) name up
 * in a list of all of them. */
#define MARKUP_MAX_NAMESPACES 160
/* One run of text (what libxml2's tree builder kept in one text node, XML_MAX_TEXT_LENGTH). */
#define MARKUP_MAX_TEXT 10000000

enum limit { LIMIT_NONE, LIMIT_DEPTH, LIMIT_ATTRS, LIMIT_DOC_ATTRS, LIMIT_NAMESPACES };

struct parse_error {
	bool set;
	int line;
	int code;
	char text[200];
};

/* Kinds of element for the text extractor, found once when the element starts. */
enum {
	KIND_SKIP = 1,  /* invisible (script, nav ...) or hidden: its content is left out */
	KIND_BR = 2,    /* a line break */
	KIND_BLOCK = 4, /* a paragraph break before and after */
	KIND_PRE = 8,   /* blanks kept inside */
	KIND_CELL = 16, /* td, th: a space after */
};

/* One parse in progress: its libxml2 context, the first errors it raised, the limit it hit. */
struct parse {
	xmlParserCtxtPtr ctxt;
	struct parse *outer; /* the parse this one runs inside (an item's HTML in a feed) */
	struct parse_error first_error, first_fatal;
	enum limit limit;
	int limit_line;
	enum limit inner_limit; /* the first limit an item's HTML hit (feeds) */
	bool stopped;     /* by a limit, or because output failed: later events are ignored */
	bool cut;         /* a run of text was cut at MARKUP_MAX_TEXT */
	int depth;        /* elements open */
	size_t run;       /* bytes in the current run of text */
	unsigned long attrs; /* attributes so far */
	unsigned char kind[MARKUP_MAX_DEPTH + 4]; /* KIND_* of the open elements, by depth */
};

/* Starts a parse on ctxt (whose _private becomes p, for the callbacks) and makes it the
 * innermost one, to which libxml2's errors and allocations are attributed. */
void parse_begin(struct parse *p, xmlParserCtxtPtr ctxt);

/* Ends it: frees the context. */
void parse_end(struct parse *p);

/* Stops the parse (xmlStopParser, unless it is over) because of a limit (LIMIT_NONE: output
 * failed, out of memory), remembering the first limit. */
void parse_stop(struct parse *p, enum limit why);

/* Checks an element about to start, with nattrs attributes: returns false (after stopping the
 * parse) when it would pass a limit; else counts it open (depth) and returns true. */
bool parse_enter(struct parse *p, int nattrs);

/* Counts an element closed. Returns its depth before (0 when none was open). */
int parse_leave(struct parse *p);

/* Takes a run of text s[0..*n) into account: shortens *n when the run passes MARKUP_MAX_TEXT
 * (at a character boundary). Any other event ends the run (parse_break). */
void parse_text(struct parse *p, const char *s, size_t *n);

static inline void parse_break(struct parse *p)
{
	p->run = 0;
}

/* What the limit hit says: "an element with more than 256 attributes" ... */
const char *limit_text(enum limit l);

/* Whether the first error was only the echo of a limit (libxml2's "out of memory" when its
 * allocation was refused). */
bool error_is_limit(const struct parse *p, const struct parse_error *e);

/* libxml2 set up once: errors collected, not printed; nothing external ever loaded; the
 * allocator that holds libxml2's per-element tables to the limits. */
void markup_init(void);

/* What the page survey (html.c) looks for. */
enum {
	TAG_OTHER, TAG_TITLE, TAG_H1, TAG_BODY, TAG_MAIN, TAG_ARTICLE, TAG_TIME, TAG_META, TAG_LINK,
	TAG_A, TAG_SCRIPT, TAG_HEADER, TAG_FORM, /* for --html-main auto and the metadata */
};

/* The KIND_* of an element from its name (ASCII case ignored), and, for hidden, whether it has
 * the attribute hidden or aria-hidden="true"; its TAG_* in *tag when tag is not NULL. */
unsigned element_kind(const char *name, bool hidden, int *tag);

/* ---- text out of SAX events */

enum gap { GAP_NONE, GAP_SPACE, GAP_LINE, GAP_PARAGRAPH };

static inline bool html_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Whether the word s[0..n) (between blanks) is no-break spaces only (U+00A0): "&nbsp;" is how
 * pages space things out, and one alone between two blocks is a blank, not a paragraph. One
 * between two words with no blank around it ("20&nbsp;km", which libxml2 hands over as three
 * runs of text) stays. */
#define HTML_NBSP "\xC2\xA0"

static inline bool html_only_nbsp(const char *s, size_t n)
{
	if (n == 0 || n % 2)
		return false;
	for (size_t i = 0; i < n; i += 2)
		if (s[i] != '\xC2' || s[i + 1] != '\xA0')
			return false;
	return true;
}

/* The visible text inside one element (or, with root 0, the whole document): blocks become
 * paragraphs ("\n\n"), <br> a line break, other blanks one space; invisible and hidden
 * elements are left out; blanks kept inside <pre>. */
struct extract {
	struct buf out;
	int root;   /* depth of the element whose content it takes; 0: the document */
	int skip;   /* depth of the element whose content is being left out; 0: none */
	int pre;    /* <pre> elements open */
	enum gap gap;
	size_t nbsp; /* no-break spaces right after a word: they go with the next one, if it follows at once */
	bool on;    /* taking text */
	bool oom;
};

void extract_begin(struct extract *x, int root);
void extract_element(struct extract *x, int depth, unsigned kind);
void extract_end(struct extract *x, int depth, unsigned kind);
void extract_text(struct extract *x, const char *s, size_t n);

/* All the text inside one element, as it is (the text of a title, a link, a date). */
struct capture {
	struct buf out;
	int root; /* depth of the element */
	bool on, seen, oom;
};

/* Starts capturing at the element of this depth, unless one was captured already. */
void capture_begin(struct capture *c, int depth);
void capture_end(struct capture *c, int depth);
void capture_text(struct capture *c, const char *s, size_t n);

/* Appends from to b. Returns 0, or -1 when out of memory. */
static inline int buf_add(struct buf *b, const struct buf *from)
{
	return from->len ? buf_append(b, from->p, from->len) : 0;
}

/* ---- html.c */

/* The visible text of an HTML fragment (an RSS description, an Atom html content), appended to
 * out, parsed inside the parse outer (which learns of a limit or a cut). Returns 0, or -1 when
 * out of memory. */
int html_fragment_text(struct parse *outer, const char *s, size_t n, struct buf *out);

/* ---- markup.c: the input before libxml2 sees it */

/* Whether the document says it is in another encoding than UTF-8 (libxml2 converts it). */
bool declares_other_encoding(const char *data, size_t len);

/* Makes data valid UTF-8 (when it declares no other encoding). Returns the bytes to parse, or
 * NULL after an error (--strict). */
const char *valid_utf8(const struct options *o, struct input *in, const char *data, size_t *len);

/* Refuses a document whose DTD declares entities. Returns 0, or -1 after the message. */
int refuse_entities(struct input *in, const char *data, size_t len);

/* The URI the external entity loader refused since parse_begin, or "". */
const char *refused_uri(void);

#endif
