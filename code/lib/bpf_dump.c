// SPDX-License-Identifier: GPL-2.0
/*
 * Whole programs and single instructions as text, on top of print_bpf_insn().
 *
 * Mirrors tools/bpf/bpftool/xlated_dumper.c: dump_xlated_plain(), Linux 6.1
 * (the "% 4d: " index column, one line per instruction, ld_imm64 on one line)
 * and print_imm() (a map's id as `map[id:N]`); written afresh. bpftool feeds the kernel's own printer through a callback
 * that writes to stdout; we do the same, to any FILE or into a buffer.
 */
#include <stdarg.h>

#include "disasm.h"

static bool is_ld_imm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static __printf(2, 3) void print_to_file(void *private_data, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vfprintf(private_data, fmt, args);
	va_end(args);
}

/*
 * An xlated dump (BPF_OBJ_GET_INFO_BY_FD) names a map by its id in imm,
 * and a value address by the id and the offset (bpf_insn_prepare_dump()).
 */
static char imm_buf[64];

static const char *print_imm(void *private_data, const struct bpf_insn *insn, u64 full_imm)
{
	(void)private_data;
	if (insn->src_reg == BPF_PSEUDO_MAP_FD)
		snprintf(imm_buf, sizeof(imm_buf), "map[id:%u]", insn->imm);
	else if (insn->src_reg == BPF_PSEUDO_MAP_VALUE)
		snprintf(imm_buf, sizeof(imm_buf), "map[id:%u][0]+%u", insn->imm,
			 (insn + 1)->imm);
	else
		snprintf(imm_buf, sizeof(imm_buf), "0x%llx", (unsigned long long)full_imm);
	return imm_buf;
}

void bpf_print_prog(FILE *f, const struct bpf_insn *insns, u32 len)
{
	const struct bpf_insn_cbs cbs = {
		.cb_print	= print_to_file,
		.cb_imm		= print_imm,
		.private_data	= f,
	};
	u32 i;

	for (i = 0; i < len; i++) {
		fprintf(f, "% 4d: ", i);
		if (is_ld_imm64(&insns[i]) && i + 1 == len) {
			/* Half an instruction: nothing to read the high half from. */
			fprintf(f, "BUG_ld_%02x\n", insns[i].code);
			break;
		}
		print_bpf_insn(&cbs, &insns[i], true);
		if (is_ld_imm64(&insns[i]))
			i++;	/* its second slot was printed with it */
	}
}

struct snprint_buf {
	char	*buf;
	size_t	size;
	size_t	len;	/* what the whole text needed, as snprintf() counts */
};

static __printf(2, 3) void print_to_buf(void *private_data, const char *fmt, ...)
{
	struct snprint_buf *b = private_data;
	size_t room = b->len < b->size ? b->size - b->len : 0;
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(room ? b->buf + b->len : NULL, room, fmt, args);
	va_end(args);
	if (n > 0)
		b->len += n;
}

size_t bpf_insn_snprintf(char *buf, size_t size, const struct bpf_insn *insn)
{
	struct snprint_buf b = { .buf = buf, .size = size };
	const struct bpf_insn_cbs cbs = {
		.cb_print	= print_to_buf,
		.private_data	= &b,
	};

	if (size)
		buf[0] = '\0';
	print_bpf_insn(&cbs, insn, true);
	/* Every line ends in '\n'; a message wants it gone. */
	if (b.len && b.len <= size && buf[b.len - 1] == '\n')
		buf[b.len - 1] = '\0';
	if (b.len)
		b.len--;
	return b.len;
}
