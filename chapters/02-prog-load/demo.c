// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 02 demo: load the article's six hand-encoded instructions through
 * bpf(BPF_PROG_LOAD), print the struct bpf_prog the kernel would have built,
 * then ask for it back with BPF_OBJ_GET_INFO_BY_FD, as bpftool does.
 */
#include <stdio.h>
#include <string.h>

#include "disasm.h"
#include "linux/bpf.h"
#include "linux/file.h"
#include "article.h"

/* a = 0x231; return a + 0x456;  (clang -O0, the article's bytes) */
static const struct bpf_insn prog[] = { ARTICLE_INSNS };

static void print_tag(const char *what, const u8 *tag)
{
	printf("  %-26s ", what);
	for (int i = 0; i < BPF_TAG_SIZE; i++)
		printf("%02x", tag[i]);
	printf("\n");
}

static int load(int hash)
{
	union bpf_attr attr;

	bpf_prog_tag_hash = hash;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insn_cnt = ARRAY_SIZE(prog);
	attr.insns = (u64)(uintptr_t)prog;
	attr.license = (u64)(uintptr_t)"GPL";
	strcpy(attr.prog_name, "article");
	return (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

int main(void)
{
	struct bpf_insn xlated[ARRAY_SIZE(prog)];
	struct bpf_prog_info info;
	union bpf_attr attr;
	struct bpf_prog *fp;
	int fd, fd256, err;

	printf("bpf(BPF_PROG_LOAD, { socket_filter, %zu insns, \"GPL\", \"article\" })\n",
	       ARRAY_SIZE(prog));
	fd = load(BPF_PROG_TAG_SHA1);
	if (fd < 0) {
		printf("  failed: %d (%s)\n", fd, errno_name(fd));
		return 1;
	}
	fd256 = load(BPF_PROG_TAG_SHA256);
	printf("  -> fd %d; a second load of the same instructions, tagged with\n"
	       "     SHA-256 as Linux 6.18 does -> fd %d\n\n", fd, fd256);

	/* The object behind the fd, as a kernel debugger would show it. */
	fp = fget(fd)->private_data;
	printf("struct bpf_prog (%zu-byte header + %u x 8-byte insns = %u bytes):\n",
	       sizeof(struct bpf_prog), fp->len, bpf_prog_size(fp->len));
	printf("  %-26s %u (%lu bytes, vmalloc'ed)\n", "pages", fp->pages,
	       fp->pages * PAGE_SIZE);
	printf("  %-26s %u\n", "len", fp->len);
	printf("  %-26s %u (%s)\n", "type", fp->type, bpf_prog_types[fp->type]->name);
	print_tag("tag (SHA-1, v5.8)", fp->tag);
	print_tag("tag (SHA-256, 6.18)", ((struct bpf_prog *)fget(fd256)->private_data)->tag);
	printf("  %-26s %u\n", "gpl_compatible", fp->gpl_compatible);
	printf("  %-26s %u  (bpf_jit_enable = %d)\n", "jit_requested", fp->jit_requested,
	       bpf_jit_enable);
	printf("  %-26s %u  (nothing JITs before chapter 06)\n", "jited", fp->jited);
	printf("  %-26s %s\n", "bpf_func", fp->bpf_func ? "set" : "NULL (no runtime before chapter 04)");
	printf("  %-26s %lld\n", "aux->refcnt", (long long)fp->aux->refcnt);
	printf("  %-26s %u\n", "aux->id", fp->aux->id);
	printf("  %-26s \"%s\"\n", "aux->name", fp->aux->name);
	printf("  %-26s %u  (bpf_check() fills it from chapter 03)\n",
	       "aux->stack_depth", fp->aux->stack_depth);

	/* What user space gets back: bpftool prog show / dump xlated. */
	memset(&info, 0, sizeof(info));
	memset(xlated, 0, sizeof(xlated));
	info.xlated_prog_len = sizeof(xlated);
	info.xlated_prog_insns = (u64)(uintptr_t)xlated;
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (u64)(uintptr_t)&info;
	err = (int)sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr));
	if (err) {
		printf("BPF_OBJ_GET_INFO_BY_FD failed: %d (%s)\n", err, errno_name(err));
		return 1;
	}
	printf("\nbpf(BPF_OBJ_GET_INFO_BY_FD, fd %d): info_len %u\n", fd, attr.info.info_len);
	printf("  %u: %s  name %s  tag ", info.id, bpf_prog_types[info.type]->name, info.name);
	for (int i = 0; i < BPF_TAG_SIZE; i++)
		printf("%02x", info.tag[i]);
	printf("%s\n", info.gpl_compatible ? "  gpl" : "");
	printf("  xlated %uB  jited %uB\n\n", info.xlated_prog_len, info.jited_prog_len);
	printf("xlated (bpftool prog dump xlated id %u):\n", info.id);
	bpf_print_prog(stdout, xlated, info.xlated_prog_len / sizeof(struct bpf_insn));

	/* The fds own the references: closing both frees the programs. */
	close_fd(fd);
	close_fd(fd256);
	return 0;
}
