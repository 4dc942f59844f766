/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A BPF object file as libbpf lays it out: the programs (several per
 * section, each with the .text functions it calls appended), the maps
 * (BTF-defined in .maps, legacy ones in "maps", and the global data
 * sections .data, .rodata and .bss, each an array of one element), and the
 * relocations that tie an instruction to a map. Opening reads the file;
 * loading asks a kernel for the maps and the programs, through one
 * function with the bpf(2) signature, so the same loader serves this
 * book's sys_bpf() and, for comparisons, the running kernel.
 *
 * Mirrors tools/lib/bpf/libbpf.c (Linux 6.1, libbpf 1.1):
 * bpf_object__elf_init(), bpf_object__elf_collect(),
 * bpf_object__add_programs(), bpf_object__init_user_btf_maps() with
 * parse_btf_map_def(), the legacy bpf_object__init_user_maps() of libbpf
 * 0.x, bpf_object__init_global_data_maps() with internal_map_name(),
 * bpf_program__record_reloc(), bpf_object__collect_map_relos(),
 * bpf_object__reloc_code(), bpf_object__relocate_data(),
 * bpf_object__create_maps(), bpf_object__populate_internal_map(),
 * init_prog_array_slots(), find_sec_def() and section_defs[]. Written
 * afresh. BTF is read with libbpf's own BTF API (btf__new()).
 *
 * What a program needs and the loader cannot give it (an extern, a
 * callback's address, a CO-RE relocation it cannot resolve, a program
 * type that needs the kernel's BTF) makes that program refuse to load
 * with a message naming it; the rest of the object still opens. A broken
 * file gets an error and a message, never a crash.
 */
#ifndef _BPF_OBJECT_H
#define _BPF_OBJECT_H

#include "linux/kernel.h"
#include "uapi/linux/bpf.h"

#define BPF_OBJ_NAME_MAX	64

/* What the loader calls to reach a kernel: bpf(2) and close(2). */
struct bpf_object_kernel {
	long (*bpf)(int cmd, union bpf_attr *attr, unsigned int size);
	int (*close)(int fd);
};

enum bpf_object_map_kind {
	BPF_OBJ_MAP_USER,	/* a map the program defines (.maps, "maps") */
	BPF_OBJ_MAP_DATA,	/* .data, .data.*: initialized globals */
	BPF_OBJ_MAP_RODATA,	/* .rodata, .rodata.*: constants, frozen */
	BPF_OBJ_MAP_BSS,	/* .bss, .bss.*: zeroed globals */
	BPF_OBJ_MAP_KCONFIG,	/* .kconfig: the externs' values, frozen */
};

/* A slot a BTF map's `.values = { [key] = &target }` fills. */
struct bpf_object_map_init {
	u32 key;
	int prog;		/* index in progs[] (program arrays), or -1 */
	int map;		/* index in maps[] (maps of maps), or -1 */
};

struct bpf_object_map {
	char name[BPF_OBJ_NAME_MAX];	/* "counts", ".rodata", ".data.cfg" */
	char kname[BPF_OBJ_NAME_LEN];	/* what BPF_MAP_CREATE gets (libbpf's name) */
	enum bpf_object_map_kind kind;
	u32 type, key_size, value_size, max_entries, map_flags, numa_node;
	int sec_idx;			/* the ELF section it comes from */
	u64 sec_off;			/* a user map: its symbol's offset there */
	u32 sec_size;			/* and its size */
	u32 values_off;			/* a BTF map with .values: where they start */
	u8 *data;			/* global data: the initial bytes (NULL: zeros) */
	struct bpf_object_map *inner;	/* a map of maps: the inner maps' shape */
	struct bpf_object_map_init *inits;
	u32 nr_inits;
	int fd;				/* -1 until created */
	char err[160];			/* why it cannot be created, or "" */
};

/* An instruction that names a map (ld_imm64). */
struct bpf_object_reloc {
	u32 insn;		/* index in the program's insns */
	u32 map;		/* index in maps[] */
	u8 kind;		/* BPF_PSEUDO_MAP_FD or BPF_PSEUDO_MAP_VALUE */
	u32 off;		/* MAP_VALUE: added to the instruction's own imm */
};

/* A CO-RE relocation (.BTF.ext): an instruction whose field offset (or
 * size, or existence) depends on the running kernel's types.
 */
struct bpf_object_core_relo {
	u32 insn;		/* index in the program's insns */
	u32 type_id;		/* the root type, in the object's BTF */
	u32 access_str_off;	/* "0:1:2": the access path, in its strings */
	u32 kind;		/* enum bpf_core_relo_kind */
};

struct bpf_object_prog {
	char name[BPF_OBJ_NAME_MAX];	/* the function's symbol */
	char sec_name[BPF_OBJ_NAME_MAX];/* without a leading '?' */
	u32 type;			/* enum bpf_prog_type */
	u32 expected_attach_type;
	bool autoload;			/* false: SEC("?...") */
	int sec_idx;			/* its ELF section */
	u32 sec_insn_off;		/* where in that section it starts */
	struct bpf_insn *insns;
	u32 cnt;			/* all instructions */
	u32 main_cnt;			/* its own; appended .text functions follow */
	struct bpf_object_reloc *relos;
	u32 nr_relos;
	struct bpf_object_core_relo *core;	/* CO-RE relocations to apply */
	u32 nr_core;
	int fd;				/* -1 until loaded */
	int loading;			/* guard while its slots are filled */
	char err[256];			/* why it cannot be loaded, or "" */
};

struct btf;

struct bpf_object {
	char name[BPF_OBJ_NAME_MAX];	/* the file name up to its first '.' */
	char license[128];
	u32 kern_version;
	struct bpf_object_map *maps;
	u32 nr_maps;
	struct bpf_object_prog *progs;
	u32 nr_progs;
	struct btf *btf;		/* the object's .BTF, or NULL */
	const struct bpf_object_kernel *kern;
};

/*
 * Open the object at path (or size bytes at buf, named name): 0, or a
 * negative errno with a one-line message in err:
 *   -ENOENT   no such file
 *   -EINVAL   not a BPF ELF64 little-endian relocatable object, or broken
 *   -ENOMEM
 * Programs and maps the loader cannot handle are kept, with their err set.
 */
int bpf_object_open_file(const char *path, const struct bpf_object_kernel *kern,
			 struct bpf_object **objp, char *err, size_t errlen);
int bpf_object_open_mem(const void *buf, size_t size, const char *name,
			const struct bpf_object_kernel *kern, struct bpf_object **objp,
			char *err, size_t errlen);
/* Closes every fd the object holds, frees it. NULL is fine. */
void bpf_object_close(struct bpf_object *obj);

/* A program by function name, or by section name if one program has it. */
struct bpf_object_prog *bpf_object_find_prog(struct bpf_object *obj, const char *name);

/*
 * The program's instructions as the kernel gets them: its maps created
 * (global data written, .rodata frozen) and named by fd, CO-RE applied.
 * *insns is malloc'd. 0 or -errno with a message.
 */
int bpf_object_prepare_prog(struct bpf_object *obj, struct bpf_object_prog *prog,
			    struct bpf_insn **insns, u32 *cnt, char *err, size_t errlen);
/*
 * BPF_PROG_LOAD of a prepared program, with attr's log fields and flags
 * (NULL: none), then its program arrays' initial slots filled, loading
 * the programs they name. The fd, or -errno with a message.
 */
int bpf_object_load_prog(struct bpf_object *obj, struct bpf_object_prog *prog,
			 const union bpf_attr *attr, char *err, size_t errlen);
/* For a caller that did BPF_PROG_LOAD itself: record fd, fill the slots. */
int bpf_object_prog_loaded(struct bpf_object *obj, struct bpf_object_prog *prog, int fd,
			   char *err, size_t errlen);

/*
 * The program type a section name gives, as libbpf's section_defs[]
 * decide ("kprobe/x", "xdp", "?tc", ...). 0 with *type and *attach set;
 * -ENOENT for a name libbpf does not know; -ENOTSUP for a type that needs
 * the kernel's BTF to load (fentry/, lsm/, iter/, struct_ops, ...), with
 * *type set anyway.
 */
int bpf_object_sec_def(const char *sec_name, u32 *type, u32 *attach);
/* "kprobe", "sched_cls", ... (libbpf's names), or NULL */
const char *bpf_object_prog_type_name(u32 type);
const char *bpf_object_map_type_name(u32 type);

#endif /* _BPF_OBJECT_H */
