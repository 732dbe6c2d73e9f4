/* Fuzz target: diff-sources in phases against one run. The input, made valid UTF-8 without NUL,
 * is read as lines of up to 12 TAB-separated fields (source, code, actor1, actor2, date,
 * time_utc, quantity, unit, duration, published, doc_id, condition), written as an events TSV,
 * and run twice: as one run (the TSV report) and as the phases of scripts/diff-sources-phases
 * (names, block keys, pairs, components, clusters), with a stable sort of the rows by their first
 * field as the shuffle and a sort of the whole lines as the last merge. The property: the two
 * outputs are the same bytes. Every phase also reads what the one before wrote, so each reader
 * of an intermediate format is fed. */
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
#include "phases.h"
#include "tsv.h"
#include "utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* A temporary file and the path a reader opens it by. */
struct file {
	FILE *f;
	char path[64];
};

static void file_new(struct file *t)
{
	t->f = tmpfile();
	if (!t->f)
		abort();
	snprintf(t->path, sizeof t->path, "/proc/self/fd/%d", fileno(t->f));
}

static void file_read(struct file *t, struct buf *out)
{
	buf_clear(out);
	if (fflush(t->f) != 0 || fseek(t->f, 0, SEEK_END) != 0)
		abort();
	long n = ftell(t->f);
	if (n < 0 || buf_reserve(out, (size_t)n + 1) < 0)
		abort();
	rewind(t->f);
	if (fread(out->p, 1, (size_t)n, t->f) != (size_t)n)
		abort();
	out->len = (size_t)n;
}

static void file_write(struct file *t, const struct buf *b)
{
	if (ftruncate(fileno(t->f), 0) != 0)
		abort();
	rewind(t->f);
	if ((b->len && fwrite(b->p, 1, b->len, t->f) != b->len) || fflush(t->f) != 0)
		abort();
}

/* Runs phase p over the file in (a names table if nm), its output into out. */
static void phase(enum phase p, struct file *in, const struct names *nm, struct file *out)
{
	if (ftruncate(fileno(out->f), 0) != 0)
		abort();
	out_init(fileno(out->f), false);
	int rc;
	if (p == PHASE_COMPONENTS) {
		char *files[1] = {in->path};
		struct tsv_opts opts = {0};
		rc = phases_components(1, files, &opts);
	} else {
		char *files[1] = {in->path};
		struct tsv_opts opts = {0};
		struct tsv_reader r;
		if (tsv_open(&r, 1, files, &opts) < 0)
			abort();
		rc = phases_run(p, &r, nm, false);
		tsv_close(&r);
	}
	if (rc != 0 || out_flush() != 0)
		abort();
	if (lseek(fileno(out->f), 0, SEEK_END) < 0)
		abort();
}

struct line {
	const char *s;
	size_t n, key; /* key: the length of the first field */
	size_t at;     /* input position: the sort is stable */
};

static int by_key(const void *a, const void *b)
{
	const struct line *x = a, *y = b;
	size_t n = x->key < y->key ? x->key : y->key;
	int c = memcmp(x->s, y->s, n);
	if (c == 0 && x->key != y->key)
		c = x->key < y->key ? -1 : 1;
	if (c == 0)
		c = x->at < y->at ? -1 : x->at > y->at;
	return c;
}

static int by_bytes(const void *a, const void *b)
{
	const struct line *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->s, y->s, n);
	return c ? c : x->n < y->n ? -1 : x->n > y->n;
}

/* The file's lines but the first sorted (by the first field, stably, or by all bytes), as
 * sort(1) under LC_ALL=C does it. */
static void sort_file(struct file *t, bool whole_line)
{
	struct buf text = {0}, sorted = {0};
	file_read(t, &text);
	struct line *v = NULL;
	size_t n = 0, cap = 0;
	size_t first = 0;
	const char *p = text.p ? text.p : "";
	const char *nl = memchr(p, '\n', text.len);
	first = nl ? (size_t)(nl - p) + 1 : text.len;
	for (size_t at = first; at < text.len;) {
		const char *e = memchr(p + at, '\n', text.len - at);
		size_t end = e ? (size_t)(e - p) : text.len;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			v = realloc(v, cap * sizeof *v);
			if (!v)
				abort();
		}
		const char *tab = memchr(p + at, '\t', end - at);
		v[n] = (struct line){p + at, end - at, tab ? (size_t)(tab - (p + at)) : end - at, n};
		n++;
		at = end + 1;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, whole_line ? by_bytes : by_key);
	buf_append(&sorted, p, first);
	for (size_t i = 0; i < n; i++) {
		buf_append(&sorted, v[i].s, v[i].n);
		buf_putc(&sorted, '\n');
	}
	file_write(t, &sorted);
	free(v);
	buf_free(&text);
	buf_free(&sorted);
}

static void one_run(struct file *events, struct file *out)
{
	char *files[1] = {events->path};
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
		abort();
	store_sort(&s);
	if (names_resolve(&s, false) < 0 || cluster_events(&s, &cl) < 0 || compare_clusters(&s, &cl) < 0)
		abort();
	out_init(fileno(out->f), false);
	if (report_tsv(&s, &cl, true) < 0 || out_flush() != 0)
		abort();
	clustering_free(&cl);
	store_free(&s);
	tsv_close(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text = {0}, tsv = {0}, one = {0}, two = {0};
	if (utf8_repair((const char *)data, size, &text) < 0)
		abort();
	make_tsv(text.p ? text.p : "", text.len, &tsv);
	struct file events, records, table, keys, paired, comps, rows, single;
	struct file *all[] = {&events, &records, &table, &keys, &paired, &comps, &rows, &single};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		file_new(all[i]);
	file_write(&events, &tsv);

	one_run(&events, &single);
	struct names nm = {0};
	phase(PHASE_EMIT_NAMES, &events, NULL, &records);
	phase(PHASE_RESOLVE_NAMES, &records, NULL, &table);
	if (phases_load_names(table.path, &nm) < 0)
		abort();
	phase(PHASE_EMIT_KEYS, &events, &nm, &keys);
	sort_file(&keys, false);
	phase(PHASE_PAIRS, &keys, &nm, &paired);
	phase(PHASE_COMPONENTS, &paired, NULL, &comps);
	sort_file(&comps, false);
	phase(PHASE_BY_COMPONENT, &comps, &nm, &rows);
	sort_file(&rows, true);

	file_read(&single, &one);
	file_read(&rows, &two);
	if (one.len != two.len || (one.len && memcmp(one.p, two.p, one.len) != 0))
		abort(); /* the phases must give the one run's TSV */
	names_free(&nm);
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		fclose(all[i]->f);
	buf_free(&text);
	buf_free(&tsv);
	buf_free(&one);
	buf_free(&two);
	return 0;
}
