// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_gen: random eBPF programs that a verifier should accept (see
 * bpf_gen.h for the facts every snippet keeps). Ours; the shapes it writes
 * are the ones kernel/bpf/verifier.c (v5.8 with the later ISA additions)
 * accepts for a privileged loader.
 */
#include <string.h>

#include "linux/filter.h"
#include "bpf_gen.h"

#define MAX_FUNCS	4
#define MAX_BOUNDS	1024
#define MAX_JUMPS	512
#define MAX_CALLS	256
#define FOLD_ROOM	96	/* the fold: at most 9 registers and 18 slots */

#define R_CTX		BPF_REG_6	/* main: the context, when it has one */
#define R_PTR		BPF_REG_9	/* a callee: a pointer into its caller's data */

/* ---- choices ---------------------------------------------------------------- */

static u64 splitmix64(u64 *state)
{
	u64 z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void bpf_gen_src_seed(struct bpf_gen_src *s, u64 seed)
{
	memset(s, 0, sizeof(*s));
	s->state = seed;
}

void bpf_gen_src_bytes(struct bpf_gen_src *s, const u8 *data, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->data = data;
	s->len = len;
}

u64 bpf_gen_prog_seed(u64 seed, u64 index)
{
	u64 state = seed ^ (index * 0xd1b54a32d192ed03ULL);

	return splitmix64(&state);
}

/* n bytes of choice (1..4); from a fuzzer's input, zeros once it runs out. */
static u32 take(struct bpf_gen_src *s, int n)
{
	u32 v = 0;

	if (!s->data)
		return (u32)(splitmix64(&s->state) >> 32);
	for (int i = 0; i < n; i++) {
		if (s->pos >= s->len) {
			s->exhausted = true;
			break;
		}
		v = v << 8 | s->data[s->pos++];
	}
	return v;
}

/* ---- the generator's state ---------------------------------------------------- */

struct func {
	u32 start;		/* first instruction */
	u8 spill, data;		/* slots 1..spill hold spills, spill+1..spill+data data */
	u8 ptr_arg;		/* 0, or r1..r5: a pointer into the caller's data */
	u8 window;		/* bytes usable from that pointer */
	int caller;		/* the function that calls it first (-1: main) */
	bool called;
};

enum flaw {
	FLAW_NONE,
	FLAW_NARROW_FILL, FLAW_STACK_RANGE, FLAW_MISALIGNED, FLAW_UNINIT_STACK,
	FLAW_VAR_STACK, FLAW_DIV_ZERO, FLAW_SHIFT, FLAW_WRITE_FP, FLAW_UNINIT_REG,
	FLAW_HELPER, FLAW_JUMP_RANGE, FLAW_SELF_LOOP, FLAW_RESERVED, FLAW_CTX,
	FLAW_NO_EXIT, FLAW_LD_IMM64, FLAW_UNBOUNDED_PTR, FLAW_COUNT,
};

static const char *const flaw_names[FLAW_COUNT] = {
	[FLAW_NARROW_FILL]	= "narrow fill of a spilled register",
	[FLAW_STACK_RANGE]	= "stack access outside the frame",
	[FLAW_MISALIGNED]	= "misaligned stack access",
	[FLAW_UNINIT_STACK]	= "read of a stack slot never written",
	[FLAW_VAR_STACK]	= "variable-offset stack access",
	[FLAW_DIV_ZERO]		= "division by a constant 0",
	[FLAW_SHIFT]		= "shift by a constant out of range",
	[FLAW_WRITE_FP]		= "write to r10",
	[FLAW_UNINIT_REG]	= "read of a register never written",
	[FLAW_HELPER]		= "call of a helper the type does not offer",
	[FLAW_JUMP_RANGE]	= "jump out of the program",
	[FLAW_SELF_LOOP]	= "a jump to itself",
	[FLAW_RESERVED]		= "a reserved field set",
	[FLAW_CTX]		= "bad context access",
	[FLAW_NO_EXIT]		= "no exit at the end",
	[FLAW_LD_IMM64]		= "ld_imm64 with a bad second half",
	[FLAW_UNBOUNDED_PTR]	= "stack pointer plus an unbounded scalar",
};

struct gen {
	struct bpf_gen_src *s;
	const struct bpf_gen_opts *o;
	struct bpf_gen_prog *p;
	u32 n;			/* instructions written */
	struct func f[MAX_FUNCS];
	u32 nf, fi;		/* functions, the one being written */
	u16 avail;		/* registers snippets may use: each a written scalar */
	u64 busy_slots;		/* slots a loop counts in */
	bool ctx;		/* r6 holds the context */
	bool ptr;		/* r9 holds a pointer into the caller's data */
	u32 loop, loops;	/* the loop being written (0: none), loops so far */
	/*
	 * A function with n undecided compares has up to 2^n paths, and a
	 * call walks the callee's paths for each of the caller's. Chapter
	 * 07's pruning folds most of them, but not where a precise scalar
	 * differs on each, and chapter 03's walk alone folds none. Each
	 * compare spends one doubling of this budget (inside a loop, one per
	 * round), each call as many as the callees below it may add.
	 */
	u32 branches, max_branches, loop_branches, rounds;
	enum flaw flaw;
	u32 flaw_at;		/* main's body writes the flaw once n reaches this */
	/* per function: snippet starts, forward jumps to them */
	u32 bnd_at[MAX_BOUNDS], bnd_loop[MAX_BOUNDS], nb;
	struct { u32 at, from, loop; } jmp[MAX_JUMPS];
	u32 nj;
	struct { u32 at, fn; } call[MAX_CALLS];
	u32 ncalls;
};

static u32 below(struct gen *g, u32 n)
{
	if (n <= 1)
		return 0;
	return take(g->s, n <= 256 ? 1 : 4) % n;
}

static bool chance(struct gen *g, u32 pct)
{
	return below(g, 100) < pct;
}

static const s32 edge32[] = {
	0, 1, -1, 2, 7, 8, 16, 31, 32, 63, 64, 127, 128, 255, 256, 0x7fff, 0x8000,
	0xffff, 0x10000, INT_MAX, INT_MIN, INT_MIN + 1, -2, -128, -129, -32768,
	-32769, 0x55555555, (s32)0xaaaaaaaa, 0x12345678,
};

static const u64 edge64[] = {
	0, 1, ~0ULL, 1ULL << 63, (1ULL << 63) - 1, (1ULL << 63) + 1, 0x80000000ULL,
	0xffffffffULL, 0x100000000ULL, 0xffffffff80000000ULL, 0x7fffffffULL,
	0xffffffff00000000ULL, 0x00000000ffff0000ULL, 0x8000000080000000ULL,
	0x0123456789abcdefULL, 0xfedcba9876543210ULL,
};

/* An immediate: edge values half the time, small numbers, or anything. */
static s32 imm32(struct gen *g)
{
	switch (below(g, 4)) {
	case 0:
	case 1:
		return edge32[below(g, ARRAY_SIZE(edge32))];
	case 2:
		return (s32)below(g, 33) - 16;
	default:
		return (s32)take(g->s, 4);
	}
}

static u64 imm64(struct gen *g)
{
	switch (below(g, 4)) {
	case 0:
	case 1:
		return edge64[below(g, ARRAY_SIZE(edge64))];
	case 2:
		return (u64)(s64)imm32(g);
	default:
		return (u64)take(g->s, 4) << 32 | take(g->s, 4);
	}
}

/* ---- writing instructions ----------------------------------------------------- */

static void emit(struct gen *g, struct bpf_insn insn)
{
	if (g->n < BPF_GEN_MAX_INSNS)
		g->p->insns[g->n] = insn;
	g->n++;
}

static void emit_ld_imm64(struct gen *g, u8 dst, u64 v)
{
	struct bpf_insn ld[2] = { BPF_LD_IMM64(dst, 0) };

	ld[0].imm = (s32)(u32)v;
	ld[1].imm = (s32)(u32)(v >> 32);
	emit(g, ld[0]);
	emit(g, ld[1]);
}

/* A register gets a fresh constant: mov (32 or 64 bit) or ld_imm64. */
static void emit_const(struct gen *g, u8 dst)
{
	switch (below(g, 4)) {
	case 0:
		emit(g, BPF_MOV32_IMM(dst, imm32(g)));
		break;
	case 1:
		emit_ld_imm64(g, dst, imm64(g));
		break;
	default:
		emit(g, BPF_MOV64_IMM(dst, imm32(g)));
		break;
	}
}

/* A snippet starts here: a place forward jumps may land. */
static void boundary(struct gen *g)
{
	if (g->nb < MAX_BOUNDS) {
		g->bnd_at[g->nb] = g->n;
		g->bnd_loop[g->nb] = g->loop;
		g->nb++;
	}
}

/* A forward jump, its target a later snippet start (chosen in resolve_jumps()). */
static bool emit_fwd_jump(struct gen *g, struct bpf_insn insn)
{
	if (g->nj >= MAX_JUMPS)
		return false;
	g->jmp[g->nj].at = g->n;
	g->jmp[g->nj].from = g->nb;	/* the next snippet's start, or later */
	g->jmp[g->nj].loop = g->loop;
	g->nj++;
	emit(g, insn);
	return true;
}

/* May one more undecided compare be written here? Spends the budget if so. */
static bool take_branch(struct gen *g)
{
	u32 cost = g->loop ? g->rounds : 1;

	if ((g->loop && g->loop_branches >= 1) || g->branches + cost > g->max_branches)
		return false;
	g->branches += cost;
	g->loop_branches += !!g->loop;
	return true;
}

static u8 pick_reg(struct gen *g)
{
	u8 regs[MAX_BPF_REG];
	u32 n = 0;

	for (u8 r = 0; r < 10; r++)
		if (g->avail & (1u << r))
			regs[n++] = r;
	return regs[below(g, n)];
}

static u8 pick_reg_not(struct gen *g, u8 not)
{
	u8 r = pick_reg(g);

	return r == not ? pick_reg(g) : r;
}

/* A different register that is not r0, for a temporary. */
static u8 pick_tmp(struct gen *g, u8 not)
{
	for (int i = 0; i < 8; i++) {
		u8 r = pick_reg(g);

		if (r != not && r != BPF_REG_0)
			return r;
	}
	for (u8 r = 1; r < 10; r++)
		if ((g->avail & (1u << r)) && r != not)
			return r;
	return BPF_REG_0;
}

static const u8 sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };

static int size_bytes(u8 size)
{
	return size == BPF_DW ? 8 : size == BPF_W ? 4 : size == BPF_H ? 2 : 1;
}

static struct func *cur(struct gen *g)
{
	return &g->f[g->fi];
}

/* An offset from r10 inside the function's data slots, aligned to bytes. */
static s16 data_off(struct gen *g, int bytes)
{
	struct func *f = cur(g);
	int slot = f->spill + 1 + below(g, f->data);

	return (s16)(-8 * slot + bytes * (int)below(g, 8 / bytes));
}

/* A spill slot no loop is counting in, or 0. */
static int spill_slot(struct gen *g)
{
	struct func *f = cur(g);

	for (int tries = 0; tries < 4; tries++) {
		int slot = 1 + below(g, f->spill);

		if (!(g->busy_slots & (1ULL << slot)))
			return slot;
	}
	return 0;
}

/* ---- the snippets --------------------------------------------------------------- */

static const u8 alu_ops[] = {
	BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND, BPF_LSH, BPF_RSH,
	BPF_NEG, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH,
};

static const u8 jmp_ops[] = {
	BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT, BPF_JSGE,
	BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE,
};

/* ALU and ALU64, every operation, K and X; sdiv/smod are off = 1. */
static bool s_alu(struct gen *g)
{
	u8 op = alu_ops[below(g, ARRAY_SIZE(alu_ops))];
	u8 cls = chance(g, 50) ? BPF_ALU64 : BPF_ALU;
	int width = cls == BPF_ALU64 ? 64 : 32;
	u8 dst = pick_reg(g), src = pick_reg(g);
	s16 off = 0;
	s32 imm;

	if (op == BPF_NEG) {
		emit(g, BPF_RAW_INSN(cls | BPF_NEG | BPF_K, dst, 0, 0, 0));
		return true;
	}
	if ((op == BPF_DIV || op == BPF_MOD) && chance(g, 35))
		off = 1;	/* sdiv, smod (ISA v4) */
	if (chance(g, 50)) {
		imm = imm32(g);
		if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH)
			imm = below(g, width);
		if ((op == BPF_DIV || op == BPF_MOD) && imm == 0)
			imm = chance(g, 50) ? -1 : 3;
		emit(g, BPF_RAW_INSN(cls | op | BPF_K, dst, 0, off, imm));
	} else {
		/* A shift by a register is masked at run time (the
		 * interpreter and x86 alike); a divisor of 0 is guarded.
		 */
		emit(g, BPF_RAW_INSN(cls | op | BPF_X, dst, src, off, 0));
	}
	return true;
}

/* mov, movsx (off 8/16/32), ld_imm64, bswap/BPF_END, neg. */
static bool s_mov(struct gen *g)
{
	static const s16 sx64[] = { 8, 16, 32 }, sx32[] = { 8, 16 };
	static const s32 widths[] = { 16, 32, 64 };
	u8 dst = pick_reg(g), src = pick_reg(g);

	switch (below(g, 7)) {
	case 0:
		emit(g, BPF_MOVSX64_REG(dst, src, sx64[below(g, 3)]));
		break;
	case 1:
		emit(g, BPF_MOVSX32_REG(dst, src, sx32[below(g, 2)]));
		break;
	case 2:
		emit(g, chance(g, 50) ? BPF_MOV64_REG(dst, src) : BPF_MOV32_REG(dst, src));
		break;
	case 3:
		emit_const(g, dst);
		break;
	case 4:
		emit(g, BPF_ENDIAN(chance(g, 50) ? BPF_TO_BE : BPF_TO_LE, dst,
				   widths[below(g, 3)]));
		break;
	case 5:
		emit(g, BPF_BSWAP(dst, widths[below(g, 3)]));
		break;
	default:
		emit(g, BPF_RAW_INSN((chance(g, 50) ? BPF_ALU64 : BPF_ALU) | BPF_NEG,
				     dst, 0, 0, 0));
		break;
	}
	return true;
}

/* The divisions' edge cases: by 0, by -1, INT_MIN / -1, in 32 and 64 bits. */
static bool s_div_edge(struct gen *g)
{
	u8 dst = pick_reg(g), src = pick_reg_not(g, dst);
	u8 cls = chance(g, 50) ? BPF_ALU64 : BPF_ALU;
	u8 op = chance(g, 50) ? BPF_DIV : BPF_MOD;
	s16 off = chance(g, 60);

	switch (below(g, 4)) {
	case 0:
		emit(g, BPF_MOV64_IMM(src, 0));
		break;
	case 1:
		emit(g, BPF_MOV64_IMM(src, -1));
		break;
	case 2:
		emit(g, BPF_MOV64_IMM(src, -1));
		if (cls == BPF_ALU64)
			emit_ld_imm64(g, dst, 1ULL << 63);
		else
			emit(g, BPF_MOV32_IMM(dst, INT_MIN));
		break;
	default:
		/* INT_MIN / -1 by an immediate: the kernel rewrites it */
		if (cls == BPF_ALU64)
			emit_ld_imm64(g, dst, 1ULL << 63);
		else
			emit(g, BPF_MOV32_IMM(dst, INT_MIN));
		emit(g, BPF_RAW_INSN(cls | op | BPF_K, dst, 0, off, -1));
		return true;
	}
	emit(g, BPF_RAW_INSN(cls | op | BPF_X, dst, src, off, 0));
	return true;
}

/* Stores and loads on the frame: spills 8 bytes at a time, data any size. */
static bool s_stack(struct gen *g)
{
	u8 reg = pick_reg(g), size = sizes[below(g, 4)];
	int bytes = size_bytes(size), slot;
	s16 off;

	if (chance(g, 30) && (slot = spill_slot(g))) {
		if (chance(g, 50))
			emit(g, BPF_STX_MEM(BPF_DW, BPF_REG_10, reg, -8 * slot));
		else
			emit(g, BPF_LDX_MEM(BPF_DW, reg, BPF_REG_10, -8 * slot));
		return true;
	}
	off = data_off(g, bytes);
	switch (below(g, 5)) {
	case 0:
		if (size == BPF_DW)	/* an 8-byte store of a register would spill it */
			size = BPF_W, off = data_off(g, 4);
		emit(g, BPF_STX_MEM(size, BPF_REG_10, reg, off));
		break;
	case 1:
		emit(g, BPF_ST_MEM(size, BPF_REG_10, off, imm32(g)));
		break;
	case 2:
		if (size != BPF_DW && !(g->o->without & BPF_GEN_NO_MEMSX)) {
			emit(g, BPF_LDX_MEMSX(size, reg, BPF_REG_10, off));
			break;
		}
		fallthrough;
	default:
		emit(g, BPF_LDX_MEM(size, reg, BPF_REG_10, off));
		break;
	}
	return true;
}

static const s32 atomic_ops[] = {
	BPF_ADD, BPF_OR, BPF_AND, BPF_XOR,
	BPF_ADD | BPF_FETCH, BPF_OR | BPF_FETCH, BPF_AND | BPF_FETCH, BPF_XOR | BPF_FETCH,
	BPF_XCHG, BPF_CMPXCHG,
};

/* Atomics on a data slot, through r10 or (a callee) the caller's pointer. */
static bool s_atomic(struct gen *g)
{
	u8 size = chance(g, 50) ? BPF_DW : BPF_W, src = pick_reg(g);
	int bytes = size_bytes(size);
	s32 op = atomic_ops[below(g, ARRAY_SIZE(atomic_ops))];

	if (g->o->without & BPF_GEN_NO_ATOMICS)
		return false;
	if (g->ptr && chance(g, 40)) {
		s16 off = (s16)(bytes * below(g, cur(g)->window / bytes));

		emit(g, BPF_ATOMIC_OP(size, op, R_PTR, src, off));
		return true;
	}
	emit(g, BPF_ATOMIC_OP(size, op, BPF_REG_10, src, data_off(g, bytes)));
	return true;
}

/* A callee's loads and stores through the pointer into its caller's data. */
static bool s_ptr_arg(struct gen *g)
{
	u8 size = sizes[below(g, 4)], reg = pick_reg(g);
	int bytes = size_bytes(size);
	s16 off;

	if (!g->ptr)
		return false;
	off = (s16)(bytes * below(g, cur(g)->window / bytes));
	switch (below(g, 4)) {
	case 0:
		if (size == BPF_DW)
			size = BPF_W, off &= ~3;
		emit(g, BPF_STX_MEM(size, R_PTR, reg, off));
		break;
	case 1:
		emit(g, BPF_ST_MEM(size, R_PTR, off, imm32(g)));
		break;
	case 2:
		if (size != BPF_DW && !(g->o->without & BPF_GEN_NO_MEMSX)) {
			emit(g, BPF_LDX_MEMSX(size, reg, R_PTR, off));
			break;
		}
		fallthrough;
	default:
		emit(g, BPF_LDX_MEM(size, reg, R_PTR, off));
		break;
	}
	return true;
}

/*
 * Arithmetic on the stack pointer: a constant offset (immediate or a
 * register holding a constant), then an access through it; or a bounded
 * variable offset, which may only be measured (pointer - pointer is a
 * scalar for a privileged loader), never dereferenced in v5.8.
 */
static bool s_stack_ptr(struct gen *g)
{
	struct func *f = cur(g);
	u8 p = pick_tmp(g, 0xff), k = pick_tmp(g, p), v = pick_reg(g);
	u8 size = sizes[below(g, 4)];
	int bytes = size_bytes(size);
	s16 target = data_off(g, bytes);
	/* p = r10 + base; the access adds target - base */
	s32 base = -8 * (int)below(g, f->spill + f->data + 1);

	if (p == k)
		return false;
	switch (below(g, 4)) {
	case 0:		/* constant offset, immediate */
		emit(g, BPF_MOV64_REG(p, BPF_REG_10));
		emit(g, BPF_ALU64_IMM(BPF_ADD, p, base));
		break;
	case 1:		/* constant offset in a register, either side of the add */
		emit(g, BPF_MOV64_IMM(k, base));
		if (chance(g, 50)) {
			emit(g, BPF_MOV64_REG(p, BPF_REG_10));
			emit(g, BPF_ALU64_REG(BPF_ADD, p, k));
		} else {
			emit(g, BPF_MOV64_REG(p, k));
			emit(g, BPF_ALU64_REG(BPF_ADD, p, BPF_REG_10));
		}
		break;
	case 2: {	/* a bounded variable offset: measured, not used */
		u8 lsize = sizes[below(g, 2)];
		s16 loff = data_off(g, size_bytes(lsize));

		emit(g, chance(g, 50) || (g->o->without & BPF_GEN_NO_MEMSX) ?
			BPF_LDX_MEM(lsize, k, BPF_REG_10, loff) :
			BPF_LDX_MEMSX(lsize, k, BPF_REG_10, loff));
		if (chance(g, 50) && take_branch(g))	/* bounds from a compare */
			emit(g, BPF_JMP_IMM(BPF_JGT, k, 40, 4));
		emit(g, BPF_MOV64_REG(p, BPF_REG_10));
		emit(g, BPF_ALU64_IMM(BPF_ADD, p, -256));
		emit(g, BPF_ALU64_REG(BPF_ADD, p, k));
		emit(g, BPF_ALU64_REG(BPF_SUB, p, BPF_REG_10));
		return true;
	}
	default:	/* measured: pointer - pointer */
		emit(g, BPF_MOV64_REG(p, BPF_REG_10));
		emit(g, BPF_ALU64_IMM(BPF_ADD, p, base));
		emit(g, BPF_ALU64_REG(BPF_SUB, p, BPF_REG_10));
		return true;
	}
	switch (below(g, 4)) {
	case 0:
		emit(g, BPF_LDX_MEM(size, v == p ? k : v, p, target - base));
		break;
	case 1:
		if (size != BPF_DW && !(g->o->without & BPF_GEN_NO_MEMSX)) {
			emit(g, BPF_LDX_MEMSX(size, v == p ? k : v, p, target - base));
			break;
		}
		fallthrough;
	case 2:
		emit(g, BPF_ST_MEM(size, p, target - base, imm32(g)));
		break;
	default:
		if (size == BPF_DW)
			size = BPF_W, target = data_off(g, 4);
		emit(g, BPF_STX_MEM(size, p, v == p ? k : v, target - base));
		break;
	}
	/* no pointer outlives the snippet */
	emit(g, chance(g, 50) ? BPF_ALU64_REG(BPF_SUB, p, BPF_REG_10) : BPF_MOV64_IMM(p, base));
	return true;
}

/* Loads from the raw tracepoint's arguments; the context compared with 0. */
static bool s_ctx(struct gen *g)
{
	u8 size = sizes[below(g, 4)], reg = pick_reg(g);
	int bytes = size_bytes(size);
	s16 off = (s16)(bytes * below(g, BPF_GEN_CTX_SIZE / bytes));
	int slot;

	if (!g->ctx)
		return false;
	if ((!g->p->reads_ctx || chance(g, 25)) && !(g->o->without & BPF_GEN_NO_NULL_CTX)) {
		/* The kernel passes NULL to a raw tracepoint program run
		 * without a context: a compare the walk must not fold.
		 */
		if (!take_branch(g))
			return false;
		emit(g, BPF_JMP_IMM(chance(g, 50) ? BPF_JEQ : BPF_JNE, R_CTX, 0, 1));
		emit(g, BPF_ALU64_IMM(BPF_ADD, reg, 0x100));
		return true;
	}
	if (!g->p->reads_ctx)
		return false;
	switch (below(g, 4)) {
	case 0:		/* spilled and filled, then used */
		slot = spill_slot(g);
		if (!slot)
			return false;
		emit(g, BPF_STX_MEM(BPF_DW, BPF_REG_10, R_CTX, -8 * slot));
		emit(g, BPF_LDX_MEM(BPF_DW, reg, BPF_REG_10, -8 * slot));
		emit(g, BPF_LDX_MEM(size, reg, reg, off));
		emit(g, BPF_STX_MEM(BPF_DW, BPF_REG_10, reg, -8 * slot));
		break;
	case 1:		/* measured: pointer - pointer */
		emit(g, BPF_MOV64_REG(reg, R_CTX));
		emit(g, BPF_ALU64_IMM(BPF_ADD, reg, off));
		emit(g, BPF_ALU64_REG(BPF_SUB, reg, R_CTX));
		break;
	default:
		emit(g, BPF_LDX_MEM(size, reg, R_CTX, off));
		break;
	}
	return true;
}

/* A conditional jump, every compare, K and X, 64 and 32 bits, forward. */
static bool s_cond(struct gen *g)
{
	u8 op = jmp_ops[below(g, ARRAY_SIZE(jmp_ops))];
	u8 cls = chance(g, 60) ? BPF_JMP : BPF_JMP32;
	u8 dst = pick_reg(g), src = pick_reg(g);

	if (!take_branch(g))
		return false;
	if (chance(g, 50))
		return emit_fwd_jump(g, BPF_RAW_INSN(cls | op | BPF_K, dst, 0, 0, imm32(g)));
	return emit_fwd_jump(g, BPF_RAW_INSN(cls | op | BPF_X, dst, src, 0, 0));
}

/*
 * A value read, then compared with a constant near its type's edges. If
 * the walk gets the value's bounds wrong, it folds the compare the wrong
 * way and removes the side the program takes.
 */
static bool s_load_cmp(struct gen *g)
{
	static const s32 k[] = { 0, -1, 1, 127, 128, 255, 256, 0x7fff, 0x8000, 0xffff,
				 INT_MAX, INT_MIN, -128, -32768 };
	u8 size = sizes[below(g, 3)], reg = pick_reg(g), other = pick_reg(g);
	u8 op = jmp_ops[below(g, ARRAY_SIZE(jmp_ops))];
	u8 cls = chance(g, 70) ? BPF_JMP : BPF_JMP32;
	s16 off = data_off(g, size_bytes(size));

	if (!take_branch(g))
		return false;
	switch (below(g, 3)) {
	case 0:
		if (!(g->o->without & BPF_GEN_NO_MEMSX)) {
			emit(g, BPF_LDX_MEMSX(size, reg, BPF_REG_10, off));
			break;
		}
		fallthrough;
	case 1:
		emit(g, BPF_LDX_MEM(size, reg, BPF_REG_10, off));
		break;
	default:
		emit(g, BPF_MOVSX64_REG(reg, other, size == BPF_W ? 32 : size == BPF_H ? 16 : 8));
		break;
	}
	emit(g, BPF_RAW_INSN(cls | op | BPF_K, reg, 0, 1, k[below(g, ARRAY_SIZE(k))]));
	emit(g, BPF_ALU64_IMM(BPF_XOR, other, 0x5a5a));
	return true;
}

/* ja and gotol (JMP32 | JA), each behind a jcc so what they skip stays reachable. */
static bool s_goto(struct gen *g)
{
	u8 dst = pick_reg(g);

	if (!take_branch(g))
		return false;
	emit(g, BPF_JMP_IMM(jmp_ops[below(g, ARRAY_SIZE(jmp_ops))], dst, imm32(g), 1));
	if (chance(g, 10)) {
		/* a jump by 0 (opt_remove_nops() removes the ja) */
		emit(g, chance(g, 50) ? BPF_JMP_A(0) : BPF_JMP32_A(0));
		return true;
	}
	return emit_fwd_jump(g, chance(g, 50) ? BPF_JMP_A(0) : BPF_JMP32_A(0));
}

/* After a call: r1-r5 are unreadable until written again. */
static void after_call(struct gen *g)
{
	u8 from[5] = { BPF_REG_0 }, n = 1;

	for (u8 r = BPF_REG_6; r <= BPF_REG_9; r++)
		if (g->avail & (1u << r))
			from[n++] = r;
	for (u8 r = BPF_REG_1; r <= BPF_REG_5; r++) {
		switch (below(g, 4)) {
		case 0:
			emit(g, BPF_MOV32_REG(r, BPF_REG_0));
			break;
		case 1:
			emit(g, BPF_ALU64_IMM(BPF_MOV, r, imm32(g)));
			break;
		default:
			emit(g, BPF_MOV64_REG(r, from[below(g, n)]));
			break;
		}
	}
}

static const char *const printk_fmts[] = {
	"%d", "%u %x", "%ld", "%lx\n", "%llu", "%lld %llx", "%i %d %u", "x=%llx",
	"%x%x", "a%lub",
};

/*
 * Helper calls whose results do not depend on the clock:
 * bpf_get_prandom_u32 (seeded), bpf_get_smp_processor_id, and
 * bpf_trace_printk with a format written on the stack.
 */
static bool s_helper(struct gen *g)
{
	struct func *f = cur(g);
	u32 kind = below(g, (g->o->without & BPF_GEN_NO_PRINTK) ? 2 : 3);

	if (kind == 2) {
		const char *fmt = printk_fmts[below(g, ARRAY_SIZE(printk_fmts))];
		int len = strlen(fmt) + 1, words = (len + 3) / 4;
		int slot = f->spill + (len > 8 ? 2 : 1) + below(g, f->data - (len > 8));
		s16 off = -8 * slot;

		for (int w = 0; w < words; w++) {
			u32 v = 0;

			for (int b = 0; b < 4 && 4 * w + b < len; b++)
				v |= (u32)(u8)fmt[4 * w + b] << (8 * b);
			emit(g, BPF_ST_MEM(BPF_W, BPF_REG_10, off + 4 * w, (s32)v));
		}
		emit(g, BPF_MOV64_REG(BPF_REG_1, BPF_REG_10));
		emit(g, BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, off));
		emit(g, BPF_MOV64_IMM(BPF_REG_2, len));
		emit(g, BPF_CALL_HELPER(BPF_FUNC_trace_printk));
	} else {
		emit(g, BPF_CALL_HELPER(kind ? BPF_FUNC_get_smp_processor_id :
					       BPF_FUNC_get_prandom_u32));
		/* A live kernel's values are its own: keep the call, drop them. */
		if (g->o->kernel)
			emit(g, BPF_MOV64_IMM(BPF_REG_0, imm32(g)));
	}
	after_call(g);
	return true;
}

/* A bpf-to-bpf call; a callee that takes a pointer gets one into our data. */
static void emit_call(struct gen *g, u32 j)
{
	struct func *f = cur(g), *c = &g->f[j];

	if (c->ptr_arg) {
		u8 a = c->ptr_arg;

		if (g->ptr && f->window >= c->window && chance(g, 40)) {
			/* pass on the pointer we were given: a frame further up */
			emit(g, BPF_MOV64_REG(a, R_PTR));
			emit(g, BPF_ALU64_IMM(BPF_ADD, a, 8 * below(g, (f->window - c->window) / 8 + 1)));
		} else {
			int lo = f->spill + c->window / 8, slot = lo + below(g, f->spill + f->data - lo + 1);

			emit(g, BPF_MOV64_REG(a, BPF_REG_10));
			emit(g, BPF_ALU64_IMM(BPF_ADD, a, -8 * slot));
		}
	}
	if (g->ncalls < MAX_CALLS) {
		g->call[g->ncalls].at = g->n;
		g->call[g->ncalls].fn = j;
		g->ncalls++;
	}
	emit(g, BPF_CALL_REL(0));
	c->called = true;
	after_call(g);
}

static bool s_call(struct gen *g)
{
	u32 j;

	/* room is kept for the calls that make each callee reachable */
	if (g->loop || g->fi + 1 >= g->nf || g->ncalls + MAX_FUNCS >= MAX_CALLS)
		return false;
	j = g->fi + 1 + below(g, g->nf - g->fi - 1);
	if (g->branches + (g->nf - j) > g->max_branches)
		return false;
	g->branches += g->nf - j;
	emit_call(g, j);
	return true;
}

static bool snippet(struct gen *g);

/*
 * A bounded loop: a counter in a register (one of r6-r9, which calls keep)
 * or in a spill slot, counted down from a small constant; the back edge
 * is a conditional jump. The walk sees the counter's value every round.
 */
static bool s_loop(struct gen *g)
{
	u8 c = 0xff;
	int slot = 0;
	u32 rounds = 1 + below(g, 4), body = 1 + below(g, 3), header;
	bool in_reg = chance(g, 60);

	if (g->loop || g->loops >= 2 || (g->o->without & BPF_GEN_NO_LOOPS))
		return false;
	if (in_reg) {
		for (int tries = 0; tries < 6 && c == 0xff; tries++) {
			u8 r = BPF_REG_6 + below(g, 4);

			if (g->avail & (1u << r))
				c = r;
		}
		if (c == 0xff)
			return false;
	} else {
		slot = spill_slot(g);
		if (!slot)
			return false;
		c = pick_reg(g);
	}
	emit(g, chance(g, 50) ? BPF_MOV64_IMM(c, rounds) : BPF_MOV32_IMM(c, rounds));
	if (in_reg) {
		g->avail &= ~(1u << c);
	} else {
		emit(g, BPF_STX_MEM(BPF_DW, BPF_REG_10, c, -8 * slot));
		g->busy_slots |= 1ULL << slot;
	}
	g->loop = ++g->loops;
	g->loop_branches = 0;
	g->rounds = rounds;
	header = g->n;
	for (u32 i = 0; i < body; i++) {
		boundary(g);
		snippet(g);
	}
	boundary(g);	/* the round's end: jumps in the body may land here */
	if (!in_reg)
		emit(g, BPF_LDX_MEM(BPF_DW, c, BPF_REG_10, -8 * slot));
	switch (below(g, 3)) {
	case 0:
		emit(g, BPF_ALU64_IMM(BPF_ADD, c, -1));
		break;
	case 1:
		emit(g, BPF_ALU64_IMM(BPF_SUB, c, 1));
		break;
	default:
		emit(g, BPF_ALU32_IMM(BPF_SUB, c, 1));
		break;
	}
	if (!in_reg)
		emit(g, BPF_STX_MEM(BPF_DW, BPF_REG_10, c, -8 * slot));
	switch (below(g, 4)) {
	case 0:
		emit(g, BPF_JMP_IMM(BPF_JNE, c, 0, (s16)(header - g->n - 1)));
		break;
	case 1:
		emit(g, BPF_JMP_IMM(BPF_JSGT, c, 0, (s16)(header - g->n - 1)));
		break;
	case 2:
		emit(g, BPF_JMP_IMM(BPF_JGT, c, 0, (s16)(header - g->n - 1)));
		break;
	default:
		emit(g, BPF_JMP32_IMM(BPF_JNE, c, 0, (s16)(header - g->n - 1)));
		break;
	}
	g->loop = 0;
	if (in_reg)
		g->avail |= 1u << c;
	else
		g->busy_slots &= ~(1ULL << slot);
	return true;
}

/* ---- the flaws -------------------------------------------------------------------- */

static void emit_flaw(struct gen *g)
{
	struct func *f = cur(g);
	u8 r = pick_tmp(g, 0xff), k = pick_tmp(g, r);
	int frame = f->spill + f->data;

	switch (g->flaw) {
	case FLAW_NARROW_FILL:
		emit(g, BPF_MOV64_IMM(r, 0x1234));
		emit(g, BPF_STX_MEM(BPF_DW, BPF_REG_10, r, -8));
		emit(g, BPF_LDX_MEM(sizes[below(g, 3)], r, BPF_REG_10, -8));
		break;
	case FLAW_STACK_RANGE:
		if (chance(g, 50))
			emit(g, BPF_LDX_MEM(BPF_DW, r, BPF_REG_10, -520));
		else
			emit(g, BPF_STX_MEM(BPF_W, BPF_REG_10, r, 8 * below(g, 3)));
		break;
	case FLAW_MISALIGNED:
		emit(g, BPF_LDX_MEM(BPF_DW, r, BPF_REG_10, -8 * (f->spill + 1) - 4));
		break;
	case FLAW_UNINIT_STACK:
		emit(g, BPF_LDX_MEM(sizes[below(g, 4)], r, BPF_REG_10, -8 * (frame + 1 + below(g, 4))));
		break;
	case FLAW_VAR_STACK:
		emit(g, BPF_LDX_MEM(BPF_B, k, BPF_REG_10, data_off(g, 1)));
		emit(g, BPF_JMP_IMM(BPF_JGT, k, 7, 3));
		emit(g, BPF_MOV64_REG(r, BPF_REG_10));
		emit(g, BPF_ALU64_REG(BPF_ADD, r, k));
		emit(g, BPF_LDX_MEM(BPF_B, r, r, -8 * frame));
		emit(g, BPF_MOV64_IMM(r, 0));
		break;
	case FLAW_DIV_ZERO:
		emit(g, BPF_RAW_INSN((chance(g, 50) ? BPF_ALU64 : BPF_ALU) |
				     (chance(g, 50) ? BPF_DIV : BPF_MOD) | BPF_K, r, 0, chance(g, 50), 0));
		break;
	case FLAW_SHIFT:
		if (chance(g, 50))
			emit(g, BPF_ALU64_IMM(BPF_LSH, r, 64 + below(g, 3)));
		else
			emit(g, BPF_ALU32_IMM(BPF_ARSH, r, chance(g, 50) ? 32 : -1));
		break;
	case FLAW_WRITE_FP:
		emit(g, chance(g, 50) ? BPF_MOV64_IMM(BPF_REG_10, 0) : BPF_ALU64_IMM(BPF_ADD, BPF_REG_10, -8));
		break;
	case FLAW_HELPER:
		emit(g, BPF_CALL_HELPER(chance(g, 50) ? BPF_FUNC_map_lookup_elem : 200 + below(g, 50)));
		after_call(g);
		break;
	case FLAW_JUMP_RANGE:
		emit(g, BPF_JMP_IMM(BPF_JEQ, r, 0, 0x4000));
		break;
	case FLAW_SELF_LOOP:
		emit(g, BPF_JMP_IMM(BPF_JEQ, r, imm32(g), 1));
		emit(g, BPF_JMP_A(-1));
		break;
	case FLAW_RESERVED:
		switch (below(g, 3)) {
		case 0:
			emit(g, BPF_RAW_INSN(BPF_ALU64 | BPF_ADD | BPF_K, r, 0, 3, 1));
			break;
		case 1:
			emit(g, BPF_RAW_INSN(BPF_LDX | BPF_MEM | BPF_DW, r, BPF_REG_10, -8, 1));
			break;
		default:
			emit(g, BPF_RAW_INSN(BPF_ALU64 | BPF_MOV | BPF_X, r, k, 0, 7));
			break;
		}
		break;
	case FLAW_CTX:
		if (!g->ctx) {
			emit(g, BPF_LDX_MEM(BPF_DW, r, BPF_REG_10, 0));
			break;
		}
		switch (below(g, 3)) {
		case 0:
			emit(g, BPF_STX_MEM(BPF_DW, R_CTX, r, 0));
			break;
		case 1:
			emit(g, BPF_LDX_MEM(BPF_DW, r, R_CTX, BPF_GEN_CTX_SIZE));
			break;
		default:
			emit(g, BPF_MOV64_REG(r, R_CTX));
			emit(g, BPF_ALU64_IMM(BPF_ADD, r, 8));
			emit(g, BPF_LDX_MEM(BPF_DW, r, r, 0));
			break;
		}
		break;
	case FLAW_LD_IMM64:
		emit_ld_imm64(g, r, imm64(g));
		g->p->insns[g->n - 1].code = BPF_ALU64 | BPF_MOV | BPF_K;
		break;
	case FLAW_UNBOUNDED_PTR:
		emit(g, BPF_LDX_MEM(BPF_DW, k, BPF_REG_10, data_off(g, 8)));
		emit(g, BPF_MOV64_REG(r, BPF_REG_10));
		emit(g, BPF_ALU64_REG(BPF_ADD, r, k));
		emit(g, BPF_ALU64_REG(BPF_SUB, r, BPF_REG_10));
		break;
	default:
		/* FLAW_UNINIT_REG and FLAW_NO_EXIT are written elsewhere */
		break;
	}
}

/* ---- functions ------------------------------------------------------------------- */

static bool snippet(struct gen *g)
{
	u32 k = below(g, 100);

	if (k < 26)
		return s_alu(g);
	if (k < 34)
		return s_mov(g);
	if (k < 38)
		return s_div_edge(g);
	if (k < 50)
		return s_stack(g);
	if (k < 55)
		return s_atomic(g) || s_stack(g);
	if (k < 60 && s_ptr_arg(g))
		return true;
	if (k < 64)
		return s_stack_ptr(g) || s_alu(g);
	if (k < 70 && s_ctx(g))
		return true;
	if (k < 78)
		return s_cond(g) || s_alu(g);
	if (k < 82)
		return s_load_cmp(g) || s_stack(g);
	if (k < 85)
		return s_goto(g) || s_alu(g);
	if (k < 89)
		return s_helper(g);
	if (k < 95 && s_call(g))
		return true;
	if (k < 98 && s_loop(g))
		return true;
	return s_alu(g);
}

/* Forward jumps land on a later snippet start of the same loop body (or none). */
static void resolve_jumps(struct gen *g)
{
	for (u32 i = 0; i < g->nj; i++) {
		u32 cand[MAX_BOUNDS], n = 0, at = g->jmp[i].at, to;
		struct bpf_insn *insn = &g->p->insns[at];

		for (u32 b = g->jmp[i].from; b < g->nb; b++)
			if (g->bnd_loop[b] == g->jmp[i].loop && g->bnd_at[b] > at)
				cand[n++] = g->bnd_at[b];
		/* near targets more often than far ones */
		to = n ? cand[chance(g, 50) ? below(g, min(n, 3u)) : below(g, n)] : at + 1;
		if (insn->code == (BPF_JMP32 | BPF_JA))
			insn->imm = (s32)(to - at - 1);
		else
			insn->off = (s16)(to - at - 1);
	}
}

/* Every register and every slot into r0, then exit. */
static void fold(struct gen *g)
{
	struct func *f = cur(g);
	u8 t = pick_tmp(g, 0xff);

	boundary(g);
	for (u8 r = 1; r < 10; r++) {
		if (!(g->avail & (1u << r)))
			continue;
		emit(g, BPF_ALU64_REG(BPF_XOR, BPF_REG_0, r));
		emit(g, BPF_ALU64_IMM(BPF_MUL, BPF_REG_0, 0x2545f491));
	}
	for (int slot = 1; slot <= f->spill + f->data; slot++) {
		emit(g, BPF_LDX_MEM(BPF_DW, t, BPF_REG_10, -8 * slot));
		emit(g, BPF_ALU64_REG(BPF_XOR, BPF_REG_0, t));
		emit(g, BPF_ALU64_IMM(BPF_MUL, BPF_REG_0, 0x2545f491));
	}
	emit(g, BPF_EXIT_INSN());
}

/* Function fi: a prologue, about `budget` instructions of snippets, the fold. */
static void gen_func(struct gen *g, u32 fi, u32 budget)
{
	struct func *f = &g->f[fi];

	g->fi = fi;
	f->start = g->n;
	g->nb = g->nj = 0;
	g->loop = g->loops = 0;
	g->branches = 0;
	g->busy_slots = 0;
	g->max_branches = fi == 0 ? 12 : 3;
	g->avail = 0x3ff;		/* r0-r9 */
	g->ctx = fi == 0 && g->p->prog_type == BPF_PROG_TYPE_RAW_TRACEPOINT;
	g->ptr = f->ptr_arg != 0;

	if (fi == 0 && g->flaw == FLAW_UNINIT_REG)
		emit(g, BPF_MOV64_REG(BPF_REG_0, BPF_REG_2 + below(g, 8)));
	if (g->ctx) {
		emit(g, BPF_MOV64_REG(R_CTX, BPF_REG_1));
		g->avail &= ~(1u << R_CTX);
	}
	if (g->ptr) {
		emit(g, BPF_MOV64_REG(R_PTR, f->ptr_arg));
		g->avail &= ~(1u << R_PTR);
	}
	/* Main starts with r1 (and r10) only; a callee also has r1-r5. */
	for (u8 r = 0; r < 10; r++)
		if ((g->avail & (1u << r)) &&
		    (fi == 0 || r == 0 || r > BPF_REG_5 || r == f->ptr_arg || chance(g, 30)))
			emit_const(g, r);
	for (int slot = 1; slot <= f->spill; slot++)
		emit(g, BPF_STX_MEM(BPF_DW, BPF_REG_10, pick_reg(g), -8 * slot));
	for (int slot = f->spill + 1; slot <= f->spill + f->data; slot++) {
		if (chance(g, 60)) {
			emit(g, BPF_ST_MEM(BPF_DW, BPF_REG_10, -8 * slot, imm32(g)));
		} else {
			emit(g, BPF_ST_MEM(BPF_W, BPF_REG_10, -8 * slot, imm32(g)));
			emit(g, BPF_STX_MEM(BPF_W, BPF_REG_10, pick_reg(g), -8 * slot + 4));
		}
	}

	budget += g->n;
	for (;;) {
		bool more = g->n < budget && !g->s->exhausted;

		if (fi == 0 && g->flaw != FLAW_NONE && g->flaw != FLAW_UNINIT_REG &&
		    g->flaw != FLAW_NO_EXIT && (g->n >= g->flaw_at || !more)) {
			boundary(g);
			emit_flaw(g);
			g->flaw = FLAW_NONE;	/* written; p->flaw names it */
			continue;
		}
		if (!more)
			break;
		boundary(g);
		snippet(g);
	}
	/* the calls that make each callee reachable */
	for (u32 j = fi + 1; j < g->nf; j++)
		if (g->f[j].caller == (int)fi && !g->f[j].called) {
			boundary(g);
			emit_call(g, j);
		}
	fold(g);
	resolve_jumps(g);
}

void bpf_gen(struct bpf_gen_src *s, const struct bpf_gen_opts *o, struct bpf_gen_prog *p)
{
	static const u32 targets[] = { 12, 24, 40, 64, 100, 160, 240 };
	struct gen *g, gen;
	u32 target, main_budget;

	g = &gen;
	memset(g, 0, sizeof(*g));
	memset(p, 0, sizeof(*p));
	g->s = s;
	g->o = o;
	g->p = p;

	target = o->max_insns ? o->max_insns : targets[below(g, ARRAY_SIZE(targets))];
	if (!o->max_insns && below(g, 1000) == 0)
		target = 2000 + below(g, 1500);		/* now and then a long one */
	target = min(target, (u32)BPF_GEN_MAX_INSNS - 1024);
	p->prog_type = o->kernel || chance(g, 60) ? BPF_PROG_TYPE_SOCKET_FILTER :
						    BPF_PROG_TYPE_RAW_TRACEPOINT;
	p->reads_ctx = p->prog_type == BPF_PROG_TYPE_RAW_TRACEPOINT && chance(g, 60);
	g->flaw = chance(g, o->flaw_pct) ? 1 + below(g, FLAW_COUNT - 1) : FLAW_NONE;

	/* The functions: frames that fit 512 bytes together, callers before callees. */
	g->nf = 1 + (chance(g, 40) ? 1 + below(g, MAX_FUNCS - 1) : 0);
	if (o->without & BPF_GEN_NO_CALLS)
		g->nf = 1;
	for (u32 i = 0; i < g->nf; i++) {
		struct func *f = &g->f[i];

		f->spill = i ? 1 + below(g, 4) : 2 + below(g, 7);
		f->data = i ? 2 + below(g, 5) : 2 + below(g, 9);
		f->caller = i ? (int)below(g, i) : -1;
		if (i && chance(g, 50)) {
			f->ptr_arg = BPF_REG_1 + below(g, 5);
			f->window = 8 * (1 + below(g, 2));
		}
	}
	p->nr_funcs = g->nf;

	main_budget = g->nf > 1 ? target * 2 / 3 : target;
	g->flaw_at = 20 + below(g, main_budget);
	p->flaw = g->flaw ? flaw_names[g->flaw] : NULL;
	gen_func(g, 0, main_budget);
	for (u32 i = 1; i < g->nf; i++)
		gen_func(g, i, max((target - main_budget) / (g->nf - 1), 8u));

	for (u32 i = 0; i < g->ncalls; i++)
		g->p->insns[g->call[i].at].imm = (s32)(g->f[g->call[i].fn].start - g->call[i].at - 1);

	p->len = min(g->n, (u32)BPF_GEN_MAX_INSNS);
	if (g->flaw == FLAW_NO_EXIT)
		p->len--;
}

const char bpf_gen_without_names[] = "printk, null-ctx, memsx, calls, loops, atomics";

int bpf_gen_parse_without(const char *list, u32 *without)
{
	static const char *const names[] = { "printk", "null-ctx", "memsx", "calls", "loops",
					     "atomics" };
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ",");
		size_t i;

		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (strlen(names[i]) == n && !strncmp(p, names[i], n))
				break;
		if (i == ARRAY_SIZE(names))
			return -1;
		*without |= 1u << i;
		p += n + (p[n] == ',');
	}
	return 0;
}

void bpf_gen_ctx(u8 *buf, u32 size)
{
	static const u64 args[12] = {
		0, ~0ULL, 1ULL << 63, 0x80000000ULL, 0x7fffffffULL, 1, 0xff, 0xffffffff80000000ULL,
		0x0123456789abcdefULL, 0x8000000000000001ULL, 0xffffULL, 0x00000000ffffffffULL,
	};

	memset(buf, 0, size);
	memcpy(buf, args, min(size, (u32)sizeof(args)));
}
