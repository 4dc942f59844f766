// SPDX-License-Identifier: GPL-2.0
/* One program per kind of section name, for the program-type mapping. */
#define SEC(name) __attribute__((section(name), used))

SEC("kprobe/do_sys_open") int kp(void *ctx) { return 0; }
SEC("raw_tp/sys_enter") int rtp(void *ctx) { return 1; }
SEC("raw_tracepoint/sys_exit") int rtp2(void *ctx) { return 2; }
SEC("classifier") int cls(void *ctx) { return 3; }
SEC("tracepoint/syscalls/sys_enter_open") int tp(void *ctx) { return 4; }
SEC("my_own_section") int custom(void *ctx) { return 5; }
SEC("fentry/do_unlinkat") int fe(void *ctx) { return 6; }
/* no license section */
