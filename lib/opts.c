#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		return opt_size("--max-field", arg, 1, &o->in.max_field) < 0 ? COMMON_BAD : COMMON_HANDLED;
	}
	return COMMON_UNKNOWN;
}

void usage_hint(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", progname);
}

int parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return -1;
	unsigned shift = 0;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	}
	if (*end || v == 0 || v > (SIZE_MAX >> shift) / 2)
		return -1;
	*out = (size_t)(v << shift);
	return 0;
}

int parse_number(const char *s, bool whole, double lo, double hi, double *out)
{
	size_t digits = strspn(s, "0123456789"), n = digits;
	if (!whole && s[n] == '.') {
		size_t frac = strspn(s + n + 1, "0123456789");
		digits += frac;
		n += 1 + frac;
	}
	if (!digits || s[n])
		return -1;
	double v = strtod(s, NULL);
	if (!(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

int opt_bad(const char *opt, const char *arg, const char *expected)
{
	msg("%s: expected %s, not '%s'", opt, expected, arg);
	usage_hint();
	return -1;
}

int opt_whole(const char *opt, const char *arg, long lo, long hi, long *out)
{
	double v;
	if (parse_number(arg, true, (double)lo, (double)hi, &v) == 0) {
		*out = (long)v;
		return 0;
	}
	char what[96];
	snprintf(what, sizeof what, "a whole number from %ld to %ld", lo, hi);
	return opt_bad(opt, arg, what);
}

int opt_number(const char *opt, const char *arg, double lo, double hi, double *out)
{
	if (parse_number(arg, false, lo, hi, out) == 0)
		return 0;
	char what[96];
	snprintf(what, sizeof what, "a number from %g to %g", lo, hi);
	return opt_bad(opt, arg, what);
}

int opt_size(const char *opt, const char *arg, size_t least, size_t *out)
{
	if (arg[0] >= '0' && arg[0] <= '9' && parse_size(arg, out) == 0 && *out >= least)
		return 0;
	char what[96];
	if (least <= 1)
		snprintf(what, sizeof what, "a size such as 1048576, 64K, 64M or 1G");
	else if (least % (1 << 20) == 0)
		snprintf(what, sizeof what, "a size of at least %zuM, e.g. 512M or 4G", least >> 20);
	else
		snprintf(what, sizeof what, "a size of at least %zu bytes, e.g. 64K or 64M", least);
	return opt_bad(opt, arg, what);
}
