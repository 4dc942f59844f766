// SPDX-License-Identifier: GPL-2.0
/*
 * The JIT's passes as a Graphviz diagram, from chapter 06's trace
 * (prog->aux->jit_trace): one node per pass with the image size it
 * measured, an edge to the next labelled with the instructions whose
 * machine code changed length, and the pass that wrote the image marked.
 * Not from the kernel, which keeps no record of its passes.
 */
#include <stdlib.h>
#include <string.h>

#include "bpfjit.h"
#include "dot.h"
#include "linux/bpf_jit.h"

void bpfjit_passes_dot(FILE *f, const struct bpf_jit_trace *t, const char *title)
{
	char id[32], prev[32], label[128], *edge;
	struct dot d;
	u32 pass, i;
	size_t len;

	dot_open(&d, f, "passes", true);
	dot_graph_attr(&d, "label", title);
	dot_graph_attr(&d, "rankdir", "LR");
	dot_defaults(&d, "node", (const char *[]){ "shape", "box", "fontname", "monospace", NULL });
	for (pass = 0; pass < t->passes && pass < BPF_JIT_TRACE_MAX_PASSES; pass++) {
		snprintf(id, sizeof(id), "pass%u", pass);
		snprintf(label, sizeof(label), "pass %u\nproglen %d%s", pass,
			 (int)t->proglen[pass], t->image[pass] ? "\nimage written" : "");
		dot_node(&d, id, label, t->image[pass] ?
			 (const char *[]){ "style", "bold", NULL } : NULL);
		if (pass) {
			edge = calloc(1, 1);
			len = 0;
			for (i = 0; edge && i < t->nr_changes; i++) {
				const struct bpf_jit_change *c = &t->changes[i];
				char *ne;
				int n;

				if (c->pass != pass)
					continue;
				n = snprintf(label, sizeof(label), "insn %u: %u -> %u (%s)\n",
					     c->insn, c->old_len, c->new_len, c->why);
				ne = realloc(edge, len + n + 1);
				if (!ne)
					break;
				edge = ne;
				memcpy(edge + len, label, n + 1);
				len += n;
			}
			dot_edge(&d, prev, id, edge && len ? edge : "no change", NULL);
			free(edge);
		}
		strcpy(prev, id);
	}
	dot_close(&d);
}
