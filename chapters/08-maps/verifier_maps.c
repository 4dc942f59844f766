// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier and maps: a program names a map, gets pointers into its
 * values, and passes it to helpers.
 *
 * Mirrors kernel/bpf/verifier.c: the map part of
 * replace_map_fd_with_map_ptr(), check_map_prog_compatibility(), the map
 * part of check_ld_imm(), bpf_map_is_rdonly(), bpf_map_direct_read() (the
 * read-only map part of check_mem_access()), record_func_map(),
 * record_func_key(), check_map_func_compatibility(), Linux v5.8; written
 * afresh. Chapter 07 calls each of these where the kernel does and defines
 * a __weak placeholder; these are the real ones. The bounds of an access
 * to a value are checked in map_access.c.
 *
 * What a register can hold:
 *   CONST_PTR_TO_MAP           the map itself (ld_imm64, BPF_PSEUDO_MAP_FD):
 *                              only for passing to helpers
 *   PTR_TO_MAP_VALUE_OR_NULL   what bpf_map_lookup_elem() returns: must be
 *                              compared with 0 before any use
 *   PTR_TO_MAP_VALUE           a value, value_size bytes, plus an offset
 *                              (fixed in reg->off, variable in the bounds)
 *                              that every access must keep inside the value
 */
#include "verifier_maps.h"
#include "maps.h"
#include "disasm.h"		/* func_id_name() */

/* include/linux/bpf.h: no bpf_spin_lock without BTF (spin_lock_off < 0) */
static bool map_value_has_spin_lock(const struct bpf_map *map)
{
	return map->spin_lock_off >= 0;
}

static bool is_tracing_prog_type(enum bpf_prog_type type)
{
	switch (type) {
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
		return true;
	default:
		return false;
	}
}

static int check_map_prog_compatibility(struct bpf_verifier_env *env, struct bpf_map *map,
					struct bpf_prog *prog)
{
	/* Make sure that BPF_PROG_TYPE_PERF_EVENT programs only use
	 * preallocated hash maps, since doing memory allocation
	 * in overflow_handler can crash depending on where nmi got
	 * triggered.
	 */
	if (prog->type == BPF_PROG_TYPE_PERF_EVENT &&
	    (map->map_type == BPF_MAP_TYPE_HASH ||
	     map->map_type == BPF_MAP_TYPE_PERCPU_HASH ||
	     map->map_type == BPF_MAP_TYPE_HASH_OF_MAPS) &&
	    (map->map_flags & BPF_F_NO_PREALLOC)) {
		verbose(env, "perf_event programs can only use preallocated hash map\n");
		return -EINVAL;
	}

	if ((is_tracing_prog_type(prog->type) ||
	     prog->type == BPF_PROG_TYPE_SOCKET_FILTER) &&
	    map_value_has_spin_lock(map)) {
		verbose(env, "tracing progs cannot use bpf_spin_lock yet\n");
		return -EINVAL;
	}

	if (map->map_type == BPF_MAP_TYPE_STRUCT_OPS) {
		verbose(env, "bpf_struct_ops map cannot be used in prog\n");
		return -EINVAL;
	}

	return 0;
}

/*
 * The map case of replace_map_fd_with_map_ptr(), for the ld_imm64 at
 * insn[0..1], index i: the fd in imm becomes the map's address (or the
 * address of byte insn[1].imm of its value), and the program holds the
 * map from now on (env->used_maps[], later prog->aux->used_maps[]).
 */
int replace_map_fd(struct bpf_verifier_env *env, struct bpf_insn *insn, int i)
{
	struct bpf_insn_aux_data *aux;
	struct bpf_map *map;
	u64 addr;
	u32 j;
	int err;

	map = __bpf_map_get(fget(insn[0].imm));
	if (IS_ERR(map)) {
		verbose(env, "fd %d is not pointing to valid bpf_map\n", insn[0].imm);
		return PTR_ERR(map);
	}

	err = check_map_prog_compatibility(env, map, env->prog);
	if (err)
		return err;

	aux = &env->insn_aux_data[i];
	if (insn->src_reg == BPF_PSEUDO_MAP_FD) {
		addr = (unsigned long)map;
	} else {
		u32 off = insn[1].imm;

		if (off >= BPF_MAX_VAR_OFF) {
			verbose(env, "direct value offset of %u is not allowed\n", off);
			return -EINVAL;
		}

		if (!map->ops->map_direct_value_addr) {
			verbose(env, "no direct value access support for this map type\n");
			return -EINVAL;
		}

		err = map->ops->map_direct_value_addr(map, &addr, off);
		if (err) {
			verbose(env, "invalid access to map value pointer, value_size=%u off=%u\n",
				map->value_size, off);
			return err;
		}

		aux->map_off = off;
		addr += off;
	}

	insn[0].imm = (u32)addr;
	insn[1].imm = addr >> 32;

	/* check whether we recorded this map already */
	for (j = 0; j < env->used_map_cnt; j++) {
		if (env->used_maps[j] == map) {
			aux->map_index = j;
			return 0;
		}
	}

	if (env->used_map_cnt >= MAX_USED_MAPS)
		return -E2BIG;

	/* hold the map. If the program is rejected by verifier,
	 * the map will be released by release_maps() or it
	 * will be used by the valid program until it's unloaded
	 * and all maps are released in free_used_maps()
	 */
	bpf_map_inc(map);

	aux->map_index = env->used_map_cnt;
	env->used_maps[env->used_map_cnt++] = map;
	return 0;
}

/* check_ld_imm(), for a ld_imm64 replace_map_fd() resolved */
int check_ld_imm_map(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	struct bpf_insn_aux_data *aux = cur_aux(env);
	struct bpf_reg_state *regs = cur_regs(env);
	struct bpf_map *map;

	map = env->used_maps[aux->map_index];
	mark_reg_known_zero(env, regs, insn->dst_reg);
	regs[insn->dst_reg].map_ptr = map;

	if (insn->src_reg == BPF_PSEUDO_MAP_VALUE) {
		regs[insn->dst_reg].type = PTR_TO_MAP_VALUE;
		regs[insn->dst_reg].off = aux->map_off;
		if (map_value_has_spin_lock(map))
			regs[insn->dst_reg].id = ++env->id_gen;
	} else if (insn->src_reg == BPF_PSEUDO_MAP_FD) {
		regs[insn->dst_reg].type = CONST_PTR_TO_MAP;
	} else {
		verbose(env, "bpf verifier is misconfigured\n");
		return -EINVAL;
	}

	return 0;
}

/* A map whose values neither programs nor user space can change again. */
static bool bpf_map_is_rdonly(const struct bpf_map *map)
{
	return (map->map_flags & BPF_F_RDONLY_PROG) && map->frozen;
}

static int bpf_map_direct_read(struct bpf_map *map, int off, int size, u64 *val)
{
	const void *ptr;
	u64 addr;
	int err;

	err = map->ops->map_direct_value_addr(map, &addr, off);
	if (err)
		return err;
	ptr = (const char *)(long)addr + off;

	switch (size) {
	case sizeof(u8):
		*val = *(const u8 *)ptr;
		break;
	case sizeof(u16):
		*val = *(const u16 *)ptr;
		break;
	case sizeof(u32):
		*val = *(const u32 *)ptr;
		break;
	case sizeof(u64):
		*val = *(const u64 *)ptr;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

/*
 * A load from a map value: an unknown scalar, unless the map is read-only
 * for good (frozen, BPF_F_RDONLY_PROG: libbpf's .rodata) and the offset is
 * known. Then the verifier reads the value now, and the program's branches
 * on it are decided at load time: dead code is removed, loops bounded by a
 * `const volatile` are unrolled in the walk.
 */
int map_value_read_reg(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
		       int off, int size, struct bpf_reg_state *dst)
{
	struct bpf_map *map = reg->map_ptr;

	/* if map is read-only, track its contents as scalars */
	if (tnum_is_const(reg->var_off) && bpf_map_is_rdonly(map) &&
	    map->ops->map_direct_value_addr) {
		int map_off = off + reg->var_off.value;
		u64 val = 0;
		int err;

		err = bpf_map_direct_read(map, map_off, size, &val);
		if (err)
			return err;

		dst->type = SCALAR_VALUE;
		__mark_reg_known(dst, val);
	} else {
		__mark_reg_unknown(env, dst);
	}
	return 0;
}

/*
 * Which map does this call site use? If always the same one, the call
 * can go straight to that map type's function (fixup_map_call()).
 */
int record_func_map(struct bpf_verifier_env *env, struct bpf_call_arg_meta *meta,
		    int func_id, int insn_idx)
{
	struct bpf_insn_aux_data *aux = &env->insn_aux_data[insn_idx];
	struct bpf_map *map = meta->map_ptr;

	if (func_id != BPF_FUNC_tail_call &&
	    func_id != BPF_FUNC_map_lookup_elem &&
	    func_id != BPF_FUNC_map_update_elem &&
	    func_id != BPF_FUNC_map_delete_elem &&
	    func_id != BPF_FUNC_map_push_elem &&
	    func_id != BPF_FUNC_map_pop_elem &&
	    func_id != BPF_FUNC_map_peek_elem)
		return 0;

	if (map == NULL) {
		verbose(env, "kernel subsystem misconfigured verifier\n");
		return -EINVAL;
	}

	/* In case of read-only, some additional restrictions
	 * need to be applied in order to prevent altering the
	 * state of the map from program side.
	 */
	if ((map->map_flags & BPF_F_RDONLY_PROG) &&
	    (func_id == BPF_FUNC_map_delete_elem ||
	     func_id == BPF_FUNC_map_update_elem ||
	     func_id == BPF_FUNC_map_push_elem ||
	     func_id == BPF_FUNC_map_pop_elem)) {
		verbose(env, "write into map forbidden\n");
		return -EACCES;
	}

	if (!BPF_MAP_PTR(aux->map_ptr_state))
		bpf_map_ptr_store(aux, meta->map_ptr, !meta->map_ptr->bypass_spec_v1);
	else if (BPF_MAP_PTR(aux->map_ptr_state) != meta->map_ptr)
		bpf_map_ptr_store(aux, BPF_MAP_PTR_POISON, !meta->map_ptr->bypass_spec_v1);
	return 0;
}

/*
 * A tail call's key: if R3 holds the same constant on every path, and it is
 * inside the array, the JIT can jump straight to the program in that slot.
 */
int record_func_key(struct bpf_verifier_env *env, struct bpf_call_arg_meta *meta,
		    int func_id, int insn_idx)
{
	struct bpf_insn_aux_data *aux = &env->insn_aux_data[insn_idx];
	struct bpf_reg_state *regs = cur_regs(env), *reg;
	struct bpf_map *map = meta->map_ptr;
	struct tnum range;
	u64 val;
	int err;

	if (func_id != BPF_FUNC_tail_call)
		return 0;
	if (!map || map->map_type != BPF_MAP_TYPE_PROG_ARRAY) {
		verbose(env, "kernel subsystem misconfigured verifier\n");
		return -EINVAL;
	}

	range = tnum_range(0, map->max_entries - 1);
	reg = &regs[BPF_REG_3];

	if (!register_is_const(reg) || !tnum_in(range, reg->var_off)) {
		bpf_map_key_store(aux, BPF_MAP_KEY_POISON);
		return 0;
	}

	err = mark_chain_precision(env, BPF_REG_3);
	if (err)
		return err;

	val = reg->var_off.value;
	if (bpf_map_key_unseen(aux))
		bpf_map_key_store(aux, val);
	else if (!bpf_map_key_poisoned(aux) && bpf_map_key_immediate(aux) != val)
		bpf_map_key_store(aux, BPF_MAP_KEY_POISON);
	return 0;
}

/*
 * Which helpers a map type may be given, and which map types a helper
 * takes: checked both ways, so that neither a new helper nor a new map
 * type can slip through by default.
 */
int check_map_func_compatibility(struct bpf_verifier_env *env, struct bpf_map *map,
				 int func_id)
{
	if (!map)
		return 0;

	/* We need a two way check, first is from map perspective ... */
	switch (map->map_type) {
	case BPF_MAP_TYPE_PROG_ARRAY:
		if (func_id != BPF_FUNC_tail_call)
			goto error;
		break;
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
		if (func_id != BPF_FUNC_perf_event_read &&
		    func_id != BPF_FUNC_perf_event_output &&
		    func_id != BPF_FUNC_skb_output &&
		    func_id != BPF_FUNC_perf_event_read_value &&
		    func_id != BPF_FUNC_xdp_output)
			goto error;
		break;
	case BPF_MAP_TYPE_STACK_TRACE:
		if (func_id != BPF_FUNC_get_stackid)
			goto error;
		break;
	case BPF_MAP_TYPE_RINGBUF:
		if (func_id != BPF_FUNC_ringbuf_output &&
		    func_id != BPF_FUNC_ringbuf_reserve &&
		    func_id != BPF_FUNC_ringbuf_submit &&
		    func_id != BPF_FUNC_ringbuf_discard &&
		    func_id != BPF_FUNC_ringbuf_query)
			goto error;
		break;
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
		if (func_id != BPF_FUNC_map_lookup_elem)
			goto error;
		break;
	default:
		break;
	}

	/* ... and second from the function itself. */
	switch (func_id) {
	case BPF_FUNC_tail_call:
		if (map->map_type != BPF_MAP_TYPE_PROG_ARRAY)
			goto error;
		if (env->subprog_cnt > 1) {
			verbose(env, "tail_calls are not allowed in programs with bpf-to-bpf calls\n");
			return -EINVAL;
		}
		break;
	case BPF_FUNC_perf_event_read:
	case BPF_FUNC_perf_event_output:
	case BPF_FUNC_perf_event_read_value:
	case BPF_FUNC_skb_output:
	case BPF_FUNC_xdp_output:
		if (map->map_type != BPF_MAP_TYPE_PERF_EVENT_ARRAY)
			goto error;
		break;
	case BPF_FUNC_get_stackid:
		if (map->map_type != BPF_MAP_TYPE_STACK_TRACE)
			goto error;
		break;
	case BPF_FUNC_ringbuf_output:
	case BPF_FUNC_ringbuf_reserve:
	case BPF_FUNC_ringbuf_query:
		if (map->map_type != BPF_MAP_TYPE_RINGBUF)
			goto error;
		break;
	case BPF_FUNC_map_peek_elem:
	case BPF_FUNC_map_pop_elem:
	case BPF_FUNC_map_push_elem:
		if (map->map_type != BPF_MAP_TYPE_QUEUE &&
		    map->map_type != BPF_MAP_TYPE_STACK)
			goto error;
		break;
	default:
		break;
	}

	return 0;
error:
	verbose(env, "cannot pass map_type %d into func %s#%d\n",
		map->map_type, func_id_name(func_id), func_id);
	return -EINVAL;
}
