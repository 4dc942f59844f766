/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the object loader share while an object is open:
 * the ELF file, its sections by role, and the error message.
 * (code/lib/bpf_object*.c; tools/lib/bpf/libbpf.c keeps the same in
 * struct bpf_object's efile.)
 */
#ifndef _BPF_OBJECT_ELF_H
#define _BPF_OBJECT_ELF_H

#include <gelf.h>

#include "bpf_object.h"

#ifndef EM_BPF
#define EM_BPF			247
#endif
/* Relocation types of the BPF target (LLVM's ELFRelocs/BPF.def). */
#define R_BPF_NONE		0
#define R_BPF_64_64		1	/* ld_imm64: a map or global data address */
#define R_BPF_64_ABS64		2	/* data: .BTF, .debug_* */
#define R_BPF_64_ABS32		3
#define R_BPF_64_NODYLD32	4
#define R_BPF_64_32		10	/* call: a function in .text */

#define BPF_INSN_SZ		sizeof(struct bpf_insn)
#define BPF_PSEUDO_FUNC		4	/* ld_imm64 of a function (Linux 5.13) */

/* A relocation of a section of code, checked and classified. */
enum obj_reloc_kind {
	OBJ_RELO_CALL,		/* a call of a .text function */
	OBJ_RELO_MAP,		/* ld_imm64 of a map */
	OBJ_RELO_DATA,		/* ld_imm64 of global data */
};

struct obj_reloc {
	u32 insn;		/* in its section */
	enum obj_reloc_kind kind;
	u64 sym_off;		/* CALL: the symbol's offset; DATA: added to imm */
	u32 map;		/* MAP, DATA */
	bool ext;		/* DATA of a .kconfig extern: sym_off replaces imm */
	const char *refused;	/* static text: why a program using it cannot load */
	char what[BPF_OBJ_NAME_MAX];	/* the symbol, for the message */
};

/* A section of code: .text or a program section. */
struct obj_code_sec {
	int shndx;
	const char *name;
	const struct bpf_insn *insns;
	u32 cnt;
	Elf_Data *rel_data;		/* its relocation section, or NULL */
	struct obj_reloc *relos;
	u32 nr_relos;
	struct bpf_object_core_relo *core;	/* insn: in this section */
	u32 nr_core;
};

/* A function in .text. */
struct obj_subprog {
	u32 start, len;		/* in .text, in instructions */
};

struct obj_elf {
	struct bpf_object *obj;
	Elf *elf;
	u8 *image;		/* private copy: libelf may write to it */
	size_t size;
	size_t shstrndx;
	char *err;
	size_t errlen;

	Elf_Data *symbols;
	size_t nsyms;
	size_t strtabidx;

	int maps_shndx;		/* .maps (BTF-defined maps) */
	Elf_Data *maps_rel;	/* .rel.maps: .values initializers */
	int legacy_maps_shndx;	/* "maps" */
	Elf_Data *legacy_maps;
	Elf_Data *btf_data, *btf_ext_data;

	struct obj_code_sec *code;	/* program sections, .text too */
	u32 nr_code;
	int text;			/* index in code[], or -1 */
	struct obj_subprog *subprogs;
	u32 nr_subprogs;

	struct obj_kcfg *kcfg;		/* the .kconfig externs */
	u32 nr_kcfg;
	int kcfg_map;			/* their map, in maps[], or -1 */
};

__attribute__((format(printf, 3, 4)))
int obj_err(struct obj_elf *e, int err, const char *fmt, ...);
const char *obj_sec_name(struct obj_elf *e, int shndx);
/* A symbol's name; a section symbol is named after its section. */
const char *obj_sym_name(struct obj_elf *e, const GElf_Sym *sym);
/* The section's bytes, checked against the file. */
int obj_sec_data(struct obj_elf *e, int shndx, Elf_Data **data);
/* Symbol i, or -EINVAL. */
int obj_sym(struct obj_elf *e, size_t i, GElf_Sym *sym);

/* bpf_object_maps.c: the maps, from .maps, "maps" and the data sections */
int obj_init_maps(struct obj_elf *e);
int obj_collect_map_inits(struct obj_elf *e);
/* the map a relocation against (section, offset) names, or -1 */
int obj_find_map(struct bpf_object *obj, int shndx, u64 off, bool data);
bool obj_is_data_sec(const char *name, bool nobits, enum bpf_object_map_kind *kind);
struct bpf_object_map *obj_add_map(struct obj_elf *e, const char *name);
void obj_internal_map_name(const struct bpf_object *obj, const char *real_name, char *out);

/* bpf_object_kconfig.c: the .kconfig externs, in a map of their own */
int obj_init_kconfig(struct obj_elf *e);
/* the map of the extern name and its offset there, or -1 */
int obj_find_kconfig(struct obj_elf *e, const char *name, u32 *off);

/* bpf_object_core.c: the CO-RE relocations of .BTF.ext, per code section */
int obj_collect_core_relos(struct obj_elf *e);

#endif /* _BPF_OBJECT_ELF_H */
