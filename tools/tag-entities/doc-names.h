/* doc-names.h: short forms met in the current document (a surname, a name as folded) and the
 * canonical names they stand for, bounded whatever the document; and a cache, over all
 * documents, of names no misspelling of which the gazetteers know. */
#ifndef TE_DOC_NAMES_H
#define TE_DOC_NAMES_H

#include <stddef.h>
#include <stdint.h>

struct doc_names;

/* the type under which a person's surname as written is kept too ("Jordan" of "Neil Jordan"):
 * none of the mention types */
#define DOC_SURNAME 255

/* NULL when out of memory. */
struct doc_names *doc_names_new(void);
void doc_names_free(struct doc_names *d);
/* Forgets the short forms of the document (not the cache of unknown names). */
void doc_names_clear(struct doc_names *d);
/* The canonical name(s) key stands for as a name of type, "A|B" when several, or NULL. */
const char *doc_find(const struct doc_names *d, uint64_t key, int type, size_t *len);
/* Notes key -> canonical. Returns 0, or -1 when out of memory. */
int doc_note(struct doc_names *d, uint64_t key, int type, const char *canon, size_t len);
/* The slot of the cache of unknown names for key. */
uint64_t *doc_unknown(struct doc_names *d, uint64_t key);

#endif
