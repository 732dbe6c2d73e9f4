/* emit.c: a document becomes a row: the metadata given wins over the document's, the dateline
 * fills gaps, every field is cleaned (valid UTF-8, NFC) and escaped. Also the messages that name
 * an input, and --progress. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "err.h"
#include "hash.h"
#include "ingest.h"
#include "out.h"
#include "row.h"
#include "utf8.h"

/* ---- messages */

static void vreport(struct input *in, int line, const char *prefix, const char *fmt, va_list ap)
{
	char what[1024];
	vsnprintf(what, sizeof what, fmt, ap);
	msg_at(in->name, line > 0 ? (unsigned long long)line : 0, "%s%s", prefix, what);
}

void input_error(struct input *in, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(in, 0, "", fmt, ap);
	va_end(ap);
	in->failed = true;
}

void input_warning(struct input *in, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(in, 0, "warning: ", fmt, ap);
	va_end(ap);
}

void input_error_at(struct input *in, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(in, line, "", fmt, ap);
	va_end(ap);
	in->failed = true;
}

void input_warning_at(struct input *in, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(in, line, "warning: ", fmt, ap);
	va_end(ap);
}

/* ---- cleaning and writing a document */

static struct row_writer writer; /* the output: own columns alone */
static int writer_ready(void);

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

enum clean_mode {
	CLEAN_TEXT, /* CRLF becomes LF, trailing blanks go */
	CLEAN_LINE, /* every run of blanks becomes one space, blanks at both ends go */
};

static struct buf repaired, unfolded;

/* Appends s[0..n) to out as valid UTF-8 in NFC, with a leading BOM dropped. Invalid UTF-8 and
 * NUL bytes become U+FFFD (counted in the input), or are an error when --strict. Returns 0 or -1
 * after reporting the error. */
static int clean(const struct options *o, struct input *in, const char *what, const char *s, size_t n,
		 struct buf *out, enum clean_mode mode)
{
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		n -= 3;
	}
	size_t ok = utf8_valid_prefix(s, n);
	if (ok != n) {
		if (o->common.in.strict) {
			input_error(in, "invalid UTF-8 or NUL byte in the %s at byte %zu", what, ok);
			return -1;
		}
		buf_clear(&repaired);
		long k = utf8_repair(s, n, &repaired);
		if (k < 0)
			goto oom;
		in->replaced += (unsigned long long)k;
		s = repaired.p;
		n = repaired.len;
	}
	if (mode == CLEAN_LINE) {
		buf_clear(&unfolded);
		bool space = false;
		for (size_t i = 0; i < n; i++) {
			if (is_blank(s[i])) {
				space = unfolded.len > 0;
				continue;
			}
			if ((space && buf_putc(&unfolded, ' ') < 0) || buf_putc(&unfolded, s[i]) < 0)
				goto oom;
			space = false;
		}
		s = unfolded.p ? unfolded.p : "";
		n = unfolded.len;
	} else if (memchr(s, '\r', n)) {
		buf_clear(&unfolded);
		if (buf_reserve(&unfolded, n) < 0)
			goto oom;
		char *w = unfolded.p;
		for (size_t i = 0; i < n; i++)
			if (s[i] != '\r' || i + 1 >= n || s[i + 1] != '\n')
				*w++ = s[i];
		unfolded.len = (size_t)(w - unfolded.p);
		s = unfolded.p;
		n = unfolded.len;
	}
	size_t start = out->len;
	if (utf8_nfc(s, n, out) < 0)
		goto oom;
	while (out->len > start && is_blank(out->p[out->len - 1]))
		out->len--;
	if (out->p)
		out->p[out->len] = '\0';
	return 0;
oom:
	input_error(in, "out of memory");
	return -1;
}

/* The value that wins: given on the command line, else in the manifest, else found. */
static const char *pick(const char *given, const char *manifest, const struct buf *found, size_t *len)
{
	const char *v = given && *given ? given : manifest && *manifest ? manifest : NULL;
	if (v) {
		*len = strlen(v);
		return v;
	}
	*len = found->len;
	return found->p ? found->p : "";
}

static struct {
	unsigned long long docs, bytes;
	double started, last;
} progress;

void progress_add_bytes(unsigned long long n)
{
	progress.bytes += n;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void progress_start(void)
{
	progress.started = progress.last = now();
}

void progress_report(bool final)
{
	double t = now();
	if (!final && t - progress.last < 1.0)
		return;
	progress.last = t;
	double mb = progress.bytes / 1e6, secs = t - progress.started;
	fprintf(stderr, "%s: %llu documents, %.1f MB, %.1f MB/s%s\n", progname, progress.docs, mb,
		secs > 0 ? mb / secs : 0.0, final ? " (done)" : "");
}

static struct buf text, source, published, url, title, author, id, key;

int emit_doc(const struct options *o, struct input *in, struct doc *d)
{
	buf_clear(&text);
	buf_clear(&source);
	buf_clear(&published);
	buf_clear(&url);
	buf_clear(&title);
	buf_clear(&author);
	buf_clear(&id);
	const struct meta none = {0}, *m = in->manifest ? in->manifest : &none;
	const char *v;
	size_t n;
	if (clean(o, in, "text", d->text.p ? d->text.p : "", d->text.len, &text, CLEAN_TEXT) < 0)
		return -1;
	v = pick(o->given.source, m->source, &d->source, &n);
	if (clean(o, in, "source", v, n, &source, CLEAN_LINE) < 0)
		return -1;
	v = pick(o->given.url, m->url, &d->url, &n);
	if (clean(o, in, "url", v, n, &url, CLEAN_LINE) < 0)
		return -1;
	v = pick(o->given.title, m->title, &d->title, &n);
	if (clean(o, in, "title", v, n, &title, CLEAN_LINE) < 0)
		return -1;
	v = pick(o->given.author, m->author, &d->author, &n);
	if (clean(o, in, "author", v, n, &author, CLEAN_LINE) < 0)
		return -1;
	const char *given_date = o->given.published && *o->given.published ? o->given.published : m->published;
	v = pick(o->given.published, m->published, &d->published, &n);
	if (clean(o, in, "published", v, n, &published, CLEAN_LINE) < 0)
		return -1;
	if (published.len) {
		/* a date in the document becomes ISO 8601 or goes; a date given stays as given if odd */
		struct date date;
		if (date_parse(published.p, published.len, &date) == 0) {
			char iso[DATE_ISO_MAX];
			size_t k = date_format(&date, iso);
			buf_clear(&published);
			buf_append(&published, iso, k);
		} else if (!(given_date && *given_date)) {
			buf_clear(&published);
		}
	}
	if (!o->no_dateline)
		apply_dateline(text.p, text.len, &source, &published);
	if (!text.len && !title.len)
		return 0;
	if (d->doc_id.len) {
		if (clean(o, in, "doc_id", d->doc_id.p, d->doc_id.len, &id, CLEAN_LINE) < 0)
			return -1;
	} else {
		char hex[17];
		const char *where = url.len ? url.p : in->id_path;
		buf_clear(&key);
		if (buf_append(&key, source.p ? source.p : "", source.len) < 0 || buf_putc(&key, '\t') < 0 ||
		    buf_append(&key, where, strlen(where)) < 0 || buf_putc(&key, '\t') < 0 ||
		    buf_append(&key, text.p ? text.p : "", text.len) < 0) {
			input_error(in, "out of memory");
			return -1;
		}
		hash64_hex(hash64(key.p, key.len, 0), hex);
		buf_append(&id, hex, 16);
	}
	const struct buf *cols[] = {&id, &source, &published, &url, &title, &author, &text};
	if (writer_ready() < 0) {
		input_error(in, "out of memory");
		return -1;
	}
	row_begin(&writer);
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
		out_escaped(cols[i]->p ? cols[i]->p : "", cols[i]->len);
		row_next(&writer);
	}
	row_end();
	progress.docs++;
	if (o->common.in.progress && (progress.docs & 255) == 0)
		progress_report(false);
	return 0;
}

/* Sets the writer up, once. Returns 0 or -1 (out of memory). */
static int writer_ready(void)
{
	static const char *const names[] = {"doc_id", "source", "published", "url", "title", "author", "text"};
	if (writer.items)
		return 0;
	if (row_writer_init(&writer, NULL) < 0)
		return -1;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (row_append(&writer, names[i]) < 0)
			return -1;
	return row_take(&writer);
}

int emit_header(void)
{
	if (writer_ready() < 0)
		return -1;
	row_header(&writer);
	return 0;
}

void emit_cleanup(void)
{
	row_writer_free(&writer);
	struct buf *bufs[] = {&repaired, &unfolded, &text, &source, &published, &url, &title, &author, &id, &key};
	for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++)
		buf_free(bufs[i]);
}
