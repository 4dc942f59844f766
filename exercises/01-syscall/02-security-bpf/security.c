// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 01/02: a security module for bpf().
 * Mirrors the LSM hook security_bpf() (include/linux/security.h, Linux v5.8).
 * Grade with:  make grade EX=01/02
 */
#include "linux/bpf.h"

/* The policy: bit n set refuses command n (n in 0..63). */
u64 bpf_lsm_denied_cmds;

/* The policy: refuse BPF_PROG_LOAD of programs that skip the verifier. */
bool bpf_lsm_deny_unverified;

int security_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	/* TODO: enforce the two policies above with -EPERM. */
	(void)cmd;
	(void)attr;
	(void)size;
	return 0;
}
