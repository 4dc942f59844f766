// SPDX-License-Identifier: GPL-2.0
/*
 * What a tracing program asks about the task it runs in and the time:
 * its cgroup, its ids in a pid namespace, the NUMA node, the boot-time
 * clock, jiffies.
 *
 * Mirrors kernel/bpf/helpers.c: bpf_get_numa_node_id(),
 * bpf_get_current_cgroup_id(), bpf_get_ns_current_pid_tgid(),
 * bpf_ktime_get_boot_ns(), bpf_jiffies64() and their protos;
 * kernel/trace/bpf_trace.c: bpf_get_current_task(), Linux v5.8; written
 * afresh.
 *
 * "Current" is this process, as for bpf_get_current_pid_tgid(): what
 * the kernel reads from current->..., this reads from /proc/self.
 */
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "maps.h"

/* One memory node, node 0, as on a machine without NUMA. */
static u64 bpf_get_numa_node_id(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)r1; (void)r2; (void)r3; (void)r4; (void)r5;
	return 0;
}

const struct bpf_func_proto bpf_get_numa_node_id_proto = {
	.func		= bpf_get_numa_node_id,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

/*
 * The id of this process's cgroup (v2): the inode number of its directory
 * under /sys/fs/cgroup, which is what the kernel's kernfs id is. 1, the
 * root's, when there is no cgroup v2 hierarchy to look at.
 */
static u64 bpf_get_current_cgroup_id(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	char line[4096], path[4200];
	struct stat st;
	u64 id = 1;
	FILE *f;

	(void)r1; (void)r2; (void)r3; (void)r4; (void)r5;
	f = fopen("/proc/self/cgroup", "r");
	if (!f)
		return id;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "0::", 3))
			continue;
		line[strcspn(line, "\n")] = 0;
		snprintf(path, sizeof(path), "/sys/fs/cgroup%s", line + 3);
		if (!stat(path, &st))
			id = st.st_ino;
		break;
	}
	fclose(f);
	return id;
}

const struct bpf_func_proto bpf_get_current_cgroup_id_proto = {
	.func		= bpf_get_current_cgroup_id,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

/*
 * This task's pid and tgid as the pid namespace (dev, ino) sees them, if
 * that is the task's own namespace: the one /proc/self/ns/pid names.
 */
static u64 bpf_get_ns_current_pid_tgid(u64 dev, u64 ino, u64 nsdata_u, u64 size, u64 r5)
{
	struct bpf_pidns_info *nsdata = (struct bpf_pidns_info *)(unsigned long)nsdata_u;
	struct stat st;
	int err = -EINVAL;

	(void)r5;
	if (unlikely(size != sizeof(struct bpf_pidns_info)))
		goto clear;

	if (unlikely((u64)(dev_t)dev != dev))
		goto clear;

	if (stat("/proc/self/ns/pid", &st)) {
		err = -ENOENT;
		goto clear;
	}

	/* ns_match() */
	if (st.st_ino != ino || st.st_dev != (dev_t)dev)
		goto clear;

	nsdata->pid = gettid();
	nsdata->tgid = getpid();
	return 0;
clear:
	memset(nsdata, 0, size);
	return err;
}

const struct bpf_func_proto bpf_get_ns_current_pid_tgid_proto = {
	.func		= bpf_get_ns_current_pid_tgid,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg4_type	= ARG_CONST_SIZE,
};

static u64 bpf_ktime_get_boot_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	struct timespec ts;

	(void)r1; (void)r2; (void)r3; (void)r4; (void)r5;
	/* NMI safe access to clock boottime */
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

const struct bpf_func_proto bpf_ktime_get_boot_ns_proto = {
	.func		= bpf_ktime_get_boot_ns,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

/*
 * get_jiffies_64() at HZ = 250 (Debian's), counted from boot as the
 * kernel's: INITIAL_JIFFIES is -300 s worth, so that the 32-bit count
 * wraps five minutes after boot.
 */
#define HZ			250
#define INITIAL_JIFFIES		((u64)(u32)(-300 * HZ))

static u64 bpf_jiffies64(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	struct timespec ts;

	(void)r1; (void)r2; (void)r3; (void)r4; (void)r5;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return INITIAL_JIFFIES + (u64)ts.tv_sec * HZ + ts.tv_nsec / (1000000000 / HZ);
}

const struct bpf_func_proto bpf_jiffies64_proto = {
	.func		= bpf_jiffies64,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

/*
 * The current task_struct. There is none in this process: 0, and every
 * probe read through it fails with -EFAULT (and zeroes), where in the
 * kernel it would read the task's fields.
 */
static u64 bpf_get_current_task(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	(void)r1; (void)r2; (void)r3; (void)r4; (void)r5;
	return 0;
}

const struct bpf_func_proto bpf_get_current_task_proto = {
	.func		= bpf_get_current_task,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
};
