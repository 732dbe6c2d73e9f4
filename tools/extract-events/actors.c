/* Who the actors of a matched group are: each name at its head as a canonical name, an entity
 * id and a CAMEO actor code (a person, a country by its role: "the French President" is the
 * president of France on the article's date), and the pronouns "he", "she", "it", "they"
 * read as the names of the sentence they stand for. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "entity.h"
#include "events.h"

size_t slot_at(const struct sentence *s, size_t rw)
{
	size_t lo = 0, hi = s->nslots;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->slots[mid].rw_start < rw)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Original offset of rewritten offset rw. */
size_t orig_of(const struct sentence *s, size_t rw)
{
	size_t k = slot_at(s, rw + 1);
	if (k == 0)
		return rw;
	const struct slot *sl = &s->slots[k - 1];
	if (rw < sl->rw_end)
		return sl->start;
	return sl->end + (rw - sl->rw_end);
}

/* the people.tsv role a group's words name */
const char *group_role(const char *t, size_t from, size_t to)
{
	static const char *const fm[] = {"foreign minister", "foreign ministers", "secretary of state",
					 "foreign secretary", NULL};
	static const char *const pm[] = {"prime minister", "premier", NULL};
	static const char *const sp[] = {"spokesman", "spokeswoman", "spokesperson", "press secretary", NULL};
	static const char *const pr[] = {"president", "presidents", "presidency", NULL};
	static const char *const le[] = {"leader", "leaders", "counterpart", "counterparts", NULL};
	if (has_any(t, from, to, fm))
		return "foreign minister";
	if (has_any(t, from, to, pm))
		return "prime minister";
	if (has_word(t, from, to, "chancellor"))
		return "chancellor";
	if (has_any(t, from, to, sp))
		return "spokesperson";
	if (has_any(t, from, to, pr))
		return "president";
	if (has_any(t, from, to, le))
		return "leader";
	return NULL;
}

static const char *iso2_of_mention(const struct sentence *s, size_t i)
{
	const struct lexicon *x = s->lex;
	if (s->m[i].type == MT_NORP)
		return group_country(x, mention_canon(s, i));
	char tmp[16];
	const char *code = actor_code_of(x, s->m[i].type, mention_canon(s, i), s->published, tmp);
	if (!code || strlen(code) != 3)
		return NULL;
	for (size_t k = 0; k < x->niso2; k++)
		if (!strcmp(x->iso2[k].code, code))
			return x->iso2[k].name;
	return NULL;
}

/* An actor's name as written out: of an ambiguous canonical ("Tehran|Tehrān") the first, the
 * line breaks of wire copy ("Andrew\nPeacock") and other blank runs one space; its id the
 * first of the ids likewise. */
static void set_actor(struct sentence *s, struct actor *a, const char *name, const char *id, size_t idlen,
		      const char *code)
{
	size_t start = s->scratch.len;
	if (buf_append(&s->scratch, name, strcspn(name, "|")) == 0)
		s->scratch.len = start + fold_blanks(s->scratch.p + start, s->scratch.len - start);
	a->anonymous = false;
	a->populace = false;
	a->place = (struct span){0, 0};
	a->name = (struct span){start, s->scratch.len - start};
	if (buf_putc(&s->scratch, '\0') < 0)
		a->name.len = 0;
	if (id && memchr(id, '|', idlen))
		idlen = (size_t)((const char *)memchr(id, '|', idlen) - id);
	a->id = sentence_keep(s, id ? id : "", id ? idlen : 0);
	a->code = sentence_keep(s, code ? code : "", code ? strlen(code) : 0);
}

/* Whether one of words begins at t[at] as a whole word. */
static bool starts_with_any(const char *t, size_t len, size_t at, const char *const *words)
{
	for (const char *const *w = words; *w; w++)
		if (starts_with(t, len, at, *w))
			return true;
	return false;
}

/* An actor named by role and country ("the French President", "the leaders of Russia"): the
 * person in that role on the article's date, else the country with the role's type. */
static void role_actor(struct sentence *s, struct actor *a, size_t mi, const char *role)
{
	const struct lexicon *x = s->lex;
	const char *iso2 = iso2_of_mention(s, mi);
	const char *person = NULL;
	if (iso2 && role && !strcmp(role, "leader")) {
		/* the leader: the head of state where the president governs, else the head of
		 * government */
		static const char presidential[] = "FR US RU UA BY TR BR CN KR MX AR ID ZA KZ IR EG";
		static const char *const order[] = {"chancellor", "prime minister", "president"};
		if (strstr(presidential, iso2) && strlen(iso2) == 2)
			person = person_in_role(x, iso2, "president", s->published);
		for (size_t k = 0; !person && k < 3; k++)
			person = person_in_role(x, iso2, order[k], s->published);
	} else if (iso2 && role) {
		person = person_in_role(x, iso2, role, s->published);
		if (!person && !strcmp(role, "president"))
			person = person_in_role(x, iso2, "prime minister", s->published);
	}
	char tmp[16], code[24];
	if (person) {
		struct buf ids = {0};
		entity_ids(MT_PER, person, strlen(person), &ids);
		set_actor(s, a, person, ids.p, ids.len, actor_code_of(x, MT_PER, person, s->published, tmp));
		buf_free(&ids);
		return;
	}
	const char *c = actor_code_of(x, s->m[mi].type, mention_canon(s, mi), s->published, tmp);
	/* "Ukrainian troops": the role word after the name gives the type */
	const char *type = NULL;
	const char *after = s->text + s->m[mi].end;
	size_t rest = s->len - s->m[mi].end;
	if (rest > 1 && after[0] == ' ') {
		size_t n = 1;
		while (n < rest && n < 40 && (isalpha((unsigned char)after[n]) || after[n] == ' ')) {
			n++;
			if (n < rest && (after[n] == ' ' || !isalpha((unsigned char)after[n])) &&
			    (type = role_type(x, after + 1, n - 1)))
				break;
		}
	}
	if (c && strlen(c) == 3 && (type || role)) {
		snprintf(code, sizeof code, "%s%s", c, type ? type : "GOV");
		c = code;
	}
	/* "British officials", "Washington said": the country, by its name and entity id */
	const char *country = country_named(x, mention_canon(s, mi), s->m[mi].type, s->published);
	static const char *const unnamed[] = {"official", "officials", "source", "sources", "diplomat", "diplomats",
					      "analyst", "analysts", "expert", "experts", "observers", NULL};
	size_t from = s->m[mi].start > 32 ? s->m[mi].start - 32 : 0;
	size_t to = s->m[mi].end + 32 < s->len ? s->m[mi].end + 32 : s->len;
	bool anonymous = !person && has_any(s->text, from, to, unnamed);
	/* the word right after the name: "British voters would reject", no act of Britain's */
	static const char *const people[] = {"voters", "people", "public", "citizens", "residents", "critics",
					     "economists", "investors", "traders", "dealers", "workers", "farmers",
					     "consumers", "shoppers", "fans", "taxpayers", "pensioners", "students",
					     "parents", "households", "businesses", "companies", "firms", "banks", NULL};
	size_t w = s->m[mi].end + 1;
	bool populace = !person && w < s->len && s->text[w - 1] == ' ' && starts_with_any(s->text, s->len, w, people);
	if (country) {
		/* Moscow in 1987: the Soviet Union's code where it has one */
		const char *c3 = country_code(x, country);
		char former[24];
		if (c3 && c && strlen(c) >= 3 && strncmp(c, c3, 3)) {
			snprintf(former, sizeof former, "%s%s", c3, c + 3);
			c = former;
		}
		struct buf ids = {0};
		entity_ids(MT_LOC, country, strlen(country), &ids);
		set_actor(s, a, country, ids.p, ids.len, c);
		a->anonymous = anonymous;
		a->populace = populace;
		if (s->m[mi].type == MT_LOC)
			a->place = sentence_keep(s, mention_canon(s, mi), strcspn(mention_canon(s, mi), "|"));
		buf_free(&ids);
		return;
	}
	set_actor(s, a, mention_canon(s, mi), s->m[mi].id, s->m[mi].id_len, c);
	a->anonymous = anonymous;
	a->populace = populace;
}

static void person_actor(struct sentence *s, struct actor *a, size_t mi, int ctx_mention, const char *role)
{
	char tmp[16], code[24];
	const char *c = actor_code_of(s->lex, s->m[mi].type, mention_canon(s, mi), s->published, tmp);
	if (!c && ctx_mention >= 0) {
		const char *c3 = actor_code_of(s->lex, s->m[ctx_mention].type, mention_canon(s, (size_t)ctx_mention),
					       s->published, tmp);
		if (c3 && strlen(c3) == 3) {
			snprintf(code, sizeof code, "%s%s", c3, role || s->m[mi].type == MT_ORG ? "GOV" : "");
			c = code;
		}
	}
	set_actor(s, a, mention_canon(s, mi), s->m[mi].id, s->m[mi].id_len, c);
}

void mention_actor(struct sentence *s, struct actor *a, size_t mi)
{
	int t = s->m[mi].type;
	if (t == MT_PER || t == MT_ORG)
		person_actor(s, a, mi, -1, NULL);
	else
		role_actor(s, a, mi, NULL);
}

/* The actors of a matched group rw[gs..ge): one for each name at its head. */
/* Whether text[from..to) only joins two names of a list: ", ", " and ", ", and ", with "the". */
static bool list_joint(const char *t, size_t from, size_t to)
{
	static const char *const joints[] = {", ", " and ", ", and ", ", the ", " and the ", ", and the ", NULL};
	for (const char *const *j = joints; *j; j++)
		if (strlen(*j) == to - from && !memcmp(t + from, *j, to - from))
			return true;
	return false;
}

/* Whether text[from..to) may join two slots of one list of names: a list joint, or at most
 * three capitalised words ("Defense Secretary" of "Shultz and Defense Secretary Weinberger"). */
static bool list_part(const char *t, size_t from, size_t to)
{
	if (list_joint(t, from, to))
		return true;
	if (to - from > 64)
		return false; /* three words are no longer */
	size_t words = 0;
	for (size_t i = from; i < to; i++) {
		if (t[i] == ' ' || t[i] == '\n')
			continue;
		if (!isupper((unsigned char)t[i]) || ++words > 3)
			return false;
		while (i < to && t[i] != ' ' && t[i] != '\n')
			i++;
	}
	return words > 0;
}


/* Whether slot k opens the sentence as its subject: at most four words before it ("The
 * ministry of"), no comma, no verb of saying or preposition among them ("Most economists said
 * the Fed ... they", "In a filing with the SEC, ... it"). */
static bool opens_sentence(const struct sentence *s, size_t k)
{
	static const char *const not_before[] = {"said", "says", "told", "in", "with", "by", "at", "for", "on",
						 "from", "to", "after", "before", "like", NULL};
	size_t at = s->slots[k].start, words = 0;
	if (at > 160 || memchr(s->text, ',', at)) /* four words are no longer: a bound per pronoun */
		return false;
	for (size_t i = 0; i < at; i++)
		if (isalpha((unsigned char)s->text[i]) && (i == 0 || !isalpha((unsigned char)s->text[i - 1])))
			words++;
	return words <= 4 && !has_any(s->text, 0, at, not_before);
}

/* "The United States and Britain said they would block it": "they" is the names listed first
 * in the sentence before it, or its one body or country; not a person alone, nor the country
 * of "Italian economists". */
static size_t they_actors(struct sentence *s, size_t gs, struct actor *out, size_t max)
{
	size_t last = slot_at(s, gs), end = 1;
	if (!last)
		return 0;
	/* a list no longer than the actors it can give (with an ORG before each person): each
	 * "they" of a hostile sentence of many names costs a bounded look */
	while (end < last && end < 2 * max && list_part(s->text, s->slots[end - 1].end, s->slots[end].start))
		end++;
	size_t n = group_actors(s, s->slots[0].rw_start, s->slots[end - 1].rw_end, out, max, NULL);
	if (n == 1) {
		int t = s->m[s->slots[0].mention].type;
		if ((t != MT_ORG && t != MT_LOC) || out[0].anonymous || end > 1 || !opens_sentence(s, 0))
			return 0;
	}
	return n;
}

/* The length of the start of t[0..n) before a mark that ends a clause: , ; : ( ) or a
 * quotation mark, straight or curly. */
static size_t clause_part(const char *t, size_t n)
{
	size_t i = 0;
	for (; i < n && t[i] && !strchr(",;:\"()", t[i]); i++)
		if (i + 2 < n && !memcmp(t + i, "\xe2\x80", 2) && (t[i + 2] == '\x9c' || t[i + 2] == '\x9d'))
			break;
	return i;
}

bool other_person(struct sentence *s, size_t gs, const struct actor *not, struct actor *out)
{
	for (size_t k = 0; k < s->nslots && s->slots[k].rw_start < gs; k++) {
		const struct entity_mention *m = &s->m[s->slots[k].mention];
		if (m->type == MT_PER && !(m->id_len == not->id.len && !memcmp(m->id, sp(s, not->id), m->id_len))) {
			person_actor(s, out, s->slots[k].mention, -1, NULL);
			return true;
		}
	}
	return false;
}

size_t group_actors(struct sentence *s, size_t gs, size_t ge, struct actor *out, size_t max,
			   const char *inherit_role)
{
	size_t os = orig_of(s, gs), oe = orig_of(s, ge);
	size_t n = 0;
	int ctx = -1;
	bool heads = false;
	for (size_t k = slot_at(s, gs); k < s->nslots && s->slots[k].rw_start < ge; k++) {
		int t = s->m[s->slots[k].mention].type;
		if (t == MT_PER || t == MT_ORG)
			heads = true;
	}
	/* with no name, the role may follow: "the Russian and French foreign ministers"; not past
	 * the clause's end ("According to Paris, the leaders of ..." is Paris, not its leader) */
	size_t after = heads ? oe : (oe + 24 < s->len ? oe + 24 : s->len);
	if (!heads)
		after = oe + clause_part(s->text + oe, after - oe);
	const char *role = group_role(s->text, os, after);
	if (!role)
		role = inherit_role;
	for (size_t k = slot_at(s, gs); k < s->nslots && s->slots[k].rw_start < ge && n < max; k++) {
		const struct slot *sl = &s->slots[k];
		int t = s->m[sl->mention].type;
		if (heads && t == MT_ORG && k + 1 < s->nslots && s->slots[k + 1].rw_start < ge &&
		    s->m[s->slots[k + 1].mention].type == MT_PER &&
		    !memchr(s->text + sl->end, ',', s->slots[k + 1].start - sl->end) &&
		    !has_word(s->text, sl->end, s->slots[k + 1].start, "and")) {
			ctx = (int)sl->mention;
			continue;
		}
		if (heads && (t == MT_LOC || t == MT_NORP)) {
			/* "Putin of Russia": context of the name before; "Russian President X": of the next */
			if (n && k && sl->start >= 4 && !strncmp(s->text + sl->start - 4, " of ", 4))
				continue;
			ctx = (int)sl->mention;
			continue;
		}
		if (heads)
			person_actor(s, &out[n++], sl->mention, ctx, role);
		else
			role_actor(s, &out[n++], sl->mention, role);
		ctx = -1;
	}
	if (!n && oe > os && oe - os <= 8 && (has_word(s->text, os, oe, "him") || has_word(s->text, os, oe, "her"))) {
		/* "X said Y spoke with him": the object is the person the sentence began with */
		for (size_t k = 0; k < s->nslots && s->slots[k].rw_start < gs; k++)
			if (s->m[s->slots[k].mention].type == MT_PER) {
				person_actor(s, &out[n++], s->slots[k].mention, -1, NULL);
				break;
			}
	}
	if (!n && oe > os && oe - os <= 8 && (has_word(s->text, os, oe, "he") || has_word(s->text, os, oe, "she"))) {
		/* he/she: the first person named before it in the sentence, the subject a reader
		 * takes it for ("X is to meet Y when he visits"), of its sex where a title tells */
		bool she = has_word(s->text, os, oe, "she");
		for (size_t k = 0, last = slot_at(s, gs); k < last; k++)
			if (s->m[s->slots[k].mention].type == MT_PER && !titled_other_sex(s->text, s->slots[k].start, she)) {
				person_actor(s, &out[n++], s->slots[k].mention, -1, NULL);
				break;
			}
	}
	/* "they" and "it" in a quotation are the speaker's, not the names said outside it */
	bool quoted = !n && oe > os && oe - os <= 8 && quoted_at(s->text, os);
	if (!n && !quoted && oe > os && oe - os <= 8 && has_word(s->text, os, oe, "they"))
		n = they_actors(s, gs, out, max);
	if (!n && !quoted && oe > os && oe - os <= 8 && has_word(s->text, os, oe, "it")) {
		/* "Iran said it had achieved victories": the first body or country named before it */
		for (size_t k = 0, last = slot_at(s, gs); k < last; k++) {
			int t = s->m[s->slots[k].mention].type;
			if (t == MT_ORG || t == MT_LOC || t == MT_NORP) {
				if (opens_sentence(s, k))
					mention_actor(s, &out[n++], s->slots[k].mention);
				break;
			}
			if (t == MT_PER)
				break; /* "Putin said it was": what, not who */
		}
	}
	return n;
}
