# The book's Makefile. The two commands a reader needs:
#
#   make demo    the article's program through every stage, printed
#   make test    every test: each stage (plain, ASan+UBSan, valgrind), the
#                exercise proofs, the chapter-quote check, the fuzz
#                regression files, the book in a browser, and the kernel's
#                lib/test_bpf.c (with a Linux source tree at hand)
#   make book    the chapters as an HTML book: build/book/index.html
#
# Both first install what is missing (mk/bootstrap.sh: Debian packages).
#
# One stage:       make test-03          (or: make -C chapters/03-bpf-check test)
# One test case:   CK_RUN_CASE=sys_bpf make test-01
# An exercise:     make grade EX=01/02   (prints Score: n/m)
# Sanitizers:      make test-04 SANITIZE=1,  make test-04 VALGRIND=1
#
# More:            make conformance   the BPF conformance suite, three runtimes
#                  make bench         interpreter vs JIT vs optimising JIT vs native code
#                  make diagrams      regenerate diagrams/*.dot and render SVGs
#                  make verifier-selftests KSRC=...  the kernel's verifier tables
#                  make test-bpf KSRC=...  lib/test_bpf.c's eBPF tests, every runtime
#                                     (ARGS="-v --load --grep TEXT --hex")
#                  make corpus        the kernel's BPF selftests and samples as
#                                     objects: how many load, here and in the kernel
#                  make fuzz-diff     COUNT=N JOBS=J: random programs, every runtime
#                  make fuzz          FUZZ_SECONDS=N: the libFuzzer harnesses
#                  make kernel-diff   COUNT=N: random programs against the running kernel

# The stages, in reading order (every chapters/NN-name: mk/config.mk).
# Each links only the ones before it.
include mk/config.mk
STAGE_NUMS := $(foreach s,$(STAGES),$(firstword $(subst -, ,$(s))))

EXERCISES := $(sort $(dir $(wildcard exercises/*/*/Makefile)))
RESULTS   := $(CURDIR)/build/results.txt

.PHONY: all bootstrap demo test check test-plain test-sanitize test-valgrind \
	test-code test-tool test-book test-commands test-fuzz test-kernel-bpf quotes proofs grade conformance bench \
	lane-plain lane-sanitize \
	diagrams verifier-selftests test-bpf corpus book fuzz fuzz-diff kernel-diff clean help \
	$(addprefix test-,$(STAGES)) \
	$(addprefix test-,$(STAGE_NUMS))

# Every stage, then the tool that links them all.
all: bootstrap
	@for s in $(STAGES); do $(MAKE) --no-print-directory -C chapters/$$s all || exit 1; done
	@$(MAKE) --no-print-directory -C code/bpfjit all

bootstrap:
	@./mk/bootstrap.sh

# ---- make demo -------------------------------------------------------------
# The article's program through every stage, by the command-line tool that
# links them all (code/bpfjit); each chapter's own demo is
# `make -C chapters/NN-name run-demo`.
demo: bootstrap
	@$(MAKE) -s --no-print-directory -C code/bpfjit demo

# ---- make test -------------------------------------------------------------
# Each test program appends "<stage> <mode> passed failures errors skipped"
# to $(RESULTS); the last line of `make test` adds them up. The build runs
# silently (-s): what is printed is each stage's header and result, the
# SKIPs with their reasons, and the total. A test that expects a diagnostic
# captures and asserts it; nothing a test prints is a warning to ignore.
#
# The machine has two cores, so the tests run in two lanes, side by side:
# everything is built first (both builds, plain and ASan+UBSan, with -j2);
# then one lane runs the book, the plain tests and valgrind, the other the
# exercise proofs, the sanitized tests and lib/test_bpf.c. The lanes write
# to nothing they share: each one's output is printed whole when it ends
# (-Orecurse).
test check: bootstrap
	@mkdir -p build && rm -f $(RESULTS)
	@$(MAKE) -s --no-print-directory quotes
	@echo "== building every stage, plainly and with ASan+UBSan"
	@$(MAKE) -s --no-print-directory -j2 all
	@$(MAKE) -s --no-print-directory -j2 all SANITIZE=1
	@echo "== two lanes, side by side (each printed when it ends):"
	@echo "   the book, plain tests, valgrind | the exercise proofs, ASan+UBSan, lib/test_bpf.c"
	@$(MAKE) -s --no-print-directory -j2 -Orecurse lane-plain lane-sanitize
	@./mk/summary.sh $(RESULTS)

lane-plain:
	@$(MAKE) -s --no-print-directory -j1 test-book test-commands test-code test-plain test-tool test-fuzz test-valgrind
lane-sanitize:
	@$(MAKE) -s --no-print-directory -j1 proofs test-sanitize test-kernel-bpf

# The code the chapters quote equals the source; the exercises' index, the handouts.
quotes:
	@python3 mk/check_quotes.py
	@python3 mk/exercise_index.py

# The book built, then opened in headless Chromium: every page loads, every
# diagram renders as SVG, every local link and anchor resolves. Without a
# browser it SKIPs, saying so.
test-book: book
	@CK_RESULTS=$(RESULTS) python3 mk/book/check_browser.py build/book

# Every `make` command a chapter prints names a target its Makefile has, and
# every demo output a chapter prints is what the demo prints now (after a build).
test-commands: all
	@python3 mk/check_commands.py

test-code:
	@$(MAKE) --no-print-directory -C code test CK_RESULTS=$(RESULTS)

test-plain:
	@for s in $(STAGES); do \
		$(MAKE) --no-print-directory -C chapters/$$s test CK_RESULTS=$(RESULTS) || exit 1; done

# The tool above all stages, and the diagrams drawn from real runs.
test-tool:
	@$(MAKE) --no-print-directory -C code/bpfjit test CK_RESULTS=$(RESULTS)
	@$(MAKE) --no-print-directory -C code/diagrams check

# The kernel's own JIT tests, lib/test_bpf.c (when a Linux source tree is at
# hand): every runtime, as the module runs them and through sys_bpf().
test-kernel-bpf:
	@echo "== lib/test_bpf.c (plain)"
	@$(MAKE) -s --no-print-directory -C code/selftests check-test-bpf CK_RESULTS=$(RESULTS)

# The regression files of the soundness tools (code/fuzz/regress): each is
# a bug found once. A failure is counted in the total, and does not stop
# the rest of `make test` (the leading '-').
test-fuzz:
	-@$(MAKE) --no-print-directory -C code/fuzz test CK_RESULTS=$(RESULTS)

test-sanitize:
	@$(MAKE) --no-print-directory -C code test SANITIZE=1 CK_RESULTS=$(RESULTS)
	@for s in $(STAGES); do \
		$(MAKE) --no-print-directory -C chapters/$$s test SANITIZE=1 CK_RESULTS=$(RESULTS) || exit 1; done
	@$(MAKE) --no-print-directory -C code/bpfjit test SANITIZE=1 CK_RESULTS=$(RESULTS)
	-@$(MAKE) --no-print-directory -C code/fuzz test SANITIZE=1 CK_RESULTS=$(RESULTS)

test-valgrind:
	@$(MAKE) --no-print-directory -C code test VALGRIND=1 CK_RESULTS=$(RESULTS)
	@for s in $(STAGES); do \
		$(MAKE) --no-print-directory -C chapters/$$s test VALGRIND=1 CK_RESULTS=$(RESULTS) || exit 1; done
	@$(MAKE) --no-print-directory -C code/bpfjit test VALGRIND=1 CK_RESULTS=$(RESULTS)

proofs:
	@for e in $(EXERCISES); do $(MAKE) -s --no-print-directory -C $$e proof || exit 1; done

# make test-03 (or test-03-bpf-check): one stage's tests, linked with the
# stages before it. The short name is the chapter's number.
$(addprefix test-,$(STAGES)): test-%: bootstrap
	@$(MAKE) --no-print-directory -C chapters/$* test
$(addprefix test-,$(STAGE_NUMS)): test-%: bootstrap
	@$(MAKE) --no-print-directory -C $(wildcard chapters/$*-*) test

# ---- exercises ---------------------------------------------------------------
# make grade EX=01/02 -> exercises/01-*/02-*/
grade: bootstrap
	@test -n "$(EX)" || { echo "usage: make grade EX=NN/MM   (see exercises/README.md)"; exit 2; }
	@d=$$(ls -d exercises/$(firstword $(subst /, ,$(EX)))-*/$(lastword $(subst /, ,$(EX)))-* 2>/dev/null | head -n 1); \
	test -n "$$d" || { echo "no exercise $(EX) under exercises/"; exit 2; }; \
	$(MAKE) -s --no-print-directory -C $$d grade

# ---- the book ------------------------------------------------------------------
# The chapters, the tool, the exercises and every source file they quote or
# link, as HTML pages under build/book/ (pandoc; mk/book/build.py says how).
book: bootstrap
	@python3 mk/book/build.py build/book

# ---- beyond the tests ----------------------------------------------------------
conformance: bootstrap
	@$(MAKE) --no-print-directory -C code/bpfjit conformance

bench: bootstrap
	@$(MAKE) --no-print-directory -C code/bench bench

# The kernel's verifier selftests, as a measure (needs a Linux source tree).
verifier-selftests: bootstrap
	@$(MAKE) --no-print-directory -C code/selftests run

# The kernel's lib/test_bpf.c, its eBPF tests in every runtime (a Linux source tree).
test-bpf: bootstrap
	@$(MAKE) --no-print-directory -C code/selftests test-bpf

# The kernel's BPF selftests and samples as objects: how many load here, and
# in the running kernel (a measure, needs a Linux source tree; root for the kernel).
corpus: bootstrap
	@$(MAKE) --no-print-directory -C code/corpus corpus

diagrams: bootstrap
	@$(MAKE) --no-print-directory -C chapters/06-do-jit diagrams
	@$(MAKE) --no-print-directory -C code/diagrams
	@for f in load-path data-structures; do dot -Tsvg -o diagrams/$$f.svg diagrams/$$f.dot; done

# ---- soundness tools (code/fuzz) ------------------------------------------------
# fuzz-diff: random programs through every runtime (COUNT, SEED, JOBS);
# fuzz: the libFuzzer harnesses, FUZZ_SECONDS each (clang, build/fuzz/);
# kernel-diff: random programs against the running kernel (opt-in).
fuzz-diff: bootstrap
	@$(MAKE) --no-print-directory -C code/fuzz diff

fuzz: bootstrap
	@$(MAKE) --no-print-directory -C code/fuzz fuzz

kernel-diff: bootstrap
	@$(MAKE) --no-print-directory -C code/fuzz kernel-diff

clean:
	rm -rf build

help:
	@sed -n '1,/^$$/p' Makefile
