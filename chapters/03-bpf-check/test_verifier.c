// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 03 tests: bpf_check() through sys_bpf(BPF_PROG_LOAD), as user
 * space calls it. Most cases are rows of a table in the style of the
 * kernel's tools/testing/selftests/bpf/verifier/\*.c: a description, the
 * instructions, the program type, who loads it, and the expected result:
 * accepted, or refused with an errno and a line in the verifier log.
 * Every refusal has a close neighbour that must be accepted.
 *
 *   CK_RUN_CASE=check_alu_op make -C chapters/03-bpf-check test
 */
#include <stdio.h>
#include <stdlib.h>

#include "linux/bpf_verifier.h"
#include "linux/bpf_patch.h"
#include "disasm.h"
#include "tests.h"

char test_log[65536];

/* Any caps value with this bit set holds no capability the project checks. */
#define NOCAPS		(1ULL << 63)
#define CAPBPF		CAP_TO_MASK(CAP_BPF)
#define ACCEPT		0
#define DEPTH(n)	((n) + 1)	/* 0 in a row: depth not checked */

int load_prog(const struct bpf_insn *insns, u32 len, const struct load_opts *o)
{
	union bpf_attr attr;

	set_current_caps(o->caps ? o->caps : CAP_ALL);
	sysctl_unprivileged_bpf_disabled = 0;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = o->prog_type ? o->prog_type : BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (u64)(uintptr_t)insns;
	attr.insn_cnt = len;
	attr.license = (u64)(uintptr_t)(o->license ? o->license : "GPL");
	attr.prog_flags = o->prog_flags;
	attr.log_level = o->log_level ? o->log_level : 1;
	attr.log_buf = (u64)(uintptr_t)test_log;
	attr.log_size = sizeof(test_log);
	test_log[0] = 0;
	return (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

struct bpf_prog *prog_of(int fd)
{
	struct file *f = fget(fd);

	ck_assert_msg(f && f->private_data, "fd %d is not a program", fd);
	return f->private_data;
}

u32 probe_len(const struct bpf_insn *insns, u32 max)
{
	static const struct bpf_insn zero;
	u32 len = max;

	while (len && !memcmp(&insns[len - 1], &zero, sizeof(zero)))
		len--;
	return len;
}

/* The end of the log: failure messages must stay short. */
static const char *log_tail(void)
{
	size_t n = strlen(test_log);

	return n > 1500 ? test_log + n - 1500 : test_log;
}

struct vtest {
	const char *descr;
	struct bpf_insn insns[MAX_TEST_INSNS];
	u32 len;			/* 0: up to the last non-zero insn */
	enum bpf_prog_type prog_type;	/* 0: socket_filter */
	u64 caps;			/* 0: every capability */
	u32 flags;
	const char *license;
	int result;			/* ACCEPT or -errno */
	const char *errstr;		/* a line (part) the log must hold */
	u32 log_level;			/* 0: 1 */
	u32 depth;			/* DEPTH(n): aux->stack_depth must be n */
};

static void run_vtests(const struct vtest *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct load_opts o = {
			.prog_type = t[i].prog_type, .caps = t[i].caps,
			.prog_flags = t[i].flags, .license = t[i].license,
			.log_level = t[i].log_level,
		};
		u32 len = t[i].len ? t[i].len : probe_len(t[i].insns, MAX_TEST_INSNS);
		int ret = load_prog(t[i].insns, len, &o);

		set_current_caps(CAP_ALL);
		if (t[i].result == ACCEPT) {
			ck_assert_msg(ret >= 0, "#%zu \"%s\": expected accepted, got %d (%s)\nlog:\n%s",
				      i, t[i].descr, ret, errno_name(ret), log_tail());
			if (t[i].depth)
				ck_assert_msg(prog_of(ret)->aux->stack_depth == t[i].depth - 1,
					      "#%zu \"%s\": expected stack depth %u, got %u",
					      i, t[i].descr, t[i].depth - 1,
					      prog_of(ret)->aux->stack_depth);
			ck_assert_int_eq(close_fd(ret), 0);
		} else {
			ck_assert_msg(ret == t[i].result,
				      "#%zu \"%s\": expected %d (%s), got %d (%s)\nlog:\n%s",
				      i, t[i].descr, t[i].result, errno_name(t[i].result),
				      ret, ret < 0 ? errno_name(ret) : "an fd", log_tail());
			if (ret >= 0)
				close_fd(ret);
		}
		if (t[i].errstr)
			ck_assert_msg(strstr(test_log, t[i].errstr),
				      "#%zu \"%s\": log lacks \"%s\"; log:\n%s",
				      i, t[i].descr, t[i].errstr, log_tail());
	}
}

#define RUN(table) run_vtests(table, ARRAY_SIZE(table))

/* ---- replace_map_fd_with_map_ptr: opcodes, reserved fields, ld_imm64 ---- */

static const struct vtest insn_check_tests[] = {
	{ "unknown opcode ff",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(0xff, 0, 0, 0, 0), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "unknown opcode ff" },
	{ "ALU64 | END | TO_BE is not an opcode (bswap has only TO_LE)",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(0xdf, 0, 0, 0, 16), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "unknown opcode df" },
	{ "neighbour: bswap16 (ISA v4) accepted",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_BSWAP(BPF_REG_0, 16), BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "LDX with imm != 0",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
	    BPF_RAW_INSN(BPF_LDX | BPF_MEM | BPF_DW, 0, 10, -8, 1), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "BPF_LDX uses reserved fields" },
	{ "neighbour: LDX from the stack, imm 0",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8), BPF_EXIT_INSN() },
	  .result = ACCEPT, .depth = DEPTH(8) },
	{ "neighbour: LDX MEMSX (ISA v4) accepted",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, -1),
	    BPF_LDX_MEMSX(BPF_B, BPF_REG_0, BPF_REG_10, -8), BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "STX MEM with imm != 0",
	  { BPF_MOV64_IMM(BPF_REG_1, 0),
	    BPF_RAW_INSN(BPF_STX | BPF_MEM | BPF_DW, 10, 1, -8, 1),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "BPF_STX uses reserved fields" },
	{ "ld_imm64 without its second half",
	  { BPF_RAW_INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 1), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "invalid bpf_ld_imm64 insn" },
	{ "ld_imm64 as the last instruction",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN(),
	    BPF_RAW_INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 1) },
	  .result = -EINVAL, .errstr = "invalid bpf_ld_imm64 insn" },
	{ "neighbour: ld_imm64 pair",
	  { BPF_LD_IMM64(BPF_REG_0, 0x1122334455667788ULL), BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "ld_imm64 of a map fd: no maps, no valid fd",
	  { BPF_LD_MAP_FD(BPF_REG_1, 3), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EBADF, .errstr = "fd 3 is not pointing to valid bpf_map" },
	{ "ld_imm64 with an unknown src_reg",
	  { BPF_LD_IMM64_RAW(BPF_REG_1, 4, 0), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "unrecognized bpf_ld_imm64 insn" },
	{ "a path into the second half of ld_imm64",
	  { BPF_CALL_HELPER(BPF_FUNC_ktime_get_ns),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 1, 1),
	    BPF_LD_IMM64(BPF_REG_0, 1), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "invalid BPF_LD_IMM insn" },
};

START_TEST(replace_map_fd_with_map_ptr)
{
	RUN(insn_check_tests);
}
END_TEST

/* ---- field checks of do_check(): ALU, JMP, ST ------------------------- */

static const struct vtest reserved_tests[] = {
	{ "ALU X with imm != 0",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_ALU64 | BPF_ADD | BPF_X, 0, 0, 0, 1),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "BPF_ALU uses reserved fields" },
	{ "ALU K with src_reg != 0",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_ALU64 | BPF_ADD | BPF_K, 0, 1, 0, 1),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "BPF_ALU uses reserved fields" },
	{ "ADD with off 1 (only DIV and MOD have a signed form)",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_ALU64_IMM_OFF(BPF_ADD, BPF_REG_0, 1, 1),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "BPF_ALU uses reserved fields" },
	{ "neighbour: sdiv (DIV, off 1) accepted",
	  { BPF_MOV64_IMM(BPF_REG_0, -6), BPF_ALU64_IMM_OFF(BPF_DIV, BPF_REG_0, 2, 1),
	    BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "MOV K with off != 0",
	  { BPF_RAW_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 8, 1), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "BPF_MOV uses reserved fields" },
	{ "MOV32 X with off 32 (movsx has no 32-bit form of 32)",
	  { BPF_MOV64_IMM(BPF_REG_1, 1), BPF_MOVSX32_REG(BPF_REG_0, BPF_REG_1, 32),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "BPF_MOV uses reserved fields" },
	{ "neighbour: movsx64 off 32 accepted",
	  { BPF_MOV64_IMM(BPF_REG_1, 1), BPF_MOVSX64_REG(BPF_REG_0, BPF_REG_1, 32),
	    BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "NEG with imm != 0",
	  { BPF_MOV64_IMM(BPF_REG_0, 1), BPF_RAW_INSN(BPF_ALU64 | BPF_NEG, 0, 0, 0, 1),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "BPF_NEG uses reserved fields" },
	{ "neighbour: NEG accepted",
	  { BPF_MOV64_IMM(BPF_REG_0, 1), BPF_ALU64_IMM(BPF_NEG, BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "END with width 8",
	  { BPF_MOV64_IMM(BPF_REG_0, 1), BPF_ENDIAN(BPF_TO_BE, BPF_REG_0, 8), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "BPF_END uses reserved fields" },
	{ "neighbour: be16 accepted",
	  { BPF_MOV64_IMM(BPF_REG_0, 1), BPF_ENDIAN(BPF_TO_BE, BPF_REG_0, 16), BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "JA with imm != 0",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_JMP | BPF_JA, 0, 0, 0, 1),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "BPF_JA uses reserved fields" },
	{ "neighbour: gotol +0 (JMP32 | JA, ISA v4) accepted",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP32_A(0), BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "EXIT with dst_reg != 0",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_JMP | BPF_EXIT, 1, 0, 0, 0) },
	  .result = -EINVAL, .errstr = "BPF_EXIT uses reserved fields" },
	{ "CALL with off != 0",
	  { BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 1, BPF_FUNC_ktime_get_ns), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "BPF_CALL uses reserved fields" },
	{ "JMP X with imm != 0",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 0, 1),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "BPF_JMP/JMP32 uses reserved fields" },
	{ "JMP | TAIL_CALL is internal, not for programs",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_JMP | BPF_TAIL_CALL, 0, 0, 0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "invalid BPF_JMP/JMP32 opcode f0" },
	{ "ST with src_reg != 0",
	  { BPF_RAW_INSN(BPF_ST | BPF_MEM | BPF_DW, 10, 1, -8, 0),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "BPF_ST uses reserved fields" },
	{ "LD_ABS: packet loads come with packet pointers",
	  { BPF_LD_ABS(BPF_B, 0), BPF_EXIT_INSN() },
	  .result = -EINVAL,
	  .errstr = "BPF_LD_[ABS|IND] instructions not allowed for this program type" },
};

START_TEST(check_reserved_fields)
{
	RUN(reserved_tests);
}
END_TEST

/* Every instruction form of RFC 9669 (ISA v1-v4 and the atomics), in one
 * program each, verified: nothing valid is refused for being modern.
 */
START_TEST(isa_v4_accepted)
{
#define S BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 5), BPF_MOV64_IMM(BPF_REG_1, 3), \
	  BPF_MOV64_IMM(BPF_REG_0, 9)
	static const struct {
		const char *descr;
		struct bpf_insn insns[10];
	} t[] = {
		{ "movsx32 8, 16", { S, BPF_MOVSX32_REG(BPF_REG_0, BPF_REG_1, 8),
				     BPF_MOVSX32_REG(BPF_REG_0, BPF_REG_1, 16), BPF_EXIT_INSN() } },
		{ "movsx64 8, 16, 32", { S, BPF_MOVSX64_REG(BPF_REG_0, BPF_REG_1, 8),
					 BPF_MOVSX64_REG(BPF_REG_0, BPF_REG_1, 16),
					 BPF_MOVSX64_REG(BPF_REG_0, BPF_REG_1, 32), BPF_EXIT_INSN() } },
		{ "ldsx b, h, w", { S, BPF_LDX_MEMSX(BPF_B, BPF_REG_0, BPF_REG_10, -8),
				    BPF_LDX_MEMSX(BPF_H, BPF_REG_0, BPF_REG_10, -8),
				    BPF_LDX_MEMSX(BPF_W, BPF_REG_0, BPF_REG_10, -8), BPF_EXIT_INSN() } },
		{ "sdiv, smod, 32 and 64, by reg and imm",
		  { S, BPF_ALU64_REG_OFF(BPF_DIV, BPF_REG_0, BPF_REG_1, 1),
		    BPF_ALU32_REG_OFF(BPF_MOD, BPF_REG_0, BPF_REG_1, 1),
		    BPF_ALU64_IMM_OFF(BPF_MOD, BPF_REG_0, -3, 1),
		    BPF_ALU32_IMM_OFF(BPF_DIV, BPF_REG_0, -1, 1), BPF_EXIT_INSN() } },
		{ "bswap 16, 32, 64; be and le 16, 32, 64",
		  { S, BPF_BSWAP(BPF_REG_0, 16), BPF_BSWAP(BPF_REG_0, 32), BPF_BSWAP(BPF_REG_0, 64),
		    BPF_ENDIAN(BPF_TO_BE, BPF_REG_0, 64), BPF_ENDIAN(BPF_TO_LE, BPF_REG_0, 32) , BPF_EXIT_INSN() } },
		{ "gotol forward", { S, BPF_JMP_IMM(BPF_JEQ, BPF_REG_1, 0, 1), BPF_JMP32_A(1),
				     BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN() } },
		{ "JMP32: jset, jsle by reg and imm",
		  { S, BPF_JMP32_IMM(BPF_JSET, BPF_REG_1, 1, 0), BPF_JMP32_REG(BPF_JSLE, BPF_REG_0, BPF_REG_1, 0),
		    BPF_JMP32_IMM(BPF_JLT, BPF_REG_0, -1, 0), BPF_EXIT_INSN() } },
		{ "atomics 64: and, or, xor with and without fetch",
		  { S, BPF_ATOMIC_OP(BPF_DW, BPF_AND | BPF_FETCH, BPF_REG_10, BPF_REG_1, -8),
		    BPF_ATOMIC_OP(BPF_DW, BPF_OR, BPF_REG_10, BPF_REG_1, -8),
		    BPF_ATOMIC_OP(BPF_DW, BPF_XOR | BPF_FETCH, BPF_REG_10, BPF_REG_1, -8), BPF_EXIT_INSN() } },
		{ "atomics 32: add, xchg, cmpxchg",
		  { S, BPF_ATOMIC_OP(BPF_W, BPF_ADD | BPF_FETCH, BPF_REG_10, BPF_REG_1, -8),
		    BPF_ATOMIC_OP(BPF_W, BPF_XCHG, BPF_REG_10, BPF_REG_1, -8),
		    BPF_ATOMIC_OP(BPF_W, BPF_CMPXCHG, BPF_REG_10, BPF_REG_1, -4), BPF_EXIT_INSN() } },
		{ "every ALU32 op by register",
		  { S, BPF_ALU32_REG(BPF_SUB, BPF_REG_0, BPF_REG_1), BPF_ALU32_REG(BPF_MUL, BPF_REG_0, BPF_REG_1),
		    BPF_ALU32_REG(BPF_ARSH, BPF_REG_0, BPF_REG_1), BPF_ALU32_IMM(BPF_NEG, BPF_REG_0, 0),
		    BPF_ALU32_REG(BPF_DIV, BPF_REG_0, BPF_REG_1) } },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		u32 len = probe_len(t[i].insns, ARRAY_SIZE(t[i].insns));
		struct bpf_insn prog[11];
		struct load_opts o = { 0 };
		int fd;

		memcpy(prog, t[i].insns, len * sizeof(prog[0]));
		if (prog[len - 1].code != (BPF_JMP | BPF_EXIT))
			prog[len++] = BPF_EXIT_INSN();
		fd = load_prog(prog, len, &o);
		ck_assert_msg(fd >= 0, "\"%s\": got %d (%s)\n%s", t[i].descr, fd,
			      errno_name(fd), log_tail());
		close_fd(fd);
	}
#undef S
}
END_TEST

/* ---- check_subprogs, check_cfg ----------------------------------------- */

static const struct vtest cfg_tests[] = {
	{ "jump out of range",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 5), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "jump out of range from insn 1 to 7" },
	{ "jump backwards before the start",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, -3), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "jump out of range from insn 1 to -1" },
	{ "neighbour: a jump to the last insn",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 0), BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "last insn is not an exit or jmp",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN(), BPF_MOV64_IMM(BPF_REG_0, 0) },
	  .result = -EINVAL, .errstr = "last insn is not an exit or jmp" },
	{ "lone exit: R0 never written",
	  { BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R0 !read_ok" },
	{ "unreachable insn",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN(),
	    BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "unreachable insn 2" },
	{ "neighbour: the same insns, all reachable",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_IMM(BPF_JEQ, BPF_REG_1, 0, 1), BPF_EXIT_INSN(),
	    BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "bounded loop, unprivileged: back-edge",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
	    BPF_JMP_IMM(BPF_JLT, BPF_REG_0, 10, -2), BPF_EXIT_INSN() },
	  .caps = NOCAPS, .result = -EINVAL, .errstr = "back-edge from insn 2 to 1" },
	{ "neighbour: bounded loop (for i < 10) with CAP_BPF, walked to its end",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
	    BPF_JMP_IMM(BPF_JLT, BPF_REG_0, 10, -2), BPF_EXIT_INSN() },
	  .caps = CAPBPF, .result = ACCEPT, .errstr = "processed 22 insns" },
	{ "loop counter spilled to the stack (clang -O0 style), privileged",
	  { BPF_MOV64_IMM(BPF_REG_1, 0), BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8),
	    BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 1),
	    BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
	    BPF_JMP_IMM(BPF_JLT, BPF_REG_1, 10, -4),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = ACCEPT, .depth = DEPTH(8) },
	{ "what a compare teaches: where r0 <= 5, r0 > 10 cannot hold (a dead leak)",
	  { BPF_CALL_HELPER(BPF_FUNC_get_prandom_u32),
	    BPF_JMP_IMM(BPF_JGT, BPF_REG_0, 5, 3),
	    BPF_JMP_IMM(BPF_JGT, BPF_REG_0, 10, 1),
	    BPF_EXIT_INSN(),
	    BPF_MOV64_REG(BPF_REG_0, BPF_REG_10),	/* never reached */
	    BPF_EXIT_INSN() },
	  .caps = NOCAPS, .result = ACCEPT },
	{ "neighbour: where r0 <= 5, r0 > 3 can hold (a live leak)",
	  { BPF_CALL_HELPER(BPF_FUNC_get_prandom_u32),
	    BPF_JMP_IMM(BPF_JGT, BPF_REG_0, 5, 3),
	    BPF_JMP_IMM(BPF_JGT, BPF_REG_0, 3, 1),
	    BPF_EXIT_INSN(),
	    BPF_MOV64_REG(BPF_REG_0, BPF_REG_10),
	    BPF_EXIT_INSN() },
	  .caps = NOCAPS, .result = -EACCES, .errstr = "R0 leaks addr as return value" },
	{ "a loop with no end, privileged: the insn limit",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
	    BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, -2), BPF_EXIT_INSN() },
	  .log_level = BPF_LOG_STATS,	/* level 1 would fill any buffer: -ENOSPC */
	  .result = -E2BIG, .errstr = "BPF program is too large. Processed 1000001 insn" },
	{ "a jump to itself, privileged: the same state again",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1), BPF_EXIT_INSN(),
	    BPF_JMP_A(-1) },
	  .result = -EINVAL, .errstr = "infinite loop detected at insn 3" },
	{ "a loop that resets what it changes, privileged: the same state again",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1), BPF_EXIT_INSN(),
	    BPF_MOV64_IMM(BPF_REG_1, 0), BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 1), BPF_JMP_A(-3) },
	  .result = -EINVAL, .errstr = "infinite loop detected at insn 3" },
	{ "neighbour: the same loop with a way out is walked to its end",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1), BPF_EXIT_INSN(),
	    BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1), BPF_JMP_IMM(BPF_JLT, BPF_REG_0, 10, -2),
	    BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "8193 paths pending: the jump sequence limit",
	  { BPF_CALL_HELPER(BPF_FUNC_get_prandom_u32),
	    BPF_MOV64_REG(BPF_REG_6, BPF_REG_0),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_6, 7, 2),	/* undecided: one more path */
	    BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
	    BPF_JMP_A(-3),
	    BPF_EXIT_INSN() },
	  .log_level = BPF_LOG_STATS,
	  .result = -EFAULT, .errstr = "The sequence of 8193 jumps is too complex." },
	{ "ja to itself, privileged: exit unreachable",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_A(-1), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "unreachable insn 2" },
};

START_TEST(check_cfg_tests)
{
	RUN(cfg_tests);
}
END_TEST

/* ---- bpf-to-bpf calls: check_subprogs, check_func_call, stack depth ----- */

static const struct vtest call_tests[] = {
	{ "a call: main returns what the callee returns",
	  { BPF_CALL_REL(1), BPF_EXIT_INSN(), BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "calls need CAP_BPF",
	  { BPF_CALL_REL(1), BPF_EXIT_INSN(), BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN() },
	  .caps = NOCAPS, .result = -EPERM,
	  .errstr = "function calls to other bpf functions are allowed for CAP_BPF and CAP_SYS_ADMIN" },
	{ "call to invalid destination",
	  { BPF_CALL_REL(10), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "call to invalid destination" },
	{ "jump from one function into the next",
	  { BPF_CALL_REL(2), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_A(1),
	    BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "jump out of range from insn 2 to 4" },
	{ "falling through into the next function",
	  { BPF_CALL_REL(1), BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "last insn is not an exit or jmp" },
	{ "recursion is a back-edge, even privileged",
	  { BPF_CALL_REL(-1), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "back-edge from insn 0 to 0" },
	{ "the callee cannot read the caller's r6",
	  { BPF_MOV64_IMM(BPF_REG_6, 1), BPF_CALL_REL(1), BPF_EXIT_INSN(),
	    BPF_MOV64_REG(BPF_REG_0, BPF_REG_6), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R6 !read_ok" },
	{ "neighbour: the callee reads the caller's stack through r1",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 7),
	    BPF_MOV64_REG(BPF_REG_1, BPF_REG_10), BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -8),
	    BPF_CALL_REL(1), BPF_EXIT_INSN(),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN() },
	  .result = ACCEPT, .depth = DEPTH(8) },
	{ "a call clobbers r1-r5 of the caller",
	  { BPF_MOV64_IMM(BPF_REG_2, 1), BPF_CALL_REL(2),
	    BPF_MOV64_REG(BPF_REG_0, BPF_REG_2), BPF_EXIT_INSN(),
	    BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R2 !read_ok" },
	{ "cannot return stack pointer to the caller",
	  { BPF_CALL_REL(2), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN(),
	    BPF_MOV64_REG(BPF_REG_0, BPF_REG_10), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "cannot return stack pointer to the caller" },
	{ "combined stack size: 512 + 32 > 512",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, -512, 0), BPF_CALL_REL(1), BPF_EXIT_INSN(),
	    BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "combined stack size of 2 calls is 544. Too large" },
	{ "neighbour: 256 + 32 fits",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, -256, 0), BPF_CALL_REL(1), BPF_EXIT_INSN(),
	    BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = ACCEPT, .depth = DEPTH(256) },
	{ "nine frames: the call stack is too deep",
	  { BPF_CALL_REL(1), BPF_EXIT_INSN(), BPF_CALL_REL(1), BPF_EXIT_INSN(),
	    BPF_CALL_REL(1), BPF_EXIT_INSN(), BPF_CALL_REL(1), BPF_EXIT_INSN(),
	    BPF_CALL_REL(1), BPF_EXIT_INSN(), BPF_CALL_REL(1), BPF_EXIT_INSN(),
	    BPF_CALL_REL(1), BPF_EXIT_INSN(), BPF_CALL_REL(1), BPF_EXIT_INSN(),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -E2BIG, .errstr = "the call stack of 9 frames is too deep" },
	{ "neighbour: eight frames",
	  { BPF_CALL_REL(1), BPF_EXIT_INSN(), BPF_CALL_REL(1), BPF_EXIT_INSN(),
	    BPF_CALL_REL(1), BPF_EXIT_INSN(), BPF_CALL_REL(1), BPF_EXIT_INSN(),
	    BPF_CALL_REL(1), BPF_EXIT_INSN(), BPF_CALL_REL(1), BPF_EXIT_INSN(),
	    BPF_CALL_REL(1), BPF_EXIT_INSN(),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = ACCEPT },
};

START_TEST(check_func_call_tests)
{
	RUN(call_tests);
}
END_TEST

/* ---- check_reg_arg, check_alu_op --------------------------------------- */

static const struct vtest alu_tests[] = {
	{ "reading an uninitialized register",
	  { BPF_MOV64_REG(BPF_REG_0, BPF_REG_2), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R2 !read_ok" },
	{ "neighbour: r1 (the context) is initialized",
	  { BPF_MOV64_REG(BPF_REG_0, BPF_REG_1), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "writing r10",
	  { BPF_MOV64_IMM(BPF_REG_10, 0), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "frame pointer is read only" },
	{ "register 11 does not exist",
	  { BPF_MOV64_REG(BPF_REG_0, 11), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "R11 is invalid" },
	{ "division by constant zero",
	  { BPF_MOV64_IMM(BPF_REG_0, 1), BPF_ALU64_IMM(BPF_DIV, BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "div by zero" },
	{ "modulo by constant zero, 32-bit",
	  { BPF_MOV64_IMM(BPF_REG_0, 1), BPF_ALU32_IMM(BPF_MOD, BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "div by zero" },
	{ "neighbour: division by a register that may be zero (guarded at run time)",
	  { BPF_MOV64_IMM(BPF_REG_0, 1), BPF_MOV64_IMM(BPF_REG_1, 0),
	    BPF_ALU64_REG(BPF_DIV, BPF_REG_0, BPF_REG_1), BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "shift by 64",
	  { BPF_MOV64_IMM(BPF_REG_0, 1), BPF_ALU64_IMM(BPF_LSH, BPF_REG_0, 64), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "invalid shift 64" },
	{ "32-bit shift by 32",
	  { BPF_MOV64_IMM(BPF_REG_0, 1), BPF_ALU32_IMM(BPF_RSH, BPF_REG_0, 32), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "invalid shift 32" },
	{ "shift by -1",
	  { BPF_MOV64_IMM(BPF_REG_0, 1), BPF_ALU64_IMM(BPF_ARSH, BPF_REG_0, -1), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "invalid shift -1" },
	{ "neighbour: shift by 63, 32-bit shift by 31",
	  { BPF_MOV64_IMM(BPF_REG_0, 1), BPF_ALU64_IMM(BPF_LSH, BPF_REG_0, 63),
	    BPF_ALU32_IMM(BPF_LSH, BPF_REG_0, 31), BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "32-bit pointer arithmetic",
	  { BPF_MOV64_REG(BPF_REG_1, BPF_REG_10), BPF_ALU32_IMM(BPF_ADD, BPF_REG_1, -8),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R1 32-bit pointer arithmetic prohibited" },
	{ "neighbour: 64-bit pointer arithmetic",
	  { BPF_MOV64_REG(BPF_REG_1, BPF_REG_10), BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -8),
	    BPF_ST_MEM(BPF_DW, BPF_REG_1, 0, 0), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = ACCEPT, .depth = DEPTH(8) },
	{ "bitwise operator on a pointer",
	  { BPF_MOV64_REG(BPF_REG_1, BPF_REG_10), BPF_ALU64_IMM(BPF_AND, BPF_REG_1, -8),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R1 bitwise operator &= on pointer prohibited" },
	{ "multiplying a pointer",
	  { BPF_MOV64_REG(BPF_REG_1, BPF_REG_10), BPF_ALU64_IMM(BPF_MUL, BPF_REG_1, 2),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R1 pointer arithmetic with *= operator prohibited" },
	{ "subtraction from the stack pointer (use += -8)",
	  { BPF_MOV64_REG(BPF_REG_1, BPF_REG_10), BPF_ALU64_IMM(BPF_SUB, BPF_REG_1, 8),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R1 subtraction from stack pointer prohibited" },
	{ "scalar minus pointer",
	  { BPF_MOV64_IMM(BPF_REG_1, 0), BPF_ALU64_REG(BPF_SUB, BPF_REG_1, BPF_REG_10),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R1 tried to subtract pointer from scalar" },
	{ "pointer plus pointer",
	  { BPF_MOV64_REG(BPF_REG_1, BPF_REG_10), BPF_ALU64_REG(BPF_ADD, BPF_REG_1, BPF_REG_10),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R1 pointer += pointer prohibited" },
	{ "neighbour: pointer minus pointer is a number, for a privileged loader",
	  { BPF_MOV64_REG(BPF_REG_0, BPF_REG_10), BPF_ALU64_REG(BPF_SUB, BPF_REG_0, BPF_REG_10),
	    BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "pointer minus pointer, unprivileged",
	  { BPF_MOV64_REG(BPF_REG_0, BPF_REG_10), BPF_ALU64_REG(BPF_SUB, BPF_REG_0, BPF_REG_10),
	    BPF_EXIT_INSN() },
	  .caps = NOCAPS, .result = -EACCES, .errstr = "R0 pointer -= pointer prohibited" },
	{ "pointer plus an unbounded scalar",
	  { BPF_CALL_HELPER(BPF_FUNC_ktime_get_ns), BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
	    BPF_ALU64_REG(BPF_ADD, BPF_REG_1, BPF_REG_0), BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL,
	  .errstr = "math between fp pointer and register with unbounded min value is not allowed" },
	{ "pointer plus 2^30",
	  { BPF_MOV64_REG(BPF_REG_1, BPF_REG_10), BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 1 << 30),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "math between fp pointer and 1073741824 is not allowed" },
	{ "stack pointer out of the frame, unprivileged",
	  { BPF_MOV64_REG(BPF_REG_1, BPF_REG_10), BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -600),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .caps = NOCAPS, .result = -EACCES,
	  .errstr = "R1 stack pointer arithmetic goes out of range, prohibited for !root" },
	{ "neighbour: the same, privileged (no access through it)",
	  { BPF_MOV64_REG(BPF_REG_1, BPF_REG_10), BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -600),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "returning a pointer, unprivileged",
	  { BPF_MOV64_REG(BPF_REG_0, BPF_REG_10), BPF_EXIT_INSN() },
	  .caps = NOCAPS, .result = -EACCES, .errstr = "R0 leaks addr as return value" },
	{ "neighbour: returning a pointer, privileged",
	  { BPF_MOV64_REG(BPF_REG_0, BPF_REG_10), BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "32-bit copy of a pointer, unprivileged",
	  { BPF_MOV32_REG(BPF_REG_0, BPF_REG_10), BPF_EXIT_INSN() },
	  .caps = NOCAPS, .result = -EACCES, .errstr = "R10 partial copy of pointer" },
	{ "comparing pointers, unprivileged",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_REG(BPF_JGT, BPF_REG_0, BPF_REG_10, 0),
	    BPF_EXIT_INSN() },
	  .caps = NOCAPS, .result = -EACCES, .errstr = "R10 pointer comparison prohibited" },
	{ "neighbour: comparing scalars, unprivileged",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_MOV64_IMM(BPF_REG_1, 0),
	    BPF_JMP_REG(BPF_JGT, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN() },
	  .caps = NOCAPS, .result = ACCEPT },
	{ "NEG of a pointer, unprivileged",
	  { BPF_MOV64_REG(BPF_REG_0, BPF_REG_10), BPF_ALU64_IMM(BPF_NEG, BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .caps = NOCAPS, .result = -EACCES, .errstr = "R0 pointer arithmetic prohibited" },
};

START_TEST(check_alu_op_tests)
{
	RUN(alu_tests);
}
END_TEST

/* ---- check_mem_access: the stack --------------------------------------- */

static const struct vtest stack_tests[] = {
	{ "the article's program",
	  { BPF_MOV64_IMM(BPF_REG_1, 0x231), BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8), BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 0x456),
	    BPF_MOV64_REG(BPF_REG_0, BPF_REG_1), BPF_EXIT_INSN() },
	  .result = ACCEPT, .depth = DEPTH(8) },
	{ "the article's program, unprivileged",
	  { BPF_MOV64_IMM(BPF_REG_1, 0x231), BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8), BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 0x456),
	    BPF_MOV64_REG(BPF_REG_0, BPF_REG_1), BPF_EXIT_INSN() },
	  .caps = NOCAPS, .result = ACCEPT, .depth = DEPTH(8) },
	{ "reading a stack slot never written",
	  { BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "invalid read from stack off -8+0 size 8" },
	{ "reading 8 bytes of which 4 were written",
	  { BPF_ST_MEM(BPF_W, BPF_REG_10, -8, 0),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "invalid read from stack off -8+4 size 8" },
	{ "neighbour: reading the 4 bytes written",
	  { BPF_ST_MEM(BPF_W, BPF_REG_10, -8, 0),
	    BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_10, -8), BPF_EXIT_INSN() },
	  .result = ACCEPT, .depth = DEPTH(8) },
	{ "stack access below the 512-byte frame",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, -520, 0), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "invalid stack off=-520 size=8" },
	{ "stack access at fp+0 (above the frame)",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, 0, 0), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "invalid stack off=0 size=8" },
	{ "neighbour: the deepest slot, fp-512",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, -512, 0), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = ACCEPT, .depth = DEPTH(512) },
	{ "misaligned stack access",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, -12, 0), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "misaligned stack access off (0x0; 0x0)+0+-12 size 8" },
	{ "neighbour: a 4-byte store at fp-12",
	  { BPF_ST_MEM(BPF_W, BPF_REG_10, -12, 0), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = ACCEPT, .depth = DEPTH(12) },
	{ "partial fill of a spilled pointer",
	  { BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_10, -8),
	    BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_10, -8), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "invalid size of register fill" },
	{ "neighbour: a spilled pointer filled whole and used",
	  { BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_10, -8),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_10, -8),
	    BPF_ST_MEM(BPF_DW, BPF_REG_2, -16, 0), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = ACCEPT, .depth = DEPTH(16) },
	{ "partial overwrite of a spilled pointer, unprivileged",
	  { BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_10, -8),
	    BPF_ST_MEM(BPF_W, BPF_REG_10, -8, 0), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .caps = NOCAPS, .result = -EACCES, .errstr = "attempt to corrupt spilled pointer on stack" },
	{ "memory access through a scalar",
	  { BPF_MOV64_IMM(BPF_REG_1, 0), BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R1 invalid mem access 'inv'" },
	{ "store through a scalar",
	  { BPF_MOV64_IMM(BPF_REG_1, 4096), BPF_ST_MEM(BPF_B, BPF_REG_1, 0, 0),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R1 invalid mem access 'inv'" },
	{ "variable-offset stack access",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
	    BPF_LDX_MEM(BPF_B, BPF_REG_2, BPF_REG_10, -8),	/* 0..255 */
	    BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
	    BPF_ALU64_REG(BPF_ADD, BPF_REG_1, BPF_REG_2),
	    BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_1, -300), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "variable stack access var_off=(0x0; 0xff) off=-300 size=1" },
	{ "the same pointer arithmetic, unprivileged",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
	    BPF_LDX_MEM(BPF_B, BPF_REG_2, BPF_REG_10, -8),
	    BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
	    BPF_ALU64_REG(BPF_ADD, BPF_REG_1, BPF_REG_2),
	    BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_1, -300), BPF_EXIT_INSN() },
	  .caps = NOCAPS, .result = -EACCES,
	  .errstr = "R1 variable stack access prohibited for !root, var_off=(0x0; 0xff) off=0" },
	{ "atomic add to the stack",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 1), BPF_MOV64_IMM(BPF_REG_1, 2),
	    BPF_ATOMIC_OP(BPF_DW, BPF_ADD, BPF_REG_10, BPF_REG_1, -8),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8), BPF_EXIT_INSN() },
	  .result = ACCEPT, .depth = DEPTH(8) },
	{ "atomic fetch-add from an uninitialized slot",
	  { BPF_MOV64_IMM(BPF_REG_1, 2),
	    BPF_ATOMIC_OP(BPF_DW, BPF_ADD | BPF_FETCH, BPF_REG_10, BPF_REG_1, -8),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "invalid read from stack off -8+0 size 8" },
	{ "atomic with an unknown operation",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 1), BPF_MOV64_IMM(BPF_REG_1, 2),
	    BPF_ATOMIC_OP(BPF_DW, 0x02, BPF_REG_10, BPF_REG_1, -8),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "BPF_ATOMIC uses invalid atomic opcode 02" },
	{ "neighbour: cmpxchg on the stack",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 1), BPF_MOV64_IMM(BPF_REG_1, 2),
	    BPF_MOV64_IMM(BPF_REG_0, 1),
	    BPF_ATOMIC_OP(BPF_DW, BPF_CMPXCHG, BPF_REG_10, BPF_REG_1, -8), BPF_EXIT_INSN() },
	  .result = ACCEPT },
};

START_TEST(check_mem_access_stack)
{
	RUN(stack_tests);
}
END_TEST

/* ---- check_ctx_access: the program types' contexts --------------------- */

#define RAW_TP	BPF_PROG_TYPE_RAW_TRACEPOINT
#define KPROBE	BPF_PROG_TYPE_KPROBE

static const struct vtest ctx_tests[] = {
	{ "raw_tp: read args[0]",
	  { BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = ACCEPT },
	{ "raw_tp: read args[11], the last",
	  { BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 88), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = ACCEPT },
	{ "raw_tp: read past args[11]",
	  { BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 96), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = -EACCES, .errstr = "invalid bpf_context access off=96 size=8" },
	{ "raw_tp: read before args[0]",
	  { BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, -8), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = -EACCES, .errstr = "invalid bpf_context access off=-8 size=8" },
	{ "raw_tp: 4-byte read at offset 2",
	  { BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 2), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = -EACCES, .errstr = "invalid bpf_context access off=2 size=4" },
	{ "neighbour: raw_tp: 4-byte read at offset 4",
	  { BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 4), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = ACCEPT },
	{ "raw_tp: write args[0]",
	  { BPF_MOV64_IMM(BPF_REG_2, 0), BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_2, 0),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = -EACCES, .errstr = "invalid bpf_context access off=0 size=8" },
	{ "raw_tp: BPF_ST into the context",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_1, 0, 0), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = -EACCES, .errstr = "BPF_ST stores into R1 ctx is not allowed" },
	{ "raw_tp: atomic add into the context",
	  { BPF_MOV64_IMM(BPF_REG_2, 1), BPF_ATOMIC_OP(BPF_DW, BPF_ADD, BPF_REG_1, BPF_REG_2, 0),
	    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = -EACCES, .errstr = "BPF_ATOMIC stores into R1 ctx is not allowed" },
	{ "raw_tp: read through a moved context pointer",
	  { BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 8), BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),
	    BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = -EACCES,
	  .errstr = "dereference of modified ctx ptr R1 off=8 disallowed" },
	{ "raw_tp: the context pointer survives a spill and fill",
	  { BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8), BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_10, -8),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_2, 8), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = ACCEPT, .depth = DEPTH(8) },
	{ "one load insn used on ctx and on the stack",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
	    BPF_MOV64_REG(BPF_REG_2, BPF_REG_10), BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1), BPF_MOV64_REG(BPF_REG_1, BPF_REG_2),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = -EINVAL,
	  .errstr = "same insn cannot be used with different pointers" },
	{ "kprobe: read pt_regs->ss, the last field",
	  { BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 160), BPF_EXIT_INSN() },
	  .prog_type = KPROBE, .result = ACCEPT },
	{ "kprobe: read past struct pt_regs",
	  { BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 168), BPF_EXIT_INSN() },
	  .prog_type = KPROBE, .result = -EACCES, .errstr = "invalid bpf_context access off=168 size=8" },
	{ "kprobe: misaligned read",
	  { BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 164), BPF_EXIT_INSN() },
	  .prog_type = KPROBE, .result = -EACCES, .errstr = "invalid bpf_context access off=164 size=8" },
	{ "neighbour: kprobe: 4-byte read at 164",
	  { BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 164), BPF_EXIT_INSN() },
	  .prog_type = KPROBE, .result = ACCEPT },
	{ "xdp: reading the context",
	  { BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN() },
	  .prog_type = BPF_PROG_TYPE_XDP, .result = -EACCES,
	  .errstr = "fields of this program type come with packet pointers in chapter 07" },
	{ "neighbour: xdp: return XDP_PASS without touching the context",
	  { BPF_MOV64_IMM(BPF_REG_0, 2), BPF_EXIT_INSN() },
	  .prog_type = BPF_PROG_TYPE_XDP, .result = ACCEPT },
	{ "socket_filter: reading skb->len",
	  { BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "invalid bpf_context access off=0 size=4" },
	{ "sched_cls: reading the context",
	  { BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN() },
	  .prog_type = BPF_PROG_TYPE_SCHED_CLS, .result = -EACCES,
	  .errstr = "come with packet pointers" },
};

START_TEST(check_ctx_access_tests)
{
	RUN(ctx_tests);
}
END_TEST

/* ---- check_helper_call --------------------------------------------------- */

/* "hi\n" in the 4 bytes at fp-8, then r1 = fp-8, r2 = size */
#define FMT_ON_STACK(size)						\
	BPF_ST_MEM(BPF_W, BPF_REG_10, -8, 0x000a6968),			\
	BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),				\
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -8),				\
	BPF_MOV64_IMM(BPF_REG_2, size)

static const struct vtest helper_tests[] = {
	{ "bpf_ktime_get_ns: r0 is a scalar afterwards",
	  { BPF_CALL_HELPER(BPF_FUNC_ktime_get_ns), BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "neighbour: bpf_get_prandom_u32, unprivileged",
	  { BPF_CALL_HELPER(BPF_FUNC_get_prandom_u32), BPF_EXIT_INSN() },
	  .caps = NOCAPS, .result = ACCEPT },
	{ "a helper call clobbers r1",
	  { BPF_MOV64_IMM(BPF_REG_1, 1), BPF_CALL_HELPER(BPF_FUNC_ktime_get_ns),
	    BPF_MOV64_REG(BPF_REG_0, BPF_REG_1), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R1 !read_ok" },
	{ "neighbour: r6 survives a helper call",
	  { BPF_MOV64_IMM(BPF_REG_6, 1), BPF_CALL_HELPER(BPF_FUNC_ktime_get_ns),
	    BPF_MOV64_REG(BPF_REG_0, BPF_REG_6), BPF_EXIT_INSN() },
	  .result = ACCEPT },
	{ "helper id beyond v5.8's last",
	  { BPF_CALL_HELPER(200), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "invalid func unknown#200" },
	{ "a v5.8 helper this project does not provide",
	  { BPF_CALL_HELPER(BPF_FUNC_map_lookup_elem), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "unknown func bpf_map_lookup_elem#1" },
	{ "trace_printk from a socket filter needs CAP_PERFMON",
	  { FMT_ON_STACK(4), BPF_CALL_HELPER(BPF_FUNC_trace_printk), BPF_EXIT_INSN() },
	  .caps = NOCAPS, .result = -EINVAL, .errstr = "unknown func bpf_trace_printk#6" },
	{ "neighbour: trace_printk from a raw tracepoint",
	  { FMT_ON_STACK(4), BPF_CALL_HELPER(BPF_FUNC_trace_printk), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = ACCEPT, .depth = DEPTH(8) },
	{ "trace_printk from a non-GPL program",
	  { FMT_ON_STACK(4), BPF_CALL_HELPER(BPF_FUNC_trace_printk), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .license = "MIT", .result = -EINVAL,
	  .errstr = "cannot call GPL-restricted function from non-GPL compatible program" },
	{ "neighbour: a non-GPL program calls bpf_ktime_get_ns",
	  { BPF_CALL_HELPER(BPF_FUNC_ktime_get_ns), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .license = "MIT", .result = ACCEPT },
	{ "trace_printk: fmt reaches past what was written",
	  { FMT_ON_STACK(8), BPF_CALL_HELPER(BPF_FUNC_trace_printk), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = -EACCES,
	  .errstr = "invalid indirect read from stack off -8+4 size 8" },
	{ "trace_printk: fmt is the context",
	  { BPF_MOV64_IMM(BPF_REG_2, 4), BPF_CALL_HELPER(BPF_FUNC_trace_printk), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = -EACCES, .errstr = "R1 type=ctx expected=fp" },
	{ "trace_printk: size 0",
	  { FMT_ON_STACK(0), BPF_CALL_HELPER(BPF_FUNC_trace_printk), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = -EACCES, .errstr = "invalid stack type R1 off=-8 access_size=0" },
	{ "trace_printk: size unknown",
	  { BPF_CALL_HELPER(BPF_FUNC_get_prandom_u32), BPF_MOV64_REG(BPF_REG_2, BPF_REG_0),
	    BPF_ALU64_IMM(BPF_LSH, BPF_REG_2, 32), FMT_ON_STACK(4),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_10, -16),
	    BPF_CALL_HELPER(BPF_FUNC_trace_printk), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = -EACCES, .errstr = "invalid read from stack off -16+0 size 8" },
	{ "trace_printk: size from an unknown 64-bit value",
	  { BPF_CALL_HELPER(BPF_FUNC_ktime_get_ns), BPF_MOV64_REG(BPF_REG_6, BPF_REG_0),
	    FMT_ON_STACK(4), BPF_MOV64_REG(BPF_REG_2, BPF_REG_6),
	    BPF_CALL_HELPER(BPF_FUNC_trace_printk), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = -EACCES,
	  .errstr = "R2 min value is negative, either use unsigned or 'var &= const'" },
	{ "neighbour: trace_printk with a pointer argument (%p), privileged",
	  { FMT_ON_STACK(4), BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
	    BPF_CALL_HELPER(BPF_FUNC_trace_printk), BPF_EXIT_INSN() },
	  .prog_type = RAW_TP, .result = ACCEPT },
};

START_TEST(check_helper_call_tests)
{
	RUN(helper_tests);
}
END_TEST

/* ---- BPF_F_UNVERIFIED: the structural passes only ---------------------- */

#define R0 BPF_REG_0
#define R1 BPF_REG_1
#define AX BPF_REG_AX

static void expect_xlated_insn(int fd, u32 idx, const struct bpf_insn *want, const char *what)
{
	const struct bpf_insn *got = &prog_of(fd)->insnsi[idx];
	char g[96], w[96];

	bpf_insn_snprintf(g, sizeof(g), got);
	bpf_insn_snprintf(w, sizeof(w), want);
	ck_assert_msg(!memcmp(got, want, sizeof(*want)), "%s: insn %u: expected %s, got %s",
		      what, idx, w, g);
}

static const struct vtest unverified_tests[] = {
	{ "reads raw memory at r1: refused by the walk",
	  { BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "invalid bpf_context access off=0 size=1" },
	{ "neighbour: the same with BPF_F_UNVERIFIED",
	  { BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN() },
	  .flags = BPF_F_UNVERIFIED, .result = ACCEPT, .depth = DEPTH(512),
	  .errstr = "the program was not verified" },
	{ "unverified needs CAP_SYS_ADMIN",
	  { BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN() },
	  .flags = BPF_F_UNVERIFIED, .caps = CAPBPF, .result = -EPERM },
	{ "unverified: a loop is structurally fine",
	  { BPF_MOV64_REG(BPF_REG_0, BPF_REG_2), BPF_ALU64_IMM(BPF_SUB, BPF_REG_0, 1),
	    BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, -2), BPF_EXIT_INSN() },
	  .flags = BPF_F_UNVERIFIED, .result = ACCEPT },
	{ "unverified: still no unknown opcodes",
	  { BPF_RAW_INSN(0xff, 0, 0, 0, 0), BPF_EXIT_INSN() },
	  .flags = BPF_F_UNVERIFIED, .result = -EINVAL, .errstr = "unknown opcode ff" },
	{ "unreachable code: refused by check_cfg()",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN(), BPF_MOV64_IMM(BPF_REG_0, 1) },
	  .result = -EINVAL, .errstr = "last insn is not an exit or jmp" },
	{ "neighbour: unverified: code after the exit is kept, never run",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN(), BPF_MOV64_IMM(BPF_REG_0, 1) },
	  .flags = BPF_F_UNVERIFIED, .result = ACCEPT },
	{ "unverified: a last instruction reached must end the program",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_IMM(BPF_JEQ, BPF_REG_1, 0, 1), BPF_EXIT_INSN(),
	    BPF_MOV64_IMM(BPF_REG_0, 1) },
	  .flags = BPF_F_UNVERIFIED, .result = -EINVAL, .errstr = "jump out of range from insn 3 to 4" },
	{ "unverified: a function reached to its end must not run into the next",
	  { BPF_CALL_REL(2), BPF_EXIT_INSN(), BPF_EXIT_INSN(),
	    BPF_MOV64_IMM(BPF_REG_0, 1), BPF_CALL_REL(1), BPF_MOV64_IMM(BPF_REG_0, 2),
	    BPF_EXIT_INSN() },
	  .flags = BPF_F_UNVERIFIED, .result = -EINVAL, .errstr = "last insn is not an exit or jmp" },
	{ "unverified: the verifier's zero-extension, w1 = w1 with imm 1, loads",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_ALU | BPF_MOV | BPF_X, 1, 1, 0, 1),
	    BPF_EXIT_INSN() },
	  .flags = BPF_F_UNVERIFIED, .result = ACCEPT },
	{ "neighbour: verified, it is a reserved field",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_MOV64_IMM(BPF_REG_1, 0),
	    BPF_RAW_INSN(BPF_ALU | BPF_MOV | BPF_X, 1, 1, 0, 1), BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "BPF_MOV uses reserved fields" },
	{ "neighbour: unverified, imm 1 between two registers is still reserved",
	  { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_ALU | BPF_MOV | BPF_X, 1, 2, 0, 1),
	    BPF_EXIT_INSN() },
	  .flags = BPF_F_UNVERIFIED, .result = -EINVAL, .errstr = "BPF_MOV uses reserved fields" },
	{ "unverified: a shift by 64 is masked at run time (RFC 9669)",
	  { BPF_MOV64_IMM(BPF_REG_0, 1), BPF_ALU64_IMM(BPF_LSH, BPF_REG_0, 64), BPF_EXIT_INSN() },
	  .flags = BPF_F_UNVERIFIED, .result = ACCEPT },
	{ "unverified: still no register 12",
	  { BPF_LDX_MEM(BPF_B, BPF_REG_0, 12, 0), BPF_EXIT_INSN() },
	  .flags = BPF_F_UNVERIFIED, .result = -EINVAL, .errstr = "R12 is invalid" },
	{ "unverified: still no write to r10",
	  { BPF_LDX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, 0), BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .flags = BPF_F_UNVERIFIED, .result = -EACCES, .errstr = "frame pointer is read only" },
	{ "unverified: still no unknown helper",
	  { BPF_CALL_HELPER(BPF_FUNC_map_lookup_elem), BPF_EXIT_INSN() },
	  .flags = BPF_F_UNVERIFIED, .result = -EINVAL, .errstr = "unknown func bpf_map_lookup_elem#1" },
	{ "callx (JMP | CALL | X) is no kernel instruction",
	  { BPF_MOV64_IMM(BPF_REG_2, 5), BPF_RAW_INSN(BPF_JMP | BPF_CALL | BPF_X, 2, 0, 0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "unknown opcode 8d" },
	{ "neighbour: unverified: callx (RFC 9669's callx group) loads",
	  { BPF_MOV64_IMM(BPF_REG_2, 5), BPF_RAW_INSN(BPF_JMP | BPF_CALL | BPF_X, 2, 0, 0, 0),
	    BPF_EXIT_INSN() },
	  .flags = BPF_F_UNVERIFIED, .result = ACCEPT },
	{ "unverified: callx with an immediate",
	  { BPF_MOV64_IMM(BPF_REG_2, 5), BPF_RAW_INSN(BPF_JMP | BPF_CALL | BPF_X, 2, 0, 0, 1),
	    BPF_EXIT_INSN() },
	  .flags = BPF_F_UNVERIFIED, .result = -EINVAL, .errstr = "BPF_CALL uses reserved fields" },
	{ "unverified: still no reserved fields",
	  { BPF_RAW_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 1, 0, 0), BPF_EXIT_INSN() },
	  .flags = BPF_F_UNVERIFIED, .result = -EINVAL, .errstr = "BPF_MOV uses reserved fields" },
};

START_TEST(bpf_check_unverified)
{
	RUN(unverified_tests);
}
END_TEST

START_TEST(bpf_check_unverified_div_by_zero)
{
	/* The walk refuses a constant divisor 0; a structural-only load
	 * gets the instruction set's result instead, with no division left.
	 */
	static const struct {
		struct bpf_insn insn, want;
	} t[] = {
		{ BPF_ALU64_IMM(BPF_DIV, R0, 0), BPF_MOV64_IMM(R0, 0) },
		{ BPF_ALU32_IMM(BPF_DIV, R0, 0), BPF_MOV32_IMM(R0, 0) },
		{ BPF_ALU64_IMM_OFF(BPF_DIV, R0, 0, 1), BPF_MOV64_IMM(R0, 0) },
		{ BPF_ALU64_IMM(BPF_MOD, R0, 0), BPF_MOV64_REG(R0, R0) },
		{ BPF_ALU32_IMM(BPF_MOD, R0, 0), BPF_MOV32_REG(R0, R0) },
		{ BPF_ALU32_IMM_OFF(BPF_MOD, R0, 0, 1), BPF_MOV32_REG(R0, R0) },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct bpf_insn prog[] = { BPF_MOV64_IMM(R0, 7), t[i].insn, BPF_EXIT_INSN() };
		struct load_opts o = { .prog_flags = BPF_F_UNVERIFIED };
		char text[96];
		int fd = load_prog(prog, ARRAY_SIZE(prog), &o);

		bpf_insn_snprintf(text, sizeof(text), &t[i].insn);
		ck_assert_msg(fd >= 0, "%s: got %d\n%s", text, fd, test_log);
		expect_xlated_insn(fd, 1, &t[i].want, text);
		close_fd(fd);
	}
}
END_TEST

/* ---- bpf_verifier_vlog: the log --------------------------------------- */

static const struct bpf_insn article[] = {
	BPF_MOV64_IMM(BPF_REG_1, 0x231), BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
	BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8), BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 0x456),
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_1), BPF_EXIT_INSN(),
};

static int load_with_log(u32 level, void *buf, u32 size)
{
	union bpf_attr attr;

	set_current_caps(CAP_ALL);
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (u64)(uintptr_t)article;
	attr.insn_cnt = ARRAY_SIZE(article);
	attr.license = (u64)(uintptr_t)"GPL";
	attr.log_level = level;
	attr.log_buf = (u64)(uintptr_t)buf;
	attr.log_size = size;
	return (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

START_TEST(bpf_verifier_vlog_level2)
{
	/* The kernel's own words for the article's program, line by line. */
	static const char expect[] =
		"func#0 @0\n"
		"0: R1=ctx(id=0,off=0,imm=0) R10=fp0\n"
		"0: (b7) r1 = 561\n"
		"1: R1_w=inv561 R10=fp0\n"
		"1: (7b) *(u64 *)(r10 -8) = r1\n"
		"2: R1_w=inv561 R10=fp0 fp-8_w=inv561\n"
		"2: (79) r1 = *(u64 *)(r10 -8)\n"
		"3: R1_w=inv561 R10=fp0 fp-8_w=inv561\n"
		"3: (07) r1 += 1110\n"
		"4: R1_w=inv1671 R10=fp0 fp-8_w=inv561\n"
		"4: (bf) r0 = r1\n"
		"5: R0_w=inv1671 R1_w=inv1671 R10=fp0 fp-8_w=inv561\n"
		"5: (95) exit\n"
		"processed 6 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n";
	char buf[4096];
	int fd = load_with_log(2, buf, sizeof(buf));

	ck_assert_msg(fd >= 0, "article at log_level 2: got %d", fd);
	ck_assert_msg(!strcmp(buf, expect), "log_level 2:\nexpected:\n%s\ngot:\n%s", expect, buf);
	close_fd(fd);
}
END_TEST

START_TEST(bpf_verifier_vlog_level1)
{
	/* Level 1: every instruction walked, but states only where a walk
	 * resumes after a branch; then the statistics.
	 */
	static const char expect[] =
		"0: (b7) r1 = 561\n"
		"1: (7b) *(u64 *)(r10 -8) = r1\n"
		"2: (79) r1 = *(u64 *)(r10 -8)\n"
		"3: (07) r1 += 1110\n"
		"4: (bf) r0 = r1\n"
		"5: (95) exit\n"
		"processed 6 insns (limit 1000000) max_states_per_insn 0 "
		"total_states 0 peak_states 0 mark_read 0\n";
	char buf[4096];
	int fd = load_with_log(1, buf, sizeof(buf));

	ck_assert_msg(fd >= 0, "article at log_level 1: got %d", fd);
	ck_assert_msg(!strcmp(buf, expect), "log_level 1:\nexpected:\n%s\ngot:\n%s", expect, buf);
	close_fd(fd);
}
END_TEST

START_TEST(bpf_verifier_vlog_branch)
{
	/* Level 1 at a branch the walk cannot decide: the state after the
	 * compare on the fall-through, then, where the pushed path resumes,
	 * "from 1 to 3:" and the state the jump side learned.
	 */
	static const struct bpf_insn prog[] = {
		BPF_CALL_HELPER(BPF_FUNC_get_prandom_u32),
		BPF_JMP_IMM(BPF_JGT, BPF_REG_0, 5, 1),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	static const char expect[] =
		"0: (85) call bpf_get_prandom_u32#7\n"
		"1: (25) if r0 > 0x5 goto pc+1\n"
		" R0_w=inv(id=0,umax_value=5,var_off=(0x0; 0x7)) R10=fp0\n"
		"2: (b7) r0 = 0\n"
		"3: (95) exit\n"
		"\n"
		"from 1 to 3: R0_w=inv(id=0,umin_value=6) R10=fp0\n"
		"3: (95) exit\n"
		"processed 5 insns (limit 1000000) max_states_per_insn 0 "
		"total_states 0 peak_states 0 mark_read 0\n";
	struct load_opts o = { 0 };
	int fd = load_prog(prog, ARRAY_SIZE(prog), &o);

	ck_assert_msg(fd >= 0, "got %d", fd);
	ck_assert_msg(!strcmp(test_log, expect), "expected:\n%s\ngot:\n%s", expect, test_log);
	close_fd(fd);
}
END_TEST

START_TEST(bpf_verifier_vlog_stats)
{
	char buf[4096];
	int fd = load_with_log(BPF_LOG_STATS, buf, sizeof(buf));

	ck_assert_msg(fd >= 0, "article at log_level 4: got %d", fd);
	ck_assert_msg(strstr(buf, "\nstack depth 8\n"), "no stack depth line in:\n%s", buf);
	close_fd(fd);
}
END_TEST

START_TEST(bpf_verifier_vlog_truncated)
{
	char full[4096], *small = guarded_alloc(128, 'x');
	int fd = load_with_log(2, full, sizeof(full)), ret;

	ck_assert_int_ge(fd, 0);
	close_fd(fd);
	/* 128 bytes hold 127 characters and the NUL; the load fails with
	 * -ENOSPC so the loader knows its log is cut short. The buffer ends
	 * exactly at an unmapped page: one byte too many would crash.
	 */
	ret = load_with_log(2, small, 128);
	ck_assert_msg(ret == -ENOSPC, "expected -ENOSPC, got %d", ret);
	ck_assert_uint_eq(strlen(small), 127);
	ck_assert_msg(!strncmp(small, full, 127), "truncated log is not a prefix");
	guarded_free(small, 128);
}
END_TEST

START_TEST(bpf_verifier_vlog_bad_attrs)
{
	char buf[256];

	ck_assert_int_eq(load_with_log(8, buf, sizeof(buf)), -EINVAL);	/* level */
	ck_assert_int_eq(load_with_log(1, buf, 127), -EINVAL);		/* size */
	ck_assert_int_eq(load_with_log(1, NULL, sizeof(buf)), -EINVAL);	/* buf */
	ck_assert_int_eq(load_with_log(1, BAD_UPTR, sizeof(buf)), -EFAULT);
}
END_TEST

/* ---- dead code ----------------------------------------------------------- */

static void expect_xlated(int fd, const struct bpf_insn *want, u32 n, const char *what)
{
	struct bpf_prog *prog = prog_of(fd);
	char got[128], exp[128];

	ck_assert_msg(prog->len == n, "%s: expected %u insns, got %u", what, n, prog->len);
	for (u32 i = 0; i < n; i++) {
		bpf_insn_snprintf(got, sizeof(got), &prog->insnsi[i]);
		bpf_insn_snprintf(exp, sizeof(exp), &want[i]);
		ck_assert_msg(!memcmp(&prog->insnsi[i], &want[i], sizeof(want[i])),
			      "%s: insn %u: expected %s, got %s", what, i, exp, got);
	}
}

START_TEST(opt_remove_dead_code)
{
	/* r0 = 0 is known, so `if r0 == 0` always jumps and insn 2 is dead. */
	const struct bpf_insn prog[] = {
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
		BPF_MOV64_IMM(BPF_REG_0, 2),
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn priv[] = {
		/* the jump became `ja +0` (its target is next), then went */
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn unpriv[] = {
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
		BPF_JMP_IMM(BPF_JA, 0, 0, -1),		/* sanitize_dead_code */
		BPF_EXIT_INSN(),
	};
	struct load_opts o = { 0 };
	int fd;

	fd = load_prog(prog, ARRAY_SIZE(prog), &o);
	ck_assert_msg(fd >= 0, "privileged: got %d\n%s", fd, test_log);
	expect_xlated(fd, priv, ARRAY_SIZE(priv), "privileged");
	close_fd(fd);

	o.caps = NOCAPS;
	fd = load_prog(prog, ARRAY_SIZE(prog), &o);
	set_current_caps(CAP_ALL);
	ck_assert_msg(fd >= 0, "unprivileged: got %d\n%s", fd, test_log);
	expect_xlated(fd, unpriv, ARRAY_SIZE(unpriv), "unprivileged");
	close_fd(fd);
}
END_TEST

START_TEST(opt_hard_wire_dead_code_branches)
{
	/* `if r1 == 7` with r1 = 7 always jumps: the branch becomes `ja +1`,
	 * the dead insn it skips goes, the `ja +0` left goes too, and the
	 * live conditional jump before them shrinks by both.
	 */
	const struct bpf_insn prog[] = {
		BPF_CALL_HELPER(BPF_FUNC_ktime_get_ns),
		BPF_JMP_IMM(BPF_JGT, BPF_REG_0, 5, 4),		/* live both ways, to 6 */
		BPF_MOV64_IMM(BPF_REG_1, 7),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_1, 7, 1),		/* always taken */
		BPF_MOV64_IMM(BPF_REG_0, 1),			/* dead */
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 2),
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn want[] = {
		BPF_CALL_HELPER(BPF_FUNC_ktime_get_ns),
		BPF_JMP_IMM(BPF_JGT, BPF_REG_0, 5, 2),
		BPF_MOV64_IMM(BPF_REG_1, 7),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 2),
		BPF_EXIT_INSN(),
	};
	struct load_opts o = { 0 };
	struct bpf_prog *p;
	int fd;

	fd = load_prog(prog, ARRAY_SIZE(prog), &o);
	ck_assert_msg(fd >= 0, "got %d\n%s", fd, test_log);
	p = prog_of(fd);
	/* the helper call's imm was rewritten: compare it apart */
	ck_assert_int_eq(p->insnsi[0].imm,
			 (s32)((uintptr_t)bpf_ktime_get_ns - (uintptr_t)__bpf_call_base));
	p->insnsi[0].imm = BPF_FUNC_ktime_get_ns;
	expect_xlated(fd, want, ARRAY_SIZE(want), "hard-wired");
	close_fd(fd);
}
END_TEST

/* ---- fixup_bpf_calls ----------------------------------------------------- */

struct fixup_case {
	const char *descr;
	struct bpf_insn insn;		/* placed after r0 = 7, r1 = 0 */
	struct bpf_insn want[12];	/* what replaces it */
	u32 n;
};

static const struct fixup_case fixups[] = {
	{ "div64 by register: x / 0 = 0 (v5.8 and later)", BPF_ALU64_REG(BPF_DIV, R0, R1),
	  { BPF_JMP_IMM(BPF_JNE, R1, 0, 2), BPF_ALU32_REG(BPF_XOR, R0, R0),
	    BPF_JMP_IMM(BPF_JA, 0, 0, 1), BPF_ALU64_REG(BPF_DIV, R0, R1) }, 4 },
	{ "mod64 by register: x % 0 = x", BPF_ALU64_REG(BPF_MOD, R0, R1),
	  { BPF_JMP_IMM(BPF_JEQ, R1, 0, 1), BPF_ALU64_REG(BPF_MOD, R0, R1) }, 2 },
	{ "div32 by register: a 32-bit compare, src untouched (5.12+)", BPF_ALU32_REG(BPF_DIV, R0, R1),
	  { BPF_JMP32_IMM(BPF_JNE, R1, 0, 2), BPF_ALU32_REG(BPF_XOR, R0, R0),
	    BPF_JMP_IMM(BPF_JA, 0, 0, 1), BPF_ALU32_REG(BPF_DIV, R0, R1) }, 4 },
	{ "mod32 by register: x % 0 = x, upper half cleared (5.12+)", BPF_ALU32_REG(BPF_MOD, R0, R1),
	  { BPF_JMP32_IMM(BPF_JEQ, R1, 0, 2), BPF_ALU32_REG(BPF_MOD, R0, R1),
	    BPF_JMP_IMM(BPF_JA, 0, 0, 1), BPF_MOV32_REG(R0, R0) }, 4 },
	{ "sdiv64 by register: 0 and -1 handled (6.6+)", BPF_ALU64_REG_OFF(BPF_DIV, R0, R1, 1),
	  { BPF_MOV64_REG(AX, R1), BPF_ALU64_IMM(BPF_ADD, AX, 1),
	    BPF_JMP_IMM(BPF_JGT, AX, 1, 4), BPF_JMP_IMM(BPF_JEQ, AX, 0, 1),
	    BPF_MOV64_IMM(R0, 0), BPF_ALU64_IMM(BPF_NEG, R0, 0),
	    BPF_JMP_IMM(BPF_JA, 0, 0, 1), BPF_ALU64_REG_OFF(BPF_DIV, R0, R1, 1) }, 8 },
	{ "smod32 by register: 0 and -1 handled (6.6+)", BPF_ALU32_REG_OFF(BPF_MOD, R0, R1, 1),
	  { BPF_MOV64_REG(AX, R1), BPF_ALU32_IMM(BPF_ADD, AX, 1),
	    BPF_JMP32_IMM(BPF_JGT, AX, 1, 3), BPF_JMP32_IMM(BPF_JEQ, AX, 1, 4),
	    BPF_MOV32_IMM(R0, 0), BPF_JMP_IMM(BPF_JA, 0, 0, 1),
	    BPF_ALU32_REG_OFF(BPF_MOD, R0, R1, 1),
	    BPF_JMP_IMM(BPF_JA, 0, 0, 1), BPF_MOV32_REG(R0, R0) }, 9 },
	{ "sdiv64 by -1: a negation", BPF_ALU64_IMM_OFF(BPF_DIV, R0, -1, 1),
	  { BPF_ALU64_IMM(BPF_NEG, R0, 0) }, 1 },
	{ "smod32 by -1: zero", BPF_ALU32_IMM_OFF(BPF_MOD, R0, -1, 1),
	  { BPF_MOV32_IMM(R0, 0) }, 1 },
	{ "div64 by a constant: no guard needed", BPF_ALU64_IMM(BPF_DIV, R0, 3),
	  { BPF_ALU64_IMM(BPF_DIV, R0, 3) }, 1 },
};

START_TEST(fixup_bpf_calls_div_mod)
{
	for (size_t i = 0; i < ARRAY_SIZE(fixups); i++) {
		/* A jump over the division checks that the patch moved it. */
		struct bpf_insn prog[] = {
			BPF_MOV64_IMM(R0, 7), BPF_MOV64_IMM(R1, 0),
			BPF_CALL_HELPER(BPF_FUNC_get_prandom_u32),
			BPF_MOV64_IMM(R1, 0),
			BPF_JMP_IMM(BPF_JGT, R0, 5, 1),
			fixups[i].insn,
			BPF_EXIT_INSN(),
		};
		struct load_opts o = { 0 };
		struct bpf_prog *p;
		int fd = load_prog(prog, ARRAY_SIZE(prog), &o);
		u32 n = fixups[i].n;

		ck_assert_msg(fd >= 0, "%s: got %d\n%s", fixups[i].descr, fd, test_log);
		p = prog_of(fd);
		ck_assert_msg(p->len == 6 + n, "%s: expected %u insns, got %u",
			      fixups[i].descr, 6 + n, p->len);
		ck_assert_msg(p->insnsi[4].off == (s16)n, "%s: jump over the patch: off %d, expected %u",
			      fixups[i].descr, p->insnsi[4].off, n);
		for (u32 j = 0; j < n; j++) {
			char got[96], exp[96];

			bpf_insn_snprintf(got, sizeof(got), &p->insnsi[5 + j]);
			bpf_insn_snprintf(exp, sizeof(exp), &fixups[i].want[j]);
			ck_assert_msg(!memcmp(&p->insnsi[5 + j], &fixups[i].want[j],
					      sizeof(struct bpf_insn)),
				      "%s: insn %u: expected %s, got %s",
				      fixups[i].descr, j, exp, got);
		}
		close_fd(fd);
	}
}
END_TEST

START_TEST(fixup_bpf_calls_helper_imm)
{
	static const struct {
		int id;
		u64 (*fn)(u64, u64, u64, u64, u64);
	} h[] = {
		{ BPF_FUNC_ktime_get_ns, bpf_ktime_get_ns },
		{ BPF_FUNC_get_prandom_u32, bpf_get_prandom_u32 },
		{ BPF_FUNC_get_smp_processor_id, bpf_get_smp_processor_id },
	};

	for (size_t i = 0; i < ARRAY_SIZE(h); i++) {
		struct bpf_insn prog[] = { BPF_CALL_HELPER(h[i].id), BPF_EXIT_INSN() };
		struct load_opts o = { 0 };
		int fd = load_prog(prog, ARRAY_SIZE(prog), &o);
		s32 imm;
		u64 (*call)(u64, u64, u64, u64, u64);

		ck_assert_msg(fd >= 0, "helper %d: got %d", h[i].id, fd);
		imm = prog_of(fd)->insnsi[0].imm;
		/* what the interpreter and the JIT will call */
		call = (void *)((uintptr_t)__bpf_call_base + imm);
		ck_assert_msg(call == h[i].fn, "helper %d: __bpf_call_base + %d is not %s",
			      h[i].id, imm, func_id_name(h[i].id));
		close_fd(fd);
	}
}
END_TEST

/* ---- fixup_call_args: this test program plays chapters 04 and 06 -------- */

static int jit_calls, patch_calls;
static u32 patched_depth[8];

int jit_subprogs(struct bpf_verifier_env *env)
{
	jit_calls++;
	return env->subprog_cnt <= 1 ? 0 : -ENOTSUPP;
}

void bpf_patch_call_args(struct bpf_insn *insn, u32 stack_depth)
{
	(void)insn;
	if (patch_calls < 8)
		patched_depth[patch_calls] = stack_depth;
	patch_calls++;
}

START_TEST(fixup_call_args_interpreter)
{
	/* main (16 bytes) calls f (24 bytes) twice; f calls g (0 bytes). */
	const struct bpf_insn prog[] = {
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 0),
		BPF_CALL_REL(2),
		BPF_CALL_REL(1),
		BPF_EXIT_INSN(),
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -24, 0),	/* f */
		BPF_CALL_REL(1),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 3),		/* g */
		BPF_EXIT_INSN(),
	};
	struct load_opts o = { 0 };
	int fd;

	jit_calls = patch_calls = 0;
	fd = load_prog(prog, ARRAY_SIZE(prog), &o);
	ck_assert_msg(fd >= 0, "got %d\n%s", fd, test_log);
	ck_assert_uint_eq(prog_of(fd)->aux->stack_depth, 16);
	ck_assert_int_eq(jit_calls, 1);		/* jit_requested: tried first */
	ck_assert_int_eq(patch_calls, 3);	/* then each call patched */
	ck_assert_uint_eq(patched_depth[0], 24);
	ck_assert_uint_eq(patched_depth[1], 24);
	ck_assert_uint_eq(patched_depth[2], 0);
	close_fd(fd);
}
END_TEST

/* ---- check_max_stack_depth and the recorded depths --------------------- */

START_TEST(check_max_stack_depth_frames)
{
	static const struct { int main_off, sub_off, result; } t[] = {
		{ -480, -8,  ACCEPT },	/* 480 + 32 = 512 */
		{ -488, -8,  -EACCES },	/* 512 (488 rounded) + 32 */
		{ -8,   -1,  ACCEPT },	/* 32 + 32 */
		{ -256, -256, ACCEPT },	/* exactly 512 */
		{ -264, -256, -EACCES },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		const struct bpf_insn prog[] = {
			BPF_ST_MEM(BPF_B, BPF_REG_10, t[i].main_off, 0),
			BPF_CALL_REL(1),
			BPF_EXIT_INSN(),
			BPF_ST_MEM(BPF_B, BPF_REG_10, t[i].sub_off, 0),
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_EXIT_INSN(),
		};
		struct load_opts o = { 0 };
		int fd = load_prog(prog, ARRAY_SIZE(prog), &o);

		if (t[i].result == ACCEPT) {
			ck_assert_msg(fd >= 0, "main %d, sub %d: got %d\n%s",
				      t[i].main_off, t[i].sub_off, fd, test_log);
			ck_assert_uint_eq(prog_of(fd)->aux->stack_depth, -t[i].main_off);
			close_fd(fd);
		} else {
			ck_assert_msg(fd == t[i].result, "main %d, sub %d: expected %d, got %d",
				      t[i].main_off, t[i].sub_off, t[i].result, fd);
			ck_assert_msg(strstr(test_log, "combined stack size of 2 calls"),
				      "log: %s", test_log);
		}
	}
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("03-bpf-check");
	struct { const char *name; const TTest *fn; } cases[] = {
		{ "replace_map_fd_with_map_ptr", replace_map_fd_with_map_ptr },
		{ "check_reserved_fields", check_reserved_fields },
		{ "isa_v4_accepted", isa_v4_accepted },
		{ "check_cfg", check_cfg_tests },
		{ "check_func_call", check_func_call_tests },
		{ "check_alu_op", check_alu_op_tests },
		{ "check_mem_access", check_mem_access_stack },
		{ "check_ctx_access", check_ctx_access_tests },
		{ "check_helper_call", check_helper_call_tests },
		{ "bpf_check_unverified", bpf_check_unverified },
		{ "bpf_check_unverified_div_by_zero", bpf_check_unverified_div_by_zero },
		{ "check_max_stack_depth", check_max_stack_depth_frames },
		{ "opt_remove_dead_code", opt_remove_dead_code },
		{ "opt_hard_wire_dead_code_branches", opt_hard_wire_dead_code_branches },
		{ "fixup_bpf_calls", fixup_bpf_calls_div_mod },
		{ "fixup_bpf_calls_helper_imm", fixup_bpf_calls_helper_imm },
		{ "fixup_call_args", fixup_call_args_interpreter },
	};
	TCase *tc;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		tc = tcase_create(cases[i].name);
		tcase_set_timeout(tc, 120);
		tcase_add_test(tc, cases[i].fn);
		suite_add_tcase(s, tc);
	}
	tc = tcase_create("bpf_verifier_vlog");
	ADD(tc, bpf_verifier_vlog_level2);
	ADD(tc, bpf_verifier_vlog_level1);
	ADD(tc, bpf_verifier_vlog_branch);
	ADD(tc, bpf_verifier_vlog_stats);
	ADD(tc, bpf_verifier_vlog_truncated);
	ADD(tc, bpf_verifier_vlog_bad_attrs);
	suite_add_tcase(s, tc);

	add_patch_tests(s);
	add_helper_tests(s);
	add_soundness_tests(s);
	add_random_tests(s);
	return s;
}
