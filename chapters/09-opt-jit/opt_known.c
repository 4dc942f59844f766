// SPDX-License-Identifier: GPL-2.0
/*
 * What the program's own constants say: the known bits of every register
 * before every instruction, and what the JIT may do with them.
 *
 * The verifier knows all of this while it walks (a register's var_off is a
 * tnum, kernel/bpf/tnum.c) but forgets it when bpf_check() returns: its
 * insn_aux_data are freed before the JIT runs, in v5.8 as in 6.x, and a
 * state it prunes was never walked at all. So the JIT works it out again,
 * with the verifier's own arithmetic (chapters 03 and 07's tnum.c), as a
 * forward data-flow analysis over the basic blocks: a block's entry state
 * is what all the edges into it carry, joined; a branch whose outcome the
 * state decides sends its state down one edge only, so code behind a branch
 * that is never taken is never reached (and never compiled).
 *
 * What comes of it, instruction by instruction (opt_decide()):
 *   - a conditional jump whose outcome is known becomes a goto, or nothing
 *     (the verifier's division guard after `r0 |= 1`, say);
 *   - a register operand with a known value becomes an immediate, and an
 *     operation whose result is known becomes a move of it;
 *   - an operation that changes nothing is dropped (`w1 = w1` when the
 *     upper half is already 0: the zero-extension the verifier's zext_dst
 *     would have asked for is already there);
 *   - and the facts opt_alu.c uses: dst's upper bits are 0.
 * A program that was blinded keeps its immediates where they are: bringing
 * them back into the image would undo the blinding.
 */
#include <stdlib.h>

#include "opt.h"
#include "../07-verifier/verifier.h"

/*
 * The registers before an instruction; and the stack's 8-byte slots, when
 * the program never lets R10 out of its loads and stores (opt->stack_known).
 * A tnum cannot say "not zero", which is what a loop that runs while
 * `y != 0` knows of y: nz64 and nz32 say it, a bit a register, for all 64
 * bits and for the low 32 (the verifier's division guards test those).
 */
struct opt_state {
	struct tnum reg[OPT_NREGS];
	u16 nz64, nz32;
	struct tnum slot[OPT_NSLOTS];
};

/* What the tnums already say is not zero, added to the nz bits. */
static void nz_from_tnums(struct opt_state *st)
{
	for (int r = 0; r < OPT_NREGS; r++) {
		if (st->reg[r].value)		/* a bit known to be 1 */
			st->nz64 |= REG_BIT(r);
		if ((u32)st->reg[r].value)
			st->nz32 |= REG_BIT(r);
	}
}

static void nz_clear(struct opt_state *st, int r)
{
	st->nz64 &= ~REG_BIT(r);
	st->nz32 &= ~REG_BIT(r);
}

/* dst = src keeps what is known not to be zero; w = w only the low half's. */
static void nz_copy(struct opt_state *st, int dst, int src, bool is64)
{
	u16 nz64 = st->nz64 & REG_BIT(src), nz32 = st->nz32 & REG_BIT(src);

	nz_clear(st, dst);
	if (is64 ? nz64 : nz32)
		st->nz64 |= REG_BIT(dst);
	if (nz32)
		st->nz32 |= REG_BIT(dst);
}

/* Every value either side may hold (the kernel has it from 6.x as tnum_union). */
static struct tnum tnum_join(struct tnum a, struct tnum b)
{
	u64 mu = a.mask | b.mask | (a.value ^ b.value);

	return TNUM(a.value & ~mu, mu);
}

static bool tnum_eq(struct tnum a, struct tnum b)
{
	return a.value == b.value && a.mask == b.mask;
}

/*
 * tnum_subreg() and tnum_unknown, inline: the walk meets them at nearly
 * every instruction, and a call into another file costs more than they do.
 */
static inline struct tnum low32(struct tnum a)
{
	return TNUM((u32)a.value, (u32)a.mask);
}

#define UNKNOWN		TNUM(0, ~0ULL)
#define UNKNOWN32	TNUM(0, U32_MAX)

/*
 * A product: exact for constants, else only its known trailing zeros. (The
 * verifier's tnum_mul() is more precise and 64 times slower; a JIT that
 * runs on a million instructions cannot pay that for what it would learn.)
 */
static struct tnum tnum_mul_fast(struct tnum a, struct tnum b)
{
	u64 za = a.value | a.mask, zb = b.value | b.mask;
	int tz;

	if (tnum_is_const(a) && tnum_is_const(b))
		return tnum_const(a.value * b.value);
	if (!za || !zb)
		return tnum_const(0);
	tz = __builtin_ctzll(za) + __builtin_ctzll(zb);
	return tz >= 64 ? tnum_const(0) : TNUM(0, ~0ULL << tz);
}

static struct tnum tnum_bswap(struct tnum a, int bits)
{
	switch (bits) {
	case 16:
		return TNUM(__builtin_bswap16(a.value), __builtin_bswap16(a.mask));
	case 32:
		return TNUM(__builtin_bswap32(a.value), __builtin_bswap32(a.mask));
	default:
		return TNUM(__builtin_bswap64(a.value), __builtin_bswap64(a.mask));
	}
}

/* The source operand of an ALU or JMP instruction, as it is used. */
static struct tnum src_operand(const struct opt_state *st, const struct bpf_insn *insn,
			       bool is32)
{
	struct tnum s;

	if (BPF_SRC(insn->code) == BPF_K)
		s = tnum_const((u64)(s64)insn->imm);
	else
		s = st->reg[insn->src_reg];
	return is32 ? low32(s) : s;
}

/*
 * a op b, for two known numbers: constant folding, the BPF way (the
 * interpreter's ___bpf_prog_run(): 32-bit results zero-extended, shift
 * counts masked). No division: its code needs no constant operand.
 */
static bool alu_const(unsigned int op, u64 a, u64 b, bool is32, u64 *res)
{
	unsigned int mask = is32 ? 31 : 63;
	u64 r;

	switch (op) {
	case BPF_ADD: r = a + b; break;
	case BPF_SUB: r = a - b; break;
	case BPF_AND: r = a & b; break;
	case BPF_OR:  r = a | b; break;
	case BPF_XOR: r = a ^ b; break;
	case BPF_MUL: r = a * b; break;
	case BPF_NEG: r = -a; break;
	case BPF_MOV: r = b; break;
	case BPF_LSH: r = a << (b & mask); break;
	case BPF_RSH: r = (is32 ? (u32)a : a) >> (b & mask); break;
	case BPF_ARSH:
		r = is32 ? (u32)((s32)a >> (b & mask)) : (u64)((s64)a >> (b & mask));
		break;
	default:
		return false;
	}
	*res = is32 ? (u32)r : r;
	return true;
}

/*
 * dst op= src on known bits, the verifier's adjust_scalar_min_max_vals():
 * d and s are the operands as the operation reads them (32-bit ones cut to
 * their low half), full is dst's whole value (for byte swaps).
 */
static struct tnum alu_result(const struct bpf_insn *insn, const struct tnum *pfull,
			      const struct tnum *pd, const struct tnum *ps)
{
	struct tnum full = *pfull, d = *pd, s = *ps;
	bool is32 = BPF_CLASS(insn->code) == BPF_ALU;
	unsigned int op = BPF_OP(insn->code), width = is32 ? 32 : 64;
	u64 c, hi = is32 ? ~0ULL << 32 : 0;
	struct tnum r;

	if (op == BPF_END) {
		if (BPF_SRC(insn->code) == BPF_FROM_LE && is32)
			return insn->imm == 64 ? full : tnum_cast(full, insn->imm / 8);
		if (insn->imm == 16 || insn->imm == 32 || insn->imm == 64)
			return tnum_bswap(full, insn->imm);
		return UNKNOWN;		/* the width is imm's, not the class's */
	}
	if (op == BPF_MOV && insn->off && BPF_SRC(insn->code) == BPF_X)
		return is32 ? UNKNOWN32 : UNKNOWN;	/* movsx */
	/* the common cases, and cheap: all known, or nothing known of a sum */
	if (tnum_is_const(d) && tnum_is_const(s) && alu_const(op, d.value, s.value, is32, &c))
		return tnum_const(c);
	if ((op == BPF_ADD || op == BPF_SUB || op == BPF_XOR) &&
	    (!~(d.mask | hi) || !~(s.mask | hi)))
		return is32 ? UNKNOWN32 : UNKNOWN;
	switch (op) {
	case BPF_ADD: r = tnum_add(d, s); break;
	case BPF_SUB: r = tnum_sub(d, s); break;
	case BPF_AND: r = tnum_and(d, s); break;
	case BPF_OR:  r = tnum_or(d, s); break;
	case BPF_XOR: r = tnum_xor(d, s); break;
	case BPF_MUL: r = tnum_mul_fast(d, s); break;
	case BPF_NEG: r = tnum_sub(tnum_const(0), d); break;
	case BPF_MOV: r = s; break;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		/* counts are masked to the width, as the interpreter does */
		if (!tnum_is_const(s)) {
			r = UNKNOWN;
			break;
		}
		s.value &= width - 1;
		r = op == BPF_LSH ? tnum_lshift(d, s.value) :
		    op == BPF_RSH ? tnum_rshift(d, s.value) :
				    tnum_arshift(d, s.value, width);
		break;
	default:	/* DIV, MOD: the JIT's code for them is all it needs */
		r = UNKNOWN;
		break;
	}
	return is32 ? low32(r) : r;
}

/* The operands of ALU insn as it reads them. */
static void alu_operands(const struct opt_state *st, const struct bpf_insn *insn,
			 struct tnum *d, struct tnum *s)
{
	bool is32 = BPF_CLASS(insn->code) == BPF_ALU;

	*d = st->reg[insn->dst_reg];
	*s = src_operand(st, insn, is32);
	if (is32)
		*d = low32(*d);
}

/* A store of `bytes` at R10 + off: the slots it touches are known no more. */
static void slots_clobber(struct opt_state *st, s16 off, int bytes)
{
	for (u64 t = opt_slots_touched(off, bytes); t; t &= t - 1)
		st->slot[__builtin_ctzll(t)] = UNKNOWN;
}

/*
 * What a load, store or atomic through R10 does to the stack's slots (the
 * verifier's spilled registers, kernel/bpf/verifier.c: save_register_state()):
 * an 8-byte store to a slot makes it what was stored, any other write
 * makes what it touches unknown, an 8-byte load of a slot gives its value.
 */
static __always_inline void transfer_stack(struct opt_state *st, const struct bpf_insn *insn)
{
	unsigned int cls = BPF_CLASS(insn->code), mode = BPF_MODE(insn->code);
	int bytes = bpf_size_to_bytes(BPF_SIZE(insn->code));
	int k = opt_slot(insn->off, bytes);

	if (cls == BPF_LDX && insn->src_reg == BPF_REG_FP && mode == BPF_MEM && k >= 0)
		st->reg[insn->dst_reg] = st->slot[k];
	if ((cls != BPF_STX && cls != BPF_ST) || insn->dst_reg != BPF_REG_FP)
		return;
	if (mode == BPF_MEM && k >= 0)
		st->slot[k] = cls == BPF_STX ? st->reg[insn->src_reg] : tnum_const((s64)insn->imm);
	else
		slots_clobber(st, insn->off, bytes);
}

/*
 * What a non-ALU insn does to the registers (and, with stack, to the
 * stack's slots). (walk_block() does the ALU instructions itself.)
 */
static void transfer(struct opt_state *st, const struct bpf_insn *insn, bool stack)
{
	unsigned int cls = BPF_CLASS(insn->code), mode = BPF_MODE(insn->code);
	int r;

	switch (cls) {
	case BPF_LD:
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			nz_clear(st, insn->dst_reg);
			st->reg[insn->dst_reg] = insn->src_reg ? tnum_unknown :
				tnum_const((u32)insn[0].imm | ((u64)(u32)insn[1].imm << 32));
		} else {	/* classic packet loads: r0 and the scratch registers */
			for (r = 0; r <= BPF_REG_5; r++) {
				st->reg[r] = tnum_unknown;
				nz_clear(st, r);
			}
		}
		return;
	case BPF_LDX:
		nz_clear(st, insn->dst_reg);
		st->reg[insn->dst_reg] = mode == BPF_MEM && BPF_SIZE(insn->code) != BPF_DW ?
			tnum_cast(tnum_unknown, bpf_size_to_bytes(BPF_SIZE(insn->code))) :
			tnum_unknown;
		if (stack)
			transfer_stack(st, insn);
		return;
	case BPF_STX:
		if (stack)
			transfer_stack(st, insn);
		if (mode == BPF_ATOMIC) {
			if (insn->imm == BPF_CMPXCHG) {
				st->reg[BPF_REG_0] = tnum_unknown;
				nz_clear(st, BPF_REG_0);
			} else if (insn->imm & BPF_FETCH) {
				st->reg[insn->src_reg] = tnum_unknown;
				nz_clear(st, insn->src_reg);
			}
		}
		return;
	case BPF_ST:
		if (stack)
			transfer_stack(st, insn);
		return;
	default:	/* JMP, JMP32: calls clobber the caller-saved registers */
		if (BPF_OP(insn->code) == BPF_CALL || BPF_OP(insn->code) == BPF_TAIL_CALL)
			for (r = 0; r <= BPF_REG_5; r++) {
				st->reg[r] = tnum_unknown;
				nz_clear(st, r);
			}
		return;
	}
}

/* The unsigned and signed bounds of a tnum of `bits` bits. */
static void tnum_bounds(struct tnum a, int bits, u64 *umin, u64 *umax, s64 *smin, s64 *smax)
{
	u64 sign = 1ULL << (bits - 1);
	u64 lo = a.value, hi = a.value | a.mask;

	*umin = lo;
	*umax = hi;
	if (!(a.mask & sign)) {
		/* the sign is known: the unsigned order within one sign is the signed one */
		*smin = bits == 32 ? (s32)lo : (s64)lo;
		*smax = bits == 32 ? (s32)hi : (s64)hi;
	} else {
		*smin = bits == 32 ? (s32)(lo | sign) : (s64)(lo | sign);
		*smax = bits == 32 ? (s32)(hi & ~sign) : (s64)(hi & ~sign);
	}
}

/*
 * Is `if dst op src` taken for every value dst and src may hold? 1 always,
 * 0 never, -1 it depends. (The verifier's is_branch_taken(), on tnums.)
 */
int opt_branch_taken(struct tnum d, struct tnum s, u8 op, bool is32)
{
	int bits = is32 ? 32 : 64;
	u64 dumin, dumax, sumin, sumax;
	s64 dsmin, dsmax, ssmin, ssmax;

	if (is32) {
		d = tnum_subreg(d);
		s = tnum_subreg(s);
	}
	tnum_bounds(d, bits, &dumin, &dumax, &dsmin, &dsmax);
	tnum_bounds(s, bits, &sumin, &sumax, &ssmin, &ssmax);
	switch (op) {
	case BPF_JEQ:
	case BPF_JNE: {
		int eq = -1;

		if (tnum_is_const(d) && tnum_is_const(s))
			eq = d.value == s.value;
		else if ((d.value ^ s.value) & ~(d.mask | s.mask))
			eq = 0;		/* a bit known in both, and different */
		return eq < 0 ? -1 : op == BPF_JEQ ? eq : !eq;
	}
	case BPF_JSET:
		if (d.value & s.value)
			return 1;
		if (!((d.value | d.mask) & (s.value | s.mask)))
			return 0;
		return -1;
	case BPF_JGT:  return dumin > sumax ? 1 : dumax <= sumin ? 0 : -1;
	case BPF_JGE:  return dumin >= sumax ? 1 : dumax < sumin ? 0 : -1;
	case BPF_JLT:  return dumax < sumin ? 1 : dumin >= sumax ? 0 : -1;
	case BPF_JLE:  return dumax <= sumin ? 1 : dumin > sumax ? 0 : -1;
	case BPF_JSGT: return dsmin > ssmax ? 1 : dsmax <= ssmin ? 0 : -1;
	case BPF_JSGE: return dsmin >= ssmax ? 1 : dsmax < ssmin ? 0 : -1;
	case BPF_JSLT: return dsmax < ssmin ? 1 : dsmin >= ssmax ? 0 : -1;
	case BPF_JSLE: return dsmax <= ssmin ? 1 : dsmin > ssmax ? 0 : -1;
	}
	return -1;
}

/*
 * A compare of a register with 0 that says whether it is zero: 1 if the
 * jump is taken exactly when the register is not (!= 0, > 0), 0 if exactly
 * when it is (== 0, <= 0), -1 for any other jump.
 */
static int tests_nonzero(const struct bpf_insn *insn)
{
	if (BPF_SRC(insn->code) != BPF_K || insn->imm != 0)
		return -1;
	switch (BPF_OP(insn->code)) {
	case BPF_JNE:
	case BPF_JGT:
		return 1;
	case BPF_JEQ:
	case BPF_JLE:
		return 0;
	}
	return -1;
}

/* The outcome of conditional jump insn in state st (1, 0, -1). */
static int branch_outcome(const struct opt_state *st, const struct bpf_insn *insn)
{
	bool is32 = BPF_CLASS(insn->code) == BPF_JMP32;
	int taken, nz_taken;

	if (!opt_is_cond_jmp(insn))
		return -1;
	taken = opt_branch_taken(st->reg[insn->dst_reg], src_operand(st, insn, false),
				 BPF_OP(insn->code), is32);
	nz_taken = tests_nonzero(insn);
	if (taken < 0 && nz_taken >= 0 &&
	    ((is32 ? st->nz32 : st->nz64) & REG_BIT(insn->dst_reg)))
		taken = nz_taken;	/* not zero: as the test says it is */
	return taken;
}

/*
 * Does ALU insn leave every register as it was? full is dst's value, s
 * the source operand as the operation reads it.
 */
static bool is_nop(const struct bpf_insn *insn, const struct tnum *pfull,
		   const struct tnum *ps)
{
	struct tnum full = *pfull, s = *ps;
	bool is32 = BPF_CLASS(insn->code) == BPF_ALU;
	u64 maybe = full.value | full.mask;		/* bits that may be 1 */
	bool zx32 = !(maybe >> 32);
	unsigned int op = BPF_OP(insn->code);

	if (op == BPF_END) {
		/* to-LE on x86 only truncates; nothing to truncate is nothing */
		if (BPF_SRC(insn->code) != BPF_FROM_LE || !is32)
			return false;
		return insn->imm == 64 || (insn->imm == 32 && zx32) ||
		       (insn->imm == 16 && !(maybe >> 16));
	}
	if (is32 && !zx32)
		return false;	/* it would at least zero the upper half */
	if (op == BPF_MOV)
		return BPF_SRC(insn->code) == BPF_X && insn->src_reg == insn->dst_reg &&
		       !insn->off;
	if (!tnum_is_const(s))
		return false;
	switch (op) {
	case BPF_AND:
		return !(maybe & ~s.value);	/* it clears no bit that may be set */
	case BPF_OR:
		return !(s.value & ~full.value);
	case BPF_MUL:
		return s.value == 1;
	case BPF_LSH: case BPF_RSH: case BPF_ARSH:
		return !(s.value & (is32 ? 31 : 63));
	case BPF_ADD: case BPF_SUB: case BPF_XOR:
		return !s.value;
	default:	/* NEG, DIV, MOD */
		return false;
	}
}

/* Can the X form of insn take the known value c of its source as imm? */
static bool fits_imm(const struct bpf_insn *insn, u64 c, bool is32)
{
	unsigned int cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	bool jmp = cls == BPF_JMP || cls == BPF_JMP32;

	if (!jmp && (op == BPF_DIV || op == BPF_MOD)) {
		/* never a divisor of 0 (refused) nor a signed -1 (rewritten) */
		if (is32 ? !(u32)c : !c)
			return false;
		if (insn->off == 1 && (is32 ? (s32)c == -1 : (s64)c == -1))
			return false;
	}
	if (!jmp && (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH))
		return true;			/* masked below */
	if (!jmp && op == BPF_MOV && insn->off)
		return false;			/* movsx has no K form */
	return is32 || (s64)c == (s64)(s32)c;	/* K sign-extends in 64-bit forms */
}

/* A register operand whose value is known becomes the immediate. */
static __always_inline void src_to_imm(struct opt_prog *opt, struct bpf_insn *insn,
		       const struct opt_state *st, bool is32)
{
	struct tnum s = st->reg[insn->src_reg];
	unsigned int op = BPF_OP(insn->code);

	if (opt->blinded || BPF_SRC(insn->code) != BPF_X)
		return;
	if (is32)
		s = tnum_subreg(s);
	if (!tnum_is_const(s) || !fits_imm(insn, s.value, is32))
		return;
	/* (BPF_JSLT is BPF_ARSH's number: only ALU shifts take a masked count) */
	if ((BPF_CLASS(insn->code) == BPF_ALU || BPF_CLASS(insn->code) == BPF_ALU64) &&
	    (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH))
		s.value &= is32 ? 31 : 63;
	insn->code = BPF_CLASS(insn->code) | op | BPF_K;
	insn->src_reg = 0;
	insn->imm = (s32)s.value;
}

/*
 * Decide what to do with ALU instruction i, whose destination holds full
 * and whose source operand is s before it runs, and whose result is r:
 * note the facts opt_alu.c may rely on, drop it if it changes nothing,
 * make it a move of its result if that is known, or give it an immediate
 * operand.
 */
static void decide_alu(struct opt_prog *opt, u32 i, const struct opt_state *st,
		       const struct tnum *pfull, const struct tnum *ps, const struct tnum *pr)
{
	struct tnum full = *pfull, r = *pr;
	struct bpf_insn *insn = &opt->insns[i];
	bool is32 = BPF_CLASS(insn->code) == BPF_ALU;
	u8 op = BPF_OP(insn->code);

	if (!((full.value | full.mask) >> 32))
		opt->flags[i] |= OPT_DST_ZX32;
	if (!((full.value | full.mask) >> 16))
		opt->flags[i] |= OPT_DST_ZX16;
	if (is_nop(insn, pfull, ps)) {
		opt->flags[i] |= OPT_NOP;
		return;
	}
	if (opt->blinded || op == BPF_END || (op == BPF_MOV && BPF_SRC(insn->code) == BPF_K))
		return;
	if (tnum_is_const(r) && (is32 || (s64)r.value == (s32)r.value) &&
	    !(op == BPF_MOV && insn->off)) {
		*insn = is32 ? BPF_MOV32_IMM(insn->dst_reg, (u32)r.value) :
			       BPF_MOV64_IMM(insn->dst_reg, (s32)r.value);
		return;
	}
	if (op != BPF_NEG)
		src_to_imm(opt, insn, st, is32);
}

/*
 * A load of a stack slot whose value is known (a constant spilled and
 * filled): a move of the constant. The verifier knows it as a spilled
 * register; the JIT no longer needs the memory.
 */
static void decide_ldx(struct opt_prog *opt, u32 i, const struct opt_state *st)
{
	struct bpf_insn *insn = &opt->insns[i];
	int k = opt_slot(insn->off, 8);
	struct tnum v;

	if (!opt->stack_known || opt->blinded || insn->code != (BPF_LDX | BPF_MEM | BPF_DW) ||
	    insn->src_reg != BPF_REG_FP || k < 0)
		return;
	v = st->slot[k];
	if (!tnum_is_const(v))
		return;
	if ((s64)v.value == (s32)v.value)
		*insn = BPF_MOV64_IMM(insn->dst_reg, (s32)v.value);
	else if (v.value <= U32_MAX)
		*insn = BPF_MOV32_IMM(insn->dst_reg, (u32)v.value);
}

/* A conditional jump whose outcome is known: a goto, or nothing. */
static void decide_jmp(struct opt_prog *opt, u32 i, const struct opt_state *st, int taken)
{
	struct bpf_insn *insn = &opt->insns[i];

	if (!opt_is_cond_jmp(insn))
		return;
	if (taken >= 0)
		*insn = BPF_JMP_A(taken ? insn->off : 0);
	else
		src_to_imm(opt, insn, st, BPF_CLASS(insn->code) == BPF_JMP32);
}

/* The instructions that start a basic block: the first, jump targets, and
 * what follows a jump. block[i] is its index among them, or -1.
 */
static u32 find_blocks(const struct opt_prog *opt, int *block)
{
	u32 i, k, n = 0;

	memset(block, 0xff, opt->len * sizeof(*block));
	block[0] = 0;
	for (k = 0; k < opt->nr_jumps; k++) {
		i = opt->jumps[k];
		if (i + 1 < opt->len)
			block[i + 1] = 0;
	}
	for (i = 0; i < opt->len; i++)
		if (block[i] == 0 || (opt->flags[i] & OPT_TARGET))
			block[i] = n++;
	return n;
}

/*
 * A block entered this often has its changing registers widened: a loop
 * counter would otherwise lose one known bit per trip round the loop. And
 * a bound on the whole walk, which widening keeps far away.
 */
#define WIDEN_AFTER	4
#define MAX_VISITS(n)	(32 * (n) + 64)

struct known {
	struct opt_prog *opt;
	int *block;			/* insn -> block index, or -1 */
	u32 nblocks;
	u32 *start;			/* block -> first insn; start[nblocks] = len */
	u8 *entries;			/* block -> the state on entry, stride bytes each: */
	size_t stride;			/* the registers, and the slots if the stack is known */
	bool *seen;			/* an edge into it was found */
	u32 *visits;
	u32 *queue, head, queued_cnt;	/* a ring of blocks to walk again */
	bool *queued;
};

static struct opt_state *entry(const struct known *k, u32 b)
{
	return (struct opt_state *)(k->entries + b * k->stride);
}

/* A loop counter would add a bit per trip round the loop: widen what changes. */
static bool join_into(struct tnum *old, struct tnum in, u32 visits)
{
	struct tnum j = tnum_join(*old, in);

	if (tnum_eq(j, *old))
		return false;
	if (visits >= 2 * WIDEN_AFTER)
		j = UNKNOWN;
	else if (visits >= WIDEN_AFTER)
		j = TNUM(0, ~0ULL >> __builtin_clzll((j.value | j.mask) | 1));
	*old = j;
	return true;
}

/* st flows along the edge into block t: join it with what is there. */
static void flow(struct known *k, u32 t, const struct opt_state *st)
{
	struct opt_state *e = entry(k, t);
	bool changed = false;

	if (!k->seen[t]) {
		memcpy(e, st, k->stride);
		k->seen[t] = true;
		changed = true;
	} else {
		for (int r = 0; r < OPT_NREGS; r++)
			changed |= join_into(&e->reg[r], st->reg[r], k->visits[t]);
		/* not zero on every edge in, or not known so */
		changed |= (e->nz64 & ~st->nz64) || (e->nz32 & ~st->nz32);
		e->nz64 &= st->nz64;
		e->nz32 &= st->nz32;
		if (k->opt->stack_known)
			for (int n = 0; n < OPT_NSLOTS; n++)
				changed |= join_into(&e->slot[n], st->slot[n], k->visits[t]);
	}
	if (changed && k->queue && !k->queued[t]) {
		k->queued[t] = true;
		k->queue[(k->head + k->queued_cnt++) % k->nblocks] = t;
	}
}

/*
 * Walk block b from its entry state, and send the state at its end along
 * its edges (only the one a decided branch takes). With decide, rewrite
 * and note as it goes.
 */
static void walk_block(struct known *k, u32 b, bool decide)
{
	struct opt_prog *opt = k->opt;
	struct opt_state st;
	u32 i, last = k->start[b + 1] - 1, succ[2];
	int n, taken = -1;

	memcpy(&st, entry(k, b), k->stride);
	if (opt->flags[last] & OPT_IMM64_HI)
		last--;
	for (i = k->start[b]; i <= last; i++) {
		struct bpf_insn *insn = &opt->insns[i];
		unsigned int cls = BPF_CLASS(insn->code);

		if (decide && cls == BPF_LDX) {
			decide_ldx(opt, i, &st);	/* a load may become a move */
			cls = BPF_CLASS(insn->code);
		}
		if (cls == BPF_ALU || cls == BPF_ALU64) {
			struct tnum d, s, r, full = st.reg[insn->dst_reg];

			alu_operands(&st, insn, &d, &s);
			r = alu_result(insn, &full, &d, &s);
			if (decide)
				decide_alu(opt, i, &st, &full, &s, &r);
			st.reg[insn->dst_reg] = r;
			if (BPF_OP(insn->code) == BPF_MOV && BPF_SRC(insn->code) == BPF_X && !insn->off)
				nz_copy(&st, insn->dst_reg, insn->src_reg, cls == BPF_ALU64);
			else
				nz_clear(&st, insn->dst_reg);
			continue;
		}
		taken = branch_outcome(&st, insn);	/* only a block's last can jump */
		if (decide)
			decide_jmp(opt, i, &st, taken);
		transfer(&st, insn, opt->stack_known);
		if (opt_is_ld_imm64(insn)) {
			if (opt->imm64_opaque)	/* maybe a map's address (opt_alloc()) */
				st.reg[insn->dst_reg] = tnum_unknown;
			i++;
		}
	}
	/* where control goes on: a rewritten branch says so itself */
	n = opt_successors(opt->insns, opt->len, last, succ);
	nz_from_tnums(&st);
	for (int e = 0; e < n; e++) {
		struct bpf_insn *insn = &opt->insns[last];
		int nz_taken = n == 2 ? tests_nonzero(insn) : -1;
		u16 nz64 = st.nz64, nz32 = st.nz32;

		if (taken >= 0 && n == 2 && e != (taken ? 1 : 0))
			continue;
		/* the edge where the compare with 0 said "not zero" knows it */
		if (nz_taken >= 0 && e == nz_taken) {
			st.nz64 |= REG_BIT(insn->dst_reg);
			if (BPF_CLASS(insn->code) == BPF_JMP32)
				st.nz32 |= REG_BIT(insn->dst_reg);
		}
		flow(k, k->block[succ[e]], &st);
		st.nz64 = nz64;
		st.nz32 = nz32;
	}
}

/*
 * The analysis. A program without a backward jump is walked once, in
 * order: every edge into a block comes from a block before it, so its entry
 * state is complete when the walk gets there, and the decisions are taken
 * on the way. A program with loops first finds the entry states (walking
 * blocks again while what flows into them changes), then walks once more
 * to decide. Instructions in blocks never reached are marked OPT_DEAD.
 * Returns 0 or -ENOMEM.
 */
int opt_known_bits(struct opt_prog *opt)
{
	struct known k = { .opt = opt };
	u32 len = opt->len, i, b, total = 0;
	bool loops = opt->back_edges;
	int err = -ENOMEM;

	k.block = malloc(len * sizeof(*k.block));
	if (!k.block)
		return -ENOMEM;
	k.nblocks = find_blocks(opt, k.block);
	/* the slots cost 1 KiB a block: not for programs of very many blocks */
	if (k.nblocks > 4096)
		opt->stack_known = false;
	k.stride = opt->stack_known ? sizeof(struct opt_state) : offsetof(struct opt_state, slot);
	k.entries = malloc(k.nblocks * k.stride);
	k.start = malloc((k.nblocks + 1) * sizeof(*k.start));
	k.seen = calloc(k.nblocks, sizeof(*k.seen));
	k.visits = calloc(k.nblocks, sizeof(*k.visits));
	if (loops) {
		k.queue = malloc(k.nblocks * sizeof(*k.queue));
		k.queued = calloc(k.nblocks, sizeof(*k.queued));
	}
	if (!k.entries || !k.start || !k.seen || !k.visits || (loops && (!k.queue || !k.queued)))
		goto out;
	for (i = 0; i < len; i++)
		if (k.block[i] >= 0)
			k.start[k.block[i]] = i;
	k.start[k.nblocks] = len;

	/* Nothing is known at the start: not even R1, the context. */
	for (i = 0; i < OPT_NREGS; i++)
		entry(&k, 0)->reg[i] = UNKNOWN;
	entry(&k, 0)->nz64 = entry(&k, 0)->nz32 = 0;
	if (opt->stack_known)
		for (i = 0; i < OPT_NSLOTS; i++)
			entry(&k, 0)->slot[i] = UNKNOWN;
	k.seen[0] = true;

	if (loops) {
		k.queue[0] = 0;
		k.queued[0] = true;
		k.queued_cnt = 1;
		while (k.queued_cnt) {
			b = k.queue[k.head];
			k.head = (k.head + 1) % k.nblocks;
			k.queued_cnt--;
			k.queued[b] = false;
			k.visits[b]++;
			if (++total > MAX_VISITS(k.nblocks)) {
				err = 0;	/* no facts are safe facts: decide nothing */
				goto out;
			}
			walk_block(&k, b, false);
		}
		/* the entry states hold: the last walk decides, and queues nothing */
		free(k.queue);
		k.queue = NULL;
	}
	for (b = 0; b < k.nblocks; b++) {
		if (k.seen[b]) {
			walk_block(&k, b, true);
			continue;
		}
		for (i = k.start[b]; i < k.start[b + 1]; i++)
			opt->flags[i] |= OPT_DEAD;
	}
	err = 0;
out:
	free(k.block);
	free(k.entries);
	free(k.start);
	free(k.seen);
	free(k.visits);
	free(k.queued);
	free(k.queue);
	return err;
}
