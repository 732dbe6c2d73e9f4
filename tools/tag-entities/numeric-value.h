/* numeric-value.h: the normalised value of a numeric match, read from the named groups of its
 * pattern: an ISO 8601 date resolved against the article's date (2022-02-20, XXXX-WXX-7), a
 * time with its zone's offset on that date (T23:00+01:00), a duration (PT1H45M, P3D), an
 * amount (150000, USD 130, 75%). */
#ifndef TE_NUMERIC_VALUE_H
#define TE_NUMERIC_VALUE_H

#include <stddef.h>

#include "buf.h"
#include "date.h"
#include "mention.h"
#include "rx.h"

/* A match of pattern index of set rx, found on text, that rx_match() has just read. */
struct numeric_match {
	struct rx_set *rx;
	size_t index;
	int type;          /* enum mention_type, MT_DATE and after */
	const char *text;
	size_t start;      /* where the match starts in text */
};

/* Writes the value of m into out (cleared first); zones names the zones of TIME's zone group.
 * Returns 0, or -1 when the match has no value (a month 13, a money amount without currency):
 * it is then no mention. */
int numeric_value(const struct numeric_match *m, const struct date *w, const struct date_zones *zones,
		  struct buf *out);

#endif
