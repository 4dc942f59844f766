// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: adjust_insn_aux_data(),
 * adjust_subprog_starts(), bpf_patch_insn_data() and fixup_bpf_calls(),
 * Linux v5.8 (renamed do_misc_fixups() in 5.12), with the division guards
 * of Linux 5.12+ (32-bit) and 6.6+ (signed); written afresh.
 *
 * After the walk has proven the program safe, the verifier rewrites it
 * into what the interpreter and the JIT may run without checks:
 *
 * - Division and modulo by a register get a run-time guard, because the
 *   walk cannot know the divisor: x / 0 = 0 and x % 0 = x, by definition of
 *   the BPF instruction set, instead of a CPU exception.
 * - A helper call `call 5` becomes `call <helper - __bpf_call_base>`: the
 *   interpreter and the JIT then call __bpf_call_base + imm, a plain
 *   address, with no table lookup at run time.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "linux/bpf_patch.h"
#include "disasm.h"		/* func_id_name() */

/* The aux array follows the program: insn `off` became `cnt` instructions.
 * The new ones are marked seen (the walk vouched for what they replace).
 */
static int adjust_insn_aux_data(struct bpf_verifier_env *env,
				struct bpf_prog *new_prog, u32 off, u32 cnt)
{
	const struct bpf_insn_aux_data *old_data = env->insn_aux_data;
	struct bpf_insn_aux_data *new_data;
	u32 before = off, after = new_prog->len - off - cnt + 1, i;

	if (cnt == 1)
		return 0;
	new_data = calloc(new_prog->len, sizeof(*new_data));
	if (!new_data)
		return -ENOMEM;
	/* the records before the patch stay; the patched instruction's own
	 * record, and the ones after, move down by cnt - 1
	 */
	memcpy(new_data, old_data, before * sizeof(*new_data));
	memcpy(new_data + off + cnt - 1, old_data + off, after * sizeof(*new_data));
	for (i = 0; i < cnt - 1; i++)
		new_data[off + i].seen = true;
	free(env->insn_aux_data);
	env->insn_aux_data = new_data;
	return 0;
}

/* Functions starting after instruction off move down with the patch (the
 * end of the program, subprog_info[subprog_cnt], too).
 */
static void adjust_subprog_starts(struct bpf_verifier_env *env, u32 off, u32 len)
{
	struct bpf_subprog_info *info = env->subprog_info;
	u32 k;

	for (k = 0; len > 1 && k <= env->subprog_cnt; k++)
		if (info[k].start > off)
			info[k].start += len - 1;
}

/*
 * The verifier's way to patch: bpf_patch_insn_single() on the program,
 * then the verifier's own per-instruction and per-subprogram records moved
 * to match. Returns NULL on failure (the caller says -ENOMEM, as v5.8).
 */
struct bpf_prog *bpf_patch_insn_data(struct bpf_verifier_env *env, u32 off,
				     const struct bpf_insn *patch, u32 len)
{
	struct bpf_prog *new_prog = bpf_patch_insn_single(env->prog, off, patch, len);

	/* a jump the patch would stretch past 16 bits: said, then refused */
	if (IS_ERR(new_prog) && PTR_ERR(new_prog) == -ERANGE)
		verbose(env, "insn %d cannot be patched due to 16-bit range\n",
			env->insn_aux_data[off].orig_idx);
	if (IS_ERR(new_prog) || adjust_insn_aux_data(env, new_prog, off, len))
		return NULL;
	adjust_subprog_starts(env, off, len);
	return new_prog;
}

/*
 * Ours: bpf_patch_insn_data() for a whole batch of edits (see patch.c): the
 * program, then the per-instruction records (an original instruction's
 * record moves to the last instruction of its patch, the ones before it are
 * new and seen, as adjust_insn_aux_data() does) and the subprogram starts
 * (a subprogram all of whose instructions were removed disappears, as in
 * adjust_subprog_starts_after_remove()), each in one pass.
 */
int bpf_patch_insns_data(struct bpf_verifier_env *env, struct bpf_patch_batch *b)
{
	struct bpf_insn_aux_data *old_data = env->insn_aux_data, *new_data;
	struct bpf_prog *new_prog;
	u32 old_len = env->prog->len, i, r, k, n;
	const u32 *new_idx;

	if (!b->cnt)
		return 0;
	new_prog = bpf_patch_batch_apply(env->prog, b);
	if (IS_ERR(new_prog)) {
		if (PTR_ERR(new_prog) == -ERANGE)
			verbose(env, "insn %d cannot be patched due to 16-bit range\n",
				old_data[b->err_off].orig_idx);
		return PTR_ERR(new_prog);
	}
	env->prog = new_prog;
	new_idx = b->new_idx;

	new_data = calloc(new_prog->len ? new_prog->len : 1, sizeof(*new_data));
	if (!new_data)
		return -ENOMEM;
	for (i = 0, r = 0; i < old_len; i++) {
		u32 len = 1;

		if (r < b->cnt && b->recs[r].off == i)
			len = b->recs[r++].len;
		if (!len)
			continue;
		for (k = new_idx[i]; k < new_idx[i] + len - 1; k++)
			new_data[k].seen = true;
		new_data[new_idx[i] + len - 1] = old_data[i];
	}
	env->insn_aux_data = new_data;
	free(old_data);

	/* the sentinel past the last function (k == subprog_cnt) moves too */
	for (k = 0, n = 0; k <= env->subprog_cnt; k++) {
		u32 start = new_idx[env->subprog_info[k].start];

		if (k < env->subprog_cnt && start == new_idx[env->subprog_info[k + 1].start])
			continue;	/* every instruction of it removed */
		env->subprog_info[n] = env->subprog_info[k];
		env->subprog_info[n++].start = start;
	}
	env->subprog_cnt = n - 1;
	return 0;
}

/*
 * The guard for a division or modulo by register `src`, into buf; returns
 * its length. `*insn` is the original instruction, kept last or in the
 * middle. AX is the hidden scratch register (never visible to programs).
 *
 * Unsigned (off == 0), as Linux 5.12+ (64-bit: identical to v5.8):
 *   div:  if src != 0 goto +2; dst ^= dst (32-bit: zero); goto +1; div
 *   mod:  if src == 0 goto +1 (+2 for 32-bit); mod
 *         32-bit also: goto +1; w_dst = w_dst (zero the upper half)
 * The compare is JMP32 for 32-bit forms: only the low half of src divides.
 */
int div_mod_guard(const struct bpf_insn *insn, struct bpf_insn *buf)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	bool isdiv = BPF_OP(insn->code) == BPF_DIV;
	u8 jmp = is64 ? BPF_JMP : BPF_JMP32;
	u8 alu = is64 ? BPF_ALU64 : BPF_ALU;
	u8 dst = insn->dst_reg, src = insn->src_reg;
	int n = 0;

	if (insn->off == 0) {
		if (isdiv) {
			/* by 0: skip the division, dst = 0 */
			buf[n++] = BPF_RAW_INSN(jmp | BPF_JNE | BPF_K, src, 0, 2, 0);
			buf[n++] = BPF_ALU32_REG(BPF_XOR, dst, dst);
			buf[n++] = BPF_JMP_IMM(BPF_JA, 0, 0, 1);
			buf[n++] = *insn;
		} else {
			/* by 0: skip the modulo, dst stays */
			buf[n++] = BPF_RAW_INSN(jmp | BPF_JEQ | BPF_K, src, 0,
						is64 ? 1 : 2, 0);
			buf[n++] = *insn;
			if (!is64) {
				buf[n++] = BPF_JMP_IMM(BPF_JA, 0, 0, 1);
				buf[n++] = BPF_MOV32_REG(dst, dst);
			}
		}
		return n;
	}

	/*
	 * Signed (off == 1, ISA v4), as Linux 6.6+: besides 0, a divisor of
	 * -1 is special, because S64_MIN / -1 overflows (x86 `idiv` traps).
	 * AX = src + 1 is 0 for -1 and 1 for 0; greater than 1 means
	 * neither, and the division runs.
	 */
	buf[n++] = BPF_MOV64_REG(BPF_REG_AX, src);
	buf[n++] = BPF_RAW_INSN(alu | BPF_ADD | BPF_K, BPF_REG_AX, 0, 0, 1);
	if (isdiv) {
		/* x sdiv 0 -> 0; x sdiv -1 -> -x (S64_MIN stays S64_MIN) */
		buf[n++] = BPF_RAW_INSN(jmp | BPF_JGT | BPF_K, BPF_REG_AX, 0, 4, 1);
		buf[n++] = BPF_RAW_INSN(jmp | BPF_JEQ | BPF_K, BPF_REG_AX, 0, 1, 0);
		/* src == 0: dst = 0, and -0 below is still 0 */
		buf[n++] = BPF_RAW_INSN(alu | BPF_MOV | BPF_K, dst, 0, 0, 0);
		buf[n++] = BPF_RAW_INSN(alu | BPF_NEG | BPF_K, dst, 0, 0, 0);
		buf[n++] = BPF_JMP_IMM(BPF_JA, 0, 0, 1);
		buf[n++] = *insn;
	} else {
		/* x smod 0 -> x; x smod -1 -> 0 */
		buf[n++] = BPF_RAW_INSN(jmp | BPF_JGT | BPF_K, BPF_REG_AX, 0, 3, 1);
		buf[n++] = BPF_RAW_INSN(jmp | BPF_JEQ | BPF_K, BPF_REG_AX, 0,
					is64 ? 3 : 4, 1);
		buf[n++] = BPF_MOV32_IMM(dst, 0);
		buf[n++] = BPF_JMP_IMM(BPF_JA, 0, 0, 1);
		buf[n++] = *insn;
		if (!is64) {
			buf[n++] = BPF_JMP_IMM(BPF_JA, 0, 0, 1);
			buf[n++] = BPF_MOV32_REG(dst, dst);
		}
	}
	return n;
}

/*
 * Division or modulo by a constant, rewritten in place (same length).
 *
 * Ours, for BPF_F_UNVERIFIED only (the walk refuses these): division by a
 * constant 0 becomes its defined result, x / 0 = 0 and x % 0 = x (32-bit:
 * zero-extended), so no `div` by 0 ever reaches the CPU.
 *
 * Signed division/modulo by the constant -1 (Linux 6.6+): x sdiv -1 = -x,
 * x smod -1 = 0, with no division at all.
 */
void fixup_div_by_const(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	u8 dst = insn->dst_reg;

	if (env->unverified && insn->imm == 0) {
		if (op == BPF_DIV)
			*insn = cls == BPF_ALU64 ? BPF_MOV64_IMM(dst, 0)
						 : BPF_MOV32_IMM(dst, 0);
		else
			*insn = cls == BPF_ALU64 ? BPF_MOV64_REG(dst, dst)
						 : BPF_MOV32_REG(dst, dst);
	} else if (insn->off == 1 && insn->imm == -1) {
		if (op == BPF_DIV)
			*insn = BPF_RAW_INSN(cls | BPF_NEG | BPF_K, dst, 0, 0, 0);
		else
			*insn = BPF_MOV32_IMM(dst, 0);
	}
}

/*
 * After the walk accepted the program: division guards, and helper calls'
 * ids turned into addresses (relative to __bpf_call_base).
 */
__weak int fixup_bpf_calls(struct bpf_verifier_env *env)
{
	struct bpf_prog *prog = env->prog;
	struct bpf_insn *insn = prog->insnsi;
	const struct bpf_func_proto *fn;
	const int insn_cnt = prog->len;
	struct bpf_insn insn_buf[16];
	struct bpf_patch_batch batch;
	int i, cnt, err;
	s64 dist;

	bpf_patch_batch_init(&batch);
	for (i = 0; i < insn_cnt; i++, insn++) {
		u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

		/*
		 * Division/modulo by a register: guard against 0 (and -1).
		 * v5.8 patches each one in with bpf_patch_insn_data() as it
		 * goes; the guards are collected here and patched in at the
		 * end, in one pass (20,000 divisions: 26 s -> milliseconds).
		 * Every other rewrite below keeps the instruction count, so
		 * it is made in place.
		 */
		if ((cls == BPF_ALU64 || cls == BPF_ALU) &&
		    (op == BPF_DIV || op == BPF_MOD) && BPF_SRC(insn->code) == BPF_X) {
			cnt = div_mod_guard(insn, insn_buf);
			err = bpf_patch_batch_add(&batch, i, insn_buf, cnt);
			if (err)
				goto out;
			continue;
		}

		/* Division by a constant: 0 (unverified programs only) or -1. */
		if ((cls == BPF_ALU64 || cls == BPF_ALU) &&
		    (op == BPF_DIV || op == BPF_MOD) && BPF_SRC(insn->code) == BPF_K) {
			fixup_div_by_const(env, insn);
			continue;
		}

		if (insn->code != (BPF_JMP | BPF_CALL))
			continue;
		if (insn->src_reg == BPF_PSEUDO_CALL)
			continue;

		/* the walk allowed the call: a helper with no function is
		 * the kernel's mistake
		 */
		fn = get_helper_proto(env, insn->imm);
		if (!fn || !fn->func) {
			verbose(env,
				"kernel subsystem misconfigured func %s#%d\n",
				func_id_name(insn->imm), insn->imm);
			err = -EFAULT;
			goto out;
		}
		/* In the kernel every helper is within 2 GiB of
		 * __bpf_call_base; in one user-space executable, too.
		 */
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
	/* v5.8 says -ENOMEM for any failure to patch, -ERANGE included */
	if (err)
		err = -ENOMEM;
out:
	bpf_patch_batch_free(&batch);
	return err;
}
