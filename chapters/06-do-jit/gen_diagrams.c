// SPDX-License-Identifier: GPL-2.0
/*
 * The chapter's pass-convergence diagrams, drawn from real runs of
 * bpf_int_jit_compile() (the trace in prog->aux->jit_trace):
 *
 *   gen_diagrams DIR   writes DIR/jit-passes-{article,jumps,staircase,
 *                      staircase-padded}.dot
 *
 * One node per pass with the size it measured; the edge into a pass lists
 * the instructions whose machine code changed length in it, and why. Only
 * sizes and instruction numbers appear, never addresses, so the files are
 * the same on every run and CI can diff them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dot.h"
#include "linux/bpf.h"
#include "linux/bpf_jit.h"
#include "test_util.h"

static void passes_dot(FILE *f, const char *name, const char *title,
		       const struct bpf_prog *prog)
{
	const struct bpf_jit_trace *t = prog->aux->jit_trace;
	char id[32], prev[32], label[256], edge[2048];
	struct dot d;
	u32 p, c;

	dot_open(&d, f, name, true);
	dot_graph_attr(&d, "label", title);
	dot_graph_attr(&d, "labelloc", "t");
	dot_graph_attr(&d, "rankdir", "TB");
	dot_defaults(&d, "node", (const char *[]){ "shape", "box", "fontname", "monospace", NULL });
	dot_defaults(&d, "edge", (const char *[]){ "fontname", "monospace", "fontsize", "10", NULL });

	snprintf(label, sizeof(label), "estimate\n64 bytes x %u = %u", t->insn_cnt + 1,
		 64 * (t->insn_cnt + 1));
	dot_node(&d, "estimate", label, (const char *[]){ "style", "dashed", NULL });
	strcpy(prev, "estimate");
	for (p = 0; p < t->passes; p++) {
		size_t n = 0;

		snprintf(id, sizeof(id), "pass%u", p);
		snprintf(label, sizeof(label), "pass %u\nproglen %u%s", p, t->proglen[p],
			 t->image[p] ? "\nwritten into the image" :
			 (p && t->proglen[p] == t->proglen[p - 1] && !t->image[p] &&
			  t->converged && p + 2 == t->passes) ? "\nconverged: allocate" : "");
		dot_node(&d, id, label, t->image[p] ?
			 (const char *[]){ "style", "bold", NULL } : NULL);

		edge[0] = '\0';
		for (c = 0; c < t->nr_changes && n < sizeof(edge) - 64; c++) {
			const struct bpf_jit_change *ch = &t->changes[c];

			if (ch->pass == p)
				n += snprintf(edge + n, sizeof(edge) - n, "insn %u: %s (%u -> %u)\n",
					      ch->insn, ch->why, ch->old_len, ch->new_len);
		}
		if (p == 0)
			snprintf(edge, sizeof(edge), "measure every instruction\n");
		dot_edge(&d, prev, id, edge[0] ? edge : "no change\n", NULL);
		strcpy(prev, id);
	}
	if (!t->converged) {
		snprintf(label, sizeof(label), "interpreter\n%s", t->fallback ? t->fallback : "");
		dot_node(&d, "interpreter", label, (const char *[]){ "style", "dashed", NULL });
		dot_edge(&d, prev, "interpreter", "pass < 20 ends the loop\n", NULL);
	}
	dot_close(&d);
}

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
	passes_dot(f, path, title, prog);
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
	len = jit_many_jumps_prog(insns, 12, 5, 12);
	err |= write_dot(dir, "jit-passes-jumps.dot",
			 "12 forward and 12 backward jumps around 5 instructions",
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
