/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The user/kernel boundary. A kernel never dereferences a user pointer: it
 * copies through these functions, which survive a bad address and report it,
 * so that a buggy or hostile caller gets -EFAULT instead of crashing the
 * kernel. Ours survive bad pointers the same way (see code/lib/uaccess.c).
 *
 * Mirrors include/linux/uaccess.h, Linux v5.8; written afresh.
 */
#ifndef _SHIM_LINUX_UACCESS_H
#define _SHIM_LINUX_UACCESS_H

#include "linux/kernel.h"

/* User pointers travel inside bpf_attr as u64s (include/linux/kernel.h). */
static inline void __user *u64_to_user_ptr(u64 v) { return (void __user *)(uintptr_t)v; }

/* Both return the number of bytes NOT copied: 0 on success. */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);

/* Copies a NUL-terminated string of at most count bytes (NUL included when it
 * fits). Returns the string's length, count if no NUL was found within count
 * bytes, or -EFAULT.
 */
long strncpy_from_user(char *dst, const char __user *src, long count);

/* 1 if the size bytes at from are all zero, 0 if not, -EFAULT on a fault. */
int check_zeroed_user(const void __user *from, size_t size);

/* Writes size zero bytes to user memory; returns the bytes NOT cleared. */
unsigned long clear_user(void __user *to, unsigned long n);

#endif /* _SHIM_LINUX_UACCESS_H */
