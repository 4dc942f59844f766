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
 * not v5.8's, and a test that needs a map type this project does not
 * build, BTF or kfuncs is counted apart. The maps it builds are created as
 * test_verifier.c's do_test_fixup() creates them, and their fds written
 * into the program.
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

/* tools/testing/selftests/bpf/test_verifier.c's map values */
#define MAX_ENTRIES	11
struct test_val {
	unsigned int index;
	int foo[MAX_ENTRIES];
};

static int map_fds[NR_SELFTEST_FIXUPS];

static int create_map(u32 type, u32 key_size, u32 value_size, u32 max_entries, u32 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	attr.map_flags = (type == BPF_MAP_TYPE_HASH ? BPF_F_NO_PREALLOC : 0) | flags;
	return (int)sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
}

static int update_elem(int fd, const void *key, const void *value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (u64)(uintptr_t)key;
	attr.value = (u64)(uintptr_t)value;
	return (int)sys_bpf(BPF_MAP_UPDATE_ELEM, &attr, sizeof(attr));
}

/* update_map(): element 0 points its index at foo[6] */
static int update_map(int fd)
{
	struct test_val value = { .index = (6 + 1) * sizeof(int) };
	int key = 0;

	value.foo[6] = 0xabcdef12;
	return fd < 0 ? fd : update_elem(fd, &key, &value);
}

static int load_insns(unsigned int type, const struct bpf_insn *insns, u32 len)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insns = (u64)(uintptr_t)insns;
	attr.insn_cnt = len;
	attr.license = (u64)(uintptr_t)"GPL";
	return (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

/* create_prog_array(): 42 at p1key, a tail call to p2key then 41, 24 at p3key */
static int create_prog_array(unsigned int type, u32 max, int p1key, int p2key, int p3key)
{
	int mfd = create_map(BPF_MAP_TYPE_PROG_ARRAY, 4, 4, max, 0);
	struct bpf_insn simple42[] = { BPF_MOV64_IMM(BPF_REG_0, 42), BPF_EXIT_INSN() };
	struct bpf_insn simple24[] = { BPF_MOV64_IMM(BPF_REG_0, 24), BPF_EXIT_INSN() };
	struct bpf_insn loop[] = {
		BPF_MOV64_IMM(BPF_REG_3, p2key),
		BPF_LD_MAP_FD(BPF_REG_2, mfd),
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_tail_call),
		BPF_MOV64_IMM(BPF_REG_0, 41),
		BPF_EXIT_INSN(),
	};
	int p1, p2, p3, err;

	if (mfd < 0)
		return mfd;
	p1 = load_insns(type, simple42, ARRAY_SIZE(simple42));
	p2 = load_insns(type, loop, ARRAY_SIZE(loop));
	p3 = load_insns(type, simple24, ARRAY_SIZE(simple24));
	err = p1 < 0 ? p1 : p2 < 0 ? p2 : p3 < 0 ? p3 : 0;
	if (!err)
		err = update_elem(mfd, &p1key, &p1);
	if (!err)
		err = update_elem(mfd, &p2key, &p2);
	if (!err)
		err = update_elem(mfd, &p3key, &p3);
	for (int fd = 0, *p = (int[]){ p1, p2, p3 }; fd < 3; fd++)
		if (p[fd] >= 0)
			close_fd(p[fd]);
	if (err) {
		close_fd(mfd);
		return err;
	}
	return mfd;
}

static int create_fixup_map(enum selftest_fixup f, unsigned int type)
{
	int fd;

	switch (f) {
	case FIXUP_MAP_HASH_8B:
		return create_map(BPF_MAP_TYPE_HASH, 8, 8, 1, 0);
	case FIXUP_MAP_HASH_48B:
		return create_map(BPF_MAP_TYPE_HASH, 8, sizeof(struct test_val), 1, 0);
	case FIXUP_MAP_HASH_16B:
		return create_map(BPF_MAP_TYPE_HASH, 8, 16, 1, 0);
	case FIXUP_MAP_ARRAY_48B:
	case FIXUP_MAP_ARRAY_RO:
	case FIXUP_MAP_ARRAY_WO:
		fd = create_map(BPF_MAP_TYPE_ARRAY, 4, sizeof(struct test_val), 1,
				f == FIXUP_MAP_ARRAY_RO ? BPF_F_RDONLY_PROG :
				f == FIXUP_MAP_ARRAY_WO ? BPF_F_WRONLY_PROG : 0);
		break;
	case FIXUP_MAP_ARRAY_SMALL:
		fd = create_map(BPF_MAP_TYPE_ARRAY, 4, 1, 1, 0);
		break;
	case FIXUP_PROG1:
		return create_prog_array(type, 4, 0, 1, 2);
	case FIXUP_PROG2:
		return create_prog_array(type, 8, 7, 1, 2);
	case FIXUP_MAP_EVENT_OUTPUT:
		return create_map(BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 1, 0);
	case FIXUP_MAP_RINGBUF:
		return create_map(BPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0);
	default:
		return -EINVAL;
	}
	if (fd >= 0 && update_map(fd)) {
		close_fd(fd);
		return -EINVAL;
	}
	return fd;
}

/*
 * do_test_fixup(): a copy of the program with each fixup's maps in it,
 * created by the loader that will load it (test_verifier.c drops its
 * capabilities first for an unprivileged run: the maps' bypass_spec_v1
 * says whether their lookups and tail calls are masked). 0, or the error
 * of the map that could not be created.
 */
static int fixup_maps(const struct selftest *t, unsigned int type, int unpriv,
		      struct bpf_insn *prog)
{
	memcpy(prog, t->insns, t->len * sizeof(*prog));
	for (int f = 0; f < NR_SELFTEST_FIXUPS; f++)
		map_fds[f] = -1;
	for (int f = 0; f < NR_SELFTEST_FIXUPS; f++) {
		if (!t->fixups[f])
			continue;
		set_current_caps(unpriv ? 0 : CAP_ALL);
		map_fds[f] = create_fixup_map(f, type);
		set_current_caps(CAP_ALL);
		if (map_fds[f] < 0)
			return map_fds[f];
		for (const int *i = t->fixups[f]; *i; i++)
			if ((unsigned int)*i < t->len)
				prog[*i].imm = map_fds[f];
	}
	return 0;
}

static void close_maps(void)
{
	for (int f = 0; f < NR_SELFTEST_FIXUPS; f++) {
		if (map_fds[f] >= 0)
			close_fd(map_fds[f]);
		map_fds[f] = -1;
	}
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
	int maps = 0, other = 0, skipped_type = 0, with_maps = 0, map_failed = 0, opt;
	static struct bpf_insn prog[4096];
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
		for (int f = 0; f < NR_SELFTEST_FIXUPS; f++)
			if (t.fixups[f]) {
				with_maps++;
				break;
			}
		for (int unpriv = 0; unpriv <= (type == BPF_PROG_TYPE_SOCKET_FILTER); unpriv++) {
			struct selftest copy = t;
			int err = fixup_maps(&t, type, unpriv, prog);

			copy.insns = prog;
			if (err) {
				printf("MAPS     %s%s [%s]: a map could not be created: %s\n",
				       t.descr, unpriv ? " (unpriv)" : "", type_name(type),
				       errno_name(err));
				map_failed++;
			} else {
				one(&copy, type, unpriv, &c);
			}
			close_maps();
		}
	}
	printf("verdicts: %d of %d as the kernel's (%.1f %%): %d accepted that it refuses, "
	       "%d refused that it accepts; %d log messages differ\n",
	       c.verdict_ok, c.runs, c.runs ? 100.0 * c.verdict_ok / c.runs : 0.0,
	       c.accepted_bad, c.refused_bad, c.errstr_bad);
	printf("runs: %d r0 as the kernel's, %d differ\n", c.retval_ok, c.retval_bad);
	printf("maps: %d tests with maps built here, %d whose maps could not be created\n",
	       with_maps, map_failed);
	printf("not run: %d need map types not built here, %d need BTF, kfuncs or a "
	       "built program, %d of other program types\n", maps, other, skipped_type);
	return 0;
}
