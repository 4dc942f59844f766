/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shrinking a program while its finding stays the same (see reduce.c).
 * Ours.
 */
#ifndef _FUZZ_REDUCE_H
#define _FUZZ_REDUCE_H

#include "diff.h"

/*
 * Reduces insns[0..*len) in place; *res is the reduced program's result.
 * Returns the number of candidates tried, or -EINVAL if the program shows
 * nothing to keep (it agrees everywhere, or is refused).
 */
int reduce_prog(struct bpf_insn *insns, u32 *len, u32 type, u32 modes, u32 timeout_ms,
		struct diff_result *res);

#endif /* _FUZZ_REDUCE_H */
