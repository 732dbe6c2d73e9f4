/* diff.h: what the files of diff-sources share: the events read, the actors resolved across
 * documents, the clusters, and the comparison rows (docs/diff-sources.md). */
#ifndef DIFF_H
#define DIFF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "map.h"

/* The attributes compared, in the order of their names, which is the order of the output rows. */
enum attr {
	A_ACTOR1, A_ACTOR2, A_ATTRIBUTED_TO, A_CONDITION, A_DATE, A_DURATION, A_LOCATION,
	A_MODALITY, A_QUANTITY, A_TIME,
	NATTR
};
extern const char *const attr_names[NATTR];

enum status { ST_AGREE, ST_COMPATIBLE, ST_CONFLICT, ST_ONLY, ST_OMITS, ST_REVISED, NSTATUS };
extern const char *const status_names[NSTATUS];

/* A string of the store's arena: the offset and length of its bytes. */
struct str {
	uint32_t off, len;
};

/* The bounds of a clustering window, in minutes since 1970-01-01 UTC. */
#define NO_MINUTE INT64_MIN

struct event {
	struct str source, published, doc_id, event_id, code, label;
	struct str value[NATTR];  /* as the row states it; quantity and unit joined by a space */
	struct str actor_id[2], actor_code[2], time_utc;
	int actor_type[2];        /* enum mention_type from the entities column, -1 unknown */
	uint64_t evidence_off;    /* in the store's spill file */
	uint32_t evidence_len;
	uint64_t key;             /* a hash of doc_id and event_id: the order of events, whatever the input's */
	uint64_t row;             /* a hash of every column read: the order of events of one key */
	uint64_t actor_key[2];    /* the resolved actor's name, the same in every run (names.c); 0 none */
	int actor[2];             /* the resolved actor, interned in this run (names.c), -1 none */
	int64_t lo, hi;           /* when it may have happened, UTC minutes (cluster.c) */
	int64_t published_min;    /* published, UTC minutes; NO_MINUTE when it has none */
	long day_first, day_last; /* the days the date column states; day_first LONG_MIN when none */
	int64_t utc_lo, utc_hi;   /* time_utc, UTC minutes; NO_MINUTE when none */
	uint32_t doc;             /* the document, interned */
	uint32_t source_ix;       /* the source, interned */
	uint64_t family;          /* codes of one family may tell one happening (cluster.c) */
	bool symmetric;           /* the code's two actors may come in either order */
	int cluster;              /* index into the clusters */
};

/* All events read, their strings in one arena and their evidence in a spill file, so memory
 * holds what clustering needs and not the sentences (docs/diff-sources.md, "Memory"). */
struct store {
	struct event *ev;
	size_t n, cap;
	struct buf arena;
	FILE *spill;
	uint64_t spill_len;
	char **sources;           /* the interned source names, in order of first sight */
	size_t nsources, sources_cap;
	size_t ndocs;
	void *source_map, *doc_map;
};

static inline const char *str_at(const struct store *s, struct str x)
{
	return s->arena.p + x.off;
}

struct cluster {
	int *members;             /* event indices, in key order */
	size_t n, cap;
	char id[40];              /* DATE.CODE.HASH */
	char date[16];            /* the cluster's date: the earliest stated day of its members */
	int code_event;           /* the member whose code and actors name the cluster */
	int disagrees;            /* 2: a conflict among its rows, 1: an omission, 0: neither */
};

/* One output row: a (cluster, attribute, event) and its status. */
struct comparison {
	int cluster, event;
	enum attr attr;
	enum status status;
};

struct clustering {
	struct cluster *c;
	size_t n, cap;
	struct comparison *rows;
	size_t nrows, rows_cap;
};

/* store.c */
/* A temporary file in $TMPDIR (else /tmp), already unlinked: nothing is left behind whatever
 * ends the run. NULL on failure (errno set). */
FILE *store_spill_file(void);
int store_init(struct store *s);
void store_free(struct store *s);
/* Empties the store for another group of events (phases.c), keeping its memory. */
void store_reset(struct store *s);
/* Appends one event from the current row of the columns given (col[] by enum of store.c's
 * column table). Returns 0, or -1 with a message printed. */
struct tsv_reader;
int store_columns(const struct tsv_reader *r, int *cols);
int store_add(struct store *s, const struct tsv_reader *r, const int *cols);
/* Reads an event's evidence back into out. Returns 0 or -1. */
int store_evidence(const struct store *s, const struct event *e, struct buf *out);
/* The sentence of an event's evidence that states its value of attribute a (else its first). */
int store_evidence_of(const struct store *s, const struct event *e, enum attr a, struct str value, struct buf *out);
/* Sorts the events by key, so that what follows does not depend on the input's order. */
void store_sort(struct store *s);

/* names.c: resolves the actors of all events across documents. Returns 0 or -1 (out of memory). */
int names_resolve(struct store *s, bool warn);
/* Where a name was first mentioned: the order of events, then the side. */
struct mention_at {
	uint64_t key, row;
	int side;
};
/* A distinct (entity id, skeleton, type) among the mentions, and what resolution makes of it. */
struct name_rec {
	uint64_t hash;            /* of the id, the skeleton and the type; 0: the mention names no one */
	uint64_t id_hash, skel_hash, last_word;
	bool several_words;
	int type;                 /* enum mention_type, -1 unknown */
	struct mention_at first;
	uint32_t name_off, name_len, source_len; /* the first mention's spelling and source, in text */
	int parent;
	uint64_t actor;           /* the least record hash of its actor's set (names_settle) */
};
struct names {
	struct name_rec *r;
	size_t n, cap;
	struct u64map by_hash;    /* record hash -> index */
	struct u64map actorless;  /* in phases: the block keys of codes an event without actors has */
	struct buf text;
};
int name_record(const char *name, size_t n, const char *id, size_t idn, int type, struct buf *sk, struct name_rec *out);
int event_name_record(const struct store *s, const struct event *e, int side, struct buf *sk, struct name_rec *out);
/* Adds a record, or keeps the earlier first mention of one already added. */
int names_add(struct names *nm, const struct name_rec *rec, const char *name, size_t nn, const char *source, size_t sn);
/* The records of every mention of the store's events. */
int names_collect(const struct store *s, struct names *nm);
/* Resolves the records into actors (unions by id and skeleton, then surnames); warns of ties. */
int names_settle(struct names *nm, bool warn);
/* The actor of a record, 0 when the table has none. */
uint64_t names_actor(const struct names *nm, uint64_t record);
/* Sets each event's actor_key and actor from the resolved records; a record missing is an error. */
int names_apply(struct store *s, const struct names *nm);
void names_free(struct names *nm);
/* The folded skeleton of a name (no case, no diacritics, transliterations merged) into out. */
int name_skeleton(const char *s, size_t n, struct buf *out);

/* cluster.c */
/* How well the actors of two events match (higher is better; -1: they contradict each other),
 * and whether y's sides are crossed against x's (a symmetric code's actors in the other order). */
int actors_match(const struct store *s, const struct event *x, const struct event *y, bool *crossed);
int cluster_events(struct store *s, struct clustering *cl);
/* The parts of cluster_events, for the phases (phases.c). */
struct pair {
	int score;
	int a, b; /* event indices: a found b among its neighbours */
};
struct pairs {
	struct pair *p;
	size_t n, cap;
};
/* The family and the time window of events from..n-1 (loads the codes on the first call). */
int cluster_prepare(struct store *s, size_t from);
/* An event's block keys: its actors' (with its family), then its code's (a block only when an
 * event of that code has no actor). Returns how many (1 to 3). */
int cluster_block_keys(const struct store *s, const struct event *e, uint64_t keys[3]);
/* Whether e is in the block of key; actorless_code: an event of the group has no actor and
 * that code (cluster_actorless_code), so the code's block exists. */
bool cluster_in_block(const struct store *s, uint64_t key, const struct event *e, bool actorless_code);
bool cluster_actorless_code(const struct store *s, const struct event *e, uint64_t key);
/* The candidate pairs of one block (its events reordered). */
int cluster_block_pairs(const struct store *s, int *ev, size_t n, struct pairs *ps);
/* Adds the pair from -> to when the two events may be one (its score recomputed). */
int cluster_pair(const struct store *s, struct pairs *ps, int from, int to);
/* Merges the pairs (taken over and freed) best first into the clusters. */
int cluster_merge(struct store *s, struct clustering *cl, struct pairs *ps);
void clustering_free(struct clustering *cl);

/* compare.c: the comparison rows of every cluster. */
int compare_clusters(const struct store *s, struct clustering *cl);
/* Whether two values of attribute a agree, are compatible, or conflict (ST_AGREE,
 * ST_COMPATIBLE, ST_CONFLICT). */
enum status compare_values(const struct store *s, enum attr a, const struct event *x, const struct event *y);

/* Whether the count rows among rows[from, to) (in order of publication) rise as reports came
 * in, and differ: a story that develops more than outlets that disagree. */
bool counts_rise(const struct store *s, const struct clustering *cl, size_t from, size_t to);

/* report.c */
enum format { FORMAT_TSV, FORMAT_TEXT, FORMAT_HTML };
#define TSV_HEADER "cluster\tcluster_date\tcode\tactors\tattribute\tsource\tpublished\tdate\tvalue\tstatus\tevidence\n"
/* header: the header line first (a part of a two-phase run has none). */
int report_tsv(const struct store *s, const struct clustering *cl, bool header);
int report_text(const struct store *s, const struct clustering *cl);
int report_coverage(const struct store *s, const struct clustering *cl, enum format f);
/* html.c */
int report_html(const struct store *s, const struct clustering *cl);
/* The cluster's actors as a reader names them: "Emmanuel Macron, Vladimir Putin". */
void cluster_actors(const struct store *s, const struct cluster *c, struct buf *out);
/* The value a row shows: for an actor row, the actor on the side of the cluster's head (a
 * symmetric code's actors may come the other way round in a member). */
struct str row_value(const struct store *s, const struct cluster *c, const struct comparison *r);
/* Writes "N events from N sources in N clusters; N with a conflict or an omission". */
void out_summary(const struct store *s, const struct clustering *cl);
/* Reading order of the clusters (disagreements first, then by id), malloc'ed; NULL when out of memory. */
int *clusters_in_order(const struct clustering *cl);
/* first[i]..first[i+1] are the rows of cluster i in cl->rows (n + 1 entries, malloc'ed). */
size_t *cluster_first_rows(const struct clustering *cl);
/* The sources in the order of their names, malloc'ed. */
int *sources_by_name(const struct store *s);
bool cluster_has_source(const struct store *s, const struct cluster *c, int source);

#endif
