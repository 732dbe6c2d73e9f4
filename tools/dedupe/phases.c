/* phases.c: dedupe as map, shuffle and reduce (docs/dedupe.md, "Growing past one machine"), with
 * the answer of one run, byte for byte.
 *
 *   --sketch        map     the rows with their number in the input and their sketch
 *   --emit-groups   map     one line per key of a row: its tag (the key's high 32 bits), row, key
 *   sort by tag             shuffle
 *   --groups        reduce  each tag that two rows or more share, with its last row
 *   sort by row             shuffle
 *   --merge FILE    1 job   one run's decisions, replayed in input order
 *
 * One run files only the rows that pass (representatives) under their keys' tags and compares a
 * row with the first 16 (4 for a containment key) filed under each tag it probes, key by key,
 * until a key finds a duplicate (docs/dedupe.md, "How one process decides"). The merge replays
 * exactly that, but knows from --groups which tags will be probed again and until which row: it
 * keeps a representative's sketch only while a tag it is filed under has rows to come, and a tag
 * that no other row has (most of them) costs it nothing. So its memory grows with the groups
 * still open, not with the rows read; the sketches, the costly part, are made in the map. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedupe.h"
#include "err.h"
#include "hash.h"
#include "out.h"
#include "row.h"
#include "tsv.h"

#define GROUP_REPS MEM_BUCKET_LIMIT /* a tag's representatives any probe can take */

/* The tag of the options that make sketches: a sketch made with other ones is refused. */
uint32_t phase_scheme_tag(const struct sketch_params *p)
{
	char scheme[160];
	sketch_scheme(p, scheme, sizeof scheme);
	size_t n = strlen(scheme);
	snprintf(scheme + n, sizeof scheme - n, " contain=%d", p->contain);
	return (uint32_t)hash64(scheme, strlen(scheme), 0x73636865);
}

static void put_hex(struct buf *b, uint64_t v, int digits)
{
	static const char hex[] = "0123456789abcdef";
	char s[16];
	for (int i = digits - 1; i >= 0; i--, v >>= 4)
		s[i] = hex[v & 15];
	buf_append(b, s, (size_t)digits);
}

static int get_hex(const char **p, const char *end, int digits, uint64_t *v)
{
	if (end - *p < digits)
		return -1;
	uint64_t x = 0;
	for (int i = 0; i < digits; i++) {
		char c = (*p)[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		x = x << 4 | (uint64_t)d;
	}
	*p += digits;
	*v = x;
	return 0;
}

/* A sketch as one field: scheme tag, then "-" for an empty key, else the size, the key count and
 * how many are containment keys, the figures, the SimHash, the keys, the signature ("-" without),
 * each part after a "." (hex digits, fixed widths within a part). */
int sketch_format(struct buf *b, const struct sketch *sk, uint32_t scheme)
{
	put_hex(b, scheme, 8);
	if (sk->empty)
		return buf_append(b, ".-", 2);
	buf_append(b, ".", 1);
	put_hex(b, sk->size, 8);
	put_hex(b, (uint64_t)sk->nkeys, 2);
	put_hex(b, (uint64_t)sk->ncontain, 2);
	put_hex(b, (uint64_t)sk->nfigures, 2);
	buf_append(b, ".", 1);
	for (int i = 0; i < sk->nfigures; i++)
		put_hex(b, sk->figures[i], 16);
	buf_append(b, ".", 1);
	put_hex(b, sk->simhash, 16);
	for (int i = 0; i < sk->nkeys; i++)
		put_hex(b, sk->keys[i], 16);
	buf_append(b, ".", 1);
	if (!sk->has_sig)
		return buf_append(b, "-", 1);
	for (int i = 0; i < SIG_BINS; i++)
		put_hex(b, sk->sig[i], 4);
	return b->p ? 0 : -1;
}

static int expect(const char **p, const char *end, char c)
{
	if (*p == end || **p != c)
		return -1;
	(*p)++;
	return 0;
}

/* Reads what sketch_format wrote; -1 when it is not that, or of another scheme (*other set). A
 * key with words has a MinHash signature exactly when want_sig (a forged one without would
 * leave verification nothing to compare). */
int sketch_parse(const char *s, size_t n, uint32_t scheme, bool want_sig, struct sketch *sk, bool *other)
{
	const char *p = s, *end = s + n;
	uint64_t v, nk, nc, nf;
	*other = false;
	memset(sk, 0, offsetof(struct sketch, sig));
	if (get_hex(&p, end, 8, &v) < 0)
		return -1;
	if ((uint32_t)v != scheme) {
		*other = true;
		return -1;
	}
	if (expect(&p, end, '.') < 0)
		return -1;
	if (p < end && *p == '-') {
		sk->empty = true;
		return p + 1 == end ? 0 : -1;
	}
	if (get_hex(&p, end, 8, &v) < 0 || get_hex(&p, end, 2, &nk) < 0 || get_hex(&p, end, 2, &nc) < 0 ||
	    get_hex(&p, end, 2, &nf) < 0 || nk < 1 || nk > MAX_KEYS || nc > CONTAIN_KEYS || nc >= nk ||
	    nf > MAX_FIGURES || expect(&p, end, '.') < 0)
		return -1;
	sk->size = (uint32_t)v;
	sk->nkeys = (int)nk;
	sk->ncontain = (int)nc;
	sk->nfigures = (int)nf;
	for (int i = 0; i < sk->nfigures; i++)
		if (get_hex(&p, end, 16, &sk->figures[i]) < 0)
			return -1;
	if (expect(&p, end, '.') < 0 || get_hex(&p, end, 16, &sk->simhash) < 0)
		return -1;
	for (int i = 0; i < sk->nkeys; i++)
		if (get_hex(&p, end, 16, &sk->keys[i]) < 0)
			return -1;
	sk->exact = sk->keys[0];
	if (expect(&p, end, '.') < 0)
		return -1;
	if (p < end && *p == '-')
		return p + 1 == end && !want_sig ? 0 : -1;
	if (!want_sig)
		return -1;
	sk->has_sig = true;
	for (int i = 0; i < SIG_BINS; i++) {
		if (get_hex(&p, end, 4, &v) < 0)
			return -1;
		sk->sig[i] = (uint16_t)v;
	}
	return p == end ? 0 : -1;
}

/* A whole number of the input: decimal digits, no sign, at most 18 of them. */
static int parse_seq(const char *s, size_t n, long long *v)
{
	if (n == 0 || n > 18)
		return -1;
	long long x = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

static int fail_at(const struct tsv_reader *r, const char *what)
{
	msg_at(r->name, r->lineno, "%s", what);
	return EXIT_FAIL;
}

static int read_failed(struct tsv_reader *r)
{
	msg("%s", r->err);
	return EXIT_FAIL;
}

int phase_sketch(struct tsv_reader *r, struct sketcher *k, int key, int by, long long seq)
{
	struct row_writer w;
	struct sketch *sk = malloc(sizeof *sk);
	struct buf b = {0};
	int status = EXIT_OK, got = 0;
	if (!sk || row_writer_init(&w, r) < 0) {
		free(sk);
		msg("out of memory");
		return EXIT_FAIL;
	}
	if (tsv_column(r, "dedupe_seq") >= 0 || tsv_column(r, "dedupe_sketch") >= 0) {
		msg("%s:1: the input has a dedupe_seq or dedupe_sketch column already (sketched twice?)", r->name);
		status = EXIT_FAIL;
		goto done;
	}
	row_append(&w, "dedupe_seq");
	row_append(&w, "dedupe_sketch");
	row_header(&w);
	uint32_t scheme = phase_scheme_tag(&k->p);
	while (!out_failed() && (got = tsv_next(r)) > 0) {
		uint64_t group = by >= 0 ? hash64(r->fields[by], r->lens[by], 0x6279) : 0;
		buf_clear(&b);
		if (sketch_key(k, r->fields[key], r->lens[key], group, sk) < 0 || sketch_format(&b, sk, scheme) < 0 ||
		    row_take(&w) < 0) {
			msg("out of memory");
			status = EXIT_FAIL;
			goto done;
		}
		row_begin(&w);
		out_ulong((unsigned long long)seq++);
		row_next(&w);
		out_bytes(b.p, b.len);
		row_next(&w);
		row_end();
	}
	if (!out_failed() && got < 0)
		status = read_failed(r);
done:
	row_writer_free(&w);
	buf_free(&b);
	free(sk);
	return status;
}

/* The columns of a sketched input (--sketch's output). */
static int sketched_columns(const struct tsv_reader *r, int *seq, int *sketch)
{
	*seq = tsv_column(r, "dedupe_seq");
	*sketch = tsv_column(r, "dedupe_sketch");
	if (*seq < 0 || *sketch < 0) {
		msg("%s:1: no dedupe_seq and dedupe_sketch columns: not the output of dedupe --sketch", r->name);
		return -1;
	}
	return 0;
}

/* Reads the sketched row's number and sketch; an error's message is printed. */
static int sketched_row(const struct tsv_reader *r, int seq_col, int sketch_col, uint32_t scheme,
			bool want_sig, long long *seq, struct sketch *sk)
{
	bool other;
	if (parse_seq(r->fields[seq_col], r->lens[seq_col], seq) < 0) {
		fail_at(r, "dedupe_seq is not a whole number");
		return -1;
	}
	if (sketch_parse(r->fields[sketch_col], r->lens[sketch_col], scheme, want_sig, sk, &other) < 0) {
		fail_at(r, other ? "a sketch made with other options (--exact, --simhash, --shingle, --number-weight, "
				   "--bands, --containment 0, --ignore-figures must be the same in every phase)" :
				   "dedupe_sketch is not a sketch of dedupe --sketch");
		return -1;
	}
	return 0;
}

int phase_emit_groups(struct tsv_reader *r, const struct sketch_params *p)
{
	int seq_col, sketch_col, got = 0, status = EXIT_OK;
	if (sketched_columns(r, &seq_col, &sketch_col) < 0)
		return EXIT_FAIL;
	struct sketch *sk = malloc(sizeof *sk);
	if (!sk) {
		msg("out of memory");
		return EXIT_FAIL;
	}
	uint32_t scheme = phase_scheme_tag(p);
	out_str("tag\tseq\tkey\n");
	out_flush();
	while (!out_failed() && (got = tsv_next(r)) > 0) {
		long long seq;
		if (sketched_row(r, seq_col, sketch_col, scheme, p->mode == MODE_MINHASH, &seq, sk) < 0) {
			status = EXIT_FAIL;
			break;
		}
		int nkeys = sk->empty ? 0 : p->mode == MODE_EXACT ? 1 : sk->nkeys;
		for (int i = 0; i < nkeys; i++) {
			char s[48];
			int n = snprintf(s, sizeof s, "%08x\t%lld\t%d\n", (unsigned)(sk->keys[i] >> 32), seq, i);
			out_bytes(s, (size_t)n);
		}
	}
	if (status == EXIT_OK && !out_failed() && got < 0)
		status = read_failed(r);
	free(sk);
	return status;
}

/* --groups: the members of one tag, buffered until the tag changes. */
struct group_buf {
	long long *seq;
	int *key;
	size_t n, cap;
};

static void flush_group(const struct group_buf *g, const char *tag)
{
	long long first = g->seq[0], last = g->seq[0];
	for (size_t i = 1; i < g->n; i++) {
		if (g->seq[i] < first)
			first = g->seq[i];
		if (g->seq[i] > last)
			last = g->seq[i];
	}
	if (first == last)
		return; /* one row's keys alone: nothing ever probes it */
	for (size_t i = 0; i < g->n; i++) {
		char s[80];
		int n = snprintf(s, sizeof s, "%lld\t%d\t%s\t%lld\n", g->seq[i], g->key[i], tag, last);
		out_bytes(s, (size_t)n);
	}
}

int phase_groups(struct tsv_reader *r)
{
	int tag_col = tsv_require_column(r, "tag"), seq_col = tsv_require_column(r, "seq"),
	    key_col = tsv_require_column(r, "key"), got = 0, status = EXIT_OK;
	if (tag_col < 0 || seq_col < 0 || key_col < 0)
		return EXIT_USAGE;
	struct group_buf g = {0};
	char tag[9] = "";
	out_str("seq\tkey\ttag\tlast\n");
	out_flush();
	while (!out_failed() && (got = tsv_next(r)) > 0) {
		const char *t = r->fields[tag_col];
		long long seq, key;
		if (r->lens[tag_col] != 8 || strspn(t, "0123456789abcdef") != 8) {
			status = fail_at(r, "tag is not 8 hex digits (the output of dedupe --emit-groups)");
			break;
		}
		if (parse_seq(r->fields[seq_col], r->lens[seq_col], &seq) < 0 ||
		    parse_seq(r->fields[key_col], r->lens[key_col], &key) < 0 || key >= MAX_KEYS) {
			status = fail_at(r, "seq or key is not a whole number (the output of dedupe --emit-groups)");
			break;
		}
		if (strcmp(t, tag)) {
			if (g.n)
				flush_group(&g, tag);
			if (strcmp(t, tag) < 0) {
				status = fail_at(r, "the rows are not sorted by tag (LC_ALL=C sort -k1,1)");
				break;
			}
			memcpy(tag, t, sizeof tag);
			g.n = 0;
		}
		if (g.n == g.cap) {
			size_t cap = g.cap ? g.cap * 2 : 64;
			long long *s = realloc(g.seq, cap * sizeof *s);
			if (s)
				g.seq = s;
			int *k = s ? realloc(g.key, cap * sizeof *k) : NULL;
			if (!k) {
				msg("out of memory");
				status = EXIT_FAIL;
				break;
			}
			g.key = k;
			g.cap = cap;
		}
		g.seq[g.n] = seq;
		g.key[g.n++] = (int)key;
	}
	if (status == EXIT_OK && got < 0)
		status = read_failed(r);
	if (status == EXIT_OK && g.n && !out_failed())
		flush_group(&g, tag);
	free(g.seq);
	free(g.key);
	return status;
}
