/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpfjit: a user-space BPF loader built from every chapter's stage.
 *
 * The tool is a front end. It reads a program (ELF object, raw bytecode or
 * hex text), loads it through sys_bpf(BPF_PROG_LOAD) exactly as a real
 * loader calls bpf(2), asks for what the kernel tells user space
 * (BPF_OBJ_GET_INFO_BY_FD, BPF_PROG_TEST_RUN), and prints it. It reaches
 * behind the system call only for what the uapi cannot express (all 64
 * bits of r0, the JIT's pass trace, the stack depth, the interpreter's
 * name); each place that does so says why.
 */
#ifndef _BPFJIT_H
#define _BPFJIT_H

#include <signal.h>
#include <stdio.h>

#include "linux/bpf.h"

#define BPFJIT_LOG_SIZE	(1u << 20)	/* the verifier log buffer: 1 MiB */

/* Everything the command line can say; each subcommand reads what it needs. */
struct bpfjit_opts {
	const char *cmd;		/* "run", "xlated", ... */
	const char *input;		/* a path, or "-" for standard input */
	bool jit;			/* --jit (default) / --interp */
	unsigned int opt;		/* --opt[=STEPS]: the optimising JIT (bpf_jit_opt) */
	int harden;			/* --harden 0|1|2: net.core.bpf_jit_harden */
	u64 seed;			/* --seed N: blinding and image offset */
	bool seed_set;
	int tag_hash;			/* --kernel 5.8|6.18 */
	bool unverified;		/* --unverified: BPF_F_UNVERIFIED */
	bool no_prune;			/* --no-prune: bpf_verifier_no_prune */
	int prog_type;			/* --type, or -1: from the section name */
	const char *section;		/* --section NAME */
	const char *prog_name;		/* --prog NAME: the program, by function name */
	bool dump_maps;			/* --dump-maps: every map after the run */
	u8 *data;			/* --data FILE / --data-hex HEX */
	u32 data_len;
	u8 *ctx;			/* --ctx FILE / --ctx-hex HEX: BPF_PROG_TEST_RUN's
					 * ctx_in, or a tracing program's context */
	u32 ctx_len;
	u32 repeat;			/* --repeat N: 0 = one run, no timing */
	u32 log_level;			/* --log-level N (default 1) */
	bool json;			/* --json */
	bool dump, disasm, passes;	/* jit --dump / --disasm / --passes */
	const char *dot;		/* jit --dot FILE, cfg --dot FILE */
	const char *raw;		/* jit --raw FILE */
	bool k8_nops;			/* --nops k8: the article's NOP */
	bool imul;			/* --imul: MUL as Linux 6.x emits it */
	bool padding;			/* --padding: NOP padding (Linux 5.12) */
};

struct bpf_object;
struct bpf_object_prog;

/* A program as read from the input, before the kernel sees it. */
struct bpfjit_prog {
	struct bpf_insn *insns;
	u32 insn_cnt;
	int prog_type;			/* from the ELF section, or SOCKET_FILTER */
	char name[BPF_OBJ_NAME_LEN];	/* the ELF function name, or "" */
	char license[128];		/* the ELF "license" section, or "GPL" */
	char section[64];		/* the ELF section, or "" */
	const char *format;		/* "ELF", "raw", "hex" */
	/* ELF: the object, whose maps exist once the program is read */
	struct bpf_object *obj;
	struct bpf_object_prog *oprog;
	int perf_fds[NR_CPUS];		/* BPF-output events in its perf event arrays */
	u32 nr_perf_fds;
};

/* What the kernel said about a loaded program. */
struct bpfjit_loaded {
	int fd;
	union bpf_attr attr;		/* the BPF_PROG_LOAD attr as passed */
	struct bpf_prog_info info;	/* BPF_OBJ_GET_INFO_BY_FD */
	struct bpf_insn *xlated;	/* info.xlated_prog_len bytes */
	u8 *jited;			/* info.jited_prog_len bytes */
	char *log;			/* the verifier's log (NUL-terminated) */
	bool fd_in_obj;			/* the object closes fd */
	/* Behind the uapi (see bpfjit_peek()): */
	struct bpf_prog *prog;		/* a reference from bpf_prog_get() */
	u32 stack_depth;
	const char *interpreter;	/* "__bpf_prog_run32", or NULL when JITed */
	bool blinded;
};

/* An error: message in buf, errno (positive) for --json. */
struct bpfjit_err {
	int err;
	char msg[4096];
};

__attribute__((format(printf, 3, 4)))
int bpfjit_fail(struct bpfjit_err *e, int err, const char *fmt, ...);

/* input.c */
int bpfjit_read_file(const char *path, u8 **buf, size_t *len, struct bpfjit_err *e);
int bpfjit_read_prog(const struct bpfjit_opts *o, struct bpfjit_prog *p,
		     struct bpfjit_err *e);
void bpfjit_prog_free(struct bpfjit_prog *p);
int bpfjit_parse_hex(const char *what, const char *text, u8 **buf, size_t *out,
		     struct bpfjit_err *e);
int bpfjit_read_elf(const struct bpfjit_opts *o, const u8 *buf, size_t len,
		    struct bpfjit_prog *p, struct bpfjit_err *e);
int bpfjit_prog_type(const char *name);
const char *bpfjit_prog_type_name(int type);

/* load.c */
void bpfjit_set_knobs(const struct bpfjit_opts *o);
int bpfjit_load(const struct bpfjit_opts *o, const struct bpfjit_prog *p,
		struct bpfjit_loaded *l, struct bpfjit_err *e);
void bpfjit_unload(struct bpfjit_loaded *l);
struct bpf_jit_trace;
const struct bpf_jit_trace *bpfjit_trace(const struct bpfjit_loaded *l);
int bpfjit_test_run(const struct bpfjit_opts *o, struct bpfjit_loaded *l,
		    u64 *retval, u64 *duration_ns, struct bpfjit_err *e);

/* maps.c: the object's maps after a run, and what the program sent out */
int bpfjit_open_outputs(struct bpfjit_prog *p, struct bpfjit_err *e);
void bpfjit_print_outputs(FILE *f, struct bpfjit_prog *p);
void bpfjit_dump_maps(FILE *f, const struct bpfjit_prog *p);
struct json;
void json_maps(struct json *j, const struct bpfjit_prog *p);
void json_outputs(struct json *j, struct bpfjit_prog *p);
/* The kernel the object loader talks to: this book's sys_bpf(). */
extern const struct bpf_object_kernel bpfjit_kernel;

/* The part of r0 BPF_PROG_TEST_RUN's 32-bit retval cannot carry (run.c). */
int bpfjit_r0_64(const struct bpfjit_opts *o, struct bpfjit_loaded *l, u64 *retval,
		 struct bpfjit_err *e);

/* cmd_run.c: what every loading subcommand does first and last. */
int bpfjit_open(const struct bpfjit_opts *o, struct bpfjit_prog *p,
		struct bpfjit_loaded *l, struct bpfjit_err *e);
void bpfjit_close(struct bpfjit_prog *p, struct bpfjit_loaded *l);
void bpfjit_print_summary(const struct bpfjit_prog *p, const struct bpfjit_loaded *l);

/* json.c: one flat object, written field by field. */
struct json {
	FILE *f;
	int n;
};
void json_begin(struct json *j, FILE *f);
/* "key": and nothing else: the caller writes the value */
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *key, const char *val);
void json_u64(struct json *j, const char *key, u64 val);
void json_bool(struct json *j, const char *key, bool val);
void json_hex(struct json *j, const char *key, const u8 *buf, size_t len);
void json_u32_array(struct json *j, const char *key, const u32 *v, u32 n);
void json_end(struct json *j);
void json_loaded(struct json *j, const struct bpfjit_loaded *l);
int json_error(const struct bpfjit_err *e);

/* The subcommands: each returns the process exit status. */
int cmd_run(int argc, char **argv);
int cmd_xlated(int argc, char **argv);
int cmd_jit(int argc, char **argv);
int cmd_jit_disasm(int argc, char **argv);
int cmd_cfg(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_plugin(int argc, char **argv);
int cmd_demo(int argc, char **argv);

/* main.c: the options every loading subcommand shares. */
int bpfjit_parse_opts(int argc, char **argv, struct bpfjit_opts *o,
		      const char *usage, unsigned int extra);
void bpfjit_opts_free(struct bpfjit_opts *o);
extern const char usage_common[];
int bpfjit_report(const struct bpfjit_opts *o, const struct bpfjit_err *e);

/* Set while a program loaded with --unverified runs (main.c: faults). */
extern volatile sig_atomic_t bpfjit_running_unverified;

/* Which extra options a subcommand takes (bpfjit_parse_opts' `extra`). */
#define OPT_RUN		(1u << 0)	/* --data, --data-hex, --ctx, --ctx-hex, --repeat */
#define OPT_JIT		(1u << 1)	/* --dump, --disasm, --passes, --raw */
#define OPT_DOT		(1u << 2)	/* --dot FILE */
#define OPT_JSON	(1u << 3)
#define OPT_MAPS	(1u << 4)	/* --dump-maps */

#endif /* _BPFJIT_H */
