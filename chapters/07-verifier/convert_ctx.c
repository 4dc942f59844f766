// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: convert_ctx_accesses(), Linux v5.8 (with
 * the sign-extending context loads of Linux 6.6); written afresh.
 *
 * The walk proved every context access allowed and left, per instruction,
 * what it touched (aux->ptr_type == PTR_TO_CTX) and, for loads narrower
 * than their field, the field's size (aux->ctx_field_size). This pass
 * turns those accesses into the accesses of the kernel's own structure,
 * through the program type's convert_ctx_access(). Three more things
 * happen in the same pass, because they too are rewrites the walk asked
 * for:
 *
 *   - the type's prologue, before the first instruction, when the program
 *     writes packet data (tc: uncloning the skb);
 *   - a narrow load (a byte of a u32 field, say) becomes a load of the
 *     whole field, shifted and masked:
 *
 *         r0 = *(u8 *)(r1 + 1)          __sk_buff.len, its second byte
 *     becomes
 *         r0 = *(u32 *)(r1 + 112)       sk_buff.len
 *         w0 >>= 8
 *         w0 &= 0xff
 *
 *   - a store over a stack slot that held a spilled pointer, in an
 *     unprivileged program, is preceded by a store of 0 to the slot
 *     (aux->sanitize_stack_off): Spectre v4, speculative store bypass,
 *     could otherwise let a later load read the old pointer.
 *
 * v5.8 patches each rewrite in with bpf_patch_insn_data() as it goes,
 * which moves the tail of the program every time: quadratic in program
 * size. Here every rewrite is written against the original program and
 * patched in at the end, in one pass (linux/bpf_patch.h), with the same
 * result.
 */
#include "ctx.h"
#include "linux/bpf_patch.h"
#include "../03-bpf-check/internal.h"

/* insn_buf in v5.8: one rewrite fits 16 instructions. */
#define CONVERT_BUF	16

static void misconfigured(struct bpf_verifier_env *env)
{
	verbose(env, "bpf verifier is misconfigured\n");
}

/*
 * The rewrite of original instruction i into buf: its length (at most
 * CONVERT_BUF + 2), 0 if the instruction stays as it is, or a negative
 * errno.
 */
static int convert_one(struct bpf_verifier_env *env, int i, struct bpf_insn *buf)
{
	u32 (*convert_ctx_access)(enum bpf_access_type type, const struct bpf_insn *si,
				  struct bpf_insn *insn_buf, struct bpf_prog *prog,
				  u32 *target_size);
	const struct bpf_verifier_ops *ops = env->ops;
	const struct bpf_insn_aux_data *aux = &env->insn_aux_data[i];
	struct bpf_insn insn = env->prog->insnsi[i];
	u32 target_size, size_default, off;
	int cnt, size, ctx_field_size;
	enum bpf_access_type type;
	bool is_narrower_load;
	u8 mode = BPF_MODE(insn.code);

	if (BPF_CLASS(insn.code) == BPF_LDX &&
	    (mode == BPF_MEM || mode == BPF_MEMSX))
		type = BPF_READ;
	else if (BPF_CLASS(insn.code) == BPF_STX && mode == BPF_MEM)
		type = BPF_WRITE;
	else
		return 0;

	if (type == BPF_WRITE && aux->sanitize_stack_off) {
		/* Sanitize suspicious stack slot with zero.
		 * There are no memory dependencies for this store,
		 * since it's only using frame pointer and immediate
		 * constant of zero
		 */
		buf[0] = BPF_ST_MEM(BPF_DW, BPF_REG_FP, aux->sanitize_stack_off, 0);
		/* the original STX instruction will immediately
		 * overwrite the same stack slot with appropriate value
		 */
		buf[1] = insn;
		return 2;
	}

	/*
	 * The context, and the sockets a program reaches from it
	 * (ctx_sock.c), are views of kernel structures: their accesses are
	 * rewritten. v5.8 rewrites TCP and XDP sockets' and BTF pointers'
	 * too; none of those is modelled here.
	 */
	switch (aux->ptr_type) {
	case PTR_TO_CTX:
		convert_ctx_access = ops->convert_ctx_access;
		break;
	case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON:
		convert_ctx_access = bpf_sock_convert_ctx_access;
		break;
	default:
		return 0;
	}
	if (!convert_ctx_access)
		return 0;

	ctx_field_size = aux->ctx_field_size;
	size = BPF_LDST_BYTES(&insn);

	/*
	 * A sign-extending load of a field that holds a pointer (data,
	 * data_end, data_meta) would cut the pointer to 32 bits and extend
	 * its sign. Linux 6.6+ refuses it during the walk (the access info
	 * knows the load sign-extends), with the message below; chapter
	 * 03's walk does not know that, so the load is refused here, after
	 * the walk, with the same errno and message.
	 */
	if (mode == BPF_MEMSX && aux->ptr_type == PTR_TO_CTX) {
		struct bpf_insn_access_aux info = { .reg_type = SCALAR_VALUE };

		if (!ops->is_valid_access ||
		    !ops->is_valid_access(insn.off, size, BPF_READ, env->prog, &info) ||
		    info.reg_type != SCALAR_VALUE) {
			verbose(env, "invalid bpf_context access off=%d size=%d\n",
				insn.off, size);
			return -EACCES;
		}
	}

	/* If the read access is a narrower load of the field,
	 * convert to a 4/8-byte load, to minimum program type specific
	 * convert_ctx_access changes. If conversion is successful,
	 * we will apply proper mask to the result.
	 */
	is_narrower_load = size < ctx_field_size;
	size_default = bpf_ctx_off_adjust_machine(ctx_field_size);
	off = insn.off;
	if (is_narrower_load) {
		u8 size_code;

		if (type == BPF_WRITE) {
			verbose(env, "bpf verifier narrow ctx access misconfigured\n");
			return -EINVAL;
		}

		size_code = BPF_H;
		if (ctx_field_size == 4)
			size_code = BPF_W;
		else if (ctx_field_size == 8)
			size_code = BPF_DW;

		insn.off = off & ~(size_default - 1);
		insn.code = BPF_LDX | BPF_MEM | size_code;
	}

	target_size = 0;
	cnt = convert_ctx_access(type, &insn, buf, env->prog, &target_size);
	if (cnt == 0 || cnt >= CONVERT_BUF ||
	    (ctx_field_size && !target_size)) {
		misconfigured(env);
		return -EINVAL;
	}

	if (is_narrower_load && size < (int)target_size) {
		u8 shift = bpf_ctx_narrow_access_offset(off, size, size_default) * 8;

		/*
		 * v5.8 masks a narrow load of a 64-bit field with a 64-bit
		 * AND, whose immediate, sign-extended, keeps all 64 bits for
		 * a 4-byte load (0xffffffff is -1); later kernels AND in 32
		 * bits, which is what this does. No field of these types is
		 * both 64-bit and narrow-loadable, so nothing here differs.
		 */
		if (ctx_field_size <= 4) {
			if (shift)
				buf[cnt++] = BPF_ALU32_IMM(BPF_RSH, insn.dst_reg, shift);
			buf[cnt++] = BPF_ALU32_IMM(BPF_AND, insn.dst_reg,
						   (1 << size * 8) - 1);
		} else {
			if (shift)
				buf[cnt++] = BPF_ALU64_IMM(BPF_RSH, insn.dst_reg, shift);
			buf[cnt++] = BPF_ALU32_IMM(BPF_AND, insn.dst_reg,
						   (1ULL << size * 8) - 1);
		}
	}

	/* A sign-extending load (ISA v4, Linux 6.6): the field loaded and
	 * masked as above, then its `size` low bytes sign-extended.
	 */
	if (mode == BPF_MEMSX)
		buf[cnt++] = BPF_RAW_INSN(BPF_ALU64 | BPF_MOV | BPF_X, insn.dst_reg,
					  insn.dst_reg, size * 8, 0);
	return cnt;
}

int convert_ctx_accesses(struct bpf_verifier_env *env)
{
	const struct bpf_verifier_ops *ops = env->ops;
	/* the prologue, then one instruction's rewrite with its mask */
	struct bpf_insn prologue[CONVERT_BUF], buf[3 * CONVERT_BUF];
	const int insn_cnt = env->prog->len;
	struct bpf_patch_batch batch;
	int i, cnt, prologue_cnt = 0, err = 0;

	/*
	 * The prologue ends with a copy of the first instruction (its jumps
	 * land there); it becomes the rewrite of instruction 0, with that
	 * copy replaced by instruction 0's own rewrite, if it has one.
	 */
	if (ops->gen_prologue || env->seen_direct_write) {
		if (!ops->gen_prologue) {
			misconfigured(env);
			return -EINVAL;
		}
		prologue_cnt = ops->gen_prologue(prologue, env->seen_direct_write,
						 env->prog);
		if (prologue_cnt >= CONVERT_BUF) {
			misconfigured(env);
			return -EINVAL;
		}
	}

	/* A program bound to a device is translated by the device's driver
	 * (bpf_prog_is_dev_bound()): nothing is offloaded here.
	 */

	bpf_patch_batch_init(&batch);
	for (i = 0; i < insn_cnt && !err; i++) {
		int at = 0;

		if (i == 0 && prologue_cnt) {
			at = prologue_cnt - 1;
			memcpy(buf, prologue, at * sizeof(*buf));
		}
		cnt = convert_one(env, i, buf + at);
		if (cnt < 0) {
			err = cnt;
			break;
		}
		if (!cnt) {
			if (!at)
				continue;
			buf[at] = env->prog->insnsi[i];
			cnt = 1;
		}
		err = bpf_patch_batch_add(&batch, i, buf, at + cnt);
	}
	if (!err) {
		err = bpf_patch_insns_data(env, &batch);
		/* v5.8: a patch that fails is -ENOMEM, whatever the reason */
		if (err)
			err = -ENOMEM;
	}
	bpf_patch_batch_free(&batch);
	return err;
}
