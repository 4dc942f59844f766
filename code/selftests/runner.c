// SPDX-License-Identifier: GPL-2.0
/*
 * Runs the kernel's verifier selftests through this project's sys_bpf(),
 * as tools/testing/selftests/bpf/test_verifier.c runs them through the
 * kernel's: each program loaded by a privileged loader and, for socket
 * filters, an unprivileged one; the verdict (accepted or refused) compared
 * with the table's, the log with its message, and an accepted program run
 * once on the table's 64 bytes of data, its r0 compared with the table's.
 *
 * A measure, not a test of `make test`: the tables are the kernel's (a
 * Linux source tree, KSRC=), their expectations are those of that kernel,
 * not v5.8's, and a test that needs maps, BTF or kfuncs is counted apart.
 *
 *   runner [-v] [--types socket_filter,sched_cls,xdp] [--grep TEXT]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux/bpf.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "linux/filter.h"
#include "table.h"

#define F_NEEDS_EFFICIENT_UNALIGNED_ACCESS	(1 << 0)
#define F_LOAD_WITH_STRICT_ALIGNMENT		(1 << 1)
#define POINTER_VALUE	0xcafe4a	/* what the tables expect of a pointer */

static char log_buf[1 << 20];
static int verbose_out;

static const char *type_name(unsigned int t)
{
	switch (t) {
	case BPF_PROG_TYPE_SOCKET_FILTER: return "socket_filter";
	case BPF_PROG_TYPE_KPROBE: return "kprobe";
	case BPF_PROG_TYPE_SCHED_CLS: return "sched_cls";
	case BPF_PROG_TYPE_SCHED_ACT: return "sched_act";
	case BPF_PROG_TYPE_TRACEPOINT: return "tracepoint";
	case BPF_PROG_TYPE_XDP: return "xdp";
	case BPF_PROG_TYPE_RAW_TRACEPOINT: return "raw_tracepoint";
	default: return "other";
	}
}

static int load(const struct selftest *t, unsigned int type, int unpriv)
{
	union bpf_attr attr;
	u32 flags = BPF_F_TEST_RND_HI32;

	if (t->flags & F_LOAD_WITH_STRICT_ALIGNMENT)
		flags |= BPF_F_STRICT_ALIGNMENT;
	if (t->flags & F_NEEDS_EFFICIENT_UNALIGNED_ACCESS)
		flags |= BPF_F_ANY_ALIGNMENT;
	if (t->flags & ~3)
		flags |= t->flags;
	set_current_caps(unpriv ? 0 : CAP_ALL);
	sysctl_unprivileged_bpf_disabled = 0;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insns = (u64)(uintptr_t)t->insns;
	attr.insn_cnt = t->len;
	attr.license = (u64)(uintptr_t)"GPL";
	attr.prog_flags = flags;
	attr.log_level = 1;
	attr.log_buf = (u64)(uintptr_t)log_buf;
	attr.log_size = sizeof(log_buf);
	log_buf[0] = 0;
	return (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

static int test_run(int fd, const struct selftest *t, u32 *retval)
{
	union bpf_attr attr;
	u8 data[64], out[64 + 256];
	int err;

	memcpy(data, t->data, sizeof(data));
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = (u64)(uintptr_t)data;
	attr.test.data_size_in = sizeof(data);
	attr.test.data_out = (u64)(uintptr_t)out;
	attr.test.data_size_out = sizeof(out);
	attr.test.repeat = 1;
	err = (int)sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
	*retval = attr.test.retval;
	return err;
}

/* The first line of the log that says why (the last non-statistics one). */
static const char *why(void)
{
	static char line[160];
	char *end = log_buf + strlen(log_buf), *p;

	while (end > log_buf && (end[-1] == '\n' || !strncmp(end - 1, "\n", 1)))
		end--;
	for (p = end; p > log_buf && p[-1] != '\n'; p--)
		;
	if (!strncmp(p, "processed ", 10) && p > log_buf) {
		end = p - 1;
		for (p = end; p > log_buf && p[-1] != '\n'; p--)
			;
	}
	snprintf(line, sizeof(line), "%.*s", (int)(end - p), p);
	return line;
}

struct counts {
	int runs, verdict_ok, accepted_bad, refused_bad, errstr_bad, retval_ok, retval_bad;
};

static void one(const struct selftest *t, unsigned int type, int unpriv, struct counts *c)
{
	int want = unpriv ? t->accept_unpriv : t->accept;
	const char *errstr = unpriv && t->errstr_unpriv ? t->errstr_unpriv : t->errstr;
	int fd = load(t, type, unpriv);
	int got = fd >= 0;

	c->runs++;
	if (got == want) {
		c->verdict_ok++;
		if (!got && errstr && *errstr && !strstr(log_buf, errstr)) {
			c->errstr_bad++;
			if (verbose_out)
				printf("LOG   %s%s [%s]: want \"%s\", log says \"%s\"\n", t->descr,
				       unpriv ? " (unpriv)" : "", type_name(type), errstr, why());
		}
	} else if (got) {
		c->accepted_bad++;
		printf("ACCEPTED %s%s [%s]: the kernel refuses (%s)\n", t->descr,
		       unpriv ? " (unpriv)" : "", type_name(type), errstr ? errstr : "");
	} else {
		c->refused_bad++;
		printf("REFUSED  %s%s [%s]: %d (%s): %s\n", t->descr, unpriv ? " (unpriv)" : "",
		       type_name(type), fd, errno_name(fd), why());
	}
	if (got && want && t->runs >= 0 && (type == BPF_PROG_TYPE_SOCKET_FILTER ||
					    type == BPF_PROG_TYPE_SCHED_CLS ||
					    type == BPF_PROG_TYPE_SCHED_ACT ||
					    type == BPF_PROG_TYPE_XDP)) {
		u32 retval = 0, expect = unpriv && t->retval_unpriv ? t->retval_unpriv : t->retval;
		int err;

		set_current_caps(CAP_ALL);
		err = test_run(fd, t, &retval);
		/* POINTER_VALUE: r0 is a pointer, whose value no test knows */
		if (!err && (retval == expect || expect == POINTER_VALUE)) {
			c->retval_ok++;
		} else {
			c->retval_bad++;
			printf("RETVAL   %s%s [%s]: want %#x, got %#x (err %d)\n", t->descr,
			       unpriv ? " (unpriv)" : "", type_name(type), expect, retval, err);
		}
	}
	if (fd >= 0)
		close_fd(fd);
	set_current_caps(CAP_ALL);
}

int main(int argc, char **argv)
{
	const char *types = "socket_filter,sched_cls,sched_act,xdp", *grep = NULL;
	int maps = 0, other = 0, skipped_type = 0, opt;
	struct counts c = { 0 };

	while ((opt = getopt_long(argc, argv, "vt:g:", (const struct option[]){
			{ "types", required_argument, 0, 't' },
			{ "grep", required_argument, 0, 'g' }, { 0 } }, NULL)) != -1) {
		if (opt == 'v')
			verbose_out = 1;
		else if (opt == 't')
			types = optarg;
		else if (opt == 'g')
			grep = optarg;
		else
			return 2;
	}
	for (unsigned int i = 0; i < selftest_count(); i++) {
		struct selftest t;
		unsigned int type;

		selftest_get(i, &t);
		type = t.prog_type ? t.prog_type : BPF_PROG_TYPE_SOCKET_FILTER;
		if (grep && !strstr(t.descr, grep))
			continue;
		if (!strstr(types, type_name(type))) {
			skipped_type++;
			continue;
		}
		if (t.needs_maps) {
			maps++;
			continue;
		}
		if (t.needs_other) {
			other++;
			continue;
		}
		one(&t, type, 0, &c);
		if (type == BPF_PROG_TYPE_SOCKET_FILTER)
			one(&t, type, 1, &c);
	}
	printf("verdicts: %d of %d as the kernel's (%.1f %%): %d accepted that it refuses, "
	       "%d refused that it accepts; %d log messages differ\n",
	       c.verdict_ok, c.runs, c.runs ? 100.0 * c.verdict_ok / c.runs : 0.0,
	       c.accepted_bad, c.refused_bad, c.errstr_bad);
	printf("runs: %d r0 as the kernel's, %d differ\n", c.retval_ok, c.retval_bad);
	printf("not run: %d need maps, %d need BTF, kfuncs or a built program, "
	       "%d of other program types\n", maps, other, skipped_type);
	return 0;
}
