// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 02 tests, the tag: bpf_prog_calc_tag() with SHA-1 (v5.8) and
 * SHA-256 (6.18). The expected tags are the first 8 bytes of `sha1sum` and
 * `sha256sum` of the bytes described in each row (with map fds zeroed),
 * computed outside this project.
 */
#include <stdio.h>

#include "tests.h"

#define MAX_INSNS 8

struct tag_case {
	const char *descr;
	struct bpf_insn insns[MAX_INSNS];
	u32 len;
	const char *sha1;	/* hex of the 8-byte tag */
	const char *sha256;
};

static const struct tag_case tag_cases[] = {
	{ "the article's program", { ARTICLE_INSNS }, 6,
	  "5380c2e077cefa60", "f35995ddfb2fc85f" },
	{ "exit alone", { BPF_EXIT_INSN() }, 1,
	  "2046176fc1f44c75", "e1425229c865ac8b" },
	{ "r0 = 0; exit", { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() }, 2,
	  "a04f5eef06a7f555", "59f4a931744dcdc6" },
	{ "map fd 5 in ld_imm64: both imms zeroed",
	  { BPF_LD_MAP_FD(BPF_REG_1, 5), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() }, 4,
	  "2c24d7c519a868e3", "0bd0168676c7c779" },
	{ "map fd 1234 with upper half 7: same tag as fd 5",
	  { BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_FD, 0x7000004d2ULL),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() }, 4,
	  "2c24d7c519a868e3", "0bd0168676c7c779" },
	{ "map value fd 9, offset 16: zeroed like a map fd",
	  { BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_VALUE, 0x1000000009ULL),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() }, 4,
	  /* src_reg 2 differs from the fd case: a different tag */
	  "e76de9ef2eb663cb", "28813e616f1f93d1" },
	{ "plain ld_imm64 (src_reg 0): the constant stays in the hash",
	  { BPF_LD_IMM64(BPF_REG_1, 0x700000005ULL), BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() }, 4,
	  "f195fcf4ca4e48fd", "bca51a913319f911" },
	{ "malformed second half (dst_reg 1): its imm stays",
	  { BPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, 1, 1, 0, 3),
	    BPF_RAW_INSN(0, 1, 0, 0, 9), BPF_EXIT_INSN() }, 3,
	  "5d397d803d59429b", "48f87ba874b3e293" },
	{ "two first halves in a row: only the first is zeroed",
	  { BPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, 1, 1, 0, 8),
	    BPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, 2, 1, 0, 4),
	    BPF_RAW_INSN(0, 0, 0, 0, 6), BPF_EXIT_INSN() }, 4,
	  "e2ddf229418f9ba6", "c194e3c9f427f2bd" },
};

static void tag_hex(const u8 *tag, char *out)
{
	for (int i = 0; i < BPF_TAG_SIZE; i++)
		sprintf(out + 2 * i, "%02x", tag[i]);
}

static void check_tag_case(const struct tag_case *c, int hash, const char *want)
{
	struct bpf_prog *fp = bpf_prog_alloc(bpf_prog_size(c->len), 0);
	struct bpf_insn before[MAX_INSNS];
	char got[2 * BPF_TAG_SIZE + 1];

	fp->len = c->len;
	memcpy(fp->insnsi, c->insns, c->len * sizeof(struct bpf_insn));
	memcpy(before, fp->insnsi, sizeof(before[0]) * c->len);
	bpf_prog_tag_hash = hash;
	ck_assert_int_eq(bpf_prog_calc_tag(fp), 0);
	tag_hex(fp->tag, got);
	ck_assert_msg(strcmp(got, want) == 0, "%s, %s: expected %s, got %s", c->descr,
		      hash == BPF_PROG_TAG_SHA1 ? "SHA-1" : "SHA-256", want, got);
	/* The fds are zeroed in a copy: the program itself is untouched. */
	ck_assert_msg(memcmp(before, fp->insnsi, sizeof(before[0]) * c->len) == 0,
		      "%s: bpf_prog_calc_tag() changed the instructions", c->descr);
	__bpf_prog_free(fp);
}

START_TEST(bpf_prog_calc_tag_sha1)
{
	check_tag_case(&tag_cases[_i], BPF_PROG_TAG_SHA1, tag_cases[_i].sha1);
	reset_knobs();
}
END_TEST

START_TEST(bpf_prog_calc_tag_sha256)
{
	check_tag_case(&tag_cases[_i], BPF_PROG_TAG_SHA256, tag_cases[_i].sha256);
	reset_knobs();
}
END_TEST

START_TEST(bpf_prog_calc_tag_bad_knob)
{
	int knobs[] = { -1, 2, 256 };
	struct bpf_prog *fp = bpf_prog_alloc(bpf_prog_size(1), 0);

	fp->len = 1;
	fp->insnsi[0] = BPF_EXIT_INSN();
	for (size_t i = 0; i < ARRAY_SIZE(knobs); i++) {
		bpf_prog_tag_hash = knobs[i];
		ck_assert_msg(bpf_prog_calc_tag(fp) == -EINVAL, "knob %d", knobs[i]);
		ck_assert_ptr_null(memchr_inv(fp->tag, 0, BPF_TAG_SIZE));
	}
	__bpf_prog_free(fp);
	reset_knobs();
}
END_TEST

START_TEST(bpf_prog_calc_tag_through_load)
{
	/* The load path computes it (in bpf_check), over the user's insns. */
	static const struct { int hash; const char *want; } t[] = {
		{ BPF_PROG_TAG_SHA1, "5380c2e077cefa60" },
		{ BPF_PROG_TAG_SHA256, "f35995ddfb2fc85f" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		union bpf_attr attr;
		char got[2 * BPF_TAG_SIZE + 1];
		int fd;

		reset_knobs();
		bpf_prog_tag_hash = t[i].hash;
		article_attr(&attr);
		fd = load(&attr);
		ck_assert_msg(fd >= 0, "load: %d", fd);
		tag_hex(prog_of(fd)->tag, got);
		ck_assert_msg(strcmp(got, t[i].want) == 0, "hash %d: expected %s, got %s",
			      t[i].hash, t[i].want, got);
		ck_assert_int_eq(close_fd(fd), 0);
	}
	reset_knobs();
}
END_TEST

void add_tag_tests(Suite *s)
{
	TCase *tc = tcase_create("bpf_prog_calc_tag");

	tcase_add_loop_test(tc, bpf_prog_calc_tag_sha1, 0, ARRAY_SIZE(tag_cases));
	tcase_add_loop_test(tc, bpf_prog_calc_tag_sha256, 0, ARRAY_SIZE(tag_cases));
	ADD(tc, bpf_prog_calc_tag_bad_knob);
	ADD(tc, bpf_prog_calc_tag_through_load);
	suite_add_tcase(s, tc);
}
