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

void emit(struct doc *d, const struct row_parts *rp, size_t a, size_t b)
{
	trim_space(d->s, &a, &b);
	if (a == b)
		return;
	if (d->new_para) {
		d->para++;
		d->new_para = false;
	}
	out_bytes(rp->before.p, rp->before.len);
	out_escaped((const char *)d->s + a, b - a);
	out_bytes(rp->after.p, rp->after.len);
	out_char('\t');
	out_ulong(++d->sent);
	out_char('\t');
	out_ulong(a);
	out_char('\t');
	out_ulong(b);
	out_char('\t');
	out_ulong(d->para);
	out_eol();
}

/* Writes the escaped columns other than the text column, once per document. */
static int row_parts_build(struct row_parts *rp, const struct tsv_reader *r, size_t text)
{
	buf_clear(&rp->before);
	buf_clear(&rp->after);
	for (size_t i = 0; i < r->ncols; i++) {
		if (i == text)
			continue;
		struct buf *b = i < text ? &rp->before : &rp->after;
		if (i > text && buf_putc(b, '\t') < 0)
			return -1;
		const char *p = r->fields[i], *end = p + r->lens[i];
		while (p < end) {
			size_t run = strcspn(p, "\t\n\r\\"); /* fields are NUL-terminated */
			if (run > (size_t)(end - p))
				run = (size_t)(end - p);
			if (buf_append(b, p, run) < 0)
				return -1;
			p += run;
			if (p == end)
				break;
			char c = *p++;
			const char esc[2] = {'\\', c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : c};
			if (c == '\0' ? buf_putc(b, c) < 0 : buf_append(b, esc, 2) < 0)
				return -1;
		}
		if (i < text && buf_putc(b, '\t') < 0)
			return -1;
	}
	if (!rp->before.p && buf_reserve(&rp->before, 1) < 0)
		return -1;
	if (!rp->after.p && buf_reserve(&rp->after, 1) < 0)
		return -1;
	return 0;
}

static void emit_title(const struct row_parts *rp, const char *title, size_t len)
{
	out_bytes(rp->before.p, rp->before.len);
	out_escaped(title, len);
	out_bytes(rp->after.p, rp->after.len);
	out_str("\t0\t0\t");
	out_ulong(len);
	out_str("\t0");
	out_eol();
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
	for (size_t i = 0; i < r->ncols; i++) {
		if (i)
			out_char('\t');
		out_escaped(r->names[i], strlen(r->names[i]));
	}
	out_str("\tsent\tstart\tend\tpara");
	out_eol();
	out_flush();
	segment_init();
	struct row_parts rp = {0};
	int k = 0, status = EXIT_OK;
	while (!out_failed() && (k = tsv_next(r)) > 0) {
		if (row_parts_build(&rp, r, (size_t)text) < 0) {
			msg("line %llu: out of memory", r->lineno);
			status = EXIT_FAIL;
			break;
		}
		if (title >= 0 && r->lens[title] > 0)
			emit_title(&rp, r->fields[title], r->lens[title]);
		struct doc d = {
			.s = (const unsigned char *)r->fields[text],
			.n = r->lens[text],
			.mode = WRAP_NONE,
			.new_para = true,
			.lower_style = -1,
		};
		segment_text(&d, &rp);
	}
	if (status == EXIT_OK && !out_failed() && k < 0) {
		msg("%s", r->err);
		status = EXIT_FAIL;
	}
	buf_free(&rp.before);
	buf_free(&rp.after);
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
