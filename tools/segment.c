/* segment: split document rows into sentence rows. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "opts.h"
#include "out.h"
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
		"      --with-title       emit the title column as sentence 0\n"
		COMMON_HELP
		"\n"
		"Example:\n"
		"  ingest --manifest seeds/manifest.tsv | segment | cut -f1,7-10\n",
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

static int process(struct tsv_reader *r, const struct options *o)
{
	if (r->empty)
		return EXIT_OK;
	int text = tsv_require_column(r, o->text_column);
	if (text < 0)
		return EXIT_USAGE;
	for (size_t i = 0; i < r->ncols; i++) {
		if (i)
			out_char('\t');
		out_escaped(r->names[i], strlen(r->names[i]));
	}
	out_str("\tsent\tstart\tend\tpara");
	out_eol();
	out_flush();
	int k;
	while (!out_failed() && (k = tsv_next(r)) > 0) {
		/* TODO(segment): the real segmenter replaces this one-sentence-per-document pass */
		for (size_t i = 0; i < r->ncols; i++) {
			if (i)
				out_char('\t');
			out_escaped(r->fields[i], r->lens[i]);
		}
		out_str("\t1\t0\t");
		out_ulong(r->lens[text]);
		out_str("\t1");
		out_eol();
	}
	if (!out_failed() && k < 0) {
		msg("%s", r->err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
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
	int status = process(&r, &o);
	tsv_close(&r);
	switch (out_finish()) {
	case OUT_OK: return status;
	case OUT_CLOSED: return status == EXIT_FAIL ? EXIT_FAIL : EXIT_OK;
	default: return EXIT_FAIL;
	}
}
