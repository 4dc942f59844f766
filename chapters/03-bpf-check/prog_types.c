// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors the verifier ops of kernel/trace/bpf_trace.c
 * (kprobe_verifier_ops, tracepoint_verifier_ops, raw_tracepoint_verifier_ops,
 * kprobe_prog_func_proto, tp_prog_func_proto, raw_tp_prog_func_proto,
 * kprobe_prog_is_valid_access, tp_prog_is_valid_access,
 * raw_tp_prog_is_valid_access) and net/core/filter.c (sk_filter_verifier_ops,
 * tc_cls_act_verifier_ops, xdp_verifier_ops, cg_skb_verifier_ops and their
 * func_proto),
 * Linux v5.8; written afresh.
 *
 * A program type tells the verifier two things: which helpers its programs
 * may call, and which bytes of its context (the object r1 points to on
 * entry) they may read or write.
 *
 * The two tracing types have small fixed contexts, read-only:
 *
 * - raw_tracepoint: r1 points to `u64 args[MAX_BPF_FUNC_ARGS]`, the raw
 *   arguments of the tracepoint, 12 * 8 = 96 bytes. Any read inside those
 *   96 bytes is allowed if it is naturally aligned (off % size == 0): a
 *   4-byte read of the low half of args[0] is fine, a 4-byte read at
 *   offset 2 is not. No writes: the arguments belong to the traced code.
 *
 * - kprobe: r1 points to `struct pt_regs`, the registers of the probed
 *   function, 168 bytes on x86-64 (21 registers of 8 bytes). The same
 *   rules: inside the struct, aligned to the access size, read-only.
 *
 * - tracepoint: r1 points to the tracepoint's record as perf writes it, up
 *   to PERF_MAX_TRACE_SIZE (2048) bytes; the first 8 are the common fields
 *   (type, flags, preempt count, pid), which a program may not read.
 *
 * socket_filter, sched_cls and xdp have contexts that are views of a packet
 * (__sk_buff, xdp_md) whose fields the kernel rewrites into loads from the
 * real sk_buff / xdp_buff and whose data fields are packet pointers. Until
 * packet pointers exist here, these types load programs that do not touch
 * their context, and refuse any context access, saying why.
 */
#include <string.h>

#include "linux/bpf_verifier.h"

/* arch/x86/include/asm/ptrace.h (x86-64): 21 saved registers */
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx;
	unsigned long r11, r10, r9, r8, ax, cx, dx, si, di;
	unsigned long orig_ax;
	unsigned long ip, cs, flags, sp, ss;
};
_Static_assert(sizeof(struct pt_regs) == 168, "struct pt_regs is 168 bytes");

static const struct bpf_func_proto *
kprobe_prog_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	return bpf_tracing_func_proto(func_id, prog);
}

static bool kprobe_prog_is_valid_access(int off, int size, enum bpf_access_type type,
					const struct bpf_prog *prog,
					struct bpf_insn_access_aux *info)
{
	(void)prog; (void)info;
	if (off < 0 || off >= (int)sizeof(struct pt_regs))
		return false;
	if (type != BPF_READ)
		return false;
	if (off % size != 0)
		return false;
	/*
	 * Assertion for 32 bit to make sure last 8 byte access
	 * (BPF_DW) to the last 4 byte member is disallowed.
	 */
	if (off + size > (int)sizeof(struct pt_regs))
		return false;

	return true;
}

static const struct bpf_func_proto *
raw_tp_prog_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	return bpf_tracing_func_proto(func_id, prog);
}

/* include/linux/bpf.h: bpf_tracing_ctx_access() */
static bool bpf_tracing_ctx_access(int off, int size, enum bpf_access_type type)
{
	if (off < 0 || off >= (int)(sizeof(__u64) * MAX_BPF_FUNC_ARGS))
		return false;
	if (type != BPF_READ)
		return false;
	if (off % size != 0)
		return false;
	return true;
}

static bool raw_tp_prog_is_valid_access(int off, int size, enum bpf_access_type type,
					const struct bpf_prog *prog,
					struct bpf_insn_access_aux *info)
{
	(void)prog; (void)info;
	return bpf_tracing_ctx_access(off, size, type);
}

/* include/linux/trace_events.h: the largest tracepoint record */
#define PERF_MAX_TRACE_SIZE	2048

static bool tp_prog_is_valid_access(int off, int size, enum bpf_access_type type,
				    const struct bpf_prog *prog,
				    struct bpf_insn_access_aux *info)
{
	(void)prog; (void)info;
	if (off < (int)sizeof(void *) || off >= PERF_MAX_TRACE_SIZE)
		return false;
	if (type != BPF_READ)
		return false;
	if (off % size != 0)
		return false;

	BUILD_BUG_ON(PERF_MAX_TRACE_SIZE % sizeof(__u64));
	return true;
}

static const struct bpf_func_proto *
tp_prog_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	return bpf_tracing_func_proto(func_id, prog);
}

/* The packet types' fields are not modelled yet: every access is refused. */
static bool packet_ctx_is_valid_access(int off, int size, enum bpf_access_type type,
				       const struct bpf_prog *prog,
				       struct bpf_insn_access_aux *info)
{
	(void)off; (void)size; (void)type; (void)prog; (void)info;
	return false;
}

static const struct bpf_func_proto *
sk_filter_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	(void)prog;
	return bpf_base_func_proto(func_id);
}

#define PACKET_CTX_NOTE \
	"packet and context fields of this program type come with packet pointers in chapter 07"

const struct bpf_verifier_ops kprobe_verifier_ops = {
	.get_func_proto  = kprobe_prog_func_proto,
	.is_valid_access = kprobe_prog_is_valid_access,
};

const struct bpf_verifier_ops tracepoint_verifier_ops = {
	.get_func_proto  = tp_prog_func_proto,
	.is_valid_access = tp_prog_is_valid_access,
};

const struct bpf_verifier_ops raw_tracepoint_verifier_ops = {
	.get_func_proto  = raw_tp_prog_func_proto,
	.is_valid_access = raw_tp_prog_is_valid_access,
};

__weak const struct bpf_verifier_ops sk_filter_verifier_ops = {
	.get_func_proto  = sk_filter_func_proto,
	.is_valid_access = packet_ctx_is_valid_access,
	.ctx_note	 = PACKET_CTX_NOTE,
};

__weak const struct bpf_verifier_ops tc_cls_act_verifier_ops = {
	.get_func_proto  = sk_filter_func_proto,	/* tc_cls_act_func_proto */
	.is_valid_access = packet_ctx_is_valid_access,
	.ctx_note	 = PACKET_CTX_NOTE,
};

__weak const struct bpf_verifier_ops xdp_verifier_ops = {
	.get_func_proto  = sk_filter_func_proto,	/* xdp_func_proto */
	.is_valid_access = packet_ctx_is_valid_access,
	.ctx_note	 = PACKET_CTX_NOTE,
};

/* A cgroup_skb program sees an __sk_buff as a socket filter does, with
 * rules of its own; chapter 07 gives it those rules and its helpers, and
 * chapter 08 the map helpers.
 */
__weak const struct bpf_verifier_ops cg_skb_verifier_ops = {
	.get_func_proto  = sk_filter_func_proto,	/* cg_skb_func_proto */
	.is_valid_access = packet_ctx_is_valid_access,
	.ctx_note	 = PACKET_CTX_NOTE,
};

/* A flow dissector sees an __sk_buff's packet pointers and its keys. */
__weak const struct bpf_verifier_ops flow_dissector_verifier_ops = {
	.get_func_proto  = sk_filter_func_proto,	/* flow_dissector_func_proto */
	.is_valid_access = packet_ctx_is_valid_access,
	.ctx_note	 = PACKET_CTX_NOTE,
};

/* A cgroup_sock_addr program's struct bpf_sock_addr is rewritten as the
 * packet types' contexts are: chapter 07 gives it its rules.
 */
__weak const struct bpf_verifier_ops cg_sock_addr_verifier_ops = {
	.get_func_proto  = sk_filter_func_proto,	/* sock_addr_func_proto */
	.is_valid_access = packet_ctx_is_valid_access,
	.ctx_note	 = "the fields of struct bpf_sock_addr come with context rewrites in chapter 07",
};
