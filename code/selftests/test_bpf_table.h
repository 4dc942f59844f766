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

/*
 * A test of lib/test_bpf.c's tail_call_tests[], as the table has it: its
 * tail calls and calls still to be placed (test_bpf.c does that, as the
 * module's prepare_tail_call_tests() does). R1 is NULL, or with need_state
 * a pointer to a u32 the programs count their runs in, which is then the
 * result (result_in_state) instead of R0.
 */
struct test_bpf_tail_call {
	const char *descr;
	const void *insns;		/* struct bpf_insn[len] */
	unsigned int len;
	int need_state, result_in_state;
	int result;
	int stack_depth;
};

/* The kernel functions the table calls, by the helper ids it names them with. */
enum {
	TEST_BPF_FN_NUMA_NODE_ID,	/* BPF_FUNC_get_numa_node_id: numa_node_id() */
	TEST_BPF_FN_KTIME,		/* ktime_get_ns() */
	TEST_BPF_FN_KTIME_BOOT,		/* ktime_get_boot_fast_ns() */
	TEST_BPF_FN_KTIME_COARSE,	/* ktime_get_coarse_ns() */
	TEST_BPF_FN_JIFFIES64,		/* get_jiffies_64() */
	TEST_BPF_FN_TEST_FUNC,		/* BPF_FUNC_test_func: bpf_test_func() */
	TEST_BPF_NR_FNS,
};

/* The table's markers: what the tail calls' ld_imm64 and mov carry. */
struct test_bpf_tail_call_markers {
	int marker;			/* TAIL_CALL_MARKER: in imm, to be replaced */
	int null_target;		/* TAIL_CALL_NULL: in off, "the empty slot" */
	int invalid_index;		/* TAIL_CALL_INVALID: in off, "past the end" */
	int fn_id[TEST_BPF_NR_FNS];	/* the ids (6.1's uapi) of the calls */
	void *test_func;		/* bpf_test_func(), which clobbers registers */
};

unsigned int test_bpf_tail_call_count(void);
void test_bpf_tail_call_get(unsigned int i, struct test_bpf_tail_call *out);
void test_bpf_tail_call_markers(struct test_bpf_tail_call_markers *out);
#define TEST_BPF_TESTRUNS	1000	/* lib/test_bpf.c: MAX_TESTRUNS */

unsigned int test_bpf_count(void);
/* Fills the test's program on first use (its fill helper), then describes it. */
void test_bpf_get(unsigned int i, struct test_bpf *out);

#endif
