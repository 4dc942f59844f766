// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_GET_NEXT_ID: walk the ids of every loaded program.
 *
 * Mirrors kernel/bpf/syscall.c: bpf_obj_get_next_id() as called for
 * BPF_PROG_GET_NEXT_ID with &prog_idr, Linux v5.8.
 */
#include "linux/bpf.h"
#include "linux/capability.h"
#include "linux/idr.h"
#include "linux/uaccess.h"

int bpf_prog_get_next_id(const union bpf_attr *attr, union bpf_attr __user *uattr);

/*
 * attr->start_id: the id to start after. On success, write the smallest
 * program id greater than start_id to uattr->next_id and return 0.
 */
int bpf_prog_get_next_id(const union bpf_attr *attr, union bpf_attr __user *uattr)
{
	/* TODO: the attr checks, the privilege check, the lookup, the answer. */
	(void)attr;
	(void)uattr;
	return -EOPNOTSUPP;
}
