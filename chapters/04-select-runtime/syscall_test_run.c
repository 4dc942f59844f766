// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF_PROG_TEST_RUN command: find the program, hand it to its type's
 * test_run.
 *
 * Mirrors kernel/bpf/syscall.c: bpf_prog_test_run(), Linux v5.8; written
 * afresh. Replaces chapter 01's __weak placeholder.
 */
#include "linux/bpf.h"

int bpf_prog_test_run(const union bpf_attr *attr, union bpf_attr __user *uattr)
{
	struct bpf_prog *prog;
	int ret = -ENOTSUPP;

	if (CHECK_ATTR(BPF_PROG_TEST_RUN))
		return -EINVAL;

	/* A context pointer and its size come together, or not at all. */
	if ((attr->test.ctx_size_in && !attr->test.ctx_in) ||
	    (!attr->test.ctx_size_in && attr->test.ctx_in))
		return -EINVAL;

	if ((attr->test.ctx_size_out && !attr->test.ctx_out) ||
	    (!attr->test.ctx_size_out && attr->test.ctx_out))
		return -EINVAL;

	prog = bpf_prog_get(attr->test.prog_fd);
	if (IS_ERR(prog))
		return PTR_ERR(prog);

	if (prog->aux->ops->test_run)
		ret = prog->aux->ops->test_run(prog, attr, uattr);

	bpf_prog_put(prog);
	return ret;
}
