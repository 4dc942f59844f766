// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 08 tests: the loader's side of the system call, shared by the
 * test files, and the suite.
 */
#include "tests.h"
#include "linux/bpf_interp.h"

char test_log[65536];

int create_map_flags(u32 type, u32 key_size, u32 value_size, u32 max_entries, u32 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	attr.map_flags = flags;
	return (int)sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
}

static int elem_cmd(int cmd, int fd, const void *key, const void *value, u64 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (u64)(uintptr_t)key;
	attr.value = (u64)(uintptr_t)value;
	attr.flags = flags;
	return (int)sys_bpf(cmd, &attr, sizeof(attr));
}

int map_update(int fd, const void *key, const void *value, u64 flags)
{
	return elem_cmd(BPF_MAP_UPDATE_ELEM, fd, key, value, flags);
}

int map_lookup(int fd, const void *key, void *value)
{
	return elem_cmd(BPF_MAP_LOOKUP_ELEM, fd, key, value, 0);
}

int map_delete(int fd, const void *key)
{
	return elem_cmd(BPF_MAP_DELETE_ELEM, fd, key, NULL, 0);
}

int map_next_key(int fd, const void *key, void *next_key)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (u64)(uintptr_t)key;
	attr.next_key = (u64)(uintptr_t)next_key;
	return (int)sys_bpf(BPF_MAP_GET_NEXT_KEY, &attr, sizeof(attr));
}

int load_prog(const struct bpf_insn *insns, u32 len, const struct load_opts *o)
{
	static const struct load_opts dflt;
	union bpf_attr attr;
	int fd;

	if (!o)
		o = &dflt;
	set_current_caps(o->caps ? o->caps : CAP_ALL);
	bpf_jit_enable = !o->interp;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = o->prog_type ? o->prog_type : BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (u64)(uintptr_t)insns;
	attr.insn_cnt = len;
	attr.license = (u64)(uintptr_t)"GPL";
	attr.prog_flags = o->prog_flags;
	attr.log_level = o->log_level ? o->log_level : 1;
	attr.log_buf = (u64)(uintptr_t)test_log;
	attr.log_size = sizeof(test_log);
	test_log[0] = 0;
	fd = (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	set_current_caps(CAP_ALL);
	bpf_jit_enable = 1;
	return fd;
}

struct bpf_prog *prog_of(int fd)
{
	struct file *f = fget(fd);

	ck_assert_msg(f && f->private_data, "fd %d is not a program", fd);
	return f->private_data;
}

u64 run_prog(int fd)
{
	static u8 pkt[64];
	union bpf_attr attr;
	long err;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = (u64)(uintptr_t)pkt;
	attr.test.data_size_in = sizeof(pkt);
	err = sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
	ck_assert_msg(err == 0, "BPF_PROG_TEST_RUN: %ld", err);
	return bpf_test_run_last_r0();
}

Suite *stage_suite(void)
{
	Suite *s = suite_create("08-maps");

	add_map_syscall_tests(s);
	add_map_verifier_tests(s);
	add_tail_call_tests(s);
	add_output_tests(s);
	return s;
}
