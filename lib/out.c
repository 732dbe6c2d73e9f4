#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "out.h"

struct out out_stream;

void out_init(int fd, bool line_buffered)
{
	signal(SIGPIPE, SIG_IGN);
	out_stream.fd = fd;
	out_stream.len = 0;
	out_stream.error = 0;
	out_stream.line_buffered = line_buffered;
}

static void write_all(const char *s, size_t n)
{
	struct out *o = &out_stream;
	while (n && !o->error) {
		ssize_t k = write(o->fd, s, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			o->error = errno;
			break;
		}
		s += k;
		n -= (size_t)k;
	}
}

int out_flush(void)
{
	struct out *o = &out_stream;
	if (o->len && !o->error)
		write_all(o->buf, o->len);
	o->len = 0;
	return o->error ? -1 : 0;
}

void out_bytes_slow(const char *s, size_t n)
{
	out_flush();
	if (n >= OUT_BUFSIZE) {
		write_all(s, n);
		return;
	}
	memcpy(out_stream.buf, s, n);
	out_stream.len = n;
}

void out_escaped(const char *s, size_t n)
{
	const char *end = s + n, *run = s;
	for (const char *p = s; p < end; p++) {
		char esc;
		switch (*p) {
		case '\t': esc = 't'; break;
		case '\n': esc = 'n'; break;
		case '\r': esc = 'r'; break;
		case '\\': esc = '\\'; break;
		default: continue;
		}
		out_bytes(run, (size_t)(p - run));
		char pair[2] = {'\\', esc};
		out_bytes(pair, 2);
		run = p + 1;
	}
	out_bytes(run, (size_t)(end - run));
}

void out_ulong(unsigned long long v)
{
	char tmp[24];
	int i = sizeof tmp;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out_bytes(tmp + i, sizeof tmp - (size_t)i);
}

enum out_status out_finish(void)
{
	out_flush();
	struct out *o = &out_stream;
	if (!o->error && close(o->fd) < 0 && errno != EBADF)
		o->error = errno;
	if (!o->error)
		return OUT_OK;
	if (o->error == EPIPE)
		return OUT_CLOSED;
	msg("write error: %s", strerror(o->error));
	return OUT_ERROR;
}
