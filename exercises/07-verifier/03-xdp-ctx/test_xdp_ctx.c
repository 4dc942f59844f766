// SPDX-License-Identifier: GPL-2.0
/*
 * Grading tests for exercise 07/03: xdp_is_valid_access() and
 * xdp_convert_ctx_access(). Each field of struct xdp_md as a program that
 * reads it: what the verifier rewrote the read into (the program's xlated
 * instructions, as `bpfjit xlated` shows them) and what the program gets at
 * run time, under the interpreter and the JIT; then the accesses XDP
 * refuses, with the kernel's message.
 */
#include <stddef.h>
#include <string.h>

#include "linux/bpf_interp.h"
#include "linux/file.h"
#include "linux/netdevice.h"
#include "net/xdp.h"
#include "verifier.h"
#include "testutil.h"

#define R0 BPF_REG_0
#define R1 BPF_REG_1
#define R2 BPF_REG_2
#define R3 BPF_REG_3
#define XDP_OFF(field) ((s16)offsetof(struct xdp_md, field))

static char log_buf[1 << 16];
static u8 packet[64] = { 0x5a, 0x01, 0x02, 0x03 };

static int load(const struct bpf_insn *insns, u32 len, bool jit)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_XDP;
	attr.insn_cnt = len;
	attr.insns = (u64)(unsigned long)insns;
	attr.license = (u64)(unsigned long)"GPL";
	attr.log_buf = (u64)(unsigned long)log_buf;
	attr.log_size = sizeof(log_buf);
	attr.log_level = 1;
	log_buf[0] = 0;
	bpf_jit_enable = jit;
	return (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

static u64 run(int fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = (u64)(unsigned long)packet;
	attr.test.data_size_in = sizeof(packet);
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
	return bpf_test_run_last_r0();
}

/* A field read into r0, then exit. */
static const struct field {
	const char *name;
	s16 off;
	struct bpf_insn want[3];	/* the rewrite: r0 = ... from r1 */
	u32 want_len;
	u64 r0;				/* at run time; ~0: a pointer, not compared */
} fields[] = {
	{ "data: xdp->data", XDP_OFF(data),
	  { BPF_LDX_MEM(BPF_DW, R0, R1, offsetof(struct xdp_buff, data)) }, 1, ~0ULL },
	{ "data_end: xdp->data_end", XDP_OFF(data_end),
	  { BPF_LDX_MEM(BPF_DW, R0, R1, offsetof(struct xdp_buff, data_end)) }, 1, ~0ULL },
	{ "data_meta: xdp->data_meta", XDP_OFF(data_meta),
	  { BPF_LDX_MEM(BPF_DW, R0, R1, offsetof(struct xdp_buff, data_meta)) }, 1, ~0ULL },
	{ "ingress_ifindex: xdp->rxq->dev->ifindex", XDP_OFF(ingress_ifindex),
	  { BPF_LDX_MEM(BPF_DW, R0, R1, offsetof(struct xdp_buff, rxq)),
	    BPF_LDX_MEM(BPF_DW, R0, R0, offsetof(struct xdp_rxq_info, dev)),
	    BPF_LDX_MEM(BPF_W, R0, R0, offsetof(struct net_device, ifindex)) }, 3, 1 },
	{ "rx_queue_index: xdp->rxq->queue_index", XDP_OFF(rx_queue_index),
	  { BPF_LDX_MEM(BPF_DW, R0, R1, offsetof(struct xdp_buff, rxq)),
	    BPF_LDX_MEM(BPF_W, R0, R0, offsetof(struct xdp_rxq_info, queue_index)) }, 2, 0 },
};

START_TEST(xdp_field_rewritten)
{
	const struct field *f = &fields[_i];
	struct bpf_insn prog[] = { BPF_LDX_MEM(BPF_W, R0, R1, f->off), BPF_EXIT_INSN() };

	/* a pointer may not be returned by an unprivileged program; this
	 * loader is root, as every test here
	 */
	for (int jit = 0; jit <= 1; jit++) {
		int fd = load(prog, 2, jit);
		struct bpf_prog *fp;

		ck_assert_msg(fd >= 0, "%s: refused (%d):\n%s", f->name, fd, log_buf);
		fp = bpf_prog_get(fd);
		ck_assert_msg(fp->len == f->want_len + 1, "%s: %u instructions, want %u", f->name,
			      fp->len - 1, f->want_len);
		for (u32 i = 0; i < f->want_len; i++)
			ck_assert_msg(!memcmp(&fp->insnsi[i], &f->want[i], sizeof(struct bpf_insn)),
				      "%s: instruction %u is {code %#x, dst %u, src %u, off %d, imm %d}",
				      f->name, i, fp->insnsi[i].code, fp->insnsi[i].dst_reg,
				      fp->insnsi[i].src_reg, fp->insnsi[i].off, fp->insnsi[i].imm);
		if (f->r0 != ~0ULL)
			ck_assert_msg(run(fd) == f->r0, "%s (%s): r0 %#llx, want %#llx", f->name,
				      jit ? "JIT" : "interpreter",
				      (unsigned long long)bpf_test_run_last_r0(),
				      (unsigned long long)f->r0);
		bpf_prog_put(fp);
		close_fd(fd);
	}
}
END_TEST

/* The pointers are the packet's: compare, then read its first byte. */
START_TEST(xdp_reads_its_packet)
{
	struct bpf_insn prog[] = {
		BPF_LDX_MEM(BPF_W, R2, R1, XDP_OFF(data)),
		BPF_LDX_MEM(BPF_W, R3, R1, XDP_OFF(data_end)),
		BPF_MOV64_REG(R1, R2),
		BPF_ALU64_IMM(BPF_ADD, R1, 1),
		BPF_MOV64_IMM(R0, 0),
		BPF_JMP_REG(BPF_JGT, R1, R3, 1),
		BPF_LDX_MEM(BPF_B, R0, R2, 0),
		BPF_EXIT_INSN(),
	};

	for (int jit = 0; jit <= 1; jit++) {
		int fd = load(prog, ARRAY_SIZE(prog), jit);

		ck_assert_msg(fd >= 0, "refused (%d):\n%s", fd, log_buf);
		ck_assert_msg(run(fd) == 0x5a, "%s: r0 %#llx, want the packet's first byte 0x5a",
			      jit ? "JIT" : "interpreter",
			      (unsigned long long)bpf_test_run_last_r0());
		close_fd(fd);
	}
}
END_TEST

static const struct refusal {
	const char *name;
	struct bpf_insn insn;
	const char *msg;
} refusals[] = {
	{ "a write to data", BPF_STX_MEM(BPF_W, R1, R0, XDP_OFF(data)),
	  "invalid bpf_context access off=0 size=4" },
	{ "data as 8 bytes", BPF_LDX_MEM(BPF_DW, R0, R1, XDP_OFF(data)),
	  "invalid bpf_context access off=0 size=8" },
	{ "a byte of ingress_ifindex", BPF_LDX_MEM(BPF_B, R0, R1, XDP_OFF(ingress_ifindex)),
	  "invalid bpf_context access off=12 size=1" },
	{ "egress_ifindex, not run by a devmap", BPF_LDX_MEM(BPF_W, R0, R1, XDP_OFF(egress_ifindex)),
	  "invalid bpf_context access off=20 size=4" },
	{ "past struct xdp_md", BPF_LDX_MEM(BPF_W, R0, R1, sizeof(struct xdp_md)),
	  "invalid bpf_context access off=24 size=4" },
	{ "half of data_end", BPF_LDX_MEM(BPF_H, R0, R1, XDP_OFF(data_end) + 2),
	  "invalid bpf_context access off=6 size=2" },
};

START_TEST(xdp_access_refused)
{
	const struct refusal *r = &refusals[_i];
	struct bpf_insn prog[] = { BPF_MOV64_IMM(R0, 0), r->insn, BPF_MOV64_IMM(R0, 0),
				   BPF_EXIT_INSN() };
	int fd = load(prog, ARRAY_SIZE(prog), true);

	ck_assert_msg(fd == -EACCES, "%s: want -EACCES, got %d\n%s", r->name, fd, log_buf);
	ck_assert_msg(strstr(log_buf, r->msg), "%s: want \"%s\" in the log:\n%s", r->name,
		      r->msg, log_buf);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("exercise 07/03");
	TCase *tc = tcase_create("xdp_convert_ctx_access");

	tcase_add_loop_test(tc, xdp_field_rewritten, 0, ARRAY_SIZE(fields));
	tcase_add_test(tc, xdp_reads_its_packet);
	tcase_add_loop_test(tc, xdp_access_refused, 0, ARRAY_SIZE(refusals));
	suite_add_tcase(s, tc);
	return s;
}
