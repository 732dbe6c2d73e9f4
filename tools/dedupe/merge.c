/* merge.c: the last step of dedupe in phases (--merge, see phases.c): one run's decisions,
 * replayed in input order over the sketched rows, with only the tags that --groups says other
 * rows share, each while it has rows to come. */
#include <stdlib.h>
#include <string.h>

#include "dedupe.h"
#include "err.h"
#include "hash.h"
#include "out.h"
#include "row.h"
#include "tsv.h"

/* A representative kept for the open tags it is filed under. */
struct kept {
	uint32_t refs; /* open tags that hold it; free at 0 */
	uint32_t size, nfigures;
	uint64_t exact, simhash;
	uint16_t sig[SIG_BINS];
	bool has_sig;
	struct buf bytes; /* its figures, then its id: reused when the slot is */
	uint32_t next_free;
};

/* An open tag: the first representatives filed under it, and the last row that has it. Most
 * hold one or two: the first few are in place, the others in a chunk of the pool. */
#define TAG_INLINE 3
#define TAG_CHUNK (MEM_BUCKET_LIMIT - TAG_INLINE)
struct open_tag {
	uint32_t tag;
	uint32_t n;
	uint32_t reps[TAG_INLINE];
	uint32_t more; /* the chunk of the others, or the next free tag */
	long long last;
};

#define NONE UINT32_MAX

struct merge {
	uint32_t (*chunks)[TAG_CHUNK];
	uint32_t nchunks, chunks_cap, chunks_free;
	struct kept *kept;
	uint32_t nkept, kept_cap, kept_free;
	struct open_tag *tags;
	uint32_t ntags, tags_cap, tags_free;
	uint32_t *slots; /* tag -> index into tags, NONE when free: linear probing */
	size_t nslots, used;
};

static uint32_t slot_of(const struct merge *m, uint32_t tag)
{
	return (uint32_t)(hash_mix64(tag) & (m->nslots - 1));
}

static uint32_t tag_find(const struct merge *m, uint32_t tag)
{
	for (size_t i = slot_of(m, tag);; i = (i + 1) & (m->nslots - 1)) {
		uint32_t t = m->slots[i];
		if (t == NONE || m->tags[t].tag == tag)
			return t;
	}
}

static int slots_grow(struct merge *m)
{
	size_t n = m->nslots ? m->nslots * 2 : 1024;
	uint32_t *s = malloc(n * sizeof *s), *old = m->slots;
	if (!s)
		return -1;
	memset(s, 0xff, n * sizeof *s);
	size_t oldn = m->nslots;
	m->slots = s;
	m->nslots = n;
	for (size_t i = 0; i < oldn; i++) {
		if (old[i] == NONE)
			continue;
		size_t j = slot_of(m, m->tags[old[i]].tag);
		while (s[j] != NONE)
			j = (j + 1) & (n - 1);
		s[j] = old[i];
	}
	free(old);
	return 0;
}

/* Opens tag (absent), open until row last; returns its index or NONE (out of memory). */
static uint32_t tag_open(struct merge *m, uint32_t tag, long long last)
{
	if ((m->used + 1) * 2 > m->nslots && slots_grow(m) < 0)
		return NONE;
	uint32_t t = m->tags_free;
	if (t != NONE) {
		m->tags_free = m->tags[t].more;
	} else {
		if (m->ntags == m->tags_cap) {
			uint32_t cap = m->tags_cap ? m->tags_cap * 2 : 256;
			struct open_tag *p = realloc(m->tags, cap * sizeof *p);
			if (!p)
				return NONE;
			m->tags = p;
			m->tags_cap = cap;
		}
		t = m->ntags++;
	}
	m->tags[t] = (struct open_tag){.tag = tag, .last = last};
	size_t i = slot_of(m, tag);
	while (m->slots[i] != NONE)
		i = (i + 1) & (m->nslots - 1);
	m->slots[i] = t;
	m->used++;
	return t;
}

static uint32_t tag_rep(const struct merge *m, const struct open_tag *ot, uint32_t j)
{
	return j < TAG_INLINE ? ot->reps[j] : m->chunks[ot->more][j - TAG_INLINE];
}

/* Files representative k under open tag t (not full). Returns 0 or -1 (out of memory). */
static int tag_push(struct merge *m, uint32_t t, uint32_t k)
{
	if (m->tags[t].n == TAG_INLINE) {
		uint32_t c = m->chunks_free;
		if (c != NONE) {
			m->chunks_free = m->chunks[c][0];
		} else {
			if (m->nchunks == m->chunks_cap) {
				uint32_t cap = m->chunks_cap ? m->chunks_cap * 2 : 256;
				uint32_t(*p)[TAG_CHUNK] = realloc(m->chunks, cap * sizeof *p);
				if (!p)
					return -1;
				m->chunks = p;
				m->chunks_cap = cap;
			}
			c = m->nchunks++;
		}
		m->tags[t].more = c;
	}
	struct open_tag *ot = &m->tags[t];
	if (ot->n < TAG_INLINE)
		ot->reps[ot->n] = k;
	else
		m->chunks[ot->more][ot->n - TAG_INLINE] = k;
	ot->n++;
	return 0;
}

static const uint64_t *kept_figures(const struct kept *r)
{
	return (const uint64_t *)(const void *)r->bytes.p;
}

static void kept_release(struct merge *m, uint32_t k)
{
	if (--m->kept[k].refs == 0) {
		m->kept[k].next_free = m->kept_free;
		m->kept_free = k;
	}
}

/* Closes tag: its representatives are released, its slot emptied (backward shift: no tombstones,
 * so probes stay short however many tags open and close). */
static void tag_close(struct merge *m, uint32_t tag)
{
	size_t i = slot_of(m, tag);
	while (m->slots[i] != NONE && m->tags[m->slots[i]].tag != tag)
		i = (i + 1) & (m->nslots - 1);
	uint32_t t = m->slots[i];
	if (t == NONE)
		return;
	struct open_tag *ot = &m->tags[t];
	for (uint32_t j = 0; j < ot->n; j++)
		kept_release(m, tag_rep(m, ot, j));
	if (ot->n > TAG_INLINE) {
		m->chunks[ot->more][0] = m->chunks_free;
		m->chunks_free = ot->more;
	}
	ot->more = m->tags_free;
	m->tags_free = t;
	m->used--;
	size_t hole = i;
	for (size_t j = (i + 1) & (m->nslots - 1); m->slots[j] != NONE; j = (j + 1) & (m->nslots - 1)) {
		size_t home = slot_of(m, m->tags[m->slots[j]].tag);
		/* the entry at j may fill the hole when its home is not in (hole, j] */
		bool stays = hole < j ? (home > hole && home <= j) : (home > hole || home <= j);
		if (!stays) {
			m->slots[hole] = m->slots[j];
			hole = j;
		}
	}
	m->slots[hole] = NONE;
}

/* A new representative from sk; its index or NONE. */
static uint32_t kept_new(struct merge *m, const struct sketch *sk, const char *id, size_t idlen)
{
	uint32_t k = m->kept_free;
	if (k != NONE) {
		m->kept_free = m->kept[k].next_free;
	} else {
		if (m->nkept == m->kept_cap) {
			uint32_t cap = m->kept_cap ? m->kept_cap * 2 : 256;
			struct kept *p = realloc(m->kept, cap * sizeof *p);
			if (!p)
				return NONE;
			m->kept = p;
			m->kept_cap = cap;
		}
		k = m->nkept++;
		m->kept[k].bytes = (struct buf){0};
	}
	struct kept *r = &m->kept[k];
	r->refs = 0;
	r->size = sk->size;
	r->nfigures = (uint32_t)sk->nfigures;
	r->exact = sk->keys[0];
	r->simhash = sk->simhash;
	r->has_sig = sk->has_sig;
	if (sk->has_sig)
		memcpy(r->sig, sk->sig, sizeof r->sig);
	buf_clear(&r->bytes);
	if (buf_append(&r->bytes, (const char *)sk->figures, (size_t)sk->nfigures * sizeof *sk->figures) < 0 ||
	    buf_append(&r->bytes, id, idlen) < 0)
		return NONE;
	return k;
}

/* What a row's keys have in the group lines: the tag each shares, until which row. */
struct row_groups {
	bool has[MAX_KEYS];
	uint32_t tag[MAX_KEYS];
	long long last[MAX_KEYS];
};

/* One run's decide() (main.c) over the open tags. */
static void decide(const struct merge *m, const struct verify_params *vp, const struct sketch *sk,
		   const struct row_groups *g, struct match *best, uint32_t *best_kept)
{
	best->dup = false;
	best->sim = 0;
	*best_kept = NONE;
	if (sk->empty)
		return;
	int nkeys = vp->mode == MODE_EXACT ? 1 : sk->nkeys;
	for (int i = 0; i < nkeys && !best->dup; i++) {
		if (!g->has[i])
			continue;
		uint32_t t = tag_find(m, g->tag[i]);
		if (t == NONE)
			continue;
		bool exact = i == 0, contain = i >= sk->nkeys - sk->ncontain;
		uint32_t limit = contain ? CONTAIN_BUCKET_LIMIT : MEM_BUCKET_LIMIT;
		const struct open_tag *ot = &m->tags[t];
		for (uint32_t j = 0; j < ot->n && j < limit; j++) {
			const struct kept *r = &m->kept[tag_rep(m, ot, j)];
			if (exact && r->exact != sk->keys[0])
				continue;
			struct rep_view v = {
				.size = r->size, .sig = r->has_sig ? r->sig : NULL, .figures = kept_figures(r),
				.nfigures = (int)r->nfigures, .simhash = r->simhash,
			};
			double sim;
			bool dup = sketch_verify(vp, sk, &v, exact, &sim);
			if (dup && (!best->dup || sim > best->sim)) {
				best->dup = true;
				best->sim = sim;
				*best_kept = tag_rep(m, ot, j);
			}
			if (exact && dup)
				break;
		}
	}
}

/* Files a row that passed under the tags other rows have still to probe, then closes the tags
 * whose last row it is. Returns 0 or -1 (out of memory). */
static int file_row(struct merge *m, const struct sketch *sk, bool passed, const struct row_groups *g,
		    long long seq, const char *id, size_t idlen)
{
	uint32_t k = NONE;
	for (int i = 0; passed && i < sk->nkeys; i++) {
		if (!g->has[i] || g->last[i] <= seq)
			continue;
		uint32_t t = tag_find(m, g->tag[i]);
		if (t == NONE && (t = tag_open(m, g->tag[i], g->last[i])) == NONE)
			return -1;
		struct open_tag *ot = &m->tags[t];
		if (ot->n == MEM_BUCKET_LIMIT || (k != NONE && ot->n && tag_rep(m, ot, ot->n - 1) == k))
			continue; /* full, or this row's other key of the same tag */
		if (k == NONE && (k = kept_new(m, sk, id, idlen)) == NONE)
			return -1;
		if (tag_push(m, t, k) < 0)
			return -1;
		m->kept[k].refs++;
	}
	for (int i = 0; i < sk->nkeys; i++)
		if (g->has[i] && g->last[i] <= seq)
			tag_close(m, g->tag[i]);
	return 0;
}

static void merge_free(struct merge *m)
{
	for (uint32_t i = 0; i < m->nkept; i++)
		buf_free(&m->kept[i].bytes);
	free(m->kept);
	free(m->chunks);
	free(m->tags);
	free(m->slots);
}

/* The group lines (--groups, sorted by row), read a row ahead. */
struct group_lines {
	struct tsv_reader r;
	int seq, key, tag, last;
	bool have;
	long long at_seq, at_last;
	int at_key;
	uint32_t at_tag;
	int status;
};

static int parse_whole(const char *s, size_t n, long long *v)
{
	if (n == 0 || n > 18 || strspn(s, "0123456789") != n)
		return -1;
	*v = strtoll(s, NULL, 10);
	return 0;
}

static void group_line_next(struct group_lines *gl)
{
	gl->have = false;
	int got = tsv_next(&gl->r);
	if (got < 0) {
		msg("%s", gl->r.err);
		gl->status = EXIT_FAIL;
	}
	if (got <= 0)
		return;
	long long key;
	const struct tsv_reader *r = &gl->r;
	char *end;
	unsigned long tag = strtoul(r->fields[gl->tag], &end, 16);
	if (parse_whole(r->fields[gl->seq], r->lens[gl->seq], &gl->at_seq) < 0 ||
	    parse_whole(r->fields[gl->key], r->lens[gl->key], &key) < 0 || key >= MAX_KEYS ||
	    parse_whole(r->fields[gl->last], r->lens[gl->last], &gl->at_last) < 0 ||
	    r->lens[gl->tag] != 8 || end != r->fields[gl->tag] + 8) {
		msg_at(r->name, r->lineno, "not a line of dedupe --groups (seq, key, tag, last)");
		gl->status = EXIT_FAIL;
		return;
	}
	gl->at_key = (int)key;
	gl->at_tag = (uint32_t)tag;
	gl->have = true;
}

static int group_lines_open(struct group_lines *gl, const char *path, const struct tsv_opts *opts)
{
	char *files[] = {(char *)path};
	struct tsv_opts o = *opts;
	o.csv = false;
	o.progress = false;
	if (tsv_open(&gl->r, 1, files, &o) < 0) {
		msg("%s", gl->r.err);
		return -1;
	}
	if ((gl->seq = tsv_require_column(&gl->r, "seq")) < 0 || (gl->key = tsv_require_column(&gl->r, "key")) < 0 ||
	    (gl->tag = tsv_require_column(&gl->r, "tag")) < 0 || (gl->last = tsv_require_column(&gl->r, "last")) < 0)
		return -1;
	group_line_next(gl);
	return gl->status;
}

/* Collects the group lines of row seq; -1 after a message when they are out of order. */
static int group_lines_of(struct group_lines *gl, long long seq, int nkeys, struct row_groups *g)
{
	memset(g->has, 0, sizeof g->has);
	if (gl->have && gl->at_seq < seq) {
		msg_at(gl->r.name, gl->r.lineno, "row %lld is not in the input, or the lines are not sorted by seq "
			"(LC_ALL=C sort -k1,1n)", gl->at_seq);
		return -1;
	}
	while (gl->have && gl->at_seq == seq) {
		if (gl->at_key >= nkeys) {
			msg_at(gl->r.name, gl->r.lineno, "row %lld has no key %d: the lines are of another input",
			       seq, gl->at_key);
			return -1;
		}
		g->has[gl->at_key] = true;
		g->tag[gl->at_key] = gl->at_tag;
		g->last[gl->at_key] = gl->at_last;
		group_line_next(gl);
	}
	return gl->status ? -1 : 0;
}

int phase_merge(struct tsv_reader *r, const char *groups_path, const struct merge_params *mp)
{
	int seq_col = tsv_column(r, "dedupe_seq"), sketch_col = tsv_column(r, "dedupe_sketch");
	if (seq_col < 0 || sketch_col < 0) {
		msg("%s:1: no dedupe_seq and dedupe_sketch columns: not the output of dedupe --sketch", r->name);
		return EXIT_FAIL;
	}
	struct group_lines gl = {0};
	bool gl_opened = false;
	struct merge m = {.kept_free = NONE, .tags_free = NONE, .chunks_free = NONE};
	struct row_writer w;
	struct sketch *sk = malloc(sizeof *sk);
	struct row_groups *g = malloc(sizeof *g);
	struct match best = {0};
	int status = EXIT_FAIL, got = 0;
	bool w_ok = false;
	if (!sk || !g || slots_grow(&m) < 0 || row_writer_init(&w, r) < 0)
		goto nomem;
	w_ok = true;
	row_drop(&w, (size_t)seq_col);
	row_drop(&w, (size_t)sketch_col);
	if (result_layout(&w, r, mp->mark, mp->clusters) < 0)
		goto nomem;
	gl_opened = true;
	if (group_lines_open(&gl, groups_path, &mp->in) < 0)
		goto done;
	row_header(&w);
	uint32_t scheme = phase_scheme_tag(&mp->sketch);
	long long prev = -1;
	while (!out_failed() && (got = tsv_next(r)) > 0) {
		long long seq;
		bool other;
		if (parse_whole(r->fields[seq_col], r->lens[seq_col], &seq) < 0 || seq <= prev) {
			msg_at(r->name, r->lineno, "dedupe_seq is not a whole number above the last row's: "
				"the rows are not those of dedupe --sketch, in its order");
			goto done;
		}
		prev = seq;
		if (sketch_parse(r->fields[sketch_col], r->lens[sketch_col], scheme, mp->sketch.mode == MODE_MINHASH, sk,
				 &other) < 0) {
			msg_at(r->name, r->lineno, other ? "a sketch made with other options (every phase takes the same)" :
							   "dedupe_sketch is not a sketch of dedupe --sketch");
			goto done;
		}
		if (group_lines_of(&gl, seq, sk->empty ? 0 : sk->nkeys, g) < 0)
			goto done;
		uint32_t k;
		decide(&m, &mp->verify, sk, g, &best, &k);
		buf_clear(&best.id);
		if (best.dup && buf_append(&best.id, m.kept[k].bytes.p + m.kept[k].nfigures * sizeof(uint64_t),
					   m.kept[k].bytes.len - m.kept[k].nfigures * sizeof(uint64_t)) < 0)
			goto nomem;
		const char *id = mp->id >= 0 ? r->fields[mp->id] : "";
		size_t idlen = mp->id >= 0 ? r->lens[mp->id] : 0;
		/* a duplicate longer than its representative is filed too, under that one's id */
		bool extends = best.dup && extends_cluster(sk, m.kept[k].size);
		if (!sk->empty && file_row(&m, sk, !best.dup || extends, g, seq, extends ? best.id.p : id,
					   extends ? best.id.len : idlen) < 0)
			goto nomem;
		if (!best.dup || mp->mark || mp->clusters) {
			if (row_take(&w) < 0)
				goto nomem;
			result_write(&w, mp->mark, mp->clusters, NULL, id, idlen, &best);
		}
	}
	if (out_failed())
		status = EXIT_OK; /* out_exit_status() tells */
	else if (got < 0)
		msg("%s", r->err);
	else if (gl.have)
		msg_at(gl.r.name, gl.r.lineno, "row %lld is not in the input, or the lines are not sorted by seq "
		       "(LC_ALL=C sort -k1,1n)", gl.at_seq);
	else
		status = gl.status ? EXIT_FAIL : EXIT_OK;
	goto done;
nomem:
	msg("out of memory");
	status = EXIT_FAIL;
done:
	if (gl_opened)
		tsv_close(&gl.r);
	if (w_ok)
		row_writer_free(&w);
	merge_free(&m);
	buf_free(&best.id);
	free(sk);
	free(g);
	return status;
}
