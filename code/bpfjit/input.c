// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a program: a file (or stdin) whose format is recognised by its
 * content, not its name. An ELF object starts with "\177ELF"; raw bytecode is
 * anything else whose bytes are not all hex text; hex text is what a person
 * writes or copies from a dump. Each format is decoded by the ground
 * (code/lib), so the tool and the tests read programs the same way.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "bpfjit.h"

int bpfjit_read_file(const char *path, u8 **buf, size_t *len, struct bpfjit_err *e)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 0, n = 0;
	u8 *b = NULL, *nb;

	if (!f)
		return bpfjit_fail(e, errno, "%s: cannot open: %s (%s)", path,
				   strerror(errno), errno_name(-errno));
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			nb = realloc(b, cap);
			if (!nb) {
				free(b);
				if (f != stdin)
					fclose(f);
				return bpfjit_fail(e, ENOMEM, "%s: out of memory", path);
			}
			b = nb;
		}
		size_t got = fread(b + n, 1, cap - n, f);

		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int err = errno ? errno : EIO;

		free(b);
		if (f != stdin)
			fclose(f);
		return bpfjit_fail(e, err, "%s: read error: %s", path, strerror(err));
	}
	if (f != stdin)
		fclose(f);
	*buf = b;
	*len = n;
	return 0;
}

int bpfjit_prog_type(const char *name)
{
	unsigned int i;

	for (i = 0; i < bpf_prog_types_cnt; i++)
		if (bpf_prog_types[i] && !strcmp(bpf_prog_types[i]->name, name))
			return i;
	return -1;
}

const char *bpfjit_prog_type_name(int type)
{
	if (type >= 0 && (unsigned int)type < bpf_prog_types_cnt && bpf_prog_types[type])
		return bpf_prog_types[type]->name;
	return "unknown";
}

/* Is the whole buffer text a hex parser could read (digits, spaces, 0x, #)? */
static bool looks_like_text(const u8 *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isprint(buf[i]) && !isspace(buf[i]))
			return false;
	return true;
}

static int read_raw(const char *path, u8 *buf, size_t len, struct bpfjit_prog *p,
		    struct bpfjit_err *e)
{
	if (len == 0)
		return bpfjit_fail(e, EINVAL, "%s: empty program", path);
	if (len % sizeof(struct bpf_insn))
		return bpfjit_fail(e, EINVAL,
				   "%s: %zu bytes is not a whole number of 8-byte instructions: %zu byte(s) left after instruction %zu",
				   path, len, len % sizeof(struct bpf_insn),
				   len / sizeof(struct bpf_insn));
	if (len / sizeof(struct bpf_insn) > U32_MAX)
		return bpfjit_fail(e, E2BIG, "%s: too many instructions", path);
	p->insns = (struct bpf_insn *)buf;
	p->insn_cnt = len / sizeof(struct bpf_insn);
	return 0;
}

int bpfjit_read_prog(const struct bpfjit_opts *o, struct bpfjit_prog *p,
		     struct bpfjit_err *e)
{
	const char *path = o->input;
	size_t len, n;
	u8 *buf, *bytes;
	int err;

	memset(p, 0, sizeof(*p));
	p->prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	strcpy(p->license, "GPL");

	err = bpfjit_read_file(path, &buf, &len, e);
	if (err)
		return err;

	if (len >= 4 && !memcmp(buf, "\177ELF", 4)) {
		p->format = "ELF";
		err = bpfjit_read_elf(o, buf, len, p, e);
		free(buf);
	} else if (looks_like_text(buf, len)) {
		p->format = "hex";
		err = bpfjit_parse_hex(path, (const char *)buf, len, &bytes, &n, e);
		free(buf);
		if (!err) {
			err = read_raw(path, bytes, n, p, e);
			if (err)
				free(bytes);
		}
	} else {
		p->format = "raw";
		err = read_raw(path, buf, len, p, e);
		if (err)
			free(buf);
	}
	if (err)
		return err;
	if (o->section && strcmp(p->format, "ELF"))
		return bpfjit_fail(e, EINVAL, "%s: --section needs an ELF object, this is %s",
				   path, p->format);
	if (o->prog_type >= 0)
		p->prog_type = o->prog_type;
	return 0;
}

void bpfjit_prog_free(struct bpfjit_prog *p)
{
	free(p->insns);
	p->insns = NULL;
}

/*
 * Hex text: pairs of hex digits, optionally separated by white space, with
 * '#' starting a comment that runs to the end of the line ("b7 01 00 00
 * 31 02 00 00  # r1 = 0x231"). A lone digit or any other character is an
 * error that names the line and column.
 */
int bpfjit_parse_hex(const char *what, const char *text, size_t len, u8 **buf,
		     size_t *out, struct bpfjit_err *e)
{
	size_t i, n = 0, line = 1, col = 1;
	u8 *b = malloc(len / 2 + 1);

	if (!b)
		return bpfjit_fail(e, ENOMEM, "%s: out of memory", what);
	for (i = 0; i < len; i++, col++) {
		unsigned char c = text[i];

		if (c == '\n') {
			line++;
			col = 0;
			continue;
		}
		if (isspace(c))
			continue;
		if (c == '#') {
			while (i + 1 < len && text[i + 1] != '\n')
				i++;
			continue;
		}
		if (!isxdigit(c) || i + 1 >= len || !isxdigit((unsigned char)text[i + 1])) {
			unsigned char bad = isxdigit(c) ? (i + 1 < len ? text[i + 1] : 0) : c;

			free(b);
			return bpfjit_fail(e, EINVAL,
					   "%s: invalid hex at line %zu, column %zu: %s%c%s",
					   what, line, col + !!isxdigit(c),
					   bad ? "'" : "", bad && isprint(bad) ? bad : '?',
					   bad ? "' is not a hex digit" : " (a lone digit at the end)");
		}
		sscanf(text + i, "%2hhx", &b[n++]);
		i++;
		col++;
	}
	*buf = b;
	*out = n;
	return 0;
}
