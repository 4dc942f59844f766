// SPDX-License-Identifier: GPL-2.0
/*
 * Forward compatibility at the door: may the kernel ignore the part of a
 * caller's bpf_attr that it does not know?
 *
 * Mirrors kernel/bpf/syscall.c: bpf_check_uarg_tail_zero(), Linux v5.8;
 * written afresh. (Later kernels call copy_struct_from_user() instead, which
 * makes the same decisions.)
 */
#include "linux/bpf.h"
#include "linux/uaccess.h"

/*
 * A caller built against a newer uapi header passes a bigger union bpf_attr
 * (actual_size) than this kernel's (expected_size). That is fine as long as
 * every byte the kernel does not know is zero: the caller then uses no field
 * this kernel would silently ignore. A caller built against an older header
 * passes a smaller attr, which sys_bpf() zero-extends.
 */
int bpf_check_uarg_tail_zero(void __user *uaddr, size_t expected_size,
			     size_t actual_size)
{
	int res;

	if (unlikely(actual_size > PAGE_SIZE))	/* silly large */
		return -E2BIG;

	if (actual_size <= expected_size)
		return 0;

	res = check_zeroed_user((const char __user *)uaddr + expected_size,
				actual_size - expected_size);
	if (res < 0)
		return res;	/* -EFAULT: the tail is not readable */
	return res ? 0 : -E2BIG;
}
