/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A program with what it should do, as a hex file the book's tool reads
 * (`bpfjit run FILE`): a header of `# key: value` comments, then one
 * instruction per line with its text as a comment.
 *
 *   # sign-extending load: bounds of the loaded value
 *   # type: socket_filter
 *   # expect: r0 0x1
 *   b7 01 00 00 ff 00 00 00   # r1 = 255
 *   ...
 *
 * `expect` is `r0 VALUE` (accepted, and every runtime returns VALUE),
 * `refuse` (the verifier must say no) or `accept` (loads and every
 * runtime agrees with the reference). `memory: N` (MiB) bounds the peak
 * memory of the process that loads and runs it. Findings are written this way and
 * the regression files under code/fuzz/regress/ are read this way. Ours.
 */
#ifndef _FUZZ_PROG_FILE_H
#define _FUZZ_PROG_FILE_H

#include <stdio.h>

#include "linux/kernel.h"
#include "uapi/linux/bpf.h"

enum prog_expect { EXPECT_NONE, EXPECT_R0, EXPECT_REFUSE, EXPECT_ACCEPT };

struct prog_file {
	char title[256];		/* the first comment line */
	u32 prog_type;
	enum prog_expect expect;
	u64 r0;				/* EXPECT_R0 */
	u32 memory_mb;			/* 0: no bound */
	struct bpf_insn *insns;		/* malloc'd */
	u32 len;
};

const char *prog_type_name(u32 type);
int prog_type_by_name(const char *name);	/* -1 if unknown */

/* Header, then the instructions. `notes` (may be NULL) are more comment lines. */
void prog_file_write(FILE *f, const struct prog_file *pf, const char *notes);
/* Returns 0, or -errno with a message in err. */
int prog_file_read(const char *path, struct prog_file *pf, char *err, size_t errlen);
void prog_file_free(struct prog_file *pf);

#endif /* _FUZZ_PROG_FILE_H */
