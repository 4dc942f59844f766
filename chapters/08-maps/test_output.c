// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 08 tests: what a program sends out and reads in. Ring buffer
 * records and perf event samples, taken the way user space takes them;
 * the probe reads, which must survive any address; the current task's
 * ids, name, cgroup and pid namespace; stack traces.
 */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests.h"
#include "linux/bpf_output.h"
#include "linux/bpf_interp.h"

/* A raw tracepoint program, run with ctx = args (BPF_PROG_TEST_RUN). */
static u64 run_raw_tp(int fd, u64 *args, u32 nargs)
{
	union bpf_attr attr;
	long err;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.ctx_in = (u64)(uintptr_t)args;
	attr.test.ctx_size_in = nargs * 8;
	err = sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
	ck_assert_msg(err == 0, "BPF_PROG_TEST_RUN: %ld", err);
	return bpf_test_run_last_r0();
}

struct samples {
	int n;
	u32 size[8];
	u8 data[8][64];
	int cpu[8];
};

static int collect(void *ctx, const void *data, u32 size, int cpu)
{
	struct samples *s = ctx;

	ck_assert_int_lt(s->n, 8);
	ck_assert_uint_le(size, 64);
	s->size[s->n] = size;
	s->cpu[s->n] = cpu;
	memcpy(s->data[s->n++], data, size);
	return 0;
}

static int count(void *ctx, const void *data, u32 size, int cpu)
{
	(void)ctx; (void)data; (void)size; (void)cpu;
	return 0;
}

static const struct load_opts raw_tp = { .prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT };

/* args[0] bytes through bpf_ringbuf_output(), args[1] through reserve and
 * submit, and one record reserved and discarded in between.
 */
START_TEST(ringbuf_records)
{
	int rb = create_map(BPF_MAP_TYPE_RINGBUF, 0, 0, 4096);
	struct bpf_map *map = __bpf_map_get(fget(rb));
	struct bpf_insn insns[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_6, 0),	/* args[0] */
		BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
		BPF_LD_MAP_FD(BPF_REG_1, rb),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),
		BPF_MOV64_IMM(BPF_REG_3, 8),
		BPF_MOV64_IMM(BPF_REG_4, 0),
		EMIT_CALL(ringbuf_output),
		BPF_MOV64_REG(BPF_REG_8, BPF_REG_0),
		/* reserved, then discarded: the consumer skips it */
		BPF_LD_MAP_FD(BPF_REG_1, rb),
		BPF_MOV64_IMM(BPF_REG_2, 16),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		EMIT_CALL(ringbuf_reserve),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 3),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
		BPF_MOV64_IMM(BPF_REG_2, 0),
		EMIT_CALL(ringbuf_discard),
		/* 12 bytes: args[1] and 4 more */
		BPF_LD_MAP_FD(BPF_REG_1, rb),
		BPF_MOV64_IMM(BPF_REG_2, 12),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		EMIT_CALL(ringbuf_reserve),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 6),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_6, 8),
		BPF_STX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),
		BPF_ST_MEM(BPF_W, BPF_REG_0, 8, 0x55667788),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
		BPF_MOV64_IMM(BPF_REG_2, 0),
		EMIT_CALL(ringbuf_submit),
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_8),
		BPF_EXIT_INSN(),
	};
	u64 args[2] = { 0x1111111111111111ull, 0x2222222222222222ull };
	struct samples s = { 0 };
	int fd;

	for (int interp = 0; interp < 2; interp++) {
		struct load_opts o = raw_tp;

		o.interp = interp;
		fd = load_prog(insns, ARRAY_SIZE(insns), &o);
		ck_assert_msg(fd >= 0, "%s", test_log);
		ck_assert_uint_eq(run_raw_tp(fd, args, 2), 0);
		memset(&s, 0, sizeof(s));
		ck_assert_int_eq(bpf_ringbuf_drain(map, collect, &s), 2);
		ck_assert_int_eq(s.n, 2);
		ck_assert_uint_eq(s.size[0], 8);
		ck_assert_mem_eq(s.data[0], &args[0], 8);
		ck_assert_uint_eq(s.size[1], 12);
		ck_assert_mem_eq(s.data[1], &args[1], 8);
		ck_assert_mem_eq(s.data[1] + 8, &(u32){ 0x55667788 }, 4);
		ck_assert_int_eq(s.cpu[0], -1);
		ck_assert_int_eq(bpf_ringbuf_drain(map, collect, &s), 0);	/* consumed */
		close_fd(fd);
	}

	/* fill the 4 KiB ring (the producer may not come within a byte of
	 * the consumer)
	 */
	fd = load_prog(insns, ARRAY_SIZE(insns), &raw_tp);
	/* each run takes 16 + 24 (discarded) + 24 bytes: 63 runs fit whole,
	 * the 64th and 65th only in part, the 66th finds it full
	 */
	for (int i = 0; i < 65; i++)
		ck_assert_uint_eq(run_raw_tp(fd, args, 2), 0);
	ck_assert_uint_eq(run_raw_tp(fd, args, 2), (u64)-EAGAIN);
	/* two records from each whole run, one from each partial one */
	ck_assert_int_eq(bpf_ringbuf_drain(map, count, NULL), 63 * 2 + 2);
	close_fd(fd);
	close_fd(rb);
}
END_TEST

START_TEST(perf_event_samples)
{
	int pa = create_map(BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, NR_CPUS);
	int ev[NR_CPUS];
	/* bpf_perf_event_output(ctx, map, flags = args[0], &args[1], 8) */
	struct bpf_insn insns[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_6, 0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_4, BPF_REG_6, 8),
		BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_4, -8),
		BPF_MOV64_REG(BPF_REG_4, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_4, -8),
		BPF_MOV64_IMM(BPF_REG_5, 8),
		BPF_LD_MAP_FD(BPF_REG_2, pa),
		EMIT_CALL(perf_event_output),
		BPF_EXIT_INSN(),
	};
	u64 args[2] = { BPF_F_CURRENT_CPU, 0xabcdef };
	struct samples s = { 0 };
	int fd;

	fd = load_prog(insns, ARRAY_SIZE(insns), &raw_tp);
	ck_assert_msg(fd >= 0, "%s", test_log);
	/* no event in the array yet */
	ck_assert_uint_eq(run_raw_tp(fd, args, 2), (u64)-ENOENT);
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		ev[cpu] = bpf_perf_event_open_output(cpu);
		ck_assert_int_ge(ev[cpu], 3);
		ck_assert_int_eq(map_update(pa, &cpu, &ev[cpu], BPF_ANY), 0);
	}
	ck_assert_uint_eq(run_raw_tp(fd, args, 2), 0);
	ck_assert_int_eq(bpf_perf_event_drain(ev[0], collect, &s), 1);
	ck_assert_int_eq(s.cpu[0], 0);
	ck_assert_mem_eq(s.data[0], &args[1], 8);
	ck_assert_int_eq(bpf_perf_event_drain(ev[1], collect, &s), 0);
	/* an index: another CPU's event, which this CPU may not write */
	args[0] = 1;
	ck_assert_uint_eq(run_raw_tp(fd, args, 2), (u64)-EOPNOTSUPP);
	args[0] = NR_CPUS;
	ck_assert_uint_eq(run_raw_tp(fd, args, 2), (u64)-E2BIG);
	args[0] = 1ull << 32;		/* flags beyond the index */
	ck_assert_uint_eq(run_raw_tp(fd, args, 2), (u64)-EINVAL);
	/* user space cannot read an event from the array */
	ck_assert_int_eq(map_lookup(pa, &(u32){ 0 }, &s.n), -ENOTSUPP);
	ck_assert_int_eq(map_update(pa, &(u32){ 0 }, &pa, BPF_ANY), -EINVAL);
	close_fd(fd);
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		close_fd(ev[cpu]);
	close_fd(pa);
}
END_TEST

/* bpf_probe_read_kernel(dst = fp - 16, 16, src = args[0]): r0, and the
 * bytes read, returned through args[1]'s pointer... here through a map.
 */
START_TEST(probe_read_survives)
{
	static const char text[] = "probe read text!";	/* 16 bytes + NUL */
	int out = create_map(BPF_MAP_TYPE_ARRAY, 4, 16, 1);
	struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_1, 0),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -16),
		BPF_MOV64_IMM(BPF_REG_2, 16),
		EMIT_CALL(probe_read_kernel),
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_0),
		BPF_LD_MAP_VALUE(BPF_REG_1, out, 0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_10, -16),
		BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_2, 0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_10, -8),
		BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_2, 8),
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_6),
		BPF_EXIT_INSN(),
	};
	char got[16];
	u64 args[1];
	int fd;

	fd = load_prog(insns, ARRAY_SIZE(insns), &raw_tp);
	ck_assert_msg(fd >= 0, "%s", test_log);
	args[0] = (u64)(uintptr_t)text;
	ck_assert_uint_eq(run_raw_tp(fd, args, 1), 0);
	ck_assert_int_eq(map_lookup(out, &(u32){ 0 }, got), 0);
	ck_assert_mem_eq(got, text, 16);
	/* unmapped: -EFAULT, and the destination zeroed; never a fault */
	args[0] = (u64)(uintptr_t)BAD_UPTR;
	ck_assert_uint_eq(run_raw_tp(fd, args, 1), (u64)-EFAULT);
	ck_assert_int_eq(map_lookup(out, &(u32){ 0 }, got), 0);
	ck_assert_mem_eq(got, (char[16]){ 0 }, 16);
	args[0] = 0xffff800000000000ull;	/* not even canonical */
	ck_assert_uint_eq(run_raw_tp(fd, args, 1), (u64)-EFAULT);
	close_fd(fd);

	/* the string form: the length with the NUL, cut at the buffer */
	insns[4] = EMIT_CALL(probe_read_user_str);
	fd = load_prog(insns, ARRAY_SIZE(insns), &raw_tp);
	ck_assert_msg(fd >= 0, "%s", test_log);
	args[0] = (u64)(uintptr_t)"short";
	ck_assert_uint_eq(run_raw_tp(fd, args, 1), 6);
	args[0] = (u64)(uintptr_t)text;
	ck_assert_uint_eq(run_raw_tp(fd, args, 1), 16);
	ck_assert_int_eq(map_lookup(out, &(u32){ 0 }, got), 0);
	ck_assert_mem_eq(got, "probe read text", 16);	/* NUL at [15] */
	args[0] = (u64)(uintptr_t)BAD_UPTR;
	ck_assert_uint_eq(run_raw_tp(fd, args, 1), (u64)-EFAULT);
	close_fd(fd);

	/* socket filters have no probe reads */
	insns[0] = BPF_MOV64_IMM(BPF_REG_3, 0);
	fd = load_prog(insns, ARRAY_SIZE(insns), NULL);
	ck_assert_int_eq(fd, -EINVAL);
	ck_assert_ptr_nonnull(strstr(test_log, "unknown func bpf_probe_read_user_str#114"));
	close_fd(out);
}
END_TEST

START_TEST(current_task)
{
	struct bpf_insn pid[] = {
		EMIT_CALL(get_current_pid_tgid),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn uid[] = {
		EMIT_CALL(get_current_uid_gid),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn comm[] = {
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -16),
		BPF_MOV64_IMM(BPF_REG_2, 16),
		EMIT_CALL(get_current_comm),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -16),
		BPF_EXIT_INSN(),
	};
	char name[16] = "", want[8];
	u64 r0;
	int fd;

	fd = load_prog(pid, ARRAY_SIZE(pid), &raw_tp);
	ck_assert_uint_eq(run_raw_tp(fd, NULL, 0), (u64)getpid() << 32 | (u32)gettid());
	close_fd(fd);
	fd = load_prog(uid, ARRAY_SIZE(uid), &raw_tp);
	ck_assert_uint_eq(run_raw_tp(fd, NULL, 0), (u64)getgid() << 32 | getuid());
	close_fd(fd);
	fd = load_prog(comm, ARRAY_SIZE(comm), &raw_tp);
	ck_assert_msg(fd >= 0, "%s", test_log);
	prctl(PR_GET_NAME, name);
	r0 = run_raw_tp(fd, NULL, 0);
	memcpy(want, name, sizeof(want));	/* the first 8 bytes, NULs included */
	ck_assert_mem_eq(&r0, want, 8);
	close_fd(fd);
}
END_TEST

/* The cgroup id is the cgroup directory's inode; the pid namespace's ids. */
START_TEST(current_task_ns)
{
	struct bpf_insn cgroup[] = {
		EMIT_CALL(get_current_cgroup_id),
		BPF_EXIT_INSN(),
	};
	/* get_ns_current_pid_tgid(args[0], args[1], fp - 8, 8): r0 << 32 | pid */
	struct bpf_insn ns[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, 8),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_1, 0),
		BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -8),
		BPF_MOV64_IMM(BPF_REG_4, 8),
		EMIT_CALL(get_ns_current_pid_tgid),
		BPF_ALU64_IMM(BPF_LSH, BPF_REG_0, 32),
		BPF_LDX_MEM(BPF_W, BPF_REG_1, BPF_REG_10, -4),	/* tgid */
		BPF_ALU64_REG(BPF_OR, BPF_REG_0, BPF_REG_1),
		BPF_EXIT_INSN(),
	};
	char line[4096] = "", path[4200];
	struct stat st;
	u64 args[2], want = 1;
	FILE *f;
	int fd;

	f = fopen("/proc/self/cgroup", "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "0::", 3)) {
			line[strcspn(line, "\n")] = 0;
			snprintf(path, sizeof(path), "/sys/fs/cgroup%s", line + 3);
			if (!stat(path, &st))
				want = st.st_ino;
		}
	if (f)
		fclose(f);
	fd = load_prog(cgroup, ARRAY_SIZE(cgroup), &raw_tp);
	ck_assert_msg(fd >= 0, "%s", test_log);
	ck_assert_uint_eq(run_raw_tp(fd, NULL, 0), want);
	close_fd(fd);

	ck_assert_int_eq(stat("/proc/self/ns/pid", &st), 0);
	fd = load_prog(ns, ARRAY_SIZE(ns), &raw_tp);
	ck_assert_msg(fd >= 0, "%s", test_log);
	args[0] = st.st_dev;
	args[1] = st.st_ino;
	ck_assert_uint_eq(run_raw_tp(fd, args, 2), (u32)getpid());
	args[1] = st.st_ino + 1;		/* another namespace: -EINVAL, zeroed */
	ck_assert_uint_eq(run_raw_tp(fd, args, 2), (u64)-EINVAL << 32);
	close_fd(fd);
}
END_TEST

/* Linux 5.15's bpf_get_attach_cookie(ctx): kprobe and tracepoint programs
 * have it, raw tracepoints not (6.1); the cookie is the run's.
 */
START_TEST(attach_cookie)
{
	struct bpf_insn insns[] = {
		EMIT_CALL(get_attach_cookie),
		BPF_EXIT_INSN(),
	};
	static const u32 types[] = { BPF_PROG_TYPE_KPROBE, BPF_PROG_TYPE_TRACEPOINT };
	u64 regs[21] = { 0 };

	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		for (int interp = 0; interp < 2; interp++) {
			struct load_opts o = { .prog_type = types[i], .interp = interp };
			int fd = load_prog(insns, ARRAY_SIZE(insns), &o);

			ck_assert_msg(fd >= 0, "%s", test_log);
			bpf_trace_run_cookie = 0x1234567890ull + i;
			ck_assert_uint_eq(bpf_prog_run64(prog_of(fd), regs), 0x1234567890ull + i);
			bpf_trace_run_cookie = 0;
			ck_assert_uint_eq(bpf_prog_run64(prog_of(fd), regs), 0);
			close_fd(fd);
		}
	ck_assert_int_eq(load_prog(insns, ARRAY_SIZE(insns), &raw_tp), -EINVAL);
	ck_assert_msg(strstr(test_log, "unknown func bpf_get_attach_cookie#174"), "%s", test_log);
	/* the argument is the context, nothing else */
	{
		struct bpf_insn bad[] = {
			BPF_MOV64_IMM(BPF_REG_1, 0),
			EMIT_CALL(get_attach_cookie),
			BPF_EXIT_INSN(),
		};
		struct load_opts o = { .prog_type = BPF_PROG_TYPE_KPROBE };

		ck_assert_int_eq(load_prog(bad, ARRAY_SIZE(bad), &o), -EACCES);
		ck_assert_msg(strstr(test_log, "R1 type=inv expected=ctx"), "%s", test_log);
	}
}
END_TEST

/*
 * get_stackid(ctx, map, flags) from one call site: the same stack, the
 * same id, and user space reads the stack back; the kernel's stack is
 * empty here (-EFAULT). The map takes nothing else.
 */
START_TEST(stack_trace_ids)
{
	int map = create_map(BPF_MAP_TYPE_STACK_TRACE, 4, 8 * 16, 64);
	int arr = create_map(BPF_MAP_TYPE_ARRAY, 4, 8, 1);
	struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_1, 0),	/* flags: args[0] */
		BPF_LD_MAP_FD(BPF_REG_2, map),
		EMIT_CALL(get_stackid),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn lookup[] = {
		KEY_ON_STACK(0),
		BPF_LD_MAP_FD(BPF_REG_1, map),
		EMIT_CALL(map_lookup_elem),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn array_id[] = {
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_LD_MAP_FD(BPF_REG_2, arr),
		EMIT_CALL(get_stackid),
		BPF_EXIT_INSN(),
	};
	u64 args[1], stack[16], id, id2;
	u32 key, next;
	int fd;

	ck_assert_int_ge(map, 0);
	ck_assert_int_eq(create_map(BPF_MAP_TYPE_STACK_TRACE, 8, 64, 4), -EINVAL);
	ck_assert_int_eq(create_map(BPF_MAP_TYPE_STACK_TRACE, 4, 12, 4), -EINVAL);
	ck_assert_int_eq(create_map(BPF_MAP_TYPE_STACK_TRACE, 4, 8 * 128, 4), -EINVAL);

	fd = load_prog(insns, ARRAY_SIZE(insns), &raw_tp);
	ck_assert_msg(fd >= 0, "%s", test_log);
	args[0] = 0;				/* the kernel's stack: none here */
	ck_assert_uint_eq(run_raw_tp(fd, args, 1), (u64)-EFAULT);
	args[0] = BPF_F_USER_STACK;
	id = run_raw_tp(fd, args, 1);
	ck_assert_msg((s64)id >= 0 && id < 64, "id %lld", (long long)id);
	id2 = run_raw_tp(fd, args, 1);
	ck_assert_uint_eq(id2, id);
	args[0] = BPF_F_USER_STACK | 1ull << 12;	/* an unknown flag */
	ck_assert_uint_eq(run_raw_tp(fd, args, 1), (u64)-EINVAL);
	close_fd(fd);

	key = id;
	ck_assert_int_eq(map_lookup(map, &key, stack), 0);
	ck_assert_msg(stack[0] != 0, "an empty stack for id %u", key);
	ck_assert_int_eq(map_next_key(map, NULL, &next), 0);
	ck_assert_uint_eq(next, key);
	ck_assert_int_eq(map_next_key(map, &key, &next), -ENOENT);
	ck_assert_int_eq(map_update(map, &key, stack, 0), -EINVAL);
	ck_assert_int_eq(map_delete(map, &key), 0);
	ck_assert_int_eq(map_lookup(map, &key, stack), -ENOENT);

	/* a stack map only for get_stackid, get_stackid only for it */
	ck_assert_int_eq(load_prog(lookup, ARRAY_SIZE(lookup), &raw_tp), -EINVAL);
	ck_assert_ptr_nonnull(strstr(test_log,
				     "cannot pass map_type 7 into func bpf_map_lookup_elem#1"));
	ck_assert_int_eq(load_prog(array_id, ARRAY_SIZE(array_id), &raw_tp), -EINVAL);
	ck_assert_ptr_nonnull(strstr(test_log, "cannot pass map_type 2 into func "
				     "bpf_get_stackid#27"));
	close_fd(arr);
	close_fd(map);
}
END_TEST

void add_output_tests(Suite *s)
{
	TCase *tc = tcase_create("output");

	tcase_add_test(tc, ringbuf_records);
	tcase_add_test(tc, perf_event_samples);
	tcase_add_test(tc, probe_read_survives);
	tcase_add_test(tc, current_task);
	tcase_add_test(tc, current_task_ns);
	tcase_add_test(tc, stack_trace_ids);
	tcase_add_test(tc, attach_cookie);
	suite_add_tcase(s, tc);
}
