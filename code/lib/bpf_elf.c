// SPDX-License-Identifier: GPL-2.0
/*
 * A BPF object's program, read the way libbpf reads it before BPF_PROG_LOAD.
 *
 * Mirrors tools/lib/bpf/libbpf.c, Linux 6.1: bpf_object__elf_init() and
 * bpf_object__check_endianness() (what kind of file this is),
 * bpf_object__elf_collect() (which sections are programs, the license),
 * bpf_program__record_reloc() (what a relocation may point at),
 * bpf_object__reloc_code() with bpf_object__append_subprog_code() (calls
 * into .text become calls into code appended behind the program), and
 * find_sec_def() (section name -> program type). Written afresh, and much
 * smaller: one program per section, no maps, no BTF, no externs; what needs
 * them is refused with a message that names it.
 *
 * Every offset and size read from the file is checked against the file
 * before it is used, so a truncated or corrupt object gives -EINVAL and a
 * message, never a read out of bounds.
 */
#include <fcntl.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bpf_elf.h"

#ifndef EM_BPF
#define EM_BPF			247
#endif
/* Relocation types of the BPF target (LLVM's ELFRelocs/BPF.def). */
#define R_BPF_NONE		0
#define R_BPF_64_64		1	/* ld_imm64: a map or global data address */
#define R_BPF_64_ABS64		2	/* data: .BTF, .debug_* */
#define R_BPF_64_ABS32		3
#define R_BPF_64_NODYLD32	4
#define R_BPF_64_32		10	/* call: a function in .text */

#define BPF_INSN_SZ		sizeof(struct bpf_insn)

/* One relocation, checked: the instruction it patches and the target. */
struct reloc {
	u32	insn_idx;	/* in its section */
	u64	sym_off;	/* the symbol's offset in .text, in bytes */
};

/* A function in .text, and where it landed in the output (if it did). */
struct subprog {
	u32	start, len;	/* in .text, in instructions */
	u32	out_off;
	bool	appended;
};

/* Where a stretch of output instructions came from. */
struct chunk {
	u32	out_off, len;
	u32	sec_off;	/* first instruction, in its section */
	bool	text;		/* .text, or the program section */
};

struct bpf_elf {
	Elf		*elf;
	u8		*image;		/* private copy: libelf may write to it */
	size_t		size;
	size_t		shstrndx;
	char		*errbuf;
	size_t		errlen;

	Elf_Data	*symbols;
	size_t		strtabidx;	/* names of the symbols */

	int		prog_shndx;	/* the chosen program section */
	Elf_Data	*prog_data;
	Elf_Data	*prog_rel;
	int		text_shndx;	/* .text, or 0 */
	Elf_Data	*text_data;
	Elf_Data	*text_rel;

	struct reloc	*prog_relos, *text_relos;
	size_t		nr_prog_relos, nr_text_relos;
	struct subprog	*subprogs;
	size_t		nr_subprogs;
	struct chunk	*chunks;
	size_t		nr_chunks;
};

static __attribute__((format(printf, 3, 4)))
int elf_err(struct bpf_elf *e, int err, const char *fmt, ...)
{
	va_list args;

	if (e->errbuf && e->errlen) {
		va_start(args, fmt);
		vsnprintf(e->errbuf, e->errlen, fmt, args);
		va_end(args);
	}
	return err;
}

/* ---- sections ----------------------------------------------------------- */

static const char *sec_name(struct bpf_elf *e, const GElf_Shdr *sh)
{
	return elf_strptr(e->elf, e->shstrndx, sh->sh_name);
}

/* The section's bytes, once its place in the file is known to be real. */
static int sec_data(struct bpf_elf *e, Elf_Scn *scn, const GElf_Shdr *sh,
		    const char *name, Elf_Data **data)
{
	if (sh->sh_type != SHT_NOBITS &&
	    (sh->sh_offset > e->size || sh->sh_size > e->size - sh->sh_offset))
		return elf_err(e, -EINVAL, "section '%s': %llu bytes at offset %llu "
			       "run past the end of the file (%zu bytes)", name,
			       (unsigned long long)sh->sh_size,
			       (unsigned long long)sh->sh_offset, e->size);
	*data = elf_getdata(scn, NULL);
	if (!*data || (*data)->d_size != sh->sh_size ||
	    (sh->sh_size && sh->sh_type != SHT_NOBITS && !(*data)->d_buf))
		return elf_err(e, -EINVAL, "section '%s': cannot read its data: %s",
			       name, elf_errmsg(-1));
	return 0;
}

static bool is_prog_sec(const GElf_Shdr *sh)
{
	return sh->sh_type == SHT_PROGBITS && (sh->sh_flags & SHF_EXECINSTR) &&
	       sh->sh_size > 0;
}

/* libbpf's sec_def_matches(): "x" exact, "x/" a prefix, "x+" exact or "x/..". */
static bool sec_def_matches(const char *def, const char *name)
{
	size_t len = strlen(def);

	if (def[len - 1] == '/')
		return !strncmp(name, def, len);
	if (def[len - 1] == '+') {
		len--;
		return !strncmp(name, def, len) &&
		       (name[len] == '\0' || name[len] == '/');
	}
	return !strcmp(name, def);
}

static const struct {
	const char		*sec;
	enum bpf_prog_type	type;	/* UNSPEC: needs BTF, refused */
} section_defs[] = {
	/* Order matters where one name is a prefix of another. */
	{ "socket",			BPF_PROG_TYPE_SOCKET_FILTER },
	{ "sk_reuseport",		BPF_PROG_TYPE_SK_REUSEPORT },
	{ "kprobe+",			BPF_PROG_TYPE_KPROBE },
	{ "uprobe+",			BPF_PROG_TYPE_KPROBE },
	{ "kretprobe+",			BPF_PROG_TYPE_KPROBE },
	{ "uretprobe+",			BPF_PROG_TYPE_KPROBE },
	{ "tc",				BPF_PROG_TYPE_SCHED_CLS },
	{ "classifier",			BPF_PROG_TYPE_SCHED_CLS },
	{ "action",			BPF_PROG_TYPE_SCHED_ACT },
	{ "tracepoint+",		BPF_PROG_TYPE_TRACEPOINT },
	{ "tp+",			BPF_PROG_TYPE_TRACEPOINT },
	{ "raw_tracepoint+",		BPF_PROG_TYPE_RAW_TRACEPOINT },
	{ "raw_tp+",			BPF_PROG_TYPE_RAW_TRACEPOINT },
	{ "raw_tracepoint.w+",		BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE },
	{ "raw_tp.w+",			BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE },
	{ "tp_btf+",			BPF_PROG_TYPE_UNSPEC },
	{ "fentry+",			BPF_PROG_TYPE_UNSPEC },
	{ "fmod_ret+",			BPF_PROG_TYPE_UNSPEC },
	{ "fexit+",			BPF_PROG_TYPE_UNSPEC },
	{ "fentry.s+",			BPF_PROG_TYPE_UNSPEC },
	{ "fmod_ret.s+",		BPF_PROG_TYPE_UNSPEC },
	{ "fexit.s+",			BPF_PROG_TYPE_UNSPEC },
	{ "freplace+",			BPF_PROG_TYPE_UNSPEC },
	{ "lsm+",			BPF_PROG_TYPE_UNSPEC },
	{ "lsm.s+",			BPF_PROG_TYPE_UNSPEC },
	{ "iter+",			BPF_PROG_TYPE_UNSPEC },
	{ "iter.s+",			BPF_PROG_TYPE_UNSPEC },
	{ "struct_ops+",		BPF_PROG_TYPE_UNSPEC },
	{ "xdp",			BPF_PROG_TYPE_XDP },
	{ "perf_event",			BPF_PROG_TYPE_PERF_EVENT },
	{ "lwt_in",			BPF_PROG_TYPE_LWT_IN },
	{ "lwt_out",			BPF_PROG_TYPE_LWT_OUT },
	{ "lwt_xmit",			BPF_PROG_TYPE_LWT_XMIT },
	{ "lwt_seg6local",		BPF_PROG_TYPE_LWT_SEG6LOCAL },
	{ "sockops",			BPF_PROG_TYPE_SOCK_OPS },
	{ "sk_skb/stream_parser",	BPF_PROG_TYPE_SK_SKB },
	{ "sk_skb/stream_verdict",	BPF_PROG_TYPE_SK_SKB },
	{ "sk_skb",			BPF_PROG_TYPE_SK_SKB },
	{ "sk_msg",			BPF_PROG_TYPE_SK_MSG },
	{ "lirc_mode2",			BPF_PROG_TYPE_LIRC_MODE2 },
	{ "flow_dissector",		BPF_PROG_TYPE_FLOW_DISSECTOR },
	{ "cgroup_skb/ingress",		BPF_PROG_TYPE_CGROUP_SKB },
	{ "cgroup_skb/egress",		BPF_PROG_TYPE_CGROUP_SKB },
	{ "cgroup/skb",			BPF_PROG_TYPE_CGROUP_SKB },
	{ "cgroup/sock",		BPF_PROG_TYPE_CGROUP_SOCK },
	{ "cgroup/dev",			BPF_PROG_TYPE_CGROUP_DEVICE },
	{ "cgroup/sysctl",		BPF_PROG_TYPE_CGROUP_SYSCTL },
};

int bpf_elf_sec_prog_type(const char *name, enum bpf_prog_type *type)
{
	*type = BPF_PROG_TYPE_UNSPEC;
	for (size_t i = 0; i < ARRAY_SIZE(section_defs); i++) {
		if (!sec_def_matches(section_defs[i].sec, name))
			continue;
		if (section_defs[i].type == BPF_PROG_TYPE_UNSPEC)
			return -ENOTSUP;
		*type = section_defs[i].type;
		return 0;
	}
	return 0;
}

/* ---- the file ------------------------------------------------------------ */

/* bpf_object__elf_init() and bpf_object__check_endianness(). */
static int elf_init(struct bpf_elf *e)
{
	const u8 *id = e->image;
	GElf_Ehdr ehdr;

	if (e->size < EI_NIDENT || memcmp(id, ELFMAG, SELFMAG))
		return elf_err(e, -EINVAL, "not an ELF file");
	if (id[EI_CLASS] != ELFCLASS64)
		return elf_err(e, -EINVAL, "not ELF64 (class %u)", id[EI_CLASS]);
	if (id[EI_DATA] != ELFDATA2LSB)
		return elf_err(e, -EINVAL, "not little-endian (data encoding %u)",
			       id[EI_DATA]);
	if (e->size < sizeof(Elf64_Ehdr))
		return elf_err(e, -EINVAL, "truncated ELF header (%zu bytes)", e->size);

	elf_version(EV_CURRENT);
	e->elf = elf_memory((char *)e->image, e->size);
	if (!e->elf || elf_kind(e->elf) != ELF_K_ELF || !gelf_getehdr(e->elf, &ehdr))
		return elf_err(e, -EINVAL, "libelf cannot read it: %s", elf_errmsg(-1));
	if (ehdr.e_machine != EM_BPF)
		return elf_err(e, -EINVAL, "e_machine %u is not EM_BPF (%u)",
			       ehdr.e_machine, EM_BPF);
	if (ehdr.e_type != ET_REL)
		return elf_err(e, -EINVAL, "e_type %u is not ET_REL: not a `clang -c` object",
			       ehdr.e_type);
	if (ehdr.e_shoff > e->size ||
	    (u64)ehdr.e_shnum * sizeof(Elf64_Shdr) > e->size - ehdr.e_shoff)
		return elf_err(e, -EINVAL, "section headers run past the end of the file");
	if (elf_getshdrstrndx(e->elf, &e->shstrndx))
		return elf_err(e, -EINVAL, "no section name table: %s", elf_errmsg(-1));
	return 0;
}

/* A .BTF.ext with CO-RE records asks for field offsets to be rewritten. */
static int check_btf_ext(struct bpf_elf *e, const Elf_Data *data)
{
	const u8 *p = data->d_buf;
	u32 hdr_len, core_relo_len;

	if (!p || data->d_size < 8)	/* SHT_NOBITS has no bytes */
		return 0;
	memcpy(&hdr_len, p + 4, sizeof(hdr_len));
	if (hdr_len < 32 || data->d_size < 32)
		return 0;
	memcpy(&core_relo_len, p + 28, sizeof(core_relo_len));
	if (core_relo_len)
		return elf_err(e, -ENOTSUP, "section '.BTF.ext' holds CO-RE relocations; "
			       "BTF is not supported");
	return 0;
}

/*
 * bpf_object__elf_collect(): find the symbols, the license, .text, the
 * program sections, and the relocation sections for the two we use.
 */
static int elf_collect(struct bpf_elf *e, const char *want, struct bpf_elf_prog *out)
{
	Elf_Scn *scn = NULL;
	size_t nr_rel = 0, cap = 0;
	struct { size_t target; Elf_Data *data; } rels[64];
	int err;

	while ((scn = elf_nextscn(e->elf, scn))) {
		size_t idx = elf_ndxscn(scn);
		const char *name;
		Elf_Data *data;
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			return elf_err(e, -EINVAL, "section %zu: bad header", idx);
		name = sec_name(e, &sh);
		if (!name)
			return elf_err(e, -EINVAL, "section %zu: name out of bounds", idx);
		if (!strcmp(name, "maps") || !strcmp(name, ".maps"))
			return elf_err(e, -ENOTSUP, "section '%s': maps are not supported",
				       name);

		if (sh.sh_type == SHT_SYMTAB) {
			err = sec_data(e, scn, &sh, name, &data);
			if (err)
				return err;
			if (sh.sh_entsize != sizeof(Elf64_Sym) ||
			    sh.sh_size % sizeof(Elf64_Sym))
				return elf_err(e, -EINVAL, "section '%s': size %llu is not "
					       "a multiple of a symbol", name,
					       (unsigned long long)sh.sh_size);
			e->symbols = data;
			e->strtabidx = sh.sh_link;
		} else if (!strcmp(name, "license")) {
			err = sec_data(e, scn, &sh, name, &data);
			if (err)
				return err;
			/* libbpf: at most the buffer, and at the first NUL. */
			if (data->d_buf)
				memcpy(out->license, data->d_buf,
				       min(data->d_size, sizeof(out->license) - 1));
		} else if (!strcmp(name, ".BTF.ext")) {
			err = sec_data(e, scn, &sh, name, &data);
			if (err)
				return err;
			err = check_btf_ext(e, data);
			if (err)
				return err;
		} else if (is_prog_sec(&sh)) {
			err = sec_data(e, scn, &sh, name, &data);
			if (err)
				return err;
			if (sh.sh_size % BPF_INSN_SZ)
				return elf_err(e, -EINVAL, "section '%s': size %llu is not "
					       "a multiple of %zu", name,
					       (unsigned long long)sh.sh_size, BPF_INSN_SZ);
			/* Instructions are read in place: they must be aligned. */
			if (sh.sh_offset % BPF_INSN_SZ)
				return elf_err(e, -EINVAL, "section '%s': offset %llu is not "
					       "aligned to %zu", name,
					       (unsigned long long)sh.sh_offset, BPF_INSN_SZ);
			if (!strcmp(name, ".text")) {
				e->text_shndx = idx;
				e->text_data = data;
				continue;
			}
			/* Remember every program section, for listing. */
			if (out->nr_sections == cap) {
				void *n;

				cap = cap ? 2 * cap : 8;
				n = realloc(out->sections, cap * sizeof(*out->sections));
				if (!n)
					return elf_err(e, -ENOMEM, "out of memory");
				out->sections = n;
			}
			snprintf(out->sections[out->nr_sections++], BPF_ELF_NAME_LEN,
				 "%s", name);
			if (!e->prog_shndx && (!want || !strcmp(want, name))) {
				e->prog_shndx = idx;
				e->prog_data = data;
				snprintf(out->name, sizeof(out->name), "%s", name);
			}
		} else if (sh.sh_type == SHT_REL) {
			err = sec_data(e, scn, &sh, name, &data);
			if (err)
				return err;
			if (sh.sh_size % sizeof(Elf64_Rel))
				return elf_err(e, -EINVAL, "section '%s': size %llu is not "
					       "a multiple of a relocation", name,
					       (unsigned long long)sh.sh_size);
			if (nr_rel == ARRAY_SIZE(rels))
				return elf_err(e, -ENOTSUP, "more than %zu relocation sections",
					       ARRAY_SIZE(rels));
			rels[nr_rel].target = sh.sh_info;
			rels[nr_rel++].data = data;
		}
	}

	if (!e->prog_shndx) {
		if (want)
			return elf_err(e, -ENOENT, "no program section '%s'", want);
		return elf_err(e, -ENOENT, "no program section (only .text?)");
	}
	for (size_t i = 0; i < nr_rel; i++) {
		if (rels[i].target == (size_t)e->prog_shndx)
			e->prog_rel = rels[i].data;
		else if (e->text_shndx && rels[i].target == (size_t)e->text_shndx)
			e->text_rel = rels[i].data;
	}
	if ((e->prog_rel || e->text_rel) && !e->symbols)
		return elf_err(e, -EINVAL, "relocations but no symbol table");
	return 0;
}

/* ---- symbols and relocations ---------------------------------------------- */

static const char *sym_name(struct bpf_elf *e, const GElf_Sym *sym)
{
	const char *name;
	GElf_Shdr sh;
	Elf_Scn *scn;

	/* A section symbol is nameless: clang uses them for static data and
	 * static functions. Name it after its section, as libbpf does.
	 */
	if (GELF_ST_TYPE(sym->st_info) == STT_SECTION &&
	    (scn = elf_getscn(e->elf, sym->st_shndx)) && gelf_getshdr(scn, &sh) &&
	    (name = sec_name(e, &sh)))
		return name;
	name = elf_strptr(e->elf, e->strtabidx, sym->st_name);
	return name ? name : "?";
}

static const char *reloc_type_name(u32 type)
{
	switch (type) {
	case R_BPF_NONE:	return "R_BPF_NONE";
	case R_BPF_64_64:	return "R_BPF_64_64";
	case R_BPF_64_ABS64:	return "R_BPF_64_ABS64";
	case R_BPF_64_ABS32:	return "R_BPF_64_ABS32";
	case R_BPF_64_NODYLD32:	return "R_BPF_64_NODYLD32";
	case R_BPF_64_32:	return "R_BPF_64_32";
	default:		return "unknown";
	}
}

/*
 * bpf_program__record_reloc(), for one relocation section: each entry must
 * patch an instruction of its section, and the only kind we apply is a call
 * (R_BPF_64_32) to a function in .text.
 */
static int collect_relos(struct bpf_elf *e, const Elf_Data *rel_data,
			 const Elf_Data *sec, const char *secname,
			 struct reloc **relos, size_t *nr)
{
	size_t n = rel_data->d_size / sizeof(Elf64_Rel);
	const struct bpf_insn *insns = sec->d_buf;

	*relos = calloc(n ? n : 1, sizeof(**relos));
	if (!*relos)
		return elf_err(e, -ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct bpf_insn *insn;
		const char *name;
		GElf_Rel rel;
		GElf_Sym sym;
		u32 type;

		if (!gelf_getrel((Elf_Data *)rel_data, i, &rel))
			return elf_err(e, -EINVAL, "section '%s': relocation #%zu unreadable",
				       secname, i);
		if (rel.r_offset % BPF_INSN_SZ || rel.r_offset >= sec->d_size)
			return elf_err(e, -EINVAL, "section '%s': relocation #%zu at "
				       "invalid offset 0x%llx", secname, i,
				       (unsigned long long)rel.r_offset);
		if (!gelf_getsym(e->symbols, GELF_R_SYM(rel.r_info), &sym))
			return elf_err(e, -EINVAL, "section '%s': relocation #%zu: "
				       "bad symbol index %llu", secname, i,
				       (unsigned long long)GELF_R_SYM(rel.r_info));
		type = GELF_R_TYPE(rel.r_info);
		name = sym_name(e, &sym);
		insn = &insns[rel.r_offset / BPF_INSN_SZ];

		if (sym.st_shndx == SHN_UNDEF)
			return elf_err(e, -ENOTSUP, "section '%s': relocation %s against "
				       "extern '%s': externs are not supported",
				       secname, reloc_type_name(type), name);
		switch (type) {
		case R_BPF_64_32:
			if (insn->code != (BPF_JMP | BPF_CALL) ||
			    insn->src_reg != BPF_PSEUDO_CALL)
				return elf_err(e, -EINVAL, "section '%s': R_BPF_64_32 at "
					       "insn %llu: incorrect bpf_call opcode",
					       secname,
					       (unsigned long long)rel.r_offset / BPF_INSN_SZ);
			if (!e->text_shndx || sym.st_shndx != e->text_shndx)
				return elf_err(e, -EINVAL, "section '%s': bad call relo "
					       "against '%s' outside .text", secname, name);
			if (sym.st_value % BPF_INSN_SZ)
				return elf_err(e, -EINVAL, "section '%s': bad call relo "
					       "against '%s' at offset %llu", secname, name,
					       (unsigned long long)sym.st_value);
			(*relos)[*nr].insn_idx = rel.r_offset / BPF_INSN_SZ;
			(*relos)[*nr].sym_off = sym.st_value;
			(*nr)++;
			break;
		case R_BPF_64_64:
			return elf_err(e, -ENOTSUP, "section '%s': relocation R_BPF_64_64 "
				       "against '%s': maps and global data are not supported",
				       secname, name);
		default:
			return elf_err(e, -ENOTSUP, "section '%s': relocation %s (type %u) "
				       "against '%s' is not supported", secname,
				       reloc_type_name(type), type, name);
		}
	}
	return 0;
}

static const struct reloc *find_reloc(const struct reloc *relos, size_t nr, u32 idx)
{
	for (size_t i = 0; i < nr; i++)
		if (relos[i].insn_idx == idx)
			return &relos[i];
	return NULL;
}

/* The functions in .text: each named by an STT_FUNC symbol. */
static int collect_subprogs(struct bpf_elf *e, u32 text_cnt)
{
	size_t nsyms = e->symbols ? e->symbols->d_size / sizeof(Elf64_Sym) : 0;

	e->subprogs = calloc(nsyms ? nsyms : 1, sizeof(*e->subprogs));
	if (!e->subprogs)
		return elf_err(e, -ENOMEM, "out of memory");
	for (size_t i = 0; i < nsyms; i++) {
		GElf_Sym sym;

		if (!gelf_getsym(e->symbols, i, &sym) ||
		    GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    sym.st_shndx != e->text_shndx)
			continue;
		if (sym.st_value % BPF_INSN_SZ || sym.st_size % BPF_INSN_SZ ||
		    sym.st_value / BPF_INSN_SZ > text_cnt ||
		    sym.st_size / BPF_INSN_SZ > text_cnt - sym.st_value / BPF_INSN_SZ)
			return elf_err(e, -EINVAL, "function '%s' (offset %llu, size %llu) "
				       "does not fit in .text", sym_name(e, &sym),
				       (unsigned long long)sym.st_value,
				       (unsigned long long)sym.st_size);
		e->subprogs[e->nr_subprogs].start = sym.st_value / BPF_INSN_SZ;
		e->subprogs[e->nr_subprogs++].len = sym.st_size / BPF_INSN_SZ;
	}
	return 0;
}

/* The program section must hold one program: count its functions. */
static int count_prog_funcs(struct bpf_elf *e)
{
	size_t nsyms = e->symbols ? e->symbols->d_size / sizeof(Elf64_Sym) : 0;
	int n = 0;

	for (size_t i = 0; i < nsyms; i++) {
		GElf_Sym sym;

		if (gelf_getsym(e->symbols, i, &sym) &&
		    GELF_ST_TYPE(sym.st_info) == STT_FUNC &&
		    sym.st_shndx == e->prog_shndx)
			n++;
	}
	return n;
}

/* ---- appending subprograms ---------------------------------------------- */

static int add_chunk(struct bpf_elf *e, u32 out_off, u32 len, u32 sec_off, bool text)
{
	struct chunk *n = realloc(e->chunks, (e->nr_chunks + 1) * sizeof(*n));

	if (!n)
		return elf_err(e, -ENOMEM, "out of memory");
	e->chunks = n;
	n[e->nr_chunks++] = (struct chunk){ out_off, len, sec_off, text };
	return 0;
}

/* bpf_object__append_subprog_code(): copy the function behind the program. */
static int append_subprog(struct bpf_elf *e, struct bpf_elf_prog *out,
			  struct subprog *sp)
{
	const struct bpf_insn *text = e->text_data->d_buf;
	struct bpf_insn *n;

	if (sp->len > U32_MAX - out->cnt)
		return elf_err(e, -E2BIG, "program too large");
	n = realloc(out->insns, (out->cnt + sp->len) * sizeof(*n));
	if (!n)
		return elf_err(e, -ENOMEM, "out of memory");
	out->insns = n;
	memcpy(n + out->cnt, text + sp->start, sp->len * sizeof(*n));
	sp->out_off = out->cnt;
	sp->appended = true;
	out->cnt += sp->len;
	return add_chunk(e, sp->out_off, sp->len, sp->start, true);
}

/*
 * bpf_object__reloc_code(): walk the output, appended code included, and
 * point every bpf-to-bpf call at its callee, appending each callee once.
 *
 * Where is the callee? With a relocation, clang wrote the call against a
 * symbol in .text: a global function's own symbol with imm = -1, or (for a
 * static function) the .text section symbol with imm = callee's start - 1.
 * Either way the callee starts at sym_off / 8 + imm + 1 in .text. Without
 * one, the call stays inside its own section and imm is already relative.
 * Once appended, the call becomes imm = callee's output index - index - 1.
 */
static int reloc_calls(struct bpf_elf *e, struct bpf_elf_prog *out)
{
	u32 text_cnt = e->text_data ? e->text_data->d_size / BPF_INSN_SZ : 0;

	for (u32 i = 0; i < out->cnt; i++) {
		struct bpf_insn *insn = &out->insns[i];
		const struct chunk *c = NULL;
		const struct reloc *r;
		struct subprog *sp = NULL;
		s64 target;
		u32 sec_idx;
		int err;

		if (insn->code != (BPF_JMP | BPF_CALL) || insn->src_reg != BPF_PSEUDO_CALL)
			continue;
		for (size_t k = 0; k < e->nr_chunks && !c; k++)
			if (i >= e->chunks[k].out_off &&
			    i - e->chunks[k].out_off < e->chunks[k].len)
				c = &e->chunks[k];
		sec_idx = c->sec_off + (i - c->out_off);
		r = c->text ? find_reloc(e->text_relos, e->nr_text_relos, sec_idx)
			    : find_reloc(e->prog_relos, e->nr_prog_relos, sec_idx);

		if (r) {
			target = (s64)(r->sym_off / BPF_INSN_SZ) + insn->imm + 1;
		} else if (!c->text) {
			/* A call within the program's own section. */
			target = (s64)sec_idx + insn->imm + 1;
			if (target < 0 || target >= out->main_cnt)
				return elf_err(e, -EINVAL, "insn %u: call pc%+d leaves "
					       "section '%s'", i, insn->imm, out->name);
			continue;
		} else {
			target = (s64)sec_idx + insn->imm + 1;
		}
		if (target < 0 || target >= text_cnt)
			return elf_err(e, -EINVAL, "insn %u: call to .text insn %lld, "
				       "outside .text (%u insns)", i, (long long)target,
				       text_cnt);
		for (size_t k = 0; k < e->nr_subprogs && !sp; k++)
			if (e->subprogs[k].start == target)
				sp = &e->subprogs[k];
		if (!sp)
			return elf_err(e, -EINVAL, "insn %u: call to .text insn %lld, "
				       "where no function starts", i, (long long)target);
		if (!sp->appended) {
			err = append_subprog(e, out, sp);
			if (err)
				return err;
			insn = &out->insns[i];	/* realloc moved it */
		}
		insn->imm = (s32)sp->out_off - (s32)i - 1;
	}
	return 0;
}

/* ---- entry points --------------------------------------------------------- */

static void bpf_elf_release(struct bpf_elf *e)
{
	if (e->elf)
		elf_end(e->elf);
	free(e->image);
	free(e->prog_relos);
	free(e->text_relos);
	free(e->subprogs);
	free(e->chunks);
}

static int load(struct bpf_elf *e, const char *sec, struct bpf_elf_prog *out)
{
	enum bpf_prog_type type;
	int err, nfuncs;

	err = elf_init(e);
	if (!err)
		err = elf_collect(e, sec, out);
	if (err)
		return err;

	if (bpf_elf_sec_prog_type(out->name, &type))
		return elf_err(e, -ENOTSUP, "section '%s': this program type needs BTF, "
			       "which is not supported", out->name);
	out->prog_type = type;
	nfuncs = count_prog_funcs(e);
	if (nfuncs > 1)
		return elf_err(e, -ENOTSUP, "section '%s' holds %d programs; "
			       "one per section is supported", out->name, nfuncs);

	if (e->prog_rel) {
		err = collect_relos(e, e->prog_rel, e->prog_data, out->name,
				    &e->prog_relos, &e->nr_prog_relos);
		if (err)
			return err;
	}
	if (e->text_rel) {
		err = collect_relos(e, e->text_rel, e->text_data, ".text",
				    &e->text_relos, &e->nr_text_relos);
		if (err)
			return err;
	}
	if (e->text_data) {
		err = collect_subprogs(e, e->text_data->d_size / BPF_INSN_SZ);
		if (err)
			return err;
	}

	out->cnt = out->main_cnt = e->prog_data->d_size / BPF_INSN_SZ;
	out->insns = malloc(e->prog_data->d_size);
	if (!out->insns)
		return elf_err(e, -ENOMEM, "out of memory");
	memcpy(out->insns, e->prog_data->d_buf, e->prog_data->d_size);
	err = add_chunk(e, 0, out->cnt, 0, false);
	if (!err)
		err = reloc_calls(e, out);
	return err;
}

int bpf_elf_load_mem(const void *buf, size_t size, const char *sec_name,
		     struct bpf_elf_prog *out, char *errbuf, size_t errlen)
{
	struct bpf_elf e = { .size = size, .errbuf = errbuf, .errlen = errlen };
	int err;

	memset(out, 0, sizeof(*out));
	if (errbuf && errlen)
		errbuf[0] = '\0';
	e.image = malloc(size ? size : 1);
	if (!e.image)
		return elf_err(&e, -ENOMEM, "out of memory");
	memcpy(e.image, buf, size);

	err = load(&e, sec_name, out);
	bpf_elf_release(&e);
	if (err)
		bpf_elf_prog_free(out);
	return err;
}

int bpf_elf_load(const char *path, const char *sec_name, struct bpf_elf_prog *out,
		 char *errbuf, size_t errlen)
{
	struct stat st;
	void *buf = NULL;
	ssize_t n;
	int fd, err;

	memset(out, 0, sizeof(*out));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		goto fail;
	}
	if (fstat(fd, &st)) {
		err = -errno;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		err = -EINVAL;
		goto fail;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf) {
		err = -ENOMEM;
		goto fail;
	}
	n = read(fd, buf, st.st_size);
	if (n != st.st_size) {
		err = n < 0 ? -errno : -EIO;
		goto fail;
	}
	close(fd);
	err = bpf_elf_load_mem(buf, st.st_size, sec_name, out, errbuf, errlen);
	free(buf);
	return err;

fail:
	if (errbuf && errlen)
		snprintf(errbuf, errlen, "%s: %s", path,
			 err == -EINVAL ? "not a regular file" : strerror(-err));
	free(buf);
	if (fd >= 0)
		close(fd);
	return err;
}

void bpf_elf_prog_free(struct bpf_elf_prog *prog)
{
	free(prog->insns);
	free(prog->sections);
	memset(prog, 0, sizeof(*prog));
}
