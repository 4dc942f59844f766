/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ID allocation: a map from small integers to pointers, handing out the
 * integers. bpf_prog_load() numbers every program with one (prog->aux->id),
 * and BPF_PROG_GET_FD_BY_ID / BPF_PROG_GET_NEXT_ID look programs up by it.
 *
 * Mirrors include/linux/idr.h and lib/idr.c (idr_alloc_cyclic, idr_find,
 * idr_remove, idr_get_next), Linux v5.8, reduced to the calls the BPF path
 * makes. The kernel's idr is a radix tree (an xarray); ours is a sorted
 * array, which is enough for the few hundred programs a test loads.
 * Implemented by chapter 02 (chapters/02-prog-load/idr.c).
 */
#ifndef _SHIM_LINUX_IDR_H
#define _SHIM_LINUX_IDR_H

#include "linux/kernel.h"

struct idr_entry {
	int id;
	void *ptr;
};

struct idr {
	struct idr_entry *entries;	/* sorted by id */
	unsigned int count;
	unsigned int capacity;
	unsigned int idr_next;		/* where idr_alloc_cyclic() looks first */
};

#define DEFINE_IDR(name)	struct idr name = { 0 }

/*
 * A free id in [start, end) (end <= 0 means INT_MAX + 1), searching from the
 * id after the last one handed out and wrapping around to start once. The id,
 * or -ENOSPC if the range is full, -ENOMEM if the table cannot grow.
 */
int idr_alloc_cyclic(struct idr *idr, void *ptr, int start, int end, gfp_t gfp);

/* The pointer stored under id, or NULL. */
void *idr_find(const struct idr *idr, unsigned long id);

/* Removes id; returns the pointer it held, or NULL if id was free. */
void *idr_remove(struct idr *idr, unsigned long id);

/* The entry with the smallest id >= *nextid: sets *nextid to it and returns
 * its pointer; NULL if there is none.
 */
void *idr_get_next(const struct idr *idr, int *nextid);

/* Frees the table itself (not the pointers stored in it). */
void idr_destroy(struct idr *idr);

#endif /* _SHIM_LINUX_IDR_H */
