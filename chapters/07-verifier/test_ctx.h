/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What chapter 07's tests of the program types share (test_ctx_access.c,
 * test_pkt_helpers.c, test_ld_abs.c, test_cg_skb.c): loading a program both
 * ways, through the interpreter and the JIT, test-running it, and a packet
 * to run it on.
 */
#ifndef _CH07_TEST_CTX_H
#define _CH07_TEST_CTX_H

#include "testutil.h"
#include "ctx.h"

/*
 * The test frame, 60 bytes: Ethernet to 02:00:00:00:00:01 (someone else),
 * IPv4 10.0.0.1 -> 10.0.0.2, UDP 12345 -> 53, "payload", every checksum
 * right (computed at start-up with test_csum16()).
 */
#define FRAME_LEN	60
#define FRAME_IP	14	/* offsets of the headers in the frame */
#define FRAME_UDP	34
extern u8 test_frame[FRAME_LEN];
void test_frame_init(void);

/* RFC 1071 over len bytes plus a seed, the slow way: the reference. */
u16 test_csum16(const u8 *p, int len, u32 seed);

/* The runtimes a program is loaded into: [0] interpreter, [1] JIT. */
#define RUNTIMES	2
extern const char *const runtime_name[RUNTIMES];

/*
 * Load insns as `type` with bpf_jit_enable = jit; the fd, or -errno with
 * the verifier's log in log (if given).
 */
int ctx_load(u32 type, const struct bpf_insn *insns, u32 len, bool jit,
	     char *log, size_t log_size);
/* The same, expected to load: asserts and returns the fd. */
int ctx_load_ok(u32 type, const struct bpf_insn *insns, u32 len, bool jit);

/*
 * Test-run fd on data (size bytes), with a __sk_buff in and out if ctx;
 * data_out into out if given. Returns the errno, R0 (64 bits) in *r0.
 */
int ctx_run(int fd, const void *data, u32 size, struct __sk_buff *ctx,
	    void *out, u32 out_size, u64 *r0);

/* What the verifier left of the program behind fd (its xlated form). */
const struct bpf_insn *ctx_xlated(int fd, u32 *len);

void add_ctx_access_tests(Suite *s);
void add_pkt_helper_tests(Suite *s);
void add_ld_abs_tests(Suite *s);
void add_cg_skb_tests(Suite *s);
void add_sock_addr_tests(Suite *s);
void add_flow_dissector_tests(Suite *s);

#endif /* _CH07_TEST_CTX_H */
