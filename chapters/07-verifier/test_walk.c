// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 07 tests: whole programs through the walk, each a table row with
 * the loader's privileges, the verdict (errno and a piece of the message),
 * and, for a program that loads, r0 under the interpreter and the JIT.
 * The rows are the rules this chapter adds to chapter 03's: variable
 * stack offsets (Linux 5.12), the speculative paths and the masking of
 * unprivileged pointer arithmetic (5.13), and state pruning, whose counts
 * are the live kernel's (and without which a small loop is too large).
 *
 *   CK_RUN_CASE=walk make test-07
 */
#include <stddef.h>
#include <string.h>

#include "linux/bpf_interp.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "verifier.h"
#include "testutil.h"

#define R0 BPF_REG_0
#define R1 BPF_REG_1
#define R2 BPF_REG_2
#define R3 BPF_REG_3
#define R6 BPF_REG_6
#define R7 BPF_REG_7
#define R8 BPF_REG_8
#define R9 BPF_REG_9
#define FP BPF_REG_10
/* a helper call as a program has it: by id */
#define CALL(id) BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id)

#define PRIV	CAP_ALL
#define UNPRIV	0ULL
#define MAX_INSNS 32

struct walk_case {
	const char *name;
	u64 caps;
	struct bpf_insn insns[MAX_INSNS];
	int err;		/* 0: loads */
	const char *msg;	/* in the log: the refusal, or a line of a good load */
	u64 r0;			/* what it returns, when it loads */
	u32 stack_depth;	/* when it loads, if not 0 */
	u32 log_level;		/* 1 if not given */
	bool no_prune;		/* bpf_verifier_no_prune */
	u32 prog_flags;		/* BPF_F_TEST_STATE_FREQ: a checkpoint at every prune point */
};

static u32 prog_len(const struct bpf_insn *insns)
{
	u32 n = MAX_INSNS;

	while (n && !insns[n - 1].code && !insns[n - 1].dst_reg && !insns[n - 1].imm)
		n--;
	return n;
}

static int walk_load(u64 caps, const struct bpf_insn *insns, u32 len, bool jit,
		     u32 log_level, u32 prog_flags, char *log, size_t size)
{
	union bpf_attr attr;
	int saved = bpf_jit_enable, fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insn_cnt = len;
	attr.insns = (u64)(unsigned long)insns;
	attr.license = (u64)(unsigned long)"GPL";
	attr.log_buf = (u64)(unsigned long)log;
	attr.log_size = size;
	attr.log_level = log_level;
	attr.prog_flags = prog_flags;
	log[0] = 0;
	set_current_caps(caps);
	bpf_jit_enable = jit;
	fd = (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	bpf_jit_enable = saved;
	set_current_caps(CAP_ALL);
	return fd;
}

static u64 walk_run(int fd)
{
	static u8 pkt[64];
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = (u64)(unsigned long)pkt;
	attr.test.data_size_in = sizeof(pkt);
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
	return bpf_test_run_last_r0();
}

static const struct walk_case walk_cases[] = {
	/* ---- variable offsets on the stack (5.12) --------------------------- */
	{ "a store and a load at fp-16 + {0, 8}, privileged", PRIV, {
		BPF_ST_MEM(BPF_DW, FP, -16, 0), BPF_ST_MEM(BPF_DW, FP, -8, 0),
		CALL(BPF_FUNC_get_prandom_u32),
		BPF_ALU64_IMM(BPF_AND, R0, 8),
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -16),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_ST_MEM(BPF_DW, R2, 0, 7),
		BPF_LDX_MEM(BPF_DW, R0, R2, 0),
		BPF_EXIT_INSN() }, .r0 = 7, .stack_depth = 16 },
	{ "the same, unprivileged: no variable stack pointer", UNPRIV, {
		BPF_ST_MEM(BPF_DW, FP, -16, 0), BPF_ST_MEM(BPF_DW, FP, -8, 0),
		CALL(BPF_FUNC_get_prandom_u32),
		BPF_ALU64_IMM(BPF_AND, R0, 8),
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -16),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_ST_MEM(BPF_DW, R2, 0, 7),
		BPF_LDX_MEM(BPF_DW, R0, R2, 0),
		BPF_EXIT_INSN() }, .err = -EACCES,
	  .msg = "R2 variable stack access prohibited for !root, var_off=(0x0; 0x8) off=-16" },
	{ "a load that may read an uninitialized byte", PRIV, {
		BPF_ST_MEM(BPF_DW, FP, -16, 0),
		CALL(BPF_FUNC_get_prandom_u32),
		BPF_ALU64_IMM(BPF_AND, R0, 8),
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -16),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_LDX_MEM(BPF_DW, R0, R2, 0),
		BPF_EXIT_INSN() }, .err = -EACCES,
	  .msg = "invalid read from stack R2 var_off (0x0; 0x8)+8 size 8" },
	{ "a store that may reach past fp", PRIV, {
		CALL(BPF_FUNC_get_prandom_u32),
		BPF_ALU64_IMM(BPF_AND, R0, 8),
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -8),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_ST_MEM(BPF_DW, R2, 0, 7),
		BPF_MOV64_IMM(R0, 0),
		BPF_EXIT_INSN() }, .err = -EACCES,
	  .msg = "invalid variable-offset write to stack R2 var_off=(0x0; 0x8) size=8" },
	{ "an offset of any u32", PRIV, {
		CALL(BPF_FUNC_get_prandom_u32),
		BPF_ALU32_IMM(BPF_AND, R0, -8),	/* 8-aligned, up to U32_MAX */
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -8),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_ST_MEM(BPF_DW, R2, 0, 7),
		BPF_MOV64_IMM(R0, 0),
		BPF_EXIT_INSN() }, .err = -EACCES,
	  .msg = "invalid unbounded variable-offset write to stack R2" },
	{ "an offset that may be negative without bound", PRIV, {
		CALL(BPF_FUNC_get_prandom_u32),
		BPF_ALU64_IMM(BPF_LSH, R0, 32),
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -8),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_ST_MEM(BPF_DW, R2, 0, 7),
		BPF_MOV64_IMM(R0, 0),
		BPF_EXIT_INSN() }, .err = -EINVAL,
	  .msg = "math between fp pointer and register with unbounded min value" },
	{ "a spilled pointer does not survive a store that may hit it", PRIV, {
		BPF_STX_MEM(BPF_DW, FP, FP, -8), BPF_ST_MEM(BPF_DW, FP, -16, 0),
		CALL(BPF_FUNC_get_prandom_u32),
		BPF_ALU64_IMM(BPF_AND, R0, 8),
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -16),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_ST_MEM(BPF_B, R2, 0, 1),
		BPF_LDX_MEM(BPF_DW, R3, FP, -8),
		BPF_LDX_MEM(BPF_DW, R0, R3, -8),
		BPF_EXIT_INSN() }, .err = -EACCES,
	  .msg = "R3 invalid mem access 'inv'" },
	{ "zero over zeros stays a known zero: the dead path is not walked", PRIV, {
		/* a register's zero makes STACK_ZERO (an immediate's, v5.8: MISC) */
		BPF_MOV64_IMM(R3, 0),
		BPF_STX_MEM(BPF_DW, FP, R3, -16), BPF_STX_MEM(BPF_DW, FP, R3, -8),
		CALL(BPF_FUNC_get_prandom_u32),
		BPF_ALU64_IMM(BPF_AND, R0, 8),
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -16),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_MOV64_IMM(R3, 0),
		BPF_STX_MEM(BPF_DW, R2, R3, 0),
		BPF_LDX_MEM(BPF_DW, R0, FP, -8),
		BPF_JMP_IMM(BPF_JEQ, R0, 0, 1),
		BPF_LDX_MEM(BPF_DW, R0, R0, 0),	/* a scalar dereferenced */
		BPF_EXIT_INSN() }, .r0 = 0, .stack_depth = 16 },
	{ "the frame is as deep as the deepest byte", PRIV, {
		CALL(BPF_FUNC_get_prandom_u32),
		BPF_ALU64_IMM(BPF_AND, R0, 0xf8),
		BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -256),
		BPF_ALU64_REG(BPF_ADD, R2, R0),
		BPF_ST_MEM(BPF_DW, R2, 0, 7),
		BPF_MOV64_IMM(R0, 1),
		BPF_EXIT_INSN() }, .r0 = 1, .stack_depth = 256 },

	/* ---- what unprivileged loaders get more (5.13) ------------------------ */
	{ "a decided branch: the other side is walked too, unprivileged", UNPRIV, {
		BPF_MOV64_IMM(R0, 0),
		BPF_JMP_IMM(BPF_JEQ, R0, 0, 1),
		BPF_MOV64_REG(R0, R9),		/* R9 was never written */
		BPF_EXIT_INSN() }, .err = -EACCES,
	  .msg = "R9 !read_ok" },
	{ "the same program, privileged: the dead side is never walked", PRIV, {
		BPF_MOV64_IMM(R0, 0),
		BPF_JMP_IMM(BPF_JEQ, R0, 0, 1),
		BPF_MOV64_REG(R0, R9),
		BPF_EXIT_INSN() }, .r0 = 0 },
	{ "a known register offset moves the pointer exactly, unprivileged", UNPRIV, {
		BPF_ST_MEM(BPF_DW, FP, -8, 0), BPF_ST_MEM(BPF_DW, FP, -16, 0),
		BPF_MOV64_REG(R1, FP), BPF_ALU64_IMM(BPF_ADD, R1, -3),
		BPF_MOV64_IMM(R2, -3),
		BPF_ALU64_REG(BPF_ADD, R1, R2),
		BPF_ST_MEM(BPF_B, R1, 0, 42),
		BPF_LDX_MEM(BPF_B, R0, FP, -6),
		BPF_EXIT_INSN() }, .r0 = 42 },
	{ "pointer arithmetic out of the frame, unprivileged", UNPRIV, {
		BPF_MOV64_REG(R1, FP),
		BPF_MOV64_IMM(R2, 8),
		BPF_ALU64_REG(BPF_ADD, R1, R2),
		BPF_MOV64_IMM(R0, 0),
		BPF_EXIT_INSN() }, .err = -EACCES,
	  .msg = "R1 stack pointer arithmetic goes out of range, prohibited for !root; off=8" },
};

/* for (i = 0; i < 50; i++) if ((len + i) & 4) s += i; else s ^= i; */
#define LOOP_50_WITH_A_BRANCH						\
		BPF_MOV64_IMM(R6, 0), BPF_MOV64_IMM(R7, 0),		\
		BPF_LDX_MEM(BPF_W, R8, R1, 0),	/* skb->len */	\
		BPF_MOV64_REG(R1, R8),				\
		BPF_ALU64_REG(BPF_ADD, R1, R6),				\
		BPF_ALU64_IMM(BPF_AND, R1, 4),				\
		BPF_JMP_IMM(BPF_JEQ, R1, 0, 2),				\
		BPF_ALU64_REG(BPF_ADD, R7, R6),				\
		BPF_JMP_A(1),						\
		BPF_ALU64_REG(BPF_XOR, R7, R6),				\
		BPF_ALU64_IMM(BPF_ADD, R6, 1),				\
		BPF_JMP_IMM(BPF_JLT, R6, 50, -9),			\
		BPF_MOV64_REG(R0, R7),					\
		BPF_EXIT_INSN()

static const struct walk_case prune_cases[] = {
	/* the counts the live kernel (6.18) prints for this program */
	{ "pruning: a loop of 50 with a branch inside", PRIV, { LOOP_50_WITH_A_BRANCH },
	  .msg = "processed 1853 insns (limit 1000000) max_states_per_insn 14 total_states 76 peak_states 29",
	  .r0 = 0x235, .log_level = 4 },
	/*
	 * r3 is marked precise at `r4 += r3`, then gets r8 added. The compare
	 * after it is decided on both paths the walk tries first (r8 = 216);
	 * the path with r8 = -40 must not be pruned at the join as the same,
	 * or the store is removed as dead code. The CPU takes it (mark == 0:
	 * r3 = 0 - 40, not below r2 as unsigned numbers): r0 = 255.
	 */
	{ "pruning: a precise register that then depends on another", PRIV, {
		BPF_ST_MEM(BPF_DW, FP, -8, 0),
		BPF_LDX_MEM(BPF_W, R7, R1, offsetof(struct __sk_buff, len)),
		BPF_LDX_MEM(BPF_W, R6, R1, offsetof(struct __sk_buff, mark)),
		BPF_MOV64_IMM(R8, -40),
		BPF_JMP_IMM(BPF_JEQ, R6, 0, 1),
		BPF_ALU64_IMM(BPF_ADD, R8, 256),
		BPF_MOV64_REG(R3, R7),
		BPF_ALU64_IMM(BPF_AND, R3, 31),
		BPF_MOV64_REG(BPF_REG_4, FP),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_4, R3),	/* r3 precise */
		BPF_ALU64_REG(BPF_ADD, R3, R8),		/* and now r8 counts */
		BPF_MOV64_IMM(R2, -30026),
		BPF_JMP_REG(BPF_JLT, R3, R2, 1),
		BPF_ST_MEM(BPF_B, FP, -8, 255),
		BPF_LDX_MEM(BPF_B, R0, FP, -8),
		BPF_EXIT_INSN() }, .r0 = 255, .prog_flags = BPF_F_TEST_STATE_FREQ },
	/*
	 * CVE-2023-2163: `if r5 > r0` teaches r0 a bound from r5 (65535 on
	 * the side walked first); the compare after it is decided by that
	 * bound. r5 must then be precise too, or the other side of the first
	 * branch (r5 < 0xffff, the CPU's) is pruned at the join, and the
	 * code only it reaches is removed as dead. r0 = 40 ^ 3.
	 */
	{ "pruning: a bound learned from another register", PRIV, {
		BPF_ST_MEM(BPF_DW, FP, -8, 255),
		BPF_LDX_MEM(BPF_H, BPF_REG_5, FP, -4),
		BPF_JMP_IMM(BPF_JLT, BPF_REG_5, 0xffff, 1),
		BPF_JMP_A(0),
		BPF_MOV64_IMM(R0, -40),
		BPF_ALU64_IMM(BPF_NEG, R0, 0),		/* 40, unknown to the walk */
		BPF_MOV64_IMM(R9, 3),
		BPF_JMP_REG(BPF_JGT, BPF_REG_5, R0, 3),
		BPF_JMP_IMM(BPF_JGE, R0, 0x8000, 1),
		BPF_JMP_A(1),
		BPF_MOV64_IMM(R9, -2),
		BPF_ALU64_REG(BPF_XOR, R0, R9),
		BPF_EXIT_INSN() }, .r0 = 43, .prog_flags = BPF_F_TEST_STATE_FREQ },
	/* 2^50 paths: the walk gives up at a million instructions */
	{ "the same loop without pruning", PRIV, { LOOP_50_WITH_A_BRANCH },
	  .err = -E2BIG, .msg = "BPF program is too large. Processed 1000001 insn",
	  .log_level = 4, .no_prune = true },
};

static void walk_one(const struct walk_case *c)
{
	u32 len = prog_len(c->insns);
	static char log[1 << 16];

	for (int jit = 0; jit <= 1; jit++) {
		struct bpf_prog *fp;
		int fd;

		bpf_verifier_no_prune = c->no_prune;
		fd = walk_load(c->caps, c->insns, len, jit, c->log_level ? c->log_level : 1,
			       c->prog_flags, log, sizeof(log));
		bpf_verifier_no_prune = false;

		if (c->err) {
			ck_assert_msg(fd == c->err, "%s: want %d, got %d\n%s", c->name, c->err, fd, log);
			ck_assert_msg(strstr(log, c->msg), "%s: want \"%s\" in\n%s", c->name, c->msg, log);
			continue;
		}
		ck_assert_msg(fd >= 0, "%s: refused: %d\n%s", c->name, fd, log);
		if (c->msg)
			ck_assert_msg(strstr(log, c->msg), "%s: want \"%s\" in\n%s", c->name,
				      c->msg, log);
		ck_assert_msg(walk_run(fd) == c->r0, "%s (%s): r0 %#llx, want %#llx", c->name,
			      jit ? "JIT" : "interpreter",
			      (unsigned long long)bpf_test_run_last_r0(),
			      (unsigned long long)c->r0);
		fp = bpf_prog_get(fd);
		ck_assert_ptr_nonnull(fp);
		ck_assert_msg(fp->jited == jit, "%s: jited %d", c->name, fp->jited);
		if (c->stack_depth)
			ck_assert_uint_eq(fp->aux->stack_depth, c->stack_depth);
		bpf_prog_put(fp);
		close_fd(fd);
	}
}

START_TEST(walk)
{
	walk_one(&walk_cases[_i]);
}
END_TEST

START_TEST(pruning)
{
	walk_one(&prune_cases[_i]);
}
END_TEST

void add_walk_tests(Suite *s)
{
	TCase *tc = tcase_create("walk");

	tcase_add_loop_test(tc, walk, 0, ARRAY_SIZE(walk_cases));
	tcase_add_loop_test(tc, pruning, 0, ARRAY_SIZE(prune_cases));
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
}
