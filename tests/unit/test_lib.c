/* Unit tests of lib/: TAP output, one line a check. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "data.h"
#include "err.h"
#include "hash.h"
#include "tsv.h"
#include "utf8.h"

static int n_test, n_fail;

static void check(int ok, const char *what)
{
	n_test++;
	if (!ok)
		n_fail++;
	printf("%sok %d - lib: %s\n", ok ? "" : "not ", n_test, what);
}

static char *write_temp(const char *content, size_t len)
{
	static char path[64];
	strcpy(path, "/tmp/cc-unit-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, content, len) != (ssize_t)len)
		abort();
	close(fd);
	return path;
}

static void test_unescape(void)
{
	char s[] = "a\\tb\\nc\\\\d\\x\\";
	size_t n = tsv_unescape(s, strlen(s));
	check(n == 10 && memcmp(s, "a\tb\nc\\d\\x\\", 10) == 0, "unescape \\t \\n \\\\ and keeps unknown escapes");
}

static void test_utf8(void)
{
	check(utf8_valid_prefix("abc\xC3\xA9", 5) == 5, "valid UTF-8 accepted");
	check(utf8_valid_prefix("ab\xC3", 3) == 2, "truncated sequence found");
	check(utf8_valid_prefix("ab\0c", 4) == 2, "NUL byte is not accepted");
	check(utf8_valid_prefix("\xC0\xAF", 2) == 0, "overlong form rejected");
	check(utf8_valid_prefix("\xED\xA0\x80", 3) == 0, "surrogate rejected");
	struct buf b = {0};
	long k = utf8_repair("a\xE2\x82z\xFF", 5, &b);
	check(k == 2 && strcmp(b.p, "a\xEF\xBF\xBDz\xEF\xBF\xBD") == 0, "repair: a truncated sequence is one U+FFFD");
	buf_clear(&b);
	utf8_nfc("Ely\x73\x65\xCC\x81" "e", 8, &b); /* e + combining acute */
	check(strcmp(b.p, "Elyse\xC3\xA9" "e") == 0 || strcmp(b.p, "Elys\xC3\xA9" "e") == 0, "NFC composes e + U+0301");
	buf_clear(&b);
	utf8_casefold("Élysée KIEV", strlen("Élysée KIEV"), &b);
	check(strcmp(b.p, "élysée kiev") == 0, "case folding");
	buf_free(&b);
}

static void test_hash(void)
{
	char hex[17];
	hash64_hex(hash64("crosscheck", 10, 0), hex);
	check(strlen(hex) == 16 && hash64("a", 1, 0) != hash64("b", 1, 0), "hash64 distinct and hex is 16 digits");
	check(hash64("crosscheck", 10, 0) == hash64("crosscheck", 10, 0), "hash64 stable");
}

static void test_reader(void)
{
	const char tsv[] = "\xEF\xBB\xBFid\ttext\r\n1\tone\\ttwo\r\n2\tbad\xFF\n3\tlast";
	char *path = write_temp(tsv, sizeof tsv - 1);
	struct tsv_reader r;
	struct tsv_opts o = {0};
	char *files[] = {path};
	int rc = tsv_open(&r, 1, files, &o);
	check(rc == 0 && r.ncols == 2 && strcmp(r.names[0], "id") == 0, "header read, BOM and CR dropped");
	check(tsv_column(&r, "text") == 1 && tsv_column(&r, "nope") == -1, "columns by name");
	check(tsv_next(&r) == 1 && strcmp(r.fields[1], "one\ttwo") == 0 && r.lens[1] == 7, "field unescaped");
	check(tsv_next(&r) == 1 && strcmp(r.fields[1], "bad\xEF\xBF\xBD") == 0 && r.replaced == 1,
	      "invalid byte replaced and counted");
	check(tsv_next(&r) == 1 && strcmp(r.fields[1], "last") == 0, "last line without LF");
	check(tsv_next(&r) == 0, "end of input");
	r.replaced = 0;
	tsv_close(&r);
	unlink(path);

	const char ragged[] = "a\tb\n1\t2\n3\n";
	path = write_temp(ragged, sizeof ragged - 1);
	files[0] = path;
	tsv_open(&r, 1, files, &o);
	tsv_next(&r);
	rc = tsv_next(&r);
	check(rc == -1 && strstr(r.err, ":3: expected 2 fields, found 1") != NULL, "ragged row is an error with its line");
	tsv_close(&r);
	unlink(path);

	const char csv[] = "id,text\n1,\"a, \"\"quoted\"\"\nline\"\n2,plain\n";
	path = write_temp(csv, sizeof csv - 1);
	files[0] = path;
	o.csv = true;
	tsv_open(&r, 1, files, &o);
	check(r.ncols == 2, "CSV header");
	check(tsv_next(&r) == 1 && strcmp(r.fields[1], "a, \"quoted\"\nline") == 0, "CSV quoted field with newline");
	check(tsv_next(&r) == 1 && strcmp(r.fields[0], "2") == 0, "CSV second row");
	check(tsv_next(&r) == 0, "CSV end");
	tsv_close(&r);
	unlink(path);
}

static void test_long_line(void)
{
	size_t n = 3 << 20;
	char *big = malloc(n + 16);
	memcpy(big, "t\n", 2);
	memset(big + 2, 'x', n);
	big[n + 2] = '\n';
	char *path = write_temp(big, n + 3);
	struct tsv_reader r;
	struct tsv_opts o = {0};
	char *files[] = {path};
	tsv_open(&r, 1, files, &o);
	check(tsv_next(&r) == 1 && r.lens[0] == n, "a 3 MB field is read whole");
	tsv_close(&r);
	o.max_field = 1 << 20;
	tsv_open(&r, 1, files, &o);
	check(tsv_next(&r) == -1 && strstr(r.err, "see --max-field") != NULL, "a field over --max-field is an error");
	tsv_close(&r);
	unlink(path);
	free(big);
}

struct collected {
	char text[256];
	unsigned long lines[8];
	int n;
};

static int collect_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	struct collected *c = ctx;
	strncat(c->text, line, len);
	strcat(c->text, "|");
	c->lines[c->n++] = lineno;
	return !strcmp(line, "stop") ? 7 : 0;
}

static void test_data_lines(void)
{
	const char content[] = "# comment\nfirst\r\n\nsecond\tcol\nstop\nnever\n";
	char *path = write_temp(content, sizeof content - 1);
	struct collected c = {0};
	char err[256];
	int rc = data_lines(path, collect_line, &c, err, sizeof err);
	check(rc == 7 && !strcmp(c.text, "first|second\tcol|stop|") && c.n == 3 && c.lines[0] == 2 &&
		      c.lines[1] == 4 && c.lines[2] == 5,
	      "data_lines: skips comments and blank lines, drops CRLF, counts lines, stops on nonzero");
	unlink(path);
	rc = data_lines("/nonexistent/x.tsv", collect_line, &c, err, sizeof err);
	check(rc == -1 && !strcmp(err, "/nonexistent/x.tsv: cannot open: No such file or directory"),
	      "data_lines: a missing file is 'path: cannot open: reason'");
	msg_format_at(err, sizeof err, "data/x.tsv", 12, "bad %s", "pattern");
	check(!strcmp(err, "data/x.tsv:12: bad pattern"), "msg_format_at: file:line: message");
	msg_format_at(err, sizeof err, "-", 3, "x");
	check(!strcmp(err, "<stdin>:3: x"), "msg_format_at: - is <stdin>");
}

int main(void)
{
	test_data_lines();
	test_unescape();
	test_utf8();
	test_hash();
	test_reader();
	test_long_line();
	printf("1..%d\n", n_test);
	return n_fail != 0;
}
