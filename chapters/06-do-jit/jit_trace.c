// SPDX-License-Identifier: GPL-2.0
/*
 * The record of the passes: how long the image was after each one, and
 * which instructions changed length, and why.
 *
 * Ours, not the kernel's: the kernel only shows the final pass count in
 * bpf_jit_dump(). Everything here is read off addrs[] before and after a
 * pass, so do_jit() itself carries no tracing code.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bpf_jit_comp.h"

struct bpf_jit_trace *bpf_jit_trace_get(struct bpf_prog *prog)
{
	struct bpf_jit_trace *trace = prog->aux->jit_trace;

	if (!trace) {
		trace = calloc(1, sizeof(*trace));
		if (!trace)
			return NULL;	/* tracing is optional: compile on */
		prog->aux->jit_trace = trace;
	}
	if (!prog->aux->jit_data || !((struct x64_jit_data *)prog->aux->jit_data)->addrs) {
		/* a fresh compilation (not a subprogram's extra pass) */
		free(trace->changes);
		free(trace->addrs);
		memset(trace, 0, sizeof(*trace));
	}
	trace->insn_cnt = prog->len;
	return trace;
}

void bpf_jit_trace_free(struct bpf_jit_trace *trace)
{
	if (!trace)
		return;
	free(trace->changes);
	free(trace->addrs);
	free(trace);
}

/* Length of insn k in a pass, from its addrs[]; ld_imm64 counts both slots. */
static int insn_len(const struct bpf_insn *insn, const int *addrs, u32 k)
{
	if (insn[k].code == (BPF_LD | BPF_IMM | BPF_DW))
		return addrs[k + 2] - addrs[k];
	return addrs[k + 1] - addrs[k];
}

static const char *jmp_form(int len, bool cond)
{
	if (cond)
		return len == 6 ? "rel32" : len == 2 ? "rel8" : "?";
	return len == 5 ? "rel32" : len == 2 ? "rel8" : len == 0 ? "removed" : "?";
}

/* "jcc rel32 -> rel8": what changed, in the words of the encoding. */
static void describe(char *why, size_t size, const struct bpf_insn *insn,
		     int old_len, int new_len)
{
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	bool jmp = cls == BPF_JMP || cls == BPF_JMP32;
	int cmp_len;

	if (jmp && op == BPF_JA) {
		snprintf(why, size, "%s %s -> %s", cls == BPF_JMP32 ? "gotol" : "ja",
			 jmp_form(old_len, false), jmp_form(new_len, false));
	} else if (jmp && op == BPF_EXIT) {
		snprintf(why, size, "exit jmp %s -> %s",
			 jmp_form(old_len, false), jmp_form(new_len, false));
	} else if (jmp && op != BPF_CALL) {
		/* the compare is the same length in both passes */
		cmp_len = old_len > new_len ? new_len - 2 : old_len - 2;
		snprintf(why, size, "jcc %s -> %s", jmp_form(old_len - cmp_len, true),
			 jmp_form(new_len - cmp_len, true));
	} else {
		snprintf(why, size, "%d -> %d bytes", old_len, new_len);
	}
}

void bpf_jit_trace_pass(struct bpf_jit_trace *trace, u32 pass,
			const struct bpf_prog *prog, const int *old_addrs,
			const int *addrs, int proglen, bool image)
{
	const struct bpf_insn *insn = prog->insnsi;
	u32 k;

	/* A subprogram's extra pass counts on from its first compilation. */
	(void)pass;
	pass = trace->passes;
	if (pass >= BPF_JIT_TRACE_MAX_PASSES)
		return;
	trace->proglen[pass] = proglen > 0 ? proglen : 0;
	trace->image[pass] = image;
	trace->passes = pass + 1;
	/* pass 0 replaces the estimate, and a failed pass measured nothing */
	if (pass == 0 || proglen <= 0)
		return;

	for (k = 0; k < prog->len; k++) {
		int old_len = insn_len(insn, old_addrs, k);
		int new_len = insn_len(insn, addrs, k);
		struct bpf_jit_change *c;

		if (old_len != new_len) {
			if (trace->nr_changes == trace->cap_changes) {
				u32 cap = trace->cap_changes ? 2 * trace->cap_changes : 16;
				void *p = realloc(trace->changes, cap * sizeof(*c));

				if (!p)
					return;
				trace->changes = p;
				trace->cap_changes = cap;
			}
			c = &trace->changes[trace->nr_changes++];
			c->pass = pass;
			c->insn = k;
			c->old_len = old_len;
			c->new_len = new_len;
			describe(c->why, sizeof(c->why), &insn[k], old_len, new_len);
		}
		if (insn[k].code == (BPF_LD | BPF_IMM | BPF_DW))
			k++;
	}
}

void bpf_jit_trace_final(struct bpf_jit_trace *trace, const int *addrs, u32 len)
{
	u32 k;

	free(trace->addrs);
	trace->addrs = malloc((len + 1) * sizeof(*trace->addrs));
	if (!trace->addrs)
		return;
	for (k = 0; k <= len; k++)
		trace->addrs[k] = addrs[k];
	trace->prologue_len = addrs[0];
}
