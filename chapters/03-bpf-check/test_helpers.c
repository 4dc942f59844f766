// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 03 tests: the helpers themselves, called the way the interpreter
 * and the JIT call them (five u64 in, one u64 out), and bpf_trace_printk()'s
 * v5.8 format checks, which run at call time, on bytes the verifier only
 * proved readable.
 */
#include <stdio.h>
#include <unistd.h>

#include "linux/bpf_verifier.h"
#include "linux/random.h"
#include "tests.h"

#define U(p)	((u64)(uintptr_t)(p))

static const struct {
	const char *descr;
	const char *fmt;
	u32 size;		/* 0: strlen(fmt) + 1 */
	u64 a1, a2, a3;
	s64 result;		/* -EINVAL, or the length printed */
	const char *text;	/* what trace_pipe shows after "bpf_trace_printk: " */
} printk_cases[] = {
	{ "plain text", "hello\n", 0, 0, 0, 0, 6, "hello\n" },
	{ "%d of a negative int", "%d", 0, (u64)-5, 0, 0, 2, "-5\n" },
	{ "%u truncates to 32 bits", "%u", 0, 0x100000007ULL, 0, 0, 1, "7\n" },
	{ "%llx of 64 bits", "%llx", 0, 0x1122334455667788ULL, 0, 0, 16, "1122334455667788\n" },
	{ "%lld %lu %lx together", "%lld %lu %lx", 0, (u64)-1, 2, 255, 7, "-1 2 ff\n" },
	{ "%i is %d", "%i", 0, 42, 0, 0, 2, "42\n" },
	{ "%p", "%p", 0, 0x1000, 0, 0, 6, "0x1000\n" },
	{ "%s of a string", "<%s>", 0, U("ab"), 0, 0, 4, "<ab>\n" },
	{ "%s of an unmapped address reads as empty", "<%s>", 0, 16, 0, 0, 2, "<>\n" },
	{ "a fourth conversion", "%d %d %d %d", 0, 1, 2, 3, -EINVAL, NULL },
	{ "an unknown conversion", "%q", 0, 0, 0, 0, -EINVAL, NULL },
	{ "%c is not allowed", "%c", 0, 'a', 0, 0, -EINVAL, NULL },
	{ "%lll is not a width", "%lllx", 0, 1, 0, 0, -EINVAL, NULL },
	{ "%pK: no further extensions", "%pK", 0, 1, 0, 0, -EINVAL, NULL },
	{ "not NUL-terminated within size", "abc", 3, 0, 0, 0, -EINVAL, NULL },
	{ "a control character", "a\x01", 0, 0, 0, 0, -EINVAL, NULL },
	{ "a byte outside ASCII", "a\xc3\xa9", 0, 0, 0, 0, -EINVAL, NULL },
	{ "just the NUL", "", 0, 0, 0, 0, 0, "\n" },
};

START_TEST(bpf_trace_printk_formats)
{
	for (size_t i = 0; i < ARRAY_SIZE(printk_cases); i++) {
		const char *fmt = printk_cases[i].fmt, *text = printk_cases[i].text;
		u32 size = printk_cases[i].size ? printk_cases[i].size : strlen(fmt) + 1;
		char line[256] = "", *msg;
		FILE *pipe = tmpfile();
		s64 ret;

		ck_assert_ptr_nonnull(pipe);
		bpf_trace_pipe = pipe;
		ret = (s64)bpf_trace_printk(U(fmt), size, printk_cases[i].a1,
					    printk_cases[i].a2, printk_cases[i].a3);
		bpf_trace_pipe = NULL;
		ck_assert_msg(ret == printk_cases[i].result,
			      "\"%s\" (fmt \"%s\"): expected %lld, got %lld",
			      printk_cases[i].descr, fmt,
			      (long long)printk_cases[i].result, (long long)ret);
		rewind(pipe);
		if (!fgets(line, sizeof(line), pipe))
			line[0] = 0;
		fclose(pipe);
		if (!text) {
			ck_assert_msg(!line[0], "\"%s\": refused, yet printed \"%s\"",
				      printk_cases[i].descr, line);
			continue;
		}
		msg = strstr(line, "bpf_trace_printk: ");
		ck_assert_msg(msg && !strcmp(msg + 18, text),
			      "\"%s\": expected a trace_pipe line ending \"%s\", got \"%s\"",
			      printk_cases[i].descr, text, line);
	}
}
END_TEST

START_TEST(bpf_base_helpers)
{
	u64 t1 = bpf_ktime_get_ns(0, 0, 0, 0, 0), t2 = bpf_ktime_get_ns(0, 0, 0, 0, 0);
	u64 r1, r2;

	ck_assert_msg(t2 >= t1, "CLOCK_MONOTONIC went back: %llu then %llu",
		      (unsigned long long)t1, (unsigned long long)t2);
	ck_assert_uint_eq(bpf_get_smp_processor_id(0, 0, 0, 0, 0), 0);
	/* The random helper is get_random_u32(): a seed makes it repeat. */
	set_random_seed(42);
	r1 = bpf_get_prandom_u32(0, 0, 0, 0, 0);
	set_random_seed(42);
	r2 = bpf_get_prandom_u32(0, 0, 0, 0, 0);
	set_random_seed(0);
	ck_assert_uint_eq(r1, r2);
	ck_assert_uint_le(r1, U32_MAX);
}
END_TEST

START_TEST(bpf_func_protos)
{
	/* Which type offers which helper, and under which privilege (v5.8). */
	set_current_caps(CAP_ALL);
	ck_assert_ptr_eq(bpf_base_func_proto(BPF_FUNC_trace_printk), &bpf_trace_printk_proto);
	set_current_caps(CAP_TO_MASK(CAP_BPF));
	ck_assert_ptr_null(bpf_base_func_proto(BPF_FUNC_trace_printk));
	ck_assert_ptr_eq(bpf_base_func_proto(BPF_FUNC_ktime_get_ns), &bpf_ktime_get_ns_proto);
	ck_assert_ptr_null(bpf_base_func_proto(BPF_FUNC_map_lookup_elem));
	ck_assert_ptr_eq(bpf_tracing_func_proto(BPF_FUNC_trace_printk, NULL),
			 &bpf_trace_printk_proto);
	set_current_caps(CAP_ALL);
	ck_assert(bpf_trace_printk_proto.gpl_only);
	ck_assert(!bpf_ktime_get_ns_proto.gpl_only);
	ck_assert_int_eq(bpf_trace_printk_proto.arg1_type, ARG_PTR_TO_MEM);
	ck_assert_int_eq(bpf_trace_printk_proto.arg2_type, ARG_CONST_SIZE);
}
END_TEST

void add_helper_tests(Suite *s)
{
	TCase *tc = tcase_create("helpers");

	ADD(tc, bpf_trace_printk_formats);
	ADD(tc, bpf_base_helpers);
	ADD(tc, bpf_func_protos);
	suite_add_tcase(s, tc);
}
