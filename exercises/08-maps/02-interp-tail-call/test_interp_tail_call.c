// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 08/02: tail calls in the interpreter (bpf_jit_enable = 0). A
 * program tail-calls the slot R3 names in the program array R2; each
 * program of the chain returns its own number if its tail call fails.
 */
#include <string.h>

#include "maps.h"
#include "linux/bpf_interp.h"
#include "testutil.h"

static int create_map(u32 type, u32 value_size, u32 max_entries)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = 4;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	fd = sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
	ck_assert_int_ge(fd, 3);
	return fd;
}

static void set_slot(int map, u32 key, int prog)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map;
	attr.key = (u64)(uintptr_t)&key;
	attr.value = (u64)(uintptr_t)&prog;
	ck_assert_int_eq(sys_bpf(BPF_MAP_UPDATE_ELEM, &attr, sizeof(attr)), 0);
}

static int load(const struct bpf_insn *insns, u32 len)
{
	union bpf_attr attr;
	int fd;

	bpf_jit_enable = 0;		/* the interpreter */
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (u64)(uintptr_t)insns;
	attr.insn_cnt = len;
	attr.license = (u64)(uintptr_t)"GPL";
	fd = sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	bpf_jit_enable = 1;
	ck_assert_int_ge(fd, 3);
	return fd;
}

/* tail_call(ctx, map, r3), then return ret */
static int load_caller(int map, u64 r3, s32 ret)
{
	struct bpf_insn insns[] = {
		BPF_LD_IMM64(BPF_REG_3, r3),
		BPF_LD_MAP_FD(BPF_REG_2, map),
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_tail_call),
		BPF_MOV64_IMM(BPF_REG_0, ret),
		BPF_EXIT_INSN(),
	};

	return load(insns, ARRAY_SIZE(insns));
}

static u64 run(int fd)
{
	static u8 pkt[64];
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = (u64)(uintptr_t)pkt;
	attr.test.data_size_in = sizeof(pkt);
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
	return bpf_test_run_last_r0();
}

/* A -> slot 1 (B) -> slot 2 (C), which returns 3. */
START_TEST(tail_call_chain)
{
	int map = create_map(BPF_MAP_TYPE_PROG_ARRAY, 4, 3);
	int c = load((struct bpf_insn[]){ BPF_MOV64_IMM(BPF_REG_0, 3), BPF_EXIT_INSN() }, 2);
	int b = load_caller(map, 2, 2), a = load_caller(map, 1, 1);

	set_slot(map, 1, b);
	set_slot(map, 2, c);
	ck_assert_uint_eq(run(b), 3);
	ck_assert_uint_eq(run(a), 3);
	set_slot(map, 1, c);
	ck_assert_uint_eq(run(a), 3);
}
END_TEST

/* A failed tail call goes on with the next instruction. */
START_TEST(tail_call_falls_through)
{
	int map = create_map(BPF_MAP_TYPE_PROG_ARRAY, 4, 3);
	int c = load((struct bpf_insn[]){ BPF_MOV64_IMM(BPF_REG_0, 3), BPF_EXIT_INSN() }, 2);

	set_slot(map, 2, c);
	ck_assert_uint_eq(run(load_caller(map, 0, 10)), 10);	/* empty slot */
	ck_assert_uint_eq(run(load_caller(map, 3, 11)), 11);	/* past the end */
	ck_assert_uint_eq(run(load_caller(map, 0xffffffff, 12)), 12);
}
END_TEST

/* The index is a u32: R3's upper half does not count. */
START_TEST(tail_call_index_u32)
{
	int map = create_map(BPF_MAP_TYPE_PROG_ARRAY, 4, 3);
	int c = load((struct bpf_insn[]){ BPF_MOV64_IMM(BPF_REG_0, 3), BPF_EXIT_INSN() }, 2);

	set_slot(map, 2, c);
	ck_assert_uint_eq(run(load_caller(map, 0x500000002ull, 4)), 3);
}
END_TEST

/*
 * A program that counts its runs in an array map, then tail-calls itself:
 * one run and 33 tail calls (MAX_TAIL_CALL_CNT 32, tested with `>`).
 */
START_TEST(tail_call_limit)
{
	int map = create_map(BPF_MAP_TYPE_PROG_ARRAY, 4, 1);
	int cnt = create_map(BPF_MAP_TYPE_ARRAY, 8, 1);
	struct bpf_insn insns[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
		BPF_LD_MAP_FD(BPF_REG_1, cnt),
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 3),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_0, 0),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 1),
		BPF_STX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_LD_MAP_FD(BPF_REG_2, map),
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_tail_call),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	int p = load(insns, ARRAY_SIZE(insns));
	union bpf_attr attr;
	u32 key = 0;
	u64 runs = 0;

	set_slot(map, 0, p);
	run(p);
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = cnt;
	attr.key = (u64)(uintptr_t)&key;
	attr.value = (u64)(uintptr_t)&runs;
	ck_assert_int_eq(sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr, sizeof(attr)), 0);
	ck_assert_msg(runs == 34, "the program ran %llu times; one run and 33 tail calls "
		      "make 34", (unsigned long long)runs);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("08/02 bpf_interp_tail_call");
	TCase *tc = tcase_create("bpf_interp_tail_call");

	tcase_add_test(tc, tail_call_chain);
	tcase_add_test(tc, tail_call_falls_through);
	tcase_add_test(tc, tail_call_index_u32);
	tcase_add_test(tc, tail_call_limit);
	suite_add_tcase(s, tc);
	return s;
}
