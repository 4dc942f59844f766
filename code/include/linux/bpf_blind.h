/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Constant blinding: the rewrite that keeps the immediates a loader chose
 * out of the JIT's executable memory.
 *
 * The kernel keeps bpf_jit_blinding_enabled() in include/linux/filter.h and
 * bpf_jit_blind_insn() (static) in kernel/bpf/core.c, Linux v5.8. Here both
 * are defined by chapters/05-blinding/ and declared for the tests and the
 * JIT (chapter 06); bpf_jit_blind_constants() and
 * bpf_jit_prog_release_other() are declared in linux/bpf.h. Written afresh.
 */
#ifndef _SHIM_LINUX_BPF_BLIND_H
#define _SHIM_LINUX_BPF_BLIND_H

#include "linux/filter.h"

/*
 * ld_imm64 whose constant is the address of a bpf subprogram (Linux 5.13):
 * not the loader's number, never blinded.
 */
#ifndef BPF_PSEUDO_FUNC
#define BPF_PSEUDO_FUNC		4
#endif

/* The most one original instruction grows into (the kernel's insn_buff[16]). */
#define BPF_BLIND_BUF_INSNS	16

/*
 * True when this program's JIT image must not carry its immediates:
 * the program asked for the JIT (prog->jit_requested, sampled from
 * bpf_jit_enable at allocation), and net.core.bpf_jit_harden is 2, or 1
 * while the loader lacks CAP_SYS_ADMIN (see set_current_caps()).
 */
bool bpf_jit_blinding_enabled(struct bpf_prog *prog);

/*
 * Rewrite one instruction `from` into to_buff (room for BPF_BLIND_BUF_INSNS).
 * `aux` holds the two slots of the ld_imm64 being blinded when `from` is one
 * of its halves. emit_zext: the verifier inserted explicit zero extensions
 * (prog->aux->verifier_zext). Returns how many instructions were written, 0
 * when `from` stays as it is. Draws one get_random_u32() per call.
 */
int bpf_jit_blind_insn(const struct bpf_insn *from,
		       const struct bpf_insn *aux,
		       struct bpf_insn *to_buff,
		       bool emit_zext);

#endif /* _SHIM_LINUX_BPF_BLIND_H */
