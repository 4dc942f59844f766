/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Programs as text and as raw files, for the command-line tool and tests.
 * Not from the kernel (which only ever sees the bytes): these are the ways
 * programs reach us from outside.
 *
 * Hex text is a list of bytes separated by blanks, commas or newlines:
 *	b7 01 00 00 31 02 00 00  95 00 00 00 00 00 00 00
 *	"b7  01  00  00  ..."	the BPF conformance suite's format
 *	b701000031020000 ...	runs of digits, two per byte
 * A '#' starts a comment to the end of the line. A raw file is the
 * instructions' bytes exactly as struct bpf_insn lays them out.
 *
 * Errors are -EINVAL (or -ENOENT, -ENOMEM, -E2BIG) with a message that says
 * where: "line 2, column 7: 'x' is not a hex digit".
 */
#ifndef _BPF_HEX_H
#define _BPF_HEX_H

#include "linux/kernel.h"
#include "uapi/linux/bpf.h"

/* Bytes from hex text, any number of them (for input memory). *bytes is
 * malloc'd (NULL when *len is 0).
 */
int bpf_hex_parse_bytes(const char *text, u8 **bytes, size_t *len,
			char *errbuf, size_t errlen);

/* Instructions from hex text: a whole, non-zero number of 8-byte slots. */
int bpf_hex_parse(const char *text, struct bpf_insn **insns, u32 *cnt,
		  char *errbuf, size_t errlen);

/* Instructions from a raw file: its size must be a non-zero multiple of 8. */
int bpf_raw_load(const char *path, struct bpf_insn **insns, u32 *cnt,
		 char *errbuf, size_t errlen);

#endif /* _BPF_HEX_H */
