// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: copy_verifier_state(),
 * free_verifier_state(), push_stack(), pop_stack(), do_check(),
 * do_check_common(), Linux v5.8; written afresh.
 *
 * The walk. Starting at instruction 0 with r1 = the context and r10 = the
 * frame pointer, do_check() executes the program symbolically, one
 * instruction at a time, checking each against the current state and then
 * updating the state. At a branch it cannot decide it pushes a copy of the
 * state for the other side; at `exit` it pops the next pending state. When
 * none is left, every path has been walked and the program is safe.
 *
 * Every instruction processed counts towards BPF_COMPLEXITY_LIMIT_INSNS
 * (one million), which bounds the walk even through loops: a loop whose
 * end the walk cannot prove is refused when the count runs out. The kernel
 * also prunes paths that reach an instruction in a state already proven
 * safe (is_state_visited()); that comes with the next part, so here every
 * path is walked in full. What is here of is_state_visited() is its other
 * job: a path that comes back to an instruction in exactly the state it had
 * there before will do so forever, "infinite loop detected".
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "disasm.h"

#define BPF_MAIN_FUNC (-1)

__weak void free_verifier_state(struct bpf_verifier_state *state, bool free_self)
{
	u32 i;

	for (i = 0; i < MAX_CALL_FRAMES; i++) {
		free_func_state(state->frame[i]);
		state->frame[i] = NULL;
	}
	if (free_self)
		free(state);
}

/* copy verifier state from src to dst growing dst stack space
 * when necessary to accommodate larger src stack
 */
static int copy_verifier_state(struct bpf_verifier_state *dst_state,
			       const struct bpf_verifier_state *src)
{
	u32 i;

	/* if dst has more stack frames then src frame, free them */
	for (i = src->curframe + 1; i <= dst_state->curframe && i < MAX_CALL_FRAMES; i++) {
		free_func_state(dst_state->frame[i]);
		dst_state->frame[i] = NULL;
	}
	dst_state->curframe = src->curframe;
	for (i = 0; i <= src->curframe; i++) {
		int err;

		if (!dst_state->frame[i]) {
			dst_state->frame[i] = calloc(1, sizeof(struct bpf_func_state));
			if (!dst_state->frame[i])
				return -ENOMEM;
		}
		err = copy_func_state(dst_state->frame[i], src->frame[i]);
		if (err)
			return err;
	}
	return 0;
}

static u32 loop_bucket(int insn_idx, u64 hash);

/* Drop the current path's loop checkpoints from the cnt-th on. Each is the
 * newest in its bucket of the table, so it unlinks from the bucket's head.
 */
static void truncate_loop_states(struct bpf_verifier_env *env, u32 cnt)
{
	while (env->loop_states_cnt > cnt) {
		struct bpf_loop_state *ls = &env->loop_states[--env->loop_states_cnt];

		env->loop_htab[loop_bucket(ls->insn_idx, ls->hash)] = ls->next;
		env->loop_cnt[ls->insn_idx]--;
		free_verifier_state(&ls->st, false);
	}
}

static int pop_stack(struct bpf_verifier_env *env, int *prev_insn_idx,
		     int *insn_idx)
{
	struct bpf_verifier_state *cur = env->cur_state;
	struct bpf_verifier_stack_elem *elem, *head = env->head;
	int err;

	if (env->head == NULL)
		return -ENOENT;

	if (cur) {
		err = copy_verifier_state(cur, &head->st);
		if (err)
			return err;
	}
	if (insn_idx)
		*insn_idx = head->insn_idx;
	if (prev_insn_idx)
		*prev_insn_idx = head->prev_insn_idx;
	/* The popped path's ancestors are those it had when it was pushed. */
	truncate_loop_states(env, head->loop_states_cnt);
	elem = head->next;
	free_verifier_state(&head->st, false);
	free(head);
	env->head = elem;
	env->stack_size--;
	return 0;
}

__weak struct bpf_verifier_state *push_stack(struct bpf_verifier_env *env,
				      int insn_idx, int prev_insn_idx)
{
	struct bpf_verifier_state *cur = env->cur_state;
	struct bpf_verifier_stack_elem *elem;
	int err;

	elem = calloc(1, sizeof(struct bpf_verifier_stack_elem));
	if (!elem)
		goto err;

	elem->insn_idx = insn_idx;
	elem->prev_insn_idx = prev_insn_idx;
	elem->loop_states_cnt = env->loop_states_cnt;
	elem->next = env->head;
	env->head = elem;
	env->stack_size++;
	err = copy_verifier_state(&elem->st, cur);
	if (err)
		goto err;
	if (env->stack_size > BPF_COMPLEXITY_LIMIT_JMP_SEQ) {
		verbose(env, "The sequence of %d jumps is too complex.\n",
			env->stack_size);
		goto err;
	}
	return &elem->st;
err:
	free_verifier_state(env->cur_state, true);
	env->cur_state = NULL;
	/* pop all elements and return */
	while (!pop_stack(env, NULL, NULL))
		;
	return NULL;
}

static bool reg_type_mismatch_ok(enum bpf_reg_type type)
{
	/* The kernel rewrites a context access for its type
	 * (convert_ctx_accesses()): one instruction cannot serve two.
	 */
	return type != PTR_TO_CTX;
}

static bool reg_type_mismatch(enum bpf_reg_type src, enum bpf_reg_type prev)
{
	return src != prev && (!reg_type_mismatch_ok(src) ||
			       !reg_type_mismatch_ok(prev));
}

static int check_ptr_type_same(struct bpf_verifier_env *env, enum bpf_reg_type type)
{
	enum bpf_reg_type *prev_type = &env->insn_aux_data[env->insn_idx].ptr_type;

	if (*prev_type == NOT_INIT) {
		/* saw a valid insn
		 * dst_reg = *(u32 *)(src_reg + off)
		 * save type to validate intersecting paths
		 */
		*prev_type = type;
	} else if (reg_type_mismatch(type, *prev_type)) {
		/* ABuser program is trying to use the same insn
		 * dst_reg = *(u32*) (src_reg + off)
		 * with different pointer types:
		 * src_reg == ctx in one branch and
		 * src_reg == stack|map in some other branch.
		 * Reject it.
		 */
		verbose(env, "same insn cannot be used with different pointers\n");
		return -EINVAL;
	}
	return 0;
}

/* verify safety of LD_ABS|LD_IND instructions */
static int check_ld_abs(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	(void)insn;
	/* The kernel allows them for socket filters and tc programs, on an
	 * skb context. Their packet comes with packet pointers.
	 */
	verbose(env, "BPF_LD_[ABS|IND] instructions not allowed for this program type\n");
	if (env->ops->ctx_note)
		verbose(env, "%s\n", env->ops->ctx_note);
	return -EINVAL;
}

/* verify BPF_LD_IMM64 instruction */
static int check_ld_imm(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	struct bpf_reg_state *regs = cur_regs(env);
	u64 imm;
	int err;

	err = check_reg_arg(env, insn->dst_reg, DST_OP);
	if (err)
		return err;

	/* replace_map_fd_with_map_ptr() let only plain constants through */
	imm = ((u64)(insn + 1)->imm << 32) | (u32)insn->imm;
	regs[insn->dst_reg].type = SCALAR_VALUE;
	__mark_reg_known(&regs[insn->dst_reg], imm);
	return 0;
}

/*
 * v5.8's check_return_code() limits R0 at the main program's exit for the
 * cgroup program types (to 0 or 1: "drop" or "allow"), and returns 0 for
 * every other type. This __weak placeholder accepts anything; chapter 07
 * adds the rule for cgroup_skb, the one cgroup type this book builds, and
 * exercise 03/02 adds a rule of its own.
 */
__weak int check_return_code(struct bpf_verifier_env *env)
{
	(void)env;
	return 0;
}

/* Everything about a register that safety depends on; not its liveness marks. */
static bool regs_exact(const struct bpf_reg_state *a, const struct bpf_reg_state *b)
{
	return a->type == b->type && a->off == b->off &&
	       a->var_off.value == b->var_off.value && a->var_off.mask == b->var_off.mask &&
	       a->smin_value == b->smin_value && a->smax_value == b->smax_value &&
	       a->umin_value == b->umin_value && a->umax_value == b->umax_value &&
	       a->id == b->id && a->frameno == b->frameno;
}

static bool func_states_exact(const struct bpf_func_state *a, const struct bpf_func_state *b)
{
	int i;

	if (a->callsite != b->callsite || a->allocated_stack != b->allocated_stack)
		return false;
	for (i = 0; i < MAX_BPF_REG; i++)
		if (!regs_exact(&a->regs[i], &b->regs[i]))
			return false;
	for (i = 0; i < a->allocated_stack / BPF_REG_SIZE; i++) {
		if (memcmp(a->stack[i].slot_type, b->stack[i].slot_type, BPF_REG_SIZE))
			return false;
		if (a->stack[i].slot_type[0] == STACK_SPILL &&
		    !regs_exact(&a->stack[i].spilled_ptr, &b->stack[i].spilled_ptr))
			return false;
	}
	return true;
}

/* The kernel's cheap first test: the current frame's registers. */
static bool states_maybe_looping(const struct bpf_verifier_state *old,
				 const struct bpf_verifier_state *cur)
{
	const struct bpf_func_state *fold, *fcur;
	int i;

	if (old->curframe != cur->curframe)
		return false;
	fold = old->frame[cur->curframe];
	fcur = cur->frame[cur->curframe];
	for (i = 0; i < MAX_BPF_REG; i++)
		if (!regs_exact(&fold->regs[i], &fcur->regs[i]))
			return false;
	return true;
}

/* Exactly the same state: every frame's registers and stack. (The kernel's
 * states_equal() also accepts a state that is merely "within" the old one;
 * that is for pruning, which comes with the next part.)
 */
static bool states_equal(const struct bpf_verifier_state *old,
			 const struct bpf_verifier_state *cur)
{
	u32 i;

	if (old->curframe != cur->curframe)
		return false;
	for (i = 0; i <= cur->curframe; i++)
		if (!func_states_exact(old->frame[i], cur->frame[i]))
			return false;
	return true;
}

/* Checkpoints per path, at most: enough for any loop that repeats a state
 * early; a loop that does not is stopped by the 1M-instruction limit.
 */
#define BPF_MAX_LOOP_STATES	1024

/* Ours: mix one more word into a hash (a multiply per word: cheap). */
static u64 hash_mix(u64 h, u64 v)
{
	return (h ^ v) * 0x9e3779b97f4a7c15ULL;
}

/*
 * Ours: a hash of part of what states_equal() compares: the current
 * frame's registers, which is where one loop iteration differs from the
 * next (its counter). Equal states hash alike, so only states with the same
 * hash need the full comparison.
 */
static u64 state_hash(const struct bpf_verifier_state *st)
{
	const struct bpf_reg_state *r = st->frame[st->curframe]->regs;
	u64 h = st->curframe;
	int i;

	for (i = 0; i < MAX_BPF_REG; i++, r++) {
		h = hash_mix(h, ((u64)r->type << 32) | (u32)r->off);
		h = hash_mix(h, r->var_off.value);
		h = hash_mix(h, r->var_off.mask);
	}
	return h ^ (h >> 29);
}

/* Buckets of the checkpoint table: twice as many as checkpoints. */
#define BPF_LOOP_HTAB_SIZE	(2 * BPF_MAX_LOOP_STATES)

static u32 loop_bucket(int insn_idx, u64 hash)
{
	return hash_mix(hash, insn_idx) & (BPF_LOOP_HTAB_SIZE - 1);
}

/*
 * Mirrors the loop half of is_state_visited(), Linux v5.8: at a prune point,
 * compare the current state with the states this path had here before. The
 * same state again means the path loops forever. When to keep a checkpoint
 * follows the kernel: after at least 2 jumps and 8 instructions, and inside
 * a loop only every 20 jumps or 100 instructions.
 *
 * The kernel finds the states of one instruction through a hash table
 * indexed by insn_idx (explored_state()) and compares each. Ours are in a
 * hash table indexed by the instruction *and* a hash of the state's
 * contents, so a prune point costs a comparison or two however many
 * checkpoints the path holds at that instruction: a loop keeps up to 1024
 * at its head, and a scan of them all at every iteration made a 5-insn
 * loop to 0x7fffffff take seconds to refuse.
 */
static int is_state_visited(struct bpf_verifier_env *env, int insn_idx)
{
	struct bpf_verifier_state *cur = env->cur_state;
	bool add_new_state = false;
	struct bpf_loop_state *ls;
	u64 hash = 0;
	int i;

	if (!env->insn_aux_data[insn_idx].prune_point)
		return 0;

	if (env->jmps_processed - env->prev_jmps_processed >= 2 &&
	    env->insn_processed - env->prev_insn_processed >= 8)
		add_new_state = true;

	if (env->loop_cnt[insn_idx]) {
		hash = state_hash(cur);
		for (i = env->loop_htab[loop_bucket(insn_idx, hash)]; i >= 0; i = ls->next) {
			ls = &env->loop_states[i];
			if (ls->insn_idx == insn_idx && ls->hash == hash &&
			    states_maybe_looping(&ls->st, cur) && states_equal(&ls->st, cur)) {
				verbose(env, "infinite loop detected at insn %d\n", insn_idx);
				return -EINVAL;
			}
		}
		/* if the verifier is processing a loop, avoid adding new state
		 * too often, since different loop iterations have distinct
		 * states and may not help future pruning.
		 */
		if (env->jmps_processed - env->prev_jmps_processed < 20 &&
		    env->insn_processed - env->prev_insn_processed < 100)
			add_new_state = false;
	}
	if (!add_new_state || env->loop_states_cnt >= BPF_MAX_LOOP_STATES)
		return 0;

	if (env->loop_states_cnt == env->loop_states_cap) {
		u32 cap = env->loop_states_cap ? 2 * env->loop_states_cap : 16;

		ls = realloc(env->loop_states, cap * sizeof(*ls));
		if (!ls)
			return -ENOMEM;
		env->loop_states = ls;
		env->loop_states_cap = cap;
	}
	ls = &env->loop_states[env->loop_states_cnt];
	memset(ls, 0, sizeof(*ls));
	if (copy_verifier_state(&ls->st, cur)) {
		free_verifier_state(&ls->st, false);
		return -ENOMEM;
	}
	ls->insn_idx = insn_idx;
	ls->hash = env->loop_cnt[insn_idx] ? hash : state_hash(cur);
	i = loop_bucket(insn_idx, ls->hash);
	ls->next = env->loop_htab[i];
	env->loop_htab[i] = env->loop_states_cnt++;
	env->loop_cnt[insn_idx]++;
	env->prev_jmps_processed = env->jmps_processed;
	env->prev_insn_processed = env->insn_processed;
	return 0;
}

__weak int do_check(struct bpf_verifier_env *env)
{
	struct bpf_verifier_state *state = env->cur_state;
	struct bpf_insn *insns = env->prog->insnsi;
	struct bpf_reg_state *regs;
	int insn_cnt = env->prog->len;
	bool do_print_state = false;
	int prev_insn_idx = -1;

	for (;;) {
		struct bpf_insn *insn;
		u8 class;
		int err;

		env->prev_insn_idx = prev_insn_idx;
		if (env->insn_idx >= (u32)insn_cnt) {
			verbose(env, "invalid insn idx %d insn_cnt %d\n",
				env->insn_idx, insn_cnt);
			return -EFAULT;
		}

		insn = &insns[env->insn_idx];
		class = BPF_CLASS(insn->code);

		if (++env->insn_processed > BPF_COMPLEXITY_LIMIT_INSNS) {
			verbose(env,
				"BPF program is too large. Processed %d insn\n",
				env->insn_processed);
			return -E2BIG;
		}

		err = is_state_visited(env, env->insn_idx);
		if (err)
			return err;

		if (env->log.level & BPF_LOG_LEVEL2 ||
		    (env->log.level & BPF_LOG_LEVEL && do_print_state)) {
			if (env->log.level & BPF_LOG_LEVEL2)
				verbose(env, "%d:", env->insn_idx);
			else
				verbose(env, "\nfrom %d to %d:",
					env->prev_insn_idx, env->insn_idx);
			print_verifier_state(env, state->frame[state->curframe]);
			do_print_state = false;
		}

		if (env->log.level & BPF_LOG_LEVEL) {
			const struct bpf_insn_cbs cbs = {
				.cb_print	= verbose,
				.private_data	= env,
			};

			verbose(env, "%d: ", env->insn_idx);
			print_bpf_insn(&cbs, insn, env->allow_ptr_leaks);
		}

		regs = cur_regs(env);
		env->insn_aux_data[env->insn_idx].seen = true;
		prev_insn_idx = env->insn_idx;

		if (class == BPF_ALU || class == BPF_ALU64) {
			err = check_alu_op(env, insn);
			if (err)
				return err;

		} else if (class == BPF_LDX) {
			enum bpf_reg_type src_reg_type;

			/* check for reserved fields is already done */

			/* check src operand */
			err = check_reg_arg(env, insn->src_reg, SRC_OP);
			if (err)
				return err;

			err = check_reg_arg(env, insn->dst_reg, DST_OP_NO_MARK);
			if (err)
				return err;

			src_reg_type = regs[insn->src_reg].type;

			/* check that memory (src_reg + off) is readable,
			 * the state of dst_reg will be updated by this func
			 */
			err = check_mem_access(env, env->insn_idx, insn->src_reg,
					       insn->off, BPF_SIZE(insn->code),
					       BPF_READ, insn->dst_reg, false,
					       BPF_MODE(insn->code) == BPF_MEMSX);
			if (err)
				return err;

			err = check_ptr_type_same(env, src_reg_type);
			if (err)
				return err;

		} else if (class == BPF_STX) {
			enum bpf_reg_type dst_reg_type;

			if (BPF_MODE(insn->code) == BPF_ATOMIC) {
				err = check_atomic(env, env->insn_idx, insn);
				if (err)
					return err;
				env->insn_idx++;
				continue;
			}

			/* check src1 operand */
			err = check_reg_arg(env, insn->src_reg, SRC_OP);
			if (err)
				return err;
			/* check src2 operand */
			err = check_reg_arg(env, insn->dst_reg, SRC_OP);
			if (err)
				return err;

			dst_reg_type = regs[insn->dst_reg].type;

			/* check that memory (dst_reg + off) is writeable */
			err = check_mem_access(env, env->insn_idx, insn->dst_reg,
					       insn->off, BPF_SIZE(insn->code),
					       BPF_WRITE, insn->src_reg, false, false);
			if (err)
				return err;

			err = check_ptr_type_same(env, dst_reg_type);
			if (err)
				return err;

		} else if (class == BPF_ST) {
			err = check_reserved_fields(env, insn);
			if (err)
				return err;
			/* check src operand */
			err = check_reg_arg(env, insn->dst_reg, SRC_OP);
			if (err)
				return err;

			if (is_ctx_reg(env, insn->dst_reg)) {
				verbose(env, "BPF_ST stores into R%d %s is not allowed\n",
					insn->dst_reg,
					reg_type_str[regs[insn->dst_reg].type]);
				return -EACCES;
			}

			/* check that memory (dst_reg + off) is writeable */
			err = check_mem_access(env, env->insn_idx, insn->dst_reg,
					       insn->off, BPF_SIZE(insn->code),
					       BPF_WRITE, -1, false, false);
			if (err)
				return err;

		} else if (class == BPF_JMP || class == BPF_JMP32) {
			u8 opcode = BPF_OP(insn->code);

			env->jmps_processed++;
			if (opcode == BPF_CALL) {
				err = check_reserved_fields(env, insn);
				if (err)
					return err;

				if (insn->src_reg == BPF_PSEUDO_CALL)
					err = check_func_call(env, insn, (int *)&env->insn_idx);
				else
					err = check_helper_call(env, insn->imm, env->insn_idx);
				if (err)
					return err;

			} else if (opcode == BPF_JA) {
				err = check_reserved_fields(env, insn);
				if (err)
					return err;

				if (class == BPF_JMP)
					env->insn_idx += insn->off + 1;
				else
					env->insn_idx += insn->imm + 1;
				continue;

			} else if (opcode == BPF_EXIT) {
				err = check_reserved_fields(env, insn);
				if (err)
					return err;

				if (state->curframe) {
					/* exit from nested function */
					err = prepare_func_exit(env, (int *)&env->insn_idx);
					if (err)
						return err;
					do_print_state = true;
					continue;
				}

				/* eBPF calling convetion is such that R0 is used
				 * to return the value from eBPF program.
				 * Make sure that it's readable at this time
				 * of bpf_exit, which means that program wrote
				 * something into it earlier
				 */
				err = check_reg_arg(env, BPF_REG_0, SRC_OP);
				if (err)
					return err;

				if (is_pointer_value(env, BPF_REG_0)) {
					verbose(env, "R0 leaks addr as return value\n");
					return -EACCES;
				}

				err = check_return_code(env);
				if (err)
					return err;

				err = pop_stack(env, &prev_insn_idx, (int *)&env->insn_idx);
				if (err < 0) {
					if (err != -ENOENT)
						return err;
					break;
				} else {
					do_print_state = true;
					continue;
				}
			} else {
				err = check_cond_jmp_op(env, insn, (int *)&env->insn_idx);
				if (err)
					return err;
			}
		} else if (class == BPF_LD) {
			u8 mode = BPF_MODE(insn->code);

			err = check_reserved_fields(env, insn);
			if (err)
				return err;
			if (mode == BPF_ABS || mode == BPF_IND) {
				err = check_ld_abs(env, insn);
				if (err)
					return err;
			} else {
				err = check_ld_imm(env, insn);
				if (err)
					return err;

				env->insn_idx++;
				env->insn_aux_data[env->insn_idx].seen = true;
			}
		} else {
			verbose(env, "unknown insn class %d\n", class);
			return -EINVAL;
		}

		env->insn_idx++;
	}

	return 0;
}

/* Walk the program from its first instruction (v5.8: do_check_main()). */
__weak int do_check_main(struct bpf_verifier_env *env)
{
	struct bpf_verifier_state *state;
	struct bpf_reg_state *regs;
	int ret;

	env->insn_idx = 0;
	env->pass_cnt++;

	state = calloc(1, sizeof(struct bpf_verifier_state));
	if (!state)
		return -ENOMEM;
	state->curframe = 0;
	state->frame[0] = calloc(1, sizeof(struct bpf_func_state));
	if (!state->frame[0]) {
		free(state);
		return -ENOMEM;
	}
	env->loop_cnt = calloc(env->prog->len, sizeof(*env->loop_cnt));
	env->loop_htab = malloc(BPF_LOOP_HTAB_SIZE * sizeof(*env->loop_htab));
	if (!env->loop_cnt || !env->loop_htab) {
		free(env->loop_cnt);
		free(env->loop_htab);
		free_verifier_state(state, true);
		return -ENOMEM;
	}
	memset(env->loop_htab, 0xff, BPF_LOOP_HTAB_SIZE * sizeof(*env->loop_htab));
	env->cur_state = state;
	init_func_state(env, state->frame[0],
			BPF_MAIN_FUNC /* callsite */,
			0 /* frameno */,
			0 /* subprogno, zero == main subprog */);

	regs = state->frame[state->curframe]->regs;
	/* 1st arg to a function */
	regs[BPF_REG_1].type = PTR_TO_CTX;
	mark_reg_known_zero(env, regs, BPF_REG_1);

	ret = do_check(env);

	/* check for NULL is necessary, since cur_state can be freed inside
	 * do_check() under memory pressure.
	 */
	if (env->cur_state) {
		free_verifier_state(env->cur_state, true);
		env->cur_state = NULL;
	}
	while (!pop_stack(env, NULL, NULL))
		;
	truncate_loop_states(env, 0);
	free(env->loop_states);
	env->loop_states = NULL;
	env->loop_states_cap = 0;
	free(env->loop_cnt);
	free(env->loop_htab);
	env->loop_cnt = NULL;
	env->loop_htab = NULL;
	return ret;
}
