/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel shim: just enough of the kernel's vocabulary (types, __weak,
 * ERR_PTR, round_up, error numbers, GFP flags, PAGE_SIZE, credentials) for
 * the stages to read like the kernel files they mirror.
 *
 * Collects what include/linux/{types,compiler,err,kernel,math,gfp,
 * capability}.h provide in Linux v5.8; written afresh for user space.
 */
#ifndef _SHIM_LINUX_KERNEL_H
#define _SHIM_LINUX_KERNEL_H

#include <errno.h>		/* user-space errno values equal the kernel's */
#include <stdio.h>		/* pr_err() */
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>	/* the system's __u8 ... __u64 */

typedef __u8  u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8  s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

#define S8_MIN		((s8)-128)
#define S8_MAX		((s8)127)
#define S16_MIN		((s16)-32768)
#define S16_MAX		((s16)32767)
#define U16_MAX		((u16)65535)
#define S32_MIN		((s32)INT32_MIN)
#define S32_MAX		((s32)INT32_MAX)
#define U32_MIN		((u32)0)
#define U32_MAX		((u32)UINT32_MAX)
#define S64_MIN		((s64)INT64_MIN)
#define S64_MAX		((s64)INT64_MAX)
#define U64_MAX		((u64)UINT64_MAX)

/* compiler.h */
#define __weak		__attribute__((weak))
#define __user		/* a pointer into the caller's ("user") memory */
#define __aligned(x)	__attribute__((aligned(x)))
#define __maybe_unused	__attribute__((unused))
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define fallthrough	__attribute__((__fallthrough__))

/* kernel.h, math.h */
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define __round_mask(x, y)	((__typeof__(x))((y) - 1))
#define round_up(x, y)		((((x) - 1) | __round_mask(x, y)) + 1)	/* y: power of 2 */
#define round_down(x, y)	((x) & ~__round_mask(x, y))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define roundup(x, y)		((((x) + ((y) - 1)) / (y)) * (y))	/* any y */
#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)		((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define clamp_t(t, v, lo, hi)	min_t(t, max_t(t, v, lo), hi)
#define offsetofend(TYPE, MEMBER) \
	(offsetof(TYPE, MEMBER) + sizeof(((TYPE *)0)->MEMBER))
/*
 * A statement, as the kernel's is, so it may follow a case label (where a
 * bare _Static_assert, a declaration, may not before C23): the assertion
 * sits in a struct that only sizeof ever sees. At file scope, where no
 * statement may stand, the code uses _Static_assert itself.
 */
#define BUILD_BUG_ON(cond) \
	((void)sizeof(struct { _Static_assert(!(cond), #cond); int unused; }))

/* page.h: the kernel's pages are 4 KiB on x86-64, and so are ours. */
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

/* gfp.h: allocation flags are accepted and (but for __GFP_ZERO) ignored. */
typedef unsigned int gfp_t;
#define __GFP_ZERO	0x100u
#define __GFP_NOWARN	0x200u
#define GFP_KERNEL	0x001u
#define GFP_USER	0x002u

/* err.h: a pointer that is either valid or a negative error number. */
#define MAX_ERRNO	4095
#define IS_ERR_VALUE(x)	unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }
static inline bool IS_ERR_OR_NULL(const void *ptr) { return !ptr || IS_ERR(ptr); }

/*
 * Error numbers the kernel uses internally but never shows user space
 * (include/linux/errno.h). The rest come from <errno.h>: on Linux the C
 * library's values are the kernel's.
 */
#ifndef ENOTSUPP
#define ENOTSUPP	524	/* Operation is not supported */
#endif

/* Name of an error number ("EINVAL"), for messages; "E?" if unknown. */
const char *errno_name(int err);

/* lib/string.c: the first byte in [start, start + bytes) that is not c. */
static inline void *memchr_inv(const void *start, int c, size_t bytes)
{
	const unsigned char *p = start;

	for (; bytes; p++, bytes--)
		if (*p != (unsigned char)c)
			return (void *)p;
	return NULL;
}

/*
 * printk: messages go to printk_log (code/lib/printk.c), with the kernel's
 * level prefixes dropped. NULL, the default, is stderr; a test that expects
 * a message points it at a buffer and checks the text.
 */
extern FILE *printk_log;
#define printk_out()	(printk_log ? printk_log : stderr)
#define pr_err(...)	fprintf(printk_out(), __VA_ARGS__)
#define pr_warn(...)	fprintf(printk_out(), __VA_ARGS__)
#define pr_info(...)	fprintf(printk_out(), __VA_ARGS__)

/* A condition that must never hold: says so once, and gives its value, so
 * the caller can still refuse safely (include/asm-generic/bug.h).
 */
#define WARN_ON_ONCE(cond) ({						\
	static bool __warned;						\
	bool __ret = !!(cond);						\
	if (__ret && !__warned) {					\
		__warned = true;					\
		pr_err("WARNING: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	}								\
	__ret;								\
})

#endif /* _SHIM_LINUX_KERNEL_H */
