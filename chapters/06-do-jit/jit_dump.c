// SPDX-License-Identifier: GPL-2.0
/*
 * The dump the article copied out of its kernel log.
 *
 * Mirrors include/linux/filter.h: bpf_jit_dump(), Linux v5.8, and the
 * parts of lib/hexdump.c: print_hex_dump() it uses; written afresh.
 *
 *   flen=6 proglen=58 pass=3 image=0000000000000000 from=demo pid=4242
 *   JIT code: 00000000: 66 66 66 66 90 55 48 89 e5 48 81 ec 08 00 00 00
 *
 * The image address is printed with %pK, which hides kernel addresses from
 * the log: with kptr_restrict=1 and a reader without CAP_SYSLOG, or with
 * kptr_restrict=2, it prints as zeros. We always print it that way: the
 * address is random on every load (bpf_jit_binary_alloc()), so a real one
 * would make every dump differ and every golden output useless.
 */
#include <errno.h>
#include <unistd.h>

#include "bpf_jit_comp.h"

FILE *bpf_jit_log;

/* print_hex_dump(KERN_ERR, "JIT code: ", DUMP_PREFIX_OFFSET, 16, 1, buf, len, false) */
static void print_hex_dump(FILE *f, const char *prefix_str, const u8 *buf, size_t len)
{
	const int rowsize = 16;
	size_t i, linelen;

	for (i = 0; i < len; i += rowsize) {
		size_t j;

		linelen = min(len - i, (size_t)rowsize);
		fprintf(f, "%s%.8zx: ", prefix_str, i);
		for (j = 0; j < linelen; j++)
			fprintf(f, j ? " %02x" : "%02x", buf[i + j]);
		fputc('\n', f);
	}
}

void bpf_jit_dump(unsigned int flen, unsigned int proglen,
		  unsigned int pass, void *image)
{
	FILE *f = bpf_jit_log ? bpf_jit_log : stderr;

	(void)image;	/* %pK: see above */
	fprintf(f, "flen=%u proglen=%u pass=%u image=%016lx from=%s pid=%d\n",
		flen, proglen, pass, 0UL, program_invocation_short_name,
		(int)getpid());
	if (image)
		print_hex_dump(f, "JIT code: ", image, proglen);
}
