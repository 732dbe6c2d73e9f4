/* store.c: the events read, compactly: the short values in one arena, the evidence sentences in
 * a temporary spill file read back only for the rows written, so that memory grows with the
 * events and not with the bytes of their sentences. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "diff.h"
#include "date.h"
#include "entity.h"
#include "err.h"
#include "hash.h"
#include "map.h"
#include "tsv.h"

const char *const attr_names[NATTR] = {
	"actor1", "actor2", "attributed_to", "condition", "date", "duration", "location",
	"modality", "quantity", "time",
};
const char *const status_names[NSTATUS] = {
	"agree", "compatible", "conflict", "only", "omits", "revised",
};

/* The input columns read, by name; the first four are required. */
enum col {
	C_SOURCE, C_CODE, C_ACTOR1, C_ACTOR2,
	C_PUBLISHED, C_DOC_ID, C_EVENT_ID, C_LABEL, C_ACTOR1_ID, C_ACTOR1_CODE, C_ACTOR2_ID,
	C_ACTOR2_CODE, C_DATE, C_TIME, C_TIME_UTC, C_LOCATION, C_QUANTITY, C_UNIT, C_DURATION,
	C_CONDITION, C_ATTRIBUTED_TO, C_MODALITY, C_EVIDENCE, C_ENTITIES,
	NCOL
};
#define NREQUIRED 4
static const char *const col_names[NCOL] = {
	"source", "code", "actor1", "actor2",
	"published", "doc_id", "event_id", "label", "actor1_id", "actor1_code", "actor2_id",
	"actor2_code", "date", "time", "time_utc", "location", "quantity", "unit", "duration",
	"condition", "attributed_to", "modality", "evidence", "entities",
};

/* The spill file of the evidence: in $TMPDIR (else /tmp), removed at once so that nothing is
 * left behind whatever ends the run. */
FILE *store_spill_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/diff-sources-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	unlink(path);
	FILE *f = fdopen(fd, "w+");
	if (!f)
		close(fd);
	return f;
}

int store_init(struct store *s)
{
	memset(s, 0, sizeof *s);
	s->source_map = calloc(1, sizeof(struct u64map));
	s->doc_map = calloc(1, sizeof(struct u64map));
	s->spill = store_spill_file();
	if (!s->source_map || !s->doc_map) {
		msg("out of memory");
		return -1;
	}
	if (!s->spill) {
		msg("cannot make a temporary file in $TMPDIR or /tmp: %s", strerror(errno));
		return -1;
	}
	return buf_append(&s->arena, "", 1); /* offset 0 is the empty string */
}

void store_free(struct store *s)
{
	free(s->ev);
	buf_free(&s->arena);
	if (s->spill)
		fclose(s->spill);
	for (size_t i = 0; i < s->nsources; i++)
		free(s->sources[i]);
	free(s->sources);
	if (s->source_map)
		map_free(s->source_map);
	if (s->doc_map)
		map_free(s->doc_map);
	free(s->source_map);
	free(s->doc_map);
}

void store_reset(struct store *s)
{
	s->n = 0;
	s->arena.len = 1;
	s->spill_len = 0;
	rewind(s->spill);
	for (size_t i = 0; i < s->nsources; i++)
		free(s->sources[i]);
	s->nsources = s->ndocs = 0;
	map_free(s->source_map);
	map_free(s->doc_map);
}

/* Finds the columns; a required one missing is a usage error that lists what the input has. */
int store_columns(const struct tsv_reader *r, int *cols)
{
	struct buf missing = {0};
	for (int c = 0; c < NCOL; c++) {
		cols[c] = tsv_column(r, col_names[c]);
		if (cols[c] < 0 && c < NREQUIRED) {
			buf_append(&missing, missing.len ? ", " : "", missing.len ? 2 : 0);
			buf_append(&missing, col_names[c], strlen(col_names[c]));
		}
	}
	if (!missing.len)
		return 0;
	struct buf have = {0};
	for (size_t i = 0; i < r->ncols; i++) {
		if (i)
			buf_append(&have, ", ", 2);
		buf_append(&have, r->names[i], strlen(r->names[i]));
	}
	msg("%s: missing column(s) %s (columns: %s); diff-sources reads extract-events' rows",
	    r->name, missing.p, r->ncols ? have.p : "none");
	buf_free(&missing);
	buf_free(&have);
	return -1;
}

static const char *field(const struct tsv_reader *r, const int *cols, int c, size_t *len)
{
	if (cols[c] < 0 || (size_t)cols[c] >= r->nfields) {
		*len = 0;
		return "";
	}
	*len = r->lens[cols[c]];
	return r->fields[cols[c]];
}

static int keep(struct store *s, const char *p, size_t n, struct str *out)
{
	if (!n) {
		*out = (struct str){0, 0};
		return 0;
	}
	if (s->arena.len + n + 1 > UINT32_MAX)
		return -1;
	out->off = (uint32_t)s->arena.len;
	out->len = (uint32_t)n;
	if (buf_append(&s->arena, p, n) < 0 || buf_putc(&s->arena, '\0') < 0)
		return -1;
	return 0;
}

static int64_t date_minutes(const struct date *d)
{
	long days = date_days_from_civil(d->year, d->month ? d->month : 1, d->day ? d->day : 1);
	int64_t m = (int64_t)days * 1440;
	if (d->has_time)
		m += d->hour * 60 + d->minute - (d->has_zone ? d->offset : 0);
	return m;
}

/* The date, time_utc and published columns as numbers. */
static void read_times(struct event *e, const char *date, size_t dlen, const char *utc, size_t ulen,
		       const char *pub, size_t plen)
{
	struct date_interval iv;
	e->day_first = LONG_MIN;
	e->utc_lo = e->utc_hi = NO_MINUTE;
	e->published_min = NO_MINUTE;
	if (dlen && date_interval_parse(date, dlen, &iv) == 0)
		date_interval_days(&iv, &e->day_first, &e->day_last);
	if (ulen && date_interval_parse(utc, ulen, &iv) == 0 && iv.from.has_time && iv.to.has_time) {
		e->utc_lo = date_minutes(&iv.from);
		e->utc_hi = date_minutes(&iv.to);
	}
	struct date d;
	if (plen && date_parse(pub, plen, &d) == 0)
		e->published_min = date_minutes(&d);
}

/* The type of the mention of the entities column whose id is id: PER for a person. */
static int actor_type(const char *ents, size_t elen, const char *id, size_t idlen)
{
	if (!idlen || !elen)
		return -1;
	struct entity_reader er;
	struct entity_mention m;
	entity_reader_init(&er, ents, elen);
	while (entity_next(&er, &m) == 1)
		if (m.id_len == idlen && memcmp(m.id, id, idlen) == 0)
			return m.type;
	return -1;
}

static int intern_source(struct store *s, const char *p, size_t n, uint32_t *ix)
{
	bool fresh;
	long i = map_put(s->source_map, hash64(p, n, 0), (long)s->nsources, &fresh);
	if (i < 0)
		return -1;
	if (fresh) {
		if (s->nsources == s->sources_cap &&
		    array_grow((void **)&s->sources, &s->sources_cap, s->nsources + 1, sizeof *s->sources, 16) < 0)
			return -1;
		if (!(s->sources[s->nsources] = strndup(p, n)))
			return -1;
		s->nsources++;
	}
	*ix = (uint32_t)i;
	return 0;
}

int store_add(struct store *s, const struct tsv_reader *r, const int *cols)
{
	if (s->n == s->cap && array_grow((void **)&s->ev, &s->cap, s->n + 1, sizeof *s->ev, 1024) < 0)
		goto oom;
	struct event *e = &s->ev[s->n];
	memset(e, 0, sizeof *e);
	size_t n[NCOL];
	const char *f[NCOL];
	for (int c = 0; c < NCOL; c++)
		f[c] = field(r, cols, c, &n[c]);
	static const int attr_col[NATTR] = {
		C_ACTOR1, C_ACTOR2, C_ATTRIBUTED_TO, C_CONDITION, C_DATE, C_DURATION, C_LOCATION,
		C_MODALITY, C_QUANTITY, C_TIME,
	};
	for (int a = 0; a < NATTR; a++)
		if (keep(s, f[attr_col[a]], n[attr_col[a]], &e->value[a]) < 0)
			goto oom;
	if (n[C_QUANTITY] && n[C_UNIT]) {
		/* "66 violation": one value, compared as one; the quantity kept just now is copied
		 * with its unit after the values */
		struct str q = e->value[A_QUANTITY];
		if (s->arena.len + q.len + n[C_UNIT] + 2 > UINT32_MAX || buf_reserve(&s->arena, q.len + n[C_UNIT] + 2) < 0)
			goto oom;
		e->value[A_QUANTITY] = (struct str){(uint32_t)s->arena.len, q.len + 1 + (uint32_t)n[C_UNIT]};
		buf_append(&s->arena, s->arena.p + q.off, q.len);
		buf_putc(&s->arena, ' ');
		buf_append(&s->arena, f[C_UNIT], n[C_UNIT]);
		buf_putc(&s->arena, '\0');
	}
	if (keep(s, f[C_SOURCE], n[C_SOURCE], &e->source) < 0 || keep(s, f[C_PUBLISHED], n[C_PUBLISHED], &e->published) < 0 ||
	    keep(s, f[C_DOC_ID], n[C_DOC_ID], &e->doc_id) < 0 || keep(s, f[C_EVENT_ID], n[C_EVENT_ID], &e->event_id) < 0 ||
	    keep(s, f[C_CODE], n[C_CODE], &e->code) < 0 || keep(s, f[C_LABEL], n[C_LABEL], &e->label) < 0 ||
	    keep(s, f[C_ACTOR1_ID], n[C_ACTOR1_ID], &e->actor_id[0]) < 0 ||
	    keep(s, f[C_ACTOR2_ID], n[C_ACTOR2_ID], &e->actor_id[1]) < 0 ||
	    keep(s, f[C_ACTOR1_CODE], n[C_ACTOR1_CODE], &e->actor_code[0]) < 0 ||
	    keep(s, f[C_ACTOR2_CODE], n[C_ACTOR2_CODE], &e->actor_code[1]) < 0 ||
	    keep(s, f[C_TIME_UTC], n[C_TIME_UTC], &e->time_utc) < 0)
		goto oom;
	e->actor_type[0] = actor_type(f[C_ENTITIES], n[C_ENTITIES], f[C_ACTOR1_ID], n[C_ACTOR1_ID]);
	e->actor_type[1] = actor_type(f[C_ENTITIES], n[C_ENTITIES], f[C_ACTOR2_ID], n[C_ACTOR2_ID]);
	e->actor[0] = e->actor[1] = -1;
	e->cluster = -1;
	read_times(e, f[C_DATE], n[C_DATE], f[C_TIME_UTC], n[C_TIME_UTC], f[C_PUBLISHED], n[C_PUBLISHED]);

	/* A row with no doc_id is a document of its own source and publication */
	uint64_t doc = n[C_DOC_ID] ? hash64(f[C_DOC_ID], n[C_DOC_ID], 1) :
				     hash64(f[C_PUBLISHED], n[C_PUBLISHED], hash64(f[C_SOURCE], n[C_SOURCE], 2));
	bool fresh;
	struct u64map *docs = s->doc_map;
	long d = map_put(docs, doc, (long)docs->n, &fresh);
	if (d < 0 || intern_source(s, f[C_SOURCE], n[C_SOURCE], &e->source_ix) < 0)
		goto oom;
	e->doc = (uint32_t)d;
	s->ndocs = docs->n;
	/* the event's key orders the events whatever the order they came in */
	uint64_t k = hash64(f[C_EVENT_ID], n[C_EVENT_ID], doc);
	if (!n[C_EVENT_ID])
		for (int a = 0; a < NATTR; a++)
			k = hash64(f[attr_col[a]], n[attr_col[a]], k ^ (uint64_t)a);
	e->key = hash64(f[C_CODE], n[C_CODE], k);
	/* two events of one key (one event_id twice): ordered by all they say, not by where they
	 * came in, so that a run over part of the input orders them as a run over all of it */
	uint64_t row = 0x726f77;
	for (int c = 0; c < NCOL; c++)
		row = hash64(f[c], n[c], row ^ (uint64_t)c);
	e->row = row;

	e->evidence_off = s->spill_len;
	e->evidence_len = n[C_EVIDENCE] > UINT32_MAX ? UINT32_MAX : (uint32_t)n[C_EVIDENCE];
	if (e->evidence_len && fwrite(f[C_EVIDENCE], 1, e->evidence_len, s->spill) != e->evidence_len) {
		msg("temporary file: write error: %s", strerror(errno));
		return -1;
	}
	s->spill_len += e->evidence_len;
	s->n++;
	return 0;
oom:
	msg("out of memory");
	return -1;
}

int store_evidence(const struct store *s, const struct event *e, struct buf *out)
{
	buf_clear(out);
	if (!e->evidence_len)
		return 0;
	if (buf_reserve(out, e->evidence_len) < 0)
		return -1;
	if (fflush(s->spill) != 0 || fseeko(s->spill, (off_t)e->evidence_off, SEEK_SET) != 0 ||
	    fread(out->p, 1, e->evidence_len, s->spill) != e->evidence_len) {
		msg("temporary file: read error: %s", strerror(errno));
		return -1;
	}
	out->len = e->evidence_len;
	out->p[out->len] = '\0';
	return 0;
}

/* Whether the sentence holds what the value says: the value itself, or for a name its last
 * word, for a count its first figure. Case is ignored for ASCII letters. */
static bool sentence_holds(const char *sent, size_t n, const char *v, size_t vn, enum attr a)
{
	if (a == A_QUANTITY) {
		size_t i = 0;
		while (i < vn && !(v[i] >= '0' && v[i] <= '9'))
			i++;
		size_t j = i;
		while (j < vn && v[j] >= '0' && v[j] <= '9')
			j++;
		/* 150000 is written "150,000": the digits before the thousands are enough */
		size_t lead = j - i > 3 ? (j - i) % 3 ? (j - i) % 3 : 3 : j - i;
		v += i;
		vn = lead;
	} else if (a == A_ACTOR1 || a == A_ACTOR2 || a == A_ATTRIBUTED_TO) {
		size_t sp = vn;
		while (sp > 0 && v[sp - 1] != ' ')
			sp--;
		v += sp;
		vn -= sp;
	}
	if (!vn || vn > n)
		return false;
	/* strncasecmp only where the first byte matches, in either case (the C locale folds ASCII
	 * letters only): it was a call at every byte of every evidence sentence */
	unsigned char c0 = (unsigned char)v[0];
	unsigned char lo = c0 >= 'A' && c0 <= 'Z' ? c0 + 32 : c0, up = c0 >= 'a' && c0 <= 'z' ? c0 - 32 : c0;
	for (size_t i = 0; i + vn <= n; i++) {
		unsigned char c = (unsigned char)sent[i];
		if ((c == lo || c == up) && strncasecmp(sent + i, v, vn) == 0)
			return true;
	}
	return false;
}

int store_evidence_of(const struct store *s, const struct event *e, enum attr a, struct str value, struct buf *out)
{
	if (store_evidence(s, e, out) < 0)
		return -1;
	/* the sentences of one event are joined by " | " (extract-events): the one stating the
	 * value, else the first, where the event was found */
	const char *p = out->p ? out->p : "", *end = p + out->len, *first_end = NULL;
	const char *v = str_at(s, value);
	for (const char *sent = p; sent < end;) {
		const char *bar = strstr(sent, " | ");
		const char *stop = bar ? bar : end;
		if (!first_end)
			first_end = stop;
		if (value.len && (a == A_DATE || a == A_DURATION ? false : sentence_holds(sent, (size_t)(stop - sent), v, value.len, a))) {
			memmove(out->p, sent, (size_t)(stop - sent));
			out->len = (size_t)(stop - sent);
			out->p[out->len] = '\0';
			return 0;
		}
		sent = bar ? bar + 3 : end;
	}
	if (first_end) {
		out->len = (size_t)(first_end - p);
		out->p[out->len] = '\0';
	}
	return 0;
}

static int by_key(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	/* the same row twice: either order gives the same output */
	return x->evidence_off < y->evidence_off ? -1 : x->evidence_off > y->evidence_off;
}

void store_sort(struct store *s)
{
	if (s->n > 1)
		qsort(s->ev, s->n, sizeof *s->ev, by_key);
}
