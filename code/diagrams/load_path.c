// SPDX-License-Identifier: GPL-2.0
/*
 * load_path: draws the article's walk as Graphviz, from a real run.
 *
 *   load_path LOAD_PATH.dot DATA_STRUCTURES.dot
 *
 * It loads the article's six instructions through sys_bpf() twice (JIT off,
 * then on), runs them, reads back what every stage built, and writes:
 *
 *   load-path.dot        sys_bpf() -> ... -> bpf_jit_binary_alloc(), each
 *                        step labelled with what it did in this run
 *   data-structures.dot  struct bpf_prog, its aux, its instructions and its
 *                        JIT image, with the offsets and values of this run
 *
 * Every value printed comes from the run; nothing that varies between runs
 * (addresses, fds of other programs, random offsets) is printed, so the
 * files are byte-for-byte reproducible and `make test` can diff them.
 */
#include <stdio.h>
#include <string.h>

#include "dot.h"
#include "disasm.h"
#include "linux/bpf.h"
#include "linux/bpf_interp.h"
#include "linux/bpf_jit.h"
#include "linux/file.h"
#include "linux/random.h"
#include "article.h"

/* The article's program: r0 = 0x231 + 0x456 via the stack. */
static const struct bpf_insn article[] = { ARTICLE_INSNS };

static char vlog[16384];

static int load(int jit)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insn_cnt = ARRAY_SIZE(article);
	attr.insns = (u64)(uintptr_t)article;
	attr.license = (u64)(uintptr_t)"GPL";
	attr.log_level = 1;
	attr.log_buf = (u64)(uintptr_t)vlog;
	attr.log_size = sizeof(vlog);
	bpf_jit_enable = jit;
	return (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

static u64 test_run(int fd)
{
	struct bpf_prog *prog = bpf_prog_get(fd);
	u64 r0 = bpf_prog_run64(prog, NULL);

	bpf_prog_put(prog);
	return r0;
}

/* The "processed N insns" figure from the verifier's log, or 0. */
static unsigned int processed_insns(void)
{
	const char *p = strstr(vlog, "processed ");
	unsigned int n = 0;

	if (p)
		sscanf(p, "processed %u", &n);
	return n;
}

static void step(struct dot *d, const char *id, const char *fn, const char *file,
		 const char *what)
{
	char label[512];

	snprintf(label, sizeof(label), "%s\n%s\n\n%s", fn, file, what);
	dot_node(d, id, label, NULL);
}

static void write_load_path(FILE *f, const struct bpf_prog *interp,
			    const struct bpf_prog *jit, u64 r0)
{
	const struct bpf_jit_trace *t = jit->aux->jit_trace;
	char what[512], passes[128] = "";
	struct dot d;
	int n = 0;

	for (u32 p = 0; t && p < t->passes && p < BPF_JIT_TRACE_MAX_PASSES; p++)
		n += snprintf(passes + n, sizeof(passes) - n, "%s%u", p ? ", " : "",
			      t->proglen[p]);

	dot_open(&d, f, "load_path", true);
	d.left_justify = true;
	dot_graph_attr(&d, "rankdir", "TB");
	dot_graph_attr(&d, "label", "The article's program through every stage (values from one run)");
	dot_defaults(&d, "node", (const char *[]){ "shape", "box", "fontname", "monospace", NULL });

	snprintf(what, sizeof(what), "cmd = BPF_PROG_LOAD, size = %zu\ntail check, copy_from_user(attr)",
		 sizeof(union bpf_attr));
	step(&d, "sys_bpf", "sys_bpf()", "kernel/bpf/syscall.c", what);
	snprintf(what, sizeof(what), "insn_cnt = %u, license \"GPL\" -> gpl_compatible = %u\ntype = socket_filter",
		 jit->len, jit->gpl_compatible);
	step(&d, "load", "bpf_prog_load()", "kernel/bpf/syscall.c", what);
	snprintf(what, sizeof(what), "bpf_prog_size(%u) = %u bytes -> pages = %u\njit_requested = %u (bpf_jit_enable = 1)",
		 jit->len, bpf_prog_size(jit->len), jit->pages, jit->jit_requested);
	step(&d, "alloc", "bpf_prog_alloc()", "kernel/bpf/core.c", what);
	snprintf(what, sizeof(what), "tag = %02x%02x%02x%02x%02x%02x%02x%02x\nprocessed %u insns\nstack_depth = %u",
		 jit->tag[0], jit->tag[1], jit->tag[2], jit->tag[3], jit->tag[4], jit->tag[5],
		 jit->tag[6], jit->tag[7], processed_insns(), jit->aux->stack_depth);
	step(&d, "check", "bpf_check()", "kernel/bpf/verifier.c", what);
	snprintf(what, sizeof(what), "bpf_prog_select_func(): depth %u -> %s\nthen bpf_int_jit_compile()",
		 interp->aux->stack_depth, bpf_interpreter_name(interp->bpf_func));
	step(&d, "select", "bpf_prog_select_runtime()", "kernel/bpf/core.c", what);
	snprintf(what, sizeof(what), "bpf_jit_blind_constants(): harden = %d, blinded = %u\ndo_jit() passes: proglen %s",
		 bpf_jit_harden, jit->blinded, passes);
	step(&d, "jit", "bpf_int_jit_compile()", "arch/x86/net/bpf_jit_comp.c", what);
	snprintf(what, sizeof(what), "jited_len = %u, 1 page, 0xcc fill\nRW while writing, then R+X",
		 jit->jited_len);
	step(&d, "binary", "bpf_jit_binary_alloc()", "kernel/bpf/core.c", what);
	snprintf(what, sizeof(what), "bpf_func(ctx, insnsi) -> r0 = %#llx", (unsigned long long)r0);
	step(&d, "run", "BPF_PROG_TEST_RUN", "net/bpf/test_run.c", what);

	dot_edge(&d, "sys_bpf", "load", NULL, NULL);
	dot_edge(&d, "load", "alloc", NULL, NULL);
	dot_edge(&d, "alloc", "check", "copy_from_user(insns)", NULL);
	dot_edge(&d, "check", "select", NULL, NULL);
	dot_edge(&d, "select", "jit", "weak default replaced\nby the x86 JIT", NULL);
	dot_edge(&d, "jit", "binary", "sizes converged", NULL);
	dot_edge(&d, "binary", "run", "id, fd", NULL);
	dot_close(&d);
}

static void write_data_structures(FILE *f, const struct bpf_prog *prog)
{
	const struct bpf_binary_header *hdr = bpf_jit_binary_hdr(prog);
	char label[2048], line[160];
	struct dot d;
	int n;

	dot_open(&d, f, "data_structures", true);
	dot_graph_attr(&d, "rankdir", "LR");
	dot_graph_attr(&d, "label", "What bpf_prog_load() built for the article's program");
	dot_defaults(&d, "node", (const char *[]){ "shape", "record", "fontname", "monospace", NULL });

	n = snprintf(label, sizeof(label),
		     "struct bpf_prog (%zu bytes + %u insns, %u page)"
		     "|+%zu pages = %u"
		     "|+2 jited = %u, jit_requested = %u, gpl_compatible = %u, blinded = %u"
		     "|+%zu type = %u (socket_filter)"
		     "|+%zu len = %u"
		     "|+%zu jited_len = %u"
		     "|+%zu tag = %02x%02x%02x%02x%02x%02x%02x%02x"
		     "|+%zu aux"
		     "|+%zu orig_prog = NULL"
		     "|+%zu bpf_func"
		     "|+%zu insnsi[%u]",
		     sizeof(struct bpf_prog), prog->len, prog->pages,
		     offsetof(struct bpf_prog, pages), prog->pages,
		     prog->jited, prog->jit_requested, prog->gpl_compatible, prog->blinded,
		     offsetof(struct bpf_prog, type), prog->type,
		     offsetof(struct bpf_prog, len), prog->len,
		     offsetof(struct bpf_prog, jited_len), prog->jited_len,
		     offsetof(struct bpf_prog, tag), prog->tag[0], prog->tag[1], prog->tag[2],
		     prog->tag[3], prog->tag[4], prog->tag[5], prog->tag[6], prog->tag[7],
		     offsetof(struct bpf_prog, aux), offsetof(struct bpf_prog, orig_prog),
		     offsetof(struct bpf_prog, bpf_func), offsetof(struct bpf_prog, insnsi),
		     prog->len);
	(void)n;
	dot_node(&d, "prog", label, NULL);

	snprintf(label, sizeof(label),
		 "struct bpf_prog_aux|refcnt = %lld (the fd, and this drawing)|stack_depth = %u|id (from prog_idr)|name = \"%s\"|prog (back pointer)|jit_trace: %u passes",
		 (long long)prog->aux->refcnt, prog->aux->stack_depth, prog->aux->name,
		 prog->aux->jit_trace ? prog->aux->jit_trace->passes : 0);
	dot_node(&d, "aux", label, NULL);

	n = snprintf(label, sizeof(label), "insnsi[] (8 bytes each)");
	for (u32 i = 0; i < prog->len; i++) {
		bpf_insn_snprintf(line, sizeof(line), &prog->insnsi[i]);
		n += snprintf(label + n, sizeof(label) - n, "|%u: %s", i, line);
	}
	dot_node(&d, "insns", label, NULL);

	snprintf(label, sizeof(label),
		 "struct bpf_binary_header|pages = %u|image[]: hole of random size, 0xcc (int3)|bpf_func: %u bytes of x86-64|rest of the page: 0xcc",
		 hdr ? hdr->pages : 0, prog->jited_len);
	dot_node(&d, "image", label, NULL);

	dot_edge(&d, "prog", "aux", "aux", NULL);
	dot_edge(&d, "aux", "prog", "aux->prog", (const char *[]){ "style", "dashed", NULL });
	dot_edge(&d, "prog", "insns", "insnsi (same allocation)", NULL);
	dot_edge(&d, "prog", "image", "bpf_func", NULL);
	dot_close(&d);
}

int main(int argc, char **argv)
{
	struct bpf_prog *interp, *jit;
	int fd_interp, fd_jit, rc = 0;
	FILE *f;
	u64 r0;

	if (argc != 3) {
		fprintf(stderr, "usage: load_path LOAD_PATH.dot DATA_STRUCTURES.dot\n");
		return 2;
	}
	set_random_seed(1);
	bpf_jit_nops = BPF_JIT_NOPS_K8;		/* the article's bytes */
	fd_interp = load(0);
	fd_jit = load(1);
	if (fd_interp < 0 || fd_jit < 0) {
		fprintf(stderr, "load_path: load failed (%d, %d):\n%s\n", fd_interp, fd_jit, vlog);
		return 1;
	}
	interp = bpf_prog_get(fd_interp);
	jit = bpf_prog_get(fd_jit);
	r0 = test_run(fd_jit);

	f = fopen(argv[1], "w");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	write_load_path(f, interp, jit, r0);
	rc |= fclose(f);
	f = fopen(argv[2], "w");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	write_data_structures(f, jit);
	rc |= fclose(f);

	bpf_prog_put(interp);
	bpf_prog_put(jit);
	close_fd(fd_interp);
	close_fd(fd_jit);
	return rc ? 1 : 0;
}
