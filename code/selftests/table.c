// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's verifier selftests (tools/testing/selftests/bpf/verifier/
 * *.c of a Linux source tree), turned into plain data for runner.c.
 *
 * This file is compiled against the *kernel's* headers from that tree
 * (tools/include), because the tables use every uapi struct of every
 * program type in offsetof(); runner.c uses the project's. The struct
 * below declares the fields the tables initialise, with the names
 * tools/testing/selftests/bpf/test_verifier.c gives them, so that the
 * tables compile unchanged; only what the runner needs is passed on.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <linux/bpf.h>
#include <linux/bpf_perf_event.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/btf.h>

#include "test_btf.h"	/* the tables' BTF macros, from the same tree */

#ifndef offsetofend
#define offsetofend(TYPE, FIELD) (offsetof(TYPE, FIELD) + sizeof(((TYPE *)0)->FIELD))
#endif

#include "table.h"

#define MAX_INSNS		4096
#define MAX_EXPECTED_INSNS	32
#define MAX_UNEXPECTED_INSNS	32
#define MAX_FIXUPS		8
#define MAX_TEST_RUNS		8
#define POINTER_VALUE		0xcafe4all
#define TEST_DATA_LEN		64
#define MAX_FUNC_INFOS		8
#define MAX_BTF_STRINGS		256
#define MAX_BTF_TYPES		256
#define INSN_OFF_MASK		((__s16)0xFFFF)
#define INSN_IMM_MASK		((__s32)0xFFFFFFFF)
#define SKIP_INSNS()		BPF_RAW_INSN(0xde, 0xa, 0xd, 0xbeef, 0xdeadbeef)
#define F_NEEDS_EFFICIENT_UNALIGNED_ACCESS	(1 << 0)
#define F_LOAD_WITH_STRICT_ALIGNMENT		(1 << 1)
#define MAX_ENTRIES		11
#define ENOTSUPP		524

/* The map values the tables' programs index into (test_verifier.c). */
struct test_val {
	unsigned int index;
	int foo[MAX_ENTRIES];
};

struct other_val {
	long long foo;
	long long bar;
};

struct kfunc_btf_id_pair {
	const char *kfunc;
	int insn_idx;
};

struct bpf_test {
	const char *descr;
	struct bpf_insn insns[MAX_INSNS];
	struct bpf_insn *fill_insns;
	struct bpf_insn expected_insns[MAX_EXPECTED_INSNS];
	struct bpf_insn unexpected_insns[MAX_UNEXPECTED_INSNS];
	int fixup_map_hash_8b[MAX_FIXUPS];
	int fixup_map_hash_48b[MAX_FIXUPS];
	int fixup_map_hash_16b[MAX_FIXUPS];
	int fixup_map_array_48b[MAX_FIXUPS];
	int fixup_map_sockmap[MAX_FIXUPS];
	int fixup_map_sockhash[MAX_FIXUPS];
	int fixup_map_xskmap[MAX_FIXUPS];
	int fixup_map_stacktrace[MAX_FIXUPS];
	int fixup_prog1[MAX_FIXUPS];
	int fixup_prog2[MAX_FIXUPS];
	int fixup_map_in_map[MAX_FIXUPS];
	int fixup_cgroup_storage[MAX_FIXUPS];
	int fixup_percpu_cgroup_storage[MAX_FIXUPS];
	int fixup_map_spin_lock[MAX_FIXUPS];
	int fixup_map_array_ro[MAX_FIXUPS];
	int fixup_map_array_wo[MAX_FIXUPS];
	int fixup_map_array_small[MAX_FIXUPS];
	int fixup_sk_storage_map[MAX_FIXUPS];
	int fixup_map_event_output[MAX_FIXUPS];
	int fixup_map_reuseport_array[MAX_FIXUPS];
	int fixup_map_ringbuf[MAX_FIXUPS];
	int fixup_map_timer[MAX_FIXUPS];
	int fixup_map_kptr[MAX_FIXUPS];
	struct kfunc_btf_id_pair fixup_kfunc_btf_id[MAX_FIXUPS];
	const char *errstr;
	const char *errstr_unpriv;
	uint32_t insn_processed;
	int prog_len;
	enum { UNDEF, ACCEPT, REJECT, VERBOSE_ACCEPT } result, result_unpriv;
	enum bpf_prog_type prog_type;
	uint8_t flags;
	void (*fill_helper)(struct bpf_test *self);
	int runs;
	union {
		struct {
			uint32_t retval, retval_unpriv;
			union {
				__u8 data[TEST_DATA_LEN];
				__u64 data64[TEST_DATA_LEN / 8];
			};
		};
		struct {
			uint32_t retval, retval_unpriv;
			union {
				__u8 data[TEST_DATA_LEN];
				__u64 data64[TEST_DATA_LEN / 8];
			};
		} retvals[MAX_TEST_RUNS];
	};
	enum bpf_attach_type expected_attach_type;
	const char *kfunc;
	struct bpf_func_info func_info[MAX_FUNC_INFOS];
	int func_info_cnt;
	char btf_strings[MAX_BTF_STRINGS];
	__u32 btf_types[MAX_BTF_TYPES];
};

/* Tests whose program a C function builds at run time: not taken. */
#define FILL(name) static void name(struct bpf_test *self) { (void)self; }
FILL(bpf_fill_ld_abs_vlan_push_pop)
FILL(bpf_fill_jump_around_ld_abs)
FILL(bpf_fill_rand_ld_dw)
FILL(bpf_fill_scale)
FILL(bpf_fill_torturous_jumps)
FILL(bpf_fill_big_prog_with_loop_1)

/* Macros of test_verifier.c the tables use, written out again. */
#define BPF_SK_LOOKUP(func)						\
	BPF_MOV64_IMM(BPF_REG_2, 0),					\
	BPF_STX_MEM(BPF_W, BPF_REG_10, BPF_REG_2, -8),			\
	BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_2, -16),		\
	BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_2, -24),		\
	BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_2, -32),		\
	BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_2, -40),		\
	BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_2, -48),		\
	BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),				\
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -48),				\
	BPF_MOV64_IMM(BPF_REG_3, sizeof(struct bpf_sock_tuple)),	\
	BPF_MOV64_IMM(BPF_REG_4, 0),					\
	BPF_MOV64_IMM(BPF_REG_5, 0),					\
	BPF_EMIT_CALL(BPF_FUNC_ ## func)

#define BPF_DIRECT_PKT_R2						\
	BPF_MOV64_IMM(BPF_REG_0, 0),					\
	BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1,			\
		    offsetof(struct __sk_buff, data)),			\
	BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1,			\
		    offsetof(struct __sk_buff, data_end)),		\
	BPF_MOV64_REG(BPF_REG_4, BPF_REG_2),				\
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_4, 8),				\
	BPF_JMP_REG(BPF_JLE, BPF_REG_4, BPF_REG_3, 1),			\
	BPF_EXIT_INSN()

#define BPF_RAND_UEXT_R7						\
	BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_get_prandom_u32), \
	BPF_MOV64_REG(BPF_REG_7, BPF_REG_0),				\
	BPF_ALU64_IMM(BPF_LSH, BPF_REG_7, 33),				\
	BPF_ALU64_IMM(BPF_RSH, BPF_REG_7, 33)

#define BPF_RAND_SEXT_R7						\
	BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_get_prandom_u32), \
	BPF_MOV64_REG(BPF_REG_7, BPF_REG_0),				\
	BPF_ALU64_IMM(BPF_OR, BPF_REG_7, 0x80000000),			\
	BPF_ALU64_IMM(BPF_LSH, BPF_REG_7, 32),				\
	BPF_ALU64_IMM(BPF_ARSH, BPF_REG_7, 32)

static struct bpf_test tests[] = {
#define FILL_ARRAY
#include "tests.h"
#undef FILL_ARRAY
};

static int has(const int *fixups)
{
	return fixups[0] != 0;
}

/* The maps this project does not build: their tests are counted apart. */
static const char *needs_maps(const struct bpf_test *t)
{
	if (has(t->fixup_map_sockmap) || has(t->fixup_map_sockhash) ||
	    has(t->fixup_map_xskmap) || has(t->fixup_map_reuseport_array) ||
	    has(t->fixup_sk_storage_map))
		return "socket maps";
	if (has(t->fixup_map_stacktrace))
		return "a stack trace map";
	if (has(t->fixup_map_in_map))
		return "a map of maps";
	if (has(t->fixup_cgroup_storage) || has(t->fixup_percpu_cgroup_storage))
		return "cgroup storage";
	if (has(t->fixup_map_spin_lock) || has(t->fixup_map_timer) || has(t->fixup_map_kptr))
		return "a map with BTF";
	return NULL;
}

static const int *fixup(const int *f)
{
	return has(f) ? f : NULL;
}

static const char *needs_other(const struct bpf_test *t)
{
	if (t->fill_helper)
		return "a program built at run time";
	if (t->fixup_kfunc_btf_id[0].kfunc || t->kfunc)
		return "kfuncs";
	if (t->func_info_cnt || t->btf_types[0])
		return "BTF";
	if (t->expected_attach_type)
		return "an attach type";
	return NULL;
}

unsigned int selftest_count(void)
{
	return sizeof(tests) / sizeof(tests[0]);
}

void selftest_get(unsigned int i, struct selftest *out)
{
	const struct bpf_test *t = &tests[i];
	unsigned int len = MAX_INSNS;

	while (len && !t->insns[len - 1].code && !t->insns[len - 1].imm &&
	       !t->insns[len - 1].off && !t->insns[len - 1].dst_reg &&
	       !t->insns[len - 1].src_reg)
		len--;
	out->descr = t->descr;
	out->insns = (const void *)t->insns;
	out->len = t->prog_len ? (unsigned int)t->prog_len : len;
	out->prog_type = t->prog_type;
	out->flags = t->flags;
	out->accept = t->result == ACCEPT || t->result == VERBOSE_ACCEPT;
	out->accept_unpriv = t->result_unpriv ? t->result_unpriv == ACCEPT ||
				t->result_unpriv == VERBOSE_ACCEPT : out->accept;
	out->has_unpriv = t->result_unpriv != UNDEF;
	out->errstr = t->errstr;
	out->errstr_unpriv = t->errstr_unpriv;
	out->retval = t->retval;
	out->retval_unpriv = t->retval_unpriv;
	out->runs = t->runs;
	out->data = t->data;
	out->fixups[FIXUP_MAP_HASH_8B] = fixup(t->fixup_map_hash_8b);
	out->fixups[FIXUP_MAP_HASH_48B] = fixup(t->fixup_map_hash_48b);
	out->fixups[FIXUP_MAP_HASH_16B] = fixup(t->fixup_map_hash_16b);
	out->fixups[FIXUP_MAP_ARRAY_48B] = fixup(t->fixup_map_array_48b);
	out->fixups[FIXUP_PROG1] = fixup(t->fixup_prog1);
	out->fixups[FIXUP_PROG2] = fixup(t->fixup_prog2);
	out->fixups[FIXUP_MAP_ARRAY_RO] = fixup(t->fixup_map_array_ro);
	out->fixups[FIXUP_MAP_ARRAY_WO] = fixup(t->fixup_map_array_wo);
	out->fixups[FIXUP_MAP_ARRAY_SMALL] = fixup(t->fixup_map_array_small);
	out->fixups[FIXUP_MAP_EVENT_OUTPUT] = fixup(t->fixup_map_event_output);
	out->fixups[FIXUP_MAP_RINGBUF] = fixup(t->fixup_map_ringbuf);
	out->needs_maps = needs_maps(t);
	out->needs_other = needs_other(t);
}
