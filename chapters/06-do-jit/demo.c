// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 06 demo: the article's six instructions through bpf_prog_load(),
 * the verifier and bpf_prog_select_runtime() into our do_jit(): the passes,
 * the kernel's dump (equal to the article's), the disassembly beside the
 * BPF instructions, the NOP the CPU decides, programs whose jumps need more
 * passes, and the article's own trick of reading a dump back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/bpf.h"
#include "linux/bpf_interp.h"
#include "linux/bpf_jit.h"
#include "linux/file.h"
#include "disasm.h"
#include "test_util.h"

static struct bpf_prog *load(const struct bpf_insn *insns, u32 len, int *fd)
{
	union bpf_attr attr;
	struct bpf_prog *prog;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insn_cnt = len;
	attr.insns = (u64)(unsigned long)insns;
	attr.license = (u64)(unsigned long)"GPL";
	*fd = sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	if (*fd < 0) {
		printf("BPF_PROG_LOAD: %d (-%s)\n", *fd, errno_name(*fd));
		exit(1);
	}
	prog = bpf_prog_get(*fd);
	bpf_prog_put(prog);		/* the fd holds the program */
	return prog;
}

/* One line per pass; runs of neighbouring instructions that changed alike are merged. */
static void print_passes(const struct bpf_jit_trace *t)
{
	u32 p, c;

	printf("  pass  proglen  image    instructions whose code changed length\n");
	for (p = 0; p < t->passes; p++) {
		bool any = false;

		printf("  %4u  %7u  %-7s ", p, t->proglen[p], t->image[p] ? "written" : "-");
		if (p == 0)
			printf(" (the 64-bytes-per-instruction estimate replaced)");
		for (c = 0; c < t->nr_changes; c++) {
			const struct bpf_jit_change *ch = &t->changes[c];
			u32 last = c;

			if (ch->pass != p)
				continue;
			while (last + 1 < t->nr_changes && t->changes[last + 1].pass == p &&
			       t->changes[last + 1].insn == t->changes[last].insn + 1 &&
			       !strcmp(t->changes[last + 1].why, ch->why))
				last++;
			if (last > c)
				printf("%s insns %u-%u: %s", any ? "," : "", ch->insn,
				       t->changes[last].insn, ch->why);
			else
				printf("%s insn %u: %s", any ? "," : "", ch->insn, ch->why);
			any = true;
			c = last;
		}
		printf("\n");
	}
}

/*
 * The jumps of a small program, pass by pass, as bpf_jit_trace_jump() works
 * them out: the displacement each measured and the encoding it got; a star
 * where one shrank. The chapter's diagram of the same run is a table too.
 */
static void print_jumps(const struct bpf_jit_trace *t)
{
	struct bpf_jit_jump j;
	u32 cols[8], n = 0, p, c, k;

	for (k = 0; k < t->insn_cnt && n < ARRAY_SIZE(cols); k++)
		if (bpf_jit_trace_jump(t, 0, k, &j))
			cols[n++] = k;
	printf("  pass");
	for (c = 0; c < n; c++)
		printf("   insn %-7u", cols[c]);
	printf("   proglen\n");
	for (p = 0; p < t->passes; p++) {
		printf("  %4u", p);
		for (c = 0; c < n; c++) {
			struct bpf_jit_jump prev;
			bool shrank = p && bpf_jit_trace_jump(t, p - 1, cols[c], &prev) &&
				      bpf_jit_trace_jump(t, p, cols[c], &j) && j.len < prev.len;

			bpf_jit_trace_jump(t, p, cols[c], &j);
			printf("   %+5lld %-5s%s", (long long)j.offset, j.form, shrank ? "*" : " ");
		}
		printf("   %7u%s\n", t->proglen[p], t->image[p] ? " written" : "");
	}
}

/* bpf_jit_dump() into memory, printed with the pid masked: nothing else varies. */
static void dump(const struct bpf_insn *insns, u32 len)
{
	char *buf = NULL, *pid;
	size_t size = 0;
	struct bpf_prog *prog;
	int fd;

	bpf_jit_log = open_memstream(&buf, &size);
	bpf_jit_enable = 2;
	prog = load(insns, len, &fd);
	bpf_jit_enable = 1;
	fclose(bpf_jit_log);
	bpf_jit_log = NULL;
	pid = strstr(buf, " pid=");
	if (pid) {
		char *end = strchr(pid, '\n');

		printf("%.*s pid=<pid>%s", (int)(pid - buf), buf, end ? end : "\n");
	} else {
		fputs(buf, stdout);
	}
	free(buf);
	(void)prog;
	close_fd(fd);
}

int main(void)
{
	const struct bpf_insn article[] = { ARTICLE_INSNS };
	static struct bpf_insn cascade[64], stairs[400];
	const char *table;
	struct bpf_prog *prog;
	FILE *in;
	int fd;
	u32 len;

	printf("The article's program, loaded with sys_bpf(BPF_PROG_LOAD):\n\n");
	bpf_print_prog(stdout, article, ARRAY_SIZE(article));

	bpf_jit_nops = BPF_JIT_NOPS_K8;		/* the article's CPU */
	prog = load(article, ARRAY_SIZE(article), &fd);
	printf("\nbpf_int_jit_compile(): %s, %u bytes, %u passes\n\n",
	       prog->jited ? "JITed" : "not JITed", prog->jited_len,
	       prog->aux->jit_trace->passes);
	print_passes(prog->aux->jit_trace);
	printf("\n  Pass 0 measures against the estimate, pass 1 finds the same size\n"
	       "  (no jumps: nothing could shrink) and allocates, pass 2 writes.\n");

	printf("\nRun: r0 = %#llx\n", (unsigned long long)bpf_prog_run64(prog, NULL));

	printf("\nEach BPF instruction and the x86-64 code it became (addrs[]):\n\n");
	bpf_jit_disasm_prog(stdout, prog);
	close_fd(fd);

	printf("\nThe kernel's dump, net.core.bpf_jit_enable = 2 (image is %%pK: zeros):\n\n");
	dump(article, ARRAY_SIZE(article));
	printf("\n  Byte for byte the article's: its kernel (v5.5-v5.9) ran on a CPU for\n"
	       "  which arch_init_ideal_nops() chose the K8 NOPs (66 66 66 66 90).\n");

	bpf_jit_nops = BPF_JIT_NOPS_CPU;
	bpf_jit_nop5(&table);
	printf("\nThe same program with the NOP v5.8 would choose for this CPU (%s):\n\n",
	       table);
	dump(article, ARRAY_SIZE(article));
	bpf_jit_nops = BPF_JIT_NOPS_P6;
	printf("\nAnd with the P6 NOP every modern CPU gets (static from v5.13):\n\n");
	dump(article, ARRAY_SIZE(article));
	bpf_jit_nops = BPF_JIT_NOPS_K8;

	len = jit_cascade_prog(cascade);
	printf("\nA program of %u instructions with four jumps, the displacement each\n"
	       "measured in each pass and the encoding it got (* where it shrank):\n\n", len);
	prog = load(cascade, len, &fd);
	print_jumps(prog->aux->jit_trace);
	printf("\n");
	print_passes(prog->aux->jit_trace);
	printf("\n  Pass 0 measures every jump ahead against the estimate: all rel32.\n"
	       "  Insn 17's 16 bytes then fit rel8; its 4 bytes saved bring insns 3\n"
	       "  and 4 within reach, and theirs bring insn 2.\n");
	printf("\nRun: r0 = %llu\n", (unsigned long long)bpf_prog_run64(prog, NULL));
	close_fd(fd);

	len = jit_staircase_prog(stairs, 22);
	printf("\nA staircase of 22 jumps (%u instructions), where each jump can shrink\n"
	       "only after the next one has: one per pass.\n\n", len);
	prog = load(stairs, len, &fd);
	print_passes(prog->aux->jit_trace);
	printf("\n  %s: %s, so the program stays with the interpreter (r0 = %llu).\n",
	       prog->jited ? "JITed" : "Not JITed",
	       prog->aux->jit_trace->fallback ? prog->aux->jit_trace->fallback : "",
	       (unsigned long long)bpf_prog_run64(prog, NULL));
	close_fd(fd);

	bpf_jit_padding = true;
	prog = load(stairs, len, &fd);
	bpf_jit_padding = false;
	printf("\nThe same with NOP padding from pass 15 (Linux 5.12):\n\n");
	print_passes(prog->aux->jit_trace);
	printf("\n  %s, %u bytes, r0 = %llu.\n", prog->jited ? "JITed" : "Not JITed",
	       prog->jited_len, (unsigned long long)bpf_prog_run64(prog, NULL));
	close_fd(fd);

	printf("\nThe reverse, as the article did with pwntools: its log, read back:\n\n");
	static const char log[] =
		"[   18.353267] JIT code: 00000000: 66 66 66 66 90 55 48 89 e5 48 81 ec 08 00 00 00\n"
		"[   18.353587] JIT code: 00000010: 53 41 55 41 56 41 57 6a 00 bf 31 02 00 00 48 89\n"
		"[   18.353972] JIT code: 00000020: 7d f8 48 8b 7d f8 48 81 c7 56 04 00 00 48 89 f8\n"
		"[   18.354265] JIT code: 00000030: 5b 41 5f 41 5e 41 5d 5b c9 c3\n";
	in = fmemopen((void *)log, strlen(log), "r");
	bpf_jit_disasm_log(in, stdout);
	fclose(in);
	return 0;
}
