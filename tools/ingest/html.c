/* HTML pages and fragments through libxml2's HTML parser, with SAX callbacks: no tree is built.
 *
 * The callbacks see what libxml2's tree builder would have been given (the parser closes and
 * implies elements itself), and do in one pass what used to be done on the tree: find the page's
 * title, date and URL (survey) and extract the text of its one <article>, its first <main>, its
 * <body> or its root element, whichever wins at the end. Only the candidates still able to win
 * are kept, so the text is held at most twice. The input is handed to libxml2 in chunks (its
 * HTML parser keeps what it has read: the page once more). */
#include <limits.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "blocks.h"
#include "encoding.h"
#include "err.h"
#include "ingest.h"
#include "jsonld.h"
#include "markup.h"

/* The JSON-LD kept of a page: beyond it, its scripts are not read (a page's metadata comes first) */
#define JSONLD_MAX (1 << 20)

#define HTML_OPTIONS (HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING)

struct page {
	struct parse p;
	bool fragment;     /* an item's HTML: all of it is text, there is no survey */
	int root;          /* 0 before the root element, 1 inside it, 2 after it */
	int shift;         /* 1 once elements after the root go in it: depth in the tree */
	bool doctype;      /* seen: elements after the root go beside it */
	bool started;      /* the document was begun (libxml2 made its tree's document) */
	struct extract article, main, body, whole; /* whole: the root element's text */
	int articles;
	bool have_main, have_body;
	struct capture title, h1;
	xmlChar *og_title, *og_url, *canonical, *published, *site_name;
	bool have_time;
	struct buf time; /* the first <time datetime>'s value */
	/* --html-main auto: the blocks of the body, and the metadata beyond og: */
	enum html_main mode;
	struct blocks blocks;
	bool have_blocks;
	unsigned char block_kind[MARKUP_MAX_DEPTH + 4]; /* the scorer's kind of the open elements */
	xmlChar *og_published, *meta_date, *meta_author, *article_author;
	int jsonld_depth; /* of the <script type="application/ld+json"> open; 0: none */
	struct buf jsonld;
	struct capture rel_author;
	bool oom;
};

/* ---- attributes as libxml2's HTML parser gives them: name, value (NULL when none) pairs */

static int count_attrs(const xmlChar **atts)
{
	int n = 0;
	if (atts)
		while (atts[2 * n])
			n++;
	return n;
}

/* The value of the attribute (as xmlGetProp gives it: "" for a bare one), or NULL. */
static const char *attr(const xmlChar **atts, const char *name)
{
	for (int i = 0; atts && atts[i]; i += 2)
		if (strcmp((const char *)atts[i], name) == 0)
			return atts[i + 1] ? (const char *)atts[i + 1] : "";
	return NULL;
}

static bool attr_is(const xmlChar **atts, const char *name, const char *value)
{
	const char *v = attr(atts, name);
	return v && strcasecmp(v, value) == 0;
}

static bool hidden(const xmlChar **atts)
{
	const char *aria = attr(atts, "aria-hidden");
	return attr(atts, "hidden") || (aria && strcmp(aria, "true") == 0);
}

/* The element's name as libxml2's tree builder has it: what follows the first colon, if any
 * (xmlSplitQName(): "ms:p" is a p), unless the colon is the first or the last character. */
static const char *tree_name(const xmlChar *name)
{
	const char *s = (const char *)name, *colon = s[0] == ':' ? NULL : strchr(s, ':');
	return colon && colon[1] ? colon + 1 : s;
}

static bool is_url(const char *v)
{
	return v && (strncasecmp(v, "http:", 5) == 0 || strncasecmp(v, "https:", 6) == 0 || strncmp(v, "//", 2) == 0 ||
		     v[0] == '/');
}

/* The names <meta name=...> (or itemprop) gives a page's date by. */
static bool is_date_name(const char *key)
{
	static const char *const names[] = {"date", "datePublished", "pubdate", "publishdate", "publish-date",
					    "dc.date", "dcterms.date", "dc.date.issued", "parsely-pub-date"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcasecmp(key, names[i]) == 0)
			return true;
	return false;
}

/* The first non-empty value wins. */
static void take(xmlChar **slot, const char *v)
{
	if (!*slot && v && *v)
		*slot = xmlStrdup((const xmlChar *)v);
}

/* ---- the callbacks */

static void drop(struct extract *x)
{
	x->on = false;
	buf_free(&x->out);
}

/* What a page says about itself, from its elements (the root element included). */
static void survey(struct page *pg, int tag, const xmlChar **atts, int depth)
{
	switch (tag) {
	case TAG_TITLE:
		capture_begin(&pg->title, depth);
		break;
	case TAG_H1:
		capture_begin(&pg->h1, depth);
		break;
	case TAG_BODY:
		if (!pg->have_body) {
			pg->have_body = true;
			drop(&pg->whole); /* a body wins over the root */
			if (!pg->have_main)
				extract_begin(&pg->body, depth);
			if (pg->mode == HTML_MAIN_AUTO) {
				pg->have_blocks = true;
				blocks_begin(&pg->blocks, depth);
			}
		}
		break;
	case TAG_MAIN:
		if (!pg->have_main) {
			pg->have_main = true;
			if (pg->mode != HTML_MAIN_BODY)
				drop(&pg->body); /* a main wins over the body */
			drop(&pg->whole);
			extract_begin(&pg->main, depth);
		}
		break;
	case TAG_ARTICLE:
		if (++pg->articles == 1)
			extract_begin(&pg->article, depth);
		else
			drop(&pg->article); /* only the page's only article wins */
		break;
	case TAG_TIME: {
		const char *when = attr(atts, "datetime");
		if (when && !pg->have_time) {
			pg->have_time = true;
			if (buf_append(&pg->time, when, strlen(when)) < 0)
				pg->oom = true;
		}
		break;
	}
	case TAG_META: {
		const char *key = attr(atts, "property");
		if (!key)
			key = attr(atts, "name");
		if (!key)
			key = attr(atts, "itemprop");
		if (!key)
			break;
		if (strcasecmp(key, "og:title") == 0)
			take(&pg->og_title, attr(atts, "content"));
		else if (strcasecmp(key, "og:site_name") == 0 || strcasecmp(key, "application-name") == 0)
			take(&pg->site_name, attr(atts, "content"));
		else if (strcasecmp(key, "og:url") == 0)
			take(&pg->og_url, attr(atts, "content"));
		else if (strcasecmp(key, "article:published_time") == 0)
			take(&pg->published, attr(atts, "content"));
		else if (strcasecmp(key, "og:published_time") == 0)
			take(&pg->og_published, attr(atts, "content"));
		else if (is_date_name(key))
			take(&pg->meta_date, attr(atts, "content"));
		else if (strcasecmp(key, "author") == 0)
			take(&pg->meta_author, attr(atts, "content"));
		else if (strcasecmp(key, "article:author") == 0 && !is_url(attr(atts, "content")))
			take(&pg->article_author, attr(atts, "content"));
		break;
	}
	case TAG_LINK:
		if (attr_is(atts, "rel", "canonical"))
			take(&pg->canonical, attr(atts, "href"));
		break;
	case TAG_A:
		if (attr_is(atts, "rel", "author"))
			capture_begin(&pg->rel_author, depth);
		break;
	case TAG_SCRIPT:
		if (attr_is(atts, "type", "application/ld+json") && !pg->jsonld_depth)
			pg->jsonld_depth = depth;
		break;
	}
}

/* The element open at the deepest ends. */
static void end_element(struct page *pg)
{
	int depth = parse_leave(&pg->p);
	if (!depth)
		return;
	unsigned kind = pg->p.kind[depth];
	depth += pg->shift;
	if (depth == 1) { /* the root stays open: what comes after it goes in it */
		pg->root = 2;
		return;
	}
	if (pg->fragment) {
		extract_end(&pg->whole, depth, kind);
		return;
	}
	if (pg->root != 1)
		return;
	extract_end(&pg->article, depth, kind);
	extract_end(&pg->main, depth, kind);
	extract_end(&pg->body, depth, kind);
	extract_end(&pg->whole, depth, kind);
	capture_end(&pg->title, depth);
	capture_end(&pg->h1, depth);
	capture_end(&pg->rel_author, depth);
	if (pg->have_blocks)
		blocks_end(&pg->blocks, depth, pg->block_kind[depth - pg->shift]);
	if (pg->jsonld_depth && depth <= pg->jsonld_depth) {
		pg->jsonld_depth = 0;
		if (pg->jsonld.len < JSONLD_MAX && buf_putc(&pg->jsonld, '\n') < 0)
			pg->oom = true;
	}
}

/* libxml2 sometimes closes an element without telling ("Couldn't find end of Start Tag"): it
 * pops its name, as the tree builder's node. The elements open are the parser's, less those
 * it says are starting. */
static struct page *synced(void *ctx, int starting)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct page *pg = ctxt->_private;
	while (!pg->p.stopped && pg->p.depth > ctxt->nameNr - starting && pg->p.depth > 0)
		end_element(pg);
	return pg;
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	struct page *pg = synced(ctx, 1);
	if (!parse_enter(&pg->p, count_attrs(atts)))
		return;
	int depth = pg->p.depth;
	int tag;
	bool hide = atts && hidden(atts);
	unsigned kind = element_kind(tree_name(name), hide, &tag);
	pg->p.kind[depth] = (unsigned char)kind;
	/* the scorer decides about a header (headline, lead) and a form (a page wrapped in one) */
	pg->block_kind[depth] = (unsigned char)((tag == TAG_HEADER || tag == TAG_FORM) && !hide ? KIND_BLOCK : kind);
	if (depth == 1 && pg->root == 0) {
		pg->root = 1;
		if (!pg->fragment)
			extract_begin(&pg->whole, 1);
	} else if (depth == 1) {
		/* An element after the root: libxml2's tree builder puts it in the root, or, when
		 * there is a DOCTYPE, beside it, where the page is not looked for. */
		pg->shift = 1;
		pg->root = pg->doctype ? 2 : 1;
	}
	depth += pg->shift;
	if (pg->fragment) {
		extract_element(&pg->whole, depth, kind);
		return;
	}
	if (pg->root != 1)
		return;
	survey(pg, tag, atts, depth);
	if (pg->have_blocks)
		blocks_element(&pg->blocks, depth, tree_name(name), pg->block_kind[depth - pg->shift], attr(atts, "class"),
			       attr(atts, "id"));
	extract_element(&pg->article, depth, kind);
	extract_element(&pg->main, depth, kind);
	extract_element(&pg->body, depth, kind);
	extract_element(&pg->whole, depth, kind);
}

static void on_end(void *ctx, const xmlChar *name)
{
	(void)name; /* the element that ends is the one open, whatever the end tag says */
	struct page *pg = synced(ctx, 0);
	if (!pg->p.stopped)
		end_element(pg);
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	struct page *pg = synced(ctx, 0);
	if (pg->p.stopped || len <= 0)
		return;
	const char *s = (const char *)ch;
	size_t n = (size_t)len;
	parse_text(&pg->p, s, &n);
	/* text outside every element (a "<" before any tag) has no place in a tree: it goes */
	if (pg->p.depth == 0 || (!pg->fragment && pg->root != 1))
		return;
	extract_text(&pg->whole, s, n);
	if (pg->fragment)
		return;
	extract_text(&pg->article, s, n);
	extract_text(&pg->main, s, n);
	extract_text(&pg->body, s, n);
	capture_text(&pg->title, s, n);
	capture_text(&pg->h1, s, n);
	capture_text(&pg->rel_author, s, n);
	if (pg->have_blocks)
		blocks_text(&pg->blocks, s, n);
	if (pg->jsonld_depth && pg->jsonld.len < JSONLD_MAX &&
	    buf_append(&pg->jsonld, s, n < JSONLD_MAX - pg->jsonld.len ? n : JSONLD_MAX - pg->jsonld.len) < 0)
		pg->oom = true;
}

/* The content of <script> and <style>: a text node of its own each time (for the runs). */
static void on_cdata(void *ctx, const xmlChar *ch, int len)
{
	struct page *pg = synced(ctx, 0);
	parse_break(&pg->p);
	on_text(ctx, ch, len);
	parse_break(&pg->p);
}

static void on_comment(void *ctx, const xmlChar *value)
{
	(void)value;
	parse_break(&synced(ctx, 0)->p);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	(void)target;
	(void)data;
	parse_break(&synced(ctx, 0)->p);
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *public_id, const xmlChar *system_id)
{
	(void)name;
	(void)public_id;
	(void)system_id;
	synced(ctx, 0)->doctype = true;
}

static void on_document(void *ctx)
{
	synced(ctx, 0)->started = true;
}

static void on_blanks(void *ctx, const xmlChar *ch, int len)
{
	/* as libxml2's tree builder does (it is only called with HTML_PARSE_NOBLANKS) */
	(void)ctx;
	(void)ch;
	(void)len;
}

/* ---- the parse */

struct reader {
	const char *p;
	size_t left;
};

static int read_chunk(void *ctx, char *to, int len)
{
	struct reader *r = ctx;
	size_t want = len > 0 ? (size_t)len : 0;
	size_t n = want < r->left ? want : r->left;
	memcpy(to, r->p, n);
	r->p += n;
	r->left -= n;
	return (int)n;
}

static int close_nothing(void *ctx)
{
	(void)ctx;
	return 0;
}

/* Parses data[0..len) (in encoding, or as it says when NULL) into pg. Returns 0, or -1 when
 * out of memory. Set up as htmlReadMemory() does, but with pg's callbacks and the input read
 * in chunks. */
static int parse_html(struct page *pg, const char *data, size_t len, const char *encoding)
{
	static xmlSAXHandler sax = {
		.startElement = on_start,
		.endElement = on_end,
		.characters = on_text,
		.cdataBlock = on_cdata,
		.ignorableWhitespace = on_blanks,
		.comment = on_comment,
		.processingInstruction = on_pi,
		.internalSubset = on_doctype,
		.startDocument = on_document,
		.initialized = 1,
	};
	struct reader r = {data, len};
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return -1;
	memcpy(ctxt->sax, &sax, sizeof(xmlSAXHandlerV1));
	xmlParserInputBufferPtr in = xmlParserInputBufferCreateIO(read_chunk, close_nothing, &r, XML_CHAR_ENCODING_NONE);
	xmlParserInputPtr input = in ? xmlNewIOInputStream(ctxt, in, XML_CHAR_ENCODING_NONE) : NULL;
	if (!input) {
		if (in)
			xmlFreeParserInputBuffer(in);
		xmlFreeParserCtxt(ctxt);
		return -1;
	}
	inputPush(ctxt, input);
	htmlCtxtUseOptions(ctxt, HTML_OPTIONS);
	ctxt->html = 1;
	if (encoding) {
		xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(encoding);
		if (handler) {
			xmlSwitchToEncoding(ctxt, handler);
			xmlFree((xmlChar *)ctxt->input->encoding);
			ctxt->input->encoding = xmlStrdup((const xmlChar *)encoding);
		}
	}
	parse_begin(&pg->p, ctxt);
	htmlParseDocument(ctxt);
	parse_end(&pg->p);
	return 0;
}

static void free_page(struct page *pg)
{
	buf_free(&pg->article.out);
	buf_free(&pg->main.out);
	buf_free(&pg->body.out);
	buf_free(&pg->whole.out);
	buf_free(&pg->title.out);
	buf_free(&pg->h1.out);
	buf_free(&pg->time);
	xmlFree(pg->og_title);
	xmlFree(pg->site_name);
	xmlFree(pg->og_url);
	xmlFree(pg->canonical);
	xmlFree(pg->published);
	xmlFree(pg->og_published);
	xmlFree(pg->meta_date);
	xmlFree(pg->meta_author);
	xmlFree(pg->article_author);
	buf_free(&pg->jsonld);
	buf_free(&pg->rel_author.out);
	blocks_free(&pg->blocks);
}

int html_fragment_text(struct parse *outer, const char *s, size_t n, struct buf *out)
{
	if (!n)
		return 0;
	if (n > INT_MAX)
		return -1;
	struct page pg = {.fragment = true};
	extract_begin(&pg.whole, 0);
	int rc = parse_html(&pg, s, n, "UTF-8");
	if (rc == 0 && !pg.whole.oom && buf_add(out, &pg.whole.out) < 0)
		rc = -1;
	if (pg.whole.oom)
		rc = -1;
	outer->cut |= pg.p.cut;
	if (pg.p.limit && !outer->inner_limit)
		outer->inner_limit = pg.p.limit;
	free_page(&pg);
	return rc;
}

static int append_str(struct buf *b, const xmlChar *s)
{
	return s ? buf_append(b, s, strlen((const char *)s)) : 0;
}

/* Moves the text of x into b (b is empty). */
static void take_text(struct buf *b, struct extract *x)
{
	*b = x->out;
	memset(&x->out, 0, sizeof x->out);
}

static void free_doc(struct doc *d)
{
	buf_free(&d->doc_id);
	buf_free(&d->source);
	buf_free(&d->published);
	buf_free(&d->url);
	buf_free(&d->title);
	buf_free(&d->text);
	buf_free(&d->author);
}

/* s[0..n) with blanks at both ends and runs of blanks folded, into out. */
static void fold_into(struct buf *out, const char *s, size_t n)
{
	buf_clear(out);
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		if (html_is_blank(s[i])) {
			space = out->len > 0;
			continue;
		}
		if (space)
			buf_putc(out, ' ');
		buf_putc(out, s[i]);
		space = false;
	}
}

static const char *const title_seps[] = {" - ", " | ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xB7 "};

/* The length of the separator that ends t[0..end) (at end - its length), or 0. */
static size_t sep_before(const char *t, size_t end)
{
	for (size_t k = 0; k < sizeof title_seps / sizeof *title_seps; k++) {
		size_t sl = strlen(title_seps[k]);
		if (end >= sl && memcmp(t + end - sl, title_seps[k], sl) == 0)
			return sl;
	}
	return 0;
}

/* The length of the separator that starts t + at (of n bytes in all), or 0. */
static size_t sep_at(const char *t, size_t n, size_t at)
{
	for (size_t k = 0; k < sizeof title_seps / sizeof *title_seps; k++) {
		size_t sl = strlen(title_seps[k]);
		if (at + sl <= n && memcmp(t + at, title_seps[k], sl) == 0)
			return sl;
	}
	return 0;
}

/* The folded title t[0..n) cut to w (the headline, kept) when it is w and a separator then more,
 * or more, a separator, then w: 1 when cut. With drop, w is what goes (the site's name) and the
 * rest stays. */
static int cut_title(struct buf *t, const struct buf *w, bool drop)
{
	size_t n = t->len, wn = w->len, sl;
	if (!wn || wn >= n)
		return 0;
	if (memcmp(t->p, w->p, wn) == 0 && (sl = sep_at(t->p, n, wn))) { /* w, sep, rest */
		if (drop) {
			memmove(t->p, t->p + wn + sl, n - wn - sl);
			t->len = n - wn - sl;
		} else {
			t->len = wn;
		}
		return 1;
	}
	if (memcmp(t->p + n - wn, w->p, wn) == 0 && (sl = sep_before(t->p, n - wn))) { /* rest, sep, w */
		if (drop) {
			t->len = n - wn - sl;
		} else {
			memmove(t->p, t->p + n - wn, wn);
			t->len = wn;
		}
		return 1;
	}
	return 0;
}

/* A title as <title> and og:title often give it, with the site's name before or after the
 * headline ("Jury finds ... - Greyhaven Independent", "The Sentinel | Mayor survives ..."):
 * cut to the part that is the page's <h1>, or the part that is not its og:site_name. Only at a
 * separator with blanks around it (" - ", " | ", " – ", " — ", " :: ", " · "), so a hyphen in
 * a word stays. Linear in the title: only the splits next to the headline or the name count. */
static void drop_site_name(struct buf *title, const struct buf *h1, const xmlChar *site_name)
{
	static struct buf folded, head, site;
	fold_into(&folded, title->p ? title->p : "", title->len);
	fold_into(&head, h1->p ? h1->p : "", h1->len);
	const char *sn = site_name ? (const char *)site_name : "";
	fold_into(&site, sn, strlen(sn));
	if (!folded.p || (!cut_title(&folded, &head, false) && !cut_title(&folded, &site, true)))
		return;
	buf_clear(title);
	buf_append(title, folded.p, folded.len);
}

/* The title, URL, date and author the page gives (the author may still come from a byline).
 * Returns 0, or -1 when out of memory. */
static int page_metadata(struct page *pg, struct doc *d)
{
	struct jsonld ld = {0};
	if (pg->jsonld.len)
		jsonld_scan(&ld, pg->jsonld.p, pg->jsonld.len);
	bool oom = ld.oom;
	/* og:title is the headline without the site's name that <title> adds; so is JSON-LD's */
	oom |= append_str(&d->title, pg->og_title) < 0;
	if (!d->title.len)
		oom |= buf_add(&d->title, &ld.headline) < 0;
	if (!d->title.len)
		oom |= buf_add(&d->title, &pg->title.out) < 0;
	if (!d->title.len)
		oom |= buf_add(&d->title, &pg->h1.out) < 0;
	else
		drop_site_name(&d->title, &pg->h1.out, pg->site_name);
	oom |= append_str(&d->url, pg->canonical ? pg->canonical : pg->og_url) < 0;
	const xmlChar *published = pg->published ? pg->published : pg->og_published;
	if (published)
		oom |= append_str(&d->published, published) < 0;
	else if (ld.published.len)
		oom |= buf_add(&d->published, &ld.published) < 0;
	else if (pg->meta_date)
		oom |= append_str(&d->published, pg->meta_date) < 0;
	else
		oom |= buf_add(&d->published, &pg->time) < 0;
	oom |= append_str(&d->author, pg->meta_author ? pg->meta_author : pg->article_author) < 0;
	if (!d->author.len)
		oom |= buf_add(&d->author, &ld.author) < 0;
	if (!d->author.len)
		oom |= buf_add(&d->author, &pg->rel_author.out) < 0;
	jsonld_free(&ld);
	return oom ? -1 : 0;
}

static int read_page(const struct options *o, struct input *in, const char *data, size_t len);

/* The page's bytes in the encoding libxml2 is to read: as they are when the page says what it is
 * in (libxml2 converts a declared one) or is UTF-8; converted here from windows-1252 when it says
 * nothing and is not UTF-8 (a page saved by an old editor), as browsers and feedparser fall
 * back. --verbose says which. Returns the bytes (in *decoded when converted), or NULL after an
 * error. */
static const char *page_bytes(const struct options *o, struct input *in, const char *data, size_t *len,
			      struct buf *decoded)
{
	struct encoding e;
	encoding_detect(data, *len, true, &e);
	if (o->verbose)
		msg_at(in->name, 0, "encoding %s (from %s)", e.name, encoding_from_text(e.from));
	if (e.from != FROM_FALLBACK || encoding_is_utf8(&e))
		return data;
	size_t bad = 0;
	int rc = encoding_convert(&e, data, *len, o->common.in.strict, decoded, &in->replaced, &bad);
	if (rc == -3) {
		input_error(in, "invalid %s at byte %zu", e.name, bad);
		return NULL;
	}
	if (rc < 0 || decoded->len > INT_MAX) {
		input_error(in, rc < 0 ? "out of memory" : "larger than libxml2 can take");
		return NULL;
	}
	*len = decoded->len;
	return decoded->p ? decoded->p : "";
}

int read_html(const struct options *o, struct input *in, const char *data, size_t len)
{
	markup_init();
	if (len > INT_MAX) {
		input_error(in, "larger than libxml2 can take");
		return -1;
	}
	struct buf decoded = {0};
	data = page_bytes(o, in, data, &len, &decoded);
	if (!data) {
		buf_free(&decoded);
		return -1;
	}
	int rc = read_page(o, in, data, len);
	buf_free(&decoded);
	return rc;
}

/* read_html's page, in UTF-8 or the encoding it declares. */
static int read_page(const struct options *o, struct input *in, const char *data, size_t len)
{
	const char *encoding = declares_other_encoding(data, len) ? NULL : "UTF-8";
	if (!(data = valid_utf8(o, in, data, &len)))
		return -1;
	if (!len) { /* where htmlReadMemory() gives no document */
		input_error(in, "cannot parse the HTML");
		return -1;
	}
	struct page pg = {.mode = o->html_main};
	struct doc d = {0};
	int rc = 0;
	bool oom = parse_html(&pg, data, len, encoding) < 0;
	if (!pg.started && !oom) { /* where htmlReadMemory() gives no document */
		const struct parse_error *e = &pg.p.first_error;
		input_error(in, "cannot parse the HTML%s%s", e->set ? ": " : "", e->set ? e->text : "");
		free_page(&pg);
		return -1;
	}
	if (pg.root && !oom) {
		oom |= page_metadata(&pg, &d) < 0;
		const struct parse_error *fatal = &pg.p.first_fatal;
		/* HTML errors are common; only those that end the parse are told */
		if (fatal->set && !error_is_limit(&pg.p, fatal))
			input_warning_at(in, fatal->line, "HTML read as far as it goes: %s", fatal->text);
		if (pg.p.limit)
			input_warning_at(in, pg.p.limit_line, "HTML read as far as it goes: %s",
				      limit_text(pg.p.limit));
		int scored = 1;
		if (pg.have_blocks) {
			/* the scorer's text; a "By NAME" it found is the author when nothing else named one */
			struct buf byline = {0};
			scored = blocks_main_text(&pg.blocks, &d.text, &byline);
			oom |= scored < 0;
			if (!d.author.len)
				oom |= buf_add(&d.author, &byline) < 0;
			buf_free(&byline);
		}
		if (scored == 0 || oom) {
			/* the scorer's */
		} else if (pg.mode == HTML_MAIN_BODY) {
			take_text(&d.text, pg.have_body ? &pg.body : &pg.whole);
		} else {
			/* the article's text: its one <article>, else <main>, else the body, else the root */
			take_text(&d.text, pg.articles == 1 ? &pg.article : pg.have_main ? &pg.main
								     : pg.have_body ? &pg.body : &pg.whole);
		}
		if (pg.p.cut)
			input_warning(in, "a text longer than %d bytes was cut there (libxml2's limit)", MARKUP_MAX_TEXT);
		oom |= pg.article.oom || pg.main.oom || pg.body.oom || pg.whole.oom || pg.title.oom || pg.h1.oom || pg.oom ||
		       pg.rel_author.oom;
	}
	if (oom) {
		input_error(in, "out of memory");
		rc = -1;
	} else if (pg.root) {
		rc = emit_doc(o, in, &d);
	}
	free_page(&pg);
	free_doc(&d);
	return rc;
}
