// SPDX-License-Identifier: GPL-2.0
/*
 * bpfjit xlated: the program as the kernel keeps it after bpf_check() and
 * constant blinding, read back with BPF_OBJ_GET_INFO_BY_FD and printed like
 * `bpftool prog dump xlated`.
 */
#include "bpfjit.h"
#include "disasm.h"

static const char usage[] =
"usage: bpfjit xlated [OPTIONS] FILE\n"
"\n"
"Load FILE and print the instructions the kernel kept: after the verifier's\n"
"rewrites and, with --harden, after constant blinding (bpftool's format:\n"
"'   0: (b7) r1 = 561'). With --log-level N, the verifier's log comes first.\n"
"\n";

int cmd_xlated(int argc, char **argv)
{
	struct bpfjit_opts o;
	struct bpfjit_prog p = { 0 };
	struct bpfjit_loaded l = { .fd = -1 };
	struct bpfjit_err e = { 0 };
	char full_usage[8192];
	int ret;

	snprintf(full_usage, sizeof(full_usage), "%s%s", usage, usage_common);
	ret = bpfjit_parse_opts(argc, argv, &o, full_usage, OPT_JSON);
	if (ret)
		return ret == 1 ? 0 : ret;

	ret = bpfjit_open(&o, &p, &l, &e);
	if (ret) {
		ret = bpfjit_report(&o, &e);
	} else if (o.json) {
		struct json j;

		json_begin(&j, stdout);
		json_loaded(&j, &l);
		json_hex(&j, "xlated_insns", (const u8 *)l.xlated, l.info.xlated_prog_len);
		json_end(&j);
	} else {
		bpf_print_prog(stdout, l.xlated, l.info.xlated_prog_len / sizeof(struct bpf_insn));
	}
	bpfjit_close(&p, &l);
	bpfjit_opts_free(&o);
	return ret;
}
