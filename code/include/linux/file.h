/* SPDX-License-Identifier: GPL-2.0 */
/*
 * File descriptors for kernel objects. bpf_prog_load() hands user space an
 * fd (anon_inode_getfd("bpf-prog", ...)); later commands find the program
 * again through it (fget + a check of f_op); close() drops the reference.
 *
 * Mirrors include/linux/{file,fs,anon_inodes}.h, Linux v5.8, reduced to
 * what the BPF path uses: one table, no struct inode, no per-file refcount.
 * Implemented by chapter 01 (chapters/01-syscall/anon_inodes.c).
 */
#ifndef _SHIM_LINUX_FILE_H
#define _SHIM_LINUX_FILE_H

#include "linux/kernel.h"

struct file;

struct file_operations {
	/* Called once, when the last fd referring to the file is closed. */
	int (*release)(struct file *file);
};

/* What the fd was opened for (include/linux/fs.h): O_RDONLY gives read,
 * O_WRONLY write, O_RDWR both. A map fd opened BPF_F_RDONLY cannot update.
 */
typedef unsigned int fmode_t;
#define FMODE_CAN_READ		(1u << 17)
#define FMODE_CAN_WRITE		(1u << 18)

struct file {
	const struct file_operations *f_op;
	void *private_data;		/* the object: a struct bpf_prog * */
	const char *name;		/* "bpf-prog" */
	fmode_t f_mode;
};

/* Our process starts with 0, 1, 2 open, like any other; fds from 3 up. */
#define NR_OPEN_DEFAULT	1024		/* RLIMIT_NOFILE's usual soft limit */

/* A new fd for priv (lowest free number); -EMFILE when the table is full. */
int anon_inode_getfd(const char *name, const struct file_operations *fops,
		     void *priv, int flags);

/* The file behind fd, or NULL if fd is not open. */
struct file *fget(unsigned int fd);

/* close(2): releases the file; -EBADF if fd is not open. */
int close_fd(unsigned int fd);

#endif /* _SHIM_LINUX_FILE_H */
