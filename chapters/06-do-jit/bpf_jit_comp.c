// SPDX-License-Identifier: GPL-2.0
/*
 * The JIT's driver: run do_jit() until the image stops changing size,
 * allocate it, write it, and hand the program its new bpf_func.
 *
 * Mirrors arch/x86/net/bpf_jit_comp.c: bpf_int_jit_compile() and
 * jit_fill_hole(), Linux v5.8, with the NOP padding of Linux 5.12 as an
 * option (bpf_jit_padding) and our trace of every pass; written afresh.
 * This strong definition replaces chapter 04's __weak one at link time, as
 * the arch JIT replaces kernel/bpf/core.c's.
 */
#include <stdlib.h>

#include "bpf_jit_comp.h"

bool bpf_jit_padding;

/* Fill whole space with INT3 instructions */
void jit_fill_hole(void *area, unsigned int size)
{
	memset(area, 0xcc, size);
}

/* Ours: does the program call out (helpers, subprograms, tail calls)? */
static bool bpf_prog_has_calls(const struct bpf_prog *prog)
{
	u32 i;

	for (i = 0; i < prog->len; i++)
		if (prog->insnsi[i].code == (BPF_JMP | BPF_CALL) ||
		    prog->insnsi[i].code == (BPF_JMP | BPF_TAIL_CALL))
			return true;
	return false;
}

/*
 * Why the loop converges.
 *
 * A jump's length depends on its displacement (rel8: 2 bytes; rel32: 6 for
 * jcc, 5 for jmp), and the displacement depends on the length of every
 * instruction it crosses. Pass 0 assumes 64 bytes per instruction, so every
 * forward jump looks far and takes rel32. Each later pass measures with the
 * addresses of the pass before (forward targets) or of this pass (backward
 * targets), sees shorter distances, and may pick shorter encodings, which
 * shorten other distances in turn. Lengths only shrink while addrs[] only
 * shrinks, so the size settles: when a pass produces exactly the size of the
 * pass before, every displacement it used is final (the 5.12 check in
 * do_jit() verifies that on the writing pass). Then the image is allocated,
 * and one more pass writes it.
 *
 * Shrinking is not guaranteed to stop within 20 passes (long chains of jumps
 * shrinking each other), and in rare layouts a size can even grow back; then
 * the program silently stays with the interpreter. Linux 5.12 pads shrunken
 * jumps with NOPs from pass 15 on, so nothing can shrink and the size must
 * settle: bpf_jit_padding here, and always in chapter 09's mode.
 *
 * Chapter 09's mode may say a program's sizes cannot change at all (it has
 * no jumps: ctx.sizes_exact); then pass 0 has measured the final image, it
 * is allocated at once, and the writing pass checks every address anyway.
 * If no byte depends on the image's address either (no calls), pass 0 also
 * writes a draft (ctx.draft), and the image is a copy of it: one pass.
 */
struct bpf_prog *bpf_int_jit_compile(struct bpf_prog *prog)
{
	struct bpf_binary_header *header = NULL;
	struct bpf_prog *tmp, *orig_prog = prog;
	struct x64_jit_data *jit_data;
	int proglen, oldproglen = 0;
	struct jit_context ctx = {};
	struct bpf_jit_trace *trace;
	bool tmp_blinded = false;
	bool extra_pass = false;
	bool padding = false;
	u8 *image = NULL;
	int *addrs, *prev = NULL;
	int pass;
	int i;

	if (!prog->jit_requested)
		return orig_prog;

	tmp = bpf_jit_blind_constants(prog);
	/*
	 * If blinding was requested and we failed during blinding,
	 * we must fall back to the interpreter.
	 */
	if (IS_ERR(tmp))
		return orig_prog;
	if (tmp != prog) {
		tmp_blinded = true;
		prog = tmp;
	}

	jit_data = prog->aux->jit_data;
	if (!jit_data) {
		jit_data = calloc(1, sizeof(*jit_data));
		if (!jit_data) {
			prog = orig_prog;
			goto out;
		}
		prog->aux->jit_data = jit_data;
	}
	trace = bpf_jit_tracing ? bpf_jit_trace_get(prog) : NULL;
	addrs = jit_data->addrs;
	if (addrs) {
		ctx = jit_data->ctx;
		oldproglen = jit_data->proglen;
		image = jit_data->image;
		header = jit_data->header;
		extra_pass = true;
		padding = true;		/* Linux 5.12: always in the extra pass */
		goto skip_init_addrs;
	}
	addrs = malloc((prog->len + 1) * sizeof(*addrs));
	if (!addrs) {
		prog = orig_prog;
		goto out_addrs;
	}

	/*
	 * Before first pass, make a rough estimation of addrs[]
	 * each BPF instruction is translated to less than 64 bytes
	 */
	for (proglen = 0, i = 0; i <= (int)prog->len; i++) {
		proglen += 64;
		addrs[i] = proglen;
	}
	ctx.cleanup_addr = proglen;
	ctx.calls = bpf_prog_has_calls(prog);
skip_init_addrs:
	/* chapter 09 (bpf_jit_opt): what to compile, and how */
	if (bpf_jit_opt_prepare(prog, &ctx)) {
		if (trace)
			trace->fallback = "bpf_jit_opt_prepare() failed";
		goto out_image;
	}
	if (trace && trace->insns && ctx.insns)	/* the rewrite is what runs */
		memcpy(trace->insns, ctx.insns, prog->len * sizeof(*ctx.insns));
	if (trace)	/* ours: the previous pass's addrs[], for the trace */
		prev = malloc((prog->len + 1) * sizeof(*prev));

	/*
	 * JITed image shrinks with every pass and the loop iterates
	 * until the image stops shrinking. Very large BPF programs
	 * may converge on the last pass. In such case do one more
	 * pass to emit the final image.
	 */
	for (pass = 0; pass < MAX_PASSES || image; pass++) {
		/* chapter 09's mode pads as Linux 5.12 does, always */
		if ((bpf_jit_padding || ctx.opt) && pass >= PADDING_PASSES)
			padding = true;
		if (prev)
			memcpy(prev, addrs, (prog->len + 1) * sizeof(*prev));
		proglen = do_jit(prog, addrs, image, oldproglen, &ctx, padding);
		if (prev)
			bpf_jit_trace_pass(trace, pass, prog, prev, addrs,
					   proglen, image || ctx.draft);
		if (proglen <= 0) {
out_image:
			image = NULL;
			if (header)
				bpf_jit_binary_free(header);
			prog = orig_prog;
			if (trace && !trace->fallback)
				trace->fallback = "do_jit() failed";
			goto out_addrs;
		}
		if (image) {
			if (proglen != oldproglen) {
				jit_err("bpf_jit: proglen=%d != oldproglen=%d\n",
					proglen, oldproglen);
				goto out_image;
			}
			break;
		}
		if (proglen == oldproglen || (pass == 0 && ctx.sizes_exact)) {
			/*
			 * The kernel reserves room after the code for an
			 * exception table (BPF_PROBE_MEM loads of kernel
			 * pointers); such loads never reach a user-space
			 * JIT, so the table is always empty here.
			 */
			/* __alignof__(struct exception_table_entry); chapter 09's on a cache line */
			u32 align = ctx.opt ? 64 : 4;

			header = bpf_jit_binary_alloc(roundup(proglen, align),
						      &image, align, jit_fill_hole);
			if (!header) {
				prog = orig_prog;
				if (trace)
					trace->fallback = "bpf_jit_binary_alloc() failed";
				goto out_addrs;
			}
			if (pass == 0 && ctx.draft) {
				/* chapter 09: the first pass wrote it already */
				memcpy(image, ctx.draft, proglen);
				break;
			}
		}
		oldproglen = proglen;
	}

	if (bpf_jit_enable > 1)
		bpf_jit_dump(prog->len, proglen, pass + 1, image);

	if (image) {
		if (!prog->is_func || extra_pass) {
			bpf_tail_call_direct_fixup(prog);
			bpf_jit_binary_lock_ro(header);
		} else {
			jit_data->addrs = addrs;
			jit_data->ctx = ctx;
			jit_data->proglen = proglen;
			jit_data->image = image;
			jit_data->header = header;
		}
		prog->bpf_func = (void *)image;
		prog->jited = 1;
		prog->jited_len = proglen;
		if (trace) {
			trace->converged = true;
			trace->padded = padding;
			bpf_jit_trace_final(trace, addrs, prog->len);
		}
	} else {
		if (trace && !trace->fallback)
			trace->fallback = "no convergence within 20 passes";
		prog = orig_prog;
	}

	if (!image || !prog->is_func || extra_pass) {
out_addrs:
		bpf_jit_opt_free(ctx.opt);
		free(addrs);
		free(jit_data);
		prog->aux->jit_data = NULL;
	}
out:
	free(prev);
	if (tmp_blinded)
		bpf_jit_prog_release_other(prog, prog == orig_prog ?
					   tmp : orig_prog);
	return prog;
}
