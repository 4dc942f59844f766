// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 02 tests: bpf_prog_load() step by step through sys_bpf(), the
 * program's references, ids and fds, and the small rules it applies (license,
 * name, log attributes, program types). Test cases are named after the
 * kernel functions they check:
 *   CK_RUN_CASE=bpf_prog_load make -C chapters/02-prog-load test
 */
#include <limits.h>

#include "linux/bpf_log.h"
#include "linux/bpf_test_run.h"
#include "linux/idr.h"
#include "linux/license.h"
#include "tests.h"

const struct bpf_insn article_insns[6] = { ARTICLE_INSNS };

void article_attr(union bpf_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr->insn_cnt = ARRAY_SIZE(article_insns);
	attr->insns = (u64)(uintptr_t)article_insns;
	attr->license = (u64)(uintptr_t)"GPL";
}

int load(union bpf_attr *attr)
{
	return (int)sys_bpf(BPF_PROG_LOAD, attr, sizeof(*attr));
}

struct bpf_prog *prog_of(int fd)
{
	struct file *f = fget(fd);

	ck_assert_msg(f && f->f_op == &bpf_prog_fops, "fd %d is not a program", fd);
	return f->private_data;
}

void reset_knobs(void)
{
	set_current_caps(CAP_ALL);
	sysctl_unprivileged_bpf_disabled = 0;
	bpf_prog_tag_hash = BPF_PROG_TAG_SHA1;
	bpf_jit_enable = 1;
}

#define CAPS(x)	(x)
#define BPF	CAP_TO_MASK(CAP_BPF)
#define NETADM	CAP_TO_MASK(CAP_NET_ADMIN)
#define SYSADM	CAP_TO_MASK(CAP_SYS_ADMIN)
#define PERFMON	CAP_TO_MASK(CAP_PERFMON)

/* ---- bpf_prog_load: the article's program ------------------------------ */

START_TEST(bpf_prog_load_article)
{
	union bpf_attr attr;
	struct bpf_prog *prog;
	int fd;

	reset_knobs();
	article_attr(&attr);
	strcpy(attr.prog_name, "article");
	fd = load(&attr);
	ck_assert_msg(fd >= 3, "load: expected an fd, got %d (%s)", fd, errno_name(fd));
	prog = prog_of(fd);
	ck_assert_uint_eq(prog->pages, 1);
	ck_assert_uint_eq(prog->len, 6);
	ck_assert_uint_eq(prog->type, BPF_PROG_TYPE_SOCKET_FILTER);
	ck_assert_uint_eq(prog->gpl_compatible, 1);
	ck_assert_uint_eq(prog->jit_requested, 1);
	ck_assert_uint_eq(prog->jited, 0);
	ck_assert_int_eq(prog->aux->refcnt, 1);
	ck_assert_uint_gt(prog->aux->id, 0);
	ck_assert_ptr_eq(idr_find(&prog_idr, prog->aux->id), prog);
	ck_assert_ptr_eq(prog->aux->ops, bpf_prog_types[BPF_PROG_TYPE_SOCKET_FILTER]->ops);
	ck_assert_str_eq(prog->aux->name, "article");
	ck_assert_uint_gt(prog->aux->load_time, 0);
	ck_assert_ptr_null(prog->orig_prog);
	ck_assert_ptr_null(prog->bpf_func);	/* no runtime before chapter 04 */
	ck_assert_int_eq(memcmp(prog->insnsi, article_insns, sizeof(article_insns)), 0);
	ck_assert_int_eq(close_fd(fd), 0);
}
END_TEST

/* ---- bpf_prog_load: one row per step, in the kernel's order ------------- */

struct load_case {
	const char *descr;
	u64 caps;
	union bpf_attr attr;	/* fields left 0 take the article's values */
	int expect;		/* an errno, or 0 for "returns an fd" */
};

/* The row's attr over the article's: non-zero fields replace. Fields whose
 * zero matters are set by marking the row (see NONE).
 */
#define NONE	0xdeadbeefU
static void apply(union bpf_attr *attr, const union bpf_attr *row)
{
	article_attr(attr);
#define TAKE(f) do { if (row->f) attr->f = (row->f == NONE ? 0 : row->f); } while (0)
	TAKE(prog_type); TAKE(insn_cnt); TAKE(insns); TAKE(license);
	TAKE(log_level); TAKE(log_size); TAKE(log_buf); TAKE(prog_flags);
	TAKE(prog_ifindex); TAKE(expected_attach_type); TAKE(attach_btf_id);
	TAKE(attach_prog_fd); TAKE(kern_version);
#undef TAKE
	memcpy(attr->prog_name, row->prog_name, sizeof(attr->prog_name));
}

static void run_load_cases(const struct load_case *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		union bpf_attr attr;
		int ret;

		reset_knobs();
		set_current_caps(t[i].caps);
		apply(&attr, &t[i].attr);
		ret = load(&attr);
		if (t[i].expect == 0) {
			ck_assert_msg(ret >= 3, "%s: expected an fd, got %d (%s)",
				      t[i].descr, ret, errno_name(ret));
			ck_assert_int_eq(close_fd(ret), 0);
		} else {
			ck_assert_msg(ret == t[i].expect, "%s: expected %d (%s), got %d (%s)",
				      t[i].descr, t[i].expect, errno_name(t[i].expect),
				      ret, errno_name(ret));
		}
	}
	reset_knobs();
	/* Every failed load freed its program and gave back its id. */
	ck_assert_uint_eq(prog_idr.count, 0);
}

#define U(p)	((u64)(uintptr_t)(p))
static const char long_license[200] =
	"GPL\0 this tail is past the first NUL and is never read as part of it";

START_TEST(bpf_prog_load_flags_and_license)
{
	const struct load_case t[] = {
		{ "unknown flag 1<<4", CAP_ALL, { .prog_flags = 1U << 4 }, -EINVAL },
		{ "unknown flag 1<<30", CAP_ALL, { .prog_flags = 1U << 30 }, -EINVAL },
		{ "unknown flag, and a bad license: the flag first", CAP_ALL,
		  { .prog_flags = 1U << 5, .license = U(BAD_UPTR) }, -EINVAL },
		{ "BPF_F_STRICT_ALIGNMENT", CAP_ALL, { .prog_flags = BPF_F_STRICT_ALIGNMENT }, 0 },
		{ "BPF_F_ANY_ALIGNMENT, unprivileged (x86: no check)", CAPS(0),
		  { .prog_flags = BPF_F_ANY_ALIGNMENT }, 0 },
		{ "BPF_F_TEST_RND_HI32", CAP_ALL, { .prog_flags = BPF_F_TEST_RND_HI32 }, 0 },
		{ "BPF_F_TEST_STATE_FREQ", CAP_ALL, { .prog_flags = BPF_F_TEST_STATE_FREQ }, 0 },
		{ "all four kernel flags", CAP_ALL, { .prog_flags = 0xf }, 0 },
		{ "BPF_F_UNVERIFIED as root", CAP_ALL, { .prog_flags = BPF_F_UNVERIFIED }, 0 },
		{ "BPF_F_UNVERIFIED with CAP_SYS_ADMIN only", SYSADM,
		  { .prog_flags = BPF_F_UNVERIFIED }, 0 },
		{ "BPF_F_UNVERIFIED with CAP_BPF only", BPF,
		  { .prog_flags = BPF_F_UNVERIFIED }, -EPERM },
		{ "BPF_F_UNVERIFIED unprivileged, bad license: EPERM first", CAPS(0),
		  { .prog_flags = BPF_F_UNVERIFIED, .license = U(BAD_UPTR) }, -EPERM },
		{ "license NULL", CAP_ALL, { .license = NONE }, -EFAULT },
		{ "license unmapped", CAP_ALL, { .license = U(BAD_UPTR) }, -EFAULT },
		{ "license \"\" (not GPL, loads)", CAP_ALL, { .license = U("") }, 0 },
		{ "license \"MIT\" (loads)", CAP_ALL, { .license = U("MIT") }, 0 },
		{ "license longer than 127 bytes, NUL early", CAP_ALL,
		  { .license = U(long_license) }, 0 },
		{ "license, then insn_cnt 0: license first (v5.8)", CAP_ALL,
		  { .license = U(BAD_UPTR), .insn_cnt = NONE }, -EFAULT },
	};

	run_load_cases(t, ARRAY_SIZE(t));
}
END_TEST

START_TEST(bpf_prog_load_insn_cnt)
{
	const struct load_case t[] = {
		{ "insn_cnt 0", CAP_ALL, { .insn_cnt = NONE }, -E2BIG },
		{ "insn_cnt 1000001, privileged", CAP_ALL, { .insn_cnt = 1000001 }, -E2BIG },
		{ "insn_cnt UINT_MAX", CAP_ALL, { .insn_cnt = UINT_MAX }, -E2BIG },
		{ "insn_cnt 4097, unprivileged", CAPS(0), { .insn_cnt = 4097 }, -E2BIG },
		/* Within the limit, the count reaches the copy, which faults on
		 * an unmapped insns pointer: -EFAULT proves it passed.
		 */
		{ "insn_cnt 4097, CAP_BPF: limit is 1M", BPF,
		  { .insn_cnt = 4097, .insns = U(BAD_UPTR) }, -EFAULT },
		{ "insn_cnt 4096, unprivileged", CAPS(0),
		  { .insn_cnt = 4096, .insns = U(BAD_UPTR) }, -EFAULT },
		{ "insn_cnt 1000000, privileged", CAP_ALL,
		  { .insn_cnt = 1000000, .insns = U(BAD_UPTR) }, -EFAULT },
		{ "insns NULL", CAP_ALL, { .insns = NONE }, -EFAULT },
		{ "insns unmapped", CAP_ALL, { .insns = U(BAD_UPTR) }, -EFAULT },
		{ "insn_cnt 1 (exit skipped: the verifier's business)", CAP_ALL,
		  { .insn_cnt = 1 }, 0 },
	};

	run_load_cases(t, ARRAY_SIZE(t));
}
END_TEST

START_TEST(bpf_prog_load_insns_straddle)
{
	/* The six instructions end where an unmapped page begins: claiming
	 * a seventh must fault, not read past.
	 */
	struct bpf_insn *p = guarded_alloc(sizeof(article_insns), 0);
	union bpf_attr attr;
	int fd;

	reset_knobs();
	memcpy(p, article_insns, sizeof(article_insns));
	article_attr(&attr);
	attr.insns = U(p);
	fd = load(&attr);
	ck_assert_int_ge(fd, 3);
	ck_assert_int_eq(close_fd(fd), 0);
	attr.insn_cnt = 7;
	ck_assert_int_eq(load(&attr), -EFAULT);
	guarded_free(p, sizeof(article_insns));
}
END_TEST

START_TEST(bpf_prog_load_privilege)
{
	const struct load_case t[] = {
		{ "socket filter, unprivileged", CAPS(0), { .prog_type = BPF_PROG_TYPE_SOCKET_FILTER }, 0 },
		{ "kprobe, unprivileged", CAPS(0), { .prog_type = BPF_PROG_TYPE_KPROBE }, -EPERM },
		{ "kprobe, CAP_BPF", BPF, { .prog_type = BPF_PROG_TYPE_KPROBE }, -EPERM },
		{ "kprobe, CAP_BPF + CAP_PERFMON", BPF | PERFMON,
		  { .prog_type = BPF_PROG_TYPE_KPROBE }, 0 },
		{ "kprobe, CAP_PERFMON alone (no CAP_BPF)", PERFMON,
		  { .prog_type = BPF_PROG_TYPE_KPROBE }, -EPERM },
		{ "kprobe, CAP_SYS_ADMIN", SYSADM, { .prog_type = BPF_PROG_TYPE_KPROBE }, 0 },
		{ "xdp, CAP_BPF", BPF, { .prog_type = BPF_PROG_TYPE_XDP }, -EPERM },
		{ "xdp, CAP_BPF + CAP_NET_ADMIN", BPF | NETADM, { .prog_type = BPF_PROG_TYPE_XDP }, 0 },
		{ "xdp, CAP_SYS_ADMIN", SYSADM, { .prog_type = BPF_PROG_TYPE_XDP }, 0 },
		{ "sched_cls, CAP_NET_ADMIN alone", NETADM,
		  { .prog_type = BPF_PROG_TYPE_SCHED_CLS }, -EPERM },
		{ "sched_cls, CAP_BPF + CAP_NET_ADMIN", BPF | NETADM,
		  { .prog_type = BPF_PROG_TYPE_SCHED_CLS }, 0 },
		{ "raw_tracepoint, CAP_BPF + CAP_NET_ADMIN", BPF | NETADM,
		  { .prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT }, -EPERM },
		{ "raw_tracepoint, CAP_BPF + CAP_PERFMON", BPF | PERFMON,
		  { .prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT }, 0 },
		{ "cgroup_skb, unprivileged: allowed", CAPS(0),
		  { .prog_type = BPF_PROG_TYPE_CGROUP_SKB }, 0 },
		{ "cgroup_sock, unprivileged: EPERM before not built", CAPS(0),
		  { .prog_type = BPF_PROG_TYPE_CGROUP_SOCK }, -EPERM },
		{ "unknown type 999, unprivileged: EPERM before EINVAL", CAPS(0),
		  { .prog_type = 999 }, -EPERM },
		{ "EXT, CAP_BPF + CAP_NET_ADMIN (needs perfmon too)", BPF | NETADM,
		  { .prog_type = BPF_PROG_TYPE_EXT }, -EPERM },
		{ "EXT, CAP_BPF + CAP_PERFMON (needs net admin too)", BPF | PERFMON,
		  { .prog_type = BPF_PROG_TYPE_EXT }, -EPERM },
		{ "privilege is checked before the insn copy", CAPS(0),
		  { .prog_type = BPF_PROG_TYPE_XDP, .insns = U(BAD_UPTR) }, -EPERM },
	};

	run_load_cases(t, ARRAY_SIZE(t));
}
END_TEST

START_TEST(bpf_prog_load_check_attach)
{
	const struct load_case t[] = {
		{ "attach_btf_id on a socket filter", CAP_ALL, { .attach_btf_id = 1 }, -EINVAL },
		{ "attach_btf_id over BTF_MAX_TYPE", CAP_ALL,
		  { .prog_type = BPF_PROG_TYPE_TRACING, .attach_btf_id = 0x100000 }, -EINVAL },
		{ "attach_prog_fd on a socket filter", CAP_ALL, { .attach_prog_fd = 3 }, -EINVAL },
		{ "cgroup_sock with attach type 0: fixed up, then not built", CAP_ALL,
		  { .prog_type = BPF_PROG_TYPE_CGROUP_SOCK }, -EINVAL },
		{ "cgroup_skb with an egress attach type", CAP_ALL,
		  { .prog_type = BPF_PROG_TYPE_CGROUP_SKB,
		    .expected_attach_type = BPF_CGROUP_INET_EGRESS }, 0 },
		{ "cgroup_skb with a socket's attach type", CAP_ALL,
		  { .prog_type = BPF_PROG_TYPE_CGROUP_SKB,
		    .expected_attach_type = BPF_CGROUP_INET_SOCK_CREATE }, -EINVAL },
		{ "EXT with an expected attach type", CAP_ALL,
		  { .prog_type = BPF_PROG_TYPE_EXT, .expected_attach_type = 1 }, -EINVAL },
		{ "check_attach comes before the insn copy", CAP_ALL,
		  { .attach_btf_id = 1, .insns = U(BAD_UPTR) }, -EINVAL },
		{ "TRACING, attach_prog_fd 999 (not open)", CAP_ALL,
		  { .prog_type = BPF_PROG_TYPE_TRACING, .attach_prog_fd = 999 }, -EBADF },
		{ "EXT, attach_prog_fd 1 (stdout: not ours)", CAP_ALL,
		  { .prog_type = BPF_PROG_TYPE_EXT, .attach_prog_fd = 1 }, -EBADF },
		{ "xdp with any expected attach type (not checked)", CAP_ALL,
		  { .prog_type = BPF_PROG_TYPE_XDP, .expected_attach_type = 5 }, 0 },
	};

	run_load_cases(t, ARRAY_SIZE(t));
}
END_TEST

START_TEST(bpf_prog_load_attach_prog_fd)
{
	/* A real program fd as the link target: the type is then refused
	 * (-EINVAL), and the target's reference is given back.
	 */
	union bpf_attr attr;
	int tgt, ret;

	reset_knobs();
	article_attr(&attr);
	tgt = load(&attr);
	ck_assert_int_ge(tgt, 3);
	attr.prog_type = BPF_PROG_TYPE_TRACING;
	attr.attach_prog_fd = tgt;
	ret = load(&attr);
	ck_assert_msg(ret == -EINVAL, "expected -EINVAL, got %d", ret);
	ck_assert_int_eq(prog_of(tgt)->aux->refcnt, 1);
	ck_assert_int_eq(close_fd(tgt), 0);
}
END_TEST

START_TEST(bpf_prog_load_find_prog_type)
{
	const struct load_case t[] = {
		{ "type 0 (UNSPEC)", CAP_ALL, { .prog_type = NONE }, -EINVAL },
		{ "type PERF_EVENT (not built)", CAP_ALL,
		  { .prog_type = BPF_PROG_TYPE_PERF_EVENT }, -EINVAL },
		{ "type LSM (the last of v5.8)", CAP_ALL, { .prog_type = BPF_PROG_TYPE_LSM }, -EINVAL },
		{ "type 30 (past v5.8)", CAP_ALL, { .prog_type = 30 }, -EINVAL },
		{ "type UINT_MAX", CAP_ALL, { .prog_type = UINT_MAX }, -EINVAL },
		{ "unknown type, bad insns: the copy comes first", CAP_ALL,
		  { .prog_type = 30, .insns = U(BAD_UPTR) }, -EFAULT },
		{ "prog_ifindex on a socket filter", CAP_ALL, { .prog_ifindex = 1 }, -EINVAL },
		{ "prog_ifindex on xdp: no such device", CAP_ALL,
		  { .prog_type = BPF_PROG_TYPE_XDP, .prog_ifindex = 2 }, -EINVAL },
		{ "socket_filter", CAP_ALL, { .prog_type = BPF_PROG_TYPE_SOCKET_FILTER }, 0 },
		{ "sched_cls", CAP_ALL, { .prog_type = BPF_PROG_TYPE_SCHED_CLS }, 0 },
		{ "raw_tracepoint", CAP_ALL, { .prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT }, 0 },
	};

	run_load_cases(t, ARRAY_SIZE(t));
}
END_TEST

START_TEST(bpf_prog_load_name)
{
	const struct load_case t[] = {
		{ "name \"article\"", CAP_ALL, { .prog_name = "article" }, 0 },
		{ "name of 15 chars", CAP_ALL, { .prog_name = "abcdefghijklmno" }, 0 },
		{ "name of 16 chars: no NUL", CAP_ALL,
		  { .prog_name = { 'a','b','c','d','e','f','g','h','i','j','k','l','m','n','o','p' } },
		  -EINVAL },
		{ "name with '-'", CAP_ALL, { .prog_name = "bad-name" }, -EINVAL },
		{ "name with a space", CAP_ALL, { .prog_name = "a b" }, -EINVAL },
		{ "name with '_' and '.'", CAP_ALL, { .prog_name = "_x.y_1" }, 0 },
		{ "bad name on an unknown type: the type first", CAP_ALL,
		  { .prog_type = 30, .prog_name = "a/b" }, -EINVAL },
	};

	run_load_cases(t, ARRAY_SIZE(t));
}
END_TEST

START_TEST(bpf_prog_load_log_attrs)
{
	static char logbuf[256];
	const struct load_case t[] = {
		{ "log level 1, 256-byte buffer", CAP_ALL,
		  { .log_level = 1, .log_buf = U(logbuf), .log_size = 256 }, 0 },
		{ "log buffer without a level", CAP_ALL,
		  { .log_buf = U(logbuf), .log_size = 256 }, -EINVAL },
		{ "log level without a buffer", CAP_ALL, { .log_level = 1 }, -EINVAL },
		{ "log size 127", CAP_ALL,
		  { .log_level = 1, .log_buf = U(logbuf), .log_size = 127 }, -EINVAL },
		{ "log level 8 (outside BPF_LOG_MASK)", CAP_ALL,
		  { .log_level = 8, .log_buf = U(logbuf), .log_size = 256 }, -EINVAL },
	};

	run_load_cases(t, ARRAY_SIZE(t));
}
END_TEST

START_TEST(bpf_prog_load_check_attr)
{
	/* Bytes 116..119 of a v5.8 attr belong to no PROG_LOAD field. */
	for (int off = 116; off < 120; off++) {
		union bpf_attr attr;

		reset_knobs();
		article_attr(&attr);
		((u8 *)&attr)[off] = 0x80;
		ck_assert_msg(load(&attr) == -EINVAL, "byte %d set", off);
	}
}
END_TEST

START_TEST(bpf_prog_load_zero_attr)
{
	/* v5.8 reads the license before looking at insn_cnt: -EFAULT. */
	union bpf_attr attr = { 0 };

	reset_knobs();
	ck_assert_int_eq(load(&attr), -EFAULT);
	ck_assert_int_eq(sys_bpf(BPF_PROG_LOAD, NULL, 0), -EFAULT);
}
END_TEST

START_TEST(bpf_prog_load_gpl_compatible)
{
	static const struct { const char *license; unsigned int gpl; } t[] = {
		{ "GPL", 1 }, { "Dual BSD/GPL", 1 }, { "Proprietary", 0 }, { "gpl", 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		union bpf_attr attr;
		int fd;

		reset_knobs();
		article_attr(&attr);
		attr.license = U(t[i].license);
		fd = load(&attr);
		ck_assert_int_ge(fd, 3);
		ck_assert_msg(prog_of(fd)->gpl_compatible == t[i].gpl, "license \"%s\"",
			      t[i].license);
		ck_assert_int_eq(close_fd(fd), 0);
	}
}
END_TEST

/* ---- ids, references and fds ------------------------------------------- */

START_TEST(bpf_prog_alloc_id_cyclic)
{
	union bpf_attr attr;
	int fd[4];
	u32 id[4];

	reset_knobs();
	article_attr(&attr);
	for (int i = 0; i < 3; i++) {
		fd[i] = load(&attr);
		ck_assert_int_ge(fd[i], 3);
		id[i] = prog_of(fd[i])->aux->id;
		if (i)
			ck_assert_msg(id[i] == id[i - 1] + 1, "ids %u then %u", id[i - 1], id[i]);
	}
	/* A freed id is not handed out again at once: the next is new. */
	ck_assert_int_eq(close_fd(fd[1]), 0);
	ck_assert_ptr_null(idr_find(&prog_idr, id[1]));
	fd[3] = load(&attr);
	id[3] = prog_of(fd[3])->aux->id;
	ck_assert_uint_eq(id[3], id[2] + 1);
	ck_assert_int_eq(close_fd(fd[0]), 0);
	ck_assert_int_eq(close_fd(fd[2]), 0);
	ck_assert_int_eq(close_fd(fd[3]), 0);
	ck_assert_uint_eq(prog_idr.count, 0);
}
END_TEST

START_TEST(bpf_prog_put_refcount)
{
	union bpf_attr attr;
	struct bpf_prog *prog, *again;
	u32 id;
	int fd;

	reset_knobs();
	article_attr(&attr);
	fd = load(&attr);
	prog = prog_of(fd);
	id = prog->aux->id;
	again = bpf_prog_get(fd);
	ck_assert_ptr_eq(again, prog);
	ck_assert_int_eq(prog->aux->refcnt, 2);
	bpf_prog_inc(prog);
	ck_assert_int_eq(prog->aux->refcnt, 3);
	bpf_prog_put(prog);
	/* Closing the fd drops its reference; ours keeps the program. */
	ck_assert_int_eq(close_fd(fd), 0);
	ck_assert_int_eq(prog->aux->refcnt, 1);
	ck_assert_ptr_eq(idr_find(&prog_idr, id), prog);
	bpf_prog_put(prog);	/* the last: id gone, memory freed */
	ck_assert_ptr_null(idr_find(&prog_idr, id));
}
END_TEST

static int other_release(struct file *f) { (void)f; return 0; }
static const struct file_operations other_fops = { .release = other_release };

START_TEST(bpf_prog_get_bad_fd)
{
	static const struct { u32 fd; int err; } t[] = {
		{ 0, -EBADF }, { 2, -EBADF }, { 500, -EBADF },
		{ NR_OPEN_DEFAULT, -EBADF }, { UINT_MAX, -EBADF },
	};
	int other;

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct bpf_prog *p = bpf_prog_get(t[i].fd);

		ck_assert_msg(IS_ERR(p) && PTR_ERR(p) == t[i].err, "fd %u: expected %d",
			      t[i].fd, t[i].err);
	}
	/* An open fd that is not a program. */
	other = anon_inode_getfd("other", &other_fops, NULL, 0);
	ck_assert_int_eq(PTR_ERR(bpf_prog_get(other)), -EINVAL);
	ck_assert_int_eq(close_fd(other), 0);
}
END_TEST

START_TEST(bpf_prog_new_fd_table_full)
{
	/* No fd left: the load fails with -EMFILE after the id was taken;
	 * bpf_prog_put() gives the id back and frees the program.
	 */
	int fds[NR_OPEN_DEFAULT], n = 0, fd;
	union bpf_attr attr;

	reset_knobs();
	while ((fd = anon_inode_getfd("filler", &other_fops, NULL, 0)) >= 0)
		fds[n++] = fd;
	article_attr(&attr);
	ck_assert_int_eq(load(&attr), -EMFILE);
	ck_assert_uint_eq(prog_idr.count, 0);
	/* Same for a second fd on an existing program. */
	ck_assert_int_eq(close_fd(fds[--n]), 0);
	fd = load(&attr);
	ck_assert_int_ge(fd, 3);
	memset(&attr, 0, sizeof(attr));
	attr.prog_id = prog_of(fd)->aux->id;
	ck_assert_int_eq(sys_bpf(BPF_PROG_GET_FD_BY_ID, &attr, sizeof(attr)), -EMFILE);
	ck_assert_int_eq(prog_of(fd)->aux->refcnt, 1);
	ck_assert_int_eq(close_fd(fd), 0);
	while (n)
		ck_assert_int_eq(close_fd(fds[--n]), 0);
}
END_TEST

START_TEST(bpf_prog_get_fd_by_id_table)
{
	union bpf_attr attr, q;
	struct bpf_prog *prog;
	int fd, fd2;

	reset_knobs();
	article_attr(&attr);
	fd = load(&attr);
	prog = prog_of(fd);

	memset(&q, 0, sizeof(q));
	q.prog_id = prog->aux->id;
	fd2 = sys_bpf(BPF_PROG_GET_FD_BY_ID, &q, sizeof(q));
	ck_assert_int_ge(fd2, 3);
	ck_assert_int_ne(fd2, fd);
	ck_assert_ptr_eq(prog_of(fd2), prog);
	ck_assert_int_eq(prog->aux->refcnt, 2);

	{
		const struct { const char *descr; u64 caps; u32 id; u32 next_id; int err; } t[] = {
			{ "id 0", CAP_ALL, 0, 0, -ENOENT },
			{ "an id never given", CAP_ALL, INT_MAX - 1, 0, -ENOENT },
			{ "CAP_BPF is not enough", BPF, prog->aux->id, 0, -EPERM },
			{ "next_id set (CHECK_ATTR)", CAP_ALL, prog->aux->id, 1, -EINVAL },
		};

		for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
			long ret;

			set_current_caps(t[i].caps);
			memset(&q, 0, sizeof(q));
			q.prog_id = t[i].id;
			q.next_id = t[i].next_id;
			ret = sys_bpf(BPF_PROG_GET_FD_BY_ID, &q, sizeof(q));
			ck_assert_msg(ret == t[i].err, "%s: expected %d, got %ld",
				      t[i].descr, t[i].err, ret);
		}
		reset_knobs();
	}
	ck_assert_int_eq(prog->aux->refcnt, 2);
	ck_assert_int_eq(close_fd(fd), 0);
	ck_assert_int_eq(prog->aux->refcnt, 1);
	ck_assert_int_eq(close_fd(fd2), 0);
	ck_assert_uint_eq(prog_idr.count, 0);
}
END_TEST

/* ---- the small rules ----------------------------------------------------- */

START_TEST(license_is_gpl_compatible_table)
{
	static const struct { const char *s; int gpl; } t[] = {
		{ "GPL", 1 }, { "GPL v2", 1 }, { "GPL and additional rights", 1 },
		{ "Dual BSD/GPL", 1 }, { "Dual MIT/GPL", 1 }, { "Dual MPL/GPL", 1 },
		{ "gpl", 0 }, { "GPLv2", 0 }, { "GPL ", 0 }, { " GPL", 0 }, { "", 0 },
		{ "Dual BSD/GPL\n", 0 }, { "BSD", 0 }, { "Proprietary", 0 },
		{ "GPL v3", 0 }, { "Dual GPL/BSD", 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		ck_assert_msg(!!license_is_gpl_compatible(t[i].s) == t[i].gpl,
			      "\"%s\": expected %d", t[i].s, t[i].gpl);
}
END_TEST

START_TEST(bpf_obj_name_cpy_table)
{
	static const struct { const char *descr; char src[16]; int ret; const char *dst; } t[] = {
		{ "empty", "", 0, "" },
		{ "simple", "article", 7, "article" },
		{ "digits, '_' and '.'", "a_1.b", 5, "a_1.b" },
		{ "15 characters", "abcdefghijklmno", 15, "abcdefghijklmno" },
		{ "16 characters, no NUL",
		  { 'a','b','c','d','e','f','g','h','i','j','k','l','m','n','o','p' }, -EINVAL, NULL },
		{ "'-'", "a-b", -EINVAL, NULL },
		{ "space", "a b", -EINVAL, NULL },
		{ "'/'", "x/y", -EINVAL, NULL },
		{ "Latin-1 e-acute (kernel isalnum)", "caf\xe9", 4, "caf\xe9" },
		{ "Latin-1 multiplication sign", "a\xd7" "b", -EINVAL, NULL },
		{ "Latin-1 division sign", "\xf7", -EINVAL, NULL },
		{ "0x80 (a control code in Latin-1)", "\x80", -EINVAL, NULL },
		{ "stops at the first NUL", { 'o','k',0,'-','-' }, 2, "ok" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char dst[16];
		int ret;

		memset(dst, 0x55, sizeof(dst));
		ret = bpf_obj_name_cpy(dst, t[i].src, sizeof(t[i].src));
		ck_assert_msg(ret == t[i].ret, "%s: expected %d, got %d", t[i].descr, t[i].ret, ret);
		if (t[i].dst) {
			ck_assert_msg(strcmp(dst, t[i].dst) == 0, "%s: copied \"%s\"", t[i].descr, dst);
			/* The rest is zeroed, not left as it was. */
			ck_assert_ptr_null(memchr_inv(dst + ret, 0, sizeof(dst) - ret));
		}
	}
}
END_TEST

START_TEST(bpf_vlog_attr_valid_table)
{
	static const struct { u32 level; u64 buf; u32 size; int ret; } t[] = {
		{ 0, 0, 0, 0 },
		{ 1, 0x1000, 128, 0 },
		{ 2, 0x1000, 1 << 20, 0 },
		{ 7, 0x1000, UINT_MAX >> 2, 0 },	/* every bit of BPF_LOG_MASK */
		{ 4, 0x1000, 128, 0 },			/* stats alone */
		{ 1, 0x1000, 127, -EINVAL },
		{ 1, 0x1000, (UINT_MAX >> 2) + 1, -EINVAL },
		{ 1, 0x1000, 0, -EINVAL },
		{ 0, 0x1000, 128, -EINVAL },
		{ 1, 0, 128, -EINVAL },
		{ 8, 0x1000, 128, -EINVAL },
		{ 9, 0x1000, 128, -EINVAL },
		{ 0, 0, 128, -EINVAL },
		{ 0x80000001, 0x1000, 128, -EINVAL },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int ret = bpf_vlog_attr_valid(t[i].level, t[i].buf, t[i].size);

		ck_assert_msg(ret == t[i].ret, "level %u buf %#llx size %u: expected %d, got %d",
			      t[i].level, (unsigned long long)t[i].buf, t[i].size, t[i].ret, ret);
	}
}
END_TEST

START_TEST(bpf_prog_types_table)
{
	static const struct {
		u32 type; const char *name;
		int (*test_run)(struct bpf_prog *, const union bpf_attr *, union bpf_attr *);
	} t[] = {
		{ BPF_PROG_TYPE_SOCKET_FILTER, "socket_filter", bpf_prog_test_run_skb },
		{ BPF_PROG_TYPE_KPROBE, "kprobe", NULL },
		{ BPF_PROG_TYPE_SCHED_CLS, "sched_cls", bpf_prog_test_run_skb },
		{ BPF_PROG_TYPE_SCHED_ACT, "sched_act", bpf_prog_test_run_skb },
		{ BPF_PROG_TYPE_TRACEPOINT, "tracepoint", NULL },
		{ BPF_PROG_TYPE_XDP, "xdp", bpf_prog_test_run_xdp },
		{ BPF_PROG_TYPE_CGROUP_SKB, "cgroup_skb", bpf_prog_test_run_skb },
		{ BPF_PROG_TYPE_RAW_TRACEPOINT, "raw_tracepoint", bpf_prog_test_run_raw_tp },
		{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, "cgroup_sock_addr", NULL },
		{ BPF_PROG_TYPE_FLOW_DISSECTOR, "flow_dissector", bpf_prog_test_run_flow_dissector },
	};
	unsigned int built = 0;

	ck_assert_uint_eq(bpf_prog_types_cnt, BPF_PROG_TYPE_LSM + 1);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		const struct bpf_prog_type_info *info = bpf_prog_types[t[i].type];

		ck_assert_msg(info != NULL, "type %u missing", t[i].type);
		ck_assert_str_eq(info->name, t[i].name);
		ck_assert_msg(info->ops->test_run == t[i].test_run, "%s: test_run", t[i].name);
		if (info->ops->test_run)	/* the placeholders, until chapter 04 */
			ck_assert_int_eq(info->ops->test_run(NULL, NULL, NULL), -ENOTSUPP);
	}
	for (unsigned int i = 0; i < bpf_prog_types_cnt; i++)
		built += bpf_prog_types[i] != NULL;
	ck_assert_uint_eq(built, ARRAY_SIZE(t));
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("02-prog-load");
	TCase *tc;

	tc = tcase_create("bpf_prog_load");
	ADD(tc, bpf_prog_load_article);
	ADD(tc, bpf_prog_load_check_attr);
	ADD(tc, bpf_prog_load_zero_attr);
	ADD(tc, bpf_prog_load_flags_and_license);
	ADD(tc, bpf_prog_load_gpl_compatible);
	ADD(tc, bpf_prog_load_insn_cnt);
	ADD(tc, bpf_prog_load_insns_straddle);
	ADD(tc, bpf_prog_load_privilege);
	ADD(tc, bpf_prog_load_check_attach);
	ADD(tc, bpf_prog_load_attach_prog_fd);
	ADD(tc, bpf_prog_load_find_prog_type);
	ADD(tc, bpf_prog_load_name);
	ADD(tc, bpf_prog_load_log_attrs);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_prog_alloc_id");
	ADD(tc, bpf_prog_alloc_id_cyclic);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_prog_put");
	ADD(tc, bpf_prog_put_refcount);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_prog_get");
	ADD(tc, bpf_prog_get_bad_fd);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_prog_new_fd");
	ADD(tc, bpf_prog_new_fd_table_full);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_prog_get_fd_by_id");
	ADD(tc, bpf_prog_get_fd_by_id_table);
	suite_add_tcase(s, tc);

	tc = tcase_create("license_is_gpl_compatible");
	ADD(tc, license_is_gpl_compatible_table);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_obj_name_cpy");
	ADD(tc, bpf_obj_name_cpy_table);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_vlog_attr_valid");
	ADD(tc, bpf_vlog_attr_valid_table);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_prog_types");
	ADD(tc, bpf_prog_types_table);
	suite_add_tcase(s, tc);

	add_core_tests(s);
	add_tag_tests(s);
	add_prog_info_tests(s);
	return s;
}
