#!/usr/bin/env bats
# tag-entities: names in other scripts and other transliterations (issue 12): a Cyrillic name
# resolves to the entity of its Latin form through data/tag-entities/translit-*.tsv, and a
# person's Latin spelling by another habit of transliteration through the folded key.

load helpers

T=tag-entities
DIR=$FIXTURES/tag-entities/translit

# translit_case CASE [ARGS...]: tag-entities ARGS < CASE.in, compared with CASE.out, exactly
translit_case() {
	local case=$1
	shift
	"$BIN/$T" "$@" <"$DIR/$case.in" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
	diff -u "$DIR/$case.out" "$BATS_TEST_TMPDIR/out"
	diff -u /dev/null "$BATS_TEST_TMPDIR/err"
}

# data_with FILE LINE...: a copy of data/ (links) whose tag-entities/FILE holds the lines given
data_with() {
	local file=$1 top=$BATS_TEST_DIRNAME/../data
	shift
	rm -rf "$BATS_TEST_TMPDIR/data"
	mkdir -p "$BATS_TEST_TMPDIR/data/tag-entities"
	for f in "$top"/*; do
		[ "$(basename "$f")" = tag-entities ] || ln -s "$f" "$BATS_TEST_TMPDIR/data/"
	done
	for f in "$top"/tag-entities/*; do ln -s "$f" "$BATS_TEST_TMPDIR/data/tag-entities/"; done
	rm "$BATS_TEST_TMPDIR/data/tag-entities/$file"
	printf '%s\n' "$@" >"$BATS_TEST_TMPDIR/data/tag-entities/$file"
}

@test "tag-entities: Cyrillic names in English text resolve to their Latin entities (Ukrainian, Russian, places, a title, an unknown name)" {
	translit_case cyrillic --mentions
}

@test "tag-entities: a run of Cyrillic words the model does not tag is a person when the gazetteers know its transliteration" {
	translit_case runs --no-model --mentions
}

@test "tag-entities: Latin spellings of other transliteration habits resolve to the known person, and only people are folded" {
	translit_case variants --mentions
}

@test "tag-entities: a Cyrillic name and its surname alone later have the Latin name's entity id" {
	printf 'doc_id\ttext\nd1\tVolodymyr Zelensky spoke.\nd2\tВолодимир Зеленський spoke.\nd2\tЗеленський left.\n' |
		"$BIN/$T" --mentions | cut -f1,4,7,8 >"$BATS_TEST_TMPDIR/out"
	printf '%s\n' $'doc_id\tsurface\tcanonical\tentity_id' \
		$'d1\tVolodymyr Zelensky\tVolodymyr Zelensky\taa8dc95d571d0779' \
		$'d2\tВолодимир Зеленський\tVolodymyr Zelensky\taa8dc95d571d0779' \
		$'d2\tЗеленський\tVolodymyr Zelensky\taa8dc95d571d0779' | diff -u - "$BATS_TEST_TMPDIR/out"
}

@test "tag-entities: a bad row of a transliteration table stops the tool with file:line" {
	data_with translit-uk.tsv '# a comment' $'cyrillic\tlatin\tinitial\tafter' $'а\ta' $'б\tB'
	run env CROSSCHECK_DATA="$BATS_TEST_TMPDIR/data" "$BIN/$T" <<<$'text\nKyiv.'
	assert_equal "$status" 1
	assert_output "tag-entities: $BATS_TEST_TMPDIR/data/tag-entities/translit-uk.tsv:4: latin and initial must be at most 7 letters a-z"
	data_with translit-ru.tsv $'а\ta'
	run env CROSSCHECK_DATA="$BATS_TEST_TMPDIR/data" "$BIN/$T" <<<$'text\nKyiv.'
	assert_equal "$status" 1
	assert_output "tag-entities: $BATS_TEST_TMPDIR/data/tag-entities/translit-ru.tsv:1: expected the header 'cyrillic latin initial after'"
	data_with translit-ru.tsv $'cyrillic\tlatin' $'ab\ta'
	run env CROSSCHECK_DATA="$BATS_TEST_TMPDIR/data" "$BIN/$T" <<<$'text\nKyiv.'
	assert_equal "$status" 1
	assert_output "tag-entities: $BATS_TEST_TMPDIR/data/tag-entities/translit-ru.tsv:2: the first field must be one letter or a pair of letters, then a tab"
}

@test "tag-entities: a scheme's pairs and word-start forms resolve (зг zgh, є ye, е ye after a vowel)" {
	# people of a gazetteer of this test: each name is found only through its transliteration
	printf 'type\tname\taliases\trole\nPER\tYevhen Andriievych\t\tminister\nPER\tSergey Andreyev\t\tminister\nPER\tOleh Zghurskyi\t\tminister\n' \
		>"$BATS_TEST_TMPDIR/gaz.tsv"
	printf 'text\nЄвген Андрієвич spoke.\nСергей Андреев spoke.\nОлег Згурський spoke.\n' |
		"$BIN/$T" --no-model --gazetteer "$BATS_TEST_TMPDIR/gaz.tsv" --mentions | cut -f2,6 >"$BATS_TEST_TMPDIR/out"
	printf '%s\n' $'type\tcanonical' $'PER\tYevhen Andriievych' $'PER\tSergey Andreyev' $'PER\tOleh Zghurskyi' |
		diff -u - "$BATS_TEST_TMPDIR/out"
}

@test "tag-entities: the seeds: every variant of Volodymyr Zelensky, the Cyrillic one included, has one canonical name" {
	[ -r "$SHARED/seeds/manifest.tsv" ] || skip "$SHARED/seeds is absent"
	"$BIN/ingest" --manifest "$SHARED/seeds/manifest.tsv" | "$BIN/segment" --with-title |
		"$BIN/$T" --mentions |
		awk -F'\t' 'NR > 1 && $(NF-5) == "PER" && $(NF-4) ~ /Zelensk|Volod|Зеленськ|Зеленск|Володимир/ {
			print ($(NF-4) ~ /[А-Яа-яІіЇїЄєҐґ]/ ? "cyrillic" : "latin") "\t" $(NF-1) }' |
		sort | uniq -c | awk '{ $1 = $1 > 0 ? "n" : "0"; print }' >"$BATS_TEST_TMPDIR/out"
	printf '%s\n' 'n cyrillic Volodymyr Zelensky' 'n latin Volodymyr Zelensky' | diff -u - "$BATS_TEST_TMPDIR/out"
}
