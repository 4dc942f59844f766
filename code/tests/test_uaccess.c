// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the user-copy shim (code/lib/uaccess.c): a bad address, NULL
 * included, is -EFAULT or "bytes not copied", never a fault; a string that
 * ends just before an unmapped page is read whole.
 */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

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
 * A copy that faults resumes at its fix-up, again and again (the handler
 * leaves the signal unblocked); a copy that runs into an unmapped page
 * part of the way is a fault too, and leaves nothing behind; read-only
 * memory takes no copy_to_user().
 */
START_TEST(copy_from_user_fault_again)
{
	long page = sysconf(_SC_PAGESIZE);
	char *two = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), dst[64];

	ck_assert(two != MAP_FAILED);
	for (int i = 0; i < 1000; i++)
		ck_assert_uint_eq(copy_from_user(dst, (void *)16, sizeof(dst)), sizeof(dst));
	ck_assert_int_eq(munmap(two + page, page), 0);
	memset(two + page - 32, 'x', 32);
	memset(dst, 'y', sizeof(dst));
	ck_assert_uint_eq(copy_from_user(dst, two + page - 32, sizeof(dst)), sizeof(dst));
	for (size_t i = 0; i < sizeof(dst); i++)
		ck_assert_int_eq(dst[i], 0);
	ck_assert_uint_eq(copy_from_user(dst, two + page - 32, 32), 0);
	ck_assert_int_eq(dst[31], 'x');
	ck_assert_int_eq(mprotect(two, page, PROT_READ), 0);
	ck_assert_uint_eq(copy_to_user(two, dst, 8), 8);
	ck_assert_int_eq(two[0], 0);
	munmap(two, page);
}
END_TEST

/*
 * A fault outside any copy is not the copies' to fix: the program dies of
 * it as it would have, by the signal or by a sanitizer's report (valgrind
 * would report it too: not run there).
 */
static volatile char *bad_address(void)
{
	static volatile uintptr_t addr = 16;

	return (volatile char *)addr;
}

START_TEST(fault_outside_a_copy_is_fatal)
{
	int status;
	pid_t pid;
	char dst[8];

	if (RUNNING_ON_VALGRIND)
		return;
	ck_assert_uint_eq(copy_from_user(dst, NULL, sizeof(dst)), sizeof(dst));
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* a sanitizer's report of it is expected, and not for the log */
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0)
			dup2(null, STDERR_FILENO);
		_exit(*bad_address() ? 42 : 43);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg((WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) ||
		      (WIFEXITED(status) && WEXITSTATUS(status) != 42 && WEXITSTATUS(status) != 43),
		      "the child lived on after its fault (status %#x)", status);
}
END_TEST

void add_uaccess_tests(Suite *s)
{
	TCase *tc = tcase_create("uaccess");

	ADD(tc, strncpy_from_user_faults);
	ADD(tc, copy_from_user_fault_again);
	ADD(tc, fault_outside_a_copy_is_fatal);
	ADD(tc, strncpy_from_user_page_end);
	ADD(tc, copy_from_user_faults);
	suite_add_tcase(s, tc);
}
