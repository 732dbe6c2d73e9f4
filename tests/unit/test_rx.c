/* Unit tests of lib/rx.c: TAP output, one line a check. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rx.h"

static int n_test, n_fail;

static void check(int ok, const char *what)
{
	n_test++;
	if (!ok)
		n_fail++;
	printf("%sok %d - rx: %s\n", ok ? "" : "not ", n_test, what);
}

static char path[64];

/* Writes text into a fresh temporary file, whose name is in path. */
static void file_of(const char *text)
{
	if (*path)
		unlink(path);
	snprintf(path, sizeof path, "/tmp/test_rx_XXXXXX");
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		perror("test_rx");
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

/* The caller's columns: a code and slot roles, as extract-events would have them. */
struct cols {
	char code[16][8], roles[16][32];
};

static int keep_cols(void *ctx, size_t index, char **cols, size_t ncols, char *err, size_t errsize)
{
	struct cols *c = ctx;
	if (ncols != 2 || index >= 16 || strlen(cols[0]) != 3) {
		snprintf(err, errsize, "a code is 3 digits, not '%s'", cols[0]);
		return -1;
	}
	snprintf(c->code[index], sizeof c->code[index], "%s", cols[0]);
	snprintf(c->roles[index], sizeof c->roles[index], "%s", cols[1]);
	return 0;
}

/* The matches of a scan, as "index:start-end " in a string. */
struct seen {
	char s[512];
};

static int note(void *ctx, const struct rx_found *f)
{
	struct seen *sn = ctx;
	size_t n = strlen(sn->s);
	snprintf(sn->s + n, sizeof sn->s - n, "%zu:%zu-%zu ", f->index, f->start, f->end);
	return 0;
}

static struct rx_set *load(const struct rx_config *cfg, const char *text, char *err, size_t errsize)
{
	file_of(text);
	struct rx_set *set = rx_new(cfg);
	if (set && rx_load(set, path, err, errsize) < 0) {
		rx_free(set);
		return NULL;
	}
	return set;
}

static const char *scan(struct rx_set *set, const char *text, struct seen *sn)
{
	char err[256];
	sn->s[0] = '\0';
	rx_words_clear(set);
	rx_words_of_text(set, text, strlen(text));
	if (rx_scan(set, text, strlen(text), note, sn, err, sizeof err) != 0)
		snprintf(sn->s, sizeof sn->s, "error: %s", err);
	return sn->s;
}

static void patterns(void)
{
	struct cols c;
	struct rx_config cfg = {.ncols = 2, .fields = keep_cols, .ctx = &c, .shape = "CODE<TAB>roles<TAB>gate<TAB>pattern"};
	char err[512] = "";
	struct rx_set *set = load(&cfg,
				  "# events\n"
				  "def\tWHO\t(?<who>[A-Z][a-z]+)\n"
				  "def\tMET\tmet(?:\\s+with)?\n"
				  "040\tsource,target\tmet\t{{WHO}}\\s+{{MET}}\\s+(?<whom>[A-Z][a-z]+)\n"
				  "\n"
				  "190\tsource\tjan.\t\\bJan\\.\\s+\\d+\n"
				  "111\tsource\t0\t\\b\\d+ (?:tanks|troops)\n",
				  err, sizeof err);
	check(set && rx_count(set) == 3, "three patterns loaded with definitions");
	if (!set) {
		printf("# %s\n", err);
		return;
	}
	check(!strcmp(c.code[0], "040") && !strcmp(c.roles[0], "source,target") && !strcmp(c.code[2], "111"),
	      "the caller's columns reach its callback");
	check(rx_line(set, 1) == 6 && !strcmp(rx_file(set, 1), path), "a pattern knows its file and line");
	struct seen sn;
	check(!strcmp(scan(set, "Macron met with Putin.", &sn), "0:0-21 "), "a gated pattern runs when its word is there");
	check(!strcmp(scan(set, "Macron greeted Putin.", &sn), ""), "and not when it is absent");
	check(!strcmp(scan(set, "On Jan. 5 they left.", &sn), "1:3-9 "), "a gate word with its full stop");
	const char *far = "There were 300 tanks there.";
	check(!strcmp(scan(set, far, &sn), "2:11-20 "), "a digit gate runs near the digits");
	char text[400];
	snprintf(text, sizeof text, "%s%-100s tanks", "3", " and then, much later, some more words to go past the window of the digit");
	check(!strcmp(scan(set, text, &sn), ""), "and not farther than the window");
	size_t s, e, n = 0;
	const char *t = "Scholz met Biden.";
	const char *g = rx_match(set, 0, t, strlen(t), 0, &s, &e) ? rx_group(set, 0, t, "whom", &n) : NULL;
	check(g && n == 5 && !strncmp(g, "Biden", 5) && s == 0 && e == 16, "rx_match and its named groups");
	check(rx_group(set, 0, t, "nope", &n) == NULL, "no such group");
	check(rx_limit_hits(set) == 0, "no limit hit on plain text");
	rx_free(set);
}

static void limits(void)
{
	char err[512] = "";
	struct rx_config cfg = {.ncols = 1};
	struct rx_set *set = load(&cfg, "X\t*\t(a+)+$\n", err, sizeof err);
	check(set != NULL, "a catastrophic pattern loads");
	if (!set)
		return;
	char text[40];
	memset(text, 'a', 30);
	strcpy(text + 30, "b");
	struct seen sn;
	clock_t t0 = clock();
	const char *got = scan(set, text, &sn);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	check(!strcmp(got, ""), "(a+)+$ on 30 a's and a b: no match, no error");
	check(secs < 1.0, "and it returns quickly");
	check(rx_limit_hits(set) >= 1, "the limit hit is counted");
	printf("# %lu limit hits, %.3f s\n", rx_limit_hits(set), secs);
	rx_free(set); /* prints the warning */
}

/* Loading text fails with a message that starts with path:line: and holds want. */
static void fails(const char *text, unsigned long line, const char *want, const char *what)
{
	char err[512] = "", head[128];
	struct rx_config cfg = {.ncols = 1, .shape = "TYPE<TAB>gate<TAB>pattern"};
	struct rx_set *set = load(&cfg, text, err, sizeof err);
	snprintf(head, sizeof head, "%s:%lu: ", path, line);
	int ok = !set && !strncmp(err, head, strlen(head)) && strstr(err, want);
	if (!ok)
		printf("# got '%s'\n", err);
	check(ok, what);
	rx_free(set);
}

static void errors(void)
{
	fails("# a comment\nDATE\t0\t(unclosed\n", 2, "bad pattern at 9: ", "a bad pattern gives file:line");
	fails("def\tA\tx\nDATE\t0\t{{A}}{{NOPE}}\n", 2, "no definition of '{{NOPE}}'", "an undefined {{name}}");
	fails("def\tA\t{{B}}\n", 1, "no definition of '{{B}}'", "an undefined {{name}} in a definition");
	fails("DATE\tno gate\n", 1, "expected 'TYPE<TAB>gate<TAB>pattern'", "a line without its columns");
	fails("def\tA\n", 1, "expected 'def<TAB>NAME<TAB>pattern'", "a definition without its pattern");
	char many[8192] = "X\t";
	for (int i = 0; i < RX_MAX_GATE_WORDS + 1; i++)
		snprintf(many + strlen(many), sizeof many - strlen(many), "w%d,", i);
	strcat(many, "\tx\n");
	fails(many, 1, "more than 256 gate words", "too many gate words");
	char err[256];
	struct rx_set *set = rx_new(NULL);
	check(set && rx_load(set, "/nonexistent/p.tsv", err, sizeof err) < 0 &&
		      !strncmp(err, "/nonexistent/p.tsv: cannot open: ", 33),
	      "a missing file");
	rx_free(set);
}

static void two_files(void)
{
	char err[512] = "";
	struct rx_config cfg = {.ncols = 0};
	file_of("def\tN\t\\d+\n*\t{{N}} km\n");
	struct rx_set *set = rx_new(&cfg);
	int ok = set && rx_load(set, path, err, sizeof err) == 0;
	char first[64];
	snprintf(first, sizeof first, "%s", path);
	file_of("*\t{{N}} miles\n"); /* a user's file, with the shipped definitions */
	ok = ok && rx_load(set, path, err, sizeof err) == 0;
	check(ok && rx_count(set) == 2 && !strcmp(rx_file(set, 0), first) && !strcmp(rx_file(set, 1), path) &&
		      rx_line(set, 1) == 1,
	      "a second file uses the first one's definitions");
	struct seen sn;
	check(ok && !strcmp(scan(set, "5 km and 7 miles", &sn), "0:0-4 1:9-16 "), "both files' patterns run");
	if (!ok)
		printf("# %s\n", err);
	rx_free(set);
}

/* rx_config.digit_lead: a pattern gated on digits is tried only from the places before each
 * number, to the end of the text: the matches of a search of the whole text. */
static void digit_lead(void)
{
	char err[512] = "";
	struct rx_config cfg = {.ncols = 1, .digit_lead = 4};
	struct rx_set *set = load(&cfg,
				  "MONEY\t0\t(?<![\\w$])(?:US\\$|\\$)\\s?\\d+\n"
				  "PCT\t0\t(?<![\\w.])\\d+(?:\\.\\d+)?\\s?(?:%|pct\\b)\n",
				  err, sizeof err);
	check(set != NULL, "digit_lead: the patterns load");
	if (!set) {
		printf("# %s\n", err);
		return;
	}
	struct seen sn;
	check(!strcmp(scan(set, "It paid US$ 5 and 12.5 pct more.", &sn), "0:8-13 1:18-26 "),
	      "digit_lead: a currency before the number, a number with its decimals");
	/* a number 78 bytes after another: the windows of RX_DIGIT_WINDOW bytes ended in it */
	char text[300];
	snprintf(text, sizeof text, "Rates rose 3 pct in March and%-59s 55 pct later.", ",");
	const char *want = "1:11-16 1:89-95 ";
	check(!strcmp(scan(set, text, &sn), want), "digit_lead: a number far from the last one is found whole");
	if (strcmp(sn.s, want))
		printf("# got %s\n", sn.s);
	check(!strcmp(scan(set, "No figures here, only words.", &sn), ""), "digit_lead: no digit, no search");
	rx_free(set);
}

/* rx_config.jit_budget: once the JIT's code passes it, the patterns that come due stay in the
 * interpreter, with the same matches. */
static size_t jit_run(size_t budget, int *same)
{
	char err[512] = "";
	struct rx_config cfg = {.ncols = 1, .jit_after = 1, .jit_budget = budget};
	struct rx_set *set = load(&cfg,
				  "MET\tmet\t\\b[A-Z][a-z]+ met [A-Z][a-z]+\n"
				  "SAW\tsaw\t\\b[A-Z][a-z]+ saw [A-Z][a-z]+\n",
				  err, sizeof err);
	if (!set) {
		printf("# %s\n", err);
		*same = 0;
		return 0;
	}
	struct seen sn;
	for (int i = 0; i < 4; i++) /* the first search in the interpreter, then machine code */
		*same &= !strcmp(scan(set, "Anna met Boris and Carl saw Dora.", &sn), "0:0-14 1:19-32 ");
	size_t bytes = rx_jit_bytes(set);
	rx_free(set);
	return bytes;
}

static void jit_budget(void)
{
	int same = 1;
	size_t all = jit_run(0, &same), one = jit_run(1, &same);
	check(same, "jit_budget: the same matches in the interpreter and in machine code");
	/* under CROSSCHECK_NO_JIT (valgrind runs) nothing is compiled at all */
	bool jit = !getenv("CROSSCHECK_NO_JIT");
	check(!jit || (one > 0 && all > one), "jit_budget: machine code for the first pattern due only");
}

int main(void)
{
	patterns();
	jit_budget();
	digit_lead();
	limits();
	errors();
	two_files();
	if (*path)
		unlink(path);
	return n_fail != 0;
}
