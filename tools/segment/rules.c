/* rules.c: the boundary rules of one document, in one pass over its bytes: sentence-final
 * punctuation whose surroundings say it ends a sentence (not an abbreviation, an initial, a list
 * number, a decimal or a web address), line ends that are boundaries (lines.c), dashes, captions
 * and greetings; the loop asks web.c about web and e-mail text and shapes.c about pasted news
 * (list items, missing spaces, Yahoo!, elisions). */
#include <string.h>

#include "segment.h"

/* Is s[a..i) a number or a letter that opens its sentence, after white space, quotes and
 * bullets (a list marker "1.", "a.", the "Q." of an interview)? */
static bool list_number(struct doc *d, size_t a, size_t i)
{
	const unsigned char *s = d->s;
	if (a == i || i - a > 3 || (i - a == 1 && !is_alpha(s[a]) && !is_digit(s[a])))
		return false;
	for (size_t k = a; k < i && i - a > 1; k++)
		if (s[k] < '0' || s[k] > '9')
			return false;
	return sentence_lead(d) == a;
}

/* The kind of word that ends with the full stop at s[i]: an abbreviation's flags, WORD_FINAL for
 * initials and dotted acronyms (U.S., a.m.), WORD_NONFINAL for a list number, else 0. */
static unsigned word_before_stop(struct doc *d, size_t i)
{
	const unsigned char *s = d->s;
	size_t a = i;
	while (a > d->sent_start && i - a < 64 && !space_before(s, d->sent_start, a) && s[a - 1] != '(' &&
	       s[a - 1] != '[' && s[a - 1] != '"' && s[a - 1] != '\'' && s[a - 1] != '/')
		a--;
	/* opening quotes and brackets are not part of the word: “Mr. is Mr. */
	for (size_t m; a < i; a += m) {
		if (s[a] < 0x80)
			m = !is_alpha(s[a]) && !(s[a] >= '0' && s[a] <= '9');
		else
			m = opener_at(s, a, i);
		if (!m)
			break;
	}
	if (a == i)
		return 0;
	if (list_number(d, a, i))
		return WORD_NONFINAL;
	char low[WORD_MAX];
	size_t n = lower_word(s, a, i, low);
	if (n == 0)
		return 0;
	/* a capital letter alone is an initial ("P. Simmons") even where its lower case is an
	 * abbreviation before numbers ("p. 12") */
	if (n == 1 && s[a] >= 'A' && s[a] <= 'Z')
		return WORD_FINAL;
	unsigned flags = word_flags(low, n) & (WORD_NONFINAL | WORD_FINAL | WORD_NUMERIC);
	if (flags)
		return flags;
	bool dotted = false, acronym = true;
	size_t run = 0;
	for (size_t k = 0; k < n && acronym; k++) {
		if (low[k] == '.') {
			dotted = true;
			run = 0;
		} else if (!is_alpha((unsigned char)low[k]) || ++run > 2) {
			acronym = false;
		}
	}
	if ((n == 1 && is_alpha(s[a])) || (dotted && acronym))
		return WORD_FINAL;
	if (n <= 4 && s[a] >= 0xC0) { /* one letter of another script: an initial (А. С. Пушкин) */
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(s + a, (utf8proc_ssize_t)n, &cp);
		if (len == (utf8proc_ssize_t)n && case_at(s, a, i) != CASE_NONE && case_at(s, a, i) != CASE_DIGIT)
			return WORD_FINAL;
	}
	return 0;
}

/* Length of what belongs to the sentence ending at s[i] though it comes after its final mark:
 * citation markers " [17]", "[12]–[15]", an elision "[...]", an emoticon " :)", and a footnote
 * number before a capitalised sentence starter (" 4 Even though ...": a numeral is not followed
 * by "The", "In" or "Even" in running text). A line end inside a wrapped paragraph may come
 * before a citation. 0 if none. */
static size_t citation_at(const struct doc *d, size_t i)
{
	const unsigned char *s = d->s;
	size_t n = d->n, j = i, end = 0;
	while (j < n && s[j] == ' ')
		j++;
	size_t emoticon = emoticon_at(s, j, n);
	if (emoticon && j > i)
		return j + emoticon - i;
	if (j < n && s[j] == '\n' && d->mode != WRAP_NONE && j + 1 < n && s[j + 1] == '[')
		j++;
	if (j < n && is_digit(s[j]) && j > i) {
		size_t k = j + 1 + (j + 1 < n && is_digit(s[j + 1]));
		bool lower;
		if (k + 1 < n && (s[k] == ' ' || (s[k] == '\n' && d->mode != WRAP_NONE)) &&
		    case_at(s, k + 1, n) == CASE_UPPER && (flags_of_word_at(s, k + 1, n, &lower) & WORD_STARTER))
			return k - i;
		return 0;
	}
	while (j < n && s[j] == '[') {
		size_t k = j + 1;
		if (k + 3 < n && memcmp(s + k, "...]", 4) == 0)
			k += 3;
		else if (k + 3 < n && memcmp(s + k, "\xE2\x80\xA6]", 4) == 0)
			k += 3;
		else
			while (k < n && (is_digit(s[k]) || s[k] == ',' || s[k] == '-' || s[k] == ' '))
				k++;
		if (k == j + 1 || k >= n || s[k] != ']')
			break;
		end = k + 1;
		j = end;
		if (j < n && (s[j] == ',' || s[j] == '-'))
			j++;
		else if (j + 2 < n && s[j] == 0xE2 && s[j + 1] == 0x80 && s[j + 2] == 0x93)
			j += 3;
	}
	if (end && end < n && !space_at(s, end, n))
		return 0;
	return end ? end - i : 0;
}

/* Does an ordinary lower-case word of five letters or more end at the full stop at s[i]
 * ("... they are not toys. maybe the cat")? Abbreviations cut before a lower-case word are
 * short ("3 pct. was", "incl. tax"); a long one is in the lists (approx.). Informal web text
 * then begins its next sentence in lower case. */
static bool long_lower_word_before(const struct doc *d, size_t i)
{
	const unsigned char *s = d->s;
	size_t a = i;
	while (a > d->sent_start && s[a - 1] >= 'a' && s[a - 1] <= 'z')
		a--;
	return i - a >= 5 && a > d->sent_start && space_before(s, d->sent_start, a);
}

/* Decides whether the sentence-final mark at s[i] (len bytes) ends a sentence. Returns the end
 * of the sentence (after closing quotes and citations), or 0 when it does not end one; *next is
 * where scanning goes on. */
static size_t sentence_end_at(struct doc *d, size_t i, size_t len, size_t *next)
{
	const unsigned char *s = d->s;
	size_t n = d->n, e = i + len, dots = s[i] == '.', k;
	bool strong = s[i] == '!' || s[i] == '?' || len == 3;
	bool ellipsis = len == 3 && s[i + 2] == 0xA6;
	if (ellipsis)
		strong = false;
	for (;;) {
		if (e < n && s[e] == '.') {
			dots++;
			e++;
		} else if (e < n && (k = terminator_at(s, e, n))) {
			if (k == 3 && s[e + 2] == 0xA6)
				ellipsis = true;
			else
				strong = true;
			e += k;
		} else if (e + 1 < n && s[e] == ' ' && s[e + 1] == '.' &&
			   (dots || (e + 2 < n && s[e + 2] == '.'))) {
			dots++;
			e += 2;
		} else {
			break;
		}
	}
	*next = e;
	if (dots >= 2)
		ellipsis = true;
	size_t mark_end = e;
	/* an elision, "He said the plan [...] would go ahead": no end, even before a capital */
	if (ellipsis && bracketed_ellipsis(s, i, mark_end, n))
		return 0;
	bool closed = false;
	while (e < n && (k = closer_at(s, e, n))) {
		e += k;
		closed = true;
	}
	if (!ellipsis)
		e += citation_at(d, e);
	if (e < n && !space_at(s, e, n)) {
		/* "Hello world.Today is": a full stop or dots with no space after them */
		if (closed || strong || e != mark_end || !stop_without_space(d, i, e))
			return 0;
		return ellipsis || !word_before_stop(d, i) ? e : 0;
	}
	size_t q = e;
	while (q < n && (k = space_at(s, q, n)))
		q += k;
	if (q == n)
		return e;
	/* a comma or a closing bracket goes on the sentence; so does the "/TASS/" of a dateline */
	unsigned char c = s[q];
	if (c == ',' || c == ';' || c == ':' || c == ')' || c == ']' || c == '}' || c == '/')
		return 0;
	size_t r = q;
	while (r < n && (k = opener_at(s, r, n)))
		r += k;
	bool opened = r > q;
	enum letter_case next_case = r < n ? case_at(s, r, n) : CASE_NONE;
	if (ellipsis)
		return next_case == CASE_UPPER || next_case == CASE_DIGIT || url_at(s, r, n) ? e : 0;
	bool lower;
	unsigned next_flags = next_case == CASE_UPPER || next_case == CASE_LOWER ?
				      flags_of_word_at(s, r, n, &lower) : 0;
	if (strong) {
		/* "Yahoo! said", "Yahoo! Finance", "as popular as Yahoo! and AOL": a '!' that is part
		 * of a name; "Yahoo! The" splits, and web text's "Site made! and" too */
		if (s[i] == '!' && mark_end == i + 1 && !closed) {
			int name = bang_name_before(d, i);
			if (name > 1)
				return next_case == CASE_UPPER && (next_flags & WORD_STARTER) ? e : 0;
			if (name && next_case == CASE_LOWER && !opened)
				return 0;
		}
		return next_case == CASE_LOWER && closed ? 0 : e;
	}
	if (mark_end != i + 1)
		return e;
	unsigned kind = word_before_stop(d, i);
	/* "and so did I. Then": the pronoun, an ordinary word; "Part I. Section 2" is a numeral */
	if (kind == WORD_FINAL && pronoun_i_at(d, i, r))
		kind = 0;
	if (kind & WORD_NONFINAL)
		return 0;
	if (kind & WORD_NUMERIC) {
		if (next_case == CASE_DIGIT)
			return 0;
		kind = 0;
	}
	if (kind & WORD_FINAL)
		return next_case == CASE_UPPER && (next_flags & WORD_STARTER) ? e : 0;
	if (next_case == CASE_LOWER)
		return opened || url_at(s, r, n) || lower_case_style(d) || (!closed && long_lower_word_before(d, i)) ||
				       (lower && (next_flags & WORD_STARTER) && !closed && lower_word_before(d, i)) ?
			       e : 0;
	return e;
}

/* Is s[a..i), a sentence so far ended by the comma at s[i], the closing formula of a letter
 * followed by a signature ("Regards, Anna"), or a greeting followed by a capitalised sentence
 * starter ("Hi, Yes, it is open"; not "Hi, Anna, how are you")? */
static bool closing_at(const struct doc *d, size_t i)
{
	const unsigned char *s = d->s;
	size_t a = d->sent_start, k, n = d->n;
	while (a < i && (k = space_at(s, a, i)))
		a += k;
	if (i - a >= WORD_MAX || a == i)
		return false;
	char low[WORD_MAX];
	size_t len = lower_word(s, a, i, low);
	unsigned flags = len ? word_flags(low, len) : 0;
	if (!(flags & (WORD_CLOSING | WORD_GREETING)))
		return false;
	size_t q = i + 1;
	while (q < n && (k = space_at(s, q, n)))
		q += k;
	if (q == n || q == i + 1 || case_at(s, q, n) != CASE_UPPER)
		return false;
	bool lower;
	return (flags & WORD_CLOSING) || (flags_of_word_at(s, q, n, &lower) & WORD_STARTER);
}

/* The end of a dash standing between words (" -- ", " — ", " – ") whose first byte is at s[i],
 * when it breaks off a sentence: speech broken off and restarted ("Did you just wash — Yes.",
 * "I know she's -- See now"), where the next word is a capitalised sentence starter. An article
 * does not count: after a dash "The" or "A" more often begins a name ("the unions -- The
 * Association of Flight Attendants"), nor does "I", which after a dash in speech more often
 * goes on with the sentence ("when we get to the match – I'm glad"). The dash goes with the broken-off sentence. 0 if none. */
static size_t dash_end_at(const struct doc *d, size_t i)
{
	const unsigned char *s = d->s;
	size_t n = d->n, e, k;
	if (s[i] == '-')
		e = i + 2 < n && s[i + 1] == '-' ? i + 2 : 0;
	else
		e = i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0x94 || s[i + 2] == 0x93) ? i + 3 : 0;
	if (!e || e >= n || !space_at(s, e, n) || i == 0 || !space_before(s, d->sent_start, i))
		return 0;
	size_t a = i;
	while (a > d->sent_start && space_before(s, d->sent_start, a))
		a -= space_before(s, d->sent_start, a);
	if (a == d->sent_start)
		return 0;
	/* a label of one word before the dash ("PS -- There is") is not a broken-off sentence;
	 * the word is found from its end, so that a long first word is not scanned at every dash */
	size_t b = a;
	while (b > d->sent_start && !space_before(s, d->sent_start, b))
		b--;
	while (b > d->sent_start && (k = space_before(s, d->sent_start, b)))
		b -= k;
	if (b == d->sent_start)
		return 0;
	size_t q = e;
	while (q < n && (k = space_at(s, q, n)))
		q += k;
	if (q == n || case_at(s, q, n) != CASE_UPPER)
		return 0;
	bool lower;
	if (!(flags_of_word_at(s, q, n, &lower) & WORD_STARTER))
		return 0;
	size_t w = q;
	while (w < n && is_alpha(s[w]))
		w++;
	if ((w - q == 1 && ((s[q] | 0x20) == 'a' || s[q] == 'I')) || (w - q == 2 && (s[q + 1] | 0x20) == 'n' && (s[q] | 0x20) == 'a') ||
	    (w - q == 3 && (s[q] | 0x20) == 't' && (s[q + 1] | 0x20) == 'h' && (s[q + 2] | 0x20) == 'e'))
		return 0;
	/* a broken-off word ("A- and") is not a starter */
	if (w < n && s[w] == '-')
		return 0;
	return e;
}

/* The end of a caption label ("Figure 1.5", "Table 2", "Fig. 3") that opens the paragraph at
 * s[i], when a capitalised word follows it: the label is a sentence of its own, as a heading
 * is ("Figure 1.5 Residents of the town gather ..."). 0 if none. */
static size_t caption_end_at(const struct doc *d, size_t i)
{
	static const char *const labels[] = {"Figure ", "Fig. ", "Table ", "Chart "};
	const unsigned char *s = d->s;
	size_t n = d->n, j = 0, k;
	for (size_t l = 0; l < sizeof labels / sizeof *labels && !j; l++) {
		size_t len = strlen(labels[l]);
		if (n - i > len && memcmp(s + i, labels[l], len) == 0)
			j = i + len;
	}
	if (!j || !(k = digits_at(s, j, n, 1, 3)))
		return 0;
	j += k;
	while (j + 1 < n && s[j] == '.' && (k = digits_at(s, j + 1, n, 1, 3)))
		j += 1 + k;
	return j < n && s[j] == ' ' && sentence_start_after(s, j, n) ? j : 0;
}

/* Bytes that may start a boundary: line ends, the first bytes of the sentence-final marks, the
 * comma of a closing formula, the slash of a time stamp. */
static unsigned char interesting[256];

void segment_init(void)
{
	interesting['\n'] = interesting['.'] = interesting['!'] = interesting['?'] = 1;
	interesting[','] = interesting['/'] = interesting[':'] = interesting['>'] = interesting['@'] = 1;
	interesting[0xE2] = interesting[0xE3] = interesting[0xEF] = 1;
	interesting['='] = interesting['_'] = interesting['*'] = interesting['-'] = interesting['~'] = 1;
}

/* A boundary at b ends the sentence [a, b): trimmed, and unless that leaves nothing, numbered
 * and handed to the document's sentence callback. */
static void found(struct doc *d, size_t a, size_t b)
{
	trim_space(d->s, &a, &b);
	if (a == b)
		return;
	if (d->new_para) {
		d->para++;
		d->new_para = false;
	}
	d->sent++;
	d->sentence(d->ctx, d, a, b);
}

void segment_text(struct doc *d)
{
	const unsigned char *s = d->s;
	size_t n = d->n, line_start = 0;
	if (memchr(s, '\n', n))
		analyse_lines(d);
	/* the scan goes on after the caption: its "Fig." is not a full stop to look at again */
	size_t caption = n && !space_at(s, 0, n) ? caption_end_at(d, 0) : 0;
	if (caption) {
		found(d, 0, caption);
		d->sent_start = caption;
	}
	for (size_t i = caption; i < n;) {
		/* a tight loop over the bytes that cannot start a boundary */
		while (!interesting[s[i]])
			if (++i == n)
				goto done;
		unsigned char c = s[i];
		size_t a, b, k;
		if (c == '\n') {
			if (line_break_at(d, line_start, i)) {
				found(d, d->sent_start, i);
				d->sent_start = i + 1;
				d->new_para = true;
				/* at the line that opens the paragraph, not at a blank one before it */
				if (i + 1 < n && !space_at(s, i + 1, n) && (b = caption_end_at(d, i + 1))) {
					found(d, d->sent_start, b);
					d->sent_start = b;
					line_start = i + 1; /* a caption holds no line end */
					i = b;
					continue;
				}
			}
			line_start = ++i;
			continue;
		}
		if (c == ',') {
			if (i - d->sent_start <= WORD_MAX + 2 && closing_at(d, i)) {
				found(d, d->sent_start, i + 1);
				d->sent_start = i + 1;
			}
			i++;
			continue;
		}
		if (c == ':') {
			if ((b = url_end_at(d, i))) {
				if (sentence_start_after(s, b, n)) {
					found(d, d->sent_start, b);
					d->sent_start = b;
				}
				i = b;
				continue;
			}
			/* an emoticon standing for the full stop: "Hope you find out soon :) Thanks" */
			if (space_before(s, 0, i) && (k = emoticon_at(s, i, n)) &&
			    sentence_start_after(s, i + k, n)) {
				found(d, d->sent_start, i + k);
				d->sent_start = i + k;
				i += k;
				continue;
			}
			i++;
			continue;
		}
		if (c == '=' || c == '_' || c == '*' || c == '-' || c == '~') {
			if (i + 1 < n && s[i + 1] == c && separator_at(d, i, &a, &b)) {
				found(d, d->sent_start, a);
				found(d, a, b);
				d->sent_start = i = b;
				continue;
			}
			if (c == '-' && i + 1 < n && s[i + 1] == '-' && (b = dash_end_at(d, i))) {
				found(d, d->sent_start, b);
				d->sent_start = i = b;
				continue;
			}
			i++;
			continue;
		}
		if (c == '>') {
			if ((b = angle_end_at(d, i))) {
				found(d, d->sent_start, b);
				d->sent_start = b;
			}
			i++;
			continue;
		}
		if (c == '@') {
			/* the scan goes on after the address: a run of dashes in it is not a separator
			 * line, nor its full stops sentence ends */
			if ((b = email_end_at(d, i))) {
				found(d, d->sent_start, b);
				d->sent_start = i = b;
				continue;
			}
			i++;
			continue;
		}
		if (c == '/') {
			if (stamp_at(d, i, &a, &b)) {
				if (!lower_word_before(d, a)) {
					found(d, d->sent_start, a);
					d->sent_start = a;
				}
				found(d, d->sent_start, b);
				d->sent_start = i = b;
				continue;
			}
			i++;
			continue;
		}
		if (c == 0xE2 && (b = dash_end_at(d, i))) {
			found(d, d->sent_start, b);
			d->sent_start = i = b;
			continue;
		}
		size_t len = terminator_at(s, i, n);
		if (!len) {
			i++;
			continue;
		}
		size_t next, end = sentence_end_at(d, i, len, &next);
		if (end) {
			found(d, d->sent_start, end);
			d->sent_start = end;
			if (end > next) {
				/* a citation may have been on the next line */
				const unsigned char *nl = memchr(s + next, '\n', end - next);
				if (nl)
					line_start = (size_t)(nl - s) + 1;
				next = end;
			}
		}
		i = next;
	}
done:
	found(d, d->sent_start, n);
}
