/* tag-entities: names, numbers and dates in sentence rows, resolved to canonical entities.
 * This file reads the options and runs one of the programs of modes.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "opts.h"
#include "modes.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTIONS] [FILE...]\n"
		"Find the names (PER, ORG, LOC, NORP, MISC), dates, times, durations, quantities, money\n"
		"and percentages in sentence rows, resolve each name to a canonical entity, and append\n"
		"an entities column: TYPE#id:surface@start-end=canonical;... (byte offsets in the text;\n"
		"docs/contract.md gives the grammar and escapes).\n"
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
		"      --train FILE            train a model on a CoNLL-2003 file (with --output)\n"
		"      --folds K               choose the epochs by K-fold cross-validation on the\n"
		"                              training file, 1 (none) to 20 (default 5)\n"
		"      --epochs N              most training epochs (default 12)\n"
		"      --models N              train N models, each reading the documents in its own\n"
		"                              order, and ship their average (default 1)\n"
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
	enum { OPT_MODEL = OPT_TOOL_FIRST, OPT_NO_MODEL, OPT_PATTERNS, OPT_TRAIN, OPT_FOLDS, OPT_MODELS, OPT_EPOCHS, OPT_CONLL, OPT_CLUSTERS, OPT_BEAM };
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
		{"folds", required_argument, NULL, OPT_FOLDS},
		{"models", required_argument, NULL, OPT_MODELS},
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
	o->folds = 5;
	o->models = 1;
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
		case OPT_FOLDS:
			if (opt_whole("--folds", optarg, 1, 20, &n) < 0)
				exit(EXIT_USAGE);
			o->folds = (int)n;
			break;
		case OPT_MODELS:
			if (opt_whole("--models", optarg, 1, 16, &n) < 0)
				exit(EXIT_USAGE);
			o->models = (int)n;
			break;
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
	if (o->train && !o->output) {
		msg("--train needs --output");
		usage_hint();
		exit(EXIT_USAGE);
	}
	return optind;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	msg_init(argv[0]);
	argv[0] = (char *)progname; /* getopt's messages name the tool, not its path */
	int first = parse_args(argc, argv, &o);
	if (o.clusters_out || o.train || o.conll)
		return model_mode(&o, argc - first, argv + first);
	return tag_rows(&o, argc - first, argv + first);
}
