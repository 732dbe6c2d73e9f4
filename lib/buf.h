/* buf.h: a growable byte buffer, reused across records so the hot loop does not allocate. */
#ifndef CC_BUF_H
#define CC_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char *p;
	size_t len;
	size_t cap;
};

/* Makes room for at least extra more bytes plus a NUL. Returns 0, or -1 when out of memory
 * (the buffer is left as it was). */
int buf_reserve(struct buf *b, size_t extra);

/* Appends n bytes and keeps the buffer NUL-terminated. Returns 0 or -1 (out of memory). */
int buf_append(struct buf *b, const void *s, size_t n);

static inline int buf_putc(struct buf *b, char c)
{
	if (b->len + 2 > b->cap && buf_reserve(b, 1) < 0)
		return -1;
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
	return 0;
}

static inline void buf_clear(struct buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

/* Frees the storage; the buffer may be reused afterwards. */
void buf_free(struct buf *b);

/* Grows the array *v, of *cap items of size bytes, to hold at least n (doubling from first).
 * Returns 0, or -1 when out of memory (*v and *cap unchanged). */
int array_grow(void **v, size_t *cap, size_t n, size_t size, size_t first);

/* Writes v in decimal at dst (at most 20 bytes, no NUL); returns the end of what it wrote. */
char *decimal_into(char *dst, unsigned long long v);

/* Folds p[0..n) in place: each run of blanks (space, tab, CR, LF) becomes one space, none at
 * either end ("Vladimir\nPetrovsky" is "Vladimir Petrovsky"). Returns the new length. */
size_t fold_blanks(char *p, size_t n);

#endif
