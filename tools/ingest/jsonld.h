/* jsonld.h: what ingest takes from a page's JSON-LD (jsonld.c). */
#ifndef INGEST_JSONLD_H
#define INGEST_JSONLD_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* The first "headline" and "datePublished" strings, and the names of the first "author" (a
 * string, an object's "name", or an array of either, joined with ", "), anywhere in the
 * scripts (@graph, arrays and nesting included). */
struct jsonld {
	struct buf headline, published, author;
	bool oom;
};

/* Scans one script's text (more scripts: one call each; the first value found wins). Linear in
 * len; any byte sequence is safe. */
void jsonld_scan(struct jsonld *j, const char *s, size_t len);

void jsonld_free(struct jsonld *j);

#endif
