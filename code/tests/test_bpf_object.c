// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the object loader's reading side (code/lib/bpf_object*.c): the
 * maps, programs and relocations of objects compiled from tests/bpf/, as
 * libbpf would find them. Loading into a kernel is chapter 08's to test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <elf.h>

#include <bpf/btf.h>

#include "bpf_object.h"
#include "ground_tests.h"

#define OBJ(name)	"bpf/" name ".o"

static struct bpf_object *open_obj(const char *path)
{
	struct bpf_object *obj;
	char err[256] = "";
	int ret = bpf_object_open_file(path, NULL, &obj, err, sizeof(err));

	ck_assert_msg(ret == 0, "%s: %d %s", path, ret, err);
	return obj;
}

static const struct bpf_object_map *map_named(const struct bpf_object *obj, const char *name)
{
	for (u32 i = 0; i < obj->nr_maps; i++)
		if (!strcmp(obj->maps[i].name, name))
			return &obj->maps[i];
	ck_abort_msg("no map '%s'", name);
	return NULL;
}

START_TEST(bpf_object_maps)
{
	struct bpf_object *obj = open_obj(OBJ("objects_btf"));
	const struct bpf_object_map *m;

	ck_assert_str_eq(obj->name, "objects_btf");
	ck_assert_uint_eq(obj->nr_maps, 6);
	/* BTF-defined maps first (in the order of their BTF section), then
	 * the data sections
	 */
	ck_assert_str_eq(obj->maps[3].name, ".data");

	m = map_named(obj, "counts");
	ck_assert_uint_eq(m->kind, BPF_OBJ_MAP_USER);
	ck_assert_uint_eq(m->type, BPF_MAP_TYPE_ARRAY);
	ck_assert_uint_eq(m->key_size, 4);
	ck_assert_uint_eq(m->value_size, 8);
	ck_assert_uint_eq(m->max_entries, 4);
	ck_assert_str_eq(m->kname, "counts");
	m = map_named(obj, "pairs");
	ck_assert_uint_eq(m->type, BPF_MAP_TYPE_HASH);
	ck_assert_uint_eq(m->key_size, 8);
	ck_assert_uint_eq(m->value_size, 12);
	ck_assert_uint_eq(m->map_flags, BPF_F_NO_PREALLOC);

	/* .values = { [0] = &zero_prog, [2] = &one_prog } */
	m = map_named(obj, "jumps");
	ck_assert_uint_eq(m->type, BPF_MAP_TYPE_PROG_ARRAY);
	ck_assert_uint_eq(m->value_size, 4);
	ck_assert_uint_eq(m->nr_inits, 2);
	ck_assert_uint_eq(m->inits[0].key, 0);
	ck_assert_str_eq(obj->progs[m->inits[0].prog].name, "zero_prog");
	ck_assert_uint_eq(m->inits[1].key, 2);
	ck_assert_str_eq(obj->progs[m->inits[1].prog].name, "one_prog");

	/* global data: libbpf's names, and .rodata read-only for programs */
	m = map_named(obj, ".data");
	ck_assert_uint_eq(m->kind, BPF_OBJ_MAP_DATA);
	ck_assert_str_eq(m->kname, "objects_.data");
	ck_assert_uint_eq(m->value_size, 4);
	ck_assert_int_eq(*(int *)m->data, 7);
	ck_assert_uint_eq(m->map_flags, BPF_F_MMAPABLE);
	m = map_named(obj, ".rodata");
	ck_assert_uint_eq(m->kind, BPF_OBJ_MAP_RODATA);
	ck_assert_str_eq(m->kname, "objects_.rodata");
	ck_assert_int_eq(*(int *)m->data, 11);
	ck_assert_uint_eq(m->map_flags, BPF_F_MMAPABLE | BPF_F_RDONLY_PROG);
	m = map_named(obj, ".bss");
	ck_assert_uint_eq(m->kind, BPF_OBJ_MAP_BSS);
	ck_assert_ptr_null(m->data);
	bpf_object_close(obj);
}
END_TEST

START_TEST(bpf_object_programs)
{
	struct bpf_object *obj = open_obj(OBJ("objects_btf"));
	struct bpf_object_prog *p;
	u32 maps = 0, values = 0;

	ck_assert_uint_eq(obj->nr_progs, 3);
	p = bpf_object_find_prog(obj, "zero_prog");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->sec_name, "xdp");
	ck_assert_uint_eq(p->type, BPF_PROG_TYPE_XDP);
	ck_assert(p->autoload);
	ck_assert_str_eq(p->err, "");
	/* its own instructions, then twice() */
	ck_assert_uint_gt(p->cnt, p->main_cnt);
	for (u32 i = 0; i < p->nr_relos; i++) {
		maps += p->relos[i].kind == BPF_PSEUDO_MAP_FD;
		values += p->relos[i].kind == BPF_PSEUDO_MAP_VALUE;
		ck_assert_uint_eq(p->insns[p->relos[i].insn].code, BPF_LD | BPF_IMM | BPF_DW);
	}
	ck_assert_uint_eq(maps, 1);		/* counts */
	ck_assert_uint_eq(values, 2);		/* data_var, rodata_var */

	/* two programs in one section: by name, not by section */
	ck_assert_ptr_null(bpf_object_find_prog(obj, "xdp"));
	p = bpf_object_find_prog(obj, "one_prog");
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->sec_insn_off, obj->progs[0].main_cnt);

	/* SEC("?socket"): not loaded by default, found by its section */
	p = bpf_object_find_prog(obj, "socket");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->name, "not_by_default");
	ck_assert(!p->autoload);
	ck_assert_uint_eq(p->type, BPF_PROG_TYPE_SOCKET_FILTER);
	bpf_object_close(obj);
}
END_TEST

/* What a program needs and the loader cannot give is that program's error. */
START_TEST(bpf_object_refusals)
{
	struct bpf_object *obj = open_obj(OBJ("externs"));
	struct bpf_object_prog *p = bpf_object_find_prog(obj, "uses_kconfig");
	struct bpf_insn *insns;
	char err[256];
	u32 cnt;

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(strstr(p->err, "LINUX_KERNEL_VERSION"));
	ck_assert_ptr_nonnull(strstr(p->err, "extern"));
	ck_assert_int_eq(bpf_object_prepare_prog(obj, p, &insns, &cnt, err, sizeof(err)), -ENOTSUP);
	p = bpf_object_find_prog(obj, "unknown_type");
	ck_assert_uint_eq(p->type, BPF_PROG_TYPE_UNSPEC);
	ck_assert_int_eq(bpf_object_prepare_prog(obj, p, &insns, &cnt, err, sizeof(err)), -ENOTSUP);
	ck_assert_ptr_nonnull(strstr(err, "'frobnicate': libbpf knows no program type"));
	bpf_object_close(obj);

	/* a legacy "maps" section */
	obj = open_obj(OBJ("legacy_maps"));
	ck_assert_uint_eq(obj->nr_maps, 1);
	ck_assert_str_eq(obj->maps[0].name, "counts");
	ck_assert_uint_eq(obj->maps[0].type, BPF_MAP_TYPE_ARRAY);
	ck_assert_uint_eq(obj->maps[0].value_size, 8);
	bpf_object_close(obj);
}
END_TEST

/*
 * .kconfig externs: one frozen map, the largest alignment first, libbpf's
 * values; a weak one nobody defines is 0, a strong one an error of the
 * map (and of the programs that read it), not of the object.
 */
START_TEST(bpf_object_kconfig)
{
	struct bpf_object *obj = open_obj(OBJ("kconfig_btf"));
	const struct bpf_object_map *m = map_named(obj, ".kconfig");
	struct bpf_object_prog *p = bpf_object_find_prog(obj, "version");
	u32 major = 0, minor = 0, patch = 0, version;
	struct utsname u;
	u8 zeros[32] = { 0 };

	ck_assert_uint_eq(m->kind, BPF_OBJ_MAP_KCONFIG);
	ck_assert_str_eq(m->kname, "kconfig.kconfig");
	ck_assert_uint_eq(m->map_flags, BPF_F_RDONLY_PROG | BPF_F_MMAPABLE);
	ck_assert_str_eq(m->err, "");
	/* u64 NUMBER at 0, then the u32s by name (OPTION, VERSION), then
	 * the bytes (BPF_COOKIE, CHAR): 8 + 4 + 4 + 1 + 1
	 */
	ck_assert_uint_eq(m->value_size, 18);
	ck_assert_int_eq(uname(&u), 0);
	sscanf(u.release, "%u.%u.%u", &major, &minor, &patch);
	version = major << 16 | minor << 8 | (patch > 255 ? 255 : patch);
	ck_assert_uint_eq(*(u32 *)(m->data + 12), version);
	ck_assert_mem_eq(m->data, zeros, 12);		/* weak, undefined: 0 */
	ck_assert_mem_eq(m->data + 16, zeros, 2);	/* no kernel to probe: no cookie */

	/* the program reads the map at the extern's offset */
	ck_assert_str_eq(p->err, "");
	ck_assert_uint_eq(p->nr_relos, 1);
	ck_assert_uint_eq(p->relos[0].kind, BPF_PSEUDO_MAP_VALUE);
	ck_assert_uint_eq(p->relos[0].off, 12);
	ck_assert_int_eq(p->insns[p->relos[0].insn].imm, 0);
	bpf_object_close(obj);

	obj = open_obj(OBJ("kconfig_missing_btf"));
	m = map_named(obj, ".kconfig");
	ck_assert_str_eq(m->err, "extern (kcfg) 'CONFIG_BOOK_NO_SUCH_OPTION': value not found");
	bpf_object_close(obj);
}
END_TEST

/* The member of the kernel's struct name, in bytes (-1: none). */
static long kernel_member_off(const struct btf *btf, const char *name, const char *member)
{
	int id = btf__find_by_name_kind(btf, name, BTF_KIND_STRUCT);
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;

	for (u16 i = 0; t && i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(btf, btf_members(t)[i].name_off), member))
			return btf_member_bit_offset(t, i) / 8;
	return -1;
}

/*
 * CO-RE: each program's one relocated instruction holds what the running
 * kernel's BTF says, or 0 for what is not there.
 */
START_TEST(bpf_object_core)
{
	struct bpf_object *obj = open_obj(OBJ("core_btf"));
	struct btf *vmlinux = btf__load_vmlinux_btf();
	static const char *const progs[] = {
		"pid_offset", "pid_read", "field_missing", "type_size", "type_missing",
		"enum_value",
	};
	struct bpf_insn *insns[ARRAY_SIZE(progs)];
	char err[256];
	u32 cnt;

	for (size_t i = 0; i < ARRAY_SIZE(progs); i++) {
		struct bpf_object_prog *p = bpf_object_find_prog(obj, progs[i]);
		int ret;

		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq(p->nr_core, 1);
		ret = bpf_object_prepare_prog(obj, p, &insns[i], &cnt, err, sizeof(err));
		if (!vmlinux) {
			/* no kernel BTF on this machine: said so */
			ck_assert_int_eq(ret, -ENOTSUP);
			ck_assert_ptr_nonnull(strstr(err, "kernel's BTF"));
			continue;
		}
		ck_assert_msg(ret == 0, "%s: %s", progs[i], err);
	}
	if (vmlinux) {
		int task = btf__find_by_name_kind(vmlinux, "task_struct", BTF_KIND_STRUCT);

		ck_assert_int_gt(task, 0);
		ck_assert_int_eq(insns[0][0].imm, kernel_member_off(vmlinux, "task_struct", "pid"));
		ck_assert_int_eq(insns[1][0].off, kernel_member_off(vmlinux, "task_struct", "tgid"));
		ck_assert_int_eq(insns[2][0].imm, 0);
		ck_assert_int_eq(insns[3][0].imm, btf__type_by_id(vmlinux, task)->size);
		ck_assert_int_eq(insns[4][0].imm, 0);
		ck_assert_int_eq(insns[5][0].imm, BPF_MAP_TYPE_ARRAY);
		for (size_t i = 0; i < ARRAY_SIZE(progs); i++)
			free(insns[i]);
		btf__free(vmlinux);
	}
	bpf_object_close(obj);
}
END_TEST

START_TEST(bpf_object_sec_defs)
{
	static const struct {
		const char *sec;
		int err;
		u32 type, attach;
	} rows[] = {
		{ "socket", 0, BPF_PROG_TYPE_SOCKET_FILTER, 0 },
		{ "?tc", 0, BPF_PROG_TYPE_SCHED_CLS, 0 },
		{ "kprobe/do_sys_open", 0, BPF_PROG_TYPE_KPROBE, 0 },
		{ "kprobe", 0, BPF_PROG_TYPE_KPROBE, 0 },
		{ "kprobex", -ENOENT, 0, 0 },
		{ "tp/syscalls/sys_enter_write", 0, BPF_PROG_TYPE_TRACEPOINT, 0 },
		{ "raw_tp/sys_enter", 0, BPF_PROG_TYPE_RAW_TRACEPOINT, 0 },
		{ "cgroup_skb/ingress", 0, BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS },
		{ "xdp", 0, BPF_PROG_TYPE_XDP, 37 },
		{ "xdp/foo", -ENOENT, 0, 0 },		/* libbpf 1.0: exact */
		{ "fentry/do_unlinkat", -ENOTSUP, BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY },
		{ "struct_ops/x", -ENOTSUP, BPF_PROG_TYPE_STRUCT_OPS, 0 },
		{ "my_own_section", -ENOENT, 0, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		u32 type, attach;
		int err = bpf_object_sec_def(rows[i].sec, &type, &attach);

		ck_assert_msg(err == rows[i].err && type == rows[i].type &&
			      attach == rows[i].attach, "%s: %d %u %u", rows[i].sec, err,
			      type, attach);
	}
}
END_TEST

/* Corrupted and truncated objects: an error with a message, never a crash. */
START_TEST(bpf_object_corrupted)
{
	size_t size;
	FILE *f = fopen(OBJ("objects_btf"), "rb");
	u8 *good, *bad;
	u32 seed = 4242;
	int ok = 0, failed = 0;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	good = malloc(size);
	bad = malloc(size);
	ck_assert_uint_eq(fread(good, 1, size, f), size);
	fclose(f);
	for (unsigned int round = 0; round < test_rounds(3000); round++) {
		struct bpf_object *obj;
		char err[256] = "";
		int ret;

		memcpy(bad, good, size);
		for (int k = 0; k < 1 + (int)round % 4; k++) {
			seed = seed * 1103515245 + 12345;
			bad[(seed >> 8) % size] ^= 1 + (seed >> 24) % 255;
		}
		/* every fifth round, cut the file short too */
		ret = bpf_object_open_mem(bad, round % 5 == 4 ? (seed >> 4) % size : size,
					  "x.o", NULL, &obj, err, sizeof(err));
		if (ret) {
			ck_assert_msg(err[0], "round %u: %d without a message", round, ret);
			failed++;
			continue;
		}
		for (u32 i = 0; i < obj->nr_progs; i++) {
			struct bpf_insn *insns = NULL;
			u32 cnt;

			/* no kernel: creating a map would fail; a program
			 * without maps prepares, or says why not
			 */
			if (!obj->progs[i].nr_relos &&
			    bpf_object_prepare_prog(obj, &obj->progs[i], &insns, &cnt,
						    err, sizeof(err)) == 0)
				free(insns);
		}
		bpf_object_close(obj);
		ok++;
	}
	ck_assert_int_gt(ok, 0);
	ck_assert_int_gt(failed, 0);
	free(good);
	free(bad);
}
END_TEST

/* The header of section `name` in an ELF64 file held in buf, or NULL. */
static Elf64_Shdr *find_shdr(u8 *buf, size_t size, const char *name)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Shdr *sh = (Elf64_Shdr *)(buf + eh->e_shoff), *strtab;

	ck_assert(eh->e_shoff + eh->e_shnum * sizeof(*sh) <= size);
	strtab = &sh[eh->e_shstrndx];
	for (int i = 0; i < eh->e_shnum; i++)
		if (!strcmp((char *)buf + strtab->sh_offset + sh[i].sh_name, name))
			return &sh[i];
	return NULL;
}

/*
 * A section the loader reads (.BTF, .BTF.ext, legacy 'maps') made
 * SHT_NOBITS: it keeps its size and has no bytes in the file. Refused with
 * a message; libbpf's btf__new() was once handed its NULL buffer.
 */
START_TEST(bpf_object_nobits)
{
	static const struct { const char *obj, *sec; } t[] = {
		{ "objects_btf", ".BTF" }, { "objects_btf", ".BTF.ext" },
		{ "legacy_maps", "maps" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char path[64];
		FILE *f;
		struct bpf_object *obj = NULL;
		char err[256] = "";
		Elf64_Shdr *sh;
		size_t size;
		u8 *buf;
		int ret;

		snprintf(path, sizeof(path), "bpf/%s.o", t[i].obj);
		f = fopen(path, "rb");
		ck_assert_ptr_nonnull(f);
		fseek(f, 0, SEEK_END);
		size = ftell(f);
		rewind(f);
		buf = malloc(size);
		ck_assert_uint_eq(fread(buf, 1, size, f), size);
		fclose(f);
		sh = find_shdr(buf, size, t[i].sec);
		ck_assert_msg(sh && sh->sh_size, "%s: no section %s", t[i].obj, t[i].sec);
		sh->sh_type = SHT_NOBITS;
		ret = bpf_object_open_mem(buf, size, "x.o", NULL, &obj, err, sizeof(err));
		ck_assert_msg(ret == -EINVAL, "%s %s: %d", t[i].obj, t[i].sec, ret);
		ck_assert_msg(strstr(err, "SHT_NOBITS"), "%s %s: %s", t[i].obj, t[i].sec, err);
		free(buf);
	}
}
END_TEST

void add_bpf_object_tests(Suite *s)
{
	TCase *tc = tcase_create("bpf_object");

	ADD(tc, bpf_object_maps);
	ADD(tc, bpf_object_nobits);
	ADD(tc, bpf_object_programs);
	ADD(tc, bpf_object_refusals);
	ADD(tc, bpf_object_kconfig);
	ADD(tc, bpf_object_core);
	ADD(tc, bpf_object_sec_defs);
	ADD(tc, bpf_object_corrupted);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
}
