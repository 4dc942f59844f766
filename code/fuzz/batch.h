/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Programs run in child processes, a batch per child, so that a program
 * that faults or hangs is reported and the run goes on. The child writes
 * each result, and what it is doing right now, into memory it shares with
 * the parent: when a child dies, the parent knows which program, in which
 * mode, loading or running; when it stops making progress for longer than
 * the timeout, the parent kills it and says the same. Ours.
 */
#ifndef _FUZZ_BATCH_H
#define _FUZZ_BATCH_H

#include "bpf_gen.h"
#include "diff.h"

#define BATCH_MAX	128	/* programs per child */

/* One program's outcome, as the parent learns it. */
struct batch_item {
	struct diff_result res;
	u32 len;
	u32 prog_type;
	const char *flaw;	/* the generator's flaw (a static string), or NULL */
	u64 maxrss_kb;		/* the child's peak memory so far (getrusage()) */
};

enum batch_event { BATCH_DONE, BATCH_FAULT, BATCH_TIMEOUT };

struct batch_ops {
	/* In the child: program `index` into *p (its insns, len, type, flaw). */
	void (*make)(void *ctx, u64 index, struct bpf_gen_prog *p);
	/* In the parent, in order of completion: one program's end. For a
	 * fault or a timeout, item holds what is known (len, type, flaw),
	 * and mode/phase where it happened.
	 */
	void (*report)(void *ctx, u64 index, enum batch_event ev,
		       const struct batch_item *item, int mode, int phase, int status);
	void *ctx;
	u32 modes;		/* diff_run()'s modes */
	u32 jobs;		/* children at once */
	u32 batch;		/* programs per child, <= BATCH_MAX */
	u32 timeout_ms;		/* one program's load and run, all modes */
};

/* Programs [0, count): returns 0, or -errno if no child could be started. */
int batch_run(const struct batch_ops *ops, u64 count);

/*
 * One program in one child: diff_run() into *res. Returns 0, or
 * BATCH_FAULT / BATCH_TIMEOUT with *mode and *phase saying where (a
 * negative errno if no child could be started).
 */
int batch_run_one(const struct bpf_insn *insns, u32 len, u32 prog_type, u32 modes,
		  u32 timeout_ms, struct diff_result *res, int *mode, int *phase);

#endif /* _FUZZ_BATCH_H */
