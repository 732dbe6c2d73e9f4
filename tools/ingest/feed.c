/* Feeds (RSS 2.0, RSS 1.0, Atom) through libxml2's XML parser, with SAX callbacks: no tree is
 * built. An item is written when it ends (or when the feed ends inside it), so a feed streams:
 * what is held is the item being read, not the feed.
 *
 * The callbacks see the elements as libxml2's tree builder would have named them (the local
 * name, or "prefix:name" when the prefix is not declared) and take each field from the first
 * child of the item with its name, as it did. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "ingest.h"
#include "markup.h"
#include "out.h"

#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

enum root { ROOT_NONE, ROOT_RSS, ROOT_RDF, ROOT_ATOM, ROOT_OTHER };
enum body_type { BODY_TEXT, BODY_HTML, BODY_XHTML };

/* The content of an item: RSS content:encoded or description, Atom content or summary. */
struct body {
	struct capture raw;  /* its text as it is (HTML to parse, or text) */
	struct extract x;    /* the visible text of Atom's type="xhtml" */
	enum body_type type;
	bool open, has_child;
};

/* The fields of an item that are the text of one of its children (or, for C_SOURCE_TITLE, of
 * the title of Atom's source), and its bodies. */
enum { C_TITLE, C_LINK, C_GUID, C_SOURCE, C_SOURCE_TITLE, C_PUBDATE, C_DATE, C_PUBLISHED, C_UPDATED, N_CAPTURES };
enum { B_ENCODED, B_DESCRIPTION, B_CONTENT, B_SUMMARY, N_BODIES };

struct item {
	int depth; /* 0: not in an item */
	struct capture cap[N_CAPTURES];
	bool title_html, guid_not_permalink, have_link, in_source;
	struct buf href;
	struct body body[N_BODIES];
};

struct feed {
	struct parse p;
	const struct options *o;
	struct input *in;
	enum root root;
	struct buf root_name;
	int container; /* depth of the element whose children are the items; 0: none (yet) */
	bool container_done, entities, oom;
	int rc;
	struct item item;
	struct doc d;
	struct buf scratch; /* a decoded attribute value */
};

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

/* The value of the attribute in no namespace (xmlGetProp's), or NULL. The parser leaves an
 * ampersand as "&#38;" in a value (for the tree builder to decode); it is decoded here. */
static const char *attr(struct feed *f, const xmlChar **a, int n, const char *name)
{
	for (int i = 0; i < n; i++, a += A_SIZE) {
		if (a[A_PREFIX] || strcmp((const char *)a[A_LOCAL], name) != 0)
			continue;
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

static void clear_capture(struct capture *c)
{
	buf_clear(&c->out);
	c->on = c->seen = c->oom = false;
}

static void clear_item(struct item *it)
{
	for (int i = 0; i < N_CAPTURES; i++)
		clear_capture(&it->cap[i]);
	for (int i = 0; i < N_BODIES; i++) {
		struct body *b = &it->body[i];
		clear_capture(&b->raw);
		buf_clear(&b->x.out);
		b->x.on = b->x.oom = false;
		b->type = BODY_TEXT;
		b->open = b->has_child = false;
	}
	buf_clear(&it->href);
	it->title_html = it->guid_not_permalink = it->have_link = it->in_source = false;
	it->depth = 0;
}

static void free_item(struct item *it)
{
	for (int i = 0; i < N_CAPTURES; i++)
		buf_free(&it->cap[i].out);
	for (int i = 0; i < N_BODIES; i++) {
		buf_free(&it->body[i].raw.out);
		buf_free(&it->body[i].x.out);
	}
	buf_free(&it->href);
}

/* An event inside the open bodies: they have a child node. */
static void touch(struct item *it)
{
	for (int i = 0; i < N_BODIES; i++)
		if (it->body[i].open)
			it->body[i].has_child = true;
}

static void body_begin(struct body *b, int depth, enum body_type type)
{
	if (b->raw.seen)
		return;
	capture_begin(&b->raw, depth);
	b->type = type;
	b->open = true;
	if (type == BODY_XHTML)
		extract_begin(&b->x, depth);
}

/* A direct child of the item (depth: the item's + 1), or a title inside Atom's source. */
static void item_child(struct feed *f, const char *name, const xmlChar **a, int n, int depth)
{
	struct item *it = &f->item;
	bool atom = f->root == ROOT_ATOM;
	if (depth == it->depth + 2) {
		if (it->in_source && strcasecmp(name, "title") == 0)
			capture_begin(&it->cap[C_SOURCE_TITLE], depth);
		return;
	}
	if (depth != it->depth + 1)
		return;
	if (strcasecmp(name, "title") == 0) {
		if (!it->cap[C_TITLE].seen)
			it->title_html = atom && attr_is(f, a, n, "type", "html");
		capture_begin(&it->cap[C_TITLE], depth);
	} else if (strcasecmp(name, "link") == 0) {
		if (!atom) {
			capture_begin(&it->cap[C_LINK], depth);
		} else if (!it->have_link && (!has_attr(a, n, "rel") || attr_is(f, a, n, "rel", "alternate"))) {
			it->have_link = true;
			const char *href = attr(f, a, n, "href");
			if (href && buf_append(&it->href, href, strlen(href)) < 0)
				f->oom = true;
		}
	} else if (strcasecmp(name, "source") == 0) {
		if (atom) {
			it->in_source = !it->cap[C_SOURCE].seen;
			it->cap[C_SOURCE].seen = true; /* the first source is the one read */
		} else {
			capture_begin(&it->cap[C_SOURCE], depth);
		}
	} else if (atom) {
		if (strcasecmp(name, "published") == 0) {
			capture_begin(&it->cap[C_PUBLISHED], depth);
		} else if (strcasecmp(name, "updated") == 0) {
			capture_begin(&it->cap[C_UPDATED], depth);
		} else if (strcasecmp(name, "content") == 0 || strcasecmp(name, "summary") == 0) {
			enum body_type type = attr_is(f, a, n, "type", "xhtml") ? BODY_XHTML
					      : attr_is(f, a, n, "type", "html") || attr_is(f, a, n, "type", "text/html")
						  ? BODY_HTML
						  : BODY_TEXT;
			body_begin(&it->body[name[0] == 'c' || name[0] == 'C' ? B_CONTENT : B_SUMMARY], depth, type);
		}
	} else if (strcasecmp(name, "guid") == 0) {
		if (!it->cap[C_GUID].seen)
			it->guid_not_permalink = attr_is(f, a, n, "isPermaLink", "false");
		capture_begin(&it->cap[C_GUID], depth);
	} else if (strcasecmp(name, "pubDate") == 0) {
		capture_begin(&it->cap[C_PUBDATE], depth);
	} else if (strcasecmp(name, "date") == 0) {
		capture_begin(&it->cap[C_DATE], depth);
	} else if (strcasecmp(name, "encoded") == 0) {
		body_begin(&it->body[B_ENCODED], depth, BODY_HTML);
	} else if (strcasecmp(name, "description") == 0) {
		body_begin(&it->body[B_DESCRIPTION], depth, BODY_HTML);
	}
}

static void oom_if(struct feed *f, int rc)
{
	if (rc < 0)
		f->oom = true;
}

/* The text of a body into out: HTML parsed, XHTML walked, text as it is. */
static void body_text(struct feed *f, struct body *b, struct buf *out)
{
	if (b->type == BODY_XHTML)
		oom_if(f, buf_add(out, &b->x.out));
	else if (b->type == BODY_HTML)
		oom_if(f, html_fragment_text(&f->p, b->raw.out.p, b->raw.out.len, out));
	else
		oom_if(f, buf_add(out, &b->raw.out));
}

static const struct capture *first_seen(const struct capture *a, const struct capture *b)
{
	return a->seen ? a : b;
}

/* The item is over: its row. */
static void item_done(struct feed *f)
{
	struct item *it = &f->item;
	struct doc *d = &f->d;
	buf_clear(&d->doc_id);
	buf_clear(&d->source);
	buf_clear(&d->published);
	buf_clear(&d->url);
	buf_clear(&d->title);
	buf_clear(&d->text);
	if (it->title_html)
		oom_if(f, html_fragment_text(&f->p, it->cap[C_TITLE].out.p, it->cap[C_TITLE].out.len, &d->title));
	else
		oom_if(f, buf_add(&d->title, &it->cap[C_TITLE].out));
	struct body *body;
	if (f->root == ROOT_ATOM) {
		oom_if(f, buf_add(&d->url, &it->href));
		oom_if(f, buf_add(&d->source, &it->cap[C_SOURCE_TITLE].out));
		oom_if(f, buf_add(&d->published, &first_seen(&it->cap[C_PUBLISHED], &it->cap[C_UPDATED])->out));
		struct body *content = &it->body[B_CONTENT], *summary = &it->body[B_SUMMARY];
		body = content->raw.seen && content->has_child ? content : summary->raw.seen ? summary : NULL;
	} else {
		oom_if(f, buf_add(&d->url, &it->cap[C_LINK].out));
		if (!d->url.len && it->cap[C_GUID].seen && !it->guid_not_permalink)
			oom_if(f, buf_add(&d->url, &it->cap[C_GUID].out));
		oom_if(f, buf_add(&d->source, &it->cap[C_SOURCE].out));
		oom_if(f, buf_add(&d->published, &first_seen(&it->cap[C_PUBDATE], &it->cap[C_DATE])->out));
		struct body *encoded = &it->body[B_ENCODED], *description = &it->body[B_DESCRIPTION];
		body = encoded->raw.seen && encoded->has_child ? encoded : description->raw.seen ? description : NULL;
	}
	if (body)
		body_text(f, body, &d->text);
	for (int i = 0; i < N_CAPTURES; i++)
		f->oom |= it->cap[i].oom;
	for (int i = 0; i < N_BODIES; i++)
		f->oom |= it->body[i].raw.oom || it->body[i].x.oom;
	if (f->oom) {
		input_error(f->in, "out of memory");
		f->rc = -1;
		parse_stop(&f->p, LIMIT_NONE);
	} else if (emit_doc(f->o, f->in, d) < 0) {
		f->rc = -1;
	}
	clear_item(it);
	if (out_failed())
		parse_stop(&f->p, LIMIT_NONE);
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
	if (it->depth && depth > it->depth) {
		unsigned kind = f->p.kind[depth];
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
			it->in_source = false;
	} else if (it->depth && depth == it->depth) {
		item_done(f);
	} else if (depth == f->container) {
		f->container = 0;
		f->container_done = true;
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
	struct item *it = &f->item;
	if (depth == 1 && f->root == ROOT_NONE) {
		f->root = strcasecmp(name, "rss") == 0   ? ROOT_RSS
			  : strcasecmp(name, "RDF") == 0  ? ROOT_RDF
			  : strcasecmp(name, "feed") == 0 ? ROOT_ATOM
							  : ROOT_OTHER;
		if (f->root == ROOT_RDF || f->root == ROOT_ATOM)
			f->container = 1;
		oom_if(f, buf_append(&f->root_name, name, strlen(name)));
	} else if (depth == 2 && f->root == ROOT_RSS && !f->container && !f->container_done &&
		   strcasecmp(name, "channel") == 0) {
		f->container = 2;
	}
	if (it->depth) {
		touch(it);
		if (depth <= it->depth + 2)
			item_child(f, name, a, n, depth);
		bool hide = has_attr(a, n, "hidden");
		const char *aria = hide ? NULL : attr(f, a, n, "aria-hidden");
		unsigned kind = element_kind(name, hide || (aria && strcmp(aria, "true") == 0), NULL);
		f->p.kind[depth] = (unsigned char)kind;
		extract_element(&it->body[B_CONTENT].x, depth, kind);
		extract_element(&it->body[B_SUMMARY].x, depth, kind);
	} else if (f->container && depth == f->container + 1 && f->root != ROOT_OTHER &&
		   strcasecmp(name, f->root == ROOT_ATOM ? "entry" : "item") == 0) {
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
	extract_text(&it->body[B_CONTENT].x, s, n);
	extract_text(&it->body[B_SUMMARY].x, s, n);
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
	if (f->p.limit)
		input_warning_at(in, f->p.limit_line, "feed read as far as it goes: %s", limit_text(f->p.limit));
	if (f->root == ROOT_OTHER || (f->root == ROOT_RSS && !f->container && !f->container_done)) {
		input_error(in, "not an RSS or Atom feed: the root element is '%s'", f->root_name.p);
		return -1;
	}
	if (f->p.inner_limit)
		input_warning(in, "the HTML of an item read as far as it goes: %s", limit_text(f->p.inner_limit));
	if (f->p.cut)
		input_warning(in, "a text longer than %d bytes was cut there (libxml2's limit)", MARKUP_MAX_TEXT);
	return f->rc;
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
	if (refuse_entities(in, data, len) < 0)
		return -1;
	if (!(data = valid_utf8(o, in, data, &len)))
		return -1;
	struct feed f = {.o = o, .in = in};
	/* as xmlReadMemory() sets it up, with the callbacks of this file */
	xmlParserCtxtPtr ctxt = len ? xmlCreateMemoryParserCtxt(data, (int)len) : NULL;
	if (!ctxt) {
		input_error(in, len ? "out of memory" : "not well-formed XML");
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
	return rc;
}
