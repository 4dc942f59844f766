// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 01 demo: knock on the bpf() door with good and bad calls, and
 * print what the kernel's entry point answers to each.
 */
#include <stdio.h>
#include <string.h>

#include "linux/bpf.h"
#include "linux/capability.h"

static void call(const char *what, int cmd, void *uattr, unsigned int size)
{
	long ret = sys_bpf(cmd, uattr, size);

	printf("  %-58s -> %ld", what, ret);
	if (ret < 0)
		printf(" (-%s)", errno_name((int)ret));
	printf("\n");
}

int main(void)
{
	union bpf_attr attr;
	unsigned char big[256];

	printf("sys_bpf(cmd, uattr, size): union bpf_attr is %zu bytes (Linux v5.8)\n\n",
	       sizeof(union bpf_attr));

	memset(&attr, 0, sizeof(attr));
	printf("Commands:\n");
	call("BPF_PROG_LOAD, zeroed attr (handler not built yet)", BPF_PROG_LOAD, &attr, sizeof(attr));
	call("BPF_MAP_CREATE (a v5.8 command this project leaves out)", BPF_MAP_CREATE, &attr, sizeof(attr));
	call("cmd 999 (no kernel knows it)", 999, &attr, sizeof(attr));

	printf("\nSize and the tail (bpf_check_uarg_tail_zero):\n");
	memset(big, 0, sizeof(big));
	call("size 4097 (\"silly large\")", BPF_PROG_LOAD, big, 4097);
	call("size 256, bytes 120..255 all zero (newer user space)", BPF_PROG_LOAD, big, sizeof(big));
	big[200] = 1;
	call("size 256, byte 200 non-zero (a field we do not know)", BPF_PROG_LOAD, big, sizeof(big));
	call("size 8 (older user space: zero-extended)", BPF_PROG_LOAD, &attr, 8);

	printf("\nThe user/kernel boundary (copy_from_user):\n");
	call("uattr = 0x10, an unmapped address", BPF_PROG_LOAD, (void *)16, sizeof(attr));
	call("uattr = 0x10, size 0: nothing to copy", BPF_PROG_LOAD, (void *)16, 0);

	printf("\nCHECK_ATTR (bytes after the command's last field):\n");
	((unsigned char *)&attr)[117] = 1;
	call("BPF_PROG_LOAD, byte 117 set (past attach_prog_fd)", BPF_PROG_LOAD, &attr, sizeof(attr));
	memset(&attr, 0, sizeof(attr));
	attr.next_id = 1;
	call("BPF_PROG_GET_FD_BY_ID with next_id set", BPF_PROG_GET_FD_BY_ID, &attr, sizeof(attr));

	printf("\nPrivilege (kernel.unprivileged_bpf_disabled = 1):\n");
	memset(&attr, 0, sizeof(attr));
	sysctl_unprivileged_bpf_disabled = 1;
	set_current_caps(CAP_NONE);
	call("caller without CAP_BPF / CAP_SYS_ADMIN", BPF_PROG_LOAD, &attr, sizeof(attr));
	set_current_caps(CAP_TO_MASK(CAP_BPF));
	call("caller with CAP_BPF", BPF_PROG_LOAD, &attr, sizeof(attr));
	return 0;
}
