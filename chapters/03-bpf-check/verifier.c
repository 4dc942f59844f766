// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: bpf_verifier_ops[], print_verification_stats()
 * and bpf_check(), Linux v5.8; written afresh.
 *
 * bpf_check() is the verifier's entry point and its contract with the JIT.
 * It returns 0 only for a program every path of which is safe, and in that
 * case it also hands over what the JIT needs to know: the stack depth of
 * every function, and a program rewritten so that nothing left in it needs
 * a run-time check (division guards, helper addresses, no dead code).
 *
 * Order of the passes (v5.8):
 *   replace_map_fd_with_map_ptr  opcodes, reserved fields, ld_imm64 pairs, tag
 *   check_subprogs               function boundaries, jumps stay inside
 *   check_cfg                    every insn reachable, loops only if privileged
 *   do_check_main                the walk over every path
 *   check_max_stack_depth        frames along call chains within 512 bytes
 *   dead code                    removed (privileged) or trapped (unprivileged)
 *   fixup_bpf_calls              division guards, helper addresses
 *   fixup_call_args              bpf-to-bpf calls for the JIT or interpreter
 *
 * and convert_ctx_accesses() (context fields to the kernel's structures:
 * a placeholder here, the real pass in chapter 07). v5.8 also runs
 * opt_subreg_zext_lo32_rnd_hi32(), not written here. Its zero-extension half
 * serves JITs that ask for it, and x86-64's bpf_jit_needs_zext() is false.
 * Its other half does act on x86-64, but only under the test flag
 * BPF_F_TEST_RND_HI32: it writes random bits into the upper half of every
 * 32-bit result the program never reads as 64 bits, so that a test run
 * catches any mistake in the analysis that decided those bits are unread.
 * That analysis (zext_dst, from register liveness) comes with chapter 07;
 * the pass is not written, so the flag is accepted and the program loads
 * unchanged.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "linux/capability.h"
#include "disasm.h"		/* func_id_name() */

extern const struct bpf_verifier_ops kprobe_verifier_ops;
extern const struct bpf_verifier_ops raw_tracepoint_verifier_ops;
extern const struct bpf_verifier_ops tracepoint_verifier_ops;
extern const struct bpf_verifier_ops cg_skb_verifier_ops;
extern const struct bpf_verifier_ops sk_filter_verifier_ops;
extern const struct bpf_verifier_ops tc_cls_act_verifier_ops;
extern const struct bpf_verifier_ops xdp_verifier_ops;
extern const struct bpf_verifier_ops cg_sock_addr_verifier_ops;
extern const struct bpf_verifier_ops flow_dissector_verifier_ops;

/* kernel/bpf/verifier.c: built from include/linux/bpf_types.h */
const struct bpf_verifier_ops *const bpf_verifier_ops[] = {
	[BPF_PROG_TYPE_SOCKET_FILTER]	= &sk_filter_verifier_ops,
	[BPF_PROG_TYPE_KPROBE]		= &kprobe_verifier_ops,
	[BPF_PROG_TYPE_SCHED_CLS]	= &tc_cls_act_verifier_ops,
	[BPF_PROG_TYPE_SCHED_ACT]	= &tc_cls_act_verifier_ops,
	[BPF_PROG_TYPE_TRACEPOINT]	= &tracepoint_verifier_ops,
	[BPF_PROG_TYPE_XDP]		= &xdp_verifier_ops,
	[BPF_PROG_TYPE_CGROUP_SKB]	= &cg_skb_verifier_ops,
	[BPF_PROG_TYPE_RAW_TRACEPOINT]	= &raw_tracepoint_verifier_ops,
	[BPF_PROG_TYPE_CGROUP_SOCK_ADDR] = &cg_sock_addr_verifier_ops,
	[BPF_PROG_TYPE_FLOW_DISSECTOR]	= &flow_dissector_verifier_ops,
};
const unsigned int bpf_verifier_ops_cnt = ARRAY_SIZE(bpf_verifier_ops);

static u64 ktime_get_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/*
 * v5.8 rewrites every context access here into accesses of the kernel's
 * own structure (struct __sk_buff fields into struct sk_buff's). The
 * contexts of this chapter's program types are the structures themselves,
 * so there is nothing to rewrite; chapter 07, which adds the packet types,
 * defines the real pass.
 */
__weak int convert_ctx_accesses(struct bpf_verifier_env *env)
{
	(void)env;
	return 0;
}

/* The maps the program named are held until it is freed; if it is not
 * accepted, they are let go here.
 */
static void release_maps(struct bpf_verifier_env *env)
{
	__bpf_free_used_maps(env->prog->aux, env->used_maps, env->used_map_cnt);
}

/* Every ld_imm64 loses its pseudo source: the map's address is in imm
 * by now, and the interpreter and the JIT load it as any other constant.
 */
static void convert_pseudo_ld_imm64(struct bpf_verifier_env *env)
{
	u32 i;

	for (i = 0; i < env->prog->len; i++)
		if (env->prog->insnsi[i].code == (BPF_LD | BPF_IMM | BPF_DW))
			env->prog->insnsi[i].src_reg = 0;
}

static void print_verification_stats(struct bpf_verifier_env *env)
{
	u32 i;

	if (env->log.level & BPF_LOG_STATS) {
		verbose(env, "verification time %lld usec\n",
			(long long)(env->verification_time / 1000));
		/* one depth per function, joined by '+': "stack depth 8+16" */
		verbose(env, "stack depth ");
		for (i = 0; i < env->subprog_cnt; i++)
			verbose(env, "%s%d", i ? "+" : "",
				(int)env->subprog_info[i].stack_depth);
		verbose(env, "\n");
	}
	/* the last line of every log, level 1 included */
	verbose(env,
		"processed %d insns (limit %d) max_states_per_insn %d total_states %d peak_states %d mark_read %d\n",
		env->insn_processed, BPF_COMPLEXITY_LIMIT_INSNS, env->max_states_per_insn,
		env->total_states, env->peak_states, env->longest_mark_read_walk);
}

/*
 * Ours: the checks a BPF_F_UNVERIFIED program still gets. The walk is
 * skipped, so the per-instruction checks it would have made on the way
 * (reserved fields, register numbers, r10 never written, helpers that
 * exist and may be called) are made here on every instruction: the
 * interpreter and the JIT index arrays with these fields, so they must hold
 * whatever the program does. Two walk checks are not made, because RFC 9669
 * defines what the instructions do: a constant shift count is masked (63 or
 * 31, as the interpreter and x86's shifts do), and a division by a constant
 * 0 is rewritten by fixup_bpf_calls() into its defined result.
 */
static int check_structure_unverified(struct bpf_verifier_env *env)
{
	struct bpf_insn *insn = env->prog->insnsi;
	int i, insn_cnt = env->prog->len, err;

	for (i = 0; i < insn_cnt; i++, insn++) {
		u8 class = BPF_CLASS(insn->code);
		bool writes_dst = class == BPF_ALU || class == BPF_ALU64 ||
				  class == BPF_LDX || class == BPF_LD;

		if (insn->code == (BPF_JMP | BPF_CALL | BPF_X)) {
			/* callx: the helper id is in dst_reg, nothing else */
			if (insn->src_reg || insn->off || insn->imm ||
			    insn->dst_reg >= MAX_BPF_REG) {
				verbose(env, "BPF_CALL uses reserved fields\n");
				return -EINVAL;
			}
			continue;
		}
		err = check_reserved_fields(env, insn);
		if (err)
			return err;
		if (insn->dst_reg >= MAX_BPF_REG || insn->src_reg >= MAX_BPF_REG) {
			verbose(env, "R%d is invalid\n",
				insn->dst_reg >= MAX_BPF_REG ? insn->dst_reg : insn->src_reg);
			return -EINVAL;
		}
		if (writes_dst && insn->dst_reg == BPF_REG_FP) {
			verbose(env, "frame pointer is read only\n");
			return -EACCES;
		}
		if (class == BPF_STX && BPF_MODE(insn->code) == BPF_ATOMIC &&
		    (insn->imm & BPF_FETCH) && insn->src_reg == BPF_REG_FP) {
			verbose(env, "frame pointer is read only\n");
			return -EACCES;
		}
		if (insn->code == (BPF_JMP | BPF_TAIL_CALL)) {
			verbose(env, "invalid BPF_JMP/JMP32 opcode %x\n", BPF_OP(insn->code));
			return -EINVAL;
		}
		if (insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg != BPF_PSEUDO_CALL) {
			const struct bpf_func_proto *fn = get_helper_proto(env, insn->imm);

			if (!fn) {
				verbose(env, "unknown func %s#%d\n",
					func_id_name(insn->imm), insn->imm);
				return -EINVAL;
			}
			if (!env->prog->gpl_compatible && fn->gpl_only) {
				verbose(env, "cannot call GPL-restricted function from non-GPL compatible program\n");
				return -EINVAL;
			}
		}
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			insn++;
			i++;
		}
	}
	return 0;
}

/*
 * A BPF_F_UNVERIFIED program passed the structural checks: nothing is known
 * of its stack use, so every function gets the whole stack.
 */
static int admit_unverified(struct bpf_verifier_env *env)
{
	int err = check_structure_unverified(env);
	u32 i;

	if (err < 0)
		return err;
	for (i = 0; i < env->subprog_cnt; i++)
		env->subprog_info[i].stack_depth = MAX_BPF_STACK;
	env->prog->aux->stack_depth = MAX_BPF_STACK;
	verbose(env, "BPF_F_UNVERIFIED: structural checks only, the program was not verified\n");
	return err;
}

/*
 * The passes that decide, in v5.8's order: the program as text, then the
 * walk over every path, then the frames of its call chains. The first
 * error ends them.
 */
static int check_program(struct bpf_verifier_env *env)
{
	int err;

	err = replace_map_fd_with_map_ptr(env);
	if (err < 0)
		return err;
	err = check_subprogs(env);
	if (err < 0)
		return err;
	err = check_cfg(env);
	if (err < 0)
		return err;
	if (env->unverified)
		return admit_unverified(env);

	err = do_check_main(env);
	if (err)
		return err;
	env->prog->aux->stack_depth = env->subprog_info[0].stack_depth;
	return check_max_stack_depth(env);
}

/*
 * The passes that rewrite an accepted program for whoever runs it. An
 * unverified program has no walk behind it: no code is known dead and no
 * context access was checked, so only the fixups apply.
 */
static int rewrite_program(struct bpf_verifier_env *env, bool is_priv)
{
	int err = 0;

	if (!env->unverified) {
		if (is_priv) {
			opt_hard_wire_dead_code_branches(env);
			err = opt_remove_dead_code(env);
			if (!err)
				err = opt_remove_nops(env);
		} else {
			sanitize_dead_code(env);
		}
		if (!err)
			err = convert_ctx_accesses(env);
	}
	if (!err)
		err = fixup_bpf_calls(env);
	/* opt_subreg_zext_lo32_rnd_hi32(): not written (see above). */
	if (!err)
		err = fixup_call_args(env);
	return err;
}

/*
 * The environment lives for one load: it is large, and the kernel
 * allocates it per call rather than keep one around. Every instruction gets
 * an aux entry that remembers where it stood before any rewrite.
 */
static struct bpf_verifier_env *alloc_env(struct bpf_prog *prog)
{
	struct bpf_verifier_env *env = calloc(1, sizeof(*env));
	u32 i;

	if (!env)
		return NULL;
	/* calloc(0) may return NULL: ask for one entry at least */
	env->insn_aux_data = calloc(prog->len ? prog->len : 1,
				    sizeof(*env->insn_aux_data));
	if (!env->insn_aux_data) {
		free(env);
		return NULL;
	}
	for (i = 0; i < prog->len; i++)
		env->insn_aux_data[i].orig_idx = i;
	env->prog = prog;
	return env;
}

/* The log the caller asked for; all three fields zero means none. */
static int setup_log(struct bpf_verifier_log *log, const union bpf_attr *attr)
{
	int err = bpf_vlog_attr_valid(attr->log_level, attr->log_buf,
				      attr->log_size);

	if (err)
		return err;
	log->level = attr->log_level;
	log->ubuf = (char __user *)(unsigned long)attr->log_buf;
	log->len_total = attr->log_size;
	return 0;
}

/*
 * An accepted program holds the maps it names: their list goes into its
 * aux, where bpf_prog_info shows it and the program's release lets them
 * go, and each ld_imm64 that named a map by fd becomes a plain constant,
 * the map's address.
 */
static int keep_used_maps(struct bpf_verifier_env *env)
{
	size_t size = env->used_map_cnt * sizeof(env->used_maps[0]);
	struct bpf_prog_aux *aux = env->prog->aux;

	aux->used_maps = malloc(size);
	if (!aux->used_maps)
		return -ENOMEM;
	memcpy(aux->used_maps, env->used_maps, size);
	aux->used_map_cnt = env->used_map_cnt;
	convert_pseudo_ld_imm64(env);
	return 0;
}

int bpf_check(struct bpf_prog **prog, union bpf_attr *attr,
	      union bpf_attr __user *uattr)
{
	u64 start_time = ktime_get_ns();
	struct bpf_verifier_env *env;
	bool is_priv;
	int ret;

	(void)uattr;
	if (ARRAY_SIZE(bpf_verifier_ops) == 0)	/* no program type, no program */
		return -EINVAL;
	env = alloc_env(*prog);
	if (!env)
		return -ENOMEM;
	if ((unsigned int)env->prog->type >= bpf_verifier_ops_cnt ||
	    !bpf_verifier_ops[env->prog->type]) {
		ret = -EINVAL;
		goto out_free;
	}
	env->ops = bpf_verifier_ops[env->prog->type];
	is_priv = bpf_capable();
	/*
	 * Here the kernel takes bpf_verifier_lock for an unprivileged load;
	 * this project is single-threaded.
	 */
	ret = setup_log(&env->log, attr);
	if (ret)
		goto out_free;

	/* x86-64 has efficient unaligned access: strict only on request */
	env->strict_alignment = (attr->prog_flags & BPF_F_STRICT_ALIGNMENT) &&
				!(attr->prog_flags & BPF_F_ANY_ALIGNMENT);
	env->allow_ptr_leaks = perfmon_capable();	/* bpf_allow_ptr_leaks() */
	env->bpf_capable = bpf_capable();
	env->unverified = !!(attr->prog_flags & BPF_F_UNVERIFIED);
	env->prog->aux->unverified = env->unverified;
	if (is_priv)
		env->test_state_freq = attr->prog_flags & BPF_F_TEST_STATE_FREQ;

	ret = check_program(env);
	if (ret == 0)
		ret = rewrite_program(env, is_priv);

	env->verification_time = ktime_get_ns() - start_time;
	print_verification_stats(env);
	/* a log cut short is an error of its own, whatever the verdict */
	if (env->log.level && bpf_verifier_log_full(&env->log))
		ret = -ENOSPC;
	if (env->log.level && !env->log.ubuf)
		ret = -EFAULT;
	if (ret == 0 && env->used_map_cnt)
		ret = keep_used_maps(env);
	if (!env->prog->aux->used_maps)
		release_maps(env);
	*prog = env->prog;	/* the rewrites may have moved it */
out_free:
	free(env->insn_aux_data);
	free(env);
	return ret;
}
