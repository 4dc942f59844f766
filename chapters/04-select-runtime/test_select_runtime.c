// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 04 tests, part 2: bpf_prog_select_func(), bpf_prog_select_runtime(),
 * bpf_prog_run64(), and BPF_PROG_TEST_RUN through sys_bpf(). Each test case
 * is named after the kernel function it checks:
 *   CK_RUN_CASE=bpf_prog_select_func make test
 */
#include <stdlib.h>
#include <string.h>

#include "linux/bpf_interp.h"
#include "linux/bpf_test_run.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "testutil.h"
#include "test_interp.h"
#include "article.h"

/* The article's program, `a = 0x231; return a + 0x456;` */
static const struct bpf_insn article[] = { ARTICLE_INSNS };

static struct bpf_prog *prog_with(const struct bpf_insn *insns, u32 len, u32 depth)
{
	struct bpf_prog *fp = bpf_prog_alloc(bpf_prog_size(len), 0);

	ck_assert_ptr_nonnull(fp);
	memcpy(fp->insnsi, insns, len * sizeof(*insns));
	fp->len = len;
	fp->aux->stack_depth = depth;
	return fp;
}

/* ---- bpf_prog_select_func ------------------------------------------- */

static const struct { u32 depth; int index; const char *name; } select_table[] = {
	{   0,  0, "__bpf_prog_run32" },	/* max(depth, 1): never index -1 */
	{   1,  0, "__bpf_prog_run32" },
	{   8,  0, "__bpf_prog_run32" },	/* the article's program */
	{  32,  0, "__bpf_prog_run32" },
	{  33,  1, "__bpf_prog_run64" },
	{  64,  1, "__bpf_prog_run64" },
	{  65,  2, "__bpf_prog_run96" },
	{ 480, 14, "__bpf_prog_run480" },
	{ 481, 15, "__bpf_prog_run512" },
	{ 512, 15, "__bpf_prog_run512" },
};

START_TEST(select_func_by_depth)
{
	struct bpf_prog *fp = prog_with(article, ARRAY_SIZE(article), select_table[_i].depth);
	const char *name;

	bpf_prog_select_func(fp);
	name = bpf_interpreter_name(fp->bpf_func);
	ck_assert_msg(bpf_interpreter_index(fp) == select_table[_i].index,
		      "stack depth %u: interpreters[%d], expected [%d]",
		      select_table[_i].depth, bpf_interpreter_index(fp),
		      select_table[_i].index);
	ck_assert_msg(name && !strcmp(name, select_table[_i].name),
		      "stack depth %u: %s, expected %s", select_table[_i].depth,
		      name ? name : "(none)", select_table[_i].name);
	/* Whatever the frame size, the program runs the same. */
	ck_assert_msg(BPF_PROG_RUN(fp, NULL) == 0x687, "depth %u: R0 = 0x%x",
		      select_table[_i].depth, BPF_PROG_RUN(fp, NULL));
	bpf_prog_free(fp);
}
END_TEST

START_TEST(select_func_too_deep)
{
	/* No interpreter has more than 512 bytes: the 6.x guard. */
	struct bpf_prog *fp = prog_with(article, ARRAY_SIZE(article), 513);

	unsigned int r0;
	char *log;

	bpf_prog_select_func(fp);
	ck_assert_msg(fp->bpf_func != NULL && bpf_interpreter_index(fp) == -1,
		      "depth 513 must not index past interpreters[15]");
	log_capture_begin(&printk_log);
	r0 = BPF_PROG_RUN(fp, NULL);
	log = log_capture_end(&printk_log);
	ck_assert_uint_eq(r0, 0);
	ck_assert_str_eq(log, "BPF: a program with no runtime was run\n");
	free(log);
	bpf_prog_free(fp);
}
END_TEST

START_TEST(select_func_stack_is_usable)
{
	/* The deepest slot of each frame: r10 - depth, for depth = 32 * k. */
	for (u32 depth = 32; depth <= MAX_BPF_STACK; depth += 32) {
		struct bpf_insn insns[] = {
			BPF_ST_MEM(BPF_DW, BPF_REG_10, -(s16)depth, 0x1234),
			BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -(s16)depth),
			BPF_EXIT_INSN(),
		};
		struct bpf_prog *fp = prog_with(insns, ARRAY_SIZE(insns), depth);

		bpf_prog_select_func(fp);
		ck_assert_msg(BPF_PROG_RUN(fp, NULL) == 0x1234, "depth %u", depth);
		bpf_prog_free(fp);
	}
}
END_TEST

/* ---- bpf_patch_call_args -------------------------------------------- */

START_TEST(patch_call_args_encoding)
{
	static const struct { u32 depth; int index; } cases[] = {
		{ 0, 0 }, { 32, 0 }, { 33, 1 }, { 512, 15 },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		struct bpf_insn insn = BPF_CALL_REL(-7);

		bpf_patch_call_args(&insn, cases[i].depth);
		ck_assert_msg(insn.code == (BPF_JMP | BPF_CALL_ARGS),
			      "depth %u: code 0x%02x", cases[i].depth, insn.code);
		ck_assert_msg(insn.off == -7, "depth %u: off %d, expected the call's imm -7",
			      cases[i].depth, insn.off);
		ck_assert_msg((unsigned long)__bpf_call_base + (long)insn.imm ==
			      (unsigned long)interpreters_args[cases[i].index],
			      "depth %u: imm does not lead to interpreters_args[%d]",
			      cases[i].depth, cases[i].index);
	}
}
END_TEST

/* ---- bpf_prog_select_runtime ---------------------------------------- */

START_TEST(select_runtime_interpreter)
{
	struct bpf_prog *fp = prog_with(article, ARRAY_SIZE(article), 8), *ret;
	int err = -1;

	ret = bpf_prog_select_runtime(fp, &err);
	ck_assert_int_eq(err, 0);
	ck_assert_msg(ret == fp, "the weak bpf_int_jit_compile() returns its argument");
	ck_assert_msg(!fp->jited, "no JIT linked: not jited");
	ck_assert_str_eq(bpf_interpreter_name(fp->bpf_func), "__bpf_prog_run32");
	ck_assert_uint_eq(BPF_PROG_RUN(fp, NULL), 0x687);
	bpf_prog_free(fp);
}
END_TEST

static unsigned int ret42(const void *ctx, const struct bpf_insn *insn)
{
	(void)ctx; (void)insn;
	return 42;
}

START_TEST(select_runtime_keeps_bpf_func)
{
	/* bpf_func already set (the verifier JITed subprograms): finalize only. */
	struct bpf_prog *fp = prog_with(article, ARRAY_SIZE(article), 8);
	int err = -1;

	fp->bpf_func = ret42;
	fp = bpf_prog_select_runtime(fp, &err);
	ck_assert_int_eq(err, 0);
	ck_assert_msg(fp->bpf_func == ret42, "bpf_func replaced");
	fp->bpf_func = NULL;
	bpf_prog_free(fp);
}
END_TEST

START_TEST(select_runtime_jit_always_on)
{
	/* CONFIG_BPF_JIT_ALWAYS_ON: no JIT is linked at this stage, so every
	 * program fails to load with -ENOTSUPP instead of being interpreted,
	 * and the failed load leaks nothing (valgrind checks).
	 */
	int fd;

	set_current_caps(CAP_ALL);
	bpf_jit_always_on = true;
	fd = load_prog(article, ARRAY_SIZE(article), 0, BPF_PROG_TYPE_SOCKET_FILTER);
	bpf_jit_always_on = false;
	ck_assert_msg(fd == -ENOTSUPP, "always on, no JIT: expected -ENOTSUPP, got %d (%s)",
		      fd, errno_name(fd));
	fd = load_prog(article, ARRAY_SIZE(article), 0, BPF_PROG_TYPE_SOCKET_FILTER);
	ck_assert_msg(fd >= 0, "knob off again: load gives %d (%s)", fd, errno_name(fd));
	close_fd(fd);
}
END_TEST

START_TEST(weak_placeholders)
{
	struct bpf_prog *fp = prog_with(article, ARRAY_SIZE(article), 8);

	ck_assert_ptr_eq(bpf_int_jit_compile(fp), fp);
	ck_assert_msg(!bpf_jit_needs_zext(), "x86-64 needs no explicit zext");
	ck_assert_int_eq(bpf_check_tail_call(fp), 0);
	bpf_prog_free(fp);
}
END_TEST

/* ---- bpf_prog_run64 -------------------------------------------------- */

START_TEST(prog_run64_full_r0)
{
	struct bpf_insn insns[] = {
		BPF_LD_IMM64(BPF_REG_0, 0x123456789abcdef0ULL),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog *fp = prog_with(insns, ARRAY_SIZE(insns), 0);

	bpf_prog_select_func(fp);
	ck_assert_msg(BPF_PROG_RUN(fp, NULL) == 0x9abcdef0u,
		      "BPF_PROG_RUN keeps the low 32 bits");
	ck_assert_msg(bpf_prog_run64(fp, NULL) == 0x123456789abcdef0ULL,
		      "bpf_prog_run64 = 0x%llx", (unsigned long long)bpf_prog_run64(fp, NULL));
	bpf_prog_free(fp);
}
END_TEST

START_TEST(prog_run64_len_in_r2)
{
	/* r0 = r2 * 2 + *(u8 *)r1 */
	struct bpf_insn insns[] = {
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_2),
		BPF_ALU64_IMM(BPF_LSH, BPF_REG_0, 1),
		BPF_LDX_MEM(BPF_B, BPF_REG_3, BPF_REG_1, 0),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_3),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog *fp = prog_with(insns, ARRAY_SIZE(insns), 0);
	u8 byte = 7;

	bpf_prog_select_func(fp);
	ck_assert_uint_eq(bpf_prog_run64_len(fp, &byte, 100), 207);
	bpf_prog_free(fp);
}
END_TEST

/* ---- BPF_PROG_TEST_RUN ----------------------------------------------- */

static int load(const struct bpf_insn *insns, u32 len, u32 flags, u32 type)
{
	int fd;

	set_current_caps(CAP_ALL);
	fd = load_prog(insns, len, flags, type);
	ck_assert_msg(fd >= 0, "BPF_PROG_LOAD: %d (%s)", fd, errno_name(fd));
	return fd;
}

START_TEST(test_run_article)
{
	/* Through the whole path: verified, interpreted, test-run. */
	u8 pkt[64] = { 0 };
	u32 retval = 0;
	int fd = load(article, ARRAY_SIZE(article), 0, BPF_PROG_TYPE_SOCKET_FILTER);
	struct bpf_prog *fp = bpf_prog_get(fd);

	ck_assert_msg(!IS_ERR(fp), "bpf_prog_get");
	ck_assert_str_eq(bpf_interpreter_name(fp->bpf_func), "__bpf_prog_run32");
	bpf_prog_put(fp);
	ck_assert_int_eq(test_run_fd(fd, pkt, sizeof(pkt), &retval), 0);
	ck_assert_uint_eq(retval, 0x687);
	ck_assert_uint_eq(bpf_test_run_last_r0(), 0x687);
	close_fd(fd);
}
END_TEST

/* r0 = r2 (the length) | *(u8 *)(r1 + 0) << 32; *(u8 *)r1 += 1 */
static const struct bpf_insn touch[] = {
	BPF_LDX_MEM(BPF_B, BPF_REG_3, BPF_REG_1, 0),
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_3),
	BPF_ALU64_IMM(BPF_LSH, BPF_REG_0, 32),
	BPF_ALU64_REG(BPF_OR, BPF_REG_0, BPF_REG_2),
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, 1),
	BPF_STX_MEM(BPF_B, BPF_REG_1, BPF_REG_3, 0),
	BPF_EXIT_INSN(),
};

START_TEST(test_run_data_out)
{
	u8 in[20] = { 0x41 }, out[20];
	union bpf_attr attr;
	int fd = load(touch, ARRAY_SIZE(touch), BPF_F_UNVERIFIED, BPF_PROG_TYPE_SOCKET_FILTER);
	int err;

	memset(out, 0xee, sizeof(out));
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = (u64)(unsigned long)in;
	attr.test.data_size_in = sizeof(in);
	attr.test.data_out = (u64)(unsigned long)out;
	attr.test.repeat = 3;		/* the packet is shared between runs */
	err = sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
	ck_assert_int_eq(err, 0);
	ck_assert_msg(bpf_test_run_last_r0() == (0x43ULL << 32 | 20),
		      "R0 of the third run = 0x%llx",
		      (unsigned long long)bpf_test_run_last_r0());
	ck_assert_uint_eq(attr.test.retval, 20);
	ck_assert_uint_eq(attr.test.data_size_out, 20);
	ck_assert_uint_eq(out[0], 0x44);
	ck_assert_uint_eq(in[0], 0x41);		/* the program had a copy */
	close_fd(fd);
}
END_TEST

START_TEST(test_run_enospc)
{
	u8 in[20] = { 0x10, 1, 2, 3, 4 }, out[8];
	union bpf_attr attr;
	int fd = load(touch, ARRAY_SIZE(touch), BPF_F_UNVERIFIED, BPF_PROG_TYPE_SOCKET_FILTER);

	memset(out, 0xee, sizeof(out));
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = (u64)(unsigned long)in;
	attr.test.data_size_in = sizeof(in);
	attr.test.data_out = (u64)(unsigned long)out;
	attr.test.data_size_out = 4;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -ENOSPC);
	ck_assert_msg(out[0] == 0x11 && out[3] == 3 && out[4] == 0xee,
		      "4 bytes copied, the 5th untouched");
	ck_assert_uint_eq(attr.test.data_size_out, 20);	/* the full size */
	ck_assert_uint_eq(attr.test.retval, 20);
	close_fd(fd);
}
END_TEST

START_TEST(test_run_errors)
{
	u8 in[4096] = { 0 };
	union bpf_attr attr;
	int fd = load(article, ARRAY_SIZE(article), 0, BPF_PROG_TYPE_SOCKET_FILTER);
	int kfd = load(article, ARRAY_SIZE(article), 0, BPF_PROG_TYPE_KPROBE);

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = (u64)(unsigned long)in;

	attr.test.data_size_in = 13;	/* shorter than an Ethernet header */
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EINVAL);
	attr.test.data_size_in = 4096 - 64 - 320 + 1;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EINVAL);
	attr.test.data_size_in = 4096 - 64 - 320;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
	attr.test.data_in = (u64)(unsigned long)BAD_UPTR;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EFAULT);
	attr.test.data_in = (u64)(unsigned long)in;
	attr.test.data_out = (u64)(unsigned long)BAD_UPTR;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EFAULT);
	attr.test.data_out = 0;

	attr.test.ctx_size_in = 8;	/* a size without a pointer */
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EINVAL);
	attr.test.ctx_size_in = 0;
	attr.test.ctx_out = (u64)(unsigned long)in;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EINVAL);
	attr.test.ctx_out = 0;

	attr.test.prog_fd = 9999;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EBADF);
	attr.test.prog_fd = kfd;	/* kprobe: no test_run */
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -ENOTSUPP);

	/* A byte past test.ctx_out: CHECK_ATTR. */
	attr.test.prog_fd = fd;
	((u8 *)&attr)[offsetofend(union bpf_attr, test.ctx_out)] = 1;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EINVAL);
	close_fd(fd);
	close_fd(kfd);
}
END_TEST

START_TEST(test_run_xdp)
{
	/* bench.h: r1 = xdp_md below 4 GiB, data at +64, r2 = block length. */
	struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, offsetof(struct xdp_md, data)),
		BPF_LDX_MEM(BPF_W, BPF_REG_4, BPF_REG_1, offsetof(struct xdp_md, data_end)),
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_4),
		BPF_ALU64_REG(BPF_SUB, BPF_REG_0, BPF_REG_3),		/* length */
		BPF_MOV64_REG(BPF_REG_5, BPF_REG_3),
		BPF_ALU64_REG(BPF_SUB, BPF_REG_5, BPF_REG_1),		/* data - ctx */
		BPF_ALU64_IMM(BPF_LSH, BPF_REG_5, 16),
		BPF_ALU64_REG(BPF_OR, BPF_REG_0, BPF_REG_5),
		BPF_ALU64_IMM(BPF_LSH, BPF_REG_2, 32),
		BPF_ALU64_REG(BPF_OR, BPF_REG_0, BPF_REG_2),		/* r2 << 32 */
		BPF_LDX_MEM(BPF_B, BPF_REG_5, BPF_REG_3, 0),
		BPF_ALU64_IMM(BPF_XOR, BPF_REG_5, 0xff),
		BPF_STX_MEM(BPF_B, BPF_REG_3, BPF_REG_5, 0),		/* data[0] ^= 0xff */
		BPF_EXIT_INSN(),
	};
	u8 in[100] = { 0x0f }, out[100];
	union bpf_attr attr;
	int fd = load(insns, ARRAY_SIZE(insns), BPF_F_UNVERIFIED, BPF_PROG_TYPE_XDP);

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = (u64)(unsigned long)in;
	attr.test.data_size_in = sizeof(in);
	attr.test.data_out = (u64)(unsigned long)out;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
	ck_assert_msg(bpf_test_run_last_r0() == ((164ULL << 32) | (64 << 16) | 100),
		      "XDP R0 = 0x%llx", (unsigned long long)bpf_test_run_last_r0());
	ck_assert_uint_eq(out[0], 0xf0);
	ck_assert_uint_eq(attr.test.data_size_out, 100);

	attr.test.data_size_in = 4096 - 256 - 320 + 1;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EMSGSIZE);
	close_fd(fd);
}
END_TEST

START_TEST(test_run_raw_tp)
{
	/* r0 = args[0] + args[2] */
	struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, 16),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_2),
		BPF_EXIT_INSN(),
	};
	u64 args[13] = { 40, 1000, 2 };
	union bpf_attr attr;
	int fd = load(insns, ARRAY_SIZE(insns), BPF_F_UNVERIFIED, BPF_PROG_TYPE_RAW_TRACEPOINT);

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.ctx_in = (u64)(unsigned long)args;
	attr.test.ctx_size_in = 3 * sizeof(u64);
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
	ck_assert_uint_eq(attr.test.retval, 42);

	attr.test.ctx_size_in = sizeof(args);		/* 13 args: too many */
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EINVAL);
	attr.test.ctx_size_in = 3 * sizeof(u64);
	attr.test.repeat = 2;				/* no repeat for raw_tp */
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), -EINVAL);
	close_fd(fd);
}
END_TEST

START_TEST(test_run_memsx_sign)
{
	/*
	 * A verified program the verifier once misjudged (it took an s8 load
	 * for an unsigned one and removed `r0 = 1` as dead): the byte is 0xff,
	 * so r9 = -1, the jump is not taken, r0 = 1, as the live kernel says.
	 */
	static const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_1, 0xff),
		BPF_STX_MEM(BPF_B, BPF_REG_10, BPF_REG_1, -8),
		BPF_LDX_MEMSX(BPF_B, BPF_REG_9, BPF_REG_10, -8),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_JMP_IMM(BPF_JLE, BPF_REG_9, 0x100, 1),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	u8 pkt[64] = { 0 };
	u32 retval = 0;
	int fd = load(insns, ARRAY_SIZE(insns), 0, BPF_PROG_TYPE_SOCKET_FILTER);

	ck_assert_int_eq(test_run_fd(fd, pkt, sizeof(pkt), &retval), 0);
	ck_assert_uint_eq(bpf_test_run_last_r0(), 1);
	close_fd(fd);
}
END_TEST

START_TEST(test_run_raw_tp_null_ctx)
{
	/*
	 * With no ctx_in, a raw tracepoint program runs with r1 = NULL (the
	 * kernel's bpf_prog_test_run_raw_tp(), 5.10+), allowed because it
	 * reads no argument (max_ctx_offset is 0). The verifier walked both
	 * sides of `if r1 != 0`, so the NULL side is a checked path.
	 */
	static const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_0, 7),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_1, 0, 1),
		BPF_MOV64_IMM(BPF_REG_0, 9),
		BPF_EXIT_INSN(),
	};
	u64 args[1] = { 0 };
	union bpf_attr attr;
	int fd = load(insns, ARRAY_SIZE(insns), 0, BPF_PROG_TYPE_RAW_TRACEPOINT);

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
	ck_assert_uint_eq(attr.test.retval, 9);
	attr.test.ctx_in = (u64)(unsigned long)args;
	attr.test.ctx_size_in = sizeof(args);
	ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
	ck_assert_uint_eq(attr.test.retval, 7);
	close_fd(fd);
}
END_TEST

START_TEST(test_run_repeat_zero_is_one)
{
	/* Each run bumps the packet's first byte; data_out shows how many ran. */
	static const u32 repeats[] = { 0, 1, 5 };

	for (unsigned int i = 0; i < ARRAY_SIZE(repeats); i++) {
		u8 in[16] = { 0 }, out[16];
		union bpf_attr attr;
		int fd = load(touch, ARRAY_SIZE(touch), BPF_F_UNVERIFIED,
			      BPF_PROG_TYPE_SOCKET_FILTER);

		memset(&attr, 0, sizeof(attr));
		attr.test.prog_fd = fd;
		attr.test.data_in = (u64)(unsigned long)in;
		attr.test.data_size_in = sizeof(in);
		attr.test.data_out = (u64)(unsigned long)out;
		attr.test.repeat = repeats[i];
		ck_assert_int_eq(sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
		ck_assert_msg(out[0] == (repeats[i] ? repeats[i] : 1),
			      "repeat %u ran %u times", repeats[i], out[0]);
		close_fd(fd);
	}
}
END_TEST

START_TEST(test_run_unverified_no_data)
{
	/* The conformance contract: no memory -> r1 = 0, r2 = 0. */
	struct bpf_insn insns[] = {
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),
		BPF_ALU64_REG(BPF_OR, BPF_REG_0, BPF_REG_2),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 9),
		BPF_EXIT_INSN(),
	};
	int fd = load(insns, ARRAY_SIZE(insns), BPF_F_UNVERIFIED, BPF_PROG_TYPE_SOCKET_FILTER);
	u32 retval = 0;

	ck_assert_int_eq(test_run_fd(fd, NULL, 0, &retval), 0);
	ck_assert_uint_eq(retval, 9);
	close_fd(fd);
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("04-select-runtime");
	TCase *tc;

	tc = tcase_create("bpf_prog_select_func");
	tcase_add_loop_test(tc, select_func_by_depth, 0, ARRAY_SIZE(select_table));
	ADD(tc, select_func_too_deep);
	ADD(tc, select_func_stack_is_usable);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_patch_call_args");
	ADD(tc, patch_call_args_encoding);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_prog_select_runtime");
	ADD(tc, select_runtime_interpreter);
	ADD(tc, select_runtime_keeps_bpf_func);
	ADD(tc, select_runtime_jit_always_on);
	ADD(tc, weak_placeholders);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_prog_run64");
	ADD(tc, prog_run64_full_r0);
	ADD(tc, prog_run64_len_in_r2);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_prog_test_run");
	ADD(tc, test_run_article);
	ADD(tc, test_run_data_out);
	ADD(tc, test_run_enospc);
	ADD(tc, test_run_errors);
	ADD(tc, test_run_xdp);
	ADD(tc, test_run_raw_tp);
	ADD(tc, test_run_raw_tp_null_ctx);
	ADD(tc, test_run_memsx_sign);
	ADD(tc, test_run_repeat_zero_is_one);
	ADD(tc, test_run_unverified_no_data);
	suite_add_tcase(s, tc);

	add_test_run_ctx_tests(s);
	add_interp_tests(s);
	add_conformance_tests(s);
	return s;
}
