// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/core.c: bpf_adj_delta_to_imm(), bpf_adj_delta_to_off(),
 * bpf_adj_branches(), bpf_patch_insn_single(), bpf_remove_insns(), Linux v5.8
 * (plus the JMP32|JA `gotol` form of Linux 6.6); written afresh.
 *
 * This code lives in kernel/bpf/core.c. It is here because the verifier is
 * its first user (division guards, dead-code removal); chapter 05's constant
 * blinding reuses it unchanged.
 *
 * Why offsets need fixing: every BPF jump is relative (`pc + off + 1`). When
 * insn `pos` grows into `len` instructions, a jump that crosses the edit
 * must grow by `len - 1`, and one that stays on one side must not change.
 *
 * The kernel's way edits one instruction at a time, and each edit moves the
 * whole tail of the program and walks every jump. A pass that rewrites a
 * fixed share of the instructions (blinding, the division guards, nop
 * removal) is then quadratic: 26 s to blind 100,000 instructions. The
 * batch at the end of this file (ours) does the same edits in one pass.
 */
#include <stdlib.h>
#include <string.h>

#include "linux/bpf.h"
#include "linux/bpf_patch.h"

/*
 * One jump at new index `curr`, whose displacement is `disp`: the edit turned
 * [pos, end_old) into [pos, end_new). Forward jumps from before the edit to
 * at or past its old end grow by delta; backward jumps from after the edit
 * to before its new end shrink by delta. A jump to `pos` itself now lands on
 * the first instruction of the patch, which is what every caller wants.
 */
static s64 bpf_adj_delta(s64 disp, u32 pos, s32 end_old, s32 end_new, s32 curr)
{
	s64 target = curr + disp + 1;
	s32 delta = end_new - end_old;

	if (curr < (s64)pos && target >= end_old)
		return disp + delta;
	if (curr >= end_new && target < end_new)
		return disp - delta;
	return disp;
}

/* A pseudo call keeps its displacement in imm (32 bits). */
static int bpf_adj_delta_to_imm(struct bpf_insn *insn, u32 pos, s32 end_old,
				s32 end_new, s32 curr, const bool probe_pass)
{
	s64 imm = bpf_adj_delta(insn->imm, pos, end_old, end_new, curr);
	bool fits = imm == (s32)imm;

	if (fits && !probe_pass)
		insn->imm = imm;
	return fits ? 0 : -ERANGE;
}

/* A jump keeps it in off (16 bits), except `gotol` (JMP32|JA): imm. */
static int bpf_adj_delta_to_off(struct bpf_insn *insn, u32 pos, s32 end_old,
				s32 end_new, s32 curr, const bool probe_pass)
{
	bool gotol = insn->code == (BPF_JMP32 | BPF_JA);
	s64 disp = gotol ? insn->imm : insn->off;
	s64 lo = gotol ? S32_MIN : S16_MIN, hi = gotol ? S32_MAX : S16_MAX;

	disp = bpf_adj_delta(disp, pos, end_old, end_new, curr);
	if (disp < lo || disp > hi)
		return -ERANGE;
	if (!probe_pass) {
		if (gotol)
			insn->imm = disp;
		else
			insn->off = disp;
	}
	return 0;
}

/*
 * Where a jump-like instruction keeps its displacement: in off (jumps), in
 * imm (`gotol`, bpf-to-bpf calls), or nowhere (exit, helper calls, every
 * other class).
 */
enum bpf_disp_field { BPF_DISP_NONE, BPF_DISP_OFF, BPF_DISP_IMM };

static enum bpf_disp_field bpf_insn_disp_field(const struct bpf_insn *insn)
{
	u8 code = insn->code;

	if ((BPF_CLASS(code) != BPF_JMP && BPF_CLASS(code) != BPF_JMP32) ||
	    BPF_OP(code) == BPF_EXIT)
		return BPF_DISP_NONE;
	if (BPF_OP(code) == BPF_CALL)
		/* Helper calls are absolute ids; only bpf-to-bpf calls are
		 * relative.
		 */
		return insn->src_reg == BPF_PSEUDO_CALL ? BPF_DISP_IMM : BPF_DISP_NONE;
	return code == (BPF_JMP32 | BPF_JA) ? BPF_DISP_IMM : BPF_DISP_OFF;
}

int bpf_adj_branches(struct bpf_prog *prog, u32 pos, s32 end_old,
		     s32 end_new, bool probe_pass)
{
	/* The probe pass runs on the old image but counts in new indices. */
	u32 i, insn_cnt = prog->len + (probe_pass ? end_new - end_old : 0);
	struct bpf_insn *insn = prog->insnsi;
	int ret = 0;

	for (i = 0; i < insn_cnt; i++, insn++) {
		enum bpf_disp_field code;

		/* Probing: the patch is not in the image yet. Skip from the
		 * instruction being replaced to the one after it, and give
		 * that one the index it will have after the patch.
		 */
		if (probe_pass && i == pos) {
			i = end_new;
			insn = prog->insnsi + end_old;
			if (i >= insn_cnt)
				break;
		}
		code = bpf_insn_disp_field(insn);
		if (code == BPF_DISP_NONE)
			continue;
		if (BPF_OP(insn->code) == BPF_CALL)
			ret = bpf_adj_delta_to_imm(insn, pos, end_old, end_new,
						   i, probe_pass);
		else
			ret = bpf_adj_delta_to_off(insn, pos, end_old, end_new,
						   i, probe_pass);
		if (ret)
			break;
	}
	return ret;
}

/*
 * Instruction off becomes the len instructions of patch. The program grows
 * (a reallocation, which may move it: the result is the program to use
 * from now on), the tail moves out of the way, and the jumps across the
 * edit are fixed. An ERR_PTR if that cannot be done.
 */
struct bpf_prog *bpf_patch_insn_single(struct bpf_prog *prog, u32 off,
				       const struct bpf_insn *patch, u32 len)
{
	u32 delta = len - 1, grown_len = prog->len + delta, tail;
	struct bpf_prog *grown;
	int err;

	/* one for one: nothing moves, no displacement changes */
	if (!delta) {
		prog->insnsi[off] = *patch;
		return prog;
	}
	/*
	 * Past S16_MAX instructions a 16-bit jump displacement may overflow.
	 * That is found out on the old image, before it is reallocated and
	 * there is no way back to it.
	 */
	if (grown_len > S16_MAX) {
		err = bpf_adj_branches(prog, off, off + 1, off + len, true);
		if (err)
			return ERR_PTR(err);
	}
	grown = bpf_prog_realloc(prog, bpf_prog_size(grown_len), GFP_USER);
	if (!grown)
		return ERR_PTR(-ENOMEM);
	grown->len = grown_len;
	tail = grown_len - off - len;
	memmove(grown->insnsi + off + len, grown->insnsi + off + 1, tail * sizeof(*patch));
	memcpy(grown->insnsi + off, patch, len * sizeof(*patch));
	/* cannot fail: too short for any overflow, or probed above */
	if (bpf_adj_branches(grown, off, off + 1, off + len, false))
		pr_err("bpf_patch_insn_single: branch fixup failed after probe\n");
	return grown;
}

/* Instructions [off, off + cnt) go; the jumps across are fixed. */
int bpf_remove_insns(struct bpf_prog *prog, u32 off, u32 cnt)
{
	struct bpf_insn *at = prog->insnsi + off;
	u32 tail = prog->len - off - cnt;
	int err;

	memmove(at, at + cnt, tail * sizeof(*at));
	prog->len -= cnt;
	/* a program that shrinks cannot overflow a displacement: no probe */
	err = bpf_adj_branches(prog, off, off + cnt, off, false);
	if (err)
		pr_err("bpf_remove_insns: branch fixup failed\n");
	return err;
}

/*
 * Ours: many edits in one pass.
 *
 * A batch collects edits first, in program order and at most one per
 * instruction: instruction `off` becomes the `len` instructions of a patch
 * (len 0 removes it). Each patch is written against the original program,
 * as if it were the only edit, exactly as bpf_patch_insn_single() would
 * take it. bpf_patch_batch_apply() then lays out the new program and fixes
 * every displacement once, with the rule the one-at-a-time path follows:
 *
 *   - a jump to an edited instruction lands on the first instruction of
 *     its patch, or, if it was removed, on the next one that stays;
 *   - a jump inside a patch to inside that patch is left alone; one that
 *     leaves the patch names an original instruction (before the patch:
 *     `off + target`, after it: `off + 1 + target - len`) and is mapped
 *     like any other.
 *
 * The result is the program the one-at-a-time path produces, edit by edit
 * in the same order (chapter 03's tests check both on random programs);
 * an offset that no longer fits gives -ERANGE and leaves the program as it
 * was.
 */
void bpf_patch_batch_init(struct bpf_patch_batch *b)
{
	memset(b, 0, sizeof(*b));
}

void bpf_patch_batch_free(struct bpf_patch_batch *b)
{
	free(b->recs);
	free(b->insns);
	free(b->new_idx);
	bpf_patch_batch_init(b);
}

int bpf_patch_batch_add(struct bpf_patch_batch *b, u32 off,
			const struct bpf_insn *patch, u32 len)
{
	if (b->cnt && off <= b->recs[b->cnt - 1].off)
		return -EINVAL;		/* in program order, one per insn */
	if (b->cnt == b->recs_cap) {
		u32 cap = b->recs_cap ? 2 * b->recs_cap : 64;
		struct bpf_patch_rec *r = realloc(b->recs, cap * sizeof(*r));

		if (!r)
			return -ENOMEM;
		b->recs = r;
		b->recs_cap = cap;
	}
	if (b->insns_cnt + len > b->insns_cap) {
		u32 cap = b->insns_cap ? 2 * b->insns_cap : 256;
		struct bpf_insn *in;

		while (cap < b->insns_cnt + len)
			cap *= 2;
		in = realloc(b->insns, cap * sizeof(*in));
		if (!in)
			return -ENOMEM;
		b->insns = in;
		b->insns_cap = cap;
	}
	b->recs[b->cnt++] = (struct bpf_patch_rec){ .off = off, .len = len,
						    .at = b->insns_cnt };
	if (len)
		memcpy(b->insns + b->insns_cnt, patch, len * sizeof(*patch));
	b->insns_cnt += len;
	return 0;
}

/* The new index of original instruction t (t may be len: the end). */
static s64 bpf_patch_new_index(const u32 *new_idx, u32 old_len, s64 t)
{
	if (t < 0)
		return t;
	if (t > old_len)
		return new_idx[old_len] + (t - old_len);
	return new_idx[t];
}

/* Point the jump placed at new index `at` at new index `target`. */
static int bpf_patch_set_disp(struct bpf_insn *insn, s64 at, s64 target)
{
	s64 disp = target - (at + 1);

	if (bpf_insn_disp_field(insn) == BPF_DISP_IMM) {
		if (disp < S32_MIN || disp > S32_MAX)
			return -ERANGE;
		insn->imm = disp;
	} else {
		if (disp < S16_MIN || disp > S16_MAX)
			return -ERANGE;
		insn->off = disp;
	}
	return 0;
}

static s64 bpf_insn_disp(const struct bpf_insn *insn)
{
	return bpf_insn_disp_field(insn) == BPF_DISP_IMM ? insn->imm : insn->off;
}

struct bpf_prog *bpf_patch_batch_apply(struct bpf_prog *prog, struct bpf_patch_batch *b)
{
	u32 old_len = prog->len, i, r, n;
	struct bpf_insn *out;
	struct bpf_prog *prog_adj;
	u64 new_len = 0;
	int err = 0;

	free(b->new_idx);
	b->new_idx = malloc((old_len + 1) * sizeof(*b->new_idx));
	if (!b->new_idx)
		return ERR_PTR(-ENOMEM);

	/* 1) where every original instruction starts now */
	for (i = 0, r = 0; i < old_len; i++) {
		b->new_idx[i] = new_len;
		if (r < b->cnt && b->recs[r].off == i)
			new_len += b->recs[r++].len;
		else
			new_len++;
	}
	b->new_idx[old_len] = new_len;
	if (r != b->cnt || new_len > U32_MAX / sizeof(struct bpf_insn))
		return ERR_PTR(r != b->cnt ? -EINVAL : -ENOMEM);

	/* 2) the new program, its displacements mapped */
	out = malloc((new_len ? new_len : 1) * sizeof(*out));
	if (!out)
		return ERR_PTR(-ENOMEM);
	for (i = 0, r = 0, n = 0; i < old_len && !err; i++) {
		const struct bpf_patch_rec *rec = r < b->cnt && b->recs[r].off == i ?
						  &b->recs[r++] : NULL;

		b->err_off = i;
		if (!rec) {
			out[n] = prog->insnsi[i];
			if (bpf_insn_disp_field(&out[n]) != BPF_DISP_NONE)
				err = bpf_patch_set_disp(&out[n], n,
					bpf_patch_new_index(b->new_idx, old_len,
							    i + bpf_insn_disp(&out[n]) + 1));
			n++;
			continue;
		}
		for (u32 j = 0; j < rec->len && !err; j++, n++) {
			s64 t;

			out[n] = b->insns[rec->at + j];
			if (bpf_insn_disp_field(&out[n]) == BPF_DISP_NONE)
				continue;
			t = (s64)j + bpf_insn_disp(&out[n]) + 1;	/* in the patch */
			if (t >= 0 && t < rec->len)
				continue;
			t = t < 0 ? i + t : i + 1 + (t - rec->len);	/* original */
			err = bpf_patch_set_disp(&out[n], n,
					bpf_patch_new_index(b->new_idx, old_len, t));
		}
	}
	if (err) {
		free(out);
		return ERR_PTR(err);
	}

	/* 3) into the program, grown if it must */
	prog_adj = bpf_prog_realloc(prog, bpf_prog_size(new_len), GFP_USER);
	if (!prog_adj) {
		free(out);
		return ERR_PTR(-ENOMEM);
	}
	memcpy(prog_adj->insnsi, out, new_len * sizeof(*out));
	prog_adj->len = new_len;
	free(out);
	return prog_adj;
}
