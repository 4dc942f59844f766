// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the differential, driven by the fuzzer. Its bytes are
 * the generator's choices (bpf_gen_src_bytes()), so a mutation changes a
 * program's structure, not a random bit of one instruction, and coverage
 * of the verifier, the interpreter and the JIT steers it. Every program
 * the verifier accepts runs in every runtime, in this process (diff.h);
 * an r0 that differs from the reference's, or runtimes that disagree on
 * loading it, abort with the program printed. A fault is the fuzzer's to
 * report. `bpfdiff --from-bytes ARTIFACT` turns an input back into the
 * program, as a file `bpfjit run` reads. Ours.
 */
#include <stdio.h>
#include <stdlib.h>

#include "disasm.h"

#include "bpf_gen.h"
#include "diff.h"

static struct bpf_gen_prog prog;

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct bpf_gen_opts opts = { .flaw_pct = 10 };
	struct bpf_gen_src src;
	struct diff_result res;

	/* What to leave out, to look past a known bug, is the user's to
	 * choose, not the fuzzer's: BPF_FUZZ_WITHOUT as `bpfdiff --without`.
	 */
	const char *without = getenv("BPF_FUZZ_WITHOUT");

	if (without && bpf_gen_parse_without(without, &opts.without))
		abort();
	bpf_gen_src_bytes(&src, data, size);
	bpf_gen(&src, &opts, &prog);
	diff_init();
	diff_run(prog.insns, prog.len, prog.prog_type, DIFF_ALL_MODES, &res);
	if (diff_accepted(&res) && (diff_verdicts_split(&res) || !diff_agrees(&res))) {
		fprintf(stderr, "fuzz_diff: the runtimes disagree (%s):\n", prog.flaw ? prog.flaw : "no flaw");
		for (int m = 0; m < DIFF_NR_MODES; m++)
			if (res.modes & (1u << m))
				fprintf(stderr, "  %-15s %s %#llx\n", diff_modes[m].name,
					res.err[m] ? errno_name(res.err[m]) : "r0",
					(unsigned long long)res.r0[m]);
		bpf_print_prog(stderr, prog.insns, prog.len);
		abort();
	}
	return 0;
}
