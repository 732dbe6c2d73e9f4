/* iofault.so: an LD_PRELOAD shim that makes I/O calls fail at chosen points, so that tests can
 * show every tool reporting a failed read, write, fsync or close (jq's tests fake read and close
 * failures the same way).
 *
 *   IOFAULT=RULE[,RULE...]    RULE is OP[@FD]:N[+][:ERRNO]
 *     OP     read (read, pread, readv), write (write, pwrite, writev), fsync (fsync, fdatasync)
 *            or close
 *     @FD    only calls on that descriptor (without it, any descriptor but 2, so that the
 *            tool's message still reaches stderr); @/PATH only calls on a descriptor open on
 *            that file (what /proc/self/fd/N names), whatever its number
 *     N      the N-th such call fails (1 is the first); N+ makes it and every later one fail
 *     ERRNO  EIO (default), ENOSPC, EDQUOT, EPIPE, EBADF, EINTR or EAGAIN
 *   IOFAULT_READ_MAX=N        every read from a descriptor returns at most N bytes, as from a
 *                             slow pipe (N=1: a byte at a time)
 *   IOFAULT_LOG=1             say on stderr each time a call is made to fail
 *
 * Example: IOFAULT=write@1:2:ENOSPC segment <in.tsv >out.tsv  (the second write to stdout
 * fails as on a full disk). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum op { OP_READ, OP_WRITE, OP_FSYNC, OP_CLOSE, OP_COUNT };
static const char *const op_names[OP_COUNT] = {"read", "write", "fsync", "close"};

struct rule {
	enum op op;
	int fd;             /* -1: any but stderr */
	char path[256];     /* when set, only descriptors open on this file */
	unsigned long nth;  /* 1-based */
	int from_then_on;
	int err;
	unsigned long seen; /* matching calls so far */
};

#define MAX_RULES 16
static struct rule rules[MAX_RULES];
static int nrules = -1; /* -1: IOFAULT not read yet */
static size_t read_max;
static int log_faults;

static const struct {
	const char *name;
	int value;
} errnos[] = {
	{"EIO", EIO}, {"ENOSPC", ENOSPC}, {"EDQUOT", EDQUOT}, {"EPIPE", EPIPE},
	{"EBADF", EBADF}, {"EINTR", EINTR}, {"EAGAIN", EAGAIN},
};

static void bad_spec(const char *spec)
{
	static const char text[] = "iofault: bad IOFAULT rule: ";
	if (write(2, text, sizeof text - 1) < 0 || write(2, spec, strlen(spec)) < 0 || write(2, "\n", 1) < 0)
		_exit(125);
	_exit(125);
}

static void parse_rule(char *spec)
{
	if (nrules == MAX_RULES)
		bad_spec(spec);
	struct rule *r = &rules[nrules];
	memset(r, 0, sizeof *r);
	r->fd = -1;
	r->err = EIO;
	char *colon = strchr(spec, ':');
	if (!colon)
		bad_spec(spec);
	*colon = '\0';
	char *at = strchr(spec, '@');
	if (at) {
		*at = '\0';
		if (at[1] == '/')
			snprintf(r->path, sizeof r->path, "%s", at + 1);
		else
			r->fd = atoi(at + 1);
	}
	int found = 0;
	for (int i = 0; i < OP_COUNT; i++)
		if (strcmp(spec, op_names[i]) == 0) {
			r->op = (enum op)i;
			found = 1;
		}
	char *end;
	r->nth = strtoul(colon + 1, &end, 10);
	if (!found || r->nth == 0)
		bad_spec(colon + 1);
	if (*end == '+') {
		r->from_then_on = 1;
		end++;
	}
	if (*end == ':') {
		found = 0;
		for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
			if (strcmp(end + 1, errnos[i].name) == 0) {
				r->err = errnos[i].value;
				found = 1;
			}
		if (!found)
			bad_spec(end + 1);
	} else if (*end) {
		bad_spec(end);
	}
	nrules++;
}

static void load_rules(void)
{
	nrules = 0;
	const char *env = getenv("IOFAULT");
	if (env && *env) {
		char copy[4096];
		snprintf(copy, sizeof copy, "%s", env);
		for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ","))
			parse_rule(tok);
	}
	const char *max = getenv("IOFAULT_READ_MAX");
	read_max = max ? strtoul(max, NULL, 10) : 0;
	log_faults = getenv("IOFAULT_LOG") != NULL;
}

static int fd_is(int fd, const char *path)
{
	char link[64], target[256];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, target, sizeof target - 1);
	if (n < 0)
		return 0;
	target[n] = '\0';
	return strcmp(target, path) == 0;
}

/* Returns the errno the call should fail with, or 0 to let it through. */
static int fault(enum op op, int fd)
{
	if (nrules < 0)
		load_rules();
	int err = 0;
	for (int i = 0; i < nrules; i++) {
		struct rule *r = &rules[i];
		if (r->op != op || (r->fd >= 0 ? fd != r->fd : fd == 2) || (r->path[0] && !fd_is(fd, r->path)))
			continue;
		r->seen++;
		if (r->seen == r->nth || (r->from_then_on && r->seen > r->nth))
			err = r->err;
	}
	if (err && log_faults) {
		char line[96];
		int n = snprintf(line, sizeof line, "iofault: %s on fd %d fails with %s\n", op_names[op], fd,
				 strerror(err));
		static ssize_t (*real_write)(int, const void *, size_t);
		if (!real_write)
			real_write = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
		if (real_write(2, line, (size_t)n) < 0)
			return err;
	}
	return err;
}

#define REAL(name) \
	static __typeof__(name) *real_##name; \
	if (!real_##name) \
		real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

#define FAIL_IF(op, fd) \
	do { \
		int e_ = fault(op, fd); \
		if (e_) { \
			errno = e_; \
			return -1; \
		} \
	} while (0)

static size_t clamp_read(size_t n)
{
	return read_max && n > read_max ? read_max : n;
}

ssize_t read(int fd, void *buf, size_t n)
{
	REAL(read);
	FAIL_IF(OP_READ, fd);
	return real_read(fd, buf, clamp_read(n));
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	REAL(pread);
	FAIL_IF(OP_READ, fd);
	return real_pread(fd, buf, n, off);
}

ssize_t pread64(int fd, void *buf, size_t n, off_t off)
{
	REAL(pread64);
	FAIL_IF(OP_READ, fd);
	return real_pread64(fd, buf, n, off);
}

ssize_t readv(int fd, const struct iovec *iov, int cnt)
{
	REAL(readv);
	FAIL_IF(OP_READ, fd);
	return real_readv(fd, iov, cnt);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	REAL(write);
	FAIL_IF(OP_WRITE, fd);
	return real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite);
	FAIL_IF(OP_WRITE, fd);
	return real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite64);
	FAIL_IF(OP_WRITE, fd);
	return real_pwrite64(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	REAL(writev);
	FAIL_IF(OP_WRITE, fd);
	return real_writev(fd, iov, cnt);
}

int fsync(int fd)
{
	REAL(fsync);
	FAIL_IF(OP_FSYNC, fd);
	return real_fsync(fd);
}

int fdatasync(int fd)
{
	REAL(fdatasync);
	FAIL_IF(OP_FSYNC, fd);
	return real_fdatasync(fd);
}

int close(int fd)
{
	REAL(close);
	int e = fault(OP_CLOSE, fd);
	int rc = real_close(fd); /* the descriptor is gone either way, as on Linux */
	if (e) {
		errno = e;
		return -1;
	}
	return rc;
}
