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
 */
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
	s32 delta = end_new - end_old;

	if (curr < (s64)pos && curr + disp + 1 >= end_old)
		disp += delta;
	else if (curr >= end_new && curr + disp + 1 < end_new)
		disp -= delta;
	return disp;
}

/* A pseudo call keeps its displacement in imm (32 bits). */
static int bpf_adj_delta_to_imm(struct bpf_insn *insn, u32 pos, s32 end_old,
				s32 end_new, s32 curr, const bool probe_pass)
{
	s64 imm = bpf_adj_delta(insn->imm, pos, end_old, end_new, curr);

	if (imm < S32_MIN || imm > S32_MAX)
		return -ERANGE;
	if (!probe_pass)
		insn->imm = imm;
	return 0;
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

int bpf_adj_branches(struct bpf_prog *prog, u32 pos, s32 end_old,
		     s32 end_new, bool probe_pass)
{
	/* The probe pass runs on the old image but counts in new indices. */
	u32 i, insn_cnt = prog->len + (probe_pass ? end_new - end_old : 0);
	struct bpf_insn *insn = prog->insnsi;
	int ret = 0;

	for (i = 0; i < insn_cnt; i++, insn++) {
		u8 code;

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
		code = insn->code;
		if ((BPF_CLASS(code) != BPF_JMP && BPF_CLASS(code) != BPF_JMP32) ||
		    BPF_OP(code) == BPF_EXIT)
			continue;
		if (BPF_OP(code) == BPF_CALL) {
			/* Helper calls are absolute ids; only bpf-to-bpf
			 * calls are relative.
			 */
			if (insn->src_reg != BPF_PSEUDO_CALL)
				continue;
			ret = bpf_adj_delta_to_imm(insn, pos, end_old, end_new,
						   i, probe_pass);
		} else {
			ret = bpf_adj_delta_to_off(insn, pos, end_old, end_new,
						   i, probe_pass);
		}
		if (ret)
			break;
	}
	return ret;
}

struct bpf_prog *bpf_patch_insn_single(struct bpf_prog *prog, u32 off,
				       const struct bpf_insn *patch, u32 len)
{
	u32 insn_adj_cnt, insn_rest, insn_delta = len - 1;
	const u32 cnt_max = S16_MAX;
	struct bpf_prog *prog_adj;
	int err;

	/* One for one: nothing moves, no offset changes. */
	if (insn_delta == 0) {
		memcpy(prog->insnsi + off, patch, sizeof(*patch));
		return prog;
	}

	insn_adj_cnt = prog->len + insn_delta;

	/* Past S16_MAX instructions a 16-bit jump offset may overflow. Find
	 * out now, before the program is reallocated: afterwards there is
	 * no way back to the original.
	 */
	if (insn_adj_cnt > cnt_max &&
	    (err = bpf_adj_branches(prog, off, off + 1, off + len, true)))
		return ERR_PTR(err);

	prog_adj = bpf_prog_realloc(prog, bpf_prog_size(insn_adj_cnt), GFP_USER);
	if (!prog_adj)
		return ERR_PTR(-ENOMEM);

	prog_adj->len = insn_adj_cnt;

	/* 1) move the tail after insn `off` out of the way, 2) write the
	 * patch over `off`, 3) fix the jumps that cross it.
	 */
	insn_rest = insn_adj_cnt - off - len;
	memmove(prog_adj->insnsi + off + len, prog_adj->insnsi + off + 1,
		sizeof(*patch) * insn_rest);
	memcpy(prog_adj->insnsi + off, patch, sizeof(*patch) * len);

	/* Cannot fail: either the program is short enough that no 16-bit
	 * offset can overflow, or the probe above proved it does not.
	 */
	err = bpf_adj_branches(prog_adj, off, off + 1, off + len, false);
	if (err)
		pr_err("bpf_patch_insn_single: branch fixup failed after probe\n");
	return prog_adj;
}

int bpf_remove_insns(struct bpf_prog *prog, u32 off, u32 cnt)
{
	int err;

	/* A shrinking program cannot overflow an offset: no probe pass. */
	memmove(prog->insnsi + off, prog->insnsi + off + cnt,
		sizeof(struct bpf_insn) * (prog->len - off - cnt));
	prog->len -= cnt;

	err = bpf_adj_branches(prog, off, off + cnt, off, false);
	if (err)
		pr_err("bpf_remove_insns: branch fixup failed\n");
	return err;
}
