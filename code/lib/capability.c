// SPDX-License-Identifier: GPL-2.0
/*
 * The caller's capabilities, as one explicit global (see linux/capability.h).
 * Mirrors kernel/capability.c: capable(), and include/linux/capability.h:
 * bpf_capable(), perfmon_capable() (Linux v5.8); written afresh.
 */
#include "linux/capability.h"

static u64 caps = CAP_ALL;	/* the article loads as root */

void set_current_caps(u64 new_caps)
{
	caps = new_caps;
}

u64 current_caps(void)
{
	return caps;
}

bool capable(int cap)
{
	return (caps & CAP_TO_MASK(cap)) != 0;
}

bool bpf_capable(void)
{
	return capable(CAP_BPF) || capable(CAP_SYS_ADMIN);
}

bool perfmon_capable(void)
{
	return capable(CAP_PERFMON) || capable(CAP_SYS_ADMIN);
}
