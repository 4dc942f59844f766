// SPDX-License-Identifier: GPL-2.0
/*
 * The chapter's steps by name, for the knob bpf_jit_opt: `bpfjit run
 * --opt=frame,encode`, `make bench BENCH_OPT=frame,encode`. Ours.
 */
#include <string.h>

#include "opt.h"

const char *const bpf_jit_opt_step_names[] = {
	"frame", "encode", "known", "live", "fuse", "div", "jumps", "pack",
};

/* "all", "none", or names joined by commas, into a mask; -EINVAL if not. */
int bpf_jit_opt_parse(const char *s, unsigned int *mask)
{
	size_t n;
	u32 k;

	if (!strcmp(s, "all")) {
		*mask = BPF_JIT_OPT_ALL;
		return 0;
	}
	*mask = 0;
	if (!strcmp(s, "none"))
		return 0;
	while (*s) {
		n = strcspn(s, ",");
		for (k = 0; k < ARRAY_SIZE(bpf_jit_opt_step_names); k++)
			if (strlen(bpf_jit_opt_step_names[k]) == n &&
			    !strncmp(s, bpf_jit_opt_step_names[k], n))
				break;
		if (k == ARRAY_SIZE(bpf_jit_opt_step_names))
			return -EINVAL;
		*mask |= 1u << k;
		s += n + (s[n] == ',');
	}
	return 0;
}
