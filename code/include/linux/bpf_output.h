/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a program's output goes: the ring buffer's records and the perf
 * event samples, as user space takes them. Defined by chapter 08
 * (chapters/08-maps/ringbuf.c, perf_event.c).
 *
 * In the kernel, user space mmap()s a ring buffer map and each perf event
 * and polls them. Neither can be mapped here; a tool that holds the map
 * (or the perf event fd) drains it with these.
 */
#ifndef _SHIM_LINUX_BPF_OUTPUT_H
#define _SHIM_LINUX_BPF_OUTPUT_H

#include "linux/bpf.h"

/* One record: its bytes, and the CPU it came from (-1: a ring buffer's). */
typedef int (*bpf_sample_fn)(void *ctx, const void *data, u32 size, int cpu);

/* Every finished record of a BPF_MAP_TYPE_RINGBUF, oldest first; the
 * number handed to fn, or fn's non-zero return, or -EINVAL.
 */
int bpf_ringbuf_drain(struct bpf_map *map, bpf_sample_fn fn, void *ctx);

/*
 * perf_event_open(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT, cpu): an fd
 * user space stores into a BPF_MAP_TYPE_PERF_EVENT_ARRAY at index cpu, as
 * libbpf's perf_buffer__new() does; bpf_perf_event_output() appends to it.
 */
int bpf_perf_event_open_output(int cpu);
/* Every sample the event at fd holds, oldest first (then it holds none). */
int bpf_perf_event_drain(int fd, bpf_sample_fn fn, void *ctx);

#endif /* _SHIM_LINUX_BPF_OUTPUT_H */
