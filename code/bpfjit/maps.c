// SPDX-License-Identifier: GPL-2.0
/*
 * An object's maps, seen from user space after a run: every element, in
 * the format `bpftool map dump` prints for a map without BTF; and what the
 * program sent out through its ring buffers and perf event arrays.
 *
 * The dump goes through the system call, as bpftool's does
 * (BPF_MAP_GET_NEXT_KEY, BPF_MAP_LOOKUP_ELEM, BPF_OBJ_GET_INFO_BY_FD). The
 * outputs cannot: the kernel lets user space mmap() a ring buffer and each
 * perf event, and polls them, which is not built here; the tool reaches
 * behind the system call for them (linux/bpf_output.h), as a kernel
 * subsystem holding the map would.
 */
#include <stdlib.h>
#include <string.h>

#include "bpf_object.h"
#include "bpfjit.h"
#include "linux/bpf_output.h"
#include "linux/file.h"

static long kernel_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	return sys_bpf(cmd, attr, size);
}

static int kernel_close(int fd)
{
	return close_fd(fd);
}

const struct bpf_object_kernel bpfjit_kernel = {
	.bpf = kernel_bpf,
	.close = kernel_close,
};

static bool map_is_per_cpu(u32 type)
{
	return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/*
 * libbpf's perf_buffer__new(): a BPF-output perf event per CPU, stored in
 * the array at the CPU's index, before the program runs.
 */
int bpfjit_open_outputs(struct bpfjit_prog *p, struct bpfjit_err *e)
{
	for (u32 i = 0; p->obj && i < p->obj->nr_maps; i++) {
		const struct bpf_object_map *m = &p->obj->maps[i];
		union bpf_attr attr;

		if (m->type != BPF_MAP_TYPE_PERF_EVENT_ARRAY || m->fd < 0)
			continue;
		for (u32 cpu = 0; cpu < NR_CPUS; cpu++) {
			int fd = bpf_perf_event_open_output(cpu);
			long err;

			if (fd < 0)
				return bpfjit_fail(e, -fd, "perf event for CPU %u: %s", cpu,
						   strerror(-fd));
			if (p->nr_perf_fds < ARRAY_SIZE(p->perf_fds))
				p->perf_fds[p->nr_perf_fds++] = fd;
			memset(&attr, 0, sizeof(attr));
			attr.map_fd = m->fd;
			attr.key = (u64)(uintptr_t)&cpu;
			attr.value = (u64)(uintptr_t)&fd;
			err = sys_bpf(BPF_MAP_UPDATE_ELEM, &attr, sizeof(attr));
			if (err == -E2BIG)	/* fewer slots than CPUs */
				break;
			if (err)
				return bpfjit_fail(e, -err, "map '%s': storing the perf event "
						   "of CPU %u: %s", m->name, cpu, strerror(-err));
		}
	}
	return 0;
}

struct out_ctx {
	FILE *f;
	struct json *j;
	const char *map;
	int n;
};

static void fprint_hex(FILE *f, const void *arg, unsigned int n, const char *sep);

static int print_sample(void *ctx, const void *data, u32 size, int cpu)
{
	struct out_ctx *o = ctx;

	if (o->j) {
		fprintf(o->j->f, "%s{\"map\": \"%s\", \"cpu\": %d, \"data\": \"", o->n ? ", " : "",
			o->map, cpu);
		for (u32 i = 0; i < size; i++)
			fprintf(o->j->f, "%02x", ((const u8 *)data)[i]);
		fputs("\"}", o->j->f);
	} else {
		if (cpu < 0)
			fprintf(o->f, "ringbuf %s: %u bytes:", o->map, size);
		else
			fprintf(o->f, "perf_event_output %s, CPU %d: %u bytes:", o->map, cpu, size);
		fprintf(o->f, size > 16 ? "\n" : " ");
		fprint_hex(o->f, data, size, " ");
		fprintf(o->f, "\n");
	}
	o->n++;
	return 0;
}

/* Every record still in the object's ring buffers and perf events. */
static void drain_outputs(struct bpfjit_prog *p, struct out_ctx *o)
{
	for (u32 i = 0; p->obj && i < p->obj->nr_maps; i++) {
		const struct bpf_object_map *m = &p->obj->maps[i];
		struct file *f = m->fd >= 0 ? fget(m->fd) : NULL;

		o->map = m->name;
		if (m->type == BPF_MAP_TYPE_RINGBUF && f)
			bpf_ringbuf_drain(f->private_data, print_sample, o);
		if (m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY)
			for (u32 k = 0; k < p->nr_perf_fds; k++)
				bpf_perf_event_drain(p->perf_fds[k], print_sample, o);
	}
}

void bpfjit_print_outputs(FILE *f, struct bpfjit_prog *p)
{
	struct out_ctx o = { .f = f };

	drain_outputs(p, &o);
}

void json_outputs(struct json *j, struct bpfjit_prog *p)
{
	struct out_ctx o = { .j = j };

	json_key(j, "output");
	fputc('[', j->f);
	drain_outputs(p, &o);
	fputc(']', j->f);
}

/* bpftool's fprint_hex(): bytes, a wider gap every 8, a new line every 16. */
static void fprint_hex(FILE *f, const void *arg, unsigned int n, const char *sep)
{
	const unsigned char *data = arg;

	for (unsigned int i = 0; i < n; i++) {
		const char *pfx = "";

		if (!i)
			/* nothing */;
		else if (!(i % 16))
			fprintf(f, "\n");
		else if (!(i % 8))
			fprintf(f, "  ");
		else
			pfx = sep;

		fprintf(f, "%s%02hhx", i ? pfx : "", data[i]);
	}
}

/* bpftool's print_entry_plain() */
static void print_entry_plain(FILE *f, const struct bpf_map_info *info,
			      const u8 *key, const u8 *value)
{
	if (!map_is_per_cpu(info->type)) {
		bool break_names = info->key_size > 16 || info->value_size > 16;
		bool single_line = info->key_size + info->value_size <= 24 && !break_names;

		if (info->key_size) {
			fprintf(f, "key:%c", break_names ? '\n' : ' ');
			fprint_hex(f, key, info->key_size, " ");
			fprintf(f, single_line ? "  " : "\n");
		}
		if (info->value_size) {
			fprintf(f, "value:%c", break_names ? '\n' : ' ');
			fprint_hex(f, value, info->value_size, " ");
		}
		fprintf(f, "\n");
	} else {
		unsigned int step = round_up(info->value_size, 8);

		if (info->key_size) {
			fprintf(f, "key:\n");
			fprint_hex(f, key, info->key_size, " ");
			fprintf(f, "\n");
		}
		for (unsigned int i = 0; i < num_possible_cpus(); i++) {
			fprintf(f, "value (CPU %02d):%c", i, info->value_size > 16 ? '\n' : ' ');
			fprint_hex(f, value + i * step, info->value_size, " ");
			fprintf(f, "\n");
		}
	}
}

static int map_info(int fd, struct bpf_map_info *info)
{
	union bpf_attr attr;

	memset(info, 0, sizeof(*info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(*info);
	attr.info.info = (u64)(uintptr_t)info;
	return sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr));
}

typedef void (*entry_fn)(void *ctx, const struct bpf_map_info *info, const u8 *key,
			 const u8 *value);

/* bpftool's do_dump() loop: every key, then its value. The count, or -errno. */
static int walk_map(int fd, const struct bpf_map_info *info, entry_fn fn, void *ctx)
{
	u32 value_size = map_is_per_cpu(info->type) ?
			 round_up(info->value_size, 8) * num_possible_cpus() : info->value_size;
	u8 *key = calloc(1, info->key_size + 1), *next = calloc(1, info->key_size + 1);
	u8 *value = calloc(1, value_size + 1);
	union bpf_attr attr;
	int n = 0, err = 0;
	bool first = true;

	if (!key || !next || !value) {
		err = -ENOMEM;
		goto out;
	}
	for (;;) {
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = fd;
		attr.key = first ? 0 : (u64)(uintptr_t)key;
		attr.next_key = (u64)(uintptr_t)next;
		err = sys_bpf(BPF_MAP_GET_NEXT_KEY, &attr, sizeof(attr));
		if (err)
			break;
		memcpy(key, next, info->key_size);
		first = false;
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = fd;
		attr.key = (u64)(uintptr_t)key;
		attr.value = (u64)(uintptr_t)value;
		if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr, sizeof(attr)))
			continue;	/* an empty slot of a map of programs */
		fn(ctx, info, key, value);
		n++;
	}
	if (err == -ENOENT)
		err = 0;
out:
	free(key);
	free(next);
	free(value);
	return err ? err : n;
}

static void print_entry(void *ctx, const struct bpf_map_info *info, const u8 *key,
			const u8 *value)
{
	print_entry_plain(ctx, info, key, value);
}

void bpfjit_dump_maps(FILE *f, const struct bpfjit_prog *p)
{
	for (u32 i = 0; p->obj && i < p->obj->nr_maps; i++) {
		const struct bpf_object_map *m = &p->obj->maps[i];
		struct bpf_map_info info;
		int n;

		if (m->fd < 0 || map_info(m->fd, &info))
			continue;
		/* `bpftool map show`'s line, then `bpftool map dump`'s body */
		fprintf(f, "%u: %s  name %s  flags 0x%x\n", info.id,
			bpf_object_map_type_name(info.type) ? : "?", info.name, info.map_flags);
		if (m->type == BPF_MAP_TYPE_RINGBUF || m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
			fprintf(f, "(no elements: its records were printed as output)\n");
			continue;
		}
		n = walk_map(m->fd, &info, print_entry, f);
		if (n < 0)
			fprintf(f, "Error: %s\n", strerror(-n));
		else
			fprintf(f, "Found %d element%s\n", n, n != 1 ? "s" : "");
	}
}

struct json_ctx {
	struct json *j;
	int n;
};

static void json_entry(void *ctx, const struct bpf_map_info *info, const u8 *key,
		       const u8 *value)
{
	struct json_ctx *c = ctx;
	FILE *f = c->j->f;

	fprintf(f, "%s{\"key\": \"", c->n++ ? ", " : "");
	for (u32 i = 0; i < info->key_size; i++)
		fprintf(f, "%02x", key[i]);
	if (map_is_per_cpu(info->type)) {
		fputs("\", \"values\": [", f);
		for (u32 cpu = 0; cpu < num_possible_cpus(); cpu++) {
			fprintf(f, "%s\"", cpu ? ", " : "");
			for (u32 i = 0; i < info->value_size; i++)
				fprintf(f, "%02x", value[cpu * round_up(info->value_size, 8) + i]);
			fputc('"', f);
		}
		fputs("]}", f);
		return;
	}
	fputs("\", \"value\": \"", f);
	for (u32 i = 0; i < info->value_size; i++)
		fprintf(f, "%02x", value[i]);
	fputs("\"}", f);
}

/* "maps": [{"name", "type", "id", "key_size", "value_size", "max_entries",
 * "flags", "entries": [{"key": hex, "value": hex or "values": [hex per CPU]}]}]
 */
void json_maps(struct json *j, const struct bpfjit_prog *p)
{
	json_key(j, "maps");
	fputc('[', j->f);
	for (u32 i = 0, n = 0; p->obj && i < p->obj->nr_maps; i++) {
		const struct bpf_object_map *m = &p->obj->maps[i];
		struct json_ctx c = { .j = j };
		struct bpf_map_info info;

		if (m->fd < 0 || map_info(m->fd, &info))
			continue;
		fprintf(j->f, "%s{\"name\": \"%s\", \"type\": \"%s\", \"id\": %u, "
			"\"key_size\": %u, \"value_size\": %u, \"max_entries\": %u, "
			"\"flags\": %u, \"entries\": [", n++ ? ", " : "", m->name,
			bpf_object_map_type_name(info.type) ? : "?", info.id, info.key_size,
			info.value_size, info.max_entries, info.map_flags);
		if (m->type != BPF_MAP_TYPE_RINGBUF && m->type != BPF_MAP_TYPE_PERF_EVENT_ARRAY)
			walk_map(m->fd, &info, json_entry, &c);
		fputs("]}", j->f);
	}
	fputc(']', j->f);
}
