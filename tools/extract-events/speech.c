/* Reported speech that is more than a statement: "X said the plan was deeply flawed" is a
 * criticism (111) of whoever the sentence names after the cue, by the cues of speech.tsv. */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "entity.h"
#include "events.h"

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Where cue w (lower case) first occurs in the lower-cased sentence low[0..n) on word
 * boundaries, or n. */
static size_t cue_at(const char *low, size_t n, const char *w)
{
	size_t wn = strlen(w);
	for (const char *p = low; wn && (p = memmem(p, n - (size_t)(p - low), w, wn)); p++) {
		size_t i = (size_t)(p - low);
		if ((!i || !is_letter(low[i - 1])) && (i + wn == n || !is_letter(low[i + wn])))
			return i;
	}
	return n;
}

static bool is_speaker(const struct sentence *s, const struct found_event *e, size_t mi)
{
	if (s->m[mi].start < e->end && s->m[mi].end > e->start && e->a1.id.len && s->m[mi].id_len >= e->a1.id.len &&
	    !memcmp(s->m[mi].id, sp(s, e->a1.id), e->a1.id.len))
		return true;
	return e->a1.id.len && s->m[mi].id_len == e->a1.id.len && !memcmp(s->m[mi].id, sp(s, e->a1.id), e->a1.id.len);
}

void speech_act(struct sentence *s, struct found_event *e)
{
	const struct lexicon *x = s->lex;
	size_t at = s->len;
	const char *code = NULL;
	/* the sentence lower-cased once, at the end of the scratch buffer, dropped after */
	size_t mark = s->scratch.len;
	if (buf_reserve(&s->scratch, s->len) < 0)
		return;
	char *low = s->scratch.p + mark;
	for (size_t i = 0; i < s->len; i++)
		low[i] = (char)tolower((unsigned char)s->text[i]);
	for (size_t i = 0; i < x->ncues && !code; i++)
		if ((at = cue_at(low, s->len, x->cues[i].name)) < s->len)
			code = x->cues[i].code;
	if (!code)
		return;
	int k = cameo_find(x, code);
	if (k < 0)
		return;
	e->cameo = k;
	e->kind = PK_EVENT;
	if (e->has_a2)
		return;
	/* the target: the first name said of after the speaker, else before him ("S, X said") */
	size_t best = s->nm;
	for (size_t mi = 0; mi < s->nm; mi++) {
		int t = s->m[mi].type;
		if ((t != MT_PER && t != MT_ORG && t != MT_LOC && t != MT_NORP) || is_speaker(s, e, mi) ||
		    is_outlet(x, mention_canon(s, mi)) || (s->m[mi].start >= e->start && s->m[mi].end <= e->end))
			continue;
		if (s->m[mi].start >= e->end) {
			best = mi;
			break;
		}
		if (best == s->nm)
			best = mi;
	}
	if (best < s->nm) {
		mention_actor(s, &e->a2, best);
		e->has_a2 = true;
	}
}
