// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 09 tests: tail calls into optimised programs. A v5.8 tail call
 * enters its target 25 bytes in, on the caller's frame (chapter 08's
 * jit_tail_call.c); an optimised target has a frame of its own, and its
 * stub there takes the caller's down first (opt_frame.c:
 * opt_emit_tail_entry()). Every chain runs on the interpreter, the v5.8
 * JIT and the optimising JIT, and the three must agree; the JITed ones run
 * from a caller whose callee-saved registers are checked after the return.
 */
#include "test_opt.h"
#include "opt.h"

/*
 * Call a JITed image as the kernel does, from a frame whose callee-saved
 * registers (rbx, rbp, r12-r15) hold known values; *diff gets what differs
 * in them after the return (0: all intact). Assembly, so that nothing of
 * the compiler's sits in those registers.
 */
u64 opt_call_guarded(const void *ctx, const void *func, u64 *diff);
__asm__(".text\n"
	".globl opt_call_guarded\n"
	".type opt_call_guarded, @function\n"
	"opt_call_guarded:\n"
	"	push %rbp\n	push %rbx\n	push %r12\n	push %r13\n	push %r14\n	push %r15\n"
	"	push %rdx\n"			/* diff; rsp now 16-byte aligned */
	"	movabs $0x1111111111111111, %rbx\n"
	"	movabs $0x2222222222222222, %rbp\n"
	"	movabs $0x3333333333333333, %r12\n"
	"	movabs $0x4444444444444444, %r13\n"
	"	movabs $0x5555555555555555, %r14\n"
	"	movabs $0x6666666666666666, %r15\n"
	"	call *%rsi\n"
	"	movabs $0x1111111111111111, %rcx\n	xor %rbx, %rcx\n"
	"	movabs $0x2222222222222222, %rdx\n	xor %rbp, %rdx\n	or %rdx, %rcx\n"
	"	movabs $0x3333333333333333, %rdx\n	xor %r12, %rdx\n	or %rdx, %rcx\n"
	"	movabs $0x4444444444444444, %rdx\n	xor %r13, %rdx\n	or %rdx, %rcx\n"
	"	movabs $0x5555555555555555, %rdx\n	xor %r14, %rdx\n	or %rdx, %rcx\n"
	"	movabs $0x6666666666666666, %rdx\n	xor %r15, %rdx\n	or %rdx, %rcx\n"
	"	pop %rdx\n"
	"	mov %rcx, (%rdx)\n"
	"	pop %r15\n	pop %r14\n	pop %r13\n	pop %r12\n	pop %rbx\n	pop %rbp\n"
	"	ret\n"
	".size opt_call_guarded, .-opt_call_guarded\n");

static const char *const mode_name[] = { "interpreter", "v5.8 JIT", "optimising JIT" };

/* The whole load path, verified: mode 0 interpreter, 1 v5.8 JIT, 2 optimising. */
static int tc_load(const struct bpf_insn *insns, u32 len, int mode)
{
	static char log[16384];
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insn_cnt = len;
	attr.insns = (u64)(uintptr_t)insns;
	attr.license = (u64)(uintptr_t)"GPL";
	attr.log_level = 1;
	attr.log_buf = (u64)(uintptr_t)log;
	attr.log_size = sizeof(log);
	bpf_jit_enable = mode > 0;
	bpf_jit_opt = mode == 2 ? BPF_JIT_OPT_ALL : 0;
	fd = sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	bpf_jit_enable = 1;
	bpf_jit_opt = 0;
	ck_assert_msg(fd >= 0, "%s: load: %d\n%s", mode_name[mode], fd, log);
	return fd;
}

static struct bpf_prog *tc_prog(int fd)
{
	struct bpf_prog *prog = bpf_prog_get(fd);

	bpf_prog_put(prog);	/* the fd keeps its own reference */
	return prog;
}

static int tc_map(u32 type, u32 value_size, u32 max_entries)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = 4;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	fd = sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
	ck_assert_msg(fd >= 0, "map create: %d", fd);
	return fd;
}

static int tc_update(int map, u32 key, const void *value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map;
	attr.key = (u64)(uintptr_t)&key;
	attr.value = (u64)(uintptr_t)value;
	return sys_bpf(BPF_MAP_UPDATE_ELEM, &attr, sizeof(attr));
}

static u64 tc_lookup(int map, u32 key)
{
	union bpf_attr attr;
	u64 value = 0;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map;
	attr.key = (u64)(uintptr_t)&key;
	attr.value = (u64)(uintptr_t)&value;
	ck_assert_int_eq(sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr, sizeof(attr)), 0);
	return value;
}

static void tc_set_prog(int array, u32 key, int fd)
{
	int err = tc_update(array, key, &fd);

	ck_assert_msg(err == 0, "prog array update: %d", err);
}

static void tc_close(int fd)
{
	ck_assert_int_eq(close_fd(fd), 0);
}

/*
 * Run the program behind fd on a context it only hands on; for a JIT
 * image, from the guarded caller, which must find its registers intact.
 */
static u64 tc_run(int fd, int mode)
{
	static u8 ctx[CTX_SIZE];
	struct bpf_prog *prog = tc_prog(fd);
	u64 diff = 0, r0;

	if (!mode)
		return bpf_prog_run64(prog, ctx);
	ck_assert_msg(prog->jited, "%s: not JITed", mode_name[mode]);
	r0 = opt_call_guarded(ctx, (const void *)prog->bpf_func, &diff);
	ck_assert_msg(!diff, "%s: the caller's callee-saved registers changed (xor %#llx)",
		      mode_name[mode], (unsigned long long)diff);
	return r0;
}

/* tail_call(ctx, array, key), then r0 = ret: key a constant (direct) or not. */
#define TC_CALLER(array, key, direct, ret)					\
	BPF_MOV64_REG(R6, R1),							\
	BPF_ST_MEM(BPF_W, R10, -4, key),					\
	BPF_LDX_MEM(BPF_W, R3, R10, -4),					\
	(direct) ? BPF_MOV64_IMM(R3, key) : BPF_MOV64_REG(R3, R3),		\
	BPF_LD_MAP_FD(R2, array),						\
	BPF_MOV64_REG(R1, R6),							\
	BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_tail_call),		\
	BPF_MOV64_IMM(R0, ret),							\
	BPF_EXIT_INSN()

/*
 * The target: four values from an array map into R6-R9 (rbx, r13-r15),
 * two of them through the stack, and three exits chosen by the values.
 * The key on the stack for the lookup keeps a frame in the optimised code.
 */
static int load_target(int vals, int mode)
{
	const struct bpf_insn insns[] = {
		BPF_ST_MEM(BPF_W, R10, -4, 0),
		BPF_MOV64_REG(R2, R10),
		BPF_ALU64_IMM(BPF_ADD, R2, -4),
		BPF_LD_MAP_FD(R1, vals),
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		BPF_JMP_IMM(BPF_JNE, R0, 0, 2),
		BPF_MOV64_IMM(R0, 0x99),
		BPF_EXIT_INSN(),
		BPF_LDX_MEM(BPF_DW, R6, R0, 0),
		BPF_LDX_MEM(BPF_DW, R7, R0, 8),
		BPF_LDX_MEM(BPF_DW, R8, R0, 16),
		BPF_LDX_MEM(BPF_DW, R9, R0, 24),
		BPF_STX_MEM(BPF_DW, R10, R6, -16),
		BPF_STX_MEM(BPF_DW, R10, R9, -24),
		BPF_ALU64_IMM(BPF_MUL, R6, 3),
		BPF_ALU64_REG(BPF_XOR, R7, R8),
		BPF_ALU64_REG(BPF_ADD, R9, R6),
		BPF_LDX_MEM(BPF_DW, R1, R10, -16),
		/* exit 1: the first value above 100 */
		BPF_JMP_IMM(BPF_JLE, R1, 100, 3),
		BPF_MOV64_REG(R0, R9),
		BPF_ALU64_REG(BPF_SUB, R0, R7),
		BPF_EXIT_INSN(),
		/* exit 2: the second value's xor with the third even */
		BPF_JMP_IMM(BPF_JSET, R7, 1, 3),
		BPF_LDX_MEM(BPF_DW, R0, R10, -24),
		BPF_ALU64_REG(BPF_ADD, R0, R7),
		BPF_EXIT_INSN(),
		/* exit 3 */
		BPF_MOV64_REG(R0, R7),
		BPF_ALU64_REG(BPF_MUL, R0, R9),
		BPF_ALU64_REG(BPF_ADD, R0, R8),
		BPF_EXIT_INSN(),
	};

	return tc_load(insns, ARRAY_SIZE(insns), mode);
}

/* What load_target() returns for vals, computed here. */
static u64 target_result(const u64 *v)
{
	u64 r6 = v[0] * 3, r7 = v[1] ^ v[2], r9 = v[3] + r6;

	if (v[0] > 100)
		return r9 - r7;
	if (!(r7 & 1))
		return v[3] + r7;
	return r7 * r9 + v[2];
}

static const u64 target_vals[][4] = {
	{ 200, 7, 9, 0x123456789ull },		/* exit 1 */
	{ 5, 0x10, 0x30, 1000 },		/* exit 2 */
	{ 5, 0x10, 0x31, 1000 },		/* exit 3 */
};

static void set_vals(int vals, const u64 *v)
{
	ck_assert_int_eq(tc_update(vals, 0, v), 0);
}

/*
 * A prog array's image entered 25 bytes in: the optimised target has a
 * stub there once the array has it (bpf_jit_opt_tail_target()), and not
 * before; the rebuilt image is the old one behind the way in.
 */
static void set_prog_check_stub(int array, u32 key, int fd)
{
	static const u8 stub[] = { 0x5b, 0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x5b, 0xc9 };
	struct bpf_prog *prog = tc_prog(fd);
	const u32 len = prog->jited_len;
	const void *func = (const void *)prog->bpf_func;
	const u8 *img = (const u8 *)func;
	u8 tag[BPF_TAG_SIZE];

	memcpy(tag, prog->tag, sizeof(tag));
	ck_assert_uint_ne(img[0], 0xeb);
	ck_assert(prog->aux->tail_entry_lazy);
	tc_set_prog(array, key, fd);
	img = (const u8 *)prog->bpf_func;
	ck_assert_ptr_ne(img, func);
	ck_assert_uint_eq(img[0], 0xeb);
	ck_assert_uint_eq(img[1], OPT_TAIL_ENTRY_SIZE - 2);
	ck_assert_mem_eq(img + PROLOGUE_SIZE, stub, sizeof(stub));
	ck_assert_uint_eq(prog->jited_len, len + OPT_TAIL_ENTRY_SIZE);
	ck_assert_mem_eq(prog->tag, tag, sizeof(tag));
	ck_assert(!prog->aux->tail_entry_lazy);
	/* a second array, or the same slot again: nothing more to build */
	tc_set_prog(array, key, fd);
	ck_assert_ptr_eq((const u8 *)prog->bpf_func, img);
}

/*
 * entry -> target through a program array, the key constant (a direct
 * jump, patched) or not; the target optimised in mode 2, and, with the
 * caller from the v5.8 JIT, optimised alone. Every exit of the target.
 */
START_TEST(opt_tail_call_target)
{
	u64 want[ARRAY_SIZE(target_vals)];

	for (size_t k = 0; k < ARRAY_SIZE(target_vals); k++)
		want[k] = target_result(target_vals[k]);
	for (int direct = 0; direct < 2; direct++) {
		/* caller's mode, target's mode: the third row mixes the two JITs */
		static const int modes[][2] = { { 0, 0 }, { 1, 1 }, { 2, 2 }, { 1, 2 } };

		for (size_t m = 0; m < ARRAY_SIZE(modes); m++) {
			int array = tc_map(BPF_MAP_TYPE_PROG_ARRAY, 4, 2);
			int vals = tc_map(BPF_MAP_TYPE_ARRAY, 32, 1);
			const struct bpf_insn entry[] = { TC_CALLER(array, 1, direct, 0x77) };
			int e = tc_load(entry, ARRAY_SIZE(entry), modes[m][0]);
			int t = load_target(vals, modes[m][1]);

			/* a constant key: chapter 08's direct jump, patched to target + 25 */
			if (modes[m][0])
				ck_assert_uint_eq(tc_prog(e)->aux->size_poke_tab, direct);
			/* the empty slot: the call falls through */
			ck_assert_uint_eq(tc_run(e, modes[m][0]), 0x77);
			if (modes[m][1] == 2)
				set_prog_check_stub(array, 1, t);
			else
				tc_set_prog(array, 1, t);
			for (size_t k = 0; k < ARRAY_SIZE(target_vals); k++) {
				set_vals(vals, target_vals[k]);
				ck_assert_msg(tc_run(t, modes[m][1]) == want[k],
					      "target alone, %s, exit %zu", mode_name[modes[m][1]],
					      k + 1);
				u64 r0 = tc_run(e, modes[m][0]);

				ck_assert_msg(r0 == want[k],
					      "entry (%s) -> target (%s), %s, exit %zu: %#llx, want %#llx",
					      mode_name[modes[m][0]], mode_name[modes[m][1]],
					      direct ? "direct" : "indirect", k + 1,
					      (unsigned long long)r0, (unsigned long long)want[k]);
			}
			tc_close(e);
			tc_close(t);
			tc_close(vals);
			tc_close(array);
		}
	}
}
END_TEST

/* entry -> middle -> target: the middle keeps v5.8's frame (it tail-calls). */
START_TEST(opt_tail_call_chain3)
{
	for (int mode = 0; mode < 3; mode++) {
		int array = tc_map(BPF_MAP_TYPE_PROG_ARRAY, 4, 3);
		int vals = tc_map(BPF_MAP_TYPE_ARRAY, 32, 1);
		const struct bpf_insn entry[] = { TC_CALLER(array, 1, false, 0x11) };
		const struct bpf_insn middle[] = { TC_CALLER(array, 2, true, 0x22) };
		int e = tc_load(entry, ARRAY_SIZE(entry), mode);
		int mid = tc_load(middle, ARRAY_SIZE(middle), mode);
		int t = load_target(vals, mode);

		tc_set_prog(array, 1, mid);
		ck_assert_uint_eq(tc_run(e, mode), 0x22);	/* slot 2 empty */
		tc_set_prog(array, 2, t);
		for (size_t k = 0; k < ARRAY_SIZE(target_vals); k++) {
			set_vals(vals, target_vals[k]);
			ck_assert_msg(tc_run(e, mode) == target_result(target_vals[k]),
				      "%s: entry -> middle -> target, exit %zu", mode_name[mode],
				      k + 1);
			ck_assert_uint_eq(tc_run(mid, mode), target_result(target_vals[k]));
		}
		tc_close(e);
		tc_close(mid);
		tc_close(t);
		tc_close(vals);
		tc_close(array);
	}
}
END_TEST

/*
 * MAX_TAIL_CALL_CNT under the optimising JIT: a program that counts its
 * runs and tail-calls itself runs 1 + 33 times, and two that call each
 * other as many together, in every mode (the optimised ones keep v5.8's
 * frame and its counter: they have a tail call).
 */
START_TEST(opt_tail_call_limit)
{
	u64 runs[3][2];

	for (int mode = 0; mode < 3; mode++) {
		int array = tc_map(BPF_MAP_TYPE_PROG_ARRAY, 4, 2);
		int cnt = tc_map(BPF_MAP_TYPE_ARRAY, 8, 1);
		/* count, then tail_call(ctx, array, next); r0 = runs so far */
#define COUNTER(next)								\
		BPF_MOV64_REG(R6, R1),						\
		BPF_ST_MEM(BPF_W, R10, -4, 0),					\
		BPF_MOV64_REG(R2, R10),						\
		BPF_ALU64_IMM(BPF_ADD, R2, -4),					\
		BPF_LD_MAP_FD(R1, cnt),						\
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem), \
		BPF_JMP_IMM(BPF_JEQ, R0, 0, 9),	/* to the exit, r0 0 */					\
		BPF_LDX_MEM(BPF_DW, R7, R0, 0),					\
		BPF_ALU64_IMM(BPF_ADD, R7, 1),					\
		BPF_STX_MEM(BPF_DW, R0, R7, 0),					\
		BPF_MOV64_REG(R1, R6),						\
		BPF_LD_MAP_FD(R2, array),					\
		BPF_MOV64_IMM(R3, next),					\
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_tail_call),	\
		BPF_MOV64_REG(R0, R7),						\
		BPF_EXIT_INSN()
		const struct bpf_insn self[] = { COUNTER(0) };
		const struct bpf_insn pong[] = { COUNTER(1) };
		int p = tc_load(self, ARRAY_SIZE(self), mode);
		int q;
		u64 zero = 0, r0;

		if (mode == 2)
			ck_assert_uint_eq(((const u8 *)tc_prog(p)->bpf_func)[0], 0x0f); /* v5.8's NOP5 */
		tc_set_prog(array, 0, p);
		r0 = tc_run(p, mode);
		runs[mode][0] = tc_lookup(cnt, 0);
		ck_assert_msg(runs[mode][0] == 1 + MAX_TAIL_CALL_CNT + 1 && r0 == runs[mode][0],
			      "%s: itself: %llu runs, r0 %llu", mode_name[mode],
			      (unsigned long long)runs[mode][0], (unsigned long long)r0);
		/* two: q (slot 1) calls slot 0, p (slot 0) calls slot 1, and so on */
		ck_assert_int_eq(tc_update(cnt, 0, &zero), 0);
		q = p;
		p = tc_load(pong, ARRAY_SIZE(pong), mode);
		tc_set_prog(array, 0, p);
		tc_set_prog(array, 1, q);
		tc_run(q, mode);
		runs[mode][1] = tc_lookup(cnt, 0);
		ck_assert_msg(runs[mode][1] == 1 + MAX_TAIL_CALL_CNT + 1,
			      "%s: two programs: %llu runs", mode_name[mode],
			      (unsigned long long)runs[mode][1]);
#undef COUNTER
		tc_close(p);
		tc_close(q);
		tc_close(cnt);
		tc_close(array);
	}
	ck_assert_uint_eq(runs[2][0], runs[1][0]);
	ck_assert_uint_eq(runs[2][1], runs[0][1]);
}
END_TEST

void opt_tail_call_tests(Suite *s)
{
	TCase *tc = tcase_create("opt_tail_call");

	ADD(tc, opt_tail_call_target);
	ADD(tc, opt_tail_call_chain3);
	ADD(tc, opt_tail_call_limit);
	suite_add_tcase(s, tc);
}
