// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_STACK_TRACE and the helpers that fill it: a profiler's way
 * to count call stacks. bpf_get_stackid() stores the current stack in the
 * map, under an id derived from its hash, and returns the id; the program
 * counts ids in a hash map, and user space reads the stacks back by id.
 * bpf_get_stack() copies the stack into the program's own buffer instead.
 *
 * Mirrors kernel/bpf/stackmap.c: stack_map_alloc(), bpf_get_stackid(),
 * bpf_get_stack(), bpf_stackmap_copy(), stack_map_get_next_key(),
 * stack_map_delete_elem(), stack_map_free(), stack_trace_map_ops and the
 * protos, Linux v5.8; written afresh.
 *
 * Which stack, in user space? A tracing program's "kernel stack" is the
 * probed kernel code's, and there is no kernel here: it is empty, and
 * bpf_get_stackid() answers -EFAULT, as the kernel does for a stack with
 * nothing left after the frames skipped. With BPF_F_USER_STACK the stack
 * is this process's own, as glibc's backtrace() walks it from the helper:
 * the same program run from the same place gives the same id.
 * BPF_F_STACK_BUILD_ID (build ids instead of addresses) is not built:
 * such a map is refused.
 */
#include <execinfo.h>

#include "maps.h"
#include "linux/capability.h"
#include "linux/jhash.h"

#define STACK_CREATE_FLAG_MASK					\
	(BPF_F_NUMA_NODE | BPF_F_RDONLY | BPF_F_WRONLY |	\
	 BPF_F_STACK_BUILD_ID)

/* kernel.perf_event_max_stack's default: the deepest stack recorded */
#define PERF_MAX_STACK_DEPTH	127

struct stack_map_bucket {
	u32 hash;
	u32 nr;
	u64 data[];
};

struct bpf_stack_map {
	struct bpf_map map;
	u32 n_buckets;
	struct stack_map_bucket **buckets;
};

static struct bpf_map *stack_map_alloc(union bpf_attr *attr)
{
	u32 value_size = attr->value_size;
	struct bpf_stack_map *smap;
	u64 n_buckets;

	if (!bpf_capable())
		return ERR_PTR(-EPERM);

	if (attr->map_flags & ~STACK_CREATE_FLAG_MASK)
		return ERR_PTR(-EINVAL);

	/* check sanity of attributes */
	if (attr->max_entries == 0 || attr->key_size != 4 ||
	    value_size < 8 || value_size % 8)
		return ERR_PTR(-EINVAL);

	if (attr->map_flags & BPF_F_STACK_BUILD_ID)
		return ERR_PTR(-EINVAL);	/* not built: see above */
	if (value_size / 8 > PERF_MAX_STACK_DEPTH)
		return ERR_PTR(-EINVAL);

	/* hash table size must be power of 2 */
	n_buckets = 1;
	while (n_buckets < attr->max_entries)
		n_buckets <<= 1;
	if (n_buckets > (1u << 24))
		return ERR_PTR(-E2BIG);	/* the kernel's memlock charge fails first */

	smap = calloc(1, sizeof(*smap));
	if (!smap)
		return ERR_PTR(-ENOMEM);
	smap->buckets = calloc(n_buckets, sizeof(*smap->buckets));
	if (!smap->buckets) {
		free(smap);
		return ERR_PTR(-ENOMEM);
	}
	bpf_map_init_from_attr(&smap->map, attr);
	smap->n_buckets = n_buckets;
	return &smap->map;
}

static void stack_map_free(struct bpf_map *map)
{
	struct bpf_stack_map *smap = container_of(map, struct bpf_stack_map, map);

	for (u32 i = 0; i < smap->n_buckets; i++)
		free(smap->buckets[i]);
	free(smap->buckets);
	free(smap);
}

/*
 * get_perf_callchain(): the stack the helper was called from, innermost
 * first, at most max entries (after skip). The kernel's stack is empty.
 */
static u32 get_callchain(u64 flags, u64 *ips, u32 max)
{
	void *frames[PERF_MAX_STACK_DEPTH + 256];
	u32 skip = flags & BPF_F_SKIP_FIELD_MASK, nr;
	int n;

	if (!(flags & BPF_F_USER_STACK))
		return 0;
	n = backtrace(frames, ARRAY_SIZE(frames));
	if (n < 0 || (u32)n <= skip)
		return 0;
	nr = min_t(u32, n - skip, max);
	for (u32 i = 0; i < nr; i++)
		ips[i] = (unsigned long)frames[skip + i];
	return nr;
}

static long __bpf_get_stackid(struct bpf_map *map, const u64 *ips, u32 trace_nr, u64 flags)
{
	struct bpf_stack_map *smap = container_of(map, struct bpf_stack_map, map);
	u32 max_depth = map->value_size / 8;
	struct stack_map_bucket *bucket, *new_bucket;
	u32 hash, id, trace_len;
	bool hash_matches;

	trace_nr = min(trace_nr, max_depth);
	trace_len = trace_nr * sizeof(u64);
	hash = jhash2((const u32 *)ips, trace_len / sizeof(u32), 0);
	id = hash & (smap->n_buckets - 1);
	bucket = smap->buckets[id];

	hash_matches = bucket && bucket->hash == hash;
	/* fast cmp */
	if (hash_matches && flags & BPF_F_FAST_STACK_CMP)
		return id;

	if (hash_matches && bucket->nr == trace_nr &&
	    memcmp(bucket->data, ips, trace_len) == 0)
		return id;
	if (bucket && !(flags & BPF_F_REUSE_STACKID))
		return -EEXIST;

	new_bucket = calloc(1, sizeof(*new_bucket) + map->value_size);
	if (unlikely(!new_bucket))
		return -ENOMEM;
	memcpy(new_bucket->data, ips, trace_len);
	new_bucket->hash = hash;
	new_bucket->nr = trace_nr;

	free(smap->buckets[id]);		/* xchg(), then the free list */
	smap->buckets[id] = new_bucket;
	return id;
}

static u64 bpf_get_stackid(u64 r1, u64 r2, u64 flags, u64 r4, u64 r5)
{
	struct bpf_map *map = (struct bpf_map *)(unsigned long)r2;
	u64 ips[PERF_MAX_STACK_DEPTH];
	u32 trace_nr;

	(void)r1; (void)r4; (void)r5;
	if (unlikely(flags & ~(BPF_F_SKIP_FIELD_MASK | BPF_F_USER_STACK |
			       BPF_F_FAST_STACK_CMP | BPF_F_REUSE_STACKID)))
		return -EINVAL;

	trace_nr = get_callchain(flags, ips, PERF_MAX_STACK_DEPTH);
	if (unlikely(!trace_nr))
		return -EFAULT;
	return __bpf_get_stackid(map, ips, trace_nr, flags);
}

const struct bpf_func_proto bpf_get_stackid_proto = {
	.func		= bpf_get_stackid,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_CONST_MAP_PTR,
	.arg3_type	= ARG_ANYTHING,
};

/* The stack into buf, zero-filled past it: its size in bytes, or -errno. */
static u64 bpf_get_stack(u64 r1, u64 buf_u, u64 size_u, u64 flags, u64 r5)
{
	u32 size = size_u, elem_size = sizeof(u64), trace_nr;
	void *buf = (void *)(unsigned long)buf_u;
	u64 ips[PERF_MAX_STACK_DEPTH];
	long err = -EINVAL;

	(void)r1; (void)r5;
	if (unlikely(flags & ~(BPF_F_SKIP_FIELD_MASK | BPF_F_USER_STACK |
			       BPF_F_USER_BUILD_ID)))
		goto clear;
	/* build ids are for user stacks only, and not built here */
	if (flags & BPF_F_USER_BUILD_ID)
		goto clear;
	if (unlikely(size % elem_size))
		goto clear;

	trace_nr = get_callchain(flags, ips, min_t(u32, size / elem_size,
						   PERF_MAX_STACK_DEPTH));
	if (unlikely(!trace_nr)) {
		err = -EFAULT;
		goto clear;
	}
	memcpy(buf, ips, trace_nr * elem_size);
	if (size > trace_nr * elem_size)
		memset((char *)buf + trace_nr * elem_size, 0, size - trace_nr * elem_size);
	return trace_nr * elem_size;

clear:
	memset(buf, 0, size);
	return err;
}

const struct bpf_func_proto bpf_get_stack_proto = {
	.func		= bpf_get_stack,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg3_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg4_type	= ARG_ANYTHING,
};

/* Called from eBPF program: the verifier lets none through (get_stackid only). */
static void *stack_map_lookup_elem(struct bpf_map *map, void *key)
{
	(void)map; (void)key;
	return ERR_PTR(-EOPNOTSUPP);
}

/* Called from syscall: the stack, zero-filled to value_size */
int bpf_stackmap_copy(struct bpf_map *map, void *key, void *value)
{
	struct bpf_stack_map *smap = container_of(map, struct bpf_stack_map, map);
	struct stack_map_bucket *bucket;
	u32 id = *(u32 *)key, trace_len;

	if (unlikely(id >= smap->n_buckets))
		return -ENOENT;

	bucket = smap->buckets[id];
	if (!bucket)
		return -ENOENT;

	trace_len = bucket->nr * sizeof(u64);
	memcpy(value, bucket->data, trace_len);
	memset((char *)value + trace_len, 0, map->value_size - trace_len);
	return 0;
}

static int stack_map_get_next_key(struct bpf_map *map, void *key, void *next_key)
{
	struct bpf_stack_map *smap = container_of(map, struct bpf_stack_map, map);
	u32 id;

	if (!key) {
		id = 0;
	} else {
		id = *(u32 *)key;
		if (id >= smap->n_buckets || !smap->buckets[id])
			id = 0;
		else
			id++;
	}

	while (id < smap->n_buckets && !smap->buckets[id])
		id++;

	if (id >= smap->n_buckets)
		return -ENOENT;

	*(u32 *)next_key = id;
	return 0;
}

static long stack_map_update_elem(struct bpf_map *map, void *key, void *value, u64 map_flags)
{
	(void)map; (void)key; (void)value; (void)map_flags;
	return -EINVAL;
}

/* Called from syscall or from eBPF program */
static long stack_map_delete_elem(struct bpf_map *map, void *key)
{
	struct bpf_stack_map *smap = container_of(map, struct bpf_stack_map, map);
	u32 id = *(u32 *)key;

	if (unlikely(id >= smap->n_buckets))
		return -E2BIG;

	if (!smap->buckets[id])
		return -ENOENT;
	free(smap->buckets[id]);
	smap->buckets[id] = NULL;
	return 0;
}

const struct bpf_map_ops stack_trace_map_ops = {
	.map_alloc = stack_map_alloc,
	.map_free = stack_map_free,
	.map_get_next_key = stack_map_get_next_key,
	.map_lookup_elem = stack_map_lookup_elem,
	.map_update_elem = stack_map_update_elem,
	.map_delete_elem = stack_map_delete_elem,
};
