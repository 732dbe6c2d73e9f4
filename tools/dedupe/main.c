/* dedupe: drop rows whose key is an exact or near duplicate of an earlier row's, within one run
 * or, with --state, across runs (see docs/dedupe.md). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dedupe.h"
#include "err.h"
#include "hash.h"
#include "opts.h"
#include "out.h"
#include "row.h"
#include "tsv.h"

#define STATE_BUCKET_LIMIT 16 /* MEM_BUCKET_LIMIT and CONTAIN_BUCKET_LIMIT are in dedupe.h: a
			       * containment key's bucket fills with rows that share a common
			       * shingle, and the copy it is for is one of the first few */
#define STATE_BANDS 11       /* bands filed in a state, of the 42 */
#define CHECKED_SLOTS 2048    /* more than MAX_KEYS * MEM_BUCKET_LIMIT */

struct options {
	struct common_opts common;
	struct sketch_params sketch;
	const char *key_column, *id_column, *by_column;
	const char *state_path;
	double threshold, containment;
	bool mark, clusters, emit_keys, id_given, ignore_figures;
	enum phase { PHASE_NONE, PHASE_SKETCH, PHASE_EMIT_GROUPS, PHASE_GROUPS, PHASE_MERGE } phase;
	long long seq_start;
	const char *merge_path;
	long batch;
	double busy_timeout; /* seconds */
	size_t max_memory;   /* bytes for the index of a run without --state */
	struct verify_params verify;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTIONS] [FILE...]\n"
		"Pass the first row of each group of duplicates and drop the rest. Rows are compared by\n"
		"their key column after NFC, case folding and dropping punctuation: exactly (--exact), as\n"
		"near duplicates by MinHash and LSH over word shingles (the default), or by SimHash.\n"
		"Numbers weigh more than words: reports that differ in their figures are not duplicates.\n"
		"\n"
		"  -k, --key COLUMN        the column compared (default: text)\n"
		"  -i, --id COLUMN         the column that names a row in dup_of and --clusters\n"
		"                          (default: doc_id)\n"
		"  -b, --by COLUMN         compare only rows with the same value in COLUMN\n"
		"  -e, --exact             exact duplicates of the normalised key only\n"
		"      --simhash           64-bit SimHash instead of MinHash\n"
		"  -t, --threshold J       MinHash: least Jaccard similarity of a duplicate (default 0.65)\n"
		"      --containment C     MinHash: also a duplicate when this share of the shorter key's\n"
		"                          shingles is in the longer one, e.g. a truncated copy\n"
		"                          (default 0.85; 0 turns it off)\n"
		"      --shingle N         words per shingle (default 3)\n"
		"      --number-weight W   a shingle with a number counts W times (default 2)\n"
		"      --ignore-figures    numbers count as ordinary words: no weight, and rows whose\n"
		"                          figures differ may be duplicates\n"
		"      --bands BxR         LSH bands and rows per band (default 42x3; B*R <= 128)\n"
		"      --bits K            SimHash: largest Hamming distance of a duplicate (default 3)\n"
		"  -m, --mark              keep every row and append dup_of and similarity\n"
		"      --clusters          print cluster and id columns (cluster: the id of its first row)\n"
		"      --emit-keys         print each row once per LSH band key, the key first, and do\n"
		"                          not dedupe (for sort or a Hadoop shuffle; see docs/dedupe.md)\n"
		"  -s, --state FILE        SQLite database of the rows passed by earlier runs: pass only\n"
		"                          what is new; safe with concurrent runs and kill -9\n"
		"      --batch N           --state: rows per transaction (default 10000, 1 when\n"
		"                          --line-buffered)\n"
		"      --busy-timeout SEC  --state: wait this long for another run's lock (default 600)\n"
		"      --max-memory SIZE   without --state: memory for the index of the rows passed\n"
		"                          (default 1G); past it the index goes on in a temporary\n"
		"                          SQLite file in $TMPDIR (default /tmp), removed at exit,\n"
		"                          slower but with the same answers\n"
		"In phases (map, sort, reduce; scripts/dedupe-phases; the same answer as one run):\n"
		"      --sketch            map: the rows with dedupe_seq and dedupe_sketch columns\n"
		"      --seq-start N       --sketch: the number of the first row (default 1)\n"
		"      --emit-groups       map: tag, seq, key for each key of each sketched row\n"
		"      --groups            reduce (input sorted by tag): the tags rows share\n"
		"      --merge FILE        the rows of one run, from the sketched rows and FILE, the\n"
		"                          lines of --groups sorted by seq\n"
		COMMON_HELP
		"\n"
		"Example:\n"
		"  ingest feeds/*.xml | dedupe --state seen.db --by source | segment\n",
		progname);
}

/* --bands BxR: two whole numbers */
static int parse_bands(const char *s, int *bands, int *rows)
{
	char b[32];
	const char *x = strchr(s, 'x');
	double vb, vr;
	if (!x || (size_t)(x - s) >= sizeof b)
		return -1;
	memcpy(b, s, (size_t)(x - s));
	b[x - s] = '\0';
	if (parse_number(b, true, 1, MAX_BANDS, &vb) < 0 || parse_number(x + 1, true, 1, SIG_BINS, &vr) < 0 ||
	    vb * vr > SIG_BINS)
		return -1;
	*bands = (int)vb;
	*rows = (int)vr;
	return 0;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	enum {
		OPT_SIMHASH = OPT_TOOL_FIRST, OPT_CONTAINMENT, OPT_SHINGLE, OPT_NUMBER_WEIGHT, OPT_BANDS,
		OPT_BITS, OPT_CLUSTERS, OPT_IGNORE_FIGURES, OPT_EMIT_KEYS, OPT_BATCH, OPT_BUSY_TIMEOUT,
		OPT_MAX_MEMORY, OPT_SKETCH, OPT_SEQ_START, OPT_EMIT_GROUPS, OPT_GROUPS, OPT_MERGE,
	};
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{"bands", required_argument, NULL, OPT_BANDS},
		{"batch", required_argument, NULL, OPT_BATCH},
		{"bits", required_argument, NULL, OPT_BITS},
		{"busy-timeout", required_argument, NULL, OPT_BUSY_TIMEOUT},
		{"by", required_argument, NULL, 'b'},
		{"clusters", no_argument, NULL, OPT_CLUSTERS},
		{"containment", required_argument, NULL, OPT_CONTAINMENT},
		{"emit-groups", no_argument, NULL, OPT_EMIT_GROUPS},
		{"emit-keys", no_argument, NULL, OPT_EMIT_KEYS},
		{"exact", no_argument, NULL, 'e'},
		{"groups", no_argument, NULL, OPT_GROUPS},
		{"ignore-figures", no_argument, NULL, OPT_IGNORE_FIGURES},
		{"id", required_argument, NULL, 'i'},
		{"key", required_argument, NULL, 'k'},
		{"mark", no_argument, NULL, 'm'},
		{"max-memory", required_argument, NULL, OPT_MAX_MEMORY},
		{"merge", required_argument, NULL, OPT_MERGE},
		{"number-weight", required_argument, NULL, OPT_NUMBER_WEIGHT},
		{"seq-start", required_argument, NULL, OPT_SEQ_START},
		{"shingle", required_argument, NULL, OPT_SHINGLE},
		{"simhash", no_argument, NULL, OPT_SIMHASH},
		{"sketch", no_argument, NULL, OPT_SKETCH},
		{"state", required_argument, NULL, 's'},
		{"threshold", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	o->key_column = "text";
	o->id_column = "doc_id";
	o->threshold = 0.65;
	o->containment = 0.85;
	o->sketch = (struct sketch_params){
		.mode = MODE_MINHASH, .shingle = 3, .number_weight = 2, .bands = 42, .rows = 3, .bits = 3,
	};
	o->batch = -1;
	o->busy_timeout = 600;
	o->max_memory = (size_t)1 << 30;
	int c, bad = 0, phases = 0;
	long v = 0;
	o->seq_start = 1;
	while (!bad && (c = getopt_long(argc, argv, "b:ehi:k:ms:t:", longopts, NULL)) != -1) {
		switch (common_option(c, optarg, &o->common, usage)) {
		case COMMON_HANDLED: continue;
		case COMMON_EXIT_OK: exit(EXIT_OK);
		case COMMON_EXIT_FAIL: exit(EXIT_FAIL);
		case COMMON_BAD: exit(EXIT_USAGE);
		case COMMON_UNKNOWN: break;
		}
		switch (c) {
		case 'b': o->by_column = optarg; break;
		case 'e': o->sketch.mode = MODE_EXACT; break;
		case 'i': o->id_column = optarg; o->id_given = true; break;
		case 'k': o->key_column = optarg; break;
		case 'm': o->mark = true; break;
		case 's': o->state_path = optarg; break;
		case 't': bad = opt_number("--threshold", optarg, 0.01, 1, &o->threshold); break;
		case OPT_SIMHASH: o->sketch.mode = MODE_SIMHASH; break;
		case OPT_CONTAINMENT: bad = opt_number("--containment", optarg, 0, 1, &o->containment); break;
		case OPT_SHINGLE:
			bad = opt_whole("--shingle", optarg, 1, 16, &v);
			o->sketch.shingle = (int)v;
			break;
		case OPT_NUMBER_WEIGHT:
			bad = opt_whole("--number-weight", optarg, 1, 64, &v);
			o->sketch.number_weight = (int)v;
			break;
		case OPT_BANDS:
			if (parse_bands(optarg, &o->sketch.bands, &o->sketch.rows) < 0)
				bad = opt_bad("--bands", optarg, "BxR with B <= 64 and B*R <= 128");
			break;
		case OPT_BITS:
			bad = opt_whole("--bits", optarg, 0, 31, &v);
			o->sketch.bits = (int)v;
			break;
		case OPT_CLUSTERS: o->clusters = true; break;
		case OPT_IGNORE_FIGURES: o->ignore_figures = true; o->sketch.number_weight = 1; break;
		case OPT_EMIT_KEYS: o->emit_keys = true; break;
		case OPT_BATCH: bad = opt_whole("--batch", optarg, 1, 10000000, &o->batch); break;
		case OPT_BUSY_TIMEOUT: bad = opt_number("--busy-timeout", optarg, 0, 86400, &o->busy_timeout); break;
		case OPT_MAX_MEMORY: bad = opt_size("--max-memory", optarg, (size_t)1 << 20, &o->max_memory); break;
		case OPT_SKETCH: phases++; o->phase = PHASE_SKETCH; break;
		case OPT_EMIT_GROUPS: phases++; o->phase = PHASE_EMIT_GROUPS; break;
		case OPT_GROUPS: phases++; o->phase = PHASE_GROUPS; break;
		case OPT_MERGE: phases++; o->phase = PHASE_MERGE; o->merge_path = optarg; break;
		case OPT_SEQ_START:
			bad = opt_whole("--seq-start", optarg, 1, 100000000000000000, &v);
			o->seq_start = v;
			break;
		default: usage_hint(); exit(EXIT_USAGE);
		}
	}
	if (bad)
		exit(EXIT_USAGE);
	if (phases > 1 || (phases && (o->state_path || o->emit_keys))) {
		msg("--sketch, --emit-groups, --groups and --merge are one phase each, without --state or --emit-keys");
		usage_hint();
		exit(EXIT_USAGE);
	}
	if ((o->mark || o->clusters) && phases && o->phase != PHASE_MERGE) {
		msg("--mark and --clusters go with --merge, the phase that writes the rows");
		usage_hint();
		exit(EXIT_USAGE);
	}
	if (o->mark + o->clusters + o->emit_keys > 1) {
		msg("--mark, --clusters and --emit-keys exclude each other");
		usage_hint();
		exit(EXIT_USAGE);
	}
	if (o->emit_keys && o->state_path) {
		msg("--emit-keys does not dedupe and takes no --state");
		usage_hint();
		exit(EXIT_USAGE);
	}
	o->verify = (struct verify_params){
		.mode = o->sketch.mode, .bits = o->sketch.bits, .threshold = o->threshold,
		.containment = o->containment, .ignore_figures = o->ignore_figures,
	};
	if (o->batch < 0)
		o->batch = o->common.line_buffered ? 1 : 10000;
	/* candidates for --containment that LSH bands miss: a truncated copy, one without some
	 * paragraphs (see containment_keys in sketch.c) */
	o->sketch.contain = o->sketch.mode == MODE_MINHASH && o->containment > 0 ? CONTAIN_KEYS : 0;
	return optind;
}

/* The search of one key's candidates: each representative is verified once. */
struct probe {
	const struct options *o;
	const struct sketch *sk;
	bool exact_key;
	struct match *m;
	uint64_t checked[CHECKED_SLOTS];
	uint32_t stamp[CHECKED_SLOTS];
	uint32_t gen;
	bool failed;
};

/* True the first time ref is seen for the current key. */
static bool first_look(struct probe *pr, int64_t ref)
{
	uint64_t k = (uint64_t)ref;
	size_t i = (size_t)(hash_mix64(k) & (CHECKED_SLOTS - 1));
	for (size_t n = 0; n < CHECKED_SLOTS; n++, i = (i + 1) & (CHECKED_SLOTS - 1)) {
		if (pr->stamp[i] != pr->gen) {
			pr->stamp[i] = pr->gen;
			pr->checked[i] = k;
			return true;
		}
		if (pr->checked[i] == k)
			return false;
	}
	return false;
}

static int verify(void *arg, const struct rep_view *v)
{
	struct probe *pr = arg;
	if (!first_look(pr, v->ref))
		return 0;
	double sim;
	bool dup = sketch_verify(&pr->o->verify, pr->sk, v, pr->exact_key, &sim);
	if (dup && (!pr->m->dup || sim > pr->m->sim)) {
		pr->m->dup = true;
		pr->m->sim = sim;
		pr->m->size = v->size;
		buf_clear(&pr->m->id);
		if (buf_append(&pr->m->id, v->id, v->idlen) < 0)
			pr->failed = true;
	}
	return pr->exact_key && dup;
}

/* Finds what sk duplicates in the index or the state; adds it as a new representative when it
 * duplicates nothing. Returns 0 or -1. */
static int decide(struct probe *pr, struct memindex *mem, struct state *st, const struct sketch *sk,
		  const char *id, size_t idlen, struct match *m)
{
	m->dup = false;
	m->sim = 0;
	buf_clear(&m->id);
	if (sk->empty)
		return 0;
	if (mem)
		memindex_prefetch(mem, sk);
	pr->sk = sk;
	pr->m = m;
	pr->gen++;
	int nkeys = st ? state_key_count(st, sk) : sk->nkeys;
	for (int i = 0; i < nkeys && !m->dup; i++) {
		pr->exact_key = i == 0;
		bool contain = i >= sk->nkeys - sk->ncontain; /* the containment keys are the last */
		if (st ? state_each(st, sk->keys[i], i == 0, contain ? CONTAIN_BUCKET_LIMIT : STATE_BUCKET_LIMIT, verify, pr) < 0 :
			 memindex_each(mem, sk->keys[i], i == 0, contain ? CONTAIN_BUCKET_LIMIT : MEM_BUCKET_LIMIT, verify, pr) < 0)
			return -1;
		if (pr->o->sketch.mode == MODE_EXACT)
			break;
	}
	if (pr->failed) {
		msg("out of memory");
		return -1;
	}
	if (m->dup && !extends_cluster(sk, m->size))
		return 0;
	if (m->dup) {
		id = m->id.p;
		idlen = m->id.len;
	}
	if (st)
		return state_add(st, id, idlen, sk);
	return memindex_add(mem, id, idlen, sk);
}

/* The columns dedupe reads, and its output row: the input's columns but a dup_of and similarity
 * that --mark replaces, then its own. */
struct layout {
	int key, id, by;
	struct row_writer w;
};

static uint64_t group_of(const struct tsv_reader *r, const struct layout *l)
{
	return l->by >= 0 ? hash64(r->fields[l->by], r->lens[l->by], 0x6279) : 0;
}

static void emit_keys(const struct sketch *sk, struct row_writer *w)
{
	for (int i = 0; i < sk->nkeys; i++) {
		char hex[17];
		hash64_hex(sk->keys[i], hex);
		row_begin(w);
		out_bytes(hex, 16);
		row_next(w);
		row_end();
	}
}

static int read_error(struct tsv_reader *r)
{
	msg("%s", r->err);
	return EXIT_FAIL;
}

static int stream(struct tsv_reader *r, const struct options *o, struct layout *l, struct sketcher *k)
{
	struct memindex *mem = NULL;
	struct probe *pr = calloc(1, sizeof *pr);
	struct sketch *sk = malloc(sizeof *sk);
	struct match m = {0};
	int status = EXIT_OK, got = 0;
	if (!pr || !sk)
		goto nomem;
	if (!o->emit_keys && !(mem = memindex_new(o->sketch.mode == MODE_MINHASH, o->max_memory))) {
		status = EXIT_FAIL;
		goto done;
	}
	pr->o = o;
	while (!out_failed() && (got = tsv_next(r)) > 0) {
		if (sketch_key(k, r->fields[l->key], r->lens[l->key], group_of(r, l), sk) < 0)
			goto nomem;
		if (o->emit_keys) {
			if (row_take(&l->w) < 0)
				goto nomem;
			emit_keys(sk, &l->w);
			continue;
		}
		const char *id = l->id >= 0 ? r->fields[l->id] : "";
		size_t idlen = l->id >= 0 ? r->lens[l->id] : 0;
		if (decide(pr, mem, NULL, sk, id, idlen, &m) < 0) {
			status = EXIT_FAIL;
			goto done;
		}
		if (!m.dup || o->mark || o->clusters) {
			if (row_take(&l->w) < 0)
				goto nomem;
			result_write(&l->w, o->mark, o->clusters, NULL, id, idlen, &m);
		}
	}
	if (!out_failed() && got < 0)
		status = read_error(r);
	goto done;
nomem:
	msg("out of memory");
	status = EXIT_FAIL;
done:
	memindex_free(mem);
	buf_free(&m.id);
	free(pr);
	free(sk);
	return status;
}

/* A state files the exact key, the first STATE_BANDS band keys and the containment keys: the
 * containment keys move up behind those bands. */
static void keys_for_state(struct sketch *sk)
{
	int bands = sk->nkeys - 1 - sk->ncontain;
	if (bands <= STATE_BANDS)
		return;
	memmove(sk->keys + 1 + STATE_BANDS, sk->keys + sk->nkeys - sk->ncontain, (size_t)sk->ncontain * sizeof *sk->keys);
	sk->nkeys = 1 + STATE_BANDS + sk->ncontain;
}

/* One row of a --state batch, held until the batch's transaction has decided it. */
struct pending {
	size_t line_off, id_off, id_len; /* its saved output row (row_save), its id */
	size_t sketch_off; /* its sketch, packed */
	bool dup;
	double sim;
	size_t dup_off, dup_len;
};

/* A sketch as a batch holds it: the header, then the signature (when it has one), the figures
 * and the first nkeys keys, so that a row takes some 400 bytes and not the 1 KB of a sketch. */
struct packed_head {
	uint64_t exact, simhash;
	uint32_t size;
	bool empty, has_sig;
	unsigned char nfigures, nkeys, ncontain;
};

static int sketch_pack(struct buf *b, const struct sketch *sk, int nkeys)
{
	struct packed_head h = {
		.exact = sk->exact, .simhash = sk->simhash, .size = sk->size, .empty = sk->empty,
		.has_sig = sk->has_sig, .nfigures = (unsigned char)sk->nfigures, .nkeys = (unsigned char)nkeys,
		.ncontain = (unsigned char)(sk->ncontain < nkeys ? sk->ncontain : nkeys),
	};
	if (buf_append(b, &h, sizeof h) < 0 || (sk->has_sig && buf_append(b, sk->sig, sizeof sk->sig) < 0) ||
	    buf_append(b, sk->figures, (size_t)sk->nfigures * sizeof *sk->figures) < 0 ||
	    buf_append(b, sk->keys, (size_t)nkeys * sizeof *sk->keys) < 0)
		return -1;
	return 0;
}

static void sketch_unpack(const char *p, struct sketch *sk)
{
	struct packed_head h;
	memcpy(&h, p, sizeof h);
	p += sizeof h;
	sk->exact = h.exact;
	sk->simhash = h.simhash;
	sk->size = h.size;
	sk->empty = h.empty;
	sk->has_sig = h.has_sig;
	sk->nfigures = h.nfigures;
	sk->nkeys = h.nkeys;
	sk->ncontain = h.ncontain;
	if (h.has_sig) {
		memcpy(sk->sig, p, sizeof sk->sig);
		p += sizeof sk->sig;
	}
	memcpy(sk->figures, p, (size_t)h.nfigures * sizeof *sk->figures);
	p += (size_t)h.nfigures * sizeof *sk->figures;
	memcpy(sk->keys, p, (size_t)h.nkeys * sizeof *sk->keys);
}

/* Reads up to o->batch rows, decides them in one write transaction, writes and flushes their
 * output, and only then commits: a row is never in the state unless it was written out first.
 * A run killed before the commit leaves its rows out of the state; the next run passes them
 * again (at least once, never lost). Two runs serialise on the write lock (BEGIN IMMEDIATE),
 * and each sees what the other committed, so between them each row passes once. */
static int with_state(struct tsv_reader *r, const struct options *o, struct layout *l, struct sketcher *k,
		      struct state *st)
{
	struct probe *pr = calloc(1, sizeof *pr);
	size_t cap = (size_t)o->batch;
	struct sketch *sks = malloc(3 * sizeof *sks); /* the row decided, the next two */
	struct pending *rows = malloc(cap * sizeof *rows);
	struct buf text = {0}, packed = {0};
	struct match m = {0};
	int status = EXIT_OK, got = 1;
	if (!pr || !sks || !rows)
		goto nomem;
	pr->o = o;
	while (got > 0 && !out_failed()) {
		size_t n = 0;
		buf_clear(&text);
		buf_clear(&packed);
		while (n < cap && (got = tsv_next(r)) > 0) {
			struct pending *p = &rows[n];
			if (sketch_key(k, r->fields[l->key], r->lens[l->key], group_of(r, l), &sks[0]) < 0)
				goto nomem;
			keys_for_state(&sks[0]);
			p->sketch_off = packed.len;
			if (sketch_pack(&packed, &sks[0], state_key_count(st, &sks[0])) < 0)
				goto nomem;
			p->line_off = text.len;
			if (row_take(&l->w) < 0 || row_save(&l->w, &text) < 0)
				goto nomem;
			p->id_off = text.len;
			if (buf_append(&text, r->fields[l->id], r->lens[l->id]) < 0)
				goto nomem;
			p->id_len = r->lens[l->id];
			n++;
		}
		if (got < 0) {
			status = read_error(r);
			break; /* rows read before the bad line are not passed: nothing is recorded */
		}
		if (n == 0)
			break;
		if (state_begin(st) < 0) {
			status = EXIT_FAIL;
			break;
		}
		/* memory is fetched in two steps: what the keys point at two rows ahead, what that
		 * points at a row ahead */
		for (size_t i = 0; i < 2 && i < n; i++) {
			sketch_unpack(packed.p + rows[i].sketch_off, &sks[i]);
			state_prefetch(st, &sks[i]);
		}
		for (size_t i = 0; i < n; i++) {
			struct pending *p = &rows[i];
			struct sketch *sk = &sks[i % 3];
			if (i + 2 < n) {
				sketch_unpack(packed.p + rows[i + 2].sketch_off, &sks[(i + 2) % 3]);
				state_prefetch(st, &sks[(i + 2) % 3]);
			}
			if (i + 1 < n)
				state_prefetch_more(st, &sks[(i + 1) % 3]);
			if (decide(pr, NULL, st, sk, text.p + p->id_off, p->id_len, &m) < 0) {
				state_rollback(st);
				status = EXIT_FAIL;
				goto done;
			}
			p->dup = m.dup;
			p->sim = m.sim;
			p->dup_off = text.len;
			p->dup_len = m.id.len;
			if (m.dup && buf_append(&text, m.id.p, m.id.len) < 0)
				goto nomem_rollback;
		}
		for (size_t i = 0; i < n; i++) {
			struct pending *p = &rows[i];
			struct match pm = {.dup = p->dup, .sim = p->sim};
			pm.id.p = text.p + p->dup_off;
			pm.id.len = p->dup_len;
			result_write(&l->w, o->mark, o->clusters, text.p + p->line_off, text.p + p->id_off, p->id_len, &pm);
		}
		if (out_flush() < 0) {
			state_rollback(st); /* not delivered: not seen */
			break;
		}
		if (state_commit(st) < 0) {
			status = EXIT_FAIL;
			break;
		}
	}
	goto done;
nomem_rollback:
	state_rollback(st);
nomem:
	msg("out of memory");
	status = EXIT_FAIL;
done:
	buf_free(&text);
	buf_free(&packed);
	buf_free(&m.id);
	free(pr);
	free(sks);
	free(rows);
	return status;
}

/* --merge: the rows as one run writes them, from the sketched rows on the input. */
static int merge(struct tsv_reader *r, const struct options *o)
{
	struct merge_params mp = {
		.sketch = o->sketch, .verify = o->verify, .mark = o->mark, .clusters = o->clusters,
		.id = tsv_column(r, o->id_column), .in = o->common.in,
	};
	if (mp.id < 0 && (o->id_given || o->mark || o->clusters)) {
		tsv_require_column(r, o->id_column);
		return EXIT_USAGE;
	}
	return phase_merge(r, o->merge_path, &mp);
}

static int process(struct tsv_reader *r, const struct options *o)
{
	if (r->empty)
		return EXIT_OK;
	if (o->phase == PHASE_EMIT_GROUPS)
		return phase_emit_groups(r, &o->sketch);
	if (o->phase == PHASE_GROUPS)
		return phase_groups(r);
	if (o->phase == PHASE_MERGE)
		return merge(r, o);
	struct layout l = {.id = -1, .by = -1};
	l.key = tsv_require_column(r, o->key_column);
	if (l.key < 0)
		return EXIT_USAGE;
	if (o->by_column && (l.by = tsv_require_column(r, o->by_column)) < 0)
		return EXIT_USAGE;
	l.id = tsv_column(r, o->id_column);
	if (l.id < 0 && (o->id_given || o->mark || o->clusters || o->state_path)) {
		tsv_require_column(r, o->id_column);
		return EXIT_USAGE;
	}
	if (o->phase == PHASE_SKETCH) {
		struct sketcher k = {.p = o->sketch};
		int status = phase_sketch(r, &k, l.key, l.by, o->seq_start);
		buf_free(&k.fold);
		return status;
	}
	if (row_writer_init(&l.w, r) < 0 ||
	    (o->emit_keys ? row_prepend(&l.w, "key") : result_layout(&l.w, r, o->mark, o->clusters)) < 0) {
		row_writer_free(&l.w);
		msg("out of memory");
		return EXIT_FAIL;
	}
	struct state *st = NULL;
	struct options as_old;
	if (o->state_path) {
		char scheme[128], old_scheme[128];
		sketch_scheme(&o->sketch, scheme, sizeof scheme);
		struct sketch_params old_params = o->sketch;
		old_params.version = SCHEME_VERSION_OLD;
		sketch_scheme(&old_params, old_scheme, sizeof old_scheme);
		bool old;
		/* across runs, the exact key, the first 11 bands and the containment keys */
		int keys = o->sketch.mode == MODE_EXACT ? 1 :
			   o->sketch.mode == MODE_SIMHASH ? o->sketch.bits + 2 :
			   1 + (o->sketch.bands < STATE_BANDS ? o->sketch.bands : STATE_BANDS) + o->sketch.contain;
		if (!(st = state_open_either(o->state_path, scheme, old_scheme, &old, o->sketch.mode == MODE_MINHASH,
					      keys, (int)(o->busy_timeout * 1000 + 0.5)))) {
			row_writer_free(&l.w);
			return EXIT_FAIL;
		}
		if (old) { /* a state of the last version goes on that way: its rows stay comparable */
			as_old = *o;
			as_old.sketch.version = as_old.verify.version = SCHEME_VERSION_OLD;
			o = &as_old;
		}
	}
	row_header(&l.w);
	struct sketcher k = {.p = o->sketch};
	int status = st ? with_state(r, o, &l, &k, st) : stream(r, o, &l, &k);
	state_close(st);
	buf_free(&k.fold);
	row_writer_free(&l.w);
	return status;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	msg_init(argv[0]);
	argv[0] = (char *)progname; /* getopt's messages name the tool, not its path */
	int first = parse_args(argc, argv, &o);
	struct tsv_reader r;
	out_init(1, o.common.line_buffered);
	if (tsv_open(&r, argc - first, argv + first, &o.common.in) < 0) {
		msg("%s", r.err);
		return EXIT_FAIL;
	}
	int status = process(&r, &o);
	tsv_close(&r);
	return out_exit_status(status);
}
