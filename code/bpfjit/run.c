// SPDX-License-Identifier: GPL-2.0
/*
 * All 64 bits of r0. BPF_PROG_TEST_RUN reports `__u32 retval` (v5.8's
 * uapi, and still today's): a program returning a 64-bit value loses its
 * upper half on the way out. Chapter 04's test run keeps the last full R0
 * it computed; the tool reads it right after the system call returns, which
 * is the one place the uapi cannot serve.
 */
#include "bpfjit.h"
#include "linux/bpf_interp.h"

int bpfjit_r0_64(const struct bpfjit_opts *o, struct bpfjit_loaded *l, u64 *retval,
		 struct bpfjit_err *e)
{
	u64 r0 = bpf_test_run_last_r0();

	/* The two must agree on the half the uapi carries. */
	if ((u32)r0 != (u32)*retval)
		return bpfjit_fail(e, EPROTO, "%s: BPF_PROG_TEST_RUN said retval 0x%x, the last run's r0 was 0x%llx",
				   o->input, (u32)*retval, (unsigned long long)r0);
	(void)l;
	*retval = r0;
	return 0;
}
