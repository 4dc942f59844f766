/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BPF instruction printer: one instruction as the verifier log and
 * `bpftool prog dump xlated` show it, "(b7) r1 = 561".
 *
 * Mirrors kernel/bpf/disasm.h, Linux 6.6 (the first version that prints
 * every ISA v4 instruction); written afresh. The kernel keeps this printer in
 * a file of its own so that bpftool can compile the very same code: the
 * verifier's log and bpftool's dump can then never disagree. We use it the
 * same way, in every chapter's logs and tests and in the command-line tool.
 */
#ifndef _BPF_DISASM_H
#define _BPF_DISASM_H

#include <stdio.h>

#include "linux/kernel.h"
#include "uapi/linux/bpf.h"

#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif

/* Operator text by BPF_OP(code) >> 4, by class, as the kernel exports them. */
extern const char *const bpf_alu_string[16];
extern const char *const bpf_jmp_string[16];
extern const char *const bpf_class_string[8];

/* "bpf_ktime_get_ns" for helper id 5; "unknown" for an id with no name. */
const char *func_id_name(int id);

/* The printer writes through cb_print, one whole line (with '\n') per call. */
typedef __printf(2, 3) void (*bpf_insn_print_t)(void *private_data,
						const char *, ...);
/* Name of a call target, or NULL for the default text. */
typedef const char *(*bpf_insn_revmap_call_t)(void *private_data,
					      const struct bpf_insn *insn);
/* Text of a ld_imm64 constant (a map pointer can be named, say). */
typedef const char *(*bpf_insn_print_imm_t)(void *private_data,
					    const struct bpf_insn *insn,
					    __u64 full_imm);
struct bpf_insn_cbs {
	bpf_insn_print_t	cb_print;
	bpf_insn_revmap_call_t	cb_call;
	bpf_insn_print_imm_t	cb_imm;
	void			*private_data;
};

/*
 * Print one instruction. For ld_imm64 (opcode 0x18) the caller guarantees
 * that insn[1] is readable, as the verifier does before it prints. With
 * allow_ptr_leaks false a map pointer's value prints as 0x0.
 */
void print_bpf_insn(const struct bpf_insn_cbs *cbs,
		    const struct bpf_insn *insn,
		    bool allow_ptr_leaks);

/*
 * Ours, built on print_bpf_insn() (code/lib/bpf_dump.c):
 *
 * bpf_insn_snprintf(): one instruction into buf, without the newline, for
 * messages ("(b7) r1 = 561"). Truncates to size like snprintf() and returns
 * the length it wanted. Same contract as print_bpf_insn() for ld_imm64.
 *
 * bpf_print_prog(): a whole program as `bpftool prog dump xlated` prints it:
 *
 *        0: (b7) r1 = 561
 *        1: (18) r2 = 0x1122334455667788
 *        3: (95) exit
 *
 * The index is bpftool's "% 4d: ": right-aligned in four columns, and the
 * space flag puts a blank before any number, so 1000 prints as " 1000: ".
 * (The verifier log uses "%d: " instead.) and the second slot of a ld_imm64 is not
 * printed on its own. A ld_imm64 in the last slot, whose second half is
 * missing, prints as the kernel prints what it cannot show, "BUG_ld_18",
 * instead of reading past the end.
 */
size_t bpf_insn_snprintf(char *buf, size_t size, const struct bpf_insn *insn);
void bpf_print_prog(FILE *f, const struct bpf_insn *insns, u32 len);

#endif /* _BPF_DISASM_H */
