// SPDX-License-Identifier: GPL-2.0
#include <sys/mman.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include "testutil.h"

#define GUARD_PAGE 4096UL

/* Two mappings: the data pages, then one PROT_NONE page right after. */
void *guarded_alloc(size_t size, int fill)
{
	size_t data = (size + GUARD_PAGE - 1) / GUARD_PAGE * GUARD_PAGE;
	char *base;

	if (data == 0)
		data = GUARD_PAGE;
	base = mmap(NULL, data + GUARD_PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(base, MAP_FAILED);
	ck_assert_int_eq(mprotect(base + data, GUARD_PAGE, PROT_NONE), 0);
	memset(base, fill, data);
	return base + data - size;
}

void guarded_free(void *p, size_t size)
{
	size_t data = (size + GUARD_PAGE - 1) / GUARD_PAGE * GUARD_PAGE;

	if (data == 0)
		data = GUARD_PAGE;
	munmap((char *)p + size - data, data + GUARD_PAGE);
}

unsigned int test_rounds(unsigned int plain)
{
	if (RUNNING_ON_VALGRIND)
		return plain / 100 ? plain / 100 : 1;
#ifdef __SANITIZE_ADDRESS__
	return plain / 4 ? plain / 4 : 1;
#else
	return plain;
#endif
}

int ck_skip_fd = -1;

void ck_skip_note(const char *fn, const char *fmt, ...)
{
	const char *tag = getenv("CK_RESULT_TAG");
	size_t n = strlen(fn);
	char why[512];
	va_list ap;

	/* START_TEST(name) defines name_fn(): report the test's own name. */
	if (n > 3 && !strcmp(fn + n - 3, "_fn"))
		n -= 3;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	printf("SKIP %s%s%.*s: %s\n", tag ? tag : "", tag ? ": " : "", (int)n, fn, why);
	fflush(stdout);
	/* One byte per skip: the test may run in a child Check forked. */
	if (ck_skip_fd >= 0 && write(ck_skip_fd, "s", 1) != 1)
		perror("ck_skip_note");
}

/* One capture at a time: tests run one after the other. */
static char *capture_buf;
static size_t capture_size;
static FILE *capture_saved;

void log_capture_begin(FILE **sink)
{
	capture_saved = *sink;
	capture_buf = NULL;	/* a capture a failed check left open is dropped */
	*sink = open_memstream(&capture_buf, &capture_size);
	ck_assert_ptr_nonnull(*sink);
}

char *log_capture_end(FILE **sink)
{
	char *text;

	fclose(*sink);
	*sink = capture_saved;
	text = capture_buf;
	capture_buf = NULL;
	return text;
}
