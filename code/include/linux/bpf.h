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

struct bpf_map_ops;
struct exception_table_entry;

/*
 * A map, as the verifier sees it (include/linux/bpf.h, v5.8: the fields
 * the verifier reads). Chapter 08 creates them (BPF_MAP_CREATE) and gives
 * each type its ops; until then a program cannot name one.
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
	bool frozen;			/* write-once: BPF_MAP_FREEZE */
	char name[BPF_OBJ_NAME_LEN];
};

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
	struct bpf_prog_stats stats;	/* per-CPU pointer in the kernel */
	/*
	 * Ours, not the kernel's: the record of the JIT's passes (pass count,
	 * proglen per pass, which instructions changed size) that chapter 06
	 * fills and demos, tests and diagrams read. NULL until then.
	 */
	struct bpf_jit_trace *jit_trace;
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

/* 05-blinding: kernel/bpf/core.c */
struct bpf_prog *bpf_jit_blind_constants(struct bpf_prog *fp);
void bpf_jit_prog_release_other(struct bpf_prog *fp, struct bpf_prog *fp_other);

#endif /* _SHIM_LINUX_BPF_H */
