/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Chapter 09's private vocabulary: what the optimising JIT learns about a
 * program before the passes, and the encoders it adds to chapter 06's.
 *
 * Ours, beyond any kernel. The analysis runs once per compilation
 * (bpf_jit_opt_prepare()); do_jit() then runs its passes as in v5.8 and
 * asks bpf_jit_opt_insn() for each instruction's code. Every decision is
 * taken before the first pass and never depends on addrs[], so a program
 * is compiled the same way in every pass and the image converges exactly
 * as chapter 06 explains.
 */
#ifndef _OPT_H
#define _OPT_H

#include "linux/bpf_verifier.h"	/* struct tnum */
#include "../06-do-jit/bpf_jit_comp.h"

/* BPF registers as bits of a set: R0..R10, and AX (11), the JIT's own. */
#define OPT_NREGS	(BPF_REG_AX + 1)
#define REG_BIT(r)	((u16)1 << (r))
#define REGS_ARGS	(REG_BIT(1) | REG_BIT(2) | REG_BIT(3) | REG_BIT(4) | REG_BIT(5))
#define REGS_CALLER	(REG_BIT(0) | REGS_ARGS)

/*
 * The stack as 8-byte slots, slot k at R10 - 512 + 8k: what a spilled
 * register is to the verifier. opt_slot(): the slot an access of `bytes`
 * at R10 + off is exactly, or -1.
 */
#define OPT_NSLOTS	(MAX_BPF_STACK / 8)

static inline int opt_slot(s16 off, int bytes)
{
	if (bytes != 8 || off >= 0 || off < -MAX_BPF_STACK || (off & 7))
		return -1;
	return (off + MAX_BPF_STACK) / 8;
}

static inline s16 opt_slot_off(int k)
{
	return 8 * k - MAX_BPF_STACK;
}

/* The slots an access of `bytes` at R10 + off touches, as a set. */
static inline u64 opt_slots_touched(s16 off, int bytes)
{
	/* its first byte's slot to its last's, inside the stack */
	int first = max(off + MAX_BPF_STACK, 0) / 8;
	int last = min(off + bytes - 1 + MAX_BPF_STACK, MAX_BPF_STACK - 1);

	if (last < 0 || first * 8 > last)
		return 0;
	return (~0ULL >> (63 - last / 8)) & (~0ULL << first);
}

/* What the analysis says about one instruction: opt->flags[i]. */
enum {
	OPT_TARGET	= 1 << 0,	/* a jump lands here */
	OPT_DEAD	= 1 << 1,	/* never runs, or its result is never read */
	OPT_FUSED	= 1 << 2,	/* emitted with the instruction before it */
	OPT_DST_ZX32	= 1 << 3,	/* dst's upper 32 bits are 0 before it runs */
	OPT_DST_ZX16	= 1 << 4,	/* dst's bits 16..63 are 0 before it runs */
	OPT_NOP		= 1 << 5,	/* it leaves every register as it was */
	OPT_IMM64_HI	= 1 << 6,	/* the second half of an ld_imm64 */
	OPT_SIBLING	= 1 << 7,	/* a call right before exit: the frame goes, then jmp */
};

/* A sequence one x86 instruction (or two) can do: opt->fuse[i], at its head. */
enum opt_fuse {
	FUSE_NONE,
	FUSE_LEA,	/* dst = a (+ b) (+ k): lea */
	FUSE_LDX,	/* dst = *(a + b + k): one load, the address in its operand */
	FUSE_STX,	/* *(a + b + k) = src: one store, likewise */
	FUSE_ST,	/* *(a + b + k) = imm */
	FUSE_IMUL3,	/* dst = a * k: imul dst, a, k */
	FUSE_ZEXT,	/* dst <<= 32; dst >>= 32: mov dst32, dst32 */
	FUSE_ROL,	/* t = x; t >>= n - k; x <<= k; x |= t: rol x, k */
	FUSE_ROLMUL,	/* t = x; t *= m << k; x *= m; x >>= n - k; x |= t: imul; rol */
	FUSE_RMW,	/* t = *(a + b + k); t op= s; *(a + b + k) = t: op [mem], s */
	FUSE_DIVMOD,	/* q /= s; (m = q;) m *= s; t = a; t -= m: one div, both results */
};

/*
 * A sum base + index << scale + disp (base or index < 0: none), which x86
 * can compute in the operand of one instruction; and how many instructions
 * of the program that instruction does (cnt, the head included).
 */
struct opt_addr {
	s8 base, index;
	u8 scale;
	s32 disp;
	u8 cnt;
	bool is64;	/* FUSE_LEA: a 64-bit (or a 32-bit) sum */
};

struct opt_prog {
	u32 len;
	struct bpf_insn *insns;		/* what do_jit() compiles: the rewrite */
	u8 *flags;			/* OPT_* */
	u8 *fuse;			/* enum opt_fuse, at a sequence's head */
	struct opt_addr *addr;		/* its operands, at the head */
	u16 *live;			/* registers read after the insn, before a write */
	u16 used;			/* registers some instruction touches */
	bool back_edges;		/* a jump goes back: the program may loop */
	bool stack_known;		/* R10 never escapes: the stack is the JIT's to know */
	bool imm64_opaque;		/* an ld_imm64 may be a map's address: v5.8's, unknown */
	bool exact;			/* no size depends on addrs[] (ctx->sizes_exact) */
	bool pic;			/* no byte depends on the image's address */
	u32 *jumps, nr_jumps;		/* where the jumps are (opt_mark_targets()) */
	u32 *marked;			/* where each landed when last marked */
	u8 *draft;			/* the first pass's bytes (ctx->draft) */
	int draft_size;

	/* the frame (opt_frame.c) */
	bool kernel_frame;		/* tail calls: v5.8's frame, slot and all */
	bool tail_entry;		/* a v5.8 tail call may enter: the stub at 25 */
	bool tail_entry_lazy;		/* it may, once a program array takes it */
	bool tail_target;		/* one has: the stub now (prog->aux) */
	bool frame;			/* push rbp; mov rbp, rsp */
	u8 nr_pushed;			/* callee-saved registers pushed */
	u8 pushed[4];			/* which, in push order (BPF R6..R9) */
	u32 stack;			/* sub rsp: the stack, and the pad for calls */

	/* what the compiled program was, and which steps run (bpf_jit_opt) */
	unsigned int steps;
	bool ebpf_from_cbpf;
	bool is_func;			/* a function of a program with bpf-to-bpf calls */
	bool blinded;			/* constants must not come back as immediates */
	bool calls;
	bool bmi2;			/* boot_cpu_has(X86_FEATURE_BMI2) */
	u32 stack_depth;
	u32 func_idx;			/* which function (0: the one a program array holds) */
};

/* A jump of any kind: conditional, goto, exit; not a call. */
static inline bool opt_is_jmp(const struct bpf_insn *insn)
{
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	return (cls == BPF_JMP || cls == BPF_JMP32) &&
	       op != BPF_CALL && op != BPF_TAIL_CALL;
}

static inline bool opt_is_cond_jmp(const struct bpf_insn *insn)
{
	u8 op = BPF_OP(insn->code);

	return opt_is_jmp(insn) && op != BPF_JA && op != BPF_EXIT;
}

static inline bool opt_is_ld_imm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* opt_cfg.c: where control goes */
int opt_jump_successors(const struct bpf_insn *insns, u32 len, u32 i, u32 succ[2]);
int opt_mark_targets(struct opt_prog *opt);
int opt_remark_targets(struct opt_prog *opt);
int opt_drop_unreached(struct opt_prog *opt);
s64 opt_jump_target(const struct opt_prog *opt, u32 i);

/*
 * The instructions control may go to after insn i: 0, 1 or 2 of them, in
 * succ[] (fall-through first); < 0 for an edge out of the program. Most
 * instructions just go on: that case is inline.
 */
static inline int opt_successors(const struct bpf_insn *insns, u32 len, u32 i, u32 succ[2])
{
	if (!opt_is_jmp(&insns[i]) && !opt_is_ld_imm64(&insns[i]) && i + 1 < len) {
		succ[0] = i + 1;
		return 1;
	}
	return opt_jump_successors(insns, len, i, succ);
}
/* opt_known.c: the verifier's arithmetic on known bits, again */
int opt_known_bits(struct opt_prog *opt);
int opt_branch_taken(struct tnum dst, struct tnum src, u8 op, bool is32);
/* opt_jumps.c: jumps to jumps, and a jump over a goto */
void opt_thread_jumps(struct opt_prog *opt);
void opt_invert_branches(struct opt_prog *opt);
void opt_test_branches(struct opt_prog *opt);
/* opt_live.c: which registers a later instruction reads */
int opt_liveness(struct opt_prog *opt);
/* opt_fuse.c: sequences one x86 instruction can do */
void opt_find_fusions(struct opt_prog *opt);
/* opt_frame.c */
void opt_find_sibling_calls(struct opt_prog *opt);
void opt_plan_frame(struct opt_prog *opt);
void opt_emit_teardown(u8 **pprog, const struct opt_prog *opt);
/* the bytes before the optimised prologue of an image a tail call may enter */
#define OPT_TAIL_ENTRY_SKIP	2	/* jmp rel8 over the stub */
#define OPT_TAIL_STUB_SIZE	9	/* v5.8's epilogue less its ret */
#define OPT_TAIL_ENTRY_SIZE	(PROLOGUE_SIZE + OPT_TAIL_STUB_SIZE)

/* opt_x86.c: encoders chapter 06 does not have */
void emit_lea(u8 **pprog, bool is64, u32 dst, const struct opt_addr *a);
void emit_mem_sib(u8 **pprog, u32 reg, const struct opt_addr *a);
void emit_ldx_addr(u8 **pprog, u32 size, u32 dst, const struct opt_addr *a);
void emit_stx_addr(u8 **pprog, u32 size, u32 src, const struct opt_addr *a);
void emit_st_addr(u8 **pprog, u32 size, s32 imm, const struct opt_addr *a);
void emit_rmw_addr(u8 **pprog, const struct bpf_insn *alu, u32 size, const struct opt_addr *a);
void emit_imul3(u8 **pprog, bool is64, u32 dst, u32 src, s32 imm);
void emit_imul_reg(u8 **pprog, bool is64, u32 dst, u32 src);
void emit_shift_imm(u8 **pprog, bool is64, u8 op_modrm, u32 dst, u8 imm);
void emit_alu_rr(u8 **pprog, bool is64, u8 opcode, u32 dst, u32 src);
void emit_alu_ri(u8 **pprog, bool is64, u8 op_modrm, u32 dst, s32 imm);
void emit_f7(u8 **pprog, bool is64, u8 op_modrm, u32 reg);
/* ModRM /digit bases and opcodes, by name */
#define X86_ADD		0x01
#define X86_SUB		0x29
#define X86_AND_I	0xE0
#define X86_SHL_I	0xE0
#define X86_SHR_I	0xE8
#define X86_SAR_I	0xF8
#define X86_ROL_I	0xC0
#define X86_NEG		0xD8
#define X86_MUL		0xE0
#define X86_IMUL	0xE8
#define X86_DIV		0xF0
#define X86_IDIV	0xF8
void emit_3vex(u8 **pprog, bool r, bool x, bool b, u8 m, bool w, u8 src_reg2,
	       bool l, u8 pp);
void emit_shiftx(u8 **pprog, u32 dst_reg, u8 src_reg, bool is64, u8 op);
void emit_mov_imm64_opt(u8 **pprog, u32 dst_reg, u64 value);
/* opt_alu.c, opt_div.c: the arithmetic */
int opt_emit_alu(u8 **pprog, struct opt_prog *opt, const struct bpf_insn *insn, int idx);
int opt_emit_div(u8 **pprog, struct opt_prog *opt, const struct bpf_insn *insn, int idx);
void opt_emit_divmod(u8 **pprog, const struct opt_prog *opt, const struct bpf_insn *insn,
		     int idx);
/* opt_magic.c: division by a constant as a multiplication */
struct div_magic {
	u64 mul;	/* the magic multiplier (its low 64 bits: see add) */
	u8 shift;	/* the final right shift */
	bool add;	/* unsigned: the multiplier has one bit more than the width */
};
int div_magic_unsigned(u64 d, int bits, struct div_magic *m);
int div_magic_signed(s64 d, int bits, struct div_magic *m);
u64 div_magic_eval_unsigned(u64 x, int bits, const struct div_magic *m);
s64 div_magic_eval_signed(s64 x, s64 d, int bits, const struct div_magic *m);

#endif /* _OPT_H */
