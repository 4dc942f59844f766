// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 03 tests: bpf_patch_insn_single(), bpf_adj_branches() and
 * bpf_remove_insns() on programs built by hand, the way chapter 05's
 * constant blinding will call them. Each row patches one instruction and
 * states the program expected afterwards. Then the batch, which must make
 * of random programs exactly what those make one edit at a time.
 */
#include "linux/bpf_patch.h"
#include "disasm.h"
#include <stdlib.h>

#include "tests.h"

static struct bpf_prog *prog_from(const struct bpf_insn *insns, u32 len)
{
	struct bpf_prog *p = bpf_prog_alloc(bpf_prog_size(len), 0);

	ck_assert_ptr_nonnull(p);
	memcpy(p->insnsi, insns, len * sizeof(*insns));
	p->len = len;
	return p;
}

static void expect_prog(const struct bpf_prog *p, const struct bpf_insn *want,
			u32 n, const char *what)
{
	ck_assert_msg(p->len == n, "%s: expected %u insns, got %u", what, n, p->len);
	for (u32 i = 0; i < n; i++) {
		char got[96], exp[96];

		bpf_insn_snprintf(got, sizeof(got), &p->insnsi[i]);
		bpf_insn_snprintf(exp, sizeof(exp), &want[i]);
		ck_assert_msg(!memcmp(&p->insnsi[i], &want[i], sizeof(want[i])),
			      "%s: insn %u: expected %s (off %d imm %d), got %s (off %d imm %d)",
			      what, i, exp, want[i].off, want[i].imm, got,
			      p->insnsi[i].off, p->insnsi[i].imm);
	}
}

#define MOV(r, v)	BPF_MOV64_IMM(r, v)
#define R0		BPF_REG_0
#define R1		BPF_REG_1

struct patch_case {
	const char *descr;
	struct bpf_insn prog[12];
	u32 len;
	u32 off;			/* insn to replace */
	struct bpf_insn patch[4];
	u32 patch_len;
	struct bpf_insn want[16];
	u32 want_len;
};

static const struct patch_case patch_cases[] = {
	{ "one for one: in place, nothing moves",
	  { MOV(R0, 1), BPF_JMP_IMM(BPF_JEQ, R0, 0, 1), MOV(R0, 2), BPF_EXIT_INSN() }, 4,
	  2, { MOV(R0, 3) }, 1,
	  { MOV(R0, 1), BPF_JMP_IMM(BPF_JEQ, R0, 0, 1), MOV(R0, 3), BPF_EXIT_INSN() }, 4 },
	{ "a forward jump across the patch grows",
	  { BPF_JMP_IMM(BPF_JEQ, R1, 0, 2), MOV(R0, 1), MOV(R0, 2), BPF_EXIT_INSN() }, 4,
	  1, { MOV(R0, 1), MOV(R0, 1), MOV(R0, 1) }, 3,
	  { BPF_JMP_IMM(BPF_JEQ, R1, 0, 4), MOV(R0, 1), MOV(R0, 1), MOV(R0, 1),
	    MOV(R0, 2), BPF_EXIT_INSN() }, 6 },
	{ "a jump to the patched insn lands on the patch's first insn",
	  { BPF_JMP_IMM(BPF_JEQ, R1, 0, 1), MOV(R0, 1), MOV(R0, 2), BPF_EXIT_INSN() }, 4,
	  2, { MOV(R0, 5), MOV(R0, 6) }, 2,
	  { BPF_JMP_IMM(BPF_JEQ, R1, 0, 1), MOV(R0, 1), MOV(R0, 5), MOV(R0, 6),
	    BPF_EXIT_INSN() }, 5 },
	{ "a backward jump across the patch grows",
	  { MOV(R0, 0), MOV(R0, 1), BPF_JMP_IMM(BPF_JLT, R0, 9, -3), BPF_EXIT_INSN() }, 4,
	  1, { MOV(R0, 1), MOV(R0, 1) }, 2,
	  { MOV(R0, 0), MOV(R0, 1), MOV(R0, 1), BPF_JMP_IMM(BPF_JLT, R0, 9, -4),
	    BPF_EXIT_INSN() }, 5 },
	{ "a backward jump to the patched insn reaches its first insn",
	  { MOV(R0, 0), MOV(R0, 1), BPF_JMP_IMM(BPF_JLT, R0, 9, -2), BPF_EXIT_INSN() }, 4,
	  1, { MOV(R0, 7), MOV(R0, 8) }, 2,
	  { MOV(R0, 0), MOV(R0, 7), MOV(R0, 8), BPF_JMP_IMM(BPF_JLT, R0, 9, -3),
	    BPF_EXIT_INSN() }, 5 },
	{ "jumps that do not cross are left alone",
	  { BPF_JMP_IMM(BPF_JEQ, R1, 0, 0), MOV(R0, 1), MOV(R0, 2),
	    BPF_JMP_IMM(BPF_JEQ, R1, 0, 0), BPF_EXIT_INSN() }, 5,
	  2, { MOV(R0, 2), MOV(R0, 2) }, 2,
	  { BPF_JMP_IMM(BPF_JEQ, R1, 0, 0), MOV(R0, 1), MOV(R0, 2), MOV(R0, 2),
	    BPF_JMP_IMM(BPF_JEQ, R1, 0, 0), BPF_EXIT_INSN() }, 6 },
	{ "a bpf-to-bpf call's imm is adjusted, a helper call's is not",
	  { BPF_CALL_REL(3), BPF_CALL_HELPER(5), MOV(R0, 1), BPF_EXIT_INSN(),
	    MOV(R0, 2), BPF_EXIT_INSN() }, 6,
	  2, { MOV(R0, 1), MOV(R0, 1) }, 2,
	  { BPF_CALL_REL(4), BPF_CALL_HELPER(5), MOV(R0, 1), MOV(R0, 1), BPF_EXIT_INSN(),
	    MOV(R0, 2), BPF_EXIT_INSN() }, 7 },
	{ "gotol (JMP32 | JA) keeps its offset in imm",
	  { BPF_JMP32_A(1), MOV(R0, 1), MOV(R0, 2), BPF_EXIT_INSN() }, 4,
	  1, { MOV(R0, 1), MOV(R0, 1), MOV(R0, 1) }, 3,
	  { BPF_JMP32_A(3), MOV(R0, 1), MOV(R0, 1), MOV(R0, 1), MOV(R0, 2),
	    BPF_EXIT_INSN() }, 6 },
	{ "JMP32 conditional jumps are adjusted like JMP ones",
	  { BPF_JMP32_IMM(BPF_JNE, R1, 0, 2), MOV(R0, 1), MOV(R0, 2), BPF_EXIT_INSN() }, 4,
	  1, { MOV(R0, 1), MOV(R0, 1) }, 2,
	  { BPF_JMP32_IMM(BPF_JNE, R1, 0, 3), MOV(R0, 1), MOV(R0, 1), MOV(R0, 2),
	    BPF_EXIT_INSN() }, 5 },
	{ "patching the last insn",
	  { BPF_JMP_IMM(BPF_JEQ, R1, 0, 1), MOV(R0, 1), BPF_EXIT_INSN() }, 3,
	  2, { MOV(R0, 9), BPF_EXIT_INSN() }, 2,
	  { BPF_JMP_IMM(BPF_JEQ, R1, 0, 1), MOV(R0, 1), MOV(R0, 9), BPF_EXIT_INSN() }, 4 },
};

START_TEST(bpf_patch_insn_single_rows)
{
	for (size_t i = 0; i < ARRAY_SIZE(patch_cases); i++) {
		const struct patch_case *c = &patch_cases[i];
		struct bpf_prog *p = prog_from(c->prog, c->len), *np;

		np = bpf_patch_insn_single(p, c->off, c->patch, c->patch_len);
		ck_assert_msg(!IS_ERR_OR_NULL(np), "%s: got %ld", c->descr, PTR_ERR(np));
		expect_prog(np, c->want, c->want_len, c->descr);
		bpf_prog_free(np);
	}
}
END_TEST

START_TEST(bpf_patch_insn_single_realloc)
{
	/* 500 insns fill one page (56 + 500 * 8 = 4056 bytes of 4096), so
	 * growing by 10 needs a second page and a new program object.
	 */
	u32 n = 500, i;
	struct bpf_insn *insns = calloc(n, sizeof(*insns));
	struct bpf_insn patch[11];
	struct bpf_prog *p, *np;

	for (i = 0; i < n - 1; i++)
		insns[i] = MOV(R0, i);
	insns[0] = BPF_JMP_IMM(BPF_JEQ, R1, 0, n - 2);	/* to the exit */
	insns[n - 1] = BPF_EXIT_INSN();
	for (i = 0; i < 11; i++)
		patch[i] = MOV(R1, i);
	p = prog_from(insns, n);
	ck_assert_uint_eq(p->pages, 1);
	np = bpf_patch_insn_single(p, 10, patch, 11);
	ck_assert_msg(!IS_ERR_OR_NULL(np), "got %ld", PTR_ERR(np));
	ck_assert_uint_eq(np->pages, 2);
	ck_assert_uint_eq(np->len, n + 10);
	ck_assert_ptr_eq(np->aux->prog, np);
	ck_assert_int_eq(np->insnsi[0].off, n - 2 + 10);
	ck_assert_int_eq(np->insnsi[10].imm, 0);
	ck_assert_int_eq(np->insnsi[20].imm, 10);
	ck_assert_int_eq(np->insnsi[21].imm, 11);	/* old insn 11 */
	ck_assert_uint_eq(np->insnsi[n + 9].code, BPF_JMP | BPF_EXIT);
	bpf_prog_free(np);
	free(insns);
}
END_TEST

START_TEST(bpf_patch_insn_single_erange)
{
	/* A jump over 32766 insns is the longest a 16-bit offset allows:
	 * growing the program inside it must fail with -ERANGE, before
	 * anything changes. Growing it elsewhere must succeed.
	 */
	u32 n = S16_MAX + 2, i;
	struct bpf_insn *insns = calloc(n, sizeof(*insns));
	struct bpf_insn patch[2] = { MOV(R0, 1), MOV(R0, 2) };
	struct bpf_prog *p, *np;

	insns[0] = BPF_JMP_IMM(BPF_JEQ, R1, 0, S16_MAX);	/* to insn 32768 */
	for (i = 1; i < n - 1; i++)
		insns[i] = MOV(R0, 0);
	insns[n - 1] = BPF_EXIT_INSN();
	p = prog_from(insns, n);

	np = bpf_patch_insn_single(p, 5, patch, 2);
	ck_assert_msg(np == ERR_PTR(-ERANGE), "inside the jump: expected -ERANGE, got %ld",
		      IS_ERR(np) ? PTR_ERR(np) : 0L);
	ck_assert_uint_eq(p->len, n);
	ck_assert_int_eq(p->insnsi[0].off, S16_MAX);
	ck_assert_int_eq(memcmp(p->insnsi, insns, n * sizeof(*insns)), 0);

	np = bpf_patch_insn_single(p, n - 1, patch, 2);		/* after the target */
	ck_assert_msg(!IS_ERR_OR_NULL(np), "after the jump: got %ld", PTR_ERR(np));
	ck_assert_int_eq(np->insnsi[0].off, S16_MAX);
	ck_assert_uint_eq(np->len, n + 1);
	bpf_prog_free(np);
	free(insns);
}
END_TEST

START_TEST(bpf_remove_insns_rows)
{
	const struct bpf_insn prog[] = {
		BPF_JMP_IMM(BPF_JEQ, R1, 0, 4),		/* to the exit */
		MOV(R0, 1), MOV(R0, 2), MOV(R0, 3),
		BPF_JMP_IMM(BPF_JEQ, R1, 1, -4),	/* back to insn 1 */
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn want[] = {
		BPF_JMP_IMM(BPF_JEQ, R1, 0, 2),
		MOV(R0, 1),
		BPF_JMP_IMM(BPF_JEQ, R1, 1, -2),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog *p = prog_from(prog, ARRAY_SIZE(prog));

	ck_assert_int_eq(bpf_remove_insns(p, 2, 2), 0);
	expect_prog(p, want, ARRAY_SIZE(want), "remove insns 2..3");
	bpf_prog_free(p);
}
END_TEST

START_TEST(bpf_adj_branches_probe)
{
	/* The probe pass reports, and writes nothing. */
	const struct bpf_insn prog[] = {
		BPF_JMP_IMM(BPF_JEQ, R1, 0, 2), MOV(R0, 1), MOV(R0, 2), BPF_EXIT_INSN(),
	};
	struct bpf_prog *p = prog_from(prog, ARRAY_SIZE(prog));

	ck_assert_int_eq(bpf_adj_branches(p, 1, 2, 5, true), 0);
	ck_assert_int_eq(p->insnsi[0].off, 2);
	ck_assert_int_eq(bpf_adj_branches(p, 1, 2, 2 + S16_MAX, true), -ERANGE);
	ck_assert_int_eq(p->insnsi[0].off, 2);
	bpf_prog_free(p);
}
END_TEST

/* ---- the batch: the same programs as one edit at a time ---------------- */

static u32 rnd(u32 n)
{
	return (u32)random() % n;
}

/* A random program of n insns whose jumps, gotols and calls stay inside. */
static void random_jumpy_prog(struct bpf_insn *insns, u32 n)
{
	for (u32 i = 0; i < n; i++) {
		s32 t = rnd(n + 1), d = t - (s32)i - 1;	/* target 0..n */

		switch (rnd(8)) {
		case 0: insns[i] = BPF_JMP_IMM(BPF_JEQ, R1, rnd(3), d); break;
		case 1: insns[i] = BPF_JMP32_REG(BPF_JGT, R1, R0, d); break;
		case 2: insns[i] = BPF_JMP_A(d); break;
		case 3: insns[i] = BPF_JMP32_A(d); break;
		case 4: insns[i] = BPF_CALL_REL(d); break;
		case 5: insns[i] = BPF_CALL_HELPER(rnd(10)); break;
		case 6: insns[i] = BPF_EXIT_INSN(); break;
		default: insns[i] = MOV(R0, rnd(100)); break;
		}
	}
}

/*
 * What a rewriting pass makes of one instruction, as blinding and the
 * division guards do: up to three new instructions before it (with a jump
 * inside the patch), then the instruction, a backward displacement grown
 * by what went before it. Returns the length; 1 means "left alone".
 */
static u32 rewrite(const struct bpf_insn *insn, u32 seed, struct bpf_insn *out)
{
	u32 pre = seed % 4, k;
	struct bpf_insn last = *insn;

	for (k = 0; k < pre; k++)
		out[k] = k == 0 && pre > 1 ? BPF_JMP_IMM(BPF_JNE, R1, 0, pre - 1)
					   : MOV(R1, seed + k);
	if (pre && (BPF_CLASS(last.code) == BPF_JMP || BPF_CLASS(last.code) == BPF_JMP32) &&
	    BPF_OP(last.code) != BPF_EXIT &&
	    !(BPF_OP(last.code) == BPF_CALL && last.src_reg != BPF_PSEUDO_CALL)) {
		bool in_imm = BPF_OP(last.code) == BPF_CALL || last.code == (BPF_JMP32 | BPF_JA);

		if (in_imm && last.imm < 0)
			last.imm -= pre;
		else if (!in_imm && last.off < 0)
			last.off -= pre;
	}
	out[pre] = last;
	return pre + 1;
}

START_TEST(bpf_patch_batch_equals_single)
{
	srandom(0xba7c4);
	for (int round = 0; round < 300; round++) {
		u32 n = 1 + rnd(200), i, pos, len;
		struct bpf_insn *insns = calloc(n, sizeof(*insns)), patch[4];
		u32 *seed = calloc(n, sizeof(*seed));
		struct bpf_prog *one = NULL, *all;
		struct bpf_patch_batch b;

		random_jumpy_prog(insns, n);
		for (i = 0; i < n; i++)
			seed[i] = rnd(3) ? 0 : random();	/* a third rewritten */

		/* one edit at a time, each made from the current program */
		one = prog_from(insns, n);
		for (i = 0, pos = 0; i < n; i++) {
			len = rewrite(&one->insnsi[pos], seed[i], patch);
			if (len > 1) {
				one = bpf_patch_insn_single(one, pos, patch, len);
				ck_assert_msg(!IS_ERR(one), "round %d: single: %ld", round, PTR_ERR(one));
			}
			pos += len;
		}

		/* the batch, each edit made from the original */
		all = prog_from(insns, n);
		bpf_patch_batch_init(&b);
		for (i = 0; i < n; i++) {
			len = rewrite(&insns[i], seed[i], patch);
			if (len > 1)
				ck_assert_int_eq(bpf_patch_batch_add(&b, i, patch, len), 0);
		}
		all = bpf_patch_batch_apply(all, &b);
		ck_assert_msg(!IS_ERR(all), "round %d: batch: %ld", round, PTR_ERR(all));
		expect_prog(all, one->insnsi, one->len, "batch vs one at a time");
		for (i = 0, pos = 0; i < n; i++) {
			ck_assert_uint_eq(b.new_idx[i], pos);
			pos += rewrite(&insns[i], seed[i], patch);
		}
		bpf_patch_batch_free(&b);
		bpf_prog_free(one);
		bpf_prog_free(all);
		free(insns);
		free(seed);
	}
}
END_TEST

START_TEST(bpf_patch_batch_removals)
{
	/* Removing a random set: as bpf_remove_insns() one by one, in order. */
	srandom(0x7e30);
	for (int round = 0; round < 300; round++) {
		u32 n = 2 + rnd(200), i, pos;
		struct bpf_insn *insns = calloc(n, sizeof(*insns));
		bool *gone = calloc(n, sizeof(*gone));
		struct bpf_prog *one, *all;
		struct bpf_patch_batch b;

		random_jumpy_prog(insns, n);
		one = prog_from(insns, n);
		all = prog_from(insns, n);
		bpf_patch_batch_init(&b);
		for (i = 0, pos = 0; i < n; i++) {
			gone[i] = rnd(3) == 0;
			if (!gone[i]) {
				pos++;
				continue;
			}
			ck_assert_int_eq(bpf_remove_insns(one, pos, 1), 0);
			ck_assert_int_eq(bpf_patch_batch_add(&b, i, NULL, 0), 0);
		}
		all = bpf_patch_batch_apply(all, &b);
		ck_assert_msg(!IS_ERR(all), "round %d: batch: %ld", round, PTR_ERR(all));
		expect_prog(all, one->insnsi, one->len, "removals");
		bpf_patch_batch_free(&b);
		bpf_prog_free(one);
		bpf_prog_free(all);
		free(insns);
		free(gone);
	}
}
END_TEST

START_TEST(bpf_patch_batch_erange)
{
	/* The longest 16-bit jump, grown from inside: -ERANGE, nothing moved. */
	u32 n = S16_MAX + 2, i;
	struct bpf_insn *insns = calloc(n, sizeof(*insns));
	struct bpf_insn patch[2] = { MOV(R0, 1), MOV(R0, 2) };
	struct bpf_patch_batch b;
	struct bpf_prog *p, *np;

	insns[0] = BPF_JMP_IMM(BPF_JEQ, R1, 0, S16_MAX);
	for (i = 1; i < n - 1; i++)
		insns[i] = MOV(R0, 0);
	insns[n - 1] = BPF_EXIT_INSN();
	p = prog_from(insns, n);
	bpf_patch_batch_init(&b);
	ck_assert_int_eq(bpf_patch_batch_add(&b, 5, patch, 2), 0);
	ck_assert_int_eq(bpf_patch_batch_add(&b, 5, patch, 2), -EINVAL);	/* not in order */
	np = bpf_patch_batch_apply(p, &b);
	ck_assert_msg(np == ERR_PTR(-ERANGE), "expected -ERANGE, got %ld",
		      IS_ERR(np) ? PTR_ERR(np) : 0L);
	ck_assert_uint_eq(b.err_off, 0);
	ck_assert_int_eq(memcmp(p->insnsi, insns, n * sizeof(*insns)), 0);
	ck_assert_uint_eq(p->len, n);
	bpf_patch_batch_free(&b);
	bpf_prog_free(p);
	free(insns);
}
END_TEST

void add_patch_tests(Suite *s)
{
	TCase *tc = tcase_create("bpf_patch_insn_single");

	ADD(tc, bpf_patch_insn_single_rows);
	ADD(tc, bpf_patch_insn_single_realloc);
	ADD(tc, bpf_patch_insn_single_erange);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_patch_batch");
	tcase_set_timeout(tc, 120);
	ADD(tc, bpf_patch_batch_equals_single);
	ADD(tc, bpf_patch_batch_removals);
	ADD(tc, bpf_patch_batch_erange);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpf_adj_branches");
	ADD(tc, bpf_adj_branches_probe);
	ADD(tc, bpf_remove_insns_rows);
	suite_add_tcase(s, tc);
}
