/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loads and stores at any address: packet fields sit wherever the packet
 * puts them. x86-64 does not mind; C does (a misaligned u16 * is undefined
 * behaviour), so these go through memcpy(), which compilers turn into one
 * plain load or store.
 *
 * Mirrors include/asm-generic/unaligned.h and include/linux/unaligned/
 * (get_unaligned_be16() and friends), Linux v5.8; written afresh.
 */
#ifndef _SHIM_ASM_UNALIGNED_H
#define _SHIM_ASM_UNALIGNED_H

#include <string.h>

#include "linux/kernel.h"

static inline u16 get_unaligned_le16(const void *p)
{
	u16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline u32 get_unaligned_le32(const void *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline u16 get_unaligned_be16(const void *p)
{
	return __builtin_bswap16(get_unaligned_le16(p));
}

static inline u32 get_unaligned_be32(const void *p)
{
	return __builtin_bswap32(get_unaligned_le32(p));
}

static inline void put_unaligned_le16(u16 v, void *p)
{
	memcpy(p, &v, sizeof(v));
}

static inline void put_unaligned_le32(u32 v, void *p)
{
	memcpy(p, &v, sizeof(v));
}

static inline void put_unaligned_be16(u16 v, void *p)
{
	put_unaligned_le16(__builtin_bswap16(v), p);
}

#endif /* _SHIM_ASM_UNALIGNED_H */
