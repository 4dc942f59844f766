// SPDX-License-Identifier: GPL-2.0
/*
 * A new refusal rule: an XDP program must end with an XDP action in R0.
 *
 * Modelled on kernel/bpf/verifier.c: check_return_code(), Linux v5.8, which
 * limits R0 at exit for the cgroup program types. Your strong definition
 * replaces the chapter's __weak one (chapters/03-bpf-check/do_check.c),
 * which accepts anything, as v5.8 does for every type but the cgroup ones
 * (chapter 07 adds cgroup_skb's rule).
 */
#include "linux/bpf_verifier.h"

/* The actions, XDP_ABORTED (0) .. XDP_REDIRECT (4): enum xdp_action in
 * include/uapi/linux/bpf.h.
 */

/*
 * Called by do_check() at every `exit` of the main program, after R0 was
 * found readable, with env->cur_state describing that path. For
 * BPF_PROG_TYPE_XDP programs (env->prog->type):
 *   - R0 not a scalar:  log "At program exit the register R0 is not a known
 *     value (%s)\n" with reg_type_str[] of its type, return -EINVAL;
 *   - R0 may be outside [XDP_ABORTED, XDP_REDIRECT]: log "At program exit
 *     the register R0 has smin=%lld smax=%lld should have been in [0, 4]\n"
 *     (or "has unknown scalar value" instead of the smin/smax part when
 *     nothing is known), return -EINVAL.
 * Every other program type: return 0.
 */
int check_return_code(struct bpf_verifier_env *env)
{
	/* TODO: look at R0 of the current frame; refuse what is not an action. */
	(void)env;
	return 0;
}
