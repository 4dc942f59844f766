// SPDX-License-Identifier: GPL-2.0
/*
 * A small reducer: shrinks a program while what it shows stays the same.
 *
 * A finding from a random program carries a hundred instructions that have
 * nothing to do with it. The reducer replaces instructions with `ja +0`
 * (which keeps every other instruction's index, so no jump needs fixing),
 * in halves, quarters, ... and single instructions, as delta debugging
 * does, keeping each replacement after which the outcome is still the
 * same (the same runtimes return an r0 that differs from the reference's,
 * or the same runtime faults or hangs). Then it drops the `ja +0`s and
 * retargets the jumps around them, as the verifier's opt_remove_nops()
 * does. Each candidate runs in a child process, as in a run. Ours.
 */
#include <stdlib.h>
#include <string.h>

#include "linux/filter.h"

#include "batch.h"
#include "reduce.h"

/* What a program shows: the thing the reducer keeps. */
struct outcome {
	enum { OUT_AGREES, OUT_REFUSED, OUT_R0, OUT_VERDICT, OUT_REF, OUT_FAULT, OUT_TIMEOUT } kind;
	u32 differs;		/* OUT_R0: the runtimes whose r0 differs from the reference's */
	int mode, phase;	/* OUT_FAULT, OUT_TIMEOUT */
};

static struct outcome classify(const struct bpf_insn *insns, u32 len, u32 type, u32 modes,
			       u32 timeout_ms, struct diff_result *res_out)
{
	struct outcome out = { .kind = OUT_FAULT, .mode = -1 };
	struct diff_result r;
	int ret = batch_run_one(insns, len, type, modes, timeout_ms, &r, &out.mode, &out.phase);

	if (ret == BATCH_TIMEOUT)
		out.kind = OUT_TIMEOUT;
	if (ret != BATCH_DONE)
		return out;
	out.mode = out.phase = 0;
	if (diff_verdicts_split(&r))
		out.kind = OUT_VERDICT;
	else if (!diff_accepted(&r))
		out.kind = OUT_REFUSED;
	else if (r.err[DIFF_REF])
		out.kind = OUT_REF;
	else if (diff_agrees(&r))
		out.kind = OUT_AGREES;
	else {
		out.kind = OUT_R0;
		for (int m = 0; m < DIFF_NR_MODES; m++)
			if ((r.modes & (1u << m)) && !r.err[m] && r.r0[m] != r.r0[DIFF_REF])
				out.differs |= 1u << m;
	}
	if (res_out)
		*res_out = r;
	return out;
}

static bool same(const struct outcome *a, const struct outcome *b)
{
	return a->kind == b->kind && a->differs == b->differs &&
	       (a->kind != OUT_FAULT || (a->mode == b->mode && a->phase == b->phase));
}

static bool is_nop(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_JA) && !in->off && !in->imm && !in->dst_reg && !in->src_reg;
}

/* The second half of an ld_imm64 goes with the first. */
static bool is_ld_imm64(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* Instructions [from, to) become ja +0, whole ld_imm64 pairs only. */
static void nop_out(struct bpf_insn *insns, u32 len, u32 from, u32 to)
{
	if (from > 0 && is_ld_imm64(&insns[from - 1]))
		from--;
	if (to < len && to > 0 && is_ld_imm64(&insns[to - 1]))
		to++;
	for (u32 i = from; i < to && i < len; i++)
		insns[i] = BPF_JMP_A(0);
}

/* Drop every ja +0; jumps and calls to a dropped one go to what follows it. */
static u32 compact(struct bpf_insn *insns, u32 len)
{
	u32 *map = calloc(len + 1, sizeof(*map)), n = 0, j = 0;

	if (!map)
		return len;
	/* map[i]: where instruction i, or the first kept one after it, goes */
	for (u32 i = 0; i < len; i++) {
		map[i] = n;
		n += !is_nop(&insns[i]);
	}
	map[len] = n;
	for (u32 i = 0; i < len; i++) {
		struct bpf_insn in = insns[i];
		u8 cls = BPF_CLASS(in.code), op = BPF_OP(in.code);

		if (is_nop(&in))
			continue;
		if ((cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_EXIT &&
		    !(op == BPF_CALL && in.src_reg != BPF_PSEUDO_CALL)) {
			bool by_imm = op == BPF_CALL || in.code == (BPF_JMP32 | BPF_JA);
			s64 target = (s64)i + 1 + (by_imm ? in.imm : in.off);

			if (target >= 0 && target <= len) {
				s64 off = (s64)map[target] - (s64)map[i] - 1;

				if (by_imm)
					in.imm = (s32)off;
				else
					in.off = (s16)off;
			}
		}
		insns[j++] = in;
	}
	free(map);
	return n;
}

int reduce_insns(struct bpf_insn *insns, u32 *len, reduce_keep_t keep, void *ctx)
{
	struct bpf_insn *try = malloc(*len * sizeof(*try));
	u32 n = *len, tries = 0;

	if (!try)
		return -ENOMEM;
	for (u32 chunk = n / 2 ? n / 2 : 1;; chunk = chunk > 1 ? chunk / 2 : 0) {
		bool progress = true;

		while (progress) {
			progress = false;
			for (u32 from = 0; from < n; from += chunk) {
				u32 to = min(from + chunk, n);
				bool all_nops = true;

				for (u32 i = from; i < to; i++)
					all_nops &= is_nop(&insns[i]);
				if (all_nops)
					continue;
				memcpy(try, insns, n * sizeof(*try));
				nop_out(try, n, from, to);
				tries++;
				if (keep(ctx, try, n)) {
					memcpy(insns, try, n * sizeof(*try));
					progress = true;
				}
			}
		}
		if (chunk <= 1)
			break;
	}
	memcpy(try, insns, n * sizeof(*try));
	n = compact(try, n);
	tries++;
	if (keep(ctx, try, n)) {
		memcpy(insns, try, n * sizeof(*try));
		*len = n;
	}
	free(try);
	return (int)tries;
}

struct same_outcome {
	struct outcome want;
	u32 type, modes, timeout_ms;
};

static bool keep_same(void *ctx, const struct bpf_insn *insns, u32 len)
{
	struct same_outcome *so = ctx;
	struct outcome got = classify(insns, len, so->type, so->modes, so->timeout_ms, NULL);

	return same(&got, &so->want);
}

int reduce_prog(struct bpf_insn *insns, u32 *len, u32 type, u32 modes, u32 timeout_ms,
		struct diff_result *res)
{
	struct same_outcome so = { .type = type, .modes = modes, .timeout_ms = timeout_ms };
	int tries;

	so.want = classify(insns, *len, type, modes, timeout_ms, NULL);
	if (so.want.kind == OUT_AGREES || so.want.kind == OUT_REFUSED)
		return -EINVAL;		/* nothing to keep */
	tries = reduce_insns(insns, len, keep_same, &so);
	classify(insns, *len, type, modes, timeout_ms, res);
	return tries;
}
