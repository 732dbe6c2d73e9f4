/* verbs.tsv compiled: each row's frame becomes a pcre2 pattern over the sentence with slots
 * (see slots.tsv for {{ACT}}, {{COORD}} and the rest), its lemma's inflections generated, and
 * its gate words (the forms of the lemma's first word) put in the lexicon's table. The
 * patterns are written to an anonymous temporary file that lib/rx reads like any other.
 * What a frame needs of a sentence (its literal words, its number of actors) is kept too, and
 * checked on the sentence's words before the pattern runs, and so are the bytes of a sentence
 * where a pattern that begins with an actor may start. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "data.h"
#include "err.h"
#include "events.h"
#include "rx.h"

#define MAX_FORMS 12
struct forms {
	char v[MAX_FORMS][64];
	size_t n;
	char participle[4][64]; /* the past participles, for the passive */
	size_t npart;
};

static void add_form(struct forms *f, const char *w)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i], w))
			return;
	if (f->n < MAX_FORMS && strlen(w) < 64)
		strcpy(f->v[f->n++], w);
}

static bool vowel(char c)
{
	return strchr("aeiou", c) != NULL;
}

/* The inflections of verb w (the first word of a lemma) given the forms column. */
/* The -s form of w[0..n): a verb's third person ("goes": o after a consonant takes -es) or a
 * noun's plural ("echoes" is left to the forms column). */
static void add_s_form(struct forms *f, const char *w, size_t n, bool verb)
{
	char buf[80];
	char last = n ? w[n - 1] : 0, prev = n > 1 ? w[n - 2] : 0;
	if (last == 's' || last == 'x' || last == 'z' || (last == 'h' && (prev == 'c' || prev == 's')) ||
	    (verb && last == 'o' && !vowel(prev)))
		snprintf(buf, sizeof buf, "%ses", w);
	else if (last == 'y' && !vowel(prev))
		snprintf(buf, sizeof buf, "%.*sies", (int)(n - 1), w);
	else
		snprintf(buf, sizeof buf, "%ss", w);
	add_form(f, buf);
}

static void verb_forms(const char *w, const char *forms, struct forms *f)
{
	size_t n = strlen(w);
	char buf[80];
	f->n = f->npart = 0;
	add_form(f, w);
	char last = n ? w[n - 1] : 0, prev = n > 1 ? w[n - 2] : 0;
	add_s_form(f, w, n, true);
	bool doubled = false;
	if (forms && *forms) {
		/* "PAST PARTICIPLE", each with | alternatives */
		char tmp[256];
		snprintf(tmp, sizeof tmp, "%s", forms);
		char *sp = strchr(tmp, ' ');
		char *parts[2] = {tmp, sp ? sp + 1 : tmp};
		if (sp)
			*sp = '\0';
		for (int k = 0; k < 2; k++)
			for (char *a = strtok(parts[k], "|"); a; a = strtok(NULL, "|")) {
				add_form(f, a);
				if (k == 1 && f->npart < 4 && strlen(a) < 64)
					strcpy(f->participle[f->npart++], a);
				if (n && strlen(a) == n + 3 && a[n] == last && !strncmp(a, w, n))
					doubled = true;
			}
	} else {
		if (last == 'e')
			snprintf(buf, sizeof buf, "%sd", w);
		else if (last == 'y' && !vowel(prev))
			snprintf(buf, sizeof buf, "%.*sied", (int)(n - 1), w);
		else
			snprintf(buf, sizeof buf, "%sed", w);
		add_form(f, buf);
		strcpy(f->participle[f->npart++], buf);
	}
	if (n > 1 && last == 'e' && prev == 'i')
		snprintf(buf, sizeof buf, "%.*sying", (int)(n - 2), w);
	else if (last == 'e' && prev != 'e' && prev != 'o' && prev != 'y')
		snprintf(buf, sizeof buf, "%.*sing", (int)(n - 1), w);
	else if (doubled)
		snprintf(buf, sizeof buf, "%s%cing", w, last);
	else
		snprintf(buf, sizeof buf, "%sing", w);
	add_form(f, buf);
}

static void noun_forms(const char *w, const char *forms, struct forms *f)
{
	size_t n = strlen(w);
	f->n = f->npart = 0;
	add_form(f, w);
	if (forms && !strcmp(forms, "-"))
		return;
	if (forms && *forms) {
		add_form(f, forms);
		return;
	}
	add_s_form(f, w, n, false);
}

static int put(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

/* s[0..n) as a pcre2 literal, blanks as {{S}}. */
static int literal(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ') {
			if (put(b, "{{S}}") < 0)
				return -1;
		} else if (strchr("\\^$.[]|()?*+{}", c)) {
			if (buf_putc(b, '\\') < 0 || buf_putc(b, c) < 0)
				return -1;
		} else if (buf_putc(b, c) < 0) {
			return -1;
		}
	}
	return 0;
}

static int alternation(struct buf *b, const struct forms *f)
{
	put(b, "(?i:");
	for (size_t i = 0; i < f->n; i++) {
		if (i)
			buf_putc(b, '|');
		literal(b, f->v[i], strlen(f->v[i]));
	}
	return put(b, ")\\b");
}

/* The frame's tokens, braces kept together ("{a|a new}" is one token). */
static size_t tokens(char *frame, char **tok, size_t max)
{
	size_t n = 0;
	char *p = frame;
	while (*p && n < max) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		tok[n++] = p;
		int depth = 0;
		while (*p && (depth || *p != ' ')) {
			depth += *p == '{';
			depth -= *p == '}';
			p++;
		}
		if (*p)
			*p++ = '\0';
	}
	return n;
}

struct frame_job {
	const char *lemma, *pos, *forms;
	struct forms head;     /* the inflected first word */
	const char *rest;      /* the lemma after its first word ("in principle") */
	int literals;
	uint64_t need[64];     /* the literal words the frame needs: groups ended by 0 */
	size_t nneed;
	int actors;
	char lead;             /* the actor block the frame begins with, left out of its pattern
				* (lead_of()'s letter), or 0 */
};

/* Notes the words a literal token needs: the first word of each alternative of "a b|c d". */
static void need_words(struct frame_job *j, const char *t, size_t n)
{
	size_t start = j->nneed;
	for (const char *a = t, *end = t + n; a < end;) {
		const char *bar = memchr(a, '|', (size_t)(end - a));
		const char *e = bar ? bar : end;
		char w[64];
		size_t k = 0;
		while (a + k < e && k < sizeof w && (isalpha((unsigned char)a[k]) || a[k] == '-')) {
			w[k] = (char)tolower((unsigned char)a[k]);
			k++;
		}
		if (!k || (a + k < e && a[k] != ' ') || j->nneed + 2 >= sizeof j->need / sizeof *j->need) {
			j->nneed = start; /* an alternative the sentence's words cannot show: no need */
			return;
		}
		j->need[j->nneed++] = word_key(w, k);
		a = e + 1;
	}
	j->need[j->nneed++] = 0;
}

/* The lemma: V or N with its inflections. For a noun of several words the last inflects, or the
 * first when "of" follows it ("round of talks"). */
static void lemma_regex(struct buf *b, struct frame_job *j, bool participle)
{
	if (*j->pos == 'N') {
		const char *sp = strrchr(j->lemma, ' ');
		const char *of = strstr(j->lemma, " of ");
		if (of) {
			struct forms f;
			char first[64];
			snprintf(first, sizeof first, "%.*s", (int)(strchr(j->lemma, ' ') - j->lemma), j->lemma);
			noun_forms(first, j->forms, &f);
			alternation(b, &f);
			literal(b, strchr(j->lemma, ' '), strlen(strchr(j->lemma, ' ')));
		} else {
			struct forms f;
			noun_forms(sp ? sp + 1 : j->lemma, j->forms, &f);
			if (sp) {
				put(b, "(?i:");
				literal(b, j->lemma, (size_t)(sp - j->lemma) + 1);
				put(b, ")");
			}
			alternation(b, &f);
		}
		return;
	}
	if (participle) {
		struct forms f = {0};
		for (size_t i = 0; i < j->head.npart; i++)
			add_form(&f, j->head.participle[i]);
		alternation(b, &f);
	} else {
		alternation(b, &j->head);
	}
	if (*j->rest) {
		put(b, "(?i:");
		literal(b, j->rest, strlen(j->rest));
		put(b, ")\\b");
	}
}

/* One token of a frame into b; last says it ends the frame. */
static void token_regex(struct buf *b, struct frame_job *j, const char *t, bool symmetric, bool first,
			bool last)
{
	if (!strcmp(t, "A1") || !strcmp(t, "A2") || !strcmp(t, "A1's") || !strcmp(t, "A2's"))
		j->actors++;
	else if (!strcmp(t, "A1-A2"))
		j->actors += 2;
	if (!strcmp(t, "A1") || !strcmp(t, "A2"))
		put(b, t[1] == '1' ? (symmetric ? "(?<a1>(?&act))" : "(?<a1>(?&coord))")
				   : (symmetric ? "(?<a2>(?&act))" : "(?<a2>(?&coord))"));
	else if (!strcmp(t, "A1's") || !strcmp(t, "A2's"))
		put(b, t[1] == '1' ? "(?<a1>(?&act)){{POSS}}" : "(?<a2>(?&act)){{POSS}}");
	else if (!strcmp(t, "A1-A2"))
		put(b, "(?<a1>{{SLOT}})[-–‑](?<a2>{{SLOT}})");
	else if (!strcmp(t, "LOC"))
		put(b, "(?<loc>{{SLOT}})");
	else if (!strcmp(t, "EVENT"))
		put(b, "(?<ev>{{EVENT}})");
	else if (!strcmp(t, "NP") || !strcmp(t, "S"))
		put(b, last ? "\\S" : "{{NP}}");
	else if (!strcmp(t, "VP"))
		put(b, "[\\w’'-]+");
	else if (!strcmp(t, "V") || !strcmp(t, "N")) {
		if (*t == 'N' && !first)
			put(b, "{{ADJ}}");
		if (*t == 'V')
			put(b, "(?<v>"); /* sentence.c tells an active frame read in the passive by it */
		lemma_regex(b, j, false);
		if (*t == 'V')
			put(b, ")");
		if (*t == 'V' && !last)
			put(b, "{{ADV}}"); /* "spoke again", "discussed Thursday" */
	} else if (*t == '{') {
		put(b, "(?i:");
		const char *end = strrchr(t, '}');
		for (const char *a = t + 1; a < end;) {
			const char *bar = memchr(a, '|', (size_t)(end - a));
			const char *e = bar ? bar : end;
			literal(b, a, (size_t)(e - a));
			if (bar)
				buf_putc(b, '|');
			a = e + 1;
		}
		put(b, ")\\b");
		need_words(j, t + 1, (size_t)(end - t - 1));
		j->literals++;
	} else {
		put(b, "(?i:");
		literal(b, t, strlen(t));
		put(b, ")\\b");
		need_words(j, t, strlen(t));
		j->literals++;
	}
}

/* A gate word of pattern (set 0): the word wakes it (windows.c, gate_lookup). Returns 0, or -1
 * out of memory or past the gate table's room. */
int gate_add_word(struct lexicon *x, const char *w, size_t n, uint32_t pattern)
{
	if (!x->gate_slots) {
		x->gate_slots = 8192; /* a power of two: the slot is the key masked */
		x->gate_key = calloc(x->gate_slots, sizeof *x->gate_key);
		x->gate_head = calloc(x->gate_slots, sizeof *x->gate_head);
		if (!x->gate_key || !x->gate_head)
			return -1;
	}
	uint64_t k = word_key(w, n);
	size_t s = (size_t)k & (x->gate_slots - 1);
	while (x->gate_key[s] && x->gate_key[s] != k)
		s = (s + 1) & (x->gate_slots - 1);
	if (!x->gate_key[s] && x->ngate * 2 > x->gate_slots)
		return -1; /* more than 4096 gate words: the table would not stay sparse */
	for (uint32_t e = x->gate_head[s]; x->gate_key[s] && e; e = x->gate_next[e - 1])
		if (x->gate_pat[e - 1] == pattern)
			return 0;
	size_t cap = x->capgate;
	if (array_grow((void **)&x->gate_next, &cap, x->ngate + 1, sizeof *x->gate_next, 64) < 0 ||
	    array_grow((void **)&x->gate_pat, &x->capgate, x->ngate + 1, sizeof *x->gate_pat, 64) < 0)
		return -1;
	x->gate_key[s] = k;
	x->gate_bloom[k >> 58 << 4 | (k >> 48 & 15)] |= 1ULL << (k >> 42 & 63);
	x->gate_pat[x->ngate] = pattern;
	x->gate_next[x->ngate] = x->gate_head[s];
	x->gate_head[s] = (uint32_t)++x->ngate;
	return 0;
}


/* A frame that begins with an actor block ("A1 V", "A1's N") leaves it out: sentence.c matches
 * the block once per place for all such frames and tries the rest from where it may end (the
 * lead's letter: c/C the coordination as a1/a2, a/A one actor as a1/a2). */
static char lead_of(const char *t, bool symmetric)
{
	if (!strcmp(t, "A1") || !strcmp(t, "A2"))
		return symmetric ? (t[1] == '1' ? 'a' : 'A') : (t[1] == '1' ? 'c' : 'C');
	if (!strcmp(t, "A1's") || !strcmp(t, "A2's"))
		return t[1] == '1' ? 'a' : 'A';
	return 0;
}

static void frame_regex(struct buf *b, struct frame_job *j, char **tok, size_t n, bool symmetric)
{
	j->lead = n > 1 ? lead_of(tok[0], symmetric) : 0;
	for (size_t i = 0; i < n; i++) {
		if (i) {
			bool subj = tok[i - 1][0] == 'A' && (!strcmp(tok[i], "V") || !strcmp(tok[i - 1], "A2"));
			if (!strcmp(tok[i - 1], "A2") && !strcmp(tok[i], "to"))
				put(b, "{{ADV}}"); /* "ask the Queen on Monday to dissolve Parliament" */
			put(b, subj && !strcmp(tok[i], "V") ? "{{GAP}}" : "{{S}}");
		}
		if (i == 0 && j->lead) {
			j->actors++;
			if (strchr(tok[0], '\''))
				put(b, "{{POSS}}");
			continue;
		}
		token_regex(b, j, tok[i], symmetric, i == 0, i + 1 == n);
	}
}

struct compiler {
	struct lexicon *lex;
	FILE *out;
	struct buf re;
	size_t count;
	size_t capline;
	const char *path;
};

static int emit(struct compiler *c, const struct frame_job *j, const char *code, bool symmetric,
		bool anchored, int literals, unsigned long line)
{
	struct lexicon *x = c->lex;
	if (c->count + 1 > c->capline) {
		size_t cap = c->capline ? 2 * c->capline : 1024;
		unsigned long *v = realloc(x->verbs_line, cap * sizeof *v);
		if (!v)
			return -1;
		x->verbs_line = v;
		c->capline = cap;
	}
	x->verbs_line[c->count] = line;
	if (c->count + 1 > x->capneed_at) {
		size_t cap = x->capneed_at ? 2 * x->capneed_at : 1024;
		size_t *at = realloc(x->need_at, cap * sizeof *at);
		uint8_t *ma = at ? realloc(x->min_actors, cap) : NULL;
		if (at)
			x->need_at = at;
		if (!ma)
			return -1;
		x->min_actors = ma;
		x->capneed_at = cap;
	}
	if (x->nneed + j->nneed + 1 > x->capneed) {
		size_t cap = x->capneed ? 2 * x->capneed : 4096;
		while (cap < x->nneed + j->nneed + 1)
			cap *= 2;
		uint64_t *v = realloc(x->need, cap * sizeof *v);
		if (!v)
			return -1;
		x->need = v;
		x->capneed = cap;
	}
	x->need_at[c->count] = x->nneed;
	memcpy(x->need + x->nneed, j->need, j->nneed * sizeof *j->need);
	x->nneed += j->nneed;
	x->need[x->nneed++] = 0; /* an empty group ends the pattern's needs */
	x->min_actors[c->count] = (uint8_t)j->actors;
	c->count++;
	/* a pattern that starts with an actor runs only where one may start (\\G: at the offset) */
	/* the actor blocks are compiled once per pattern and called: (?&act), (?&coord) */
	char lead[2] = {j->lead, 0};
	/* the blocks only where the pattern calls them: compiling them (at start-up, and again by
	 * the JIT) was most of the cost of a pattern that does not */
	fprintf(c->out, "%s:%s%s%s%d\t*\t%s%s%s\n", code, symmetric ? "s" : "", anchored ? "g" : "",
		lead, literals > 9 ? 9 : literals, anchored ? "\\G" : "", c->re.p,
		strstr(c->re.p, "(?&") ? "{{DEFINE}}" : "");
	return 0;
}

static int gates(struct compiler *c, struct frame_job *j, size_t from)
{
	for (size_t p = from; p < c->count; p++) {
		if (*j->pos == 'N') {
			struct forms f;
			char first[64];
			const char *sp = strchr(j->lemma, ' ');
			snprintf(first, sizeof first, "%.*s", (int)(sp ? (size_t)(sp - j->lemma) : strlen(j->lemma)),
				 j->lemma);
			noun_forms(first, sp && !strstr(j->lemma, " of ") ? "-" : j->forms, &f);
			for (size_t i = 0; i < f.n; i++)
				if (gate_add_word(c->lex, f.v[i], strlen(f.v[i]), (uint32_t)p) < 0)
					return -1;
		} else {
			for (size_t i = 0; i < j->head.n; i++)
				if (gate_add_word(c->lex, j->head.v[i], strlen(j->head.v[i]), (uint32_t)p) < 0)
					return -1;
		}
	}
	return 0;
}

static int frame_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	(void)len;
	struct compiler *c = ctx;
	char *col[7] = {0};
	size_t n = 0;
	col[n++] = line;
	for (char *p = line; *p && n < 7; p++)
		if (*p == '\t') {
			*p = '\0';
			col[n++] = p + 1;
		}
	if (n < 4 || !strcmp(col[0], "lemma"))
		return 0;
	struct frame_job j = {.lemma = col[0], .pos = col[1], .forms = n > 4 ? col[4] : ""};
	char first[64];
	const char *sp = strchr(j.lemma, ' ');
	snprintf(first, sizeof first, "%.*s", (int)(sp ? (size_t)(sp - j.lemma) : strlen(j.lemma)), j.lemma);
	j.rest = sp ? sp : "";
	if (*j.pos == 'V')
		verb_forms(first, j.forms, &j.head);
	char frame[1024];
	snprintf(frame, sizeof frame, "%s", col[3]);
	char *tok[32] = {0};
	size_t nt = tokens(frame, tok, 32);
	bool symmetric = false; /* "A1 and A2 V", "N between A1 and A2" */
	for (size_t i = 0; i + 2 < nt; i++)
		if (!strcmp(tok[i], "A1") && !strcmp(tok[i + 1], "and") && !strcmp(tok[i + 2], "A2"))
			symmetric = true;
	size_t before = c->count;
	buf_clear(&c->re);
	frame_regex(&c->re, &j, tok, nt, symmetric);
	if (emit(c, &j, col[2], symmetric, tok[0][0] == 'A', j.literals, lineno) < 0)
		return -1;
	/* the passive of "A1 V A2" and "A1 V EVENT": "A2 was V-ed by A1" */
	if (*j.pos == 'V' && nt == 3 && !strcmp(tok[0], "A1") && !strcmp(tok[1], "V") &&
	    (!strcmp(tok[2], "A2") || !strcmp(tok[2], "EVENT")) && j.head.npart) {
		buf_clear(&c->re);
		j.nneed = 0; /* the passive needs "by" and its actors */
		need_words(&j, "by", 2);
		j.actors = !strcmp(tok[2], "A2") ? 2 : 1;
		j.lead = !strcmp(tok[2], "A2") ? 'C' : 0;
		put(&c->re, j.lead ? "{{GAP}}" : "(?<ev>{{EVENT}}){{NP}}{{S}}");
		put(&c->re, "{{BE}}{{S}}(?:[a-z]+ly{{S}})?"); /* "was warmly welcomed by" */
		lemma_regex(&c->re, &j, true);
		put(&c->re, "{{S}}(?i:by){{S}}(?<a1>(?&coord))");
		if (emit(c, &j, col[2], false, !strcmp(tok[2], "A2"), j.literals + 1, lineno) < 0)
			return -1;
	}
	return gates(c, &j, before);
}

int compile_lexicon(struct lexicon *x)
{
	char path[4096];
	if (data_path("extract-events/verbs.tsv", path, sizeof path) < 0) {
		snprintf(x->err, sizeof x->err, "%.900s: cannot open: no such file", path);
		return -1;
	}
	struct compiler c = {.lex = x, .out = tmpfile(), .path = path};
	if (!c.out) {
		snprintf(x->err, sizeof x->err, "cannot make a temporary file for the patterns");
		return -1;
	}
	int rc = data_lines(path, frame_line, &c, x->err, sizeof x->err);
	/* the actor blocks the frames begin with, each ending at a callout (sentence.c), or "and"
	 * before a verb phrase whose subject is the one before it ("Scholz arrived in Kyiv and
	 * met Zelensky"): match.c gives it that subject */
#define AND_VP "(?i:and)(?=\\s+(?!(?:he|she|it|they|we|who|which|that|the|an?|this|its|his|her|their)\\b)[a-z])"
	static const char *const blocks[] = {"(?:(?&coord)|" AND_VP ")", "(?:(?&act)|" AND_VP ")"};
#undef AND_VP
	for (int k = 0; rc == 0 && k < 2; k++) {
		struct frame_job j = {.lead = 0};
		x->lead_pattern[k] = c.count;
		buf_clear(&c.re);
		if (put(&c.re, blocks[k]) < 0 || put(&c.re, "(?C1)") < 0 || emit(&c, &j, "010", false, true, 0, 0) < 0)
			rc = -1;
	}
	buf_free(&c.re);
	if (rc == 0 && fflush(c.out) == 0) {
		char fd[64], err[sizeof x->err];
		snprintf(fd, sizeof fd, "/dev/fd/%d", fileno(c.out));
		if (rx_load(x->set[0], fd, err, sizeof err) < 0) {
			/* name the row of verbs.tsv, not the generated file */
			const char *colon = strchr(err + strlen(fd), ':');
			unsigned long k = strtoul(err + strlen(fd) + 1, NULL, 10);
			msg_format_at(x->err, sizeof x->err, path, k && k <= c.count ? x->verbs_line[k - 1] : 0,
				      "%s", colon ? colon + 2 : err);
			rc = -1;
		}
	} else if (rc == 0) {
		snprintf(x->err, sizeof x->err, "cannot write the patterns to a temporary file");
		rc = -1;
	}
	fclose(c.out);
	return rc ? -1 : 0;
}

/* ---- the sentence's words, for what a pattern needs */

/* The table starts with a slot for every two bytes of the sentence (a sentence of n bytes has
 * at most n/2 words), up to WORDS_FIRST slots, and doubles when half full: a sentence of
 * megabytes holds a table of its distinct words, not of its length. */
#define WORDS_FIRST 4096
int words_reset(struct sentence *s, size_t len)
{
	size_t want = 64;
	while (want < len / 2 && want < WORDS_FIRST)
		want *= 2;
	if (want > s->wslots) {
		free(s->words);
		if (!(s->words = malloc(want * sizeof *s->words)))
			return -1;
		s->wslots = want;
	}
	memset(s->words, 0, want * sizeof *s->words);
	s->wused = want;
	s->wcount = 0;
	s->npronouns = 0;
	return 0;
}

static void word_put(uint64_t *words, size_t mask, uint64_t k)
{
	size_t i = (size_t)(k & mask);
	while (words[i] && words[i] != k)
		i = (i + 1) & mask;
	words[i] = k;
}

/* Doubles the table of the sentence's words: 0, or -1 out of memory. */
static int words_grow(struct sentence *s)
{
	size_t n = 2 * s->wused;
	uint64_t *v = calloc(n, sizeof *v);
	if (!v)
		return -1;
	for (size_t i = 0; i < s->wused; i++)
		if (s->words[i])
			word_put(v, n - 1, s->words[i]);
	free(s->words);
	s->words = v;
	s->wused = s->wslots = n;
	return 0;
}

int word_note(struct sentence *s, uint64_t k, const char *w, size_t n)
{
	size_t mask = s->wused - 1, i = (size_t)(k & mask);
	while (s->words[i] && s->words[i] != k)
		i = (i + 1) & mask;
	if (!s->words[i]) { /* a new word: the table stays at most half full */
		if (2 * ++s->wcount > s->wused) {
			if (words_grow(s) < 0)
				return -1;
			for (mask = s->wused - 1, i = (size_t)(k & mask); s->words[i];)
				i = (i + 1) & mask;
		}
		s->words[i] = k;
	}
	if ((n == 2 && !memcmp(w, "he", 2)) || (n == 3 && (!memcmp(w, "she", 3) || !memcmp(w, "him", 3) ||
							  !memcmp(w, "her", 3))))
		s->npronouns++;
	return 0;
}

static bool word_in(const struct sentence *s, uint64_t k)
{
	size_t mask = s->wused - 1, i = (size_t)(k & mask);
	while (s->words[i]) {
		if (s->words[i] == k)
			return true;
		i = (i + 1) & mask;
	}
	return false;
}

/* Whether the sentence has the actors and a word of each literal group pattern p needs. */
bool needs_met(const struct sentence *s, uint32_t p)
{
	const struct lexicon *x = s->lex;
	if (x->min_actors[p] > s->nslots + s->npronouns)
		return false;
	const uint64_t *n = x->need + x->need_at[p];
	while (*n) {
		bool any = false;
		for (; *n; n++)
			any = any || word_in(s, *n);
		if (!any)
			return false;
		n++; /* the group's end */
	}
	return true;
}

/* ---- where a pattern that begins with an actor may start */

/* Whether byte c may come between the start of an actor block ({{ACT}} of slots.tsv) and its
 * slot: letters (ASCII, or any byte of a non-ASCII character, which a caseless letter may be),
 * blanks, hyphens, quotes and apostrophes. */
static bool actor_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || (c >= '\t' && c <= '\r') ||
	       c == '-' || c == '"' || c == '\'' || c >= 0x80;
}

/* Whether (?i:\bhe|\bshe|\bhim|\bher\b|\bit\b|\bthey\b) may match at t[i]: h before e or i (or
 * a non-ASCII character), s before h, i before t, t before h, at a word's start; or the long s,
 * which a caseless s matches. */
static bool pronoun_at(const unsigned char *t, size_t i, size_t len)
{
	unsigned char c = t[i], d = i + 1 < len ? t[i + 1] : 0;
	/* the next byte first, the word's start after: most h, s, i and t are in the middle of
	 * words */
	bool start = i == 0 || !(isalnum(t[i - 1]) || t[i - 1] == '_');
	if (c == 'h' || c == 'H')
		return (d == 'e' || d == 'E' || d == 'i' || d == 'I' || d >= 0x80) && start;
	if (c == 's' || c == 'S')
		return (d == 'h' || d == 'H') && start;
	if (c == 'i' || c == 'I' || c == 't' || c == 'T') { /* it, they: the whole word */
		size_t n = (c | 0x20) == 'i' ? 2 : 4;
		if (i + n > len || (d | 0x20) != ((c | 0x20) == 'i' ? 't' : 'h') || !start ||
		    strncasecmp((const char *)t + i, n == 2 ? "it" : "they", n))
			return false;
		return i + n == len || !(isalnum(t[i + n]) || t[i + n] == '_');
	}
	if (c == 'a' || c == 'A') /* "and": a shared subject (the blocks of compile_lexicon) */
		return start && i + 3 <= len && !strncasecmp((const char *)t + i, "and", 3) &&
		       (i + 3 == len || isspace(t[i + 3]));
	return c == 0xC5 && d == 0xBF;
}

/* per byte: 1 actor_byte(), 2 a byte a pronoun may begin with (h, s, the long s's lead), 4 a
 * UTF-8 continuation byte */
static unsigned char actor_class[256];

static void actor_classes(void)
{
	for (int c = 0; c < 256; c++)
		actor_class[c] = (unsigned char)((actor_byte((unsigned char)c) ? 1 : 0) |
						 ((c && strchr("hHsSiItTaA", c)) || c == 0xC5 ? 2 : 0) |
						 ((c & 0xC0) == 0x80 ? 4 : 0));
}

/* Where an actor block may start, a superset: the bytes from which only actor_byte()s lead to a
 * slot, and the places he/she/him/her may begin (pronoun_at). The patterns that begin with an actor are
 * tried there only (the anchored ones of set 0, the marked ones of set 1: rx_starts). */
int actor_may_start(struct sentence *s)
{
	const unsigned char *t = (const unsigned char *)s->rw.p;
	size_t len = s->rw.len;
	if (array_grow((void **)&s->act_ok, &s->capok, len + 1, 1, 256) < 0)
		return -1;
	if (!actor_class['a'])
		actor_classes();
	bool reach = false;
	size_t k = s->nslots;
	for (size_t i = len; i-- > 0;) {
		if (k && i < s->slots[k - 1].rw_end) { /* a slot: an actor's end and a start */
			reach = true;
			s->act_ok[i] = 1;
			if (i == s->slots[k - 1].rw_start)
				k--;
			continue;
		}
		unsigned char cl = actor_class[t[i]];
		reach = reach && (cl & 1);
		s->act_ok[i] = (reach || ((cl & 2) && pronoun_at(t, i, len))) && !(cl & 4);
	}
	s->act_ok[len] = 0;
	return 0;
}
