// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: sys_bpf(BPF_PROG_LOAD) with whatever a caller can put
 * in the attr and the instructions, as bpf(2) takes it from user space.
 * Bad input must get an errno, never a crash, a leak or a hang; and a
 * program the verifier accepts must run without faulting.
 *
 * The input, in order (missing bytes read as 0):
 *   1 byte    the setting: bpf_jit_enable, bpf_jit_harden, imul, padding,
 *             the caller's capabilities
 *   1 byte    which pointers stay as given (else: our buffers; the log,
 *             which is written, gets an unmapped address instead); bit 3:
 *             chapter 09's optimising JIT (bpf_jit_opt)
 *   1 byte    the license; 1 byte the attr size passed to sys_bpf()
 *   sizeof(union bpf_attr) bytes: the attr
 *   the rest  the instructions
 * Ours.
 */
#include <string.h>

#include "linux/bpf_interp.h"
#include "linux/bpf_jit.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "linux/filter.h"
#include "linux/random.h"

#include "diff.h"

static char log_buf[1 << 16];
static u8 ctx_buf[512];

static const char *const licenses[] = { "GPL", "Proprietary", "", "Dual BSD/GPL", "GPL v2" };
static const u64 cap_sets[] = {
	CAP_ALL, CAP_TO_MASK(CAP_BPF) | CAP_TO_MASK(CAP_PERFMON), CAP_TO_MASK(CAP_BPF), CAP_NONE,
};

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 head[4] = { 0 }, setting, keep;
	u8 big[sizeof(union bpf_attr) + 16] = { 0 };
	union bpf_attr *attr = (union bpf_attr *)big;
	const u8 *insns;
	size_t n_insns, attr_size;
	struct bpf_prog *prog;
	long fd;

	memcpy(head, data, size < 4 ? size : 4);
	data += size < 4 ? size : 4;
	size -= size < 4 ? size : 4;
	setting = head[0];
	keep = head[1];
	memcpy(big, data, min(size, sizeof(union bpf_attr)));
	data += min(size, sizeof(union bpf_attr));
	size -= min(size, sizeof(union bpf_attr));
	insns = data;
	n_insns = size / sizeof(struct bpf_insn);

	diff_init();
	bpf_jit_enable = setting & 1;
	bpf_jit_harden = (setting >> 1) & 3;
	if (bpf_jit_harden > 2)
		bpf_jit_harden = 2;
	bpf_jit_imul = setting & 8;
	bpf_jit_padding = setting & 16;
	bpf_jit_opt = keep & 8 ? BPF_JIT_OPT_ALL : 0;
	set_current_caps(cap_sets[(setting >> 5) & 3]);
	sysctl_unprivileged_bpf_disabled = setting >> 7;
	set_random_seed(DIFF_SEED);

	/* Pointers: ours, so that the loader gets that far, unless kept. */
	if (!(keep & 1)) {
		attr->insns = (u64)(uintptr_t)insns;
		/* a count past the input would read the fuzzer's heap */
		if (attr->insn_cnt > n_insns && attr->insn_cnt <= BPF_MAXINSNS * 256u)
			attr->insn_cnt = n_insns;
	}
	if (!(keep & 2))
		attr->license = (u64)(uintptr_t)licenses[head[2] % ARRAY_SIZE(licenses)];
	/*
	 * The log is written. "User memory" is this process's own, so a
	 * pointer kept as given could aim at the fuzzer's or the sanitizers'
	 * memory, which the user-copy shim would then rightly overwrite: a
	 * write goes to our buffer, or to an address that is never mapped
	 * (the shim's -EFAULT path).
	 */
	if (attr->log_size > sizeof(log_buf))
		attr->log_size = sizeof(log_buf);
	attr->log_buf = !attr->log_size ? 0 : keep & 4 ? 16 : (u64)(uintptr_t)log_buf;
	/* The size: ours, shorter (a caller built for an older kernel), or
	 * longer with the tail from the input (a newer one).
	 */
	attr_size = sizeof(union bpf_attr);
	if (head[3] & 0x80)
		attr_size = (head[3] & 0x7f) < sizeof(union bpf_attr) + 16 ?
			    (head[3] & 0x7f) : sizeof(big);

	fd = sys_bpf(BPF_PROG_LOAD, (union bpf_attr *)big, attr_size);
	set_current_caps(CAP_ALL);
	if (fd < 0)
		goto out;
	prog = bpf_prog_get(fd);
	/* What the verifier accepted runs; an unverified program may do anything. */
	if (!IS_ERR(prog) && !prog->aux->unverified) {
		u64 r0;
		u32 ns;

		memset(ctx_buf, 0x5a, sizeof(ctx_buf));
		bpf_test_run64(prog, ctx_buf, 64, 1, &r0, &ns);
	}
	if (!IS_ERR(prog))
		bpf_prog_put(prog);
	close_fd(fd);
out:
	bpf_jit_enable = 1;
	bpf_jit_harden = 0;
	bpf_jit_imul = false;
	bpf_jit_padding = false;
	bpf_jit_opt = 0;
	sysctl_unprivileged_bpf_disabled = 0;
	set_random_seed(0);
	return 0;
}
