// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 02/02: BPF_PROG_GET_NEXT_ID, the walk `bpftool prog list` does.
 * Called directly: chapter 01's sys_bpf() still answers -EOPNOTSUPP for it.
 */
#include <limits.h>
#include <string.h>

#include "linux/bpf.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "testutil.h"

int bpf_prog_get_next_id(const union bpf_attr *attr, union bpf_attr __user *uattr);

static const struct bpf_insn prog[] = {
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
};

static int load(void)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insn_cnt = ARRAY_SIZE(prog);
	attr.insns = (u64)(uintptr_t)prog;
	attr.license = (u64)(uintptr_t)"GPL";
	return (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

static u32 id_of(int fd)
{
	return ((struct bpf_prog *)fget(fd)->private_data)->aux->id;
}

/* One call: returns the error, *next the id written (or 0xffffffff). */
static int next(u32 start, u32 *next_id)
{
	union bpf_attr attr;
	int err;

	memset(&attr, 0, sizeof(attr));
	attr.start_id = start;
	attr.next_id = 0xffffffff;
	err = (int)sys_bpf(BPF_PROG_GET_NEXT_ID, &attr, sizeof(attr));
	*next_id = attr.next_id;
	return err;
}

START_TEST(get_next_id_walk)
{
	int fd[4];
	u32 id[4], got;

	set_current_caps(CAP_ALL);
	for (int i = 0; i < 4; i++) {
		fd[i] = load();
		ck_assert_int_ge(fd[i], 3);
		id[i] = id_of(fd[i]);
	}
	/* From 0: the first program; from each id: the next one. */
	ck_assert_int_eq(next(0, &got), 0);
	ck_assert_msg(got == id[0], "start 0: expected %u, got %u", id[0], got);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(next(id[i], &got), 0);
		ck_assert_msg(got == id[i + 1], "start %u: expected %u, got %u", id[i], id[i + 1], got);
	}
	/* A gap is skipped. */
	close_fd(fd[1]);
	ck_assert_int_eq(next(id[0], &got), 0);
	ck_assert_msg(got == id[2], "after closing %u: expected %u, got %u", id[1], id[2], got);
	/* Past the last: -ENOENT, nothing written. */
	ck_assert_int_eq(next(id[3], &got), -ENOENT);
	ck_assert_uint_eq(got, 0xffffffff);
	close_fd(fd[0]);
	close_fd(fd[2]);
	close_fd(fd[3]);
}
END_TEST

START_TEST(get_next_id_empty)
{
	u32 got;

	set_current_caps(CAP_ALL);
	ck_assert_int_eq(next(0, &got), -ENOENT);
	ck_assert_int_eq(next(100, &got), -ENOENT);
}
END_TEST

START_TEST(get_next_id_bad_attr)
{
	static const struct { u32 start; u32 open_flags; u64 caps; int err; } t[] = {
		{ INT_MAX, 0, CAP_ALL, -EINVAL },	/* start_id + 1 is no id */
		{ UINT_MAX, 0, CAP_ALL, -EINVAL },
		{ 0, 1, CAP_ALL, -EINVAL },		/* past next_id: CHECK_ATTR */
		{ 0, 0, CAP_TO_MASK(CAP_BPF), -EPERM },
		{ INT_MAX, 0, CAP_NONE, -EINVAL },	/* EINVAL before EPERM */
	};
	int fd;

	set_current_caps(CAP_ALL);
	fd = load();
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		union bpf_attr attr;
		int err;

		memset(&attr, 0, sizeof(attr));
		attr.start_id = t[i].start;
		attr.open_flags = t[i].open_flags;
		set_current_caps(t[i].caps);
		err = (int)sys_bpf(BPF_PROG_GET_NEXT_ID, &attr, sizeof(attr));
		ck_assert_msg(err == t[i].err, "start %u flags %u: expected %d, got %d",
			      t[i].start, t[i].open_flags, t[i].err, err);
	}
	set_current_caps(CAP_ALL);
	close_fd(fd);
}
END_TEST

START_TEST(get_next_id_fault)
{
	union bpf_attr attr;
	int fd;

	set_current_caps(CAP_ALL);
	fd = load();
	memset(&attr, 0, sizeof(attr));
	ck_assert_int_eq(bpf_prog_get_next_id(&attr, BAD_UPTR), -EFAULT);
	close_fd(fd);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("exercise 02/02");
	TCase *tc = tcase_create("bpf_obj_get_next_id");

	ADD(tc, get_next_id_walk);
	ADD(tc, get_next_id_empty);
	ADD(tc, get_next_id_bad_attr);
	ADD(tc, get_next_id_fault);
	suite_add_tcase(s, tc);
	return s;
}
