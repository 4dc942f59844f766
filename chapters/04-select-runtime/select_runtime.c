// SPDX-License-Identifier: GPL-2.0
/*
 * From a verified program to a runnable one: pick the interpreter, then let
 * the JIT (if any is linked in) replace it.
 *
 * Mirrors kernel/bpf/core.c: bpf_prog_select_runtime(), the __weak
 * bpf_int_jit_compile() and bpf_jit_needs_zext(), bpf_check_tail_call(),
 * Linux v5.8; written afresh.
 */
#include "linux/bpf_interp.h"

/*
 * The __weak JIT. The kernel's comment calls it a "stub for JITs that only
 * support cBPF": an architecture without an eBPF JIT links this one, which
 * returns the program unchanged and unJITed, so the interpreter chosen just
 * before stays in prog->bpf_func. arch/x86/net/bpf_jit_comp.c defines the
 * strong one and the linker takes it instead, with no #ifdef and no
 * function pointer: chapter 06 does the same to this file.
 */
__weak struct bpf_prog *bpf_int_jit_compile(struct bpf_prog *prog)
{
	return prog;
}

/*
 * Does the JIT need the verifier to insert explicit zero-extensions after
 * 32-bit operations? Not by default (x86-64 zero-extends every 32-bit
 * write in hardware); 32-bit architectures' JITs say yes.
 */
__weak bool bpf_jit_needs_zext(void)
{
	return false;
}

/*
 * Every program array this program uses must agree with it on program type
 * and on JITed or not: a tail call jumps into the other program's code
 * without any conversion. The kernel walks aux->used_maps[] and asks
 * bpf_prog_array_compatible() of each PROG_ARRAY, -EINVAL on a mismatch.
 * Before chapter 08 there are no maps (bpf_check() refuses map references),
 * so there is nothing to walk; chapter 08 defines the strong one.
 */
__weak int bpf_check_tail_call(const struct bpf_prog *fp)
{
	(void)fp;
	return 0;
}

struct bpf_prog *bpf_prog_select_runtime(struct bpf_prog *fp, int *err)
{
	/* In case of BPF to BPF calls, the verifier did all the prep work
	 * with regards to JITing (jit_subprogs() set bpf_func to the first
	 * function's image).
	 */
	if (fp->bpf_func)
		goto finalize;

	/* The interpreter first: a JIT that fails, or is not there, leaves
	 * the program runnable anyway.
	 */
	bpf_prog_select_func(fp);

	/* eBPF JITs can rewrite the program in case constant blinding is
	 * active. However, in case of error during blinding,
	 * bpf_int_jit_compile() must always return a valid program, which
	 * in this case would simply not be JITed, but falls back to the
	 * interpreter.
	 */
	if (!fp->aux->offload_requested) {	/* !bpf_prog_is_dev_bound() */
		/* The kernel allocates jited line info here
		 * (bpf_prog_alloc_jited_linfo()); we carry no line info.
		 */
		fp = bpf_int_jit_compile(fp);
		/* Not JITed: with CONFIG_BPF_JIT_ALWAYS_ON the load fails;
		 * without it the interpreter chosen above stays.
		 */
		if (!fp->jited && bpf_jit_always_on) {
			*err = -ENOTSUPP;
			return fp;
		}
	} else {
		/* bpf_prog_offload_compile(): bpf_prog_load() refuses
		 * prog_ifindex before we get here, so this cannot happen.
		 */
		*err = -EOPNOTSUPP;
		return fp;
	}

finalize:
	/* The kernel now makes an interpreted program's pages read-only
	 * (bpf_prog_lock_ro()): the interpreter reads the instructions on
	 * every run, and nothing should change them after verification.
	 * Our programs live in ordinary heap memory shared with other
	 * objects, so they stay writable.
	 */

	/* The tail call compatibility check can only be done at this late
	 * stage as we need to determine, if we deal with JITed or non JITed
	 * program concatenations.
	 */
	*err = bpf_check_tail_call(fp);

	return fp;
}
