#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "row.h"

int row_writer_init(struct row_writer *w, const struct tsv_reader *r)
{
	memset(w, 0, sizeof *w);
	w->r = r;
	size_t ncols = r ? r->ncols : 0;
	/* room for every input column and every own one */
	w->items = malloc((ncols + ROW_MAX_OWN) * sizeof *w->items);
	if (!w->items)
		return -1;
	for (size_t i = 0; i < ncols; i++)
		w->items[i] = (int)i;
	w->nitems = ncols;
	return 0;
}

void row_writer_free(struct row_writer *w)
{
	free(w->items);
	buf_free(&w->pieces);
	memset(w, 0, sizeof *w);
}

static size_t find_item(const struct row_writer *w, int item)
{
	for (size_t j = 0; j < w->nitems; j++)
		if (w->items[j] == item)
			return j;
	return w->nitems;
}

void row_drop(struct row_writer *w, size_t col)
{
	size_t j = find_item(w, (int)col);
	if (j == w->nitems)
		return;
	memmove(w->items + j, w->items + j + 1, (w->nitems - j - 1) * sizeof *w->items);
	w->nitems--;
}

/* Own columns are numbered in output order, so that the tool writes own value k as the k-th;
 * adding one renumbers those after it. */
static void renumber(struct row_writer *w)
{
	const char *names[ROW_MAX_OWN];
	memcpy(names, w->own_names, sizeof names);
	size_t k = 0;
	for (size_t j = 0; j < w->nitems; j++)
		if (w->items[j] < 0) {
			w->own_names[k] = names[~w->items[j]];
			w->items[j] = ~(int)k++;
		}
}

static int add_own(struct row_writer *w, size_t at, const char *name, bool insert)
{
	if (w->nown == ROW_MAX_OWN)
		return -1;
	size_t k = w->nown++;
	w->own_names[k] = name;
	if (insert) {
		memmove(w->items + at + 1, w->items + at, (w->nitems - at) * sizeof *w->items);
		w->nitems++;
	}
	w->items[at] = ~(int)k;
	renumber(w);
	return 0;
}

int row_replace(struct row_writer *w, size_t col)
{
	size_t j = find_item(w, (int)col);
	if (j == w->nitems)
		return -1;
	return add_own(w, j, w->r->names[col], false);
}

int row_prepend(struct row_writer *w, const char *name)
{
	return add_own(w, 0, name, true);
}

int row_append(struct row_writer *w, const char *name)
{
	return add_own(w, w->nitems, name, true);
}

void row_header(const struct row_writer *w)
{
	for (size_t j = 0; j < w->nitems; j++) {
		if (j)
			out_char('\t');
		int it = w->items[j];
		const char *name = it >= 0 ? w->r->names[it] : w->own_names[~it];
		out_escaped(name, strlen(name));
	}
	out_eol();
	out_flush();
}

int row_take(struct row_writer *w)
{
	const struct tsv_reader *r = w->r;
	size_t need = w->nitems;
	for (size_t j = 0; j < w->nitems; j++)
		if (w->items[j] >= 0)
			need += r->raw_lens[w->items[j]];
	buf_clear(&w->pieces);
	if (buf_reserve(&w->pieces, need) < 0)
		return -1;
	char *p = w->pieces.p, *o = p;
	size_t k = 0;
	for (size_t j = 0; j < w->nitems; j++) {
		if (j)
			*o++ = '\t';
		int it = w->items[j];
		if (it < 0) {
			w->ends[k++] = (size_t)(o - p);
			continue;
		}
		memcpy(o, r->raw[it], r->raw_lens[it]);
		o += r->raw_lens[it];
	}
	w->ends[k] = (size_t)(o - p);
	w->pieces.len = (size_t)(o - p);
	return 0;
}

int row_save(const struct row_writer *w, struct buf *b)
{
	if (buf_append(b, w->ends, (w->nown + 1) * sizeof *w->ends) < 0 ||
	    buf_append(b, w->pieces.p ? w->pieces.p : "", w->pieces.len) < 0)
		return -1;
	return 0;
}

void row_begin(struct row_writer *w)
{
	w->cur = w->pieces.p ? w->pieces.p : "";
	w->cur_ends = w->ends;
	w->next = 0;
	out_bytes(w->cur, w->ends[0]);
}

void row_begin_saved(struct row_writer *w, const char *saved)
{
	size_t n = (w->nown + 1) * sizeof *w->saved_ends;
	memcpy(w->saved_ends, saved, n);
	w->cur = saved + n;
	w->cur_ends = w->saved_ends;
	w->next = 0;
	out_bytes(w->cur, w->saved_ends[0]);
}
