/* diff-sources: where outlets agree, contradict each other or stay silent. Reads the events of
 * extract-events from any number of sources, groups those that tell one happening, and compares
 * their attributes source by source (docs/diff-sources.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "err.h"
#include "opts.h"
#include "out.h"
#include "phases.h"
#include "tsv.h"

struct options {
	struct common_opts common;
	enum format format;
	bool coverage, exit_status, quiet;
	enum phase phase;
	const char *names;        /* --names FILE */
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTIONS] [FILE...]\n"
		"Group the events of extract-events that tell one happening (related CAMEO codes, the\n"
		"same actors, times that overlap once zones are applied) and compare each attribute across\n"
		"sources: agree, compatible, conflict, only (one source reports it), omits (others state\n"
		"it, this one does not), revised (a later report of one source changes its own value).\n"
		"\n"
		"  -f, --format FORMAT     tsv (default): one row per cluster, attribute and report,\n"
		"                          sorted byte by byte; text: a report to read, disagreements\n"
		"                          first; html: one self-contained page with a timeline\n"
		"      --coverage          which clusters each source reports and which it leaves out\n"
		"      --exit-status       exit 1 when a conflict or an omission is found, 0 when none,\n"
		"                          2 on trouble (as diff does)\n"
		"  -q, --quiet             no warning about surnames that fit several full names\n"
		"\n"
		"In phases, with a sort (or a cluster's shuffle) between them, for the TSV of one run\n"
		"(docs/diff-sources.md, \"Growing past one machine\"):\n"
		"      --emit-names        map: each mention's name record\n"
		"      --resolve-names     one reducer: the records resolved, the table for --names\n"
		"      --names FILE        that table, for the three phases below\n"
		"      --emit-keys         map: each event once under each of its block keys\n"
		"      --pairs             reduce by key: the candidate pairs of each block\n"
		"      --components        the events the pairs join, as components (reads FILEs twice)\n"
		"      --by-component      reduce by component: the rows of its clusters, unsorted\n"
		COMMON_HELP
		"\n"
		"Example:\n"
		"  ingest --manifest m.tsv | segment --with-title | tag-entities | extract-events |\n"
		"      diff-sources --format text\n",
		progname);
}

/* A phase writes the stream of the next phase: none of the reports' options goes with it; the
 * phases after the names need their table, the others do not read one. */
static void check_phase(const struct options *o)
{
	bool needs = o->phase == PHASE_EMIT_KEYS || o->phase == PHASE_PAIRS || o->phase == PHASE_BY_COMPONENT;
	const char *why = NULL;
	if (o->phase && (o->coverage || o->exit_status || o->format != FORMAT_TSV))
		why = "a phase writes TSV for the next phase: no --format, --coverage or --exit-status";
	else if (needs && !o->names)
		why = "--emit-keys, --pairs and --by-component need --names FILE (the table of --resolve-names)";
	else if (o->names && !needs)
		why = "--names goes with --emit-keys, --pairs or --by-component";
	if (why) {
		msg("%s", why);
		usage_hint();
		exit(EXIT_USAGE);
	}
}

static int parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_COVERAGE = OPT_TOOL_FIRST, OPT_EXIT_STATUS, OPT_NAMES, OPT_PHASE };
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{"by-component", no_argument, NULL, OPT_PHASE + PHASE_BY_COMPONENT},
		{"components", no_argument, NULL, OPT_PHASE + PHASE_COMPONENTS},
		{"coverage", no_argument, NULL, OPT_COVERAGE},
		{"emit-keys", no_argument, NULL, OPT_PHASE + PHASE_EMIT_KEYS},
		{"emit-names", no_argument, NULL, OPT_PHASE + PHASE_EMIT_NAMES},
		{"names", required_argument, NULL, OPT_NAMES},
		{"pairs", no_argument, NULL, OPT_PHASE + PHASE_PAIRS},
		{"resolve-names", no_argument, NULL, OPT_PHASE + PHASE_RESOLVE_NAMES},
		{"exit-status", no_argument, NULL, OPT_EXIT_STATUS},
		{"format", required_argument, NULL, 'f'},
		{"quiet", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "f:hq", longopts, NULL)) != -1) {
		switch (common_option(c, optarg, &o->common, usage)) {
		case COMMON_HANDLED: continue;
		case COMMON_EXIT_OK: exit(EXIT_OK);
		case COMMON_EXIT_FAIL: exit(EXIT_FAIL);
		case COMMON_BAD: exit(EXIT_USAGE);
		case COMMON_UNKNOWN: break;
		}
		switch (c) {
		case 'f':
			if (strcmp(optarg, "tsv") == 0)
				o->format = FORMAT_TSV;
			else if (strcmp(optarg, "text") == 0)
				o->format = FORMAT_TEXT;
			else if (strcmp(optarg, "html") == 0)
				o->format = FORMAT_HTML;
			else {
				opt_bad("--format", optarg, "tsv, text or html");
				exit(EXIT_USAGE);
			}
			break;
		case 'q': o->quiet = true; break;
		case OPT_COVERAGE: o->coverage = true; break;
		case OPT_EXIT_STATUS: o->exit_status = true; break;
		case OPT_NAMES: o->names = optarg; break;
		default:
			if (c > OPT_PHASE && c <= OPT_PHASE + PHASE_BY_COMPONENT) {
				if (o->phase && o->phase != (enum phase)(c - OPT_PHASE)) {
					msg("one phase at a time (--emit-names, --resolve-names, --emit-keys, --pairs, --components, --by-component)");
					usage_hint();
					exit(EXIT_USAGE);
				}
				o->phase = (enum phase)(c - OPT_PHASE);
				break;
			}
			usage_hint();
			exit(EXIT_USAGE);
		}
	}
	check_phase(o);
	if (o->coverage && o->format == FORMAT_HTML) {
		msg("--coverage is a table: tsv or text (the html page shows coverage as its timeline)");
		usage_hint();
		exit(EXIT_USAGE);
	}
	return optind;
}

/* Reads every event; the run's verdict: 0, EXIT_FAIL (a bad row or read error, printed) or
 * EXIT_USAGE (columns missing). */
static int read_events(struct tsv_reader *r, struct store *s)
{
	int cols[32];
	if (r->empty)
		return 0;
	if (store_columns(r, cols) < 0)
		return EXIT_USAGE;
	int rc;
	while ((rc = tsv_next(r)) == 1)
		if (store_add(s, r, cols) < 0)
			return EXIT_FAIL;
	if (rc < 0) {
		msg("%s", r->err);
		return EXIT_FAIL;
	}
	return 0;
}

static int run(struct options *o, struct tsv_reader *r)
{
	struct store s;
	struct clustering cl = {0};
	int status = store_init(&s) < 0 ? EXIT_FAIL : read_events(r, &s);
	if (status == 0) {
		store_sort(&s);
		if (names_resolve(&s, !o->quiet) < 0 || cluster_events(&s, &cl) < 0 || compare_clusters(&s, &cl) < 0)
			status = EXIT_FAIL;
	}
	/* no input at all gives no output, as for every filter; a header alone gives a header */
	if (status == 0 && !r->empty) {
		int rc = o->coverage ? report_coverage(&s, &cl, o->format) :
			 o->format == FORMAT_TEXT ? report_text(&s, &cl) :
			 o->format == FORMAT_HTML ? report_html(&s, &cl) : report_tsv(&s, &cl, true);
		if (rc < 0)
			status = EXIT_FAIL;
	}
	bool differ = false;
	for (size_t i = 0; i < cl.n; i++)
		differ |= cl.c[i].disagrees > 0;
	clustering_free(&cl);
	store_free(&s);
	status = out_exit_status(status);
	if (o->exit_status)
		return status != 0 ? EXIT_USAGE : differ ? EXIT_FAIL : EXIT_OK;
	return status;
}

static int run_phase(struct options *o, int nfiles, char **files)
{
	struct names nm = {0};
	struct tsv_reader r;
	int status;
	if (o->names && phases_load_names(o->names, &nm) < 0) {
		status = EXIT_FAIL;
	} else if (o->phase == PHASE_COMPONENTS) {
		status = phases_components(nfiles, files, &o->common.in);
	} else if (tsv_open(&r, nfiles, files, &o->common.in) < 0) {
		msg("%s", r.err);
		status = EXIT_FAIL;
	} else {
		status = phases_run(o->phase, &r, &nm, !o->quiet);
		tsv_close(&r);
	}
	names_free(&nm);
	return out_exit_status(status);
}

int main(int argc, char **argv)
{
	struct options o = {0};
	msg_init(argv[0]);
	int first = parse_args(argc, argv, &o);
	out_init(1, o.common.line_buffered);
	if (o.phase)
		return run_phase(&o, argc - first, argv + first);
	struct tsv_reader r;
	if (tsv_open(&r, argc - first, argv + first, &o.common.in) < 0) {
		msg("%s", r.err);
		out_finish();
		return o.exit_status ? EXIT_USAGE : EXIT_FAIL;
	}
	int status = run(&o, &r);
	tsv_close(&r);
	return status;
}
