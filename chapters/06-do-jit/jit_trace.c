// SPDX-License-Identifier: GPL-2.0
/*
 * The record of the passes: how long the image was after each one, and
 * which instructions changed length, and why.
 *
 * Ours, not the kernel's: the kernel only shows the final pass count in
 * bpf_jit_dump(). Everything here is read off addrs[] before and after a
 * pass, so do_jit() itself carries no tracing code: even what a jump
 * measured in a pass is worked out again from the addrs[] it read
 * (bpf_jit_trace_jump()), the way do_jit() computes it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bpf_jit_comp.h"

bool bpf_jit_tracing = true;

/* Forget what a previous compilation recorded. */
static void trace_reset(struct bpf_jit_trace *trace)
{
	free(trace->changes);
	free(trace->addrs);
	free(trace->insns);
	free(trace->pass_addrs);
	memset(trace, 0, sizeof(*trace));
}

struct bpf_jit_trace *bpf_jit_trace_get(struct bpf_prog *prog)
{
	struct bpf_jit_trace *trace = prog->aux->jit_trace;

	if (!trace) {
		trace = calloc(1, sizeof(*trace));
		if (!trace)
			return NULL;	/* tracing is optional: compile on */
		prog->aux->jit_trace = trace;
	}
	if (!prog->aux->jit_data || !((struct x64_jit_data *)prog->aux->jit_data)->addrs)
		trace_reset(trace);	/* a fresh compilation, not a subprogram's extra pass */
	trace->insn_cnt = prog->len;
	/* The instructions, for drawing: once, before the first pass. */
	if (!trace->passes && prog->len <= BPF_JIT_TRACE_MAX_INSNS) {
		trace->insns = malloc(prog->len * sizeof(*trace->insns));
		if (trace->insns)
			memcpy(trace->insns, prog->insnsi, prog->len * sizeof(*trace->insns));
	} else if (trace->insns) {
		/* the extra pass: jit_subprogs() has written the calls' addresses */
		memcpy(trace->insns, prog->insnsi, prog->len * sizeof(*trace->insns));
	}
	return trace;
}

void bpf_jit_trace_free(struct bpf_jit_trace *trace)
{
	if (!trace)
		return;
	trace_reset(trace);
	free(trace);
}

/* Keep addrs[] as row `row` of pass_addrs; on no memory, keep sizes only. */
static void record_addrs(struct bpf_jit_trace *trace, u32 row, const int *addrs)
{
	size_t n = trace->insn_cnt + 1;
	u32 *rows;

	if (!trace->insns)
		return;
	rows = realloc(trace->pass_addrs, (row + 1) * n * sizeof(*rows));
	if (!rows) {
		free(trace->insns);
		free(trace->pass_addrs);
		trace->insns = NULL;
		trace->pass_addrs = NULL;
		return;
	}
	trace->pass_addrs = rows;
	for (size_t k = 0; k < n; k++)
		rows[row * n + k] = addrs[k];
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
	if (pass == 0)
		record_addrs(trace, 0, old_addrs);	/* the estimate */
	record_addrs(trace, pass + 1, addrs);
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

/* The first exit, whose code is the epilogue; -1 if none. */
static int first_exit(const struct bpf_jit_trace *t)
{
	for (u32 k = 0; k < t->insn_cnt; k++) {
		if (t->insns[k].code == (BPF_JMP | BPF_EXIT))
			return k;
		if (t->insns[k].code == (BPF_LD | BPF_IMM | BPF_DW))
			k++;
	}
	return -1;
}

/* The displacement do_jit() computed for insn in pass p, as in its jump cases. */
static bool jump_offset(const struct bpf_jit_trace *t, u32 p, u32 insn,
			int *target, s64 *offset)
{
	const struct bpf_insn *in = &t->insns[insn];
	size_t n = t->insn_cnt + 1;
	const u32 *before = t->pass_addrs + p * n, *after = before + n;
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	int i = insn + 1;	/* do_jit()'s index: addrs[i] is where insn ends */
	s64 off;
	int fe;

	if (op == BPF_EXIT) {
		/* a later exit jumps to cleanup_addr, set by the first in this pass */
		fe = first_exit(t);
		if (fe < 0 || fe >= (int)insn)
			return false;
		*target = fe;
		*offset = (s64)(fe ? after[fe] : 0) - before[i];
		return true;
	}
	off = cls == BPF_JMP32 && op == BPF_JA ? in->imm : in->off;
	if (op == BPF_JA && off == -1) {
		*target = insn;
		*offset = -2;	/* eb fe, without addrs[] */
		return true;
	}
	if (i + off < 0 || i + off > (s64)t->insn_cnt)
		return false;
	*target = i + off;
	/* behind: measured in this pass; ahead (or itself): in the pass before */
	*offset = (s64)(*target < i ? after[*target] : before[*target]) - before[i];
	return true;
}

static int jump_len(bool cond, const char *form)
{
	if (!strcmp(form, "removed"))
		return 0;
	if (!strcmp(form, "rel8"))
		return 2;
	return cond ? 6 : 5;		/* 0f 8x rel32 : e9 rel32 */
}

bool bpf_jit_trace_jump(const struct bpf_jit_trace *t, u32 p, u32 insn,
			struct bpf_jit_jump *j)
{
	const struct bpf_insn *in;
	size_t n = t->insn_cnt + 1;
	const u32 *after;
	bool cond;
	u8 op;

	if (!t->insns || !t->pass_addrs || p >= t->passes || insn >= t->insn_cnt ||
	    !t->proglen[p])
		return false;
	in = &t->insns[insn];
	op = BPF_OP(in->code);
	if ((BPF_CLASS(in->code) != BPF_JMP && BPF_CLASS(in->code) != BPF_JMP32) ||
	    op == BPF_CALL || op == BPF_TAIL_CALL)
		return false;
	if (!jump_offset(t, p, insn, &j->target, &j->offset))
		return false;
	cond = op != BPF_JA && op != BPF_EXIT;
	j->form = op == BPF_JA && j->offset == 0 ? "removed" :
		  is_imm8(j->offset) ? "rel8" : "rel32";
	after = t->pass_addrs + (p + 1) * n;
	j->len = after[insn + 1] - after[insn];
	/*
	 * The compare before a jcc has the same length in every pass, and pass
	 * 0 never pads: its length minus its jump's is the compare's.
	 */
	j->cmp_len = 0;
	if (cond) {
		int target0;
		s64 offset0;

		if (!jump_offset(t, 0, insn, &target0, &offset0))
			return false;
		j->cmp_len = (int)(t->pass_addrs[n + insn + 1] - t->pass_addrs[n + insn]) -
			     jump_len(true, is_imm8(offset0) ? "rel8" : "rel32");
	}
	j->nops = j->len - j->cmp_len - jump_len(cond, j->form);
	return true;
}
