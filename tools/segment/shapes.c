/* shapes.c: the shapes sentences take in news as users paste it: list items one a line
 * ("1. ", "2) ", "a) ", "(c) "), a full stop with no space after it ("world.Today"), names
 * with an exclamation mark (Yahoo!), the pronoun "I" before a full stop, and elisions in
 * brackets ("[...]"). rules.c asks these at the bytes its loop stops at. */
#include <string.h>

#include "segment.h"

size_t sentence_lead(struct doc *d)
{
	if (d->lead_for != d->sent_start + 1) {
		const unsigned char *s = d->s;
		size_t k = d->sent_start, n = d->n, m;
		while (k < n && ((m = space_at(s, k, n)) || (m = opener_at(s, k, n)) ||
				 (m = bullet_at(s, k, n, true))))
			k += m;
		d->lead_for = d->sent_start + 1;
		d->lead_end = k;
	}
	return d->lead_end;
}

size_t list_marker_at(const unsigned char *s, size_t i, size_t n)
{
	size_t k = i;
	bool paren = k < n && s[k] == '(';
	k += paren;
	size_t digits = digits_at(s, k, n, 1, 3);
	bool letter = false;
	if (digits)
		k += digits;
	else if (k < n && is_alpha(s[k]))
		k++, letter = true;
	else
		return 0;
	if (k + 1 >= n || (s[k] != ')' && (s[k] != '.' || paren)))
		return 0;
	/* "A. Smith" at the start of a wrapped line is an initial; "A) " and "a. " are markers */
	if (letter && s[k] == '.' && !(s[k - 1] >= 'a' && s[k - 1] <= 'z'))
		return 0;
	k++;
	return s[k] == ' ' || s[k] == '\t' ? k - i : 0;
}

/* Is the word that ends at s[a] (before white space) written in lower case ("on", "at")? */
bool lower_word_before(const struct doc *d, size_t a)
{
	const unsigned char *s = d->s;
	size_t k;
	while (a > d->sent_start && (k = space_before(s, d->sent_start, a)))
		a -= k;
	if (a == d->sent_start || !(s[a - 1] >= 'a' && s[a - 1] <= 'z'))
		return false;
	while (a > d->sent_start && s[a - 1] >= 'a' && s[a - 1] <= 'z')
		a--;
	return a == d->sent_start || space_before(s, d->sent_start, a);
}

/* Is the space-free token around the full stop at s[i], from the white space before it (back to
 * a), a web or e-mail address, a file or domain name or a path (example.com.Today, a/b.Txt)?
 * Only a word of letters or digits may end a sentence without a space after its stop. */
static bool token_is_address(const unsigned char *s, size_t a, size_t i)
{
	size_t k = i;
	while (k > a && i - k < 64 && !space_before(s, a, k)) {
		unsigned char c = s[k - 1];
		if (c == '.' || c == '/' || c == '@' || c == ':' || c == '\\' || c == '_' || c == '=')
			return true;
		k--;
	}
	return k > a && !space_before(s, a, k); /* too long a token to be a word */
}

bool stop_without_space(const struct doc *d, size_t i, size_t e)
{
	const unsigned char *s = d->s;
	size_t n = d->n;
	/* a capitalised word follows: "Today", not "PDF" (a file's extension) nor "S" (U.S) */
	if (e + 1 >= n || !(s[e] >= 'A' && s[e] <= 'Z') || !(s[e + 1] >= 'a' && s[e + 1] <= 'z'))
		return false;
	size_t w = e + 1;
	while (w < n && w - e < 64 && is_alpha(s[w]))
		w++;
	char low[WORD_MAX];
	size_t len = w - e < WORD_MAX ? lower_word(s, e, w, low) : 0;
	/* "www.Example.Com", "Math.Max(": a name with more parts, or code; not "left.Mr.Smith" */
	if (w < n && ((s[w] == '.' && w + 1 < n && (is_alpha(s[w + 1]) || is_digit(s[w + 1])) &&
		       !(len && (word_flags(low, len) & WORD_NONFINAL))) ||
		      s[w] == '(' || s[w] == '/' || s[w] == '@' || s[w] == '_'))
		return false;
	/* "Posted via Newsfeed.Com": a domain name */
	static const char *const domains[] = {"com", "net", "org", "edu", "gov", "info", "biz"};
	for (size_t k = 0; k < sizeof domains / sizeof *domains; k++)
		if (len == strlen(domains[k]) && memcmp(low, domains[k], len) == 0)
			return false;
	/* on the left a word of two letters or more ending in a lower-case letter or a digit */
	if (i < d->sent_start + 2 || !((s[i - 1] >= 'a' && s[i - 1] <= 'z') || is_digit(s[i - 1])) ||
	    !(is_alpha(s[i - 2]) || is_digit(s[i - 2])))
		return false;
	return !token_is_address(s, d->sent_start, i);
}

int bang_name_before(struct doc *d, size_t i)
{
	const unsigned char *s = d->s;
	size_t a = i;
	while (a > d->sent_start && i - a < WORD_MAX && is_alpha(s[a - 1]))
		a--;
	if (a == i || (a > d->sent_start && (is_alpha(s[a - 1]) || is_digit(s[a - 1]))))
		return 0;
	char low[WORD_MAX];
	size_t len = lower_word(s, a, i, low);
	if (len && (word_flags(low, len) & WORD_BANG))
		return 2;
	/* a capitalised word that is not capitalised for opening the sentence */
	return s[a] >= 'A' && s[a] <= 'Z' && sentence_lead(d) < a && s[a - 1] == ' ';
}

bool pronoun_i_at(const struct doc *d, size_t i, size_t next)
{
	const unsigned char *s = d->s;
	size_t n = d->n;
	if (i < d->sent_start + 2 || s[i - 1] != 'I' || !space_before(s, d->sent_start, i - 1))
		return false;
	/* "by I. M. Pei": initials follow */
	if (next + 1 < n && s[next + 1] == '.' && is_alpha(s[next]))
		return false;
	return lower_word_before(d, i - 1);
}

bool bracketed_ellipsis(const unsigned char *s, size_t i, size_t end, size_t n)
{
	if (i == 0 || end >= n)
		return false;
	return (s[i - 1] == '[' && s[end] == ']') || (s[i - 1] == '(' && s[end] == ')');
}
