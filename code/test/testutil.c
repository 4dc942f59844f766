// SPDX-License-Identifier: GPL-2.0
#include <sys/mman.h>
#include <string.h>
#include <unistd.h>

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
