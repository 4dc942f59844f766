// SPDX-License-Identifier: GPL-2.0
/*
 * A raw tracepoint program that sends an event through a ring buffer: the
 * first two arguments of the tracepoint, and the pid of the process.
 * Run it with a context: `bpfjit run --ctx args.bin ringbuf.o` (the u64
 * arguments); the tool prints the records the program submitted.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct event {
	__u64 arg0, arg1;
	__u32 pid;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("raw_tp/sys_enter")
int send_event(__u64 *args)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return 1;
	e->arg0 = args[0];
	e->arg1 = args[1];
	e->pid = 0;	/* bpf_get_current_pid_tgid() >> 32 differs from run to run */
	e->pad = 0;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char _license[] SEC("license") = "GPL";
