// SPDX-License-Identifier: GPL-2.0
/*
 * The entry point: bpf(cmd, attr, size).
 *
 * Mirrors kernel/bpf/syscall.c: SYSCALL_DEFINE3(bpf, ...), Linux v5.8;
 * written afresh. The command handlers are __weak placeholders here; the
 * chapters that build them (02: PROG_LOAD, INFO_BY_FD, GET_FD_BY_ID; 04:
 * PROG_TEST_RUN; exercise 02/02: PROG_GET_NEXT_ID; 08: the map commands)
 * define the strong versions, which the linker prefers.
 */
#include <string.h>

#include "linux/bpf.h"
#include "linux/capability.h"
#include "linux/uaccess.h"

/* The kernel.unprivileged_bpf_disabled sysctl: 0 lets any caller use bpf(). */
int sysctl_unprivileged_bpf_disabled;

/*
 * Placeholders for the commands later chapters implement. Each starts the
 * way its real handler does, with CHECK_ATTR, so even now an attr with bytes
 * past the command's last field is refused with -EINVAL. Then it answers
 * -EOPNOTSUPP: "a command this kernel knows but was built without". (The
 * kernel itself answers -ENOTSUPP (524) for, say, a program type with no
 * test_run; that number is kernel-internal and has no name in user space.)
 */
__weak int bpf_prog_load(union bpf_attr *attr, union bpf_attr __user *uattr)
{
	(void)uattr;
	if (CHECK_ATTR(BPF_PROG_LOAD))
		return -EINVAL;
	return -EOPNOTSUPP;
}

__weak int bpf_prog_test_run(const union bpf_attr *attr,
			     union bpf_attr __user *uattr)
{
	(void)uattr;
	if (CHECK_ATTR(BPF_PROG_TEST_RUN))
		return -EINVAL;
	return -EOPNOTSUPP;
}

__weak int bpf_obj_get_info_by_fd(const union bpf_attr *attr,
				  union bpf_attr __user *uattr)
{
	(void)uattr;
	if (CHECK_ATTR(BPF_OBJ_GET_INFO_BY_FD))
		return -EINVAL;
	return -EOPNOTSUPP;
}

__weak int bpf_prog_get_fd_by_id(const union bpf_attr *attr)
{
	if (CHECK_ATTR(BPF_PROG_GET_FD_BY_ID))
		return -EINVAL;
	return -EOPNOTSUPP;
}

/* The kernel's bpf_obj_get_next_id(attr, uattr, &prog_idr, ...). */
__weak int bpf_prog_get_next_id(const union bpf_attr *attr,
				union bpf_attr __user *uattr)
{
	(void)uattr;
	if (CHECK_ATTR(BPF_OBJ_GET_NEXT_ID))
		return -EINVAL;
	return -EOPNOTSUPP;
}

/* The map commands (chapter 08), each with its CHECK_ATTR. */
__weak int map_create(union bpf_attr *attr)
{
	if (CHECK_ATTR(BPF_MAP_CREATE))
		return -EINVAL;
	return -EOPNOTSUPP;
}

__weak int map_lookup_elem(union bpf_attr *attr)
{
	if (CHECK_ATTR(BPF_MAP_LOOKUP_ELEM))
		return -EINVAL;
	return -EOPNOTSUPP;
}

__weak int map_update_elem(union bpf_attr *attr)
{
	if (CHECK_ATTR(BPF_MAP_UPDATE_ELEM))
		return -EINVAL;
	return -EOPNOTSUPP;
}

__weak int map_delete_elem(union bpf_attr *attr)
{
	if (CHECK_ATTR(BPF_MAP_DELETE_ELEM))
		return -EINVAL;
	return -EOPNOTSUPP;
}

__weak int map_get_next_key(union bpf_attr *attr)
{
	if (CHECK_ATTR(BPF_MAP_GET_NEXT_KEY))
		return -EINVAL;
	return -EOPNOTSUPP;
}

__weak int map_freeze(const union bpf_attr *attr)
{
	if (CHECK_ATTR(BPF_MAP_FREEZE))
		return -EINVAL;
	return -EOPNOTSUPP;
}

__weak int bpf_map_get_fd_by_id(const union bpf_attr *attr)
{
	if (CHECK_ATTR(BPF_MAP_GET_FD_BY_ID))
		return -EINVAL;
	return -EOPNOTSUPP;
}

/* The kernel's bpf_obj_get_next_id(attr, uattr, &map_idr, ...). */
__weak int bpf_map_get_next_id(const union bpf_attr *attr,
			       union bpf_attr __user *uattr)
{
	(void)uattr;
	if (CHECK_ATTR(BPF_OBJ_GET_NEXT_ID))
		return -EINVAL;
	return -EOPNOTSUPP;
}

/*
 * The Linux Security Module hook (include/linux/security.h: security_bpf):
 * a policy may refuse any command after the attr is copied in. No LSM is
 * built in here, so the placeholder allows everything.
 */
__weak int security_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	(void)cmd; (void)attr; (void)size;
	return 0;
}

long sys_bpf(int cmd, union bpf_attr __user *uattr, unsigned int size)
{
	union bpf_attr attr;
	int err;

	/* v5.8 checks privilege once, here; later kernels moved the check
	 * into the commands that need it.
	 */
	if (sysctl_unprivileged_bpf_disabled && !bpf_capable())
		return -EPERM;

	err = bpf_check_uarg_tail_zero(uattr, sizeof(attr), size);
	if (err)
		return err;
	size = min_t(u32, size, sizeof(attr));

	/* copy attributes from user space, may be less than sizeof(bpf_attr) */
	memset(&attr, 0, sizeof(attr));
	if (copy_from_user(&attr, uattr, size) != 0)
		return -EFAULT;

	err = security_bpf(cmd, &attr, size);
	if (err < 0)
		return err;

	switch (cmd) {
	case BPF_MAP_CREATE:
		err = map_create(&attr);
		break;
	case BPF_MAP_LOOKUP_ELEM:
		err = map_lookup_elem(&attr);
		break;
	case BPF_MAP_UPDATE_ELEM:
		err = map_update_elem(&attr);
		break;
	case BPF_MAP_DELETE_ELEM:
		err = map_delete_elem(&attr);
		break;
	case BPF_MAP_GET_NEXT_KEY:
		err = map_get_next_key(&attr);
		break;
	case BPF_MAP_FREEZE:
		err = map_freeze(&attr);
		break;
	case BPF_PROG_LOAD:
		err = bpf_prog_load(&attr, uattr);
		break;
	case BPF_PROG_TEST_RUN:
		err = bpf_prog_test_run(&attr, uattr);
		break;
	case BPF_PROG_GET_NEXT_ID:
		err = bpf_prog_get_next_id(&attr, uattr);
		break;
	case BPF_PROG_GET_FD_BY_ID:
		err = bpf_prog_get_fd_by_id(&attr);
		break;
	case BPF_MAP_GET_NEXT_ID:
		err = bpf_map_get_next_id(&attr, uattr);
		break;
	case BPF_MAP_GET_FD_BY_ID:
		err = bpf_map_get_fd_by_id(&attr);
		break;
	case BPF_OBJ_GET_INFO_BY_FD:
		err = bpf_obj_get_info_by_fd(&attr, uattr);
		break;
	case BPF_OBJ_PIN ... BPF_PROG_DETACH:
	case BPF_PROG_QUERY ... BPF_MAP_LOOKUP_AND_DELETE_ELEM:
	case BPF_BTF_GET_NEXT_ID ... BPF_ITER_CREATE:
		/* Commands v5.8 knows and this project does not build
		 * (pinning, attaching, BTF, links, batches): -EOPNOTSUPP, so a
		 * reader can tell them from a command no kernel knows.
		 */
		err = -EOPNOTSUPP;
		break;
	default:
		err = -EINVAL;
		break;
	}

	return err;
}
