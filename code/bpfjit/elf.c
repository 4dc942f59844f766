// SPDX-License-Identifier: GPL-2.0
/*
 * ELF objects, through the ground's loader (code/lib, libbpf's rules): one
 * program section with its .text subprograms appended and its calls
 * relocated, the program type its section name gives, the license.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_elf.h"
#include "bpfjit.h"

int bpfjit_read_elf(const struct bpfjit_opts *o, const u8 *buf, size_t len,
		    struct bpfjit_prog *p, struct bpfjit_err *e)
{
	struct bpf_elf_prog ep;
	char msg[512] = "";
	unsigned int i;
	int err;

	err = bpf_elf_load_mem(buf, len, o->section, &ep, msg, sizeof(msg));
	if (err)
		return bpfjit_fail(e, -err, "%s: -%s: %s", o->input, errno_name(err), msg);

	p->insns = ep.insns;
	p->insn_cnt = ep.cnt;
	ep.insns = NULL;
	if (ep.prog_type != BPF_PROG_TYPE_UNSPEC)
		p->prog_type = ep.prog_type;
	snprintf(p->section, sizeof(p->section), "%s", ep.name);
	if (ep.license[0])
		snprintf(p->license, sizeof(p->license), "%s", ep.license);
	/* bpf_obj_name_cpy() takes letters, digits, '_' and '.': a section
	 * such as "raw_tp/sys_enter" becomes "raw_tp_sys_enter".
	 */
	for (i = 0; i < sizeof(p->name) - 1 && ep.name[i]; i++)
		p->name[i] = isalnum((unsigned char)ep.name[i]) || ep.name[i] == '.' ?
			     ep.name[i] : '_';
	bpf_elf_prog_free(&ep);
	return 0;
}
