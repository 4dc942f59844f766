// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 01/02, a solution: a security module for bpf().
 * Mirrors the LSM hook security_bpf() (include/linux/security.h, Linux v5.8).
 *
 * This strong definition replaces chapter 01's __weak security_bpf(), the
 * way a kernel built with an LSM replaces the empty default hook.
 */
#include "linux/bpf.h"

/* The policy: bit n set refuses command n (n in 0..63). */
u64 bpf_lsm_denied_cmds;

/* The policy: refuse BPF_PROG_LOAD of programs that skip the verifier. */
bool bpf_lsm_deny_unverified;

int security_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	(void)size;

	/* Commands outside the mask are not this policy's business: sys_bpf()
	 * refuses unknown ones itself. (A shift by a negative or too-large
	 * count would be undefined behaviour.)
	 */
	if (cmd >= 0 && cmd < 64 && (bpf_lsm_denied_cmds & (1ULL << cmd)))
		return -EPERM;

	/* The hook sees the kernel's copy of the attr, never the user's
	 * memory, so what it checks is what the command will use.
	 */
	if (cmd == BPF_PROG_LOAD && bpf_lsm_deny_unverified &&
	    (attr->prog_flags & BPF_F_UNVERIFIED))
		return -EPERM;
	return 0;
}
