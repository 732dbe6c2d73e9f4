/* modes.c: the programs of tag-entities that make or test its model rather than tag rows:
 * --train, --conll (train.c) and --word-clusters (cluster.c). */
#include "err.h"
#include "modes.h"
#include "opts.h"

int model_mode(const struct options *o, int nfiles, char **files)
{
	static struct tagger_state st;
	if (o->clusters_out)
		return word_clusters(o->clusters_out, nfiles, files, o->text_column);
	if (nfiles > 0) {
		msg("--train and --conll read no other files");
		usage_hint();
		return EXIT_USAGE;
	}
	int status;
	if (sentence_load(&st, &o->tag, o->conll != NULL) < 0)
		status = EXIT_FAIL;
	else if (o->train)
		status = train_model(o->train, o->folds, o->models, o->output, o->epochs, &st.clusters, &st.gz);
	else if (!st.have_model)
		status = EXIT_FAIL;
	else
		status = conll_predict(o->conll, &st.model, &st.clusters, &st.gz);
	sentence_free(&st);
	return status;
}
