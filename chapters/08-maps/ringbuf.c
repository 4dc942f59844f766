// SPDX-License-Identifier: GPL-2.0
/*
 * The ring buffer: BPF_MAP_TYPE_RINGBUF, and the helpers that write it.
 *
 * Mirrors kernel/bpf/ringbuf.c: bpf_ringbuf_area_alloc(),
 * bpf_ringbuf_alloc(), ringbuf_map_alloc(), ringbuf_map_free(),
 * __bpf_ringbuf_reserve(), bpf_ringbuf_commit(), bpf_ringbuf_reserve(),
 * bpf_ringbuf_submit(), bpf_ringbuf_discard(), bpf_ringbuf_output(),
 * bpf_ringbuf_query() and their protos, Linux v5.8; written afresh.
 *
 * One buffer, max_entries bytes (a power of 2, whole pages), shared by
 * every CPU. A record is an 8-byte header (its length, with a BUSY bit
 * while the program still writes it and a DISCARD bit if it gave up, and
 * the page offset that finds the ring again from the record) and the data,
 * rounded up to 8 bytes. The producer position only grows; the consumer
 * (user space) follows it. A record may run past the end of the area: the
 * data pages are mapped twice, one copy after the other, so every record
 * is contiguous in memory without any copying.
 *
 * The kernel lets user space mmap() the consumer page, the producer page
 * and the data, and wakes it through epoll. Maps cannot be mmap()ed here;
 * bpf_ringbuf_drain() is the consumer loop libbpf's ring_buffer__poll()
 * runs, for a tool that holds the map.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "maps.h"
#include "linux/bpf_output.h"

#define RINGBUF_CREATE_FLAG_MASK (BPF_F_NUMA_NODE)

/* The meta page holds struct bpf_ringbuf: no data offset is ever 0. */
#define RINGBUF_PGOFF		1
#define RINGBUF_MAX_RECORD_SZ	(UINT_MAX / 4)

struct bpf_ringbuf {
	u64 mask;
	size_t data_sz;
	unsigned long consumer_pos;
	unsigned long producer_pos;
	char *data;		/* PAGE_SIZE past the struct, mapped twice */
};

struct bpf_ringbuf_map {
	struct bpf_map map;
	struct bpf_ringbuf *rb;
};

/* 8-byte ring buffer record header structure */
struct bpf_ringbuf_hdr {
	u32 len;
	u32 pg_off;
};

/*
 * [ meta page | data pages | the same data pages ]: the second mapping of
 * the data is the same memory (one memfd mapped twice), so a record that
 * wraps around the end reads and writes as one piece.
 */
static struct bpf_ringbuf *bpf_ringbuf_area_alloc(size_t data_sz)
{
	size_t total = PAGE_SIZE + 2 * data_sz;
	struct bpf_ringbuf *rb = NULL;
	char *base, *d1, *d2;
	int fd;

	base = mmap(NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	fd = memfd_create("bpf-ringbuf", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, data_sz))
		goto err;
	if (mmap(base, PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
		goto err;
	d1 = mmap(base + PAGE_SIZE, data_sz, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_FIXED, fd, 0);
	d2 = mmap(base + PAGE_SIZE + data_sz, data_sz, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_FIXED, fd, 0);
	if (d1 == MAP_FAILED || d2 == MAP_FAILED)
		goto err;
	close(fd);
	rb = (struct bpf_ringbuf *)base;
	rb->data = base + PAGE_SIZE;
	rb->data_sz = data_sz;
	return rb;
err:
	if (fd >= 0)
		close(fd);
	munmap(base, total);
	return NULL;
}

static struct bpf_ringbuf *bpf_ringbuf_alloc(size_t data_sz)
{
	struct bpf_ringbuf *rb = bpf_ringbuf_area_alloc(data_sz);

	if (!rb)
		return NULL;

	rb->mask = data_sz - 1;
	rb->consumer_pos = 0;
	rb->producer_pos = 0;

	return rb;
}

static struct bpf_map *ringbuf_map_alloc(union bpf_attr *attr)
{
	struct bpf_ringbuf_map *rb_map;
	u32 n = attr->max_entries;

	if (attr->map_flags & ~RINGBUF_CREATE_FLAG_MASK)
		return ERR_PTR(-EINVAL);

	if (attr->key_size || attr->value_size ||
	    !n || (n & (n - 1)) || (n & (PAGE_SIZE - 1)))	/* is_power_of_2, PAGE_ALIGNED */
		return ERR_PTR(-EINVAL);

	/* The kernel also refuses more than RINGBUF_MAX_DATA_SZ (64 GiB, what
	 * the header's page offset can count) with -E2BIG: more than a u32
	 * max_entries can say.
	 */

	rb_map = calloc(1, sizeof(*rb_map));
	if (!rb_map)
		return ERR_PTR(-ENOMEM);

	bpf_map_init_from_attr(&rb_map->map, attr);

	rb_map->rb = bpf_ringbuf_alloc(attr->max_entries);
	if (!rb_map->rb) {
		free(rb_map);
		return ERR_PTR(-ENOMEM);
	}

	return &rb_map->map;
}

static void ringbuf_map_free(struct bpf_map *map)
{
	struct bpf_ringbuf_map *rb_map = container_of(map, struct bpf_ringbuf_map, map);

	munmap(rb_map->rb, PAGE_SIZE + 2 * rb_map->rb->data_sz);
	free(rb_map);
}

/* A ring buffer has no elements to look up, update or walk. */
static void *ringbuf_map_lookup_elem(struct bpf_map *map, void *key)
{
	(void)map; (void)key;
	return ERR_PTR(-ENOTSUPP);
}

static long ringbuf_map_update_elem(struct bpf_map *map, void *key, void *value, u64 flags)
{
	(void)map; (void)key; (void)value; (void)flags;
	return -ENOTSUPP;
}

static long ringbuf_map_delete_elem(struct bpf_map *map, void *key)
{
	(void)map; (void)key;
	return -ENOTSUPP;
}

static int ringbuf_map_get_next_key(struct bpf_map *map, void *key, void *next_key)
{
	(void)map; (void)key; (void)next_key;
	return -ENOTSUPP;
}

const struct bpf_map_ops ringbuf_map_ops = {
	.map_alloc = ringbuf_map_alloc,
	.map_free = ringbuf_map_free,
	.map_lookup_elem = ringbuf_map_lookup_elem,
	.map_update_elem = ringbuf_map_update_elem,
	.map_delete_elem = ringbuf_map_delete_elem,
	.map_get_next_key = ringbuf_map_get_next_key,
};

/* Given pointer to ring buffer record metadata and struct bpf_ringbuf itself,
 * calculate offset from record metadata to ring buffer in pages, rounded
 * down. This page offset is stored as part of record metadata and allows to
 * restore struct bpf_ringbuf * from record pointer. This page offset is
 * stored at offset 4 of record metadata header.
 */
static size_t bpf_ringbuf_rec_pg_off(struct bpf_ringbuf *rb, struct bpf_ringbuf_hdr *hdr)
{
	return ((char *)hdr - (char *)rb) >> PAGE_SHIFT;
}

static void *__bpf_ringbuf_reserve(struct bpf_ringbuf *rb, u64 size)
{
	unsigned long cons_pos, prod_pos, new_prod_pos;
	struct bpf_ringbuf_hdr *hdr;
	u32 len, pg_off;

	if (unlikely(size > RINGBUF_MAX_RECORD_SZ))
		return NULL;

	len = round_up(size + BPF_RINGBUF_HDR_SZ, 8);
	cons_pos = rb->consumer_pos;

	prod_pos = rb->producer_pos;
	new_prod_pos = prod_pos + len;

	/* check for out of ringbuf space by ensuring producer position
	 * doesn't advance more than (ringbuf_size - 1) ahead
	 */
	if (new_prod_pos - cons_pos > rb->mask)
		return NULL;

	hdr = (void *)(rb->data + (prod_pos & rb->mask));
	pg_off = bpf_ringbuf_rec_pg_off(rb, hdr);
	hdr->len = size | BPF_RINGBUF_BUSY_BIT;
	hdr->pg_off = pg_off;

	/* pairs with consumer's smp_load_acquire() */
	rb->producer_pos = new_prod_pos;

	return (char *)hdr + BPF_RINGBUF_HDR_SZ;
}

static u64 bpf_ringbuf_reserve(u64 map_u, u64 size, u64 flags, u64 r4, u64 r5)
{
	struct bpf_map *map = (struct bpf_map *)(unsigned long)map_u;
	struct bpf_ringbuf_map *rb_map;

	(void)r4; (void)r5;
	if (unlikely(flags))
		return 0;

	rb_map = container_of(map, struct bpf_ringbuf_map, map);
	return (unsigned long)__bpf_ringbuf_reserve(rb_map->rb, size);
}

const struct bpf_func_proto bpf_ringbuf_reserve_proto = {
	.func		= bpf_ringbuf_reserve,
	.ret_type	= RET_PTR_TO_ALLOC_MEM_OR_NULL,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_CONST_ALLOC_SIZE_OR_ZERO,
	.arg3_type	= ARG_ANYTHING,
};

/* The record is done: clear BUSY (set DISCARD), so the consumer takes it.
 * The kernel also finds the ring again from the header's page offset
 * (bpf_ringbuf_restore_from_rec()) to wake a waiting consumer, as flags
 * ask; no one waits here.
 */
static void bpf_ringbuf_commit(void *sample, u64 flags, bool discard)
{
	struct bpf_ringbuf_hdr *hdr;
	u32 new_len;

	(void)flags;
	hdr = (void *)((char *)sample - BPF_RINGBUF_HDR_SZ);
	new_len = hdr->len ^ BPF_RINGBUF_BUSY_BIT;
	if (discard)
		new_len |= BPF_RINGBUF_DISCARD_BIT;

	/* update record header with correct final size prefix */
	hdr->len = new_len;	/* xchg() */
}

static u64 bpf_ringbuf_submit(u64 sample, u64 flags, u64 r3, u64 r4, u64 r5)
{
	(void)r3; (void)r4; (void)r5;
	bpf_ringbuf_commit((void *)(unsigned long)sample, flags, false /* discard */);
	return 0;
}

const struct bpf_func_proto bpf_ringbuf_submit_proto = {
	.func		= bpf_ringbuf_submit,
	.ret_type	= RET_VOID,
	.arg1_type	= ARG_PTR_TO_ALLOC_MEM,
	.arg2_type	= ARG_ANYTHING,
};

static u64 bpf_ringbuf_discard(u64 sample, u64 flags, u64 r3, u64 r4, u64 r5)
{
	(void)r3; (void)r4; (void)r5;
	bpf_ringbuf_commit((void *)(unsigned long)sample, flags, true /* discard */);
	return 0;
}

const struct bpf_func_proto bpf_ringbuf_discard_proto = {
	.func		= bpf_ringbuf_discard,
	.ret_type	= RET_VOID,
	.arg1_type	= ARG_PTR_TO_ALLOC_MEM,
	.arg2_type	= ARG_ANYTHING,
};

static u64 bpf_ringbuf_output(u64 map_u, u64 data, u64 size, u64 flags, u64 r5)
{
	struct bpf_map *map = (struct bpf_map *)(unsigned long)map_u;
	struct bpf_ringbuf_map *rb_map;
	void *rec;

	(void)r5;
	if (unlikely(flags & ~(BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP)))
		return -EINVAL;

	rb_map = container_of(map, struct bpf_ringbuf_map, map);
	rec = __bpf_ringbuf_reserve(rb_map->rb, size);
	if (!rec)
		return -EAGAIN;

	memcpy(rec, (void *)(unsigned long)data, size);
	bpf_ringbuf_commit(rec, flags, false /* discard */);
	return 0;
}

const struct bpf_func_proto bpf_ringbuf_output_proto = {
	.func		= bpf_ringbuf_output,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_MEM,
	.arg3_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg4_type	= ARG_ANYTHING,
};

static u64 bpf_ringbuf_query(u64 map_u, u64 flags, u64 r3, u64 r4, u64 r5)
{
	struct bpf_map *map = (struct bpf_map *)(unsigned long)map_u;
	struct bpf_ringbuf *rb;

	(void)r3; (void)r4; (void)r5;
	rb = container_of(map, struct bpf_ringbuf_map, map)->rb;

	switch (flags) {
	case BPF_RB_AVAIL_DATA:
		return rb->producer_pos - rb->consumer_pos;	/* ringbuf_avail_data_sz() */
	case BPF_RB_RING_SIZE:
		return rb->mask + 1;
	case BPF_RB_CONS_POS:
		return rb->consumer_pos;
	case BPF_RB_PROD_POS:
		return rb->producer_pos;
	default:
		return 0;
	}
}

const struct bpf_func_proto bpf_ringbuf_query_proto = {
	.func		= bpf_ringbuf_query,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_ANYTHING,
};

/*
 * User space's side (tools/lib/bpf/ringbuf.c: ringbuf_process_ring()):
 * take every finished record from the consumer position on, hand the
 * submitted ones to fn, skip the discarded ones, stop at a busy one.
 */
int bpf_ringbuf_drain(struct bpf_map *map, bpf_sample_fn fn, void *ctx)
{
	struct bpf_ringbuf *rb;
	int cnt = 0, err;

	if (map->map_type != BPF_MAP_TYPE_RINGBUF)
		return -EINVAL;
	rb = container_of(map, struct bpf_ringbuf_map, map)->rb;
	while (rb->consumer_pos < rb->producer_pos) {
		struct bpf_ringbuf_hdr *hdr = (void *)(rb->data + (rb->consumer_pos & rb->mask));
		u32 len = hdr->len;

		if (len & BPF_RINGBUF_BUSY_BIT)
			break;
		rb->consumer_pos += round_up((len & ~BPF_RINGBUF_DISCARD_BIT) +
					     BPF_RINGBUF_HDR_SZ, 8);
		if (len & BPF_RINGBUF_DISCARD_BIT)
			continue;
		cnt++;
		err = fn(ctx, (char *)hdr + BPF_RINGBUF_HDR_SZ, len, -1);
		if (err)
			return err;
	}
	return cnt;
}
