# mk/config.mk: the compiler, its flags and the libraries, for every Makefile.
#
#   make SANITIZE=1 ...   build with AddressSanitizer + UndefinedBehaviorSanitizer
#                         (objects go to build/san/ instead of build/plain/)
#   make FUZZ=1 ...       build with clang, libFuzzer's coverage, ASan and UBSan
#                         (objects go to build/fuzz/): what the fuzz harnesses
#                         of code/fuzz link
#   make VALGRIND=1 test  run the test programs under valgrind

TOP ?= $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)

CC       := gcc
SANITIZE ?= 0
FUZZ     ?= 0
VALGRIND ?= 0

ifeq ($(FUZZ),1)
CC       := clang
MODE     := fuzz
SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer
else ifeq ($(SANITIZE),1)
MODE     := san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
MODE     := plain
SANFLAGS :=
endif

BUILD    := $(TOP)/build/$(MODE)

# The stages, in reading order: every chapter folder. The tools above them
# (code/bpfjit, code/bench, ...) link them all.
STAGES   := $(sort $(notdir $(wildcard $(TOP)/chapters/[0-9][0-9]-*)))

# Libraries come from pkg-config: Check (tests), Capstone (x86 disassembly),
# libelf (BPF objects), libcrypto (SHA-1/SHA-256 for program tags), libbpf
# (its BTF API: the types of BPF objects and of the kernel), zlib (the
# kernel's configuration, /proc/config.gz, for .kconfig externs).
PKGS     := check capstone libelf libcrypto libbpf zlib
# -fno-strict-overflow as the kernel builds: signed arithmetic wraps. The
# verifier's bounds (sval + 1 at S32_MAX, s32 << 32) are written for that.
CFLAGS   := -std=gnu11 -D_GNU_SOURCE -O2 -g -fno-strict-overflow \
	    -Wall -Wextra -Werror -MMD -MP \
	    -iquote $(TOP)/code/include -I $(TOP)/code/test $(SANFLAGS) \
	    $(shell pkg-config --cflags $(PKGS))
LDFLAGS  := $(SANFLAGS)
LDLIBS   := $(shell pkg-config --libs $(PKGS))

# The BPF conformance suite (run.py, tests/, reference-dump.tsv), when a
# shared/ folder sits beside the book; tests that need it skip without it.
CONFORMANCE_DIR ?= $(abspath $(TOP)/../shared/conformance)

# How a test program runs: plainly, or under valgrind (no fork per test, so
# leaks are checked once at exit; any error fails the run).
ifeq ($(VALGRIND),1)
RUN_TEST := CK_FORK=no valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
else
RUN_TEST :=
endif
