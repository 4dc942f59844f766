// SPDX-License-Identifier: GPL-2.0
/*
 * Arrays: BPF_MAP_TYPE_ARRAY and BPF_MAP_TYPE_PERCPU_ARRAY.
 *
 * Mirrors kernel/bpf/arraymap.c: array_map_alloc_check(),
 * array_map_alloc(), array_map_lookup_elem(), array_map_direct_value_addr(),
 * array_map_direct_value_meta(),
 * percpu_array_map_lookup_elem(), bpf_percpu_array_copy(),
 * array_map_get_next_key(), array_map_update_elem(),
 * bpf_percpu_array_update(), array_map_delete_elem(), array_map_free(),
 * array_map_ops, percpu_array_map_ops, Linux v5.8; written afresh.
 *
 * An array is the simplest map: max_entries values of round_up(value_size,
 * 8) bytes each, all allocated and zeroed when the map is created, keyed by
 * their u32 index. Nothing is ever inserted or deleted, so a lookup never
 * fails for an index in range and a program may keep the pointer it got.
 * That is why the verifier can inline a lookup (array_map_gen_lookup(), in
 * array_gen_lookup.c) and why global data lives in one-element arrays.
 */
#include "maps.h"
#include "linux/capability.h"
#include "linux/filter.h"

#define ARRAY_CREATE_FLAG_MASK \
	(BPF_F_NUMA_NODE | BPF_F_MMAPABLE | BPF_F_ACCESS_MASK)

/* include/linux/bpf.h, v5.8: may this loader's programs speculate past
 * a bounds check? Then the array needs no index masking.
 */
static bool bpf_bypass_spec_v1(void)
{
	return perfmon_capable();
}

static void bpf_array_free_percpu(struct bpf_array *array)
{
	u32 i;

	for (i = 0; i < array->map.max_entries; i++)
		free(array->pptrs[i]);
}

/* One block per element holding every CPU's copy (see per_cpu_ptr()). */
static int bpf_array_alloc_percpu(struct bpf_array *array)
{
	void *ptr;
	u32 i;

	for (i = 0; i < array->map.max_entries; i++) {
		ptr = calloc(num_possible_cpus(), array->elem_size);
		if (!ptr) {
			bpf_array_free_percpu(array);
			return -ENOMEM;
		}
		array->pptrs[i] = ptr;
	}

	return 0;
}

/* Called from syscall */
int array_map_alloc_check(union bpf_attr *attr)
{
	bool percpu = attr->map_type == BPF_MAP_TYPE_PERCPU_ARRAY;
	int numa_node = bpf_map_attr_numa_node(attr);

	/* check sanity of attributes */
	if (attr->max_entries == 0 || attr->key_size != 4 ||
	    attr->value_size == 0 ||
	    attr->map_flags & ~ARRAY_CREATE_FLAG_MASK ||
	    !bpf_map_flags_access_ok(attr->map_flags) ||
	    (percpu && numa_node != NUMA_NO_NODE))
		return -EINVAL;

	if (attr->map_type != BPF_MAP_TYPE_ARRAY &&
	    attr->map_flags & BPF_F_MMAPABLE)
		return -EINVAL;

	if (attr->value_size > KMALLOC_MAX_SIZE)
		/* if value_size is bigger, the user space won't be able to
		 * access the elements.
		 */
		return -E2BIG;

	return 0;
}

struct bpf_map *array_map_alloc(union bpf_attr *attr)
{
	bool percpu = attr->map_type == BPF_MAP_TYPE_PERCPU_ARRAY;
	int ret, numa_node = bpf_map_attr_numa_node(attr);
	u32 elem_size, index_mask, max_entries;
	bool bypass_spec_v1 = bpf_bypass_spec_v1();
	u64 cost, array_size, mask64;
	struct bpf_array *array;

	elem_size = round_up(attr->value_size, 8);

	max_entries = attr->max_entries;

	/* The index mask: the smallest 2^n - 1 covering every index. */
	mask64 = max_entries > 1 ? 64 - __builtin_clzll((u64)max_entries - 1) : 0;
	mask64 = 1ULL << mask64;
	mask64 -= 1;

	index_mask = mask64;
	if (!bypass_spec_v1) {
		/* round up array size to nearest power of 2,
		 * since cpu will speculate within index_mask limits
		 */
		max_entries = index_mask + 1;
		/* Check for overflows. */
		if (max_entries < attr->max_entries)
			return ERR_PTR(-E2BIG);
	}

	array_size = sizeof(*array);
	if (percpu) {
		array_size += (u64) max_entries * sizeof(void *);
	} else {
		/* BPF_F_MMAPABLE: the kernel page-aligns the values so user
		 * space can mmap() them; no mmap() of maps here.
		 */
		array_size += (u64) max_entries * elem_size;
	}

	/* make sure there is no u32 overflow later in round_up() */
	cost = array_size;
	if (percpu)
		cost += (u64)attr->max_entries * elem_size * num_possible_cpus();

	ret = bpf_map_charge_init(cost);
	if (ret < 0)
		return ERR_PTR(ret);

	/* allocate all map elements and zero-initialize them */
	array = bpf_map_area_alloc(array_size, numa_node);
	if (!array)
		return ERR_PTR(-ENOMEM);
	array->index_mask = index_mask;
	array->map.bypass_spec_v1 = bypass_spec_v1;

	/* copy mandatory map attributes */
	bpf_map_init_from_attr(&array->map, attr);
	array->elem_size = elem_size;

	if (percpu && bpf_array_alloc_percpu(array)) {
		bpf_map_area_free(array);
		return ERR_PTR(-ENOMEM);
	}

	return &array->map;
}

/* Called from syscall or from eBPF program */
void *array_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	u32 index = *(u32 *)key;

	if (unlikely(index >= array->map.max_entries))
		return NULL;

	return array->value + array->elem_size * (index & array->index_mask);
}

/* BPF_PSEUDO_MAP_VALUE: the address of byte `off` of the one value. */
static int array_map_direct_value_addr(const struct bpf_map *map, u64 *imm, u32 off)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);

	if (map->max_entries != 1)
		return -ENOTSUPP;
	if (off >= map->value_size)
		return -EINVAL;

	*imm = (unsigned long)array->value;
	return 0;
}

/* The reverse, for dumps: which offset does this address point at? */
static int array_map_direct_value_meta(const struct bpf_map *map, u64 imm, u32 *off)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	u64 base = (unsigned long)array->value;
	u64 range = array->elem_size;

	if (map->max_entries != 1)
		return -ENOTSUPP;
	if (imm < base || imm >= base + range)
		return -ENOENT;

	*off = imm - base;
	return 0;
}

/* Called from eBPF program: this CPU's copy (CPU 0's, see NR_CPUS) */
static void *percpu_array_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	u32 index = *(u32 *)key;

	if (unlikely(index >= array->map.max_entries))
		return NULL;

	return per_cpu_ptr(array->pptrs[index & array->index_mask], array->elem_size, 0);
}

int bpf_percpu_array_copy(struct bpf_map *map, void *key, void *value)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	u32 index = *(u32 *)key;
	void *pptr;
	int cpu, off = 0;
	u32 size;

	if (unlikely(index >= array->map.max_entries))
		return -ENOENT;

	/* per_cpu areas are zero-filled and bpf programs can only
	 * access 'value_size' of them, so copying rounded areas
	 * will not leak any kernel data
	 */
	size = round_up(map->value_size, 8);
	pptr = array->pptrs[index & array->index_mask];
	for (cpu = 0; cpu < (int)num_possible_cpus(); cpu++) {
		memcpy((char *)value + off, per_cpu_ptr(pptr, array->elem_size, cpu), size);
		off += size;
	}
	return 0;
}

/* Called from syscall */
int array_map_get_next_key(struct bpf_map *map, void *key, void *next_key)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	u32 index = key ? *(u32 *)key : U32_MAX;
	u32 *next = (u32 *)next_key;

	if (index >= array->map.max_entries) {
		*next = 0;
		return 0;
	}

	if (index == array->map.max_entries - 1)
		return -ENOENT;

	*next = index + 1;
	return 0;
}

/* Called from syscall or from eBPF program */
static long array_map_update_elem(struct bpf_map *map, void *key, void *value,
				  u64 map_flags)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	u32 index = *(u32 *)key;
	char *val;

	if (unlikely((map_flags & ~BPF_F_LOCK) > BPF_EXIST))
		/* unknown flags */
		return -EINVAL;

	if (unlikely(index >= array->map.max_entries))
		/* all elements were pre-allocated, cannot insert a new one */
		return -E2BIG;

	if (unlikely(map_flags & BPF_NOEXIST))
		/* all elements already exist */
		return -EEXIST;

	/* map_value_has_spin_lock(): never, without BTF */
	if (unlikely(map_flags & BPF_F_LOCK))
		return -EINVAL;

	if (array->map.map_type == BPF_MAP_TYPE_PERCPU_ARRAY) {
		memcpy(per_cpu_ptr(array->pptrs[index & array->index_mask],
				   array->elem_size, 0),
		       value, map->value_size);
	} else {
		val = array->value + array->elem_size * (index & array->index_mask);
		memcpy(val, value, map->value_size);
	}
	return 0;
}

int bpf_percpu_array_update(struct bpf_map *map, void *key, void *value, u64 map_flags)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	u32 index = *(u32 *)key;
	void *pptr;
	int cpu, off = 0;
	u32 size;

	if (unlikely(map_flags > BPF_EXIST))
		/* unknown flags */
		return -EINVAL;

	if (unlikely(index >= array->map.max_entries))
		/* all elements were pre-allocated, cannot insert a new one */
		return -E2BIG;

	if (unlikely(map_flags == BPF_NOEXIST))
		/* all elements already exist */
		return -EEXIST;

	/* the user space will provide round_up(value_size, 8) bytes that
	 * will be copied into per-cpu area. bpf programs can only access
	 * value_size of it. During lookup the same extra bytes will be
	 * returned or zeros which were zero-filled by percpu_alloc,
	 * so no kernel data leaks possible
	 */
	size = round_up(map->value_size, 8);
	pptr = array->pptrs[index & array->index_mask];
	for (cpu = 0; cpu < (int)num_possible_cpus(); cpu++) {
		memcpy(per_cpu_ptr(pptr, array->elem_size, cpu), (char *)value + off, size);
		off += size;
	}
	return 0;
}

/* Called from syscall or from eBPF program: an array's elements cannot go */
static long array_map_delete_elem(struct bpf_map *map, void *key)
{
	(void)map; (void)key;
	return -EINVAL;
}

/* Called when map->refcnt goes to zero, either from workqueue or from syscall */
void array_map_free(struct bpf_map *map)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);

	if (array->map.map_type == BPF_MAP_TYPE_PERCPU_ARRAY)
		bpf_array_free_percpu(array);

	bpf_map_area_free(array);
}

const struct bpf_map_ops array_map_ops = {
	.map_alloc_check = array_map_alloc_check,
	.map_alloc = array_map_alloc,
	.map_free = array_map_free,
	.map_get_next_key = array_map_get_next_key,
	.map_lookup_elem = array_map_lookup_elem,
	.map_update_elem = array_map_update_elem,
	.map_delete_elem = array_map_delete_elem,
	.map_gen_lookup = array_map_gen_lookup,
	.map_direct_value_addr = array_map_direct_value_addr,
	.map_direct_value_meta = array_map_direct_value_meta,
};

const struct bpf_map_ops percpu_array_map_ops = {
	.map_alloc_check = array_map_alloc_check,
	.map_alloc = array_map_alloc,
	.map_free = array_map_free,
	.map_get_next_key = array_map_get_next_key,
	.map_lookup_elem = percpu_array_map_lookup_elem,
	.map_update_elem = array_map_update_elem,
	.map_delete_elem = array_map_delete_elem,
};
