// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 01/03: the fd table, how user space holds a kernel object.
 * Mirrors fs/anon_inodes.c: anon_inode_getfd() and fs/file.c: fget(),
 * __close_fd() (close_fd() since Linux 5.11), Linux v5.8, reduced to one
 * table with no per-file reference count (linux/file.h says what each
 * function promises).
 */
#include <stdlib.h>

#include "linux/file.h"

int anon_inode_getfd(const char *name, const struct file_operations *fops,
		     void *priv, int flags)
{
	/* TODO: a struct file for priv, in the lowest free slot */
	(void)name; (void)fops; (void)priv; (void)flags;
	return -ENOSYS;
}

struct file *fget(unsigned int fd)
{
	/* TODO */
	(void)fd;
	return NULL;
}

int close_fd(unsigned int fd)
{
	/* TODO: free the slot, then let the object know */
	(void)fd;
	return -EBADF;
}
