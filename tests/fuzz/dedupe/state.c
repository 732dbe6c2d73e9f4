/* Fuzz target: dedupe's SQLite state (state.c) on damaged files. The first byte picks the mode
 * and what is done; the rest becomes the state file, in /tmp under a name of this process. Seeds
 * are states that dedupe made from the keys below, so that mutations reach rows that a probe
 * reads. Opening it must work or fail with a message, never crash; when it opens, two batches
 * decide the keys below (probing, verifying what the rows hold as main.c does, adding what is
 * new), the second maybe rolled back, and the state is opened again. Files are removed after
 * each input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dedupe.h"

static const char *const keys[] = {
	"The Federal Reserve entered the market to arrange 1.5 billion dlrs of repurchase agreements",
	"THE FEDERAL RESERVE entered the market to arrange 1.5 billion dlrs of repurchase agreements!",
	"The Federal Reserve entered the market to arrange 2 billion dlrs of repurchase agreements",
	"Shares of the company rose 4 pct in early trading after the results",
	"Rain is expected over the weekend",
	"Rain is expected over the weekend, forecasters said",
};
#define NKEYS (sizeof keys / sizeof *keys)

static char path[64], aux[80];

struct look {
	const struct sketch *sk;
	enum mode mode;
	bool dup;
};

/* what verify() of main.c reads of a row */
static int look(void *arg, const struct rep_view *v)
{
	struct look *l = arg;
	unsigned sum = 0; /* the id is read whole: ASan checks its length */
	for (size_t i = 0; i < v->idlen; i++)
		sum += (unsigned char)v->id[i];
	if (sum == 1)
		return 0; /* an id of one U+0001: nothing to see */
	double sim = 1;
	if (l->mode == MODE_MINHASH) {
		if (!v->sig)
			abort(); /* a row without a whole signature must be refused as damaged */
		sim = sig_similarity(v->sig, l->sk->sig);
	} else if (l->mode == MODE_SIMHASH) {
		sim = 1 - __builtin_popcountll(v->simhash ^ l->sk->simhash) / 64.0;
	}
	if (v->nfigures < 0 || v->nfigures > MAX_FIGURES || v->size < 1)
		abort();
	if (!figures_conflict(l->sk->figures, l->sk->nfigures, v->figures, v->nfigures) && sim >= 0.65)
		l->dup = true;
	return 0;
}

static int batch(struct state *st, struct sketcher *k, struct sketch *sk, enum mode mode, bool commit)
{
	if (state_begin(st) < 0)
		return -1;
	for (size_t i = 0; i < NKEYS; i++) {
		if (sketch_key(k, keys[i], strlen(keys[i]), 0, sk) < 0)
			abort();
		state_prefetch(st, sk);
		state_prefetch_more(st, sk);
		struct look l = {sk, mode, false};
		int n = state_key_count(st, sk);
		for (int j = 0; j < n && !l.dup; j++)
			if (state_each(st, sk->keys[j], j == 0, 16, look, &l) < 0)
				goto fail;
		char id[8];
		snprintf(id, sizeof id, "k%zu", i);
		if (!l.dup && state_add(st, id, strlen(id), sk) < 0)
			goto fail;
	}
	if (!commit) {
		state_rollback(st);
		return 0;
	}
	return state_commit(st);
fail:
	state_rollback(st);
	return -1;
}

static void remove_files(void)
{
	static const char *const ends[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
		snprintf(aux, sizeof aux, "%s%s", path, ends[i]);
		unlink(aux);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (!path[0])
		snprintf(path, sizeof path, "/tmp/dedupe-fuzz-state-%ld.db", (long)getpid());
	remove_files();
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data + 1, 1, size - 1, f) != size - 1 || fclose(f) != 0)
		abort();
	struct sketch_params p = {.mode = (data[0] & 3) == 1 ? MODE_EXACT : (data[0] & 3) == 2 ? MODE_SIMHASH : MODE_MINHASH,
				  .shingle = 3, .number_weight = 2, .bands = 42, .rows = 3, .bits = 3};
	int per_row = p.mode == MODE_EXACT ? 1 : p.mode == MODE_SIMHASH ? p.bits + 2 : 12;
	if (data[0] & 0x80)
		per_row = p.mode == MODE_MINHASH ? 43 : per_row; /* a state read with all its band keys */
	char scheme[128];
	sketch_scheme(&p, scheme, sizeof scheme);
	struct sketcher k = {.p = p};
	struct sketch *sk = malloc(sizeof *sk);
	if (!sk)
		abort();
	for (int round = 0; round < 2; round++) {
		struct state *st = state_open(path, scheme, p.mode == MODE_MINHASH, per_row, 0);
		if (!st)
			break;
		int rc = batch(st, &k, sk, p.mode, true);
		if (rc == 0)
			rc = batch(st, &k, sk, p.mode, !(data[0] & 0x40));
		state_close(st);
		if (rc < 0)
			break;
	}
	remove_files();
	buf_free(&k.fold);
	free(sk);
	return 0;
}
