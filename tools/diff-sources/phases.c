/* phases.c: diff-sources as map, shuffle and reduce, with the result of one run
 * (docs/diff-sources.md, "Growing past one machine"). Each phase reads and writes the stream
 * format; between them a plain sort (or a cluster engine's shuffle) groups rows by a key:
 *
 *   --emit-names      map: each mention's name record (id, skeleton, type), with its first mention
 *   --resolve-names   one reducer over the distinct records: the table record -> actor
 *   --emit-keys       map: each event once under each of its block keys (key column first)
 *   --pairs           reduce by key: the block's candidate pairs, on the row of the event that
 *                     found them (event and pairs columns first)
 *   --components      the events joined by a pair are one component (union-find over the event
 *                     ids, reading its files twice): component column first
 *   --by-component    reduce by component: clusters and compares each component alone
 *
 * A component shares no candidate pair with another, so clustering it alone gives the clusters
 * of the whole run, provided nothing else is global: the names are (hence the table every phase
 * after them loads), the order of events is their key (a hash), a cluster's id and rows come from
 * its members, and the output is sorted byte by byte, so a last sort of the parts is the run's. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "entity.h"
#include "err.h"
#include "hash.h"
#include "out.h"
#include "phases.h"
#include "tsv.h"

#define BATCH_ROWS 4096          /* rows a map phase holds at once */
#define ID_HEX 32                /* an event id: its key and row hash, then ".N" for the Nth copy */

static void out_hex(uint64_t v)
{
	char hex[17];
	hash64_hex(v, hex);
	out_bytes(hex, 16);
}

/* The row's columns as they came, but column skip (-1: none). */
static void out_row(const struct tsv_reader *r, int skip)
{
	bool first = true;
	for (size_t i = 0; i < r->nfields; i++) {
		if ((int)i == skip)
			continue;
		if (!first)
			out_char('\t');
		first = false;
		out_bytes(r->raw[i], r->raw_lens[i]);
	}
	out_char('\n');
}

static void out_header(const struct tsv_reader *r, const char *lead, int skip)
{
	out_str(lead);
	for (size_t i = 0; i < r->ncols; i++)
		if ((int)i != skip) {
			out_char('\t');
			out_escaped(r->names[i], strlen(r->names[i]));
		}
	out_char('\n');
}

/* 16 hex digits at p, exactly. */
static bool parse_hex(const char *p, size_t n, uint64_t *v)
{
	if (n != 16)
		return false;
	uint64_t x = 0;
	for (size_t i = 0; i < 16; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return false;
		x = x << 4 | (uint64_t)d;
	}
	*v = x;
	return true;
}

static int bad_row(const struct tsv_reader *r, const char *what)
{
	msg("%s:%llu: %s", r->name, r->lineno, what);
	return -1;
}

static int need_column(const struct tsv_reader *r, const char *name, const char *phase)
{
	int c = tsv_column(r, name);
	if (c < 0)
		msg("%s: no column '%s': %s reads what the phase before it writes (docs/diff-sources.md)", r->name, name, phase);
	return c;
}

/* ---- the names table */

int phases_load_names(const char *path, struct names *nm)
{
	struct tsv_reader r;
	char *files[1] = {(char *)path};
	struct tsv_opts opts = {0};
	int rc = -1;
	if (tsv_open(&r, 1, files, &opts) < 0) {
		msg("%s", r.err);
		return -1;
	}
	int crec = need_column(&r, "record", "--names"), cact = need_column(&r, "actor", "--names");
	int got;
	while (crec >= 0 && cact >= 0 && (got = tsv_next(&r)) == 1) {
		struct name_rec rec = {0};
		bool fresh;
		if (r.lens[cact] == 1 && r.fields[cact][0] == '-' && parse_hex(r.fields[crec], r.lens[crec], &rec.hash)) {
			if (map_put(&nm->actorless, rec.hash, 0, &fresh) == -2)
				goto oom;
			continue;
		}
		if (!parse_hex(r.fields[crec], r.lens[crec], &rec.hash) || !parse_hex(r.fields[cact], r.lens[cact], &rec.actor) ||
		    !rec.hash || !rec.actor) {
			bad_row(&r, "expected record and actor as 16 hex digits (--resolve-names writes them)");
			goto done;
		}
		if (nm->n == nm->cap && array_grow((void **)&nm->r, &nm->cap, nm->n + 1, sizeof *nm->r, 256) < 0)
			goto oom;
		long i = map_put(&nm->by_hash, rec.hash, (long)nm->n, &fresh);
		if (i == -2)
			goto oom;
		if (fresh)
			nm->r[nm->n++] = rec;
	}
	if (crec >= 0 && cact >= 0 && got < 0)
		msg("%s", r.err);
	else if (crec >= 0 && cact >= 0)
		rc = 0;
	goto done;
oom:
	msg("out of memory");
done:
	tsv_close(&r);
	return rc;
}

/* ---- map phases: a batch of rows at a time, each row's raw text kept to be written again */

struct batch {
	struct store s;
	struct buf rows;          /* the rows' raw text, each ending in '\n' */
	size_t *at;               /* row i is rows.p[at[i] .. at[i + 1]) */
	size_t cap;
};

static int batch_add(struct batch *b, const struct tsv_reader *r, const int *cols)
{
	if (b->s.n + 2 > b->cap && array_grow((void **)&b->at, &b->cap, b->s.n + 2, sizeof *b->at, BATCH_ROWS + 2) < 0)
		return -1;
	b->at[b->s.n] = b->rows.len;
	for (size_t i = 0; i < r->nfields; i++)
		if ((i && buf_putc(&b->rows, '\t') < 0) || buf_append(&b->rows, r->raw[i], r->raw_lens[i]) < 0)
			return -1;
	if (buf_putc(&b->rows, '\n') < 0)
		return -1;
	b->at[b->s.n + 1] = b->rows.len;
	return store_add(&b->s, r, cols);
}

static void out_name_records(const struct store *s, struct buf *sk)
{
	for (size_t i = 0; i < s->n; i++) {
		/* an event without actors makes the block of its code (one run's fill_blocks): the
		 * maps of --emit-keys file the events with actors of that code there only then */
		uint64_t keys[3];
		if (cluster_block_keys(s, &s->ev[i], keys) == 1) {
			out_hex(keys[0]);
			out_str("\t-\t\t\t\t\n");
		}
		for (int side = 0; side < 2; side++) {
			const struct event *e = &s->ev[i];
			struct name_rec rec;
			if (event_name_record(s, e, side, sk, &rec) < 0 || !rec.hash)
				continue;
			struct str id = e->actor_id[side], name = e->value[A_ACTOR1 + side];
			int t = e->actor_type[side];
			out_hex(rec.hash);
			out_char('\t');
			out_hex(e->key);
			out_hex(e->row);
			out_char((char)('0' + side));
			out_char('\t');
			out_escaped(str_at(s, id), id.len);
			out_char('\t');
			out_str(t >= 0 && t < NMT ? mention_type_names[t] : "");
			out_char('\t');
			out_escaped(str_at(s, name), name.len);
			out_char('\t');
			out_escaped(str_at(s, e->source), e->source.len);
			out_char('\n');
		}
	}
}

static void out_keyed_rows(const struct batch *b, const struct names *nm)
{
	for (size_t i = 0; i < b->s.n; i++) {
		uint64_t keys[3];
		int n = cluster_block_keys(&b->s, &b->s.ev[i], keys);
		/* the code's block (the last key) is for an event without actors, and for one with
		 * actors only when some event of its code has none: else no block holds it */
		if (n > 1 && map_get(&nm->actorless, keys[n - 1]) < 0)
			n--;
		for (int k = 0; k < n; k++) {
			out_hex(keys[k]);
			out_char('\t');
			out_bytes(b->rows.p + b->at[i], b->at[i + 1] - b->at[i]);
		}
	}
}

static int map_flush(struct batch *b, enum phase p, const struct names *nm, struct buf *sk)
{
	int rc = 0;
	if (p == PHASE_EMIT_NAMES)
		out_name_records(&b->s, sk);
	else if ((rc = names_apply(&b->s, nm)) == 0 && (rc = cluster_prepare(&b->s, 0)) == 0)
		out_keyed_rows(b, nm);
	store_reset(&b->s);
	b->rows.len = 0;
	return rc;
}

/* --emit-names and --emit-keys. */
static int map_phase(enum phase p, struct tsv_reader *r, const struct names *nm)
{
	struct batch b = {0};
	struct buf sk = {0};
	int cols[32], got, rc = 0;
	if (store_init(&b.s) < 0)
		return EXIT_FAIL;
	if (store_columns(r, cols) < 0) {
		store_free(&b.s);
		return EXIT_USAGE;
	}
	if (p == PHASE_EMIT_NAMES)
		out_str("record\tfirst\tid\ttype\tname\tsource\n");
	else
		out_header(r, "key", -1);
	while (rc == 0 && (got = tsv_next(r)) == 1) {
		if (batch_add(&b, r, cols) < 0)
			rc = -1;
		else if (b.s.n == BATCH_ROWS || b.rows.len > ((size_t)8 << 20))
			rc = map_flush(&b, p, nm, &sk);
	}
	if (rc == 0 && got < 0) {
		msg("%s", r->err);
		rc = -1;
	}
	if (rc == 0)
		rc = map_flush(&b, p, nm, &sk);
	store_free(&b.s);
	buf_free(&b.rows);
	buf_free(&sk);
	free(b.at);
	return rc < 0 ? EXIT_FAIL : 0;
}

/* --resolve-names: the distinct records of --emit-names' rows, in any order, resolved. */
static int resolve_names(struct tsv_reader *r, bool warn)
{
	int cfirst = need_column(r, "first", "--resolve-names"), cid = need_column(r, "id", "--resolve-names");
	int ctype = need_column(r, "type", "--resolve-names"), cname = need_column(r, "name", "--resolve-names");
	int csrc = need_column(r, "source", "--resolve-names");
	if (cfirst < 0 || cid < 0 || ctype < 0 || cname < 0 || csrc < 0)
		return EXIT_USAGE;
	int crec = need_column(r, "record", "--resolve-names");
	if (crec < 0)
		return EXIT_USAGE;
	struct names nm = {0};
	struct buf sk = {0};
	int got, rc = 0;
	while (rc == 0 && (got = tsv_next(r)) == 1) {
		struct name_rec rec;
		struct mention_at at;
		const char *f = r->fields[cfirst];
		if (r->lens[cfirst] == 1 && f[0] == '-') { /* a code that an event without actors has */
			uint64_t code;
			bool fresh;
			if (!parse_hex(r->fields[crec], r->lens[crec], &code)) {
				rc = bad_row(r, "record: expected 16 hex digits (--emit-names writes them)");
				break;
			}
			if (map_put(&nm.actorless, code, 0, &fresh) == -2) {
				msg("out of memory");
				rc = -1;
			}
			continue;
		}
		int type = r->lens[ctype] ? mention_type_of(r->fields[ctype], r->lens[ctype]) : -1;
		if (r->lens[cfirst] != 33 || !parse_hex(f, 16, &at.key) || !parse_hex(f + 16, 16, &at.row) ||
		    (f[32] != '0' && f[32] != '1')) {
			rc = bad_row(r, "first: expected 32 hex digits and a side, 0 or 1 (--emit-names writes it)");
			break;
		}
		at.side = f[32] - '0';
		if (r->lens[ctype] && type < 0) {
			rc = bad_row(r, "type: not a type of mention (PER, ORG, LOC, ...)");
			break;
		}
		if (name_record(r->fields[cname], r->lens[cname], r->fields[cid], r->lens[cid], type, &sk, &rec) < 0) {
			msg("out of memory");
			rc = -1;
			break;
		}
		rec.first = at;
		if (rec.hash && names_add(&nm, &rec, r->fields[cname], r->lens[cname], r->fields[csrc], r->lens[csrc]) < 0) {
			msg("out of memory");
			rc = -1;
		}
	}
	if (rc == 0 && got < 0) {
		msg("%s", r->err);
		rc = -1;
	}
	if (rc == 0 && !r->empty)
		rc = names_settle(&nm, warn);
	if (rc == 0 && !r->empty) {
		out_str("record\tactor\n");
		for (size_t i = 0; i < nm.n; i++) {
			out_hex(nm.r[i].hash);
			out_char('\t');
			out_hex(nm.r[i].actor);
			out_char('\n');
		}
		for (size_t i = 0; i < nm.actorless.cap; i++)
			if (nm.actorless.keys[i]) {
				out_hex(nm.actorless.keys[i]);
				out_str("\t-\n");
			}
	}
	names_free(&nm);
	buf_free(&sk);
	return rc < 0 ? EXIT_FAIL : 0;
}

/* ---- reduce phases: rows grouped by a key column, one group at a time */

struct group {
	struct store s;
	struct buf key;           /* the group's key, as written */
	struct u64map seen;       /* the keys of groups done: a key seen again is unsorted input */
	struct buf rows;          /* --pairs: one row read back from rows_file */
	FILE *rows_file;          /* --pairs: the group's rows, but the key column, spilled, so
				   * that a reducer holds a block's events, not their text */
	uint64_t rows_len;
	uint64_t *at;
	size_t at_cap;
	int *order;               /* scratch */
	size_t order_cap;
	struct pairs ps;
};

/* Starts a group at the current row, or says the input is not grouped. */
static int group_start(struct group *g, const struct tsv_reader *r, int ckey)
{
	bool fresh;
	buf_clear(&g->key);
	if (buf_append(&g->key, r->fields[ckey], r->lens[ckey]) < 0 ||
	    map_put(&g->seen, hash64(g->key.p, g->key.len, 0x5eed), 0, &fresh) == -2) {
		msg("out of memory");
		return -1;
	}
	if (!fresh)
		return bad_row(r, "this key's rows are not together: the input must be grouped by key (sort it first)");
	store_reset(&g->s);
	g->rows.len = 0;
	g->rows_len = 0;
	if (g->rows_file)
		rewind(g->rows_file);
	g->ps.n = 0;
	return 0;
}

static bool same_key(const struct group *g, const struct tsv_reader *r, int ckey)
{
	return r->lens[ckey] == g->key.len && memcmp(r->fields[ckey], g->key.p, g->key.len) == 0;
}

static int *scratch(struct group *g, size_t n)
{
	if (n > g->order_cap && array_grow((void **)&g->order, &g->order_cap, n, sizeof *g->order, 256) < 0)
		return NULL;
	return g->order;
}

/* The copy number of each event among the events of the group that are the same row. */
static void copy_numbers(const struct store *s, int *copy)
{
	for (size_t i = 0; i < s->n; i++)
		copy[i] = i && s->ev[i].key == s->ev[i - 1].key && s->ev[i].row == s->ev[i - 1].row ? copy[i - 1] + 1 : 0;
}

static void out_event_id(const struct event *e, int copy)
{
	out_hex(e->key);
	out_hex(e->row);
	out_char('.');
	out_ulong((unsigned long long)copy);
}

/* --pairs, one group: the block of its key, its candidate pairs on the rows that found them. */
static int pairs_group(struct group *g, const struct names *nm)
{
	struct store *s = &g->s;
	uint64_t key;
	if (!parse_hex(g->key.p, g->key.len, &key)) {
		msg("key '%.*s': expected 16 hex digits (--emit-keys writes them)", (int)g->key.len, g->key.p);
		return -1;
	}
	for (size_t i = 0; i < s->n; i++)
		s->ev[i].cluster = (int)i; /* the row of the event, until clustering */
	if (names_apply(s, nm) < 0 || cluster_prepare(s, 0) < 0)
		return -1;
	store_sort(s);
	if (fflush(g->rows_file) != 0) {
		msg("temporary file: %s", strerror(errno));
		return -1;
	}
	int *ev = scratch(g, 3 * s->n + 1);
	if (!ev)
		goto oom;
	int *copy = ev + s->n, *first = ev + 2 * s->n;
	copy_numbers(s, copy);
	bool actorless = false;
	for (size_t i = 0; i < s->n; i++)
		actorless |= cluster_actorless_code(s, &s->ev[i], key);
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		if (cluster_in_block(s, key, &s->ev[i], actorless))
			ev[n++] = (int)i;
	if (cluster_block_pairs(s, ev, n, &g->ps) < 0)
		goto oom;
	/* the pairs come in runs, one for each event that found some: first[i] is i's run */
	for (size_t i = 0; i < s->n; i++)
		first[i] = -1;
	for (size_t k = g->ps.n; k-- > 0;)
		first[g->ps.p[k].a] = (int)k;
	for (size_t i = 0; i < s->n; i++) {
		const struct event *e = &s->ev[i];
		if (!cluster_in_block(s, key, e, actorless))
			continue;
		out_event_id(e, copy[i]);
		out_char('\t');
		for (size_t k = first[i] < 0 ? g->ps.n : (size_t)first[i]; k < g->ps.n && g->ps.p[k].a == (int)i; k++) {
			if (k != (size_t)first[i])
				out_char(' ');
			out_event_id(&s->ev[g->ps.p[k].b], copy[g->ps.p[k].b]);
		}
		out_char('\t');
		int row = e->cluster;
		size_t len = (size_t)(g->at[row + 1] - g->at[row]);
		buf_clear(&g->rows);
		if (buf_reserve(&g->rows, len) < 0)
			goto oom;
		if (fseeko(g->rows_file, (off_t)g->at[row], SEEK_SET) != 0 ||
		    fread(g->rows.p, 1, len, g->rows_file) != len) {
			msg("temporary file: %s", ferror(g->rows_file) ? strerror(errno) : "short read");
			return -1;
		}
		out_bytes(g->rows.p, len);
	}
	return 0;
oom:
	msg("out of memory");
	return -1;
}

static int pairs_add_row(struct group *g, const struct tsv_reader *r, const int *cols, int ckey)
{
	size_t n = g->s.n;
	if (n + 2 > g->at_cap && array_grow((void **)&g->at, &g->at_cap, n + 2, sizeof *g->at, 256) < 0)
		return -1;
	g->at[n] = g->rows_len;
	bool first = true;
	for (size_t i = 0; i < r->nfields; i++) {
		if ((int)i == ckey)
			continue;
		if ((!first && putc('\t', g->rows_file) == EOF) ||
		    fwrite(r->raw[i], 1, r->raw_lens[i], g->rows_file) != r->raw_lens[i])
			goto full;
		g->rows_len += r->raw_lens[i] + !first;
		first = false;
	}
	if (putc('\n', g->rows_file) == EOF)
		goto full;
	g->rows_len++;
	g->at[n + 1] = g->rows_len;
	return store_add(&g->s, r, cols);
full:
	msg("temporary file: %s", strerror(errno));
	return -1;
}

/* ---- --by-component: each event once (it came once for each block it is in), its pairs from
 * all its rows */

struct component {
	struct u64map ids;        /* event id -> its index in the order the events came */
	uint64_t *targets;        /* the pairs: from (an index as above) and the id of the other */
	int *from;
	size_t npairs, pairs_cap;
	int *copy;                /* the copy number of each event, as its id says */
	size_t copy_cap;
};

static uint64_t id_hash(const char *p, size_t n)
{
	return hash64(p, n, 0x1d5);
}

/* The copy number of an id "KEYROW.N", or -1 when it is no id. */
static long id_copy(const char *p, size_t n)
{
	if (n < ID_HEX + 2 || n > ID_HEX + 10 || p[ID_HEX] != '.')
		return -1;
	long c = 0;
	for (size_t i = ID_HEX + 1; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		c = c * 10 + (p[i] - '0');
	}
	uint64_t v;
	return parse_hex(p, 16, &v) && parse_hex(p + 16, 16, &v) ? c : -1;
}

static int component_row(struct group *g, struct component *c, const struct tsv_reader *r, const int *cols,
			 int cev, int cpairs)
{
	const char *id = r->fields[cev];
	long copy = id_copy(id, r->lens[cev]);
	if (copy < 0)
		return bad_row(r, "event: expected an id of --pairs (32 hex digits, a dot, a copy number)");
	bool fresh;
	long at = map_put(&c->ids, id_hash(id, r->lens[cev]), (long)g->s.n, &fresh);
	if (at == -2)
		return -1;
	if (fresh) {
		if (g->s.n >= c->copy_cap &&
		    array_grow((void **)&c->copy, &c->copy_cap, g->s.n + 1, sizeof *c->copy, 256) < 0)
			return -1;
		c->copy[g->s.n] = (int)copy;
		if (store_add(&g->s, r, cols) < 0)
			return -1;
		g->s.ev[g->s.n - 1].cluster = (int)at;
	}
	const char *p = r->fields[cpairs], *end = p + r->lens[cpairs];
	while (p < end) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		size_t len = (size_t)((sp ? sp : end) - p);
		if (id_copy(p, len) < 0)
			return bad_row(r, "pairs: expected ids of --pairs, separated by spaces");
		if (c->npairs == c->pairs_cap &&
		    (array_grow((void **)&c->targets, &c->pairs_cap, c->npairs + 1, sizeof *c->targets, 256) < 0 ||
		     !(c->from = realloc(c->from, c->pairs_cap * sizeof *c->from))))
			return -1;
		c->targets[c->npairs] = id_hash(p, len);
		c->from[c->npairs++] = (int)at;
		p += len + (sp != NULL);
	}
	return 0;
}

/* Events of one row ordered as the copies' numbers say (store_sort keeps them in the order
 * they came, which another phase's order need not be). */
static const struct component *copy_component;
static int by_copy(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	return copy_component->copy[x->cluster] - copy_component->copy[y->cluster];
}

static int component_group(struct group *g, struct component *c, const struct names *nm)
{
	struct store *s = &g->s;
	struct clustering cl = {0};
	int rc = -1;
	if (names_apply(s, nm) < 0 || cluster_prepare(s, 0) < 0)
		goto done;
	store_sort(s);
	copy_component = c;
	for (size_t i = 0, j; i < s->n; i = j) {
		for (j = i + 1; j < s->n && s->ev[j].key == s->ev[i].key && s->ev[j].row == s->ev[i].row; j++)
			;
		if (j - i > 1)
			qsort(s->ev + i, j - i, sizeof *s->ev, by_copy);
	}
	int *index = scratch(g, s->n + 1); /* arrival -> sorted position */
	if (!index)
		goto oom;
	for (size_t i = 0; i < s->n; i++)
		index[s->ev[i].cluster] = (int)i;
	for (size_t k = 0; k < c->npairs; k++) {
		long to = map_get(&c->ids, c->targets[k]);
		if (to < 0) {
			msg("component %.*s: an event pairs with one that is not in its component (the input of --by-component is --components' output, grouped)",
			    (int)g->key.len, g->key.p);
			goto done;
		}
		if (cluster_pair(s, &g->ps, index[c->from[k]], index[to]) < 0)
			goto oom;
	}
	if (cluster_merge(s, &cl, &g->ps) < 0 || compare_clusters(s, &cl) < 0 || report_tsv(s, &cl, false) < 0)
		goto done;
	rc = 0;
	goto done;
oom:
	msg("out of memory");
done:
	clustering_free(&cl);
	map_free(&c->ids);
	c->npairs = 0;
	return rc;
}

/* --pairs and --by-component. */
static int reduce_phase(enum phase p, struct tsv_reader *r, const struct names *nm)
{
	const char *phase = p == PHASE_PAIRS ? "--pairs" : "--by-component";
	int ckey = need_column(r, p == PHASE_PAIRS ? "key" : "component", phase);
	int cev = p == PHASE_PAIRS ? 0 : need_column(r, "event", phase);
	int cpairs = p == PHASE_PAIRS ? 0 : need_column(r, "pairs", phase);
	int cols[32];
	if (ckey < 0 || cev < 0 || cpairs < 0 || store_columns(r, cols) < 0)
		return EXIT_USAGE;
	struct group g = {0};
	struct component c = {0};
	if (store_init(&g.s) < 0)
		return EXIT_FAIL;
	if (p == PHASE_PAIRS && !(g.rows_file = store_spill_file())) {
		msg("temporary file: %s", strerror(errno));
		store_free(&g.s);
		return EXIT_FAIL;
	}
	if (p == PHASE_PAIRS) {
		out_str("event\tpairs");
		out_header(r, "", ckey);
	} else {
		out_str(TSV_HEADER);
	}
	int got, rc = 0;
	bool open = false;
	while (rc == 0 && (got = tsv_next(r)) == 1) {
		if (open && !same_key(&g, r, ckey)) {
			rc = p == PHASE_PAIRS ? pairs_group(&g, nm) : component_group(&g, &c, nm);
			open = false;
		}
		if (rc == 0 && !open) {
			rc = group_start(&g, r, ckey);
			open = rc == 0;
		}
		if (rc == 0 && (p == PHASE_PAIRS ? pairs_add_row(&g, r, cols, ckey) : component_row(&g, &c, r, cols, cev, cpairs)) < 0)
			rc = -1;
	}
	if (rc == 0 && got < 0) {
		msg("%s", r->err);
		rc = -1;
	}
	if (rc == 0 && open)
		rc = p == PHASE_PAIRS ? pairs_group(&g, nm) : component_group(&g, &c, nm);
	store_free(&g.s);
	buf_free(&g.key);
	buf_free(&g.rows);
	if (g.rows_file)
		fclose(g.rows_file);
	map_free(&g.seen);
	map_free(&c.ids);
	free(g.at);
	free(g.order);
	free(g.ps.p);
	free(c.targets);
	free(c.from);
	free(c.copy);
	return rc < 0 ? EXIT_FAIL : 0;
}

/* ---- --components: union-find over the event ids of --pairs' rows, then the rows again with
 * their component, the least id hash of its events */

struct union_find {
	struct u64map ids;
	int *parent;
	uint64_t *least;
	size_t n, cap;
};

static long uf_add(struct union_find *u, uint64_t h)
{
	bool fresh;
	long i = map_put(&u->ids, h, (long)u->n, &fresh);
	if (i < 0 || !fresh)
		return i;
	if (u->n == u->cap) {
		size_t cap = u->cap;
		if (array_grow((void **)&u->parent, &u->cap, u->n + 1, sizeof *u->parent, 1024) < 0 ||
		    array_grow((void **)&u->least, &cap, u->n + 1, sizeof *u->least, 1024) < 0)
			return -2;
	}
	u->parent[u->n] = (int)u->n;
	u->least[u->n] = h;
	return (long)u->n++;
}

static int uf_find(struct union_find *u, int i)
{
	while (u->parent[i] != i) {
		u->parent[i] = u->parent[u->parent[i]];
		i = u->parent[i];
	}
	return i;
}

static void uf_unite(struct union_find *u, int i, int j)
{
	i = uf_find(u, i);
	j = uf_find(u, j);
	if (i == j)
		return;
	u->parent[j] = i;
	if (u->least[j] < u->least[i])
		u->least[i] = u->least[j];
}

/* One pass over the files: union (first) or the rows with their component written. */
static int components_pass(struct union_find *u, int nfiles, char **files, const struct tsv_opts *opts, bool write)
{
	struct tsv_reader r;
	if (tsv_open(&r, nfiles, files, opts) < 0) {
		msg("%s", r.err);
		return EXIT_FAIL;
	}
	int rc = 0, got = 0;
	int cev = r.empty ? 0 : need_column(&r, "event", "--components");
	int cpairs = r.empty ? 0 : need_column(&r, "pairs", "--components");
	if (cev < 0 || cpairs < 0)
		rc = EXIT_USAGE;
	if (rc == 0 && write && !r.empty)
		out_header(&r, "component", -1);
	while (rc == 0 && !r.empty && (got = tsv_next(&r)) == 1) {
		long me = id_copy(r.fields[cev], r.lens[cev]) < 0 ? -1 : uf_add(u, id_hash(r.fields[cev], r.lens[cev]));
		if (me == -1) {
			rc = bad_row(&r, "event: expected an id of --pairs (32 hex digits, a dot, a copy number)") < 0 ? EXIT_FAIL : 0;
			break;
		}
		if (write) {
			out_hex(u->least[uf_find(u, (int)me)]);
			out_char('	');
			out_row(&r, -1);
			continue;
		}
		const char *p = r.fields[cpairs], *end = p + r.lens[cpairs];
		while (me >= 0 && p < end) {
			const char *sp = memchr(p, ' ', (size_t)(end - p));
			size_t len = (size_t)((sp ? sp : end) - p);
			long other = id_copy(p, len) < 0 ? -1 : uf_add(u, id_hash(p, len));
			if (other == -1)
				me = bad_row(&r, "pairs: expected ids of --pairs, separated by spaces");
			else if (other >= 0)
				uf_unite(u, (int)me, (int)other);
			else
				me = other;
			p += len + (sp != NULL);
		}
		if (me == -2)
			msg("out of memory");
		if (me < 0)
			rc = EXIT_FAIL;
	}
	if (rc == 0 && got < 0) {
		msg("%s", r.err);
		rc = EXIT_FAIL;
	}
	tsv_close(&r);
	return rc;
}

int phases_components(int nfiles, char **files, const struct tsv_opts *opts)
{
	for (int i = 0; i < nfiles; i++)
		if (strcmp(files[i], "-") == 0)
			nfiles = 0;
	if (nfiles == 0) {
		msg("--components reads its files twice: give them as files, not standard input");
		return EXIT_USAGE;
	}
	struct union_find u = {0};
	int rc = components_pass(&u, nfiles, files, opts, false);
	if (rc == 0)
		rc = components_pass(&u, nfiles, files, opts, true);
	map_free(&u.ids);
	free(u.parent);
	free(u.least);
	return rc;
}

int phases_run(enum phase p, struct tsv_reader *r, const struct names *nm, bool warn)
{
	if (r->empty)
		return 0;
	switch (p) {
	case PHASE_EMIT_NAMES:
	case PHASE_EMIT_KEYS: return map_phase(p, r, nm);
	case PHASE_RESOLVE_NAMES: return resolve_names(r, warn);
	case PHASE_PAIRS:
	case PHASE_BY_COMPONENT: return reduce_phase(p, r, nm);
	default: return EXIT_USAGE;
	}
}
