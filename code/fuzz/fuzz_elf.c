// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the ground's ELF reader, bpf_elf_load_mem(), on any
 * bytes. A broken object gets an errno and a message, never a crash or a
 * leak; what it reads (instructions, sections, the license) must be what
 * it says it read. Then one of the sections the object lists, picked by
 * the input's size, is asked for by name. The bytes are the object as
 * they are, so a seed is any `clang -target bpf` output. Ours.
 */
#include <string.h>

#include "bpf_elf.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct bpf_elf_prog prog, again;
	char err[256];

	if (bpf_elf_load_mem(data, size, NULL, &prog, err, sizeof(err)))
		return 0;
	/* Sound: every count within what was allocated, strings terminated. */
	if (prog.main_cnt > prog.cnt || !memchr(prog.name, 0, sizeof(prog.name)) ||
	    !memchr(prog.license, 0, sizeof(prog.license)))
		__builtin_trap();
	for (u32 i = 0; i < prog.cnt; i++)
		(void)*(volatile u8 *)&prog.insns[i].code;
	/* Asked by name, a listed section loads (or fails with a message). */
	if (prog.nr_sections) {
		const char *name = prog.sections[size % prog.nr_sections];

		if (!memchr(name, 0, BPF_ELF_NAME_LEN))
			__builtin_trap();
		if (!bpf_elf_load_mem(data, size, name, &again, err, sizeof(err)))
			bpf_elf_prog_free(&again);
		else if (!err[0])
			__builtin_trap();	/* an error says why */
	}
	bpf_elf_prog_free(&prog);
	return 0;
}
