// SPDX-License-Identifier: GPL-2.0
/*
 * Grading tests for exercise 02/03: bpf_obj_name_cpy(), called directly on
 * a 16-byte field, then through sys_bpf(BPF_PROG_LOAD) as a loader sets
 * attr.prog_name.
 */
#include <string.h>

#include "linux/bpf.h"
#include "linux/file.h"
#include "testutil.h"
#include "article.h"

#define LEN	BPF_OBJ_NAME_LEN	/* 16 */

/* Run bpf_obj_name_cpy() on a 16-byte field holding name; dst prefilled. */
static int name_cpy(const char *name, char *dst)
{
	char src[LEN] = { 0 };

	memcpy(src, name, strnlen(name, LEN));
	memset(dst, 0x55, LEN);
	return bpf_obj_name_cpy(dst, src, LEN);
}

START_TEST(a_plain_name)
{
	char dst[LEN];

	ck_assert_int_eq(name_cpy("article", dst), 7);
	ck_assert_str_eq(dst, "article");
}
END_TEST

START_TEST(underscore_and_dot)
{
	char dst[LEN];

	ck_assert_int_eq(name_cpy("xdp_prog.v2", dst), 11);
	ck_assert_str_eq(dst, "xdp_prog.v2");
}
END_TEST

START_TEST(the_rest_is_zero)
{
	static const char zero[LEN];
	char dst[LEN];

	ck_assert_int_eq(name_cpy("ab", dst), 2);
	ck_assert_mem_eq(dst + 2, zero, LEN - 2);
	/* an all-zero field is the empty name, allowed */
	ck_assert_int_eq(name_cpy("", dst), 0);
	ck_assert_mem_eq(dst, zero, LEN);
}
END_TEST

START_TEST(refused_characters)
{
	static const char *bad[] = { "bad-name", "a b", "a/b", "tab\t", "del\x7f", "q\xbf", "x\xd7y", "x\xf7y" };
	char dst[LEN];

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(name_cpy(bad[i], dst) == -EINVAL, "name %zu (\"%s\") was accepted", i, bad[i]);
}
END_TEST

START_TEST(latin1_letters)
{
	char dst[LEN];

	/* The kernel's isalnum() reads a Latin-1 table: é, À and ÿ are letters */
	ck_assert_int_eq(name_cpy("caf\xe9", dst), 4);
	ck_assert_int_eq(name_cpy("\xc0\xff", dst), 2);
	ck_assert_mem_eq(dst, "\xc0\xff", 3);
}
END_TEST

START_TEST(no_room_for_the_nul)
{
	char src[LEN], dst[LEN];

	memset(src, 'a', LEN);			/* 16 letters, no NUL */
	ck_assert_int_eq(bpf_obj_name_cpy(dst, src, LEN), -EINVAL);
	src[LEN - 1] = '\0';			/* 15 letters fit */
	ck_assert_int_eq(bpf_obj_name_cpy(dst, src, LEN), LEN - 1);
}
END_TEST

static int load_named(const char *name)
{
	static const struct bpf_insn insns[] = { ARTICLE_INSNS };
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insn_cnt = ARRAY_SIZE(insns);
	attr.insns = (u64)(uintptr_t)insns;
	attr.license = (u64)(uintptr_t)"GPL";
	memcpy(attr.prog_name, name, strnlen(name, LEN));
	return (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

START_TEST(through_prog_load)
{
	struct bpf_prog *prog;
	struct file *f;
	int fd;

	ck_assert_int_eq(load_named("bad-name"), -EINVAL);
	fd = load_named("article");
	ck_assert_int_ge(fd, 0);
	f = fget(fd);
	ck_assert_ptr_nonnull(f);
	prog = f->private_data;
	ck_assert_str_eq(prog->aux->name, "article");
	ck_assert_int_eq(close_fd(fd), 0);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("02/03 bpf_obj_name_cpy");
	TCase *tc = tcase_create("bpf_obj_name_cpy");

	ADD(tc, a_plain_name);
	ADD(tc, underscore_and_dot);
	ADD(tc, the_rest_is_zero);
	ADD(tc, refused_characters);
	ADD(tc, latin1_letters);
	ADD(tc, no_room_for_the_nul);
	ADD(tc, through_prog_load);
	suite_add_tcase(s, tc);
	return s;
}
