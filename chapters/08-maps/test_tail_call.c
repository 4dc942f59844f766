// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 08 tests: tail calls. A chain of programs through a program
 * array, run by the interpreter, by the JIT's indirect form and by its
 * direct form; the limit of 33 tail calls per run; the direct jump
 * following the array's slot as user space changes it; the JIT's bytes;
 * the owner rules; and an array and its programs freeing each other.
 */
#include "tests.h"
#include "linux/bpf_interp.h"
#include "linux/idr.h"

static void map_set_prog(int map, u32 key, int prog_fd)
{
	int err = map_update(map, &key, &prog_fd, BPF_ANY);

	ck_assert_msg(err == 0, "prog array update: %d (%s)", err, errno_name(err));
}

/* r0 = ret after tail_call(ctx, map, key): key from the stack (unknown to
 * the verifier: indirect) or a constant (direct, when the JIT may).
 */
static int load_caller(int map, u32 key, bool constant_key, u64 ret, const struct load_opts *o)
{
	struct bpf_insn insns[] = {
		BPF_ST_MEM(BPF_W, BPF_REG_10, -4, key),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_10, -4),
		BPF_LD_MAP_FD(BPF_REG_2, map),
		EMIT_CALL(tail_call),
		BPF_MOV64_IMM(BPF_REG_0, ret),
		BPF_EXIT_INSN(),
	};

	if (constant_key)
		insns[1] = BPF_MOV64_IMM(BPF_REG_3, key);
	return load_prog(insns, ARRAY_SIZE(insns), o);
}

static int load_ret(u64 ret, const struct load_opts *o)
{
	struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_0, ret),
		BPF_EXIT_INSN(),
	};

	return load_prog(insns, ARRAY_SIZE(insns), o);
}

static const char *mode_name[] = { "interpreter", "JIT, indirect", "JIT, direct" };

/* A -> B -> C: A tail-calls slot 1 (B), B slot 2 (C), C returns 3. */
START_TEST(tail_call_chain)
{
	for (int mode = 0; mode < 3; mode++) {
		struct load_opts o = { .interp = mode == 0 };
		int map = create_map(BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4);
		int a, b, c;

		c = load_ret(3, &o);
		b = load_caller(map, 2, mode == 2, 2, &o);
		a = load_caller(map, 1, mode == 2, 1, &o);
		ck_assert_msg(a >= 0 && b >= 0 && c >= 0, "%s: load\n%s", mode_name[mode], test_log);
		ck_assert_msg(mode == 2 ? prog_of(a)->aux->size_poke_tab == 1
					: prog_of(a)->aux->size_poke_tab == 0,
			      "%s: %u poke descriptors", mode_name[mode],
			      prog_of(a)->aux->size_poke_tab);
		ck_assert_uint_eq(prog_of(a)->aux->stack_depth, MAX_BPF_STACK);

		/* empty slots: every tail call falls through */
		ck_assert_uint_eq(run_prog(a), 1);
		map_set_prog(map, 2, c);
		ck_assert_uint_eq(run_prog(b), 3);
		ck_assert_uint_eq(run_prog(a), 1);
		map_set_prog(map, 1, b);
		ck_assert_msg(run_prog(a) == 3, "%s: A -> B -> C", mode_name[mode]);
		/* the slot changes, the caller follows (the direct jump is re-patched) */
		map_set_prog(map, 1, c);
		ck_assert_uint_eq(run_prog(a), 3);
		ck_assert_int_eq(map_delete(map, &(u32){ 1 }), 0);
		ck_assert_int_eq(map_delete(map, &(u32){ 1 }), -ENOENT);
		ck_assert_msg(run_prog(a) == 1, "%s: empty slot", mode_name[mode]);
		ck_assert_int_eq(map_delete(map, &(u32){ 4 }), -E2BIG);
		close_fd(a);
		close_fd(b);
		close_fd(c);
		close_fd(map);
	}
}
END_TEST

/*
 * A program that counts its runs in a map value, then tail-calls itself:
 * it runs once, and 33 more times by tail call (MAX_TAIL_CALL_CNT 32, the
 * test is `> 32`).
 */
START_TEST(tail_call_limit)
{
	for (int mode = 0; mode < 3; mode++) {
		struct load_opts o = { .interp = mode == 0 };
		int map = create_map(BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 1);
		int cnt = create_map(BPF_MAP_TYPE_ARRAY, 4, 8, 1);
		struct bpf_insn insns[] = {
			BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
			BPF_LD_MAP_VALUE(BPF_REG_1, cnt, 0),
			BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, 0),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, 1),
			BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_2, 0),
			BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
			BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0),
			BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_10, -4),
			BPF_LD_MAP_FD(BPF_REG_2, map),
			EMIT_CALL(tail_call),
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_EXIT_INSN(),
		};
		u64 runs = 0;
		int p;

		if (mode == 2)
			insns[8] = BPF_MOV64_IMM(BPF_REG_3, 0);
		p = load_prog(insns, ARRAY_SIZE(insns), &o);
		ck_assert_msg(p >= 0, "%s: load\n%s", mode_name[mode], test_log);
		map_set_prog(map, 0, p);
		run_prog(p);
		ck_assert_int_eq(map_lookup(cnt, &(u32){ 0 }, &runs), 0);
		ck_assert_msg(runs == 1 + MAX_TAIL_CALL_CNT + 1, "%s: %llu runs",
			      mode_name[mode], (unsigned long long)runs);
		/* the count is per run: again 34 */
		run_prog(p);
		ck_assert_int_eq(map_lookup(cnt, &(u32){ 0 }, &runs), 0);
		ck_assert_uint_eq(runs, 2 * (1 + MAX_TAIL_CALL_CNT + 1));
		map_delete(map, &(u32){ 0 });
		close_fd(p);
		close_fd(cnt);
		close_fd(map);
	}
}
END_TEST

/*
 * The JIT's bytes, the v5.8 kernel's shape: the indirect form with its
 * retpoline, and the direct form's counter check and patchable NOP. Our
 * frame puts the counter at rbp - 556 (v5.8: rbp - 548, see
 * jit_tail_call.c).
 */
START_TEST(tail_call_jit_bytes)
{
	const u32 ptrs = offsetof(struct bpf_array, ptrs);
	const u8 indirect[] = {
		0x89, 0xd2,				/* mov edx, edx */
		0x39, 0x56, 0x1c,			/* cmp [rsi + 28], edx */
		0x76, 0x3a,				/* jbe out */
		0x8b, 0x85, 0xd4, 0xfd, 0xff, 0xff,	/* mov eax, [rbp - 556] */
		0x83, 0xf8, 0x20,			/* cmp eax, 32 */
		0x77, 0x2f,				/* ja out */
		0x83, 0xc0, 0x01,			/* add eax, 1 */
		0x89, 0x85, 0xd4, 0xfd, 0xff, 0xff,	/* mov [rbp - 556], eax */
		0x48, 0x8b, 0x84, 0xd6,			/* mov rax, [rsi + rdx * 8 + ptrs] */
		ptrs, ptrs >> 8, 0, 0,
		0x48, 0x85, 0xc0,			/* test rax, rax */
		0x74, 0x19,				/* je out */
		0x48, 0x8b, 0x40, 0x30,			/* mov rax, [rax + 48] */
		0x48, 0x83, 0xc0, 0x19,			/* add rax, 25 */
		0xe8, 0x07, 0x00, 0x00, 0x00,		/* call do_rop */
		0xf3, 0x90,				/* pause */
		0x0f, 0xae, 0xe8,			/* lfence */
		0xeb, 0xf9,				/* jmp spec_trap */
		0x48, 0x89, 0x04, 0x24,			/* mov [rsp], rax */
		0xc3,					/* ret */
	};
	const u8 direct[] = {
		0x8b, 0x85, 0xd4, 0xfd, 0xff, 0xff,	/* mov eax, [rbp - 556] */
		0x83, 0xf8, 0x20,			/* cmp eax, 32 */
		0x77, 0x0e,				/* ja out */
		0x83, 0xc0, 0x01,			/* add eax, 1 */
		0x89, 0x85, 0xd4, 0xfd, 0xff, 0xff,	/* mov [rbp - 556], eax */
	};
	int map = create_map(BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 2);
	int ind = load_caller(map, 0, false, 1, NULL);
	int dir = load_caller(map, 1, true, 1, NULL);
	int c = load_ret(3, NULL);
	struct bpf_prog *p;
	struct bpf_jit_poke_descriptor *poke;
	u8 *nop, *site;

	ck_assert(ind >= 0 && dir >= 0 && c >= 0);
	p = prog_of(ind);
	ck_assert_msg(memmem((void *)p->bpf_func, p->jited_len, indirect, sizeof(indirect)),
		      "the indirect tail call's bytes are not in the image");
	p = prog_of(dir);
	site = memmem((void *)p->bpf_func, p->jited_len, direct, sizeof(direct));
	ck_assert_msg(site, "the direct tail call's counter check is not in the image");
	poke = &p->aux->poke_tab[0];
	ck_assert_ptr_eq(poke->ip, site + sizeof(direct));
	ck_assert(poke->ip_stable);
	ck_assert_uint_eq(poke->adj_off, 25);
	nop = poke->ip;
	ck_assert_msg(nop[0] == 0x0f || nop[0] == 0x66, "a 5-byte NOP while the slot is empty");

	/* the slot is filled: `jmp target + 25` */
	map_set_prog(map, 1, c);
	ck_assert_uint_eq(nop[0], 0xe9);
	ck_assert_int_eq((s32)(nop[1] | nop[2] << 8 | nop[3] << 16 | (u32)nop[4] << 24),
			 (s64)((uintptr_t)prog_of(c)->bpf_func + 25 - ((uintptr_t)nop + 5)));
	ck_assert_uint_eq(run_prog(dir), 3);
	map_delete(map, &(u32){ 1 });
	ck_assert_uint_ne(nop[0], 0xe9);
	close_fd(ind);
	close_fd(dir);
	close_fd(c);
	close_fd(map);
}
END_TEST

/* The first program decides the array's type and JIT-ness. */
START_TEST(prog_array_owner)
{
	struct load_opts xdp = { .prog_type = BPF_PROG_TYPE_XDP };
	struct load_opts interp = { .interp = true };
	int map = create_map(BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 2);
	int sock = load_ret(1, NULL), x = load_ret(2, &xdp), i = load_ret(3, &interp);
	int caller;
	u32 id;

	ck_assert(sock >= 0 && x >= 0 && i >= 0);
	map_set_prog(map, 0, sock);
	ck_assert_int_eq(map_update(map, &(u32){ 1 }, &x, BPF_ANY), -EINVAL);
	ck_assert_int_eq(map_update(map, &(u32){ 1 }, &i, BPF_ANY), -EINVAL);
	ck_assert_int_eq(map_update(map, &(u32){ 1 }, &map, BPF_ANY), -EINVAL);
	ck_assert_int_eq(map_update(map, &(u32){ 1 }, &sock, BPF_NOEXIST), -EINVAL);
	ck_assert_int_eq(map_update(map, &(u32){ 2 }, &sock, BPF_ANY), -E2BIG);
	/* user space reads ids */
	ck_assert_int_eq(map_lookup(map, &(u32){ 0 }, &id), 0);
	ck_assert_uint_eq(id, prog_of(sock)->aux->id);
	ck_assert_int_eq(map_lookup(map, &(u32){ 1 }, &id), -ENOENT);

	/* an XDP program may not even tail-call through it */
	caller = load_caller(map, 0, false, 0, &xdp);
	ck_assert_int_eq(caller, -EINVAL);
	map_delete(map, &(u32){ 0 });
	close_fd(sock);
	close_fd(x);
	close_fd(i);
	close_fd(map);
}
END_TEST

/*
 * A program in a slot of the array it tail-calls through: each holds the
 * other. Closing user space's fds must free both (usercnt empties the
 * array).
 */
START_TEST(prog_array_cycle)
{
	int map = create_map(BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 1);
	int p = load_caller(map, 0, true, 7, NULL);
	u32 prog_id, map_id;

	ck_assert_int_ge(p, 0);
	prog_id = prog_of(p)->aux->id;
	map_id = __bpf_map_get(fget(map))->id;
	map_set_prog(map, 0, p);
	ck_assert_uint_eq(run_prog(p), 7);	/* 33 tail calls, then out */
	close_fd(p);
	ck_assert_ptr_nonnull(idr_find(&prog_idr, prog_id));
	close_fd(map);
	ck_assert_ptr_null(idr_find(&prog_idr, prog_id));
	ck_assert_ptr_null(idr_find(&map_idr, map_id));
}
END_TEST

/* The verifier's rules for tail calls, and the unprivileged rewrite. */
START_TEST(tail_call_verifier)
{
	int map = create_map(BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 3);
	int rb = create_map(BPF_MAP_TYPE_RINGBUF, 0, 0, 4096);
	struct bpf_insn with_subprog[] = {
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_LD_MAP_FD(BPF_REG_2, map),
		EMIT_CALL(tail_call),
		BPF_CALL_REL(1),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	struct bpf_insn with_ref[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_LD_MAP_FD(BPF_REG_1, rb),
		BPF_MOV64_IMM(BPF_REG_2, 8),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		EMIT_CALL(ringbuf_reserve),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 9),
		BPF_MOV64_REG(BPF_REG_7, BPF_REG_0),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_LD_MAP_FD(BPF_REG_2, map),
		EMIT_CALL(tail_call),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_7),
		BPF_MOV64_IMM(BPF_REG_2, 0),
		EMIT_CALL(ringbuf_discard),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	struct load_opts unpriv = { .caps = CAP_TO_MASK(62) };
	struct bpf_prog *p;
	int fd, c;

	fd = load_prog(with_subprog, ARRAY_SIZE(with_subprog), NULL);
	ck_assert_int_eq(fd, -EINVAL);
	ck_assert_ptr_nonnull(strstr(test_log, "tail_calls are not allowed in programs with bpf-to-bpf calls"));
	fd = load_prog(with_ref, ARRAY_SIZE(with_ref), NULL);
	ck_assert_int_eq(fd, -EINVAL);
	ck_assert_ptr_nonnull(strstr(test_log, "tail_call would lead to reference leak"));

	/* unprivileged: no direct call, and the index is bounded and masked
	 * (for a map its creator may not speculate on: bypass_spec_v1 is the
	 * map's, decided at BPF_MAP_CREATE)
	 */
	close_fd(map);
	set_current_caps(CAP_TO_MASK(62));
	map = create_map(BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 3);
	set_current_caps(CAP_ALL);
	fd = load_caller(map, 2, true, 1, &unpriv);
	ck_assert_msg(fd >= 0, "%s", test_log);
	p = prog_of(fd);
	ck_assert_uint_eq(p->aux->size_poke_tab, 0);
	ck_assert_uint_eq(p->insnsi[4].code, BPF_JMP | BPF_JGE | BPF_K);
	ck_assert_uint_eq(p->insnsi[4].dst_reg, BPF_REG_3);
	ck_assert_int_eq(p->insnsi[4].imm, 3);	/* max_entries */
	ck_assert_uint_eq(p->insnsi[5].code, BPF_ALU | BPF_AND | BPF_K);
	ck_assert_int_eq(p->insnsi[5].imm, 3);	/* index_mask: 2^2 - 1 */
	ck_assert_uint_eq(p->insnsi[6].code, BPF_JMP | BPF_TAIL_CALL);
	c = load_ret(9, &unpriv);
	map_set_prog(map, 2, c);
	ck_assert_uint_eq(run_prog(fd), 9);
	map_delete(map, &(u32){ 2 });
	close_fd(c);
	close_fd(fd);
	close_fd(rb);
	close_fd(map);
}
END_TEST

void add_tail_call_tests(Suite *s)
{
	TCase *tc = tcase_create("tail_call");

	tcase_add_test(tc, tail_call_chain);
	tcase_add_test(tc, tail_call_limit);
	tcase_add_test(tc, tail_call_jit_bytes);
	tcase_add_test(tc, prog_array_owner);
	tcase_add_test(tc, prog_array_cycle);
	tcase_add_test(tc, tail_call_verifier);
	suite_add_tcase(s, tc);
}
