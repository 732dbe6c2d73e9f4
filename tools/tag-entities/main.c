/* tag-entities: names, numbers and dates in sentence rows, resolved to canonical entities.
 * This file reads the rows and writes the mentions; sentence.c finds them. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "opts.h"
#include "out.h"
#include "row.h"
#include "sentence.h"
#include "tsv.h"

struct options {
	struct common_opts common;
	const char *text_column, *published_column, *doc_column;
	bool published_given, doc_given; /* named by the user: then they must exist */
	struct tag_config tag;
	bool mentions;
	const char *train, *dev, *conll, *output, *clusters_out;
	int epochs;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTIONS] [FILE...]\n"
		"Find the names (PER, ORG, LOC, NORP, MISC), dates, times, durations, quantities, money\n"
		"and percentages in sentence rows, resolve each name to a canonical entity, and append\n"
		"an entities column: TYPE:surface@start-end=canonical;... (byte offsets in the text).\n"
		"\n"
		"  -t, --text-column NAME      the sentence column (default: text)\n"
		"  -p, --published-column NAME the article's date, for relative dates and roles\n"
		"                              (default: published, when the input has it)\n"
		"  -d, --doc-column NAME       rows of one document share short forms (default: doc_id,\n"
		"                              when the input has it)\n"
		"  -m, --mentions              one row per mention: type, surface, start, end,\n"
		"                              canonical, entity_id after the input columns\n"
		"  -g, --gazetteer FILE        more known entities (TSV: type name aliases role of\n"
		"                              from to); may be repeated\n"
		"      --model FILE            the tagger model (default: data/tag-entities/model.bin)\n"
		"      --no-model              gazetteers and patterns only\n"
		"      --beam N                paths the tagger follows, 1 to 12 (default 5): more is\n"
		"                              slower and a little better\n"
		"      --patterns FILE         numeric patterns (default: data/tag-entities/numeric.tsv)\n"
		"      --train FILE            train a model on a CoNLL-2003 file (with --dev, --output)\n"
		"      --dev FILE              the development set that chooses the epoch\n"
		"      --epochs N              most training epochs (default 12)\n"
		"  -o, --output FILE           where --train writes the model\n"
		"      --conll FILE            tag a CoNLL-2003 file: word, gold and predicted tag\n"
		"      --word-clusters OUT     cluster the words of the text of the TSV FILEs into OUT\n"
		"                              (the tagger's word cluster features; make model)\n"
		COMMON_HELP
		"\n"
		"Example:\n"
		"  ingest --manifest seeds/manifest.tsv | segment | tag-entities --mentions | cut -f1,11-\n",
		progname);
}

static int parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_MODEL = OPT_TOOL_FIRST, OPT_NO_MODEL, OPT_PATTERNS, OPT_TRAIN, OPT_DEV, OPT_EPOCHS, OPT_CONLL, OPT_CLUSTERS, OPT_BEAM };
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{"text-column", required_argument, NULL, 't'},
		{"published-column", required_argument, NULL, 'p'},
		{"doc-column", required_argument, NULL, 'd'},
		{"mentions", no_argument, NULL, 'm'},
		{"gazetteer", required_argument, NULL, 'g'},
		{"model", required_argument, NULL, OPT_MODEL},
		{"no-model", no_argument, NULL, OPT_NO_MODEL},
		{"patterns", required_argument, NULL, OPT_PATTERNS},
		{"train", required_argument, NULL, OPT_TRAIN},
		{"dev", required_argument, NULL, OPT_DEV},
		{"epochs", required_argument, NULL, OPT_EPOCHS},
		{"output", required_argument, NULL, 'o'},
		{"conll", required_argument, NULL, OPT_CONLL},
		{"word-clusters", required_argument, NULL, OPT_CLUSTERS},
		{"beam", required_argument, NULL, OPT_BEAM},
		{NULL, 0, NULL, 0},
	};
	o->text_column = "text";
	o->published_column = "published";
	o->doc_column = "doc_id";
	o->epochs = 12;
	int c;
	long n;
	while ((c = getopt_long(argc, argv, "d:g:hmo:p:t:", longopts, NULL)) != -1) {
		switch (common_option(c, optarg, &o->common, usage)) {
		case COMMON_HANDLED: continue;
		case COMMON_EXIT_OK: exit(EXIT_OK);
		case COMMON_EXIT_FAIL: exit(EXIT_FAIL);
		case COMMON_BAD: exit(EXIT_USAGE);
		case COMMON_UNKNOWN: break;
		}
		switch (c) {
		case 't': o->text_column = optarg; break;
		case 'p': o->published_column = optarg; o->published_given = true; break;
		case 'd': o->doc_column = optarg; o->doc_given = true; break;
		case 'm': o->mentions = true; break;
		case 'g':
			if (o->tag.ngazetteers == MAX_USER_GAZETTEERS) {
				msg("--gazetteer: at most %d files", MAX_USER_GAZETTEERS);
				usage_hint();
				exit(EXIT_USAGE);
			}
			o->tag.gazetteers[o->tag.ngazetteers++] = optarg;
			break;
		case 'o': o->output = optarg; break;
		case OPT_MODEL: o->tag.model_path = optarg; break;
		case OPT_NO_MODEL: o->tag.no_model = true; break;
		case OPT_PATTERNS: o->tag.patterns_path = optarg; break;
		case OPT_TRAIN: o->train = optarg; break;
		case OPT_DEV: o->dev = optarg; break;
		case OPT_CONLL: o->conll = optarg; break;
		case OPT_CLUSTERS: o->clusters_out = optarg; break;
		case OPT_BEAM:
			if (opt_whole("--beam", optarg, 1, BEAM, &n) < 0)
				exit(EXIT_USAGE);
			o->tag.beam = (int)n;
			break;
		case OPT_EPOCHS:
			if (opt_whole("--epochs", optarg, 1, 100, &n) < 0)
				exit(EXIT_USAGE);
			o->epochs = (int)n;
			break;
		default: usage_hint(); exit(EXIT_USAGE);
		}
	}
	if (o->train && (!o->dev || !o->output)) {
		msg("--train needs --dev and --output");
		usage_hint();
		exit(EXIT_USAGE);
	}
	return optind;
}


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

/* yyyymmdd of an ISO 8601 date at the start of s, 0 when there is none. */
static struct when parse_published(const char *s)
{
	struct when w = {0, -1, -1};
	int y, mo, d, n = 0;
	/* the usual YYYY-MM-DD[THH:MM...] without sscanf (two calls a row were 3% of the time);
	 * anything else goes through sscanf as before */
#define D(c) ((c) >= '0' && (c) <= '9')
	bool plain = D(s[0]) && D(s[1]) && D(s[2]) && D(s[3]) && s[4] == '-' && D(s[5]) &&
		     D(s[6]) && s[7] == '-' && D(s[8]) && D(s[9]) && !D(s[10]);
	if (plain) {
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		mo = (s[5] - '0') * 10 + (s[6] - '0');
		d = (s[8] - '0') * 10 + (s[9] - '0');
		n = 10;
	}
	if ((plain || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3) && n == 10 && mo >= 1 &&
	    mo <= 12 && d >= 1 && d <= 31) {
		w.date = y * 10000 + mo * 100 + d;
		int h, mi;
		const char *t = s + 11;
		if ((s[10] == 'T' || s[10] == ' ') && D(t[0]) && D(t[1]) && t[2] == ':' && D(t[3]) &&
		    D(t[4])) {
			w.hour = (t[0] - '0') * 10 + (t[1] - '0');
			w.minute = (t[3] - '0') * 10 + (t[4] - '0');
		} else if ((s[10] == 'T' || s[10] == ' ') && sscanf(s + 11, "%2d:%2d", &h, &mi) == 2) {
			w.hour = h;
			w.minute = mi;
		}
	}
#undef D
	return w;
}

/* The mentions of a piece of the text that starts at byte base of it: rows (--mentions), or
 * the entities field's items, after the *written ones before them. */
static void out_mentions(struct row_writer *w, const struct options *o, const char *piece,
			 size_t base, const struct mentions *m, size_t *written)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct mention *x = &m->v[i];
		if (o->mentions) {
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
		} else {
			if (*written)
				out_char(';');
			out_str(mention_type_names[x->type]);
			out_char(':');
			out_escaped(piece + x->start, x->end - x->start);
			out_char('@');
			out_ulong(base + x->start);
			out_char('-');
			out_ulong(base + x->end);
			out_char('=');
			out_escaped(m->text.p + x->canon, x->canon_len);
		}
		++*written;
	}
}

/* Tags one row's text, a window at a time when it is longer than TAG_WINDOW. */
static int tag_row(const struct tsv_reader *r, struct row_writer *rw, const struct options *o,
		   struct tagger_state *st, const char *s, size_t len, const struct when *w)
{
	if (len > TAG_WINDOW)
		msg_at(r->name, r->lineno, "warning: a text of %zu bytes is tagged in windows of %zu KB "
		       "(names and numbers across their edges are missed)", len, TAG_WINDOW >> 10);
	if (row_take(rw) < 0) {
		msg_at(r->name, r->lineno, "out of memory");
		return -1;
	}
	if (!o->mentions)
		row_begin(rw);
	size_t written = 0, at = 0;
	do {
		size_t end = sentence_window(s, len, at, TAG_WINDOW);
		if (sentence_tag(st, s + at, end - at, w) < 0) {
			msg_at(r->name, r->lineno, "%s", st->err);
			return -1;
		}
		out_mentions(rw, o, s + at, at, &st->m, &written);
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
		struct when w = published >= 0 ? parse_published(r->fields[published])
					       : (struct when){0, -1, -1};
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

int main(int argc, char **argv)
{
	struct options o = {0};
	msg_init(argv[0]);
	argv[0] = (char *)progname; /* getopt's messages name the tool, not its path */
	int first = parse_args(argc, argv, &o);
	static struct tagger_state st;
	if (o.clusters_out)
		return word_clusters(o.clusters_out, argc - first, argv + first, o.text_column);
	if (o.train || o.conll) {
		if (first < argc) {
			msg("--train and --conll read no other files");
			usage_hint();
			return EXIT_USAGE;
		}
		int status;
		if (sentence_load(&st, &o.tag, o.conll != NULL) < 0)
			status = EXIT_FAIL;
		else if (o.train)
			status = train_model(o.train, o.dev, o.output, o.epochs, &st.clusters, &st.gz);
		else if (!st.have_model)
			status = EXIT_FAIL;
		else
			status = conll_predict(o.conll, &st.model, &st.clusters, &st.gz);
		sentence_free(&st);
		return status;
	}
	struct tsv_reader r;
	out_init(1, o.common.line_buffered);
	if (tsv_open(&r, argc - first, argv + first, &o.common.in) < 0) {
		msg("%s", r.err);
		return EXIT_FAIL;
	}
	int status, text, published, doc;
	if (r.empty)
		status = EXIT_OK;
	else if (find_columns(&r, &o, &text, &published, &doc) < 0)
		status = EXIT_USAGE;
	else if (sentence_load(&st, &o.tag, true) < 0 || sentence_load_patterns(&st, &o.tag) < 0)
		status = EXIT_FAIL;
	else
		status = process(&r, &o, &st, text, published, doc);
	tsv_close(&r);
	sentence_free(&st);
	return out_exit_status(status);
}
