/* rx.h: a set of pcre2 patterns read from a data file, for the tools that find things in text
 * by pattern (tag-entities' numbers and dates, extract-events' event phrases).
 *
 * A pattern file has one entry a line (read by data_lines(): '#' comments, blank lines):
 *   def<TAB>NAME<TAB>pattern             defines {{NAME}} for the lines below it (and for the
 *                                        files loaded after it into the same set)
 *   COL1<TAB>...COLk<TAB>gate<TAB>pattern a pattern; the k columns before the gate are the
 *                                        caller's (a mention type, an event code and its slot
 *                                        roles...), handed to its callback to check and keep
 * The gate says when a pattern is worth running: "*" (or empty) always; else words separated by
 * commas, one of which must occur in the text, and "0" for any ASCII digit (the pattern then
 * runs only on windows of RX_DIGIT_WINDOW bytes around the digits). Gates keep a few dozen
 * patterns cheap: most sentences wake up only a few of them.
 *
 * Patterns are compiled once (8-bit, PCRE2_UTF, PCRE2_DUPNAMES, plus what the caller asks) and to
 * machine code by the JIT when it is there, when they first run (or once they have run
 * jit_after times: see rx_config). Every match runs under match and depth limits: a
 * pathological pattern on a pathological text stops early, is counted, and the set reports
 * the count in one warning when it is freed; it never hangs and is not an error.
 * Not thread-safe: one set per thread (the match data is the set's). */
#ifndef CC_RX_H
#define CC_RX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RX_MATCH_LIMIT 100000
#define RX_DEPTH_LIMIT 1000
/* how far from a digit a match of a pattern gated on "0" may start or end */
#define RX_DIGIT_WINDOW 80
/* gate words in a set, all files together */
#define RX_MAX_GATE_WORDS 256

struct rx_set;

/* Checks and keeps the caller's columns of pattern number index (counted from 0 over the set,
 * in the order of the files and their lines): cols[0..ncols) are NUL-terminated and writable.
 * Returns 0, or -1 with a message in err (the set puts "file:line: " before it). */
typedef int (*rx_fields_fn)(void *ctx, size_t index, char **cols, size_t ncols, char *err,
			    size_t errsize);

struct rx_config {
	size_t ncols;        /* the caller's columns before the gate: 0 or more */
	rx_fields_fn fields; /* NULL: the columns are not looked at */
	void *ctx;
	/* the shape of a pattern line, for the message of a line without enough columns:
	 * "TYPE<TAB>gate<TAB>pattern" (NULL: "COLUMNS<TAB>gate<TAB>pattern") */
	const char *shape;
	uint32_t compile_options;          /* added to PCRE2_UTF | PCRE2_DUPNAMES */
	uint32_t match_limit, depth_limit; /* 0: RX_MATCH_LIMIT, RX_DEPTH_LIMIT */
	/* searches of a pattern in pcre2's interpreter before the JIT compiles it (0: the JIT at
	 * the first): for a big set of which most texts wake a few, each for a few searches,
	 * compiling a pattern costs more than the hundreds of searches it would make faster */
	unsigned jit_after; /* CROSSCHECK_NO_JIT set and not empty: never (for valgrind) */
	/* nonzero: the most bytes of machine code the JIT may make for the set's patterns; those
	 * due after it is spent stay in the interpreter. The JIT's code is 7 to 10 times the size
	 * of the compiled pattern: without a budget, the resident size of a big set grows with the
	 * input as ever rarer patterns come due, up to all of them */
	size_t jit_budget;
	/* the patterns are searched in windows of long texts (rx_match_before): each is compiled
	 * so that a search may stop at an offset */
	bool windows;
	/* nonzero: the caller vouches that each match of a pattern gated on digits starts at most
	 * this many bytes before the first digit of a run of digits ("US$ 5": 4), and rx_scan()
	 * tries such a pattern only from those places (a match ending up to RX_DIGIT_WINDOW bytes
	 * after its number's first digit, then on to a space), instead of over windows of
	 * RX_DIGIT_WINDOW bytes around the digits: digit-dense text (tables, markets reports)
	 * made those windows most of the text, tried at every digit, and cut off a match that
	 * began near a window's end */
	unsigned digit_lead;
};

/* An empty set. Returns NULL when out of memory. */
struct rx_set *rx_new(const struct rx_config *cfg);

/* Reads the patterns of path into the set (a tool's shipped file, then a user's --patterns
 * file, say). Returns 0, or -1 with "path:line: message" in err: a line of the wrong shape, a
 * {{NAME}} with no definition above it, a pattern pcre2 refuses ("bad pattern at OFFSET: ..."),
 * too many gate words, what the callback refused; "path: cannot open: reason". */
int rx_load(struct rx_set *set, const char *path, char *err, size_t errsize);

/* Frees the set; first, when some matches stopped at a limit, prints the one warning of the
 * run about them (msg_at(): the file and line of the first pattern that stopped). */
void rx_free(struct rx_set *set);

size_t rx_count(const struct rx_set *set);
/* The bytes of machine code the JIT has made for the set's patterns so far. */
size_t rx_jit_bytes(const struct rx_set *set);
/* Where pattern index was read. */
const char *rx_file(const struct rx_set *set, size_t index);
unsigned long rx_line(const struct rx_set *set, size_t index);
/* How many matches stopped at the match or depth limit so far. */
unsigned long rx_limit_hits(const struct rx_set *set);

/* Marks the patterns read from now on that begin with one of prefixes (NULL-ended; NULL: none)
 * as starting only where the caller says: rx_scan() tries them only from the bytes rx_starts()
 * allows. The caller vouches that no match of such a pattern starts elsewhere (an actor block
 * that needs a slot after it, say), and that one of the pattern's gate words (ASCII letters in
 * either case) is in each match at or after its start, so that no start after the last of them
 * in the text is tried: the matches are the same, found with fewer tries. */
void rx_mark_starts(struct rx_set *set, const char *const *prefixes);
/* The bytes of the next texts where a marked pattern may start: ok[i] nonzero for text byte i,
 * len bytes (beyond: none). NULL: anywhere. The array is the caller's and must live until the
 * scans are done. */
void rx_starts(struct rx_set *set, const unsigned char *ok, size_t len);

/* Whether the noted words (or the text's digits) wake a pattern marked by rx_mark_starts(): if
 * not, the caller need not work out where they may start. */
bool rx_marked_woken(const struct rx_set *set, const char *text, size_t len);

/* The words of the text, for the gates: forget those of the last text, then note each word
 * (as the gate words are written: a caller with its own tokens passes them folded) or let the
 * set find them in the text itself: runs of letters, digits and non-ASCII bytes, ASCII upper
 * case folded, each also with the '.' that follows it ("Jan."). Both are linear in the text. */
void rx_words_clear(struct rx_set *set);
void rx_word(struct rx_set *set, const char *word, size_t len);
void rx_words_of_text(struct rx_set *set, const char *text, size_t len);

struct rx_found {
	size_t index;      /* the pattern */
	size_t start, end; /* the match, bytes of the text (start may be after from: \K) */
	size_t from, limit; /* where the search started, and the end of the text it saw */
};
/* Called for each match; a nonzero return stops the scan and is what rx_scan() returns. */
typedef int (*rx_found_fn)(void *ctx, const struct rx_found *found);

/* Runs every pattern whose gate the noted words (or the text's digits) open over text[0..len),
 * in the order of the set, each from left to right, and calls found() for each non-empty match
 * (a match resumes after the last one, or one character on after an empty one). Returns 0,
 * found()'s nonzero return, or -1 with a message in err on a pcre2 failure other than no
 * match or a limit. */
int rx_scan(struct rx_set *set, const char *text, size_t len, rx_found_fn found, void *ctx,
	    char *err, size_t errsize);

/* Matches pattern index once on text[0..limit) from byte from (to read the groups of a match
 * rx_scan() found: the same from and limit give the same match). Returns 1 with the match in
 * *start, *end, 0 when there is none (or a limit stopped it). */
int rx_match(struct rx_set *set, size_t index, const char *text, size_t limit, size_t from,
	     size_t *start, size_t *end);

/* rx_match() for a match that starts at most at byte last (a search of a window of a long
 * text: the same match rx_match() finds when it starts there, without looking for one further
 * on). The offset limit needs rx_config.windows (or a marked pattern); a pattern compiled
 * without it is searched as rx_match() does. */
int rx_match_before(struct rx_set *set, size_t index, const char *text, size_t limit, size_t from,
		    size_t last, size_t *start, size_t *end);

/* Every place, in pcre2's backtracking order, where a match of pattern index from byte from
 * reaches a callout ((?C1) after an actor block, say): each(ctx, offset) is called there and the
 * match made to fail on, so that the next way is tried. each returns 0 to go on, nonzero to
 * stop. The first match of a pattern that begins with that block is then the rest of it tried
 * at those places in that order, which one pass finds for every pattern that shares the block.
 * Returns 1 when every way was tried, 0 when each stopped it or a limit did (counted). */
int rx_each_callout(struct rx_set *set, size_t index, const char *text, size_t limit, size_t from,
		    int (*each)(void *ctx, size_t at), void *ctx);

/* The text of the named group in the last match of pattern index (rx_match or rx_scan's
 * last), or NULL when the group did not take part (with duplicate names, the first set one). */
const char *rx_group(const struct rx_set *set, size_t index, const char *text, const char *name,
		     size_t *len);

#endif
