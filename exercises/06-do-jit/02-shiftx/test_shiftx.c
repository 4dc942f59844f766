// SPDX-License-Identifier: GPL-2.0
/*
 * Grading tests for exercise 06/02: emit_3vex() and emit_shiftx(), first as
 * bytes, then run, then through chapter 06's JIT with bpf_jit_bmi2 on. The
 * runs need a CPU with BMI2: without it they SKIP, saying so.
 */
#include <string.h>
#include <sys/mman.h>

#include "linux/bpf.h"
#include "linux/bpf_interp.h"
#include "linux/bpf_jit.h"
#include "bpf_jit_comp.h"
#include "testutil.h"
#include "test_util.h"
#include "x86_disasm.h"

void emit_3vex(u8 **pprog, bool r, bool x, bool b, u8 m,
	       bool w, u8 src_reg2, bool l, u8 pp);
void emit_shiftx(u8 **pprog, u32 dst_reg, u8 src_reg, bool is64, u8 op);

#define SHLX 1
#define SARX 2
#define SHRX 3

#define NO_BMI2	"this CPU has no BMI2 (CPUID leaf 7, EBX bit 8), or CLEARCPUID=bmi2 hides it"

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

	if (!boot_cpu_has(X86_FEATURE_BMI2))
		ck_skip(NO_BMI2);
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

/*
 * Through the JIT: bpf_jit_bmi2 on, a program per shift. Each must hold the
 * five BMI2 bytes in place of the v5.8 sequence through cl, and return what
 * the interpreter returns. dst = R4 (rcx) needs no r11 any more; a count in
 * R4 keeps the v5.8 form (the kernel's choice: cl is where it already is).
 */
static const struct {
	const char *descr;
	u8 code;		/* BPF_ALU64 or BPF_ALU, | op | BPF_X */
	u8 dst, src;
	s32 x, n;
	const char *bytes;	/* the shift's machine code */
} jit_rows[] = {
	{ "r1 <<= r2: shlx rdi, rdi, rsi", BPF_ALU64 | BPF_LSH | BPF_X, BPF_REG_1, BPF_REG_2, 3, 61,
	  "\xc4\xe2\xc9\xf7\xff" },
	{ "r4 >>= r2: shrx rcx, rcx, rsi (no r11)", BPF_ALU64 | BPF_RSH | BPF_X, BPF_REG_4, BPF_REG_2, -64, 3,
	  "\xc4\xe2\xcb\xf7\xc9" },
	{ "w7 s>>= w8: sarx r13d, r13d, r14d", BPF_ALU | BPF_ARSH | BPF_X, BPF_REG_7, BPF_REG_8, -256, 4,
	  "\xc4\x42\x0a\xf7\xed" },
	{ "r0 s>>= r5: sarx rax, rax, r8", BPF_ALU64 | BPF_ARSH | BPF_X, BPF_REG_0, BPF_REG_5, -4096, 65,
	  "\xc4\xe2\xba\xf7\xc0" },
	{ "r1 >>= r4: the count is in cl already: shr rdi, cl", BPF_ALU64 | BPF_RSH | BPF_X, BPF_REG_1, BPF_REG_4,
	  4096, 3, "\x48\xd3\xef" },
};

static u64 run_row(size_t i, bool jit, struct bpf_prog **out)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(jit_rows[i].dst, jit_rows[i].x),
		BPF_MOV64_IMM(jit_rows[i].src, jit_rows[i].n),
		BPF_RAW_INSN(jit_rows[i].code, jit_rows[i].dst, jit_rows[i].src, 0, 0),
		BPF_MOV64_REG(BPF_REG_0, jit_rows[i].dst),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog *fp;

	fp = jit_test_compile(jit_test_prog(insns, ARRAY_SIZE(insns), 0, jit));
	ck_assert_msg(fp->jited == jit, "%s: jited %d", jit_rows[i].descr, fp->jited);
	*out = fp;
	return bpf_prog_run64(fp, NULL);
}

START_TEST(jit_emits_shiftx)
{
	if (!boot_cpu_has(X86_FEATURE_BMI2))
		ck_skip(NO_BMI2);
	for (size_t i = 0; i < ARRAY_SIZE(jit_rows); i++) {
		size_t n = strlen(jit_rows[i].bytes);
		struct bpf_prog *interp, *fp;
		u64 want, got;
		bool found;

		want = run_row(i, false, &interp);
		bpf_prog_free(interp);

		bpf_jit_bmi2 = true;
		got = run_row(i, true, &fp);
		bpf_jit_bmi2 = false;
		found = memmem(fp->bpf_func, fp->jited_len, jit_rows[i].bytes, n) != NULL;
		if (!found)
			bpf_jit_disasm_prog(stdout, fp);
		bpf_prog_free(fp);
		ck_assert_msg(found, "%s: the image above lacks the shift's bytes", jit_rows[i].descr);
		ck_assert_msg(got == want, "%s: JIT r0 %#llx, the interpreter's %#llx", jit_rows[i].descr,
			      (unsigned long long)got, (unsigned long long)want);
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

	tc = tcase_create("do_jit");
	ADD(tc, jit_emits_shiftx);
	suite_add_tcase(s, tc);
	return s;
}
