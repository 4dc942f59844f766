// SPDX-License-Identifier: GPL-2.0
/*
 * Programs someone else wrote: the BPF conformance suite (when it is here)
 * and bpf-to-bpf calls, each function with a frame of its own.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_opt.h"

/*
 * The suite's own assembly of its tests (reference-dump.tsv: name, ...,
 * result=, mem=, code=), through the whole load path with the optimising
 * JIT, plain and blinded: every result the suite's. Without the suite
 * (CONFORMANCE_DIR, mk/config.mk) it says so and skips.
 */
#define CONFORMANCE_TSV	CONFORMANCE_DIR "/reference-dump.tsv"

static size_t unhex(const char *s, u8 *out, size_t max)
{
	size_t n = 0;

	while (s[0] && s[1] && isxdigit((unsigned char)s[0]) && n < max) {
		char b[3] = { s[0], s[1], 0 };

		out[n++] = strtoul(b, NULL, 16);
		s += 2;
	}
	return n;
}

START_TEST(opt_conformance_suite)
{
	FILE *f = fopen(CONFORMANCE_TSV, "r");
	static char line[1 << 16];
	int tests = 0, mismatches = 0, jited = 0;
	char *log;

	if (!f)
		ck_skip("no conformance suite at %s", CONFORMANCE_DIR);
	/* the JIT refuses callx (0x8d), and says so: the interpreter runs it */
	log_capture_begin(&bpf_jit_log);
	while (fgets(line, sizeof(line), f)) {
		static u8 code[1 << 15], mem[4096], copy[4096];
		const char *res = strstr(line, "\tresult="), *m = strstr(line, "\tmem=");
		const char *c = strstr(line, "\tcode=");
		size_t clen, mlen;
		u64 want, r0;

		ck_assert_msg(res && m && c, "bad line: %s", line);
		want = strtoull(res + 8, NULL, 16);
		mlen = unhex(m + 5, mem, sizeof(mem));
		clen = unhex(c + 6, code, sizeof(code));
		for (int blind = 0; blind < 2; blind++) {
			struct bpf_prog *fp;
			int fd;

			bpf_jit_harden = blind ? 2 : 0;
			fd = opt_load((const struct bpf_insn *)code, clen / 8, 2, &fp);
			bpf_jit_harden = 0;
			ck_assert_msg(fd >= 0, "%.60s: load failed: %d", line, fd);
			memcpy(copy, mem, mlen);
			r0 = bpf_prog_run64_len(fp, mlen ? copy : NULL, mlen);
			jited += !blind && fp->jited;
			if (r0 != want && mismatches++ < 5)
				fprintf(stderr, "%.60s%s: expected %#llx, got %#llx\n", line,
					blind ? " (blinded)" : "", (unsigned long long)want,
					(unsigned long long)r0);
			close_fd(fd);
		}
		tests++;
	}
	fclose(f);
	log = log_capture_end(&bpf_jit_log);
	free(log);
	ck_assert_msg(mismatches == 0, "%d of %d conformance programs differ", mismatches, tests);
	ck_assert_int_eq(tests, 313);
	ck_assert_int_ge(jited, 312);	/* all but callx */
}
END_TEST

/*
 * main: r0 = f(5) + g(5) + 1, f(x) = 3x with a stack and R6, g(x) = f(x) - 1:
 * every function its own frame (f's with rbx, main's with rbx and r13,
 * g's none), calls patched in the extra pass, results the interpreter's.
 */
START_TEST(opt_subprogs)
{
	const struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_B, R6, R1, 5),		/* 0x85: nothing known */
		BPF_MOV64_REG(R1, R6),
		BPF_CALL_REL(6),			/* f */
		BPF_MOV64_REG(R7, R0),
		BPF_MOV64_REG(R1, R6),
		BPF_CALL_REL(8),			/* g */
		BPF_ALU64_REG(BPF_ADD, R0, R7),
		BPF_ALU64_IMM(BPF_ADD, R0, 1),
		BPF_EXIT_INSN(),
		/* f: */
		BPF_MOV64_REG(R6, R1),
		BPF_STX_MEM(BPF_DW, R10, R6, -8),
		BPF_LDX_MEM(BPF_DW, R0, R10, -8),
		BPF_ALU64_IMM(BPF_MUL, R0, 3),
		BPF_EXIT_INSN(),
		/* g: */
		BPF_CALL_REL(-6),			/* f */
		BPF_ALU64_IMM(BPF_SUB, R0, 1),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog *fp[2];
	u8 ctx[2][CTX_SIZE];
	int fd[2];

	for (int m = 0; m < 2; m++) {
		fd[m] = opt_load(insns, ARRAY_SIZE(insns), 2 * m, &fp[m]);
		ck_assert_msg(fd[m] >= 0, "load: %d", fd[m]);
		ctx_fill(ctx[m]);
	}
	ck_assert(fp[1]->jited);
	ck_assert_uint_eq(fp[1]->aux->func_cnt, 3);
	ck_assert_uint_eq(bpf_prog_run64(fp[0], ctx[0]), 3 * 0x85 + 3 * 0x85 - 1 + 1);
	ck_assert_uint_eq(bpf_prog_run64(fp[1], ctx[1]), 3 * 0x85 + 3 * 0x85 - 1 + 1);
	for (int m = 0; m < 2; m++)
		close_fd(fd[m]);
}
END_TEST

void opt_conformance_tests(Suite *s)
{
	TCase *tc = tcase_create("opt_conformance");

	tcase_set_timeout(tc, 120);
	ADD(tc, opt_conformance_suite);
	ADD(tc, opt_subprogs);
	suite_add_tcase(s, tc);
}
