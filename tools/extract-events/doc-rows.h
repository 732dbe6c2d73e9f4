/* The document's events as doc.c holds them, for doc-rows.c, which writes them out. Private
 * to the two files. */
#ifndef DOC_ROWS_H
#define DOC_ROWS_H
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "events.h"

#define MAX_EVIDENCE 16
enum { F_NAME1, F_ID1, F_CODE1, F_NAME2, F_ID2, F_CODE2, F_DATE, F_TIME, F_UTC, F_LOC, F_QTY,
       F_UNIT, F_DUR, F_COND, F_ATTR, NF };

struct doc_event {
	int cameo;
	size_t first_row, match_start;
	struct span f[NF];
	enum modality modality;
	int ordinal;
	size_t rows[MAX_EVIDENCE];
	size_t nrows;
};

struct doc {
	const struct lexicon *lex;
	struct doc_config cfg;
	char **names;
	size_t ncols;
	struct buf text;           /* the rows' fields and the events' strings */
	struct span *fields;       /* nfields per row */
	size_t nfields, capfields;
	size_t *row_first;         /* index in fields of each row's first field */
	size_t *row_saved;         /* where row_save() put each row in saved */
	struct buf saved;
	size_t nrows, caprows;
	struct doc_event *ev;
	size_t nev, capev;
	struct buf line;           /* evidence being joined */
	/* per CAMEO row, "\tQUAD\tGOLDSTEIN\t" once written (empty before): formatting the
	 * double each row was most of the row's snprintf */
	char (*quad_gs)[32];
};

/* The NUL-terminated string of span x of the document's text. */
static inline const char *doc_str(const struct doc *d, struct span x)
{
	return x.len ? d->text.p + x.off : "";
}
/* The event as a row of the input's columns and the event's, or of GDELT's columns (swap:
 * actor2 first, for the other direction of a symmetric consultation). */
void out_tsv_row(const struct doc *d, const struct doc_event *e);
void out_gdelt_row(const struct doc *d, const struct doc_event *e, bool swap);
#endif
