/* row.h: the one writer of output rows (docs/contract.md). An output row is the input's columns
 * copied, in their order, some dropped, some with the tool's own value in their place (their name
 * kept), and the tool's own columns before or after them. A copied column goes out as it came,
 * its raw bytes (tsv.h), never unescaped and escaped again; an own value is escaped by
 * out_escaped(), the one escape of the stream format.
 *
 * A writer is set up once from the reader's header: row_writer_init(), then row_drop(),
 * row_replace(), row_prepend() and row_append(), then row_header(). For each input row the tool
 * calls row_take(), then writes any number of output rows from it:
 *
 *	row_begin(w);                      the columns before the first own one
 *	out_escaped(value, n); row_next(w); each own value, in output order, then row_next()
 *	row_end(w);                        the line end
 *
 * A tool that reads no rows (ingest) has a writer of own columns alone (reader NULL). */
#ifndef CC_ROW_H
#define CC_ROW_H

#include <stddef.h>

#include "buf.h"
#include "out.h"
#include "tsv.h"

#define ROW_MAX_OWN 16 /* own columns of one writer */

struct row_writer {
	const struct tsv_reader *r; /* NULL: no input columns */
	int *items;                 /* output columns in order: an input column, or ~k for own k */
	size_t nitems;
	const char *own_names[ROW_MAX_OWN];
	size_t nown;
	struct buf pieces;              /* the taken row's bytes between own values */
	size_t ends[ROW_MAX_OWN + 1];   /* piece k of the taken row ends at ends[k] */
	const char *cur;                /* the pieces written: the taken row's or a saved one's */
	const size_t *cur_ends;
	size_t saved_ends[ROW_MAX_OWN + 1];
	size_t next;                    /* the own value written next */
};

/* Starts a writer that copies every column of r (NULL: none). Returns 0 or -1 (out of memory). */
int row_writer_init(struct row_writer *w, const struct tsv_reader *r);
void row_writer_free(struct row_writer *w);

/* Input column col is not written. */
void row_drop(struct row_writer *w, size_t col);
/* Input column col is written by the tool, in its place and under its name: an own value. */
int row_replace(struct row_writer *w, size_t col);
/* An own column named name first, or last. Return 0, or -1 past ROW_MAX_OWN own columns. */
int row_prepend(struct row_writer *w, const char *name);
int row_append(struct row_writer *w, const char *name);

/* Writes the header line and flushes it, so that a reader downstream sees the columns at once. */
void row_header(const struct row_writer *w);

/* Takes the reader's current row: its copied columns, as they came, between the own values.
 * Returns 0 or -1 (out of memory). */
int row_take(struct row_writer *w);

/* Appends the taken row to b, for writing later (row_begin_saved): dedupe decides a batch of rows
 * before it writes them. Returns 0 or -1 (out of memory). */
int row_save(const struct row_writer *w, struct buf *b);

/* Writes the start of an output row, up to its first own value: of the taken row, or of a row
 * that row_save() put at saved. */
void row_begin(struct row_writer *w);
void row_begin_saved(struct row_writer *w, const char *saved);

/* After each own value: writes what follows it, up to the next own value or the row's end. */
static inline void row_next(struct row_writer *w)
{
	size_t k = w->next++, n = w->cur_ends[k + 1] - w->cur_ends[k];
	/* most pieces between own values are a lone TAB: no memcpy call for those */
	if (n == 1)
		out_char(w->cur[w->cur_ends[k]]);
	else
		out_bytes(w->cur + w->cur_ends[k], n);
}

/* Ends the output row. */
static inline void row_end(void)
{
	out_eol();
}

#endif
