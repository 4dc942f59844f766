/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's BPF object model: `struct bpf_prog_aux`, the limits, and the
 * functions one stage calls and a later stage defines.
 *
 * Mirrors include/linux/bpf.h, Linux v5.8; written afresh. Where our layout
 * differs from the kernel's (no RCU, no per-CPU stats, no BTF), the comment
 * says so; chapter 02 explains why.
 */
#ifndef _SHIM_LINUX_BPF_H
#define _SHIM_LINUX_BPF_H

#include "linux/filter.h"

/* Limits (include/linux/bpf.h, include/uapi/linux/bpf_common.h) */
#define BPF_COMPLEXITY_LIMIT_INSNS	1000000	/* yes. 1M insns */
#define MAX_TAIL_CALL_CNT		32
#define BPF_MAX_SUBPROGS		256	/* include/linux/bpf_verifier.h */

struct bpf_map;
struct bpf_prog_aux;
struct exception_table_entry;
struct file;

/*
 * What a map type does, one table per type (include/linux/bpf.h, v5.8;
 * chapter 08 fills them). The syscall calls the first group for user
 * space; programs call the second through helpers, or directly: the
 * verifier rewrites `call bpf_map_lookup_elem` into a call of the map
 * type's own map_lookup_elem (or inlines map_gen_lookup's instructions).
 * The element operations return long, not v5.8's int: a program reads
 * all 64 bits of r0, and an int leaves the upper half of rax undefined
 * (Linux 6.4 made the same change).
 */
struct bpf_map_ops {
	/* funcs callable from userspace (via syscall) */
	int (*map_alloc_check)(union bpf_attr *attr);
	struct bpf_map *(*map_alloc)(union bpf_attr *attr);
	void (*map_release)(struct bpf_map *map, struct file *map_file);
	void (*map_free)(struct bpf_map *map);
	int (*map_get_next_key)(struct bpf_map *map, void *key, void *next_key);
	void (*map_release_uref)(struct bpf_map *map);
	void *(*map_lookup_elem_sys_only)(struct bpf_map *map, void *key);

	/* funcs callable from userspace and from eBPF programs */
	void *(*map_lookup_elem)(struct bpf_map *map, void *key);
	long (*map_update_elem)(struct bpf_map *map, void *key, void *value, u64 flags);
	long (*map_delete_elem)(struct bpf_map *map, void *key);
	long (*map_push_elem)(struct bpf_map *map, void *value, u64 flags);
	long (*map_pop_elem)(struct bpf_map *map, void *value);
	long (*map_peek_elem)(struct bpf_map *map, void *value);

	/* funcs called by prog_array and perf_event_array map */
	void *(*map_fd_get_ptr)(struct bpf_map *map, struct file *map_file, int fd);
	void (*map_fd_put_ptr)(void *ptr);
	u32 (*map_gen_lookup)(struct bpf_map *map, struct bpf_insn *insn_buf);
	u32 (*map_fd_sys_lookup_elem)(void *ptr);

	/* Prog poke tracking helpers. */
	int (*map_poke_track)(struct bpf_map *map, struct bpf_prog_aux *aux);
	void (*map_poke_untrack)(struct bpf_map *map, struct bpf_prog_aux *aux);
	void (*map_poke_run)(struct bpf_map *map, u32 key, struct bpf_prog *old,
			     struct bpf_prog *new);

	/* Direct value access helpers. */
	int (*map_direct_value_addr)(const struct bpf_map *map, u64 *imm, u32 off);
	int (*map_direct_value_meta)(const struct bpf_map *map, u64 imm, u32 *off);
};

/*
 * A map (include/linux/bpf.h, v5.8). Two counts keep it alive: refcnt
 * (every holder: fds, programs that use it, a map holding it) and
 * usercnt (the user-space holders only: when it drops to zero a
 * program array empties itself, so that programs tail-calling each other
 * through it cannot keep each other alive forever). No BTF objects are
 * built here: btf_key_type_id and btf_value_type_id are always 0, and
 * so spin_lock_off is always negative (a bpf_spin_lock in a value is
 * found through BTF).
 */
struct bpf_map {
	const struct bpf_map_ops *ops;
	struct bpf_map *inner_map_meta;
	u32 map_type;			/* enum bpf_map_type */
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 map_flags;
	int spin_lock_off;		/* >=0 valid offset, <0 error */
	u32 id;
	int numa_node;
	u32 btf_key_type_id;
	u32 btf_value_type_id;
	char name[BPF_OBJ_NAME_LEN];
	u32 btf_vmlinux_value_type_id;
	bool bypass_spec_v1;		/* loader may speculate out of bounds */
	bool frozen;			/* write-once: BPF_MAP_FREEZE */
	s64 refcnt;			/* atomic64_t in the kernel */
	s64 usercnt;
	u64 writecnt;			/* writable mmaps: always 0 here */
};

/*
 * An array map's element storage, in the same allocation as the map
 * (include/linux/bpf.h, v5.8). A plain array keeps the values inline
 * (value[], elem_size = round_up(value_size, 8) each); a per-CPU array one
 * pointer per element to num_possible_cpus() copies; a program array the
 * programs (ptrs[]), read by the tail call without any lock.
 */
struct bpf_array_aux {
	/* 'Ownership' of prog array is claimed by the first program that
	 * is going to use this map or by the first program which FD is
	 * stored in the map to make sure that all callers and callees have
	 * the same prog type and JITed flag.
	 */
	enum bpf_prog_type type;
	bool jited;
	/* Programs with direct jumps into programs part of this array. */
	struct prog_poke_elem *poke_progs;
	struct bpf_map *map;
};

struct bpf_array {
	struct bpf_map map;
	u32 elem_size;
	u32 index_mask;
	struct bpf_array_aux *aux;
	union {
		struct { struct { } __empty_value; char value[] __aligned(8); };
		struct { struct { } __empty_ptrs; void *ptrs[] __aligned(8); };
		struct { struct { } __empty_pptrs; void *pptrs[] __aligned(8); };
	};
};

/*
 * A direct tail call (include/linux/bpf.h, v5.8): a tail call whose map
 * and key the verifier proved constant becomes a jump the JIT can patch.
 * ip is the 5-byte NOP in the image; when the program array's slot key
 * changes, map_poke_run() rewrites it into `jmp target + adj_off` (or back
 * into the NOP). ip_stable: the image is final and may be patched.
 */
enum bpf_jit_poke_reason {
	BPF_POKE_REASON_TAIL_CALL,
};

struct bpf_jit_poke_descriptor {
	void *ip;
	union {
		struct {
			struct bpf_map *map;
			u32 key;
		} tail_call;
	};
	bool ip_stable;
	u8 adj_off;
	u16 reason;
};

/*
 * The model of the machine's CPUs: num_possible_cpus() is this fixed
 * number, and every program runs on CPU 0 (bpf_get_smp_processor_id()).
 * A per-CPU map's value, as the syscall reads and writes it, is
 * NR_CPUS values of round_up(value_size, 8) bytes each.
 */
#define NR_CPUS			4
static inline unsigned int num_possible_cpus(void) { return NR_CPUS; }

/* What BPF_PROG_TEST_RUN calls for a program type (net/bpf/test_run.c). */
struct bpf_prog_ops {
	int (*test_run)(struct bpf_prog *prog, const union bpf_attr *kattr,
			union bpf_attr __user *uattr);
};

/* Run statistics; per-CPU in the kernel, one copy here (single-threaded). */
struct bpf_prog_stats {
	u64 cnt;
	u64 nsecs;
};

struct bpf_prog_aux {
	s64 refcnt;			/* atomic64_t in the kernel */
	u32 used_map_cnt;
	u32 max_ctx_offset;
	u32 max_pkt_offset;
	u32 stack_depth;		/* main program's stack use, from bpf_check() */
	u32 id;				/* from bpf_prog_alloc_id(): [1, INT_MAX) */
	u32 func_cnt;			/* used by non-func prog as the number of func progs */
	u32 func_idx;			/* 0 for non-func prog, the index in func array for func prog */
	bool verifier_zext;		/* Zero extensions has been inserted by verifier. */
	bool offload_requested;		/* prog_ifindex != 0: never true here */
	/* Ours: loaded with BPF_F_UNVERIFIED (set by bpf_check() from
	 * attr->prog_flags). BPF_PROG_TEST_RUN then passes r1 = a copy of
	 * data_in and r2 = its length instead of the type's context.
	 */
	bool unverified;
	struct bpf_prog **func;		/* the subprograms, after jit_subprogs() */
	void *jit_data;			/* JIT specific data. arch dependent */
	const struct bpf_prog_ops *ops;
	struct bpf_map **used_maps;
	struct bpf_prog *prog;		/* back pointer to the program that owns aux */
	u64 load_time;			/* ns since boottime */
	char name[BPF_OBJ_NAME_LEN];
	u32 num_exentries;
	struct exception_table_entry *extable;
	/* Direct tail calls (chapter 08): where the JIT left a jump to patch. */
	struct bpf_jit_poke_descriptor *poke_tab;
	u32 size_poke_tab;
	struct bpf_prog_stats stats;	/* per-CPU pointer in the kernel */
	/*
	 * Ours, not the kernel's: the record of the JIT's passes (pass count,
	 * proglen per pass, which instructions changed size) that chapter 06
	 * fills and demos, tests and diagrams read. NULL until then.
	 */
	struct bpf_jit_trace *jit_trace;
	/*
	 * Ours, chapter 09: the optimising JIT's steps the image was compiled
	 * with (bpf_jit_opt, 0: the v5.8 JIT); tail_entry_lazy, the image has
	 * no way in for tail calls yet; tail_call_target, a program array has
	 * taken the program, so any image of it must have one
	 * (bpf_jit_opt_tail_target()).
	 */
	unsigned int jit_opt;
	bool tail_entry_lazy;
	bool tail_call_target;
};

/* The program types this project knows, with their ops (kernel/bpf/syscall.c:
 * bpf_prog_types[], built from include/linux/bpf_types.h). An entry is NULL
 * for types the project does not support: loading one gives -EINVAL, as for a
 * type compiled out of the kernel.
 */
struct bpf_prog_type_info {
	const char *name;			/* "socket_filter", "xdp", ... */
	const struct bpf_prog_ops *ops;
};
extern const struct bpf_prog_type_info *bpf_prog_types[];
extern const unsigned int bpf_prog_types_cnt;

/*
 * CHECK_ATTR(CMD): true if any byte of *attr after the last field command CMD
 * uses is non-zero. Each command handler checks it first and returns -EINVAL:
 * a field this kernel's CMD does not know must not be silently ignored.
 * (kernel/bpf/syscall.c, Linux v5.8: a local `attr` pointer is assumed.)
 */
#define CHECK_ATTR(CMD)							\
	(memchr_inv((const char *)&attr->CMD##_LAST_FIELD +		\
		    sizeof(attr->CMD##_LAST_FIELD), 0,			\
		    sizeof(*attr) -					\
		    offsetof(union bpf_attr, CMD##_LAST_FIELD) -		\
		    sizeof(attr->CMD##_LAST_FIELD)) != NULL)

/* The last field of each command, v5.8 */
#define BPF_MAP_CREATE_LAST_FIELD	btf_vmlinux_value_type_id
#define BPF_MAP_LOOKUP_ELEM_LAST_FIELD	flags
#define BPF_MAP_UPDATE_ELEM_LAST_FIELD	flags
#define BPF_MAP_DELETE_ELEM_LAST_FIELD	key
#define BPF_MAP_GET_NEXT_KEY_LAST_FIELD	next_key
#define BPF_MAP_FREEZE_LAST_FIELD	map_fd
#define BPF_MAP_GET_FD_BY_ID_LAST_FIELD	open_flags
#define BPF_PROG_LOAD_LAST_FIELD	attach_prog_fd
#define BPF_PROG_TEST_RUN_LAST_FIELD	test.ctx_out
#define BPF_OBJ_GET_NEXT_ID_LAST_FIELD	next_id
#define BPF_PROG_GET_FD_BY_ID_LAST_FIELD prog_id
#define BPF_OBJ_GET_INFO_BY_FD_LAST_FIELD info.info

/*
 * The path of the article, one declaration per step. Each is defined by the
 * stage named beside it; an earlier stage may define a __weak placeholder that
 * the later one replaces at link time, as core.c does for bpf_int_jit_compile().
 */

/* 01-syscall: kernel/bpf/syscall.c */
long sys_bpf(int cmd, union bpf_attr __user *uattr, unsigned int size);
int bpf_check_uarg_tail_zero(void __user *uaddr, size_t expected_size, size_t actual_size);
extern int sysctl_unprivileged_bpf_disabled;
int security_bpf(int cmd, union bpf_attr *attr, unsigned int size);	/* weak: no LSM */

/* The command handlers sys_bpf() dispatches to (weak in 01-syscall). */
int bpf_prog_load(union bpf_attr *attr, union bpf_attr __user *uattr);
int bpf_prog_test_run(const union bpf_attr *attr, union bpf_attr __user *uattr);
int bpf_obj_get_info_by_fd(const union bpf_attr *attr, union bpf_attr __user *uattr);
int bpf_prog_get_fd_by_id(const union bpf_attr *attr);
int bpf_prog_get_next_id(const union bpf_attr *attr, union bpf_attr __user *uattr);
int map_create(union bpf_attr *attr);
int map_lookup_elem(union bpf_attr *attr);
int map_update_elem(union bpf_attr *attr);
int map_delete_elem(union bpf_attr *attr);
int map_get_next_key(union bpf_attr *attr);
int map_freeze(const union bpf_attr *attr);
int bpf_map_get_fd_by_id(const union bpf_attr *attr);
int bpf_map_get_next_id(const union bpf_attr *attr, union bpf_attr __user *uattr);

/* 02-prog-load: kernel/bpf/core.c, kernel/bpf/syscall.c */
struct bpf_prog *bpf_prog_alloc(unsigned int size, gfp_t gfp_extra_flags);
struct bpf_prog *bpf_prog_alloc_no_stats(unsigned int size, gfp_t gfp_extra_flags);
struct bpf_prog *bpf_prog_realloc(struct bpf_prog *fp_old, unsigned int size,
				  gfp_t gfp_extra_flags);
void __bpf_prog_free(struct bpf_prog *fp);
void bpf_prog_free(struct bpf_prog *fp);
int bpf_prog_calc_tag(struct bpf_prog *fp);
void bpf_prog_inc(struct bpf_prog *prog);
void bpf_prog_put(struct bpf_prog *prog);
struct bpf_prog *bpf_prog_get(u32 ufd);		/* takes a reference */
int bpf_prog_new_fd(struct bpf_prog *prog);
int bpf_obj_name_cpy(char *dst, const char *src, unsigned int size);
/* BPF_OBJ_GET_INFO_BY_FD of a file that is not a program (weak in 02:
 * -EINVAL; chapter 08 answers for maps).
 */
int bpf_obj_get_info_by_file(struct file *file, const union bpf_attr *attr,
			     union bpf_attr __user *uattr);
/* Drop a program's references to the maps it uses (weak in 02: nothing to
 * drop; chapter 08 puts each map and stops tracking direct tail calls).
 */
void __bpf_free_used_maps(struct bpf_prog_aux *aux, struct bpf_map **used_maps, u32 len);
struct file_operations;
extern const struct file_operations bpf_prog_fops;
struct idr;
extern struct idr prog_idr;	/* static in kernel/bpf/syscall.c */

/* Which hash bpf_prog_calc_tag() uses: SHA-1 up to Linux 6.17 (the article's
 * kernel), SHA-256 from Linux 6.18. The tag is the digest's first 8 bytes.
 */
enum bpf_prog_tag_hash_alg {
	BPF_PROG_TAG_SHA1,
	BPF_PROG_TAG_SHA256,
};
extern int bpf_prog_tag_hash;		/* default BPF_PROG_TAG_SHA1 */

/* 03-bpf-check: kernel/bpf/verifier.c (weak placeholder in 02) */
int bpf_check(struct bpf_prog **prog, union bpf_attr *attr, union bpf_attr __user *uattr);

/* 04-select-runtime: kernel/bpf/core.c (weak placeholder in 02) */
struct bpf_prog *bpf_prog_select_runtime(struct bpf_prog *fp, int *err);
struct bpf_prog *bpf_int_jit_compile(struct bpf_prog *prog);	/* weak in 04 */
void bpf_jit_free(struct bpf_prog *fp);				/* weak in 02, strong in 06 */
bool bpf_jit_needs_zext(void);					/* weak in 04 */
/* ours: a program array takes prog; weak in 06, strong in 09 (the way in for tail calls) */
int bpf_jit_opt_tail_target(struct bpf_prog *prog);

/* 05-blinding: kernel/bpf/core.c */
struct bpf_prog *bpf_jit_blind_constants(struct bpf_prog *fp);
void bpf_jit_prog_release_other(struct bpf_prog *fp, struct bpf_prog *fp_other);

#endif /* _SHIM_LINUX_BPF_H */
