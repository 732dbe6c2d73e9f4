/* Unit tests of lib/utf8's NFC quick check, against utf8proc's own NFC: every code point alone
 * and in context, every canonical decomposition spelled out, and random strings of the code
 * points where composition happens. TAP output, one line a check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "utf8.h"

static int n_test, n_fail;

static void check(int ok, const char *what)
{
	n_test++;
	if (!ok)
		n_fail++;
	printf("%sok %d - nfc: %s\n", ok ? "" : "not ", n_test, what);
}

static bool is_scalar(int32_t c)
{
	return c < 0xD800 || (c > 0xDFFF && c < 0x110000);
}

static size_t put(char *to, int32_t c)
{
	return (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)to);
}

/* Whether utf8_nfc and utf8proc's NFC agree on s[0..n); reports the first disagreement. */
static bool agrees(const char *s, size_t n)
{
	static struct buf ours;
	buf_clear(&ours);
	if (utf8_nfc(s, n, &ours) < 0)
		return false;
	utf8proc_uint8_t *theirs = NULL;
	utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &theirs,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	bool same = k >= 0 && (size_t)k == ours.len && memcmp(theirs, ours.p ? ours.p : "", ours.len) == 0;
	static int reported;
	if (!same && reported++ < 5) {
		fprintf(stderr, "# disagree on:");
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " %02X", (unsigned char)s[i]);
		fprintf(stderr, "\n");
	}
	free(theirs);
	return same;
}

/* An inert code point has class 0 and NFC leaves it as it is. */
static void test_inert_code_points(void)
{
	long bad = 0, inert = 0;
	for (int32_t c = 0; c < 0x110000; c++) {
		if (!is_scalar(c) || !utf8_is_inert(c))
			continue;
		inert++;
		char s[4];
		size_t n = put(s, c);
		if (utf8proc_get_property(c)->combining_class != 0 || !agrees(s, n))
			bad++;
	}
	check(bad == 0 && inert > 1000000, "every inert code point has class 0 and is its own NFC");
}

/* Nothing inert ever composes with what precedes it: no code point after the first of a
 * canonical decomposition is inert. */
static void test_decompositions(void)
{
	long bad = 0, composites = 0;
	utf8proc_int32_t d[32];
	for (int32_t c = 0; c < 0x110000; c++) {
		if (!is_scalar(c))
			continue;
		int last = 0;
		utf8proc_ssize_t k = utf8proc_decompose_char(c, d, 32, UTF8PROC_DECOMPOSE, &last);
		if (k < 2)
			continue;
		composites++;
		for (utf8proc_ssize_t i = 1; i < k; i++)
			if (utf8_is_inert(d[i]))
				bad++;
	}
	check(bad == 0 && composites > 10000, "no later part of a canonical decomposition is inert");
}

/* Every code point between others, and every decomposition spelled out in text. */
static void test_in_context(void)
{
	long bad = 0;
	utf8proc_int32_t d[32];
	for (int32_t c = 0; c < 0x110000; c++) {
		if (!is_scalar(c))
			continue;
		char s[200];
		size_t n = 0;
		s[n++] = 'e';
		n += put(s + n, c);
		n += put(s + n, 0x301);
		n += put(s + n, 0x201C);
		int last = 0;
		utf8proc_ssize_t k = utf8proc_decompose_char(c, d, 32, UTF8PROC_DECOMPOSE, &last);
		for (utf8proc_ssize_t i = 0; i < k && k > 1; i++)
			n += put(s + n, d[i]);
		n += put(s + n, 0x2014);
		s[n++] = 'a';
		if (!agrees(s, n))
			bad++;
	}
	check(bad == 0, "every code point and its decomposition between others");
}

/* Random strings over the code points where composition and reordering happen. */
static void test_random(void)
{
	static const int32_t pool[] = {
		'a', 'e', 'A', ' ', 0xE9, 0xC7, 0x300, 0x301, 0x308, 0x323, 0x327, 0x345, 0x344, 0x340,
		0x0F73, 0x0F71, 0x0F72, 0x0F74, 0x1100, 0x1161, 0x11A7, 0x11A8, 0xAC00, 0xAC01, 0x2018, 0x2019,
		0x201C, 0x201D, 0x2013, 0x2014, 0x2026, 0x212B, 0x2126, 0x1E0A, 0x1E0C, 0x0CCA, 0x0CC6,
		0x0CC2, 0x0CD5, 0x09C7, 0x09BE, 0x09D7, 0x0B47, 0x0B3E, 0x0B56, 0x0B57, 0x1B05, 0x1B35,
		0x05D0, 0x05B7, 0x05BC, 0xFB2E, 0x0627, 0x0653, 0x0654, 0x0655, 0x3099, 0x309A, 0x304B,
		0x30AB, 0x1D15E, 0x1D165, 0x1D157, 0x2F800, 0xF900, 0x0958, 0x093C, 0x0915, 0x0CBF,
		0x11099, 0x110BA, 0x1109A, 0x0439, 0x0418, 0x0306, 0x0419, 0x1F00, 0x03B1, 0x0313, 0x0342,
	};
	const size_t kinds = sizeof pool / sizeof pool[0];
	unsigned long long state = 0x9E3779B97F4A7C15ULL;
	long bad = 0;
	for (int t = 0; t < 200000; t++) {
		char s[16 * 4];
		size_t n = 0;
		state = state * 6364136223846793005ULL + 1442695040888963407ULL;
		int len = 1 + (int)(state >> 60);
		for (int i = 0; i < len; i++) {
			state = state * 6364136223846793005ULL + 1442695040888963407ULL;
			n += put(s + n, pool[(state >> 33) % kinds]);
		}
		if (!agrees(s, n))
			bad++;
	}
	check(bad == 0, "200,000 random strings of composing code points");
}

int main(void)
{
	test_inert_code_points();
	test_decompositions();
	test_in_context();
	test_random();
	check(utf8_is_inert(0x201C) && utf8_is_inert(0x2014) && utf8_is_inert(0xE9) && utf8_is_inert(0x439),
	      "curly quotes, dashes, é and й are inert");
	check(!utf8_is_inert(0x301) && !utf8_is_inert(0x1161) && !utf8_is_inert(0x212B) && !utf8_is_inert(0x0CD5),
	      "a combining mark, a Hangul vowel, the ångström sign and a Kannada length mark are not");
	printf("1..%d\n", n_test);
	return n_fail != 0;
}
