/* segment.h: what the parts of segment share: the word lists (words.c), the characters that
 * matter to sentence boundaries (here, inline, for the byte loop), line ends (lines.c), the
 * boundary rules (rules.c) and the row output (main.c). */
#ifndef SEGMENT_H
#define SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"

/* ---- the word lists (words.c): one hash set, built once by load_lists() */

enum {
	WORD_NONFINAL = 1, /* abbreviation that never ends a sentence (Mr., Gen., e.g.) */
	WORD_FINAL = 2,    /* abbreviation that may end one, before a starter (Inc., a.m.) */
	WORD_STARTER = 4,  /* a usual first word of a sentence (The, He, But) */
	WORD_NUMERIC = 8,  /* abbreviation only before a number (No. 10, Fig. 3) */
	WORD_CLOSING = 16, /* closing formula of a letter (Regards, Thanks) */
	WORD_GREETING = 32, /* greeting that opens a letter (Hi, Dear all) */
	WORD_BANG = 64,     /* name written with an exclamation mark (Yahoo!, Jeopardy!) */
};

#define WORD_MAX 24

/* Loads the lists of data/segment/. Returns 0, or -1 after a message. */
int load_lists(void);

/* Flags of the lower-cased word s[0..n), 0 when it is in no list. */
unsigned word_flags(const char *s, size_t n);

/* Lower-cases s[a..i) into low (at most WORD_MAX - 1 bytes, white space runs as one space).
 * Returns the length, or 0 when it does not fit. */
size_t lower_word(const unsigned char *s, size_t a, size_t i, char low[WORD_MAX]);

/* Flags of the word of letters at s[i], 0 when it is in no list; *lower says whether it is all
 * lower case. */
unsigned flags_of_word_at(const unsigned char *s, size_t i, size_t n, bool *lower);

/* ---- characters */

/* Length of the white space character at s[i] (ASCII blanks, NBSP, the Unicode spaces, zero-width
 * space, BOM), or 0. */
static inline size_t space_at(const unsigned char *s, size_t i, size_t n)
{
	unsigned char c = s[i];
	if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
		return 1;
	if (c < 0xC2)
		return 0;
	if (c == 0xC2)
		return i + 1 < n && s[i + 1] == 0xA0 ? 2 : 0;
	if (i + 2 >= n)
		return 0;
	if (c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] <= 0x8B || s[i + 2] == 0xAF))
		return 3;
	if (c == 0xE2 && s[i + 1] == 0x81 && s[i + 2] == 0x9F)
		return 3;
	if (c == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x80)
		return 3;
	if (c == 0xEF && s[i + 1] == 0xBB && s[i + 2] == 0xBF)
		return 3;
	return 0;
}

/* Length of the white space character that ends s[a..b), or 0. Only a character that ends
 * exactly at b counts: the blank before "à" in "Un café à" is not the end of a space. */
static inline size_t space_before(const unsigned char *s, size_t a, size_t b)
{
	if (b == a)
		return 0;
	if (s[b - 1] < 0x80)
		return space_at(s, b - 1, b);
	if (b - a >= 2 && s[b - 2] == 0xC2)
		return space_at(s, b - 2, b);
	if (b - a >= 3 && s[b - 3] >= 0xE0)
		return space_at(s, b - 3, b);
	return 0;
}

/* Narrows [*a, *b) of s to what is between its leading and trailing white space: what is kept
 * of a sentence. */
static inline void trim_space(const unsigned char *s, size_t *a, size_t *b)
{
	size_t k;
	while (*a < *b && (k = space_at(s, *a, *b)))
		*a += k;
	while (*b > *a && (k = space_before(s, *a, *b)))
		*b -= k;
}

/* Length of a sentence-final mark at s[i]: . ! ? … ‼ ⁇ ⁈ ⁉ and the full-width ones; 0 if none. */
static inline size_t terminator_at(const unsigned char *s, size_t i, size_t n)
{
	unsigned char c = s[i];
	if (c == '.' || c == '!' || c == '?')
		return 1;
	if (i + 2 >= n)
		return 0;
	if (c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA6 || s[i + 2] == 0xBC))
		return 3;
	if (c == 0xE2 && s[i + 1] == 0x81 && s[i + 2] >= 0x87 && s[i + 2] <= 0x89)
		return 3;
	if (c == 0xEF && s[i + 1] == 0xBC && (s[i + 2] == 0x81 || s[i + 2] == 0x9F))
		return 3;
	if (c == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x82)
		return 3;
	return 0;
}

/* Length of a closing quote or bracket at s[i]: ) ] } " ' ” ’ » ›; 0 if none. */
static inline size_t closer_at(const unsigned char *s, size_t i, size_t n)
{
	unsigned char c = s[i];
	if (c == ')' || c == ']' || c == '}' || c == '"' || c == '\'')
		return 1;
	if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xBB)
		return 2;
	if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
	    (s[i + 2] == 0x9D || s[i + 2] == 0x99 || s[i + 2] == 0xBA))
		return 3;
	return 0;
}

/* Length of an opening quote or bracket at s[i]: ( [ { " ' “ ‘ „ « ‹ ¿ ¡; 0 if none. */
static inline size_t opener_at(const unsigned char *s, size_t i, size_t n)
{
	unsigned char c = s[i];
	if (c == '(' || c == '[' || c == '{' || c == '"' || c == '\'')
		return 1;
	if (c == 0xC2 && i + 1 < n && (s[i + 1] == 0xAB || s[i + 1] == 0xBF || s[i + 1] == 0xA1))
		return 2;
	if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
	    (s[i + 2] == 0x9C || s[i + 2] == 0x98 || s[i + 2] == 0x9E || s[i + 2] == 0xB9))
		return 3;
	return 0;
}

/* Length of a bullet and the space after it at s[i] (• ● ◦ ▪ ‣, and when dashes is true
 * - * – —), or 0. */
static inline size_t bullet_at(const unsigned char *s, size_t i, size_t n, bool dashes)
{
	size_t k = 0;
	unsigned char c = s[i];
	if (c == '-' || c == '*')
		k = dashes;
	else if (c == 0xE2 && i + 2 < n &&
		 ((s[i + 1] == 0x80 && (s[i + 2] == 0xA2 || s[i + 2] == 0xA3 || s[i + 2] == 0x93 ||
					s[i + 2] == 0x94)) ||
		  (s[i + 1] == 0x97 && (s[i + 2] == 0x8F || s[i + 2] == 0xA6)) ||
		  (s[i + 1] == 0x96 && s[i + 2] == 0xAA)))
		k = s[i + 1] == 0x80 && (s[i + 2] == 0x93 || s[i + 2] == 0x94) && !dashes ? 0 : 3;
	if (k && i + k < n && space_at(s, i + k, n))
		return k;
	return 0;
}

/* Columns (characters) of s[a..b): UTF-8 continuation bytes do not count. */
static inline size_t columns(const unsigned char *s, size_t a, size_t b)
{
	size_t cont = 0;
	for (size_t i = a; i < b; i++)
		cont += (s[i] & 0xC0) == 0x80;
	return b - a - cont;
}

enum letter_case { CASE_NONE, CASE_UPPER, CASE_LOWER, CASE_DIGIT };

/* The case of the character at s[i]. Letters without case (CJK, Arabic) count as upper: they
 * can begin a sentence. */
static inline enum letter_case case_at(const unsigned char *s, size_t i, size_t n)
{
	unsigned char c = s[i];
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			return CASE_UPPER;
		if (c >= 'a' && c <= 'z')
			return CASE_LOWER;
		if (c >= '0' && c <= '9')
			return CASE_DIGIT;
		return CASE_NONE;
	}
	utf8proc_int32_t cp;
	if (utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp) <= 0)
		return CASE_NONE;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LO:
		return CASE_UPPER;
	case UTF8PROC_CATEGORY_LL:
		return CASE_LOWER;
	case UTF8PROC_CATEGORY_ND:
		return CASE_DIGIT;
	default:
		return CASE_NONE;
	}
}

static inline bool is_alpha(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static inline bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* ---- one document */

enum wrap_mode {
	WRAP_NONE,   /* lines are paragraphs: every line end is a boundary */
	WRAP_INDENT, /* hard-wrapped, paragraphs indented (Reuters): only indentation breaks */
	WRAP_FIT,    /* hard-wrapped: a line end where the next word would have fit is a break */
};

/* Below this width a text is not taken for hard-wrapped: its lines are short on purpose. */
#define WRAP_MIN_WIDTH 40
/* Above it, no one wraps: the lines are paragraphs. */
#define WRAP_MAX_WIDTH 100

struct doc;
/* Called for each sentence s[a, b) of a document (trimmed, not empty), with d->sent and d->para
 * its number (from 1) and paragraph. */
typedef void (*sentence_fn)(void *ctx, struct doc *d, size_t a, size_t b);

struct doc {
	const unsigned char *s;
	sentence_fn sentence;
	void *ctx;
	size_t n;
	enum wrap_mode mode;
	size_t width; /* the longest line with a space in it, in columns */
	size_t sent_start;
	unsigned long sent, para;
	bool new_para;
	int lower_style; /* -1 until lower_case_style() has looked */
	/* what rules.c has scanned already, so that no scan back is repeated over the same bytes:
	 * the space-free run [url_run, url_run_end) before the last "://" (url_end_at), and the
	 * end of the white space, quotes and bullets that open the sentence at lead_for - 1 */
	size_t url_run, url_run_end;
	size_t lead_for, lead_end;
};

/* Decides how the text's line ends are meant from the lengths of its lines (lines.c). */
void analyse_lines(struct doc *d);

/* Is the line end at s[i] a boundary (a paragraph break), rather than a wrap inside one? */
bool line_break_at(struct doc *d, size_t line_start, size_t i);

struct row_parts {
	struct buf before, after; /* the escaped columns before and after the text column */
};

/* Writes the sentence s[a..b) of the document, white space trimmed, as one row (main.c);
 * nothing when it is all white space. */
void emit(struct doc *d, const struct row_parts *rp, size_t a, size_t b);

/* ---- web and e-mail text (web.c) */

/* Length of an emoticon at s[i] (:) :-) :( :P :D ;) and the like), or 0. */
size_t emoticon_at(const unsigned char *s, size_t i, size_t n);

/* Does a web address begin at s[i]? */
bool url_at(const unsigned char *s, size_t i, size_t n);

/* Parses the digits at s[i] (between min and max of them); returns how many, or 0. */
size_t digits_at(const unsigned char *s, size_t i, size_t n, size_t min, size_t max);

/* The time stamp "08/15/2000 06:23 PM" around the slash at s[i]: sets [*a, *b), true if one. */
bool stamp_at(const struct doc *d, size_t i, size_t *a, size_t *b);

/* Does a sentence begin at s[i] after white space: a capitalised word or a web address? */
bool sentence_start_after(const unsigned char *s, size_t i, size_t n);

/* The end of a web address whose "://" is at s[i], or 0. */
size_t url_end_at(struct doc *d, size_t i);

/* The end of a bare e-mail address whose '@' is at s[i] when it ends its sentence, or 0. */
size_t email_end_at(const struct doc *d, size_t i);

/* The end of "<anna@example.com>" or "<< File: x >>" whose last '>' is at s[i] when it ends a
 * header line, or 0. */
size_t angle_end_at(const struct doc *d, size_t i);

/* A separator line "=====" whose run begins at s[i]: sets [*a, *b), true if one. */
bool separator_at(const struct doc *d, size_t i, size_t *a, size_t *b);

/* ---- the shapes of pasted news (shapes.c) */

/* The end of the white space, quotes, brackets and bullets that open the current sentence:
 * where its first word begins. Scanned once a sentence ("1. 2. 3." after a long run of them
 * takes no longer than one). */
size_t sentence_lead(struct doc *d);

/* Length of a list marker opening a line at s[i] ("1." "12)" "(3)" "a." "a)" "(b)" "B)"),
 * followed by a blank or a tab, or 0. A capital with a full stop ("A. Smith") is an initial. */
size_t list_marker_at(const unsigned char *s, size_t i, size_t n);

/* Does the full stop (or run of dots) s[i..e), with no space after it, end a sentence
 * ("Hello world.Today is")? Yes when a capitalised word follows and the left side is a word,
 * not an address, a domain or a file name; the caller has ruled out abbreviations. */
bool stop_without_space(const struct doc *d, size_t i, size_t e);

/* Is the word before the '!' at s[i] a name written with it: 2 for a listed one (Yahoo!,
 * Jeopardy!), 1 for a capitalised word inside the sentence ("as popular as Yahoo! and AOL"),
 * else 0. */
int bang_name_before(struct doc *d, size_t i);

/* Is the "I" before the full stop at s[i] the pronoun ("and so did I. Then")? A lower-case
 * word comes before it and no initial after it (next is where the next word begins). */
bool pronoun_i_at(const struct doc *d, size_t i, size_t next);

/* Is the ellipsis s[i..end) an elision in brackets, "[...]" "[…]" "(...)"? */
bool bracketed_ellipsis(const unsigned char *s, size_t i, size_t end, size_t n);

/* Is the word that ends at s[a] (before white space) in lower case ("on", "at")? (rules.c) */
bool lower_word_before(const struct doc *d, size_t a);

/* Is the document written without capitals: does it use the pronoun "i"? (lines.c) */
bool lower_case_style(struct doc *d);

/* Sets up the byte table of segment_text() (rules.c); once, before it. */
void segment_init(void);

/* Finds the sentences of the document d->s[0..d->n) and hands each to d->sentence (rules.c). */
void segment_text(struct doc *d);

#endif
