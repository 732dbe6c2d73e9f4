/* lines.c: which line ends of a document are boundaries. A text either has lines that are
 * paragraphs (web pages, live blogs), or is hard-wrapped at a fixed width (wire copy, e-mail,
 * UD's raw text), with paragraphs marked by blank lines or by indentation. */
#include <string.h>

#include "segment.h"

/* Decides how the text's line ends are meant from the lengths of its lines: text wrapped at a
 * fixed width has no line with a space longer than that width. */
void analyse_lines(struct doc *d)
{
	const unsigned char *s = d->s;
	size_t n = d->n, width = 0, indented = 0;
	for (size_t a = 0; a < n;) {
		const unsigned char *nl = memchr(s + a, '\n', n - a);
		size_t b = nl ? (size_t)(nl - s) : n;
		size_t e = b;
		while (e > a && (s[e - 1] == '\r' || s[e - 1] == ' '))
			e--;
		size_t lead = a;
		while (lead < e && (s[lead] == ' ' || s[lead] == '\t'))
			lead++;
		if (lead > a && lead < e && a > 0)
			indented++;
		/* a line has at most as many columns as bytes: most lines need no counting */
		if (e - a > width && lead < e && memchr(s + lead, ' ', e - lead)) {
			size_t w = columns(s, a, e);
			if (w > width)
				width = w;
			if (width > WRAP_MAX_WIDTH)
				break;
		}
		a = b + 1;
	}
	d->width = width;
	if (width > WRAP_MAX_WIDTH || width < WRAP_MIN_WIDTH)
		d->mode = WRAP_NONE;
	else if (indented)
		d->mode = WRAP_INDENT;
	else
		d->mode = WRAP_FIT;
}

/* Is the document written without capitals (web posts: "i think so. they ...")? Then a full
 * stop before a lower-case word ends a sentence as usual. The lower-case pronoun "i" gives it
 * away; found once per document, when first needed. */
bool lower_case_style(struct doc *d)
{
	if (d->lower_style < 0) {
		const unsigned char *s = d->s, *p = s, *end = s + d->n;
		d->lower_style = 0;
		while (p + 1 < end && (p = memchr(p, 'i', (size_t)(end - p - 1)))) {
			if ((p == s || p[-1] == ' ' || p[-1] == '\n') &&
			    (p[1] == ' ' || p[1] == '\'' || (p[1] == 'm' && p + 2 < end && p[2] == ' '))) {
				d->lower_style = 1;
				break;
			}
			p++;
		}
	}
	return d->lower_style > 0;
}

/* Does the line s[a..e) end without a sentence-final mark, a colon or a closing quote or
 * bracket: is it cut off inside a sentence ("the bridge would open")? */
static bool line_ends_open(const unsigned char *s, size_t a, size_t e)
{
	unsigned char c = s[e - 1];
	if (c < 0x80)
		return is_alpha(c) || is_digit(c) || c == ',' || c == ';' || c == '-';
	/* a letter of another script, not … ” ’ » */
	return !(e - a >= 3 && s[e - 3] == 0xE2 && s[e - 2] == 0x80) && !(e - a >= 2 && s[e - 2] == 0xC2);
}

/* Does the line at s[j] begin with a word in lower case that goes on the sentence of the line
 * before: not a web or e-mail address (a link or a signature line of its own), nor a name
 * such as "iPhone"? */
static bool lower_word_line(const unsigned char *s, size_t j, size_t n)
{
	if (case_at(s, j, n) != CASE_LOWER || url_at(s, j, n))
		return false;
	for (size_t k = j; k < n && !space_at(s, k, n); k++)
		if (s[k] == '@' || s[k] == '/' || (s[k] >= 'A' && s[k] <= 'Z'))
			return false;
	return true;
}

/* Is the line end at s[i] a boundary (a paragraph break), rather than a wrap inside one? */
bool line_break_at(struct doc *d, size_t line_start, size_t i)
{
	const unsigned char *s = d->s;
	size_t n = d->n, j = i + 1;
	while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
		j++;
	if (j == n || s[j] == '\n')
		return true; /* a blank line follows */
	size_t e = i;
	while (e > line_start && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
		e--;
	if (e == line_start)
		return true; /* this line is blank */
	/* indentation, a bullet or a list marker starts a paragraph; a dash at the start of a
	 * wrapped line is more often a dash inside the sentence */
	if (j > i + 1 || bullet_at(s, j, n, false) || list_marker_at(s, j, n))
		return true;
	switch (d->mode) {
	case WRAP_NONE:
		/* a line cut inside a sentence, pasted from a PDF or an e-mail; not a list of words
		 * one a line ("apples\npears"), nor text written without capitals */
		return !(line_ends_open(s, line_start, e) && lower_word_line(s, j, n) &&
			 memchr(s + line_start, ' ', e - line_start) && !lower_case_style(d));
	case WRAP_INDENT: return false;
	case WRAP_FIT: break;
	}
	/* a paragraph or a headline does not begin with a lower-case word */
	if (case_at(s, j, n) == CASE_LOWER)
		return false;
	size_t w = j;
	while (w < n && !space_at(s, w, n))
		w++;
	return columns(s, line_start, e) + 1 + columns(s, j, w) <= d->width;
}
