// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 07 tests: cgroup_skb programs (ctx_skb.c: cg_skb_is_valid_access(),
 * protos.c: cg_skb_func_proto(), return_code.c: check_return_code()).
 * Each program answers 1 ("let it through") when what it read is what the
 * row expects, since a cgroup_skb program may answer nothing but a verdict;
 * each runs in the interpreter and in the JIT, on the test frame, which a
 * cgroup_skb program sees from its IP header.
 *
 *   CK_RUN_CASE=cg_skb_is_valid_access make test-07
 */
#include <string.h>

#include "linux/capability.h"
#include "linux/etherdevice.h"
#include "linux/file.h"
#include "verifier.h"
#include "test_ctx.h"

#define CG		BPF_PROG_TYPE_CGROUP_SKB
#define SK_OFF(f)	offsetof(struct __sk_buff, f)
#define SKB_OFF(f)	offsetof(struct sk_buff, f)
#define CB_OFF(f)	(SKB_OFF(cb) + offsetof(struct qdisc_skb_cb, f))
#define DATA_END_OFF(f)	(SKB_OFF(cb) + offsetof(struct bpf_skb_data_end, f))
#define IP_LEN		(FRAME_LEN - ETH_HLEN)
#define CALL(id)	BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id)	/* a helper, by id */

/* Load as cgroup_skb with an attach type and a loader's capabilities. */
static int cg_load(const struct bpf_insn *insns, u32 len, u32 attach, u64 caps, bool jit,
		   char *log, size_t log_size)
{
	union bpf_attr attr;
	int saved = bpf_jit_enable, fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = CG;
	attr.expected_attach_type = attach;
	attr.insn_cnt = len;
	attr.insns = (u64)(unsigned long)insns;
	attr.license = (u64)(unsigned long)"GPL";
	log[0] = 0;
	attr.log_buf = (u64)(unsigned long)log;
	attr.log_size = log_size;
	attr.log_level = 1;
	bpf_jit_enable = jit;
	set_current_caps(caps);
	fd = (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	set_current_caps(CAP_ALL);
	bpf_jit_enable = saved;
	return fd;
}

/* What test runs pass in ctx_in. */
static const struct __sk_buff ctx_in = {
	.mark = 0x1234, .priority = 7, .cb = { 1, 2, 0xc0ffee, 4, 5 },
	.tstamp = 0x1122334455667788ULL,
};

/* Load (both runtimes), run on the test frame with ctx_in, expect r0. */
static void run_verdict(const char *descr, const struct bpf_insn *insns, u32 len,
			const struct bpf_insn *rewrite, u32 rewrite_at, u32 rewrite_len,
			u64 expect, struct __sk_buff *ctx_out)
{
	for (int jit = 0; jit < RUNTIMES; jit++) {
		char log[4096];
		int fd = cg_load(insns, len, 0, CAP_ALL, jit, log, sizeof(log));
		struct __sk_buff ctx = ctx_in;
		const struct bpf_insn *x;
		u32 xlen;
		u64 r0 = ~0ULL;

		ck_assert_msg(fd >= 0, "%s (%s): load %d (%s)\n%s", descr, runtime_name[jit],
			      fd, errno_name(fd), log);
		x = ctx_xlated(fd, &xlen);
		ck_assert_msg(!memcmp(&x[rewrite_at], rewrite, rewrite_len * sizeof(*x)),
			      "%s: the rewrite at insn %u: %02x %x/%x %d %d", descr, rewrite_at,
			      x[rewrite_at].code, x[rewrite_at].dst_reg, x[rewrite_at].src_reg,
			      x[rewrite_at].off, x[rewrite_at].imm);
		ck_assert_int_eq(ctx_run(fd, test_frame, FRAME_LEN, &ctx, NULL, 0, &r0), 0);
		ck_assert_msg(r0 == expect, "%s (%s): r0 = 0x%llx, expected %llu", descr,
			      runtime_name[jit], (unsigned long long)r0, (unsigned long long)expect);
		if (ctx_out)
			*ctx_out = ctx;
		close_fd(fd);
	}
}

/* ---- reads: the field, compared with what the row expects ------------------ */

static const struct cg_read {
	const char *descr;
	int size;
	u32 off;			/* __sk_buff */
	struct bpf_insn rewrite;	/* r2 = the field, as the kernel reads it */
	u64 value;
} cg_reads[] = {
	{ "len: from the IP header", BPF_W, SK_OFF(len),
	  BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SKB_OFF(len)), IP_LEN },
	{ "mark, from ctx_in", BPF_W, SK_OFF(mark),
	  BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SKB_OFF(mark)), 0x1234 },
	{ "priority, from ctx_in", BPF_W, SK_OFF(priority),
	  BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SKB_OFF(priority)), 7 },
	{ "cb[2], from ctx_in", BPF_W, SK_OFF(cb[2]),
	  BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, CB_OFF(data) + 8), 0xc0ffee },
	{ "tstamp: 64 bits", BPF_DW, SK_OFF(tstamp),
	  BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, SKB_OFF(tstamp)), 0x1122334455667788ULL },
	{ "protocol: ETH_P_IP, network byte order", BPF_W, SK_OFF(protocol),
	  BPF_LDX_MEM(BPF_H, BPF_REG_2, BPF_REG_1, SKB_OFF(protocol)), 0x0008 },
};

START_TEST(cg_skb_is_valid_access_read)
{
	const struct cg_read *t = &cg_reads[_i];
	struct bpf_insn prog[] = {
		BPF_LDX_MEM(t->size, BPF_REG_2, BPF_REG_1, t->off),
		BPF_LD_IMM64(BPF_REG_3, t->value),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_JMP_REG(BPF_JNE, BPF_REG_2, BPF_REG_3, 1),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};

	run_verdict(t->descr, prog, ARRAY_SIZE(prog), &t->rewrite, 0, 1, 1, NULL);
}
END_TEST

/*
 * A CAP_BPF loader reads the packet directly: data_end - data must be the
 * IP packet, and byte 9 of it (the protocol) UDP, after the bounds check.
 * The verifier accepts it, and rewrites the pointers as tc's. A test run
 * answers 0 all the same: v5.8's bpf_prog_test_run_skb() (as 6.1's, and
 * chapter 04's) computes the packet pointers for tc and lwt programs only,
 * so a cgroup_skb program's data_end is NULL there and its bounds check
 * fails. The cgroup hook computes them (__cgroup_bpf_run_filter_skb());
 * the running 6.18 kernel's test run answers 1.
 */
START_TEST(cg_skb_is_valid_access_packet)
{
	static const struct bpf_insn prog[] = {
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SK_OFF(data)),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, SK_OFF(data_end)),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_MOV64_REG(BPF_REG_4, BPF_REG_3),
		BPF_ALU64_REG(BPF_SUB, BPF_REG_4, BPF_REG_2),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_4, IP_LEN, 5),
		BPF_MOV64_REG(BPF_REG_4, BPF_REG_2),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_4, 10),
		BPF_JMP_REG(BPF_JGT, BPF_REG_4, BPF_REG_3, 2),
		BPF_LDX_MEM(BPF_B, BPF_REG_5, BPF_REG_2, 9),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_5, 17, 1),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	static const struct bpf_insn rewrite[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, SKB_OFF(data)),
		BPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_1, DATA_END_OFF(data_end)),
	};

	run_verdict("data .. data_end: no data_end in a test run", prog, ARRAY_SIZE(prog),
		    rewrite, 0, ARRAY_SIZE(rewrite), 0, NULL);
}
END_TEST

/* ---- stores: mark, priority, cb[], tstamp; ctx_out shows them ---------------- */

static const struct cg_store {
	const char *descr;
	int size;
	u32 off;
	s64 value;
	struct bpf_insn rewrite;
} cg_stores[] = {
	{ "mark", BPF_W, SK_OFF(mark), 0xabcd,
	  BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SKB_OFF(mark)) },
	{ "priority", BPF_W, SK_OFF(priority), 6,
	  BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SKB_OFF(priority)) },
	{ "cb[4]", BPF_W, SK_OFF(cb[4]), 99,
	  BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, CB_OFF(data) + 16) },
	{ "tstamp, with CAP_BPF", BPF_DW, SK_OFF(tstamp), 0x0102030405060708LL,
	  BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_2, SKB_OFF(tstamp)) },
};

START_TEST(cg_skb_is_valid_access_store)
{
	const struct cg_store *t = &cg_stores[_i];
	struct bpf_insn prog[] = {
		BPF_LD_IMM64(BPF_REG_2, t->value),
		BPF_STX_MEM(t->size, BPF_REG_1, BPF_REG_2, t->off),
		BPF_LDX_MEM(t->size, BPF_REG_3, BPF_REG_1, t->off),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_JMP_REG(BPF_JNE, BPF_REG_2, BPF_REG_3, 1),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	struct __sk_buff out;

	run_verdict(t->descr, prog, ARRAY_SIZE(prog), &t->rewrite, 2, 1, 1, &out);
	ck_assert(!memcmp((u8 *)&out + t->off, &t->value, t->size == BPF_DW ? 8 : 4));
}
END_TEST

/* ---- refused --------------------------------------------------------------- */

#define RD(sz, off)	BPF_LDX_MEM(sz, BPF_REG_0, BPF_REG_1, off)
#define WR(sz, off)	BPF_STX_MEM(sz, BPF_REG_1, BPF_REG_7, off)
#define UNPRIV		CAP_NONE

static const struct cg_refusal {
	const char *descr;
	u64 caps;
	struct bpf_insn access;
	const char *log;
} cg_refusals[] = {
	{ "tc_classid", CAP_ALL, RD(BPF_W, SK_OFF(tc_classid)),
	  "invalid bpf_context access off=72 size=4" },
	{ "data_meta", CAP_ALL, RD(BPF_W, SK_OFF(data_meta)),
	  "invalid bpf_context access off=140 size=4" },
	{ "wire_len", CAP_ALL, RD(BPF_W, SK_OFF(wire_len)),
	  "invalid bpf_context access off=160 size=4" },
	/* v5.8 reads the socket's family here; this book has no sockets */
	{ "family", CAP_ALL, RD(BPF_W, SK_OFF(family)),
	  "invalid bpf_context access off=88 size=4" },
	{ "write tc_index", CAP_ALL, WR(BPF_W, SK_OFF(tc_index)),
	  "invalid bpf_context access off=44 size=4" },
	{ "write len", CAP_ALL, WR(BPF_W, SK_OFF(len)),
	  "invalid bpf_context access off=0 size=4" },
	{ "data, unprivileged", UNPRIV, RD(BPF_W, SK_OFF(data)),
	  "invalid bpf_context access off=76 size=4" },
	{ "data_end, unprivileged", UNPRIV, RD(BPF_W, SK_OFF(data_end)),
	  "invalid bpf_context access off=80 size=4" },
	{ "write tstamp, unprivileged", UNPRIV, WR(BPF_DW, SK_OFF(tstamp)),
	  "invalid bpf_context access off=152 size=8" },
	/* read-only packet access (may_access_direct_pkt_data()) */
	{ "write the packet", CAP_ALL, BPF_ST_MEM(BPF_B, BPF_REG_2, 0, 7),
	  "cannot write into packet" },
	/* no gen_ld_abs: may_access_skb() is false for cgroup_skb */
	{ "LD_ABS", CAP_ALL, BPF_LD_ABS(BPF_B, 0),
	  "BPF_LD_[ABS|IND] instructions not allowed for this program type" },
};

START_TEST(cg_skb_is_valid_access_refused)
{
	const struct cg_refusal *t = &cg_refusals[_i];
	struct bpf_insn prog[16];
	char log[8192];
	u32 n = 0;
	int fd;

	prog[n++] = BPF_MOV64_REG(BPF_REG_6, BPF_REG_1);	/* LD_ABS's context */
	prog[n++] = BPF_MOV64_IMM(BPF_REG_7, 0);		/* what WR() stores */
	/* the packet's first byte in bounds, for a loader that may read it */
	if (t->caps != UNPRIV) {
		prog[n++] = BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SK_OFF(data));
		prog[n++] = BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, SK_OFF(data_end));
		prog[n++] = BPF_MOV64_REG(BPF_REG_4, BPF_REG_2);
		prog[n++] = BPF_ALU64_IMM(BPF_ADD, BPF_REG_4, 1);
		prog[n++] = BPF_JMP_REG(BPF_JGT, BPF_REG_4, BPF_REG_3, 1);
	}
	prog[n++] = t->access;
	prog[n++] = BPF_MOV64_IMM(BPF_REG_0, 0);
	prog[n++] = BPF_EXIT_INSN();

	fd = cg_load(prog, n, 0, t->caps, false, log, sizeof(log));
	ck_assert_msg(fd < 0, "%s: loaded", t->descr);
	ck_assert_msg(strstr(log, t->log), "%s: the log says\n%s\nexpected \"%s\"",
		      t->descr, log, t->log);
}
END_TEST

/* ---- check_return_code(): a verdict, 0 or 1; at egress 0 .. 3 --------------- */

static const struct return_case {
	const char *descr;
	u32 attach;
	struct bpf_insn set_r0[2];
	int err;
	const char *log;
	bool enforce;			/* enforce_expected_attach_type */
} return_cases[] = {
	{ "1 at ingress", BPF_CGROUP_INET_INGRESS, { BPF_MOV64_IMM(BPF_REG_0, 1) }, 0, NULL, false },
	{ "0 with no attach type", 0, { BPF_MOV64_IMM(BPF_REG_0, 0) }, 0, NULL, false },
	{ "2 at ingress", BPF_CGROUP_INET_INGRESS, { BPF_MOV64_IMM(BPF_REG_0, 2) }, -EINVAL,
	  "At program exit the register R0 has value (0x2; 0x0) should have been in (0x0; 0x1)", false },
	{ "2 at egress: congestion, egress only", BPF_CGROUP_INET_EGRESS,
	  { BPF_MOV64_IMM(BPF_REG_0, 2) }, 0, NULL, true },
	{ "1 at egress: attachable anywhere", BPF_CGROUP_INET_EGRESS,
	  { BPF_MOV64_IMM(BPF_REG_0, 1) }, 0, NULL, false },
	{ "5 at egress", BPF_CGROUP_INET_EGRESS, { BPF_MOV64_IMM(BPF_REG_0, 5) }, -EINVAL,
	  "At program exit the register R0 has value (0x5; 0x0) should have been in (0x0; 0x3)", false },
	{ "the length: any u32", 0, { RD(BPF_W, SK_OFF(len)) }, -EINVAL,
	  "At program exit the register R0 has value (0x0; 0xffffffff) should have been in (0x0; 0x1)", false },
	{ "the length's low bit", 0,
	  { RD(BPF_W, SK_OFF(len)), BPF_ALU64_IMM(BPF_AND, BPF_REG_0, 1) }, 0, NULL, false },
	{ "a random number", 0, { CALL(BPF_FUNC_get_prandom_u32) }, -EINVAL,
	  "At program exit the register R0 has unknown scalar value should have been in (0x0; 0x1)", false },
	{ "the context", 0, { BPF_MOV64_REG(BPF_REG_0, BPF_REG_1) }, -EINVAL,
	  "At program exit the register R0 is not a known value (ctx)", false },
};

START_TEST(check_return_code_cg_skb)
{
	const struct return_case *t = &return_cases[_i];
	struct bpf_insn prog[] = { t->set_r0[0], t->set_r0[1], BPF_EXIT_INSN() };
	u32 len = ARRAY_SIZE(prog);
	char log[4096];
	int fd;

	if (!t->set_r0[1].code) {		/* one instruction */
		prog[1] = prog[2];
		len--;
	}
	fd = cg_load(prog, len, t->attach, CAP_ALL, false, log, sizeof(log));
	if (t->err) {
		ck_assert_msg(fd == t->err, "%s: %d, expected %d", t->descr, fd, t->err);
		ck_assert_msg(strstr(log, t->log), "%s: the log says\n%s\nexpected \"%s\"",
			      t->descr, log, t->log);
		return;
	}
	ck_assert_msg(fd >= 0, "%s: %d\n%s", t->descr, fd, log);
	{
		struct bpf_prog *fp = bpf_prog_get(fd);

		ck_assert(!IS_ERR(fp));
		ck_assert_msg(fp->enforce_expected_attach_type == t->enforce,
			      "%s: enforce_expected_attach_type = %d", t->descr,
			      fp->enforce_expected_attach_type);
		bpf_prog_put(fp);
	}
	close_fd(fd);
}
END_TEST

/* Any other type answers what it likes: a socket filter's 2 is a length. */
START_TEST(check_return_code_other_types)
{
	static const struct bpf_insn prog[] = { BPF_MOV64_IMM(BPF_REG_0, 2), BPF_EXIT_INSN() };
	int fd = ctx_load_ok(BPF_PROG_TYPE_SOCKET_FILTER, prog, ARRAY_SIZE(prog), false);

	close_fd(fd);
}
END_TEST

/* ---- cg_skb_func_proto() ----------------------------------------------------- */

/* A socket filter's helper: bpf_skb_load_bytes() of the IP protocol byte. */
START_TEST(cg_skb_func_proto_load_bytes)
{
	static const struct bpf_insn prog[] = {
		BPF_MOV64_IMM(BPF_REG_2, 9),
		BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -8),
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
		BPF_MOV64_IMM(BPF_REG_4, 1),
		CALL(BPF_FUNC_skb_load_bytes),
		BPF_LDX_MEM(BPF_B, BPF_REG_2, BPF_REG_10, -8),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_2, 17, 1),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	static const struct bpf_insn first = BPF_MOV64_IMM(BPF_REG_2, 9);

	run_verdict("bpf_skb_load_bytes()", prog, ARRAY_SIZE(prog), &first, 0, 1, 1, NULL);
}
END_TEST

/* What a cgroup_skb program may not call: v5.8's helpers this book does not
 * model (named as such), and tc's, which v5.8 does not give it.
 */
START_TEST(cg_skb_func_proto_refused)
{
	static const struct {
		int func_id;
		const char *log;
		bool modelled_elsewhere;	/* not a cgroup_skb helper in v5.8 */
	} rows[] = {
		{ BPF_FUNC_tcp_sock, "unknown func bpf_tcp_sock#96", false },
		{ BPF_FUNC_skb_cgroup_id, "unknown func bpf_skb_cgroup_id#79", false },
		{ BPF_FUNC_perf_event_output, "unknown func bpf_perf_event_output#25", false },
		{ BPF_FUNC_skb_store_bytes, "unknown func bpf_skb_store_bytes#9", true },
		{ BPF_FUNC_redirect, "unknown func bpf_redirect#23", true },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct bpf_insn prog[] = {
			CALL(rows[i].func_id),
			BPF_MOV64_IMM(BPF_REG_0, 1),
			BPF_EXIT_INSN(),
		};
		char log[4096];
		int fd = cg_load(prog, ARRAY_SIZE(prog), 0, CAP_ALL, false, log, sizeof(log));
		const char *why = bpf_helper_not_modelled(CG, rows[i].func_id);

		ck_assert_msg(fd == -EINVAL, "%s: %d", rows[i].log, fd);
		ck_assert_msg(strstr(log, rows[i].log), "the log says\n%s\nexpected \"%s\"",
			      log, rows[i].log);
		ck_assert_msg(rows[i].modelled_elsewhere ? !why : why && why[0],
			      "%s: bpf_helper_not_modelled() says %s", rows[i].log, why ? why : "NULL");
	}
}
END_TEST

void add_cg_skb_tests(Suite *s)
{
	TCase *tc = tcase_create("cg_skb_is_valid_access");

	test_frame_init();
	tcase_add_loop_test(tc, cg_skb_is_valid_access_read, 0, ARRAY_SIZE(cg_reads));
	ADD(tc, cg_skb_is_valid_access_packet);
	tcase_add_loop_test(tc, cg_skb_is_valid_access_store, 0, ARRAY_SIZE(cg_stores));
	tcase_add_loop_test(tc, cg_skb_is_valid_access_refused, 0, ARRAY_SIZE(cg_refusals));
	suite_add_tcase(s, tc);

	tc = tcase_create("check_return_code");
	tcase_add_loop_test(tc, check_return_code_cg_skb, 0, ARRAY_SIZE(return_cases));
	ADD(tc, check_return_code_other_types);
	suite_add_tcase(s, tc);

	tc = tcase_create("cg_skb_func_proto");
	ADD(tc, cg_skb_func_proto_load_bytes);
	ADD(tc, cg_skb_func_proto_refused);
	suite_add_tcase(s, tc);
}
