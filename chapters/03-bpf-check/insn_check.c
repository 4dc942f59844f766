// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/core.c: bpf_opcode_in_insntable() and
 * kernel/bpf/verifier.c: replace_map_fd_with_map_ptr(), Linux v5.8, with
 * the opcodes Linux 5.12 (atomics) and 6.6 (ISA v4) added; written afresh.
 *
 * The first look at the program, before any control flow: every opcode
 * must be one the instruction set defines, the load/store classes must not
 * use fields they do not define, and every 16-byte ld_imm64 must come as a
 * well-formed pair. The tag is computed here, over the instructions exactly
 * as the loader sent them, before anything rewrites them.
 */
#include "internal.h"

/*
 * The kernel builds this table from the interpreter's jump table
 * (BPF_INSN_MAP), so "known to the verifier" and "known to the
 * interpreter" cannot drift apart. It includes JMP | TAIL_CALL, an internal
 * opcode the verifier's walk then refuses.
 */
static bool public_insntable[256];

static void build_insntable(void)
{
	static const u8 alu_ops[] = { BPF_ADD, BPF_SUB, BPF_AND, BPF_OR, BPF_LSH,
				      BPF_RSH, BPF_XOR, BPF_MUL, BPF_MOV, BPF_ARSH,
				      BPF_DIV, BPF_MOD };
	static const u8 jmp_ops[] = { BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE,
				      BPF_JLT, BPF_JLE, BPF_JSGT, BPF_JSGE,
				      BPF_JSLT, BPF_JSLE };
	static const u8 sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };
	bool *t = public_insntable;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(alu_ops); i++) {
		t[BPF_ALU | alu_ops[i] | BPF_X] = t[BPF_ALU | alu_ops[i] | BPF_K] = true;
		t[BPF_ALU64 | alu_ops[i] | BPF_X] = t[BPF_ALU64 | alu_ops[i] | BPF_K] = true;
	}
	t[BPF_ALU | BPF_NEG] = t[BPF_ALU64 | BPF_NEG] = true;
	t[BPF_ALU | BPF_END | BPF_TO_BE] = t[BPF_ALU | BPF_END | BPF_TO_LE] = true;
	t[BPF_ALU64 | BPF_END | BPF_TO_LE] = true;		/* bswap, ISA v4 */
	for (i = 0; i < ARRAY_SIZE(jmp_ops); i++) {
		t[BPF_JMP | jmp_ops[i] | BPF_X] = t[BPF_JMP | jmp_ops[i] | BPF_K] = true;
		t[BPF_JMP32 | jmp_ops[i] | BPF_X] = t[BPF_JMP32 | jmp_ops[i] | BPF_K] = true;
	}
	t[BPF_JMP | BPF_JA] = true;
	t[BPF_JMP32 | BPF_JA] = true;				/* gotol, ISA v4 */
	t[BPF_JMP | BPF_CALL] = t[BPF_JMP | BPF_EXIT] = true;
	t[BPF_JMP | BPF_TAIL_CALL] = true;			/* internal */
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		t[BPF_STX | BPF_MEM | sizes[i]] = true;
		t[BPF_ST | BPF_MEM | sizes[i]] = true;
		t[BPF_LDX | BPF_MEM | sizes[i]] = true;
		if (sizes[i] != BPF_DW) {
			t[BPF_LDX | BPF_MEMSX | sizes[i]] = true;	/* ISA v4 */
			t[BPF_LD | BPF_ABS | sizes[i]] = true;
			t[BPF_LD | BPF_IND | sizes[i]] = true;
		}
	}
	t[BPF_STX | BPF_ATOMIC | BPF_W] = t[BPF_STX | BPF_ATOMIC | BPF_DW] = true;
	t[BPF_LD | BPF_IMM | BPF_DW] = true;
}

bool bpf_opcode_in_insntable(u8 code)
{
	if (!public_insntable[BPF_JMP | BPF_EXIT])
		build_insntable();
	return public_insntable[code];
}

/*
 * The map case of replace_map_fd_with_map_ptr(): a ld_imm64 that names a
 * map by its fd (BPF_PSEUDO_MAP_FD), or a byte of its value
 * (BPF_PSEUDO_MAP_VALUE), gets the map's address, and the program holds
 * the map. Chapter 08 has maps and defines it; until then no fd can point
 * to a map, and the answer is the kernel's answer for a bad fd.
 */
__weak int replace_map_fd(struct bpf_verifier_env *env, struct bpf_insn *insn, int i)
{
	(void)i;
	verbose(env, "fd %d is not pointing to valid bpf_map\n", insn[0].imm);
	return -EBADF;
}

/*
 * An ld_imm64 that names a map: by fd (BPF_PSEUDO_MAP_FD, the second imm
 * 0), or a value inside one by fd and offset (BPF_PSEUDO_MAP_VALUE).
 * Anything else is no form the kernel knows; a known form goes to
 * replace_map_fd() for its map.
 */
static int check_pseudo_ld_imm64(struct bpf_verifier_env *env, struct bpf_insn *insn, int i)
{
	bool by_fd = insn[0].src_reg == BPF_PSEUDO_MAP_FD;

	if ((!by_fd && insn[0].src_reg != BPF_PSEUDO_MAP_VALUE) || (by_fd && insn[1].imm)) {
		verbose(env, "unrecognized bpf_ld_imm64 insn\n");
		return -EINVAL;
	}
	return replace_map_fd(env, insn, i);
}

int replace_map_fd_with_map_ptr(struct bpf_verifier_env *env)
{
	struct bpf_insn *insn = env->prog->insnsi;
	int insn_cnt = env->prog->len;
	int i, err;

	err = bpf_prog_calc_tag(env->prog);
	if (err)
		return err;

	for (i = 0; i < insn_cnt; i++, insn++) {
		if (BPF_CLASS(insn->code) == BPF_LDX &&
		    ((BPF_MODE(insn->code) != BPF_MEM &&
		      BPF_MODE(insn->code) != BPF_MEMSX) || insn->imm != 0)) {
			verbose(env, "BPF_LDX uses reserved fields\n");
			return -EINVAL;
		}

		/* An atomic's imm is its operation (checked by check_atomic()). */
		if (BPF_CLASS(insn->code) == BPF_STX &&
		    ((BPF_MODE(insn->code) != BPF_MEM &&
		      BPF_MODE(insn->code) != BPF_ATOMIC) ||
		     (BPF_MODE(insn->code) == BPF_MEM && insn->imm != 0))) {
			verbose(env, "BPF_STX uses reserved fields\n");
			return -EINVAL;
		}

		if (insn[0].code == (BPF_LD | BPF_IMM | BPF_DW)) {
			/* a pair: a second slot, all zero but its imm */
			if (i == insn_cnt - 1 || insn[1].code || insn[1].dst_reg ||
			    insn[1].src_reg || insn[1].off) {
				verbose(env, "invalid bpf_ld_imm64 insn\n");
				return -EINVAL;
			}
			if (insn[0].src_reg) {
				err = check_pseudo_ld_imm64(env, insn, i);
				if (err)
					return err;
			}
			/* its second slot is no instruction of its own */
			insn++;
			i++;
			continue;
		}

		/* Ours: a structural-only load may also use `callx` (JMP |
		 * CALL | X, RFC 9669's "callx" group), which no kernel
		 * verifier accepts but the interpreter runs.
		 */
		if (!bpf_opcode_in_insntable(insn->code) &&
		    !(env->unverified && insn->code == (BPF_JMP | BPF_CALL | BPF_X))) {
			verbose(env, "unknown opcode %02x\n", insn->code);
			return -EINVAL;
		}
	}
	return 0;
}
