// SPDX-License-Identifier: GPL-2.0
/*
 * The NOPs: which 5-byte NOP opens every image, and the NOPs that pad a
 * jump that came out shorter than in the previous pass.
 *
 * Mirrors arch/x86/kernel/alternative.c: arch_init_ideal_nops(), and
 * arch/x86/include/asm/nops.h: the K8 and P6 tables, Linux v5.8; emit_nops()
 * from arch/x86/net/bpf_jit_comp.c, Linux 5.12. Written afresh.
 *
 * Why the article's image starts with 66 66 66 66 90: at boot, v5.8 picked
 * a NOP table for the CPU (ideal_nops). The JIT copies its 5-byte atomic NOP
 * (one instruction, so the trampoline code can later patch it into a call
 * in one write). AMD family <= 0xf, a few old Intel family-6 models and
 * unknown vendors get K8 NOPs (operand-size prefixes in front of 0x90); every
 * other x86-64 CPU gets P6 NOPs, the "nopl" family (0f 1f ...). QEMU's
 * default CPU model claims to be an AMD K8, which is where the article ran.
 * From v5.13 the table is static and always P6.
 */
#include <cpuid.h>

#include "bpf_jit_comp.h"

#define ASM_NOP_MAX 8

/* k8_nops[n]: an n-byte NOP. The 5-byte atomic one is a single instruction. */
static const u8 k8_nops[ASM_NOP_MAX + 1][ASM_NOP_MAX] = {
	[1] = { 0x90 },
	[2] = { 0x66, 0x90 },
	[3] = { 0x66, 0x66, 0x90 },
	[4] = { 0x66, 0x66, 0x66, 0x90 },
	[5] = { 0x66, 0x66, 0x90, 0x66, 0x90 },
	[6] = { 0x66, 0x66, 0x90, 0x66, 0x66, 0x90 },
	[7] = { 0x66, 0x66, 0x66, 0x90, 0x66, 0x66, 0x90 },
	[8] = { 0x66, 0x66, 0x66, 0x90, 0x66, 0x66, 0x66, 0x90 },
};
static const u8 k8_nop5_atomic[5] = { 0x66, 0x66, 0x66, 0x66, 0x90 };	/* K8_NOP5_ATOMIC */

/* p6_nops[n]: nop, xchg ax,ax, then nopl/nopw with growing ModRM/SIB/disp. */
static const u8 p6_nops[ASM_NOP_MAX + 1][ASM_NOP_MAX] = {
	[1] = { 0x90 },
	[2] = { 0x66, 0x90 },
	[3] = { 0x0f, 0x1f, 0x00 },
	[4] = { 0x0f, 0x1f, 0x40, 0x00 },
	[5] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 },
	[6] = { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
	[7] = { 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
	[8] = { 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
};
static const u8 *p6_nop5_atomic = p6_nops[5];				/* P6_NOP5_ATOMIC */

enum bpf_jit_nops bpf_jit_nops = BPF_JIT_NOPS_CPU;

/*
 * arch_init_ideal_nops() for the CPU we run on, from CPUID: true if the
 * v5.8 kernel would have chosen the K8 table.
 */
static bool cpu_wants_k8_nops(void)
{
	unsigned int eax, ebx, ecx, edx, family, model;
	char vendor[13];

	if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx))
		return true;			/* no CPUID: "default" */
	memcpy(vendor, &ebx, 4);
	memcpy(vendor + 4, &edx, 4);
	memcpy(vendor + 8, &ecx, 4);
	vendor[12] = '\0';
	__get_cpuid(1, &eax, &ebx, &ecx, &edx);
	family = (eax >> 8) & 0xf;
	model = (eax >> 4) & 0xf;
	if (family == 0xf)
		family += (eax >> 20) & 0xff;
	if (family >= 6)
		model += ((eax >> 16) & 0xf) << 4;

	if (!strcmp(vendor, "GenuineIntel")) {
		/*
		 * Due to a decoder implementation quirk, some specific
		 * Intel CPUs actually perform better with the "k8_nops"
		 * than with the SDM-recommended NOPs.
		 */
		if (family == 6 && model >= 0x0f && model != 0x1c &&
		    model != 0x26 && model != 0x27 && model < 0x30)
			return true;
		return false;		/* X86_FEATURE_NOPL: always set on x86-64 */
	}
	if (!strcmp(vendor, "HygonGenuine"))
		return false;
	if (!strcmp(vendor, "AuthenticAMD") && family > 0xf)
		return false;
	return true;			/* old AMD, and every other vendor, on x86-64 */
}

static bool use_k8(void)
{
	static int cpu = -1;

	if (bpf_jit_nops == BPF_JIT_NOPS_K8)
		return true;
	if (bpf_jit_nops == BPF_JIT_NOPS_P6)
		return false;
	if (cpu < 0)
		cpu = cpu_wants_k8_nops();
	return cpu;
}

/* ideal_nops[NOP_ATOMIC5] */
const u8 *bpf_jit_nop5(const char **table_name)
{
	bool k8 = use_k8();

	if (table_name)
		*table_name = k8 ? "k8_nops" : "p6_nops";
	return k8 ? k8_nop5_atomic : p6_nop5_atomic;
}

/* len bytes of NOPs, at most ASM_NOP_MAX per instruction (Linux 5.12). */
void emit_nops(u8 **pprog, int len)
{
	const u8 (*nops)[ASM_NOP_MAX] = use_k8() ? k8_nops : p6_nops;
	u8 *prog = *pprog;
	int i, noplen;

	while (len > 0) {
		noplen = len;

		if (noplen > ASM_NOP_MAX)
			noplen = ASM_NOP_MAX;

		for (i = 0; i < noplen; i++)
			EMIT1(nops[noplen][i]);
		len -= noplen;
	}

	*pprog = prog;
}
