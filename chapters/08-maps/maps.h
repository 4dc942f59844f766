/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of chapter 08 share. In the kernel these are spread over
 * include/linux/bpf.h (the map calls every subsystem makes),
 * kernel/bpf/syscall.c, kernel/bpf/arraymap.c, hashtab.c, ringbuf.c and
 * the helpers; the names are the kernel's (v5.8).
 */
#ifndef _CH08_MAPS_H
#define _CH08_MAPS_H

#include <stdlib.h>
#include <string.h>

#include "linux/bpf.h"
#include "linux/bpf_verifier.h"
#include "linux/file.h"

#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif

/* include/linux/numa.h: no NUMA node asked for */
#define NUMA_NO_NODE	(-1)

/* include/linux/bpf.h, v5.8: the access flags a map may be created with */
#define BPF_F_ACCESS_MASK	(BPF_F_RDONLY | BPF_F_RDONLY_PROG | \
				 BPF_F_WRONLY | BPF_F_WRONLY_PROG)
#define BPF_OBJ_FLAG_MASK	(BPF_F_RDONLY | BPF_F_WRONLY)
#define MAX_USED_MAPS		64	/* max # of maps used by eBPF program */

/* include/linux/bpf.h: what a program may do with a map's values */
#define BPF_MAP_CAN_READ	(1u << 0)
#define BPF_MAP_CAN_WRITE	(1u << 1)

/* include/linux/slab.h: the largest kmalloc() on x86-64, 4 MiB */
#define KMALLOC_MAX_SIZE	(1UL << 22)

#define rounddown(x, y)		((x) - ((x) % (y)))

/* ---- map_fd.c: the map object's life (kernel/bpf/syscall.c) ----------- */
extern struct idr map_idr;
extern const struct file_operations bpf_map_fops;
void bpf_map_inc(struct bpf_map *map);
void bpf_map_inc_with_uref(struct bpf_map *map);
void bpf_map_put(struct bpf_map *map);
void bpf_map_put_with_uref(struct bpf_map *map);
int bpf_map_new_fd(struct bpf_map *map, int flags);
int bpf_map_alloc_id(struct bpf_map *map);
struct bpf_map *__bpf_map_get(struct file *f);
struct bpf_map *bpf_map_get(u32 ufd);	/* takes a reference */

/* ---- map_create.c ---------------------------------------------------------- */
int bpf_get_file_flag(int flags);
void bpf_map_init_from_attr(struct bpf_map *map, union bpf_attr *attr);
int bpf_map_charge_init(u64 size);
void *bpf_map_area_alloc(u64 size, int numa_node);
void bpf_map_area_free(void *base);

static inline int bpf_map_attr_numa_node(const union bpf_attr *attr)
{
	return (attr->map_flags & BPF_F_NUMA_NODE) ?
		(int)attr->numa_node : NUMA_NO_NODE;
}

/* include/linux/bpf.h: the program side of a map's access flags */
static inline u32 bpf_map_flags_to_cap(struct bpf_map *map)
{
	u32 access_flags = map->map_flags & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG);

	/* Combination of BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG is
	 * not possible.
	 */
	if (access_flags & BPF_F_RDONLY_PROG)
		return BPF_MAP_CAN_READ;
	else if (access_flags & BPF_F_WRONLY_PROG)
		return BPF_MAP_CAN_WRITE;
	else
		return BPF_MAP_CAN_READ | BPF_MAP_CAN_WRITE;
}

static inline bool bpf_map_flags_access_ok(u32 access_flags)
{
	return (access_flags & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)) !=
	       (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG);
}

/* The per-CPU copies of an element, one after the other (see NR_CPUS):
 * this_cpu_ptr() is CPU 0's, since every program runs there.
 */
static inline void *per_cpu_ptr(void *pptr, u32 elem_size, int cpu)
{
	return (char *)pptr + (size_t)elem_size * cpu;
}

/* ---- the map types ------------------------------------------------------ */
extern const struct bpf_map_ops array_map_ops;
extern const struct bpf_map_ops percpu_array_map_ops;
extern const struct bpf_map_ops prog_array_map_ops;
extern const struct bpf_map_ops perf_event_array_map_ops;
extern const struct bpf_map_ops htab_map_ops;
extern const struct bpf_map_ops htab_percpu_map_ops;
extern const struct bpf_map_ops htab_lru_map_ops;
extern const struct bpf_map_ops htab_lru_percpu_map_ops;
extern const struct bpf_map_ops ringbuf_map_ops;
extern const struct bpf_map_ops stack_trace_map_ops;

/* arraymap.c, hashtab.c: the syscall's ways into the map types */
int array_map_alloc_check(union bpf_attr *attr);
struct bpf_map *array_map_alloc(union bpf_attr *attr);
void array_map_free(struct bpf_map *map);
void *array_map_lookup_elem(struct bpf_map *map, void *key);
u32 array_map_gen_lookup(struct bpf_map *map, struct bpf_insn *insn_buf);
int array_map_get_next_key(struct bpf_map *map, void *key, void *next_key);
int bpf_percpu_array_copy(struct bpf_map *map, void *key, void *value);
int bpf_percpu_array_update(struct bpf_map *map, void *key, void *value, u64 map_flags);
int bpf_percpu_hash_copy(struct bpf_map *map, void *key, void *value);
int bpf_percpu_hash_update(struct bpf_map *map, void *key, void *value, u64 map_flags);
int bpf_fd_array_map_lookup_elem(struct bpf_map *map, void *key, u32 *value);
int bpf_stackmap_copy(struct bpf_map *map, void *key, void *value);
int bpf_fd_array_map_update_elem(struct bpf_map *map, struct file *map_file,
				 void *key, void *value, u64 map_flags);

/* prog_array.c: the arrays of fds (programs, perf events, maps) */
int fd_array_map_alloc_check(union bpf_attr *attr);
void *fd_array_map_lookup_elem(struct bpf_map *map, void *key);
long fd_array_map_delete_elem(struct bpf_map *map, void *key);
bool bpf_prog_array_compatible(struct bpf_array *array, const struct bpf_prog *fp);

/* ---- the helpers (helpers.c, task_helpers.c, trace_helpers.c, stackmap.c) -- */
extern const struct bpf_func_proto bpf_map_lookup_elem_proto;
extern const struct bpf_func_proto bpf_map_update_elem_proto;
extern const struct bpf_func_proto bpf_map_delete_elem_proto;
extern const struct bpf_func_proto bpf_tail_call_proto;
extern const struct bpf_func_proto bpf_get_current_pid_tgid_proto;
extern const struct bpf_func_proto bpf_get_current_uid_gid_proto;
extern const struct bpf_func_proto bpf_get_current_comm_proto;
extern const struct bpf_func_proto bpf_ringbuf_output_proto;
extern const struct bpf_func_proto bpf_ringbuf_reserve_proto;
extern const struct bpf_func_proto bpf_ringbuf_submit_proto;
extern const struct bpf_func_proto bpf_ringbuf_discard_proto;
extern const struct bpf_func_proto bpf_ringbuf_query_proto;
extern const struct bpf_func_proto bpf_perf_event_output_proto;
extern const struct bpf_func_proto bpf_probe_read_user_proto;
extern const struct bpf_func_proto bpf_probe_read_user_str_proto;
extern const struct bpf_func_proto bpf_probe_read_kernel_proto;
extern const struct bpf_func_proto bpf_probe_read_kernel_str_proto;
extern const struct bpf_func_proto bpf_probe_read_compat_proto;
extern const struct bpf_func_proto bpf_probe_read_compat_str_proto;
extern const struct bpf_func_proto bpf_get_numa_node_id_proto;
extern const struct bpf_func_proto bpf_get_current_cgroup_id_proto;
extern const struct bpf_func_proto bpf_get_ns_current_pid_tgid_proto;
extern const struct bpf_func_proto bpf_ktime_get_boot_ns_proto;
extern const struct bpf_func_proto bpf_jiffies64_proto;
extern const struct bpf_func_proto bpf_get_current_task_proto;
extern const struct bpf_func_proto bpf_get_stackid_proto;
extern const struct bpf_func_proto bpf_get_stack_proto;
extern const struct bpf_func_proto bpf_get_attach_cookie_proto_trace;	/* Linux 5.15 */
/* The cookie the program runs with (attached with; here 0, or the runner's). */
extern u64 bpf_trace_run_cookie;

#endif /* _CH08_MAPS_H */
