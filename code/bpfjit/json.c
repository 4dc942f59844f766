// SPDX-License-Identifier: GPL-2.0
/*
 * --json: one flat object per run, with the field names scripts rely on
 * (retval, tag, insn_cnt, xlated_len, stack_depth, interpreter, jited,
 * jited_len, jited_insns, passes, blinded, duration_ns; error and errno on
 * failure). Numbers that may exceed 2^53 (retval) are hex strings, since
 * JSON readers parse numbers as doubles.
 */
#include <string.h>

#include "bpfjit.h"
#include "linux/bpf_jit.h"

void json_key(struct json *j, const char *k)
{
	fprintf(j->f, "%s\"%s\": ", j->n++ ? ", " : "", k);
}

void json_begin(struct json *j, FILE *f)
{
	j->f = f;
	j->n = 0;
	fputc('{', f);
}

void json_str(struct json *j, const char *k, const char *v)
{
	const unsigned char *s = (const unsigned char *)v;

	json_key(j, k);
	if (!v) {
		fputs("null", j->f);
		return;
	}
	fputc('"', j->f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(j->f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", j->f);
		else if (*s < 0x20 || *s >= 0x7f)
			fprintf(j->f, "\\u%04x", *s);
		else
			fputc(*s, j->f);
	}
	fputc('"', j->f);
}

void json_u64(struct json *j, const char *k, u64 v)
{
	json_key(j, k);
	fprintf(j->f, "%llu", (unsigned long long)v);
}

void json_bool(struct json *j, const char *k, bool v)
{
	json_key(j, k);
	fputs(v ? "true" : "false", j->f);
}

void json_hex(struct json *j, const char *k, const u8 *buf, size_t len)
{
	size_t i;

	json_key(j, k);
	fputc('"', j->f);
	for (i = 0; i < len; i++)
		fprintf(j->f, "%02x", buf[i]);
	fputc('"', j->f);
}

void json_u32_array(struct json *j, const char *k, const u32 *v, u32 n)
{
	u32 i;

	json_key(j, k);
	fputc('[', j->f);
	for (i = 0; i < n; i++)
		fprintf(j->f, "%s%u", i ? ", " : "", v[i]);
	fputc(']', j->f);
}

void json_end(struct json *j)
{
	fputs("}\n", j->f);
}

/* The fields every loading subcommand reports. */
void json_loaded(struct json *j, const struct bpfjit_loaded *l)
{
	const struct bpf_prog_info *info = &l->info;
	const struct bpf_jit_trace *t = bpfjit_trace(l);

	json_hex(j, "tag", info->tag, sizeof(info->tag));
	json_u64(j, "insn_cnt", info->xlated_prog_len / sizeof(struct bpf_insn));
	json_u64(j, "xlated_len", info->xlated_prog_len);
	json_u64(j, "stack_depth", l->stack_depth);
	json_str(j, "interpreter", l->interpreter);
	json_bool(j, "jited", info->jited_prog_len > 0);
	json_u64(j, "jited_len", info->jited_prog_len);
	json_hex(j, "jited_insns", l->jited, info->jited_prog_len);
	json_u32_array(j, "passes", t ? t->proglen : NULL, t ? t->passes : 0);
	json_bool(j, "blinded", l->blinded);
	json_bool(j, "unverified", l->prog && l->prog->aux->unverified);
}

int json_error(const struct bpfjit_err *e)
{
	struct json j;

	json_begin(&j, stdout);
	json_str(&j, "error", e->msg);
	json_u64(&j, "errno", e->err);
	json_end(&j);
	return 1;
}
