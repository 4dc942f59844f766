// SPDX-License-Identifier: GPL-2.0
/*
 * What the optimiser leaves to v5.8's emitters, and does not carry facts
 * across: a tail call (its frame is shared with the program it jumps to)
 * and, in a program that uses maps, every ld_imm64 (a map's address looks
 * like any other constant once the verifier has cleared its src_reg); and
 * callx, which no JIT compiles, is refused as chapter 06 refuses it.
 */
#include <stdlib.h>

#include "test_opt.h"
#include "opt.h"

#define FAKE_MAP	0x00007f1234567000ULL	/* where a map could be */

/* The bytes insn k became in fp, as hex text, for a failure's message. */
static const char *insn_hex(const struct bpf_prog *fp, u32 k, char *buf, size_t size)
{
	int len;
	const u8 *b = opt_insn_bytes(fp, k, &len);
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < len && n + 4 < size; i++)
		n += snprintf(buf + n, size - n, "%s%02x", i ? " " : "", b[i]);
	return buf;
}

/* fp compiled as if bpf_check() had found `maps` maps in it. */
static struct bpf_prog *compile_with_maps(const struct bpf_insn *insns, u32 len, u32 maps,
					  unsigned int steps)
{
	struct bpf_prog *fp = jit_test_prog(insns, len, 0, true);

	ck_assert_ptr_nonnull(fp);
	fp->aux->used_map_cnt = maps;	/* no used_maps[]: nothing here reads it */
	bpf_jit_opt = steps;
	fp = jit_test_compile(fp);
	bpf_jit_opt = 0;
	fp->aux->used_map_cnt = 0;	/* and bpf_prog_free() has none to put */
	ck_assert_msg(fp->jited, "not JITed: %s", fp->aux->jit_trace->fallback);
	return fp;
}

/*
 * r1 = a map's address; r1 >>= 32; r0 = r1; exit, and a second address
 * nobody reads. Without maps the first is a constant like any other: r0 is
 * 0x7f12 at once, and neither ld_imm64 has any code. With maps, both are
 * v5.8's ten bytes, and the shift is done at run time.
 */
START_TEST(opt_fallback_map_imm64)
{
	const struct bpf_insn insns[] = {
		BPF_LD_IMM64(R1, FAKE_MAP), BPF_LD_IMM64(R4, FAKE_MAP + 8),
		BPF_ALU64_IMM(BPF_RSH, R1, 32), BPF_MOV64_REG(R0, R1), BPF_EXIT_INSN(),
	};
	struct bpf_prog *v58, *plain, *maps;
	const u8 *a, *b;
	char hex[128];
	int la, lb;
	u8 ctx[CTX_SIZE];

	ctx_fill(ctx);
	v58 = compile_with_maps(insns, ARRAY_SIZE(insns), 1, 0);
	plain = compile_with_maps(insns, ARRAY_SIZE(insns), 0, BPF_JIT_OPT_ALL);
	maps = compile_with_maps(insns, ARRAY_SIZE(insns), 1, BPF_JIT_OPT_ALL);

	for (u32 k = 0; k <= 4; k += 2) {
		opt_insn_bytes(plain, k, &la);
		ck_assert_msg(la == 0, "no maps: insn %u folded away, yet it is %s", k,
			      insn_hex(plain, k, hex, sizeof(hex)));
	}
	b = opt_insn_bytes(plain, 5, &lb);
	ck_assert_msg(lb == 5 && !memcmp(b, "\xb8\x12\x7f\x00\x00", 5),
		      "no maps: r0 = r1 is %s, not mov eax, 0x7f12", insn_hex(plain, 5, hex, sizeof(hex)));

	for (u32 k = 0; k <= 2; k += 2) {
		a = opt_insn_bytes(v58, k, &la);
		b = opt_insn_bytes(maps, k, &lb);
		ck_assert_msg(la == 10 && lb == la && !memcmp(a, b, la),
			      "with maps, insn %u: %s, where v5.8 has %s", k,
			      insn_hex(maps, k, hex, sizeof(hex)),
			      insn_hex(v58, k, hex + 64, sizeof(hex) - 64));
	}
	b = opt_insn_bytes(maps, 4, &lb);
	ck_assert_msg(lb == 4 && !memcmp(b, "\x48\xc1\xef\x20", 4),
		      "with maps, r1 >>= 32 is %s, not shr rdi, 32 at run time",
		      insn_hex(maps, 4, hex, sizeof(hex)));

	ck_assert_uint_eq(bpf_prog_run64(v58, ctx), FAKE_MAP >> 32);
	ck_assert_uint_eq(bpf_prog_run64(plain, ctx), FAKE_MAP >> 32);
	ck_assert_uint_eq(bpf_prog_run64(maps, ctx), FAKE_MAP >> 32);
	bpf_prog_free(v58);
	bpf_prog_free(plain);
	bpf_prog_free(maps);
}
END_TEST

/*
 * A tail call: v5.8's frame (the program it jumps to runs in it), the
 * instruction itself handed to do_jit(), its arguments live, and R0-R5
 * unknown after it (the call falls through when it fails). (The verifier
 * would refuse the read of r0 after it; the analysis must not need that.)
 */
START_TEST(opt_fallback_tail_call)
{
	const struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_DW, R6, R1, 0),
		BPF_MOV64_IMM(R0, 5), BPF_MOV64_IMM(R2, 7), BPF_MOV64_IMM(R3, 0),
		BPF_RAW_INSN(BPF_JMP | BPF_TAIL_CALL, 0, 0, 0, 0),	/* 4 */
		BPF_ALU64_IMM(BPF_ADD, R0, 1), BPF_ALU64_REG(BPF_ADD, R0, R6), BPF_EXIT_INSN(),
	};
	const u32 tc = 4;
	struct bpf_prog *fp, *v58, *opt_fp;
	struct jit_context ctx = { 0 };
	struct opt_prog *opt;
	u8 buf[64], *p = buf;
	char *log, hex[128];
	const u8 *a, *b;
	int la, lb;

	fp = jit_test_prog(insns, ARRAY_SIZE(insns), 0, true);
	ck_assert_ptr_nonnull(fp);
	bpf_jit_opt = BPF_JIT_OPT_ALL;
	ck_assert_int_eq(bpf_jit_opt_prepare(fp, &ctx), 0);
	bpf_jit_opt = 0;
	opt = ctx.opt;
	ck_assert_ptr_nonnull(opt);
	ck_assert_msg(opt->kernel_frame, "a tail call without v5.8's frame");
	for (u32 k = 2; k <= tc; k++)	/* its arguments' moves, and itself */
		ck_assert_msg(!(opt->flags[k] & (OPT_DEAD | OPT_NOP | OPT_FUSED | OPT_SIBLING)),
			      "insn %u: flags %#x", k, opt->flags[k]);
	ck_assert_uint_eq(opt->live[tc - 1] & (REG_BIT(1) | REG_BIT(2) | REG_BIT(3)),
			  REG_BIT(1) | REG_BIT(2) | REG_BIT(3));
	ck_assert_msg(opt->insns[tc + 1].code == (BPF_ALU64 | BPF_ADD | BPF_K) &&
		      opt->insns[tc + 1].imm == 1,
		      "r0 += 1 after the tail call rewritten (code %#x imm %d): r0 = 5 carried across",
		      opt->insns[tc + 1].code, opt->insns[tc + 1].imm);
	ck_assert_int_eq(bpf_jit_opt_insn(&p, opt, &opt->insns[tc], tc, buf), 0);
	ck_assert_ptr_eq(p, buf);
	bpf_jit_opt_free(opt);
	bpf_prog_free(fp);

	/* Compiled whole: as v5.8 compiles it, or falls back as v5.8 does. */
	log_capture_begin(&bpf_jit_log);
	fp = jit_test_prog(insns, ARRAY_SIZE(insns), 0, true);
	v58 = jit_test_compile(fp);
	fp = jit_test_prog(insns, ARRAY_SIZE(insns), 0, true);
	bpf_jit_opt = BPF_JIT_OPT_ALL;
	opt_fp = jit_test_compile(fp);
	bpf_jit_opt = 0;
	log = log_capture_end(&bpf_jit_log);
	ck_assert_int_eq(opt_fp->jited, v58->jited);
	if (!v58->jited) {
		ck_assert_msg(strstr(log, "tail calls are not supported"), "log: %s", log);
	} else {
		a = opt_insn_bytes(v58, tc, &la);
		b = opt_insn_bytes(opt_fp, tc, &lb);
		ck_assert_msg(la == lb && !memcmp(a, b, la), "the tail call: %s, not v5.8's",
			      insn_hex(opt_fp, tc, hex, sizeof(hex)));
	}
	free(log);
	bpf_prog_free(v58);
	bpf_prog_free(opt_fp);
}
END_TEST

/* callx (0x8d, BPF_JMP | BPF_CALL | BPF_X): no JIT has it; the same refusal. */
START_TEST(opt_fallback_callx)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(R0, 1), BPF_RAW_INSN(BPF_JMP | BPF_CALL | BPF_X, 0, R2, 0, 0),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog *fp;
	char *log;

	for (unsigned int steps = 0; steps <= BPF_JIT_OPT_ALL; steps += BPF_JIT_OPT_ALL) {
		log_capture_begin(&bpf_jit_log);
		fp = jit_test_prog(insns, ARRAY_SIZE(insns), 0, true);
		bpf_jit_opt = steps;
		fp = jit_test_compile(fp);
		bpf_jit_opt = 0;
		log = log_capture_end(&bpf_jit_log);
		ck_assert_msg(!fp->jited, "steps %#x: callx JIT-compiled", steps);
		ck_assert_msg(strstr(log, "unknown opcode 8d"), "steps %#x, log: %s", steps, log);
		free(log);
		bpf_prog_free(fp);
	}
}
END_TEST

void opt_fallback_tests(Suite *s)
{
	TCase *tc = tcase_create("opt_fallback");

	ADD(tc, opt_fallback_map_imm64);
	ADD(tc, opt_fallback_tail_call);
	ADD(tc, opt_fallback_callx);
	suite_add_tcase(s, tc);
}
