// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the instruction printer (code/lib/disasm.c, bpf_dump.c).
 *
 * Each row is an instruction and the exact line kernel/bpf/disasm.c prints
 * for it, as the verifier log and `bpftool prog dump xlated` show it. The
 * expected text was written from the kernel's format strings, row by row,
 * not produced by our printer.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "disasm.h"
#include "linux/filter.h"
#include "ground_tests.h"

/* Collects what print_bpf_insn() prints, and how many calls it took. */
struct capture {
	char	text[256];
	size_t	len;
	int	calls;
};

static __printf(2, 3) void capture_print(void *private_data, const char *fmt, ...)
{
	struct capture *c = private_data;
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(c->text + c->len, sizeof(c->text) - c->len, fmt, args);
	va_end(args);
	ck_assert_int_ge(n, 0);
	c->len += min((size_t)n, sizeof(c->text) - c->len - 1);
	c->calls++;
}

static void print_one(struct capture *c, const struct bpf_insn *insn,
		      bool allow_ptr_leaks, const struct bpf_insn_cbs *extra)
{
	struct bpf_insn_cbs cbs = { 0 };

	if (extra)
		cbs = *extra;
	cbs.cb_print = capture_print;
	cbs.private_data = c;
	memset(c, 0, sizeof(*c));
	print_bpf_insn(&cbs, insn, allow_ptr_leaks);
}

struct disasm_row {
	const char	*descr;
	struct bpf_insn	insn[2];	/* [1] is the high half of a ld_imm64 */
	const char	*expected;	/* without the final '\n' */
};

static void check_rows(const struct disasm_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct capture c;
		char want[256];

		print_one(&c, rows[i].insn, true, NULL);
		snprintf(want, sizeof(want), "%s\n", rows[i].expected);
		ck_assert_msg(c.calls == 1 && strcmp(c.text, want) == 0,
			      "%s (code %02x): expected \"%s\", got \"%.*s\" in %d call(s)",
			      rows[i].descr, rows[i].insn[0].code, rows[i].expected,
			      (int)(c.len && c.text[c.len - 1] == '\n' ? c.len - 1 : c.len),
			      c.text, c.calls);
	}
}

#define ROW(d, i, e)		{ d, { i }, e }
#define ROW2(d, i, e)		{ d, { i }, e }	/* i is two slots */

/* ---- ALU and ALU64 --------------------------------------------------- */

static const struct disasm_row alu_rows[] = {
	ROW("mov64 imm",  BPF_MOV64_IMM(BPF_REG_1, 561),		"(b7) r1 = 561"),
	ROW("mov64 neg imm", BPF_MOV64_IMM(BPF_REG_0, -1),		"(b7) r0 = -1"),
	ROW("mov64 reg",  BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),	"(bf) r0 = r1"),
	ROW("mov32 imm",  BPF_MOV32_IMM(BPF_REG_2, 7),		"(b4) w2 = 7"),
	ROW("mov32 reg",  BPF_MOV32_REG(BPF_REG_2, BPF_REG_3),	"(bc) w2 = w3"),
	ROW("add64 imm",  BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 1110),	"(07) r1 += 1110"),
	ROW("add64 reg",  BPF_ALU64_REG(BPF_ADD, BPF_REG_1, BPF_REG_2), "(0f) r1 += r2"),
	ROW("sub64 imm",  BPF_ALU64_IMM(BPF_SUB, BPF_REG_1, 3),	"(17) r1 -= 3"),
	ROW("sub32 reg",  BPF_ALU32_REG(BPF_SUB, BPF_REG_1, BPF_REG_9), "(1c) w1 -= w9"),
	ROW("mul64 imm",  BPF_ALU64_IMM(BPF_MUL, BPF_REG_4, 10),	"(27) r4 *= 10"),
	ROW("mul32 reg",  BPF_ALU32_REG(BPF_MUL, BPF_REG_4, BPF_REG_5), "(2c) w4 *= w5"),
	ROW("div64 imm",  BPF_ALU64_IMM(BPF_DIV, BPF_REG_1, 3),	"(37) r1 /= 3"),
	ROW("div32 reg",  BPF_ALU32_REG(BPF_DIV, BPF_REG_1, BPF_REG_2), "(3c) w1 /= w2"),
	ROW("or64 imm",   BPF_ALU64_IMM(BPF_OR, BPF_REG_1, 0x10),	"(47) r1 |= 16"),
	ROW("or64 reg",   BPF_ALU64_REG(BPF_OR, BPF_REG_1, BPF_REG_2), "(4f) r1 |= r2"),
	ROW("and32 imm",  BPF_ALU32_IMM(BPF_AND, BPF_REG_1, 255),	"(54) w1 &= 255"),
	ROW("and64 reg",  BPF_ALU64_REG(BPF_AND, BPF_REG_1, BPF_REG_2), "(5f) r1 &= r2"),
	ROW("lsh64 imm",  BPF_ALU64_IMM(BPF_LSH, BPF_REG_1, 32),	"(67) r1 <<= 32"),
	ROW("lsh32 reg",  BPF_ALU32_REG(BPF_LSH, BPF_REG_1, BPF_REG_2), "(6c) w1 <<= w2"),
	ROW("rsh64 imm",  BPF_ALU64_IMM(BPF_RSH, BPF_REG_1, 32),	"(77) r1 >>= 32"),
	ROW("rsh64 reg",  BPF_ALU64_REG(BPF_RSH, BPF_REG_1, BPF_REG_2), "(7f) r1 >>= r2"),
	ROW("neg64",      BPF_ALU64_IMM(BPF_NEG, BPF_REG_3, 0),	"(87) r3 = -r3"),
	ROW("neg32",      BPF_ALU32_IMM(BPF_NEG, BPF_REG_3, 0),	"(84) w3 = -w3"),
	ROW("mod64 imm",  BPF_ALU64_IMM(BPF_MOD, BPF_REG_1, 7),	"(97) r1 %= 7"),
	ROW("mod32 reg",  BPF_ALU32_REG(BPF_MOD, BPF_REG_1, BPF_REG_2), "(9c) w1 %= w2"),
	ROW("xor64 imm",  BPF_ALU64_IMM(BPF_XOR, BPF_REG_1, -2),	"(a7) r1 ^= -2"),
	ROW("xor32 reg",  BPF_ALU32_REG(BPF_XOR, BPF_REG_1, BPF_REG_1), "(ac) w1 ^= w1"),
	ROW("arsh64 imm", BPF_ALU64_IMM(BPF_ARSH, BPF_REG_1, 63),	"(c7) r1 s>>= 63"),
	ROW("arsh32 reg", BPF_ALU32_REG(BPF_ARSH, BPF_REG_1, BPF_REG_2), "(cc) w1 s>>= w2"),
	ROW("zext mov32", BPF_ZEXT_REG(BPF_REG_5),			"(bc) w5 = w5"),
	/* Byte order: always the whole register, so always "r". */
	ROW("le16", BPF_ENDIAN(BPF_TO_LE, BPF_REG_1, 16),		"(d4) r1 = le16 r1"),
	ROW("le32", BPF_ENDIAN(BPF_TO_LE, BPF_REG_1, 32),		"(d4) r1 = le32 r1"),
	ROW("le64", BPF_ENDIAN(BPF_TO_LE, BPF_REG_1, 64),		"(d4) r1 = le64 r1"),
	ROW("be16", BPF_ENDIAN(BPF_TO_BE, BPF_REG_2, 16),		"(dc) r2 = be16 r2"),
	ROW("be32", BPF_ENDIAN(BPF_TO_BE, BPF_REG_2, 32),		"(dc) r2 = be32 r2"),
	ROW("be64", BPF_ENDIAN(BPF_TO_BE, BPF_REG_1, 64),		"(dc) r1 = be64 r1"),
	/* ISA v4 (Linux 6.6). */
	ROW("bswap16", BPF_BSWAP(BPF_REG_1, 16),			"(d7) r1 = bswap16 r1"),
	ROW("bswap32", BPF_BSWAP(BPF_REG_1, 32),			"(d7) r1 = bswap32 r1"),
	ROW("bswap64", BPF_BSWAP(BPF_REG_6, 64),			"(d7) r6 = bswap64 r6"),
	ROW("movsx64 s8",  BPF_MOVSX64_REG(BPF_REG_1, BPF_REG_2, 8),	"(bf) r1 = (s8)r2"),
	ROW("movsx64 s16", BPF_MOVSX64_REG(BPF_REG_1, BPF_REG_2, 16), "(bf) r1 = (s16)r2"),
	ROW("movsx64 s32", BPF_MOVSX64_REG(BPF_REG_1, BPF_REG_2, 32), "(bf) r1 = (s32)r2"),
	ROW("movsx32 s8",  BPF_MOVSX32_REG(BPF_REG_1, BPF_REG_2, 8),	"(bc) w1 = (s8)w2"),
	ROW("movsx32 s16", BPF_MOVSX32_REG(BPF_REG_1, BPF_REG_2, 16), "(bc) w1 = (s16)w2"),
	ROW("sdiv64 imm", BPF_ALU64_IMM_OFF(BPF_DIV, BPF_REG_1, -3, 1), "(37) r1 s/= -3"),
	ROW("sdiv64 reg", BPF_ALU64_REG_OFF(BPF_DIV, BPF_REG_1, BPF_REG_2, 1), "(3f) r1 s/= r2"),
	ROW("sdiv32 reg", BPF_ALU32_REG_OFF(BPF_DIV, BPF_REG_1, BPF_REG_2, 1), "(3c) w1 s/= w2"),
	ROW("smod64 imm", BPF_ALU64_IMM_OFF(BPF_MOD, BPF_REG_1, 5, 1),	"(97) r1 s%= 5"),
	ROW("smod32 reg", BPF_ALU32_REG_OFF(BPF_MOD, BPF_REG_1, BPF_REG_2, 1), "(9c) w1 s%= w2"),
	/* off is only meaningful for DIV/MOD (1) and MOV (8/16/32). */
	ROW("div off 2 is plain", BPF_ALU64_REG_OFF(BPF_DIV, BPF_REG_1, BPF_REG_2, 2), "(3f) r1 /= r2"),
	ROW("mov off 1 is plain", BPF_MOVSX64_REG(BPF_REG_1, BPF_REG_2, 1), "(bf) r1 = r2"),
	/* Ops no program may use: the kernel's table slot is NULL. */
	ROW("alu64 op 0xe0", BPF_RAW_INSN(BPF_ALU64 | 0xe0 | BPF_K, 1, 0, 0, 5), "(e7) r1 (null) 5"),
	ROW("alu32 op 0xf0", BPF_RAW_INSN(BPF_ALU | 0xf0 | BPF_X, 1, 2, 0, 0),   "(fc) w1 (null) w2"),
};

START_TEST(print_bpf_insn_alu)
{
	check_rows(alu_rows, ARRAY_SIZE(alu_rows));
}
END_TEST

/* ---- LDX, ST, STX, atomics --------------------------------------------- */

static const struct disasm_row mem_rows[] = {
	ROW("ldx dw", BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8),	"(79) r1 = *(u64 *)(r10 -8)"),
	ROW("ldx w",  BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 4),	"(61) r0 = *(u32 *)(r1 +4)"),
	ROW("ldx h",  BPF_LDX_MEM(BPF_H, BPF_REG_0, BPF_REG_1, 0),	"(69) r0 = *(u16 *)(r1 +0)"),
	ROW("ldx b",  BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_1, 32767),	"(71) r0 = *(u8 *)(r1 +32767)"),
	ROW("ldsx b", BPF_LDX_MEMSX(BPF_B, BPF_REG_1, BPF_REG_2, 0),	"(91) r1 = *(s8 *)(r2 +0)"),
	ROW("ldsx h", BPF_LDX_MEMSX(BPF_H, BPF_REG_1, BPF_REG_2, -2),	"(89) r1 = *(s16 *)(r2 -2)"),
	ROW("ldsx w", BPF_LDX_MEMSX(BPF_W, BPF_REG_1, BPF_REG_2, -32768), "(81) r1 = *(s32 *)(r2 -32768)"),
	ROW("ldsx dw does not exist", BPF_LDX_MEMSX(BPF_DW, BPF_REG_1, BPF_REG_2, 0), "BUG_ldx_99"),
	ROW("ldx abs mode", BPF_RAW_INSN(BPF_LDX | BPF_W | BPF_ABS, 0, 0, 0, 0), "BUG_ldx_21"),
	ROW("stx dw", BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),	"(7b) *(u64 *)(r10 -8) = r1"),
	ROW("stx w",  BPF_STX_MEM(BPF_W, BPF_REG_10, BPF_REG_1, -4),	"(63) *(u32 *)(r10 -4) = r1"),
	ROW("stx h",  BPF_STX_MEM(BPF_H, BPF_REG_2, BPF_REG_3, 2),	"(6b) *(u16 *)(r2 +2) = r3"),
	ROW("stx b",  BPF_STX_MEM(BPF_B, BPF_REG_2, BPF_REG_3, 1),	"(73) *(u8 *)(r2 +1) = r3"),
	ROW("st dw",  BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, -1),		"(7a) *(u64 *)(r10 -16) = -1"),
	ROW("st w",   BPF_ST_MEM(BPF_W, BPF_REG_1, 0, 42),		"(62) *(u32 *)(r1 +0) = 42"),
	ROW("st h",   BPF_ST_MEM(BPF_H, BPF_REG_1, 2, 7),		"(6a) *(u16 *)(r1 +2) = 7"),
	ROW("st b",   BPF_ST_MEM(BPF_B, BPF_REG_1, 3, 255),		"(72) *(u8 *)(r1 +3) = 255"),
	ROW("nospec", BPF_RAW_INSN(BPF_ST | BPF_NOSPEC, 0, 0, 0, 0),	"(c2) nospec"),
	ROW("st abs mode", BPF_RAW_INSN(BPF_ST | BPF_W | BPF_ABS, 0, 0, 0, 0), "BUG_st_22"),
	ROW("stx abs mode", BPF_RAW_INSN(BPF_STX | BPF_W | BPF_ABS, 0, 0, 0, 0), "BUG_23"),
	/* v5.8's XADD is the atomic add; the register is printed as rN. */
	ROW("xadd w",  BPF_STX_XADD(BPF_W, BPF_REG_1, BPF_REG_2, 0),	"(c3) lock *(u32 *)(r1 +0) += r2"),
	ROW("xadd dw", BPF_STX_XADD(BPF_DW, BPF_REG_10, BPF_REG_1, -8), "(db) lock *(u64 *)(r10 -8) += r1"),
	ROW("atomic and", BPF_ATOMIC_OP(BPF_DW, BPF_AND, BPF_REG_1, BPF_REG_2, 8), "(db) lock *(u64 *)(r1 +8) &= r2"),
	ROW("atomic or",  BPF_ATOMIC_OP(BPF_W, BPF_OR, BPF_REG_1, BPF_REG_2, 8),   "(c3) lock *(u32 *)(r1 +8) |= r2"),
	ROW("atomic xor", BPF_ATOMIC_OP(BPF_W, BPF_XOR, BPF_REG_1, BPF_REG_2, 8),  "(c3) lock *(u32 *)(r1 +8) ^= r2"),
	ROW("fetch add64", BPF_ATOMIC_OP(BPF_DW, BPF_ADD | BPF_FETCH, BPF_REG_10, BPF_REG_1, -8),
	    "(db) r1 = atomic64_fetch_add((u64 *)(r10 -8), r1)"),
	ROW("fetch and32", BPF_ATOMIC_OP(BPF_W, BPF_AND | BPF_FETCH, BPF_REG_2, BPF_REG_3, 0),
	    "(c3) r3 = atomic_fetch_and((u32 *)(r2 +0), r3)"),
	ROW("fetch or64", BPF_ATOMIC_OP(BPF_DW, BPF_OR | BPF_FETCH, BPF_REG_2, BPF_REG_3, 0),
	    "(db) r3 = atomic64_fetch_or((u64 *)(r2 +0), r3)"),
	ROW("fetch xor32", BPF_ATOMIC_OP(BPF_W, BPF_XOR | BPF_FETCH, BPF_REG_2, BPF_REG_3, 4),
	    "(c3) r3 = atomic_fetch_xor((u32 *)(r2 +4), r3)"),
	ROW("xchg64", BPF_ATOMIC_OP(BPF_DW, BPF_XCHG, BPF_REG_10, BPF_REG_1, -8),
	    "(db) r1 = atomic64_xchg((u64 *)(r10 -8), r1)"),
	ROW("xchg32", BPF_ATOMIC_OP(BPF_W, BPF_XCHG, BPF_REG_10, BPF_REG_1, -4),
	    "(c3) r1 = atomic_xchg((u32 *)(r10 -4), r1)"),
	ROW("cmpxchg64", BPF_ATOMIC_OP(BPF_DW, BPF_CMPXCHG, BPF_REG_10, BPF_REG_2, -8),
	    "(db) r0 = atomic64_cmpxchg((u64 *)(r10 -8), r0, r2)"),
	ROW("cmpxchg32", BPF_ATOMIC_OP(BPF_W, BPF_CMPXCHG, BPF_REG_10, BPF_REG_2, -4),
	    "(c3) r0 = atomic_cmpxchg((u32 *)(r10 -4), r0, r2)"),
	ROW("atomic sub is not an op", BPF_ATOMIC_OP(BPF_DW, BPF_SUB, BPF_REG_1, BPF_REG_2, 0), "BUG_db"),
	ROW("atomic xchg w/o fetch", BPF_ATOMIC_OP(BPF_W, 0xe0, BPF_REG_1, BPF_REG_2, 0), "BUG_c3"),
};

START_TEST(print_bpf_insn_mem)
{
	check_rows(mem_rows, ARRAY_SIZE(mem_rows));
}
END_TEST

/* ---- LD ------------------------------------------------------------------ */

static const struct disasm_row ld_rows[] = {
	ROW2("ld_imm64", BPF_LD_IMM64(BPF_REG_1, 0x1122334455667788ULL), "(18) r1 = 0x1122334455667788"),
	ROW2("ld_imm64 zero", BPF_LD_IMM64(BPF_REG_0, 0),		"(18) r0 = 0x0"),
	ROW2("ld_imm64 -1", BPF_LD_IMM64(BPF_REG_9, -1LL),		"(18) r9 = 0xffffffffffffffff"),
	/* The low half is u32: a negative imm must not smear the high half. */
	ROW2("ld_imm64 low bit 31", BPF_LD_IMM64(BPF_REG_2, 0x80000000ULL), "(18) r2 = 0x80000000"),
	ROW2("ld_imm64 map fd, leaks allowed", BPF_LD_MAP_FD(BPF_REG_1, 5), "(18) r1 = 0x5"),
	ROW("ld abs b", BPF_LD_ABS(BPF_B, 23),			"(30) r0 = *(u8 *)skb[23]"),
	ROW("ld abs h", BPF_LD_ABS(BPF_H, 12),			"(28) r0 = *(u16 *)skb[12]"),
	ROW("ld abs w", BPF_LD_ABS(BPF_W, 0),			"(20) r0 = *(u32 *)skb[0]"),
	ROW("ld ind w", BPF_LD_IND(BPF_W, BPF_REG_7, 14),		"(40) r0 = *(u32 *)skb[r7 + 14]"),
	ROW("ld imm w", BPF_RAW_INSN(BPF_LD | BPF_W | BPF_IMM, 1, 0, 0, 1), "BUG_ld_00"),
	ROW("ld mem dw", BPF_RAW_INSN(BPF_LD | BPF_DW | BPF_MEM, 1, 0, 0, 1), "BUG_ld_78"),
};

START_TEST(print_bpf_insn_ld)
{
	check_rows(ld_rows, ARRAY_SIZE(ld_rows));
}
END_TEST

START_TEST(print_bpf_insn_ptr_leaks)
{
	/* A map reference's value is a kernel pointer once the verifier has
	 * rewritten it: without allow_ptr_leaks it prints as zero.
	 */
	struct bpf_insn map[] = { BPF_LD_MAP_FD(BPF_REG_1, 5) };
	struct bpf_insn plain[] = { BPF_LD_IMM64(BPF_REG_1, 5) };
	struct capture c;

	print_one(&c, map, false, NULL);
	ck_assert_str_eq(c.text, "(18) r1 = 0x0\n");
	print_one(&c, plain, false, NULL);
	ck_assert_str_eq(c.text, "(18) r1 = 0x5\n");
	map[0].src_reg = BPF_PSEUDO_MAP_VALUE;
	print_one(&c, map, false, NULL);
	ck_assert_str_eq(c.text, "(18) r1 = 0x0\n");
}
END_TEST

/* ---- JMP and JMP32 -------------------------------------------------------- */

static const struct disasm_row jmp_rows[] = {
	ROW("exit", BPF_EXIT_INSN(),					"(95) exit"),
	ROW("ja",   BPF_JMP_A(2),					"(05) goto pc+2"),
	ROW("ja back", BPF_JMP_A(-1),					"(05) goto pc-1"),
	ROW("ja zero", BPF_JMP_A(0),					"(05) goto pc+0"),
	ROW("gotol", BPF_JMP32_A(100000),				"(06) gotol pc+100000"),
	ROW("gotol back", BPF_JMP32_A(-3),				"(06) gotol pc-3"),
	ROW("call helper", BPF_CALL_HELPER(BPF_FUNC_ktime_get_ns),	"(85) call bpf_ktime_get_ns#5"),
	ROW("call map_lookup", BPF_CALL_HELPER(BPF_FUNC_map_lookup_elem), "(85) call bpf_map_lookup_elem#1"),
	ROW("call id 0", BPF_CALL_HELPER(0),				"(85) call bpf_unspec#0"),
	ROW("call unknown id", BPF_CALL_HELPER(100000),		"(85) call unknown#100000"),
	ROW("call negative id", BPF_CALL_HELPER(-1),			"(85) call unknown#-1"),
	ROW("call pc", BPF_CALL_REL(3),				"(85) call pc+3"),
	ROW("call pc back", BPF_CALL_REL(-7),				"(85) call pc-7"),
	ROW("call kfunc", BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 1234),
	    "(85) call kernel-function#1234"),
	ROW("jeq imm", BPF_JMP_IMM(BPF_JEQ, BPF_REG_1, 0, 1),		"(15) if r1 == 0x0 goto pc+1"),
	ROW("jeq32 imm", BPF_JMP32_IMM(BPF_JEQ, BPF_REG_1, 0, 1),	"(16) if w1 == 0x0 goto pc+1"),
	ROW("jeq reg", BPF_JMP_REG(BPF_JEQ, BPF_REG_1, BPF_REG_2, -4), "(1d) if r1 == r2 goto pc-4"),
	ROW("jgt imm", BPF_JMP_IMM(BPF_JGT, BPF_REG_1, 255, 1),	"(25) if r1 > 0xff goto pc+1"),
	ROW("jge reg", BPF_JMP_REG(BPF_JGE, BPF_REG_1, BPF_REG_2, 1),	"(3d) if r1 >= r2 goto pc+1"),
	ROW("jset imm", BPF_JMP_IMM(BPF_JSET, BPF_REG_1, 8, 1),	"(45) if r1 & 0x8 goto pc+1"),
	ROW("jne imm", BPF_JMP_IMM(BPF_JNE, BPF_REG_1, -1, 1),	"(55) if r1 != 0xffffffff goto pc+1"),
	ROW("jsgt reg", BPF_JMP_REG(BPF_JSGT, BPF_REG_1, BPF_REG_2, 1), "(6d) if r1 s> r2 goto pc+1"),
	ROW("jsge imm", BPF_JMP_IMM(BPF_JSGE, BPF_REG_1, 0, 1),	"(75) if r1 s>= 0x0 goto pc+1"),
	ROW("jlt imm", BPF_JMP_IMM(BPF_JLT, BPF_REG_1, 10, 1),	"(a5) if r1 < 0xa goto pc+1"),
	ROW("jle reg", BPF_JMP_REG(BPF_JLE, BPF_REG_1, BPF_REG_2, 1),	"(bd) if r1 <= r2 goto pc+1"),
	ROW("jslt imm", BPF_JMP_IMM(BPF_JSLT, BPF_REG_1, 0, 1),	"(c5) if r1 s< 0x0 goto pc+1"),
	ROW("jsle reg", BPF_JMP_REG(BPF_JSLE, BPF_REG_1, BPF_REG_2, 1), "(dd) if r1 s<= r2 goto pc+1"),
	ROW("jgt32 reg", BPF_JMP32_REG(BPF_JGT, BPF_REG_3, BPF_REG_4, 2), "(2e) if w3 > w4 goto pc+2"),
	ROW("jslt32 imm", BPF_JMP32_IMM(BPF_JSLT, BPF_REG_3, -5, 2),	"(c6) if w3 s< 0xfffffffb goto pc+2"),
	ROW("jset32 reg", BPF_JMP32_REG(BPF_JSET, BPF_REG_3, BPF_REG_4, 2), "(4e) if w3 & w4 goto pc+2"),
	/* Encodings the verifier refuses still print, as the kernel would. */
	ROW("jmp op 0xe0", BPF_RAW_INSN(BPF_JMP | 0xe0 | BPF_K, 1, 0, 0, 5), "(e5) if r1 (null) 0x5 goto pc+0"),
	ROW("jmp32 exit", BPF_RAW_INSN(BPF_JMP32 | BPF_EXIT, 0, 0, 0, 0),    "(96) if w0 exit 0x0 goto pc+0"),
};

START_TEST(print_bpf_insn_jmp)
{
	check_rows(jmp_rows, ARRAY_SIZE(jmp_rows));
}
END_TEST

/* ---- every opcode byte ------------------------------------------------- */

START_TEST(print_bpf_insn_every_opcode)
{
	/* All 256 opcodes, with extreme fields: each prints exactly one line,
	 * starting "(code) " or "BUG_", and never crashes.
	 */
	static const s16 offs[] = { 0, 1, 8, 16, 32, -1, S16_MIN, S16_MAX };
	static const s32 imms[] = { 0, 1, 16, 64, -1, S32_MIN, S32_MAX,
				    BPF_ADD | BPF_FETCH, BPF_XCHG, BPF_CMPXCHG };

	for (int code = 0; code < 256; code++)
		for (size_t o = 0; o < ARRAY_SIZE(offs); o++)
			for (size_t m = 0; m < ARRAY_SIZE(imms); m++) {
				struct bpf_insn insn[2] = {
					BPF_RAW_INSN(code, 15, 15, offs[o], imms[m]),
					BPF_RAW_INSN(0, 0, 0, 0, imms[m]),
				};
				struct capture c;
				char head[8];

				print_one(&c, insn, false, NULL);
				snprintf(head, sizeof(head), "(%02x) ", code);
				ck_assert_msg(c.calls == 1 && c.len > 0 &&
					      c.text[c.len - 1] == '\n' &&
					      !memchr(c.text, '\n', c.len - 1) &&
					      (!strncmp(c.text, head, 5) ||
					       !strncmp(c.text, "BUG_", 4)),
					      "code %02x off %d imm %d: got \"%s\"",
					      code, offs[o], imms[m], c.text);
			}
}
END_TEST

/* ---- callbacks ----------------------------------------------------------- */

static const char *name_call(void *private_data, const struct bpf_insn *insn)
{
	(void)private_data;
	return insn->imm == 3 ? "subprog_a" : NULL;
}

static char imm_text[32];

static const char *name_imm(void *private_data, const struct bpf_insn *insn,
			    __u64 full_imm)
{
	(void)private_data;
	snprintf(imm_text, sizeof(imm_text), "map[id:%llu]:%d",
		 (unsigned long long)full_imm, insn->src_reg);
	return imm_text;
}

START_TEST(print_bpf_insn_callbacks)
{
	struct bpf_insn_cbs cbs = { .cb_call = name_call };
	struct bpf_insn call_a = BPF_CALL_REL(3), call_b = BPF_CALL_REL(4);
	struct bpf_insn helper = BPF_CALL_HELPER(BPF_FUNC_trace_printk);
	struct bpf_insn unknown = BPF_CALL_HELPER(3000);
	struct bpf_insn ld[] = { BPF_LD_MAP_FD(BPF_REG_1, 7) };
	struct capture c;

	/* cb_call names a pseudo call; NULL falls back to "pc+N". */
	print_one(&c, &call_a, true, &cbs);
	ck_assert_str_eq(c.text, "(85) call pcsubprog_a\n");
	print_one(&c, &call_b, true, &cbs);
	ck_assert_str_eq(c.text, "(85) call pc+4\n");
	/* A helper in the table never reaches cb_call. */
	cbs.cb_call = name_call;
	print_one(&c, &helper, true, &cbs);
	ck_assert_str_eq(c.text, "(85) call bpf_trace_printk#6\n");
	print_one(&c, &unknown, true, &cbs);
	ck_assert_str_eq(c.text, "(85) call unknown#3000\n");

	/* cb_imm names the constant, and sees it after pointer hiding. */
	cbs = (struct bpf_insn_cbs){ .cb_imm = name_imm };
	print_one(&c, ld, true, &cbs);
	ck_assert_str_eq(c.text, "(18) r1 = map[id:7]:1\n");
	print_one(&c, ld, false, &cbs);
	ck_assert_str_eq(c.text, "(18) r1 = map[id:0]:1\n");
}
END_TEST

/* ---- func_id_name and the tables ---------------------------------------- */

START_TEST(func_id_name_table)
{
	static const struct { int id; const char *name; } rows[] = {
		{ BPF_FUNC_unspec,		"bpf_unspec" },
		{ BPF_FUNC_map_lookup_elem,	"bpf_map_lookup_elem" },
		{ BPF_FUNC_ktime_get_ns,	"bpf_ktime_get_ns" },
		{ BPF_FUNC_tail_call,		"bpf_tail_call" },
		{ BPF_FUNC_get_current_comm,	"bpf_get_current_comm" },
		{ 23,				"bpf_redirect" },
		{ 51,				"bpf_redirect_map" },
		{ 130,				"bpf_ringbuf_output" },
		{ -1,				"unknown" },
		{ 100000,			"unknown" },
		{ INT_MIN,			"unknown" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		ck_assert_msg(!strcmp(func_id_name(rows[i].id), rows[i].name),
			      "func_id_name(%d): expected %s, got %s",
			      rows[i].id, rows[i].name, func_id_name(rows[i].id));
	ck_assert_str_eq(bpf_class_string[BPF_ALU64], "alu64");
	ck_assert_str_eq(bpf_class_string[BPF_JMP32], "jmp32");
	ck_assert_str_eq(bpf_alu_string[BPF_ARSH >> 4], "s>>=");
	ck_assert_ptr_null(bpf_alu_string[0xe0 >> 4]);
}
END_TEST

/* ---- bpf_insn_snprintf, bpf_print_prog ------------------------------------ */

START_TEST(bpf_insn_snprintf_truncates)
{
	struct bpf_insn insn = BPF_MOV64_IMM(BPF_REG_1, 561);
	char buf[32];

	ck_assert_uint_eq(bpf_insn_snprintf(buf, sizeof(buf), &insn), 13);
	ck_assert_str_eq(buf, "(b7) r1 = 561");
	/* Like snprintf(): cut, terminated, and the wanted length returned. */
	ck_assert_uint_eq(bpf_insn_snprintf(buf, 6, &insn), 13);
	ck_assert_str_eq(buf, "(b7) ");
	ck_assert_uint_eq(bpf_insn_snprintf(buf, 14, &insn), 13);
	ck_assert_str_eq(buf, "(b7) r1 = 561");
	ck_assert_uint_eq(bpf_insn_snprintf(NULL, 0, &insn), 13);
}
END_TEST

static char *dump(const struct bpf_insn *insns, u32 len)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	ck_assert_ptr_nonnull(f);
	bpf_print_prog(f, insns, len);
	ck_assert_int_eq(fclose(f), 0);
	return text;
}

START_TEST(bpf_print_prog_xlated)
{
	/* The article's program, as bpftool prints it. */
	const struct bpf_insn prog[] = {
		BPF_MOV64_IMM(BPF_REG_1, 561),
		BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 1110),
		BPF_LD_IMM64(BPF_REG_2, 0x1122334455667788ULL),
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),
		BPF_EXIT_INSN(),
	};
	const char *want =
		"   0: (b7) r1 = 561\n"
		"   1: (7b) *(u64 *)(r10 -8) = r1\n"
		"   2: (79) r1 = *(u64 *)(r10 -8)\n"
		"   3: (07) r1 += 1110\n"
		"   4: (18) r2 = 0x1122334455667788\n"
		"   6: (bf) r0 = r1\n"
		"   7: (95) exit\n";
	char *got = dump(prog, ARRAY_SIZE(prog));

	ck_assert_msg(!strcmp(got, want), "expected:\n%sgot:\n%s", want, got);
	free(got);

	got = dump(prog, 0);
	ck_assert_str_eq(got, "");
	free(got);
}
END_TEST

START_TEST(bpf_print_prog_wide_index_and_cut_ld_imm64)
{
	struct bpf_insn *prog = calloc(10001, sizeof(*prog));
	struct bpf_insn ld[] = { BPF_LD_IMM64(BPF_REG_1, 1) };
	char *got, *line;

	ck_assert_ptr_nonnull(prog);
	for (int i = 0; i < 10000; i++)
		prog[i] = BPF_MOV64_IMM(BPF_REG_0, i);
	/* The program ends in half a ld_imm64: printed as a BUG, not read on. */
	prog[10000] = ld[0];
	got = dump(prog, 10001);
	/* "% 4d": the space flag always leaves a blank before the number. */
	line = strstr(got, "\n 9999: ");
	ck_assert_msg(line != NULL, "no line for insn 9999 in the dump");
	ck_assert_str_eq(line, "\n 9999: (b7) r0 = 9999\n 10000: BUG_ld_18\n");
	ck_assert_ptr_nonnull(strstr(got, "\n 999: (b7) r0 = 999\n 1000: (b7) r0 = 1000\n"));
	ck_assert(!strncmp(got, "   0: (b7) r0 = 0\n   1: (b7) r0 = 1\n", 36));
	free(got);
	free(prog);
}
END_TEST

void add_disasm_tests(Suite *s)
{
	TCase *tc;

	tc = tcase_create("print_bpf_insn");
	ADD(tc, print_bpf_insn_alu);
	ADD(tc, print_bpf_insn_mem);
	ADD(tc, print_bpf_insn_ld);
	ADD(tc, print_bpf_insn_ptr_leaks);
	ADD(tc, print_bpf_insn_jmp);
	ADD(tc, print_bpf_insn_every_opcode);
	ADD(tc, print_bpf_insn_callbacks);
	suite_add_tcase(s, tc);

	tc = tcase_create("func_id_name");
	ADD(tc, func_id_name_table);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_print_prog");
	ADD(tc, bpf_insn_snprintf_truncates);
	ADD(tc, bpf_print_prog_xlated);
	ADD(tc, bpf_print_prog_wide_index_and_cut_ld_imm64);
	suite_add_tcase(s, tc);
}
