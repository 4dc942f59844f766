// SPDX-License-Identifier: GPL-2.0
/*
 * Which program type a section's name asks for.
 *
 * Mirrors tools/lib/bpf/libbpf.c, Linux 6.1 (libbpf 1.1): section_defs[],
 * sec_def_matches(), find_sec_def(); and the type and attach type names
 * of libbpf_bpf_prog_type_str() and libbpf_bpf_map_type_str(). Written
 * afresh.
 *
 * A name libbpf does not know is an error, as in libbpf 1.0 and later:
 * it is never silently a socket filter.
 */
#include <string.h>

#include "bpf_object.h"

/* Newer than this book's v5.8 uapi (include/uapi/linux/bpf.h of 6.1). */
#define BPF_PROG_TYPE_SK_LOOKUP			30
#define BPF_PROG_TYPE_SYSCALL			31
#define BPF_CGROUP_INET_SOCK_RELEASE		34
#define BPF_XDP_CPUMAP				35
#define BPF_SK_LOOKUP				36
#define BPF_XDP					37
#define BPF_SK_REUSEPORT_SELECT			39
#define BPF_SK_REUSEPORT_SELECT_OR_MIGRATE	40
#define BPF_TRACE_KPROBE_MULTI			42
#define BPF_LSM_CGROUP				43

#define SEC_NONE	0
#define SEC_ATTACH_BTF	1	/* needs the kernel's BTF: attach_btf_id */

static const struct bpf_sec_def {
	const char *sec;
	u32 prog_type;
	u32 expected_attach_type;
	u32 flags;
} section_defs[] = {
	{ "socket",		 BPF_PROG_TYPE_SOCKET_FILTER, 0, SEC_NONE },
	{ "sk_reuseport/migrate", BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, SEC_NONE },
	{ "sk_reuseport",	 BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT, SEC_NONE },
	{ "kprobe+",		 BPF_PROG_TYPE_KPROBE, 0, SEC_NONE },
	{ "uprobe+",		 BPF_PROG_TYPE_KPROBE, 0, SEC_NONE },
	{ "uprobe.s+",		 BPF_PROG_TYPE_KPROBE, 0, SEC_NONE },
	{ "kretprobe+",		 BPF_PROG_TYPE_KPROBE, 0, SEC_NONE },
	{ "uretprobe+",		 BPF_PROG_TYPE_KPROBE, 0, SEC_NONE },
	{ "uretprobe.s+",	 BPF_PROG_TYPE_KPROBE, 0, SEC_NONE },
	{ "kprobe.multi+",	 BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, SEC_NONE },
	{ "kretprobe.multi+",	 BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, SEC_NONE },
	{ "ksyscall+",		 BPF_PROG_TYPE_KPROBE, 0, SEC_NONE },
	{ "kretsyscall+",	 BPF_PROG_TYPE_KPROBE, 0, SEC_NONE },
	{ "usdt+",		 BPF_PROG_TYPE_KPROBE, 0, SEC_NONE },
	{ "tc",			 BPF_PROG_TYPE_SCHED_CLS, 0, SEC_NONE },
	{ "classifier",		 BPF_PROG_TYPE_SCHED_CLS, 0, SEC_NONE },
	{ "action",		 BPF_PROG_TYPE_SCHED_ACT, 0, SEC_NONE },
	{ "tracepoint+",	 BPF_PROG_TYPE_TRACEPOINT, 0, SEC_NONE },
	{ "tp+",		 BPF_PROG_TYPE_TRACEPOINT, 0, SEC_NONE },
	{ "raw_tracepoint+",	 BPF_PROG_TYPE_RAW_TRACEPOINT, 0, SEC_NONE },
	{ "raw_tp+",		 BPF_PROG_TYPE_RAW_TRACEPOINT, 0, SEC_NONE },
	{ "raw_tracepoint.w+",	 BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, SEC_NONE },
	{ "raw_tp.w+",		 BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, SEC_NONE },
	{ "tp_btf+",		 BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, SEC_ATTACH_BTF },
	{ "fentry+",		 BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, SEC_ATTACH_BTF },
	{ "fmod_ret+",		 BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, SEC_ATTACH_BTF },
	{ "fexit+",		 BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, SEC_ATTACH_BTF },
	{ "fentry.s+",		 BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, SEC_ATTACH_BTF },
	{ "fmod_ret.s+",	 BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, SEC_ATTACH_BTF },
	{ "fexit.s+",		 BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, SEC_ATTACH_BTF },
	{ "freplace+",		 BPF_PROG_TYPE_EXT, 0, SEC_ATTACH_BTF },
	{ "lsm+",		 BPF_PROG_TYPE_LSM, BPF_LSM_MAC, SEC_ATTACH_BTF },
	{ "lsm.s+",		 BPF_PROG_TYPE_LSM, BPF_LSM_MAC, SEC_ATTACH_BTF },
	{ "lsm_cgroup+",	 BPF_PROG_TYPE_LSM, BPF_LSM_CGROUP, SEC_ATTACH_BTF },
	{ "iter+",		 BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, SEC_ATTACH_BTF },
	{ "iter.s+",		 BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, SEC_ATTACH_BTF },
	{ "syscall",		 BPF_PROG_TYPE_SYSCALL, 0, SEC_NONE },
	{ "xdp.frags/devmap",	 BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, SEC_NONE },
	{ "xdp/devmap",		 BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, SEC_NONE },
	{ "xdp.frags/cpumap",	 BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, SEC_NONE },
	{ "xdp/cpumap",		 BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, SEC_NONE },
	{ "xdp.frags",		 BPF_PROG_TYPE_XDP, BPF_XDP, SEC_NONE },
	{ "xdp",		 BPF_PROG_TYPE_XDP, BPF_XDP, SEC_NONE },
	{ "perf_event",		 BPF_PROG_TYPE_PERF_EVENT, 0, SEC_NONE },
	{ "lwt_in",		 BPF_PROG_TYPE_LWT_IN, 0, SEC_NONE },
	{ "lwt_out",		 BPF_PROG_TYPE_LWT_OUT, 0, SEC_NONE },
	{ "lwt_xmit",		 BPF_PROG_TYPE_LWT_XMIT, 0, SEC_NONE },
	{ "lwt_seg6local",	 BPF_PROG_TYPE_LWT_SEG6LOCAL, 0, SEC_NONE },
	{ "sockops",		 BPF_PROG_TYPE_SOCK_OPS, BPF_CGROUP_SOCK_OPS, SEC_NONE },
	{ "sk_skb/stream_parser", BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_PARSER, SEC_NONE },
	{ "sk_skb/stream_verdict", BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_VERDICT, SEC_NONE },
	{ "sk_skb",		 BPF_PROG_TYPE_SK_SKB, 0, SEC_NONE },
	{ "sk_msg",		 BPF_PROG_TYPE_SK_MSG, BPF_SK_MSG_VERDICT, SEC_NONE },
	{ "lirc_mode2",		 BPF_PROG_TYPE_LIRC_MODE2, BPF_LIRC_MODE2, SEC_NONE },
	{ "flow_dissector",	 BPF_PROG_TYPE_FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, SEC_NONE },
	{ "cgroup_skb/ingress",	 BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS, SEC_NONE },
	{ "cgroup_skb/egress",	 BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS, SEC_NONE },
	{ "cgroup/skb",		 BPF_PROG_TYPE_CGROUP_SKB, 0, SEC_NONE },
	{ "cgroup/sock_create",	 BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, SEC_NONE },
	{ "cgroup/sock_release", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_RELEASE, SEC_NONE },
	{ "cgroup/sock",	 BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, SEC_NONE },
	{ "cgroup/post_bind4",	 BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, SEC_NONE },
	{ "cgroup/post_bind6",	 BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET6_POST_BIND, SEC_NONE },
	{ "cgroup/bind4",	 BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, SEC_NONE },
	{ "cgroup/bind6",	 BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND, SEC_NONE },
	{ "cgroup/connect4",	 BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, SEC_NONE },
	{ "cgroup/connect6",	 BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, SEC_NONE },
	{ "cgroup/sendmsg4",	 BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG, SEC_NONE },
	{ "cgroup/sendmsg6",	 BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, SEC_NONE },
	{ "cgroup/recvmsg4",	 BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG, SEC_NONE },
	{ "cgroup/recvmsg6",	 BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG, SEC_NONE },
	{ "cgroup/getpeername4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETPEERNAME, SEC_NONE },
	{ "cgroup/getpeername6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME, SEC_NONE },
	{ "cgroup/getsockname4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETSOCKNAME, SEC_NONE },
	{ "cgroup/getsockname6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETSOCKNAME, SEC_NONE },
	{ "cgroup/sysctl",	 BPF_PROG_TYPE_CGROUP_SYSCTL, BPF_CGROUP_SYSCTL, SEC_NONE },
	{ "cgroup/getsockopt",	 BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, SEC_NONE },
	{ "cgroup/setsockopt",	 BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT, SEC_NONE },
	{ "cgroup/dev",		 BPF_PROG_TYPE_CGROUP_DEVICE, BPF_CGROUP_DEVICE, SEC_NONE },
	{ "struct_ops+",	 BPF_PROG_TYPE_STRUCT_OPS, 0, SEC_ATTACH_BTF },
	{ "sk_lookup",		 BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, SEC_NONE },
};

/* libbpf's sec_def_matches(): "x" exact, "x/" a prefix, "x+" exact or "x/..". */
static bool sec_def_matches(const char *def, const char *name)
{
	size_t len = strlen(def);

	if (def[len - 1] == '/')
		return !strncmp(name, def, len);
	if (def[len - 1] == '+') {
		len--;
		return !strncmp(name, def, len) && (name[len] == '\0' || name[len] == '/');
	}
	return !strcmp(name, def);
}

int bpf_object_sec_def(const char *sec_name, u32 *type, u32 *attach)
{
	if (sec_name[0] == '?')
		sec_name++;
	for (size_t i = 0; i < ARRAY_SIZE(section_defs); i++) {
		const struct bpf_sec_def *d = &section_defs[i];

		if (!sec_def_matches(d->sec, sec_name))
			continue;
		*type = d->prog_type;
		*attach = d->expected_attach_type;
		return d->flags & SEC_ATTACH_BTF ? -ENOTSUP : 0;
	}
	*type = BPF_PROG_TYPE_UNSPEC;
	*attach = 0;
	return -ENOENT;
}

const char *bpf_object_prog_type_name(u32 type)
{
	static const char *const names[] = {
		"unspec", "socket_filter", "kprobe", "sched_cls", "sched_act",
		"tracepoint", "xdp", "perf_event", "cgroup_skb", "cgroup_sock",
		"lwt_in", "lwt_out", "lwt_xmit", "sock_ops", "sk_skb", "cgroup_device",
		"sk_msg", "raw_tracepoint", "cgroup_sock_addr", "lwt_seg6local",
		"lirc_mode2", "sk_reuseport", "flow_dissector", "cgroup_sysctl",
		"raw_tracepoint_writable", "cgroup_sockopt", "tracing", "struct_ops",
		"ext", "lsm", "sk_lookup", "syscall",
	};

	return type < ARRAY_SIZE(names) ? names[type] : NULL;
}

const char *bpf_object_map_type_name(u32 type)
{
	static const char *const names[] = {
		"unspec", "hash", "array", "prog_array", "perf_event_array",
		"percpu_hash", "percpu_array", "stack_trace", "cgroup_array",
		"lru_hash", "lru_percpu_hash", "lpm_trie", "array_of_maps",
		"hash_of_maps", "devmap", "sockmap", "cpumap", "xskmap", "sockhash",
		"cgroup_storage", "reuseport_sockarray", "percpu_cgroup_storage",
		"queue", "stack", "sk_storage", "devmap_hash", "struct_ops", "ringbuf",
		"inode_storage", "task_storage", "bloom_filter", "user_ringbuf",
	};

	return type < ARRAY_SIZE(names) ? names[type] : NULL;
}
