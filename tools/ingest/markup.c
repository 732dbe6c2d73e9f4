/* Feeds (RSS 2.0, RSS 1.0, Atom) and HTML pages through libxml2.
 *
 * Feeds are untrusted: they are parsed with XML_PARSE_NONET and without XML_PARSE_NOENT,
 * XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR or XML_PARSE_HUGE, so libxml2 neither substitutes
 * entities nor loads a DTD and keeps its default limits. On top of that, a document whose DTD
 * declares any entity is refused before it is parsed (billion laughs, external entities), the
 * external entity loader refuses every URI, and the text walk below never follows an entity
 * reference node. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "err.h"
#include "ingest.h"
#include "out.h"
#include "utf8.h"

#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
#define HTML_OPTIONS (HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING)

/* ---- libxml2 set-up: errors are collected, not printed; nothing external is ever loaded */

struct parse_error {
	bool set;
	int line;
	char text[200];
};

static struct parse_error first_error, first_fatal;

/* Set when a text node reached libxml2's limit (10 MB without XML_PARSE_HUGE): it was cut. */
static bool text_cut;

static char refused_uri[200];
static bool initialised;

static void keep_error(struct parse_error *pe, xmlErrorPtr e)
{
	if (pe->set)
		return;
	pe->set = true;
	pe->line = e->line;
	snprintf(pe->text, sizeof pe->text, "%s", e->message ? e->message : "error");
	size_t n = strlen(pe->text);
	while (n && (pe->text[n - 1] == '\n' || pe->text[n - 1] == ' '))
		pe->text[--n] = '\0';
}

static void on_structured_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	if (!e || e->level < XML_ERR_ERROR)
		return;
	keep_error(&first_error, e);
	if (e->level == XML_ERR_FATAL)
		keep_error(&first_fatal, e);
}

static void on_generic_error(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static xmlParserInputPtr refuse_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)ctxt;
	snprintf(refused_uri, sizeof refused_uri, "%s", url ? url : id ? id : "?");
	return NULL;
}

static void init(void)
{
	if (initialised)
		return;
	initialised = true;
	xmlInitParser();
	xmlSetExternalEntityLoader(refuse_entity);
	xmlSetGenericErrorFunc(NULL, on_generic_error);
	xmlSetStructuredErrorFunc(NULL, on_structured_error);
}

static void reset_errors(void)
{
	first_error.set = false;
	first_fatal.set = false;
	refused_uri[0] = '\0';
	text_cut = false;
}

void markup_cleanup(void)
{
	if (initialised)
		xmlCleanupParser();
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

enum format sniff_format(const char *data, size_t len)
{
	const char *p = data, *end = data + (len < 4096 ? len : 4096);
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	p = skip_space(p, end);
	if (p == end || *p != '<')
		return FORMAT_TEXT;
	/* past the XML declaration, comments and processing instructions */
	bool xml = false;
	for (;;) {
		p = skip_space(p, end);
		if (starts_with_nocase(p, end, "<?")) {
			xml |= starts_with_nocase(p, end, "<?xml");
			const char *q = memchr(p, '>', (size_t)(end - p));
			if (!q)
				break;
			p = q + 1;
		} else if (starts_with_nocase(p, end, "<!--")) {
			const char *q = p + 4;
			while (q + 3 <= end && memcmp(q, "-->", 3) != 0)
				q++;
			if (q + 3 > end)
				break;
			p = q + 3;
		} else {
			break;
		}
	}
	if (starts_with_nocase(p, end, "<rss") || starts_with_nocase(p, end, "<feed") ||
	    starts_with_nocase(p, end, "<rdf:rdf"))
		return FORMAT_RSS;
	if (starts_with_nocase(p, end, "<!doctype html") || starts_with_nocase(p, end, "<html"))
		return FORMAT_HTML;
	/* other XML, with a DTD above all, goes to the guarded feed reader, never in as text */
	if (xml || starts_with_nocase(p, end, "<!doctype"))
		return FORMAT_RSS;
	return FORMAT_TEXT;
}

static const char *find(const char *s, const char *end, const char *what)
{
	size_t n = strlen(what);
	while ((size_t)(end - s) >= n) {
		const char *p = memchr(s, what[0], (size_t)(end - s) - n + 1);
		if (!p)
			return NULL;
		if (memcmp(p, what, n) == 0)
			return p;
		s = p + 1;
	}
	return NULL;
}

/* Refuses a document whose DTD declares entities: the only way to billion laughs and to
 * external entities (file:///etc/passwd, http://...). Returns 0, or -1 after the message. */
static int refuse_entities(struct input *in, const char *data, size_t len)
{
	const char *end = data + len;
	const char *doctype = find(data, end, "<!DOCTYPE");
	if (!doctype)
		return 0;
	const char *entity = find(doctype, end, "<!ENTITY");
	if (!entity)
		return 0;
	const char *decl_end = memchr(entity, '>', (size_t)(end - entity));
	if (!decl_end)
		decl_end = end;
	if (find(entity, decl_end, "SYSTEM") || find(entity, decl_end, "PUBLIC")) {
		input_error(in, "refused: the DTD declares an external entity (%.*s); entities are never "
				"loaded or expanded",
			    (int)(decl_end + 1 - entity < 120 ? decl_end + 1 - entity : 120), entity);
		return -1;
	}
	input_error(in, "refused: the DTD declares entities (as billion laughs does); entities are "
			"never expanded");
	return -1;
}

static struct buf utf8_data;

/* Whether the document says it is in another encoding than UTF-8: a UTF-16 byte order mark,
 * encoding="..." in the XML declaration, or charset=... (HTML's meta) near the start. libxml2
 * converts those itself. */
static bool declares_other_encoding(const char *data, size_t len)
{
	const char *end = data + (len < 4096 ? len : 4096), *value = NULL;
	if (len >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') || (data[0] == '\xFE' && data[1] == '\xFF')))
		return true;
	const char *p = data;
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	if (starts_with_nocase(p, end, "<?xml")) {
		const char *decl_end = find(p, end, "?>");
		const char *enc = decl_end ? find(p, decl_end, "encoding") : NULL;
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
static const char *valid_utf8(const struct options *o, struct input *in, const char *data, size_t *len)
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

/* ---- text out of a tree */

static bool name_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name && strcasecmp((const char *)n->name, name) == 0;
}

static bool name_in(const xmlNode *n, const char *const *names)
{
	for (; *names; names++)
		if (name_is(n, *names))
			return true;
	return false;
}

static const char *const invisible[] = {
	"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "head", "template",
	"svg", "iframe", "object", "canvas", "select", "button", "title", NULL,
};

static const char *const blocks[] = {
	"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
	"pre", "section", "article", "main", "table", "thead", "tbody", "tfoot", "tr", "caption", "figure",
	"figcaption", "address", "hr", "body", "html", "center", "details", "summary", "fieldset", "legend",
	NULL,
};

enum gap { GAP_NONE, GAP_SPACE, GAP_LINE, GAP_PARAGRAPH };

struct extract {
	struct buf *out;
	enum gap gap; /* what separates the next text from the last */
	int pre;      /* depth inside <pre>: blanks are kept */
};

static void want_gap(struct extract *x, enum gap g)
{
	if (g > x->gap)
		x->gap = g;
}

static int put_text(struct extract *x, const char *s, size_t n)
{
	static const char *const gaps[] = {"", " ", "\n", "\n\n"};
	size_t i = 0;
	while (i < n) {
		if (!x->pre && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f')) {
			want_gap(x, GAP_SPACE);
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && (x->pre || !(s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r' || s[j] == '\f')))
			j++;
		if (x->out->len && x->gap && buf_append(x->out, gaps[x->gap], strlen(gaps[x->gap])) < 0)
			return -1;
		x->gap = GAP_NONE;
		if (buf_append(x->out, s + i, j - i) < 0)
			return -1;
		i = j;
	}
	return 0;
}

static bool hidden(const xmlNode *n)
{
	if (xmlHasProp((xmlNode *)n, (const xmlChar *)"hidden"))
		return true;
	xmlChar *aria = xmlGetProp(n, (const xmlChar *)"aria-hidden");
	bool yes = aria && strcmp((const char *)aria, "true") == 0;
	xmlFree(aria);
	return yes;
}

/* Enters node n: returns true when its children are to be walked (then leave() follows). */
static bool enter(struct extract *x, const xmlNode *n, int *rc)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		size_t len = n->content ? strlen((const char *)n->content) : 0;
		text_cut |= len >= XML_MAX_TEXT_LENGTH;
		if (len && put_text(x, (const char *)n->content, len) < 0)
			*rc = -1;
		return false;
	}
	/* entity references, comments and the rest are not text: never expanded */
	if (n->type != XML_ELEMENT_NODE || name_in(n, invisible) || hidden(n))
		return false;
	if (name_is(n, "br")) {
		want_gap(x, GAP_LINE);
		return false;
	}
	if (name_in(n, blocks))
		want_gap(x, GAP_PARAGRAPH);
	if (name_is(n, "pre"))
		x->pre++;
	return true;
}

static void leave(struct extract *x, const xmlNode *n)
{
	if (name_is(n, "pre"))
		x->pre--;
	if (name_in(n, blocks))
		want_gap(x, GAP_PARAGRAPH);
	else if (name_is(n, "td") || name_is(n, "th"))
		want_gap(x, GAP_SPACE);
}

/* Appends the visible text under root to out: blocks become paragraphs ("\n\n"), <br> a line
 * break, other blanks one space. Iterative, so that deep nesting cannot exhaust the stack.
 * Returns 0, or -1 when out of memory. */
static int extract_text(const xmlNode *root, struct buf *out)
{
	struct extract x = {.out = out};
	int rc = 0;
	const xmlNode *n = root->children;
	while (n && rc == 0) {
		bool descend = enter(&x, n, &rc);
		if (descend && n->children) {
			n = n->children;
			continue;
		}
		if (descend)
			leave(&x, n);
		while (!n->next) {
			n = n->parent;
			if (!n || n == root)
				return rc;
			leave(&x, n);
		}
		n = n->next;
	}
	return rc;
}

/* Appends all the text under n (entity references left out) to out. */
static int node_text(const xmlNode *root, struct buf *out)
{
	const xmlNode *n = root->children;
	while (n) {
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
			size_t len = strlen((const char *)n->content);
			text_cut |= len >= XML_MAX_TEXT_LENGTH;
			if (buf_append(out, n->content, len) < 0)
				return -1;
		}
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (!n->next) {
			n = n->parent;
			if (!n || n == root)
				return 0;
		}
		n = n->next;
	}
	return 0;
}

static int attr_text(const xmlNode *n, const char *name, struct buf *out)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	int rc = v ? buf_append(out, v, strlen((const char *)v)) : 0;
	xmlFree(v);
	return rc;
}

static bool attr_is(const xmlNode *n, const char *name, const char *value)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	bool yes = v && strcasecmp((const char *)v, value) == 0;
	xmlFree(v);
	return yes;
}

/* The visible text of an HTML fragment (an RSS description, an Atom html content). */
static int html_fragment_text(const char *s, size_t n, struct buf *out)
{
	if (!n)
		return 0;
	if (n > INT_MAX)
		return -1;
	htmlDocPtr doc = htmlReadMemory(s, (int)n, NULL, "UTF-8", HTML_OPTIONS);
	if (!doc)
		return 0;
	int rc = extract_text((const xmlNode *)doc, out); /* a document is laid out as a node */
	xmlFreeDoc(doc);
	return rc;
}

/* ---- HTML pages */

struct page {
	const xmlNode *title, *h1, *body, *main, *article, *time;
	int articles;
	xmlChar *og_title, *og_url, *canonical, *published;
};

static void take(xmlChar **slot, xmlChar *v)
{
	if (!*slot && v && *v)
		*slot = v;
	else
		xmlFree(v);
}

/* One pass over the whole tree for what a page says about itself. */
static void survey(const xmlNode *root, struct page *p)
{
	const xmlNode *n = root;
	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			if (name_is(n, "title") && !p->title)
				p->title = n;
			else if (name_is(n, "h1") && !p->h1)
				p->h1 = n;
			else if (name_is(n, "body") && !p->body)
				p->body = n;
			else if (name_is(n, "main") && !p->main)
				p->main = n;
			else if (name_is(n, "article")) {
				if (!p->article)
					p->article = n;
				p->articles++;
			} else if (name_is(n, "time") && !p->time && xmlHasProp((xmlNode *)n, (const xmlChar *)"datetime"))
				p->time = n;
			else if (name_is(n, "meta")) {
				xmlChar *key = xmlGetProp(n, (const xmlChar *)"property");
				if (!key)
					key = xmlGetProp(n, (const xmlChar *)"name");
				if (key) {
					const char *k = (const char *)key;
					if (strcasecmp(k, "og:title") == 0)
						take(&p->og_title, xmlGetProp(n, (const xmlChar *)"content"));
					else if (strcasecmp(k, "og:url") == 0)
						take(&p->og_url, xmlGetProp(n, (const xmlChar *)"content"));
					else if (strcasecmp(k, "article:published_time") == 0)
						take(&p->published, xmlGetProp(n, (const xmlChar *)"content"));
					xmlFree(key);
				}
			} else if (name_is(n, "link") && attr_is(n, "rel", "canonical")) {
				take(&p->canonical, xmlGetProp(n, (const xmlChar *)"href"));
			}
			if (n->children) {
				n = n->children;
				continue;
			}
		}
		while (n && !n->next) {
			n = n->parent;
			if (n == root || (n && n->type != XML_ELEMENT_NODE))
				return;
		}
		if (n)
			n = n->next;
	}
}

static void free_doc_bufs(struct doc *d)
{
	buf_free(&d->doc_id);
	buf_free(&d->source);
	buf_free(&d->published);
	buf_free(&d->url);
	buf_free(&d->title);
	buf_free(&d->text);
}

static void clear_doc(struct doc *d)
{
	buf_clear(&d->doc_id);
	buf_clear(&d->source);
	buf_clear(&d->published);
	buf_clear(&d->url);
	buf_clear(&d->title);
	buf_clear(&d->text);
}

static int append_str(struct buf *b, const xmlChar *s)
{
	return s ? buf_append(b, s, strlen((const char *)s)) : 0;
}

int read_html(const struct options *o, struct input *in, const char *data, size_t len)
{
	init();
	if (len > INT_MAX) {
		input_error(in, "larger than libxml2 can take");
		return -1;
	}
	const char *encoding = declares_other_encoding(data, len) ? NULL : "UTF-8";
	if (!(data = valid_utf8(o, in, data, &len)))
		return -1;
	reset_errors();
	htmlDocPtr doc = htmlReadMemory(data, (int)len, NULL, encoding, HTML_OPTIONS);
	if (!doc) {
		input_error(in, "cannot parse the HTML%s%s", first_error.set ? ": " : "",
			    first_error.set ? first_error.text : "");
		return -1;
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	struct page p = {0};
	struct doc d = {0};
	int rc = 0;
	if (root) {
		survey(root, &p);
		bool oom = false;
		/* og:title is the headline without the site's name that <title> adds */
		oom |= append_str(&d.title, p.og_title) < 0;
		if (!d.title.len && p.title)
			oom |= node_text(p.title, &d.title) < 0;
		if (!d.title.len && p.h1)
			oom |= node_text(p.h1, &d.title) < 0;
		oom |= append_str(&d.url, p.canonical ? p.canonical : p.og_url) < 0;
		if (p.published)
			oom |= append_str(&d.published, p.published) < 0;
		else if (p.time)
			oom |= attr_text(p.time, "datetime", &d.published) < 0;
		if (first_fatal.set) /* HTML errors are common; only those that end the parse are told */
			input_warning(in, "HTML read as far as it goes: line %d: %s", first_fatal.line, first_fatal.text);
		/* the article's text: its one <article>, else <main>, else the body */
		const xmlNode *from = p.articles == 1 ? p.article : p.main ? p.main : p.body ? p.body : root;
		oom |= extract_text(from, &d.text) < 0;
		if (text_cut)
			input_warning(in, "a text longer than %d bytes was cut there (libxml2's limit)",
				      XML_MAX_TEXT_LENGTH);
		if (oom) {
			input_error(in, "out of memory");
			rc = -1;
		} else {
			rc = emit_doc(o, in, &d);
		}
	}
	xmlFree(p.og_title);
	xmlFree(p.og_url);
	xmlFree(p.canonical);
	xmlFree(p.published);
	xmlFreeDoc(doc);
	free_doc_bufs(&d);
	return rc;
}

/* ---- feeds */

static const xmlNode *child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (name_is(c, name))
			return c;
	return NULL;
}

static int feed_item(const struct options *o, struct input *in, const xmlNode *item, bool atom, struct doc *d)
{
	clear_doc(d);
	bool oom = false;
	const xmlNode *n;
	if ((n = child(item, "title"))) {
		if (atom && (attr_is(n, "type", "html"))) {
			struct buf raw = {0};
			oom |= node_text(n, &raw) < 0 || html_fragment_text(raw.p ? raw.p : "", raw.len, &d->title) < 0;
			buf_free(&raw);
		} else {
			oom |= node_text(n, &d->title) < 0;
		}
	}
	if (atom) {
		const xmlNode *link = NULL;
		for (const xmlNode *c = item->children; c; c = c->next)
			if (name_is(c, "link") && (!xmlHasProp((xmlNode *)c, (const xmlChar *)"rel") || attr_is(c, "rel", "alternate"))) {
				link = c;
				break;
			}
		if (link)
			oom |= attr_text(link, "href", &d->url) < 0;
		if ((n = child(item, "source")) && (n = child(n, "title"))) /* the feed it came from */
			oom |= node_text(n, &d->source) < 0;
		if ((n = child(item, "published")) || (n = child(item, "updated")))
			oom |= node_text(n, &d->published) < 0;
		const xmlNode *content = child(item, "content");
		if (!content || !content->children)
			content = child(item, "summary");
		if (content) {
			if (attr_is(content, "type", "xhtml")) {
				oom |= extract_text(content, &d->text) < 0;
			} else if (attr_is(content, "type", "html") || attr_is(content, "type", "text/html")) {
				struct buf raw = {0};
				oom |= node_text(content, &raw) < 0 ||
				       html_fragment_text(raw.p ? raw.p : "", raw.len, &d->text) < 0;
				buf_free(&raw);
			} else {
				oom |= node_text(content, &d->text) < 0;
			}
		}
	} else {
		if ((n = child(item, "link")))
			oom |= node_text(n, &d->url) < 0;
		if (!d->url.len && (n = child(item, "guid")) && !attr_is(n, "isPermaLink", "false"))
			oom |= node_text(n, &d->url) < 0;
		if ((n = child(item, "source"))) /* the channel the item came from */
			oom |= node_text(n, &d->source) < 0;
		if ((n = child(item, "pubDate")) || (n = child(item, "date")))
			oom |= node_text(n, &d->published) < 0;
		const xmlNode *content = child(item, "encoded");
		if (!content || !content->children)
			content = child(item, "description");
		if (content) {
			struct buf raw = {0};
			oom |= node_text(content, &raw) < 0 || html_fragment_text(raw.p ? raw.p : "", raw.len, &d->text) < 0;
			buf_free(&raw);
		}
	}
	if (oom) {
		input_error(in, "out of memory");
		return -1;
	}
	return emit_doc(o, in, d);
}

int read_feed(const struct options *o, struct input *in, const char *data, size_t len)
{
	init();
	if (len > INT_MAX) {
		input_error(in, "larger than libxml2 can take");
		return -1;
	}
	if (refuse_entities(in, data, len) < 0)
		return -1;
	if (!(data = valid_utf8(o, in, data, &len)))
		return -1;
	reset_errors();
	xmlDocPtr doc = xmlReadMemory(data, (int)len, NULL, NULL, XML_OPTIONS);
	if (refused_uri[0]) {
		input_error(in, "refused to load '%s': external entities and DTDs are never loaded", refused_uri);
		xmlFreeDoc(doc);
		return -1;
	}
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		if (first_error.set)
			input_error(in, "not well-formed XML: line %d: %s", first_error.line, first_error.text);
		else
			input_error(in, "not well-formed XML");
		xmlFreeDoc(doc);
		return -1;
	}
	if (doc->intSubset && (doc->intSubset->entities || doc->intSubset->pentities)) {
		input_error(in, "refused: the DTD declares entities; entities are never expanded");
		xmlFreeDoc(doc);
		return -1;
	}
	if (first_error.set)
		input_warning(in, "malformed XML, read as far as it goes: line %d: %s", first_error.line,
			      first_error.text);
	const xmlNode *items = NULL;
	bool atom = false;
	if (name_is(root, "rss"))
		items = child(root, "channel");
	else if (name_is(root, "RDF"))
		items = root;
	else if (name_is(root, "feed")) {
		items = root;
		atom = true;
	}
	int rc = 0;
	if (!items) {
		input_error(in, "not an RSS or Atom feed: the root element is '%s'", (const char *)root->name);
		rc = -1;
	} else {
		struct doc d = {0};
		for (const xmlNode *c = items->children; c && !out_failed(); c = c->next)
			if (name_is(c, atom ? "entry" : "item") && feed_item(o, in, c, atom, &d) < 0)
				rc = -1;
		free_doc_bufs(&d);
		if (text_cut)
			input_warning(in, "a text longer than %d bytes was cut there (libxml2's limit)",
				      XML_MAX_TEXT_LENGTH);
	}
	xmlFreeDoc(doc);
	return rc;
}
