/* events.h: extract-events' parts. lexicon.c loads the data (CAMEO codes, PLOVER types, actor
 * codes, people) and compiles the patterns (frames.c); sentence.c finds the events of one
 * sentence, with the windows of set 0 (windows.c, leads.c) and match.c, which makes a match
 * events; doc.c holds a document's events, joins later sentences to them and writes the rows.
 * text.c, at the bottom, holds the small text tests every part uses. */
#ifndef EE_EVENTS_H
#define EE_EVENTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "entity.h"

struct rx_set;

/* ---- the data (lexicon.c) */

struct cameo_row {
	char code[8], root[4];
	const char *label, *plover;
	int quad;
	double goldstein;
};

struct person_row {
	const char *name, *role, *of; /* of: ISO 3166 alpha-2, or EU, UN, NATO */
	char from[11], to[11];        /* YYYY-MM-DD, empty when open */
};

struct former_row {
	const char *name, *code; /* the former state, the ISO alpha-3 of its successor */
	char until[11];          /* YYYY-MM-DD: the first day it no longer was */
};
struct name_code {
	const char *name, *code; /* a canonical name (or an ISO alpha-2) and its code */
};

/* the pattern's kind, beside a CAMEO code */
enum pattern_kind { PK_EVENT, PK_SAY, PK_ATTR, PK_MODIFY };

struct pattern_info {
	int cameo;         /* index in lexicon.cameo, -1 for ATTR and = */
	enum pattern_kind kind;
	int score;         /* how specific: wins over an overlapping match */
	bool symmetric;
	bool anchored;     /* starts with \G: tried only where an actor may start */
	/* set 0: the actor block its frame begins with, left out of the pattern (frames.c): the
	 * pattern is the rest, tried where the block may end (sentence.c) */
	enum lead_kind { LEAD_NONE, LEAD_COORD, LEAD_ACT } lead;
	bool lead_a2;      /* the block is actor2 (a passive), not actor1 */
};

struct lexicon {
	struct cameo_row *cameo;
	size_t ncameo;
	/* per CAMEO row, plover_of()'s answer once asked (NULL before): it was a search of the
	 * codes for each of the code's prefixes, for every row written */
	const char **plover_memo;
	struct person_row *people;
	size_t npeople;
	struct name_code *actors;    /* org, place, region, country rows: canonical -> code */
	size_t nactors;
	struct name_code *words;     /* role words -> type (GOV, MIL) */
	size_t nwords;
	struct name_code *iso2;      /* ISO alpha-2 -> ISO alpha-3 (through the country names) */
	size_t niso2;
	struct name_code *groups;    /* NORP canonical -> ISO alpha-2 */
	size_t ngroups;
	struct name_code *countries; /* country rows: name -> ISO alpha-3 */
	size_t ncountries;
	struct name_code *places;    /* capitals and seats: name -> ISO alpha-3 */
	size_t nplaces;
	struct name_code *country_names; /* country rows: ISO alpha-3 -> name (the first) */
	size_t ncountry_names;
	struct former_row *formers;
	size_t nformers;
	struct name_code *cues;      /* speech.tsv: cue -> CAMEO code, in the file's order */
	size_t ncues;
	size_t *cue_order;           /* the cues' indices by first letter (speech.c) */
	size_t *cue_len;             /* per cue, strlen of its name */
	size_t cue_letter[27];       /* where each letter's begin in cue_order */
	struct name_code *outlets;   /* news outlets of organisations.tsv */
	size_t noutlets;
	struct buf strings;          /* every string above, NUL-separated (offsets until frozen) */
	/* the patterns: [0] generated from verbs.tsv (gated here), [1] events.en.tsv and the
	 * user's files (gated by lib/rx) */
	struct rx_set *set[2];
	struct pattern_info *info[2];
	size_t ninfo[2], capinfo[2];
	/* gate words of set 0: hash -> first entry of a chain in gate_pat */
	uint64_t *gate_key;
	uint32_t *gate_head; /* index + 1 into gate_next/gate_pat, 0: none */
	size_t gate_slots;
	/* one bit per key's top bits, set for each gate word: most of a sentence's words are no
	 * gate's, and this 8 KB stays in the cache where the 96 KB of the table does not */
	uint64_t gate_bloom[1024];
	uint32_t *gate_next, *gate_pat;
	size_t ngate, capgate;
	const char *verbs_path;
	unsigned long *verbs_line; /* the verbs.tsv line of each pattern of set 0 */
	/* what a pattern of set 0 needs of a sentence, checked before it runs: its literal words
	 * (groups of alternatives, each group ended by 0, the words' keys) and how many actors */
	uint64_t *need;
	size_t nneed, capneed;
	size_t *need_at;  /* per pattern: its first entry in need */
	uint8_t *min_actors;
	size_t capneed_at;
	/* set 0's patterns of the blocks (LEAD_COORD, LEAD_ACT - 1), each ending at a callout */
	size_t lead_pattern[2];
	char err[1024];
};

/* Loads the data files and the patterns (user files after the shipped ones). Returns 0, or -1
 * with "file:line: message" in lex->err. */
int lexicon_load(struct lexicon *lex, const char *const *user_patterns, size_t nuser);
void lexicon_free(struct lexicon *lex);
/* Compiles the frames of verbs.tsv into set 0 and its gates (frames.c). Returns 0 or -1. */
int compile_lexicon(struct lexicon *lex);
int cameo_find(const struct lexicon *lex, const char *code);
/* Whether CAMEO code is a statement (01x but 011, 014, 017): said, not done. */
bool statement_code(const char *code);
const char *plover_of(const struct lexicon *lex, int cameo);
/* CAMEO actor code of a canonical name of that type, or NULL; person roles are those in force
 * on date (YYYY-MM-DD or empty). */
const char *actor_code_of(const struct lexicon *lex, int type, const char *canon, const char *date,
			  char out[16]);
/* The person holding role for country iso2 on date, or NULL. */
const char *person_in_role(const struct lexicon *lex, const char *iso2, const char *role,
			   const char *date);
const char *iso3_of(const struct lexicon *lex, const char *iso2);
const char *group_country(const struct lexicon *lex, const char *canon);
/* The country a NORP group ("British") or a capital or seat ("Washington") stands for on the
 * date (YYYY-MM-DD...; Moscow in 1987 is the Soviet Union), by name, or NULL. */
const char *country_named(const struct lexicon *lex, const char *canon, int type, const char *date);
/* The code of a country row, by its name, or NULL. */
const char *country_code(const struct lexicon *lex, const char *name);
const char *role_type(const struct lexicon *lex, const char *word, size_t n);
/* Adds a gate word of pattern (set 0; frames.c). Returns 0, or -1 when out of memory or room. */
int gate_add_word(struct lexicon *lex, const char *w, size_t n, uint32_t pattern);
/* The key of a lower-case word, for the gates and the needs (text.c). Never 0. */
uint64_t word_key(const char *w, size_t n);
/* The patterns of set 0 whose gate word has key k (word_key of the lower case word): calls
 * each(ctx, index). */
void gate_lookup(const struct lexicon *lex, uint64_t k, void (*each)(void *, uint32_t), void *ctx);

/* ---- one sentence's events (sentence.c; modality_names in text.c) */

enum modality { MOD_ASSERTED, MOD_PLANNED, MOD_PROPOSED, MOD_CONDITIONAL, MOD_DENIED,
		MOD_ALLEGED, MOD_EXPECTED, NMOD };
extern const char *const modality_names[NMOD];

#define MAX_ACTORS 8
/* strings of an event found in a sentence: spans of the sentence's scratch buffer */
struct span {
	size_t off, len;
};
struct actor {
	struct span name, id, code;
	bool anonymous; /* "US officials", "a British naval source": a country, no one named */
	bool populace;  /* "British voters", "Japanese investors": people of a country, not its state */
	struct span place; /* "visit Kyiv": the capital the country was named by */
};
struct found_event {
	int cameo;
	enum pattern_kind kind;
	size_t start, end;       /* in the original sentence */
	int score;
	struct actor a1, a2;
	bool has_a1, has_a2;
	struct span location, quantity, unit, condition, date;
	struct span speaker; /* of coordinated speakers, the one who is this event's actor1 */
	size_t cond_start, cond_end;
	enum modality modality;
	int ordinal;             /* 1 first, 2 second/another, 3 third; 0 unsaid */
	bool phone;
	bool possessive_his;     /* "his conversation with X": actor1 from the last event */
	bool shared_subject;     /* "... and met X": actor1 from the event before "and" */
	bool said_too;           /* "X said S and urged Y": a shared subject that is a speaker's */
	bool a2_pronoun;         /* a2 is "him" or "her", at rw offset a2_at */
	size_t a2_at;
	bool drop;
	unsigned match;          /* the events of one match share it */
};
/* what a sentence says beside its events */
struct sentence_attrs {
	struct span date, time, time_utc, duration, attributed_to, location;
	struct span noun_duration; /* "a two-day visit": only the event whose words hold it */
	size_t noun_duration_at;
	struct span vague;       /* "this week" as an interval, for the events of its clause */
	size_t vague_start, vague_end;
	bool unconfirmed;        /* "CNN has not confirmed": asserted events become alleged */
	bool anaphor;            /* "the call", "the conversation" ... */
	int anaphor_family;      /* 1 call, 2 meeting */
	int anaphor_ordinal;
};

#define MAX_FOUND 64
#define REFER_TITLES 18 /* the titles refer.c knows ("mayor", "chancellor" ...) */
#define REFER_COUNTRIES 16 /* the countries of a document refer.c counts */
struct sentence {
	const struct lexicon *lex;
	const char *text;      /* the original sentence */
	size_t len;
	const char *published; /* YYYY-MM-DD... */
	struct entity_mention *m;
	size_t nm, capm;
	struct buf mtext;      /* unescaped surfaces and canonicals */
	size_t *m_canon, *m_canon_len, *m_surface;
	struct buf rw;         /* the rewritten sentence with slots */
	struct slot {
		size_t rw_start, rw_end, start, end, mention;
	} *slots;
	size_t nslots, capslots;
	/* rw_start of the first PER slot, of the first one no title makes a woman's (a "he" may
	 * be him) and of the first one no title makes a man's; SIZE_MAX: none */
	size_t first_person, first_he, first_she;
	uint32_t *cand;        /* candidate patterns of set 0 */
	size_t *starts;        /* where an actor may start: words shortly before a slot */
	size_t nstarts, capstarts;
	bool starts_known;     /* starts and act_ok are the sentence's (only a pattern that
				* begins with an actor needs them) */
	/* per start, where its actor blocks may end (LEAD_COORD, LEAD_ACT - 1), in pcre2's order,
	 * found when a pattern first needs them: lead_ends[off..off+n) while gen is lead_gen and
	 * start is the start's index. A fixed table (leads.c), by the start's index: a sentence of
	 * more starts shares its slots, and a start whose slot another took finds its ends again,
	 * so that a sentence of megabytes holds no table of its length */
	struct lead_cache {
		uint32_t gen[2];
		uint32_t n[2];
		uint32_t off[2]; /* at most LEAD_BUDGET + MAX_LEAD_ENDS (leads.c) */
		size_t start[2];
	} *lead;
	size_t lead_slots;     /* a power of two, at most LEAD_SLOTS (leads.c) */
	size_t *lead_ends, nlead_ends, caplead_ends;
	uint32_t lead_gen;
	/* the places where the current block search ended (open addressing by place; a slot is
	 * this search's while its serial is mark_serial): at most MAX_LEAD_ENDS of them */
	struct end_mark {
		size_t at;
		uint32_t serial;
	} *end_mark;
	uint32_t mark_serial;
	/* (pattern, place) pairs where the rest of a pattern after its actor block was searched
	 * in vain in this sentence: the starts of one name (the, Russian, President, Vladimir)
	 * end their blocks at the same places, and the search from a place does not depend on
	 * the start (windows.c). A cache: a pair it lost is searched again. */
	struct rest_miss {
		uint64_t key;
		uint32_t serial;
	} *rest_miss;
	uint32_t miss_serial;
	unsigned char *act_ok; /* per byte of rw: an actor block may start there (a superset) */
	size_t capok;
	/* per pattern of set 0 the sentence woke: its first and last window of gate words,
	 * index + 1 in gwin (windows.c) */
	uint32_t *win_head, *win_tail;
	struct gate_window {
		size_t first, last; /* its first and last gate word, of the rewritten sentence */
		uint32_t next;      /* the pattern's next window, index + 1; 0: none */
	} *gwin;
	size_t ngwin, capgwin;
	/* the matches of the patterns that begin with an actor, found a block of starts at a
	 * time for all of them, then handed on pattern by pattern (windows.c) */
	struct lead_match {
		uint32_t cand;   /* its pattern's place among the candidates */
		uint32_t start;  /* the start's index */
		size_t lead_end; /* where its actor block ended */
		size_t end;
	} *lm, *lm_by_cand;
	size_t nlm, caplm, caplm_by_cand;
	/* per candidate, while the blocks of starts are tried: the end of its last match, the
	 * next start, its window (0: done); then its matches, lm_by_cand[first, first + n) */
	struct lead_state {
		size_t done, next, first, n;
		uint32_t win;
	} *lstate;
	size_t word_at;
	uint64_t *words;       /* the sentence's word keys (open addressing; 0 empty) */
	size_t wslots, wused, wcount; /* allocated, in use (a power of two), taken */
	size_t npronouns;
	size_t ncand, capcand;
	uint32_t *seen;        /* per pattern: the sentence number it was last a candidate in */
	size_t nseen;
	uint32_t serial;
	struct found_event ev[MAX_FOUND];
	size_t nev;
	struct sentence_attrs at;
	/* the document's: the zone of its dateline ("MOSCOW, February 21.") or of published,
	 * for the parts of days and the times with no zone stated (when.c) */
	const struct date_zone *doc_zone;
	size_t doc_rows;
	struct buf scratch;    /* the strings of the events */
	/* the person "he" or "she" stands for in a sentence that names none before it: the
	 * first person of the document's latest sentence naming one ("canonical\0id") */
	struct buf person, person_next;
	struct cond_mark {
		size_t at, len;
	} *cond;                  /* where condition markers begin (attrs.c), once cond_known */
	size_t ncond, capcond;
	bool cond_known;
	bool cue_known;           /* speech.c found the sentence's first cue: cue, at cue_at */
	size_t cue, cue_at;
	struct buf titled[REFER_TITLES]; /* per title of refer.c, the person last named with it
					  * ("Mayor X"): "canonical\0id\0" */
	/* the countries the document has named so far, how often (refer.c): "the government" is
	 * the government of the one named most */
	struct home_country {
		char name[64], id[ENTITY_ID_HEX + 1];
		unsigned count;
	} home[REFER_COUNTRIES];
	size_t nhome;
	char err[512];
};

/* A match of a pattern of set (0 or 1) made an event (match.c); lead_name, lead_start,
 * lead_end: the actor block matched apart (pattern_info.lead), NULL when none. */
struct match_ctx {
	struct sentence *s;
	int set;
	const char *lead_name;
	size_t lead_start, lead_end;
};
struct rx_found;
int sentence_match(void *ctx, const struct rx_found *f);
/* windows.c: the patterns of set 0 whose gate words the rewritten sentence holds, each run
 * around them: 0, or -1 out of memory */
int run_lexicon(struct sentence *s);
/* leads.c: forgets the block ends found so far, for a new block of at most LEAD_BLOCK
 * starts */
#define LEAD_BLOCK 128
void lead_forget(struct sentence *s);

/* Parses the entities column; returns 0, or -1 with "byte N: what" in s->err. */
int sentence_parse(struct sentence *s, const char *text, size_t len, const char *entities,
		   size_t elen, const char *published);
/* Finds the events of the parsed sentence. Returns 0, or -1 (out of memory, pcre2 failure)
 * with s->err set. */
int sentence_events(struct sentence *s);
/* The speech act of a statement by what it says (speech.c). */
void speech_act(struct sentence *s, struct found_event *e);
/* Indexes the cues of speech.tsv once they are loaded (lexicon.c): 0, or -1 when out of memory. */
int speech_index(struct lexicon *x);
/* The actor a single mention names (sentence.c). */
void mention_actor(struct sentence *s, struct actor *a, size_t mi);
/* actors.c: the slot at or after rewritten offset rw; the original offset of rw; the role
 * word of text[from..to) ("president"), or NULL; the actors of the group rw[gs..ge), at
 * most max, a role inherited when it names none ("the leaders of Russia and France") */
size_t slot_at(const struct sentence *s, size_t rw);
size_t orig_of(const struct sentence *s, size_t rw);
const char *group_role(const char *t, size_t from, size_t to);
size_t group_actors(struct sentence *s, size_t gs, size_t ge, struct actor *out, size_t max,
		    const char *inherit_role);
/* "him" or "her" of an event whose actor1 is the person group_actors() gave them (the one the
 * sentence began with): the first other person named before rw offset gs, in *out; false
 * when there is none ("Dorn called Marek and urged her": Marek) */
bool other_person(struct sentence *s, size_t gs, const struct actor *not, struct actor *out);
bool is_outlet(const struct lexicon *lex, const char *canon);
/* A new document begins: no person for a pronoun or a title yet, no dateline zone (refer.c). */
void sentence_new_document(struct sentence *s);
/* He, she and "the mayor" as mentions of the person they stand for; then, after the events,
 * the person a later "he" stands for. Return 0, or -1 with s->err set. */
int refer_mentions(struct sentence *s);
int refer_note_events(struct sentence *s);
void sentence_free(struct sentence *s);
/* text.c: shared by sentence.c and attrs.c */
/* A slot of the rewritten sentence, "\x1f" TYPE INDEX "\x1f", written at the end of tok: its
 * first byte, *n bytes long. */
#define SLOT_TOKEN_MAX 32
const char *slot_token(char tok[SLOT_TOKEN_MAX], char type, size_t index, size_t *n);
bool has_word(const char *t, size_t from, size_t to, const char *w);
bool has_any(const char *t, size_t from, size_t to, const char *const *words);
/* A reciprocal word in t[from..to+60) ("together", "each other", "agreed"): a coordinated
 * intent (030) of both sides with each other. */
bool reciprocal_at(const char *t, size_t len, size_t from, size_t to);
/* The verb t[vs..ve) after a form of "be" and no -ing form: a passive. */
bool passive_verb_at(const char *t, size_t vs, size_t ve);
/* The -ing form t[vs..ve) with no form of "be" before it: a noun or modifier. */
bool bare_gerund_at(const char *t, size_t vs, size_t ve);
/* Whether the name at t[at] follows a title of the other sex than she says ("Mr" for she). */
bool titled_other_sex(const char *t, size_t at, bool she);
/* Whether t[at] is inside a quotation (of the 2,000 bytes before it); whether t[i] leaves
 * one inside (a '"' toggles, “ opens, ” closes) when quoted says whether it was. */
bool quoted_at(const char *t, size_t at);
bool quote_step(const char *t, size_t i, size_t len, bool quoted);
/* text.c: a copy of p[0..n) kept with the sentence's strings; mention i's canonical name */
struct span sentence_keep(struct sentence *s, const char *p, size_t n);
const char *mention_canon(const struct sentence *s, size_t i);
const char *qualifier_before(const char *t, size_t at, size_t *from);
/* The sentence's attributes (s->at, cleared before), given whether it has events: without,
 * only those doc.c may join to an earlier event. */
void sentence_attrs(struct sentence *s, bool events);
/* After settling which events stand: their attributes (attrs.c). */
void event_attrs(struct sentence *s);
/* The data attrs.c reads (data/zones.tsv): 0, or -1 with a message in err. Without it,
 * times with no zone have no instant. */
int attrs_load(char *err, size_t errsize);
void attrs_free(void);
/* A new document begins: forgets the dateline's zone (when.c). */
void when_new_document(struct sentence *s);
/* when.c: the zones of data/zones.tsv (0, or -1 with err); the story's zone from a dateline;
 * the time of TIME mention i; a part of the day; a vague date */
int zones_load(char *err, size_t errsize);
void zones_free(void);
void dateline_zone(struct sentence *s);
void time_attrs(struct sentence *s, size_t i);
void part_of_day(struct sentence *s);
void vague_date(struct sentence *s);
/* words of t (text.c): w ends at byte at, or starts at byte at (case-insensitive, whole
 * words); where w, as written, next starts at a word's start at or after from (SIZE_MAX: none) */
bool ends_with(const char *t, size_t at, const char *w);
bool starts_with(const char *t, size_t len, size_t at, const char *w);
size_t word_find(const char *t, size_t len, size_t from, const char *w);
/* whether DATE mention i is the dateline's ("PARIS, March 6 (Alpha) -") */
bool dateline(const struct sentence *s, size_t i);
/* The place of an event: a LOC after in/at in its clause, not one of its actors. */
struct span event_location(struct sentence *s, const struct found_event *e);
/* "the two leaders", "both sides", a sentence-initial "They": slots for the actors of the
 * document's latest consultation (actor name PAIR_MARK; doc.c resolves them). */
#define PAIR_MARK "\x01pair"
/* "A former Home Office minister has called for ...": the person a story's lead describes and
 * its next sentences name (actor name LEAD_MARK, a PER mention refer.c makes; doc.c gives it
 * the first person named in the two rows after, or drops its events) */
#define LEAD_MARK "\x01lead"
int pair_mentions(struct sentence *s);
/* After the events are settled: "CNN has not confirmed" (attrs.c). */
void unconfirmed(struct sentence *s);
struct span condition_after(struct sentence *s, size_t from, size_t *cs, size_t *ce);
struct span nearest_date(struct sentence *s, const struct found_event *e);
enum modality event_modality(struct sentence *s, struct found_event *e);
/* the sentence's words, and whether pattern p of set 0 may match (frames.c) */
int words_reset(struct sentence *s, size_t len);
/* k: word_key(w, n); returns 0, or -1 out of memory */
int word_note(struct sentence *s, uint64_t k, const char *w, size_t n);
bool needs_met(const struct sentence *s, uint32_t p);
/* Marks in s->act_ok the bytes of the rewritten sentence where an actor block may start (a
 * superset). Returns 0 or -1 out of memory. */
int actor_may_start(struct sentence *s);
/* leads.c: s->starts (and act_ok) for the rewritten sentence, the caches of the block ends
 * emptied: 0 or -1 out of memory; where block k (LEAD_COORD, LEAD_ACT - 1) from start i may
 * end, in pcre2's order: *n places at the returned index of s->lead_ends */
int actor_starts(struct sentence *s);
size_t lead_ends(struct sentence *s, int k, size_t i, size_t *n);
static inline const char *sp(const struct sentence *s, struct span x)
{
	return s->scratch.p ? s->scratch.p + x.off : "";
}

/* ---- a document's events and the rows (doc.c) */

enum out_format { FORMAT_TSV, FORMAT_GDELT };
struct doc;
struct row_writer;
struct doc_config {
	enum out_format format;
	struct row_writer *rows; /* tsv: the input columns of each row, as they came (lib/row.h) */
	bool no_header, default_date;
	size_t max_events, coref_window;
	int text_col, doc_col, sent_col, published_col, url_col;
};
struct doc *doc_new(const struct lexicon *lex, const struct doc_config *cfg);
void doc_free(struct doc *d);
void doc_header(struct doc *d, char **names, size_t ncols);
/* Adds one sentence row (its fields are copied) and its events. Returns 0, or -1 out of
 * memory. */
int doc_add(struct doc *d, char **fields, const size_t *lens, size_t nfields,
	    const struct sentence *s);
/* Writes the events of the document and forgets it. */
void doc_flush(struct doc *d);
#endif
