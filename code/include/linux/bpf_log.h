/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verifier log's attributes: log_level, log_buf, log_size of
 * BPF_PROG_LOAD.
 *
 * Mirrors include/linux/bpf_verifier.h (BPF_LOG_LEVEL1, ..., BPF_LOG_MASK)
 * and the "log attributes have to be sane" test at the top of
 * kernel/bpf/verifier.c: bpf_check(), Linux v5.8; written afresh. (Linux 6.4
 * moved the same test into kernel/bpf/log.c: bpf_vlog_init().) Defined by
 * chapter 02 and called by every bpf_check(), the placeholder and chapter
 * 03's, so that the rule lives in one place.
 */
#ifndef _SHIM_LINUX_BPF_LOG_H
#define _SHIM_LINUX_BPF_LOG_H

#include "linux/kernel.h"

#define BPF_LOG_LEVEL1	1	/* the verifier's decisions, on failure */
#define BPF_LOG_LEVEL2	2	/* every instruction and state, always */
#define BPF_LOG_LEVEL	(BPF_LOG_LEVEL1 | BPF_LOG_LEVEL2)
#define BPF_LOG_STATS	4	/* the closing statistics line */
#define BPF_LOG_MASK	(BPF_LOG_LEVEL | BPF_LOG_STATS)

/* The smallest buffer the kernel accepts: room for one useful line. */
#define BPF_LOG_MIN_SIZE	128

/*
 * 0 if the three attributes are all zero (no log) or describe a usable log;
 * -EINVAL otherwise. log_buf is the user pointer as the attr carries it.
 */
int bpf_vlog_attr_valid(u32 log_level, u64 log_buf, u32 log_size);

#endif /* _SHIM_LINUX_BPF_LOG_H */
