/* events-tsv.h: the fuzz input as an events TSV, for the targets of this directory (not a
 * target itself): lines of up to NFIELDS TAB-separated fields, each cut or padded to NFIELDS,
 * under the header of extract-events' columns that diff-sources reads. */
#ifndef FUZZ_EVENTS_TSV_H
#define FUZZ_EVENTS_TSV_H

#include <string.h>

#include "buf.h"

#define NFIELDS 12
static const char header[] =
	"source\tcode\tactor1\tactor2\tdate\ttime_utc\tquantity\tunit\tduration\tpublished\tdoc_id\tcondition\n";

/* The input as an events TSV: each line cut or padded to NFIELDS fields; CR and backslash
 * dropped (the reader's escapes are not what is fuzzed here). */
static void make_tsv(const char *s, size_t len, struct buf *out)
{
	buf_clear(out);
	buf_append(out, header, sizeof header - 1);
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(s + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - s) : len;
		int fields = 1;
		for (size_t i = at; i < end; i++) {
			if (s[i] == '\t' && ++fields > NFIELDS)
				break;
			if (s[i] != '\r' && s[i] != '\\')
				buf_putc(out, s[i]);
		}
		for (; fields < NFIELDS; fields++)
			buf_putc(out, '\t');
		buf_putc(out, '\n');
		at = end + 1;
	}
}

#endif
