#include <stdio.h>

#include "err.h"
#include "opts.h"

enum common_result common_option(int c, const char *arg, struct common_opts *o, void (*usage)(FILE *))
{
	switch (c) {
	case 'h':
		usage(stdout);
		return COMMON_EXIT_OK;
	case OPT_VERSION:
		printf("%s (crosscheck) %s\n", progname, CROSSCHECK_VERSION);
		return COMMON_EXIT_OK;
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
