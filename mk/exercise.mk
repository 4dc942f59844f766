# mk/exercise.mk: how an exercise is graded and proved. An exercise's Makefile sets
#
#   CHAPTER        := 01-syscall        the chapter it belongs to
#   KIND           := rebuild | extend
#   FILE           := check_uarg.c      the file the learner edits, in this folder
#   TESTS          := test_check_uarg.c its Check tests (defines stage_suite())
#   SKELETON_FAILS := 5                 checks the untouched skeleton fails
#
# and includes this file.
#
#   rebuild: FILE replaces the chapter's own file of the same name; the
#            solution is the chapter's file. Only that one file is swapped, so
#            a wrong answer here cannot break any other chapter.
#   extend:  FILE adds something new to the complete chapter; the solution is
#            solution/FILE.
#
# Targets:
#   grade (default)  build with YOUR file, run the tests, print "Score: n/m"
#   proof            the project's own check: the skeleton fails exactly
#                    SKELETON_FAILS checks, by assertion (no crash), and carries
#                    its TODO; the solution passes, plainly and sanitized.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
include $(TOP)/mk/config.mk

EX          := $(notdir $(abspath $(CURDIR)/..))/$(notdir $(CURDIR))
CHAPTER_DIR := $(TOP)/chapters/$(CHAPTER)

# The chapter's PREV and SRCS, read from its Makefile (backslash-continued
# lines joined first).
chapter_var  = $(strip $(shell sed -e ':a' -e '/\\$$/N; s/\\\n//; ta' $(CHAPTER_DIR)/Makefile | \
		 sed -n 's/^$(1)[[:space:]]*:=//p'))
PREV        := $(call chapter_var,PREV)
CH_SRCS     := $(call chapter_var,SRCS)
ifeq ($(KIND),rebuild)
CH_SRCS     := $(filter-out $(FILE),$(CH_SRCS))
SOLUTION    := $(CHAPTER_DIR)/$(FILE)
else
SOLUTION    := $(CURDIR)/solution/$(FILE)
endif

# Each variant (yours, solution) builds in its own folder. The rest of the
# chapter is the chapter's own objects, built by its own Makefile with the
# same flags: a proof compiles one file per variant, not the chapter again.
O_BASE   := $(BUILD)/exercises/$(EX)
CH_OBJS   = $(addprefix $(BUILD)/$(CHAPTER)/,$(CH_SRCS:.c=.o))
PREV_OBJS := $(foreach p,$(PREV),$(BUILD)/$(p)/stage.o)
GROUND   := $(BUILD)/code/ground.o
TESTLIB  := $(BUILD)/code/testlib.o

.PHONY: grade proof solution FORCE
grade: $(O_BASE)/yours/test
	@echo "== exercise $(EX): $(FILE)"
	@cd $(O_BASE)/yours && CK_SCORE=1 $(RUN_TEST) ./test; true

solution: $(O_BASE)/solution/test
	@cd $(O_BASE)/solution && CK_SCORE=1 $(RUN_TEST) ./test

# (made when the chapter's stage is: its Makefile knows what is out of date)
$(CH_OBJS): $(BUILD)/$(CHAPTER)/stage.o ;

# Your file sees the chapter's own headers, as the file it replaces does.
$(O_BASE)/yours/$(FILE:.c=.o): $(FILE)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -iquote $(CHAPTER_DIR) -c -o $@ $<
$(O_BASE)/solution/$(FILE:.c=.o): $(SOLUTION)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -iquote $(CHAPTER_DIR) -c -o $@ $<
$(O_BASE)/%/tests.o: $(TESTS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -iquote $(CHAPTER_DIR) -c -o $@ $(addprefix $(CURDIR)/,$(TESTS))

$(O_BASE)/%/test: $(O_BASE)/%/$(FILE:.c=.o) $(O_BASE)/%/tests.o $(CH_OBJS) $(PREV_OBJS) $(GROUND) $(TESTLIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%/stage.o: FORCE
	@$(MAKE) -s --no-print-directory -C $(TOP)/chapters/$* stage
$(GROUND) $(TESTLIB): FORCE
	@$(MAKE) -s --no-print-directory -C $(TOP)/code $@

# The proof, in the project's own `make test` (never in a learner's grade).
proof:
	@$(TOP)/mk/exercise-proof.sh "$(EX)" "$(FILE)" "$(SKELETON_FAILS)" "$(MAKE)"

-include $(wildcard $(O_BASE)/*/*.d)
