/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shrinking a program while its finding stays the same (see reduce.c).
 * Ours.
 */
#ifndef _FUZZ_REDUCE_H
#define _FUZZ_REDUCE_H

#include "diff.h"

/* Does a candidate still show what is being kept? */
typedef bool (*reduce_keep_t)(void *ctx, const struct bpf_insn *insns, u32 len);

/*
 * Shrinks insns[0..*len) in place to a smaller program `keep` still
 * accepts (keep must accept the program given). Returns the number of
 * candidates tried, or -ENOMEM.
 */
int reduce_insns(struct bpf_insn *insns, u32 *len, reduce_keep_t keep, void *ctx);

/*
 * bpfdiff's: reduces insns[0..*len) in place, keeping the outcome across
 * the runtimes (which of them differ from the reference, or which faults); *res is the reduced program's result.
 * Returns the number of candidates tried, or -EINVAL if the program shows
 * nothing to keep (it agrees everywhere, or is refused).
 */
int reduce_prog(struct bpf_insn *insns, u32 *len, u32 type, u32 modes, u32 timeout_ms,
		struct diff_result *res);

#endif /* _FUZZ_REDUCE_H */
