// SPDX-License-Identifier: GPL-2.0
/*
 * The tests of the kernel's lib/test_bpf.c (a Linux source tree), turned
 * into plain data for test_bpf.c.
 *
 * lib/test_bpf.c is a kernel module: its table of tests and the helpers
 * that generate the large ones come first, its module code (skbs, pages,
 * bpf_prog_create()) after. The Makefile cuts the first part out of the
 * tree's file; this unit compiles it against the kernel's tools/include
 * headers and the few kernel functions it calls, written here for user
 * space. Nothing of it is copied into the project. The tail-call tests
 * come later in the file, after the module code: the Makefile cuts them
 * out too, and they are compiled here the same way.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <uapi/linux/filter.h>	/* cBPF: struct sock_filter, BPF_STMT, SKF_AD_* */
#include <linux/if_ether.h>

#include "test_bpf_table.h"

/* The kernel's types and helpers the table uses. */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define BIT(n)			(1UL << (n))
#define GFP_KERNEL		0
#define U8_MAX			0xffU
#define U16_MAX			0xffffU
#define U32_MAX			0xffffffffU
#define S16_MAX			0x7fff
#define S16_MIN			(-0x7fff - 1)
#define S32_MAX			0x7fffffff
#define S32_MIN			(-0x7fffffff - 1)
#define U64_MAX			0xffffffffffffffffULL
#define S64_MAX			0x7fffffffffffffffLL
#define S64_MIN			(-0x7fffffffffffffffLL - 1)
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define max(a, b)		((a) > (b) ? (a) : (b))
#define min(a, b)		((a) < (b) ? (a) : (b))
/* x86-64 is little-endian; the table needs constant expressions */
#define cpu_to_le16(x)		((u16)(x))
#define cpu_to_le32(x)		((u32)(x))
#define cpu_to_le64(x)		((u64)(x))
#define cpu_to_be16(x)		__builtin_bswap16(x)
#define cpu_to_be32(x)		__builtin_bswap32(x)
#define cpu_to_be64(x)		__builtin_bswap64(x)
#define __init
#define pr_info(...)		do { } while (0)
#define pr_cont(...)		do { } while (0)
#define pr_err(...)		do { } while (0)
#define BUG_ON(c)		do { if (c) abort(); } while (0)

static void *kmalloc_array(size_t n, size_t size, int gfp)
{
	(void)gfp;
	return calloc(n, size);
}

static void *kmalloc(size_t size, int gfp)
{
	(void)gfp;
	return calloc(1, size);
}

static void kfree(const void *p)
{
	free((void *)p);
}

static u64 div64_u64(u64 a, u64 b)
{
	return a / b;
}

static u64 div64_u64_rem(u64 a, u64 b, u64 *rem)
{
	*rem = a % b;
	return a / b;
}

/*
 * lib/random32.c's prandom_u32_state() (Tausworthe, four words); only
 * bpf_fill_maxinsns2's cBPF program draws from it, any generator would do.
 */
struct rnd_state { u32 s1, s2, s3, s4; };

static void prandom_seed_state(struct rnd_state *st, u64 seed)
{
	u32 i = (u32)((seed >> 32) ^ (seed << 10) ^ seed);

	st->s1 = i | 2;
	st->s2 = i | 8;
	st->s3 = i | 16;
	st->s4 = i | 128;
}

static u32 prandom_u32_state(struct rnd_state *st)
{
#define TAUSWORTHE(s, a, b, c, d) ((((s) & (c)) << (d)) ^ ((((s) << (a)) ^ (s)) >> (b)))
	st->s1 = TAUSWORTHE(st->s1, 6U, 13U, 4294967294U, 18U);
	st->s2 = TAUSWORTHE(st->s2, 2U, 27U, 4294967288U, 2U);
	st->s3 = TAUSWORTHE(st->s3, 13U, 21U, 4294967280U, 7U);
	st->s4 = TAUSWORTHE(st->s4, 3U, 12U, 4294967168U, 13U);
	return st->s1 ^ st->s2 ^ st->s3 ^ st->s4;
#undef TAUSWORTHE
}

/* include/linux/filter.h's, not in tools/include's: mov32 r, r with imm 1. */
#ifndef BPF_ZEXT_REG
#define BPF_ZEXT_REG(DST)					\
	((struct bpf_insn) {					\
		.code  = BPF_ALU | BPF_MOV | BPF_X,		\
		.dst_reg = DST,					\
		.src_reg = DST,					\
		.off   = 0,					\
		.imm   = 1 })
#endif

/* include/linux/filter.h's cBPF instructions as compound literals. */
#define __BPF_STMT(CODE, K)	((struct sock_filter) BPF_STMT(CODE, K))
#define __BPF_JUMP(CODE, K, JT, JF) ((struct sock_filter) BPF_JUMP(CODE, K, JT, JF))

/* The kernel defines __BIG_ENDIAN on big-endian machines only; libc always does. */
#undef __BIG_ENDIAN

#include "test_bpf_tests.h"	/* lib/test_bpf.c up to its module code */

/*
 * The tail-call table's expectations count runs: (MAX_TAIL_CALL_CNT + 1)
 * tail calls and the first run. Linux 5.17 moved the constant from 32 to
 * 33 and the test from `cnt > 32` to `cnt >= 33`: both make 33 tail calls,
 * v5.8's code (chapter 08) included, so the table's 6.1 value is the one
 * its counts are written for.
 */
#define MAX_TAIL_CALL_CNT	33

/* include/linux/filter.h's: a helper, called with five u64s. */
#define BPF_CALL_1(name, t1, a1)					\
	static u64 ____##name(t1 a1);					\
	static u64 name(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)	\
	{								\
		(void)r2; (void)r3; (void)r4; (void)r5;			\
		return ____##name((t1)r1);				\
	}								\
	static u64 ____##name(t1 a1)

/* include/linux/filter.h's internal opcode, not in tools/include's */
#ifndef BPF_TAIL_CALL
#define BPF_TAIL_CALL		0xf0
#endif

#include "test_bpf_tail_calls.h"	/* lib/test_bpf.c's tail_call_tests[] */

unsigned int test_bpf_tail_call_count(void)
{
	return ARRAY_SIZE(tail_call_tests);
}

/* prepare_tail_call_tests()'s length: up to the first code 0, ld_imm64s whole. */
void test_bpf_tail_call_get(unsigned int i, struct test_bpf_tail_call *out)
{
	struct tail_call_test *t = &tail_call_tests[i];
	int len;

	for (len = 0; len < MAX_INSNS; len++) {
		u8 code = t->insns[len].code;	/* an ld_imm64's first half */

		if (len < MAX_INSNS - 1 && code == (BPF_LD | BPF_DW | BPF_IMM))
			len++;
		if (code == 0)
			break;
	}
	memset(out, 0, sizeof(*out));
	out->descr = t->descr;
	out->insns = t->insns;
	out->len = len;
	out->need_state = !!(t->flags & FLAG_NEED_STATE);
	out->result_in_state = !!(t->flags & FLAG_RESULT_IN_STATE);
	out->result = t->result;
	out->stack_depth = t->stack_depth;
}

void test_bpf_tail_call_markers(struct test_bpf_tail_call_markers *out)
{
	out->marker = TAIL_CALL_MARKER;
	out->null_target = TAIL_CALL_NULL;
	out->invalid_index = TAIL_CALL_INVALID;
	out->fn_id[TEST_BPF_FN_NUMA_NODE_ID] = BPF_FUNC_get_numa_node_id;
	out->fn_id[TEST_BPF_FN_KTIME] = BPF_FUNC_ktime_get_ns;
	out->fn_id[TEST_BPF_FN_KTIME_BOOT] = BPF_FUNC_ktime_get_boot_ns;
	out->fn_id[TEST_BPF_FN_KTIME_COARSE] = BPF_FUNC_ktime_get_coarse_ns;
	out->fn_id[TEST_BPF_FN_JIFFIES64] = BPF_FUNC_jiffies64;
	out->fn_id[TEST_BPF_FN_TEST_FUNC] = BPF_FUNC_test_func;
	out->test_func = (void *)bpf_test_func;
}

unsigned int test_bpf_count(void)
{
	return ARRAY_SIZE(tests);
}

void test_bpf_get(unsigned int i, struct test_bpf *out)
{
	struct bpf_test *t = &tests[i];
	static bool filled[ARRAY_SIZE(tests)];
	static int fill_err[ARRAY_SIZE(tests)];
	unsigned int j;

	memset(out, 0, sizeof(*out));
	out->descr = t->descr;
	out->kind = (t->aux & INTERNAL) ? TEST_BPF_INTERNAL : TEST_BPF_CLASSIC;
	out->ctx = (t->aux & FLAG_NO_DATA) ? TEST_BPF_CTX_NONE :
		   (t->aux & FLAG_LARGE_MEM) ? TEST_BPF_CTX_MEM : TEST_BPF_CTX_SKB;
	if (t->fill_helper && !filled[i]) {
		fill_err[i] = t->fill_helper(t);
		filled[i] = true;
	}
	out->fill_err = fill_err[i];
	if (t->fill_helper) {
		out->insns = t->u.ptr.insns;
		out->len = t->u.ptr.len;
	} else {
		/* lib/test_bpf.c: filter_length(): up to the last non-zero code or k */
		struct sock_filter *fp = t->u.insns;
		int len;

		for (len = MAX_INSNS - 1; len > 0; --len)
			if (fp[len].code != 0 || fp[len].k != 0)
				break;
		out->insns = t->u.insns_int;
		out->len = len + 1;
	}
	out->data = t->data;
	for (j = 0; j < TEST_BPF_SUBTESTS; j++) {
		out->sub[j].data_size = t->test[j].data_size;
		out->sub[j].result = t->test[j].result;
	}
	out->stack_depth = t->stack_depth;
	out->verifier_zext = !!(t->aux & FLAG_VERIFIER_ZEXT);
	out->nr_testruns = t->nr_testruns;
}
