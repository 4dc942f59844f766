// SPDX-License-Identifier: GPL-2.0
/*
 * Which registers are read again: for every instruction, the set of
 * registers some later instruction reads before anything writes them
 * (live after it). A backward data-flow analysis over the instructions,
 * iterated until nothing changes, the textbook one.
 *
 * The verifier tracks the same thing (REG_LIVE_READ, kernel/bpf/verifier.c:
 * mark_reg_read(), Linux v5.8), but per state and for pruning, and throws
 * it away. Here it serves the JIT three ways:
 *   - an instruction with no effect but its result, whose result nobody
 *     reads, is dead: no code at all (the verifier's dead stores);
 *   - rax, rdx and rcx, which div and shifts through cl need, are saved
 *     around them only if the program still needs what they hold;
 *   - a register that only carried an address can vanish into a load's
 *     operand (opt_fuse.c).
 * An instruction counts as reading its operands only if it is needed
 * (it has an effect, or a register it writes is live): so a chain of
 * computations that ends in nothing is dead as a whole, in one analysis.
 */
#include <stdlib.h>

#include "opt.h"

/*
 * The registers insn reads (*use) and writes (*def), and whether it does
 * anything else (stores, calls, jumps, loads that could fault).
 */
static void insn_regs(const struct bpf_insn *insn, u16 *use, u16 *def, bool *effects)
{
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	u16 dst = REG_BIT(insn->dst_reg), src = REG_BIT(insn->src_reg);

	*use = *def = 0;
	*effects = false;
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		*def = dst;
		if (op != BPF_MOV)
			*use |= dst;
		if (BPF_SRC(insn->code) == BPF_X && op != BPF_END && op != BPF_NEG)
			*use |= src;
		return;
	case BPF_LD:
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			*def = dst;
			return;
		}
		break;	/* classic packet loads: anything */
	case BPF_LDX:
		*use = src;
		*def = dst;
		*effects = true;	/* a load can fault */
		return;
	case BPF_ST:
		*use = dst;
		*effects = true;
		return;
	case BPF_STX:
		*use = dst | src;
		*effects = true;
		if (BPF_MODE(insn->code) == BPF_ATOMIC) {
			if (insn->imm == BPF_CMPXCHG) {
				*use |= REG_BIT(BPF_REG_0);
				*def = REG_BIT(BPF_REG_0);
			} else if (insn->imm & BPF_FETCH) {
				*def = src;
			}
		}
		return;
	case BPF_JMP:
	case BPF_JMP32:
		*effects = true;
		if (op == BPF_CALL) {
			/* every argument register may be read; R0-R5 and AX are scratched */
			*use = REGS_ARGS;
			*def = REGS_CALLER | REG_BIT(BPF_REG_AX);
		} else if (op == BPF_TAIL_CALL) {
			*use = REG_BIT(1) | REG_BIT(2) | REG_BIT(3);
			*def = REGS_CALLER;
		} else if (op == BPF_EXIT) {
			*use = REG_BIT(BPF_REG_0);
		} else if (op != BPF_JA) {
			*use = dst;
			if (BPF_SRC(insn->code) == BPF_X)
				*use |= src;
		}
		return;
	}
	/* anything else: reads everything, and is kept */
	*use = (1u << OPT_NREGS) - 1;
	*effects = true;
}

/*
 * The stack's slots insn reads (*use) and overwrites whole (*def), when
 * the stack is known: loads and atomics through R10 read what they touch,
 * an 8-byte store to a slot overwrites it. Returns whether insn is such a
 * store (which is dead if its slot is read no more: the frame dies at exit).
 */
static bool insn_slots(const struct bpf_insn *insn, u64 *use, u64 *def)
{
	unsigned int cls = BPF_CLASS(insn->code), mode = BPF_MODE(insn->code);
	int bytes = bpf_size_to_bytes(BPF_SIZE(insn->code)), k;

	*use = *def = 0;
	if (cls == BPF_LDX ? insn->src_reg != BPF_REG_FP : insn->dst_reg != BPF_REG_FP)
		return false;		/* not the stack: R10 never gets out */
	if (cls == BPF_LDX || mode == BPF_ATOMIC) {
		*use = opt_slots_touched(insn->off, bytes);
		return false;
	}
	k = opt_slot(insn->off, bytes);
	if (mode == BPF_MEM && k >= 0) {
		*def = 1ULL << k;
		return true;
	}
	return false;
}

/*
 * Insn i's live set before it, from the one after it (registers, and the
 * stack's slots in *slots when it is known); and, with decide, whether it
 * is needed at all (else OPT_DEAD) and what it touches.
 */
static __always_inline u16 live_before(struct opt_prog *opt, u32 i, u16 live, u64 *slots, bool decide)
{
	const struct bpf_insn *insn = &opt->insns[i];
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	u16 use, def;
	u64 suse, sdef;
	bool effects, slot_store = false;

	if (opt->flags[i] & (OPT_DEAD | OPT_NOP))
		return live;
	if (cls == BPF_ALU || cls == BPF_ALU64) {
		/* most of a program, and simple: insn_regs()' first case, inline */
		def = REG_BIT(insn->dst_reg);
		use = op != BPF_MOV ? def : 0;
		if (BPF_SRC(insn->code) == BPF_X && op != BPF_END && op != BPF_NEG)
			use |= REG_BIT(insn->src_reg);
		effects = false;
	} else {
		insn_regs(insn, &use, &def, &effects);
		/* maybe a map's address (opt_alloc()): kept, as v5.8 keeps it */
		effects |= opt->imm64_opaque && opt_is_ld_imm64(insn);
	}
	if (opt->stack_known && (cls == BPF_LDX || cls == BPF_ST || cls == BPF_STX)) {
		slot_store = insn_slots(insn, &suse, &sdef);
		if (slot_store && !(sdef & *slots))
			effects = false;	/* a store nobody reads: dead */
		else
			*slots = (*slots & ~sdef) | suse;
	}
	if (!effects && !(def & live)) {
		/* not needed: its operands are not read */
		if (decide)
			opt->flags[i] |= OPT_DEAD;
		return live;
	}
	if (decide)
		opt->used |= use | def;
	return (live & ~def) | use;
}

/*
 * Without a backward jump, one walk from the last instruction is exact:
 * every successor comes later, so what is live after an instruction is
 * known when the walk gets to it, and it decides as it goes. The live set
 * is carried along from one instruction to the one before; in[] keeps it
 * for the instructions jumps go to.
 */
static void live_acyclic(struct opt_prog *opt, u16 *in, u64 *sin)
{
	u32 len = opt->len, i, succ[2];
	u64 slots = 0, ss;
	u16 live = 0;
	int n;

	for (i = len; i-- > 0;) {
		const struct bpf_insn *insn = &opt->insns[i];
		u8 flags = opt->flags[i];

		if (flags & OPT_IMM64_HI) {
			opt->live[i] = 0;	/* an ld_imm64's second half */
			continue;
		}
		if (flags & OPT_DEAD) {
			live = 0;	/* it never runs */
			slots = 0;
		} else if (opt_is_jmp(insn) || i + 1 >= len) {
			n = opt_jump_successors(opt->insns, len, i, succ);
			live = 0;
			slots = 0;
			for (int k = 0; k < n; k++) {
				live |= in[succ[k]];
				slots |= sin ? sin[succ[k]] : 0;
			}
		}
		/* else: what the next instruction needs, carried along */
		opt->live[i] = live;
		ss = slots;
		live = live_before(opt, i, live, &ss, true);
		slots = ss;
		in[i] = live;
		if (sin)
			sin[i] = slots;
	}
}

/*
 * With loops: round after round, last instruction first, until nothing
 * changes. A loop carries liveness back one trip per round at most: a
 * handful of rounds for the programs BPF has, and one more to decide.
 */
static void live_cyclic(struct opt_prog *opt, u16 *in, u64 *sin)
{
	u32 len = opt->len, i, k, succ[2];
	bool changed, decide = false;
	int n;

	memset(in, 0, (len + 1) * sizeof(*in));
	memset(opt->live, 0, len * sizeof(*opt->live));
	if (sin)
		memset(sin, 0, (len + 1) * sizeof(*sin));
	do {
		changed = false;
		for (i = len; i-- > 0;) {
			const struct bpf_insn *insn = &opt->insns[i];
			u8 flags = opt->flags[i];
			u16 out = 0, before;
			u64 slots = 0;

			if (flags & OPT_IMM64_HI)
				continue;	/* an ld_imm64's second half */
			if (flags & OPT_DEAD) {
				out = 0;	/* it never runs */
			} else if (!opt_is_jmp(insn) && i + 2 < len) {
				n = i + 1 + opt_is_ld_imm64(insn);
				out = in[n];
				slots = sin ? sin[n] : 0;
			} else {
				n = opt_jump_successors(opt->insns, len, i, succ);
				for (k = 0; k < (u32)(n > 0 ? n : 0); k++) {
					out |= in[succ[k]];
					slots |= sin ? sin[succ[k]] : 0;
				}
			}
			before = live_before(opt, i, out, &slots, decide);
			if (out != opt->live[i] || before != in[i] || (sin && slots != sin[i])) {
				opt->live[i] = out;
				in[i] = before;
				if (sin)
					sin[i] = slots;
				changed = true;
			}
		}
		if (decide)
			break;
		decide = !changed;
	} while (true);
}

/*
 * Fill opt->live[], mark the instructions nobody needs OPT_DEAD, and
 * collect the registers the compiled program touches in opt->used.
 */
int opt_liveness(struct opt_prog *opt)
{
	u32 len = opt->len, i;
	u16 *in;
	u64 *sin;

	opt->used = 0;
	if (!(opt->steps & BPF_JIT_OPT_LIVE)) {
		/* without the step: everything is live, nothing is dead */
		for (i = 0; i < len; i++) {
			u16 use, def;
			bool effects;

			opt->live[i] = (1u << OPT_NREGS) - 1;
			if (!(opt->flags[i] & (OPT_DEAD | OPT_NOP | OPT_IMM64_HI))) {
				insn_regs(&opt->insns[i], &use, &def, &effects);
				opt->used |= use | def;
			}
		}
		return 0;
	}
	in = malloc((len + 1) * sizeof(*in));
	sin = opt->stack_known ? malloc((len + 1) * sizeof(*sin)) : NULL;
	if (!in || (opt->stack_known && !sin)) {
		free(in);
		free(sin);
		return -ENOMEM;
	}
	if (opt->back_edges)
		live_cyclic(opt, in, sin);
	else
		live_acyclic(opt, in, sin);
	free(in);
	free(sin);
	return 0;
}
