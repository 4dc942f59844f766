# The book's Makefile. The two commands a reader needs:
#
#   make demo    the article's program through every stage, printed
#   make test    every test: each stage (plain, ASan+UBSan, valgrind), the
#                exercise proofs, the chapter-quote check
#
# Both first install what is missing (mk/bootstrap.sh: Debian packages).
#
# One stage:       make test-03          (or: make -C chapters/03-bpf-check test)
# One test case:   CK_RUN_CASE=sys_bpf make test-01
# An exercise:     make grade EX=01/02   (prints Score: n/m)
# Sanitizers:      make test-04 SANITIZE=1,  make test-04 VALGRIND=1

# The stages, in reading order. Each links only the ones before it.
STAGES := 01-syscall 02-prog-load

EXERCISES := $(sort $(dir $(wildcard exercises/*/*/Makefile)))
RESULTS   := $(CURDIR)/build/results.txt

.PHONY: all bootstrap demo test check test-plain test-sanitize test-valgrind \
	test-code quotes proofs grade clean help $(addprefix test-,$(STAGES))

all: bootstrap
	@for s in $(STAGES); do $(MAKE) --no-print-directory -C chapters/$$s all || exit 1; done

bootstrap:
	@./mk/bootstrap.sh

# ---- make demo -------------------------------------------------------------
demo: bootstrap
	@for s in $(STAGES); do \
		echo; echo "================ chapters/$$s ================"; \
		$(MAKE) -s --no-print-directory -C chapters/$$s run-demo || exit 1; \
	done

# ---- make test -------------------------------------------------------------
# Each test program appends "<stage> <mode> passed failures errors" to
# $(RESULTS); the last line of `make test` adds them up.
test check: bootstrap
	@mkdir -p build && rm -f $(RESULTS)
	@$(MAKE) --no-print-directory quotes test-code test-plain proofs test-sanitize test-valgrind
	@./mk/summary.sh $(RESULTS)

quotes:
	@python3 mk/check_quotes.py

test-code:
	@$(MAKE) --no-print-directory -C code test CK_RESULTS=$(RESULTS)

test-plain:
	@for s in $(STAGES); do \
		$(MAKE) --no-print-directory -C chapters/$$s test CK_RESULTS=$(RESULTS) || exit 1; done

test-sanitize:
	@$(MAKE) --no-print-directory -C code test SANITIZE=1 CK_RESULTS=$(RESULTS)
	@for s in $(STAGES); do \
		$(MAKE) --no-print-directory -C chapters/$$s test SANITIZE=1 CK_RESULTS=$(RESULTS) || exit 1; done

test-valgrind:
	@for s in $(STAGES); do \
		$(MAKE) --no-print-directory -C chapters/$$s test VALGRIND=1 CK_RESULTS=$(RESULTS) || exit 1; done

proofs:
	@for e in $(EXERCISES); do $(MAKE) -s --no-print-directory -C $$e proof || exit 1; done

# make test-03: one stage's tests, linked with the stages before it.
$(addprefix test-,$(STAGES)): test-%: bootstrap
	@$(MAKE) --no-print-directory -C chapters/$* test

# ---- exercises ---------------------------------------------------------------
# make grade EX=01/02 -> exercises/01-*/02-*/
grade: bootstrap
	@test -n "$(EX)" || { echo "usage: make grade EX=NN/MM   (see exercises/README.md)"; exit 2; }
	@d=$$(ls -d exercises/$(firstword $(subst /, ,$(EX)))-*/$(lastword $(subst /, ,$(EX)))-* 2>/dev/null | head -n 1); \
	test -n "$$d" || { echo "no exercise $(EX) under exercises/"; exit 2; }; \
	$(MAKE) -s --no-print-directory -C $$d grade

clean:
	rm -rf build

help:
	@sed -n '1,/^$$/p' Makefile
