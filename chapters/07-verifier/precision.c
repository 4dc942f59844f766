// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: push_jmp_history(), get_prev_insn_idx(),
 * backtrack_insn(), mark_all_scalars_precise(), __mark_chain_precision(),
 * mark_chain_precision(), mark_chain_precision_stack(), Linux v5.8,
 * with three corrections of later kernels, each found here by the
 * differential fuzzer: the chain is always walked (Linux 6.1), a compare
 * of two registers joins them (CVE-2023-2163), and a state's start is its
 * first instruction with no jump left in its history (Linux 6.4); written
 * afresh.
 *
 * Precision. Pruning compares a state with one already proven safe, and a
 * scalar's exact bounds matter only if some decision depended on them: a
 * branch the bounds decided, a pointer moved by the scalar, a helper's size
 * argument. When the walk makes such a decision it marks the scalar
 * *precise*, and then walks backwards through the instructions that
 * computed it, marking the registers and stack slots they came from, into
 * the parent states too (backtracking). An imprecise scalar matches any
 * scalar when pruning (regsafe()); a precise one only a scalar within its
 * bounds.
 *
 * Backtracking reads instructions backwards: `r1 = r2` moves the need from
 * r1 to r2, `r1 += r2` adds r2, `r1 = 5` ends it. Where the walk jumped
 * inside a state, the jump history says where it came from. Where the
 * analysis cannot follow (a bpf-to-bpf call, a pointer subtraction), every
 * scalar is made precise: slower, never wrong. For an unprivileged loader,
 * and for programs with subprograms, every scalar is precise from the start
 * (__mark_reg_unknown()), as in v5.8.
 */
#include <stdlib.h>

#include "verifier.h"
#include "disasm.h"

/*
 * Ours: the kernel records the jumps it takes (v5.8 at every prune point
 * that is a jump target). What backtracking needs is every transition that
 * is not to the next instruction; that is recorded here.
 */
int push_jmp_history(struct bpf_verifier_env *env, struct bpf_verifier_state *cur)
{
	u32 n = cur->jmp_history_cnt;
	struct bpf_idx_pair *grown;

	/* the walk's first instruction, or the next one: no jump */
	if (env->prev_insn_idx == (u32)-1 || env->prev_insn_idx + 1 == env->insn_idx)
		return 0;
	grown = realloc(cur->jmp_history, (n + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	grown[n] = (struct bpf_idx_pair){ .prev_idx = env->prev_insn_idx, .idx = env->insn_idx };
	cur->jmp_history = grown;
	cur->jmp_history_cnt = n + 1;
	return 0;
}

/*
 * The instruction before i on the path: the one the newest unread entry
 * of the history says jumped to i (that entry is then read), else i - 1;
 * -ENOENT at the state's start. The start is the first instruction with
 * the whole history read (Linux 6.4): a loop can bring the path back to
 * that instruction number long before its start, and v5.8, which stopped
 * at the number, left a whole round of the loop unread. (6.4 also stops
 * when the one entry left is the jump into the first instruction: it
 * records that jump, our is_state_visited() does not.)
 */
static int get_prev_insn_idx(const struct bpf_verifier_state *st, int i, u32 *history)
{
	const struct bpf_idx_pair *newest = *history ? &st->jmp_history[*history - 1] : NULL;

	if (!newest && i == (int)st->first_insn_idx)
		return -ENOENT;
	if (!newest || newest->idx != (u32)i)
		return i - 1;
	(*history)--;
	return newest->prev_idx;
}

/* The slot of an 8-byte stack access at fp + off (64 slots: a mask's). */
static int fp_slot(struct bpf_verifier_env *env, s16 off, u32 *spi)
{
	*spi = (-off - 1) / BPF_REG_SIZE;
	if (*spi < 64)
		return 0;
	verbose(env, "BUG spi %d\n", *spi);
	return -EFAULT;
}

/*
 * One instruction, read backwards. Before it, which registers (reg_mask)
 * and stack slots (stack_mask) held what the precise values after it came
 * from?
 *
 *   dst = src       the need moves from dst to src
 *   dst = K         the need ends (dst is already marked precise)
 *   dst op= src     src is needed too; dst op= K: dst still is
 *   dst = *(fp-8)   a fill: the need moves to the slot (a load from
 *                   anywhere else ends it: loaded values are not tracked)
 *   *(fp-8) = src   a spill of a needed slot: the need moves to src
 *   call helper     r0 is the helper's: ended; r1-r5 cannot still be needed
 *   if dst op src   if either is needed, both are (below)
 *
 * -ENOTSUPP where the analysis cannot follow (a bpf-to-bpf call or exit,
 * a store through a scalar, that is a pointer subtraction, the classic
 * packet loads): the caller then makes every scalar precise.
 */
static int backtrack_insn(struct bpf_verifier_env *env, int idx, u32 *reg_mask,
			  u64 *stack_mask)
{
	const struct bpf_insn_cbs cbs = {
		.cb_print	= verbose,
		.private_data	= env,
	};
	struct bpf_insn *insn = env->prog->insnsi + idx;
	u8 class = BPF_CLASS(insn->code), opcode = BPF_OP(insn->code);
	u8 mode = BPF_MODE(insn->code);
	u32 dreg = 1u << insn->dst_reg, sreg = 1u << insn->src_reg;
	bool by_reg = BPF_SRC(insn->code) == BPF_X;
	u32 spi;
	int err;

	/* the second half of a 64-bit constant */
	if (!insn->code)
		return 0;
	if (env->log.level & BPF_LOG_LEVEL) {
		verbose(env, "regs=%x stack=%llx before ", *reg_mask,
			(unsigned long long)*stack_mask);
		verbose(env, "%d: ", idx);
		print_bpf_insn(&cbs, insn, env->allow_ptr_leaks);
	}

	switch (class) {
	case BPF_ALU:
	case BPF_ALU64:
		if (!(*reg_mask & dreg))
			break;
		if (opcode == BPF_MOV)
			*reg_mask &= ~dreg;
		if (by_reg)
			*reg_mask |= sreg;
		break;
	case BPF_LDX:
		if (!(*reg_mask & dreg))
			break;
		*reg_mask &= ~dreg;
		if (insn->src_reg != BPF_REG_FP || BPF_SIZE(insn->code) != BPF_DW ||
		    mode != BPF_MEM)
			break;
		err = fp_slot(env, insn->off, &spi);
		if (err)
			return err;
		*stack_mask |= 1ull << spi;
		break;
	case BPF_STX:
	case BPF_ST:
		if (*reg_mask & dreg)
			return -ENOTSUPP;
		if (insn->dst_reg != BPF_REG_FP || BPF_SIZE(insn->code) != BPF_DW)
			break;
		err = fp_slot(env, insn->off, &spi);
		if (err)
			return err;
		if (!(*stack_mask & (1ull << spi)))
			break;
		*stack_mask &= ~(1ull << spi);
		if (class == BPF_STX)
			*reg_mask |= sreg;
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (opcode == BPF_EXIT || (opcode == BPF_CALL && insn->src_reg == BPF_PSEUDO_CALL))
			return -ENOTSUPP;
		if (opcode != BPF_CALL) {
			/*
			 * Each side of `if dst op src` learned a bound from
			 * the other register's value. A bound learned from an
			 * imprecise register is one pruning need not respect,
			 * so one needed register makes the other needed too
			 * (CVE-2023-2163, fixed in Linux 6.3 and 6.1.x; v5.8
			 * joined nothing here). An immediate adds nothing.
			 */
			if (by_reg && (*reg_mask & (dreg | sreg)))
				*reg_mask |= dreg | sreg;
			break;
		}
		*reg_mask &= ~1u;
		if (*reg_mask & 0x3f) {
			verbose(env, "BUG regs %x\n", *reg_mask);
			return -EFAULT;
		}
		break;
	case BPF_LD:
		if (!(*reg_mask & dreg))
			break;
		*reg_mask &= ~dreg;
		/* ld_imm64 ends the need; the packet loads are not followed */
		if (mode == BPF_IND || mode == BPF_ABS)
			return -ENOTSUPP;
		break;
	}
	return 0;
}

/* The precision tracking gave up: every scalar, in every register and
 * slot of every frame of every state on the path back, is precise.
 */
static void mark_all_scalars_precise(struct bpf_verifier_env *env,
				     struct bpf_verifier_state *st)
{
	struct bpf_func_state *state;
	struct bpf_reg_state *reg;

	(void)env;
	for (; st; st = st->parent)
		for_each_reg_in_vstate(st, state, reg, ({
			if (reg->type == SCALAR_VALUE)
				reg->precise = true;
		}));
}

/* Does slot spi of a frame hold a spilled scalar? */
static bool spilled_scalar(const struct bpf_func_state *func, int spi)
{
	return spi < func->allocated_stack / BPF_REG_SIZE &&
	       func->stack[spi].slot_type[0] == STACK_SPILL &&
	       func->stack[spi].spilled_ptr.type == SCALAR_VALUE;
}

/*
 * Walk one state's instructions from last_idx back to its start (skipping
 * the very first: the instruction being checked, whose own effect is not
 * history). 1 when nothing is needed any more, 0 when the state's start
 * was reached with needs left for its parent, or an error.
 */
static int backtrack_state(struct bpf_verifier_env *env, const struct bpf_verifier_state *st,
			   int last_idx, u32 *reg_mask, u64 *stack_mask, bool *skip_first)
{
	u32 history = st->jmp_history_cnt;
	int i = last_idx, err;

	for (;;) {
		err = *skip_first ? 0 : backtrack_insn(env, i, reg_mask, stack_mask);
		*skip_first = false;
		if (err)
			return err;
		if (!*reg_mask && !*stack_mask)
			return 1;
		i = get_prev_insn_idx(st, i, &history);
		if (i == -ENOENT)
			return 0;
		if (i < 0 || i >= (int)env->prog->len) {
			/* needs left at the program's start: something
			 * was missed where a register got its value
			 */
			verbose(env, "BUG backtracking idx %d\n", i);
			return -EFAULT;
		}
	}
}

/*
 * The scalar in register regno, or in stack slot spi, of the current
 * state was needed exact: make every scalar it was computed from precise,
 * back through the path, state by state (each state's instructions read
 * backwards by backtrack_state()), marking what is still needed in each
 * parent, until nothing is, or a parent had every mark already. Pruning
 * reads the marks of checkpoints, which is where they go.
 */
static int __mark_chain_precision(struct bpf_verifier_env *env, int regno, int spi)
{
	struct bpf_verifier_state *st = env->cur_state;
	struct bpf_func_state *func = st->frame[st->curframe];
	int last_idx = env->insn_idx;
	u32 reg_mask = 0, m32;
	u64 stack_mask = 0, m64;
	bool new_marks = false, skip_first = true;
	int i, err;

	/* unprivileged, every scalar is precise from the start */
	if (!env->bpf_capable)
		return 0;

	/*
	 * The chain is walked even when the current state has the scalar
	 * precise already, and the marks go to the checkpoints behind it
	 * only (Linux 6.1; v5.8 stopped at a precise register). A mark does
	 * not say the chain behind it is marked: r3, precise once, stays so
	 * through `r3 += r8`, yet now depends on r8, which nobody marked; a
	 * later decision on r3 must reach r8 too, or a state with another r8
	 * is pruned as if it were the same.
	 */
	if (regno >= 0) {
		if (func->regs[regno].type != SCALAR_VALUE) {
			verbose(env, "verifier internal error: backtracking misuse\n");
			return -EFAULT;
		}
		new_marks = true;
		reg_mask = 1u << regno;
	}
	if (spi >= 0 && spilled_scalar(func, spi)) {
		new_marks = true;
		stack_mask = 1ull << spi;
	}
	if (!new_marks || (!reg_mask && !stack_mask))
		return 0;

	for (;;) {
		if (env->log.level & BPF_LOG_LEVEL)
			verbose(env, "last_idx %d first_idx %d\n", last_idx,
				st->first_insn_idx);
		err = backtrack_state(env, st, last_idx, &reg_mask, &stack_mask, &skip_first);
		if (err == -ENOTSUPP) {
			mark_all_scalars_precise(env, st);
			return 0;
		}
		if (err)
			return err < 0 ? err : 0;

		st = st->parent;
		if (!st)
			return 0;
		/* what is still needed, marked in the parent: registers and
		 * slots that hold no scalar there need nothing
		 */
		new_marks = false;
		func = st->frame[st->curframe];
		for (m32 = reg_mask; m32; m32 &= m32 - 1) {
			struct bpf_reg_state *reg = &func->regs[__builtin_ctz(m32)];

			if (reg->type != SCALAR_VALUE) {
				reg_mask &= ~(m32 & -m32);
				continue;
			}
			new_marks |= !reg->precise;
			reg->precise = true;
		}
		for (m64 = stack_mask; m64; m64 &= m64 - 1) {
			i = __builtin_ctzll(m64);
			/*
			 * A slot the parent never had: a spill through
			 * another register than fp (r3 = r10; *(r3 - 8) = r0)
			 * was not seen as one, and its fill was. Fall back.
			 */
			if (i >= func->allocated_stack / BPF_REG_SIZE) {
				mark_all_scalars_precise(env, st);
				return 0;
			}
			if (!spilled_scalar(func, i)) {
				stack_mask &= ~(1ull << i);
				continue;
			}
			new_marks |= !func->stack[i].spilled_ptr.precise;
			func->stack[i].spilled_ptr.precise = true;
		}
		if (env->log.level & BPF_LOG_LEVEL) {
			print_verifier_state(env, func);
			verbose(env, "parent %s regs=%x stack=%llx marks\n",
				new_marks ? "didn't have" : "already had",
				reg_mask, (unsigned long long)stack_mask);
		}
		if (!reg_mask && !stack_mask)
			return 0;
		if (!new_marks)
			return 0;
		last_idx = st->last_insn_idx;
	}
}

int mark_chain_precision(struct bpf_verifier_env *env, int regno)
{
	return __mark_chain_precision(env, regno, -1);
}

int mark_chain_precision_stack(struct bpf_verifier_env *env, int spi)
{
	return __mark_chain_precision(env, -1, spi);
}
