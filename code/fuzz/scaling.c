// SPDX-License-Identifier: GPL-2.0
/*
 * How a load's time grows with the program: straight-line programs of one
 * shape, at n and 4n instructions, each loaded the same way. A load
 * whose work is linear takes about 4 times as long at 4n; one that walks
 * the whole program for each instruction it rewrites takes about 16 times
 * as long, and a program of a million instructions then takes hours.
 * Random programs are too small and too mixed to show that, so these
 * shapes aim at the rewrites that patch instruction by instruction:
 * constant blinding, the division guards, the removal of `ja +0`.
 *
 * Each size is loaded three times and the fastest load counts, so that a
 * busy machine makes a ratio worse only if it is busy every time. Ours.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "linux/filter.h"

#include "diff.h"
#include "scaling.h"

struct shape {
	const char *name;
	enum diff_mode mode;
	u32 per;		/* instructions per repetition of the body */
	u32 times;		/* of `small`: where the quadratic part shows */
	void (*body)(struct bpf_insn *insn);
};

/* ld_imm64 and an add: blinding turns the pair of slots into seven. */
static void body_blind(struct bpf_insn *insn)
{
	struct bpf_insn ld[2] = { BPF_LD_IMM64(BPF_REG_1, 0x123456789ULL) };

	insn[0] = ld[0];
	insn[1] = ld[1];
	insn[2] = BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1);
}

/* A division by a register: fixup_bpf_calls() guards each one. */
static void body_div(struct bpf_insn *insn)
{
	insn[0] = BPF_ALU64_REG(BPF_DIV, BPF_REG_0, BPF_REG_1);
}

/* A jump by 0: opt_remove_nops() removes each one. */
static void body_nop(struct bpf_insn *insn)
{
	insn[0] = BPF_JMP_A(0);
}

static const struct shape shapes[] = {
	{ "constant blinding (jit+harden2)", DIFF_HARDEN, 3, 2, body_blind },
	{ "division guards", DIFF_INTERP, 1, 1, body_div },
	{ "removal of ja +0", DIFF_INTERP, 1, 1, body_nop },
};

/* r0 = 1; r1 = 3; body * reps; exit */
static struct bpf_insn *build(const struct shape *s, u32 reps, u32 *len)
{
	struct bpf_insn *insns = calloc(reps * s->per + 3, sizeof(*insns));
	u32 n = 0;

	if (!insns)
		return NULL;
	insns[n++] = BPF_MOV64_IMM(BPF_REG_0, 1);
	insns[n++] = BPF_MOV64_IMM(BPF_REG_1, 3);
	for (u32 r = 0; r < reps; r++, n += s->per)
		s->body(&insns[n]);
	insns[n++] = BPF_EXIT_INSN();
	*len = n;
	return insns;
}

/* The fastest of three loads, in ns; 0 if the program did not load. */
static u64 load_ns(const struct bpf_insn *insns, u32 len, enum diff_mode m)
{
	u64 best = 0;

	for (int i = 0; i < 3; i++) {
		struct diff_result res;

		diff_run(insns, len, BPF_PROG_TYPE_SOCKET_FILTER, 1u << m, &res);
		if (res.err[m])
			return 0;
		if (!best || res.load_ns[m] < best)
			best = res.load_ns[m];
	}
	return best;
}

int scaling_check(FILE *out, u32 small, double max_ratio)
{
	int failed = 0;

	diff_init();
	for (size_t i = 0; i < ARRAY_SIZE(shapes); i++) {
		const struct shape *s = &shapes[i];
		u32 n1, n4;
		u32 reps = small * s->times / s->per;
		struct bpf_insn *p1 = build(s, reps, &n1);
		struct bpf_insn *p4 = build(s, 4 * reps, &n4);
		u64 t1 = p1 && p4 ? load_ns(p1, n1, s->mode) : 0;
		u64 t4 = t1 ? load_ns(p4, n4, s->mode) : 0;
		double ratio = t1 && t4 ? (double)t4 / t1 : 0;
		bool ok = t1 && t4 && ratio <= max_ratio;

		fprintf(out, "%s %s: %u insns %.1f ms, %u insns %.1f ms: x%.1f%s\n",
			ok ? "ok  " : "FAIL", s->name, n1, t1 / 1e6, n4, t4 / 1e6, ratio,
			!t1 || !t4 ? " (did not load)" :
			ok ? "" : " (quadratic: each rewrite walks the whole program)");
		failed += !ok;
		free(p1);
		free(p4);
	}
	return failed;
}
