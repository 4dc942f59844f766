// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the ground's hex readers, bpf_hex_parse() (programs)
 * and bpf_hex_parse_bytes() (memory), on any text. A mistake gets -EINVAL
 * and a message naming line and column; a success gives whole
 * instructions, as many as the text holds at most. Ours.
 */
#include <stdlib.h>
#include <string.h>

#include "bpf_hex.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	char *text = malloc(size + 1), err[256];
	struct bpf_insn *insns;
	u8 *bytes;
	size_t len;
	u32 cnt;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';	/* the readers take C strings */

	if (!bpf_hex_parse(text, &insns, &cnt, err, sizeof(err))) {
		/* two hex digits per byte at least: no more than the text holds */
		if (!cnt || (size_t)cnt * 16 > size)
			__builtin_trap();
		free(insns);
	} else if (!err[0]) {
		__builtin_trap();
	}
	if (!bpf_hex_parse_bytes(text, &bytes, &len, err, sizeof(err))) {
		if (len * 2 > size)
			__builtin_trap();
		free(bytes);
	} else if (!err[0]) {
		__builtin_trap();
	}
	free(text);
	return 0;
}
