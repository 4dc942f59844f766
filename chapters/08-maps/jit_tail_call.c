// SPDX-License-Identifier: GPL-2.0
/*
 * Tail calls in the x86-64 JIT: the indirect form, the direct form with
 * its patchable jump, and the patching.
 *
 * Mirrors arch/x86/net/bpf_jit_comp.c: emit_bpf_tail_call_indirect(),
 * emit_bpf_tail_call_direct(), bpf_tail_call_direct_fixup(),
 * __bpf_arch_text_poke(), bpf_arch_text_poke(), and the BPF_TAIL_CALL case
 * of do_jit(); arch/x86/include/asm/nospec-branch.h:
 * RETPOLINE_RAX_BPF_JIT(), Linux v5.8; written afresh.
 *
 * A tail call replaces the running program by another, in the same frame:
 * the target is entered PROLOGUE_SIZE (25) bytes into its image, past the
 * prologue that would build a second frame. Both were compiled with the
 * same frame layout (chapter 06's emit_prologue()), so the target's loads
 * from r10, its helper calls and its epilogue work on the caller's frame
 * as on its own. The 8-byte slot the prologue pushed last (`push 0`) is
 * tail_call_cnt, which both the caller and every target count against
 * MAX_TAIL_CALL_CNT: the target skipped the `push 0` too, so the count
 * survives the jump.
 *
 * Where the slot is. v5.8 reads the counter at [rbp - 548]: every program
 * with a tail call has stack_depth 512 (fixup_bpf_calls() forces it), so
 * its slot starts at rbp - 512 - 32 (rbx, r13-r15) - 8 = rbp - 552, and the
 * JIT uses the slot's upper half, rbp - 548. This JIT aligns calls to 16
 * bytes (chapter 06's bpf_jit_stack_pad()), which for that frame adds 8
 * bytes: the slot is at rbp - 560, the counter at rbp - 556.
 */
#include <sys/mman.h>

#include "maps.h"
#include "../06-do-jit/bpf_jit_comp.h"

/* The counter's place in the frame of a program that tail-calls. */
static s32 tail_call_cnt_off(void)
{
	s32 slot = -(s32)(MAX_BPF_STACK + bpf_jit_stack_pad(MAX_BPF_STACK, false, true) + 32 + 8);

	return slot + 4;	/* the upper half, as v5.8's -36 - MAX_BPF_STACK */
}

/*
 * The indirect jump: `jmp rax`, through a retpoline as a kernel built with
 * CONFIG_RETPOLINE (every distribution's, since 2018) does it: the CPU
 * cannot speculate through a `ret` whose target was just overwritten.
 */
#define RETPOLINE_RAX_BPF_JIT_SIZE	17
static void emit_retpoline_rax(u8 **pprog)
{
	u8 *prog = *pprog;

	EMIT1_off32(0xE8, 7);		/* callq do_rop */
	/* spec_trap: */
	EMIT2(0xF3, 0x90);		/* pause */
	EMIT3(0x0F, 0xAE, 0xE8);	/* lfence */
	EMIT2(0xEB, 0xF9);		/* jmp spec_trap */
	/* do_rop: */
	EMIT4(0x48, 0x89, 0x04, 0x24);	/* mov %rax,(%rsp) */
	EMIT1(0xC3);			/* retq */
	*pprog = prog;
}

/*
 * Generate the following code:
 *
 * ... bpf_tail_call(void *ctx, struct bpf_array *array, u64 index) ...
 *   if (index >= array->map.max_entries)
 *     goto out;
 *   if (++tail_call_cnt > MAX_TAIL_CALL_CNT)
 *     goto out;
 *   prog = array->ptrs[index];
 *   if (prog == NULL)
 *     goto out;
 *   goto *(prog->bpf_func + prologue_size);
 * out:
 */
static void emit_bpf_tail_call_indirect(u8 **pprog)
{
	u8 *prog = *pprog;
	const s32 tcc = tail_call_cnt_off();
	int cnt = 0, label1, label2, label3;

	BUILD_BUG_ON(offsetof(struct bpf_array, map.max_entries) > 127);
	BUILD_BUG_ON(offsetof(struct bpf_prog, bpf_func) > 127);
	/*
	 * rdi - pointer to ctx
	 * rsi - pointer to bpf_array
	 * rdx - index in bpf_array
	 */

	/*
	 * if (index >= array->map.max_entries)
	 *	goto out;
	 */
	EMIT2(0x89, 0xD2);                        /* mov edx, edx */
	EMIT3(0x39, 0x56,                         /* cmp dword ptr [rsi + 28], edx */
	      offsetof(struct bpf_array, map.max_entries));
#define OFFSET1 (41 + RETPOLINE_RAX_BPF_JIT_SIZE) /* Number of bytes to jump */
	EMIT2(X86_JBE, OFFSET1);                  /* jbe out */
	label1 = prog - *pprog;

	/*
	 * if (tail_call_cnt > MAX_TAIL_CALL_CNT)
	 *	goto out;
	 */
	EMIT2_off32(0x8B, 0x85, tcc);             /* mov eax, dword ptr [rbp - 556] */
	EMIT3(0x83, 0xF8, MAX_TAIL_CALL_CNT);     /* cmp eax, MAX_TAIL_CALL_CNT */
#define OFFSET2 (30 + RETPOLINE_RAX_BPF_JIT_SIZE)
	EMIT2(X86_JA, OFFSET2);                   /* ja out */
	label2 = prog - *pprog;
	EMIT3(0x83, 0xC0, 0x01);                  /* add eax, 1 */
	EMIT2_off32(0x89, 0x85, tcc);             /* mov dword ptr [rbp - 556], eax */

	/* prog = array->ptrs[index]; */
	EMIT4_off32(0x48, 0x8B, 0x84, 0xD6,       /* mov rax, [rsi + rdx * 8 + offsetof(...)] */
		    offsetof(struct bpf_array, ptrs));

	/*
	 * if (prog == NULL)
	 *	goto out;
	 */
	EMIT3(0x48, 0x85, 0xC0);		  /* test rax,rax */
#define OFFSET3 (8 + RETPOLINE_RAX_BPF_JIT_SIZE)
	EMIT2(X86_JE, OFFSET3);                   /* je out */
	label3 = prog - *pprog;

	/* goto *(prog->bpf_func + prologue_size); */
	EMIT4(0x48, 0x8B, 0x40,                   /* mov rax, qword ptr [rax + 48] */
	      offsetof(struct bpf_prog, bpf_func));
	EMIT4(0x48, 0x83, 0xC0, PROLOGUE_SIZE);   /* add rax, prologue_size */

	/*
	 * Wow we're ready to jump into next BPF program
	 * rdi == ctx (1st arg)
	 * rax == prog->bpf_func + prologue_size
	 */
	emit_retpoline_rax(&prog);

	/* out: */
	cnt = prog - *pprog;
	WARN_ON_ONCE(cnt - label1 != OFFSET1);
	WARN_ON_ONCE(cnt - label2 != OFFSET2);
	WARN_ON_ONCE(cnt - label3 != OFFSET3);
	*pprog = prog;
}

/*
 * The direct form: the map and key are constants, so only the counter is
 * checked at run time, and the jump itself is a 5-byte NOP that
 * bpf_tail_call_direct_fixup() and map_poke_run() turn into
 * `jmp target + 25` while the slot holds a program (and back into the NOP
 * when it is emptied). addr is where this instruction's code ends.
 */
static void emit_bpf_tail_call_direct(struct bpf_jit_poke_descriptor *poke, u8 **pprog,
				      int addr, u8 *image)
{
	u8 *prog = *pprog;
	const s32 tcc = tail_call_cnt_off();

	/*
	 * if (tail_call_cnt > MAX_TAIL_CALL_CNT)
	 *	goto out;
	 */
	EMIT2_off32(0x8B, 0x85, tcc);             /* mov eax, dword ptr [rbp - 556] */
	EMIT3(0x83, 0xF8, MAX_TAIL_CALL_CNT);     /* cmp eax, MAX_TAIL_CALL_CNT */
	EMIT2(X86_JA, 14);                        /* ja out */
	EMIT3(0x83, 0xC0, 0x01);                  /* add eax, 1 */
	EMIT2_off32(0x89, 0x85, tcc);             /* mov dword ptr [rbp - 556], eax */

	poke->ip = image + (addr - X86_PATCH_SIZE);
	poke->adj_off = PROLOGUE_SIZE;

	memcpy(prog, bpf_jit_nop5(NULL), X86_PATCH_SIZE);
	prog += X86_PATCH_SIZE;
	/* out: */

	*pprog = prog;
}

/* do_jit()'s BPF_JMP | BPF_TAIL_CALL case (chapter 06 calls it). */
int emit_bpf_tail_call(u8 **pprog, struct bpf_prog *bpf_prog, s32 imm32, int addr,
		       u8 *image)
{
	if (!imm32) {
		emit_bpf_tail_call_indirect(pprog);
		return 0;
	}
	if ((u32)imm32 > bpf_prog->aux->size_poke_tab)
		return -EINVAL;
	emit_bpf_tail_call_direct(&bpf_prog->aux->poke_tab[imm32 - 1], pprog, addr, image);
	return 0;
}

/*
 * text_poke(): the image is read-only and executable once finished, so a
 * patch makes its page(s) writable - and not executable - for the five
 * bytes, then gives them back. No program runs meanwhile: this process has
 * one thread, and programs never write program arrays.
 */
static void text_poke(void *ip, const u8 *insn, size_t len)
{
	uintptr_t start = (uintptr_t)ip & PAGE_MASK;
	size_t span = round_up((uintptr_t)ip + len, PAGE_SIZE) - start;

	mprotect((void *)start, span, PROT_READ | PROT_WRITE);
	memcpy(ip, insn, len);
	mprotect((void *)start, span, PROT_READ | PROT_EXEC);
}

enum bpf_text_poke_type {
	BPF_MOD_CALL,
	BPF_MOD_JUMP,
};

/*
 * Replace the 5 bytes at ip, which must be `jmp old_addr` (or the NOP when
 * old_addr is NULL), by `jmp new_addr` (or the NOP). -EBUSY if ip does not
 * hold what the caller thinks: someone else patched it.
 */
static int __bpf_arch_text_poke(void *ip, enum bpf_text_poke_type t, void *old_addr,
				void *new_addr, const bool text_live)
{
	const u8 *nop_insn = bpf_jit_nop5(NULL);
	u8 old_insn[X86_PATCH_SIZE];
	u8 new_insn[X86_PATCH_SIZE];
	u8 *prog;
	int ret;

	memcpy(old_insn, nop_insn, X86_PATCH_SIZE);
	if (old_addr) {
		prog = old_insn;
		ret = t == BPF_MOD_CALL ?
		      emit_call(&prog, old_addr, ip) :
		      emit_jump(&prog, old_addr, ip);
		if (ret)
			return ret;
	}

	memcpy(new_insn, nop_insn, X86_PATCH_SIZE);
	if (new_addr) {
		prog = new_insn;
		ret = t == BPF_MOD_CALL ?
		      emit_call(&prog, new_addr, ip) :
		      emit_jump(&prog, new_addr, ip);
		if (ret)
			return ret;
	}

	if (memcmp(ip, old_insn, X86_PATCH_SIZE))
		return -EBUSY;
	if (memcmp(ip, new_insn, X86_PATCH_SIZE)) {
		if (text_live)
			text_poke(ip, new_insn, X86_PATCH_SIZE);
		else
			memcpy(ip, new_insn, X86_PATCH_SIZE);
	}
	return 0;
}

int bpf_arch_text_poke(void *ip, int t, void *old_addr, void *new_addr)
{
	return __bpf_arch_text_poke(ip, t, old_addr, new_addr, true);
}

/*
 * The image is written and still writable (bpf_int_jit_compile() calls this
 * just before bpf_jit_binary_lock_ro()): point each direct tail call at the
 * program its slot holds now, and from here on let map_poke_run() follow
 * the slot (ip_stable).
 */
void bpf_tail_call_direct_fixup(struct bpf_prog *prog)
{
	struct bpf_jit_poke_descriptor *poke;
	struct bpf_array *array;
	struct bpf_prog *target;
	u32 i;
	int ret;

	for (i = 0; i < prog->aux->size_poke_tab; i++) {
		poke = &prog->aux->poke_tab[i];
		WARN_ON_ONCE(poke->ip_stable);

		if (poke->reason != BPF_POKE_REASON_TAIL_CALL)
			continue;

		array = container_of(poke->tail_call.map, struct bpf_array, map);
		target = array->ptrs[poke->tail_call.key];
		if (target) {
			/* Plain memcpy is used when image is not live yet
			 * and still not locked as read-only.
			 */
			ret = __bpf_arch_text_poke(poke->ip, BPF_MOD_JUMP, NULL,
						   (u8 *)target->bpf_func + poke->adj_off,
						   false);
			/* BUG_ON(ret < 0) in the kernel; here a target out of
			 * jmp range leaves the NOP: the call falls through.
			 */
			WARN_ON_ONCE(ret < 0);
		}
		poke->ip_stable = true;
	}
}
