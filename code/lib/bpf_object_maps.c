// SPDX-License-Identifier: GPL-2.0
/*
 * The maps of a BPF object, three kinds:
 *
 *   .maps      BTF-defined: each variable's type says the map, one field
 *              per property, numbers encoded in the types themselves
 *              (`__uint(max_entries, 8)` is `int (*max_entries)[8]`);
 *   "maps"     legacy: an array of struct bpf_map_def { type, key_size,
 *              value_size, max_entries, map_flags } (libbpf 0.x, iproute2,
 *              old samples/bpf; libbpf 1.0 dropped them);
 *   data       .data, .rodata and .bss (and their .name variants): one
 *              array map of one element each, the section's bytes its
 *              value; .rodata is read-only for programs and frozen.
 *
 * Mirrors tools/lib/bpf/libbpf.c, Linux 6.1 (libbpf 1.1):
 * bpf_object__init_user_btf_maps(), bpf_object__init_user_btf_map(),
 * get_map_field_int(), parse_btf_map_def(), bpf_object__collect_map_relos(),
 * bpf_object__init_global_data_maps(), bpf_object__init_internal_map(),
 * obj_internal_map_name(); libbpf 0.x's bpf_object__init_user_maps(). Written
 * afresh; the BTF is read with libbpf's API.
 */
#include <bpf/btf.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_object_elf.h"

struct bpf_object_map *obj_add_map(struct obj_elf *e, const char *name)
{
	struct bpf_object *obj = e->obj;
	struct bpf_object_map *n = realloc(obj->maps, (obj->nr_maps + 1) * sizeof(*n));

	if (!n)
		return NULL;
	obj->maps = n;
	n = &n[obj->nr_maps++];
	memset(n, 0, sizeof(*n));
	n->fd = -1;
	snprintf(n->name, sizeof(n->name), "%s", name);
	/* the kernel's map name: at most 15 characters */
	snprintf(n->kname, sizeof(n->kname), "%s", name);
	return n;
}

int obj_find_map(struct bpf_object *obj, int shndx, u64 off, bool data)
{
	for (u32 i = 0; i < obj->nr_maps; i++) {
		const struct bpf_object_map *m = &obj->maps[i];

		if (m->sec_idx != shndx)
			continue;
		if (data ? m->kind != BPF_OBJ_MAP_USER : m->sec_off == off)
			return i;
	}
	return -1;
}

/* ---- BTF-defined maps ------------------------------------------------------ */

/* Through typedefs and qualifiers to the type itself (NULL if broken). */
static const struct btf_type *skip_mods_and_typedefs(const struct btf *btf, u32 id, u32 *res_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	for (int depth = 0; t && depth < 32; depth++) {
		switch (btf_kind(t)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			id = t->type;
			t = btf__type_by_id(btf, id);
			continue;
		default:
			if (res_id)
				*res_id = id;
			return t;
		}
	}
	return NULL;
}

/* `int (*name)[N]` means N. */
static int get_map_field_int(struct obj_elf *e, const char *map_name, const struct btf *btf,
			     const struct btf_member *m, u32 *res)
{
	const struct btf_type *t = skip_mods_and_typedefs(btf, m->type, NULL);
	const char *name = btf__name_by_offset(btf, m->name_off);
	const struct btf_type *arr_t;

	if (!t || !btf_is_ptr(t))
		return obj_err(e, -EINVAL, "map '%s': attr '%s': expected PTR", map_name, name);
	arr_t = btf__type_by_id(btf, t->type);
	if (!arr_t || !btf_is_array(arr_t))
		return obj_err(e, -EINVAL, "map '%s': attr '%s': expected ARRAY", map_name, name);
	*res = btf_array(arr_t)->nelems;
	return 0;
}

static bool map_is_map_in_map(u32 type)
{
	return type == BPF_MAP_TYPE_ARRAY_OF_MAPS || type == BPF_MAP_TYPE_HASH_OF_MAPS;
}

static int type_size(struct obj_elf *e, const char *map_name, const struct btf *btf,
		     const struct btf_member *m, const char *what, u32 *size)
{
	const struct btf_type *t = btf__type_by_id(btf, m->type);
	s64 sz;

	if (!t || !btf_is_ptr(t))
		return obj_err(e, -EINVAL, "map '%s': %s spec is not PTR", map_name, what);
	sz = btf__resolve_size(btf, t->type);
	if (sz < 0 || sz > U32_MAX)
		return obj_err(e, -EINVAL, "map '%s': can't determine %s size for type [%u]",
			       map_name, what, t->type);
	if (*size && *size != sz)
		return obj_err(e, -EINVAL, "map '%s': conflicting %s size %u != %lld",
			       map_name, what, *size, (long long)sz);
	*size = sz;
	return 0;
}

/* parse_btf_map_def(): one map's fields; inner is the template of a map of maps. */
static int parse_btf_map_def(struct obj_elf *e, const char *map_name, const struct btf *btf,
			     const struct btf_type *def_t, struct bpf_object_map *map,
			     struct bpf_object_map *inner)
{
	const struct btf_member *m = btf_members(def_t);
	int vlen = btf_vlen(def_t), err;
	u32 ignored;

	for (int i = 0; i < vlen; i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);
		const struct btf_type *t;

		if (!name)
			return obj_err(e, -EINVAL, "map '%s': invalid field #%d", map_name, i);
		if (!strcmp(name, "type")) {
			err = get_map_field_int(e, map_name, btf, m, &map->type);
		} else if (!strcmp(name, "max_entries")) {
			err = get_map_field_int(e, map_name, btf, m, &map->max_entries);
		} else if (!strcmp(name, "map_flags")) {
			err = get_map_field_int(e, map_name, btf, m, &map->map_flags);
		} else if (!strcmp(name, "numa_node")) {
			err = get_map_field_int(e, map_name, btf, m, &map->numa_node);
		} else if (!strcmp(name, "key_size")) {
			u32 sz;

			err = get_map_field_int(e, map_name, btf, m, &sz);
			if (!err && map->key_size && map->key_size != sz)
				err = obj_err(e, -EINVAL, "map '%s': conflicting key size %u != %u",
					      map_name, map->key_size, sz);
			map->key_size = sz;
		} else if (!strcmp(name, "key")) {
			err = type_size(e, map_name, btf, m, "key", &map->key_size);
		} else if (!strcmp(name, "value_size")) {
			u32 sz;

			err = get_map_field_int(e, map_name, btf, m, &sz);
			if (!err && map->value_size && map->value_size != sz)
				err = obj_err(e, -EINVAL, "map '%s': conflicting value size %u != %u",
					      map_name, map->value_size, sz);
			map->value_size = sz;
		} else if (!strcmp(name, "value")) {
			err = type_size(e, map_name, btf, m, "value", &map->value_size);
		} else if (!strcmp(name, "values")) {
			bool is_prog_array = map->type == BPF_MAP_TYPE_PROG_ARRAY;

			if (!inner)
				return obj_err(e, -ENOTSUP, "map '%s': multi-level inner maps "
					       "not supported", map_name);
			if (i != vlen - 1)
				return obj_err(e, -EINVAL, "map '%s': '%s' member should be last",
					       map_name, name);
			if (!map_is_map_in_map(map->type) && !is_prog_array)
				return obj_err(e, -ENOTSUP, "map '%s': should be map-in-map or "
					       "prog-array", map_name);
			if (map->value_size && map->value_size != 4)
				return obj_err(e, -EINVAL, "map '%s': conflicting value size "
					       "%u != 4", map_name, map->value_size);
			map->value_size = 4;
			map->values_off = btf_member_bit_offset(def_t, i) / 8;
			t = btf__type_by_id(btf, m->type);
			if (!t || !btf_is_array(t) || btf_array(t)->nelems)
				return obj_err(e, -EINVAL, "map '%s': values spec is not a "
					       "zero-sized array", map_name);
			t = skip_mods_and_typedefs(btf, btf_array(t)->type, NULL);
			if (!t || !btf_is_ptr(t))
				return obj_err(e, -EINVAL, "map '%s': values def is of "
					       "unexpected kind", map_name);
			t = skip_mods_and_typedefs(btf, t->type, NULL);
			if (is_prog_array) {
				if (!t || !btf_is_func_proto(t))
					return obj_err(e, -EINVAL, "map '%s': prog-array value "
						       "def is of unexpected kind", map_name);
				continue;
			}
			if (!t || !btf_is_struct(t))
				return obj_err(e, -EINVAL, "map '%s': map-in-map inner def is "
					       "of unexpected kind", map_name);
			map->inner = calloc(1, sizeof(*map->inner));
			if (!map->inner)
				return obj_err(e, -ENOMEM, "out of memory");
			map->inner->fd = -1;
			snprintf(map->inner->name, sizeof(map->inner->name), "%.57s.inner",
				 map_name);
			err = parse_btf_map_def(e, map->inner->name, btf, t, map->inner, NULL);
		} else if (!strcmp(name, "pinning")) {
			/* LIBBPF_PIN_BY_NAME: a bpffs path; nothing is pinned here */
			err = get_map_field_int(e, map_name, btf, m, &ignored);
		} else if (!strcmp(name, "map_extra")) {
			err = get_map_field_int(e, map_name, btf, m, &ignored);
		} else {
			return obj_err(e, -ENOTSUP, "map '%s': unknown field '%s'", map_name, name);
		}
		if (err)
			return err;
	}
	if (!map->type)
		return obj_err(e, -EINVAL, "map '%s': map type isn't specified", map_name);
	return 0;
}

/* The symbol of a variable in .maps: where its definition sits. */
static int find_map_sym(struct obj_elf *e, int shndx, const char *name, GElf_Sym *out)
{
	for (size_t i = 0; i < e->nsyms; i++) {
		GElf_Sym sym;

		if (obj_sym(e, i, &sym) || sym.st_shndx != shndx)
			continue;
		if (!strcmp(obj_sym_name(e, &sym), name)) {
			*out = sym;
			return 0;
		}
	}
	return -ENOENT;
}

static int init_user_btf_maps(struct obj_elf *e)
{
	const struct btf *btf = e->obj->btf;
	const struct btf_var_secinfo *vi;
	const struct btf_type *sec = NULL;
	Elf_Data *data;
	int err, vlen;

	if (!e->maps_shndx)
		return 0;
	if (!btf)
		return obj_err(e, -EINVAL, "section '.maps' needs the object's BTF (.BTF)");
	err = obj_sec_data(e, e->maps_shndx, &data);
	if (err)
		return err;
	for (u32 id = 1; id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name = btf__name_by_offset(btf, t->name_off);

		if (btf_is_datasec(t) && name && !strcmp(name, ".maps")) {
			sec = t;
			break;
		}
	}
	if (!sec)
		return obj_err(e, -EINVAL, "DATASEC '.maps' not found in the object's BTF");

	vlen = btf_vlen(sec);
	vi = btf_var_secinfos(sec);
	for (int i = 0; i < vlen; i++, vi++) {
		const struct btf_type *var = btf__type_by_id(btf, vi->type), *def;
		struct bpf_object_map *map;
		const char *name;
		GElf_Sym sym;

		if (!var || !btf_is_var(var))
			return obj_err(e, -EINVAL, ".maps: variable #%d is not a VAR", i);
		name = btf__name_by_offset(btf, var->name_off);
		if (!name || !name[0])
			return obj_err(e, -EINVAL, ".maps: variable #%d has no name", i);
		def = skip_mods_and_typedefs(btf, var->type, NULL);
		if (!def || !btf_is_struct(def))
			return obj_err(e, -EINVAL, "map '%s': unexpected def kind", name);
		map = obj_add_map(e, name);
		if (!map)
			return obj_err(e, -ENOMEM, "out of memory");
		map->kind = BPF_OBJ_MAP_USER;
		map->sec_idx = e->maps_shndx;
		/* clang leaves the offsets to the linker: the symbol has them */
		map->sec_off = find_map_sym(e, e->maps_shndx, name, &sym) ? vi->offset : sym.st_value;
		map->sec_size = vi->size;
		if (map->sec_off > data->d_size || vi->size > data->d_size - map->sec_off)
			return obj_err(e, -EINVAL, "map '%s': %u bytes at %llu, outside .maps",
				       name, vi->size, (unsigned long long)map->sec_off);
		err = parse_btf_map_def(e, name, btf, def, map, map);
		if (err)
			return err;
	}
	return 0;
}

/* ---- legacy maps ------------------------------------------------------------ */

/* libbpf 0.x: "maps" holds equal-sized definitions, one symbol each. */
static int init_legacy_maps(struct obj_elf *e)
{
	const Elf_Data *data = e->legacy_maps;
	size_t nr = 0, def_sz;

	if (!e->legacy_maps_shndx || !data->d_size)
		return 0;
	for (size_t i = 0; i < e->nsyms; i++) {
		GElf_Sym sym;

		if (!obj_sym(e, i, &sym) && sym.st_shndx == e->legacy_maps_shndx &&
		    GELF_ST_TYPE(sym.st_info) != STT_SECTION)
			nr++;
	}
	if (!nr || data->d_size % nr)
		return obj_err(e, -EINVAL, "section 'maps': %zu bytes do not divide into "
			       "%zu map definitions", data->d_size, nr);
	def_sz = data->d_size / nr;
	if (def_sz < 5 * sizeof(u32))
		return obj_err(e, -EINVAL, "section 'maps': %zu-byte definitions, less "
			       "than struct bpf_map_def's 20", def_sz);
	for (size_t i = 0; i < e->nsyms; i++) {
		struct bpf_object_map *map;
		u32 def[5];
		GElf_Sym sym;

		if (obj_sym(e, i, &sym) || sym.st_shndx != e->legacy_maps_shndx ||
		    GELF_ST_TYPE(sym.st_info) == STT_SECTION)
			continue;
		if (sym.st_value > data->d_size || def_sz > data->d_size - sym.st_value)
			return obj_err(e, -EINVAL, "map '%s': outside section 'maps'",
				       obj_sym_name(e, &sym));
		map = obj_add_map(e, obj_sym_name(e, &sym));
		if (!map)
			return obj_err(e, -ENOMEM, "out of memory");
		memcpy(def, (const u8 *)data->d_buf + sym.st_value, sizeof(def));
		map->kind = BPF_OBJ_MAP_USER;
		map->sec_idx = e->legacy_maps_shndx;
		map->sec_off = sym.st_value;
		map->sec_size = def_sz;
		map->type = def[0];
		map->key_size = def[1];
		map->value_size = def[2];
		map->max_entries = def[3];
		map->map_flags = def[4];
	}
	return 0;
}

/* ---- global data ------------------------------------------------------------ */

static bool has_prefix(const char *s, const char *pfx)
{
	return !strncmp(s, pfx, strlen(pfx));
}

bool obj_is_data_sec(const char *name, bool nobits, enum bpf_object_map_kind *kind)
{
	if (nobits) {
		*kind = BPF_OBJ_MAP_BSS;
		return !strcmp(name, ".bss") || has_prefix(name, ".bss.");
	}
	if (!strcmp(name, ".data") || has_prefix(name, ".data.")) {
		*kind = BPF_OBJ_MAP_DATA;
		return true;
	}
	if (!strcmp(name, ".rodata") || has_prefix(name, ".rodata.")) {
		*kind = BPF_OBJ_MAP_RODATA;
		return true;
	}
	return false;
}

/*
 * obj_internal_map_name(): "obj.rodata", the object's name cut so that the
 * section's whole name fits; a ".rodata.str1.1" (two dots) keeps only its
 * own name. Characters the kernel does not allow become '_'.
 */
void obj_internal_map_name(const struct bpf_object *obj, const char *real_name, char *out)
{
	size_t sfx_len = max((size_t)7, strlen(real_name));
	size_t pfx_len;
	char *p;

	if (sfx_len >= BPF_OBJ_NAME_LEN)
		sfx_len = BPF_OBJ_NAME_LEN - 1;
	if (strchr(real_name + 1, '.'))
		pfx_len = 0;
	else
		pfx_len = min((size_t)BPF_OBJ_NAME_LEN - sfx_len - 1, strlen(obj->name));

	snprintf(out, BPF_OBJ_NAME_LEN, "%.*s%.*s", (int)pfx_len, obj->name,
		 (int)sfx_len, real_name);
	for (p = out; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.')
			*p = '_';
}

static int init_global_data_maps(struct obj_elf *e)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(e->elf, scn))) {
		enum bpf_object_map_kind kind;
		struct bpf_object_map *map;
		int idx = elf_ndxscn(scn);
		const char *name;
		Elf_Data *data;
		GElf_Shdr sh;
		int err;

		if (!gelf_getshdr(scn, &sh) || !(name = obj_sec_name(e, idx)))
			continue;
		if ((sh.sh_type != SHT_PROGBITS && sh.sh_type != SHT_NOBITS) ||
		    !(sh.sh_flags & SHF_ALLOC) || (sh.sh_flags & SHF_EXECINSTR) ||
		    !obj_is_data_sec(name, sh.sh_type == SHT_NOBITS, &kind))
			continue;
		err = obj_sec_data(e, idx, &data);
		if (err)
			return err;
		if (!data->d_size)
			continue;
		if (data->d_size > U32_MAX)
			return obj_err(e, -E2BIG, "section '%s' is larger than 4 GiB", name);
		map = obj_add_map(e, name);
		if (!map)
			return obj_err(e, -ENOMEM, "out of memory");
		obj_internal_map_name(e->obj, name, map->kname);
		map->kind = kind;
		map->sec_idx = idx;
		map->type = BPF_MAP_TYPE_ARRAY;
		map->key_size = sizeof(int);
		map->value_size = data->d_size;
		map->max_entries = 1;
		map->map_flags = kind == BPF_OBJ_MAP_RODATA ? BPF_F_RDONLY_PROG : 0;
		map->map_flags |= BPF_F_MMAPABLE;
		if (kind != BPF_OBJ_MAP_BSS && data->d_buf) {
			map->data = malloc(data->d_size);
			if (!map->data)
				return obj_err(e, -ENOMEM, "out of memory");
			memcpy(map->data, data->d_buf, data->d_size);
		}
	}
	return 0;
}

int obj_init_maps(struct obj_elf *e)
{
	int err = init_legacy_maps(e);

	if (!err)
		err = init_user_btf_maps(e);
	if (!err)
		err = init_global_data_maps(e);
	if (!err)
		err = obj_init_kconfig(e);
	return err;
}

/*
 * bpf_object__collect_map_relos(): `.values = { [1] = &prog }` in a BTF map
 * leaves a relocation in .rel.maps against prog at the slot's place.
 */
int obj_collect_map_inits(struct obj_elf *e)
{
	struct bpf_object *obj = e->obj;
	size_t n;

	if (!e->maps_rel)
		return 0;
	n = e->maps_rel->d_size / sizeof(Elf64_Rel);
	for (size_t i = 0; i < n; i++) {
		struct bpf_object_map_init *inits;
		struct bpf_object_map *map = NULL;
		const char *name;
		GElf_Rel rel;
		GElf_Sym sym;
		u64 moff;
		int targ_prog = -1, targ_map = -1;

		if (!gelf_getrel(e->maps_rel, i, &rel))
			return obj_err(e, -EINVAL, ".rel.maps: relocation #%zu unreadable", i);
		if (obj_sym(e, GELF_R_SYM(rel.r_info), &sym))
			return obj_err(e, -EINVAL, ".rel.maps: relocation #%zu: bad symbol", i);
		name = obj_sym_name(e, &sym);
		for (u32 j = 0; j < obj->nr_maps && !map; j++) {
			struct bpf_object_map *m = &obj->maps[j];

			if (m->sec_idx == e->maps_shndx && m->kind == BPF_OBJ_MAP_USER &&
			    m->sec_off <= rel.r_offset &&
			    rel.r_offset + 8 <= m->sec_off + m->sec_size)
				map = m;
		}
		if (!map)
			return obj_err(e, -EINVAL, ".rel.maps: relocation against '%s' at %llu "
				       "is in no map", name, (unsigned long long)rel.r_offset);
		if (map_is_map_in_map(map->type)) {
			if (sym.st_shndx != e->maps_shndx ||
			    (targ_map = obj_find_map(obj, sym.st_shndx, sym.st_value, false)) < 0)
				return obj_err(e, -EINVAL, "map '%s': inner map '%s' is not in .maps",
					       map->name, name);
		} else if (map->type == BPF_MAP_TYPE_PROG_ARRAY) {
			for (u32 p = 0; p < obj->nr_progs && targ_prog < 0; p++)
				if (!strcmp(obj->progs[p].name, name) &&
				    obj->progs[p].sec_idx == sym.st_shndx &&
				    obj->progs[p].sec_insn_off * BPF_INSN_SZ == sym.st_value)
					targ_prog = p;
			if (targ_prog < 0)
				return obj_err(e, -EINVAL, "map '%s': can't find prog '%s'",
					       map->name, name);
		} else {
			return obj_err(e, -EINVAL, "map '%s': initial values for a map of type %u",
				       map->name, map->type);
		}
		if (rel.r_offset < map->sec_off + map->values_off)
			return obj_err(e, -EINVAL, "map '%s': relocation before its values",
				       map->name);
		moff = (rel.r_offset - map->sec_off - map->values_off) / 8;
		inits = realloc(map->inits, (map->nr_inits + 1) * sizeof(*inits));
		if (!inits)
			return obj_err(e, -ENOMEM, "out of memory");
		map->inits = inits;
		inits[map->nr_inits++] = (struct bpf_object_map_init){
			.key = moff, .prog = targ_prog, .map = targ_map,
		};
	}
	return 0;
}
