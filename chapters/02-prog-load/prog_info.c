// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_OBJ_GET_INFO_BY_FD for programs: what the kernel tells user space
 * about a loaded program (bpftool prog show / dump).
 *
 * Mirrors kernel/bpf/syscall.c: bpf_insn_prepare_dump(),
 * bpf_prog_get_info_by_fd(), bpf_obj_get_info_by_fd(), Linux v5.8; written
 * afresh, without the parts about BTF and line info, which this project
 * does not have (their counts stay as the kernel reports them for a
 * program without any: 0). Maps come with chapter 08; what this file
 * reports about them (their ids) needs only the map's header fields.
 *
 * The rules for each array the caller asks for are the same: the caller
 * says how much room it has (a length or a count), the kernel writes
 * min(room, what it has), and reports back what it has, so a caller can ask
 * once with 0 to learn the size and again with a buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "linux/bpf.h"
#include "linux/capability.h"
#include "linux/file.h"
#include "linux/uaccess.h"

#ifndef CAP_SYSLOG
#define CAP_SYSLOG	34	/* include/uapi/linux/capability.h */
#endif

/*
 * include/linux/filter.h: bpf_dump_raw_ok(). Raw kernel addresses (JIT
 * image bytes, helper addresses in calls) are shown only to a caller who may
 * read /proc/kallsyms' addresses, i.e. holds CAP_SYSLOG (with the default
 * kernel.kptr_restrict = 0).
 */
static bool bpf_dump_raw_ok(void)
{
	return capable(CAP_SYSLOG);
}

/*
 * A ld_imm64 after verification holds a map's address (BPF_PSEUDO_MAP_FD)
 * or the address of a byte in its value (BPF_PSEUDO_MAP_VALUE). Which map
 * of the program's, and where in its value?
 */
static const struct bpf_map *bpf_map_from_imm(const struct bpf_prog *prog,
					      unsigned long addr, u32 *off,
					      u32 *type)
{
	const struct bpf_map *map;
	u32 i;

	for (i = 0, *off = 0; i < prog->aux->used_map_cnt; i++) {
		map = prog->aux->used_maps[i];
		if (map == (void *)addr) {
			*type = BPF_PSEUDO_MAP_FD;
			return map;
		}
		if (!map->ops->map_direct_value_meta)
			continue;
		if (!map->ops->map_direct_value_meta(map, addr, off)) {
			*type = BPF_PSEUDO_MAP_VALUE;
			return map;
		}
	}

	return NULL;
}

/*
 * The "xlated" program as user space may see it: the verifier's internal
 * opcodes are turned back into their public forms, and call targets, which
 * are kernel addresses relative to __bpf_call_base, are hidden from a
 * caller without bpf_dump_raw_ok().
 */
static struct bpf_insn *bpf_insn_prepare_dump(const struct bpf_prog *prog)
{
	const struct bpf_map *map;
	struct bpf_insn *insns;
	u32 i, off, type;
	u64 imm;

	insns = malloc(bpf_prog_insn_size(prog) ? bpf_prog_insn_size(prog) : 1);
	if (!insns)
		return insns;
	memcpy(insns, prog->insnsi, bpf_prog_insn_size(prog));

	for (i = 0; i < prog->len; i++) {
		u8 code = insns[i].code;

		if (code == (BPF_JMP | BPF_TAIL_CALL)) {
			insns[i].code = BPF_JMP | BPF_CALL;
			insns[i].imm = BPF_FUNC_tail_call;
			/* fall-through */
		}
		if (code == (BPF_JMP | BPF_CALL) ||
		    code == (BPF_JMP | BPF_CALL_ARGS)) {
			if (code == (BPF_JMP | BPF_CALL_ARGS))
				insns[i].code = BPF_JMP | BPF_CALL;
			if (!bpf_dump_raw_ok())
				insns[i].imm = 0;
			continue;
		}
		if (BPF_CLASS(code) == BPF_LDX &&
		    BPF_MODE(code) == BPF_PROBE_MEM) {
			insns[i].code = BPF_LDX | BPF_SIZE(code) | BPF_MEM;
			continue;
		}
		if (code != (BPF_LD | BPF_IMM | BPF_DW) || i + 1 >= prog->len)
			continue;

		/* A map's address becomes its id again, and a value's
		 * address the id and the offset: what the loader wrote,
		 * with ids for fds.
		 */
		imm = ((u64)insns[i + 1].imm << 32) | (u32)insns[i].imm;
		map = bpf_map_from_imm(prog, imm, &off, &type);
		if (map) {
			insns[i].src_reg = type;
			insns[i].imm = map->id;
			insns[i + 1].imm = off;
			continue;
		}
	}

	return insns;
}

static int bpf_prog_get_info_by_fd(struct bpf_prog *prog,
				   const union bpf_attr *attr,
				   union bpf_attr __user *uattr)
{
	struct bpf_prog_info __user *uinfo = u64_to_user_ptr(attr->info.info);
	struct bpf_prog_info info;
	u32 info_len = attr->info.info_len;
	char __user *uinsns;
	u32 ulen;
	int err;

	/* A newer caller's longer struct is fine if its tail is zero. */
	err = bpf_check_uarg_tail_zero(uinfo, sizeof(info), info_len);
	if (err)
		return err;
	info_len = min_t(u32, sizeof(info), info_len);

	/* The caller's struct carries its requests: buffer pointers and
	 * their sizes.
	 */
	memset(&info, 0, sizeof(info));
	if (copy_from_user(&info, uinfo, info_len))
		return -EFAULT;

	info.type = prog->type;
	info.id = prog->aux->id;
	info.load_time = prog->aux->load_time;
	info.created_by_uid = 0;	/* the loader is root */
	info.gpl_compatible = prog->gpl_compatible;

	memcpy(info.tag, prog->tag, sizeof(prog->tag));
	memcpy(info.name, prog->aux->name, sizeof(prog->aux->name));

	ulen = info.nr_map_ids;
	info.nr_map_ids = prog->aux->used_map_cnt;
	ulen = min_t(u32, info.nr_map_ids, ulen);
	if (ulen) {
		u32 __user *user_map_ids = u64_to_user_ptr(info.map_ids);
		u32 i;

		for (i = 0; i < ulen; i++)
			if (copy_to_user(&user_map_ids[i], &prog->aux->used_maps[i]->id,
					 sizeof(u32)))
				return -EFAULT;
	}

	info.run_time_ns = prog->aux->stats.nsecs;
	info.run_cnt = prog->aux->stats.cnt;

	if (!bpf_capable()) {
		info.jited_prog_len = 0;
		info.xlated_prog_len = 0;
		info.nr_jited_ksyms = 0;
		info.nr_jited_func_lens = 0;
		info.nr_func_info = 0;
		info.nr_line_info = 0;
		info.nr_jited_line_info = 0;
		goto done;
	}

	ulen = info.xlated_prog_len;
	info.xlated_prog_len = bpf_prog_insn_size(prog);
	if (info.xlated_prog_len && ulen) {
		struct bpf_insn *insns_sanitized;
		bool fault;

		/* Blinded constants are random: their values would let a
		 * reader undo the blinding.
		 */
		if (prog->blinded && !bpf_dump_raw_ok()) {
			info.xlated_prog_insns = 0;
			goto done;
		}
		insns_sanitized = bpf_insn_prepare_dump(prog);
		if (!insns_sanitized)
			return -ENOMEM;
		uinsns = u64_to_user_ptr(info.xlated_prog_insns);
		ulen = min_t(u32, info.xlated_prog_len, ulen);
		fault = copy_to_user(uinsns, insns_sanitized, ulen);
		free(insns_sanitized);
		if (fault)
			return -EFAULT;
	}

	ulen = info.jited_prog_len;
	if (prog->aux->func_cnt) {
		u32 i;

		info.jited_prog_len = 0;
		for (i = 0; i < prog->aux->func_cnt; i++)
			info.jited_prog_len += prog->aux->func[i]->jited_len;
	} else {
		info.jited_prog_len = prog->jited_len;
	}

	if (info.jited_prog_len && ulen) {
		if (bpf_dump_raw_ok()) {
			uinsns = u64_to_user_ptr(info.jited_prog_insns);
			ulen = min_t(u32, info.jited_prog_len, ulen);

			/* for multi-function programs, copy the JITed
			 * instructions for all the functions
			 */
			if (prog->aux->func_cnt) {
				u32 len, left, i;
				u8 *img;

				left = ulen;
				for (i = 0; i < prog->aux->func_cnt; i++) {
					len = prog->aux->func[i]->jited_len;
					len = min_t(u32, len, left);
					img = (u8 *)prog->aux->func[i]->bpf_func;
					if (copy_to_user(uinsns, img, len))
						return -EFAULT;
					uinsns += len;
					left -= len;
					if (!left)
						break;
				}
			} else {
				if (copy_to_user(uinsns, (const void *)prog->bpf_func, ulen))
					return -EFAULT;
			}
		} else {
			info.jited_prog_insns = 0;
		}
	}

	ulen = info.nr_jited_ksyms;
	info.nr_jited_ksyms = prog->aux->func_cnt ? : 1;
	if (ulen) {
		if (bpf_dump_raw_ok()) {
			u64 __user *user_ksyms = u64_to_user_ptr(info.jited_ksyms);
			u64 ksym_addr;
			u32 i;

			/* copy the address of the kernel symbol
			 * corresponding to each function
			 */
			ulen = min_t(u32, info.nr_jited_ksyms, ulen);
			if (prog->aux->func_cnt) {
				for (i = 0; i < ulen; i++) {
					ksym_addr = (u64)(uintptr_t)prog->aux->func[i]->bpf_func;
					if (copy_to_user(&user_ksyms[i], &ksym_addr, sizeof(ksym_addr)))
						return -EFAULT;
				}
			} else {
				ksym_addr = (u64)(uintptr_t)prog->bpf_func;
				if (copy_to_user(&user_ksyms[0], &ksym_addr, sizeof(ksym_addr)))
					return -EFAULT;
			}
		} else {
			info.jited_ksyms = 0;
		}
	}

	ulen = info.nr_jited_func_lens;
	info.nr_jited_func_lens = prog->aux->func_cnt ? : 1;
	if (ulen) {
		if (bpf_dump_raw_ok()) {
			u32 __user *user_lens = u64_to_user_ptr(info.jited_func_lens);
			u32 func_len, i;

			/* copy the JITed image lengths for each function */
			ulen = min_t(u32, info.nr_jited_func_lens, ulen);
			if (prog->aux->func_cnt) {
				for (i = 0; i < ulen; i++) {
					func_len = prog->aux->func[i]->jited_len;
					if (copy_to_user(&user_lens[i], &func_len, sizeof(func_len)))
						return -EFAULT;
				}
			} else {
				func_len = prog->jited_len;
				if (copy_to_user(&user_lens[0], &func_len, sizeof(func_len)))
					return -EFAULT;
			}
		} else {
			info.jited_func_lens = 0;
		}
	}

	/* No BTF: btf_id, func_info, line_info all report 0 records. */
	info.nr_func_info = 0;
	info.nr_line_info = 0;
	info.nr_jited_line_info = 0;

	ulen = info.nr_prog_tags;
	info.nr_prog_tags = prog->aux->func_cnt ? : 1;
	if (ulen) {
		__u8 (__user *user_prog_tags)[BPF_TAG_SIZE];
		u32 i;

		user_prog_tags = u64_to_user_ptr(info.prog_tags);
		ulen = min_t(u32, info.nr_prog_tags, ulen);
		if (prog->aux->func_cnt) {
			for (i = 0; i < ulen; i++) {
				if (copy_to_user(user_prog_tags[i],
						 prog->aux->func[i]->tag,
						 BPF_TAG_SIZE))
					return -EFAULT;
			}
		} else {
			if (copy_to_user(user_prog_tags[0],
					 prog->tag, BPF_TAG_SIZE))
				return -EFAULT;
		}
	}

done:
	/* Only the caller's length is written back, and the length we
	 * used: min(sizeof(info), the caller's).
	 */
	if (copy_to_user(uinfo, &info, info_len) ||
	    copy_to_user(&uattr->info.info_len, &info_len, sizeof(info_len)))
		return -EFAULT;

	return 0;
}

int bpf_obj_get_info_by_fd(const union bpf_attr *attr,
			   union bpf_attr __user *uattr)
{
	int ufd = attr->info.bpf_fd;
	struct file *file;

	if (CHECK_ATTR(BPF_OBJ_GET_INFO_BY_FD))
		return -EINVAL;

	/* Note -EBADFD ("fd in bad state", 77), not -EBADF: the kernel's
	 * choice for this command since it was added (Linux 4.13).
	 */
	file = fget(ufd);
	if (!file)
		return -EBADFD;

	if (file->f_op == &bpf_prog_fops)
		return bpf_prog_get_info_by_fd(file->private_data, attr, uattr);
	/* Maps (and, in the kernel, BTF objects and links) answer too. */
	return bpf_obj_get_info_by_file(file, attr, uattr);
}

/* Chapter 08 answers for map files; any other file is not a BPF object. */
__weak int bpf_obj_get_info_by_file(struct file *file, const union bpf_attr *attr,
				    union bpf_attr __user *uattr)
{
	(void)file; (void)attr; (void)uattr;
	return -EINVAL;
}
