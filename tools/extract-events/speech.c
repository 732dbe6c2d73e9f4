/* Reported speech that is more than a statement: "X said the plan was deeply flawed" is a
 * criticism (111) of whoever the sentence names after the cue, by the cues of speech.tsv. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "entity.h"
#include "events.h"

/* Where cue w first occurs in t[0..n) on word boundaries, or n. */
static size_t cue_at(const char *t, size_t n, const char *w)
{
	size_t wn = strlen(w);
	for (size_t i = 0; i + wn <= n; i++) {
		if ((t[i] | 0x20) != (w[0] | 0x20) || strncasecmp(t + i, w, wn))
			continue;
		bool left = !i || !((t[i - 1] >= 'a' && t[i - 1] <= 'z') || (t[i - 1] >= 'A' && t[i - 1] <= 'Z'));
		char r = i + wn < n ? t[i + wn] : ' ';
		bool right = !((r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'));
		if (left && right)
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
	for (size_t i = 0; i < x->ncues && !code; i++)
		if ((at = cue_at(s->text, s->len, x->cues[i].name)) < s->len)
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
