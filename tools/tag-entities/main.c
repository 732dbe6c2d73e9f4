/* tag-entities: names, numbers and dates in sentence rows, resolved to canonical entities. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "err.h"
#include "gazetteer.h"
#include "hash.h"
#include "mention.h"
#include "numeric.h"
#include "opts.h"
#include "out.h"
#include "resolve.h"
#include "tagger.h"
#include "tokenize.h"
#include "tsv.h"

/* The gazetteers shipped in data/tag-entities/, read before the user's. */
static const char *const shipped_gazetteers[] = {
	"countries.tsv", "places.tsv", "organisations.tsv", "people.tsv", "groups.tsv", "misc.tsv",
	"subdivisions.tsv",
};

#define MAX_USER_GAZETTEERS 64
#define TAG_CHUNK 2000
#define CAPITAL_SLOTS 4096

struct options {
	struct common_opts common;
	const char *text_column, *published_column, *doc_column;
	const char *model_path, *patterns_path;
	const char *gazetteers[MAX_USER_GAZETTEERS];
	int ngazetteers;
	bool mentions, no_model;
	const char *train, *dev, *conll, *output, *clusters_out;
	int epochs;
	int beam;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTIONS] [FILE...]\n"
		"Find the names (PER, ORG, LOC, NORP, MISC), dates, times, durations, quantities, money\n"
		"and percentages in sentence rows, resolve each name to a canonical entity, and append\n"
		"an entities column: TYPE:surface@start-end=canonical;... (byte offsets in the text).\n"
		"\n"
		"  -t, --text-column NAME      the sentence column (default: text)\n"
		"  -p, --published-column NAME the article's date, for relative dates and roles\n"
		"                              (default: published; optional)\n"
		"  -d, --doc-column NAME       rows of one document share short forms (default: doc_id)\n"
		"  -m, --mentions              one row per mention: type, surface, start, end,\n"
		"                              canonical, entity_id after the input columns\n"
		"  -g, --gazetteer FILE        more known entities (TSV: type name aliases role of\n"
		"                              from to); may be repeated\n"
		"      --model FILE            the tagger model (default: data/tag-entities/model.bin)\n"
		"      --no-model              gazetteers and patterns only\n"
		"      --beam N                paths the tagger follows, 1 to 12 (default 5): more is\n"
		"                              slower and a little better\n"
		"      --patterns FILE         numeric patterns (default: data/tag-entities/numeric.tsv)\n"
		"      --train FILE            train a model on a CoNLL-2003 file (with --dev, --output)\n"
		"      --dev FILE              the development set that chooses the epoch\n"
		"      --epochs N              most training epochs (default 12)\n"
		"  -o, --output FILE           where --train writes the model\n"
		"      --conll FILE            tag a CoNLL-2003 file: word, gold and predicted tag\n"
		"      --word-clusters OUT     cluster the words of the text of the TSV FILEs into OUT\n"
		"                              (the tagger's word cluster features; make model)\n"
		COMMON_HELP
		"\n"
		"Example:\n"
		"  ingest --manifest seeds/manifest.tsv | segment | tag-entities --mentions | cut -f1,11-\n",
		progname);
}

static int parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_MODEL = OPT_TOOL_FIRST, OPT_NO_MODEL, OPT_PATTERNS, OPT_TRAIN, OPT_DEV, OPT_EPOCHS, OPT_CONLL, OPT_CLUSTERS, OPT_BEAM };
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{"text-column", required_argument, NULL, 't'},
		{"published-column", required_argument, NULL, 'p'},
		{"doc-column", required_argument, NULL, 'd'},
		{"mentions", no_argument, NULL, 'm'},
		{"gazetteer", required_argument, NULL, 'g'},
		{"model", required_argument, NULL, OPT_MODEL},
		{"no-model", no_argument, NULL, OPT_NO_MODEL},
		{"patterns", required_argument, NULL, OPT_PATTERNS},
		{"train", required_argument, NULL, OPT_TRAIN},
		{"dev", required_argument, NULL, OPT_DEV},
		{"epochs", required_argument, NULL, OPT_EPOCHS},
		{"output", required_argument, NULL, 'o'},
		{"conll", required_argument, NULL, OPT_CONLL},
		{"word-clusters", required_argument, NULL, OPT_CLUSTERS},
		{"beam", required_argument, NULL, OPT_BEAM},
		{NULL, 0, NULL, 0},
	};
	o->text_column = "text";
	o->published_column = "published";
	o->doc_column = "doc_id";
	o->epochs = 12;
	int c;
	while ((c = getopt_long(argc, argv, "d:g:hmo:p:t:", longopts, NULL)) != -1) {
		switch (common_option(c, optarg, &o->common, usage)) {
		case COMMON_HANDLED: continue;
		case COMMON_EXIT_OK: exit(EXIT_OK);
		case COMMON_EXIT_FAIL: exit(EXIT_FAIL);
		case COMMON_BAD: exit(EXIT_USAGE);
		case COMMON_UNKNOWN: break;
		}
		switch (c) {
		case 't': o->text_column = optarg; break;
		case 'p': o->published_column = optarg; break;
		case 'd': o->doc_column = optarg; break;
		case 'm': o->mentions = true; break;
		case 'g':
			if (o->ngazetteers == MAX_USER_GAZETTEERS) {
				msg("--gazetteer: at most %d files", MAX_USER_GAZETTEERS);
				usage_hint();
				exit(EXIT_USAGE);
			}
			o->gazetteers[o->ngazetteers++] = optarg;
			break;
		case 'o': o->output = optarg; break;
		case OPT_MODEL: o->model_path = optarg; break;
		case OPT_NO_MODEL: o->no_model = true; break;
		case OPT_PATTERNS: o->patterns_path = optarg; break;
		case OPT_TRAIN: o->train = optarg; break;
		case OPT_DEV: o->dev = optarg; break;
		case OPT_CONLL: o->conll = optarg; break;
		case OPT_CLUSTERS: o->clusters_out = optarg; break;
		case OPT_BEAM: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > BEAM) {
				msg("--beam: '%s' is not a number from 1 to %d", optarg, BEAM);
				usage_hint();
				exit(EXIT_USAGE);
			}
			o->beam = (int)n;
			break;
		}
		case OPT_EPOCHS: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 100) {
				msg("--epochs: '%s' is not a number from 1 to 100", optarg);
				usage_hint();
				exit(EXIT_USAGE);
			}
			o->epochs = (int)n;
			break;
		}
		default: usage_hint(); exit(EXIT_USAGE);
		}
	}
	if (o->train && (!o->dev || !o->output)) {
		msg("--train needs --dev and --output");
		usage_hint();
		exit(EXIT_USAGE);
	}
	return optind;
}

struct tagger_state {
	struct model model;
	bool have_model;
	struct clusters clusters;
	struct gazetteer gz;
	struct numeric *numeric;
	struct tagger_ws ws;
	struct history history;
	struct tokens toks;
	struct gaz_sent gs;
	gazmask *gaz;
	uint8_t *tags;
	size_t cap;
	struct mentions m;
	struct resolver res;
	/* the words of the document written with a capital after another word (a name there,
	 * not the start of a sentence): folded keys, open addressing, and the slots in use */
	uint64_t capital_key[CAPITAL_SLOTS];
	/* data/tag-entities/common-words.tsv: folded keys, open addressing (empty: none) */
	uint64_t *common;
	size_t common_cap;
	uint16_t capital_slot[CAPITAL_SLOTS / 2];
	unsigned capital_used;
};

static void capital_clear(struct tagger_state *st)
{
	for (unsigned u = 0; u < st->capital_used; u++)
		st->capital_key[st->capital_slot[u]] = 0;
	st->capital_used = 0;
}

/* Notes key; returns whether it was there already (note: false only asks). */
static bool capital_seen(struct tagger_state *st, uint64_t key, bool note)
{
	key |= 1; /* never 0, the empty slot */
	size_t i = (size_t)hash_mix64(key) & (CAPITAL_SLOTS - 1);
	while (st->capital_key[i]) {
		if (st->capital_key[i] == key)
			return true;
		i = (i + 1) & (CAPITAL_SLOTS - 1);
	}
	if (note && st->capital_used < CAPITAL_SLOTS / 2) {
		st->capital_key[i] = key;
		st->capital_slot[st->capital_used++] = (uint16_t)i;
	}
	return false;
}

static bool common_word(const struct tagger_state *st, uint64_t key)
{
	if (!st->common_cap)
		return false;
	key |= 1;
	for (size_t i = (size_t)hash_mix64(key) & (st->common_cap - 1); st->common[i];
	     i = (i + 1) & (st->common_cap - 1))
		if (st->common[i] == key)
			return true;
	return false;
}

/* Reads the common words (one a line, # comments). Returns 0 or -1 with a message. */
static int load_common(struct tagger_state *st, const char *path, char *err, size_t errsize)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errsize, "cannot open '%.900s': %s", path, strerror(errno));
		return -1;
	}
	st->common_cap = table_slots_for_lines(f);
	st->common = calloc(st->common_cap, sizeof *st->common);
	struct gaz_sent gs = {0};
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = st->common ? 0 : -1;
	while (rc == 0 && (len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		struct tok t = {line, (size_t)len};
		if (gaz_prepare(&gs, &t, 1) < 0) {
			rc = -1;
			break;
		}
		uint64_t key = gaz_key(gs.folded.p + gs.off[0], gs.len[0]) | 1;
		size_t i = (size_t)hash_mix64(key) & (st->common_cap - 1);
		while (st->common[i] && st->common[i] != key)
			i = (i + 1) & (st->common_cap - 1);
		st->common[i] = key;
	}
	if (rc < 0)
		snprintf(err, errsize, "out of memory");
	gaz_sent_free(&gs);
	free(line);
	fclose(f);
	return rc;
}

static bool is_word_start(const struct tok *t)
{
	unsigned char c = (unsigned char)t->s[0];
	return t->len && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  c >= 0x80);
}

/* "Posted", "Nearby", "Emergency": one capitalised word, alone as a name, first in its
 * sentence (or a heading of one word), whose lower-case form is a common word of the news the
 * clusters were made from, is that word, not a name, unless a gazetteer knows it or the
 * document wrote it with a capital inside a sentence. */
static bool common_first_word(struct tagger_state *st, const struct tok *t)
{
	if (st->toks.n > TAG_CHUNK || t->len < 2 || t->s[0] < 'A' || t->s[0] > 'Z')
		return false;
	for (size_t k = 1; k < t->len; k++)
		if (t->s[k] < 'a' || t->s[k] > 'z')
			return false;
	/* "Ill." is Illinois: an abbreviation is not the word */
	if (st->toks.n > 1 && st->toks.v[1].s == t->s + t->len && st->toks.v[1].s[0] == '.')
		return false;
	if (st->gaz[0] || !common_word(st, gaz_key(st->gs.folded.p + st->gs.off[0], st->gs.len[0])))
		return false;
	return !capital_seen(st, gaz_key(st->gs.folded.p + st->gs.off[0], st->gs.len[0]), false);
}

static int load_data(struct tagger_state *st, const struct options *o, bool need_model)
{
	char path[PATH_MAX], err[1024];
	for (size_t i = 0; i < sizeof shipped_gazetteers / sizeof *shipped_gazetteers; i++) {
		char name[128];
		snprintf(name, sizeof name, "tag-entities/%s", shipped_gazetteers[i]);
		if (data_path(name, path, sizeof path) < 0) {
			msg("cannot find the data file '%s'", path);
			return -1;
		}
		if (gaz_load(&st->gz, path, err, sizeof err) < 0) {
			msg("%s", err);
			return -1;
		}
	}
	for (int i = 0; i < o->ngazetteers; i++)
		if (gaz_load(&st->gz, o->gazetteers[i], err, sizeof err) < 0) {
			msg("%s", err);
			return -1;
		}
	if (data_path("tag-entities/clusters.tsv", path, sizeof path) == 0 &&
	    clusters_load(&st->clusters, path, err, sizeof err) < 0) {
		msg("%s", err);
		return -1;
	}
	if (data_path("tag-entities/common-words.tsv", path, sizeof path) == 0 &&
	    load_common(st, path, err, sizeof err) < 0) {
		msg("%s", err);
		return -1;
	}
	if (need_model && !o->no_model) {
		if (o->model_path)
			snprintf(path, sizeof path, "%s", o->model_path);
		else if (data_path("tag-entities/model.bin", path, sizeof path) < 0) {
			msg("cannot find the model '%s' (make model builds it)", path);
			return -1;
		}
		if (model_load(&st->model, path, err, sizeof err) < 0) {
			msg("%s", err);
			return -1;
		}
		st->model.beam = (unsigned)o->beam;
		st->have_model = true;
	}
	return 0;
}

static int load_patterns(struct tagger_state *st, const struct options *o)
{
	char path[PATH_MAX], err[1024];
	if (o->patterns_path)
		snprintf(path, sizeof path, "%s", o->patterns_path);
	else if (data_path("tag-entities/numeric.tsv", path, sizeof path) < 0) {
		msg("cannot find the data file '%s'", path);
		return -1;
	}
	st->numeric = numeric_load(path, err, sizeof err);
	if (!st->numeric) {
		msg("%s", err);
		return -1;
	}
	return 0;
}

static void free_state(struct tagger_state *st)
{
	model_free(&st->model);
	clusters_free(&st->clusters);
	gaz_free(&st->gz);
	numeric_free(st->numeric);
	tagger_ws_free(&st->ws);
	tokens_free(&st->toks);
	gaz_sent_free(&st->gs);
	free(st->gaz);
	free(st->tags);
	free(st->common);
	free(st->m.v);
	buf_free(&st->m.text);
	resolver_free(&st->res);
}

const char *const mention_type_names[NMT] = {
	"PER", "LOC", "ORG", "NORP", "MISC", "DATE", "TIME", "DURATION", "QUANTITY", "MONEY", "PERCENT",
};

struct mention *mention_add(struct mentions *m, int type, size_t start, size_t end)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 32;
		struct mention *v = realloc(m->v, cap * sizeof *v);
		if (!v)
			return NULL;
		m->v = v;
		m->cap = cap;
	}
	struct mention *x = &m->v[m->n++];
	memset(x, 0, sizeof *x);
	x->type = (uint8_t)type;
	x->start = start;
	x->end = end;
	return x;
}

/* yyyymmdd of an ISO 8601 date at the start of s, 0 when there is none. */
static struct when parse_published(const char *s)
{
	struct when w = {0, -1, -1};
	int y, mo, d, n = 0;
	/* the usual YYYY-MM-DD[THH:MM...] without sscanf (two calls a row were 3% of the time);
	 * anything else goes through sscanf as before */
#define D(c) ((c) >= '0' && (c) <= '9')
	bool plain = D(s[0]) && D(s[1]) && D(s[2]) && D(s[3]) && s[4] == '-' && D(s[5]) &&
		     D(s[6]) && s[7] == '-' && D(s[8]) && D(s[9]) && !D(s[10]);
	if (plain) {
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		mo = (s[5] - '0') * 10 + (s[6] - '0');
		d = (s[8] - '0') * 10 + (s[9] - '0');
		n = 10;
	}
	if ((plain || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3) && n == 10 && mo >= 1 &&
	    mo <= 12 && d >= 1 && d <= 31) {
		w.date = y * 10000 + mo * 100 + d;
		int h, mi;
		const char *t = s + 11;
		if ((s[10] == 'T' || s[10] == ' ') && D(t[0]) && D(t[1]) && t[2] == ':' && D(t[3]) &&
		    D(t[4])) {
			w.hour = (t[0] - '0') * 10 + (t[1] - '0');
			w.minute = (t[3] - '0') * 10 + (t[4] - '0');
		} else if ((s[10] == 'T' || s[10] == ' ') && sscanf(s + 11, "%2d:%2d", &h, &mi) == 2) {
			w.hour = h;
			w.minute = mi;
		}
	}
#undef D
	return w;
}

static int by_start(const void *a, const void *b)
{
	const struct mention *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

/* Finds the mentions of one sentence into st->m. */
static int tag_text(struct tagger_state *st, const char *text, size_t len, const struct when *w)
{
	struct mentions *m = &st->m;
	m->n = 0;
	buf_clear(&m->text);
	if (tokenize(text, len, &st->toks) < 0)
		return -1;
	size_t n = st->toks.n;
	if (n > st->cap) {
		size_t cap = n * 2;
		gazmask *g = realloc(st->gaz, cap * sizeof *g);
		if (!g)
			return -1;
		st->gaz = g;
		uint8_t *t = realloc(st->tags, cap);
		if (!t)
			return -1;
		st->tags = t;
		st->cap = cap;
	}
	if (gaz_prepare(&st->gs, st->toks.v, n) < 0)
		return -1;
	gaz_mark(&st->gz, &st->gs, st->gaz);
	for (size_t i = 1; i < n; i++)
		if (st->gs.upper[i] && is_word_start(&st->toks.v[i - 1]))
			capital_seen(st, gaz_key(st->gs.folded.p + st->gs.off[i], st->gs.len[i]), true);
	if (st->have_model) {
		/* a sentence of a million words is tagged a piece at a time, in bounded memory */
		for (size_t at = 0; at < n; at += TAG_CHUNK) {
			size_t len = n - at < TAG_CHUNK ? n - at : TAG_CHUNK;
			if (tag_sentence(&st->model, &st->clusters, &st->ws, st->toks.v + at, len,
					 st->gaz + at, &st->history, st->tags + at) < 0)
				return -1;
		}
	} else {
		if (n)
			memset(st->tags, 0, n);
	}
	for (size_t i = 0; i < n; i++) {
		if (!st->tags[i])
			continue;
		int t = TAG_TYPE(st->tags[i]);
		size_t j = i + 1;
		while (j < n && st->tags[j] == TAG_I(t))
			j++;
		/* the tagger's types are CoNLL's: PER LOC ORG MISC */
		static const int to_mention[NTYPES] = {MT_PER, MT_LOC, MT_ORG, MT_MISC};
		const struct tok *a = &st->toks.v[i], *b = &st->toks.v[j - 1];
		if (i == 0 && j == 1 && common_first_word(st, a)) {
			i = j - 1;
			continue;
		}
		struct mention *x = mention_add(m, to_mention[t], (size_t)(a->s - text),
						(size_t)(b->s + b->len - text));
		if (!x)
			return -1;
		x->tok0 = i;
		x->tok1 = j;
		i = j - 1;
	}
	if (resolve_names(&st->res, text, len, st->toks.v, n, &st->gs, m, w->date) < 0)
		return -1;
	char err[512];
	if (numeric_find(st->numeric, text, len, &st->gs, w, m, err, sizeof err) < 0) {
		msg("%s", err);
		return -1;
	}
	if (m->n > 1)
		qsort(m->v, m->n, sizeof *m->v, by_start);
	return 0;
}

static void out_header(const struct tsv_reader *r, const struct options *o)
{
	for (size_t i = 0; i < r->ncols; i++) {
		if (i)
			out_char('\t');
		out_escaped(r->names[i], strlen(r->names[i]));
	}
	out_str(o->mentions ? "\ttype\tsurface\tstart\tend\tcanonical\tentity_id" : "\tentities");
	out_eol();
	out_flush();
}

static void out_row_prefix(const struct tsv_reader *r)
{
	for (size_t i = 0; i < r->ncols; i++) {
		if (i)
			out_char('\t');
		out_escaped(r->fields[i], r->lens[i]);
	}
}

static int process(struct tsv_reader *r, const struct options *o, struct tagger_state *st)
{
	if (r->empty)
		return EXIT_OK;
	int text = tsv_require_column(r, o->text_column);
	if (text < 0)
		return EXIT_USAGE;
	int published = tsv_column(r, o->published_column);
	int doc = tsv_column(r, o->doc_column);
	out_header(r, o);
	struct buf last_doc = {0};
	int k = 0;
	while (!out_failed() && (k = tsv_next(r)) > 0) {
		if (doc < 0 || last_doc.len != r->lens[doc] || !last_doc.p ||
		    memcmp(last_doc.p, r->fields[doc], r->lens[doc])) {
			history_clear(&st->history);
			resolver_new_doc(&st->res);
			capital_clear(st);
			buf_clear(&last_doc);
			if (doc >= 0 && buf_append(&last_doc, r->fields[doc], r->lens[doc]) < 0) {
				msg("out of memory");
				return EXIT_FAIL;
			}
		}
		struct when w = published >= 0 ? parse_published(r->fields[published])
					       : (struct when){0, -1, -1};
		const char *s = r->fields[text];
		if (tag_text(st, s, r->lens[text], &w) < 0) {
			msg("%s:%llu: out of memory", r->name, r->lineno);
			buf_free(&last_doc);
			return EXIT_FAIL;
		}
		const struct mentions *m = &st->m;
		if (o->mentions) {
			for (size_t i = 0; i < m->n; i++) {
				const struct mention *x = &m->v[i];
				out_row_prefix(r);
				out_char('\t');
				out_str(mention_type_names[x->type]);
				out_char('\t');
				out_escaped(s + x->start, x->end - x->start);
				out_char('\t');
				out_ulong(x->start);
				out_char('\t');
				out_ulong(x->end);
				out_char('\t');
				out_escaped(m->text.p + x->canon, x->canon_len);
				out_char('\t');
				if (x->id_len)
					out_escaped(m->text.p + x->id, x->id_len);
				out_eol();
			}
		} else {
			out_row_prefix(r);
			out_char('\t');
			for (size_t i = 0; i < m->n; i++) {
				const struct mention *x = &m->v[i];
				if (i)
					out_char(';');
				out_str(mention_type_names[x->type]);
				out_char(':');
				out_escaped(s + x->start, x->end - x->start);
				out_char('@');
				out_ulong(x->start);
				out_char('-');
				out_ulong(x->end);
				out_char('=');
				out_escaped(m->text.p + x->canon, x->canon_len);
			}
			out_eol();
		}
	}
	buf_free(&last_doc);
	if (!out_failed() && k < 0) {
		msg("%s", r->err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	msg_init(argv[0]);
	argv[0] = (char *)progname; /* getopt's messages name the tool, not its path */
	int first = parse_args(argc, argv, &o);
	static struct tagger_state st;
	if (o.clusters_out)
		return word_clusters(o.clusters_out, argc - first, argv + first, o.text_column);
	if (o.train || o.conll) {
		if (first < argc) {
			msg("--train and --conll read no other files");
			usage_hint();
			return EXIT_USAGE;
		}
		int status;
		if (load_data(&st, &o, o.conll != NULL) < 0)
			status = EXIT_FAIL;
		else if (o.train)
			status = train_model(o.train, o.dev, o.output, o.epochs, &st.clusters, &st.gz);
		else if (!st.have_model)
			status = EXIT_FAIL;
		else
			status = conll_predict(o.conll, &st.model, &st.clusters, &st.gz);
		free_state(&st);
		return status;
	}
	struct tsv_reader r;
	out_init(1, o.common.line_buffered);
	if (tsv_open(&r, argc - first, argv + first, &o.common.in) < 0) {
		msg("%s", r.err);
		return EXIT_FAIL;
	}
	int status;
	if (r.empty)
		status = EXIT_OK;
	else if (load_data(&st, &o, true) < 0 || load_patterns(&st, &o) < 0 ||
		 resolver_init(&st.res, &st.gz) < 0)
		status = EXIT_FAIL;
	else
		status = process(&r, &o, &st);
	tsv_close(&r);
	free_state(&st);
	return out_exit_status(status);
}
