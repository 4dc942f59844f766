/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BPF_PROG_TEST_RUN entry points, one per family of program types.
 *
 * Mirrors the declarations in include/linux/bpf.h (bpf_prog_test_run_skb,
 * ..._xdp, ..._raw_tp) and their definitions in net/bpf/test_run.c, Linux
 * v5.8. Chapter 02 puts them into bpf_prog_types[] as __weak placeholders
 * that answer -ENOTSUPP (the kernel's "this type has no test_run"); chapter
 * 04 defines the strong ones, which run the program.
 */
#ifndef _SHIM_LINUX_BPF_TEST_RUN_H
#define _SHIM_LINUX_BPF_TEST_RUN_H

#include "linux/bpf.h"

/* SOCKET_FILTER, SCHED_CLS (and, in the kernel, every skb-based type). */
int bpf_prog_test_run_skb(struct bpf_prog *prog, const union bpf_attr *kattr,
			  union bpf_attr __user *uattr);
/* XDP: the context is a struct xdp_md around the packet. */
int bpf_prog_test_run_xdp(struct bpf_prog *prog, const union bpf_attr *kattr,
			  union bpf_attr __user *uattr);
/* RAW_TRACEPOINT: the context is an array of u64 arguments (Linux 5.10). */
int bpf_prog_test_run_raw_tp(struct bpf_prog *prog, const union bpf_attr *kattr,
			     union bpf_attr __user *uattr);
/* FLOW_DISSECTOR: a bare Ethernet frame, the keys out. */
int bpf_prog_test_run_flow_dissector(struct bpf_prog *prog, const union bpf_attr *kattr,
				     union bpf_attr __user *uattr);

#endif /* _SHIM_LINUX_BPF_TEST_RUN_H */
