// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 01 tests: sys_bpf(), bpf_check_uarg_tail_zero(), CHECK_ATTR and
 * the fd table. Each test case is named after the kernel function it checks:
 *   CK_RUN_CASE=bpf_check_uarg_tail_zero make test-01
 */
#include <limits.h>
#include <string.h>

#include "linux/bpf.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "testutil.h"

/* ---- bpf_check_uarg_tail_zero ------------------------------------------ */

START_TEST(tail_silly_large)
{
	char buf[16] = { 0 };

	/* The size is checked before anything is read: even a bad pointer
	 * gets -E2BIG, not -EFAULT.
	 */
	ck_assert_int_eq(bpf_check_uarg_tail_zero(buf, 120, PAGE_SIZE + 1), -E2BIG);
	ck_assert_int_eq(bpf_check_uarg_tail_zero(BAD_UPTR, 120, PAGE_SIZE + 1), -E2BIG);
	ck_assert_int_eq(bpf_check_uarg_tail_zero(buf, 120, UINT_MAX), -E2BIG);
	ck_assert_int_eq(bpf_check_uarg_tail_zero(buf, 120, SIZE_MAX), -E2BIG);
}
END_TEST

START_TEST(tail_short_or_exact_reads_nothing)
{
	/* actual <= expected: nothing beyond is read, so even a bad pointer
	 * passes here (the copy in sys_bpf() will catch it).
	 */
	ck_assert_int_eq(bpf_check_uarg_tail_zero(BAD_UPTR, 120, 0), 0);
	ck_assert_int_eq(bpf_check_uarg_tail_zero(BAD_UPTR, 120, 8), 0);
	ck_assert_int_eq(bpf_check_uarg_tail_zero(BAD_UPTR, 120, 120), 0);
}
END_TEST

START_TEST(tail_zero_bytes_accepted)
{
	size_t sizes[] = { 121, 128, 144, 1000, PAGE_SIZE };

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		char *p = guarded_alloc(sizes[i], 0);

		ck_assert_msg(bpf_check_uarg_tail_zero(p, 120, sizes[i]) == 0,
			      "size %zu with a zero tail", sizes[i]);
		guarded_free(p, sizes[i]);
	}
}
END_TEST

START_TEST(tail_nonzero_byte_refused)
{
	/* A single non-zero byte anywhere in the tail, first to last. */
	size_t size = 300, pos[] = { 120, 121, 200, 299 };

	for (size_t i = 0; i < ARRAY_SIZE(pos); i++) {
		char *p = guarded_alloc(size, 0);

		p[pos[i]] = 1;
		ck_assert_msg(bpf_check_uarg_tail_zero(p, 120, size) == -E2BIG,
			      "non-zero byte at %zu", pos[i]);
		guarded_free(p, size);
	}
}
END_TEST

START_TEST(tail_nonzero_before_expected_ignored)
{
	/* Bytes the kernel knows about are not this check's business. */
	char *p = guarded_alloc(200, 0);

	memset(p, 0xff, 120);
	ck_assert_int_eq(bpf_check_uarg_tail_zero(p, 120, 200), 0);
	guarded_free(p, 200);
}
END_TEST

START_TEST(tail_fault)
{
	/* 130 readable bytes, but the caller claims 131 or more. */
	char *p = guarded_alloc(130, 0);

	ck_assert_int_eq(bpf_check_uarg_tail_zero(p, 120, 131), -EFAULT);
	ck_assert_int_eq(bpf_check_uarg_tail_zero(p, 120, PAGE_SIZE), -EFAULT);
	ck_assert_int_eq(bpf_check_uarg_tail_zero(BAD_UPTR, 120, 121), -EFAULT);
	guarded_free(p, 130);
}
END_TEST

/* ---- sys_bpf ------------------------------------------------------------ */

/*
 * This test program plays a later chapter: it defines the strong
 * bpf_prog_test_run(), so sys_bpf() dispatches here instead of to
 * chapter 01's __weak placeholder, and we can see the attr it was given.
 */
static union bpf_attr seen;
static int seen_calls;

int bpf_prog_test_run(const union bpf_attr *attr, union bpf_attr __user *uattr)
{
	(void)uattr;
	seen = *attr;
	seen_calls++;
	return 42;
}

static void reset(void)
{
	memset(&seen, 0xaa, sizeof(seen));
	seen_calls = 0;
	sysctl_unprivileged_bpf_disabled = 0;
	set_current_caps(CAP_ALL);
}

START_TEST(sys_bpf_unknown_cmd)
{
	union bpf_attr attr = { 0 };
	int cmds[] = { -1, BPF_ITER_CREATE + 1, 35, 999, INT_MIN, INT_MAX };

	reset();
	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++)
		ck_assert_msg(sys_bpf(cmds[i], &attr, sizeof(attr)) == -EINVAL,
			      "cmd %d", cmds[i]);
}
END_TEST

START_TEST(sys_bpf_known_unbuilt_cmd)
{
	union bpf_attr attr = { 0 };
	int cmds[] = { BPF_MAP_CREATE, BPF_MAP_GET_NEXT_KEY, BPF_OBJ_PIN,
		       BPF_PROG_ATTACH, BPF_MAP_GET_NEXT_ID, BPF_BTF_LOAD,
		       BPF_LINK_CREATE, BPF_ITER_CREATE };

	reset();
	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++)
		ck_assert_msg(sys_bpf(cmds[i], &attr, sizeof(attr)) == -EOPNOTSUPP,
			      "cmd %d", cmds[i]);
}
END_TEST

START_TEST(sys_bpf_size_too_big)
{
	union bpf_attr attr = { 0 };

	reset();
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, PAGE_SIZE + 1), -E2BIG);
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, UINT_MAX), -E2BIG);
	ck_assert_int_eq(sys_bpf(BPF_PROG_LOAD, BAD_UPTR, 8192), -E2BIG);
	ck_assert_int_eq(seen_calls, 0);
}
END_TEST

START_TEST(sys_bpf_tail_nonzero)
{
	char *p = guarded_alloc(256, 0);

	reset();
	p[sizeof(union bpf_attr)] = 7;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, (void *)p, 256), -E2BIG);
	p[sizeof(union bpf_attr)] = 0;
	p[255] = 1;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, (void *)p, 256), -E2BIG);
	p[255] = 0;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, (void *)p, 256), 42);
	ck_assert_int_eq(seen_calls, 1);
	guarded_free(p, 256);
}
END_TEST

START_TEST(sys_bpf_bad_pointer)
{
	char *p = guarded_alloc(60, 0);

	reset();
	/* Nothing mapped at all. */
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, BAD_UPTR, sizeof(union bpf_attr)), -EFAULT);
	ck_assert_int_eq(sys_bpf(BPF_PROG_LOAD, BAD_UPTR, 1), -EFAULT);
	/* The attr straddles the end of the mapping: 60 bytes readable, 120 claimed. */
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, (void *)p, sizeof(union bpf_attr)), -EFAULT);
	/* A bad pointer with a bad tail: the tail is read first. */
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, BAD_UPTR, 200), -EFAULT);
	ck_assert_int_eq(seen_calls, 0);
	guarded_free(p, 60);
}
END_TEST

START_TEST(sys_bpf_short_attr_zero_extended)
{
	/* An "old" caller passes only the first 12 bytes of the test-run attr,
	 * placed right before an unmapped page: the kernel must read exactly
	 * 12 bytes and see zeros in the rest.
	 */
	unsigned int sizes[] = { 4, 12, 63 };

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned char *p = guarded_alloc(sizes[i], 0x5a);
		unsigned char *s = (unsigned char *)&seen;

		reset();
		ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, (void *)p, sizes[i]), 42);
		for (unsigned int b = 0; b < sizeof(seen); b++)
			ck_assert_msg(s[b] == (b < sizes[i] ? 0x5a : 0),
				      "size %u: byte %u is %#x", sizes[i], b, s[b]);
		guarded_free(p, sizes[i]);
	}
}
END_TEST

START_TEST(sys_bpf_zero_size)
{
	/* size 0 copies nothing; the command sees an all-zero attr. */
	reset();
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, NULL, 0), 42);
	ck_assert_ptr_eq(memchr_inv(&seen, 0, sizeof(seen)), NULL);
	/* The placeholder PROG_LOAD accepts the zero attr's shape, then
	 * says it is not built.
	 */
	ck_assert_int_eq(sys_bpf(BPF_PROG_LOAD, NULL, 0), -EOPNOTSUPP);
}
END_TEST

START_TEST(sys_bpf_unprivileged_disabled)
{
	union bpf_attr attr = { 0 };

	reset();
	sysctl_unprivileged_bpf_disabled = 1;
	set_current_caps(CAP_NONE);
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EPERM);
	/* EPERM comes first: before the size and pointer checks. */
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, BAD_UPTR, PAGE_SIZE + 1), -EPERM);
	ck_assert_int_eq(sys_bpf(999, &attr, sizeof(attr)), -EPERM);

	set_current_caps(CAP_TO_MASK(CAP_NET_ADMIN));
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EPERM);
	set_current_caps(CAP_TO_MASK(CAP_BPF));
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 42);
	set_current_caps(CAP_TO_MASK(CAP_SYS_ADMIN));
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 42);

	/* With the sysctl at 0, nobody needs a capability. */
	sysctl_unprivileged_bpf_disabled = 0;
	set_current_caps(CAP_NONE);
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 42);
	reset();
}
END_TEST

/* ---- CHECK_ATTR, through the placeholders ------------------------------- */

/* Sets one byte at each offset in [from, to) in turn; expects err for all. */
static void expect_each_byte(int cmd, size_t from, size_t to, int err)
{
	for (size_t off = from; off < to; off++) {
		union bpf_attr attr;

		memset(&attr, 0, sizeof(attr));
		((unsigned char *)&attr)[off] = 1;
		ck_assert_msg(sys_bpf(cmd, &attr, sizeof(attr)) == err,
			      "cmd %d, byte %zu set: expected %d", cmd, off, err);
	}
}

START_TEST(check_attr_prog_load)
{
	/* v5.8: attach_prog_fd ends at 116; 116..119 must be zero. */
	reset();
	expect_each_byte(BPF_PROG_LOAD, 116, 120, -EINVAL);
	expect_each_byte(BPF_PROG_LOAD, 0, 116, -EOPNOTSUPP);
}
END_TEST

START_TEST(check_attr_get_fd_by_id)
{
	/* Only prog_id (bytes 0..3) belongs to the command. */
	reset();
	expect_each_byte(BPF_PROG_GET_FD_BY_ID, 4, 120, -EINVAL);
	expect_each_byte(BPF_PROG_GET_FD_BY_ID, 0, 4, -EOPNOTSUPP);
}
END_TEST

START_TEST(check_attr_get_next_id)
{
	/* start_id and next_id: bytes 0..7. */
	reset();
	expect_each_byte(BPF_PROG_GET_NEXT_ID, 8, 120, -EINVAL);
	expect_each_byte(BPF_PROG_GET_NEXT_ID, 0, 8, -EOPNOTSUPP);
}
END_TEST

START_TEST(check_attr_info_by_fd)
{
	/* info.bpf_fd, info.info_len, info.info: bytes 0..15. */
	reset();
	expect_each_byte(BPF_OBJ_GET_INFO_BY_FD, 16, 120, -EINVAL);
	expect_each_byte(BPF_OBJ_GET_INFO_BY_FD, 0, 16, -EOPNOTSUPP);
}
END_TEST

START_TEST(check_attr_last_field_offsets)
{
	/* The macro's arithmetic, on the four commands' layouts. */
	ck_assert_uint_eq(offsetofend(union bpf_attr, BPF_PROG_LOAD_LAST_FIELD), 116);
	ck_assert_uint_eq(offsetofend(union bpf_attr, BPF_PROG_TEST_RUN_LAST_FIELD), 64);
	ck_assert_uint_eq(offsetofend(union bpf_attr, BPF_OBJ_GET_INFO_BY_FD_LAST_FIELD), 16);
	ck_assert_uint_eq(offsetofend(union bpf_attr, BPF_PROG_GET_FD_BY_ID_LAST_FIELD), 4);
}
END_TEST

/* ---- the fd table ------------------------------------------------------- */

static int releases;
static void *released;

static int count_release(struct file *file)
{
	releases++;
	released = file->private_data;
	return 0;
}

static const struct file_operations counting_fops = { .release = count_release };

START_TEST(anon_inode_getfd_lowest_free)
{
	int a, b, c, d;

	releases = 0;
	a = anon_inode_getfd("t", &counting_fops, &a, 0);
	b = anon_inode_getfd("t", &counting_fops, &b, 0);
	c = anon_inode_getfd("t", &counting_fops, &c, 0);
	ck_assert_int_eq(a, 3);
	ck_assert_int_eq(b, 4);
	ck_assert_int_eq(c, 5);
	ck_assert_ptr_eq(fget(b)->private_data, &b);
	ck_assert_int_eq(close_fd(b), 0);
	ck_assert_int_eq(releases, 1);
	ck_assert_ptr_eq(released, &b);
	ck_assert_ptr_null(fget(b));
	d = anon_inode_getfd("t", &counting_fops, &d, 0);
	ck_assert_int_eq(d, 4);		/* the hole is reused */
	ck_assert_int_eq(close_fd(a), 0);
	ck_assert_int_eq(close_fd(c), 0);
	ck_assert_int_eq(close_fd(d), 0);
	ck_assert_int_eq(releases, 4);
}
END_TEST

START_TEST(close_fd_bad)
{
	ck_assert_int_eq(close_fd(0), -EBADF);	/* stdin is not ours to close */
	ck_assert_int_eq(close_fd(3), -EBADF);
	ck_assert_int_eq(close_fd(NR_OPEN_DEFAULT), -EBADF);
	ck_assert_int_eq(close_fd(UINT_MAX), -EBADF);
	ck_assert_ptr_null(fget(UINT_MAX));
}
END_TEST

START_TEST(anon_inode_getfd_table_full)
{
	int fds[NR_OPEN_DEFAULT], n = 0, fd;

	releases = 0;
	while ((fd = anon_inode_getfd("t", &counting_fops, NULL, 0)) >= 0)
		fds[n++] = fd;
	ck_assert_int_eq(fd, -EMFILE);
	ck_assert_int_eq(n, NR_OPEN_DEFAULT - 3);
	while (n)
		ck_assert_int_eq(close_fd(fds[--n]), 0);
	ck_assert_int_eq(releases, NR_OPEN_DEFAULT - 3);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("01-syscall");
	TCase *tc;

	tc = tcase_create("bpf_check_uarg_tail_zero");
	ADD(tc, tail_silly_large);
	ADD(tc, tail_short_or_exact_reads_nothing);
	ADD(tc, tail_zero_bytes_accepted);
	ADD(tc, tail_nonzero_byte_refused);
	ADD(tc, tail_nonzero_before_expected_ignored);
	ADD(tc, tail_fault);
	suite_add_tcase(s, tc);

	tc = tcase_create("sys_bpf");
	ADD(tc, sys_bpf_unknown_cmd);
	ADD(tc, sys_bpf_known_unbuilt_cmd);
	ADD(tc, sys_bpf_size_too_big);
	ADD(tc, sys_bpf_tail_nonzero);
	ADD(tc, sys_bpf_bad_pointer);
	ADD(tc, sys_bpf_short_attr_zero_extended);
	ADD(tc, sys_bpf_zero_size);
	ADD(tc, sys_bpf_unprivileged_disabled);
	suite_add_tcase(s, tc);

	tc = tcase_create("CHECK_ATTR");
	ADD(tc, check_attr_prog_load);
	ADD(tc, check_attr_get_fd_by_id);
	ADD(tc, check_attr_get_next_id);
	ADD(tc, check_attr_info_by_fd);
	ADD(tc, check_attr_last_field_offsets);
	suite_add_tcase(s, tc);

	tc = tcase_create("anon_inode_getfd");
	ADD(tc, anon_inode_getfd_lowest_free);
	ADD(tc, close_fd_bad);
	ADD(tc, anon_inode_getfd_table_full);
	suite_add_tcase(s, tc);

	return s;
}
