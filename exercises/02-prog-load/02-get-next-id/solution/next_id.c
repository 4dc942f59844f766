// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_GET_NEXT_ID: walk the ids of every loaded program.
 *
 * Mirrors kernel/bpf/syscall.c: bpf_obj_get_next_id() as called for
 * BPF_PROG_GET_NEXT_ID with &prog_idr, Linux v5.8; written afresh.
 */
#include "linux/bpf.h"
#include "linux/capability.h"
#include "linux/idr.h"
#include "linux/uaccess.h"

int bpf_prog_get_next_id(const union bpf_attr *attr, union bpf_attr __user *uattr);

int bpf_prog_get_next_id(const union bpf_attr *attr, union bpf_attr __user *uattr)
{
	u32 next_id = attr->start_id;
	int err = 0;

	/* start_id + 1 must still be an id: ids live in [1, INT_MAX). */
	if (CHECK_ATTR(BPF_OBJ_GET_NEXT_ID) || next_id >= INT_MAX)
		return -EINVAL;

	/* The list of everything loaded is the administrator's to see. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	next_id++;
	if (!idr_get_next(&prog_idr, (int *)&next_id))
		err = -ENOENT;

	if (!err && copy_to_user(&uattr->next_id, &next_id, sizeof(next_id)))
		err = -EFAULT;	/* put_user() */

	return err;
}
