/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The x86-64 JIT's private vocabulary: the register map, the byte emitters,
 * the REX/ModRM builders, and the emit_*() functions the chapter's files
 * share.
 *
 * Mirrors the top of arch/x86/net/bpf_jit_comp.c, Linux v5.8 (kept in one
 * file there); written afresh.
 *
 * An x86-64 instruction, as this JIT builds it:
 *
 *   [66] [F0] [REX] opcode [ModRM] [disp8/disp32] [imm8/imm16/imm32]
 *    |    |     |                |
 *    |    |     |                +-- 7 6 | 5 4 3 | 2 1 0
 *    |    |     |                    mod |  reg  |  r/m
 *    |    |     |                    11 = register direct (base 0xC0)
 *    |    |     |                    01 = [r/m + disp8]   (base 0x40)
 *    |    |     |                    10 = [r/m + disp32]  (base 0x80)
 *    |    |     |                    reg = a register, or an opcode
 *    |    |     |                    extension "/digit"
 *    |    |     +-- 0100 W R X B  (0x40 | ...)
 *    |    |            W = 64-bit operand (0x48)
 *    |    |            R = 4th bit of ModRM.reg (0x44)
 *    |    |            X = 4th bit of SIB.index (never used here)
 *    |    |            B = 4th bit of ModRM.r/m or opcode reg (0x41)
 *    |    +-- lock
 *    +-- 16-bit operand size
 *
 * reg2hex[] gives the low three bits of a register's number; is_ereg() says
 * whether it needs the fourth (r8-r15), which lives in the REX prefix.
 * add_2reg(0xC0, a, b) builds ModRM with r/m = a, reg = b;
 * add_2mod(0x48, a, b) builds REX.W with B for a and R for b.
 */
#ifndef _BPF_JIT_COMP_H
#define _BPF_JIT_COMP_H

#include <string.h>

#include "linux/bpf.h"
#include "linux/bpf_jit.h"

/* The JIT's messages go where bpf_jit_log says (the kernel: printk). */
#define jit_err(...)	fprintf(bpf_jit_log ? bpf_jit_log : stderr, __VA_ARGS__)

/* emit_code(): store 1, 2 or 4 bytes little-endian. The kernel stores through
 * a u32 pointer; we use memcpy, which compiles to the same store but does not
 * promise an alignment the buffer does not have.
 */
static inline u8 *emit_code(u8 *ptr, u32 bytes, unsigned int len)
{
	memcpy(ptr, &bytes, len);	/* x86 is little-endian: low bytes first */
	return ptr + len;
}

#define EMIT(bytes, len) \
	do { prog = emit_code(prog, bytes, len); } while (0)

/*
 * The kernel writes (b1) + ((b2) << 8) + ...; a negative displacement then
 * shifts a negative int, which C leaves undefined (UBSan says so). Each byte
 * is taken as u8 first: the same bytes, defined.
 */
#define EMIT_B(b, n)		((u32)(u8)(b) << (8 * (n)))
#define EMIT1(b1)		EMIT(EMIT_B(b1, 0), 1)
#define EMIT2(b1, b2)		EMIT(EMIT_B(b1, 0) + EMIT_B(b2, 1), 2)
#define EMIT3(b1, b2, b3)	EMIT(EMIT_B(b1, 0) + EMIT_B(b2, 1) + EMIT_B(b3, 2), 3)
#define EMIT4(b1, b2, b3, b4)	\
	EMIT(EMIT_B(b1, 0) + EMIT_B(b2, 1) + EMIT_B(b3, 2) + EMIT_B(b4, 3), 4)

#define EMIT1_off32(b1, off) \
	do { EMIT1(b1); EMIT(off, 4); } while (0)
#define EMIT2_off32(b1, b2, off) \
	do { EMIT2(b1, b2); EMIT(off, 4); } while (0)
#define EMIT3_off32(b1, b2, b3, off) \
	do { EMIT3(b1, b2, b3); EMIT(off, 4); } while (0)
#define EMIT4_off32(b1, b2, b3, b4, off) \
	do { EMIT4(b1, b2, b3, b4); EMIT(off, 4); } while (0)

static inline bool is_imm8(int value)
{
	return value <= 127 && value >= -128;
}

static inline bool is_simm32(s64 value)
{
	return value == (s64)(s32)value;
}

static inline bool is_uimm32(u64 value)
{
	return value == (u64)(u32)value;
}

/* mov dst, src */
#define EMIT_mov(DST, SRC)							 \
	do {									 \
		if (DST != SRC)							 \
			EMIT3(add_2mod(0x48, DST, SRC), 0x89, add_2reg(0xC0, DST, SRC)); \
	} while (0)

static inline int bpf_size_to_x86_bytes(int bpf_size)
{
	if (bpf_size == BPF_W)
		return 4;
	else if (bpf_size == BPF_H)
		return 2;
	else if (bpf_size == BPF_B)
		return 1;
	else if (bpf_size == BPF_DW)
		return 4; /* imm32 */
	else
		return 0;
}

/*
 * List of x86 cond jumps opcodes (. + s8)
 * Add 0x10 (and an extra 0x0f) to generate far jumps (. + s32)
 */
#define X86_JB  0x72
#define X86_JAE 0x73
#define X86_JE  0x74
#define X86_JNE 0x75
#define X86_JBE 0x76
#define X86_JA  0x77
#define X86_JL  0x7C
#define X86_JGE 0x7D
#define X86_JLE 0x7E
#define X86_JG  0x7F

/* Pick a register outside of BPF range for JIT internal work */
#define AUX_REG (MAX_BPF_JIT_REG + 1)
#define X86_REG_R9 (MAX_BPF_JIT_REG + 2)

/*
 * The following table maps BPF registers to x86-64 registers.
 *
 * x86-64 register R12 is unused, since if used as base address
 * register in load/store instructions, it always needs an
 * extra byte of encoding and is callee saved.
 *
 * x86-64 register R9 is not used by BPF programs, but can be used by BPF
 * trampoline. x86-64 register R10 is used for blinding (if enabled).
 */
extern const int reg2hex[];

#define BIT_REG(r)	(1 << (r))

/*
 * is_ereg() == true if BPF register 'reg' maps to x86-64 r8..r15
 * which need extra byte of encoding.
 * rax,rcx,...,rbp have simpler encoding
 */
static inline bool is_ereg(u32 reg)
{
	return (1 << reg) & (BIT_REG(BPF_REG_5) |
			     BIT_REG(AUX_REG) |
			     BIT_REG(BPF_REG_7) |
			     BIT_REG(BPF_REG_8) |
			     BIT_REG(BPF_REG_9) |
			     BIT_REG(X86_REG_R9) |
			     BIT_REG(BPF_REG_AX));
}
/*
 * is_ereg_8l() == true if BPF register 'reg' is mapped to access x86-64
 * lower 8-bit registers dil,sil,bpl,spl,r8b..r15b, which need extra byte
 * of encoding. al,cl,dl,bl have simpler encoding.
 */
static inline bool is_ereg_8l(u32 reg)
{
	return is_ereg(reg) ||
	    (1 << reg) & (BIT_REG(BPF_REG_1) |
			  BIT_REG(BPF_REG_2) |
			  BIT_REG(BPF_REG_FP));
}

static inline bool is_axreg(u32 reg)
{
	return reg == BPF_REG_0;
}

/* Add modifiers if 'reg' maps to x86-64 registers R8..R15 */
static inline u8 add_1mod(u8 byte, u32 reg)
{
	if (is_ereg(reg))
		byte |= 1;
	return byte;
}

static inline u8 add_2mod(u8 byte, u32 r1, u32 r2)
{
	if (is_ereg(r1))
		byte |= 1;
	if (is_ereg(r2))
		byte |= 4;
	return byte;
}

/* Encode 'dst_reg' register into x86-64 opcode 'byte' */
static inline u8 add_1reg(u8 byte, u32 dst_reg)
{
	return byte + reg2hex[dst_reg];
}

/* Encode 'dst_reg' and 'src_reg' registers into x86-64 opcode 'byte' */
static inline u8 add_2reg(u8 byte, u32 dst_reg, u32 src_reg)
{
	return byte + reg2hex[dst_reg] + (reg2hex[src_reg] << 3);
}

/* REX for an operation on dst/src: REX.W if is64, else only if an ereg needs it (Linux 5.12) */
static inline void maybe_emit_mod(u8 **pprog, u32 dst_reg, u32 src_reg, bool is64)
{
	u8 *prog = *pprog;

	if (is64)
		EMIT1(add_2mod(0x48, dst_reg, src_reg));
	else if (is_ereg(dst_reg) || is_ereg(src_reg))
		EMIT1(add_2mod(0x40, dst_reg, src_reg));
	*pprog = prog;
}

/* Same for one register (Linux 5.12). */
static inline void maybe_emit_1mod(u8 **pprog, u32 reg, bool is64)
{
	u8 *prog = *pprog;

	if (is64)
		EMIT1(add_1mod(0x48, reg));
	else if (is_ereg(reg))
		EMIT1(add_1mod(0x40, reg));
	*pprog = prog;
}

/* The prologue's size for an eBPF program: NOP5 + push rbp + mov rbp,rsp +
 * sub rsp,imm32 + four pushes + push 0. A converted classic program has no
 * tail-call slot, two bytes less.
 */
#define X86_PATCH_SIZE		5
#define PROLOGUE_SIZE		25

/* Each instruction is built in a temporary buffer first (do_jit). */
#define BPF_MAX_INSN_SIZE	128
#define BPF_INSN_SAFETY		64

/* How many passes before giving up, and when padding starts (Linux 5.12). */
#define MAX_PASSES		20
#define PADDING_PASSES		(MAX_PASSES - 5)

/* Chapter 09's optimising mode: what its analysis decided about a program. */
struct opt_prog;

/* What do_jit() keeps across passes. */
struct jit_context {
	int cleanup_addr; /* Epilogue code offset */
	bool calls;	  /* ours: the program has a call (bpf_jit_stack_pad()) */
	/*
	 * Ours, for chapter 09 (bpf_jit_opt); NULL and false in the v5.8 JIT.
	 * insns: what do_jit() compiles in place of prog->insnsi, the same
	 * instructions at the same indices with jumps and operands rewritten.
	 * sizes_exact: no instruction's size depends on addrs[] (no jumps), so
	 * the first pass measures the final image.
	 * draft: where the first pass writes, too, when no byte depends on
	 * where the image will be either (no calls): the image is then a copy
	 * of it, and there is no second pass (draft_size: its room).
	 */
	struct bpf_insn *insns;
	struct opt_prog *opt;
	bool sizes_exact;
	u8 *draft;
	int draft_size;
};

/* What a subprogram keeps between its first JIT and the extra pass. */
struct x64_jit_data {
	struct bpf_binary_header *header;
	int *addrs;
	u8 *image;
	int proglen;
	struct jit_context ctx;
};

/* emit_prologue.c */
u32 bpf_jit_stack_pad(u32 stack_depth, bool ebpf_from_cbpf, bool calls);
void emit_prologue(u8 **pprog, u32 stack_depth, bool ebpf_from_cbpf, bool calls);
void emit_epilogue(u8 **pprog, bool ebpf_from_cbpf);
/* nops.c */
void emit_nops(u8 **pprog, int len);
/* emit_mov.c */
void emit_mov_imm32(u8 **pprog, bool sign_propagate, u32 dst_reg, const u32 imm32);
void emit_mov_imm64(u8 **pprog, u32 dst_reg, const u32 imm32_hi, const u32 imm32_lo);
void emit_mov_reg(u8 **pprog, bool is64, u32 dst_reg, u32 src_reg);
void emit_movsx_reg(u8 **pprog, int num_bits, bool is64, u32 dst_reg, u32 src_reg);
/* emit_alu.c */
int emit_alu(u8 **pprog, const struct bpf_insn *insn);
int emit_shift_bmi2(u8 **pprog, const struct bpf_insn *insn);

/*
 * boot_cpu_has(X86_FEATURE_BMI2): the one CPU feature the JIT asks about,
 * numbered as arch/x86/include/asm/cpufeatures.h numbers it (word 9 is
 * CPUID leaf 7's EBX). The kernel's boot option clearcpuid=bmi2 hides it;
 * here the environment variable CLEARCPUID=bmi2 does.
 */
#define X86_FEATURE_BMI2	(9 * 32 + 8)
bool boot_cpu_has(int feature);
/* emit_mem.c */
void emit_insn_suffix(u8 **pprog, u32 ptr_reg, u32 val_reg, int off);
void emit_ldx(u8 **pprog, u32 size, u32 dst_reg, u32 src_reg, int off);
void emit_ldsx(u8 **pprog, u32 size, u32 dst_reg, u32 src_reg, int off);
void emit_stx(u8 **pprog, u32 size, u32 dst_reg, u32 src_reg, int off);
void emit_st(u8 **pprog, u32 size, u32 dst_reg, int off, s32 imm32);
/* emit_atomic.c */
int emit_atomic(u8 **pprog, u8 atomic_op, u32 dst_reg, u32 src_reg, s16 off, u8 bpf_size);
int emit_atomic_op(u8 **pprog, const struct bpf_insn *insn, bool zext);
/*
 * Tail calls (chapter 08; __weak in do_jit.c, which has none):
 * emit_bpf_tail_call() emits the indirect form (imm 0) or the direct one
 * (emit_bpf_tail_call_indirect/_direct() of the kernel), -EOPNOTSUPP if it
 * cannot; bpf_tail_call_direct_fixup() patches the direct ones once the
 * image is final, before it is made read-only.
 */
int emit_bpf_tail_call(u8 **pprog, struct bpf_prog *bpf_prog, s32 imm32, int addr,
		       u8 *image);
void bpf_tail_call_direct_fixup(struct bpf_prog *prog);
/* emit_call.c */
int emit_call(u8 **pprog, void *func, void *ip);
int emit_jump(u8 **pprog, void *func, void *ip);
u8 *bpf_jit_call_ip(u8 *image, int offset);


/* do_jit.c */
int do_jit(struct bpf_prog *bpf_prog, int *addrs, u8 *image, int oldproglen,
	   struct jit_context *ctx, bool jmp_padding);
/*
 * opt_hooks.c: where chapter 09's optimising JIT plugs in. These __weak
 * placeholders keep ctx->opt NULL, so do_jit() never calls the others.
 *   bpf_jit_opt_prepare()   before the passes: analyse the program, set
 *                           ctx->opt, ctx->insns and ctx->sizes_exact
 *                           (again before a subprogram's extra pass)
 *   bpf_jit_opt_prologue()  the frame, in place of emit_prologue()
 *   bpf_jit_opt_epilogue()  its undoing, in place of emit_epilogue()
 *   bpf_jit_opt_insn()      one instruction, which starts at ip: 0 =
 *                           do_jit() emits it as v5.8 does; 1 = emitted
 *                           (maybe as nothing); 2 = both slots of an
 *                           ld_imm64 emitted; < 0 = an error
 *   bpf_jit_opt_free()      what prepare() allocated
 *   bpf_jit_opt_tail_target()  a program array takes the program (chapter
 *                           08's prog_fd_array_get_ptr()): an optimised
 *                           image gets its way in for tail calls now;
 *                           declared in linux/bpf.h
 */
int bpf_jit_opt_prepare(struct bpf_prog *prog, struct jit_context *ctx);
void bpf_jit_opt_prologue(u8 **pprog, struct opt_prog *opt);
void bpf_jit_opt_epilogue(u8 **pprog, struct opt_prog *opt);
int bpf_jit_opt_insn(u8 **pprog, struct opt_prog *opt,
		     const struct bpf_insn *insn, int idx, u8 *ip);
void bpf_jit_opt_free(struct opt_prog *opt);

/* jit_binary.c: pages near the helpers (the module area's role), read-write */
void *bpf_jit_alloc_exec_near(unsigned long size);
void bpf_jit_free_exec_near(void *addr, unsigned long size);
void *bpf_jit_alloc_exec(unsigned long size);
void bpf_jit_free_exec(void *addr, unsigned long size);
/* jit_trace.c */
struct bpf_jit_trace *bpf_jit_trace_get(struct bpf_prog *prog);
void bpf_jit_trace_pass(struct bpf_jit_trace *trace, u32 pass, const struct bpf_prog *prog,
			const int *old_addrs, const int *addrs, int proglen, bool image);
void bpf_jit_trace_final(struct bpf_jit_trace *trace, const int *addrs, u32 len);
/* bpf_jit_comp.c */
void jit_fill_hole(void *area, unsigned int size);

#endif /* _BPF_JIT_COMP_H */
