/* Where the actor blocks of the patterns of set 0 begin and end in a sentence: the starts a
 * pattern that begins with an actor is tried from, and, per start, the places the block may
 * end, found once per sentence for every pattern that begins with it (frames.c leaves the
 * block out of those patterns). */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "events.h"
#include "rx.h"

/* Whether rw[i] begins he, she, it or they, a block of its own with no slot after it ("said
 * they opposed the sale"), or "and", which begins a verb phrase of the subject before it
 * ("arrived in Kyiv and met Zelensky": frames.c's blocks). */
static bool pronoun_start(const char *t, size_t len, size_t i)
{
	static const char *const words[] = {"he", "she", "it", "they", "and", NULL};
	if (i && (isalnum((unsigned char)t[i - 1]) || t[i - 1] == '\x1f'))
		return false;
	for (const char *const *w = words; *w; w++) {
		size_t n = strlen(*w);
		if (i + n <= len && !strncasecmp(t + i, *w, n) && (i + n == len || !isalnum((unsigned char)t[i + n])))
			return true;
	}
	return false;
}

/* Where an actor group may start: a slot, a word at most 48 bytes before one, a pronoun. */
static int lead_reset(struct sentence *s);
static int add_start(struct sentence *s, size_t i)
{
	if (array_grow((void **)&s->starts, &s->capstarts, s->nstarts + 1, sizeof *s->starts, 32) < 0)
		return -1;
	s->starts[s->nstarts++] = i;
	return 0;
}

int actor_starts(struct sentence *s)
{
	const char *t = s->rw.p;
	s->nstarts = 0;
	s->starts_known = true;
	size_t k = 0;
	if (actor_may_start(s) < 0)
		return -1;
	for (size_t i = 0; i < s->rw.len; i++) {
		if (k >= s->nslots || s->slots[k].rw_start > i + 48) {
			/* none this far before the next slot but pronouns: to the next h, s, i or t that
			 * begins a word */
			size_t next = k < s->nslots ? s->slots[k].rw_start - 48 : s->rw.len;
			/* act_ok marks few bytes this far from a slot, pronouns among them */
			for (const unsigned char *ok; i < next && (ok = memchr(s->act_ok + i, 1, next - i)); i++) {
				i = (size_t)(ok - s->act_ok);
				if (pronoun_start(t, s->rw.len, i) && add_start(s, i) < 0)
					return -1;
			}
			i = i < next ? next : i;
			if (i >= s->rw.len)
				break;
		}
		bool start = t[i] == '\x1f' ? (k < s->nslots && s->slots[k].rw_start == i)
					   : (i == 0 || t[i - 1] == ' ' || t[i - 1] == '"') && t[i] != ' ';
		if (k < s->nslots && i == s->slots[k].rw_end)
			k++;
		if (!start || k >= s->nslots || s->slots[k].rw_start > i + 48)
			continue;
		if (add_start(s, i) < 0)
			return -1;
	}
	return lead_reset(s);
}

/* ---- the actor blocks the patterns of set 0 begin with, matched once per start */

/* windows.c asks for the ends of a block of starts at a time, then forgets them: a block is
 * at most LEAD_BLOCK starts, whose ends (at most MAX_LEAD_ENDS per start and block kind)
 * stay within LEAD_BUDGET, so that none is forgotten and found again while it is tried */

/* At most this many places where one block from one start may end (a list of 256 names), and
 * this many kept for a sentence before they are forgotten and found again: the memory of a
 * hostile sentence stays bounded. */
#define MAX_LEAD_ENDS 256
#define LEAD_BUDGET (1u << 16)
/* the most slots of the per-start cache (a power of two: more starts than this share them;
 * 2.6 MB) and the slots of the places one search ended at (four times MAX_LEAD_ENDS: sparse) */
#define LEAD_SLOTS 65536
#define MARK_SLOTS (4 * MAX_LEAD_ENDS)
_Static_assert(2 * LEAD_BLOCK * MAX_LEAD_ENDS <= LEAD_BUDGET, "a block's ends fit the budget");
_Static_assert(LEAD_BLOCK <= 128, "lead_reset() gives a sentence of more starts 128 slots or more");

struct ends_ctx {
	struct sentence *s;
	size_t n;
};

static int note_end(void *ctx, size_t at)
{
	struct ends_ctx *ec = ctx;
	struct sentence *s = ec->s;
	if (at > s->rw.len)
		return 0;
	size_t slot = (size_t)((at * 0x9E3779B97F4A7C15ULL) >> 32) & (MARK_SLOTS - 1);
	for (; s->end_mark[slot].serial == s->mark_serial; slot = (slot + 1) & (MARK_SLOTS - 1))
		if (s->end_mark[slot].at == at)
			return 0; /* a way to a place already seen: the rest would fail there again */
	s->end_mark[slot].at = at;
	s->end_mark[slot].serial = s->mark_serial;
	if (array_grow((void **)&s->lead_ends, &s->caplead_ends, s->nlead_ends + 1, sizeof *s->lead_ends, 32) < 0)
		return 1;
	s->lead_ends[s->nlead_ends++] = at;
	return ++ec->n == MAX_LEAD_ENDS;
}

/* Where block k (LEAD_COORD, LEAD_ACT - 1) from start i may end, each place once, in the order
 * pcre2 would try the rest of a pattern beginning with it: *n of them at the returned index of
 * s->lead_ends. A pattern "\G(?<a1>(?&coord))REST" matches from the start where REST first
 * matches from one of them, so every pattern that begins with the block shares one search. */
size_t lead_ends(struct sentence *s, int k, size_t i, size_t *n)
{
	struct lead_cache *c = &s->lead[i & (s->lead_slots - 1)];
	if (c->gen[k] != s->lead_gen || c->start[k] != i) {
		if (s->nlead_ends > LEAD_BUDGET) {
			s->nlead_ends = 0; /* forget them all: a new generation */
			if (++s->lead_gen == 0) {
				memset(s->lead, 0, s->lead_slots * sizeof *s->lead);
				s->lead_gen = 1;
			}
		}
		if (++s->mark_serial == 0) {
			memset(s->end_mark, 0, MARK_SLOTS * sizeof *s->end_mark);
			s->mark_serial = 1;
		}
		c->gen[k] = s->lead_gen;
		c->start[k] = i;
		c->off[k] = (uint32_t)s->nlead_ends;
		struct ends_ctx ec = {s, 0};
		/* a limit, or too many places: the ones found, which pcre2 would have tried first */
		rx_each_callout(s->lex->set[0], s->lex->lead_pattern[k], s->rw.p, s->rw.len, s->starts[i], note_end, &ec);
		c->n[k] = (uint32_t)ec.n;
	}
	*n = c->n[k];
	return c->off[k];
}

/* The per-start caches of the sentence's starts: none found yet. Returns 0 or -1. */
static int lead_reset(struct sentence *s)
{
	size_t want = 64;
	while (want < s->nstarts && want < LEAD_SLOTS)
		want *= 2;
	if (want > s->lead_slots) { /* a slot per start, up to LEAD_SLOTS */
		struct lead_cache *v = calloc(want, sizeof *v);
		if (!v)
			return -1;
		free(s->lead);
		s->lead = v;
		s->lead_slots = want;
	}
	if (!s->end_mark && !(s->end_mark = calloc(MARK_SLOTS, sizeof *s->end_mark)))
		return -1;
	lead_forget(s);
	return 0;
}

void lead_forget(struct sentence *s)
{
	s->nlead_ends = 0;
	if (++s->lead_gen == 0) {
		memset(s->lead, 0, s->lead_slots * sizeof *s->lead);
		s->lead_gen = 1;
	}
}
