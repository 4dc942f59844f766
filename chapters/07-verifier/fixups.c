// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: fixup_bpf_calls(), Linux v5.8 (renamed
 * do_misc_fixups() in 5.12); written afresh.
 *
 * Chapter 03's fixup_bpf_calls() guards divisions and resolves helper
 * addresses. The whole v5.8 pass also:
 *
 * - rewrites BPF_LD_[ABS|IND] into ordinary instructions and a helper call
 *   (env->ops->gen_ld_abs(), per program type), so that neither the
 *   interpreter nor the JIT has to know these legacy instructions;
 * - masks the scalar of every pointer arithmetic instruction the walk
 *   marked (aux->alu_state, unprivileged loaders): the pointer moves by
 *   at most alu_limit, or not at all, so that no speculatively executed
 *   path can move it out of its object;
 * - and, in chapter 08, rewrites tail calls and inlines map lookups.
 *
 * Everything is collected against the original program and patched in one
 * pass (chapter 03's batch).
 */
#include <stdlib.h>

#include "verifier.h"
#include "disasm.h"		/* func_id_name() */
#include "linux/bpf_patch.h"

/*
 * The Spectre v1 masking of `dst += src` (or -=) where one side is a
 * pointer and the other the scalar off_reg (Linux 5.13's form, which fixed
 * v5.8's off-by-one and its pointer-in-dst case). The offset that moves
 * the pointer is computed into AX and the instruction made `ptr op= AX`:
 *
 * - a known offset (BPF_ALU_IMMEDIATE): AX = the distance the walk saw;
 * - an unknown one: AX = alu_limit; AX -= off; AX |= off; AX = -AX;
 *   AX s>>= 63; AX &= off. That leaves off if 0 <= off <= alu_limit and
 *   0 otherwise (one term of the `or` is then negative), even when the
 *   CPU got there by mispredicting a branch.
 *
 * A negative offset is made positive first, and the operation flipped.
 */
static int sanitize_alu_patch(struct bpf_insn *insn, const struct bpf_insn_aux_data *aux,
			      struct bpf_insn *insn_buf)
{
	const u8 code_add = BPF_ALU64 | BPF_ADD | BPF_X;
	const u8 code_sub = BPF_ALU64 | BPF_SUB | BPF_X;
	struct bpf_insn *patch = insn_buf, op = *insn;
	bool issrc, isneg, isimm;
	u32 off_reg;

	isneg = aux->alu_state & BPF_ALU_NEG_VALUE;
	issrc = (aux->alu_state & BPF_ALU_SANITIZE) == BPF_ALU_SANITIZE_SRC;
	isimm = aux->alu_state & BPF_ALU_IMMEDIATE;

	off_reg = issrc ? op.src_reg : op.dst_reg;
	if (isimm) {
		*patch++ = BPF_MOV32_IMM(BPF_REG_AX, aux->alu_limit);
	} else {
		if (isneg)
			*patch++ = BPF_ALU64_IMM(BPF_MUL, off_reg, -1);
		*patch++ = BPF_MOV32_IMM(BPF_REG_AX, aux->alu_limit);
		*patch++ = BPF_ALU64_REG(BPF_SUB, BPF_REG_AX, off_reg);
		*patch++ = BPF_ALU64_REG(BPF_OR, BPF_REG_AX, off_reg);
		*patch++ = BPF_ALU64_IMM(BPF_NEG, BPF_REG_AX, 0);
		*patch++ = BPF_ALU64_IMM(BPF_ARSH, BPF_REG_AX, 63);
		*patch++ = BPF_ALU64_REG(BPF_AND, BPF_REG_AX, off_reg);
	}
	/* the pointer sits in src: move it to dst, the offset is in AX */
	if (!issrc)
		*patch++ = BPF_MOV64_REG(op.dst_reg, op.src_reg);
	op.src_reg = BPF_REG_AX;
	if (isneg)
		op.code = op.code == code_add ? code_sub : code_add;
	*patch++ = op;
	if (issrc && isneg && !isimm)
		*patch++ = BPF_ALU64_IMM(BPF_MUL, off_reg, -1);
	return patch - insn_buf;
}

/* Chapter 08: the tail call and map helper rewrites; none before it. */
__weak int fixup_map_call(struct bpf_verifier_env *env, int i, struct bpf_insn *insn,
			  struct bpf_patch_batch *batch, bool *done)
{
	(void)env; (void)i; (void)insn; (void)batch;
	*done = false;
	return 0;
}

/* fixup insn->imm field of bpf_call instructions
 * and inline eligible helpers as explicit sequence of BPF instructions
 *
 * this function is called after eBPF program passed verification
 */
int fixup_bpf_calls(struct bpf_verifier_env *env)
{
	struct bpf_prog *prog = env->prog;
	struct bpf_insn *insn = prog->insnsi;
	const struct bpf_func_proto *fn;
	const int insn_cnt = prog->len;
	struct bpf_insn insn_buf[16];
	struct bpf_patch_batch batch;
	int i, cnt, err = 0;
	bool done;
	s64 dist;

	bpf_patch_batch_init(&batch);
	for (i = 0; i < insn_cnt; i++, insn++) {
		u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

		/* Division/modulo by a register: guard against 0 (and -1). */
		if ((cls == BPF_ALU64 || cls == BPF_ALU) &&
		    (op == BPF_DIV || op == BPF_MOD) && BPF_SRC(insn->code) == BPF_X) {
			cnt = div_mod_guard(insn, insn_buf);
			err = bpf_patch_batch_add(&batch, i, insn_buf, cnt);
			if (err)
				goto out;
			continue;
		}

		/* Division by a constant -1 (ISA v4, Linux 6.6); chapter 03. */
		if ((cls == BPF_ALU64 || cls == BPF_ALU) &&
		    (op == BPF_DIV || op == BPF_MOD) && BPF_SRC(insn->code) == BPF_K &&
		    (insn->imm == 0 || (insn->off == 1 && insn->imm == -1))) {
			fixup_div_by_const(env, insn);
			continue;
		}

		if (cls == BPF_LD &&
		    (BPF_MODE(insn->code) == BPF_ABS || BPF_MODE(insn->code) == BPF_IND)) {
			/* NULL for types without LD_ABS: only an unverified
			 * program gets here with one
			 */
			cnt = env->ops->gen_ld_abs ? env->ops->gen_ld_abs(insn, insn_buf) : 0;
			if (cnt == 0 || cnt >= (int)ARRAY_SIZE(insn_buf)) {
				verbose(env, "bpf verifier is misconfigured\n");
				err = -EINVAL;
				goto out;
			}
			err = bpf_patch_batch_add(&batch, i, insn_buf, cnt);
			if (err)
				goto out;
			continue;
		}

		if (insn->code == (BPF_ALU64 | BPF_ADD | BPF_X) ||
		    insn->code == (BPF_ALU64 | BPF_SUB | BPF_X)) {
			const struct bpf_insn_aux_data *aux = &env->insn_aux_data[i];

			if (!aux->alu_state || aux->alu_state == BPF_ALU_NON_POINTER)
				continue;
			cnt = sanitize_alu_patch(insn, aux, insn_buf);
			err = bpf_patch_batch_add(&batch, i, insn_buf, cnt);
			if (err)
				goto out;
			continue;
		}

		if (insn->code != (BPF_JMP | BPF_CALL))
			continue;
		if (insn->src_reg == BPF_PSEUDO_CALL)
			continue;

		err = fixup_map_call(env, i, insn, &batch, &done);
		if (err)
			goto out;
		if (done)
			continue;

		fn = get_helper_proto(env, insn->imm);
		/* all functions that have prototype and verifier allowed
		 * programs to call them, must be real in-kernel functions
		 */
		if (!fn || !fn->func) {
			verbose(env, "kernel subsystem misconfigured func %s#%d\n",
				func_id_name(insn->imm), insn->imm);
			err = -EFAULT;
			goto out;
		}
		dist = (s64)((uintptr_t)fn->func - (uintptr_t)__bpf_call_base);
		if (dist != (s32)dist) {
			verbose(env, "helper %s#%d too far from __bpf_call_base\n",
				func_id_name(insn->imm), insn->imm);
			err = -EFAULT;
			goto out;
		}
		insn->imm = (s32)dist;
	}

	err = bpf_patch_insns_data(env, &batch);
	if (err)
		err = -ENOMEM;
out:
	bpf_patch_batch_free(&batch);
	return err;
}
