// SPDX-License-Identifier: GPL-2.0
/*
 * Loading an opened object into a kernel: its maps, its programs, and
 * the program arrays' initial slots.
 *
 * Mirrors tools/lib/bpf/libbpf.c, Linux 6.1 (libbpf 1.1):
 * bpf_object__create_map(), bpf_object__populate_internal_map(),
 * bpf_object__relocate_data() (RELO_LD64, RELO_DATA), bpf_object_load_prog()
 * and init_prog_array_slots() / init_map_in_map_slots(). Written afresh.
 *
 * libbpf creates every map and loads every program of the object at once,
 * and fails as a whole if one of them fails. This loader works per
 * program: preparing one creates the maps it names (and only those), and
 * loading it loads the programs its program arrays start with. So a tool
 * can load the one program a user asked for from an object whose other
 * programs this kernel cannot take.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf_object.h"

int obj_core_apply(struct bpf_object *obj, struct bpf_object_prog *prog,
		   struct bpf_insn *insns, char *err, size_t errlen);

__attribute__((format(printf, 4, 5)))
static int load_err(char *err, size_t errlen, int ret, const char *fmt, ...)
{
	va_list args;

	if (err && errlen) {
		va_start(args, fmt);
		vsnprintf(err, errlen, fmt, args);
		va_end(args);
	}
	return ret;
}

static inline u64 ptr_to_u64(const void *p)
{
	return (u64)(unsigned long)p;
}

static long kbpf(const struct bpf_object *obj, int cmd, union bpf_attr *attr)
{
	return obj->kern->bpf(cmd, attr, sizeof(*attr));
}

/* libbpf_num_possible_cpus(): /sys/devices/system/cpu/possible, "0-N" */
static u32 num_possible_cpus_host(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	unsigned int lo = 0, hi = 0;
	int n = f ? fscanf(f, "%u-%u", &lo, &hi) : 0;

	if (f)
		fclose(f);
	return n == 2 && hi >= lo && hi < 4096 ? hi - lo + 1 : 1;
}

static int map_create_attr(const struct bpf_object *obj, const struct bpf_object_map *m,
			   int inner_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = m->type;
	attr.key_size = m->key_size;
	attr.value_size = m->value_size;
	attr.max_entries = m->max_entries;
	attr.map_flags = m->map_flags;
	attr.numa_node = m->numa_node;
	attr.inner_map_fd = inner_fd > 0 ? inner_fd : 0;
	memcpy(attr.map_name, m->kname, sizeof(attr.map_name) - 1);
	if (m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !attr.max_entries)
		attr.max_entries = num_possible_cpus_host();
	return kbpf(obj, BPF_MAP_CREATE, &attr);
}

static int map_elem(const struct bpf_object *obj, int cmd, int fd, const void *key,
		    const void *value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = ptr_to_u64(key);
	attr.value = ptr_to_u64(value);
	return kbpf(obj, cmd, &attr);
}

/* bpf_object__create_map() and, for global data, its initial value. */
static int create_map(struct bpf_object *obj, struct bpf_object_map *m, char *err,
		      size_t errlen)
{
	int fd, inner_fd = -1, ret;

	if (m->fd >= 0)
		return 0;
	if (m->err[0])
		return load_err(err, errlen, -EINVAL, "%s", m->err);
	if (m->inner) {
		inner_fd = map_create_attr(obj, m->inner, -1);
		if (inner_fd < 0)
			return load_err(err, errlen, inner_fd, "map '%s': its inner map: "
					"BPF_MAP_CREATE failed: %s", m->name, strerror(-inner_fd));
	}
	fd = map_create_attr(obj, m, inner_fd);
	if (inner_fd >= 0)
		obj->kern->close(inner_fd);
	if (fd < 0)
		return load_err(err, errlen, fd, "map '%s' (%s): BPF_MAP_CREATE failed: %s",
				m->name, bpf_object_map_type_name(m->type) ? : "?",
				strerror(-fd));
	m->fd = fd;

	/* bpf_object__populate_internal_map(): .bss starts zeroed anyway */
	if (m->kind == BPF_OBJ_MAP_USER || m->kind == BPF_OBJ_MAP_BSS)
		return 0;
	ret = map_elem(obj, BPF_MAP_UPDATE_ELEM, fd, &(int){ 0 }, m->data);
	if (ret)
		return load_err(err, errlen, ret, "map '%s': writing its initial value "
				"failed: %s", m->name, strerror(-ret));
	if (m->kind == BPF_OBJ_MAP_RODATA || m->kind == BPF_OBJ_MAP_KCONFIG) {
		union bpf_attr attr;

		memset(&attr, 0, sizeof(attr));
		attr.map_fd = fd;
		ret = kbpf(obj, BPF_MAP_FREEZE, &attr);
		if (ret)
			return load_err(err, errlen, ret, "map '%s': BPF_MAP_FREEZE failed: %s",
					m->name, strerror(-ret));
	}
	return 0;
}

int bpf_object_prepare_prog(struct bpf_object *obj, struct bpf_object_prog *prog,
			    struct bpf_insn **insnsp, u32 *cntp, char *err, size_t errlen)
{
	struct bpf_insn *insns;
	int ret;

	*insnsp = NULL;
	if (prog->err[0])
		return load_err(err, errlen, -ENOTSUP, "%s", prog->err);
	if (prog->type == BPF_PROG_TYPE_UNSPEC)
		return load_err(err, errlen, -ENOTSUP, "section '%s': libbpf knows no "
				"program type by this name", prog->sec_name);
	insns = malloc((prog->cnt ? prog->cnt : 1) * sizeof(*insns));
	if (!insns)
		return load_err(err, errlen, -ENOMEM, "out of memory");
	memcpy(insns, prog->insns, prog->cnt * sizeof(*insns));

	/* bpf_object__relocate_data() */
	for (u32 i = 0; i < prog->nr_relos; i++) {
		const struct bpf_object_reloc *r = &prog->relos[i];
		struct bpf_object_map *m = &obj->maps[r->map];
		struct bpf_insn *insn = &insns[r->insn];

		ret = create_map(obj, m, err, errlen);
		if (ret)
			goto fail;
		if (r->kind == BPF_PSEUDO_MAP_VALUE)
			insn[1].imm = insn[0].imm + r->off;
		insn[0].src_reg = r->kind;
		insn[0].imm = m->fd;
	}
	if (prog->nr_core) {
		ret = obj_core_apply(obj, prog, insns, err, errlen);
		if (ret)
			goto fail;
	}
	*insnsp = insns;
	*cntp = prog->cnt;
	return 0;
fail:
	free(insns);
	return ret;
}

/*
 * The attach types this book's v5.8 kernel knows are passed on; a newer
 * one (BPF_XDP, ...) is left 0, as libbpf does when its feature probe finds
 * a kernel without it.
 */
static u32 expected_attach_type(const struct bpf_object_prog *prog)
{
	return prog->expected_attach_type < __MAX_BPF_ATTACH_TYPE ?
	       prog->expected_attach_type : 0;
}

/* init_prog_array_slots(), init_map_in_map_slots(): for the maps prog uses. */
static int init_slots(struct bpf_object *obj, struct bpf_object_prog *prog,
		      const union bpf_attr *tmpl, char *err, size_t errlen)
{
	for (u32 i = 0; i < prog->nr_relos; i++) {
		struct bpf_object_map *m = &obj->maps[prog->relos[i].map];

		for (u32 k = 0; k < m->nr_inits; k++) {
			const struct bpf_object_map_init *in = &m->inits[k];
			int fd, ret;

			if (in->prog >= 0) {
				struct bpf_object_prog *t = &obj->progs[in->prog];

				if (t->fd < 0 && !t->loading) {
					char why[256] = "";	/* not err: it is formatted into err */

					ret = bpf_object_load_prog(obj, t, tmpl, why, sizeof(why));
					if (ret < 0)
						return load_err(err, errlen, ret, "map '%s' slot %u: "
								"program '%s': %s", m->name,
								in->key, t->name, why);
				}
				fd = t->fd;
			} else {
				ret = create_map(obj, &obj->maps[in->map], err, errlen);
				if (ret)
					return ret;
				fd = obj->maps[in->map].fd;
			}
			if (fd < 0)
				continue;	/* the slot's program is still being loaded */
			ret = map_elem(obj, BPF_MAP_UPDATE_ELEM, m->fd, &in->key, &fd);
			if (ret)
				return load_err(err, errlen, ret, "map '%s': filling slot %u "
						"failed: %s", m->name, in->key, strerror(-ret));
		}
	}
	return 0;
}

int bpf_object_prog_loaded(struct bpf_object *obj, struct bpf_object_prog *prog, int fd,
			   char *err, size_t errlen)
{
	int ret;

	prog->fd = fd;
	prog->loading++;
	ret = init_slots(obj, prog, NULL, err, errlen);
	prog->loading--;
	return ret;
}

int bpf_object_load_prog(struct bpf_object *obj, struct bpf_object_prog *prog,
			 const union bpf_attr *tmpl, char *err, size_t errlen)
{
	struct bpf_insn *insns;
	union bpf_attr attr;
	u32 cnt;
	int fd, ret;

	if (prog->fd >= 0)
		return prog->fd;
	ret = bpf_object_prepare_prog(obj, prog, &insns, &cnt, err, errlen);
	if (ret)
		return ret;
	memset(&attr, 0, sizeof(attr));
	if (tmpl) {
		attr.log_level = tmpl->log_level;
		attr.log_buf = tmpl->log_buf;
		attr.log_size = tmpl->log_size;
		attr.prog_flags = tmpl->prog_flags;
	}
	attr.prog_type = prog->type;
	attr.expected_attach_type = expected_attach_type(prog);
	attr.insn_cnt = cnt;
	attr.insns = ptr_to_u64(insns);
	attr.license = ptr_to_u64(obj->license);
	attr.kern_version = obj->kern_version;
	memcpy(attr.prog_name, prog->name, sizeof(attr.prog_name) - 1);
	fd = kbpf(obj, BPF_PROG_LOAD, &attr);
	free(insns);
	if (fd < 0)
		return load_err(err, errlen, fd, "program '%s': BPF_PROG_LOAD failed: %s",
				prog->name, strerror(-fd));
	ret = bpf_object_prog_loaded(obj, prog, fd, err, errlen);
	return ret ? ret : fd;
}
