/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the stages' Check tests.
 */
#ifndef _TEST_TESTUTIL_H
#define _TEST_TESTUTIL_H

#include <check.h>
#include <stddef.h>
#include <stdio.h>

/* Every stage's test file defines this; code/test/ck_main.c runs it. */
Suite *stage_suite(void);

/* An address that is never mapped: the first page is reserved by the kernel
 * (vm.mmap_min_addr), so a "user pointer" here must give -EFAULT.
 */
#define BAD_UPTR	((void *)16)

/*
 * size bytes that end exactly where an unmapped page begins, so a copy that
 * reads one byte too far faults. Filled with fill. Free with guarded_free().
 */
void *guarded_alloc(size_t size, int fill);
void guarded_free(void *p, size_t size);

/*
 * How many rounds a randomized property test runs: `plain` when the test
 * runs natively, a quarter under AddressSanitizer, a hundredth under
 * valgrind (both slow every instruction down). The same seed, so the
 * slower runs check a prefix of what the plain run checks.
 */
unsigned int test_rounds(unsigned int plain);

/* Add a test function to a test case: tcase_add_test without the noise. */
#define ADD(tc, fn) tcase_add_test(tc, fn)

/*
 * End this test without running its checks, saying why: prints
 * "SKIP <stage> <test>: <why>" and counts it, so that a check this machine
 * cannot run (no BMI2, no conformance suite) is never mistaken for one that
 * passed. ck_main.c adds the count to the run's result line and Score.
 */
#define ck_skip(...)	do { ck_skip_note(__func__, __VA_ARGS__); return; } while (0)
void ck_skip_note(const char *fn, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Where ck_skip_note() records skips (ck_main.c opens it; -1: nowhere). */
extern int ck_skip_fd;

/*
 * Capture what the code under test writes to a log it keeps in *sink (a
 * FILE * such as printk_log or bpf_jit_log; NULL there means stderr), so a
 * test can assert the message instead of letting it reach the terminal.
 * log_capture_end() restores *sink and returns the text (free() it).
 */
void log_capture_begin(FILE **sink);
char *log_capture_end(FILE **sink);

#endif /* _TEST_TESTUTIL_H */
