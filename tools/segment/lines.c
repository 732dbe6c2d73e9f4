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

/* Is the line end at s[i] a boundary (a paragraph break), rather than a wrap inside one? */
bool line_break_at(const struct doc *d, size_t line_start, size_t i)
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
	/* indentation or a bullet starts a paragraph; a dash at the start of a wrapped line is more
	 * often a dash inside the sentence */
	if (j > i + 1 || bullet_at(s, j, n, false))
		return true;
	switch (d->mode) {
	case WRAP_NONE: return true;
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
