// SPDX-License-Identifier: GPL-2.0
/*
 * The element commands: BPF_MAP_LOOKUP_ELEM, BPF_MAP_UPDATE_ELEM,
 * BPF_MAP_DELETE_ELEM, BPF_MAP_GET_NEXT_KEY, and BPF_MAP_FREEZE.
 *
 * Mirrors kernel/bpf/syscall.c: map_get_sys_perms(), __bpf_copy_key(),
 * bpf_map_value_size(), bpf_map_copy_value(), bpf_map_update_value(),
 * map_lookup_elem(), map_update_elem(), map_delete_elem(),
 * map_get_next_key(), map_freeze(), Linux v5.8; written afresh.
 *
 * User space sees a map through copies: a key in, a value out (or in).
 * The value it sees is not always the value a program sees. A per-CPU map
 * reads and writes every CPU's copy at once, each rounded up to 8 bytes;
 * a map of programs or of maps takes an fd and answers with an id.
 */
#include "maps.h"
#include "linux/capability.h"
#include "linux/uaccess.h"

#define IS_FD_ARRAY(map) ((map)->map_type == BPF_MAP_TYPE_PERF_EVENT_ARRAY || \
			  (map)->map_type == BPF_MAP_TYPE_CGROUP_ARRAY || \
			  (map)->map_type == BPF_MAP_TYPE_ARRAY_OF_MAPS)
#define IS_FD_PROG_ARRAY(map) ((map)->map_type == BPF_MAP_TYPE_PROG_ARRAY)
#define IS_FD_HASH(map) ((map)->map_type == BPF_MAP_TYPE_HASH_OF_MAPS)
#define IS_FD_MAP(map) (IS_FD_ARRAY(map) || IS_FD_PROG_ARRAY(map) || \
			IS_FD_HASH(map))

static bool map_is_percpu(const struct bpf_map *map)
{
	return map->map_type == BPF_MAP_TYPE_PERCPU_HASH ||
	       map->map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH ||
	       map->map_type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       map->map_type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

/* What user space may do through this fd: its open mode, and no writing
 * to a frozen map whatever the mode.
 */
static fmode_t map_get_sys_perms(struct bpf_map *map, struct file *f)
{
	fmode_t mode = f->f_mode;

	/* Our file permissions may have been overridden by global
	 * map permissions facing syscall side.
	 */
	if (map->frozen)
		mode &= ~FMODE_CAN_WRITE;
	return mode;
}

/* A copy of the key; a map with 0-byte keys (a queue) takes none. */
static void *__bpf_copy_key(void __user *ukey, u64 key_size)
{
	void *key;

	if (key_size) {
		key = malloc(key_size);		/* memdup_user() */
		if (!key)
			return ERR_PTR(-ENOMEM);
		if (copy_from_user(key, ukey, key_size)) {
			free(key);
			return ERR_PTR(-EFAULT);
		}
		return key;
	}

	if (ukey)
		return ERR_PTR(-EINVAL);

	return NULL;
}

static u32 bpf_map_value_size(const struct bpf_map *map)
{
	if (map_is_percpu(map))
		return round_up(map->value_size, 8) * num_possible_cpus();
	else if (IS_FD_MAP(map))
		return sizeof(u32);
	else
		return map->value_size;
}

static int bpf_map_copy_value(struct bpf_map *map, void *key, void *value, u64 flags)
{
	void *ptr;
	int err;

	if (map->map_type == BPF_MAP_TYPE_PERCPU_HASH ||
	    map->map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH) {
		err = bpf_percpu_hash_copy(map, key, value);
	} else if (map->map_type == BPF_MAP_TYPE_PERCPU_ARRAY) {
		err = bpf_percpu_array_copy(map, key, value);
	} else if (IS_FD_ARRAY(map) || IS_FD_PROG_ARRAY(map)) {
		err = bpf_fd_array_map_lookup_elem(map, key, value);
	} else if (map->map_type == BPF_MAP_TYPE_STACK_TRACE) {
		err = bpf_stackmap_copy(map, key, value);
	} else {
		if (map->ops->map_lookup_elem_sys_only)
			ptr = map->ops->map_lookup_elem_sys_only(map, key);
		else
			ptr = map->ops->map_lookup_elem(map, key);
		if (IS_ERR(ptr)) {
			err = PTR_ERR(ptr);
		} else if (!ptr) {
			err = -ENOENT;
		} else {
			err = 0;
			/* BPF_F_LOCK needs a bpf_spin_lock, which needs
			 * BTF: refused before this point.
			 */
			(void)flags;
			memcpy(value, ptr, map->value_size);	/* copy_map_value() */
		}
	}

	return err;
}

static int bpf_map_update_value(struct bpf_map *map, struct file *f, void *key,
				void *value, u64 flags)
{
	if (IS_FD_PROG_ARRAY(map))
		return bpf_fd_array_map_update_elem(map, f, key, value, flags);

	if (map->map_type == BPF_MAP_TYPE_PERCPU_HASH ||
	    map->map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH)
		return bpf_percpu_hash_update(map, key, value, flags);
	if (map->map_type == BPF_MAP_TYPE_PERCPU_ARRAY)
		return bpf_percpu_array_update(map, key, value, flags);
	if (IS_FD_ARRAY(map))
		return bpf_fd_array_map_update_elem(map, f, key, value, flags);
	return map->ops->map_update_elem(map, key, value, flags);
}

int map_lookup_elem(union bpf_attr *attr)
{
	void __user *ukey = u64_to_user_ptr(attr->key);
	void __user *uvalue = u64_to_user_ptr(attr->value);
	int ufd = attr->map_fd;
	struct bpf_map *map;
	void *key, *value;
	u32 value_size;
	struct file *f;
	int err;

	if (CHECK_ATTR(BPF_MAP_LOOKUP_ELEM))
		return -EINVAL;

	if (attr->flags & ~BPF_F_LOCK)
		return -EINVAL;

	f = fget(ufd);
	map = __bpf_map_get(f);
	if (IS_ERR(map))
		return PTR_ERR(map);
	if (!(map_get_sys_perms(map, f) & FMODE_CAN_READ))
		return -EPERM;

	/* map_value_has_spin_lock(): never, without BTF */
	if (attr->flags & BPF_F_LOCK)
		return -EINVAL;

	key = __bpf_copy_key(ukey, map->key_size);
	if (IS_ERR(key))
		return PTR_ERR(key);

	value_size = bpf_map_value_size(map);

	err = -ENOMEM;
	value = malloc(value_size);
	if (!value)
		goto free_key;

	err = bpf_map_copy_value(map, key, value, attr->flags);
	if (err)
		goto free_value;

	err = -EFAULT;
	if (copy_to_user(uvalue, value, value_size) != 0)
		goto free_value;

	err = 0;

free_value:
	free(value);
free_key:
	free(key);
	return err;
}

int map_update_elem(union bpf_attr *attr)
{
	void __user *ukey = u64_to_user_ptr(attr->key);
	void __user *uvalue = u64_to_user_ptr(attr->value);
	int ufd = attr->map_fd;
	struct bpf_map *map;
	void *key, *value;
	u32 value_size;
	struct file *f;
	int err;

	if (CHECK_ATTR(BPF_MAP_UPDATE_ELEM))
		return -EINVAL;

	f = fget(ufd);
	map = __bpf_map_get(f);
	if (IS_ERR(map))
		return PTR_ERR(map);
	if (!(map_get_sys_perms(map, f) & FMODE_CAN_WRITE))
		return -EPERM;

	if (attr->flags & BPF_F_LOCK)
		return -EINVAL;

	key = __bpf_copy_key(ukey, map->key_size);
	if (IS_ERR(key))
		return PTR_ERR(key);

	if (map_is_percpu(map))
		value_size = round_up(map->value_size, 8) * num_possible_cpus();
	else
		value_size = map->value_size;

	err = -ENOMEM;
	value = malloc(value_size ? value_size : 1);
	if (!value)
		goto free_key;

	err = -EFAULT;
	if (copy_from_user(value, uvalue, value_size) != 0)
		goto free_value;

	err = bpf_map_update_value(map, f, key, value, attr->flags);

free_value:
	free(value);
free_key:
	free(key);
	return err;
}

int map_delete_elem(union bpf_attr *attr)
{
	void __user *ukey = u64_to_user_ptr(attr->key);
	int ufd = attr->map_fd;
	struct bpf_map *map;
	struct file *f;
	void *key;
	int err;

	if (CHECK_ATTR(BPF_MAP_DELETE_ELEM))
		return -EINVAL;

	f = fget(ufd);
	map = __bpf_map_get(f);
	if (IS_ERR(map))
		return PTR_ERR(map);
	if (!(map_get_sys_perms(map, f) & FMODE_CAN_WRITE))
		return -EPERM;

	key = __bpf_copy_key(ukey, map->key_size);
	if (IS_ERR(key))
		return PTR_ERR(key);

	err = map->ops->map_delete_elem(map, key);
	free(key);
	return err;
}

int map_get_next_key(union bpf_attr *attr)
{
	void __user *ukey = u64_to_user_ptr(attr->key);
	void __user *unext_key = u64_to_user_ptr(attr->next_key);
	int ufd = attr->map_fd;
	struct bpf_map *map;
	void *key, *next_key;
	struct file *f;
	int err;

	if (CHECK_ATTR(BPF_MAP_GET_NEXT_KEY))
		return -EINVAL;

	f = fget(ufd);
	map = __bpf_map_get(f);
	if (IS_ERR(map))
		return PTR_ERR(map);
	if (!(map_get_sys_perms(map, f) & FMODE_CAN_READ))
		return -EPERM;

	/* No key: the first key. */
	if (ukey) {
		key = __bpf_copy_key(ukey, map->key_size);
		if (IS_ERR(key))
			return PTR_ERR(key);
	} else {
		key = NULL;
	}

	err = -ENOMEM;
	next_key = malloc(map->key_size ? map->key_size : 1);
	if (!next_key)
		goto free_key;

	err = map->ops->map_get_next_key(map, key, next_key);
	if (err)
		goto free_next_key;

	err = -EFAULT;
	if (copy_to_user(unext_key, next_key, map->key_size) != 0)
		goto free_next_key;

	err = 0;

free_next_key:
	free(next_key);
free_key:
	free(key);
	return err;
}

/*
 * After BPF_MAP_FREEZE no system call writes the map again; programs
 * still may, unless it was created BPF_F_RDONLY_PROG. Both together make
 * a map a constant: what libbpf does with .rodata, and what lets the
 * verifier read its values as known numbers (map_value_read_reg()).
 */
int map_freeze(const union bpf_attr *attr)
{
	int ufd = attr->map_fd;
	struct bpf_map *map;

	if (CHECK_ATTR(BPF_MAP_FREEZE))
		return -EINVAL;

	map = __bpf_map_get(fget(ufd));
	if (IS_ERR(map))
		return PTR_ERR(map);

	if (map->map_type == BPF_MAP_TYPE_STRUCT_OPS)
		return -ENOTSUPP;

	if (map->writecnt)
		return -EBUSY;
	if (map->frozen)
		return -EBUSY;
	if (!bpf_capable())
		return -EPERM;

	map->frozen = true;
	return 0;
}
