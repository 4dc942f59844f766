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

/* A helper for the call below: r1 + 1. */
static u64 helper_inc(u64 a)
{
	return a + 1;
}

/*
 * The passes a program takes: one (the draft is the image) without jumps
 * or calls; two with a call, whose rel32 needs the image's address; the
 * v5.8 three without the step. The bytes are the same whichever way.
 */
START_TEST(opt_pack_passes)
{
	s64 imm = (s64)((uintptr_t)helper_inc - (uintptr_t)__bpf_call_base);
	static const struct bpf_insn plain[] = {
		BPF_LDX_MEM(BPF_DW, R0, R1, 0), BPF_ALU64_IMM(BPF_MUL, R0, 10),
		BPF_ALU64_IMM(BPF_ADD, R0, 3), BPF_EXIT_INSN(),
	};
	const struct bpf_insn call[] = {
		BPF_LDX_MEM(BPF_DW, R1, R1, 0), BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, (s32)imm),
		BPF_ALU64_IMM(BPF_MUL, R0, 10), BPF_EXIT_INSN(),
	};
	const struct {
		const struct bpf_insn *insns;
		u32 len, passes;
		u64 r0;
	} rows[] = {
		{ plain, ARRAY_SIZE(plain), 1, 10 * 5 + 3 },
		{ call, ARRAY_SIZE(call), 2, (5 + 1) * 10 },
	};
	u64 ctx[1] = { 5 };

	for (size_t k = 0; k < ARRAY_SIZE(rows); k++) {
		struct bpf_prog *fp = opt_compile(rows[k].insns, rows[k].len, 0, BPF_JIT_OPT_ALL);
		struct bpf_prog *v = opt_compile(rows[k].insns, rows[k].len, 0,
						 BPF_JIT_OPT_ALL & ~BPF_JIT_OPT_PACK);
		const struct bpf_jit_trace *t = fp->aux->jit_trace;

		ck_assert(fp->jited && v->jited);
		ck_assert_uint_eq(t->passes, rows[k].passes);
		ck_assert(t->image[t->passes - 1]);
		ck_assert_uint_eq(v->aux->jit_trace->passes, 3);
		ck_assert_uint_eq(fp->jited_len, v->jited_len);
		/* (the call's rel32 differs: the images are at different places) */
		if (k == 0)
			ck_assert_mem_eq(fp->bpf_func, v->bpf_func, fp->jited_len);
		ck_assert_uint_eq(bpf_prog_run64(fp, ctx), rows[k].r0);
		ck_assert_uint_eq(bpf_prog_run64(v, ctx), rows[k].r0);
		bpf_prog_free(fp);
		bpf_prog_free(v);
	}
}
END_TEST

void opt_pack_tests(Suite *s)
{
	TCase *tc = tcase_create("opt_pack");

	ADD(tc, opt_pack_wx);
	ADD(tc, opt_pack_big);
	ADD(tc, opt_pack_passes);
	suite_add_tcase(s, tc);
}
