/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a BPF program out of a `clang -O2 -target bpf -c` object: the
 * instructions of one program section with the .text functions it calls
 * appended and its calls relocated, its program type, and the license.
 *
 * The first program of a section, read by the object loader
 * (bpf_object.h, which mirrors libbpf), for callers that want a bare
 * program: one that uses maps or global data is refused, saying so, and so
 * is whatever the object loader refuses (externs, CO-RE relocations it
 * cannot resolve, program types that need BTF to load). Broken objects
 * (truncated, not ELF, wrong machine, odd-sized sections) get an error and
 * a message, never a crash.
 */
#ifndef _BPF_ELF_H
#define _BPF_ELF_H

#include "linux/kernel.h"
#include "uapi/linux/bpf.h"

#define BPF_ELF_NAME_LEN	64
#define BPF_ELF_LICENSE_LEN	128

struct bpf_elf_prog {
	struct bpf_insn		*insns;		/* malloc'd */
	u32			cnt;		/* all instructions */
	u32			main_cnt;	/* the section's own; subprograms follow */
	enum bpf_prog_type	prog_type;	/* UNSPEC if the name says nothing */
	char			name[BPF_ELF_NAME_LEN];		/* section name */
	char			license[BPF_ELF_LICENSE_LEN];	/* "" if none */
	u32			nr_sections;	/* every program section, in */
	char			(*sections)[BPF_ELF_NAME_LEN];	/* file order (malloc'd) */
};

/*
 * Load program section sec_name (NULL: the first program section) from the
 * object at path, or from size bytes at buf. Returns 0, or a negative errno
 * with a one-line message in errbuf:
 *   -ENOENT   no such file, or no such program section
 *   -EINVAL   not a BPF ELF64 little-endian relocatable object; a section or
 *             relocation out of bounds, odd-sized, or against the wrong thing
 *   -ENOTSUP  well-formed but needs what is not built (maps, BTF, externs)
 *   -ENOMEM
 * On error *out is left empty (nothing to free).
 */
int bpf_elf_load(const char *path, const char *sec_name, struct bpf_elf_prog *out,
		 char *errbuf, size_t errlen);
int bpf_elf_load_mem(const void *buf, size_t size, const char *sec_name,
		     struct bpf_elf_prog *out, char *errbuf, size_t errlen);

void bpf_elf_prog_free(struct bpf_elf_prog *prog);

/*
 * Program type for an ELF section name, as libbpf's section_defs[] decides
 * (a subset: the types this book's kernel knows). Returns 0 with *type set
 * (UNSPEC for a name libbpf would not know), or -ENOTSUP for a section
 * whose programs need BTF (fentry/, fexit/, fmod_ret/, lsm/, iter/,
 * tp_btf/, struct_ops, freplace/).
 */
int bpf_elf_sec_prog_type(const char *sec_name, enum bpf_prog_type *type);

#endif /* _BPF_ELF_H */
