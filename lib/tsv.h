/* tsv.h: the record reader of the stream format (DESIGN.md), and CSV input through libcsv.
 *
 * A reader walks one or more inputs ("-" is standard input) as one stream: the first line of each
 * is a header; later headers must equal the first and are dropped. Lines may be of any length up
 * to max_field bytes; CRLF line ends and a leading BOM are accepted and dropped; fields are
 * unescaped (\t \n \r \\) and NUL-terminated, and each keeps its raw form, the bytes that writing
 * it gives, so that a copied column goes out as it came (row.h): for TSV the bytes read (made anew
 * only when they are not what escaping the value gives: a lone backslash, a CR), for CSV the
 * value escaped once. Invalid UTF-8 and NUL bytes are replaced
 * by U+FFFD and counted (or are an error when strict). A row with the wrong number of fields is an
 * error. Errors are returned, with a message "file:line: what" in r->err; nothing here exits.
 *
 * CSV (RFC 4180, strict, through libcsv) is read the same way, whatever sizes the reads return:
 * a record may span lines inside quotes and is at most max_field bytes (refused at its first byte
 * past that, so memory stays bounded); line numbers are physical lines, newlines inside quotes
 * counted: a row's is the line where its record starts, a bad quote's the line where it is, an
 * unclosed quote's (at the end of the input) the line where it opened. The rows before an error
 * are returned before it. */
#ifndef CC_TSV_H
#define CC_TSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"

#define TSV_DEFAULT_MAX_FIELD ((size_t)64 << 20)

struct tsv_opts {
	bool csv;         /* RFC 4180 CSV input instead of TSV */
	bool strict;      /* invalid UTF-8 or NUL is an error, not replaced */
	bool progress;    /* rows, MB and MB/s on stderr about once a second */
	size_t max_field; /* longest line (CSV: record) accepted (0: TSV_DEFAULT_MAX_FIELD) */
};

struct csv_state;

struct tsv_reader {
	struct tsv_opts opts;
	char **files;
	int nfiles, file_index;
	const char *name; /* current input, "<stdin>" for standard input */
	int fd;
	unsigned long long lineno; /* line of the current row (or error) in its input, 1 = header */

	char *buf; /* read buffer: [start, end) is unread */
	size_t cap, start, end;
	bool at_eof;
	bool at_file_start;

	char *header_line; /* owned copy of the header; names point into it */
	char **names;
	size_t ncols;
	bool empty; /* the input had no header at all */

	char **fields; /* the current row, NUL-terminated and unescaped */
	size_t *lens;
	const char **raw; /* the same fields escaped, as an output row has them (not NUL-terminated) */
	size_t *raw_lens;
	size_t nfields, fields_cap;
	struct buf unescaped, escaped; /* values and raw forms that differ from the bytes read */
	bool *value_only; /* per column (tsv_value_only): unescaped in place, no raw form */

	struct buf repaired;          /* a line whose invalid UTF-8 was replaced */
	unsigned long long replaced;  /* U+FFFD replacements so far */
	unsigned long long rows;      /* data rows returned so far */
	unsigned long long bytes;     /* input bytes consumed so far */
	double started, last_report;  /* for --progress */

	struct csv_state *csv;
	char err[512];
};

/* Opens the inputs (nfiles == 0 means standard input) and reads the first header.
 * Returns 0, or -1 with r->err set (cannot open, bad header). An input with no bytes at all
 * sets r->empty and is not an error. */
int tsv_open(struct tsv_reader *r, int nfiles, char **files, const struct tsv_opts *opts);

/* Reads the next data row into r->fields/r->lens/r->nfields.
 * Returns 1 for a row, 0 at the end of all inputs, -1 on error (r->err says "file:line: ..."). The
 * fields, and their raw forms, stay valid until the next call. */
int tsv_next(struct tsv_reader *r);

/* Column col is read for its value alone and never written out as it came (a tool replaces
 * or drops it): its value is unescaped in place, without a copy, and it has no raw form
 * (raw[col] is NULL). segment's text is such a column: copying it for a raw form it never
 * writes cost 10% of segment's time. Returns 0 or -1 (out of memory). */
int tsv_value_only(struct tsv_reader *r, size_t col);

/* Index of the column named name, or -1. */
int tsv_column(const struct tsv_reader *r, const char *name);

/* Resolves a column the tool needs; on failure prints "progname: no column 'x' in input
 * (columns: a, b, c)" and returns -1 (the tool exits with EXIT_USAGE). */
int tsv_require_column(const struct tsv_reader *r, const char *name);

/* Prints the warning about replaced invalid UTF-8, if any, and frees the reader. */
void tsv_close(struct tsv_reader *r);

/* Unescapes \t \n \r \\ in s[0..n) in place; returns the new length (other backslashes stay). */
size_t tsv_unescape(char *s, size_t n);

#endif
