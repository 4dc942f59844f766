// SPDX-License-Identifier: GPL-2.0
/*
 * The interpreter's entry points: one per stack size, 32 to 512 bytes.
 *
 * Mirrors kernel/bpf/core.c: DEFINE_BPF_PROG_RUN(), DEFINE_BPF_PROG_RUN_ARGS(),
 * interpreters[], interpreters_args[], bpf_patch_call_args(), Linux v5.8;
 * written afresh.
 *
 * Why sixteen copies of the same function? Each puts the BPF stack in its
 * own C stack frame as a fixed-size array, so calling a program costs no
 * allocation, and a program that uses 8 bytes of stack does not pay for
 * touching 512. The verifier measured the depth; bpf_prog_select_func()
 * picks the smallest frame that holds it.
 */
#include <string.h>

#include "linux/bpf_interp.h"

#define FP	regs[BPF_REG_FP]
#define ARG1	regs[BPF_REG_ARG1]
#define BPF_R1	regs[BPF_REG_1]
#define BPF_R2	regs[BPF_REG_2]
#define BPF_R3	regs[BPF_REG_3]
#define BPF_R4	regs[BPF_REG_4]
#define BPF_R5	regs[BPF_REG_5]

/*
 * The registers start at zero, as in the kernel since 5.x's KMSAN work
 * (v5.8 left them uninitialised: the verifier refuses any read of a register
 * before it is written, so their first value could not matter). The stack
 * starts at zero too, which the kernel does not do, for the same reason
 * inverted: a program loaded with BPF_F_UNVERIFIED may read stack it never
 * wrote, and it should read the same thing every run (and valgrind should
 * have nothing to say about it).
 *
 * The kernel's entry returns `unsigned int`: R0 truncated to 32 bits, the
 * type of prog->bpf_func. Ours is a thin wrapper around a twin that returns
 * all of R0, for bpf_prog_run64() and the conformance suite.
 */
#define PROG_NAME(stack_size) __bpf_prog_run##stack_size
#define PROG_NAME64(stack_size) __bpf_prog_run64_##stack_size
#define DEFINE_BPF_PROG_RUN(stack_size) \
static u64 PROG_NAME64(stack_size)(const void *ctx, const struct bpf_insn *insn) \
{ \
	u64 stack[stack_size / sizeof(u64)] = { 0 }; \
	u64 regs[MAX_BPF_EXT_REG] = { 0 }; \
\
	FP = (u64) (unsigned long) &stack[ARRAY_SIZE(stack)]; \
	ARG1 = (u64) (unsigned long) ctx; \
	return ___bpf_prog_run(regs, insn, stack); \
} \
static unsigned int PROG_NAME(stack_size)(const void *ctx, const struct bpf_insn *insn) \
{ \
	return PROG_NAME64(stack_size)(ctx, insn); \
}

/* A bpf-to-bpf callee: its own frame, its own stack, R1-R5 from the caller. */
#define PROG_NAME_ARGS(stack_size) __bpf_prog_run_args##stack_size
#define DEFINE_BPF_PROG_RUN_ARGS(stack_size) \
static u64 PROG_NAME_ARGS(stack_size)(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5, \
				      const struct bpf_insn *insn) \
{ \
	u64 stack[stack_size / sizeof(u64)] = { 0 }; \
	u64 regs[MAX_BPF_EXT_REG] = { 0 }; \
\
	FP = (u64) (unsigned long) &stack[ARRAY_SIZE(stack)]; \
	BPF_R1 = r1; \
	BPF_R2 = r2; \
	BPF_R3 = r3; \
	BPF_R4 = r4; \
	BPF_R5 = r5; \
	return ___bpf_prog_run(regs, insn, stack); \
}

#define EVAL1(FN, X) FN(X)
#define EVAL2(FN, X, Y...) FN(X) EVAL1(FN, Y)
#define EVAL3(FN, X, Y...) FN(X) EVAL2(FN, Y)
#define EVAL4(FN, X, Y...) FN(X) EVAL3(FN, Y)
#define EVAL5(FN, X, Y...) FN(X) EVAL4(FN, Y)
#define EVAL6(FN, X, Y...) FN(X) EVAL5(FN, Y)

EVAL6(DEFINE_BPF_PROG_RUN, 32, 64, 96, 128, 160, 192);
EVAL6(DEFINE_BPF_PROG_RUN, 224, 256, 288, 320, 352, 384);
EVAL4(DEFINE_BPF_PROG_RUN, 416, 448, 480, 512);

EVAL6(DEFINE_BPF_PROG_RUN_ARGS, 32, 64, 96, 128, 160, 192);
EVAL6(DEFINE_BPF_PROG_RUN_ARGS, 224, 256, 288, 320, 352, 384);
EVAL4(DEFINE_BPF_PROG_RUN_ARGS, 416, 448, 480, 512);

#define PROG_NAME_LIST(stack_size) PROG_NAME(stack_size),
unsigned int (*const interpreters[BPF_NR_INTERPRETERS])(const void *ctx,
						     const struct bpf_insn *insn) = {
EVAL6(PROG_NAME_LIST, 32, 64, 96, 128, 160, 192)
EVAL6(PROG_NAME_LIST, 224, 256, 288, 320, 352, 384)
EVAL4(PROG_NAME_LIST, 416, 448, 480, 512)
};
#undef PROG_NAME_LIST
#define PROG_NAME_LIST(stack_size) PROG_NAME64(stack_size),
u64 (*const interpreters64[BPF_NR_INTERPRETERS])(const void *ctx,
					       const struct bpf_insn *insn) = {
EVAL6(PROG_NAME_LIST, 32, 64, 96, 128, 160, 192)
EVAL6(PROG_NAME_LIST, 224, 256, 288, 320, 352, 384)
EVAL4(PROG_NAME_LIST, 416, 448, 480, 512)
};
#undef PROG_NAME_LIST
#define PROG_NAME_LIST(stack_size) PROG_NAME_ARGS(stack_size),
u64 (*const interpreters_args[BPF_NR_INTERPRETERS])(u64 r1, u64 r2, u64 r3, u64 r4,
						    u64 r5,
						    const struct bpf_insn *insn) = {
EVAL6(PROG_NAME_LIST, 32, 64, 96, 128, 160, 192)
EVAL6(PROG_NAME_LIST, 224, 256, 288, 320, 352, 384)
EVAL4(PROG_NAME_LIST, 416, 448, 480, 512)
};
#undef PROG_NAME_LIST

/*
 * A bpf-to-bpf call, for the interpreter. The verifier calls this when the
 * program is not JITed: `call pc+imm` becomes JMP|CALL_ARGS, whose imm
 * selects the callee's entry point (sized for the CALLEE's stack) as a
 * distance from __bpf_call_base, exactly as a helper's, and whose off keeps
 * the callee's position. (v5.8 measured from __bpf_call_base; 6.x has a
 * separate __bpf_call_base_args.) A depth past 512 cannot come from the
 * verifier; it is clamped rather than read past the table.
 */
void bpf_patch_call_args(struct bpf_insn *insn, u32 stack_depth)
{
	stack_depth = max_t(u32, stack_depth, 1);
	stack_depth = min_t(u32, stack_depth, MAX_BPF_STACK);
	insn->off = (s16) insn->imm;
	insn->imm = (s32) ((unsigned long) interpreters_args[(round_up(stack_depth, 32) / 32) - 1] -
			   (unsigned long) __bpf_call_base);
	insn->code = BPF_JMP | BPF_CALL_ARGS;
}

/* Names, for demos and messages: gdb would show the same. */
const char *bpf_interpreter_name(unsigned int (*func)(const void *ctx,
						      const struct bpf_insn *insn))
{
#define PROG_NAME_STR(stack_size) "__bpf_prog_run" #stack_size,
	static const char *const names[BPF_NR_INTERPRETERS] = {
		EVAL6(PROG_NAME_STR, 32, 64, 96, 128, 160, 192)
		EVAL6(PROG_NAME_STR, 224, 256, 288, 320, 352, 384)
		EVAL4(PROG_NAME_STR, 416, 448, 480, 512)
	};
#undef PROG_NAME_STR

	for (unsigned int i = 0; i < BPF_NR_INTERPRETERS; i++)
		if (interpreters[i] == func)
			return names[i];
	return NULL;
}

int bpf_interpreter_index(const struct bpf_prog *fp)
{
	for (int i = 0; i < BPF_NR_INTERPRETERS; i++)
		if (interpreters[i] == fp->bpf_func)
			return i;
	return -1;
}
