/* data.h: where the tools find their data files (abbreviations, gazetteers, patterns, models). */
#ifndef CC_DATA_H
#define CC_DATA_H

#include <stddef.h>

/* Writes the path of data file name into out: $CROSSCHECK_DATA/name when that is set, else the
 * first that exists of <exe>/../../data/name (the source tree) and <exe>/../share/crosscheck/name
 * (an installed tree). Returns 0, or -1 when none exists (out holds the last path tried). */
int data_path(const char *name, char *out, size_t size);

/* Called for each entry of a line-per-entry data file: line[0..len) without its line end (LF or
 * CRLF), NUL-terminated and writable; lineno counts from 1. A nonzero return stops the reading
 * and is what data_lines() returns. */
typedef int (*data_line_fn)(void *ctx, char *line, size_t len, unsigned long lineno);
/* The one reader of line-per-entry data files: calls each() for every line of path that is not
 * empty and does not start with '#'. Returns 0 after the last line, each()'s nonzero return, or
 * -1 when path cannot be opened or read (err then holds "path: cannot open: reason"). */
int data_lines(const char *path, data_line_fn each, void *ctx, char *err, size_t errsize);
#endif
