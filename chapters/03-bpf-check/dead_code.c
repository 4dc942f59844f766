// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: adjust_subprog_starts_after_remove(),
 * verifier_remove_insns(), sanitize_dead_code(), insn_is_cond_jump(),
 * opt_hard_wire_dead_code_branches(), opt_remove_dead_code(),
 * opt_remove_nops(), Linux v5.8 (gotol-aware as Linux 6.6; the removals
 * made in one pass, ours); written afresh.
 *
 * check_cfg() refused code no edge reaches; the walk can still find code
 * no *path* reaches (`if r1 > 5` where r1 is known to be 3). For a
 * privileged loader such code is removed, and a branch with one dead side
 * becomes an unconditional jump (or, if it jumps by 0, nothing). For an
 * unprivileged one the program keeps its shape, so the offsets of what a
 * user wrote do not move, and every dead instruction becomes `ja -1`: a
 * jump to itself. It is never executed, and if speculation ever got there
 * it would spin in place rather than run something the verifier never saw.
 * That `ja -1` is why the JIT special-cases a jump to itself.
 */
#include <string.h>

#include "internal.h"
#include "linux/bpf_patch.h"

static int adjust_subprog_starts_after_remove(struct bpf_verifier_env *env,
					      u32 off, u32 cnt)
{
	u32 i, j;

	/* find first prog starting at or after off (first to remove) */
	for (i = 0; i < env->subprog_cnt; i++)
		if (env->subprog_info[i].start >= off)
			break;
	/* find first prog starting at or after off + cnt (first to stay) */
	for (j = i; j < env->subprog_cnt; j++)
		if (env->subprog_info[j].start >= off + cnt)
			break;
	/* if j doesn't start exactly at off + cnt, we are just removing
	 * the front of previous prog
	 */
	if (env->subprog_info[j].start != off + cnt)
		j--;

	if (j > i) {
		/* move fake 'exit' subprog as well */
		int move = env->subprog_cnt + 1 - j;

		memmove(env->subprog_info + i, env->subprog_info + j,
			sizeof(*env->subprog_info) * move);
		env->subprog_cnt -= j - i;
	} else {
		/* convert i from "first prog to remove" to "first to adjust" */
		if (env->subprog_info[i].start == off)
			i++;
	}

	/* update fake 'exit' subprog as well */
	for (; i <= env->subprog_cnt; i++)
		env->subprog_info[i].start -= cnt;

	return 0;
}

int verifier_remove_insns(struct bpf_verifier_env *env, u32 off, u32 cnt)
{
	struct bpf_insn_aux_data *aux_data = env->insn_aux_data;
	unsigned int orig_prog_len = env->prog->len;
	int err;

	err = bpf_remove_insns(env->prog, off, cnt);
	if (err)
		return err;

	err = adjust_subprog_starts_after_remove(env, off, cnt);
	if (err)
		return err;

	memmove(aux_data + off,	aux_data + off + cnt,
		sizeof(*aux_data) * (orig_prog_len - off - cnt));

	return 0;
}

/* The verifier does more data flow analysis than llvm and will not
 * explore branches that are dead at run time. Malicious programs can
 * have dead code too. Therefore replace all dead at-run-time code
 * with 'ja -1'.
 *
 * Just nops are not optimal, e.g. if they would sit at the end of the
 * program and through another bug we would manage to jump there, then
 * we'd execute beyond program memory otherwise. Returning exception
 * code also wouldn't work since we can have subprogs where the dead
 * code could be located.
 */
void sanitize_dead_code(struct bpf_verifier_env *env)
{
	struct bpf_insn_aux_data *aux_data = env->insn_aux_data;
	struct bpf_insn trap = BPF_JMP_IMM(BPF_JA, 0, 0, -1);
	struct bpf_insn *insn = env->prog->insnsi;
	const int insn_cnt = env->prog->len;
	int i;

	for (i = 0; i < insn_cnt; i++) {
		if (aux_data[i].seen)
			continue;
		memcpy(insn + i, &trap, sizeof(trap));
	}
}

static bool insn_is_cond_jump(u8 code)
{
	u8 op;

	op = BPF_OP(code);
	if (BPF_CLASS(code) == BPF_JMP32)
		return op != BPF_JA;	/* gotol is unconditional */

	if (BPF_CLASS(code) != BPF_JMP)
		return false;

	return op != BPF_JA && op != BPF_EXIT && op != BPF_CALL;
}

void opt_hard_wire_dead_code_branches(struct bpf_verifier_env *env)
{
	struct bpf_insn_aux_data *aux_data = env->insn_aux_data;
	struct bpf_insn ja = BPF_JMP_IMM(BPF_JA, 0, 0, 0);
	struct bpf_insn *insn = env->prog->insnsi;
	const int insn_cnt = env->prog->len;
	int i;

	for (i = 0; i < insn_cnt; i++, insn++) {
		if (!insn_is_cond_jump(insn->code))
			continue;

		if (!aux_data[i + 1].seen)
			ja.off = insn->off;
		else if (!aux_data[i + 1 + insn->off].seen)
			ja.off = 0;
		else
			continue;

		memcpy(insn, &ja, sizeof(ja));
	}
}

/*
 * v5.8 removes each run of dead instructions, and then each `ja +0`, with
 * verifier_remove_insns() as it finds them: every removal moves the rest
 * of the program, so 80,000 nops took 10 s. The same removals are
 * collected here and made in one pass (bpf_patch_insns_data()); the
 * program that comes out is the same.
 */
static int remove_insns_if(struct bpf_verifier_env *env,
			   bool (*dead)(struct bpf_verifier_env *env, int i))
{
	struct bpf_patch_batch batch;
	int insn_cnt = env->prog->len;
	int i, err = 0;

	bpf_patch_batch_init(&batch);
	for (i = 0; i < insn_cnt && !err; i++)
		if (dead(env, i))
			err = bpf_patch_batch_add(&batch, i, NULL, 0);
	if (!err)
		err = bpf_patch_insns_data(env, &batch);
	bpf_patch_batch_free(&batch);
	return err;
}

static bool insn_not_seen(struct bpf_verifier_env *env, int i)
{
	return !env->insn_aux_data[i].seen;
}

int opt_remove_dead_code(struct bpf_verifier_env *env)
{
	return remove_insns_if(env, insn_not_seen);
}

static bool insn_is_nop(struct bpf_verifier_env *env, int i)
{
	const struct bpf_insn ja = BPF_JMP_IMM(BPF_JA, 0, 0, 0);

	return !memcmp(&env->prog->insnsi[i], &ja, sizeof(ja));
}

int opt_remove_nops(struct bpf_verifier_env *env)
{
	return remove_insns_if(env, insn_is_nop);
}
