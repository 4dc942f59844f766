/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's verifier selftests as plain data (table.c -> runner.c). */
#ifndef _SELFTESTS_TABLE_H
#define _SELFTESTS_TABLE_H

/*
 * The maps test_verifier.c's do_test_fixup() creates, in its order; each
 * fixup names the instructions whose imm becomes the map's fd.
 */
enum selftest_fixup {
	FIXUP_MAP_HASH_8B,	/* hash, 8-byte key and value */
	FIXUP_MAP_HASH_48B,	/* hash, 8-byte key, struct test_val */
	FIXUP_MAP_HASH_16B,	/* hash, 8-byte key, struct other_val */
	FIXUP_MAP_ARRAY_48B,	/* array of one struct test_val, written */
	FIXUP_PROG1,		/* prog array of 4: programs at 0, 1, 2 */
	FIXUP_PROG2,		/* prog array of 8: programs at 7, 1, 2 */
	FIXUP_MAP_ARRAY_RO,	/* as ARRAY_48B, BPF_F_RDONLY_PROG */
	FIXUP_MAP_ARRAY_WO,	/* as ARRAY_48B, BPF_F_WRONLY_PROG */
	FIXUP_MAP_ARRAY_SMALL,	/* array of one 1-byte value */
	FIXUP_MAP_EVENT_OUTPUT,	/* perf event array of 1 */
	FIXUP_MAP_RINGBUF,	/* ring buffer of 4096 bytes */
	NR_SELFTEST_FIXUPS,
};

struct selftest {
	const char *descr;
	const void *insns;		/* struct bpf_insn[len] */
	unsigned int len;
	unsigned int prog_type;		/* 0: a socket filter */
	unsigned int flags;		/* F_* and BPF_F_* of the table */
	int accept, accept_unpriv, has_unpriv;
	const char *errstr, *errstr_unpriv;
	unsigned int retval, retval_unpriv;
	int runs;
	const unsigned char *data;	/* 64 bytes */
	const int *fixups[NR_SELFTEST_FIXUPS];	/* 0-ended, or NULL */
	const char *needs_maps;		/* a map type not built here, or NULL */
	const char *needs_other;	/* what else it needs, or NULL */
};

unsigned int selftest_count(void);
void selftest_get(unsigned int i, struct selftest *out);

#endif
