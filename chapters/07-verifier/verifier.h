/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of chapter 07 share. In the kernel all of this is one
 * file, kernel/bpf/verifier.c, and these functions are static there; the
 * names are the kernel's (v5.8, and where a later one is used, its
 * version is said where it is defined).
 *
 * Chapter 07 replaces chapter 03's walk: every function of chapter 03 that
 * is declared again here with the same name is defined again in this
 * chapter, and the linker takes this chapter's (chapter 03's is __weak).
 * The structural passes (check_subprogs(), check_cfg(), dead code, the
 * patching, the log) stay chapter 03's.
 */
#ifndef _CH07_VERIFIER_H
#define _CH07_VERIFIER_H

#include <string.h>

#include "linux/bpf_verifier.h"
#include "../03-bpf-check/internal.h"

/* A packet pointer's range when a compare with pkt_end put it at or past the
 * end (Linux 5.11): no byte through it may be read.
 */
enum {
	AT_PKT_END = -1,
	BEYOND_PKT_END = -2,
};

/* include/linux/bpf.h: the largest offset into a packet */
#define MAX_PACKET_OFF 0xffff

/* Every register and spilled register of every frame of a state:
 * bpf_for_each_reg_in_vstate() of later kernels.
 */
#define for_each_reg_in_vstate(vstate, state, reg, body)			\
	do {									\
		for (u32 __f = 0; __f <= (vstate)->curframe; __f++) {		\
			state = (vstate)->frame[__f];				\
			for (int __r = 0; __r < MAX_BPF_REG; __r++) {		\
				reg = &state->regs[__r];			\
				body;						\
			}							\
			for (int __s = 0; __s < state->allocated_stack / BPF_REG_SIZE; __s++) { \
				if (state->stack[__s].slot_type[0] != STACK_SPILL) \
					continue;				\
				reg = &state->stack[__s].spilled_ptr;		\
				body;						\
			}							\
		}								\
	} while (0)

/* What check_helper_call() learns about a helper's arguments as it checks
 * them one by one (v5.8).
 */
struct bpf_call_arg_meta {
	struct bpf_map *map_ptr;
	bool raw_mode;		/* the helper writes the memory: need not be initialized */
	bool pkt_access;	/* the helper may read packet memory directly */
	int regno;		/* the register holding the memory pointer */
	int access_size;
	u64 msize_max_value;
	int ref_obj_id;		/* the reference a release helper releases */
	int func_id;
	u32 mem_size;		/* ARG_CONST_ALLOC_SIZE_OR_ZERO: what RET_PTR_TO_ALLOC_MEM gets */
};

/* ---- sock_access.c: the fields a socket pointer reads (mem.c asks) ------- */
bool bpf_sock_is_valid_access(int off, int size, enum bpf_access_type type,
			      struct bpf_insn_access_aux *info);
bool bpf_sock_common_is_valid_access(int off, int size, enum bpf_access_type type,
				     struct bpf_insn_access_aux *info);

/* ---- tnum.c: the rest of include/linux/tnum.h --------------------------- */
struct tnum tnum_lshift(struct tnum a, u8 shift);
struct tnum tnum_rshift(struct tnum a, u8 shift);
struct tnum tnum_arshift(struct tnum a, u8 min_shift, u8 insn_bitness);
struct tnum tnum_sub(struct tnum a, struct tnum b);
struct tnum tnum_and(struct tnum a, struct tnum b);
struct tnum tnum_or(struct tnum a, struct tnum b);
struct tnum tnum_xor(struct tnum a, struct tnum b);
struct tnum tnum_mul(struct tnum a, struct tnum b);
struct tnum tnum_cast(struct tnum a, u8 size);
bool tnum_is_aligned(struct tnum a, u64 size);
bool tnum_in(struct tnum a, struct tnum b);
struct tnum tnum_subreg(struct tnum a);
struct tnum tnum_clear_subreg(struct tnum a);
struct tnum tnum_const_subreg(struct tnum a, u32 value);
static inline bool tnum_equals_const(struct tnum a, u64 b)
{
	return tnum_is_const(a) && a.value == b;
}
static inline bool tnum_subreg_is_const(struct tnum a)
{
	return !(tnum_subreg(a)).mask;
}
static inline bool tnum_subreg_equals_const(struct tnum a, u32 b)
{
	return tnum_equals_const(tnum_subreg(a), b);
}

/* ---- bounds.c ------------------------------------------------------------ */
/*
 * Ours: the four bounds of one width of a scalar, taken out of the register
 * (reg_bounds()) so that one piece of code serves the 64-bit view and the
 * 32-bit one, where the kernel writes every rule twice. At 32 bits the
 * unsigned bounds are held zero-extended and the signed ones sign-extended:
 * comparing two bounds of one kind then gives the answer it gives at 32
 * bits. set_reg_bounds() puts the four back; the tnum is for reading only.
 */
struct bounds {
	u64 umin, umax;
	s64 smin, smax;
	struct tnum var_off;	/* the known bits of this width */
	u8 bits;		/* 32 or 64 */
};

struct bounds reg_bounds(const struct bpf_reg_state *reg, u8 bits);
void set_reg_bounds(struct bpf_reg_state *reg, const struct bounds *b);
bool bounds_contradict(const struct bounds *b);

/* The largest unsigned, and the signed extremes, of a width. */
static inline u64 width_umax(u8 bits)
{
	return bits == 32 ? U32_MAX : U64_MAX;
}
static inline s64 width_smax(u8 bits)
{
	return bits == 32 ? S32_MAX : S64_MAX;
}
static inline s64 width_smin(u8 bits)
{
	return bits == 32 ? S32_MIN : S64_MIN;
}
/* A number of the width read as signed; a signed one read as unsigned. */
static inline s64 as_signed(u64 v, u8 bits)
{
	return bits == 32 ? (s64)(s32)v : (s64)v;
}
static inline u64 as_unsigned(s64 v, u8 bits)
{
	return bits == 32 ? (u64)(u32)v : (u64)v;
}

void __mark_reg32_known(struct bpf_reg_state *reg, u64 imm);
void __mark_reg_const_zero(struct bpf_reg_state *reg);
void __mark_reg_unbounded(struct bpf_reg_state *reg);
void __mark_reg64_unbounded(struct bpf_reg_state *reg);
void __mark_reg32_unbounded(struct bpf_reg_state *reg);
void __update_reg_bounds(struct bpf_reg_state *reg);
void reg_bounds_sync(struct bpf_reg_state *reg);
void __reg_combine_32_into_64(struct bpf_reg_state *reg);
void __reg_combine_64_into_32(struct bpf_reg_state *reg);
void zext_32_to_64(struct bpf_reg_state *reg);
void coerce_subreg_to_size_sx(struct bpf_reg_state *reg, int size);
bool reg_is_pkt_pointer(const struct bpf_reg_state *reg);
bool reg_is_pkt_pointer_any(const struct bpf_reg_state *reg);
bool reg_is_init_pkt_pointer(const struct bpf_reg_state *reg, enum bpf_reg_type which);
bool type_is_pkt_pointer(enum bpf_reg_type type);
bool type_is_sk_pointer(enum bpf_reg_type type);
bool reg_type_may_be_null(enum bpf_reg_type type);
bool reg_type_may_be_refcounted_or_null(enum bpf_reg_type type);
bool __is_pointer_value(bool allow_ptr_leaks, const struct bpf_reg_state *reg);
bool register_is_bounded(const struct bpf_reg_state *reg);

/* ---- regs.c: liveness and the current state --------------------------- */
struct bpf_insn_aux_data *cur_aux(struct bpf_verifier_env *env);
int mark_reg_read(struct bpf_verifier_env *env, const struct bpf_reg_state *state,
		  struct bpf_reg_state *parent, u8 flag);
bool is_reg64(struct bpf_verifier_env *env, struct bpf_insn *insn, u32 regno,
	      struct bpf_reg_state *reg, enum reg_arg_type t);
bool insn_has_def32(struct bpf_verifier_env *env, struct bpf_insn *insn);
void mark_insn_zext(struct bpf_verifier_env *env, struct bpf_reg_state *reg);
bool is_pkt_reg(struct bpf_verifier_env *env, int regno);
bool is_sk_reg(struct bpf_verifier_env *env, int regno);
bool is_flow_key_reg(struct bpf_verifier_env *env, int regno);
void clobber_caller_saved_regs(struct bpf_verifier_env *env, struct bpf_reg_state *regs);

/* ---- precision.c --------------------------------------------------------- */
int push_jmp_history(struct bpf_verifier_env *env, struct bpf_verifier_state *cur);
int mark_chain_precision(struct bpf_verifier_env *env, int regno);
int mark_chain_precision_stack(struct bpf_verifier_env *env, int spi);

/* ---- alu.c, ptr_alu.c, scalar_alu.c --------------------------------------- */
int adjust_ptr_min_max_vals(struct bpf_verifier_env *env, struct bpf_insn *insn,
			    const struct bpf_reg_state *ptr_reg,
			    const struct bpf_reg_state *off_reg);
void bounds_add(struct bounds *dst, const struct bounds *src);
void bounds_sub(struct bounds *dst, const struct bounds *src);
int adjust_scalar_min_max_vals(struct bpf_verifier_env *env, struct bpf_insn *insn,
			       struct bpf_reg_state *dst_reg,
			       struct bpf_reg_state src_reg);
int sanitize_val_alu(struct bpf_verifier_env *env, struct bpf_insn *insn);
int sanitize_err(struct bpf_verifier_env *env, const struct bpf_insn *insn, int reason,
		 const struct bpf_reg_state *off_reg, const struct bpf_reg_state *dst_reg);

/* ---- mem.c, stack.c, packet.c ------------------------------------------- */
int check_ptr_alignment(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
			int off, int size, bool strict_alignment_once);
int check_stack_access(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
		       int off, int size);
/* stack_var.c (Linux 5.12) */
int check_stack_access_var_off(struct bpf_verifier_env *env, u32 regno, int off,
			       int size, enum bpf_access_type t, int value_regno);
int update_stack_depth(struct bpf_verifier_env *env, const struct bpf_func_state *func,
		       int off);
int check_stack_write(struct bpf_verifier_env *env, struct bpf_func_state *state,
		      int off, int size, int value_regno, int insn_idx);
int check_stack_read(struct bpf_verifier_env *env, struct bpf_func_state *reg_state,
		     int off, int size, int value_regno);
int __check_mem_access(struct bpf_verifier_env *env, int regno, int off, int size,
		       u32 mem_size, bool zero_size_allowed);
int check_packet_access(struct bpf_verifier_env *env, u32 regno, int off, int size,
			bool zero_size_allowed);
int check_off_not_negative(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
			   u32 regno);
bool may_access_direct_pkt_data(struct bpf_verifier_env *env,
				const struct bpf_call_arg_meta *meta,
				enum bpf_access_type t);
int check_ctx_reg(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int regno);
void clear_all_pkt_pointers(struct bpf_verifier_env *env);
void find_good_pkt_pointers(struct bpf_verifier_state *vstate, struct bpf_reg_state *dst_reg,
			    enum bpf_reg_type type, bool range_right_open);
bool try_match_pkt_pointers(const struct bpf_insn *insn, struct bpf_reg_state *dst_reg,
			    struct bpf_reg_state *src_reg, struct bpf_verifier_state *this_branch,
			    struct bpf_verifier_state *other_branch);
int check_ld_abs(struct bpf_verifier_env *env, struct bpf_insn *insn);
int check_helper_mem_access(struct bpf_verifier_env *env, int regno, int access_size,
			    bool zero_size_allowed, struct bpf_call_arg_meta *meta);
int check_stack_boundary(struct bpf_verifier_env *env, int regno, int access_size,
			 bool zero_size_allowed, struct bpf_call_arg_meta *meta);

/* ---- helpers_check.c: references ---------------------------------------- */
int acquire_reference_state(struct bpf_verifier_env *env, int insn_idx);
int release_reference_state(struct bpf_func_state *state, int ptr_id);
int release_reference(struct bpf_verifier_env *env, int ref_obj_id);
int check_reference_leak(struct bpf_verifier_env *env);
int copy_reference_state(struct bpf_func_state *dst, const struct bpf_func_state *src);

/* ---- maps.c: __weak until chapter 08 ------------------------------------ */
int check_map_access(struct bpf_verifier_env *env, u32 regno, int off, int size,
		     bool zero_size_allowed);
int check_map_access_type(struct bpf_verifier_env *env, u32 regno, int off, int size,
			  enum bpf_access_type type);
int map_value_read_reg(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
		       int off, int size, struct bpf_reg_state *dst);
int record_func_map(struct bpf_verifier_env *env, struct bpf_call_arg_meta *meta,
		    int func_id, int insn_idx);
int record_func_key(struct bpf_verifier_env *env, struct bpf_call_arg_meta *meta,
		    int func_id, int insn_idx);
int check_map_func_compatibility(struct bpf_verifier_env *env, struct bpf_map *map,
				 int func_id);
int check_ld_imm_map(struct bpf_verifier_env *env, struct bpf_insn *insn);

/* ---- jmp.c --------------------------------------------------------------- */
u8 flip_opcode(u32 opcode);

/* ---- prune.c ------------------------------------------------------------- */
int is_state_visited(struct bpf_verifier_env *env, int insn_idx);
void update_branch_counts(struct bpf_verifier_env *env, struct bpf_verifier_state *st);
int copy_verifier_state(struct bpf_verifier_state *dst_state,
			const struct bpf_verifier_state *src);

#endif /* _CH07_VERIFIER_H */
