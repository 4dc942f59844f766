// SPDX-License-Identifier: GPL-2.0
/* Exercise 04/01: bpf_prog_select_func(). */
#include <string.h>

#include "linux/bpf_interp.h"
#include "testutil.h"

static const struct { u32 depth; int index; } cases[] = {
	{ 0, 0 }, { 1, 0 }, { 32, 0 }, { 33, 1 }, { 64, 1 }, { 480, 14 }, { 481, 15 }, { 512, 15 },
};

static struct bpf_prog *prog_with_depth(u32 depth)
{
	struct bpf_prog *fp = bpf_prog_alloc(bpf_prog_size(1), 0);

	ck_assert_ptr_nonnull(fp);
	fp->insnsi[0] = BPF_EXIT_INSN();
	fp->len = 1;
	fp->aux->stack_depth = depth;
	return fp;
}

START_TEST(select_by_depth)
{
	struct bpf_prog *fp = prog_with_depth(cases[_i].depth);

	bpf_prog_select_func(fp);
	ck_assert_msg(bpf_interpreter_index(fp) == cases[_i].index,
		      "stack depth %u: got interpreters[%d] (%s), expected interpreters[%d]",
		      cases[_i].depth, bpf_interpreter_index(fp),
		      bpf_interpreter_name(fp->bpf_func) ? bpf_interpreter_name(fp->bpf_func) : "none",
		      cases[_i].index);
	bpf_prog_free(fp);
}
END_TEST

START_TEST(select_too_deep)
{
	struct bpf_prog *fp = prog_with_depth(513);

	bpf_prog_select_func(fp);
	ck_assert_msg(fp->bpf_func && bpf_interpreter_index(fp) == -1,
		      "stack depth 513: no interpreter fits, expected the ret0 placeholder, got %s",
		      bpf_interpreter_name(fp->bpf_func) ? bpf_interpreter_name(fp->bpf_func) : "NULL");
	bpf_prog_free(fp);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("exercise 04/01");
	TCase *tc = tcase_create("bpf_prog_select_func");

	tcase_add_loop_test(tc, select_by_depth, 0, ARRAY_SIZE(cases));
	ADD(tc, select_too_deep);
	suite_add_tcase(s, tc);
	return s;
}
