// SPDX-License-Identifier: GPL-2.0
/*
 * The fd table: how user space holds a kernel object.
 *
 * Mirrors fs/anon_inodes.c: anon_inode_getfd() and fs/file.c: fget(),
 * __close_fd() (close_fd() since Linux 5.11), Linux v5.8, reduced to one
 * table of NR_OPEN_DEFAULT slots with no per-file reference count: an fd
 * owns its struct file, and close_fd() releases it. Written afresh.
 */
#include <fcntl.h>
#include <stdlib.h>

#include "linux/file.h"

static struct file *fdtable[NR_OPEN_DEFAULT];

/* fds 0, 1, 2 belong to stdin, stdout, stderr in every process. */
#define FIRST_FREE_FD 3

int anon_inode_getfd(const char *name, const struct file_operations *fops,
		     void *priv, int flags)
{
	struct file *file;
	unsigned int fd;

	/* O_CLOEXEC: no exec here to close on. */

	/* POSIX: the lowest-numbered free descriptor. */
	for (fd = FIRST_FREE_FD; fd < NR_OPEN_DEFAULT; fd++)
		if (!fdtable[fd])
			break;
	if (fd == NR_OPEN_DEFAULT)
		return -EMFILE;

	file = calloc(1, sizeof(*file));
	if (!file)
		return -ENOMEM;
	file->f_op = fops;
	file->private_data = priv;
	file->name = name;
	if ((flags & O_ACCMODE) != O_WRONLY)
		file->f_mode |= FMODE_CAN_READ;
	if ((flags & O_ACCMODE) != O_RDONLY)
		file->f_mode |= FMODE_CAN_WRITE;
	fdtable[fd] = file;
	return fd;
}

struct file *fget(unsigned int fd)
{
	if (fd >= NR_OPEN_DEFAULT)
		return NULL;
	return fdtable[fd];
}

int close_fd(unsigned int fd)
{
	struct file *file = fget(fd);

	if (!file)
		return -EBADF;
	fdtable[fd] = NULL;
	if (file->f_op && file->f_op->release)
		file->f_op->release(file);
	free(file);
	return 0;
}
