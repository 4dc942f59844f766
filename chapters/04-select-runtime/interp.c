// SPDX-License-Identifier: GPL-2.0
/*
 * The eBPF interpreter: one function, one jump table, one handler per
 * opcode.
 *
 * Mirrors kernel/bpf/core.c: ___bpf_prog_run(), Linux v5.8; written afresh.
 * Later additions are marked by the version that brought them: register
 * shift masking (5.13), atomics (5.12), the NOSPEC barrier (5.14), ISA v4
 * (6.6: movsx, sign-extending loads, signed div/mod, bswap, gotol).
 *
 * Where it is stricter than the kernel, it is so because this interpreter
 * also runs programs loaded with BPF_F_UNVERIFIED, which the verifier has
 * not proven well-behaved: every instruction here has a defined result for
 * every operand (no C undefined behaviour, no division trap), so the worst
 * an unverified program can do is compute nonsense or touch memory it was
 * not given, exactly as a JIT image would.
 */
#include <string.h>

#include "linux/bpf_interp.h"
#include "linux/bpf_verifier.h"
#include "linux/uaccess.h"

/* Registers, as the kernel names them inside the interpreter. */
#define BPF_R0	regs[BPF_REG_0]
#define BPF_R1	regs[BPF_REG_1]
#define BPF_R2	regs[BPF_REG_2]
#define BPF_R3	regs[BPF_REG_3]
#define BPF_R4	regs[BPF_REG_4]
#define BPF_R5	regs[BPF_REG_5]
#define FP	regs[BPF_REG_FP]
#define AX	regs[BPF_REG_AX]
#define ARG1	regs[BPF_REG_ARG1]
#define DST	regs[insn->dst_reg]
#define SRC	regs[insn->src_reg]
#define OFF	insn->off
/* The immediate as a 64-bit operand: sign-extended, then unsigned, so that
 * every ALU64 operation below is modular arithmetic on u64 (no signed
 * overflow, which C leaves undefined).
 */
#define IMM	((u64)(s64)insn->imm)

/*
 * Memory. The kernel dereferences `*(u32 *)addr`; BPF allows unaligned
 * packet access, and C does not, so loads and stores go through memcpy(),
 * which the compiler turns into the same single mov on x86-64.
 */
#define ADDR(reg)		((void *)(unsigned long)((reg) + (u64)(s64)insn->off))
#define LOAD(type, addr)	({ type __v; memcpy(&__v, (addr), sizeof(__v)); __v; })
#define STORE(type, addr, val)	({ type __v = (type)(val); memcpy((addr), &__v, sizeof(__v)); })

/*
 * Division and modulo, RFC 9669 section 4.1: x / 0 = 0, x % 0 = x (for
 * 32-bit operations, the low half of x, zero-extended). Signed: the only
 * overflowing case, INT_MIN / -1, gives INT_MIN (what -x wraps to), and
 * INT_MIN % -1 gives 0. These are the results the kernel's verifier
 * rewrites produce (fixup_bpf_calls() in v5.8; the signed guards in 6.6);
 * here they hold even without the rewrite.
 */
static inline u64 bpf_udiv64(u64 a, u64 b) { return b ? a / b : 0; }
static inline u64 bpf_umod64(u64 a, u64 b) { return b ? a % b : a; }
static inline u32 bpf_udiv32(u32 a, u32 b) { return b ? a / b : 0; }
static inline u32 bpf_umod32(u32 a, u32 b) { return b ? a % b : a; }

static inline u64 bpf_sdiv64(u64 a, u64 b)
{
	if (b == 0)
		return 0;
	if ((s64)b == -1)
		return -a;		/* unsigned negation: S64_MIN stays S64_MIN */
	return (u64)((s64)a / (s64)b);
}

static inline u64 bpf_smod64(u64 a, u64 b)
{
	if (b == 0)
		return a;
	if ((s64)b == -1)
		return 0;
	return (u64)((s64)a % (s64)b);
}

static inline u32 bpf_sdiv32(u32 a, u32 b)
{
	if (b == 0)
		return 0;
	if ((s32)b == -1)
		return -a;
	return (u32)((s32)a / (s32)b);
}

static inline u32 bpf_smod32(u32 a, u32 b)
{
	if (b == 0)
		return a;
	if ((s32)b == -1)
		return 0;
	return (u32)((s32)a % (s32)b);
}

/* A helper's address: __bpf_call_base plus the verifier's signed offset. */
typedef u64 (*bpf_helper_fn)(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
typedef u64 (*bpf_args_fn)(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5,
			   const struct bpf_insn *insn);

static inline unsigned long bpf_call_addr(s32 imm)
{
	return (unsigned long)__bpf_call_base + (long)imm;
}

/*
 * The function behind a helper id, for callx; NULL if there is none. The
 * base helpers (chapter 03's bpf_base_func_proto()) are the ones every
 * program type may call.
 */
static bpf_helper_fn bpf_callx_func(u64 id)
{
	const struct bpf_func_proto *fn;

	if (id >= BPF_FUNC_MAX_ID_V58)
		return NULL;
	fn = bpf_base_func_proto((enum bpf_func_id)id);
	return fn ? fn->func : NULL;
}

/* kernel/bpf/core.c: used by PROBE_MEM loads; a fault reads as zero. */
static void bpf_probe_read_kernel(void *dst, u32 size, const void *unsafe_ptr)
{
	if (copy_from_user(dst, unsafe_ptr, size))
		memset(dst, 0, size);
}

/* The opcodes the interpreter knows, as (class, op, source/size) triples;
 * the same list builds the jump table. (kernel/bpf/core.c: BPF_INSN_MAP)
 */
#define BPF_INSN_MAP(INSN_2, INSN_3)		\
	/* 32 bit ALU operations. */		\
	/*   Register based. */			\
	INSN_3(ALU, ADD,  X),			\
	INSN_3(ALU, SUB,  X),			\
	INSN_3(ALU, AND,  X),			\
	INSN_3(ALU, OR,   X),			\
	INSN_3(ALU, LSH,  X),			\
	INSN_3(ALU, RSH,  X),			\
	INSN_3(ALU, XOR,  X),			\
	INSN_3(ALU, MUL,  X),			\
	INSN_3(ALU, MOV,  X),			\
	INSN_3(ALU, ARSH, X),			\
	INSN_3(ALU, DIV,  X),			\
	INSN_3(ALU, MOD,  X),			\
	INSN_2(ALU, NEG),			\
	INSN_3(ALU, END, TO_BE),		\
	INSN_3(ALU, END, TO_LE),		\
	/*   Immediate based. */		\
	INSN_3(ALU, ADD,  K),			\
	INSN_3(ALU, SUB,  K),			\
	INSN_3(ALU, AND,  K),			\
	INSN_3(ALU, OR,   K),			\
	INSN_3(ALU, LSH,  K),			\
	INSN_3(ALU, RSH,  K),			\
	INSN_3(ALU, XOR,  K),			\
	INSN_3(ALU, MUL,  K),			\
	INSN_3(ALU, MOV,  K),			\
	INSN_3(ALU, ARSH, K),			\
	INSN_3(ALU, DIV,  K),			\
	INSN_3(ALU, MOD,  K),			\
	/* 64 bit ALU operations. */		\
	/*   Register based. */			\
	INSN_3(ALU64, ADD,  X),			\
	INSN_3(ALU64, SUB,  X),			\
	INSN_3(ALU64, AND,  X),			\
	INSN_3(ALU64, OR,   X),			\
	INSN_3(ALU64, LSH,  X),			\
	INSN_3(ALU64, RSH,  X),			\
	INSN_3(ALU64, XOR,  X),			\
	INSN_3(ALU64, MUL,  X),			\
	INSN_3(ALU64, MOV,  X),			\
	INSN_3(ALU64, ARSH, X),			\
	INSN_3(ALU64, DIV,  X),			\
	INSN_3(ALU64, MOD,  X),			\
	INSN_2(ALU64, NEG),			\
	INSN_3(ALU64, END, TO_LE),	/* bswap, 6.6 */	\
	/*   Immediate based. */		\
	INSN_3(ALU64, ADD,  K),			\
	INSN_3(ALU64, SUB,  K),			\
	INSN_3(ALU64, AND,  K),			\
	INSN_3(ALU64, OR,   K),			\
	INSN_3(ALU64, LSH,  K),			\
	INSN_3(ALU64, RSH,  K),			\
	INSN_3(ALU64, XOR,  K),			\
	INSN_3(ALU64, MUL,  K),			\
	INSN_3(ALU64, MOV,  K),			\
	INSN_3(ALU64, ARSH, K),			\
	INSN_3(ALU64, DIV,  K),			\
	INSN_3(ALU64, MOD,  K),			\
	/* Call instruction. */			\
	INSN_2(JMP, CALL),			\
	INSN_3(JMP, CALL, X),	/* callx */	\
	/* Exit instruction. */			\
	INSN_2(JMP, EXIT),			\
	/* 32-bit Jump instructions. */		\
	/*   Register based. */			\
	INSN_3(JMP32, JEQ,  X),			\
	INSN_3(JMP32, JNE,  X),			\
	INSN_3(JMP32, JGT,  X),			\
	INSN_3(JMP32, JLT,  X),			\
	INSN_3(JMP32, JGE,  X),			\
	INSN_3(JMP32, JLE,  X),			\
	INSN_3(JMP32, JSGT, X),			\
	INSN_3(JMP32, JSLT, X),			\
	INSN_3(JMP32, JSGE, X),			\
	INSN_3(JMP32, JSLE, X),			\
	INSN_3(JMP32, JSET, X),			\
	/*   Immediate based. */		\
	INSN_3(JMP32, JEQ,  K),			\
	INSN_3(JMP32, JNE,  K),			\
	INSN_3(JMP32, JGT,  K),			\
	INSN_3(JMP32, JLT,  K),			\
	INSN_3(JMP32, JGE,  K),			\
	INSN_3(JMP32, JLE,  K),			\
	INSN_3(JMP32, JSGT, K),			\
	INSN_3(JMP32, JSLT, K),			\
	INSN_3(JMP32, JSGE, K),			\
	INSN_3(JMP32, JSLE, K),			\
	INSN_3(JMP32, JSET, K),			\
	/* Jump instructions. */		\
	/*   Register based. */			\
	INSN_3(JMP, JEQ,  X),			\
	INSN_3(JMP, JNE,  X),			\
	INSN_3(JMP, JGT,  X),			\
	INSN_3(JMP, JLT,  X),			\
	INSN_3(JMP, JGE,  X),			\
	INSN_3(JMP, JLE,  X),			\
	INSN_3(JMP, JSGT, X),			\
	INSN_3(JMP, JSLT, X),			\
	INSN_3(JMP, JSGE, X),			\
	INSN_3(JMP, JSLE, X),			\
	INSN_3(JMP, JSET, X),			\
	/*   Immediate based. */		\
	INSN_3(JMP, JEQ,  K),			\
	INSN_3(JMP, JNE,  K),			\
	INSN_3(JMP, JGT,  K),			\
	INSN_3(JMP, JLT,  K),			\
	INSN_3(JMP, JGE,  K),			\
	INSN_3(JMP, JLE,  K),			\
	INSN_3(JMP, JSGT, K),			\
	INSN_3(JMP, JSLT, K),			\
	INSN_3(JMP, JSGE, K),			\
	INSN_3(JMP, JSLE, K),			\
	INSN_3(JMP, JSET, K),			\
	INSN_2(JMP, JA),			\
	INSN_2(JMP32, JA),	/* gotol, 6.6 */	\
	/* Store instructions. */		\
	/*   Register based. */			\
	INSN_3(STX, MEM,  B),			\
	INSN_3(STX, MEM,  H),			\
	INSN_3(STX, MEM,  W),			\
	INSN_3(STX, MEM,  DW),			\
	INSN_3(STX, ATOMIC, W),	/* 5.12; XADD before */	\
	INSN_3(STX, ATOMIC, DW),		\
	/*   Immediate based. */		\
	INSN_3(ST, MEM, B),			\
	INSN_3(ST, MEM, H),			\
	INSN_3(ST, MEM, W),			\
	INSN_3(ST, MEM, DW),			\
	/* Load instructions. */		\
	/*   Register based. */			\
	INSN_3(LDX, MEM, B),			\
	INSN_3(LDX, MEM, H),			\
	INSN_3(LDX, MEM, W),			\
	INSN_3(LDX, MEM, DW),			\
	INSN_3(LDX, MEMSX, B),	/* 6.6 */	\
	INSN_3(LDX, MEMSX, H),			\
	INSN_3(LDX, MEMSX, W),			\
	/*   Immediate based. */		\
	INSN_3(LD, IMM, DW)

/*
 * The tail call's lookup (kernel/bpf/core.c: the JMP_TAIL_CALL handler of
 * ___bpf_prog_run()): the first instruction of the program in slot `index`
 * of the program array `map`, counting the call in *tail_call_cnt, or NULL.
 * No program array exists before chapter 08, which defines the strong one.
 */
__weak const struct bpf_insn *bpf_interp_tail_call(u64 map, u64 index, u32 *tail_call_cnt)
{
	(void)map; (void)index; (void)tail_call_cnt;
	return NULL;
}

u64 ___bpf_prog_run(u64 *regs, const struct bpf_insn *insn, u64 *stack)
{
#define BPF_INSN_2_LBL(x, y)    [BPF_##x | BPF_##y] = &&x##_##y
#define BPF_INSN_3_LBL(x, y, z) [BPF_##x | BPF_##y | BPF_##z] = &&x##_##y##_##z
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"	/* the kernel builds with it off */
	static const void * const jumptable[256] = {
		[0 ... 255] = &&default_label,
		/* Now overwrite non-defaults ... */
		BPF_INSN_MAP(BPF_INSN_2_LBL, BPF_INSN_3_LBL),
		/* Non-UAPI available opcodes. */
		[BPF_JMP | BPF_CALL_ARGS] = &&JMP_CALL_ARGS,
		[BPF_JMP | BPF_TAIL_CALL] = &&JMP_TAIL_CALL,
		[BPF_ST  | BPF_NOSPEC] = &&ST_NOSPEC,
		[BPF_LDX | BPF_PROBE_MEM | BPF_B] = &&LDX_PROBE_MEM_B,
		[BPF_LDX | BPF_PROBE_MEM | BPF_H] = &&LDX_PROBE_MEM_H,
		[BPF_LDX | BPF_PROBE_MEM | BPF_W] = &&LDX_PROBE_MEM_W,
		[BPF_LDX | BPF_PROBE_MEM | BPF_DW] = &&LDX_PROBE_MEM_DW,
	};
#pragma GCC diagnostic pop
#undef BPF_INSN_3_LBL
#undef BPF_INSN_2_LBL
	u32 tail_call_cnt = 0;

	(void)stack;

#define CONT	 ({ insn++; goto select_insn; })
#define CONT_JMP ({ insn++; goto select_insn; })

select_insn:
	goto *jumptable[insn->code];

	/*
	 * Shift counts are masked to the operand width, for registers and
	 * immediates alike. The kernel masks register counts since 5.13 (C
	 * leaves a shift by >= the width undefined, and KUBSAN said so); its
	 * verifier refuses an out-of-range constant ("invalid shift"), so the
	 * immediate forms need no mask there. An unverified program can carry
	 * one, and x86's shl/shr/sar mask the count the same way, so the mask
	 * gives what a JIT image computes.
	 */
#define SHT(OPCODE, OP)						\
	ALU64_##OPCODE##_X:					\
		DST = DST OP (SRC & 63);			\
		CONT;						\
	ALU_##OPCODE##_X:					\
		DST = (u32) DST OP ((u32) SRC & 31);		\
		CONT;						\
	ALU64_##OPCODE##_K:					\
		DST = DST OP (IMM & 63);			\
		CONT;						\
	ALU_##OPCODE##_K:					\
		DST = (u32) DST OP ((u32) IMM & 31);		\
		CONT;
	/* ALU (rest): u64 / u32 operands, so overflow wraps as in hardware. */
#define ALU(OPCODE, OP)						\
	ALU64_##OPCODE##_X:					\
		DST = DST OP SRC;				\
		CONT;						\
	ALU_##OPCODE##_X:					\
		DST = (u32) DST OP (u32) SRC;			\
		CONT;						\
	ALU64_##OPCODE##_K:					\
		DST = DST OP IMM;				\
		CONT;						\
	ALU_##OPCODE##_K:					\
		DST = (u32) DST OP (u32) IMM;			\
		CONT;
	ALU(ADD,  +)
	ALU(SUB,  -)
	ALU(AND,  &)
	ALU(OR,   |)
	ALU(XOR,  ^)
	ALU(MUL,  *)
	SHT(LSH, <<)
	SHT(RSH, >>)
#undef SHT
#undef ALU
	ALU_NEG:
		DST = (u32) -DST;
		CONT;
	ALU64_NEG:
		DST = -DST;
		CONT;
	/* MOV; with a non-zero offset, movsx (6.6): sign-extend the low
	 * 8/16(/32) bits of SRC.
	 */
	ALU_MOV_X:
		switch (OFF) {
		case 0:
			DST = (u32) SRC;
			break;
		case 8:
			DST = (u32) (s32) (s8) SRC;
			break;
		case 16:
			DST = (u32) (s32) (s16) SRC;
			break;
		}
		CONT;
	ALU_MOV_K:
		DST = (u32) IMM;
		CONT;
	ALU64_MOV_X:
		switch (OFF) {
		case 0:
			DST = SRC;
			break;
		case 8:
			DST = (u64) (s64) (s8) SRC;
			break;
		case 16:
			DST = (u64) (s64) (s16) SRC;
			break;
		case 32:
			DST = (u64) (s64) (s32) SRC;
			break;
		}
		CONT;
	ALU64_MOV_K:
		DST = IMM;
		CONT;
	LD_IMM_DW:
		DST = (u64) (u32) insn[0].imm | ((u64) (u32) insn[1].imm) << 32;
		insn++;
		CONT;
	/* Arithmetic right shift: GCC defines >> of a negative signed value
	 * as arithmetic, which is what BPF wants.
	 */
	ALU_ARSH_X:
		DST = (u64) (u32) (((s32) DST) >> ((u32) SRC & 31));
		CONT;
	ALU_ARSH_K:
		DST = (u64) (u32) (((s32) DST) >> ((u32) IMM & 31));
		CONT;
	ALU64_ARSH_X:
		DST = (u64) (((s64) DST) >> (SRC & 63));
		CONT;
	ALU64_ARSH_K:
		DST = (u64) (((s64) DST) >> (IMM & 63));
		CONT;
	/* DIV/MOD: offset 0 unsigned, offset 1 signed (6.6). */
#define DIVMOD(OPCODE, OP)						\
	ALU64_##OPCODE##_X:						\
		switch (OFF) {						\
		case 0: DST = bpf_u##OP##64(DST, SRC); break;		\
		case 1: DST = bpf_s##OP##64(DST, SRC); break;		\
		}							\
		CONT;							\
	ALU_##OPCODE##_X:						\
		switch (OFF) {						\
		case 0: DST = bpf_u##OP##32((u32) DST, (u32) SRC); break; \
		case 1: DST = bpf_s##OP##32((u32) DST, (u32) SRC); break; \
		}							\
		CONT;							\
	ALU64_##OPCODE##_K:						\
		switch (OFF) {						\
		case 0: DST = bpf_u##OP##64(DST, IMM); break;		\
		case 1: DST = bpf_s##OP##64(DST, IMM); break;		\
		}							\
		CONT;							\
	ALU_##OPCODE##_K:						\
		switch (OFF) {						\
		case 0: DST = bpf_u##OP##32((u32) DST, (u32) IMM); break; \
		case 1: DST = bpf_s##OP##32((u32) DST, (u32) IMM); break; \
		}							\
		CONT;
	DIVMOD(DIV, div)
	DIVMOD(MOD, mod)
#undef DIVMOD
	/* Byte order. x86-64 is little-endian: to-LE only truncates. */
	ALU_END_TO_BE:
		switch (IMM) {
		case 16:
			DST = __builtin_bswap16((u16) DST);
			break;
		case 32:
			DST = __builtin_bswap32((u32) DST);
			break;
		case 64:
			DST = __builtin_bswap64(DST);
			break;
		}
		CONT;
	ALU_END_TO_LE:
		switch (IMM) {
		case 16:
			DST = (u16) DST;
			break;
		case 32:
			DST = (u32) DST;
			break;
		case 64:
			break;
		}
		CONT;
	ALU64_END_TO_LE:	/* bswap16/32/64, whatever the host order (6.6) */
		switch (IMM) {
		case 16:
			DST = __builtin_bswap16((u16) DST);
			break;
		case 32:
			DST = __builtin_bswap32((u32) DST);
			break;
		case 64:
			DST = __builtin_bswap64(DST);
			break;
		}
		CONT;

	/* CALL */
	JMP_CALL:
		/* Function call scratches R1-R5, preserves R6-R9, and stores
		 * the return value into R0. The verifier has turned the
		 * helper's id in imm into its distance from __bpf_call_base.
		 */
		BPF_R0 = ((bpf_helper_fn) bpf_call_addr(insn->imm))(BPF_R1, BPF_R2,
								   BPF_R3, BPF_R4,
								   BPF_R5);
		CONT;

	JMP_CALL_X: {
		/* callx (RFC 9669's "callx" conformance group; no kernel
		 * verifier accepts it): the helper whose id the register
		 * holds. The id is only known now, so it is looked up now.
		 */
		bpf_helper_fn fn = bpf_callx_func(DST);

		if (unlikely(!fn)) {
			pr_warn("BPF interpreter: callx to unknown helper %llu\n",
				(unsigned long long)DST);
			return 0;
		}
		BPF_R0 = fn(BPF_R1, BPF_R2, BPF_R3, BPF_R4, BPF_R5);
		CONT;
	}

	JMP_CALL_ARGS:
		/* bpf-to-bpf call, rewritten by bpf_patch_call_args(): imm
		 * picks the callee's interpreter (sized for ITS stack), off
		 * is the callee's first instruction, relative.
		 */
		BPF_R0 = ((bpf_args_fn) bpf_call_addr(insn->imm))(BPF_R1, BPF_R2,
								 BPF_R3, BPF_R4,
								 BPF_R5,
								 insn + insn->off + 1);
		CONT;

	JMP_TAIL_CALL: {
		/* R2 = a program array, R3 = an index: the program to go on
		 * with, in this frame (same registers, same stack), or NULL
		 * for the kernel handler's "out" path, which continues with
		 * the next instruction. Chapter 08, which has program arrays,
		 * decides; before it every tail call goes out.
		 */
		const struct bpf_insn *target = bpf_interp_tail_call(BPF_R2, BPF_R3,
								     &tail_call_cnt);

		if (!target)
			CONT;
		insn = target;
		goto select_insn;
	}
	JMP_JA:
		insn += insn->off;
		CONT;
	JMP32_JA:
		insn += insn->imm;
		CONT;
	JMP_EXIT:
		return BPF_R0;
	/* JMP: 64-bit compares of u64/s64, JMP32 of the low halves. */
#define COND_JMP(SIGN, OPCODE, CMP_OP)					\
	JMP_##OPCODE##_X:						\
		if ((SIGN##64) DST CMP_OP (SIGN##64) SRC) {		\
			insn += insn->off;				\
			CONT_JMP;					\
		}							\
		CONT;							\
	JMP32_##OPCODE##_X:						\
		if ((SIGN##32) DST CMP_OP (SIGN##32) SRC) {		\
			insn += insn->off;				\
			CONT_JMP;					\
		}							\
		CONT;							\
	JMP_##OPCODE##_K:						\
		if ((SIGN##64) DST CMP_OP (SIGN##64) IMM) {		\
			insn += insn->off;				\
			CONT_JMP;					\
		}							\
		CONT;							\
	JMP32_##OPCODE##_K:						\
		if ((SIGN##32) DST CMP_OP (SIGN##32) IMM) {		\
			insn += insn->off;				\
			CONT_JMP;					\
		}							\
		CONT;
	COND_JMP(u, JEQ, ==)
	COND_JMP(u, JNE, !=)
	COND_JMP(u, JGT, >)
	COND_JMP(u, JLT, <)
	COND_JMP(u, JGE, >=)
	COND_JMP(u, JLE, <=)
	COND_JMP(u, JSET, &)
	COND_JMP(s, JSGT, >)
	COND_JMP(s, JSLT, <)
	COND_JMP(s, JSGE, >=)
	COND_JMP(s, JSLE, <=)
#undef COND_JMP
	/* ST, STX and LDX */
	ST_NOSPEC:
		/* Speculative Store Bypass barrier (5.14): an lfence in a
		 * JIT image; nothing to do for the interpreter here.
		 */
		__asm__ __volatile__("" ::: "memory");
		CONT;
#define LDST(SIZEOP, SIZE)						\
	STX_MEM_##SIZEOP:						\
		STORE(SIZE, ADDR(DST), SRC);				\
		CONT;							\
	ST_MEM_##SIZEOP:						\
		STORE(SIZE, ADDR(DST), IMM);				\
		CONT;							\
	LDX_MEM_##SIZEOP:						\
		DST = LOAD(SIZE, ADDR(SRC));				\
		CONT;							\
	LDX_PROBE_MEM_##SIZEOP: {					\
		SIZE __v;						\
									\
		bpf_probe_read_kernel(&__v, sizeof(SIZE), ADDR(SRC));	\
		DST = __v;						\
		CONT;							\
	}

	LDST(B,   u8)
	LDST(H,  u16)
	LDST(W,  u32)
	LDST(DW, u64)
#undef LDST
	/* Sign-extending loads (6.6). */
#define LDSX(SIZEOP, SIZE)						\
	LDX_MEMSX_##SIZEOP:						\
		DST = (u64) (s64) LOAD(SIZE, ADDR(SRC));		\
		CONT;
	LDSX(B,  s8)
	LDSX(H, s16)
	LDSX(W, s32)
#undef LDSX

	/*
	 * Atomics (5.12; v5.8 had only XADD, today's BPF_ADD without FETCH):
	 * the operation is in imm. The kernel handles them right here; they
	 * are a function of their own, in interp_atomic.c, so that exercise
	 * 04/03 can rebuild them without the rest of the interpreter.
	 */
	STX_ATOMIC_DW:
	STX_ATOMIC_W:
		if (bpf_interp_atomic(insn, regs))
			goto default_label;
		CONT;

	default_label:
		/* The verifier accepts only opcodes in this table, so this is
		 * a bug when it is reached. The kernel BUG()s here, because
		 * going on inside a subprogram would be worse; a user-space
		 * interpreter can refuse more gently: warn, and end the
		 * program with 0 (R0 of a program that did nothing).
		 */
		pr_warn("BPF interpreter: unknown opcode %02x (imm: 0x%x)\n",
			insn->code, insn->imm);
		return 0;
}
