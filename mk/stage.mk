# mk/stage.mk: how one stage builds and tests. A chapter's Makefile sets
#
#   STAGE := 02-prog-load          its folder under chapters/
#   PREV  := 01-syscall            the stages before it, linked in
#   SRCS  := syscall_prog.c ...    the stage's code
#   TESTS := test_prog_load.c ...  its Check tests (one defines stage_suite())
#   DEMO  := demo.c                its demo program
#
# then includes this file. The stage's code becomes ONE relocatable object,
# build/<mode>/<stage>/stage.o (`ld -r`). Programs link the object files of
# the stages they need, never an archive: a later stage's strong symbol then
# replaces an earlier stage's __weak placeholder, exactly as the kernel's
# arch JIT replaces kernel/bpf/core.c's bpf_int_jit_compile(). (From an
# archive the linker would pull nothing for an already-defined weak symbol.)
#
# Targets: all (default), stage, test, demo, run-demo, clean.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
include $(TOP)/mk/config.mk

O         := $(BUILD)/$(STAGE)
STAGE_OBJ := $(O)/stage.o
PREV_OBJS := $(foreach p,$(PREV),$(BUILD)/$(p)/stage.o)
GROUND    := $(BUILD)/code/ground.o
TESTLIB   := $(BUILD)/code/testlib.o

LINK_OBJS := $(STAGE_OBJ) $(PREV_OBJS) $(GROUND)

.PHONY: all stage test demo run-demo clean FORCE
all: stage $(O)/test $(if $(DEMO),$(O)/demo)

stage: $(STAGE_OBJ)

# Compile: one object per source, into this stage's build folder.
$(O)/%.o: %.c $(TOP)/mk/config.mk | $(O)
	$(CC) $(CFLAGS) -c -o $@ $<

$(O):
	mkdir -p $@

# The stage: its objects bound into one.
$(STAGE_OBJ): $(addprefix $(O)/,$(SRCS:.c=.o))
	ld -r -o $@ $^

# The stages before this one, and the ground floor (code/), are built by
# their own Makefiles; they decide whether anything is out of date.
$(BUILD)/%/stage.o: FORCE
	@$(MAKE) -s --no-print-directory -C $(TOP)/chapters/$* stage
$(GROUND) $(TESTLIB): FORCE
	@$(MAKE) -s --no-print-directory -C $(TOP)/code $@

# Link: tests and demo see this stage, the stages before it, and the ground.
$(O)/test: $(addprefix $(O)/,$(TESTS:.c=.o)) $(TESTLIB) $(LINK_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/demo: $(addprefix $(O)/,$(DEMO:.c=.o)) $(LINK_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Run: Check's own summary, then one result line the top Makefile adds up.
test: $(O)/test
	@echo "== $(STAGE) ($(MODE)$(if $(filter 1,$(VALGRIND)),+valgrind))"
	@cd $(O) && CK_RESULT_TAG="$(STAGE) $(MODE)$(if $(filter 1,$(VALGRIND)),+valgrind)" $(RUN_TEST) ./test

demo: $(O)/demo
run-demo: $(O)/demo
	@$(O)/demo

clean:
	rm -rf $(O)

-include $(wildcard $(O)/*.d)
