// SPDX-License-Identifier: GPL-2.0
/*
 * Maps of file descriptors, and the one that holds programs:
 * BPF_MAP_TYPE_PROG_ARRAY, the table tail calls jump through.
 *
 * Mirrors kernel/bpf/arraymap.c: fd_array_map_alloc_check(),
 * fd_array_map_free(), fd_array_map_lookup_elem(),
 * bpf_fd_array_map_lookup_elem(), bpf_fd_array_map_update_elem(),
 * fd_array_map_delete_elem(), prog_fd_array_get_ptr(),
 * prog_fd_array_put_ptr(), prog_fd_array_sys_lookup_elem(),
 * bpf_fd_array_map_clear(), prog_array_map_poke_track(),
 * prog_array_map_poke_untrack(), prog_array_map_poke_run(),
 * prog_array_map_clear(), prog_array_map_alloc(), prog_array_map_free(),
 * prog_array_map_ops; kernel/bpf/core.c: bpf_prog_array_compatible(),
 * bpf_check_tail_call(), Linux v5.8; written afresh. The interpreter's side
 * of a tail call is in interp_tail_call.c, the JIT's in jit_tail_call.c.
 *
 * User space writes a program's fd; the map stores the program, holding a
 * reference to it; reading gives the program's id back. A program cannot
 * write this map (no fd means anything inside a program), only read it
 * through bpf_tail_call().
 *
 * Every program in one array must be of one type and be JITed or not
 * alike: a tail call jumps from one program's code straight into the
 * other's, with no conversion of context or calling convention. The first
 * program to meet the array (stored into it, or loaded to call through it)
 * becomes its owner and fixes both.
 */
#include "maps.h"

/* Called from syscall */
int fd_array_map_alloc_check(union bpf_attr *attr)
{
	/* only file descriptors can be stored in this type of map */
	if (attr->value_size != sizeof(u32))
		return -EINVAL;
	/* Program read-only/write-only not supported for special maps yet. */
	if (attr->map_flags & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG))
		return -EINVAL;
	return array_map_alloc_check(attr);
}

static void fd_array_map_free(struct bpf_map *map)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	u32 i;

	/* make sure it's empty */
	for (i = 0; i < array->map.max_entries; i++)
		WARN_ON_ONCE(array->ptrs[i] != NULL);

	bpf_map_area_free(array);
}

/* A program reads it only through bpf_tail_call(). */
void *fd_array_map_lookup_elem(struct bpf_map *map, void *key)
{
	(void)map; (void)key;
	return ERR_PTR(-EOPNOTSUPP);
}

/* only called from syscall */
int bpf_fd_array_map_lookup_elem(struct bpf_map *map, void *key, u32 *value)
{
	void **elem, *ptr;
	int ret = 0;

	if (!map->ops->map_fd_sys_lookup_elem)
		return -ENOTSUPP;

	elem = array_map_lookup_elem(map, key);
	if (elem && (ptr = *elem))
		*value = map->ops->map_fd_sys_lookup_elem(ptr);
	else
		ret = -ENOENT;

	return ret;
}

/* only called from syscall */
int bpf_fd_array_map_update_elem(struct bpf_map *map, struct file *map_file,
				 void *key, void *value, u64 map_flags)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	void *new_ptr, *old_ptr;
	u32 index = *(u32 *)key, ufd;

	if (map_flags != BPF_ANY)
		return -EINVAL;

	if (index >= array->map.max_entries)
		return -E2BIG;

	ufd = *(u32 *)value;
	new_ptr = map->ops->map_fd_get_ptr(map, map_file, ufd);
	if (IS_ERR(new_ptr))
		return PTR_ERR(new_ptr);

	old_ptr = array->ptrs[index];
	array->ptrs[index] = new_ptr;	/* xchg() */
	if (map->ops->map_poke_run)
		map->ops->map_poke_run(map, index, old_ptr, new_ptr);

	if (old_ptr)
		map->ops->map_fd_put_ptr(old_ptr);
	return 0;
}

long fd_array_map_delete_elem(struct bpf_map *map, void *key)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	void *old_ptr;
	u32 index = *(u32 *)key;

	if (index >= array->map.max_entries)
		return -E2BIG;

	old_ptr = array->ptrs[index];
	array->ptrs[index] = NULL;	/* xchg() */
	if (map->ops->map_poke_run)
		map->ops->map_poke_run(map, index, old_ptr, NULL);

	if (old_ptr) {
		map->ops->map_fd_put_ptr(old_ptr);
		return 0;
	} else {
		return -ENOENT;
	}
}

/*
 * Can fp join this array (be stored in it, or tail-call through it)? The
 * first program decides for all the others.
 */
bool bpf_prog_array_compatible(struct bpf_array *array, const struct bpf_prog *fp)
{
	if (fp->kprobe_override)
		return false;

	if (!array->aux->type) {
		/* There's no owner yet where we could check for
		 * compatibility.
		 */
		array->aux->type  = fp->type;
		array->aux->jited = fp->jited;
		return true;
	}

	return array->aux->type  == fp->type &&
	       array->aux->jited == fp->jited;
}

/*
 * Called by bpf_prog_select_runtime() once the program is JITed or not:
 * only then is there anything to compare.
 */
int bpf_check_tail_call(const struct bpf_prog *fp)
{
	struct bpf_prog_aux *aux = fp->aux;
	u32 i;

	for (i = 0; i < aux->used_map_cnt; i++) {
		struct bpf_map *map = aux->used_maps[i];
		struct bpf_array *array;

		if (map->map_type != BPF_MAP_TYPE_PROG_ARRAY)
			continue;

		array = container_of(map, struct bpf_array, map);
		if (!bpf_prog_array_compatible(array, fp))
			return -EINVAL;
	}

	return 0;
}

static void *prog_fd_array_get_ptr(struct bpf_map *map, struct file *map_file, int fd)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	struct bpf_prog *prog = bpf_prog_get(fd);
	int err;

	(void)map_file;
	if (IS_ERR(prog))
		return prog;

	if (!bpf_prog_array_compatible(array, prog)) {
		bpf_prog_put(prog);
		return ERR_PTR(-EINVAL);
	}
	/* ours: chapter 09's images get their way in for tail calls only now */
	err = bpf_jit_opt_tail_target(prog);
	if (err) {
		bpf_prog_put(prog);
		return ERR_PTR(err);
	}

	return prog;
}

static void prog_fd_array_put_ptr(void *ptr)
{
	bpf_prog_put(ptr);
}

static u32 prog_fd_array_sys_lookup_elem(void *ptr)
{
	return ((struct bpf_prog *)ptr)->aux->id;
}

/* decrement refcnt of all bpf_progs that are stored in this map */
static void bpf_fd_array_map_clear(struct bpf_map *map)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	u32 i;

	for (i = 0; i < array->map.max_entries; i++)
		fd_array_map_delete_elem(map, &i);
}

/*
 * The programs whose images jump straight into this array's programs
 * (direct tail calls): when a slot changes, their jumps are rewritten.
 */
struct prog_poke_elem {
	struct prog_poke_elem *next;
	struct bpf_prog_aux *aux;
};

static int prog_array_map_poke_track(struct bpf_map *map, struct bpf_prog_aux *prog_aux)
{
	struct bpf_array_aux *aux = container_of(map, struct bpf_array, map)->aux;
	struct prog_poke_elem *elem, **pp = &aux->poke_progs;

	for (elem = *pp; elem; pp = &elem->next, elem = *pp)
		if (elem->aux == prog_aux)
			return 0;

	elem = calloc(1, sizeof(*elem));
	if (!elem)
		return -ENOMEM;

	/* We must track the program's aux info at this point in time
	 * since the program pointer itself may not be stable yet, see
	 * also comment in prog_array_map_poke_run().
	 */
	elem->aux = prog_aux;
	*pp = elem;		/* list_add_tail() */
	return 0;
}

static void prog_array_map_poke_untrack(struct bpf_map *map, struct bpf_prog_aux *prog_aux)
{
	struct bpf_array_aux *aux = container_of(map, struct bpf_array, map)->aux;
	struct prog_poke_elem *elem, **pp;

	for (pp = &aux->poke_progs; (elem = *pp); pp = &elem->next) {
		if (elem->aux == prog_aux) {
			*pp = elem->next;
			free(elem);
			break;
		}
	}
}

/* arch/x86/net/bpf_jit_comp.c (chapter 08's jit_tail_call.c) */
int bpf_arch_text_poke(void *ip, int t, void *old_addr, void *new_addr);
#define BPF_MOD_JUMP	1

static void prog_array_map_poke_run(struct bpf_map *map, u32 key,
				    struct bpf_prog *old, struct bpf_prog *new)
{
	struct bpf_array_aux *aux = container_of(map, struct bpf_array, map)->aux;
	struct prog_poke_elem *elem;

	for (elem = aux->poke_progs; elem; elem = elem->next) {
		struct bpf_jit_poke_descriptor *poke;
		u32 i;
		int ret;

		for (i = 0; i < elem->aux->size_poke_tab; i++) {
			poke = &elem->aux->poke_tab[i];

			/* The program is not JITed yet (or never will be):
			 * bpf_tail_call_direct_fixup() sets ip_stable when
			 * its image is final, and reads the slot itself.
			 */
			if (!poke->ip_stable)
				continue;
			if (poke->reason != BPF_POKE_REASON_TAIL_CALL)
				continue;
			if (poke->tail_call.map != map ||
			    poke->tail_call.key != key)
				continue;

			ret = bpf_arch_text_poke(poke->ip, BPF_MOD_JUMP,
						 old ? (u8 *)old->bpf_func + poke->adj_off : NULL,
						 new ? (u8 *)new->bpf_func + poke->adj_off : NULL);
			WARN_ON_ONCE(ret < 0 && ret != -EINVAL);
		}
	}
}

/*
 * The last user-space holder is gone: empty the array, so that programs
 * that hold it and sit in it can go too. (The kernel defers this to a
 * work queue.)
 */
static void prog_array_map_clear(struct bpf_map *map)
{
	bpf_map_inc(map);
	bpf_fd_array_map_clear(map);
	bpf_map_put(map);
}

static struct bpf_map *prog_array_map_alloc(union bpf_attr *attr)
{
	struct bpf_array_aux *aux;
	struct bpf_map *map;

	aux = calloc(1, sizeof(*aux));
	if (!aux)
		return ERR_PTR(-ENOMEM);

	map = array_map_alloc(attr);
	if (IS_ERR(map)) {
		free(aux);
		return map;
	}

	container_of(map, struct bpf_array, map)->aux = aux;
	aux->map = map;

	return map;
}

static void prog_array_map_free(struct bpf_map *map)
{
	struct bpf_array_aux *aux = container_of(map, struct bpf_array, map)->aux;
	struct prog_poke_elem *elem, *next;

	for (elem = aux->poke_progs; elem; elem = next) {
		next = elem->next;
		free(elem);
	}
	free(aux);
	fd_array_map_free(map);
}

const struct bpf_map_ops prog_array_map_ops = {
	.map_alloc_check = fd_array_map_alloc_check,
	.map_alloc = prog_array_map_alloc,
	.map_free = prog_array_map_free,
	.map_poke_track = prog_array_map_poke_track,
	.map_poke_untrack = prog_array_map_poke_untrack,
	.map_poke_run = prog_array_map_poke_run,
	.map_get_next_key = array_map_get_next_key,
	.map_lookup_elem = fd_array_map_lookup_elem,
	.map_delete_elem = fd_array_map_delete_elem,
	.map_fd_get_ptr = prog_fd_array_get_ptr,
	.map_fd_put_ptr = prog_fd_array_put_ptr,
	.map_fd_sys_lookup_elem = prog_fd_array_sys_lookup_elem,
	.map_release_uref = prog_array_map_clear,
};
