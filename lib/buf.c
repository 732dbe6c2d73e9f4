#include <stdbool.h>
#include <stdlib.h>

#include "buf.h"

int buf_reserve(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

int buf_append(struct buf *b, const void *s, size_t n)
{
	if (buf_reserve(b, n) < 0)
		return -1;
	if (n) /* s may be NULL then (an absent id) */
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

int array_grow(void **v, size_t *cap, size_t n, size_t size, size_t first)
{
	if (n <= *cap)
		return 0;
	size_t c = *cap ? 2 * *cap : first;
	while (c < n)
		c *= 2;
	void *q = realloc(*v, c * size);
	if (!q)
		return -1;
	*v = q;
	*cap = c;
	return 0;
}

char *decimal_into(char *dst, unsigned long long v)
{
	/* two digits a step, written from the end: numbers are a good part of every output row */
	static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
				    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
				    "8081828384858687888990919293949596979899";
	size_t n = 1;
	for (unsigned long long t = v; t >= 10; t /= 10)
		n++;
	char *end = dst + n, *w = end;
	while (v >= 100) {
		size_t k = (size_t)(v % 100) * 2;
		v /= 100;
		*--w = pairs[k + 1];
		*--w = pairs[k];
	}
	if (v >= 10) {
		*--w = pairs[v * 2 + 1];
		*--w = pairs[v * 2];
	} else {
		*--w = (char)('0' + v);
	}
	return end;
}

size_t fold_blanks(char *p, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool blank = p[i] == ' ' || p[i] == '\n' || p[i] == '\t' || p[i] == '\r';
		if (!blank)
			p[k++] = p[i];
		else if (k && p[k - 1] != ' ')
			p[k++] = ' ';
	}
	while (k && p[k - 1] == ' ')
		k--;
	return k;
}
