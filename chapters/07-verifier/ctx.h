/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Chapter 07's program types: what the files ctx_skb.c, ctx_xdp.c,
 * convert_ctx.c, ld_abs.c, the helpers and protos.c share with each other
 * and with the rest of the chapter. In the kernel they are
 * net/core/filter.c, with convert_ctx_accesses() in kernel/bpf/verifier.c.
 *
 * The verifier's walk uses three things from here: the ops of
 * socket_filter, sched_cls/sched_act, cgroup_skb and xdp
 * (bpf_verifier_ops[] in chapter 03 points at them: these strong
 * definitions replace chapter 03's __weak ones),
 * bpf_helper_changes_pkt_data(), and gen_ld_abs through the ops.
 */
#ifndef _CH07_CTX_H
#define _CH07_CTX_H

#include <linux/pkt_cls.h>	/* TC_ACT_*: uapi, the system's */

#include "linux/bpf_verifier.h"
#include "linux/skbuff.h"
#include "net/xdp.h"

extern const struct bpf_verifier_ops sk_filter_verifier_ops;
extern const struct bpf_verifier_ops tc_cls_act_verifier_ops;
extern const struct bpf_verifier_ops cg_skb_verifier_ops;
extern const struct bpf_verifier_ops xdp_verifier_ops;
extern const struct bpf_verifier_ops cg_sock_addr_verifier_ops;
extern const struct bpf_verifier_ops flow_dissector_verifier_ops;

/* ---- ctx_skb.c: struct __sk_buff ----------------------------------------- */

bool bpf_skb_is_valid_access(int off, int size, enum bpf_access_type type,
			     const struct bpf_prog *prog,
			     struct bpf_insn_access_aux *info);
bool sk_filter_is_valid_access(int off, int size, enum bpf_access_type type,
			       const struct bpf_prog *prog,
			       struct bpf_insn_access_aux *info);
bool tc_cls_act_is_valid_access(int off, int size, enum bpf_access_type type,
				const struct bpf_prog *prog,
				struct bpf_insn_access_aux *info);
bool cg_skb_is_valid_access(int off, int size, enum bpf_access_type type,
			    const struct bpf_prog *prog,
			    struct bpf_insn_access_aux *info);
u32 bpf_convert_ctx_access(enum bpf_access_type type, const struct bpf_insn *si,
			   struct bpf_insn *insn_buf, struct bpf_prog *prog,
			   u32 *target_size);
u32 tc_cls_act_convert_ctx_access(enum bpf_access_type type,
				  const struct bpf_insn *si,
				  struct bpf_insn *insn_buf,
				  struct bpf_prog *prog, u32 *target_size);
int tc_cls_act_prologue(struct bpf_insn *insn_buf, bool direct_write,
			const struct bpf_prog *prog);

/* ---- ctx_xdp.c: struct xdp_md -------------------------------------------- */

bool xdp_is_valid_access(int off, int size, enum bpf_access_type type,
			 const struct bpf_prog *prog,
			 struct bpf_insn_access_aux *info);
u32 xdp_convert_ctx_access(enum bpf_access_type type, const struct bpf_insn *si,
			   struct bpf_insn *insn_buf, struct bpf_prog *prog,
			   u32 *target_size);
int bpf_noop_prologue(struct bpf_insn *insn_buf, bool direct_write,
		      const struct bpf_prog *prog);

/* ---- ctx_sock_addr.c: struct bpf_sock_addr ------------------------------- */

bool sock_addr_is_valid_access(int off, int size, enum bpf_access_type type,
			       const struct bpf_prog *prog,
			       struct bpf_insn_access_aux *info);
u32 sock_addr_convert_ctx_access(enum bpf_access_type type, const struct bpf_insn *si,
				 struct bpf_insn *insn_buf, struct bpf_prog *prog,
				 u32 *target_size);

/* ---- ctx_flow_dissector.c: __sk_buff as a flow dissector sees it --------- */

bool flow_dissector_is_valid_access(int off, int size, enum bpf_access_type type,
				    const struct bpf_prog *prog,
				    struct bpf_insn_access_aux *info);
u32 flow_dissector_convert_ctx_access(enum bpf_access_type type, const struct bpf_insn *si,
				      struct bpf_insn *insn_buf, struct bpf_prog *prog,
				      u32 *target_size);
u64 bpf_flow_dissector_load_bytes(u64 ctx, u64 offset, u64 to, u64 len, u64 r5);
extern const struct bpf_func_proto bpf_flow_dissector_load_bytes_proto;

/* ---- ctx_sock.c: struct bpf_sock, through a socket pointer ---------------- */

/* sock_access.c: bpf_sock_is_valid_access(), bpf_sock_common_is_valid_access(),
 * declared in verifier.h */
u32 bpf_sock_convert_ctx_access(enum bpf_access_type type, const struct bpf_insn *si,
				struct bpf_insn *insn_buf, struct bpf_prog *prog,
				u32 *target_size);

/* ---- convert_ctx.c (kernel/bpf/verifier.c) ------------------------------ */

/* Context accesses as accesses of the kernel's structures, the prologue,
 * the Spectre v4 stack-slot zeroing: one pass after the walk.
 */
int convert_ctx_accesses(struct bpf_verifier_env *env);

/* protos.c: bpf_helper_changes_pkt_data() and bpf_helper_not_modelled()
 * are declared in linux/filter.h, for the walk and for tools.
 */

/* ---- ld_abs.c: BPF_LD_[ABS|IND] ------------------------------------------ */

int bpf_gen_ld_abs(const struct bpf_insn *orig, struct bpf_insn *insn_buf);
u64 bpf_skb_load_helper_8(u64 skb, u64 data, u64 headlen, u64 offset, u64 r5);
u64 bpf_skb_load_helper_16(u64 skb, u64 data, u64 headlen, u64 offset, u64 r5);
u64 bpf_skb_load_helper_32(u64 skb, u64 data, u64 headlen, u64 offset, u64 r5);
u64 bpf_skb_load_helper_8_no_cache(u64 skb, u64 offset, u64 r3, u64 r4, u64 r5);
u64 bpf_skb_load_helper_16_no_cache(u64 skb, u64 offset, u64 r3, u64 r4, u64 r5);
u64 bpf_skb_load_helper_32_no_cache(u64 skb, u64 offset, u64 r3, u64 r4, u64 r5);

/* ---- the helpers: skb_helpers.c, csum_helpers.c, xdp_helpers.c,
 * sk_lookup.c, tunnel_helpers.c. Each is what the interpreter and the JIT
 * call: five u64 in, one u64 out. ------------------------------------------ */

u64 bpf_skb_load_bytes(u64 skb, u64 offset, u64 to, u64 len, u64 r5);
u64 bpf_skb_load_bytes_relative(u64 skb, u64 offset, u64 to, u64 len, u64 start_header);
u64 bpf_skb_store_bytes(u64 skb, u64 offset, u64 from, u64 len, u64 flags);
u64 bpf_skb_pull_data(u64 skb, u64 len, u64 r3, u64 r4, u64 r5);
u64 bpf_skb_change_tail(u64 skb, u64 new_len, u64 flags, u64 r4, u64 r5);
u64 bpf_skb_change_head(u64 skb, u64 head_room, u64 flags, u64 r4, u64 r5);
u64 bpf_skb_adjust_room(u64 skb, u64 len_diff, u64 mode, u64 flags, u64 r5);
u64 bpf_skb_change_type(u64 skb, u64 pkt_type, u64 r3, u64 r4, u64 r5);
u64 bpf_skb_vlan_push(u64 skb, u64 vlan_proto, u64 vlan_tci, u64 r4, u64 r5);
u64 bpf_skb_vlan_pop(u64 skb, u64 r2, u64 r3, u64 r4, u64 r5);
u64 bpf_get_hash_recalc(u64 skb, u64 r2, u64 r3, u64 r4, u64 r5);
u64 bpf_set_hash_invalid(u64 skb, u64 r2, u64 r3, u64 r4, u64 r5);
u64 bpf_set_hash(u64 skb, u64 hash, u64 r3, u64 r4, u64 r5);
u64 bpf_get_cgroup_classid(u64 skb, u64 r2, u64 r3, u64 r4, u64 r5);
u64 bpf_get_route_realm(u64 skb, u64 r2, u64 r3, u64 r4, u64 r5);
u64 bpf_get_socket_cookie(u64 skb, u64 r2, u64 r3, u64 r4, u64 r5);
u64 bpf_get_socket_uid(u64 skb, u64 r2, u64 r3, u64 r4, u64 r5);
u64 bpf_redirect(u64 ifindex, u64 flags, u64 r3, u64 r4, u64 r5);
u64 bpf_redirect_peer(u64 ifindex, u64 flags, u64 r3, u64 r4, u64 r5);
u64 bpf_redirect_neigh(u64 ifindex, u64 params, u64 plen, u64 flags, u64 r5);
u64 bpf_skb_check_mtu(u64 skb, u64 ifindex, u64 mtu_len, u64 len_diff, u64 flags);
u64 bpf_xdp_check_mtu(u64 xdp, u64 ifindex, u64 mtu_len, u64 len_diff, u64 flags);

u64 bpf_skb_get_tunnel_key(u64 skb, u64 to, u64 size, u64 flags, u64 r5);
u64 bpf_skb_get_tunnel_opt(u64 skb, u64 to, u64 size, u64 r4, u64 r5);
u64 bpf_skb_set_tunnel_key(u64 skb, u64 from, u64 size, u64 flags, u64 r5);
u64 bpf_skb_set_tunnel_opt(u64 skb, u64 from, u64 size, u64 r4, u64 r5);

u64 bpf_l3_csum_replace(u64 skb, u64 offset, u64 from, u64 to, u64 flags);
u64 bpf_l4_csum_replace(u64 skb, u64 offset, u64 from, u64 to, u64 flags);
u64 bpf_csum_diff(u64 from, u64 from_size, u64 to, u64 to_size, u64 seed);
u64 bpf_csum_update(u64 skb, u64 csum, u64 r3, u64 r4, u64 r5);
u64 bpf_csum_level(u64 skb, u64 level, u64 r3, u64 r4, u64 r5);

u64 bpf_xdp_adjust_head(u64 xdp, u64 offset, u64 r3, u64 r4, u64 r5);
u64 bpf_xdp_adjust_meta(u64 xdp, u64 offset, u64 r3, u64 r4, u64 r5);
u64 bpf_xdp_adjust_tail(u64 xdp, u64 offset, u64 r3, u64 r4, u64 r5);
u64 bpf_xdp_redirect(u64 ifindex, u64 flags, u64 r3, u64 r4, u64 r5);

u64 bpf_sk_lookup_tcp(u64 skb, u64 tuple, u64 len, u64 netns_id, u64 flags);
u64 bpf_sk_lookup_udp(u64 skb, u64 tuple, u64 len, u64 netns_id, u64 flags);
u64 bpf_skc_lookup_tcp(u64 skb, u64 tuple, u64 len, u64 netns_id, u64 flags);
u64 bpf_xdp_sk_lookup_tcp(u64 xdp, u64 tuple, u64 len, u64 netns_id, u64 flags);
u64 bpf_xdp_sk_lookup_udp(u64 xdp, u64 tuple, u64 len, u64 netns_id, u64 flags);
u64 bpf_xdp_skc_lookup_tcp(u64 xdp, u64 tuple, u64 len, u64 netns_id, u64 flags);
u64 bpf_sk_release(u64 sk, u64 r2, u64 r3, u64 r4, u64 r5);

/*
 * Where bpf_redirect() leaves the target for the caller (the kernel's
 * per-CPU struct bpf_redirect_info): the program returns TC_ACT_REDIRECT
 * or XDP_REDIRECT, and the hook reads the device from here.
 */
struct bpf_redirect_info {
	u32 flags;
	u32 tgt_index;
	void *tgt_value;
	struct bpf_map *map;
	struct bpf_redir_neigh nh;	/* the kernel's bpf_nh_params: the same */
};

/* net/core/filter.c: how bpf_redirect_neigh() and bpf_redirect_peer() mark
 * their redirects for the hook, above the flags a program may pass
 * (Linux 5.10).
 */
enum {
	BPF_F_NEIGH	= (1ULL << 16),
	BPF_F_PEER	= (1ULL << 17),
	BPF_F_NEXTHOP	= (1ULL << 18),
};
extern struct bpf_redirect_info bpf_redirect_info;

/* The protos, for the func_proto tables and the tests. */
extern const struct bpf_func_proto bpf_skb_load_bytes_proto;
extern const struct bpf_func_proto bpf_redirect_peer_proto;
extern const struct bpf_func_proto bpf_redirect_neigh_proto;
extern const struct bpf_func_proto bpf_skb_check_mtu_proto;
extern const struct bpf_func_proto bpf_xdp_check_mtu_proto;
extern const struct bpf_func_proto bpf_skb_get_tunnel_key_proto;
extern const struct bpf_func_proto bpf_skb_get_tunnel_opt_proto;
extern const struct bpf_func_proto bpf_skb_set_tunnel_key_proto;
extern const struct bpf_func_proto bpf_skb_set_tunnel_opt_proto;
extern const struct bpf_func_proto bpf_skb_load_bytes_relative_proto;
extern const struct bpf_func_proto bpf_skb_store_bytes_proto;
extern const struct bpf_func_proto bpf_skb_pull_data_proto;
extern const struct bpf_func_proto bpf_skb_change_tail_proto;
extern const struct bpf_func_proto bpf_skb_change_head_proto;
extern const struct bpf_func_proto bpf_skb_adjust_room_proto;
extern const struct bpf_func_proto bpf_skb_change_type_proto;
extern const struct bpf_func_proto bpf_skb_vlan_push_proto;
extern const struct bpf_func_proto bpf_skb_vlan_pop_proto;
extern const struct bpf_func_proto bpf_get_hash_recalc_proto;
extern const struct bpf_func_proto bpf_set_hash_invalid_proto;
extern const struct bpf_func_proto bpf_set_hash_proto;
extern const struct bpf_func_proto bpf_get_cgroup_classid_proto;
extern const struct bpf_func_proto bpf_get_route_realm_proto;
extern const struct bpf_func_proto bpf_get_socket_cookie_proto;
extern const struct bpf_func_proto bpf_get_socket_uid_proto;
extern const struct bpf_func_proto bpf_redirect_proto;
extern const struct bpf_func_proto bpf_l3_csum_replace_proto;
extern const struct bpf_func_proto bpf_l4_csum_replace_proto;
extern const struct bpf_func_proto bpf_csum_diff_proto;
extern const struct bpf_func_proto bpf_csum_update_proto;
extern const struct bpf_func_proto bpf_csum_level_proto;
extern const struct bpf_func_proto bpf_xdp_adjust_head_proto;
extern const struct bpf_func_proto bpf_xdp_adjust_meta_proto;
extern const struct bpf_func_proto bpf_xdp_adjust_tail_proto;
extern const struct bpf_func_proto bpf_xdp_redirect_proto;
extern const struct bpf_func_proto bpf_sk_lookup_tcp_proto;
extern const struct bpf_func_proto bpf_sk_lookup_udp_proto;
extern const struct bpf_func_proto bpf_skc_lookup_tcp_proto;
extern const struct bpf_func_proto bpf_xdp_sk_lookup_tcp_proto;
extern const struct bpf_func_proto bpf_xdp_sk_lookup_udp_proto;
extern const struct bpf_func_proto bpf_xdp_skc_lookup_tcp_proto;
extern const struct bpf_func_proto bpf_sk_release_proto;

/*
 * net/core/filter.c, v5.8: before a helper writes the first write_len
 * bytes of the packet, they must be in the linear part and not shared
 * with a clone (0, or -ENOMEM). Then, whatever happened, data_end follows
 * the data again.
 */
static inline int __bpf_try_make_writable(struct sk_buff *skb,
					  unsigned int write_len)
{
	return skb_ensure_writable(skb, write_len);
}

static inline int bpf_try_make_writable(struct sk_buff *skb,
					unsigned int write_len)
{
	int err = __bpf_try_make_writable(skb, write_len);

	bpf_compute_data_pointers(skb);
	return err;
}

/* The largest packet a helper may grow an skb to: SKB_MAX_ALLOC, v5.8. */
#define BPF_SKB_MAX_LEN	((PAGE_SIZE << 2) - SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

/* The uid of a packet without a full socket (kernel/sys.c: overflowuid). */
#define DEFAULT_OVERFLOWUID	65534

#endif /* _CH07_CTX_H */
