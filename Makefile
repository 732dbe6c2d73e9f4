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

.PHONY: all deps test test-build demo bench eval model valgrind fuzz fuzz-build install clean
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

# ---- fuzzing. A target is tests/fuzz/TOOL/NAME.c (TOOL "lib" for lib/ alone) with its seed
# corpus in tests/fuzz/TOOL/NAME/; it links lib/ and the tool's files other than main.c.
# `make fuzz` builds each with clang's libFuzzer, ASan and UBSan and runs it FUZZ_SECONDS;
# `make test` builds the same targets with $(CC) and tests/fuzz/replay.c instead and replays
# every seed and kept crash input, so a fixed crash stays fixed without clang.
FUZZ_SRC     = $(wildcard tests/fuzz/*/*.c)
FUZZ_NAMES   = $(FUZZ_SRC:tests/fuzz/%.c=%)
REPLAY_BINS  = $(FUZZ_NAMES:%=$(BUILD)/replay/%)
FUZZ_CC     ?= clang
FUZZ_FLAGS   = -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined
FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= 1
fuzz_tool_src = $(if $(filter lib,$(1)),,$(filter-out %/main.c,$(wildcard tools/$(1)/*.c)))
fuzz_tool     = $(patsubst %/,%,$(dir $(1)))

$(BUILD)/replay/%: tests/fuzz/%.c tests/fuzz/replay.c $$(call fuzz_tool_src,$$(call fuzz_tool,$$*)) \
		$$(wildcard tools/$$(call fuzz_tool,$$*)/*.h) $(LIB_A) lib/*.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itools/$(call fuzz_tool,$*) -o $@ $(filter %.c,$^) $(LIB_A) $(LDLIBS)

build-fuzz/%: tests/fuzz/%.c $$(call fuzz_tool_src,$$(call fuzz_tool,$$*)) \
		$$(wildcard tools/$$(call fuzz_tool,$$*)/*.h) $(LIB_SRC) lib/*.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(STD) $(WARN) $(FUZZ_FLAGS) $(PKG_CFLAGS) -Ilib -Itools/$(call fuzz_tool,$*) \
		-o $@ $(filter %.c,$^) $(PKG_LIBS) -lcsv -lm

fuzz-build: $(FUZZ_NAMES:%=build-fuzz/%)

# the I/O fault shim of tests/faults.bats (LD_PRELOAD; not built with the sanitizers, whose
# runtime must come first in the process)
build/iofault.so: tests/shim/iofault.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) -O2 -fPIC -shared -o $@ $< -ldl

fuzz:
	@scripts/install-deps --fuzz
	@$(MAKE) --no-print-directory fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_SEED=$(FUZZ_SEED) FUZZ_JOBS=$(FUZZ_JOBS) scripts/fuzz $(FUZZ_NAMES)

deps:
	@scripts/install-deps

# what the tests run: the tools, the unit tests, the fuzz targets' replayers, the fault shim
test-build: all $(UNIT_BINS) $(REPLAY_BINS) build/iofault.so

test: deps
	@$(MAKE) --no-print-directory test-build
	@CROSSCHECK_BIN=$(CURDIR)/$(BIN) CROSSCHECK_UNIT=$(CURDIR)/$(BUILD)/unit CROSSCHECK_SAN=$(filter 1,$(SAN)) \
		CROSSCHECK_REPLAY=$(CURDIR)/$(BUILD)/replay CROSSCHECK_SHIM=$(CURDIR)/build/iofault.so \
		scripts/run-tests

demo: deps
	@$(MAKE) --no-print-directory all
	@CROSSCHECK_BIN=$(CURDIR)/$(BIN) SEEDS=$(SEEDS) scripts/demo

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
	rm -rf build build-san build-fuzz bin

# ---- tag-entities: `make model` clusters the words of the unlabelled news in ../shared/data/news
# and of CoNLL-2003 train.txt read as text (the tagger's word cluster and case features), then
# trains the name tagger on train.txt into data/tag-entities/model.bin: the epochs chosen by
# 5-fold cross-validation on train (dev.txt is never read: it is make eval's), the average of 5
# models that read the documents in different orders. About 10 minutes on one core.
# Deterministic: the same data, the same gazetteers and the same build give the same bytes.
CONLL_DIR ?= ../shared/data/conll2003
NEWS_DIR  ?= ../shared/data/news
model: $(BIN)/tag-entities
	@[ -r $(CONLL_DIR)/train.txt ] || { echo "model: $(CONLL_DIR)/train.txt is absent" >&2; exit 1; }
	@if [ -r $(NEWS_DIR)/reuters21578.tsv ] && [ -r $(NEWS_DIR)/bbc.tsv ]; then \
		scripts/conll-text $(CONLL_DIR)/train.txt > $(BUILD)/conll-train-text.tsv && \
		echo "nice -n 19 $(BIN)/tag-entities --word-clusters data/tag-entities/clusters.tsv ..." && \
		nice -n 19 $(BIN)/tag-entities --word-clusters data/tag-entities/clusters.tsv \
			$(NEWS_DIR)/reuters21578.tsv $(NEWS_DIR)/bbc.tsv $(BUILD)/conll-train-text.tsv; \
	else \
		echo "model: $(NEWS_DIR) is absent: the shipped word clusters stay" >&2; \
	fi
	nice -n 19 $(BIN)/tag-entities --train $(CONLL_DIR)/train.txt --folds 5 --models 5 \
		--epochs 24 --output data/tag-entities/model.bin

# ---- make dist: build/crosscheck-VERSION.tar.gz, the tools linked statically (every library has
# its .a on Debian; ICU, which libxml2 pulls in, needs libstdc++) with data/ as
# share/crosscheck/, where a tool looks beside its binary: unpacked anywhere, bin/ runs on a host
# with none of the -dev packages (crosscheck-parallel's other hosts, Hadoop and Spark workers).
VERSION    := $(shell sed -n 's/^\#define CROSSCHECK_VERSION "\(.*\)"/\1/p' lib/opts.h)
DIST       = build/crosscheck-$(VERSION)
STATIC_LIBS = $(shell pkg-config --static --libs $(PKGS) 2>/dev/null) -lcsv -lstdc++ -lm
.PHONY: dist
dist: $(LIB_A)
	rm -rf $(DIST) && mkdir -p $(DIST)/bin $(DIST)/share/crosscheck
	for t in $(TOOLS); do \
		$(CC) $(ALL_CFLAGS) -static -Itools/$$t -o $(DIST)/bin/$$t $$(ls tools/$$t/*.c) $(LIB_A) \
			$(STATIC_LIBS) 2>$(DIST)/link-$$t.log || { cat $(DIST)/link-$$t.log; exit 1; }; \
		rm -f $(DIST)/link-$$t.log; \
	done
	strip $(DIST)/bin/*
	cp -R data/. $(DIST)/share/crosscheck/
	tar -C build -czf $(DIST).tar.gz crosscheck-$(VERSION)
	@ls -l $(DIST).tar.gz
