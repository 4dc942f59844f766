// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 05 demo: the article's program before and after constant
 * blinding (bpf_jit_harden = 2, a fixed seed), side by side in the kernel's
 * print format, what it costs, the interpreter's answer for both, and
 * whether the loader's constants are still in the instructions.
 */
#include <stdio.h>
#include <string.h>

#include "article.h"
#include "disasm.h"
#include "linux/bpf.h"
#include "linux/bpf_blind.h"
#include "linux/bpf_interp.h"
#include "linux/capability.h"
#include "linux/random.h"

#define DEMO_SEED	0x05b11dULL

static const struct bpf_insn article[] = { ARTICLE_INSNS };

static u64 run(const struct bpf_prog *fp)
{
	u64 stack[MAX_BPF_STACK / sizeof(u64)] = { 0 };
	u64 regs[MAX_BPF_EXT_REG] = { 0 };

	regs[BPF_REG_10] = (u64)(unsigned long)&stack[ARRAY_SIZE(stack)];
	return ___bpf_prog_run(regs, fp->insnsi, stack);
}

static void hex(char *buf, const struct bpf_insn *insn)
{
	const u8 *b = (const u8 *)insn;

	sprintf(buf, "%02x %02x %02x %02x %02x %02x %02x %02x",
		b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
}

/* Do the four bytes of imm (as a JIT would copy them) occur anywhere in fp? */
static bool holds_imm(const struct bpf_prog *fp, s32 imm)
{
	const u8 *b = (const u8 *)fp->insnsi;
	size_t size = fp->len * sizeof(struct bpf_insn);

	for (size_t at = 0; at + sizeof(imm) <= size; at++)
		if (!memcmp(b + at, &imm, sizeof(imm)))
			return true;
	return false;
}

int main(void)
{
	struct bpf_insn buf[BPF_BLIND_BUF_INSNS], aux[2] = { };
	struct bpf_prog *fp, *clone;
	u32 i, at = 0;

	fp = bpf_prog_alloc(bpf_prog_size(ARRAY_SIZE(article)), 0);
	if (!fp)
		return 1;
	memcpy(fp->insnsi, article, sizeof(article));
	fp->len = ARRAY_SIZE(article);
	fp->jit_requested = 1;		/* bpf_jit_enable = 1 */

	bpf_jit_harden = 2;
	set_current_caps(CAP_ALL);	/* 2 blinds even root's programs */
	set_random_seed(DEMO_SEED);
	clone = bpf_jit_blind_constants(fp);
	if (IS_ERR(clone) || clone == fp) {
		fprintf(stderr, "blinding failed: %ld\n", PTR_ERR(clone));
		return 1;
	}

	printf("bpf_jit_harden=2, seed %#llx: bpf_jit_blind_constants()\n\n",
	       (unsigned long long)DEMO_SEED);
	printf("%-28s  %-48s  %s\n", "original (xlated)", "blinded (xlated, AX = r11)", "bytes");
	for (i = 0; i < fp->len; i++) {
		/* How many slots insn i became: ask the rule again (count only). */
		int n = bpf_jit_blind_insn(&fp->insnsi[i], aux, buf, false);
		char left[64], right[96], bytes[32];

		if (n == 0)
			n = 1;
		for (int k = 0; k < n; k++, at++) {
			left[0] = 0;
			if (k == 0)
				bpf_insn_snprintf(left, sizeof(left), &fp->insnsi[i]);
			bpf_insn_snprintf(right, sizeof(right), &clone->insnsi[at]);
			hex(bytes, &clone->insnsi[at]);
			printf("%-28s  %2u: %-44s  %s\n", left, at, right, bytes);
		}
	}

	printf("\ncost: %u -> %u instructions (+%u), %zu -> %zu bytes of BPF (+%zu)\n",
	       fp->len, clone->len, clone->len - fp->len,
	       fp->len * sizeof(struct bpf_insn), clone->len * sizeof(struct bpf_insn),
	       (clone->len - fp->len) * sizeof(struct bpf_insn));
	printf("interpreter: original r0 = %#llx, blinded r0 = %#llx\n",
	       (unsigned long long)run(fp), (unsigned long long)run(clone));
	for (i = 0; i < fp->len; i++) {
		s32 imm = fp->insnsi[i].imm;
		const u8 *b = (const u8 *)&imm;

		if (!imm)
			continue;
		printf("the loader's constant %#x (%02x %02x %02x %02x): in the original %s, in the blinded program %s\n",
		       imm, b[0], b[1], b[2], b[3], holds_imm(fp, imm) ? "yes" : "no",
		       holds_imm(clone, imm) ? "yes" : "no");
	}

	bpf_jit_prog_release_other(fp, clone);	/* as when the JIT fails */
	bpf_prog_free(fp);
	return 0;
}
