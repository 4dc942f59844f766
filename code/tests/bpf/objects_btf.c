// SPDX-License-Identifier: GPL-2.0
/*
 * A libbpf-style object for the loader's tests (compiled with -g: its maps
 * are described in BTF): BTF-defined maps of several types, a program
 * array that names its programs, global data in .data, .rodata and .bss,
 * two programs in one section, a '?' section, a .text function.
 */
#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]

static long (*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
static long (*bpf_tail_call)(void *ctx, void *map, unsigned int key) = (void *)12;

struct {
	__uint(type, 2);		/* BPF_MAP_TYPE_ARRAY */
	__uint(max_entries, 4);
	__type(key, unsigned int);
	__type(value, unsigned long long);
} counts SEC(".maps");

struct pair {
	int a, b;
};

struct {
	__uint(type, 1);		/* BPF_MAP_TYPE_HASH */
	__uint(max_entries, 16);
	__uint(map_flags, 1);		/* BPF_F_NO_PREALLOC */
	__type(key, struct pair);
	__type(value, char[12]);
} pairs SEC(".maps");

int zero_prog(void *ctx);
int one_prog(void *ctx);

struct {
	__uint(type, 3);		/* BPF_MAP_TYPE_PROG_ARRAY */
	__uint(max_entries, 3);
	__uint(key_size, sizeof(int));
	__array(values, int (void *));
} jumps SEC(".maps") = {
	.values = { [0] = (void *)&zero_prog, [2] = (void *)&one_prog },
};

int data_var = 7;
const volatile int rodata_var = 11;
int bss_var;

static __attribute__((noinline)) int twice(int x)
{
	return x * 2;
}

SEC("xdp")
int zero_prog(void *ctx)
{
	unsigned int k = 0;
	unsigned long long *v = (void *)bpf_map_lookup_elem(&counts, &k);

	return v ? (int)*v + twice(data_var) : rodata_var;
}

SEC("xdp")
int one_prog(void *ctx)
{
	bss_var++;
	bpf_tail_call(ctx, &jumps, 2);
	return twice(bss_var);
}

SEC("?socket")
int not_by_default(void *ctx)
{
	return rodata_var;
}

char _license[] SEC("license") = "GPL";
