/* Fuzz target: the TSV and CSV record reader (lib/tsv.h) fed in chunks of chosen sizes, so that
 * every place a read can end falls inside headers, records, quotes, escapes, CRLFs and BOMs.
 *
 * Input: byte 0 the mode (bit 0 CSV, bit 1 strict, bits 2-4 max_field, bit 5 the data twice, as
 * two inputs whose second header is dropped); byte 1 the number of chunk sizes (1-8) that
 * follow, one byte each (1-128, or 32-4096 in steps of 32), used in turn; the rest is the data.
 * The data is read once from a memfd (reads return all they ask for) and once from pipes in
 * packet mode (O_DIRECT), which a thread fills one chunk a write: each read returns one write,
 * so the reads return exactly the chunks, whatever the threads' timing.
 * Properties: both readings give the same header, rows (fields and line numbers), count of
 * replaced bytes and error; every row has as many fields as the header, NUL-terminated, valid
 * UTF-8 without NUL, and its raw form is its value escaped (what row.h copies out as it came
 * must be what escaping the value writes); line numbers grow within an input (CSV rows split by a bare CR share one);
 * a reading that ends without error has read every byte. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "buf.h"
#include "out.h"
#include "tsv.h"
#include "utf8.h"

/* The raw form of a field must be its value escaped, byte for byte. */
static void check_raw(const char *v, size_t n, const char *raw, size_t raw_len)
{
	char *want = malloc(2 * n + 1);
	if (!want)
		abort();
	size_t k = escape_to(want, v, n);
	if (k != raw_len || memcmp(want, raw, k) != 0)
		abort();
	free(want);
}

#define MAX_CHUNKS 4096 /* then the rest goes in 4096-byte chunks, to keep an input fast */
#define FIRST_FD 900 /* inputs /dev/fd/900 and 901 in both readings, as errors name them */

struct feed {
	const uint8_t *data;
	size_t size;
	const size_t *sizes;
	size_t nsizes;
	int fds[2]; /* write ends */
	int ninputs;
};

static void *writer(void *arg)
{
	struct feed *f = arg;
	size_t next = 0, count = 0;
	for (int i = 0; i < f->ninputs; i++) {
		for (size_t off = 0, n; off < f->size; off += n) {
			n = count++ < MAX_CHUNKS ? f->sizes[next++ % f->nsizes] : 4096;
			if (n > f->size - off)
				n = f->size - off;
			/* at most PIPE_BUF bytes: one packet. EPIPE: the reader stopped at an error and
			 * closed its end (SIGPIPE is ignored) */
			ssize_t k = write(f->fds[i], f->data + off, n);
			if (k < 0 && errno == EPIPE)
				break;
			if (k != (ssize_t)n)
				abort();
		}
		close(f->fds[i]);
	}
	return NULL;
}

static void put(struct buf *b, const void *p, size_t n)
{
	if (buf_append(b, p, n) < 0)
		abort();
}

static void put_num(struct buf *b, unsigned long long v)
{
	put(b, &v, sizeof v);
}

/* Reads the inputs at FIRST_FD.. and writes what the reader returned into log. */
static void read_all(int ninputs, const struct tsv_opts *opts, size_t expected, struct buf *log)
{
	char names[2][32];
	char *files[2];
	for (int i = 0; i < ninputs; i++) {
		snprintf(names[i], sizeof names[i], "/dev/fd/%d", FIRST_FD + i);
		files[i] = names[i];
	}
	struct tsv_reader r;
	int k = tsv_open(&r, ninputs, files, opts);
	if (k == 0) {
		put_num(log, r.empty);
		put_num(log, r.ncols);
		for (size_t i = 0; i < r.ncols; i++)
			put(log, r.names[i], strlen(r.names[i]) + 1);
		unsigned long long line = 0;
		int file = r.file_index;
		while ((k = tsv_next(&r)) > 0) {
			if (r.nfields != r.ncols)
				abort();
			/* CSV rows split by a bare CR share their line */
			if (r.file_index == file && (r.lineno < line || (r.lineno == line && !opts->csv)))
				abort();
			file = r.file_index;
			line = r.lineno;
			put_num(log, r.lineno);
			for (size_t i = 0; i < r.nfields; i++) {
				if (r.fields[i][r.lens[i]] != '\0' || utf8_valid_prefix(r.fields[i], r.lens[i]) != r.lens[i])
					abort();
				check_raw(r.fields[i], r.lens[i], r.raw[i], r.raw_lens[i]);
				put_num(log, r.lens[i]);
				put(log, r.fields[i], r.lens[i]);
			}
		}
	}
	put_num(log, (unsigned long long)(k + 2));
	if (k < 0)
		put(log, r.err, strlen(r.err) + 1);
	if (k == 0 && !r.empty && r.bytes != expected)
		abort();
	put_num(log, r.replaced);
	r.replaced = 0; /* no warning on stderr */
	tsv_close(&r);  /* a failed tsv_open has closed it already: closing again does nothing */
}

static void place(int fd, int at)
{
	if (dup2(fd, at) < 0)
		abort();
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	static const size_t max_fields[8] = {0, 1, 3, 8, 16, 40, 100, 1000};
	signal(SIGPIPE, SIG_IGN);
	if (size < 2)
		return 0;
	struct tsv_opts opts = {
		.csv = in[0] & 1,
		.strict = in[0] & 2,
		.max_field = max_fields[(in[0] >> 2) & 7],
	};
	int ninputs = in[0] & 32 ? 2 : 1;
	size_t nsizes = (in[1] & 7) + 1;
	if (size < 2 + nsizes)
		return 0;
	size_t sizes[8];
	for (size_t i = 0; i < nsizes; i++) {
		uint8_t b = in[2 + i];
		sizes[i] = b < 128 ? (size_t)b + 1 : (size_t)(b - 127) * 32;
	}
	const uint8_t *data = in + 2 + nsizes;
	size_t n = size - 2 - nsizes;

	/* one reading from a file */
	struct buf whole = {0}, chunked = {0};
	int mfd = memfd_create("tsv-reader", 0);
	if (mfd < 0 || (n && write(mfd, data, n) != (ssize_t)n))
		abort();
	place(mfd, FIRST_FD);
	if (dup2(FIRST_FD, FIRST_FD + 1) < 0)
		abort();
	read_all(ninputs, &opts, ninputs * n, &whole);
	close(FIRST_FD);
	close(FIRST_FD + 1);

	/* one reading from pipes fed chunk by chunk */
	struct feed f = {.data = data, .size = n, .sizes = sizes, .nsizes = nsizes, .ninputs = ninputs};
	for (int i = 0; i < ninputs; i++) {
		int p[2];
		if (pipe2(p, O_DIRECT) < 0)
			abort();
		fcntl(p[1], F_SETPIPE_SZ, 1 << 20); /* room for 256 packets: fewer thread switches */
		place(p[0], FIRST_FD + i);
		f.fds[i] = p[1];
	}
	pthread_t t;
	if (pthread_create(&t, NULL, writer, &f) != 0)
		abort();
	read_all(ninputs, &opts, ninputs * n, &chunked);
	/* what the reader left (after an error) is drained, so that the writer ends */
	char sink[4096];
	for (int i = 0; i < ninputs; i++) {
		while (read(FIRST_FD + i, sink, sizeof sink) > 0)
			;
		close(FIRST_FD + i);
	}
	pthread_join(t, NULL);

	if (whole.len != chunked.len || memcmp(whole.p, chunked.p, whole.len) != 0) {
		fprintf(stderr, "tsv-reader: one read and chunked reads disagree\n");
		abort();
	}
	buf_free(&whole);
	buf_free(&chunked);
	return 0;
}
