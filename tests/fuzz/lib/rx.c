/* Fuzz target: lib/rx. The input is a pattern file, a line "--", and a text (cut to its valid
 * UTF-8 prefix, as the tools' input is repaired before it reaches a pattern). Properties
 * checked, not only crashes: a load fails with "file:line: " or succeeds; every match rx_scan()
 * reports lies in the text and is found again by rx_match() from where it was found (unless a
 * limit stopped it); a set is freed without leaks whatever the patterns. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rx.h"
#include "utf8.h"

static char path[64];

static void remove_file(void)
{
	unlink(path);
}

struct scan {
	struct rx_set *set;
	const char *text;
	size_t len;
};

static int found(void *ctx, const struct rx_found *f)
{
	struct scan *sc = ctx;
	if (f->start >= f->end || f->end > f->limit || f->limit > sc->len || f->from > f->start ||
	    f->index >= rx_count(sc->set))
		abort();
	size_t s, e, n;
	const char *g = rx_group(sc->set, f->index, sc->text, "g", &n);
	if (g && (g < sc->text || g + n > sc->text + sc->len))
		abort();
	unsigned long hits = rx_limit_hits(sc->set);
	if (rx_match(sc->set, f->index, sc->text, f->limit, f->from, &s, &e)) {
		if (s != f->start || e != f->end)
			abort();
	} else if (rx_limit_hits(sc->set) == hits) {
		abort(); /* no match, and no limit to explain it */
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!*path) {
		snprintf(path, sizeof path, "/tmp/fuzz-rx-XXXXXX");
		int fd = mkstemp(path);
		if (fd < 0)
			abort();
		close(fd);
		atexit(remove_file);
	}
	const char *s = (const char *)data, *sep = NULL;
	for (size_t i = 0; i + 3 <= size && !sep; i++)
		if (!memcmp(s + i, "--\n", 3) && (i == 0 || s[i - 1] == '\n'))
			sep = s + i;
	size_t nfile = sep ? (size_t)(sep - s) : size;
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(s, 1, nfile, f);
	fclose(f);
	/* an odd input's digit patterns are searched from the places before its numbers
	 * (rx_config.digit_lead), an even one's in windows around its digits */
	struct rx_config cfg = {.ncols = 1, .match_limit = 10000, .digit_lead = size % 2 ? 4 : 0};
	struct rx_set *set = rx_new(&cfg);
	char err[512] = "";
	if (!set)
		abort();
	if (rx_load(set, path, err, sizeof err) < 0) {
		if (strncmp(err, path, strlen(path)) || err[strlen(path)] != ':')
			abort();
	} else if (sep) {
		const char *text = sep + 3;
		size_t len = utf8_valid_prefix(text, size - nfile - 3);
		struct scan sc = {set, text, len};
		rx_words_clear(set);
		rx_words_of_text(set, text, len);
		rx_scan(set, text, len, found, &sc, err, sizeof err);
	}
	/* a set whose searches hit a limit prints its warning here */
	rx_free(set);
	return 0;
}
