/* out.h: checked, buffered standard output with the stream format's escapes.
 * One output per process. A write error is remembered and later writes are dropped, so the
 * record loop only has to test out_failed() once a row and stop; out_finish() then says what
 * happened. A closed pipe (EPIPE) is not an error for the user: out_finish() reports it as
 * OUT_CLOSED and the tool exits 0 without a message, as `| head` expects. */
#ifndef CC_OUT_H
#define CC_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#define OUT_BUFSIZE (128 * 1024)

struct out {
	char buf[OUT_BUFSIZE];
	size_t len;
	int fd;
	int error; /* errno of the first failed write, 0 if none */
	bool line_buffered;
};

extern struct out out_stream;

/* Starts output on fd (1 for stdout) and ignores SIGPIPE so a closed pipe surfaces as EPIPE. */
void out_init(int fd, bool line_buffered);

/* Writes the buffer out. Returns 0, or -1 when a write failed (now or earlier). */
int out_flush(void);

static inline bool out_failed(void)
{
	return out_stream.error != 0;
}

static inline void out_bytes(const char *s, size_t n)
{
	struct out *o = &out_stream;
	if (n <= OUT_BUFSIZE - o->len) {
		memcpy(o->buf + o->len, s, n);
		o->len += n;
		return;
	}
	void out_bytes_slow(const char *s, size_t n);
	out_bytes_slow(s, n);
}

static inline void out_char(char c)
{
	struct out *o = &out_stream;
	if (o->len == OUT_BUFSIZE)
		out_flush();
	o->buf[o->len++] = c;
}

static inline void out_str(const char *s)
{
	out_bytes(s, strlen(s));
}

/* The stream format's one escape (docs/contract.md): TAB, LF, CR and backslash become \t \n \r
 * \\; every other byte stays. */
/* Writes s[0..n) escaped. */
void out_escaped(const char *s, size_t n);
/* Writes s[0..n) escaped into dst (room for 2 * n bytes); returns the bytes written. */
size_t escape_to(char *dst, const char *s, size_t n);
/* Length of the prefix of s[0..n) that needs no escape (eight bytes at a time). */
size_t escape_plain_prefix(const char *s, size_t n);

/* Writes an unsigned number in decimal. */
void out_ulong(unsigned long long v);

/* Ends a record: a LF, and a flush when line buffered. */
static inline void out_eol(void)
{
	out_char('\n');
	if (out_stream.line_buffered)
		out_flush();
}

enum out_status { OUT_OK, OUT_CLOSED, OUT_ERROR };

/* Flushes and closes the output. OUT_ERROR has printed "progname: write error: ..." already. */
enum out_status out_finish(void);

/* The exit status of a tool whose processing ended with status: out_finish()'s verdict on the
 * output joins it (a write error makes it EXIT_FAIL; a closed pipe changes nothing). */
int out_exit_status(int status);

#endif
