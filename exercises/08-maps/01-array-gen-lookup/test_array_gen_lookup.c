// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 08/01: array lookups inlined. Each program looks up a key in an
 * array and reads the value; JIT-compiled (bpf_jit_enable = 1), the
 * verifier replaces the call with array_map_gen_lookup()'s instructions.
 */
#include <string.h>

#include "maps.h"
#include "linux/bpf_interp.h"
#include "linux/capability.h"
#include "testutil.h"

static char log_buf[65536];

static int create_array(u32 value_size, u32 max_entries)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	fd = sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
	ck_assert_int_ge(fd, 3);
	/* element k starts with the byte 0x10 + k */
	for (u32 k = 0; k < max_entries; k++) {
		u8 value[64] = { 0x10 + k };

		memset(&attr, 0, sizeof(attr));
		attr.map_fd = fd;
		attr.key = (u64)(uintptr_t)&k;
		attr.value = (u64)(uintptr_t)value;
		ck_assert_int_eq(sys_bpf(BPF_MAP_UPDATE_ELEM, &attr, sizeof(attr)), 0);
	}
	return fd;
}

/* r0 = *(u8 *)lookup(map, key), or 0xee when the lookup gives NULL */
static int load_lookup(int map, u32 key, int *len)
{
	struct bpf_insn insns[] = {
		BPF_ST_MEM(BPF_W, BPF_REG_10, -4, key),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
		BPF_LD_MAP_FD(BPF_REG_1, map),
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 2),
		BPF_MOV64_IMM(BPF_REG_0, 0xee),
		BPF_EXIT_INSN(),
		BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (u64)(uintptr_t)insns;
	attr.insn_cnt = ARRAY_SIZE(insns);
	attr.license = (u64)(uintptr_t)"GPL";
	attr.log_level = 1;
	attr.log_buf = (u64)(uintptr_t)log_buf;
	attr.log_size = sizeof(log_buf);
	*len = ARRAY_SIZE(insns);
	return sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

static struct bpf_prog *prog_of(int fd)
{
	return fget(fd)->private_data;
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
	return attr.test.retval;
}

/* Load, check there is no call left, run: the byte the lookup found. */
static u64 lookup(u32 value_size, u32 max_entries, u32 key)
{
	int map = create_array(value_size, max_entries), fd, len;
	struct bpf_prog *p;
	u64 r0;

	fd = load_lookup(map, key, &len);
	ck_assert_msg(fd >= 0, "the program does not load (%d):\n%s", fd, log_buf);
	p = prog_of(fd);
	for (u32 i = 0; i < p->len; i++)
		ck_assert_msg(p->insnsi[i].code != (BPF_JMP | BPF_CALL),
			      "insn %u is still a call: the lookup is not inlined", i);
	r0 = run(fd);
	close_fd(fd);
	close_fd(map);
	return r0;
}

START_TEST(lookup_in_range)
{
	ck_assert_uint_eq(lookup(8, 4, 0), 0x10);
	ck_assert_uint_eq(lookup(8, 4, 3), 0x13);
}
END_TEST

START_TEST(lookup_out_of_range)
{
	ck_assert_uint_eq(lookup(8, 4, 4), 0xee);
	ck_assert_uint_eq(lookup(8, 4, 0xffffffff), 0xee);
}
END_TEST

/* 12 bytes of value take 16 in the array, 20 take 24: a shift, a multiply. */
START_TEST(lookup_element_sizes)
{
	ck_assert_uint_eq(lookup(12, 3, 2), 0x12);
	ck_assert_uint_eq(lookup(20, 5, 4), 0x14);
	ck_assert_uint_eq(lookup(64, 2, 1), 0x11);
}
END_TEST

/* The kernel's instructions, exactly: bpftool prog dump xlated shows them. */
START_TEST(lookup_instructions)
{
	int map = create_array(20, 5), fd, len;
	const struct bpf_insn want[] = {
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, offsetof(struct bpf_array, value)),
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_2, 0),
		BPF_JMP_IMM(BPF_JGE, BPF_REG_0, 5, 3),
		BPF_ALU64_IMM(BPF_MUL, BPF_REG_0, 24),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
		BPF_JMP_IMM(BPF_JA, 0, 0, 1),
		BPF_MOV64_IMM(BPF_REG_0, 0),
	};
	struct bpf_prog *p;

	fd = load_lookup(map, 0, &len);
	ck_assert_msg(fd >= 0, "%s", log_buf);
	p = prog_of(fd);
	ck_assert_uint_eq(p->len, (u32)len - 1 + ARRAY_SIZE(want));
	/* after the key on the stack and the map in r1 (insns 0-4) */
	ck_assert_mem_eq(&p->insnsi[5], want, sizeof(want));
	close_fd(fd);
	close_fd(map);
}
END_TEST

/*
 * A map whose creator may not speculate out of bounds (no CAP_PERFMON):
 * the index is masked after the check too, so a mispredicted branch
 * cannot read past the array.
 */
START_TEST(lookup_masked)
{
	int map, fd, len;
	struct bpf_prog *p;
	bool masked = false;

	set_current_caps(CAP_TO_MASK(CAP_BPF));
	map = create_array(8, 3);
	set_current_caps(CAP_ALL);
	ck_assert_uint_eq(lookup(8, 3, 2), 0x12);
	fd = load_lookup(map, 2, &len);
	ck_assert_msg(fd >= 0, "%s", log_buf);
	p = prog_of(fd);
	for (u32 i = 0; i < p->len; i++)
		masked |= p->insnsi[i].code == (BPF_ALU | BPF_AND | BPF_K) &&
			  p->insnsi[i].dst_reg == BPF_REG_0 && p->insnsi[i].imm == 3;
	ck_assert_msg(masked, "no `w0 &= 3` (index_mask) after the bounds check");
	ck_assert_uint_eq(run(fd), 0x12);
	close_fd(fd);
	close_fd(map);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("08/01 array_map_gen_lookup");
	TCase *tc = tcase_create("array_map_gen_lookup");

	tcase_add_test(tc, lookup_in_range);
	tcase_add_test(tc, lookup_out_of_range);
	tcase_add_test(tc, lookup_element_sizes);
	tcase_add_test(tc, lookup_instructions);
	tcase_add_test(tc, lookup_masked);
	suite_add_tcase(s, tc);
	return s;
}
