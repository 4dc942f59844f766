/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The user-space ABI of the bpf() system call: the instruction format, the
 * commands, the program types and `union bpf_attr`.
 *
 * Mirrors include/uapi/linux/bpf.h, Linux v5.8 (x86-64); written afresh.
 * `union bpf_attr` has exactly the v5.8 layout (sizeof == 120; the static
 * asserts at the end pin every BPF_PROG_LOAD offset).  Instruction-set
 * constants added after v5.8 (atomics, ISA v4) are included and marked, so
 * the interpreter and the JIT can cover RFC 9669 completely.
 */
#ifndef _UAPI__LINUX_BPF_H__
#define _UAPI__LINUX_BPF_H__

#include <linux/types.h>	/* the system's: __u8 ... __u64, __aligned_u64 */
#include "uapi/linux/bpf_common.h"

/* Extended instruction set based on top of classic BPF */

/* instruction classes */
#define BPF_JMP32	0x06	/* jmp mode in word width */
#define BPF_ALU64	0x07	/* alu mode in double word width */

/* ld/ldx fields */
#define BPF_DW		0x18	/* double word (64-bit) */
#define BPF_MEMSX	0x80	/* load with sign extension (ISA v4, Linux 6.6) */
#define BPF_ATOMIC	0xc0	/* atomic memory ops - op type in immediate (Linux 5.12) */
#define BPF_XADD	0xc0	/* exclusive add - legacy name */

/* alu/jmp fields */
#define BPF_MOV		0xb0	/* mov reg to reg */
#define BPF_ARSH	0xc0	/* sign extending arithmetic shift right */

/* change endianness of a register */
#define BPF_END		0xd0	/* flags for endianness conversion: */
#define BPF_TO_LE	0x00	/* convert to little-endian */
#define BPF_TO_BE	0x08	/* convert to big-endian */
#define BPF_FROM_LE	BPF_TO_LE
#define BPF_FROM_BE	BPF_TO_BE

/* jmp encodings */
#define BPF_JNE		0x50	/* jump != */
#define BPF_JLT		0xa0	/* LT is unsigned, '<' */
#define BPF_JLE		0xb0	/* LE is unsigned, '<=' */
#define BPF_JSGT	0x60	/* SGT is signed '>', GT in x86 */
#define BPF_JSGE	0x70	/* SGE is signed '>=', GE in x86 */
#define BPF_JSLT	0xc0	/* SLT is signed, '<' */
#define BPF_JSLE	0xd0	/* SLE is signed, '<=' */
#define BPF_CALL	0x80	/* function call */
#define BPF_EXIT	0x90	/* function return */

/* atomic op type fields (stored in immediate) (Linux 5.12) */
#define BPF_FETCH	0x01	/* not an opcode on its own, used to build others */
#define BPF_XCHG	(0xe0 | BPF_FETCH)	/* atomic exchange */
#define BPF_CMPXCHG	(0xf0 | BPF_FETCH)	/* atomic compare-and-write */

/* Register numbers */
enum {
	BPF_REG_0 = 0,
	BPF_REG_1,
	BPF_REG_2,
	BPF_REG_3,
	BPF_REG_4,
	BPF_REG_5,
	BPF_REG_6,
	BPF_REG_7,
	BPF_REG_8,
	BPF_REG_9,
	BPF_REG_10,
	__MAX_BPF_REG,
};

/* BPF has 10 general purpose 64-bit registers and stack frame. */
#define MAX_BPF_REG	__MAX_BPF_REG

struct bpf_insn {
	__u8	code;		/* opcode */
	__u8	dst_reg:4;	/* dest register */
	__u8	src_reg:4;	/* source register */
	__s16	off;		/* signed offset */
	__s32	imm;		/* signed immediate constant */
};

/* BPF syscall commands, see bpf(2) man-page for details. */
enum bpf_cmd {
	BPF_MAP_CREATE,			/*  0 */
	BPF_MAP_LOOKUP_ELEM,
	BPF_MAP_UPDATE_ELEM,
	BPF_MAP_DELETE_ELEM,
	BPF_MAP_GET_NEXT_KEY,
	BPF_PROG_LOAD,			/*  5 */
	BPF_OBJ_PIN,
	BPF_OBJ_GET,
	BPF_PROG_ATTACH,
	BPF_PROG_DETACH,
	BPF_PROG_TEST_RUN,		/* 10 */
	BPF_PROG_GET_NEXT_ID,
	BPF_MAP_GET_NEXT_ID,
	BPF_PROG_GET_FD_BY_ID,
	BPF_MAP_GET_FD_BY_ID,
	BPF_OBJ_GET_INFO_BY_FD,		/* 15 */
	BPF_PROG_QUERY,
	BPF_RAW_TRACEPOINT_OPEN,
	BPF_BTF_LOAD,
	BPF_BTF_GET_FD_BY_ID,
	BPF_TASK_FD_QUERY,		/* 20 */
	BPF_MAP_LOOKUP_AND_DELETE_ELEM,
	BPF_MAP_FREEZE,
	BPF_BTF_GET_NEXT_ID,
	BPF_MAP_LOOKUP_BATCH,
	BPF_MAP_LOOKUP_AND_DELETE_BATCH, /* 25 */
	BPF_MAP_UPDATE_BATCH,
	BPF_MAP_DELETE_BATCH,
	BPF_LINK_CREATE,
	BPF_LINK_UPDATE,
	BPF_LINK_GET_FD_BY_ID,		/* 30 */
	BPF_LINK_GET_NEXT_ID,
	BPF_ENABLE_STATS,
	BPF_ITER_CREATE,		/* 33: the last command in v5.8 */
};

enum bpf_map_type {
	BPF_MAP_TYPE_UNSPEC,
	BPF_MAP_TYPE_HASH,
	BPF_MAP_TYPE_ARRAY,
	BPF_MAP_TYPE_PROG_ARRAY,
	BPF_MAP_TYPE_PERF_EVENT_ARRAY,
	BPF_MAP_TYPE_PERCPU_HASH,
	BPF_MAP_TYPE_PERCPU_ARRAY,
	BPF_MAP_TYPE_STACK_TRACE,
	BPF_MAP_TYPE_CGROUP_ARRAY,
	BPF_MAP_TYPE_LRU_HASH,
	BPF_MAP_TYPE_LRU_PERCPU_HASH,
	BPF_MAP_TYPE_LPM_TRIE,
	BPF_MAP_TYPE_ARRAY_OF_MAPS,
	BPF_MAP_TYPE_HASH_OF_MAPS,
	BPF_MAP_TYPE_DEVMAP,
	BPF_MAP_TYPE_SOCKMAP,
	BPF_MAP_TYPE_CPUMAP,
	BPF_MAP_TYPE_XSKMAP,
	BPF_MAP_TYPE_SOCKHASH,
	BPF_MAP_TYPE_CGROUP_STORAGE,
	BPF_MAP_TYPE_REUSEPORT_SOCKARRAY,
	BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE,
	BPF_MAP_TYPE_QUEUE,
	BPF_MAP_TYPE_STACK,
	BPF_MAP_TYPE_SK_STORAGE,
	BPF_MAP_TYPE_DEVMAP_HASH,
	BPF_MAP_TYPE_STRUCT_OPS,
	BPF_MAP_TYPE_RINGBUF,
};

enum bpf_prog_type {
	BPF_PROG_TYPE_UNSPEC,			/*  0 */
	BPF_PROG_TYPE_SOCKET_FILTER,
	BPF_PROG_TYPE_KPROBE,
	BPF_PROG_TYPE_SCHED_CLS,
	BPF_PROG_TYPE_SCHED_ACT,
	BPF_PROG_TYPE_TRACEPOINT,		/*  5 */
	BPF_PROG_TYPE_XDP,
	BPF_PROG_TYPE_PERF_EVENT,
	BPF_PROG_TYPE_CGROUP_SKB,
	BPF_PROG_TYPE_CGROUP_SOCK,
	BPF_PROG_TYPE_LWT_IN,			/* 10 */
	BPF_PROG_TYPE_LWT_OUT,
	BPF_PROG_TYPE_LWT_XMIT,
	BPF_PROG_TYPE_SOCK_OPS,
	BPF_PROG_TYPE_SK_SKB,
	BPF_PROG_TYPE_CGROUP_DEVICE,		/* 15 */
	BPF_PROG_TYPE_SK_MSG,
	BPF_PROG_TYPE_RAW_TRACEPOINT,
	BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
	BPF_PROG_TYPE_LWT_SEG6LOCAL,
	BPF_PROG_TYPE_LIRC_MODE2,		/* 20 */
	BPF_PROG_TYPE_SK_REUSEPORT,
	BPF_PROG_TYPE_FLOW_DISSECTOR,
	BPF_PROG_TYPE_CGROUP_SYSCTL,
	BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE,
	BPF_PROG_TYPE_CGROUP_SOCKOPT,		/* 25 */
	BPF_PROG_TYPE_TRACING,
	BPF_PROG_TYPE_STRUCT_OPS,
	BPF_PROG_TYPE_EXT,
	BPF_PROG_TYPE_LSM,			/* 29: the last type in v5.8 */
};

enum bpf_attach_type {
	BPF_CGROUP_INET_INGRESS,
	BPF_CGROUP_INET_EGRESS,
	BPF_CGROUP_INET_SOCK_CREATE,
	BPF_CGROUP_SOCK_OPS,
	BPF_SK_SKB_STREAM_PARSER,
	BPF_SK_SKB_STREAM_VERDICT,
	BPF_CGROUP_DEVICE,
	BPF_SK_MSG_VERDICT,
	BPF_CGROUP_INET4_BIND,
	BPF_CGROUP_INET6_BIND,
	BPF_CGROUP_INET4_CONNECT,
	BPF_CGROUP_INET6_CONNECT,
	BPF_CGROUP_INET4_POST_BIND,
	BPF_CGROUP_INET6_POST_BIND,
	BPF_CGROUP_UDP4_SENDMSG,
	BPF_CGROUP_UDP6_SENDMSG,
	BPF_LIRC_MODE2,
	BPF_FLOW_DISSECTOR,
	BPF_CGROUP_SYSCTL,
	BPF_CGROUP_UDP4_RECVMSG,
	BPF_CGROUP_UDP6_RECVMSG,
	BPF_CGROUP_GETSOCKOPT,
	BPF_CGROUP_SETSOCKOPT,
	BPF_TRACE_RAW_TP,
	BPF_TRACE_FENTRY,
	BPF_TRACE_FEXIT,
	BPF_MODIFY_RETURN,
	BPF_LSM_MAC,
	BPF_TRACE_ITER,
	BPF_CGROUP_INET4_GETPEERNAME,
	BPF_CGROUP_INET6_GETPEERNAME,
	BPF_CGROUP_INET4_GETSOCKNAME,
	BPF_CGROUP_INET6_GETSOCKNAME,
	BPF_XDP_DEVMAP,
	__MAX_BPF_ATTACH_TYPE
};

#define MAX_BPF_ATTACH_TYPE __MAX_BPF_ATTACH_TYPE

/* If BPF_F_STRICT_ALIGNMENT is used in BPF_PROG_LOAD command, the
 * verifier will perform strict alignment checking as if the kernel
 * has been built with CONFIG_EFFICIENT_UNALIGNED_ACCESS not set,
 * and NET_IP_ALIGN defined to 2.
 */
#define BPF_F_STRICT_ALIGNMENT	(1U << 0)
/* The verifier accepts any alignment (test-only; needs bpf_capable()). */
#define BPF_F_ANY_ALIGNMENT	(1U << 1)
/* Verifier test aid: poison the upper 32 bits of 32-bit subregisters. */
#define BPF_F_TEST_RND_HI32	(1U << 2)
/* Verifier test aid: checkpoint states more often. */
#define BPF_F_TEST_STATE_FREQ	(1U << 3)

/*
 * Ours, not the kernel's: load a program after bpf_check()'s structural
 * passes only (opcodes, ld_imm64 pairs, jumps in range, no unreachable code),
 * without the path-by-path walk. For programs that read raw memory, which the
 * verifier cannot prove safe until it tracks packet pointers: the BPF
 * conformance suite and the benchmark corpus. BPF_PROG_TEST_RUN then passes
 * r1 = a private copy of data_in and r2 = its length. Needs CAP_SYS_ADMIN;
 * every tool that sets it says so in its output.
 */
#define BPF_F_UNVERIFIED	(1U << 31)

/* When BPF ldimm64's insn[0].src_reg != 0 then this can have
 * the following extensions:
 *
 * insn[0].src_reg:  BPF_PSEUDO_MAP_FD   BPF_PSEUDO_MAP_VALUE
 * insn[0].imm:      map fd              map fd
 * insn[1].imm:      0                   offset into value
 */
#define BPF_PSEUDO_MAP_FD	1
#define BPF_PSEUDO_MAP_VALUE	2

/* when bpf_call->src_reg == BPF_PSEUDO_CALL, bpf_call->imm == pc-relative
 * offset to another bpf function
 */
#define BPF_PSEUDO_CALL		1
/* when bpf_call->src_reg == BPF_PSEUDO_KFUNC_CALL (Linux 5.13), imm is a
 * kernel function's BTF id; named here only so printers can recognise it.
 */
#define BPF_PSEUDO_KFUNC_CALL	2

#define BPF_OBJ_NAME_LEN 16U

/* flags for BPF_MAP_UPDATE_ELEM command */
enum {
	BPF_ANY		= 0, /* create new element or update existing */
	BPF_NOEXIST	= 1, /* create new element if it didn't exist */
	BPF_EXIST	= 2, /* update existing element */
	BPF_F_LOCK	= 4, /* spin_lock-ed map_lookup/map_update */
};

/* flags for BPF_MAP_CREATE command */
enum {
	BPF_F_NO_PREALLOC	= (1U << 0),
/* Instead of having one common LRU list in the
 * BPF_MAP_TYPE_LRU_[PERCPU_]HASH map, use a percpu LRU list
 * which can scale and perform better.
 * Note, the LRU nodes (including free nodes) cannot be moved
 * across different LRU lists.
 */
	BPF_F_NO_COMMON_LRU	= (1U << 1),
/* Specify numa node during map creation */
	BPF_F_NUMA_NODE		= (1U << 2),

/* Flags for accessing BPF object from syscall side. */
	BPF_F_RDONLY		= (1U << 3),
	BPF_F_WRONLY		= (1U << 4),

/* Flag for stack_map, store build_id+offset instead of pointer */
	BPF_F_STACK_BUILD_ID	= (1U << 5),

/* Zero-initialize hash function seed. This should only be used for testing. */
	BPF_F_ZERO_SEED		= (1U << 6),

/* Flags for accessing BPF object from program side. */
	BPF_F_RDONLY_PROG	= (1U << 7),
	BPF_F_WRONLY_PROG	= (1U << 8),

/* Clone map from listener for newly accepted socket */
	BPF_F_CLONE		= (1U << 9),

/* Enable memory-mapping BPF map */
	BPF_F_MMAPABLE		= (1U << 10),
};

/* BPF_FUNC_perf_event_output, BPF_FUNC_perf_event_read and
 * BPF_FUNC_perf_event_read_value flags.
 */
#define BPF_F_INDEX_MASK		0xffffffffULL
#define BPF_F_CURRENT_CPU		BPF_F_INDEX_MASK
/* BPF_FUNC_perf_event_output for sk_buff input context. */
#define BPF_F_CTXLEN_MASK		(0xfffffULL << 32)

/* BPF ring buffer constants */
enum {
	BPF_RINGBUF_BUSY_BIT		= (1U << 31),
	BPF_RINGBUF_DISCARD_BIT		= (1U << 30),
	BPF_RINGBUF_HDR_SZ		= 8,
};

/* BPF_FUNC_ringbuf_output, BPF_FUNC_ringbuf_reserve, BPF_FUNC_ringbuf_submit,
 * BPF_FUNC_ringbuf_discard flags.
 */
enum {
	BPF_RB_NO_WAKEUP		= (1ULL << 0),
	BPF_RB_FORCE_WAKEUP		= (1ULL << 1),
};

/* BPF_FUNC_get_stackid and BPF_FUNC_get_stack flags. */
enum {
	BPF_F_SKIP_FIELD_MASK		= 0xffULL,
	BPF_F_USER_STACK		= (1ULL << 8),
	/* flags used by BPF_FUNC_get_stackid only. */
	BPF_F_FAST_STACK_CMP		= (1ULL << 9),
	BPF_F_REUSE_STACKID		= (1ULL << 10),
	/* flags used by BPF_FUNC_get_stack only. */
	BPF_F_USER_BUILD_ID		= (1ULL << 11),
};

/* BPF_FUNC_get_ns_current_pid_tgid's answer */
struct bpf_pidns_info {
	__u32 pid;
	__u32 tgid;
};

/* BPF_FUNC_ringbuf_query flags */
enum {
	BPF_RB_AVAIL_DATA = 0,
	BPF_RB_RING_SIZE = 1,
	BPF_RB_CONS_POS = 2,
	BPF_RB_PROD_POS = 3,
};

struct bpf_spin_lock {
	__u32	val;
};

union bpf_attr {
	struct { /* anonymous struct used by BPF_MAP_CREATE command */
		__u32	map_type;	/* one of enum bpf_map_type */
		__u32	key_size;	/* size of key in bytes */
		__u32	value_size;	/* size of value in bytes */
		__u32	max_entries;	/* max number of entries in a map */
		__u32	map_flags;	/* BPF_MAP_CREATE related flags */
		__u32	inner_map_fd;	/* fd pointing to the inner map */
		__u32	numa_node;	/* numa node */
		char	map_name[BPF_OBJ_NAME_LEN];
		__u32	map_ifindex;	/* ifindex of netdev to create on */
		__u32	btf_fd;		/* fd pointing to a BTF type data */
		__u32	btf_key_type_id;	/* BTF type_id of the key */
		__u32	btf_value_type_id;	/* BTF type_id of the value */
		__u32	btf_vmlinux_value_type_id;
	};

	struct { /* anonymous struct used by BPF_MAP_*_ELEM commands */
		__u32		map_fd;
		__aligned_u64	key;
		union {
			__aligned_u64 value;
			__aligned_u64 next_key;
		};
		__u64		flags;
	};

	struct { /* struct used by BPF_MAP_*_BATCH commands */
		__aligned_u64	in_batch;
		__aligned_u64	out_batch;
		__aligned_u64	keys;
		__aligned_u64	values;
		__u32		count;
		__u32		map_fd;
		__u64		elem_flags;
		__u64		flags;
	} batch;

	struct { /* anonymous struct used by BPF_PROG_LOAD command */
		__u32		prog_type;	/* one of enum bpf_prog_type */
		__u32		insn_cnt;
		__aligned_u64	insns;
		__aligned_u64	license;
		__u32		log_level;	/* verbosity level of verifier */
		__u32		log_size;	/* size of user buffer */
		__aligned_u64	log_buf;	/* user supplied buffer */
		__u32		kern_version;	/* not used */
		__u32		prog_flags;
		char		prog_name[BPF_OBJ_NAME_LEN];
		__u32		prog_ifindex;	/* ifindex of netdev to prep for */
		__u32		expected_attach_type;
		__u32		prog_btf_fd;	/* fd pointing to BTF type data */
		__u32		func_info_rec_size;	/* userspace bpf_func_info size */
		__aligned_u64	func_info;	/* func info */
		__u32		func_info_cnt;	/* number of bpf_func_info records */
		__u32		line_info_rec_size;	/* userspace bpf_line_info size */
		__aligned_u64	line_info;	/* line info */
		__u32		line_info_cnt;	/* number of bpf_line_info records */
		__u32		attach_btf_id;	/* in-kernel BTF type id to attach to */
		__u32		attach_prog_fd; /* 0 to attach to vmlinux */
	};

	struct { /* anonymous struct used by BPF_OBJ_* commands */
		__aligned_u64	pathname;
		__u32		bpf_fd;
		__u32		file_flags;
	};

	struct { /* anonymous struct used by BPF_PROG_ATTACH/DETACH commands */
		__u32		target_fd;	/* container object to attach to */
		__u32		attach_bpf_fd;	/* eBPF program to attach */
		__u32		attach_type;
		__u32		attach_flags;
		__u32		replace_bpf_fd;	/* previously attached eBPF program to replace */
	};

	struct { /* anonymous struct used by BPF_PROG_TEST_RUN command */
		__u32		prog_fd;
		__u32		retval;
		__u32		data_size_in;	/* input: len of data_in */
		__u32		data_size_out;	/* input/output: len of data_out
						 *   returns ENOSPC if data_out
						 *   is too small.
						 */
		__aligned_u64	data_in;
		__aligned_u64	data_out;
		__u32		repeat;
		__u32		duration;
		__u32		ctx_size_in;	/* input: len of ctx_in */
		__u32		ctx_size_out;	/* input/output: len of ctx_out
						 *   returns ENOSPC if ctx_out
						 *   is too small.
						 */
		__aligned_u64	ctx_in;
		__aligned_u64	ctx_out;
	} test;

	struct { /* anonymous struct used by BPF_*_GET_*_ID */
		union {
			__u32		start_id;
			__u32		prog_id;
			__u32		map_id;
			__u32		btf_id;
			__u32		link_id;
		};
		__u32		next_id;
		__u32		open_flags;
	};

	struct { /* anonymous struct used by BPF_OBJ_GET_INFO_BY_FD */
		__u32		bpf_fd;
		__u32		info_len;
		__aligned_u64	info;
	} info;

	struct { /* anonymous struct used by BPF_PROG_QUERY command */
		__u32		target_fd;	/* container object to query */
		__u32		attach_type;
		__u32		query_flags;
		__u32		attach_flags;
		__aligned_u64	prog_ids;
		__u32		prog_cnt;
	} query;

	struct { /* anonymous struct used by BPF_RAW_TRACEPOINT_OPEN command */
		__u64 name;
		__u32 prog_fd;
	} raw_tracepoint;

	struct { /* anonymous struct for BPF_BTF_LOAD */
		__aligned_u64	btf;
		__aligned_u64	btf_log_buf;
		__u32		btf_size;
		__u32		btf_log_size;
		__u32		btf_log_level;
	};

	struct {
		__u32		pid;		/* input: pid */
		__u32		fd;		/* input: fd */
		__u32		flags;		/* input: flags */
		__u32		buf_len;	/* input/output: buf len */
		__aligned_u64	buf;		/* input/output: tp_name for tracepoint */
		__u32		prog_id;	/* output: prod_id */
		__u32		fd_type;	/* output: BPF_FD_TYPE_* */
		__u64		probe_offset;	/* output: probe_offset */
		__u64		probe_addr;	/* output: probe_addr */
	} task_fd_query;

	struct { /* struct used by BPF_LINK_CREATE command */
		__u32		prog_fd;	/* eBPF program to attach */
		__u32		target_fd;	/* object to attach to */
		__u32		attach_type;	/* attach type */
		__u32		flags;		/* extra flags */
	} link_create;

	struct { /* struct used by BPF_LINK_UPDATE command */
		__u32		link_fd;	/* link fd */
		__u32		new_prog_fd;	/* new program fd to update link with */
		__u32		flags;		/* extra flags */
		__u32		old_prog_fd;	/* expected link's program fd */
	} link_update;

	struct { /* struct used by BPF_ENABLE_STATS command */
		__u32		type;
	} enable_stats;

	struct { /* struct used by BPF_ITER_CREATE command */
		__u32		link_fd;
		__u32		flags;
	} iter_create;

} __attribute__((aligned(8)));

/* Helper functions reachable by `call imm` (enum bpf_func_id, generated in
 * v5.8 from __BPF_FUNC_MAPPER): every id v5.8 knows, 0 .. 135. Ids never
 * change meaning; later kernels only append.
 */
enum bpf_func_id {
	BPF_FUNC_unspec,		/*   0 */
	BPF_FUNC_map_lookup_elem,
	BPF_FUNC_map_update_elem,
	BPF_FUNC_map_delete_elem,
	BPF_FUNC_probe_read,
	BPF_FUNC_ktime_get_ns,		/*   5 */
	BPF_FUNC_trace_printk,
	BPF_FUNC_get_prandom_u32,
	BPF_FUNC_get_smp_processor_id,
	BPF_FUNC_skb_store_bytes,
	BPF_FUNC_l3_csum_replace,	/*  10 */
	BPF_FUNC_l4_csum_replace,
	BPF_FUNC_tail_call,
	BPF_FUNC_clone_redirect,
	BPF_FUNC_get_current_pid_tgid,
	BPF_FUNC_get_current_uid_gid,	/*  15 */
	BPF_FUNC_get_current_comm,
	BPF_FUNC_get_cgroup_classid,
	BPF_FUNC_skb_vlan_push,
	BPF_FUNC_skb_vlan_pop,
	BPF_FUNC_skb_get_tunnel_key,	/*  20 */
	BPF_FUNC_skb_set_tunnel_key,
	BPF_FUNC_perf_event_read,
	BPF_FUNC_redirect,
	BPF_FUNC_get_route_realm,
	BPF_FUNC_perf_event_output,	/*  25 */
	BPF_FUNC_skb_load_bytes,
	BPF_FUNC_get_stackid,
	BPF_FUNC_csum_diff,
	BPF_FUNC_skb_get_tunnel_opt,
	BPF_FUNC_skb_set_tunnel_opt,	/*  30 */
	BPF_FUNC_skb_change_proto,
	BPF_FUNC_skb_change_type,
	BPF_FUNC_skb_under_cgroup,
	BPF_FUNC_get_hash_recalc,
	BPF_FUNC_get_current_task,	/*  35 */
	BPF_FUNC_probe_write_user,
	BPF_FUNC_current_task_under_cgroup,
	BPF_FUNC_skb_change_tail,
	BPF_FUNC_skb_pull_data,
	BPF_FUNC_csum_update,		/*  40 */
	BPF_FUNC_set_hash_invalid,
	BPF_FUNC_get_numa_node_id,
	BPF_FUNC_skb_change_head,
	BPF_FUNC_xdp_adjust_head,
	BPF_FUNC_probe_read_str,	/*  45 */
	BPF_FUNC_get_socket_cookie,
	BPF_FUNC_get_socket_uid,
	BPF_FUNC_set_hash,
	BPF_FUNC_setsockopt,
	BPF_FUNC_skb_adjust_room,	/*  50 */
	BPF_FUNC_redirect_map,
	BPF_FUNC_sk_redirect_map,
	BPF_FUNC_sock_map_update,
	BPF_FUNC_xdp_adjust_meta,
	BPF_FUNC_perf_event_read_value,	/*  55 */
	BPF_FUNC_perf_prog_read_value,
	BPF_FUNC_getsockopt,
	BPF_FUNC_override_return,
	BPF_FUNC_sock_ops_cb_flags_set,
	BPF_FUNC_msg_redirect_map,	/*  60 */
	BPF_FUNC_msg_apply_bytes,
	BPF_FUNC_msg_cork_bytes,
	BPF_FUNC_msg_pull_data,
	BPF_FUNC_bind,
	BPF_FUNC_xdp_adjust_tail,	/*  65 */
	BPF_FUNC_skb_get_xfrm_state,
	BPF_FUNC_get_stack,
	BPF_FUNC_skb_load_bytes_relative,
	BPF_FUNC_fib_lookup,
	BPF_FUNC_sock_hash_update,	/*  70 */
	BPF_FUNC_msg_redirect_hash,
	BPF_FUNC_sk_redirect_hash,
	BPF_FUNC_lwt_push_encap,
	BPF_FUNC_lwt_seg6_store_bytes,
	BPF_FUNC_lwt_seg6_adjust_srh,	/*  75 */
	BPF_FUNC_lwt_seg6_action,
	BPF_FUNC_rc_repeat,
	BPF_FUNC_rc_keydown,
	BPF_FUNC_skb_cgroup_id,
	BPF_FUNC_get_current_cgroup_id,	/*  80 */
	BPF_FUNC_get_local_storage,
	BPF_FUNC_sk_select_reuseport,
	BPF_FUNC_skb_ancestor_cgroup_id,
	BPF_FUNC_sk_lookup_tcp,
	BPF_FUNC_sk_lookup_udp,		/*  85 */
	BPF_FUNC_sk_release,
	BPF_FUNC_map_push_elem,
	BPF_FUNC_map_pop_elem,
	BPF_FUNC_map_peek_elem,
	BPF_FUNC_msg_push_data,		/*  90 */
	BPF_FUNC_msg_pop_data,
	BPF_FUNC_rc_pointer_rel,
	BPF_FUNC_spin_lock,
	BPF_FUNC_spin_unlock,
	BPF_FUNC_sk_fullsock,		/*  95 */
	BPF_FUNC_tcp_sock,
	BPF_FUNC_skb_ecn_set_ce,
	BPF_FUNC_get_listener_sock,
	BPF_FUNC_skc_lookup_tcp,
	BPF_FUNC_tcp_check_syncookie,	/* 100 */
	BPF_FUNC_sysctl_get_name,
	BPF_FUNC_sysctl_get_current_value,
	BPF_FUNC_sysctl_get_new_value,
	BPF_FUNC_sysctl_set_new_value,
	BPF_FUNC_strtol,		/* 105 */
	BPF_FUNC_strtoul,
	BPF_FUNC_sk_storage_get,
	BPF_FUNC_sk_storage_delete,
	BPF_FUNC_send_signal,
	BPF_FUNC_tcp_gen_syncookie,	/* 110 */
	BPF_FUNC_skb_output,
	BPF_FUNC_probe_read_user,
	BPF_FUNC_probe_read_kernel,
	BPF_FUNC_probe_read_user_str,
	BPF_FUNC_probe_read_kernel_str,	/* 115 */
	BPF_FUNC_tcp_send_ack,
	BPF_FUNC_send_signal_thread,
	BPF_FUNC_jiffies64,
	BPF_FUNC_read_branch_records,
	BPF_FUNC_get_ns_current_pid_tgid,	/* 120 */
	BPF_FUNC_xdp_output,
	BPF_FUNC_get_netns_cookie,
	BPF_FUNC_get_current_ancestor_cgroup_id,
	BPF_FUNC_sk_assign,
	BPF_FUNC_ktime_get_boot_ns,	/* 125 */
	BPF_FUNC_seq_printf,
	BPF_FUNC_seq_write,
	BPF_FUNC_sk_cgroup_id,
	BPF_FUNC_sk_ancestor_cgroup_id,
	BPF_FUNC_ringbuf_output,	/* 130 */
	BPF_FUNC_ringbuf_reserve,
	BPF_FUNC_ringbuf_submit,
	BPF_FUNC_ringbuf_discard,
	BPF_FUNC_ringbuf_query,
	BPF_FUNC_csum_level,		/* 135 */
	__BPF_FUNC_MAX_ID,
	/* Later kernels' helpers that this book models, by their ids there;
	 * the verifier refuses every other id past v5.8's as v5.8 does.
	 */
	BPF_FUNC_redirect_neigh = 152,	/* Linux 5.10 */
	BPF_FUNC_redirect_peer = 155,	/* Linux 5.10 */
	BPF_FUNC_check_mtu = 163,	/* Linux 5.12 */
	BPF_FUNC_get_attach_cookie = 174, /* Linux 5.15 */
};

#define BPF_TAG_SIZE	8

struct bpf_prog_info {
	__u32 type;
	__u32 id;
	__u8  tag[BPF_TAG_SIZE];
	__u32 jited_prog_len;
	__u32 xlated_prog_len;
	__aligned_u64 jited_prog_insns;
	__aligned_u64 xlated_prog_insns;
	__u64 load_time;	/* ns since boottime */
	__u32 created_by_uid;
	__u32 nr_map_ids;
	__aligned_u64 map_ids;
	char name[BPF_OBJ_NAME_LEN];
	__u32 ifindex;
	__u32 gpl_compatible:1;
	__u32 :31; /* alignment pad */
	__u64 netns_dev;
	__u64 netns_ino;
	__u32 nr_jited_ksyms;
	__u32 nr_jited_func_lens;
	__aligned_u64 jited_ksyms;
	__aligned_u64 jited_func_lens;
	__u32 btf_id;
	__u32 func_info_rec_size;
	__aligned_u64 func_info;
	__u32 nr_func_info;
	__u32 nr_line_info;
	__aligned_u64 line_info;
	__aligned_u64 jited_line_info;
	__u32 nr_jited_line_info;
	__u32 line_info_rec_size;
	__u32 jited_line_info_rec_size;
	__u32 nr_prog_tags;
	__aligned_u64 prog_tags;
	__u64 run_time_ns;
	__u64 run_cnt;
} __attribute__((aligned(8)));

struct bpf_map_info {
	__u32 type;
	__u32 id;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u32 map_flags;
	char  name[BPF_OBJ_NAME_LEN];
	__u32 ifindex;
	__u32 btf_vmlinux_value_type_id;
	__u64 netns_dev;
	__u64 netns_ino;
	__u32 btf_id;
	__u32 btf_key_type_id;
	__u32 btf_value_type_id;
} __attribute__((aligned(8)));

/* BPF_FUNC_skb_store_bytes flags. */
#define BPF_F_RECOMPUTE_CSUM		(1ULL << 0)
#define BPF_F_INVALIDATE_HASH		(1ULL << 1)

/* BPF_FUNC_l3_csum_replace and BPF_FUNC_l4_csum_replace flags.
 * First 4 bits are for passing the header field size.
 */
#define BPF_F_HDR_FIELD_MASK		0xfULL

/* BPF_FUNC_l4_csum_replace flags. */
#define BPF_F_PSEUDO_HDR		(1ULL << 4)
#define BPF_F_MARK_MANGLED_0		(1ULL << 5)
#define BPF_F_MARK_ENFORCE		(1ULL << 6)

/* BPF_FUNC_clone_redirect and BPF_FUNC_redirect flags. */
#define BPF_F_INGRESS			(1ULL << 0)

/* BPF_FUNC_sk_lookup_tcp, sk_lookup_udp, skc_lookup_tcp: netns_id. */
#define BPF_F_CURRENT_NETNS		(-1L)

/* BPF_FUNC_csum_level level values. */
enum {
	BPF_CSUM_LEVEL_QUERY,
	BPF_CSUM_LEVEL_INC,
	BPF_CSUM_LEVEL_DEC,
	BPF_CSUM_LEVEL_RESET,
};

/* BPF_FUNC_skb_adjust_room flags. */
#define BPF_F_ADJ_ROOM_FIXED_GSO	(1ULL << 0)
#define BPF_F_ADJ_ROOM_ENCAP_L3_IPV4	(1ULL << 1)
#define BPF_F_ADJ_ROOM_ENCAP_L3_IPV6	(1ULL << 2)
#define BPF_F_ADJ_ROOM_ENCAP_L4_GRE	(1ULL << 3)
#define BPF_F_ADJ_ROOM_ENCAP_L4_UDP	(1ULL << 4)
#define BPF_F_ADJ_ROOM_NO_CSUM_RESET	(1ULL << 5)

enum {
	BPF_ADJ_ROOM_ENCAP_L2_MASK	= 0xff,
	BPF_ADJ_ROOM_ENCAP_L2_SHIFT	= 56,
};

#define BPF_F_ADJ_ROOM_ENCAP_L2(len)	(((__u64)len & \
					  BPF_ADJ_ROOM_ENCAP_L2_MASK) \
					 << BPF_ADJ_ROOM_ENCAP_L2_SHIFT)

/* Mode for BPF_FUNC_skb_adjust_room helper. */
enum bpf_adj_room_mode {
	BPF_ADJ_ROOM_NET,
	BPF_ADJ_ROOM_MAC,
};

/* Mode for BPF_FUNC_skb_load_bytes_relative helper. */
enum bpf_hdr_start_off {
	BPF_HDR_START_MAC,
	BPF_HDR_START_NET,
};

/* A pointer field of a context: 8 bytes whatever the architecture. */
#define __bpf_md_ptr(type, name)	\
union {					\
	type name;			\
	__u64 :64;			\
} __attribute__((aligned(8)))

/* user accessible mirror of in-kernel sk_buff.
 * new fields can only be added to the end of this structure
 */
struct __sk_buff {
	__u32 len;
	__u32 pkt_type;
	__u32 mark;
	__u32 queue_mapping;
	__u32 protocol;
	__u32 vlan_present;
	__u32 vlan_tci;
	__u32 vlan_proto;
	__u32 priority;
	__u32 ingress_ifindex;
	__u32 ifindex;
	__u32 tc_index;
	__u32 cb[5];
	__u32 hash;
	__u32 tc_classid;
	__u32 data;
	__u32 data_end;
	__u32 napi_id;

	/* Accessed by BPF_PROG_TYPE_sk_skb types from here to ... */
	__u32 family;
	__u32 remote_ip4;	/* Stored in network byte order */
	__u32 local_ip4;	/* Stored in network byte order */
	__u32 remote_ip6[4];	/* Stored in network byte order */
	__u32 local_ip6[4];	/* Stored in network byte order */
	__u32 remote_port;	/* Stored in network byte order */
	__u32 local_port;	/* stored in host byte order */
	/* ... here. */

	__u32 data_meta;
	__bpf_md_ptr(struct bpf_flow_keys *, flow_keys);
	__u64 tstamp;
	__u32 wire_len;
	__u32 gso_segs;
	__bpf_md_ptr(struct bpf_sock *, sk);
	__u32 gso_size;		/* Linux 5.7 */
};

/* What a program sees of a socket (PTR_TO_SOCKET, PTR_TO_SOCK_COMMON). */
struct bpf_sock {
	__u32 bound_dev_if;
	__u32 family;
	__u32 type;
	__u32 protocol;
	__u32 mark;
	__u32 priority;
	/* IP address also allows 1 and 2 bytes access */
	__u32 src_ip4;
	__u32 src_ip6[4];
	__u32 src_port;		/* host byte order */
	__u32 dst_port;		/* network byte order */
	__u32 dst_ip4;
	__u32 dst_ip6[4];
	__u32 state;
	__s32 rx_queue_mapping;
};

/* User bpf_sock_addr struct to access socket fields and sockaddr struct passed
 * by user and intended to be used by socket (e.g. to bind to, depends on
 * attach type).
 */
struct bpf_sock_addr {
	__u32 user_family;	/* Allows 4-byte read, but no write. */
	__u32 user_ip4;		/* Allows 1,2,4-byte read and 4-byte write.
				 * Stored in network byte order.
				 */
	__u32 user_ip6[4];	/* Allows 1,2,4,8-byte read and 4,8-byte write.
				 * Stored in network byte order.
				 */
	__u32 user_port;	/* Allows 1,2,4-byte read and 4-byte write.
				 * Stored in network byte order
				 */
	__u32 family;		/* Allows 4-byte read, but no write */
	__u32 type;		/* Allows 4-byte read, but no write */
	__u32 protocol;		/* Allows 4-byte read, but no write */
	__u32 msg_src_ip4;	/* Allows 1,2,4-byte read and 4-byte write.
				 * Stored in network byte order.
				 */
	__u32 msg_src_ip6[4];	/* Allows 1,2,4,8-byte read and 4,8-byte write.
				 * Stored in network byte order.
				 */
	__bpf_md_ptr(struct bpf_sock *, sk);
};

/* The tuple bpf_sk_lookup_tcp() and friends look up. */
struct bpf_sock_tuple {
	union {
		struct {
			__be32 saddr;
			__be32 daddr;
			__be16 sport;
			__be16 dport;
		} ipv4;
		struct {
			__be32 saddr[4];
			__be32 daddr[4];
			__be16 sport;
			__be16 dport;
		} ipv6;
	};
};

/* BPF_FUNC_skb_set_tunnel_key and BPF_FUNC_skb_get_tunnel_key flags. */
#define BPF_F_TUNINFO_IPV6		(1ULL << 0)

/* BPF_FUNC_skb_set_tunnel_key flags. */
#define BPF_F_ZERO_CSUM_TX		(1ULL << 1)
#define BPF_F_DONT_FRAGMENT		(1ULL << 2)
#define BPF_F_SEQ_NUMBER		(1ULL << 3)

/* The tunnel key bpf_skb_get_tunnel_key() fills and
 * bpf_skb_set_tunnel_key() reads. v5.8's ends at tunnel_label (28 bytes);
 * the local address is Linux 6.0's, and both helpers still take the
 * shorter layouts (offsetof() the later fields) from older programs.
 */
struct bpf_tunnel_key {
	__u32 tunnel_id;
	union {
		__u32 remote_ipv4;
		__u32 remote_ipv6[4];
	};
	__u8 tunnel_tos;
	__u8 tunnel_ttl;
	__u16 tunnel_ext;	/* Padding, future use. */
	__u32 tunnel_label;
	union {			/* Linux 6.0 */
		__u32 local_ipv4;
		__u32 local_ipv6[4];
	};
};

/* What a flow dissector program fills in (__sk_buff.flow_keys). */
struct bpf_flow_keys {
	__u16	nhoff;
	__u16	thoff;
	__u16	addr_proto;			/* ETH_P_* of valid addrs */
	__u8	is_frag;
	__u8	is_first_frag;
	__u8	is_encap;
	__u8	ip_proto;
	__be16	n_proto;
	__be16	sport;
	__be16	dport;
	union {
		struct {
			__be32	ipv4_src;
			__be32	ipv4_dst;
		};
		struct {
			__u32	ipv6_src[4];	/* in6_addr; network order */
			__u32	ipv6_dst[4];	/* in6_addr; network order */
		};
	};
	__u32	flags;
	__be32	flow_label;
};

/* bpf_redirect_neigh()'s next hop, in place of a route lookup (Linux 5.13). */
struct bpf_redir_neigh {
	/* network family for lookup (AF_INET, AF_INET6) */
	__u32 nh_family;
	/* network address of nexthop; skips fib lookup to find gateway */
	union {
		__be32		ipv4_nh;
		__u32		ipv6_nh[4];  /* in6_addr; network order */
	};
};

/* bpf_check_mtu flags (Linux 5.12) */
enum  bpf_check_mtu_flags {
	BPF_MTU_CHK_SEGS  = (1U << 0),
};

enum bpf_check_mtu_ret {
	BPF_MTU_CHK_RET_SUCCESS,      /* check and lookup successful */
	BPF_MTU_CHK_RET_FRAG_NEEDED,  /* fragmentation required to fwd */
	BPF_MTU_CHK_RET_SEGS_TOOBIG,  /* GSO re-segmentation needed to fwd */
};

/* User return codes for XDP prog type.
 * A valid XDP program must return one of these defined values. All other
 * return codes are reserved for future use. Unknown return codes will
 * result in packet drops and a warning via bpf_warn_invalid_xdp_action().
 */
enum xdp_action {
	XDP_ABORTED = 0,
	XDP_DROP,
	XDP_PASS,
	XDP_TX,
	XDP_REDIRECT,
};

/* user accessible metadata for XDP packet hook
 * new fields must be added to the end of this structure
 */
struct xdp_md {
	__u32 data;
	__u32 data_end;
	__u32 data_meta;
	/* Below access go through struct xdp_rxq_info */
	__u32 ingress_ifindex; /* rxq->dev->ifindex */
	__u32 rx_queue_index;  /* rxq->queue_index  */

	__u32 egress_ifindex;  /* txq->dev->ifindex */
};

/* The pinned v5.8 layout: a mistake here breaks every stage silently. */
#include <stddef.h>
_Static_assert(sizeof(struct bpf_insn) == 8, "struct bpf_insn is 8 bytes");
_Static_assert(sizeof(union bpf_attr) == 120, "v5.8 union bpf_attr is 120 bytes");
_Static_assert(offsetof(union bpf_attr, prog_type) == 0, "prog_type");
_Static_assert(offsetof(union bpf_attr, insn_cnt) == 4, "insn_cnt");
_Static_assert(offsetof(union bpf_attr, insns) == 8, "insns");
_Static_assert(offsetof(union bpf_attr, license) == 16, "license");
_Static_assert(offsetof(union bpf_attr, log_level) == 24, "log_level");
_Static_assert(offsetof(union bpf_attr, log_size) == 28, "log_size");
_Static_assert(offsetof(union bpf_attr, log_buf) == 32, "log_buf");
_Static_assert(offsetof(union bpf_attr, kern_version) == 40, "kern_version");
_Static_assert(offsetof(union bpf_attr, prog_flags) == 44, "prog_flags");
_Static_assert(offsetof(union bpf_attr, prog_name) == 48, "prog_name");
_Static_assert(offsetof(union bpf_attr, prog_ifindex) == 64, "prog_ifindex");
_Static_assert(offsetof(union bpf_attr, expected_attach_type) == 68, "expected_attach_type");
_Static_assert(offsetof(union bpf_attr, prog_btf_fd) == 72, "prog_btf_fd");
_Static_assert(offsetof(union bpf_attr, func_info_rec_size) == 76, "func_info_rec_size");
_Static_assert(offsetof(union bpf_attr, func_info) == 80, "func_info");
_Static_assert(offsetof(union bpf_attr, func_info_cnt) == 88, "func_info_cnt");
_Static_assert(offsetof(union bpf_attr, line_info_rec_size) == 92, "line_info_rec_size");
_Static_assert(offsetof(union bpf_attr, line_info) == 96, "line_info");
_Static_assert(offsetof(union bpf_attr, line_info_cnt) == 104, "line_info_cnt");
_Static_assert(offsetof(union bpf_attr, attach_btf_id) == 108, "attach_btf_id");
_Static_assert(offsetof(union bpf_attr, attach_prog_fd) == 112, "attach_prog_fd");
_Static_assert(sizeof(struct bpf_prog_info) == 208, "v5.8 struct bpf_prog_info");
_Static_assert(sizeof(struct bpf_map_info) == 80, "v5.8 struct bpf_map_info");
/* The contexts, v5.8: every offset a program may name is the kernel's. */
_Static_assert(offsetof(struct __sk_buff, cb) == 48, "__sk_buff.cb");
_Static_assert(offsetof(struct __sk_buff, data) == 76, "__sk_buff.data");
_Static_assert(offsetof(struct __sk_buff, data_end) == 80, "__sk_buff.data_end");
_Static_assert(offsetof(struct __sk_buff, family) == 88, "__sk_buff.family");
_Static_assert(offsetof(struct __sk_buff, local_port) == 136, "__sk_buff.local_port");
_Static_assert(offsetof(struct __sk_buff, data_meta) == 140, "__sk_buff.data_meta");
_Static_assert(offsetof(struct __sk_buff, flow_keys) == 144, "__sk_buff.flow_keys");
_Static_assert(offsetof(struct __sk_buff, tstamp) == 152, "__sk_buff.tstamp");
_Static_assert(offsetof(struct __sk_buff, wire_len) == 160, "__sk_buff.wire_len");
_Static_assert(offsetof(struct __sk_buff, sk) == 168, "__sk_buff.sk");
_Static_assert(offsetof(struct __sk_buff, gso_size) == 176, "__sk_buff.gso_size");
_Static_assert(sizeof(struct __sk_buff) == 184, "v5.8 struct __sk_buff");
_Static_assert(sizeof(struct xdp_md) == 24, "v5.8 struct xdp_md");
_Static_assert(sizeof(struct bpf_sock) == 80, "v5.8 struct bpf_sock");
_Static_assert(offsetof(struct bpf_sock_addr, sk) == 64, "bpf_sock_addr.sk");
_Static_assert(sizeof(struct bpf_sock_addr) == 72, "v5.8 struct bpf_sock_addr");
_Static_assert(sizeof(struct bpf_flow_keys) == 56, "v5.8 struct bpf_flow_keys");
_Static_assert(offsetof(struct bpf_tunnel_key, local_ipv4) == 28, "v5.8 struct bpf_tunnel_key, then 6.0's");
_Static_assert(sizeof(struct bpf_tunnel_key) == 44, "Linux 6.0 struct bpf_tunnel_key");
_Static_assert(__BPF_FUNC_MAX_ID == 136, "v5.8 knows helpers 0 .. 135");

#endif /* _UAPI__LINUX_BPF_H__ */
