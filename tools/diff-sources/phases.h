/* phases.h: diff-sources in phases for a shuffle between them (phases.c). */
#ifndef DIFF_PHASES_H
#define DIFF_PHASES_H

#include <stdbool.h>

#include "diff.h"
#include "tsv.h"

enum phase {
	PHASE_NONE, PHASE_EMIT_NAMES, PHASE_RESOLVE_NAMES, PHASE_EMIT_KEYS, PHASE_PAIRS,
	PHASE_COMPONENTS, PHASE_BY_COMPONENT
};

/* The table of --resolve-names (record, actor) for --names. Returns 0 or -1 (printed). */
int phases_load_names(const char *path, struct names *nm);
/* Runs a phase but --components over the reader; returns the exit status. */
int phases_run(enum phase p, struct tsv_reader *r, const struct names *nm, bool warn);
/* --components: reads the files twice (union, then the rows with their component). */
int phases_components(int nfiles, char **files, const struct tsv_opts *opts);

#endif
