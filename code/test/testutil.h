/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the stages' Check tests.
 */
#ifndef _TEST_TESTUTIL_H
#define _TEST_TESTUTIL_H

#include <check.h>
#include <stddef.h>

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

/* Add a test function to a test case: tcase_add_test without the noise. */
#define ADD(tc, fn) tcase_add_test(tc, fn)

#endif /* _TEST_TESTUTIL_H */
