// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/tnum.c, Linux v5.8 (tnum_mul() as Linux 5.13 has it);
 * written afresh. Chapter 03 has tnum_add(), tnum_range(), tnum_intersect()
 * and tnum_strn(); here are the rest.
 *
 * A tnum is a number of which some bits are known (mask 0, the bit in
 * value) and some are not (mask 1). Every operation gives a tnum that holds
 * every result the operation can have on any values its operands hold:
 * that is all the verifier needs of it.
 */
#include "verifier.h"

#define TNUM(_v, _m)	(struct tnum){.value = _v, .mask = _m}

/* Shifting moves known and unknown bits alike; zeros come in. */
struct tnum tnum_lshift(struct tnum a, u8 shift)
{
	a.value <<= shift;
	a.mask <<= shift;
	return a;
}

struct tnum tnum_rshift(struct tnum a, u8 shift)
{
	a.value >>= shift;
	a.mask >>= shift;
	return a;
}

/*
 * An arithmetic shift copies the sign bit in: an unknown sign bit makes
 * every bit shifted in unknown, which shifting the mask arithmetically
 * does too.
 */
struct tnum tnum_arshift(struct tnum a, u8 min_shift, u8 insn_bitness)
{
	s32 low_value = (s32)a.value, low_mask = (s32)a.mask;

	if (insn_bitness == 32)
		return TNUM((u32)(low_value >> min_shift), (u32)(low_mask >> min_shift));
	a.value = (u64)((s64)a.value >> min_shift);
	a.mask = (u64)((s64)a.mask >> min_shift);
	return a;
}

/*
 * a - b: the smallest and the largest result differ in every bit a borrow
 * can reach; those, and the bits unknown in either, are unknown.
 */
struct tnum tnum_sub(struct tnum a, struct tnum b)
{
	u64 dv = a.value - b.value;
	u64 alpha = dv + a.mask, beta = dv - b.mask;
	u64 mu = (alpha ^ beta) | a.mask | b.mask;

	return TNUM(dv & ~mu, mu);
}

/* A bit of a & b is known 1 if both are, known 0 if either is. */
struct tnum tnum_and(struct tnum a, struct tnum b)
{
	u64 alpha = a.value | a.mask, beta = b.value | b.mask;
	u64 v = a.value & b.value;

	return TNUM(v, alpha & beta & ~v);
}

/* A bit of a | b is known 1 if either is, known 0 if both are. */
struct tnum tnum_or(struct tnum a, struct tnum b)
{
	u64 v = a.value | b.value, mu = a.mask | b.mask;

	return TNUM(v, mu & ~v);
}

/* A bit of a ^ b is known only where both are. */
struct tnum tnum_xor(struct tnum a, struct tnum b)
{
	u64 v = a.value ^ b.value, mu = a.mask | b.mask;

	return TNUM(v & ~mu, mu);
}

/*
 * Long multiplication, one bit of a at a time: a known 1 adds b (whose
 * unknown bits stay unknown), an unknown bit adds "b or nothing" (every bit
 * b may have set is unknown), a known 0 adds nothing. The known product of
 * the known parts is added last. (Linux 5.13's algorithm; v5.8 multiplied
 * the halves, with a less precise result.)
 */
struct tnum tnum_mul(struct tnum a, struct tnum b)
{
	u64 known = a.value * b.value;
	struct tnum unknown = TNUM(0, 0);

	for (; a.value | a.mask; a = tnum_rshift(a, 1), b = tnum_lshift(b, 1)) {
		u64 maybe;

		if (a.value & 1)
			maybe = b.mask;
		else if (a.mask & 1)
			maybe = b.value | b.mask;
		else
			continue;
		unknown = tnum_add(unknown, TNUM(0, maybe));
	}
	return tnum_add(TNUM(known, 0), unknown);
}

/* The low `size` bytes; everything above is known 0. */
struct tnum tnum_cast(struct tnum a, u8 size)
{
	u64 keep = size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;

	return TNUM(a.value & keep, a.mask & keep);
}

/* Is every value a may hold a multiple of size (a power of 2)? The bits
 * below size must all be known zeros.
 */
bool tnum_is_aligned(struct tnum a, u64 size)
{
	return !size || !((a.value | a.mask) & (size - 1));
}

/* Does a hold every value b holds? b knows at least what a knows, and
 * agrees with it there.
 */
bool tnum_in(struct tnum a, struct tnum b)
{
	return !(b.mask & ~a.mask) && (b.value & ~a.mask) == a.value;
}

/* The low 32 bits (the subregister), the high 32, a new low half. */
struct tnum tnum_subreg(struct tnum a)
{
	return TNUM((u32)a.value, (u32)a.mask);
}

struct tnum tnum_clear_subreg(struct tnum a)
{
	return TNUM(a.value & ~0xffffffffULL, a.mask & ~0xffffffffULL);
}

struct tnum tnum_const_subreg(struct tnum a, u32 value)
{
	u64 high = a.value & ~0xffffffffULL;

	return TNUM(high | value, a.mask & ~0xffffffffULL & ~high);
}
