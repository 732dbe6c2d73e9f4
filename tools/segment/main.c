/* segment: split document rows into sentence rows.
 *
 * One pass over each document's text finds two kinds of boundary: line ends that end a line on
 * purpose (lines.c), and punctuation and header lines that end a sentence (rules.c). The word
 * lists live in data/segment/ and are loaded once (words.c). docs/segment.md states the rules. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "opts.h"
#include "out.h"
#include "row.h"
#include "segment.h"
#include "tsv.h"

struct options {
	struct common_opts common;
	const char *text_column;
	bool with_title;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTIONS] [FILE...]\n"
		"Split the text of each document row into sentence rows: sent, start, end, para are\n"
		"appended, text becomes the sentence, and every other column is copied.\n"
		"\n"
		"  -t, --text-column NAME  the column to split (default: text)\n"
		"      --with-title        emit the title column as sentence 0\n"
		COMMON_HELP
		"\n"
		"Example:\n"
		"  ingest --manifest seeds/manifest.tsv | segment --with-title | cut -f1,6-\n",
		progname);
}

static int parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_WITH_TITLE = OPT_TOOL_FIRST };
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{"text-column", required_argument, NULL, 't'},
		{"with-title", no_argument, NULL, OPT_WITH_TITLE},
		{NULL, 0, NULL, 0},
	};
	o->text_column = "text";
	int c;
	while ((c = getopt_long(argc, argv, "ht:", longopts, NULL)) != -1) {
		switch (common_option(c, optarg, &o->common, usage)) {
		case COMMON_HANDLED: continue;
		case COMMON_EXIT_OK: exit(EXIT_OK);
		case COMMON_EXIT_FAIL: exit(EXIT_FAIL);
		case COMMON_BAD: exit(EXIT_USAGE);
		case COMMON_UNKNOWN: break;
		}
		switch (c) {
		case 't': o->text_column = optarg; break;
		case OPT_WITH_TITLE: o->with_title = true; break;
		default: usage_hint(); exit(EXIT_USAGE);
		}
	}
	return optind;
}

/* An output row: the document's columns as they came, the sentence in place of its text, then
 * sent, start, end and para. */
static void write_sentence(struct row_writer *w, const char *s, size_t len, unsigned long sent,
			   size_t start, size_t end, unsigned long para)
{
	row_begin(w);
	out_escaped(s, len);
	row_next(w);
	out_ulong(sent);
	row_next(w);
	out_ulong(start);
	row_next(w);
	out_ulong(end);
	row_next(w);
	out_ulong(para);
	row_next(w);
	row_end();
}

static void on_sentence(void *ctx, struct doc *d, size_t a, size_t b)
{
	write_sentence(ctx, (const char *)d->s + a, b - a, d->sent, a, b, d->para);
}

static int process(struct tsv_reader *r, const struct options *o)
{
	if (r->empty)
		return EXIT_OK;
	int text = tsv_require_column(r, o->text_column);
	if (text < 0)
		return EXIT_USAGE;
	int title = -1;
	if (o->with_title && (title = tsv_require_column(r, "title")) < 0)
		return EXIT_USAGE;
	struct row_writer w;
	/* the text goes out as sentences of its own, never as it came: no raw form to keep */
	if (tsv_value_only(r, (size_t)text) < 0 || row_writer_init(&w, r) < 0 ||
	    row_replace(&w, (size_t)text) < 0 || row_append(&w, "sent") < 0 ||
	    row_append(&w, "start") < 0 || row_append(&w, "end") < 0 || row_append(&w, "para") < 0) {
		msg("out of memory");
		row_writer_free(&w);
		return EXIT_FAIL;
	}
	row_header(&w);
	segment_init();
	int k = 0, status = EXIT_OK;
	while (!out_failed() && (k = tsv_next(r)) > 0) {
		if (row_take(&w) < 0) {
			msg_at(r->name, r->lineno, "out of memory");
			status = EXIT_FAIL;
			break;
		}
		if (title >= 0 && r->lens[title] > 0)
			write_sentence(&w, r->fields[title], r->lens[title], 0, 0, r->lens[title], 0);
		struct doc d = {
			.s = (const unsigned char *)r->fields[text],
			.n = r->lens[text],
			.sentence = on_sentence,
			.ctx = &w,
			.mode = WRAP_NONE,
			.new_para = true,
			.lower_style = -1,
		};
		segment_text(&d);
	}
	if (status == EXIT_OK && !out_failed() && k < 0) {
		msg("%s", r->err);
		status = EXIT_FAIL;
	}
	row_writer_free(&w);
	return status;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	msg_init(argv[0]);
	argv[0] = (char *)progname; /* getopt's messages name the tool, not its path */
	int first = parse_args(argc, argv, &o);
	struct tsv_reader r;
	out_init(1, o.common.line_buffered);
	if (tsv_open(&r, argc - first, argv + first, &o.common.in) < 0) {
		msg("%s", r.err);
		return EXIT_FAIL;
	}
	if (load_lists() < 0) {
		tsv_close(&r);
		return EXIT_FAIL;
	}
	int status = process(&r, &o);
	tsv_close(&r);
	return out_exit_status(status);
}
