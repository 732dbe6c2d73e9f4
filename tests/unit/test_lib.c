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
#include "opts.h"
#include "out.h"
#include "row.h"
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

static void test_fold_blanks(void)
{
	char a[] = "  Vladimir\n\tPetrovsky \r\n", b[] = "", c[] = " \n ";
	size_t n = fold_blanks(a, strlen(a));
	check(n == 18 && !memcmp(a, "Vladimir Petrovsky", 18), "blank runs fold to one space, none at the ends");
	check(fold_blanks(b, 0) == 0 && fold_blanks(c, 3) == 0, "nothing, or only blanks, folds to nothing");
}

static void test_hash(void)
{
	char hex[17];
	hash64_hex(hash64("crosscheck", 10, 0), hex);
	check(strlen(hex) == 16 && hash64("a", 1, 0) != hash64("b", 1, 0), "hash64 distinct and hex is 16 digits");
	check(hash64("crosscheck", 10, 0) == hash64("crosscheck", 10, 0), "hash64 stable");
}

static void test_value_only(void)
{
	const char tsv[] = "id\ttext\ttail\na\\tb\tone\\ntwo\\x\tz\\\\\n";
	char *path = write_temp(tsv, sizeof tsv - 1);
	struct tsv_reader r;
	struct tsv_opts o = {0};
	char *files[] = {path};
	tsv_open(&r, 1, files, &o);
	check(tsv_value_only(&r, 1) == 0 && tsv_value_only(&r, 99) == 0, "tsv_value_only: a column, and one past the last ignored");
	check(tsv_next(&r) == 1 && !strcmp(r.fields[1], "one\ntwo\\x") && r.lens[1] == 9 && r.raw[1] == NULL,
	      "tsv_value_only: the value unescaped in place, no raw form");
	check(!strcmp(r.fields[0], "a\tb") && r.raw_lens[0] == 4 && !memcmp(r.raw[0], "a\\tb", 4) &&
		      !strcmp(r.fields[2], "z\\") && r.raw_lens[2] == 3,
	      "tsv_value_only: the other columns keep value and raw form");
	tsv_close(&r);
	unlink(path);
	char d[32];
	check(!strcmp((*decimal_into(d, 0) = 0, d), "0") && !strcmp((*decimal_into(d, 9) = 0, d), "9") &&
		      !strcmp((*decimal_into(d, 10) = 0, d), "10") && !strcmp((*decimal_into(d, 105) = 0, d), "105") &&
		      !strcmp((*decimal_into(d, 18446744073709551615ULL) = 0, d), "18446744073709551615"),
	      "decimal_into: 0, 9, 10, 105, the largest");
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

/* The reader's raw forms, and rows written from them by row.h into a temporary file. */
static void test_rows(void)
{
	const char in[] = "a\tb\tc\n1\tx\\ty\tp\\q\n2\tplain\tr\rs\n";
	char *path = write_temp(in, sizeof in - 1), *files[] = {path};
	struct tsv_reader r;
	struct tsv_opts o = {0};
	check(tsv_open(&r, 1, files, &o) == 0 && tsv_next(&r) == 1, "rows: reader opens");
	check(r.lens[1] == 3 && memcmp(r.fields[1], "x\ty", 3) == 0 && r.raw_lens[1] == 4 &&
	      memcmp(r.raw[1], "x\\ty", 4) == 0, "raw form of a canonical field is the bytes read");
	check(r.raw_lens[2] == 4 && memcmp(r.raw[2], "p\\\\q", 4) == 0, "raw form of a lone backslash is escaped");
	char outpath[] = "/tmp/cc-unit-out-XXXXXX";
	int fd = mkstemp(outpath);
	out_init(fd, false);
	struct row_writer w;
	check(row_writer_init(&w, &r) == 0 && row_replace(&w, 1) == 0 && row_prepend(&w, "k") == 0 &&
	      row_append(&w, "n") == 0, "rows: writer set up");
	row_drop(&w, 0);
	row_header(&w);
	struct buf saved = {0};
	check(row_take(&w) == 0 && row_save(&w, &saved) == 0, "rows: row taken and saved");
	check(tsv_next(&r) == 1 && row_take(&w) == 0, "rows: second row");
	row_begin(&w);
	out_str("K2");
	row_next(&w);
	out_escaped("v\t", 2);
	row_next(&w);
	out_ulong(2);
	row_next(&w);
	row_end();
	row_begin_saved(&w, saved.p);
	out_str("K1");
	row_next(&w);
	out_str("v");
	row_next(&w);
	out_ulong(1);
	row_next(&w);
	row_end();
	out_flush();
	char got[256] = {0};
	ssize_t n = pread(fd, got, sizeof got - 1, 0);
	const char want[] = "k\tb\tc\tn\nK2\tv\\t\tr\\rs\t2\nK1\tv\tp\\\\q\t1\n";
	check(n == (ssize_t)sizeof want - 1 && memcmp(got, want, sizeof want - 1) == 0,
	      "rows: copied, dropped, replaced, prepended and appended columns, a saved row");
	close(fd);
	unlink(outpath);
	buf_free(&saved);
	row_writer_free(&w);
	tsv_close(&r);
	unlink(path);
}

static void test_opts(void)
{
	size_t size;
	double v;
	long k;
	check(parse_size("64M", &size) == 0 && size == (size_t)64 << 20, "size 64M");
	check(parse_number("0.5", false, 0, 1, &v) == 0 && v == 0.5, "number 0.5 in [0, 1]");
	check(parse_number("nan", false, 0, 1, &v) < 0 && parse_number("1e-1", false, 0, 1, &v) < 0,
	      "nan and exponents are not numbers");
	check(parse_number("2.0", true, 0, 5, &v) < 0, "2.0 is not a whole number");
	fflush(stdout);
	int saved = dup(2), null = open("/dev/null", O_WRONLY);
	dup2(null, 2);
	check(opt_whole("--n", "13", 1, 12, &k) < 0 && opt_whole("--n", "12", 1, 12, &k) == 0 && k == 12,
	      "opt_whole range");
	dup2(saved, 2);
	close(null);
	close(saved);
}

int main(void)
{
	test_rows();
	test_opts();
	test_data_lines();
	test_unescape();
	test_utf8();
	test_hash();
	test_fold_blanks();
	test_reader();
	test_value_only();
	test_long_line();
	printf("1..%d\n", n_test);
	return n_fail != 0;
}
