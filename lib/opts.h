/* opts.h: the options every tool shares, with the same names and meaning everywhere
 * (tsv-utils' habit): --help, --version, --csv, --strict, --max-field, --line-buffered,
 * --progress. A tool lists COMMON_LONGOPTS in its getopt_long table and passes every option
 * it does not know itself to common_option(). */
#ifndef CC_OPTS_H
#define CC_OPTS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "tsv.h"

#define CROSSCHECK_VERSION "0.1.0"

enum {
	OPT_CSV = 0x1000,
	OPT_STRICT,
	OPT_MAX_FIELD,
	OPT_LINE_BUFFERED,
	OPT_PROGRESS,
	OPT_VERSION,
	OPT_TOOL_FIRST, /* tools number their own long-only options from here */
};

#define COMMON_LONGOPTS                                                  \
	{"help", no_argument, NULL, 'h'},                                \
	{"version", no_argument, NULL, OPT_VERSION},                     \
	{"csv", no_argument, NULL, OPT_CSV},                             \
	{"strict", no_argument, NULL, OPT_STRICT},                       \
	{"max-field", required_argument, NULL, OPT_MAX_FIELD},           \
	{"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},         \
	{"progress", no_argument, NULL, OPT_PROGRESS}

/* Help lines for the common options, aligned like the tools' own: option from column 3 (6 for
 * long-only options), description from column 27. */
#define COMMON_HELP                                                                          \
	"      --csv               read RFC 4180 CSV instead of TSV\n"                           \
	"      --strict            invalid UTF-8 or NUL bytes are an error (default: U+FFFD)\n"  \
	"      --max-field SIZE    longest line (CSV: record) accepted (default: 64M)\n"         \
	"      --line-buffered     flush every output line (for tail -f feeds)\n"                \
	"      --progress          print rows, MB and MB/s on stderr about once a second\n"      \
	"  -h, --help              print this help and exit\n"                                   \
	"      --version           print the version and exit\n"

struct common_opts {
	struct tsv_opts in;
	bool line_buffered;
};

enum common_result {
	COMMON_HANDLED,   /* the option was a common one and is recorded */
	COMMON_UNKNOWN,   /* not a common option: the tool's own, or a usage error */
	COMMON_EXIT_OK,   /* --help or --version was printed: exit 0 */
	COMMON_EXIT_FAIL, /* --help or --version could not be written: a message was printed, exit 1 */
	COMMON_BAD,       /* a bad value: a message was printed, exit with EXIT_USAGE */
};

/* Handles option c (as returned by getopt_long) if it is a common one. usage prints the
 * tool's help to the given stream. --help and --version write to standard output through
 * out.h and close it: a write error is reported ("write error: ...", COMMON_EXIT_FAIL), a
 * closed pipe is not. */
enum common_result common_option(int c, const char *arg, struct common_opts *o, void (*usage)(FILE *));

/* Prints "try 'tool --help'" after a usage error. */
void usage_hint(void);

/* ---- numbers in options. Each parses arg, the value of option opt (e.g. "--beam"), and returns
 * 0, or prints the one shape of a bad value, "tool: --beam: expected a whole number from 1 to
 * 12, not 'x'", then the --help hint, and returns -1: the tool exits with EXIT_USAGE. */

/* A whole number in [lo, hi]: digits only (no sign, blanks or hex). */
int opt_whole(const char *opt, const char *arg, long lo, long hi, long *out);
/* A plain decimal number in [lo, hi]: digits, maybe '.' and more digits. No sign, exponent, hex,
 * blanks, nan or inf: what strtod takes beyond that is a mistake here (nan passes every range
 * check). */
int opt_number(const char *opt, const char *arg, double lo, double hi, double *out);
/* A size such as 65536, 64K, 64M or 1G, of at least least bytes. */
int opt_size(const char *opt, const char *arg, size_t least, size_t *out);
/* Prints "tool: opt: expected <expected>, not 'arg'" and the --help hint; returns -1. For values
 * of another shape (dedupe's --bands BxR). */
int opt_bad(const char *opt, const char *arg, const char *expected);

/* Parses a size such as 65536, 64K, 64M, 1G. Returns 0, or -1 when it is not one. */
int parse_size(const char *s, size_t *out);
/* Parses a plain decimal number (see opt_number) in [lo, hi], whole when whole. Returns 0 or -1. */
int parse_number(const char *s, bool whole, double lo, double hi, double *out);

#endif
