// SPDX-License-Identifier: GPL-2.0
/*
 * Grading tests for exercise 07/02: bpf_sock_is_valid_access() and
 * bpf_sock_common_is_valid_access(). Each row is a tc program that looks a
 * socket up, tests it for NULL, reads one field of it and gives it back
 * (or reads __sk_buff->sk, which needs no giving back). A row either loads
 * or is refused with the verifier's message for that field.
 *
 * The programs that load also run, under the interpreter and the JIT. This
 * book's kernel has no sockets: every lookup answers NULL, as the kernel
 * does when nothing matches, so they take their NULL branch and return 42.
 */
#include <stddef.h>
#include <string.h>

#include "linux/bpf_interp.h"
#include "linux/file.h"
#include "verifier.h"
#include "testutil.h"

#define R0 BPF_REG_0
#define R1 BPF_REG_1
#define R2 BPF_REG_2
#define R3 BPF_REG_3
#define R4 BPF_REG_4
#define R5 BPF_REG_5
#define R6 BPF_REG_6
#define R7 BPF_REG_7
#define FP BPF_REG_10
#define CALL(id) BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define SOCK_OFF(field) ((s16)offsetof(struct bpf_sock, field))

/* lookup(tuple of 12 zero bytes); if NULL: return 42; r0 = *(size *)(sk + off); release */
#define LOOKUP_READ(lookup, size, off)					\
	BPF_MOV64_REG(R6, R1),						\
	BPF_ST_MEM(BPF_DW, FP, -16, 0), BPF_ST_MEM(BPF_W, FP, -8, 0),	\
	BPF_MOV64_REG(R2, FP), BPF_ALU64_IMM(BPF_ADD, R2, -16),		\
	BPF_MOV64_IMM(R3, 12), BPF_MOV64_IMM(R4, -1), BPF_MOV64_IMM(R5, 0), \
	BPF_MOV64_REG(R1, R6), CALL(lookup),				\
	BPF_JMP_IMM(BPF_JEQ, R0, 0, 5),					\
	BPF_LDX_MEM(size, R7, R0, off),					\
	BPF_MOV64_REG(R1, R0), CALL(BPF_FUNC_sk_release),		\
	BPF_MOV64_REG(R0, R7), BPF_EXIT_INSN(),				\
	BPF_MOV64_IMM(R0, 42), BPF_EXIT_INSN()
#define LOOKUP_LEN 18

/* sk = skb->sk; if NULL: return 42; return *(size *)(sk + off) */
#define SKB_SK_READ(size, off)						\
	BPF_LDX_MEM(BPF_DW, R1, R1, offsetof(struct __sk_buff, sk)),	\
	BPF_JMP_IMM(BPF_JEQ, R1, 0, 2),					\
	BPF_LDX_MEM(size, R0, R1, off), BPF_EXIT_INSN(),		\
	BPF_MOV64_IMM(R0, 42), BPF_EXIT_INSN()
#define SKB_SK_LEN 6

static const struct row {
	const char *name;
	struct bpf_insn insns[LOOKUP_LEN];
	u32 len;
	const char *refused;	/* the message, or NULL: it loads */
} rows[] = {
	{ "sock: family, 4 bytes",
	  { LOOKUP_READ(BPF_FUNC_sk_lookup_tcp, BPF_W, SOCK_OFF(family)) }, .len = LOOKUP_LEN },
	{ "sock: family, its first 2 bytes",
	  { LOOKUP_READ(BPF_FUNC_sk_lookup_tcp, BPF_H, SOCK_OFF(family)) }, .len = LOOKUP_LEN },
	{ "sock: family, its last 2 bytes",
	  { LOOKUP_READ(BPF_FUNC_sk_lookup_tcp, BPF_H, SOCK_OFF(family) + 2) }, .len = LOOKUP_LEN,
	  .refused = "R0 invalid sock access off=6 size=2" },
	{ "sock: the second byte of src_ip4",
	  { LOOKUP_READ(BPF_FUNC_sk_lookup_tcp, BPF_B, SOCK_OFF(src_ip4) + 1) }, .len = LOOKUP_LEN },
	{ "sock: the last half of dst_ip6[3]",
	  { LOOKUP_READ(BPF_FUNC_sk_lookup_tcp, BPF_H, SOCK_OFF(dst_ip6[3]) + 2) }, .len = LOOKUP_LEN },
	{ "sock: mark, 4 bytes",
	  { LOOKUP_READ(BPF_FUNC_sk_lookup_tcp, BPF_W, SOCK_OFF(mark)) }, .len = LOOKUP_LEN },
	{ "sock: mark, 1 byte",
	  { LOOKUP_READ(BPF_FUNC_sk_lookup_tcp, BPF_B, SOCK_OFF(mark)) }, .len = LOOKUP_LEN,
	  .refused = "R0 invalid sock access off=16 size=1" },
	{ "sock: past the end of struct bpf_sock",
	  { LOOKUP_READ(BPF_FUNC_sk_lookup_tcp, BPF_W, sizeof(struct bpf_sock)) }, .len = LOOKUP_LEN,
	  .refused = "R0 invalid sock access off=80 size=4" },
	{ "sock: 8 bytes at once",
	  { LOOKUP_READ(BPF_FUNC_sk_lookup_tcp, BPF_DW, SOCK_OFF(src_ip6[0])) }, .len = LOOKUP_LEN,
	  .refused = "R0 invalid sock access off=28 size=8" },
	{ "sock_common: family",
	  { LOOKUP_READ(BPF_FUNC_skc_lookup_tcp, BPF_W, SOCK_OFF(family)) }, .len = LOOKUP_LEN },
	{ "sock_common: type is the full socket's",
	  { LOOKUP_READ(BPF_FUNC_skc_lookup_tcp, BPF_W, SOCK_OFF(type)) }, .len = LOOKUP_LEN,
	  .refused = "R0 invalid sock_common access off=8 size=4" },
	{ "sock_common: priority is the full socket's",
	  { LOOKUP_READ(BPF_FUNC_skc_lookup_tcp, BPF_W, SOCK_OFF(priority)) }, .len = LOOKUP_LEN,
	  .refused = "R0 invalid sock_common access off=20 size=4" },
	{ "__sk_buff->sk: src_port",
	  { SKB_SK_READ(BPF_W, SOCK_OFF(src_port)) }, .len = SKB_SK_LEN },
	{ "__sk_buff->sk: mark is the full socket's",
	  { SKB_SK_READ(BPF_W, SOCK_OFF(mark)) }, .len = SKB_SK_LEN,
	  .refused = "R1 invalid sock_common access off=16 size=4" },
};

START_TEST(socket_field)
{
	const struct row *r = &rows[_i];
	static char log[1 << 16];
	static u8 pkt[64];
	union bpf_attr attr;

	for (int jit = 0; jit <= 1; jit++) {
		int fd;

		memset(&attr, 0, sizeof(attr));
		attr.prog_type = BPF_PROG_TYPE_SCHED_CLS;
		attr.insn_cnt = r->len;
		attr.insns = (u64)(unsigned long)r->insns;
		attr.license = (u64)(unsigned long)"GPL";
		attr.log_buf = (u64)(unsigned long)log;
		attr.log_size = sizeof(log);
		attr.log_level = 1;
		log[0] = 0;
		bpf_jit_enable = jit;
		fd = (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
		if (r->refused) {
			ck_assert_msg(fd == -EACCES, "%s: want -EACCES, got %d\n%s", r->name, fd, log);
			ck_assert_msg(strstr(log, r->refused), "%s: want \"%s\" in the log:\n%s",
				      r->name, r->refused, log);
			return;
		}
		ck_assert_msg(fd >= 0, "%s: refused (%d):\n%s", r->name, fd, log);
		memset(&attr, 0, sizeof(attr));
		attr.test.prog_fd = fd;
		attr.test.data_in = (u64)(unsigned long)pkt;
		attr.test.data_size_in = sizeof(pkt);
		ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
		ck_assert_msg(attr.test.retval == 42, "%s (%s): retval %u, want 42 (no socket)",
			      r->name, jit ? "JIT" : "interpreter", attr.test.retval);
		close_fd(fd);
	}
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("exercise 07/02");
	TCase *tc = tcase_create("bpf_sock_is_valid_access");

	tcase_add_loop_test(tc, socket_field, 0, ARRAY_SIZE(rows));
	suite_add_tcase(s, tc);
	return s;
}
