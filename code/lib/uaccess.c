// SPDX-License-Identifier: GPL-2.0
/*
 * copy_from_user() and friends for a user-space "kernel".
 *
 * A real kernel copies from user memory with plain loads and stores that
 * may fault. The instructions that may are listed in an exception table
 * (_ASM_EXTABLE_UA() in arch/x86/lib/copy_user_64.S), and the page-fault
 * handler, instead of an oops, looks the faulting instruction up there
 * (arch/x86/mm/extable.c: fixup_exception(), ex_handler_uaccess()) and
 * resumes at the copy's fix-up, which returns "bytes not copied".
 *
 * Ours does the same with a signal: a copy says, in a variable of its
 * thread, where its fix-up is (a sigsetjmp() buffer), and copies with plain
 * loads and stores; a SIGSEGV or SIGBUS while it does is a bad user address,
 * and the handler resumes at the fix-up (siglongjmp()). Any other fault is
 * not ours: the handler gives the signal back to whoever had it before (the
 * default action, a sanitizer's or a fuzzer's report) and lets the
 * instruction fault again. A copy thus costs what the copying costs, no
 * system call (the first one installs the handler).
 *
 * Mirrors the contracts of include/linux/uaccess.h and lib/strncpy_from_user.c
 * (Linux v5.8); the mechanism is ours.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>

#include "linux/uaccess.h"

/*
 * Under valgrind, a load from an unmapped address is an error it reports
 * before the signal comes; here it is the point. Its client requests tell
 * it not to (they cost a few instructions when it is not there).
 */
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define VALGRIND_DISABLE_ERROR_REPORTING do { } while (0)
#define VALGRIND_ENABLE_ERROR_REPORTING do { } while (0)
#endif

/* The exception table of one thread: the copy under way's fix-up, or NULL. */
static __thread sigjmp_buf *volatile uaccess_fixup;

static struct sigaction prev_segv, prev_bus;

static void uaccess_fault(int sig, siginfo_t *info, void *uc)
{
	(void)info;
	(void)uc;
	if (uaccess_fixup)
		siglongjmp(*uaccess_fixup, 1);
	/* not a copy's fault: as if we had never been asked */
	sigaction(sig, sig == SIGSEGV ? &prev_segv : &prev_bus, NULL);
}

static void uaccess_init(void)
{
	struct sigaction sa = {
		.sa_sigaction = uaccess_fault,
		/*
		 * The fix-up leaves the handler by a jump: keep the signal
		 * unblocked. (Not SA_ONSTACK: under valgrind it made the
		 * signal's delivery fail on a stack that has no alternate.)
		 */
		.sa_flags = SA_SIGINFO | SA_NODEFER,
	};

	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &prev_segv);
	sigaction(SIGBUS, &sa, &prev_bus);
}

/* A word that may sit at any address, and alias anything. */
typedef unsigned long __attribute__((may_alias, aligned(1))) uword_t;

/*
 * n bytes from `from` to `to`, either of which may be a bad address: 0, or
 * -EFAULT if a load or a store faulted (some bytes may have been copied).
 * The loads and stores are volatile, each a possible fault the compiler
 * must neither drop nor move out of the fix-up's reach, and not checked
 * by the sanitizers: a bad user address, NULL included, is not their
 * business (the kernel's side of a copy is checked by its callers).
 */
__attribute__((no_sanitize("address", "undefined"), noinline))
static int uaccess_copy(void *to, const void *from, unsigned long n)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	volatile unsigned char *d = to;
	const volatile unsigned char *s = from;
	sigjmp_buf env;
	unsigned long i = 0;

	pthread_once(&once, uaccess_init);
	VALGRIND_DISABLE_ERROR_REPORTING;
	if (sigsetjmp(env, 0)) {
		uaccess_fixup = NULL;
		VALGRIND_ENABLE_ERROR_REPORTING;
		return -EFAULT;
	}
	uaccess_fixup = &env;
	for (; i + sizeof(uword_t) <= n; i += sizeof(uword_t))
		*(volatile uword_t *)(d + i) = *(const volatile uword_t *)(s + i);
	for (; i < n; i++)
		d[i] = s[i];
	uaccess_fixup = NULL;
	VALGRIND_ENABLE_ERROR_REPORTING;
	return 0;
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
	memset(to, 0, n);	/* the kernel's side, where the sanitizers look */
	if (uaccess_copy(to, from, n)) {
		/* Like the kernel, leave no stale bytes behind on a fault. */
		memset(to, 0, n);
		return n;
	}
	return 0;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (uaccess_copy(to, from, n))
		return n;
	/*
	 * Every destination byte has just been written, so the same copy
	 * again cannot fault, and this one the sanitizers see: the kernel's
	 * side is read, and a user buffer overrun is reported.
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

		if (uaccess_copy(uaddr(to, done), zeros, chunk))
			return n - done;
		done += chunk;
	}
	return 0;
}

/*
 * A byte at a time, up to the NUL: a string may end just before an
 * unmapped page, and reading past its NUL must not turn a good string into
 * -EFAULT. (The kernel's do_strncpy_from_user() reads a word at a time,
 * never across a page, for the same reason.) Only the bytes up to the NUL
 * are written, as the kernel writes them.
 */
long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long i;

	for (i = 0; i < count; i++) {
		if (uaccess_copy(&dst[i], uaddr(src, i), 1))
			return -EFAULT;
		if (dst[i] == '\0')
			return i;
	}
	return count < 0 ? 0 : count;
}

int check_zeroed_user(const void __user *from, size_t size)
{
	unsigned char buf[256];
	size_t done = 0, i;

	while (done < size) {
		size_t chunk = min(size - done, sizeof(buf));

		if (uaccess_copy(buf, uaddr(from, done), chunk))
			return -EFAULT;
		for (i = 0; i < chunk; i++)
			if (buf[i])
				return 0;
		done += chunk;
	}
	return 1;
}
