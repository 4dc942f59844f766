/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verifier's state: what it knows about every register and stack slot
 * on the path it is walking, the per-instruction and per-subprogram records
 * it leaves for the JIT, the log, and the per-program-type rules.
 *
 * Mirrors include/linux/bpf_verifier.h, include/linux/tnum.h and the
 * verifier parts of include/linux/bpf.h (struct bpf_func_proto,
 * struct bpf_verifier_ops, enum bpf_reg_type), Linux v5.8; written afresh.
 * Defined by chapters/03-bpf-check. The field names are the kernel's, so
 * that the parts this chapter leaves out (packet pointers, map values,
 * variable offsets, state pruning) can be added without renaming anything.
 */
#ifndef _SHIM_LINUX_BPF_VERIFIER_H
#define _SHIM_LINUX_BPF_VERIFIER_H

#include <stdarg.h>

#include "linux/bpf.h"
#include "linux/bpf_log.h"

#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif

/* ---- include/linux/tnum.h: a "tristate number" ------------------------- */

/*
 * A 64-bit value of which some bits are known: `mask` has a 1 for every
 * unknown bit, `value` holds the known ones (and 0 where mask is 1).
 * A constant is (c; 0); a fully unknown value is (0; ~0).
 */
struct tnum {
	u64 value;
	u64 mask;
};

#define TNUM(_v, _m)	(struct tnum){.value = _v, .mask = _m}
static inline struct tnum tnum_const(u64 value) { return TNUM(value, 0); }
static inline bool tnum_is_const(struct tnum a) { return !a.mask; }
static inline bool tnum_is_unknown(struct tnum a) { return !~a.mask; }
extern const struct tnum tnum_unknown;
/* The sum of two partly known numbers: known bits stay known where no
 * unknown carry can reach them.
 */
struct tnum tnum_add(struct tnum a, struct tnum b);
/* The smallest tnum holding [min, max]; and what two tnums both say. */
struct tnum tnum_range(u64 min, u64 max);
struct tnum tnum_intersect(struct tnum a, struct tnum b);
/* "(0x0; 0xff)": the kernel's tnum_strn() format. */
int tnum_strn(char *str, size_t size, struct tnum a);

/* ---- include/linux/bpf.h: register types, helper prototypes ------------- */

/* What a register (or spilled stack slot) holds, in v5.8's order (the log
 * prints them by name: reg_type_str[]). Chapter 03 knows the scalars, the
 * stack and the context; chapter 07 adds packets and sockets, chapter 08
 * maps.
 */
enum bpf_reg_type {
	NOT_INIT = 0,		 /* nothing was written into register */
	SCALAR_VALUE,		 /* reg doesn't contain a valid pointer */
	PTR_TO_CTX,		 /* reg points to bpf_context */
	CONST_PTR_TO_MAP,	 /* reg points to struct bpf_map */
	PTR_TO_MAP_VALUE,	 /* reg points to map element value */
	PTR_TO_MAP_VALUE_OR_NULL,/* points to map elem value or NULL */
	PTR_TO_STACK,		 /* reg == frame_pointer + offset */
	PTR_TO_PACKET_META,	 /* skb->data - meta_len */
	PTR_TO_PACKET,		 /* reg points to skb->data */
	PTR_TO_PACKET_END,	 /* skb->data + headlen */
	PTR_TO_FLOW_KEYS,	 /* reg points to bpf_flow_keys */
	PTR_TO_SOCKET,		 /* reg points to struct bpf_sock */
	PTR_TO_SOCKET_OR_NULL,	 /* reg points to struct bpf_sock or NULL */
	PTR_TO_SOCK_COMMON,	 /* reg points to sock_common */
	PTR_TO_SOCK_COMMON_OR_NULL, /* reg points to sock_common or NULL */
	PTR_TO_TCP_SOCK,	 /* reg points to struct tcp_sock */
	PTR_TO_TCP_SOCK_OR_NULL, /* reg points to struct tcp_sock or NULL */
	PTR_TO_TP_BUFFER,	 /* reg points to a writable raw tp's buffer */
	PTR_TO_XDP_SOCK,	 /* reg points to struct xdp_sock */
	PTR_TO_BTF_ID,		 /* reg points to kernel struct */
	PTR_TO_BTF_ID_OR_NULL,	 /* reg points to kernel struct or NULL */
	PTR_TO_MEM,		 /* reg points to valid memory region */
	PTR_TO_MEM_OR_NULL,	 /* reg points to valid memory region or NULL */
	__BPF_REG_TYPE_MAX,
};

enum bpf_access_type {
	BPF_READ = 1,
	BPF_WRITE = 2,
};

/* Argument types of a helper (v5.8's list; check_func_arg() checks each). */
enum bpf_arg_type {
	ARG_DONTCARE = 0,	/* unused argument in helper function */

	/* the following constraints used to prototype
	 * bpf_map_lookup/update/delete_elem() functions
	 */
	ARG_CONST_MAP_PTR,	/* const argument used as pointer to bpf_map */
	ARG_PTR_TO_MAP_KEY,	/* pointer to stack used as map key */
	ARG_PTR_TO_MAP_VALUE,	/* pointer to stack used as map value */
	ARG_PTR_TO_UNINIT_MAP_VALUE,	/* pointer to valid memory used to store a map value */
	ARG_PTR_TO_MAP_VALUE_OR_NULL,	/* pointer to stack used as map value or NULL */

	/* the following constraints used to prototype bpf_memcmp() and other
	 * functions that access data on eBPF program stack
	 */
	ARG_PTR_TO_MEM,		/* pointer to valid memory (stack, packet, map value) */
	ARG_PTR_TO_MEM_OR_NULL, /* pointer to valid memory or NULL */
	ARG_PTR_TO_UNINIT_MEM,	/* pointer to memory does not need to be initialized,
				 * helper function must fill all bytes or clear
				 * them in error case.
				 */

	ARG_CONST_SIZE,		/* number of bytes accessed from memory */
	ARG_CONST_SIZE_OR_ZERO,	/* number of bytes accessed from memory or 0 */

	ARG_PTR_TO_CTX,		/* pointer to context */
	ARG_PTR_TO_CTX_OR_NULL,	/* pointer to context or NULL */
	ARG_ANYTHING,		/* any (initialized) argument is ok */
	ARG_PTR_TO_SPIN_LOCK,	/* pointer to bpf_spin_lock */
	ARG_PTR_TO_SOCK_COMMON,	/* pointer to sock_common */
	ARG_PTR_TO_INT,		/* pointer to int */
	ARG_PTR_TO_LONG,	/* pointer to long */
	ARG_PTR_TO_SOCKET,	/* pointer to bpf_sock (fullsock) */
	ARG_PTR_TO_BTF_ID,	/* pointer to in-kernel struct */
	ARG_PTR_TO_ALLOC_MEM,	/* pointer to dynamically allocated memory */
	ARG_PTR_TO_ALLOC_MEM_OR_NULL,	/* pointer to dynamically allocated memory or NULL */
	ARG_CONST_ALLOC_SIZE_OR_ZERO,	/* number of allocated bytes requested */
};

/* type of values returned from helper functions */
enum bpf_return_type {
	RET_INTEGER,			/* function returns integer */
	RET_VOID,			/* function doesn't return anything */
	RET_PTR_TO_MAP_VALUE,		/* returns a pointer to map elem value */
	RET_PTR_TO_MAP_VALUE_OR_NULL,	/* returns a pointer to map elem value or NULL */
	RET_PTR_TO_SOCKET_OR_NULL,	/* returns a pointer to a socket or NULL */
	RET_PTR_TO_TCP_SOCK_OR_NULL,	/* returns a pointer to a tcp_sock or NULL */
	RET_PTR_TO_SOCK_COMMON_OR_NULL,	/* returns a pointer to a sock_common or NULL */
	RET_PTR_TO_ALLOC_MEM_OR_NULL,	/* returns a pointer to dynamically allocated memory or NULL */
	RET_PTR_TO_BTF_ID_OR_NULL,	/* returns a pointer to a btf_id or NULL */
};

/*
 * A helper, as the verifier sees it. `func` takes r1..r5 and returns r0:
 * the interpreter and the JIT call it at __bpf_call_base + insn->imm after
 * fixup_bpf_calls() has rewritten the id into that distance.
 */
struct bpf_func_proto {
	u64 (*func)(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
	bool gpl_only;
	bool pkt_access;
	enum bpf_return_type ret_type;
	enum bpf_arg_type arg1_type;
	enum bpf_arg_type arg2_type;
	enum bpf_arg_type arg3_type;
	enum bpf_arg_type arg4_type;
	enum bpf_arg_type arg5_type;
};

/* What is_valid_access() reports back about an allowed context load. */
struct bpf_insn_access_aux {
	enum bpf_reg_type reg_type;	/* type of the loaded value */
	int ctx_field_size;		/* the field's size, for narrow loads */
};

/* include/linux/filter.h: bpf_ctx_narrow_access_ok() and friends */
static inline void bpf_ctx_record_field_size(struct bpf_insn_access_aux *aux, u32 size)
{
	aux->ctx_field_size = size;
}

/* Per program type: which helpers exist, which context bytes may be
 * touched and how the context's fields become loads from the kernel's own
 * structures (kernel/trace/bpf_trace.c, net/core/filter.c).
 */
struct bpf_verifier_ops {
	const struct bpf_func_proto *(*get_func_proto)(enum bpf_func_id func_id,
						       const struct bpf_prog *prog);
	bool (*is_valid_access)(int off, int size, enum bpf_access_type type,
				const struct bpf_prog *prog,
				struct bpf_insn_access_aux *info);
	/* instructions run before the program's first (skb direct writes) */
	int (*gen_prologue)(struct bpf_insn *insn, bool direct_write,
			    const struct bpf_prog *prog);
	/* BPF_LD_[ABS|IND] as plain instructions and a helper call */
	int (*gen_ld_abs)(const struct bpf_insn *orig, struct bpf_insn *insn_buf);
	/* one context access as accesses of the kernel's structure */
	u32 (*convert_ctx_access)(enum bpf_access_type type,
				  const struct bpf_insn *src,
				  struct bpf_insn *insn_buf,
				  struct bpf_prog *prog, u32 *target_size);
	/*
	 * Ours: a line the verifier adds when is_valid_access() says no to a
	 * type whose context fields are not modelled yet (NULL: none).
	 */
	const char *ctx_note;
};

/* Indexed by enum bpf_prog_type (kernel/bpf/verifier.c, from bpf_types.h). */
extern const struct bpf_verifier_ops *const bpf_verifier_ops[];
extern const unsigned int bpf_verifier_ops_cnt;

/* The helpers (chapters/03-bpf-check/helpers.c, kernel/bpf/helpers.c). */
extern const struct bpf_func_proto bpf_ktime_get_ns_proto;
extern const struct bpf_func_proto bpf_get_prandom_u32_proto;
extern const struct bpf_func_proto bpf_get_smp_processor_id_proto;
extern const struct bpf_func_proto bpf_trace_printk_proto;
const struct bpf_func_proto *bpf_base_func_proto(enum bpf_func_id func_id);
const struct bpf_func_proto *bpf_tracing_func_proto(enum bpf_func_id func_id,
						    const struct bpf_prog *prog);
u64 bpf_ktime_get_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 bpf_get_prandom_u32(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 bpf_get_smp_processor_id(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 bpf_trace_printk(u64 fmt, u64 fmt_size, u64 arg1, u64 arg2, u64 arg3);
/* Ours: where bpf_trace_printk() writes its trace_pipe lines (NULL: stderr). */
extern FILE *bpf_trace_pipe;

/* The helper ids v5.8 knows: 0 .. __BPF_FUNC_MAX_ID - 1 (bpf_csum_level = 135). */
#define BPF_FUNC_MAX_ID_V58	__BPF_FUNC_MAX_ID

/*
 * The ids the verifier looks up: v5.8's, and the few later helpers this
 * book models (uapi/linux/bpf.h lists them). Any other id is "invalid
 * func", as v5.8 calls an id it does not know.
 */
static inline bool bpf_func_id_known(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_redirect_neigh:
	case BPF_FUNC_redirect_peer:
	case BPF_FUNC_check_mtu:
	case BPF_FUNC_get_attach_cookie:
		return true;
	default:
		return func_id >= 0 && func_id < BPF_FUNC_MAX_ID_V58;
	}
}
/* include/linux/bpf.h: a raw tracepoint or fentry program sees up to 12 args */
#define MAX_BPF_FUNC_ARGS	12

/* ---- include/linux/bpf_verifier.h --------------------------------------- */

/* Maximum variable offset umax_value permitted when resolving memory accesses.
 * In practice this is far bigger than any realistic pointer offset; this limit
 * ensures that umax_value + (int)off + (int)size cannot overflow a u64.
 */
#define BPF_MAX_VAR_OFF	(1 << 29)
/* Maximum variable size permitted for ARG_CONST_SIZE[_OR_ZERO]. */
#define BPF_MAX_VAR_SIZ	(1 << 29)

/* Liveness marks: what the log prints as R1_w, R1_r. */
enum bpf_reg_liveness {
	REG_LIVE_NONE = 0,	/* reg hasn't been read or written this branch */
	REG_LIVE_READ32 = 0x1,	/* reg was read, so we're sensitive to initial value */
	REG_LIVE_READ64 = 0x2,	/* likewise, but full 64-bit content matters */
	REG_LIVE_READ = REG_LIVE_READ32 | REG_LIVE_READ64,
	REG_LIVE_WRITTEN = 0x4,	/* reg was written first, screening off later reads */
	REG_LIVE_DONE = 0x8,	/* liveness won't be updating this register anymore */
};

struct bpf_reg_state {
	/* Ordering of fields matters.  See states_equal() */
	enum bpf_reg_type type;
	/* Fixed part of pointer offset, pointer types only */
	s32 off;
	union {
		/* valid when type == PTR_TO_PACKET */
		int range;

		/* valid when type == CONST_PTR_TO_MAP | PTR_TO_MAP_VALUE |
		 *   PTR_TO_MAP_VALUE_OR_NULL
		 */
		struct bpf_map *map_ptr;

		u32 btf_id; /* for PTR_TO_BTF_ID */

		u32 mem_size; /* for PTR_TO_MEM | PTR_TO_MEM_OR_NULL */

		/* Max size from any of the above. */
		unsigned long raw;
	};
	/* For PTR_TO_PACKET, used to find other pointers with the same variable
	 * offset, so they can share range knowledge.
	 * For PTR_TO_MAP_VALUE_OR_NULL this is used to share which map value we
	 * came from, when one is tested for != NULL.
	 * For PTR_TO_SOCKET this is used to share which pointers retain the
	 * same reference to the socket, to determine proper reference freeing.
	 */
	u32 id;
	/* PTR_TO_SOCKET and PTR_TO_TCP_SOCK could be a ptr returned from a
	 * pointer-cast helper (bpf_sk_fullsock(), bpf_tcp_sock()): they share
	 * the reference of the socket they came from, whose id this is, so that
	 * releasing it invalidates all of them.
	 */
	u32 ref_obj_id;
	/* For scalar types (SCALAR_VALUE), this represents our knowledge of
	 * the actual value.
	 * For pointer types, this represents the variable part of the offset
	 * from the pointed-to object, and is shared with all bpf_reg_states
	 * with the same id as us.
	 */
	struct tnum var_off;
	/* Used to determine if any memory access using this register will
	 * result in a bad access.
	 * These refer to the same value as var_off, not necessarily the actual
	 * contents of the register.
	 */
	s64 smin_value; /* minimum possible (s64)value */
	s64 smax_value; /* maximum possible (s64)value */
	u64 umin_value; /* minimum possible (u64)value */
	u64 umax_value; /* maximum possible (u64)value */
	s32 s32_min_value; /* minimum possible (s32)value */
	s32 s32_max_value; /* maximum possible (s32)value */
	u32 u32_min_value; /* minimum possible (u32)value */
	u32 u32_max_value; /* maximum possible (u32)value */
	/* parentage chain for liveness checking */
	struct bpf_reg_state *parent;
	/* Inside the callee two registers can be both PTR_TO_STACK like
	 * R1=fp-8 and R2=fp-8, but one of them points to this function stack
	 * while another to the caller's stack. To differentiate them 'frameno'
	 * is used which is an index in bpf_verifier_state->frame[] array
	 * pointing to bpf_func_state.
	 */
	u32 frameno;
	/* Tracks subreg definition. The stored value is the insn_idx of the
	 * writing insn. This is safe because subreg_def is used before any insn
	 * patching which only happens after main verification finished.
	 */
	s32 subreg_def;
	enum bpf_reg_liveness live;
	/* if (!precise && SCALAR_VALUE) min/max/tnum don't affect safety */
	bool precise;
};

/* subreg_def of a register whose upper half is not a 32-bit write's */
#define DEF_NOT_SUBREG	(0)

enum bpf_stack_slot_type {
	STACK_INVALID,    /* nothing was stored in this stack slot */
	STACK_SPILL,      /* register spilled into stack */
	STACK_MISC,	  /* BPF program wrote some data into this slot */
	STACK_ZERO,	  /* BPF program wrote constant zero */
};

#define BPF_REG_SIZE 8	/* size of eBPF register in bytes */

struct bpf_reference_state {
	/* Track each reference created with a unique id, even if the same
	 * instruction creates the reference multiple times (eg, via CALL).
	 */
	int id;
	/* Instruction where the allocation of this reference occurred. This
	 * is used purely to inform the user of a reference leak.
	 */
	int insn_idx;
};

struct bpf_idx_pair {
	u32 prev_idx;
	u32 idx;
};

struct bpf_stack_state {
	struct bpf_reg_state spilled_ptr;
	u8 slot_type[BPF_REG_SIZE];
};

/* state of the program:
 * type of all registers and stack info
 *
 * `stack` holds allocated_stack / BPF_REG_SIZE slots, slot i being the 8
 * bytes at fp - 8 * (i + 1); it grows (grow_stack_state()) as the program
 * writes deeper. Every pending branch and every checkpoint carries a copy
 * of each frame, so a frame costs what the program uses: about 0.8 KB plus
 * 80 bytes per slot, not a fixed 5.9 KB.
 */
struct bpf_func_state {
	struct bpf_reg_state regs[MAX_BPF_REG];
	/* index of call instruction that called into this func */
	int callsite;
	/* stack frame number of this function state from pov of
	 * enclosing bpf_verifier_state.
	 * 0 = main function, 1 = first callee.
	 */
	u32 frameno;
	/* subprog number == index within subprog_info
	 * zero == main subprog
	 */
	u32 subprogno;
	int allocated_stack;
	struct bpf_stack_state *stack;
	/* The references the program holds (sockets it looked up and has not
	 * released yet): each must be released before the program exits.
	 */
	int acquired_refs;
	struct bpf_reference_state *refs;
};

#define MAX_CALL_FRAMES 8
struct bpf_verifier_state {
	/* call stack tracking */
	struct bpf_func_state *frame[MAX_CALL_FRAMES];
	/* The state this one continued from (chapter 07's pruning). */
	struct bpf_verifier_state *parent;
	/*
	 * 'branches' field is the number of branches left to explore:
	 * 0 - all possible paths from this state reached bpf_exit or
	 * were safely pruned
	 * 1 - at least one path is being explored.
	 * This state hasn't reached bpf_exit
	 * 2 - at least two paths are being explored.
	 * This state is an immediate parent of two children.
	 */
	u32 branches;
	u32 insn_idx;
	u32 curframe;
	u32 active_spin_lock;
	bool speculative;

	/* first and last insn idx of this verifier state */
	u32 first_insn_idx;
	u32 last_insn_idx;
	/* jmp history recorded from first to last.
	 * backtracking is using it to go from last to first.
	 */
	struct bpf_idx_pair *jmp_history;
	u32 jmp_history_cnt;
};

/* linked list of verifier states used to prune search */
struct bpf_verifier_state_list {
	struct bpf_verifier_state state;
	struct bpf_verifier_state_list *next;
	int miss_cnt, hit_cnt;
};

/* linked list of verifier states used to prune search */
struct bpf_verifier_stack_elem {
	/* verifier state is 'st'
	 * before processing instruction 'insn_idx'
	 * and after processing instruction 'prev_insn_idx'
	 */
	struct bpf_verifier_state st;
	int insn_idx;
	int prev_insn_idx;
	struct bpf_verifier_stack_elem *next;
	/* length of verifier log at the time this state was pushed on stack */
	u32 log_pos;
	/* ours: how many loop checkpoints the path had when this branch was
	 * pushed; popping it returns the checkpoint stack to that depth
	 */
	u32 loop_states_cnt;
};

/*
 * Ours: a state the current path passed through at a prune point. The
 * kernel finds a path's ancestors among explored_states[] (those with
 * branches > 0); without pruning, the ancestors of the path being walked are
 * exactly a stack of these, cut back whenever a pending branch is popped.
 */
struct bpf_loop_state {
	int insn_idx;
	int next;	/* the next checkpoint in its bucket, or -1 */
	u64 hash;	/* of what states_equal() compares */
	struct bpf_verifier_state st;
};

#define BPF_COMPLEXITY_LIMIT_JMP_SEQ	8192

/* The kernel keeps ptr_type, map_ptr_state, call_imm and alu_limit in one
 * union; they are separate fields here, for clarity.
 */
struct bpf_insn_aux_data {
	enum bpf_reg_type ptr_type;	/* pointer type for load/store insns */
	unsigned long map_ptr_state;	/* pointer/poison value for maps */
	s32 call_imm;			/* saved imm field of call insn */
	u32 alu_limit;			/* limit for add/sub register with pointer */
	u32 map_index;			/* index into used_maps[] (BPF_PSEUDO_MAP_VALUE) */
	u32 map_off;			/* offset from value base address */
	u64 map_key_state; /* constant (32 bit) key tracking for maps */
	int ctx_field_size; /* the ctx field size for load insn, maybe 0 */
	int sanitize_stack_off; /* stack slot to be cleared */
	bool seen; /* this insn was processed by the verifier */
	bool zext_dst; /* this insn zero extends dst reg */
	u8 alu_state; /* used in combination with alu_limit */
	bool prune_point;
	unsigned int orig_idx; /* original instruction index */
};

/* alu_state: what sanitize_ptr_alu() found (kernel/bpf/verifier.c) */
#define BPF_ALU_SANITIZE_SRC		(1U << 0)
#define BPF_ALU_SANITIZE_DST		(1U << 1)
#define BPF_ALU_NEG_VALUE		(1U << 2)
#define BPF_ALU_NON_POINTER		(1U << 3)
#define BPF_ALU_IMMEDIATE		(1U << 4)
#define BPF_ALU_SANITIZE		(BPF_ALU_SANITIZE_SRC | \
					 BPF_ALU_SANITIZE_DST)

#define BPF_VERIFIER_TMP_LOG_SIZE	1024

struct bpf_verifier_log {
	u32 level;
	char kbuf[BPF_VERIFIER_TMP_LOG_SIZE];
	char __user *ubuf;
	u32 len_used;
	u32 len_total;
};

static inline bool bpf_verifier_log_full(const struct bpf_verifier_log *log)
{
	return log->len_used >= log->len_total - 1;
}

static inline bool bpf_verifier_log_needed(const struct bpf_verifier_log *log)
{
	return log->level && log->ubuf && !bpf_verifier_log_full(log);
}

struct bpf_subprog_info {
	/* 'start' has to be the first field otherwise find_subprog() won't work */
	u32 start; /* insn idx of function entry point */
	u32 linfo_idx; /* The idx to the main_prog->aux->linfo */
	u16 stack_depth; /* max. stack depth used by this function */
	bool has_tail_call;
};

/* single container for all structs
 * one verifier_env per bpf_check() call
 */
struct bpf_verifier_env {
	u32 insn_idx;
	u32 prev_insn_idx;
	struct bpf_prog *prog;		/* eBPF program being verified */
	const struct bpf_verifier_ops *ops;
	struct bpf_verifier_stack_elem *head; /* stack of verifier states to be processed */
	int stack_size;			/* number of states to be processed */
	bool strict_alignment;		/* perform strict pointer alignment checks */
	bool test_state_freq;		/* test verifier with different pruning frequency */
	struct bpf_verifier_state *cur_state; /* current verifier state */
	/* chapter 07: the states explored, by instruction, for pruning */
	struct bpf_verifier_state_list **explored_states;
	struct bpf_verifier_state_list *free_list;
	struct bpf_map *used_maps[64];	/* array of map's used by eBPF program */
	u32 used_map_cnt;		/* number of used maps */
	u32 id_gen;			/* used to generate unique reg IDs */
	bool seen_direct_write;		/* a store through a packet pointer */
	bool allow_ptr_leaks;
	bool bpf_capable;
	/* chapter 07: an unknown offset was masked; pruning compares scalars exactly */
	bool explore_alu_limits;
	bool unverified;		/* ours: BPF_F_UNVERIFIED, structural passes only */
	struct bpf_insn_aux_data *insn_aux_data; /* array of per-insn state */
	struct bpf_verifier_log log;
	struct bpf_subprog_info subprog_info[BPF_MAX_SUBPROGS + 1];
	struct {
		int *insn_state;
		int *insn_stack;
		int cur_stack;
	} cfg;
	u32 pass_cnt; /* number of times do_check() was called */
	u32 subprog_cnt;
	/* the current path's checkpoints, for is_state_visited()'s loop check */
	struct bpf_loop_state *loop_states;
	u32 loop_states_cnt, loop_states_cap;
	u32 *loop_cnt;	/* per insn: how many checkpoints the path has there */
	int *loop_htab;	/* buckets by (insn, state hash): newest checkpoint, or -1 */
	/* number of instructions analyzed by the verifier */
	u32 prev_insn_processed, insn_processed;
	/* number of jmps, calls, exits analyzed so far */
	u32 prev_jmps_processed, jmps_processed;
	/* total verification time */
	u64 verification_time;
	/* maximum number of verifier states kept in 'branching' instructions */
	u32 max_states_per_insn;
	/* total number of allocated verifier states */
	u32 total_states;
	/* some states are freed during program analysis.
	 * this is peak number of states. this number dominates kernel
	 * memory consumption during verification
	 */
	u32 peak_states;
	/* longest register parentage chain walked for liveness marking */
	u32 longest_mark_read_walk;
};

/* The log: kernel/bpf/verifier.c, v5.8 (kernel/bpf/log.c since 6.4). */
__printf(2, 0) void bpf_verifier_vlog(struct bpf_verifier_log *log,
				      const char *fmt, va_list args);
__printf(2, 3) void bpf_verifier_log_write(struct bpf_verifier_env *env,
					   const char *fmt, ...);
/* The verifier's own spelling of the same thing (static in the kernel). */
__printf(2, 3) void verbose(void *private_data, const char *fmt, ...);

/* The names the log gives register types: "inv", "ctx", "fp", ... */
extern const char *const reg_type_str[__BPF_REG_TYPE_MAX];
/* chapter 07's prune.c: walk every path, keep no state (a knob of ours) */
extern bool bpf_verifier_no_prune;
void print_verifier_state(struct bpf_verifier_env *env,
			  const struct bpf_func_state *state);

/*
 * The verifier's passes, one per file of chapters/03-bpf-check (static in
 * kernel/bpf/verifier.c). Exported here so the chapter's tests and
 * exercises can run each pass on its own.
 */
int find_subprog(struct bpf_verifier_env *env, int off);
int check_subprogs(struct bpf_verifier_env *env);
/* An exit or a goto: the ways a function may end (subprogs.c). */
bool ends_function(u8 code);
int check_cfg(struct bpf_verifier_env *env);
int check_max_stack_depth(struct bpf_verifier_env *env);
int do_check(struct bpf_verifier_env *env);
int do_check_main(struct bpf_verifier_env *env);
/* R0 at the main program's exit; __weak in chapters/03-bpf-check/do_check.c */
int check_return_code(struct bpf_verifier_env *env);
struct bpf_prog *bpf_patch_insn_data(struct bpf_verifier_env *env, u32 off,
				     const struct bpf_insn *patch, u32 len);
int verifier_remove_insns(struct bpf_verifier_env *env, u32 off, u32 cnt);
/* Ours: a whole batch of edits in one pass (linux/bpf_patch.h). */
struct bpf_patch_batch;
int bpf_patch_insns_data(struct bpf_verifier_env *env, struct bpf_patch_batch *b);

/*
 * fixup_call_args() (v5.8): with a JIT requested, compile the subprograms
 * one by one; otherwise rewrite every bpf-to-bpf call for the interpreter.
 * Both are __weak placeholders in chapters/03-bpf-check/fixup_call_args.c:
 * chapter 06 defines the strong jit_subprogs(), chapter 04's interpreter
 * the strong bpf_patch_call_args() (rewriting to JMP | CALL_ARGS).
 */
int jit_subprogs(struct bpf_verifier_env *env);
void bpf_patch_call_args(struct bpf_insn *insn, u32 stack_depth);

#endif /* _SHIM_LINUX_BPF_VERIFIER_H */
