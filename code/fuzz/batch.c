// SPDX-License-Identifier: GPL-2.0
/*
 * Batches of programs in child processes (see batch.h). Ours.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"

/* The memory a child shares with its parent. */
struct slot {
	struct diff_progress progress;
	volatile u64 cur;		/* the program being worked on */
	volatile u64 done;		/* [start, done) have their results */
	struct batch_item items[BATCH_MAX];
};

struct child {
	pid_t pid;			/* 0: idle */
	u64 start, end;
	struct slot *slot;
	u64 seen;			/* results reported so far: [start, seen) */
	u64 last_cur;
	int last_mode, last_phase;
	u64 since_ms;			/* when that progress was first seen */
};

static u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void child_main(const struct batch_ops *ops, struct slot *slot, u64 start, u64 end)
{
	static struct bpf_gen_prog p;
	struct rusage ru;

	diff_init();
	diff_progress = &slot->progress;
	for (u64 i = start; i < end; i++) {
		struct batch_item *it = &slot->items[i - start];

		slot->cur = i;
		slot->progress.mode = -1;
		ops->make(ops->ctx, i, &p);
		it->len = p.len;
		it->prog_type = p.prog_type;
		it->flaw = p.flaw;
		diff_run(p.insns, p.len, p.prog_type, ops->modes, &it->res);
		if (!getrusage(RUSAGE_SELF, &ru))
			it->maxrss_kb = ru.ru_maxrss;
		__atomic_store_n(&slot->done, i + 1, __ATOMIC_RELEASE);
	}
	_exit(0);
}

/* Ranges still to do: the next batch from the top, or what a dead child left. */
struct todo {
	u64 next, count;
	struct { u64 start, end; } left[64];
	u32 nleft;
};

static bool todo_take(struct todo *t, u32 batch, u64 *start, u64 *end)
{
	if (t->nleft) {
		t->nleft--;
		*start = t->left[t->nleft].start;
		*end = t->left[t->nleft].end;
		return true;
	}
	if (t->next >= t->count)
		return false;
	*start = t->next;
	*end = min(t->next + batch, t->count);
	t->next = *end;
	return true;
}

static void todo_give_back(struct todo *t, u64 start, u64 end)
{
	if (start >= end)
		return;
	if (t->nleft < ARRAY_SIZE(t->left)) {
		t->left[t->nleft].start = start;
		t->left[t->nleft].end = end;
		t->nleft++;
	}
}

/* The results a child has written and the parent has not reported yet. */
static void report_done(const struct batch_ops *ops, struct child *c)
{
	u64 done = __atomic_load_n(&c->slot->done, __ATOMIC_ACQUIRE);

	for (; c->seen < done; c->seen++)
		ops->report(ops->ctx, c->seen, BATCH_DONE, &c->slot->items[c->seen - c->start],
			    -1, -1, 0);
}

/* A child died or hung on program c->slot->cur: say so, give back the rest. */
static void report_lost(const struct batch_ops *ops, struct child *c, struct todo *t,
			enum batch_event ev, int status)
{
	static struct bpf_gen_prog p;
	struct batch_item it;
	u64 cur = c->slot->cur;

	report_done(ops, c);
	if (cur < c->seen || cur >= c->end)	/* died between programs */
		cur = c->seen;
	if (cur < c->end) {
		memset(&it, 0, sizeof(it));
		ops->make(ops->ctx, cur, &p);
		it.len = p.len;
		it.prog_type = p.prog_type;
		it.flaw = p.flaw;
		ops->report(ops->ctx, cur, ev, &it, c->slot->progress.mode,
			    c->slot->progress.phase, status);
		todo_give_back(t, cur + 1, c->end);
	}
	c->pid = 0;
}

static int start_child(const struct batch_ops *ops, struct child *c, u64 start, u64 end)
{
	pid_t pid;

	c->start = c->seen = start;
	c->end = end;
	c->slot->cur = start;
	c->slot->done = start;
	c->slot->progress.mode = -1;
	c->slot->progress.phase = 0;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		child_main(ops, c->slot, start, end);
	c->pid = pid;
	c->last_cur = start;
	c->last_mode = -1;
	c->last_phase = 0;
	c->since_ms = now_ms();
	return 0;
}

int batch_run_one(const struct bpf_insn *insns, u32 len, u32 prog_type, u32 modes,
		  u32 timeout_ms, struct diff_result *res, int *mode, int *phase)
{
	struct slot *sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	const struct timespec tick = { 0, 1000 * 1000 };
	u64 start = now_ms();
	int status = 0, ret = BATCH_DONE;
	pid_t pid;

	if (sh == MAP_FAILED)
		return -ENOMEM;
	sh->progress.mode = -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		munmap(sh, sizeof(*sh));
		return -errno;
	}
	if (pid == 0) {
		diff_init();
		diff_progress = &sh->progress;
		diff_run(insns, len, prog_type, modes, &sh->items[0].res);
		sh->done = 1;
		_exit(0);
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		nanosleep(&tick, NULL);
		if (timeout_ms && now_ms() - start > timeout_ms) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			ret = BATCH_TIMEOUT;
			break;
		}
	}
	if (ret == BATCH_DONE && !(sh->done && WIFEXITED(status) && WEXITSTATUS(status) == 0))
		ret = BATCH_FAULT;
	if (ret == BATCH_DONE)
		*res = sh->items[0].res;
	*mode = sh->progress.mode;
	*phase = sh->progress.phase;
	munmap(sh, sizeof(*sh));
	return ret;
}

int batch_run(const struct batch_ops *ops, u64 count)
{
	u32 jobs = max(ops->jobs, 1u), batch = min(max(ops->batch, 1u), (u32)BATCH_MAX);
	struct child *kids = calloc(jobs, sizeof(*kids));
	struct todo t = { .count = count };
	u32 running = 0;
	int err = 0;

	if (!kids)
		return -ENOMEM;
	for (u32 k = 0; k < jobs; k++) {
		kids[k].slot = mmap(NULL, sizeof(struct slot), PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (kids[k].slot == MAP_FAILED) {
			kids[k].slot = NULL;
			err = -ENOMEM;
			goto out;
		}
	}
	for (;;) {
		const struct timespec tick = { 0, 2 * 1000 * 1000 };

		for (u32 k = 0; k < jobs; k++) {
			u64 start, end;

			if (kids[k].pid || !todo_take(&t, batch, &start, &end))
				continue;
			err = start_child(ops, &kids[k], start, end);
			if (err) {
				todo_give_back(&t, start, end);
				goto out;
			}
			running++;
		}
		if (!running)
			break;
		nanosleep(&tick, NULL);
		for (u32 k = 0; k < jobs; k++) {
			struct child *c = &kids[k];
			int status;
			pid_t w;

			if (!c->pid)
				continue;
			w = waitpid(c->pid, &status, WNOHANG);
			if (w == c->pid) {
				running--;
				if (WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
				    c->slot->done == c->end) {
					report_done(ops, c);
					c->pid = 0;
				} else {
					report_lost(ops, c, &t, BATCH_FAULT, status);
				}
				continue;
			}
			report_done(ops, c);
			if (c->slot->cur != c->last_cur || c->slot->progress.mode != c->last_mode ||
			    c->slot->progress.phase != c->last_phase) {
				c->last_cur = c->slot->cur;
				c->last_mode = c->slot->progress.mode;
				c->last_phase = c->slot->progress.phase;
				c->since_ms = now_ms();
			} else if (ops->timeout_ms && now_ms() - c->since_ms > ops->timeout_ms) {
				kill(c->pid, SIGKILL);
				waitpid(c->pid, &status, 0);
				running--;
				report_lost(ops, c, &t, BATCH_TIMEOUT, status);
			}
		}
	}
out:
	for (u32 k = 0; k < jobs; k++) {
		if (kids[k].pid) {
			kill(kids[k].pid, SIGKILL);
			waitpid(kids[k].pid, NULL, 0);
		}
		if (kids[k].slot)
			munmap(kids[k].slot, sizeof(struct slot));
	}
	free(kids);
	return err;
}
