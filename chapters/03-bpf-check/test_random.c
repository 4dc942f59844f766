// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 03 smoke test: thousands of random instruction sequences through
 * sys_bpf(BPF_PROG_LOAD). Whatever the bytes, bpf_check() must return, with
 * success or one of the errnos the kernel's verifier uses, must never
 * crash, hang or leak (the suite also runs under ASan/UBSan and valgrind),
 * and a program it accepts must have the shape the JIT relies on: every
 * jump inside the program, every helper call aimed at a real helper, a
 * stack depth within 512 bytes, a log that is a C string inside its buffer.
 *
 * The generator is seeded (BPF_RANDOM_SEED), so a failure can be replayed;
 * BPF_RANDOM_PROGS sets the count (default 3000; 300 under valgrind).
 */
#include <stdio.h>
#include <stdlib.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include "linux/bpf_verifier.h"
#include "disasm.h"
#include "tests.h"

static u64 rnd_state;

static u32 rnd(void)
{
	/* xorshift64*: small, fast, and the same everywhere */
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return (u32)((rnd_state * 2685821657736338717ULL) >> 32);
}

static u32 pick(u32 n)
{
	return rnd() % n;
}

/* Registers written so far on the straight line (r1 and r10 at entry). */
static u16 inited;

/* A source: mostly one written before, sometimes r10, rarely nonsense. */
static u8 reg(void)
{
	u32 r = pick(64);

	if (r < 56) {
		for (int tries = 0; tries < 8; tries++) {
			u8 c = pick(10);

			if (inited & (1u << c))
				return c;
		}
		return BPF_REG_1;
	}
	return r < 60 ? 10 : r % 16;
}

/* A destination: any of r0..r9, now written. */
static u8 dst(void)
{
	u8 d = pick(10);

	inited |= 1u << d;
	return d;
}

static s16 mem_off(int size)
{
	return (s16)(-(int)(pick(72) & ~(size - 1)) + (pick(16) == 0 ? 8 : 0));
}

static const u8 sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };
static const int size_bytes[] = { 1, 2, 4, 8 };

static u32 gen_prog(struct bpf_insn *insns, u32 max)
{
	u32 len = 2 + pick(max - 2), i;

	inited = 1u << BPF_REG_1 | 1u << BPF_REG_10;
	for (i = 0; i < len; i++) {
		u32 fwd = len - i - 1 ? pick(len - i - 1) : 0;	/* stays inside */

		struct bpf_insn *in = &insns[i];
		u32 k = pick(100), s = pick(4);

		memset(in, 0, sizeof(*in));
		if (k < 25) {			/* r = imm: initialize */
			*in = BPF_MOV64_IMM(dst(), (s32)pick(40) - 8);
		} else if (k < 45) {		/* ALU */
			u8 op = pick(14) << 4;
			u8 cls = pick(2) ? BPF_ALU64 : BPF_ALU;

			if (pick(2))
				*in = BPF_RAW_INSN(cls | op | BPF_X, reg(), reg(), 0, 0);
			else
				*in = BPF_RAW_INSN(cls | op | BPF_K, reg(), 0, 0,
						   (s32)pick(70) - 2);
			if (op == BPF_DIV || op == BPF_MOD)
				in->off = pick(4) == 0;		/* signed forms */
			if (op == BPF_END)
				in->imm = 16 << pick(3);
		} else if (k < 53) {		/* load */
			*in = BPF_LDX_MEM(sizes[s], dst(), pick(3) ? BPF_REG_10 : reg(),
					  mem_off(size_bytes[s]));
		} else if (k < 63) {		/* store */
			if (pick(2))
				*in = BPF_STX_MEM(sizes[s], pick(3) ? BPF_REG_10 : reg(), reg(),
						  mem_off(size_bytes[s]));
			else
				*in = BPF_ST_MEM(sizes[s], pick(3) ? BPF_REG_10 : reg(),
						 mem_off(size_bytes[s]), (s32)pick(4));
		} else if (k < 65) {		/* atomic */
			static const s32 ops[] = { BPF_ADD, BPF_ADD | BPF_FETCH, BPF_XCHG,
						   BPF_CMPXCHG, BPF_OR, 0x02 };

			*in = BPF_ATOMIC_OP(pick(2) ? BPF_DW : BPF_W, ops[pick(6)], BPF_REG_10,
					    reg(), -8 * (s16)(1 + pick(4)));
		} else if (k < 78) {		/* conditional jump, mostly forward */
			s16 off = pick(10) == 0 ? -(s16)pick(i + 2) : (s16)fwd;
			u8 op = (1 + pick(13)) << 4;

			if (op == BPF_CALL || op == BPF_EXIT || op == BPF_JA)
				op = BPF_JNE;
			if (pick(2))
				*in = BPF_JMP_IMM(op, reg(), (s32)pick(16), off);
			else
				*in = BPF_JMP_REG(op, reg(), reg(), off);
			if (pick(4) == 0)
				in->code = BPF_JMP32 | BPF_OP(in->code) | BPF_SRC(in->code);
		} else if (k < 80) {
			*in = BPF_JMP_A((s16)fwd);
		} else if (k < 85) {		/* helper or bpf-to-bpf call */
			if (pick(5))
				*in = BPF_CALL_HELPER(pick(4) ? 5 + pick(4) : pick(300));
			else
				*in = BPF_CALL_REL((s32)pick(len) - (s32)i);
		} else if (k < 89 && i + 1 < len) {	/* ld_imm64 */
			struct bpf_insn pair[2] = { BPF_LD_IMM64(dst(), rnd()) };

			insns[i] = pair[0];
			insns[++i] = pair[1];
		} else if (k < 91) {
			*in = BPF_EXIT_INSN();
		} else if (k < 99) {		/* copy a register */
			*in = BPF_MOV64_REG(dst(), reg());
		} else {			/* anything at all */
			u32 a = rnd(), b = rnd();

			memcpy(in, &a, 4);
			memcpy((char *)in + 4, &b, 4);
		}
	}
	if (pick(16)) {
		if (insns[len - 1].code == 0 && len >= 2 &&
		    insns[len - 2].code == (BPF_LD | BPF_IMM | BPF_DW))
			insns[len - 2] = BPF_MOV64_IMM(BPF_REG_0, 0);
		insns[len - 1] = BPF_EXIT_INSN();
	}
	return len;
}

static bool errno_ok(int err)
{
	switch (err) {
	case -EINVAL: case -EACCES: case -E2BIG: case -EPERM:
	case -EFAULT: case -ENOSPC: case -EBADF:
		return true;
	default:
		return false;
	}
}

static bool is_helper(s32 imm)
{
	u64 (*const fns[])(u64, u64, u64, u64, u64) = {
		bpf_ktime_get_ns, bpf_get_prandom_u32, bpf_get_smp_processor_id,
		bpf_trace_printk,
	};
	uintptr_t target = (uintptr_t)__bpf_call_base + imm;

	for (size_t i = 0; i < ARRAY_SIZE(fns); i++)
		if (target == (uintptr_t)fns[i])
			return true;
	return false;
}

/* What the interpreter and the JIT rely on in an accepted program. */
static void check_accepted(const struct bpf_prog *p, u64 seed, u32 n)
{
	ck_assert_msg(p->len >= 1, "seed %llu #%u: empty program", (unsigned long long)seed, n);
	ck_assert_msg(p->aux->stack_depth <= MAX_BPF_STACK, "seed %llu #%u: stack depth %u",
		      (unsigned long long)seed, n, p->aux->stack_depth);
	for (u32 i = 0; i < p->len; i++) {
		const struct bpf_insn *in = &p->insnsi[i];
		u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
		s64 target;
		char text[96];

		if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			i++;
			continue;
		}
		if (cls != BPF_JMP && cls != BPF_JMP32)
			continue;
		bpf_insn_snprintf(text, sizeof(text), in);
		if (op == BPF_EXIT)
			continue;
		if (op == BPF_CALL) {
			if (in->src_reg == BPF_PSEUDO_CALL)
				target = (s64)i + in->imm + 1;
			else {
				ck_assert_msg(is_helper(in->imm),
					      "seed %llu #%u: insn %u %s: not a helper address",
					      (unsigned long long)seed, n, i, text);
				continue;
			}
		} else if (in->code == (BPF_JMP32 | BPF_JA)) {
			target = (s64)i + in->imm + 1;
		} else {
			target = (s64)i + in->off + 1;
		}
		ck_assert_msg(target >= 0 && target < p->len,
			      "seed %llu #%u: insn %u %s jumps to %lld of %u",
			      (unsigned long long)seed, n, i, text, (long long)target, p->len);
	}
}

START_TEST(bpf_check_random_programs)
{
	const char *env_n = getenv("BPF_RANDOM_PROGS"), *env_s = getenv("BPF_RANDOM_SEED");
	u32 count = env_n ? (u32)atoi(env_n) : RUNNING_ON_VALGRIND ? 300 : 3000;
	u64 seed = env_s ? strtoull(env_s, NULL, 0) : 0x5eed0003;
	static const enum bpf_prog_type types[] = {
		BPF_PROG_TYPE_SOCKET_FILTER, BPF_PROG_TYPE_XDP, BPF_PROG_TYPE_SCHED_CLS,
		BPF_PROG_TYPE_RAW_TRACEPOINT, BPF_PROG_TYPE_KPROBE,
	};
	static const u64 caps[] = { CAP_ALL, CAP_TO_MASK(CAP_BPF) | CAP_TO_MASK(CAP_PERFMON),
				    1ULL << 63 /* none */ };
	u32 accepted = 0, n;

	rnd_state = seed;
	for (n = 0; n < count; n++) {
		struct bpf_insn insns[24];
		u32 len = gen_prog(insns, ARRAY_SIZE(insns));
		u32 c = pick(3), level = pick(3), size = pick(4) ? sizeof(test_log) : 128 + pick(256);
		union bpf_attr attr;
		int ret;

		memset(&attr, 0, sizeof(attr));
		attr.prog_type = c == 2 ? BPF_PROG_TYPE_SOCKET_FILTER : types[pick(5)];
		attr.insns = (u64)(uintptr_t)insns;
		attr.insn_cnt = len;
		attr.license = (u64)(uintptr_t)(pick(4) ? "GPL" : "Proprietary");
		attr.prog_flags = c == 0 && pick(8) == 0 ? BPF_F_UNVERIFIED : 0;
		if (level) {
			attr.log_level = level;
			attr.log_buf = (u64)(uintptr_t)test_log;
			attr.log_size = size;
			memset(test_log, 'x', sizeof(test_log));
		}
		set_current_caps(caps[c]);
		sysctl_unprivileged_bpf_disabled = 0;
		ret = (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
		set_current_caps(CAP_ALL);

		/* Written (only when the verifier ran): a C string within
		 * log_size, and not one byte beyond.
		 */
		if (level && test_log[0] != 'x')
			ck_assert_msg(memchr(test_log, 0, size),
				      "seed %llu #%u: log not NUL-terminated within %u bytes",
				      (unsigned long long)seed, n, size);
		if (level && size < sizeof(test_log))
			ck_assert_msg(test_log[size] == 'x',
				      "seed %llu #%u: log written past %u bytes",
				      (unsigned long long)seed, n, size);
		if (getenv("BPF_RANDOM_DEBUG") && level && test_log[0] != 'x') {
			char *end = strstr(test_log, "\nprocessed "), *start;

			if (end) {
				*end = 0;
				start = strrchr(test_log, '\n');
				fprintf(stderr, "%d %s\n", ret, start ? start + 1 : test_log);
				*end = '\n';
			}
		}
		if (ret >= 0) {
			check_accepted(prog_of(ret), seed, n);
			ck_assert_int_eq(close_fd(ret), 0);
			accepted++;
		} else {
			ck_assert_msg(errno_ok(ret), "seed %llu #%u: unexpected %d (%s)",
				      (unsigned long long)seed, n, ret, errno_name(ret));
		}
	}
	/* A generator that never produces a valid program tests nothing. */
	ck_assert_msg(count < 100 || accepted * 50 >= count,
		      "only %u of %u random programs accepted", accepted, count);
}
END_TEST

void add_random_tests(Suite *s)
{
	TCase *tc = tcase_create("bpf_check_random");

	tcase_set_timeout(tc, 300);
	ADD(tc, bpf_check_random_programs);
	suite_add_tcase(s, tc);
}
