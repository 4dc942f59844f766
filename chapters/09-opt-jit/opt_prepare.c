// SPDX-License-Identifier: GPL-2.0
/*
 * The optimiser's analysis of a program, once, before do_jit()'s passes.
 *
 * Ours. bpf_int_jit_compile() (chapter 06) calls bpf_jit_opt_prepare()
 * after constant blinding and before its first pass; this strong definition
 * replaces chapter 06's placeholder. With bpf_jit_opt off it does what the
 * placeholder does: nothing, and the v5.8 JIT runs unchanged.
 *
 * The order matters, each step using the one before:
 *
 *   opt_mark_targets()     where jumps land; is the program well formed?
 *   opt_known_bits()       constants and known bits: branches decided,
 *                          operands made immediates, code never reached
 *   opt_thread_jumps()     a jump to a goto goes where the goto goes
 *   opt_invert_branches()  a jump over a goto becomes the opposite jump
 *   opt_liveness()         what is read again: dead code, free registers
 *   opt_test_branches()    `x &= k; if x != 0` as one test (exercise 09/03)
 *   opt_find_fusions()     sequences one x86 instruction does
 *   opt_plan_frame()       a frame for the registers in use
 *
 * All of it is linear in the program's length, but for the two data-flow
 * analyses, which go round loops a few times.
 */
#include <stdlib.h>

#include "opt.h"

void bpf_jit_opt_free(struct opt_prog *opt)
{
	if (!opt)
		return;
	free(opt->insns);
	free(opt->flags);
	free(opt->fuse);
	free(opt->addr);
	free(opt->live);
	free(opt->jumps);
	free(opt->marked);
	free(opt->draft);
	free(opt);
}

static struct opt_prog *opt_alloc(const struct bpf_prog *prog, unsigned int steps)
{
	struct opt_prog *opt = calloc(1, sizeof(*opt));
	u32 len = prog->len;

	if (!opt)
		return NULL;
	opt->len = len;
	opt->insns = malloc(len * sizeof(*opt->insns));
	opt->flags = calloc(len, sizeof(*opt->flags));
	opt->fuse = calloc(len, sizeof(*opt->fuse));
	/* (read only where written: at a fused sequence's head; after liveness) */
	opt->addr = malloc(len * sizeof(*opt->addr));
	opt->live = malloc(len * sizeof(*opt->live));
	if (!opt->insns || !opt->flags || !opt->fuse || !opt->addr || !opt->live) {
		bpf_jit_opt_free(opt);
		return NULL;
	}
	memcpy(opt->insns, prog->insnsi, len * sizeof(*opt->insns));
	opt->steps = steps;
	opt->tail_target = prog->aux->tail_call_target;
	opt->blinded = prog->blinded;
	opt->ebpf_from_cbpf = bpf_prog_was_classic(prog);
	opt->is_func = prog->is_func;
	opt->func_idx = prog->aux->func_idx;
	opt->stack_depth = prog->aux->stack_depth;
	opt->bmi2 = boot_cpu_has(X86_FEATURE_BMI2);
	/*
	 * A map's address reaches the JIT as a plain ld_imm64: the verifier's
	 * convert_pseudo_ld_imm64() has cleared the src_reg that said so. In
	 * a program that uses maps, or in a subprogram (jit_subprogs() gives
	 * it none of the program's maps to look at), every ld_imm64 is
	 * therefore left to v5.8's emit_mov_imm64() and known to nothing
	 * after it: the optimiser does not fold, fuse or drop across one.
	 */
	opt->imm64_opaque = prog->aux->used_map_cnt || prog->is_func;
	return opt;
}

/*
 * What the code will be, once decided: does it call (opt->calls)? Does
 * no instruction's size depend on addrs[] (no jump is emitted, and at most
 * one exit: the first gets the epilogue, later ones jump to it)? And *pic:
 * does no byte depend on where the image will be (no call or tail call:
 * a call's rel32 is measured from its own address)?
 */
static bool sizes_exact(struct opt_prog *opt, bool *pic)
{
	u32 i, exits = 0;
	bool jumps = false;

	*pic = true;
	for (i = 0; i < opt->len; i++) {
		const struct bpf_insn *insn = &opt->insns[i];
		u8 op = BPF_OP(insn->code);

		if ((opt->flags[i] & (OPT_DEAD | OPT_FUSED | OPT_IMM64_HI)) ||
		    (BPF_CLASS(insn->code) != BPF_JMP && BPF_CLASS(insn->code) != BPF_JMP32))
			continue;
		if (op == BPF_CALL || op == BPF_TAIL_CALL) {
			*pic = false;
			/* a call that leaves with the frame gone needs no alignment from it */
			if (op == BPF_CALL && !(opt->flags[i] & OPT_SIBLING))
				opt->calls = true;
		} else if (op == BPF_EXIT) {
			exits++;
		} else if (!(insn->code == (BPF_JMP | BPF_JA) && insn->off == 0)) {
			jumps = true;
		}
	}
	return !jumps && exits <= 1;
}

/*
 * Does R10 get out, anywhere but as the base of a load or a store? Then a
 * copy of it could reach any slot, and the stack cannot be known
 * (opt->stack_known). And a tail call needs v5.8's frame (kernel_frame).
 */
static void scan_stack_and_tail_calls(struct opt_prog *opt)
{
	bool escapes = false;

	for (u32 i = 0; i < opt->len; i++) {
		const struct bpf_insn *insn = &opt->insns[i];
		unsigned int cls = BPF_CLASS(insn->code);

		if (opt->flags[i] & OPT_IMM64_HI)
			continue;
		if (insn->code == (BPF_JMP | BPF_TAIL_CALL))
			opt->kernel_frame = true;
		if (cls == BPF_LDX && insn->dst_reg != BPF_REG_FP)
			continue;	/* r10 as the base, or not at all */
		if ((cls == BPF_STX || cls == BPF_ST) && insn->src_reg != BPF_REG_FP)
			continue;
		if (insn->dst_reg == BPF_REG_FP || insn->src_reg == BPF_REG_FP)
			escapes = true;
	}
	opt->stack_known = !escapes;
}

/* Is one of the jumps a goto (the only jump threading makes unreached)? */
static bool has_goto(const struct opt_prog *opt)
{
	for (u32 k = 0; k < opt->nr_jumps; k++)
		if (BPF_OP(opt->insns[opt->jumps[k]].code) == BPF_JA)
			return true;
	return false;
}

/* The whole analysis; opt is NULL for a program to leave to the v5.8 code. */
static int opt_analyse(struct bpf_prog *prog, unsigned int steps, struct opt_prog **res)
{
	struct opt_prog *opt = opt_alloc(prog, steps);
	int err;

	*res = NULL;
	if (!opt)
		return -ENOMEM;
	err = opt_mark_targets(opt);
	if (err) {
		bpf_jit_opt_free(opt);
		/* malformed: do_jit() has the message for it */
		return err == -EINVAL ? 0 : err;
	}
	scan_stack_and_tail_calls(opt);
	err = opt->steps & BPF_JIT_OPT_KNOWN ? opt_known_bits(opt) : 0;
	if (!err && (opt->steps & BPF_JIT_OPT_JUMPS)) {
		opt_thread_jumps(opt);
		if (has_goto(opt))	/* jumped over, a goto may be dead */
			err = opt_drop_unreached(opt);
		opt_remark_targets(opt);
		opt_invert_branches(opt);
		opt_remark_targets(opt);
	}
	if (!err)
		err = opt_liveness(opt);
	if (err) {
		bpf_jit_opt_free(opt);
		return err;
	}
	if ((opt->steps & BPF_JIT_OPT_JUMPS) && (opt->steps & BPF_JIT_OPT_LIVE))
		opt_test_branches(opt);		/* (exercise 09/03) */
	if (opt->steps & BPF_JIT_OPT_FUSE)
		opt_find_fusions(opt);
	if ((opt->steps & BPF_JIT_OPT_FRAME) && !opt->kernel_frame)
		opt_find_sibling_calls(opt);
	opt->exact = sizes_exact(opt, &opt->pic);
	opt_plan_frame(opt);
	*res = opt;
	return 0;
}

int bpf_jit_opt_prepare(struct bpf_prog *prog, struct jit_context *ctx)
{
	struct opt_prog *opt = ctx->opt;
	unsigned int steps = bpf_jit_opt;
	u32 i;
	int err;

	if (opt) {
		/*
		 * A subprogram's extra pass: jit_subprogs() has written the
		 * calls' targets into prog->insnsi since the first round.
		 */
		for (i = 0; i < opt->len; i++)
			if (prog->insnsi[i].code == (BPF_JMP | BPF_CALL))
				opt->insns[i].imm = prog->insnsi[i].imm;
		return 0;
	}
	ctx->insns = NULL;
	ctx->sizes_exact = false;
	ctx->draft = NULL;
	/* compiled again for a program array: as it was the first time */
	if (prog->aux->tail_call_target)
		steps = prog->aux->jit_opt;
	if (!steps)
		return 0;
	err = opt_analyse(prog, steps, &opt);
	if (err || !opt)
		return err;
	if (opt->kernel_frame)
		opt->calls = ctx->calls;	/* as emit_prologue() pads for them */
	ctx->opt = opt;
	ctx->insns = opt->insns;
	prog->aux->jit_opt = opt->steps;
	prog->aux->tail_entry_lazy = opt->tail_entry_lazy;
	ctx->sizes_exact = (opt->steps & BPF_JIT_OPT_PACK) && opt->exact;
	if (ctx->sizes_exact && opt->pic) {
		/* room for the most any instruction may become (do_jit() checks) */
		opt->draft_size = (opt->len + 1) * BPF_MAX_INSN_SIZE;
		opt->draft = malloc(opt->draft_size);
		ctx->draft = opt->draft;	/* (NULL: two passes after all) */
		ctx->draft_size = opt->draft_size;
	}
	return 0;
}
