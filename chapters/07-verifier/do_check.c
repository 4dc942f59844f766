// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: bpf_vlog_reset(), free_func_state(),
 * free_verifier_state(), copy_verifier_state(), update_branch_counts(),
 * pop_stack(), push_stack(), do_check(), free_states() and
 * do_check_common() (as do_check_main()), Linux v5.8; written afresh.
 *
 * The walk of chapter 03, with what pruning needs around it:
 *
 * - every state knows its parent checkpoint and how many of its branches
 *   are still being explored (branches); reaching an exit decrements the
 *   counts up the chain (update_branch_counts()), and a checkpoint with
 *   none left is "safe to prune against";
 * - a path that meets an equivalent safe checkpoint stops there
 *   ("N: safe" in the log) as if it had reached an exit;
 * - with a log at level 1, what the walk printed for a path that turned
 *   out safe is dropped when the next pending path is popped (v5.7's
 *   "pop_log"), so a failure's log shows the path that failed.
 *
 * The kernel's do_check() is one long loop with a case per instruction
 * class; here each class has its own function, and the loop says what
 * happens between instructions.
 */
#include <stdlib.h>
#include <string.h>

#include "verifier.h"
#include "disasm.h"
#include "linux/uaccess.h"

#define BPF_MAIN_FUNC (-1)

/* Cut the log back to new_pos: what a finished path printed goes. */
static void bpf_vlog_reset(struct bpf_verifier_log *log, u32 new_pos)
{
	static const char nul;

	if (!bpf_verifier_log_needed(log))
		return;
	log->len_used = new_pos;
	/* a buffer that can no longer be written loses the log */
	if (copy_to_user(log->ubuf + new_pos, &nul, 1))
		log->ubuf = NULL;
}

/* Frames first..last of a state, freed and forgotten. */
static void free_frames(struct bpf_verifier_state *state, u32 first, u32 last)
{
	for (; first <= last && first < MAX_CALL_FRAMES; first++) {
		free_func_state(state->frame[first]);
		state->frame[first] = NULL;
	}
}

/* Every frame (state may be a part of a bigger allocation: free_self). */
void free_verifier_state(struct bpf_verifier_state *state, bool free_self)
{
	free_frames(state, 0, MAX_CALL_FRAMES - 1);
	free(state->jmp_history);
	state->jmp_history = NULL;
	state->jmp_history_cnt = 0;
	if (free_self)
		free(state);
}

/*
 * dst_state becomes a copy of src: its jump history and every frame deep,
 * reusing the frames dst_state already has; frames it has beyond src's
 * go. Every other field is a plain value, copied as the struct is.
 */
int copy_verifier_state(struct bpf_verifier_state *dst_state,
			const struct bpf_verifier_state *src)
{
	struct bpf_func_state *frames[MAX_CALL_FRAMES];
	struct bpf_idx_pair *history = NULL;
	u32 n = src->jmp_history_cnt, i;
	int err;

	free(dst_state->jmp_history);
	dst_state->jmp_history = NULL;
	dst_state->jmp_history_cnt = 0;
	if (n) {
		history = malloc(n * sizeof(*history));
		if (!history)
			return -ENOMEM;
		memcpy(history, src->jmp_history, n * sizeof(*history));
	}

	free_frames(dst_state, src->curframe + 1, dst_state->curframe);
	memcpy(frames, dst_state->frame, sizeof(frames));
	*dst_state = *src;
	memcpy(dst_state->frame, frames, sizeof(frames));
	dst_state->jmp_history = history;

	for (i = 0; i <= src->curframe; i++) {
		if (!dst_state->frame[i])
			dst_state->frame[i] = calloc(1, sizeof(struct bpf_func_state));
		if (!dst_state->frame[i])
			return -ENOMEM;
		err = copy_func_state(dst_state->frame[i], src->frame[i]);
		if (err)
			return err;
	}
	return 0;
}

/*
 * A path ended (an exit, or a safe state): its checkpoint has one branch
 * fewer left to explore, and a checkpoint with none left hands the end on
 * to its own parent.
 */
void update_branch_counts(struct bpf_verifier_env *env, struct bpf_verifier_state *st)
{
	(void)env;
	for (; st && --st->branches == 0; st = st->parent)
		;
}

/* The most recently pushed pending path becomes the current state. */
static int pop_stack(struct bpf_verifier_env *env, int *prev_insn_idx, int *insn_idx,
		     bool pop_log)
{
	struct bpf_verifier_stack_elem *top = env->head;
	int err;

	if (!top)
		return -ENOENT;
	/* (no current state: the walk is being torn down) */
	err = env->cur_state ? copy_verifier_state(env->cur_state, &top->st) : 0;
	if (err)
		return err;
	if (pop_log)
		bpf_vlog_reset(&env->log, top->log_pos);
	if (insn_idx)
		*insn_idx = top->insn_idx;
	if (prev_insn_idx)
		*prev_insn_idx = top->prev_insn_idx;
	env->head = top->next;
	env->stack_size--;
	free_verifier_state(&top->st, false);
	free(top);
	return 0;
}

/*
 * A copy of the current state, to be walked later from insn_idx. Out of
 * memory, or too many pending, the whole walk is given up: every state
 * freed, NULL returned.
 */
struct bpf_verifier_state *push_stack(struct bpf_verifier_env *env,
				      int insn_idx, int prev_insn_idx)
{
	struct bpf_verifier_stack_elem *elem = calloc(1, sizeof(*elem));

	if (!elem)
		goto give_up;
	/* on the stack first, so that giving up frees it with the rest */
	elem->insn_idx = insn_idx;
	elem->prev_insn_idx = prev_insn_idx;
	elem->log_pos = env->log.len_used;
	elem->next = env->head;
	env->head = elem;
	env->stack_size++;
	if (copy_verifier_state(&elem->st, env->cur_state))
		goto give_up;
	if (env->stack_size > BPF_COMPLEXITY_LIMIT_JMP_SEQ) {
		verbose(env, "The sequence of %d jumps is too complex.\n", env->stack_size);
		goto give_up;
	}
	/*
	 * Its checkpoint now waits for one path more. (The count may pass
	 * 2: speculative paths are pushed at instructions that are not
	 * branches, and many paths may share one checkpoint.)
	 */
	if (elem->st.parent)
		elem->st.parent->branches++;
	return &elem->st;

give_up:
	free_verifier_state(env->cur_state, true);
	env->cur_state = NULL;
	while (!pop_stack(env, NULL, NULL, false))
		;
	return NULL;
}

/*
 * May one load or store see this pointer type on one path and another on
 * another? Not where its accesses are rewritten for the type
 * (convert_ctx_accesses(): the context and the sockets) or read through a
 * probe (BTF pointers): the one rewrite can be right for one type only.
 */
static bool reg_type_mismatch_ok(enum bpf_reg_type type)
{
	switch (type) {
	case PTR_TO_CTX:
	case PTR_TO_SOCKET_OR_NULL:
	case PTR_TO_SOCK_COMMON_OR_NULL:
	case PTR_TO_TCP_SOCK_OR_NULL:
	case PTR_TO_BTF_ID:
	case PTR_TO_BTF_ID_OR_NULL:
		return false;
	default:
		return !type_is_sk_pointer(type);
	}
}

/* Two types at one instruction that cannot both be served. */
static bool reg_type_mismatch(enum bpf_reg_type src, enum bpf_reg_type prev)
{
	if (src == prev)
		return false;
	return !reg_type_mismatch_ok(src) || !reg_type_mismatch_ok(prev);
}

/*
 * The first path through a load or store records its pointer's type; every
 * later path must agree (reg_type_mismatch_ok()). Otherwise a program could
 * send a socket down one path and another pointer down the other to one
 * instruction rewritten for sockets.
 */
static int check_ptr_type_same(struct bpf_verifier_env *env, enum bpf_reg_type type)
{
	enum bpf_reg_type *seen = &env->insn_aux_data[env->insn_idx].ptr_type;

	if (*seen == NOT_INIT) {
		*seen = type;
		return 0;
	}
	if (!reg_type_mismatch(type, *seen))
		return 0;
	verbose(env, "same insn cannot be used with different pointers\n");
	return -EINVAL;
}

/* BPF_LD_IMM64: dst = a 64-bit constant, its halves in two slots. */
static int check_ld_imm(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	struct bpf_reg_state *dst;
	int err;

	err = check_reg_arg(env, insn->dst_reg, DST_OP);
	if (err)
		return err;
	/* BPF_PSEUDO_MAP_FD / BPF_PSEUDO_MAP_VALUE: a map, which
	 * replace_map_fd_with_map_ptr() put there (chapter 08).
	 */
	if (insn->src_reg)
		return check_ld_imm_map(env, insn);
	dst = &cur_regs(env)[insn->dst_reg];
	dst->type = SCALAR_VALUE;
	__mark_reg_known(dst, (u64)(u32)insn[0].imm | (u64)(u32)insn[1].imm << 32);
	return 0;
}

__weak int check_ld_imm_map(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	verbose(env, "invalid BPF_LD_IMM insn (src_reg %d): maps come with chapter 08\n",
		insn->src_reg);
	return -EINVAL;
}

/* A speculative path does not mark what it walks as seen: code that only
 * speculation reaches is dead for real, and sanitize_dead_code() must still
 * find it (5.13).
 */
static void sanitize_mark_insn_seen(struct bpf_verifier_env *env)
{
	if (!env->cur_state->speculative)
		env->insn_aux_data[env->insn_idx].seen = true;
}

/*
 * Where the walk goes after an instruction: on to the next one (a jump
 * has already moved insn_idx to the instruction before its target), back
 * to a caller (prepare_func_exit() set insn_idx), or to a pending path, as
 * this one has ended.
 */
enum walk_next {
	WALK_NEXT,
	WALK_RETURN,
	WALK_PATH_DONE,
};

/* BPF_LDX: dst = *(size *)(src + off), sign-extended for BPF_MEMSX. */
static int check_ldx(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	enum bpf_reg_type src_type;
	int err;

	err = check_reg_arg(env, insn->src_reg, SRC_OP) ?:
	      check_reg_arg(env, insn->dst_reg, DST_OP_NO_MARK);
	if (err)
		return err;
	src_type = cur_regs(env)[insn->src_reg].type;
	/* the access check also gives dst its new state */
	err = check_mem_access(env, env->insn_idx, insn->src_reg, insn->off,
			       BPF_SIZE(insn->code), BPF_READ, insn->dst_reg, false,
			       BPF_MODE(insn->code) == BPF_MEMSX);
	return err ? err : check_ptr_type_same(env, src_type);
}

/* BPF_STX: *(size *)(dst + off) = src, or an atomic operation. */
static int check_stx(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	enum bpf_reg_type dst_type;
	int err;

	if (BPF_MODE(insn->code) == BPF_ATOMIC)
		return check_atomic(env, env->insn_idx, insn);
	err = check_reg_arg(env, insn->src_reg, SRC_OP) ?:
	      check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	dst_type = cur_regs(env)[insn->dst_reg].type;
	err = check_mem_access(env, env->insn_idx, insn->dst_reg, insn->off,
			       BPF_SIZE(insn->code), BPF_WRITE, insn->src_reg, false, false);
	return err ? err : check_ptr_type_same(env, dst_type);
}

/* BPF_ST: *(size *)(dst + off) = imm; never into the context. */
static int check_st(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	int err;

	err = check_reserved_fields(env, insn) ?: check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	if (is_ctx_reg(env, insn->dst_reg)) {
		verbose(env, "BPF_ST stores into R%d %s is not allowed\n",
			insn->dst_reg, reg_type_str[cur_regs(env)[insn->dst_reg].type]);
		return -EACCES;
	}
	return check_mem_access(env, env->insn_idx, insn->dst_reg, insn->off,
				BPF_SIZE(insn->code), BPF_WRITE, -1, false, false);
}

/*
 * BPF_EXIT. From a subprogram, back to the caller. From the main program,
 * the end of a path: every reference released, and r0 a value the program
 * may return (written, not an address, in the program type's range).
 */
static int check_exit(struct bpf_verifier_env *env, struct bpf_insn *insn,
		      enum walk_next *next)
{
	int err;

	err = check_reserved_fields(env, insn);
	if (err)
		return err;
	if (env->cur_state->active_spin_lock) {
		verbose(env, "bpf_spin_unlock is missing\n");
		return -EINVAL;
	}
	if (env->cur_state->curframe) {
		*next = WALK_RETURN;
		return prepare_func_exit(env, (int *)&env->insn_idx);
	}
	/* r0: written, and no address */
	err = check_reference_leak(env) ?: check_reg_arg(env, BPF_REG_0, SRC_OP);
	if (err)
		return err;
	if (is_pointer_value(env, BPF_REG_0)) {
		verbose(env, "R0 leaks addr as return value\n");
		return -EACCES;
	}
	*next = WALK_PATH_DONE;
	return check_return_code(env);
}

/* BPF_JMP, BPF_JMP32: calls, goto, exit, and the conditional jumps. */
static int check_jmp_class(struct bpf_verifier_env *env, struct bpf_insn *insn,
			   enum walk_next *next)
{
	u8 opcode = BPF_OP(insn->code);
	int err;

	env->jmps_processed++;
	if (opcode == BPF_EXIT)
		return check_exit(env, insn, next);
	if (opcode != BPF_CALL && opcode != BPF_JA)
		return check_cond_jmp_op(env, insn, (int *)&env->insn_idx);

	err = check_reserved_fields(env, insn);
	if (err)
		return err;
	if (opcode == BPF_JA) {
		/* JMP32's goto carries its distance in imm (ISA v4) */
		env->insn_idx += BPF_CLASS(insn->code) == BPF_JMP ? insn->off : insn->imm;
		return 0;
	}
	/* a lock is held across no call but the one that drops it */
	if (env->cur_state->active_spin_lock &&
	    (insn->src_reg == BPF_PSEUDO_CALL || insn->imm != BPF_FUNC_spin_unlock)) {
		verbose(env, "function calls are not allowed while holding a lock\n");
		return -EINVAL;
	}
	if (insn->src_reg == BPF_PSEUDO_CALL)
		return check_func_call(env, insn, (int *)&env->insn_idx);
	return check_helper_call(env, insn->imm, env->insn_idx);
}

/* BPF_LD: the packet loads of classic BPF, and the 64-bit constant. */
static int check_ld_class(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	u8 mode = BPF_MODE(insn->code);
	int err;

	if (mode == BPF_ABS || mode == BPF_IND)
		return check_ld_abs(env, insn);
	if (mode != BPF_IMM) {
		verbose(env, "invalid BPF_LD mode\n");
		return -EINVAL;
	}
	err = check_reserved_fields(env, insn) ?: check_ld_imm(env, insn);
	if (err)
		return err;
	/* the second slot is walked over with the first */
	env->insn_idx++;
	sanitize_mark_insn_seen(env);
	return 0;
}

/* One instruction's check, by its class. */
static int check_insn(struct bpf_verifier_env *env, struct bpf_insn *insn,
		      enum walk_next *next)
{
	u8 class = BPF_CLASS(insn->code);

	switch (class) {
	case BPF_ALU:
	case BPF_ALU64:
		return check_alu_op(env, insn);
	case BPF_LDX:
		return check_ldx(env, insn);
	case BPF_STX:
		return check_stx(env, insn);
	case BPF_ST:
		return check_st(env, insn);
	case BPF_JMP:
	case BPF_JMP32:
		return check_jmp_class(env, insn, next);
	case BPF_LD:
		return check_ld_class(env, insn);
	default:
		verbose(env, "unknown insn class %d\n", class);
		return -EINVAL;
	}
}

/* " (speculative execution)" after a state's heading, for such a state */
static const char *speculative_note(const struct bpf_verifier_env *env)
{
	return env->cur_state->speculative ? " (speculative execution)" : "";
}

/*
 * The log before an instruction. At level 2 every state, headed by its
 * instruction's index; at level 1 only a state the walk jumped to (a
 * popped path, a return), headed "from prev to idx". Then, at either
 * level, the instruction.
 */
static void log_insn(struct bpf_verifier_env *env, const struct bpf_insn *insn,
		     bool *do_print_state)
{
	struct bpf_verifier_state *state = env->cur_state;
	const struct bpf_insn_cbs cbs = {
		.cb_print	= verbose,
		.private_data	= env,
	};

	if (env->log.level & BPF_LOG_LEVEL2) {
		verbose(env, "%d:", env->insn_idx);
		print_verifier_state(env, state->frame[state->curframe]);
		*do_print_state = false;
	} else if (env->log.level & BPF_LOG_LEVEL && *do_print_state) {
		verbose(env, "\nfrom %d to %d%s:", env->prev_insn_idx, env->insn_idx,
			speculative_note(env));
		print_verifier_state(env, state->frame[state->curframe]);
		*do_print_state = false;
	}
	if (env->log.level & BPF_LOG_LEVEL) {
		verbose(env, "%d: ", env->insn_idx);
		print_bpf_insn(&cbs, insn, env->allow_ptr_leaks);
	}
}

/*
 * The walk: one path at a time, one instruction at a time, until every
 * path has reached an exit or a state already proven safe. A branch the
 * state cannot decide pushes one way and goes on with the other
 * (check_cond_jmp_op()); each ended path pops the next.
 */
int do_check(struct bpf_verifier_env *env)
{
	bool pop_log = !(env->log.level & BPF_LOG_LEVEL2);
	int insn_cnt = env->prog->len;
	bool do_print_state = false;
	int prev_insn_idx = -1;
	int visited, err;

	for (;;) {
		enum walk_next next = WALK_NEXT;
		struct bpf_insn *insn;

		env->prev_insn_idx = prev_insn_idx;
		if (env->insn_idx >= (u32)insn_cnt) {
			verbose(env, "invalid insn idx %d insn_cnt %d\n",
				env->insn_idx, insn_cnt);
			return -EFAULT;
		}
		insn = &env->prog->insnsi[env->insn_idx];
		env->insn_processed++;
		if (env->insn_processed > BPF_COMPLEXITY_LIMIT_INSNS) {
			verbose(env, "BPF program is too large. Processed %d insn\n",
				env->insn_processed);
			return -E2BIG;
		}

		visited = is_state_visited(env, env->insn_idx);
		if (visited < 0)
			return visited;
		if (visited == 1) {
			/* an equivalent state was proven safe: so is this one */
			if (env->log.level & BPF_LOG_LEVEL && do_print_state)
				verbose(env, "\nfrom %d to %d%s: safe\n", env->prev_insn_idx,
					env->insn_idx, speculative_note(env));
			else if (env->log.level & BPF_LOG_LEVEL)
				verbose(env, "%d: safe\n", env->insn_idx);
			next = WALK_PATH_DONE;
		} else {
			log_insn(env, insn, &do_print_state);
			sanitize_mark_insn_seen(env);
			prev_insn_idx = env->insn_idx;
			err = check_insn(env, insn, &next);
			if (err)
				return err;
		}

		if (next == WALK_NEXT) {
			env->insn_idx++;
			continue;
		}
		/* the caller's code, or a pending path: its state is printed
		 * first (at level 1, "from prev to idx")
		 */
		do_print_state = true;
		if (next == WALK_RETURN)
			continue;
		update_branch_counts(env, env->cur_state);
		err = pop_stack(env, &prev_insn_idx, (int *)&env->insn_idx, pop_log);
		if (err == -ENOENT)
			return 0;
		if (err < 0)
			return err;
	}
}

/* One list of saved states, every state in it. */
static void free_state_list(struct bpf_verifier_state_list *sl)
{
	while (sl) {
		struct bpf_verifier_state_list *next = sl->next;

		free_verifier_state(&sl->state, false);
		free(sl);
		sl = next;
	}
}

static void free_states(struct bpf_verifier_env *env)
{
	u32 i;

	free_state_list(env->free_list);
	env->free_list = NULL;
	if (!env->explored_states)
		return;
	for (i = 0; i < env->prog->len; i++) {
		free_state_list(env->explored_states[i]);
		env->explored_states[i] = NULL;
	}
}

/* Walk the program from its first instruction (v5.8: do_check_common()). */
int do_check_main(struct bpf_verifier_env *env)
{
	bool pop_log = !(env->log.level & BPF_LOG_LEVEL2);
	struct bpf_verifier_state *state;
	struct bpf_reg_state *regs;
	int ret = -ENOMEM;

	env->insn_idx = 0;
	env->pass_cnt++;
	env->explored_states = calloc(env->prog->len ? env->prog->len : 1,
				      sizeof(*env->explored_states));
	if (!env->explored_states)
		return -ENOMEM;

	/* The first state: main's frame, r1 the context, r10 the frame
	 * pointer (init_func_state()), every other register unreadable.
	 */
	state = calloc(1, sizeof(*state));
	if (state)
		state->frame[0] = calloc(1, sizeof(struct bpf_func_state));
	if (!state || !state->frame[0]) {
		free(state);
		goto out_free;
	}
	state->branches = 1;
	env->cur_state = state;
	init_func_state(env, state->frame[0], BPF_MAIN_FUNC, 0, 0);
	regs = state->frame[0]->regs;
	regs[BPF_REG_1].type = PTR_TO_CTX;
	mark_reg_known_zero(env, regs, BPF_REG_1);

	ret = do_check(env);

	/* What the walk left: a current state (unless push_stack() gave up
	 * and freed it), and pending paths if it failed.
	 */
	if (env->cur_state) {
		free_verifier_state(env->cur_state, true);
		env->cur_state = NULL;
	}
	while (!pop_stack(env, NULL, NULL, false))
		;
	/* accepted, at level 1: nothing of the walk stays in the log */
	if (!ret && pop_log)
		bpf_vlog_reset(&env->log, 0);
out_free:
	free_states(env);
	free(env->explored_states);
	env->explored_states = NULL;
	return ret;
}
