// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: explored_state(), range_within(),
 * check_ids(), clean_func_state(), clean_verifier_state(),
 * clean_live_states(), regsafe(), stacksafe(), refsafe(),
 * func_states_equal(), states_equal(), propagate_liveness_reg(),
 * propagate_liveness(), propagate_precision(), states_maybe_looping() and
 * is_state_visited(), Linux v5.8; written afresh.
 *
 * State pruning: why a loop of fifty iterations with a branch inside does
 * not take 2^50 paths.
 *
 * At a prune point (a jump target, or an instruction after a call or a
 * jump), the verifier keeps a copy of the state it is in: a *checkpoint*,
 * listed under the instruction (explored_states). When a path arrives at
 * the same instruction later, in a state that is "within" a checkpoint
 * already proven safe from there, to the end, then the rest of this path is
 * safe too, and it stops ("safe"). "Within" (states_equal()) is not
 * equality:
 *
 *   - a register the checkpoint's continuation never read does not matter
 *     (liveness: REG_LIVE_READ, propagated backwards by mark_reg_read());
 *   - a scalar whose exact value no decision depended on matches any
 *     scalar (precision); a precise one matches a scalar within its range;
 *   - a packet pointer matches one with at least the same proven range;
 *   - a stack slot the checkpoint had as data matches one holding zero;
 *   - pointers must be of the same type and offset, ids in the same
 *     pattern (check_ids()).
 *
 * A checkpoint whose descendants are not all explored yet (branches > 0)
 * cannot prune: it is an ancestor of the path, and meeting it again *the
 * same* (states_maybe_looping() then states_equal()) means an infinite loop.
 */
#include <stdlib.h>
#include <string.h>

#include "verifier.h"

/* The kernel's BPF_COMPLEXITY_LIMIT_STATES: for an unprivileged loader, at
 * most this many checkpoints per instruction.
 */
#define BPF_COMPLEXITY_LIMIT_STATES	64

/* The ids of two states map one to one: check_ids()'s table size. */
#define BPF_ID_MAP_SIZE (MAX_BPF_REG + MAX_BPF_STACK / BPF_REG_SIZE)

struct bpf_id_pair {
	u32 old;
	u32 cur;
};

/*
 * The list an instruction's checkpoints go in. The same instruction run
 * in different calls (different call sites) holds different states, so
 * the call site is part of the hash.
 */
static struct bpf_verifier_state_list **explored_state(struct bpf_verifier_env *env, int idx)
{
	const struct bpf_verifier_state *cur = env->cur_state;
	u32 callsite = cur->frame[cur->curframe]->callsite;

	return &env->explored_states[(idx ^ callsite) % env->prog->len];
}

/* Does each of old's four ranges hold cur's? */
static bool range_within(const struct bpf_reg_state *old, const struct bpf_reg_state *cur)
{
	bool u64_in = old->umin_value <= cur->umin_value && cur->umax_value <= old->umax_value;
	bool s64_in = old->smin_value <= cur->smin_value && cur->smax_value <= old->smax_value;
	bool u32_in = old->u32_min_value <= cur->u32_min_value &&
		      cur->u32_max_value <= old->u32_max_value;
	bool s32_in = old->s32_min_value <= cur->s32_min_value &&
		      cur->s32_max_value <= old->s32_max_value;

	return u64_in && s64_in && u32_in && s32_in;
}

/*
 * Ids tell which registers hold the same thing (copies of one pointer or
 * scalar). The old state's pattern must hold in the current one under
 * some renaming: the first time an old id is met it is paired with the
 * current id, and every later meeting must find the same pair. (Two old
 * ids may both map to one current id: that only makes cur's registers
 * more alike.)
 */
static bool check_ids(u32 old_id, u32 cur_id, struct bpf_id_pair *idmap)
{
	struct bpf_id_pair *p, *end = idmap + BPF_ID_MAP_SIZE;

	for (p = idmap; p < end && p->old; p++)
		if (p->old == old_id)
			return p->cur == cur_id;
	/* more ids than registers and slots: cannot be */
	if (p == end)
		return false;
	p->old = old_id;
	p->cur = cur_id;
	/* ours: the table is cleared lazily, one slot ahead */
	if (p + 1 < end)
		p[1].old = 0;
	return true;
}

/* The fields of a register that make two registers the same: everything
 * before the liveness links (the kernel's memcmp up to 'parent').
 */
static bool regs_same(const struct bpf_reg_state *a, const struct bpf_reg_state *b)
{
	return a->type == b->type && a->off == b->off && a->raw == b->raw &&
	       a->id == b->id && a->ref_obj_id == b->ref_obj_id &&
	       a->var_off.value == b->var_off.value && a->var_off.mask == b->var_off.mask &&
	       a->smin_value == b->smin_value && a->smax_value == b->smax_value &&
	       a->umin_value == b->umin_value && a->umax_value == b->umax_value &&
	       a->s32_min_value == b->s32_min_value && a->s32_max_value == b->s32_max_value &&
	       a->u32_min_value == b->u32_min_value && a->u32_max_value == b->u32_max_value;
}

/* The same up to the id (the kernel's memcmp up to 'id'). */
static bool regs_same_but_id(const struct bpf_reg_state *a, const struct bpf_reg_state *b)
{
	return a->type == b->type && a->off == b->off && a->raw == b->raw;
}

/*
 * A frame of a checkpoint whose continuation is fully explored: its
 * liveness is final (REG_LIVE_DONE: no read walks into it any more). What
 * was never read there cannot matter to any comparison: it is reset, and
 * every later comparison skips it at once.
 */
static void clean_func_state(struct bpf_verifier_env *env, struct bpf_func_state *st)
{
	int r, spi;

	for (r = 0; r < BPF_REG_FP; r++) {
		bool read = st->regs[r].live & REG_LIVE_READ;

		st->regs[r].live |= REG_LIVE_DONE;
		if (!read)
			mark_reg_not_init(env, st->regs, r);
	}
	for (spi = 0; spi < st->allocated_stack / BPF_REG_SIZE; spi++) {
		struct bpf_stack_state *slot = &st->stack[spi];
		bool read = slot->spilled_ptr.live & REG_LIVE_READ;

		slot->spilled_ptr.live |= REG_LIVE_DONE;
		if (read)
			continue;
		mark_reg_not_init(env, &slot->spilled_ptr, 0);
		memset(slot->slot_type, STACK_INVALID, sizeof(slot->slot_type));
	}
}

/* Every frame, once (r0 of frame 0 carries the mark of having been). */
static void clean_verifier_state(struct bpf_verifier_env *env, struct bpf_verifier_state *st)
{
	u32 fr;

	if (st->frame[0]->regs[0].live & REG_LIVE_DONE)
		return;
	for (fr = 0; fr <= st->curframe; fr++)
		clean_func_state(env, st->frame[fr]);
}

/* Were two states (of as many frames) called from the same places? */
static bool same_callsites(const struct bpf_verifier_state *a, const struct bpf_verifier_state *b)
{
	u32 fr;

	for (fr = 0; fr <= a->curframe; fr++)
		if (a->frame[fr]->callsite != b->frame[fr]->callsite)
			return false;
	return true;
}

/*
 * Why liveness can be final. Read marks flow backwards from the paths
 * below a checkpoint: in
 *
 *   0: r0 = 0
 *   1: if r2 > 7 goto pc+1
 *   2: r0 = 1
 *   3: exit
 *
 * the first path to reach 3, through 2, leaves the checkpoint at 1 with r0
 * unread (2 wrote it first); the pushed path, 1 to 3, then reads r0 (exit
 * does) and marks it there. The walk is
 * depth first: when it stands at a prune point again, every path below the
 * checkpoints saved there has been walked, and their marks are in. So those
 * checkpoints (of the same call chain: the same instruction in another call
 * says nothing of them) are cleaned here, before they are compared.
 */
static void clean_live_states(struct bpf_verifier_env *env, int insn,
			      struct bpf_verifier_state *cur)
{
	struct bpf_verifier_state_list *sl;

	for (sl = *explored_state(env, insn); sl; sl = sl->next) {
		struct bpf_verifier_state *st = &sl->state;

		if (st->branches || st->insn_idx != (u32)insn ||
		    st->curframe != cur->curframe || !same_callsites(st, cur))
			continue;
		clean_verifier_state(env, st);
	}
}

/* Is every value cur may hold one old held? */
static bool value_within(const struct bpf_reg_state *old, const struct bpf_reg_state *cur)
{
	return range_within(old, cur) && tnum_in(old->var_off, cur->var_off);
}

/*
 * Does "old was safe" make "cur is safe", for one register? Yes if the old
 * path never read it, or the two are the same (a stack pointer, only into
 * the same frame: fp-8 of one call is not fp-8 of another), or old was
 * unreadable. Otherwise, by type:
 *
 *   scalar       any scalar, unless old was precise: then one within its
 *                bounds (and never while masks are being explored: every
 *                distinct scalar must be walked, Linux 5.13)
 *   map value    the same map and fixed offset, a variable offset within;
 *                the id is not compared: it only pairs spin lock calls,
 *                and code right for one element is right for all
 *   map value or NULL   the same, and ids in the same pattern: a NULL check
 *                of old changed every register of its id
 *   packet       the same fixed offset, at least the range old had (every
 *                access old made is still inside), ids in the same pattern,
 *                a variable offset within
 *   the rest     exactly the same, which was answered above
 *
 * A pointer where old had a scalar is never safe: scalars may be leaked,
 * pointers may not.
 */
static bool regsafe(struct bpf_verifier_env *env, const struct bpf_reg_state *rold,
		    const struct bpf_reg_state *rcur,
		    struct bpf_id_pair *idmap)
{
	bool same;

	if (!(rold->live & REG_LIVE_READ))
		return true;
	same = regs_same(rold, rcur);
	if (rold->type == PTR_TO_STACK)
		return same && rold->frameno == rcur->frameno;
	if (same || rold->type == NOT_INIT)
		return true;
	if (rcur->type == NOT_INIT)
		return false;

	switch (rold->type) {
	case SCALAR_VALUE:
		if (env->explore_alu_limits || rcur->type != SCALAR_VALUE)
			return false;
		return !rold->precise || value_within(rold, rcur);
	case PTR_TO_MAP_VALUE:
		return regs_same_but_id(rold, rcur) && value_within(rold, rcur);
	case PTR_TO_MAP_VALUE_OR_NULL:
		return rcur->type == PTR_TO_MAP_VALUE_OR_NULL && regs_same_but_id(rold, rcur) &&
		       check_ids(rold->id, rcur->id, idmap);
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
		if (rcur->type != rold->type || rold->off != rcur->off)
			return false;
		/* at or past pkt_end (Linux 5.11): exactly the same mark */
		if (rold->range < 0 || rcur->range < 0 ? rold->range != rcur->range
						       : rold->range > rcur->range)
			return false;
		if (rold->id && !check_ids(rold->id, rcur->id, idmap))
			return false;
		return value_within(rold, rcur);
	default:
		return false;
	}
}

/*
 * The stack, slot by slot of old's (slots cur has beyond them old never
 * used). A slot the old path never read does not matter, nor an
 * uninitialized byte of old's. Otherwise each byte must be of the same
 * kind, but that data where old had data may be known zeros where cur
 * has them (the reverse would not do: old may have relied on the zeros).
 * A spilled register must be safe as a register is.
 */
static bool stacksafe(struct bpf_verifier_env *env, const struct bpf_func_state *old,
		      const struct bpf_func_state *cur,
		      struct bpf_id_pair *idmap)
{
	int spi, b;

	for (spi = 0; spi < old->allocated_stack / BPF_REG_SIZE; spi++) {
		const struct bpf_stack_state *slot = &old->stack[spi];

		if (!(slot->spilled_ptr.live & REG_LIVE_READ))
			continue;
		for (b = 0; b < BPF_REG_SIZE; b++) {
			u8 was = slot->slot_type[b], is;

			if (was == STACK_INVALID)
				continue;
			if (spi * BPF_REG_SIZE + b >= cur->allocated_stack)
				return false;
			is = cur->stack[spi].slot_type[b];
			if (was != is && !(was == STACK_MISC && is == STACK_ZERO))
				return false;
		}
		if (slot->slot_type[0] == STACK_SPILL &&
		    !regsafe(env, &slot->spilled_ptr, &cur->stack[spi].spilled_ptr, idmap))
			return false;
	}
	return true;
}

/* The same references held, acquired at the same instructions. */
static bool refsafe(const struct bpf_func_state *old, const struct bpf_func_state *cur)
{
	size_t n = old->acquired_refs;

	if (n != (size_t)cur->acquired_refs)
		return false;
	return !n || !memcmp(old->refs, cur->refs, n * sizeof(*old->refs));
}

/* One frame: every register, the stack, the references. One id table
 * serves them all: an id pattern may span registers and slots.
 */
static bool func_states_equal(struct bpf_verifier_env *env,
			      const struct bpf_func_state *old,
			      const struct bpf_func_state *cur)
{
	struct bpf_id_pair idmap[BPF_ID_MAP_SIZE];
	int r;

	/* An empty first slot is an empty table: check_ids() stops at the
	 * first empty slot and clears the next one as it fills a slot. The
	 * kernel clears all 75 slots for every frame it compares; with
	 * thousands of states per instruction that memset is a sixth of
	 * the walk's time.
	 */
	idmap[0].old = 0;
	for (r = 0; r < MAX_BPF_REG; r++)
		if (!regsafe(env, &old->regs[r], &cur->regs[r], idmap))
			return false;
	return stacksafe(env, old, cur, idmap) && refsafe(old, cur);
}

/*
 * Is cur within the checkpoint old (every checkpoint compared here was
 * proven safe: every path from it reached an exit)? The same call chain,
 * the same lock state, and every frame within. A checkpoint of a
 * speculative path never prunes a path that really runs (the reverse is
 * fine: a real path's proof covers a speculative one).
 */
static bool states_equal(struct bpf_verifier_env *env,
			 const struct bpf_verifier_state *old,
			 const struct bpf_verifier_state *cur)
{
	u32 fr;

	if (old->curframe != cur->curframe || old->active_spin_lock != cur->active_spin_lock)
		return false;
	if (old->speculative && !cur->speculative)
		return false;
	if (!same_callsites(old, cur))
		return false;
	/* Ours: innermost frame first. The answer is the same in any order;
	 * the frame being executed is where two states usually differ, and
	 * each frame compared is a cache miss into an old state.
	 */
	for (fr = old->curframe + 1; fr-- > 0;)
		if (!func_states_equal(env, old->frame[fr], cur->frame[fr]))
			return false;
	return true;
}

/*
 * One register of a checkpoint that pruned the current path: what its
 * continuation read, the current path's ancestors must keep (mark_reg_read()
 * from parent_reg up). Nothing to do if it was not read, or the parent
 * has that mark already (READ64 covers READ32). Returns the mark passed on,
 * 0, or an error.
 */
static int propagate_liveness_reg(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
				  struct bpf_reg_state *parent_reg)
{
	u8 parent_flag = parent_reg->live & REG_LIVE_READ;
	u8 flag = reg->live & REG_LIVE_READ;
	int err;

	if (!flag || flag == parent_flag || parent_flag == REG_LIVE_READ64)
		return 0;
	err = mark_reg_read(env, reg, parent_reg, flag);
	return err ? err : flag;
}

/*
 * The pruned path continues, in effect, as the checkpoint's continuation
 * did: its reads are ours, whatever this path wrote on the way (the write
 * marks screen reads only along straight-line code, which is not how we
 * got here: mark_reg_read()'s `parent == state->parent` test). So the
 * checkpoint's read marks go to the current state's registers and slots.
 * In a caller's frame only r6-r9 outlive a call; fp is read only.
 */
static int propagate_liveness(struct bpf_verifier_env *env,
			      const struct bpf_verifier_state *vstate,
			      struct bpf_verifier_state *vparent)
{
	u32 fr;
	int i, err;

	if (vparent->curframe != vstate->curframe) {
		verbose(env, "verifier bug: propagate_live: parent frame %d current frame %d\n",
			vparent->curframe, vstate->curframe);
		return -EFAULT;
	}
	for (fr = 0; fr <= vstate->curframe; fr++) {
		struct bpf_func_state *from = vstate->frame[fr], *to = vparent->frame[fr];
		int slots = min(from->allocated_stack, to->allocated_stack) / BPF_REG_SIZE;

		for (i = fr < vstate->curframe ? BPF_REG_6 : 0; i < BPF_REG_FP; i++) {
			struct bpf_reg_state *reg = &to->regs[i];

			err = propagate_liveness_reg(env, &from->regs[i], reg);
			if (err < 0)
				return err;
			/* read whole: a 32-bit write must zero-extend */
			if (err == REG_LIVE_READ64)
				mark_insn_zext(env, reg);
		}
		for (i = 0; i < slots; i++) {
			err = propagate_liveness_reg(env, &from->stack[i].spilled_ptr,
						     &to->stack[i].spilled_ptr);
			if (err < 0)
				return err;
		}
	}
	return 0;
}

static bool precise_scalar(const struct bpf_reg_state *reg)
{
	return reg->type == SCALAR_VALUE && reg->precise;
}

/*
 * The checkpoint was safe with some scalars precise: the current path's
 * equal scalars must be exact too, back through their history (it reached
 * here with them only "within" the checkpoint's, which for a precise
 * scalar means within its bounds).
 */
static int propagate_precision(struct bpf_verifier_env *env,
			       const struct bpf_verifier_state *old)
{
	const struct bpf_func_state *state = old->frame[old->curframe];
	int i, err;

	for (i = 0; i < BPF_REG_FP; i++) {
		if (!precise_scalar(&state->regs[i]))
			continue;
		if (env->log.level & BPF_LOG_LEVEL2)
			verbose(env, "propagating r%d\n", i);
		err = mark_chain_precision(env, i);
		if (err < 0)
			return err;
	}
	for (i = 0; i < state->allocated_stack / BPF_REG_SIZE; i++) {
		if (state->stack[i].slot_type[0] != STACK_SPILL ||
		    !precise_scalar(&state->stack[i].spilled_ptr))
			continue;
		if (env->log.level & BPF_LOG_LEVEL2)
			verbose(env, "propagating fp%d\n", (-i - 1) * BPF_REG_SIZE);
		err = mark_chain_precision_stack(env, i);
		if (err < 0)
			return err;
	}
	return 0;
}

/* A cheap first test for a loop: the running frame's registers exactly as
 * they were at the ancestor.
 */
static bool states_maybe_looping(const struct bpf_verifier_state *old,
				 const struct bpf_verifier_state *cur)
{
	const struct bpf_func_state *was, *now;
	int r;

	if (old->curframe != cur->curframe)
		return false;
	was = old->frame[cur->curframe];
	now = cur->frame[cur->curframe];
	for (r = 0; r < MAX_BPF_REG; r++)
		if (was->regs[r].frameno != now->regs[r].frameno ||
		    !regs_same(&was->regs[r], &now->regs[r]))
			return false;
	return true;
}

/*
 * cur is within the safe checkpoint old: the path is safe. What old's
 * continuation read, and needed exact, the current path's ancestors must
 * now keep. Returns 1, or an error.
 */
static int prune_path(struct bpf_verifier_env *env, const struct bpf_verifier_state *old,
		      struct bpf_verifier_state *cur)
{
	int err = propagate_liveness(env, old, cur);

	err = err ?: push_jmp_history(env, cur);
	err = err ?: propagate_precision(env, old);
	return err ? err : 1;
}

/*
 * A checkpoint out of its list. One whose liveness is final is freed;
 * another may still be walked through (registers below have it as parent)
 * and waits on the free list for the end of the walk.
 */
static void evict_state(struct bpf_verifier_env *env, struct bpf_verifier_state_list *sl)
{
	if (sl->state.frame[0]->regs[0].live & REG_LIVE_DONE) {
		free_verifier_state(&sl->state, false);
		free(sl);
		env->peak_states--;
		return;
	}
	sl->next = env->free_list;
	env->free_list = sl;
}

/*
 * A copy of cur becomes a checkpoint here, and cur's parent: from now on
 * cur's registers read through to the checkpoint's. It is not proven safe
 * yet; it will be when every path from it has ended (branches back to 0),
 * unless the program is refused first. Until then it can only catch a loop.
 */
static int add_checkpoint(struct bpf_verifier_env *env, int insn_idx,
			  struct bpf_verifier_state *cur)
{
	struct bpf_verifier_state_list *new_sl = calloc(1, sizeof(*new_sl));
	struct bpf_verifier_state *new;
	u32 fr;
	int i, err;

	if (!new_sl)
		return -ENOMEM;
	/* the next checkpoint is counted from this one */
	env->prev_insn_processed = env->insn_processed;
	env->prev_jmps_processed = env->jmps_processed;
	env->peak_states++;
	env->total_states++;

	new = &new_sl->state;
	err = copy_verifier_state(new, cur);
	if (err) {
		free_verifier_state(new, false);
		free(new_sl);
		return err;
	}
	new->insn_idx = insn_idx;
	new_sl->next = *explored_state(env, insn_idx);
	*explored_state(env, insn_idx) = new_sl;

	cur->parent = new;
	cur->first_insn_idx = insn_idx;
	free(cur->jmp_history);
	cur->jmp_history = NULL;
	cur->jmp_history_cnt = 0;

	/*
	 * Link every register to the checkpoint's, and clear the write
	 * marks: writes made before the checkpoint do not screen later reads
	 * from it. In the running frame all registers; in callers' frames
	 * r6-r9 only, the ones that outlive a call (r1-r5 are linked at the
	 * call, r0 comes back from the callee). Every frame's stack, as a
	 * callee may read any of them.
	 */
	for (fr = 0; fr <= cur->curframe; fr++) {
		struct bpf_func_state *frame = cur->frame[fr], *saved = new->frame[fr];

		for (i = fr < cur->curframe ? BPF_REG_6 : 0; i < BPF_REG_FP; i++)
			frame->regs[i].parent = &saved->regs[i];
		for (i = 0; i < BPF_REG_FP; i++)
			frame->regs[i].live = REG_LIVE_NONE;
		for (i = 0; i < frame->allocated_stack / BPF_REG_SIZE; i++) {
			frame->stack[i].spilled_ptr.live = REG_LIVE_NONE;
			frame->stack[i].spilled_ptr.parent = &saved->stack[i].spilled_ptr;
		}
	}
	return 0;
}

/* Ours, a knob like the JIT's (bpfjit --no-prune): no checkpoint is kept,
 * so none prunes a path and no loop is recognized; every path is walked to
 * its exit or to the complexity limit.
 */
bool bpf_verifier_no_prune;

/*
 * At a prune point: 1 if the current path is within a safe checkpoint
 * here (it stops), 0 to go on (perhaps after saving a checkpoint), or an
 * error (an infinite loop among them).
 *
 * Two heuristics of v5.7 keep the lists short. A checkpoint is saved only
 * when the path has passed 2 jumps and 8 instructions since the last one
 * (programs have a prune point every few instructions; in the kernel's
 * tests this halves the memory and saves a fifth of the time), and less
 * often inside a loop (20 jumps or 100 instructions), whose iterations
 * differ anyway; not much less often, or a loop with a large bound would
 * hit the instruction limit slowly (r1 += 1; if r1 < 1000000 goto pc-2 is
 * 10k checkpoints) and those at its end prune well. A checkpoint that
 * fails to match far more often than it matches is dropped; misses are
 * counted only while checkpoints are being saved, or a loop's iterations
 * would push out the ones saved before it.
 *
 * Every way out that keeps the current path going records how it got
 * here in its jump history (push_jmp_history()), so that backtracking can
 * follow it back across a jump. A new checkpoint records nothing: the
 * path starts afresh there, and its parent ends at prev_insn_idx (Linux
 * 6.1's order; recorded in the parent as well, the jump would make
 * backtracking skip the way into prev_insn_idx).
 */
int is_state_visited(struct bpf_verifier_env *env, int insn_idx)
{
	struct bpf_verifier_state *cur = env->cur_state;
	struct bpf_verifier_state_list *sl, **pprev;
	bool add_new_state = env->test_state_freq;
	int states_cnt = 0;

	cur->last_insn_idx = env->prev_insn_idx;
	/* no search here, or (ours) a walk without pruning, to see what
	 * pruning saves
	 */
	if (!env->insn_aux_data[insn_idx].prune_point || bpf_verifier_no_prune)
		return push_jmp_history(env, cur);

	if (env->jmps_processed - env->prev_jmps_processed >= 2 &&
	    env->insn_processed - env->prev_insn_processed >= 8)
		add_new_state = true;

	pprev = explored_state(env, insn_idx);
	clean_live_states(env, insn_idx, cur);

	for (sl = *pprev; sl; sl = *pprev) {
		states_cnt++;
		if (sl->state.insn_idx != (u32)insn_idx) {
			/* another instruction in the same bucket */
			pprev = &sl->next;
			continue;
		}
		if (sl->state.branches) {
			/* an ancestor of this path: to be here again the
			 * same is a loop that never ends
			 */
			if (states_maybe_looping(&sl->state, cur) &&
			    states_equal(env, &sl->state, cur)) {
				verbose(env, "infinite loop detected at insn %d\n", insn_idx);
				return -EINVAL;
			}
			if (env->jmps_processed - env->prev_jmps_processed < 20 &&
			    env->insn_processed - env->prev_insn_processed < 100)
				add_new_state = false;
		} else if (states_equal(env, &sl->state, cur)) {
			sl->hit_cnt++;
			return prune_path(env, &sl->state, cur);
		}
		if (add_new_state)
			sl->miss_cnt++;
		if (sl->miss_cnt > sl->hit_cnt * 3 + 3) {
			*pprev = sl->next;
			evict_state(env, sl);
			continue;
		}
		pprev = &sl->next;
	}

	env->max_states_per_insn = max(env->max_states_per_insn, (u32)states_cnt);
	/* an unprivileged program gets at most so many per instruction */
	if (!env->allow_ptr_leaks && states_cnt > BPF_COMPLEXITY_LIMIT_STATES)
		return push_jmp_history(env, cur);
	if (!add_new_state)
		return push_jmp_history(env, cur);
	return add_checkpoint(env, insn_idx, cur);
}
