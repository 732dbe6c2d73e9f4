#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"

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
