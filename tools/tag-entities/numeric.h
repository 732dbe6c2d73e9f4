/* numeric.h: dates, times, durations, quantities, money and percentages, found by pcre2
 * patterns read from a data file and normalised here (ISO 8601 dates resolved against the
 * article's date, PT1H45M, 150000, USD 130, 75%). */
#ifndef TE_NUMERIC_H
#define TE_NUMERIC_H

#include <stddef.h>

#include "mention.h"

struct numeric;

/* Reads and compiles the patterns (TSV "type gate pattern"). Returns the set, or NULL with
 * "file:line: message" in err. */
struct numeric *numeric_load(const char *path, char *err, size_t errsize);
void numeric_free(struct numeric *nu);

/* Appends the numeric mentions of text[0..len) to m, skipping any that overlaps a mention
 * already there. gs holds the sentence's folded tokens, for the patterns' gates. Returns 0, or -1 on a pcre2 failure other than no match (message in err). */
struct gaz_sent;
int numeric_find(struct numeric *nu, const char *text, size_t len, const struct gaz_sent *gs,
		 const struct when *w, struct mentions *m, char *err, size_t errsize);

#endif
