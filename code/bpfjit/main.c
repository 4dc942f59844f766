// SPDX-License-Identifier: GPL-2.0
/*
 * bpfjit's entry: the subcommands, the options they share, and how errors
 * are reported (text on stderr, or one JSON object on stdout with --json).
 */
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpfjit.h"
#include "linux/bpf_jit.h"

volatile sig_atomic_t bpfjit_running_unverified;

static const char usage_main[] =
"usage: bpfjit COMMAND [OPTIONS] [FILE]\n"
"\n"
"Load a BPF program through the book's sys_bpf() and show each stage.\n"
"FILE is an ELF object (clang -O2 -target bpf -c), raw bytecode (8-byte\n"
"instructions) or hex text; the format is detected. '-' reads stdin.\n"
"\n"
"commands:\n"
"  run | load     load, verify, select the runtime, run with BPF_PROG_TEST_RUN\n"
"  xlated         the instructions after verification (and blinding)\n"
"  jit            the JIT image: --dump, --disasm, --passes, --dot, --raw\n"
"  jit-disasm     disassemble the 'JIT code:' lines of a kernel log\n"
"  cfg            the control-flow graph as Graphviz (--dot FILE)\n"
"  list           the programs and maps of an ELF object\n"
"  plugin         the BPF conformance suite's plugin protocol\n"
"  demo           the article's program through every stage\n"
"\n"
"'bpfjit COMMAND --help' describes each command's options.\n";

const char usage_common[] =
"  --interp | --jit      run in the interpreter, or JIT-compile (default: JIT,\n"
"                        as net.core.bpf_jit_enable=1)\n"
"  --opt[=STEPS]         the optimising JIT of chapter 09 (bpf_jit_opt): same\n"
"                        passes, better code (implies --jit); STEPS: all (the\n"
"                        default) or some of frame,encode,known,live,fuse,\n"
"                        div,jumps,pack\n"
"  --harden 0|1|2        net.core.bpf_jit_harden: constant blinding (default 0)\n"
"  --imul                the JIT emits MUL as imul (Linux 6.x; default v5.8's mul)\n"
"  --padding             the JIT pads with NOPs from pass 15 (Linux 5.12)\n"
"  --nops k8|cpu         the prologue's 5-byte NOP: K8's (the article's\n"
"                        66 66 66 66 90) or the one this CPU gets (default)\n"
"  --seed N              fixed seed for blinding, the image offset and, from\n"
"                        the run's start, bpf_get_prandom_u32()\n"
"  --kernel 5.8|6.18     the tag's hash: SHA-1 (up to 6.17) or SHA-256\n"
"  --unverified          load with BPF_F_UNVERIFIED: structural checks only\n"
"  --no-prune            verify without state pruning: every path to its end\n"
"  --type TYPE           program type (socket_filter, xdp, sched_cls, ...)\n"
"  --section NAME        ELF: the program's section (default: the first)\n"
"  --prog NAME           ELF: the program, by its function's name\n"
"  --log-level N         ask for the verifier's log (1, 2; 4 adds statistics);\n"
"                        default: none, and level 1 only if the load fails\n"
"  --json                one JSON object on stdout\n"
"  --help                this text\n";

__attribute__((format(printf, 3, 4)))
int bpfjit_fail(struct bpfjit_err *e, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	e->err = err;
	return -err;
}

int bpfjit_report(const struct bpfjit_opts *o, const struct bpfjit_err *e)
{
	if (o && o->json)
		return json_error(e);
	fprintf(stderr, "bpfjit: %s\n", e->msg);
	return 1;
}

static int parse_u64(const char *opt, const char *s, u64 max, u64 *v,
		     struct bpfjit_err *e)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (!*s || *end || errno || *v > max || *s == '-')
		return bpfjit_fail(e, EINVAL, "%s: '%s' is not a number in 0..%llu",
				   opt, s, (unsigned long long)max);
	return 0;
}

enum {
	O_INTERP = 256, O_JIT, O_OPT, O_HARDEN, O_SEED, O_KERNEL, O_UNVERIFIED, O_TYPE,
	O_SECTION, O_DATA, O_DATA_HEX, O_REPEAT, O_JSON, O_DUMP, O_DISASM,
	O_PASSES, O_DOT, O_RAW, O_NOPS, O_LOG_LEVEL, O_IMUL, O_PADDING, O_CTX, O_CTX_HEX,
	O_HELP, O_NO_PRUNE, O_PROG, O_DUMP_MAPS,
};

static const struct option long_opts[] = {
	{ "interp",	no_argument,		NULL, O_INTERP },
	{ "jit",	no_argument,		NULL, O_JIT },
	{ "opt",	optional_argument,	NULL, O_OPT },
	{ "harden",	required_argument,	NULL, O_HARDEN },
	{ "seed",	required_argument,	NULL, O_SEED },
	{ "kernel",	required_argument,	NULL, O_KERNEL },
	{ "unverified",	no_argument,		NULL, O_UNVERIFIED },
	{ "no-prune",	no_argument,		NULL, O_NO_PRUNE },
	{ "type",	required_argument,	NULL, O_TYPE },
	{ "section",	required_argument,	NULL, O_SECTION },
	{ "data",	required_argument,	NULL, O_DATA },
	{ "data-hex",	required_argument,	NULL, O_DATA_HEX },
	{ "repeat",	required_argument,	NULL, O_REPEAT },
	{ "json",	no_argument,		NULL, O_JSON },
	{ "dump",	no_argument,		NULL, O_DUMP },
	{ "disasm",	no_argument,		NULL, O_DISASM },
	{ "passes",	no_argument,		NULL, O_PASSES },
	{ "dot",	required_argument,	NULL, O_DOT },
	{ "raw",	required_argument,	NULL, O_RAW },
	{ "nops",	required_argument,	NULL, O_NOPS },
	{ "log-level",	required_argument,	NULL, O_LOG_LEVEL },
	{ "imul",	no_argument,		NULL, O_IMUL },
	{ "padding",	no_argument,		NULL, O_PADDING },
	{ "ctx",	required_argument,	NULL, O_CTX },
	{ "ctx-hex",	required_argument,	NULL, O_CTX_HEX },
	{ "help",	no_argument,		NULL, O_HELP },
	{ "prog",	required_argument,	NULL, O_PROG },
	{ "dump-maps",	no_argument,		NULL, O_DUMP_MAPS },
	{ NULL, 0, NULL, 0 },
};

/* Which subcommands accept an option beyond the common ones. */
static unsigned int opt_needs(int opt)
{
	switch (opt) {
	case O_DATA: case O_DATA_HEX: case O_REPEAT: case O_CTX: case O_CTX_HEX:
		return OPT_RUN;
	case O_DUMP: case O_DISASM: case O_PASSES: case O_RAW:
		return OPT_JIT;
	case O_DOT:
		return OPT_DOT;
	case O_DUMP_MAPS:
		return OPT_MAPS;
	case O_JSON:
		return OPT_JSON;
	default:
		return 0;
	}
}

static int parse_one(struct bpfjit_opts *o, int opt, const char *arg,
		     struct bpfjit_err *e)
{
	u64 v;
	size_t len;
	int err;

	switch (opt) {
	case O_INTERP:	o->jit = false; o->opt = 0; return 0;
	case O_JIT:	o->jit = true; return 0;
	case O_OPT:
		o->jit = true;
		o->opt = BPF_JIT_OPT_ALL;
		if (arg && bpf_jit_opt_parse(arg, &o->opt))
			return bpfjit_fail(e, EINVAL, "--opt: '%s' is not all, none, nor steps among frame,encode,known,live,fuse,div,jumps,pack", arg);
		return 0;
	case O_UNVERIFIED: o->unverified = true; return 0;
	case O_NO_PRUNE: o->no_prune = true; return 0;
	case O_JSON:	o->json = true; return 0;
	case O_DUMP:	o->dump = true; return 0;
	case O_DISASM:	o->disasm = true; return 0;
	case O_PASSES:	o->passes = true; return 0;
	case O_IMUL:	o->imul = true; return 0;
	case O_PADDING:	o->padding = true; return 0;
	case O_DOT:	o->dot = arg; return 0;
	case O_RAW:	o->raw = arg; return 0;
	case O_SECTION:	o->section = arg; return 0;
	case O_PROG:	o->prog_name = arg; return 0;
	case O_DUMP_MAPS: o->dump_maps = true; return 0;
	case O_HARDEN:
		err = parse_u64("--harden", arg, 2, &v, e);
		o->harden = v;
		return err;
	case O_SEED:
		err = parse_u64("--seed", arg, U64_MAX, &v, e);
		if (!err && !v)
			return bpfjit_fail(e, EINVAL, "--seed: 0 means 'no seed'; give 1 or more");
		o->seed = v;
		o->seed_set = true;
		return err;
	case O_REPEAT:
		err = parse_u64("--repeat", arg, U32_MAX, &v, e);
		o->repeat = v;
		return err;
	case O_LOG_LEVEL:
		err = parse_u64("--log-level", arg, 7, &v, e);
		o->log_level = v;
		return err;
	case O_KERNEL:
		if (!strcmp(arg, "5.8"))
			o->tag_hash = BPF_PROG_TAG_SHA1;
		else if (!strcmp(arg, "6.18"))
			o->tag_hash = BPF_PROG_TAG_SHA256;
		else
			return bpfjit_fail(e, EINVAL, "--kernel: '%s' is neither 5.8 (SHA-1 tag) nor 6.18 (SHA-256 tag)", arg);
		return 0;
	case O_NOPS:
		if (!strcmp(arg, "k8"))
			o->k8_nops = true;
		else if (strcmp(arg, "cpu"))
			return bpfjit_fail(e, EINVAL, "--nops: '%s' is neither k8 (the article's) nor cpu", arg);
		return 0;
	case O_TYPE:
		o->prog_type = bpfjit_prog_type(arg);
		if (o->prog_type < 0)
			return bpfjit_fail(e, EINVAL, "--type: unknown program type '%s'", arg);
		return 0;
	case O_DATA:
		free(o->data);
		o->data = NULL;
		err = bpfjit_read_file(arg, &o->data, &len, e);
		if (!err && len > U32_MAX)
			return bpfjit_fail(e, E2BIG, "%s: data larger than 4 GiB", arg);
		o->data_len = len;
		return err;
	case O_DATA_HEX:
		free(o->data);
		o->data = NULL;
		err = bpfjit_parse_hex("--data-hex", arg, &o->data, &len, e);
		o->data_len = len;
		return err;
	case O_CTX:
		free(o->ctx);
		o->ctx = NULL;
		err = bpfjit_read_file(arg, &o->ctx, &len, e);
		if (!err && len > U32_MAX)
			return bpfjit_fail(e, E2BIG, "%s: context larger than 4 GiB", arg);
		o->ctx_len = len;
		return err;
	case O_CTX_HEX:
		free(o->ctx);
		o->ctx = NULL;
		err = bpfjit_parse_hex("--ctx-hex", arg, &o->ctx, &len, e);
		o->ctx_len = len;
		return err;
	}
	return bpfjit_fail(e, EINVAL, "internal: option %d", opt);
}

/*
 * Parse argv into *o: the common options, those `extra` allows, and at most
 * one FILE. Returns 0, 1 after --help (printed), or 2 after a usage error
 * (reported).
 */
int bpfjit_parse_opts(int argc, char **argv, struct bpfjit_opts *o,
		      const char *usage, unsigned int extra)
{
	struct bpfjit_err e = { 0 };
	int opt;

	memset(o, 0, sizeof(*o));
	o->cmd = argv[0];
	o->jit = true;
	o->prog_type = -1;
	o->log_level = 0;	/* a log only when the load fails, as libbpf */
	o->tag_hash = BPF_PROG_TAG_SHA1;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		if (opt == 'h' || opt == O_HELP) {
			fputs(usage, stdout);
			bpfjit_opts_free(o);
			return 1;
		}
		if (opt == '?' || (opt_needs(opt) & ~extra)) {
			/* getopt_long() sets optopt to a known option that
			 * lacks its argument, and to 0 for an unknown one.
			 */
			const char *what = opt == '?' && optopt ? "needs an argument" :
					   opt == '?' ? "is unknown" : "is not for this command";

			bpfjit_fail(&e, EINVAL, "%s: option '%s' %s (see 'bpfjit %s --help')",
				    o->cmd, argv[optind - 1], what, o->cmd);
			goto bad;
		}
		if (parse_one(o, opt, optarg, &e))
			goto bad;
	}
	if (optind < argc)
		o->input = argv[optind++];
	if (optind < argc) {
		bpfjit_fail(&e, EINVAL, "%s: one input file only, got '%s' too", o->cmd, argv[optind]);
		goto bad;
	}
	if (!o->input) {
		bpfjit_fail(&e, EINVAL, "%s: no input file (see 'bpfjit %s --help')", o->cmd, o->cmd);
		goto bad;
	}
	return 0;
bad:
	bpfjit_report(o, &e);
	bpfjit_opts_free(o);
	return 2;
}

void bpfjit_opts_free(struct bpfjit_opts *o)
{
	free(o->data);
	o->data = NULL;
	free(o->ctx);
	o->ctx = NULL;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "run",	cmd_run },
	{ "load",	cmd_run },
	{ "xlated",	cmd_xlated },
	{ "jit",	cmd_jit },
	{ "jit-disasm",	cmd_jit_disasm },
	{ "cfg",	cmd_cfg },
	{ "list",	cmd_list },
	{ "plugin",	cmd_plugin },
	{ "demo",	cmd_demo },
};

/*
 * A program loaded with --unverified may read or write any address: that is
 * what skipping the verifier means. Its fault is the program's, not the
 * tool's, so it ends the run with a message and status 3. Any other fault
 * is a bug and keeps its default action (a core dump, status 128 + signal).
 */
static void fault(int sig)
{
	static const char msg[] = "bpfjit: the program faulted while running "
		"(loaded with BPF_F_UNVERIFIED: its memory accesses were never checked)\n";

	if (!bpfjit_running_unverified) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	_exit(3);
}

static void catch_faults(void)
{
	static char altstack[64 * 1024];
	const stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa = { .sa_handler = fault, .sa_flags = SA_ONSTACK };
	const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };

	sigaltstack(&ss, NULL);
	sigemptyset(&sa.sa_mask);
	for (unsigned int i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

int main(int argc, char **argv)
{
	unsigned int i;

	catch_faults();

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage_main, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "bpfjit: unknown command '%s'\n\n%s", argv[1], usage_main);
	return 2;
}
