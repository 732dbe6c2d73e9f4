#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "err.h"

int data_path(const char *name, char *out, size_t size)
{
	const char *env = getenv("CROSSCHECK_DATA");
	if (env && *env) {
		snprintf(out, size, "%s/%s", env, name);
		return access(out, R_OK) == 0 ? 0 : -1;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		n = 0;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(exe, ".");
	static const char *const candidates[] = {"%s/../../data/%s", "%s/../share/crosscheck/%s"};
	for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++) {
		snprintf(out, size, candidates[i], exe, name);
		if (access(out, R_OK) == 0)
			return 0;
	}
	return -1;
}

int data_lines(const char *path, data_line_fn each, void *ctx, char *err, size_t errsize)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		msg_format_at(err, errsize, path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	int rc = 0;
	while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		rc = each(ctx, line, (size_t)len, lineno);
	}
	if (rc == 0 && ferror(f)) {
		msg_format_at(err, errsize, path, lineno + 1, "cannot read: %s", strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}
