// SPDX-License-Identifier: GPL-2.0
/*
 * The property every transform must keep: a random valid program computes
 * the same r0, and leaves the same memory, compiled by the optimising JIT
 * as in the interpreter (and as compiled by the v5.8 JIT).
 *
 * The programs come from test_opt_gen.h.
 */
#include <stdlib.h>
#include <string.h>

#include "disasm.h"
#include "test_opt_gen.h"

/*
 * Interpreter, v5.8 JIT and optimising JIT, through the whole load path:
 * every program must load in all three, be JIT-compiled by both JITs, and
 * give the same r0 and the same context bytes.
 */
START_TEST(opt_random_programs)
{
	unsigned int rounds = test_rounds(4000), mismatches = 0;
	static struct bpf_insn insns[MAX_INSNS + 64];

	rnd_state = 0x243f6a8885a308d3ULL;
	for (unsigned int p = 0; p < rounds; p++) {
		u32 len = gen_prog(insns, 20 + below(200));
		struct bpf_prog *fp[3];
		struct outcome o[3];
		int fd[3];

		for (int m = 0; m < 3; m++) {
			fd[m] = opt_load(insns, len, m, &fp[m]);
			ck_assert_msg(fd[m] >= 0, "program %u: load failed (mode %d): %d", p, m, fd[m]);
			run(fp[m], &o[m]);
		}
		ck_assert_msg(fp[1]->jited && fp[2]->jited, "program %u: not JIT-compiled", p);
		if (o[0].r0 != o[2].r0 || o[0].r0 != o[1].r0 ||
		    memcmp(o[0].ctx, o[2].ctx, CTX_SIZE) || memcmp(o[0].ctx, o[1].ctx, CTX_SIZE)) {
			if (mismatches++ < 3) {
				fprintf(stderr, "program %u: interpreter r0=%#llx, JIT %#llx, optimising JIT %#llx, context %s\n",
					p, (unsigned long long)o[0].r0, (unsigned long long)o[1].r0,
					(unsigned long long)o[2].r0,
					memcmp(o[0].ctx, o[2].ctx, CTX_SIZE) ? "differs" : "same");
				for (int b = 0; b < CTX_SIZE; b++)
					if (o[0].ctx[b] != o[1].ctx[b] || o[0].ctx[b] != o[2].ctx[b])
						fprintf(stderr, "  ctx[%d]: %02x %02x %02x\n", b, o[0].ctx[b], o[1].ctx[b], o[2].ctx[b]);
				bpf_print_prog(stderr, insns, len);
				bpf_jit_disasm_prog(stderr, fp[2]);
			}
		}
		for (int m = 0; m < 3; m++)
			close_fd(fd[m]);
	}
	ck_assert_msg(mismatches == 0, "%u of %u random programs differ", mismatches, rounds);
}
END_TEST

/*
 * Each step on its own, and all but each: a transform that is right only
 * because another ran first would show here.
 */
START_TEST(opt_random_steps)
{
	unsigned int rounds = test_rounds(300), mismatches = 0;
	static struct bpf_insn insns[MAX_INSNS + 64];

	rnd_state = 0x13198a2e03707344ULL;
	for (unsigned int k = 0; k < 2 * ARRAY_SIZE(bpf_jit_opt_step_names); k++) {
		unsigned int steps = k < ARRAY_SIZE(bpf_jit_opt_step_names) ? 1u << k :
			BPF_JIT_OPT_ALL & ~(1u << (k - ARRAY_SIZE(bpf_jit_opt_step_names)));

		for (unsigned int p = 0; p < rounds; p++) {
			u32 len = gen_prog(insns, 20 + below(120));
			struct bpf_prog *fp[2];
			struct outcome o[2];
			int fd[2];

			for (int m = 0; m < 2; m++) {
				fd[m] = opt_load_steps(insns, len, 2 * m, steps, &fp[m]);
				ck_assert_msg(fd[m] >= 0, "load failed: %d", fd[m]);
				run(fp[m], &o[m]);
			}
			ck_assert(fp[1]->jited);
			if (o[0].r0 != o[1].r0 || memcmp(o[0].ctx, o[1].ctx, CTX_SIZE)) {
				if (mismatches++ < 3) {
					fprintf(stderr, "steps %#x, program %u: interpreter r0=%#llx, optimising JIT %#llx\n",
						steps, p, (unsigned long long)o[0].r0,
						(unsigned long long)o[1].r0);
					bpf_print_prog(stderr, insns, len);
				}
			}
			for (int m = 0; m < 2; m++)
				close_fd(fd[m]);
		}
	}
	ck_assert_msg(mismatches == 0, "%u programs differ", mismatches);
}
END_TEST

void opt_random_tests(Suite *s)
{
	TCase *tc = tcase_create("opt_random");

	tcase_set_timeout(tc, 300);
	ADD(tc, opt_random_programs);
	ADD(tc, opt_random_steps);
	suite_add_tcase(s, tc);
}
