// SPDX-License-Identifier: GPL-2.0
/*
 * A loop with an if/else inside: every round may go either way, so the
 * paths through fifty rounds number 2^50. The verifier walks them in a few
 * thousand instructions because most of them are the same: state pruning
 * (chapter 07). `bpfjit xlated --no-prune` shows the walk without it.
 */
#define SEC(name) __attribute__((section(name), used))

struct __sk_buff {
	unsigned int len;
};

SEC("socket")
unsigned long branchy(struct __sk_buff *skb)
{
	unsigned long s = 0;

	for (unsigned int i = 0; i < 50; i++) {
		if ((skb->len + i) & 4)
			s += i;
		else
			s ^= i;
		asm volatile("" : "+r"(s));
	}
	return s;
}

char _license[] SEC("license") = "GPL";
