// SPDX-License-Identifier: GPL-2.0
/*
 * x86-64 disassembly through Capstone, for showing JIT images.
 *
 * Plays the part of bpftool's jited dump (tools/bpf/bpftool/jit_disasm.c,
 * disasm_print_insn(), Linux 6.1): walk the image one instruction at a time
 * and print each with its offset. bpftool asks libbfd or LLVM; we ask
 * Capstone, through cs_disasm_iter() so no instruction list is allocated.
 */
#include <string.h>
#include <capstone/capstone.h>

#include "x86_disasm.h"

int x86_disasm_open(struct x86_disasm *d, const void *code, size_t size, u64 base)
{
	csh handle;

	memset(d, 0, sizeof(*d));
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK)
		return -EINVAL;
	/* Intel syntax is Capstone's default for x86; say so anyway. */
	cs_option(handle, CS_OPT_SYNTAX, CS_OPT_SYNTAX_INTEL);
	d->cs_insn = cs_malloc(handle);
	if (!d->cs_insn) {
		cs_close(&handle);
		return -ENOMEM;
	}
	d->handle = handle;
	d->code = code;
	d->size = size;
	d->base = base;
	return 0;
}

bool x86_disasm_next(struct x86_disasm *d, struct x86_disasm_insn *insn)
{
	const u8 *p = d->code + d->off;
	size_t left = d->size - d->off;
	uint64_t addr = d->base + d->off;
	cs_insn *ci = d->cs_insn;

	if (d->off >= d->size)
		return false;

	memset(insn, 0, sizeof(*insn));
	insn->offset = d->off;
	insn->address = addr;

	/* cs_disasm_iter() advances p, left and addr past what it decoded. */
	if (cs_disasm_iter(d->handle, &p, &left, &addr, ci) && ci->size > 0 &&
	    ci->size <= X86_INSN_MAX) {
		insn->len = ci->size;
		memcpy(insn->bytes, ci->bytes, ci->size);
		snprintf(insn->mnemonic, sizeof(insn->mnemonic), "%s", ci->mnemonic);
		snprintf(insn->op_str, sizeof(insn->op_str), "%s", ci->op_str);
	} else {
		/* Not an instruction: show one byte and go on, as objdump does. */
		insn->len = 1;
		insn->bytes[0] = d->code[d->off];
		insn->bad = true;
		snprintf(insn->mnemonic, sizeof(insn->mnemonic), "(bad)");
	}
	d->off += insn->len;
	return true;
}

void x86_disasm_close(struct x86_disasm *d)
{
	csh handle = d->handle;

	if (d->cs_insn)
		cs_free(d->cs_insn, 1);
	if (handle)
		cs_close(&handle);
	memset(d, 0, sizeof(*d));
}

int x86_print_code(FILE *f, const void *code, size_t size, u64 base)
{
	struct x86_disasm d;
	struct x86_disasm_insn insn;
	int err = x86_disasm_open(&d, code, size, base);

	if (err)
		return err;
	while (x86_disasm_next(&d, &insn)) {
		char hex[3 * X86_INSN_MAX + 1] = "";
		int n = 0;

		for (int i = 0; i < insn.len; i++)
			n += sprintf(hex + n, "%s%02x", i ? " " : "", insn.bytes[i]);
		fprintf(f, "%6x: %-29s %s%s%s\n", insn.offset, hex, insn.mnemonic,
			insn.op_str[0] ? " " : "", insn.op_str);
	}
	x86_disasm_close(&d);
	return 0;
}
