/* An item's fields once it has ended: which of its children wins for each column (as feedparser
 * and the design choose, see docs/ingest.md), and its row. */
#include <string.h>
#include <strings.h>

#include <libxml/uri.h>

#include "encoding.h"
#include "feed.h"
#include "out.h"

void clear_capture(struct capture *c)
{
	buf_clear(&c->out);
	c->on = c->seen = c->oom = false;
}

void clear_item(struct item *it)
{
	for (int i = 0; i < N_CAPTURES; i++)
		clear_capture(&it->cap[i]);
	for (int i = 0; i < N_BODIES; i++) {
		struct body *b = &it->body[i];
		clear_capture(&b->raw);
		buf_clear(&b->x.out);
		b->x.on = b->x.oom = false;
		b->type = BODY_TEXT;
		b->open = b->has_child = b->base64 = false;
	}
	buf_clear(&it->href);
	buf_clear(&it->link_base);
	buf_clear(&it->guid_base);
	buf_clear(&it->authors);
	it->title_html = it->guid_not_permalink = it->have_link = it->in_source = it->in_author = false;
	it->depth = 0;
}

void free_item(struct item *it)
{
	for (int i = 0; i < N_CAPTURES; i++)
		buf_free(&it->cap[i].out);
	for (int i = 0; i < N_BODIES; i++) {
		buf_free(&it->body[i].raw.out);
		buf_free(&it->body[i].x.out);
	}
	buf_free(&it->href);
	buf_free(&it->link_base);
	buf_free(&it->guid_base);
	buf_free(&it->authors);
}

void oom_if(struct feed *f, int rc)
{
	if (rc < 0)
		f->oom = true;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* s[0..*n) without the blanks at both ends. */
static const char *trimmed(const char *s, size_t *n)
{
	while (*n && is_blank(*s)) {
		s++;
		--*n;
	}
	while (*n && is_blank(s[*n - 1]))
		--*n;
	return s;
}

void author_done(struct feed *f)
{
	struct item *it = &f->item;
	const struct buf *name = &it->cap[C_AUTHOR_NAME].out, *email = &it->cap[C_AUTHOR_EMAIL].out;
	size_t n = name->len;
	const char *s = trimmed(name->p ? name->p : "", &n);
	if (!n) { /* feedparser's author is then the address */
		n = email->len;
		s = trimmed(email->p ? email->p : "", &n);
	}
	if (!n)
		return;
	if (it->authors.len)
		oom_if(f, buf_append(&it->authors, ", ", 2));
	oom_if(f, buf_append(&it->authors, s, n));
}

void resolve(struct feed *f, const char *s, size_t n, const char *base, struct buf *out)
{
	s = trimmed(s, &n);
	xmlChar *uri = NULL;
	if (base && *base && n && n <= MAX_BASE) {
		xmlChar *ref = xmlStrndup((const xmlChar *)s, (int)n);
		uri = ref ? xmlBuildURI(ref, (const xmlChar *)base) : NULL;
		xmlFree(ref);
	}
	if (buf_append(out, uri ? (const char *)uri : s, uri ? (size_t)xmlStrlen(uri) : n) < 0)
		f->oom = true;
	xmlFree(uri);
}


/* The text of a body into out: HTML parsed, XHTML walked, text as it is; base64 decoded first. */
static void body_text(struct feed *f, struct body *b, struct buf *out)
{
	const struct buf *raw = &b->raw.out;
	if (b->base64) {
		buf_clear(&f->spare);
		oom_if(f, base64_decode(raw->p ? raw->p : "", raw->len, &f->spare));
		raw = &f->spare;
	}
	if (b->type == BODY_XHTML && !b->base64)
		oom_if(f, buf_add(out, &b->x.out));
	else if (b->type == BODY_HTML || b->type == BODY_XHTML)
		oom_if(f, html_fragment_text(&f->p, raw->p ? raw->p : "", raw->len, out));
	else if (b->type == BODY_TEXT)
		oom_if(f, buf_add(out, raw));
}

/* The first of the captures that was seen (the last when none was). */
static const struct capture *first_seen(struct item *it, const int *which, int n)
{
	for (int i = 0; i < n - 1; i++)
		if (it->cap[which[i]].seen)
			return &it->cap[which[i]];
	return &it->cap[which[n - 1]];
}

/* The first of the bodies with something in it, else the last one seen, or NULL. */
static struct body *first_body(struct item *it, const int *which, int n)
{
	for (int i = 0; i < n - 1; i++) {
		struct body *b = &it->body[which[i]];
		if (b->raw.seen && b->has_child && b->type != BODY_NONE)
			return b;
	}
	struct body *last = &it->body[which[n - 1]];
	return last->raw.seen ? last : NULL;
}

/* The name in an RSS author, as feedparser's author_detail has it: "jane@example.org (Jane
 * Doe)" and "Jane Doe <jane@example.org>" are Jane Doe; an address alone is itself. */
static void rss_author(struct feed *f, const struct buf *raw, struct buf *out)
{
	const char *s = raw->p ? raw->p : "", *end = s + raw->len;
	const char *at = memchr(s, '@', raw->len);
	if (!at) {
		oom_if(f, buf_add(out, raw));
		return;
	}
	const char *from = at, *to = at;
	while (from > s && !strchr(" \t\r\n(<", from[-1]))
		from--;
	while (to < end && !strchr(" \t\r\n)>", *to))
		to++;
	/* what is left, "()" and "<>" and the blanks and parentheses at its ends taken off */
	const char *a = s, *a_end = from, *b = to, *b_end = end;
	while (a < a_end && strchr(" \t\r\n(", *a))
		a++;
	while (a_end > a && strchr(" \t\r\n(<", a_end[-1]))
		a_end--;
	while (b < b_end && strchr(" \t\r\n)>(", *b))
		b++;
	while (b_end > b && strchr(" \t\r\n)", b_end[-1]))
		b_end--;
	if (a == a_end && b == b_end)
		oom_if(f, buf_append(out, from, (size_t)(to - from)));
	oom_if(f, buf_append(out, a, (size_t)(a_end - a)));
	if (a < a_end && b < b_end)
		oom_if(f, buf_putc(out, ' '));
	oom_if(f, buf_append(out, b, (size_t)(b_end - b)));
}

/* The fields of an RSS item. */
static struct body *rss_fields(struct feed *f, struct doc *d)
{
	static const int dates[] = {C_PUBDATE, C_PUBLISHED, C_DATE, C_UPDATED, C_CREATED};
	static const int bodies[] = {B_ENCODED, B_BODY, B_FULLITEM, B_DESCRIPTION};
	struct item *it = &f->item;
	const struct buf *link = &it->cap[C_LINK].out, *guid = &it->cap[C_GUID].out;
	resolve(f, link->p ? link->p : "", link->len, it->link_base.p, &d->url);
	if (!d->url.len && it->cap[C_GUID].seen && !it->guid_not_permalink)
		resolve(f, guid->p ? guid->p : "", guid->len, it->guid_base.p, &d->url);
	oom_if(f, buf_add(&d->source, &it->cap[C_SOURCE].out));
	oom_if(f, buf_add(&d->published, &first_seen(it, dates, 5)->out));
	rss_author(f, &it->cap[C_AUTHOR].out, &d->author);
	return first_body(it, bodies, 4);
}

/* The fields of an Atom entry. */
static struct body *atom_fields(struct feed *f, struct doc *d)
{
	static const int dates[] = {C_PUBLISHED, C_UPDATED, C_CREATED};
	static const int bodies[] = {B_CONTENT, B_SUMMARY};
	struct item *it = &f->item;
	oom_if(f, buf_add(&d->url, &it->href));
	oom_if(f, buf_add(&d->source, &it->cap[C_SOURCE_TITLE].out));
	oom_if(f, buf_add(&d->published, &first_seen(it, dates, 3)->out));
	oom_if(f, buf_add(&d->author, &it->authors));
	return first_body(it, bodies, 2);
}

/* The item is over: its row. */
void item_done(struct feed *f)
{
	struct item *it = &f->item;
	struct doc *d = &f->d;
	struct buf *fields[] = {&d->doc_id, &d->source, &d->published, &d->url, &d->title, &d->text, &d->author};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		buf_clear(fields[i]);
	if (it->title_html)
		oom_if(f, html_fragment_text(&f->p, it->cap[C_TITLE].out.p, it->cap[C_TITLE].out.len, &d->title));
	else
		oom_if(f, buf_add(&d->title, &it->cap[C_TITLE].out));
	struct body *body = f->root == ROOT_ATOM ? atom_fields(f, d) : rss_fields(f, d);
	if (body)
		body_text(f, body, &d->text);
	/* &#150; and the like: what windows-1252 has there */
	for (size_t i = 1; i < sizeof fields / sizeof *fields; i++)
		oom_if(f, c1_to_cp1252(fields[i], &f->spare));
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

