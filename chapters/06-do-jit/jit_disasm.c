// SPDX-License-Identifier: GPL-2.0
/*
 * Reading an image back: each BPF instruction beside the x86 code it became,
 * and the reverse of bpf_jit_dump(): from a kernel log to assembly.
 *
 * The kernel's counterparts: `bpftool prog dump jited` (which interleaves
 * using the jited line info that bpf_prog_fill_jited_linfo() derives from
 * addrs[]) and tools/bpf/bpf_jit_disasm/bpf_jit_disasm.c (which scans the
 * log for the last dump and disassembles it with libbfd). The article did
 * the latter with a few lines of pwntools. Written afresh, with Capstone.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "disasm.h"
#include "x86_disasm.h"
#include "bpf_jit_comp.h"

/* count int3 (filler no one executes) from address: three or more on one line. */
static void print_int3s(FILE *out, u64 address, u32 count)
{
	char bytes[32];

	if (count >= 3) {
		snprintf(bytes, sizeof(bytes), "cc (%u times)", count);
		fprintf(out, "  %4x: %-30s  int3\n", (unsigned int)address, bytes);
		return;
	}
	for (u32 i = 0; i < count; i++)
		fprintf(out, "  %4x: %-30s  int3\n", (unsigned int)(address + i), "cc");
}

/*
 * x86 code [start, end) of the image, one instruction a line, image offsets;
 * three or more int3 in a row on one line (chapter 09's images have such
 * filler; v5.8's have none).
 */
static void print_range(FILE *out, const u8 *image, u32 start, u32 end)
{
	struct x86_disasm d;
	struct x86_disasm_insn xi;
	u64 run_at = 0;
	u32 run = 0;
	int i;

	if (end <= start)
		return;
	if (x86_disasm_open(&d, image + start, end - start, start))
		return;
	while (x86_disasm_next(&d, &xi)) {
		if (xi.len == 1 && xi.bytes[0] == 0xCC) {
			if (!run++)
				run_at = xi.address;
			continue;
		}
		print_int3s(out, run_at, run);
		run = 0;
		fprintf(out, "  %4x: ", (unsigned int)xi.address);
		for (i = 0; i < 10; i++) {
			if (i < xi.len)
				fprintf(out, "%02x ", xi.bytes[i]);
			else
				fputs("   ", out);
		}
		for (; i < xi.len; i++)
			fprintf(out, "%02x ", xi.bytes[i]);
		fprintf(out, "  %s%s%s\n", xi.mnemonic, xi.op_str[0] ? " " : "",
			xi.op_str);
	}
	print_int3s(out, run_at, run);
	x86_disasm_close(&d);
}

void bpf_jit_disasm_prog(FILE *out, const struct bpf_prog *prog)
{
	const struct bpf_jit_trace *trace = prog->aux->jit_trace;
	const u8 *image = (const u8 *)prog->bpf_func;
	const u32 *addrs;
	char buf[128];
	u32 k;

	if (!prog->jited) {
		fprintf(out, "(not JITed: the interpreter runs this program)\n");
		return;
	}
	if (!trace || !trace->addrs || trace->insn_cnt != prog->len) {
		/* no addrs[]: the code alone */
		print_range(out, image, 0, prog->jited_len);
		return;
	}
	addrs = trace->addrs;
	fprintf(out, "; prologue\n");
	print_range(out, image, 0, addrs[0]);
	for (k = 0; k < prog->len; k++) {
		const struct bpf_insn *insn = &prog->insnsi[k];
		u32 next = k + 1;

		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW) && k + 1 < prog->len)
			next = k + 2;
		bpf_insn_snprintf(buf, sizeof(buf), insn);
		fprintf(out, "%4u: %s\n", k, buf);
		print_range(out, image, addrs[k], addrs[next]);
		k = next - 1;
	}
}

long bpf_jit_parse_log(FILE *in, u8 *buf, size_t size)
{
	static const char tag[] = "JIT code: ";
	char line[1024];
	size_t n = 0;

	while (fgets(line, sizeof(line), in)) {
		char *p = strstr(line, tag), *end;
		unsigned long off;

		if (!p)
			continue;
		p += sizeof(tag) - 1;
		off = strtoul(p, &end, 16);
		if (end == p || *end != ':')
			return -EINVAL;
		if (off == 0)
			n = 0;		/* a new dump: the last one wins, as in bpf_jit_disasm */
		else if (off != n)
			return -EINVAL;	/* a row is missing */
		p = end + 1;
		for (;;) {
			unsigned long byte;

			while (*p == ' ')
				p++;
			if (!isxdigit((unsigned char)*p))
				break;
			byte = strtoul(p, &end, 16);
			if (end - p != 2 || byte > 0xff)
				return -EINVAL;
			if (n == size)
				return -E2BIG;
			buf[n++] = byte;
			p = end;
		}
		if (*p != '\n' && *p != '\r' && *p != '\0')
			return -EINVAL;
	}
	return n;
}

long bpf_jit_disasm_log(FILE *in, FILE *out)
{
	size_t size = 1 << 20;
	u8 *buf = malloc(size);
	long n;

	if (!buf)
		return -ENOMEM;
	n = bpf_jit_parse_log(in, buf, size);
	if (n > 0)
		x86_print_code(out, buf, n, 0);
	free(buf);
	return n;
}
