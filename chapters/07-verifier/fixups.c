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
	bool isneg = aux->alu_state & BPF_ALU_NEG_VALUE;
	bool issrc = (aux->alu_state & BPF_ALU_SANITIZE) == BPF_ALU_SANITIZE_SRC;
	bool isimm = aux->alu_state & BPF_ALU_IMMEDIATE;
	u8 off = issrc ? insn->src_reg : insn->dst_reg;
	/* AX = off if 0 <= off <= alu_limit, else 0 */
	const struct bpf_insn mask[] = {
		BPF_MOV32_IMM(BPF_REG_AX, aux->alu_limit),
		BPF_ALU64_REG(BPF_SUB, BPF_REG_AX, off),
		BPF_ALU64_REG(BPF_OR, BPF_REG_AX, off),
		BPF_ALU64_IMM(BPF_NEG, BPF_REG_AX, 0),
		BPF_ALU64_IMM(BPF_ARSH, BPF_REG_AX, 63),
		BPF_ALU64_REG(BPF_AND, BPF_REG_AX, off),
	};
	const struct bpf_insn negate = BPF_ALU64_IMM(BPF_MUL, off, -1);
	struct bpf_insn *out = insn_buf, moved = *insn;

	if (isimm) {
		/* AX = the distance the walk saw */
		*out++ = mask[0];
	} else {
		if (isneg)
			*out++ = negate;
		memcpy(out, mask, sizeof(mask));
		out += ARRAY_SIZE(mask);
	}
	/* the pointer sits in src: move it to dst, the offset is in AX */
	if (!issrc)
		*out++ = BPF_MOV64_REG(insn->dst_reg, insn->src_reg);
	moved.src_reg = BPF_REG_AX;
	if (isneg)
		moved.code = BPF_ALU64 | BPF_X |
			     (BPF_OP(moved.code) == BPF_ADD ? BPF_SUB : BPF_ADD);
	*out++ = moved;
	/* off was negated where it stands (src): give its value back */
	if (issrc && isneg && !isimm)
		*out++ = negate;
	return out - insn_buf;
}

/* Chapter 08: the tail call and map helper rewrites; none before it. */
__weak int fixup_map_call(struct bpf_verifier_env *env, int i, struct bpf_insn *insn,
			  struct bpf_patch_batch *batch, bool *done)
{
	(void)env; (void)i; (void)insn; (void)batch;
	*done = false;
	return 0;
}

/*
 * A helper call's imm: from the helper's id to its distance from
 * __bpf_call_base, which is how the interpreter and the JIT find the
 * function (chapter 08 rewrites some calls first, in fixup_map_call()).
 */
static int fixup_helper_call(struct bpf_verifier_env *env, int i, struct bpf_insn *insn,
			     struct bpf_patch_batch *batch)
{
	const struct bpf_func_proto *fn;
	bool done;
	s64 dist;
	int err;

	err = fixup_map_call(env, i, insn, batch, &done);
	if (err || done)
		return err;
	/* the walk allowed the call: a helper with no function is the
	 * kernel's mistake
	 */
	fn = get_helper_proto(env, insn->imm);
	if (!fn || !fn->func) {
		verbose(env, "kernel subsystem misconfigured func %s#%d\n",
			func_id_name(insn->imm), insn->imm);
		return -EFAULT;
	}
	dist = (s64)((uintptr_t)fn->func - (uintptr_t)__bpf_call_base);
	if (dist != (s32)dist) {
		verbose(env, "helper %s#%d too far from __bpf_call_base\n",
			func_id_name(insn->imm), insn->imm);
		return -EFAULT;
	}
	insn->imm = (s32)dist;
	return 0;
}

/*
 * After the walk accepted the program: the rewrites the interpreter and
 * the JIT rely on, collected instruction by instruction against the
 * original program and patched in at the end.
 */
int fixup_bpf_calls(struct bpf_verifier_env *env)
{
	struct bpf_prog *prog = env->prog;
	struct bpf_insn *insn = prog->insnsi;
	const int insn_cnt = prog->len;
	struct bpf_insn insn_buf[16];
	struct bpf_patch_batch batch;
	int i, cnt, err = 0;

	bpf_patch_batch_init(&batch);
	for (i = 0; i < insn_cnt && !err; i++, insn++) {
		u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
		bool div_mod = (cls == BPF_ALU || cls == BPF_ALU64) &&
			       (op == BPF_DIV || op == BPF_MOD);

		if (div_mod && BPF_SRC(insn->code) == BPF_X) {
			/* by a register: guarded against 0 (and -1) */
			cnt = div_mod_guard(insn, insn_buf);
			err = bpf_patch_batch_add(&batch, i, insn_buf, cnt);
		} else if (div_mod && (insn->imm == 0 || (insn->off == 1 && insn->imm == -1))) {
			/* by the constant 0, or -1 signed (ISA v4, Linux 6.6):
			 * chapter 03
			 */
			fixup_div_by_const(env, insn);
		} else if (cls == BPF_LD && (BPF_MODE(insn->code) == BPF_ABS ||
					     BPF_MODE(insn->code) == BPF_IND)) {
			/* the classic packet loads, as the program type
			 * spells them; a type without them has no
			 * gen_ld_abs, and only an unverified program gets
			 * here with one
			 */
			cnt = env->ops->gen_ld_abs ? env->ops->gen_ld_abs(insn, insn_buf) : 0;
			if (cnt == 0 || cnt >= (int)ARRAY_SIZE(insn_buf)) {
				verbose(env, "bpf verifier is misconfigured\n");
				err = -EINVAL;
			} else {
				err = bpf_patch_batch_add(&batch, i, insn_buf, cnt);
			}
		} else if (insn->code == (BPF_ALU64 | BPF_ADD | BPF_X) ||
			   insn->code == (BPF_ALU64 | BPF_SUB | BPF_X)) {
			/* pointer arithmetic the walk marked for masking */
			const struct bpf_insn_aux_data *aux = &env->insn_aux_data[i];

			if (aux->alu_state && aux->alu_state != BPF_ALU_NON_POINTER) {
				cnt = sanitize_alu_patch(insn, aux, insn_buf);
				err = bpf_patch_batch_add(&batch, i, insn_buf, cnt);
			}
		} else if (insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg != BPF_PSEUDO_CALL) {
			err = fixup_helper_call(env, i, insn, &batch);
		}
	}
	if (!err && bpf_patch_insns_data(env, &batch))
		err = -ENOMEM;
	bpf_patch_batch_free(&batch);
	return err;
}
