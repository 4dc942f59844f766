// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the BPF object reader (code/lib/bpf_elf.c). The objects are built
 * from the sources in tests/bpf/ by `clang -O2 -target bpf -c` (see code/Makefile) into
 * bpf/ beside the test program; broken copies are made here, in memory.
 */
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_elf.h"
#include "ground_tests.h"

#define OBJ(name)	"bpf/" name ".o"

/* The whole file, malloc'd. */
static u8 *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	u8 *buf;
	long n;

	ck_assert_msg(f != NULL, "%s missing: run the tests with `make -C code test`", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_gt(n, 0);
	rewind(f);
	buf = malloc(n);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, n, f), n);
	fclose(f);
	*size = n;
	return buf;
}

static bool is_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL;
}

/* The constant K of the first "r0 += K" from insn i up to its exit. */
static s32 added_constant(const struct bpf_elf_prog *p, u32 i)
{
	for (; i < p->cnt && p->insns[i].code != (BPF_JMP | BPF_EXIT); i++)
		if (p->insns[i].code == (BPF_ALU64 | BPF_ADD | BPF_K) ||
		    p->insns[i].code == (BPF_ALU | BPF_ADD | BPF_K))
			return p->insns[i].imm;
	return 0;
}

START_TEST(bpf_elf_load_simple)
{
	struct bpf_elf_prog p;
	char err[256];

	ck_assert_msg(bpf_elf_load(OBJ("xdp_pass"), NULL, &p, err, sizeof(err)) == 0,
		      "xdp_pass.o: %s", err);
	ck_assert_str_eq(p.name, "xdp");
	ck_assert_int_eq(p.prog_type, BPF_PROG_TYPE_XDP);
	ck_assert_str_eq(p.license, "GPL");
	/* r0 = 2; exit */
	ck_assert_uint_eq(p.cnt, 2);
	ck_assert_uint_eq(p.main_cnt, 2);
	ck_assert_int_eq(p.insns[0].code, BPF_ALU64 | BPF_MOV | BPF_K);
	ck_assert_int_eq(p.insns[0].imm, 2);
	ck_assert_int_eq(p.insns[1].code, BPF_JMP | BPF_EXIT);
	ck_assert_uint_eq(p.nr_sections, 1);
	ck_assert_str_eq(p.sections[0], "xdp");
	bpf_elf_prog_free(&p);
	ck_assert_ptr_null(p.insns);
}
END_TEST

START_TEST(bpf_elf_load_pick_section)
{
	struct bpf_elf_prog p;
	char err[256];

	/* Default: the first program section in the file. */
	ck_assert_msg(bpf_elf_load(OBJ("calls"), NULL, &p, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(p.name, "tc");
	ck_assert_int_eq(p.prog_type, BPF_PROG_TYPE_SCHED_CLS);
	ck_assert_str_eq(p.license, "Dual BSD/GPL");
	ck_assert_uint_eq(p.nr_sections, 2);
	ck_assert_str_eq(p.sections[0], "tc");
	ck_assert_str_eq(p.sections[1], "socket");
	bpf_elf_prog_free(&p);

	ck_assert_msg(bpf_elf_load(OBJ("calls"), "socket", &p, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(p.name, "socket");
	ck_assert_int_eq(p.prog_type, BPF_PROG_TYPE_SOCKET_FILTER);
	ck_assert_uint_eq(p.cnt, p.main_cnt);	/* no calls: nothing appended */
	bpf_elf_prog_free(&p);

	/* .text is not a program, and a missing name is -ENOENT. */
	ck_assert_int_eq(bpf_elf_load(OBJ("calls"), ".text", &p, err, sizeof(err)), -ENOENT);
	ck_assert_str_eq(err, "no program section '.text'");
	ck_assert_int_eq(bpf_elf_load(OBJ("calls"), "xdp", &p, err, sizeof(err)), -ENOENT);
	ck_assert_str_eq(err, "no program section 'xdp'");
	ck_assert_ptr_null(p.insns);
	ck_assert_ptr_null(p.sections);
}
END_TEST

START_TEST(bpf_elf_load_reloc_calls)
{
	struct bpf_elf_prog p;
	char err[256];
	int seen_1000 = 0, seen_2000 = 0, calls = 0;

	ck_assert_msg(bpf_elf_load(OBJ("calls"), "tc", &p, err, sizeof(err)) == 0, "%s", err);
	ck_assert_msg(p.cnt > p.main_cnt, "no subprogram appended (%u insns)", p.cnt);

	/* Every call lands on a function appended behind the program. */
	for (u32 i = 0; i < p.cnt; i++) {
		s64 t;

		if (!is_call(&p.insns[i]))
			continue;
		calls++;
		t = (s64)i + p.insns[i].imm + 1;
		ck_assert_msg(t >= p.main_cnt && t < p.cnt,
			      "insn %u: call pc%+d lands on %lld, outside [%u, %u)",
			      i, p.insns[i].imm, (long long)t, p.main_cnt, p.cnt);
		/* It is the start of a function: the insn before is an exit. */
		ck_assert_msg(p.insns[t - 1].code == (BPF_JMP | BPF_EXIT),
			      "insn %u: target %lld does not follow an exit", i, (long long)t);
		switch (added_constant(&p, t)) {
		case 1000: seen_1000++; break;
		case 2000: seen_2000++; break;
		default:
			ck_abort_msg("insn %u: target %lld adds %d, expected 1000 or 2000",
				     i, (long long)t, added_constant(&p, t));
		}
	}
	/* main calls add_1000 and add_2000; add_2000 calls add_1000. */
	ck_assert_int_eq(calls, 3);
	ck_assert_int_eq(seen_1000, 2);
	ck_assert_int_eq(seen_2000, 1);
	/* Each callee appended once; the uncalled ones not at all. */
	for (u32 i = p.main_cnt, n1000 = 0, n2000 = 0; i < p.cnt; i++) {
		bool start = p.insns[i - 1].code == (BPF_JMP | BPF_EXIT);

		ck_assert_msg(p.insns[i].imm != 3000 && p.insns[i].imm != 3,
			      "insn %u: code of an uncalled function was appended", i);
		if (start && added_constant(&p, i) == 1000)
			ck_assert_uint_eq(++n1000, 1);
		if (start && added_constant(&p, i) == 2000)
			ck_assert_uint_eq(++n2000, 1);
	}
	bpf_elf_prog_free(&p);
}
END_TEST

START_TEST(bpf_elf_sec_prog_type_table)
{
	static const struct {
		const char *sec;
		int err;
		enum bpf_prog_type type;
	} rows[] = {
		{ "xdp",			0, BPF_PROG_TYPE_XDP },
		{ "socket",			0, BPF_PROG_TYPE_SOCKET_FILTER },
		{ "tc",				0, BPF_PROG_TYPE_SCHED_CLS },
		{ "classifier",			0, BPF_PROG_TYPE_SCHED_CLS },
		{ "action",			0, BPF_PROG_TYPE_SCHED_ACT },
		{ "kprobe/do_sys_open",		0, BPF_PROG_TYPE_KPROBE },
		{ "kprobe",			0, BPF_PROG_TYPE_KPROBE },
		{ "kretprobe/x",		0, BPF_PROG_TYPE_KPROBE },
		{ "raw_tracepoint/sys_enter",	0, BPF_PROG_TYPE_RAW_TRACEPOINT },
		{ "raw_tp/sys_enter",		0, BPF_PROG_TYPE_RAW_TRACEPOINT },
		{ "raw_tp.w/x",			0, BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE },
		{ "tracepoint/a/b",		0, BPF_PROG_TYPE_TRACEPOINT },
		{ "tp/a/b",			0, BPF_PROG_TYPE_TRACEPOINT },
		{ "cgroup_skb/ingress",		0, BPF_PROG_TYPE_CGROUP_SKB },
		{ "sk_skb/stream_parser",	0, BPF_PROG_TYPE_SK_SKB },
		/* "x+" means exactly x or x/...: no other suffix. */
		{ "kprobex",			0, BPF_PROG_TYPE_UNSPEC },
		{ "socket/1",			0, BPF_PROG_TYPE_UNSPEC },
		{ "xdp_prog",			0, BPF_PROG_TYPE_UNSPEC },
		{ "my_own_section",		0, BPF_PROG_TYPE_UNSPEC },
		{ "",				0, BPF_PROG_TYPE_UNSPEC },
		/* Needs BTF to load. */
		{ "fentry/do_unlinkat",		-ENOTSUP, BPF_PROG_TYPE_UNSPEC },
		{ "fexit/x",			-ENOTSUP, BPF_PROG_TYPE_UNSPEC },
		{ "lsm/file_open",		-ENOTSUP, BPF_PROG_TYPE_UNSPEC },
		{ "iter/task",			-ENOTSUP, BPF_PROG_TYPE_UNSPEC },
		{ "tp_btf/sched_switch",	-ENOTSUP, BPF_PROG_TYPE_UNSPEC },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		enum bpf_prog_type type = 99;
		int err = bpf_elf_sec_prog_type(rows[i].sec, &type);

		ck_assert_msg(err == rows[i].err && type == rows[i].type,
			      "\"%s\": expected %d/type %d, got %d/type %d",
			      rows[i].sec, rows[i].err, rows[i].type, err, type);
	}
}
END_TEST

START_TEST(bpf_elf_load_sections_object)
{
	static const struct {
		const char *sec;
		int err;
		enum bpf_prog_type type;
		s32 ret;	/* the constant the program returns */
	} rows[] = {
		{ "kprobe/do_sys_open",		0, BPF_PROG_TYPE_KPROBE, 0 },
		{ "raw_tp/sys_enter",		0, BPF_PROG_TYPE_RAW_TRACEPOINT, 1 },
		{ "raw_tracepoint/sys_exit",	0, BPF_PROG_TYPE_RAW_TRACEPOINT, 2 },
		{ "classifier",			0, BPF_PROG_TYPE_SCHED_CLS, 3 },
		{ "tracepoint/syscalls/sys_enter_open", 0, BPF_PROG_TYPE_TRACEPOINT, 4 },
		{ "my_own_section",		0, BPF_PROG_TYPE_UNSPEC, 5 },
		{ "fentry/do_unlinkat",		-ENOTSUP, 0, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct bpf_elf_prog p;
		char err[256] = "";
		int ret = bpf_elf_load(OBJ("sections"), rows[i].sec, &p, err, sizeof(err));

		ck_assert_msg(ret == rows[i].err, "%s: expected %d, got %d (%s)",
			      rows[i].sec, rows[i].err, ret, err);
		if (ret) {
			ck_assert_msg(strstr(err, rows[i].sec) && strstr(err, "BTF"),
				      "%s: message \"%s\" names neither", rows[i].sec, err);
			continue;
		}
		ck_assert_int_eq(p.prog_type, rows[i].type);
		ck_assert_str_eq(p.name, rows[i].sec);
		ck_assert_str_eq(p.license, "");	/* no license section */
		ck_assert_uint_eq(p.cnt, 2);
		ck_assert_int_eq(p.insns[0].imm, rows[i].ret);
		ck_assert_uint_eq(p.nr_sections, 7);
		bpf_elf_prog_free(&p);
	}
}
END_TEST

START_TEST(bpf_elf_load_refuses_unsupported)
{
	static const struct {
		const char *obj;
		int err;
		const char *words[2];	/* the message must name these */
	} rows[] = {
		{ OBJ("global_data"), -ENOTSUP, { "'count'", "uses maps or global data" } },
		{ "bpf/no_such_file.o", -ENOENT, { "no_such_file", "No such file" } },
		{ "bpf",	      -EINVAL,  { "bpf", "not a regular file" } },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct bpf_elf_prog p;
		char err[256] = "";
		int ret = bpf_elf_load(rows[i].obj, NULL, &p, err, sizeof(err));

		ck_assert_msg(ret == rows[i].err, "%s: expected %d, got %d (%s)",
			      rows[i].obj, rows[i].err, ret, err);
		for (int w = 0; w < 2; w++)
			ck_assert_msg(strstr(err, rows[i].words[w]),
				      "%s: message \"%s\" lacks \"%s\"",
				      rows[i].obj, err, rows[i].words[w]);
		ck_assert_ptr_null(p.insns);
		ck_assert_ptr_null(p.sections);
	}
}
END_TEST

/* ---- broken copies ------------------------------------------------------- */

/* Load from memory, expecting err and a message holding what. */
static void expect_broken(const u8 *buf, size_t size, int want, const char *what,
			  const char *descr)
{
	struct bpf_elf_prog p;
	char err[256] = "";
	int ret = bpf_elf_load_mem(buf, size, NULL, &p, err, sizeof(err));

	ck_assert_msg(ret == want && strstr(err, what),
		      "%s: expected %d with \"%s\", got %d: \"%s\"",
		      descr, want, what, ret, err);
	ck_assert_ptr_null(p.insns);
}

/* Offset of section name's header in the file. */
static size_t shdr_offset(const u8 *buf, size_t size, const char *name)
{
	Elf *elf;
	Elf_Scn *scn = NULL;
	size_t shstrndx, off = 0;
	GElf_Ehdr eh;

	elf_version(EV_CURRENT);
	elf = elf_memory((char *)buf, size);
	ck_assert_ptr_nonnull(elf);
	ck_assert_ptr_nonnull(gelf_getehdr(elf, &eh));
	ck_assert_int_eq(elf_getshdrstrndx(elf, &shstrndx), 0);
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		gelf_getshdr(scn, &sh);
		if (!strcmp(elf_strptr(elf, shstrndx, sh.sh_name), name))
			off = eh.e_shoff + elf_ndxscn(scn) * sizeof(Elf64_Shdr);
	}
	elf_end(elf);
	ck_assert_msg(off, "no section %s", name);
	return off;
}

START_TEST(bpf_elf_load_broken_headers)
{
	size_t size;
	u8 *good = slurp(OBJ("xdp_pass"), &size);
	u8 *bad = malloc(size);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)bad;
	size_t off;
	struct {
		u64 sh_size, sh_offset;
	} saved;

	ck_assert_ptr_nonnull(bad);
#define RESET()	memcpy(bad, good, size)
	RESET(); bad[0] = 0x7e;
	expect_broken(bad, size, -EINVAL, "not an ELF file", "bad magic");
	expect_broken((const u8 *)"hello", 5, -EINVAL, "not an ELF file", "text");
	expect_broken(bad, 0, -EINVAL, "not an ELF file", "empty");
	RESET(); bad[EI_CLASS] = ELFCLASS32;
	expect_broken(bad, size, -EINVAL, "not ELF64", "ELF32");
	RESET(); bad[EI_DATA] = ELFDATA2MSB;
	expect_broken(bad, size, -EINVAL, "not little-endian", "big-endian");
	RESET(); eh->e_machine = EM_X86_64;
	expect_broken(bad, size, -EINVAL, "e_machine 62 is not EM_BPF (247)", "x86-64");
	RESET(); eh->e_type = ET_EXEC;
	expect_broken(bad, size, -EINVAL, "not ET_REL", "ET_EXEC");
	RESET(); eh->e_shoff = size;
	expect_broken(bad, size, -EINVAL, "section headers", "e_shoff at the end");

	/* The program section: 12 bytes, 1.5 instructions. */
	RESET();
	off = shdr_offset(good, size, "xdp");
	memcpy(&saved, bad + off + offsetof(Elf64_Shdr, sh_size), sizeof(saved.sh_size));
	saved.sh_size = 12;
	memcpy(bad + off + offsetof(Elf64_Shdr, sh_size), &saved.sh_size, 8);
	expect_broken(bad, size, -EINVAL, "section 'xdp': size 12 is not a multiple of 8",
		      "odd-sized section");
	/* ...and one that lies beyond the end of the file. */
	RESET();
	saved.sh_offset = size - 8;
	memcpy(bad + off + offsetof(Elf64_Shdr, sh_offset), &saved.sh_offset, 8);
	expect_broken(bad, size, -EINVAL, "run past the end", "section past the end");
#undef RESET
	free(bad);
	free(good);
}
END_TEST

START_TEST(bpf_elf_load_truncated)
{
	size_t size;
	u8 *good = slurp(OBJ("calls"), &size);

	/* Every prefix of the file, each in a buffer of exactly its size (so
	 * ASan and valgrind see any read past it): an error, never a crash.
	 * clang puts the section headers last, so every prefix loses them.
	 */
	for (size_t n = 0; n < size; n++) {
		u8 *cut = malloc(n ? n : 1);
		struct bpf_elf_prog p;
		char err[256] = "";
		int ret;

		memcpy(cut, good, n);
		ret = bpf_elf_load_mem(cut, n, NULL, &p, err, sizeof(err));
		ck_assert_msg(ret == -EINVAL && err[0],
			      "%zu of %zu bytes: expected -EINVAL with a message, got %d \"%s\"",
			      n, size, ret, err);
		free(cut);
	}
	free(good);
}
END_TEST

START_TEST(bpf_elf_load_corrupted_bytes)
{
	size_t size;
	u8 *good = slurp(OBJ("calls"), &size);
	u8 *bad = malloc(size);
	u32 seed = 12345;
	int ok = 0, failed = 0;

	/* Flip a few bytes at pseudo-random places, 3000 times: whatever the
	 * result, no crash, and an error always comes with a message.
	 */
	for (int round = 0; round < 3000; round++) {
		struct bpf_elf_prog p;
		char err[256] = "";
		int ret;

		memcpy(bad, good, size);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245 + 12345;
			bad[(seed >> 8) % size] ^= 1 + (seed >> 24) % 255;
		}
		ret = bpf_elf_load_mem(bad, size, NULL, &p, err, sizeof(err));
		if (ret) {
			ck_assert_msg(err[0], "round %d: %d without a message", round, ret);
			ck_assert_ptr_null(p.insns);
			failed++;
		} else {
			ck_assert_uint_ge(p.cnt, p.main_cnt);
			ok++;
		}
		bpf_elf_prog_free(&p);
	}
	/* Both outcomes happen: flips in padding are harmless. */
	ck_assert_int_gt(ok, 0);
	ck_assert_int_gt(failed, 0);
	free(bad);
	free(good);
}
END_TEST

void add_bpf_elf_tests(Suite *s)
{
	TCase *tc = tcase_create("bpf_elf_load");

	ADD(tc, bpf_elf_load_simple);
	ADD(tc, bpf_elf_load_pick_section);
	ADD(tc, bpf_elf_load_reloc_calls);
	ADD(tc, bpf_elf_load_sections_object);
	ADD(tc, bpf_elf_load_refuses_unsupported);
	ADD(tc, bpf_elf_load_broken_headers);
	ADD(tc, bpf_elf_load_truncated);
	ADD(tc, bpf_elf_load_corrupted_bytes);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_elf_sec_prog_type");
	ADD(tc, bpf_elf_sec_prog_type_table);
	suite_add_tcase(s, tc);
}
