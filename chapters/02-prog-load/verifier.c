// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's place in bpf_prog_load(), before chapter 03 fills it.
 *
 * Mirrors the first steps of kernel/bpf/verifier.c: bpf_check(), Linux v5.8;
 * written afresh. This __weak placeholder does the two things of bpf_check()
 * that chapter 02's results depend on: it validates the log attributes, and
 * it computes the tag (the kernel does so in replace_map_fd_with_map_ptr(),
 * before any instruction is rewritten). Chapter 03 defines the strong
 * bpf_check(), which does the same two things and then verifies the program.
 */
#include "linux/bpf.h"
#include "linux/bpf_log.h"

__weak int bpf_check(struct bpf_prog **prog, union bpf_attr *attr,
		     union bpf_attr __user *uattr)
{
	int ret;

	(void)uattr;
	ret = bpf_vlog_attr_valid(attr->log_level, attr->log_buf, attr->log_size);
	if (ret)
		return ret;

	return bpf_prog_calc_tag(*prog);
}
