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

/*
 * Record a function starting at @off. Several calls may land on the same
 * function: it is recorded once.
 */
static int add_subprog(struct bpf_verifier_env *env, int off)
{
	int len = env->prog->len;

	if (off < 0 || off >= len) {
		verbose(env, "call to invalid destination\n");
		return -EINVAL;
	}
	if (find_subprog(env, off) >= 0)
		return 0;
	if (env->subprog_cnt >= BPF_MAX_SUBPROGS) {
		verbose(env, "too many subprograms\n");
		return -E2BIG;
	}
	env->subprog_info[env->subprog_cnt++].start = off;
	/* find_subprog() searches by halves: keep the table in order. */
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

/* A jump that names a target: any jump but exit and call. */
static bool has_jmp_target(u8 code)
{
	u8 class = BPF_CLASS(code), op = BPF_OP(code);

	if (class != BPF_JMP && class != BPF_JMP32)
		return false;
	return op != BPF_EXIT && op != BPF_CALL;
}

/* The ways a function may end without running into the next one. */
bool ends_function(u8 code)
{
	return code == (BPF_JMP | BPF_EXIT) || code == (BPF_JMP | BPF_JA) ||
	       code == (BPF_JMP32 | BPF_JA);
}

int check_subprogs(struct bpf_verifier_env *env)
{
	struct bpf_subprog_info *info = env->subprog_info;
	struct bpf_insn *insns = env->prog->insnsi;
	int len = env->prog->len;
	int pc, func, err;

	err = add_subprog(env, 0);	/* main is function 0 */
	if (err < 0)
		return err;

	/* Every bpf-to-bpf call names the first instruction of a function. */
	for (pc = 0; pc < len; pc++) {
		if (insns[pc].code != (BPF_JMP | BPF_CALL) ||
		    insns[pc].src_reg != BPF_PSEUDO_CALL)
			continue;
		if (!env->bpf_capable) {
			verbose(env,
				"function calls to other bpf functions are allowed for CAP_BPF and CAP_SYS_ADMIN\n");
			return -EPERM;
		}
		err = add_subprog(env, pc + insns[pc].imm + 1);
		if (err < 0)
			return err;
	}

	/*
	 * A sentinel one past the last function, not counted in subprog_cnt:
	 * with it, info[f + 1].start is where function f ends, the last one
	 * included.
	 */
	info[env->subprog_cnt].start = len;

	if (env->log.level & BPF_LOG_LEVEL2)
		for (func = 0; func < (int)env->subprog_cnt; func++)
			verbose(env, "func#%d @%d\n", func, info[func].start);

	/* No jump leaves its function; no function runs into the next. */
	func = 0;
	for (pc = 0; pc < len; pc++) {
		u8 code = insns[pc].code;
		int start = info[func].start, end = info[func + 1].start;

		if (has_jmp_target(code)) {
			int target = jmp_target(&insns[pc], pc);

			if (target < start || target >= end) {
				verbose(env, "jump out of range from insn %d to %d\n",
					pc, target);
				return -EINVAL;
			}
		}
		if (pc != end - 1)
			continue;
		/* ours: a structural-only load may end on code never run (check_cfg()) */
		if (!ends_function(code) && !env->unverified) {
			verbose(env, "last insn is not an exit or jmp\n");
			return -EINVAL;
		}
		func++;
	}
	return 0;
}
