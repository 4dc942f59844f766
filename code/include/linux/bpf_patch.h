/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Instruction patching: replace one instruction of a program by several
 * (or remove a run of them) while every jump, every `gotol` and every
 * bpf-to-bpf call that crosses the edit keeps pointing at the same target.
 *
 * The kernel declares these in include/linux/filter.h and defines them in
 * kernel/bpf/core.c, Linux v5.8 (the JMP32|JA `gotol` form, whose offset is
 * in imm, is handled as Linux 6.6+ does). Here they are defined by
 * chapters/03-bpf-check/patch.c: the verifier is their first user, and
 * constant blinding (chapter 05) reuses them. Written afresh.
 */
#ifndef _SHIM_LINUX_BPF_PATCH_H
#define _SHIM_LINUX_BPF_PATCH_H

#include "linux/filter.h"

/*
 * Replace insn `off` of `prog` with the `len` instructions at `patch`.
 * Returns the (possibly reallocated) program, or ERR_PTR(-ERANGE) when a
 * jump offset would overflow, ERR_PTR(-ENOMEM) when the program cannot grow.
 * On error the original program is untouched and still owned by the caller.
 * On success the old `prog` pointer must no longer be used.
 */
struct bpf_prog *bpf_patch_insn_single(struct bpf_prog *prog, u32 off,
				       const struct bpf_insn *patch, u32 len);

/*
 * Fix jump offsets after the instructions [pos, end_old) became
 * [pos, end_new). With probe_pass, only report -ERANGE (the program still
 * has its old length and nothing is written).
 */
int bpf_adj_branches(struct bpf_prog *prog, u32 pos, s32 end_old,
		     s32 end_new, bool probe_pass);

/* Remove cnt instructions at off; jumps across them are shortened. */
int bpf_remove_insns(struct bpf_prog *prog, u32 off, u32 cnt);

/*
 * Ours: many edits, one pass (see chapters/03-bpf-check/patch.c). Add
 * edits in program order, at most one per original instruction, each
 * written against the original program; len 0 removes the instruction.
 * Apply returns the new program (the old pointer is then dead) or
 * ERR_PTR(-ERANGE/-ENOMEM/-EINVAL) with the program untouched. After a
 * successful apply, new_idx[i] is where original instruction i starts (its
 * patch's first instruction; for a removed one, the next that stayed), for
 * i = 0 .. old length.
 */
struct bpf_patch_rec {
	u32 off;	/* original instruction */
	u32 len;	/* patch length, 0: removed */
	u32 at;		/* its first instruction in insns[] */
};

struct bpf_patch_batch {
	struct bpf_patch_rec *recs;
	u32 cnt, recs_cap;
	struct bpf_insn *insns;
	u32 insns_cnt, insns_cap;
	u32 *new_idx;
	u32 err_off;	/* after -ERANGE: the original insn that overflowed */
};

void bpf_patch_batch_init(struct bpf_patch_batch *b);
int bpf_patch_batch_add(struct bpf_patch_batch *b, u32 off,
			const struct bpf_insn *patch, u32 len);
struct bpf_prog *bpf_patch_batch_apply(struct bpf_prog *prog, struct bpf_patch_batch *b);
void bpf_patch_batch_free(struct bpf_patch_batch *b);

#endif /* _SHIM_LINUX_BPF_PATCH_H */
