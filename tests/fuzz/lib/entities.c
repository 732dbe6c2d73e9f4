/* Fuzz target: the entities column's reader and writer (lib/entity.h).
 *
 * Input: the value of an entities field (as the TSV reader gives it, escapes of the TSV layer
 * undone). Properties checked, not only crashes:
 * - parsing ends, with an error inside the field or with mentions whose spans lie in it, whose
 *   offsets are in order and whose surface is as long as its offsets say;
 * - a column that parses, written again mention by mention, parses to the same mentions (types,
 *   offsets, ids, unescaped surfaces and canonicals), and writing that gives the same bytes;
 * - any bytes as a surface and a canonical (the input cut at its first LF, or in half) come back
 *   from a written column as they were. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "entity.h"

#define MAX_MENTIONS 256

static void same_value(const struct entity_mention *a, const struct entity_mention *b, struct buf *t)
{
	/* a's and b's surfaces, then canonicals, unescaped into t and compared */
	const char *sa[2] = {a->surface, a->canonical}, *sb[2] = {b->surface, b->canonical};
	size_t na[2] = {a->surface_len, a->canonical_len}, nb[2] = {b->surface_len, b->canonical_len};
	for (int k = 0; k < 2; k++) {
		buf_clear(t);
		if (buf_reserve(t, na[k] + nb[k]) < 0)
			abort();
		size_t la = a->escaped ? entity_unescape(sa[k], na[k], t->p) : (memcpy(t->p, sa[k], na[k]), na[k]);
		size_t lb = b->escaped ? entity_unescape(sb[k], nb[k], t->p + la)
				       : (memcpy(t->p + la, sb[k], nb[k]), nb[k]);
		if (la != lb || memcmp(t->p, t->p + la, la))
			abort();
	}
}

static long parse_checked(const char *s, size_t n, struct entity_mention *v)
{
	size_t pos = (size_t)-1;
	const char *err = NULL;
	long k = entity_parse(s, n, v, MAX_MENTIONS, &pos, &err);
	if (k < 0) {
		if (pos > n || !err)
			abort();
		return -1;
	}
	for (long i = 0; i < k && i < MAX_MENTIONS; i++) {
		const struct entity_mention *m = &v[i];
		if (m->type < 0 || m->type >= NMT || m->start > m->end ||
		    m->surface < s || m->surface + m->surface_len > s + n ||
		    m->canonical < s || m->canonical + m->canonical_len > s + n ||
		    (m->id_len && (m->id < s || m->id + m->id_len > s + n || m->id_len % 17 != 16)))
			abort();
		char tmp[64];
		if (m->surface_len <= sizeof tmp &&
		    (m->escaped ? entity_unescape(m->surface, m->surface_len, tmp) : m->surface_len) !=
			    m->end - m->start)
			abort();
	}
	return k;
}

static void column_round_trip(const char *s, size_t n)
{
	static struct entity_mention v[MAX_MENTIONS], w[MAX_MENTIONS];
	long k = parse_checked(s, n, v);
	if (k < 0 || k > MAX_MENTIONS)
		return;
	struct buf once = {0}, twice = {0}, t = {0};
	for (long i = 0; i < k; i++)
		if (entity_format(&once, &v[i]) < 0)
			abort();
	if (parse_checked(once.p ? once.p : "", once.len, w) != k)
		abort();
	for (long i = 0; i < k; i++) {
		if (w[i].type != v[i].type || w[i].start != v[i].start || w[i].end != v[i].end ||
		    w[i].id_len != v[i].id_len || (v[i].id_len && memcmp(w[i].id, v[i].id, v[i].id_len)))
			abort();
		same_value(&v[i], &w[i], &t);
		if (entity_format(&twice, &w[i]) < 0)
			abort();
	}
	if (twice.len != once.len || memcmp(twice.p ? twice.p : "", once.p ? once.p : "", once.len))
		abort();
	buf_free(&once);
	buf_free(&twice);
	buf_free(&t);
}

static void values_round_trip(const char *s, size_t n)
{
	const char *lf = memchr(s, '\n', n);
	size_t cut = lf ? (size_t)(lf - s) : n / 2;
	struct buf col = {0}, ids = {0}, t = {0};
	const char *canon = s + cut + (lf != NULL);
	size_t clen = n - cut - (lf != NULL);
	if (entity_ids(MT_ORG, canon, clen, &ids) < 0)
		abort();
	struct entity_mention m = {.type = MT_ORG, .start = 3, .end = 3 + cut, .surface = s,
				   .surface_len = cut, .canonical = canon, .canonical_len = clen,
				   .id = ids.p, .id_len = ids.len};
	struct entity_mention p = {.type = MT_PERCENT, .start = 0, .end = 3, .surface = "75%",
				   .surface_len = 3, .canonical = "75%", .canonical_len = 3};
	if (entity_format(&col, &m) < 0 || entity_format(&col, &p) < 0 || entity_format(&col, &m) < 0)
		abort();
	struct entity_mention v[3];
	if (parse_checked(col.p, col.len, v) != 3 || v[1].type != MT_PERCENT)
		abort();
	same_value(&m, &v[0], &t);
	same_value(&p, &v[1], &t);
	same_value(&m, &v[2], &t);
	if (v[2].id_len != ids.len || memcmp(v[2].id, ids.p, ids.len))
		abort();
	buf_free(&col);
	buf_free(&ids);
	buf_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		data = (const uint8_t *)"";
	column_round_trip((const char *)data, size);
	values_round_trip((const char *)data, size);
	return 0;
}
