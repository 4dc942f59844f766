/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which license strings count as GPL-compatible.
 *
 * Mirrors include/linux/license.h: license_is_gpl_compatible(), Linux v5.8;
 * written afresh. The same list decides whether a kernel module may use
 * EXPORT_SYMBOL_GPL symbols and whether a BPF program may call gpl_only
 * helpers (bpf_probe_read, bpf_trace_printk, ...): bpf_prog_load() stores the
 * answer in prog->gpl_compatible and the verifier checks it at each call.
 */
#ifndef _SHIM_LINUX_LICENSE_H
#define _SHIM_LINUX_LICENSE_H

#include <string.h>

/*
 * An exact, case-sensitive match: "GPL" counts, "gpl" and "GPL " do not.
 * "GPL v2" counts, "GPLv2" does not (modules have long written "GPL v2").
 */
static inline int license_is_gpl_compatible(const char *license)
{
	return (strcmp(license, "GPL") == 0
		|| strcmp(license, "GPL v2") == 0
		|| strcmp(license, "GPL and additional rights") == 0
		|| strcmp(license, "Dual BSD/GPL") == 0
		|| strcmp(license, "Dual MIT/GPL") == 0
		|| strcmp(license, "Dual MPL/GPL") == 0);
}

#endif /* _SHIM_LINUX_LICENSE_H */
