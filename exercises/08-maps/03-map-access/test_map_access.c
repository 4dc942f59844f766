// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 08/03: the bounds of a map value. Each test loads a program
 * that reads or writes a 48-byte array value (element k holds the bytes
 * k*0x30, k*0x30+1, ...). A program the verifier must refuse is only
 * loaded, never run; the verdict and the log line are the kernel's.
 */
#include <string.h>

#include "tests.h"
#include "linux/bpf_interp.h"

static char log_buf[16384];

static int new_map(u32 value_size, u32 flags)
{
	union bpf_attr attr;
	u8 value[48];
	u32 key;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = value_size;
	attr.max_entries = 4;
	attr.map_flags = flags;
	fd = sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
	ck_assert_int_ge(fd, 3);
	for (key = 0; key < 4; key++) {
		for (u32 i = 0; i < sizeof(value); i++)
			value[i] = key * 0x30 + i;
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = fd;
		attr.key = (u64)(uintptr_t)&key;
		attr.value = (u64)(uintptr_t)value;
		ck_assert_int_eq(sys_bpf(BPF_MAP_UPDATE_ELEM, &attr, sizeof(attr)), 0);
	}
	return fd;
}

/* The fd, or -errno with the log in log_buf. */
static int load(const struct bpf_insn *insns, u32 len)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (u64)(uintptr_t)insns;
	attr.insn_cnt = len;
	attr.license = (u64)(uintptr_t)"GPL";
	attr.log_level = 1;
	attr.log_buf = (u64)(uintptr_t)log_buf;
	attr.log_size = sizeof(log_buf);
	log_buf[0] = 0;
	return (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
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

#define accepted(insns, expect) do {					\
	int fd_ = load(insns, ARRAY_SIZE(insns));			\
									\
	ck_assert_msg(fd_ >= 0, "a correct program was refused (%s):\n%s", \
		      errno_name(fd_), log_buf);			\
	ck_assert_uint_eq(run(fd_), expect);				\
} while (0)

#define refused(insns, err, line) do {					\
	int fd_ = load(insns, ARRAY_SIZE(insns));			\
									\
	ck_assert_msg(fd_ == (err), "expected %s, got %d:\n%s",		\
		      errno_name(err), fd_, log_buf);			\
	ck_assert_msg(strstr(log_buf, line), "the log lacks \"%s\":\n%s", \
		      line, log_buf);					\
} while (0)

/* r0 = lookup(map, key); if (!r0) exit */
#define LOOKUP(map, key, skip)						\
	KEY_ON_STACK(key),						\
	BPF_LD_MAP_FD(BPF_REG_1, map),					\
	EMIT_CALL(map_lookup_elem),					\
	BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, skip)

/* What stays inside the value runs, and reads what is there. */
START_TEST(inside_the_value)
{
	int map = new_map(48, 0), ro = new_map(48, BPF_F_RDONLY_PROG);
	struct bpf_insn last8[] = {
		LOOKUP(map, 0, 1),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_0, 40),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn variable[] = {		/* value[(value[0] & 31) + 16] */
		LOOKUP(map, 1, 4),
		BPF_LDX_MEM(BPF_B, BPF_REG_1, BPF_REG_0, 0),
		BPF_ALU64_IMM(BPF_AND, BPF_REG_1, 31),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
		BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 16),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn write_read[] = {
		LOOKUP(map, 2, 2),
		BPF_ST_MEM(BPF_B, BPF_REG_0, 47, 0x7f),
		BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 47),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn read_only[] = {
		LOOKUP(ro, 3, 1),
		BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};

	accepted(last8, 0x2f2e2d2c2b2a2928ull);
	accepted(variable, 0x30 + 16 + 16);
	accepted(write_read, 0x7f);
	accepted(read_only, 3 * 0x30 + 1);
}
END_TEST

/* A fixed offset one byte too far, by a load, a store and a helper. */
START_TEST(fixed_offset_past_the_end)
{
	int map = new_map(48, 0);
	struct bpf_insn load8[] = {
		LOOKUP(map, 0, 1),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_0, 41),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn store1[] = {
		LOOKUP(map, 0, 1),
		BPF_ST_MEM(BPF_B, BPF_REG_0, 48, 1),
		BPF_EXIT_INSN(),
	};
	/* update(map, key, value + 8): the helper reads 48 bytes from there */
	struct bpf_insn helper[] = {
		LOOKUP(map, 0, 7),
		BPF_MOV64_REG(BPF_REG_3, BPF_REG_0),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, 8),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
		BPF_LD_MAP_FD(BPF_REG_1, map),
		BPF_MOV64_IMM(BPF_REG_4, 0),
		EMIT_CALL(map_update_elem),
		BPF_EXIT_INSN(),
	};

	refused(load8, -EACCES, "invalid access to map value, value_size=48 off=41 size=8");
	refused(store1, -EACCES, "invalid access to map value, value_size=48 off=48 size=1");
	refused(helper, -EACCES, "R3 min value is outside of the array range");
}
END_TEST

/* (index & 31) + 17, one byte past the end at the largest index. */
START_TEST(variable_offset_too_large)
{
	int map = new_map(48, 0);
	struct bpf_insn insns[] = {
		LOOKUP(map, 1, 4),
		BPF_LDX_MEM(BPF_B, BPF_REG_1, BPF_REG_0, 0),
		BPF_ALU64_IMM(BPF_AND, BPF_REG_1, 31),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
		BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 17),
		BPF_EXIT_INSN(),
	};

	refused(insns, -EACCES, "R0 max value is outside of the array range");
}
END_TEST

/* An index read from the map and never checked. */
START_TEST(unbounded_offset)
{
	int map = new_map(48, 0);
	struct bpf_insn insns[] = {
		LOOKUP(map, 1, 3),
		BPF_LDX_MEM(BPF_W, BPF_REG_1, BPF_REG_0, 0),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
		BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};

	refused(insns, -EACCES, "R0 unbounded memory access, make sure to bounds check "
		"any array access into a map");
}
END_TEST

/* -16 <= index <= 8, checked as signed: below the value's start. */
START_TEST(negative_offset)
{
	int map = new_map(48, 0);
	struct bpf_insn insns[] = {
		LOOKUP(map, 1, 5),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_0, 0),
		BPF_JMP_IMM(BPF_JSGT, BPF_REG_1, 8, 3),
		BPF_JMP_IMM(BPF_JSLT, BPF_REG_1, -16, 2),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
		BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};

	refused(insns, -EACCES, "R0 min value is negative, either use unsigned index "
		"or do a if (index >=0) check.");
}
END_TEST

/* BPF_F_RDONLY_PROG forbids stores, BPF_F_WRONLY_PROG loads. */
START_TEST(access_type)
{
	int ro = new_map(48, BPF_F_RDONLY_PROG), wo = new_map(48, BPF_F_WRONLY_PROG);
	struct bpf_insn store[] = {
		LOOKUP(ro, 0, 1),
		BPF_ST_MEM(BPF_W, BPF_REG_0, 0, 1),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn load8[] = {
		LOOKUP(wo, 0, 1),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_0, 8),
		BPF_EXIT_INSN(),
	};

	refused(store, -EACCES, "write into map forbidden, value_size=48 off=0 size=4");
	refused(load8, -EACCES, "read from map forbidden, value_size=48 off=8 size=8");
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("08/03 check_map_access");
	TCase *tc = tcase_create("check_map_access");

	tcase_add_test(tc, inside_the_value);
	tcase_add_test(tc, fixed_offset_past_the_end);
	tcase_add_test(tc, variable_offset_too_large);
	tcase_add_test(tc, unbounded_offset);
	tcase_add_test(tc, negative_offset);
	tcase_add_test(tc, access_type);
	suite_add_tcase(s, tc);
	return s;
}
