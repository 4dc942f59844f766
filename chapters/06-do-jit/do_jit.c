// SPDX-License-Identifier: GPL-2.0
/*
 * One pass of the JIT: every BPF instruction to x86-64 machine code.
 *
 * Mirrors arch/x86/net/bpf_jit_comp.c: do_jit(), Linux v5.8, with the
 * instructions later kernels added (BPF_ATOMIC 5.12, NOP padding 5.12,
 * BPF_NOSPEC 5.14, gotol/ldsx 6.6) marked where they appear; written afresh.
 *
 * do_jit() is run pass after pass by bpf_int_jit_compile(). Each pass emits
 * every instruction into a small buffer, measures it, and records in addrs[]
 * where the next instruction starts. Jumps read addrs[] for their offsets:
 * backward targets from this pass, forward targets from the previous one.
 * Only when an image exists does a pass copy the bytes into it.
 */
#include "bpf_jit_comp.h"

/* Tail calls need program arrays: chapter 08. */
__weak int emit_bpf_tail_call(u8 **pprog, struct bpf_prog *bpf_prog, s32 imm32, int addr,
			      u8 *image)
{
	(void)pprog; (void)bpf_prog; (void)imm32; (void)addr; (void)image;
	return -EOPNOTSUPP;
}

__weak void bpf_tail_call_direct_fixup(struct bpf_prog *prog)
{
	(void)prog;
}

/* A jump's target index, or -1 if it lies outside the program. */
static int jmp_target(int i, s32 off, int insn_cnt)
{
	s64 t = (s64)i + off;

	if (t < 0 || t > insn_cnt)
		return -1;
	return t;
}

int do_jit(struct bpf_prog *bpf_prog, int *addrs, u8 *image,
	   int oldproglen, struct jit_context *ctx, bool jmp_padding)
{
	bool ebpf_from_cbpf = bpf_prog_was_classic(bpf_prog);
	/* the program, or chapter 09's rewrite of it (same indices) */
	struct bpf_insn *insn = ctx->insns ? ctx->insns : bpf_prog->insnsi;
	bool zext = !bpf_prog->aux->verifier_zext;
	int insn_cnt = bpf_prog->len;
	bool seen_exit = false;
	u8 temp[BPF_MAX_INSN_SIZE + BPF_INSN_SAFETY];
	int i, proglen = 0;
	u8 *prog = temp;
	int err;

	if (!ctx->opt)
		emit_prologue(&prog, bpf_prog->aux->stack_depth, ebpf_from_cbpf, ctx->calls);
	else	/* chapter 09: a frame for the registers in use */
		bpf_jit_opt_prologue(&prog, ctx->opt);
	addrs[0] = prog - temp;

	for (i = 1; i <= insn_cnt; i++, insn++) {
		const s32 imm32 = insn->imm;
		u32 dst_reg = insn->dst_reg;
		u32 src_reg = insn->src_reg;
		u8 *insn_start = prog;	/* temp, or just past the prologue */
		u8 jmp_cond;
		s64 jmp_offset;
		int ilen, nops, t;
		u8 *func;

		/*
		 * Bytes this instruction took in the previous pass minus what
		 * is emitted so far: what NOP padding must fill (Linux 5.12).
		 */
#define INSN_SZ_DIFF (((addrs[i] - addrs[i - 1]) - (prog - insn_start)))

		/* chapter 09: its own code for this instruction, or none */
		if (ctx->opt) {
			err = bpf_jit_opt_insn(&prog, ctx->opt, insn, i - 1,
					       bpf_jit_call_ip(image, addrs[i - 1]));
			if (err < 0)
				return err;
			if (err == 2) {	/* both slots of an ld_imm64 */
				insn++;
				i++;
			}
			if (err)
				goto next;
		}

		/* the arithmetic: emit_alu.c, the kernel's first cases */
		if (BPF_CLASS(insn->code) == BPF_ALU ||
		    BPF_CLASS(insn->code) == BPF_ALU64) {
			err = emit_alu(&prog, insn);
			if (err) {
				jit_err("bpf_jit: unknown opcode %02x\n", insn->code);
				return -EINVAL;
			}
			goto next;
		}

		switch (insn->code) {
		case BPF_LD | BPF_IMM | BPF_DW:
			/* dst = imm64: the only instruction with two slots */
			if (i == insn_cnt)
				goto unknown;
			emit_mov_imm64(&prog, dst_reg, insn[1].imm, insn[0].imm);
			insn++;
			i++;
			break;

			/* ST: *(u8*)(dst_reg + off) = imm */
		case BPF_ST | BPF_MEM | BPF_B:
		case BPF_ST | BPF_MEM | BPF_H:
		case BPF_ST | BPF_MEM | BPF_W:
		case BPF_ST | BPF_MEM | BPF_DW:
			emit_st(&prog, BPF_SIZE(insn->code), dst_reg, insn->off, imm32);
			break;

			/* speculation barrier (Linux 5.14) */
		case BPF_ST | BPF_NOSPEC:
			/* lfence */
			EMIT3(0x0F, 0xAE, 0xE8);
			break;

			/* STX: *(u8*)(dst_reg + off) = src_reg */
		case BPF_STX | BPF_MEM | BPF_B:
		case BPF_STX | BPF_MEM | BPF_H:
		case BPF_STX | BPF_MEM | BPF_W:
		case BPF_STX | BPF_MEM | BPF_DW:
			emit_stx(&prog, BPF_SIZE(insn->code), dst_reg, src_reg, insn->off);
			break;

			/* LDX: dst_reg = *(u8*)(src_reg + off) */
		case BPF_LDX | BPF_MEM | BPF_B:
		case BPF_LDX | BPF_MEM | BPF_H:
		case BPF_LDX | BPF_MEM | BPF_W:
		case BPF_LDX | BPF_MEM | BPF_DW:
			emit_ldx(&prog, BPF_SIZE(insn->code), dst_reg, src_reg, insn->off);
			break;

			/* LDSX: dst_reg = *(s8*)(src_reg + off) (Linux 6.6) */
		case BPF_LDX | BPF_MEMSX | BPF_B:
		case BPF_LDX | BPF_MEMSX | BPF_H:
		case BPF_LDX | BPF_MEMSX | BPF_W:
			emit_ldsx(&prog, BPF_SIZE(insn->code), dst_reg, src_reg, insn->off);
			break;

			/* v5.8's XADD; BPF_ATOMIC from Linux 5.12 */
		case BPF_STX | BPF_ATOMIC | BPF_W:
		case BPF_STX | BPF_ATOMIC | BPF_DW:
			if (emit_atomic_op(&prog, insn, zext))
				return -EFAULT;
			break;

			/* call */
		case BPF_JMP | BPF_CALL:
			if (src_reg == BPF_PSEUDO_CALL && !bpf_prog->is_func) {
				/* imm is still a pc-relative insn offset: only
				 * jit_subprogs() turns it into an address.
				 */
				jit_err("bpf_jit: bpf-to-bpf call outside jit_subprogs()\n");
				return -EINVAL;
			}
			func = (u8 *) __bpf_call_base + imm32;
			if (!imm32 || emit_call(&prog, func,
						bpf_jit_call_ip(image, addrs[i - 1])))
				return -EINVAL;
			break;

			/* cond jump */
		case BPF_JMP | BPF_JEQ | BPF_X:
		case BPF_JMP | BPF_JNE | BPF_X:
		case BPF_JMP | BPF_JGT | BPF_X:
		case BPF_JMP | BPF_JLT | BPF_X:
		case BPF_JMP | BPF_JGE | BPF_X:
		case BPF_JMP | BPF_JLE | BPF_X:
		case BPF_JMP | BPF_JSGT | BPF_X:
		case BPF_JMP | BPF_JSLT | BPF_X:
		case BPF_JMP | BPF_JSGE | BPF_X:
		case BPF_JMP | BPF_JSLE | BPF_X:
		case BPF_JMP32 | BPF_JEQ | BPF_X:
		case BPF_JMP32 | BPF_JNE | BPF_X:
		case BPF_JMP32 | BPF_JGT | BPF_X:
		case BPF_JMP32 | BPF_JLT | BPF_X:
		case BPF_JMP32 | BPF_JGE | BPF_X:
		case BPF_JMP32 | BPF_JLE | BPF_X:
		case BPF_JMP32 | BPF_JSGT | BPF_X:
		case BPF_JMP32 | BPF_JSLT | BPF_X:
		case BPF_JMP32 | BPF_JSGE | BPF_X:
		case BPF_JMP32 | BPF_JSLE | BPF_X:
			/* cmp dst_reg, src_reg */
			maybe_emit_mod(&prog, dst_reg, src_reg,
				       BPF_CLASS(insn->code) == BPF_JMP);
			EMIT2(0x39, add_2reg(0xC0, dst_reg, src_reg));
			goto emit_cond_jmp;

		case BPF_JMP | BPF_JSET | BPF_X:
		case BPF_JMP32 | BPF_JSET | BPF_X:
			/* test dst_reg, src_reg */
			maybe_emit_mod(&prog, dst_reg, src_reg,
				       BPF_CLASS(insn->code) == BPF_JMP);
			EMIT2(0x85, add_2reg(0xC0, dst_reg, src_reg));
			goto emit_cond_jmp;

		case BPF_JMP | BPF_JSET | BPF_K:
		case BPF_JMP32 | BPF_JSET | BPF_K:
			/* test dst_reg, imm32 */
			maybe_emit_1mod(&prog, dst_reg,
					BPF_CLASS(insn->code) == BPF_JMP);
			EMIT2_off32(0xF7, add_1reg(0xC0, dst_reg), imm32);
			goto emit_cond_jmp;

		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JNE | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JLT | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JLE | BPF_K:
		case BPF_JMP | BPF_JSGT | BPF_K:
		case BPF_JMP | BPF_JSLT | BPF_K:
		case BPF_JMP | BPF_JSGE | BPF_K:
		case BPF_JMP | BPF_JSLE | BPF_K:
		case BPF_JMP32 | BPF_JEQ | BPF_K:
		case BPF_JMP32 | BPF_JNE | BPF_K:
		case BPF_JMP32 | BPF_JGT | BPF_K:
		case BPF_JMP32 | BPF_JLT | BPF_K:
		case BPF_JMP32 | BPF_JGE | BPF_K:
		case BPF_JMP32 | BPF_JLE | BPF_K:
		case BPF_JMP32 | BPF_JSGT | BPF_K:
		case BPF_JMP32 | BPF_JSLT | BPF_K:
		case BPF_JMP32 | BPF_JSGE | BPF_K:
		case BPF_JMP32 | BPF_JSLE | BPF_K:
			/* test dst_reg, dst_reg to save one extra byte */
			if (imm32 == 0) {
				maybe_emit_mod(&prog, dst_reg, dst_reg,
					       BPF_CLASS(insn->code) == BPF_JMP);
				EMIT2(0x85, add_2reg(0xC0, dst_reg, dst_reg));
				goto emit_cond_jmp;
			}

			/* cmp dst_reg, imm8/32 */
			maybe_emit_1mod(&prog, dst_reg,
					BPF_CLASS(insn->code) == BPF_JMP);

			if (is_imm8(imm32))
				EMIT3(0x83, add_1reg(0xF8, dst_reg), imm32);
			else
				EMIT2_off32(0x81, add_1reg(0xF8, dst_reg), imm32);

emit_cond_jmp:		/* Convert BPF opcode to x86 */
			switch (BPF_OP(insn->code)) {
			case BPF_JEQ:
				jmp_cond = X86_JE;
				break;
			case BPF_JSET:
			case BPF_JNE:
				jmp_cond = X86_JNE;
				break;
			case BPF_JGT:
				/* GT is unsigned '>', JA in x86 */
				jmp_cond = X86_JA;
				break;
			case BPF_JLT:
				/* LT is unsigned '<', JB in x86 */
				jmp_cond = X86_JB;
				break;
			case BPF_JGE:
				/* GE is unsigned '>=', JAE in x86 */
				jmp_cond = X86_JAE;
				break;
			case BPF_JLE:
				/* LE is unsigned '<=', JBE in x86 */
				jmp_cond = X86_JBE;
				break;
			case BPF_JSGT:
				/* Signed '>', GT in x86 */
				jmp_cond = X86_JG;
				break;
			case BPF_JSLT:
				/* Signed '<', LT in x86 */
				jmp_cond = X86_JL;
				break;
			case BPF_JSGE:
				/* Signed '>=', GE in x86 */
				jmp_cond = X86_JGE;
				break;
			case BPF_JSLE:
				/* Signed '<=', LE in x86 */
				jmp_cond = X86_JLE;
				break;
			default: /* to silence GCC warning */
				return -EFAULT;
			}
			t = jmp_target(i, insn->off, insn_cnt);
			if (t < 0)
				goto bad_target;
			jmp_offset = addrs[t] - addrs[i];
			if (is_imm8(jmp_offset)) {
				if (jmp_padding) {
					/* To keep the jmp_offset valid, the extra bytes are
					 * padded before the jump insn, so we subtract the
					 * 2 bytes of jmp_cond insn from INSN_SZ_DIFF.
					 *
					 * If the previous pass already emits an imm8
					 * jmp_cond, then this BPF insn won't shrink, so
					 * "nops" is 0.
					 *
					 * On the other hand, if the previous pass emits an
					 * imm32 jmp_cond, the extra 4 bytes(*) is padded to
					 * keep the image from shrinking further.
					 *
					 * (*) imm32 jmp_cond is 6 bytes, and imm8 jmp_cond
					 *     is 2 bytes, so the size difference is 4 bytes.
					 */
					nops = INSN_SZ_DIFF - 2;
					if (nops != 0 && nops != 4) {
						jit_err("unexpected jmp_cond padding: %d bytes\n",
							nops);
						return -EFAULT;
					}
					emit_nops(&prog, nops);
				}
				EMIT2(jmp_cond, jmp_offset);
			} else if (is_simm32(jmp_offset)) {
				EMIT2_off32(0x0F, jmp_cond + 0x10, jmp_offset);
			} else {
				jit_err("cond_jmp gen bug %llx\n", (unsigned long long)jmp_offset);
				return -EFAULT;
			}

			break;

		case BPF_JMP | BPF_JA:
		case BPF_JMP32 | BPF_JA:	/* gotol, imm32 offset (Linux 6.6) */
			{
				s32 off = BPF_CLASS(insn->code) == BPF_JMP ?
					  insn->off : insn->imm;

				if (off == -1) {
					/* -1 jmp instructions will always jump
					 * backwards two bytes. Explicitly handling
					 * this case avoids wasting too many passes
					 * when there are long sequences of replaced
					 * dead code.
					 */
					jmp_offset = -2;
				} else {
					t = jmp_target(i, off, insn_cnt);
					if (t < 0)
						goto bad_target;
					jmp_offset = addrs[t] - addrs[i];
				}
			}

			if (!jmp_offset) {
				/*
				 * If jmp_padding is enabled, the extra nops will
				 * be inserted. Otherwise, optimize out nop jumps.
				 */
				if (jmp_padding) {
					/* There are 3 possible conditions.
					 * (1) This BPF_JA is already optimized out in
					 *     the previous run, so there is no need
					 *     to pad any extra byte (0 byte).
					 * (2) The previous pass emits an imm8 jmp,
					 *     so we pad 2 bytes to match the previous
					 *     insn size.
					 * (3) Similarly, the previous pass emits an
					 *     imm32 jmp, and 5 bytes is padded.
					 */
					nops = INSN_SZ_DIFF;
					if (nops != 0 && nops != 2 && nops != 5) {
						jit_err("unexpected nop jump padding: %d bytes\n",
							nops);
						return -EFAULT;
					}
					emit_nops(&prog, nops);
				}
				break;
			}
emit_jmp:
			if (is_imm8(jmp_offset)) {
				if (jmp_padding) {
					/* To avoid breaking jmp_offset, the extra bytes
					 * are padded before the actual jmp insn, so
					 * 2 bytes is subtracted from INSN_SZ_DIFF.
					 *
					 * If the previous pass already emits an imm8
					 * jmp, there is nothing to pad (0 byte).
					 *
					 * If it emits an imm32 jmp (5 bytes) previously
					 * and now an imm8 jmp (2 bytes), then we pad
					 * (5 - 2 = 3) bytes to stop the image from
					 * shrinking further.
					 */
					nops = INSN_SZ_DIFF - 2;
					if (nops != 0 && nops != 3) {
						jit_err("unexpected jump padding: %d bytes\n",
							nops);
						return -EFAULT;
					}
					emit_nops(&prog, INSN_SZ_DIFF - 2);
				}
				EMIT2(0xEB, jmp_offset);
			} else if (is_simm32(jmp_offset)) {
				EMIT1_off32(0xE9, jmp_offset);
			} else {
				jit_err("jmp gen bug %llx\n", (unsigned long long)jmp_offset);
				return -EFAULT;
			}
			break;

		case BPF_JMP | BPF_EXIT:
			if (seen_exit) {
				jmp_offset = ctx->cleanup_addr - addrs[i];
				goto emit_jmp;
			}
			seen_exit = true;
			/* Update cleanup_addr */
			ctx->cleanup_addr = proglen;
			if (!ctx->opt)
				emit_epilogue(&prog, ebpf_from_cbpf);
			else
				bpf_jit_opt_epilogue(&prog, ctx->opt);
			break;

		case BPF_JMP | BPF_TAIL_CALL:
			/* imm 0: through the map in R2 at run time; imm k: a
			 * constant map and key, poke_tab[k - 1] (chapter 08)
			 */
			if (emit_bpf_tail_call(&prog, bpf_prog, imm32, addrs[i], image)) {
				jit_err("bpf_jit: tail calls are not supported, insn %d\n", i - 1);
				return -EINVAL;
			}
			break;

		default:
unknown:
			/*
			 * By design x86-64 JIT should support all BPF instructions.
			 * This error will be seen if new instruction was added
			 * to the interpreter, but not to the JIT, or if there is
			 * junk in bpf_prog.
			 */
			jit_err("bpf_jit: unknown opcode %02x\n", insn->code);
			return -EINVAL;
bad_target:
			jit_err("bpf_jit: jump out of range at insn %d\n", i - 1);
			return -EINVAL;
		}

next:
		ilen = prog - temp;
		if (ilen > BPF_MAX_INSN_SIZE) {
			jit_err("bpf_jit: fatal insn size error\n");
			return -EFAULT;
		}

		if (image) {
			/*
			 * When populating the image, assert that:
			 *
			 *  i) We do not write beyond the allocated space, and
			 * ii) addrs[i] did not change from the prior run, in order
			 *     to validate assumptions made for computing branch
			 *     displacements (Linux 5.12).
			 */
			if (unlikely(proglen + ilen > oldproglen ||
				     proglen + ilen != addrs[i])) {
				jit_err("bpf_jit: fatal error\n");
				return -EFAULT;
			}
			memcpy(image + proglen, temp, ilen);
		} else if (ctx->draft) {
			/* chapter 09: the first pass writes a draft of the image */
			if (proglen + ilen <= ctx->draft_size)
				memcpy(ctx->draft + proglen, temp, ilen);
			else
				ctx->draft = NULL;	/* no room: the passes as ever */
		}
		proglen += ilen;
		addrs[i] = proglen;
		prog = temp;
#undef INSN_SZ_DIFF
	}

	return proglen;
}
