#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "out.h"
#include "tsv.h"
#include "tsv_csv.h"
#include "utf8.h"

#define READ_CHUNK (256 * 1024)

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int tsv_fail(struct tsv_reader *r, const char *fmt, ...)
{
	char what[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	msg_format_at(r->err, sizeof r->err, r->name, r->lineno, "%s", what);
	return -1;
}

size_t tsv_unescape(char *s, size_t n)
{
	char *w = memchr(s, '\\', n);
	if (!w)
		return n;
	const char *p = w, *end = s + n;
	while (p < end) {
		/* p is at a backslash */
		char c = p + 1 < end ? p[1] : 0;
		char v = c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c == '\\' ? '\\' : 0;
		if (v) {
			*w++ = v;
			p += 2;
		} else {
			*w++ = *p++;
		}
		const char *next = memchr(p, '\\', (size_t)(end - p));
		size_t run = (size_t)((next ? next : end) - p);
		memmove(w, p, run);
		w += run;
		p += run;
	}
	*w = '\0';
	return (size_t)(w - s);
}

static int open_input(struct tsv_reader *r)
{
	const char *path = r->nfiles ? r->files[r->file_index] : "-";
	if (strcmp(path, "-") == 0) {
		r->fd = STDIN_FILENO;
		r->name = "<stdin>";
	} else {
		r->fd = open(path, O_RDONLY);
		r->name = path;
		if (r->fd < 0) {
			msg_format_at(r->err, sizeof r->err, path, 0, "cannot open: %s", strerror(errno));
			return -1;
		}
	}
	r->start = r->end = 0;
	r->at_eof = false;
	r->at_file_start = true;
	r->lineno = 0;
	return 0;
}

static void close_input(struct tsv_reader *r)
{
	if (r->fd > STDIN_FILENO)
		close(r->fd);
	r->fd = -1;
}

/* Reads more bytes after r->end, growing the buffer when a line fills it.
 * Returns 1 when bytes were added, 0 at end of file, -1 on error. */
int tsv_fill(struct tsv_reader *r)
{
	if (r->at_eof)
		return 0;
	if (r->start > 0 && (r->start == r->end || r->end + READ_CHUNK > r->cap)) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end + 1 >= r->cap) {
		if (r->cap > r->opts.max_field + 1) {
			r->lineno++;
			return tsv_fail(r, "line longer than %zu bytes (see --max-field)", r->opts.max_field);
		}
		size_t cap = r->cap * 2;
		char *p = realloc(r->buf, cap);
		if (!p) {
			r->lineno++;
			return tsv_fail(r, "out of memory for a line of %zu bytes", r->cap);
		}
		r->buf = p;
		r->cap = cap;
	}
	for (;;) {
		ssize_t k = read(r->fd, r->buf + r->end, r->cap - 1 - r->end);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			msg_format_at(r->err, sizeof r->err, r->name, 0, "cannot read: %s", strerror(errno));
			return -1;
		}
		if (k == 0) {
			r->at_eof = true;
			return 0;
		}
		r->end += (size_t)k;
		r->bytes += (size_t)k;
		return 1;
	}
}

/* The encoding whose byte order mark starts s[0..n), when it is UTF-16 or UTF-32 (which the
 * stream format does not take: every tool would see NULs and garbage), else NULL. */
const char *tsv_wide_encoding(const char *s, size_t n)
{
	if (n >= 4 && memcmp(s, "\xFF\xFE\0\0", 4) == 0)
		return "UTF-32LE";
	if (n >= 4 && memcmp(s, "\0\0\xFE\xFF", 4) == 0)
		return "UTF-32BE";
	if (n >= 2 && memcmp(s, "\xFF\xFE", 2) == 0)
		return "UTF-16LE";
	if (n >= 2 && memcmp(s, "\xFE\xFF", 2) == 0)
		return "UTF-16BE";
	return NULL;
}

/* Finds the next line of the current input. Returns 1 with the line and its length set (no line end,
 * NUL-terminated in the buffer), 0 at end of this input, -1 on error. */
static int next_line(struct tsv_reader *r, char **line, size_t *len)
{
	size_t scanned = r->start;
	for (;;) {
		char *nl = memchr(r->buf + scanned, '\n', r->end - scanned);
		if (nl) {
			*line = r->buf + r->start;
			*len = (size_t)(nl - *line);
			r->start = (size_t)(nl - r->buf) + 1;
			break;
		}
		size_t off = r->end - r->start; /* all of it has been scanned */
		int k = tsv_fill(r);
		if (k < 0)
			return -1;
		scanned = r->start + off;
		if (k == 0) {
			if (r->start == r->end)
				return 0;
			*line = r->buf + r->start;
			*len = r->end - r->start;
			r->start = r->end;
			break;
		}
	}
	r->lineno++;
	if (*len > r->opts.max_field)
		return tsv_fail(r, "line longer than %zu bytes (see --max-field)", r->opts.max_field);
	if (*len && (*line)[*len - 1] == '\r')
		(*len)--;
	if (r->at_file_start) {
		r->at_file_start = false;
		const char *wide = tsv_wide_encoding(*line, *len);
		if (wide)
			return tsv_fail(r, "input is %s, not UTF-8: convert it first (iconv -f %.6s -t UTF-8)", wide, wide);
		if (*len >= 3 && memcmp(*line, "\xEF\xBB\xBF", 3) == 0) {
			*line += 3;
			*len -= 3;
		}
	}
	(*line)[*len] = '\0';
	return 1;
}

int tsv_grow_fields(struct tsv_reader *r)
{
	size_t cap = r->fields_cap ? r->fields_cap * 2 : 32;
	char **f = realloc(r->fields, cap * sizeof *f);
	if (!f)
		return -1;
	r->fields = f;
	size_t *l = realloc(r->lens, cap * sizeof *l);
	if (!l)
		return -1;
	r->lens = l;
	const char **raw = realloc(r->raw, cap * sizeof *raw);
	if (!raw)
		return -1;
	r->raw = raw;
	size_t *rl = realloc(r->raw_lens, cap * sizeof *rl);
	if (!rl)
		return -1;
	r->raw_lens = rl;
	r->fields_cap = cap;
	return 0;
}

/* True when writing the unescaped value of s[0..n) gives s back: no CR, and every backslash
 * starts one of the four escapes. */
static bool canonical(const char *s, size_t n)
{
	if (memchr(s, '\r', n))
		return false;
	const char *end = s + n;
	for (const char *p = memchr(s, '\\', n); p; p = memchr(p, '\\', (size_t)(end - p))) {
		if (p + 1 == end || (p[1] != 't' && p[1] != 'n' && p[1] != 'r' && p[1] != '\\'))
			return false;
		if ((p += 2) == end)
			break;
	}
	return true;
}

/* Field i holds a backslash or a CR: its value is unescaped into r->unescaped (which has room),
 * and when its bytes are not canonical its raw form is made anew in r->escaped (room for twice
 * the line, reserved at the first such field of a row). */
static int unescape_field(struct tsv_reader *r, size_t i, size_t line_len)
{
	char *v = r->unescaped.p + r->unescaped.len;
	memcpy(v, r->fields[i], r->lens[i] + 1);
	r->lens[i] = tsv_unescape(v, r->lens[i]);
	r->unescaped.len += r->lens[i] + 1;
	r->fields[i] = v;
	if (canonical(r->raw[i], r->raw_lens[i]))
		return 0;
	if (r->escaped.len == 0 && buf_reserve(&r->escaped, 2 * line_len + 1) < 0)
		return -1;
	char *e = r->escaped.p + r->escaped.len;
	r->raw[i] = e;
	r->raw_lens[i] = escape_to(e, v, r->lens[i]);
	r->escaped.len += r->raw_lens[i];
	return 0;
}

int tsv_value_only(struct tsv_reader *r, size_t col)
{
	if (col >= r->ncols)
		return 0;
	if (!r->value_only && !(r->value_only = calloc(r->ncols, sizeof *r->value_only)))
		return -1;
	r->value_only[col] = true;
	return 0;
}

static bool is_value_only(const struct tsv_reader *r, size_t i)
{
	return r->value_only && i < r->ncols && r->value_only[i];
}

/* Makes the raw form of every field from its value: for CSV rows and repaired ones. */
int tsv_raw_from_fields(struct tsv_reader *r)
{
	size_t total = 0;
	for (size_t i = 0; i < r->nfields; i++)
		total += r->lens[i];
	buf_clear(&r->escaped);
	if (buf_reserve(&r->escaped, 2 * total + 1) < 0)
		return -1;
	for (size_t i = 0; i < r->nfields; i++) {
		const char *v = r->fields[i];
		size_t n = r->lens[i];
		r->raw[i] = v;
		r->raw_lens[i] = n;
		if (is_value_only(r, i)) {
			r->raw[i] = NULL;
			r->raw_lens[i] = 0;
			continue;
		}
		if (escape_plain_prefix(v, n) == n)
			continue;
		char *e = r->escaped.p + r->escaped.len;
		r->raw[i] = e;
		r->raw_lens[i] = escape_to(e, v, n);
		r->escaped.len += r->raw_lens[i];
	}
	return 0;
}

/* Splits a line on TAB. A field is its bytes read, value and raw form alike, unless it has a
 * backslash or a CR: then its value is unescaped into r->unescaped, or in place when the
 * column is value-only. */
static int split_line(struct tsv_reader *r, char *line, size_t len)
{
	bool reserved = false;
	char *p = line, *end = line + len;
	r->nfields = 0;
	/* most rows hold no escape and no carriage return: then no field is looked at for them */
	bool plain = !memchr(line, '\\', len) && !memchr(line, '\r', len);
	for (;;) {
		char *tab = memchr(p, '\t', (size_t)(end - p));
		char *stop = tab ? tab : end;
		if (r->nfields == r->fields_cap && tsv_grow_fields(r) < 0)
			return tsv_fail(r, "out of memory");
		*stop = '\0';
		size_t i = r->nfields++, n = (size_t)(stop - p);
		r->fields[i] = p;
		r->raw[i] = p;
		r->lens[i] = r->raw_lens[i] = n;
		if (is_value_only(r, i)) {
			r->lens[i] = tsv_unescape(p, n);
			p[r->lens[i]] = '\0';
			r->raw[i] = NULL;
			r->raw_lens[i] = 0;
		} else if (!plain && (memchr(p, '\\', n) || memchr(p, '\r', n))) {
			if (!reserved) {
				buf_clear(&r->unescaped);
				buf_clear(&r->escaped);
				if (buf_reserve(&r->unescaped, len + 1) < 0)
					return tsv_fail(r, "out of memory");
				reserved = true;
			}
			if (unescape_field(r, i, len) < 0)
				return tsv_fail(r, "out of memory");
		}
		if (!tab)
			break;
		p = tab + 1;
	}
	return 0;
}

/* Makes every field of the row valid UTF-8 without NUL: replaces what is not (counted), or
 * fails when strict. Fields are rebuilt in r->repaired only when one needs it. */
static int check_utf8(struct tsv_reader *r)
{
	size_t bad = SIZE_MAX;
	for (size_t i = 0; i < r->nfields; i++)
		if (utf8_valid_prefix(r->fields[i], r->lens[i]) != r->lens[i]) {
			bad = i;
			break;
		}
	if (bad == SIZE_MAX)
		return 0;
	if (r->opts.strict) {
		const char *col = r->names && bad < r->ncols ? r->names[bad] : NULL;
		if (col)
			return tsv_fail(r, "column '%s': invalid UTF-8 or NUL byte", col);
		return tsv_fail(r, "field %zu: invalid UTF-8 or NUL byte", bad + 1);
	}
	buf_clear(&r->repaired);
	size_t *offs = malloc(r->nfields * sizeof *offs);
	if (!offs)
		return tsv_fail(r, "out of memory");
	for (size_t i = 0; i < r->nfields; i++) {
		offs[i] = r->repaired.len;
		long k = utf8_repair(r->fields[i], r->lens[i], &r->repaired);
		if (k < 0 || buf_putc(&r->repaired, '\0') < 0) {
			free(offs);
			return tsv_fail(r, "out of memory");
		}
		r->replaced += (unsigned long long)k;
	}
	for (size_t i = 0; i < r->nfields; i++) {
		r->fields[i] = r->repaired.p + offs[i];
		r->lens[i] = strlen(r->fields[i]);
	}
	free(offs);
	if (tsv_raw_from_fields(r) < 0)
		return tsv_fail(r, "out of memory");
	return 0;
}

/* Reads the next raw row of the current input: 1, 0 at its end, -1 on error. */
static int next_raw_row(struct tsv_reader *r)
{
	if (r->opts.csv)
		return csv_next_row(r);
	char *line;
	size_t len;
	int k = next_line(r, &line, &len);
	if (k <= 0)
		return k;
	return split_line(r, line, len) < 0 ? -1 : 1;
}

/* Reads the header of the current input. Returns 1, 0 when the input is empty, -1 on error. */
static int read_header(struct tsv_reader *r, bool first)
{
	if (r->opts.csv && csv_begin(r) < 0)
		return tsv_fail(r, "out of memory");
	int k = next_raw_row(r);
	if (k <= 0)
		return k;
	if (check_utf8(r) < 0)
		return -1;
	if (first) {
		size_t total = 0;
		for (size_t i = 0; i < r->nfields; i++)
			total += r->lens[i] + 1;
		r->header_line = malloc(total ? total : 1);
		r->names = malloc(r->nfields * sizeof *r->names);
		if (!r->header_line || !r->names)
			return tsv_fail(r, "out of memory");
		char *w = r->header_line;
		for (size_t i = 0; i < r->nfields; i++) {
			memcpy(w, r->fields[i], r->lens[i] + 1);
			r->names[i] = w;
			w += r->lens[i] + 1;
		}
		r->ncols = r->nfields;
		for (size_t i = 0; i < r->ncols; i++)
			for (size_t j = 0; j < i; j++)
				if (strcmp(r->names[i], r->names[j]) == 0)
					return tsv_fail(r, "column '%s' appears twice in the header", r->names[i]);
		return 1;
	}
	bool same = r->nfields == r->ncols;
	for (size_t i = 0; same && i < r->ncols; i++)
		same = strcmp(r->fields[i], r->names[i]) == 0;
	if (!same)
		return tsv_fail(r, "header differs from the first input's");
	return 1;
}

/* Frees what a failed tsv_open holds, keeping its message. */
static int open_failed(struct tsv_reader *r)
{
	char err[sizeof r->err];
	memcpy(err, r->err, sizeof err);
	r->replaced = 0;
	tsv_close(r);
	memcpy(r->err, err, sizeof err);
	return -1;
}

int tsv_open(struct tsv_reader *r, int nfiles, char **files, const struct tsv_opts *opts)
{
	memset(r, 0, sizeof *r);
	r->opts = *opts;
	if (!r->opts.max_field)
		r->opts.max_field = TSV_DEFAULT_MAX_FIELD;
	r->files = files;
	r->nfiles = nfiles;
	r->fd = -1;
	r->name = "<stdin>";
	r->cap = READ_CHUNK * 2 + 1;
	r->buf = malloc(r->cap);
	if (!r->buf) {
		snprintf(r->err, sizeof r->err, "out of memory");
		return -1;
	}
	r->started = r->last_report = now();
	/* the first input with a header sets the columns; wholly empty inputs are skipped */
	for (;;) {
		if (open_input(r) < 0 || read_header(r, true) < 0)
			return open_failed(r);
		if (r->ncols)
			return 0;
		close_input(r);
		if (r->file_index + 1 >= (r->nfiles ? r->nfiles : 1)) {
			r->empty = true;
			return 0;
		}
		r->file_index++;
	}
}

static void report_progress(struct tsv_reader *r, bool final)
{
	double t = now();
	if (!final && t - r->last_report < 1.0)
		return;
	r->last_report = t;
	double mb = r->bytes / 1e6, secs = t - r->started;
	fprintf(stderr, "%s: %llu rows, %.1f MB, %.1f MB/s%s\n", progname, r->rows, mb,
		secs > 0 ? mb / secs : 0.0, final ? " (done)" : "");
}

int tsv_next(struct tsv_reader *r)
{
	if (r->empty)
		return 0;
	for (;;) {
		if (r->fd < 0)
			return 0;
		int k = next_raw_row(r);
		if (k < 0)
			return -1;
		if (k > 0)
			break;
		/* end of this input: go on to the next one, whose header must match */
		close_input(r);
		for (;;) {
			if (r->file_index + 1 >= r->nfiles) {
				if (r->opts.progress)
					report_progress(r, true);
				return 0;
			}
			r->file_index++;
			if (open_input(r) < 0)
				return -1;
			int h = read_header(r, false);
			if (h < 0)
				return -1;
			if (h > 0)
				break;
			close_input(r);
		}
	}
	if (r->nfields != r->ncols)
		return tsv_fail(r, "expected %zu fields, found %zu", r->ncols, r->nfields);
	if (check_utf8(r) < 0)
		return -1;
	r->rows++;
	if (r->opts.progress && (r->rows & 1023) == 0)
		report_progress(r, false);
	return 1;
}

int tsv_column(const struct tsv_reader *r, const char *name)
{
	for (size_t i = 0; i < r->ncols; i++)
		if (strcmp(r->names[i], name) == 0)
			return (int)i;
	return -1;
}

int tsv_require_column(const struct tsv_reader *r, const char *name)
{
	int i = tsv_column(r, name);
	if (i >= 0)
		return i;
	struct buf list = {0};
	for (size_t j = 0; j < r->ncols; j++) {
		if (j)
			buf_append(&list, ", ", 2);
		buf_append(&list, r->names[j], strlen(r->names[j]));
	}
	msg("no column '%s' in input (columns: %s)", name, list.p ? list.p : "");
	buf_free(&list);
	return -1;
}

void tsv_close(struct tsv_reader *r)
{
	if (r->replaced)
		msg("warning: replaced %llu invalid UTF-8 sequence%s or NUL byte%s with U+FFFD", r->replaced,
		    r->replaced == 1 ? "" : "s", r->replaced == 1 ? "" : "s");
	close_input(r);
	free(r->buf);
	free(r->header_line);
	free(r->names);
	free(r->fields);
	free(r->lens);
	free(r->raw);
	free(r->raw_lens);
	free(r->value_only);
	buf_free(&r->unescaped);
	buf_free(&r->escaped);
	buf_free(&r->repaired);
	csv_state_free(r->csv);
	memset(r, 0, sizeof *r);
	r->fd = -1;
}
