/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by chapter 03's test files: a loader that goes through
 * sys_bpf(BPF_PROG_LOAD) with a log buffer, as user space does.
 */
#ifndef _CH03_TESTS_H
#define _CH03_TESTS_H

#include <string.h>

#include "linux/bpf.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "testutil.h"

#define MAX_TEST_INSNS	40

/* The log of the last load_prog() (NUL-terminated). */
extern char test_log[65536];

struct load_opts {
	enum bpf_prog_type prog_type;	/* 0: socket_filter */
	u64 caps;			/* 0: CAP_ALL */
	u32 prog_flags;
	u32 log_level;			/* 0: 1 */
	const char *license;		/* NULL: "GPL" */
};

/* sys_bpf(BPF_PROG_LOAD); returns the fd or -errno. Leaves caps as given. */
int load_prog(const struct bpf_insn *insns, u32 len, const struct load_opts *o);

/* The program behind a program fd. */
struct bpf_prog *prog_of(int fd);

/* Number of instructions in a zero-padded test array (selftests' way). */
u32 probe_len(const struct bpf_insn *insns, u32 max);

void add_patch_tests(Suite *s);
void add_random_tests(Suite *s);
void add_helper_tests(Suite *s);
void add_soundness_tests(Suite *s);

#endif /* _CH03_TESTS_H */
