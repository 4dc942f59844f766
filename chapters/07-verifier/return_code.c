// SPDX-License-Identifier: GPL-2.0
/*
 * What a program may answer: R0 at the main program's exit.
 *
 * Mirrors kernel/bpf/verifier.c: check_return_code(), Linux v5.8; written
 * afresh. This strong definition replaces chapter 03's __weak one, which
 * accepts anything.
 *
 * Most program types may return any number: the kernel reads what it
 * needs (a socket filter's length, tc's action, XDP's action, checked at
 * run time). The cgroup types may not: their answer is a verdict, 1 to let
 * the packet through, 0 to drop it, and the verifier proves at load time
 * that every path ends with one. An egress cgroup_skb program may also say
 * "congestion" (bit 1, Linux 5.3): 0 .. 3, and a program that can answer 2
 * or 3 may only be attached at egress (enforce_expected_attach_type).
 *
 * A cgroup_sock_addr program's verdict lets the system call go on (1) or
 * fails it with -EPERM (0); the hooks that only report an address
 * (recvmsg, getpeername, getsockname) must answer 1, and a bind hook may
 * add bit 1 (Linux 5.11: 0 .. 3).
 *
 * Of the cgroup types, this book builds cgroup_skb and cgroup_sock_addr.
 */
#include "verifier.h"

int check_return_code(struct bpf_verifier_env *env)
{
	struct tnum enforce_attach_type_range = tnum_unknown;
	struct bpf_prog *prog = env->prog;
	struct bpf_reg_state *reg;
	struct tnum range = tnum_range(0, 1);
	char tn_buf[48];

	switch (prog->type) {
	case BPF_PROG_TYPE_CGROUP_SKB:
		if (prog->expected_attach_type == BPF_CGROUP_INET_EGRESS) {
			range = tnum_range(0, 3);
			enforce_attach_type_range = tnum_range(2, 3);
		}
		break;
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		/* a hook that only reports an address cannot refuse it */
		if (prog->expected_attach_type == BPF_CGROUP_UDP4_RECVMSG ||
		    prog->expected_attach_type == BPF_CGROUP_UDP6_RECVMSG ||
		    prog->expected_attach_type == BPF_CGROUP_INET4_GETPEERNAME ||
		    prog->expected_attach_type == BPF_CGROUP_INET6_GETPEERNAME ||
		    prog->expected_attach_type == BPF_CGROUP_INET4_GETSOCKNAME ||
		    prog->expected_attach_type == BPF_CGROUP_INET6_GETSOCKNAME)
			range = tnum_range(1, 1);
		/* Linux 5.11: bit 1 of a bind hook's verdict lets the socket
		 * bind a port below 1024 without CAP_NET_BIND_SERVICE
		 */
		if (prog->expected_attach_type == BPF_CGROUP_INET4_BIND ||
		    prog->expected_attach_type == BPF_CGROUP_INET6_BIND)
			range = tnum_range(0, 3);
		break;
	default:
		return 0;
	}

	reg = cur_regs(env) + BPF_REG_0;
	if (reg->type != SCALAR_VALUE) {
		verbose(env, "At program exit the register R0 is not a known value (%s)\n",
			reg_type_str[reg->type]);
		return -EINVAL;
	}

	/* a tnum, as v5.8 has it: 0 .. 3 is exactly (0x0; 0x3) */
	if (!tnum_in(range, reg->var_off)) {
		verbose(env, "At program exit the register R0 ");
		if (!tnum_is_unknown(reg->var_off)) {
			tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
			verbose(env, "has value %s", tn_buf);
		} else {
			verbose(env, "has unknown scalar value");
		}
		tnum_strn(tn_buf, sizeof(tn_buf), range);
		verbose(env, " should have been in %s\n", tn_buf);
		return -EINVAL;
	}

	if (!tnum_is_unknown(enforce_attach_type_range) &&
	    tnum_in(enforce_attach_type_range, reg->var_off))
		prog->enforce_expected_attach_type = 1;
	return 0;
}
