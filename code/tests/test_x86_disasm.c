// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the x86-64 decoder (code/lib/x86_disasm.c). Checks offsets,
 * lengths and bytes, which any Capstone must agree on; text only for a few
 * instructions whose spelling never varies (push, pop, ret, leave).
 */
#include <stdlib.h>
#include <string.h>

#include "x86_disasm.h"
#include "ground_tests.h"

/* The article's JIT image: v5.8's do_jit() for the six-instruction program,
 * with the instruction boundaries of its prologue, body and epilogue.
 */
static const u8 article_image[] = {
	0x66, 0x66, 0x66, 0x66, 0x90,			/* nop (5-byte)	*/
	0x55,						/* push rbp	*/
	0x48, 0x89, 0xe5,				/* mov rbp, rsp	*/
	0x48, 0x81, 0xec, 0x08, 0x00, 0x00, 0x00,	/* sub rsp, 8	*/
	0x53,						/* push rbx	*/
	0x41, 0x55,					/* push r13	*/
	0x41, 0x56,					/* push r14	*/
	0x41, 0x57,					/* push r15	*/
	0x6a, 0x00,					/* push 0	*/
	0xbf, 0x31, 0x02, 0x00, 0x00,			/* mov edi, 0x231 */
	0x48, 0x89, 0x7d, 0xf8,				/* mov [rbp-8], rdi */
	0x48, 0x8b, 0x7d, 0xf8,				/* mov rdi, [rbp-8] */
	0x48, 0x81, 0xc7, 0x56, 0x04, 0x00, 0x00,	/* add rdi, 0x456 */
	0x48, 0x89, 0xf8,				/* mov rax, rdi	*/
	0x5b,						/* pop rbx	*/
	0x41, 0x5f,					/* pop r15	*/
	0x41, 0x5e,					/* pop r14	*/
	0x41, 0x5d,					/* pop r13	*/
	0x5b,						/* pop rbx	*/
	0xc9,						/* leave	*/
	0xc3,						/* ret		*/
};

static const struct {
	u32		offset;
	u8		len;
	const char	*mnemonic;	/* NULL: spelling may vary */
	const char	*op_str;
} article_insns[] = {
	{ 0x00, 5, NULL, NULL },
	{ 0x05, 1, "push", "rbp" },
	{ 0x06, 3, "mov", "rbp, rsp" },
	{ 0x09, 7, "sub", NULL },
	{ 0x10, 1, "push", "rbx" },
	{ 0x11, 2, "push", "r13" },
	{ 0x13, 2, "push", "r14" },
	{ 0x15, 2, "push", "r15" },
	{ 0x17, 2, "push", NULL },
	{ 0x19, 5, "mov", NULL },
	{ 0x1e, 4, "mov", NULL },
	{ 0x22, 4, "mov", NULL },
	{ 0x26, 7, "add", NULL },
	{ 0x2d, 3, "mov", "rax, rdi" },
	{ 0x30, 1, "pop", "rbx" },
	{ 0x31, 2, "pop", "r15" },
	{ 0x33, 2, "pop", "r14" },
	{ 0x35, 2, "pop", "r13" },
	{ 0x37, 1, "pop", "rbx" },
	{ 0x38, 1, "leave", "" },
	{ 0x39, 1, "ret", "" },
};

START_TEST(x86_disasm_article_image)
{
	struct x86_disasm d;
	struct x86_disasm_insn insn;
	size_t n = 0;
	const u64 base = 0xffffffffc0001000ULL;

	ck_assert_uint_eq(sizeof(article_image), 58);
	ck_assert_int_eq(x86_disasm_open(&d, article_image, sizeof(article_image), base), 0);
	while (x86_disasm_next(&d, &insn)) {
		ck_assert_msg(n < ARRAY_SIZE(article_insns),
			      "more instructions than the %zu expected", ARRAY_SIZE(article_insns));
		ck_assert_msg(insn.offset == article_insns[n].offset &&
			      insn.len == article_insns[n].len && !insn.bad,
			      "insn %zu: expected offset 0x%x len %u, got 0x%x len %u%s (%s %s)",
			      n, article_insns[n].offset, article_insns[n].len,
			      insn.offset, insn.len, insn.bad ? " bad" : "",
			      insn.mnemonic, insn.op_str);
		ck_assert_uint_eq(insn.address, base + insn.offset);
		ck_assert_mem_eq(insn.bytes, article_image + insn.offset, insn.len);
		if (article_insns[n].mnemonic)
			ck_assert_str_eq(insn.mnemonic, article_insns[n].mnemonic);
		if (article_insns[n].op_str)
			ck_assert_str_eq(insn.op_str, article_insns[n].op_str);
		n++;
	}
	ck_assert_uint_eq(n, ARRAY_SIZE(article_insns));
	/* The end stays the end. */
	ck_assert(!x86_disasm_next(&d, &insn));
	x86_disasm_close(&d);
}
END_TEST

START_TEST(x86_disasm_bad_bytes_advance_one)
{
	/* 0x06 (push es) does not exist in 64-bit mode; a lone 0x48 REX
	 * prefix at the end has nothing to prefix. Both come back as one bad
	 * byte, and the walk goes on to the ret between them.
	 */
	static const u8 code[] = { 0x06, 0xc3, 0x48 };
	struct x86_disasm d;
	struct x86_disasm_insn insn;

	ck_assert_int_eq(x86_disasm_open(&d, code, sizeof(code), 0), 0);
	ck_assert(x86_disasm_next(&d, &insn));
	ck_assert_msg(insn.bad && insn.len == 1 && insn.bytes[0] == 0x06,
		      "0x06: expected bad/1, got %s len %u", insn.mnemonic, insn.len);
	ck_assert_str_eq(insn.mnemonic, "(bad)");
	ck_assert(x86_disasm_next(&d, &insn));
	ck_assert(!insn.bad && insn.offset == 1 && insn.len == 1);
	ck_assert_str_eq(insn.mnemonic, "ret");
	ck_assert(x86_disasm_next(&d, &insn));
	ck_assert_msg(insn.bad && insn.offset == 2 && insn.len == 1,
		      "lone REX: expected bad at 2, got %s at %u len %u",
		      insn.mnemonic, insn.offset, insn.len);
	ck_assert(!x86_disasm_next(&d, &insn));
	x86_disasm_close(&d);
}
END_TEST

START_TEST(x86_disasm_cut_instruction)
{
	/* sub rsp, imm32 cut after 4 of its 7 bytes: never read past the end. */
	u8 *code = guarded_alloc(4, 0);
	struct x86_disasm d;
	struct x86_disasm_insn insn;
	int n = 0;

	memcpy(code, article_image + 9, 4);
	ck_assert_int_eq(x86_disasm_open(&d, code, 4, 0), 0);
	while (x86_disasm_next(&d, &insn)) {
		ck_assert(insn.offset + insn.len <= 4);
		n++;
	}
	ck_assert_int_ge(n, 1);
	x86_disasm_close(&d);
	guarded_free(code, 4);

	/* Nothing at all: no instruction. */
	ck_assert_int_eq(x86_disasm_open(&d, NULL, 0, 0), 0);
	ck_assert(!x86_disasm_next(&d, &insn));
	x86_disasm_close(&d);
}
END_TEST

START_TEST(x86_print_code_layout)
{
	static const u8 code[] = { 0x55, 0x48, 0x89, 0xe5, 0xc9, 0xc3 };
	char *text = NULL, *line;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	int lines = 0;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(x86_print_code(f, code, sizeof(code), 0), 0);
	ck_assert_int_eq(fclose(f), 0);
	/* Offset in hex, then the bytes, then the text. */
	ck_assert_msg(!strncmp(text, "     0: 55 ", 11), "got:\n%s", text);
	ck_assert_ptr_nonnull(strstr(text, "\n     1: 48 89 e5 "));
	ck_assert_ptr_nonnull(strstr(text, "\n     4: c9 "));
	line = strstr(text, "\n     5: c3 ");
	ck_assert_ptr_nonnull(line);
	ck_assert_msg(strstr(line, " ret\n") != NULL, "last line: %s", line);
	for (char *p = text; *p; p++)
		lines += *p == '\n';
	ck_assert_int_eq(lines, 4);
	free(text);
}
END_TEST

void add_x86_disasm_tests(Suite *s)
{
	TCase *tc = tcase_create("x86_disasm");

	ADD(tc, x86_disasm_article_image);
	ADD(tc, x86_disasm_bad_bytes_advance_one);
	ADD(tc, x86_disasm_cut_instruction);
	ADD(tc, x86_print_code_layout);
	suite_add_tcase(s, tc);
}
