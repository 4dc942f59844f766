// SPDX-License-Identifier: GPL-2.0
/*
 * Programs with their expected outcome, as hex files (see prog_file.h).
 * The hex is read by the ground's bpf_hex_parse(), the tool's own reader,
 * so a file that replays here also runs with `bpfjit run FILE`. Ours.
 */
#include <stdlib.h>
#include <string.h>

#include "bpf_hex.h"
#include "disasm.h"
#include "prog_file.h"

static const struct {
	const char *name;
	u32 type;
} types[] = {
	{ "socket_filter",	BPF_PROG_TYPE_SOCKET_FILTER },
	{ "raw_tracepoint",	BPF_PROG_TYPE_RAW_TRACEPOINT },
	{ "kprobe",		BPF_PROG_TYPE_KPROBE },
	{ "sched_cls",		BPF_PROG_TYPE_SCHED_CLS },
	{ "xdp",		BPF_PROG_TYPE_XDP },
};

const char *prog_type_name(u32 type)
{
	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (types[i].type == type)
			return types[i].name;
	return "unknown";
}

int prog_type_by_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (!strcmp(types[i].name, name))
			return (int)types[i].type;
	return -1;
}

void prog_file_write(FILE *f, const struct prog_file *pf, const char *notes)
{
	fprintf(f, "# %s\n# type: %s\n", pf->title, prog_type_name(pf->prog_type));
	switch (pf->expect) {
	case EXPECT_R0:
		fprintf(f, "# expect: r0 %#llx\n", (unsigned long long)pf->r0);
		break;
	case EXPECT_REFUSE:
		fprintf(f, "# expect: refuse\n");
		break;
	case EXPECT_ACCEPT:
		fprintf(f, "# expect: accept\n");
		break;
	default:
		break;
	}
	if (pf->memory_mb)
		fprintf(f, "# memory: %u\n", pf->memory_mb);
	while (notes && *notes) {
		const char *end = strchr(notes, '\n');
		int n = end ? (int)(end - notes) : (int)strlen(notes);

		fprintf(f, "# %.*s\n", n, notes);
		notes += n + (end ? 1 : 0);
	}
	for (u32 i = 0; i < pf->len; i++) {
		const u8 *b = (const u8 *)&pf->insns[i];
		char text[128];

		bpf_insn_snprintf(text, sizeof(text), &pf->insns[i]);
		fprintf(f, "%02x %02x %02x %02x %02x %02x %02x %02x   # %u: %s\n",
			b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], i, text);
	}
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (cap - len < 4096) {
			char *nb = realloc(buf, cap = cap ? 2 * cap : 8192);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* "# key: value" at the start of a line: value, or NULL. */
static const char *header_value(const char *line, const char *key)
{
	size_t k = strlen(key);

	if (strncmp(line, "# ", 2) || strncmp(line + 2, key, k) || line[2 + k] != ':')
		return NULL;
	line += 3 + k;
	while (*line == ' ')
		line++;
	return line;
}

int prog_file_read(const char *path, struct prog_file *pf, char *err, size_t errlen)
{
	char *text = read_all(path), *line, *save = NULL, *copy;
	int ret;

	memset(pf, 0, sizeof(*pf));
	pf->prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	if (!text) {
		snprintf(err, errlen, "%s: cannot read", path);
		return -ENOENT;
	}
	copy = strdup(text);
	if (!copy) {
		free(text);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *v;

		if (line[0] != '#')
			break;
		if ((v = header_value(line, "type"))) {
			int t = prog_type_by_name(v);

			if (t < 0) {
				snprintf(err, errlen, "%s: unknown type '%s'", path, v);
				ret = -EINVAL;
				goto out;
			}
			pf->prog_type = t;
		} else if ((v = header_value(line, "expect"))) {
			if (!strncmp(v, "r0 ", 3)) {
				pf->expect = EXPECT_R0;
				pf->r0 = strtoull(v + 3, NULL, 0);
			} else if (!strcmp(v, "refuse")) {
				pf->expect = EXPECT_REFUSE;
			} else if (!strcmp(v, "accept")) {
				pf->expect = EXPECT_ACCEPT;
			} else {
				snprintf(err, errlen, "%s: expect: '%s' is not 'r0 VALUE', 'refuse' or 'accept'",
					 path, v);
				ret = -EINVAL;
				goto out;
			}
		} else if ((v = header_value(line, "memory"))) {
			pf->memory_mb = strtoul(v, NULL, 0);
		} else if (!pf->title[0] && line[1] == ' ') {
			snprintf(pf->title, sizeof(pf->title), "%s", line + 2);
		}
	}
	if (pf->expect == EXPECT_NONE) {
		snprintf(err, errlen, "%s: no '# expect:' line", path);
		ret = -EINVAL;
		goto out;
	}
	ret = bpf_hex_parse(text, &pf->insns, &pf->len, err, errlen);
out:
	free(copy);
	free(text);
	return ret;
}

void prog_file_free(struct prog_file *pf)
{
	free(pf->insns);
	pf->insns = NULL;
}
