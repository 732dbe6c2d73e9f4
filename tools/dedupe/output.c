/* output.c: dedupe's output rows, the same for one run and for the merge of a run in phases. */
#include <stdio.h>
#include <string.h>

#include "dedupe.h"
#include "out.h"

int result_layout(struct row_writer *w, const struct tsv_reader *r, bool mark, bool clusters)
{
	if (clusters) {
		for (size_t i = 0; i < r->ncols; i++)
			row_drop(w, i);
		return row_append(w, "cluster") < 0 || row_append(w, "id") < 0 ? -1 : 0;
	}
	if (!mark)
		return 0;
	for (size_t i = 0; i < r->ncols; i++)
		if (!strcmp(r->names[i], "dup_of") || !strcmp(r->names[i], "similarity"))
			row_drop(w, i);
	return row_append(w, "dup_of") < 0 || row_append(w, "similarity") < 0 ? -1 : 0;
}

static void write_similarity(double sim)
{
	char s[16];
	int n = snprintf(s, sizeof s, "%.3f", sim);
	out_bytes(s, (size_t)n);
}

void result_write(struct row_writer *w, bool mark, bool clusters, const char *saved, const char *id, size_t idlen,
		  const struct match *m)
{
	if (m->dup && !mark && !clusters)
		return;
	if (saved)
		row_begin_saved(w, saved);
	else
		row_begin(w);
	if (clusters) {
		if (m->dup)
			out_escaped(m->id.p, m->id.len);
		else
			out_escaped(id, idlen);
		row_next(w);
		out_escaped(id, idlen);
		row_next(w);
	} else if (mark) {
		if (m->dup)
			out_escaped(m->id.p, m->id.len);
		row_next(w);
		if (m->dup)
			write_similarity(m->sim);
		row_next(w);
	}
	row_end();
}
