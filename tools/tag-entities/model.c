/* The tagger's files: the model (mapped, not read) and the word clusters. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data.h"
#include "err.h"
#include "hash.h"
#include "tagger.h"

struct model_header {
	char magic[8];
	uint32_t bits;
	uint32_t ntags;
	float scale;
	uint32_t reserved[3];
};

int model_load(struct model *m, const char *path, char *err, size_t errsize)
{
	memset(m, 0, sizeof *m);
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		msg_format_at(err, errsize, path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || (size_t)st.st_size < sizeof(struct model_header)) {
		msg_format_at(err, errsize, path, 0, "not a tagger model");
		close(fd);
		return -1;
	}
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		msg_format_at(err, errsize, path, 0, "cannot map: %s", strerror(errno));
		return -1;
	}
	struct model_header hd;
	memcpy(&hd, p, sizeof hd);
	size_t want = sizeof hd + ((size_t)1 << (hd.bits < 30 ? hd.bits : 0)) * NTAGS * sizeof(int16_t);
	if (memcmp(hd.magic, MODEL_MAGIC, 8) != 0 || hd.ntags != NTAGS || hd.bits < 8 ||
	    hd.bits > 28 || (size_t)st.st_size != want) {
		msg_format_at(err, errsize, path, 0,
			      "not a tagger model of this version (retrain with make model)");
		munmap(p, (size_t)st.st_size);
		return -1;
	}
	m->bits = hd.bits;
	m->mask = (1u << hd.bits) - 1;
	m->scale = hd.scale;
	m->map = p;
	m->maplen = (size_t)st.st_size;
	m->w = (const int16_t *)((const char *)p + sizeof hd);
	return 0;
}

void model_free(struct model *m)
{
	if (m->map)
		munmap(m->map, m->maplen);
	free(m->owned);
	memset(m, 0, sizeof *m);
}

int model_save(const struct model *m, const char *path)
{
	struct model_header hd = {0};
	memcpy(hd.magic, MODEL_MAGIC, 8);
	hd.bits = m->bits;
	hd.ntags = NTAGS;
	hd.scale = m->scale;
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t cells = ((size_t)1 << m->bits) * NTAGS;
	if (fwrite(&hd, sizeof hd, 1, f) != 1 || fwrite(m->w, sizeof(int16_t), cells, f) != cells) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

size_t table_slots_for_lines(FILE *f)
{
	size_t lines = 0;
	int ch;
	while ((ch = getc(f)) != EOF)
		lines += ch == '\n';
	rewind(f);
	size_t slots = 1024;
	while (slots < lines * 2)
		slots *= 2;
	return slots;
}

/* Doubles the table of word clusters (open addressing, at most half full). */
static int clusters_grow(struct clusters *c)
{
	size_t cap = c->cap ? 2 * c->cap : 1024;
	uint64_t *keys = calloc(cap, sizeof *keys);
	uint32_t *paths = calloc(cap, sizeof *paths);
	if (!keys || !paths) {
		free(keys);
		free(paths);
		return -1;
	}
	for (size_t i = 0; i < c->cap; i++) {
		if (!c->keys[i])
			continue;
		size_t j = (size_t)hash_mix64(c->keys[i]) & (cap - 1);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = c->keys[i];
		paths[j] = c->paths[i];
	}
	free(c->keys);
	free(c->paths);
	c->keys = keys;
	c->paths = paths;
	c->cap = cap;
	return 0;
}

/* The bin of a word's share of capitals inside sentences, 1 to 7 (0: not known). */
static uint32_t case_bin(const char *share)
{
	if (!share || *share < '0' || *share > '9')
		return 0;
	long pct = strtol(share, NULL, 10);
	static const long upper[] = {1, 5, 25, 50, 75, 95};
	uint32_t bin = 1;
	while (bin <= 6 && pct >= upper[bin - 1])
		bin++;
	return bin;
}

/* A line "path TAB word TAB count [TAB capitals]" of the clusters file (data_lines). */
static int cluster_line(void *ctx, char *line, size_t len, unsigned long lineno)
{
	struct clusters *c = ctx;
	(void)len;
	(void)lineno;
	char *tab = strchr(line, '\t');
	if (!tab)
		return 0;
	*tab = '\0';
	char *word = tab + 1, *tab2 = strchr(word, '\t'), *share = NULL;
	if (tab2) {
		*tab2 = '\0';
		char *tab3 = strchr(tab2 + 1, '\t');
		share = tab3 ? tab3 + 1 : NULL;
	}
	size_t plen = strlen(line);
	if (plen > CLUSTER_PATH_MAX)
		plen = CLUSTER_PATH_MAX;
	uint32_t bits = 0;
	for (size_t i = 0; i < plen; i++)
		bits = bits << 1 | (line[i] == '1');
	if ((c->count + 1) * 2 > c->cap && clusters_grow(c) < 0)
		return 1; /* out of memory: data_lines() returns it */
	uint64_t key = tagger_word_key(word, strlen(word));
	size_t i = (size_t)hash_mix64(key) & (c->cap - 1);
	while (c->keys[i] && c->keys[i] != key)
		i = (i + 1) & (c->cap - 1);
	if (!c->keys[i])
		c->count++;
	c->keys[i] = key;
	c->paths[i] = CLUSTER_KNOWN | case_bin(share) << CLUSTER_PATH_MAX |
		      (plen ? bits << (CLUSTER_PATH_MAX - plen) : 0);
	return 0;
}

int clusters_load(struct clusters *c, const char *path, char *err, size_t errsize)
{
	memset(c, 0, sizeof *c);
	int rc = data_lines(path, cluster_line, c, err, errsize);
	if (rc > 0 || (rc == 0 && !c->cap && clusters_grow(c) < 0)) {
		snprintf(err, errsize, "out of memory");
		rc = -1;
	}
	if (rc < 0)
		clusters_free(c);
	return rc < 0 ? -1 : 0;
}

void clusters_free(struct clusters *c)
{
	free(c->keys);
	free(c->paths);
	memset(c, 0, sizeof *c);
}
