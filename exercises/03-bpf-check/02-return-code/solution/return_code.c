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

int check_return_code(struct bpf_verifier_env *env)
{
	struct bpf_verifier_state *cur = env->cur_state;
	const struct bpf_reg_state *reg = &cur->frame[cur->curframe]->regs[BPF_REG_0];
	const s64 minval = XDP_ABORTED, maxval = XDP_REDIRECT;

	if (env->prog->type != BPF_PROG_TYPE_XDP)
		return 0;

	if (reg->type != SCALAR_VALUE) {
		verbose(env, "At program exit the register R0 is not a known value (%s)\n",
			reg_type_str[reg->type]);
		return -EINVAL;
	}

	/*
	 * The bounds, not the tnum: v5.8 asks tnum_in(range, var_off), and a
	 * tnum can only say "these bits are known". [0, 4] as a tnum is
	 * (0x0; 0x7), which would let 5, 6 and 7 through. Linux 6.8 moved
	 * check_return_code() to min/max ranges for the same reason.
	 */
	if (reg->smin_value >= minval && reg->smax_value <= maxval)
		return 0;

	verbose(env, "At program exit the register R0 has");
	if (reg->smin_value == S64_MIN && reg->smax_value == S64_MAX)
		verbose(env, " unknown scalar value");
	else
		verbose(env, " smin=%lld smax=%lld", (long long)reg->smin_value,
			(long long)reg->smax_value);
	verbose(env, " should have been in [%lld, %lld]\n", (long long)minval,
		(long long)maxval);
	return -EINVAL;
}
