// SPDX-License-Identifier: GPL-2.0
/*
 * How a loaded program stays alive: its reference count, its id, its fds.
 *
 * Mirrors kernel/bpf/syscall.c: bpf_prog_free_id(),
 * bpf_prog_inc(), __bpf_prog_put_noref(), bpf_prog_put(), bpf_prog_fops,
 * bpf_prog_new_fd(), bpf_prog_get(), bpf_prog_get_fd_by_id(), Linux v5.8;
 * written afresh.
 *
 * Every holder of a program owns one reference: each fd, each attachment
 * (a socket, a tc filter), each BPF_PROG_GET_FD_BY_ID. The program dies when
 * the last one is dropped, not when its loader exits.
 */
#include <fcntl.h>

#include "linux/bpf.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "linux/idr.h"

/* Every loaded program, by id (bpf_prog_load() -> bpf_prog_alloc_id()).
 * The kernel guards it with prog_idr_lock.
 */
DEFINE_IDR(prog_idr);

static void bpf_prog_free_id(struct bpf_prog *prog)
{
	/* A program that failed before bpf_prog_alloc_id() has no id. */
	if (!prog->aux->id)
		return;

	idr_remove(&prog_idr, prog->aux->id);
	prog->aux->id = 0;
}

/*
 * Frees a program that holds no reference (any more). The kernel waits for
 * an RCU grace period first when subprograms are already visible in
 * kallsyms; we have no concurrent reader to wait for.
 */
static void __bpf_prog_put_noref(struct bpf_prog *prog)
{
	bpf_prog_free(prog);
}

void bpf_prog_inc(struct bpf_prog *prog)
{
	prog->aux->refcnt++;
}

void bpf_prog_put(struct bpf_prog *prog)
{
	if (--prog->aux->refcnt == 0) {
		/* bpf_prog_free_id() must be called first: no lookup by id
		 * may find a program that is being freed.
		 */
		bpf_prog_free_id(prog);
		__bpf_prog_put_noref(prog);
	}
}

/* close() of the last fd of a "bpf-prog" file. */
static int bpf_prog_release(struct file *filp)
{
	struct bpf_prog *prog = filp->private_data;

	bpf_prog_put(prog);
	return 0;
}

/* The identity of a program fd: fget() + "is f_op this?" tells a program
 * from any other file.
 */
const struct file_operations bpf_prog_fops = {
	.release	= bpf_prog_release,
};

/* Hands the caller's reference over to a new fd; on failure the caller
 * still owns it.
 */
int bpf_prog_new_fd(struct bpf_prog *prog)
{
	return anon_inode_getfd("bpf-prog", &bpf_prog_fops, prog,
				O_RDWR | O_CLOEXEC);
}

static struct bpf_prog *____bpf_prog_get(struct file *file)
{
	if (!file)
		return ERR_PTR(-EBADF);
	if (file->f_op != &bpf_prog_fops)
		return ERR_PTR(-EINVAL);

	return file->private_data;
}

struct bpf_prog *bpf_prog_get(u32 ufd)
{
	struct bpf_prog *prog = ____bpf_prog_get(fget(ufd));

	if (!IS_ERR(prog))
		bpf_prog_inc(prog);
	return prog;
}

int bpf_prog_get_fd_by_id(const union bpf_attr *attr)
{
	struct bpf_prog *prog;
	u32 id = attr->prog_id;
	int fd;

	if (CHECK_ATTR(BPF_PROG_GET_FD_BY_ID))
		return -EINVAL;

	/* Ids are global: a new fd for any program is for the admin only. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	prog = idr_find(&prog_idr, id);
	if (!prog)
		return -ENOENT;
	/* bpf_prog_inc_not_zero(): a program in the idr is alive here, as
	 * nothing frees one between the lookup and this line.
	 */
	bpf_prog_inc(prog);

	fd = bpf_prog_new_fd(prog);
	if (fd < 0)
		bpf_prog_put(prog);

	return fd;
}
