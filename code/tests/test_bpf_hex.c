// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the program readers (code/lib/bpf_hex.c): hex text in each
 * accepted form, each mistake with its position, and raw files.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf_hex.h"
#include "linux/filter.h"
#include "ground_tests.h"

/* r1 = 561; r0 = r1; exit */
static const struct bpf_insn prog3[] = {
	BPF_MOV64_IMM(BPF_REG_1, 561),
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),
	BPF_EXIT_INSN(),
};

START_TEST(bpf_hex_parse_forms)
{
	static const char *const forms[] = {
		"b7 01 00 00 31 02 00 00 bf 10 00 00 00 00 00 00 95 00 00 00 00 00 00 00",
		"b7  01  00  00  31  02  00  00  bf  10  00  00  00  00  00  00  "
		"95  00  00  00  00  00  00  00  \n",
		"B7 01 00 00 31 02 00 00\nBF 10 00 00 00 00 00 00\r\n95 00 00 00 00 00 00 00\n",
		"b701000031020000bf1000000000000095000000000000 00",
		"b7,01,00,00,31,02,00,00, bf,10,00,00,00,00,00,00,\t95,00,00,00,00,00,00,00",
		"# r1 = 561\nb7 01 00 00 31 02 00 00 # mov\n"
		"bf 10 00 00 00 00 00 00\n95 00 00 00 00 00 00 00 # exit",
	};

	for (size_t i = 0; i < ARRAY_SIZE(forms); i++) {
		struct bpf_insn *insns;
		char err[128] = "";
		u32 cnt;
		int ret = bpf_hex_parse(forms[i], &insns, &cnt, err, sizeof(err));

		ck_assert_msg(ret == 0, "form %zu: %d (%s)", i, ret, err);
		ck_assert_msg(cnt == 3, "form %zu: %u insns, expected 3", i, cnt);
		ck_assert_msg(!memcmp(insns, prog3, sizeof(prog3)),
			      "form %zu: bytes differ from the program", i);
		free(insns);
	}
}
END_TEST

START_TEST(bpf_hex_parse_errors)
{
	static const struct {
		const char *text;
		const char *msg;
	} rows[] = {
		{ "b7 0g 00",		"line 1, column 5: 'g' is not a hex digit" },
		{ "b7 01\n00 x0",	"line 2, column 4: 'x' is not a hex digit" },
		{ "0xb7",		"line 1, column 2: 'x' is not a hex digit" },
		{ "b7 1 00",		"line 1, column 4: odd number of hex digits in '1'" },
		{ "b7 001 00",		"line 1, column 4: odd number of hex digits in '001'" },
		{ "b7\n\n  abc",	"line 3, column 3: odd number of hex digits in 'abc'" },
		{ "b7 0\x01",		"line 1, column 5: byte 0x01 is not a hex digit" },
		{ "b7 01 00 00 31 02 00",
		  "7 bytes is not a whole number of 8-byte instructions (7 left over)" },
		{ "b7 01 00 00 31 02 00 00 95",
		  "9 bytes is not a whole number of 8-byte instructions (1 left over)" },
		{ "",			"no instructions" },
		{ "  # only a comment\n", "no instructions" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct bpf_insn *insns = (void *)1;
		char err[128] = "";
		u32 cnt = 99;
		int ret = bpf_hex_parse(rows[i].text, &insns, &cnt, err, sizeof(err));

		ck_assert_msg(ret == -EINVAL && !strcmp(err, rows[i].msg),
			      "row %zu: expected -EINVAL \"%s\", got %d \"%s\"",
			      i, rows[i].msg, ret, err);
		ck_assert_ptr_null(insns);
		ck_assert_uint_eq(cnt, 0);
	}
}
END_TEST

START_TEST(bpf_hex_parse_bytes_any_length)
{
	u8 *bytes;
	size_t len;
	char err[128];

	/* Input memory need not be whole instructions. */
	ck_assert_int_eq(bpf_hex_parse_bytes("00  01  ff  ", &bytes, &len, err, sizeof(err)), 0);
	ck_assert_uint_eq(len, 3);
	ck_assert_mem_eq(bytes, "\x00\x01\xff", 3);
	free(bytes);
	ck_assert_int_eq(bpf_hex_parse_bytes("", &bytes, &len, err, sizeof(err)), 0);
	ck_assert_uint_eq(len, 0);
	ck_assert_ptr_null(bytes);
	ck_assert_int_eq(bpf_hex_parse_bytes("zz", &bytes, &len, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "line 1, column 1: 'z' is not a hex digit");
	ck_assert_ptr_null(bytes);
}
END_TEST

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(bpf_raw_load_sizes)
{
	char path[] = "raw_test_XXXXXX";
	struct bpf_insn *insns;
	char err[256];
	u32 cnt;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);

	write_file(path, prog3, sizeof(prog3));
	ck_assert_msg(bpf_raw_load(path, &insns, &cnt, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(cnt, 3);
	ck_assert_mem_eq(insns, prog3, sizeof(prog3));
	free(insns);

	/* A size that is not whole instructions is named in the message. */
	write_file(path, prog3, sizeof(prog3) - 3);
	ck_assert_int_eq(bpf_raw_load(path, &insns, &cnt, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "size 21 is not a multiple of 8"), "got \"%s\"", err);
	ck_assert_ptr_null(insns);

	write_file(path, prog3, 0);
	ck_assert_int_eq(bpf_raw_load(path, &insns, &cnt, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "size 0 is not a non-zero multiple of 8"), "got \"%s\"", err);

	unlink(path);
	ck_assert_int_eq(bpf_raw_load(path, &insns, &cnt, err, sizeof(err)), -ENOENT);
	ck_assert_msg(strstr(err, path) && strstr(err, "No such file"), "got \"%s\"", err);
	ck_assert_ptr_null(insns);
	ck_assert_uint_eq(cnt, 0);

	ck_assert_int_eq(bpf_raw_load(".", &insns, &cnt, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, ".: not a regular file");
}
END_TEST

void add_bpf_hex_tests(Suite *s)
{
	TCase *tc = tcase_create("bpf_hex_parse");

	ADD(tc, bpf_hex_parse_forms);
	ADD(tc, bpf_hex_parse_errors);
	ADD(tc, bpf_hex_parse_bytes_any_length);
	ADD(tc, bpf_raw_load_sizes);
	suite_add_tcase(s, tc);
}
