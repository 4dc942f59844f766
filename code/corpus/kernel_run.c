// SPDX-License-Identifier: GPL-2.0
/*
 * The running kernel's answer for a BPF object, through the real libbpf:
 * load one program (and what its program arrays name), run it with
 * BPF_PROG_TEST_RUN, print r0 as `bpfjit run` does. Or, with --load-only,
 * tell whether each program of each object loads. A yardstick for
 * bpfjit, never part of `make test` (it needs root and a kernel that
 * allows BPF).
 *
 *   kernel_run [--prog NAME] [--repeat N] [--data-hex HEX] [--ctx FILE] OBJ
 *   kernel_run --jited [--prog NAME] OBJ   the image's bytes, 16 a line
 *   kernel_run --load-only OBJ...     one line per program:
 *                                     object, program, section, 0 or -errno
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level; (void)fmt; (void)ap;
	return 0;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static size_t parse_hex(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;

	while (*s && n < max) {
		if (hexval(s[0]) < 0) {
			s++;
			continue;
		}
		out[n++] = hexval(s[0]) << 4 | hexval(s[1]);
		s += 2;
	}
	return n;
}

/* Each program on its own: does the kernel take it? */
static void load_only(int argc, char **argv)
{
	for (int a = 0; a < argc; a++) {
		struct bpf_object *obj = bpf_object__open_file(argv[a], NULL);
		struct bpf_program *p, *q;
		int n = 0;

		if (!obj) {
			printf("%s\t-\t-\tOPEN %d\n", argv[a], -errno);
			continue;
		}
		bpf_object__for_each_program(p, obj)
			n++;
		bpf_object__close(obj);
		for (int i = 0; i < n; i++) {
			const char *name = NULL, *sec = NULL;
			int k = 0, err;

			obj = bpf_object__open_file(argv[a], NULL);
			bpf_object__for_each_program(q, obj) {
				bpf_program__set_autoload(q, k == i);
				if (k++ == i) {
					name = bpf_program__name(q);
					sec = bpf_program__section_name(q);
				}
			}
			err = bpf_object__load(obj);
			printf("%s\t%s\t%s\t%d\n", argv[a], name, sec, err);
			fflush(stdout);
			bpf_object__close(obj);
		}
	}
}

/* The JIT's image, as BPF_OBJ_GET_INFO_BY_FD gives it. */
static int print_jited(int fd)
{
	unsigned char image[65536];
	struct bpf_prog_info info = { .jited_prog_len = sizeof(image),
				      .jited_prog_insns = (unsigned long)image };
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		fprintf(stderr, "prog info: %s\n", strerror(errno));
		return 1;
	}
	for (__u32 i = 0; i < info.jited_prog_len && i < sizeof(image); i++)
		printf("%s%02x", i % 16 ? " " : i ? "\n" : "", image[i]);
	printf("\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *prog_name = NULL, *ctx_file = NULL;
	unsigned char data[4096] = { 0 }, ctx[4096] = { 0 };
	size_t data_len = 64, ctx_len = 0;
	int repeat = 0, jited = 0, i;
	struct bpf_object *obj;
	struct bpf_program *prog;

	libbpf_set_print(quiet);
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--load-only")) {
			load_only(argc - i - 1, argv + i + 1);
			return 0;
		} else if (!strcmp(argv[i], "--jited")) {
			jited = 1;
		} else if (!strcmp(argv[i], "--prog") && i + 1 < argc) {
			prog_name = argv[++i];
		} else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) {
			repeat = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--data-hex") && i + 1 < argc) {
			data_len = parse_hex(argv[++i], data, sizeof(data));
		} else if (!strcmp(argv[i], "--ctx") && i + 1 < argc) {
			FILE *f = fopen(argv[++i], "rb");

			ctx_file = argv[i];
			if (!f) {
				perror(ctx_file);
				return 2;
			}
			ctx_len = fread(ctx, 1, sizeof(ctx), f);
			fclose(f);
		} else {
			fprintf(stderr, "usage: kernel_run [--prog NAME] [--repeat N] "
				"[--data-hex HEX] [--ctx FILE] [--jited] OBJ | --load-only OBJ...\n");
			return 2;
		}
	}
	if (i != argc - 1)
		return 2;
	obj = bpf_object__open_file(argv[i], NULL);
	if (!obj) {
		fprintf(stderr, "open: %s\n", strerror(errno));
		return 1;
	}
	prog = prog_name ? bpf_object__find_program_by_name(obj, prog_name)
			 : bpf_object__next_program(obj, NULL);
	if (!prog || bpf_object__load(obj)) {
		fprintf(stderr, "load failed\n");
		return 1;
	}
	if (jited)
		return print_jited(bpf_program__fd(prog));
	{
		LIBBPF_OPTS(bpf_test_run_opts, opts,
			.data_in = ctx_file ? NULL : data,
			.data_size_in = ctx_file ? 0 : data_len,
			.ctx_in = ctx_file ? ctx : NULL,
			.ctx_size_in = ctx_len,
			.repeat = ctx_file ? 0 : repeat,
		);
		int err = bpf_prog_test_run_opts(bpf_program__fd(prog), &opts);

		if (err) {
			fprintf(stderr, "test run: %s\n", strerror(-err));
			return 1;
		}
		printf("retval:  0x%x (%u)\n", opts.retval, opts.retval);
	}
	bpf_object__close(obj);
	return 0;
}
