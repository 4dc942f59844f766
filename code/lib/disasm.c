// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF instruction printer.
 *
 * Mirrors kernel/bpf/disasm.c: print_bpf_insn(), func_id_name() and the
 * operator tables, Linux 6.6; written afresh. v5.8 printed the same text for
 * every instruction it knew; 6.6 adds atomics (5.12: fetch, xchg, cmpxchg,
 * and/or/xor), nospec (5.14), kfunc calls (5.13) and ISA v4: sign-extending
 * moves and loads, signed division, bswap and gotol. One printer serves all
 * chapters, so a program prints the same everywhere in the book.
 *
 * Where the kernel indexes a table with a value no valid program has (an
 * ALU op 0xe0, say), its table slot is NULL and the kernel's vsnprintf()
 * prints "(null)". We print the same text, but through tbl_str() so that we
 * never hand NULL to printf(): the printer must show any bytes a reader
 * types in, even ones the verifier would refuse.
 */
#include <string.h>

#include "disasm.h"
#include "linux/filter.h"

/* ld_imm64 src_reg values that mark a pointer (uapi/linux/bpf.h, 5.10+). */
#define BPF_PSEUDO_BTF_ID		3
#define BPF_PSEUDO_MAP_IDX		5
#define BPF_PSEUDO_MAP_IDX_VALUE	6

/*
 * Helper names by id, as the uapi's __BPF_FUNC_MAPPER lists them (Linux 6.1).
 * Ids never change meaning, so the table only grows: v5.8 knew ids 0..135.
 */
static const char *const func_id_str[] = {
	/*   0 */ "bpf_unspec",
	/*   1 */ "bpf_map_lookup_elem",
	/*   2 */ "bpf_map_update_elem",
	/*   3 */ "bpf_map_delete_elem",
	/*   4 */ "bpf_probe_read",
	/*   5 */ "bpf_ktime_get_ns",
	/*   6 */ "bpf_trace_printk",
	/*   7 */ "bpf_get_prandom_u32",
	/*   8 */ "bpf_get_smp_processor_id",
	/*   9 */ "bpf_skb_store_bytes",
	/*  10 */ "bpf_l3_csum_replace",
	/*  11 */ "bpf_l4_csum_replace",
	/*  12 */ "bpf_tail_call",
	/*  13 */ "bpf_clone_redirect",
	/*  14 */ "bpf_get_current_pid_tgid",
	/*  15 */ "bpf_get_current_uid_gid",
	/*  16 */ "bpf_get_current_comm",
	/*  17 */ "bpf_get_cgroup_classid",
	/*  18 */ "bpf_skb_vlan_push",
	/*  19 */ "bpf_skb_vlan_pop",
	/*  20 */ "bpf_skb_get_tunnel_key",
	/*  21 */ "bpf_skb_set_tunnel_key",
	/*  22 */ "bpf_perf_event_read",
	/*  23 */ "bpf_redirect",
	/*  24 */ "bpf_get_route_realm",
	/*  25 */ "bpf_perf_event_output",
	/*  26 */ "bpf_skb_load_bytes",
	/*  27 */ "bpf_get_stackid",
	/*  28 */ "bpf_csum_diff",
	/*  29 */ "bpf_skb_get_tunnel_opt",
	/*  30 */ "bpf_skb_set_tunnel_opt",
	/*  31 */ "bpf_skb_change_proto",
	/*  32 */ "bpf_skb_change_type",
	/*  33 */ "bpf_skb_under_cgroup",
	/*  34 */ "bpf_get_hash_recalc",
	/*  35 */ "bpf_get_current_task",
	/*  36 */ "bpf_probe_write_user",
	/*  37 */ "bpf_current_task_under_cgroup",
	/*  38 */ "bpf_skb_change_tail",
	/*  39 */ "bpf_skb_pull_data",
	/*  40 */ "bpf_csum_update",
	/*  41 */ "bpf_set_hash_invalid",
	/*  42 */ "bpf_get_numa_node_id",
	/*  43 */ "bpf_skb_change_head",
	/*  44 */ "bpf_xdp_adjust_head",
	/*  45 */ "bpf_probe_read_str",
	/*  46 */ "bpf_get_socket_cookie",
	/*  47 */ "bpf_get_socket_uid",
	/*  48 */ "bpf_set_hash",
	/*  49 */ "bpf_setsockopt",
	/*  50 */ "bpf_skb_adjust_room",
	/*  51 */ "bpf_redirect_map",
	/*  52 */ "bpf_sk_redirect_map",
	/*  53 */ "bpf_sock_map_update",
	/*  54 */ "bpf_xdp_adjust_meta",
	/*  55 */ "bpf_perf_event_read_value",
	/*  56 */ "bpf_perf_prog_read_value",
	/*  57 */ "bpf_getsockopt",
	/*  58 */ "bpf_override_return",
	/*  59 */ "bpf_sock_ops_cb_flags_set",
	/*  60 */ "bpf_msg_redirect_map",
	/*  61 */ "bpf_msg_apply_bytes",
	/*  62 */ "bpf_msg_cork_bytes",
	/*  63 */ "bpf_msg_pull_data",
	/*  64 */ "bpf_bind",
	/*  65 */ "bpf_xdp_adjust_tail",
	/*  66 */ "bpf_skb_get_xfrm_state",
	/*  67 */ "bpf_get_stack",
	/*  68 */ "bpf_skb_load_bytes_relative",
	/*  69 */ "bpf_fib_lookup",
	/*  70 */ "bpf_sock_hash_update",
	/*  71 */ "bpf_msg_redirect_hash",
	/*  72 */ "bpf_sk_redirect_hash",
	/*  73 */ "bpf_lwt_push_encap",
	/*  74 */ "bpf_lwt_seg6_store_bytes",
	/*  75 */ "bpf_lwt_seg6_adjust_srh",
	/*  76 */ "bpf_lwt_seg6_action",
	/*  77 */ "bpf_rc_repeat",
	/*  78 */ "bpf_rc_keydown",
	/*  79 */ "bpf_skb_cgroup_id",
	/*  80 */ "bpf_get_current_cgroup_id",
	/*  81 */ "bpf_get_local_storage",
	/*  82 */ "bpf_sk_select_reuseport",
	/*  83 */ "bpf_skb_ancestor_cgroup_id",
	/*  84 */ "bpf_sk_lookup_tcp",
	/*  85 */ "bpf_sk_lookup_udp",
	/*  86 */ "bpf_sk_release",
	/*  87 */ "bpf_map_push_elem",
	/*  88 */ "bpf_map_pop_elem",
	/*  89 */ "bpf_map_peek_elem",
	/*  90 */ "bpf_msg_push_data",
	/*  91 */ "bpf_msg_pop_data",
	/*  92 */ "bpf_rc_pointer_rel",
	/*  93 */ "bpf_spin_lock",
	/*  94 */ "bpf_spin_unlock",
	/*  95 */ "bpf_sk_fullsock",
	/*  96 */ "bpf_tcp_sock",
	/*  97 */ "bpf_skb_ecn_set_ce",
	/*  98 */ "bpf_get_listener_sock",
	/*  99 */ "bpf_skc_lookup_tcp",
	/* 100 */ "bpf_tcp_check_syncookie",
	/* 101 */ "bpf_sysctl_get_name",
	/* 102 */ "bpf_sysctl_get_current_value",
	/* 103 */ "bpf_sysctl_get_new_value",
	/* 104 */ "bpf_sysctl_set_new_value",
	/* 105 */ "bpf_strtol",
	/* 106 */ "bpf_strtoul",
	/* 107 */ "bpf_sk_storage_get",
	/* 108 */ "bpf_sk_storage_delete",
	/* 109 */ "bpf_send_signal",
	/* 110 */ "bpf_tcp_gen_syncookie",
	/* 111 */ "bpf_skb_output",
	/* 112 */ "bpf_probe_read_user",
	/* 113 */ "bpf_probe_read_kernel",
	/* 114 */ "bpf_probe_read_user_str",
	/* 115 */ "bpf_probe_read_kernel_str",
	/* 116 */ "bpf_tcp_send_ack",
	/* 117 */ "bpf_send_signal_thread",
	/* 118 */ "bpf_jiffies64",
	/* 119 */ "bpf_read_branch_records",
	/* 120 */ "bpf_get_ns_current_pid_tgid",
	/* 121 */ "bpf_xdp_output",
	/* 122 */ "bpf_get_netns_cookie",
	/* 123 */ "bpf_get_current_ancestor_cgroup_id",
	/* 124 */ "bpf_sk_assign",
	/* 125 */ "bpf_ktime_get_boot_ns",
	/* 126 */ "bpf_seq_printf",
	/* 127 */ "bpf_seq_write",
	/* 128 */ "bpf_sk_cgroup_id",
	/* 129 */ "bpf_sk_ancestor_cgroup_id",
	/* 130 */ "bpf_ringbuf_output",
	/* 131 */ "bpf_ringbuf_reserve",
	/* 132 */ "bpf_ringbuf_submit",
	/* 133 */ "bpf_ringbuf_discard",
	/* 134 */ "bpf_ringbuf_query",
	/* 135 */ "bpf_csum_level",
	/* 136 */ "bpf_skc_to_tcp6_sock",
	/* 137 */ "bpf_skc_to_tcp_sock",
	/* 138 */ "bpf_skc_to_tcp_timewait_sock",
	/* 139 */ "bpf_skc_to_tcp_request_sock",
	/* 140 */ "bpf_skc_to_udp6_sock",
	/* 141 */ "bpf_get_task_stack",
	/* 142 */ "bpf_load_hdr_opt",
	/* 143 */ "bpf_store_hdr_opt",
	/* 144 */ "bpf_reserve_hdr_opt",
	/* 145 */ "bpf_inode_storage_get",
	/* 146 */ "bpf_inode_storage_delete",
	/* 147 */ "bpf_d_path",
	/* 148 */ "bpf_copy_from_user",
	/* 149 */ "bpf_snprintf_btf",
	/* 150 */ "bpf_seq_printf_btf",
	/* 151 */ "bpf_skb_cgroup_classid",
	/* 152 */ "bpf_redirect_neigh",
	/* 153 */ "bpf_per_cpu_ptr",
	/* 154 */ "bpf_this_cpu_ptr",
	/* 155 */ "bpf_redirect_peer",
	/* 156 */ "bpf_task_storage_get",
	/* 157 */ "bpf_task_storage_delete",
	/* 158 */ "bpf_get_current_task_btf",
	/* 159 */ "bpf_bprm_opts_set",
	/* 160 */ "bpf_ktime_get_coarse_ns",
	/* 161 */ "bpf_ima_inode_hash",
	/* 162 */ "bpf_sock_from_file",
	/* 163 */ "bpf_check_mtu",
	/* 164 */ "bpf_for_each_map_elem",
	/* 165 */ "bpf_snprintf",
	/* 166 */ "bpf_sys_bpf",
	/* 167 */ "bpf_btf_find_by_name_kind",
	/* 168 */ "bpf_sys_close",
	/* 169 */ "bpf_timer_init",
	/* 170 */ "bpf_timer_set_callback",
	/* 171 */ "bpf_timer_start",
	/* 172 */ "bpf_timer_cancel",
	/* 173 */ "bpf_get_func_ip",
	/* 174 */ "bpf_get_attach_cookie",
	/* 175 */ "bpf_task_pt_regs",
	/* 176 */ "bpf_get_branch_snapshot",
	/* 177 */ "bpf_trace_vprintk",
	/* 178 */ "bpf_skc_to_unix_sock",
	/* 179 */ "bpf_kallsyms_lookup_name",
	/* 180 */ "bpf_find_vma",
	/* 181 */ "bpf_loop",
	/* 182 */ "bpf_strncmp",
	/* 183 */ "bpf_get_func_arg",
	/* 184 */ "bpf_get_func_ret",
	/* 185 */ "bpf_get_func_arg_cnt",
	/* 186 */ "bpf_get_retval",
	/* 187 */ "bpf_set_retval",
	/* 188 */ "bpf_xdp_get_buff_len",
	/* 189 */ "bpf_xdp_load_bytes",
	/* 190 */ "bpf_xdp_store_bytes",
	/* 191 */ "bpf_copy_from_user_task",
	/* 192 */ "bpf_skb_set_tstamp",
	/* 193 */ "bpf_ima_file_hash",
	/* 194 */ "bpf_kptr_xchg",
	/* 195 */ "bpf_map_lookup_percpu_elem",
	/* 196 */ "bpf_skc_to_mptcp_sock",
	/* 197 */ "bpf_dynptr_from_mem",
	/* 198 */ "bpf_ringbuf_reserve_dynptr",
	/* 199 */ "bpf_ringbuf_submit_dynptr",
	/* 200 */ "bpf_ringbuf_discard_dynptr",
	/* 201 */ "bpf_dynptr_read",
	/* 202 */ "bpf_dynptr_write",
	/* 203 */ "bpf_dynptr_data",
	/* 204 */ "bpf_tcp_raw_gen_syncookie_ipv4",
	/* 205 */ "bpf_tcp_raw_gen_syncookie_ipv6",
	/* 206 */ "bpf_tcp_raw_check_syncookie_ipv4",
	/* 207 */ "bpf_tcp_raw_check_syncookie_ipv6",
	/* 208 */ "bpf_ktime_get_tai_ns",
	/* 209 */ "bpf_user_ringbuf_drain",
};

#define __BPF_FUNC_MAX_ID	((int)ARRAY_SIZE(func_id_str))

/* What the kernel's "%s" prints for a NULL table slot. */
static const char *tbl_str(const char *s)
{
	return s ? s : "(null)";
}

static const char *__func_get_name(const struct bpf_insn_cbs *cbs,
				   const struct bpf_insn *insn,
				   char *buff, size_t len)
{
	/* A helper call (src_reg 0) with a known id: the table has its name. */
	if (!insn->src_reg &&
	    insn->imm >= 0 && insn->imm < __BPF_FUNC_MAX_ID &&
	    func_id_str[insn->imm])
		return func_id_str[insn->imm];

	if (cbs && cbs->cb_call) {
		const char *res = cbs->cb_call(cbs->private_data, insn);

		if (res)
			return res;
	}

	/* bpf-to-bpf call: the relative target, "+3" of "call pc+3". */
	if (insn->src_reg == BPF_PSEUDO_CALL)
		snprintf(buff, len, "%+d", insn->imm);
	else if (insn->src_reg == BPF_PSEUDO_KFUNC_CALL)
		snprintf(buff, len, "kernel-function");

	/* Otherwise buff still holds what the caller put there ("unknown"). */
	return buff;
}

static const char *__func_imm_name(const struct bpf_insn_cbs *cbs,
				   const struct bpf_insn *insn,
				   u64 full_imm, char *buff, size_t len)
{
	if (cbs && cbs->cb_imm)
		return cbs->cb_imm(cbs->private_data, insn, full_imm);

	snprintf(buff, len, "0x%llx", (unsigned long long)full_imm);
	return buff;
}

const char *func_id_name(int id)
{
	if (id >= 0 && id < __BPF_FUNC_MAX_ID && func_id_str[id])
		return func_id_str[id];
	return "unknown";
}

const char *const bpf_class_string[8] = {
	[BPF_LD]    = "ld",
	[BPF_LDX]   = "ldx",
	[BPF_ST]    = "st",
	[BPF_STX]   = "stx",
	[BPF_ALU]   = "alu",
	[BPF_JMP]   = "jmp",
	[BPF_JMP32] = "jmp32",
	[BPF_ALU64] = "alu64",
};

const char *const bpf_alu_string[16] = {
	[BPF_ADD >> 4]  = "+=",
	[BPF_SUB >> 4]  = "-=",
	[BPF_MUL >> 4]  = "*=",
	[BPF_DIV >> 4]  = "/=",
	[BPF_OR  >> 4]  = "|=",
	[BPF_AND >> 4]  = "&=",
	[BPF_LSH >> 4]  = "<<=",
	[BPF_RSH >> 4]  = ">>=",
	[BPF_NEG >> 4]  = "neg",
	[BPF_MOD >> 4]  = "%=",
	[BPF_XOR >> 4]  = "^=",
	[BPF_MOV >> 4]  = "=",
	[BPF_ARSH >> 4] = "s>>=",
	[BPF_END >> 4]  = "endian",
};

/* ISA v4: off == 1 turns DIV and MOD signed (Linux 6.6). */
static const char *const bpf_alu_sign_string[16] = {
	[BPF_DIV >> 4]  = "s/=",
	[BPF_MOD >> 4]  = "s%=",
};

/* ISA v4: MOV with off 8, 16 or 32 sign-extends; indexed by off / 8 - 1. */
static const char *const bpf_movsx_string[4] = {
	[0] = "(s8)",
	[1] = "(s16)",
	[3] = "(s32)",
};

static const char *const bpf_atomic_alu_string[16] = {
	[BPF_ADD >> 4]  = "add",
	[BPF_AND >> 4]  = "and",
	[BPF_OR  >> 4]  = "or",
	[BPF_XOR >> 4]  = "xor",
};

static const char *const bpf_ldst_string[] = {
	[BPF_W >> 3]  = "u32",
	[BPF_H >> 3]  = "u16",
	[BPF_B >> 3]  = "u8",
	[BPF_DW >> 3] = "u64",
};

/* ISA v4 sign-extending loads (BPF_MEMSX); there is no 64-bit one. */
static const char *const bpf_ldsx_string[] = {
	[BPF_W >> 3]  = "s32",
	[BPF_H >> 3]  = "s16",
	[BPF_B >> 3]  = "s8",
};

const char *const bpf_jmp_string[16] = {
	[BPF_JA >> 4]   = "jmp",
	[BPF_JEQ >> 4]  = "==",
	[BPF_JGT >> 4]  = ">",
	[BPF_JLT >> 4]  = "<",
	[BPF_JGE >> 4]  = ">=",
	[BPF_JLE >> 4]  = "<=",
	[BPF_JSET >> 4] = "&",
	[BPF_JNE >> 4]  = "!=",
	[BPF_JSGT >> 4] = "s>",
	[BPF_JSLT >> 4] = "s<",
	[BPF_JSGE >> 4] = "s>=",
	[BPF_JSLE >> 4] = "s<=",
	[BPF_CALL >> 4] = "call",
	[BPF_EXIT >> 4] = "exit",
};

/* BPF_ALU | BPF_END: byte order conversion, "r1 = be16 r1". */
static void print_bpf_end_insn(bpf_insn_print_t verbose,
			       void *private_data,
			       const struct bpf_insn *insn)
{
	verbose(private_data, "(%02x) r%d = %s%d r%d\n",
		insn->code, insn->dst_reg,
		BPF_SRC(insn->code) == BPF_TO_BE ? "be" : "le",
		insn->imm, insn->dst_reg);
}

/* BPF_ALU64 | BPF_END (ISA v4): unconditional swap, "r1 = bswap16 r1". */
static void print_bpf_bswap_insn(bpf_insn_print_t verbose,
				 void *private_data,
				 const struct bpf_insn *insn)
{
	verbose(private_data, "(%02x) r%d = bswap%d r%d\n",
		insn->code, insn->dst_reg,
		insn->imm, insn->dst_reg);
}

static bool is_sdiv_smod(const struct bpf_insn *insn)
{
	return (BPF_OP(insn->code) == BPF_DIV ||
		BPF_OP(insn->code) == BPF_MOD) &&
	       insn->off == 1;
}

static bool is_movsx(const struct bpf_insn *insn)
{
	return BPF_OP(insn->code) == BPF_MOV &&
	       (insn->off == 8 || insn->off == 16 || insn->off == 32);
}

static const char *alu_op_string(const struct bpf_insn *insn)
{
	u8 op = BPF_OP(insn->code) >> 4;

	return tbl_str(is_sdiv_smod(insn) ? bpf_alu_sign_string[op]
					  : bpf_alu_string[op]);
}

static void print_bpf_alu_insn(const struct bpf_insn_cbs *cbs,
			       const struct bpf_insn *insn)
{
	const bpf_insn_print_t verbose = cbs->cb_print;
	u8 class = BPF_CLASS(insn->code);
	/* 32-bit ALU works on the subregister: w1, not r1. */
	char r = class == BPF_ALU ? 'w' : 'r';

	if (BPF_OP(insn->code) == BPF_END) {
		if (class == BPF_ALU64)
			print_bpf_bswap_insn(verbose, cbs->private_data, insn);
		else
			print_bpf_end_insn(verbose, cbs->private_data, insn);
	} else if (BPF_OP(insn->code) == BPF_NEG) {
		verbose(cbs->private_data, "(%02x) %c%d = -%c%d\n",
			insn->code, r, insn->dst_reg, r, insn->dst_reg);
	} else if (BPF_SRC(insn->code) == BPF_X) {
		verbose(cbs->private_data, "(%02x) %c%d %s %s%c%d\n",
			insn->code, r, insn->dst_reg, alu_op_string(insn),
			is_movsx(insn) ?
				tbl_str(bpf_movsx_string[(insn->off >> 3) - 1]) : "",
			r, insn->src_reg);
	} else {
		verbose(cbs->private_data, "(%02x) %c%d %s %d\n",
			insn->code, r, insn->dst_reg, alu_op_string(insn),
			insn->imm);
	}
}

static void print_bpf_stx_insn(const struct bpf_insn_cbs *cbs,
			       const struct bpf_insn *insn)
{
	const bpf_insn_print_t verbose = cbs->cb_print;
	const char *size = bpf_ldst_string[BPF_SIZE(insn->code) >> 3];
	/* Fetching atomics name the width: atomic64_xchg, atomic_xchg. */
	const char *width = BPF_SIZE(insn->code) == BPF_DW ? "64" : "";

	if (BPF_MODE(insn->code) == BPF_MEM) {
		verbose(cbs->private_data, "(%02x) *(%s *)(r%d %+d) = r%d\n",
			insn->code, size, insn->dst_reg, insn->off,
			insn->src_reg);
		return;
	}
	if (BPF_MODE(insn->code) != BPF_ATOMIC) {
		verbose(cbs->private_data, "BUG_%02x\n", insn->code);
		return;
	}

	switch (insn->imm) {
	case BPF_ADD:
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		/* v5.8's BPF_XADD is BPF_ATOMIC with imm BPF_ADD. */
		verbose(cbs->private_data, "(%02x) lock *(%s *)(r%d %+d) %s r%d\n",
			insn->code, size, insn->dst_reg, insn->off,
			bpf_alu_string[BPF_OP(insn->imm) >> 4], insn->src_reg);
		break;
	case BPF_ADD | BPF_FETCH:
	case BPF_AND | BPF_FETCH:
	case BPF_OR | BPF_FETCH:
	case BPF_XOR | BPF_FETCH:
		verbose(cbs->private_data,
			"(%02x) r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)\n",
			insn->code, insn->src_reg, width,
			bpf_atomic_alu_string[BPF_OP(insn->imm) >> 4],
			size, insn->dst_reg, insn->off, insn->src_reg);
		break;
	case BPF_CMPXCHG:
		verbose(cbs->private_data,
			"(%02x) r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)\n",
			insn->code, width, size, insn->dst_reg, insn->off,
			insn->src_reg);
		break;
	case BPF_XCHG:
		verbose(cbs->private_data,
			"(%02x) r%d = atomic%s_xchg((%s *)(r%d %+d), r%d)\n",
			insn->code, insn->src_reg, width, size,
			insn->dst_reg, insn->off, insn->src_reg);
		break;
	default:
		verbose(cbs->private_data, "BUG_%02x\n", insn->code);
	}
}

static void print_bpf_ld_insn(const struct bpf_insn_cbs *cbs,
			      const struct bpf_insn *insn,
			      bool allow_ptr_leaks)
{
	const bpf_insn_print_t verbose = cbs->cb_print;
	const char *size = bpf_ldst_string[BPF_SIZE(insn->code) >> 3];

	if (BPF_MODE(insn->code) == BPF_ABS) {
		/* Classic BPF's packet loads: r0 = skb->data[imm]. */
		verbose(cbs->private_data, "(%02x) r0 = *(%s *)skb[%d]\n",
			insn->code, size, insn->imm);
	} else if (BPF_MODE(insn->code) == BPF_IND) {
		verbose(cbs->private_data, "(%02x) r0 = *(%s *)skb[r%d + %d]\n",
			insn->code, size, insn->src_reg, insn->imm);
	} else if (BPF_MODE(insn->code) == BPF_IMM &&
		   BPF_SIZE(insn->code) == BPF_DW) {
		/* The 64-bit constant spans two slots: low half first. */
		u64 imm = ((u64)(insn + 1)->imm << 32) | (u32)insn->imm;
		bool is_ptr = insn->src_reg == BPF_PSEUDO_MAP_FD ||
			      insn->src_reg == BPF_PSEUDO_MAP_VALUE ||
			      insn->src_reg == BPF_PSEUDO_MAP_IDX ||
			      insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE ||
			      insn->src_reg == BPF_PSEUDO_BTF_ID;
		char tmp[64];

		/* After the verifier, a map reference is a kernel address. */
		if (is_ptr && !allow_ptr_leaks)
			imm = 0;

		verbose(cbs->private_data, "(%02x) r%d = %s\n",
			insn->code, insn->dst_reg,
			__func_imm_name(cbs, insn, imm, tmp, sizeof(tmp)));
	} else {
		verbose(cbs->private_data, "BUG_ld_%02x\n", insn->code);
	}
}

static void print_bpf_jmp_insn(const struct bpf_insn_cbs *cbs,
			       const struct bpf_insn *insn)
{
	const bpf_insn_print_t verbose = cbs->cb_print;
	u8 class = BPF_CLASS(insn->code);
	char r = class == BPF_JMP32 ? 'w' : 'r';
	const char *op = tbl_str(bpf_jmp_string[BPF_OP(insn->code) >> 4]);
	char tmp[64];

	if (BPF_OP(insn->code) == BPF_CALL) {
		if (insn->src_reg == BPF_PSEUDO_CALL) {
			verbose(cbs->private_data, "(%02x) call pc%s\n",
				insn->code,
				__func_get_name(cbs, insn, tmp, sizeof(tmp)));
		} else {
			strcpy(tmp, "unknown");
			verbose(cbs->private_data, "(%02x) call %s#%d\n",
				insn->code,
				__func_get_name(cbs, insn, tmp, sizeof(tmp)),
				insn->imm);
		}
	} else if (insn->code == (BPF_JMP | BPF_JA)) {
		verbose(cbs->private_data, "(%02x) goto pc%+d\n",
			insn->code, insn->off);
	} else if (insn->code == (BPF_JMP32 | BPF_JA)) {
		/* ISA v4: the long jump keeps its offset in imm. */
		verbose(cbs->private_data, "(%02x) gotol pc%+d\n",
			insn->code, insn->imm);
	} else if (insn->code == (BPF_JMP | BPF_EXIT)) {
		verbose(cbs->private_data, "(%02x) exit\n", insn->code);
	} else if (insn->code == (BPF_JMP | BPF_TAIL_CALL)) {
		/* Only inside the kernel: its dumps show `call bpf_tail_call#12`
		 * (bpf_insn_prepare_dump()); imm > 0 names a poke descriptor.
		 */
		if (insn->imm)
			verbose(cbs->private_data, "(%02x) tail_call direct, poke %d\n",
				insn->code, insn->imm);
		else
			verbose(cbs->private_data, "(%02x) tail_call\n", insn->code);
	} else if (BPF_SRC(insn->code) == BPF_X) {
		verbose(cbs->private_data,
			"(%02x) if %c%d %s %c%d goto pc%+d\n",
			insn->code, r, insn->dst_reg, op, r, insn->src_reg,
			insn->off);
	} else {
		verbose(cbs->private_data,
			"(%02x) if %c%d %s 0x%x goto pc%+d\n",
			insn->code, r, insn->dst_reg, op, (u32)insn->imm,
			insn->off);
	}
}

void print_bpf_insn(const struct bpf_insn_cbs *cbs,
		    const struct bpf_insn *insn,
		    bool allow_ptr_leaks)
{
	const bpf_insn_print_t verbose = cbs->cb_print;
	u8 class = BPF_CLASS(insn->code);

	switch (class) {
	case BPF_ALU:
	case BPF_ALU64:
		print_bpf_alu_insn(cbs, insn);
		break;
	case BPF_STX:
		print_bpf_stx_insn(cbs, insn);
		break;
	case BPF_ST:
		if (BPF_MODE(insn->code) == BPF_MEM)
			verbose(cbs->private_data, "(%02x) *(%s *)(r%d %+d) = %d\n",
				insn->code,
				bpf_ldst_string[BPF_SIZE(insn->code) >> 3],
				insn->dst_reg, insn->off, insn->imm);
		else if (BPF_MODE(insn->code) == BPF_NOSPEC)
			/* The verifier's speculation barrier (Linux 5.14). */
			verbose(cbs->private_data, "(%02x) nospec\n", insn->code);
		else
			verbose(cbs->private_data, "BUG_st_%02x\n", insn->code);
		break;
	case BPF_LDX:
		/* A 64-bit sign-extending load has nothing to extend: the
		 * kernel's table has no name for it and prints "(null)"; the
		 * verifier refuses it long before. We call it a BUG.
		 */
		if (BPF_MODE(insn->code) == BPF_MEM ||
		    (BPF_MODE(insn->code) == BPF_MEMSX &&
		     BPF_SIZE(insn->code) != BPF_DW))
			verbose(cbs->private_data, "(%02x) r%d = *(%s *)(r%d %+d)\n",
				insn->code, insn->dst_reg,
				BPF_MODE(insn->code) == BPF_MEM ?
					bpf_ldst_string[BPF_SIZE(insn->code) >> 3] :
					bpf_ldsx_string[BPF_SIZE(insn->code) >> 3],
				insn->src_reg, insn->off);
		else
			verbose(cbs->private_data, "BUG_ldx_%02x\n", insn->code);
		break;
	case BPF_LD:
		print_bpf_ld_insn(cbs, insn, allow_ptr_leaks);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		print_bpf_jmp_insn(cbs, insn);
		break;
	}
}
