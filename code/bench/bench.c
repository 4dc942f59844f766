// SPDX-License-Identifier: GPL-2.0
/*
 * bench: the benchmark corpus under the interpreter, the JIT and native code,
 * side by side in one run.
 *
 *   bench [-b BATCHES] [-t BATCH_MS] [-e EXPECTED.tsv] INPUT.bin NAME.bin...
 *   bench -c N...        compile speed on generated straight-line programs
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
 * of v5.8's mul through rax/rdx), to show what that one change buys.
 *
 * Timing calls the program the way BPF_PROG_TEST_RUN's loop does,
 * prog->bpf_func(ctx, prog->insnsi), in calibrated batches; the native twin
 * (gcc -O2 of the same source) runs in the same process on the same block.
 * Times are ns per run (median over batches); ratios are JIT/native,
 * interpreter/native and interpreter/JIT; the last line gives geomeans.
 * Nothing here asserts a speed: a benchmark reports, tests judge.
 */
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

static double time_batch(const struct runner *r, void *ctx, u64 runs)
{
	u64 t0 = now_ns();
	u32 x = 0;

	for (u64 i = 0; i < runs; i++)
		x ^= run_once(r, ctx);
	sink = x;
	return (double)(now_ns() - t0) / (double)runs;
}

/* Median ns per run over `batches` batches of a calibrated size. */
static double measure(const struct runner *r, struct bench_block *blk,
		      int batches, double batch_ms)
{
	double v[MAX_BATCHES];
	u64 runs = 1;

	block_reset(blk);
	while (time_batch(r, blk->base, runs) * (double)runs < batch_ms * 1e6 / 8 &&
	       runs < (1ULL << 40))
		runs *= 2;
	runs *= 8;
	time_batch(r, blk->base, runs);		/* warm-up */
	for (int i = 0; i < batches; i++)
		v[i] = time_batch(r, blk->base, runs);
	return stats_of(v, batches).median;
}

/* Loads insns as XDP through sys_bpf(); returns the fd or a negative errno.
 * jit: 0 interpreter, 1 the v5.8 JIT, 2 the JIT with imul (bpf_jit_imul).
 */
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
	bpf_jit_enable = jit != 0;
	bpf_jit_imul = jit == 2;
	t0 = now_ns();
	fd = (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	bpf_jit_imul = false;
	if (load_ns)
		*load_ns = (double)(now_ns() - t0);
	return fd;
}

/*
 * The JIT's share of a load: the same program loaded LOADS times with the JIT
 * off and on; the difference of the medians (the verifier, allocation and
 * copies cancel out), all passes included, into *jit_ns; the median load
 * with the JIT into *load_ns. Returns 0 or the load's negative errno.
 */
#define LOADS 7
static int jit_cost(const struct bpf_insn *insns, u32 cnt, double *jit_ns,
		    double *load_ns)
{
	double off[LOADS], on[LOADS];
	int fd;

	for (int i = 0; i < LOADS; i++) {
		fd = load(insns, cnt, 0, &off[i]);
		if (fd < 0)
			return fd;
		close_fd(fd);
		fd = load(insns, cnt, 1, &on[i]);
		if (fd < 0)
			return fd;
		close_fd(fd);
	}
	qsort(off, LOADS, sizeof(double), cmp_double);
	qsort(on, LOADS, sizeof(double), cmp_double);
	*jit_ns = on[LOADS / 2] - off[LOADS / 2];
	*load_ns = on[LOADS / 2];
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

static int bench_corpus(int argc, char **argv, int batches, double batch_ms,
			const char *tsv)
{
	double g_jit = 0, g_mul = 0, g_int = 0, g_ij = 0;
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
	printf("%-10s %10s %9s %9s %9s %9s %8s %8s %8s %8s %7s %6s %7s %s\n", "program",
	       "result", "native", "interp", "jit", "jit+imul", "jit/nat", "imul/nat",
	       "int/nat", "int/jit", "image", "passes", "jit_us", "interpreter");
	for (int a = 1; a < argc; a++) {
		char name[64];
		const struct twin *twin = NULL;
		struct bpf_insn *insns;
		struct runner ri = { 0 }, rj = { 0 }, rm = { 0 }, rn = { 0 };
		double t_nat = 0, t_int, t_jit, t_mul, jit_ns = 0, load_ns;
		int fd_i, fd_j, fd_m;
		u32 ri_res, rj_res, rm_res, rn_res = 0;
		long want;

		basename_noext(argv[a], name, sizeof(name));
		insns = read_file(argv[a], &len);
		if (!insns || len % sizeof(struct bpf_insn)) {
			fprintf(stderr, "%s: not a whole number of instructions\n", argv[a]);
			free(insns);
			rc = 1;
			continue;
		}
		fd_i = jit_cost(insns, len / 8, &jit_ns, &load_ns);
		if (fd_i == 0)
			fd_i = load(insns, len / 8, 0, NULL);
		fd_j = load(insns, len / 8, 1, NULL);
		fd_m = load(insns, len / 8, 2, NULL);
		free(insns);
		if (fd_i < 0 || fd_j < 0 || fd_m < 0) {
			fprintf(stderr, "%s: load failed: interpreter %d, jit %d, jit+imul %d\n",
				name, fd_i, fd_j, fd_m);
			rc = 1;
			continue;
		}
		ri.prog = bpf_prog_get(fd_i);
		rj.prog = bpf_prog_get(fd_j);
		rm.prog = bpf_prog_get(fd_m);
		for (size_t i = 0; i < ARRAY_SIZE(twins); i++)
			if (!strcmp(twins[i].name, name))
				twin = &twins[i];

		block_reset(&blk);
		ri_res = run_once(&ri, blk.base);
		block_reset(&blk);
		rj_res = run_once(&rj, blk.base);
		block_reset(&blk);
		rm_res = run_once(&rm, blk.base);
		if (twin) {
			rn.twin = twin;
			block_reset(&blk);
			rn_res = run_once(&rn, blk.base);
		}
		want = expected_result(tsv, name);
		if (ri_res != rj_res || ri_res != rm_res || (twin && rn_res != ri_res) ||
		    (want >= 0 && (u32)want != ri_res)) {
			fprintf(stderr, "%s: results differ: interpreter %#x, jit %#x, jit+imul %#x, native %#x, expected %#lx\n",
				name, ri_res, rj_res, rm_res, rn_res, want);
			rc = 1;
		}
		t_int = measure(&ri, &blk, batches, batch_ms);
		t_jit = measure(&rj, &blk, batches, batch_ms);
		t_mul = measure(&rm, &blk, batches, batch_ms);
		if (twin)
			t_nat = measure(&rn, &blk, batches, batch_ms);

		printf("%-10s 0x%08x %9.1f %9.1f %9.1f %9.1f ", name, rj_res, t_nat, t_int,
		       t_jit, t_mul);
		if (twin)
			printf("%8.2f %8.2f %8.1f ", t_jit / t_nat, t_mul / t_nat, t_int / t_nat);
		else
			printf("%8s %8s %8s ", "-", "-", "-");
		printf("%8.1f %7u %6u %7.1f %s%s\n", t_int / t_jit, rj.prog->jited_len,
		       jit_passes(rj.prog), jit_ns / 1000.0,
		       rj.prog->jited ? "" : "(JIT fell back) ",
		       bpf_interpreter_name(ri.prog->bpf_func));

		n++;
		g_ij += log(t_int / t_jit);
		if (twin) {
			n_native++;
			g_jit += log(t_jit / t_nat);
			g_mul += log(t_mul / t_nat);
			g_int += log(t_int / t_nat);
		}
		bpf_prog_put((struct bpf_prog *)ri.prog);
		bpf_prog_put((struct bpf_prog *)rj.prog);
		bpf_prog_put((struct bpf_prog *)rm.prog);
		close_fd(fd_i);
		close_fd(fd_j);
		close_fd(fd_m);
	}
	if (n)
		printf("geomean over %d programs: jit/native %.2fx (v5.8), %.2fx (with imul), interpreter/native %.1fx, interpreter/jit %.1fx\n",
		       n, n_native ? exp(g_jit / n_native) : 0, n_native ? exp(g_mul / n_native) : 0,
		       n_native ? exp(g_int / n_native) : 0, exp(g_ij / n));
	munmap(blk.base, 4096);
	free(input);
	return rc;
}

/*
 * Compile speed: the time bpf_prog_load() spends in the JIT, per BPF
 * instruction. The same program is loaded with the JIT off and on, LOADS
 * times each; the JIT's share is the difference of the medians (verifier,
 * allocation and copies cancel out), all passes included.
 */
static int bench_compile(int argc, char **argv)
{
	printf("%-28s %8s %10s %10s %7s %6s %12s\n", "program", "insns", "load_us",
	       "jit_us", "image", "passes", "ns_per_insn");
	for (int a = 0; a < argc; a++) {
		struct bpf_insn *insns;
		struct bpf_prog *prog;
		double t_jit, t_load;
		size_t len;
		u32 cnt;
		int fd;

		insns = read_file(argv[a], &len);
		if (!insns || len % 8) {
			fprintf(stderr, "%s: not a whole number of instructions\n", argv[a]);
			free(insns);
			return 1;
		}
		cnt = len / 8;
		fd = jit_cost(insns, cnt, &t_jit, &t_load);
		if (fd == 0)
			fd = load(insns, cnt, 1, NULL);
		free(insns);
		if (fd < 0) {
			fprintf(stderr, "%s: load failed: %s\n", argv[a], errno_name(fd));
			return 1;
		}
		prog = bpf_prog_get(fd);
		printf("%-28s %8u %10.1f %10.1f %7u %6u %12.1f%s\n", argv[a], cnt, t_load / 1000,
		       t_jit / 1000, prog->jited_len, jit_passes(prog), t_jit / cnt,
		       prog->jited ? "" : "  (the JIT fell back)");
		bpf_prog_put(prog);
		close_fd(fd);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *tsv = NULL;
	double batch_ms = 20;
	int batches = 11, opt;
	bool compile = false;

	while ((opt = getopt(argc, argv, "b:t:e:c")) != -1) {
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
		default:
			goto usage;
		}
	}
	if (batches < 1 || batches > MAX_BATCHES || batch_ms <= 0)
		goto usage;
	if (compile && optind < argc)
		return bench_compile(argc - optind, argv + optind);
	if (!compile && argc - optind >= 2)
		return bench_corpus(argc - optind, argv + optind, batches, batch_ms, tsv);
usage:
	fprintf(stderr, "usage: bench [-b BATCHES] [-t BATCH_MS] [-e EXPECTED.tsv] INPUT.bin PROG.bin...\n"
			"       bench -c PROG.bin...\n");
	return 2;
}
