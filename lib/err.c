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

static const char *position_name(const char *file)
{
	return !file || !strcmp(file, "-") ? "<stdin>" : file;
}

static int format_position(char *buf, size_t size, const char *file, unsigned long long line)
{
	if (line)
		return snprintf(buf, size, "%s:%llu: ", position_name(file), line);
	return snprintf(buf, size, "%s: ", position_name(file));
}

void msg_at(const char *file, unsigned long long line, const char *fmt, ...)
{
	char where[4096];
	format_position(where, sizeof where, file, line);
	va_list ap;
	fprintf(stderr, "%s: %s", progname, where);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

char *msg_format_at(char *buf, size_t size, const char *file, unsigned long long line, const char *fmt, ...)
{
	if (!size)
		return buf;
	int n = format_position(buf, size, file, line);
	if (n < 0)
		n = 0;
	if ((size_t)n < size) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(buf + n, size - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return buf;
}
