// SPDX-License-Identifier: GPL-2.0
/*
 * bpfjit plugin: the BPF conformance suite's plugin protocol
 * (bpf_conformance; shared/conformance/README.md):
 *
 *   argv    [MEMHEX] then the runner's --plugin-options, unchanged
 *   stdin   one line, the program as hex bytes
 *   stdout  r0 in hex, exit 0; or a message, exit non-zero
 *
 * The program goes the way every other does: sys_bpf(BPF_PROG_LOAD), then
 * BPF_PROG_TEST_RUN with the memory as data_in. The suite's programs read
 * the memory through r1 as raw pointers, which the verifier cannot prove
 * safe, so they are loaded with BPF_F_UNVERIFIED (structural checks only),
 * and the test run hands them r1 = a private copy of the memory and
 * r2 = its length, as the protocol wants. The protocol's stdout carries only
 * r0, so the flag is announced here and in --help instead.
 */
#include <stdlib.h>
#include <string.h>

#include "bpfjit.h"

static const char usage[] =
"usage: bpfjit plugin [MEMHEX] [--interp|--jit|--opt] [--harden N] [--seed N]\n"
"\n"
"The BPF conformance suite's plugin: reads a program as one line of hex\n"
"from stdin, runs it with r1 = a copy of MEMHEX (r2 = its length), prints r0\n"
"in hex. Programs are loaded with BPF_F_UNVERIFIED (structural checks only):\n"
"the suite's programs read raw memory, which the verifier cannot prove safe.\n"
"A wrapper script 'exec bpfjit plugin \"$@\"' is a plugin for run.py:\n"
"  python3 run.py --plugin ./wrapper --plugin-options '--jit --harden 2'\n";

int cmd_plugin(int argc, char **argv)
{
	struct bpfjit_opts o;
	struct bpfjit_prog p = { 0 };
	struct bpfjit_loaded l = { .fd = -1 };
	struct bpfjit_err e = { 0 };
	char **args;
	u8 *mem = NULL;
	size_t mem_len = 0;
	u64 retval = 0, duration;
	int ret, n = 0, i;

	/* argv[1] is the memory when it does not look like an option. */
	if (argc > 1 && strncmp(argv[1], "--", 2) && strcmp(argv[1], "-h")) {
		ret = bpfjit_parse_hex("memory", argv[1], &mem, &mem_len, &e);
		if (ret) {
			printf("%s\n", e.msg);
			return 1;
		}
		argv++;
		argc--;
	}
	/* The options, then the program from stdin ("-"). */
	args = calloc(argc + 2, sizeof(*args));
	if (!args) {
		free(mem);
		printf("out of memory\n");
		return 1;
	}
	for (i = 0; i < argc; i++)
		args[n++] = argv[i];
	args[n++] = "-";
	ret = bpfjit_parse_opts(n, args, &o, usage, OPT_RUN);
	free(args);
	if (ret) {
		free(mem);
		return ret == 1 ? 0 : ret;
	}
	o.unverified = true;
	if (mem) {
		free(o.data);
		o.data = mem;
		o.data_len = mem_len;
	}
	ret = bpfjit_read_prog(&o, &p, &e);
	if (!ret)
		ret = bpfjit_load(&o, &p, &l, &e);
	if (!ret)
		ret = bpfjit_test_run(&o, &l, &retval, &duration, &e);
	if (ret) {
		printf("%s\n", e.msg);
		ret = 1;
	} else {
		printf("%llx\n", (unsigned long long)retval);
	}
	bpfjit_close(&p, &l);
	bpfjit_opts_free(&o);
	return ret;
}
