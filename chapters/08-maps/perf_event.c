// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_PERF_EVENT_ARRAY and bpf_perf_event_output(): a program's
 * way to send records to user space before ring buffers (Linux 5.8).
 *
 * Mirrors kernel/bpf/arraymap.c: perf_event_fd_array_get_ptr(),
 * perf_event_fd_array_put_ptr(), perf_event_fd_array_release(),
 * perf_event_array_map_ops; kernel/trace/bpf_trace.c:
 * __bpf_perf_event_output(), bpf_perf_event_output() and its proto,
 * Linux v5.8; written afresh.
 *
 * User space opens one BPF-output perf event per CPU and stores each fd in
 * the array at the CPU's index; a program writes to the event of the CPU it
 * runs on (flags = BPF_F_CURRENT_CPU) or names an index. In the kernel an
 * event is a perf ring buffer user space mmap()s; here it is a list of
 * samples (perf_event_open() is not built, bpf_perf_event_open_output()
 * stands for it), and bpf_perf_event_drain() reads them.
 */
#include <fcntl.h>

#include "maps.h"
#include "linux/bpf_output.h"

/* include/linux/perf_event.h, reduced to a BPF-output event's samples */
struct bpf_perf_sample {
	struct bpf_perf_sample *next;
	u32 size;
	char data[];
};

struct perf_event {
	int oncpu;
	s64 refcnt;			/* its fd, and each array slot holding it */
	struct bpf_perf_sample *head, **tail;
};

static void perf_event_put(struct perf_event *event)
{
	struct bpf_perf_sample *s, *next;

	if (--event->refcnt)
		return;
	for (s = event->head; s; s = next) {
		next = s->next;
		free(s);
	}
	free(event);
}

static int perf_event_release(struct file *file)
{
	perf_event_put(file->private_data);
	return 0;
}

static const struct file_operations perf_fops = {
	.release	= perf_event_release,
};

int bpf_perf_event_open_output(int cpu)
{
	struct perf_event *event;
	int fd;

	if (cpu < 0 || cpu >= (int)num_possible_cpus())
		return -EINVAL;
	event = calloc(1, sizeof(*event));
	if (!event)
		return -ENOMEM;
	event->oncpu = cpu;
	event->refcnt = 1;
	event->tail = &event->head;
	fd = anon_inode_getfd("[perf_event]", &perf_fops, event, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		free(event);
	return fd;
}

int bpf_perf_event_drain(int fd, bpf_sample_fn fn, void *ctx)
{
	struct file *f = fget(fd);
	struct perf_event *event;
	struct bpf_perf_sample *s;
	int cnt = 0, err = 0;

	if (!f)
		return -EBADF;
	if (f->f_op != &perf_fops)
		return -EINVAL;
	event = f->private_data;
	while ((s = event->head)) {
		event->head = s->next;
		if (!event->head)
			event->tail = &event->head;
		if (!err) {
			err = fn(ctx, s->data, s->size, event->oncpu);
			cnt++;
		}
		free(s);
	}
	return err ? err : cnt;
}

/* The array holds the event (the kernel's bpf_event_entry also remembers
 * which map fd stored it, for perf_event_fd_array_release()).
 */
static void *perf_event_fd_array_get_ptr(struct bpf_map *map, struct file *map_file, int fd)
{
	struct file *perf_file = fget(fd);
	struct perf_event *event;

	(void)map; (void)map_file;
	if (!perf_file)
		return ERR_PTR(-EBADF);
	if (perf_file->f_op != &perf_fops)
		return ERR_PTR(-EINVAL);	/* perf_event_get(): not a perf event */
	event = perf_file->private_data;
	event->refcnt++;
	return event;
}

static void perf_event_fd_array_put_ptr(void *ptr)
{
	perf_event_put(ptr);
}

/* The kernel empties the slots a map fd filled when that fd closes; here
 * they go with the map.
 */
static void perf_event_fd_array_map_free(struct bpf_map *map)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	u32 i;

	for (i = 0; i < array->map.max_entries; i++)
		if (array->ptrs[i])
			perf_event_fd_array_put_ptr(array->ptrs[i]);
	bpf_map_area_free(array);
}

const struct bpf_map_ops perf_event_array_map_ops = {
	.map_alloc_check = fd_array_map_alloc_check,
	.map_alloc = array_map_alloc,
	.map_free = perf_event_fd_array_map_free,
	.map_get_next_key = array_map_get_next_key,
	.map_lookup_elem = fd_array_map_lookup_elem,
	.map_delete_elem = fd_array_map_delete_elem,
	.map_fd_get_ptr = perf_event_fd_array_get_ptr,
	.map_fd_put_ptr = perf_event_fd_array_put_ptr,
};

/* Every program runs on CPU 0 (see NR_CPUS). */
static u64 __bpf_perf_event_output(struct bpf_map *map, u64 flags, const void *data,
				   u64 size)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	unsigned int cpu = 0;	/* smp_processor_id() */
	u64 index = flags & BPF_F_INDEX_MASK;
	struct bpf_perf_sample *s;
	struct perf_event *event;

	if (index == BPF_F_CURRENT_CPU)
		index = cpu;
	if (unlikely(index >= array->map.max_entries))
		return -E2BIG;

	event = array->ptrs[index];
	if (!event)
		return -ENOENT;

	/* A sample goes out only from the CPU the event watches. */
	if (unlikely((unsigned int)event->oncpu != cpu))
		return -EOPNOTSUPP;

	/* perf_event_output(): the raw sample, into the event's buffer */
	s = malloc(sizeof(*s) + size);
	if (!s)
		return -ENOSPC;
	s->next = NULL;
	s->size = size;
	memcpy(s->data, data, size);
	*event->tail = s;
	event->tail = &s->next;
	return 0;
}

static u64 bpf_perf_event_output(u64 regs, u64 map, u64 flags, u64 data, u64 size)
{
	(void)regs;
	if (unlikely(flags & ~(BPF_F_INDEX_MASK)))
		return -EINVAL;

	return __bpf_perf_event_output((struct bpf_map *)(unsigned long)map, flags,
				       (const void *)(unsigned long)data, size);
}

const struct bpf_func_proto bpf_perf_event_output_proto = {
	.func		= bpf_perf_event_output,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_CONST_MAP_PTR,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_PTR_TO_MEM,
	.arg5_type	= ARG_CONST_SIZE_OR_ZERO,
};
