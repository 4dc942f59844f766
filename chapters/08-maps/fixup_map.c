// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's last rewrites for maps: tail calls become the internal
 * BPF_JMP | BPF_TAIL_CALL instruction, and map helper calls go straight to
 * the map type's functions, or become inline instructions.
 *
 * Mirrors kernel/bpf/verifier.c: the tail call and map parts of
 * fixup_bpf_calls(), and kernel/bpf/core.c: bpf_jit_add_poke_descriptor(),
 * Linux v5.8; written afresh. Chapter 07's fixup_bpf_calls() calls
 * fixup_map_call() for every helper call, with the batch of patches it
 * applies at the end (all written against the original program).
 *
 * A tail call, three ways:
 *   indirect   imm = 0: the JIT (and the interpreter) looks the program up
 *              in the array in R2 at run time, by the index in R3;
 *   masked     the same, for a loader that may not speculate out of bounds
 *              (!bypass_spec_v1): `if r3 >= max_entries goto +2;
 *              w3 &= index_mask` first, so not even a mispredicted branch
 *              reads past the array;
 *   direct     imm = 1 + a poke descriptor: the map and the key are the same
 *              constant on every path, so the JIT emits a jump it patches
 *              to point at the program in that slot (privileged loaders,
 *              JIT on, no blinding).
 */
#include "verifier_maps.h"
#include "maps.h"
#include "linux/bpf_blind.h"
#include "linux/bpf_patch.h"

int bpf_jit_add_poke_descriptor(struct bpf_prog *prog,
				struct bpf_jit_poke_descriptor *poke)
{
	struct bpf_jit_poke_descriptor *tab = prog->aux->poke_tab;
	static const u32 poke_tab_max = 1024;
	u32 slot = prog->aux->size_poke_tab;
	u32 size = slot + 1;

	if (size > poke_tab_max)
		return -ENOSPC;
	if (poke->ip || poke->ip_stable || poke->adj_off)
		return -EINVAL;

	switch (poke->reason) {
	case BPF_POKE_REASON_TAIL_CALL:
		if (!poke->tail_call.map)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}

	tab = realloc(tab, size * sizeof(*poke));
	if (!tab)
		return -ENOMEM;

	memcpy(&tab[slot], poke, sizeof(*poke));
	prog->aux->size_poke_tab = size;
	prog->aux->poke_tab = tab;

	return slot;
}

static int fixup_tail_call(struct bpf_verifier_env *env, int i, struct bpf_insn *insn,
			   struct bpf_patch_batch *batch)
{
	struct bpf_insn_aux_data *aux = &env->insn_aux_data[i];
	bool expect_blinding = bpf_jit_blinding_enabled(env->prog);
	struct bpf_prog *prog = env->prog;
	struct bpf_insn insn_buf[3];
	struct bpf_map *map_ptr;
	int ret;

	/* If we tail call into other programs, we
	 * cannot make any assumptions since they can
	 * be replaced dynamically during runtime in
	 * the program array.
	 */
	prog->cb_access = 1;
	prog->aux->stack_depth = MAX_BPF_STACK;
	prog->aux->max_pkt_offset = MAX_PACKET_OFF;

	/* mark bpf_tail_call as different opcode to avoid
	 * conditional branch in the interpreter for every normal
	 * call and to prevent accidental JITing by JIT compiler
	 * that doesn't support bpf_tail_call yet
	 */
	insn->imm = 0;
	insn->code = BPF_JMP | BPF_TAIL_CALL;

	if (env->allow_ptr_leaks && !expect_blinding && prog->jit_requested &&
	    !bpf_map_key_poisoned(aux) &&
	    !bpf_map_ptr_poisoned(aux) &&
	    !bpf_map_ptr_unpriv(aux)) {
		struct bpf_jit_poke_descriptor desc = {
			.reason = BPF_POKE_REASON_TAIL_CALL,
			.tail_call.map = BPF_MAP_PTR(aux->map_ptr_state),
			.tail_call.key = bpf_map_key_immediate(aux),
		};

		ret = bpf_jit_add_poke_descriptor(prog, &desc);
		if (ret < 0) {
			verbose(env, "adding tail call poke descriptor failed\n");
			return ret;
		}

		/* Since the poke tab now has this site, tell the map (the
		 * kernel tracks all at once at the end of the pass).
		 */
		if (desc.tail_call.map->ops->map_poke_track(desc.tail_call.map, prog->aux)) {
			verbose(env, "tracking tail call prog failed\n");
			return -ENOMEM;
		}

		insn->imm = ret + 1;
		return 0;
	}

	if (!bpf_map_ptr_unpriv(aux))
		return 0;

	/* instead of changing every JIT dealing with tail_call
	 * emit two extra insns:
	 * if (index >= max_entries) goto out;
	 * index &= array->index_mask;
	 * to avoid out-of-bounds cpu speculation
	 */
	if (bpf_map_ptr_poisoned(aux)) {
		verbose(env, "tail_call abusing map_ptr\n");
		return -EINVAL;
	}

	map_ptr = BPF_MAP_PTR(aux->map_ptr_state);
	insn_buf[0] = BPF_JMP_IMM(BPF_JGE, BPF_REG_3, map_ptr->max_entries, 2);
	insn_buf[1] = BPF_ALU32_IMM(BPF_AND, BPF_REG_3,
				    container_of(map_ptr, struct bpf_array, map)->index_mask);
	insn_buf[2] = *insn;
	return bpf_patch_batch_add(batch, i, insn_buf, 3);
}

/* The distance a call instruction's imm holds for fn (see __bpf_call_base). */
static int call_imm(struct bpf_verifier_env *env, const void *fn, s32 *imm)
{
	s64 dist = (s64)((uintptr_t)fn - (uintptr_t)__bpf_call_base);

	if (dist != (s32)dist) {
		verbose(env, "map function too far from __bpf_call_base\n");
		return -EFAULT;
	}
	*imm = dist;
	return 0;
}

int fixup_map_call(struct bpf_verifier_env *env, int i, struct bpf_insn *insn,
		   struct bpf_patch_batch *batch, bool *done)
{
	struct bpf_insn_aux_data *aux = &env->insn_aux_data[i];
	struct bpf_prog *prog = env->prog;
	const struct bpf_map_ops *ops;
	struct bpf_insn insn_buf[16];
	struct bpf_map *map_ptr;
	u32 cnt;

	*done = false;
	if (insn->imm == BPF_FUNC_tail_call) {
		*done = true;
		return fixup_tail_call(env, i, insn, batch);
	}

	/* BPF_EMIT_CALL() assumptions in some of the map_gen_lookup
	 * and other inlining handlers are currently limited to 64 bit
	 * only.
	 */
	if (!prog->jit_requested ||
	    (insn->imm != BPF_FUNC_map_lookup_elem &&
	     insn->imm != BPF_FUNC_map_update_elem &&
	     insn->imm != BPF_FUNC_map_delete_elem &&
	     insn->imm != BPF_FUNC_map_push_elem &&
	     insn->imm != BPF_FUNC_map_pop_elem &&
	     insn->imm != BPF_FUNC_map_peek_elem))
		return 0;

	/* Seen with different maps: the generic helper (patch_call_imm). */
	if (bpf_map_ptr_poisoned(aux))
		return 0;

	map_ptr = BPF_MAP_PTR(aux->map_ptr_state);
	ops = map_ptr->ops;
	if (insn->imm == BPF_FUNC_map_lookup_elem && ops->map_gen_lookup) {
		cnt = ops->map_gen_lookup(map_ptr, insn_buf);
		if (cnt == 0 || cnt >= ARRAY_SIZE(insn_buf)) {
			verbose(env, "bpf verifier is misconfigured\n");
			return -EINVAL;
		}
		*done = true;
		return bpf_patch_batch_add(batch, i, insn_buf, cnt);
	}

	switch (insn->imm) {
	case BPF_FUNC_map_lookup_elem:
		*done = true;
		return call_imm(env, ops->map_lookup_elem, &insn->imm);
	case BPF_FUNC_map_update_elem:
		*done = true;
		return call_imm(env, ops->map_update_elem, &insn->imm);
	case BPF_FUNC_map_delete_elem:
		*done = true;
		return call_imm(env, ops->map_delete_elem, &insn->imm);
	case BPF_FUNC_map_push_elem:
		*done = true;
		return call_imm(env, ops->map_push_elem, &insn->imm);
	case BPF_FUNC_map_pop_elem:
		*done = true;
		return call_imm(env, ops->map_pop_elem, &insn->imm);
	case BPF_FUNC_map_peek_elem:
		*done = true;
		return call_imm(env, ops->map_peek_elem, &insn->imm);
	}
	return 0;
}
