/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The check constant blinding exists for: no immediate the loader chose
 * appears anywhere in the JIT image. Header-only and test-side: chapter 05's
 * tests include it, and so do chapter 06's, which have a JIT image to hand:
 *
 *	#include "../05-blinding/blind_check.h"
 *
 * Which immediates are checked. Every immediate blinding rewrites
 * (bpf_jit_blind_insn()) whose four little-endian bytes the x86-64 JIT
 * would otherwise write verbatim:
 *   - ALU32/ALU64 ADD SUB AND OR XOR MUL MOV DIV MOD with K, JMP/JMP32
 *     conditional jumps with K, ST W/DW, both halves of an ld_imm64;
 *   - but only values outside [-128, 127]: the JIT encodes those as imm8
 *     (`add rax, 1` is 48 83 c0 01), so four bytes of them are not in an
 *     unblinded image either, and a search for 01 00 00 00 would match
 *     jump displacements and stack offsets by chance.
 * Not checked, because blinding leaves them or they are not the loader's:
 *   - MOV K 0 (becomes `xor dst, dst`: no constant at all);
 *   - shift counts (LSH/RSH/ARSH K: 0..63, an imm8), END/BSWAP widths;
 *   - ST B and ST H (only 1 or 2 bytes reach the image, too short to search
 *     for; they are rewritten into STX like the other sizes);
 *   - instruction offsets (`off`: jump displacements and memory offsets
 *     are recomputed by the JIT), helper ids and bpf-to-bpf call offsets
 *     (they become call rel32 to an address the kernel picks), atomic
 *     operation codes;
 *   - the half of an ld_imm64 that is zero, and an ld_imm64 of a
 *     subprogram's address (BPF_PSEUDO_FUNC);
 *   - instructions that use AX already (put there by the kernel).
 */
#ifndef _BLIND_CHECK_H
#define _BLIND_CHECK_H

#include <stdio.h>
#include <string.h>

#include "linux/filter.h"

#ifndef BPF_PSEUDO_FUNC
#define BPF_PSEUDO_FUNC		4
#endif

struct blind_check_imm {
	u32 insn;	/* index in the original program */
	u32 value;	/* the four bytes, as a little-endian u32 */
};

static inline bool blind_check_wide(s32 v)
{
	return v < -128 || v > 127;
}

/* The immediates of insns[0..len) that must not reach a blinded image. */
static inline u32 blind_check_collect(const struct bpf_insn *insns, u32 len,
				      struct blind_check_imm *out, u32 max)
{
	u32 i, n = 0;

#define BLIND_CHECK_ADD(idx, v)						\
	do {								\
		if (blind_check_wide(v) && n < max)			\
			out[n++] = (struct blind_check_imm){ idx, (u32)(v) }; \
	} while (0)

	for (i = 0; i < len; i++) {
		const struct bpf_insn *insn = &insns[i];
		u8 code = insn->code, cls = BPF_CLASS(code), op = BPF_OP(code);

		if (insn->dst_reg == BPF_REG_AX || insn->src_reg == BPF_REG_AX)
			continue;
		if (code == (BPF_LD | BPF_IMM | BPF_DW)) {
			if (i + 1 < len && insn->src_reg != BPF_PSEUDO_FUNC) {
				BLIND_CHECK_ADD(i, insn[0].imm);
				BLIND_CHECK_ADD(i, insn[1].imm);
			}
			i++;
			continue;
		}
		if ((cls == BPF_ALU || cls == BPF_ALU64) && BPF_SRC(code) == BPF_K &&
		    (op == BPF_ADD || op == BPF_SUB || op == BPF_AND ||
		     op == BPF_OR || op == BPF_XOR || op == BPF_MUL ||
		     op == BPF_MOV || op == BPF_DIV || op == BPF_MOD))
			BLIND_CHECK_ADD(i, insn->imm);
		else if ((cls == BPF_JMP || cls == BPF_JMP32) &&
			 BPF_SRC(code) == BPF_K && op != BPF_JA &&
			 op != BPF_CALL && op != BPF_EXIT)
			BLIND_CHECK_ADD(i, insn->imm);
		else if (cls == BPF_ST && BPF_MODE(code) == BPF_MEM &&
			 (BPF_SIZE(code) == BPF_W || BPF_SIZE(code) == BPF_DW))
			BLIND_CHECK_ADD(i, insn->imm);
	}
#undef BLIND_CHECK_ADD
	return n;
}

/* The first byte offset of value's four bytes in image, or -1. */
static inline long blind_check_find(const u8 *image, u32 image_len, u32 value)
{
	u8 pat[4] = { value, value >> 8, value >> 16, value >> 24 };
	u32 off;

	for (off = 0; off + 4 <= image_len; off++)
		if (!memcmp(image + off, pat, 4))
			return off;
	return -1;
}

/*
 * How many of the checked immediates of insns[] occur in image (searched at
 * every byte offset). With blinding on the answer must be 0; with it off,
 * all of them (blind_check_collect()'s count). Each one found is described
 * on `why` (NULL: silent).
 */
static inline u32 blind_check_image(const struct bpf_insn *insns, u32 len,
				    const u8 *image, u32 image_len, FILE *why)
{
	struct blind_check_imm imms[256];
	u32 i, n, found = 0;

	n = blind_check_collect(insns, len, imms, 256);
	for (i = 0; i < n; i++) {
		long off = blind_check_find(image, image_len, imms[i].value);

		if (off < 0)
			continue;
		found++;
		if (why)
			fprintf(why, "  insn %u: immediate %#x found at image offset %ld\n",
				imms[i].insn, imms[i].value, off);
	}
	return found;
}

#endif /* _BLIND_CHECK_H */
