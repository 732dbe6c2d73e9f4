/* ingest.h: what the parts of ingest share. main.c walks the inputs, emit.c writes the rows;
 * markup.c, html.c and feed.c read HTML and feeds (libxml2), table.c CSV and TSV, dateline.c
 * datelines. */
#ifndef INGEST_H
#define INGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "opts.h"

enum format { FORMAT_AUTO, FORMAT_TEXT, FORMAT_RSS, FORMAT_ATOM, FORMAT_HTML, FORMAT_CSV, FORMAT_TSV };

/* Metadata given for a document from outside it: on the command line or in the manifest.
 * A NULL or empty value is not given. */
struct meta {
	const char *source, *published, *url, *title, *author;
};

/* --html-main: the scorer, today's one <article> or <main>, or the whole <body> */
enum html_main { HTML_MAIN_AUTO, HTML_MAIN_ARTICLE, HTML_MAIN_BODY };

struct options {
	struct common_opts common;
	enum format format;
	const char *manifest;
	struct meta given; /* --source, --published, --url, --title, --author */
	const char *text_column;
	const char *max_doc_arg;
	size_t max_doc;
	bool no_dateline;
	bool verbose; /* -v: how each feed was decoded, on stderr */
	enum html_main html_main;
};

/* One input file (or standard input) being read. */
struct input {
	const char *name;            /* for messages: the path, or "<stdin>" */
	const char *id_path;         /* the path that goes into doc_id when there is no url */
	const struct meta *manifest; /* its manifest entry, or NULL */
	unsigned long long replaced; /* U+FFFD replacements in its documents */
	bool failed;                 /* an error was reported for it */
};

/* A document as found in an input, before the given metadata and the dateline are applied.
 * Every field may hold anything (invalid UTF-8 included): emit_doc() cleans them. */
struct doc {
	struct buf doc_id, source, published, url, title, text, author;
};

/* emit.c. Writes the row of d, or nothing when it has neither text nor title. Applies the metadata
 * given (command line, then manifest), the dateline, NFC and the repairs; an error (--strict)
 * is reported naming the input. Returns 0, or -1 after an error. */
int emit_doc(const struct options *o, struct input *in, struct doc *d);

/* Writes the header of the output rows. Returns 0 or -1 (out of memory). */
int emit_header(void);

/* Frees emit_doc's buffers (at exit). */
void emit_cleanup(void);

/* --progress: starts the clock; counts bytes read; prints documents, MB and MB/s on stderr
 * (at most once a second unless final). */
void progress_start(void);
void progress_add_bytes(unsigned long long n);
void progress_report(bool final);

/* Prints "ingest: name: message" (name "<stdin>" for standard input) and marks the
 * input as failed. */
void input_error(struct input *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Same, as a warning: the input is not marked as failed. */
void input_warning(struct input *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same at line of the input ("tool: name:line: ..."; line <= 0 leaves it out). */
void input_error_at(struct input *in, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void input_warning_at(struct input *in, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* markup.c: the documents of a feed (RSS 2.0, RSS 1.0, Atom) or of an HTML page held in
 * data[0..len). Returns 0, or -1 after reporting an error. */
int read_feed(const struct options *o, struct input *in, const char *data, size_t len);
int read_html(const struct options *o, struct input *in, const char *data, size_t len);

/* The format a feed or page looks like from its first bytes: FORMAT_RSS (for RSS and
 * Atom alike, see markup.c), FORMAT_HTML, or FORMAT_TEXT. */
enum format sniff_format(const char *data, size_t len);

/* Releases what libxml2 holds (at exit, so that leak checkers stay quiet). */
void markup_cleanup(void);

/* table.c: the documents of a CSV or TSV file (path "-" for standard input), one a row.
 * Returns 0, or -1 after reporting an error. */
int read_table(const struct options *o, struct input *in, const char *path, bool csv);

/* dateline.c: fills source and published (when empty) from a dateline at the start of the
 * text: "MOSCOW, February 21. /TASS/.", "KYIV, Feb 20 (Reuters) -". A month and day without a
 * year give a date only when published already holds the year alone ("2022"). */
void apply_dateline(const char *text, size_t len, struct buf *source, struct buf *published);

/* blocks.c: frees the class and id words (at exit). */
void blocks_cleanup(void);

/* Frees the agency list (at exit). */
void dateline_cleanup(void);

#endif
