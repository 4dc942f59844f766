// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 07 tests: the contexts of socket filters, tc and XDP programs
 * (ctx_skb.c, ctx_xdp.c, convert_ctx.c). Each field as a table row: the
 * program's access, the instructions the verifier rewrote it into (read
 * back from the loaded program, as `bpfjit xlated` shows them), and the
 * value the program gets at run time, in the interpreter and in the JIT.
 * Then the stores each type may make, the accesses each type is refused
 * with v5.8's message, and convert_ctx_accesses() on its own: the
 * prologue, narrow loads, the Spectre v4 stack zeroing.
 *
 *   CK_RUN_CASE=bpf_convert_ctx_access make test-07
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "linux/bpf_interp.h"
#include "linux/capability.h"
#include "linux/etherdevice.h"
#include "linux/file.h"
#include "linux/netdevice.h"
#include "verifier.h"
#include "test_ctx.h"

/* ---- what the test files share (test_ctx.h) ------------------------------- */

u8 test_frame[FRAME_LEN] = {
	0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02, 0x08, 0x00,
	/* IPv4: 20 + 26 bytes, TTL 64, UDP, checksum below */
	0x45, 0x00, 0x00, 46, 0x12, 0x34, 0x40, 0x00, 64, 17, 0, 0,
	10, 0, 0, 1, 10, 0, 0, 2,
	/* UDP: 12345 -> 53, length 26, checksum below */
	0x30, 0x39, 0x00, 0x35, 0x00, 26, 0, 0,
	'p', 'a', 'y', 'l', 'o', 'a', 'd', '.', 'p', 'a', 'y', 'l', 'o', 'a', 'd', '.',
	'!', '!',
};

u16 test_csum16(const u8 *p, int len, u32 seed)
{
	u64 sum = seed;

	for (int i = 0; i + 1 < len; i += 2)
		sum += (u32)p[i] << 8 | p[i + 1];	/* big-endian words */
	if (len & 1)
		sum += (u32)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (u16)sum;
}

void test_frame_init(void)
{
	u8 *ip = test_frame + FRAME_IP, *udp = test_frame + FRAME_UDP;
	u16 c;
	u32 pseudo;

	ip[10] = ip[11] = 0;
	c = ~test_csum16(ip, 20, 0);
	ip[10] = c >> 8;
	ip[11] = c & 0xff;
	/* UDP: the pseudo-header (addresses, protocol, length), then itself */
	udp[6] = udp[7] = 0;
	pseudo = test_csum16(ip + 12, 8, 17 + 26);
	c = ~test_csum16(udp, 26, pseudo);
	udp[6] = c >> 8;
	udp[7] = c & 0xff;
}

const char *const runtime_name[RUNTIMES] = { "interpreter", "JIT" };

int ctx_load(u32 type, const struct bpf_insn *insns, u32 len, bool jit,
	     char *log, size_t log_size)
{
	union bpf_attr attr;
	int saved = bpf_jit_enable, fd;

	set_current_caps(CAP_ALL);
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insn_cnt = len;
	attr.insns = (u64)(unsigned long)insns;
	attr.license = (u64)(unsigned long)"GPL";
	if (log) {
		log[0] = 0;
		attr.log_buf = (u64)(unsigned long)log;
		attr.log_size = log_size;
		attr.log_level = 1;
	}
	bpf_jit_enable = jit;
	fd = (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	bpf_jit_enable = saved;
	return fd;
}

int ctx_load_ok(u32 type, const struct bpf_insn *insns, u32 len, bool jit)
{
	char log[4096];
	int fd = ctx_load(type, insns, len, jit, log, sizeof(log));
	struct bpf_prog *fp;

	ck_assert_msg(fd >= 0, "load (%s): %d (%s)\n%s", runtime_name[jit], fd,
		      errno_name(fd), log);
	fp = bpf_prog_get(fd);
	ck_assert_msg(!IS_ERR(fp) && fp->jited == jit, "%s: jited = %d",
		      runtime_name[jit], IS_ERR(fp) ? -1 : fp->jited);
	bpf_prog_put(fp);
	return fd;
}

int ctx_run(int fd, const void *data, u32 size, struct __sk_buff *ctx,
	    void *out, u32 out_size, u64 *r0)
{
	union bpf_attr attr;
	int err;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = (u64)(unsigned long)data;
	attr.test.data_size_in = size;
	attr.test.data_out = (u64)(unsigned long)out;
	attr.test.data_size_out = out_size;
	if (ctx) {
		attr.test.ctx_in = attr.test.ctx_out = (u64)(unsigned long)ctx;
		attr.test.ctx_size_in = attr.test.ctx_size_out = sizeof(*ctx);
	}
	err = (int)sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
	if (r0)
		*r0 = bpf_test_run_last_r0();
	return err;
}

const struct bpf_insn *ctx_xlated(int fd, u32 *len)
{
	struct bpf_prog *fp = bpf_prog_get(fd);

	ck_assert(!IS_ERR(fp));
	/* the fd keeps the program: the reference is not needed */
	bpf_prog_put(fp);
	*len = fp->len;
	return fp->insnsi;
}

/* ---- one field read: the rewrite and the value ----------------------------- */

#define SKB_OFF(f)	offsetof(struct sk_buff, f)
#define CB_OFF(f)	(SKB_OFF(cb) + offsetof(struct qdisc_skb_cb, f))
#define DATA_END_OFF(f)	(SKB_OFF(cb) + offsetof(struct bpf_skb_data_end, f))
#define SK_OFF(f)	offsetof(struct __sk_buff, f)
#define LDX(sz, off)	BPF_LDX_MEM(sz, BPF_REG_0, BPF_REG_1, off)
#define LDX0(sz, off)	BPF_LDX_MEM(sz, BPF_REG_0, BPF_REG_0, off)
#define AND0(imm)	BPF_ALU32_IMM(BPF_AND, BPF_REG_0, imm)
#define RSH0(imm)	BPF_ALU32_IMM(BPF_RSH, BPF_REG_0, imm)
/* gso_segs, gso_size: the shared info at head + end, AX the scratch */
#define SHINFO							\
	BPF_LDX_MEM(BPF_W, BPF_REG_AX, BPF_REG_1, SKB_OFF(end)),	\
	BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, SKB_OFF(head)),	\
	BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_AX)

/* What test runs pass in ctx_in (tc and socket filter alike). */
static const struct __sk_buff ctx_in = {
	.mark = 0x1234, .priority = 7,
	.cb = { 0x111111f1, 0x22222222, 0xc0ffee, 4, 0x55 },
	.tstamp = 0x1122334455667788ULL, .gso_segs = 3,
};

#define TC	BPF_PROG_TYPE_SCHED_CLS
#define SK	BPF_PROG_TYPE_SOCKET_FILTER

static const struct ctx_read {
	const char *descr;
	u32 type;
	struct bpf_insn access;		/* r0 = the field */
	struct bpf_insn rewrite[5];	/* what the verifier made of it */
	u64 value;			/* r0 on the test frame, ctx_in */
} ctx_reads[] = {
	{ "len: the packet from the MAC header", TC,
	  LDX(BPF_W, SK_OFF(len)), { LDX(BPF_W, SKB_OFF(len)) }, FRAME_LEN },
	{ "len: a socket filter's from the IP header", SK,
	  LDX(BPF_W, SK_OFF(len)), { LDX(BPF_W, SKB_OFF(len)) }, FRAME_LEN - ETH_HLEN },
	{ "pkt_type: three bits of a byte", TC,
	  LDX(BPF_W, SK_OFF(pkt_type)),
	  { LDX(BPF_B, PKT_TYPE_OFFSET()), AND0(PKT_TYPE_MAX) }, PACKET_OTHERHOST },
	{ "mark, from ctx_in", TC,
	  LDX(BPF_W, SK_OFF(mark)), { LDX(BPF_W, SKB_OFF(mark)) }, 0x1234 },
	{ "queue_mapping", TC,
	  LDX(BPF_W, SK_OFF(queue_mapping)), { LDX(BPF_H, SKB_OFF(queue_mapping)) }, 0 },
	{ "protocol: ETH_P_IP, network byte order", TC,
	  LDX(BPF_W, SK_OFF(protocol)), { LDX(BPF_H, SKB_OFF(protocol)) }, 0x0008 },
	{ "vlan_present: one bit", TC,
	  LDX(BPF_W, SK_OFF(vlan_present)),
	  { LDX(BPF_B, PKT_VLAN_PRESENT_OFFSET()), AND0(1) }, 0 },
	{ "vlan_tci", TC,
	  LDX(BPF_W, SK_OFF(vlan_tci)), { LDX(BPF_H, SKB_OFF(vlan_tci)) }, 0 },
	{ "vlan_proto", TC,
	  LDX(BPF_W, SK_OFF(vlan_proto)), { LDX(BPF_H, SKB_OFF(vlan_proto)) }, 0 },
	{ "priority, from ctx_in", SK,
	  LDX(BPF_W, SK_OFF(priority)), { LDX(BPF_W, SKB_OFF(priority)) }, 7 },
	{ "ingress_ifindex: skb_iif", TC,
	  LDX(BPF_W, SK_OFF(ingress_ifindex)), { LDX(BPF_W, SKB_OFF(skb_iif)) }, 0 },
	{ "ifindex: tc's device is never NULL", TC,
	  LDX(BPF_W, SK_OFF(ifindex)),
	  { LDX(BPF_DW, SKB_OFF(dev)), LDX0(BPF_W, offsetof(struct net_device, ifindex)) }, 1 },
	{ "ifindex: a socket filter's may be", SK,
	  LDX(BPF_W, SK_OFF(ifindex)),
	  { LDX(BPF_DW, SKB_OFF(dev)), BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
	    LDX0(BPF_W, offsetof(struct net_device, ifindex)) }, 1 },
	{ "tc_index", TC,
	  LDX(BPF_W, SK_OFF(tc_index)), { LDX(BPF_H, SKB_OFF(tc_index)) }, 0 },
	{ "cb[2]: the control block's data", SK,
	  LDX(BPF_W, SK_OFF(cb[2])), { LDX(BPF_W, CB_OFF(data) + 8) }, 0xc0ffee },
	{ "cb[4], a byte of it: any size, no mask", TC,
	  LDX(BPF_B, SK_OFF(cb[4])), { LDX(BPF_B, CB_OFF(data) + 16) }, 0x55 },
	{ "hash", TC,
	  LDX(BPF_W, SK_OFF(hash)), { LDX(BPF_W, SKB_OFF(hash)) }, 0 },
	{ "tc_classid: in the control block", TC,
	  LDX(BPF_W, SK_OFF(tc_classid)), { LDX(BPF_H, CB_OFF(tc_classid)) }, 0 },
	{ "napi_id: 0 below MIN_NAPI_ID", TC,
	  LDX(BPF_W, SK_OFF(napi_id)),
	  { LDX(BPF_W, SKB_OFF(napi_id)), BPF_JMP_IMM(BPF_JGE, BPF_REG_0, 257, 1),
	    BPF_MOV64_IMM(BPF_REG_0, 0) }, 0 },
	{ "tstamp: 64 bits", TC,
	  LDX(BPF_DW, SK_OFF(tstamp)), { LDX(BPF_DW, SKB_OFF(tstamp)) }, 0x1122334455667788ULL },
	{ "wire_len: ctx_in's 0 means the length", TC,
	  LDX(BPF_W, SK_OFF(wire_len)), { LDX(BPF_W, CB_OFF(pkt_len)) }, FRAME_LEN },
	{ "gso_segs: through skb_shinfo()", TC,
	  LDX(BPF_W, SK_OFF(gso_segs)),
	  { SHINFO, LDX0(BPF_H, offsetof(struct skb_shared_info, gso_segs)) }, 3 },
	{ "gso_size", SK,
	  LDX(BPF_W, SK_OFF(gso_size)),
	  { SHINFO, LDX0(BPF_H, offsetof(struct skb_shared_info, gso_size)) }, 0 },
	/* narrow loads: the whole field, shifted, masked */
	{ "len, byte 0", TC,
	  LDX(BPF_B, SK_OFF(len)), { LDX(BPF_W, SKB_OFF(len)), AND0(0xff) }, FRAME_LEN },
	{ "len, byte 1", TC,
	  LDX(BPF_B, SK_OFF(len) + 1),
	  { LDX(BPF_W, SKB_OFF(len)), RSH0(8), AND0(0xff) }, 0 },
	{ "mark, half 0", TC,
	  LDX(BPF_H, SK_OFF(mark)), { LDX(BPF_W, SKB_OFF(mark)), AND0(0xffff) }, 0x1234 },
	{ "mark, byte 1", SK,
	  LDX(BPF_B, SK_OFF(mark) + 1),
	  { LDX(BPF_W, SKB_OFF(mark)), RSH0(8), AND0(0xff) }, 0x12 },
	{ "protocol, byte 0: of a 2-byte kernel field", TC,
	  LDX(BPF_B, SK_OFF(protocol)), { LDX(BPF_H, SKB_OFF(protocol)), AND0(0xff) }, 0x08 },
	/* the kernel field is 2 bytes: a 2-byte load is not narrower than
	 * what the rewrite reads, so it gets no shift (the live 6.x kernel
	 * does the same); a byte further up is shifted out entirely
	 */
	{ "protocol, half 1: the whole 2-byte field, unshifted", TC,
	  LDX(BPF_H, SK_OFF(protocol) + 2), { LDX(BPF_H, SKB_OFF(protocol)) }, 0x0008 },
	{ "protocol, byte 2: shifted past the field", TC,
	  LDX(BPF_B, SK_OFF(protocol) + 2),
	  { LDX(BPF_H, SKB_OFF(protocol)), RSH0(16), AND0(0xff) }, 0 },
	{ "pkt_type, byte 1: v5.8 reads byte 0 (the rewrite's own mask)", TC,
	  LDX(BPF_B, SK_OFF(pkt_type) + 1),
	  { LDX(BPF_B, PKT_TYPE_OFFSET()), AND0(PKT_TYPE_MAX) }, PACKET_OTHERHOST },
	{ "ifindex, byte 1: after two loads", TC,
	  LDX(BPF_B, SK_OFF(ifindex) + 1),
	  { LDX(BPF_DW, SKB_OFF(dev)), LDX0(BPF_W, offsetof(struct net_device, ifindex)),
	    RSH0(8), AND0(0xff) }, 0 },
	/* ISA v4 (Linux 6.6): a sign-extending load of a field */
	{ "cb[0] as s8: MEMSX", TC,
	  BPF_LDX_MEMSX(BPF_B, BPF_REG_0, BPF_REG_1, SK_OFF(cb[0])),
	  { LDX(BPF_B, CB_OFF(data)),
	    BPF_RAW_INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_0, BPF_REG_0, 8, 0) },
	  (u64)(s64)(s8)0xf1 },
	{ "mark as s8: narrow, then sign-extended", TC,
	  BPF_LDX_MEMSX(BPF_B, BPF_REG_0, BPF_REG_1, SK_OFF(mark)),
	  { LDX(BPF_W, SKB_OFF(mark)), AND0(0xff),
	    BPF_RAW_INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_0, BPF_REG_0, 8, 0) }, 0x34 },
};

static u32 rewrite_len(const struct bpf_insn *r)
{
	u32 n = 0;

	while (n < 5 && r[n].code)
		n++;
	return n;
}

START_TEST(bpf_convert_ctx_access_skb)
{
	const struct ctx_read *t = &ctx_reads[_i];
	struct bpf_insn prog[] = { t->access, BPF_EXIT_INSN() };
	u32 n = rewrite_len(t->rewrite);

	for (int jit = 0; jit < RUNTIMES; jit++) {
		int fd = ctx_load_ok(t->type, prog, ARRAY_SIZE(prog), jit);
		struct __sk_buff ctx = ctx_in;
		const struct bpf_insn *x;
		u32 len;
		u64 r0 = ~0ULL;

		x = ctx_xlated(fd, &len);
		ck_assert_msg(len == n + 1, "%s: %u instructions, expected %u",
			      t->descr, len, n + 1);
		for (u32 k = 0; k < n; k++)
			ck_assert_msg(!memcmp(&x[k], &t->rewrite[k], sizeof(x[k])),
				      "%s: rewrite insn %u: %02x %x/%x %d %d, expected %02x %x/%x %d %d",
				      t->descr, k, x[k].code, x[k].dst_reg, x[k].src_reg,
				      x[k].off, x[k].imm, t->rewrite[k].code,
				      t->rewrite[k].dst_reg, t->rewrite[k].src_reg,
				      t->rewrite[k].off, t->rewrite[k].imm);
		ck_assert_int_eq(ctx_run(fd, test_frame, FRAME_LEN, &ctx, NULL, 0, &r0), 0);
		ck_assert_msg(r0 == t->value, "%s (%s): r0 = 0x%llx, expected 0x%llx",
			      t->descr, runtime_name[jit], (unsigned long long)r0,
			      (unsigned long long)t->value);
		close_fd(fd);
	}
}
END_TEST

/* ---- packet pointers: loaded whole, 64 bits ------------------------------- */

START_TEST(bpf_convert_ctx_access_pkt_pointers)
{
	/* data_end - data and data - data_meta, for tc: 60 and 0 */
	static const struct bpf_insn prog[] = {
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SK_OFF(data)),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, SK_OFF(data_end)),
		BPF_LDX_MEM(BPF_W, BPF_REG_4, BPF_REG_1, SK_OFF(data_meta)),
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_3),
		BPF_ALU64_REG(BPF_SUB, BPF_REG_0, BPF_REG_2),
		BPF_ALU64_REG(BPF_SUB, BPF_REG_2, BPF_REG_4),
		BPF_ALU64_IMM(BPF_LSH, BPF_REG_2, 32),
		BPF_ALU64_REG(BPF_OR, BPF_REG_0, BPF_REG_2),
		BPF_EXIT_INSN(),
	};
	static const struct bpf_insn rewrite[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, SKB_OFF(data)),
		BPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_1, DATA_END_OFF(data_end)),
		BPF_LDX_MEM(BPF_DW, BPF_REG_4, BPF_REG_1, DATA_END_OFF(data_meta)),
	};

	for (int jit = 0; jit < RUNTIMES; jit++) {
		int fd = ctx_load_ok(TC, prog, ARRAY_SIZE(prog), jit);
		const struct bpf_insn *x;
		u32 len;
		u64 r0;

		x = ctx_xlated(fd, &len);
		ck_assert_uint_eq(len, ARRAY_SIZE(prog));
		ck_assert_mem_eq(x, rewrite, sizeof(rewrite));
		ck_assert_int_eq(ctx_run(fd, test_frame, FRAME_LEN, NULL, NULL, 0, &r0), 0);
		ck_assert_msg(r0 == FRAME_LEN, "%s: data_end - data | (data - data_meta) << 32 = 0x%llx",
			      runtime_name[jit], (unsigned long long)r0);
		close_fd(fd);
	}
}
END_TEST

/* ---- stores ---------------------------------------------------------------- */

static const struct ctx_store {
	const char *descr;
	u32 type;
	u32 off;		/* __sk_buff field */
	int size;		/* BPF_W, BPF_DW, ... */
	s64 value;		/* what the program stores */
	struct bpf_insn rewrite[2];
	u64 back;		/* what it reads back */
} ctx_stores[] = {
	{ "tc: mark", TC, SK_OFF(mark), BPF_W, 0xabcd,
	  { BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SKB_OFF(mark)) }, 0xabcd },
	{ "tc: priority", TC, SK_OFF(priority), BPF_W, 6,
	  { BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SKB_OFF(priority)) }, 6 },
	{ "tc: tc_index, 16 bits of the u32", TC, SK_OFF(tc_index), BPF_W, 0x12345,
	  { BPF_STX_MEM(BPF_H, BPF_REG_1, BPF_REG_2, SKB_OFF(tc_index)) }, 0x2345 },
	{ "tc: tc_classid", TC, SK_OFF(tc_classid), BPF_W, 0x10002,
	  { BPF_STX_MEM(BPF_H, BPF_REG_1, BPF_REG_2, CB_OFF(tc_classid)) }, 2 },
	{ "tc: queue_mapping", TC, SK_OFF(queue_mapping), BPF_W, 5,
	  { BPF_JMP_IMM(BPF_JGE, BPF_REG_2, NO_QUEUE_MAPPING, 1),
	    BPF_STX_MEM(BPF_H, BPF_REG_1, BPF_REG_2, SKB_OFF(queue_mapping)) }, 5 },
	{ "tc: queue_mapping 0xffff is not stored", TC, SK_OFF(queue_mapping), BPF_W, 0xffff,
	  { BPF_JMP_IMM(BPF_JGE, BPF_REG_2, NO_QUEUE_MAPPING, 1),
	    BPF_STX_MEM(BPF_H, BPF_REG_1, BPF_REG_2, SKB_OFF(queue_mapping)) }, 0 },
	{ "tc: tstamp", TC, SK_OFF(tstamp), BPF_DW, 0x0102030405060708LL,
	  { BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_2, SKB_OFF(tstamp)) }, 0x0102030405060708ULL },
	{ "tc: cb[1], a half", TC, SK_OFF(cb[1]) + 2, BPF_H, 0xbeef,
	  { BPF_STX_MEM(BPF_H, BPF_REG_1, BPF_REG_2, CB_OFF(data) + 6) }, 0xbeef },
	{ "socket filter: cb[3]", SK, SK_OFF(cb[3]), BPF_W, 99,
	  { BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, CB_OFF(data) + 12) }, 99 },
};

START_TEST(bpf_convert_ctx_access_store)
{
	const struct ctx_store *t = &ctx_stores[_i];
	struct bpf_insn prog[] = {
		BPF_LD_IMM64(BPF_REG_2, t->value),
		BPF_STX_MEM(t->size, BPF_REG_1, BPF_REG_2, t->off),
		BPF_LDX_MEM(t->size, BPF_REG_0, BPF_REG_1, t->off),
		BPF_EXIT_INSN(),
	};
	u32 n = t->rewrite[1].code ? 2 : 1;

	for (int jit = 0; jit < RUNTIMES; jit++) {
		int fd = ctx_load_ok(t->type, prog, ARRAY_SIZE(prog), jit);
		struct __sk_buff ctx = ctx_in;
		const struct bpf_insn *x;
		u32 len;
		u64 r0;

		x = ctx_xlated(fd, &len);
		ck_assert_msg(!memcmp(&x[2], t->rewrite, n * sizeof(*x)),
			      "%s: the store's rewrite", t->descr);
		ck_assert_int_eq(ctx_run(fd, test_frame, FRAME_LEN, &ctx, NULL, 0, &r0), 0);
		ck_assert_msg(r0 == t->back, "%s (%s): read back 0x%llx, expected 0x%llx",
			      t->descr, runtime_name[jit], (unsigned long long)r0,
			      (unsigned long long)t->back);
		/* what ctx_out shows of it (v5.8: mark, priority, cb, tstamp) */
		if (t->off == SK_OFF(mark))
			ck_assert_uint_eq(ctx.mark, t->back);
		if (t->off == SK_OFF(tstamp))
			ck_assert_uint_eq(ctx.tstamp, t->back);
		if (t->off == SK_OFF(cb[3]))
			ck_assert_uint_eq(ctx.cb[3], t->back);
		close_fd(fd);
	}
}
END_TEST

/* ---- refused --------------------------------------------------------------- */

#define XDP	BPF_PROG_TYPE_XDP
#define RD(sz, off)	BPF_LDX_MEM(sz, BPF_REG_0, BPF_REG_1, off)
#define WR(sz, off)	BPF_STX_MEM(sz, BPF_REG_1, BPF_REG_1, off)

static const struct ctx_refusal {
	const char *descr;
	u32 type;
	struct bpf_insn access;
	int off, size;		/* in the message */
} ctx_refusals[] = {
	{ "socket filter: data", SK, RD(BPF_W, SK_OFF(data)), 76, 4 },
	{ "socket filter: data_end", SK, RD(BPF_W, SK_OFF(data_end)), 80, 4 },
	{ "socket filter: data_meta", SK, RD(BPF_W, SK_OFF(data_meta)), 140, 4 },
	{ "socket filter: tc_classid", SK, RD(BPF_W, SK_OFF(tc_classid)), 72, 4 },
	{ "socket filter: tstamp", SK, RD(BPF_DW, SK_OFF(tstamp)), 152, 8 },
	{ "socket filter: wire_len", SK, RD(BPF_W, SK_OFF(wire_len)), 160, 4 },
	{ "socket filter: family", SK, RD(BPF_W, SK_OFF(family)), 88, 4 },
	{ "socket filter: write mark", SK, WR(BPF_W, SK_OFF(mark)), 8, 4 },
	{ "tc: family (sk_skb only)", TC, RD(BPF_W, SK_OFF(family)), 88, 4 },
	{ "tc: remote_ip6[1]", TC, RD(BPF_W, SK_OFF(remote_ip6[1])), 104, 4 },
	{ "tc: local_port", TC, RD(BPF_W, SK_OFF(local_port)), 136, 4 },
	{ "tc: flow_keys", TC, RD(BPF_DW, SK_OFF(flow_keys)), 144, 8 },
	{ "tc: write len", TC, WR(BPF_W, SK_OFF(len)), 0, 4 },
	{ "tc: write pkt_type", TC, WR(BPF_W, SK_OFF(pkt_type)), 4, 4 },
	{ "tc: write data", TC, WR(BPF_W, SK_OFF(data)), 76, 4 },
	{ "tc: write a half of mark", TC, WR(BPF_H, SK_OFF(mark)), 8, 2 },
	{ "tc: data, a half", TC, RD(BPF_H, SK_OFF(data)), 76, 2 },
	{ "tc: 8 bytes of a u32", TC, RD(BPF_DW, SK_OFF(len)), 0, 8 },
	{ "tc: misaligned", TC, RD(BPF_W, SK_OFF(mark) + 2), 10, 4 },
	{ "tc: tstamp, 4 bytes", TC, RD(BPF_W, SK_OFF(tstamp)), 152, 4 },
	{ "tc: sk, 4 bytes", TC, RD(BPF_W, SK_OFF(sk)), 168, 4 },
	{ "tc: write sk", TC, WR(BPF_DW, SK_OFF(sk)), 168, 8 },
	{ "tc: cb[4] and past it", TC, RD(BPF_DW, SK_OFF(cb[4])), 64, 8 },
	{ "tc: past __sk_buff", TC, RD(BPF_W, sizeof(struct __sk_buff)), 184, 4 },
	{ "tc: before it", TC, RD(BPF_W, -4), -4, 4 },
	{ "xdp: write data", XDP, WR(BPF_W, offsetof(struct xdp_md, data)), 0, 4 },
	{ "xdp: egress_ifindex (devmap only)", XDP,
	  RD(BPF_W, offsetof(struct xdp_md, egress_ifindex)), 20, 4 },
	{ "xdp: data as 8 bytes", XDP, RD(BPF_DW, offsetof(struct xdp_md, data)), 0, 8 },
	{ "xdp: a byte of ingress_ifindex", XDP,
	  RD(BPF_B, offsetof(struct xdp_md, ingress_ifindex)), 12, 1 },
	{ "xdp: past xdp_md", XDP, RD(BPF_W, sizeof(struct xdp_md)), 24, 4 },
	/* a pointer sign-extended would be a pointer no more (Linux 6.6+) */
	{ "tc: data as s32", TC,
	  BPF_LDX_MEMSX(BPF_W, BPF_REG_0, BPF_REG_1, SK_OFF(data)), 76, 4 },
	{ "xdp: data_end as s32", XDP,
	  BPF_LDX_MEMSX(BPF_W, BPF_REG_0, BPF_REG_1, offsetof(struct xdp_md, data_end)), 4, 4 },
};

START_TEST(is_valid_access_refused)
{
	const struct ctx_refusal *t = &ctx_refusals[_i];
	struct bpf_insn prog[] = { t->access, BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() };
	char log[4096], want[64];
	int fd = ctx_load(t->type, prog, ARRAY_SIZE(prog), false, log, sizeof(log));

	snprintf(want, sizeof(want), "invalid bpf_context access off=%d size=%d\n",
		 t->off, t->size);
	ck_assert_msg(fd == -EACCES, "%s: loaded (%d)", t->descr, fd);
	ck_assert_msg(strstr(log, want), "%s: the log says\n%s\nexpected \"%s\"",
		      t->descr, log, want);
}
END_TEST

/* What is_valid_access() tells the walk the loaded value is. */
START_TEST(is_valid_access_reg_type)
{
	static const struct {
		bool (*fn)(int, int, enum bpf_access_type, const struct bpf_prog *,
			   struct bpf_insn_access_aux *);
		int off, size;
		enum bpf_reg_type type;
		int field_size;
	} rows[] = {
		{ tc_cls_act_is_valid_access, SK_OFF(data), 4, PTR_TO_PACKET, 0 },
		{ tc_cls_act_is_valid_access, SK_OFF(data_end), 4, PTR_TO_PACKET_END, 0 },
		{ tc_cls_act_is_valid_access, SK_OFF(data_meta), 4, PTR_TO_PACKET_META, 0 },
		{ tc_cls_act_is_valid_access, SK_OFF(sk), 8, PTR_TO_SOCK_COMMON_OR_NULL, 0 },
		{ tc_cls_act_is_valid_access, SK_OFF(mark), 1, SCALAR_VALUE, 4 },
		{ tc_cls_act_is_valid_access, SK_OFF(cb[1]), 1, SCALAR_VALUE, 0 },
		{ tc_cls_act_is_valid_access, SK_OFF(tstamp), 8, SCALAR_VALUE, 0 },
		{ sk_filter_is_valid_access, SK_OFF(len), 2, SCALAR_VALUE, 4 },
		{ sk_filter_is_valid_access, SK_OFF(sk), 8, PTR_TO_SOCK_COMMON_OR_NULL, 0 },
		{ xdp_is_valid_access, offsetof(struct xdp_md, data), 4, PTR_TO_PACKET, 0 },
		{ xdp_is_valid_access, offsetof(struct xdp_md, data_end), 4, PTR_TO_PACKET_END, 0 },
		{ xdp_is_valid_access, offsetof(struct xdp_md, data_meta), 4, PTR_TO_PACKET_META, 0 },
		{ xdp_is_valid_access, offsetof(struct xdp_md, rx_queue_index), 4, SCALAR_VALUE, 0 },
	};
	struct bpf_prog prog = { .expected_attach_type = 0 };

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct bpf_insn_access_aux info = { .reg_type = SCALAR_VALUE };

		ck_assert_msg(rows[i].fn(rows[i].off, rows[i].size, BPF_READ, &prog, &info),
			      "row %zu refused", i);
		ck_assert_msg(info.reg_type == rows[i].type && info.ctx_field_size == rows[i].field_size,
			      "row %zu: %s, field size %d", i, reg_type_str[info.reg_type],
			      info.ctx_field_size);
	}
	/* a devmap program may read egress_ifindex: through txq */
	prog.expected_attach_type = BPF_XDP_DEVMAP;
	{
		struct bpf_insn_access_aux info = { .reg_type = SCALAR_VALUE };
		struct bpf_insn si = RD(BPF_W, offsetof(struct xdp_md, egress_ifindex)), buf[16];
		u32 ts = 0;

		ck_assert(xdp_is_valid_access(offsetof(struct xdp_md, egress_ifindex), 4,
					      BPF_READ, &prog, &info));
		ck_assert_uint_eq(xdp_convert_ctx_access(BPF_READ, &si, buf, &prog, &ts), 3);
		ck_assert_int_eq(buf[0].off, offsetof(struct xdp_buff, txq));
		ck_assert_int_eq(buf[1].off, offsetof(struct xdp_txq_info, dev));
		ck_assert_int_eq(buf[2].off, offsetof(struct net_device, ifindex));
	}
	/* sk: one 64-bit load of skb->sk */
	{
		struct bpf_insn si = RD(BPF_DW, SK_OFF(sk)), buf[16];
		u32 ts = 0;

		ck_assert_uint_eq(bpf_convert_ctx_access(BPF_READ, &si, buf, &prog, &ts), 1);
		ck_assert(!memcmp(&buf[0], &(struct bpf_insn)RD(BPF_DW, SKB_OFF(sk)), sizeof(buf[0])));
	}
}
END_TEST

/* ---- XDP ---------------------------------------------------------------- */

static const struct ctx_read xdp_reads[] = {
	{ "xdp: ingress_ifindex: rxq->dev->ifindex", XDP,
	  LDX(BPF_W, offsetof(struct xdp_md, ingress_ifindex)),
	  { LDX(BPF_DW, offsetof(struct xdp_buff, rxq)),
	    LDX0(BPF_DW, offsetof(struct xdp_rxq_info, dev)),
	    LDX0(BPF_W, offsetof(struct net_device, ifindex)) }, 1 },
	{ "xdp: rx_queue_index", XDP,
	  LDX(BPF_W, offsetof(struct xdp_md, rx_queue_index)),
	  { LDX(BPF_DW, offsetof(struct xdp_buff, rxq)),
	    LDX0(BPF_W, offsetof(struct xdp_rxq_info, queue_index)) }, 0 },
};

START_TEST(xdp_convert_ctx_access_fields)
{
	const struct ctx_read *t = &xdp_reads[_i];
	struct bpf_insn prog[] = { t->access, BPF_EXIT_INSN() };
	u32 n = rewrite_len(t->rewrite);

	for (int jit = 0; jit < RUNTIMES; jit++) {
		int fd = ctx_load_ok(XDP, prog, ARRAY_SIZE(prog), jit);
		const struct bpf_insn *x;
		u32 len;
		u64 r0 = ~0ULL;

		x = ctx_xlated(fd, &len);
		ck_assert_uint_eq(len, n + 1);
		ck_assert_msg(!memcmp(x, t->rewrite, n * sizeof(*x)), "%s: rewrite", t->descr);
		ck_assert_int_eq(ctx_run(fd, test_frame, FRAME_LEN, NULL, NULL, 0, &r0), 0);
		ck_assert_msg(r0 == t->value, "%s (%s): r0 = 0x%llx", t->descr,
			      runtime_name[jit], (unsigned long long)r0);
		close_fd(fd);
	}
}
END_TEST

START_TEST(xdp_convert_ctx_access_pkt_pointers)
{
	/* data_end - data (the frame), data - data_meta (no metadata: 0) */
	static const struct bpf_insn prog[] = {
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, offsetof(struct xdp_md, data)),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, offsetof(struct xdp_md, data_end)),
		BPF_LDX_MEM(BPF_W, BPF_REG_4, BPF_REG_1, offsetof(struct xdp_md, data_meta)),
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_3),
		BPF_ALU64_REG(BPF_SUB, BPF_REG_0, BPF_REG_2),
		BPF_ALU64_REG(BPF_SUB, BPF_REG_2, BPF_REG_4),
		BPF_ALU64_IMM(BPF_LSH, BPF_REG_2, 32),
		BPF_ALU64_REG(BPF_OR, BPF_REG_0, BPF_REG_2),
		BPF_EXIT_INSN(),
	};
	static const struct bpf_insn rewrite[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, offsetof(struct xdp_buff, data)),
		BPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_1, offsetof(struct xdp_buff, data_end)),
		BPF_LDX_MEM(BPF_DW, BPF_REG_4, BPF_REG_1, offsetof(struct xdp_buff, data_meta)),
	};

	for (int jit = 0; jit < RUNTIMES; jit++) {
		int fd = ctx_load_ok(XDP, prog, ARRAY_SIZE(prog), jit);
		const struct bpf_insn *x;
		u32 len;
		u64 r0;

		x = ctx_xlated(fd, &len);
		ck_assert_mem_eq(x, rewrite, sizeof(rewrite));
		ck_assert_int_eq(ctx_run(fd, test_frame, FRAME_LEN, NULL, NULL, 0, &r0), 0);
		ck_assert_uint_eq(r0, FRAME_LEN);
		close_fd(fd);
	}
}
END_TEST

/* ---- convert_ctx_accesses() on its own ----------------------------------- */

/* A verifier env around insns, as the walk would leave it: the aux
 * records the test sets, one subprogram.
 */
static struct bpf_verifier_env *env_of(u32 type, const struct bpf_insn *insns, u32 len)
{
	struct bpf_verifier_env *env = calloc(1, sizeof(*env));

	ck_assert_ptr_nonnull(env);
	env->prog = bpf_prog_alloc(bpf_prog_size(len), 0);
	ck_assert_ptr_nonnull(env->prog);
	env->prog->type = type;
	env->prog->len = len;
	memcpy(env->prog->insnsi, insns, len * sizeof(*insns));
	env->ops = bpf_verifier_ops[type];
	env->insn_aux_data = calloc(len, sizeof(*env->insn_aux_data));
	for (u32 i = 0; i < len; i++)
		env->insn_aux_data[i].orig_idx = i;
	env->subprog_cnt = 1;
	env->subprog_info[1].start = len;
	return env;
}

static void env_free(struct bpf_verifier_env *env)
{
	bpf_prog_free(env->prog);
	free(env->insn_aux_data);
	free(env);
}

START_TEST(convert_ctx_accesses_prologue)
{
	/*
	 * A tc program that writes packet data gets the unclone prologue;
	 * its last instruction is instruction 0's rewrite, where the
	 * prologue's jumps land, and a jump back to instruction 0 lands on
	 * the prologue's first.
	 */
	static const struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, SK_OFF(mark)),	/* 0 */
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 1, -2),			/* 1: to 0 */
		BPF_EXIT_INSN(),						/* 2 */
	};
	struct bpf_verifier_env *env = env_of(TC, insns, ARRAY_SIZE(insns));
	const struct bpf_insn *x;
	int k;

	env->insn_aux_data[0].ptr_type = PTR_TO_CTX;
	env->seen_direct_write = true;
	ck_assert_int_eq(convert_ctx_accesses(env), 0);
	x = env->prog->insnsi;
	ck_assert_uint_eq(env->prog->len, 10 + 1 + 2);
	ck_assert(!memcmp(&x[0], &(struct bpf_insn)BPF_LDX_MEM(BPF_B, BPF_REG_6, BPF_REG_1,
							       CLONED_OFFSET()), sizeof(*x)));
	ck_assert_uint_eq(x[1].imm, CLONED_MASK);
	/* if (!cloned) goto start: the rewritten instruction 0, at 10 */
	ck_assert_int_eq(2 + 1 + x[2].off, 10);
	ck_assert_uint_eq(x[5].code, BPF_JMP | BPF_CALL);
	ck_assert_int_eq(x[5].imm, BPF_FUNC_skb_pull_data);
	ck_assert_int_eq(x[7].imm, TC_ACT_SHOT);
	ck_assert(!memcmp(&x[10], &(struct bpf_insn)LDX(BPF_W, SKB_OFF(mark)), sizeof(*x)));
	/* the jump back to 0 now lands on the prologue's first instruction */
	k = 11;
	ck_assert_uint_eq(x[k].code, BPF_JMP | BPF_JEQ | BPF_K);
	ck_assert_int_eq(k + 1 + x[k].off, 0);
	/* the records moved with the instructions */
	ck_assert_uint_eq(env->insn_aux_data[10].orig_idx, 0);
	ck_assert(env->insn_aux_data[3].seen);
	ck_assert_uint_eq(env->subprog_info[1].start, env->prog->len);
	env_free(env);

	/* no direct write: tc's prologue is empty, nothing moves */
	env = env_of(TC, insns, ARRAY_SIZE(insns));
	env->insn_aux_data[0].ptr_type = PTR_TO_CTX;
	ck_assert_int_eq(convert_ctx_accesses(env), 0);
	ck_assert_uint_eq(env->prog->len, 3);
	env_free(env);

	/* XDP writes packets too: its prologue is empty */
	env = env_of(XDP, insns + 2, 1);
	env->seen_direct_write = true;
	ck_assert_int_eq(convert_ctx_accesses(env), 0);
	ck_assert_uint_eq(env->prog->len, 1);
	env_free(env);
}
END_TEST

START_TEST(convert_ctx_accesses_checks)
{
	static const struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_H, BPF_REG_0, BPF_REG_1, SK_OFF(len)),
		BPF_STX_MEM(BPF_H, BPF_REG_1, BPF_REG_0, SK_OFF(mark)),
		BPF_EXIT_INSN(),
	};
	struct bpf_verifier_env *env;

	/* a type without a prologue whose program writes packets: misconfigured */
	env = env_of(SK, insns + 2, 1);
	env->seen_direct_write = true;
	ck_assert_int_eq(convert_ctx_accesses(env), -EINVAL);
	env_free(env);

	/* a narrow store: the walk never allows one; the pass says so */
	env = env_of(TC, insns, ARRAY_SIZE(insns));
	env->insn_aux_data[1].ptr_type = PTR_TO_CTX;
	env->insn_aux_data[1].ctx_field_size = 4;
	ck_assert_int_eq(convert_ctx_accesses(env), -EINVAL);
	env_free(env);

	/* a narrow load: the whole field and a mask; the store, not a
	 * context access, stays
	 */
	env = env_of(TC, insns, ARRAY_SIZE(insns));
	env->insn_aux_data[0].ptr_type = PTR_TO_CTX;
	env->insn_aux_data[0].ctx_field_size = 4;
	ck_assert_int_eq(convert_ctx_accesses(env), 0);
	ck_assert_uint_eq(env->prog->len, 4);
	ck_assert(!memcmp(&env->prog->insnsi[2], &insns[1], sizeof(insns[1])));
	env_free(env);

	/* a field size recorded where the rewrite reports no target size */
	env = env_of(TC, (struct bpf_insn[]){ LDX(BPF_W, SK_OFF(data)), BPF_EXIT_INSN() }, 2);
	env->insn_aux_data[0].ptr_type = PTR_TO_CTX;
	env->insn_aux_data[0].ctx_field_size = 4;
	ck_assert_int_eq(convert_ctx_accesses(env), -EINVAL);
	env_free(env);

	/* an offset no rewrite knows: misconfigured, not a crash */
	env = env_of(TC, (struct bpf_insn[]){ LDX(BPF_W, SK_OFF(family)), BPF_EXIT_INSN() }, 2);
	env->insn_aux_data[0].ptr_type = PTR_TO_CTX;
	ck_assert_int_eq(convert_ctx_accesses(env), -EINVAL);
	env_free(env);
}
END_TEST

START_TEST(convert_ctx_accesses_sanitize_stack)
{
	/* Spectre v4: the slot is zeroed before the store that overwrites it */
	static const struct bpf_insn insns[] = {
		BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
		BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_2, -8),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8),
		BPF_EXIT_INSN(),
	};
	struct bpf_verifier_env *env = env_of(SK, insns, ARRAY_SIZE(insns));
	const struct bpf_insn *x;

	env->insn_aux_data[1].sanitize_stack_off = -8;
	ck_assert_int_eq(convert_ctx_accesses(env), 0);
	x = env->prog->insnsi;
	ck_assert_uint_eq(env->prog->len, 5);
	ck_assert(!memcmp(&x[0], &insns[0], sizeof(*x)));
	ck_assert(!memcmp(&x[1], &(struct bpf_insn)BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
			  sizeof(*x)));
	ck_assert(!memcmp(&x[2], &insns[1], sizeof(*x)));
	env_free(env);
}
END_TEST

START_TEST(convert_ctx_accesses_is_linear)
{
	/*
	 * 30,000 context loads, each rewritten into three instructions: the
	 * one-pass patching takes milliseconds where patching one at a time
	 * would move the program's tail 30,000 times.
	 */
	enum { N = 30000 };
	struct bpf_insn *insns = malloc((N + 1) * sizeof(*insns));
	struct bpf_verifier_env *env;

	for (int i = 0; i < N; i++)
		insns[i] = LDX(BPF_W, SK_OFF(napi_id));
	insns[N] = BPF_EXIT_INSN();
	env = env_of(TC, insns, N + 1);
	for (int i = 0; i < N; i++)
		env->insn_aux_data[i].ptr_type = PTR_TO_CTX;
	ck_assert_int_eq(convert_ctx_accesses(env), 0);
	ck_assert_uint_eq(env->prog->len, 3 * N + 1);
	ck_assert_int_eq(env->prog->insnsi[3 * (N - 1) + 1].off, 1);	/* a JGE +1 */
	env_free(env);
	free(insns);
}
END_TEST

void add_ctx_access_tests(Suite *s)
{
	TCase *tc = tcase_create("bpf_convert_ctx_access");

	test_frame_init();
	tcase_add_loop_test(tc, bpf_convert_ctx_access_skb, 0, ARRAY_SIZE(ctx_reads));
	ADD(tc, bpf_convert_ctx_access_pkt_pointers);
	tcase_add_loop_test(tc, bpf_convert_ctx_access_store, 0, ARRAY_SIZE(ctx_stores));
	tcase_add_loop_test(tc, xdp_convert_ctx_access_fields, 0, ARRAY_SIZE(xdp_reads));
	ADD(tc, xdp_convert_ctx_access_pkt_pointers);
	suite_add_tcase(s, tc);

	tc = tcase_create("is_valid_access");
	tcase_add_loop_test(tc, is_valid_access_refused, 0, ARRAY_SIZE(ctx_refusals));
	ADD(tc, is_valid_access_reg_type);
	suite_add_tcase(s, tc);

	tc = tcase_create("convert_ctx_accesses");
	tcase_set_timeout(tc, 60);
	ADD(tc, convert_ctx_accesses_prologue);
	ADD(tc, convert_ctx_accesses_checks);
	ADD(tc, convert_ctx_accesses_sanitize_stack);
	ADD(tc, convert_ctx_accesses_is_linear);
	suite_add_tcase(s, tc);
}
