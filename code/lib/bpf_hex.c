// SPDX-License-Identifier: GPL-2.0
/*
 * Reading programs from hex text and raw files (see bpf_hex.h). Not from the
 * kernel: this is how programs come in from a shell, the conformance suite's
 * plugin protocol (one line of "b7  01  ..." on stdin) or a file of bytes.
 * A mistake is reported by line and column, like a compiler's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bpf_hex.h"

static __attribute__((format(printf, 3, 4)))
int hex_err(char *errbuf, size_t errlen, const char *fmt, ...)
{
	va_list args;

	if (errbuf && errlen) {
		va_start(args, fmt);
		vsnprintf(errbuf, errlen, fmt, args);
		va_end(args);
	}
	return -EINVAL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',';
}

int bpf_hex_parse_bytes(const char *text, u8 **bytes, size_t *len,
			char *errbuf, size_t errlen)
{
	/* At most one byte per two characters: allocate once. */
	u8 *out = malloc(strlen(text) / 2 + 1);
	const char *p = text, *line_start = text;
	size_t n = 0, line = 1;

	*bytes = NULL;
	*len = 0;
	if (!out) {
		if (errbuf && errlen)
			snprintf(errbuf, errlen, "out of memory");
		return -ENOMEM;
	}
	while (*p) {
		const char *tok;

		if (*p == '\n') {
			line++;
			line_start = ++p;
			continue;
		}
		if (is_sep(*p)) {
			p++;
			continue;
		}
		if (*p == '#') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		/* A token: pairs of hex digits up to the next separator. */
		tok = p;
		while (*p && !is_sep(*p) && *p != '#') {
			int hi = hexval(p[0]), lo;

			if (hi < 0)
				goto bad_char;
			lo = hexval(p[1]);
			if (lo < 0) {
				if (!p[1] || is_sep(p[1]) || p[1] == '#') {
					int col = (int)(tok - line_start) + 1;

					free(out);
					return hex_err(errbuf, errlen,
						       "line %zu, column %d: odd number of hex digits in '%.*s'",
						       line, col, (int)(p + 1 - tok), tok);
				}
				p++;
				goto bad_char;
			}
			out[n++] = hi << 4 | lo;
			p += 2;
		}
	}
	if (!n) {
		free(out);
		out = NULL;
	}
	*bytes = out;
	*len = n;
	return 0;

bad_char:
	free(out);
	if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
		return hex_err(errbuf, errlen,
			       "line %zu, column %d: byte 0x%02x is not a hex digit",
			       line, (int)(p - line_start) + 1, (unsigned char)*p);
	return hex_err(errbuf, errlen, "line %zu, column %d: '%c' is not a hex digit",
		       line, (int)(p - line_start) + 1, *p);
}

int bpf_hex_parse(const char *text, struct bpf_insn **insns, u32 *cnt,
		  char *errbuf, size_t errlen)
{
	size_t len;
	u8 *bytes;
	int err;

	*insns = NULL;
	*cnt = 0;
	err = bpf_hex_parse_bytes(text, &bytes, &len, errbuf, errlen);
	if (err)
		return err;
	if (!len)
		return hex_err(errbuf, errlen, "no instructions");
	if (len % sizeof(struct bpf_insn)) {
		free(bytes);
		return hex_err(errbuf, errlen,
			       "%zu bytes is not a whole number of %zu-byte instructions "
			       "(%zu left over)", len, sizeof(struct bpf_insn),
			       len % sizeof(struct bpf_insn));
	}
	if (len / sizeof(struct bpf_insn) > U32_MAX) {
		free(bytes);
		hex_err(errbuf, errlen, "too many instructions");
		return -E2BIG;
	}
	/* malloc'd memory is aligned for any type: reuse it as instructions. */
	*insns = (struct bpf_insn *)bytes;
	*cnt = len / sizeof(struct bpf_insn);
	return 0;
}

int bpf_raw_load(const char *path, struct bpf_insn **insns, u32 *cnt,
		 char *errbuf, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	struct bpf_insn *buf = NULL;
	struct stat st;
	long size;
	int err;

	*insns = NULL;
	*cnt = 0;
	if (!f) {
		err = -errno;
		if (errbuf && errlen)
			snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
		return err;
	}
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		err = hex_err(errbuf, errlen, "%s: not a regular file", path);
		goto out;
	}
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		err = hex_err(errbuf, errlen, "%s: cannot tell its size", path);
		goto out;
	}
	if (size == 0 || size % sizeof(struct bpf_insn)) {
		err = hex_err(errbuf, errlen, "%s: size %ld is not a%s multiple of %zu "
			      "(one instruction)", path, size, size ? "" : " non-zero",
			      sizeof(struct bpf_insn));
		goto out;
	}
	if ((u64)size / sizeof(struct bpf_insn) > U32_MAX) {
		hex_err(errbuf, errlen, "%s: too many instructions", path);
		err = -E2BIG;
		goto out;
	}
	buf = malloc(size);
	if (!buf) {
		err = -ENOMEM;
		if (errbuf && errlen)
			snprintf(errbuf, errlen, "out of memory");
		goto out;
	}
	if (fread(buf, 1, size, f) != (size_t)size) {
		err = hex_err(errbuf, errlen, "%s: short read", path);
		free(buf);
		goto out;
	}
	*insns = buf;
	*cnt = size / sizeof(struct bpf_insn);
	err = 0;
out:
	fclose(f);
	return err;
}
