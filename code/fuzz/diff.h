/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One program, every way the book can run it: load it through
 * sys_bpf(BPF_PROG_LOAD) once per runtime, run each, compare r0.
 *
 * The reference is the interpreter running the program as written,
 * loaded with BPF_F_UNVERIFIED: structural checks and the runtime
 * guards only, no walk, so nothing the walk believes (a branch it found
 * dead, a bound it derived) can change what runs. Every verified runtime
 * must compute the reference's r0. A verifier that folds a compare the
 * wrong way removes code the program needs: its interpreter and its JIT
 * then agree with each other and not with the reference.
 *
 * Used by bpfdiff (in a child process per batch), by the libFuzzer
 * differential harness and by the regression replay. Ours.
 */
#ifndef _FUZZ_DIFF_H
#define _FUZZ_DIFF_H

#include "linux/bpf.h"

enum diff_mode {
	DIFF_REF,	/* interpreter, BPF_F_UNVERIFIED: the instructions' meaning */
	DIFF_INTERP,	/* verified, interpreter (bpf_jit_enable = 0) */
	DIFF_JIT,	/* verified, JIT */
	DIFF_HARDEN,	/* JIT with constant blinding (bpf_jit_harden = 2) */
	DIFF_IMUL,	/* JIT, MUL as imul (bpf_jit_imul, Linux 6.x) */
	DIFF_PADDING,	/* JIT, NOP padding from pass 15 (bpf_jit_padding, Linux 5.12),
			 * and the K8 NOP in the prologue (bpf_jit_nops) */
	DIFF_OPT,	/* the optimising JIT, every step (bpf_jit_opt, chapter 09) */
	DIFF_OPT_HARDEN, /* the optimising JIT on blinded code: BPF_REG_AX everywhere */
	DIFF_NR_MODES,
};

#define DIFF_ALL_MODES	((1u << DIFF_NR_MODES) - 1)
#define DIFF_SEED	1	/* set_random_seed(): blinding, image offset, prandom */

struct diff_mode_info {
	const char *name;	/* "jit+harden2" */
	const char *bpfjit;	/* the tool's options that load the same way */
};
extern const struct diff_mode_info diff_modes[DIFF_NR_MODES];

struct diff_result {
	u32 modes;			/* the modes that ran */
	int err[DIFF_NR_MODES];		/* BPF_PROG_LOAD: fd >= 0 became 0, or -errno */
	u64 r0[DIFF_NR_MODES];
	bool jited[DIFF_NR_MODES];
	u64 load_ns[DIFF_NR_MODES];
	bool ctx;			/* raw_tracepoint: ran with the context (else NULL) */
	char verdict[160];		/* the verifier's reason, when it refused */
};

/*
 * What the process is doing now, for a parent that sees it die or hang:
 * the mode, and whether it was loading (0) or running (1).
 */
struct diff_progress {
	volatile int mode;
	volatile int phase;
};
extern struct diff_progress *diff_progress;

/* Once per process: knobs at their defaults, trace_printk's output to /dev/null. */
void diff_init(void);

/* Load and run insns in every mode of `modes`; DIFF_REF always runs first. */
void diff_run(const struct bpf_insn *insns, u32 len, u32 prog_type, u32 modes,
	      struct diff_result *res);

/*
 * The mode every other is compared with: the reference, or, when the
 * reference refused the program (a flaw in code the walk found dead and
 * removed), the first verified mode that loaded. -1: none loaded.
 */
int diff_baseline(const struct diff_result *res);
/* Accepted by the verified modes, and every r0 equal to the baseline's? */
bool diff_agrees(const struct diff_result *res);
/* The verified modes disagree on the verdict (one loads, one refuses)? */
bool diff_verdicts_split(const struct diff_result *res);
/* Did the verifier accept (the first verified mode that ran)? */
bool diff_accepted(const struct diff_result *res);

/* The reason a load failed, from the verifier's log: its last message. */
void diff_log_reason(const char *log, char *buf, size_t size);

#endif /* _FUZZ_DIFF_H */
