// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TEST_RUN for each family of program types: build the context,
 * run the program `repeat` times, copy the results out.
 *
 * Mirrors net/bpf/test_run.c: bpf_test_run(), bpf_test_finish(),
 * bpf_test_init(), bpf_prog_test_run_skb(), bpf_prog_test_run_xdp(), Linux
 * v5.8, and bpf_prog_test_run_raw_tp() (Linux 5.10); written afresh.
 *
 * What a program gets in R1 differs from the kernel where the kernel's
 * object does not exist here:
 *   skb types   the kernel builds a struct sk_buff around the packet; there
 *               is none here, so R1 = the packet copy itself and R2 = its
 *               length.
 *   XDP         R1 = a struct xdp_md whose data/data_end hold the 32-bit
 *               addresses of the packet copy, in one block below 4 GiB:
 *               [ xdp_md | pad to 64 | packet ]; R2 = the block's length.
 *               (The kernel's xdp_md fields are rewritten by the verifier
 *               into loads of the real 64-bit pointers; without that
 *               rewrite, 32-bit addresses are what make the same program
 *               work. The benchmark corpus relies on this layout.)
 *   BPF_F_UNVERIFIED, skb types: R1 = the packet copy, or 0 when there is
 *               no data, R2 = data_size_in, and no Ethernet minimum: the
 *               BPF conformance suite's contract.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "linux/bpf_interp.h"
#include "linux/bpf_test_run.h"
#include "linux/uaccess.h"

#define ETH_HLEN		14	/* include/uapi/linux/if_ether.h */
#define NET_SKB_PAD		64	/* max(32, L1_CACHE_BYTES) */
#define NET_IP_ALIGN		0	/* x86 */
#define XDP_PACKET_HEADROOM	256
/* SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) on x86-64, v5.8 */
#define SKB_SHINFO_SIZE		320
#define MAX_BPF_FUNC_ARGS	12
#define XDP_MD_BLOCK_DATA	64	/* the packet's offset in the XDP block */

static u64 ktime_get_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static u64 bpf_test_last_r0;

u64 bpf_test_run_last_r0(void)
{
	return bpf_test_last_r0;
}

/*
 * The kernel disables migration, and gives the CPU up between runs when
 * asked to (need_resched) or stops on a signal (-EINTR). A user-space
 * process is preempted without asking, so only the timing is left.
 */
int bpf_test_run64(struct bpf_prog *prog, void *ctx, u64 len, u32 repeat,
		   u64 *retval, u32 *time)
{
	u64 time_start, time_spent;
	u32 i;

	if (!repeat)
		repeat = 1;

	time_start = ktime_get_ns();
	for (i = 0; i < repeat; i++)
		*retval = bpf_prog_run64_len(prog, ctx, len);
	time_spent = ktime_get_ns() - time_start;

	time_spent /= repeat;	/* do_div() */
	*time = time_spent > U32_MAX ? U32_MAX : (u32)time_spent;
	bpf_test_last_r0 = *retval;
	return 0;
}

/* The kernel's, with its signature: R0 truncated to the attr's u32. */
static int bpf_test_run(struct bpf_prog *prog, void *ctx, u64 len, u32 repeat,
			u32 *retval, u32 *time)
{
	u64 r0 = 0;
	int ret;

	ret = bpf_test_run64(prog, ctx, len, repeat, &r0, time);
	*retval = (u32)r0;
	return ret;
}

/*
 * Copy the (possibly modified) packet, its size, R0 and the time back.
 * A data_out too small (data_size_out != 0 and less than size) gets the
 * first data_size_out bytes, the full size in data_size_out, and -ENOSPC
 * -- after everything else was written, so the caller learns the size.
 */
static int bpf_test_finish(const union bpf_attr *kattr,
			   union bpf_attr __user *uattr, const void *data,
			   u32 size, u32 retval, u32 duration)
{
	void __user *data_out = u64_to_user_ptr(kattr->test.data_out);
	int err = -EFAULT;
	u32 copy_size = size;

	/* Clamp copy if the user has provided a size hint, but copy the full
	 * buffer if not to retain old behaviour.
	 */
	if (kattr->test.data_size_out &&
	    copy_size > kattr->test.data_size_out) {
		copy_size = kattr->test.data_size_out;
		err = -ENOSPC;
	}

	if (data_out && copy_to_user(data_out, data, copy_size))
		goto out;
	if (copy_to_user(&uattr->test.data_size_out, &size, sizeof(size)))
		goto out;
	if (copy_to_user(&uattr->test.retval, &retval, sizeof(retval)))
		goto out;
	if (copy_to_user(&uattr->test.duration, &duration, sizeof(duration)))
		goto out;
	if (err != -ENOSPC)
		err = 0;
out:
	return err;
}

/*
 * Allocate headroom + size + tailroom zeroed bytes and copy data_in after
 * the headroom. `size` is the buffer's data size: the user's for skb, the
 * largest possible for XDP (v5.8's frame_sz work), which is why the two
 * bounds are separate.
 */
static void *bpf_test_init(const union bpf_attr *kattr, u32 size,
			   u32 headroom, u32 tailroom, u32 min_size)
{
	void __user *data_in = u64_to_user_ptr(kattr->test.data_in);
	u32 user_size = kattr->test.data_size_in;
	void *data;

	if (size < min_size || size > PAGE_SIZE - headroom - tailroom)
		return ERR_PTR(-EINVAL);

	if (user_size > size)
		return ERR_PTR(-EMSGSIZE);

	data = calloc(1, size + headroom + tailroom);
	if (!data)
		return ERR_PTR(-ENOMEM);

	if (copy_from_user(data + headroom, data_in, user_size)) {
		free(data);
		return ERR_PTR(-EFAULT);
	}

	return data;
}

int bpf_prog_test_run_skb(struct bpf_prog *prog, const union bpf_attr *kattr,
			  union bpf_attr __user *uattr)
{
	u32 size = kattr->test.data_size_in;
	u32 repeat = kattr->test.repeat;
	u32 headroom = NET_SKB_PAD + NET_IP_ALIGN;
	bool raw = prog->aux->unverified;
	u32 retval, duration;
	void *data, *pkt;
	int ret;

	/* The kernel's ctx_in/ctx_out carry a struct __sk_buff, which this
	 * project does not model.
	 */
	if (kattr->test.ctx_in || kattr->test.ctx_out)
		return -EINVAL;

	data = bpf_test_init(kattr, size, headroom, SKB_SHINFO_SIZE,
			     raw ? 0 : ETH_HLEN);
	if (IS_ERR(data))
		return PTR_ERR(data);
	pkt = data + headroom;

	ret = bpf_test_run(prog, (raw && !size) ? NULL : pkt, size, repeat,
			   &retval, &duration);
	if (!ret)
		ret = bpf_test_finish(kattr, uattr, pkt, size, retval, duration);
	free(data);
	return ret;
}

/*
 * The XDP block: one page below 4 GiB, [ xdp_md | pad | packet ]. The
 * kernel's buffer is headroom + max_data_sz + tailroom = one page too.
 */
int bpf_prog_test_run_xdp(struct bpf_prog *prog, const union bpf_attr *kattr,
			  union bpf_attr __user *uattr)
{
	u32 tailroom = SKB_SHINFO_SIZE;
	u32 headroom = XDP_PACKET_HEADROOM;
	u32 size = kattr->test.data_size_in;
	u32 repeat = kattr->test.repeat;
	void __user *data_in = u64_to_user_ptr(kattr->test.data_in);
	u32 retval, duration, max_data_sz;
	struct xdp_md *ctx;
	void *block, *pkt;
	int ret;

	if (kattr->test.ctx_in || kattr->test.ctx_out)
		return -EINVAL;

	/* XDP have extra tailroom as (most) drivers use full page */
	max_data_sz = PAGE_SIZE - headroom - tailroom;
	if (size > max_data_sz)
		return -EMSGSIZE;

	/* MAP_32BIT: the block's addresses fit xdp_md's u32 fields. */
	block = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (block == MAP_FAILED)
		return -ENOMEM;
	pkt = block + XDP_MD_BLOCK_DATA;
	if (copy_from_user(pkt, data_in, size)) {
		munmap(block, PAGE_SIZE);
		return -EFAULT;
	}

	ctx = block;
	ctx->data = (u32)(unsigned long)pkt;
	ctx->data_end = (u32)(unsigned long)(pkt + size);
	ctx->data_meta = ctx->data;		/* no metadata */
	ctx->ingress_ifindex = 1;		/* the loopback device, as the kernel */
	ctx->rx_queue_index = 0;

	ret = bpf_test_run(prog, block, XDP_MD_BLOCK_DATA + size, repeat,
			   &retval, &duration);
	if (!ret)
		ret = bpf_test_finish(kattr, uattr, pkt, size, retval, duration);
	munmap(block, PAGE_SIZE);
	return ret;
}

/*
 * A raw tracepoint program's context is the tracepoint's arguments, an
 * array of up to 12 u64. The test run takes them from ctx_in and returns
 * only retval: no data, no repeat, no duration.
 */
int bpf_prog_test_run_raw_tp(struct bpf_prog *prog, const union bpf_attr *kattr,
			     union bpf_attr __user *uattr)
{
	void __user *ctx_in = u64_to_user_ptr(kattr->test.ctx_in);
	u32 ctx_size_in = kattr->test.ctx_size_in;
	u32 retval, duration;
	void *ctx = NULL;
	int err;

	/* doesn't support data_in/out, ctx_out, duration, or repeat */
	if (kattr->test.data_in || kattr->test.data_out ||
	    kattr->test.ctx_out || kattr->test.duration ||
	    kattr->test.repeat)
		return -EINVAL;

	if (ctx_size_in < prog->aux->max_ctx_offset ||
	    ctx_size_in > MAX_BPF_FUNC_ARGS * sizeof(u64))
		return -EINVAL;

	if (ctx_size_in) {
		ctx = malloc(ctx_size_in);	/* memdup_user() */
		if (!ctx)
			return -ENOMEM;
		if (copy_from_user(ctx, ctx_in, ctx_size_in)) {
			free(ctx);
			return -EFAULT;
		}
	}

	err = bpf_test_run(prog, ctx, ctx_size_in, 1, &retval, &duration);
	if (!err && copy_to_user(&uattr->test.retval, &retval, sizeof(u32)))
		err = -EFAULT;

	free(ctx);
	return err;
}
