// SPDX-License-Identifier: GPL-2.0
/*
 * bpfdiff: the differential runner. Generates programs (bpf_gen.h), loads
 * each through sys_bpf(BPF_PROG_LOAD) in every runtime the book has and
 * runs it (diff.h), in child processes (batch.h); any fault, hang, slow
 * load or r0 that differs from the reference is a finding, printed with
 * the program and the `bpfjit run` commands that show it, and saved as a
 * file that `bpfdiff --replay` (and `bpfjit run`) reads.
 *
 *   bpfdiff --seed 1 --count 100000 --jobs 2
 *   bpfdiff --replay code/fuzz/regress      the regression files
 *   bpfdiff --print 42 --seed 1             program 42 of seed 1, as a file
 *
 * Ours.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "linux/bpf_verifier.h"

#include "batch.h"
#include "bpf_gen.h"
#include "diff.h"
#include "prog_file.h"
#include "reduce.h"
#include "scaling.h"

/*
 * Under AddressSanitizer a load runs several times slower and its peak
 * memory counts the shadow and the quarantine: the bounds a regression file
 * sets on time and memory are the plain build's. A replay in a sanitized
 * build stretches the timeout and leaves the memory bound unchecked (and
 * says so); every verdict and result is checked as in the plain build.
 */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifdef SANITIZED
#define SANITIZED_SLOWDOWN 10
#else
#define SANITIZED_SLOWDOWN 1
#endif

static const char usage[] =
"usage: bpfdiff [OPTIONS]                 random programs, every runtime\n"
"       bpfdiff --replay FILE|DIR...      regression files: each must still hold\n"
"       bpfdiff --print INDEX [--seed S]  one generated program, as a file\n"
"       bpfdiff --reduce FILE [--out F]   shrink a finding (default F: FILE.min.hex)\n"
"       bpfdiff --from-bytes FILE         the program fuzz_diff made of FILE's bytes\n"
"       bpfdiff --annotate FILE           FILE again, each instruction with its text\n"
"       bpfdiff --scaling N               load time at N and 4N instructions: about\n"
"                                         4 times as long, or a finding\n"
"\n"
"  --seed S          the run's seed (default 1); program i is the same for\n"
"                    the same S, whatever --jobs and --count say\n"
"  --count N         programs (default 10000)\n"
"  --start I         first program index (default 0)\n"
"  --jobs J          child processes at once (default 1)\n"
"  --modes LIST      comma-separated: ref,interp,jit,jit+harden2,jit+imul,\n"
"                    jit+padding+k8,jit+opt,jit+opt+harden2 (default: all;\n"
"                    ref always runs)\n"
"  --flaws PCT       percent of programs with one deliberate flaw (default 10)\n"
"  --without LIST    leave parts out, to look past a known bug: printk,\n"
"                    null-ctx, memsx, calls, loops, atomics\n"
"  --max-insns N     program size (default: a mix of sizes up to ~240, and\n"
"                    one in a thousand of 2000-3500)\n"
"  --timeout MS      one load or run that takes longer is a finding, and is\n"
"                    killed (default 10000)\n"
"  --slow MS         a load slower than this is a finding (default 2000)\n"
"  --out DIR         where findings are written (default bpfdiff-findings)\n"
"  --bpfjit PATH     the tool named in the reproducing commands\n"
"  --show N          print the first N findings of each kind in full (default 3)\n"
"  --quiet           the summary only\n";

struct opts {
	u64 seed, count, start;
	u32 jobs, modes, flaw_pct, max_insns, timeout_ms, slow_ms, show, without;
	const char *out, *bpfjit;
	bool quiet;
};

/* ---- the run's tally ------------------------------------------------------- */

enum finding_kind { F_R0, F_VERDICT, F_REF, F_FAULT, F_TIMEOUT, F_SLOW, F_NR };

static const char *const finding_names[F_NR] = {
	[F_R0]		= "r0 differs",
	[F_VERDICT]	= "verdict differs between runtimes",
	[F_REF]		= "verifier accepts, reference load fails",
	[F_FAULT]	= "fault",
	[F_TIMEOUT]	= "timeout",
	[F_SLOW]	= "slow load",
};

#define MAX_REASONS	48

struct tally {
	const struct opts *o;
	u64 programs, accepted, refused, refused_valid, lost, flawed, flawed_accepted, flaw_dead;
	u64 not_jited[DIFF_NR_MODES];
	u64 findings[F_NR];
	u64 max_load_ns;
	u64 max_load_index;
	struct { char text[96]; u64 n; } reasons[MAX_REASONS];
	u32 nreasons;
	u64 reasons_other;
	struct { const char *flaw; u64 n; } flaws_accepted[32];
	u32 nflaws;
	u32 saved;
};

/* "R1 invalid mem access 'inv'", numbers as #, so that reasons group. */
static void count_reason(struct tally *t, const char *reason)
{
	char norm[96];
	size_t n = 0;

	for (const char *p = reason; *p && n < sizeof(norm) - 1; p++) {
		if (*p >= '0' && *p <= '9') {
			if (!n || norm[n - 1] != '#')
				norm[n++] = '#';
			continue;
		}
		norm[n++] = *p;
	}
	norm[n] = '\0';
	for (u32 i = 0; i < t->nreasons; i++)
		if (!strcmp(t->reasons[i].text, norm)) {
			t->reasons[i].n++;
			return;
		}
	if (t->nreasons == MAX_REASONS) {
		t->reasons_other++;
		return;
	}
	snprintf(t->reasons[t->nreasons].text, sizeof(t->reasons[0].text), "%s", norm);
	t->reasons[t->nreasons++].n = 1;
}

static void count_flaw_accepted(struct tally *t, const char *flaw)
{
	for (u32 i = 0; i < t->nflaws; i++)
		if (t->flaws_accepted[i].flaw == flaw) {
			t->flaws_accepted[i].n++;
			return;
		}
	if (t->nflaws < ARRAY_SIZE(t->flaws_accepted)) {
		t->flaws_accepted[t->nflaws].flaw = flaw;
		t->flaws_accepted[t->nflaws++].n = 1;
	}
}

/* ---- findings ----------------------------------------------------------------- */

/* Program `index` of the run (ctx: the tally, which holds the options). */
static void make_generated(void *ctx, u64 index, struct bpf_gen_prog *p)
{
	const struct opts *o = ((const struct tally *)ctx)->o;
	struct bpf_gen_opts go = {
		.max_insns = o->max_insns, .flaw_pct = o->flaw_pct, .without = o->without,
	};
	struct bpf_gen_src src;

	bpf_gen_src_seed(&src, bpf_gen_prog_seed(o->seed, o->start + index));
	bpf_gen(&src, &go, p);
}

static void print_ctx_hex(FILE *f)
{
	u8 ctx[BPF_GEN_CTX_SIZE];

	bpf_gen_ctx(ctx, sizeof(ctx));
	for (u32 i = 0; i < sizeof(ctx); i++)
		fprintf(f, "%02x", ctx[i]);
}

/* The command that loads and runs the file as mode m did (with or without a context). */
static void print_repro(FILE *f, const struct opts *o, const char *path, int m, u32 prog_type,
			bool ctx)
{
	fprintf(f, "    %s run %s --seed %d", o->bpfjit, diff_modes[m].bpfjit, DIFF_SEED);
	if (prog_type != BPF_PROG_TYPE_SOCKET_FILTER)
		fprintf(f, " --type %s", prog_type_name(prog_type));
	if (ctx) {
		fprintf(f, " --ctx-hex ");
		print_ctx_hex(f);
	}
	fprintf(f, " %s\n", path);
}

/* Each line of text, indented. */
static void print_indented(const char *text)
{
	while (*text) {
		int n = strcspn(text, "\n");

		printf("  %.*s\n", n, text);
		text += n + (text[n] == '\n');
	}
}

static void finding(struct tally *t, u64 index, enum finding_kind kind,
		    const struct batch_item *it, int mode, int phase, const char *what)
{
	const struct opts *o = t->o;
	bool show = !o->quiet && t->findings[kind] < o->show;
	static struct bpf_gen_prog p;
	struct prog_file pf = { 0 };
	char path[4096], notes[2048];
	size_t n = 0;
	bool ctx;
	FILE *f;

	t->findings[kind]++;
	make_generated(t, index, &p);
	snprintf(path, sizeof(path), "%s/%s-s%llu-p%llu.hex", o->out,
		 kind == F_R0 ? "r0" : kind == F_VERDICT ? "verdict" : kind == F_REF ? "ref" :
		 kind == F_FAULT ? "fault" : kind == F_TIMEOUT ? "timeout" : "slow",
		 (unsigned long long)o->seed, (unsigned long long)(o->start + index));

	snprintf(pf.title, sizeof(pf.title), "bpfdiff %s: seed %llu program %llu", finding_names[kind],
		 (unsigned long long)o->seed, (unsigned long long)(o->start + index));
	pf.prog_type = p.prog_type;
	pf.insns = p.insns;
	pf.len = p.len;
	if (kind == F_R0 && diff_baseline(&it->res) >= 0) {
		pf.expect = EXPECT_R0;
		pf.r0 = it->res.r0[diff_baseline(&it->res)];
	} else {
		pf.expect = p.flaw ? EXPECT_REFUSE : EXPECT_ACCEPT;
	}
	n += snprintf(notes + n, sizeof(notes) - n, "%s\n", what);
	if (p.flaw)
		n += snprintf(notes + n, sizeof(notes) - n, "generated with a flaw: %s\n", p.flaw);
	for (int m = 0; m < DIFF_NR_MODES && kind != F_FAULT && kind != F_TIMEOUT; m++) {
		if (!(it->res.modes & (1u << m)))
			continue;
		if (it->res.err[m])
			n += snprintf(notes + n, sizeof(notes) - n, "%-15s refused: %s\n",
				      diff_modes[m].name, errno_name(it->res.err[m]));
		else
			n += snprintf(notes + n, sizeof(notes) - n, "%-15s r0 = %#llx (load %.1f ms)\n",
				      diff_modes[m].name, (unsigned long long)it->res.r0[m],
				      it->res.load_ns[m] / 1e6);
		if (n >= sizeof(notes))
			break;
	}
	if (t->saved < 1000) {
		f = fopen(path, "w");
		if (f) {
			prog_file_write(f, &pf, notes);
			fclose(f);
			t->saved++;
		}
	}
	if (!show)
		return;
	printf("\nFINDING %s: seed %llu program %llu (%s, %u insns, %u functions%s%s)\n",
	       finding_names[kind], (unsigned long long)o->seed,
	       (unsigned long long)(o->start + index), prog_type_name(p.prog_type), p.len,
	       p.nr_funcs, p.flaw ? ", flaw: " : "", p.flaw ? p.flaw : "");
	print_indented(notes);
	if (it->res.verdict[0])
		printf("  verifier: %s\n", it->res.verdict);
	printf("  file: %s\n", path);
	/* A run that ended in a fault did not say whether it had a context:
	 * it had one if the program reads one.
	 */
	ctx = kind == F_FAULT || kind == F_TIMEOUT ? p.reads_ctx : it->res.ctx;
	if (kind == F_R0) {
		int base = diff_baseline(&it->res);

		printf("  reproduce:\n");
		print_repro(stdout, o, path, base, p.prog_type, ctx);
		for (int m = DIFF_REF + 1; m < DIFF_NR_MODES; m++)
			if ((it->res.modes & (1u << m)) && !it->res.err[m] &&
			    it->res.r0[m] != it->res.r0[base]) {
				print_repro(stdout, o, path, m, p.prog_type, ctx);
				break;
			}
	} else if (mode >= 0) {
		printf("  in: %s, %s\n  reproduce:\n", diff_modes[mode].name,
		       phase ? "running" : "loading");
		print_repro(stdout, o, path, mode, p.prog_type, ctx);
	}
}

static void report(void *ctx, u64 index, enum batch_event ev, const struct batch_item *it,
		   int mode, int phase, int status)
{
	struct tally *t = ctx;
	const struct diff_result *r = &it->res;
	char what[256];
	u64 max_ns = 0;

	t->programs++;
	t->flawed += it->flaw != NULL;
	if (ev != BATCH_DONE) {
		if (ev == BATCH_FAULT && WIFSIGNALED(status))
			snprintf(what, sizeof(what), "killed by signal %d (%s) in %s while %s",
				 WTERMSIG(status), strsignal(WTERMSIG(status)),
				 mode >= 0 ? diff_modes[mode].name : "generation",
				 phase ? "running" : "loading");
		else if (ev == BATCH_FAULT)
			snprintf(what, sizeof(what), "exited with status %d in %s while %s",
				 WIFEXITED(status) ? WEXITSTATUS(status) : -1,
				 mode >= 0 ? diff_modes[mode].name : "generation",
				 phase ? "running" : "loading");
		else
			snprintf(what, sizeof(what), "no progress for %u ms in %s while %s",
				 t->o->timeout_ms, mode >= 0 ? diff_modes[mode].name : "generation",
				 phase ? "running" : "loading");
		t->lost++;
		finding(t, index, ev == BATCH_FAULT ? F_FAULT : F_TIMEOUT, it, mode, phase, what);
		return;
	}
	for (int m = 0; m < DIFF_NR_MODES; m++) {
		if (!(r->modes & (1u << m)))
			continue;
		if (r->load_ns[m] > max_ns)
			max_ns = r->load_ns[m];
		if (!r->err[m] && m >= DIFF_JIT && !r->jited[m])
			t->not_jited[m]++;
	}
	if (max_ns > t->max_load_ns) {
		t->max_load_ns = max_ns;
		t->max_load_index = t->o->start + index;
	}
	if (!diff_accepted(r)) {
		t->refused++;
		if (!it->flaw) {
			t->refused_valid++;
			count_reason(t, r->verdict);
		}
	} else {
		t->accepted++;
		if (it->flaw) {
			t->flawed_accepted++;
			count_flaw_accepted(t, it->flaw);
		}
	}
	if (diff_verdicts_split(r)) {
		finding(t, index, F_VERDICT, it, -1, 0, "the runtimes' loads disagree");
	} else if (diff_accepted(r) && r->err[DIFF_REF] && !it->flaw) {
		snprintf(what, sizeof(what), "reference load: %s", errno_name(r->err[DIFF_REF]));
		finding(t, index, F_REF, it, -1, 0, what);
	} else if (diff_accepted(r)) {
		/* A flaw in code the walk found dead is removed, not run:
		 * the kernel accepts that too; the runtimes are compared
		 * with the first verified one.
		 */
		t->flaw_dead += r->err[DIFF_REF] != 0;
		if (!diff_agrees(r))
			finding(t, index, F_R0, it, -1, 0, "a runtime's r0 differs from the reference's");
	}
	if (max_ns > (u64)t->o->slow_ms * 1000000) {
		snprintf(what, sizeof(what), "a load took %.0f ms", max_ns / 1e6);
		finding(t, index, F_SLOW, it, -1, 0, what);
	}
}

static void print_summary(const struct tally *t, double secs)
{
	const struct opts *o = t->o;
	u64 total = 0;

	printf("\nbpfdiff: seed %llu, programs %llu..%llu, %u job%s, modes",
	       (unsigned long long)o->seed, (unsigned long long)o->start,
	       (unsigned long long)(o->start + o->count - 1), o->jobs, o->jobs == 1 ? "" : "s");
	for (int m = 0; m < DIFF_NR_MODES; m++)
		if ((o->modes | 1u) & (1u << m))
			printf(" %s", diff_modes[m].name);
	printf("\n");
	if (o->without)
		printf("  (some parts left out: --without)\n");
	printf("  programs: %llu in %.1f s, %.0f per second\n", (unsigned long long)t->programs,
	       secs, secs > 0 ? t->programs / secs : 0.0);
	printf("  accepted: %llu (%.1f%%); refused: %llu; faulted or hung: %llu\n",
	       (unsigned long long)t->accepted,
	       t->programs ? 100.0 * t->accepted / t->programs : 0.0,
	       (unsigned long long)t->refused, (unsigned long long)t->lost);
	printf("  meant valid: %llu, refused %llu; with a flaw: %llu, accepted %llu\n",
	       (unsigned long long)(t->programs - t->flawed), (unsigned long long)t->refused_valid,
	       (unsigned long long)t->flawed, (unsigned long long)t->flawed_accepted);
	if (t->nreasons)
		printf("  why the verifier refused programs meant valid:\n");
	for (u32 i = 0; i < t->nreasons; i++)
		printf("    %8llu  %s\n", (unsigned long long)t->reasons[i].n, t->reasons[i].text);
	if (t->reasons_other)
		printf("    %8llu  (other reasons)\n", (unsigned long long)t->reasons_other);
	if (t->nflaws)
		printf("  flawed programs the verifier accepted, by flaw (%llu with the flaw in\n"
		       "  code the walk found dead, which the reference's structural checks refuse):\n",
		       (unsigned long long)t->flaw_dead);
	for (u32 i = 0; i < t->nflaws; i++)
		printf("    %8llu  %s\n", (unsigned long long)t->flaws_accepted[i].n,
		       t->flaws_accepted[i].flaw);
	for (int m = DIFF_JIT; m < DIFF_NR_MODES; m++)
		if (t->not_jited[m])
			printf("  %s: %llu accepted programs stayed with the interpreter\n",
			       diff_modes[m].name, (unsigned long long)t->not_jited[m]);
	printf("  slowest load: %.1f ms (program %llu)\n", t->max_load_ns / 1e6,
	       (unsigned long long)t->max_load_index);
	for (int k = 0; k < F_NR; k++)
		total += t->findings[k];
	printf("  findings: %llu", (unsigned long long)total);
	for (int k = 0; k < F_NR; k++)
		if (t->findings[k])
			printf("; %s: %llu", finding_names[k], (unsigned long long)t->findings[k]);
	printf("%s%s\n", total ? "\n  saved under " : "", total ? o->out : "");
}

/* ---- replay --------------------------------------------------------------------- */

struct replay {
	char **paths;
	struct prog_file *files;
	u32 n;
	u32 passed, failed;
	u32 memory_unchecked;	/* files whose memory bound a sanitized build skips */
};

static void make_file(void *ctx, u64 index, struct bpf_gen_prog *p)
{
	const struct replay *rp = ctx;
	const struct prog_file *pf = &rp->files[index];

	memset(p, 0, offsetof(struct bpf_gen_prog, insns));
	p->len = min(pf->len, (u32)BPF_GEN_MAX_INSNS);
	memcpy(p->insns, pf->insns, p->len * sizeof(struct bpf_insn));
	p->prog_type = pf->prog_type;
	p->len = min(pf->len, (u32)BPF_GEN_MAX_INSNS);
	p->nr_funcs = 1;
}

static void replay_report(void *ctx, u64 index, enum batch_event ev, const struct batch_item *it,
			  int mode, int phase, int status)
{
	struct replay *rp = ctx;
	const struct prog_file *pf = &rp->files[index];
	const struct diff_result *r = &it->res;
	char why[512] = "";

	if (ev == BATCH_FAULT)
		snprintf(why, sizeof(why), "%s in %s while %s",
			 WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "exited",
			 mode >= 0 ? diff_modes[mode].name : "?", phase ? "running" : "loading");
	else if (ev == BATCH_TIMEOUT)
		snprintf(why, sizeof(why), "timeout in %s while %s",
			 mode >= 0 ? diff_modes[mode].name : "?", phase ? "running" : "loading");
	else if (pf->expect == EXPECT_REFUSE) {
		for (int m = DIFF_REF + 1; m < DIFF_NR_MODES && !why[0]; m++)
			if ((r->modes & (1u << m)) && !r->err[m])
				snprintf(why, sizeof(why), "expected a refusal; %s loaded it (r0 %#llx)",
					 diff_modes[m].name, (unsigned long long)r->r0[m]);
	} else if (!diff_accepted(r) || diff_verdicts_split(r)) {
		snprintf(why, sizeof(why), "expected it to load; refused: %s", r->verdict);
	} else {
		u64 want = pf->expect == EXPECT_R0 ? pf->r0 : r->r0[DIFF_REF];
		size_t n = 0;

		for (int m = 0; m < DIFF_NR_MODES; m++) {
			if (!(r->modes & (1u << m)))
				continue;
			if (r->err[m])
				n += snprintf(why + n, sizeof(why) - n, "%s%s refused", n ? ", " : "",
					      diff_modes[m].name);
			else if (r->r0[m] != want)
				n += snprintf(why + n, sizeof(why) - n, "%s%s r0 %#llx", n ? ", " : "",
					      diff_modes[m].name, (unsigned long long)r->r0[m]);
			if (n >= sizeof(why))
				break;
		}
		if (n && n < sizeof(why))
			snprintf(why + n, sizeof(why) - n, " (expected r0 %#llx)",
				 (unsigned long long)want);
	}
	if (!why[0] && ev == BATCH_DONE && pf->memory_mb && SANITIZED_SLOWDOWN > 1)
		rp->memory_unchecked++;
	else if (!why[0] && ev == BATCH_DONE && pf->memory_mb &&
		 it->maxrss_kb > pf->memory_mb * 1024ull)
		snprintf(why, sizeof(why), "peak memory %llu MiB, more than %u MiB",
			 (unsigned long long)(it->maxrss_kb / 1024), pf->memory_mb);
	if (why[0]) {
		rp->failed++;
		printf("FAIL %s: %s\n     %s\n", rp->paths[index], pf->title, why);
	} else {
		rp->passed++;
		printf("ok   %s: %s\n", rp->paths[index], pf->title);
	}
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files named on the command line, and the *.hex in directories, sorted. */
static int collect_paths(int argc, char **argv, char ***out, u32 *n)
{
	char **paths = NULL;
	u32 cnt = 0, cap = 0;

	for (int i = 0; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *de;

		if (stat(argv[i], &st)) {
			fprintf(stderr, "bpfdiff: %s: %s\n", argv[i], strerror(errno));
			return -ENOENT;
		}
		d = S_ISDIR(st.st_mode) ? opendir(argv[i]) : NULL;
		do {
			const char *name = NULL;
			char *path;

			if (d) {
				size_t l;

				de = readdir(d);
				if (!de)
					break;
				l = strlen(de->d_name);
				if (l < 5 || strcmp(de->d_name + l - 4, ".hex"))
					continue;
				name = de->d_name;
			}
			if (cnt == cap) {
				char **np = realloc(paths, (cap = cap ? 2 * cap : 64) * sizeof(*np));

				if (!np)
					return -ENOMEM;
				paths = np;
			}
			if (name) {
				path = malloc(strlen(argv[i]) + strlen(name) + 2);
				if (path)
					sprintf(path, "%s/%s", argv[i], name);
			} else {
				path = strdup(argv[i]);
			}
			if (!path)
				return -ENOMEM;
			paths[cnt++] = path;
		} while (d);
		if (d)
			closedir(d);
	}
	qsort(paths, cnt, sizeof(*paths), path_cmp);
	*out = paths;
	*n = cnt;
	return 0;
}

static int replay(const struct opts *o, int argc, char **argv)
{
	struct replay rp = { 0 };
	struct batch_ops ops = {
		.make = make_file, .report = replay_report, .ctx = &rp,
		/* a child each: its peak memory is that program's */
		.modes = o->modes, .jobs = 1, .batch = 1,
		.timeout_ms = o->timeout_ms * SANITIZED_SLOWDOWN,
	};
	const char *results = getenv("CK_RESULTS"), *tag = getenv("CK_RESULT_TAG");
	char err[512];
	int ret = 0;

	if (collect_paths(argc, argv, &rp.paths, &rp.n))
		return 2;
	rp.files = calloc(rp.n + 1, sizeof(*rp.files));
	if (!rp.files)
		return 2;
	for (u32 i = 0; i < rp.n; i++) {
		if (prog_file_read(rp.paths[i], &rp.files[i], err, sizeof(err))) {
			fprintf(stderr, "bpfdiff: %s\n", err);
			return 2;
		}
	}
	if (batch_run(&ops, rp.n))
		ret = 2;
	printf("replay: %u passed, %u failed\n", rp.passed, rp.failed);
	if (rp.memory_unchecked)
		printf("replay: a sanitized build: timeouts x%d, the peak-memory bound of %u "
		       "file(s) not checked (the plain build checks them)\n",
		       SANITIZED_SLOWDOWN, rp.memory_unchecked);
	if (results) {
		FILE *f = fopen(results, "a");

		if (f) {
			/* passed, failures, errors, skipped: as every test writes it */
			fprintf(f, "%s %u %u 0 0\n", tag ? tag : "fuzz-regress", rp.passed,
				rp.failed);
			fclose(f);
		}
	}
	for (u32 i = 0; i < rp.n; i++) {
		prog_file_free(&rp.files[i]);
		free(rp.paths[i]);
	}
	free(rp.files);
	free(rp.paths);
	return ret ? ret : rp.failed ? 1 : 0;
}

/* ---- reduce --------------------------------------------------------------------- */

static int reduce(const struct opts *o, const char *path, const char *out)
{
	struct prog_file pf;
	struct diff_result res;
	char err[512], outbuf[4096], notes[2048];
	size_t n = 0;
	u32 before;
	int tries;
	FILE *f;

	if (prog_file_read(path, &pf, err, sizeof(err))) {
		fprintf(stderr, "bpfdiff: %s\n", err);
		return 2;
	}
	before = pf.len;
	tries = reduce_prog(pf.insns, &pf.len, pf.prog_type, o->modes, o->timeout_ms, &res);
	if (tries < 0) {
		fprintf(stderr, "bpfdiff: %s: nothing to reduce: every runtime agrees, or the verifier refuses it\n",
			path);
		prog_file_free(&pf);
		return 1;
	}
	if (!out) {
		snprintf(outbuf, sizeof(outbuf), "%.*s.min.hex",
			 (int)(strlen(path) > 4 && !strcmp(path + strlen(path) - 4, ".hex") ?
			       strlen(path) - 4 : strlen(path)), path);
		out = outbuf;
	}
	n += snprintf(notes + n, sizeof(notes) - n, "reduced from %u to %u instructions (%d tries)\n",
		      before, pf.len, tries);
	for (int m = 0; m < DIFF_NR_MODES && n < sizeof(notes); m++) {
		if (!(res.modes & (1u << m)))
			continue;
		if (res.err[m])
			n += snprintf(notes + n, sizeof(notes) - n, "%-15s refused: %s\n",
				      diff_modes[m].name, errno_name(res.err[m]));
		else
			n += snprintf(notes + n, sizeof(notes) - n, "%-15s r0 = %#llx\n",
				      diff_modes[m].name, (unsigned long long)res.r0[m]);
	}
	if (pf.expect == EXPECT_R0 && !res.err[DIFF_REF])
		pf.r0 = res.r0[DIFF_REF];
	f = fopen(out, "w");
	if (!f) {
		fprintf(stderr, "bpfdiff: %s: %s\n", out, strerror(errno));
		prog_file_free(&pf);
		return 2;
	}
	prog_file_write(f, &pf, notes);
	fclose(f);
	prog_file_write(stdout, &pf, notes);
	printf("written to %s\n", out);
	prog_file_free(&pf);
	return 0;
}

/* ---- a fuzzer's input, as the program it stands for ------------------------------ */

static int from_bytes(const struct opts *o, const char *path)
{
	static struct bpf_gen_prog p;
	struct bpf_gen_opts go = { .flaw_pct = 10, .without = o->without };
	struct prog_file pf = { 0 };
	struct bpf_gen_src src;
	static u8 buf[1 << 20];
	size_t len;
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "bpfdiff: %s: %s\n", path, strerror(errno));
		return 2;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	/* the same choices fuzz_diff makes of these bytes */
	bpf_gen_src_bytes(&src, buf, len);
	bpf_gen(&src, &go, &p);
	snprintf(pf.title, sizeof(pf.title), "fuzz_diff input %s%s%s", path,
		 p.flaw ? ", flaw: " : "", p.flaw ? p.flaw : "");
	pf.prog_type = p.prog_type;
	pf.expect = p.flaw ? EXPECT_REFUSE : EXPECT_ACCEPT;
	pf.insns = p.insns;
	pf.len = p.len;
	prog_file_write(stdout, &pf, NULL);
	return 0;
}

/* ---- options --------------------------------------------------------------------- */

static int parse_modes(const char *s, u32 *modes)
{
	char *copy = strdup(s), *tok, *save = NULL;

	if (!copy)
		return -ENOMEM;
	*modes = 1u << DIFF_REF;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int m;

		if (!strcmp(tok, "all")) {
			*modes = DIFF_ALL_MODES;
			continue;
		}
		for (m = 0; m < DIFF_NR_MODES; m++)
			if (!strcmp(tok, diff_modes[m].name))
				break;
		if (m == DIFF_NR_MODES) {
			fprintf(stderr, "bpfdiff: --modes: unknown mode '%s'\n", tok);
			free(copy);
			return -EINVAL;
		}
		*modes |= 1u << m;
	}
	free(copy);
	return 0;
}

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	enum { O_SEED = 256, O_COUNT, O_START, O_JOBS, O_MODES, O_FLAWS, O_MAX, O_TIMEOUT,
	       O_SLOW, O_OUT, O_BPFJIT, O_SHOW, O_QUIET, O_REPLAY, O_PRINT, O_REDUCE, O_WITHOUT,
	       O_FROM_BYTES, O_SCALING, O_ANNOTATE,
	       O_HELP };
	static const struct option lo[] = {
		{ "seed", required_argument, NULL, O_SEED },
		{ "count", required_argument, NULL, O_COUNT },
		{ "start", required_argument, NULL, O_START },
		{ "jobs", required_argument, NULL, O_JOBS },
		{ "modes", required_argument, NULL, O_MODES },
		{ "flaws", required_argument, NULL, O_FLAWS },
		{ "max-insns", required_argument, NULL, O_MAX },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "slow", required_argument, NULL, O_SLOW },
		{ "out", required_argument, NULL, O_OUT },
		{ "bpfjit", required_argument, NULL, O_BPFJIT },
		{ "show", required_argument, NULL, O_SHOW },
		{ "quiet", no_argument, NULL, O_QUIET },
		{ "replay", no_argument, NULL, O_REPLAY },
		{ "print", required_argument, NULL, O_PRINT },
		{ "reduce", required_argument, NULL, O_REDUCE },
		{ "without", required_argument, NULL, O_WITHOUT },
		{ "from-bytes", required_argument, NULL, O_FROM_BYTES },
		{ "scaling", required_argument, NULL, O_SCALING },
		{ "annotate", required_argument, NULL, O_ANNOTATE },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = {
		.seed = 1, .count = 10000, .jobs = 1, .modes = DIFF_ALL_MODES, .flaw_pct = 10,
		.timeout_ms = 10000, .slow_ms = 2000, .show = 3,
		.out = "bpfdiff-findings", .bpfjit = "bpfjit",
	};
	bool do_replay = false, out_set = false;
	const char *reduce_path = NULL, *bytes_path = NULL, *annotate_path = NULL;
	u32 scaling = 0;
	long long print_index = -1;
	struct tally t = { .o = &o };
	struct batch_ops ops = { .make = make_generated, .report = report, .batch = 64 };
	u64 t0;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (opt) {
		case O_SEED:	o.seed = strtoull(optarg, NULL, 0); break;
		case O_COUNT:	o.count = strtoull(optarg, NULL, 0); break;
		case O_START:	o.start = strtoull(optarg, NULL, 0); break;
		case O_JOBS:	o.jobs = strtoul(optarg, NULL, 0); break;
		case O_FLAWS:	o.flaw_pct = strtoul(optarg, NULL, 0); break;
		case O_MAX:	o.max_insns = strtoul(optarg, NULL, 0); break;
		case O_TIMEOUT:	o.timeout_ms = strtoul(optarg, NULL, 0); break;
		case O_SLOW:	o.slow_ms = strtoul(optarg, NULL, 0); break;
		case O_OUT:	o.out = optarg; out_set = true; break;
		case O_BPFJIT:	o.bpfjit = optarg; break;
		case O_SHOW:	o.show = strtoul(optarg, NULL, 0); break;
		case O_QUIET:	o.quiet = true; break;
		case O_REPLAY:	do_replay = true; break;
		case O_PRINT:	print_index = strtoll(optarg, NULL, 0); break;
		case O_REDUCE:	reduce_path = optarg; break;
		case O_FROM_BYTES: bytes_path = optarg; break;
		case O_SCALING:	scaling = strtoul(optarg, NULL, 0); break;
		case O_ANNOTATE: annotate_path = optarg; break;
		case O_WITHOUT:
			if (bpf_gen_parse_without(optarg, &o.without)) {
				fprintf(stderr, "bpfdiff: --without: '%s': the parts are %s\n", optarg,
					bpf_gen_without_names);
				return 2;
			}
			break;
		case O_MODES:
			if (parse_modes(optarg, &o.modes))
				return 2;
			break;
		case 'h':
		case O_HELP:
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (o.max_insns > BPF_GEN_MAX_INSNS - 1024 || o.jobs > 64) {
		fprintf(stderr, "bpfdiff: --max-insns at most %u, --jobs at most 64\n",
			BPF_GEN_MAX_INSNS - 1024);
		return 2;
	}
	if (do_replay) {
		if (optind >= argc) {
			fputs(usage, stderr);
			return 2;
		}
		return replay(&o, argc - optind, argv + optind);
	}
	if (reduce_path)
		return reduce(&o, reduce_path, out_set ? o.out : NULL);
	if (bytes_path)
		return from_bytes(&o, bytes_path);
	if (annotate_path) {
		struct prog_file pf;
		char err[512];

		if (prog_file_read(annotate_path, &pf, err, sizeof(err))) {
			fprintf(stderr, "bpfdiff: %s\n", err);
			return 2;
		}
		prog_file_write(stdout, &pf, NULL);
		prog_file_free(&pf);
		return 0;
	}
	if (scaling) {
		/* linear is x4; x8 leaves room for a busy machine, quadratic is x16 */
		int failed = scaling_check(stdout, scaling, 8.0);
		const char *results = getenv("CK_RESULTS"), *tag = getenv("CK_RESULT_TAG");
		FILE *f = results ? fopen(results, "a") : NULL;

		if (f) {
			fprintf(f, "%s %d %d 0 0\n", tag ? tag : "fuzz-scaling", 3 - failed,
				failed);
			fclose(f);
		}
		return failed ? 1 : 0;
	}
	if (optind < argc) {
		fprintf(stderr, "bpfdiff: unexpected '%s'\n%s", argv[optind], usage);
		return 2;
	}
	if (print_index >= 0) {
		static struct bpf_gen_prog p;
		struct prog_file pf = { 0 };

		o.start = 0;
		make_generated(&t, print_index, &p);
		snprintf(pf.title, sizeof(pf.title), "bpf_gen: seed %llu program %lld%s%s",
			 (unsigned long long)o.seed, print_index, p.flaw ? ", flaw: " : "",
			 p.flaw ? p.flaw : "");
		pf.prog_type = p.prog_type;
		pf.expect = p.flaw ? EXPECT_REFUSE : EXPECT_ACCEPT;
		pf.insns = p.insns;
		pf.len = p.len;
		prog_file_write(stdout, &pf, NULL);
		return 0;
	}

	if (mkdir(o.out, 0755) && errno != EEXIST) {
		fprintf(stderr, "bpfdiff: %s: %s\n", o.out, strerror(errno));
		return 2;
	}
	ops.ctx = &t;
	ops.modes = o.modes;
	ops.jobs = o.jobs;
	ops.timeout_ms = o.timeout_ms;
	t0 = now_ns();
	if (batch_run(&ops, o.count)) {
		fprintf(stderr, "bpfdiff: cannot start child processes\n");
		return 2;
	}
	print_summary(&t, (now_ns() - t0) / 1e9);
	for (int k = 0; k < F_NR; k++)
		if (t.findings[k])
			return 1;
	return 0;
}
