// SPDX-License-Identifier: GPL-2.0
/*
 * Sequences of BPF instructions that one x86 instruction does.
 *
 * Ours. BPF has two-operand arithmetic and [reg + off] addresses, so a C
 * expression like `data[i]` or `x * 5` arrives as a copy and an update:
 *
 *	r5 = r1; r5 += r3; r5 = *(u8 *)(r5 + 0)	movzx r8d, byte [rdi + rdx]
 *	r3 = r1; r3 += 2048				lea rdx, [rdi + 0x800]
 *	w6 = w2; w6 *= 5				lea esi, [rdx + rdx*4]
 *	w0 = w2; w0 *= 0x16a88000			imul eax, esi, 0x16a88000
 *	r1 <<= 32; r1 >>= 32				mov edi, edi
 *	w5 = w2; w5 >>= 19; w2 <<= 13; w2 |= w5	rol esi, 13
 *	w0 = w2; w0 *= m << 15; w2 *= m;
 *	w2 >>= 17; w2 |= w0			imul esi, esi, m; rol esi, 15
 *	r8 = *(u8 *)(r3 + 0); w8 |= w0;
 *	*(u8 *)(r3 + 0) = r8			or byte [rdx], al
 *	w8 /= w0; w8 *= w0; w6 = w7; w6 -= w8	div: the remainder is in edx
 *
 * x86's three-operand forms (lea, imul r, r/m, imm) and its base + index
 * addresses take the copy for free. A sequence is fused only where nothing
 * can see it half done: no jump lands inside it, and a register it leaves
 * changed is one the program reads no more (opt->live, opt_live.c). The
 * head carries the fusion (opt->fuse, opt->addr); the others are marked
 * OPT_FUSED and emit nothing.
 */
#include "opt.h"

/* Insn j can be folded into the sequence before it. */
static bool plain(const struct opt_prog *opt, u32 j)
{
	return j < opt->len &&
	       !(opt->flags[j] & (OPT_DEAD | OPT_NOP | OPT_FUSED | OPT_TARGET | OPT_IMM64_HI));
}

static bool live_after(const struct opt_prog *opt, u32 j, u8 reg)
{
	return opt->live[j] & REG_BIT(reg);
}

/*
 * The sums register t holds after the instructions from i: a copy `t = a`
 * or an addition `t += b`, then additions (or subtractions) of constants
 * or one more register; all 64-bit (or all 32-bit). pre[c - 1] is the sum
 * after c of them (its cnt: c); returns how many there are, 0 to 3.
 */
static int collect_sums(const struct opt_prog *opt, u32 i, bool is64,
			struct opt_addr pre[3])
{
	const struct bpf_insn *insn = &opt->insns[i];
	u8 cls = is64 ? BPF_ALU64 : BPF_ALU, t = insn->dst_reg;
	struct opt_addr a = { .base = -1, .index = -1, .is64 = is64, .cnt = 1 };
	s64 disp = 0;

	if (insn->code == (cls | BPF_MOV | BPF_X) && !insn->off && insn->src_reg != t) {
		a.base = insn->src_reg;
	} else if (insn->code == (cls | BPF_ADD | BPF_X)) {
		a.base = t;
		a.index = insn->src_reg;
	} else {
		return 0;
	}
	pre[0] = a;
	while (a.cnt < 3 && plain(opt, i + a.cnt)) {
		insn = &opt->insns[i + a.cnt];
		if (insn->dst_reg != t)
			break;
		if (insn->code == (cls | BPF_ADD | BPF_K))
			disp += insn->imm;
		else if (insn->code == (cls | BPF_SUB | BPF_K))
			disp -= insn->imm;
		else if (insn->code == (cls | BPF_ADD | BPF_X) && a.index < 0 &&
			 insn->src_reg != t)
			a.index = insn->src_reg;
		else
			break;
		if (disp != (s32)disp)
			break;
		a.disp = disp;
		pre[a.cnt++] = a;
		pre[a.cnt - 1].cnt = a.cnt;
	}
	return a.cnt;
}

/*
 *	v = *(size *)(a + off); v op= s; *(size *)(a + off) = v
 * at j..j + 2, with v read no more: op [a + off], s, one read-modify-write
 * (what gcc makes of `*p |= s`). Exact for add, sub, and, or and xor: the
 * low bits of their result depend only on the low bits of the operands.
 * A 32-bit operation would clear the upper half of a 64-bit value: not on
 * a DW. (Not when s is v: v op= v is not op [mem], [mem].)
 */
static bool rmw_at(const struct opt_prog *opt, u32 j, u8 a)
{
	const struct bpf_insn *ld = &opt->insns[j], *alu = ld + 1, *st = ld + 2;
	u8 v = ld->dst_reg, cls = BPF_CLASS(alu->code), op = BPF_OP(alu->code);

	if (ld->code != (BPF_LDX | BPF_MEM | BPF_SIZE(ld->code)) || ld->src_reg != a || v == a ||
	    !plain(opt, j + 1) || !plain(opt, j + 2))
		return false;
	if ((cls != BPF_ALU64 && (cls != BPF_ALU || BPF_SIZE(ld->code) == BPF_DW)) ||
	    alu->dst_reg != v || alu->off ||
	    (op != BPF_ADD && op != BPF_SUB && op != BPF_AND && op != BPF_OR && op != BPF_XOR) ||
	    (BPF_SRC(alu->code) == BPF_X && alu->src_reg == v))
		return false;
	return st->code == (BPF_STX | BPF_MEM | BPF_SIZE(ld->code)) && st->dst_reg == a &&
	       st->src_reg == v && st->off == ld->off && !live_after(opt, j + 2, v);
}

/* A read-modify-write through a register: op [a + off], s. */
static bool fuse_rmw(struct opt_prog *opt, u32 i)
{
	const struct bpf_insn *ld = &opt->insns[i];

	if (!rmw_at(opt, i, ld->src_reg))
		return false;
	opt->fuse[i] = FUSE_RMW;
	opt->addr[i] = (struct opt_addr){ .base = ld->src_reg, .index = -1, .disp = ld->off,
					  .cnt = 3, .is64 = true };
	return true;
}

/* What kind of memory access insn j is, with its address in register t
 * about to be forgotten; FUSE_NONE if it is not one that can take a sum.
 */
static enum opt_fuse mem_kind(const struct opt_prog *opt, u32 j, u8 t)
{
	const struct bpf_insn *mem = &opt->insns[j];
	u8 cls = BPF_CLASS(mem->code);

	if (BPF_MODE(mem->code) != BPF_MEM)
		return FUSE_NONE;
	/* (t is never computed: the operation must not read it) */
	if (cls == BPF_LDX && rmw_at(opt, j, t) && !live_after(opt, j + 2, t) &&
	    (BPF_SRC(mem[1].code) == BPF_K || mem[1].src_reg != t))
		return FUSE_RMW;
	if (cls == BPF_LDX && mem->src_reg == t &&
	    (mem->dst_reg == t || !live_after(opt, j, t)))
		return FUSE_LDX;
	if (cls == BPF_STX && mem->dst_reg == t && mem->src_reg != t &&
	    !live_after(opt, j, t))
		return FUSE_STX;
	if (cls == BPF_ST && mem->dst_reg == t && !live_after(opt, j, t))
		return FUSE_ST;
	return FUSE_NONE;
}

/*
 * A sum folded into the address of the load or store after it (the
 * longest such sum: the most instructions saved); else, a sum of two or
 * three instructions into one lea.
 */
static bool fuse_sum(struct opt_prog *opt, u32 i)
{
	const struct bpf_insn *head = &opt->insns[i];
	struct opt_addr pre[3];
	enum opt_fuse kind;
	int c, n;
	s64 disp;

	n = BPF_CLASS(head->code) == BPF_ALU64 ? collect_sums(opt, i, true, pre) : 0;
	for (c = n; c >= 1; c--) {
		if (!plain(opt, i + c))
			continue;
		kind = mem_kind(opt, i + c, head->dst_reg);
		disp = (s64)pre[c - 1].disp + opt->insns[i + c].off;
		if (kind == FUSE_NONE || disp != (s32)disp)
			continue;
		opt->fuse[i] = kind;
		opt->addr[i] = pre[c - 1];
		opt->addr[i].disp = disp;
		opt->addr[i].cnt = c + (kind == FUSE_RMW ? 3 : 1);
		return true;
	}
	if (BPF_CLASS(head->code) == BPF_ALU)
		n = collect_sums(opt, i, false, pre);
	/* t += b alone is an add; t += b; t += k is lea t, [t + b + k] */
	if (n < 2)
		return false;
	opt->fuse[i] = FUSE_LEA;
	opt->addr[i] = pre[n - 1];
	return true;
}

/*
 *	x <<= s; t = a; t += k; t += x		(s: 1, 2 or 3; x read no more)
 * The shift becomes the scale of x in the sum's address, [a + x * 2^s + k],
 * whether the sum is a lea or the address of the access after it: the
 * corpus's histogram indexes its u32 buckets so, `hist[b & 63]`.
 */
static bool fuse_scaled(struct opt_prog *opt, u32 i)
{
	const struct bpf_insn *sh = &opt->insns[i];
	u8 x = sh->dst_reg;
	struct opt_addr a;
	u32 j;

	if (sh->code != (BPF_ALU64 | BPF_LSH | BPF_K) || sh->off || sh->imm < 1 || sh->imm > 3 ||
	    !plain(opt, i + 1) || opt->insns[i + 1].dst_reg == x || !fuse_sum(opt, i + 1))
		return false;
	a = opt->addr[i + 1];
	/* x the index, once, of a 64-bit sum, and read by nothing after its add */
	for (j = i + 1; j < i + 1 + a.cnt; j++)
		if (opt->insns[j].code == (BPF_ALU64 | BPF_ADD | BPF_X) &&
		    opt->insns[j].src_reg == x)
			break;
	if (a.index != x || a.base == x || a.scale || !a.is64 || j == i + 1 + a.cnt ||
	    live_after(opt, j, x)) {
		opt->fuse[i + 1] = FUSE_NONE;
		return false;
	}
	opt->fuse[i] = opt->fuse[i + 1];
	opt->fuse[i + 1] = FUSE_NONE;
	opt->addr[i] = a;
	opt->addr[i].scale = sh->imm;
	opt->addr[i].cnt = a.cnt + 1;
	return true;
}

/*
 * After a product t * k at insn j (k: 3, 5 or 9, a lea's): a constant added
 * to t, or subtracted, goes into the lea's displacement. 1 if it did.
 */
static int add_disp(const struct opt_prog *opt, u32 j, u8 cls, u8 t, struct opt_addr *a)
{
	const struct bpf_insn *add = &opt->insns[j + 1];
	s64 disp;

	if (!plain(opt, j + 1) || add->dst_reg != t || add->off ||
	    (add->code != (cls | BPF_ADD | BPF_K) && add->code != (cls | BPF_SUB | BPF_K)))
		return 0;
	disp = BPF_OP(add->code) == BPF_ADD ? (s64)add->imm : -(s64)add->imm;
	if (disp != (s32)disp)
		return 0;
	a->disp = disp;
	return 1;
}

/*
 * t = a; t *= k: lea t, [a + a * (k - 1)] for 3, 5 and 9 (one cycle),
 * else imul t, a, k (three). Powers of two stay a copy and a shift.
 * A constant added after a lea's product goes into it: t = a; t *= 5;
 * t += c is lea t, [a + a*4 + c], and so is t *= 5; t += c in place
 * (murmur3's h = h * 5 + 0xe6546b64, on the path from one round to the
 * next).
 */
static bool fuse_mul(struct opt_prog *opt, u32 i)
{
	const struct bpf_insn *mov = &opt->insns[i], *mul = mov + 1;
	u8 cls = BPF_CLASS(mov->code);
	struct opt_addr a;
	s32 k;

	if (mov->code == (cls | BPF_MUL | BPF_K) && !mov->off &&
	    (mov->imm == 3 || mov->imm == 5 || mov->imm == 9)) {
		/* in place: only with the constant, else opt_alu.c's lea is as good */
		a = (struct opt_addr){ .base = mov->dst_reg, .index = mov->dst_reg,
				       .scale = mov->imm == 3 ? 1 : mov->imm == 5 ? 2 : 3,
				       .is64 = cls == BPF_ALU64 };
		if (!add_disp(opt, i, cls, mov->dst_reg, &a))
			return false;
		a.cnt = 2;
		opt->fuse[i] = FUSE_LEA;
		opt->addr[i] = a;
		return true;
	}
	if (mov->code != (cls | BPF_MOV | BPF_X) || mov->off || mov->src_reg == mov->dst_reg ||
	    !plain(opt, i + 1) || mul->code != (cls | BPF_MUL | BPF_K) ||
	    mul->dst_reg != mov->dst_reg)
		return false;
	k = mul->imm;
	if (k == 3 || k == 5 || k == 9) {
		a = (struct opt_addr){
			.base = mov->src_reg, .index = mov->src_reg,
			.scale = k == 3 ? 1 : k == 5 ? 2 : 3,
			.is64 = cls == BPF_ALU64,
		};
		a.cnt = 2 + add_disp(opt, i + 1, cls, mov->dst_reg, &a);
		opt->fuse[i] = FUSE_LEA;
		opt->addr[i] = a;
		return true;
	}
	if (k >= -1 && k <= 1)
		return false;
	if ((k > 0 || cls == BPF_ALU) && !((u32)k & ((u32)k - 1)))
		return false;	/* a power of two (0x80000000 too, in 32 bits) */
	opt->fuse[i] = FUSE_IMUL3;
	opt->addr[i] = (struct opt_addr){ .base = mov->src_reg, .index = -1,
					  .disp = k, .cnt = 2, .is64 = cls == BPF_ALU64 };
	return true;
}

/* r <<= 32; r >>= 32: mov r32, r32 */
static bool fuse_zext(struct opt_prog *opt, u32 i)
{
	const struct bpf_insn *lsh = &opt->insns[i], *rsh = lsh + 1;

	if (lsh->code != (BPF_ALU64 | BPF_LSH | BPF_K) || lsh->imm != 32 ||
	    !plain(opt, i + 1) || rsh->code != (BPF_ALU64 | BPF_RSH | BPF_K) ||
	    rsh->imm != 32 || rsh->dst_reg != lsh->dst_reg)
		return false;
	opt->fuse[i] = FUSE_ZEXT;
	opt->addr[i] = (struct opt_addr){ .cnt = 2 };
	return true;
}

/*
 * t = x; t >>= n - k; x <<= k; x |= t   (or t <<= k; x >>= n - k): rol x, k
 * where n is the width, and t is read no more.
 */
static bool fuse_rol(struct opt_prog *opt, u32 i)
{
	const struct bpf_insn *mov = &opt->insns[i], *s1 = mov + 1, *s2 = mov + 2, *or = mov + 3;
	u8 cls = BPF_CLASS(mov->code), t = mov->dst_reg, x = mov->src_reg;
	int n = cls == BPF_ALU64 ? 64 : 32, k;

	if (mov->code != (cls | BPF_MOV | BPF_X) || mov->off || t == x ||
	    !plain(opt, i + 1) || !plain(opt, i + 2) || !plain(opt, i + 3))
		return false;
	if (s1->dst_reg != t || s2->dst_reg != x || or->code != (cls | BPF_OR | BPF_X) ||
	    or->dst_reg != x || or->src_reg != t || live_after(opt, i + 3, t))
		return false;
	if (s1->code == (cls | BPF_RSH | BPF_K) && s2->code == (cls | BPF_LSH | BPF_K))
		k = s2->imm;		/* x << k | x >> (n - k) */
	else if (s1->code == (cls | BPF_LSH | BPF_K) && s2->code == (cls | BPF_RSH | BPF_K))
		k = s1->imm;		/* x >> (n - k) | x << k */
	else
		return false;
	if (k <= 0 || k >= n || s1->imm + s2->imm != n)
		return false;
	opt->fuse[i] = FUSE_ROL;
	opt->addr[i] = (struct opt_addr){ .disp = k, .cnt = 4, .is64 = n == 64 };
	return true;
}

/* Can insn head a sequence: a copy or an addition of a register, a shift, a division? */
static bool may_head(const struct bpf_insn *insn)
{
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	if (insn->code == (BPF_LDX | BPF_MEM | BPF_SIZE(insn->code)))
		return true;	/* a read-modify-write */
	if (cls != BPF_ALU && cls != BPF_ALU64)
		return false;
	if (BPF_SRC(insn->code) == BPF_X)
		return op == BPF_MOV || op == BPF_ADD || op == BPF_DIV;
	return op == BPF_LSH || op == BPF_MUL;
}

/* Insn j is `dst = src` (a register copy), of class cls. */
static bool is_copy(const struct bpf_insn *insn, u8 cls)
{
	return insn->code == (cls | BPF_MOV | BPF_X) && !insn->off;
}

/*
 * The verifier's guard before `q /= s` (chapter 03: div_mod_guard()), at
 * g..g + 2: `if s != 0 goto +2; q ^= q; goto +1`, x / 0 = 0 on the way
 * round. 1: the guard, live; 2: one the known bits decided (`goto +2`, the
 * rest dead); 0: none.
 */
static int div_guard_at(const struct opt_prog *opt, u32 g, u8 cls, u8 q, u8 s)
{
	const struct bpf_insn *jne = &opt->insns[g], *zero = jne + 1, *ja = jne + 2;
	u8 jcls = cls == BPF_ALU64 ? BPF_JMP : BPF_JMP32;

	if ((opt->flags[g] & OPT_DEAD) || jne->off != 2)
		return 0;
	if (jne->code == (BPF_JMP | BPF_JA))
		return (opt->flags[g + 1] & OPT_DEAD) && (opt->flags[g + 2] & OPT_DEAD) ? 2 : 0;
	if (jne->code != (jcls | BPF_JNE | BPF_K) || jne->dst_reg != s || jne->imm)
		return 0;
	if ((opt->flags[g + 1] | opt->flags[g + 2]) & (OPT_DEAD | OPT_FUSED))
		return 0;
	/* (the verifier zeroes q with a 32-bit xor for both widths) */
	return (zero->code == (BPF_ALU | BPF_XOR | BPF_X) || zero->code == (cls | BPF_XOR | BPF_X)) &&
	       zero->dst_reg == q && zero->src_reg == q &&
	       ja->code == (BPF_JMP | BPF_JA) && ja->off == 1;
}

/*
 * A division and a remainder of the same operands, as clang writes
 * `a / s` and `a % s` for BPF (a remainder is expanded into a division, a
 * multiplication and a subtraction; a lone one too):
 *	q = a; [guard]; q /= s; [m = q;] m *= s; [t = a;] t -= m
 * x86's div leaves the quotient in rax and the remainder, a - q * s, in
 * rdx: one div, the quotient moved to q if read later, the remainder to
 * t (opt_emit_divmod()). Nothing may land inside but the guard's own
 * jumps, and m (or q, multiplied in place) is read no more. The guard's
 * way round for s = 0 skipped to the multiplication, where q = 0 made the
 * product 0 and t = a (x % 0 = x); it now sets t = a itself and skips
 * the whole sequence, which needs q unread after (where it would be 0).
 */
static bool fuse_divmod(struct opt_prog *opt, u32 k)
{
	struct bpf_insn *insns = opt->insns;
	const struct bpf_insn *div = &insns[k];
	u8 cls = BPF_CLASS(div->code), q = div->dst_reg, s = div->src_reg, m = q, t, a;
	u32 j = k + 1, p, end, n;
	int guard = 0;
	bool q_read, set_t;

	if (div->code != (cls | BPF_DIV | BPF_X) || div->off || q == s)
		return false;
	if (j < opt->len && is_copy(&insns[j], cls) && insns[j].src_reg == q &&
	    insns[j].dst_reg != q)
		m = insns[j++].dst_reg;
	if (j >= opt->len || insns[j].code != (cls | BPF_MUL | BPF_X) || insns[j].dst_reg != m ||
	    insns[j].src_reg != s || m == s)
		return false;
	j++;
	if (j + 1 < opt->len && is_copy(&insns[j], cls) &&
	    insns[j + 1].code == (cls | BPF_SUB | BPF_X) &&
	    insns[j + 1].dst_reg == insns[j].dst_reg && insns[j + 1].src_reg == m) {
		t = insns[j].dst_reg;
		a = insns[j].src_reg;
		j += 2;
	} else if (j < opt->len && insns[j].code == (cls | BPF_SUB | BPF_X) &&
		   insns[j].src_reg == m) {
		t = a = insns[j++].dst_reg;
	} else {
		return false;
	}
	end = j;
	if (a == q || a == m || t == q || t == m || a == BPF_REG_AX || t == BPF_REG_AX ||
	    q == BPF_REG_AX || s == BPF_REG_AX || m == BPF_REG_AX)
		return false;
	for (j = k; j < end; j++)
		if (opt->flags[j] & (OPT_DEAD | OPT_NOP | OPT_FUSED | OPT_IMM64_HI))
			return false;
	/* what is read after: m never (nor q multiplied in place), q as the quotient */
	if (live_after(opt, end - 1, m))
		return false;
	q_read = m != q && live_after(opt, end - 1, q);
	/* the dividend: q = a right before (the guard between) */
	if (k >= 4)
		guard = div_guard_at(opt, k - 3, cls, q, s);
	p = guard ? k - 4 : k - 1;
	if (k < 1 || !is_copy(&insns[p], cls) || insns[p].dst_reg != q ||
	    insns[p].src_reg != a || (opt->flags[p] & (OPT_DEAD | OPT_IMM64_HI)))
		return false;
	/* the way round sets t = a: a 32-bit t -= 0 still zero-extends t */
	set_t = guard == 1 && (t != a || cls == BPF_ALU);
	if (set_t && q_read)
		return false;	/* the way round would have two registers to set */
	/* no jump lands after p and inside the sequence, but the guard's */
	for (n = 0; n < opt->nr_jumps; n++) {
		u32 i = opt->jumps[n];
		s64 to = opt_jump_target(opt, i);

		if (to <= p || to >= end)
			continue;
		if (guard && i == k - 3 && to == k)
			continue;
		if (guard == 1 && i == k - 1 && to == k + 1)
			continue;
		return false;
	}
	if (guard == 1) {
		/* s = 0: t = a, and on past the sequence */
		if (set_t) {
			insns[k - 2] = (struct bpf_insn){ .code = cls | BPF_MOV | BPF_X,
							  .dst_reg = t, .src_reg = a };
			opt->flags[k - 2] = 0;
		}
		insns[k - 1].off = end - k;
	}
	opt->fuse[k] = FUSE_DIVMOD;
	opt->addr[k] = (struct opt_addr){ .base = t, .index = -1, .scale = q_read,
					  .cnt = end - k, .is64 = cls == BPF_ALU64 };
	return true;
}

/*
 * A rotate of a product, as clang writes rotl(x * m, k) for a target with
 * no rotate, x * m computed twice:
 *	t = x; t *= m << k; x *= m; x >>= n - k; x |= t	(or x += t)
 * is imul x, x, m; rol x, k, when t is read no more: x * (m << k) is
 * (x * m) << k, and the two halves have no bit in common.
 */
static bool fuse_rolmul(struct opt_prog *opt, u32 i)
{
	const struct bpf_insn *mov = &opt->insns[i], *m1 = mov + 1, *m2 = mov + 2,
			      *sh = mov + 3, *or = mov + 4;
	u8 cls = BPF_CLASS(mov->code), t = mov->dst_reg, x = mov->src_reg;
	bool is64 = cls == BPF_ALU64;
	int n = is64 ? 64 : 32, k;
	u64 mask = is64 ? ~0ULL : U32_MAX, k1, k2;

	if (mov->code != (cls | BPF_MOV | BPF_X) || mov->off || t == x || i + 4 >= opt->len)
		return false;
	if (m1->code != (cls | BPF_MUL | BPF_K) || m1->dst_reg != t ||
	    m2->code != (cls | BPF_MUL | BPF_K) || m2->dst_reg != x ||
	    sh->code != (cls | BPF_RSH | BPF_K) || sh->dst_reg != x ||
	    (or->code != (cls | BPF_OR | BPF_X) && or->code != (cls | BPF_ADD | BPF_X)) ||
	    or->dst_reg != x || or->src_reg != t || live_after(opt, i + 4, t))
		return false;
	if (sh->imm <= 0 || sh->imm >= n)
		return false;
	for (int j = 1; j <= 4; j++)
		if (!plain(opt, i + j))
			return false;
	k = n - sh->imm;
	/* the multipliers as BPF reads them: imm sign-extended in 64 bits */
	k1 = (u64)(s64)m1->imm & mask;
	k2 = (u64)(s64)m2->imm & mask;
	if (((k2 << k) & mask) != k1)
		return false;
	opt->fuse[i] = FUSE_ROLMUL;
	opt->addr[i] = (struct opt_addr){ .base = x, .disp = m2->imm, .scale = k, .cnt = 5,
					  .is64 = is64 };
	return true;
}

void opt_find_fusions(struct opt_prog *opt)
{
	bool moved = false;
	u32 i, k;

	for (i = 0; i < opt->len; i++) {
		if ((opt->flags[i] & (OPT_DEAD | OPT_NOP | OPT_IMM64_HI)) ||
		    !may_head(&opt->insns[i]))
			continue;
		if (!fuse_rolmul(opt, i) && !fuse_rol(opt, i) && !fuse_scaled(opt, i) &&
		    !fuse_sum(opt, i) &&
		    !fuse_mul(opt, i) && !fuse_zext(opt, i) && !fuse_rmw(opt, i) &&
		    !((opt->steps & BPF_JIT_OPT_DIV) && fuse_divmod(opt, i)))
			continue;
		for (k = 1; k < opt->addr[i].cnt; k++)
			opt->flags[i + k] |= OPT_FUSED;
		moved |= opt->fuse[i] == FUSE_DIVMOD;
		i += opt->addr[i].cnt - 1;
	}
	if (moved)	/* a guard's way round now lands past its division */
		opt_remark_targets(opt);
}
