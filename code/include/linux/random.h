/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Random numbers for constant blinding (one per blinded instruction) and for
 * the JIT image's random start offset.
 *
 * The kernel draws them from its CRNG (get_random_int() in v5.8,
 * get_random_u32() later). Ours come from getrandom(2) by default; a fixed
 * seed switches to a small deterministic generator, so tests, demos and the
 * committed diagrams are reproducible.
 *
 * Mirrors include/linux/random.h (get_random_u32), Linux v5.8+; written afresh.
 */
#ifndef _SHIM_LINUX_RANDOM_H
#define _SHIM_LINUX_RANDOM_H

#include "linux/kernel.h"

u32 get_random_u32(void);

/* seed != 0: deterministic sequence from now on; seed == 0: back to getrandom(). */
void set_random_seed(u64 seed);

#endif /* _SHIM_LINUX_RANDOM_H */
