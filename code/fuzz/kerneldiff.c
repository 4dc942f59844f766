// SPDX-License-Identifier: GPL-2.0
/*
 * kerneldiff: the generator's programs against the live kernel. Each
 * program goes through the book's load path (interpreter and JIT, as
 * bpfdiff does, in child processes) and through the running kernel, by
 * the kernel_oracle tool (BPF_PROG_LOAD, BPF_PROG_TEST_RUN and a wrapper
 * that recovers all 64 bits of r0). The two verdicts (accept or refuse)
 * and r0 are compared.
 *
 * The kernel is 6.x and the book is v5.8 with some later additions: some
 * differences are expected. Each difference is sorted into a known class
 * (the table below, also in README.md, each with its reason) or called
 * unexplained, and an unexplained one is a finding, saved as a file.
 *
 *   kerneldiff --oracle build/oracle/kernel_oracle --count 5000
 *
 * Ours.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "batch.h"
#include "bpf_gen.h"
#include "diff.h"
#include "prog_file.h"
#include "reduce.h"

static const char usage[] =
"usage: kerneldiff --oracle PATH [OPTIONS]\n"
"\n"
"  --oracle PATH     the kernel_oracle binary (needs root and a kernel that\n"
"                    allows BPF)\n"
"  --seed S          the run's seed (default 1)\n"
"  --count N         programs (default 2000)\n"
"  --start I         first program index (default 0)\n"
"  --flaws PCT       percent of programs with one deliberate flaw (default 20)\n"
"  --out DIR         where unexplained differences are written\n"
"                    (default kerneldiff-findings)\n"
"  --show N          print the first N unexplained differences (default 5)\n"
"  --reduce FILE     shrink a saved difference while it stays the same kind\n"
"                    (written to FILE.min.hex)\n";

/* ---- what the kernel said ------------------------------------------------------ */

struct kernel_result {
	bool ran;		/* the oracle answered */
	bool loaded;
	int err;		/* -errno when refused */
	bool have_r0;
	u64 r0;
	char reason[160];	/* the verifier log's last message */
};

/* The raw text after "key": in the oracle's JSON, or NULL. */
static const char *json_find(const char *json, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\": ", key);
	p = strstr(json, pat);
	return p ? p + strlen(pat) : NULL;
}

/* A JSON string value (at the opening quote), unescaped into buf. */
static void json_string(const char *p, char *buf, size_t size)
{
	size_t n = 0;

	if (*p++ != '"') {
		buf[0] = '\0';
		return;
	}
	while (*p && *p != '"' && n + 1 < size) {
		char c = *p++;

		if (c == '\\' && *p) {
			c = *p++;
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c == 'u' && strlen(p) >= 4) {
				c = '?';
				p += 4;
			}
		}
		buf[n++] = c;
	}
	buf[n] = '\0';
}

static int ask_kernel(const char *oracle, const struct bpf_insn *insns, u32 len, u32 type,
		      struct kernel_result *k)
{
	static char hex[BPF_GEN_MAX_INSNS * 16 + 1], out[1 << 20], log[1 << 20];
	int pipefd[2], status;
	size_t n = 0;
	ssize_t got;
	const char *v;
	pid_t pid;

	memset(k, 0, sizeof(*k));
	for (u32 i = 0; i < len; i++) {
		const u8 *b = (const u8 *)&insns[i];

		for (int j = 0; j < 8; j++)
			sprintf(hex + 16 * i + 2 * j, "%02x", b[j]);
	}
	if (pipe(pipefd))
		return -errno;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		execl(oracle, oracle, "--type", prog_type_name(type), "--hex", hex,
		      (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	while ((got = read(pipefd[0], out + n, sizeof(out) - 1 - n)) > 0)
		n += got;
	out[n] = '\0';
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1 || !(v = json_find(out, "loaded")))
		return -EIO;
	k->ran = true;
	k->loaded = !strncmp(v, "true", 4);
	if (!k->loaded) {
		v = json_find(out, "errno");
		k->err = v ? -atoi(v) : -EINVAL;
		v = json_find(out, "verifier_log");
		if (v) {
			json_string(v, log, sizeof(log));
			diff_log_reason(log, k->reason, sizeof(k->reason));
		}
		return 0;
	}
	v = json_find(out, "r0");
	if (v && *v == '"') {
		k->have_r0 = true;
		k->r0 = strtoull(v + 1, NULL, 16);
	}
	return 0;
}

/* ---- the known differences -------------------------------------------------------- */

/*
 * Each row: a difference that is expected, and why. README.md has the same
 * table; `make kernel-diff` counts each row.
 */
enum known {
	K_NONE,
	K_NARROW_FILL, K_VAR_STACK, K_UNINIT_STACK, K_UNINIT_VALUE, K_ST_CONST, K_NO_PRUNING,
	K_KERNEL_BOUNDS, K_SHIFT32,
	K_NR,
};

static const struct {
	const char *title;
	const char *reason;
} known[K_NR] = {
	[K_NARROW_FILL] = { "narrow fill of a spilled scalar",
		"v5.8 refuses any fill narrower than 8 bytes of a spilled register "
		"(\"invalid size of register fill\"); later kernels allow it for a scalar "
		"(Linux 6.1: check_stack_read_fixed_off())" },
	[K_VAR_STACK] = { "variable-offset stack read",
		"v5.8 refuses a stack access at a variable offset; later kernels allow a "
		"privileged read when every byte in its range is initialized "
		"(Linux 6.1: check_stack_read_var_off())" },
	[K_UNINIT_STACK] = { "read of uninitialized stack, privileged",
		"v5.8 refuses it (\"invalid read from stack\"); later kernels let a "
		"CAP_PERFMON loader read it (Linux 6.1: env->allow_uninit_stack)" },
	[K_UNINIT_VALUE] = { "r0 from uninitialized stack",
		"the kernel accepted a read of uninitialized stack (previous row): "
		"the value is whatever the stack held" },
	[K_ST_CONST] = { "a constant stored with BPF_ST",
		"v5.8 marks a slot written by BPF_ST as unknown bytes; later kernels keep "
		"the constant (Linux 6.1: check_stack_write_fixed_off()), so a pointer "
		"plus it is bounded there and not in the book" },
	[K_NO_PRUNING] = { "walk too long without state pruning",
		"the book's walk follows every path (\"BPF program is too large\", "
		"\"sequence of jumps is too complex\"); the kernel prunes paths that reach "
		"a state it has already proven safe, a scope not yet modelled" },
	[K_KERNEL_BOUNDS] = { "a flaw behind a branch the kernel decides",
		"the book refuses at a deliberate flaw the kernel never reaches: the "
		"kernel keeps bounds through arithmetic and separate 32-bit bounds (a "
		"scope not yet modelled), so it proves the branch to the flaw is never "
		"taken where the book walks both sides" },
	[K_SHIFT32] = { "a 32-bit shift by the width or more",
		"v5.8 zero-extends the unknown result of a 32-bit shift by 32 or more "
		"(coerce_reg_to_size()), the live kernel leaves all 64 bits unknown: a "
		"compare the book decides stays open in the kernel, which then walks "
		"(and refuses) code the book has proven dead" },
};

/* An ALU32 shift by a register: where K_SHIFT32's bounds part ways. */
static bool has_shift32_by_reg(const struct bpf_gen_prog *p)
{
	for (u32 i = 0; i < p->len; i++) {
		u8 code = p->insns[i].code;

		if (BPF_CLASS(code) == BPF_ALU && BPF_SRC(code) == BPF_X &&
		    (BPF_OP(code) == BPF_LSH || BPF_OP(code) == BPF_RSH || BPF_OP(code) == BPF_ARSH))
			return true;
	}
	return false;
}

enum verdict_class { V_SAME, V_KNOWN, V_UNEXPLAINED, V_NO_R0, V_ORACLE };

struct tally {
	u64 seed, start;
	const char *oracle, *out;
	u32 flaw_pct, show;
	u64 programs, both_accept, both_refuse, r0_same, no_r0, oracle_failed;
	u64 known[K_NR];
	u64 we_refuse, kernel_refuses, r0_differs, r0_differs_ref_agrees;
	u32 saved, shown;
};

static enum known classify_refusal(const struct batch_item *it, const struct diff_result *r)
{
	if (strstr(r->verdict, "invalid size of register fill"))
		return K_NARROW_FILL;
	if (strstr(r->verdict, "variable stack access"))
		return K_VAR_STACK;
	if (strstr(r->verdict, "invalid read from stack") && it->flaw &&
	    strstr(it->flaw, "never written"))
		return K_UNINIT_STACK;
	if (strstr(r->verdict, "unbounded min value"))
		return K_ST_CONST;
	if (r->err[DIFF_INTERP] == -E2BIG || strstr(r->verdict, "too complex"))
		return K_NO_PRUNING;
	if (it->flaw)
		return K_KERNEL_BOUNDS;
	return K_NONE;
}

/* ---- per program ------------------------------------------------------------------------ */

static void make_generated(void *ctx, u64 index, struct bpf_gen_prog *p)
{
	const struct tally *t = ctx;
	struct bpf_gen_opts go = { .flaw_pct = t->flaw_pct, .kernel = true };
	struct bpf_gen_src src;

	bpf_gen_src_seed(&src, bpf_gen_prog_seed(t->seed, t->start + index));
	bpf_gen(&src, &go, p);
}

static void unexplained(struct tally *t, u64 index, const struct bpf_gen_prog *p,
			const struct diff_result *r, const struct kernel_result *k, const char *what)
{
	struct prog_file pf = { 0 };
	char path[4096], notes[1024];
	FILE *f;

	snprintf(notes, sizeof(notes),
		 "%s\nbook: %s%s (reference r0 %#llx, interpreter r0 %#llx)\n"
		 "kernel: %s %s%s (r0 %#llx)\n%s%s",
		 what, diff_accepted(r) ? "accepted" : "refused: ", diff_accepted(r) ? "" : r->verdict,
		 (unsigned long long)r->r0[DIFF_REF], (unsigned long long)r->r0[DIFF_INTERP],
		 k->loaded ? "accepted" : "refused:", k->loaded ? "" : errno_name(k->err),
		 k->loaded ? "" : k->reason, (unsigned long long)k->r0,
		 p->flaw ? "generated with a flaw: " : "", p->flaw ? p->flaw : "");
	snprintf(pf.title, sizeof(pf.title), "kerneldiff: seed %llu program %llu",
		 (unsigned long long)t->seed, (unsigned long long)(t->start + index));
	pf.prog_type = p->prog_type;
	pf.insns = (struct bpf_insn *)p->insns;
	pf.len = p->len;
	if (k->loaded && k->have_r0) {
		pf.expect = EXPECT_R0;
		pf.r0 = k->r0;
	} else {
		pf.expect = k->loaded ? EXPECT_ACCEPT : EXPECT_REFUSE;
	}
	snprintf(path, sizeof(path), "%s/kernel-s%llu-p%llu.hex", t->out,
		 (unsigned long long)t->seed, (unsigned long long)(t->start + index));
	if (t->saved < 1000 && (f = fopen(path, "w"))) {
		prog_file_write(f, &pf, notes);
		fclose(f);
		t->saved++;
	}
	if (t->shown++ < t->show)
		printf("\nUNEXPLAINED: seed %llu program %llu (%u insns): %s  file: %s\n",
		       (unsigned long long)t->seed, (unsigned long long)(t->start + index), p->len,
		       notes, path);
}

static void report(void *ctx, u64 index, enum batch_event ev, const struct batch_item *it,
		   int mode, int phase, int status)
{
	struct tally *t = ctx;
	const struct diff_result *r = &it->res;
	static struct bpf_gen_prog p;
	struct kernel_result k;
	bool ours;

	(void)mode; (void)phase; (void)status;
	t->programs++;
	make_generated(t, index, &p);
	if (ask_kernel(t->oracle, p.insns, p.len, p.prog_type, &k) || !k.ran) {
		t->oracle_failed++;
		return;
	}
	if (ev != BATCH_DONE) {
		unexplained(t, index, &p, r, &k, ev == BATCH_FAULT ?
			    "the book's load path faulted (see bpfdiff)" :
			    "the book's load path hung (see bpfdiff)");
		return;
	}
	ours = diff_accepted(r);
	if (ours && k.loaded) {
		t->both_accept++;
		if (!k.have_r0) {
			t->no_r0++;
		} else if (k.r0 == r->r0[DIFF_INTERP]) {
			t->r0_same++;
		} else if (p.flaw && strstr(p.flaw, "never written")) {
			t->known[K_UNINIT_VALUE]++;
		} else {
			t->r0_differs++;
			if (!r->err[DIFF_REF] && r->r0[DIFF_REF] == k.r0) {
				t->r0_differs_ref_agrees++;
				unexplained(t, index, &p, r, &k,
					    "r0 differs; the program as written (BPF_F_UNVERIFIED) gives the "
					    "kernel's: the book's verifier changed what runs (see bpfdiff)");
			} else {
				unexplained(t, index, &p, r, &k,
					    "r0 differs, and the program as written does too: the "
					    "interpreter's or a helper's semantics differ");
			}
		}
	} else if (!ours && !k.loaded) {
		t->both_refuse++;
	} else if (!ours) {
		enum known c = classify_refusal(it, r);

		t->we_refuse++;
		if (c != K_NONE)
			t->known[c]++;
		else
			unexplained(t, index, &p, r, &k, "the book refuses what the kernel accepts");
	} else {
		t->kernel_refuses++;
		if (has_shift32_by_reg(&p))
			t->known[K_SHIFT32]++;
		else
			unexplained(t, index, &p, r, &k, "the book accepts what the kernel refuses");
	}
}

/* ---- reducing a difference ---------------------------------------------------------- */

/* What a program shows against the kernel: the thing a reduction keeps. */
enum kclass { KC_AGREE, KC_BOTH_REFUSE, KC_BOOK_REFUSES, KC_KERNEL_REFUSES, KC_R0, KC_ERROR };

struct kreduce {
	const char *oracle;
	u32 type;
	enum kclass want;
	int book_err, kernel_err;
};

static enum kclass kclassify(struct kreduce *kr, const struct bpf_insn *insns, u32 len,
			     int *book_err, int *kernel_err)
{
	struct kernel_result k;
	struct diff_result r;
	int mode, phase;

	if (batch_run_one(insns, len, kr->type, (1u << DIFF_REF) | (1u << DIFF_INTERP), 10000,
			  &r, &mode, &phase) != BATCH_DONE)
		return KC_ERROR;
	if (ask_kernel(kr->oracle, insns, len, kr->type, &k) || !k.ran)
		return KC_ERROR;
	*book_err = r.err[DIFF_INTERP];
	*kernel_err = k.err;
	if (diff_accepted(&r) && k.loaded)
		return k.have_r0 && k.r0 != r.r0[DIFF_INTERP] ? KC_R0 : KC_AGREE;
	if (!diff_accepted(&r) && !k.loaded)
		return KC_BOTH_REFUSE;
	return k.loaded ? KC_BOOK_REFUSES : KC_KERNEL_REFUSES;
}

static bool keep_kclass(void *ctx, const struct bpf_insn *insns, u32 len)
{
	struct kreduce *kr = ctx;
	int be, ke;

	return kclassify(kr, insns, len, &be, &ke) == kr->want && be == kr->book_err &&
	       ke == kr->kernel_err;
}

static int reduce(const char *oracle, const char *path)
{
	static const char *const names[] = {
		[KC_AGREE] = "the two agree", [KC_BOTH_REFUSE] = "both refuse",
		[KC_BOOK_REFUSES] = "the book refuses what the kernel accepts",
		[KC_KERNEL_REFUSES] = "the book accepts what the kernel refuses",
		[KC_R0] = "r0 differs", [KC_ERROR] = "a fault, a hang or no answer",
	};
	struct kreduce kr = { .oracle = oracle };
	struct prog_file pf;
	char err[512], out[4096], notes[256];
	u32 before;
	int tries;
	FILE *f;

	if (prog_file_read(path, &pf, err, sizeof(err))) {
		fprintf(stderr, "kerneldiff: %s\n", err);
		return 2;
	}
	kr.type = pf.prog_type;
	kr.want = kclassify(&kr, pf.insns, pf.len, &kr.book_err, &kr.kernel_err);
	if (kr.want == KC_AGREE || kr.want == KC_BOTH_REFUSE || kr.want == KC_ERROR) {
		fprintf(stderr, "kerneldiff: %s: nothing to reduce: %s\n", path, names[kr.want]);
		prog_file_free(&pf);
		return 1;
	}
	before = pf.len;
	tries = reduce_insns(pf.insns, &pf.len, keep_kclass, &kr);
	snprintf(notes, sizeof(notes), "%s (book %s, kernel %s)\nreduced from %u to %u instructions (%d tries)",
		 names[kr.want], kr.book_err ? errno_name(kr.book_err) : "accepts",
		 kr.kernel_err ? errno_name(kr.kernel_err) : "accepts", before, pf.len, tries);
	snprintf(out, sizeof(out), "%.*s.min.hex",
		 (int)(strlen(path) > 4 && !strcmp(path + strlen(path) - 4, ".hex") ?
		       strlen(path) - 4 : strlen(path)), path);
	f = fopen(out, "w");
	if (f) {
		prog_file_write(f, &pf, notes);
		fclose(f);
	}
	prog_file_write(stdout, &pf, notes);
	printf("written to %s\n", out);
	prog_file_free(&pf);
	return 0;
}

int main(int argc, char **argv)
{
	enum { O_ORACLE = 256, O_SEED, O_COUNT, O_START, O_FLAWS, O_OUT, O_SHOW, O_REDUCE, O_HELP };
	static const struct option lo[] = {
		{ "oracle", required_argument, NULL, O_ORACLE },
		{ "seed", required_argument, NULL, O_SEED },
		{ "count", required_argument, NULL, O_COUNT },
		{ "start", required_argument, NULL, O_START },
		{ "flaws", required_argument, NULL, O_FLAWS },
		{ "out", required_argument, NULL, O_OUT },
		{ "show", required_argument, NULL, O_SHOW },
		{ "reduce", required_argument, NULL, O_REDUCE },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct tally t = { .seed = 1, .flaw_pct = 20, .show = 5, .out = "kerneldiff-findings" };
	struct batch_ops ops = {
		.make = make_generated, .report = report, .ctx = &t, .jobs = 1, .batch = 64,
		.timeout_ms = 10000,
		/* The verdict and the semantics: the JIT is bpfdiff's to compare. */
		.modes = (1u << DIFF_REF) | (1u << DIFF_INTERP),
	};
	u64 count = 2000, unexpl;
	const char *reduce_path = NULL;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (opt) {
		case O_ORACLE:	t.oracle = optarg; break;
		case O_SEED:	t.seed = strtoull(optarg, NULL, 0); break;
		case O_COUNT:	count = strtoull(optarg, NULL, 0); break;
		case O_START:	t.start = strtoull(optarg, NULL, 0); break;
		case O_FLAWS:	t.flaw_pct = strtoul(optarg, NULL, 0); break;
		case O_OUT:	t.out = optarg; break;
		case O_SHOW:	t.show = strtoul(optarg, NULL, 0); break;
		case O_REDUCE:	reduce_path = optarg; break;
		case 'h':
		case O_HELP:
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (!t.oracle || optind < argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (reduce_path)
		return reduce(t.oracle, reduce_path);
	if (mkdir(t.out, 0755) && errno != EEXIST) {
		fprintf(stderr, "kerneldiff: %s: %s\n", t.out, strerror(errno));
		return 2;
	}
	if (batch_run(&ops, count)) {
		fprintf(stderr, "kerneldiff: cannot start child processes\n");
		return 2;
	}

	unexpl = t.we_refuse + t.kernel_refuses + t.r0_differs;
	for (int c = 1; c < K_NR; c++)
		unexpl -= c == K_UNINIT_VALUE ? 0 : t.known[c];
	printf("\nkerneldiff: seed %llu, programs %llu..%llu, against the running kernel\n",
	       (unsigned long long)t.seed, (unsigned long long)t.start,
	       (unsigned long long)(t.start + count - 1));
	printf("  both accept: %llu (same r0 %llu, kernel gave no r0 %llu); both refuse: %llu\n",
	       (unsigned long long)t.both_accept, (unsigned long long)t.r0_same,
	       (unsigned long long)t.no_r0, (unsigned long long)t.both_refuse);
	printf("  the book refuses, the kernel accepts: %llu\n", (unsigned long long)t.we_refuse);
	printf("  the book accepts, the kernel refuses: %llu\n", (unsigned long long)t.kernel_refuses);
	printf("  both accept, r0 differs: %llu (%llu where the program as written gives the kernel's)\n",
	       (unsigned long long)(t.r0_differs + t.known[K_UNINIT_VALUE]),
	       (unsigned long long)t.r0_differs_ref_agrees);
	printf("  known differences:\n");
	for (int c = 1; c < K_NR; c++)
		printf("    %6llu  %s\n", (unsigned long long)t.known[c], known[c].title);
	printf("  unexplained: %llu%s%s\n", (unsigned long long)unexpl,
	       unexpl ? ", saved under " : "", unexpl ? t.out : "");
	if (t.oracle_failed)
		printf("  the oracle failed to answer: %llu\n", (unsigned long long)t.oracle_failed);
	return 0;
}
