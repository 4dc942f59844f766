// SPDX-License-Identifier: GPL-2.0
/*
 * copy_from_user() and friends for a user-space "kernel".
 *
 * A real kernel copies from user memory with instructions that may fault;
 * the fault handler looks the faulting instruction up in an exception table
 * and, instead of an oops, makes the copy return "bytes not copied". We
 * cannot catch our own segfaults cleanly, so we let the kernel do the check
 * for us: process_vm_readv()/process_vm_writev() aimed at our own process
 * copy memory through the kernel's own user-copy routines, and return EFAULT
 * for an unmapped or unreadable address instead of delivering SIGSEGV.
 *
 * The price is one system call per copy, which is fine for a syscall path
 * that copies an attr and an instruction array once per load.
 *
 * Mirrors the contracts of include/linux/uaccess.h and lib/strncpy_from_user.c
 * (Linux v5.8); the mechanism is ours.
 */
#include <pthread.h>
#include <sys/uio.h>
#include <unistd.h>
#include <string.h>

#include "linux/uaccess.h"

/*
 * Our pid, for the copies to name their own process. getpid() is a system
 * call each time (glibc stopped caching it), as dear as a small copy on a
 * machine whose system calls are slow; a forked child must not go on
 * naming its parent, so fork() makes us forget it.
 */
static pid_t self_pid;

static void forget_pid(void)
{
	self_pid = 0;
}

static pid_t self(void)
{
	static bool registered;

	if (!registered) {
		pthread_atfork(NULL, NULL, forget_pid);
		registered = true;
	}
	if (!self_pid)
		self_pid = getpid();
	return self_pid;
}

/* Copy n bytes between our own addresses through the kernel; 0 or -EFAULT. */
static int vm_copy(void *to, const void *from, unsigned long n, bool write)
{
	struct iovec local, remote;
	ssize_t done;

	if (n == 0)
		return 0;
	if (write) {
		local = (struct iovec){ .iov_base = (void *)from, .iov_len = n };
		remote = (struct iovec){ .iov_base = to, .iov_len = n };
		done = process_vm_writev(self(), &local, 1, &remote, 1, 0);
	} else {
		local = (struct iovec){ .iov_base = to, .iov_len = n };
		remote = (struct iovec){ .iov_base = (void *)from, .iov_len = n };
		done = process_vm_readv(self(), &local, 1, &remote, 1, 0);
	}
	return done == (ssize_t)n ? 0 : -EFAULT;
}

/*
 * A user address plus an offset, computed as an integer: the address may
 * be anything a caller passed, NULL included, and C defines pointer
 * arithmetic only inside an object (UBSan reports NULL + 0).
 */
static void *uaddr(const void __user *p, unsigned long off)
{
	return (void *)((uintptr_t)p + off);
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	if (vm_copy(to, from, n, false)) {
		/* Like the kernel, leave no stale bytes behind on a fault. */
		memset(to, 0, n);
		return n;
	}
	return 0;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (vm_copy(to, from, n, true))
		return n;
	/*
	 * The kernel has just proven every destination byte writable, so a plain
	 * copy of the same bytes cannot fault. It makes the write visible to
	 * the memory checkers: valgrind does not know what process_vm_writev()
	 * wrote, and AddressSanitizer checks a memcpy() against its redzones.
	 */
	memcpy(to, from, n);
	return 0;
}

unsigned long clear_user(void __user *to, unsigned long n)
{
	static const char zeros[256];
	unsigned long done = 0;

	while (done < n) {
		unsigned long chunk = min(n - done, sizeof(zeros));

		if (vm_copy(uaddr(to, done), zeros, chunk, true))
			return n - done;
		memset(uaddr(to, done), 0, chunk);	/* as in copy_to_user() */
		done += chunk;
	}
	return 0;
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long i = 0, n, k;

	if (count <= 0)
		return 0;
	/*
	 * A page at a time, as far as the string may go: it may end just
	 * before an unmapped page, and reading past its NUL must not turn a
	 * good string into -EFAULT; within one page, a byte that can be read
	 * means they all can. (The kernel's do_strncpy_from_user() reads a
	 * word at a time, for the same reason never across a page.) Only the
	 * bytes up to the NUL are kept, as the kernel keeps them.
	 */
	while (i < count) {
		n = PAGE_SIZE - ((uintptr_t)uaddr(src, i) & (PAGE_SIZE - 1));
		n = min(n, count - i);
		if (vm_copy(&dst[i], uaddr(src, i), n, false))
			return -EFAULT;
		for (k = 0; k < n; k++)
			if (dst[i + k] == '\0') {
				/* what followed the NUL in the page is not ours */
				memset(&dst[i + k + 1], 0, n - k - 1);
				return i + k;
			}
		i += n;
	}
	return count;
}

int check_zeroed_user(const void __user *from, size_t size)
{
	unsigned char buf[256];
	size_t done = 0, i;

	while (done < size) {
		size_t chunk = min(size - done, sizeof(buf));

		if (vm_copy(buf, uaddr(from, done), chunk, false))
			return -EFAULT;
		for (i = 0; i < chunk; i++)
			if (buf[i])
				return 0;
		done += chunk;
	}
	return 1;
}
