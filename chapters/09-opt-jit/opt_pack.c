// SPDX-License-Identifier: GPL-2.0
/*
 * Images from a pool of pages: the fixed cost of a program, cut.
 *
 * Each v5.8 image costs a mapping of its own: mmap() near the helpers, a
 * page fault and a page of zeros, the int3 fill, mprotect() to make it
 * executable, munmap() when the program goes. For a small program that is
 * most of its load. Linux 5.18's bpf_prog_pack (kernel/bpf/core.c:
 * bpf_prog_pack_alloc(), bpf_jit_binary_pack_alloc()) maps 2 MiB once and
 * carves images out of it in 64-byte chunks, writing each through a
 * temporary writable alias of the page (text_poke_copy()).
 *
 * Ours keeps the page as the unit instead: a pack is 2 MiB of pages mapped
 * once near the helpers, and an image takes whole pages of it. A page is
 * then never executable while it is written, and never written while it is
 * executable, with no alias anywhere, the same W^X as chapter 06's: free
 * pages are read-write, bpf_jit_binary_lock_ro() makes an image's pages
 * read-and-execute, bpf_jit_binary_unlock_ro() gives them back read-write
 * when it is freed. What goes is the mapping, the fault and the unmapping
 * of every program: one mprotect() at load, one at free.
 *
 * These strong definitions replace chapter 06's __weak bpf_jit_alloc_exec()
 * and bpf_jit_free_exec(), the kernel's __weak pair. Without the PACK step
 * they do what those do.
 */
#include <stdlib.h>

#include "opt.h"

#define BPF_PROG_PACK_SIZE	(2UL << 20)	/* as x86's: one huge page */
#define PACK_PAGES		(BPF_PROG_PACK_SIZE >> PAGE_SHIFT)
#define BITS			(8 * sizeof(unsigned long))

struct bpf_prog_pack {
	struct bpf_prog_pack *next;
	u8 *ptr;
	unsigned long used[PACK_PAGES / BITS];	/* a bit per page */
	u32 nr_used;
};

static struct bpf_prog_pack *packs;

static bool page_used(const struct bpf_prog_pack *pack, u32 p)
{
	return pack->used[p / BITS] & (1UL << (p % BITS));
}

static void mark(struct bpf_prog_pack *pack, u32 first, u32 n, bool used)
{
	for (u32 p = first; p < first + n; p++) {
		if (used)
			pack->used[p / BITS] |= 1UL << (p % BITS);
		else
			pack->used[p / BITS] &= ~(1UL << (p % BITS));
	}
	pack->nr_used += used ? n : -n;
}

/* The first run of n free pages in pack, or -1. */
static int find_free(const struct bpf_prog_pack *pack, u32 n)
{
	u32 p, run = 0;

	if (PACK_PAGES - pack->nr_used < n)
		return -1;
	for (p = 0; p < PACK_PAGES; p++) {
		run = page_used(pack, p) ? 0 : run + 1;
		if (run == n)
			return p + 1 - n;
	}
	return -1;
}

static struct bpf_prog_pack *pack_alloc(void)
{
	struct bpf_prog_pack *pack = calloc(1, sizeof(*pack));

	if (!pack)
		return NULL;
	pack->ptr = bpf_jit_alloc_exec_near(BPF_PROG_PACK_SIZE);
	if (!pack->ptr) {
		free(pack);
		return NULL;
	}
	pack->next = packs;
	packs = pack;
	return pack;
}

void *bpf_jit_alloc_exec(unsigned long size)
{
	u32 n = size >> PAGE_SHIFT;
	struct bpf_prog_pack *pack;
	int p;

	if (!(bpf_jit_opt & BPF_JIT_OPT_PACK) || size > BPF_PROG_PACK_SIZE / 2)
		return bpf_jit_alloc_exec_near(size);
	for (pack = packs; pack; pack = pack->next) {
		p = find_free(pack, n);
		if (p >= 0)
			goto found;
	}
	pack = pack_alloc();
	if (!pack)
		return NULL;
	p = 0;
found:
	mark(pack, p, n, true);
	return pack->ptr + ((unsigned long)p << PAGE_SHIFT);
}

void bpf_jit_free_exec(void *addr, unsigned long size)
{
	struct bpf_prog_pack **link, *pack;
	u8 *a = addr;

	for (link = &packs; (pack = *link); link = &pack->next) {
		if (a < pack->ptr || a >= pack->ptr + BPF_PROG_PACK_SIZE)
			continue;
		/* the pages are read-write again (bpf_jit_binary_unlock_ro()) */
		mark(pack, (a - pack->ptr) >> PAGE_SHIFT, size >> PAGE_SHIFT, false);
		if (!pack->nr_used && pack != packs) {
			/* an empty pack goes, unless it is the newest */
			*link = pack->next;
			bpf_jit_free_exec_near(pack->ptr, BPF_PROG_PACK_SIZE);
			free(pack);
		}
		return;
	}
	bpf_jit_free_exec_near(addr, size);
}
