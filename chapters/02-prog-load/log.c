// SPDX-License-Identifier: GPL-2.0
/*
 * Is the caller's verifier log usable?
 *
 * Mirrors the "log attributes have to be sane" test in kernel/bpf/verifier.c:
 * bpf_check(), Linux v5.8 (in kernel/bpf/log.c: bpf_vlog_init() since Linux
 * 6.4); written afresh.
 */
#include "linux/bpf_log.h"

int bpf_vlog_attr_valid(u32 log_level, u64 log_buf, u32 log_size)
{
	/* No log requested: nothing to check, nothing will be written. */
	if (!log_level && !log_buf && !log_size)
		return 0;

	/*
	 * Any one of the three asks for a log, and then all three must make
	 * sense: a buffer big enough for one line, a size the kernel's
	 * bookkeeping cannot overflow (len_total fits 30 bits), a level that
	 * says what to log, and somewhere to put it.
	 */
	if (log_size < BPF_LOG_MIN_SIZE || log_size > UINT_MAX >> 2 ||
	    !log_level || !log_buf || log_level & ~BPF_LOG_MASK)
		return -EINVAL;

	return 0;
}
