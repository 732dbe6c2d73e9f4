# Sourced by scripts/bench*, scripts/eval*: where things are, and how to measure.
# shellcheck shell=bash

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${CROSSCHECK_BIN:-$TOP/bin}
SHARED=${CROSSCHECK_SHARED:-$TOP/../shared}
WORK=${CROSSCHECK_WORK:-$TOP/build/work}
export LC_ALL=C
mkdir -p "$WORK"

have_shared() { [ -d "$SHARED/data" ]; }

# bench_corpus: prints the path of a TSV of news documents of at least 100 MB
# (doc_id source published url title text), built once from shared/data/news by repeating
# Reuters-21578 and BBC with fresh doc_ids.
bench_corpus() {
	local f=$WORK/news-100mb.tsv
	if [ ! -s "$f" ]; then
		local tmp=$f.tmp copy=0
		head -1 "$SHARED/data/news/reuters21578.tsv" >"$tmp"
		while [ "$(stat -L -c %s "$tmp")" -lt 105000000 ]; do
			copy=$((copy + 1))
			tail -n +2 -q "$SHARED/data/news/reuters21578.tsv" "$SHARED/data/news/bbc.tsv" |
				awk -F'\t' -v OFS='\t' -v c="$copy" '{ $1 = $1 "-" c; print }' >>"$tmp"
		done
		mv "$tmp" "$f"
	fi
	printf '%s\n' "$f"
}

# bench_sentences OUT FILTER CORPUS: OUT holds the sentence rows with entities (bin/segment, then
# bin/tag-entities) of the first 20 MB of CORPUS through FILTER (a command or shell function);
# built once, and again when the corpus or those tools change. scripts/bench-extract-events
# and scripts/bench-diff-sources share them.
bench_sentences() {
	local out=$1 filter=$2 corpus=$3
	if [ ! -s "$out" ] || [ "$corpus" -nt "$out" ] || [ "$BIN/tag-entities" -nt "$out" ] || [ "$BIN/segment" -nt "$out" ]; then
		head -c 20000000 "$corpus" | sed '$d' | $filter | "$BIN/segment" | "$BIN/tag-entities" >"$out.tmp"
		mv "$out.tmp" "$out"
	fi
}

# measure LABEL INPUT CMD...: runs CMD < INPUT > /dev/null and prints one table row:
# label, input MB, seconds, MB/s, peak RSS in MB. The best of three runs counts.
measure() {
	local label=$1 input=$2
	shift 2
	measure_from "$label" "$(stat -L -c %s "$input")" "$input" "$@"
}

# measure_args LABEL BYTES CMD...: like measure, for a command that reads the files named in its
# arguments (no stdin): BYTES is their total size, for MB/s.
measure_args() {
	local label=$1 bytes=$2
	shift 2
	measure_from "$label" "$bytes" /dev/null "$@"
}

measure_from() {
	local label=$1 bytes=$2 input=$3
	shift 3
	local best="" rss=0 t t0 t1
	for _ in 1 2 3; do
		t0=$(date +%s%N)
		/usr/bin/time -o "$WORK/time.out" -f '%M' "$@" <"$input" >/dev/null 2>"$WORK/stderr.out" ||
			{ echo "bench: $label failed: $(head -1 "$WORK/stderr.out")" >&2; return 1; }
		t1=$(date +%s%N)
		t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
		rss=$(tail -1 "$WORK/time.out")
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
	done
	awk -v l="$label" -v mb="$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')" -v t="$best" -v rss="$rss" 'BEGIN {
		s = t > 0 ? t : 0.01
		printf "%-28s %9.1f %8.3f %9.1f %10.1f\n", l, mb, t, mb / s, rss / 1024 }'
}

bench_header() {
	printf '%-28s %9s %8s %9s %10s\n' "command" "input MB" "seconds" "MB/s" "peak RSS MB"
}

# eval_row TOOL DATASET METRIC VALUE: one row of the make eval table.
eval_row() {
	printf '%-14s %-26s %-32s %s\n' "$1" "$2" "$3" "$4"
}


# tag_entities_text_mb FILE: MB of the text column of a TSV of sentence rows (escapes counted
# as the bytes they stand for).
tag_entities_text_mb() {
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "text") c = i; next }
		{ s = $c; gsub(/\\[tnr\\]/, "x", s); n += length(s) } END { printf "%.1f", n / 1e6 }' "$1"
}

# bench_typographic_corpus: prints the path of a TSV of the news documents of shared/data/news
# once each (no verbatim repeats), in the typography publishing systems give today: curly
# quotes and apostrophes, en and em dashes, ellipses, accented names. Built once.
bench_typographic_corpus() {
	local f=$WORK/news-typographic.tsv
	if [ ! -s "$f" ]; then
		{
			head -1 "$SHARED/data/news/reuters21578.tsv"
			tail -n +2 -q "$SHARED/data/news/reuters21578.tsv" "$SHARED/data/news/bbc.tsv"
		} | awk -F'\t' -v OFS='\t' '
			function typeset(s) {
				gsub(/\.\.\./, "…", s)
				gsub(/ -- | - /, " – ", s)
				gsub(/--/, "—", s)
				gsub(/^"/, "“", s)
				gsub(/ "/, " “", s)
				gsub(/\("/, "(“", s)
				gsub(/\\n"/, "\\n“", s)
				gsub(/"/, "”", s)
				gsub(/ '\''/, " ‘", s)
				gsub(/'\''/, "’", s)
				for (i = 1; i <= nnames; i++)
					gsub(plain[i], accented[i], s)
				return s
			}
			BEGIN {
				nnames = split("Jose Sao Francois Zurich Muller Nestle Bogota Quebec Lopez Perez Garcia Gonzalez Dusseldorf Brasilia Societe Generale Montreal Malmo Angstrom Renee Andre Celine Eric Chavez Jurgen Koenig Goteborg Nunez Pena Ibanez", plain, " ")
				split("José São François Zürich Müller Nestlé Bogotá Québec López Pérez García González Düsseldorf Brasília Société Générale Montréal Malmö Ångström Renée André Céline Éric Chávez Jürgen König Göteborg Núñez Peña Ibáñez", accented, " ")
			}
			NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "title") tc = i; if ($i == "text") xc = i }; print; next }
			{ $tc = typeset($tc); $xc = typeset($xc); print }' >"$f.tmp"
		mv "$f.tmp" "$f"
	fi
	printf '%s\n' "$f"
}
