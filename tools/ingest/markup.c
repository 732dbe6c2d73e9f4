/* Feeds and pages through libxml2, safely.
 *
 * Feeds and pages are untrusted. They are parsed with XML_PARSE_NONET and without
 * XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR or XML_PARSE_HUGE, so libxml2 neither
 * substitutes entities nor loads a DTD and keeps its own limits. On top of that, a document whose
 * DTD declares any entity is refused before it is parsed (billion laughs, external entities),
 * the external entity loader refuses every URI, and no entity is ever looked up.
 *
 * The parse builds no tree: SAX callbacks (html.c, feed.c) keep only the text they need, so
 * memory is the document and its text, not 25 times the markup. What a tree builder used to
 * bound, the callbacks bound (depth, runs of text), and what libxml2 does before it calls them
 * (comparing every attribute of an element with every earlier one, looking every name up among
 * the namespaces in scope) is bounded by refusing to grow those tables past the limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

#include "encoding.h"
#include "err.h"
#include "markup.h"
#include "utf8.h"

/* ---- libxml2 set-up: errors are collected, not printed; nothing external is ever loaded */

static struct parse *innermost; /* the parse in progress (the item's HTML inside its feed) */
static char refused[200];
static bool initialised;

static void keep_error(struct parse_error *pe, xmlErrorPtr e)
{
	if (pe->set)
		return;
	pe->set = true;
	pe->line = e->line;
	pe->code = e->code;
	snprintf(pe->text, sizeof pe->text, "%s", e->message ? e->message : "error");
	size_t n = strlen(pe->text);
	while (n && (pe->text[n - 1] == '\n' || pe->text[n - 1] == ' '))
		pe->text[--n] = '\0';
	for (char *c = pe->text; *c; c++) /* one line ("... encoding !\nBytes: 0xAB ...") */
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
}

static void on_structured_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	/* an undeclared prefix (<atom:feed> alone) breaks no XML rule: feeds with one are read
	 * without a word, as feedparser reads them */
	if (!e || e->level < XML_ERR_ERROR || e->domain == XML_FROM_NAMESPACE)
		return;
	struct parse *p = innermost;
	while (p && e->ctxt && p->ctxt != e->ctxt)
		p = p->outer;
	if (!p)
		p = innermost;
	if (!p)
		return;
	keep_error(&p->first_error, e);
	if (e->level == XML_ERR_FATAL)
		keep_error(&p->first_fatal, e);
}

static void on_generic_error(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static xmlParserInputPtr refuse_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)ctxt;
	snprintf(refused, sizeof refused, "%s", url ? url : id ? id : "?");
	return NULL;
}

const char *refused_uri(void)
{
	return refused;
}

/* libxml2 grows two tables by reallocation inside its start-tag parser, before any callback:
 * the attributes of the element (2 pointers an attribute in HTML, 5 in XML), which it searches
 * for a duplicate of each new one, and the namespaces in scope (2 pointers each), which it
 * searches for every prefix. Growth past the limits is refused. In XML the refusal is libxml2's
 * "out of memory" and ends the parse. In HTML that would leave libxml2 looping (its NEXT stops
 * moving once the parser is marked at its end), so the HTML parser is stopped instead, which
 * empties its input, and the table grows once more. */
#define ATTS_MAX_BYTES (16 * MARKUP_MAX_ATTRS * sizeof(void *))
#define NS_MAX_BYTES (2 * MARKUP_MAX_NAMESPACES * sizeof(void *))

static void *limited_realloc(void *mem, size_t size)
{
	for (struct parse *p = innermost; mem && p; p = p->outer) {
		xmlParserCtxtPtr c = p->ctxt;
		if (mem == (void *)c->atts && size > ATTS_MAX_BYTES) {
			if (!c->html) {
				parse_stop(p, LIMIT_ATTRS);
				return NULL;
			}
			parse_stop(p, LIMIT_ATTRS);
			break;
		}
		if (mem == (void *)c->nsTab && size > NS_MAX_BYTES) {
			if (!p->limit) {
				p->limit = LIMIT_NAMESPACES;
				p->limit_line = c->input ? c->input->line : 0;
			}
			p->stopped = true;
			return NULL;
		}
	}
	return realloc(mem, size);
}

void markup_init(void)
{
	if (initialised)
		return;
	initialised = true;
	xmlMemSetup(free, malloc, limited_realloc, strdup);
	xmlInitParser();
	xmlSetExternalEntityLoader(refuse_entity);
	xmlSetGenericErrorFunc(NULL, on_generic_error);
	xmlSetStructuredErrorFunc(NULL, on_structured_error);
}

/* ---- one parse */

void parse_begin(struct parse *p, xmlParserCtxtPtr ctxt)
{
	p->ctxt = ctxt;
	ctxt->_private = p;
	p->outer = innermost;
	innermost = p;
	if (!p->outer)
		refused[0] = '\0';
}

void parse_end(struct parse *p)
{
	innermost = p->outer;
	if (p->ctxt) {
		p->ctxt->_private = NULL;
		xmlFreeParserCtxt(p->ctxt);
	}
	p->ctxt = NULL;
}

void parse_stop(struct parse *p, enum limit why)
{
	if (why && !p->limit) {
		p->limit = why;
		p->limit_line = p->ctxt && p->ctxt->input ? p->ctxt->input->line : 0;
	}
	if (!p->stopped && p->ctxt)
		xmlStopParser(p->ctxt);
	p->stopped = true;
}

bool parse_enter(struct parse *p, int nattrs)
{
	if (p->stopped)
		return false;
	if (p->depth > MARKUP_MAX_DEPTH) {
		parse_stop(p, LIMIT_DEPTH);
		return false;
	}
	if (nattrs > MARKUP_MAX_ATTRS) {
		parse_stop(p, LIMIT_ATTRS);
		return false;
	}
	p->attrs += (unsigned long)nattrs;
	if (p->attrs > MARKUP_MAX_DOC_ATTRS) {
		parse_stop(p, LIMIT_DOC_ATTRS);
		return false;
	}
	p->depth++;
	p->run = 0;
	return true;
}

int parse_leave(struct parse *p)
{
	p->run = 0;
	if (p->depth == 0)
		return 0;
	return p->depth--;
}

void parse_text(struct parse *p, const char *s, size_t *n)
{
	if (p->run + *n <= MARKUP_MAX_TEXT) {
		p->run += *n;
		return;
	}
	size_t k = p->run < MARKUP_MAX_TEXT ? MARKUP_MAX_TEXT - p->run : 0;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	*n = k;
	p->run = MARKUP_MAX_TEXT;
	p->cut = true;
}

const char *limit_text(enum limit l)
{
	switch (l) {
	case LIMIT_DEPTH:
		/* libxml2's words, as when its tree builder stopped there */
		return "Excessive depth in document: 256 use XML_PARSE_HUGE option";
	case LIMIT_ATTRS: return "an element with more than 256 attributes";
	case LIMIT_DOC_ATTRS: return "more than 1000000 attributes";
	case LIMIT_NAMESPACES: return "more than 160 namespaces in scope";
	case LIMIT_NONE: break;
	}
	return "";
}

bool error_is_limit(const struct parse *p, const struct parse_error *e)
{
	return p->limit && e->set && e->code == XML_ERR_NO_MEMORY;
}

/* ---- sniffing and guarding */

static bool starts_with_nocase(const char *s, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - s) >= n && strncasecmp(s, word, n) == 0;
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* Past a DOCTYPE at p (its internal subset included), or NULL when it does not end before end. */
static const char *past_doctype(const char *p, const char *end)
{
	for (char quote = 0; p < end; p++) {
		if (quote) {
			quote = *p == quote ? 0 : quote;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '[') {
			const char *q = find_bytes(p, end, "]");
			if (!q)
				return NULL;
			p = q;
		} else if (*p == '>') {
			return p + 1;
		}
	}
	return NULL;
}

static struct buf sniffed; /* the start of a UTF-16 or UTF-32 document, as UTF-8 */

/* Feeds and pages go by their root element, not by their DOCTYPE: an XHTML DOCTYPE before
 * <rss> is a feed's. The root's prefix does not count (<rss:rss>, <atom:feed>). */
enum format sniff_format(const char *data, size_t len)
{
	struct encoding e;
	size_t head = len < 4096 ? len : 4096;
	encoding_detect(data, head, false, &e);
	if (e.unit > 1) {
		unsigned long long replaced = 0;
		size_t bad = 0;
		buf_clear(&sniffed);
		if (encoding_convert(&e, data, head, false, &sniffed, &replaced, &bad) == 0 && sniffed.p) {
			data = sniffed.p;
			len = sniffed.len;
		}
	}
	const char *p = data, *end = data + (len < 4096 ? len : 4096);
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	p = skip_space(p, end);
	if (p == end || *p != '<')
		return FORMAT_TEXT;
	/* past the XML declaration, comments, processing instructions and DOCTYPEs */
	bool xml = false, doctype = false, doctype_html = false;
	for (;;) {
		p = skip_space(p, end);
		if (starts_with_nocase(p, end, "<?")) {
			xml |= starts_with_nocase(p, end, "<?xml");
			const char *q = memchr(p, '>', (size_t)(end - p));
			if (!q)
				break;
			p = q + 1;
		} else if (starts_with_nocase(p, end, "<!--")) {
			const char *q = find_bytes(p + 4, end, "-->");
			if (!q)
				break;
			p = q + 3;
		} else if (starts_with_nocase(p, end, "<!doctype")) {
			doctype = true;
			doctype_html |= starts_with_nocase(skip_space(p + 9, end), end, "html");
			const char *q = past_doctype(p + 9, end);
			if (!q)
				break;
			p = q;
		} else {
			break;
		}
	}
	if (p < end && *p == '<' && p + 1 < end && p[1] != '!' && p[1] != '?') {
		const char *name = p + 1, *q = name;
		while (q < end && !strchr(" \t\r\n/>", *q))
			q++;
		const char *colon = memchr(name, ':', (size_t)(q - name));
		const char *local = colon ? colon + 1 : name;
		size_t n = (size_t)(q - local);
		if ((n == 3 && strncasecmp(local, "rss", 3) == 0) || (n == 4 && strncasecmp(local, "feed", 4) == 0) ||
		    (n == 3 && strncasecmp(local, "RDF", 3) == 0))
			return FORMAT_RSS;
		if (n == 4 && strncasecmp(local, "html", 4) == 0)
			return FORMAT_HTML;
	}
	if (doctype_html)
		return FORMAT_HTML;
	/* other XML, with a DTD above all, goes to the guarded feed reader, never in as text */
	if (xml || doctype)
		return FORMAT_RSS;
	return FORMAT_TEXT;
}

/* Refuses a document whose DTD declares entities: the only way to billion laughs and to
 * external entities (file:///etc/passwd, http://...). Returns 0, or -1 after the message. */
int refuse_entities(struct input *in, const char *data, size_t len)
{
	const char *end = data + len;
	const char *doctype = find_bytes(data, end, "<!DOCTYPE");
	if (!doctype)
		return 0;
	const char *entity = find_bytes(doctype, end, "<!ENTITY");
	if (!entity)
		return 0;
	const char *decl_end = memchr(entity, '>', (size_t)(end - entity));
	if (!decl_end)
		decl_end = end;
	if (find_bytes(entity, decl_end, "SYSTEM") || find_bytes(entity, decl_end, "PUBLIC")) {
		input_error(in, "refused: the DTD declares an external entity (%.*s); entities are never "
				"loaded or expanded",
			    (int)(decl_end + 1 - entity < 120 ? decl_end + 1 - entity : 120), entity);
		return -1;
	}
	input_error(in, "refused: the DTD declares entities (as billion laughs does); entities are "
			"never expanded");
	return -1;
}

static struct buf utf8_data; /* the input made valid UTF-8 */

/* Whether the document says it is in another encoding than UTF-8: a UTF-16 byte order mark,
 * encoding="..." in the XML declaration, or charset=... (HTML's meta) near the start. libxml2
 * converts those itself. */
bool declares_other_encoding(const char *data, size_t len)
{
	const char *end = data + (len < 4096 ? len : 4096), *value = NULL;
	if (len >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') || (data[0] == '\xFE' && data[1] == '\xFF')))
		return true;
	const char *p = data;
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	if (starts_with_nocase(p, end, "<?xml")) {
		const char *decl_end = find_bytes(p, end, "?>");
		const char *enc = decl_end ? find_bytes(p, decl_end, "encoding") : NULL;
		if (enc)
			value = enc + 8;
	}
	if (!value) {
		for (const char *q = data; q + 8 <= end; q++)
			if ((*q == 'c' || *q == 'C') && strncasecmp(q, "charset=", 8) == 0) {
				value = q + 8;
				break;
			}
	}
	if (!value)
		return false;
	while (value < end && (*value == ' ' || *value == '=' || *value == '"' || *value == '\''))
		value++;
	return value < end && !starts_with_nocase(value, end, "utf-8") && !starts_with_nocase(value, end, "utf8") &&
	       !starts_with_nocase(value, end, "us-ascii");
}

/* Makes data valid UTF-8 (when it declares no other encoding) so that libxml2 does not give up
 * on the first bad byte. Returns the bytes to parse, or NULL after an error (--strict). */
const char *valid_utf8(const struct options *o, struct input *in, const char *data, size_t *len)
{
	if (declares_other_encoding(data, *len))
		return data;
	size_t ok = utf8_valid_prefix(data, *len);
	if (ok == *len)
		return data;
	if (o->common.in.strict) {
		input_error(in, "invalid UTF-8 or NUL byte at byte %zu", ok);
		return NULL;
	}
	buf_clear(&utf8_data);
	long k = utf8_repair(data, *len, &utf8_data);
	if (k < 0) {
		input_error(in, "out of memory");
		return NULL;
	}
	in->replaced += (unsigned long long)k;
	*len = utf8_data.len;
	return utf8_data.p;
}


/* ---- text out of SAX events */

/* The elements the extractor and the page survey know, sorted by name for bsearch. */
static const struct known {
	const char *name;
	unsigned char kind;
	unsigned char tag;
} known[] = {
	{"a", 0, TAG_A},
	{"address", KIND_BLOCK, 0},   {"article", KIND_BLOCK, TAG_ARTICLE}, {"aside", KIND_SKIP, 0},
	{"blockquote", KIND_BLOCK, 0}, {"body", KIND_BLOCK, TAG_BODY},      {"br", KIND_BR, 0},
	{"button", KIND_SKIP, 0},     {"canvas", KIND_SKIP, 0},            {"caption", KIND_BLOCK, 0},
	{"center", KIND_BLOCK, 0},    {"dd", KIND_BLOCK, 0},               {"details", KIND_BLOCK, 0},
	{"div", KIND_BLOCK, 0},       {"dl", KIND_BLOCK, 0},               {"dt", KIND_BLOCK, 0},
	{"fieldset", KIND_BLOCK, 0},  {"figcaption", KIND_BLOCK, 0},       {"figure", KIND_BLOCK, 0},
	{"footer", KIND_SKIP, 0},     {"form", KIND_SKIP, TAG_FORM},              {"h1", KIND_BLOCK, TAG_H1},
	{"h2", KIND_BLOCK, 0},        {"h3", KIND_BLOCK, 0},               {"h4", KIND_BLOCK, 0},
	{"h5", KIND_BLOCK, 0},        {"h6", KIND_BLOCK, 0},               {"head", KIND_SKIP, 0},
	{"header", KIND_SKIP, TAG_HEADER},     {"hr", KIND_BLOCK, 0},               {"html", KIND_BLOCK, 0},
	{"iframe", KIND_SKIP, 0},     {"legend", KIND_BLOCK, 0},           {"li", KIND_BLOCK, 0},
	{"link", 0, TAG_LINK},        {"main", KIND_BLOCK, TAG_MAIN},      {"meta", 0, TAG_META},
	{"nav", KIND_SKIP, 0},        {"noscript", KIND_SKIP, 0},          {"object", KIND_SKIP, 0},
	{"ol", KIND_BLOCK, 0},        {"p", KIND_BLOCK, 0},                {"pre", KIND_BLOCK | KIND_PRE, 0},
	{"script", KIND_SKIP, TAG_SCRIPT},     {"section", KIND_BLOCK, 0},          {"select", KIND_SKIP, 0},
	{"style", KIND_SKIP, 0},      {"summary", KIND_BLOCK, 0},          {"svg", KIND_SKIP, 0},
	{"table", KIND_BLOCK, 0},     {"tbody", KIND_BLOCK, 0},            {"td", KIND_CELL, 0},
	{"template", KIND_SKIP, 0},   {"tfoot", KIND_BLOCK, 0},            {"th", KIND_CELL, 0},
	{"thead", KIND_BLOCK, 0},     {"time", 0, TAG_TIME},               {"title", KIND_SKIP, TAG_TITLE},
	{"tr", KIND_BLOCK, 0},        {"ul", KIND_BLOCK, 0},
};

static int by_name(const void *key, const void *entry)
{
	return strcmp(key, ((const struct known *)entry)->name);
}

unsigned element_kind(const char *name, bool hidden, int *tag)
{
	char lower[12];
	size_t n = 0;
	for (; name[n] && n < sizeof lower - 1; n++)
		lower[n] = (char)(name[n] >= 'A' && name[n] <= 'Z' ? name[n] + 32 : name[n]);
	lower[n] = '\0';
	const struct known *k = name[n] ? NULL : bsearch(lower, known, sizeof known / sizeof *known, sizeof *known, by_name);
	if (tag)
		*tag = k ? k->tag : 0;
	return (k ? k->kind : 0) | (hidden ? KIND_SKIP : 0);
}

static void want_gap(struct extract *x, enum gap g)
{
	if (g > x->gap)
		x->gap = g;
}

void extract_begin(struct extract *x, int root)
{
	buf_clear(&x->out);
	x->root = root;
	x->skip = 0;
	x->pre = 0;
	x->gap = GAP_NONE;
	x->on = true;
	x->oom = false;
}

/* An element starts at depth (the root's children are at root + 1). */
void extract_element(struct extract *x, int depth, unsigned kind)
{
	if (!x->on || depth <= x->root || x->skip)
		return;
	if (kind & KIND_SKIP) {
		x->skip = depth;
		return;
	}
	if (kind & KIND_BR) { /* and whatever an XHTML <br> holds */
		want_gap(x, GAP_LINE);
		x->skip = depth;
		return;
	}
	if (kind & KIND_BLOCK)
		want_gap(x, GAP_PARAGRAPH);
	if (kind & KIND_PRE)
		x->pre++;
}

void extract_end(struct extract *x, int depth, unsigned kind)
{
	if (!x->on)
		return;
	if (depth <= x->root) {
		x->on = false;
		return;
	}
	if (x->skip) {
		if (depth == x->skip)
			x->skip = 0;
		return;
	}
	if (kind & KIND_PRE)
		x->pre--;
	if (kind & KIND_BLOCK)
		want_gap(x, GAP_PARAGRAPH);
	else if (kind & KIND_CELL)
		want_gap(x, GAP_SPACE);
}

void extract_text(struct extract *x, const char *s, size_t n)
{
	static const char *const gaps[] = {"", " ", "\n", "\n\n"};
	if (!x->on || x->skip)
		return;
	size_t i = 0;
	while (i < n) {
		if (!x->pre && html_is_blank(s[i])) {
			want_gap(x, GAP_SPACE);
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && (x->pre || !html_is_blank(s[j])))
			j++;
		if (!x->pre && html_only_nbsp(s + i, j - i)) {
			if (x->gap == GAP_NONE && x->out.len)
				x->nbsp += (j - i) / 2;
			else
				want_gap(x, GAP_SPACE);
			i = j;
			continue;
		}
		for (; x->nbsp; x->nbsp--)
			if (x->gap == GAP_NONE && buf_append(&x->out, HTML_NBSP, 2) < 0)
				x->oom = true;
		if (x->out.len && x->gap && buf_append(&x->out, gaps[x->gap], strlen(gaps[x->gap])) < 0)
			x->oom = true;
		x->gap = GAP_NONE;
		if (buf_append(&x->out, s + i, j - i) < 0)
			x->oom = true;
		i = j;
	}
}

void capture_begin(struct capture *c, int depth)
{
	if (c->seen)
		return;
	c->seen = true;
	c->on = true;
	c->root = depth;
}

void capture_end(struct capture *c, int depth)
{
	if (c->on && depth <= c->root)
		c->on = false;
}

void capture_text(struct capture *c, const char *s, size_t n)
{
	if (c->on && buf_append(&c->out, s, n) < 0)
		c->oom = true;
}

void markup_cleanup(void)
{
	if (initialised)
		xmlCleanupParser();
	buf_free(&utf8_data);
	buf_free(&sniffed);
}
