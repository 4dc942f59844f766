/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpf_gen: random eBPF programs that a verifier should accept.
 *
 * The verifier is the boundary between a program and the process that runs
 * it: what it accepts runs as native code. To test it, and the interpreter
 * and the JIT behind it, one needs many programs that are valid (so they
 * get past the verifier and run) yet cover the whole instruction set, with
 * the values where implementations go wrong: 0, -1, INT_MIN, 1 << 63, sign
 * bits. Random bytes are nearly always refused at the first instruction; so
 * the generator writes programs out of small pieces ("snippets"), each of
 * which keeps a few simple facts true at its end:
 *
 *   - every register a snippet may use holds a scalar that was written;
 *   - every stack slot of the function was written, and a slot is either a
 *     "spill" slot (only ever stored and loaded 8 bytes at a time, from a
 *     register: v5.8 refuses a narrower fill of a spilled register) or a
 *     "data" slot (narrow stores, immediates, atomics, sign-extending
 *     loads);
 *   - no pointer survives a snippet (except the ones it reserves: the
 *     context in r6, a pointer into the caller's stack in r9).
 *
 * Jumps go forward to the start of a later snippet, so the facts hold at
 * every target; loops count a register or a stack slot down from a small
 * constant. Each function ends by folding every register and every slot
 * into r0 with xor and multiply, so a wrong value anywhere shows in r0.
 *
 * A share of programs gets one deliberate flaw ("almost valid"): a
 * narrow fill of a spilled register, an out-of-frame offset, a variable
 * stack access, a division by a constant 0, ... The verifier should refuse
 * them; the differential runs whatever it accepts.
 *
 * The choices come from a seeded generator, or from a fuzzer's bytes (so
 * a fuzzer mutates programs structurally, not byte by byte). Ours.
 */
#ifndef _BPF_GEN_H
#define _BPF_GEN_H

#include "linux/kernel.h"
#include "uapi/linux/bpf.h"

#define BPF_GEN_MAX_INSNS	4096
#define BPF_GEN_CTX_SIZE	96	/* raw_tracepoint: u64 args[12] */

/* Where the choices come from: a seed, or bytes (then zeros, and a stop). */
struct bpf_gen_src {
	u64 state;		/* splitmix64, when data is NULL */
	const u8 *data;		/* a fuzzer's input, consumed in order */
	size_t len, pos;
	bool exhausted;		/* data ran out: the program is closed off */
};

void bpf_gen_src_seed(struct bpf_gen_src *s, u64 seed);
void bpf_gen_src_bytes(struct bpf_gen_src *s, const u8 *data, size_t len);
/* The seed of program `index` in a run seeded with `seed`. */
u64 bpf_gen_prog_seed(u64 seed, u64 index);

struct bpf_gen_opts {
	u32 max_insns;		/* about this many at most (0: the default mix of sizes) */
	u32 flaw_pct;		/* percent of programs given one deliberate flaw */
	/*
	 * For a live kernel: socket_filter only, no context, and no helper
	 * whose result differs from run to run (bpf_get_prandom_u32 and
	 * bpf_get_smp_processor_id are called, their result dropped).
	 */
	bool kernel;
	u32 without;		/* BPF_GEN_NO_*: leave these out */
};

/* Parts a run can leave out, to look past a known bug (bpfdiff --without). */
#define BPF_GEN_NO_PRINTK	(1u << 0)	/* bpf_trace_printk calls */
#define BPF_GEN_NO_NULL_CTX	(1u << 1)	/* the context compared with NULL */
#define BPF_GEN_NO_MEMSX	(1u << 2)	/* sign-extending loads */
#define BPF_GEN_NO_CALLS	(1u << 3)	/* bpf-to-bpf calls */
#define BPF_GEN_NO_LOOPS	(1u << 4)	/* bounded loops */
#define BPF_GEN_NO_ATOMICS	(1u << 5)	/* atomic operations */

/* "printk,memsx" into BPF_GEN_NO_* bits; -1 for an unknown name. */
int bpf_gen_parse_without(const char *list, u32 *without);
extern const char bpf_gen_without_names[];

struct bpf_gen_prog {
	struct bpf_insn insns[BPF_GEN_MAX_INSNS];
	u32 len;
	u32 prog_type;		/* BPF_PROG_TYPE_SOCKET_FILTER or _RAW_TRACEPOINT */
	u32 nr_funcs;		/* 1 + subprograms */
	bool reads_ctx;		/* loads from the context (raw_tracepoint) */
	const char *flaw;	/* NULL: meant to be accepted; else what was broken */
};

/* Writes one program into *p. Deterministic in the source's state. */
void bpf_gen(struct bpf_gen_src *s, const struct bpf_gen_opts *o, struct bpf_gen_prog *p);

/*
 * The raw tracepoint arguments every run gives a program that reads its
 * context: twelve u64 with edge values (0, -1, INT_MIN, 1 << 63, ...).
 */
void bpf_gen_ctx(u8 *buf, u32 size);

#endif /* _BPF_GEN_H */
