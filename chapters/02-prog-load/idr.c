// SPDX-License-Identifier: GPL-2.0
/*
 * A small ID allocator: ids to pointers, in a sorted array.
 *
 * Mirrors lib/idr.c: idr_alloc_cyclic(), idr_find(), idr_remove(),
 * idr_get_next(), Linux v5.8; written afresh. Same contract, simpler
 * structure: a binary search replaces the kernel's radix tree.
 */
#include <stdlib.h>
#include <string.h>

#include "linux/idr.h"

/* Index of the first entry with id >= id (count if none). */
static unsigned int idr_lower_bound(const struct idr *idr, unsigned long id)
{
	unsigned int lo = 0, hi = idr->count;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if ((unsigned long)idr->entries[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * lib/idr.c: idr_alloc_u32(): the lowest free id in [*id, max]. The ids at
 * and after the lower bound are consecutive until the first gap.
 */
static int idr_alloc_u32(struct idr *idr, void *ptr, u32 *nextid,
			 unsigned long max)
{
	unsigned long id = *nextid;
	unsigned int pos = idr_lower_bound(idr, id);

	while (pos < idr->count && (unsigned long)idr->entries[pos].id == id) {
		pos++;
		id++;
	}
	if (id > max)
		return -ENOSPC;

	if (idr->count == idr->capacity) {
		unsigned int cap = idr->capacity ? idr->capacity * 2 : 16;
		struct idr_entry *e = realloc(idr->entries, cap * sizeof(*e));

		if (!e)
			return -ENOMEM;
		idr->entries = e;
		idr->capacity = cap;
	}
	memmove(&idr->entries[pos + 1], &idr->entries[pos],
		(idr->count - pos) * sizeof(idr->entries[0]));
	idr->entries[pos] = (struct idr_entry){ .id = (int)id, .ptr = ptr };
	idr->count++;
	*nextid = id;
	return 0;
}

int idr_alloc_cyclic(struct idr *idr, void *ptr, int start, int end, gfp_t gfp)
{
	u32 id = idr->idr_next;
	int err, max = end > 0 ? end - 1 : INT_MAX;

	(void)gfp;
	if ((int)id < start)
		id = start;

	err = idr_alloc_u32(idr, ptr, &id, max);
	if ((err == -ENOSPC) && (id > (u32)start)) {
		/* Nothing free from the cursor up: wrap around once. */
		id = start;
		err = idr_alloc_u32(idr, ptr, &id, max);
	}
	if (err)
		return err;

	idr->idr_next = id + 1;
	return id;
}

void *idr_find(const struct idr *idr, unsigned long id)
{
	unsigned int pos = idr_lower_bound(idr, id);

	if (pos < idr->count && (unsigned long)idr->entries[pos].id == id)
		return idr->entries[pos].ptr;
	return NULL;
}

void *idr_remove(struct idr *idr, unsigned long id)
{
	unsigned int pos = idr_lower_bound(idr, id);
	void *ptr;

	if (pos == idr->count || (unsigned long)idr->entries[pos].id != id)
		return NULL;
	ptr = idr->entries[pos].ptr;
	memmove(&idr->entries[pos], &idr->entries[pos + 1],
		(idr->count - pos - 1) * sizeof(idr->entries[0]));
	idr->count--;
	if (idr->count == 0) {
		/* An empty idr owns no memory: nothing to leak at exit. */
		free(idr->entries);
		idr->entries = NULL;
		idr->capacity = 0;
	}
	return ptr;
}

void *idr_get_next(const struct idr *idr, int *nextid)
{
	unsigned int pos;

	if (*nextid < 0)
		return NULL;
	pos = idr_lower_bound(idr, *nextid);
	if (pos == idr->count)
		return NULL;
	*nextid = idr->entries[pos].id;
	return idr->entries[pos].ptr;
}

void idr_destroy(struct idr *idr)
{
	free(idr->entries);
	idr->entries = NULL;
	idr->count = idr->capacity = 0;
}
