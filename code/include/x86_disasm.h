/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 machine code as text: the JIT's output, one instruction a line.
 *
 * The kernel has no x86 disassembler; it dumps the image as hex
 * (bpf_jit_dump(), "JIT code: 00000000: 66 66 66 66 90 55 ...") and leaves the
 * reading to tools: bpftool `prog dump jited` decodes it with libbfd or LLVM.
 * We decode it with Capstone, in Intel syntax, so every chapter and the tool
 * can show what do_jit() wrote. Tests compare bytes and lengths, never this
 * text: Capstone versions spell some operands differently.
 */
#ifndef _X86_DISASM_H
#define _X86_DISASM_H

#include <stdio.h>

#include "linux/kernel.h"

#define X86_INSN_MAX	15	/* the longest x86 instruction, in bytes */

struct x86_disasm_insn {
	u32	offset;			/* from the start of the buffer */
	u64	address;		/* base + offset: what jumps are shown against */
	u8	len;
	u8	bytes[X86_INSN_MAX];
	bool	bad;			/* undecodable: one byte, shown as "(bad)" */
	char	mnemonic[32];		/* "mov" */
	char	op_str[160];		/* "qword ptr [rbp - 8], rdi" */
};

/* An iterator over a byte buffer. Fields are private. */
struct x86_disasm {
	size_t		handle;		/* Capstone's csh */
	void		*cs_insn;	/* Capstone's reusable cs_insn */
	const u8	*code;
	size_t		size;
	u64		base;
	size_t		off;
};

/*
 * Start decoding size bytes at code, as if loaded at address base (relative
 * jump targets are printed as base + offset + rel). Returns 0 or -ENOMEM /
 * -EINVAL (Capstone could not start); then nothing needs closing.
 */
int x86_disasm_open(struct x86_disasm *d, const void *code, size_t size, u64 base);

/*
 * The next instruction into *insn; false at the end of the buffer. A byte
 * Capstone cannot decode comes back as a one-byte instruction with bad set
 * and mnemonic "(bad)", so the walk always reaches the end.
 */
bool x86_disasm_next(struct x86_disasm *d, struct x86_disasm_insn *insn);

void x86_disasm_close(struct x86_disasm *d);

/*
 * The whole buffer, one line per instruction, offsets in hex:
 *
 *      0: 66 66 66 66 90                nop
 *      5: 55                            push rbp
 *      6: 48 89 e5                      mov rbp, rsp
 *
 * Bytes are padded to ten (the longest encoding the JIT emits, movabs),
 * longer ones just push the text right. Returns 0 or a negative errno.
 */
int x86_print_code(FILE *f, const void *code, size_t size, u64 base);

#endif /* _X86_DISASM_H */
