/* err.h: messages and exit codes shared by every tool.
 * Messages are "tool: message" on stderr, lower case, no final full stop (git's style).
 * Nothing here exits: library code returns errors and the tool decides. */
#ifndef CC_ERR_H
#define CC_ERR_H
#include <stddef.h>

enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,  /* run-time failure: bad row, unreadable input, write error */
	EXIT_USAGE = 2, /* bad option, unknown column */
};

extern const char *progname;

/* Sets progname from argv[0] (its last path component). */
void msg_init(const char *argv0);

/* Prints "progname: <formatted message>\n" to stderr. */
void msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The one way a message names a position (DESIGN.md, docs/contract.md): prints
 * "progname: file:line: <formatted message>\n" to stderr. A NULL file or "-" is "<stdin>"; line 0
 * leaves the line out ("progname: file: message"). Data files give their own path and line. */
void msg_at(const char *file, unsigned long long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same "file:line: message" (without progname) into buf, for library code that returns its
 * errors in a buffer for the tool to print. Returns buf. */
char *msg_format_at(char *buf, size_t size, const char *file, unsigned long long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
