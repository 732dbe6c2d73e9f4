/* match.c: a match of a pattern made events (sentence_match): its actors from the slots its
 * groups hold, its quantity, its code (the mutual codes, passive and active verbs), handed to
 * the sentence's list of found events. */
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

/* Whether rw[gs..ge) holds a slot. */
static bool slot_in(const struct sentence *s, size_t gs, size_t ge)
{
	size_t k = slot_at(s, gs);
	return k < s->nslots && s->slots[k].rw_start < ge;
}

/* ---- matches */

/* Whether the word at rw[i] begins a finite verb phrase: an auxiliary, a past ("met",
 * "warned") or a present in -s; not a gerund or a bare form, which after "and" go on a list
 * or a noun phrase ("rising demand and declining health", "will deliver, test and support"). */
static bool finite_verb_at(const char *t, size_t len, size_t i, bool present)
{
	static const char *const words[] = {
		"has", "have", "had", "will", "would", "is", "are", "was", "were", "did", "does",
		"can", "could", "may", "might", "should", "must", "also", "then", "later", "again",
		"met", "held", "spoke", "made", "said", "told", "sent", "gave", "took", "won", "fought",
		"struck", "went", "came", "led", "left", "sought", "brought", "began", "broke", "flew",
		"threw", "withdrew", "beat", "sold", "bought", "paid", "ran", "saw", "chose", "stood",
		"kept", "lost", "found", "wrote", "hit", "shot", "put", "set", "cut", "swore", "forbade",
		"froze", "overtook", "undertook", "rang", "drew", "bid", "lent", "spent", NULL};
	size_t n = 0;
	while (i + n < len && n <= 32 && isalpha((unsigned char)t[i + n]))
		n++;
	if (n < 2 || n > 32)
		return false;
	for (const char *const *w = words; *w; w++)
		if (strlen(*w) == n && !strncasecmp(t + i, *w, n))
			return true;
	const char *e = t + i + n;
	if ((e[-1] | 32) == 'd' && (e[-2] | 32) == 'e')
		return true;
	return present && n > 3 && (e[-1] | 32) == 's' && (e[-2] | 32) != 's' && (e[-2] | 32) != 'u' &&
	       (e[-2] | 32) != 'i';
}

/* Where in an actor group rw[gs..ge) "and" and a past or an auxiliary begin (ge: nowhere), and
 * in *after where the words after that verb do: the block grammar takes a lower-case word
 * before a name for its modifier, so that "criticised Washington and urged Japan" read
 * Washington and Japan as the ones criticised, and "the Gulf and said Washington had warned"
 * the Gulf and Washington as the ones who warned. */
static size_t and_verb_in(const char *t, size_t gs, size_t ge, size_t *after)
{
	for (size_t i = gs; i + 5 < ge; i++)
		if (t[i] == ' ' && !strncasecmp(t + i + 1, "and ", 4) && finite_verb_at(t, ge, i + 5, false)) {
			size_t j = i + 5;
			while (j < ge && isalpha((unsigned char)t[j]))
				j++;
			while (j < ge && t[j] == ' ')
				j++;
			*after = j;
			return i;
		}
	return ge;
}

static bool group(const struct match_ctx *mc, size_t index, const char *name, size_t *gs, size_t *ge)
{
	const struct sentence *s = mc->s;
	if (mc->lead_name && !strcmp(name, mc->lead_name)) {
		*gs = mc->lead_start;
		*ge = mc->lead_end;
		return true;
	}
	size_t n;
	const char *g = rx_group(s->lex->set[mc->set], index, s->rw.p, name, &n);
	if (!g)
		return false;
	*gs = (size_t)(g - s->rw.p);
	*ge = *gs + n;
	return true;
}

/* Whether the group rw[gs..ge) is he, she, him or her with no person before it that it may
 * stand for, of which group_actors() finds no actor: told without its looking at every name
 * before the group, for every match (a long row of names and pronouns made that quadratic).
 * Not "it" or "they", whose actors may be other names. */
static bool pronoun_of_none(const struct sentence *s, size_t gs, size_t ge)
{
	if (ge - gs > 8 || slot_in(s, gs, ge))
		return false;
	const char *t = s->text;
	size_t os = orig_of(s, gs), oe = orig_of(s, ge);
	if (has_word(t, os, oe, "it") || has_word(t, os, oe, "they"))
		return false;
	if ((has_word(t, os, oe, "him") || has_word(t, os, oe, "her")) && s->first_person < gs)
		return false; /* the person the sentence began with */
	bool she = has_word(t, os, oe, "she");
	if ((she || has_word(t, os, oe, "he")) && (she ? s->first_she : s->first_he) < gs)
		return false; /* the first person named before it, of its sex where a title tells */
	return true;
}

static int ordinal_near(const struct sentence *s, size_t from, size_t to)
{
	static const char *const second[] = {"second", "another", "again", NULL};
	size_t a = from > 30 ? from - 30 : 0, b = to + 30 < s->len ? to + 30 : s->len;
	if (has_word(s->text, a, b, "third"))
		return 3;
	if (has_any(s->text, a, b, second))
		return 2;
	if (has_word(s->text, a, b, "first"))
		return 1;
	return 0;
}

static void quantity(const struct match_ctx *mc, struct found_event *e, size_t index)
{
	struct sentence *s = mc->s;
	size_t gs, ge, qs, qe, us, ue;
	if (!group(mc, index, "num", &gs, &ge))
		return;
	char v[64];
	const char *q = "";
	if (group(mc, index, "qual", &qs, &qe)) {
		size_t from;
		char tmp[40];
		snprintf(tmp, sizeof tmp, "%.*s", (int)(qe - qs), s->rw.p + qs);
		q = qualifier_before(tmp, strlen(tmp), &from);
	}
	size_t n = (size_t)snprintf(v, sizeof v, "%s", q);
	for (size_t i = gs; i < ge && n + 1 < sizeof v; i++)
		if (s->rw.p[i] != ',')
			v[n++] = s->rw.p[i];
	e->quantity = sentence_keep(s, v, n);
	if (group(mc, index, "unit", &us, &ue)) {
		/* the singular of the unit's last word: "truce violations" -> violation */
		size_t b = ue;
		while (b > us && s->rw.p[b - 1] != ' ')
			b--;
		size_t len = ue - b;
		if (len > 1 && (s->rw.p[ue - 1] == 's' || s->rw.p[ue - 1] == 'S'))
			len--;
		e->unit = sentence_keep(s, s->rw.p + b, len);
	}
}

/* Aid, and the intent to give it (07x, 033x): a sum of money in the event's words is its
 * quantity, its currency the unit ("pledged $130 million in aid to Ukraine": 130000000 USD). */
static void aid_amount(struct sentence *s, struct found_event *e)
{
	if (e->quantity.len || e->cameo < 0)
		return;
	const char *code = s->lex->cameo[e->cameo].code;
	if (strncmp(code, "07", 2) && strncmp(code, "033", 3))
		return;
	for (size_t i = 0; i < s->nm && s->m[i].start < e->end; i++) {
		if (s->m[i].type != MT_MONEY || s->m[i].start < e->start || s->m[i].end > e->end)
			continue;
		const char *c = mention_canon(s, i), *sp = strchr(c, ' ');
		if (!sp || sp == c || !isdigit((unsigned char)sp[1]))
			return;
		size_t from;
		char v[64];
		int n = snprintf(v, sizeof v, "%s%s", qualifier_before(s->text, s->m[i].start, &from), sp + 1);
		if (n <= 0 || (size_t)n >= sizeof v)
			return;
		e->quantity = sentence_keep(s, v, (size_t)n);
		e->unit = sentence_keep(s, c, (size_t)(sp - c));
		return;
	}
}

/* Codes whose coordinated subject is both sides of one event: meetings and talks, joint
 * intents and agreements, cooperation, common ground, relations, fighting each other. */
static bool mutual_code(const char *c)
{
	static const char *const codes[] = {"019", "031", "036", "039", "054", "057", "164", "190", "0871", NULL};
	if (!strncmp(c, "04", 2))
		return strncmp(c, "042", 3) && strncmp(c, "043", 3);
	if (!strncmp(c, "06", 2))
		return true;
	for (const char *const *k = codes; *k; k++)
		if (!strcmp(c, *k))
			return true;
	return false;
}

/* The verb group of an active frame that begins with an actor: read in the passive, or an
 * -ing form that ends the frame with no "be" before it ("the National Security meeting"). */
static bool not_active_verb(const struct match_ctx *mc, size_t index, size_t end)
{
	size_t vs, ve;
	if (!group(mc, index, "v", &vs, &ve))
		return false;
	return passive_verb_at(mc->s->rw.p, vs, ve) || (ve == end && bare_gerund_at(mc->s->rw.p, vs, ve));
}

/* A group rw[*gs..*ge) of match f cut at and_verb_in()'s "and" (most groups hold none: the
 * verb group is looked up only then): a group before the verb keeps what follows, one after
 * it what precedes ("and" in neither), and the event's words end where a group that ended them
 * is cut. */
static void cut_at_and_verb(const struct match_ctx *mc, const struct rx_found *f, bool g, size_t *gs, size_t *ge,
			    size_t *end)
{
	size_t after, cut = g ? and_verb_in(mc->s->rw.p, *gs, *ge, &after) : 0;
	if (!g || cut >= *ge)
		return;
	size_t vs, ve;
	if (group(mc, f->index, "v", &vs, &ve) ? *ge <= vs : *gs == f->start) {
		if (after < *ge)
			*gs = after;
		return;
	}
	if (*ge == f->end && cut < *end)
		*end = cut;
	*ge = cut;
}

int sentence_match(void *ctx, const struct rx_found *f)
{
	struct match_ctx *mc = ctx;
	struct sentence *s = mc->s;
	const struct pattern_info *pi = &s->lex->info[mc->set][f->index];
	if (mc->set == 0 && pi->lead != LEAD_NONE && !pi->lead_a2 &&
	    not_active_verb(mc, f->index, f->end))
		return 0;
	size_t gs, ge;
	struct actor a1[MAX_ACTORS], a2[MAX_ACTORS];
	size_t n1 = 0, n2 = 0;
	size_t gs2, ge2;
	bool g1 = group(mc, f->index, "a1", &gs, &ge), g2 = group(mc, f->index, "a2", &gs2, &ge2);
	/* "... and met Zelensky": the verb phrase's subject is the one before it, given in
	 * share_subjects() (sentence.c); a shared object is no reading of it */
	bool shared = mc->lead_name && mc->lead_end - mc->lead_start == 3 &&
		      !strncasecmp(s->rw.p + mc->lead_start, "and", 3);
	size_t verb_at = mc->lead_end;
	while (shared && verb_at < f->end && s->rw.p[verb_at] == ' ')
		verb_at++;
	if (shared && (pi->lead_a2 || (pi->kind != PK_EVENT && pi->kind != PK_SAY) ||
		       !finite_verb_at(s->rw.p, f->end, verb_at, true)))
		return 0;
	if (shared)
		g1 = false;
	/* "between the leaders of Russia and France": one role for both sides */
	const char *role1 = g1 && pi->symmetric ? group_role(s->text, orig_of(s, gs), orig_of(s, ge)) : NULL;
	const char *role2 = g2 && pi->symmetric ? group_role(s->text, orig_of(s, gs2),
							     orig_of(s, ge2) + 24 < s->len ? orig_of(s, ge2) + 24 : s->len)
						: NULL;
	size_t end = f->end; /* of the event's words */
	cut_at_and_verb(mc, f, g1, &gs, &ge, &end);
	cut_at_and_verb(mc, f, g2, &gs2, &ge2, &end);
	if (g1 && !pronoun_of_none(s, gs, ge))
		n1 = group_actors(s, gs, ge, a1, MAX_ACTORS, role2);
	if (g2 && !pronoun_of_none(s, gs2, ge2))
		n2 = group_actors(s, gs2, ge2, a2, MAX_ACTORS, role1);
	/* "Dorn called Marek and urged her": share_subjects() may give "her" another person; a
	 * match whose own actor1 is the one "him" stands for is no reading ("Zelensky said Macron
	 * spoke with him" is not Zelensky speaking with Macron) */
	bool a2_pronoun = shared && n2 == 1 && ge2 - gs2 <= 8 && !slot_in(s, gs2, ge2) &&
			  (has_word(s->text, orig_of(s, gs2), orig_of(s, ge2), "him") ||
			   has_word(s->text, orig_of(s, gs2), orig_of(s, ge2), "her"));
	/* a pronoun no name of the sentence stands for: no event, not one with an actor less
	 * ("the diplomats said they were backed by Britain") */
	if ((g1 && !n1 && ge - gs <= 8 && !slot_in(s, gs, ge)) || (g2 && !n2 && ge2 - gs2 <= 8 && !slot_in(s, gs2, ge2)))
		return 0;
	if (!n2 && n1 > 1 && pi->kind == PK_EVENT && pi->cameo >= 0 &&
	    (mutual_code(s->lex->cameo[pi->cameo].code) ||
	     (!strcmp(s->lex->cameo[pi->cameo].code, "030") && reciprocal_at(s->text, s->len, orig_of(s, f->start), orig_of(s, f->end))))) {
		/* "Biden and Putin agreed": a coordinated subject, both sides of one event; "the US
		 * and Britain vetoed" is one veto each */
		a2[0] = a1[1];
		n2 = 1;
		n1 = 1;
	}
	static unsigned match_serial;
	/* a shared subject's event begins at its verb: it is no other reading of the words before */
	size_t from = shared ? verb_at : f->start;
	struct found_event proto = {.match = ++match_serial, .cameo = pi->cameo, .kind = pi->kind, .start = orig_of(s, from),
				    .end = orig_of(s, end), .score = pi->score + (int)(end - from),
				    .shared_subject = shared, .a2_pronoun = a2_pronoun, .a2_at = gs2};
	if (group(mc, f->index, "loc", &gs, &ge)) {
		size_t k = slot_at(s, gs);
		if (k < s->nslots)
			proto.location = sentence_keep(s, mention_canon(s, s->slots[k].mention), strlen(mention_canon(s, s->slots[k].mention)));
	}
	quantity(mc, &proto, f->index);
	proto.ordinal = ordinal_near(s, proto.start, proto.end);
	if (pi->kind == PK_EVENT && !n1 && proto.start >= 4 &&
	    (!strncasecmp(s->text + proto.start - 4, "his ", 4) || !strncasecmp(s->text + proto.start - 4, "her ", 4)))
		proto.possessive_his = true;
	if (pi->kind == PK_EVENT && !n1 && !n2 && !proto.quantity.len && !shared)
		return 0;
	aid_amount(s, &proto);
	if ((pi->kind == PK_ATTR || pi->kind == PK_SAY || pi->kind == PK_MODIFY) && !n1 && !shared)
		return 0;
	for (size_t i = 0; i < (n1 ? n1 : 1); i++)
		for (size_t j = 0; j < (n2 ? n2 : 1); j++) {
			if (s->nev == MAX_FOUND)
				return 0;
			struct found_event *e = &s->ev[s->nev++];
			*e = proto;
			if ((e->has_a1 = n1 > 0))
				e->a1 = a1[i];
			if ((e->has_a2 = n2 > 0))
				e->a2 = a2[j];
			if (e->has_a1 && e->has_a2 && e->a1.id.len && e->a1.id.len == e->a2.id.len &&
			    !memcmp(sp(s, e->a1.id), sp(s, e->a2.id), e->a1.id.len))
				s->nev--; /* an actor does not meet itself */
		}
	return 0;
}
