// SPDX-License-Identifier: GPL-2.0
/*
 * Grading tests for exercise 01/03: anon_inode_getfd(), fget(), close_fd().
 * Each test closes what it opens, so they also run one after the other in
 * one process (CK_FORK=no).
 */
#include <fcntl.h>

#include "linux/file.h"
#include "testutil.h"

static int released;
static void *released_priv;

static int count_release(struct file *file)
{
	released++;
	released_priv = file->private_data;
	return 0;
}

static const struct file_operations fops = { .release = count_release };
static int obj_a, obj_b, obj_c;

static int getfd(void *priv)
{
	int fd = anon_inode_getfd("bpf-prog", &fops, priv, O_RDWR | O_CLOEXEC);

	ck_assert_msg(fd >= 0, "anon_inode_getfd() = %d, expected an fd", fd);
	return fd;
}

START_TEST(first_fd_after_stdio)
{
	int fd = getfd(&obj_a);

	/* 0, 1 and 2 are stdin, stdout and stderr in every process */
	ck_assert_int_eq(fd, 3);
	ck_assert_int_eq(close_fd(fd), 0);
}
END_TEST

START_TEST(lowest_free_fd)
{
	int a = getfd(&obj_a), b = getfd(&obj_b), c;

	ck_assert_int_eq(b, a + 1);
	ck_assert_int_eq(close_fd(a), 0);
	c = getfd(&obj_c);
	ck_assert_msg(c == a, "after closing %d, the next fd is %d: POSIX wants the lowest free", a, c);
	ck_assert_int_eq(close_fd(b), 0);
	ck_assert_int_eq(close_fd(c), 0);
}
END_TEST

START_TEST(fget_finds_the_object)
{
	int fd = getfd(&obj_b);
	struct file *f = fget(fd);

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_eq(f->private_data, &obj_b);
	ck_assert_ptr_eq(f->f_op, &fops);
	ck_assert_str_eq(f->name, "bpf-prog");
	ck_assert_int_eq(close_fd(fd), 0);
}
END_TEST

START_TEST(fget_of_what_is_not_open)
{
	ck_assert_ptr_null(fget(1));			/* stdout: not a kernel object here */
	ck_assert_ptr_null(fget(NR_OPEN_DEFAULT));	/* past the table */
	ck_assert_ptr_null(fget((unsigned int)-1));	/* fd -1, as the kernel's unsigned */
	ck_assert_ptr_null(fget(NR_OPEN_DEFAULT - 1));	/* in the table, never opened */
}
END_TEST

START_TEST(close_releases_once)
{
	int fd = getfd(&obj_c);

	released = 0;
	ck_assert_int_eq(close_fd(fd), 0);
	ck_assert_int_eq(released, 1);
	ck_assert_ptr_eq(released_priv, &obj_c);
	ck_assert_ptr_null(fget(fd));
	ck_assert_int_eq(close_fd(fd), -EBADF);		/* closed twice */
	ck_assert_int_eq(released, 1);
}
END_TEST

START_TEST(a_file_without_release)
{
	static const struct file_operations plain = { 0 };
	int fd = anon_inode_getfd("bpf-prog", &plain, &obj_a, O_RDWR);

	ck_assert_int_ge(fd, 3);
	ck_assert_int_eq(close_fd(fd), 0);	/* nothing to call, nothing to crash */
}
END_TEST

START_TEST(a_full_table)
{
	static int fds[NR_OPEN_DEFAULT];
	int n = 0, fd, i;

	while ((fd = anon_inode_getfd("bpf-prog", &fops, &obj_a, O_RDWR)) >= 0 &&
	       n < NR_OPEN_DEFAULT)
		fds[n++] = fd;
	ck_assert_int_eq(fd, -EMFILE);
	ck_assert_int_eq(n, NR_OPEN_DEFAULT - 3);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(close_fd(fds[i]), 0);
	/* and the table works again */
	fd = getfd(&obj_a);
	ck_assert_int_eq(close_fd(fd), 0);
}
END_TEST

START_TEST(close_of_what_is_not_open)
{
	ck_assert_int_eq(close_fd(NR_OPEN_DEFAULT + 5), -EBADF);
	ck_assert_int_eq(close_fd(2), -EBADF);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("01/03 the fd table");
	TCase *tc = tcase_create("anon_inode_getfd");

	ADD(tc, first_fd_after_stdio);
	ADD(tc, lowest_free_fd);
	ADD(tc, fget_finds_the_object);
	ADD(tc, fget_of_what_is_not_open);
	ADD(tc, close_releases_once);
	ADD(tc, a_file_without_release);
	ADD(tc, a_full_table);
	ADD(tc, close_of_what_is_not_open);
	suite_add_tcase(s, tc);
	return s;
}
