// SPDX-License-Identifier: GPL-2.0
/*
 * CO-RE relocations: the records of .BTF.ext that say which instructions
 * depend on the running kernel's type layout (bpf_object_relo_core.c
 * applies them).
 *
 * Mirrors tools/lib/bpf/btf.c: btf_ext__new() and its setup of the
 * core_relo section (Linux 6.1); written afresh. The .BTF.ext layout:
 *
 *   header: magic 0xeB9F, version 1, flags, hdr_len, then offsets and
 *           lengths of func_info, line_info and (hdr_len >= 32) core_relo,
 *           each relative to the end of the header;
 *   a section of records: rec_size, then per code section
 *           { sec_name_off, num_info, num_info records };
 *   a core_relo record: { insn_off (bytes), type_id, access_str_off, kind }.
 */
#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_object_elf.h"

#define BTF_EXT_MAGIC	0xeB9F

static int add_core(struct obj_elf *e, struct obj_code_sec *c,
		    const struct bpf_object_core_relo *r)
{
	struct bpf_object_core_relo *n = realloc(c->core, (c->nr_core + 1) * sizeof(*n));

	if (!n)
		return obj_err(e, -ENOMEM, "out of memory");
	c->core = n;
	n[c->nr_core++] = *r;
	return 0;
}

int obj_collect_core_relos(struct obj_elf *e)
{
	const Elf_Data *d = e->btf_ext_data;
	const u8 *p, *end;
	u32 hdr_len, off, len, rec_size;
	u16 magic;

	if (!d || !d->d_buf || d->d_size < 8)
		return 0;
	memcpy(&magic, d->d_buf, 2);
	memcpy(&hdr_len, (const u8 *)d->d_buf + 4, 4);
	if (magic != BTF_EXT_MAGIC)
		return obj_err(e, -EINVAL, ".BTF.ext: bad magic 0x%x", magic);
	if (hdr_len < 32 || hdr_len > d->d_size)
		return 0;	/* no core_relo part */
	memcpy(&off, (const u8 *)d->d_buf + 24, 4);
	memcpy(&len, (const u8 *)d->d_buf + 28, 4);
	if (!len)
		return 0;
	if (off > d->d_size - hdr_len || len > d->d_size - hdr_len - off || len < 4)
		return obj_err(e, -EINVAL, ".BTF.ext: core_relo (%u bytes at %u) outside "
			       "the section", len, off);
	p = (const u8 *)d->d_buf + hdr_len + off;
	end = p + len;
	memcpy(&rec_size, p, 4);
	p += 4;
	if (rec_size < sizeof(u32) * 4)
		return obj_err(e, -EINVAL, ".BTF.ext: core_relo records of %u bytes", rec_size);
	if (!e->obj->btf)
		return obj_err(e, -EINVAL, ".BTF.ext: CO-RE relocations, and no .BTF");

	while (p < end) {
		u32 sec_name_off, num;
		struct obj_code_sec *c = NULL;
		const char *sec_name;

		if (end - p < 8)
			return obj_err(e, -EINVAL, ".BTF.ext: truncated core_relo section");
		memcpy(&sec_name_off, p, 4);
		memcpy(&num, p + 4, 4);
		p += 8;
		if (num > (size_t)(end - p) / rec_size)
			return obj_err(e, -EINVAL, ".BTF.ext: %u core_relo records do not fit", num);
		sec_name = btf__name_by_offset(e->obj->btf, sec_name_off);
		for (u32 i = 0; sec_name && i < e->nr_code; i++)
			if (!strcmp(e->code[i].name, sec_name))
				c = &e->code[i];
		if (!c)
			return obj_err(e, -EINVAL, ".BTF.ext: CO-RE relocations for section "
				       "'%s', which holds no code", sec_name ? sec_name : "?");
		for (u32 i = 0; i < num; i++, p += rec_size) {
			struct bpf_object_core_relo r;
			u32 insn_off;
			int err;

			memcpy(&insn_off, p, 4);
			memcpy(&r.type_id, p + 4, 4);
			memcpy(&r.access_str_off, p + 8, 4);
			memcpy(&r.kind, p + 12, 4);
			if (insn_off % BPF_INSN_SZ || insn_off / BPF_INSN_SZ >= c->cnt)
				return obj_err(e, -EINVAL, ".BTF.ext: CO-RE relocation at byte "
					       "%u of '%s', not an instruction", insn_off, c->name);
			r.insn = insn_off / BPF_INSN_SZ;
			err = add_core(e, c, &r);
			if (err)
				return err;
		}
	}
	return 0;
}
