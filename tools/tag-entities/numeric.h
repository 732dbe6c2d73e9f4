/* numeric.h: dates, times, durations, quantities, money and percentages, found by the pcre2
 * patterns of a data file (a lib/rx.h set) and normalised by numeric-value.c (ISO 8601 dates
 * resolved against the article's date, times with their zone's offset, PT1H45M, 150000,
 * USD 130, 75%). */
#ifndef TE_NUMERIC_H
#define TE_NUMERIC_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "mention.h"

struct numeric;

/* Reads and compiles the patterns (TSV "TYPE<TAB>gate<TAB>pattern", and "def" lines), and the
 * zone phrases of data/zones.tsv with the zones they name (from the system's tz database).
 * shipped: the file is data/tag-entities/numeric.tsv, whose patterns gated on digits start at
 * most 4 bytes before a number (they are searched from there only); a user's file is searched
 * in windows around the digits. Returns the set, or NULL with "file:line: message" in err. */
struct numeric *numeric_load(const char *path, bool shipped, char *err, size_t errsize);
void numeric_free(struct numeric *nu);

/* Appends the numeric mentions of text[0..len) to m, skipping any that overlaps a mention
 * already there. gs holds the sentence's folded tokens, for the patterns' gates; w is the
 * article's date. Returns 0, or -1 on a pcre2 failure other than no match or a limit, or out
 * of memory (message in err). */
struct gaz_sent;
int numeric_find(struct numeric *nu, const char *text, size_t len, const struct gaz_sent *gs,
		 const struct date *w, struct mentions *m, char *err, size_t errsize);

#endif
