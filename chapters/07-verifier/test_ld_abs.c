// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 07 tests: BPF_LD_[ABS|IND] (ld_abs.c). bpf_gen_ld_abs()'s
 * instructions, as table rows, and the programs they make run on a
 * socket filter's and a tc program's skb, in the interpreter and the JIT.
 *
 * The walk of chapter 03 refuses these instructions for every type (it
 * has no packet), so the programs here are built as fixup_bpf_calls()
 * leaves them, with the context in R6 as check_ld_abs() requires, and
 * handed to the runtimes directly.
 *
 *   CK_RUN_CASE=bpf_gen_ld_abs make test-07
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "linux/etherdevice.h"
#include "linux/netdevice.h"
#include "../06-do-jit/test_util.h"
#include "test_ctx.h"

/* uapi/linux/filter.h */
#define SKF_AD_OFF	(-0x1000)
#define SKF_NET_OFF	(-0x100000)
#define SKF_LL_OFF	(-0x200000)

#define CALL_TO(f)	BPF_EMIT_CALL(f)

START_TEST(bpf_gen_ld_abs_insns)
{
	/* (not static: a call's imm is an address difference, known at run time) */
	const struct {
		struct bpf_insn orig;
		struct bpf_insn want[8];
		u32 n;
	} rows[] = {
		{ BPF_LD_ABS(BPF_H, 12),
		  { BPF_MOV64_IMM(BPF_REG_2, 12), BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		    CALL_TO(bpf_skb_load_helper_16_no_cache),
		    BPF_JMP_IMM(BPF_JSGE, BPF_REG_0, 0, 2),
		    BPF_ALU32_REG(BPF_XOR, BPF_REG_0, BPF_REG_0), BPF_EXIT_INSN() }, 6 },
		{ BPF_LD_IND(BPF_W, BPF_REG_7, 4),
		  { BPF_MOV64_REG(BPF_REG_2, BPF_REG_7), BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, 4),
		    BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		    CALL_TO(bpf_skb_load_helper_32_no_cache),
		    BPF_JMP_IMM(BPF_JSGE, BPF_REG_0, 0, 2),
		    BPF_ALU32_REG(BPF_XOR, BPF_REG_0, BPF_REG_0), BPF_EXIT_INSN() }, 7 },
		{ BPF_LD_IND(BPF_B, BPF_REG_8, 0),
		  { BPF_MOV64_REG(BPF_REG_2, BPF_REG_8), BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		    CALL_TO(bpf_skb_load_helper_8_no_cache),
		    BPF_JMP_IMM(BPF_JSGE, BPF_REG_0, 0, 2),
		    BPF_ALU32_REG(BPF_XOR, BPF_REG_0, BPF_REG_0), BPF_EXIT_INSN() }, 6 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct bpf_insn buf[16];
		int n = bpf_gen_ld_abs(&rows[i].orig, buf);

		ck_assert_int_eq(n, rows[i].n);
		ck_assert_msg(!memcmp(buf, rows[i].want, n * sizeof(*buf)), "row %zu", i);
	}
	/* the helpers are reached from __bpf_call_base, as every call is */
	ck_assert_uint_eq((uintptr_t)__bpf_call_base + (s64)CALL_TO(bpf_skb_load_helper_8).imm,
			  (uintptr_t)bpf_skb_load_helper_8);
	/* sk_filter and tc have it, XDP does not (no skb) */
	ck_assert_ptr_eq(sk_filter_verifier_ops.gen_ld_abs, bpf_gen_ld_abs);
	ck_assert_ptr_eq(tc_cls_act_verifier_ops.gen_ld_abs, bpf_gen_ld_abs);
	ck_assert_ptr_null(xdp_verifier_ops.gen_ld_abs);
}
END_TEST

/* An skb around test_frame, at the IP header (socket filter) or not. */
static struct sk_buff *ld_abs_skb(bool l2)
{
	unsigned int size = kmalloc_size_roundup(NET_SKB_PAD + FRAME_LEN +
						 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)));
	struct sk_buff *skb = build_skb(calloc(1, size), size);

	skb_reserve(skb, NET_SKB_PAD);
	memcpy(__skb_put(skb, FRAME_LEN), test_frame, FRAME_LEN);
	skb->protocol = eth_type_trans(skb, &loopback_dev);
	skb_reset_network_header(skb);
	if (l2)
		__skb_push(skb, ETH_HLEN);
	return skb;
}

static const struct ld_abs_case {
	const char *descr;
	bool l2;		/* tc's skb, else a socket filter's */
	struct bpf_insn ld;
	u64 want;		/* r0; 0 when the load fails */
} ld_abs_cases[] = {
	{ "ABS W: the IP source, big-endian", false, BPF_LD_ABS(BPF_W, 12), 0x0a000001 },
	{ "ABS H: the IP total length", false, BPF_LD_ABS(BPF_H, 2), 46 },
	{ "ABS B: the IP protocol", false, BPF_LD_ABS(BPF_B, 9), 17 },
	{ "ABS H: tc reads from the MAC header", true, BPF_LD_ABS(BPF_H, 12), ETH_P_IP },
	{ "IND H: r7 + 2, the UDP port", false, BPF_LD_IND(BPF_H, BPF_REG_7, 2), 53 },
	{ "ABS W: the last 4 bytes", false, BPF_LD_ABS(BPF_W, FRAME_LEN - ETH_HLEN - 4), 0x642e2121 },
	{ "ABS W: one byte past the end returns 0", false,
	  BPF_LD_ABS(BPF_W, FRAME_LEN - ETH_HLEN - 3), 0 },
	{ "ABS B: far past the end", false, BPF_LD_ABS(BPF_B, 0x10000), 0 },
	{ "ABS B: SKF_NET_OFF + 9, the protocol", true, BPF_LD_ABS(BPF_B, SKF_NET_OFF + 9), 17 },
	{ "ABS H: SKF_LL_OFF + 12, the EtherType", false, BPF_LD_ABS(BPF_H, SKF_LL_OFF + 12), ETH_P_IP },
	{ "ABS H: SKF_LL_OFF past the end", false, BPF_LD_ABS(BPF_H, SKF_LL_OFF + FRAME_LEN - 1), 0 },
	{ "ABS B: SKF_AD_OFF is not data", false, BPF_LD_ABS(BPF_B, SKF_AD_OFF), 0 },
	{ "ABS B: below SKF_LL_OFF", false, BPF_LD_ABS(BPF_B, SKF_LL_OFF - 1), 0 },
	{ "IND B: a negative index", false, BPF_LD_IND(BPF_B, BPF_REG_7, -21), 0 },
};

START_TEST(bpf_gen_ld_abs_run)
{
	const struct ld_abs_case *t = &ld_abs_cases[_i];
	struct bpf_insn prog[16];
	u32 n = 0;

	/* r6 = ctx; r7 = 20 (the UDP header's offset from the IP header);
	 * the load, which returns 0 from the program when it fails
	 */
	prog[n++] = BPF_MOV64_REG(BPF_REG_6, BPF_REG_1);
	prog[n++] = BPF_MOV64_IMM(BPF_REG_7, 20);
	n += bpf_gen_ld_abs(&t->ld, prog + n);
	prog[n++] = BPF_EXIT_INSN();

	for (int jit = 0; jit < RUNTIMES; jit++) {
		struct bpf_prog *fp = jit_test_prog(prog, n, 0, jit);
		struct sk_buff *skb = ld_abs_skb(t->l2);
		u64 r0;

		ck_assert_ptr_nonnull(fp);
		fp = jit_test_compile(fp);
		ck_assert_int_eq(fp->jited, jit);
		r0 = bpf_prog_run64(fp, skb);
		ck_assert_msg(r0 == t->want, "%s (%s): r0 = 0x%llx, expected 0x%llx",
			      t->descr, runtime_name[jit], (unsigned long long)r0,
			      (unsigned long long)t->want);
		bpf_prog_free(fp);
		kfree_skb(skb);
	}
}
END_TEST

START_TEST(bpf_skb_load_helper_cached)
{
	/*
	 * Classic BPF keeps data and headlen in registers: a headlen shorter
	 * than the data (bytes in fragments) sends the load to
	 * skb_copy_bits(), which still finds them.
	 */
	struct sk_buff *skb = ld_abs_skb(false);
	u64 data = (uintptr_t)skb->data;

	ck_assert_uint_eq(bpf_skb_load_helper_16((uintptr_t)skb, data, skb_headlen(skb), 2, 0), 46);
	ck_assert_uint_eq(bpf_skb_load_helper_16((uintptr_t)skb, data, 3, 2, 0), 46);
	ck_assert_uint_eq(bpf_skb_load_helper_32((uintptr_t)skb, data, 0, 16, 0), 0x0a000002);
	ck_assert_uint_eq(bpf_skb_load_helper_8((uintptr_t)skb, data, 0, 9, 0), 17);
	ck_assert_int_eq((s64)bpf_skb_load_helper_32((uintptr_t)skb, data, 0,
						     skb->len - 3, 0), -EFAULT);
	ck_assert_int_eq((s64)bpf_skb_load_helper_8_no_cache((uintptr_t)skb,
							     (u64)(s64)-1, 0, 0, 0), -EFAULT);
	kfree_skb(skb);
}
END_TEST

void add_ld_abs_tests(Suite *s)
{
	TCase *tc = tcase_create("bpf_gen_ld_abs");

	test_frame_init();
	ADD(tc, bpf_gen_ld_abs_insns);
	tcase_add_loop_test(tc, bpf_gen_ld_abs_run, 0, ARRAY_SIZE(ld_abs_cases));
	ADD(tc, bpf_skb_load_helper_cached);
	suite_add_tcase(s, tc);
}
