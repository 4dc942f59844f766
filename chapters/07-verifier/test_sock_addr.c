// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 07 tests: cgroup_sock_addr programs (ctx_sock_addr.c:
 * sock_addr_is_valid_access(), sock_addr_convert_ctx_access();
 * return_code.c), and the socket they hold (ctx_sock.c). Every access a hook allows as a row that loads, beside
 * the neighbour the kernel refuses (the other family's address, a size or
 * a direction the field does not take); the rewrites read back from the
 * loaded program; the verdicts each hook may return. No program of this
 * type runs: the kernel has no test run for it, and neither has this book.
 *
 *   CK_RUN_CASE=sock_addr make test-07
 */
#include <string.h>

#include "linux/capability.h"
#include "linux/file.h"
#include "net/sock.h"
#include "verifier.h"
#include "test_ctx.h"

#define SA_OFF(f)	offsetof(struct bpf_sock_addr, f)
#define KERN_OFF(f)	offsetof(struct bpf_sock_addr_kern, f)
#define RD(sz, off)	BPF_LDX_MEM(sz, BPF_REG_0, BPF_REG_1, off)
#define WR(sz, off)	BPF_STX_MEM(sz, BPF_REG_1, BPF_REG_2, off)

static int sa_load(const struct bpf_insn *insns, u32 len, u32 attach, bool jit,
		   char *log, size_t log_size)
{
	union bpf_attr attr;
	int saved = bpf_jit_enable, fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_SOCK_ADDR;
	attr.expected_attach_type = attach;
	attr.insn_cnt = len;
	attr.insns = (u64)(unsigned long)insns;
	attr.license = (u64)(unsigned long)"GPL";
	log[0] = 0;
	attr.log_buf = (u64)(unsigned long)log;
	attr.log_size = log_size;
	attr.log_level = 1;
	bpf_jit_enable = jit;
	set_current_caps(CAP_ALL);
	fd = (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	bpf_jit_enable = saved;
	return fd;
}

static const struct sa_access {
	const char *descr;
	u32 attach;
	struct bpf_insn access;
	int off, size;		/* refused: the message's; 0, 0: loads */
} sa_accesses[] = {
	{ "connect4: user_ip4", BPF_CGROUP_INET4_CONNECT, RD(BPF_W, SA_OFF(user_ip4)), 0, 0 },
	{ "connect4: a byte of user_ip4", BPF_CGROUP_INET4_CONNECT,
	  RD(BPF_B, SA_OFF(user_ip4) + 3), 0, 0 },
	{ "connect4: write user_ip4", BPF_CGROUP_INET4_CONNECT, WR(BPF_W, SA_OFF(user_ip4)), 0, 0 },
	{ "connect4: write half of user_ip4", BPF_CGROUP_INET4_CONNECT,
	  WR(BPF_H, SA_OFF(user_ip4)), 4, 2 },
	{ "connect4: user_ip6[0]", BPF_CGROUP_INET4_CONNECT, RD(BPF_W, SA_OFF(user_ip6[0])), 8, 4 },
	{ "connect4: msg_src_ip4 (sendmsg4 only)", BPF_CGROUP_INET4_CONNECT,
	  RD(BPF_W, SA_OFF(msg_src_ip4)), 40, 4 },
	{ "connect4: half of user_port", BPF_CGROUP_INET4_CONNECT,
	  RD(BPF_H, SA_OFF(user_port)), 0, 0 },
	{ "connect4: write user_port", BPF_CGROUP_INET4_CONNECT, WR(BPF_W, SA_OFF(user_port)), 0, 0 },
	{ "connect4: user_port as 8 bytes", BPF_CGROUP_INET4_CONNECT,
	  RD(BPF_DW, SA_OFF(user_port)), 24, 8 },
	{ "connect4: user_family", BPF_CGROUP_INET4_CONNECT, RD(BPF_W, SA_OFF(user_family)), 0, 0 },
	{ "connect4: write user_family", BPF_CGROUP_INET4_CONNECT,
	  WR(BPF_W, SA_OFF(user_family)), 0, 4 },
	{ "connect4: type", BPF_CGROUP_INET4_CONNECT, RD(BPF_W, SA_OFF(type)), 0, 0 },
	{ "connect4: a byte of protocol", BPF_CGROUP_INET4_CONNECT,
	  RD(BPF_B, SA_OFF(protocol)), 36, 1 },
	{ "connect4: write family", BPF_CGROUP_INET4_CONNECT, WR(BPF_W, SA_OFF(family)), 28, 4 },
	{ "connect4: sk, 4 bytes", BPF_CGROUP_INET4_CONNECT, RD(BPF_W, SA_OFF(sk)), 64, 4 },
	{ "connect4: write sk", BPF_CGROUP_INET4_CONNECT, WR(BPF_DW, SA_OFF(sk)), 64, 8 },
	{ "connect4: past bpf_sock_addr", BPF_CGROUP_INET4_CONNECT,
	  RD(BPF_W, sizeof(struct bpf_sock_addr)), 72, 4 },
	{ "bind6: user_ip6[0..1] as 8 bytes", BPF_CGROUP_INET6_BIND,
	  RD(BPF_DW, SA_OFF(user_ip6[0])), 0, 0 },
	{ "bind6: write user_ip6[2..3] as 8 bytes", BPF_CGROUP_INET6_BIND,
	  WR(BPF_DW, SA_OFF(user_ip6[2])), 0, 0 },
	{ "bind6: 8 bytes across user_ip6[1..2]", BPF_CGROUP_INET6_BIND,
	  RD(BPF_DW, SA_OFF(user_ip6[1])), 12, 8 },
	{ "bind6: write half of user_ip6[3]", BPF_CGROUP_INET6_BIND,
	  WR(BPF_H, SA_OFF(user_ip6[3])), 20, 2 },
	{ "bind6: user_ip4", BPF_CGROUP_INET6_BIND, RD(BPF_W, SA_OFF(user_ip4)), 4, 4 },
	{ "sendmsg4: write msg_src_ip4", BPF_CGROUP_UDP4_SENDMSG,
	  WR(BPF_W, SA_OFF(msg_src_ip4)), 0, 0 },
	{ "sendmsg4: msg_src_ip6[0]", BPF_CGROUP_UDP4_SENDMSG,
	  RD(BPF_W, SA_OFF(msg_src_ip6[0])), 44, 4 },
	/* msg_src_ip6 starts at 44: its aligned 8 bytes are [1..2] */
	{ "sendmsg6: write msg_src_ip6[1..2]", BPF_CGROUP_UDP6_SENDMSG,
	  WR(BPF_DW, SA_OFF(msg_src_ip6[1])), 0, 0 },
	{ "sendmsg6: write msg_src_ip6[2..3], misaligned", BPF_CGROUP_UDP6_SENDMSG,
	  WR(BPF_DW, SA_OFF(msg_src_ip6[2])), 52, 8 },
	{ "recvmsg6: msg_src_ip6[0] (sendmsg6 only)", BPF_CGROUP_UDP6_RECVMSG,
	  RD(BPF_W, SA_OFF(msg_src_ip6[0])), 44, 4 },
};

START_TEST(sock_addr_is_valid_access_rows)
{
	const struct sa_access *t = &sa_accesses[_i];
	/* r2 = 0 for the stores; the verdict 1 every hook takes */
	struct bpf_insn prog[] = {
		BPF_MOV64_IMM(BPF_REG_2, 0),
		t->access,
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	char log[4096], want[64];
	int fd = sa_load(prog, ARRAY_SIZE(prog), t->attach, true, log, sizeof(log));

	if (!t->size) {
		ck_assert_msg(fd >= 0, "%s: refused (%d)\n%s", t->descr, fd, log);
		close_fd(fd);
		return;
	}
	snprintf(want, sizeof(want), "invalid bpf_context access off=%d size=%d\n",
		 t->off, t->size);
	ck_assert_msg(fd == -EACCES, "%s: loaded (%d)", t->descr, fd);
	ck_assert_msg(strstr(log, want), "%s: the log says\n%s\nexpected \"%s\"",
		      t->descr, log, want);
}
END_TEST

/* The rewrites: two loads for a read, a borrowed register for a store. */
START_TEST(sock_addr_convert_ctx_access_rewrites)
{
	static const struct bpf_insn prog[] = {
		RD(BPF_W, SA_OFF(user_ip4)),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_9, SA_OFF(user_port)),
		BPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_1, SA_OFF(sk)),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	static const struct bpf_insn want[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, KERN_OFF(uaddr)),
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_0, offsetof(struct sockaddr_in, sin_addr)),
		/* r9 holds the value: r8 is borrowed, kept in tmp_reg */
		BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_8, KERN_OFF(tmp_reg)),
		BPF_LDX_MEM(BPF_DW, BPF_REG_8, BPF_REG_1, KERN_OFF(uaddr)),
		BPF_STX_MEM(BPF_H, BPF_REG_8, BPF_REG_9, offsetof(struct sockaddr_in6, sin6_port)),
		BPF_LDX_MEM(BPF_DW, BPF_REG_8, BPF_REG_1, KERN_OFF(tmp_reg)),
		BPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_1, KERN_OFF(sk)),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	/* r9 is written before the store reads it */
	struct bpf_insn with_r9[ARRAY_SIZE(prog) + 1];
	char log[4096];
	const struct bpf_insn *x;
	union bpf_attr attr;
	u32 len;
	int fd;

	with_r9[0] = BPF_MOV64_IMM(BPF_REG_9, 80);
	memcpy(with_r9 + 1, prog, sizeof(prog));
	fd = sa_load(with_r9, ARRAY_SIZE(with_r9), BPF_CGROUP_INET4_CONNECT, true, log, sizeof(log));
	ck_assert_msg(fd >= 0, "%s", log);
	x = ctx_xlated(fd, &len);
	ck_assert_uint_eq(len, ARRAY_SIZE(want) + 1);
	ck_assert_msg(!memcmp(x + 1, want, sizeof(want)), "the rewrite");

	/* no test run for this type: -ENOTSUPP, as the kernel's */
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -ENOTSUPP);
	close_fd(fd);

	/* a load of family: the socket's */
	{
		struct bpf_insn si = RD(BPF_W, SA_OFF(family)), buf[8];
		struct bpf_prog p = { .expected_attach_type = BPF_CGROUP_INET4_CONNECT };
		u32 ts = 0;

		ck_assert_uint_eq(sock_addr_convert_ctx_access(BPF_READ, &si, buf, &p, &ts), 2);
		ck_assert_int_eq(buf[0].off, KERN_OFF(sk));
		ck_assert_int_eq(buf[1].off, offsetof(struct sock, sk_family));
		ck_assert_int_eq(BPF_SIZE(buf[1].code), BPF_H);
	}
}
END_TEST

/* A hook that reports an address (recvmsg, getpeername, getsockname) must
 * answer 1; the others 0 or 1.
 */
START_TEST(sock_addr_check_return_code)
{
	static const struct {
		u32 attach;
		int r0, err;
	} rows[] = {
		{ BPF_CGROUP_INET4_CONNECT, 0, 0 },
		{ BPF_CGROUP_INET4_CONNECT, 1, 0 },
		{ BPF_CGROUP_INET4_CONNECT, 2, -EINVAL },
		{ BPF_CGROUP_INET6_BIND, 0, 0 },
		{ BPF_CGROUP_INET4_BIND, 3, 0 },		/* Linux 5.11 */
		{ BPF_CGROUP_INET6_BIND, 4, -EINVAL },
		{ BPF_CGROUP_INET4_CONNECT, 3, -EINVAL },
		{ BPF_CGROUP_UDP4_RECVMSG, 1, 0 },
		{ BPF_CGROUP_UDP4_RECVMSG, 0, -EINVAL },
		{ BPF_CGROUP_INET6_GETPEERNAME, 0, -EINVAL },
		{ BPF_CGROUP_INET4_GETSOCKNAME, 1, 0 },
		{ BPF_CGROUP_INET_SOCK_CREATE, 1, -EINVAL },	/* not this type's hook */
	};
	char log[4096];

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct bpf_insn prog[] = {
			BPF_MOV64_IMM(BPF_REG_0, rows[i].r0),
			BPF_EXIT_INSN(),
		};
		int fd = sa_load(prog, ARRAY_SIZE(prog), rows[i].attach, false, log, sizeof(log));

		if (!rows[i].err) {
			ck_assert_msg(fd >= 0, "row %zu: %d\n%s", i, fd, log);
			close_fd(fd);
			continue;
		}
		ck_assert_msg(fd == rows[i].err, "row %zu: %d", i, fd);
	}
	{
		struct bpf_insn prog[] = { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() };

		sa_load(prog, ARRAY_SIZE(prog), BPF_CGROUP_UDP6_RECVMSG, false, log, sizeof(log));
		ck_assert_msg(strstr(log, "At program exit the register R0 has value (0x0; 0x0) "
				     "should have been in (0x1; 0x0)\n"), "%s", log);
	}
}
END_TEST

/* ---- the socket: ctx->sk's fields --------------------------------------- */

#define SOCK_OFF(f)	offsetof(struct bpf_sock, f)

static const struct sock_access {
	const char *descr;
	struct bpf_insn access;		/* through r2, ctx->sk */
	const char *refused;		/* NULL: loads */
} sock_accesses[] = {
	{ "family", BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_2, SOCK_OFF(family)), NULL },
	{ "a byte of src_ip4", BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_2, SOCK_OFF(src_ip4) + 2), NULL },
	{ "half of dst_port", BPF_LDX_MEM(BPF_H, BPF_REG_0, BPF_REG_2, SOCK_OFF(dst_port)), NULL },
	{ "dst_ip6[3]", BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_2, SOCK_OFF(dst_ip6[3])), NULL },
	{ "rx_queue_mapping", BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_2, SOCK_OFF(rx_queue_mapping)), NULL },
	{ "mark", BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_2, SOCK_OFF(mark)), NULL },
	{ "a byte of mark", BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_2, SOCK_OFF(mark)),
	  "R2 invalid sock access off=16 size=1" },
	/* v5.8: dst_port's narrow reads start at its first byte (5.16 widens) */
	{ "dst_port's second byte", BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_2, SOCK_OFF(dst_port) + 1),
	  "R2 invalid sock access off=49 size=1" },
	{ "family as 8 bytes", BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_2, SOCK_OFF(family)),
	  "R2 invalid sock access off=4 size=8" },
	{ "past bpf_sock", BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_2, sizeof(struct bpf_sock)),
	  "R2 invalid sock access off=80 size=4" },
	{ "write family", BPF_STX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SOCK_OFF(family)),
	  "R2 cannot write into sock\n" },
};

START_TEST(bpf_sock_is_valid_access_rows)
{
	const struct sock_access *t = &sock_accesses[_i];
	struct bpf_insn prog[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, SA_OFF(sk)),
		t->access,
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	char log[4096];
	int fd = sa_load(prog, ARRAY_SIZE(prog), BPF_CGROUP_INET4_CONNECT, true, log, sizeof(log));

	if (!t->refused) {
		ck_assert_msg(fd >= 0, "%s: refused (%d)\n%s", t->descr, fd, log);
		close_fd(fd);
		return;
	}
	ck_assert_msg(fd == -EACCES, "%s: loaded (%d)", t->descr, fd);
	ck_assert_msg(strstr(log, t->refused), "%s: the log says\n%s", t->descr, log);
}
END_TEST

/* A socket from an skb may be a request or time-wait socket: no type. */
START_TEST(bpf_sock_common_is_valid_access_skb)
{
	static const struct bpf_insn prog[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, offsetof(struct __sk_buff, sk)),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_2, 0, 1),
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_2, SOCK_OFF(family)),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn type[ARRAY_SIZE(prog)];
	char log[4096];
	int fd;

	/* no socket in a test run: the NULL branch */
	for (int jit = 0; jit < RUNTIMES; jit++) {
		u64 r0 = ~0ULL;

		fd = ctx_load_ok(BPF_PROG_TYPE_SCHED_CLS, prog, ARRAY_SIZE(prog), jit);
		ck_assert_int_eq(ctx_run(fd, test_frame, FRAME_LEN, NULL, NULL, 0, &r0), 0);
		ck_assert_uint_eq(r0, 0);
		close_fd(fd);
	}
	memcpy(type, prog, sizeof(prog));
	type[3].off = SOCK_OFF(type);
	ck_assert_int_eq(ctx_load(BPF_PROG_TYPE_SCHED_CLS, type, ARRAY_SIZE(type), false,
				  log, sizeof(log)), -EACCES);
	ck_assert_msg(strstr(log, "R2 invalid sock_common access off=8 size=4"), "%s", log);
}
END_TEST

/* The rewrites: the kernel's struct sock, one load (and for the queue, -1
 * for none).
 */
START_TEST(bpf_sock_convert_ctx_access_fields)
{
	static const struct bpf_insn prog[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, SA_OFF(sk)),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_2, SOCK_OFF(family)),
		BPF_LDX_MEM(BPF_W, BPF_REG_4, BPF_REG_2, SOCK_OFF(src_port)),
		BPF_LDX_MEM(BPF_W, BPF_REG_5, BPF_REG_2, SOCK_OFF(rx_queue_mapping)),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	static const struct bpf_insn want[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, KERN_OFF(sk)),
		BPF_LDX_MEM(BPF_H, BPF_REG_3, BPF_REG_2, offsetof(struct sock_common, skc_family)),
		BPF_LDX_MEM(BPF_H, BPF_REG_4, BPF_REG_2, offsetof(struct sock_common, skc_num)),
		BPF_LDX_MEM(BPF_H, BPF_REG_5, BPF_REG_2, offsetof(struct sock, sk_rx_queue_mapping)),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_5, NO_QUEUE_MAPPING, 1),
		BPF_MOV64_IMM(BPF_REG_5, -1),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	char log[4096];
	const struct bpf_insn *x;
	u32 len;
	int fd = sa_load(prog, ARRAY_SIZE(prog), BPF_CGROUP_INET4_CONNECT, true, log, sizeof(log));

	ck_assert_msg(fd >= 0, "%s", log);
	x = ctx_xlated(fd, &len);
	ck_assert_uint_eq(len, ARRAY_SIZE(want));
	ck_assert_msg(!memcmp(x, want, sizeof(want)), "the rewrite");
	close_fd(fd);
}
END_TEST

void add_sock_addr_tests(Suite *s)
{
	TCase *tc = tcase_create("sock_addr");

	tcase_add_loop_test(tc, sock_addr_is_valid_access_rows, 0, ARRAY_SIZE(sa_accesses));
	ADD(tc, sock_addr_convert_ctx_access_rewrites);
	ADD(tc, sock_addr_check_return_code);
	tcase_add_loop_test(tc, bpf_sock_is_valid_access_rows, 0, ARRAY_SIZE(sock_accesses));
	ADD(tc, bpf_sock_common_is_valid_access_skb);
	ADD(tc, bpf_sock_convert_ctx_access_fields);
	suite_add_tcase(s, tc);
}
