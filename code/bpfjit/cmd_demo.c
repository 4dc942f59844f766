// SPDX-License-Identifier: GPL-2.0
/*
 * bpfjit demo: the article's program from bpf(2) to x86-64, stage by stage,
 * for a reader who has not read the chapters yet. Everything is fixed (the
 * seed, the NOP table, no addresses), so the output is the same on every
 * run and machine and is kept as a golden file (demo.golden).
 *
 * The program goes through sys_bpf() like any other (bpfjit_load(),
 * bpfjit_test_run()). What no uapi reports -- the fields of struct
 * bpf_prog, the verifier's stack depth, the JIT's passes and addrs[] -- is
 * read from the program object behind the fd, which is what this demo is
 * for.
 */
#include <stdlib.h>
#include <string.h>

#include "bpfjit.h"
#include "disasm.h"
#include "linux/bpf_jit.h"
#include "article.h"

/*
 * The article's six instructions, as its clang compiled
 * `unsigned long prog(void) { unsigned long a = 0x231; return a + 0x456; }`
 * at -O0 (code/examples/article.hex has them as text).
 */
static struct bpf_insn article_insns[] = { ARTICLE_INSNS };

/* The article's dump: what its kernel (v5.8 on a K8-NOP CPU) wrote. */
static const u8 article_image[58] = {
	0x66, 0x66, 0x66, 0x66, 0x90, 0x55, 0x48, 0x89, 0xe5, 0x48, 0x81, 0xec, 0x08, 0x00, 0x00, 0x00,
	0x53, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57, 0x6a, 0x00, 0xbf, 0x31, 0x02, 0x00, 0x00, 0x48, 0x89,
	0x7d, 0xf8, 0x48, 0x8b, 0x7d, 0xf8, 0x48, 0x81, 0xc7, 0x56, 0x04, 0x00, 0x00, 0x48, 0x89, 0xf8,
	0x5b, 0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x5b, 0xc9, 0xc3,
};

#define DEMO_SEED	20200802	/* Linux 5.8's release day */

static const char usage[] =
"usage: bpfjit demo [--dot-dir DIR]\n"
"\n"
"Walk the article's program through every stage: the system call, the\n"
"program object, the verifier, the interpreter, constant blinding, the JIT's\n"
"passes, the kernel's dump, the disassembly. With --dot-dir, write the JIT's\n"
"pass diagrams (Graphviz) into DIR.\n";

static void heading(const char *chapter, const char *title)
{
	printf("\n---- %s: %s ", chapter, title);
	for (size_t n = strlen(chapter) + strlen(title) + 8; n < 78; n++)
		putchar('-');
	printf("\n\n");
}

static void print_indented(const char *text)
{
	const char *nl;

	while (*text) {
		nl = strchr(text, '\n');
		if (!nl)
			nl = text + strlen(text);
		printf("    %.*s\n", (int)(nl - text), text);
		text = *nl ? nl + 1 : nl;
	}
}

static void print_tag(const u8 *tag)
{
	for (int i = 0; i < BPF_TAG_SIZE; i++)
		printf("%02x", tag[i]);
}

static int load(struct bpfjit_opts *o, struct bpfjit_prog *p, struct bpfjit_loaded *l)
{
	struct bpfjit_err e = { 0 };

	if (bpfjit_load(o, p, l, &e)) {
		fprintf(stderr, "bpfjit demo: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static int run(struct bpfjit_opts *o, struct bpfjit_loaded *l, u64 *r0)
{
	struct bpfjit_err e = { 0 };
	u64 duration;

	if (bpfjit_test_run(o, l, r0, &duration, &e)) {
		fprintf(stderr, "bpfjit demo: %s\n", e.msg);
		return -1;
	}
	return 0;
}

/*
 * bpf_jit_dump() into memory, then out with the pid masked: the only part of
 * the kernel's dump that differs between two runs.
 */
static void print_dump(const struct bpfjit_loaded *l)
{
	const struct bpf_jit_trace *t = l->prog->aux->jit_trace;
	char *buf = NULL, *pid, *end;
	size_t size = 0;

	bpf_jit_log = open_memstream(&buf, &size);
	if (!bpf_jit_log)
		return;
	bpf_jit_dump(l->info.xlated_prog_len / sizeof(struct bpf_insn),
		     l->info.jited_prog_len, t ? t->passes : 0, l->jited);
	fclose(bpf_jit_log);
	bpf_jit_log = NULL;
	pid = strstr(buf, " pid=");
	if (pid) {
		end = pid + strlen(" pid=");
		while (*end >= '0' && *end <= '9')
			end++;
		printf("%.*s pid=<pid>%s", (int)(pid - buf), buf, end);
	} else {
		fputs(buf, stdout);
	}
	free(buf);
}

static void write_dot(const char *dir, const char *name, const struct bpfjit_loaded *l,
		      const char *title)
{
	char path[4096];
	FILE *f;

	if (!dir || !l->prog->aux->jit_trace)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "bpfjit demo: %s: %s\n", path, strerror(errno));
		return;
	}
	bpf_jit_trace_dot(f, "passes", title, l->prog->aux->jit_trace);
	fclose(f);
	/* stderr: the golden output is the same with and without diagrams. */
	fflush(stdout);
	fprintf(stderr, "wrote %s/%s (render with: dot -Tsvg)\n", dir, name);
}

int cmd_demo(int argc, char **argv)
{
	struct bpfjit_opts o = { 0 };
	struct bpfjit_prog p = { 0 };
	struct bpfjit_loaded l = { .fd = -1 };
	const char *dot_dir = NULL;
	struct bpf_prog *fp;
	u64 r0 = 0;
	int ret = 1;

	if (argc == 3 && !strcmp(argv[1], "--dot-dir")) {
		dot_dir = argv[2];
	} else if (argc != 1) {
		bool help = argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));

		fputs(usage, help ? stdout : stderr);
		return help ? 0 : 2;
	}

	o.input = "the article's program";
	o.log_level = 2;
	o.tag_hash = BPF_PROG_TAG_SHA1;
	o.k8_nops = true;
	o.seed = DEMO_SEED;
	o.seed_set = true;

	p.insns = article_insns;
	p.insn_cnt = ARRAY_SIZE(article_insns);
	p.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	strcpy(p.license, "GPL");
	strcpy(p.name, "prog");
	p.format = "built in";

	printf("The article's program, from bpf(2) to x86-64\n"
	       "=============================================\n\n"
	       "    unsigned long prog(void) { unsigned long a = 0x231; return a + 0x456; }\n\n"
	       "compiled by the article's clang (-O0) into six BPF instructions of 8 bytes:\n\n");
	bpf_print_prog(stdout, article_insns, ARRAY_SIZE(article_insns));

	/* ---- the interpreter ---- */
	o.jit = false;
	heading("chapter 01", "the system call");
	printf("A loader fills a union bpf_attr and calls bpf(BPF_PROG_LOAD, &attr, %zu).\n"
	       "With net.core.bpf_jit_enable = 0 the program will run in the interpreter.\n\n",
	       sizeof(union bpf_attr));
	if (load(&o, &p, &l))
		goto out;
	printf("    attr.prog_type = %u (BPF_PROG_TYPE_SOCKET_FILTER)\n"
	       "    attr.insn_cnt  = %u\n"
	       "    attr.license   = \"%s\"\n"
	       "    attr.log_level = %u, attr.log_size = %u\n"
	       "    attr.prog_name = \"%s\"\n"
	       "    -> fd %d\n",
	       l.attr.prog_type, l.attr.insn_cnt, p.license, l.attr.log_level,
	       l.attr.log_size, l.attr.prog_name, l.fd);

	fp = l.prog;
	heading("chapter 02", "struct bpf_prog");
	printf("bpf_prog_load() allocated the program object (bpf_prog_alloc), copied\n"
	       "the instructions in and computed the tag (SHA-1 of the instructions, as\n"
	       "Linux 5.8 does; 6.18 uses SHA-256):\n\n");
	printf("    pages %u, jited %u, jit_requested %u, gpl_compatible %u, blinded %u\n"
	       "    type %u, len %u, jited_len %u, tag ",
	       fp->pages, fp->jited, fp->jit_requested, fp->gpl_compatible, fp->blinded,
	       fp->type, fp->len, fp->jited_len);
	print_tag(fp->tag);
	printf("\n    aux->id %u, aux->name \"%s\", aux->stack_depth %u\n",
	       fp->aux->id, fp->aux->name, fp->aux->stack_depth);

	heading("chapter 03", "bpf_check(), the verifier");
	printf("The verifier walked every path (log_level 2 prints each instruction\n"
	       "with the registers' state) and recorded how much stack the program uses:\n\n");
	print_indented(l.log);
	printf("\n    stack depth: %u bytes\n", l.stack_depth);

	heading("chapter 04", "bpf_prog_select_runtime(), the interpreter");
	printf("No JIT: bpf_prog_select_func() picks the interpreter by stack depth,\n"
	       "interpreters[round_up(%u, 32) / 32 - 1] = %s.\n"
	       "BPF_PROG_TEST_RUN runs it:\n\n",
	       l.stack_depth, l.interpreter ? l.interpreter : "(none)");
	if (run(&o, &l, &r0))
		goto out;
	printf("    r0 = 0x%llx (%llu)\n", (unsigned long long)r0, (unsigned long long)r0);
	bpfjit_unload(&l);

	/* ---- blinding ---- */
	o.jit = true;
	o.harden = 2;
	o.log_level = 0;
	heading("chapter 05", "constant blinding");
	printf("With net.core.bpf_jit_harden = 2 the JIT never sees the loader's\n"
	       "constants: each is XORed with a random number through the hidden\n"
	       "register ax (the random numbers come from a fixed seed, %u, so this\n"
	       "demo is the same every time). The program as the JIT compiled it:\n\n",
	       DEMO_SEED);
	if (load(&o, &p, &l))
		goto out;
	bpf_print_prog(stdout, l.xlated, l.info.xlated_prog_len / sizeof(struct bpf_insn));
	if (run(&o, &l, &r0))
		goto out;
	printf("\n    blinded %s, %u instructions, %u bytes of x86-64; r0 = 0x%llx\n",
	       l.blinded ? "yes" : "no", l.info.xlated_prog_len / (u32)sizeof(struct bpf_insn),
	       l.info.jited_prog_len, (unsigned long long)r0);
	write_dot(dot_dir, "passes-blinded.dot", &l, "the article's program, blinded");
	bpfjit_unload(&l);

	/* ---- the JIT ---- */
	o.harden = 0;
	heading("chapter 06", "do_jit(), the passes and the image");
	printf("Blinding off, the JIT on. do_jit() runs until the image size stops\n"
	       "changing; then bpf_jit_binary_alloc() gives it memory and one more pass\n"
	       "writes the bytes:\n\n");
	if (load(&o, &p, &l))
		goto out;
	{
		const struct bpf_jit_trace *t = l.prog->aux->jit_trace;

		for (u32 i = 0; t && i < t->passes; i++)
			printf("    pass %u: proglen %d%s\n", i, (int)t->proglen[i],
			       t->image[i] ? ", written into the image" : "");
		if (t && t->addrs) {
			printf("\nWhere each BPF instruction starts in the image (addrs[], the last\n"
			       "entry is the end; the %u bytes before instruction 0 are the prologue):\n\n   ",
			       t->prologue_len);
			for (u32 i = 0; i <= t->insn_cnt; i++)
				printf(" %u", t->addrs[i]);
			printf("\n");
		}
		printf("\n    prog->jited %u, prog->jited_len %u: bpf_func now points at the image\n",
		       l.prog->jited, l.prog->jited_len);
	}
	printf("\nThe kernel's dump (bpf_jit_enable = 2), with the K8 NOP the article's\n"
	       "CPU got (66 66 66 66 90; a modern CPU gets 0f 1f 44 00 00). The kernel\n"
	       "prints the image address as zeros (%%pK) and the loader's pid, which\n"
	       "changes from run to run and is shown here as <pid>:\n\n");
	print_dump(&l);
	printf("\n    %u bytes, %s the article's dump\n", l.info.jited_prog_len,
	       l.info.jited_prog_len == sizeof(article_image) &&
	       !memcmp(l.jited, article_image, sizeof(article_image)) ?
	       "byte for byte equal to" : "DIFFERENT from");

	printf("\nEach BPF instruction and the x86-64 it became:\n\n");
	bpf_jit_disasm_prog(stdout, l.prog);
	if (run(&o, &l, &r0))
		goto out;
	printf("\nBPF_PROG_TEST_RUN on the JIT image: r0 = 0x%llx (%llu)\n",
	       (unsigned long long)r0, (unsigned long long)r0);
	write_dot(dot_dir, "passes.dot", &l, "the article's program");
	ret = 0;
out:
	bpfjit_unload(&l);
	return ret;
}
