/* Fuzz target: ingest's feed reader (RSS 2.0, RSS 1.0, Atom, and the HTML of their items), as
 * read_feed() is called by ingest on a whole file. See check.h for the properties checked. */
#include "check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run_reader(read_feed, "fuzz.rss", data, size);
	return 0;
}
