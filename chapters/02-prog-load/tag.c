// SPDX-License-Identifier: GPL-2.0
/*
 * The program's tag: a name for "these instructions", stable across loads.
 *
 * Mirrors kernel/bpf/core.c: bpf_prog_calc_tag(), Linux v5.8 (SHA-1) and
 * Linux 6.18 (SHA-256); written afresh. The kernel of v5.8 runs SHA-1 block
 * by block with sha1_transform(), padding by hand; 6.18 calls sha256(). Both
 * are the standard hash of the same bytes, so we ask libcrypto for it.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "linux/bpf.h"

int bpf_prog_tag_hash = BPF_PROG_TAG_SHA1;

/*
 * The instructions exactly as user space wrote them, except that a
 * ld_imm64 of a map (src_reg BPF_PSEUDO_MAP_FD or BPF_PSEUDO_MAP_VALUE) has
 * its fd zeroed: fds differ from one run to the next, and the tag must not.
 * The second slot's imm (the value offset, or the fd's upper half) is zeroed
 * too, but only if that slot is a well-formed second half; the verifier
 * rejects the program otherwise, after the tag is computed.
 */
static void bpf_prog_tag_scrub(struct bpf_insn *dst, const struct bpf_prog *fp)
{
	bool was_ld_map;
	u32 i;

	for (i = 0, was_ld_map = false; i < fp->len; i++) {
		dst[i] = fp->insnsi[i];
		if (!was_ld_map &&
		    dst[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    (dst[i].src_reg == BPF_PSEUDO_MAP_FD ||
		     dst[i].src_reg == BPF_PSEUDO_MAP_VALUE)) {
			was_ld_map = true;
			dst[i].imm = 0;
		} else if (was_ld_map &&
			   dst[i].code == 0 &&
			   dst[i].dst_reg == 0 &&
			   dst[i].src_reg == 0 &&
			   dst[i].off == 0) {
			was_ld_map = false;
			dst[i].imm = 0;
		} else {
			was_ld_map = false;
		}
	}
}

/*
 * libcrypto's implementation of the hash, looked up once: EVP_sha1() names
 * the algorithm, and every EVP_Digest() with it would look the
 * implementation up again among the providers, which costs a small
 * program's load more than hashing it does.
 */
static const char *const tag_hash_names[] = {
	[BPF_PROG_TAG_SHA1] = "SHA1",
	[BPF_PROG_TAG_SHA256] = "SHA256",
};

static const EVP_MD *tag_md(unsigned int hash)
{
	static EVP_MD *md[ARRAY_SIZE(tag_hash_names)];

	if (!md[hash])
		md[hash] = EVP_MD_fetch(NULL, tag_hash_names[hash], NULL);
	return md[hash];
}

int bpf_prog_calc_tag(struct bpf_prog *fp)
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	u32 size = bpf_prog_insn_size(fp);
	const EVP_MD *md;
	struct bpf_insn *dst;
	int ok;

	if ((unsigned int)bpf_prog_tag_hash >= ARRAY_SIZE(tag_hash_names))
		return -EINVAL;
	md = tag_md(bpf_prog_tag_hash);
	if (!md)
		return -ENOMEM;

	dst = malloc(size ? size : 1);	/* vmalloc(): a copy, never in place */
	if (!dst)
		return -ENOMEM;
	bpf_prog_tag_scrub(dst, fp);

	ok = EVP_Digest(dst, size, digest, NULL, md, NULL);
	free(dst);
	if (!ok)
		return -ENOMEM;

	BUILD_BUG_ON(sizeof(fp->tag) != BPF_TAG_SIZE);
	memcpy(fp->tag, digest, sizeof(fp->tag));
	return 0;
}
