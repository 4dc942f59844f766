/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of this chapter share. In the kernel all of this is one
 * file, kernel/bpf/verifier.c, and these functions are static there; the
 * names are the kernel's.
 */
#ifndef _CH03_INTERNAL_H
#define _CH03_INTERNAL_H

#include "linux/bpf_verifier.h"

/* check_reg_arg(): how an instruction uses a register */
enum reg_arg_type {
	SRC_OP,		/* register is used as source operand */
	DST_OP,		/* register is used as destination operand */
	DST_OP_NO_MARK	/* same as above, check only, don't mark */
};

#define CALLER_SAVED_REGS 6

/* regs.c */
void __mark_reg_known(struct bpf_reg_state *reg, u64 imm);
void __mark_reg_known_zero(struct bpf_reg_state *reg);
void __mark_reg_unknown(const struct bpf_verifier_env *env, struct bpf_reg_state *reg);
void mark_reg_unknown(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno);
void mark_reg_known_zero(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno);
void mark_reg_not_init(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno);
void init_reg_state(struct bpf_verifier_env *env, struct bpf_func_state *state);
void init_func_state(struct bpf_verifier_env *env, struct bpf_func_state *state,
		     int callsite, int frameno, int subprogno);
int grow_stack_state(struct bpf_func_state *state, int size);
int copy_func_state(struct bpf_func_state *dst, const struct bpf_func_state *src);
void free_func_state(struct bpf_func_state *state);
struct bpf_reg_state *cur_regs(struct bpf_verifier_env *env);
struct bpf_func_state *cur_func(struct bpf_verifier_env *env);
struct bpf_func_state *func(struct bpf_verifier_env *env, const struct bpf_reg_state *reg);
int check_reg_arg(struct bpf_verifier_env *env, u32 regno, enum reg_arg_type t);
bool is_pointer_value(struct bpf_verifier_env *env, int regno);
bool register_is_null(const struct bpf_reg_state *reg);
bool register_is_const(const struct bpf_reg_state *reg);
bool is_ctx_reg(struct bpf_verifier_env *env, int regno);
void coerce_reg_to_size(struct bpf_reg_state *reg, int size);
void coerce_reg_to_size_sx(struct bpf_reg_state *reg, int size);

/* log.c: pieces of print_verifier_state() chapter 07's printer reuses */
extern const char slot_type_char[];
void print_liveness(struct bpf_verifier_env *env, enum bpf_reg_liveness live);

/* insn_fields.c: the per-instruction checks that need no state */
int check_reserved_fields(struct bpf_verifier_env *env, const struct bpf_insn *insn);
int check_alu_imm(struct bpf_verifier_env *env, const struct bpf_insn *insn);

/* alu.c, mem.c, jmp.c, calls.c */
int check_alu_op(struct bpf_verifier_env *env, struct bpf_insn *insn);
int check_mem_access(struct bpf_verifier_env *env, int insn_idx, u32 regno,
		     int off, int bpf_size, enum bpf_access_type t,
		     int value_regno, bool strict_alignment_once, bool is_ldsx);
int check_atomic(struct bpf_verifier_env *env, int insn_idx, struct bpf_insn *insn);
int check_path_stack_depth(struct bpf_verifier_env *env);
int div_mod_guard(const struct bpf_insn *insn, struct bpf_insn *buf);
void fixup_div_by_const(struct bpf_verifier_env *env, struct bpf_insn *insn);
struct bpf_call_arg_meta;
int check_stack_boundary(struct bpf_verifier_env *env, int regno,
			 int access_size, bool zero_size_allowed,
			 struct bpf_call_arg_meta *meta);
int check_cond_jmp_op(struct bpf_verifier_env *env, struct bpf_insn *insn, int *insn_idx);
int check_func_call(struct bpf_verifier_env *env, struct bpf_insn *insn, int *insn_idx);
int prepare_func_exit(struct bpf_verifier_env *env, int *insn_idx);
int check_helper_call(struct bpf_verifier_env *env, int func_id, int insn_idx);
const struct bpf_func_proto *get_helper_proto(struct bpf_verifier_env *env, int func_id);

/* do_check.c */
struct bpf_verifier_state *push_stack(struct bpf_verifier_env *env,
				      int insn_idx, int prev_insn_idx);
void free_verifier_state(struct bpf_verifier_state *state, bool free_self);

/* insn_check.c, dead_code.c, fixups.c, fixup_call_args.c */
bool bpf_opcode_in_insntable(u8 code);
int replace_map_fd_with_map_ptr(struct bpf_verifier_env *env);
int replace_map_fd(struct bpf_verifier_env *env, struct bpf_insn *insn, int i);
void opt_hard_wire_dead_code_branches(struct bpf_verifier_env *env);
int opt_remove_dead_code(struct bpf_verifier_env *env);
int opt_remove_nops(struct bpf_verifier_env *env);
void sanitize_dead_code(struct bpf_verifier_env *env);
int fixup_bpf_calls(struct bpf_verifier_env *env);
int fixup_call_args(struct bpf_verifier_env *env);
int convert_ctx_accesses(struct bpf_verifier_env *env);

#endif /* _CH03_INTERNAL_H */
