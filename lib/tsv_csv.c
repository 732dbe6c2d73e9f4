/* tsv_csv.c: the reader's CSV input (RFC 4180, strict, through libcsv); tsv.h says what it
 * guarantees. */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "tsv_csv.h"

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
		tsv_fail(r, "%s", what);
	else if (r->names && field < r->ncols)
		tsv_fail(r, "column '%s': %s", r->names[field], what);
	else
		tsv_fail(r, "field %zu: %s", field + 1, what);
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
				k = tsv_fill(r);
			if (k < 0) {
				c->failed = true;
				c->fail_line = c->line;
				return;
			}
			const char *wide = r->at_file_start ? tsv_wide_encoding(r->buf + r->start, r->end - r->start) : NULL;
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

int csv_next_row(struct tsv_reader *r)
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
		if (r->nfields == r->fields_cap && tsv_grow_fields(r) < 0)
			return tsv_fail(r, "out of memory");
		r->fields[r->nfields] = c->data.p + c->offs[i];
		r->lens[r->nfields] = c->lens[i];
		r->nfields++;
	}
	if (tsv_raw_from_fields(r) < 0)
		return tsv_fail(r, "out of memory");
	return 1;
}

int csv_begin(struct tsv_reader *r)
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

void csv_state_free(struct csv_state *c)
{
	if (!c)
		return;
	csv_free(&c->parser);
	buf_free(&c->data);
	free(c->offs);
	free(c->lens);
	free(c->row_first);
	free(c->row_line);
	free(c);
}
