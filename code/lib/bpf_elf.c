// SPDX-License-Identifier: GPL-2.0
/*
 * One program out of a BPF object, for callers that want instructions and
 * nothing else (no maps): the first program of a section, with the .text
 * functions it calls appended.
 *
 * The reading itself is the object loader's (bpf_object.c); this keeps the
 * one-program interface of the first chapters' tools.
 */
#include <stdlib.h>
#include <string.h>

#include "bpf_elf.h"
#include "bpf_object.h"

int bpf_elf_sec_prog_type(const char *name, enum bpf_prog_type *type)
{
	u32 t, attach;
	int err = bpf_object_sec_def(name, &t, &attach);

	*type = err ? BPF_PROG_TYPE_UNSPEC : t;
	return err == -ENOTSUP ? -ENOTSUP : 0;
}

static int take(struct bpf_object *obj, const char *sec, struct bpf_elf_prog *out,
		char *errbuf, size_t errlen)
{
	struct bpf_object_prog *p = NULL;
	enum bpf_prog_type type;

	for (u32 i = 0; i < obj->nr_progs && !p; i++)
		if (!sec || !strcmp(obj->progs[i].sec_name, sec) ||
		    (sec[0] == '?' && !strcmp(obj->progs[i].sec_name, sec + 1)))
			p = &obj->progs[i];
	out->sections = calloc(obj->nr_progs ? obj->nr_progs : 1, sizeof(*out->sections));
	if (!out->sections)
		return -ENOMEM;
	for (u32 i = 0; i < obj->nr_progs; i++) {
		bool dup = false;

		for (u32 k = 0; k < out->nr_sections; k++)
			dup |= !strcmp(out->sections[k], obj->progs[i].sec_name);
		if (!dup)
			snprintf(out->sections[out->nr_sections++], BPF_ELF_NAME_LEN, "%s",
				 obj->progs[i].sec_name);
	}
	if (!p) {
		if (sec)
			snprintf(errbuf, errlen, "no program section '%s'", sec);
		else
			snprintf(errbuf, errlen, "no program section (only .text?)");
		return -ENOENT;
	}
	if (bpf_elf_sec_prog_type(p->sec_name, &type)) {
		snprintf(errbuf, errlen, "section '%s': this program type needs BTF, "
			 "which is not supported", p->sec_name);
		return -ENOTSUP;
	}
	if (p->err[0]) {
		snprintf(errbuf, errlen, "%s", p->err);
		return -ENOTSUP;
	}
	if (p->nr_relos || p->nr_core) {
		snprintf(errbuf, errlen, "program '%s' uses maps or global data, "
			 "which a bare program cannot carry: open the object with "
			 "bpf_object_open_file()", p->name);
		return -ENOTSUP;
	}
	out->insns = malloc((p->cnt ? p->cnt : 1) * sizeof(*out->insns));
	if (!out->insns)
		return -ENOMEM;
	memcpy(out->insns, p->insns, p->cnt * sizeof(*out->insns));
	out->cnt = p->cnt;
	out->main_cnt = p->main_cnt;
	out->prog_type = type;
	snprintf(out->name, sizeof(out->name), "%s", p->sec_name);
	snprintf(out->license, sizeof(out->license), "%s", obj->license);
	return 0;
}

int bpf_elf_load_mem(const void *buf, size_t size, const char *sec_name,
		     struct bpf_elf_prog *out, char *errbuf, size_t errlen)
{
	struct bpf_object *obj;
	char dummy[8];
	int err;

	memset(out, 0, sizeof(*out));
	if (!errbuf || !errlen) {
		errbuf = dummy;
		errlen = sizeof(dummy);
	}
	err = bpf_object_open_mem(buf, size, "", NULL, &obj, errbuf, errlen);
	if (err)
		return err;
	err = take(obj, sec_name, out, errbuf, errlen);
	bpf_object_close(obj);
	if (err)
		bpf_elf_prog_free(out);
	return err;
}

int bpf_elf_load(const char *path, const char *sec_name, struct bpf_elf_prog *out,
		 char *errbuf, size_t errlen)
{
	struct bpf_object *obj;
	char dummy[8];
	int err;

	memset(out, 0, sizeof(*out));
	if (!errbuf || !errlen) {
		errbuf = dummy;
		errlen = sizeof(dummy);
	}
	err = bpf_object_open_file(path, NULL, &obj, errbuf, errlen);
	if (err)
		return err;
	err = take(obj, sec_name, out, errbuf, errlen);
	bpf_object_close(obj);
	if (err)
		bpf_elf_prog_free(out);
	return err;
}

void bpf_elf_prog_free(struct bpf_elf_prog *prog)
{
	free(prog->insns);
	free(prog->sections);
	memset(prog, 0, sizeof(*prog));
}
