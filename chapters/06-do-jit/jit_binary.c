// SPDX-License-Identifier: GPL-2.0
/*
 * The image's memory: allocated writable, filled with int3, placed at a
 * random offset, made read-only and executable before it runs, never
 * writable and executable at once.
 *
 * Mirrors kernel/bpf/core.c: bpf_jit_binary_alloc(), bpf_jit_binary_free(),
 * bpf_jit_charge_modmem(), the __weak bpf_jit_alloc_exec() and
 * bpf_jit_free(); include/linux/filter.h: bpf_jit_binary_lock_ro(),
 * bpf_jit_binary_hdr(), Linux v5.8. Written afresh.
 *
 * Where user space differs: the kernel takes pages from the module area
 * (module_alloc(): read-write, not executable) and flips them with
 * set_memory_ro()/set_memory_x(); we mmap() and mprotect(). And the kernel's
 * module area is within 2 GiB of kernel text by construction, which is what
 * lets every helper call be a 5-byte `call rel32`. Our helpers live in this
 * executable's text, and mmap() normally hands out addresses far above it,
 * so bpf_jit_alloc_exec() asks for pages next to the text (see there).
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "linux/capability.h"
#include "linux/random.h"
#include "bpf_jit_comp.h"

/*
 * net.core.bpf_jit_limit, in bytes: the kernel's default is a quarter of
 * the module area (MODULES_LEN >> 2, 380 MiB on x86-64); bpf_jit_current
 * counts pages in use.
 */
long bpf_jit_limit = (1520L << 20) >> 2;
long bpf_jit_current;

static int bpf_jit_charge_modmem(u32 pages)
{
	bpf_jit_current += pages;
	if (bpf_jit_current > (bpf_jit_limit >> PAGE_SHIFT)) {
		if (!capable(CAP_SYS_ADMIN)) {
			bpf_jit_current -= pages;
			return -EPERM;
		}
	}
	return 0;
}

static void bpf_jit_uncharge_modmem(u32 pages)
{
	bpf_jit_current -= pages;
}

/* How far from the helpers an image may be for every `call rel32` to reach. */
#define JIT_REACH	(1UL << 30)	/* 1 GiB: half the rel32 range, text included */
#define JIT_STEP	(16UL << 20)	/* where to look next when an address is taken */
#define JIT_GAP		(64UL << 20)	/* leave room below the executable's text */

static bool near_helpers(uintptr_t addr, size_t size)
{
	uintptr_t text = (uintptr_t)__bpf_call_base;
	uintptr_t lo = addr < text ? addr : text;
	uintptr_t hi = addr + size > text ? addr + size : text;

	return hi - lo < JIT_REACH;
}

/*
 * bpf_jit_alloc_exec_near(): size bytes of read-write memory within reach of
 * __bpf_call_base. We walk down from just below the executable's text (up
 * from above it when the executable is loaded too low for that),
 * asking for an exact address with MAP_FIXED_NOREPLACE (Linux 4.17), which
 * fails instead of replacing a mapping that is already there; a kernel
 * that does not know the flag treats the address as a hint, hence the
 * check of what came back. If nothing near is free we take any address:
 * do_jit() then finds helper calls out of range ("Target call ... is out
 * of range") and the program stays with the interpreter, as in the kernel.
 */
void *bpf_jit_alloc_exec_near(unsigned long size)
{
	static uintptr_t next;
	uintptr_t text = (uintptr_t)__bpf_call_base & PAGE_MASK;
	/* below the text, unless it sits too low for that (no PIE: 0x400000) */
	bool down = text > JIT_GAP + JIT_REACH / 2;
	void *p;
	int tries;

	for (tries = 0; tries < 64; tries++) {
		if (!next || !near_helpers(next, size))
			next = down ? text - JIT_GAP - size : text + JIT_GAP;
		p = mmap((void *)next, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (p != MAP_FAILED && p == (void *)next) {
			next = down ? next - size : next + size;
			return p;
		}
		if (p != MAP_FAILED)
			munmap(p, size);
		next = down ? next - JIT_STEP : next + JIT_STEP;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void bpf_jit_free_exec_near(void *addr, unsigned long size)
{
	munmap(addr, size);
}

/*
 * The kernel's __weak pair (kernel/bpf/core.c, v5.8): an architecture may
 * take its images from elsewhere. Chapter 09's strong ones pool pages.
 */
__weak void *bpf_jit_alloc_exec(unsigned long size)
{
	return bpf_jit_alloc_exec_near(size);
}

__weak void bpf_jit_free_exec(void *addr, unsigned long size)
{
	bpf_jit_free_exec_near(addr, size);
}

struct bpf_binary_header *bpf_jit_binary_alloc(unsigned int proglen, u8 **image_ptr,
					       unsigned int alignment,
					       bpf_jit_fill_hole_t bpf_fill_ill_insns)
{
	struct bpf_binary_header *hdr;
	u32 size, hole, start, pages;

	/* Most of BPF filters are really small, but if some of them
	 * fill a page, allow at least 128 extra bytes to insert a
	 * random section of illegal instructions.
	 */
	size = round_up(proglen + sizeof(*hdr) + 128, PAGE_SIZE);
	pages = size / PAGE_SIZE;

	if (bpf_jit_charge_modmem(pages))
		return NULL;
	hdr = bpf_jit_alloc_exec(size);
	if (!hdr) {
		bpf_jit_uncharge_modmem(pages);
		return NULL;
	}

	/* Fill space with illegal/arch-dep instructions. */
	bpf_fill_ill_insns(hdr, size);

	hdr->pages = pages;
	hole = min_t(unsigned int, size - (proglen + sizeof(*hdr)),
		     PAGE_SIZE - sizeof(*hdr));
	start = (get_random_u32() % hole) & ~(alignment - 1);
	/*
	 * Ours: image[] is only 8-aligned, so a larger alignment (chapter
	 * 09's cache line) is the address's: move up to it, or a step back
	 * if that would reach the end of the hole. The start stays below
	 * hole, as the kernel's does: at hole itself the image could begin
	 * on the next page, where bpf_jit_binary_hdr() would not find it.
	 */
	if (alignment > 8) {
		start += -(uintptr_t)&hdr->image[start] & (alignment - 1);
		if (start >= hole)
			start -= alignment;
	}

	/* Leave a random number of instructions before BPF code. */
	*image_ptr = &hdr->image[start];

	return hdr;
}

void bpf_jit_binary_free(struct bpf_binary_header *hdr)
{
	u32 pages = hdr->pages;

	bpf_jit_free_exec(hdr, (unsigned long)pages << PAGE_SHIFT);
	bpf_jit_uncharge_modmem(pages);
}

/* set_memory_ro() + set_memory_x(): from now on the image only runs. */
void bpf_jit_binary_lock_ro(struct bpf_binary_header *hdr)
{
	mprotect(hdr, (size_t)hdr->pages << PAGE_SHIFT, PROT_READ | PROT_EXEC);
}

/* set_memory_nx() + set_memory_rw(): only to free or rewrite it. */
void bpf_jit_binary_unlock_ro(struct bpf_binary_header *hdr)
{
	mprotect(hdr, (size_t)hdr->pages << PAGE_SHIFT, PROT_READ | PROT_WRITE);
}

/*
 * The header is at the start of the image's first page: the random hole
 * never leaves that page, so rounding bpf_func down finds it.
 */
struct bpf_binary_header *bpf_jit_binary_hdr(const struct bpf_prog *fp)
{
	unsigned long real_start = (unsigned long)fp->bpf_func;
	unsigned long addr;

	addr = real_start & PAGE_MASK;
	return (void *)addr;
}

/*
 * The strong bpf_jit_free(), replacing chapter 02's: the image goes with
 * the program (kernel/bpf/core.c's __weak one, which x86 uses, v5.8).
 */
void bpf_jit_free(struct bpf_prog *fp)
{
	struct x64_jit_data *jit_data = fp->aux->jit_data;

	if (fp->jited) {
		struct bpf_binary_header *hdr = bpf_jit_binary_hdr(fp);

		bpf_jit_binary_unlock_ro(hdr);
		bpf_jit_binary_free(hdr);
	}
	if (jit_data) {
		/* a subprogram whose extra pass never came */
		bpf_jit_opt_free(jit_data->ctx.opt);
		free(jit_data->addrs);
		free(jit_data);
		fp->aux->jit_data = NULL;
	}
	bpf_jit_trace_free(fp->aux->jit_trace);
	fp->aux->jit_trace = NULL;

	__bpf_prog_free(fp);	/* bpf_prog_unlock_free() */
}
