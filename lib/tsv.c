#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "tsv.h"
#include "utf8.h"

#define READ_CHUNK (256 * 1024)

struct csv_state {
	struct csv_parser parser;
	struct buf data;      /* field bytes, each NUL-terminated */
	size_t *offs, *lens;  /* per field of the queued rows and of the row being read */
	size_t nf, capf;
	size_t *row_first;    /* first field of each queued row; row_first[nrows]: the row being read */
	unsigned long long *row_line; /* the line where each queued row starts */
	size_t nrows, capr;
	size_t next_row;
	unsigned long long line;        /* the physical line being fed, from 1 */
	unsigned long long record_line; /* where the row being read starts */
	unsigned long long quote_line;  /* where its open quoted field starts */
	unsigned long long fields_seen; /* fields libcsv has handed over */
	unsigned long long fail_line;   /* of the error held back */
	size_t record_bytes;  /* bytes of the row being read so far */
	bool between_records; /* the last piece ended a row (or the input starts) */
	bool oom;
	bool failed;          /* an error is held back in r->err */
	bool finished;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int fail(struct tsv_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct tsv_reader *r, const char *fmt, ...)
{
	char what[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (r->fd == STDIN_FILENO && strcmp(r->name, "<stdin>") == 0)
		snprintf(r->err, sizeof r->err, "line %llu: %s", r->lineno, what);
	else
		snprintf(r->err, sizeof r->err, "%s: line %llu: %s", r->name, r->lineno, what);
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

int parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return -1;
	unsigned shift = 0;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	}
	if (*end || v == 0 || v > (SIZE_MAX >> shift) / 2)
		return -1;
	*out = (size_t)(v << shift);
	return 0;
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
			snprintf(r->err, sizeof r->err, "cannot open '%s': %s", path, strerror(errno));
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
static int fill(struct tsv_reader *r)
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
			return fail(r, "line longer than %zu bytes (see --max-field)", r->opts.max_field);
		}
		size_t cap = r->cap * 2;
		char *p = realloc(r->buf, cap);
		if (!p) {
			r->lineno++;
			return fail(r, "out of memory for a line of %zu bytes", r->cap);
		}
		r->buf = p;
		r->cap = cap;
	}
	for (;;) {
		ssize_t k = read(r->fd, r->buf + r->end, r->cap - 1 - r->end);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			snprintf(r->err, sizeof r->err, "cannot read '%s': %s", r->name, strerror(errno));
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
static const char *wide_encoding(const char *s, size_t n)
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
		int k = fill(r);
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
		return fail(r, "line longer than %zu bytes (see --max-field)", r->opts.max_field);
	if (*len && (*line)[*len - 1] == '\r')
		(*len)--;
	if (r->at_file_start) {
		r->at_file_start = false;
		const char *wide = wide_encoding(*line, *len);
		if (wide)
			return fail(r, "input is %s, not UTF-8: convert it first (iconv -f %.6s -t UTF-8)", wide, wide);
		if (*len >= 3 && memcmp(*line, "\xEF\xBB\xBF", 3) == 0) {
			*line += 3;
			*len -= 3;
		}
	}
	(*line)[*len] = '\0';
	return 1;
}

static int grow_fields(struct tsv_reader *r)
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
	r->fields_cap = cap;
	return 0;
}

/* Splits a line on TAB and unescapes each field in place. */
static int split_line(struct tsv_reader *r, char *line, size_t len)
{
	char *p = line, *end = line + len;
	r->nfields = 0;
	for (;;) {
		char *tab = memchr(p, '\t', (size_t)(end - p));
		char *stop = tab ? tab : end;
		if (r->nfields == r->fields_cap && grow_fields(r) < 0)
			return fail(r, "out of memory");
		*stop = '\0';
		r->fields[r->nfields] = p;
		r->lens[r->nfields] = tsv_unescape(p, (size_t)(stop - p));
		r->nfields++;
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
			return fail(r, "column '%s': invalid UTF-8 or NUL byte", col);
		return fail(r, "field %zu: invalid UTF-8 or NUL byte", bad + 1);
	}
	buf_clear(&r->repaired);
	size_t *offs = malloc(r->nfields * sizeof *offs);
	if (!offs)
		return fail(r, "out of memory");
	for (size_t i = 0; i < r->nfields; i++) {
		offs[i] = r->repaired.len;
		long k = utf8_repair(r->fields[i], r->lens[i], &r->repaired);
		if (k < 0 || buf_putc(&r->repaired, '\0') < 0) {
			free(offs);
			return fail(r, "out of memory");
		}
		r->replaced += (unsigned long long)k;
	}
	for (size_t i = 0; i < r->nfields; i++) {
		r->fields[i] = r->repaired.p + offs[i];
		r->lens[i] = strlen(r->fields[i]);
	}
	free(offs);
	return 0;
}

/* ---- CSV through libcsv.
 *
 * libcsv is a push parser: it is handed bytes and calls back with each field and each row end.
 * It is fed one piece at a time, a piece ending at the first LF, CR or CRLF (libcsv's row
 * terminators) or where the bytes read so far end. So a row can only end at the end of a piece;
 * the physical line (newlines counted, quoted ones too) of every record and error is known
 * exactly; and a record is refused at its first byte past max_field, wherever the reads happened
 * to end, before more of it is buffered. The fields of the rows that ended are queued (in
 * practice one row) and handed out one at a time; the fields of the row still being read stay
 * behind them. An error is held back until the rows before it are handed out. */

static void csv_on_field(void *s, size_t len, void *data)
{
	struct csv_state *c = data;
	c->fields_seen++;
	if (c->nf == c->capf) {
		size_t cap = c->capf ? c->capf * 2 : 64;
		size_t *o = realloc(c->offs, cap * sizeof *o), *l = o ? realloc(c->lens, cap * sizeof *l) : NULL;
		if (o)
			c->offs = o;
		if (!o || !l) {
			c->oom = true;
			return;
		}
		c->lens = l;
		c->capf = cap;
	}
	if (buf_reserve(&c->data, len + 1) < 0) {
		c->oom = true;
		return;
	}
	c->offs[c->nf] = c->data.len;
	c->lens[c->nf] = len;
	c->nf++;
	if (len)
		memcpy(c->data.p + c->data.len, s, len);
	c->data.len += len;
	c->data.p[c->data.len++] = '\0';
}

static void csv_on_row(int term, void *data)
{
	(void)term;
	struct csv_state *c = data;
	if (c->nrows + 2 > c->capr) {
		size_t cap = c->capr * 2;
		size_t *p = realloc(c->row_first, cap * sizeof *p);
		if (p)
			c->row_first = p;
		unsigned long long *l = p ? realloc(c->row_line, cap * sizeof *l) : NULL;
		if (!l) {
			c->oom = true;
			return;
		}
		c->row_line = l;
		c->capr = cap;
	}
	c->row_line[c->nrows] = c->record_line;
	c->nrows++;
	c->row_first[c->nrows] = c->nf;
}

/* Records the error of the current input at line: "line N: [column 'x': ]what". It is returned
 * once the rows queued before it are handed out. */
static void csv_fail(struct tsv_reader *r, unsigned long long line, bool in_field, const char *what)
{
	struct csv_state *c = r->csv;
	size_t field = c->nf - c->row_first[c->nrows]; /* the field being read, from 0 */
	r->lineno = line;
	if (!in_field)
		fail(r, "%s", what);
	else if (r->names && field < r->ncols)
		fail(r, "column '%s': %s", r->names[field], what);
	else
		fail(r, "field %zu: %s", field + 1, what);
	c->failed = true;
	c->fail_line = line;
}

/* Drops the rows handed out; the fields of the row being read move to the front. */
static void csv_drop_rows(struct csv_state *c)
{
	size_t first = c->row_first[c->nrows], keep = c->nf - first;
	if (first) {
		size_t from = keep ? c->offs[first] : c->data.len;
		memmove(c->data.p, c->data.p + from, c->data.len - from);
		c->data.len -= from;
		c->data.p[c->data.len] = '\0';
		for (size_t i = 0; i < keep; i++) {
			c->offs[i] = c->offs[first + i] - from;
			c->lens[i] = c->lens[first + i];
		}
	}
	c->nf = keep;
	c->nrows = c->next_row = 0;
	c->row_first[0] = 0;
}

/* csv_parse(), in steps of at most 64 KiB: before each, libcsv's field buffer is set to grow by
 * its own size (4 KiB at least), not by the fixed 128 bytes that would make a long field cost a
 * realloc (under ASan, a copy) every 128 bytes. Returns the bytes parsed, as csv_parse() does. */
static size_t csv_parse_steps(struct csv_state *c, const char *p, size_t n)
{
	size_t done = 0;
	while (done < n) {
		size_t step = n - done < 65536 ? n - done : 65536;
		size_t size = csv_get_buffer_size(&c->parser);
		csv_set_blk_size(&c->parser, size > 4096 ? size : 4096);
		size_t k = csv_parse(&c->parser, p + done, step, csv_on_field, csv_on_row, c);
		done += k;
		if (k < step)
			break;
	}
	return done;
}

/* Feeds one piece p[0..n) to libcsv; its last term bytes are a CR, an LF or a CRLF. */
static void csv_feed(struct tsv_reader *r, const char *p, size_t n, size_t term)
{
	struct csv_state *c = r->csv;
	if (c->between_records) {
		c->record_line = c->line;
		c->record_bytes = 0;
	}
	size_t content = n - term, max = r->opts.max_field;
	size_t allowed = c->record_bytes < max ? max - c->record_bytes : 0;
	size_t feed = content > allowed ? allowed : n;
	int was_quoted = c->parser.quoted;
	unsigned long long fields_before = c->fields_seen;
	size_t done = csv_parse_steps(c, p, feed);
	/* after a piece, libcsv's quoted flag says a quoted field is open: a field that ends or a
	 * line end outside quotes clears it */
	if (c->parser.quoted && (!was_quoted || c->fields_seen != fields_before))
		c->quote_line = c->line;
	if (c->oom || (done < feed && csv_error(&c->parser) != CSV_EPARSE)) {
		csv_fail(r, c->line, false, "out of memory");
		return;
	}
	if (done < feed) {
		csv_fail(r, c->line, true, c->parser.quoted ? "text after the closing quote of a quoted field"
							     : "quote inside an unquoted field");
		return;
	}
	if (feed < n) {
		char what[160];
		int k = snprintf(what, sizeof what, "record longer than %zu bytes (see --max-field)", max);
		if (c->parser.quoted && c->quote_line < c->line) /* most likely a quote not closed */
			snprintf(what + k, sizeof what - (size_t)k, ", in a quoted field from line %llu", c->quote_line);
		csv_fail(r, c->record_line, false, what);
		return;
	}
	c->record_bytes += n;
	c->between_records = term > 0 && !c->parser.quoted;
	if (p[n - 1] == '\n')
		c->line++;
}

/* Feeds libcsv until a row is queued, the input ends or an error is recorded. */
static void csv_fill_queue(struct tsv_reader *r)
{
	struct csv_state *c = r->csv;
	while (c->nrows == 0 && !c->failed && !c->finished) {
		int k = 1;
		if (r->start == r->end || r->at_file_start) {
			/* a byte order mark may come a byte at a time; UTF-32's takes 4 */
			while (k > 0 && (r->start == r->end || (r->at_file_start && r->end - r->start < 4)))
				k = fill(r);
			if (k < 0) {
				c->failed = true;
				c->fail_line = c->line;
				return;
			}
			const char *wide = r->at_file_start ? wide_encoding(r->buf + r->start, r->end - r->start) : NULL;
			if (wide) {
				char what[160];
				snprintf(what, sizeof what, "input is %s, not UTF-8: convert it first (iconv -f %.6s -t UTF-8)", wide, wide);
				csv_fail(r, 1, false, what);
				return;
			}
			if (r->at_file_start && r->end - r->start >= 3 &&
			    memcmp(r->buf + r->start, "\xEF\xBB\xBF", 3) == 0) {
				r->start += 3;
				r->at_file_start = false;
				continue;
			}
			r->at_file_start = false;
		}
		if (r->start == r->end) {
			c->finished = true;
			if (csv_fini(&c->parser, csv_on_field, csv_on_row, c) != 0)
				csv_fail(r, c->quote_line, true, "quoted field not closed at the end of the input");
			else if (c->oom)
				csv_fail(r, c->line, false, "out of memory");
			return;
		}
		const char *p = r->buf + r->start;
		size_t avail = r->end - r->start;
		const char *nl = memchr(p, '\n', avail);
		size_t n = nl ? (size_t)(nl - p) + 1 : avail, term = nl != NULL;
		const char *cr = memchr(p, '\r', n);
		if (cr && cr + 1 == nl) /* CRLF: one piece, with two terminators */
			term = 2;
		else if (cr) {
			n = (size_t)(cr - p) + 1;
			term = 1;
		}
		csv_feed(r, p, n, term);
		r->start += n;
	}
}

static int csv_next_row(struct tsv_reader *r)
{
	struct csv_state *c = r->csv;
	if (c->next_row == c->nrows) {
		if (!c->failed && !c->finished) {
			csv_drop_rows(c);
			csv_fill_queue(r);
		}
		if (c->next_row == c->nrows) {
			if (c->failed) {
				r->lineno = c->fail_line;
				return -1;
			}
			return 0;
		}
	}
	size_t first = c->row_first[c->next_row], last = c->row_first[c->next_row + 1];
	r->lineno = c->row_line[c->next_row];
	c->next_row++;
	r->nfields = 0;
	for (size_t i = first; i < last; i++) {
		if (r->nfields == r->fields_cap && grow_fields(r) < 0)
			return fail(r, "out of memory");
		r->fields[r->nfields] = c->data.p + c->offs[i];
		r->lens[r->nfields] = c->lens[i];
		r->nfields++;
	}
	return 1;
}

static int csv_begin(struct tsv_reader *r)
{
	if (!r->csv) {
		r->csv = calloc(1, sizeof *r->csv);
		if (!r->csv)
			return -1;
	} else {
		csv_free(&r->csv->parser);
	}
	struct csv_state *c = r->csv;
	if (csv_init(&c->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return -1;
	if (!c->row_first) {
		c->row_first = malloc(64 * sizeof *c->row_first);
		c->row_line = malloc(64 * sizeof *c->row_line);
		if (!c->row_first || !c->row_line)
			return -1;
		c->capr = 64;
	}
	c->nrows = c->nf = c->next_row = 0;
	c->row_first[0] = 0;
	buf_clear(&c->data);
	c->line = c->record_line = c->quote_line = 1;
	c->record_bytes = 0;
	c->between_records = true;
	c->oom = c->failed = c->finished = false;
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
		return fail(r, "out of memory");
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
			return fail(r, "out of memory");
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
					return fail(r, "column '%s' appears twice in the header", r->names[i]);
		return 1;
	}
	bool same = r->nfields == r->ncols;
	for (size_t i = 0; same && i < r->ncols; i++)
		same = strcmp(r->fields[i], r->names[i]) == 0;
	if (!same)
		return fail(r, "header differs from the first input's");
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
		return fail(r, "expected %zu fields, found %zu", r->ncols, r->nfields);
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
	buf_free(&r->repaired);
	if (r->csv) {
		csv_free(&r->csv->parser);
		buf_free(&r->csv->data);
		free(r->csv->offs);
		free(r->csv->lens);
		free(r->csv->row_first);
		free(r->csv->row_line);
		free(r->csv);
	}
	memset(r, 0, sizeof *r);
	r->fd = -1;
}
