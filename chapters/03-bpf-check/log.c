// SPDX-License-Identifier: GPL-2.0
/*
 * Mirrors kernel/bpf/verifier.c: bpf_verifier_vlog(), bpf_verifier_log_write(),
 * verbose(), reg_type_str[], print_liveness(), print_verifier_state(),
 * Linux v5.8; written afresh.
 *
 * The log is the verifier's only explanation to the loader. It is written
 * line by line straight into the caller's buffer; when the buffer fills, the
 * rest is dropped and bpf_check() later turns "full" into -ENOSPC, so a
 * loader never mistakes a cut-off log for the whole story.
 */
#include <stdio.h>
#include <string.h>

#include "linux/bpf_verifier.h"
#include "linux/uaccess.h"

void bpf_verifier_vlog(struct bpf_verifier_log *log, const char *fmt,
		       va_list args)
{
	unsigned int n;
	int len;

	/* Format into a bounded kernel-side buffer first ... */
	len = vsnprintf(log->kbuf, BPF_VERIFIER_TMP_LOG_SIZE, fmt, args);
	n = len < 0 ? 0 : min((unsigned int)len, BPF_VERIFIER_TMP_LOG_SIZE - 1u);

	/* ... then keep what still fits, always leaving room for the NUL:
	 * the user's buffer is a C string at every moment.
	 */
	n = min(log->len_total - log->len_used - 1, n);
	log->kbuf[n] = '\0';

	if (!copy_to_user(log->ubuf + log->len_used, log->kbuf, n + 1))
		log->len_used += n;
	else
		log->ubuf = NULL;	/* a fault: stop logging; bpf_check() says -EFAULT */
}

/* Both printers below: into the log, if the loader asked for one (and it
 * has not failed).
 */
static void log_vwrite(struct bpf_verifier_env *env, const char *fmt, va_list args)
{
	if (bpf_verifier_log_needed(&env->log))
		bpf_verifier_vlog(&env->log, fmt, args);
}

void bpf_verifier_log_write(struct bpf_verifier_env *env, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	log_vwrite(env, fmt, args);
	va_end(args);
}

/* The verifier's printer; its first argument doubles as the disassembler's
 * private_data, so print_bpf_insn() can write into the log directly.
 */
void verbose(void *private_data, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	log_vwrite(private_data, fmt, args);
	va_end(args);
}

/* How the log names a register's type (the v5.8 spellings; "inv" is a
 * number, "fp" the stack).
 */
const char *const reg_type_str[__BPF_REG_TYPE_MAX] = {
	/* what this chapter's walk knows */
	[NOT_INIT] = "?",		[SCALAR_VALUE] = "inv",
	[PTR_TO_CTX] = "ctx",		[PTR_TO_STACK] = "fp",
	/* maps (chapter 08) */
	[CONST_PTR_TO_MAP] = "map_ptr",	[PTR_TO_MAP_VALUE] = "map_value",
	[PTR_TO_MAP_VALUE_OR_NULL] = "map_value_or_null",
	/* packets, sockets and the rest (chapter 07) */
	[PTR_TO_PACKET_META] = "pkt_meta", [PTR_TO_PACKET] = "pkt",
	[PTR_TO_PACKET_END] = "pkt_end", [PTR_TO_FLOW_KEYS] = "flow_keys",
	[PTR_TO_SOCKET] = "sock",	[PTR_TO_SOCKET_OR_NULL] = "sock_or_null",
	[PTR_TO_SOCK_COMMON] = "sock_common",
	[PTR_TO_SOCK_COMMON_OR_NULL] = "sock_common_or_null",
	[PTR_TO_TCP_SOCK] = "tcp_sock",	[PTR_TO_TCP_SOCK_OR_NULL] = "tcp_sock_or_null",
	[PTR_TO_XDP_SOCK] = "xdp_sock",	[PTR_TO_TP_BUFFER] = "tp_buffer",
	[PTR_TO_BTF_ID] = "ptr_",	[PTR_TO_BTF_ID_OR_NULL] = "ptr_or_null_",
	[PTR_TO_MEM] = "mem",		[PTR_TO_MEM_OR_NULL] = "mem_or_null",
};

const char slot_type_char[] = {
	[STACK_INVALID]	= '?',
	[STACK_SPILL]	= 'r',
	[STACK_MISC]	= 'm',
	[STACK_ZERO]	= '0',
};

/* "_r", "_w", "_rw", "_D"...: read, written, liveness final; nothing at
 * all when none of these.
 */
void print_liveness(struct bpf_verifier_env *env,
			   enum bpf_reg_liveness live)
{
	char marks[4], *p = marks;

	if (live & REG_LIVE_READ)
		*p++ = 'r';
	if (live & REG_LIVE_WRITTEN)
		*p++ = 'w';
	if (live & REG_LIVE_DONE)
		*p++ = 'D';
	*p = '\0';
	if (p != marks)
		verbose(env, "_%s", marks);
}

/* "R1_w=inv561", "R1=ctx(id=0,off=0,imm=0)", "R0_w=inv(id=0,umax_value=255,...)" */
static void print_reg(struct bpf_verifier_env *env, const struct bpf_reg_state *reg)
{
	enum bpf_reg_type t = reg->type;
	char tn_buf[48];

	verbose(env, "=%s", reg_type_str[t]);
	if (t == SCALAR_VALUE && reg->precise)
		verbose(env, "P");
	if ((t == SCALAR_VALUE || t == PTR_TO_STACK) && tnum_is_const(reg->var_off)) {
		/* a scalar (off 0) prints its value, "fp-8" its offset from r10 */
		verbose(env, "%lld", (long long)(reg->var_off.value + reg->off));
		return;
	}
	verbose(env, "(id=%d", reg->id);
	if (t != SCALAR_VALUE)
		verbose(env, ",off=%d", reg->off);
	if (tnum_is_const(reg->var_off)) {
		/* a pointer with a known variable part that smin..smax,
		 * signed, would not show right: print it as bits
		 */
		verbose(env, ",imm=%llx", (unsigned long long)reg->var_off.value);
	} else {
		if (reg->smin_value != (s64)reg->umin_value && reg->smin_value != S64_MIN)
			verbose(env, ",smin_value=%lld", (long long)reg->smin_value);
		if (reg->smax_value != (s64)reg->umax_value && reg->smax_value != S64_MAX)
			verbose(env, ",smax_value=%lld", (long long)reg->smax_value);
		if (reg->umin_value != 0)
			verbose(env, ",umin_value=%llu", (unsigned long long)reg->umin_value);
		if (reg->umax_value != U64_MAX)
			verbose(env, ",umax_value=%llu", (unsigned long long)reg->umax_value);
		if (!tnum_is_unknown(reg->var_off)) {
			tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
			verbose(env, ",var_off=%s", tn_buf);
		}
	}
	verbose(env, ")");
}

__weak void print_verifier_state(struct bpf_verifier_env *env,
			  const struct bpf_func_state *state)
{
	const struct bpf_reg_state *reg;
	int i, j;

	if (state->frameno)
		verbose(env, " frame%d:", state->frameno);
	for (i = 0; i < MAX_BPF_REG; i++) {
		reg = &state->regs[i];
		if (reg->type == NOT_INIT)
			continue;
		verbose(env, " R%d", i);
		print_liveness(env, reg->live);
		print_reg(env, reg);
	}
	for (i = 0; i < state->allocated_stack / BPF_REG_SIZE; i++) {
		char types_buf[BPF_REG_SIZE + 1];
		bool valid = false;

		for (j = 0; j < BPF_REG_SIZE; j++) {
			if (state->stack[i].slot_type[j] != STACK_INVALID)
				valid = true;
			types_buf[j] = slot_type_char[state->stack[i].slot_type[j]];
		}
		types_buf[BPF_REG_SIZE] = 0;
		if (!valid)
			continue;
		verbose(env, " fp%d", (-i - 1) * BPF_REG_SIZE);
		print_liveness(env, state->stack[i].spilled_ptr.live);
		if (state->stack[i].slot_type[0] == STACK_SPILL) {
			reg = &state->stack[i].spilled_ptr;
			verbose(env, "=%s", reg_type_str[reg->type]);
			if (reg->type == SCALAR_VALUE && reg->precise)
				verbose(env, "P");
			if (reg->type == SCALAR_VALUE && tnum_is_const(reg->var_off))
				verbose(env, "%lld", (long long)(reg->var_off.value + reg->off));
		} else {
			verbose(env, "=%s", types_buf);
		}
	}
	verbose(env, "\n");
}
