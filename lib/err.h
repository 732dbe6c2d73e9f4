/* err.h: messages and exit codes shared by every tool.
 * Messages are "tool: message" on stderr, lower case, no final full stop (git's style).
 * Nothing here exits: library code returns errors and the tool decides. */
#ifndef CC_ERR_H
#define CC_ERR_H

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

#endif
