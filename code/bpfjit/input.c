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

#include "bpf_hex.h"
#include "bpf_object.h"
#include "bpfjit.h"
#include "linux/file.h"

int bpfjit_read_file(const char *path, u8 **buf, size_t *len, struct bpfjit_err *e)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 0, n = 0;
	u8 *b = NULL, *nb;

	if (!f)
		return bpfjit_fail(e, errno, "%s: cannot open: %s (%s)", path,
				   strerror(errno), errno_name(-errno));
	for (;;) {
		if (n + 1 >= cap) {	/* always room for a terminating NUL */
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
		size_t got = fread(b + n, 1, cap - n - 1, f);

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

int bpfjit_read_prog(const struct bpfjit_opts *o, struct bpfjit_prog *p,
		     struct bpfjit_err *e)
{
	const char *path = o->input;
	char msg[512] = "";
	size_t len;
	u8 *buf;
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
	} else if (looks_like_text(buf, len)) {
		p->format = "hex";
		buf[len] = '\0';	/* bpfjit_read_file() left room */
		err = bpf_hex_parse((const char *)buf, &p->insns, &p->insn_cnt, msg, sizeof(msg));
		if (err)
			bpfjit_fail(e, -err, "%s: invalid hex program: %s", path, msg);
	} else if (strcmp(path, "-")) {
		p->format = "raw";
		err = bpf_raw_load(path, &p->insns, &p->insn_cnt, msg, sizeof(msg));
		if (err)
			bpfjit_fail(e, -err, "raw bytecode: %s", msg);
	} else {
		err = bpfjit_fail(e, EINVAL, "stdin: neither an ELF object nor hex text (raw bytecode must come from a file)");
	}
	free(buf);
	if (err)
		return err;
	if ((o->section || o->prog_name) && strcmp(p->format, "ELF"))
		return bpfjit_fail(e, EINVAL, "%s: --%s needs an ELF object, this is %s",
				   path, o->section ? "section" : "prog", p->format);
	if (o->prog_type >= 0)
		p->prog_type = o->prog_type;
	return 0;
}

void bpfjit_prog_free(struct bpfjit_prog *p)
{
	free(p->insns);
	p->insns = NULL;
	for (u32 i = 0; i < p->nr_perf_fds; i++)
		close_fd(p->perf_fds[i]);
	p->nr_perf_fds = 0;
	bpf_object_close(p->obj);	/* its programs' and maps' fds too */
	p->obj = NULL;
}

/* Bytes from hex text (--data-hex, the plugin's memory): the ground's parser. */
int bpfjit_parse_hex(const char *what, const char *text, u8 **buf, size_t *out,
		     struct bpfjit_err *e)
{
	char msg[256] = "";
	int err = bpf_hex_parse_bytes(text, buf, out, msg, sizeof(msg));

	if (err)
		return bpfjit_fail(e, -err, "%s: invalid hex: %s", what, msg);
	return 0;
}
