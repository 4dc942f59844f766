/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verifier's record of which map (and which key) each helper call
 * site was given: kernel/bpf/verifier.c's bpf_map_ptr_*() and
 * bpf_map_key_*() (v5.8), shared by verifier_maps.c, which records, and
 * fixup_map.c, which rewrites the call from what was recorded.
 *
 * A call site seen with one map on every path can be bound to that map's
 * functions; seen with two different maps it is "poisoned" and keeps the
 * generic helper. The same for a tail call's key: one constant key on
 * every path makes a direct tail call possible.
 */
#ifndef _CH08_VERIFIER_MAPS_H
#define _CH08_VERIFIER_MAPS_H

#include "../07-verifier/verifier.h"

#define BPF_MAP_KEY_POISON	(1ULL << 63)
#define BPF_MAP_KEY_SEEN	(1ULL << 62)

/* The low bit of map_ptr_state: the loader may not speculate out of bounds
 * (!bypass_spec_v1), so a tail call through this site is index-masked.
 */
#define BPF_MAP_PTR_UNPRIV	1UL
#define BPF_MAP_PTR_POISON	((void *)(0xeB9FUL << 1))
#define BPF_MAP_PTR(X)		((struct bpf_map *)((X) & ~BPF_MAP_PTR_UNPRIV))

static inline bool bpf_map_ptr_poisoned(const struct bpf_insn_aux_data *aux)
{
	return BPF_MAP_PTR(aux->map_ptr_state) == BPF_MAP_PTR_POISON;
}

static inline bool bpf_map_ptr_unpriv(const struct bpf_insn_aux_data *aux)
{
	return aux->map_ptr_state & BPF_MAP_PTR_UNPRIV;
}

static inline void bpf_map_ptr_store(struct bpf_insn_aux_data *aux,
				     const struct bpf_map *map, bool unpriv)
{
	unpriv |= bpf_map_ptr_unpriv(aux);
	aux->map_ptr_state = (unsigned long)map | (unpriv ? BPF_MAP_PTR_UNPRIV : 0UL);
}

static inline bool bpf_map_key_poisoned(const struct bpf_insn_aux_data *aux)
{
	return aux->map_key_state & BPF_MAP_KEY_POISON;
}

static inline bool bpf_map_key_unseen(const struct bpf_insn_aux_data *aux)
{
	return !(aux->map_key_state & BPF_MAP_KEY_SEEN);
}

static inline u64 bpf_map_key_immediate(const struct bpf_insn_aux_data *aux)
{
	return aux->map_key_state & ~(BPF_MAP_KEY_SEEN | BPF_MAP_KEY_POISON);
}

static inline void bpf_map_key_store(struct bpf_insn_aux_data *aux, u64 state)
{
	bool poisoned = bpf_map_key_poisoned(aux);

	aux->map_key_state = state | BPF_MAP_KEY_SEEN | (poisoned ? BPF_MAP_KEY_POISON : 0ULL);
}

/* kernel/bpf/core.c: a direct tail call's patch site, added to aux->poke_tab */
int bpf_jit_add_poke_descriptor(struct bpf_prog *prog,
				struct bpf_jit_poke_descriptor *poke);

#endif /* _CH08_VERIFIER_MAPS_H */
