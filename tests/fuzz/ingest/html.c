/* Fuzz target: ingest's HTML reader (main text, title, date and URL of a page), as read_html()
 * is called by ingest on a whole file, and the format sniffer. See check.h for the properties
 * checked. */
#include "check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum format f = sniff_format((const char *)data, size);
	if (f != FORMAT_TEXT && f != FORMAT_RSS && f != FORMAT_HTML)
		abort();
	run_reader(read_html, "fuzz.html", data, size);
	return 0;
}
