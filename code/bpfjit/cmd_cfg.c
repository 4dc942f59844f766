// SPDX-License-Identifier: GPL-2.0
/*
 * bpfjit cfg: the control-flow graph of a program.
 *
 * Mirrors tools/bpf/bpftool/cfg.c (cfg_partition_funcs, func_partition_bb_head,
 * func_add_bb_edges, dump_xlated_cfg: `bpftool prog dump xlated visual`),
 * Linux 6.1; written afresh. Functions are cut at bpf-to-bpf call targets,
 * basic blocks at jump targets and after jumps and exits; each function is a
 * cluster with an ENTRY and an EXIT node, as bpftool draws it.
 *
 * bpftool draws the xlated program; we draw the instructions the loader
 * passed (after the ELF loader's relocations), once BPF_PROG_LOAD has
 * accepted them. The reason is bpf-to-bpf calls: after loading, the kernel
 * (and so our stages) rewrites a call's imm into a subprogram number (JIT)
 * or an interpreter's address (BPF_CALL_ARGS), so the xlated program no
 * longer says where a function starts.
 */
#include <stdlib.h>
#include <string.h>

#include "bpfjit.h"
#include "disasm.h"
#include "dot.h"

static const char usage[] =
"usage: bpfjit cfg --dot FILE [OPTIONS] PROGRAM\n"
"\n"
"Load PROGRAM and write the control-flow graph of its instructions (as the\n"
"loader passed them) to FILE as Graphviz, like 'bpftool prog dump xlated\n"
"visual':\n"
"one cluster per function, one box per basic block. Render it with\n"
"'dot -Tsvg FILE > cfg.svg'.\n"
"\n";

static bool is_ld_imm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static bool is_jmp_class(const struct bpf_insn *insn)
{
	return BPF_CLASS(insn->code) == BPF_JMP || BPF_CLASS(insn->code) == BPF_JMP32;
}

static bool is_pseudo_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL;
}

/* A jump's target, or -1 for an instruction that does not jump. */
static s64 jump_target(const struct bpf_insn *insns, u32 i)
{
	const struct bpf_insn *insn = &insns[i];
	u8 op = BPF_OP(insn->code);

	if (!is_jmp_class(insn) || op == BPF_CALL || op == BPF_EXIT)
		return -1;
	if (insn->code == (BPF_JMP32 | BPF_JA))	/* gotol: offset in imm */
		return (s64)i + 1 + insn->imm;
	return (s64)i + 1 + insn->off;
}

enum { LEADER = 1, FUNC = 2 };

static void write_block(struct dot *d, const struct bpf_insn *insns, u32 first,
			u32 end, const char *id)
{
	char line[256], *label = NULL;
	size_t cap = 0, len = 0;
	u32 i;

	for (i = first; i < end; i++) {
		int n = snprintf(line, sizeof(line), "%u: ", i);

		bpf_insn_snprintf(line + n, sizeof(line) - n, &insns[i]);
		n = strlen(line);
		if (len + n + 2 > cap) {
			char *nl = realloc(label, (len + n + 2) * 2);

			if (!nl) {
				free(label);
				return;
			}
			label = nl;
			cap = (len + n + 2) * 2;
		}
		memcpy(label + len, line, n);
		len += n;
		label[len++] = '\n';
		label[len] = '\0';
		if (is_ld_imm64(&insns[i]))
			i++;
	}
	dot_node(d, id, label, (const char *[]){ "shape", "box", NULL });
	free(label);
}

/* Write the graph; -EINVAL if a jump leaves the program (never after a load). */
static int write_cfg(FILE *f, const struct bpf_insn *insns, u32 len)
{
	u8 *mark = calloc(len + 1, 1);
	char from[48], to[48];
	struct dot d;
	u32 i, fn = 0, fn_start = 0;
	s64 t;

	if (!mark)
		return -ENOMEM;
	mark[0] = LEADER | FUNC;
	for (i = 0; i < len; i++) {
		if (is_pseudo_call(&insns[i])) {
			t = (s64)i + 1 + insns[i].imm;
			if (t >= 0 && t < len)
				mark[t] |= LEADER | FUNC;
		}
		t = jump_target(insns, i);
		if (t >= 0 && t < len)
			mark[t] |= LEADER;
		if (t >= 0 || (is_jmp_class(&insns[i]) && BPF_OP(insns[i].code) == BPF_EXIT))
			mark[i + 1] |= LEADER;
		if (is_ld_imm64(&insns[i]))
			i++;
	}

	dot_open(&d, f, "DOT graph for eBPF program", true);
	d.left_justify = true;
	dot_defaults(&d, "node", (const char *[]){ "fontname", "monospace", NULL });
	for (i = 0; i < len; ) {
		u32 end = i + 1;

		if (mark[i] & FUNC) {
			char name[48], label[48];

			if (i)
				dot_close(&d);
			fn_start = i;
			snprintf(name, sizeof(name), "cluster_%u", fn);
			snprintf(label, sizeof(label), "func_%u ()", fn);
			dot_subgraph(&d, name, label);
			dot_graph_attr(&d, "style", "dashed");
			snprintf(from, sizeof(from), "fn_%u_entry", fn);
			dot_node(&d, from, "ENTRY", (const char *[]){ "shape", "Mdiamond", NULL });
			snprintf(to, sizeof(to), "fn_%u_bb_%u", fn, i);
			dot_edge(&d, from, to, NULL, NULL);
			snprintf(from, sizeof(from), "fn_%u_exit", fn);
			dot_node(&d, from, "EXIT", (const char *[]){ "shape", "Mdiamond", NULL });
			fn++;
		}
		while (end < len && !(mark[end] & LEADER))
			end++;
		snprintf(from, sizeof(from), "fn_%u_bb_%u", fn - 1, i);
		write_block(&d, insns, i, end, from);

		/* The block's last instruction decides its edges. */
		{
			u32 last = end - 1;
			const struct bpf_insn *insn = &insns[last];
			bool exit = is_jmp_class(insn) && BPF_OP(insn->code) == BPF_EXIT;
			bool ja = (insn->code == (BPF_JMP | BPF_JA)) ||
				  (insn->code == (BPF_JMP32 | BPF_JA));

			if (last > i && is_ld_imm64(&insns[last - 1]))
				insn = &insns[--last];
			t = jump_target(insns, last);
			if (exit) {
				snprintf(to, sizeof(to), "fn_%u_exit", fn - 1);
				dot_edge(&d, from, to, NULL, NULL);
			}
			if (!exit && !ja && end < len && !(mark[end] & FUNC)) {
				snprintf(to, sizeof(to), "fn_%u_bb_%u", fn - 1, end);
				dot_edge(&d, from, to, t >= 0 ? "false" : NULL, NULL);
			}
			if (t >= 0 && t >= fn_start && t < len) {
				snprintf(to, sizeof(to), "fn_%u_bb_%lld", fn - 1, (long long)t);
				dot_edge(&d, from, to, ja ? NULL : "true",
					 (const char *[]){ "color", ja ? "black" : "green", NULL });
			}
		}
		i = end;
	}
	dot_close(&d);
	dot_close(&d);
	free(mark);
	return 0;
}

int cmd_cfg(int argc, char **argv)
{
	struct bpfjit_opts o;
	struct bpfjit_prog p = { 0 };
	struct bpfjit_loaded l = { .fd = -1 };
	struct bpfjit_err e = { 0 };
	char full_usage[8192];
	FILE *f;
	int ret;

	snprintf(full_usage, sizeof(full_usage), "%s%s", usage, usage_common);
	ret = bpfjit_parse_opts(argc, argv, &o, full_usage, OPT_DOT);
	if (ret)
		return ret == 1 ? 0 : ret;
	if (!o.dot) {
		bpfjit_fail(&e, EINVAL, "cfg: --dot FILE is required (see 'bpfjit cfg --help')");
		bpfjit_report(&o, &e);
		bpfjit_opts_free(&o);
		return 2;
	}
	ret = bpfjit_open(&o, &p, &l, &e);
	if (!ret) {
		f = strcmp(o.dot, "-") ? fopen(o.dot, "w") : stdout;
		if (!f)
			ret = bpfjit_fail(&e, errno, "%s: cannot create: %s", o.dot, strerror(errno));
		else {
			ret = write_cfg(f, p.insns, p.insn_cnt);
			if (ret)
				bpfjit_fail(&e, -ret, "cfg: -%s", errno_name(ret));
			if (f != stdout && fclose(f) && !ret)
				ret = bpfjit_fail(&e, EIO, "%s: write error", o.dot);
		}
	}
	if (ret)
		ret = bpfjit_report(&o, &e);
	bpfjit_close(&p, &l);
	bpfjit_opts_free(&o);
	return ret;
}
