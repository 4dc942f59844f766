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

#endif /* _SHIM_LINUX_BPF_PATCH_H */
