// SPDX-License-Identifier: GPL-2.0
/* Grading tests for exercise 06/02: emit_3vex() and emit_shiftx(). */
#include <cpuid.h>
#include <string.h>
#include <sys/mman.h>

#include "linux/bpf.h"
#include "bpf_jit_comp.h"
#include "testutil.h"
#include "x86_disasm.h"

void emit_3vex(u8 **pprog, bool r, bool x, bool b, u8 m,
	       bool w, u8 src_reg2, bool l, u8 pp);
void emit_shiftx(u8 **pprog, u32 dst_reg, u8 src_reg, bool is64, u8 op);

#define SHLX 1
#define SARX 2
#define SHRX 3

static void check_shiftx(u32 dst, u8 src, bool is64, u8 op, const u8 *want, int len)
{
	u8 buf[32], *prog = buf;
	char text[256] = "";
	FILE *f;

	emit_shiftx(&prog, dst, src, is64, op);
	f = fmemopen(text, sizeof(text), "w");
	x86_print_code(f, buf, prog - buf, 0);
	fclose(f);
	ck_assert_msg(prog - buf == len && !memcmp(buf, want, len),
		      "emit_shiftx(r%u, r%u, %s, %u): wrote %d bytes:\n%s",
		      dst, src, is64 ? "64" : "32", op, (int)(prog - buf), text);
}

START_TEST(vex_prefix)
{
	u8 buf[8], *prog = buf;

	/* no extended register, map 0f38, W=1, vvvv = rsi, pp = 66 */
	emit_3vex(&prog, false, false, false, 2, true, BPF_REG_2, false, 1);
	ck_assert_int_eq(prog - buf, 3);
	ck_assert_mem_eq(buf, ((const u8[]){ 0xc4, 0xe2, 0xc9 }), 3);
}
END_TEST

START_TEST(shlx_64)
{
	/* shlx rdi, rdi, rsi */
	check_shiftx(BPF_REG_1, BPF_REG_2, true, SHLX,
		     (const u8[]){ 0xc4, 0xe2, 0xc9, 0xf7, 0xff }, 5);
}
END_TEST

START_TEST(sarx_32_extended)
{
	/* sarx r13d, r13d, r14d: dst needs R and B, src the 4th vvvv bit */
	check_shiftx(BPF_REG_7, BPF_REG_8, false, SARX,
		     (const u8[]){ 0xc4, 0x42, 0x0a, 0xf7, 0xed }, 5);
}
END_TEST

START_TEST(shrx_64_src_extended)
{
	/* shrx rax, rax, r8 */
	check_shiftx(BPF_REG_0, BPF_REG_5, true, SHRX,
		     (const u8[]){ 0xc4, 0xe2, 0xbb, 0xf7, 0xc0 }, 5);
}
END_TEST

static bool has_bmi2(void)
{
	unsigned int a, b, c, d;

	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 8));
}

/* mov rax, rdi; <shiftx rax, rax, rsi>; ret: called as f(value, count) */
START_TEST(shiftx_runs)
{
	static const struct { u8 op; bool is64; u64 x, n, want; } runs[] = {
		{ SHLX, true, 1, 63, 1ULL << 63 },
		{ SHLX, true, 1, 65, 2 },			/* count mod 64 */
		{ SHRX, true, 0x8000000000000000ULL, 4, 0x0800000000000000ULL },
		{ SARX, true, 0x8000000000000000ULL, 4, 0xf800000000000000ULL },
		{ SARX, false, 0xffffffff80000000ULL, 4, 0xf8000000ULL },	/* 32-bit: zero-extended */
		{ SHLX, false, 3, 33, 6 },			/* count mod 32 */
	};

	if (!has_bmi2())
		return;		/* this CPU cannot run them; the bytes are checked above */
	for (size_t i = 0; i < ARRAY_SIZE(runs); i++) {
		u8 *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		u8 *prog = code;
		u64 (*f)(u64, u64);
		u64 got;

		ck_assert(code != MAP_FAILED);
		EMIT3(0x48, 0x89, 0xf8);		/* mov rax, rdi */
		emit_shiftx(&prog, BPF_REG_0, BPF_REG_2, runs[i].is64, runs[i].op);
		EMIT1(0xc3);				/* ret */
		ck_assert_int_eq(mprotect(code, 4096, PROT_READ | PROT_EXEC), 0);
		f = (u64 (*)(u64, u64))(uintptr_t)code;
		got = f(runs[i].x, runs[i].n);
		munmap(code, 4096);
		ck_assert_msg(got == runs[i].want, "run %zu: %#llx, expected %#llx", i,
			      (unsigned long long)got, (unsigned long long)runs[i].want);
	}
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("06/02 shiftx");
	TCase *tc = tcase_create("emit_shiftx");

	ADD(tc, vex_prefix);
	ADD(tc, shlx_64);
	ADD(tc, sarx_32_extended);
	ADD(tc, shrx_64_src_extended);
	ADD(tc, shiftx_runs);
	suite_add_tcase(s, tc);
	return s;
}
