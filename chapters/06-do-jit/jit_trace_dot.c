// SPDX-License-Identifier: GPL-2.0
/*
 * The JIT's passes as a Graphviz diagram, from the trace bpf_int_jit_compile()
 * leaves in prog->aux->jit_trace. Not from the kernel, which keeps no record
 * of its passes; the chapter's diagrams and the command-line tool draw with it.
 *
 * One node per pass with the size it measured; the edge into a pass lists the
 * instructions whose machine code changed length in it, and why. Only sizes
 * and instruction numbers appear, never addresses, so the output is the same
 * on every run and can be diffed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dot.h"
#include "linux/bpf_jit.h"

/* The changes measured in pass p, one per line; malloc'ed, never NULL on success. */
static char *changes_of(const struct bpf_jit_trace *t, u32 p)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	if (!m)
		return NULL;
	for (u32 c = 0; c < t->nr_changes; c++) {
		const struct bpf_jit_change *ch = &t->changes[c];

		if (ch->pass == p)
			fprintf(m, "insn %u: %s (%u -> %u)\n", ch->insn, ch->why,
				ch->old_len, ch->new_len);
	}
	fclose(m);
	return text;
}

void bpf_jit_trace_dot(FILE *f, const char *name, const char *title,
		       const struct bpf_jit_trace *t)
{
	char id[32], prev[32], label[256];
	struct dot d;
	u32 p;

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
	for (p = 0; p < t->passes && p < BPF_JIT_TRACE_MAX_PASSES; p++) {
		char *edge;

		snprintf(id, sizeof(id), "pass%u", p);
		snprintf(label, sizeof(label), "pass %u\nproglen %u%s", p, t->proglen[p],
			 t->image[p] ? "\nwritten into the image" :
			 (p && t->proglen[p] == t->proglen[p - 1] &&
			  t->converged && p + 2 == t->passes) ? "\nconverged: allocate" : "");
		dot_node(&d, id, label, t->image[p] ?
			 (const char *[]){ "style", "bold", NULL } : NULL);

		edge = p == 0 ? strdup("measure every instruction\n") : changes_of(t, p);
		dot_edge(&d, prev, id, edge && *edge ? edge : "no change\n", NULL);
		free(edge);
		strcpy(prev, id);
	}
	if (!t->converged) {
		snprintf(label, sizeof(label), "interpreter\n%s", t->fallback ? t->fallback : "");
		dot_node(&d, "interpreter", label, (const char *[]){ "style", "dashed", NULL });
		dot_edge(&d, prev, "interpreter", "pass < 20 ends the loop\n", NULL);
	}
	dot_close(&d);
}
