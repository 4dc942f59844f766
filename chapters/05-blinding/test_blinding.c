// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 05 tests: constant blinding. The kernel has none; these check
 *   - every rewrite rule, instruction by instruction (bpf_jit_blind_insn);
 *   - when blinding applies (bpf_jit_blinding_enabled);
 *   - the whole-program walk: clone, patch, jump offsets, the -ERANGE
 *     fall-back, release (bpf_jit_blind_constants);
 *   - that a blinded program means what the original meant, by running
 *     both in the interpreter: rule by rule, jumps across patches, a few
 *     hundred random programs and the conformance corpus (___bpf_prog_run);
 *   - that no chosen immediate reaches a JIT image (bpf_int_jit_compile),
 *     once chapter 06 is linked.
 * One test case:  CK_RUN_CASE=bpf_jit_blind_insn make test-05
 */
#include <stdlib.h>
#include <string.h>

#include "disasm.h"
#include "linux/bpf.h"
#include "linux/bpf_blind.h"
#include "linux/bpf_interp.h"
#include "linux/bpf_patch.h"
#include "linux/capability.h"
#include "linux/random.h"
#include "blind_check.h"
#include "testutil.h"

#define SEED	0x05b11dULL
#define AX	BPF_REG_AX

/* ---- helpers ------------------------------------------------------------- */

/* "(07) r1 += 5" for messages; never reads past one instruction. */
static const char *insn_str(const struct bpf_insn *insn, char *buf, size_t size)
{
	struct bpf_insn pair[2] = { *insn, { 0 } };

	bpf_insn_snprintf(buf, size, pair);
	return buf;
}

/* The draw bpf_jit_blind_insn() will make next, after set_random_seed(seed). */
static u32 next_rnd(u64 seed)
{
	u32 rnd;

	set_random_seed(seed);
	rnd = get_random_u32();
	set_random_seed(seed);
	return rnd;
}

static void assert_seq_eq(const char *what, const struct bpf_insn *got, int n_got,
			  const struct bpf_insn *want, int n_want)
{
	char g[96], w[96];
	int i;

	ck_assert_msg(n_got == n_want, "%s: %d instructions, expected %d",
		      what, n_got, n_want);
	for (i = 0; i < n_want; i++)
		ck_assert_msg(!memcmp(&got[i], &want[i], sizeof(want[i])),
			      "%s: insn %d is %s {%02x %d %d %d %d}, expected %s {%02x %d %d %d %d}",
			      what, i, insn_str(&got[i], g, sizeof(g)), got[i].code,
			      got[i].dst_reg, got[i].src_reg, got[i].off, got[i].imm,
			      insn_str(&want[i], w, sizeof(w)), want[i].code,
			      want[i].dst_reg, want[i].src_reg, want[i].off, want[i].imm);
}

static struct bpf_prog *new_prog(const struct bpf_insn *insns, u32 len)
{
	struct bpf_prog *fp = bpf_prog_alloc(bpf_prog_size(len), 0);

	ck_assert_ptr_nonnull(fp);
	memcpy(fp->insnsi, insns, len * sizeof(*insns));
	fp->len = len;
	fp->jit_requested = 1;
	fp->aux->stack_depth = MAX_BPF_STACK;
	return fp;
}

static void knobs(int harden, u64 caps)
{
	bpf_jit_harden = harden;
	set_current_caps(caps);
}

/* ---- bpf_jit_blind_insn: every rule of the table ------------------------ */

enum shape {
	KEEP,		/* not rewritten: returns 0 */
	XOR_SELF,	/* MOV K 0: dst ^= dst (ALU64) */
	ALU32_SEQ,	/* w_ax = rnd ^ imm; w_ax ^= rnd; w_dst op= w_ax */
	ALU64_SEQ,	/* ax = rnd ^ imm; ax ^= rnd; dst op= ax */
	JMP_SEQ,	/* ax (64) ...; if dst op ax goto off' */
	JMP32_SEQ,	/* w_ax (32) ...; if w_dst op w_ax goto off' */
	ST_SEQ,		/* ax (64) ...; *(size *)(dst + off) = ax */
};

static const struct rule {
	const char *desc;
	struct bpf_insn insn;	/* dst, imm filled in per case unless fixed */
	enum shape shape;
	bool fixed;		/* use insn as is */
} rules[] = {
	/* MOV K 0 needs no constant */
	{ "ALU32 MOV K 0", BPF_MOV32_IMM(0, 0), XOR_SELF, true },
	{ "ALU64 MOV K 0", BPF_MOV64_IMM(0, 0), XOR_SELF, true },
	/* ALU32 K */
	{ "ALU32 ADD K", BPF_ALU32_IMM(BPF_ADD, 0, 0), ALU32_SEQ, false },
	{ "ALU32 SUB K", BPF_ALU32_IMM(BPF_SUB, 0, 0), ALU32_SEQ, false },
	{ "ALU32 AND K", BPF_ALU32_IMM(BPF_AND, 0, 0), ALU32_SEQ, false },
	{ "ALU32 OR K",  BPF_ALU32_IMM(BPF_OR, 0, 0), ALU32_SEQ, false },
	{ "ALU32 XOR K", BPF_ALU32_IMM(BPF_XOR, 0, 0), ALU32_SEQ, false },
	{ "ALU32 MUL K", BPF_ALU32_IMM(BPF_MUL, 0, 0), ALU32_SEQ, false },
	{ "ALU32 MOV K", BPF_ALU32_IMM(BPF_MOV, 0, 0), ALU32_SEQ, false },
	{ "ALU32 DIV K", BPF_ALU32_IMM(BPF_DIV, 0, 0), ALU32_SEQ, false },
	{ "ALU32 MOD K", BPF_ALU32_IMM(BPF_MOD, 0, 0), ALU32_SEQ, false },
	{ "ALU32 SDIV K (off 1, 6.6)", BPF_ALU32_IMM_OFF(BPF_DIV, 0, 0, 1), ALU32_SEQ, false },
	{ "ALU32 SMOD K (off 1, 6.6)", BPF_ALU32_IMM_OFF(BPF_MOD, 0, 0, 1), ALU32_SEQ, false },
	/* ALU64 K */
	{ "ALU64 ADD K", BPF_ALU64_IMM(BPF_ADD, 0, 0), ALU64_SEQ, false },
	{ "ALU64 SUB K", BPF_ALU64_IMM(BPF_SUB, 0, 0), ALU64_SEQ, false },
	{ "ALU64 AND K", BPF_ALU64_IMM(BPF_AND, 0, 0), ALU64_SEQ, false },
	{ "ALU64 OR K",  BPF_ALU64_IMM(BPF_OR, 0, 0), ALU64_SEQ, false },
	{ "ALU64 XOR K", BPF_ALU64_IMM(BPF_XOR, 0, 0), ALU64_SEQ, false },
	{ "ALU64 MUL K", BPF_ALU64_IMM(BPF_MUL, 0, 0), ALU64_SEQ, false },
	{ "ALU64 MOV K", BPF_ALU64_IMM(BPF_MOV, 0, 0), ALU64_SEQ, false },
	{ "ALU64 DIV K", BPF_ALU64_IMM(BPF_DIV, 0, 0), ALU64_SEQ, false },
	{ "ALU64 MOD K", BPF_ALU64_IMM(BPF_MOD, 0, 0), ALU64_SEQ, false },
	{ "ALU64 SDIV K (off 1, 6.6)", BPF_ALU64_IMM_OFF(BPF_DIV, 0, 0, 1), ALU64_SEQ, false },
	{ "ALU64 SMOD K (off 1, 6.6)", BPF_ALU64_IMM_OFF(BPF_MOD, 0, 0, 1), ALU64_SEQ, false },
	/* JMP K, forward and backward */
#define JMP_RULES(CLS, SHAPE, NAME)						\
	{ NAME " JEQ K +7",  BPF_RAW_INSN(CLS | BPF_JEQ  | BPF_K, 0, 0, 7, 0), SHAPE, false },  \
	{ NAME " JNE K -7",  BPF_RAW_INSN(CLS | BPF_JNE  | BPF_K, 0, 0, -7, 0), SHAPE, false }, \
	{ NAME " JGT K +1",  BPF_RAW_INSN(CLS | BPF_JGT  | BPF_K, 0, 0, 1, 0), SHAPE, false },  \
	{ NAME " JLT K -1",  BPF_RAW_INSN(CLS | BPF_JLT  | BPF_K, 0, 0, -1, 0), SHAPE, false }, \
	{ NAME " JGE K 0",   BPF_RAW_INSN(CLS | BPF_JGE  | BPF_K, 0, 0, 0, 0), SHAPE, false },  \
	{ NAME " JLE K -300", BPF_RAW_INSN(CLS | BPF_JLE | BPF_K, 0, 0, -300, 0), SHAPE, false }, \
	{ NAME " JSGT K +300", BPF_RAW_INSN(CLS | BPF_JSGT | BPF_K, 0, 0, 300, 0), SHAPE, false }, \
	{ NAME " JSLT K -2", BPF_RAW_INSN(CLS | BPF_JSLT | BPF_K, 0, 0, -2, 0), SHAPE, false }, \
	{ NAME " JSGE K +2", BPF_RAW_INSN(CLS | BPF_JSGE | BPF_K, 0, 0, 2, 0), SHAPE, false },  \
	{ NAME " JSLE K -32766", BPF_RAW_INSN(CLS | BPF_JSLE | BPF_K, 0, 0, -32766, 0), SHAPE, false }, \
	{ NAME " JSET K +32767", BPF_RAW_INSN(CLS | BPF_JSET | BPF_K, 0, 0, 32767, 0), SHAPE, false }
	JMP_RULES(BPF_JMP, JMP_SEQ, "JMP"),
	JMP_RULES(BPF_JMP32, JMP32_SEQ, "JMP32"),
#undef JMP_RULES
	/* ST of every size */
	{ "ST B",  BPF_ST_MEM(BPF_B, 0, -1, 0), ST_SEQ, false },
	{ "ST H",  BPF_ST_MEM(BPF_H, 0, -6, 0), ST_SEQ, false },
	{ "ST W",  BPF_ST_MEM(BPF_W, 0, 12, 0), ST_SEQ, false },
	{ "ST DW", BPF_ST_MEM(BPF_DW, 0, -512, 0), ST_SEQ, false },
	/* Left alone: no immediate, or one the rules leave */
	{ "ALU64 ADD X", BPF_ALU64_REG(BPF_ADD, 0, 3), KEEP, false },
	{ "ALU32 MOV X", BPF_MOV32_REG(0, 3), KEEP, false },
	{ "ALU64 MOVSX X (6.6)", BPF_MOVSX64_REG(0, 3, 8), KEEP, false },
	{ "ALU64 LSH K (shift count)", BPF_ALU64_IMM(BPF_LSH, 0, 0), KEEP, false },
	{ "ALU32 RSH K (shift count)", BPF_ALU32_IMM(BPF_RSH, 0, 0), KEEP, false },
	{ "ALU64 ARSH K (shift count)", BPF_ALU64_IMM(BPF_ARSH, 0, 0), KEEP, false },
	{ "ALU64 NEG", BPF_RAW_INSN(BPF_ALU64 | BPF_NEG, 0, 0, 0, 0), KEEP, true },
	{ "ALU END to BE 32", BPF_ENDIAN(BPF_TO_BE, 0, 32), KEEP, true },
	{ "ALU64 BSWAP 64 (6.6)", BPF_BSWAP(0, 64), KEEP, true },
	{ "LDX DW", BPF_LDX_MEM(BPF_DW, 0, 10, -8), KEEP, true },
	{ "LDX MEMSX H (6.6)", BPF_LDX_MEMSX(BPF_H, 0, 10, -8), KEEP, true },
	{ "STX W", BPF_STX_MEM(BPF_W, 10, 0, -4), KEEP, true },
	{ "STX XADD DW", BPF_STX_XADD(BPF_DW, 10, 0, -8), KEEP, true },
	{ "ATOMIC CMPXCHG (5.12)", BPF_ATOMIC_OP(BPF_DW, BPF_CMPXCHG, 10, 1, -8), KEEP, true },
	{ "JMP JEQ X", BPF_JMP_REG(BPF_JEQ, 0, 3, -3), KEEP, true },
	{ "JMP32 JSET X", BPF_JMP32_REG(BPF_JSET, 0, 3, 3), KEEP, true },
	{ "JA", BPF_JMP_A(-5), KEEP, true },
	{ "JMP32 JA gotol (6.6)", BPF_JMP32_A(100000), KEEP, true },
	{ "CALL helper", BPF_CALL_HELPER(5), KEEP, true },
	{ "CALL bpf-to-bpf", BPF_CALL_REL(-20), KEEP, true },
	{ "EXIT", BPF_EXIT_INSN(), KEEP, true },
	{ "LD ABS W", BPF_LD_ABS(BPF_W, 0x12345678), KEEP, true },
	/* Already uses AX: put there by the kernel, left as is */
	{ "ALU64 ADD K, dst AX", BPF_ALU64_IMM(BPF_ADD, AX, 0x12345678), KEEP, true },
	{ "ALU32 MOV K, dst AX", BPF_MOV32_IMM(AX, 0x12345678), KEEP, true },
	{ "ALU64 MOV K 0, dst AX", BPF_MOV64_IMM(AX, 0), KEEP, true },
	{ "JMP JEQ K, dst AX", BPF_JMP_IMM(BPF_JEQ, AX, 0x12345678, 1), KEEP, true },
	{ "ST W, dst AX", BPF_ST_MEM(BPF_W, AX, 0, 0x12345678), KEEP, true },
	{ "ALU64 ADD X, src AX", BPF_ALU64_REG(BPF_ADD, 1, AX), KEEP, true },
};

/* Immediates worth trying: the edges of s32, the article's, a spray gadget. */
static const s32 imms[] = { 1, -1, 561, 0x7fffffff, (s32)0x80000000, 0x3ca8c031,
			    (s32)0xdeadbeef, 64 };
static const u8 dsts[] = { 0, 1, 6, 9, 10 };

/* What the rule should produce for `from` with random value rnd. */
static int expected_seq(const struct rule *r, const struct bpf_insn *from,
			u32 rnd, struct bpf_insn *out)
{
	u8 op = BPF_OP(from->code);
	s16 off = from->off;

	switch (r->shape) {
	case KEEP:
		return 0;
	case XOR_SELF:
		out[0] = BPF_ALU64_REG(BPF_XOR, from->dst_reg, from->dst_reg);
		return 1;
	case ALU32_SEQ:
		out[0] = BPF_MOV32_IMM(AX, rnd ^ from->imm);
		out[1] = BPF_ALU32_IMM(BPF_XOR, AX, rnd);
		out[2] = BPF_ALU32_REG_OFF(op, from->dst_reg, AX, off);
		return 3;
	case ALU64_SEQ:
		out[0] = BPF_MOV64_IMM(AX, rnd ^ from->imm);
		out[1] = BPF_ALU64_IMM(BPF_XOR, AX, rnd);
		out[2] = BPF_ALU64_REG_OFF(op, from->dst_reg, AX, off);
		return 3;
	case JMP_SEQ:
	case JMP32_SEQ:
		if (r->shape == JMP_SEQ) {
			out[0] = BPF_MOV64_IMM(AX, rnd ^ from->imm);
			out[1] = BPF_ALU64_IMM(BPF_XOR, AX, rnd);
			out[2] = BPF_JMP_REG(op, from->dst_reg, AX, off < 0 ? off - 2 : off);
		} else {
			out[0] = BPF_MOV32_IMM(AX, rnd ^ from->imm);
			out[1] = BPF_ALU32_IMM(BPF_XOR, AX, rnd);
			out[2] = BPF_JMP32_REG(op, from->dst_reg, AX, off < 0 ? off - 2 : off);
		}
		return 3;
	case ST_SEQ:
		out[0] = BPF_MOV64_IMM(AX, rnd ^ from->imm);
		out[1] = BPF_ALU64_IMM(BPF_XOR, AX, rnd);
		out[2] = BPF_STX_MEM(BPF_SIZE(from->code), from->dst_reg, AX, off);
		return 3;
	}
	return -1;
}

START_TEST(blind_insn_every_rule)
{
	struct bpf_insn buf[BPF_BLIND_BUF_INSNS], want[4], aux[2] = { };
	u64 seed = SEED;
	size_t i, d, k;

	for (i = 0; i < ARRAY_SIZE(rules); i++) {
		const struct rule *r = &rules[i];

		for (d = 0; d < (r->fixed ? 1 : ARRAY_SIZE(dsts)); d++) {
			for (k = 0; k < (r->fixed ? 1 : ARRAY_SIZE(imms)); k++) {
				struct bpf_insn from = r->insn;
				char what[160], s[96];
				u32 rnd;
				int n, nw;

				if (!r->fixed) {
					from.dst_reg = dsts[d];
					from.imm = imms[k];
				}
				rnd = next_rnd(++seed);
				n = bpf_jit_blind_insn(&from, aux, buf, false);
				nw = expected_seq(r, &from, rnd, want);
				snprintf(what, sizeof(what), "%s: %s (rnd %#x)", r->desc,
					 insn_str(&from, s, sizeof(s)), rnd);
				assert_seq_eq(what, buf, n, want, nw);
			}
		}
	}
}
END_TEST

START_TEST(blind_insn_ld_imm64)
{
	static const u64 vals[] = { 0, 1, 0xffffffffffffffffULL, 0x1122334455667788ULL,
				    0x80000000ULL, 0xffffffff00000000ULL, 0x00000001ffffffffULL };
	struct bpf_insn buf[BPF_BLIND_BUF_INSNS], want[4];

	for (size_t v = 0; v < ARRAY_SIZE(vals); v++) {
		for (int zext = 0; zext <= 1; zext++) {
			struct bpf_insn pair[2] = { BPF_LD_IMM64(3, vals[v]) };
			char what[128];
			u32 rnd;
			int n;

			/* First slot: the high word, shifted into place. */
			rnd = next_rnd(SEED + v * 2 + zext);
			n = bpf_jit_blind_insn(&pair[0], pair, buf, zext);
			want[0] = BPF_MOV64_IMM(AX, rnd ^ pair[1].imm);
			want[1] = BPF_ALU64_IMM(BPF_XOR, AX, rnd);
			want[2] = BPF_ALU64_IMM(BPF_LSH, AX, 32);
			want[3] = BPF_MOV64_REG(3, AX);
			snprintf(what, sizeof(what), "ld_imm64 %#llx first half, zext %d",
				 (unsigned long long)vals[v], zext);
			assert_seq_eq(what, buf, n, want, 4);

			/* Second slot (opcode 0): OR in the low word. */
			rnd = next_rnd(SEED + 100 + v * 2 + zext);
			n = bpf_jit_blind_insn(&pair[1], pair, buf, zext);
			want[0] = BPF_MOV32_IMM(AX, rnd ^ pair[0].imm);
			want[1] = BPF_ALU32_IMM(BPF_XOR, AX, rnd);
			want[2] = BPF_ZEXT_REG(AX);
			want[zext ? 3 : 2] = BPF_ALU64_REG(BPF_OR, 3, AX);
			snprintf(what, sizeof(what), "ld_imm64 %#llx second half, zext %d",
				 (unsigned long long)vals[v], zext);
			assert_seq_eq(what, buf, n, want, zext ? 4 : 3);
		}
	}
}
END_TEST

/*
 * What the rewritten AX prefix leaves in AX, by the ISA's rules (32-bit
 * results zero-extended, 64-bit MOV/XOR K sign-extend their imm).
 */
static u64 ax_after(const struct bpf_insn *seq, int n)
{
	u64 ax = 0x5a5a5a5a5a5a5a5aULL;		/* whatever was there */

	for (int i = 0; i < n && seq[i].dst_reg == AX; i++) {
		u64 k64 = (u64)(s64)seq[i].imm;

		switch (seq[i].code) {
		case BPF_ALU | BPF_MOV | BPF_K:		ax = (u32)seq[i].imm; break;
		case BPF_ALU | BPF_XOR | BPF_K:		ax = (u32)(ax ^ (u32)seq[i].imm); break;
		case BPF_ALU64 | BPF_MOV | BPF_K:	ax = k64; break;
		case BPF_ALU64 | BPF_XOR | BPF_K:	ax ^= k64; break;
		case BPF_ALU64 | BPF_LSH | BPF_K:	ax <<= seq[i].imm; break;
		case BPF_ALU | BPF_MOV | BPF_X:		ax = (u32)ax; break;	/* zext */
		default:				return ax;
		}
	}
	return ax;
}

START_TEST(blind_insn_xor_restores_imm)
{
	/* Why XOR is enough: whatever rnd is, the pair leaves exactly the
	 * operand the K form meant, sign extension included.
	 */
	struct bpf_insn buf[BPF_BLIND_BUF_INSNS];

	set_random_seed(SEED);
	for (int i = 0; i < 20000; i++) {
		s32 imm = (s32)get_random_u32();
		struct bpf_insn a64 = BPF_ALU64_IMM(BPF_ADD, 2, imm);
		struct bpf_insn a32 = BPF_ALU32_IMM(BPF_ADD, 2, imm);
		struct bpf_insn st = BPF_ST_MEM(BPF_DW, 10, -8, imm);
		struct bpf_insn pair[2] = { BPF_LD_IMM64(2, ((u64)get_random_u32() << 32) | (u32)imm) };
		u64 ax;

		bpf_jit_blind_insn(&a64, NULL, buf, false);
		ax = ax_after(buf, 2);
		ck_assert_msg(ax == (u64)(s64)imm, "ALU64 imm %#x: ax %#llx", imm,
			      (unsigned long long)ax);
		bpf_jit_blind_insn(&a32, NULL, buf, false);
		ax = ax_after(buf, 2);
		ck_assert_msg(ax == (u32)imm, "ALU32 imm %#x: ax %#llx", imm,
			      (unsigned long long)ax);
		bpf_jit_blind_insn(&st, NULL, buf, false);
		ax = ax_after(buf, 2);
		ck_assert_msg(ax == (u64)(s64)imm, "ST imm %#x: ax %#llx", imm,
			      (unsigned long long)ax);
		bpf_jit_blind_insn(&pair[0], pair, buf, false);
		ax = ax_after(buf, 3);
		ck_assert_msg(ax == (u64)(u32)pair[1].imm << 32, "ld_imm64 hi %#x: ax %#llx",
			      pair[1].imm, (unsigned long long)ax);
		bpf_jit_blind_insn(&pair[1], pair, buf, true);
		ax = ax_after(buf, 3);
		ck_assert_msg(ax == (u32)pair[0].imm, "ld_imm64 lo %#x: ax %#llx",
			      pair[0].imm, (unsigned long long)ax);
	}
}
END_TEST

START_TEST(blind_insn_one_draw_per_call)
{
	/* One random number per call, used or not, as in the kernel: two
	 * rewrites never share a value, and a fixed seed fixes all of them.
	 */
	struct bpf_insn pair[2] = { BPF_LD_IMM64(1, 0x1122334455667788ULL) };
	struct bpf_insn calls[] = {
		BPF_ALU64_IMM(BPF_ADD, 1, 7), BPF_ALU64_IMM(BPF_LSH, 1, 7),
		BPF_MOV64_IMM(AX, 9), BPF_MOV64_IMM(2, 0), pair[0], pair[1],
		BPF_ALU64_IMM(BPF_ADD, 1, 7),
	};
	struct bpf_insn buf[BPF_BLIND_BUF_INSNS], first[3];
	u32 draws[ARRAY_SIZE(calls) + 1];
	size_t i;

	set_random_seed(SEED);
	for (i = 0; i < ARRAY_SIZE(draws); i++)
		draws[i] = get_random_u32();
	set_random_seed(SEED);
	for (i = 0; i < ARRAY_SIZE(calls); i++) {
		bpf_jit_blind_insn(&calls[i], pair, buf, false);
		if (i == 0)
			memcpy(first, buf, sizeof(first));
	}
	ck_assert_msg(get_random_u32() == draws[ARRAY_SIZE(calls)],
		      "%zu calls did not draw exactly %zu numbers", ARRAY_SIZE(calls),
		      ARRAY_SIZE(calls));
	/* The same instruction, blinded twice, gets two different values. */
	ck_assert_int_eq(first[1].imm, (s32)draws[0]);
	ck_assert_int_eq(buf[1].imm, (s32)draws[ARRAY_SIZE(calls) - 1]);
	ck_assert_int_ne(first[1].imm, buf[1].imm);
}
END_TEST

/* ---- bpf_jit_blinding_enabled ------------------------------------------- */

START_TEST(blinding_enabled_table)
{
	static const struct {
		int jit_requested, harden;
		u64 caps;
		bool want;
	} t[] = {
		{ 1, 0, CAP_ALL, false },			/* off by default */
		{ 1, 0, CAP_NONE, false },
		{ 1, 1, CAP_ALL, false },			/* 1: root is trusted */
		{ 1, 1, CAP_TO_MASK(CAP_SYS_ADMIN), false },
		{ 1, 1, CAP_NONE, true },			/* 1: unprivileged is not */
		{ 1, 1, CAP_TO_MASK(CAP_BPF), true },		/* v5.8: CAP_BPF is not enough */
		{ 1, 1, CAP_TO_MASK(CAP_NET_ADMIN), true },
		{ 1, 2, CAP_ALL, true },			/* 2: everyone */
		{ 1, 2, CAP_NONE, true },
		{ 0, 2, CAP_ALL, false },			/* no JIT: nothing to protect */
		{ 0, 1, CAP_NONE, false },
	};
	struct bpf_prog fp;

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		memset(&fp, 0, sizeof(fp));
		fp.jit_requested = t[i].jit_requested;
		knobs(t[i].harden, t[i].caps);
		ck_assert_msg(bpf_jit_blinding_enabled(&fp) == t[i].want,
			      "jit_requested %d, bpf_jit_harden %d, caps %#llx: expected %d",
			      t[i].jit_requested, t[i].harden,
			      (unsigned long long)t[i].caps, t[i].want);
	}
	knobs(0, CAP_ALL);
}
END_TEST

START_TEST(blinding_harden_default_off)
{
	/* A fresh process: the sysctl's default is 0. (Check forks per test,
	 * so no other test's setting leaks in; without fork this still holds
	 * because every test restores 0.)
	 */
	ck_assert_int_eq(bpf_jit_harden, 0);
}
END_TEST

/* ---- bpf_jit_blind_constants: the whole program ------------------------- */

/*
 * The reference: what blinding insns[0..len) must give with seed, built
 * without bpf_patch_insn_single(): each instruction's rewrite, laid end to
 * end, then every jump retargeted from the new start of its original
 * target. pos[i] is where original insn i starts (pos[len]: the end).
 */
static struct bpf_insn *reference_blind(const struct bpf_insn *insns, u32 len, u64 seed,
					bool zext, u32 *out_len, u32 *pos)
{
	struct bpf_insn *out = calloc((size_t)len * 8 + 1, sizeof(*out));
	struct bpf_insn aux[2] = { }, buf[BPF_BLIND_BUF_INSNS];
	u32 *jmp_at = calloc(len + 1, sizeof(u32));
	u32 i, n = 0;

	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(jmp_at);
	set_random_seed(seed);
	for (i = 0; i < len; i++) {
		int k;

		pos[i] = n;
		if (insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    insns[i].src_reg == BPF_PSEUDO_FUNC) {
			out[n++] = insns[i];
			pos[++i] = n;
			out[n++] = insns[i];
			jmp_at[i - 1] = n - 2;
			continue;
		}
		if (insns[i].code == (BPF_LD | BPF_IMM | BPF_DW))
			memcpy(aux, &insns[i], sizeof(aux));
		k = bpf_jit_blind_insn(&insns[i], aux, buf, zext);
		if (k == 0)
			out[n++] = insns[i];
		else
			for (int j = 0; j < k; j++)
				out[n++] = buf[j];
		jmp_at[i] = n - 1;	/* the jump is the last insn of its rewrite */
	}
	pos[len] = n;
	/* Retarget: the original displacement says which insn it meant. */
	for (i = 0; i < len; i++) {
		const struct bpf_insn *o = &insns[i];
		u8 cls = BPF_CLASS(o->code), op = BPF_OP(o->code);
		struct bpf_insn *j = &out[jmp_at[i]];

		if (cls != BPF_JMP && cls != BPF_JMP32)
			continue;
		if (op == BPF_EXIT || (op == BPF_CALL && o->src_reg != BPF_PSEUDO_CALL))
			continue;
		if (op == BPF_CALL || o->code == (BPF_JMP32 | BPF_JA))
			j->imm = (s32)pos[i + 1 + o->imm] - (s32)(jmp_at[i] + 1);
		else
			j->off = (s32)pos[i + 1 + o->off] - (s32)(jmp_at[i] + 1);
	}
	free(jmp_at);
	*out_len = n;
	return out;
}

/* Blind insns with seed; check against the reference; return the clone. */
static struct bpf_prog *blind_and_compare(const char *desc, const struct bpf_insn *insns,
					  u32 len, bool zext)
{
	struct bpf_insn *saved = malloc(len * sizeof(*insns)), *want;
	struct bpf_prog *fp = new_prog(insns, len), *clone;
	u32 *pos = calloc(len + 1, sizeof(u32)), want_len;
	char what[160];

	fp->aux->verifier_zext = zext;
	memcpy(saved, insns, len * sizeof(*insns));
	want = reference_blind(insns, len, SEED, zext, &want_len, pos);

	knobs(2, CAP_ALL);
	set_random_seed(SEED);
	clone = bpf_jit_blind_constants(fp);
	ck_assert_msg(!IS_ERR(clone), "%s: bpf_jit_blind_constants: %ld", desc,
		      PTR_ERR(clone));
	ck_assert_msg(clone != fp, "%s: not cloned", desc);
	ck_assert_msg(clone->blinded, "%s: blinded flag not set", desc);
	ck_assert_msg(!fp->blinded, "%s: the original claims to be blinded", desc);
	ck_assert_ptr_eq(clone->aux, fp->aux);		/* shared */
	/* The original is untouched: it is the fall-back. */
	ck_assert_uint_eq(fp->len, len);
	ck_assert_msg(!memcmp(fp->insnsi, saved, len * sizeof(*saved)),
		      "%s: the original's instructions changed", desc);
	snprintf(what, sizeof(what), "%s (blinded %u -> %u insns)", desc, len, want_len);
	for (u32 i = 0; i < len; i++) {
		u32 n = pos[i + 1] - pos[i];

		snprintf(what, sizeof(what), "%s: original insn %u", desc, i);
		assert_seq_eq(what, clone->insnsi + pos[i],
			      min(n, clone->len > pos[i] ? clone->len - pos[i] : 0),
			      want + pos[i], n);
	}
	ck_assert_msg(clone->len == want_len, "%s: %u insns, expected %u", desc,
		      clone->len, want_len);

	/* The clone wins, as when the JIT succeeds. */
	bpf_jit_prog_release_other(clone, fp);
	ck_assert_ptr_eq(clone->aux->prog, clone);
	free(saved);
	free(want);
	free(pos);
	knobs(0, CAP_ALL);
	return clone;
}

/* The article's program: r0 = 0x687 = 1671. */
static const struct bpf_insn article[] = {
	BPF_MOV64_IMM(BPF_REG_1, 0x3ca),
	BPF_MOV64_IMM(BPF_REG_2, 0x2bd),
	BPF_ALU64_REG(BPF_ADD, BPF_REG_1, BPF_REG_2),
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 0),
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),
	BPF_EXIT_INSN(),
};

START_TEST(blind_constants_article)
{
	struct bpf_prog *clone = blind_and_compare("article", article, ARRAY_SIZE(article),
						   false);

	/* Three K instructions grew by two each; ADD K 0 is blinded too. */
	ck_assert_uint_eq(clone->len, ARRAY_SIZE(article) + 3 * 2);
	bpf_prog_free(clone);
}
END_TEST

START_TEST(blind_constants_not_enabled)
{
	struct bpf_prog *fp = new_prog(article, ARRAY_SIZE(article));

	knobs(0, CAP_ALL);
	ck_assert_ptr_eq(bpf_jit_blind_constants(fp), fp);
	knobs(1, CAP_ALL);
	ck_assert_ptr_eq(bpf_jit_blind_constants(fp), fp);
	knobs(2, CAP_ALL);
	fp->jit_requested = 0;
	ck_assert_ptr_eq(bpf_jit_blind_constants(fp), fp);
	fp->jit_requested = 1;
	fp->blinded = 1;		/* already done: never twice */
	ck_assert_ptr_eq(bpf_jit_blind_constants(fp), fp);
	ck_assert_uint_eq(fp->len, ARRAY_SIZE(article));
	ck_assert_msg(!memcmp(fp->insnsi, article, sizeof(article)), "instructions changed");
	knobs(0, CAP_ALL);
	bpf_prog_free(fp);
}
END_TEST

START_TEST(blind_constants_unprivileged)
{
	struct bpf_prog *fp = new_prog(article, ARRAY_SIZE(article)), *clone;

	knobs(1, CAP_TO_MASK(CAP_BPF));
	clone = bpf_jit_blind_constants(fp);
	ck_assert_msg(!IS_ERR(clone) && clone != fp && clone->blinded,
		      "harden 1 and a loader without CAP_SYS_ADMIN: not blinded");
	/* The original wins this time, as when the JIT fails. */
	bpf_jit_prog_release_other(fp, clone);
	ck_assert_ptr_eq(fp->aux->prog, fp);
	knobs(0, CAP_ALL);
	bpf_prog_free(fp);
}
END_TEST

/* Jumps that cross patched instructions, forward and back, land where they did. */
static const struct jump_case {
	const char *desc;
	struct bpf_insn insns[40];
	u32 len;
} jump_cases[] = {
	{ "forward over blinded ALU, JMP K, ST, ld_imm64", {
		BPF_MOV64_IMM(0, 1),
		BPF_JMP_IMM(BPF_JEQ, 0, 1, 6),		/* -> exit, over everything */
		BPF_ALU64_IMM(BPF_ADD, 0, 1000),
		BPF_JMP32_IMM(BPF_JNE, 0, 77, 1),
		BPF_ST_MEM(BPF_W, 10, -4, 0x1234),
		BPF_LD_IMM64(2, 0x1122334455667788ULL),
		BPF_ALU32_IMM(BPF_MUL, 0, 3),
		BPF_EXIT_INSN(),
	}, 9 },
	{ "backward loop, K compare blinded", {
		BPF_MOV64_IMM(0, 0),
		BPF_MOV64_IMM(6, 10),
		BPF_ALU64_IMM(BPF_ADD, 0, 3),		/* loop: */
		BPF_ALU64_IMM(BPF_XOR, 0, 0x55),
		BPF_ST_MEM(BPF_DW, 10, -8, -2),
		BPF_ALU64_IMM(BPF_SUB, 6, 1),
		BPF_JMP_IMM(BPF_JNE, 6, 0, -5),		/* -> loop */
		BPF_EXIT_INSN(),
	}, 8 },
	{ "backward jump to itself's neighbour and to insn 0", {
		BPF_ALU64_IMM(BPF_ADD, 0, 1),		/* 0 */
		BPF_JMP_IMM(BPF_JLT, 0, 5, -2),		/* -> 0 */
		BPF_ALU32_IMM(BPF_ADD, 0, 7),		/* 2 */
		BPF_JMP32_IMM(BPF_JLT, 0, 30, -2),	/* -> 2 */
		BPF_EXIT_INSN(),
	}, 5 },
	{ "X and JA jumps (not blinded) across blinded code, both ways", {
		BPF_MOV64_IMM(0, 0),			/* 0 */
		BPF_MOV64_IMM(1, 4),			/* 1 */
		BPF_JMP_A(3),				/* 2 -> 6 */
		BPF_ALU64_IMM(BPF_ADD, 0, 100),		/* 3 */
		BPF_ALU64_IMM(BPF_SUB, 1, 1),		/* 4 */
		BPF_JMP_A(2),				/* 5 -> 8 */
		BPF_JMP_REG(BPF_JNE, 1, 0, -4),		/* 6 -> 3 */
		BPF_EXIT_INSN(),			/* 7 */
		BPF_JMP_REG(BPF_JGT, 1, 0, -6),		/* 8 -> 3 */
		BPF_EXIT_INSN(),
	}, 10 },
	{ "gotol (JMP32 JA, imm offset) across blinded code", {
		BPF_MOV64_IMM(0, 2),
		BPF_JMP32_A(2),
		BPF_ALU64_IMM(BPF_MUL, 0, 1000),
		BPF_ALU64_IMM(BPF_MUL, 0, 1000),
		BPF_ALU64_IMM(BPF_ADD, 0, 5),
		BPF_EXIT_INSN(),
	}, 6 },
	{ "bpf-to-bpf call across blinded code (imm offset)", {
		BPF_MOV64_IMM(1, 7),
		BPF_CALL_REL(3),			/* -> 5 */
		BPF_ALU64_IMM(BPF_ADD, 0, 0x100),
		BPF_ALU64_IMM(BPF_ADD, 0, 0x200),
		BPF_EXIT_INSN(),
		BPF_MOV64_REG(0, 1),			/* 5: subprog */
		BPF_ALU64_IMM(BPF_MUL, 0, 3),
		BPF_EXIT_INSN(),
	}, 8 },
	{ "ld_imm64 of a subprogram's address is left alone", {
		BPF_LD_IMM64_RAW(2, BPF_PSEUDO_FUNC, 4),
		BPF_ALU64_IMM(BPF_ADD, 0, 0x100),
		BPF_JMP_IMM(BPF_JEQ, 0, 0x100, 1),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(0, 1),
		BPF_EXIT_INSN(),
	}, 7 },
};

/* A table row whose length is miscounted runs off its end: refuse it. */
static void assert_ends_in_exit(const char *desc, const struct bpf_insn *insns, u32 len)
{
	ck_assert_msg(len > 0 && insns[len - 1].code == (BPF_JMP | BPF_EXIT),
		      "%s: table row does not end in exit (len %u)", desc, len);
}

START_TEST(blind_constants_jumps)
{
	for (size_t i = 0; i < ARRAY_SIZE(jump_cases); i++) {
		assert_ends_in_exit(jump_cases[i].desc, jump_cases[i].insns, jump_cases[i].len);
		for (int zext = 0; zext <= 1; zext++)
			bpf_prog_free(blind_and_compare(jump_cases[i].desc, jump_cases[i].insns,
							jump_cases[i].len, zext));
	}
}
END_TEST

START_TEST(blind_constants_pseudo_func_draws_nothing)
{
	/* A subprogram's address is skipped before any draw: blinding the
	 * program draws 2 numbers (ADD K and EXIT: one per call of
	 * bpf_jit_blind_insn()), not 4.
	 */
	struct bpf_insn insns[] = {
		BPF_LD_IMM64_RAW(2, BPF_PSEUDO_FUNC, 2),
		BPF_ALU64_IMM(BPF_ADD, 0, 0x100),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog *fp = new_prog(insns, ARRAY_SIZE(insns)), *clone;
	u32 draws[3];

	set_random_seed(SEED);
	for (int i = 0; i < 3; i++)
		draws[i] = get_random_u32();
	knobs(2, CAP_ALL);
	set_random_seed(SEED);
	clone = bpf_jit_blind_constants(fp);
	ck_assert(!IS_ERR(clone));
	ck_assert_uint_eq(clone->len, 6);
	ck_assert(!memcmp(clone->insnsi, insns, 2 * sizeof(insns[0])));
	ck_assert_int_eq(clone->insnsi[3].imm, (s32)draws[0]);
	ck_assert_uint_eq(get_random_u32(), draws[2]);
	bpf_jit_prog_release_other(clone, fp);
	bpf_prog_free(clone);
	knobs(0, CAP_ALL);
}
END_TEST

/*
 * A forward jump over n instructions that blinding grows, so that the jump's
 * offset ends up past S16_MAX: bpf_patch_insn_single() must refuse, and the
 * original come back intact.
 */
START_TEST(blind_constants_offset_overflow)
{
	/* 4100 ld_imm64 with zext: 8200 slots that become 32800. */
	const u32 n_ld = 4100, len = 2 * n_ld + 3;
	struct bpf_insn *insns = calloc(len, sizeof(*insns)), *saved;
	struct bpf_prog *fp, *ret;
	u32 i;

	insns[0] = BPF_JMP_REG(BPF_JEQ, 0, 0, 2 * n_ld);	/* -> the exit */
	for (i = 0; i < n_ld; i++) {
		struct bpf_insn ld[2] = { BPF_LD_IMM64(0, 0x100000001ULL * (i + 1)) };

		insns[1 + 2 * i] = ld[0];
		insns[2 + 2 * i] = ld[1];
	}
	insns[len - 2] = BPF_EXIT_INSN();
	insns[len - 1] = BPF_EXIT_INSN();
	fp = new_prog(insns, len);
	fp->aux->verifier_zext = true;
	saved = malloc(len * sizeof(*saved));
	memcpy(saved, fp->insnsi, len * sizeof(*saved));

	knobs(2, CAP_ALL);
	ret = bpf_jit_blind_constants(fp);
	ck_assert_msg(IS_ERR(ret) && PTR_ERR(ret) == -ERANGE,
		      "jump over %u grown insns: expected -ERANGE, got %ld", 2 * n_ld,
		      IS_ERR(ret) ? PTR_ERR(ret) : 0L);
	/* The fall-back: the original, whole, owning its aux. */
	ck_assert_ptr_eq(fp->aux->prog, fp);
	ck_assert_uint_eq(fp->len, len);
	ck_assert(!fp->blinded);
	ck_assert_msg(!memcmp(fp->insnsi, saved, len * sizeof(*saved)),
		      "the original changed after a failed blinding");

	free(saved);
	free(insns);
	bpf_prog_free(fp);
	knobs(0, CAP_ALL);
}
END_TEST

START_TEST(blind_constants_backward_off_wrap)
{
	/* A backward JMP K of -32767 would need -32769 once blinded: not a
	 * 16-bit offset. (The kernel does not check and wraps it.) Ours
	 * refuses with -ERANGE. One step shorter, -32766, still blinds.
	 */
	for (int extra = 0; extra <= 1; extra++) {
		const u32 back = 32766 + extra, len = back + 2;
		struct bpf_insn *insns = calloc(len, sizeof(*insns));
		struct bpf_prog *fp, *ret;
		u32 i;

		for (i = 0; i < back; i++)
			insns[i] = BPF_MOV64_REG(0, 0);
		/* At index back, jumping to insn 1. */
		insns[back] = BPF_JMP_IMM(BPF_JEQ, 0, 0x1234, (s16)-(s32)back);
		insns[back + 1] = BPF_EXIT_INSN();
		fp = new_prog(insns, len);
		knobs(2, CAP_ALL);
		ret = bpf_jit_blind_constants(fp);
		if (extra) {
			ck_assert_msg(IS_ERR(ret) && PTR_ERR(ret) == -ERANGE,
				      "off %d: expected -ERANGE", insns[back].off);
		} else {
			ck_assert_msg(!IS_ERR(ret), "off %d: %ld", insns[back].off,
				      PTR_ERR(ret));
			ck_assert_int_eq(ret->insnsi[back + 2].off, -(s32)back - 2);
			bpf_jit_prog_release_other(ret, fp);
			fp = ret;
		}
		ck_assert_ptr_eq(fp->aux->prog, fp);
		bpf_prog_free(fp);
		free(insns);
	}
	knobs(0, CAP_ALL);
}
END_TEST

/* ---- meaning preserved: the interpreter on both ------------------------- */

#define MEM_SIZE	256

/*
 * Run insns in the interpreter with r1 = mem, r2 = its length (the
 * conformance suite's convention) and a 512-byte stack. Returns r0.
 */
static u64 interp(const struct bpf_insn *insns, u8 *mem, u64 mem_len)
{
	u64 stack[MAX_BPF_STACK / sizeof(u64)] = { 0 };
	u64 regs[MAX_BPF_EXT_REG] = { 0 };

	regs[BPF_REG_1] = (u64)(unsigned long)mem;
	regs[BPF_REG_2] = mem_len;
	regs[BPF_REG_10] = (u64)(unsigned long)&stack[ARRAY_SIZE(stack)];
	return ___bpf_prog_run(regs, insns, stack);
}

/*
 * Blind insns (seed), run original and clone on copies of mem, compare r0
 * and memory. Returns the original's r0. zext: pretend the verifier
 * inserted zero extensions (so ld_imm64 gets its fourth insn).
 */
static u64 differential(const char *desc, const struct bpf_insn *insns, u32 len,
			const u8 *mem_in, u32 mem_len, u64 seed, bool zext)
{
	u8 mem_a[MEM_SIZE] = { 0 }, mem_b[MEM_SIZE] = { 0 };
	struct bpf_prog *fp = new_prog(insns, len), *clone;
	u64 r0_a, r0_b;

	ck_assert_uint_le(mem_len, MEM_SIZE);
	if (mem_in) {
		memcpy(mem_a, mem_in, mem_len);
		memcpy(mem_b, mem_in, mem_len);
	}
	fp->aux->verifier_zext = zext;
	knobs(2, CAP_ALL);
	set_random_seed(seed);
	clone = bpf_jit_blind_constants(fp);
	knobs(0, CAP_ALL);
	ck_assert_msg(!IS_ERR(clone) && clone != fp, "%s: not blinded (%ld)", desc,
		      IS_ERR(clone) ? PTR_ERR(clone) : 0L);

	r0_a = interp(fp->insnsi, mem_a, mem_len);
	r0_b = interp(clone->insnsi, mem_b, mem_len);
	if (r0_a != r0_b || memcmp(mem_a, mem_b, sizeof(mem_a))) {
		fprintf(stderr, "%s: original (%u insns):\n", desc, fp->len);
		bpf_print_prog(stderr, fp->insnsi, fp->len);
		fprintf(stderr, "blinded (%u insns):\n", clone->len);
		bpf_print_prog(stderr, clone->insnsi, clone->len);
	}
	ck_assert_msg(r0_a == r0_b, "%s: r0 %#llx unblinded, %#llx blinded", desc,
		      (unsigned long long)r0_a, (unsigned long long)r0_b);
	for (u32 i = 0; i < sizeof(mem_a); i++)
		ck_assert_msg(mem_a[i] == mem_b[i],
			      "%s: memory byte %u is %#x unblinded, %#x blinded",
			      desc, i, mem_a[i], mem_b[i]);
	bpf_jit_prog_release_other(clone, fp);
	bpf_prog_free(clone);
	return r0_a;
}

/* Rule by rule: each instruction form, with an operand where sign matters. */
static const struct meaning_case {
	const char *desc;
	struct bpf_insn insns[12];
	u32 len;
	u64 r0;		/* what the program computes, worked by hand */
} meaning_cases[] = {
#define LD_R0_NEG	BPF_LD_IMM64(0, 0xfedcba9876543210ULL)
	{ "ALU64 MOV K negative: sign-extended", {
		BPF_MOV64_IMM(0, -2), BPF_EXIT_INSN() }, 2, 0xfffffffffffffffeULL },
	{ "ALU32 MOV K negative: zero-extended", {
		BPF_MOV32_IMM(0, -2), BPF_EXIT_INSN() }, 2, 0xfffffffeULL },
	{ "MOV K 0 over a full register", {
		LD_R0_NEG, BPF_MOV32_IMM(0, 0), BPF_EXIT_INSN() }, 4, 0 },
	{ "ALU64 ADD K", {
		LD_R0_NEG, BPF_ALU64_IMM(BPF_ADD, 0, -0x10), BPF_EXIT_INSN() }, 4,
		0xfedcba9876543200ULL },
	{ "ALU32 ADD K: upper half cleared", {
		LD_R0_NEG, BPF_ALU32_IMM(BPF_ADD, 0, 0x10), BPF_EXIT_INSN() }, 4, 0x76543220ULL },
	{ "ALU64 AND K negative keeps the upper half", {
		LD_R0_NEG, BPF_ALU64_IMM(BPF_AND, 0, -256), BPF_EXIT_INSN() }, 4,
		0xfedcba9876543200ULL },
	{ "ALU64 OR, XOR, SUB, MUL K", {
		BPF_MOV64_IMM(0, 5), BPF_ALU64_IMM(BPF_OR, 0, 0x30), BPF_ALU64_IMM(BPF_XOR, 0, 0x1),
		BPF_ALU64_IMM(BPF_SUB, 0, 100), BPF_ALU64_IMM(BPF_MUL, 0, -3),
		BPF_EXIT_INSN() }, 6, 144 },
	{ "ALU64 DIV, MOD K (unsigned)", {
		LD_R0_NEG, BPF_ALU64_IMM(BPF_DIV, 0, 0x10), BPF_ALU64_IMM(BPF_MOD, 0, 1000),
		BPF_EXIT_INSN() }, 5, 0x0fedcba987654321ULL % 1000 },
	{ "ALU32 DIV, MOD K (unsigned)", {
		BPF_MOV64_IMM(0, -1000), BPF_ALU32_IMM(BPF_DIV, 0, 3), BPF_ALU32_IMM(BPF_MOD, 0, 1000),
		BPF_EXIT_INSN() }, 4, (0xfffffc18U / 3) % 1000 },
	{ "ALU64 SDIV K (off 1): signed", {
		BPF_MOV64_IMM(0, -1000), BPF_ALU64_IMM_OFF(BPF_DIV, 0, 7, 1), BPF_EXIT_INSN() }, 3,
		(u64)(-1000LL / 7) },
	{ "ALU32 SMOD K (off 1): signed", {
		BPF_MOV64_IMM(0, -1000), BPF_ALU32_IMM_OFF(BPF_MOD, 0, 7, 1), BPF_EXIT_INSN() }, 3,
		(u32)(-1000 % 7) },
	{ "JMP JSGT K negative: signed 64-bit compare", {
		BPF_MOV64_IMM(0, -5), BPF_JMP_IMM(BPF_JSGT, 0, -6, 1), BPF_MOV64_IMM(0, 0),
		BPF_EXIT_INSN() }, 4, (u64)-5LL },
	{ "JMP JGT K negative: unsigned against sext(imm)", {
		BPF_MOV32_IMM(0, -1), BPF_JMP_IMM(BPF_JGT, 0, -2, 1), BPF_MOV64_IMM(0, 1),
		BPF_EXIT_INSN() }, 4, 1 },
	{ "JMP32 JEQ K: only the low half compared", {
		LD_R0_NEG, BPF_JMP32_IMM(BPF_JEQ, 0, 0x76543210, 1), BPF_MOV64_IMM(0, 7),
		BPF_EXIT_INSN() }, 5, 0xfedcba9876543210ULL },
	{ "JMP32 JSLT K", {
		BPF_MOV64_IMM(0, 0x80000000), BPF_JMP32_IMM(BPF_JSLT, 0, 0, 1), BPF_MOV64_IMM(0, 7),
		BPF_EXIT_INSN() }, 4, (u64)(s64)(s32)0x80000000 },
	{ "JMP JSET K", {
		BPF_MOV64_IMM(0, 0x40), BPF_JMP_IMM(BPF_JSET, 0, 0x41, 1), BPF_MOV64_IMM(0, 7),
		BPF_EXIT_INSN() }, 4, 0x40 },
	{ "ld_imm64 high bit set in the low half", {
		BPF_LD_IMM64(0, 0x00000001ffffffffULL), BPF_EXIT_INSN() }, 3, 0x00000001ffffffffULL },
	{ "ld_imm64 all ones", {
		BPF_LD_IMM64(0, ~0ULL), BPF_EXIT_INSN() }, 3, ~0ULL },
	{ "ST B, H, W, DW of -2, read back", {
		BPF_ST_MEM(BPF_DW, 10, -8, -2), BPF_ST_MEM(BPF_W, 10, -16, -2),
		BPF_ST_MEM(BPF_H, 10, -24, -2), BPF_ST_MEM(BPF_B, 10, -32, -2),
		BPF_LDX_MEM(BPF_DW, 0, 10, -8), BPF_LDX_MEM(BPF_W, 2, 10, -16),
		BPF_ALU64_REG(BPF_ADD, 0, 2), BPF_LDX_MEM(BPF_H, 2, 10, -24),
		BPF_ALU64_REG(BPF_ADD, 0, 2), BPF_LDX_MEM(BPF_B, 2, 10, -32),
		BPF_ALU64_REG(BPF_ADD, 0, 2), BPF_EXIT_INSN() }, 12,
		(u64)-2LL + 0xfffffffeULL + 0xfffe + 0xfe },
	{ "the article's program", {
		BPF_MOV64_IMM(1, 0x3ca), BPF_MOV64_IMM(2, 0x2bd), BPF_ALU64_REG(BPF_ADD, 1, 2),
		BPF_ALU64_IMM(BPF_ADD, 1, 0), BPF_MOV64_REG(0, 1), BPF_EXIT_INSN() }, 6, 0x687 },
#undef LD_R0_NEG
};

START_TEST(meaning_every_rule)
{
	for (size_t i = 0; i < ARRAY_SIZE(meaning_cases); i++) {
		const struct meaning_case *c = &meaning_cases[i];

		assert_ends_in_exit(c->desc, c->insns, c->len);
		for (int zext = 0; zext <= 1; zext++) {
			u64 r0 = differential(c->desc, c->insns, c->len, NULL, 0,
					      SEED + i, zext);

			ck_assert_msg(r0 == c->r0, "%s: r0 %#llx, expected %#llx", c->desc,
				      (unsigned long long)r0, (unsigned long long)c->r0);
		}
	}
}
END_TEST

START_TEST(meaning_jumps)
{
	/* The jump programs above, run: loops must still loop, calls return. */
	for (size_t i = 0; i < ARRAY_SIZE(jump_cases); i++) {
		const struct jump_case *c = &jump_cases[i];
		bool calls = false;

		for (u32 k = 0; k < c->len; k++)
			calls |= c->insns[k].code == (BPF_JMP | BPF_CALL) ||
				 c->insns[k].src_reg == BPF_PSEUDO_FUNC;
		if (calls)	/* run only after the verifier's call fixups */
			continue;
		differential(c->desc, c->insns, c->len, NULL, 0, SEED + i, false);
	}
}
END_TEST

/*
 * Random valid programs. r1 points at a 256-byte buffer, r10 at the stack.
 * Every register is set first, the stack's 64 bytes are stored before they
 * are loaded, jumps go forward only (so every program ends), divisors are
 * never zero, and the epilogue stores r0, r2..r9 into the buffer, so that
 * comparing r0 and the buffer compares every register.
 */
static u32 rnd_below(u32 n)
{
	return get_random_u32() % n;
}

static s32 rnd_imm(void)
{
	switch (rnd_below(4)) {
	case 0:  return (s32)rnd_below(256) - 128;
	case 1:  return 0;
	default: return (s32)get_random_u32();
	}
}

static u8 rnd_reg(void)
{
	static const u8 regs[] = { 0, 2, 3, 4, 5, 6, 7, 8, 9 };

	return regs[rnd_below(ARRAY_SIZE(regs))];
}

#define RP_BODY		48
#define RP_MAX		(9 * 2 + 8 + RP_BODY * 2 + 10)

static u32 random_program(struct bpf_insn *p)
{
	static const u8 alu_k[] = { BPF_ADD, BPF_SUB, BPF_AND, BPF_OR, BPF_XOR, BPF_MUL,
				    BPF_MOV, BPF_DIV, BPF_MOD, BPF_LSH, BPF_RSH, BPF_ARSH };
	static const u8 alu_x[] = { BPF_ADD, BPF_SUB, BPF_AND, BPF_OR, BPF_XOR, BPF_MUL,
				    BPF_MOV };
	static const u8 jops[] = { BPF_JEQ, BPF_JNE, BPF_JGT, BPF_JLT, BPF_JGE, BPF_JLE,
				   BPF_JSGT, BPF_JSLT, BPF_JSGE, BPF_JSLE, BPF_JSET };
	static const u8 sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };
	u32 n = 0, body_end, i, jumps[RP_BODY], nj = 0;
	u8 r;

	for (i = 0; i < 10; i++) {
		struct bpf_insn ld[2] = { BPF_LD_IMM64(0, ((u64)get_random_u32() << 32) |
						       get_random_u32()) };
		if (i == 1 || i == 10)
			continue;
		if (rnd_below(2)) {
			p[n] = ld[0];
			p[n++].dst_reg = i;
			p[n++] = ld[1];
		} else {
			p[n++] = BPF_MOV64_IMM(i, rnd_imm());
		}
	}
	for (i = 1; i <= 8; i++)
		p[n++] = BPF_ST_MEM(BPF_DW, 10, -8 * (s16)i, rnd_imm());

	body_end = n + RP_BODY;
	while (n < body_end) {
		u32 kind = rnd_below(16);
		bool alu64 = rnd_below(2);
		u8 cls = alu64 ? BPF_ALU64 : BPF_ALU, op, sz;
		s32 imm;

		r = rnd_reg();
		switch (kind) {
		case 0 ... 4:		/* ALU K, every blinded op and the shifts */
			op = alu_k[rnd_below(ARRAY_SIZE(alu_k))];
			imm = rnd_imm();
			if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH)
				imm = rnd_below(alu64 ? 64 : 32);
			if ((op == BPF_DIV || op == BPF_MOD) && (imm == 0 || imm == -1))
				imm = 7;
			p[n++] = BPF_RAW_INSN(cls | op | BPF_K, r, 0,
					      (op == BPF_DIV || op == BPF_MOD) ?
					      rnd_below(2) : 0, imm);
			break;
		case 5 ... 6:		/* ALU X */
			op = alu_x[rnd_below(ARRAY_SIZE(alu_x))];
			p[n++] = BPF_RAW_INSN(cls | op | BPF_X, r, rnd_reg(), 0, 0);
			break;
		case 7:			/* NEG, END */
			p[n++] = rnd_below(2) ?
				BPF_RAW_INSN(cls | BPF_NEG, r, 0, 0, 0) :
				BPF_ENDIAN(rnd_below(2) ? BPF_TO_BE : BPF_TO_LE, r,
					   16 << rnd_below(3));
			break;
		case 8:			/* ld_imm64 */
			if (n + 2 > body_end)
				break;
			p[n] = (struct bpf_insn)BPF_LD_IMM64_RAW(r, 0, 0);
			p[n++].imm = (s32)get_random_u32();
			p[n++] = (struct bpf_insn){ .imm = rnd_imm() };
			break;
		case 9 ... 10:		/* ST into the buffer or the stack */
			sz = sizes[rnd_below(4)];
			if (rnd_below(2))
				p[n++] = BPF_ST_MEM(sz, 1, (s16)(rnd_below(64 >> (sz == BPF_DW ? 3 : sz == BPF_W ? 2 : sz == BPF_H ? 1 : 0)) <<
						 (sz == BPF_DW ? 3 : sz == BPF_W ? 2 : sz == BPF_H ? 1 : 0)), rnd_imm());
			else
				p[n++] = BPF_ST_MEM(sz, 10, -8 * (s16)(1 + rnd_below(8)), rnd_imm());
			break;
		case 11:		/* STX, LDX */
			sz = sizes[rnd_below(4)];
			if (rnd_below(2))
				p[n++] = BPF_STX_MEM(sz, 10, r, -8 * (s16)(1 + rnd_below(8)));
			else
				p[n++] = BPF_LDX_MEM(sz, r, 10, -8 * (s16)(1 + rnd_below(8)));
			break;
		default:		/* a forward jump, K or X, 64 or 32 */
			op = jops[rnd_below(ARRAY_SIZE(jops))];
			jumps[nj++] = n;
			p[n++] = BPF_RAW_INSN((rnd_below(2) ? BPF_JMP : BPF_JMP32) | op |
					      (rnd_below(3) ? BPF_K : BPF_X), r, rnd_reg(),
					      0, rnd_imm());
			break;
		}
	}
	n = body_end;
	/* Targets: anywhere after the jump up to the epilogue, never the
	 * second half of an ld_imm64.
	 */
	for (i = 0; i < nj; i++) {
		u32 from = jumps[i], to;

		do {
			to = from + 1 + rnd_below(body_end - from);
		} while (to < body_end && p[to].code == 0);
		p[from].off = to - from - 1;
	}
	for (i = 0; i < 10; i++)
		if (i != 1)
			p[n++] = BPF_STX_MEM(BPF_DW, 1, i, 64 + 8 * i);
	p[n++] = BPF_EXIT_INSN();
	return n;
}

START_TEST(meaning_random_programs)
{
	const int count = 300;
	struct bpf_insn prog[RP_MAX];
	u8 mem[MEM_SIZE];
	char desc[64];

	for (int k = 0; k < count; k++) {
		u32 len;

		set_random_seed(SEED + 1000 + k);
		len = random_program(prog);
		ck_assert_uint_le(len, RP_MAX);
		for (u32 b = 0; b < sizeof(mem); b++)
			mem[b] = get_random_u32();
		snprintf(desc, sizeof(desc), "random program %d (seed %#llx)", k,
			 (unsigned long long)(SEED + 1000 + k));
		differential(desc, prog, len, mem, sizeof(mem), SEED + 5000 + k, k & 1);
	}
}
END_TEST

/* ---- the conformance corpus --------------------------------------------- */

#define CONFORMANCE_DUMP CONFORMANCE_DIR "/reference-dump.tsv"

static int hex_decode(const char *s, size_t n, u8 *out, size_t max)
{
	size_t i;

	if (n % 2 || n / 2 > max)
		return -1;
	for (i = 0; i < n / 2; i++) {
		unsigned int v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = v;
	}
	return n / 2;
}

/* The text after `key` up to the next tab or newline; its length in *n. */
static const char *tsv_field(const char *line, const char *key, size_t *n)
{
	const char *p = strstr(line, key);

	if (!p)
		return NULL;
	p += strlen(key);
	*n = strcspn(p, "\t\n");
	return p;
}

START_TEST(meaning_conformance)
{
	FILE *f = fopen(CONFORMANCE_DUMP, "r");
	static char line[65536];
	static struct bpf_insn insns[4096];
	int run = 0, skipped = 0;

	if (!f)
		ck_skip("no conformance suite at %s", CONFORMANCE_DIR);
	while (fgets(line, sizeof(line), f)) {
		u8 mem[MEM_SIZE];
		size_t n_code = 0, n_mem = 0, n_res = 0, n_err = 0;
		const char *code = tsv_field(line, "\tcode=", &n_code);
		const char *m = tsv_field(line, "\tmem=", &n_mem);
		const char *res = tsv_field(line, "\tresult=", &n_res);
		const char *err = tsv_field(line, "\terror=", &n_err);
		char name[128];
		int len, mem_len;
		bool calls = false;
		u64 want, got;

		if (!code || !m || !res || !err)
			continue;
		snprintf(name, sizeof(name), "conformance %.*s", (int)strcspn(line, "\t"), line);
		len = hex_decode(code, n_code, (u8 *)insns, sizeof(insns));
		mem_len = hex_decode(m, n_mem, mem, sizeof(mem));
		ck_assert_msg(len > 0 && len % 8 == 0 && mem_len >= 0, "%s: bad dump line", name);
		len /= 8;
		for (int i = 0; i < len; i++)
			calls |= BPF_CLASS(insns[i].code) == BPF_JMP &&
				 BPF_OP(insns[i].code) == BPF_CALL;
		/* Programs that expect an error, or call anything (helpers
		 * and bpf-to-bpf calls need the verifier's fixups first),
		 * are not run raw.
		 */
		if (strncmp(err, "[]", 2) || calls) {
			skipped++;
			continue;
		}
		want = strtoull(res, NULL, 16);
		got = differential(name, insns, len, mem, mem_len, SEED + run, run & 1);
		ck_assert_msg(got == want, "%s: r0 %#llx, the suite expects %#llx", name,
			      (unsigned long long)got, (unsigned long long)want);
		run++;
	}
	fclose(f);
	/* 309 of the suite's 313 run; 4 expect an error or make calls. */
	ck_assert_msg(run > 200, "only %d programs blinded and compared, %d not run", run, skipped);
}
END_TEST

/* ---- the point of it all: no chosen immediate in the JIT image ---------- */

/*
 * A program built like a JIT-spraying payload: its immediates are x86 code
 * (0x3ca8c031: `31 c0` xor eax, eax; `a8 3c` test al, 0x3c), one in every
 * blinded form. Shift counts and MOV K 0 are there too, and are left.
 */
static const struct bpf_insn spray[] = {
	BPF_MOV64_IMM(0, 0x3ca8c031),
	BPF_MOV32_IMM(2, 0x3ca8c032),
	BPF_ALU64_IMM(BPF_ADD, 0, 0x3ca8c033),
	BPF_ALU32_IMM(BPF_XOR, 2, 0x3ca8c034),
	BPF_ALU64_IMM(BPF_AND, 0, (s32)0xbca8c035),
	BPF_ALU64_IMM(BPF_MUL, 0, 0x3ca8c036),
	BPF_ALU64_IMM(BPF_DIV, 0, 0x3ca8c037),
	BPF_ALU32_IMM(BPF_MOD, 2, 0x3ca8c038),
	BPF_ALU64_IMM(BPF_LSH, 0, 17),
	BPF_MOV64_IMM(3, 0),
	BPF_JMP_IMM(BPF_JEQ, 0, 0x3ca8c039, 1),
	BPF_JMP32_IMM(BPF_JSGT, 2, 0x3ca8c03a, 0),
	BPF_ST_MEM(BPF_W, 10, -8, 0x3ca8c03b),
	BPF_ST_MEM(BPF_DW, 10, -16, (s32)0xbca8c03c),
	BPF_LD_IMM64(4, 0x3ca8c03e3ca8c03dULL),
	BPF_ALU64_REG(BPF_ADD, 0, 4),
	BPF_EXIT_INSN(),
};

/* Compile with the JIT (chapter 06's strong bpf_int_jit_compile()). */
static struct bpf_prog *jit(int harden)
{
	struct bpf_prog *fp = new_prog(spray, ARRAY_SIZE(spray));

	fp->aux->stack_depth = 16;
	knobs(harden, CAP_ALL);
	set_random_seed(SEED);
	fp = bpf_int_jit_compile(fp);
	knobs(0, CAP_ALL);
	return fp;
}

START_TEST(jit_image_has_no_immediate)
{
	struct blind_check_imm imms[64];
	u32 n = blind_check_collect(spray, ARRAY_SIZE(spray), imms, 64), found;
	struct bpf_prog *fp;

	/* Every slot above carries an immediate the check looks for (the
	 * ld_imm64's two slots its two halves), but the shift count and
	 * MOV K 0 (left by blinding) and the ADD X and EXIT (none).
	 */
	ck_assert_uint_eq(n, ARRAY_SIZE(spray) - 4);

	fp = jit(0);
	if (!fp->jited) {
		bpf_prog_free(fp);
		ck_skip("no JIT linked at this stage (chapter 06 runs this check through blind_check.h)");
	}
	/* Hardening off: every one of them is in the image, verbatim. */
	found = blind_check_image(spray, ARRAY_SIZE(spray), (const u8 *)fp->bpf_func,
				  fp->jited_len, NULL);
	ck_assert_msg(found == n, "unblinded image: %u of %u immediates found", found, n);
	ck_assert(!fp->blinded);
	bpf_prog_free(fp);

	/* Hardening on: none. */
	fp = jit(2);
	ck_assert(fp->jited && fp->blinded);
	found = blind_check_image(spray, ARRAY_SIZE(spray), (const u8 *)fp->bpf_func,
				  fp->jited_len, stderr);
	ck_assert_msg(found == 0, "blinded image: %u of %u immediates found", found, n);
	bpf_prog_free(fp);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("05-blinding");
	TCase *tc;

	tc = tcase_create("bpf_jit_blind_insn");
	ADD(tc, blind_insn_every_rule);
	ADD(tc, blind_insn_ld_imm64);
	ADD(tc, blind_insn_xor_restores_imm);
	ADD(tc, blind_insn_one_draw_per_call);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_jit_blinding_enabled");
	ADD(tc, blinding_enabled_table);
	ADD(tc, blinding_harden_default_off);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_jit_blind_constants");
	ADD(tc, blind_constants_article);
	ADD(tc, blind_constants_not_enabled);
	ADD(tc, blind_constants_unprivileged);
	ADD(tc, blind_constants_jumps);
	ADD(tc, blind_constants_pseudo_func_draws_nothing);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_patch_insn_single");
	tcase_set_timeout(tc, 60);
	ADD(tc, blind_constants_offset_overflow);
	ADD(tc, blind_constants_backward_off_wrap);
	suite_add_tcase(s, tc);

	tc = tcase_create("___bpf_prog_run");
	tcase_set_timeout(tc, 60);
	ADD(tc, meaning_every_rule);
	ADD(tc, meaning_jumps);
	ADD(tc, meaning_random_programs);
	ADD(tc, meaning_conformance);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_int_jit_compile");
	ADD(tc, jit_image_has_no_immediate);
	suite_add_tcase(s, tc);

	return s;
}
