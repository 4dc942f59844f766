// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_CREATE: from a bpf_attr to a map object and an fd.
 *
 * Mirrors kernel/bpf/syscall.c: bpf_map_types[] (from
 * include/linux/bpf_types.h), find_and_alloc_map(), bpf_map_area_alloc(),
 * bpf_map_init_from_attr(), bpf_map_charge_init(), bpf_get_file_flag(),
 * map_create(), Linux v5.8; written afresh.
 *
 * The syscall checks what every map type shares (the attr's tail, the
 * access flags, BTF ids, the NUMA node) and leaves the rest to the type:
 * its map_alloc_check() says whether key_size, value_size, max_entries and
 * map_flags make sense for it, with the error code the kernel gives.
 */
#include <fcntl.h>

#include "maps.h"
#include "linux/capability.h"
#include "linux/idr.h"

/*
 * The map types this project builds, indexed by enum bpf_map_type; NULL
 * is a type the kernel was built without, and creating one gives -EINVAL.
 * (The kernel's table also has cgroup arrays, LPM tries,
 * sockets, devices, queues, stacks, storages and struct_ops.)
 */
static const struct bpf_map_ops *const bpf_map_types[] = {
	[BPF_MAP_TYPE_ARRAY]		= &array_map_ops,
	[BPF_MAP_TYPE_PERCPU_ARRAY]	= &percpu_array_map_ops,
	[BPF_MAP_TYPE_PROG_ARRAY]	= &prog_array_map_ops,
	[BPF_MAP_TYPE_PERF_EVENT_ARRAY]	= &perf_event_array_map_ops,
	[BPF_MAP_TYPE_HASH]		= &htab_map_ops,
	[BPF_MAP_TYPE_PERCPU_HASH]	= &htab_percpu_map_ops,
	[BPF_MAP_TYPE_LRU_HASH]		= &htab_lru_map_ops,
	[BPF_MAP_TYPE_LRU_PERCPU_HASH]	= &htab_lru_percpu_map_ops,
	[BPF_MAP_TYPE_RINGBUF]		= &ringbuf_map_ops,
	[BPF_MAP_TYPE_STACK_TRACE]	= &stack_trace_map_ops,
};

/*
 * kernel/bpf/syscall.c: a map's memory. The kernel chooses kmalloc or
 * vmalloc by size and charges the pages to the user's RLIMIT_MEMLOCK; here
 * it is one zeroed allocation, and bpf_map_charge_init() keeps only the
 * limit that protects the u32 sizes computed from it.
 */
void *bpf_map_area_alloc(u64 size, int numa_node)
{
	(void)numa_node;
	if (size >= SIZE_MAX)
		return NULL;
	return calloc(1, size ? size : 1);
}

void bpf_map_area_free(void *area)
{
	free(area);
}

int bpf_map_charge_init(u64 size)
{
	if (size >= U32_MAX - PAGE_SIZE)
		return -E2BIG;
	return 0;
}

/* Some map creation flags are not tied to the map object but rather to
 * the map fd instead (BPF_F_RDONLY, BPF_F_WRONLY): several fds with
 * different access can exist, so the map itself does not keep them.
 */
static u32 bpf_map_flags_retain_permanent(u32 flags)
{
	return flags & ~(BPF_F_RDONLY | BPF_F_WRONLY);
}

void bpf_map_init_from_attr(struct bpf_map *map, union bpf_attr *attr)
{
	map->map_type = attr->map_type;
	map->key_size = attr->key_size;
	map->value_size = attr->value_size;
	map->max_entries = attr->max_entries;
	map->map_flags = bpf_map_flags_retain_permanent(attr->map_flags);
	map->numa_node = bpf_map_attr_numa_node(attr);
}

/* The open flags of a map fd: what user space may do through it. */
int bpf_get_file_flag(int flags)
{
	if ((flags & BPF_F_RDONLY) && (flags & BPF_F_WRONLY))
		return -EINVAL;
	if (flags & BPF_F_RDONLY)
		return O_RDONLY;
	if (flags & BPF_F_WRONLY)
		return O_WRONLY;
	return O_RDWR;
}

static struct bpf_map *find_and_alloc_map(union bpf_attr *attr)
{
	const struct bpf_map_ops *ops;
	u32 type = attr->map_type;
	struct bpf_map *map;
	int err;

	if (type >= ARRAY_SIZE(bpf_map_types))
		return ERR_PTR(-EINVAL);
	ops = bpf_map_types[type];
	if (!ops)
		return ERR_PTR(-EINVAL);

	if (ops->map_alloc_check) {
		err = ops->map_alloc_check(attr);
		if (err)
			return ERR_PTR(err);
	}
	/* attr->map_ifindex asks for a map on a network device (offload,
	 * kernel/bpf/offload.c); no device has that index here.
	 */
	if (attr->map_ifindex)
		return ERR_PTR(capable(CAP_SYS_ADMIN) ? -EINVAL : -EPERM);
	map = ops->map_alloc(attr);
	if (IS_ERR(map))
		return map;
	map->ops = ops;
	map->map_type = type;
	return map;
}

int map_create(union bpf_attr *attr)
{
	int numa_node = bpf_map_attr_numa_node(attr);
	struct bpf_map *map;
	int f_flags;
	int err;

	err = CHECK_ATTR(BPF_MAP_CREATE);
	if (err)
		return -EINVAL;

	if (attr->btf_vmlinux_value_type_id) {
		if (attr->map_type != BPF_MAP_TYPE_STRUCT_OPS ||
		    attr->btf_key_type_id || attr->btf_value_type_id)
			return -EINVAL;
	} else if (attr->btf_key_type_id && !attr->btf_value_type_id) {
		return -EINVAL;
	}

	f_flags = bpf_get_file_flag(attr->map_flags);
	if (f_flags < 0)
		return f_flags;

	/* One NUMA node, node 0, as on a machine without NUMA. */
	if (numa_node != NUMA_NO_NODE && numa_node != 0)
		return -EINVAL;

	/* find map type and init map: hashtable vs rbtree vs bloom vs ... */
	map = find_and_alloc_map(attr);
	if (IS_ERR(map))
		return PTR_ERR(map);

	err = bpf_obj_name_cpy(map->name, attr->map_name, sizeof(attr->map_name));
	if (err < 0)
		goto free_map;

	map->refcnt = 1;
	map->usercnt = 1;

	map->spin_lock_off = -EINVAL;
	if (attr->btf_key_type_id || attr->btf_value_type_id ||
	    attr->btf_vmlinux_value_type_id) {
		/* btf_get_by_fd(attr->btf_fd): no BTF object can be loaded
		 * here (BPF_BTF_LOAD is not built), so no fd names one.
		 */
		err = -EBADF;
		goto free_map;
	}

	/* Here the kernel runs the LSM hook security_bpf_map_alloc(). */

	err = bpf_map_alloc_id(map);
	if (err)
		goto free_map;

	err = bpf_map_new_fd(map, f_flags);
	if (err < 0) {
		/* failed to allocate fd.
		 * bpf_map_put_with_uref() is needed because the above
		 * bpf_map_alloc_id() has published the map
		 * to the userspace and the userspace may
		 * have refcnt-ed it through BPF_MAP_GET_FD_BY_ID.
		 */
		bpf_map_put_with_uref(map);
		return err;
	}

	return err;

free_map:
	map->ops->map_free(map);
	return err;
}
