/* Who "he", "she" and "the mayor" are: a reader takes them for the person the document named
 * last, or named with that title ("London Mayor Ken Livingstone" ... "the mayor said"). Such a
 * word becomes a PER mention of that person before the patterns run, so that every pattern sees
 * a name there. The state is the document's; rows of one document arrive together. */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "entity.h"
#include "events.h"

/* Titles that name one person of a story once it has named them with it. */
static const char *const titles[REFER_TITLES + 1] = {
	"mayor", "chancellor", "minister", "secretary", "president", "premier", "leader", "spokesman",
	"spokeswoman", "judge", "prince", "commander", "chairman", "governor", "senator", "ambassador",
	"king", "queen", NULL};

/* The title's index in titles, or -1. */
static int title_of(const char *w, size_t n)
{
	for (int t = 0; titles[t]; t++)
		if (strlen(titles[t]) == n && !strncasecmp(w, titles[t], n))
			return t;
	return -1;
}

/* At most this many title mentions a sentence: a row of "the mayor" over and over is one
 * sentence of a hostile feed, not news, and each mention costs a look at the others. */
#define MAX_TITLE_MENTIONS 32

void sentence_new_document(struct sentence *s)
{
	when_new_document(s);
	buf_clear(&s->person);
	buf_clear(&s->person_next);
	for (int t = 0; t < REFER_TITLES; t++)
		buf_clear(&s->titled[t]);
	s->nhome = 0;
}

static bool letter(char c)
{
	return isalpha((unsigned char)c) != 0;
}

/* A mention of type over text[at..end) of canon (with its id), in offset order. */
static int add_mention(struct sentence *s, int type, size_t at, size_t end, const char *canon, const char *id)
{
	for (size_t i = 0; i < s->nm; i++)
		if (s->m[i].start < end && at < s->m[i].end)
			return 0; /* tag-entities has a mention there */
	size_t capm = s->capm, capc = s->capm, pos = 0, clen = strlen(canon);
	if (array_grow((void **)&s->m, &capm, s->nm + 1, sizeof *s->m, 32) < 0 ||
	    array_grow((void **)&s->m_canon, &capc, capm, sizeof *s->m_canon, 32) < 0)
		return -1;
	s->capm = capm;
	if (buf_reserve(&s->mtext, clen + 2) < 0)
		return -1;
	while (pos < s->nm && s->m[pos].start < at)
		pos++;
	memmove(s->m + pos + 1, s->m + pos, (s->nm - pos) * sizeof *s->m);
	memmove(s->m_canon + pos + 1, s->m_canon + pos, (s->nm - pos) * sizeof *s->m_canon);
	s->m[pos] = (struct entity_mention){.type = type, .start = at, .end = end, .surface = s->text + at,
					    .surface_len = end - at, .canonical = canon, .canonical_len = clen,
					    .id = id, .id_len = strlen(id)};
	s->m_canon[pos] = s->mtext.len;
	memcpy(s->mtext.p + s->mtext.len, canon, clen + 1);
	s->mtext.len += clen + 1;
	s->nm++;
	return 0;
}

static int add_person(struct sentence *s, size_t at, size_t end, const char *canon, const char *id)
{
	return add_mention(s, MT_PER, at, end, canon, id);
}

/* The countries the sentence names, as places, nationalities or capitals ("Britain",
 * "British", "London"), counted for the document. */
static void count_countries(struct sentence *s)
{
	for (size_t i = 0; i < s->nm; i++) {
		if (s->m[i].type != MT_LOC && s->m[i].type != MT_NORP)
			continue;
		const char *canon = mention_canon(s, i);
		const char *country = s->m[i].type == MT_LOC && country_code(s->lex, canon)
					      ? canon
					      : country_named(s->lex, canon, s->m[i].type, s->published);
		if (!country || strlen(country) >= sizeof s->home[0].name)
			continue;
		size_t k = 0;
		while (k < s->nhome && strcmp(s->home[k].name, country))
			k++;
		if (k == s->nhome) {
			if (k == REFER_COUNTRIES)
				continue;
			struct buf id = {0};
			if (entity_ids(MT_LOC, country, strlen(country), &id) < 0 || id.len != ENTITY_ID_HEX) {
				buf_free(&id);
				continue;
			}
			strcpy(s->home[k].name, country);
			memcpy(s->home[k].id, id.p, ENTITY_ID_HEX);
			s->home[k].id[ENTITY_ID_HEX] = '\0';
			s->home[k].count = 0;
			s->nhome++;
			buf_free(&id);
		}
		s->home[k].count++;
	}
}

/* "the government" or "the police" with no country said: the government (the police) of the
 * country the story has named most (the first named of a tie), if it has named one. Its "the"
 * becomes that country, so that the patterns read "<country> government", as of "the British
 * government", and the actor code has the role (GOV, COP). */
static int government_mentions(struct sentence *s)
{
	const struct home_country *home = NULL;
	for (size_t k = 0; k < s->nhome; k++)
		if (!home || s->home[k].count > home->count)
			home = &s->home[k];
	if (!home)
		return 0;
	/* memmem finds the rare word far faster than a test at every byte (wire headlines are in
	 * capitals); the needle is the word less its first letter, found after "the " and it */
	static const struct {
		const char *needle, *word;
	} bodies[] = {{"overnment", "the government"}, {"OVERNMENT", "the government"},
		      {"olice", "the police"}, {"OLICE", "the police"}};
	const char *t = s->text, *end = t + s->len;
	size_t made = 0;
	for (size_t k = 0; k < sizeof bodies / sizeof *bodies; k++) {
		size_t nn = strlen(bodies[k].needle), wn = strlen(bodies[k].word), back = wn - nn;
		for (const char *g = t; made < 4 && (g = memmem(g, (size_t)(end - g), bodies[k].needle, nn)); g += nn) {
			size_t i = (size_t)(g - t) - back; /* where "the g" would begin */
			if ((size_t)(g - t) < back || (i && letter(t[i - 1])) || strncasecmp(t + i, bodies[k].word, wn) ||
			    (i + wn < s->len && letter(t[i + wn])))
				continue;
			if (i + wn + 4 < s->len && !strncmp(t + i + wn, " of ", 4) && isupper((unsigned char)t[i + wn + 4]))
				continue; /* "the government of Iraq" says whose */
			if (add_mention(s, MT_LOC, i, i + 3, home->name, home->id) < 0)
				return -1;
			made++;
		}
	}
	return 0;
}

/* The first "he" or "she" of the sentence outside quotation marks, when no person is named
 * before it: its offset, or len. */
static size_t pronoun_at(const struct sentence *s)
{
	const char *t = s->text;
	size_t len = s->len, first_person = len;
	for (size_t i = 0; i < s->nm; i++)
		if (s->m[i].type == MT_PER && s->m[i].start < first_person)
			first_person = s->m[i].start;
	bool quoted = false;
	for (size_t i = 0; i < first_person; i++) {
		unsigned char c = (unsigned char)t[i];
		quoted = quote_step(t, i, len, quoted);
		if (quoted || (i && isalnum((unsigned char)t[i - 1])))
			continue;
		size_t n = (c == 'h' || c == 'H') ? 2 : (c == 's' || c == 'S') ? 3 : 0;
		if (n && i + n <= first_person && !strncasecmp(t + i, n == 2 ? "he" : "she", n) &&
		    (i + n == len || !isalnum((unsigned char)t[i + n])))
			return i;
	}
	return len;
}

/* The person the document last named with title t ("canonical\0id\0"), or NULL. */
static const char *titled_person(const struct sentence *s, int t)
{
	return s->titled[t].len ? s->titled[t].p : NULL;
}

/* "Chancellor Gordon Brown": the title right before a person's name. */
static int note_titles(struct sentence *s)
{
	for (size_t i = 0; i < s->nm; i++) {
		const struct entity_mention *m = &s->m[i];
		if (m->type != MT_PER || m->start < 2 || s->text[m->start - 1] != ' ')
			continue;
		size_t we = m->start - 1, ws = we;
		while (ws > 0 && letter(s->text[ws - 1]))
			ws--;
		int t = we > ws && isupper((unsigned char)s->text[ws]) ? title_of(s->text + ws, we - ws) : -1;
		if (t < 0)
			continue;
		const char *c = mention_canon(s, i);
		buf_clear(&s->titled[t]);
		if (buf_append(&s->titled[t], c, strlen(c) + 1) < 0 || buf_append(&s->titled[t], m->id, m->id_len) < 0 ||
		    buf_putc(&s->titled[t], '\0') < 0)
			return -1;
	}
	return 0;
}

/* "the mayor", "the prime minister" with no name after them: the person named so before. */
static int title_mentions(struct sentence *s)
{
	const char *t = s->text;
	bool any = false;
	for (int k = 0; k < REFER_TITLES; k++)
		any |= s->titled[k].len > 0;
	for (size_t i = 0, made = 0; any && made < MAX_TITLE_MENTIONS && i + 4 < s->len; i++) {
		if ((t[i] | 0x20) != 't' || (i && letter(t[i - 1])) || strncasecmp(t + i, "the ", 4))
			continue;
		size_t ws = i + 4, we = ws;
		while (we < s->len && letter(t[we]))
			we++;
		int title = title_of(t + ws, we - ws);
		if (title < 0 && we < s->len && t[we] == ' ') {
			/* one word before the title: "the prime minister", "the home secretary" */
			size_t w2 = we + 1, e2 = w2;
			while (e2 < s->len && letter(t[e2]))
				e2++;
			if ((title = title_of(t + w2, e2 - w2)) >= 0)
				we = e2;
		}
		if (title < 0 || (we + 1 < s->len && t[we] == ' ' && isupper((unsigned char)t[we + 1])))
			continue; /* no title, or a name follows it: "the Chancellor Gordon Brown" */
		const char *canon = titled_person(s, title);
		if (canon && add_person(s, ws, we, canon, canon + strlen(canon) + 1) < 0)
			return -1;
		made += canon != NULL;
	}
	return 0;
}

/* A title tag-entities took for a name ("the Crown Prince" as PER "Prince"): the person the
 * document named with it, else no actor. */
static int title_names(struct sentence *s)
{
	for (size_t i = 0; i < s->nm; i++) {
		const char *c = mention_canon(s, i);
		int t = s->m[i].type == MT_PER ? title_of(c, strlen(c)) : -1;
		if (t < 0)
			continue;
		const char *canon = titled_person(s, t);
		if (!canon) {
			s->m[i].type = MT_MISC;
			continue;
		}
		size_t clen = strlen(canon);
		if (buf_reserve(&s->mtext, clen + 1) < 0)
			return -1;
		s->m_canon[i] = s->mtext.len;
		memcpy(s->mtext.p + s->mtext.len, canon, clen + 1);
		s->mtext.len += clen + 1;
		s->m[i].id = canon + clen + 1;
		s->m[i].id_len = strlen(s->m[i].id);
	}
	return 0;
}

static bool is_office(const char *w, size_t n)
{
	static const char *const offices[] = {"minister", "mp", "judge", "lawmaker", "senator", "congressman",
					      "congresswoman", "peer", "mayor", "governor", "councillor", "chairman",
					      "chairwoman", "executive", "leader", "campaigner", "activist", "general",
					      "commander", "ambassador", "envoy", "legislator", "politician", "secretary",
					      "chancellor", NULL};
	for (const char *const *o = offices; *o; o++)
		if (strlen(*o) == n && !strncasecmp(w, *o, n))
			return true;
	return false;
}

/* The end of a lead's describing subject at the sentence's start ("A former Home Office
 * minister", "A U.S. judge", "A key U.S. lawmaker"): "A" or "An", at most five words, a noun
 * of a person who holds an office; 0 when there is none. Not "a senior official" nor "a
 * diplomat": a source the story never names. */
static size_t lead_descriptor(const struct sentence *s)
{
	const char *t = s->text;
	size_t len = s->len, i;
	if (len > 3 && !strncmp(t, "A ", 2))
		i = 2;
	else if (len > 4 && !strncmp(t, "An ", 3))
		i = 3;
	else
		return 0;
	for (int words = 0; words < 6 && i < len; words++) {
		size_t b = i;
		while (i < len && (letter(t[i]) || t[i] == '-' || t[i] == '.' || t[i] == '\''))
			i++;
		if (i == b)
			return 0;
		if (is_office(t + b, i - b))
			return i < len && t[i] == ' ' ? i : 0;
		if (i >= len || (t[i] != ' ' && t[i] != '\n'))
			return 0;
		i++;
	}
	return 0;
}

/* "..., the work and pensions minister has said.": the speaker a lead describes at its end,
 * from its "the" to its office noun ([*from, return)), or 0. */
static size_t lead_speaker(const struct sentence *s, size_t *from)
{
	static const char *const says[] = {"said", "says", "has said", "has warned", "has acknowledged",
					   "has admitted", "has claimed", "has told", "added", "warned", NULL};
	const char *t = s->text;
	size_t len = s->len;
	while (len && (t[len - 1] == '.' || t[len - 1] == ' ' || t[len - 1] == '\n'))
		len--;
	for (const char *const *v = says; *v; v++) {
		size_t n = strlen(*v);
		if (len < n + 8 || strncmp(t + len - n, *v, n) || t[len - n - 1] != ' ')
			continue;
		size_t office_end = len - n - 1, b = office_end;
		while (b && letter(t[b - 1]))
			b--;
		if (!is_office(t + b, office_end - b))
			continue; /* "has said" after "said" */
		/* back to ", the" over at most five words */
		size_t i = b;
		for (int words = 0; words < 6 && i >= 6; words++) {
			if (!strncmp(t + i - 6, ", the ", 6)) {
				*from = i - 4;
				return office_end;
			}
			i--;
			while (i && t[i - 1] != ' ' && t[i - 1] != ',')
				i--;
		}
		return 0;
	}
	return 0;
}

/* Puts a LEAD_MARK mention over the lead's describing subject or speaker, in the place of the
 * mentions in it ("A U.S. judge": not the United States). */
static int lead_mention(struct sentence *s)
{
	if (s->doc_rows > 1)
		return 0;
	size_t from = 0, end = lead_descriptor(s);
	if (!end)
		end = lead_speaker(s, &from);
	if (!end)
		return 0;
	for (size_t i = 0; i < s->nm; i++)
		if (s->m[i].type == MT_PER && s->m[i].start < end)
			return 0; /* "A Labour MP, Tom Dale, said", "Tom Dale said ..., the minister said": named */
	size_t keep = 0;
	for (size_t i = 0; i < s->nm; i++)
		if (s->m[i].start >= end || s->m[i].end <= from) {
			s->m[keep] = s->m[i];
			s->m_canon[keep++] = s->m_canon[i];
		}
	s->nm = keep;
	return add_person(s, from, end, LEAD_MARK, "");
}

int refer_mentions(struct sentence *s)
{
	if (s->person_next.len) {
		struct buf t = s->person;
		s->person = s->person_next;
		s->person_next = t;
		buf_clear(&s->person_next);
	}
	/* the titles first: the mentions made after point into s->titled, which must not move */
	if (note_titles(s) < 0 || title_names(s) < 0 || title_mentions(s) < 0)
		goto oom;
	count_countries(s);
	if (government_mentions(s) < 0)
		goto oom;
	for (size_t i = 0; i < s->nm; i++)
		if (s->m[i].type == MT_PER) {
			const char *c = mention_canon(s, i);
			if (buf_append(&s->person_next, c, strlen(c) + 1) < 0 ||
			    buf_append(&s->person_next, s->m[i].id, s->m[i].id_len) < 0 ||
			    buf_putc(&s->person_next, '\0') < 0)
				goto oom;
			break;
		}
	if (lead_mention(s) < 0)
		goto oom;
	if (s->person.len) {
		size_t at = pronoun_at(s);
		size_t n = at < s->len && tolower((unsigned char)s->text[at]) == 'h' ? 2 : 3;
		const char *canon = s->person.p;
		if (at < s->len && add_person(s, at, at + n, canon, canon + strlen(canon) + 1) < 0)
			goto oom;
	}
	return 0;
oom:
	snprintf(s->err, sizeof s->err, "out of memory");
	return -1;
}

/* The person a later "he" stands for: the sentence's speaker, else the first actor1 of its
 * events, who is a person named in it, else (as refer_mentions set) its first person. */
int refer_note_events(struct sentence *s)
{
	/* the speaker first ("Petrovsky told reporters that Washington ..."), then the actors */
	for (size_t i = 0; i < 2 * s->nev; i++) {
		const struct found_event *e = &s->ev[i % s->nev];
		bool say = e->kind == PK_SAY || e->kind == PK_ATTR;
		if ((i < s->nev) != say || (!say && e->drop) || !e->has_a1 || !e->a1.id.len)
			continue;
		for (size_t k = 0; k < s->nm; k++)
			if (s->m[k].type == MT_PER && s->m[k].id_len == e->a1.id.len &&
			    !memcmp(s->m[k].id, sp(s, e->a1.id), e->a1.id.len)) {
				buf_clear(&s->person_next);
				if (buf_append(&s->person_next, sp(s, e->a1.name), e->a1.name.len) < 0 ||
				    buf_putc(&s->person_next, '\0') < 0 ||
				    buf_append(&s->person_next, sp(s, e->a1.id), e->a1.id.len) < 0 ||
				    buf_putc(&s->person_next, '\0') < 0) {
					snprintf(s->err, sizeof s->err, "out of memory");
					return -1;
				}
				return 0;
			}
	}
	return 0;
}
