/* tsv_csv.h: inside the reader (tsv.c), between its TSV part and its CSV part (tsv_csv.c). Not
 * for tools: they see tsv.h. */
#ifndef CC_TSV_CSV_H
#define CC_TSV_CSV_H

#include "tsv.h"

/* tsv.c's, for the CSV part */
int tsv_fail(struct tsv_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reads more bytes after r->end, growing the buffer when a line fills it.
 * Returns 1 when bytes were added, 0 at end of file, -1 on error. */
int tsv_fill(struct tsv_reader *r);
/* The encoding whose byte order mark starts s[0..n), when it is UTF-16 or UTF-32, else NULL. */
const char *tsv_wide_encoding(const char *s, size_t n);
int tsv_grow_fields(struct tsv_reader *r);
/* Makes the raw form of every field of the row from its value. Returns 0 or -1. */
int tsv_raw_from_fields(struct tsv_reader *r);

/* tsv_csv.c's */
/* Starts (or restarts, for the next input) the CSV parser. Returns 0 or -1 (out of memory). */
int csv_begin(struct tsv_reader *r);
/* Reads the next row of the current input: 1, 0 at its end, -1 on error. */
int csv_next_row(struct tsv_reader *r);
void csv_state_free(struct csv_state *c);

#endif
