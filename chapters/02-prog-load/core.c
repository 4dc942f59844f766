// SPDX-License-Identifier: GPL-2.0
/*
 * The program object's memory: allocate, grow, free.
 *
 * Mirrors kernel/bpf/core.c: bpf_prog_alloc_no_stats(), bpf_prog_alloc(),
 * bpf_prog_realloc(), __bpf_prog_free(), bpf_prog_free() and the __weak
 * bpf_jit_free() and bpf_prog_select_runtime(), Linux v5.8; written afresh.
 *
 * The kernel takes the program from vmalloc() in whole pages and keeps the
 * count in prog->pages, because that count is what it charges against the
 * loader's RLIMIT_MEMLOCK. We round the same way and allocate the same number
 * of bytes, so prog->pages means what it means in the kernel.
 */
#include <stdlib.h>
#include <string.h>

#include "linux/bpf.h"

/* net.core.bpf_jit_enable: 1 = JIT every program (the default on x86-64
 * since the JIT became mandatory in practice), 0 = interpret.
 */
int bpf_jit_enable = 1;

/* CONFIG_BPF_JIT_ALWAYS_ON as a knob (linux/filter.h): chapter 04's
 * bpf_prog_select_runtime() and chapter 03's fixup_call_args() read it.
 */
bool bpf_jit_always_on;

/*
 * include/linux/filter.h: ebpf_jit_enabled(). The kernel also requires an
 * arch with an eBPF JIT (CONFIG_HAVE_EBPF_JIT); x86-64 has one, and so does
 * this project from chapter 06.
 */
static bool ebpf_jit_enabled(void)
{
	return bpf_jit_enable != 0;
}

/* vmalloc(size) with __GFP_ZERO; like vmalloc, refuses a size of 0. */
static void *vzalloc_pages(unsigned int size)
{
	if (size == 0)
		return NULL;
	return calloc(1, size);
}

struct bpf_prog *bpf_prog_alloc_no_stats(unsigned int size, gfp_t gfp_extra_flags)
{
	struct bpf_prog_aux *aux;
	struct bpf_prog *fp;

	(void)gfp_extra_flags;	/* GFP_USER: charge the caller; no meaning here */

	/* A size near UINT_MAX rounds up to 0, and vmalloc(0) fails. */
	size = round_up(size, PAGE_SIZE);
	fp = vzalloc_pages(size);
	if (fp == NULL)
		return NULL;

	aux = calloc(1, sizeof(*aux));
	if (aux == NULL) {
		free(fp);
		return NULL;
	}

	fp->pages = size / PAGE_SIZE;
	fp->aux = aux;
	fp->aux->prog = fp;
	/* Sampled once: flipping the knob later changes no loaded program. */
	fp->jit_requested = ebpf_jit_enabled();

	return fp;
}

/*
 * The kernel's version also allocates the per-CPU run statistics
 * (aux->stats); subprograms, which are never run on their own, use the
 * _no_stats variant. Our statistics are a plain struct inside aux, zeroed
 * with it, so the two differ only in name.
 */
struct bpf_prog *bpf_prog_alloc(unsigned int size, gfp_t gfp_extra_flags)
{
	return bpf_prog_alloc_no_stats(size, gfp_extra_flags);
}

/*
 * Grows a program (the verifier patches instructions in; constant blinding
 * adds more). The tail of the last page is free room: a program that still
 * fits its pages is returned as is. Otherwise the new program takes over
 * fp_old's aux (so ids, name, stats and the back pointer move with it) and
 * fp_old is freed. On failure fp_old is untouched and still the caller's.
 */
struct bpf_prog *bpf_prog_realloc(struct bpf_prog *fp_old, unsigned int size,
				  gfp_t gfp_extra_flags)
{
	struct bpf_prog *fp;
	u32 pages;

	(void)gfp_extra_flags;

	size = round_up(size, PAGE_SIZE);
	pages = size / PAGE_SIZE;
	if (pages <= fp_old->pages)
		return fp_old;

	/* The kernel charges the extra pages to memlock here (see README). */
	fp = vzalloc_pages(size);
	if (fp != NULL) {
		memcpy(fp, fp_old, fp_old->pages * PAGE_SIZE);
		fp->pages = pages;
		fp->aux->prog = fp;

		/* We keep fp->aux from fp_old around in the new
		 * reallocated structure.
		 */
		fp_old->aux = NULL;
		__bpf_prog_free(fp_old);
	}

	return fp;
}

void __bpf_prog_free(struct bpf_prog *fp)
{
	if (fp->aux) {
		free(fp->aux->poke_tab);
		free(fp->aux);
	}
	free(fp);
}

/*
 * The non-JIT path of the kernel's __weak bpf_jit_free(): the program
 * memory, nothing else. Chapter 06, which makes JIT images, defines the
 * strong one that also frees prog->bpf_func's image.
 */
__weak void bpf_jit_free(struct bpf_prog *fp)
{
	__bpf_prog_free(fp);	/* bpf_prog_unlock_free() */
}

/*
 * The maps a program uses are held by it (chapter 08): each gets its
 * reference back. No map exists before chapter 08, which defines the
 * strong one.
 */
__weak void __bpf_free_used_maps(struct bpf_prog_aux *aux, struct bpf_map **used_maps,
				 u32 len)
{
	(void)aux; (void)used_maps; (void)len;
}

static void bpf_free_used_maps(struct bpf_prog_aux *aux)
{
	__bpf_free_used_maps(aux, aux->used_maps, aux->used_map_cnt);
	free(aux->used_maps);
}

/*
 * The kernel defers this to a workqueue (bpf_prog_free_deferred) because
 * the JIT image may still be running on another CPU; we have no other CPU.
 * Subprograms (aux->func[], chapter 06) each own their image and aux; the
 * main program's image is func[0]'s, so it is freed without bpf_jit_free().
 */
void bpf_prog_free(struct bpf_prog *fp)
{
	struct bpf_prog_aux *aux = fp->aux;
	u32 i;

	bpf_free_used_maps(aux);
	for (i = 0; i < aux->func_cnt; i++)
		bpf_jit_free(aux->func[i]);
	if (aux->func_cnt) {
		free(aux->func);
		__bpf_prog_free(aux->prog);	/* bpf_prog_unlock_free() */
	} else {
		bpf_jit_free(aux->prog);
	}
}

/*
 * Chapter 04 chooses between the interpreter and the JIT here. Until then
 * the program keeps bpf_func == NULL: loadable and inspectable, not runnable.
 */
__weak struct bpf_prog *bpf_prog_select_runtime(struct bpf_prog *fp, int *err)
{
	*err = 0;
	return fp;
}
