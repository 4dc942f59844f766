// SPDX-License-Identifier: GPL-2.0
/*
 * CO-RE relocations against the kernel's types, as vmlinux.h and
 * bpf_core_read.h produce them: each program returns one value the loader
 * must take from the running kernel's BTF.
 */
#define SEC(name) __attribute__((section(name), used))

struct task_struct {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));

/* a flavor: the same type, with a field no kernel has */
struct task_struct___book {
	int book_no_such_field;
} __attribute__((preserve_access_index));

struct book_no_such_type {
	int x;
};

enum bpf_map_type { BPF_MAP_TYPE_UNSPEC, BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_ARRAY };

SEC("kprobe/f")
int pid_offset(struct task_struct *t)
{
	return __builtin_preserve_field_info(t->pid, 0);	/* BYTE_OFFSET */
}

SEC("kprobe/f")
int pid_read(struct task_struct *t)
{
	return t->tgid;			/* an LDX whose offset is relocated */
}

SEC("kprobe/f")
int field_missing(struct task_struct___book *t)
{
	return __builtin_preserve_field_info(t->book_no_such_field, 2);	/* EXISTS */
}

SEC("kprobe/f")
int type_size(void *ctx)
{
	return __builtin_preserve_type_info(*(struct task_struct *)0, 1);	/* SIZE */
}

SEC("kprobe/f")
int type_missing(void *ctx)
{
	return __builtin_preserve_type_info(*(struct book_no_such_type *)0, 0);	/* EXISTS */
}

SEC("kprobe/f")
int enum_value(void *ctx)
{
	return __builtin_preserve_enum_value(*(enum bpf_map_type *)BPF_MAP_TYPE_ARRAY, 1);
}

char _license[] SEC("license") = "GPL";
