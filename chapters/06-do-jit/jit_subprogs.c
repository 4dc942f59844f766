// SPDX-License-Identifier: GPL-2.0
/*
 * bpf-to-bpf calls: every function of the program JITed on its own, then
 * the calls between them patched to native `call rel32` in an extra pass.
 *
 * Mirrors kernel/bpf/verifier.c: jit_subprogs(), Linux v5.8; written
 * afresh. This strong definition replaces chapter 03's __weak one, which
 * sent every program with calls to the interpreter.
 *
 * Why an extra pass: a function's image address is known only once it is
 * allocated, and a call's rel32 needs the callee's address. So the first
 * round compiles each function with every call aimed at a placeholder,
 * __bpf_call_base + 1 (a call is 5 bytes wherever it points, so the sizes
 * are already final); bpf_int_jit_compile() keeps each function's addrs[]
 * and image unlocked (x64_jit_data). The second round writes the real
 * `callee - __bpf_call_base` into each call and runs one more pass into the
 * same image, which must come out the same size.
 */
#include <stdlib.h>

#include "linux/bpf_verifier.h"
#include "bpf_jit_comp.h"

int jit_subprogs(struct bpf_verifier_env *env)
{
	struct bpf_prog *prog = env->prog, **func, *tmp;
	int i, j, subprog_start, subprog_end = 0, len, subprog;
	struct bpf_insn *insn;
	void *old_bpf_func;
	s32 *call_imm;	/* the kernel keeps these in env->insn_aux_data[i].call_imm */
	int err;

	if (env->subprog_cnt <= 1)
		return 0;

	call_imm = calloc(prog->len, sizeof(*call_imm));
	if (!call_imm)
		return -ENOMEM;

	for (i = 0, insn = prog->insnsi; i < (int)prog->len; i++, insn++) {
		if (insn->code != (BPF_JMP | BPF_CALL) ||
		    insn->src_reg != BPF_PSEUDO_CALL)
			continue;
		/* Upon error here we cannot fall back to interpreter but
		 * need a hard reject of the program. Thus -EFAULT is
		 * propagated in any case.
		 */
		subprog = find_subprog(env, i + insn->imm + 1);
		if (subprog < 0) {
			jit_err("verifier bug. No program starts at insn %d\n",
				i + insn->imm + 1);
			free(call_imm);
			return -EFAULT;
		}
		/* temporarily remember subprog id inside insn instead of
		 * aux_data, since next loop will split up all insns into funcs
		 */
		insn->off = subprog;
		/* remember original imm in case JIT fails and fallback
		 * to interpreter will be needed
		 */
		call_imm[i] = insn->imm;
		/* point imm to __bpf_call_base+1 from JITs point of view */
		insn->imm = 1;
	}

	err = -ENOMEM;
	func = calloc(env->subprog_cnt, sizeof(prog));
	if (!func)
		goto out_undo_insn;

	for (i = 0; i < (int)env->subprog_cnt; i++) {
		subprog_start = subprog_end;
		subprog_end = env->subprog_info[i + 1].start;

		len = subprog_end - subprog_start;
		func[i] = bpf_prog_alloc_no_stats(bpf_prog_size(len), GFP_USER);
		if (!func[i])
			goto out_free;
		memcpy(func[i]->insnsi, &prog->insnsi[subprog_start],
		       len * sizeof(struct bpf_insn));
		func[i]->type = prog->type;
		func[i]->len = len;
		if (bpf_prog_calc_tag(func[i]))
			goto out_free;
		func[i]->is_func = 1;
		func[i]->aux->func_idx = i;
		/* Use bpf_prog_F_tag to indicate functions in stack traces.
		 * Long term would need debug info to populate names
		 */
		func[i]->aux->name[0] = 'F';
		func[i]->aux->stack_depth = env->subprog_info[i].stack_depth;
		func[i]->aux->verifier_zext = prog->aux->verifier_zext;
		func[i]->jit_requested = 1;
		func[i] = bpf_int_jit_compile(func[i]);
		if (!func[i]->jited) {
			err = -ENOTSUPP;
			goto out_free;
		}
	}
	/* at this point all bpf functions were successfully JITed
	 * now populate all bpf_calls with correct addresses and
	 * run last pass of JIT
	 */
	for (i = 0; i < (int)env->subprog_cnt; i++) {
		insn = func[i]->insnsi;
		for (j = 0; j < (int)func[i]->len; j++, insn++) {
			if (insn->code != (BPF_JMP | BPF_CALL) ||
			    insn->src_reg != BPF_PSEUDO_CALL)
				continue;
			subprog = insn->off;
			/* within s32: every image is placed near the helpers */
			insn->imm = (s32)((uintptr_t)func[subprog]->bpf_func -
					  (uintptr_t)__bpf_call_base);
		}

		/* we use the aux data to keep a list of the start addresses
		 * of the JITed images for each function in the program
		 */
		func[i]->aux->func = func;
		func[i]->aux->func_cnt = env->subprog_cnt;
	}
	for (i = 0; i < (int)env->subprog_cnt; i++) {
		old_bpf_func = func[i]->bpf_func;
		tmp = bpf_int_jit_compile(func[i]);
		if (tmp != func[i] || func[i]->bpf_func != old_bpf_func) {
			jit_err("JIT doesn't support bpf-to-bpf calls\n");
			err = -ENOTSUPP;
			goto out_free;
		}
	}

	/* finally lock prog and jit images for all functions: the extra
	 * pass did (bpf_jit_binary_lock_ro()); kallsyms we do not have
	 */

	/* Last step: make now unused interpreter insns from main
	 * prog consistent for later dump requests, so they can
	 * later look the same as if they were interpreted only.
	 */
	for (i = 0, insn = prog->insnsi; i < (int)prog->len; i++, insn++) {
		if (insn->code != (BPF_JMP | BPF_CALL) ||
		    insn->src_reg != BPF_PSEUDO_CALL)
			continue;
		insn->off = call_imm[i];
		subprog = find_subprog(env, i + insn->off + 1);
		insn->imm = subprog;
	}

	prog->jited = 1;
	prog->bpf_func = func[0]->bpf_func;
	prog->jited_len = func[0]->jited_len;
	prog->aux->func = func;
	prog->aux->func_cnt = env->subprog_cnt;
	/* the subprograms' func[] points back to the same array: only the
	 * main program's pointer owns it (bpf_prog_free())
	 */
	free(call_imm);
	return 0;
out_free:
	for (i = 0; i < (int)env->subprog_cnt; i++)
		if (func[i]) {
			func[i]->aux->func = NULL;
			func[i]->aux->func_cnt = 0;
			bpf_jit_free(func[i]);
		}
	free(func);
out_undo_insn:
	/* cleanup main prog to be interpreted */
	prog->jit_requested = 0;
	for (i = 0, insn = prog->insnsi; i < (int)prog->len; i++, insn++) {
		if (insn->code != (BPF_JMP | BPF_CALL) ||
		    insn->src_reg != BPF_PSEUDO_CALL)
			continue;
		insn->off = 0;
		insn->imm = call_imm[i];
	}
	free(call_imm);
	return err;
}
