// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: find_subprog(), add_subprog(),
 * check_subprogs(), Linux v5.8 (with the `gotol` form of Linux 6.6);
 * written afresh.
 *
 * A program is a list of functions laid end to end: the main program at 0,
 * and one more wherever a bpf-to-bpf call lands. Each function's code must
 * stay its own: no jump leaves it, and it must not fall through into the
 * next one, which is why its last instruction is an exit or a jump.
 */
#include <stdlib.h>

#include "internal.h"

static int cmp_subprogs(const void *a, const void *b)
{
	return ((const struct bpf_subprog_info *)a)->start -
	       ((const struct bpf_subprog_info *)b)->start;
}

/* The subprogram that starts at insn off (a binary search: kept sorted). */
int find_subprog(struct bpf_verifier_env *env, int off)
{
	int lo = 0, hi = (int)env->subprog_cnt - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		int start = env->subprog_info[mid].start;

		if (start == off)
			return mid;
		if (start < off)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -ENOENT;
}

static int add_subprog(struct bpf_verifier_env *env, int off)
{
	int insn_cnt = env->prog->len;
	int ret;

	if (off >= insn_cnt || off < 0) {
		verbose(env, "call to invalid destination\n");
		return -EINVAL;
	}
	ret = find_subprog(env, off);
	if (ret >= 0)
		return 0;
	if (env->subprog_cnt >= BPF_MAX_SUBPROGS) {
		verbose(env, "too many subprograms\n");
		return -E2BIG;
	}
	env->subprog_info[env->subprog_cnt++].start = off;
	qsort(env->subprog_info, env->subprog_cnt,
	      sizeof(env->subprog_info[0]), cmp_subprogs);
	return 0;
}

/* The target of a jump: pc + off + 1, or pc + imm + 1 for `gotol`. */
static int jmp_target(const struct bpf_insn *insn, int i)
{
	if (insn->code == (BPF_JMP32 | BPF_JA))
		return i + insn->imm + 1;
	return i + insn->off + 1;
}

int check_subprogs(struct bpf_verifier_env *env)
{
	int i, ret, subprog_start, subprog_end, off, cur_subprog = 0;
	struct bpf_subprog_info *subprog = env->subprog_info;
	struct bpf_insn *insn = env->prog->insnsi;
	int insn_cnt = env->prog->len;

	/* Add entry function. */
	ret = add_subprog(env, 0);
	if (ret < 0)
		return ret;

	/* determine subprog starts. The end is one before the next starts */
	for (i = 0; i < insn_cnt; i++) {
		if (insn[i].code != (BPF_JMP | BPF_CALL))
			continue;
		if (insn[i].src_reg != BPF_PSEUDO_CALL)
			continue;
		if (!env->bpf_capable) {
			verbose(env,
				"function calls to other bpf functions are allowed for CAP_BPF and CAP_SYS_ADMIN\n");
			return -EPERM;
		}
		ret = add_subprog(env, i + insn[i].imm + 1);
		if (ret < 0)
			return ret;
	}

	/* Add a fake 'exit' subprog which could simplify subprog iteration
	 * logic. 'subprog_cnt' should not be increased.
	 */
	subprog[env->subprog_cnt].start = insn_cnt;

	if (env->log.level & BPF_LOG_LEVEL2)
		for (i = 0; i < (int)env->subprog_cnt; i++)
			verbose(env, "func#%d @%d\n", i, subprog[i].start);

	/* now check that all jumps are within the same subprog */
	subprog_start = subprog[cur_subprog].start;
	subprog_end = subprog[cur_subprog + 1].start;
	for (i = 0; i < insn_cnt; i++) {
		u8 code = insn[i].code;

		if (BPF_CLASS(code) != BPF_JMP && BPF_CLASS(code) != BPF_JMP32)
			goto next;
		if (BPF_OP(code) == BPF_EXIT || BPF_OP(code) == BPF_CALL)
			goto next;
		off = jmp_target(&insn[i], i);
		if (off < subprog_start || off >= subprog_end) {
			verbose(env, "jump out of range from insn %d to %d\n", i, off);
			return -EINVAL;
		}
next:
		if (i == subprog_end - 1) {
			/* to avoid fall-through from one subprog into another
			 * the last insn of the subprog should be either exit
			 * or unconditional jump back
			 */
			if (code != (BPF_JMP | BPF_EXIT) &&
			    code != (BPF_JMP | BPF_JA) &&
			    code != (BPF_JMP32 | BPF_JA)) {
				verbose(env, "last insn is not an exit or jmp\n");
				return -EINVAL;
			}
			subprog_start = subprog_end;
			cur_subprog++;
			if (cur_subprog < (int)env->subprog_cnt)
				subprog_end = subprog[cur_subprog + 1].start;
		}
	}
	return 0;
}
