// SPDX-License-Identifier: GPL-2.0
/*
 * Runs the eBPF tests of the kernel's lib/test_bpf.c through this
 * project's interpreter and JITs, the way the module runs them through the
 * kernel's (lib/test_bpf.c, Linux 6.1: generate_filter(), run_one()).
 *
 * The module does not call the verifier: an eBPF test is put into a
 * bpf_prog by hand (its instructions, the stack depth the table gives,
 * verifier_zext if the test asks for it) and handed to
 * bpf_prog_select_runtime(), which JITs it or leaves it to the interpreter;
 * R1 is an skb around the test's data, a plain buffer, or NULL; the 32 bits
 * bpf_prog_run() returns are compared with the table's. This runner does
 * the same, once per runtime: the interpreter, the v5.8 JIT, the JIT with
 * constant blinding, and chapter 09's optimising JIT, plain and blinded.
 * With --load, each program also goes the way `bpfjit run --unverified`
 * takes it, in each runtime: sys_bpf(BPF_PROG_LOAD) with BPF_F_UNVERIFIED
 * (the structural checks, and the fixups), then BPF_PROG_TEST_RUN with R1
 * the test's data and R2 its length (none for FLAG_NO_DATA); its 32 bits
 * of R0 must be the table's too.
 *
 * The tail-call tests, a table of their own, run as the module's
 * test_tail_calls() runs them, in each runtime: every program of the table
 * compiled and put in one hand-made program array, each run 1000 times.
 *
 * The cBPF tests need bpf_prog_create() (cBPF to eBPF), which this project
 * does not build; they are counted apart.
 *
 * --hex prints the programs instead, one instruction of 8 bytes a line (the
 * hex text bpfjit reads), each after a '#' line naming its test:
 *
 *   test_bpf [-v] [--load] [--grep TEXT] [--hex]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "linux/bpf.h"
#include "linux/bpf_interp.h"
#include "linux/bpf_jit.h"
#include "linux/capability.h"
#include "linux/etherdevice.h"
#include "linux/file.h"
#include "linux/filter.h"
#include "linux/skbuff.h"
#include "test_bpf_table.h"

/* lib/test_bpf.c's skb: populate_skb()'s values, where this sk_buff has the field. */
#define SKB_TYPE	3
#define SKB_MARK	0x1234aaaa
#define SKB_HASH	0x1234aaab
#define SKB_QUEUE_MAP	123
#define SKB_VLAN_TCI	0xffff
#define SKB_VLAN_PRESENT 1

struct runtime {
	const char *name;
	int jit, harden;
	unsigned int opt;
};

static const struct runtime runtimes[] = {
	{ "interp",     0, 0, 0 },
	{ "jit",        1, 0, 0 },
	{ "jit+blind",  1, 2, 0 },
	{ "opt",        1, 0, BPF_JIT_OPT_ALL },
	{ "opt+blind",  1, 2, BPF_JIT_OPT_ALL },
};
#define NR_RUNTIMES (sizeof(runtimes) / sizeof(runtimes[0]))

static int verbose_out;
static char log_buf[1 << 16];

/* populate_skb(): the data in a fresh skb, its headers set as the module sets them. */
static struct sk_buff *populate_skb(const unsigned char *buf, int size)
{
	unsigned int bufsz = kmalloc_size_roundup(TEST_BPF_DATA + NET_SKB_PAD + 512);
	struct sk_buff *skb;
	void *head = calloc(1, bufsz);

	if (!head || size >= TEST_BPF_DATA) {
		free(head);
		return NULL;
	}
	skb = build_skb(head, bufsz);
	if (!skb)
		return NULL;
	memcpy(__skb_put(skb, size), buf, size);
	skb_reset_mac_header(skb);
	skb->protocol = htons(ETH_P_IP);
	skb->pkt_type = SKB_TYPE;
	skb->mark = SKB_MARK;
	skb->hash = SKB_HASH;
	skb->queue_mapping = SKB_QUEUE_MAP;
	skb->vlan_tci = SKB_VLAN_TCI;
	skb->vlan_present = SKB_VLAN_PRESENT;
	skb->vlan_proto = htons(ETH_P_IP);
	skb_set_network_header(skb, size < ETH_HLEN ? size : ETH_HLEN);
	return skb;
}

/* generate_filter(), INTERNAL: no verifier, the runtime chosen as the kernel chooses. */
static struct bpf_prog *generate_filter(const struct test_bpf *t, int *err)
{
	struct bpf_prog *fp = bpf_prog_alloc(bpf_prog_size(t->len), 0);

	if (!fp) {
		*err = -ENOMEM;
		return NULL;
	}
	fp->len = t->len;
	fp->type = BPF_PROG_TYPE_SOCKET_FILTER;
	memcpy(fp->insnsi, t->insns, t->len * sizeof(struct bpf_insn));
	fp->aux->stack_depth = t->stack_depth;
	fp->aux->verifier_zext = t->verifier_zext;
	return bpf_prog_select_runtime(fp, err);
}

/* run_one(): every subtest, each on fresh data; the number of results that differ. */
static int run_one(const struct bpf_prog *fp, const struct test_bpf *t, char *why, size_t n)
{
	int i, bad = 0;

	for (i = 0; i < TEST_BPF_SUBTESTS; i++) {
		struct sk_buff *skb = NULL;
		void *ctx = NULL;
		u32 ret;

		if (i > 0 && t->sub[i].data_size == 0 && t->sub[i].result == 0)
			break;
		if (t->ctx == TEST_BPF_CTX_SKB) {
			skb = populate_skb(t->data, t->sub[i].data_size);
			ctx = skb;
		} else if (t->ctx == TEST_BPF_CTX_MEM) {
			ctx = calloc(1, t->sub[i].data_size);
		}
		if (!ctx && t->ctx != TEST_BPF_CTX_NONE) {
			snprintf(why, n, "no data");
			return bad + 1;
		}
		ret = BPF_PROG_RUN(fp, ctx);
		if (ret != t->sub[i].result) {
			snprintf(why, n, "ret %d != %d", (int)ret, (int)t->sub[i].result);
			bad++;
		}
		if (skb)
			kfree_skb(skb);
		else
			free(ctx);
	}
	return bad;
}

/* The same program through sys_bpf(BPF_PROG_LOAD) with BPF_F_UNVERIFIED: its fd or error. */
static int load_unverified(const struct test_bpf *t)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (u64)(uintptr_t)t->insns;
	attr.insn_cnt = t->len;
	attr.license = (u64)(uintptr_t)"GPL";
	attr.prog_flags = BPF_F_UNVERIFIED;
	attr.log_level = 1;
	attr.log_buf = (u64)(uintptr_t)log_buf;
	attr.log_size = sizeof(log_buf);
	log_buf[0] = 0;
	return (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

/*
 * BPF_PROG_TEST_RUN on every subtest, each on fresh data; the number of
 * wrong results, or -1 when the data cannot be passed: more than the page
 * BPF_PROG_TEST_RUN takes (net/bpf/test_run.c: bpf_test_init()), as
 * FLAG_LARGE_MEM tests ask for.
 */
static int test_run_all(int fd, const struct test_bpf *t, char *why, size_t n)
{
	int i, bad = 0;

	for (i = 0; i < TEST_BPF_SUBTESTS; i++) {
		int size = t->sub[i].data_size, err;
		unsigned char *data;
		union bpf_attr attr;

		if (i > 0 && size == 0 && t->sub[i].result == 0)
			break;
		if (t->ctx == TEST_BPF_CTX_NONE || size < 0)
			size = 0;
		data = calloc(1, size + 1);
		if (!data) {
			snprintf(why, n, "no memory for %d bytes", size);
			return bad + 1;
		}
		if (t->ctx == TEST_BPF_CTX_SKB)
			memcpy(data, t->data, size < TEST_BPF_DATA ? size : TEST_BPF_DATA);
		memset(&attr, 0, sizeof(attr));
		attr.test.prog_fd = fd;
		attr.test.data_in = size ? (u64)(uintptr_t)data : 0;
		attr.test.data_size_in = size;
		attr.test.repeat = 1;
		err = (int)sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
		free(data);
		if (err == -EINVAL && size > (int)(PAGE_SIZE - NET_SKB_PAD - NET_IP_ALIGN -
						   SKB_DATA_ALIGN(sizeof(struct skb_shared_info))))
			return -1;
		if (err) {
			snprintf(why, n, "BPF_PROG_TEST_RUN: %d", err);
			bad++;
		} else if (attr.test.retval != t->sub[i].result) {
			snprintf(why, n, "ret %d != %d", (int)attr.test.retval,
				 (int)t->sub[i].result);
			bad++;
		}
	}
	return bad;
}

/* The log's last line before the statistics: why the load failed. */
static const char *why(void)
{
	char *p, *last = log_buf;

	for (p = strtok(log_buf, "\n"); p; p = strtok(NULL, "\n"))
		if (strncmp(p, "processed ", 10))
			last = p;
	return last;
}

static void print_hex(unsigned int i, const struct test_bpf *t)
{
	const unsigned char *b = t->insns;

	printf("# #%u %s\n", i, t->descr);
	for (unsigned int k = 0; k < t->len * 8; k++)
		printf("%02x%s", b[k], k % 8 == 7 ? "\n" : " ");
}

static unsigned int pass[NR_RUNTIMES], fail[NR_RUNTIMES], refused[NR_RUNTIMES];
static unsigned int tc_pass[NR_RUNTIMES], tc_fail[NR_RUNTIMES];

/* The kernel functions the tail-call table calls (lib/test_bpf.c relocates them). */
static u64 numa_node_id_fn(void)
{
	return 0;
}

static u64 ktime_fn(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

static u64 jiffies_fn(void)
{
	return ktime_fn() / 4000000;	/* HZ=250 */
}

/*
 * prepare_tail_call_tests(), for one program: the tail calls' marker
 * ld_imm64 becomes the array's address and the marker mov the index of
 * the target (the empty slot past the table, or one past that), the calls
 * direct calls of the functions. A call out of reach of __bpf_call_base
 * becomes a `goto +0`, as the module makes it. 0 or -EFAULT.
 */
static int relocate_tail_calls(struct bpf_insn *insns, unsigned int len, unsigned int which,
			       unsigned int ntests, const struct bpf_array *progs)
{
	struct test_bpf_tail_call_markers m;

	test_bpf_tail_call_markers(&m);
	for (unsigned int i = 0; i < len; i++) {
		struct bpf_insn *insn = &insns[i];
		void *addr;
		s64 off;
		int f;

		switch (insn->code) {
		case BPF_LD | BPF_DW | BPF_IMM:
			if (insn->imm == m.marker && i + 1 < len) {
				insn[0].imm = (u32)(uintptr_t)progs;
				insn[1].imm = (u32)((u64)(uintptr_t)progs >> 32);
			}
			i++;
			break;
		case BPF_ALU | BPF_MOV | BPF_K:
			if (insn->imm != m.marker)
				break;
			if (insn->off == m.null_target)
				insn->imm = ntests;
			else if (insn->off == m.invalid_index)
				insn->imm = ntests + 1;
			else
				insn->imm = which + insn->off;
			insn->off = 0;
			break;
		case BPF_JMP | BPF_CALL:
			if (insn->src_reg != BPF_PSEUDO_CALL)
				break;
			for (f = 0; f < TEST_BPF_NR_FNS && insn->imm != m.fn_id[f]; f++)
				;
			if (f == TEST_BPF_NR_FNS)
				return -EFAULT;
			addr = f == TEST_BPF_FN_TEST_FUNC ? m.test_func :
			       f == TEST_BPF_FN_NUMA_NODE_ID ? (void *)numa_node_id_fn :
			       f == TEST_BPF_FN_JIFFIES64 ? (void *)jiffies_fn : (void *)ktime_fn;
			off = (s64)((uintptr_t)addr - (uintptr_t)__bpf_call_base);
			*insn = off == (s32)off ? BPF_EMIT_CALL(addr) : BPF_JMP_A(0);
			break;
		}
	}
	return 0;
}

/*
 * test_tail_calls() in runtime r (its knobs set): every program compiled
 * and placed in the array, as the module places them; then each run
 * TEST_BPF_TESTRUNS times, R1 NULL or the state it counts in. Placing a
 * program in an array is what a map update does (chapter 08's
 * prog_fd_array_get_ptr()), chapter 09's way in for tail calls included.
 */
static void run_tail_calls(unsigned int r, const char *grep)
{
	unsigned int n = test_bpf_tail_call_count(), i;
	struct bpf_array *progs = calloc(1, sizeof(*progs) + (n + 1) * sizeof(progs->ptrs[0]));
	int err;

	if (!progs) {
		tc_fail[r]++;
		return;
	}
	progs->map.max_entries = n + 1;	/* the last slot stays empty */
	for (i = 0; i < n; i++) {
		struct test_bpf_tail_call t;
		struct bpf_prog *fp;

		test_bpf_tail_call_get(i, &t);
		fp = bpf_prog_alloc(bpf_prog_size(t.len), 0);
		if (!fp)
			continue;
		fp->len = t.len;
		fp->type = BPF_PROG_TYPE_SOCKET_FILTER;
		fp->aux->stack_depth = t.stack_depth;
		memcpy(fp->insnsi, t.insns, t.len * sizeof(struct bpf_insn));
		/*
		 * v5.8's JIT finds the tail-call counter below a whole
		 * MAX_BPF_STACK: the verifier gives every program that tail
		 * calls the whole stack (fixup_bpf_calls(), chapter 08's
		 * fixup_tail_call()). The module runs no verifier, and 6.1's
		 * JIT needs none of that; here it is done as the verifier would.
		 */
		for (unsigned int k = 0; k < t.len; k++)
			if (fp->insnsi[k].code == (BPF_JMP | BPF_TAIL_CALL))
				fp->aux->stack_depth = MAX_BPF_STACK;
		err = relocate_tail_calls(fp->insnsi, t.len, i, n, progs);
		if (!err)
			fp = bpf_prog_select_runtime(fp, &err);
		if (!err)
			err = bpf_jit_opt_tail_target(fp);
		if (err) {
			printf("#%u %s [%s, tail calls]: not prepared: %d\n", i, t.descr,
			       runtimes[r].name, err);
			bpf_prog_free(fp);
			continue;
		}
		progs->ptrs[i] = fp;
	}
	for (i = 0; i < n; i++) {
		struct bpf_prog *fp = progs->ptrs[i];
		struct test_bpf_tail_call t;
		u32 state = 0, ret = 0;

		test_bpf_tail_call_get(i, &t);
		if (grep && !strstr(t.descr, grep))
			continue;
		if (!fp) {
			tc_fail[r]++;
			continue;
		}
		for (int k = 0; k < TEST_BPF_TESTRUNS; k++)
			ret = BPF_PROG_RUN(fp, t.need_state ? &state : NULL);
		if (t.result_in_state)
			ret = state;
		if ((int)ret != t.result) {
			tc_fail[r]++;
			printf("#%u %s [%s, tail calls]: FAIL ret %d != %d\n", i, t.descr,
			       runtimes[r].name, (int)ret, t.result);
		} else {
			tc_pass[r]++;
			if (verbose_out)
				printf("#%u %s [%s, tail calls]: PASS%s\n", i, t.descr,
				       runtimes[r].name, fp->jited ? "" : " (interpreted)");
		}
	}
	for (i = 0; i < n; i++)
		if (progs->ptrs[i])
			bpf_prog_free(progs->ptrs[i]);
	free(progs);
}
static unsigned int load_pass[NR_RUNTIMES], load_fail[NR_RUNTIMES], load_refused[NR_RUNTIMES];
static unsigned int load_too_big[NR_RUNTIMES];

/* The test through sys_bpf(), as bpfjit runs it, in runtime r (its knobs already set). */
static void run_loaded(unsigned int i, const struct test_bpf *t, unsigned int r)
{
	int fd = load_unverified(t), bad;
	char why_run[96] = "";

	if (fd < 0) {
		load_refused[r]++;
		if (verbose_out)
			printf("#%u %s [%s, loaded]: BPF_F_UNVERIFIED load refused: %d: %s\n",
			       i, t->descr, runtimes[r].name, fd, why());
		return;
	}
	bad = test_run_all(fd, t, why_run, sizeof(why_run));
	if (bad < 0) {
		load_too_big[r]++;
		if (verbose_out)
			printf("#%u %s [%s, loaded]: data larger than BPF_PROG_TEST_RUN takes\n",
			       i, t->descr, runtimes[r].name);
	} else if (bad) {
		load_fail[r]++;
		printf("#%u %s [%s, loaded]: FAIL %s\n", i, t->descr, runtimes[r].name, why_run);
	} else {
		load_pass[r]++;
	}
	close_fd(fd);
}

/*
 * For make test's total ($CK_RESULTS): each test in each runtime (and each
 * way in, with --load) is a check; skipped are the cBPF tests, and the
 * loads the loader refused or whose data BPF_PROG_TEST_RUN cannot take.
 */
static void results_line(unsigned int internal, unsigned int classic)
{
	const char *path = getenv("CK_RESULTS");
	unsigned int p = 0, f = 0, skipped = classic, r;
	FILE *out;

	if (!path || (!internal && !tc_pass[0] && !tc_fail[0]))
		return;
	for (r = 0; r < NR_RUNTIMES; r++) {
		p += pass[r] + load_pass[r] + tc_pass[r];
		f += fail[r] + refused[r] + load_fail[r] + tc_fail[r];
		skipped += load_refused[r] + load_too_big[r];
	}
	out = fopen(path, "a");
	if (!out)
		return;
	fprintf(out, "test_bpf plain %u %u 0 %u\n", p, f, skipped);
	fclose(out);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "load", no_argument, NULL, 'l' },
		{ "grep", required_argument, NULL, 'g' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "hex", no_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned int n = test_bpf_count(), i, r, classic = 0, internal = 0, fill_err = 0;
	unsigned int not_jited[NR_RUNTIMES] = { 0 };
	const char *grep = NULL;
	int load = 0, hex = 0, c;

	while ((c = getopt_long(argc, argv, "v", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': load = 1; break;
		case 'g': grep = optarg; break;
		case 'v': verbose_out = 1; break;
		case 'x': hex = 1; break;
		default:
			fprintf(stderr, "usage: test_bpf [-v] [--load] [--grep TEXT] [--hex]\n");
			return 2;
		}
	}
	set_current_caps(CAP_ALL);
	for (i = 0; i < n; i++) {
		struct test_bpf t;

		test_bpf_get(i, &t);
		if (grep && !strstr(t.descr, grep))
			continue;
		if (t.kind == TEST_BPF_CLASSIC) {
			classic++;
			continue;
		}
		if (t.fill_err) {
			fill_err++;
			printf("#%u %s: the fill helper failed (%d)\n", i, t.descr, t.fill_err);
			continue;
		}
		internal++;
		if (hex) {
			print_hex(i, &t);
			continue;
		}
		for (r = 0; r < NR_RUNTIMES; r++) {
			const struct runtime *rt = &runtimes[r];
			struct bpf_prog *fp;
			char why[96] = "";
			int err = 0, bad;

			bpf_jit_enable = rt->jit;
			bpf_jit_harden = rt->harden;
			bpf_jit_opt = rt->opt;
			fp = generate_filter(&t, &err);
			if (!fp || err) {
				refused[r]++;
				printf("#%u %s [%s]: FAIL to select_runtime err=%d\n",
				       i, t.descr, rt->name, err);
				continue;
			}
			if (rt->jit && !fp->jited) {
				not_jited[r]++;
				if (verbose_out)
					printf("#%u %s [%s]: not JITed, interpreted\n",
					       i, t.descr, rt->name);
			}
			bad = run_one(fp, &t, why, sizeof(why));
			if (bad) {
				fail[r]++;
				printf("#%u %s [%s]: FAIL %s\n", i, t.descr, rt->name, why);
			} else {
				pass[r]++;
				if (verbose_out)
					printf("#%u %s [%s]: PASS\n", i, t.descr, rt->name);
			}
			bpf_prog_free(fp);
			if (load)
				run_loaded(i, &t, r);
		}
	}
	if (hex)
		return 0;
	for (r = 0; r < NR_RUNTIMES; r++) {
		bpf_jit_enable = runtimes[r].jit;
		bpf_jit_harden = runtimes[r].harden;
		bpf_jit_opt = runtimes[r].opt;
		run_tail_calls(r, grep);
	}
	bpf_jit_enable = 1;
	bpf_jit_harden = 0;
	bpf_jit_opt = 0;

	printf("lib/test_bpf.c: %u eBPF tests run (%u cBPF tests not run: no bpf_prog_create())\n",
	       internal, classic);
	printf("  as the module runs them (bpf_prog_select_runtime(), no verifier):\n");
	for (r = 0; r < NR_RUNTIMES; r++) {
		printf("  %-10s %4u pass %4u fail %4u not run", runtimes[r].name,
		       pass[r], fail[r], refused[r]);
		if (not_jited[r])
			printf("; %u ran in the interpreter (the JIT refused them)", not_jited[r]);
		printf("\n");
	}
	if (fill_err)
		printf("  %u tests whose fill helper failed\n", fill_err);
	printf("  the tail-call tests (%u), as test_tail_calls() runs them:\n",
	       test_bpf_tail_call_count());
	for (r = 0; r < NR_RUNTIMES; r++)
		printf("  %-10s %4u pass %4u fail\n", runtimes[r].name, tc_pass[r], tc_fail[r]);
	if (load)
		printf("  loaded with BPF_F_UNVERIFIED, run with BPF_PROG_TEST_RUN (bpfjit run --unverified):\n");
	for (r = 0; r < NR_RUNTIMES && load; r++)
		printf("  %-10s %4u pass %4u fail %4u refused, %u with more data than a page\n",
		       runtimes[r].name, load_pass[r], load_fail[r], load_refused[r],
		       load_too_big[r]);
	results_line(internal, classic);
	/* (a refusal is the loader's to make: the fixups may not fit, say) */
	for (r = 0; r < NR_RUNTIMES; r++)
		if (fail[r] || refused[r] || fill_err || load_fail[r] || tc_fail[r])
			return 1;
	return 0;
}
