/* Where the patterns of set 0 (verbs.tsv) run in a sentence: around their gate words.
 *
 * Each word of the rewritten sentence that is a gate wakes its patterns, and opens or widens
 * a window of each: gate words of a pattern at most GATE_WINDOW bytes apart are one window.
 * A pattern is searched only in its windows, so that a sentence of megabytes costs time in
 * proportion to its length, not to its length once for each gate word or pattern it wakes.
 * A sentence shorter than GATE_WINDOW bytes (every sentence of the news) is one window that
 * holds the whole of it for every pattern: its searches and matches are those of the whole
 * sentence.
 *
 * A pattern that begins with an actor block is tried from the starts of actors (leads.c)
 * from GATE_REACH bytes before a window to its last gate word. The starts are taken a block
 * of LEAD_BLOCK at a time for all such patterns, so that the places where a start's block
 * ends, found once, serve every pattern before they are forgotten (a pattern at a time over
 * the whole sentence, a long one's ends outgrew their cache and were found again for every
 * pattern). The matches are then handed on a pattern at a time, in the order of the
 * candidates: as one pattern after the other found them. The other patterns are searched
 * from GATE_WINDOW bytes before a window to GATE_WINDOW bytes after it (their matches start
 * at most a few words before their gate word). */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "events.h"
#include "rx.h"

#define GATE_WINDOW 2048
#define REST_MISS_BITS 12 /* the cache of vain searches: 4096 pairs */
/* a pattern that begins with an actor: its first start at most this far before its gate */
#define GATE_REACH 100

struct wake {
	struct sentence *s;
	bool oom;
};

/* A new window of pattern p at the current gate word, its first or after the others. */
static int open_window(struct sentence *s, uint32_t p, bool first)
{
	if (array_grow((void **)&s->gwin, &s->capgwin, s->ngwin + 1, sizeof *s->gwin, 256) < 0)
		return -1;
	struct gate_window *w = &s->gwin[s->ngwin++];
	w->first = w->last = s->word_at;
	w->next = 0;
	uint32_t id = (uint32_t)s->ngwin;
	if (first)
		s->win_head[p] = id;
	else
		s->gwin[s->win_tail[p] - 1].next = id;
	s->win_tail[p] = id;
	return 0;
}

/* Gate word at s->word_at wakes pattern p. */
static void candidate(void *ctx, uint32_t p)
{
	struct wake *wk = ctx;
	struct sentence *s = wk->s;
	if (p >= s->nseen)
		return;
	if (s->seen[p] == s->serial) {
		struct gate_window *w = &s->gwin[s->win_tail[p] - 1];
		if (s->word_at - w->last <= GATE_WINDOW)
			w->last = s->word_at;
		else if (open_window(s, p, false) < 0)
			wk->oom = true;
		return;
	}
	s->seen[p] = s->serial;
	if (open_window(s, p, true) < 0)
		wk->oom = true;
	if (s->ncand < s->capcand)
		s->cand[s->ncand++] = p;
}

/* Pattern p from start i: 1 with the match in *st, *en (and the lead block's span in mc). */
static int match_at(struct sentence *s, struct match_ctx *mc, uint32_t p, size_t i, size_t *st, size_t *en)
{
	const struct pattern_info *pi = &s->lex->info[0][p];
	mc->lead_name = NULL;
	if (pi->lead == LEAD_NONE)
		return rx_match(s->lex->set[0], p, s->rw.p, s->rw.len, s->starts[i], st, en);
	size_t n, off = lead_ends(s, pi->lead - 1, i, &n);
	for (size_t k = 0; k < n; k++) {
		size_t e = s->lead_ends[off + k], rs, re;
		uint64_t key = (uint64_t)p << 40 ^ e;
		struct rest_miss *miss = &s->rest_miss[(key * 0x9E3779B97F4A7C15ULL) >> (64 - REST_MISS_BITS)];
		if (miss->serial == s->miss_serial && miss->key == key)
			continue; /* searched from here for another start, in vain */
		if (rx_match(s->lex->set[0], p, s->rw.p, s->rw.len, e, &rs, &re)) {
			mc->lead_name = pi->lead_a2 ? "a2" : "a1";
			mc->lead_start = s->starts[i];
			mc->lead_end = e;
			*st = s->starts[i];
			*en = re;
			return 1;
		}
		miss->key = key;
		miss->serial = s->miss_serial;
	}
	return 0;
}

/* The first start from index i on at byte at or after at. */
static size_t start_from(const struct sentence *s, size_t i, size_t at)
{
	size_t lo = i, hi = s->nstarts;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->starts[mid] < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Candidate c (a pattern that begins with an actor) from its next start to the block's end
 * b1 (an index of starts): its matches made events now, or noted in s->lm. 0, or -1 out of
 * memory. */
static int lead_block(struct sentence *s, struct match_ctx *mc, size_t c, size_t b1, bool now)
{
	struct lead_state *ls = &s->lstate[c];
	uint32_t p = s->cand[c];
	while (ls->win && ls->next < b1) {
		const struct gate_window *w = &s->gwin[ls->win - 1];
		size_t i = ls->next, at = s->starts[i];
		size_t lo = w->first > GATE_REACH ? w->first - GATE_REACH : 0;
		if (at > w->last) {
			ls->win = w->next; /* past the window's last gate word: the next window */
			continue;
		}
		if (at < lo || at < ls->done) { /* before the window, or inside the last match */
			ls->next = start_from(s, i, lo > ls->done ? lo : ls->done);
			continue;
		}
		ls->next = i + 1;
		size_t st, en;
		if (!s->act_ok[at] || !match_at(s, mc, p, i, &st, &en) || en <= st)
			continue; /* no actor block begins there: nor does the pattern */
		ls->done = en;
		if (now) {
			struct rx_found f = {.index = p, .start = st, .end = en};
			sentence_match(mc, &f);
			continue;
		}
		if (array_grow((void **)&s->lm, &s->caplm, s->nlm + 1, sizeof *s->lm, 64) < 0)
			return -1;
		s->lm[s->nlm++] = (struct lead_match){.cand = (uint32_t)c, .start = (uint32_t)i,
						      .lead_end = mc->lead_name ? mc->lead_end : SIZE_MAX, .end = en};
	}
	return 0;
}

/* The matches of s->lm by candidate, each candidate's in the order of its starts (the order
 * they were found in, blocks of starts one after the other): lm_by_cand[first, first + n) of
 * its lead_state. 0, or -1 out of memory. */
static int lead_sort(struct sentence *s)
{
	if (array_grow((void **)&s->lm_by_cand, &s->caplm_by_cand, s->nlm + 1, sizeof *s->lm_by_cand, 64) < 0)
		return -1;
	for (size_t k = 0; k < s->nlm; k++)
		s->lstate[s->lm[k].cand].n++;
	for (size_t c = 0, at = 0; c < s->ncand; c++) {
		s->lstate[c].first = at;
		at += s->lstate[c].n;
		s->lstate[c].n = 0;
	}
	for (size_t k = 0; k < s->nlm; k++) {
		struct lead_state *ls = &s->lstate[s->lm[k].cand];
		s->lm_by_cand[ls->first + ls->n++] = s->lm[k];
	}
	return 0;
}

/* The matches of candidate c, found by lead_block(), made events: each searched again where
 * it was found, for its groups (the match data holds the last search's); in a sentence of one
 * block of starts, found now. 0, or -1 out of memory. */
static int lead_matches(struct sentence *s, struct match_ctx *mc, size_t c)
{
	if (s->nstarts <= LEAD_BLOCK) {
		int rc = lead_block(s, mc, c, s->nstarts, true);
		mc->lead_name = NULL;
		return rc;
	}
	const struct lead_state *ls = &s->lstate[c];
	uint32_t p = s->cand[c];
	const struct pattern_info *pi = &s->lex->info[0][p];
	for (size_t k = ls->first; k < ls->first + ls->n; k++) {
		const struct lead_match *m = &s->lm_by_cand[k];
		size_t at = s->starts[m->start], rs, re;
		bool lead = m->lead_end != SIZE_MAX;
		if (!rx_match(s->lex->set[0], p, s->rw.p, s->rw.len, lead ? m->lead_end : at, &rs, &re))
			continue; /* the same search: it matches again */
		mc->lead_name = lead ? (pi->lead_a2 ? "a2" : "a1") : NULL;
		mc->lead_start = at;
		mc->lead_end = m->lead_end;
		struct rx_found f = {.index = p, .start = lead ? at : rs, .end = m->end};
		sentence_match(mc, &f);
	}
	mc->lead_name = NULL;
	return 0;
}

/* The patterns that begin with an actor, of the candidates whose lstate says they run: their
 * matches, a block of starts at a time. A sentence of one block (most) is left to
 * lead_matches(), which makes them events as it finds them. 0, or -1 out of memory. */
static int run_leads(struct sentence *s, struct match_ctx *mc)
{
	const struct lexicon *x = s->lex;
	/* where actors may start: found when a pattern first needs them */
	if (!s->starts_known && actor_starts(s) < 0)
		return -1;
	s->nlm = 0;
	if (s->nstarts <= LEAD_BLOCK)
		return 0;
	for (size_t b = 0; b < s->nstarts; b += LEAD_BLOCK) {
		size_t b1 = b + LEAD_BLOCK < s->nstarts ? b + LEAD_BLOCK : s->nstarts;
		lead_forget(s);
		for (size_t c = 0; c < s->ncand; c++)
			if (s->lstate[c].win && x->info[0][s->cand[c]].anchored && lead_block(s, mc, c, b1, false) < 0)
				return -1;
	}
	return lead_sort(s);
}

/* Pattern p, which does not begin with an actor, searched in its windows, from GATE_WINDOW
 * bytes before each to GATE_WINDOW bytes after, each match made an event. */
static void run_windows(struct sentence *s, struct match_ctx *mc, uint32_t p)
{
	const char *t = s->rw.p;
	size_t len = s->rw.len, from = 0, st, en;
	for (uint32_t wi = s->win_head[p]; wi; wi = s->gwin[wi - 1].next) {
		const struct gate_window *w = &s->gwin[wi - 1];
		size_t lo = w->first > GATE_WINDOW ? w->first - GATE_WINDOW : 0, last = w->last + GATE_WINDOW;
		if (from < lo)
			from = lo;
		while (from <= len && from <= last && rx_match_before(s->lex->set[0], p, t, len, from, last, &st, &en)) {
			if (en > st) {
				struct rx_found f = {.index = p, .start = st, .end = en};
				sentence_match(mc, &f);
			}
			from = en > st ? en : st + 1;
			while (from < len && ((unsigned char)t[from] & 0xC0) == 0x80)
				from++;
		}
	}
}

/* The per-pattern tables, for np patterns: 0, or -1 out of memory. */
static int tables(struct sentence *s, size_t np)
{
	if (s->nseen >= np)
		return 0;
	free(s->seen);
	free(s->cand);
	free(s->win_head);
	free(s->win_tail);
	free(s->lstate);
	s->seen = calloc(np, sizeof *s->seen);
	s->cand = malloc(np * sizeof *s->cand);
	s->win_head = malloc(np * sizeof *s->win_head);
	s->win_tail = malloc(np * sizeof *s->win_tail);
	s->lstate = malloc(np * sizeof *s->lstate);
	s->nseen = s->capcand = 0;
	if (!s->seen || !s->cand || !s->win_head || !s->win_tail || !s->lstate)
		return -1;
	s->nseen = s->capcand = np;
	return 0;
}

int run_lexicon(struct sentence *s)
{
	const struct lexicon *x = s->lex;
	if (tables(s, x->ninfo[0]) < 0)
		return -1;
	if (++s->serial == 0)
		memset(s->seen, 0, s->nseen * sizeof *s->seen), s->serial = 1;
	if (!s->rest_miss && !(s->rest_miss = calloc((size_t)1 << REST_MISS_BITS, sizeof *s->rest_miss)))
		return -1;
	if (++s->miss_serial == 0) {
		memset(s->rest_miss, 0, ((size_t)1 << REST_MISS_BITS) * sizeof *s->rest_miss);
		s->miss_serial = 1;
	}
	s->ncand = 0;
	s->ngwin = 0;
	const char *t = s->rw.p;
	size_t len = s->rw.len;
	char w[32];
	if (words_reset(s, len) < 0)
		return -1;
	struct wake wk = {s, false};
	for (size_t i = 0; i < len;) {
		if (!isalpha((unsigned char)t[i])) {
			i++;
			continue;
		}
		size_t b = i;
		while (i < len && (isalpha((unsigned char)t[i]) || t[i] == '-'))
			i++;
		if (i - b < sizeof w && (b == 0 || t[b - 1] != '\x1f')) {
			for (size_t k = b; k < i; k++)
				w[k - b] = (char)tolower((unsigned char)t[k]);
			s->word_at = b;
			uint64_t key = word_key(w, i - b); /* once for the gates and the needs */
			gate_lookup(x, key, candidate, &wk);
			if (wk.oom || word_note(s, key, w, i - b) < 0)
				return -1;
		}
	}
	/* which candidates run: the sentence has what they need */
	bool leads = false;
	for (size_t c = 0; c < s->ncand; c++) {
		bool run = needs_met(s, s->cand[c]);
		s->lstate[c] = (struct lead_state){.win = run ? s->win_head[s->cand[c]] : 0};
		leads = leads || (run && x->info[0][s->cand[c]].anchored);
	}
	struct match_ctx mc = {.s = s, .set = 0};
	if (leads && run_leads(s, &mc) < 0)
		return -1;
	mc.lead_name = NULL; /* the last start tried's: not a match's */
	for (size_t c = 0; c < s->ncand; c++) {
		if (!needs_met(s, s->cand[c]))
			continue;
		if (x->info[0][s->cand[c]].anchored) {
			if (lead_matches(s, &mc, c) < 0)
				return -1;
		} else {
			run_windows(s, &mc, s->cand[c]);
		}
	}
	return 0;
}
