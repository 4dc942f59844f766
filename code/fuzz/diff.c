// SPDX-License-Identifier: GPL-2.0
/*
 * One program through every runtime the book has (see diff.h). Loads go
 * through sys_bpf(BPF_PROG_LOAD) as a loader's would, with the sysctls
 * and boot-time choices set per mode; runs go through bpf_test_run64(),
 * the core of BPF_PROG_TEST_RUN, which keeps all 64 bits of r0. Ours.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "linux/bpf_interp.h"
#include "linux/bpf_jit.h"
#include "linux/bpf_verifier.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "linux/filter.h"
#include "linux/random.h"

#include "bpf_gen.h"
#include "diff.h"

const struct diff_mode_info diff_modes[DIFF_NR_MODES] = {
	[DIFF_REF]	= { "ref",		"--interp --unverified" },
	[DIFF_INTERP]	= { "interp",		"--interp" },
	[DIFF_JIT]	= { "jit",		"--jit" },
	[DIFF_HARDEN]	= { "jit+harden2",	"--jit --harden 2" },
	[DIFF_IMUL]	= { "jit+imul",		"--jit --imul" },
	[DIFF_PADDING]	= { "jit+padding+k8",	"--jit --padding --nops k8" },
	[DIFF_OPT]	= { "jit+opt",		"--jit --opt" },
	[DIFF_OPT_HARDEN] = { "jit+opt+harden2",	"--jit --opt --harden 2" },
};

static struct diff_progress no_parent;
struct diff_progress *diff_progress = &no_parent;

/*
 * The reason for a refusal is the log's last message. A walk that ran
 * long fills any buffer first (v5.8 keeps a log's beginning), and filling
 * a big one costs more than the load: 64 KiB, and "log full" otherwise.
 */
#define LOG_SIZE	(64u << 10)
static char log_buf[LOG_SIZE];

/* A minimal Ethernet frame, as `bpfjit run` sends by default. */
static u8 packet[64];
static u8 ctx_args[BPF_GEN_CTX_SIZE];

void diff_init(void)
{
	static FILE *devnull;

	/*
	 * trace_printk's lines go nowhere, unbuffered as stderr (where
	 * `bpfjit run` prints them) is: glibc formats into a buffer on the
	 * stack then, with aligned SSE stores, so a helper called with the
	 * stack off its 16-byte alignment faults here as it does there.
	 */
	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		if (devnull)
			setvbuf(devnull, NULL, _IONBF, 0);
	}
	bpf_trace_pipe = devnull;	/* NULL (stderr) if /dev/null is missing */
	bpf_gen_ctx(ctx_args, sizeof(ctx_args));
	set_current_caps(CAP_ALL);
}

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* net.core.bpf_jit_enable, bpf_jit_harden and the JIT's own choices
 * (chapter 09's optimising mode among them: no kernel has it). */
static void set_knobs(enum diff_mode m)
{
	bpf_jit_enable = m != DIFF_REF && m != DIFF_INTERP;
	bpf_jit_harden = m == DIFF_HARDEN || m == DIFF_OPT_HARDEN ? 2 : 0;
	bpf_jit_imul = m == DIFF_IMUL;
	bpf_jit_opt = m == DIFF_OPT || m == DIFF_OPT_HARDEN ? BPF_JIT_OPT_ALL : 0;
	bpf_jit_padding = m == DIFF_PADDING;
	/* The NOP table changes 5 bytes, not the layout: it rides along. */
	bpf_jit_nops = m == DIFF_PADDING ? BPF_JIT_NOPS_K8 : BPF_JIT_NOPS_CPU;
}

static void reset_knobs(void)
{
	set_knobs(DIFF_JIT);
	set_random_seed(0);
}

static long prog_load(const struct bpf_insn *insns, u32 len, u32 type, u32 flags,
		      u32 log_level)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insn_cnt = len;
	attr.insns = (u64)(uintptr_t)insns;
	attr.license = (u64)(uintptr_t)"GPL";
	attr.prog_flags = flags;
	if (log_level) {
		attr.log_level = log_level;
		attr.log_buf = (u64)(uintptr_t)log_buf;
		attr.log_size = LOG_SIZE;
		log_buf[0] = '\0';
	}
	return sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

static bool is_stats_line(const char *line, size_t n)
{
	return (n >= 10 && !strncmp(line, "processed ", 10)) ||
	       (n >= 17 && !strncmp(line, "verification time", 17)) ||
	       (n >= 11 && !strncmp(line, "stack depth", 11));
}

/* "12: (79) r0 = ...": the walk printing an instruction. */
static bool is_insn_line(const char *line)
{
	const char *p = line;

	while (*p >= '0' && *p <= '9')
		p++;
	return p > line && !strncmp(p, ": (", 3);
}

void diff_log_reason(const char *log, char *buf, size_t size)
{
	const char *line = log, *best = NULL;
	size_t best_len = 0;

	/* The last line that is neither an instruction, a state nor statistics. */
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);

		if (n && !is_stats_line(line, n) && !is_insn_line(line) &&
		    !(line[0] >= '0' && line[0] <= '9' && memchr(line, ':', n))) {
			best = line;
			best_len = n;
		}
		if (!end)
			break;
		line = end + 1;
	}
	if (!best) {
		snprintf(buf, size, "(no message)");
		return;
	}
	snprintf(buf, size, "%.*s", (int)min(best_len, size - 1), best);
}

void diff_run(const struct bpf_insn *insns, u32 len, u32 prog_type, u32 modes,
	      struct diff_result *res)
{
	struct bpf_prog *progs[DIFF_NR_MODES] = { NULL };
	int fds[DIFF_NR_MODES];
	bool accepted = false;
	int m;

	memset(res, 0, sizeof(*res));
	res->modes = modes | (1u << DIFF_REF);
	for (m = 0; m < DIFF_NR_MODES; m++) {
		u64 t0;
		long fd;

		fds[m] = -1;
		if (!(res->modes & (1u << m)))
			continue;
		/*
		 * The knobs only choose the runtime; the walk is the same for
		 * all. Once a verified mode is refused, the others are not
		 * asked: they would walk the same million instructions again.
		 */
		if (m > DIFF_INTERP && res->verdict[0] && !accepted) {
			res->modes &= ~(1u << m);
			continue;
		}
		diff_progress->mode = m;
		diff_progress->phase = 0;
		set_knobs(m);
		set_random_seed(DIFF_SEED);
		t0 = now_ns();
		fd = prog_load(insns, len, prog_type, m == DIFF_REF ? BPF_F_UNVERIFIED : 0, 0);
		res->load_ns[m] = now_ns() - t0;
		if (fd < 0) {
			res->err[m] = (int)fd;
			/* Why, once: ask again with a log, as libbpf does. */
			if (m != DIFF_REF && !res->verdict[0]) {
				char why[sizeof(res->verdict) - 16];

				if (prog_load(insns, len, prog_type, 0, 1) == -ENOSPC)
					snprintf(why, sizeof(why), "(the log filled %u KiB first)",
						 LOG_SIZE >> 10);
				else
					diff_log_reason(log_buf, why, sizeof(why));
				snprintf(res->verdict, sizeof(res->verdict), "%s: %s",
					 errno_name((int)fd), why);
			}
			continue;
		}
		fds[m] = fd;
		progs[m] = bpf_prog_get(fd);
		bpf_prog_put(progs[m]);		/* the fd holds its own reference */
		res->jited[m] = progs[m]->jited;
		if (m != DIFF_REF && !accepted) {
			accepted = true;
			/* A raw tracepoint program that never reads its
			 * context may be run without one (ctx_size_in = 0):
			 * the kernel then hands it NULL.
			 */
			res->ctx = prog_type == BPF_PROG_TYPE_RAW_TRACEPOINT &&
				   progs[m]->aux->max_ctx_offset > 0;
		}
	}
	/* A refused program is not run, not even as written: it may fault. */
	for (m = 0; m < DIFF_NR_MODES && accepted; m++) {
		void *ctx = NULL;
		u64 ctx_len = 0;
		u32 ns;

		if (fds[m] < 0)
			continue;
		if (prog_type == BPF_PROG_TYPE_RAW_TRACEPOINT) {
			ctx = res->ctx ? ctx_args : NULL;
			ctx_len = res->ctx ? sizeof(ctx_args) : 0;
		} else if (m != DIFF_REF) {
			ctx = packet;
			ctx_len = sizeof(packet);
		}
		diff_progress->mode = m;
		diff_progress->phase = 1;
		/* bpf_get_prandom_u32() starts from the seed in every mode,
		 * whatever blinding and the image offset drew at load.
		 */
		set_random_seed(DIFF_SEED);
		bpf_test_run64(progs[m], ctx, ctx_len, 1, &res->r0[m], &ns);
	}
	for (m = 0; m < DIFF_NR_MODES; m++)
		if (fds[m] >= 0)
			close_fd(fds[m]);
	reset_knobs();
}

bool diff_accepted(const struct diff_result *res)
{
	for (int m = DIFF_REF + 1; m < DIFF_NR_MODES; m++)
		if (res->modes & (1u << m))
			return res->err[m] == 0;
	return false;
}

bool diff_verdicts_split(const struct diff_result *res)
{
	bool ok = false, refused = false;

	for (int m = DIFF_REF + 1; m < DIFF_NR_MODES; m++) {
		if (!(res->modes & (1u << m)))
			continue;
		ok |= res->err[m] == 0;
		refused |= res->err[m] != 0;
	}
	return ok && refused;
}

int diff_baseline(const struct diff_result *res)
{
	if ((res->modes & (1u << DIFF_REF)) && !res->err[DIFF_REF])
		return DIFF_REF;
	for (int m = DIFF_REF + 1; m < DIFF_NR_MODES; m++)
		if ((res->modes & (1u << m)) && !res->err[m])
			return m;
	return -1;
}

bool diff_agrees(const struct diff_result *res)
{
	int base = diff_baseline(res);

	if (!diff_accepted(res) || diff_verdicts_split(res) || base < 0)
		return false;
	for (int m = 0; m < DIFF_NR_MODES; m++)
		if ((res->modes & (1u << m)) && !res->err[m] && res->r0[m] != res->r0[base])
			return false;
	return true;
}
