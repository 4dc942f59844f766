// SPDX-License-Identifier: GPL-2.0
/*
 * Loading and running through the system call, as a user-space loader does:
 * BPF_PROG_LOAD with a log buffer, BPF_OBJ_GET_INFO_BY_FD twice (once for
 * the sizes, once with buffers, like bpftool), BPF_PROG_TEST_RUN.
 */
#include <stdlib.h>
#include <string.h>

#include "bpf_object.h"
#include "bpfjit.h"
#include "disasm.h"		/* func_id_name() */
#include "linux/bpf_interp.h"
#include "linux/bpf_jit.h"
#include "linux/bpf_verifier.h"
#include "linux/file.h"
#include "linux/random.h"

static inline u64 ptr_to_u64(const void *p)
{
	return (u64)(unsigned long)p;
}

/*
 * The sysctls and the boot-time choices a real loader finds already set:
 * net.core.bpf_jit_enable, net.core.bpf_jit_harden, the tag's hash (which
 * kernel), the NOP table (which CPU), the random seed; and chapter 09's
 * optimising mode, which no kernel has.
 */
void bpfjit_set_knobs(const struct bpfjit_opts *o)
{
	bpf_jit_enable = o->jit;
	bpf_jit_opt = o->opt;
	bpf_jit_harden = o->harden;
	bpf_verifier_no_prune = o->no_prune;
	bpf_prog_tag_hash = o->tag_hash;
	bpf_jit_nops = o->k8_nops ? BPF_JIT_NOPS_K8 : BPF_JIT_NOPS_CPU;
	bpf_jit_imul = o->imul;
	bpf_jit_padding = o->padding;
	set_random_seed(o->seed_set ? o->seed : 0);
}

static bool is_stats_line(const char *line)
{
	return !strncmp(line, "processed ", 10) || !strncmp(line, "verification time", 17) ||
	       !strncmp(line, "stack depth", 11);
}

/* Precision backtracking's trace (mark_chain_precision(), at any log
 * level): how the walk got there, not why it stopped.
 */
static bool is_backtrack_line(const char *line)
{
	return !strncmp(line, "last_idx ", 9) || !strncmp(line, "regs=", 5) ||
	       !strncmp(line, "parent ", 7);
}

/* "12: (79) r0 = ..." : the verifier printing the instruction it checks. */
static bool is_insn_line(const char *line)
{
	const char *p = line;

	while (*p >= '0' && *p <= '9')
		p++;
	return p > line && !strncmp(p, ": (", 3);
}

/*
 * The verifier's verdict, from its log: the last instruction it printed and
 * the messages after it, without the statistics it closes with:
 *   "at 1: (79) r2 = *(u64 *)(r1 +8): invalid bpf_context access off=8 size=8"
 * A log with no instruction line (a structural check failed) gives its
 * messages alone.
 */
static const char *log_verdict(char *log, char *buf, size_t size)
{
	char *line, *save = NULL, *insn = NULL, *msgs[8];
	size_t n = 0, len = 0;
	unsigned int i;

	buf[0] = '\0';
	for (line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (is_insn_line(line)) {
			insn = line;
			n = 0;
		} else if (!is_stats_line(line) && !is_backtrack_line(line) &&
			   n < ARRAY_SIZE(msgs)) {
			msgs[n++] = line;
		}
	}
	if (insn && n)
		len = snprintf(buf, size, "at %s: ", insn);
	for (i = 0; i < n && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s", i ? "; " : "", msgs[i]);
	return buf;
}

/*
 * Behind the system call: the fields of struct bpf_prog that the uapi does
 * not report. v5.8's bpf_prog_info has no stack depth, no name for the
 * interpreter bpf_func points to and no "blinded" bit, so the tool takes a
 * reference on the program the way a kernel subsystem would (bpf_prog_get)
 * and reads them.
 */
static int bpfjit_peek(struct bpfjit_loaded *l, struct bpfjit_err *e)
{
	struct bpf_prog *prog = bpf_prog_get(l->fd);

	if (IS_ERR(prog))
		return bpfjit_fail(e, -PTR_ERR(prog), "bpf_prog_get(%d): %s", l->fd,
				   errno_name(PTR_ERR(prog)));
	l->prog = prog;
	l->stack_depth = prog->aux->stack_depth;
	l->interpreter = prog->jited ? NULL : bpf_interpreter_name(prog->bpf_func);
	/* With bpf-to-bpf calls the JIT compiles (and blinds) each function
	 * on its own (jit_subprogs()): ask each.
	 */
	l->blinded = prog->blinded;
	for (u32 i = 0; prog->jited && i < prog->aux->func_cnt; i++)
		l->blinded |= prog->aux->func[i]->blinded;
	return 0;
}

static int get_info(struct bpfjit_loaded *l, struct bpfjit_err *e)
{
	union bpf_attr attr;
	struct bpf_prog_info *info = &l->info;
	u32 xlated_len, jited_len;
	long err;

	memset(&attr, 0, sizeof(attr));
	memset(info, 0, sizeof(*info));
	attr.info.bpf_fd = l->fd;
	attr.info.info_len = sizeof(*info);
	attr.info.info = ptr_to_u64(info);
	err = sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr));
	if (err)
		return bpfjit_fail(e, -err, "BPF_OBJ_GET_INFO_BY_FD: -%s", errno_name(err));

	xlated_len = info->xlated_prog_len;
	jited_len = info->jited_prog_len;
	l->xlated = calloc(1, xlated_len + 1);
	l->jited = calloc(1, jited_len + 1);
	if (!l->xlated || !l->jited)
		return bpfjit_fail(e, ENOMEM, "out of memory");

	memset(info, 0, sizeof(*info));
	info->xlated_prog_len = xlated_len;
	info->xlated_prog_insns = ptr_to_u64(l->xlated);
	info->jited_prog_len = jited_len;
	info->jited_prog_insns = ptr_to_u64(l->jited);
	err = sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr));
	if (err)
		return bpfjit_fail(e, -err, "BPF_OBJ_GET_INFO_BY_FD: -%s", errno_name(err));
	return 0;
}

static long prog_load(const struct bpfjit_prog *p, const struct bpfjit_opts *o,
		      u32 log_level, struct bpfjit_loaded *l)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = p->prog_type;
	/* an object's program: the attach type its section gives (cgroup_skb
	 * programs need theirs), if v5.8 knows it
	 */
	if (p->oprog && p->oprog->expected_attach_type < __MAX_BPF_ATTACH_TYPE)
		attr.expected_attach_type = p->oprog->expected_attach_type;
	attr.kern_version = p->obj ? p->obj->kern_version : 0;
	attr.insn_cnt = p->insn_cnt;
	attr.insns = ptr_to_u64(p->insns);
	attr.license = ptr_to_u64(p->license);
	attr.log_level = log_level;
	attr.log_buf = log_level ? ptr_to_u64(l->log) : 0;
	attr.log_size = log_level ? BPFJIT_LOG_SIZE : 0;
	attr.prog_flags = o->unverified ? BPF_F_UNVERIFIED : 0;
	memcpy(attr.prog_name, p->name, sizeof(attr.prog_name) - 1);
	l->log[0] = '\0';
	l->attr = attr;
	return sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

/*
 * A refused load that calls a helper v5.8 gives this program type but the
 * book does not model: say which, and why (the verifier only says
 * "unknown func").
 */
static void note_not_modelled(const struct bpfjit_prog *p, char *buf, size_t size)
{
	u32 i;

	buf[0] = '\0';
	for (i = 0; i < p->insn_cnt; i++) {
		const struct bpf_insn *insn = &p->insns[i];
		const char *why;

		if (insn->code != (BPF_JMP | BPF_CALL) || insn->src_reg)
			continue;
		why = bpf_helper_not_modelled(p->prog_type, insn->imm);
		if (why) {
			snprintf(buf, size, "; note: %s is a v5.8 helper of this program type "
				 "that this book does not model: %s", func_id_name(insn->imm), why);
			return;
		}
	}
}

/*
 * Load as libbpf does: without a log first (a big program's log can
 * overflow any buffer, and the kernel then fails the load with -ENOSPC),
 * and, if the kernel refuses, once more with log_level 1 to learn why.
 * An explicit --log-level asks for that log from the start.
 */
int bpfjit_load(const struct bpfjit_opts *o, const struct bpfjit_prog *p,
		struct bpfjit_loaded *l, struct bpfjit_err *e)
{
	char verdict[512], note[256];
	long fd;
	int err;

	memset(l, 0, sizeof(*l));
	l->fd = -1;
	l->log = calloc(1, BPFJIT_LOG_SIZE);
	if (!l->log)
		return bpfjit_fail(e, ENOMEM, "out of memory");

	bpfjit_set_knobs(o);
	fd = prog_load(p, o, o->log_level, l);
	if (fd < 0 && !o->log_level) {
		long again = prog_load(p, o, 1, l);

		/* The verifier is deterministic: the second answer is the
		 * first. Should it not be, the first one counts.
		 */
		if (again >= 0)
			close_fd(again);
	}
	if (fd < 0) {
		/* Asked for, the whole log helps more than its last line. */
		if (o->log_level && !o->json && l->log[0])
			fprintf(stderr, "%s", l->log);
		log_verdict(l->log, verdict, sizeof(verdict));
		/* The kernel says nothing more of a type it was built without. */
		if (fd == -EINVAL && !verdict[0] && (l->attr.prog_type >= bpf_prog_types_cnt ||
						     !bpf_prog_types[l->attr.prog_type]))
			return bpfjit_fail(e, -fd, "%s: BPF_PROG_LOAD failed: -%s (%s); program "
					   "type %s (%u) is not built in this book", o->input,
					   errno_name(fd), strerror(-fd),
					   bpf_object_prog_type_name(l->attr.prog_type) ? : "?",
					   l->attr.prog_type);
		note_not_modelled(p, note, sizeof(note));
		return bpfjit_fail(e, -fd, "%s: BPF_PROG_LOAD failed: -%s (%s)%s%s%s",
				   o->input, errno_name(fd), strerror(-fd),
				   verdict[0] ? "; verifier: " : "", verdict, note);
	}
	l->fd = fd;

	/* An object's program: its program arrays' initial slots now (libbpf
	 * fills them once every program is loaded); the object owns the fd.
	 */
	if (p->obj) {
		char msg[512] = "";

		err = bpf_object_prog_loaded(p->obj, p->oprog, fd, msg, sizeof(msg));
		l->fd_in_obj = true;
		if (err)
			return bpfjit_fail(e, -err, "%s: %s", o->input, msg);
	}

	err = get_info(l, e);
	if (!err)
		err = bpfjit_peek(l, e);
	return err;
}

void bpfjit_unload(struct bpfjit_loaded *l)
{
	if (l->prog)
		bpf_prog_put(l->prog);
	if (l->fd >= 0 && !l->fd_in_obj)
		close_fd(l->fd);
	free(l->xlated);
	free(l->jited);
	free(l->log);
	memset(l, 0, sizeof(*l));
	l->fd = -1;
}

/*
 * The input a test run gets when the command line gives none. The kernel
 * refuses a packet shorter than an Ethernet header (-EINVAL from
 * bpf_test_init()); like a test that means no packet in particular, the
 * tool sends a zeroed minimum-size frame. A structural-only load gets no
 * memory at all (r1 = 0, r2 = 0), as the conformance suite's programs expect.
 */
static const u8 default_packet[64];

/* The main function's pass trace: the program's, or func[0]'s after jit_subprogs(). */
const struct bpf_jit_trace *bpfjit_trace(const struct bpfjit_loaded *l)
{
	const struct bpf_prog *prog = l->prog;

	if (!prog)
		return NULL;
	if (!prog->aux->jit_trace && prog->jited && prog->aux->func_cnt)
		return prog->aux->func[0]->aux->jit_trace;
	return prog->aux->jit_trace;
}

/* A tracing program's context: the user's bytes, the rest zeroed. */
static u8 *tracing_ctx(const struct bpfjit_opts *o, u32 size, struct bpfjit_err *e)
{
	u8 *ctx = calloc(1, size);

	if (!ctx) {
		bpfjit_fail(e, ENOMEM, "out of memory");
		return NULL;
	}
	if (o->ctx_len > size) {
		bpfjit_fail(e, E2BIG, "%s: --ctx has %u bytes, this program type's context %u",
			    o->input, o->ctx_len, size);
		free(ctx);
		return NULL;
	}
	memcpy(ctx, o->ctx, o->ctx_len);
	return ctx;
}

/*
 * kprobe and tracepoint programs: the kernel has no BPF_PROG_TEST_RUN for
 * them (they run when their probe fires). The tool runs them the way the
 * probe would, behind the system call: bpf_test_run64() on the program
 * with the context the user gave (--ctx), as a struct pt_regs (168 bytes)
 * or a tracepoint record (up to 2048).
 */
static int run_tracing(const struct bpfjit_opts *o, struct bpfjit_loaded *l, u32 ctx_size,
		       u64 *retval, u64 *duration_ns, struct bpfjit_err *e)
{
	u8 *ctx = tracing_ctx(o, ctx_size, e);
	u32 time = 0;

	if (!ctx)
		return -e->err;
	bpf_test_run64(l->prog, ctx, ctx_size, o->repeat, retval, &time);
	*duration_ns = time;
	free(ctx);
	return 0;
}

/* raw_tracepoint: BPF_PROG_TEST_RUN takes the arguments as ctx_in, one run. */
static int run_raw_tp(const struct bpfjit_opts *o, struct bpfjit_loaded *l, u64 *retval,
		      u64 *duration_ns, struct bpfjit_err *e)
{
	u64 t0 = 0, runs = o->repeat ? o->repeat : 1;
	union bpf_attr attr;
	long err = 0;

	if (o->ctx_len > MAX_BPF_FUNC_ARGS * sizeof(u64))
		return bpfjit_fail(e, E2BIG, "%s: --ctx has %u bytes, a raw tracepoint "
				   "has at most %zu arguments", o->input, o->ctx_len,
				   (size_t)MAX_BPF_FUNC_ARGS);
	for (u64 i = 0; i < runs && !err; i++) {
		memset(&attr, 0, sizeof(attr));
		attr.test.prog_fd = l->fd;
		attr.test.ctx_in = ptr_to_u64(o->ctx);
		attr.test.ctx_size_in = o->ctx_len;
		err = sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
		t0 += attr.test.duration;
	}
	if (err)
		return bpfjit_fail(e, -err, "%s: BPF_PROG_TEST_RUN failed: -%s (%s)%s",
				   o->input, errno_name(err), strerror(-err),
				   o->ctx ? "" : "; a raw tracepoint program reads its "
				   "arguments: give them with --ctx FILE (u64 each)");
	*retval = attr.test.retval;
	*duration_ns = t0 / runs;
	return bpfjit_r0_64(o, l, retval, e);
}

int bpfjit_test_run(const struct bpfjit_opts *o, struct bpfjit_loaded *l,
		    u64 *retval, u64 *duration_ns, struct bpfjit_err *e)
{
	bool dflt = !o->data && !o->unverified;
	u32 type = l->attr.prog_type;
	union bpf_attr attr;
	long err;

	/* The program's bpf_get_prandom_u32() starts from the seed, whatever
	 * the load drew (blinding, the image offset): every runtime then
	 * sees the same numbers.
	 */
	if (o->seed_set)
		set_random_seed(o->seed);
	if (type == BPF_PROG_TYPE_KPROBE)
		return run_tracing(o, l, 168, retval, duration_ns, e);	/* struct pt_regs */
	if (type == BPF_PROG_TYPE_TRACEPOINT)
		return run_tracing(o, l, 2048, retval, duration_ns, e);	/* PERF_MAX_TRACE_SIZE */
	if (type == BPF_PROG_TYPE_RAW_TRACEPOINT)
		return run_raw_tp(o, l, retval, duration_ns, e);

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = l->fd;
	attr.test.data_in = ptr_to_u64(dflt ? default_packet : o->data);
	attr.test.data_size_in = dflt ? sizeof(default_packet) : o->data_len;
	attr.test.ctx_in = ptr_to_u64(o->ctx);
	attr.test.ctx_size_in = o->ctx_len;
	attr.test.repeat = o->repeat;
	bpfjit_running_unverified = o->unverified;
	err = sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
	bpfjit_running_unverified = 0;
	if (err)
		return bpfjit_fail(e, -err, "%s: BPF_PROG_TEST_RUN failed: -%s (%s)",
				   o->input, errno_name(err), strerror(-err));
	*retval = attr.test.retval;
	*duration_ns = attr.test.duration;
	/*
	 * The uapi's retval is 32 bits (v5.8: __u32 retval), but a BPF
	 * program's r0 is 64. The full value comes from a second, internal
	 * run; see bpf_prog_test_run_r0().
	 */
	return bpfjit_r0_64(o, l, retval, e);
}
