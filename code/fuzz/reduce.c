// SPDX-License-Identifier: GPL-2.0
/*
 * A small reducer: shrinks a program while what it shows stays the same.
 *
 * A finding from a random program carries a hundred instructions that have
 * nothing to do with it. The reducer replaces instructions with `ja +0`
 * (which keeps every other instruction's index, so no jump needs fixing),
 * in halves, quarters, ... and single instructions, as delta debugging
 * does, keeping each replacement after which the outcome is still the
 * same (the same runtimes return an r0 that differs from the reference's,
 * or the same runtime faults or hangs). Then it drops the `ja +0`s and
 * retargets the jumps around them, as the verifier's opt_remove_nops()
 * does. Each candidate runs in a child process, as in a run. Ours.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/filter.h"

#include "diff.h"
#include "reduce.h"

/* What a program shows: the thing the reducer keeps. */
struct outcome {
	enum { OUT_AGREES, OUT_REFUSED, OUT_R0, OUT_VERDICT, OUT_REF, OUT_FAULT, OUT_TIMEOUT } kind;
	u32 differs;		/* OUT_R0: the runtimes whose r0 differs from the reference's */
	int mode, phase;	/* OUT_FAULT, OUT_TIMEOUT */
};

struct shared {
	struct diff_progress progress;
	volatile int done;
	struct diff_result res;
};

static struct outcome classify(const struct bpf_insn *insns, u32 len, u32 type, u32 modes,
			       u32 timeout_ms, struct diff_result *res_out)
{
	struct shared *sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct outcome out = { .kind = OUT_FAULT, .mode = -1 };
	int status = 0;
	u32 waited = 0;
	pid_t pid;

	if (sh == MAP_FAILED)
		return out;
	sh->progress.mode = -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		diff_init();
		diff_progress = &sh->progress;
		diff_run(insns, len, type, modes, &sh->res);
		sh->done = 1;
		_exit(0);
	}
	while (pid > 0 && waitpid(pid, &status, WNOHANG) == 0) {
		usleep(1000);
		if (++waited > timeout_ms) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			out.kind = OUT_TIMEOUT;
			break;
		}
	}
	if (out.kind != OUT_TIMEOUT && sh->done) {
		const struct diff_result *r = &sh->res;

		if (diff_verdicts_split(r))
			out.kind = OUT_VERDICT;
		else if (!diff_accepted(r))
			out.kind = OUT_REFUSED;
		else if (r->err[DIFF_REF])
			out.kind = OUT_REF;
		else if (diff_agrees(r))
			out.kind = OUT_AGREES;
		else {
			out.kind = OUT_R0;
			for (int m = 0; m < DIFF_NR_MODES; m++)
				if ((r->modes & (1u << m)) && !r->err[m] &&
				    r->r0[m] != r->r0[DIFF_REF])
					out.differs |= 1u << m;
		}
		if (res_out)
			*res_out = *r;
	} else {
		out.mode = sh->progress.mode;
		out.phase = sh->progress.phase;
	}
	munmap(sh, sizeof(*sh));
	return out;
}

static bool same(const struct outcome *a, const struct outcome *b)
{
	return a->kind == b->kind && a->differs == b->differs &&
	       (a->kind != OUT_FAULT || (a->mode == b->mode && a->phase == b->phase));
}

static bool is_nop(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_JA) && !in->off && !in->imm && !in->dst_reg && !in->src_reg;
}

/* The second half of an ld_imm64 goes with the first. */
static bool is_ld_imm64(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* Instructions [from, to) become ja +0, whole ld_imm64 pairs only. */
static void nop_out(struct bpf_insn *insns, u32 len, u32 from, u32 to)
{
	if (from > 0 && is_ld_imm64(&insns[from - 1]))
		from--;
	if (to < len && to > 0 && is_ld_imm64(&insns[to - 1]))
		to++;
	for (u32 i = from; i < to && i < len; i++)
		insns[i] = BPF_JMP_A(0);
}

/* Drop every ja +0; jumps and calls to a dropped one go to what follows it. */
static u32 compact(struct bpf_insn *insns, u32 len)
{
	u32 *map = calloc(len + 1, sizeof(*map)), n = 0, j = 0;

	if (!map)
		return len;
	/* map[i]: where instruction i, or the first kept one after it, goes */
	for (u32 i = 0; i < len; i++) {
		map[i] = n;
		n += !is_nop(&insns[i]);
	}
	map[len] = n;
	for (u32 i = 0; i < len; i++) {
		struct bpf_insn in = insns[i];
		u8 cls = BPF_CLASS(in.code), op = BPF_OP(in.code);

		if (is_nop(&in))
			continue;
		if ((cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_EXIT &&
		    !(op == BPF_CALL && in.src_reg != BPF_PSEUDO_CALL)) {
			bool by_imm = op == BPF_CALL || in.code == (BPF_JMP32 | BPF_JA);
			s64 target = (s64)i + 1 + (by_imm ? in.imm : in.off);

			if (target >= 0 && target <= len) {
				s64 off = (s64)map[target] - (s64)map[i] - 1;

				if (by_imm)
					in.imm = (s32)off;
				else
					in.off = (s16)off;
			}
		}
		insns[j++] = in;
	}
	free(map);
	return n;
}

int reduce_prog(struct bpf_insn *insns, u32 *len, u32 type, u32 modes, u32 timeout_ms,
		struct diff_result *res)
{
	struct bpf_insn *try = malloc(*len * sizeof(*try));
	struct outcome want, got;
	u32 n = *len, tries = 0;

	if (!try)
		return -ENOMEM;
	want = classify(insns, n, type, modes, timeout_ms, NULL);
	if (want.kind == OUT_AGREES || want.kind == OUT_REFUSED) {
		free(try);
		return -EINVAL;		/* nothing to keep */
	}
	for (u32 chunk = n / 2 ? n / 2 : 1;; chunk = chunk > 1 ? chunk / 2 : 0) {
		bool progress = true;

		while (progress) {
			progress = false;
			for (u32 from = 0; from < n; from += chunk) {
				u32 to = min(from + chunk, n);
				bool all_nops = true;

				for (u32 i = from; i < to; i++)
					all_nops &= is_nop(&insns[i]);
				if (all_nops)
					continue;
				memcpy(try, insns, n * sizeof(*try));
				nop_out(try, n, from, to);
				got = classify(try, n, type, modes, timeout_ms, NULL);
				tries++;
				if (same(&got, &want)) {
					memcpy(insns, try, n * sizeof(*try));
					progress = true;
				}
			}
		}
		if (chunk <= 1)
			break;
	}
	memcpy(try, insns, n * sizeof(*try));
	n = compact(try, n);
	got = classify(try, n, type, modes, timeout_ms, res);
	if (same(&got, &want)) {
		memcpy(insns, try, n * sizeof(*try));
		*len = n;
	} else {
		classify(insns, *len, type, modes, timeout_ms, res);
	}
	free(try);
	return (int)tries;
}
