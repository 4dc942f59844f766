// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the user-copy shim (code/lib/uaccess.c): a bad address, NULL
 * included, is -EFAULT or "bytes not copied", never a fault; a string that
 * ends just before an unmapped page is read whole.
 */
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/uaccess.h"
#include "ground_tests.h"

START_TEST(strncpy_from_user_faults)
{
	char dst[16];

	ck_assert_int_eq(strncpy_from_user(dst, NULL, sizeof(dst)), -EFAULT);
	ck_assert_int_eq(strncpy_from_user(dst, (const char *)16, sizeof(dst)), -EFAULT);
	ck_assert_int_eq(strncpy_from_user(dst, "GPL", sizeof(dst)), 3);
	ck_assert_str_eq(dst, "GPL");
	/* no NUL within count: count, and no terminator written */
	ck_assert_int_eq(strncpy_from_user(dst, "Proprietary", 4), 4);
}
END_TEST

START_TEST(strncpy_from_user_page_end)
{
	long page = sysconf(_SC_PAGESIZE);
	char *two = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), dst[16];

	ck_assert(two != MAP_FAILED);
	ck_assert_int_eq(munmap(two + page, page), 0);
	memcpy(two + page - 4, "GPL", 4);	/* the NUL is the page's last byte */
	ck_assert_int_eq(strncpy_from_user(dst, two + page - 4, sizeof(dst)), 3);
	two[page - 1] = 'x';			/* now it runs into the hole */
	ck_assert_int_eq(strncpy_from_user(dst, two + page - 4, sizeof(dst)), -EFAULT);
	munmap(two, page);
}
END_TEST

START_TEST(copy_from_user_faults)
{
	char dst[8];

	memset(dst, 'x', sizeof(dst));
	ck_assert_uint_eq(copy_from_user(dst, NULL, sizeof(dst)), sizeof(dst));
	ck_assert_int_eq(dst[0], 0);	/* no stale bytes left behind */
	ck_assert_int_eq(check_zeroed_user(NULL, 8), -EFAULT);
	ck_assert_uint_eq(clear_user(NULL, 8), 8);
	ck_assert_uint_eq(copy_to_user(NULL, dst, 1), 1);
}
END_TEST

/*
 * The copies name our own process, and the shim remembers its pid: a child
 * of fork() must read its own memory, not its parent's.
 */
START_TEST(copy_from_user_after_fork)
{
	static char word[8] = "parent";
	char dst[8];
	pid_t pid;
	int status;

	ck_assert_uint_eq(copy_from_user(dst, word, sizeof(dst)), 0);	/* pid known */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		strcpy(word, "child");
		_exit(copy_from_user(dst, word, sizeof(dst)) || strcmp(dst, "child"));
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

void add_uaccess_tests(Suite *s)
{
	TCase *tc = tcase_create("uaccess");

	ADD(tc, strncpy_from_user_faults);
	ADD(tc, copy_from_user_after_fork);
	ADD(tc, strncpy_from_user_page_end);
	ADD(tc, copy_from_user_faults);
	suite_add_tcase(s, tc);
}
