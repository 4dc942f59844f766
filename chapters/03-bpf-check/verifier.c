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

/* convert pseudo BPF_LD_IMM64 into generic BPF_LD_IMM64: the map's
 * address is in imm now, and the interpreter and the JIT load it as any
 * other constant.
 */
static void convert_pseudo_ld_imm64(struct bpf_verifier_env *env)
{
	struct bpf_insn *insn = env->prog->insnsi;
	int insn_cnt = env->prog->len;
	int i;

	for (i = 0; i < insn_cnt; i++, insn++)
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW))
			insn->src_reg = 0;
}

static void print_verification_stats(struct bpf_verifier_env *env)
{
	u32 i;

	if (env->log.level & BPF_LOG_STATS) {
		verbose(env, "verification time %lld usec\n",
			(long long)(env->verification_time / 1000));
		verbose(env, "stack depth ");
		for (i = 0; i < env->subprog_cnt; i++) {
			u32 depth = env->subprog_info[i].stack_depth;

			verbose(env, "%d", depth);
			if (i + 1 < env->subprog_cnt)
				verbose(env, "+");
		}
		verbose(env, "\n");
	}
	verbose(env, "processed %d insns (limit %d) max_states_per_insn %d "
		"total_states %d peak_states %d mark_read %d\n",
		env->insn_processed, BPF_COMPLEXITY_LIMIT_INSNS,
		env->max_states_per_insn, env->total_states,
		env->peak_states, env->longest_mark_read_walk);
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

int bpf_check(struct bpf_prog **prog, union bpf_attr *attr,
	      union bpf_attr __user *uattr)
{
	u64 start_time = ktime_get_ns();
	struct bpf_verifier_env *env;
	struct bpf_verifier_log *log;
	int i, len, ret = -EINVAL;
	bool is_priv;

	(void)uattr;
	/* no program is valid */
	if (ARRAY_SIZE(bpf_verifier_ops) == 0)
		return -EINVAL;

	/* 'struct bpf_verifier_env' can be global, but since it's not small,
	 * allocate/free it every time bpf_check() is called
	 */
	env = calloc(1, sizeof(struct bpf_verifier_env));
	if (!env)
		return -ENOMEM;
	log = &env->log;

	len = (*prog)->len;
	env->insn_aux_data = calloc(len ? len : 1, sizeof(struct bpf_insn_aux_data));
	ret = -ENOMEM;
	if (!env->insn_aux_data)
		goto err_free_env;
	for (i = 0; i < len; i++)
		env->insn_aux_data[i].orig_idx = i;
	env->prog = *prog;
	if ((unsigned int)env->prog->type >= bpf_verifier_ops_cnt ||
	    !bpf_verifier_ops[env->prog->type]) {
		ret = -EINVAL;
		goto err_unlock;
	}
	env->ops = bpf_verifier_ops[env->prog->type];
	is_priv = bpf_capable();

	/* The kernel serializes unprivileged loads on bpf_verifier_lock;
	 * this project is single-threaded.
	 */

	ret = bpf_vlog_attr_valid(attr->log_level, attr->log_buf, attr->log_size);
	if (ret)
		goto err_unlock;
	if (attr->log_level || attr->log_buf || attr->log_size) {
		/* user requested verbose verifier output
		 * and supplied buffer to store the verification trace
		 */
		log->level = attr->log_level;
		log->ubuf = (char __user *)(unsigned long)attr->log_buf;
		log->len_total = attr->log_size;
	}

	/* x86-64 has efficient unaligned access: strict only on request */
	env->strict_alignment = !!(attr->prog_flags & BPF_F_STRICT_ALIGNMENT);
	if (attr->prog_flags & BPF_F_ANY_ALIGNMENT)
		env->strict_alignment = false;

	env->allow_ptr_leaks = perfmon_capable();	/* bpf_allow_ptr_leaks() */
	env->bpf_capable = bpf_capable();
	env->unverified = !!(attr->prog_flags & BPF_F_UNVERIFIED);
	env->prog->aux->unverified = env->unverified;

	if (is_priv)
		env->test_state_freq = attr->prog_flags & BPF_F_TEST_STATE_FREQ;

	ret = replace_map_fd_with_map_ptr(env);
	if (ret < 0)
		goto skip_full_check;

	ret = check_subprogs(env);
	if (ret < 0)
		goto skip_full_check;

	ret = check_cfg(env);
	if (ret < 0)
		goto skip_full_check;

	if (env->unverified) {
		ret = check_structure_unverified(env);
		if (ret < 0)
			goto skip_full_check;
		/* Nothing is known about its stack use: give it all. */
		for (i = 0; i < (int)env->subprog_cnt; i++)
			env->subprog_info[i].stack_depth = MAX_BPF_STACK;
		env->prog->aux->stack_depth = MAX_BPF_STACK;
		verbose(env, "BPF_F_UNVERIFIED: structural checks only, the program was not verified\n");
		goto skip_full_check;
	}

	ret = do_check_main(env);
	if (!ret)
		env->prog->aux->stack_depth = env->subprog_info[0].stack_depth;

skip_full_check:
	if (ret == 0 && !env->unverified)
		ret = check_max_stack_depth(env);

	/* instruction rewrites happen after this point */
	if (!env->unverified) {
		if (is_priv) {
			if (ret == 0)
				opt_hard_wire_dead_code_branches(env);
			if (ret == 0)
				ret = opt_remove_dead_code(env);
			if (ret == 0)
				ret = opt_remove_nops(env);
		} else {
			if (ret == 0)
				sanitize_dead_code(env);
		}
	}

	if (ret == 0 && !env->unverified)
		/* program is valid, convert *(u32*)(ctx + off) accesses */
		ret = convert_ctx_accesses(env);

	if (ret == 0)
		ret = fixup_bpf_calls(env);

	/* opt_subreg_zext_lo32_rnd_hi32(): not written (see above). */

	if (ret == 0)
		ret = fixup_call_args(env);

	env->verification_time = ktime_get_ns() - start_time;
	print_verification_stats(env);

	if (log->level && bpf_verifier_log_full(log))
		ret = -ENOSPC;
	if (log->level && !log->ubuf) {
		ret = -EFAULT;
		goto err_release_maps;
	}

	if (ret == 0 && env->used_map_cnt) {
		/* if program passed verifier, update used_maps in bpf_prog_info */
		env->prog->aux->used_maps = malloc(env->used_map_cnt *
						   sizeof(env->used_maps[0]));
		if (!env->prog->aux->used_maps) {
			ret = -ENOMEM;
			goto err_release_maps;
		}
		memcpy(env->prog->aux->used_maps, env->used_maps,
		       sizeof(env->used_maps[0]) * env->used_map_cnt);
		env->prog->aux->used_map_cnt = env->used_map_cnt;

		/* program is valid. Convert pseudo bpf_ld_imm64 into generic
		 * bpf_ld_imm64 instructions
		 */
		convert_pseudo_ld_imm64(env);
	}

err_release_maps:
	if (!env->prog->aux->used_maps)
		/* if we didn't copy map pointers into bpf_prog_info, release
		 * them now. Otherwise free_used_maps() will release them.
		 */
		release_maps(env);
	*prog = env->prog;
err_unlock:
	free(env->insn_aux_data);
err_free_env:
	free(env);
	return ret;
}
