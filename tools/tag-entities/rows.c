/* rows.c: tag-entities' main program: each sentence row gets its mentions, as an entities
 * column or as one row each (--mentions). sentence.c finds them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "err.h"
#include "modes.h"
#include "out.h"
#include "row.h"
#include "tsv.h"

/* The output columns: the input's, then the entities column or the mention columns. */
static int writer_init(struct row_writer *w, const struct tsv_reader *r, const struct options *o)
{
	static const char *const mention_cols[] = {"type", "surface", "start", "end", "canonical", "entity_id"};
	if (row_writer_init(w, r) < 0)
		return -1;
	if (!o->mentions)
		return row_append(w, "entities");
	for (size_t i = 0; i < sizeof mention_cols / sizeof *mention_cols; i++)
		if (row_append(w, mention_cols[i]) < 0)
			return -1;
	return 0;
}

/* The day a row was published, from the ISO 8601 date that starts its published field; all
 * zero (no reference date) when it has no day: "2022", "2022-02" and non-dates resolve nothing. */
static struct date parse_published(const char *s, size_t n)
{
	struct date d = {0};
	if (!date_parse_iso(s, n, &d) || !d.month || !d.day)
		return (struct date){0};
	return d;
}

/* The rows of the mentions of a piece of the text that starts at byte base of it (--mentions). */
static void out_mention_rows(struct row_writer *w, const char *piece, size_t base,
			     const struct mentions *m)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct mention *x = &m->v[i];
		row_begin(w);
		out_str(mention_type_names[x->type]);
		row_next(w);
		out_escaped(piece + x->start, x->end - x->start);
		row_next(w);
		out_ulong(base + x->start);
		row_next(w);
		out_ulong(base + x->end);
		row_next(w);
		out_escaped(m->text.p + x->canon, x->canon_len);
		row_next(w);
		if (x->id_len)
			out_escaped(m->text.p + x->id, x->id_len);
		row_next(w);
		row_end();
	}
}

/* Tags one row's text, a window at a time when it is longer than TAG_WINDOW. */
static int tag_row(const struct tsv_reader *r, struct row_writer *rw, const struct options *o,
		   struct tagger_state *st, const char *s, size_t len, const struct date *w)
{
	/* a window's part of the entities column, reused: the column goes out a window at a
	 * time, so that a huge row's is never held whole */
	static struct buf column;
	if (len > TAG_WINDOW)
		msg_at(r->name, r->lineno, "warning: a text of %zu bytes is tagged in windows of %zu KB "
		       "(names and numbers across their edges are missed)", len, TAG_WINDOW >> 10);
	if (row_take(rw) < 0) {
		msg_at(r->name, r->lineno, "out of memory");
		return -1;
	}
	if (!o->mentions)
		row_begin(rw);
	size_t at = 0;
	bool written = false;
	do {
		size_t end = sentence_window(s, len, at, TAG_WINDOW);
		if (sentence_tag(st, s + at, end - at, w) < 0) {
			msg_at(r->name, r->lineno, "%s", st->err);
			return -1;
		}
		if (o->mentions) {
			out_mention_rows(rw, s + at, at, &st->m);
		} else {
			buf_clear(&column);
			if (mentions_format(&st->m, s + at, at, &column) < 0) {
				msg_at(r->name, r->lineno, "out of memory");
				return -1;
			}
			if (written && column.len)
				out_char(';');
			out_escaped(column.p, column.len);
			written |= column.len > 0;
		}
		at = end;
	} while (at < len && !out_failed());
	if (!o->mentions) {
		row_next(rw);
		row_end();
	}
	return 0;
}

static int process(struct tsv_reader *r, const struct options *o, struct tagger_state *st,
		   int text, int published, int doc)
{
	struct row_writer rw;
	if (writer_init(&rw, r, o) < 0) {
		row_writer_free(&rw);
		msg("out of memory");
		return EXIT_FAIL;
	}
	row_header(&rw);
	struct buf last_doc = {0};
	int status = EXIT_OK, k = 0;
	while (status == EXIT_OK && !out_failed() && (k = tsv_next(r)) > 0) {
		if (doc < 0 || last_doc.len != r->lens[doc] || !last_doc.p ||
		    memcmp(last_doc.p, r->fields[doc], r->lens[doc])) {
			sentence_new_doc(st);
			buf_clear(&last_doc);
			if (doc >= 0 && buf_append(&last_doc, r->fields[doc], r->lens[doc]) < 0) {
				msg("out of memory");
				status = EXIT_FAIL;
				break;
			}
		}
		struct date w = published >= 0 ? parse_published(r->fields[published], r->lens[published])
					       : (struct date){0};
		if (tag_row(r, &rw, o, st, r->fields[text], r->lens[text], &w) < 0)
			status = EXIT_FAIL;
	}
	if (status == EXIT_OK && !out_failed() && k < 0) {
		msg("%s", r->err);
		status = EXIT_FAIL;
	}
	buf_free(&last_doc);
	row_writer_free(&rw);
	return status;
}

/* The columns tag-entities reads: the text, and the published and document columns when the
 * input has them (or must, when the user named them). Returns 0, or -1 with the message
 * printed (a usage error). */
static int find_columns(const struct tsv_reader *r, const struct options *o, int *text,
			int *published, int *doc)
{
	if ((*text = tsv_require_column(r, o->text_column)) < 0)
		return -1;
	*published = o->published_given ? tsv_require_column(r, o->published_column)
					: tsv_column(r, o->published_column);
	if (*published < 0 && o->published_given)
		return -1;
	*doc = o->doc_given ? tsv_require_column(r, o->doc_column) : tsv_column(r, o->doc_column);
	if (*doc < 0 && o->doc_given)
		return -1;
	return 0;
}

int tag_rows(const struct options *o, int nfiles, char **files)
{
	static struct tagger_state st;
	struct tsv_reader r;
	out_init(1, o->common.line_buffered);
	if (tsv_open(&r, nfiles, files, &o->common.in) < 0) {
		msg("%s", r.err);
		return EXIT_FAIL;
	}
	int status, text, published, doc;
	if (r.empty)
		status = EXIT_OK;
	else if (find_columns(&r, o, &text, &published, &doc) < 0)
		status = EXIT_USAGE;
	else if (sentence_load(&st, &o->tag, true) < 0 || sentence_load_patterns(&st, &o->tag) < 0)
		status = EXIT_FAIL;
	else
		status = process(&r, o, &st, text, published, doc);
	tsv_close(&r);
	sentence_free(&st);
	return out_exit_status(status);
}
