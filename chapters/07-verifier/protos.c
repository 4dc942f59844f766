// SPDX-License-Identifier: GPL-2.0
/*
 * The packet program types as the verifier sees them: which helpers each
 * may call, and its bpf_verifier_ops.
 *
 * Mirrors net/core/filter.c: sk_filter_func_proto(), tc_cls_act_func_proto(),
 * cg_skb_func_proto(), xdp_func_proto(), bpf_helper_changes_pkt_data(),
 * sk_filter_verifier_ops, tc_cls_act_verifier_ops, cg_skb_verifier_ops and
 * xdp_verifier_ops, Linux v5.8; written afresh.
 * These strong definitions replace chapter 03's __weak ops, which refused
 * every context access of these types.
 *
 * Four helpers of later kernels are here too, by their later ids, marked
 * with their version: bpf_redirect_peer(), bpf_redirect_neigh() (5.10) and
 * bpf_check_mtu() (5.12); bpf_get_attach_cookie() (5.15) is chapter 08's.
 *
 * A helper v5.8 gives a type but this book does not model is simply absent
 * from its table: the verifier then says "unknown func", as a kernel built
 * without the helper would. Each such helper is listed, with the reason,
 * in not_modelled[] below, so tools can tell a reader why.
 */
#include "ctx.h"

/* A socket filter reads its packet; it changes nothing. */
static const struct bpf_func_proto *
sk_filter_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	(void)prog;
	switch (func_id) {
	case BPF_FUNC_skb_load_bytes:
		return &bpf_skb_load_bytes_proto;
	case BPF_FUNC_skb_load_bytes_relative:
		return &bpf_skb_load_bytes_relative_proto;
	case BPF_FUNC_get_socket_cookie:
		return &bpf_get_socket_cookie_proto;
	case BPF_FUNC_get_socket_uid:
		return &bpf_get_socket_uid_proto;
	default:
		return bpf_base_func_proto(func_id);
	}
}

/* tc may rewrite the packet and its metadata, and send it elsewhere. */
static const struct bpf_func_proto *
tc_cls_act_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	(void)prog;
	switch (func_id) {
	case BPF_FUNC_skb_store_bytes:
		return &bpf_skb_store_bytes_proto;
	case BPF_FUNC_skb_load_bytes:
		return &bpf_skb_load_bytes_proto;
	case BPF_FUNC_skb_load_bytes_relative:
		return &bpf_skb_load_bytes_relative_proto;
	case BPF_FUNC_skb_pull_data:
		return &bpf_skb_pull_data_proto;
	case BPF_FUNC_csum_diff:
		return &bpf_csum_diff_proto;
	case BPF_FUNC_csum_update:
		return &bpf_csum_update_proto;
	case BPF_FUNC_csum_level:
		return &bpf_csum_level_proto;
	case BPF_FUNC_l3_csum_replace:
		return &bpf_l3_csum_replace_proto;
	case BPF_FUNC_l4_csum_replace:
		return &bpf_l4_csum_replace_proto;
	case BPF_FUNC_get_cgroup_classid:
		return &bpf_get_cgroup_classid_proto;
	case BPF_FUNC_skb_vlan_push:
		return &bpf_skb_vlan_push_proto;
	case BPF_FUNC_skb_vlan_pop:
		return &bpf_skb_vlan_pop_proto;
	case BPF_FUNC_skb_change_type:
		return &bpf_skb_change_type_proto;
	case BPF_FUNC_skb_adjust_room:
		return &bpf_skb_adjust_room_proto;
	case BPF_FUNC_skb_change_tail:
		return &bpf_skb_change_tail_proto;
	case BPF_FUNC_skb_change_head:
		/* Linux 5.9 (v5.8 gives it to sk_skb and lwt only) */
		return &bpf_skb_change_head_proto;
	case BPF_FUNC_redirect:
		return &bpf_redirect_proto;
	case BPF_FUNC_redirect_peer:
		return &bpf_redirect_peer_proto;	/* Linux 5.10 */
	case BPF_FUNC_redirect_neigh:
		return &bpf_redirect_neigh_proto;	/* Linux 5.10 */
	case BPF_FUNC_check_mtu:
		return &bpf_skb_check_mtu_proto;	/* Linux 5.12 */
	case BPF_FUNC_skb_get_tunnel_key:
		return &bpf_skb_get_tunnel_key_proto;
	case BPF_FUNC_skb_set_tunnel_key:
		return &bpf_skb_set_tunnel_key_proto;
	case BPF_FUNC_skb_get_tunnel_opt:
		return &bpf_skb_get_tunnel_opt_proto;
	case BPF_FUNC_skb_set_tunnel_opt:
		return &bpf_skb_set_tunnel_opt_proto;
	case BPF_FUNC_get_route_realm:
		return &bpf_get_route_realm_proto;
	case BPF_FUNC_get_hash_recalc:
		return &bpf_get_hash_recalc_proto;
	case BPF_FUNC_set_hash_invalid:
		return &bpf_set_hash_invalid_proto;
	case BPF_FUNC_set_hash:
		return &bpf_set_hash_proto;
	case BPF_FUNC_get_smp_processor_id:
		return &bpf_get_smp_processor_id_proto;
	case BPF_FUNC_get_socket_cookie:
		return &bpf_get_socket_cookie_proto;
	case BPF_FUNC_get_socket_uid:
		return &bpf_get_socket_uid_proto;
	case BPF_FUNC_sk_lookup_tcp:
		return &bpf_sk_lookup_tcp_proto;
	case BPF_FUNC_sk_lookup_udp:
		return &bpf_sk_lookup_udp_proto;
	case BPF_FUNC_sk_release:
		return &bpf_sk_release_proto;
	case BPF_FUNC_skc_lookup_tcp:
		return &bpf_skc_lookup_tcp_proto;
	default:
		return bpf_base_func_proto(func_id);
	}
}

/* A cgroup_skb program: a socket filter's helpers, and the socket lookups. */
static const struct bpf_func_proto *
cg_skb_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_sk_lookup_tcp:
		return &bpf_sk_lookup_tcp_proto;
	case BPF_FUNC_sk_lookup_udp:
		return &bpf_sk_lookup_udp_proto;
	case BPF_FUNC_sk_release:
		return &bpf_sk_release_proto;
	case BPF_FUNC_skc_lookup_tcp:
		return &bpf_skc_lookup_tcp_proto;
	default:
		return sk_filter_func_proto(func_id, prog);
	}
}

/* XDP moves its frame's bounds and chooses its fate. */
static const struct bpf_func_proto *
xdp_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	(void)prog;
	switch (func_id) {
	case BPF_FUNC_get_smp_processor_id:
		return &bpf_get_smp_processor_id_proto;
	case BPF_FUNC_csum_diff:
		return &bpf_csum_diff_proto;
	case BPF_FUNC_xdp_adjust_head:
		return &bpf_xdp_adjust_head_proto;
	case BPF_FUNC_xdp_adjust_meta:
		return &bpf_xdp_adjust_meta_proto;
	case BPF_FUNC_redirect:
		return &bpf_xdp_redirect_proto;
	case BPF_FUNC_xdp_adjust_tail:
		return &bpf_xdp_adjust_tail_proto;
	case BPF_FUNC_check_mtu:
		return &bpf_xdp_check_mtu_proto;	/* Linux 5.12 */
	case BPF_FUNC_sk_lookup_udp:
		return &bpf_xdp_sk_lookup_udp_proto;
	case BPF_FUNC_sk_lookup_tcp:
		return &bpf_xdp_sk_lookup_tcp_proto;
	case BPF_FUNC_sk_release:
		return &bpf_sk_release_proto;
	case BPF_FUNC_skc_lookup_tcp:
		return &bpf_xdp_skc_lookup_tcp_proto;
	default:
		return bpf_base_func_proto(func_id);
	}
}

/*
 * A cgroup_sock_addr program runs in a bind(), connect(), sendmsg() ...
 * system call, in the calling process: v5.8 gives it the process's ids
 * and the helpers that act on the socket (bpf_bind(), the socket lookups,
 * setsockopt). None is here (not_modelled[] says why): the base helpers
 * only.
 */
static const struct bpf_func_proto *
sock_addr_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	(void)prog;
	return bpf_base_func_proto(func_id);
}

/* A flow dissector reads its packet, and may tail-call further dissectors. */
static const struct bpf_func_proto *
flow_dissector_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	(void)prog;
	switch (func_id) {
	case BPF_FUNC_skb_load_bytes:
		return &bpf_flow_dissector_load_bytes_proto;
	default:
		return bpf_base_func_proto(func_id);
	}
}

/*
 * The helpers after which the packet may be somewhere else: the verifier
 * invalidates every packet pointer the program holds after calling one
 * (clear_all_pkt_pointers()), so the program must load data and data_end
 * again. Of v5.8's list, the ones modelled here.
 */
bool bpf_helper_changes_pkt_data(void *func)
{
	if (func == bpf_skb_vlan_push ||
	    func == bpf_skb_vlan_pop ||
	    func == bpf_skb_store_bytes ||
	    func == bpf_skb_change_head ||
	    func == bpf_skb_change_tail ||
	    func == bpf_skb_adjust_room ||
	    func == bpf_skb_pull_data ||
	    func == bpf_l3_csum_replace ||
	    func == bpf_l4_csum_replace ||
	    func == bpf_xdp_adjust_head ||
	    func == bpf_xdp_adjust_meta ||
	    func == bpf_xdp_adjust_tail)
		return true;

	return false;
}

const struct bpf_verifier_ops sk_filter_verifier_ops = {
	.get_func_proto		= sk_filter_func_proto,
	.is_valid_access	= sk_filter_is_valid_access,
	.convert_ctx_access	= bpf_convert_ctx_access,
	.gen_ld_abs		= bpf_gen_ld_abs,
};

const struct bpf_verifier_ops tc_cls_act_verifier_ops = {
	.get_func_proto		= tc_cls_act_func_proto,
	.is_valid_access	= tc_cls_act_is_valid_access,
	.convert_ctx_access	= tc_cls_act_convert_ctx_access,
	.gen_prologue		= tc_cls_act_prologue,
	.gen_ld_abs		= bpf_gen_ld_abs,
};

/* No LD_ABS (may_access_skb() says no) and no prologue: nothing to unclone. */
const struct bpf_verifier_ops cg_skb_verifier_ops = {
	.get_func_proto		= cg_skb_func_proto,
	.is_valid_access	= cg_skb_is_valid_access,
	.convert_ctx_access	= bpf_convert_ctx_access,
};

/* No packet, no prologue: the context's fields, rewritten. */
const struct bpf_verifier_ops cg_sock_addr_verifier_ops = {
	.get_func_proto		= sock_addr_func_proto,
	.is_valid_access	= sock_addr_is_valid_access,
	.convert_ctx_access	= sock_addr_convert_ctx_access,
};

const struct bpf_verifier_ops flow_dissector_verifier_ops = {
	.get_func_proto		= flow_dissector_func_proto,
	.is_valid_access	= flow_dissector_is_valid_access,
	.convert_ctx_access	= flow_dissector_convert_ctx_access,
};

const struct bpf_verifier_ops xdp_verifier_ops = {
	.get_func_proto		= xdp_func_proto,
	.is_valid_access	= xdp_is_valid_access,
	.convert_ctx_access	= xdp_convert_ctx_access,
	.gen_prologue		= bpf_noop_prologue,
};

/* ---- what v5.8 has and this book does not ---------------------------------- */

#define SK	(1u << BPF_PROG_TYPE_SOCKET_FILTER)
#define TC	(1u << BPF_PROG_TYPE_SCHED_CLS | 1u << BPF_PROG_TYPE_SCHED_ACT)
#define XDP	(1u << BPF_PROG_TYPE_XDP)
#define CG	(1u << BPF_PROG_TYPE_CGROUP_SKB)
#define SA	(1u << BPF_PROG_TYPE_CGROUP_SOCK_ADDR)

static const struct {
	int func_id;
	u32 types;
	const char *why;
} not_modelled[] = {
	{ BPF_FUNC_perf_event_output,	SK | TC | XDP | CG, "the packet types' variant, which appends packet bytes "
					"to the record, is not modelled (tracing programs have theirs)" },
	{ BPF_FUNC_clone_redirect,	TC,	"sends a clone out of a device: there are no devices to send to" },
	{ BPF_FUNC_skb_change_proto,	TC,	"IPv4/IPv6 header translation is not modelled" },
	{ BPF_FUNC_skb_under_cgroup,	TC,	"needs a cgroup array map and cgroups" },
	{ BPF_FUNC_fib_lookup,		TC | XDP, "no routing table" },
	{ BPF_FUNC_sk_fullsock,		TC,	"takes a socket: lookups here find none" },
	{ BPF_FUNC_tcp_sock,		TC,	"takes a socket: lookups here find none" },
	{ BPF_FUNC_get_listener_sock,	TC,	"takes a socket: lookups here find none" },
	{ BPF_FUNC_sk_storage_get,	TC,	"socket storage maps: no sockets" },
	{ BPF_FUNC_sk_storage_delete,	TC,	"socket storage maps: no sockets" },
	{ BPF_FUNC_skb_ecn_set_ce,	TC,	"ECN marking is not modelled" },
	{ BPF_FUNC_tcp_check_syncookie,	TC | XDP, "SYN cookies need a listening socket" },
	{ BPF_FUNC_tcp_gen_syncookie,	TC | XDP, "SYN cookies need a listening socket" },
	{ BPF_FUNC_sk_assign,		TC,	"assigns a socket: there are none" },
	{ BPF_FUNC_skb_get_xfrm_state,	TC,	"no IPsec state" },
	{ BPF_FUNC_skb_cgroup_id,	TC,	"no cgroups" },
	{ BPF_FUNC_skb_ancestor_cgroup_id, TC,	"no cgroups" },
	{ BPF_FUNC_redirect_map,	XDP,	"redirects through a devmap, cpumap or xskmap: no such maps here" },
	{ BPF_FUNC_get_local_storage,	CG,	"cgroup storage maps: no cgroups" },
	{ BPF_FUNC_sk_fullsock,		CG,	"takes a socket: lookups here find none" },
	{ BPF_FUNC_tcp_sock,		CG,	"takes a socket: lookups here find none" },
	{ BPF_FUNC_get_listener_sock,	CG,	"takes a socket: lookups here find none" },
	{ BPF_FUNC_sk_storage_get,	CG,	"socket storage maps: no sockets" },
	{ BPF_FUNC_sk_storage_delete,	CG,	"socket storage maps: no sockets" },
	{ BPF_FUNC_skb_ecn_set_ce,	CG,	"ECN marking is not modelled" },
	{ BPF_FUNC_skb_cgroup_id,	CG,	"no cgroups" },
	{ BPF_FUNC_skb_ancestor_cgroup_id, CG,	"no cgroups" },
	{ BPF_FUNC_sk_cgroup_id,	CG,	"no cgroups" },
	{ BPF_FUNC_sk_ancestor_cgroup_id, CG,	"no cgroups" },
	{ BPF_FUNC_bind,		SA,	"binds the socket the program runs for: there are no sockets" },
	{ BPF_FUNC_setsockopt,		SA,	"sets an option of a socket: there are no sockets" },
	{ BPF_FUNC_getsockopt,		SA,	"reads an option of a socket: there are no sockets" },
	{ BPF_FUNC_sk_lookup_tcp,	SA,	"looks up sockets: there are none" },
	{ BPF_FUNC_sk_lookup_udp,	SA,	"looks up sockets: there are none" },
	{ BPF_FUNC_skc_lookup_tcp,	SA,	"looks up sockets: there are none" },
	{ BPF_FUNC_sk_release,		SA,	"releases a socket a lookup found: there are none" },
	{ BPF_FUNC_get_socket_cookie,	SA,	"the socket's cookie: there are no sockets" },
	{ BPF_FUNC_get_netns_cookie,	SA,	"the socket's network namespace: there are no sockets" },
	{ BPF_FUNC_sk_storage_get,	SA,	"socket storage maps: no sockets" },
	{ BPF_FUNC_sk_storage_delete,	SA,	"socket storage maps: no sockets" },
	{ BPF_FUNC_get_local_storage,	SA,	"cgroup storage maps: no cgroups" },
	{ BPF_FUNC_perf_event_output,	SA,	"the cgroup types' variant of the output is not modelled" },
	{ BPF_FUNC_get_current_uid_gid,	SA,	"the process's ids are chapter 08's helpers, "
					"not given to this type yet" },
};

const char *bpf_helper_not_modelled(enum bpf_prog_type type, int func_id)
{
	size_t i;

	if ((unsigned int)type >= 32)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(not_modelled); i++)
		if (not_modelled[i].func_id == func_id &&
		    (not_modelled[i].types & (1u << type)))
			return not_modelled[i].why;
	return NULL;
}
