// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: push_jmp_history(), get_prev_insn_idx(),
 * backtrack_insn(), mark_all_scalars_precise(), __mark_chain_precision(),
 * mark_chain_precision(), mark_chain_precision_stack(), Linux v5.8;
 * written afresh.
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
	u32 cnt = cur->jmp_history_cnt;
	struct bpf_idx_pair *p;

	if (env->prev_insn_idx + 1 == env->insn_idx || env->prev_insn_idx == (u32)-1)
		return 0;
	p = realloc(cur->jmp_history, (cnt + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	p[cnt].idx = env->insn_idx;
	p[cnt].prev_idx = env->prev_insn_idx;
	cur->jmp_history = p;
	cur->jmp_history_cnt = cnt + 1;
	return 0;
}

/* Backtrack one insn at a time. If idx is not at the top of recorded
 * history then previous instruction came from straight line execution.
 */
/*
 * The instruction before i on the state's path, or -ENOENT at its start.
 * The start is the first instruction *and* no jump left in the history
 * (Linux 6.4): a loop may bring the path back to its first instruction
 * number long before it is done; v5.8 stopped there, and a whole round of
 * the loop went unread.
 */
static int get_prev_insn_idx(const struct bpf_verifier_state *st, int i, u32 *history)
{
	u32 cnt = *history;

	/* (6.4 also stops at a history holding only the jump into the first
	 * instruction: it records that jump, is_state_visited() here does
	 * not.)
	 */
	if (i == (int)st->first_insn_idx && cnt == 0)
		return -ENOENT;
	if (cnt && st->jmp_history[cnt - 1].idx == (u32)i) {
		i = st->jmp_history[cnt - 1].prev_idx;
		(*history)--;
	} else {
		i--;
	}
	return i;
}

/* For given verifier state backtrack_insn() is called from the last insn to
 * the first insn. Its purpose is to compute a bitmask of registers and
 * stack slots that needs precision in the parent verifier state.
 */
static int backtrack_insn(struct bpf_verifier_env *env, int idx, u32 *reg_mask,
			  u64 *stack_mask)
{
	const struct bpf_insn_cbs cbs = {
		.cb_print	= verbose,
		.private_data	= env,
	};
	struct bpf_insn *insn = env->prog->insnsi + idx;
	u8 class = BPF_CLASS(insn->code);
	u8 opcode = BPF_OP(insn->code);
	u8 mode = BPF_MODE(insn->code);
	u32 dreg = 1u << insn->dst_reg;
	u32 sreg = 1u << insn->src_reg;
	u32 spi;

	if (insn->code == 0)
		return 0;
	if (env->log.level & BPF_LOG_LEVEL) {
		verbose(env, "regs=%x stack=%llx before ", *reg_mask,
			(unsigned long long)*stack_mask);
		verbose(env, "%d: ", idx);
		print_bpf_insn(&cbs, insn, env->allow_ptr_leaks);
	}

	if (class == BPF_ALU || class == BPF_ALU64) {
		if (!(*reg_mask & dreg))
			return 0;
		if (opcode == BPF_MOV) {
			if (BPF_SRC(insn->code) == BPF_X) {
				/* dreg = sreg (or a sign-extended part of it)
				 * dreg needs precision after this insn
				 * sreg needs precision before this insn
				 */
				*reg_mask &= ~dreg;
				*reg_mask |= sreg;
			} else {
				/* dreg = K
				 * dreg needs precision after this insn.
				 * Corresponding register is already marked
				 * as precise=true in this verifier state.
				 * No further markings in parent are necessary
				 */
				*reg_mask &= ~dreg;
			}
		} else {
			if (BPF_SRC(insn->code) == BPF_X) {
				/* dreg += sreg
				 * both dreg and sreg need precision
				 * before this insn
				 */
				*reg_mask |= sreg;
			} /* else dreg += K
			   * dreg still needs precision before this insn
			   */
		}
	} else if (class == BPF_LDX) {
		if (!(*reg_mask & dreg))
			return 0;
		*reg_mask &= ~dreg;

		/* scalars can only be spilled into stack w/o losing precision.
		 * Load from any other memory can be zero extended.
		 * The desire to keep that precision is already indicated
		 * by 'precise' mark in corresponding register of this state.
		 * No further tracking necessary.
		 */
		if (insn->src_reg != BPF_REG_FP)
			return 0;
		if (BPF_SIZE(insn->code) != BPF_DW || mode != BPF_MEM)
			return 0;

		/* dreg = *(u64 *)[fp - off] was a fill from the stack.
		 * that [fp - off] slot contains scalar that needs to be
		 * tracked with precision
		 */
		spi = (-insn->off - 1) / BPF_REG_SIZE;
		if (spi >= 64) {
			verbose(env, "BUG spi %d\n", spi);
			return -EFAULT;
		}
		*stack_mask |= 1ull << spi;
	} else if (class == BPF_STX || class == BPF_ST) {
		if (*reg_mask & dreg)
			/* stx & st shouldn't be using _scalar_ dst_reg
			 * to access memory. It means backtracking
			 * encountered a case of pointer subtraction.
			 */
			return -ENOTSUPP;
		/* scalars can only be spilled into stack */
		if (insn->dst_reg != BPF_REG_FP)
			return 0;
		if (BPF_SIZE(insn->code) != BPF_DW)
			return 0;
		spi = (-insn->off - 1) / BPF_REG_SIZE;
		if (spi >= 64) {
			verbose(env, "BUG spi %d\n", spi);
			return -EFAULT;
		}
		if (!(*stack_mask & (1ull << spi)))
			return 0;
		*stack_mask &= ~(1ull << spi);
		if (class == BPF_STX)
			*reg_mask |= sreg;
	} else if (class == BPF_JMP || class == BPF_JMP32) {
		if (opcode == BPF_CALL) {
			if (insn->src_reg == BPF_PSEUDO_CALL)
				return -ENOTSUPP;
			/* regular helper call sets R0 */
			*reg_mask &= ~1;
			if (*reg_mask & 0x3f) {
				/* if backtracing was looking for registers R1-R5
				 * they should have been found already.
				 */
				verbose(env, "BUG regs %x\n", *reg_mask);
				return -EFAULT;
			}
		} else if (opcode == BPF_EXIT) {
			return -ENOTSUPP;
		} else if (BPF_SRC(insn->code) == BPF_X) {
			/*
			 * `if dst <op> src`: on either side the compare taught
			 * each register a bound from the other's value. If
			 * either must be precise, so must the other: a bound
			 * learned from an imprecise register is a guess that
			 * pruning may not respect (CVE-2023-2163; fixed in
			 * Linux 6.3 and 6.1.x, v5.8 propagated nothing here).
			 * A compare with an immediate adds nothing.
			 */
			if (*reg_mask & (sreg | dreg))
				*reg_mask |= sreg | dreg;
		}
	} else if (class == BPF_LD) {
		if (!(*reg_mask & dreg))
			return 0;
		*reg_mask &= ~dreg;
		/* It's ld_imm64 or ld_abs or ld_ind.
		 * For ld_imm64 no further tracking of precision
		 * into parent is necessary
		 */
		if (mode == BPF_IND || mode == BPF_ABS)
			/* to be analyzed */
			return -ENOTSUPP;
	}
	return 0;
}

/* the scalar precision tracking algorithm gave up: every scalar of every
 * state on the path back is precise
 */
static void mark_all_scalars_precise(struct bpf_verifier_env *env,
				     struct bpf_verifier_state *st)
{
	struct bpf_func_state *func;
	struct bpf_reg_state *reg;
	int i, j;

	(void)env;
	for (; st; st = st->parent)
		for (i = 0; i <= (int)st->curframe; i++) {
			func = st->frame[i];
			for (j = 0; j < BPF_REG_FP; j++) {
				reg = &func->regs[j];
				if (reg->type != SCALAR_VALUE)
					continue;
				reg->precise = true;
			}
			for (j = 0; j < func->allocated_stack / BPF_REG_SIZE; j++) {
				if (func->stack[j].slot_type[0] != STACK_SPILL)
					continue;
				reg = &func->stack[j].spilled_ptr;
				if (reg->type != SCALAR_VALUE)
					continue;
				reg->precise = true;
			}
		}
}

static int __mark_chain_precision(struct bpf_verifier_env *env, int regno, int spi)
{
	struct bpf_verifier_state *st = env->cur_state;
	int first_idx = st->first_insn_idx;
	int last_idx = env->insn_idx;
	struct bpf_func_state *func;
	struct bpf_reg_state *reg;
	u32 reg_mask = regno >= 0 ? 1u << regno : 0;
	u64 stack_mask = spi >= 0 ? 1ull << spi : 0;
	bool skip_first = true;
	bool new_marks = false;
	int i, err;

	if (!env->bpf_capable)
		return 0;

	/*
	 * The current state's own marks are not trusted to say the chain
	 * behind them is marked (Linux 6.1; v5.8 stopped here when the
	 * register was already precise). A register marked precise once
	 * stays marked through `r3 += r8`, yet its value now depends on r8,
	 * which nobody marked: a later decision on r3 must reach r8 too, or
	 * a state with another r8 is pruned as if it were the same. So the
	 * chain is always walked; marks go to the checkpoints only.
	 */
	func = st->frame[st->curframe];
	if (regno >= 0) {
		reg = &func->regs[regno];
		if (reg->type != SCALAR_VALUE) {
			verbose(env, "verifier internal error: backtracking misuse\n");
			return -EFAULT;
		}
		new_marks = true;
	}

	if (spi >= 0) {
		if (spi >= func->allocated_stack / BPF_REG_SIZE ||
		    func->stack[spi].slot_type[0] != STACK_SPILL ||
		    func->stack[spi].spilled_ptr.type != SCALAR_VALUE)
			stack_mask = 0;
		else
			new_marks = true;
	}

	if (!new_marks)
		return 0;
	if (!reg_mask && !stack_mask)
		return 0;
	for (;;) {
		u32 history = st->jmp_history_cnt;

		if (env->log.level & BPF_LOG_LEVEL)
			verbose(env, "last_idx %d first_idx %d\n", last_idx, first_idx);
		for (i = last_idx;;) {
			if (skip_first) {
				err = 0;
				skip_first = false;
			} else {
				err = backtrack_insn(env, i, &reg_mask, &stack_mask);
			}
			if (err == -ENOTSUPP) {
				mark_all_scalars_precise(env, st);
				return 0;
			} else if (err) {
				return err;
			}
			if (!reg_mask && !stack_mask)
				/* Found assignment(s) into tracked register in this state.
				 * Since this state is already marked, just return.
				 * Nothing to be tracked further in the parent state.
				 */
				return 0;
			i = get_prev_insn_idx(st, i, &history);
			if (i == -ENOENT)
				break;
			if (i < 0 || i >= (int)env->prog->len) {
				/* This can happen if backtracking reached insn 0
				 * and there are still reg_mask or stack_mask
				 * to backtrack.
				 * It means the backtracking missed the spot where
				 * particular register was initialized with a constant.
				 */
				verbose(env, "BUG backtracking idx %d\n", i);
				return -EFAULT;
			}
		}
		st = st->parent;
		if (!st)
			break;

		new_marks = false;
		func = st->frame[st->curframe];
		for (i = 0; i < 32; i++) {
			if (!(reg_mask & (1u << i)))
				continue;
			reg = &func->regs[i];
			if (reg->type != SCALAR_VALUE) {
				reg_mask &= ~(1u << i);
				continue;
			}
			if (!reg->precise)
				new_marks = true;
			reg->precise = true;
		}

		for (i = 0; i < 64; i++) {
			if (!(stack_mask & (1ull << i)))
				continue;
			if (i >= func->allocated_stack / BPF_REG_SIZE) {
				/* the sequence of instructions:
				 * 2: (bf) r3 = r10
				 * 3: (7b) *(u64 *)(r3 -8) = r0
				 * 4: (79) r4 = *(u64 *)(r10 -8)
				 * doesn't contain jmps. It's backtracked
				 * as a single block.
				 * During backtracking insn 3 is not recognized as
				 * stack access, so at the end of backtracking
				 * stack slot fp-8 is still marked in stack_mask.
				 * However the parent state may not have accessed
				 * fp-8 and it's "unallocated" stack space.
				 * In such case fallback to conservative.
				 */
				mark_all_scalars_precise(env, st);
				return 0;
			}

			if (func->stack[i].slot_type[0] != STACK_SPILL) {
				stack_mask &= ~(1ull << i);
				continue;
			}
			reg = &func->stack[i].spilled_ptr;
			if (reg->type != SCALAR_VALUE) {
				stack_mask &= ~(1ull << i);
				continue;
			}
			if (!reg->precise)
				new_marks = true;
			reg->precise = true;
		}
		if (env->log.level & BPF_LOG_LEVEL) {
			print_verifier_state(env, func);
			verbose(env, "parent %s regs=%x stack=%llx marks\n",
				new_marks ? "didn't have" : "already had",
				reg_mask, (unsigned long long)stack_mask);
		}

		if (!reg_mask && !stack_mask)
			break;
		if (!new_marks)
			break;

		last_idx = st->last_insn_idx;
		first_idx = st->first_insn_idx;
	}
	return 0;
}

int mark_chain_precision(struct bpf_verifier_env *env, int regno)
{
	return __mark_chain_precision(env, regno, -1);
}

int mark_chain_precision_stack(struct bpf_verifier_env *env, int spi)
{
	return __mark_chain_precision(env, -1, spi);
}
