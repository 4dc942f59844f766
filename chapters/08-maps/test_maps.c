// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 08 tests: the map commands of sys_bpf(), as user space calls
 * them: map_create()'s checks with the kernel's error codes, each map
 * type's element semantics, ids, fds and their access modes, freezing,
 * and how long a map lives.
 *
 *   CK_RUN_CASE=map_create make test-08
 */
#include "tests.h"
#include "linux/idr.h"
#include "linux/uaccess.h"

struct create_case {
	const char *descr;
	u32 type, key_size, value_size, max_entries, flags;
	u64 caps;		/* 0: every capability */
	int err;		/* 0: created */
};

#define CAPBPF	CAP_TO_MASK(CAP_BPF)

/* v5.8's answers; where Linux 6.18 answers differently, it says so. */
static const struct create_case create_cases[] = {
	{ "array", BPF_MAP_TYPE_ARRAY, 4, 4, 1, 0, 0, 0 },
	{ "array: key not 4 bytes", BPF_MAP_TYPE_ARRAY, 8, 4, 1, 0, 0, -EINVAL },
	{ "array: value_size 0", BPF_MAP_TYPE_ARRAY, 4, 0, 1, 0, 0, -EINVAL },
	{ "array: max_entries 0", BPF_MAP_TYPE_ARRAY, 4, 4, 0, 0, 0, -EINVAL },
	{ "array: no prealloc", BPF_MAP_TYPE_ARRAY, 4, 4, 1, BPF_F_NO_PREALLOC, 0, -EINVAL },
	/* 6.18 accepts this one (the KMALLOC_MAX_SIZE limit went in 5.11) */
	{ "array: value over 4 MiB", BPF_MAP_TYPE_ARRAY, 4, (1 << 22) + 1, 1, 0, 0, -E2BIG },
	{ "array: too big to count", BPF_MAP_TYPE_ARRAY, 4, 1 << 20, 1 << 12, 0, 0, -E2BIG },
	{ "array: rdonly and wronly", BPF_MAP_TYPE_ARRAY, 4, 4, 1, BPF_F_RDONLY | BPF_F_WRONLY, 0, -EINVAL },
	{ "array: rdonly and wronly for programs", BPF_MAP_TYPE_ARRAY, 4, 4, 1,
	  BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG, 0, -EINVAL },
	{ "array: numa node 1", BPF_MAP_TYPE_ARRAY, 4, 4, 1, BPF_F_NUMA_NODE, 0, 0 },
	{ "percpu array: mmapable", BPF_MAP_TYPE_PERCPU_ARRAY, 4, 4, 1, BPF_F_MMAPABLE, 0, -EINVAL },
	{ "percpu array: numa node", BPF_MAP_TYPE_PERCPU_ARRAY, 4, 4, 1, BPF_F_NUMA_NODE, 0, -EINVAL },
	{ "unknown type 99", 99, 4, 4, 1, 0, 0, -EINVAL },
	{ "queue: not built", BPF_MAP_TYPE_QUEUE, 0, 4, 1, 0, 0, -EINVAL },
	{ "hash", BPF_MAP_TYPE_HASH, 4, 4, 1, 0, 0, 0 },
	{ "hash: key_size 0", BPF_MAP_TYPE_HASH, 0, 4, 1, 0, 0, -EINVAL },
	{ "hash: value_size 0", BPF_MAP_TYPE_HASH, 4, 0, 1, 0, 0, -EINVAL },
	{ "hash: max_entries 0", BPF_MAP_TYPE_HASH, 4, 4, 0, 0, 0, -EINVAL },
	/* 6.18 accepts this one */
	{ "hash: key larger than the stack", BPF_MAP_TYPE_HASH, 513, 4, 1, 0, 0, -E2BIG },
	{ "hash: no common LRU", BPF_MAP_TYPE_HASH, 4, 4, 1, BPF_F_NO_COMMON_LRU, 0, -EINVAL },
	{ "hash: zero seed, CAP_BPF only", BPF_MAP_TYPE_HASH, 4, 4, 1, BPF_F_ZERO_SEED, CAPBPF, -EPERM },
	{ "lru hash: not preallocated", BPF_MAP_TYPE_LRU_HASH, 4, 4, 1, BPF_F_NO_PREALLOC, 0, -ENOTSUPP },
	{ "lru hash: no capability", BPF_MAP_TYPE_LRU_HASH, 4, 4, 1, 0, CAP_TO_MASK(62), -EPERM },
	{ "percpu lru hash", BPF_MAP_TYPE_LRU_PERCPU_HASH, 4, 4, 2, BPF_F_NO_COMMON_LRU, 0, 0 },
	{ "prog array: value not an fd", BPF_MAP_TYPE_PROG_ARRAY, 4, 8, 1, 0, 0, -EINVAL },
	{ "prog array: read-only for programs", BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 1,
	  BPF_F_RDONLY_PROG, 0, -EINVAL },
	{ "ringbuf", BPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0, 0, 0 },
	{ "ringbuf: not whole pages", BPF_MAP_TYPE_RINGBUF, 0, 0, 4095, 0, 0, -EINVAL },
	{ "ringbuf: not a power of 2", BPF_MAP_TYPE_RINGBUF, 0, 0, 12288, 0, 0, -EINVAL },
	{ "ringbuf: has a key", BPF_MAP_TYPE_RINGBUF, 4, 0, 4096, 0, 0, -EINVAL },
	{ "perf event array", BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, NR_CPUS, 0, 0, 0 },
};

START_TEST(map_create_checks)
{
	for (size_t i = 0; i < ARRAY_SIZE(create_cases); i++) {
		const struct create_case *c = &create_cases[i];
		union bpf_attr attr;
		int fd;

		memset(&attr, 0, sizeof(attr));
		attr.map_type = c->type;
		attr.key_size = c->key_size;
		attr.value_size = c->value_size;
		attr.max_entries = c->max_entries;
		attr.map_flags = c->flags;
		set_current_caps(c->caps ? c->caps : CAP_ALL);
		fd = (int)sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
		set_current_caps(CAP_ALL);
		if (c->err)
			ck_assert_msg(fd == c->err, "%s: expected %s, got %d (%s)", c->descr,
				      errno_name(c->err), fd, errno_name(fd));
		else
			ck_assert_msg(fd >= 3, "%s: expected an fd, got %d (%s)", c->descr,
				      fd, errno_name(fd));
		if (fd >= 0)
			close_fd(fd);
	}
}
END_TEST

/* What map_create() checks before any map type sees the attr. */
START_TEST(map_create_attr)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;

	/* a byte past the command's last field */
	((char *)&attr)[offsetofend(union bpf_attr, btf_vmlinux_value_type_id)] = 1;
	ck_assert_int_eq(sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr)), -EINVAL);
	((char *)&attr)[offsetofend(union bpf_attr, btf_vmlinux_value_type_id)] = 0;

	strcpy(attr.map_name, "a-b");
	ck_assert_int_eq(sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr)), -EINVAL);
	memset(attr.map_name, 'x', sizeof(attr.map_name));	/* no NUL */
	ck_assert_int_eq(sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr)), -EINVAL);
	memset(attr.map_name, 0, sizeof(attr.map_name));

	attr.btf_key_type_id = 1;			/* a key type, no value type */
	ck_assert_int_eq(sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr)), -EINVAL);
	attr.btf_value_type_id = 2;			/* no BTF object can exist */
	ck_assert_int_eq(sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr)), -EBADF);
	attr.btf_key_type_id = attr.btf_value_type_id = 0;

	attr.map_ifindex = 1;				/* offload: no such device */
	ck_assert_int_eq(sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr)), -EINVAL);
}
END_TEST

START_TEST(array_map_elements)
{
	int fd = create_map(BPF_MAP_TYPE_ARRAY, 4, 8, 4);
	u64 v = 7, got = 0;
	u32 k, next;

	ck_assert_int_ge(fd, 3);
	/* every element exists from the start, zeroed */
	k = 3;
	ck_assert_int_eq(map_lookup(fd, &k, &got), 0);
	ck_assert_uint_eq(got, 0);
	ck_assert_int_eq(map_update(fd, &k, &v, BPF_ANY), 0);
	ck_assert_int_eq(map_lookup(fd, &k, &got), 0);
	ck_assert_uint_eq(got, 7);
	ck_assert_int_eq(map_update(fd, &k, &v, BPF_EXIST), 0);
	/* what the live kernel answers too (6.18) */
	ck_assert_int_eq(map_update(fd, &k, &v, BPF_NOEXIST), -EEXIST);
	ck_assert_int_eq(map_update(fd, &k, &v, 3), -EINVAL);
	ck_assert_int_eq(map_update(fd, &k, &v, BPF_F_LOCK), -EINVAL);
	ck_assert_int_eq(map_delete(fd, &k), -EINVAL);
	k = 4;
	ck_assert_int_eq(map_update(fd, &k, &v, BPF_ANY), -E2BIG);
	ck_assert_int_eq(map_lookup(fd, &k, &got), -ENOENT);

	/* the walk: 0, 1, 2, 3; a key out of range starts it again */
	ck_assert_int_eq(map_next_key(fd, NULL, &next), 0);
	ck_assert_uint_eq(next, 0);
	k = 2;
	ck_assert_int_eq(map_next_key(fd, &k, &next), 0);
	ck_assert_uint_eq(next, 3);
	k = 3;
	ck_assert_int_eq(map_next_key(fd, &k, &next), -ENOENT);
	k = 7;
	ck_assert_int_eq(map_next_key(fd, &k, &next), 0);
	ck_assert_uint_eq(next, 0);

	/* bad user pointers: -EFAULT, never a crash */
	ck_assert_int_eq(map_lookup(fd, BAD_UPTR, &got), -EFAULT);
	k = 0;
	ck_assert_int_eq(map_lookup(fd, &k, BAD_UPTR), -EFAULT);
	ck_assert_int_eq(map_update(fd, &k, BAD_UPTR, 0), -EFAULT);
	close_fd(fd);
}
END_TEST

/*
 * With BPF_F_ZERO_SEED the walk's order is the hash's: the live kernel
 * (6.18, the same jhash and bucket lists) walks keys 0..9 of a 16-entry
 * table in this order.
 */
START_TEST(htab_map_elements)
{
	static const u32 kernel_order[] = { 4, 5, 0, 7, 2, 1, 8, 9, 6, 3 };
	int fd = create_map_flags(BPF_MAP_TYPE_HASH, 4, 4, 16, BPF_F_ZERO_SEED);
	u32 k, v, cur, next, n = 0;

	ck_assert_int_ge(fd, 3);
	for (k = 0; k < 10; k++) {
		v = k * 10;
		ck_assert_int_eq(map_update(fd, &k, &v, BPF_NOEXIST), 0);
	}
	ck_assert_int_eq(map_next_key(fd, NULL, &next), 0);
	do {
		ck_assert_msg(n < 10 && next == kernel_order[n],
			      "key %u of the walk: %u, the kernel's is %u", n, next,
			      n < 10 ? kernel_order[n] : 0);
		n++;
		cur = next;
	} while (!map_next_key(fd, &cur, &next));
	ck_assert_uint_eq(n, 10);

	k = 3;
	ck_assert_int_eq(map_update(fd, &k, &v, BPF_NOEXIST), -EEXIST);
	k = 33;
	ck_assert_int_eq(map_update(fd, &k, &v, BPF_EXIST), -ENOENT);
	ck_assert_int_eq(map_delete(fd, &k), -ENOENT);
	ck_assert_int_eq(map_lookup(fd, &k, &v), -ENOENT);
	for (k = 10; k < 16; k++)
		ck_assert_int_eq(map_update(fd, &k, &v, BPF_ANY), 0);
	k = 16;
	ck_assert_int_eq(map_update(fd, &k, &v, BPF_ANY), -E2BIG);	/* full */
	k = 3;
	v = 333;
	ck_assert_int_eq(map_update(fd, &k, &v, BPF_ANY), 0);	/* replacing is fine */
	ck_assert_int_eq(map_lookup(fd, &k, &v), 0);
	ck_assert_uint_eq(v, 333);
	ck_assert_int_eq(map_delete(fd, &k), 0);
	k = 16;
	ck_assert_int_eq(map_update(fd, &k, &v, BPF_ANY), 0);	/* room again */
	close_fd(fd);
}
END_TEST

/* A random walk against a model: inserts, replaces, deletes, a full table. */
START_TEST(htab_map_model)
{
	enum { N = 64, MAX = 40 };
	int fd = create_map(BPF_MAP_TYPE_HASH, 4, 8, MAX);
	u64 model[N], v;
	bool present[N] = { false };
	u32 count = 0, k;

	srandom(0x0808);
	for (unsigned int round = 0; round < test_rounds(20000); round++) {
		int op = random() % 3, err;

		k = random() % N;
		v = ((u64)random() << 32) | random();
		if (op == 0) {
			err = map_update(fd, &k, &v, BPF_ANY);
			if (!present[k] && count == MAX) {
				ck_assert_int_eq(err, -E2BIG);
				continue;
			}
			ck_assert_int_eq(err, 0);
			count += !present[k];
			present[k] = true;
			model[k] = v;
		} else if (op == 1) {
			err = map_delete(fd, &k);
			ck_assert_int_eq(err, present[k] ? 0 : -ENOENT);
			count -= present[k];
			present[k] = false;
		} else {
			err = map_lookup(fd, &k, &v);
			ck_assert_int_eq(err, present[k] ? 0 : -ENOENT);
			if (present[k])
				ck_assert_uint_eq(v, model[k]);
		}
	}
	close_fd(fd);
}
END_TEST

/* A per-CPU value, through the syscall: NR_CPUS copies of 8-byte-rounded size. */
START_TEST(percpu_map_elements)
{
	u32 types[] = { BPF_MAP_TYPE_PERCPU_ARRAY, BPF_MAP_TYPE_PERCPU_HASH };

	for (size_t t = 0; t < ARRAY_SIZE(types); t++) {
		int fd = create_map(types[t], 4, 4, 2);
		u64 in[NR_CPUS], out[NR_CPUS];
		u32 k = 1;

		ck_assert_int_ge(fd, 3);
		for (int cpu = 0; cpu < NR_CPUS; cpu++)
			in[cpu] = 0x100 + cpu;
		ck_assert_int_eq(map_update(fd, &k, in, BPF_ANY), 0);
		memset(out, 0xff, sizeof(out));
		ck_assert_int_eq(map_lookup(fd, &k, out), 0);
		ck_assert_mem_eq(in, out, sizeof(in));
		ck_assert_int_eq(map_update(fd, &k, in, 4), -EINVAL);
		close_fd(fd);
	}
}
END_TEST

/* Full: the oldest element without its reference bit goes. */
START_TEST(lru_map_evicts)
{
	int fd = create_map(BPF_MAP_TYPE_LRU_HASH, 4, 4, 4);
	u32 k, v = 1, n = 0, cur, next;

	ck_assert_int_ge(fd, 3);
	for (k = 0; k < 6; k++)
		ck_assert_int_eq(map_update(fd, &k, &v, BPF_ANY), 0);
	for (int err = map_next_key(fd, NULL, &next); !err; err = map_next_key(fd, &cur, &next)) {
		ck_assert_msg(next >= 2, "key %u should have been evicted", next);
		cur = next;
		n++;
	}
	ck_assert_uint_eq(n, 4);
	close_fd(fd);
}
END_TEST

START_TEST(map_freeze_once)
{
	int fd = create_map(BPF_MAP_TYPE_ARRAY, 4, 4, 1);
	union bpf_attr attr;
	u32 k = 0, v = 5;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	set_current_caps(CAP_NONE);
	ck_assert_int_eq(sys_bpf(BPF_MAP_FREEZE, &attr, sizeof(attr)), -EPERM);
	set_current_caps(CAP_ALL);
	ck_assert_int_eq(map_update(fd, &k, &v, 0), 0);
	ck_assert_int_eq(sys_bpf(BPF_MAP_FREEZE, &attr, sizeof(attr)), 0);
	/* v5.8: -EBUSY; since 5.12 the kernel checks write access first: -EPERM */
	ck_assert_int_eq(sys_bpf(BPF_MAP_FREEZE, &attr, sizeof(attr)), -EBUSY);
	ck_assert_int_eq(map_update(fd, &k, &v, 0), -EPERM);
	v = 0;
	ck_assert_int_eq(map_lookup(fd, &k, &v), 0);
	ck_assert_uint_eq(v, 5);
	attr.map_fd = 999;
	ck_assert_int_eq(sys_bpf(BPF_MAP_FREEZE, &attr, sizeof(attr)), -EBADF);
	close_fd(fd);
}
END_TEST

static int get_fd_by_id(u32 id, u32 open_flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_id = id;
	attr.open_flags = open_flags;
	return (int)sys_bpf(BPF_MAP_GET_FD_BY_ID, &attr, sizeof(attr));
}

static int map_info(int fd, struct bpf_map_info *info, u32 *len)
{
	union bpf_attr attr;
	int err;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = *len;
	attr.info.info = (u64)(uintptr_t)info;
	err = (int)sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr));
	*len = attr.info.info_len;
	return err;
}

START_TEST(map_ids_and_fds)
{
	union bpf_attr attr;
	struct bpf_map_info info;
	u32 k = 0, v = 9, len = sizeof(info), seen = 0;
	int fd, rd, wr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 2;
	attr.map_flags = BPF_F_RDONLY_PROG;
	strcpy(attr.map_name, "ids.map_1");
	fd = (int)sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
	ck_assert_int_ge(fd, 3);

	memset(&info, 0, sizeof(info));
	ck_assert_int_eq(map_info(fd, &info, &len), 0);
	ck_assert_uint_eq(len, sizeof(info));
	ck_assert_uint_eq(info.type, BPF_MAP_TYPE_ARRAY);
	ck_assert_uint_eq(info.key_size, 4);
	ck_assert_uint_eq(info.value_size, 4);
	ck_assert_uint_eq(info.max_entries, 2);
	ck_assert_uint_eq(info.map_flags, BPF_F_RDONLY_PROG);
	ck_assert_str_eq(info.name, "ids.map_1");
	ck_assert_uint_ge(info.id, 1);
	len = 8;	/* an older, shorter struct: only its part is written */
	ck_assert_int_eq(map_info(fd, &info, &len), 0);
	ck_assert_uint_eq(len, 8);

	/* the walk over ids finds it */
	memset(&attr, 0, sizeof(attr));
	while (!sys_bpf(BPF_MAP_GET_NEXT_ID, &attr, sizeof(attr))) {
		seen |= attr.next_id == info.id;
		attr.start_id = attr.next_id;
	}
	ck_assert(seen);

	/* fds by id, with their access modes */
	rd = get_fd_by_id(info.id, BPF_F_RDONLY);
	wr = get_fd_by_id(info.id, BPF_F_WRONLY);
	ck_assert_int_ge(rd, 3);
	ck_assert_int_ge(wr, 3);
	ck_assert_int_eq(map_update(rd, &k, &v, 0), -EPERM);
	ck_assert_int_eq(map_lookup(rd, &k, &v), 0);
	ck_assert_int_eq(map_update(wr, &k, &v, 0), 0);
	ck_assert_int_eq(map_lookup(wr, &k, &v), -EPERM);
	ck_assert_int_eq(map_next_key(wr, NULL, &k), -EPERM);
	ck_assert_int_eq(get_fd_by_id(info.id, BPF_F_RDONLY | BPF_F_WRONLY), -EINVAL);
	ck_assert_int_eq(get_fd_by_id(info.id, BPF_F_RDONLY_PROG), -EINVAL);
	ck_assert_int_eq(get_fd_by_id(0x7fffff00, 0), -ENOENT);
	set_current_caps(CAP_TO_MASK(CAP_BPF));
	ck_assert_int_eq(get_fd_by_id(info.id, 0), -EPERM);
	set_current_caps(CAP_ALL);

	/* the map lives while an fd does */
	close_fd(fd);
	close_fd(rd);
	ck_assert_ptr_nonnull(idr_find(&map_idr, info.id));
	close_fd(wr);
	ck_assert_ptr_null(idr_find(&map_idr, info.id));

	/* not a map */
	ck_assert_int_eq(map_lookup(0, &k, &v), -EBADF);
	ck_assert_int_eq(map_info(999, &info, &len), -EBADFD);
}
END_TEST

/* A program holds the maps it names: they outlive their fds. */
START_TEST(map_held_by_program)
{
	int map = create_map(BPF_MAP_TYPE_ARRAY, 4, 8, 1);
	struct bpf_insn prog[] = {
		KEY_ON_STACK(0),
		BPF_LD_MAP_FD(BPF_REG_1, map),
		EMIT_CALL(map_lookup_elem),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	struct bpf_map *m = __bpf_map_get(fget(map));
	u32 k = 0, id = m->id, ids[2] = { 0 };
	u64 v = 0x1122334455667788ull;
	struct bpf_prog_info info;
	union bpf_attr attr;
	int fd;

	ck_assert_int_eq(map_update(map, &k, &v, 0), 0);
	fd = load_prog(prog, ARRAY_SIZE(prog), NULL);
	ck_assert_msg(fd >= 0, "load: %d\n%s", fd, test_log);
	close_fd(map);
	ck_assert_ptr_nonnull(idr_find(&map_idr, id));
	ck_assert_uint_eq(run_prog(fd), v);

	/* BPF_OBJ_GET_INFO_BY_FD lists it */
	memset(&info, 0, sizeof(info));
	info.nr_map_ids = 2;
	info.map_ids = (u64)(uintptr_t)ids;
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (u64)(uintptr_t)&info;
	ck_assert_int_eq(sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr)), 0);
	ck_assert_uint_eq(info.nr_map_ids, 1);
	ck_assert_uint_eq(ids[0], id);

	close_fd(fd);
	ck_assert_ptr_null(idr_find(&map_idr, id));
}
END_TEST

void add_map_syscall_tests(Suite *s)
{
	TCase *tc = tcase_create("map_syscall");

	tcase_add_test(tc, map_create_checks);
	tcase_add_test(tc, map_create_attr);
	tcase_add_test(tc, array_map_elements);
	tcase_add_test(tc, htab_map_elements);
	tcase_add_test(tc, htab_map_model);
	tcase_add_test(tc, percpu_map_elements);
	tcase_add_test(tc, lru_map_evicts);
	tcase_add_test(tc, map_freeze_once);
	tcase_add_test(tc, map_ids_and_fds);
	tcase_add_test(tc, map_held_by_program);
	suite_add_tcase(s, tc);
}
