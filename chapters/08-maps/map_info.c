// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_OBJ_GET_INFO_BY_FD for maps: what `bpftool map show` prints.
 *
 * Mirrors kernel/bpf/syscall.c: bpf_map_get_info_by_fd() and its branch
 * of bpf_obj_get_info_by_fd(), Linux v5.8; written afresh. Chapter 02
 * answers for program fds and asks bpf_obj_get_info_by_file() about any
 * other file.
 */
#include "maps.h"
#include "linux/uaccess.h"

static int bpf_map_get_info_by_fd(struct bpf_map *map, const union bpf_attr *attr,
				  union bpf_attr __user *uattr)
{
	struct bpf_map_info __user *uinfo = u64_to_user_ptr(attr->info.info);
	struct bpf_map_info info;
	u32 info_len = attr->info.info_len;
	int err;

	err = bpf_check_uarg_tail_zero(uinfo, sizeof(info), info_len);
	if (err)
		return err;
	info_len = min_t(u32, sizeof(info), info_len);

	/* Unlike a program's, a map's info asks nothing of the caller's
	 * struct: nothing is read from it.
	 */
	memset(&info, 0, sizeof(info));
	info.type = map->map_type;
	info.id = map->id;
	info.key_size = map->key_size;
	info.value_size = map->value_size;
	info.max_entries = map->max_entries;
	info.map_flags = map->map_flags;
	memcpy(info.name, map->name, sizeof(map->name));
	/* No BTF object: btf_id and the type ids stay 0. */
	info.btf_vmlinux_value_type_id = map->btf_vmlinux_value_type_id;

	if (copy_to_user(uinfo, &info, info_len) ||
	    copy_to_user(&uattr->info.info_len, &info_len, sizeof(info_len)))
		return -EFAULT;

	return 0;
}

int bpf_obj_get_info_by_file(struct file *file, const union bpf_attr *attr,
			     union bpf_attr __user *uattr)
{
	if (file->f_op == &bpf_map_fops)
		return bpf_map_get_info_by_fd(file->private_data, attr, uattr);
	return -EINVAL;
}
