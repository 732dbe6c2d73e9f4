#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
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

/* inlined into the escaper: its calls were a tenth of segment's time in the escape */
static inline __attribute__((always_inline)) size_t plain_prefix(const char *s, size_t n)
{
	const uint64_t lo = 0x0101010101010101ULL, hi = 0x8080808080808080ULL;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t v;
		memcpy(&v, s + i, 8);
		uint64_t t = v ^ (lo * '\t'), l = v ^ (lo * '\n'), r = v ^ (lo * '\r'), b = v ^ (lo * '\\');
		uint64_t zero = ((t - lo) & ~t) | ((l - lo) & ~l) | ((r - lo) & ~r) | ((b - lo) & ~b);
		if (zero & hi)
			break;
	}
	while (i < n && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\\')
		i++;
	return i;
}

size_t escape_plain_prefix(const char *s, size_t n)
{
	return plain_prefix(s, n);
}

static inline char escape_letter(char c)
{
	return c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\';
}

static inline __attribute__((always_inline)) size_t escape_into(char *dst, const char *s, size_t n)
{
	char *w = dst;
	while (n) {
		size_t plain = plain_prefix(s, n);
		memcpy(w, s, plain);
		w += plain;
		if (plain == n)
			break;
		*w++ = '\\';
		*w++ = escape_letter(s[plain]);
		s += plain + 1;
		n -= plain + 1;
	}
	return (size_t)(w - dst);
}

size_t escape_to(char *dst, const char *s, size_t n)
{
	return escape_into(dst, s, n);
}

void out_escaped(const char *s, size_t n)
{
	/* escaped straight into the buffer, a piece at a time that fits even if every byte doubles */
	struct out *o = &out_stream;
	while (n) {
		if (OUT_BUFSIZE - o->len < 2 * 1024)
			out_flush();
		size_t room = (OUT_BUFSIZE - o->len) / 2, piece = n < room ? n : room;
		o->len += escape_into(o->buf + o->len, s, piece);
		s += piece;
		n -= piece;
	}
}

void out_ulong(unsigned long long v)
{
	struct out *o = &out_stream;
	if (OUT_BUFSIZE - o->len < 24)
		out_flush();
	o->len = (size_t)(decimal_into(o->buf + o->len, v) - o->buf);
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

int out_exit_status(int status)
{
	return out_finish() == OUT_ERROR ? EXIT_FAIL : status;
}
