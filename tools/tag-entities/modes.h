/* modes.h: the programs tag-entities is, each in its own file; main.c reads the options and
 * runs one: tagging rows (rows.c), or training, CoNLL tagging and word clusters (modes.c). */
#ifndef TAG_MODES_H
#define TAG_MODES_H

#include <stdbool.h>

#include "opts.h"
#include "sentence.h"

struct options {
	struct common_opts common;
	const char *text_column, *published_column, *doc_column;
	bool published_given, doc_given; /* named by the user: then they must exist */
	struct tag_config tag;
	bool mentions;
	const char *train, *conll, *output, *clusters_out;
	int epochs, folds, models;
};

/* Tags the rows of the inputs files[0..nfiles) onto standard output. Returns the exit status. */
int tag_rows(const struct options *o, int nfiles, char **files);

/* --train, --conll or --word-clusters, as o says; files are --word-clusters' inputs (the others
 * take none). Returns the exit status. */
int model_mode(const struct options *o, int nfiles, char **files);

#endif
