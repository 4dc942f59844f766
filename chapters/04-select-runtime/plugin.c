// SPDX-License-Identifier: GPL-2.0
/*
 * A plugin for the BPF conformance suite (../shared/conformance/README.md):
 * the whole load path of this book, driven the way the suite drives any
 * runtime.
 *
 *   stdin   one line: the program, hex bytes "b7  00  00  00  ..."
 *   argv    [MEMHEX] [--jit] [--harden N]
 *   stdout  R0 in hex, exit 0; or a message and exit 1
 *
 * The suite's programs read raw memory through r1, which the verifier
 * cannot prove safe until it tracks packet pointers, so they are loaded with
 * BPF_F_UNVERIFIED (structural checks only; needs CAP_SYS_ADMIN, which the
 * plugin takes), as socket filters: BPF_PROG_TEST_RUN then passes r1 = a
 * copy of the memory (0 if none) and r2 = its length, the suite's contract.
 *
 * --jit       turn bpf_jit_enable on (default off: the interpreter). Built
 *             with this chapter alone the __weak bpf_int_jit_compile() JITs
 *             nothing, and the plugin refuses the run rather than silently
 *             interpret; later chapters link this file with the real JIT.
 * --harden N  bpf_jit_harden = N (constant blinding, chapter 05); refused
 *             when blinding is not linked.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/bpf_interp.h"
#include "linux/capability.h"
#include "linux/file.h"

/* Defined by 05-blinding; absent (address NULL) when only 01-04 are linked. */
extern int bpf_jit_harden __attribute__((weak));

#define MAX_BYTES	(1 << 20)

/* "00  01  ff  " -> bytes; returns the count, or -1 on a bad digit. */
static long parse_hex(const char *s, u8 *out, size_t max)
{
	size_t n = 0;

	while (*s) {
		unsigned int v;
		int used;

		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		if (n == max || sscanf(s, "%2x%n", &v, &used) != 1 || used != 2)
			return -1;
		out[n++] = (u8)v;
		s += used;
	}
	return (long)n;
}

static int fail(const char *msg, int err)
{
	if (err)
		printf("%s: %d (%s)\n", msg, err, errno_name(err));
	else
		printf("%s\n", msg);
	return 1;
}

int main(int argc, char **argv)
{
	static char line[3 * MAX_BYTES + 64];
	static u8 code[MAX_BYTES], mem[MAX_BYTES];
	static char log[4096];
	bool jit = false;
	long ncode, nmem = 0;
	union bpf_attr attr;
	struct bpf_prog *prog;
	int i = 1, fd, err;

	if (argc > 1 && strncmp(argv[1], "--", 2) != 0) {
		nmem = parse_hex(argv[1], mem, sizeof(mem));
		if (nmem < 0)
			return fail("bad memory argument", 0);
		i = 2;
	}
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "--jit")) {
			jit = true;
		} else if (!strcmp(argv[i], "--harden") && i + 1 < argc) {
			if (!&bpf_jit_harden) {
				fprintf(stderr, "plugin: --harden: constant blinding (chapter 05) is not linked in\n");
				return fail("constant blinding not linked", 0);
			}
			bpf_jit_harden = atoi(argv[++i]);
		} else {
			fprintf(stderr, "plugin: unknown option %s\n", argv[i]);
			return fail("usage: plugin [MEMHEX] [--jit] [--harden N] < program-hex", 0);
		}
	}

	if (!fgets(line, sizeof(line), stdin))
		return fail("no program on stdin", 0);
	ncode = parse_hex(line, code, sizeof(code));
	if (ncode <= 0 || ncode % sizeof(struct bpf_insn))
		return fail("program is not a whole number of instructions", 0);

	set_current_caps(CAP_ALL);
	bpf_jit_enable = jit;		/* sampled into prog->jit_requested */

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insn_cnt = ncode / sizeof(struct bpf_insn);
	attr.insns = (u64)(unsigned long)code;
	attr.license = (u64)(unsigned long)"GPL";
	attr.prog_flags = BPF_F_UNVERIFIED;
	attr.log_buf = (u64)(unsigned long)log;
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	fd = (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0) {
		/* The verifier's last message says why. */
		size_t len = strnlen(log, sizeof(log));

		while (len && log[len - 1] == '\n')
			log[--len] = 0;
		if (len) {
			char *last = strrchr(log, '\n');

			return fail(last ? last + 1 : log, 0);
		}
		return fail("BPF_PROG_LOAD failed", fd);
	}

	if (jit) {
		prog = bpf_prog_get(fd);
		err = prog->jited;
		bpf_prog_put(prog);
		if (!err) {
			fprintf(stderr, "plugin: --jit: no JIT is linked in (bpf_int_jit_compile() "
				"is the __weak placeholder), so the program was not JITed\n");
			close_fd(fd);
			return fail("JIT not linked", 0);
		}
	}

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = nmem ? (u64)(unsigned long)mem : 0;
	attr.test.data_size_in = nmem;
	attr.test.data_out = nmem ? (u64)(unsigned long)mem : 0;
	err = (int)sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
	close_fd(fd);
	if (err)
		return fail("BPF_PROG_TEST_RUN failed", err);

	printf("%llx\n", (unsigned long long)bpf_test_run_last_r0());
	return 0;
}
