// SPDX-License-Identifier: GPL-2.0
/*
 * CO-RE: compile once, run everywhere. A program reads `task->pid` at the
 * offset pid has in the kernel it runs on, not the one it was compiled
 * against: clang records, for each such instruction, the root type and the
 * path to the field ("0:1:3": the object, member 1, its member 3) in
 * .BTF.ext, and the loader rewrites the instruction's offset (or constant)
 * with what the running kernel's BTF says, matching types and fields by
 * name. The same for a field's size, existence, signedness and bit
 * shifts, for a type's id, existence and size, and for an enumerator's
 * existence and value.
 *
 * Mirrors tools/lib/bpf/relo_core.c (libbpf 1.1): bpf_core_parse_spec(),
 * bpf_core_essential_name_len(), bpf_core_types_are_compat() (shallower),
 * bpf_core_match_member(), bpf_core_spec_match(), bpf_core_calc_field_relo(),
 * bpf_core_calc_type_relo(), bpf_core_calc_enumval_relo(),
 * bpf_core_calc_relo_insn(), bpf_core_patch_insn(), bpf_core_poison_insn();
 * and libbpf.c's bpf_core_add_cands(). Written afresh.
 *
 * The target is the running machine's kernel BTF (/sys/kernel/btf/vmlinux,
 * through libbpf's btf__load_vmlinux_btf()), as for libbpf: this book's
 * model kernel has no BTF of its own. Module BTF, TYPE_MATCHES (6.2) and
 * relocations against the kernel's BTF ids are not built: such a
 * relocation refuses the program, naming it.
 */
#include <bpf/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_object.h"

enum bpf_core_relo_kind {
	BPF_CORE_FIELD_BYTE_OFFSET = 0,
	BPF_CORE_FIELD_BYTE_SIZE = 1,
	BPF_CORE_FIELD_EXISTS = 2,
	BPF_CORE_FIELD_SIGNED = 3,
	BPF_CORE_FIELD_LSHIFT_U64 = 4,
	BPF_CORE_FIELD_RSHIFT_U64 = 5,
	BPF_CORE_TYPE_ID_LOCAL = 6,
	BPF_CORE_TYPE_ID_TARGET = 7,
	BPF_CORE_TYPE_EXISTS = 8,
	BPF_CORE_TYPE_SIZE = 9,
	BPF_CORE_ENUMVAL_EXISTS = 10,
	BPF_CORE_ENUMVAL_VALUE = 11,
};

#define BPF_CORE_SPEC_MAX_LEN	64
/* bpf_core_poison_insn(): a call no kernel has, so a reachable poisoned
 * instruction fails verification, and an unreachable one is dead code
 */
#define BPF_CORE_POISON_IMM	0xbad2310

/* One step of a path: the type stepped into, the index, and the name. */
struct core_access {
	u32 type_id, idx;
	const char *name;
};

struct core_spec {
	const struct btf *btf;
	u32 root_type_id;
	u32 kind;
	struct core_access spec[BPF_CORE_SPEC_MAX_LEN];	/* named steps */
	int len;
	int raw_spec[BPF_CORE_SPEC_MAX_LEN];	/* the access string */
	int raw_len;
	u32 bit_offset;
	u64 enum_val;
};

static bool is_field_kind(u32 kind)
{
	return kind <= BPF_CORE_FIELD_RSHIFT_U64;
}

static bool is_type_kind(u32 kind)
{
	return kind >= BPF_CORE_TYPE_ID_LOCAL && kind <= BPF_CORE_TYPE_SIZE;
}

static bool is_enumval_kind(u32 kind)
{
	return kind == BPF_CORE_ENUMVAL_EXISTS || kind == BPF_CORE_ENUMVAL_VALUE;
}

static const struct btf_type *skip_mods_and_typedefs(const struct btf *btf, u32 id, u32 *res)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	for (int i = 0; t && (btf_is_mod(t) || btf_is_typedef(t)) && i < 64; i++) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (res)
		*res = id;
	return t;
}

/* "task_struct___old" is "task_struct": flavors end in three underscores. */
static size_t essential_name_len(const char *name)
{
	size_t n = strlen(name);

	for (long i = (long)n - 5; i > 0; i--)
		if (name[i] == '_' && name[i + 1] == '_' && name[i + 2] == '_')
			return i;
	return n;
}

static bool names_match(const char *a, const char *b)
{
	size_t la = essential_name_len(a), lb = essential_name_len(b);

	return la == lb && !strncmp(a, b, la);
}

/* bpf_core_parse_spec(): the access string against the object's types. */
static int parse_spec(const struct btf *btf, u32 type_id, const char *str, u32 kind,
		      struct core_spec *spec)
{
	const struct btf_type *t;
	u32 id;
	long sz;

	memset(spec, 0, sizeof(*spec));
	spec->btf = btf;
	spec->root_type_id = type_id;
	spec->kind = kind;
	while (*str) {
		char *end;
		long v = strtol(str, &end, 10);

		if (end == str || v < 0 || v > S32_MAX || spec->raw_len == BPF_CORE_SPEC_MAX_LEN)
			return -EINVAL;
		spec->raw_spec[spec->raw_len++] = v;
		str = *end == ':' ? end + 1 : end;
		if (*end && *end != ':')
			return -EINVAL;
	}
	if (!spec->raw_len)
		return -EINVAL;

	t = skip_mods_and_typedefs(btf, type_id, &id);
	if (!t)
		return -EINVAL;

	if (is_type_kind(kind)) {
		/* type-based relocations' access is always "0" */
		if (spec->raw_len != 1 || spec->raw_spec[0] != 0)
			return -EINVAL;
		return 0;
	}

	if (is_enumval_kind(kind)) {
		u32 idx = spec->raw_spec[0];

		if (!btf_is_any_enum(t) || spec->raw_len > 1 || idx >= btf_vlen(t))
			return -EINVAL;
		spec->spec[0] = (struct core_access){ id, idx,
			btf__name_by_offset(btf, btf_is_enum(t) ? btf_enum(t)[idx].name_off :
					    btf_enum64(t)[idx].name_off) };
		spec->len = 1;
		spec->enum_val = btf_is_enum(t) ? (u64)(s64)btf_enum(t)[idx].val :
			btf_enum64_value(btf_enum64(t) + idx);
		return 0;
	}

	if (!is_field_kind(kind))
		return -EINVAL;

	/* the first step is an index into an array of the root type */
	sz = btf__resolve_size(btf, id);
	if (sz < 0)
		return sz;
	spec->bit_offset = spec->raw_spec[0] * sz * 8;
	spec->spec[0] = (struct core_access){ id, spec->raw_spec[0], NULL };
	spec->len = 1;

	for (int i = 1; i < spec->raw_len; i++) {
		u32 access_idx = spec->raw_spec[i];

		t = skip_mods_and_typedefs(btf, id, &id);
		if (!t)
			return -EINVAL;
		if (btf_is_composite(t)) {
			const struct btf_member *m;
			const char *name;

			if (access_idx >= btf_vlen(t))
				return -EINVAL;
			m = btf_members(t) + access_idx;
			spec->bit_offset += btf_member_bit_offset(t, access_idx);
			name = btf__name_by_offset(btf, m->name_off);
			if (name && *name) {
				if (spec->len == BPF_CORE_SPEC_MAX_LEN)
					return -E2BIG;
				spec->spec[spec->len++] = (struct core_access){ id, access_idx, name };
			}
			id = m->type;
		} else if (btf_is_array(t)) {
			const struct btf_array *a = btf_array(t);

			t = skip_mods_and_typedefs(btf, a->type, &id);
			sz = btf__resolve_size(btf, id);
			if (!t || sz < 0 || spec->len == BPF_CORE_SPEC_MAX_LEN)
				return -EINVAL;
			spec->spec[spec->len++] = (struct core_access){ id, access_idx, NULL };
			spec->bit_offset += access_idx * sz * 8;
		} else {
			return -EINVAL;
		}
	}
	return 0;
}

/* A shallow bpf_core_types_are_compat(): the same kind of thing, recursively. */
static bool types_are_compat(const struct btf *lb, u32 lid, const struct btf *tb, u32 tid,
			     int depth)
{
	const struct btf_type *l = skip_mods_and_typedefs(lb, lid, &lid);
	const struct btf_type *t = skip_mods_and_typedefs(tb, tid, &tid);

	if (!l || !t || depth > 32)
		return false;
	if (btf_is_any_enum(l) && btf_is_any_enum(t))
		return true;
	if (btf_kind(l) != btf_kind(t))
		return btf_is_fwd(l) || btf_is_fwd(t);
	switch (btf_kind(l)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_FWD:
	case BTF_KIND_FLOAT:
		return true;
	case BTF_KIND_INT:
		/* a bitfield-free int of any size and signedness */
		return btf_int_offset(l) == 0 && btf_int_offset(t) == 0;
	case BTF_KIND_PTR:
		return types_are_compat(lb, l->type, tb, t->type, depth + 1);
	case BTF_KIND_ARRAY:
		return types_are_compat(lb, btf_array(l)->type, tb, btf_array(t)->type, depth + 1);
	case BTF_KIND_FUNC_PROTO:
		if (btf_vlen(l) != btf_vlen(t))
			return false;
		for (u16 i = 0; i < btf_vlen(l); i++)
			if (!types_are_compat(lb, btf_params(l)[i].type, tb,
					      btf_params(t)[i].type, depth + 1))
				return false;
		return types_are_compat(lb, l->type, tb, t->type, depth + 1);
	default:
		return false;
	}
}

/*
 * bpf_core_match_member(): the member named name of the composite type
 * id in btf, looked for through anonymous members too. Adds its offset to
 * *bit_off and its steps to spec; 1 if found, 0 if not.
 */
static int match_member(const struct btf *btf, u32 id, const char *name, struct core_spec *spec,
			int depth)
{
	const struct btf_type *t = skip_mods_and_typedefs(btf, id, &id);

	if (!t || !btf_is_composite(t) || depth > 32)
		return 0;
	for (u16 i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = btf_members(t) + i;
		const char *mname = btf__name_by_offset(btf, m->name_off);
		u32 off = btf_member_bit_offset(t, i);

		if (!mname || !*mname) {
			u32 saved_off = spec->bit_offset;
			int saved_len = spec->len, found;

			spec->bit_offset += off;
			found = match_member(btf, m->type, name, spec, depth + 1);
			if (found)
				return found;
			spec->bit_offset = saved_off;
			spec->len = saved_len;
			continue;
		}
		if (names_match(mname, name)) {
			if (spec->len == BPF_CORE_SPEC_MAX_LEN)
				return -E2BIG;
			spec->bit_offset += off;
			spec->spec[spec->len++] = (struct core_access){ id, i, mname };
			return 1;
		}
	}
	return 0;
}

/* bpf_core_spec_match(): the local path, step by step, in the target type. */
static int spec_match(const struct core_spec *local, const struct btf *tbtf, u32 targ_id,
		      struct core_spec *targ)
{
	u32 id = targ_id;
	long sz;

	memset(targ, 0, sizeof(*targ));
	targ->btf = tbtf;
	targ->root_type_id = targ_id;
	targ->kind = local->kind;

	if (is_type_kind(local->kind))
		return types_are_compat(local->btf, local->root_type_id, tbtf, targ_id, 0);

	if (is_enumval_kind(local->kind)) {
		const struct btf_type *t = skip_mods_and_typedefs(tbtf, targ_id, &id);

		if (!t || !btf_is_any_enum(t))
			return 0;
		for (u16 i = 0; i < btf_vlen(t); i++) {
			u32 noff = btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;
			const char *n = btf__name_by_offset(tbtf, noff);

			if (n && names_match(n, local->spec[0].name)) {
				targ->spec[0] = (struct core_access){ id, i, n };
				targ->len = 1;
				targ->enum_val = btf_is_enum(t) ? (u64)(s64)btf_enum(t)[i].val :
					btf_enum64_value(btf_enum64(t) + i);
				return 1;
			}
		}
		return 0;
	}

	/* fields: the array index on the root, then each named step */
	sz = btf__resolve_size(tbtf, targ_id);
	if (sz < 0)
		return 0;
	targ->bit_offset = local->spec[0].idx * sz * 8;
	targ->spec[0] = (struct core_access){ targ_id, local->spec[0].idx, NULL };
	targ->len = 1;
	for (int i = 1; i < local->len; i++) {
		const struct core_access *acc = &local->spec[i];
		const struct btf_type *t = skip_mods_and_typedefs(tbtf, id, &id);
		int found;

		if (!t)
			return 0;
		if (acc->name) {
			found = match_member(tbtf, id, acc->name, targ, 0);
			if (found <= 0)
				return found;
			id = btf_members(btf__type_by_id(tbtf, targ->spec[targ->len - 1].type_id))
				[targ->spec[targ->len - 1].idx].type;
		} else {
			const struct btf_array *a;

			if (!btf_is_array(t))
				return 0;
			a = btf_array(t);
			/* a flexible array's last element may be past nelems */
			if (a->nelems && acc->idx >= a->nelems)
				return 0;
			skip_mods_and_typedefs(tbtf, a->type, &id);
			sz = btf__resolve_size(tbtf, id);
			if (sz < 0 || targ->len == BPF_CORE_SPEC_MAX_LEN)
				return 0;
			targ->spec[targ->len++] = (struct core_access){ id, acc->idx, NULL };
			targ->bit_offset += acc->idx * sz * 8;
		}
	}
	return 1;
}

/* The field a field spec ends at: its type, and its bitfield size (0: none). */
static const struct btf_type *field_type(const struct core_spec *spec, u32 *bitfield_sz,
					 u32 *type_id)
{
	const struct core_access *acc = &spec->spec[spec->len - 1];
	const struct btf_type *t = btf__type_by_id(spec->btf, acc->type_id);

	*bitfield_sz = 0;
	if (t && acc->name && btf_is_composite(t)) {
		*bitfield_sz = btf_member_bitfield_size(t, acc->idx);
		return skip_mods_and_typedefs(spec->btf, btf_members(t)[acc->idx].type, type_id);
	}
	/* the root itself, or an array element */
	return skip_mods_and_typedefs(spec->btf, acc->type_id, type_id);
}

/* bpf_core_calc_field_relo(): the value, and the field's size in bytes. */
static int calc_field(const struct core_spec *spec, u64 *val, u32 *size)
{
	u32 bit_off = spec->bit_offset, bit_sz, byte_off, byte_sz, type_id;
	const struct btf_type *mt = field_type(spec, &bit_sz, &type_id);
	long sz;

	if (!mt)
		return -EINVAL;
	sz = btf__resolve_size(spec->btf, type_id);
	if (sz < 0)
		return -EINVAL;
	byte_sz = sz;
	if (!bit_sz) {
		byte_off = bit_off / 8;
		bit_sz = byte_sz * 8;
	} else {
		/* a bitfield: the smallest aligned load that covers it */
		byte_off = bit_off / 8 / byte_sz * byte_sz;
		while (bit_off + bit_sz - byte_off * 8 > byte_sz * 8) {
			if (byte_sz >= 8)
				return -E2BIG;
			byte_sz *= 2;
			byte_off = bit_off / 8 / byte_sz * byte_sz;
		}
	}
	*size = byte_sz;
	switch (spec->kind) {
	case BPF_CORE_FIELD_BYTE_OFFSET:
		*val = byte_off;
		break;
	case BPF_CORE_FIELD_BYTE_SIZE:
		*val = byte_sz;
		break;
	case BPF_CORE_FIELD_SIGNED:
		*val = (btf_is_any_enum(mt) && btf_kflag(mt)) ||
		       (btf_is_int(mt) && (btf_int_encoding(mt) & BTF_INT_SIGNED));
		break;
	case BPF_CORE_FIELD_LSHIFT_U64:
		*val = 64 - (bit_off + bit_sz - byte_off * 8);
		break;
	case BPF_CORE_FIELD_RSHIFT_U64:
		*val = 64 - bit_sz;
		break;
	case BPF_CORE_FIELD_EXISTS:
		*val = 1;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

/* The relocation's value for a spec (local or matched target). */
static int calc_value(const struct core_spec *spec, u64 *val, u32 *size)
{
	long sz;

	*size = 0;
	if (is_field_kind(spec->kind))
		return calc_field(spec, val, size);
	switch (spec->kind) {
	case BPF_CORE_TYPE_ID_LOCAL:
	case BPF_CORE_TYPE_ID_TARGET:
		*val = spec->root_type_id;
		return 0;
	case BPF_CORE_TYPE_EXISTS:
	case BPF_CORE_ENUMVAL_EXISTS:
		*val = 1;
		return 0;
	case BPF_CORE_TYPE_SIZE:
		sz = btf__resolve_size(spec->btf, spec->root_type_id);
		if (sz < 0)
			return sz;
		*val = sz;
		return 0;
	case BPF_CORE_ENUMVAL_VALUE:
		*val = spec->enum_val;
		return 0;
	default:
		return -EINVAL;
	}
}

static int bpf_size_bytes(u8 code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B: return 1;
	case BPF_H: return 2;
	case BPF_W: return 4;
	default: return 8;
	}
}

static u8 bytes_to_bpf_size(u32 sz)
{
	return sz == 1 ? BPF_B : sz == 2 ? BPF_H : sz == 4 ? BPF_W : BPF_DW;
}

/* bpf_core_patch_insn(): the instruction, checked against the local value. */
static int patch_insn(struct bpf_insn *insn, u32 cnt, u32 idx, u64 orig, u64 val,
		      u32 orig_sz, u32 new_sz, bool poison, bool validate)
{
	struct bpf_insn *in = &insn[idx];
	u8 class = BPF_CLASS(in->code);

	if (poison) {
		/* ld_imm64 takes two slots: both become the bad call */
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW) && idx + 1 < cnt)
			in[1] = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL,
						   .imm = BPF_CORE_POISON_IMM };
		*in = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL, .imm = BPF_CORE_POISON_IMM };
		return 0;
	}
	switch (class) {
	case BPF_ALU:
	case BPF_ALU64:
		if (BPF_SRC(in->code) != BPF_K || (validate && (u32)in->imm != (u32)orig))
			return -EINVAL;
		in->imm = val;
		return 0;
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		if ((validate && (u64)(s64)in->off != orig) || val > S16_MAX)
			return -EINVAL;
		in->off = val;
		if (orig_sz && new_sz && orig_sz != new_sz) {
			if (class == BPF_ST || bpf_size_bytes(in->code) != (int)orig_sz)
				return -EINVAL;
			in->code = BPF_MODE(in->code) | bytes_to_bpf_size(new_sz) | class;
		}
		return 0;
	case BPF_LD:
		if (in->code != (BPF_LD | BPF_IMM | BPF_DW) || idx + 1 >= cnt)
			return -EINVAL;
		if (validate && ((u64)(u32)in[1].imm << 32 | (u32)in->imm) != orig)
			return -EINVAL;
		in->imm = (u32)val;
		in[1].imm = val >> 32;
		return 0;
	default:
		return -EINVAL;
	}
}

/* libbpf's bpf_core_add_cands(), cached per local root type in cands. */
struct core_cands {
	u32 local_id;
	u32 *ids;
	u32 n;
};

static int find_cands(const struct btf *lbtf, u32 local_id, const struct btf *tbtf,
		      struct core_cands *cache, u32 *nr_cache, struct core_cands **out)
{
	const struct btf_type *lt = btf__type_by_id(lbtf, local_id);
	const char *lname = lt ? btf__name_by_offset(lbtf, lt->name_off) : NULL;
	struct core_cands *c;
	u32 n = btf__type_cnt(tbtf);

	for (u32 i = 0; i < *nr_cache; i++)
		if (cache[i].local_id == local_id) {
			*out = &cache[i];
			return 0;
		}
	if (!lname || !*lname)
		return -EINVAL;		/* an anonymous root has no name to look for */
	c = &cache[(*nr_cache)++];
	memset(c, 0, sizeof(*c));
	c->local_id = local_id;
	for (u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(tbtf, id);
		const char *name = btf__name_by_offset(tbtf, t->name_off);
		u32 *ids;

		if (btf_kind(t) != btf_kind(lt) &&
		    !(btf_is_any_enum(t) && btf_is_any_enum(lt)))
			continue;
		if (!name || !names_match(name, lname))
			continue;
		ids = realloc(c->ids, (c->n + 1) * sizeof(*ids));
		if (!ids)
			return -ENOMEM;
		c->ids = ids;
		c->ids[c->n++] = id;
	}
	*out = c;
	return 0;
}

static const char *kind_str(u32 kind)
{
	static const char *const names[] = {
		"byte_off", "byte_sz", "field_exists", "signed", "lshift_u64",
		"rshift_u64", "local_type_id", "target_type_id", "type_exists",
		"type_size", "enumval_exists", "enumval_value",
	};

	return kind < ARRAY_SIZE(names) ? names[kind] : "unknown";
}

/* bpf_core_calc_relo_insn() and the patch, for one relocation. */
static int apply_one(const struct btf *lbtf, const struct btf *tbtf,
		     const struct bpf_object_core_relo *r, struct bpf_insn *insns, u32 cnt,
		     struct core_cands *cache, u32 *nr_cache, char *why, size_t whylen)
{
	const char *access = btf__name_by_offset(lbtf, r->access_str_off);
	struct core_spec local, targ;
	struct core_cands *cands;
	u64 orig = 0, val = 0, v;
	u32 orig_sz = 0, new_sz = 0, sz;
	bool matched = false, poison = false;
	int err;

	if (!access || r->insn >= cnt || r->kind > BPF_CORE_ENUMVAL_VALUE) {
		snprintf(why, whylen, "relocation kind %u not supported", r->kind);
		return -ENOTSUP;
	}
	err = parse_spec(lbtf, r->type_id, access, r->kind, &local);
	if (!err)
		err = calc_value(&local, &orig, &orig_sz);
	if (err) {
		snprintf(why, whylen, "[%u] %s access '%s' does not parse", r->type_id,
			 kind_str(r->kind), access);
		return -EINVAL;
	}
	/* a type id may change when objects are linked: not checked */
	if (r->kind == BPF_CORE_TYPE_ID_LOCAL)
		return patch_insn(insns, cnt, r->insn, orig, r->type_id, 0, 0, false, false);

	err = find_cands(lbtf, r->type_id, tbtf, cache, nr_cache, &cands);
	if (err) {
		snprintf(why, whylen, "[%u] %s: no candidates (%d)", r->type_id,
			 kind_str(r->kind), err);
		return err;
	}
	for (u32 i = 0; i < cands->n; i++) {
		err = spec_match(&local, tbtf, cands->ids[i], &targ);
		if (err < 0)
			return err;
		if (!err)
			continue;
		err = calc_value(&targ, &v, &sz);
		if (err)
			continue;
		if (matched && (v != val || sz != new_sz)) {
			snprintf(why, whylen, "[%u] %s '%s': the kernel's candidates disagree "
				 "(%llu, %llu)", r->type_id, kind_str(r->kind), access,
				 (unsigned long long)val, (unsigned long long)v);
			return -EINVAL;
		}
		matched = true;
		val = v;
		new_sz = sz;
	}
	if (!matched) {
		/* a type, or the existence of anything, that is not there is 0;
		 * a field's offset or an enumerator's value poisons the insn
		 */
		if (is_type_kind(r->kind) || r->kind == BPF_CORE_FIELD_EXISTS ||
		    r->kind == BPF_CORE_ENUMVAL_EXISTS)
			val = 0;
		else
			poison = true;
	}
	err = patch_insn(insns, cnt, r->insn, orig, val, orig_sz, new_sz, poison,
			 r->kind != BPF_CORE_TYPE_ID_TARGET);
	if (err)
		snprintf(why, whylen, "[%u] %s '%s': insn %u does not hold the expected "
			 "value %llu", r->type_id, kind_str(r->kind), access, r->insn,
			 (unsigned long long)orig);
	return err;
}

static struct btf *vmlinux_btf;

/*
 * The program's CO-RE relocations against the running kernel's BTF, on
 * its prepared instructions. 0, or -errno with a message naming the one
 * that could not be applied.
 */
int obj_core_apply(struct bpf_object *obj, struct bpf_object_prog *prog,
		   struct bpf_insn *insns, char *err, size_t errlen)
{
	struct core_cands *cache;
	u32 nr_cache = 0;
	char why[200] = "";
	int ret = 0;

	if (!obj->btf) {
		snprintf(err, errlen, "program '%s': CO-RE relocations and no .BTF", prog->name);
		return -EINVAL;
	}
	if (!vmlinux_btf)
		vmlinux_btf = btf__load_vmlinux_btf();
	if (!vmlinux_btf) {
		snprintf(err, errlen, "program '%s': %u CO-RE relocations (.BTF.ext), which "
			 "need the kernel's BTF (/sys/kernel/btf/vmlinux): not found",
			 prog->name, prog->nr_core);
		return -ENOTSUP;
	}
	cache = calloc(prog->nr_core, sizeof(*cache));
	if (!cache && prog->nr_core)
		return -ENOMEM;
	for (u32 i = 0; i < prog->nr_core && !ret; i++) {
		ret = apply_one(obj->btf, vmlinux_btf, &prog->core[i], insns, prog->cnt,
				cache, &nr_cache, why, sizeof(why));
		if (ret)
			snprintf(err, errlen, "program '%s': CO-RE relocation #%u: %s",
				 prog->name, i, why);
	}
	for (u32 i = 0; i < nr_cache; i++)
		free(cache[i].ids);
	free(cache);
	return ret;
}
