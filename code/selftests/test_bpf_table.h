/* SPDX-License-Identifier: GPL-2.0 */
/* The eBPF tests of the kernel's lib/test_bpf.c as plain data (test_bpf_table.c -> test_bpf.c). */
#ifndef _SELFTESTS_TEST_BPF_TABLE_H
#define _SELFTESTS_TEST_BPF_TABLE_H

#define TEST_BPF_SUBTESTS	3	/* lib/test_bpf.c: MAX_SUBTESTS */
#define TEST_BPF_DATA		128	/* lib/test_bpf.c: MAX_DATA */

enum test_bpf_kind {
	TEST_BPF_CLASSIC,	/* cBPF: needs bpf_prog_create(), not built here */
	TEST_BPF_INTERNAL,	/* eBPF, run as lib/test_bpf.c runs it */
};

/* How a test's R1 is made (lib/test_bpf.c: generate_test_data()). */
enum test_bpf_ctx {
	TEST_BPF_CTX_SKB,	/* an skb holding data[0..data_size) */
	TEST_BPF_CTX_NONE,	/* FLAG_NO_DATA: R1 = NULL */
	TEST_BPF_CTX_MEM,	/* FLAG_LARGE_MEM: data_size bytes of memory */
};

struct test_bpf {
	const char *descr;
	enum test_bpf_kind kind;
	enum test_bpf_ctx ctx;
	int fill_err;			/* the fill helper's error, or 0 */
	const void *insns;		/* struct bpf_insn[len] (eBPF only) */
	unsigned int len;
	const unsigned char *data;	/* TEST_BPF_DATA bytes */
	struct { int data_size; unsigned int result; } sub[TEST_BPF_SUBTESTS];
	int stack_depth;
	int verifier_zext;		/* FLAG_VERIFIER_ZEXT */
	int nr_testruns;
};

unsigned int test_bpf_count(void);
/* Fills the test's program on first use (its fill helper), then describes it. */
void test_bpf_get(unsigned int i, struct test_bpf *out);

#endif
