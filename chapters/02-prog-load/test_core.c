// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 02 tests, the program's memory: bpf_prog_size(),
 * bpf_prog_alloc(), bpf_prog_realloc(), bpf_prog_free(), and the idr.
 */
#include <limits.h>
#include <stdlib.h>

#include "linux/idr.h"
#include "tests.h"

/*
 * This test program plays chapter 06: a strong bpf_jit_free() replaces the
 * stage's __weak one, so the tests see which programs the free path hands
 * to it. It frees exactly as the placeholder does.
 */
static int jit_free_calls;
static struct bpf_prog *jit_freed[8];

void bpf_jit_free(struct bpf_prog *fp)
{
	if (jit_free_calls < (int)ARRAY_SIZE(jit_freed))
		jit_freed[jit_free_calls] = fp;
	jit_free_calls++;
	__bpf_prog_free(fp);
}

/* ---- bpf_prog_size ----------------------------------------------------- */

START_TEST(bpf_prog_size_table)
{
	static const struct { unsigned int len, size; } t[] = {
		{ 0, 56 },	/* never smaller than the header */
		{ 1, 64 },
		{ 6, 104 },	/* the article's program */
		{ 505, 4096 },	/* exactly one page */
		{ 506, 4104 },
		{ 1000000, 8000056 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		ck_assert_msg(bpf_prog_size(t[i].len) == t[i].size,
			      "bpf_prog_size(%u): expected %u, got %u",
			      t[i].len, t[i].size, bpf_prog_size(t[i].len));
}
END_TEST

/* ---- bpf_prog_alloc ---------------------------------------------------- */

START_TEST(bpf_prog_alloc_pages)
{
	static const struct { unsigned int size; u16 pages; } t[] = {
		{ 1, 1 }, { 56, 1 }, { 104, 1 }, { 4096, 1 }, { 4097, 2 },
		{ 8192, 2 }, { 8193, 3 }, { 8000056, 1954 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct bpf_prog *fp = bpf_prog_alloc(t[i].size, GFP_USER);
		size_t bytes = t[i].pages * PAGE_SIZE;

		ck_assert_msg(fp != NULL, "bpf_prog_alloc(%u) failed", t[i].size);
		ck_assert_msg(fp->pages == t[i].pages, "size %u: pages expected %u, got %u",
			      t[i].size, t[i].pages, fp->pages);
		ck_assert_ptr_nonnull(fp->aux);
		ck_assert_ptr_eq(fp->aux->prog, fp);
		/* Everything after the pointers is zero, to the last page's end. */
		ck_assert_msg(memchr_inv((char *)fp + 56, 0, bytes - 56) == NULL,
			      "size %u: allocation not zeroed", t[i].size);
		ck_assert_msg(memchr_inv(fp->aux, 0, offsetof(struct bpf_prog_aux, prog)) == NULL,
			      "size %u: aux not zeroed", t[i].size);
		ck_assert_uint_eq(fp->len, 0);
		ck_assert_uint_eq(fp->jited, 0);
		__bpf_prog_free(fp);
	}
}
END_TEST

START_TEST(bpf_prog_alloc_sizes_refused)
{
	/* 0, and sizes that round up past UINT_MAX (to 0): vmalloc(0) fails. */
	unsigned int sizes[] = { 0, UINT_MAX, UINT_MAX - 4094 };

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		ck_assert_msg(bpf_prog_alloc(sizes[i], 0) == NULL,
			      "bpf_prog_alloc(%u) should fail", sizes[i]);
}
END_TEST

START_TEST(bpf_prog_alloc_jit_requested)
{
	int knobs[] = { 1, 0, 2 };

	for (size_t i = 0; i < ARRAY_SIZE(knobs); i++) {
		struct bpf_prog *fp;

		bpf_jit_enable = knobs[i];
		fp = bpf_prog_alloc_no_stats(bpf_prog_size(1), 0);
		ck_assert_msg(fp->jit_requested == (knobs[i] != 0),
			      "bpf_jit_enable=%d: jit_requested %u", knobs[i], fp->jit_requested);
		/* Sampled at allocation: a later change does not touch it. */
		bpf_jit_enable = !knobs[i];
		ck_assert_uint_eq(fp->jit_requested, knobs[i] != 0);
		__bpf_prog_free(fp);
	}
	reset_knobs();
}
END_TEST

/* ---- bpf_prog_realloc -------------------------------------------------- */

START_TEST(bpf_prog_realloc_fits)
{
	struct bpf_prog *fp = bpf_prog_alloc(bpf_prog_size(6), 0);
	unsigned int sizes[] = { 1, 104, 4096 };

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		ck_assert_msg(bpf_prog_realloc(fp, sizes[i], 0) == fp,
			      "size %u fits one page: same program expected", sizes[i]);
	ck_assert_uint_eq(fp->pages, 1);
	__bpf_prog_free(fp);
}
END_TEST

START_TEST(bpf_prog_realloc_grows)
{
	static const struct { unsigned int from_len, to_len; u16 pages; } t[] = {
		{ 6, 506, 2 }, { 6, 2000, 4 }, { 600, 1100, 3 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct bpf_prog *fp = bpf_prog_alloc(bpf_prog_size(t[i].from_len), 0);
		struct bpf_prog_aux *aux = fp->aux;
		struct bpf_prog *nfp;
		u32 j;

		fp->len = t[i].from_len;
		for (j = 0; j < fp->len; j++)
			fp->insnsi[j] = BPF_MOV64_IMM(BPF_REG_0, (s32)j);
		strcpy(aux->name, "keep");

		nfp = bpf_prog_realloc(fp, bpf_prog_size(t[i].to_len), 0);
		ck_assert_ptr_nonnull(nfp);
		ck_assert_msg(nfp->pages == t[i].pages, "%u -> %u insns: pages %u, expected %u",
			      t[i].from_len, t[i].to_len, nfp->pages, t[i].pages);
		/* The aux moved over, and points back at its new program. */
		ck_assert_ptr_eq(nfp->aux, aux);
		ck_assert_ptr_eq(aux->prog, nfp);
		ck_assert_str_eq(aux->name, "keep");
		ck_assert_uint_eq(nfp->len, t[i].from_len);
		for (j = 0; j < nfp->len; j++)
			ck_assert_int_eq(nfp->insnsi[j].imm, (s32)j);
		/* The new room is zero. */
		ck_assert_ptr_null(memchr_inv(&nfp->insnsi[nfp->len], 0,
					      nfp->pages * PAGE_SIZE - bpf_prog_size(nfp->len)));
		__bpf_prog_free(nfp);	/* fp is gone already; ASan/valgrind see */
	}
}
END_TEST

/* ---- bpf_prog_free ----------------------------------------------------- */

START_TEST(bpf_prog_free_single)
{
	struct bpf_prog *fp = bpf_prog_alloc(bpf_prog_size(2), 0);

	jit_free_calls = 0;
	bpf_prog_free(fp);
	ck_assert_int_eq(jit_free_calls, 1);
	ck_assert_ptr_eq(jit_freed[0], fp);
}
END_TEST

START_TEST(bpf_prog_free_subprogs)
{
	u32 counts[] = { 1, 2, 5 };

	for (size_t c = 0; c < ARRAY_SIZE(counts); c++) {
		struct bpf_prog *fp = bpf_prog_alloc(bpf_prog_size(2), 0);

		fp->aux->func_cnt = counts[c];
		fp->aux->func = calloc(counts[c], sizeof(*fp->aux->func));
		for (u32 i = 0; i < counts[c]; i++)
			fp->aux->func[i] = bpf_prog_alloc_no_stats(bpf_prog_size(1), 0);

		/* Each subprogram goes to bpf_jit_free(); the main program,
		 * whose image is func[0]'s, does not.
		 */
		jit_free_calls = 0;
		bpf_prog_free(fp);
		ck_assert_msg(jit_free_calls == (int)counts[c], "func_cnt %u: %d calls",
			      counts[c], jit_free_calls);
	}
}
END_TEST

/* ---- idr_alloc_cyclic (lib/idr.c) -------------------------------------- */

START_TEST(idr_alloc_cyclic_table)
{
	/* Each step: allocate (op 'a', expect id or error) or remove (op 'r'). */
	static const struct { char op; int arg; int expect; } steps[] = {
		{ 'a', 0, 1 }, { 'a', 0, 2 }, { 'a', 0, 3 },
		{ 'a', 0, -ENOSPC },	/* [1, 4) is full */
		{ 'r', 2, 0 },
		{ 'a', 0, 2 },		/* nothing past 3: wrap to the hole */
		{ 'r', 1, 0 },
		{ 'r', 3, 0 },
		{ 'a', 0, 3 },		/* the cursor is at 3 now, not at 1 */
		{ 'a', 0, 1 },		/* wraps */
		{ 'a', 0, -ENOSPC },
	};
	struct idr idr = { 0 };
	int dummy;

	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
		if (steps[i].op == 'a') {
			int id = idr_alloc_cyclic(&idr, &dummy, 1, 4, 0);

			ck_assert_msg(id == steps[i].expect, "step %zu: alloc expected %d, got %d",
				      i, steps[i].expect, id);
		} else {
			ck_assert_msg(idr_remove(&idr, steps[i].arg) == &dummy,
				      "step %zu: remove %d", i, steps[i].arg);
		}
	}
	ck_assert_ptr_null(idr_remove(&idr, 7));
	idr_destroy(&idr);
}
END_TEST

START_TEST(idr_find_and_next)
{
	struct idr idr = { 0 };
	int v[5], next;

	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(idr_alloc_cyclic(&idr, &v[i], 1, INT_MAX, 0), i + 1);
	idr_remove(&idr, 2);
	idr_remove(&idr, 3);
	ck_assert_ptr_eq(idr_find(&idr, 1), &v[0]);
	ck_assert_ptr_null(idr_find(&idr, 2));
	ck_assert_ptr_null(idr_find(&idr, 0));
	ck_assert_ptr_eq(idr_find(&idr, 5), &v[4]);

	next = 2;
	ck_assert_ptr_eq(idr_get_next(&idr, &next), &v[3]);
	ck_assert_int_eq(next, 4);
	next = 6;
	ck_assert_ptr_null(idr_get_next(&idr, &next));
	/* A full range near INT_MAX: the wrap goes back to start. */
	idr_destroy(&idr);
	idr.idr_next = INT_MAX - 1;
	ck_assert_int_eq(idr_alloc_cyclic(&idr, &v[0], 1, INT_MAX, 0), INT_MAX - 1);
	ck_assert_int_eq(idr_alloc_cyclic(&idr, &v[1], 1, INT_MAX, 0), 1);
	idr_destroy(&idr);
}
END_TEST

void add_core_tests(Suite *s)
{
	TCase *tc;

	tc = tcase_create("bpf_prog_size");
	ADD(tc, bpf_prog_size_table);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_prog_alloc");
	ADD(tc, bpf_prog_alloc_pages);
	ADD(tc, bpf_prog_alloc_sizes_refused);
	ADD(tc, bpf_prog_alloc_jit_requested);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_prog_realloc");
	ADD(tc, bpf_prog_realloc_fits);
	ADD(tc, bpf_prog_realloc_grows);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_prog_free");
	ADD(tc, bpf_prog_free_single);
	ADD(tc, bpf_prog_free_subprogs);
	suite_add_tcase(s, tc);

	tc = tcase_create("idr_alloc_cyclic");
	ADD(tc, idr_alloc_cyclic_table);
	ADD(tc, idr_find_and_next);
	suite_add_tcase(s, tc);
}
