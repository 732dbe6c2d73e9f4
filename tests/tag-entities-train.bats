#!/usr/bin/env bats
# tag-entities --train and --word-clusters, what `make model` runs: the epochs chosen by
# cross-validation over folds of the training file's documents (no development set is read),
# an average of models that read the documents in different orders, the same bytes every time;
# word clusters with each word's share of capitals inside sentences.

load helpers

T=tag-entities
CONLL=$FIXTURES/tag-entities/train/valdora.conll

@test "tag-entities --train: the epochs chosen by cross-validation on the training file, then a model trained on all of it" {
	run "$BIN/$T" --train "$CONLL" --folds 2 --models 2 --epochs 3 --output "$BATS_TEST_TMPDIR/m.bin"
	assert_success
	assert_line "tag-entities: train: 6 documents, 12 sentences, 77 tokens"
	assert_line --regexp '^tag-entities: epoch 3: cross-validated F1 [01]\.[0-9]{4}$'
	assert_line --regexp '^tag-entities: [123] epochs on all of train \(cross-validated F1 [01]\.[0-9]{4}\)$'
	# the model it wrote tags the file it learned, a line a token and a blank line a sentence
	run "$BIN/$T" --model "$BATS_TEST_TMPDIR/m.bin" --conll "$CONLL"
	assert_success
	[ "$(grep -c . <<<"$output")" -eq 77 ]
	assert_line "Maribel B-PER B-PER"
	assert_line "Norcrest B-ORG B-ORG"
}

@test "tag-entities --train: the same file gives the same model, byte for byte" {
	"$BIN/$T" --train "$CONLL" --folds 3 --models 2 --epochs 2 -o "$BATS_TEST_TMPDIR/a.bin" 2>/dev/null
	"$BIN/$T" --train "$CONLL" --folds 3 --models 2 --epochs 2 -o "$BATS_TEST_TMPDIR/b.bin" 2>/dev/null
	cmp "$BATS_TEST_TMPDIR/a.bin" "$BATS_TEST_TMPDIR/b.bin"
	# one model is not the average of two
	"$BIN/$T" --train "$CONLL" --folds 3 --models 1 --epochs 2 -o "$BATS_TEST_TMPDIR/c.bin" 2>/dev/null
	! cmp -s "$BATS_TEST_TMPDIR/a.bin" "$BATS_TEST_TMPDIR/c.bin"
}

@test "tag-entities --train --folds 1: no cross-validation, every epoch asked for" {
	run "$BIN/$T" --train "$CONLL" --folds 1 --epochs 2 -o "$BATS_TEST_TMPDIR/m.bin"
	assert_success
	refute_output --partial "cross-validated"
	assert_line "tag-entities: 2 epochs on all of train"
}

@test "tag-entities --train: usage errors exit 2" {
	for args in "--folds 0" "--folds 21" "--models 0" "--models 17" "--epochs 0"; do
		run "$BIN/$T" --train "$CONLL" $args -o "$BATS_TEST_TMPDIR/m.bin"
		assert_failure 2
	done
	run "$BIN/$T" --train "$CONLL"
	assert_failure 2
	assert_output --partial "tag-entities: --train needs --output"
	# the development set is make eval's: training has no option to read it
	run "$BIN/$T" --train "$CONLL" --dev "$CONLL" -o "$BATS_TEST_TMPDIR/m.bin"
	assert_failure 2
	[ ! -e "$BATS_TEST_TMPDIR/m.bin" ]
}

@test "tag-entities --train: a malformed training file is file:line and exit 1" {
	printf 'Maribel NNP B-NP B-PER\nOrtega NNP B-NP X-PER\n' >"$BATS_TEST_TMPDIR/bad.conll"
	run "$BIN/$T" --train "$BATS_TEST_TMPDIR/bad.conll" -o "$BATS_TEST_TMPDIR/m.bin"
	assert_failure 1
	assert_output "tag-entities: $BATS_TEST_TMPDIR/bad.conll:2: unknown tag 'X-PER'"
}

@test "tag-entities --word-clusters: a path of 26 bits a word, and its share of capitals inside sentences" {
	{
		printf 'doc_id\ttext\n'
		for i in 1 2 3 4 5 6; do
			printf 'd%s\tThe bank in Paris said the deal was done. Bank staff in Paris said so.\n' "$i"
		done
	} >"$BATS_TEST_TMPDIR/news.tsv"
	run "$BIN/$T" --word-clusters "$BATS_TEST_TMPDIR/clusters.tsv" "$BATS_TEST_TMPDIR/news.tsv"
	assert_success
	# word, count, share: "Bank" opens its sentence, so only "bank" inside one counts
	run cut -f2- "$BATS_TEST_TMPDIR/clusters.tsv"
	assert_line "paris	12	100"
	assert_line "bank	12	0"
	assert_line "the	12	0"
	assert_line ".	12	-"
	run awk -F'\t' 'NF != 4 || length($1) != 26 || $1 ~ /[^01]/' "$BATS_TEST_TMPDIR/clusters.tsv"
	assert_output ""
}
