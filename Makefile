# bondsim - discrete-event simulator of Linux bonding, links and switches.
#
#   make demo    install what is missing (Debian), build, run the default scenario into out/
#   make check   build and run every test (unit, scenario, pcap dissection, sweeps on GNU
#                parallel and Slurm, ASan+UBSan, fuzzing)
#   make         build ./bondsim
#   make install PREFIX=/usr/local DESTDIR=   (the binary, scenarios, plots, bondsim(1), bash completion)
#   make bench   bondsim against ns-3 on the same workloads, cost model and graphs (bench/; bench-quick: < 1 min)
#   make fuzz    every fuzz target for FUZZ_SECONDS each (clang, see fuzz/README.md)

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
PKGS     = glib-2.0 yaml-0.1
DEB_PKGS = build-essential pkg-config libglib2.0-dev libyaml-dev netplan.io libcriterion-dev gnuplot-nox tshark valgrind cppcheck clang libclang-rt-dev libxml2-utils groff-base parallel slurm-wlm munge prometheus-node-exporter

OPT     ?= -O2
# Link-time optimisation with gcc: the packet path crosses many small files
# (bond -> NIC -> cable -> switch -> host), and inlining across them is worth
# about 8 % of W3's time (README, "Speed").  Fat objects, so the test binary
# links from the same objects without an LTO link of its own (-fno-lto).
# Expanded when a compiler runs, not when the Makefile is read: on a fresh
# machine the compiler is only there once `deps` has installed it.
ifeq ($(origin LTO),undefined)
LTO      = $(shell $(CC) -v 2>&1 | grep -q '^gcc version' && echo -flto=auto -ffat-lto-objects)
endif
CFLAGS  ?= $(OPT) $(LTO) -g
# GLib 2.72 is the oldest taken (deps); newer headers then neither offer what
# 2.72 lacks nor warn about what later versions deprecated.
WARN     = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
	   -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_72 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_72
INC      = -Isim -Imodels -Icli
GLIB_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
GLIB_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

BUILD   ?= build
LIB_SRC  = $(wildcard sim/*.c) $(wildcard models/*/*.c) $(filter-out cli/main.c,$(wildcard cli/*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_SRC = $(wildcard tests/*.c)
TEST_OBJ = $(TEST_SRC:%.c=$(BUILD)/%.o)
DEFAULT_SCENARIO = scenarios/mode0_single_switch.ini

.PHONY: FORCE all demo check check-netplan check-monitoring check-unit check-scenarios check-asan check-layers check-lint check-ci check-sweep check-valgrind check-kernel deps clean install bench bench-quick \
	fuzz fuzz-check fuzz-build
all: deps bondsim

# One line for a newcomer: install what is missing when we can, say what to run when we cannot.
deps:
	@missing=""; \
	pkg-config --exists glib-2.0 2>/dev/null || missing="$$missing libglib2.0-dev"; \
	if pkg-config --exists glib-2.0 2>/dev/null && ! pkg-config --atleast-version=2.72 glib-2.0; then \
	  echo "bondsim needs GLib 2.72 or newer (g_aligned_alloc), this system has $$(pkg-config --modversion glib-2.0)"; exit 1; \
	fi; \
	pkg-config --exists yaml-0.1 2>/dev/null || missing="$$missing libyaml-dev"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	command -v $(CC) >/dev/null 2>&1 || missing="$$missing build-essential"; \
	if [ -n "$(NEED_TEST_DEPS)" ]; then \
	  pkg-config --exists criterion 2>/dev/null || missing="$$missing libcriterion-dev"; \
	  command -v tshark >/dev/null 2>&1 || missing="$$missing tshark"; \
	  command -v valgrind >/dev/null 2>&1 || missing="$$missing valgrind"; \
	  command -v cppcheck >/dev/null 2>&1 || missing="$$missing cppcheck"; \
	  command -v xmllint >/dev/null 2>&1 || missing="$$missing libxml2-utils"; \
	  command -v groff >/dev/null 2>&1 || missing="$$missing groff-base"; \
	  command -v netplan >/dev/null 2>&1 || missing="$$missing netplan.io"; \
	  command -v parallel >/dev/null 2>&1 || missing="$$missing parallel"; \
	  command -v slurmctld >/dev/null 2>&1 || missing="$$missing slurm-wlm"; \
	  command -v munged >/dev/null 2>&1 || missing="$$missing munge"; \
	  [ -x /usr/bin/prometheus-node-exporter ] || missing="$$missing prometheus-node-exporter"; \
	  echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' | \
	    $(FUZZ_CC) -fsanitize=fuzzer -x c -o /dev/null - >/dev/null 2>&1 || \
	    missing="$$missing clang libclang-rt-dev"; \
	fi; \
	command -v gnuplot >/dev/null 2>&1 || missing="$$missing gnuplot-nox"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "bondsim needs:$$missing"; \
	    echo "run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

# Order-only on deps: with make -j, nothing compiles before the packages are in.
$(BUILD)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(WARN) $(CFLAGS) $(INC) $(GLIB_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libbondsim.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

# The installed binary finds its gnuplot scripts beside itself (../share/bondsim),
# else here; the stamp rebuilds main.o when PREFIX changes between two makes.
$(BUILD)/cli/datadir.o: CFLAGS += -DBONDSIM_DATADIR='"$(PREFIX)/share/bondsim"'
$(BUILD)/cli/main.o: $(BUILD)/prefix.stamp
$(BUILD)/prefix.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@
FORCE:

bondsim: $(BUILD)/cli/main.o $(BUILD)/libbondsim.a
	$(CC) $(CFLAGS) -o $@ $^ $(GLIB_LIBS) -lm

$(BUILD)/tests/run: $(TEST_OBJ) $(BUILD)/libbondsim.a
	$(CC) $(filter-out -flto%,$(CFLAGS)) -fno-lto -o $@ $^ $(GLIB_LIBS) -lcriterion -lm

demo: all
	./bondsim $(DEFAULT_SCENARIO) --out out/

check: NEED_TEST_DEPS=1
check: deps
	@$(MAKE) --no-print-directory bondsim $(BUILD)/tests/run
	@$(MAKE) --no-print-directory check-layers check-lint check-unit check-scenarios check-ci check-sweep check-netplan check-monitoring
	@$(MAKE) --no-print-directory check-valgrind check-asan
	@$(MAKE) --no-print-directory fuzz-check

# sim/ builds and passes its tests alone; model families include only those below them.
check-layers:
	@echo "== layers: sim/ alone, include order of models/ families"
	@CC="$(CC)" tests/layers.sh

# cppcheck's profile: warnings, portability and performance, with GLib known
# (gtk library + tests/cppcheck-glib.cfg); zero findings.  Suppressions are
# inline, next to the code, each saying why.
check-lint:
	@echo "== cppcheck (warning, portability, performance): zero findings"
	@cppcheck --quiet --library=gtk --library=tests/cppcheck-glib.cfg \
	  --enable=warning,portability,performance --std=c11 -D_GNU_SOURCE --inline-suppr \
	  -Isim -Imodels -Icli --suppress=missingIncludeSystem --error-exitcode=1 \
	  --template='{file}:{line}: {id}: {message}' sim models cli

# --junit and --tap against golden files and tests/junit.xsd; the man page
# against --help; the bash completion.
check-ci: bondsim
	@echo "== CI outputs (JUnit, TAP), man page, completion"
	BONDSIM=./bondsim tests/ci.sh
	BONDSIM=./bondsim tests/manpage.sh
	BONDSIM=./bondsim bash tests/completion.sh
	@rm -rf $(BUILD)/install-check
	@$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/$(BUILD)/install-check >/dev/null
	@cmp docs/bondsim.1 $(BUILD)/install-check$(PREFIX)/share/man/man1/bondsim.1 && \
	  cmp completion/bondsim.bash $(BUILD)/install-check$(PREFIX)/share/bash-completion/completions/bondsim && \
	  echo "make install: the man page and the completion are in place"
	@rm -rf $(BUILD)/install-check

# netplan YAML read by bondsim == netplan generate's networkd files read by bondsim
check-netplan: bondsim
	@echo "== netplan: tests/netplan/*.yaml against netplan generate"
	@BONDSIM=./bondsim sh tests/netplan.sh

check-valgrind: bondsim
	@echo "== valgrind memcheck of three scenarios: no error, no leak"
	BONDSIM=./bondsim tests/valgrind.sh

check-unit: $(BUILD)/tests/run
	@echo "== unit tests (Criterion)"
	cd . && $(BUILD)/tests/run --jobs 2

check-scenarios: bondsim
	@echo "== scenarios: [expect], determinism, tshark on every capture, refused inputs, the CLI"
	BONDSIM=./bondsim tests/scenarios.sh

# A 2 x 3 sweep through every engine: fork/exec, GNU parallel, and a one-node
# Slurm cluster (munged, slurmctld, slurmd) started and stopped by the test;
# the merged results byte-identical.  Root, 120 s at most.
check-sweep: bondsim
	@echo "== sweep: local, GNU parallel and a one-node Slurm cluster, byte-identical results (120 s at most)"
	BONDSIM=./bondsim timeout 120 tests/sweep.sh

# The real bonding driver under qemu (root, network, 20-30 minutes; README,
# "Against the real driver"); never part of make check.
check-kernel: bondsim
	BONDSIM=./bondsim tests/kernel/run.sh build-kernel

# Debian's prometheus-node-exporter reads the /sys and /proc trees a run
# leaves (sysfs@1.000s/HOST ...): bonding, netclass and netdev collectors.
.PHONY: check-monitoring
check-monitoring: bondsim
	@echo "== node_exporter: the real collector on a run's /sys and /proc trees"
	BONDSIM=./bondsim tests/node_exporter.sh

# The whole unit suite once more under AddressSanitizer + UBSan.
check-asan:
	@echo "== unit tests again under AddressSanitizer + UBSan"
	@$(MAKE) --no-print-directory BUILD=build-asan OPT=-O1 \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  build-asan/tests/run
	ASAN_OPTIONS=detect_leaks=1 build-asan/tests/run --jobs 2

# ---- fuzzing: every target of fuzz/fuzz.c under libFuzzer + ASan + UBSan (fuzz/README.md)
FUZZ_CC            ?= clang
FUZZ_SECONDS       ?= 60
FUZZ_CHECK_SECONDS ?= 6
FUZZ_OBJ  = $(patsubst %.c,$(BUILD)/%.o,$(wildcard fuzz/*.c))
FUZZ_SAN  = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

$(BUILD)/fuzz/bondsim-fuzz: $(FUZZ_OBJ) $(BUILD)/libbondsim.a
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $^ $(GLIB_LIBS) -lm

fuzz-build:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=$(FUZZ_CC) \
	  CFLAGS="-O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link" build-fuzz/fuzz/bondsim-fuzz

# FUZZ_TARGETS="scenario dissect" runs only those.
fuzz: fuzz-build
	fuzz/run.sh long $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-check: fuzz-build
	@echo "== fuzz: each target $(FUZZ_CHECK_SECONDS) s under ASan+UBSan, then fuzz/regressions/"
	@fuzz/run.sh check $(FUZZ_CHECK_SECONDS) $(FUZZ_TARGETS)

# Speed and memory against the ns-3 peer workloads (never part of make check).
$(BUILD)/bench/evbench: $(BUILD)/bench/evbench.o $(BUILD)/libbondsim.a
	$(CC) $(CFLAGS) -o $@ $^ $(GLIB_LIBS) -lm

# CPU time and peak RSS of each run, to the microsecond (GNU time prints two decimals).
$(BUILD)/bench/rusage: bench/rusage.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) -o $@ $<

# bench/ns3/build.sh installs libns3-dev when it can; without it bondsim's side runs alone.
# BENCH_OUT: where the table, raw runs and graphs go.
BENCH_OUT ?= bench-out
BENCH_ENV  = BONDSIM=./bondsim EVBENCH=$(BUILD)/bench/evbench RUSAGE=$(BUILD)/bench/rusage NS3=$(BUILD)/bench/ns3 BENCH_OUT=$(BENCH_OUT)
bench: all $(BUILD)/bench/evbench $(BUILD)/bench/rusage
	@bench/ns3/build.sh $(BUILD)/bench/ns3
	$(BENCH_ENV) bench/run.sh
	$(BENCH_ENV) bench/scaling.sh
	$(BENCH_ENV) bench/work.sh

bench-quick: all $(BUILD)/bench/evbench $(BUILD)/bench/rusage
	@bench/ns3/build.sh $(BUILD)/bench/ns3
	$(BENCH_ENV) QUICK=1 bench/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/bondsim/scenarios $(DESTDIR)$(PREFIX)/share/bondsim/plots
	install -m 755 bondsim $(DESTDIR)$(PREFIX)/bin/bondsim
	install -m 644 scenarios/*.ini $(DESTDIR)$(PREFIX)/share/bondsim/scenarios/
	install -m 644 plots/*.gp $(DESTDIR)$(PREFIX)/share/bondsim/plots/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 docs/bondsim.1 $(DESTDIR)$(PREFIX)/share/man/man1/bondsim.1
	install -m 644 completion/bondsim.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/bondsim
	install -d $(DESTDIR)$(PREFIX)/share/doc/bondsim
	install -m 644 README.md $(DESTDIR)$(PREFIX)/share/doc/bondsim/README.md

clean:
	rm -rf build build-asan build-fuzz build-kernel bondsim out bench-out

-include $(LIB_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d) $(BUILD)/cli/main.d
