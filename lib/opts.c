#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "opts.h"
#include "out.h"

/* Writes what --help or --version printed into text through the checked output, so that a full
 * disk is "write error: No space left on device" and exit 1, as in coreutils, and a closed pipe
 * is quiet, as for every other output of the tools. */
static enum common_result print_and_exit(char *text, size_t len)
{
	out_init(1, false);
	out_bytes(text, len);
	free(text);
	return out_finish() == OUT_ERROR ? COMMON_EXIT_FAIL : COMMON_EXIT_OK;
}

enum common_result common_option(int c, const char *arg, struct common_opts *o, void (*usage)(FILE *))
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	switch (c) {
	case 'h':
	case OPT_VERSION:
		if (!(f = open_memstream(&text, &len))) {
			msg("out of memory");
			return COMMON_EXIT_FAIL;
		}
		if (c == 'h')
			usage(f);
		else
			fprintf(f, "%s (crosscheck) %s\n", progname, CROSSCHECK_VERSION);
		if (fclose(f) != 0) {
			free(text);
			msg("out of memory");
			return COMMON_EXIT_FAIL;
		}
		return print_and_exit(text, len);
	case OPT_CSV:
		o->in.csv = true;
		return COMMON_HANDLED;
	case OPT_STRICT:
		o->in.strict = true;
		return COMMON_HANDLED;
	case OPT_PROGRESS:
		o->in.progress = true;
		return COMMON_HANDLED;
	case OPT_LINE_BUFFERED:
		o->line_buffered = true;
		return COMMON_HANDLED;
	case OPT_MAX_FIELD:
		if (parse_size(arg, &o->in.max_field) < 0) {
			msg("--max-field: '%s' is not a size (e.g. 1048576, 64M, 1G)", arg);
			usage_hint();
			return COMMON_BAD;
		}
		return COMMON_HANDLED;
	}
	return COMMON_UNKNOWN;
}

void usage_hint(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", progname);
}
