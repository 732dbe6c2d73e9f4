/* Fuzz target: the last phase of dedupe in phases (merge.c) and the readers of the phases' files
 * (phases.c) on damaged input. The first byte picks the mode and the output (--mark,
 * --clusters); the rest is the sketched rows (what --sketch writes), then a line "--" alone,
 * then the group lines (what --groups writes, sorted by seq). Seeds are real phase files of a
 * small story, so that mutations reach the tags a row shares. The merge must give an exit
 * status (0, or 1 with a message), never crash, never read or write out of bounds. Both files
 * are written under /tmp with this process's id and removed after each input. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dedupe.h"
#include "out.h"
#include "tsv.h"

static char rows_path[64], groups_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	int fd = open("/dev/null", O_WRONLY);
	out_init(fd < 0 ? 1 : fd, false);
	snprintf(rows_path, sizeof rows_path, "/tmp/fuzz-merge-rows-%d.tsv", (int)getpid());
	snprintf(groups_path, sizeof groups_path, "/tmp/fuzz-merge-groups-%d.tsv", (int)getpid());
	return 0;
}

static void write_file(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t pick = data[0];
	const uint8_t *rest = data + 1, *cut = NULL;
	size_t n = size - 1;
	for (size_t i = 0; i + 4 <= n; i++)
		if (!memcmp(rest + i, "\n--\n", 4)) {
			cut = rest + i;
			break;
		}
	size_t nrows = cut ? (size_t)(cut - rest) + 1 : n;
	write_file(rows_path, rest, nrows);
	write_file(groups_path, cut ? cut + 4 : rest + n, cut ? n - nrows - 3 : 0);
	enum mode mode = pick % 3 == 0 ? MODE_MINHASH : pick % 3 == 1 ? MODE_EXACT : MODE_SIMHASH;
	struct merge_params mp = {
		.sketch = {.mode = mode, .shingle = 3, .number_weight = 2, .bands = 42, .rows = 3, .bits = 3,
			   .contain = mode == MODE_MINHASH ? CONTAIN_KEYS : 0},
		.verify = {.mode = mode, .bits = 3, .threshold = 0.65, .containment = 0.85},
		.mark = (pick >> 2) & 1, .clusters = (pick >> 3) & 1 && !((pick >> 2) & 1),
	};
	char *files[1] = {rows_path};
	struct tsv_reader r;
	if (tsv_open(&r, 1, files, &mp.in) == 0 && !r.empty) {
		mp.id = tsv_column(&r, "doc_id");
		int status = phase_merge(&r, groups_path, &mp);
		if (status != 0 && status != 1)
			abort();
	}
	tsv_close(&r);
	out_flush();
	unlink(rows_path);
	unlink(groups_path);
	return 0;
}
