// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 03 demo: the article's program through bpf_check() with the
 * verifier log at level 2, then the stack depth the JIT will be told, and
 * two programs the verifier refuses, with its reasons.
 */
#include <stdio.h>
#include <string.h>

#include "linux/bpf.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "disasm.h"
#include "article.h"

/* The article's six instructions (clang -O0: a = 0x231; return a + 0x456;) */
static const struct bpf_insn article[] = { ARTICLE_INSNS };

static char log_buf[16384];

static int load(const char *what, const struct bpf_insn *insns, u32 cnt, u32 level)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (u64)(uintptr_t)insns;
	attr.insn_cnt = cnt;
	attr.license = (u64)(uintptr_t)"GPL";
	attr.log_level = level;
	attr.log_buf = (u64)(uintptr_t)log_buf;
	attr.log_size = sizeof(log_buf);
	log_buf[0] = 0;

	fd = (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	printf("== %s: BPF_PROG_LOAD -> %d%s%s\n", what, fd,
	       fd < 0 ? " -" : "", fd < 0 ? errno_name(fd) : "");
	printf("-- verifier log (log_level %u):\n", level);
	/* Every line but the timing, which differs from run to run. */
	for (char *line = log_buf, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line) - 1;
		if (strncmp(line, "verification time ", 18))
			printf("%.*s\n", (int)(nl - line), line);
	}
	return fd;
}

int main(void)
{
	const struct bpf_insn bad_read[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8),	/* nothing stored there */
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn loop[] = {			/* for (i = 0; i < 3; i++) */
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
		BPF_JMP_IMM(BPF_JLT, BPF_REG_0, 3, -2),
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn endless[] = {			/* i != 0 for 2^64 rounds */
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, -2),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog *prog;
	struct file *f;
	int fd;

	set_current_caps(CAP_ALL);
	fd = load("the article's program", article, ARRAY_SIZE(article), 2);
	if (fd < 0)
		return 1;
	f = fget(fd);
	prog = f->private_data;
	printf("-- aux->stack_depth = %u: the JIT reserves this much below rbp\n",
	       prog->aux->stack_depth);
	printf("-- the program as the JIT will see it (%u insns):\n", prog->len);
	bpf_print_prog(stdout, prog->insnsi, prog->len);
	close_fd(fd);

	printf("\n");
	load("reading a stack slot never written", bad_read, ARRAY_SIZE(bad_read), 1);

	printf("\n");
	set_current_caps(CAP_NONE);
	load("a loop, unprivileged", loop, ARRAY_SIZE(loop), 1);
	set_current_caps(CAP_TO_MASK(CAP_BPF));
	printf("\n");
	fd = load("the same loop, with CAP_BPF: walked to its end", loop, ARRAY_SIZE(loop), 1);
	if (fd >= 0)
		close_fd(fd);
	printf("\n");
	load("a loop the walk cannot finish (log: statistics only)", endless,
	     ARRAY_SIZE(endless), 4);
	return 0;
}
