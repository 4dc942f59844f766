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

/*
 * Instructions [off, off + cnt) are gone: the functions that lay wholly
 * inside go with them, the ones after move down by cnt. A function that
 * begins inside and goes on past the range stays, now starting at off.
 * (subprog_info[subprog_cnt], the end of the program, moves as a start.)
 */
static int adjust_subprog_starts_after_remove(struct bpf_verifier_env *env,
					      u32 off, u32 cnt)
{
	struct bpf_subprog_info *info = env->subprog_info;
	u32 first_gone = 0, first_kept;

	while (first_gone < env->subprog_cnt && info[first_gone].start < off)
		first_gone++;
	first_kept = first_gone;
	while (first_kept < env->subprog_cnt && info[first_kept].start < off + cnt)
		first_kept++;
	if (info[first_kept].start != off + cnt)
		first_kept--;

	if (first_kept > first_gone) {
		memmove(info + first_gone, info + first_kept,
			(env->subprog_cnt + 1 - first_kept) * sizeof(*info));
		env->subprog_cnt -= first_kept - first_gone;
	} else if (info[first_gone].start == off) {
		/* the function at off keeps its start; the ones after move */
		first_gone++;
	}
	for (; first_gone <= env->subprog_cnt; first_gone++)
		info[first_gone].start -= cnt;
	return 0;
}

/* Remove instructions [off, off + cnt): the jumps across fixed, the
 * functions and the per-instruction records moved along.
 */
int verifier_remove_insns(struct bpf_verifier_env *env, u32 off, u32 cnt)
{
	unsigned int tail = env->prog->len - off - cnt;
	int err;

	err = bpf_remove_insns(env->prog, off, cnt) ?:
	      adjust_subprog_starts_after_remove(env, off, cnt);
	if (err)
		return err;
	memmove(env->insn_aux_data + off, env->insn_aux_data + off + cnt,
		tail * sizeof(*env->insn_aux_data));
	return 0;
}

/*
 * Unprivileged: every instruction no path reached becomes a jump to
 * itself. Not a nop: dead code at the very end, were it ever reached
 * through some other bug, would run on past the program; not an exit: it
 * may sit inside a function, whose exit is not the program's.
 */
void sanitize_dead_code(struct bpf_verifier_env *env)
{
	const struct bpf_insn trap = BPF_JMP_IMM(BPF_JA, 0, 0, -1);
	u32 i;

	for (i = 0; i < env->prog->len; i++)
		if (!env->insn_aux_data[i].seen)
			env->prog->insnsi[i] = trap;
}

/* A jump that may go either way. */
static bool insn_is_cond_jump(u8 code)
{
	u8 op = BPF_OP(code);

	switch (BPF_CLASS(code)) {
	case BPF_JMP32:
		return op != BPF_JA;	/* gotol is unconditional */
	case BPF_JMP:
		return op != BPF_JA && op != BPF_EXIT && op != BPF_CALL;
	default:
		return false;
	}
}

/*
 * Privileged: a conditional jump one of whose sides no path took becomes a
 * goto to the other, a `ja +0` when that is the fall-through (which
 * opt_remove_nops() then removes).
 */
void opt_hard_wire_dead_code_branches(struct bpf_verifier_env *env)
{
	const struct bpf_insn_aux_data *aux = env->insn_aux_data;
	struct bpf_insn *insn = env->prog->insnsi;
	int i, n = env->prog->len;

	for (i = 0; i < n; i++, insn++) {
		s16 off;

		if (!insn_is_cond_jump(insn->code))
			continue;
		if (!aux[i + 1].seen)
			off = insn->off;	/* never falls through */
		else if (!aux[i + 1 + insn->off].seen)
			off = 0;		/* never jumps */
		else
			continue;
		*insn = BPF_JMP_IMM(BPF_JA, 0, 0, off);
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
