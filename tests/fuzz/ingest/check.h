/* check.h: what both ingest fuzz targets (feed.c, html.c) check around ingest's own readers.
 * Rows go to an in-memory file and are read back after each input: each must have seven fields
 * and be valid UTF-8. libxml2 is left no way to the disk or the network: its input callbacks
 * are replaced by one that aborts, as are socket() and connect(), and the external entity
 * loader must never even be asked. Included by one target each, so the definitions below are
 * made once in each program. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libxml/xmlIO.h>

#include "ingest.h"
#include "markup.h"
#include "out.h"
#include "utf8.h"

static int rows_fd = -1;
static char *rows;
static size_t rows_cap;

static int no_file_match(const char *uri)
{
	fprintf(stderr, "fuzz: libxml2 tried to open '%s'\n", uri);
	abort();
}

static void *no_file_open(const char *uri)
{
	(void)uri;
	abort();
}

int socket(int domain, int type, int protocol)
{
	(void)domain;
	(void)type;
	(void)protocol;
	fprintf(stderr, "fuzz: a socket was opened\n");
	abort();
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	(void)fd;
	(void)addr;
	(void)len;
	fprintf(stderr, "fuzz: a connection was tried\n");
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	markup_init();
	xmlCleanupInputCallbacks();
	xmlRegisterInputCallbacks(no_file_match, no_file_open, NULL, NULL);
	rows_fd = memfd_create("ingest-rows", 0);
	if (rows_fd < 0)
		abort();
	out_init(rows_fd, false);
	return 0;
}

/* Every row written for the last input: seven fields, valid UTF-8, nothing loaded. */
static void check_rows(void)
{
	if (out_flush() < 0 || refused_uri()[0])
		abort();
	off_t n = lseek(rows_fd, 0, SEEK_CUR);
	if (n < 0)
		abort();
	if ((size_t)n > rows_cap) {
		rows_cap = (size_t)n;
		rows = realloc(rows, rows_cap);
		if (!rows)
			abort();
	}
	if (n && pread(rows_fd, rows, (size_t)n, 0) != n)
		abort();
	if (utf8_valid_prefix(rows, (size_t)n) != (size_t)n)
		abort();
	size_t tabs = 0;
	for (off_t i = 0; i < n; i++) {
		if (rows[i] == '\t')
			tabs++;
		else if (rows[i] == '\r')
			abort();
		else if (rows[i] == '\n') {
			if (tabs != 6)
				abort();
			tabs = 0;
		}
	}
	if (n && rows[n - 1] != '\n')
		abort();
	if (ftruncate(rows_fd, 0) < 0 || lseek(rows_fd, 0, SEEK_SET) < 0)
		abort();
}

/* Reads data with the reader ingest would use, then checks what it wrote. */
static void run_reader(int (*reader)(const struct options *, struct input *, const char *, size_t),
		       const char *name, const uint8_t *data, size_t size)
{
	struct options o = {.max_doc = (size_t)64 << 20, .max_doc_arg = "64M", .text_column = "text"};
	struct input in = {.name = name, .id_path = name};
	/* the reader wants the bytes NUL-terminated, as ingest reads them */
	char *copy = malloc(size + 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	copy[size] = '\0';
	reader(&o, &in, copy, size);
	free(copy);
	check_rows();
}
