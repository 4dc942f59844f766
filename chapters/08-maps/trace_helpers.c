// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers of tracing programs (kprobe, tracepoint, raw_tracepoint):
 * reading memory the program does not own, and bpf_tracing_func_proto(),
 * their list.
 *
 * Mirrors kernel/trace/bpf_trace.c: bpf_probe_read_user(),
 * bpf_probe_read_user_str(), bpf_probe_read_kernel(),
 * bpf_probe_read_kernel_str(), bpf_probe_read_compat(),
 * bpf_probe_read_compat_str() and their protos, bpf_tracing_func_proto(),
 * Linux v5.8, and bpf_get_attach_cookie_trace(), Linux 5.15; written
 * afresh. Other helpers of later kernels have ids past v5.8's last: the
 * verifier calls them invalid.
 *
 * A tracing program follows pointers into whatever the traced code uses,
 * and may be wrong about them: a probe read never faults, it fails with
 * -EFAULT and zeroes the destination. This process is the only address
 * space there is, so "user" and "kernel" memory are the same here: both
 * go through the ground's fault-safe copy_from_user() (code/lib/uaccess.c:
 * a fault in the copy resumes at its fix-up), which answers -EFAULT for an
 * unmapped address.
 */
#include "maps.h"
#include "linux/bpf_verifier.h"
#include "linux/uaccess.h"

static int bpf_probe_read_common(void *dst, u32 size, const void *unsafe_ptr)
{
	/* copy_from_user_nofault(): on a fault it has zeroed dst */
	if (copy_from_user(dst, unsafe_ptr, size))
		return -EFAULT;
	return 0;
}

/*
 * strncpy_from_user_nofault(): the bytes up to and with the NUL, and that
 * count; a string of size bytes or more is cut and ends in a NUL at
 * dst[size - 1]. Nothing past the NUL is copied: two equal strings make
 * equal map keys.
 */
static int bpf_probe_read_str_common(void *dst, u32 size, const void *unsafe_ptr)
{
	long ret;

	if (unlikely(size == 0))
		return 0;
	ret = strncpy_from_user(dst, unsafe_ptr, size);
	if (unlikely(ret < 0)) {
		memset(dst, 0, size);
		return ret;
	}
	if (ret >= size) {
		ret = size;
		((char *)dst)[ret - 1] = '\0';
	} else {
		ret++;
	}
	return ret;
}

static u64 bpf_probe_read_user(u64 dst, u64 size, u64 unsafe_ptr, u64 r4, u64 r5)
{
	(void)r4; (void)r5;
	return bpf_probe_read_common((void *)(unsigned long)dst, size,
				     (const void *)(unsigned long)unsafe_ptr);
}

static u64 bpf_probe_read_user_str(u64 dst, u64 size, u64 unsafe_ptr, u64 r4, u64 r5)
{
	(void)r4; (void)r5;
	return bpf_probe_read_str_common((void *)(unsigned long)dst, size,
					 (const void *)(unsigned long)unsafe_ptr);
}

#define PROBE_READ_PROTO(name, fn)				\
const struct bpf_func_proto name = {				\
	.func		= fn,					\
	.gpl_only	= true,					\
	.ret_type	= RET_INTEGER,				\
	.arg1_type	= ARG_PTR_TO_UNINIT_MEM,		\
	.arg2_type	= ARG_CONST_SIZE_OR_ZERO,		\
	.arg3_type	= ARG_ANYTHING,				\
}

/* The same reads under all six names (kernel and user, and the legacy
 * bpf_probe_read() that means either on x86).
 */
PROBE_READ_PROTO(bpf_probe_read_user_proto, bpf_probe_read_user);
PROBE_READ_PROTO(bpf_probe_read_user_str_proto, bpf_probe_read_user_str);
PROBE_READ_PROTO(bpf_probe_read_kernel_proto, bpf_probe_read_user);
PROBE_READ_PROTO(bpf_probe_read_kernel_str_proto, bpf_probe_read_user_str);
PROBE_READ_PROTO(bpf_probe_read_compat_proto, bpf_probe_read_user);
PROBE_READ_PROTO(bpf_probe_read_compat_str_proto, bpf_probe_read_user_str);

/*
 * Linux 5.15: the cookie the program was attached with, a value the
 * attaching process chose (one program, many probes, told apart). The
 * kernel reads it from the run's context (current->bpf_ctx); the runs
 * here attach nothing, and their cookie is 0 unless the runner sets it.
 */
u64 bpf_trace_run_cookie;

static u64 bpf_get_attach_cookie_trace(u64 ctx, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)ctx; (void)r2; (void)r3; (void)r4; (void)r5;
	return bpf_trace_run_cookie;
}

const struct bpf_func_proto bpf_get_attach_cookie_proto_trace = {
	.func		= bpf_get_attach_cookie_trace,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

/* The helpers only some of the tracing types have. */
static const struct bpf_func_proto *type_func_proto(int func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_get_stackid:
		return &bpf_get_stackid_proto;
	case BPF_FUNC_get_stack:
		return &bpf_get_stack_proto;
	case BPF_FUNC_get_attach_cookie:
		/* kprobe_prog_func_proto(), tp_prog_func_proto(); not raw_tp */
		if (prog && (prog->type == BPF_PROG_TYPE_KPROBE ||
			     prog->type == BPF_PROG_TYPE_TRACEPOINT))
			return &bpf_get_attach_cookie_proto_trace;
		return NULL;
	default:
		return NULL;
	}
}

/*
 * What kprobe, tracepoint and raw_tracepoint programs may call (v5.8).
 * bpf_perf_event_output and the stack helpers are the types' own in the
 * kernel (kprobe_prog_func_proto() and the others), with the same function
 * for all three here (raw_tracepoint's take their context differently in
 * the kernel; here no helper reads it). Not built: the signal,
 * perf-counter and user-memory-writing helpers.
 */
const struct bpf_func_proto *bpf_tracing_func_proto(enum bpf_func_id func_id,
						    const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_map_lookup_elem:
		return &bpf_map_lookup_elem_proto;
	case BPF_FUNC_map_update_elem:
		return &bpf_map_update_elem_proto;
	case BPF_FUNC_map_delete_elem:
		return &bpf_map_delete_elem_proto;
	case BPF_FUNC_ktime_get_ns:
		return &bpf_ktime_get_ns_proto;
	case BPF_FUNC_tail_call:
		return &bpf_tail_call_proto;
	case BPF_FUNC_get_current_pid_tgid:
		return &bpf_get_current_pid_tgid_proto;
	case BPF_FUNC_get_current_uid_gid:
		return &bpf_get_current_uid_gid_proto;
	case BPF_FUNC_get_current_comm:
		return &bpf_get_current_comm_proto;
	case BPF_FUNC_trace_printk:
		return &bpf_trace_printk_proto;
	case BPF_FUNC_get_smp_processor_id:
		return &bpf_get_smp_processor_id_proto;
	case BPF_FUNC_get_prandom_u32:
		return &bpf_get_prandom_u32_proto;
	case BPF_FUNC_probe_read_user:
		return &bpf_probe_read_user_proto;
	case BPF_FUNC_probe_read_kernel:
		return &bpf_probe_read_kernel_proto;
	case BPF_FUNC_probe_read_user_str:
		return &bpf_probe_read_user_str_proto;
	case BPF_FUNC_probe_read_kernel_str:
		return &bpf_probe_read_kernel_str_proto;
	case BPF_FUNC_probe_read:
		return &bpf_probe_read_compat_proto;
	case BPF_FUNC_probe_read_str:
		return &bpf_probe_read_compat_str_proto;
	case BPF_FUNC_perf_event_output:
		return &bpf_perf_event_output_proto;
	case BPF_FUNC_ringbuf_output:
		return &bpf_ringbuf_output_proto;
	case BPF_FUNC_ringbuf_reserve:
		return &bpf_ringbuf_reserve_proto;
	case BPF_FUNC_ringbuf_submit:
		return &bpf_ringbuf_submit_proto;
	case BPF_FUNC_ringbuf_discard:
		return &bpf_ringbuf_discard_proto;
	case BPF_FUNC_ringbuf_query:
		return &bpf_ringbuf_query_proto;
	case BPF_FUNC_get_numa_node_id:
		return &bpf_get_numa_node_id_proto;
	case BPF_FUNC_get_current_task:
		return &bpf_get_current_task_proto;
	case BPF_FUNC_get_current_cgroup_id:
		return &bpf_get_current_cgroup_id_proto;
	case BPF_FUNC_get_ns_current_pid_tgid:
		return &bpf_get_ns_current_pid_tgid_proto;
	case BPF_FUNC_ktime_get_boot_ns:
		return &bpf_ktime_get_boot_ns_proto;
	case BPF_FUNC_jiffies64:
		return &bpf_jiffies64_proto;
	default:
		return type_func_proto(func_id, prog);
	}
}
