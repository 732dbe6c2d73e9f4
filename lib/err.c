#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

const char *progname = "crosscheck";

void msg_init(const char *argv0)
{
	if (!argv0 || !*argv0)
		return;
	const char *slash = strrchr(argv0, '/');
	progname = slash ? slash + 1 : argv0;
}

void msg(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
