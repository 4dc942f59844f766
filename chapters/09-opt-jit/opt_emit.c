// SPDX-License-Identifier: GPL-2.0
/*
 * One instruction's code in the optimising mode: do_jit() asks this before
 * it emits anything itself (chapter 06: the ctx->opt lines).
 *
 * Ours. What the analysis decided (opt_prepare.c) is read here, pass after
 * pass, always the same way: an instruction that is dead, changes nothing,
 * or was folded into the one before it becomes no code at all; the head of
 * a fused sequence becomes its one x86 instruction; arithmetic goes to
 * opt_alu.c; everything else - jumps above all - is left to do_jit() (return
 * 0), which compiles opt->insns, where the analysis rewrote what it could.
 */
#include "opt.h"

static bool is_ld_imm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* The x86 instruction a fused sequence starting at idx becomes. */
static int opt_emit_fused(u8 **pprog, const struct opt_prog *opt,
			  const struct bpf_insn *insn, int idx)
{
	const struct opt_addr *a = &opt->addr[idx];
	const struct bpf_insn *last = &opt->insns[idx + a->cnt - 1];
	u8 *prog = *pprog;

	switch (opt->fuse[idx]) {
	case FUSE_LEA:
		/* (into the sum's register: the head may be a shift of another) */
		emit_lea(&prog, a->is64, last->dst_reg, a);
		break;
	case FUSE_LDX:
		emit_ldx_addr(&prog, BPF_SIZE(last->code), last->dst_reg, a);
		break;
	case FUSE_STX:
		emit_stx_addr(&prog, BPF_SIZE(last->code), last->src_reg, a);
		break;
	case FUSE_ST:
		emit_st_addr(&prog, BPF_SIZE(last->code), last->imm, a);
		break;
	case FUSE_IMUL3:
		emit_imul3(&prog, a->is64, insn->dst_reg, a->base, a->disp);
		break;
	case FUSE_ZEXT:
		emit_mov_reg(&prog, false, insn->dst_reg, insn->dst_reg);
		break;
	case FUSE_ROL:
		emit_shift_imm(&prog, a->is64, X86_ROL_I, insn->src_reg, a->disp);
		break;
	case FUSE_RMW:
		emit_rmw_addr(&prog, last - 1, BPF_SIZE(last->code), a);
		break;
	case FUSE_DIVMOD:
		opt_emit_divmod(&prog, opt, insn, idx);
		break;
	case FUSE_ROLMUL:
		emit_imul3(&prog, a->is64, a->base, a->base, a->disp);
		emit_shift_imm(&prog, a->is64, X86_ROL_I, a->base, a->scale);
		break;
	default:
		return -EFAULT;
	}
	*pprog = prog;
	return 1;
}

/* A sibling call: the frame undone, then jmp to what `call` would call. */
static int opt_emit_sibling(u8 **pprog, const struct opt_prog *opt,
			    const struct bpf_insn *insn, u8 *ip)
{
	u8 *start = *pprog;

	if (!insn->imm)
		return -EINVAL;		/* as do_jit()'s call case */
	opt_emit_teardown(pprog, opt);
	/* jmp rel32, from where it lands in the image */
	if (emit_jump(pprog, (u8 *)__bpf_call_base + insn->imm, ip + (*pprog - start)))
		return -EINVAL;
	return 1;
}

int bpf_jit_opt_insn(u8 **pprog, struct opt_prog *opt,
		     const struct bpf_insn *insn, int idx, u8 *ip)
{
	if (opt->flags[idx] & (OPT_DEAD | OPT_NOP | OPT_FUSED))
		return is_ld_imm64(insn) ? 2 : 1;	/* no code */
	if (opt->flags[idx] & OPT_SIBLING)
		return opt_emit_sibling(pprog, opt, insn, ip);
	if (opt->fuse[idx])
		return opt_emit_fused(pprog, opt, insn, idx);
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return opt_emit_alu(pprog, opt, insn, idx);
	case BPF_LD:
		/* (maybe a map's address: v5.8's ten bytes, opt_alloc()) */
		if (!is_ld_imm64(insn) || !(opt->steps & BPF_JIT_OPT_ENCODE) ||
		    opt->imm64_opaque)
			return 0;
		/* a value that fits a sign-extended imm32 takes 7 bytes, not 10 */
		emit_mov_imm64_opt(pprog, insn->dst_reg,
				   (u32)insn[0].imm | ((u64)(u32)insn[1].imm << 32));
		return 2;
	default:
		return 0;
	}
}
