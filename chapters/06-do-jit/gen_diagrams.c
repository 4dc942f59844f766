// SPDX-License-Identifier: GPL-2.0
/*
 * The chapter's pass-convergence diagrams, drawn from real runs of
 * bpf_int_jit_compile() (the trace in prog->aux->jit_trace):
 *
 *   gen_diagrams DIR   writes DIR/jit-passes-{article,jumps,staircase,
 *                      staircase-padded}.dot
 *
 * Each is one table (jit_trace_dot.c): a row per pass, a column per jump
 * (per instruction for the article's program, which has none). Only sizes,
 * displacements and instruction numbers appear, never addresses, so the
 * files are the same on every run and CI can diff them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/bpf.h"
#include "linux/bpf_jit.h"
#include "test_util.h"

static int write_dot(const char *dir, const char *file, const char *title,
		     const struct bpf_insn *insns, u32 len, u32 depth, bool padding)
{
	char path[512];
	struct bpf_prog *prog;
	FILE *f;

	bpf_jit_padding = padding;
	prog = jit_test_compile(jit_test_prog(insns, len, depth, true));
	bpf_jit_padding = false;
	if (!prog || !prog->aux->jit_trace) {
		fprintf(stderr, "gen_diagrams: %s: no trace\n", file);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		bpf_prog_free(prog);
		return 1;
	}
	snprintf(path, sizeof(path), "%.*s", (int)(strlen(file) - 4), file);	/* no .dot */
	bpf_jit_trace_dot(f, path, title, prog->aux->jit_trace);
	fclose(f);
	bpf_prog_free(prog);
	return 0;
}

int main(int argc, char **argv)
{
	static struct bpf_insn insns[600];
	const struct bpf_insn article[] = { ARTICLE_INSNS };
	const char *dir = argc > 1 ? argv[1] : ".";
	int err = 0;
	u32 len;

	bpf_jit_nops = BPF_JIT_NOPS_K8;
	err |= write_dot(dir, "jit-passes-article.dot",
			 "The article's program: 6 instructions, 58 bytes, 3 passes",
			 article, ARRAY_SIZE(article), 8, false);
	len = jit_cascade_prog(insns);
	err |= write_dot(dir, "jit-passes-jumps.dot",
			 "Four jumps: one shrinks, pulls two into rel8 range, and they pull in the last",
			 insns, len, 0, false);
	len = jit_staircase_prog(insns, 22);
	err |= write_dot(dir, "jit-passes-staircase.dot",
			 "A staircase of 22 jumps: one shrinks per pass, 20 passes are not enough (v5.8)",
			 insns, len, 0, false);
	err |= write_dot(dir, "jit-passes-staircase-padded.dot",
			 "The same staircase with NOP padding from pass 15 (Linux 5.12)",
			 insns, len, 0, true);
	return err;
}
