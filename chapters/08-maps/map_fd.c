// SPDX-License-Identifier: GPL-2.0
/*
 * How a map stays alive: its two reference counts, its id, its fds.
 *
 * Mirrors kernel/bpf/syscall.c: bpf_map_alloc_id(), bpf_map_free_id(),
 * bpf_map_inc(), bpf_map_inc_with_uref(), bpf_map_put(),
 * bpf_map_put_with_uref(), bpf_map_release(), bpf_map_fops,
 * bpf_map_new_fd(), __bpf_map_get(), bpf_map_get(),
 * bpf_map_get_fd_by_id() and bpf_obj_get_next_id() for maps, Linux v5.8;
 * written afresh. Programs have the same machinery (chapter 02's
 * prog_fd.c): one idr, one file_operations, one reference per holder.
 *
 * A map has two counts. refcnt counts every holder: each fd, each program
 * that names the map, each map that holds it. usercnt counts only the
 * holders user space controls (fds). The difference matters for program
 * arrays: program A in slot 0 of array M, which A itself tail-calls
 * through, holds M while M holds A. When user space closes its last fd of
 * M, usercnt drops to 0 and M empties itself (map_release_uref), so the
 * cycle breaks and both go.
 */
#include <fcntl.h>

#include "maps.h"
#include "linux/capability.h"
#include "linux/idr.h"
#include "linux/uaccess.h"

/* Every map, by id. The kernel guards it with map_idr_lock. */
DEFINE_IDR(map_idr);

int bpf_map_alloc_id(struct bpf_map *map)
{
	int id;

	id = idr_alloc_cyclic(&map_idr, map, 1, INT_MAX, GFP_KERNEL);
	if (id > 0)
		map->id = id;

	if (WARN_ON_ONCE(!id))
		return -ENOSPC;

	return id > 0 ? 0 : id;
}

static void bpf_map_free_id(struct bpf_map *map)
{
	/* Offloaded maps are removed from the IDR store when their device
	 * disappears - even if someone holds an fd to them they are unusable,
	 * the memory is gone, all ops will fail; they are simply waiting for
	 * refcnt to drop to be freed.
	 */
	if (!map->id)
		return;

	idr_remove(&map_idr, map->id);
	map->id = 0;
}

void bpf_map_inc(struct bpf_map *map)
{
	map->refcnt++;
}

void bpf_map_inc_with_uref(struct bpf_map *map)
{
	map->refcnt++;
	map->usercnt++;
}

static void bpf_map_put_uref(struct bpf_map *map)
{
	if (--map->usercnt == 0) {
		if (map->ops->map_release_uref)
			map->ops->map_release_uref(map);
	}
}

/* decrement map refcnt and schedule it for freeing via workqueue
 * (unrelying map implementation ops->map_free() might sleep)
 */
void bpf_map_put(struct bpf_map *map)
{
	if (--map->refcnt == 0) {
		/* bpf_map_free_id() must be called first */
		bpf_map_free_id(map);
		/* bpf_map_free_deferred(): no other CPU may still be
		 * running a program that uses it, so no work queue.
		 */
		map->ops->map_free(map);
	}
}

void bpf_map_put_with_uref(struct bpf_map *map)
{
	bpf_map_put_uref(map);
	bpf_map_put(map);
}

/*
 * kernel/bpf/core.c: a program that goes lets go of its maps, and the
 * program arrays it jumps through directly stop tracking it first.
 */
void __bpf_free_used_maps(struct bpf_prog_aux *aux, struct bpf_map **used_maps, u32 len)
{
	struct bpf_map *map;
	u32 i;

	for (i = 0; i < len; i++) {
		map = used_maps[i];
		if (map->ops->map_poke_untrack)
			map->ops->map_poke_untrack(map, aux);
		bpf_map_put(map);
	}
}

/* close() of the last fd of a "bpf-map" file */
static int bpf_map_release(struct file *filp)
{
	struct bpf_map *map = filp->private_data;

	if (map->ops->map_release)
		map->ops->map_release(map, filp);

	bpf_map_put_with_uref(map);
	return 0;
}

const struct file_operations bpf_map_fops = {
	.release	= bpf_map_release,
};

/* Hands the caller's references (refcnt and usercnt) to a new fd. */
int bpf_map_new_fd(struct bpf_map *map, int flags)
{
	return anon_inode_getfd("bpf-map", &bpf_map_fops, map,
				flags | O_CLOEXEC);
}

/* The map behind a file, without a reference: the fd keeps it alive for
 * as long as the caller holds the fd, i.e. the rest of the system call.
 */
struct bpf_map *__bpf_map_get(struct file *f)
{
	if (!f)
		return ERR_PTR(-EBADF);
	if (f->f_op != &bpf_map_fops)
		return ERR_PTR(-EINVAL);

	return f->private_data;
}

struct bpf_map *bpf_map_get(u32 ufd)
{
	struct bpf_map *map = __bpf_map_get(fget(ufd));

	if (!IS_ERR(map))
		bpf_map_inc(map);
	return map;
}

int bpf_map_get_fd_by_id(const union bpf_attr *attr)
{
	struct bpf_map *map;
	u32 id = attr->map_id;
	int f_flags;
	int fd;

	if (CHECK_ATTR(BPF_MAP_GET_FD_BY_ID) ||
	    attr->open_flags & ~BPF_OBJ_FLAG_MASK)
		return -EINVAL;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	f_flags = bpf_get_file_flag(attr->open_flags);
	if (f_flags < 0)
		return f_flags;

	map = idr_find(&map_idr, id);
	if (!map)
		return -ENOENT;
	/* __bpf_map_inc_not_zero(map, true): a map in the idr is alive */
	bpf_map_inc_with_uref(map);

	fd = bpf_map_new_fd(map, f_flags);
	if (fd < 0)
		bpf_map_put_with_uref(map);

	return fd;
}

/* The next id after start_id: what `bpftool map list` walks. */
int bpf_map_get_next_id(const union bpf_attr *attr, union bpf_attr __user *uattr)
{
	u32 next_id = attr->start_id;
	int err = 0;

	if (CHECK_ATTR(BPF_OBJ_GET_NEXT_ID) || next_id >= INT_MAX)
		return -EINVAL;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	next_id++;
	if (!idr_get_next(&map_idr, (int *)&next_id))
		err = -ENOENT;

	if (!err && copy_to_user(&uattr->next_id, &next_id, sizeof(next_id)))
		err = -EFAULT;

	return err;
}
