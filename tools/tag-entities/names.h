/* The shape of names (names.c): titles, particles, bodies completed by "for"/"of". */
#ifndef TE_NAMES_H
#define TE_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "gazetteer.h"
#include "mention.h"
#include "tagger.h"

/* Folded token i of a sentence. */
#define TOKEN(gs, i) ((gs)->folded.p + (gs)->off[i])

bool word_in(const char *w, size_t n, const char *const *list, size_t count);
/* A word that comes before a name without being part of it ("president", "mr", "lord"). */
bool is_title(const struct gaz_sent *gs, size_t i);
bool is_royal_title(const struct gaz_sent *gs, size_t i); /* king, queen, prince, pope ... */
bool is_name_particle(const struct gaz_sent *gs, size_t i); /* de, van, bin, al ... */
bool is_patronymic(const struct gaz_sent *gs, size_t i);    /* bin, ibn, bint, ben */
bool is_institution_word(const struct gaz_sent *gs, size_t i); /* assembly, department ... */
bool starts_lower(const struct tok *t);
/* Joins person mentions with a particle between them, a person's name and an Arabic article
 * joined to its next part, a body's head word and its "for"/"of" complement; scratch is
 * working room. Linear in the mentions. Returns 0, or -1 when out of memory. */
int join_name_particles(struct buf *scratch, const char *text, const struct tok *toks, size_t ntok,
			const struct gaz_sent *gs, struct mentions *m);
/* Marks dead the title words taken for a name before another title ("Crown" of "Crown
 * Prince"), and makes an honorific with a name a person ("Lord Kettleby"). */
void drop_title_parts(const struct gaz_sent *gs, size_t ntok, struct mentions *m);

#endif
