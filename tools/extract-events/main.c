/* extract-events: who did what to whom, when, coded in CAMEO, from sentence rows with an
 * entities column. This file reads the rows; sentence.c finds the events, doc.c joins and
 * writes them, lexicon.c and frames.c load the data and the patterns. */
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "events.h"
#include "opts.h"
#include "out.h"
#include "row.h"
#include "tsv.h"

#define MAX_USER_PATTERNS 16

struct options {
	struct common_opts common;
	const char *text_column, *entities_column, *published_column, *doc_column;
	const char *patterns[MAX_USER_PATTERNS];
	size_t npatterns;
	struct doc_config doc;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTIONS] [FILE...]\n"
		"Find events in sentence rows with an entities column (tag-entities' output): one row\n"
		"per event, coded in CAMEO, with its actors, date, time, duration, counts, condition,\n"
		"source and modality; the sentence's text becomes the evidence column.\n"
		"\n"
		"  -t, --text-column NAME      the sentence column (default: text)\n"
		"  -e, --entities-column NAME  the mentions column (default: entities)\n"
		"  -p, --published-column NAME the article's date (default: published)\n"
		"  -d, --doc-column NAME       rows of one document (default: doc_id)\n"
		"      --patterns FILE         more patterns (CODE<TAB>gate<TAB>pattern); may be repeated\n"
		"      --format tsv|gdelt      the columns written (default: tsv; gdelt: GDELT 2.0's\n"
		"                              event table)\n"
		"      --no-header             no header line\n"
		"      --default-date published  an event with no date stated takes the article's\n"
		"      --coref-window N        sentences \"the call\" looks back (default 5)\n"
		"      --max-events N          events a document holds (default 256)\n"
		COMMON_HELP
		"\n"
		"Example:\n"
		"  ingest --manifest seeds/manifest.tsv | segment --with-title | tag-entities |\n"
		"    extract-events | cut -f1,2,12-\n",
		progname);
}

static size_t number_arg(const char *opt, const char *arg, long max)
{
	char *end;
	long n = strtol(arg, &end, 10);
	if (*end || end == arg || n < 1 || n > max) {
		msg("%s: '%s' is not a number from 1 to %ld", opt, arg, max);
		usage_hint();
		exit(EXIT_USAGE);
	}
	return (size_t)n;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_PATTERNS = OPT_TOOL_FIRST, OPT_FORMAT, OPT_NO_HEADER, OPT_DEFAULT_DATE, OPT_COREF,
	       OPT_MAX_EVENTS };
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{"text-column", required_argument, NULL, 't'},
		{"entities-column", required_argument, NULL, 'e'},
		{"published-column", required_argument, NULL, 'p'},
		{"doc-column", required_argument, NULL, 'd'},
		{"patterns", required_argument, NULL, OPT_PATTERNS},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"no-header", no_argument, NULL, OPT_NO_HEADER},
		{"default-date", required_argument, NULL, OPT_DEFAULT_DATE},
		{"coref-window", required_argument, NULL, OPT_COREF},
		{"max-events", required_argument, NULL, OPT_MAX_EVENTS},
		{NULL, 0, NULL, 0},
	};
	o->text_column = "text";
	o->entities_column = "entities";
	o->published_column = "published";
	o->doc_column = "doc_id";
	o->doc.coref_window = 5;
	o->doc.max_events = 256;
	int c;
	while ((c = getopt_long(argc, argv, "d:e:hp:t:", longopts, NULL)) != -1) {
		switch (common_option(c, optarg, &o->common, usage)) {
		case COMMON_HANDLED: continue;
		case COMMON_EXIT_OK: exit(EXIT_OK);
		case COMMON_EXIT_FAIL: exit(EXIT_FAIL);
		case COMMON_BAD: exit(EXIT_USAGE);
		case COMMON_UNKNOWN: break;
		}
		switch (c) {
		case 't': o->text_column = optarg; break;
		case 'e': o->entities_column = optarg; break;
		case 'p': o->published_column = optarg; break;
		case 'd': o->doc_column = optarg; break;
		case OPT_PATTERNS:
			if (o->npatterns == MAX_USER_PATTERNS) {
				msg("--patterns: at most %d files", MAX_USER_PATTERNS);
				usage_hint();
				exit(EXIT_USAGE);
			}
			o->patterns[o->npatterns++] = optarg;
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "tsv"))
				o->doc.format = FORMAT_TSV;
			else if (!strcmp(optarg, "gdelt"))
				o->doc.format = FORMAT_GDELT;
			else {
				msg("--format: '%s' is not tsv or gdelt", optarg);
				usage_hint();
				exit(EXIT_USAGE);
			}
			break;
		case OPT_NO_HEADER: o->doc.no_header = true; break;
		case OPT_DEFAULT_DATE:
			if (strcmp(optarg, "published")) {
				msg("--default-date: '%s' is not 'published'", optarg);
				usage_hint();
				exit(EXIT_USAGE);
			}
			o->doc.default_date = true;
			break;
		case OPT_COREF: o->doc.coref_window = number_arg("--coref-window", optarg, 1000); break;
		case OPT_MAX_EVENTS: o->doc.max_events = number_arg("--max-events", optarg, 1000000); break;
		default: usage_hint(); exit(EXIT_USAGE);
		}
	}
	return optind;
}

static bool same_doc(struct buf *last, const char *doc, size_t len)
{
	return last->p && last->len == len && !memcmp(last->p, doc, len);
}

static int process(struct tsv_reader *r, struct doc *d, struct sentence *s, int text, int ents,
		   const struct doc_config *cfg)
{
	struct buf last_doc = {0};
	int k = 0, status = EXIT_OK;
	doc_header(d, r->names, r->ncols);
	while (!out_failed() && (k = tsv_next(r)) > 0) {
		const char *docid = cfg->doc_col >= 0 ? r->fields[cfg->doc_col] : "";
		size_t doclen = cfg->doc_col >= 0 ? r->lens[cfg->doc_col] : 0;
		if (!same_doc(&last_doc, docid, doclen)) {
			doc_flush(d);
			sentence_new_document(s);
			buf_clear(&last_doc);
			if (buf_append(&last_doc, docid, doclen) < 0)
				goto oom;
		}
		const char *published = cfg->published_col >= 0 ? r->fields[cfg->published_col] : "";
		if (sentence_parse(s, r->fields[text], r->lens[text], ents >= 0 ? r->fields[ents] : "",
				   ents >= 0 ? r->lens[ents] : 0, published) < 0) {
			msg_at(r->name, r->lineno, "entities: %s", s->err);
			status = EXIT_FAIL;
			break;
		}
		if (sentence_events(s) < 0) {
			msg_at(r->name, r->lineno, "%s", s->err);
			status = EXIT_FAIL;
			break;
		}
		if (doc_add(d, r->fields, r->lens, r->nfields, s) < 0)
			goto oom;
	}
	if (status == EXIT_OK && !out_failed() && k < 0) {
		msg("%s", r->err);
		status = EXIT_FAIL;
	}
	if (status == EXIT_OK)
		doc_flush(d);
	buf_free(&last_doc);
	return status;
oom:
	buf_free(&last_doc);
	msg("out of memory");
	return EXIT_FAIL;
}

int main(int argc, char **argv)
{
	static struct options o;
	msg_init(argv[0]);
	argv[0] = (char *)progname;
	int first = parse_args(argc, argv, &o);
#ifdef __GLIBC__
	/* pcre2's JIT compiler allocates and frees much while the ~650 patterns compile: without
	 * a pad, glibc grows and trims the heap some 20,000 times (a third of the start-up) */
	mallopt(M_TOP_PAD, 8 << 20);
	mallopt(M_TRIM_THRESHOLD, 32 << 20);
#endif
	static struct lexicon lex;
	if (lexicon_load(&lex, o.patterns, o.npatterns) < 0 || attrs_load(lex.err, sizeof lex.err) < 0) {
		msg("%s", lex.err);
		lexicon_free(&lex);
		attrs_free();
		return EXIT_FAIL;
	}
	struct tsv_reader r;
	out_init(1, o.common.line_buffered);
	if (tsv_open(&r, argc - first, argv + first, &o.common.in) < 0) {
		msg("%s", r.err);
		lexicon_free(&lex);
		return EXIT_FAIL;
	}
	int status = EXIT_OK, text = -1, ents = -1;
	static struct sentence s;
	static struct row_writer rows;
	struct doc *d = NULL;
	if (!r.empty) {
		/* a pipeline that forgot tag-entities is a usage error, not a silent empty result */
		if ((text = tsv_require_column(&r, o.text_column)) < 0 ||
		    (ents = tsv_require_column(&r, o.entities_column)) < 0) {
			status = EXIT_USAGE;
		} else {
			o.doc.text_col = text;
			o.doc.doc_col = tsv_column(&r, o.doc_column);
			o.doc.published_col = tsv_column(&r, o.published_column);
			o.doc.sent_col = tsv_column(&r, "sent");
			o.doc.url_col = tsv_column(&r, "url");
			s.lex = &lex;
			/* the evidence in the text's place, the event's columns as one own value after */
			if (o.doc.format == FORMAT_TSV &&
			    (row_writer_init(&rows, &r) < 0 || row_replace(&rows, (size_t)text) < 0 ||
			     row_append(&rows, "event_id") < 0)) {
				msg("out of memory");
				status = EXIT_FAIL;
			} else if (o.doc.rows = o.doc.format == FORMAT_TSV ? &rows : NULL,
				   !(d = doc_new(&lex, &o.doc))) {
				msg("out of memory");
				status = EXIT_FAIL;
			} else {
				status = process(&r, d, &s, text, ents, &o.doc);
			}
		}
	}
	tsv_close(&r);
	if (o.doc.rows)
		row_writer_free(&rows);
	doc_free(d);
	sentence_free(&s);
	lexicon_free(&lex);
	attrs_free();
	return out_exit_status(status);
}
