// SPDX-License-Identifier: GPL-2.0
/*
 * Error numbers by name, for messages ("-EINVAL" reads better than "-22").
 * Like lib/errname.c (Linux 5.9+), limited to the errors the BPF path returns.
 */
#include "linux/kernel.h"

const char *errno_name(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case 0:		return "0";
	case EPERM:	return "EPERM";
	case ENOENT:	return "ENOENT";
	case ESRCH:	return "ESRCH";
	case EBADF:	return "EBADF";
	case EAGAIN:	return "EAGAIN";
	case ENOMEM:	return "ENOMEM";
	case EACCES:	return "EACCES";
	case EFAULT:	return "EFAULT";
	case EBUSY:	return "EBUSY";
	case EEXIST:	return "EEXIST";
	case EINVAL:	return "EINVAL";
	case ENFILE:	return "ENFILE";
	case EMFILE:	return "EMFILE";
	case ENOSPC:	return "ENOSPC";
	case ERANGE:	return "ERANGE";
	case E2BIG:	return "E2BIG";
	case ENOSYS:	return "ENOSYS";
	case ELOOP:	return "ELOOP";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ENOTSUPP:	return "ENOTSUPP";
	default:	return "E?";
	}
}
