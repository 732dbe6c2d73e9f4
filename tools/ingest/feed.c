/* Feeds (RSS 0.90 to 2.0, RSS 1.0, Atom 0.3 and 1.0) through libxml2's XML parser, with SAX
 * callbacks: no tree is built. An item is written when it ends (or when the feed ends inside
 * it), so a feed streams: what is held is the item being read, not the feed.
 *
 * Before libxml2 sees it, the feed is decoded to UTF-8 (encoding.c: its BOM, first bytes,
 * declaration, or its bytes) and its bare ampersands and HTML entities are rewritten as
 * references XML reads. The callbacks see the elements as libxml2's tree builder would have
 * named them (the local name, or "prefix:name" when the prefix is not declared; the root, the
 * channel and the items by their local name alone) and take each field from the first child of
 * the item with its name; feed-item.c makes the row. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>

#include "encoding.h"
#include "err.h"
#include "feed.h"
#include "ingest.h"
#include "markup.h"
#include "out.h"
#include "utf8.h"

/* The feed is handed to libxml2 as UTF-8 (decoded here): the encoding it declares is ignored. */
#define XML_OPTIONS                                                                                  \
	(XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | \
	 XML_PARSE_IGNORE_ENC)
/* ---- names and attributes as libxml2's tree builder would have had them */

static struct buf qname;

/* The element's name: the local name, or "prefix:local" when the prefix is not declared. */
static const char *tree_name(const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	if (!prefix || uri)
		return (const char *)local;
	buf_clear(&qname);
	if (buf_append(&qname, prefix, strlen((const char *)prefix)) < 0 || buf_putc(&qname, ':') < 0 ||
	    buf_append(&qname, local, strlen((const char *)local)) < 0)
		return (const char *)local;
	return qname.p;
}

/* SAX2 gives attributes as (local name, prefix, URI, value, end of value) tuples. */
enum { A_LOCAL, A_PREFIX, A_URI, A_VALUE, A_END, A_SIZE };

/* The value of the attribute at a, in f->scratch. The parser leaves an ampersand as "&#38;" in
 * a value (for the tree builder to decode); it is decoded here. */
static const char *attr_value(struct feed *f, const xmlChar **a)
{
	const char *v = (const char *)a[A_VALUE], *end = (const char *)a[A_END];
	buf_clear(&f->scratch);
	while (v < end) {
		const char *amp = memchr(v, '&', (size_t)(end - v));
		const char *stop = amp ? amp : end;
		if (buf_append(&f->scratch, v, (size_t)(stop - v)) < 0)
			f->oom = true;
		if (!amp)
			break;
		bool entity = end - amp >= 5 && memcmp(amp, "&#38;", 5) == 0;
		if (buf_putc(&f->scratch, '&') < 0)
			f->oom = true;
		v = amp + (entity ? 5 : 1);
	}
	return f->scratch.p ? f->scratch.p : "";
}

/* The value of the attribute in no namespace (xmlGetProp's), or NULL. */
static const char *attr(struct feed *f, const xmlChar **a, int n, const char *name)
{
	for (int i = 0; i < n; i++, a += A_SIZE)
		if (!a[A_PREFIX] && strcmp((const char *)a[A_LOCAL], name) == 0)
			return attr_value(f, a);
	return NULL;
}

/* Whether the element has the attribute, in any namespace (xmlHasProp's). */
static bool has_attr(const xmlChar **a, int n, const char *name)
{
	for (int i = 0; i < n; i++, a += A_SIZE)
		if ((!a[A_PREFIX] || a[A_URI]) && strcmp((const char *)a[A_LOCAL], name) == 0)
			return true;
	return false;
}

static bool attr_is(struct feed *f, const xmlChar **a, int n, const char *name, const char *value)
{
	const char *v = attr(f, a, n, name);
	return v && strcasecmp(v, value) == 0;
}

/* ---- an item */

/* An event inside the open bodies: they have a child node. */
static void touch(struct item *it)
{
	for (int i = 0; i < N_BODIES; i++)
		if (it->body[i].open)
			it->body[i].has_child = true;
}

static void body_begin(struct body *b, int depth, enum body_type type, bool base64)
{
	if (b->raw.seen)
		return;
	capture_begin(&b->raw, depth);
	b->type = type;
	b->base64 = base64;
	b->open = true;
	if (type == BODY_XHTML)
		extract_begin(&b->x, depth);
}

/* ---- xml:base */

/* The xml:base attribute's value, or NULL. */
static const char *xml_base(struct feed *f, const xmlChar **a, int n)
{
	for (int i = 0; i < n; i++, a += A_SIZE)
		if (a[A_PREFIX] && strcmp((const char *)a[A_PREFIX], "xml") == 0 &&
		    strcmp((const char *)a[A_LOCAL], "base") == 0)
			return a[A_END] - a[A_VALUE] > MAX_BASE ? NULL : attr_value(f, a);
	return NULL;
}

/* The base URI in scope at depth, or NULL. */
static const xmlChar *base_at(const struct feed *f, int depth)
{
	for (int d = depth < f->base_top ? depth : f->base_top; d > 0; d--)
		if (f->base[d])
			return f->base[d];
	return NULL;
}

/* An element at depth starts (outside item content): its xml:base, resolved against the one in
 * scope (RFC 3986, libxml2's xmlBuildURI), becomes the base of its content. */
static void base_enter(struct feed *f, const xmlChar **a, int n, int depth)
{
	const char *v = xml_base(f, a, n);
	if (!v || depth >= MARKUP_MAX_DEPTH + 4)
		return;
	const xmlChar *outer = base_at(f, depth - 1);
	xmlChar *uri = outer ? xmlBuildURI((const xmlChar *)v, outer) : xmlStrdup((const xmlChar *)v);
	if (uri && xmlStrlen(uri) > MAX_BASE) {
		xmlFree(uri);
		uri = NULL;
	}
	f->base[depth] = uri;
	f->base_top = depth;
}

static void base_leave(struct feed *f, int depth)
{
	if (depth > f->base_top || depth >= MARKUP_MAX_DEPTH + 4)
		return;
	xmlFree(f->base[depth]);
	f->base[depth] = NULL;
	while (f->base_top > 0 && !f->base[f->base_top])
		f->base_top--;
}

/* The base in scope at depth, kept in b (an RSS link's text is resolved when it ends). */
static void keep_base(struct feed *f, struct buf *b, int depth)
{
	const xmlChar *base = base_at(f, depth);
	buf_clear(b);
	if (base && buf_append(b, base, (size_t)xmlStrlen(base)) < 0)
		f->oom = true;
}

/* ---- the children of an item */

/* Atom's type="html" (1.0) or "text/html" (0.3). */
static bool type_html(struct feed *f, const xmlChar **a, int n)
{
	return attr_is(f, a, n, "type", "html") || attr_is(f, a, n, "type", "text/html");
}

/* An Atom content or summary: how its text is read. Atom 0.3 says mode="escaped" (HTML as
 * text), "xml" (markup inline) or "base64"; Atom 1.0 says by the type alone, a media type other
 * than text and XML being base64 (RFC 4287 4.1.3.3), as feedparser reads both. */
static void atom_body(struct feed *f, struct body *b, const xmlChar **a, int n, int depth)
{
	bool base64 = attr_is(f, a, n, "mode", "base64");
	bool inline_xml = attr_is(f, a, n, "mode", "xml");
	const char *type = attr(f, a, n, "type"); /* in f->scratch: no attr() after this */
	enum body_type t = BODY_TEXT;
	if (!type || !*type || strcasecmp(type, "text") == 0 || strcasecmp(type, "text/plain") == 0) {
		t = BODY_TEXT;
	} else if (strcasecmp(type, "xhtml") == 0 || strcasecmp(type, "application/xhtml+xml") == 0) {
		t = BODY_XHTML;
	} else if (strcasecmp(type, "html") == 0 || strcasecmp(type, "text/html") == 0) {
		t = inline_xml ? BODY_XHTML : BODY_HTML;
	} else if (strncasecmp(type, "text/", 5) != 0) {
		size_t k = strlen(type);
		bool xml = k >= 4 && (strcasecmp(type + k - 4, "+xml") == 0 || strcasecmp(type + k - 4, "/xml") == 0);
		base64 |= !xml;
		if (strncasecmp(type, "image/", 6) == 0 || strncasecmp(type, "audio/", 6) == 0 ||
		    strncasecmp(type, "video/", 6) == 0)
			t = BODY_NONE; /* no text in it */
	}
	body_begin(b, depth, t, base64);
}

/* The child at depth item + 2 of an Atom source or author. */
static void grandchild(struct feed *f, const char *name, int depth)
{
	struct item *it = &f->item;
	if (it->in_source && strcasecmp(name, "title") == 0) {
		capture_begin(&it->cap[C_SOURCE_TITLE], depth);
	} else if (it->in_author && strcasecmp(name, "name") == 0) {
		capture_begin(&it->cap[C_AUTHOR_NAME], depth);
	} else if (it->in_author && strcasecmp(name, "email") == 0) {
		capture_begin(&it->cap[C_AUTHOR_EMAIL], depth);
	}
}

static void atom_child(struct feed *f, const char *name, const xmlChar **a, int n, int depth)
{
	struct item *it = &f->item;
	if (strcasecmp(name, "link") == 0) {
		if (!it->have_link && (!has_attr(a, n, "rel") || attr_is(f, a, n, "rel", "alternate"))) {
			it->have_link = true;
			const char *href = attr(f, a, n, "href");
			if (href) {
				const xmlChar *base = base_at(f, depth);
				resolve(f, href, strlen(href), (const char *)base, &it->href);
			}
		}
	} else if (strcasecmp(name, "source") == 0) {
		it->in_source = !it->cap[C_SOURCE].seen;
		it->cap[C_SOURCE].seen = true; /* the first source is the one read */
	} else if (strcasecmp(name, "author") == 0) {
		it->in_author = true;
		clear_capture(&it->cap[C_AUTHOR_NAME]); /* each author's are taken */
		clear_capture(&it->cap[C_AUTHOR_EMAIL]);
	} else if (strcasecmp(name, "published") == 0 || strcasecmp(name, "issued") == 0) {
		capture_begin(&it->cap[C_PUBLISHED], depth);
	} else if (strcasecmp(name, "updated") == 0 || strcasecmp(name, "modified") == 0) {
		capture_begin(&it->cap[C_UPDATED], depth);
	} else if (strcasecmp(name, "created") == 0) {
		capture_begin(&it->cap[C_CREATED], depth);
	} else if (strcasecmp(name, "content") == 0) {
		atom_body(f, &it->body[B_CONTENT], a, n, depth);
	} else if (strcasecmp(name, "summary") == 0) {
		atom_body(f, &it->body[B_SUMMARY], a, n, depth);
	}
}

static void rss_child(struct feed *f, const char *name, const xmlChar **a, int n, int depth)
{
	struct item *it = &f->item;
	if (strcasecmp(name, "link") == 0) {
		if (!it->cap[C_LINK].seen)
			keep_base(f, &it->link_base, depth);
		capture_begin(&it->cap[C_LINK], depth);
	} else if (strcasecmp(name, "source") == 0) {
		capture_begin(&it->cap[C_SOURCE], depth);
	} else if (strcasecmp(name, "guid") == 0) {
		if (!it->cap[C_GUID].seen) {
			it->guid_not_permalink = attr_is(f, a, n, "isPermaLink", "false");
			keep_base(f, &it->guid_base, depth);
		}
		capture_begin(&it->cap[C_GUID], depth);
	} else if (strcasecmp(name, "pubDate") == 0) {
		capture_begin(&it->cap[C_PUBDATE], depth);
	} else if (strcasecmp(name, "issued") == 0) { /* dcterms: */
		capture_begin(&it->cap[C_PUBLISHED], depth);
	} else if (strcasecmp(name, "date") == 0) {
		capture_begin(&it->cap[C_DATE], depth);
	} else if (strcasecmp(name, "modified") == 0) {
		capture_begin(&it->cap[C_UPDATED], depth);
	} else if (strcasecmp(name, "created") == 0) {
		capture_begin(&it->cap[C_CREATED], depth);
	} else if (strcasecmp(name, "author") == 0 || strcasecmp(name, "creator") == 0) {
		capture_begin(&it->cap[C_AUTHOR], depth); /* author, itunes:author, dc:creator */
	} else if (strcasecmp(name, "encoded") == 0) {
		body_begin(&it->body[B_ENCODED], depth, BODY_HTML, false);
	} else if (strcasecmp(name, "body") == 0 || strcasecmp(name, "xhtml:body") == 0) {
		body_begin(&it->body[B_BODY], depth, BODY_XHTML, false);
	} else if (strcasecmp(name, "fullitem") == 0) {
		body_begin(&it->body[B_FULLITEM], depth, BODY_HTML, false);
	} else if (strcasecmp(name, "description") == 0) {
		body_begin(&it->body[B_DESCRIPTION], depth, BODY_HTML, false);
	}
}

/* A direct child of the item (depth: the item's + 1), or one of an Atom source or author. */
static void item_child(struct feed *f, const char *name, const xmlChar **a, int n, int depth)
{
	struct item *it = &f->item;
	if (depth == it->depth + 2) {
		grandchild(f, name, depth);
		return;
	}
	if (depth != it->depth + 1)
		return;
	if (strcasecmp(name, "title") == 0) {
		if (!it->cap[C_TITLE].seen)
			it->title_html = f->root == ROOT_ATOM && type_html(f, a, n);
		capture_begin(&it->cap[C_TITLE], depth);
	} else if (f->root == ROOT_ATOM) {
		atom_child(f, name, a, n, depth);
	} else {
		rss_child(f, name, a, n, depth);
	}
}

/* ---- the callbacks */

static struct feed *feed_of(void *ctx)
{
	return ((xmlParserCtxtPtr)ctx)->_private;
}

/* The element open at the deepest ends. */
static void end_element(struct feed *f)
{
	int depth = parse_leave(&f->p);
	struct item *it = &f->item;
	if (!depth)
		return;
	base_leave(f, depth);
	if (it->depth && depth > it->depth) {
		unsigned kind = f->p.kind[depth];
		if (it->in_author && depth == it->depth + 1)
			author_done(f);
		for (int i = 0; i < N_CAPTURES; i++)
			capture_end(&it->cap[i], depth);
		for (int i = 0; i < N_BODIES; i++) {
			struct body *b = &it->body[i];
			capture_end(&b->raw, depth);
			extract_end(&b->x, depth, kind);
			if (b->open && depth == b->raw.root)
				b->open = false;
		}
		if (depth == it->depth + 1)
			it->in_source = it->in_author = false;
	} else if (it->depth && depth == it->depth) {
		item_done(f);
	} else if (depth == f->container) {
		/* RSS: items after the channel are the rss element's, as without a channel */
		f->container = f->root == ROOT_RSS && depth == 2 ? 1 : 0;
	}
}

/* libxml2 sometimes closes an element without telling ("Couldn't find end of Start Tag"): it
 * pops its name, as the tree builder's node. The elements open are the parser's. */
static struct feed *synced(void *ctx)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct feed *f = ctxt->_private;
	while (!f->p.stopped && f->p.depth > ctxt->nameNr && f->p.depth > 0)
		end_element(f);
	return f;
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	(void)local;
	(void)prefix;
	(void)uri;
	struct feed *f = synced(ctx);
	if (!f->p.stopped)
		end_element(f);
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
		     const xmlChar **ns, int n, int ndefaulted, const xmlChar **a)
{
	(void)nns;
	(void)ns;
	(void)ndefaulted;
	struct feed *f = synced(ctx);
	if (!parse_enter(&f->p, n))
		return;
	int depth = f->p.depth;
	const char *name = tree_name(local, prefix, uri);
	const char *lname = (const char *)local; /* <rss:rss>, <atom:feed>, declared or not */
	struct item *it = &f->item;
	if (depth == 1 && f->root == ROOT_NONE) {
		f->root = strcasecmp(lname, "rss") == 0   ? ROOT_RSS
			  : strcasecmp(lname, "RDF") == 0  ? ROOT_RDF
			  : strcasecmp(lname, "feed") == 0 ? ROOT_ATOM
							   : ROOT_OTHER;
		/* RSS items are the channel's, or (no channel: feedparser reads them) the root's */
		if (f->root != ROOT_OTHER)
			f->container = 1;
		oom_if(f, buf_append(&f->root_name, name, strlen(name)));
	} else if (depth == 2 && f->root == ROOT_RSS && f->container == 1 && strcasecmp(lname, "channel") == 0) {
		f->container = 2;
	}
	if (!it->depth || depth <= it->depth + 1)
		base_enter(f, a, n, depth);
	if (it->depth) {
		touch(it);
		if (depth <= it->depth + 2)
			item_child(f, name, a, n, depth);
		bool hide = has_attr(a, n, "hidden");
		const char *aria = hide ? NULL : attr(f, a, n, "aria-hidden");
		unsigned kind = element_kind(name, hide || (aria && strcmp(aria, "true") == 0), NULL);
		f->p.kind[depth] = (unsigned char)kind;
		for (int i = 0; i < N_BODIES; i++)
			extract_element(&it->body[i].x, depth, kind);
	} else if (f->container && depth == f->container + 1 && f->root != ROOT_OTHER &&
		   strcasecmp(lname, f->root == ROOT_ATOM ? "entry" : "item") == 0) {
		it->depth = depth;
	}
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	struct feed *f = synced(ctx);
	struct item *it = &f->item;
	if (f->p.stopped || len <= 0)
		return;
	const char *s = (const char *)ch;
	size_t n = (size_t)len;
	parse_text(&f->p, s, &n);
	if (!it->depth)
		return;
	touch(it);
	for (int i = 0; i < N_CAPTURES; i++)
		capture_text(&it->cap[i], s, n);
	for (int i = 0; i < N_BODIES; i++)
		capture_text(&it->body[i].raw, s, n);
	for (int i = 0; i < N_BODIES; i++)
		extract_text(&it->body[i].x, s, n);
}

/* Comments, processing instructions and entity references are no text, but they are children
 * (a content:encoded holding only a comment is not empty) and end a run of text. */
static void on_other(struct feed *f)
{
	parse_break(&f->p);
	if (f->item.depth)
		touch(&f->item);
}

static void on_comment(void *ctx, const xmlChar *value)
{
	(void)value;
	on_other(synced(ctx));
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	(void)target;
	(void)data;
	on_other(synced(ctx));
}

static void on_reference(void *ctx, const xmlChar *name)
{
	(void)name;
	on_other(synced(ctx));
}

/* Entities are never looked up: a declaration that got past refuse_entities() refuses the feed. */
static void on_entity(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
		      const xmlChar *system_id, xmlChar *content)
{
	(void)name;
	(void)type;
	(void)public_id;
	(void)system_id;
	(void)content;
	struct feed *f = feed_of(ctx);
	f->entities = true;
	parse_stop(&f->p, LIMIT_NONE);
}

static void on_unparsed_entity(void *ctx, const xmlChar *name, const xmlChar *public_id,
			       const xmlChar *system_id, const xmlChar *notation)
{
	(void)notation;
	on_entity(ctx, name, 0, public_id, system_id, NULL);
}

static xmlEntityPtr no_entity(void *ctx, const xmlChar *name)
{
	(void)ctx;
	(void)name;
	return NULL;
}

/* ---- the feed */

static void free_feed(struct feed *f)
{
	free_item(&f->item);
	buf_free(&f->root_name);
	buf_free(&f->scratch);
	buf_free(&f->spare);
	for (int d = 1; d <= f->base_top; d++)
		xmlFree(f->base[d]);
	buf_free(&f->d.doc_id);
	buf_free(&f->d.source);
	buf_free(&f->d.published);
	buf_free(&f->d.url);
	buf_free(&f->d.title);
	buf_free(&f->d.text);
	buf_free(&f->d.author);
	buf_free(&qname);
}

/* What is said once the feed has been read. Returns 0, or -1 after an error. */
static int report(struct feed *f)
{
	struct input *in = f->in;
	const struct parse_error *e = &f->p.first_error;
	if (refused_uri()[0]) {
		input_error(in, "refused to load '%s': external entities and DTDs are never loaded", refused_uri());
		return -1;
	}
	if (f->entities) {
		input_error(in, "refused: the DTD declares entities; entities are never expanded");
		return -1;
	}
	if (f->root == ROOT_NONE) {
		if (f->p.limit)
			input_error_at(in, f->p.limit_line, "cannot read the feed: %s", limit_text(f->p.limit));
		else if (e->set)
			input_error_at(in, e->line, "not well-formed XML: %s", e->text);
		else
			input_error(in, "not well-formed XML");
		return -1;
	}
	if (e->set && !error_is_limit(&f->p, e))
		input_warning_at(in, e->line, "malformed XML, read as far as it goes: %s", e->text);
	else if (f->repaired_line)
		input_warning_at(in, f->repaired_line, "malformed XML: a bare '&' or an HTML entity, read as text");
	if (f->p.limit)
		input_warning_at(in, f->p.limit_line, "feed read as far as it goes: %s", limit_text(f->p.limit));
	if (f->root == ROOT_OTHER) {
		input_error(in, "not an RSS or Atom feed: the root element is '%s'", f->root_name.p);
		return -1;
	}
	if (f->p.inner_limit)
		input_warning(in, "the HTML of an item read as far as it goes: %s", limit_text(f->p.inner_limit));
	if (f->p.cut)
		input_warning(in, "a text longer than %d bytes was cut there (libxml2's limit)", MARKUP_MAX_TEXT);
	return f->rc;
}

/* The feed as UTF-8: in decoded when it had to be converted or repaired (--verbose says how
 * it was read). Returns the bytes to parse, or NULL after an error. */
static const char *feed_utf8(const struct options *o, struct input *in, const char *data, size_t *len,
			     struct buf *decoded)
{
	bool strict = o->common.in.strict;
	struct encoding e;
	encoding_detect(data, *len, false, &e);
	if (e.unknown)
		input_warning(in, "unknown encoding '%s', read as %s", e.declared, e.name);
	if (o->verbose)
		msg_at(in->name, 0, "encoding %s (from %s)", e.name, encoding_from_text(e.from));
	const char *s = data;
	size_t n = *len;
	if (!encoding_is_utf8(&e)) {
		size_t bad = 0;
		int rc = encoding_convert(&e, data, *len, strict, decoded, &in->replaced, &bad);
		if (rc == -3) {
			input_error(in, "invalid %s at byte %zu", e.name, bad);
			return NULL;
		}
		if (rc < 0) {
			input_error(in, "out of memory");
			return NULL;
		}
		s = decoded->p ? decoded->p : "";
		n = decoded->len;
	}
	size_t ok = utf8_valid_prefix(s, n);
	if (ok == n) {
		*len = n;
		return s;
	}
	if (strict) {
		input_error(in, "invalid UTF-8 or NUL byte at byte %zu", ok);
		return NULL;
	}
	struct buf repaired = {0};
	long k = utf8_repair(s, n, &repaired);
	buf_free(decoded);
	*decoded = repaired;
	if (k < 0) {
		input_error(in, "out of memory");
		return NULL;
	}
	in->replaced += (unsigned long long)k;
	*len = decoded->len;
	return decoded->p;
}

/* The feed with its references repaired (in fixed when it needed it). */
static const char *feed_references(struct input *in, const char *data, size_t *len, struct buf *fixed,
				   int *line)
{
	int rc = repair_references(data, *len, fixed, line);
	if (rc < 0) {
		input_error(in, "out of memory");
		return NULL;
	}
	if (rc == 0)
		return data;
	*len = fixed->len;
	return fixed->p;
}

int read_feed(const struct options *o, struct input *in, const char *data, size_t len)
{
	static xmlSAXHandler sax = {
		.startElementNs = on_start,
		.endElementNs = on_end,
		.characters = on_text,
		.ignorableWhitespace = on_text, /* the same: libxml2 then never tells blanks apart */
		.comment = on_comment,
		.processingInstruction = on_pi,
		.reference = on_reference,
		.entityDecl = on_entity,
		.unparsedEntityDecl = on_unparsed_entity,
		.getEntity = no_entity,
		.getParameterEntity = no_entity,
		.initialized = XML_SAX2_MAGIC,
	};
	markup_init();
	if (len > INT_MAX) {
		input_error(in, "larger than libxml2 can take");
		return -1;
	}
	struct feed f = {.o = o, .in = in};
	struct buf decoded = {0}, fixed = {0};
	if (!(data = feed_utf8(o, in, data, &len, &decoded)) || refuse_entities(in, data, len) < 0 ||
	    !(data = feed_references(in, data, &len, &fixed, &f.repaired_line))) {
		buf_free(&decoded);
		buf_free(&fixed);
		return -1;
	}
	if (fixed.p && data == fixed.p)
		buf_free(&decoded); /* no longer needed: what is parsed is the repaired copy */
	if (len > INT_MAX) { /* grown by the decoding (windows-1252 to UTF-8: up to 3 times) */
		input_error(in, "larger than libxml2 can take once decoded");
		buf_free(&decoded);
		buf_free(&fixed);
		return -1;
	}
	/* as xmlReadMemory() sets it up, with the callbacks of this file */
	xmlParserCtxtPtr ctxt = len ? xmlCreateMemoryParserCtxt(data, (int)len) : NULL;
	if (!ctxt) {
		input_error(in, len ? "out of memory" : "not well-formed XML");
		buf_free(&fixed);
		buf_free(&decoded);
		return -1;
	}
	memcpy(ctxt->sax, &sax, sizeof sax);
	xmlCtxtUseOptions(ctxt, XML_OPTIONS);
	parse_begin(&f.p, ctxt);
	xmlParseDocument(ctxt);
	parse_end(&f.p);
	if (f.item.depth && !f.entities && !f.oom && !out_failed())
		item_done(&f); /* the feed ends inside an item: what it has is read */
	int rc = report(&f);
	free_feed(&f);
	buf_free(&fixed);
	buf_free(&decoded);
	return rc;
}
