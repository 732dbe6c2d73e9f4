/* data.h: where the tools find their data files (abbreviations, gazetteers, patterns, models). */
#ifndef CC_DATA_H
#define CC_DATA_H

#include <stddef.h>

/* Writes the path of data file name into out: $CROSSCHECK_DATA/name when that is set, else the
 * first that exists of <exe>/../../data/name (the source tree) and <exe>/../share/crosscheck/name
 * (an installed tree). Returns 0, or -1 when none exists (out holds the last path tried). */
int data_path(const char *name, char *out, size_t size);

#endif
