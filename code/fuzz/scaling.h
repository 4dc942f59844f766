/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether loading stays linear in the program's size (see scaling.c). Ours.
 */
#ifndef _FUZZ_SCALING_H
#define _FUZZ_SCALING_H

#include <stdio.h>

#include "linux/kernel.h"

/*
 * Each shape at about `small` (or a multiple) and 4 times as many instructions: a line per shape on
 * out, FAIL when the larger load takes more than max_ratio times as long.
 * Returns the number of shapes that failed.
 */
int scaling_check(FILE *out, u32 small, double max_ratio);

#endif /* _FUZZ_SCALING_H */
