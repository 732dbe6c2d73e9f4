/* entity.h: the entities column (docs/contract.md, "The entities column"): the types of mention, the entity
 * ids, and the column's one writer and one reader.
 *
 *     PER#42c2458c6aa5c84b:Vladimir Putin@12-26=Vladimir Putin;DATE:Sunday@50-56=2022-02-20
 *
 * A mention is TYPE[#ids]:surface@start-end=canonical, mentions are joined by ';'. The surface
 * and the canonical are escaped: ';' '=' '@' are written %3B %3D %40, and '%' is written %25
 * when two hex digits follow it (elsewhere, as in "75%", it stays as it is). These escapes apply
 * to the field's value: the TSV layer's backslash escapes (\t \n \r \\) are undone by the reader
 * before, and done by the writer after, as for every field.
 * A column written before ids and escapes (no '#', no "%XX") is read by the same rules. */
#ifndef CC_ENTITY_H
#define CC_ENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Names first (they have entity ids), then the numeric types (a normalised value instead). */
enum mention_type {
	MT_PER, MT_LOC, MT_ORG, MT_NORP, MT_MISC,
	MT_DATE, MT_TIME, MT_DURATION, MT_QUANTITY, MT_MONEY, MT_PERCENT,
	NMT
};
#define MT_NAMES MT_DATE /* the types below it are names */
extern const char *const mention_type_names[NMT];

/* The type called s[0..n) ("PER", "MONEY"), or -1. */
int mention_type_of(const char *s, size_t n);

/* The id of an entity: a stable hash (XXH3) of its type and canonical name, the same in every
 * run, document and machine. Written as 16 lower-case hex digits. A mention's id is its
 * entity's: a government named by its seat and read as the place ("the Kremlin", LOC) has the
 * id of the body (ORG), so that both readings are one actor. */
#define ENTITY_ID_HEX 16
uint64_t entity_id(int type, const char *canonical, size_t len);

/* Appends the hex ids of a canonical to out: one for each of its names when it is ambiguous
 * ("Anna Kovalenko|Olga Kovalenko"), joined by '|'. Returns 0, or -1 when out of memory. */
int entity_ids(int type, const char *canonical, size_t len, struct buf *out);

/* One mention of the column. From entity_next() the spans point into the parsed field and are
 * as written there, escaped when escaped is set (entity_unescape() gives the values). Given to
 * entity_format(), they are the values themselves when escaped is false. */
struct entity_mention {
	int type;                  /* enum mention_type */
	size_t start, end;         /* bytes in the sentence, half-open; text[start:end] is the surface */
	const char *surface;
	size_t surface_len;
	const char *canonical;     /* canonical name, names joined by '|' when ambiguous; the
				    * normalised value (2022-02-20, USD 130) for the numeric types */
	size_t canonical_len;
	const char *id;            /* hex ids joined by '|', never escaped; id_len 0: none */
	size_t id_len;
	bool escaped;              /* surface or canonical may hold an escape */
};

/* Appends one mention to a column being written, after a ';' when the column is not empty.
 * Returns 0, or -1 when out of memory. */
int entity_format(struct buf *column, const struct entity_mention *m);

/* Appends s[0..n) with the column's escapes. Returns 0, or -1 when out of memory. */
int entity_escape(const char *s, size_t n, struct buf *out);

/* Undoes the escapes of s[0..n) into out, which has room for n bytes (and may be s itself);
 * returns the length of the value. */
size_t entity_unescape(const char *s, size_t n, char *out);

/* Reads a column a mention at a time, in one pass, without allocating. */
struct entity_reader {
	const char *field;
	size_t len, pos;
	bool after_sep;     /* a ';' was read: a mention must follow */
	size_t err_pos;     /* after an error: the byte of the field where it is */
	const char *err;    /* and what it is ("unknown type", ...) */
};

void entity_reader_init(struct entity_reader *r, const char *field, size_t len);

/* The next mention into *m: returns 1, 0 at the end of the column, or -1 when the column is
 * malformed (r->err at byte r->err_pos; a tool prints "file:line: entities: byte N: err"). */
int entity_next(struct entity_reader *r, struct entity_mention *m);

/* Parses a whole column into v[0..cap). Returns how many mentions it holds (when more than cap,
 * only the first cap are in v), or -1 with *err_pos and *err set. */
long entity_parse(const char *field, size_t len, struct entity_mention *v, size_t cap,
		  size_t *err_pos, const char **err);

#endif
