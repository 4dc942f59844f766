/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Random valid programs, leaning toward what the optimiser looks for:
 * copies followed by additions (lea, folded addresses), multiplications
 * by constants, divisions by constants and by registers, shifts by
 * registers with counts past the width, zero-extensions, rotates, masks
 * before compares, constants that decide branches, jumps over gotos and
 * gotos to gotos, the stack, and bounded loops (so that the data-flow
 * analyses go round). Every program is memory-safe and ends by
 * construction: R1 stays the context, loads and stores stay in it or in
 * the stack, a loop counts R9 down and nothing else writes R9, and jumps go
 * forward, never into or out of a loop. For chapter 09's tests and its
 * exercises' (test_opt_random.c says what they check).
 */
#ifndef _TEST_OPT_GEN_H
#define _TEST_OPT_GEN_H

#include <stdlib.h>
#include <string.h>

#include "test_opt.h"

#define MAX_INSNS	600
#define STACK		64

static u64 rnd_state;

static inline u64 rnd(void)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 2685821657736338717ULL;
}

static inline u32 below(u32 n)
{
	return rnd() % n;
}

/* A data register: not R1 (the context), R9 (loop counter) or R10. */
static inline u8 reg(void)
{
	static const u8 regs[] = { R0, R2, R3, R4, R5, R6, R7, R8 };

	return regs[below(ARRAY_SIZE(regs))];
}

static inline s32 imm(void)
{
	switch (below(5)) {
	case 0: return (s32)below(256) - 128;
	case 1: return (s32)below(65536) - 32768;
	case 2: return (s32)rnd();
	case 3: return 1 << below(31);
	default: return (s32[]){ 0, 1, -1, 2, 3, 5, 7, 9, 10, 1000, 127, 128, -128,
				 -129, INT_MIN, INT_MAX, 0xffff, 0xff }[below(18)];
	}
}

/* A divisor: small, prime, a power of two, an extreme, or anything. */
static inline s32 divisor(void)
{
	static const s32 d[] = { 1, 2, 3, 5, 6, 7, 10, 12, 25, 641, 1000, 4096, 65537,
				 -1, -2, -3, -7, -1000, INT_MIN, INT_MAX, INT_MIN + 1,
				 0x7ffffffe, -65536, 0x40000000 };

	s32 k = below(3) ? d[below(ARRAY_SIZE(d))] : (s32)rnd();

	return k ? k : 1;	/* a constant 0 is refused at load */
}

struct gen {
	struct bpf_insn *insns;
	u32 n;
	u32 starts[MAX_INSNS], nstarts;		/* snippet starts, jump targets */
	struct { u32 at, slot; } fix[MAX_INSNS];	/* forward jumps to aim */
	u32 nfix;
};

#define EMIT(x)	(g->insns[g->n++] = (x))

/* rD = a byte of the context, masked to [0, mask]: a value not known at compile time. */
static inline void unknown_small(struct gen *g, u8 d, s32 mask)
{
	EMIT(BPF_LDX_MEM(BPF_B, d, R1, below(CTX_SIZE)));
	EMIT(BPF_ALU64_IMM(BPF_AND, d, mask));
}

static const u8 alu_ops[] = { BPF_ADD, BPF_SUB, BPF_AND, BPF_OR, BPF_XOR, BPF_MUL, BPF_MOV };
static const u8 sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };

static inline int size_bytes(u8 size)
{
	return size == BPF_DW ? 8 : size == BPF_W ? 4 : size == BPF_H ? 2 : 1;
}

/* One straight-line snippet: no jumps, nothing written to R1, R9, R10. */
static inline void snippet(struct gen *g)
{
	u8 d = reg(), s = reg(), t = reg(), i = reg();
	bool is64 = below(2);
	u8 cls = is64 ? BPF_ALU64 : BPF_ALU, size = sizes[below(4)];
	int bytes = size_bytes(size), n = is64 ? 64 : 32, k;
	s16 off;

	switch (below(17)) {
	case 0: case 1:
		EMIT(BPF_RAW_INSN(cls | alu_ops[below(ARRAY_SIZE(alu_ops))] | BPF_X, d, s, 0, 0));
		break;
	case 2:
		EMIT(BPF_RAW_INSN(cls | alu_ops[below(ARRAY_SIZE(alu_ops))] | BPF_K, d, 0, 0, imm()));
		break;
	case 3: {	/* division and modulo by a constant, or by a register */
		u8 op = below(2) ? BPF_DIV : BPF_MOD;
		s16 sgn = below(2);
		s32 k = divisor();

		if (sgn && k == -1)
			k = 3;		/* a signed constant -1 is rewritten at load */
		if (below(2)) {
			EMIT(BPF_RAW_INSN(cls | op | BPF_K, d, 0, sgn, k));
		} else {
			/*
			 * A register divisor is never 0 here, nor -1 when
			 * signed: div traps on both, and these loads have no
			 * verifier to put its guards in front (chapter 03).
			 */
			if (below(2)) {
				EMIT(BPF_MOV64_IMM(s, k));
			} else {
				EMIT(BPF_ALU64_IMM(BPF_AND, s, 0x7fffffff));
				EMIT(BPF_ALU64_IMM(BPF_OR, s, 1 + 2 * below(8)));
			}
			EMIT(BPF_RAW_INSN(cls | op | BPF_X, d, s, sgn, 0));
		}
		break;
	}
	case 4: {	/* shifts: constants, and registers with counts past the width */
		static const u8 sh[] = { BPF_LSH, BPF_RSH, BPF_ARSH };
		u8 op = sh[below(3)];

		if (below(2))
			EMIT(BPF_RAW_INSN(cls | op | BPF_K, d, 0, 0, below(n)));
		else
			EMIT(BPF_RAW_INSN(cls | op | BPF_X, d, s, 0, 0));
		break;
	}
	case 5: {	/* neg, byte swaps, zero-extensions, movsx */
		static const s32 w[] = { 16, 32, 64 };

		switch (below(6)) {
		case 0: EMIT(BPF_RAW_INSN(cls | BPF_NEG, d, 0, 0, 0)); break;
		case 1: EMIT(BPF_ENDIAN(BPF_TO_BE, d, w[below(3)])); break;
		case 2: EMIT(BPF_ENDIAN(BPF_TO_LE, d, w[below(3)])); break;
		case 3: EMIT(BPF_MOV32_REG(d, d)); break;
		case 4:
			EMIT(BPF_ALU64_IMM(BPF_LSH, d, 32));
			EMIT(BPF_ALU64_IMM(BPF_RSH, d, 32));
			break;
		default: {
			s16 bits = 8 << below(3);

			EMIT(BPF_MOVSX64_REG(d, s, bits));
		}
		}
		break;
	}
	case 6:		/* loads */
		if (below(2))
			EMIT(BPF_LDX_MEM(size, d, R10, -(s16)(bytes * (1 + below(STACK / bytes)))));
		else
			EMIT(BPF_LDX_MEM(size, d, R1, bytes * below(CTX_SIZE / bytes)));
		if (below(2)) {		/* then a byte swap or a truncation */
			s32 w = below(2) ? 16 : 32;

			EMIT(below(2) ? BPF_ENDIAN(BPF_TO_BE, d, w) : BPF_ENDIAN(BPF_TO_LE, d, w));
		}
		break;
	case 7:		/* stores */
		off = below(2) ? -(s16)(bytes * (1 + below(STACK / bytes))) :
				 (s16)(bytes * below(CTX_SIZE / bytes));
		if (below(2))
			EMIT(BPF_STX_MEM(size, off < 0 ? R10 : R1, s, off));
		else
			EMIT(BPF_ST_MEM(size, off < 0 ? R10 : R1, off, imm()));
		break;
	case 8: case 9: {	/* an address computed, then a load or a store through it */
		bool stack = below(2);
		s32 k1 = 8 + (below(3) ? (s32)below(16) : 0);

		if (t == i)
			t = t == R0 ? R2 : R0;
		unknown_small(g, i, stack ? 15 : 63);
		if (below(2)) {
			EMIT(BPF_MOV64_REG(t, stack ? R10 : R1));
			EMIT(BPF_ALU64_IMM(BPF_ADD, t, stack ? -(STACK) + k1 : k1));
			EMIT(BPF_ALU64_REG(BPF_ADD, t, i));
		} else {
			EMIT(BPF_MOV64_REG(t, i));
			EMIT(BPF_ALU64_REG(BPF_ADD, t, stack ? R10 : R1));
			EMIT(BPF_ALU64_IMM(BPF_ADD, t, stack ? -(STACK) + 8 : 8));
		}
		/*
		 * t is at [base + 8, base + 8 + 16 + 64): keep the access
		 * inside, at an offset that may be negative (a negative
		 * offset from a register that is not R10 is not a slot)
		 */
		off = (s16)below(16) - 8;
		if (below(4) == 0 && d != t) {
			/* a read-modify-write: op [t + off], s (or a constant) */
			static const u8 rmw_ops[] = { BPF_ADD, BPF_SUB, BPF_AND, BPF_OR, BPF_XOR };
			u8 op = rmw_ops[below(ARRAY_SIZE(rmw_ops))];

			EMIT(BPF_LDX_MEM(size, d, t, off));
			/* (never t: an address must not reach memory either) */
			if (below(2) || s == d || s == t)
				EMIT(BPF_RAW_INSN(cls | op | BPF_K, d, 0, 0, imm()));
			else
				EMIT(BPF_RAW_INSN(cls | op | BPF_X, d, s, 0, 0));
			EMIT(BPF_STX_MEM(size, t, d, off));
		} else if (below(2) && d != t) {
			EMIT(BPF_LDX_MEM(size, below(2) ? t : d, t, off));
		} else if (below(2)) {
			EMIT(BPF_STX_MEM(size, t, s != t ? s : t == R0 ? R2 : R0, off));
		} else {
			EMIT(BPF_ST_MEM(size, t, off, imm()));
		}
		/*
		 * An address must not reach r0: the interpreter's stack is
		 * not the JIT's. Forget it, or keep only its offset.
		 */
		if (g->insns[g->n - 1].code != (BPF_LDX | BPF_MEM | size) ||
		    g->insns[g->n - 1].dst_reg != t) {
			if (below(2))
				EMIT(BPF_MOV64_IMM(t, imm()));
			else
				EMIT(BPF_ALU64_REG(BPF_SUB, t, stack ? R10 : R1));
		}
		break;
	}
	case 10: {	/* copy and add: lea */
		EMIT(BPF_RAW_INSN(cls | BPF_MOV | BPF_X, t, s, 0, 0));
		if (below(2))
			EMIT(BPF_RAW_INSN(cls | BPF_ADD | BPF_K, t, 0, 0, imm()));
		if (below(2))
			EMIT(BPF_RAW_INSN(cls | (below(2) ? BPF_ADD : BPF_SUB) | BPF_K, t, 0, 0, imm()));
		if (below(2))
			EMIT(BPF_RAW_INSN(cls | BPF_ADD | BPF_X, t, d, 0, 0));
		break;
	}
	case 11: {	/* copy and multiply */
		static const s32 m[] = { 3, 5, 9, 2, 4, 8, 16, 0, 1, -1, 7, 10, 1000, -3, INT_MIN };

		EMIT(BPF_RAW_INSN(cls | BPF_MOV | BPF_X, t, s, 0, 0));
		EMIT(BPF_RAW_INSN(cls | BPF_MUL | BPF_K, t, 0, 0, below(2) ? m[below(ARRAY_SIZE(m))] : imm()));
		break;
	}
	case 12:	/* rotates, both ways round; and of a product */
		if (t == d)
			t = t == R0 ? R2 : R0;
		k = 1 + below(n - 1);
		EMIT(BPF_RAW_INSN(cls | BPF_MOV | BPF_X, t, d, 0, 0));
		if (below(3) == 0) {
			/* rotl(d * m, k) as clang writes it; m << k sometimes off by one bit */
			s32 m = (s32)rnd() | 1;
			u64 mk = (u64)(is64 ? (s64)m : (u32)m) << k;

			EMIT(BPF_RAW_INSN(cls | BPF_MUL | BPF_K, t, 0, 0, (s32)(mk ^ below(2))));
			EMIT(BPF_RAW_INSN(cls | BPF_MUL | BPF_K, d, 0, 0, m));
			EMIT(BPF_RAW_INSN(cls | BPF_RSH | BPF_K, d, 0, 0, n - k));
			EMIT(BPF_RAW_INSN(cls | (below(2) ? BPF_OR : BPF_ADD) | BPF_X, d, t, 0, 0));
			break;
		}
		if (below(2)) {
			EMIT(BPF_RAW_INSN(cls | BPF_RSH | BPF_K, t, 0, 0, n - k));
			EMIT(BPF_RAW_INSN(cls | BPF_LSH | BPF_K, d, 0, 0, k));
		} else {
			EMIT(BPF_RAW_INSN(cls | BPF_LSH | BPF_K, t, 0, 0, k));
			EMIT(BPF_RAW_INSN(cls | BPF_RSH | BPF_K, d, 0, 0, n - k));
		}
		EMIT(BPF_RAW_INSN(cls | BPF_OR | BPF_X, d, t, 0, 0));
		break;
	case 13: {	/* a divisor known not to be 0: the guard goes */
		s16 sgn = below(2);

		if (sgn)	/* nor -1: the sign bit cleared */
			EMIT(BPF_ALU64_IMM(BPF_AND, s, 0x7fffffff));
		EMIT(BPF_ALU64_IMM(BPF_OR, s, 1 + 2 * below(8)));
		EMIT(BPF_RAW_INSN(cls | (below(2) ? BPF_DIV : BPF_MOD) | BPF_X, d, s, sgn, 0));
		break;
	}
	case 14: {	/* atomics on an aligned stack slot */
		static const s32 ops[] = { BPF_ADD, BPF_AND, BPF_OR, BPF_XOR,
					   BPF_ADD | BPF_FETCH, BPF_AND | BPF_FETCH,
					   BPF_OR | BPF_FETCH, BPF_XOR | BPF_FETCH,
					   BPF_XCHG, BPF_CMPXCHG };
		u8 asz = below(2) ? BPF_DW : BPF_W;
		int ab = asz == BPF_DW ? 8 : 4;

		EMIT(BPF_ATOMIC_OP(asz, ops[below(ARRAY_SIZE(ops))], R10, s,
				   -(s16)(ab * (1 + below(STACK / ab)))));
		break;
	}
	case 15:	/* a constant folded through a few operations */
		EMIT(BPF_MOV64_IMM(d, imm()));
		EMIT(BPF_RAW_INSN(cls | alu_ops[below(ARRAY_SIZE(alu_ops))] | BPF_K, d, 0, 0, imm()));
		EMIT(BPF_RAW_INSN(cls | alu_ops[below(ARRAY_SIZE(alu_ops))] | BPF_X, s, d, 0, 0));
		break;
	default: {	/* a 64-bit constant, small or not */
		struct bpf_insn ld[2] = { BPF_LD_IMM64(d, 0) };
		u64 v = below(2) ? (u64)(s64)imm() : rnd();

		ld[0].imm = (u32)v;
		ld[1].imm = (u32)(v >> 32);
		EMIT(ld[0]);
		EMIT(ld[1]);
	}
	}
}

static const u8 jmp_ops[] = { BPF_JEQ, BPF_JNE, BPF_JGT, BPF_JLT, BPF_JGE, BPF_JLE,
			      BPF_JSGT, BPF_JSLT, BPF_JSGE, BPF_JSLE, BPF_JSET };

/* A forward jump, aimed later at a snippet start. */
static inline void forward_jump(struct gen *g, struct bpf_insn insn)
{
	g->fix[g->nfix].at = g->n;
	g->fix[g->nfix++].slot = g->nstarts;
	EMIT(insn);
}

/* One top-level piece: a snippet, a jump, or a loop of snippets. */
static inline void piece(struct gen *g)
{
	u8 d = reg(), s = reg();
	u8 jcls = below(2) ? BPF_JMP : BPF_JMP32, op = jmp_ops[below(ARRAY_SIZE(jmp_ops))];
	u32 head, body;
	s32 back;

	g->starts[g->nstarts++] = g->n;
	switch (below(13)) {
	case 0:
		forward_jump(g, BPF_RAW_INSN(jcls | op | BPF_K, d, 0, 0, imm()));
		break;
	case 1:
		forward_jump(g, BPF_RAW_INSN(jcls | op | BPF_X, d, s, 0, 0));
		break;
	case 2:		/* a branch a constant decides */
		EMIT(BPF_MOV64_IMM(d, imm()));
		forward_jump(g, BPF_RAW_INSN(jcls | op | BPF_K, d, 0, 0, imm()));
		break;
	case 6:		/* a mask, then a compare with 0 (exercise 09/03) */
		EMIT(BPF_RAW_INSN((below(2) ? BPF_ALU64 : BPF_ALU) | BPF_AND | BPF_K, d, 0, 0,
				  below(2) ? 1 << below(31) : imm()));
		forward_jump(g, BPF_RAW_INSN(jcls | BPF_JNE | BPF_K, d, 0, 0, 0));
		break;
	case 3: case 4:	/* a jump over a goto (the goto a target: gotos to gotos) */
		EMIT(BPF_RAW_INSN(jcls | op | BPF_K, d, 0, 1, imm()));
		g->starts[g->nstarts++] = g->n;
		forward_jump(g, BPF_JMP_A(0));
		break;
	case 5:		/* a loop: R9 trips round a few snippets */
		EMIT(BPF_MOV64_IMM(R9, 1 + below(4)));
		head = g->n;
		for (body = 1 + below(4); body; body--)
			snippet(g);
		EMIT(BPF_ALU64_IMM(BPF_SUB, R9, 1));
		back = (s32)head - (s32)g->n - 1;	/* (not inside EMIT: g->n++) */
		EMIT(BPF_JMP_IMM(BPF_JNE, R9, 0, back));
		break;
	default:
		snippet(g);
	}
}

/* A program of at least `body` instructions, its length returned. */
static inline u32 gen_prog(struct bpf_insn *insns, u32 body)
{
	static struct gen gen;
	struct gen *g = &gen;
	u32 k;

	memset(g, 0, sizeof(*g));
	g->insns = insns;
	for (u8 r = 0; r <= 9; r++)
		if (r != R1)
			EMIT(BPF_MOV64_IMM(r, r == R9 ? 0 : imm()));
	for (int sl = 1; sl <= STACK / 8; sl++)
		EMIT(BPF_STX_MEM(BPF_DW, R10, reg(), -8 * sl));
	while (g->n < body)
		piece(g);
	g->starts[g->nstarts++] = g->n;
	EMIT(BPF_MOV64_REG(R0, reg()));
	EMIT(BPF_EXIT_INSN());
	for (k = 0; k < g->nfix; k++) {
		u32 to = g->fix[k].slot + below(g->nstarts - g->fix[k].slot);

		insns[g->fix[k].at].off = g->starts[to] - g->fix[k].at - 1;
	}
	return g->n;
}

struct outcome {
	u64 r0;
	u8 ctx[CTX_SIZE];
};

static inline void run(struct bpf_prog *fp, struct outcome *o)
{
	ctx_fill(o->ctx);
	o->r0 = bpf_prog_run64(fp, o->ctx);
}


#endif /* _TEST_OPT_GEN_H */
