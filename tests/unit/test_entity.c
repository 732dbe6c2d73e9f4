/* Unit tests of lib/entity: the entities column's writer and reader. TAP output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "entity.h"
#include "hash.h"
#include "tsv.h"

static int n_test, n_fail;

static void check(int ok, const char *what)
{
	n_test++;
	if (!ok)
		n_fail++;
	printf("%sok %d - entity: %s\n", ok ? "" : "not ", n_test, what);
}

static bool span_is(const char *s, size_t n, const char *want)
{
	return n == strlen(want) && !memcmp(s, want, n);
}

/* The value of an escaped span, in a static buffer. */
static const char *value(const char *s, size_t n, bool escaped)
{
	static char out[4][256];
	static int k;
	char *o = out[k++ % 4];
	size_t len = escaped ? entity_unescape(s, n, o) : (memcpy(o, s, n), n);
	o[len] = '\0';
	return o;
}

static void test_types(void)
{
	check(mention_type_of("PER", 3) == MT_PER && mention_type_of("PERCENT", 7) == MT_PERCENT &&
		      mention_type_of("QUANTITY", 8) == MT_QUANTITY,
	      "type names are read back");
	check(mention_type_of("PE", 2) < 0 && mention_type_of("PERS", 4) < 0 &&
		      mention_type_of("per", 3) < 0 && mention_type_of("PERCENTS", 8) < 0,
	      "other words are no type");
	check(MT_NAMES == 5 && !strcmp(mention_type_names[MT_NORP], "NORP") &&
		      !strcmp(mention_type_names[MT_DATE], "DATE"),
	      "names first, then the numeric types");
}

static void test_ids(void)
{
	/* the id tag-entities has always given: XXH3 of "TYPE<TAB>name" */
	char key[] = "PER\tVladimir Putin", hex[17];
	check(entity_id(MT_PER, "Vladimir Putin", 14) == hash64(key, strlen(key), 0),
	      "entity_id is the hash of type and name");
	check(entity_id(MT_PER, "Paris", 5) != entity_id(MT_LOC, "Paris", 5), "the type is part of the id");
	struct buf b = {0};
	check(entity_ids(MT_PER, "Anna Kovalenko|Olga Kovalenko", 29, &b) == 0 && b.len == 33 &&
		      b.p[16] == '|',
	      "an ambiguous canonical has one id a name, joined by |");
	hash64_hex(entity_id(MT_PER, "Olga Kovalenko", 14), hex);
	check(!memcmp(b.p + 17, hex, 16), "the second id is the second name's");
	buf_free(&b);
	/* a very long name: the same id whatever lies past its first bytes (as every run made it) */
	char a[700], c[700];
	memset(a, 'x', sizeof a);
	memset(c, 'x', sizeof c);
	c[650] = 'y';
	check(entity_id(MT_ORG, a, sizeof a) == entity_id(MT_ORG, c, sizeof c), "a long name's id reads its first bytes");
}

/* Formats a mention of the given values and parses the column back. */
static void round_trip(const char *surface, const char *canonical, const char *what)
{
	struct buf col = {0}, ids = {0};
	entity_ids(MT_MISC, canonical, strlen(canonical), &ids);
	struct entity_mention m = {
		.type = MT_MISC, .start = 7, .end = 7 + strlen(surface),
		.surface = surface, .surface_len = strlen(surface),
		.canonical = canonical, .canonical_len = strlen(canonical),
		.id = ids.p, .id_len = ids.len,
	};
	struct entity_mention d = {.type = MT_DATE, .start = 0, .end = 3, .surface = "Sun", .surface_len = 3,
				   .canonical = "2022-02-20", .canonical_len = 10};
	int ok = entity_format(&col, &m) == 0 && entity_format(&col, &d) == 0 && entity_format(&col, &m) == 0;
	struct entity_mention v[4];
	size_t pos = 0;
	const char *err = NULL;
	long n = entity_parse(col.p, col.len, v, 4, &pos, &err);
	ok = ok && n == 3;
	for (long i = 0; ok && i < 3; i += 2)
		ok = v[i].type == MT_MISC && v[i].start == 7 && v[i].end == m.end &&
		     !strcmp(value(v[i].surface, v[i].surface_len, v[i].escaped), surface) &&
		     !strcmp(value(v[i].canonical, v[i].canonical_len, v[i].escaped), canonical) &&
		     span_is(v[i].id, v[i].id_len, ids.p);
	ok = ok && v[1].type == MT_DATE && v[1].id_len == 0 &&
	     span_is(v[1].canonical, v[1].canonical_len, "2022-02-20");
	/* and the parsed mentions format to the same column */
	struct buf again = {0};
	for (long i = 0; ok && i < n; i++)
		ok = entity_format(&again, &v[i]) == 0;
	ok = ok && again.len == col.len && !memcmp(again.p, col.p, col.len);
	if (!ok)
		printf("# %s\n", col.p ? col.p : "(empty)");
	check(ok, what);
	buf_free(&col);
	buf_free(&ids);
	buf_free(&again);
}

static void test_round_trips(void)
{
	round_trip("Acme", "Acme Shipping", "a plain name");
	round_trip("A;B", "Pact;One", "';' in surface and canonical");
	round_trip("a=b", "x=y==", "'='");
	round_trip("vell@tide", "@home@", "'@'");
	round_trip("%3B", "100%25", "the escape character before two hex digits");
	round_trip("75%", "75%", "'%' not before two hex digits stays as it is");
	round_trip("%", "%%4%;%", "'%' at the end, doubled, before one hex digit, before a separator");
	round_trip("%A;", "%AZ%aa%3b", "'%' before a hex digit and a separator, lower-case hex");
	round_trip("Bo", "", "an empty canonical");
	round_trip("", "nothing", "an empty surface");
	round_trip("Élysée", "Кремль;Ки=ев@", "UTF-8 with separators");
	round_trip("A|B", "Anna|Olga", "'|' (alternatives) is not escaped");
	round_trip("a\tb\\n", "c\nd", "TAB, LF and backslash are the TSV layer's, not escaped here");
	struct buf b = {0};
	entity_escape("x;y=z@w%41%", 11, &b);
	check(!strcmp(b.p, "x%3By%3Dz%40w%2541%"), "escapes as documented");
	buf_free(&b);
}

static void test_old_format(void)
{
	/* as tag-entities wrote it before ids and escapes */
	const char *old = "PER:Vladimir Putin@12-26=Vladimir Putin;LOC:Kiev@40-44=Kyiv;"
			  "PERCENT:75%@50-53=75%;MONEY:$1.5 billion@60-72=USD 1500000000";
	struct entity_mention v[8];
	size_t pos;
	const char *err;
	long n = entity_parse(old, strlen(old), v, 8, &pos, &err);
	check(n == 4, "an old column is read");
	check(n == 4 && v[0].type == MT_PER && v[0].start == 12 && v[0].end == 26 && v[0].id_len == 0 &&
		      span_is(v[0].surface, v[0].surface_len, "Vladimir Putin") &&
		      span_is(v[1].canonical, v[1].canonical_len, "Kyiv") &&
		      !strcmp(value(v[2].canonical, v[2].canonical_len, v[2].escaped), "75%") &&
		      span_is(v[3].canonical, v[3].canonical_len, "USD 1500000000"),
	      "its mentions, without ids");
	/* an old surface that held '@', '=' or ';': the offsets tell where it ends */
	const char *hostile = "ORG:B@C=D@25-30=B@C=D;MISC:x;y@1-4=xy";
	n = entity_parse(hostile, strlen(hostile), v, 8, &pos, &err);
	check(n == 2 && span_is(v[0].surface, v[0].surface_len, "B@C=D") &&
		      span_is(v[0].canonical, v[0].canonical_len, "B@C=D") &&
		      span_is(v[1].surface, v[1].surface_len, "x;y"),
	      "an old surface holding '@', '=' or ';' is read by its offsets");
	check(entity_parse("", 0, v, 8, &pos, &err) == 0, "an empty column has no mentions");
	check(entity_parse(old, strlen(old), v, 2, &pos, &err) == 4 && v[1].type == MT_LOC,
	      "more mentions than room: the count, and the first ones");
}

static void bad(const char *col, size_t want_pos, const char *what)
{
	size_t pos = 999;
	const char *err = NULL;
	struct entity_mention v[4];
	long n = entity_parse(col, strlen(col), v, 4, &pos, &err);
	if (n != -1 || pos != want_pos)
		printf("# %s: %ld, byte %zu: %s\n", col, n, pos, err ? err : "");
	check(n == -1 && pos == want_pos && err && *err, what);
}

static void test_malformed(void)
{
	bad("PERSON:x@0-1=x", 0, "an unknown type, at its start");
	bad("PER:Putin@0-5=Vladimir Putin;person:x@0-1=x", 29, "an unknown type after ';', at its start");
	bad("PER#12ab:Putin@0-5=V", 8, "a short id, where it stops");
	bad("PER#0123456789ABCDEF:Putin@0-5=V", 14, "an id in capitals");
	bad("PER#0123456789abcdef|:Putin@0-5=V", 21, "a '|' without an id after it");
	bad("PER Putin@0-5=V", 3, "no ':' after the type");
	bad("PER:Putin 0-5=V", 15, "no '@' at all: the end");
	bad("PER:Putin@0-x=V", 12, "a bad end offset, where it stops");
	bad("PER:Putin@-5=V", 10, "a missing start offset");
	bad("PER:Putin@0-5V", 13, "no '=' after the offsets");
	bad("PER:Putin@9-5=V", 10, "the start after the end");
	bad("PER:Putin@0-4=V", 4, "a surface not as long as its offsets, at the surface");
	bad("PER:%3B@0-3=V", 4, "an escaped surface is as long as its value");
	bad("PER:Putin@0-5=V;", 16, "a ';' with nothing after it");
	bad("PER:Putin@0-5=V;;LOC:x@0-1=x", 16, "two ';'");
	bad(";PER:Putin@0-5=V", 0, "a leading ';'");
	bad("PER:Putin@0-1234567890123456789=V", 12, "an offset of too many digits");
	/* a reader that failed stays failed */
	struct entity_reader r;
	struct entity_mention m;
	entity_reader_init(&r, "XX:a@0-1=a;PER:a@0-1=a", 22);
	int first = entity_next(&r, &m);
	check(first == -1 && entity_next(&r, &m) == 0 && r.err_pos == 0, "after an error the reader ends");
}

static void test_speed(void)
{
	/* linear: a column of 200,000 mentions (5 MB), and one of a single 1 MB surface of '@' */
	struct buf col = {0};
	for (int i = 0; i < 200000; i++)
		buf_append(&col, i ? ";MONEY:$1.5 billion@13-25=USD 1500000000" : "MONEY:$1.5 billion@13-25=USD 1500000000",
			   i ? 41 : 40);
	struct entity_reader r;
	struct entity_mention m;
	entity_reader_init(&r, col.p, col.len);
	long n = 0;
	while (entity_next(&r, &m) > 0)
		n++;
	check(n == 200000, "200,000 mentions are read");
	buf_clear(&col);
	buf_append(&col, "PER:", 4);
	for (int i = 0; i < 1 << 20; i++)
		buf_putc(&col, '@');
	size_t pos;
	const char *err;
	check(entity_parse(col.p, col.len, &m, 1, &pos, &err) == -1 && pos == 5,
	      "a surface of 1 MB of '@' fails at once, not in quadratic time");
	buf_free(&col);
}

/* The entities columns tag-entities wrote for its fixtures: each parses, each name's ids are
 * entity_ids() of its canonical (of its type; a LOC may have the ORG's, the Kremlin read as
 * the place), and the mentions written again give the same bytes. */
static void test_fixture_columns(void)
{
	static const char *const files[] = {"canonical", "numeric", "precision", "second-canonical",
					    "escapes", "user-gazetteer"};
	for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
		char path[128];
		snprintf(path, sizeof path, "tests/fixtures/tag-entities/%s.out", files[k]);
		FILE *f = fopen(path, "r");
		char *line = NULL;
		size_t cap = 0, rows = 0, mentions = 0;
		bool ok = f != NULL;
		struct buf again = {0}, ids = {0}, canon = {0};
		for (ssize_t len; ok && (len = getline(&line, &cap, f)) > 0;) {
			if (line[len - 1] == '\n')
				line[--len] = '\0';
			char *field = strrchr(line, '\t');
			if (!rows++) {
				ok = field && !strcmp(field + 1, "entities");
				continue;
			}
			field = field ? field + 1 : line;
			size_t n = tsv_unescape(field, strlen(field));
			struct entity_reader r;
			struct entity_mention m;
			entity_reader_init(&r, field, n);
			buf_clear(&again);
			int got = 0;
			while (ok && (got = entity_next(&r, &m)) > 0) {
				mentions++;
				buf_clear(&ids);
				buf_clear(&canon);
				buf_reserve(&canon, m.canonical_len);
				canon.len = m.escaped ? entity_unescape(m.canonical, m.canonical_len, canon.p)
						      : (memcpy(canon.p, m.canonical, m.canonical_len), m.canonical_len);
				entity_ids(m.type, canon.p, canon.len, &ids);
				bool id_ok = !m.id_len || span_is(m.id, m.id_len, ids.p);
				if (!id_ok && m.type == MT_LOC) {
					/* a seat of government read as the place keeps its body's id */
					buf_clear(&ids);
					entity_ids(MT_ORG, canon.p, canon.len, &ids);
					id_ok = span_is(m.id, m.id_len, ids.p);
				}
				ok = (m.type < MT_NAMES) == (m.id_len > 0) && id_ok && entity_format(&again, &m) == 0;
			}
			ok = ok && got == 0 && again.len == n && (!n || !memcmp(again.p, field, n));
		}
		char what[160];
		snprintf(what, sizeof what, "the column of fixture %s.out (%zu mentions) parses, with its ids, and is written back the same",
			 files[k], mentions);
		check(ok && mentions > 0, what);
		if (f)
			fclose(f);
		free(line);
		buf_free(&again);
		buf_free(&ids);
		buf_free(&canon);
	}
}

int main(void)
{
	test_types();
	test_ids();
	test_round_trips();
	test_old_format();
	test_malformed();
	test_speed();
	test_fixture_columns();
	printf("1..%d\n", n_test);
	return n_fail ? 1 : 0;
}
