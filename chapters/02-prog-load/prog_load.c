// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_LOAD: from a bpf_attr to a program object and an fd.
 *
 * Mirrors kernel/bpf/syscall.c: bpf_prog_load() and the helpers it calls
 * (is_net_admin_prog_type, is_perfmon_prog_type,
 * bpf_prog_load_fixup_attach_type, bpf_prog_load_check_attach,
 * find_prog_type, bpf_prog_alloc_id), Linux v5.8; written afresh. The
 * order of the checks is the kernel's, step for step, because the order
 * decides which error a bad attr gets (see the chapter's README).
 */
#include <time.h>

#include "linux/bpf.h"
#include "linux/capability.h"
#include "linux/idr.h"
#include "linux/license.h"
#include "linux/uaccess.h"

/* include/linux/bpf_common.h: the classic limit, still the unprivileged one. */
#define BPF_MAXINSNS	4096

/* include/linux/btf.h: type ids are 20 bits. */
#define BTF_MAX_TYPE	0x000fffff

/* x86-64 loads from any address at full speed (CONFIG_HAVE_EFFICIENT_
 * UNALIGNED_ACCESS=y), so BPF_F_ANY_ALIGNMENT needs no privilege there.
 */
static const bool have_efficient_unaligned_access = true;

/* Types that act on network traffic: CAP_NET_ADMIN (or CAP_SYS_ADMIN). */
static bool is_net_admin_prog_type(enum bpf_prog_type prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SK_MSG:
	case BPF_PROG_TYPE_LIRC_MODE2:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_SOCK_OPS:
	case BPF_PROG_TYPE_EXT: /* extends any prog */
		return true;
	case BPF_PROG_TYPE_CGROUP_SKB:
		/* always unpriv */
	case BPF_PROG_TYPE_SK_REUSEPORT:
		/* equivalent to SOCKET_FILTER. need CAP_BPF only */
	default:
		return false;
	}
}

/* Types that can read kernel memory: CAP_PERFMON (or CAP_SYS_ADMIN). */
static bool is_perfmon_prog_type(enum bpf_prog_type prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_STRUCT_OPS: /* has access to struct sock */
	case BPF_PROG_TYPE_EXT: /* extends any prog */
		return true;
	default:
		return false;
	}
}

/* Old loaders of CGROUP_SOCK programs predate expected_attach_type. */
static void bpf_prog_load_fixup_attach_type(union bpf_attr *attr)
{
	switch (attr->prog_type) {
	case BPF_PROG_TYPE_CGROUP_SOCK:
		/* Unfortunately BPF_ATTACH_TYPE_UNSPEC enumeration doesn't
		 * exist so checking for non-zero is the way to go here.
		 */
		if (!attr->expected_attach_type)
			attr->expected_attach_type =
				BPF_CGROUP_INET_SOCK_CREATE;
		break;
	}
}

static int bpf_prog_load_check_attach(enum bpf_prog_type prog_type,
				      enum bpf_attach_type expected_attach_type,
				      u32 btf_id, u32 prog_fd)
{
	if (btf_id) {
		if (btf_id > BTF_MAX_TYPE)
			return -EINVAL;

		switch (prog_type) {
		case BPF_PROG_TYPE_TRACING:
		case BPF_PROG_TYPE_LSM:
		case BPF_PROG_TYPE_STRUCT_OPS:
		case BPF_PROG_TYPE_EXT:
			break;
		default:
			return -EINVAL;
		}
	}

	if (prog_fd && prog_type != BPF_PROG_TYPE_TRACING &&
	    prog_type != BPF_PROG_TYPE_EXT)
		return -EINVAL;

	switch (prog_type) {
	case BPF_PROG_TYPE_CGROUP_SOCK:
		switch (expected_attach_type) {
		case BPF_CGROUP_INET_SOCK_CREATE:
		case BPF_CGROUP_INET4_POST_BIND:
		case BPF_CGROUP_INET6_POST_BIND:
			return 0;
		default:
			return -EINVAL;
		}
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		switch (expected_attach_type) {
		case BPF_CGROUP_INET4_BIND:
		case BPF_CGROUP_INET6_BIND:
		case BPF_CGROUP_INET4_CONNECT:
		case BPF_CGROUP_INET6_CONNECT:
		case BPF_CGROUP_INET4_GETPEERNAME:
		case BPF_CGROUP_INET6_GETPEERNAME:
		case BPF_CGROUP_INET4_GETSOCKNAME:
		case BPF_CGROUP_INET6_GETSOCKNAME:
		case BPF_CGROUP_UDP4_SENDMSG:
		case BPF_CGROUP_UDP6_SENDMSG:
		case BPF_CGROUP_UDP4_RECVMSG:
		case BPF_CGROUP_UDP6_RECVMSG:
			return 0;
		default:
			return -EINVAL;
		}
	case BPF_PROG_TYPE_CGROUP_SKB:
		switch (expected_attach_type) {
		case BPF_CGROUP_INET_INGRESS:
		case BPF_CGROUP_INET_EGRESS:
			return 0;
		default:
			return -EINVAL;
		}
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		switch (expected_attach_type) {
		case BPF_CGROUP_SETSOCKOPT:
		case BPF_CGROUP_GETSOCKOPT:
			return 0;
		default:
			return -EINVAL;
		}
	case BPF_PROG_TYPE_EXT:
		if (expected_attach_type)
			return -EINVAL;
		fallthrough;
	default:
		return 0;
	}
}

/*
 * kernel/bpf/offload.c: bpf_prog_offload_init(). A non-zero prog_ifindex
 * asks to compile the program for a network card (a SmartNIC) instead of
 * the host CPU. No such device exists here; the kernel's answer when the
 * ifindex names no offload-capable device is -EINVAL.
 */
static int bpf_prog_offload_init(struct bpf_prog *prog, union bpf_attr *attr)
{
	(void)prog;
	if (attr->prog_type != BPF_PROG_TYPE_SCHED_CLS &&
	    attr->prog_type != BPF_PROG_TYPE_XDP)
		return -EINVAL;
	if (attr->prog_flags)
		return -EINVAL;
	return -EINVAL;		/* dev_get_by_index(): no such device */
}

static int find_prog_type(enum bpf_prog_type type, struct bpf_prog *prog)
{
	const struct bpf_prog_type_info *info;

	/* An unsigned compare: a "negative" type is a huge one. */
	if ((u32)type >= bpf_prog_types_cnt)
		return -EINVAL;
	info = bpf_prog_types[type];
	if (!info)
		return -EINVAL;

	prog->aux->ops = info->ops;
	prog->type = type;
	return 0;
}

/* Numbers the program: the id bpftool lists, unique while it lives. */
static int bpf_prog_alloc_id(struct bpf_prog *prog)
{
	int id;

	id = idr_alloc_cyclic(&prog_idr, prog, 1, INT_MAX, GFP_KERNEL);
	if (id > 0)
		prog->aux->id = id;

	/* id is in [1, INT_MAX) */
	if (id == 0)
		return -ENOSPC;

	return id > 0 ? 0 : id;
}

/* include/linux/timekeeping.h: ktime_get_boottime_ns(). */
static u64 ktime_get_boottime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int bpf_prog_load(union bpf_attr *attr, union bpf_attr __user *uattr)
{
	enum bpf_prog_type type = attr->prog_type;
	struct bpf_prog *prog;
	int err;
	char license[128];
	bool is_gpl;

	if (CHECK_ATTR(BPF_PROG_LOAD))
		return -EINVAL;

	if (attr->prog_flags & ~(BPF_F_STRICT_ALIGNMENT |
				 BPF_F_ANY_ALIGNMENT |
				 BPF_F_TEST_STATE_FREQ |
				 BPF_F_TEST_RND_HI32 |
				 BPF_F_UNVERIFIED))
		return -EINVAL;

	if (!have_efficient_unaligned_access &&
	    (attr->prog_flags & BPF_F_ANY_ALIGNMENT) &&
	    !bpf_capable())
		return -EPERM;

	/* Ours: skipping the verifier's walk is for the administrator only. */
	if ((attr->prog_flags & BPF_F_UNVERIFIED) && !capable(CAP_SYS_ADMIN))
		return -EPERM;

	/* copy eBPF program license from user space */
	if (strncpy_from_user(license, u64_to_user_ptr(attr->license),
			      sizeof(license) - 1) < 0)
		return -EFAULT;
	license[sizeof(license) - 1] = 0;

	/* eBPF programs must be GPL compatible to use GPL-ed functions */
	is_gpl = license_is_gpl_compatible(license);

	if (attr->insn_cnt == 0 ||
	    attr->insn_cnt > (bpf_capable() ? BPF_COMPLEXITY_LIMIT_INSNS : BPF_MAXINSNS))
		return -E2BIG;
	if (type != BPF_PROG_TYPE_SOCKET_FILTER &&
	    type != BPF_PROG_TYPE_CGROUP_SKB &&
	    !bpf_capable())
		return -EPERM;

	if (is_net_admin_prog_type(type) && !capable(CAP_NET_ADMIN) && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (is_perfmon_prog_type(type) && !perfmon_capable())
		return -EPERM;

	bpf_prog_load_fixup_attach_type(attr);
	if (bpf_prog_load_check_attach(type, attr->expected_attach_type,
				       attr->attach_btf_id,
				       attr->attach_prog_fd))
		return -EINVAL;

	/* plain bpf_prog allocation */
	prog = bpf_prog_alloc(bpf_prog_size(attr->insn_cnt), GFP_USER);
	if (!prog)
		return -ENOMEM;

	prog->expected_attach_type = attr->expected_attach_type;
	if (attr->attach_prog_fd) {
		struct bpf_prog *tgt_prog;

		/* The program a TRACING or EXT program would attach to. The
		 * kernel keeps the reference in aux->linked_prog; no type that
		 * can link is built here, so find_prog_type() below refuses
		 * the load, and the reference is dropped at once.
		 */
		tgt_prog = bpf_prog_get(attr->attach_prog_fd);
		if (IS_ERR(tgt_prog)) {
			err = PTR_ERR(tgt_prog);
			goto free_prog;
		}
		bpf_prog_put(tgt_prog);
	}

	prog->aux->offload_requested = !!attr->prog_ifindex;

	/* Here the kernel runs the LSM hook security_bpf_prog_alloc() and
	 * charges prog->pages to the user's RLIMIT_MEMLOCK (-EPERM when over).
	 */

	prog->len = attr->insn_cnt;

	err = -EFAULT;
	if (copy_from_user(prog->insns, u64_to_user_ptr(attr->insns),
			   bpf_prog_insn_size(prog)) != 0)
		goto free_prog;

	prog->orig_prog = NULL;
	prog->jited = 0;

	prog->aux->refcnt = 1;
	prog->gpl_compatible = is_gpl ? 1 : 0;

	if (prog->aux->offload_requested) {	/* bpf_prog_is_dev_bound() */
		err = bpf_prog_offload_init(prog, attr);
		if (err)
			goto free_prog;
	}

	/* find program type: socket_filter vs tracing_filter */
	err = find_prog_type(type, prog);
	if (err < 0)
		goto free_prog;

	prog->aux->load_time = ktime_get_boottime_ns();
	err = bpf_obj_name_cpy(prog->aux->name, attr->prog_name,
			       sizeof(attr->prog_name));
	if (err < 0)
		goto free_prog;

	/* run eBPF verifier */
	err = bpf_check(&prog, attr, uattr);
	if (err < 0)
		goto free_used_maps;

	prog = bpf_prog_select_runtime(prog, &err);
	if (err < 0)
		goto free_used_maps;

	err = bpf_prog_alloc_id(prog);
	if (err)
		goto free_used_maps;

	/* Here the kernel publishes the program: kallsyms, a perf
	 * PROG_LOAD event, an audit record.
	 */

	err = bpf_prog_new_fd(prog);
	if (err < 0)
		bpf_prog_put(prog);	/* drops the id, frees the program */
	return err;

free_used_maps:
	/* After bpf_check() the program may hold map references,
	 * subprograms and a JIT image; the kernel frees them through
	 * __bpf_prog_put_noref(), we through bpf_prog_free(), which knows
	 * them all. Before it, the kernel's free_prog, free_prog_sec and
	 * free_prog_nouncharge labels undo the memlock charge and the LSM
	 * blob, which we do not have: the same bpf_prog_free() is left.
	 */
free_prog:
	bpf_prog_free(prog);
	return err;
}
