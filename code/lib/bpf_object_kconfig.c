// SPDX-License-Identifier: GPL-2.0
/*
 * Externs of the kernel's configuration: `extern int CONFIG_HZ __kconfig;`
 * and libbpf's own LINUX_KERNEL_VERSION, LINUX_HAS_BPF_COOKIE,
 * LINUX_HAS_SYSCALL_WRAPPER. Each is a variable of the .kconfig section
 * (in the object's BTF, a VAR with extern linkage) that no section
 * defines; libbpf lays them out in one more read-only array map,
 * "<obj>.kconfig", writes their values and freezes it, and points every
 * instruction that reads one at its place in that map. The verifier then
 * knows each value as a constant (chapter 08: frozen maps).
 *
 * Mirrors tools/lib/bpf/libbpf.c (libbpf 1.1): bpf_object__collect_externs()
 * for the .kconfig part, find_kcfg_type(), cmp_externs(),
 * bpf_object__init_kconfig_map(), set_kcfg_value_tri(),
 * set_kcfg_value_str(), set_kcfg_value_num(), bpf_object__process_kconfig_line(),
 * bpf_object__read_kconfig_file() and the kconfig half of
 * bpf_object__resolve_externs(). Written afresh.
 *
 * The values are the running machine's, as libbpf reads them: the kernel
 * version from uname(2), the configuration from /boot/config-$(uname -r)
 * or /proc/config.gz. __ksym externs (kernel symbols, by BTF id or
 * address) are not resolved: a program using one is refused, naming it.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <zlib.h>
#include <bpf/btf.h>

#include "bpf_object_elf.h"

enum kcfg_type { KCFG_UNKNOWN, KCFG_CHAR, KCFG_BOOL, KCFG_INT, KCFG_TRISTATE, KCFG_CHAR_ARR };

/* include/linux/kconfig.h as libbpf's bpf_helpers.h has it */
enum libbpf_tristate { TRI_NO = 0, TRI_YES = 1, TRI_MODULE = 2 };

struct obj_kcfg {
	char name[BPF_OBJ_NAME_MAX];
	enum kcfg_type type;
	u32 sz, align, data_off;
	bool is_signed, weak, is_set;
};

static enum kcfg_type find_kcfg_type(const struct btf *btf, u32 id, bool *is_signed)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name;

	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(btf, t->type);
	if (!t)
		return KCFG_UNKNOWN;
	name = btf__name_by_offset(btf, t->name_off);
	if (btf_is_int(t)) {
		u8 enc = btf_int_encoding(t);

		if (is_signed)
			*is_signed = enc & BTF_INT_SIGNED;
		if (t->size == 1 && (enc & BTF_INT_BOOL))
			return KCFG_BOOL;
		if (t->size == 1)
			return KCFG_CHAR;
		if (btf_int_offset(t) || !(t->size == 2 || t->size == 4 || t->size == 8))
			return KCFG_UNKNOWN;
		return KCFG_INT;
	}
	if (btf_is_enum(t)) {
		if (t->size != 4 || !name || strcmp(name, "libbpf_tristate"))
			return KCFG_UNKNOWN;
		return KCFG_TRISTATE;
	}
	if (btf_is_array(t)) {
		const struct btf_array *a = btf_array(t);
		const struct btf_type *e = btf__type_by_id(btf, a->type);

		if (!a->nelems || !e || !btf_is_int(e) || e->size != 1)
			return KCFG_UNKNOWN;
		return KCFG_CHAR_ARR;
	}
	return KCFG_UNKNOWN;
}

/* The DATASEC named sec that holds VAR id, or false. */
static bool var_in_datasec(const struct btf *btf, u32 var_id, const char *sec)
{
	u32 n = btf__type_cnt(btf);

	for (u32 i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const struct btf_var_secinfo *vs;
		const char *name;

		if (!btf_is_datasec(t))
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		if (!name || strcmp(name, sec))
			continue;
		vs = btf_var_secinfos(t);
		for (u16 j = 0; j < btf_vlen(t); j++)
			if (vs[j].type == var_id)
				return true;
	}
	return false;
}

/* cmp_externs(): larger alignment first, then by name: a stable layout */
static int cmp_kcfg(const void *a, const void *b)
{
	const struct obj_kcfg *x = a, *y = b;

	if (x->align != y->align)
		return x->align < y->align ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* ---- values ---------------------------------------------------------------- */

static int set_value(struct obj_kcfg *ext, u8 *data, const char *name, const char *value)
{
	void *p = data + ext->data_off;
	size_t len;

	if (ext->is_set)
		return 0;		/* the first definition counts */
	/* set_kcfg_value_tri(): y, n, m */
	if ((value[0] == 'y' || value[0] == 'n' || value[0] == 'm') && !value[1]) {
		switch (ext->type) {
		case KCFG_BOOL:
			if (value[0] == 'm')
				return -EINVAL;	/* a tristate for a bool */
			*(bool *)p = value[0] == 'y';
			break;
		case KCFG_TRISTATE:
			*(int *)p = value[0] == 'y' ? TRI_YES : value[0] == 'm' ? TRI_MODULE : TRI_NO;
			break;
		case KCFG_CHAR:
			*(char *)p = value[0];
			break;
		default:
			return -EINVAL;
		}
		ext->is_set = true;
		return 0;
	}
	/* set_kcfg_value_str(): "text", for a char array, cut to fit */
	if (value[0] == '"') {
		len = strlen(value);
		if (ext->type != KCFG_CHAR_ARR || len < 2 || value[len - 1] != '"')
			return -EINVAL;
		len -= 2;
		if (len >= ext->sz)
			len = ext->sz - 1;
		memcpy(p, value + 1, len);
		((char *)p)[len] = '\0';
		ext->is_set = true;
		return 0;
	}
	/* set_kcfg_value_num() */
	{
		char *end;
		unsigned long long num;

		errno = 0;
		num = strtoull(value, &end, 0);
		if (errno || *end || end == value)
			return -EINVAL;
		if (ext->type != KCFG_INT && ext->type != KCFG_CHAR && ext->type != KCFG_BOOL)
			return -EINVAL;
		if (ext->type == KCFG_BOOL && num > 1)
			return -ERANGE;
		if (ext->sz < 8 && (num >> (ext->sz * 8)) &&
		    !(ext->is_signed && (long long)num < 0 &&
		      (long long)num >= -(1LL << (ext->sz * 8 - 1))))
			return -ERANGE;
		memcpy(p, &num, ext->sz);	/* little-endian: the low bytes */
		ext->is_set = true;
	}
	(void)name;
	return 0;
}

/* bpf_object__process_kconfig_line(): "CONFIG_X=value" */
static void kconfig_line(struct obj_kcfg *kcfg, u32 n, u8 *data, char *line)
{
	char *eq, *value;

	if (strncmp(line, "CONFIG_", 7))
		return;
	line[strcspn(line, "\n")] = '\0';
	eq = strchr(line, '=');
	if (!eq)
		return;
	*eq = '\0';
	value = eq + 1;
	for (u32 i = 0; i < n; i++)
		if (!strcmp(kcfg[i].name, line))
			set_value(&kcfg[i], data, line, value);
}

static void read_kconfig(struct obj_kcfg *kcfg, u32 n, u8 *data)
{
	struct utsname u;
	char path[300], line[4096];
	gzFile f;

	if (uname(&u))
		return;
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	f = gzopen(path, "r");		/* zlib reads plain files too */
	if (!f)
		f = gzopen("/proc/config.gz", "r");
	if (!f)
		return;
	while (gzgets(f, line, sizeof(line)))
		kconfig_line(kcfg, n, data, line);
	gzclose(f);
}

/* get_kernel_version(): KERNEL_VERSION(major, minor, patch) of the running kernel */
static u32 kernel_version(void)
{
	int major = 0, minor = 0, patch = 0;
	struct utsname u;

	if (uname(&u) || sscanf(u.release, "%d.%d.%d", &major, &minor, &patch) < 2)
		return 0;
	return (u32)major << 16 | (u32)minor << 8 | (u32)min(patch, 255);
}

/*
 * probe_kern_bpf_cookie(): does the kernel take a kprobe program calling
 * bpf_get_attach_cookie() (helper 174, Linux 5.15)? This book's v5.8 does not.
 */
static bool probe_bpf_cookie(const struct bpf_object_kernel *kern)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_JMP | BPF_CALL, .imm = 174 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	long fd;

	if (!kern || !kern->bpf)
		return false;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_KPROBE;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = 2;
	attr.license = (unsigned long)"GPL";
	fd = kern->bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0)
		return false;
	kern->close(fd);
	return true;
}

static int resolve_kconfig(struct obj_elf *e, struct obj_kcfg *kcfg, u32 n, u8 *data)
{
	bool need_config = false;

	for (u32 i = 0; i < n; i++) {
		struct obj_kcfg *ext = &kcfg[i];
		u64 v;

		if (!strncmp(ext->name, "CONFIG_", 7)) {
			need_config = true;
			continue;
		}
		if (!strcmp(ext->name, "LINUX_KERNEL_VERSION"))
			v = kernel_version();
		else if (!strcmp(ext->name, "LINUX_HAS_BPF_COOKIE"))
			v = probe_bpf_cookie(e->obj->kern);
		else if (!strcmp(ext->name, "LINUX_HAS_SYSCALL_WRAPPER"))
			v = 1;		/* x86-64 since 4.17: __x64_sys_bpf() */
		else
			return obj_err(e, -EINVAL, "unrecognized extern '%s'", ext->name);
		if (ext->type != KCFG_INT && ext->type != KCFG_BOOL && ext->type != KCFG_CHAR)
			return obj_err(e, -EINVAL, "extern (kcfg) '%s': an integer expected",
				       ext->name);
		memcpy(data + ext->data_off, &v, ext->sz);
		ext->is_set = true;
	}
	if (need_config)
		read_kconfig(kcfg, n, data);
	for (u32 i = 0; i < n; i++)
		if (!kcfg[i].is_set && !kcfg[i].weak)
			return obj_err(e, -ESRCH, "extern (kcfg) '%s': value not found",
				       kcfg[i].name);
	return 0;
}

/* ---- collecting ------------------------------------------------------------ */

/*
 * The .kconfig externs of the symbol table, laid out and valued in a map
 * of their own. Nothing to do for an object without any.
 */
int obj_init_kconfig(struct obj_elf *e)
{
	const struct btf *btf = e->obj->btf;
	struct bpf_object_map *map;
	struct obj_kcfg *kcfg = NULL;
	u32 n = 0, off = 0;
	int err;

	e->kcfg_map = -1;
	if (!btf)
		return 0;
	for (size_t i = 0; i < e->nsyms; i++) {
		struct obj_kcfg *k;
		const struct btf_type *var;
		const char *name;
		GElf_Sym sym;
		int id;

		if (obj_sym(e, i, &sym) || sym.st_shndx != SHN_UNDEF ||
		    (GELF_ST_BIND(sym.st_info) != STB_GLOBAL &&
		     GELF_ST_BIND(sym.st_info) != STB_WEAK))
			continue;
		name = obj_sym_name(e, &sym);
		if (!name || !*name)
			continue;
		id = btf__find_by_name_kind(btf, name, BTF_KIND_VAR);
		if (id <= 0 || !var_in_datasec(btf, id, ".kconfig"))
			continue;
		var = btf__type_by_id(btf, id);
		k = realloc(kcfg, (n + 1) * sizeof(*k));
		if (!k) {
			free(kcfg);
			return obj_err(e, -ENOMEM, "out of memory");
		}
		kcfg = k;
		k = &kcfg[n++];
		memset(k, 0, sizeof(*k));
		snprintf(k->name, sizeof(k->name), "%s", name);
		k->weak = GELF_ST_BIND(sym.st_info) == STB_WEAK;
		k->type = find_kcfg_type(btf, var->type, &k->is_signed);
		err = btf__resolve_size(btf, var->type);
		k->sz = err > 0 ? err : 0;
		err = btf__align_of(btf, var->type);
		k->align = err > 0 ? err : 0;
		if (k->type == KCFG_UNKNOWN || !k->sz || !k->align || k->sz > 4096) {
			free(kcfg);
			return obj_err(e, -ENOTSUP, "extern (kcfg) '%s': type is unsupported",
				       name);
		}
	}
	if (!n)
		return 0;

	qsort(kcfg, n, sizeof(*kcfg), cmp_kcfg);
	for (u32 i = 0; i < n; i++) {
		off = (off + kcfg[i].align - 1) / kcfg[i].align * kcfg[i].align;
		kcfg[i].data_off = off;
		off += kcfg[i].sz;
	}

	map = obj_add_map(e, ".kconfig");
	if (!map) {
		free(kcfg);
		return obj_err(e, -ENOMEM, "out of memory");
	}
	obj_internal_map_name(e->obj, ".kconfig", map->kname);
	map->kind = BPF_OBJ_MAP_KCONFIG;
	map->sec_idx = -1;
	map->type = BPF_MAP_TYPE_ARRAY;
	map->key_size = sizeof(int);
	map->value_size = off;
	map->max_entries = 1;
	map->map_flags = BPF_F_RDONLY_PROG | BPF_F_MMAPABLE;
	map->data = calloc(1, off);
	if (!map->data) {
		free(kcfg);
		return obj_err(e, -ENOMEM, "out of memory");
	}
	e->kcfg_map = e->obj->nr_maps - 1;
	err = resolve_kconfig(e, kcfg, n, map->data);
	if (err) {
		/* the object opens; only the programs that read it cannot load */
		snprintf(map->err, sizeof(map->err), "%s", e->err);
		e->err[0] = '\0';
	}
	e->kcfg = kcfg;
	e->nr_kcfg = n;
	return 0;
}

/* Where the .kconfig extern name lives in its map, or -1. */
int obj_find_kconfig(struct obj_elf *e, const char *name, u32 *off)
{
	const struct obj_kcfg *kcfg = e->kcfg;

	for (u32 i = 0; i < e->nr_kcfg; i++)
		if (!strcmp(kcfg[i].name, name)) {
			*off = kcfg[i].data_off;
			return e->kcfg_map;
		}
	return -1;
}
