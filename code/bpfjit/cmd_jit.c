// SPDX-License-Identifier: GPL-2.0
/*
 * bpfjit jit: the JIT image of a program, the ways chapter 06 shows it; and
 * bpfjit jit-disasm: the reverse, from a kernel log back to instructions.
 *
 * The bytes come from BPF_OBJ_GET_INFO_BY_FD (jited_prog_insns), as
 * bpftool gets them. The pass trace and the interleaved disassembly need
 * the program object itself (struct bpf_prog, its aux->jit_trace): the
 * kernel exposes neither, so those read the reference bpfjit_load() took.
 */
#include <stdlib.h>
#include <string.h>

#include "bpfjit.h"
#include "linux/bpf_jit.h"
#include "x86_disasm.h"

static const char usage[] =
"usage: bpfjit jit [OPTIONS] FILE\n"
"\n"
"Load FILE with the JIT on and show the image (default: --disasm):\n"
"  --dump                the kernel's bpf_jit_dump() (bpf_jit_enable=2) format\n"
"  --disasm              each BPF instruction, then the x86-64 it became\n"
"  --passes              the passes of do_jit(): image size per pass, and which\n"
"                        instructions changed size\n"
"  --dot FILE            the passes as a Graphviz diagram\n"
"  --raw FILE            the image bytes into FILE\n"
"\n";

static void print_passes(const struct bpf_jit_trace *t)
{
	u32 pass, i;

	printf("pass  proglen  image  changes\n");
	for (pass = 0; pass < t->passes && pass < BPF_JIT_TRACE_MAX_PASSES; pass++) {
		printf("%4u  %7d  %-5s ", pass, (int)t->proglen[pass],
		       t->image[pass] ? "yes" : "no");
		for (i = 0; i < t->nr_changes; i++) {
			const struct bpf_jit_change *c = &t->changes[i];

			if (c->pass == pass)
				printf(" insn %u: %u -> %u bytes (%s);", c->insn,
				       c->old_len, c->new_len, c->why);
		}
		printf("\n");
	}
	printf("converged: %s%s\n", t->converged ? "yes" : "no",
	       t->padded ? " (with NOP padding)" : "");
}

static int write_file(const char *path, const void *buf, size_t len,
		      struct bpfjit_err *e)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return bpfjit_fail(e, errno, "%s: cannot create: %s", path, strerror(errno));
	if (fwrite(buf, 1, len, f) != len || fclose(f))
		return bpfjit_fail(e, EIO, "%s: write error", path);
	return 0;
}

int cmd_jit(int argc, char **argv)
{
	struct bpfjit_opts o;
	struct bpfjit_prog p = { 0 };
	struct bpfjit_loaded l = { .fd = -1 };
	struct bpfjit_err e = { 0 };
	const struct bpf_jit_trace *t;
	char full_usage[8192];
	int ret;

	snprintf(full_usage, sizeof(full_usage), "%s%s", usage, usage_common);
	ret = bpfjit_parse_opts(argc, argv, &o, full_usage, OPT_JIT | OPT_DOT | OPT_JSON);
	if (ret)
		return ret == 1 ? 0 : ret;
	if (!o.jit) {
		bpfjit_fail(&e, EINVAL, "jit: --interp asks for no JIT image; use 'bpfjit run --interp'");
		bpfjit_report(&o, &e);
		bpfjit_opts_free(&o);
		return 2;
	}
	if (!o.dump && !o.passes && !o.dot && !o.raw && !o.json)
		o.disasm = true;

	ret = bpfjit_open(&o, &p, &l, &e);
	if (ret)
		goto out;
	t = l.prog->aux->jit_trace;
	if (!l.info.jited_prog_len) {
		ret = bpfjit_fail(&e, EOPNOTSUPP, "%s: the program was not JIT-compiled: %s",
				  o.input, t && t->fallback ? t->fallback : "the interpreter runs it");
		goto out;
	}
	if (o.raw) {
		ret = write_file(o.raw, l.jited, l.info.jited_prog_len, &e);
		if (ret)
			goto out;
	}
	if (o.dot) {
		FILE *f = fopen(o.dot, "w");

		if (!f) {
			ret = bpfjit_fail(&e, errno, "%s: cannot create: %s", o.dot, strerror(errno));
			goto out;
		}
		if (bpfjit_trace(&l))
			bpf_jit_trace_dot(f, "passes", p.name[0] ? p.name : "prog", bpfjit_trace(&l));
		if (fclose(f)) {
			ret = bpfjit_fail(&e, EIO, "%s: write error", o.dot);
			goto out;
		}
	}
	if (o.json) {
		struct json j;

		json_begin(&j, stdout);
		json_loaded(&j, &l);
		json_end(&j);
		goto out;
	}
	/* With bpf-to-bpf calls, jit_subprogs() compiled each function as a
	 * program of its own (aux->func[]); the kernel dumps each as it
	 * finishes, and so do we.
	 */
	for (u32 i = 0; i < max(l.prog->aux->func_cnt, 1u); i++) {
		const struct bpf_prog *fp = l.prog->aux->func_cnt ? l.prog->aux->func[i] : l.prog;

		t = fp->aux->jit_trace;
		if (l.prog->aux->func_cnt)
			printf("%s; function %u: %u BPF instructions, %u bytes of x86-64\n",
			       i ? "\n" : "", i, fp->len, fp->jited_len);
		if (o.dump) {
			/* bpf_jit_enable = 2's output: the same function the JIT calls. */
			bpf_jit_log = stdout;
			bpf_jit_dump(fp->len, fp->jited_len, t ? t->passes : 0,
				     (void *)fp->bpf_func);
			bpf_jit_log = NULL;
		}
		if (o.passes && t)
			print_passes(t);
		if (o.disasm)
			bpf_jit_disasm_prog(stdout, fp);
	}
out:
	if (ret)
		ret = bpfjit_report(&o, &e);
	bpfjit_close(&p, &l);
	bpfjit_opts_free(&o);
	return ret;
}

static const char usage_disasm[] =
"usage: bpfjit jit-disasm LOGFILE|-\n"
"\n"
"Read a kernel log (dmesg) holding a JIT dump, the lines\n"
"  JIT code: 00000000: 66 66 66 66 90 55 48 89 e5 ...\n"
"written with net.core.bpf_jit_enable=2, and disassemble the bytes.\n"
"Other lines and dmesg timestamps are skipped. '-' reads stdin.\n";

int cmd_jit_disasm(int argc, char **argv)
{
	FILE *in;
	long n;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage_disasm, stdout);
		return 0;
	}
	if (argc != 2 || (argv[1][0] == '-' && argv[1][1])) {
		fputs(usage_disasm, stderr);
		return 2;
	}
	in = strcmp(argv[1], "-") ? fopen(argv[1], "r") : stdin;
	if (!in) {
		fprintf(stderr, "bpfjit: %s: cannot open: %s\n", argv[1], strerror(errno));
		return 1;
	}
	n = bpf_jit_disasm_log(in, stdout);
	if (in != stdin)
		fclose(in);
	if (n < 0) {
		fprintf(stderr, "bpfjit: %s: a malformed 'JIT code:' line (-%s)\n",
			argv[1], errno_name(n));
		return 1;
	}
	if (n == 0) {
		fprintf(stderr, "bpfjit: %s: no 'JIT code:' lines (was net.core.bpf_jit_enable 2?)\n",
			argv[1]);
		return 1;
	}
	return 0;
}
