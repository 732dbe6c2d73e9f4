/* Fuzz target: lib/utf8 and the field unescaper. Properties checked, not only crashes: repair
 * gives valid UTF-8 without NUL, valid input is left as it is, NFC and case folding of repaired
 * text give valid UTF-8, NFC (piece by piece after the quick check) equals utf8proc's NFC of the whole, unescaping never grows a field. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "tsv.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct buf fixed = {0}, nfc = {0}, folded = {0};
	long replaced = utf8_repair(s, size, &fixed);
	if (replaced < 0)
		abort();
	size_t valid = utf8_valid_prefix(s, size);
	if ((valid == size) != (replaced == 0))
		abort();
	if (replaced == 0 && (fixed.len != size || memcmp(fixed.p ? fixed.p : "", s, size) != 0))
		abort();
	if (utf8_valid_prefix(fixed.p ? fixed.p : "", fixed.len) != fixed.len)
		abort();
	if (utf8_nfc(fixed.p ? fixed.p : "", fixed.len, &nfc) < 0 ||
	    utf8_valid_prefix(nfc.p ? nfc.p : "", nfc.len) != nfc.len)
		abort();
	/* the quick check changes nothing: utf8proc's NFC of the whole gives the same bytes */
	utf8proc_uint8_t *whole = NULL;
	utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)(fixed.p ? fixed.p : ""),
					  (utf8proc_ssize_t)fixed.len, &whole, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (k < 0 || (size_t)k != nfc.len || memcmp(whole, nfc.p ? nfc.p : "", nfc.len) != 0)
		abort();
	free(whole);
	if (utf8_casefold(fixed.p ? fixed.p : "", fixed.len, &folded) < 0 ||
	    utf8_valid_prefix(folded.p ? folded.p : "", folded.len) != folded.len)
		abort();
	char *copy = malloc(size + 1);
	if (!copy)
		abort();
	memcpy(copy, s, size);
	copy[size] = '\0';
	if (tsv_unescape(copy, size) > size)
		abort();
	free(copy);
	buf_free(&fixed);
	buf_free(&nfc);
	buf_free(&folded);
	return 0;
}
