// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers every program type may call: the map operations, the tail
 * call, the current task's ids and name, and bpf_base_func_proto(), the
 * list a program type starts from.
 *
 * Mirrors kernel/bpf/helpers.c: bpf_map_lookup_elem(), bpf_map_update_elem(),
 * bpf_map_delete_elem(), bpf_get_current_pid_tgid(),
 * bpf_get_current_uid_gid(), bpf_get_current_comm() and their protos;
 * kernel/bpf/core.c: bpf_tail_call_proto; net/core/filter.c:
 * bpf_base_func_proto() (kernel/bpf/helpers.c since 5.10), Linux v5.8;
 * written afresh.
 *
 * The map helpers are one line each: the map type does the work. The
 * verifier usually calls the map type's function directly instead (and
 * inlines an array lookup altogether, fixup_map_call()), so these run only
 * for maps whose ops the program could not be bound to at load time.
 *
 * "Current" is this process: the task that runs the program is the one
 * that asked for the run (BPF_PROG_TEST_RUN), as in the kernel.
 */
#include <sys/prctl.h>
#include <unistd.h>

#include "maps.h"
#include "linux/bpf_verifier.h"
#include "linux/capability.h"

static u64 bpf_map_lookup_elem(u64 map_u, u64 key, u64 r3, u64 r4, u64 r5)
{
	struct bpf_map *map = (struct bpf_map *)(unsigned long)map_u;

	(void)r3; (void)r4; (void)r5;
	return (unsigned long)map->ops->map_lookup_elem(map, (void *)(unsigned long)key);
}

const struct bpf_func_proto bpf_map_lookup_elem_proto = {
	.func		= bpf_map_lookup_elem,
	.gpl_only	= false,
	.pkt_access	= true,
	.ret_type	= RET_PTR_TO_MAP_VALUE_OR_NULL,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_MAP_KEY,
};

static u64 bpf_map_update_elem(u64 map_u, u64 key, u64 value, u64 flags, u64 r5)
{
	struct bpf_map *map = (struct bpf_map *)(unsigned long)map_u;

	(void)r5;
	return map->ops->map_update_elem(map, (void *)(unsigned long)key,
					 (void *)(unsigned long)value, flags);
}

const struct bpf_func_proto bpf_map_update_elem_proto = {
	.func		= bpf_map_update_elem,
	.gpl_only	= false,
	.pkt_access	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_MAP_KEY,
	.arg3_type	= ARG_PTR_TO_MAP_VALUE,
	.arg4_type	= ARG_ANYTHING,
};

static u64 bpf_map_delete_elem(u64 map_u, u64 key, u64 r3, u64 r4, u64 r5)
{
	struct bpf_map *map = (struct bpf_map *)(unsigned long)map_u;

	(void)r3; (void)r4; (void)r5;
	return map->ops->map_delete_elem(map, (void *)(unsigned long)key);
}

const struct bpf_func_proto bpf_map_delete_elem_proto = {
	.func		= bpf_map_delete_elem,
	.gpl_only	= false,
	.pkt_access	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_MAP_KEY,
};

/* Always interpreted by JIT-ed code: the verifier turns the call into
 * BPF_JMP | BPF_TAIL_CALL, so it has no function.
 */
const struct bpf_func_proto bpf_tail_call_proto = {
	.func		= NULL,
	.gpl_only	= false,
	.ret_type	= RET_VOID,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_CONST_MAP_PTR,
	.arg3_type	= ARG_ANYTHING,
};

/* tgid (the process id) in the upper half, pid (the thread id) in the lower */
static u64 bpf_get_current_pid_tgid(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)r1; (void)r2; (void)r3; (void)r4; (void)r5;
	return (u64)getpid() << 32 | (u32)gettid();
}

const struct bpf_func_proto bpf_get_current_pid_tgid_proto = {
	.func		= bpf_get_current_pid_tgid,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

static u64 bpf_get_current_uid_gid(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)r1; (void)r2; (void)r3; (void)r4; (void)r5;
	return (u64)getgid() << 32 | getuid();
}

const struct bpf_func_proto bpf_get_current_uid_gid_proto = {
	.func		= bpf_get_current_uid_gid,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

/* include/linux/sched.h: TASK_COMM_LEN */
#define TASK_COMM_LEN	16

static u64 bpf_get_current_comm(u64 buf_u, u64 size_u, u64 r3, u64 r4, u64 r5)
{
	char *buf = (char *)(unsigned long)buf_u;
	char comm[TASK_COMM_LEN] = "";
	u32 size = size_u;

	(void)r3; (void)r4; (void)r5;
	prctl(PR_GET_NAME, comm);		/* current->comm */
	strncpy(buf, comm, size);

	/* Verifier guarantees that size > 0. For task->comm exceeding
	 * size, guarantee that buf is %NUL-terminated. Unconditionally
	 * done here to save the size test.
	 */
	buf[size - 1] = 0;
	return 0;
}

const struct bpf_func_proto bpf_get_current_comm_proto = {
	.func		= bpf_get_current_comm,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg2_type	= ARG_CONST_SIZE,
};

/* The helpers every program type has (v5.8's list; chapter 03 had the
 * first four). bpf_spin_lock needs BTF, and the queue and stack maps are
 * not built: they are refused as unknown.
 */
const struct bpf_func_proto *bpf_base_func_proto(enum bpf_func_id func_id)
{
	switch (func_id) {
	case BPF_FUNC_map_lookup_elem:
		return &bpf_map_lookup_elem_proto;
	case BPF_FUNC_map_update_elem:
		return &bpf_map_update_elem_proto;
	case BPF_FUNC_map_delete_elem:
		return &bpf_map_delete_elem_proto;
	case BPF_FUNC_get_prandom_u32:
		return &bpf_get_prandom_u32_proto;
	case BPF_FUNC_get_smp_processor_id:
		return &bpf_get_smp_processor_id_proto;
	case BPF_FUNC_tail_call:
		return &bpf_tail_call_proto;
	case BPF_FUNC_ktime_get_ns:
		return &bpf_ktime_get_ns_proto;
	case BPF_FUNC_get_numa_node_id:
		return &bpf_get_numa_node_id_proto;
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
	default:
		break;
	}

	if (!bpf_capable())
		return NULL;

	switch (func_id) {
	case BPF_FUNC_trace_printk:
		if (!perfmon_capable())
			return NULL;
		return &bpf_trace_printk_proto;
	case BPF_FUNC_jiffies64:
		return &bpf_jiffies64_proto;
	default:
		return NULL;
	}
}
