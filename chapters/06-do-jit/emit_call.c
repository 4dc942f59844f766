// SPDX-License-Identifier: GPL-2.0
/*
 * Calls and jumps to absolute targets: `call rel32` to a helper, `jmp rel32`.
 *
 * Mirrors arch/x86/net/bpf_jit_comp.c: emit_patch(), emit_call(),
 * emit_jump(), Linux v5.8; written afresh.
 *
 * A rel32 reaches 2 GiB either way from the end of the instruction. The
 * kernel never worries: its JIT images live in the module area, within 2 GiB
 * of kernel text. In user space the helpers are in our executable's text and
 * an ordinary mmap() lands terabytes away, so bpf_jit_alloc_exec() places
 * the image near __bpf_call_base (jit_binary.c). In the passes before the
 * image exists the kernel computes the offset from address 0 + addrs[i] -
 * which still fits for kernel text in the top 2 GiB, and whose bytes are
 * thrown away. Ours would not fit from 0, so those passes measure against a
 * stand-in address next to the helpers: the length is 5 either way.
 */
#include "bpf_jit_comp.h"

static int emit_patch(u8 **pprog, void *func, void *ip, u8 opcode)
{
	u8 *prog = *pprog;
	s64 offset;

	/* func - (ip + 5), computed on integers: ip is not in func's object */
	offset = (s64)((uintptr_t)func - ((uintptr_t)ip + X86_PATCH_SIZE));
	if (!is_simm32(offset)) {
		jit_err("Target call %p is out of range\n", func);
		return -ERANGE;
	}
	EMIT1_off32(opcode, offset);
	*pprog = prog;
	return 0;
}

/* call func */
int emit_call(u8 **pprog, void *func, void *ip)
{
	return emit_patch(pprog, func, ip, 0xE8);
}

/* jmp func */
int emit_jump(u8 **pprog, void *func, void *ip)
{
	return emit_patch(pprog, func, ip, 0xE9);
}

/*
 * Where the instruction at byte `offset` of the image will be: in the image
 * once it exists, else at the same offset from the stand-in (the kernel's
 * `image + addrs[i - 1]` with image == NULL).
 */
u8 *bpf_jit_call_ip(u8 *image, int offset)
{
	uintptr_t base = image ? (uintptr_t)image : (uintptr_t)__bpf_call_base;

	return (u8 *)(base + offset);
}
