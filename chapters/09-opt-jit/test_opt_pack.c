// SPDX-License-Identifier: GPL-2.0
/*
 * Images from the pool (opt_pack.c): a page of a pack each, executable only
 * once written, writable again only once freed; never both. The mappings
 * are read from /proc/self/maps, which only a test has any reason to read.
 */
#include <stdio.h>
#include <stdlib.h>

#include "test_opt.h"

/* The permissions ("r-xp") of the mapping that holds addr, or false. */
static bool maps_perms(const void *addr, char perms[5])
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long lo, hi, a = (unsigned long)addr;
	char line[512];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 && a >= lo && a < hi)
			found = true;
	fclose(f);
	return found;
}

static struct bpf_prog *small_prog(void)
{
	static const struct bpf_insn insns[] = { BPF_MOV64_IMM(R0, 42), BPF_EXIT_INSN() };
	struct bpf_prog *fp = opt_compile(insns, ARRAY_SIZE(insns), 0, BPF_JIT_OPT_ALL);

	ck_assert(fp->jited);
	return fp;
}

static unsigned long page_of(const struct bpf_prog *fp)
{
	return (unsigned long)fp->bpf_func & PAGE_MASK;
}

START_TEST(opt_pack_wx)
{
	struct bpf_prog *a = small_prog(), *b = small_prog();
	unsigned long pa = page_of(a), pb = page_of(b);
	char perms[5];

	/* two images, two pages of one pack: each read and execute, never write */
	ck_assert_uint_ne(pa, pb);
	ck_assert_msg(pa > pb ? pa - pb < (2UL << 20) : pb - pa < (2UL << 20),
		      "%#lx and %#lx: not in one pack", pa, pb);
	ck_assert(maps_perms((void *)pa, perms));
	ck_assert_str_eq(perms, "r-xp");
	ck_assert(maps_perms((void *)pb, perms));
	ck_assert_str_eq(perms, "r-xp");
	ck_assert_uint_eq(bpf_prog_run64(a, NULL), 42);
	/* freed, a page is writable again, and not executable */
	bpf_prog_free(a);
	ck_assert(maps_perms((void *)pa, perms));
	ck_assert_str_eq(perms, "rw-p");
	ck_assert(maps_perms((void *)pb, perms));
	ck_assert_str_eq(perms, "r-xp");
	ck_assert_uint_eq(bpf_prog_run64(b, NULL), 42);
	/* and the next image takes the page back */
	a = small_prog();
	ck_assert_uint_eq(page_of(a), pa);
	bpf_prog_free(a);
	bpf_prog_free(b);
}
END_TEST

/* A program too big for a pack takes a mapping of its own, as v5.8's do. */
START_TEST(opt_pack_big)
{
	static struct bpf_insn insns[200000];
	u32 n = 0;
	struct bpf_prog *fp;
	char perms[5];

	insns[n++] = BPF_LDX_MEM(BPF_DW, R0, R1, 0);
	while (n < ARRAY_SIZE(insns) - 1)	/* xor rax, imm32: 6 bytes each */
		insns[n++] = BPF_ALU64_IMM(BPF_XOR, R0, 0x01020304 + n);
	insns[n++] = BPF_EXIT_INSN();
	fp = opt_compile(insns, n, 0, BPF_JIT_OPT_ALL);
	ck_assert(fp->jited);
	ck_assert_uint_gt(fp->jited_len, 1UL << 20);
	ck_assert(maps_perms(fp->bpf_func, perms));
	ck_assert_str_eq(perms, "r-xp");
	bpf_prog_free(fp);
}
END_TEST

void opt_pack_tests(Suite *s)
{
	TCase *tc = tcase_create("opt_pack");

	ADD(tc, opt_pack_wx);
	ADD(tc, opt_pack_big);
	suite_add_tcase(s, tc);
}
