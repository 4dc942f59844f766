// SPDX-License-Identifier: GPL-2.0
/*
 * bench: the benchmark corpus under the interpreter, the JIT and native code,
 * side by side in one run.
 *
 *   bench [-b BATCHES] [-t BATCH_MS] [-e EXPECTED.tsv] [-j OUT.json
 *         -L LARGE.bin -F SMALL.bin] INPUT.bin NAME.bin...
 *   bench -c N...        compile speed on generated straight-line programs
 *   bench -S ...         the optimising JIT's steps, one column each
 *
 * Each NAME.bin (raw instructions; see the corpus's programs/bench.h) is
 * loaded twice through sys_bpf(BPF_PROG_LOAD) as an XDP program: once with
 * bpf_jit_enable = 0 (the interpreter chosen by stack depth) and once with
 * bpf_jit_enable = 1 (the JIT), verified: the programs read packet memory
 * between xdp_md's data and data_end, which chapter 07's verifier proves in
 * bounds and rewrites into loads of struct xdp_buff's pointers, as the
 * kernel does. So a BPF runner gets an xdp_buff around the input (r1), and
 * a native twin the corpus's plain xdp_md block, each the context its code
 * was compiled for.
 *
 * A third load sets bpf_jit_imul: MUL as Linux 6.x emits it (imul in place
 * of v5.8's mul through rax/rdx), to show what that one change buys; a
 * fourth sets bpf_jit_opt, chapter 09's optimising JIT (all its steps, or
 * those -O names: `make bench BENCH_OPT=frame,encode`).
 *
 * With -j, the run also writes its figures as JSON: the geomeans of the
 * ratios to native, every program's ratios, the compile time per
 * instruction of the v5.8 and the optimising JIT on LARGE.bin (the largest
 * straight-line program), and the fixed cost of a program: the median
 * load (verifier, JIT, image and all) of SMALL.bin, ten instructions.
 * Compiles and loads are timed in the thread's CPU time (compile_cost(),
 * load_median()); the table's load_us is a corpus program's whole load
 * with the v5.8 JIT, verifier and all.
 *
 * Timing calls the program the way BPF_PROG_TEST_RUN's loop does,
 * prog->bpf_func(ctx, prog->insnsi), in calibrated batches, the runners
 * taking turns; the native twin (gcc -O2 of the same source) runs in the
 * same process on the same block.
 * Times are ns per run in the thread's CPU time (median over batches: a
 * batch the scheduler interrupts counts only the time it ran); ratios are JIT/native,
 * interpreter/native and interpreter/JIT; the last line gives geomeans.
 * Nothing here asserts a speed: a benchmark reports, tests judge.
 */
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linux/bpf.h"
#include "linux/bpf_interp.h"
#include "linux/bpf_jit.h"
#include "linux/file.h"
#include "linux/netdevice.h"
#include "net/xdp.h"
#include "harness.h"
#include "../../chapters/06-do-jit/test_util.h"	/* jit_test_prog(), jit_test_compile() */

#define MAX_BATCHES 1000

struct twin {
	const char *name;
	u32 (*fn)(struct xdp_md *ctx);
};

#define PROGRAMS(X) X(nop) X(fnv1a) X(xxh64) X(crc32) X(murmur3) X(csum) \
	X(parser) X(divmod) X(calls) X(sieve) X(histogram)
#define DECLARE(name) u32 bench_##name(struct xdp_md *ctx);
PROGRAMS(DECLARE)
static const struct twin twins[] = {
#define ENTRY(name) { #name, bench_##name },
	PROGRAMS(ENTRY)
};

typedef unsigned int (*bpf_func_t)(const void *ctx, const struct bpf_insn *insn);

/* One way of running a program: a BPF image (interpreter or JIT) or a twin. */
struct runner {
	const struct bpf_prog *prog;
	const struct twin *twin;
};

/* The context of the BPF runners: the input as an XDP packet. */
static struct xdp_buff xdp;

static volatile u32 sink;
static unsigned int opt_steps = BPF_JIT_OPT_ALL;	/* -O: the optimising JIT's steps */

/* block: the corpus's block, [ struct xdp_md | pad | input ]. */
static u32 run_once(const struct runner *r, void *block)
{
	if (r->twin)
		return r->twin->fn(block);
	return r->prog->bpf_func(&xdp, r->prog->insnsi);
}

/* An xdp_buff around the block's input, as BPF_PROG_TEST_RUN builds one
 * (chapter 04's test_run.c), without the headroom: nothing here moves the
 * packet's head.
 */
static void xdp_init(struct xdp_buff *x, struct bench_block *blk)
{
	x->data_hard_start = blk->data;
	x->data = blk->data;
	x->data_meta = blk->data;
	x->data_end = blk->data + BENCH_SIZE;
	x->frame_sz = BENCH_SIZE;
	x->rxq = &__netif_get_rx_queue(&loopback_dev, 0)->xdp_rxq;
}

/*
 * The CPU time this thread has used, in ns: what a load costs, without the
 * time other processes on a busy machine take the CPU away from it.
 */
static u64 cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

/*
 * What reading that clock costs, as an interval sees it: a system call on
 * most machines (a microsecond or more in a VM), of which an interval
 * holds the second half of its first reading and the first half of its
 * last. A load of a small program takes some tens of microseconds, so its
 * time is taken less this (the median of back-to-back readings).
 */
static double cpu_ns_cost(void)
{
	static double cost = -1;
	double d[101];

	if (cost >= 0)
		return cost;
	for (int i = 0; i < 101; i++) {
		u64 t0 = cpu_ns();

		d[i] = (double)(cpu_ns() - t0);
	}
	qsort(d, 101, sizeof(double), cmp_double);
	return cost = d[50];
}

/* ns per run over a batch of runs, in CPU time (cpu_ns()) */
static double time_batch(const struct runner *r, void *ctx, u64 runs)
{
	u64 t0 = cpu_ns();
	u32 x = 0;

	for (u64 i = 0; i < runs; i++)
		x ^= run_once(r, ctx);
	sink = x;
	return (double)(cpu_ns() - t0) / (double)runs;
}

/*
 * Median ns per run of each of nr runners, over `batches` batches of a
 * size calibrated for each. The batches take turns, runner after runner,
 * so that a machine busy with something else for a while slows them all
 * alike: the ratios between them are what this measures.
 */
#define MAX_RUNNERS 18
static void measure(const struct runner *r, int nr, struct bench_block *blk,
		    int batches, double batch_ms, double *t)
{
	static double v[MAX_RUNNERS][MAX_BATCHES];
	u64 runs[MAX_RUNNERS];

	block_reset(blk);
	for (int k = 0; k < nr; k++) {
		runs[k] = 1;
		if (!r[k].prog && !r[k].twin)
			continue;
		while (time_batch(&r[k], blk->base, runs[k]) * (double)runs[k] < batch_ms * 1e6 / 8 &&
		       runs[k] < (1ULL << 40))
			runs[k] *= 2;
		runs[k] *= 8;
		time_batch(&r[k], blk->base, runs[k]);	/* warm-up */
	}
	for (int i = 0; i < batches; i++)
		for (int k = 0; k < nr; k++)
			if (r[k].prog || r[k].twin)
				v[k][i] = time_batch(&r[k], blk->base, runs[k]);
	for (int k = 0; k < nr; k++)
		t[k] = r[k].prog || r[k].twin ? stats_of(v[k], batches).median : 0;
}

/* Loads insns as XDP through sys_bpf(); returns the fd or a negative errno.
 * jit: 0 interpreter, 1 the v5.8 JIT, 2 the JIT with imul (bpf_jit_imul),
 * 3 the optimising JIT (bpf_jit_opt).
 */
/* The JIT's knobs for jit (as load() takes it), and back to the defaults. */
static void jit_knobs(int jit)
{
	bpf_jit_enable = jit != 0;
	bpf_jit_imul = jit == 2;
	bpf_jit_opt = jit == 3 ? opt_steps : 0;
}

static int load(const struct bpf_insn *insns, u32 cnt, int jit, double *load_ns)
{
	union bpf_attr attr;
	u64 t0;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_XDP;
	attr.insn_cnt = cnt;
	attr.insns = (u64)(uintptr_t)insns;
	attr.license = (u64)(uintptr_t)"GPL";
	jit_knobs(jit);
	t0 = cpu_ns();
	fd = (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	jit_knobs(1);
	if (load_ns)
		*load_ns = (double)(cpu_ns() - t0) - cpu_ns_cost();
	return fd;
}

/*
 * One compile of the verified program by a JIT (jit: as load() takes it),
 * in CPU time: handed to bpf_int_jit_compile() as bpf_prog_select_runtime()
 * hands it (chapter 06's jit_test_prog()), all passes, the image's
 * allocation and its W^X flip included, the book's trace of the passes
 * (chapter 06's jit_trace.c, which the kernel has not) left out. Returns
 * the time, or a negative errno.
 */
static double compile_once(const struct bpf_prog *verified, int jit)
{
	struct bpf_prog *fp = jit_test_prog(verified->insnsi, verified->len,
					    verified->aux->stack_depth, true);
	double t;
	u64 t0;

	if (!fp)
		return -ENOMEM;
	fp->type = verified->type;
	fp->aux->verifier_zext = verified->aux->verifier_zext;
	jit_knobs(jit);
	bpf_jit_tracing = false;
	t0 = cpu_ns();
	fp = jit_test_compile(fp);
	t = (double)(cpu_ns() - t0) - cpu_ns_cost();
	bpf_jit_tracing = true;
	jit_knobs(1);
	bpf_prog_free(fp);
	return t;
}

/*
 * The JIT's share of a load, for the v5.8 and the optimising JIT side by
 * side (ns[0], ns[1]): the program is verified once, with the JIT off, and
 * what bpf_check() left is compiled again and again, the two JITs taking
 * turns, for COMPILE_ROUNDS rounds and COMPILE_MS of CPU time at least; the
 * fastest compile of each, the one least disturbed by whatever else the
 * machine runs, is its cost. (A machine busy for a while slows both alike;
 * the fastest of 15 made the figure depend on the second the run started
 * in, on a VM whose neighbours come and go. Taking it as the difference of
 * whole loads with the JIT on and off drowned it in the verifier's noise,
 * and could come out below zero.) Returns 0 or the load's negative errno.
 */
#define COMPILE_ROUNDS	15
#define COMPILE_MS	2000
static int compile_cost(const struct bpf_insn *insns, u32 cnt, double ns[2])
{
	struct bpf_prog *verified;
	double t, spent = 0;
	int vfd, err = 0;

	vfd = load(insns, cnt, 0, NULL);
	if (vfd < 0)
		return vfd;
	verified = bpf_prog_get(vfd);
	ns[0] = ns[1] = INFINITY;
	for (int r = 0; !err && (r < COMPILE_ROUNDS || spent < COMPILE_MS * 1e6); r++) {
		for (int k = 0; k < 2; k++) {
			t = compile_once(verified, k ? 3 : 1);
			if (t < 0) {
				err = (int)t;
				break;
			}
			ns[k] = fmin(ns[k], t);
			spent += t;
		}
	}
	bpf_prog_put(verified);
	close_fd(vfd);
	return err;
}

#define LOADS 15
#define MAX_LOADS 101

/*
 * The median of `loads` loads with the JIT (jit: as load() takes it), in
 * CPU time, verifier and all, into *load_ns. Returns 0 or the negative errno.
 */
static int load_median(const struct bpf_insn *insns, u32 cnt, int jit, int loads,
		       double *load_ns)
{
	double t[MAX_LOADS];
	int fd;

	for (int i = 0; i < loads; i++) {
		fd = load(insns, cnt, jit, &t[i]);
		if (fd < 0)
			return fd;
		close_fd(fd);
	}
	qsort(t, loads, sizeof(double), cmp_double);
	*load_ns = t[loads / 2];
	return 0;
}

/* Passes of the JIT: the program's own trace, or its first function's. */
static u32 jit_passes(const struct bpf_prog *prog)
{
	const struct bpf_jit_trace *t = prog->aux->jit_trace;

	if (!t && prog->aux->func_cnt)
		t = prog->aux->func[0]->aux->jit_trace;
	return t ? t->passes : 0;
}

static const char *basename_noext(const char *path, char *buf, size_t len)
{
	const char *s = strrchr(path, '/');
	char *dot;

	snprintf(buf, len, "%s", s ? s + 1 : path);
	dot = strrchr(buf, '.');
	if (dot)
		*dot = '\0';
	return buf;
}

static long expected_result(const char *tsv, const char *name)
{
	char line[512], key[64];
	unsigned long val;
	FILE *f;

	if (!tsv || !(f = fopen(tsv, "r")))
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %lx", key, &val) == 2 && !strcmp(key, name)) {
			fclose(f);
			return (long)val;
		}
	fclose(f);
	return -1;
}

/* The ways a program runs, side by side: the columns of the table. */
enum { R_INTERP, R_JIT, R_IMUL, R_OPT, R_NATIVE, NR_RUNNERS };

/* What -j writes: per program, then for the whole run. */
struct bench_json {
	FILE *f;
	int n;
	double geo[NR_RUNNERS];		/* geomean of each runner's ratio to native */
};

static void json_program(struct bench_json *j, const char *name, const double *t,
			 const u32 *image)
{
	if (!j->f)
		return;
	fprintf(j->f, "%s    \"%s\": {\"ns\": {\"native\": %.1f, \"interp\": %.1f, \"jit\": %.1f, "
		"\"imul\": %.1f, \"opt\": %.1f}, \"ratio\": {\"interp\": %.3f, \"jit\": %.3f, "
		"\"imul\": %.3f, \"opt\": %.3f}, \"image\": {\"jit\": %u, \"opt\": %u}}",
		j->n++ ? ",\n" : "", name, t[R_NATIVE], t[R_INTERP], t[R_JIT], t[R_IMUL], t[R_OPT],
		t[R_INTERP] / t[R_NATIVE], t[R_JIT] / t[R_NATIVE], t[R_IMUL] / t[R_NATIVE],
		t[R_OPT] / t[R_NATIVE], image[R_JIT], image[R_OPT]);
}

/*
 * Where a JIT puts an image decides, more than one would think, how fast it
 * runs: the same bytes at another address take up to a nanosecond more a
 * call, as the branch predictors' tables alias or not with the caller's.
 * bpf_jit_binary_alloc() picks the address at random, so one load is one
 * draw: each JITed program is loaded PLACEMENTS times, every copy timed,
 * and its time is the median of theirs. Slot 0 is the interpreter, then
 * the copies of each JIT, runner kind by kind, then the native twin.
 */
#define PLACEMENTS 5
#define NR_SLOTS (2 + (R_NATIVE - R_JIT) * PLACEMENTS)
_Static_assert(NR_SLOTS <= MAX_RUNNERS, "measure() takes MAX_RUNNERS runners");

static int slot(int k, int p)
{
	if (k == R_INTERP)
		return 0;
	if (k == R_NATIVE)
		return NR_SLOTS - 1;
	return 1 + (k - R_JIT) * PLACEMENTS + p;
}

static int bench_corpus(int argc, char **argv, int batches, double batch_ms,
			const char *tsv, struct bench_json *j)
{
	double g[NR_RUNNERS] = { 0 }, g_ij = 0;
	int n = 0, n_native = 0, rc = 0;
	struct bench_block blk;
	size_t len;
	u8 *input = read_file(argv[0], &len);

	if (!input)
		return 1;
	if (len != BENCH_SIZE || block_init(&blk, input)) {
		fprintf(stderr, "%s: want %d bytes of input\n", argv[0], BENCH_SIZE);
		return 1;
	}
	xdp_init(&xdp, &blk);
	printf("%-10s %10s %8s %8s %8s %8s %8s %7s %7s %7s %7s %7s %6s %6s %7s %s\n", "program",
	       "result", "native", "interp", "jit", "jit+imul", "opt", "jit/nat", "imul/nat",
	       "opt/nat", "int/nat", "int/jit", "image", "opt", "load_us", "interpreter");
	for (int a = 1; a < argc; a++) {
		char name[64];
		const struct twin *twin = NULL;
		struct bpf_insn *insns;
		struct runner r[NR_SLOTS] = { { 0 } };
		double t[NR_RUNNERS] = { 0 }, ts[NR_SLOTS] = { 0 }, load_ns = 0;
		int fd[NR_SLOTS - 1];
		u32 res[NR_SLOTS] = { 0 }, image[NR_RUNNERS] = { 0 };
		bool bad = false;
		long want;

		basename_noext(argv[a], name, sizeof(name));
		insns = read_file(argv[a], &len);
		if (!insns || len % sizeof(struct bpf_insn)) {
			fprintf(stderr, "%s: not a whole number of instructions\n", argv[a]);
			free(insns);
			rc = 1;
			continue;
		}
		/*
		 * The whole load, verifier and all: the walk of a loop takes
		 * milliseconds, and varies by more than the JIT takes, so the
		 * JIT's own share is measured where the walk is cheap (-c).
		 */
		fd[0] = load_median(insns, len / 8, 1, LOADS, &load_ns);
		if (fd[0] == 0)
			fd[0] = load(insns, len / 8, 0, NULL);
		for (int k = R_JIT; k < R_NATIVE; k++)
			for (int p = 0; p < PLACEMENTS; p++)	/* R_JIT..R_OPT: load()'s 1..3 */
				fd[slot(k, p)] = load(insns, len / 8, k, NULL);
		free(insns);
		for (int i = 0; i < NR_SLOTS - 1; i++)
			bad |= fd[i] < 0;
		if (bad) {
			fprintf(stderr, "%s: load failed: interpreter %d, jit %d, jit+imul %d, opt %d\n",
				name, fd[0], fd[slot(R_JIT, 0)], fd[slot(R_IMUL, 0)],
				fd[slot(R_OPT, 0)]);
			for (int i = 0; i < NR_SLOTS - 1; i++)
				if (fd[i] >= 0)
					close_fd(fd[i]);
			rc = 1;
			continue;
		}
		for (int i = 0; i < NR_SLOTS - 1; i++)
			r[i].prog = bpf_prog_get(fd[i]);
		for (int k = 0; k < R_NATIVE; k++)
			image[k] = r[slot(k, 0)].prog->jited_len;
		for (size_t i = 0; i < ARRAY_SIZE(twins); i++)
			if (!strcmp(twins[i].name, name))
				twin = &twins[i];
		r[NR_SLOTS - 1].twin = twin;

		for (int i = 0; i < NR_SLOTS; i++) {
			if (i == NR_SLOTS - 1 && !twin)
				continue;
			block_reset(&blk);
			res[i] = run_once(&r[i], blk.base);
			bad |= res[i] != res[0];
		}
		want = expected_result(tsv, name);
		if (bad || (want >= 0 && (u32)want != res[0])) {
			fprintf(stderr, "%s: results differ: interpreter %#x, jit %#x, jit+imul %#x, opt %#x, native %#x, expected %#lx\n",
				name, res[0], res[slot(R_JIT, 0)], res[slot(R_IMUL, 0)],
				res[slot(R_OPT, 0)], res[NR_SLOTS - 1], want);
			rc = 1;
		}
		measure(r, NR_SLOTS, &blk, batches, batch_ms, ts);
		for (int k = 0; k < NR_RUNNERS; k++) {
			double v[PLACEMENTS];
			int np = k == R_INTERP || k == R_NATIVE ? 1 : PLACEMENTS;

			for (int p = 0; p < np; p++)
				v[p] = ts[slot(k, p)];
			qsort(v, np, sizeof(double), cmp_double);
			t[k] = v[np / 2];
		}

		printf("%-10s 0x%08x %8.1f %8.1f %8.1f %8.1f %8.1f ", name, res[slot(R_JIT, 0)], t[R_NATIVE],
		       t[R_INTERP], t[R_JIT], t[R_IMUL], t[R_OPT]);
		if (twin)
			printf("%7.2f %7.2f %7.2f %7.1f ", t[R_JIT] / t[R_NATIVE], t[R_IMUL] / t[R_NATIVE],
			       t[R_OPT] / t[R_NATIVE], t[R_INTERP] / t[R_NATIVE]);
		else
			printf("%7s %7s %7s %7s ", "-", "-", "-", "-");
		printf("%7.1f %6u %6u %7.0f %s%s%s\n", t[R_INTERP] / t[R_JIT], image[R_JIT], image[R_OPT],
		       load_ns / 1000.0,
		       r[slot(R_JIT, 0)].prog->jited ? "" : "(JIT fell back) ",
		       r[slot(R_OPT, 0)].prog->jited ? "" : "(opt JIT fell back) ",
		       bpf_interpreter_name(r[0].prog->bpf_func));

		n++;
		g_ij += log(t[R_INTERP] / t[R_JIT]);
		if (twin) {
			n_native++;
			for (int k = 0; k < R_NATIVE; k++)
				g[k] += log(t[k] / t[R_NATIVE]);
			json_program(j, name, t, image);
		}
		for (int i = 0; i < NR_SLOTS - 1; i++) {
			bpf_prog_put((struct bpf_prog *)r[i].prog);
			close_fd(fd[i]);
		}
	}
	for (int k = 0; k < R_NATIVE; k++)
		j->geo[k] = n_native ? exp(g[k] / n_native) : 0;
	if (n)
		printf("geomean over %d programs: jit/native %.2fx (v5.8), %.2fx (with imul), %.2fx (optimising), interpreter/native %.1fx, interpreter/jit %.1fx\n",
		       n, j->geo[R_JIT], j->geo[R_IMUL], j->geo[R_OPT], j->geo[R_INTERP], exp(g_ij / n));
	munmap(blk.base, 4096);
	free(input);
	return rc;
}

/*
 * The optimising JIT's steps, added one at a time (-S): each program under
 * v5.8's JIT and under the steps so far, all measured in one run, the
 * runners taking turns; ratios to native, and their geomeans.
 */
static int bench_steps(int argc, char **argv, int batches, double batch_ms, const char *tsv)
{
	enum { NR = 1 + ARRAY_SIZE(bpf_jit_opt_step_names) + 1 };	/* v5.8, +each, native */
	double g[NR] = { 0 };
	int n = 0, rc = 0;
	struct bench_block blk;
	size_t len;
	u8 *input = read_file(argv[0], &len);

	if (!input)
		return 1;
	if (len != BENCH_SIZE || block_init(&blk, input)) {
		fprintf(stderr, "%s: want %d bytes of input\n", argv[0], BENCH_SIZE);
		return 1;
	}
	xdp_init(&xdp, &blk);
	printf("%-10s %8s %6s", "program", "native", "v5.8");
	for (u32 k = 0; k < ARRAY_SIZE(bpf_jit_opt_step_names); k++)
		printf(" %7s", bpf_jit_opt_step_names[k]);
	printf("   (ratios to native; each column adds its step to those on its left)\n");
	for (int a = 1; a < argc; a++) {
		struct runner r[NR] = { { 0 } };
		double t[NR] = { 0 };
		const struct twin *twin = NULL;
		struct bpf_insn *insns;
		int fd[NR - 1];
		char name[64];
		long want;

		basename_noext(argv[a], name, sizeof(name));
		for (size_t i = 0; i < ARRAY_SIZE(twins); i++)
			if (!strcmp(twins[i].name, name))
				twin = &twins[i];
		insns = read_file(argv[a], &len);
		if (!twin || !insns || len % sizeof(struct bpf_insn)) {
			fprintf(stderr, "%s: not a program of the corpus\n", argv[a]);
			free(insns);
			rc = 1;
			continue;
		}
		want = expected_result(tsv, name);
		for (int k = 0; k < NR - 1; k++) {
			opt_steps = (1u << k) - 1;	/* k = 0: none, the v5.8 JIT */
			fd[k] = load(insns, len / 8, k ? 3 : 1, NULL);
			r[k].prog = fd[k] >= 0 ? bpf_prog_get(fd[k]) : NULL;
		}
		opt_steps = BPF_JIT_OPT_ALL;
		free(insns);
		r[NR - 1].twin = twin;
		for (int k = 0; k < NR; k++) {
			u32 res;

			if (k < NR - 1 && !r[k].prog) {
				fprintf(stderr, "%s: load failed (step %d)\n", name, k);
				rc = 1;
				goto next;
			}
			block_reset(&blk);
			res = run_once(&r[k], blk.base);
			if (want >= 0 && res != (u32)want) {
				fprintf(stderr, "%s: step %d computes %#x, not %#lx\n", name, k, res, want);
				rc = 1;
			}
		}
		measure(r, NR, &blk, batches, batch_ms, t);
		printf("%-10s %8.1f", name, t[NR - 1]);
		for (int k = 0; k < NR - 1; k++) {
			printf(k ? " %7.2f" : " %6.2f", t[k] / t[NR - 1]);
			g[k] += log(t[k] / t[NR - 1]);
		}
		printf("\n");
		n++;
next:
		for (int k = 0; k < NR - 1; k++)
			if (r[k].prog) {
				bpf_prog_put((struct bpf_prog *)r[k].prog);
				close_fd(fd[k]);
			}
	}
	if (n) {
		printf("%-10s %8s", "geomean", "");
		for (int k = 0; k < NR - 1; k++)
			printf(k ? " %7.2f" : " %6.2f", exp(g[k] / n));
		printf("\n");
	}
	munmap(blk.base, 4096);
	free(input);
	return rc;
}

/* One program file's instructions, for the compile and fixed-cost figures. */
static struct bpf_insn *read_prog(const char *path, u32 *cnt)
{
	size_t len;
	struct bpf_insn *insns = read_file(path, &len);

	if (!insns || len % 8) {
		fprintf(stderr, "%s: not a whole number of instructions\n", path);
		free(insns);
		return NULL;
	}
	*cnt = len / 8;
	return insns;
}

/*
 * Compile speed: the time bpf_prog_load() spends in the JIT, per BPF
 * instruction, for the v5.8 and the optimising JIT: the fastest
 * compilation of the verified program, in CPU time (compile_cost()), all
 * passes included; and the median whole load with the v5.8 JIT.
 */
static int bench_compile(int argc, char **argv)
{
	printf("%-28s %8s %10s %10s %10s %7s %7s %6s %6s %9s %9s\n", "program", "insns", "load_us",
	       "jit_us", "opt_us", "image", "opt", "passes", "opt", "ns/insn", "opt ns/i");
	for (int a = 0; a < argc; a++) {
		struct bpf_prog *prog[2];
		double t_jit[2], t_load;
		u32 cnt;
		int fd[2], err;
		struct bpf_insn *insns = read_prog(argv[a], &cnt);

		if (!insns)
			return 1;
		err = compile_cost(insns, cnt, t_jit);
		if (!err)
			err = load_median(insns, cnt, 1, LOADS, &t_load);
		for (int k = 0; k < 2; k++) {
			fd[k] = err ? err : load(insns, cnt, k ? 3 : 1, NULL);
			if (fd[k] < 0) {
				fprintf(stderr, "%s: load failed: %s\n", argv[a], errno_name(fd[k]));
				free(insns);
				return 1;
			}
			prog[k] = bpf_prog_get(fd[k]);
		}
		free(insns);
		printf("%-28s %8u %10.1f %10.1f %10.1f %7u %7u %6u %6u %9.1f %9.1f%s\n", argv[a], cnt,
		       t_load / 1000, t_jit[0] / 1000, t_jit[1] / 1000, prog[0]->jited_len,
		       prog[1]->jited_len, jit_passes(prog[0]), jit_passes(prog[1]),
		       t_jit[0] / cnt, t_jit[1] / cnt,
		       prog[0]->jited && prog[1]->jited ? "" : "  (a JIT fell back)");
		for (int k = 0; k < 2; k++) {
			bpf_prog_put(prog[k]);
			close_fd(fd[k]);
		}
	}
	return 0;
}

/*
 * The rest of -j: compile time per instruction on the largest
 * straight-line program, and the fixed cost of a small one (its median
 * load, everything included, over MAX_LOADS loads), for both JITs.
 */
static int bench_json_write(struct bench_json *j, const char *large, const char *small)
{
	double c_ns[2] = { 0 }, fixed_us[2] = { 0 };
	u32 cnt_l, cnt_s;
	struct bpf_insn *l = read_prog(large, &cnt_l), *s = read_prog(small, &cnt_s);
	int err = 0;

	if (!l || !s) {
		free(l);
		free(s);
		return 1;
	}
	err = compile_cost(l, cnt_l, c_ns);
	for (int k = 0; k < 2 && !err; k++) {
		c_ns[k] /= cnt_l;
		err = load_median(s, cnt_s, k ? 3 : 1, MAX_LOADS, &fixed_us[k]);
		fixed_us[k] /= 1000;
	}
	free(l);
	free(s);
	if (err) {
		fprintf(stderr, "bench: load failed: %s\n", errno_name(err));
		return 1;
	}
	printf("compile: %.1f ns/insn (v5.8), %.1f ns/insn (optimising) on %u instructions; "
	       "fixed cost: %.1f us (v5.8), %.1f us (optimising) to load %u instructions\n",
	       c_ns[0], c_ns[1], cnt_l, fixed_us[0], fixed_us[1], cnt_s);
	fprintf(j->f, "\n  },\n  \"geomean\": {\"interp\": %.3f, \"jit\": %.3f, \"imul\": %.3f, \"opt\": %.3f},\n"
		"  \"compile_ns_per_insn\": {\"jit\": %.1f, \"opt\": %.1f, \"insns\": %u},\n"
		"  \"fixed_cost_us\": {\"jit\": %.1f, \"opt\": %.1f, \"insns\": %u}\n}\n",
		j->geo[R_INTERP], j->geo[R_JIT], j->geo[R_IMUL], j->geo[R_OPT],
		c_ns[0], c_ns[1], cnt_l, fixed_us[0], fixed_us[1], cnt_s);
	return 0;
}

int main(int argc, char **argv)
{
	const char *tsv = NULL, *json = NULL, *large = NULL, *small = NULL;
	struct bench_json j = { 0 };
	double batch_ms = 20;
	int batches = 11, opt, rc;
	bool compile = false, steps = false;

	/*
	 * The kernel's allocators keep freed memory at hand; glibc's gives a
	 * large block (above 128 KiB, and the heap's top above twice that)
	 * back to the system, and the next compile of a large program takes a
	 * page fault on every page of its arrays again: up to half the time
	 * measured, more or less from run to run. Keep everything in the heap.
	 */
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);

	while ((opt = getopt(argc, argv, "b:t:e:cj:L:F:O:S")) != -1) {
		switch (opt) {
		case 'b':
			batches = atoi(optarg);
			break;
		case 't':
			batch_ms = atof(optarg);
			break;
		case 'e':
			tsv = optarg;
			break;
		case 'c':
			compile = true;
			break;
		case 'j':
			json = optarg;
			break;
		case 'L':
			large = optarg;
			break;
		case 'F':
			small = optarg;
			break;
		case 'O':
			if (bpf_jit_opt_parse(optarg, &opt_steps))
				goto usage;
			break;
		case 'S':
			steps = true;
			break;
		default:
			goto usage;
		}
	}
	if (batches < 1 || batches > MAX_BATCHES || batch_ms <= 0 ||
	    (json && (!large || !small)))
		goto usage;
	if (compile && optind < argc)
		return bench_compile(argc - optind, argv + optind);
	if (compile || argc - optind < 2)
		goto usage;
	if (steps)
		return bench_steps(argc - optind, argv + optind, batches, batch_ms, tsv);
	if (json) {
		j.f = fopen(json, "w");
		if (!j.f) {
			perror(json);
			return 1;
		}
		fprintf(j.f, "{\n  \"programs\": {\n");
	}
	rc = bench_corpus(argc - optind, argv + optind, batches, batch_ms, tsv, &j);
	if (json) {
		rc |= bench_json_write(&j, large, small);
		fclose(j.f);
		if (!rc)
			printf("figures written to %s\n", json);
	}
	return rc;
usage:
	fprintf(stderr, "usage: bench [-b BATCHES] [-t BATCH_MS] [-e EXPECTED.tsv] [-O STEPS]\n"
			"             [-j OUT.json -L LARGE.bin -F SMALL.bin] INPUT.bin PROG.bin...\n"
			"       bench -S [-b BATCHES] [-t BATCH_MS] [-e EXPECTED.tsv] INPUT.bin PROG.bin...\n"
			"       bench -c PROG.bin...\n");
	return 2;
}
