// SPDX-License-Identifier: GPL-2.0
/*
 * ELF objects, through the ground's object loader (code/lib, libbpf's
 * rules): the program --prog names (a function), or the first of
 * --section, or the object's first; its maps created in the kernel and
 * named in its instructions, as libbpf does before BPF_PROG_LOAD.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_object.h"
#include "bpfjit.h"

static struct bpf_object_prog *pick(const struct bpfjit_opts *o, struct bpf_object *obj,
				    struct bpfjit_err *e)
{
	struct bpf_object_prog *p;

	if (o->prog_name) {
		for (u32 i = 0; i < obj->nr_progs; i++)
			if (!strcmp(obj->progs[i].name, o->prog_name))
				return &obj->progs[i];
		bpfjit_fail(e, ENOENT, "%s: -ENOENT: no program '%s' (a function name; "
			    "the object has %u program%s)", o->input, o->prog_name,
			    obj->nr_progs, obj->nr_progs == 1 ? "" : "s");
		return NULL;
	}
	for (u32 i = 0; i < obj->nr_progs; i++) {
		p = &obj->progs[i];
		if (!o->section || !strcmp(p->sec_name, o->section) ||
		    (o->section[0] == '?' && !strcmp(p->sec_name, o->section + 1)))
			return p;
	}
	if (o->section)
		bpfjit_fail(e, ENOENT, "%s: -ENOENT: no program section '%s'", o->input,
			    o->section);
	else
		bpfjit_fail(e, ENOENT, "%s: -ENOENT: no program section (only .text?)",
			    o->input);
	return NULL;
}

int bpfjit_read_elf(const struct bpfjit_opts *o, const u8 *buf, size_t len,
		    struct bpfjit_prog *p, struct bpfjit_err *e)
{
	struct bpf_object *obj;
	struct bpf_object_prog *op;
	char msg[512] = "";
	unsigned int i;
	int err;

	err = bpf_object_open_mem(buf, len, o->input, &bpfjit_kernel, &obj, msg, sizeof(msg));
	if (err)
		return bpfjit_fail(e, -err, "%s: -%s: %s", o->input, errno_name(err), msg);
	p->obj = obj;
	op = pick(o, obj, e);
	if (!op)
		return -e->err;
	p->oprog = op;

	err = bpf_object_prepare_prog(obj, op, &p->insns, &p->insn_cnt, msg, sizeof(msg));
	if (err)
		return bpfjit_fail(e, -err, "%s: -%s: %s", o->input, errno_name(err), msg);
	if (op->type != BPF_PROG_TYPE_UNSPEC)
		p->prog_type = op->type;
	snprintf(p->section, sizeof(p->section), "%s", op->sec_name);
	if (obj->license[0])
		snprintf(p->license, sizeof(p->license), "%s", obj->license);
	/* bpf_obj_name_cpy() takes letters, digits, '_' and '.' */
	for (i = 0; i < sizeof(p->name) - 1 && op->name[i]; i++)
		p->name[i] = isalnum((unsigned char)op->name[i]) || op->name[i] == '.' ?
			     op->name[i] : '_';
	return bpfjit_open_outputs(p, e);
}
