// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 08 tests: the verifier and maps, as rows of a table in the style
 * of the kernel's tools/testing/selftests/bpf/verifier/\*.c. Each row names
 * the maps its program uses by a placeholder fd, which the runner replaces
 * with a real map's fd; an accepted program is run, under the interpreter
 * and JIT-compiled, and must return the row's r0 both ways.
 *
 * The verifier is a security boundary: most rows are attacks on a map
 * value's bounds (one byte past the end, a variable offset one too large,
 * a negative one, a pointer not checked for NULL) next to the same program
 * done right.
 */
#include "tests.h"
#include "disasm.h"
#include "linux/bpf_interp.h"

/* Placeholder fds, replaced by the maps the runner creates. */
enum {
	ARRAY48 = 0x7ff001,	/* array, 4-byte key, 48-byte value, 4 entries */
	HASH8,			/* hash, 8-byte key, 8-byte value, 4 entries */
	RODATA,			/* 1-entry 16-byte array, BPF_F_RDONLY_PROG, frozen */
	RODATA_LIVE,		/* the same, not frozen */
	DATA,			/* 1-entry 16-byte array (.data) */
	PROGS,			/* prog array, 4 entries */
	RINGBUF,		/* ring buffer, 4096 bytes */
	PLACEHOLDERS_END,
};
#define NR_PLACEHOLDERS	(PLACEHOLDERS_END - ARRAY48)

#define ACCEPT		0
#define MAX_INSNS	40
#define CAPBPF		CAP_TO_MASK(CAP_BPF)
#define UNPRIV		CAP_TO_MASK(62)		/* no capability the project checks */

struct vtest {
	const char *descr;
	struct bpf_insn insns[MAX_INSNS];
	enum bpf_prog_type prog_type;	/* 0: socket_filter */
	u64 caps;			/* 0: every capability */
	int result;			/* ACCEPT or -errno */
	const char *errstr;		/* a line of the log that must be there */
	u64 retval;			/* what an accepted program returns */
	bool no_call;			/* the xlated program calls no helper */
	u32 prog_flags;			/* BPF_F_TEST_STATE_FREQ: a checkpoint at every prune point */
};

#define LOOKUP(map, key)						\
	KEY_ON_STACK(key),						\
	BPF_LD_MAP_FD(BPF_REG_1, map),					\
	EMIT_CALL(map_lookup_elem)

static const struct vtest tests[] = {
	{ "map value: read without a NULL check",
	  { LOOKUP(ARRAY48, 0),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R0 invalid mem access 'map_value_or_null'" },
	{ "map value: read after the NULL check",
	  { LOOKUP(ARRAY48, 0),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .retval = 0x0706050403020100ull },
	{ "map value: the last 8 bytes",
	  { LOOKUP(ARRAY48, 0),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_0, 40),
	    BPF_EXIT_INSN() },
	  .retval = 0x2f2e2d2c2b2a2928ull },
	{ "map value: one byte past the end",
	  { LOOKUP(ARRAY48, 0),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_0, 41),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "invalid access to map value, value_size=48 off=41 size=8" },
	{ "map value: write one byte past the end",
	  { LOOKUP(ARRAY48, 0),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
	    BPF_ST_MEM(BPF_B, BPF_REG_0, 48, 1),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "invalid access to map value, value_size=48 off=48 size=1" },
	{ "map value: a negative offset",
	  { LOOKUP(ARRAY48, 0),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 2),
	    BPF_ALU64_IMM(BPF_SUB, BPF_REG_0, 8),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "invalid access to map value, value_size=48 off=-8 size=8" },
	{ "map value: a variable offset inside (index & 31, 1 byte)",
	  { LOOKUP(ARRAY48, 1),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 4),
	    BPF_LDX_MEM(BPF_B, BPF_REG_1, BPF_REG_0, 0),	/* 48: the index */
	    BPF_ALU64_IMM(BPF_AND, BPF_REG_1, 31),
	    BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
	    BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 16),	/* max 31 + 16 = 47 */
	    BPF_EXIT_INSN() },
	  .retval = 0x30 + 16 + 16 },
	{ "map value: a variable offset one too large (index & 31, + 17)",
	  { LOOKUP(ARRAY48, 1),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 4),
	    BPF_LDX_MEM(BPF_B, BPF_REG_1, BPF_REG_0, 0),
	    BPF_ALU64_IMM(BPF_AND, BPF_REG_1, 31),
	    BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
	    BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 17),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R0 max value is outside of the array range" },
	{ "map value: an unbounded variable offset",
	  { LOOKUP(ARRAY48, 1),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 3),
	    BPF_LDX_MEM(BPF_W, BPF_REG_1, BPF_REG_0, 0),
	    BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
	    BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R0 unbounded memory access" },
	{ "map value: a signed index that may be negative",
	  { LOOKUP(ARRAY48, 1),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 5),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_0, 0),
	    BPF_JMP_IMM(BPF_JSGT, BPF_REG_1, 8, 3),	/* -16 <= index <= 8 */
	    BPF_JMP_IMM(BPF_JSLT, BPF_REG_1, -16, 2),
	    BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
	    BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R0 min value is negative" },
	{ "map value: an index without a lower bound",
	  { LOOKUP(ARRAY48, 1),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 4),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_0, 0),
	    BPF_JMP_IMM(BPF_JSGT, BPF_REG_1, 8, 2),
	    BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
	    BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL,
	  .errstr = "math between map_value pointer and register with unbounded min value is not allowed" },
	{ "map value or NULL: arithmetic before the check",
	  { LOOKUP(ARRAY48, 0),
	    BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 8),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R0 pointer arithmetic on map_value_or_null prohibited, null-check it first" },
	{ "map pointer: no arithmetic",
	  { BPF_LD_MAP_FD(BPF_REG_1, ARRAY48),
	    BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 8),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R1 pointer arithmetic on map_ptr prohibited" },
	{ "map value: an unprivileged program may not store a pointer in it",
	  { LOOKUP(ARRAY48, 0),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
	    BPF_STX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, 0),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .caps = UNPRIV, .result = -EACCES, .errstr = "R10 leaks addr into map" },
	{ "map value: a privileged one may",
	  { LOOKUP(ARRAY48, 0),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
	    BPF_STX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, 0),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .retval = 0 },
	{ "map value: an unprivileged program reads it",
	  { LOOKUP(ARRAY48, 0),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
	    BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 2),
	    BPF_EXIT_INSN() },
	  .caps = UNPRIV, .retval = 2 },
	{ "map: a helper key must be initialized stack",
	  { BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
	    BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),
	    BPF_LD_MAP_FD(BPF_REG_1, HASH8),
	    EMIT_CALL(map_lookup_elem),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "invalid indirect read from stack" },
	{ "map: a key from a map value",
	  { LOOKUP(ARRAY48, 0),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 6),
	    BPF_MOV64_REG(BPF_REG_2, BPF_REG_0),
	    BPF_LD_MAP_FD(BPF_REG_1, HASH8),
	    EMIT_CALL(map_lookup_elem),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .retval = 0x1234 },
	{ "rodata: a program may not write it",
	  { BPF_LD_MAP_VALUE(BPF_REG_1, RODATA, 0),
	    BPF_ST_MEM(BPF_W, BPF_REG_1, 0, 1),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "write into map forbidden, value_size=16 off=0 size=4" },
	{ "rodata: nor update it through a helper",
	  { KEY_ON_STACK(0),
	    BPF_ST_MEM(BPF_DW, BPF_REG_10, -24, 0),
	    BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 0),
	    BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
	    BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -24),
	    BPF_MOV64_IMM(BPF_REG_4, 0),
	    BPF_LD_MAP_FD(BPF_REG_1, RODATA),
	    EMIT_CALL(map_update_elem),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "write into map forbidden" },
	{ "rodata, frozen: a load is a known constant, the dead path is not walked",
	  { BPF_LD_MAP_VALUE(BPF_REG_1, RODATA, 4),
	    BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 0),	/* 7 */
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 7, 1),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8),	/* uninitialized */
	    BPF_EXIT_INSN() },
	  .retval = 7 },
	{ "rodata, not frozen: the same load is unknown, both paths are walked",
	  { BPF_LD_MAP_VALUE(BPF_REG_1, RODATA_LIVE, 4),
	    BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 0),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 7, 1),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "invalid read from stack" },
	{ "data: a direct value pointer, read and written",
	  { BPF_LD_MAP_VALUE(BPF_REG_1, DATA, 8),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),
	    BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
	    BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .retval = 0x0f0e0d0c0b0a0909ull + 1 },
	{ "data: a direct value pointer past the value",
	  { BPF_LD_MAP_VALUE(BPF_REG_1, DATA, 16),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "invalid access to map value pointer, value_size=16 off=16" },
	{ "data: a direct value pointer into a hash",
	  { BPF_LD_MAP_VALUE(BPF_REG_1, HASH8, 0),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "no direct value access support for this map type" },
	{ "data: a direct value pointer into a 4-entry array",
	  { BPF_LD_MAP_VALUE(BPF_REG_1, ARRAY48, 0),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -ENOTSUPP, .errstr = "invalid access to map value pointer, value_size=48 off=0" },
	{ "ld_imm64: an fd that is no map",
	  { BPF_LD_MAP_FD(BPF_REG_1, 999),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EBADF, .errstr = "fd 999 is not pointing to valid bpf_map" },
	/* record_func_key() runs before check_map_func_compatibility(): its
	 * message is the one the kernel prints
	 */
	{ "helpers: an array is no program array",
	  { BPF_MOV64_IMM(BPF_REG_3, 0),
	    BPF_LD_MAP_FD(BPF_REG_2, ARRAY48),
	    EMIT_CALL(tail_call),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "kernel subsystem misconfigured verifier" },
	{ "helpers: a program array holds no values",
	  { LOOKUP(PROGS, 0),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "cannot pass map_type 3 into func bpf_map_lookup_elem#1" },
	{ "helpers: ringbuf output into an array",
	  { BPF_LD_MAP_FD(BPF_REG_1, ARRAY48),
	    BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
	    BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),
	    BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
	    BPF_MOV64_IMM(BPF_REG_3, 8),
	    BPF_MOV64_IMM(BPF_REG_4, 0),
	    EMIT_CALL(ringbuf_output),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "cannot pass map_type 2 into func bpf_ringbuf_output#130" },
	{ "ringbuf: reserve, write, submit",
	  { BPF_LD_MAP_FD(BPF_REG_1, RINGBUF),
	    BPF_MOV64_IMM(BPF_REG_2, 8),
	    BPF_MOV64_IMM(BPF_REG_3, 0),
	    EMIT_CALL(ringbuf_reserve),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 5),
	    BPF_ST_MEM(BPF_DW, BPF_REG_0, 0, 42),
	    BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
	    BPF_MOV64_IMM(BPF_REG_2, 0),
	    EMIT_CALL(ringbuf_submit),
	    BPF_MOV64_IMM(BPF_REG_0, 1),
	    BPF_EXIT_INSN() },
	  .retval = 1 },
	{ "ringbuf: the record must be checked for NULL",
	  { BPF_LD_MAP_FD(BPF_REG_1, RINGBUF),
	    BPF_MOV64_IMM(BPF_REG_2, 8),
	    BPF_MOV64_IMM(BPF_REG_3, 0),
	    EMIT_CALL(ringbuf_reserve),
	    BPF_ST_MEM(BPF_DW, BPF_REG_0, 0, 42),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R0 invalid mem access 'mem_or_null'" },
	/* CVE-2022-23222: v5.8 let this through; the record may be NULL + 1 */
	{ "ringbuf: no arithmetic before the NULL check",
	  { BPF_LD_MAP_FD(BPF_REG_1, RINGBUF),
	    BPF_MOV64_IMM(BPF_REG_2, 8),
	    BPF_MOV64_IMM(BPF_REG_3, 0),
	    EMIT_CALL(ringbuf_reserve),
	    BPF_MOV64_REG(BPF_REG_6, BPF_REG_0),
	    BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 4),
	    BPF_ST_MEM(BPF_W, BPF_REG_6, 0, 0),
	    BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
	    BPF_MOV64_IMM(BPF_REG_2, 0),
	    EMIT_CALL(ringbuf_submit),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EACCES,
	  .errstr = "R0 pointer arithmetic on mem_or_null prohibited, null-check it first" },
	/* A released record's copies are gone, not scalars holding its address. */
	{ "ringbuf: a released record's address is not leaked (unprivileged)",
	  { LOOKUP(ARRAY48, 0),
	    BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 1),
	    BPF_EXIT_INSN(),
	    BPF_MOV64_REG(BPF_REG_9, BPF_REG_0),
	    BPF_LD_MAP_FD(BPF_REG_1, RINGBUF),
	    BPF_MOV64_IMM(BPF_REG_2, 8),
	    BPF_MOV64_IMM(BPF_REG_3, 0),
	    EMIT_CALL(ringbuf_reserve),
	    BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 1),
	    BPF_EXIT_INSN(),
	    BPF_MOV64_REG(BPF_REG_8, BPF_REG_0),
	    BPF_MOV64_REG(BPF_REG_1, BPF_REG_8),
	    BPF_MOV64_IMM(BPF_REG_2, 0),
	    EMIT_CALL(ringbuf_discard),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_STX_MEM(BPF_DW, BPF_REG_9, BPF_REG_8, 0),
	    BPF_EXIT_INSN() },
	  .caps = UNPRIV, .result = -EACCES, .errstr = "R8 !read_ok" },
	{ "ringbuf: no write past the reserved size",
	  { BPF_LD_MAP_FD(BPF_REG_1, RINGBUF),
	    BPF_MOV64_IMM(BPF_REG_2, 8),
	    BPF_MOV64_IMM(BPF_REG_3, 0),
	    EMIT_CALL(ringbuf_reserve),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 5),
	    BPF_ST_MEM(BPF_DW, BPF_REG_0, 8, 42),
	    BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
	    BPF_MOV64_IMM(BPF_REG_2, 0),
	    EMIT_CALL(ringbuf_discard),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "invalid access to memory, mem_size=8 off=8 size=8" },
	/*
	 * The size decides the record's bounds, so it is precise: the path
	 * that reserves 1 byte must not be pruned against the one that
	 * reserved 0x1000 (the kernel's selftest "precise: mark_chain_precision
	 * for ARG_CONST_ALLOC_SIZE_OR_ZERO"; v5.8 let it through).
	 */
	{ "ringbuf: a path with a smaller record is not pruned",
	  { EMIT_CALL(get_prandom_u32),
	    BPF_MOV64_REG(BPF_REG_4, BPF_REG_0),
	    BPF_LD_MAP_FD(BPF_REG_1, RINGBUF),
	    BPF_MOV64_IMM(BPF_REG_2, 1),
	    BPF_MOV64_IMM(BPF_REG_3, 0),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_4, 0, 1),
	    BPF_MOV64_IMM(BPF_REG_2, 0x1000),
	    EMIT_CALL(ringbuf_reserve),
	    BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 1),
	    BPF_EXIT_INSN(),
	    BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_0, 42),
	    BPF_MOV64_IMM(BPF_REG_2, 0),
	    EMIT_CALL(ringbuf_submit),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .prog_flags = BPF_F_TEST_STATE_FREQ,
	  .result = -EACCES, .errstr = "invalid access to memory, mem_size=1 off=42 size=8" },
	{ "ringbuf: the same, reading the byte both records have",
	  { EMIT_CALL(get_prandom_u32),
	    BPF_MOV64_REG(BPF_REG_4, BPF_REG_0),
	    BPF_LD_MAP_FD(BPF_REG_1, RINGBUF),
	    BPF_MOV64_IMM(BPF_REG_2, 1),
	    BPF_MOV64_IMM(BPF_REG_3, 0),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_4, 0, 1),
	    BPF_MOV64_IMM(BPF_REG_2, 0x1000),
	    EMIT_CALL(ringbuf_reserve),
	    BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 1),
	    BPF_EXIT_INSN(),
	    BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
	    BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 0),
	    BPF_MOV64_IMM(BPF_REG_2, 0),
	    EMIT_CALL(ringbuf_submit),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .prog_flags = BPF_F_TEST_STATE_FREQ },
	{ "ringbuf: a record never submitted is a leak",
	  { BPF_LD_MAP_FD(BPF_REG_1, RINGBUF),
	    BPF_MOV64_IMM(BPF_REG_2, 8),
	    BPF_MOV64_IMM(BPF_REG_3, 0),
	    EMIT_CALL(ringbuf_reserve),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "Unreleased reference" },
	{ "ringbuf: the size must be a constant",
	  { EMIT_CALL(get_prandom_u32),
	    BPF_MOV64_REG(BPF_REG_2, BPF_REG_0),
	    BPF_ALU64_IMM(BPF_AND, BPF_REG_2, 8),
	    BPF_LD_MAP_FD(BPF_REG_1, RINGBUF),
	    BPF_MOV64_IMM(BPF_REG_3, 0),
	    EMIT_CALL(ringbuf_reserve),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EACCES, .errstr = "R2 unbounded size, use 'var &= const' or 'if (var < const)'" },
	{ "ringbuf: submit a pointer into the record, not its start",
	  { BPF_LD_MAP_FD(BPF_REG_1, RINGBUF),
	    BPF_MOV64_IMM(BPF_REG_2, 16),
	    BPF_MOV64_IMM(BPF_REG_3, 0),
	    EMIT_CALL(ringbuf_reserve),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 4),
	    BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
	    BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 8),
	    BPF_MOV64_IMM(BPF_REG_2, 0),
	    EMIT_CALL(ringbuf_submit),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "R1 must have zero offset when passed to release func" },
	{ "array lookup: inlined when JITed, index in range",
	  { LOOKUP(ARRAY48, 3),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
	    BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .retval = 0x90, .no_call = true },
	{ "array lookup: inlined, index out of range gives NULL",
	  { LOOKUP(ARRAY48, 4),
	    BPF_MOV64_IMM(BPF_REG_1, 77),
	    BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 1),
	    BPF_MOV64_IMM(BPF_REG_1, 88),
	    BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),
	    BPF_EXIT_INSN() },
	  .retval = 88, .no_call = true },
	{ "hash lookup: a missing key",
	  { KEY_ON_STACK(0),
	    BPF_ST_MEM(BPF_W, BPF_REG_10, -8, 5),
	    BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
	    BPF_LD_MAP_FD(BPF_REG_1, HASH8),
	    EMIT_CALL(map_lookup_elem),
	    BPF_MOV64_IMM(BPF_REG_1, 1),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
	    BPF_MOV64_IMM(BPF_REG_1, 2),
	    BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),
	    BPF_EXIT_INSN() },
	  .retval = 1 },
	{ "hash update from a program, then lookup",
	  { BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 3),		/* key */
	    BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 0x77),		/* value */
	    BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
	    BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),
	    BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
	    BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -16),
	    BPF_MOV64_IMM(BPF_REG_4, BPF_ANY),
	    BPF_LD_MAP_FD(BPF_REG_1, HASH8),
	    EMIT_CALL(map_update_elem),
	    BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 7),
	    BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
	    BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),
	    BPF_LD_MAP_FD(BPF_REG_1, HASH8),
	    EMIT_CALL(map_lookup_elem),
	    BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
	    BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .retval = 0x77 },
	{ "bpf_spin_lock needs BTF",
	  { BPF_MOV64_IMM(BPF_REG_1, 0),
	    EMIT_CALL(spin_lock),
	    BPF_MOV64_IMM(BPF_REG_0, 0),
	    BPF_EXIT_INSN() },
	  .result = -EINVAL, .errstr = "unknown func bpf_spin_lock#93" },
};

static int create_named(u32 type, u32 key, u32 value, u32 max, u32 flags)
{
	int fd = create_map_flags(type, key, value, max, flags);

	ck_assert_msg(fd >= 3, "map create: %d", fd);
	return fd;
}

/* The maps every row can name, with known contents. */
static void create_maps(int fds[NR_PLACEHOLDERS])
{
	u8 v48[48], v16[16];
	u64 k8, v8;
	u32 k;
	union bpf_attr attr;

	fds[ARRAY48 - ARRAY48] = create_named(BPF_MAP_TYPE_ARRAY, 4, 48, 4, 0);
	for (k = 0; k < 4; k++) {
		for (int i = 0; i < 48; i++)
			v48[i] = k * 0x30 + i;
		v48[0] = k * 0x30;
		ck_assert_int_eq(map_update(fds[0], &k, v48, 0), 0);
	}
	fds[HASH8 - ARRAY48] = create_named(BPF_MAP_TYPE_HASH, 8, 8, 4, 0);
	/* key: the first 8 bytes of ARRAY48's value 0 */
	memcpy(&k8, (u8[]){ 0, 1, 2, 3, 4, 5, 6, 7 }, 8);
	v8 = 0x1234;
	ck_assert_int_eq(map_update(fds[1], &k8, &v8, 0), 0);
	for (int i = 0; i < 16; i++)
		v16[i] = i;
	v16[4] = 7;		/* u32 7 at offset 4 */
	v16[5] = v16[6] = v16[7] = 0;
	v16[8] = 9;
	k = 0;
	fds[RODATA - ARRAY48] = create_named(BPF_MAP_TYPE_ARRAY, 4, 16, 1, BPF_F_RDONLY_PROG);
	ck_assert_int_eq(map_update(fds[RODATA - ARRAY48], &k, v16, 0), 0);
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fds[RODATA - ARRAY48];
	ck_assert_int_eq(sys_bpf(BPF_MAP_FREEZE, &attr, sizeof(attr)), 0);
	fds[RODATA_LIVE - ARRAY48] = create_named(BPF_MAP_TYPE_ARRAY, 4, 16, 1, BPF_F_RDONLY_PROG);
	ck_assert_int_eq(map_update(fds[RODATA_LIVE - ARRAY48], &k, v16, 0), 0);
	fds[DATA - ARRAY48] = create_named(BPF_MAP_TYPE_ARRAY, 4, 16, 1, 0);
	ck_assert_int_eq(map_update(fds[DATA - ARRAY48], &k, v16, 0), 0);
	fds[PROGS - ARRAY48] = create_named(BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0);
	fds[RINGBUF - ARRAY48] = create_named(BPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0);
}

/* Placeholders in ld_imm64 instructions become the maps' fds. */
static u32 fixup(struct bpf_insn *insns, const int fds[NR_PLACEHOLDERS])
{
	u32 len = MAX_INSNS;

	while (len && !insns[len - 1].code && !insns[len - 1].imm)
		len--;
	for (u32 i = 0; i + 1 < len; i++)
		if (insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) && insns[i].src_reg &&
		    insns[i].imm >= ARRAY48 && insns[i].imm < PLACEHOLDERS_END)
			insns[i].imm = fds[insns[i].imm - ARRAY48];
	return len;
}

static bool xlated_calls(const struct bpf_prog *prog)
{
	for (u32 i = 0; i < prog->len; i++)
		if (prog->insnsi[i].code == (BPF_JMP | BPF_CALL))
			return true;
	return false;
}

START_TEST(map_verifier_table)
{
	int fds[NR_PLACEHOLDERS];

	for (size_t t = 0; t < ARRAY_SIZE(tests); t++) {
		const struct vtest *v = &tests[t];
		struct bpf_insn insns[MAX_INSNS];
		u32 len;

		for (int interp = 0; interp < 2; interp++) {
			struct load_opts o = { .prog_type = v->prog_type, .caps = v->caps,
					       .interp = interp, .prog_flags = v->prog_flags };
			int fd;
			u64 r0;

			/* fresh maps: a row's program may write them */
			create_maps(fds);
			memcpy(insns, v->insns, sizeof(insns));
			len = fixup(insns, fds);
			fd = load_prog(insns, len, &o);
			if (v->result) {
				ck_assert_msg(fd == v->result, "%s: expected %s, got %d (%s)\n%s",
					      v->descr, errno_name(v->result), fd,
					      errno_name(fd), test_log);
				ck_assert_msg(!v->errstr || strstr(test_log, v->errstr),
					      "%s: the log lacks \"%s\":\n%s", v->descr,
					      v->errstr, test_log);
			} else {
				ck_assert_msg(fd >= 0, "%s: refused (%s)\n%s", v->descr,
					      errno_name(fd), test_log);
				ck_assert_msg(interp ? !prog_of(fd)->jited : prog_of(fd)->jited,
					      "%s: %s expected", v->descr,
					      interp ? "interpreter" : "JIT");
				if (v->no_call && !interp)
					ck_assert_msg(!xlated_calls(prog_of(fd)),
						      "%s: the lookup was not inlined", v->descr);
				r0 = run_prog(fd);
				ck_assert_msg(r0 == v->retval,
					      "%s (%s): r0 = %#llx, expected %#llx", v->descr,
					      interp ? "interpreter" : "JIT",
					      (unsigned long long)r0,
					      (unsigned long long)v->retval);
				close_fd(fd);
			}
			for (int i = 0; i < NR_PLACEHOLDERS; i++)
				close_fd(fds[i]);
		}
	}
}
END_TEST

void add_map_verifier_tests(Suite *s)
{
	TCase *tc = tcase_create("map_verifier");

	tcase_add_test(tc, map_verifier_table);
	suite_add_tcase(s, tc);
}
