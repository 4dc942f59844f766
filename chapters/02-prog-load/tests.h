/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by chapter 02's test files: the article's program, a loader that
 * goes through sys_bpf() like user space, and the test cases each file adds.
 */
#ifndef _CH02_TESTS_H
#define _CH02_TESTS_H

#include <string.h>

#include "linux/bpf.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "testutil.h"

#include "article.h"

extern const struct bpf_insn article_insns[6];

/* The attr the article's loader passes: socket filter, "GPL", no name. */
void article_attr(union bpf_attr *attr);

/* sys_bpf(BPF_PROG_LOAD) with the attr, full size. */
int load(union bpf_attr *attr);

/* The program behind a program fd (the test peeks, as a debugger would). */
struct bpf_prog *prog_of(int fd);

/* Back to the defaults: root, sysctl 0, SHA-1, JIT on. */
void reset_knobs(void);

void add_core_tests(Suite *s);
void add_tag_tests(Suite *s);
void add_prog_info_tests(Suite *s);

#endif /* _CH02_TESTS_H */
