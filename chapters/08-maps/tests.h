/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by chapter 08's tests: maps and programs through sys_bpf(), as
 * user space drives them.
 */
#ifndef _CH08_TESTS_H
#define _CH08_TESTS_H

#include "maps.h"
#include "linux/capability.h"
#include "testutil.h"

extern char test_log[65536];

/* BPF_MAP_CREATE: the fd, or -errno. */
int create_map_flags(u32 type, u32 key_size, u32 value_size, u32 max_entries, u32 flags);
static inline int create_map(u32 type, u32 key_size, u32 value_size, u32 max_entries)
{
	return create_map_flags(type, key_size, value_size, max_entries, 0);
}
/* The element commands: 0 or -errno. */
int map_update(int fd, const void *key, const void *value, u64 flags);
int map_lookup(int fd, const void *key, void *value);
int map_delete(int fd, const void *key);
int map_next_key(int fd, const void *key, void *next_key);

struct load_opts {
	enum bpf_prog_type prog_type;	/* 0: socket_filter */
	u64 caps;			/* 0: CAP_ALL */
	bool interp;			/* bpf_jit_enable = 0 */
	u32 log_level;			/* 0: 1 */
	u32 prog_flags;			/* BPF_F_TEST_STATE_FREQ, ... */
};

/* BPF_PROG_LOAD with a log (test_log); the fd or -errno. */
int load_prog(const struct bpf_insn *insns, u32 len, const struct load_opts *o);
/* The program behind an fd. */
struct bpf_prog *prog_of(int fd);
/* BPF_PROG_TEST_RUN on a 64-byte zero packet: r0 (all 64 bits). */
u64 run_prog(int fd);

/* include/linux/filter.h: dst = &value[off] of the map at fd (a ld_imm64) */
#define BPF_LD_MAP_VALUE(DST, MAP_FD, VALUE_OFF)			\
	((struct bpf_insn) { .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = DST, \
			     .src_reg = BPF_PSEUDO_MAP_VALUE, .imm = MAP_FD }), \
	((struct bpf_insn) { .imm = VALUE_OFF })

#define EMIT_CALL(fn)		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_##fn)

/* r2 = fp - 4 with *(u32 *)r2 = key: the usual way to pass a key */
#define KEY_ON_STACK(key)						\
	BPF_ST_MEM(BPF_W, BPF_REG_10, -4, key),				\
	BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),				\
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4)

void add_map_syscall_tests(Suite *s);
void add_map_verifier_tests(Suite *s);
void add_tail_call_tests(Suite *s);
void add_output_tests(Suite *s);

#endif /* _CH08_TESTS_H */
