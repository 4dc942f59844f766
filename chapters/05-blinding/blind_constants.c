// SPDX-License-Identifier: GPL-2.0
/*
 * Constant blinding of a whole program: when it applies, the clone it works
 * on, the walk that patches every instruction, and the release of whichever
 * copy loses.
 *
 * Mirrors include/linux/filter.h: bpf_jit_blinding_enabled() and
 * kernel/bpf/core.c: bpf_prog_clone_create(), bpf_prog_clone_free(),
 * bpf_jit_prog_release_other(), bpf_jit_blind_constants(), Linux v5.8 (the
 * skip of a subprogram's address is Linux 5.13's; the one-pass patching is
 * ours); written afresh.
 */
#include <stdlib.h>
#include <string.h>

#include "linux/bpf.h"
#include "linux/bpf_blind.h"
#include "linux/bpf_patch.h"
#include "linux/capability.h"

/* net.core.bpf_jit_harden: 0 off (the default), 1 for loaders without
 * CAP_SYS_ADMIN, 2 for everyone.
 */
int bpf_jit_harden;

bool bpf_jit_blinding_enabled(struct bpf_prog *prog)
{
	/* The kernel first asks bpf_jit_is_ebpf(): was it built with an
	 * eBPF JIT for this architecture (CONFIG_HAVE_EBPF_JIT)? x86-64
	 * always is, and so is this project. Whether the JIT is switched on
	 * was sampled into jit_requested when the program was allocated
	 * (bpf_jit_enable); whether chapter 06 is linked yet does not
	 * matter here, as the kernel's JIT being a module would not.
	 */
	if (!prog->jit_requested)
		return false;
	if (!bpf_jit_harden)
		return false;
	/* v5.8 asks for CAP_SYS_ADMIN; Linux 5.15.86 and 6.x ask bpf_capable(). */
	if (bpf_jit_harden == 1 && capable(CAP_SYS_ADMIN))
		return false;

	return true;
}

/*
 * A byte-for-byte copy of the whole allocation, instructions and all. The
 * copy shares `aux` with the original, and aux->prog still points at the
 * original: whichever of the two survives must claim aux for itself.
 */
static struct bpf_prog *bpf_prog_clone_create(struct bpf_prog *fp_other,
					      gfp_t gfp_extra_flags)
{
	size_t size = (size_t)fp_other->pages * PAGE_SIZE;
	struct bpf_prog *fp;

	(void)gfp_extra_flags;
	fp = calloc(1, size);		/* __vmalloc(size, GFP_KERNEL | __GFP_ZERO) */
	if (fp)
		memcpy(fp, fp_other, size);
	return fp;
}

static void bpf_prog_clone_free(struct bpf_prog *fp)
{
	/* aux belongs to the other copy and is freed with it. */
	fp->aux = NULL;
	__bpf_prog_free(fp);
}

void bpf_jit_prog_release_other(struct bpf_prog *fp, struct bpf_prog *fp_other)
{
	/* We may not know which one is the clone: fp keeps aux either way. */
	fp->aux->prog = fp;
	bpf_prog_clone_free(fp_other);
}

/*
 * A backward conditional jump grows by 2 when blinded (see
 * bpf_jit_blind_insn()). At off < S16_MIN + 2 that no longer fits in 16 bits
 * and would wrap into a forward jump. The kernel does not check this; it
 * needs a program of more than 32766 instructions to happen. We refuse
 * with -ERANGE, like any other offset overflow, and the program stays
 * unblinded.
 */
static bool bpf_blind_off_overflows(const struct bpf_insn *insn)
{
	u8 cls = BPF_CLASS(insn->code);

	return (cls == BPF_JMP || cls == BPF_JMP32) &&
	       BPF_SRC(insn->code) == BPF_K && insn->off < S16_MIN + 2 &&
	       BPF_OP(insn->code) != BPF_JA && BPF_OP(insn->code) != BPF_CALL &&
	       BPF_OP(insn->code) != BPF_EXIT;
}

/*
 * v5.8 patches each rewrite in as it goes (bpf_patch_insn_single(), see
 * chapter 03), which moves the rest of the program every time: blinding
 * 100,000 instructions took half a minute. Here the rewrites are collected
 * in a batch, each made from the original instruction, and patched in at
 * the end in one pass; the program that comes out is the same, constant
 * for constant (the random numbers are drawn in the same order).
 */
struct bpf_prog *bpf_jit_blind_constants(struct bpf_prog *prog)
{
	struct bpf_insn insn_buff[BPF_BLIND_BUF_INSNS], aux[2] = { };
	struct bpf_patch_batch batch;
	struct bpf_prog *clone, *tmp;
	struct bpf_insn *insn;
	int i, rewritten, insn_cnt, err = 0;

	if (!bpf_jit_blinding_enabled(prog) || prog->blinded)
		return prog;

	clone = bpf_prog_clone_create(prog, GFP_USER);
	if (!clone)
		return ERR_PTR(-ENOMEM);

	bpf_patch_batch_init(&batch);
	insn_cnt = clone->len;
	insn = clone->insnsi;

	for (i = 0; i < insn_cnt; i++, insn++) {
		/* The address of a bpf subprogram is the kernel's number,
		 * not the loader's, and jit_subprogs() must find it as is.
		 */
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    insn->src_reg == BPF_PSEUDO_FUNC) {
			insn++;
			i++;
			continue;
		}

		/* Blinding an ld_imm64 rewrites both halves; the second
		 * rewrite needs the first's fields: keep both.
		 */
		if (insn[0].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    i + 1 < insn_cnt && insn[1].code == 0)
			memcpy(aux, insn, sizeof(aux));

		if (bpf_blind_off_overflows(insn)) {
			err = -ERANGE;
			break;
		}

		rewritten = bpf_jit_blind_insn(insn, aux, insn_buff,
					       clone->aux->verifier_zext);
		if (!rewritten)
			continue;

		err = bpf_patch_batch_add(&batch, i, insn_buff, rewritten);
		if (err)
			break;
	}

	tmp = err ? ERR_PTR(err) : bpf_patch_batch_apply(clone, &batch);
	bpf_patch_batch_free(&batch);
	if (IS_ERR(tmp)) {
		/* A reallocation may have pointed aux->prog at the
		 * clone; give aux back to the original.
		 */
		bpf_jit_prog_release_other(prog, clone);
		return tmp;
	}
	clone = tmp;
	clone->blinded = 1;
	return clone;
}
