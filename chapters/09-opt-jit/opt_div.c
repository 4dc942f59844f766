// SPDX-License-Identifier: GPL-2.0
/*
 * Division and modulo: by a constant through a multiplication, by a
 * register with no more saving than the program needs.
 *
 * Ours. BPF's semantics stay exact: x / 0 = 0 and x % 0 = x, S64_MIN s/ -1
 * = S64_MIN and s% -1 = 0 (kernel/bpf/core.c: ___bpf_prog_run(), 6.6). A
 * division by a register comes after the verifier's guards, which take the
 * 0 and -1 divisors elsewhere (chapter 03: div_mod_guard()); a constant 0
 * is refused at load (or, for a structural-only load, rewritten), a signed
 * constant -1 rewritten; both are still handled here, as BPF defines them,
 * for a program that reaches the JIT by another road.
 *
 * x86's div takes its dividend in rdx:rax and leaves the quotient in rax,
 * the remainder in rdx. v5.8 saves both around every division with push
 * and pop and moves the divisor to r11 (emit_div_mod(), chapter 06). Here
 * the saves go to registers no BPF program has (r9, and r10 when the
 * blinding register is free), and only for what is still live after.
 *
 * By a constant d (the magic numbers of opt_magic.c):
 *	unsigned 32: mov r11, x * m; shr 32 + s (or t = x*m >> 32; (t + x) >> s)
 *	signed 32:   movsxd r9, x; imul r11, r9, m; sar 32; (+-x); sar s; +sign
 *	unsigned 64: mov rax, m; mul x: rdx = high half; shr s (or the add)
 *	signed 64:   mov rax, m; imul x; (+-x); sar s; +sign
 *	2^k:         shr k, and 2^k - 1; signed: a bias for negative x, sar k
 * and a remainder is x - q * d, with d an imul's immediate.
 */
#include "opt.h"

/* Can this instruction's code use r10 (BPF's AX) as it likes? */
static bool ax_free(const struct opt_prog *opt, const struct bpf_insn *insn, int idx)
{
	return !(opt->live[idx] & REG_BIT(BPF_REG_AX)) && insn->dst_reg != BPF_REG_AX &&
	       insn->src_reg != BPF_REG_AX;
}

/*
 * Saving rax and rdx around code that needs them: what each holds is kept
 * only if some later instruction reads it (live: the registers read
 * after), and never for a register that gets a result (results). r9 takes
 * rax; r10 takes rdx if free (!ax_busy), else the stack. When the divisor
 * was rax or rdx, r11 holds a copy of it already (in_aux: that register,
 * else -1), which the division leaves as it was: no second copy.
 */
struct div_saves {
	bool rax, rdx, rdx_pushed;
	int in_aux;
};

static void save_rax_rdx(u8 **pprog, u16 live, u16 results, bool ax_busy, int in_aux,
			 struct div_saves *sv)
{
	u8 *prog = *pprog;

	live &= ~results;
	sv->in_aux = in_aux;
	sv->rax = live & REG_BIT(BPF_REG_0);
	sv->rdx = live & REG_BIT(BPF_REG_3);
	sv->rdx_pushed = sv->rdx && ax_busy && in_aux != BPF_REG_3;
	if (sv->rax && in_aux != BPF_REG_0)
		EMIT_mov(X86_REG_R9, BPF_REG_0);	/* mov r9, rax */
	if (sv->rdx_pushed)
		EMIT1(0x52);				/* push rdx */
	else if (sv->rdx && in_aux != BPF_REG_3)
		EMIT_mov(BPF_REG_AX, BPF_REG_3);	/* mov r10, rdx */
	*pprog = prog;
}

static void restore_rax_rdx(u8 **pprog, const struct div_saves *sv)
{
	u32 rdx_from = sv->in_aux == BPF_REG_3 ? AUX_REG : BPF_REG_AX;
	u32 rax_from = sv->in_aux == BPF_REG_0 ? AUX_REG : X86_REG_R9;
	u8 *prog = *pprog;

	if (sv->rdx_pushed)
		EMIT1(0x5A);				/* pop rdx */
	else if (sv->rdx)
		EMIT_mov(BPF_REG_3, rdx_from);		/* mov rdx, r10 (or r11) */
	if (sv->rax)
		EMIT_mov(BPF_REG_0, rax_from);		/* mov rax, r9 (or r11) */
	*pprog = prog;
}

/* div/idiv: by a register (or a constant left to the CPU). */
static void emit_div_reg(u8 **pprog, const struct opt_prog *opt,
			 const struct bpf_insn *insn, int idx)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64, is_signed = insn->off == 1;
	u32 dst = insn->dst_reg, div = insn->src_reg, res;
	struct div_saves sv;
	int in_aux = -1;
	u8 *prog = *pprog;

	if (BPF_SRC(insn->code) == BPF_K) {
		/* mov r11, imm32 (sign-extended, as BPF extends it) */
		EMIT3_off32(0x49, 0xC7, 0xC3, insn->imm);
		div = AUX_REG;
	} else if (div == BPF_REG_0 || div == BPF_REG_3) {
		EMIT_mov(AUX_REG, div);			/* mov r11, src */
		in_aux = div;
		div = AUX_REG;
	}
	save_rax_rdx(&prog, opt->live[idx], REG_BIT(insn->dst_reg), !ax_free(opt, insn, idx),
		     in_aux, &sv);
	EMIT_mov(BPF_REG_0, dst);			/* mov rax, dst */
	if (is_signed) {
		if (is64)
			EMIT2(0x48, 0x99);		/* cqo */
		else
			EMIT1(0x99);			/* cdq */
	} else {
		EMIT2(0x31, 0xD2);			/* xor edx, edx */
	}
	emit_f7(&prog, is64, is_signed ? X86_IDIV : X86_DIV, div);
	/* div r32 wrote eax and edx, zero-extended: a 64-bit move is exact */
	res = BPF_OP(insn->code) == BPF_DIV ? BPF_REG_0 : BPF_REG_3;
	EMIT_mov(dst, res);
	restore_rax_rdx(&prog, &sv);
	*pprog = prog;
}

/*
 * FUSE_DIVMOD (opt_fuse.c), q /= s and t = a - q * s: one div, whose
 * quotient (rax) goes to q if it is read later (opt->addr[idx].scale) and
 * whose remainder (rdx) goes to t. rax and rdx are saved around it as for
 * a lone division, when what they hold is read after the sequence and is
 * not one of its results.
 */
void opt_emit_divmod(u8 **pprog, const struct opt_prog *opt, const struct bpf_insn *insn,
		     int idx)
{
	const struct opt_addr *f = &opt->addr[idx];
	u32 q = insn->dst_reg, div = insn->src_reg, t = f->base, rem = BPF_REG_3;
	u16 live = opt->live[idx + f->cnt - 1];
	bool write_q = f->scale;
	struct div_saves sv;
	int in_aux = -1;
	u8 *prog = *pprog;

	if (div == BPF_REG_0 || div == BPF_REG_3) {
		EMIT_mov(AUX_REG, div);			/* mov r11, s */
		/* (unless r11 must take the remainder out of q's way, below) */
		if (!(write_q && q == BPF_REG_3))
			in_aux = div;
		div = AUX_REG;
	}
	/* (fuse_divmod() made sure none of the sequence's registers is AX) */
	save_rax_rdx(&prog, live, REG_BIT(t) | (write_q ? REG_BIT(q) : 0),
		     live & REG_BIT(BPF_REG_AX), in_aux, &sv);
	EMIT_mov(BPF_REG_0, q);				/* mov rax, q (= a) */
	EMIT2(0x31, 0xD2);				/* xor edx, edx */
	emit_f7(&prog, f->is64, X86_DIV, div);
	/* (a 32-bit div zero-extends both: 64-bit moves are exact) */
	if (write_q && q == BPF_REG_3) {
		EMIT_mov(AUX_REG, BPF_REG_3);		/* the remainder out of q's way */
		rem = AUX_REG;
	}
	if (write_q)
		EMIT_mov(q, BPF_REG_0);
	EMIT_mov(t, rem);
	restore_rax_rdx(&prog, &sv);
	*pprog = prog;
}

/* dst = dst - q * d, q in register q (clobbered); x is dst's old value's home. */
static void emit_remainder(u8 **pprog, bool is64, u32 dst, u32 x, u32 q, s32 d)
{
	u8 *prog = *pprog;

	emit_imul3(&prog, is64, q, q, d);		/* imul q, q, d */
	emit_alu_rr(&prog, is64, X86_SUB, x, q);	/* sub x, q */
	if (x != dst)
		emit_mov_reg(&prog, is64, dst, x);
	*pprog = prog;
}

/* By 2^k: a shift, a mask, and for signed x a bias that rounds toward 0. */
static void emit_div_pow2(u8 **pprog, bool is64, bool is_signed, bool isdiv,
			  u32 dst, s64 d)
{
	u64 ad = d < 0 ? -(u64)d : (u64)d;
	int k = __builtin_ctzll(ad), bits = is64 ? 64 : 32;
	u8 *prog = *pprog;

	if (!is_signed) {
		if (isdiv)
			emit_shift_imm(&prog, is64, X86_SHR_I, dst, k);
		else	/* the remainder fits 32 bits: and dst32 clears the rest */
			emit_alu_ri(&prog, false, X86_AND_I, dst, (s32)(ad - 1));
		*pprog = prog;
		return;
	}
	/* r11 = x + (x < 0 ? 2^k - 1 : 0) */
	emit_mov_reg(&prog, is64, AUX_REG, dst);
	emit_shift_imm(&prog, is64, X86_SAR_I, AUX_REG, bits - 1);
	emit_shift_imm(&prog, is64, X86_SHR_I, AUX_REG, bits - k);
	emit_alu_rr(&prog, is64, X86_ADD, AUX_REG, dst);
	if (isdiv) {
		emit_shift_imm(&prog, is64, X86_SAR_I, AUX_REG, k);
		if (d < 0)
			emit_f7(&prog, is64, X86_NEG, AUX_REG);
		emit_mov_reg(&prog, is64, dst, AUX_REG);
	} else {
		/* x - ((x + bias) & -2^k): the remainder takes x's sign */
		emit_alu_ri(&prog, is64, X86_AND_I, AUX_REG, (s32)-(s64)ad);
		emit_alu_rr(&prog, is64, X86_SUB, dst, AUX_REG);
	}
	*pprog = prog;
}

/* Unsigned 32-bit, by a multiplication in 64-bit registers: no rax, no rdx. */
static void emit_divu32_magic(u8 **pprog, const struct opt_prog *opt, int idx,
			      bool isdiv, u32 dst, u32 d, const struct div_magic *m)
{
	u32 x = dst;
	u8 *prog = *pprog;

	/* x as a 64-bit number: dst itself if its upper half is known 0 */
	if (!(opt->flags[idx] & OPT_DST_ZX32)) {
		emit_mov_reg(&prog, false, X86_REG_R9, dst);	/* mov r9d, dst32 */
		x = X86_REG_R9;
	}
	if (m->mul < 0x80000000u) {
		emit_imul3(&prog, true, AUX_REG, x, m->mul);	/* imul r11, x, m */
	} else {
		emit_mov_imm32(&prog, false, AUX_REG, m->mul);	/* mov r11d, m */
		emit_imul_reg(&prog, true, AUX_REG, x);		/* imul r11, x */
	}
	if (!m->add) {
		emit_shift_imm(&prog, true, X86_SHR_I, AUX_REG, 32 + m->shift);
	} else {
		emit_shift_imm(&prog, true, X86_SHR_I, AUX_REG, 32);
		emit_alu_rr(&prog, true, X86_ADD, AUX_REG, x);
		if (m->shift)
			emit_shift_imm(&prog, true, X86_SHR_I, AUX_REG, m->shift);
	}
	if (isdiv)
		emit_mov_reg(&prog, false, dst, AUX_REG);	/* mov dst32, r11d */
	else
		emit_remainder(&prog, false, dst, dst, AUX_REG, d);
	*pprog = prog;
}

/* Signed 32-bit: the product of two 32-bit numbers fits a 64-bit register. */
static void emit_divs32_magic(u8 **pprog, bool isdiv, u32 dst, s32 d,
			      const struct div_magic *m)
{
	s64 mul = (s64)m->mul;
	u8 *prog = *pprog;

	emit_movsx_reg(&prog, 32, true, X86_REG_R9, dst);	/* movsxd r9, dst32 */
	emit_imul3(&prog, true, AUX_REG, X86_REG_R9, (s32)mul);	/* imul r11, r9, m */
	emit_shift_imm(&prog, true, X86_SAR_I, AUX_REG, 32);	/* mulhs */
	if (d > 0 && mul < 0)
		emit_alu_rr(&prog, true, X86_ADD, AUX_REG, X86_REG_R9);
	if (d < 0 && mul > 0)
		emit_alu_rr(&prog, true, X86_SUB, AUX_REG, X86_REG_R9);
	if (m->shift)
		emit_shift_imm(&prog, true, X86_SAR_I, AUX_REG, m->shift);
	/* one more if negative: the quotient rounds toward 0 */
	emit_mov_reg(&prog, true, X86_REG_R9, AUX_REG);
	emit_shift_imm(&prog, true, X86_SHR_I, X86_REG_R9, 63);
	emit_alu_rr(&prog, true, X86_ADD, AUX_REG, X86_REG_R9);
	if (isdiv)
		emit_mov_reg(&prog, false, dst, AUX_REG);
	else
		emit_remainder(&prog, false, dst, dst, AUX_REG, d);
	*pprog = prog;
}

/* 64-bit: the high half of a 128-bit product, from mul or imul, in rdx. */
static void emit_div64_magic(u8 **pprog, const struct opt_prog *opt,
			     const struct bpf_insn *insn, int idx, s64 d,
			     const struct div_magic *m)
{
	bool is_signed = insn->off == 1, isdiv = BPF_OP(insn->code) == BPF_DIV;
	u32 dst = insn->dst_reg, x = dst, q = BPF_REG_3;
	struct div_saves sv;
	u8 *prog = *pprog;

	/* x must outlive rax and rdx */
	if (dst == BPF_REG_0 || dst == BPF_REG_3) {
		EMIT_mov(AUX_REG, dst);
		x = AUX_REG;
	}
	/* (r11 is x, which the remainder overwrites: no copy to restore from) */
	save_rax_rdx(&prog, opt->live[idx], REG_BIT(insn->dst_reg), !ax_free(opt, insn, idx),
		     -1, &sv);
	emit_mov_imm64_opt(&prog, BPF_REG_0, m->mul);		/* mov rax, m */
	emit_f7(&prog, true, is_signed ? X86_IMUL : X86_MUL, x);	/* rdx:rax = rax * x */
	if (is_signed) {
		if (d > 0 && (s64)m->mul < 0)
			emit_alu_rr(&prog, true, X86_ADD, BPF_REG_3, x);
		if (d < 0 && (s64)m->mul > 0)
			emit_alu_rr(&prog, true, X86_SUB, BPF_REG_3, x);
		if (m->shift)
			emit_shift_imm(&prog, true, X86_SAR_I, BPF_REG_3, m->shift);
		EMIT_mov(BPF_REG_0, BPF_REG_3);
		emit_shift_imm(&prog, true, X86_SHR_I, BPF_REG_0, 63);
		emit_alu_rr(&prog, true, X86_ADD, BPF_REG_3, BPF_REG_0);
	} else if (!m->add) {
		if (m->shift)
			emit_shift_imm(&prog, true, X86_SHR_I, BPF_REG_3, m->shift);
	} else {
		/* ((x - t) >> 1) + t) >> (s - 1): t + x without a 65th bit */
		EMIT_mov(BPF_REG_0, x);
		emit_alu_rr(&prog, true, X86_SUB, BPF_REG_0, BPF_REG_3);
		emit_shift_imm(&prog, true, X86_SHR_I, BPF_REG_0, 1);
		emit_alu_rr(&prog, true, X86_ADD, BPF_REG_0, BPF_REG_3);
		if (m->shift > 1)
			emit_shift_imm(&prog, true, X86_SHR_I, BPF_REG_0, m->shift - 1);
		q = BPF_REG_0;
	}
	if (isdiv)
		EMIT_mov(dst, q);
	else
		emit_remainder(&prog, true, dst, x, q, (s32)d);
	restore_rax_rdx(&prog, &sv);
	*pprog = prog;
}

int opt_emit_div(u8 **pprog, struct opt_prog *opt, const struct bpf_insn *insn, int idx)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64, is_signed = insn->off == 1;
	bool isdiv = BPF_OP(insn->code) == BPF_DIV;
	u32 dst = insn->dst_reg;
	struct div_magic m;
	u8 *prog = *pprog;
	s64 sd;
	u64 d;

	if (BPF_SRC(insn->code) == BPF_X) {
		emit_div_reg(pprog, opt, insn, idx);
		return 1;
	}
	/* the divisor, as BPF reads imm: sign-extended to 64, or 32 bits */
	d = is64 ? (u64)(s64)insn->imm : (u32)insn->imm;
	sd = is64 ? (s64)insn->imm : (s32)insn->imm;
	if (d == 0 || d == 1 || (is_signed && sd == -1)) {
		/* x / 0 = 0, x % 0 = x; x / 1 = x, x % 1 = 0; x s/ -1 = -x, x s% -1 = 0 */
		if (!isdiv && d != 0)
			emit_mov_imm32(&prog, false, dst, 0);
		else if (isdiv && d == 0)
			emit_mov_imm32(&prog, false, dst, 0);
		else if (isdiv && d != 1)
			emit_f7(&prog, is64, X86_NEG, dst);
		else if (!is64)
			emit_mov_reg(&prog, false, dst, dst);	/* zero-extend */
		*pprog = prog;
		return 1;
	}
	if (is_signed) {
		u64 ad = sd < 0 ? -(u64)sd : (u64)sd;

		if (!(ad & (ad - 1)))
			emit_div_pow2(&prog, is64, true, isdiv, dst, sd);
		else if (div_magic_signed(sd, is64 ? 64 : 32, &m))
			emit_div_reg(&prog, opt, insn, idx);
		else if (is64)
			emit_div64_magic(&prog, opt, insn, idx, sd, &m);
		else
			emit_divs32_magic(&prog, isdiv, dst, sd, &m);
	} else {
		if (!(d & (d - 1)))
			emit_div_pow2(&prog, is64, false, isdiv, dst, d);
		else if (div_magic_unsigned(d, is64 ? 64 : 32, &m))
			emit_div_reg(&prog, opt, insn, idx);	/* d > 2^63: rare */
		else if (is64)
			emit_div64_magic(&prog, opt, insn, idx, d, &m);
		else
			emit_divu32_magic(&prog, opt, idx, isdiv, dst, d, &m);
	}
	*pprog = prog;
	return 1;
}
