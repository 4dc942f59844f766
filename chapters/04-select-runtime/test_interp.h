/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between chapter 04's test files. */
#ifndef _TEST_INTERP_H
#define _TEST_INTERP_H

#include <check.h>
#include "linux/bpf.h"

/* Helper ids the direct runs resolve to this file's test helpers. */
#define TEST_HELPER_WEIGH	1	/* r1 + 2 r2 + 3 r3 + 4 r4 + 5 r5 */
#define TEST_HELPER_BIG		2	/* 0xfedcba9876543210 */

u64 run_direct(const struct bpf_insn *insns, u32 len, u64 r1);
int load_prog(const struct bpf_insn *insns, u32 len, u32 flags, u32 type);
int test_run_fd(int fd, void *data, u32 size, u32 *retval);
void add_interp_tests(Suite *s);
void add_conformance_tests(Suite *s);
void add_test_run_ctx_tests(Suite *s);

#endif
