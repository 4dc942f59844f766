// SPDX-License-Identifier: GPL-2.0
/*
 * Every load and store through a pointer into a map value, and every
 * helper given one, must stay inside the value.
 *
 * Mirrors kernel/bpf/verifier.c: check_map_access() and
 * check_map_access_type(), Linux v5.8.
 */
#include "verifier_maps.h"
#include "maps.h"

/*
 * An access of size bytes at off from the pointer in register regno (off
 * already holds reg->off); the register's bounds say how much more it may
 * be at run time. 0 if every possible access stays inside the map's value,
 * else -EACCES with the kernel's message in the log.
 */
int check_map_access(struct bpf_verifier_env *env, u32 regno, int off, int size,
		     bool zero_size_allowed)
{
	/* TODO: both ends of the variable offset, each with the access's size */
	(void)env;
	(void)regno;
	(void)off;
	(void)size;
	(void)zero_size_allowed;
	return 0;
}

/* BPF_F_RDONLY_PROG / BPF_F_WRONLY_PROG: may a program read, or write? */
int check_map_access_type(struct bpf_verifier_env *env, u32 regno, int off, int size,
			  enum bpf_access_type type)
{
	/* TODO: what the map's flags allow */
	(void)env;
	(void)regno;
	(void)off;
	(void)size;
	(void)type;
	return 0;
}
