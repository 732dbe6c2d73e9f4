/* One sentence: its mentions replaced by slots, the patterns run over it, each match made an
 * event with its actors (canonical names, ids, CAMEO actor codes) and its attributes. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "date.h"
#include "entity.h"
#include "events.h"
#include "rx.h"

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	return array_grow(v, cap, n, size, 32);
}

static bool is_name(int type)
{
	return type == MT_PER || type == MT_ORG || type == MT_LOC || type == MT_NORP;
}

static char slot_letter(int type)
{
	return type == MT_PER ? 'P' : type == MT_ORG ? 'O' : type == MT_LOC ? 'L' : 'N';
}

/* Appends text[from..to) to the rewritten sentence, a \x1f in it a blank (slots use them). */
static int copy_text(struct sentence *s, size_t from, size_t to)
{
	size_t at = s->rw.len;
	if (buf_append(&s->rw, s->text + from, to - from) < 0)
		return -1;
	for (char *p = s->rw.p + at, *end = s->rw.p + s->rw.len; (p = memchr(p, '\x1f', (size_t)(end - p)));)
		*p++ = ' ';
	return 0;
}

static int rewrite(struct sentence *s)
{
	buf_clear(&s->rw);
	s->nslots = 0;
	s->first_person = s->first_he = s->first_she = SIZE_MAX;
	size_t at = 0;
	for (size_t i = 0; i < s->nm; i++) {
		const struct entity_mention *m = &s->m[i];
		if (!is_name(m->type) || m->start < at || m->end <= m->start)
			continue;
		if (grow((void **)&s->slots, &s->capslots, s->nslots + 1, sizeof *s->slots) < 0)
			return -1;
		if (copy_text(s, at, m->start) < 0)
			return -1;
		char tok[SLOT_TOKEN_MAX];
		size_t n;
		const char *p = slot_token(tok, slot_letter(m->type), i, &n);
		struct slot *sl = &s->slots[s->nslots++];
		sl->rw_start = s->rw.len;
		if (buf_append(&s->rw, p, n) < 0)
			return -1;
		sl->rw_end = s->rw.len;
		if (m->type == MT_PER && s->first_person == SIZE_MAX)
			s->first_person = sl->rw_start;
		if (m->type == MT_PER && s->first_he == SIZE_MAX && !titled_other_sex(s->text, m->start, false))
			s->first_he = sl->rw_start;
		if (m->type == MT_PER && s->first_she == SIZE_MAX && !titled_other_sex(s->text, m->start, true))
			s->first_she = sl->rw_start;
		sl->start = m->start;
		sl->end = m->end;
		sl->mention = i;
		at = m->end;
	}
	return copy_text(s, at, s->len);
}

int sentence_parse(struct sentence *s, const char *text, size_t len, const char *entities,
		   size_t elen, const char *published)
{
	s->text = text;
	s->len = len;
	s->cond_known = false;
	s->cue_known = false;
	s->published = published;
	s->nm = 0;
	s->nev = 0;
	buf_clear(&s->mtext);
	struct entity_reader r;
	entity_reader_init(&r, entities, elen);
	struct entity_mention m;
	int rc;
	while ((rc = entity_next(&r, &m)) == 1) {
		if (m.end > len || m.start > m.end) {
			snprintf(s->err, sizeof s->err, "byte %zu: mention at %zu-%zu outside the text (%zu bytes)",
				 r.pos, m.start, m.end, len);
			return -1;
		}
		size_t cap = s->capm;
		if (grow((void **)&s->m, &s->capm, s->nm + 1, sizeof *s->m) < 0 ||
		    grow((void **)&s->m_canon, &cap, s->capm, sizeof *s->m_canon) < 0 ||
		    buf_reserve(&s->mtext, m.canonical_len + 2) < 0) {
			snprintf(s->err, sizeof s->err, "out of memory");
			return -1;
		}
		s->m[s->nm] = m;
		s->m_canon[s->nm] = s->mtext.len;
		size_t n = m.escaped ? entity_unescape(m.canonical, m.canonical_len, s->mtext.p + s->mtext.len)
				     : (memcpy(s->mtext.p + s->mtext.len, m.canonical, m.canonical_len), m.canonical_len);
		s->mtext.len += n;
		s->mtext.p[s->mtext.len++] = '\0';
		s->nm++;
	}
	if (rc < 0) {
		snprintf(s->err, sizeof s->err, "byte %zu: %s", r.err_pos, r.err);
		return -1;
	}
	return refer_mentions(s);
}

static bool overlap(const struct found_event *a, const struct found_event *b)
{
	return a->start < b->end && b->start < a->end;
}

/* Whether two events share no more than one name, one's last the other's first: two events
 * of a chain ("would block a move in the Security Council to impose sanctions"), not two
 * readings of the same words. */
static bool chained(const struct sentence *s, const struct found_event *a, const struct found_event *b)
{
	size_t from = a->start > b->start ? a->start : b->start, to = a->end < b->end ? a->end : b->end;
	if (from >= to || (a->start == b->start) || (a->end == b->end))
		return false;
	static const char *const dets[] = {"the", "a", "an", NULL}; /* "the U.N. Security Council" */
	for (const char *const *d = dets; *d; d++) {
		size_t n = strlen(*d);
		if (to - from > n + 1 && !strncasecmp(s->text + from, *d, n) && isspace((unsigned char)s->text[from + n])) {
			from += n + 1;
			break;
		}
	}
	/* the mention that starts last at or before from (they are in offset order): a binary
	 * search, as settle() asks for every overlapping pair */
	size_t lo = 0, hi = s->nm;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->m[mid].start <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && to <= s->m[lo - 1].end;
}

static bool same_actor(const struct sentence *s, const struct actor *a, const struct actor *b)
{
	return a->id.len == b->id.len && !memcmp(sp(s, a->id), sp(s, b->id), a->id.len) &&
	       (a->id.len || (a->name.len == b->name.len && !memcmp(sp(s, a->name), sp(s, b->name), a->name.len)));
}

/* Statements and comments, claims and denials of responsibility, sympathy, appeals, demands,
 * disapproval, rejections and threats: acts of words (not 014, considering a policy, 017 or
 * 019). */
static bool verbal_code(const char *code)
{
	static const char *const prefixes[] = {"010", "011", "012", "013", "015", "016", "018",
					       "02", "10", "11", "12", "13", NULL};
	for (const char *const *p = prefixes; *p; p++)
		if (!strncmp(code, *p, strlen(*p)))
			return true;
	return false;
}

/* "Scholz arrived in Kyiv and met Zelensky": the event of a verb phrase after "and" takes the
 * actor1 of the nearest event that ends before it; with none, it is no event. */
static void share_subjects(struct sentence *s)
{
	for (size_t i = 0; i < s->nev; i++) {
		struct found_event *e = &s->ev[i];
		if (!e->shared_subject || e->has_a1)
			continue;
		const struct found_event *before = NULL;
		for (size_t j = 0; j < s->nev; j++) {
			const struct found_event *o = &s->ev[j];
			if (o->has_a1 && (o->kind == PK_EVENT || o->kind == PK_SAY) && o->end <= e->start &&
			    (!before || o->end > before->end))
				before = o;
		}
		/* "X said S and V": V is X's when it is a speech act too ("and warned", "and urged"),
		 * else it is most often the act of S's subject, which no event gave */
		bool verbal = e->kind == PK_SAY || (e->cameo >= 0 && verbal_code(s->lex->cameo[e->cameo].code));
		/* and a name in S may be its subject ("Lind said Dorvia had closed the border and
		 * threatened Valmora"): the speaker's only when S names no one */
		if (before && before->kind == PK_SAY)
			for (size_t k = 0; verbal && k < s->nm && s->m[k].start < e->start; k++)
				if (s->m[k].start >= before->end && s->m[k].type < MT_NAMES)
					verbal = false;
		/* "discussed ways ... and also continued to discuss ways": the same act told again */
		bool again = before && before->kind == PK_EVENT && before->cameo >= 0 && e->cameo >= 0 &&
			     !strcmp(s->lex->cameo[before->cameo].root, s->lex->cameo[e->cameo].root) &&
			     (!e->has_a2 || (before->has_a2 && same_actor(s, &before->a2, &e->a2)));
		if (before && e->a2_pronoun && e->has_a2 && same_actor(s, &before->a1, &e->a2))
			other_person(s, e->a2_at, &before->a1, &e->a2);
		if (!before || again || (before->kind == PK_SAY && !verbal) ||
		    (e->has_a2 && before->a1.id.len && same_actor(s, &before->a1, &e->a2))) {
			e->drop = true;
			continue;
		}
		e->a1 = before->a1;
		e->has_a1 = true;
		e->said_too = before->kind == PK_SAY;
		/* "France and Germany criticised Russia and accused Belarus": an accusation each */
		for (size_t j = 0; j < s->nev && s->nev < MAX_FOUND; j++) {
			const struct found_event *o = &s->ev[j];
			if (o == before || o->match != before->match || !o->has_a1 || same_actor(s, &o->a1, &e->a1) ||
			    (e->has_a2 && same_actor(s, &o->a1, &e->a2)))
				continue;
			struct found_event *copy = &s->ev[s->nev++];
			*copy = *e;
			copy->a1 = o->a1;
		}
	}
}

/* Overlapping events: the more specific wins; statements and attributions become attributes. */
static void settle(struct sentence *s)
{
	share_subjects(s);
	struct span attr = {0, 0};
	size_t nreal = 0;
	for (size_t i = 0; i < s->nev; i++) {
		struct found_event *e = &s->ev[i];
		if (e->kind == PK_ATTR || e->kind == PK_SAY) {
			/* of two speakers of one "said", the better match ("X, the minister, said") */
			for (size_t j = 0; e->kind == PK_SAY && j < s->nev; j++)
				if (j != i && s->ev[j].kind == PK_SAY && !s->ev[j].drop && overlap(e, &s->ev[j]) &&
				    (s->ev[j].score > e->score || (s->ev[j].score == e->score && j < i)))
					e->drop = true;
			if (!attr.len && e->has_a1 && !e->drop)
				attr = e->a1.name;
			if (e->kind == PK_ATTR)
				e->drop = true;
			continue;
		}
		if (e->kind == PK_MODIFY)
			continue;
		for (size_t j = 0; j < s->nev; j++) {
			const struct found_event *o = &s->ev[j];
			if (j == i || o->drop || o->kind != PK_EVENT || !overlap(e, o) || chained(s, e, o))
				continue;
			if (o->match == e->match)
				continue; /* the actors of one coordination are events of their own */
			if ((o->shared_subject && e->start < o->start) || (e->shared_subject && o->start < e->start))
				continue; /* "rejected the offer and urged": two clauses, each its event */
			/* of two as good, the one with a target ("accused Britain of" is A2, not NP) */
			if (o->score > e->score ||
			    (o->score == e->score && (o->has_a2 > e->has_a2 || (o->has_a2 == e->has_a2 && j < i)))) {
				e->drop = true;
				break;
			}
		}
		/* the speaker's own next act is no event of what was said: the statement stays */
		if (!e->drop && !e->said_too)
			nreal++;
	}
	/* "Following a call with Putin, Macron held...": a call or meeting with no actor1 takes
	 * the actor1 of the sentence's events, when they have one */
	const struct found_event *subject = NULL;
	for (size_t i = 0; i < s->nev; i++) {
		const struct found_event *e = &s->ev[i];
		if (e->drop || e->kind != PK_EVENT || !e->has_a1)
			continue;
		if (subject && (subject->a1.id.len != e->a1.id.len ||
				memcmp(sp(s, subject->a1.id), sp(s, e->a1.id), e->a1.id.len))) {
			subject = NULL;
			break;
		}
		subject = e;
	}
	for (size_t i = 0; i < s->nev; i++) {
		struct found_event *e = &s->ev[i];
		if (e->kind == PK_SAY && nreal)
			e->drop = true; /* "X said that S": the events of S, attributed to X */
		else if (e->has_a1 && e->a1.populace && (e->kind == PK_SAY || e->kind == PK_EVENT))
			e->drop = true; /* "British voters would reject": what people do, no state's act */
		else if (e->kind == PK_SAY && e->has_a1 && (e->a1.anonymous || is_outlet(s->lex, sp(s, e->a1.name))))
			e->drop = true; /* "IRNA said", "US officials say": a source, not an actor */
		else if (e->kind == PK_SAY && !e->drop)
			speech_act(s, e);
		if (subject && !e->drop && e->kind == PK_EVENT && !e->has_a1 && e->has_a2 && e->cameo >= 0 &&
		    (!strncmp(s->lex->cameo[e->cameo].code, "04", 2) || !strcmp(s->lex->cameo[e->cameo].code, "036")) &&
		    (e->a2.id.len != subject->a1.id.len ||
		     memcmp(sp(s, e->a2.id), sp(s, subject->a1.id), e->a2.id.len))) {
			e->a1 = subject->a1;
			e->has_a1 = true;
		}
	}
	s->at.attributed_to = attr;
	/* "The US and Britain said they would block it": Britain's veto is said by Britain */
	for (size_t i = 0; i < s->nev && attr.len; i++) {
		struct found_event *e = &s->ev[i];
		if (e->kind != PK_EVENT || !e->has_a1 || !e->a1.id.len)
			continue;
		for (size_t j = 0; j < s->nev; j++) {
			const struct found_event *say = &s->ev[j];
			if (say->kind == PK_SAY && say->has_a1 && say->a1.id.len == e->a1.id.len &&
			    !memcmp(sp(s, say->a1.id), sp(s, e->a1.id), e->a1.id.len)) {
				e->speaker = say->a1.name;
				break;
			}
		}
	}
}

int sentence_events(struct sentence *s)
{
	buf_clear(&s->scratch);
	if (buf_putc(&s->scratch, '\0') < 0) /* offset 0: the empty string */
		goto oom;
	s->nev = 0;
	if (pair_mentions(s) < 0 || rewrite(s) < 0)
		goto oom;
	memset(&s->at, 0, sizeof s->at);
	dateline_zone(s); /* of every row: it counts the document's first ones */
	if (!s->nslots) {
		sentence_attrs(s, false);
		return 0;
	}
	s->starts_known = false;
	if (run_lexicon(s) < 0)
		goto oom;
	struct rx_set *b = s->lex->set[1];
	rx_words_clear(b);
	rx_words_of_text(b, s->rw.p, s->rw.len);
	if (!s->starts_known && rx_marked_woken(b, s->rw.p, s->rw.len) && actor_starts(s) < 0)
		goto oom;
	rx_starts(b, s->starts_known ? s->act_ok : NULL, s->rw.len);
	struct match_ctx mc = {.s = s, .set = 1};
	if (rx_scan(b, s->rw.p, s->rw.len, sentence_match, &mc, s->err, sizeof s->err) < 0)
		return -1;
	sentence_attrs(s, s->nev > 0);
	settle(s);
	event_attrs(s);
	unconfirmed(s);
	return refer_note_events(s);
oom:
	snprintf(s->err, sizeof s->err, "out of memory");
	return -1;
}

void sentence_free(struct sentence *s)
{
	free(s->m);
	free(s->m_canon);
	free(s->slots);
	free(s->cand);
	free(s->seen);
	free(s->starts);
	free(s->lead);
	free(s->cond);
	free(s->lead_ends);
	free(s->end_mark);
	free(s->rest_miss);
	free(s->act_ok);
	free(s->words);
	free(s->win_head);
	free(s->win_tail);
	free(s->gwin);
	free(s->lm);
	free(s->lm_by_cand);
	free(s->lstate);
	buf_free(&s->mtext);
	buf_free(&s->rw);
	buf_free(&s->scratch);
	buf_free(&s->person);
	buf_free(&s->person_next);
	for (int t = 0; t < REFER_TITLES; t++)
		buf_free(&s->titled[t]);
	memset(s, 0, sizeof *s);
}
