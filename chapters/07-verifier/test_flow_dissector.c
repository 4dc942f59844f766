// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 07 tests: flow dissector programs (ctx_flow_dissector.c, the
 * flow keys' checks in mem.c and ptr_alu.c, chapter 04's test run). The
 * context's three fields and their refused neighbours, the keys' bounds,
 * and a small dissector run on the test frame in both runtimes, its keys
 * read back as the kernel returns them.
 *
 *   CK_RUN_CASE=flow_dissector make test-07
 */
#include <arpa/inet.h>
#include <string.h>

#include "linux/etherdevice.h"
#include "linux/file.h"
#include "net/flow_dissector.h"
#include "verifier.h"
#include "test_ctx.h"

#define FD		BPF_PROG_TYPE_FLOW_DISSECTOR
#define SK_OFF(f)	offsetof(struct __sk_buff, f)
#define KEY_OFF(f)	offsetof(struct bpf_flow_keys, f)

static const struct fd_access {
	const char *descr;
	struct bpf_insn access;
	const char *refused;		/* NULL: loads */
} fd_accesses[] = {
	{ "data", BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, SK_OFF(data)), NULL },
	{ "data_end", BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, SK_OFF(data_end)), NULL },
	{ "flow_keys", BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, SK_OFF(flow_keys)), NULL },
	{ "flow_keys, 4 bytes", BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, SK_OFF(flow_keys)),
	  "invalid bpf_context access off=144 size=4" },
	{ "data, a half", BPF_LDX_MEM(BPF_H, BPF_REG_0, BPF_REG_1, SK_OFF(data)),
	  "invalid bpf_context access off=76 size=2" },
	{ "len", BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, SK_OFF(len)),
	  "invalid bpf_context access off=0 size=4" },
	{ "data_meta", BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, SK_OFF(data_meta)),
	  "invalid bpf_context access off=140 size=4" },
	{ "write mark", BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_1, SK_OFF(mark)),
	  "invalid bpf_context access off=8 size=4" },
};

START_TEST(flow_dissector_is_valid_access_rows)
{
	const struct fd_access *t = &fd_accesses[_i];
	struct bpf_insn prog[] = { t->access, BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() };
	char log[4096];
	int fd = ctx_load(FD, prog, ARRAY_SIZE(prog), true, log, sizeof(log));

	if (!t->refused) {
		ck_assert_msg(fd >= 0, "%s: refused (%d)\n%s", t->descr, fd, log);
		close_fd(fd);
		return;
	}
	ck_assert_msg(fd == -EACCES, "%s: loaded (%d)", t->descr, fd);
	ck_assert_msg(strstr(log, t->refused), "%s: the log says\n%s", t->descr, log);
}
END_TEST

/* The keys: 56 bytes at a fixed offset. (A pointer stored into them is
 * refused only to a loader without CAP_PERFMON, which may not leak
 * addresses; these loads have every capability.)
 */
START_TEST(flow_keys_access_bounds)
{
	static const struct {
		const char *descr;
		struct bpf_insn insns[3];
		const char *refused;
	} rows[] = {
		{ "write sport", { BPF_ST_MEM(BPF_H, BPF_REG_2, KEY_OFF(sport), 53),
				   BPF_MOV64_IMM(BPF_REG_0, 0), BPF_MOV64_IMM(BPF_REG_0, 0) }, NULL },
		{ "the last byte, a constant away", { BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, 55),
				   BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_2, 0),
				   BPF_MOV64_IMM(BPF_REG_0, 0) }, NULL },
		{ "one byte past", { BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_2, 56),
				     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_MOV64_IMM(BPF_REG_0, 0) },
		  "invalid access to flow keys off=56 size=1" },
		{ "before them", { BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -1),
				   BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_2, 0),
				   BPF_MOV64_IMM(BPF_REG_0, 0) },
		  "invalid access to flow keys off=-1 size=1" },
		{ "a variable offset", { BPF_LDX_MEM(BPF_B, BPF_REG_3, BPF_REG_2, 0),
					 BPF_ALU64_REG(BPF_ADD, BPF_REG_2, BPF_REG_3),
					 BPF_MOV64_IMM(BPF_REG_0, 0) },
		  "R2 pointer arithmetic on flow_keys prohibited" },
	};
	char log[4096];

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct bpf_insn prog[] = {
			BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, SK_OFF(flow_keys)),
			rows[i].insns[0], rows[i].insns[1], rows[i].insns[2],
			BPF_EXIT_INSN(),
		};
		int fd = ctx_load(FD, prog, ARRAY_SIZE(prog), false, log, sizeof(log));

		if (!rows[i].refused) {
			ck_assert_msg(fd >= 0, "%s: refused (%d)\n%s", rows[i].descr, fd, log);
			close_fd(fd);
			continue;
		}
		ck_assert_msg(fd == -EACCES, "%s: loaded (%d)", rows[i].descr, fd);
		ck_assert_msg(strstr(log, rows[i].refused), "%s: the log says\n%s",
			      rows[i].descr, log);
	}
}
END_TEST

/*
 * A dissector of IPv4: past the network header (nhoff, where the kernel's
 * dissector left it), the protocol byte into ip_proto and the transport
 * header's offset into thoff; a thoff of 1000 is clamped to the packet.
 */
static const struct bpf_insn ipv4_dissector[] = {
	BPF_LDX_MEM(BPF_DW, BPF_REG_6, BPF_REG_1, SK_OFF(flow_keys)),
	BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SK_OFF(data)),
	BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, SK_OFF(data_end)),
	BPF_MOV64_REG(BPF_REG_4, BPF_REG_2),
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_4, ETH_HLEN + 20),
	BPF_MOV64_IMM(BPF_REG_0, 2),				/* BPF_DROP */
	BPF_JMP_REG(BPF_JGT, BPF_REG_4, BPF_REG_3, 7),
	BPF_LDX_MEM(BPF_B, BPF_REG_5, BPF_REG_2, ETH_HLEN + 9),
	BPF_STX_MEM(BPF_B, BPF_REG_6, BPF_REG_5, KEY_OFF(ip_proto)),
	BPF_LDX_MEM(BPF_H, BPF_REG_5, BPF_REG_6, KEY_OFF(nhoff)),
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_5, 20),
	BPF_STX_MEM(BPF_H, BPF_REG_6, BPF_REG_5, KEY_OFF(thoff)),
	BPF_ST_MEM(BPF_H, BPF_REG_6, KEY_OFF(nhoff), 1000),
	BPF_MOV64_IMM(BPF_REG_0, 0),				/* BPF_OK */
	BPF_EXIT_INSN(),
};

START_TEST(flow_dissector_test_run)
{
	struct bpf_flow_keys keys, in = { .flags = 1 }, bad = { .nhoff = 1 };
	union bpf_attr attr;

	for (int jit = 0; jit < RUNTIMES; jit++) {
		int fd = ctx_load_ok(FD, ipv4_dissector, ARRAY_SIZE(ipv4_dissector), jit);

		memset(&keys, 0xaa, sizeof(keys));
		memset(&attr, 0, sizeof(attr));
		attr.test.prog_fd = fd;
		attr.test.data_in = (u64)(uintptr_t)test_frame;
		attr.test.data_size_in = FRAME_LEN;
		attr.test.data_out = (u64)(uintptr_t)&keys;
		attr.test.data_size_out = sizeof(keys);
		attr.test.ctx_in = (u64)(uintptr_t)&in;
		attr.test.ctx_size_in = sizeof(in);
		ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
		ck_assert_uint_eq(attr.test.retval, 0);
		ck_assert_uint_eq(attr.test.data_size_out, sizeof(keys));
		ck_assert_uint_eq(keys.n_proto, htons(ETH_P_IP));
		ck_assert_uint_eq(keys.ip_proto, 17);
		ck_assert_uint_eq(keys.flags, 1);
		/* nhoff 1000 clamped to the frame; thoff at least nhoff */
		ck_assert_uint_eq(keys.nhoff, FRAME_LEN);
		ck_assert_uint_eq(keys.thoff, FRAME_LEN);

		/* a frame too short for the header: BPF_DROP, the keys as given */
		attr.test.data_size_in = ETH_HLEN + 19;
		ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
		ck_assert_uint_eq(attr.test.retval, 2);
		ck_assert_uint_eq(keys.nhoff, ETH_HLEN);
		ck_assert_uint_eq(keys.thoff, ETH_HLEN);

		/* only flags may come in; a frame has an Ethernet header */
		attr.test.ctx_in = (u64)(uintptr_t)&bad;
		ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EINVAL);
		attr.test.ctx_in = 0;
		attr.test.ctx_size_in = 0;
		attr.test.data_size_in = ETH_HLEN - 1;
		ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EINVAL);
		close_fd(fd);
	}
}
END_TEST

/* The test run dissects a bare buffer: no skb to load bytes from. */
START_TEST(bpf_flow_dissector_load_bytes_bare)
{
	struct bpf_flow_dissector ctx = { .data = test_frame, .data_end = test_frame + FRAME_LEN };
	u8 buf[4];

	memset(buf, 0xaa, sizeof(buf));
	ck_assert_int_eq((s64)bpf_flow_dissector_load_bytes((u64)(uintptr_t)&ctx, 0,
							    (u64)(uintptr_t)buf, 4, 0), -EFAULT);
	ck_assert_mem_eq(buf, (u8[4]){ 0 }, 4);
	ck_assert_ptr_eq(bpf_verifier_ops[FD]->get_func_proto(BPF_FUNC_skb_load_bytes, NULL),
			 &bpf_flow_dissector_load_bytes_proto);
	ck_assert_ptr_null(bpf_verifier_ops[FD]->get_func_proto(BPF_FUNC_skb_store_bytes, NULL));
}
END_TEST

void add_flow_dissector_tests(Suite *s)
{
	TCase *tc = tcase_create("flow_dissector");

	tcase_add_loop_test(tc, flow_dissector_is_valid_access_rows, 0, ARRAY_SIZE(fd_accesses));
	ADD(tc, flow_keys_access_bounds);
	ADD(tc, flow_dissector_test_run);
	ADD(tc, bpf_flow_dissector_load_bytes_bare);
	suite_add_tcase(s, tc);
}
