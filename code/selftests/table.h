/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's verifier selftests as plain data (table.c -> runner.c). */
#ifndef _SELFTESTS_TABLE_H
#define _SELFTESTS_TABLE_H

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
	int needs_maps;
	const char *needs_other;	/* what else it needs, or NULL */
};

unsigned int selftest_count(void);
void selftest_get(unsigned int i, struct selftest *out);

#endif
