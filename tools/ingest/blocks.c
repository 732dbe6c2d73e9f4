/* The main text of a page by scoring its blocks: see blocks.h. The collection runs inside the
 * SAX callbacks (html.c); the choice is made once the page is parsed, in passes over the node
 * table, each linear: nodes are numbered in document order, so a parent comes before its
 * children and a node's descendants are the indices up to its end. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "blocks.h"
#include "data.h"
#include "err.h"

#define HEADING_MAX 60 /* bytes of a subheading that opens boilerplate */
#define NOTICE_MAX 300 /* bytes of a block that a "text" phrase starts */

/* What a paragraph needs to count, and what a block of the chosen text must not be. */
#define MIN_PARAGRAPH 25      /* bytes of text outside links for a block to be scored */
#define SIBLING_MIN_SCORE 10  /* a sibling of the best container joins with this score ... */
#define SIBLING_RATIO 0.2f    /* ... or this part of the best score, whichever is more */
#define SHORT_BLOCK 80        /* bytes: shorter blocks without a full stop are rows, not text */
#define SHORT_PARAGRAPH 50    /* the same for a <p> (a line of text may lack a full stop) */
#define LINK_DENSE 0.5f       /* a block whose text is more links than this is a link list */
#define LINK_HEAVY 0.25f      /* ... and a short one with more than this */

enum {
	BT_OTHER, BT_A, BT_BODY, BT_DIV, BT_SECTION, BT_ARTICLE, BT_MAIN, BT_P, BT_PRE, BT_TD,
	BT_BLOCKQUOTE, BT_LI, BT_LIST, BT_DT, BT_H1, BT_H, BT_HEADER, BT_FORM, BT_TABLE, BT_CAPTION,
	BT_FIGURE, BT_ADDRESS, BT_ROW,
};

enum {
	NODE_CANDIDATE = 1, /* scored */
	NODE_UNLIKELY = 2,  /* it or an ancestor has a negative weight */
	NODE_CHOSEN = 4,    /* the best container or one of its siblings taken */
	NODE_KEEP = 8,      /* its own text is in the main text */
	NODE_PROTECT = 16,  /* on the way from a chosen container to the best block: never removed */
	NODE_BYLINE = 32,   /* the "By NAME" block the author came from */
	NODE_HOLDS = 64,    /* it or a descendant is a <main> or an <h1> (teasers may be <article>s) */
	NODE_AUTHOR = 128,  /* its class or id says author or byline */
};

static const struct tag_name {
	const char *name;
	unsigned char tag;
} tag_names[] = {
	{"a", BT_A},           {"address", BT_ADDRESS}, {"article", BT_ARTICLE}, {"blockquote", BT_BLOCKQUOTE},
	{"body", BT_BODY},     {"caption", BT_CAPTION}, {"dd", BT_DT},           {"div", BT_DIV},
	{"dl", BT_LIST},       {"dt", BT_DT},           {"figcaption", BT_CAPTION}, {"figure", BT_FIGURE},
	{"form", BT_FORM},     {"h1", BT_H1},           {"h2", BT_H},            {"h3", BT_H},
	{"h4", BT_H},          {"h5", BT_H},            {"h6", BT_H},            {"header", BT_HEADER},
	{"li", BT_LI},         {"main", BT_MAIN},       {"ol", BT_LIST},         {"p", BT_P},
	{"pre", BT_PRE},       {"section", BT_SECTION}, {"table", BT_TABLE},     {"tbody", BT_ROW},
	{"td", BT_TD},          {"tfoot", BT_ROW},       {"th", BT_TD},           {"thead", BT_ROW},
	{"tr", BT_ROW},          {"ul", BT_LIST},
};

static int by_tag_name(const void *key, const void *entry)
{
	return strcmp(key, *(const char *const *)entry);
}

static unsigned char block_tag(const char *name)
{
	char lower[12];
	size_t n = 0;
	for (; name[n] && n < sizeof lower - 1; n++)
		lower[n] = (char)(name[n] >= 'A' && name[n] <= 'Z' ? name[n] + 32 : name[n]);
	lower[n] = '\0';
	if (name[n])
		return BT_OTHER;
	const struct tag_name *k =
		bsearch(lower, tag_names, sizeof tag_names / sizeof *tag_names, sizeof *tag_names, by_tag_name);
	return k ? k->tag : BT_OTHER;
}

/* ---- collection, during the parse */

void blocks_begin(struct blocks *b, int depth)
{
	block_words_load();
	b->root = depth;
	b->depth = depth;
	b->on = true;
	b->node = NULL;
	if (array_grow((void **)&b->node, &b->cap, 1, sizeof *b->node, 256) < 0) {
		b->oom = true;
		b->on = false;
		return;
	}
	b->n = 1;
	memset(&b->node[0], 0, sizeof b->node[0]);
	b->node[0].parent = -1;
	b->node[0].tag = BT_BODY;
	b->open[depth] = 0;
}

static void want_gap(struct blocks *b, enum gap g)
{
	if (g > b->gap)
		b->gap = g;
}

/* Ends the piece being filled: the next text starts a new one. */
static void close_piece(struct blocks *b)
{
	b->piece_open = false;
}

void blocks_element(struct blocks *b, int depth, const char *name, unsigned kind, const char *cls,
		    const char *id)
{
	if (!b->on || depth <= b->root || b->skip || depth >= MARKUP_MAX_DEPTH + 8)
		return;
	b->depth = depth;
	b->open[depth] = b->open[depth - 1];
	if (kind & KIND_SKIP) {
		b->skip = depth;
		return;
	}
	if (kind & KIND_BR) {
		want_gap(b, GAP_LINE);
		b->skip = depth;
		return;
	}
	unsigned char tag = block_tag(name);
	int weight = (cls && *cls ? block_attr_weight(cls) : 0) + (id && *id ? block_attr_weight(id) : 0);
	if (tag == BT_A && !b->link)
		b->link = depth;
	if (kind & (KIND_BLOCK | KIND_CELL) || weight) {
		if (array_grow((void **)&b->node, &b->cap, b->n + 1, sizeof *b->node, 256) < 0) {
			b->oom = true;
			b->on = false;
			return;
		}
		struct block_node *nd = &b->node[b->n];
		memset(nd, 0, sizeof *nd);
		nd->parent = b->open[depth - 1];
		nd->tag = tag;
		nd->weight = (short)(weight > 100 ? 100 : weight < -100 ? -100 : weight);
		if (weight < 0 && (block_names_author(cls) || block_names_author(id)))
			nd->flags |= NODE_AUTHOR;
		nd->piece_first = (uint32_t)b->npieces;
		nd->piece_end = UINT32_MAX; /* open */
		b->open[depth] = (int)b->n++;
		close_piece(b);
	}
	if (kind & KIND_BLOCK)
		want_gap(b, GAP_PARAGRAPH);
	if (kind & KIND_PRE)
		b->pre++;
}

void blocks_end(struct blocks *b, int depth, unsigned kind)
{
	if (!b->on)
		return;
	if (depth <= b->root) {
		b->on = false;
		b->node[0].piece_end = (uint32_t)b->npieces;
		return;
	}
	if (b->skip) {
		if (depth == b->skip)
			b->skip = 0;
		b->depth = depth - 1;
		return;
	}
	if (depth >= MARKUP_MAX_DEPTH + 8)
		return;
	if (b->link == depth)
		b->link = 0;
	if (kind & KIND_PRE)
		b->pre--;
	if (kind & KIND_BLOCK)
		want_gap(b, GAP_PARAGRAPH);
	else if (kind & KIND_CELL)
		want_gap(b, GAP_SPACE);
	if (b->open[depth] != b->open[depth - 1]) {
		b->node[b->open[depth]].piece_end = (uint32_t)b->npieces;
		close_piece(b);
	}
	b->depth = depth - 1;
}

/* Appends one word (or a run inside <pre>) to the piece of the node open. */
static void add_word_text(struct blocks *b, const char *s, size_t n)
{
	int node = b->open[b->depth];
	struct block_node *nd = &b->node[node];
	bool same = b->piece_open && b->npieces && b->piece[b->npieces - 1].node == node && b->gap <= GAP_SPACE;
	size_t extra = n + (same && b->gap ? 1 : 0);
	if (b->arena.len + extra > UINT32_MAX) {
		b->oom = true;
		return;
	}
	if (!same) {
		if (array_grow((void **)&b->piece, &b->piece_cap, b->npieces + 1, sizeof *b->piece, 256) < 0) {
			b->oom = true;
			return;
		}
		struct block_piece *p = &b->piece[b->npieces++];
		p->off = (uint32_t)b->arena.len;
		p->len = 0;
		p->node = node;
		p->gap = (unsigned char)b->gap;
		b->piece_open = true;
	} else if (b->gap && buf_putc(&b->arena, ' ') < 0) {
		b->oom = true;
		return;
	}
	if (buf_append(&b->arena, s, n) < 0) {
		b->oom = true;
		return;
	}
	b->piece[b->npieces - 1].len += (uint32_t)extra;
	b->gap = GAP_NONE;
	nd->own_text += (uint32_t)extra;
	if (b->link)
		nd->own_link += (uint32_t)extra;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ',')
			nd->commas++;
		else if (s[i] == '.' || s[i] == '!' || s[i] == '?')
			nd->stops++;
	}
}

void blocks_text(struct blocks *b, const char *s, size_t n)
{
	if (!b->on || b->skip || b->oom)
		return;
	size_t i = 0;
	while (i < n && !b->oom) {
		if (!b->pre && html_is_blank(s[i])) {
			want_gap(b, GAP_SPACE);
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && (b->pre || !html_is_blank(s[j])))
			j++;
		if (!b->pre && html_only_nbsp(s + i, j - i)) {
			if (b->gap == GAP_NONE && b->npieces)
				b->nbsp += (j - i) / 2;
			else
				want_gap(b, GAP_SPACE);
			i = j;
			continue;
		}
		for (; b->nbsp; b->nbsp--)
			if (b->gap == GAP_NONE)
				add_word_text(b, HTML_NBSP, 2);
		if (!b->arena.len && !b->npieces)
			b->gap = GAP_NONE;
		add_word_text(b, s + i, j - i);
		i = j;
	}
}

void blocks_free(struct blocks *b)
{
	free(b->node);
	free(b->piece);
	buf_free(&b->arena);
	b->node = NULL;
	b->piece = NULL;
}

/* ---- the choice, after the parse */

static float link_density(const struct block_node *nd)
{
	return nd->sub_text ? (float)nd->sub_link / (float)nd->sub_text : 0.0f;
}

/* What a container is worth before its paragraphs are counted (Readability's weights). */
static float tag_base(unsigned char tag)
{
	switch (tag) {
	case BT_DIV: case BT_ARTICLE: case BT_MAIN: case BT_SECTION: return 5;
	case BT_PRE: case BT_TD: case BT_BLOCKQUOTE: return 3;
	case BT_ADDRESS: case BT_LIST: case BT_LI: case BT_DT: case BT_FORM: case BT_HEADER: return -3;
	case BT_H1: case BT_H: return -5;
	}
	return 0;
}

static void credit(struct blocks *b, int i, float score)
{
	struct block_node *nd = &b->node[i];
	if (nd->flags & NODE_UNLIKELY)
		return;
	if (!(nd->flags & NODE_CANDIDATE)) {
		nd->flags |= NODE_CANDIDATE;
		nd->score = tag_base(nd->tag) + nd->weight;
	}
	nd->score += score;
}

/* The text of node i and its descendants, folded, at most max bytes, into out. */
static void node_text(const struct blocks *b, int i, char *out, size_t max)
{
	size_t n = 0;
	for (uint32_t k = b->node[i].piece_first; k < b->node[i].piece_end && n + 1 < max; k++) {
		const struct block_piece *p = &b->piece[k];
		if (n && n + 1 < max)
			out[n++] = ' ';
		size_t len = p->len < max - 1 - n ? p->len : max - 1 - n;
		memcpy(out + n, b->arena.p + p->off, len);
		n += len;
	}
	out[n] = '\0';
}

/* A subheading that opens boilerplate ("About the author", "3 Comments") is unlikely text, and so
 * are the blocks after it (the next one, or up to the next subheading), before anything is scored
 * (a long unclassed comments section must not win); so is a short block that starts as a notice
 * ("We use cookies"). Called in document order: what is marked passes to descendants. */
static void mark_boilerplate(struct blocks *b, int i)
{
	struct block_node *nd = &b->node[i];
	if (nd->tag == BT_H1 || nd->sub_text > (nd->tag == BT_H ? HEADING_MAX : NOTICE_MAX))
		return;
	char text[BLOCK_PHRASE_MAX + 2];
	node_text(b, i, text, sizeof text);
	const struct block_phrase *ph = block_boilerplate_start(text, nd->tag == BT_H);
	if (!ph)
		return;
	nd->flags |= NODE_UNLIKELY;
	if (ph->reach == REACH_TEXT)
		return;
	int parent = nd->parent;
	for (int j = nd->end + 1; j <= b->node[parent].end && b->node[j].tag != BT_H && b->node[j].tag != BT_H1;
	     j = b->node[j].end + 1) {
		if (ph->reach == REACH_BLOCK && b->node[j].tag == BT_P)
			break;
		b->node[j].flags |= NODE_UNLIKELY;
		if (ph->reach == REACH_BLOCK)
			break;
	}
}

/* Subtree sums, likely flags and paragraph scores: three linear passes. */
static void score_nodes(struct blocks *b)
{
	for (size_t i = 0; i < b->n; i++) {
		struct block_node *nd = &b->node[i];
		nd->sub_text = nd->own_text;
		nd->sub_link = nd->own_link;
		nd->sub_stops = nd->stops;
		nd->end = (int)i;
		if (nd->tag == BT_MAIN || (nd->tag == BT_H1 && nd->weight >= 0)) /* not a logo */
			nd->flags |= NODE_HOLDS;
	}
	for (size_t i = b->n; i-- > 1;) {
		struct block_node *nd = &b->node[i], *up = &b->node[nd->parent];
		up->sub_text += nd->sub_text;
		up->sub_link += nd->sub_link;
		up->sub_stops += nd->sub_stops;
		up->flags |= nd->flags & NODE_HOLDS;
		if (nd->end > up->end)
			up->end = nd->end;
	}
	for (size_t i = 1; i < b->n; i++) {
		struct block_node *nd = &b->node[i];
		/* a wrapper of the article is not its sidebar, whatever its class ("with-sidebar"), and
		 * neither is an <article> or <main> itself */
		if (nd->weight < 0 && ((nd->flags & NODE_HOLDS && nd->tag != BT_H1) || nd->tag == BT_ARTICLE))
			nd->weight = 0;
		if (b->node[nd->parent].flags & NODE_UNLIKELY || nd->weight < 0)
			nd->flags |= NODE_UNLIKELY;
		else
			mark_boilerplate(b, (int)i);
	}
	for (size_t i = 0; i < b->n; i++) {
		struct block_node *nd = &b->node[i];
		uint32_t plain = nd->own_text - nd->own_link;
		if (plain < MIN_PARAGRAPH || nd->flags & NODE_UNLIKELY || nd->tag == BT_H1 || nd->tag == BT_H ||
		    nd->tag == BT_LI || nd->tag == BT_LIST)
			continue;
		float s = 1.0f + (float)nd->commas + (plain / 100 > 3 ? 3.0f : (float)(plain / 100));
		bool leaf = nd->tag == BT_P || nd->tag == BT_PRE || nd->tag == BT_TD || nd->tag == BT_BLOCKQUOTE ||
			    nd->tag == BT_DT || nd->tag == BT_CAPTION || nd->tag == BT_ADDRESS || nd->tag == BT_OTHER ||
			    nd->tag == BT_A;
		/* text right inside a container is as if the container held it in a paragraph */
		int first = leaf ? nd->parent : (int)i;
		if (first < 0)
			continue;
		credit(b, first, s);
		if (b->node[first].parent >= 0)
			credit(b, b->node[first].parent, s / 2);
	}
	for (size_t i = 0; i < b->n; i++)
		if (b->node[i].flags & NODE_CANDIDATE)
			b->node[i].score *= 1.0f - link_density(&b->node[i]);
}

static bool descends(const struct blocks *b, int i, int ancestor)
{
	return i >= ancestor && i <= b->node[ancestor].end;
}

/* The best container, moved up as Readability does when its parent scores as well or several of
 * the best blocks share an ancestor; -1 when no block was scored (no paragraph on the page). */
static int best_container(struct blocks *b)
{
	int top[5] = {-1, -1, -1, -1, -1};
	for (size_t i = 0; i < b->n; i++) {
		if (!(b->node[i].flags & NODE_CANDIDATE))
			continue;
		float s = b->node[i].score;
		for (int k = 0; k < 5; k++)
			if (top[k] < 0 || s > b->node[top[k]].score) {
				memmove(&top[k + 1], &top[k], (size_t)(4 - k) * sizeof *top);
				top[k] = (int)i;
				break;
			}
	}
	int best = top[0];
	if (best < 0)
		return -1;
	float best_score = b->node[best].score;
	/* three more good blocks under one ancestor: the ancestor holds the text */
	for (int a = b->node[best].parent; a > 0; a = b->node[a].parent) {
		int shared = 0;
		for (int k = 1; k < 5; k++)
			if (top[k] >= 0 && b->node[top[k]].score >= 0.75f * best_score && descends(b, top[k], a))
				shared++;
		if (shared >= 3) { /* as Readability: three more of the best under it */
			for (int p = best; p != a; p = b->node[p].parent)
				b->node[p].flags |= NODE_PROTECT;
			best = a;
			break;
		}
	}
	float last = b->node[best].score, floor = last / 3;
	for (int p = b->node[best].parent; p > 0; p = b->node[p].parent) {
		if (!(b->node[p].flags & NODE_CANDIDATE))
			continue;
		if (b->node[p].score < floor)
			break;
		if (b->node[p].score > last) {
			for (int q = best; q != p; q = b->node[q].parent)
				b->node[q].flags |= NODE_PROTECT;
			best = p;
			break;
		}
		last = b->node[p].score;
	}
	return best;
}

/* The best container and the siblings that qualify become chosen. */
static void choose(struct blocks *b, int best)
{
	b->node[best].flags |= NODE_CHOSEN | NODE_PROTECT;
	int parent = b->node[best].parent;
	if (best == 0 || parent < 0)
		return;
	float threshold = b->node[best].score * SIBLING_RATIO;
	if (threshold < SIBLING_MIN_SCORE)
		threshold = SIBLING_MIN_SCORE;
	for (int i = parent + 1; i <= b->node[parent].end; i = b->node[i].end + 1) {
		struct block_node *nd = &b->node[i];
		if (i == best || nd->flags & NODE_UNLIKELY)
			continue;
		/* another <article> beside the best one is another story (a preloaded "next" one) */
		if (b->node[best].tag == BT_ARTICLE && nd->tag == BT_ARTICLE)
			continue;
		float ld = link_density(nd);
		bool take = (nd->flags & NODE_CANDIDATE && nd->score >= threshold);
		if (nd->tag == BT_P && nd->sub_text > SHORT_BLOCK && ld < LINK_HEAVY)
			take = true;
		if (nd->tag == BT_P && nd->sub_text && nd->sub_text <= SHORT_BLOCK && ld == 0 && nd->sub_stops)
			take = true;
		if (take)
			nd->flags |= NODE_CHOSEN;
	}
}

static bool is_row_tag(unsigned char tag)
{
	return tag == BT_DIV || tag == BT_P || tag == BT_SECTION || tag == BT_HEADER || tag == BT_FORM ||
	       tag == BT_A || tag == BT_ADDRESS;
}

/* Whether a block inside the chosen text is boilerplate. */
static bool removable(const struct block_node *nd)
{
	if (nd->flags & NODE_PROTECT)
		return false;
	if (nd->weight < 0 || nd->flags & (NODE_BYLINE | NODE_UNLIKELY))
		return true;
	float ld = link_density(nd);
	if (nd->tag != BT_H1 && nd->tag != BT_H && (ld > LINK_DENSE || (ld > LINK_HEAVY && nd->sub_text - nd->sub_link < SHORT_BLOCK)))
		return true;
	return is_row_tag(nd->tag) && nd->sub_text < (nd->tag == BT_P ? SHORT_PARAGRAPH : SHORT_BLOCK) && !nd->sub_stops;
}


/* The name in the first block whose class says author or byline and which holds a name alone
 * (<span class="author">Jo Brannan</span>), when no "By NAME" was found. */
static void find_author_block(struct blocks *b, struct buf *byline)
{
	for (size_t i = 1; i < b->n && !byline->len; i++) {
		struct block_node *nd = &b->node[i];
		if (!(nd->flags & NODE_AUTHOR) || nd->sub_text < 3 || nd->sub_text > 50)
			continue;
		/* in a post's meta row, not in a comment of the comments */
		const struct block_node *up = &b->node[nd->parent];
		if (up->flags & NODE_UNLIKELY && up->parent >= 0 && b->node[up->parent].flags & NODE_UNLIKELY)
			continue;
		char text[64];
		node_text(b, (int)i, text, sizeof text);
		if (block_is_name(text) && buf_append(byline, text, strlen(text)) < 0)
			b->oom = true;
	}
}

/* The first "By NAME" block of the page outside boilerplate: its name goes to byline. */
static void find_byline(struct blocks *b, struct buf *byline)
{
	for (size_t i = 1; i < b->n; i++) {
		struct block_node *nd = &b->node[i];
		if (nd->sub_text < 4 || nd->sub_text > BLOCK_BYLINE_MAX || b->node[nd->parent].flags & NODE_UNLIKELY)
			continue;
		char text[BLOCK_BYLINE_MAX + 2];
		node_text(b, (int)i, text, sizeof text);
		struct buf name = {0};
		if (block_byline_name(text, &name)) {
			nd->flags |= NODE_BYLINE;
			if (!byline->len && buf_append(byline, name.p, name.len) < 0)
				b->oom = true;
			buf_free(&name);
			return;
		}
		buf_free(&name);
	}
	find_author_block(b, byline);
}

static void unkeep(struct blocks *b, int i)
{
	for (int k = i; k <= b->node[i].end; k++)
		b->node[k].flags &= (unsigned char)~NODE_KEEP;
}

/* A subheading whose block went ("Related coverage" over a list of links) goes with it. */
static void drop_orphan_headings(struct blocks *b)
{
	for (size_t i = 1; i < b->n; i++) {
		struct block_node *nd = &b->node[i];
		int next = nd->end + 1, parent = nd->parent;
		if (nd->tag != BT_H || !(nd->flags & NODE_KEEP) || next > b->node[parent].end)
			continue;
		if (b->node[next].parent == parent && !(b->node[next].flags & NODE_KEEP))
			unkeep(b, (int)i);
	}
}

/* The headline when the chosen text lacks it: the last <h1> before it, with the lead that
 * follows the headline up to the text. */
static void keep_headline(struct blocks *b, int first_chosen)
{
	int h1 = -1;
	for (int i = 1; i < (int)b->n; i++) {
		if (b->node[i].tag != BT_H1 || !b->node[i].sub_text)
			continue;
		if (b->node[i].flags & NODE_KEEP)
			return;
		if (i < first_chosen && !(b->node[i].flags & NODE_UNLIKELY) && b->node[i].weight >= 0)
			h1 = i;
	}
	if (h1 < 0)
		return;
	for (int i = h1; i <= b->node[h1].end; i++)
		b->node[i].flags |= NODE_KEEP;
	int parent = b->node[h1].parent, leads = 0;
	for (int i = b->node[h1].end + 1; i < first_chosen && i <= b->node[parent].end && leads < 2; i = b->node[i].end + 1) {
		struct block_node *nd = &b->node[i];
		bool deck = nd->tag == BT_H && i == b->node[h1].end + 1; /* a subtitle right under it */
		if (nd->flags & (NODE_UNLIKELY | NODE_BYLINE) || link_density(nd) > LINK_HEAVY ||
		    nd->sub_text < 30 || (!nd->sub_stops && !deck) || descends(b, first_chosen, i))
			continue;
		for (int k = i; k <= nd->end; k++)
			if (!removable(&b->node[k]))
				b->node[k].flags |= NODE_KEEP;
		leads++;
	}
}

int blocks_main_text(struct blocks *b, struct buf *text, struct buf *byline)
{
	static const char *const gaps[] = {"", " ", "\n", "\n\n"};
	if (b->oom || !b->n)
		return b->oom ? -1 : 0;
	if (b->on)
		b->node[0].piece_end = (uint32_t)b->npieces;
	for (size_t i = 1; i < b->n; i++) /* elements left open when the parse stopped */
		if (b->node[i].piece_end == UINT32_MAX)
			b->node[i].piece_end = (uint32_t)b->npieces;
	score_nodes(b);
	find_byline(b, byline);
	int best = best_container(b);
	if (best < 0)
		return 1;
	choose(b, best);
	int first_chosen = -1;
	for (size_t i = 0; i < b->n; i++) {
		struct block_node *nd = &b->node[i];
		bool inside = i && b->node[nd->parent].flags & NODE_KEEP;
		if (nd->flags & NODE_CHOSEN) {
			nd->flags |= NODE_KEEP;
			if (first_chosen < 0)
				first_chosen = (int)i;
		} else if (inside && !removable(nd)) {
			nd->flags |= NODE_KEEP;
		}
	}
	drop_orphan_headings(b);
	keep_headline(b, first_chosen);
	enum gap pending = GAP_NONE;
	for (size_t k = 0; k < b->npieces; k++) {
		const struct block_piece *p = &b->piece[k];
		if (p->gap > pending)
			pending = p->gap;
		if (!(b->node[p->node].flags & NODE_KEEP))
			continue;
		if (text->len && pending && buf_append(text, gaps[pending], strlen(gaps[pending])) < 0)
			return -1;
		if (buf_append(text, b->arena.p + p->off, p->len) < 0)
			return -1;
		pending = GAP_NONE;
	}
	return b->oom ? -1 : 0;
}
