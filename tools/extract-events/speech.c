/* Reported speech that is more than a statement: "X said the plan was deeply flawed" is a
 * criticism (111) of whoever the sentence names after the cue, by the cues of speech.tsv. */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "entity.h"
#include "events.h"

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The first cue of the file (the lowest index) that occurs in the lower-cased sentence
 * low[0..n) on word boundaries: its index, with its offset in *at; or x->ncues. */
static size_t first_cue(const struct lexicon *x, const char *low, size_t n, size_t *at)
{
	size_t best = x->ncues;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)low[i];
		if (c < 'a' || c > 'z' || (i && is_letter(low[i - 1])))
			continue;
		for (size_t k = x->cue_letter[c - 'a']; k < x->cue_letter[c - 'a' + 1]; k++) {
			size_t q = x->cue_order[k], wn = x->cue_len[q];
			if (q < best && i + wn <= n && (wn < 2 || low[i + 1] == x->cues[q].name[1]) &&
			    !memcmp(low + i, x->cues[q].name, wn) &&
			    (i + wn == n || !is_letter(low[i + wn]))) {
				best = q;
				*at = i;
			}
		}
	}
	return best;
}

static bool is_speaker(const struct sentence *s, const struct found_event *e, size_t mi)
{
	if (s->m[mi].start < e->end && s->m[mi].end > e->start && e->a1.id.len && s->m[mi].id_len >= e->a1.id.len &&
	    !memcmp(s->m[mi].id, sp(s, e->a1.id), e->a1.id.len))
		return true;
	return e->a1.id.len && s->m[mi].id_len == e->a1.id.len && !memcmp(s->m[mi].id, sp(s, e->a1.id), e->a1.id.len);
}

/* "told a news conference in Damascus": where it was said, not whom it was said of */
static bool place_of_saying(const struct sentence *s, size_t mi)
{
	size_t at = s->m[mi].start;
	if (s->m[mi].type != MT_LOC || at < 3 || s->text[at - 1] != ' ')
		return false;
	const char *w = s->text + at - 3;
	return (at == 3 || !isalpha((unsigned char)w[-1])) && (!strncasecmp(w, "in", 2) || !strncasecmp(w, "at", 2));
}

/* Whether mention mi may be the target of statement e. */
static bool may_be_target(const struct sentence *s, const struct found_event *e, size_t mi)
{
	int t = s->m[mi].type;
	return (t == MT_PER || t == MT_ORG || t == MT_LOC || t == MT_NORP) && !is_speaker(s, e, mi) &&
	       !is_outlet(s->lex, mention_canon(s, mi)) && !(s->m[mi].start >= e->start && s->m[mi].end <= e->end) &&
	       !place_of_saying(s, mi);
}

/* The sentence's first cue (its index, or lex->ncues) and where it is: the same for every
 * statement of the sentence, so found once. */
static size_t sentence_cue(struct sentence *s, size_t *at)
{
	if (!s->cue_known) {
		const struct lexicon *x = s->lex;
		s->cue = x->ncues;
		s->cue_at = s->len;
		/* the sentence lower-cased at the end of the scratch buffer, dropped after */
		size_t mark = s->scratch.len;
		if (buf_reserve(&s->scratch, s->len) < 0)
			return x->ncues;
		char *low = s->scratch.p + mark;
		for (size_t i = 0; i < s->len; i++) { /* tolower() of the C locale: ASCII */
			char c = s->text[i];
			low[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
		}
		s->cue = first_cue(x, low, s->len, &s->cue_at);
		s->cue_known = true;
	}
	*at = s->cue_at;
	return s->cue;
}

void speech_act(struct sentence *s, struct found_event *e)
{
	const struct lexicon *x = s->lex;
	if (e->has_a2 && is_outlet(x, sp(s, e->a2.name)))
		e->has_a2 = false; /* "told Reuters": the medium, not whom it was said to or of */
	size_t at;
	size_t q = sentence_cue(s, &at);
	int k = q < x->ncues ? cameo_find(x, x->cues[q].code) : -1;
	if (k < 0)
		return;
	int said = e->cameo;
	e->cameo = k;
	e->kind = PK_EVENT;
	if (e->has_a2)
		return;
	/* the target: the first name said of after the speaker, else the first before him ("S, X
	 * said"); the mentions are in offset order */
	size_t first = 0, after = 0, hi = s->nm;
	while (first < s->nm && !may_be_target(s, e, first))
		first++;
	while (after < hi) {
		size_t mid = after + (hi - after) / 2;
		if (s->m[mid].start < e->end)
			after = mid + 1;
		else
			hi = mid;
	}
	while (after < s->nm && !may_be_target(s, e, after))
		after++;
	size_t best = after < s->nm ? after : first;
	if (best < s->nm) {
		mention_actor(s, &e->a2, best);
		e->has_a2 = true;
	} else if (!strcmp(x->cues[q].name, "should") || !strcmp(x->cues[q].name, "must")) {
		/* "should" and "must" are an appeal or a demand to someone: "places should be there,
		 * he said" is a statement */
		e->cameo = said;
		e->kind = PK_SAY;
	}
}
