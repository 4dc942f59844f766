// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 02 tests, BPF_OBJ_GET_INFO_BY_FD on a program: what is reported,
 * how much is written, and what a caller without privilege sees.
 */
#include <limits.h>

#include "tests.h"

#define CAP_SYSLOG_MASK	CAP_TO_MASK(34)

struct info_call {
	union bpf_attr attr;
	struct bpf_prog_info info;
};

static long get_info(int fd, struct bpf_prog_info *info, u32 len, union bpf_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->info.bpf_fd = fd;
	attr->info.info_len = len;
	attr->info.info = (u64)(uintptr_t)info;
	return sys_bpf(BPF_OBJ_GET_INFO_BY_FD, attr, sizeof(*attr));
}

static int load_article(const char *name)
{
	union bpf_attr attr;
	int fd;

	reset_knobs();
	article_attr(&attr);
	strcpy(attr.prog_name, name);
	fd = load(&attr);
	ck_assert_msg(fd >= 3, "load: %d", fd);
	return fd;
}

START_TEST(bpf_prog_get_info_by_fd_article)
{
	int fd = load_article("article");
	struct bpf_prog *prog = prog_of(fd);
	struct bpf_insn xlated[6];
	u8 tags[8];
	struct bpf_prog_info info;
	union bpf_attr attr;

	/* Initialised first, so that what the kernel leaves unwritten is a
	 * known pattern.
	 */
	memset(xlated, 0xa5, sizeof(xlated));
	memset(tags, 0xa5, sizeof(tags));
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = sizeof(xlated);
	info.xlated_prog_insns = (u64)(uintptr_t)xlated;
	info.nr_prog_tags = 1;
	info.prog_tags = (u64)(uintptr_t)tags;
	ck_assert_int_eq(get_info(fd, &info, sizeof(info), &attr), 0);
	ck_assert_uint_eq(attr.info.info_len, sizeof(info));
	ck_assert_uint_eq(info.type, BPF_PROG_TYPE_SOCKET_FILTER);
	ck_assert_uint_eq(info.id, prog->aux->id);
	ck_assert_int_eq(memcmp(info.tag, prog->tag, 8), 0);
	ck_assert_int_eq(memcmp(tags, prog->tag, 8), 0);
	ck_assert_str_eq(info.name, "article");
	ck_assert_uint_eq(info.gpl_compatible, 1);
	ck_assert_uint_eq(info.load_time, prog->aux->load_time);
	ck_assert_uint_eq(info.xlated_prog_len, 48);
	ck_assert_int_eq(memcmp(xlated, article_insns, sizeof(xlated)), 0);
	ck_assert_uint_eq(info.jited_prog_len, 0);	/* not JITed before chapter 06 */
	ck_assert_uint_eq(info.nr_jited_ksyms, 1);
	ck_assert_uint_eq(info.nr_jited_func_lens, 1);
	ck_assert_uint_eq(info.nr_prog_tags, 1);
	ck_assert_uint_eq(info.nr_map_ids, 0);
	ck_assert_int_eq(close_fd(fd), 0);
}
END_TEST

START_TEST(bpf_prog_get_info_by_fd_xlated_truncated)
{
	/* The caller's room, in bytes: the kernel writes min(room, 48) and
	 * reports 48 every time.
	 */
	u32 rooms[] = { 0, 1, 8, 20, 47, 48, 64 };
	int fd = load_article("t");

	for (size_t i = 0; i < ARRAY_SIZE(rooms); i++) {
		u8 buf[64];
		struct bpf_prog_info info;
		union bpf_attr attr;
		u32 written = min(rooms[i], 48u);

		memset(buf, 0xa5, sizeof(buf));
		memset(&info, 0, sizeof(info));
		info.xlated_prog_len = rooms[i];
		info.xlated_prog_insns = (u64)(uintptr_t)buf;
		ck_assert_int_eq(get_info(fd, &info, sizeof(info), &attr), 0);
		ck_assert_msg(info.xlated_prog_len == 48, "room %u: reported %u",
			      rooms[i], info.xlated_prog_len);
		ck_assert_msg(memcmp(buf, article_insns, written) == 0, "room %u: bytes", rooms[i]);
		ck_assert_msg(memchr_inv(buf + written, 0xa5, sizeof(buf) - written) == NULL,
			      "room %u: wrote past %u bytes", rooms[i], written);
	}
	ck_assert_int_eq(close_fd(fd), 0);
}
END_TEST

START_TEST(bpf_prog_get_info_by_fd_info_len)
{
	/* info_len: the struct is copied in and out only up to
	 * min(sizeof, info_len), and that length is written back.
	 */
	static const struct { u32 len; int ret; u32 back; } t[] = {
		{ 0, 0, 0 },
		{ 4, 0, 4 },			/* type only */
		{ 8, 0, 8 },			/* type and id */
		{ 207, 0, 207 },
		{ 208, 0, 208 },
		{ 300, 0, 208 },		/* newer caller, zero tail */
		{ 4096, 0, 208 },
		{ 4097, -E2BIG, 0 },		/* "silly large" */
	};
	int fd = load_article("t");
	struct bpf_prog *prog = prog_of(fd);

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		u8 *buf = guarded_alloc(t[i].len ? t[i].len : 1, 0);
		union bpf_attr attr;
		u32 type, id;
		long ret;

		if (t[i].len)
			memset(buf, 0, t[i].len);
		memset(&attr, 0, sizeof(attr));
		attr.info.bpf_fd = fd;
		attr.info.info_len = t[i].len;
		attr.info.info = (u64)(uintptr_t)buf;
		ret = sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr));
		ck_assert_msg(ret == t[i].ret, "info_len %u: expected %d, got %ld",
			      t[i].len, t[i].ret, ret);
		if (ret == 0) {
			ck_assert_msg(attr.info.info_len == t[i].back, "info_len %u: wrote back %u",
				      t[i].len, attr.info.info_len);
			/* buf ends at a guard page, so it may be unaligned. */
			if (t[i].len >= 4) {
				memcpy(&type, buf, 4);
				ck_assert_uint_eq(type, BPF_PROG_TYPE_SOCKET_FILTER);
			}
			if (t[i].len >= 8) {
				memcpy(&id, buf + 4, 4);
				ck_assert_uint_eq(id, prog->aux->id);
			}
		}
		guarded_free(buf, t[i].len ? t[i].len : 1);
	}
	ck_assert_int_eq(close_fd(fd), 0);
}
END_TEST

START_TEST(bpf_prog_get_info_by_fd_tail_nonzero)
{
	u8 buf[300] = { 0 };
	union bpf_attr attr;
	int fd = load_article("t");

	buf[250] = 1;	/* a field this kernel does not know, set */
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(buf);
	attr.info.info = (u64)(uintptr_t)buf;
	ck_assert_int_eq(sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr)), -E2BIG);
	ck_assert_int_eq(close_fd(fd), 0);
}
END_TEST

START_TEST(bpf_prog_get_info_by_fd_faults)
{
	int fd = load_article("t");
	struct bpf_prog_info info;
	union bpf_attr attr;

	/* The info struct itself unmapped. */
	ck_assert_int_eq(get_info(fd, BAD_UPTR, sizeof(info), &attr), -EFAULT);
	/* A bad xlated buffer. */
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = 48;
	info.xlated_prog_insns = (u64)(uintptr_t)BAD_UPTR;
	ck_assert_int_eq(get_info(fd, &info, sizeof(info), &attr), -EFAULT);
	/* A bad tags buffer. */
	memset(&info, 0, sizeof(info));
	info.nr_prog_tags = 1;
	info.prog_tags = (u64)(uintptr_t)BAD_UPTR;
	ck_assert_int_eq(get_info(fd, &info, sizeof(info), &attr), -EFAULT);
	ck_assert_int_eq(close_fd(fd), 0);
}
END_TEST

static int other_release(struct file *f) { (void)f; return 0; }
static const struct file_operations other_fops = { .release = other_release };

START_TEST(bpf_obj_get_info_by_fd_bad)
{
	struct bpf_prog_info info;
	union bpf_attr attr;
	int other = anon_inode_getfd("other", &other_fops, NULL, 0);
	u32 fds[] = { 0, 999, UINT_MAX };

	reset_knobs();
	for (size_t i = 0; i < ARRAY_SIZE(fds); i++)
		ck_assert_msg(get_info(fds[i], &info, sizeof(info), &attr) == -EBADFD,
			      "fd %u", fds[i]);
	ck_assert_int_eq(get_info(other, &info, sizeof(info), &attr), -EINVAL);
	ck_assert_int_eq(close_fd(other), 0);
	/* CHECK_ATTR: anything past info.info. */
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = 3;
	((u8 *)&attr)[16] = 1;
	ck_assert_int_eq(sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr)), -EINVAL);
}
END_TEST

START_TEST(bpf_prog_get_info_by_fd_unprivileged)
{
	/* Without bpf_capable() the instructions are not shown at all. */
	int fd = load_article("t");
	u8 buf[48];
	struct bpf_prog_info info;
	union bpf_attr attr;

	set_current_caps(CAP_NONE);
	memset(buf, 0xa5, sizeof(buf));
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = sizeof(buf);
	info.xlated_prog_insns = (u64)(uintptr_t)buf;
	info.nr_jited_ksyms = 1;
	ck_assert_int_eq(get_info(fd, &info, sizeof(info), &attr), 0);
	ck_assert_uint_eq(info.xlated_prog_len, 0);
	ck_assert_uint_eq(info.nr_jited_ksyms, 0);
	ck_assert_ptr_null(memchr_inv(buf, 0xa5, sizeof(buf)));
	ck_assert_uint_ne(info.id, 0);		/* the rest is public */
	reset_knobs();
	ck_assert_int_eq(close_fd(fd), 0);
}
END_TEST

START_TEST(bpf_prog_get_info_by_fd_jited)
{
	/* Plays chapter 06: a "JIT image" of 20 bytes. Its bytes are shown
	 * only to a caller who may see kernel addresses (CAP_SYSLOG).
	 */
	static const u8 image[20] = { 0x0f, 0x1f, 0x44, 0x00, 0x00, 0x55, 0x48, 0x89, 0xe5 };
	static const struct { u64 caps; u32 room; u32 copied; } t[] = {
		{ CAP_ALL, 64, 20 },
		{ CAP_ALL, 7, 7 },
		{ CAP_ALL, 0, 0 },
		{ CAP_TO_MASK(CAP_BPF), 64, 0 },	/* no CAP_SYSLOG: length only */
		{ CAP_TO_MASK(CAP_BPF) | CAP_SYSLOG_MASK, 64, 20 },
	};
	int fd = load_article("t");
	struct bpf_prog *prog = prog_of(fd);

	prog->jited = 1;
	prog->jited_len = sizeof(image);
	prog->bpf_func = (void *)image;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		u8 buf[64];
		u32 lens[2] = { 0, 0 };
		struct bpf_prog_info info;
		union bpf_attr attr;

		set_current_caps(t[i].caps);
		memset(buf, 0xa5, sizeof(buf));
		memset(&info, 0, sizeof(info));
		info.jited_prog_len = t[i].room;
		info.jited_prog_insns = (u64)(uintptr_t)buf;
		info.nr_jited_func_lens = 2;
		info.jited_func_lens = (u64)(uintptr_t)lens;
		ck_assert_int_eq(get_info(fd, &info, sizeof(info), &attr), 0);
		ck_assert_msg(info.jited_prog_len == 20, "row %zu: len %u", i, info.jited_prog_len);
		ck_assert_msg(memcmp(buf, image, t[i].copied) == 0, "row %zu: bytes", i);
		ck_assert_msg(memchr_inv(buf + t[i].copied, 0xa5, sizeof(buf) - t[i].copied) == NULL,
			      "row %zu: wrote past %u", i, t[i].copied);
		ck_assert_uint_eq(info.nr_jited_func_lens, 1);
		ck_assert_uint_eq(lens[0], t[i].copied || t[i].room == 0 ? 20 : 0);
		ck_assert_uint_eq(lens[1], 0);
		if (t[i].copied == 0 && t[i].room)
			ck_assert_uint_eq(info.jited_prog_insns, 0);
	}
	prog->jited = 0;
	prog->jited_len = 0;
	prog->bpf_func = NULL;
	reset_knobs();
	ck_assert_int_eq(close_fd(fd), 0);
}
END_TEST

START_TEST(bpf_insn_prepare_dump)
{
	/* Internal opcodes go back to public ones in the xlated dump; call
	 * targets are hidden without CAP_SYSLOG.
	 */
	static const struct {
		const char *descr; u64 caps; struct bpf_insn in, out;
	} t[] = {
		{ "tail call", CAP_ALL,
		  BPF_RAW_INSN(BPF_JMP | BPF_TAIL_CALL, 0, 0, 0, 0),
		  BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_tail_call) },
		/* A helper number, not an address: shown to anyone. */
		{ "tail call, no CAP_SYSLOG", CAP_TO_MASK(CAP_BPF),
		  BPF_RAW_INSN(BPF_JMP | BPF_TAIL_CALL, 0, 0, 0, 0),
		  BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_tail_call) },
		{ "helper call", CAP_ALL, BPF_CALL_HELPER(5), BPF_CALL_HELPER(5) },
		{ "helper call, no CAP_SYSLOG", CAP_TO_MASK(CAP_BPF),
		  BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 0x1234),
		  BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 0) },
		{ "interpreter call with args", CAP_ALL,
		  BPF_RAW_INSN(BPF_JMP | BPF_CALL_ARGS, 0, 1, 0, 77),
		  BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 1, 0, 77) },
		{ "probe-mem load", CAP_ALL,
		  BPF_RAW_INSN(BPF_LDX | BPF_W | BPF_PROBE_MEM, 1, 2, 4, 0),
		  BPF_LDX_MEM(BPF_W, 1, 2, 4) },
		{ "anything else, as is", CAP_TO_MASK(CAP_BPF),
		  BPF_MOV64_IMM(BPF_REG_3, -1), BPF_MOV64_IMM(BPF_REG_3, -1) },
	};
	int fd = load_article("t");
	struct bpf_prog *prog = prog_of(fd);

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct bpf_insn xl[6];
		struct bpf_prog_info info;
		union bpf_attr attr;

		memset(xl, 0xa5, sizeof(xl));	/* see above: for valgrind */
		prog->insnsi[0] = t[i].in;
		set_current_caps(t[i].caps);
		memset(&info, 0, sizeof(info));
		info.xlated_prog_len = sizeof(xl);
		info.xlated_prog_insns = (u64)(uintptr_t)xl;
		ck_assert_int_eq(get_info(fd, &info, sizeof(info), &attr), 0);
		ck_assert_msg(memcmp(&xl[0], &t[i].out, sizeof(xl[0])) == 0,
			      "%s: got code %#x imm %d", t[i].descr, xl[0].code, xl[0].imm);
		/* The program itself is not rewritten. */
		ck_assert_int_eq(memcmp(&prog->insnsi[0], &t[i].in, sizeof(xl[0])), 0);
	}
	reset_knobs();
	ck_assert_int_eq(close_fd(fd), 0);
}
END_TEST

void add_prog_info_tests(Suite *s)
{
	TCase *tc = tcase_create("bpf_prog_get_info_by_fd");

	ADD(tc, bpf_prog_get_info_by_fd_article);
	ADD(tc, bpf_prog_get_info_by_fd_xlated_truncated);
	ADD(tc, bpf_prog_get_info_by_fd_info_len);
	ADD(tc, bpf_prog_get_info_by_fd_tail_nonzero);
	ADD(tc, bpf_prog_get_info_by_fd_faults);
	ADD(tc, bpf_prog_get_info_by_fd_unprivileged);
	ADD(tc, bpf_prog_get_info_by_fd_jited);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_obj_get_info_by_fd");
	ADD(tc, bpf_obj_get_info_by_fd_bad);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_insn_prepare_dump");
	ADD(tc, bpf_insn_prepare_dump);
	suite_add_tcase(s, tc);
}
