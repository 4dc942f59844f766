/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bob Jenkins' lookup3 hash, the one the kernel's hash maps use to pick a
 * bucket (htab_map_hash() = jhash(key, key_size, htab->hashrnd)).
 *
 * Mirrors include/linux/jhash.h: jhash(), jhash2(), Linux v5.8; written afresh from
 * the algorithm (public domain, 2006): the state (a, b, c) starts at
 * 0xdeadbeef + length + seed, takes the key 12 bytes at a time (read as
 * little-endian words) with a mix after each block, and the last 1..12
 * bytes with a final mix. The result is c.
 */
#ifndef _SHIM_LINUX_JHASH_H
#define _SHIM_LINUX_JHASH_H

#include <string.h>

#include "linux/kernel.h"

#define JHASH_INITVAL		0xdeadbeef

static inline u32 jhash_rol32(u32 w, unsigned int s)
{
	return (w << s) | (w >> (32 - s));
}

static inline void jhash_mix(u32 *a, u32 *b, u32 *c)
{
	*a -= *c; *a ^= jhash_rol32(*c, 4);  *c += *b;
	*b -= *a; *b ^= jhash_rol32(*a, 6);  *a += *c;
	*c -= *b; *c ^= jhash_rol32(*b, 8);  *b += *a;
	*a -= *c; *a ^= jhash_rol32(*c, 16); *c += *b;
	*b -= *a; *b ^= jhash_rol32(*a, 19); *a += *c;
	*c -= *b; *c ^= jhash_rol32(*b, 4);  *b += *a;
}

static inline void jhash_final(u32 *a, u32 *b, u32 *c)
{
	*c ^= *b; *c -= jhash_rol32(*b, 14);
	*a ^= *c; *a -= jhash_rol32(*c, 11);
	*b ^= *a; *b -= jhash_rol32(*a, 25);
	*c ^= *b; *c -= jhash_rol32(*b, 16);
	*a ^= *c; *a -= jhash_rol32(*c, 4);
	*b ^= *a; *b -= jhash_rol32(*a, 14);
	*c ^= *b; *c -= jhash_rol32(*b, 24);
}

static inline u32 jhash(const void *key, u32 length, u32 initval)
{
	const u8 *k = key;
	u32 a, b, c, w[3];
	u8 tail[12];

	a = b = c = JHASH_INITVAL + length + initval;

	/* whole 12-byte blocks, but always keep the last 1..12 bytes */
	while (length > 12) {
		memcpy(w, k, sizeof(w));
		a += w[0];
		b += w[1];
		c += w[2];
		jhash_mix(&a, &b, &c);
		length -= 12;
		k += 12;
	}
	if (length == 0)
		return c;

	/* the rest, zero-padded: the same sums as byte-by-byte shifts */
	memset(tail, 0, sizeof(tail));
	memcpy(tail, k, length);
	a += tail[0] | (u32)tail[1] << 8 | (u32)tail[2] << 16 | (u32)tail[3] << 24;
	b += tail[4] | (u32)tail[5] << 8 | (u32)tail[6] << 16 | (u32)tail[7] << 24;
	c += tail[8] | (u32)tail[9] << 8 | (u32)tail[10] << 16 | (u32)tail[11] << 24;
	jhash_final(&a, &b, &c);
	return c;
}

/*
 * jhash2(): the same mix over an array of u32 (length counts words), seeded
 * with length * 4: stack maps hash their instruction pointers with it.
 */
static inline u32 jhash2(const u32 *k, u32 length, u32 initval)
{
	u32 a, b, c;

	a = b = c = JHASH_INITVAL + (length << 2) + initval;

	while (length > 3) {
		a += k[0];
		b += k[1];
		c += k[2];
		jhash_mix(&a, &b, &c);
		length -= 3;
		k += 3;
	}

	switch (length) {
	case 3: c += k[2];	/* fall through */
	case 2: b += k[1];	/* fall through */
	case 1: a += k[0];
		jhash_final(&a, &b, &c);
		break;
	case 0:	/* Nothing left to add */
		break;
	}
	return c;
}

#endif /* _SHIM_LINUX_JHASH_H */
