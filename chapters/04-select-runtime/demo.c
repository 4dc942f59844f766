// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 04 demo: the article's program through sys_bpf(): loaded,
 * verified (stack depth 8), given an interpreter by
 * bpf_prog_select_runtime(), and run with BPF_PROG_TEST_RUN.
 */
#include <stdio.h>
#include <string.h>

#include "linux/bpf_interp.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "article.h"

/* The article's program, `a = 0x231; return a + 0x456;`, as an old clang -O0 emitted it */
static const struct bpf_insn article[] = { ARTICLE_INSNS };

int main(void)
{
	unsigned char pkt[64] = { 0 };
	union bpf_attr attr;
	struct bpf_prog *prog;
	int fd, err;

	set_current_caps(CAP_ALL);
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insn_cnt = ARRAY_SIZE(article);
	attr.insns = (u64)(unsigned long)article;
	attr.license = (u64)(unsigned long)"GPL";
	fd = (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	printf("BPF_PROG_LOAD (6 insns, socket_filter)        -> fd %d\n", fd);
	if (fd < 0) {
		printf("  load failed: -%s\n", errno_name(fd));
		return 1;
	}

	prog = bpf_prog_get(fd);	/* a peek inside, as a kernel debugger would */
	printf("verifier: aux->stack_depth                     = %u\n", prog->aux->stack_depth);
	printf("bpf_prog_select_func(): interpreters[%d]        = %s\n",
	       bpf_interpreter_index(prog), bpf_interpreter_name(prog->bpf_func));
	printf("bpf_int_jit_compile(): the __weak one, returned the program unchanged\n");
	printf("  prog->jited = %u, prog->jit_requested = %u (bpf_jit_enable = %d, no JIT linked)\n",
	       prog->jited, prog->jit_requested, bpf_jit_enable);
	bpf_prog_put(prog);

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = (u64)(unsigned long)pkt;
	attr.test.data_size_in = sizeof(pkt);
	attr.test.repeat = 1000;
	err = (int)sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
	printf("BPF_PROG_TEST_RUN (repeat 1000)                -> %d\n", err);
	printf("  retval = 0x%x (%u)\n", attr.test.retval, attr.test.retval);
	close_fd(fd);
	return err || attr.test.retval != 0x687;
}
