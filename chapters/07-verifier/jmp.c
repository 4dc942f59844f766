// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: reg_type_not_null(), is_branch32_taken(),
 * is_branch64_taken(), is_branch_taken(), flip_opcode(), reg_set_min_max(),
 * reg_set_min_max_inv(), __reg_combine_min_max(), reg_combine_min_max(),
 * mark_ptr_or_null_reg(), mark_ptr_or_null_regs(), find_equal_scalars()
 * (Linux 5.11) and check_cond_jmp_op(), Linux v5.8; written afresh.
 *
 * A conditional jump is where the verifier learns. If it can tell which
 * way the jump goes (the bounds decide), it follows that way only.
 * Otherwise it walks both, and each side knows what the comparison says:
 *
 *   scalar vs constant   the bounds of both views are cut (reg_set_min_max)
 *   scalar vs scalar     ==: each takes what the other knows
 *   ptr_or_null vs 0     the pointer is NULL on one side, valid on the other,
 *                        and so is every register holding the same pointer
 *   pkt vs pkt_end       every pointer into the packet with the same origin
 *                        now has a range it may read (packet.c)
 *
 * Copies of a scalar (r1 = r2) share an id (Linux 5.11): what one side of
 * the jump learns of r2 holds for r1 too.
 *
 * The kernel writes the compares once per width and once per operator.
 * Here they are written once, on struct bounds (verifier.h), and the
 * signed compares are the unsigned ones in another order: flipping the
 * sign bit of two numbers orders them, unsigned, as they were signed.
 */
#include "verifier.h"

/* Pointer types that are never NULL: "== 0" is false for them. */
static bool reg_type_not_null(enum bpf_reg_type type)
{
	switch (type) {
	case PTR_TO_SOCKET:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_MAP_VALUE:
	case PTR_TO_SOCK_COMMON:
		return true;
	default:
		return false;
	}
}

/* v of the width, moved so that unsigned order is its signed order */
static u64 signed_order(u64 v, u8 bits)
{
	return (v & width_umax(bits)) ^ (1ULL << (bits - 1));
}

static s64 from_signed_order(u64 v, u8 bits)
{
	return as_signed(v ^ (1ULL << (bits - 1)), bits);
}

/* The unsigned compare that the signed one is, once in signed order. */
static u8 unsigned_twin(u8 opcode)
{
	switch (opcode) {
	case BPF_JSGT: return BPF_JGT;
	case BPF_JSGE: return BPF_JGE;
	case BPF_JSLT: return BPF_JLT;
	case BPF_JSLE: return BPF_JLE;
	default:       return opcode;
	}
}

static bool is_signed_cmp(u8 opcode)
{
	return unsigned_twin(opcode) != opcode;
}

/*
 * "x op val" for every x in [lo, hi], op one of >, >=, <, <=: 1 if it
 * holds for all of them, 0 if for none, -1 if for some. The "all" test
 * comes first: on a range that contradicts itself it is the one that
 * answers.
 */
static int range_taken(u64 lo, u64 hi, u64 val, u8 opcode)
{
	switch (opcode) {
	case BPF_JGT:
		return lo > val ? 1 : hi <= val ? 0 : -1;
	case BPF_JGE:
		return lo >= val ? 1 : hi < val ? 0 : -1;
	case BPF_JLT:
		return hi < val ? 1 : lo >= val ? 0 : -1;
	case BPF_JLE:
		return hi <= val ? 1 : lo > val ? 0 : -1;
	default:
		return -1;
	}
}

/*
 * Does "x op val" go one way for every value x of one width can have?
 * == and != need x known; JSET is decided by a bit of val known set in
 * x (taken) or no bit of val possibly set (not taken); the orders by the
 * range.
 */
static int branch_taken_in(const struct bounds *x, u64 val, u8 opcode)
{
	struct tnum t = x->var_off;

	switch (opcode) {
	case BPF_JEQ:
		return tnum_is_const(t) ? t.value == val : -1;
	case BPF_JNE:
		return tnum_is_const(t) ? t.value != val : -1;
	case BPF_JSET:
		if (t.value & ~t.mask & val)
			return 1;
		return (t.value | t.mask) & val ? -1 : 0;
	case BPF_JSGT:
	case BPF_JSGE:
	case BPF_JSLT:
	case BPF_JSLE:
		return range_taken(signed_order(x->smin, x->bits), signed_order(x->smax, x->bits),
				   signed_order(val, x->bits), unsigned_twin(opcode));
	default:
		return range_taken(x->umin, x->umax, val, opcode);
	}
}

static int is_branch32_taken(const struct bpf_reg_state *reg, u32 val, u8 opcode)
{
	struct bounds low = reg_bounds(reg, 32);

	return branch_taken_in(&low, val, opcode);
}

static int is_branch64_taken(const struct bpf_reg_state *reg, u64 val, u8 opcode)
{
	struct bounds whole = reg_bounds(reg, 64);

	return branch_taken_in(&whole, val, opcode);
}

/*
 * "if (reg op val) goto": 1 if the jump is always taken, 0 if never, -1 if
 * the state allows both. Of a pointer only one thing is known: a type
 * that cannot be NULL is not 0.
 */
static int is_branch_taken(const struct bpf_reg_state *reg, u64 val, u8 opcode,
			   bool is_jmp32)
{
	if (__is_pointer_value(false, reg)) {
		if (!reg_type_not_null(reg->type) || val != 0)
			return -1;
		return opcode == BPF_JNE ? 1 : opcode == BPF_JEQ ? 0 : -1;
	}
	return is_jmp32 ? is_branch32_taken(reg, val, opcode)
			: is_branch64_taken(reg, val, opcode);
}

/* "a op b" as "b op' a"; 0 for an opcode that is no compare. */
u8 flip_opcode(u32 opcode)
{
	switch (opcode) {
	case BPF_JEQ:
	case BPF_JNE:
	case BPF_JSET:
		return opcode;
	case BPF_JGT:  return BPF_JLT;
	case BPF_JLT:  return BPF_JGT;
	case BPF_JGE:  return BPF_JLE;
	case BPF_JLE:  return BPF_JGE;
	case BPF_JSGT: return BPF_JSLT;
	case BPF_JSLT: return BPF_JSGT;
	case BPF_JSGE: return BPF_JSLE;
	case BPF_JSLE: return BPF_JSGE;
	default:       return 0;
	}
}

/* Linux 5.11: a packet pointer already known to be past pkt_end (range
 * BEYOND_PKT_END) or at it (AT_PKT_END) compares with pkt_end the same
 * way every time.
 */
static int is_pkt_ptr_branch_taken(const struct bpf_reg_state *dst_reg,
				   const struct bpf_reg_state *src_reg, u8 opcode)
{
	const struct bpf_reg_state *pkt = dst_reg;

	if (dst_reg->type == PTR_TO_PACKET_END && src_reg->type != PTR_TO_PACKET_END) {
		pkt = src_reg;
		opcode = flip_opcode(opcode);
	} else if (src_reg->type != PTR_TO_PACKET_END) {
		return -1;
	}
	if (pkt->range >= 0)
		return -1;

	/* now "pkt op pkt_end" */
	switch (opcode) {
	case BPF_JGT:
	case BPF_JLE:
		/* at least a byte past the end: > holds */
		if (pkt->range == BEYOND_PKT_END)
			return opcode == BPF_JGT;
		break;
	case BPF_JGE:
	case BPF_JLT:
		/* at the end or past it: >= holds */
		if (pkt->range == AT_PKT_END || pkt->range == BEYOND_PKT_END)
			return opcode == BPF_JGE;
		break;
	}
	return -1;
}

static bool is_power_of_2(u64 n)
{
	return n && !(n & (n - 1));
}

/*
 * "x > v" (or_equal: "x >= v") cuts a range in two: where it holds, x is
 * at least v + 1 (v); where it does not, at most v (v - 1). The ends are
 * numbers of the width, wrapping as its arithmetic does: the compares the
 * bounds decided never get here (the caller follows one side only), so a
 * wrapped end never lands in a range that is kept.
 */
static void cut_range(u64 *lo_where_above, u64 *hi_where_not, u64 v, bool or_equal,
		      u8 bits)
{
	u64 first_above = or_equal ? v : (v + 1) & width_umax(bits);
	u64 last_not = or_equal ? (v - 1) & width_umax(bits) : v;

	*lo_where_above = max(*lo_where_above, first_above);
	*hi_where_not = min(*hi_where_not, last_not);
}

/*
 * The bounds of x on the side where "x op v" holds (yes) and where it does
 * not (no), for one of the eight orders. x < v is "not x >= v", and x <= v
 * "not x > v": the same cut with the sides swapped.
 */
static void cut_bounds(struct bounds *yes, struct bounds *no, u64 v, u8 opcode)
{
	u8 op = unsigned_twin(opcode), bits = yes->bits;
	bool greater = op == BPF_JGT || op == BPF_JGE;
	bool or_equal = op == BPF_JGE || op == BPF_JLT;
	struct bounds *above = greater ? yes : no, *not_above = greater ? no : yes;
	u64 lo, hi;

	if (!is_signed_cmp(opcode)) {
		cut_range(&above->umin, &not_above->umax, v, or_equal, bits);
		return;
	}
	lo = signed_order(above->smin, bits);
	hi = signed_order(not_above->smax, bits);
	cut_range(&lo, &hi, signed_order(v, bits), or_equal, bits);
	above->smin = from_signed_order(lo, bits);
	not_above->smax = from_signed_order(hi, bits);
}

/* The compared width of reg's tnum, and setting it back. */
static struct tnum width_tnum(const struct bpf_reg_state *reg, u8 bits)
{
	return bits == 32 ? tnum_subreg(reg->var_off) : reg->var_off;
}

static void set_width_tnum(struct bpf_reg_state *reg, struct tnum t, u8 bits)
{
	reg->var_off = bits == 32 ? tnum_or(tnum_clear_subreg(reg->var_off), tnum_subreg(t)) : t;
}

/* The side where the compare says x == v: that width of x is v. A 64-bit
 * x keeps its id, for its copies are v too.
 */
static void mark_width_known(struct bpf_reg_state *reg, u64 v, u8 bits)
{
	u32 id = reg->id;

	if (bits == 32) {
		__mark_reg32_known(reg, v);
		return;
	}
	__mark_reg_known(reg, v);
	reg->id = id;
}

/*
 * "if (x op v) goto", x a scalar, v a constant: what x is on the side the
 * jump goes (true_reg, in the pushed state) and the side it falls through
 * (false_reg). Only the compared width is cut; the other learns it by
 * __reg_combine_*().
 *
 *   ==, !=   the equal side knows x
 *   JSET     where x & v is 0, every bit of v is 0 in x; where not, and v
 *            is one bit, that bit is 1
 *   orders   the range is cut at v (cut_bounds())
 */
static void reg_set_min_max(struct bpf_reg_state *true_reg,
			    struct bpf_reg_state *false_reg,
			    u64 val, u32 val32, u8 opcode, bool is_jmp32)
{
	u8 bits = is_jmp32 ? 32 : 64;
	u64 v = is_jmp32 ? val32 : val;
	struct bounds yes, no;

	/* A pointer's offset compared with a number says nothing (both
	 * sides are of one type: checking one is enough).
	 */
	if (__is_pointer_value(false, false_reg))
		return;

	switch (opcode) {
	case BPF_JEQ:
		mark_width_known(true_reg, v, bits);
		break;
	case BPF_JNE:
		mark_width_known(false_reg, v, bits);
		break;
	case BPF_JSET:
		set_width_tnum(false_reg, tnum_and(width_tnum(false_reg, bits),
						   tnum_const(~v & width_umax(bits))), bits);
		if (is_power_of_2(v))
			set_width_tnum(true_reg, tnum_or(width_tnum(true_reg, bits),
							 tnum_const(v)), bits);
		break;
	case BPF_JGT:
	case BPF_JGE:
	case BPF_JLT:
	case BPF_JLE:
	case BPF_JSGT:
	case BPF_JSGE:
	case BPF_JSLT:
	case BPF_JSLE:
		yes = reg_bounds(true_reg, bits);
		no = reg_bounds(false_reg, bits);
		cut_bounds(&yes, &no, v, opcode);
		set_reg_bounds(true_reg, &yes);
		set_reg_bounds(false_reg, &no);
		break;
	default:
		return;
	}

	if (is_jmp32) {
		__reg_combine_32_into_64(false_reg);
		__reg_combine_32_into_64(true_reg);
	} else {
		__reg_combine_64_into_32(false_reg);
		__reg_combine_64_into_32(true_reg);
	}
}

/* "if (v op x)", the constant first: "x op' v". (No opcode that gets here
 * flips to 0, the "not a compare" answer.)
 */
static void reg_set_min_max_inv(struct bpf_reg_state *true_reg,
				struct bpf_reg_state *false_reg,
				u64 val, u32 val32, u8 opcode, bool is_jmp32)
{
	u8 flipped = flip_opcode(opcode);

	if (flipped)
		reg_set_min_max(true_reg, false_reg, val, val32, flipped, is_jmp32);
}

/* Two scalars known equal: each is in both ranges and has both known bits. */
static void __reg_combine_min_max(struct bpf_reg_state *src_reg,
				  struct bpf_reg_state *dst_reg)
{
	struct bpf_reg_state *pair[2] = { src_reg, dst_reg };
	u64 umin = max(src_reg->umin_value, dst_reg->umin_value);
	u64 umax = min(src_reg->umax_value, dst_reg->umax_value);
	s64 smin = max(src_reg->smin_value, dst_reg->smin_value);
	s64 smax = min(src_reg->smax_value, dst_reg->smax_value);
	struct tnum both = tnum_intersect(src_reg->var_off, dst_reg->var_off);
	int i;

	for (i = 0; i < 2; i++) {
		pair[i]->umin_value = umin;
		pair[i]->umax_value = umax;
		pair[i]->smin_value = smin;
		pair[i]->smax_value = smax;
		pair[i]->var_off = both;
	}
	/* the 32-bit views are the low halves of the same value */
	for (i = 0; i < 2; i++)
		__reg_combine_64_into_32(pair[i]);
}

/* On the side where a 64-bit == or != found them equal. */
static void reg_combine_min_max(struct bpf_reg_state *true_src,
				struct bpf_reg_state *true_dst,
				struct bpf_reg_state *false_src,
				struct bpf_reg_state *false_dst, u8 opcode)
{
	if (opcode == BPF_JEQ)
		__reg_combine_min_max(true_src, true_dst);
	else if (opcode == BPF_JNE)
		__reg_combine_min_max(false_src, false_dst);
}

static bool reg_may_point_to_spin_lock(const struct bpf_reg_state *reg)
{
	return reg->type == PTR_TO_MAP_VALUE && reg->map_ptr->spin_lock_off >= 0;
}

/* What a maybe-NULL pointer is once it is known not to be NULL. */
static void mark_ptr_not_null_reg(struct bpf_reg_state *reg)
{
	static const struct {
		enum bpf_reg_type or_null, not_null;
	} valid[] = {
		{ PTR_TO_SOCKET_OR_NULL,	PTR_TO_SOCKET },
		{ PTR_TO_SOCK_COMMON_OR_NULL,	PTR_TO_SOCK_COMMON },
		{ PTR_TO_TCP_SOCK_OR_NULL,	PTR_TO_TCP_SOCK },
		{ PTR_TO_BTF_ID_OR_NULL,	PTR_TO_BTF_ID },
		{ PTR_TO_MEM_OR_NULL,		PTR_TO_MEM },
	};
	const struct bpf_map *map;
	size_t i;

	if (reg->type != PTR_TO_MAP_VALUE_OR_NULL) {
		for (i = 0; i < ARRAY_SIZE(valid); i++)
			if (reg->type == valid[i].or_null)
				reg->type = valid[i].not_null;
		return;
	}
	/* A map lookup's result: what the map holds. A map of maps holds
	 * maps, an XSK map xdp sockets, a sockmap sockets; others values.
	 */
	map = reg->map_ptr;
	if (map->inner_map_meta) {
		reg->type = CONST_PTR_TO_MAP;
		reg->map_ptr = map->inner_map_meta;
		return;
	}
	switch (map->map_type) {
	case BPF_MAP_TYPE_XSKMAP:
		reg->type = PTR_TO_XDP_SOCK;
		break;
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
		reg->type = PTR_TO_SOCKET;
		break;
	default:
		reg->type = PTR_TO_MAP_VALUE;
		break;
	}
}

/* One register that holds the compared pointer (same id): NULL on one side,
 * valid on the other.
 */
static void mark_ptr_or_null_reg(struct bpf_reg_state *reg, u32 id, bool is_null)
{
	if (!reg_type_may_be_null(reg->type) || reg->id != id)
		return;
	/* No arithmetic is allowed on a pointer that may be NULL, so its
	 * offset is 0; a state that says otherwise is broken: say so, and
	 * mend it.
	 */
	if (WARN_ON_ONCE(reg->smin_value || reg->smax_value ||
			 !tnum_equals_const(reg->var_off, 0) || reg->off)) {
		__mark_reg_known_zero(reg);
		reg->off = 0;
	}
	if (is_null) {
		/* the number 0, with nothing left to find or release:
		 * without the ids, pruning finds more states equal
		 */
		reg->type = SCALAR_VALUE;
		reg->id = reg->ref_obj_id = 0;
		return;
	}
	mark_ptr_not_null_reg(reg);
	/* The id served to find the copies. A map value that may hold a
	 * spin lock keeps it: bpf_spin_lock() and unlock pair by it. The
	 * reference (ref_obj_id) stays until it is released.
	 */
	if (!reg_may_point_to_spin_lock(reg))
		reg->id = 0;
}

/* Every copy of the compared pointer, in every frame, stack slots too
 * (find_good_pkt_pointers() is the packet's counterpart).
 */
static void mark_ptr_or_null_regs(struct bpf_verifier_state *vstate, u32 regno,
				  bool is_null)
{
	struct bpf_func_state *state = vstate->frame[vstate->curframe];
	struct bpf_reg_state *reg;
	u32 id = state->regs[regno].id;

	/* A referenced pointer found NULL acquired nothing: the reference
	 * the helper recorded goes (nothing could have released it yet).
	 */
	if (is_null && id && state->regs[regno].ref_obj_id == id)
		release_reference_state(state, id);

	for_each_reg_in_vstate(vstate, state, reg, mark_ptr_or_null_reg(reg, id, is_null));
}

/* Linux 5.11: what was learned of a scalar holds for its copies, each
 * keeping its own place in the liveness chain and its frame.
 */
static void find_equal_scalars(struct bpf_verifier_state *vstate,
			       const struct bpf_reg_state *known_reg)
{
	struct bpf_func_state *state;
	struct bpf_reg_state *reg;

	for_each_reg_in_vstate(vstate, state, reg, ({
		if (reg != known_reg && reg->type == SCALAR_VALUE && reg->id == known_reg->id) {
			struct bpf_reg_state learned = *known_reg;

			learned.parent = reg->parent;
			learned.live = reg->live;
			learned.subreg_def = reg->subreg_def;
			learned.frameno = reg->frameno;
			*reg = learned;
		}
	}));
}

/*
 * Linux 5.13 (CVE-2021-33624): a branch the verifier decides is still a
 * branch the CPU may mispredict. For an unprivileged program the side never
 * taken is walked too, as a speculative state, with the compared registers
 * unknown (nothing the compare said holds there). An out-of-bounds access
 * on it is refused like any other. Privileged programs (here the loader
 * that may leak pointers; the kernel asks perfmon_capable()) skip it.
 */
static struct bpf_verifier_state *
sanitize_speculative_path(struct bpf_verifier_env *env, const struct bpf_insn *insn,
			  u32 next_idx, u32 curr_idx)
{
	struct bpf_verifier_state *branch = push_stack(env, next_idx, curr_idx);
	struct bpf_reg_state *regs;

	if (!branch || !insn)
		return branch;
	branch->speculative = true;
	regs = branch->frame[branch->curframe]->regs;
	mark_reg_unknown(env, regs, insn->dst_reg);
	if (BPF_SRC(insn->code) == BPF_X)
		mark_reg_unknown(env, regs, insn->src_reg);
	return branch;
}

/* Which way the jump goes, if its operands decide: 1 taken, 0 not, -1
 * either. A register operand decides only as a constant (of the compared
 * width), or as pkt_end against a packet pointer known past it.
 */
static int predict_branch(const struct bpf_insn *insn, const struct bpf_reg_state *dst_reg,
			  const struct bpf_reg_state *src_reg, bool is_jmp32)
{
	u8 opcode = BPF_OP(insn->code);
	struct tnum src;

	if (!src_reg)
		return is_branch_taken(dst_reg, (u64)(s64)insn->imm, opcode, is_jmp32);
	if (src_reg->type == SCALAR_VALUE) {
		src = width_tnum(src_reg, is_jmp32 ? 32 : 64);
		if (!tnum_is_const(src))
			return -1;
		return is_branch_taken(dst_reg, src.value, opcode, is_jmp32);
	}
	if (is_jmp32 || !reg_is_pkt_pointer_any(dst_reg) || !reg_is_pkt_pointer_any(src_reg))
		return -1;
	return is_pkt_ptr_branch_taken(dst_reg, src_reg, opcode);
}

/* A decided jump rests on the exact values of its scalar operands. */
static int mark_operands_precise(struct bpf_verifier_env *env, const struct bpf_insn *insn,
				 const struct bpf_reg_state *dst_reg,
				 const struct bpf_reg_state *src_reg)
{
	int err = 0;

	if (!__is_pointer_value(false, dst_reg))
		err = mark_chain_precision(env, insn->dst_reg);
	if (!err && src_reg && !__is_pointer_value(false, src_reg))
		err = mark_chain_precision(env, insn->src_reg);
	return err;
}

/* A scalar with copies (an id) passes what it learned on to them, on each
 * side; the pushed copy must still carry the same id.
 */
static void share_with_copies(struct bpf_verifier_state *this_branch,
			      struct bpf_verifier_state *other_branch,
			      const struct bpf_reg_state *reg,
			      const struct bpf_reg_state *other_reg)
{
	if (!reg->id || WARN_ON_ONCE(reg->id != other_reg->id))
		return;
	find_equal_scalars(this_branch, reg);
	find_equal_scalars(other_branch, other_reg);
}

/* "if (ptr == 0)" or "!= 0", 64 bits, of a pointer that may be NULL. */
static bool is_null_check(const struct bpf_insn *insn, const struct bpf_reg_state *dst_reg)
{
	u8 opcode = BPF_OP(insn->code);

	return BPF_CLASS(insn->code) == BPF_JMP && BPF_SRC(insn->code) == BPF_K &&
	       insn->imm == 0 && (opcode == BPF_JEQ || opcode == BPF_JNE) &&
	       reg_type_may_be_null(dst_reg->type);
}

int check_cond_jmp_op(struct bpf_verifier_env *env, struct bpf_insn *insn,
		      int *insn_idx)
{
	struct bpf_verifier_state *this_branch = env->cur_state, *other_branch;
	struct bpf_reg_state *regs = this_branch->frame[this_branch->curframe]->regs;
	struct bpf_reg_state *dst_reg, *src_reg = NULL, *other_regs;
	bool is_jmp32 = BPF_CLASS(insn->code) == BPF_JMP32;
	u8 opcode = BPF_OP(insn->code);
	int pred, err;

	err = check_reserved_fields(env, insn);
	if (err)
		return err;

	/* the operands: src first, if a register, then dst */
	if (BPF_SRC(insn->code) == BPF_X) {
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;
		if (is_pointer_value(env, insn->src_reg)) {
			verbose(env, "R%d pointer comparison prohibited\n", insn->src_reg);
			return -EACCES;
		}
		src_reg = &regs[insn->src_reg];
	}
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	dst_reg = &regs[insn->dst_reg];

	pred = predict_branch(insn, dst_reg, src_reg, is_jmp32);
	if (pred >= 0) {
		u32 not_taken = pred ? *insn_idx + 1 : *insn_idx + insn->off + 1;

		err = mark_operands_precise(env, insn, dst_reg, src_reg);
		if (err)
			return err;
		/* The way the program never goes is still walked for an
		 * unprivileged program: the CPU may speculate into it.
		 */
		if (!env->allow_ptr_leaks &&
		    !sanitize_speculative_path(env, insn, not_taken, *insn_idx))
			return -EFAULT;
		if (pred)
			*insn_idx += insn->off;
		return 0;
	}

	/* Both ways: the jump's side is pushed, the fall-through continues. */
	other_branch = push_stack(env, *insn_idx + insn->off + 1, *insn_idx);
	if (!other_branch)
		return -EFAULT;
	other_regs = other_branch->frame[other_branch->curframe]->regs;

	/*
	 * Scalars learn from the compare. Against a constant (an immediate,
	 * or a register known in the compared width), the other operand's
	 * bounds are cut; two unknown scalars found equal by a 64-bit
	 * compare share what each knows. A pointer's offset is not compared
	 * with anything here: different objects' offsets do not compare.
	 */
	if (!src_reg) {
		if (dst_reg->type == SCALAR_VALUE)
			reg_set_min_max(&other_regs[insn->dst_reg], dst_reg,
					(u64)(s64)insn->imm, (u32)insn->imm, opcode, is_jmp32);
	} else if (dst_reg->type == SCALAR_VALUE && src_reg->type == SCALAR_VALUE) {
		u8 bits = is_jmp32 ? 32 : 64;

		if (tnum_is_const(width_tnum(src_reg, bits)))
			reg_set_min_max(&other_regs[insn->dst_reg], dst_reg,
					src_reg->var_off.value, (u32)src_reg->var_off.value,
					opcode, is_jmp32);
		else if (tnum_is_const(width_tnum(dst_reg, bits)))
			reg_set_min_max_inv(&other_regs[insn->src_reg], src_reg,
					    dst_reg->var_off.value, (u32)dst_reg->var_off.value,
					    opcode, is_jmp32);
		else if (!is_jmp32 && (opcode == BPF_JEQ || opcode == BPF_JNE))
			reg_combine_min_max(&other_regs[insn->src_reg], &other_regs[insn->dst_reg],
					    src_reg, dst_reg, opcode);
		share_with_copies(this_branch, other_branch, src_reg, &other_regs[insn->src_reg]);
	}
	if (dst_reg->type == SCALAR_VALUE)
		share_with_copies(this_branch, other_branch, dst_reg, &other_regs[insn->dst_reg]);

	if (is_null_check(insn, dst_reg)) {
		/* every copy of the pointer is NULL where it compared
		 * equal to 0, and valid where it did not
		 */
		mark_ptr_or_null_regs(this_branch, insn->dst_reg, opcode == BPF_JNE);
		mark_ptr_or_null_regs(other_branch, insn->dst_reg, opcode == BPF_JEQ);
	} else if (!try_match_pkt_pointers(insn, dst_reg, &regs[insn->src_reg],
					   this_branch, other_branch) &&
		   is_pointer_value(env, insn->dst_reg)) {
		verbose(env, "R%d pointer comparison prohibited\n", insn->dst_reg);
		return -EACCES;
	}
	if (env->log.level & BPF_LOG_LEVEL)
		print_verifier_state(env, this_branch->frame[this_branch->curframe]);
	return 0;
}
