/* translit.h: names in other scripts and in other transliterations. A Cyrillic name
 * ("Володимир Зеленський") is written in Latin letters by the schemes of
 * data/tag-entities/translit-*.tsv (Ukrainian KMU 2010, Russian BGN/PCGN) and looked up in the
 * gazetteers; a Latin name is matched to the aliases through a transliteration-folded key that
 * is the same for the spellings the habits of transliteration give one name ("Zelenskyy",
 * "Zelenskiy", "Zelenskyi", "Zelensky"; "Volodimir", "Volodymyr"). Both are fallbacks, for
 * names the gazetteers do not know as written. */
#ifndef TE_TRANSLIT_H
#define TE_TRANSLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "gazetteer.h"
#include "mention.h"
#include "tagger.h"

#define TRANSLIT_SCHEMES 4

struct translit_letter {
	uint32_t cp, cp2;       /* the letter, and the second of a pair ("зг"), 0 when single */
	char latin[8], initial[8];
	uint32_t after[16];     /* letters after which initial is used too */
	uint8_t nafter;
};

struct translit_scheme {
	char name[16];          /* "uk", "ru": from the file's name */
	struct translit_letter *letters;
	size_t n, cap;
	uint16_t first[256];    /* letter + 1 of the first entry of each of U+0400..U+04FF */
};

struct translit {
	const struct gazetteer *gz;
	struct translit_scheme schemes[TRANSLIT_SCHEMES];
	size_t nschemes;
	uint64_t *keys;         /* folded keys of the gazetteer's aliases, open addressing */
	const struct alias **aliases;
	size_t nslots;          /* a power of two, 0 before translit_load */
	struct buf latin, folded, key, other;
};

/* Reads data/tag-entities/translit-uk.tsv and translit-ru.tsv and keys the aliases of gz,
 * which must hold all its entities already. Returns 0, or -1 with "file:line: message" (or
 * "out of memory") in err. */
int translit_load(struct translit *t, const struct gazetteer *gz, char *err, size_t errsize);
void translit_free(struct translit *t);

/* The aliases a name may stand for under another script or transliteration: surface[0..n) is
 * the name as written, folded[0..flen) its folded tokens joined by a space (fold_span). A
 * Cyrillic name is written in Latin letters by each scheme that has all its letters, then
 * looked up as it is and by its folded key; a Latin one is looked up by its folded key when
 * type (the mention's) is PER and it has two words or more. *other_script (when not NULL) tells whether the name has Cyrillic letters. Up to max
 * aliases into out; returns how many (0 also before translit_load). */
size_t translit_lookup(struct translit *t, const char *surface, size_t n, const char *folded,
		       size_t flen, int type, bool *other_script, const struct alias **out, size_t max);

/* The transliteration-folded key of a folded Latin string into out (y and i one letter, doubled
 * letters one, kh h, ie e, ...): docs/tag-entities.md lists the rules. Returns 0, or -1 when out
 * of memory. */
int translit_fold(const char *s, size_t n, struct buf *out);

/* Adds a person mention for each run of capitalised Cyrillic words that no mention covers and
 * whose transliteration is a person of the gazetteers (the tagger's model knows few Cyrillic
 * words), and narrows a Cyrillic mention that ends in such a person to the person (the words
 * before it are titles). scratch is working room. Linear in the tokens and the mentions. Returns 0, or -1
 * when out of memory. */
int translit_add_runs(struct translit *t, struct buf *scratch, const char *text,
		      const struct tok *toks, size_t ntok, struct mentions *m);

#endif
