// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/helpers.c (bpf_ktime_get_ns, bpf_get_prandom_u32,
 * bpf_get_smp_processor_id, bpf_base_func_proto), kernel/trace/bpf_trace.c
 * (bpf_trace_printk, bpf_tracing_func_proto) and kernel/bpf/core.c
 * (__bpf_call_base), Linux v5.8; written afresh.
 *
 * A helper is an ordinary function taking five u64 (r1..r5) and returning
 * one (r0). That is the whole calling convention between BPF and the
 * kernel: the interpreter calls it through a function pointer, and the JIT
 * emits a native `call` to it, because x86-64's argument registers are what
 * BPF's r1..r5 are mapped to.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "linux/bpf_verifier.h"
#include "linux/capability.h"
#include "linux/random.h"
#include "linux/uaccess.h"

/*
 * kernel/bpf/core.c: the address helper calls are measured from. The
 * function itself is never called by a correct program; it exists so that
 * fixup_bpf_calls() can store `helper - __bpf_call_base` in a 32-bit imm.
 */
u64 __bpf_call_base(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)r1; (void)r2; (void)r3; (void)r4; (void)r5;
	return 0;
}

/* Ours: where bpf_trace_printk() writes its trace_pipe lines (NULL: stderr). */
FILE *bpf_trace_pipe;

u64 bpf_ktime_get_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	struct timespec ts;

	(void)r1; (void)r2; (void)r3; (void)r4; (void)r5;
	/* NMI safe access to clock monotonic */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

const struct bpf_func_proto bpf_ktime_get_ns_proto = {
	.func		= bpf_ktime_get_ns,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

u64 bpf_get_prandom_u32(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)r1; (void)r2; (void)r3; (void)r4; (void)r5;
	return get_random_u32();
}

const struct bpf_func_proto bpf_get_prandom_u32_proto = {
	.func		= bpf_get_prandom_u32,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

u64 bpf_get_smp_processor_id(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)r1; (void)r2; (void)r3; (void)r4; (void)r5;
	/* One CPU here: the caller's thread. */
	return 0;
}

const struct bpf_func_proto bpf_get_smp_processor_id_proto = {
	.func		= bpf_get_smp_processor_id,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

/*
 * Only limited trace_printk() conversion specifiers allowed:
 * %d %i %u %x %ld %li %lu %lx %lld %lli %llu %llx %p %s
 * The verifier proved that fmt points to fmt_size initialized bytes of the
 * program's stack; the checks here are on what the bytes say.
 */
u64 bpf_trace_printk(u64 fmt_u, u64 fmt_size_u, u64 arg1, u64 arg2, u64 arg3)
{
	const char *fmt = (const char *)(uintptr_t)fmt_u;
	u32 fmt_size = (u32)fmt_size_u;
	u64 args[3] = { arg1, arg2, arg3 };
	char strs[3][64];
	int mod[3] = { 0 };
	char out[512];
	size_t o = 0;
	int fmt_cnt = 0;
	u64 now;
	u32 i;

	if (fmt_size == 0 || fmt[--fmt_size] != 0)
		return (u64)-EINVAL;

	/* check format string for allowed specifiers */
	for (i = 0; i < fmt_size; i++) {
		if ((!isprint((unsigned char)fmt[i]) && !isspace((unsigned char)fmt[i])) ||
		    !isascii((unsigned char)fmt[i]))
			return (u64)-EINVAL;

		if (fmt[i] != '%')
			continue;

		if (fmt_cnt >= 3)
			return (u64)-EINVAL;

		/* fmt[i] != 0 && fmt[last] == 0, so we can access fmt[i + 1] */
		i++;
		if (fmt[i] == 'l') {
			mod[fmt_cnt]++;
			i++;
		} else if (fmt[i] == 'p' || fmt[i] == 's') {
			mod[fmt_cnt]++;
			/* disallow any further format extensions */
			if (fmt[i + 1] != 0 && !isspace((unsigned char)fmt[i + 1]) &&
			    !ispunct((unsigned char)fmt[i + 1]))
				return (u64)-EINVAL;
			if (fmt[i] == 's') {
				/* The kernel copies at most 64 bytes of an
				 * unsafe string; a bad address reads as "".
				 */
				long n = strncpy_from_user(strs[fmt_cnt],
					(const char *)(uintptr_t)args[fmt_cnt],
					sizeof(strs[0]) - 1);

				strs[fmt_cnt][n > 0 ? n : 0] = 0;
				args[fmt_cnt] = (u64)(uintptr_t)strs[fmt_cnt];
				mod[fmt_cnt] = -1;	/* a string */
			}
			fmt_cnt++;
			continue;
		}

		if (fmt[i] == 'l') {
			mod[fmt_cnt]++;
			i++;
		}

		if (fmt[i] != 'i' && fmt[i] != 'd' &&
		    fmt[i] != 'u' && fmt[i] != 'x')
			return (u64)-EINVAL;
		fmt_cnt++;
	}

	/*
	 * Print one conversion at a time with the argument cast to the width
	 * the format names (mod: 0 int, 1 long, 2 long long), as the kernel's
	 * __BPF_TP_EMIT() does; never hand printf() a width it did not ask
	 * for.
	 */
	fmt_cnt = 0;
	for (i = 0; i < fmt_size && o < sizeof(out) - 1; i++) {
		size_t s = 0;	/* length of the conversion: "%d" 2, "%llx" 4 */
		int n;

		if (fmt[i] != '%') {
			out[o++] = fmt[i];
			continue;
		}
		s++;
		while (fmt[i + 1] == 'l') {
			s++;
			i++;
		}
		s++;
		i++;
		switch (fmt[i]) {
		case 's':
			n = snprintf(out + o, sizeof(out) - o, "%s",
				     (const char *)(uintptr_t)args[fmt_cnt]);
			break;
		case 'p':
			n = snprintf(out + o, sizeof(out) - o, "0x%llx",
				     (unsigned long long)args[fmt_cnt]);
			break;
		default:
			if (s == 2 && (fmt[i] == 'd' || fmt[i] == 'i'))
				n = snprintf(out + o, sizeof(out) - o, "%d", (int)args[fmt_cnt]);
			else if (s == 2)
				n = snprintf(out + o, sizeof(out) - o,
					     fmt[i] == 'x' ? "%x" : "%u", (unsigned int)args[fmt_cnt]);
			else if (fmt[i] == 'd' || fmt[i] == 'i')
				n = snprintf(out + o, sizeof(out) - o, "%lld",
					     (long long)args[fmt_cnt]);
			else
				n = snprintf(out + o, sizeof(out) - o,
					     fmt[i] == 'x' ? "%llx" : "%llu",
					     (unsigned long long)args[fmt_cnt]);
			break;
		}
		fmt_cnt++;
		if (n > 0)
			o = min(o + (size_t)n, sizeof(out) - 1);
	}
	out[o] = 0;

	/* trace_pipe's line: task-pid [cpu] flags timestamp: message. One
	 * message per line, even without its own "\n".
	 */
	now = bpf_ktime_get_ns(0, 0, 0, 0, 0);
	fprintf(bpf_trace_pipe ? bpf_trace_pipe : stderr,
		"           <...>-%-5d [000] .... %llu.%06llu: bpf_trace_printk: %s%s",
		(int)getpid(), (unsigned long long)(now / 1000000000ull),
		(unsigned long long)(now / 1000ull % 1000000ull), out,
		o && out[o - 1] == '\n' ? "" : "\n");
	return o;
}

const struct bpf_func_proto bpf_trace_printk_proto = {
	.func		= bpf_trace_printk,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_MEM,
	.arg2_type	= ARG_CONST_SIZE,
};

/* net/core/filter.c (v5.8; kernel/bpf/helpers.c from 5.10): the helpers
 * every program type has. trace_printk needs CAP_PERFMON (v5.8).
 */
__weak const struct bpf_func_proto *bpf_base_func_proto(enum bpf_func_id func_id)
{
	switch (func_id) {
	case BPF_FUNC_get_prandom_u32:
		return &bpf_get_prandom_u32_proto;
	case BPF_FUNC_get_smp_processor_id:
		return &bpf_get_smp_processor_id_proto;
	case BPF_FUNC_ktime_get_ns:
		return &bpf_ktime_get_ns_proto;
	default:
		break;
	}

	if (!perfmon_capable())
		return NULL;

	switch (func_id) {
	case BPF_FUNC_trace_printk:
		return &bpf_trace_printk_proto;
	default:
		return NULL;
	}
}

/* kernel/trace/bpf_trace.c: what kprobe and raw_tracepoint programs call
 * (chapter 08 adds maps, the current task, probe_read and the outputs)
 */
__weak const struct bpf_func_proto *bpf_tracing_func_proto(enum bpf_func_id func_id,
						    const struct bpf_prog *prog)
{
	(void)prog;
	switch (func_id) {
	case BPF_FUNC_ktime_get_ns:
		return &bpf_ktime_get_ns_proto;
	case BPF_FUNC_get_prandom_u32:
		return &bpf_get_prandom_u32_proto;
	case BPF_FUNC_get_smp_processor_id:
		return &bpf_get_smp_processor_id_proto;
	case BPF_FUNC_trace_printk:
		return &bpf_trace_printk_proto;
	default:
		return NULL;
	}
}
