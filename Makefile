# crosscheck: small, fast filters that turn news into sentences, entities and events.
# `make` builds every tool into bin/; `make test` and `make demo` install missing
# dependencies first (scripts/install-deps), so on a fresh machine they are the whole set-up.

CC      ?= cc
PREFIX  ?= /usr/local
PKGS     = libpcre2-8 libutf8proc libxml-2.0 sqlite3 libxxhash
STD      = -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
WARN     = -Wall -Wextra
OPT      = -O2

ifeq ($(SAN),1)
OPT     = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
BUILD   = build-san
else
BUILD   = build
endif
BIN      = $(BUILD)/bin

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  ?=
ALL_CFLAGS = $(STD) $(WARN) $(OPT) $(PKG_CFLAGS) -Ilib $(CFLAGS)
LDLIBS  = $(PKG_LIBS) -lcsv -lm

LIB_SRC  = $(wildcard lib/*.c)
LIB_OBJ  = $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o)
LIB_A    = $(BUILD)/libcrosscheck.a
# a tool is tools/NAME.c, or tools/NAME/*.c once it outgrows one file
TOOL_FILES = $(wildcard tools/*.c)
TOOL_DIRS  = $(patsubst %/,%,$(dir $(wildcard tools/*/main.c)))
TOOLS      = $(sort $(TOOL_FILES:tools/%.c=%) $(TOOL_DIRS:tools/%=%))
TOOL_BINS  = $(TOOLS:%=$(BIN)/%)
UNIT_SRC   = $(wildcard tests/unit/*.c)
UNIT_BINS  = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/unit/%)

.PHONY: all deps test demo bench eval model valgrind install clean
all: $(TOOL_BINS) bin

# bin/ points at the plain build so that `bin/segment` works from the top of the tree
bin: | $(TOOL_BINS)
	@[ "$(SAN)" = 1 ] || ln -sfn $(BIN) bin

$(BUILD)/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB_A): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BIN)/%: tools/%.c $(LIB_A) lib/*.h
	@mkdir -p $(BIN)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_A) $(LDLIBS)

.SECONDEXPANSION:
$(BIN)/%: $$(wildcard tools/$$*/*.c) $$(wildcard tools/$$*/*.h) $(LIB_A) lib/*.h
	@mkdir -p $(BIN)
	$(CC) $(ALL_CFLAGS) -Itools/$* -o $@ $(filter %.c,$^) $(LIB_A) $(LDLIBS)

$(BUILD)/unit/%: tests/unit/%.c $(LIB_A) lib/*.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_A) $(LDLIBS)

deps:
	@scripts/install-deps

test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BINS)
	@CROSSCHECK_BIN=$(CURDIR)/$(BIN) CROSSCHECK_UNIT=$(CURDIR)/$(BUILD)/unit scripts/run-tests

demo: deps
	@$(MAKE) --no-print-directory all
	@CROSSCHECK_BIN=$(CURDIR)/$(BIN) scripts/demo

bench: all
	@CROSSCHECK_BIN=$(CURDIR)/$(BIN) scripts/bench

eval: all
	@CROSSCHECK_BIN=$(CURDIR)/$(BIN) scripts/eval

valgrind: all
	@CROSSCHECK_BIN=$(CURDIR)/$(BIN) scripts/valgrind

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/crosscheck
	install -m 755 $(TOOL_BINS) $(DESTDIR)$(PREFIX)/bin/
	cp -R data/. $(DESTDIR)$(PREFIX)/share/crosscheck/

clean:
	rm -rf build build-san bin

# ---- tag-entities: `make model` clusters the words of the unlabelled news in ../shared/data/news
# (the tagger's word cluster features) and trains the name tagger on CoNLL-2003 train.txt (dev.txt
# only chooses the epoch) into data/tag-entities/model.bin. Deterministic: the same data, the same
# gazetteers and the same build give the same bytes.
CONLL_DIR ?= ../shared/data/conll2003
NEWS_DIR  ?= ../shared/data/news
model: $(BIN)/tag-entities
	@[ -r $(CONLL_DIR)/train.txt ] || { echo "model: $(CONLL_DIR)/train.txt is absent" >&2; exit 1; }
	@if [ -r $(NEWS_DIR)/reuters21578.tsv ] && [ -r $(NEWS_DIR)/bbc.tsv ]; then \
		echo "nice -n 19 $(BIN)/tag-entities --word-clusters data/tag-entities/clusters.tsv ..."; \
		nice -n 19 $(BIN)/tag-entities --word-clusters data/tag-entities/clusters.tsv \
			$(NEWS_DIR)/reuters21578.tsv $(NEWS_DIR)/bbc.tsv; \
	else \
		echo "model: $(NEWS_DIR) is absent: the shipped word clusters stay" >&2; \
	fi
	nice -n 19 $(BIN)/tag-entities --train $(CONLL_DIR)/train.txt --dev $(CONLL_DIR)/dev.txt \
		--epochs 20 --output data/tag-entities/model.bin
