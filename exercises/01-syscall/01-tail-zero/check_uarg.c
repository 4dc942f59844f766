// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 01/01: rebuild bpf_check_uarg_tail_zero().
 * Mirrors kernel/bpf/syscall.c: bpf_check_uarg_tail_zero(), Linux v5.8.
 * Grade with:  make grade EX=01/01
 */
#include "linux/bpf.h"
#include "linux/uaccess.h"

int bpf_check_uarg_tail_zero(void __user *uaddr, size_t expected_size,
			     size_t actual_size)
{
	/*
	 * TODO: decide whether the kernel may ignore the bytes of the caller's
	 * attr beyond expected_size. Return 0, -E2BIG or -EFAULT.
	 */
	(void)uaddr;
	(void)expected_size;
	(void)actual_size;
	return 0;
}
