// SPDX-License-Identifier: GPL-2.0
/*
 * Hash tables: BPF_MAP_TYPE_HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH.
 *
 * Mirrors kernel/bpf/hashtab.c: htab_map_alloc_check(), htab_map_alloc(),
 * htab_map_hash(), select_bucket(), lookup_elem_raw(),
 * __htab_map_lookup_elem(), htab_map_gen_lookup(),
 * htab_lru_map_gen_lookup(), htab_map_get_next_key(), alloc_htab_elem(),
 * check_flags(), htab_map_update_elem(), htab_lru_map_update_elem(),
 * __htab_percpu_map_update_elem(), __htab_lru_percpu_map_update_elem(),
 * htab_map_delete_elem(), htab_lru_map_delete_elem(),
 * bpf_percpu_hash_copy(), bpf_percpu_hash_update(), and the four
 * bpf_map_ops, Linux v5.8; written afresh.
 *
 * n_buckets (a power of 2) lists of elements; an element is a header, the
 * key rounded up to 8 bytes, and the value (or, per-CPU, a pointer to
 * every CPU's copy). A key goes to bucket jhash(key) & (n_buckets - 1),
 * and a new element goes to the head of its bucket's list; which is why
 * BPF_MAP_GET_NEXT_KEY walks the keys in an order that looks random, and
 * differs from one map to the next: the hash is seeded at random
 * (hashrnd) unless the map is created BPF_F_ZERO_SEED.
 *
 * Memory, here as in the kernel's default (preallocated) table: no element
 * is ever freed while the map lives. A deleted or replaced element goes
 * back to a free list, so a program still holding a pointer to it writes
 * into memory of the map, never into freed memory. (The kernel's
 * BPF_F_NO_PREALLOC tables free with RCU, which waits for the program to
 * finish; the free list gives the same guarantee.) Elements are allocated
 * as the table fills, not all at once.
 *
 * The LRU tables evict when full. The kernel's LRU (kernel/bpf/bpf_lru_list.c)
 * keeps active and inactive lists, per-CPU free lists and a reference bit
 * a lookup sets; here one list with the same reference bit gives each
 * element a second chance: eviction walks from the oldest, clears the bit
 * of an element that has it and moves it to the front, and evicts the
 * first one without. Which element an LRU map evicts is not part of its
 * contract, in the kernel or here.
 */
#include "maps.h"
#include "linux/capability.h"
#include "linux/filter.h"
#include "linux/jhash.h"
#include "linux/random.h"

#define HTAB_CREATE_FLAG_MASK						\
	(BPF_F_NO_PREALLOC | BPF_F_NO_COMMON_LRU | BPF_F_NUMA_NODE |	\
	 BPF_F_ACCESS_MASK | BPF_F_ZERO_SEED)

struct htab_elem {
	struct htab_elem *hash_next;	/* in its bucket, or on the free list */
	struct htab_elem *alloc_next;	/* every element allocated, for map_free */
	struct htab_elem *lru_prev, *lru_next;
	u8 lru_ref;			/* bpf_lru_node.ref: looked up since */
	u32 hash;
	char key[] __aligned(8);
};

struct bucket {
	struct htab_elem *head;
};

struct bpf_htab {
	struct bpf_map map;
	struct bucket *buckets;
	struct htab_elem *freelist;	/* pcpu_freelist: elements to reuse */
	struct htab_elem *extra_elem;	/* htab->extra_elems, CPU 0's */
	struct htab_elem *all;		/* every element allocated */
	struct htab_elem *lru_head, *lru_tail;	/* newest, oldest */
	u32 n_alloc;			/* elements allocated so far */
	u32 n_pool;			/* at most this many */
	u32 count;			/* number of elements in this hashtable */
	u32 n_buckets;			/* number of hash buckets */
	u32 elem_size;			/* size of each element in bytes */
	u32 hashrnd;
};

static bool htab_is_lru(const struct bpf_htab *htab)
{
	return htab->map.map_type == BPF_MAP_TYPE_LRU_HASH ||
	       htab->map.map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static bool htab_is_percpu(const struct bpf_htab *htab)
{
	return htab->map.map_type == BPF_MAP_TYPE_PERCPU_HASH ||
	       htab->map.map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static inline void *htab_elem_value(struct htab_elem *l, u32 key_size)
{
	return l->key + round_up(key_size, 8);
}

/* A per-CPU element's value slot holds the pointer to its copies. */
static inline void *htab_elem_get_ptr(struct htab_elem *l, u32 key_size)
{
	void *pptr;

	memcpy(&pptr, htab_elem_value(l, key_size), sizeof(pptr));
	return pptr;
}

static inline u32 htab_map_hash(const void *key, u32 key_len, u32 hashrnd)
{
	return jhash(key, key_len, hashrnd);
}

static inline struct bucket *select_bucket(struct bpf_htab *htab, u32 hash)
{
	return &htab->buckets[hash & (htab->n_buckets - 1)];
}

/* Called from syscall */
static int htab_map_alloc_check(union bpf_attr *attr)
{
	bool percpu = (attr->map_type == BPF_MAP_TYPE_PERCPU_HASH ||
		       attr->map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH);
	bool lru = (attr->map_type == BPF_MAP_TYPE_LRU_HASH ||
		    attr->map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH);
	/* percpu_lru means each cpu has its own LRU list.
	 * it is different from BPF_MAP_TYPE_PERCPU_HASH where
	 * the map's value itself is percpu.  percpu_lru has
	 * nothing to do with the map's value.
	 */
	bool percpu_lru = (attr->map_flags & BPF_F_NO_COMMON_LRU);
	bool prealloc = !(attr->map_flags & BPF_F_NO_PREALLOC);
	bool zero_seed = (attr->map_flags & BPF_F_ZERO_SEED);
	int numa_node = bpf_map_attr_numa_node(attr);

	if (lru && !bpf_capable())
		/* LRU implementation is much complicated than other
		 * maps.  Hence, limit to CAP_BPF.
		 */
		return -EPERM;

	if (zero_seed && !capable(CAP_SYS_ADMIN))
		/* Guard against local DoS, and discourage production use. */
		return -EPERM;

	if (attr->map_flags & ~HTAB_CREATE_FLAG_MASK ||
	    !bpf_map_flags_access_ok(attr->map_flags))
		return -EINVAL;

	if (!lru && percpu_lru)
		return -EINVAL;

	if (lru && !prealloc)
		return -ENOTSUPP;

	if (numa_node != NUMA_NO_NODE && (percpu || percpu_lru))
		return -EINVAL;

	/* check sanity of attributes.
	 * value_size == 0 may be allowed in the future to use map as a set
	 */
	if (attr->max_entries == 0 || attr->key_size == 0 ||
	    attr->value_size == 0)
		return -EINVAL;

	if (attr->key_size > MAX_BPF_STACK)
		/* eBPF programs initialize keys on stack, so they cannot be
		 * larger than max stack size
		 */
		return -E2BIG;

	if (attr->value_size >= KMALLOC_MAX_SIZE -
	    MAX_BPF_STACK - sizeof(struct htab_elem))
		/* if value_size is bigger, the user space won't be able to
		 * access the elements via bpf syscall. This check also makes
		 * sure that the elem_size doesn't overflow and it's
		 * kmalloc-able later in htab_map_update_elem()
		 */
		return -E2BIG;

	return 0;
}

static u32 roundup_pow_of_two(u32 n)
{
	return n <= 1 ? 1 : n > (1u << 31) ? 0 : 1u << (32 - __builtin_clz(n - 1));
}

static struct bpf_map *htab_map_alloc(union bpf_attr *attr)
{
	bool percpu = (attr->map_type == BPF_MAP_TYPE_PERCPU_HASH ||
		       attr->map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH);
	bool lru = (attr->map_type == BPF_MAP_TYPE_LRU_HASH ||
		    attr->map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH);
	bool percpu_lru = (attr->map_flags & BPF_F_NO_COMMON_LRU);
	struct bpf_htab *htab;
	u64 cost;
	int err;

	htab = calloc(1, sizeof(*htab));
	if (!htab)
		return ERR_PTR(-ENOMEM);

	bpf_map_init_from_attr(&htab->map, attr);

	if (percpu_lru) {
		/* ensure each CPU's lru list has >=1 elements.
		 * since we are at it, make each lru list has the same
		 * number of elements.
		 */
		htab->map.max_entries = roundup(attr->max_entries, num_possible_cpus());
		if (htab->map.max_entries < attr->max_entries)
			htab->map.max_entries = rounddown(attr->max_entries,
							  num_possible_cpus());
	}

	/* hash table size must be power of 2 */
	htab->n_buckets = roundup_pow_of_two(htab->map.max_entries);

	htab->elem_size = sizeof(struct htab_elem) + round_up(htab->map.key_size, 8);
	if (percpu)
		htab->elem_size += sizeof(void *);
	else
		htab->elem_size += round_up(htab->map.value_size, 8);

	err = -E2BIG;
	/* prevent zero size kmalloc and check for u32 overflow */
	if (htab->n_buckets == 0 ||
	    htab->n_buckets > U32_MAX / sizeof(struct bucket))
		goto free_htab;

	cost = (u64) htab->n_buckets * sizeof(struct bucket) +
	       (u64) htab->elem_size * htab->map.max_entries;

	if (percpu)
		cost += (u64) round_up(htab->map.value_size, 8) *
			num_possible_cpus() * htab->map.max_entries;
	else
		cost += (u64) htab->elem_size * num_possible_cpus();

	/* if map size is larger than memlock limit, reject it */
	err = bpf_map_charge_init(cost);
	if (err)
		goto free_htab;

	err = -ENOMEM;
	htab->buckets = bpf_map_area_alloc(htab->n_buckets * sizeof(struct bucket),
					   htab->map.numa_node);
	if (!htab->buckets)
		goto free_htab;

	if (htab->map.map_flags & BPF_F_ZERO_SEED)
		htab->hashrnd = 0;
	else
		htab->hashrnd = get_random_u32();

	/* The preallocated pool: max_entries elements, and one extra per
	 * CPU that an update of an existing key swaps with (extra_elem; one
	 * here, every program runs on CPU 0). An LRU table has no extras,
	 * and without a common list only this CPU's share.
	 */
	htab->n_pool = htab->map.max_entries + 1;
	if (lru)
		htab->n_pool = htab->map.max_entries;
	if (lru && percpu_lru)
		htab->n_pool = htab->map.max_entries / num_possible_cpus();

	return &htab->map;

free_htab:
	free(htab);
	return ERR_PTR(err);
}

/* A new element from the pool, or NULL when all n_pool are in use. */
static struct htab_elem *htab_elem_alloc(struct bpf_htab *htab)
{
	struct htab_elem *l = htab->freelist;
	void *pptr;

	if (l) {			/* __pcpu_freelist_pop() */
		htab->freelist = l->hash_next;
		l->hash_next = NULL;
		return l;
	}
	if (htab->n_alloc >= htab->n_pool)
		return NULL;
	l = calloc(1, htab->elem_size);
	if (!l)
		return NULL;
	if (htab_is_percpu(htab)) {
		pptr = calloc(num_possible_cpus(), round_up(htab->map.value_size, 8));
		if (!pptr) {
			free(l);
			return NULL;
		}
		memcpy(htab_elem_value(l, htab->map.key_size), &pptr, sizeof(pptr));
	}
	l->alloc_next = htab->all;
	htab->all = l;
	htab->n_alloc++;
	return l;
}

static void htab_elem_free(struct bpf_htab *htab, struct htab_elem *l)
{
	l->hash_next = htab->freelist;	/* __pcpu_freelist_push() */
	htab->freelist = l;
}

/* this lookup function can only be called with bucket lock taken */
static struct htab_elem *lookup_elem_raw(struct bucket *b, u32 hash, void *key,
					 u32 key_size)
{
	struct htab_elem *l;

	for (l = b->head; l; l = l->hash_next)
		if (l->hash == hash && !memcmp(&l->key, key, key_size))
			return l;

	return NULL;
}

static void hlist_add_head(struct bucket *b, struct htab_elem *l)
{
	l->hash_next = b->head;
	b->head = l;
}

static void hlist_del(struct bucket *b, struct htab_elem *l)
{
	struct htab_elem **pp;

	for (pp = &b->head; *pp; pp = &(*pp)->hash_next) {
		if (*pp == l) {
			*pp = l->hash_next;
			l->hash_next = NULL;
			return;
		}
	}
}

/* Called from syscall or from eBPF program directly, so
 * arguments have to match bpf_map_lookup_elem() exactly.
 * The return value is adjusted by BPF instructions
 * in htab_map_gen_lookup().
 */
static void *__htab_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct bpf_htab *htab = container_of(map, struct bpf_htab, map);
	struct bucket *b;
	struct htab_elem *l;
	u32 hash, key_size;

	key_size = map->key_size;

	hash = htab_map_hash(key, key_size, htab->hashrnd);

	b = select_bucket(htab, hash);

	l = lookup_elem_raw(b, hash, key, key_size);

	return l;
}

static void *htab_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct htab_elem *l = __htab_map_lookup_elem(map, key);

	if (l)
		return htab_elem_value(l, map->key_size);

	return NULL;
}

/* inline bpf_map_lookup_elem() call.
 * Instead of:
 * bpf_prog
 *   bpf_map_lookup_elem
 *     map->ops->map_lookup_elem
 *       htab_map_lookup_elem
 *         __htab_map_lookup_elem
 * do:
 * bpf_prog
 *   __htab_map_lookup_elem
 */
static u32 htab_map_gen_lookup(struct bpf_map *map, struct bpf_insn *insn_buf)
{
	struct bpf_insn *insn = insn_buf;
	const int ret = BPF_REG_0;

	*insn++ = BPF_EMIT_CALL(__htab_map_lookup_elem);
	*insn++ = BPF_JMP_IMM(BPF_JEQ, ret, 0, 1);
	*insn++ = BPF_ALU64_IMM(BPF_ADD, ret,
				offsetof(struct htab_elem, key) +
				round_up(map->key_size, 8));
	return insn - insn_buf;
}

/* The LRU's reference bit: set by a program's lookup, not user space's. */
static void *htab_lru_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct htab_elem *l = __htab_map_lookup_elem(map, key);

	if (l) {
		l->lru_ref = 1;		/* bpf_lru_node_set_ref() */
		return htab_elem_value(l, map->key_size);
	}

	return NULL;
}

static void *htab_lru_map_lookup_elem_sys(struct bpf_map *map, void *key)
{
	struct htab_elem *l = __htab_map_lookup_elem(map, key);

	if (l)
		return htab_elem_value(l, map->key_size);

	return NULL;
}

static u32 htab_lru_map_gen_lookup(struct bpf_map *map, struct bpf_insn *insn_buf)
{
	struct bpf_insn *insn = insn_buf;
	const int ret = BPF_REG_0;
	const int ref_reg = BPF_REG_1;

	*insn++ = BPF_EMIT_CALL(__htab_map_lookup_elem);
	*insn++ = BPF_JMP_IMM(BPF_JEQ, ret, 0, 4);
	*insn++ = BPF_LDX_MEM(BPF_B, ref_reg, ret, offsetof(struct htab_elem, lru_ref));
	*insn++ = BPF_JMP_IMM(BPF_JNE, ref_reg, 0, 1);
	*insn++ = BPF_ST_MEM(BPF_B, ret, offsetof(struct htab_elem, lru_ref), 1);
	*insn++ = BPF_ALU64_IMM(BPF_ADD, ret,
				offsetof(struct htab_elem, key) +
				round_up(map->key_size, 8));
	return insn - insn_buf;
}

/* Called from syscall */
static int htab_map_get_next_key(struct bpf_map *map, void *key, void *next_key)
{
	struct bpf_htab *htab = container_of(map, struct bpf_htab, map);
	struct htab_elem *l, *next_l;
	u32 hash, key_size;
	u32 i = 0;

	key_size = map->key_size;

	if (!key)
		goto find_first_elem;

	hash = htab_map_hash(key, key_size, htab->hashrnd);

	/* lookup the key */
	l = lookup_elem_raw(select_bucket(htab, hash), hash, key, key_size);

	if (!l)
		goto find_first_elem;

	/* key was found, get next key in the same bucket */
	next_l = l->hash_next;
	if (next_l) {
		/* if next elem in this hash list is non-zero, just return it */
		memcpy(next_key, next_l->key, key_size);
		return 0;
	}

	/* no more elements in this hash list, go to the next bucket */
	i = hash & (htab->n_buckets - 1);
	i++;

find_first_elem:
	/* iterate over buckets */
	for (; i < htab->n_buckets; i++) {
		/* pick first element in the bucket */
		next_l = htab->buckets[i].head;
		if (next_l) {
			/* if it's not empty, just return it */
			memcpy(next_key, next_l->key, key_size);
			return 0;
		}
	}

	/* iterated over all buckets and all elements */
	return -ENOENT;
}

/* A per-CPU value, set by user space (every CPU) or by a program (its
 * CPU; the others read as zero, as a fresh element's would).
 */
static void pcpu_copy_value(struct bpf_htab *htab, void *pptr, void *value, bool onallcpus)
{
	u32 size = round_up(htab->map.value_size, 8);
	int cpu;

	if (!onallcpus) {
		/* copy true value_size bytes */
		memcpy(pptr, value, htab->map.value_size);
	} else {
		for (cpu = 0; cpu < (int)num_possible_cpus(); cpu++)
			memcpy(per_cpu_ptr(pptr, size, cpu), (char *)value + cpu * size, size);
	}
}

static void pcpu_init_value(struct bpf_htab *htab, void *pptr, void *value, bool onallcpus)
{
	/* a reused element: every CPU's copy starts from zero */
	if (!onallcpus)
		memset(pptr, 0, (size_t)round_up(htab->map.value_size, 8) *
		       num_possible_cpus());
	pcpu_copy_value(htab, pptr, value, onallcpus);
}

static struct htab_elem *alloc_htab_elem(struct bpf_htab *htab, void *key, void *value,
					 u32 key_size, u32 hash, bool percpu,
					 bool onallcpus, struct htab_elem *old_elem)
{
	u32 size = htab->map.value_size;
	struct htab_elem *l_new;

	if (old_elem) {
		/* if we're updating the existing element,
		 * use per-cpu extra elems to avoid freelist_pop/push
		 */
		l_new = htab->extra_elem;
		if (!l_new)
			l_new = htab_elem_alloc(htab);
		if (!l_new)
			return ERR_PTR(-ENOMEM);
		htab->extra_elem = old_elem;
	} else {
		if (htab->count >= htab->map.max_entries)
			return ERR_PTR(-E2BIG);
		l_new = htab_elem_alloc(htab);
		if (!l_new)
			/* all pre-allocated elements are in use */
			return ERR_PTR(-E2BIG);
		htab->count++;
	}

	memcpy(l_new->key, key, key_size);
	if (percpu)
		pcpu_init_value(htab, htab_elem_get_ptr(l_new, key_size), value, onallcpus);
	else
		memcpy(htab_elem_value(l_new, key_size), value, size);

	l_new->hash = hash;
	return l_new;
}

static int check_flags(struct bpf_htab *htab, struct htab_elem *l_old, u64 map_flags)
{
	(void)htab;
	if (l_old && (map_flags & ~BPF_F_LOCK) == BPF_NOEXIST)
		/* elem already exists */
		return -EEXIST;

	if (!l_old && (map_flags & ~BPF_F_LOCK) == BPF_EXIST)
		/* elem doesn't exist, cannot update it */
		return -ENOENT;

	return 0;
}

/* Called from syscall or from eBPF program */
static long htab_map_update_elem(struct bpf_map *map, void *key, void *value, u64 map_flags)
{
	struct bpf_htab *htab = container_of(map, struct bpf_htab, map);
	struct htab_elem *l_new, *l_old;
	struct bucket *b;
	u32 key_size, hash;
	int ret;

	if (unlikely((map_flags & ~BPF_F_LOCK) > BPF_EXIST))
		/* unknown flags */
		return -EINVAL;

	key_size = map->key_size;

	hash = htab_map_hash(key, key_size, htab->hashrnd);

	b = select_bucket(htab, hash);

	/* map_value_has_spin_lock(): never, without BTF */
	if (unlikely(map_flags & BPF_F_LOCK))
		return -EINVAL;

	l_old = lookup_elem_raw(b, hash, key, key_size);

	ret = check_flags(htab, l_old, map_flags);
	if (ret)
		return ret;

	l_new = alloc_htab_elem(htab, key, value, key_size, hash, false, false, l_old);
	if (IS_ERR(l_new))
		/* all pre-allocated elements are in use or memory exhausted */
		return PTR_ERR(l_new);

	/* add new element to the head of the list, so that
	 * concurrent search will find it before old elem
	 */
	hlist_add_head(b, l_new);
	if (l_old)
		hlist_del(b, l_old);
	return 0;
}

/* ---- the LRU list --------------------------------------------------------- */

static void lru_unlink(struct bpf_htab *htab, struct htab_elem *l)
{
	if (l->lru_prev)
		l->lru_prev->lru_next = l->lru_next;
	else
		htab->lru_head = l->lru_next;
	if (l->lru_next)
		l->lru_next->lru_prev = l->lru_prev;
	else
		htab->lru_tail = l->lru_prev;
	l->lru_prev = l->lru_next = NULL;
}

static void lru_push_front(struct bpf_htab *htab, struct htab_elem *l)
{
	l->lru_prev = NULL;
	l->lru_next = htab->lru_head;
	if (htab->lru_head)
		htab->lru_head->lru_prev = l;
	else
		htab->lru_tail = l;
	htab->lru_head = l;
}

/* bpf_lru_push_free(): an element leaves the table for good */
static void bpf_lru_push_free(struct bpf_htab *htab, struct htab_elem *l)
{
	lru_unlink(htab, l);
	l->lru_ref = 0;
	htab->count--;
	htab_elem_free(htab, l);
}

/*
 * prealloc_lru_pop() / bpf_lru_pop_free(): a free element, evicting the
 * oldest unreferenced one (htab_lru_map_delete_node()) if there is none.
 */
static struct htab_elem *prealloc_lru_pop(struct bpf_htab *htab, void *key, u32 hash)
{
	struct htab_elem *l = htab_elem_alloc(htab);

	while (!l && htab->lru_tail) {
		struct htab_elem *old = htab->lru_tail;

		if (old->lru_ref) {		/* a second chance */
			old->lru_ref = 0;
			lru_unlink(htab, old);
			lru_push_front(htab, old);
			continue;
		}
		hlist_del(select_bucket(htab, old->hash), old);
		bpf_lru_push_free(htab, old);
		l = htab_elem_alloc(htab);
	}
	if (!l)
		return NULL;
	memcpy(l->key, key, htab->map.key_size);
	l->hash = hash;
	l->lru_ref = 0;
	htab->count++;
	lru_push_front(htab, l);
	return l;
}

static long htab_lru_map_update_elem(struct bpf_map *map, void *key, void *value,
				     u64 map_flags)
{
	struct bpf_htab *htab = container_of(map, struct bpf_htab, map);
	struct htab_elem *l_new, *l_old = NULL;
	struct bucket *b;
	u32 key_size, hash;
	int ret;

	if (unlikely(map_flags > BPF_EXIST))
		/* unknown flags */
		return -EINVAL;

	key_size = map->key_size;

	hash = htab_map_hash(key, key_size, htab->hashrnd);

	b = select_bucket(htab, hash);

	/* For LRU, we need to alloc before taking bucket's
	 * spinlock because getting free nodes from LRU may need
	 * to remove older elements from htab and this removal
	 * operation will need a bucket lock.
	 */
	l_new = prealloc_lru_pop(htab, key, hash);
	if (!l_new)
		return -ENOMEM;
	memcpy(htab_elem_value(l_new, key_size), value, map->value_size);

	l_old = lookup_elem_raw(b, hash, key, key_size);

	ret = check_flags(htab, l_old, map_flags);
	if (ret)
		goto err;

	/* add new element to the head of the list, so that
	 * concurrent search will find it before old elem
	 */
	hlist_add_head(b, l_new);
	if (l_old) {
		l_new->lru_ref = 1;
		hlist_del(b, l_old);
	}
	ret = 0;

err:
	if (ret)
		bpf_lru_push_free(htab, l_new);
	else if (l_old)
		bpf_lru_push_free(htab, l_old);

	return ret;
}

static int __htab_percpu_map_update_elem(struct bpf_map *map, void *key, void *value,
					 u64 map_flags, bool onallcpus)
{
	struct bpf_htab *htab = container_of(map, struct bpf_htab, map);
	struct htab_elem *l_new = NULL, *l_old;
	struct bucket *b;
	u32 key_size, hash;
	int ret;

	if (unlikely(map_flags > BPF_EXIST))
		/* unknown flags */
		return -EINVAL;

	key_size = map->key_size;

	hash = htab_map_hash(key, key_size, htab->hashrnd);

	b = select_bucket(htab, hash);

	l_old = lookup_elem_raw(b, hash, key, key_size);

	ret = check_flags(htab, l_old, map_flags);
	if (ret)
		return ret;

	if (l_old) {
		/* per-cpu hash map can update value in-place */
		pcpu_copy_value(htab, htab_elem_get_ptr(l_old, key_size), value, onallcpus);
	} else {
		l_new = alloc_htab_elem(htab, key, value, key_size, hash, true, onallcpus, NULL);
		if (IS_ERR(l_new))
			return PTR_ERR(l_new);
		hlist_add_head(b, l_new);
	}
	return 0;
}

static int __htab_lru_percpu_map_update_elem(struct bpf_map *map, void *key, void *value,
					     u64 map_flags, bool onallcpus)
{
	struct bpf_htab *htab = container_of(map, struct bpf_htab, map);
	struct htab_elem *l_new = NULL, *l_old;
	struct bucket *b;
	u32 key_size, hash;
	int ret;

	if (unlikely(map_flags > BPF_EXIST))
		/* unknown flags */
		return -EINVAL;

	key_size = map->key_size;

	hash = htab_map_hash(key, key_size, htab->hashrnd);

	b = select_bucket(htab, hash);

	/* For LRU, we need to alloc before taking bucket's
	 * spinlock because LRU's elem alloc may need
	 * to remove older elem from htab and this removal
	 * operation will need a bucket lock.
	 */
	if (map_flags != BPF_EXIST) {
		l_new = prealloc_lru_pop(htab, key, hash);
		if (!l_new)
			return -ENOMEM;
	}

	l_old = lookup_elem_raw(b, hash, key, key_size);

	ret = check_flags(htab, l_old, map_flags);
	if (ret)
		goto err;

	if (l_old) {
		l_old->lru_ref = 1;
		/* per-cpu hash map can update value in-place */
		pcpu_copy_value(htab, htab_elem_get_ptr(l_old, key_size), value, onallcpus);
	} else {
		pcpu_init_value(htab, htab_elem_get_ptr(l_new, key_size), value, onallcpus);
		hlist_add_head(b, l_new);
		l_new = NULL;
	}
	ret = 0;
err:
	if (l_new)
		bpf_lru_push_free(htab, l_new);
	return ret;
}

static long htab_percpu_map_update_elem(struct bpf_map *map, void *key, void *value,
					u64 map_flags)
{
	return __htab_percpu_map_update_elem(map, key, value, map_flags, false);
}

static long htab_lru_percpu_map_update_elem(struct bpf_map *map, void *key, void *value,
					    u64 map_flags)
{
	return __htab_lru_percpu_map_update_elem(map, key, value, map_flags, false);
}

/* Called from syscall or from eBPF program */
static long htab_map_delete_elem(struct bpf_map *map, void *key)
{
	struct bpf_htab *htab = container_of(map, struct bpf_htab, map);
	struct htab_elem *l;
	struct bucket *b;
	u32 hash, key_size;

	key_size = map->key_size;

	hash = htab_map_hash(key, key_size, htab->hashrnd);
	b = select_bucket(htab, hash);

	l = lookup_elem_raw(b, hash, key, key_size);
	if (!l)
		return -ENOENT;

	hlist_del(b, l);
	htab->count--;
	htab_elem_free(htab, l);	/* free_htab_elem() */
	return 0;
}

static long htab_lru_map_delete_elem(struct bpf_map *map, void *key)
{
	struct bpf_htab *htab = container_of(map, struct bpf_htab, map);
	struct htab_elem *l;
	struct bucket *b;
	u32 hash, key_size;

	key_size = map->key_size;

	hash = htab_map_hash(key, key_size, htab->hashrnd);
	b = select_bucket(htab, hash);

	l = lookup_elem_raw(b, hash, key, key_size);
	if (!l)
		return -ENOENT;

	hlist_del(b, l);
	bpf_lru_push_free(htab, l);
	return 0;
}

/* Called when map->refcnt goes to zero, either from workqueue or from syscall */
static void htab_map_free(struct bpf_map *map)
{
	struct bpf_htab *htab = container_of(map, struct bpf_htab, map);
	struct htab_elem *l, *next;

	for (l = htab->all; l; l = next) {
		next = l->alloc_next;
		if (htab_is_percpu(htab))
			free(htab_elem_get_ptr(l, map->key_size));
		free(l);
	}
	bpf_map_area_free(htab->buckets);
	free(htab);
}

static void *htab_percpu_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct htab_elem *l = __htab_map_lookup_elem(map, key);

	if (l)
		return htab_elem_get_ptr(l, map->key_size);	/* this_cpu_ptr() */
	else
		return NULL;
}

static void *htab_lru_percpu_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct htab_elem *l = __htab_map_lookup_elem(map, key);

	if (l) {
		l->lru_ref = 1;
		return htab_elem_get_ptr(l, map->key_size);
	}

	return NULL;
}

int bpf_percpu_hash_copy(struct bpf_map *map, void *key, void *value)
{
	struct htab_elem *l;
	void *pptr;
	int cpu, off = 0;
	u32 size;

	/* per_cpu areas are zero-filled and bpf programs can only
	 * access 'value_size' of them, so copying rounded areas
	 * will not leak any kernel data
	 */
	size = round_up(map->value_size, 8);
	l = __htab_map_lookup_elem(map, key);
	if (!l)
		return -ENOENT;
	/* We do not mark LRU map element here in order to not mess up
	 * eviction heuristics when user space does a map walk.
	 */
	pptr = htab_elem_get_ptr(l, map->key_size);
	for (cpu = 0; cpu < (int)num_possible_cpus(); cpu++) {
		memcpy((char *)value + off, per_cpu_ptr(pptr, size, cpu), size);
		off += size;
	}
	return 0;
}

int bpf_percpu_hash_update(struct bpf_map *map, void *key, void *value, u64 map_flags)
{
	struct bpf_htab *htab = container_of(map, struct bpf_htab, map);

	if (htab_is_lru(htab))
		return __htab_lru_percpu_map_update_elem(map, key, value, map_flags, true);
	return __htab_percpu_map_update_elem(map, key, value, map_flags, true);
}

const struct bpf_map_ops htab_map_ops = {
	.map_alloc_check = htab_map_alloc_check,
	.map_alloc = htab_map_alloc,
	.map_free = htab_map_free,
	.map_get_next_key = htab_map_get_next_key,
	.map_lookup_elem = htab_map_lookup_elem,
	.map_update_elem = htab_map_update_elem,
	.map_delete_elem = htab_map_delete_elem,
	.map_gen_lookup = htab_map_gen_lookup,
};

const struct bpf_map_ops htab_lru_map_ops = {
	.map_alloc_check = htab_map_alloc_check,
	.map_alloc = htab_map_alloc,
	.map_free = htab_map_free,
	.map_get_next_key = htab_map_get_next_key,
	.map_lookup_elem = htab_lru_map_lookup_elem,
	.map_lookup_elem_sys_only = htab_lru_map_lookup_elem_sys,
	.map_update_elem = htab_lru_map_update_elem,
	.map_delete_elem = htab_lru_map_delete_elem,
	.map_gen_lookup = htab_lru_map_gen_lookup,
};

const struct bpf_map_ops htab_percpu_map_ops = {
	.map_alloc_check = htab_map_alloc_check,
	.map_alloc = htab_map_alloc,
	.map_free = htab_map_free,
	.map_get_next_key = htab_map_get_next_key,
	.map_lookup_elem = htab_percpu_map_lookup_elem,
	.map_update_elem = htab_percpu_map_update_elem,
	.map_delete_elem = htab_map_delete_elem,
};

const struct bpf_map_ops htab_lru_percpu_map_ops = {
	.map_alloc_check = htab_map_alloc_check,
	.map_alloc = htab_map_alloc,
	.map_free = htab_map_free,
	.map_get_next_key = htab_map_get_next_key,
	.map_lookup_elem = htab_lru_percpu_map_lookup_elem,
	.map_update_elem = htab_lru_percpu_map_update_elem,
	.map_delete_elem = htab_lru_map_delete_elem,
};
