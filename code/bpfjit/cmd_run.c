// SPDX-License-Identifier: GPL-2.0
/*
 * bpfjit run (alias load): load, verify, select the runtime, run once or
 * --repeat N times with BPF_PROG_TEST_RUN, print r0.
 */
#include <stdlib.h>

#include "bpfjit.h"

static const char usage[] =
"usage: bpfjit run [OPTIONS] FILE\n"
"\n"
"Load FILE through sys_bpf(BPF_PROG_LOAD), run it with BPF_PROG_TEST_RUN and\n"
"print r0 (all 64 bits). The program's input memory:\n"
"  --data FILE           bytes from FILE\n"
"  --data-hex HEX        bytes as hex ('01 02 ff' or '0102ff')\n"
"                        (default: 64 zero bytes, a minimal Ethernet frame;\n"
"                        none with --unverified, or for raw_tracepoint:\n"
"                        r1 = 0, r2 = 0)\n"
"  --ctx FILE, --ctx-hex HEX\n"
"                        the context: BPF_PROG_TEST_RUN's ctx_in (socket\n"
"                        filter, tc: struct __sk_buff; xdp: struct xdp_md;\n"
"                        raw_tracepoint: u64 args), or what a probe would\n"
"                        pass (kprobe: struct pt_regs; tracepoint: the record)\n"
"  --repeat N            run N times (maps keep their state from run to run);\n"
"                        print the mean time per run\n"
"  --dump-maps           after the run, every map of the object, as\n"
"                        `bpftool map dump` prints them\n"
"\n"
"Loading:\n";

/* Read the input and load it; on failure report and return the exit status. */
int bpfjit_open(const struct bpfjit_opts *o, struct bpfjit_prog *p,
		struct bpfjit_loaded *l, struct bpfjit_err *e)
{
	int err = bpfjit_read_prog(o, p, e);

	if (!err)
		err = bpfjit_load(o, p, l, e);
	if (err)
		return err;
	if (o->unverified && !o->json)
		printf("NOTE: loaded with BPF_F_UNVERIFIED: structural checks only, the verifier's path walk was skipped\n");
	/* Asked for, the log of a load that worked: the states, as the
	 * kernel prints them at log level 2, and its statistics at 4.
	 */
	if (o->log_level && !o->json && l->log && l->log[0])
		printf("%s\n", l->log);
	return 0;
}

void bpfjit_close(struct bpfjit_prog *p, struct bpfjit_loaded *l)
{
	bpfjit_unload(l);
	bpfjit_prog_free(p);
}

void bpfjit_print_summary(const struct bpfjit_prog *p, const struct bpfjit_loaded *l)
{
	const struct bpf_prog_info *info = &l->info;
	unsigned int i;

	printf("program: %s, %s, %u insns (%s)", p->name[0] ? p->name : "(no name)",
	       bpfjit_prog_type_name(p->prog_type), p->insn_cnt, p->format);
	if (p->section[0])
		printf(", section %s", p->section);
	printf("\ntag:     ");
	for (i = 0; i < sizeof(info->tag); i++)
		printf("%02x", info->tag[i]);
	printf("\nxlated:  %u insns, stack depth %u%s\n",
	       info->xlated_prog_len / (u32)sizeof(struct bpf_insn), l->stack_depth,
	       l->blinded ? ", constants blinded" : "");
	if (info->jited_prog_len)
		printf("runtime: JIT, %u bytes of x86-64\n", info->jited_prog_len);
	else
		printf("runtime: interpreter %s\n", l->interpreter ? l->interpreter : "(none)");
}

int cmd_run(int argc, char **argv)
{
	struct bpfjit_opts o;
	struct bpfjit_prog p = { 0 };
	struct bpfjit_loaded l = { .fd = -1 };
	struct bpfjit_err e = { 0 };
	char full_usage[8192];
	u64 retval = 0, duration = 0;
	int ret;

	snprintf(full_usage, sizeof(full_usage), "%s%s", usage, usage_common);
	ret = bpfjit_parse_opts(argc, argv, &o, full_usage, OPT_RUN | OPT_JSON | OPT_MAPS);
	if (ret)
		return ret == 1 ? 0 : ret;

	ret = bpfjit_open(&o, &p, &l, &e);
	if (!ret)
		ret = bpfjit_test_run(&o, &l, &retval, &duration, &e);
	if (ret) {
		ret = bpfjit_report(&o, &e);
	} else if (o.json) {
		struct json j;
		char hex[24];

		json_begin(&j, stdout);
		snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)retval);
		json_str(&j, "retval", hex);
		json_loaded(&j, &l);
		if (o.repeat)
			json_u64(&j, "duration_ns", duration);
		if (p.obj) {
			json_outputs(&j, &p);
			json_maps(&j, &p);
		}
		json_end(&j);
	} else {
		bpfjit_print_summary(&p, &l);
		printf("retval:  0x%llx (%llu)\n", (unsigned long long)retval,
		       (unsigned long long)retval);
		if (o.repeat)
			printf("time:    %llu ns per run, mean of %u runs\n",
			       (unsigned long long)duration, o.repeat);
		bpfjit_print_outputs(stdout, &p);
		if (o.dump_maps)
			bpfjit_dump_maps(stdout, &p);
	}
	bpfjit_close(&p, &l);
	bpfjit_opts_free(&o);
	return ret;
}
