// SPDX-License-Identifier: GPL-2.0
/*
 * Where the kernel log goes: pr_err(), pr_warn() and pr_info() of every stage
 * (linux/kernel.h). The kernel's printk() writes to its ring buffer, which
 * dmesg reads; here it is a FILE *, stderr by default, so that a test can
 * capture a diagnostic it expects and assert it rather than print it.
 */
#include "linux/kernel.h"

FILE *printk_log;
