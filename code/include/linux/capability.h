/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Privilege, made an explicit input. The kernel asks `capable(CAP_...)` of the
 * task making the call; here a test or a tool states what the "caller" holds
 * with set_current_caps(). The default is every capability: a root loader, as
 * in the article.
 *
 * Mirrors include/linux/capability.h (capable, bpf_capable, perfmon_capable),
 * Linux v5.8; written afresh. Implemented in code/lib/capability.c.
 */
#ifndef _SHIM_LINUX_CAPABILITY_H
#define _SHIM_LINUX_CAPABILITY_H

#include "linux/kernel.h"

/* Capability numbers as in include/uapi/linux/capability.h. */
#define CAP_NET_ADMIN		12
#define CAP_SYS_ADMIN		21
#define CAP_PERFMON		38	/* Linux 5.8 */
#define CAP_BPF			39	/* Linux 5.8 */

#define CAP_ALL			(~0ULL)
#define CAP_NONE		0ULL
#define CAP_TO_MASK(cap)	(1ULL << (cap))

/* What the current caller holds, one bit per capability. */
void set_current_caps(u64 caps);
u64 current_caps(void);

bool capable(int cap);
bool bpf_capable(void);		/* CAP_BPF or CAP_SYS_ADMIN */
bool perfmon_capable(void);	/* CAP_PERFMON or CAP_SYS_ADMIN */

#endif /* _SHIM_LINUX_CAPABILITY_H */
