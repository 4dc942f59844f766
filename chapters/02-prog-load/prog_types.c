// SPDX-License-Identifier: GPL-2.0
/*
 * The program types this project builds, and what each can do.
 *
 * Mirrors kernel/bpf/syscall.c: bpf_prog_types[] (generated from
 * include/linux/bpf_types.h) and the test_run members of the
 * *_prog_ops in net/core/filter.c and kernel/trace/bpf_trace.c, Linux v5.8;
 * written afresh.
 *
 * The kernel's table holds a pointer per type to its struct bpf_prog_ops,
 * and NULL for a type the kernel was built without; loading such a type
 * fails with -EINVAL. Ours is the same table with a name beside the ops, and
 * NULL for the types this project does not model.
 */
#include "linux/bpf.h"
#include "linux/bpf_test_run.h"

/*
 * The runners chapter 04 builds. Until then a program can be loaded but
 * not test-run: -ENOTSUPP, the kernel's answer for a type whose ops have no
 * test_run.
 */
__weak int bpf_prog_test_run_skb(struct bpf_prog *prog, const union bpf_attr *kattr,
				 union bpf_attr __user *uattr)
{
	(void)prog; (void)kattr; (void)uattr;
	return -ENOTSUPP;
}

__weak int bpf_prog_test_run_xdp(struct bpf_prog *prog, const union bpf_attr *kattr,
				 union bpf_attr __user *uattr)
{
	(void)prog; (void)kattr; (void)uattr;
	return -ENOTSUPP;
}

__weak int bpf_prog_test_run_raw_tp(struct bpf_prog *prog, const union bpf_attr *kattr,
				    union bpf_attr __user *uattr)
{
	(void)prog; (void)kattr; (void)uattr;
	return -ENOTSUPP;
}

__weak int bpf_prog_test_run_flow_dissector(struct bpf_prog *prog, const union bpf_attr *kattr,
					    union bpf_attr __user *uattr)
{
	(void)prog; (void)kattr; (void)uattr;
	return -ENOTSUPP;
}

/* net/core/filter.c: sk_filter_prog_ops, tc_cls_act_prog_ops, xdp_prog_ops */
static const struct bpf_prog_ops sk_filter_prog_ops = {
	.test_run	= bpf_prog_test_run_skb,
};

static const struct bpf_prog_ops tc_cls_act_prog_ops = {
	.test_run	= bpf_prog_test_run_skb,
};

static const struct bpf_prog_ops xdp_prog_ops = {
	.test_run	= bpf_prog_test_run_xdp,
};

/* kernel/trace/bpf_trace.c: a kprobe program cannot be test-run (there is
 * no probe to fire); a raw tracepoint program can since Linux 5.10.
 */
static const struct bpf_prog_ops kprobe_prog_ops = {
};

static const struct bpf_prog_ops raw_tracepoint_prog_ops = {
	.test_run	= bpf_prog_test_run_raw_tp,
};

/* A tracepoint program has no test run either; a cgroup_skb program runs
 * on a packet as a socket filter does (net/core/filter.c: cg_skb_prog_ops).
 */
static const struct bpf_prog_ops tracepoint_prog_ops = {
};

static const struct bpf_prog_ops cg_skb_prog_ops = {
	.test_run	= bpf_prog_test_run_skb,
};

/* net/core/filter.c: flow_dissector_prog_ops */
static const struct bpf_prog_ops flow_dissector_prog_ops = {
	.test_run	= bpf_prog_test_run_flow_dissector,
};

/* net/core/filter.c: cg_sock_addr_prog_ops is empty: no test run, the
 * program runs only inside the system calls it is attached to.
 */
static const struct bpf_prog_ops cg_sock_addr_prog_ops = {
};

static const struct bpf_prog_type_info socket_filter_type = {
	.name = "socket_filter", .ops = &sk_filter_prog_ops,
};
static const struct bpf_prog_type_info kprobe_type = {
	.name = "kprobe", .ops = &kprobe_prog_ops,
};
static const struct bpf_prog_type_info sched_cls_type = {
	.name = "sched_cls", .ops = &tc_cls_act_prog_ops,
};
static const struct bpf_prog_type_info sched_act_type = {
	.name = "sched_act", .ops = &tc_cls_act_prog_ops,
};
static const struct bpf_prog_type_info xdp_type = {
	.name = "xdp", .ops = &xdp_prog_ops,
};
static const struct bpf_prog_type_info raw_tracepoint_type = {
	.name = "raw_tracepoint", .ops = &raw_tracepoint_prog_ops,
};
static const struct bpf_prog_type_info tracepoint_type = {
	.name = "tracepoint", .ops = &tracepoint_prog_ops,
};
static const struct bpf_prog_type_info cgroup_skb_type = {
	.name = "cgroup_skb", .ops = &cg_skb_prog_ops,
};
static const struct bpf_prog_type_info flow_dissector_type = {
	.name = "flow_dissector", .ops = &flow_dissector_prog_ops,
};
static const struct bpf_prog_type_info cgroup_sock_addr_type = {
	.name = "cgroup_sock_addr", .ops = &cg_sock_addr_prog_ops,
};

/* Indexed by enum bpf_prog_type; sized to cover every v5.8 type. */
const struct bpf_prog_type_info *bpf_prog_types[] = {
	[BPF_PROG_TYPE_SOCKET_FILTER]	= &socket_filter_type,
	[BPF_PROG_TYPE_KPROBE]		= &kprobe_type,
	[BPF_PROG_TYPE_SCHED_CLS]	= &sched_cls_type,
	[BPF_PROG_TYPE_SCHED_ACT]	= &sched_act_type,
	[BPF_PROG_TYPE_TRACEPOINT]	= &tracepoint_type,
	[BPF_PROG_TYPE_XDP]		= &xdp_type,
	[BPF_PROG_TYPE_CGROUP_SKB]	= &cgroup_skb_type,
	[BPF_PROG_TYPE_RAW_TRACEPOINT]	= &raw_tracepoint_type,
	[BPF_PROG_TYPE_CGROUP_SOCK_ADDR] = &cgroup_sock_addr_type,
	[BPF_PROG_TYPE_FLOW_DISSECTOR]	= &flow_dissector_type,
	[BPF_PROG_TYPE_LSM]		= NULL,
};

const unsigned int bpf_prog_types_cnt = ARRAY_SIZE(bpf_prog_types);
