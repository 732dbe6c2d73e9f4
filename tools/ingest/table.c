/* CSV and TSV input: one document a row, through the stream format's reader (lib/tsv.h). */
#include <string.h>

#include "err.h"
#include "out.h"
#include "ingest.h"
#include "tsv.h"

/* Points b at field col of the row (or makes it empty): the row outlives the call to emit_doc. */
static void borrow(struct buf *b, const struct tsv_reader *r, int col)
{
	b->p = col >= 0 ? r->fields[col] : NULL;
	b->len = col >= 0 ? r->lens[col] : 0;
	b->cap = 0;
}

int read_table(const struct options *o, struct input *in, const char *path, bool csv)
{
	struct tsv_reader r;
	struct tsv_opts topts = o->common.in;
	topts.csv = csv;
	topts.progress = false;
	if (!topts.max_field)
		topts.max_field = o->max_doc;
	char *files[] = {(char *)path};
	int rc = 0;
	if (tsv_open(&r, 1, files, &topts) < 0) {
		/* the reader names the file itself: "cannot open 'x'", "x: line 1: ..." */
		msg("%s", r.err);
		in->failed = true;
		tsv_close(&r);
		return -1;
	}
	if (r.empty)
		goto done;
	int text = tsv_column(&r, o->text_column);
	if (text < 0) {
		struct buf list = {0};
		for (size_t j = 0; j < r.ncols; j++) {
			if (j)
				buf_append(&list, ", ", 2);
			buf_append(&list, r.names[j], strlen(r.names[j]));
		}
		input_error(in, "no column '%s' (columns: %s)", o->text_column, list.p ? list.p : "");
		buf_free(&list);
		rc = -1;
		goto done;
	}
	/* documents are written anew from their values: no column is copied as it came */
	for (size_t j = 0; j < r.ncols; j++)
		if (tsv_value_only(&r, j) < 0) {
			input_error(in, "out of memory");
			rc = -1;
			goto done;
		}
	int doc_id = tsv_column(&r, "doc_id"), source = tsv_column(&r, "source");
	int published = tsv_column(&r, "published"), url = tsv_column(&r, "url");
	int title = tsv_column(&r, "title"), author = tsv_column(&r, "author");
	struct doc d;
	int k = 0;
	while (!out_failed() && (k = tsv_next(&r)) > 0) {
		borrow(&d.doc_id, &r, doc_id);
		borrow(&d.source, &r, source);
		borrow(&d.published, &r, published);
		borrow(&d.url, &r, url);
		borrow(&d.title, &r, title);
		borrow(&d.text, &r, text);
		borrow(&d.author, &r, author);
		if (emit_doc(o, in, &d) < 0)
			rc = -1; /* --strict: this row is left out, the others go on */
	}
	if (k < 0) {
		msg("%s", r.err); /* "name:line: ..." */
		in->failed = true;
		rc = -1;
	}
done:
	progress_add_bytes(r.bytes);
	in->replaced += r.replaced; /* reported once for the input, not by tsv_close */
	r.replaced = 0;
	tsv_close(&r);
	return rc;
}
