/* web.c: the boundaries of web and e-mail text: web and e-mail addresses, the header lines of
 * forwarded e-mail and forum posts (addresses in angle brackets, time stamps), emoticons and
 * separator lines. Each is looked at from one byte the loop of rules.c stops at. */
#include <string.h>

#include "segment.h"

/* Length of an emoticon at s[i] (:) :-) :( :P :D ;) and the like), or 0. */
size_t emoticon_at(const unsigned char *s, size_t i, size_t n)
{
	if (i + 1 >= n || (s[i] != ':' && s[i] != ';'))
		return 0;
	size_t k = i + 1;
	if (s[k] == '-' && k + 1 < n)
		k++;
	unsigned char c = s[k];
	if (c != ')' && c != '(' && c != 'P' && c != 'p' && c != 'D')
		return 0;
	k++;
	return k == n || space_at(s, k, n) ? k - i : 0;
}

/* Does a web address begin at s[i]? After a full stop it begins a sentence of its own. */
bool url_at(const unsigned char *s, size_t i, size_t n)
{
	return (n - i > 7 && memcmp(s + i, "http://", 7) == 0) ||
	       (n - i > 8 && memcmp(s + i, "https://", 8) == 0) ||
	       (n - i > 4 && memcmp(s + i, "www.", 4) == 0);
}

/* Parses the digits at s[i] (between min and max of them); returns how many, or 0. */
size_t digits_at(const unsigned char *s, size_t i, size_t n, size_t min, size_t max)
{
	size_t k = 0;
	while (i + k < n && k < max && is_digit(s[i + k]))
		k++;
	return k >= min && !(i + k < n && is_digit(s[i + k])) ? k : 0;
}

/* The time stamp of an e-mail or forum header around the slash at s[i], "08/15/2000 06:23 PM":
 * it stands alone, as a line of its own does. Sets [*a, *b) and returns true when there is one. */
bool stamp_at(const struct doc *d, size_t i, size_t *a, size_t *b)
{
	const unsigned char *s = d->s;
	size_t n = d->n, k, p;
	if (i < 1 || !is_digit(s[i - 1]))
		return false;
	p = i - 1;
	if (p > 0 && is_digit(s[p - 1]))
		p--;
	if (p > 0 && !space_before(s, 0, p))
		return false;
	size_t j = i + 1;
	if (!(k = digits_at(s, j, n, 1, 2)) || j + k >= n || s[j + k] != '/')
		return false;
	j += k + 1;
	if (!(k = digits_at(s, j, n, 2, 4)) || j + k >= n || s[j + k] != ' ')
		return false;
	j += k + 1;
	if (!(k = digits_at(s, j, n, 1, 2)) || j + k >= n || s[j + k] != ':')
		return false;
	j += k + 1;
	if (!digits_at(s, j, n, 2, 2))
		return false;
	j += 2;
	if (j + 2 < n && s[j] == ':' && digits_at(s, j + 1, n, 2, 2))
		j += 3;
	if (j + 2 < n && s[j] == ' ' && (s[j + 1] == 'A' || s[j + 1] == 'P' || s[j + 1] == 'a' ||
					 s[j + 1] == 'p') && (s[j + 2] == 'M' || s[j + 2] == 'm'))
		j += 3;
	if (j < n && !space_at(s, j, n))
		return false;
	*a = p;
	*b = j;
	return true;
}

/* Does a sentence begin at s[i] after white space: a capitalised word or a web address? */
bool sentence_start_after(const unsigned char *s, size_t i, size_t n)
{
	size_t k, q = i;
	while (q < n && (k = space_at(s, q, n)))
		q += k;
	return q > i && q < n && (case_at(s, q, n) == CASE_UPPER || url_at(s, q, n));
}

/* The end of a web address whose "://" is at s[i], or 0. A line of addresses, or an address
 * followed by a capitalised word, is a sentence of its own (a link posted on its own). */
size_t url_end_at(struct doc *d, size_t i)
{
	const unsigned char *s = d->s;
	size_t n = d->n, a = i, e = i;
	if (i + 3 > n || s[i + 1] != '/' || s[i + 2] != '/')
		return 0;
	/* the start of the space-free run: "a://b://c://" scans back once, not at every colon */
	size_t floor = d->url_run_end > d->sent_start ? d->url_run_end : d->sent_start;
	while (a > floor && !space_before(s, d->sent_start, a))
		a--;
	if (a == d->url_run_end && a > d->sent_start)
		a = d->url_run > d->sent_start ? d->url_run : d->sent_start;
	d->url_run = a;
	d->url_run_end = i;
	if (!url_at(s, a, n))
		return 0;
	while (e < n && !space_at(s, e, n))
		e++;
	return e;
}

/* The end of a bare e-mail address whose '@' is at s[i], when a capitalised word follows it, or
 * 0. An address ends the line it stands on in a signature or a header ("Email: anna@example.com
 * Site updated!", "anna.berg@example.com Our web address is"), as a web address does, when it is
 * the value of a field (after a colon) or a usual sentence starter follows. */
size_t email_end_at(const struct doc *d, size_t i)
{
	const unsigned char *s = d->s;
	size_t n = d->n, a = i, e = i + 1;
	while (a > d->sent_start && i - a < 64 && !space_before(s, d->sent_start, a))
		a--;
	if (a == i || (a > d->sent_start && !space_before(s, d->sent_start, a)) || s[a] == '<')
		return 0;
	size_t dot = 0;
	while (e < n && e - i < 128 && !space_at(s, e, n)) {
		if (s[e] == '.')
			dot = e;
		else if (!is_alpha(s[e]) && !is_digit(s[e]) && s[e] != '-' && s[e] != '_')
			return 0;
		e++;
	}
	if (!dot || dot + 1 >= e || dot == i + 1 || s[e - 1] == '.' || !sentence_start_after(s, e, n))
		return 0;
	/* the field of a contact block ("Email: anna@example.com Phone") or a sentence after it; not
	 * an address between a name and an affiliation ("Anna Berg anna@example.org Example University") */
	size_t p = a;
	while (p > d->sent_start && space_before(s, d->sent_start, p))
		p -= space_before(s, d->sent_start, p);
	if (p > d->sent_start && s[p - 1] == ':')
		return e;
	size_t q = e;
	while (q < n && space_at(s, q, n))
		q += space_at(s, q, n);
	bool lower;
	return flags_of_word_at(s, q, n, &lower) & WORD_STARTER ? e : 0;
}

/* The end of an address in angle brackets "<anna@example.com>" or a marker "<< File: x >>"
 * whose last '>' is at s[i], when a new sentence follows it; else 0. These end header lines. */
size_t angle_end_at(const struct doc *d, size_t i)
{
	const unsigned char *s = d->s;
	size_t n = d->n, a = i;
	if (i + 1 < n && s[i + 1] == '>')
		return 0;
	while (a > d->sent_start && i - a < 120 && s[a - 1] != '<' && s[a - 1] != '\n')
		a--;
	if (a == d->sent_start || s[a - 1] != '<')
		return 0;
	if (!(a >= 2 && s[a - 2] == '<' && s[i - 1] == '>') && !memchr(s + a, '@', i - a))
		return 0;
	return sentence_start_after(s, i + 1, n) ? i + 1 : 0;
}

/* A separator line or rule "=====", "_____", "*****NOTICE*****": a white-space delimited token
 * that begins or ends with a run of five or more of = _ * - ~, whose run begins at s[i]. It is a
 * sentence of its own, as the line it stands for. Sets [*a, *b) and returns true when there is one. */
bool separator_at(const struct doc *d, size_t i, size_t *a, size_t *b)
{
	const unsigned char *s = d->s;
	size_t n = d->n, run = i;
	unsigned char c = s[i];
	if (i + 5 > n || s[i + 1] != c || s[i + 2] != c || s[i + 3] != c || s[i + 4] != c)
		return false;
	if (i > 0 && s[i - 1] == c)
		return false;
	while (run < n && s[run] == c)
		run++;
	size_t start = i, end = run;
	while (start > d->sent_start && i - start < 64 && !space_before(s, d->sent_start, start))
		start--;
	while (end < n && end - run < 64 && !space_at(s, end, n))
		end++;
	if ((start > d->sent_start && !space_before(s, d->sent_start, start)) || (end < n && !space_at(s, end, n)))
		return false;
	if (start != i && end != run)
		return false;
	*a = start;
	*b = end;
	return true;
}
