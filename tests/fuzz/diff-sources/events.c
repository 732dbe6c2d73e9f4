/* Fuzz target: diff-sources on a stream of events. The input, made valid UTF-8 without NUL, is
 * read as lines of up to 12 TAB-separated fields (source, code, actor1, actor2, date, time_utc,
 * quantity, unit, duration, published, doc_id, condition; missing ones empty), written as an
 * events TSV and run through the whole tool: resolution of names, clustering, comparison and the
 * three reports (to /dev/null). Properties checked, not only crashes: every event is in exactly
 * one cluster, a cluster never holds two events of one document, every row names an event of
 * its own cluster and a status that exists. The data file is loaded on the first run. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diff.h"
#include "events-tsv.h"
#include "out.h"
#include "tsv.h"
#include "utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	int fd = open("/dev/null", O_WRONLY);
	out_init(fd < 0 ? 1 : fd, false);
	return 0;
}


static void check(const struct store *s, const struct clustering *cl)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->ev[i].cluster < 0 || (size_t)s->ev[i].cluster >= cl->n)
			abort();
	size_t members = 0;
	for (size_t c = 0; c < cl->n; c++) {
		members += cl->c[c].n;
		for (size_t j = 0; j < cl->c[c].n; j++) {
			const struct event *e = &s->ev[cl->c[c].members[j]];
			if ((size_t)e->cluster != c)
				abort();
			for (size_t k = j + 1; k < cl->c[c].n; k++)
				if (s->ev[cl->c[c].members[k]].doc == e->doc)
					abort();
		}
	}
	if (members != s->n)
		abort();
	for (size_t r = 0; r < cl->nrows; r++)
		if ((size_t)s->ev[cl->rows[r].event].cluster != (size_t)cl->rows[r].cluster ||
		    cl->rows[r].status >= NSTATUS || cl->rows[r].attr >= NATTR)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text = {0}, tsv = {0};
	if (utf8_repair((const char *)data, size, &text) < 0)
		abort();
	make_tsv(text.p ? text.p : "", text.len, &tsv);
	FILE *f = tmpfile();
	if (!f || fwrite(tsv.p, 1, tsv.len, f) != tsv.len || fflush(f) != 0)
		abort();
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fileno(f));
	char *files[1] = {path};
	struct tsv_opts opts = {0};
	struct tsv_reader r;
	struct store s;
	struct clustering cl = {0};
	int cols[32];
	if (tsv_open(&r, 1, files, &opts) < 0 || store_init(&s) < 0 || store_columns(&r, cols) < 0)
		abort();
	int rc;
	while ((rc = tsv_next(&r)) == 1)
		if (store_add(&s, &r, cols) < 0)
			abort();
	if (rc < 0)
		abort(); /* the rows are made well-formed above */
	store_sort(&s);
	if (names_resolve(&s, false) < 0 || cluster_events(&s, &cl) < 0 || compare_clusters(&s, &cl) < 0)
		abort();
	check(&s, &cl);
	if (report_tsv(&s, &cl, true) < 0 || report_text(&s, &cl) < 0 || report_html(&s, &cl) < 0 ||
	    report_coverage(&s, &cl, FORMAT_TEXT) < 0)
		abort();
	out_flush();
	clustering_free(&cl);
	store_free(&s);
	tsv_close(&r);
	fclose(f);
	buf_free(&text);
	buf_free(&tsv);
	return 0;
}
