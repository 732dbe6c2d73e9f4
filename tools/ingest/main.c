/* ingest: documents (text files, feeds, HTML pages, CSV/TSV) become document rows. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "err.h"
#include "ingest.h"
#include "out.h"
#include "tsv.h"

static void usage(FILE *f)
{
	/* not COMMON_HELP: the shared options mean something a little different here */
	fprintf(f,
		"Usage: %s [OPTIONS] [FILE|DIR|-]...\n"
		"Turn documents into rows of doc_id, source, published, url, title, author, text.\n"
		"A FILE is plain text (one document), an RSS or Atom feed (one document an item), an HTML page\n"
		"(its article text) or CSV/TSV with a text column (one document a row); a DIR is its\n"
		"files, recursively, in byte order, hidden ones skipped; - or nothing is standard\n"
		"input as one document. Metadata on the command line wins over the manifest's, which\n"
		"wins over the document's; a dateline ('MOSCOW, February 21. /TASS/.') fills gaps.\n"
		"\n"
		"  -f, --format FORMAT     text, rss, atom, html, csv, tsv or auto (default: auto,\n"
		"                          by extension, then by the first bytes)\n"
		"  -m, --manifest FILE     TSV of file, source, published, url, title, author;\n"
		"                          without FILE, the files it lists are read, in its order\n"
		"  -s, --source NAME       the source (outlet) of every document\n"
		"  -p, --published DATE    the date of every document (ISO 8601)\n"
		"  -u, --url URL           the URL of every document\n"
		"  -T, --title TITLE       the title of every document\n"
		"  -a, --author NAME       the author (byline) of every document\n"
		"  -t, --text-column NAME  the text column of CSV/TSV input (default: text)\n"
		"      --no-dateline       take no source or date from datelines\n"
		"      --html-main MODE    the text of a page: auto (blocks scored, the default),\n"
		"                          article (its one <article>, else <main>, else <body>)\n"
		"                          or body (all of <body>)\n"
		"      --max-doc SIZE      largest file, feed or page accepted (default: 64M)\n"
		"      --max-field SIZE    longest CSV/TSV row accepted (default: --max-doc)\n"
		"      --csv               same as --format csv\n"
		"      --strict            invalid UTF-8 or NUL bytes are an error (default: U+FFFD)\n"
		"      --line-buffered     flush every output row\n"
		"      --progress          print documents, MB and MB/s on stderr once a second\n"
		"  -v, --verbose           print the encoding each feed or page was read in on stderr\n"
		"  -h, --help              print this help and exit\n"
		"      --version           print the version and exit\n"
		"\n"
		"Example:\n"
		"  ingest --manifest seeds/manifest.tsv | segment\n",
		progname);
}

/* ---- the manifest */

struct manifest_entry {
	char *path; /* to open: the file column joined to the manifest's directory */
	char *file; /* as the manifest writes it: the path that goes into doc_id */
	struct meta meta;
	dev_t dev;
	ino_t ino;
	bool exists;
};

static struct manifest {
	struct manifest_entry *v;
	size_t n, cap;
	struct manifest_entry **by_inode; /* the entries that exist, sorted by (dev, ino) */
	size_t n_by_inode;
	dev_t dev; /* the manifest itself, never a document */
	ino_t ino;
} manifest;

static char *dup_field(const struct tsv_reader *r, int col)
{
	return strdup(col >= 0 ? r->fields[col] : "");
}

static int by_inode(const void *a, const void *b)
{
	const struct manifest_entry *x = *(struct manifest_entry *const *)a, *y = *(struct manifest_entry *const *)b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* Reads the manifest. Returns EXIT_OK, or EXIT_FAIL / EXIT_USAGE after a message. */
static int load_manifest(const struct options *o)
{
	struct tsv_reader r;
	struct tsv_opts topts = o->common.in;
	topts.csv = false;
	topts.progress = false;
	char *files[] = {(char *)o->manifest};
	int fd = open(o->manifest, O_RDONLY);
	if (fd < 0) {
		msg_at(o->manifest, 0, "cannot open the manifest: %s", strerror(errno));
		return EXIT_FAIL;
	}
	close(fd);
	if (tsv_open(&r, 1, files, &topts) < 0) {
		msg("%s", r.err);
		tsv_close(&r);
		return EXIT_FAIL;
	}
	struct stat st;
	if (fstat(r.fd, &st) == 0) {
		manifest.dev = st.st_dev;
		manifest.ino = st.st_ino;
	}
	int status = EXIT_OK;
	if (r.empty) {
		msg_at(o->manifest, 0, "the manifest is empty: no header");
		tsv_close(&r);
		return EXIT_FAIL;
	}
	int file = tsv_require_column(&r, "file");
	if (file < 0) {
		tsv_close(&r);
		return EXIT_USAGE;
	}
	int source = tsv_column(&r, "source"), published = tsv_column(&r, "published");
	int url = tsv_column(&r, "url"), title = tsv_column(&r, "title"), author = tsv_column(&r, "author");
	for (size_t i = 0; i < r.ncols; i++)
		if ((int)i != file && (int)i != source && (int)i != published && (int)i != url && (int)i != title &&
		    (int)i != author)
			msg_at(o->manifest, 1, "warning: column '%s' ignored (known: file, source, published, url, title, author)",
			       r.names[i]);
	const char *slash = strrchr(o->manifest, '/');
	size_t dirlen = slash ? (size_t)(slash - o->manifest) + 1 : 0;
	int k = 0;
	while ((k = tsv_next(&r)) > 0) {
		if (!*r.fields[file])
			continue;
		if (manifest.n == manifest.cap) {
			size_t cap = manifest.cap ? manifest.cap * 2 : 64;
			struct manifest_entry *v = realloc(manifest.v, cap * sizeof *v);
			if (!v)
				goto oom;
			manifest.v = v;
			manifest.cap = cap;
		}
		struct manifest_entry *e = &manifest.v[manifest.n];
		memset(e, 0, sizeof *e);
		const char *f = r.fields[file];
		size_t flen = r.lens[file];
		bool absolute = f[0] == '/';
		e->path = malloc((absolute ? 0 : dirlen) + flen + 1);
		if (!e->path)
			goto oom;
		manifest.n++;
		memcpy(e->path, o->manifest, absolute ? 0 : dirlen);
		memcpy(e->path + (absolute ? 0 : dirlen), f, flen + 1);
		e->file = dup_field(&r, file);
		e->meta.source = dup_field(&r, source);
		e->meta.published = dup_field(&r, published);
		e->meta.url = dup_field(&r, url);
		e->meta.title = dup_field(&r, title);
		e->meta.author = dup_field(&r, author);
		if (!e->file || !e->meta.source || !e->meta.published || !e->meta.url || !e->meta.title ||
		    !e->meta.author)
			goto oom;
		if (stat(e->path, &st) == 0) {
			e->exists = true;
			e->dev = st.st_dev;
			e->ino = st.st_ino;
		}
	}
	if (k < 0) {
		msg("%s", r.err);
		status = EXIT_FAIL;
	}
	if (r.replaced) {
		msg_at(o->manifest, 0, "warning: replaced %llu invalid UTF-8 sequence%s or NUL byte%s with U+FFFD",
		       r.replaced, r.replaced == 1 ? "" : "s", r.replaced == 1 ? "" : "s");
		r.replaced = 0;
	}
	tsv_close(&r);
	manifest.by_inode = malloc((manifest.n ? manifest.n : 1) * sizeof *manifest.by_inode);
	if (!manifest.by_inode) {
		msg("out of memory");
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < manifest.n; i++)
		if (manifest.v[i].exists)
			manifest.by_inode[manifest.n_by_inode++] = &manifest.v[i];
	qsort(manifest.by_inode, manifest.n_by_inode, sizeof *manifest.by_inode, by_inode);
	return status;
oom:
	msg_at(o->manifest, r.lineno, "out of memory");
	tsv_close(&r);
	return EXIT_FAIL;
}

/* The manifest entry of the file with this device and inode, whatever the path it was named by. */
static struct manifest_entry *manifest_find(dev_t dev, ino_t ino)
{
	struct manifest_entry key = {.dev = dev, .ino = ino}, *kp = &key;
	struct manifest_entry **e = manifest.n_by_inode ? bsearch(&kp, manifest.by_inode, manifest.n_by_inode,
								  sizeof *manifest.by_inode, by_inode)
							: NULL;
	return e ? *e : NULL;
}

static void free_manifest(void)
{
	for (size_t i = 0; i < manifest.n; i++) {
		struct manifest_entry *e = &manifest.v[i];
		free(e->path);
		free(e->file);
		free((char *)e->meta.source);
		free((char *)e->meta.published);
		free((char *)e->meta.url);
		free((char *)e->meta.title);
		free((char *)e->meta.author);
	}
	free(manifest.v);
	free(manifest.by_inode);
}

/* ---- reading one input */

static const char *extension(const char *path)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? dot + 1 : "";
}

static enum format format_by_extension(const char *path)
{
	static const struct {
		const char *ext;
		enum format format;
	} known[] = {
		{"txt", FORMAT_TEXT}, {"text", FORMAT_TEXT}, {"rss", FORMAT_RSS},   {"rdf", FORMAT_RSS},
		{"atom", FORMAT_ATOM}, {"html", FORMAT_HTML}, {"htm", FORMAT_HTML}, {"xhtml", FORMAT_HTML},
		{"csv", FORMAT_CSV},   {"tsv", FORMAT_TSV},   {"tab", FORMAT_TSV},
	};
	const char *ext = extension(path);
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (strcasecmp(ext, known[i].ext) == 0)
			return known[i].format;
	return FORMAT_AUTO;
}

static struct buf content;

/* Reads all of fd into content. Returns 0, or -1 after reporting an error. */
static int read_all(const struct options *o, struct input *in, int fd, const struct stat *st)
{
	buf_clear(&content);
	if (S_ISREG(st->st_mode)) {
		if ((unsigned long long)st->st_size > o->max_doc) {
			input_error(in, "%lld bytes, more than --max-doc %s allows", (long long)st->st_size,
				    o->max_doc_arg);
			return -1;
		}
		if (buf_reserve(&content, (size_t)st->st_size) < 0) {
			input_error(in, "out of memory for %lld bytes", (long long)st->st_size);
			return -1;
		}
	}
	for (;;) {
		if (content.cap - content.len < 2 && buf_reserve(&content, 64 * 1024) < 0) {
			input_error(in, "out of memory");
			return -1;
		}
		ssize_t k = read(fd, content.p + content.len, content.cap - content.len - 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			input_error(in, "cannot read: %s", strerror(errno));
			return -1;
		}
		content.len += (size_t)k;
		if (content.len > o->max_doc) {
			input_error(in, "more bytes than --max-doc %s allows", o->max_doc_arg);
			return -1;
		}
		/* a regular file is read as large as fstat said, in one read: no second read for EOF */
		if (k == 0 || (S_ISREG(st->st_mode) && content.len == (size_t)st->st_size))
			break;
	}
	content.p[content.len] = '\0';
	progress_add_bytes(content.len);
	return 0;
}

static struct doc text_doc;

static int read_input(const struct options *o, struct input *in, const char *path, bool from_dir)
{
	bool is_stdin = strcmp(path, "-") == 0;
	enum format format = o->format;
	if (format == FORMAT_AUTO && !is_stdin)
		format = format_by_extension(path);
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
	if (fd < 0) {
		input_error(in, "cannot open: %s", strerror(errno));
		return -1;
	}
	int rc = -1;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		input_error(in, "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		input_error(in, "is a directory");
		goto out;
	}
	if (o->manifest && !is_stdin) {
		if (from_dir && st.st_dev == manifest.dev && st.st_ino == manifest.ino) {
			rc = 0; /* the manifest is not a document */
			goto out;
		}
		struct manifest_entry *e = manifest_find(st.st_dev, st.st_ino);
		if (e && !in->manifest) {
			in->manifest = &e->meta;
			in->id_path = e->file;
		}
	}
	if (format == FORMAT_CSV || format == FORMAT_TSV) {
		/* tables stream through the TSV/CSV reader, which opens them itself */
		if (fd != STDIN_FILENO)
			close(fd);
		return read_table(o, in, path, format == FORMAT_CSV);
	}
	if (read_all(o, in, fd, &st) < 0)
		goto out;
	if (format == FORMAT_AUTO)
		format = sniff_format(content.p, content.len);
	switch (format) {
	case FORMAT_RSS:
	case FORMAT_ATOM:
		rc = read_feed(o, in, content.p, content.len);
		break;
	case FORMAT_HTML:
		rc = read_html(o, in, content.p, content.len);
		break;
	default:
		text_doc.text = content; /* borrowed: emit_doc only reads it */
		rc = emit_doc(o, in, &text_doc);
		memset(&text_doc.text, 0, sizeof text_doc.text);
		break;
	}
out:
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

/* Reads one input and says what went wrong. Returns true when it went well. */
static bool ingest_one(const struct options *o, const char *path, const char *id_path,
		       const struct meta *meta, bool from_dir)
{
	struct input in = {
		.name = strcmp(path, "-") == 0 ? "<stdin>" : path,
		.id_path = strcmp(path, "-") == 0 ? "" : id_path,
		.manifest = meta,
	};
	read_input(o, &in, path, from_dir);
	if (in.replaced)
		input_warning(&in, "replaced %llu invalid UTF-8 sequence%s or NUL byte%s with U+FFFD", in.replaced,
			      in.replaced == 1 ? "" : "s", in.replaced == 1 ? "" : "s");
	return !in.failed;
}

/* ---- directories */

struct paths {
	char **v;
	size_t n, cap;
};

static int add_path(struct paths *l, const char *dir, const char *name)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		char **v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	size_t dl = strlen(dir), nl = strlen(name);
	bool slash = dl && dir[dl - 1] == '/';
	char *p = malloc(dl + nl + 2);
	if (!p)
		return -1;
	memcpy(p, dir, dl);
	if (!slash)
		p[dl++] = '/';
	memcpy(p + dl, name, nl + 1);
	l->v[l->n++] = p;
	return 0;
}

/* Collects the regular files under dir, hidden ones (and hidden directories) skipped; symbolic
 * links are followed to files but not to directories, so no walk can loop. Returns false when
 * some directory could not be read (reported). */
static bool collect(const char *dir, struct paths *files)
{
	DIR *d = opendir(dir);
	if (!d) {
		struct input in = {.name = dir};
		input_error(&in, "cannot open: %s", strerror(errno));
		return false;
	}
	bool ok = true;
	struct paths subdirs = {0};
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		unsigned char type = e->d_type;
		if (type == DT_LNK || type == DT_UNKNOWN) {
			char *p = NULL;
			struct stat st;
			struct paths one = {.v = &p, .cap = 1};
			if (add_path(&one, dir, e->d_name) < 0)
				goto oom;
			bool is_file = stat(p, &st) == 0 && S_ISREG(st.st_mode);
			bool is_dir = type == DT_UNKNOWN && lstat(p, &st) == 0 && S_ISDIR(st.st_mode);
			free(p);
			type = is_file ? DT_REG : is_dir ? DT_DIR : DT_UNKNOWN;
		}
		if ((type == DT_REG && add_path(files, dir, e->d_name) < 0) ||
		    (type == DT_DIR && add_path(&subdirs, dir, e->d_name) < 0))
			goto oom;
	}
	closedir(d);
	for (size_t i = 0; i < subdirs.n; i++) {
		ok &= collect(subdirs.v[i], files);
		free(subdirs.v[i]);
	}
	free(subdirs.v);
	return ok;
oom:
	closedir(d);
	for (size_t i = 0; i < subdirs.n; i++)
		free(subdirs.v[i]);
	free(subdirs.v);
	msg_at(dir, 0, "out of memory listing the directory");
	return false;
}

static int by_bytes(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ingest_dir(const struct options *o, const char *dir)
{
	struct paths files = {0};
	bool ok = collect(dir, &files);
	qsort(files.v, files.n, sizeof *files.v, by_bytes);
	for (size_t i = 0; i < files.n && !out_failed(); i++)
		ok &= ingest_one(o, files.v[i], files.v[i], NULL, true);
	for (size_t i = 0; i < files.n; i++)
		free(files.v[i]);
	free(files.v);
	return ok;
}

/* ---- options and main */

static int parse_args(int argc, char **argv, struct options *o)
{
	enum { OPT_MAX_DOC = OPT_TOOL_FIRST, OPT_NO_DATELINE, OPT_HTML_MAIN };
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{"format", required_argument, NULL, 'f'},
		{"html-main", required_argument, NULL, OPT_HTML_MAIN},
		{"manifest", required_argument, NULL, 'm'},
		{"max-doc", required_argument, NULL, OPT_MAX_DOC},
		{"no-dateline", no_argument, NULL, OPT_NO_DATELINE},
		{"published", required_argument, NULL, 'p'},
		{"source", required_argument, NULL, 's'},
		{"text-column", required_argument, NULL, 't'},
		{"title", required_argument, NULL, 'T'},
		{"author", required_argument, NULL, 'a'},
		{"url", required_argument, NULL, 'u'},
		{"verbose", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	static const char *const format_names[] = {"auto", "text", "rss", "atom", "html", "csv", "tsv"};
	o->text_column = "text";
	o->max_doc_arg = "64M";
	bool format_given = false;
	int c;
	while ((c = getopt_long(argc, argv, "T:a:f:hm:p:s:t:u:v", longopts, NULL)) != -1) {
		switch (common_option(c, optarg, &o->common, usage)) {
		case COMMON_HANDLED: continue;
		case COMMON_EXIT_OK: exit(EXIT_OK);
		case COMMON_EXIT_FAIL: exit(EXIT_FAIL);
		case COMMON_BAD: exit(EXIT_USAGE);
		case COMMON_UNKNOWN: break;
		}
		switch (c) {
		case 'T': o->given.title = optarg; break;
		case 'a': o->given.author = optarg; break;
		case 'f': {
			size_t i = 0;
			while (i < sizeof format_names / sizeof *format_names && strcmp(optarg, format_names[i]))
				i++;
			if (i == sizeof format_names / sizeof *format_names) {
				opt_bad("--format", optarg, "text, rss, atom, html, csv, tsv or auto");
				exit(EXIT_USAGE);
			}
			o->format = (enum format)i;
			format_given = true;
			break;
		}
		case 'm': o->manifest = optarg; break;
		case 'p': {
			struct date d;
			if (date_parse(optarg, strlen(optarg), &d) < 0) {
				opt_bad("--published", optarg, "a date such as 2022-02-21");
				exit(EXIT_USAGE);
			}
			o->given.published = optarg;
			break;
		}
		case 's': o->given.source = optarg; break;
		case 't': o->text_column = optarg; break;
		case 'u': o->given.url = optarg; break;
		case 'v': o->verbose = true; break;
		case OPT_MAX_DOC:
			if (opt_size("--max-doc", optarg, 1, &o->max_doc) < 0)
				exit(EXIT_USAGE);
			o->max_doc_arg = optarg;
			break;
		case OPT_NO_DATELINE: o->no_dateline = true; break;
		case OPT_HTML_MAIN:
			if (strcmp(optarg, "auto") == 0)
				o->html_main = HTML_MAIN_AUTO;
			else if (strcmp(optarg, "article") == 0)
				o->html_main = HTML_MAIN_ARTICLE;
			else if (strcmp(optarg, "body") == 0)
				o->html_main = HTML_MAIN_BODY;
			else {
				opt_bad("--html-main", optarg, "auto, article or body");
				exit(EXIT_USAGE);
			}
			break;
		default: usage_hint(); exit(EXIT_USAGE);
		}
	}
	if (o->common.in.csv) {
		if (format_given && o->format != FORMAT_CSV) {
			msg("--csv and --format %s disagree", format_names[o->format]);
			usage_hint();
			exit(EXIT_USAGE);
		}
		o->format = FORMAT_CSV;
	}
	if (!o->max_doc)
		o->max_doc = (size_t)64 << 20;
	return optind;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	msg_init(argv[0]);
	argv[0] = (char *)progname; /* getopt's messages name the tool, not its path */
	int first = parse_args(argc, argv, &o);
	int status = EXIT_OK;
	if (o.manifest && (status = load_manifest(&o)) != EXIT_OK) {
		free_manifest(); /* a manifest half read would give half the documents: none is better */
		return status;
	}
	out_init(1, o.common.line_buffered);
	progress_start();
	if (emit_header() < 0) {
		msg("out of memory");
		free_manifest();
		return EXIT_FAIL;
	}
	bool ok = true;
	if (first == argc && o.manifest) {
		for (size_t i = 0; i < manifest.n && !out_failed(); i++) {
			struct manifest_entry *e = &manifest.v[i];
			ok &= ingest_one(&o, e->path, e->file, &e->meta, false);
		}
	} else if (first == argc) {
		ok &= ingest_one(&o, "-", "", NULL, false);
	}
	for (int i = first; i < argc && !out_failed(); i++) {
		struct stat st;
		if (strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			ok &= ingest_dir(&o, argv[i]);
		else
			ok &= ingest_one(&o, argv[i], argv[i], NULL, false);
	}
	if (o.common.in.progress)
		progress_report(true);
	free_manifest();
	buf_free(&content);
	emit_cleanup();
	markup_cleanup();
	blocks_cleanup();
	dateline_cleanup();
	status = ok ? EXIT_OK : EXIT_FAIL;
	return out_exit_status(status);
}
