/* The shape of names, as the tagger misses it: titles before them, particles inside them
 * ("Abdullah bin Abdul Aziz", "Charles de Gaulle", "al-Nuaimi"), a body's name completed by
 * "for"/"of" ("Commission for Africa"), title words taken for a name ("Crown"). */
#include <stdint.h>
#include <string.h>

#include "names.h"

/* Words that come before a name without being part of it. */
static const char *const titles[] = {
	"acting", "adviser", "advisor", "aide", "ambassador", "capt", "captain", "chancellor", "chief",
	"col", "colonel", "commander", "deputy", "dr", "envoy", "foreign", "former", "gen", "general",
	"gov", "governor", "head", "king", "leader", "lt", "minister", "mr", "mrs", "ms", "pope",
	"premier", "president", "press", "prime", "prince", "princess", "queen", "rep", "secretary",
	"sen", "senator", "sgt", "sir", "spokesman", "spokesperson", "spokeswoman", "state", "the",
	"vice", "ministry", "affairs", "top", "diplomat", "crown", "counterpart", "presidential",
	"lord", "lady", "dame", "baroness", "baron", "prof", "professor", "rev", "reverend",
};

/* Connectors of names in the languages of the news ("Abdullah bin Abdul Aziz", "Charles de
 * Gaulle"), lower case between two capitalised parts. */
static const char *const name_particles[] = {
	"al", "bin", "bint", "da", "das", "de", "del", "della", "der", "di", "dos", "du", "el", "ibn",
	"la", "le", "ter", "van", "von",
};

/* The head words of a body's name that "for" or "of" and a place or body complete
 * ("Commission for Africa", "Office of Fair Trading"): the tagger often ends the name at them. */
static const char *const body_heads[] = {
	"agency", "alliance", "association", "bureau", "campaign", "center", "centre", "commission",
	"committee", "council", "court", "department", "foundation", "fund", "institute", "league",
	"ministry", "movement", "office", "organisation", "organization", "society", "union",
};

/* Words of a body's or a place's name that no person's has: a title word before them
 * ("United Nations General Assembly", "Oklahoma State University", "the State Department")
 * is part of that name, not a person's title. */
static const char *const institution_words[] = {
	"academy", "airlines", "airport", "army", "assembly", "bank", "church", "club", "college",
	"congress", "democracy", "force", "forces", "group", "guard", "hospital", "house", "navy",
	"parliament", "party", "police", "school", "senate", "stadium", "university",
};

bool is_institution_word(const struct gaz_sent *gs, size_t i)
{
	const char *w = TOKEN(gs, i);
	size_t n = gs->len[i];
	return word_in(w, n, body_heads, sizeof body_heads / sizeof *body_heads) ||
	       word_in(w, n, institution_words, sizeof institution_words / sizeof *institution_words);
}

/* Words between a given name and a father's name ("Abdullah bin Abdul Aziz"). */
static const char *const patronymics[] = {"bin", "ibn", "bint", "ben"};

bool word_in(const char *w, size_t n, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (n && list[i][0] == w[0] && strlen(list[i]) == n && !memcmp(list[i], w, n))
			return true;
	return false;
}

bool is_name_particle(const struct gaz_sent *gs, size_t i)
{
	return word_in(TOKEN(gs, i), gs->len[i], name_particles, sizeof name_particles / sizeof *name_particles);
}

bool is_patronymic(const struct gaz_sent *gs, size_t i)
{
	return word_in(TOKEN(gs, i), gs->len[i], patronymics, sizeof patronymics / sizeof *patronymics);
}

static const char *const royal_titles[] = {"emperor", "king", "pope", "prince", "princess", "queen"};

bool is_royal_title(const struct gaz_sent *gs, size_t i)
{
	return word_in(TOKEN(gs, i), gs->len[i], royal_titles, sizeof royal_titles / sizeof *royal_titles);
}

bool is_title(const struct gaz_sent *gs, size_t i)
{
	return word_in(TOKEN(gs, i), gs->len[i], titles, sizeof titles / sizeof *titles);
}

bool starts_lower(const struct tok *t)
{
	return t->len && ((t->s[0] >= 'a' && t->s[0] <= 'z') || t->s[0] == '\'' ||
			  (t->len >= 3 && !memcmp(t->s, "\xE2\x80\x99", 3)));
}

/* "al-Nuaimi", "el-Sisi", "bin-Laden": a lower-case article, a hyphen, a capitalised name */
static bool arabic_article(const struct tok *t)
{
	static const char *const articles[] = {"al-", "el-", "ad-", "as-", "ash-", "az-", "ar-", "an-", "at-", NULL};
	for (const char *const *a = articles; *a; a++) {
		size_t n = strlen(*a);
		if (t->len > n + 1 && !memcmp(t->s, *a, n) && t->s[n] >= 'A' && t->s[n] <= 'Z')
			return true;
	}
	return false;
}

/* Two person mentions with only a name particle between them are one name: the tagger
 * sometimes ends a name at the particle, when its first part is a name it knows alone. Each
 * join drops a mention, and a mention is found by its first token: linear in the mentions. */
int join_name_particles(struct buf *scratch, const char *text, const struct tok *toks,
			       size_t ntok, const struct gaz_sent *gs, struct mentions *m)
{
	if (m->n < 2 || m->n >= UINT32_MAX)
		return 0;
	buf_clear(scratch);
	if (buf_reserve(scratch, ntok * sizeof(uint32_t)) < 0)
		return -1;
	uint32_t *first = (uint32_t *)(void *)scratch->p; /* mention + 1 starting at a token, or 0 */
	memset(first, 0, ntok * sizeof *first);
	for (size_t i = 0; i < m->n; i++) {
		const struct mention *x = &m->v[i];
		if ((x->type == MT_PER || x->type == MT_LOC || x->type == MT_ORG) && !x->dead && !x->part && x->tok0 < ntok)
			first[x->tok0] = (uint32_t)i + 1;
	}
	for (size_t i = 0; i < m->n; i++) {
		struct mention *x = &m->v[i];
		/* "Commission" then "for Africa": a body's head word, one token, and its complement */
		bool body = x->type == MT_ORG && x->tok1 == x->tok0 + 1 &&
			    word_in(TOKEN(gs, x->tok0), gs->len[x->tok0], body_heads, sizeof body_heads / sizeof *body_heads);
		/* "Rashid Abdulla al-Nuaimi": an Arabic article joined to the next part of the name */
		while (x->type == MT_PER && !x->dead && !x->part && x->tok1 < ntok && !first[x->tok1] &&
		       arabic_article(&toks[x->tok1]) && toks[x->tok1].s == text + x->end + 1) {
			x->end = (size_t)(toks[x->tok1].s + toks[x->tok1].len - text);
			x->tok1++;
			x->from_gazetteer = false;
		}
		while ((x->type == MT_PER || body) && !x->dead && !x->part && x->tok1 + 1 < ntok) {
			size_t p = x->tok1;
			uint32_t j = first[p + 1];
			if (!j || j - 1 == i || !starts_lower(&toks[p]) ||
			    !(body ? word_in(TOKEN(gs, p), gs->len[p], (const char *const[]){"for", "of"}, 2)
				   : word_in(TOKEN(gs, p), gs->len[p], name_particles,
					     sizeof name_particles / sizeof *name_particles)))
				break;
			struct mention *y = &m->v[j - 1];
			if (body ? y->type != MT_LOC && y->type != MT_ORG : y->type != MT_PER)
				break;
			/* one blank each side of the particle */
			if (y->dead || toks[p].s != text + x->end + 1 || toks[p].s + toks[p].len + 1 != text + y->start)
				break;
			x->end = y->end;
			x->tok1 = y->tok1;
			x->from_gazetteer = false;
			y->dead = true;
		}
	}
	return 0;
}

static const char *const honorifics[] = {"baroness", "dame", "dr", "lady", "lord", "mr", "mrs", "ms", "prof", "sir"};

/* "Crown" of "Crown Prince Abdullah" tagged as a body: a mention of title words only, before
 * another title word, is the first part of a title, no name. "Lord Kettleby" tagged as a
 * place: an honorific and a name are a person. */
void drop_title_parts(const struct gaz_sent *gs, size_t ntok, struct mentions *m)
{
	for (size_t i = 0; i < m->n; i++) {
		struct mention *x = &m->v[i];
		if (x->dead || x->part || x->type >= MT_DATE || x->tok1 > ntok || x->tok0 >= x->tok1)
			continue;
		if (x->type != MT_PER && x->tok1 - x->tok0 >= 2 &&
		    word_in(TOKEN(gs, x->tok0), gs->len[x->tok0], honorifics, sizeof honorifics / sizeof *honorifics))
			x->type = MT_PER;
		if (x->tok1 == ntok)
			continue;
		size_t t = x->tok0;
		while (t < x->tok1 && is_title(gs, t) && strncmp(TOKEN(gs, t), "the", gs->len[t]))
			t++;
		if (t == x->tok1 && is_title(gs, x->tok1))
			x->dead = true;
	}
}

