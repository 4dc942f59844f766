/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the x86-64 JIT of chapter 06 offers the rest of the project: its
 * knobs, the record of its passes (`struct bpf_jit_trace`, hung on
 * prog->aux->jit_trace), the image allocator, the dump and the disassemblers.
 *
 * The kernel has no trace: it keeps addrs[] only while compiling and shows
 * nothing but the final dump. Ours records every pass so that a reader (and
 * the diagrams of chapter 06) can watch the image size converge.
 *
 * Mirrors the JIT parts of include/linux/filter.h (bpf_jit_dump,
 * bpf_jit_binary_alloc, bpf_jit_binary_hdr), Linux v5.8; written afresh.
 * Defined by chapters/06-do-jit/.
 */
#ifndef _SHIM_LINUX_BPF_JIT_H
#define _SHIM_LINUX_BPF_JIT_H

#include <stdio.h>

#include "linux/bpf.h"

/* ---- the passes ---------------------------------------------------------- */

/* One instruction whose machine code changed length from one pass to the next. */
struct bpf_jit_change {
	u32 pass;		/* the pass (0-based, as the loop counts) that measured new_len */
	u32 insn;		/* BPF instruction index */
	u32 old_len;		/* bytes in the previous pass */
	u32 new_len;		/* bytes in this pass */
	char why[40];		/* "jcc rel32 -> rel8", "ja removed (offset 0)", ... */
};

#define BPF_JIT_TRACE_MAX_PASSES	24
/*
 * addrs[] is kept for every pass of programs up to this long (the unprivileged
 * limit, BPF_MAXINSNS): enough to draw any program worth drawing, and a
 * bounded cost for the million-instruction ones, whose trace keeps sizes only.
 */
#define BPF_JIT_TRACE_MAX_INSNS		4096

struct bpf_jit_trace {
	u32 insn_cnt;		/* prog->len that was compiled (after blinding) */
	struct bpf_insn *insns;	/* what was compiled, insn_cnt of them (NULL: too long) */
	/*
	 * addrs[] around every pass, (insn_cnt + 1) entries a row: row 0 is what
	 * pass 0 started from (the 64-bytes-per-instruction estimate), row p + 1
	 * what pass p left. NULL when insns is.
	 */
	u32 *pass_addrs;
	u32 passes;		/* passes run: the `pass` that bpf_jit_dump() prints */
	u32 proglen[BPF_JIT_TRACE_MAX_PASSES];	/* do_jit()'s result per pass (<= 0: failed) */
	bool image[BPF_JIT_TRACE_MAX_PASSES];	/* the pass wrote into the image */
	bool converged;		/* an image was allocated and written */
	bool padded;		/* NOP padding (Linux 5.12) was used */
	u32 nr_changes;
	u32 cap_changes;
	struct bpf_jit_change *changes;
	u32 *addrs;		/* final addrs[0..insn_cnt]: where each insn starts; addrs[len] = end */
	u32 prologue_len;	/* addrs[0] */
	const char *fallback;	/* why the program stayed with the interpreter, or NULL */
};

void bpf_jit_trace_free(struct bpf_jit_trace *trace);
/*
 * Record the trace (default: yes). The kernel has none: a benchmark of the
 * JIT's own speed turns it off (code/bench).
 */
extern bool bpf_jit_tracing;

/*
 * One jump as do_jit() saw it in one pass, worked out from the trace: the
 * displacement it computed (its target's start minus its own end; targets
 * behind from this pass's addrs[], targets ahead from the pass before), the
 * encoding that displacement gets, and the bytes the BPF instruction took.
 */
struct bpf_jit_jump {
	int target;		/* the instruction it lands on */
	s64 offset;		/* the displacement (ja -1: -2, a jump to itself) */
	const char *form;	/* "rel8", "rel32", or "removed" (ja +0) */
	int len;		/* bytes of the whole instruction: compare, NOPs, jump */
	int cmp_len;		/* of which the compare or test before a jcc */
	int nops;		/* of which NOP padding (Linux 5.12), before the jump */
};

/*
 * Insn is a jump (a conditional jump, ja, gotol, or an exit after the first,
 * which jumps to the first's epilogue) and pass p was recorded: fill j, true.
 */
bool bpf_jit_trace_jump(const struct bpf_jit_trace *t, u32 p, u32 insn,
			struct bpf_jit_jump *j);

/* The passes as a Graphviz digraph called name (jit_trace_dot.c). */
void bpf_jit_trace_dot(FILE *f, const char *name, const char *title,
		       const struct bpf_jit_trace *t);

/* ---- the knobs ----------------------------------------------------------- */

/*
 * The NOP the prologue starts with (the trampoline's patch site). The kernel
 * chose it by CPU at boot (arch_init_ideal_nops(), v5.8); the article ran on a
 * CPU that got the K8 NOPs. BPF_JIT_NOPS_CPU follows the kernel's rules for
 * the CPU we run on.
 */
enum bpf_jit_nops {
	BPF_JIT_NOPS_CPU,	/* arch_init_ideal_nops() on this CPU */
	BPF_JIT_NOPS_K8,	/* 66 66 66 66 90: the article's */
	BPF_JIT_NOPS_P6,	/* 0f 1f 44 00 00: every modern CPU, and static from v5.13 */
};
extern enum bpf_jit_nops bpf_jit_nops;
/* The 5-byte atomic NOP the JIT emits now, and which table it comes from. */
const u8 *bpf_jit_nop5(const char **table_name);

/*
 * Pad with NOPs from pass PADDING_PASSES on so that no jump can shrink any
 * more (Linux 5.12, "Pad NOPs to make images converge more easily"). Off by
 * default: v5.8 did not.
 */
extern bool bpf_jit_padding;

/*
 * MUL as Linux 6.x emits it: two-operand imul (0f af, 6b ib, 69 id) in place
 * of v5.8's one-operand mul through rax and rdx, which saved and restored
 * both around every multiply. The low 64 (or 32) bits of a product are the
 * same signed or unsigned, so imul computes BPF's MUL exactly. Off by
 * default: the chapter follows v5.8.
 */
extern bool bpf_jit_imul;

/*
 * Shifts by a register as Linux 6.2 emits them on a CPU with BMI2: shlx,
 * shrx or sarx dst, dst, src (VEX-encoded, five bytes, the count in any
 * register, the flags left alone) in place of v5.8's shift through cl,
 * which saves and restores rcx around it. When the count is already in rcx
 * (BPF R4), the old form stays. The encoder, emit_shiftx(), is exercise
 * 06/02: without it linked in, or on a CPU without BMI2, the knob changes
 * nothing. Off by default: the chapter follows v5.8.
 */
extern bool bpf_jit_bmi2;

/*
 * The optimising JIT of chapter 09, beyond any kernel: the same passes,
 * better code. bpf_jit_opt says which of the chapter's steps run, one bit
 * each; 0, the default, is the v5.8 JIT. Without chapter 09 linked in the
 * knob changes nothing.
 */
enum {
	BPF_JIT_OPT_FRAME	= 1 << 0,	/* a frame for the registers in use */
	BPF_JIT_OPT_ENCODE	= 1 << 1,	/* imul, lea, BMI2 shifts, short forms */
	BPF_JIT_OPT_KNOWN	= 1 << 2,	/* known bits: constants, branches, zero-extension */
	BPF_JIT_OPT_LIVE	= 1 << 3,	/* liveness: dead code, fewer registers saved */
	BPF_JIT_OPT_FUSE	= 1 << 4,	/* sequences one x86 instruction does */
	BPF_JIT_OPT_DIV		= 1 << 5,	/* division by constants, multiplied */
	BPF_JIT_OPT_JUMPS	= 1 << 6,	/* jump threading, branch layout */
	BPF_JIT_OPT_PACK	= 1 << 7,	/* images from a pool, no pass wasted */
	BPF_JIT_OPT_ALL		= (1 << 8) - 1,
};
extern unsigned int bpf_jit_opt;
/* The steps' names, in bit order; "all", "none" or "a,b,..." as a mask (chapter 09). */
extern const char *const bpf_jit_opt_step_names[8];
int bpf_jit_opt_parse(const char *s, unsigned int *mask);

/* Where bpf_jit_dump() and the JIT's pr_err() messages go; NULL: stderr. */
extern FILE *bpf_jit_log;

/* ---- the image ------------------------------------------------------------ */

typedef void (*bpf_jit_fill_hole_t)(void *area, unsigned int size);

struct bpf_binary_header *bpf_jit_binary_alloc(unsigned int proglen, u8 **image_ptr,
					       unsigned int alignment,
					       bpf_jit_fill_hole_t bpf_fill_ill_insns);
void bpf_jit_binary_free(struct bpf_binary_header *hdr);
void bpf_jit_binary_lock_ro(struct bpf_binary_header *hdr);
void bpf_jit_binary_unlock_ro(struct bpf_binary_header *hdr);
struct bpf_binary_header *bpf_jit_binary_hdr(const struct bpf_prog *fp);

/* Pages charged to JIT images now, and the limit (net.core.bpf_jit_limit). */
extern long bpf_jit_current;
extern long bpf_jit_limit;

/* ---- the dump and the disassemblers ------------------------------------- */

/* The kernel's dump: "flen=6 proglen=58 pass=3 image=0000000000000000 ..." */
void bpf_jit_dump(unsigned int flen, unsigned int proglen, unsigned int pass,
		  void *image);

/* Each BPF instruction (kernel print format), then the x86 code it became. */
void bpf_jit_disasm_prog(FILE *out, const struct bpf_prog *prog);

/*
 * The reverse tool (tools/bpf/bpf_jit_disasm, and the article's script): read
 * a kernel log, collect the bytes of every "JIT code: OFFSET: xx xx ..." line
 * (dmesg timestamps and other lines are skipped), disassemble them to out.
 * Returns the number of bytes found, or -EINVAL for a malformed dump line.
 */
long bpf_jit_disasm_log(FILE *in, FILE *out);
/* The parsing half alone: bytes into buf (at most size); returns the count or -EINVAL. */
long bpf_jit_parse_log(FILE *in, u8 *buf, size_t size);

#endif /* _SHIM_LINUX_BPF_JIT_H */
