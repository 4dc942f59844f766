// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 02/01: bpf_prog_calc_tag(). The expected tags are the first 8
 * bytes of `sha1sum` / `sha256sum` of each program's bytes with map fds
 * zeroed, computed outside this project.
 */
#include <stdio.h>
#include <string.h>

#include "linux/bpf.h"
#include "testutil.h"

#define MAX_INSNS 8

static const struct {
	const char *descr;
	struct bpf_insn insns[MAX_INSNS];
	u32 len;
	const char *sha1, *sha256;
} t[] = {
	{ "the article's program",
	  { BPF_MOV64_IMM(BPF_REG_1, 0x231), BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8), BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 0x456),
	    BPF_MOV64_REG(BPF_REG_0, BPF_REG_1), BPF_EXIT_INSN() }, 6,
	  "5380c2e077cefa60", "f35995ddfb2fc85f" },
	{ "r0 = 0; exit", { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() }, 2,
	  "a04f5eef06a7f555", "59f4a931744dcdc6" },
	{ "map fd 5: both halves' imm zeroed",
	  { BPF_LD_MAP_FD(BPF_REG_1, 5), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() }, 4,
	  "2c24d7c519a868e3", "0bd0168676c7c779" },
	{ "map value, fd 9 offset 16: zeroed too",
	  { BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_VALUE, 0x1000000009ULL),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() }, 4,
	  "e76de9ef2eb663cb", "28813e616f1f93d1" },
	{ "plain ld_imm64: kept",
	  { BPF_LD_IMM64(BPF_REG_1, 0x700000005ULL), BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() }, 4,
	  "f195fcf4ca4e48fd", "bca51a913319f911" },
	{ "malformed second half: its imm kept",
	  { BPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, 1, 1, 0, 3),
	    BPF_RAW_INSN(0, 1, 0, 0, 9), BPF_EXIT_INSN() }, 3,
	  "5d397d803d59429b", "48f87ba874b3e293" },
	{ "two first halves in a row",
	  { BPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, 1, 1, 0, 8),
	    BPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, 2, 1, 0, 4),
	    BPF_RAW_INSN(0, 0, 0, 0, 6), BPF_EXIT_INSN() }, 4,
	  "e2ddf229418f9ba6", "c194e3c9f427f2bd" },
};

static void check(int i, int hash)
{
	const char *want = hash == BPF_PROG_TAG_SHA1 ? t[i].sha1 : t[i].sha256;
	struct bpf_prog *fp = bpf_prog_alloc(bpf_prog_size(t[i].len), 0);
	char got[2 * BPF_TAG_SIZE + 1];
	int ret;

	fp->len = t[i].len;
	memcpy(fp->insnsi, t[i].insns, fp->len * sizeof(struct bpf_insn));
	bpf_prog_tag_hash = hash;
	ret = bpf_prog_calc_tag(fp);
	for (int b = 0; b < BPF_TAG_SIZE; b++)
		sprintf(got + 2 * b, "%02x", fp->tag[b]);
	ck_assert_msg(ret == 0, "%s: returned %d", t[i].descr, ret);
	ck_assert_msg(strcmp(got, want) == 0, "%s (%s): expected %s, got %s", t[i].descr,
		      hash == BPF_PROG_TAG_SHA1 ? "SHA-1" : "SHA-256", want, got);
	ck_assert_msg(memcmp(fp->insnsi, t[i].insns, fp->len * sizeof(struct bpf_insn)) == 0,
		      "%s: the program's instructions were changed", t[i].descr);
	__bpf_prog_free(fp);
	bpf_prog_tag_hash = BPF_PROG_TAG_SHA1;
}
START_TEST(tag_sha1) { check(_i, BPF_PROG_TAG_SHA1); }
END_TEST

START_TEST(tag_sha256) { check(_i, BPF_PROG_TAG_SHA256); }
END_TEST

START_TEST(tag_unknown_hash)
{
	struct bpf_prog *fp = bpf_prog_alloc(bpf_prog_size(1), 0);
	int knobs[] = { -1, 2, 99 };

	fp->len = 1;
	fp->insnsi[0] = BPF_EXIT_INSN();
	for (size_t k = 0; k < ARRAY_SIZE(knobs); k++) {
		bpf_prog_tag_hash = knobs[k];
		ck_assert_msg(bpf_prog_calc_tag(fp) == -EINVAL, "bpf_prog_tag_hash = %d: "
			      "expected -EINVAL", knobs[k]);
	}
	bpf_prog_tag_hash = BPF_PROG_TAG_SHA1;
	__bpf_prog_free(fp);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("exercise 02/01");
	TCase *tc = tcase_create("bpf_prog_calc_tag");

	tcase_add_loop_test(tc, tag_sha1, 0, ARRAY_SIZE(t));
	tcase_add_loop_test(tc, tag_sha256, 0, ARRAY_SIZE(t));
	ADD(tc, tag_unknown_hash);
	suite_add_tcase(s, tc);
	return s;
}
