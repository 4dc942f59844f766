// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 09 demo: the article's program through the whole path, compiled
 * by chapter 06's v5.8 JIT and by the optimising one, step by step; then a
 * division by a constant and a loop's end, as the optimising JIT makes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/bpf.h"
#include "linux/bpf_jit.h"
#include "linux/file.h"
#include "article.h"
#include "opt.h"

/* Load insns (a socket filter) through sys_bpf() with the optimiser's steps. */
static struct bpf_prog *load(const struct bpf_insn *insns, u32 len, unsigned int steps,
			     int *fd)
{
	union bpf_attr attr;
	struct bpf_prog *prog;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insn_cnt = len;
	attr.insns = (u64)(unsigned long)insns;
	attr.license = (u64)(unsigned long)"GPL";
	bpf_jit_opt = steps;
	*fd = sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	bpf_jit_opt = 0;
	if (*fd < 0) {
		printf("BPF_PROG_LOAD: %d (-%s)\n", *fd, errno_name(*fd));
		exit(1);
	}
	prog = bpf_prog_get(*fd);
	bpf_prog_put(prog);		/* the fd holds the program */
	return prog;
}

static void show(const char *title, const struct bpf_insn *insns, u32 len, unsigned int steps)
{
	int fd;
	struct bpf_prog *prog = load(insns, len, steps, &fd);

	printf("== %s: %u bytes\n", title, prog->jited_len);
	bpf_jit_disasm_prog(stdout, prog);
	printf("\n");
	close_fd(fd);
}

int main(void)
{
	static const struct bpf_insn article[] = { ARTICLE_INSNS };
	/* r0 = a random number % 1000 (a number the JIT cannot know) */
	static const struct bpf_insn mod[] = {
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_get_prandom_u32),
		BPF_ALU32_IMM(BPF_MOD, BPF_REG_0, 1000),
		BPF_EXIT_INSN(),
	};
	/* r0 = a random number + 0 + 1 + ... + 99, the loop closed as clang closes fnv1a's */
	static const struct bpf_insn loop[] = {
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_get_prandom_u32),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_3),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, 1),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_3, 100, 1),
		BPF_JMP_A(-4),
		BPF_EXIT_INSN(),
	};
	int fd;

	show("the article's program, chapter 06's v5.8 JIT", article, ARRAY_SIZE(article), 0);
	show("the same, optimising (bpf_jit_opt = all)", article, ARRAY_SIZE(article),
	     BPF_JIT_OPT_ALL);

	printf("== the article's program, the steps one at a time\n");
	printf("  %-8s %5s\n", "steps", "bytes");
	for (u32 k = 0; k <= ARRAY_SIZE(bpf_jit_opt_step_names); k++) {
		struct bpf_prog *prog = load(article, ARRAY_SIZE(article), (1u << k) - 1, &fd);

		printf("  %-8s %5u\n", k ? bpf_jit_opt_step_names[k - 1] : "none",
		       prog->jited_len);
		close_fd(fd);
	}
	printf("  (each adds its step to those above it; in a program array, every\n"
	       "  optimised one has 34 bytes more: the way in for tail calls)\n\n");

	show("w0 %= 1000: a multiplication by 0x10624dd3, no div", mod, ARRAY_SIZE(mod),
	     BPF_JIT_OPT_ALL);
	show("a loop's end, v5.8: if r3 == 100 goto +1; goto -4", loop, ARRAY_SIZE(loop), 0);
	show("the same, optimising: one jump, the other way round", loop, ARRAY_SIZE(loop),
	     BPF_JIT_OPT_ALL);
	return 0;
}
