// SPDX-License-Identifier: GPL-2.0
/*
 * Opening a BPF object: the ELF file, its programs, their relocations.
 *
 * Mirrors tools/lib/bpf/libbpf.c, Linux 6.1 (libbpf 1.1):
 * bpf_object__elf_init() and bpf_object__check_endianness() (what kind of
 * file this is), bpf_object__elf_collect() (which section is what),
 * bpf_object__add_programs() (every function of a program section is a
 * program of its own), bpf_program__record_reloc() (what a relocation may
 * point at), bpf_object__reloc_code() with bpf_object__append_subprog_code()
 * (calls into .text become calls into code appended behind each program),
 * and the section-name rules of find_sec_def(), including a leading '?'
 * (do not load by default). Written afresh.
 *
 * Every offset and size read from the file is checked against the file
 * before it is used, so a truncated or corrupt object gives -EINVAL and a
 * message, never a read out of bounds.
 */
#include <bpf/btf.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bpf_object_elf.h"

/*
 * libbpf's own messages (btf__new() on broken BTF): kept for ours.
 * <bpf/libbpf.h> declares these, but also includes the system's
 * <linux/bpf.h>, which this project's v5.8 uapi header replaces.
 */
enum libbpf_print_level { LIBBPF_WARN, LIBBPF_INFO, LIBBPF_DEBUG };
typedef int (*libbpf_print_fn_t)(enum libbpf_print_level level, const char *, va_list ap);
libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn);

static __thread char libbpf_msg[160];

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_WARN)
		vsnprintf(libbpf_msg, sizeof(libbpf_msg), fmt, args);
	return 0;
}

__attribute__((format(printf, 3, 4)))
int obj_err(struct obj_elf *e, int err, const char *fmt, ...)
{
	va_list args;

	if (e->err && e->errlen) {
		va_start(args, fmt);
		vsnprintf(e->err, e->errlen, fmt, args);
		va_end(args);
	}
	return err;
}

/* ---- sections and symbols ------------------------------------------------ */

const char *obj_sec_name(struct obj_elf *e, int shndx)
{
	Elf_Scn *scn = elf_getscn(e->elf, shndx);
	const char *name;
	GElf_Shdr sh;

	if (!scn || !gelf_getshdr(scn, &sh))
		return NULL;
	name = elf_strptr(e->elf, e->shstrndx, sh.sh_name);
	return name;
}

int obj_sec_data(struct obj_elf *e, int shndx, Elf_Data **data)
{
	Elf_Scn *scn = elf_getscn(e->elf, shndx);
	const char *name = obj_sec_name(e, shndx);
	GElf_Shdr sh;

	if (!scn || !gelf_getshdr(scn, &sh) || !name)
		return obj_err(e, -EINVAL, "section %d: bad header", shndx);
	if (sh.sh_type != SHT_NOBITS &&
	    (sh.sh_offset > e->size || sh.sh_size > e->size - sh.sh_offset))
		return obj_err(e, -EINVAL, "section '%s': %llu bytes at offset %llu "
			       "run past the end of the file (%zu bytes)", name,
			       (unsigned long long)sh.sh_size,
			       (unsigned long long)sh.sh_offset, e->size);
	*data = elf_getdata(scn, NULL);
	if (!*data || (*data)->d_size != sh.sh_size ||
	    (sh.sh_size && sh.sh_type != SHT_NOBITS && !(*data)->d_buf))
		return obj_err(e, -EINVAL, "section '%s': cannot read its data: %s",
			       name, elf_errmsg(-1));
	return 0;
}

/*
 * obj_sec_data() for a section whose bytes are read: one that says it has
 * bytes and is SHT_NOBITS has none in the file (d_buf is NULL).
 */
static int obj_sec_bytes(struct obj_elf *e, int shndx, Elf_Data **data)
{
	int err = obj_sec_data(e, shndx, data);

	if (!err && (*data)->d_size && !(*data)->d_buf)
		return obj_err(e, -EINVAL, "section '%s': %zu bytes, none of them in the "
			       "file (SHT_NOBITS)", obj_sec_name(e, shndx), (*data)->d_size);
	return err;
}

int obj_sym(struct obj_elf *e, size_t i, GElf_Sym *sym)
{
	if (!e->symbols || i >= e->nsyms || !gelf_getsym(e->symbols, i, sym))
		return obj_err(e, -EINVAL, "bad symbol index %zu", i);
	return 0;
}

const char *obj_sym_name(struct obj_elf *e, const GElf_Sym *sym)
{
	const char *name;

	/* A section symbol is nameless: clang uses them for static data and
	 * static functions. Name it after its section, as libbpf does.
	 */
	if (GELF_ST_TYPE(sym->st_info) == STT_SECTION &&
	    (name = obj_sec_name(e, sym->st_shndx)))
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

/* ---- the file ------------------------------------------------------------ */

/* bpf_object__elf_init() and bpf_object__check_endianness(). */
static int elf_init(struct obj_elf *e)
{
	const u8 *id = e->image;
	GElf_Ehdr ehdr;

	if (e->size < EI_NIDENT || memcmp(id, ELFMAG, SELFMAG))
		return obj_err(e, -EINVAL, "not an ELF file");
	if (id[EI_CLASS] != ELFCLASS64)
		return obj_err(e, -EINVAL, "not ELF64 (class %u)", id[EI_CLASS]);
	if (id[EI_DATA] != ELFDATA2LSB)
		return obj_err(e, -EINVAL, "not little-endian (data encoding %u)",
			       id[EI_DATA]);
	if (e->size < sizeof(Elf64_Ehdr))
		return obj_err(e, -EINVAL, "truncated ELF header (%zu bytes)", e->size);

	elf_version(EV_CURRENT);
	e->elf = elf_memory((char *)e->image, e->size);
	if (!e->elf || elf_kind(e->elf) != ELF_K_ELF || !gelf_getehdr(e->elf, &ehdr))
		return obj_err(e, -EINVAL, "libelf cannot read it: %s", elf_errmsg(-1));
	if (ehdr.e_machine != EM_BPF)
		return obj_err(e, -EINVAL, "e_machine %u is not EM_BPF (%u)",
			       ehdr.e_machine, EM_BPF);
	if (ehdr.e_type != ET_REL)
		return obj_err(e, -EINVAL, "e_type %u is not ET_REL: not a `clang -c` object",
			       ehdr.e_type);
	if (ehdr.e_shoff > e->size ||
	    (u64)ehdr.e_shnum * sizeof(Elf64_Shdr) > e->size - ehdr.e_shoff)
		return obj_err(e, -EINVAL, "section headers run past the end of the file");
	if (elf_getshdrstrndx(e->elf, &e->shstrndx))
		return obj_err(e, -EINVAL, "no section name table: %s", elf_errmsg(-1));
	return 0;
}

static bool is_code_sec(const GElf_Shdr *sh)
{
	return sh->sh_type == SHT_PROGBITS && (sh->sh_flags & SHF_EXECINSTR) &&
	       sh->sh_size > 0;
}

static int add_code_sec(struct obj_elf *e, int shndx, const char *name, Elf_Data *data)
{
	struct obj_code_sec *n;
	GElf_Shdr sh;

	gelf_getshdr(elf_getscn(e->elf, shndx), &sh);
	if (sh.sh_size % BPF_INSN_SZ)
		return obj_err(e, -EINVAL, "section '%s': size %llu is not a multiple of %zu",
			       name, (unsigned long long)sh.sh_size, BPF_INSN_SZ);
	/* Instructions are read in place: they must be aligned. */
	if (sh.sh_offset % BPF_INSN_SZ)
		return obj_err(e, -EINVAL, "section '%s': offset %llu is not aligned to %zu",
			       name, (unsigned long long)sh.sh_offset, BPF_INSN_SZ);
	n = realloc(e->code, (e->nr_code + 1) * sizeof(*n));
	if (!n)
		return obj_err(e, -ENOMEM, "out of memory");
	e->code = n;
	n[e->nr_code] = (struct obj_code_sec){
		.shndx = shndx, .name = name, .insns = data->d_buf,
		.cnt = data->d_size / BPF_INSN_SZ,
	};
	if (!strcmp(name, ".text"))
		e->text = e->nr_code;
	e->nr_code++;
	return 0;
}

/* libbpf's order: by section, then by place in it. */
static int cmp_progs(const void *a, const void *b)
{
	const struct bpf_object_prog *p = a, *q = b;

	if (p->sec_idx != q->sec_idx)
		return p->sec_idx < q->sec_idx ? -1 : 1;
	return p->sec_insn_off < q->sec_insn_off ? -1 : p->sec_insn_off > q->sec_insn_off;
}

static struct obj_code_sec *code_sec(struct obj_elf *e, size_t shndx)
{
	for (u32 i = 0; i < e->nr_code; i++)
		if ((size_t)e->code[i].shndx == shndx)
			return &e->code[i];
	return NULL;
}

/*
 * bpf_object__elf_collect(): what each section is. Relocation sections are
 * read once every section they may point into is known.
 */
static int elf_collect(struct obj_elf *e)
{
	struct bpf_object *obj = e->obj;
	struct { int target; int shndx; } rels[256];
	size_t nr_rel = 0;
	Elf_Scn *scn = NULL;
	int err;

	while ((scn = elf_nextscn(e->elf, scn))) {
		int idx = elf_ndxscn(scn);
		const char *name;
		Elf_Data *data;
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			return obj_err(e, -EINVAL, "section %d: bad header", idx);
		name = elf_strptr(e->elf, e->shstrndx, sh.sh_name);
		if (!name)
			return obj_err(e, -EINVAL, "section %d: name out of bounds", idx);

		if (sh.sh_type == SHT_SYMTAB) {
			err = obj_sec_data(e, idx, &data);
			if (err)
				return err;
			if (sh.sh_entsize != sizeof(Elf64_Sym) || sh.sh_size % sizeof(Elf64_Sym))
				return obj_err(e, -EINVAL, "section '%s': size %llu is not "
					       "a multiple of a symbol", name,
					       (unsigned long long)sh.sh_size);
			e->symbols = data;
			e->nsyms = sh.sh_size / sizeof(Elf64_Sym);
			e->strtabidx = sh.sh_link;
		} else if (!strcmp(name, "license")) {
			err = obj_sec_data(e, idx, &data);
			if (err)
				return err;
			/* libbpf: at most the buffer, and at the first NUL. */
			if (data->d_buf)
				memcpy(obj->license, data->d_buf,
				       min(data->d_size, sizeof(obj->license) - 1));
		} else if (!strcmp(name, "version")) {
			err = obj_sec_data(e, idx, &data);
			if (err)
				return err;
			if (data->d_size != sizeof(u32) || !data->d_buf)
				return obj_err(e, -EINVAL, "section 'version': size %zu, not 4",
					       data->d_size);
			memcpy(&obj->kern_version, data->d_buf, sizeof(u32));
		} else if (!strcmp(name, ".maps")) {
			e->maps_shndx = idx;
		} else if (!strcmp(name, "maps")) {
			err = obj_sec_bytes(e, idx, &e->legacy_maps);
			if (err)
				return err;
			e->legacy_maps_shndx = idx;
		} else if (!strcmp(name, ".BTF")) {
			err = obj_sec_bytes(e, idx, &e->btf_data);
			if (err)
				return err;
		} else if (!strcmp(name, ".BTF.ext")) {
			err = obj_sec_bytes(e, idx, &e->btf_ext_data);
			if (err)
				return err;
		} else if (is_code_sec(&sh)) {
			err = obj_sec_data(e, idx, &data);
			if (!err)
				err = add_code_sec(e, idx, name, data);
			if (err)
				return err;
		} else if (sh.sh_type == SHT_REL) {
			if (nr_rel == ARRAY_SIZE(rels))
				return obj_err(e, -E2BIG, "more than %zu relocation sections",
					       ARRAY_SIZE(rels));
			rels[nr_rel].target = sh.sh_info;
			rels[nr_rel++].shndx = idx;
		} else if (sh.sh_type == SHT_RELA) {
			return obj_err(e, -EINVAL, "section '%s': RELA relocations are "
				       "not what clang -target bpf makes", name);
		}
	}
	if (!e->symbols)
		return obj_err(e, -EINVAL, "no symbol table");

	/* The object's BTF, which describes its maps (libbpf's btf__new()). */
	if (e->btf_data && e->btf_data->d_size) {
		libbpf_set_print(libbpf_print);
		libbpf_msg[0] = '\0';
		obj->btf = btf__new(e->btf_data->d_buf, e->btf_data->d_size);
		if (!obj->btf) {
			libbpf_msg[strcspn(libbpf_msg, "\n")] = '\0';
			if (e->maps_shndx || e->btf_ext_data)
				return obj_err(e, -EINVAL, "section '.BTF' cannot be parsed "
					       "(libbpf: %s), and the object needs it",
					       libbpf_msg[0] ? libbpf_msg : strerror(errno));
		}
	}

	/* Remember the relocation sections by what they relocate. */
	for (size_t i = 0; i < nr_rel; i++) {
		struct obj_code_sec *c = code_sec(e, rels[i].target);
		Elf_Data *data;

		if (!c && rels[i].target != e->maps_shndx)
			continue;	/* .BTF, .BTF.ext, .debug_*: nothing to load */
		err = obj_sec_data(e, rels[i].shndx, &data);
		if (err)
			return err;
		if (data->d_size % sizeof(Elf64_Rel))
			return obj_err(e, -EINVAL, "section '%s': size %zu is not a "
				       "multiple of a relocation",
				       obj_sec_name(e, rels[i].shndx), data->d_size);
		if (!c) {
			e->maps_rel = data;
			continue;
		}
		/* one relocation section per code section */
		c->rel_data = data;
	}
	return 0;
}

/* ---- relocations ----------------------------------------------------------- */

static bool is_call_insn(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL;
}

/*
 * bpf_program__record_reloc(), for one code section: each entry must patch
 * a call or a ld_imm64 of its section, and point at what those may name.
 */
static int collect_relos(struct obj_elf *e, struct obj_code_sec *c)
{
	Elf_Data *rel_data = c->rel_data;
	size_t n = rel_data->d_size / sizeof(Elf64_Rel);
	struct obj_reloc *relos;

	relos = calloc(n ? n : 1, sizeof(*relos));
	if (!relos)
		return obj_err(e, -ENOMEM, "out of memory");
	c->relos = relos;
	for (size_t i = 0; i < n; i++) {
		struct obj_reloc *r = &relos[c->nr_relos];
		const struct bpf_insn *insn;
		const char *name, *sym_sec;
		GElf_Rel rel;
		GElf_Sym sym;
		u32 type, idx;
		int map;

		if (!gelf_getrel(rel_data, i, &rel))
			return obj_err(e, -EINVAL, "section '%s': relocation #%zu unreadable",
				       c->name, i);
		if (rel.r_offset % BPF_INSN_SZ || rel.r_offset / BPF_INSN_SZ >= c->cnt)
			return obj_err(e, -EINVAL, "section '%s': relocation #%zu at "
				       "invalid offset 0x%llx", c->name, i,
				       (unsigned long long)rel.r_offset);
		if (obj_sym(e, GELF_R_SYM(rel.r_info), &sym))
			return obj_err(e, -EINVAL, "section '%s': relocation #%zu: "
				       "bad symbol index %llu", c->name, i,
				       (unsigned long long)GELF_R_SYM(rel.r_info));
		type = GELF_R_TYPE(rel.r_info);
		name = obj_sym_name(e, &sym);
		idx = rel.r_offset / BPF_INSN_SZ;
		insn = &c->insns[idx];
		r->insn = idx;
		snprintf(r->what, sizeof(r->what), "%s", name);

		if (type != R_BPF_64_64 && type != R_BPF_64_32)
			return obj_err(e, -EINVAL, "section '%s': relocation %s (type %u) "
				       "against '%s' at insn %u", c->name,
				       reloc_type_name(type), type, name, idx);
		if (!is_call_insn(insn) && insn->code != (BPF_LD | BPF_IMM | BPF_DW))
			return obj_err(e, -EINVAL, "section '%s': invalid relo against '%s' "
				       "for insns[%u].code 0x%x", c->name, name, idx,
				       insn->code);
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW) && idx + 1 >= c->cnt)
			return obj_err(e, -EINVAL, "section '%s': ld_imm64 at the end, "
				       "insn %u", c->name, idx);

		if (sym.st_shndx == SHN_UNDEF) {
			u32 off;

			/* __kconfig: the kernel's configuration, in .kconfig;
			 * __ksym: a kernel symbol, which needs the kernel's
			 * BTF or its symbol table
			 */
			r->kind = OBJ_RELO_DATA;
			map = obj_find_kconfig(e, name, &off);
			if (map >= 0 && insn->code == (BPF_LD | BPF_IMM | BPF_DW)) {
				r->map = map;
				r->sym_off = off;
				r->ext = true;
			} else {
				r->refused = "an extern (__ksym, or not in .kconfig): the loader "
					     "resolves only .kconfig externs";
			}
			c->nr_relos++;
			continue;
		}
		if (is_call_insn(insn)) {
			struct obj_code_sec *t = code_sec(e, sym.st_shndx);

			if (e->text < 0 || t != &e->code[e->text])
				return obj_err(e, -EINVAL, "section '%s': bad call relo "
					       "against '%s' outside .text", c->name, name);
			if (sym.st_value % BPF_INSN_SZ)
				return obj_err(e, -EINVAL, "section '%s': bad call relo "
					       "against '%s' at offset %llu", c->name, name,
					       (unsigned long long)sym.st_value);
			r->kind = OBJ_RELO_CALL;
			r->sym_off = sym.st_value;
			c->nr_relos++;
			continue;
		}
		if (sym.st_shndx >= SHN_LORESERVE)
			return obj_err(e, -EINVAL, "section '%s': invalid relo against '%s' "
				       "in special section 0x%x", c->name, name, sym.st_shndx);
		sym_sec = obj_sec_name(e, sym.st_shndx);
		if (code_sec(e, sym.st_shndx)) {
			/* a function's address: a callback (bpf_loop(), timers) */
			r->kind = OBJ_RELO_DATA;
			r->refused = "a function's address (BPF_PSEUDO_FUNC, a callback): "
				     "not supported by this kernel (Linux 5.13)";
			c->nr_relos++;
			continue;
		}
		if (sym.st_shndx == e->maps_shndx || sym.st_shndx == e->legacy_maps_shndx) {
			map = obj_find_map(e->obj, sym.st_shndx, sym.st_value, false);
			if (map < 0)
				return obj_err(e, -EINVAL, "section '%s': map relo failed to "
					       "find map for section '%s', off %llu", c->name,
					       sym_sec ? sym_sec : "?",
					       (unsigned long long)sym.st_value);
			r->kind = OBJ_RELO_MAP;
			r->map = map;
			c->nr_relos++;
			continue;
		}
		map = obj_find_map(e->obj, sym.st_shndx, 0, true);
		if (map < 0)
			return obj_err(e, -EINVAL, "section '%s': bad data relo against '%s' "
				       "in section '%s'", c->name, name, sym_sec ? sym_sec : "?");
		r->kind = OBJ_RELO_DATA;
		r->map = map;
		r->sym_off = sym.st_value;
		c->nr_relos++;
	}
	return 0;
}

static const struct obj_reloc *find_reloc(const struct obj_code_sec *c, u32 idx)
{
	for (u32 i = 0; i < c->nr_relos; i++)
		if (c->relos[i].insn == idx)
			return &c->relos[i];
	return NULL;
}

/* The functions in .text: each named by an STT_FUNC symbol. */
static int collect_subprogs(struct obj_elf *e)
{
	struct obj_code_sec *text = &e->code[e->text];

	e->subprogs = calloc(e->nsyms ? e->nsyms : 1, sizeof(*e->subprogs));
	if (!e->subprogs)
		return obj_err(e, -ENOMEM, "out of memory");
	for (size_t i = 0; i < e->nsyms; i++) {
		GElf_Sym sym;

		if (obj_sym(e, i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    sym.st_shndx != text->shndx)
			continue;
		if (sym.st_value % BPF_INSN_SZ || sym.st_size % BPF_INSN_SZ ||
		    sym.st_value / BPF_INSN_SZ > text->cnt ||
		    sym.st_size / BPF_INSN_SZ > text->cnt - sym.st_value / BPF_INSN_SZ)
			return obj_err(e, -EINVAL, "function '%s' (offset %llu, size %llu) "
				       "does not fit in .text", obj_sym_name(e, &sym),
				       (unsigned long long)sym.st_value,
				       (unsigned long long)sym.st_size);
		e->subprogs[e->nr_subprogs].start = sym.st_value / BPF_INSN_SZ;
		e->subprogs[e->nr_subprogs++].len = sym.st_size / BPF_INSN_SZ;
	}
	return 0;
}

/* ---- programs ---------------------------------------------------------------- */

static int add_prog(struct obj_elf *e, const struct obj_code_sec *c, const char *name,
		    u32 start, u32 len)
{
	struct bpf_object *obj = e->obj;
	struct bpf_object_prog *p, *n;
	const char *sec = c->name;
	int ret;

	n = realloc(obj->progs, (obj->nr_progs + 1) * sizeof(*n));
	if (!n)
		return obj_err(e, -ENOMEM, "out of memory");
	obj->progs = n;
	p = &n[obj->nr_progs++];
	memset(p, 0, sizeof(*p));
	p->fd = -1;
	snprintf(p->name, sizeof(p->name), "%s", name);
	/* SEC("?name"): a program libbpf does not load unless asked to */
	p->autoload = sec[0] != '?';
	snprintf(p->sec_name, sizeof(p->sec_name), "%s", sec + !p->autoload);
	/* An unknown name leaves the type UNSPEC, which no kernel loads:
	 * bpf_object_prepare_prog() says why.
	 */
	ret = bpf_object_sec_def(p->sec_name, &p->type, &p->expected_attach_type);
	if (ret == -ENOTSUP)
		snprintf(p->err, sizeof(p->err), "section '%s': a %s program, which needs "
			 "the kernel's BTF to load: not supported", sec,
			 bpf_object_prog_type_name(p->type) ? : "BTF-typed");

	p->sec_idx = c->shndx;
	p->sec_insn_off = start;
	p->cnt = p->main_cnt = len;
	p->insns = malloc((len ? len : 1) * sizeof(*p->insns));
	if (!p->insns)
		return obj_err(e, -ENOMEM, "out of memory");
	memcpy(p->insns, c->insns + start, len * sizeof(*p->insns));
	return 0;
}

/*
 * bpf_object__add_programs(): every function symbol of a program section
 * is a program (libbpf 1.0; before, one per section). A section without
 * any, as hand-written assembly makes, is one program named after it.
 */
static int collect_progs(struct obj_elf *e)
{
	for (u32 ci = 0; ci < e->nr_code; ci++) {
		const struct obj_code_sec *c = &e->code[ci];
		u32 found = 0;
		int err;

		if ((int)ci == e->text)
			continue;
		for (size_t i = 0; i < e->nsyms; i++) {
			GElf_Sym sym;

			if (obj_sym(e, i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
			    sym.st_shndx != c->shndx)
				continue;
			if (sym.st_value % BPF_INSN_SZ || sym.st_size % BPF_INSN_SZ ||
			    !sym.st_size || sym.st_value / BPF_INSN_SZ > c->cnt ||
			    sym.st_size / BPF_INSN_SZ > c->cnt - sym.st_value / BPF_INSN_SZ)
				return obj_err(e, -EINVAL, "section '%s': program '%s' "
					       "(offset %llu, size %llu) does not fit in it",
					       c->name, obj_sym_name(e, &sym),
					       (unsigned long long)sym.st_value,
					       (unsigned long long)sym.st_size);
			err = add_prog(e, c, obj_sym_name(e, &sym), sym.st_value / BPF_INSN_SZ,
				       sym.st_size / BPF_INSN_SZ);
			if (err)
				return err;
			found++;
		}
		if (!found) {
			err = add_prog(e, c, c->name, 0, c->cnt);
			if (err)
				return err;
		}
	}
	return 0;
}


/* Where a program's instructions came from, chunk by chunk. */
struct chunk {
	u32 out_off, len, sec_off;
	const struct obj_code_sec *sec;
};

struct prog_build {
	struct chunk *chunks;
	u32 nr_chunks;
	u32 *appended;		/* per subprog: out_off + 1, or 0 */
};

static int add_chunk(struct obj_elf *e, struct prog_build *b, u32 out_off, u32 len,
		     u32 sec_off, const struct obj_code_sec *sec)
{
	struct chunk *n = realloc(b->chunks, (b->nr_chunks + 1) * sizeof(*n));

	if (!n)
		return obj_err(e, -ENOMEM, "out of memory");
	b->chunks = n;
	n[b->nr_chunks++] = (struct chunk){ out_off, len, sec_off, sec };
	return 0;
}

static int add_prog_reloc(struct obj_elf *e, struct bpf_object_prog *p,
			  const struct obj_reloc *r, u32 out)
{
	struct bpf_object_reloc *n;

	if (r->refused) {
		if (!p->err[0])
			snprintf(p->err, sizeof(p->err), "program '%s' uses '%s', %s",
				 p->name, r->what, r->refused);
		return 0;
	}
	n = realloc(p->relos, (p->nr_relos + 1) * sizeof(*n));
	if (!n)
		return obj_err(e, -ENOMEM, "out of memory");
	p->relos = n;
	if (r->ext)
		p->insns[out].imm = 0;	/* libbpf: the extern's offset, nothing added */
	n[p->nr_relos++] = (struct bpf_object_reloc){
		.insn = out, .map = r->map,
		.kind = r->kind == OBJ_RELO_MAP ? BPF_PSEUDO_MAP_FD : BPF_PSEUDO_MAP_VALUE,
		.off = r->sym_off,
	};
	return 0;
}

/* The map and CO-RE relocations of a chunk, at their new places. */
static int chunk_relos(struct obj_elf *e, struct bpf_object_prog *p, const struct chunk *ch)
{
	const struct obj_code_sec *c = ch->sec;

	for (u32 i = 0; i < c->nr_core; i++) {
		struct bpf_object_core_relo *n, r = c->core[i];

		if (r.insn < ch->sec_off || r.insn - ch->sec_off >= ch->len)
			continue;
		n = realloc(p->core, (p->nr_core + 1) * sizeof(*n));
		if (!n)
			return obj_err(e, -ENOMEM, "out of memory");
		p->core = n;
		r.insn = ch->out_off + r.insn - ch->sec_off;
		n[p->nr_core++] = r;
	}

	for (u32 i = 0; i < c->nr_relos; i++) {
		const struct obj_reloc *r = &c->relos[i];
		int err;

		if (r->kind == OBJ_RELO_CALL || r->insn < ch->sec_off ||
		    r->insn - ch->sec_off >= ch->len)
			continue;
		err = add_prog_reloc(e, p, r, ch->out_off + r->insn - ch->sec_off);
		if (err)
			return err;
	}
	return 0;
}

/* bpf_object__append_subprog_code(): copy the function behind the program. */
static int append_subprog(struct obj_elf *e, struct bpf_object_prog *p, struct prog_build *b,
			  u32 sp)
{
	const struct obj_code_sec *text = &e->code[e->text];
	const struct obj_subprog *s = &e->subprogs[sp];
	struct bpf_insn *n;
	int err;

	if (s->len > U32_MAX / 2 - p->cnt)
		return obj_err(e, -E2BIG, "program '%s' too large", p->name);
	n = realloc(p->insns, (p->cnt + s->len) * sizeof(*n));
	if (!n)
		return obj_err(e, -ENOMEM, "out of memory");
	p->insns = n;
	memcpy(n + p->cnt, text->insns + s->start, s->len * sizeof(*n));
	b->appended[sp] = p->cnt + 1;
	err = add_chunk(e, b, p->cnt, s->len, s->start, text);
	p->cnt += s->len;
	if (!err)
		err = chunk_relos(e, p, &b->chunks[b->nr_chunks - 1]);
	return err;
}

/*
 * bpf_object__reloc_code(): walk the program, appended code included, and
 * point every bpf-to-bpf call at its callee, appending each callee once.
 *
 * Where is the callee? With a relocation, clang wrote the call against a
 * symbol in .text: a global function's own symbol with imm = -1, or (for a
 * static function) the .text section symbol with imm = callee's start - 1.
 * Either way the callee starts at sym_off / 8 + imm + 1 in .text. Without
 * one, the call is from .text to .text and imm is already relative.
 * Once appended, the call becomes imm = callee's output index - index - 1.
 */
static int reloc_calls(struct obj_elf *e, struct bpf_object_prog *p, struct prog_build *b)
{
	u32 text_cnt = e->text >= 0 ? e->code[e->text].cnt : 0;

	for (u32 i = 0; i < p->cnt; i++) {
		struct bpf_insn *insn = &p->insns[i];
		const struct chunk *c = NULL;
		const struct obj_reloc *r;
		u32 sec_idx, sp;
		s64 target;
		int err;

		if (!is_call_insn(insn))
			continue;
		for (u32 k = 0; k < b->nr_chunks && !c; k++)
			if (i >= b->chunks[k].out_off && i - b->chunks[k].out_off < b->chunks[k].len)
				c = &b->chunks[k];
		sec_idx = c->sec_off + (i - c->out_off);
		r = find_reloc(c->sec, sec_idx);

		if (r && r->kind == OBJ_RELO_CALL) {
			target = (s64)(r->sym_off / BPF_INSN_SZ) + insn->imm + 1;
		} else if (e->text >= 0 && c->sec == &e->code[e->text]) {
			target = (s64)sec_idx + insn->imm + 1;
		} else {
			/* libbpf: "sub-programs should be in .text section" */
			snprintf(p->err, sizeof(p->err), "program '%s': insn %u calls pc%+d "
				 "without a relocation into .text", p->name, i, insn->imm);
			return 0;
		}
		if (target < 0 || target >= text_cnt)
			return obj_err(e, -EINVAL, "program '%s': insn %u calls .text insn "
				       "%lld, outside .text (%u insns)", p->name, i,
				       (long long)target, text_cnt);
		for (sp = 0; sp < e->nr_subprogs; sp++)
			if (e->subprogs[sp].start == target)
				break;
		if (sp == e->nr_subprogs)
			return obj_err(e, -EINVAL, "program '%s': insn %u calls .text insn "
				       "%lld, where no function starts", p->name, i,
				       (long long)target);
		if (!b->appended[sp]) {
			err = append_subprog(e, p, b, sp);
			if (err)
				return err;
			insn = &p->insns[i];	/* realloc moved it */
		}
		insn->imm = (s32)(b->appended[sp] - 1) - (s32)i - 1;
	}
	return 0;
}

/* One program's instructions: its function, the .text functions it calls,
 * and its map relocations at their places.
 */
static int build_prog(struct obj_elf *e, struct bpf_object_prog *p)
{
	struct obj_code_sec *c = code_sec(e, p->sec_idx);
	struct prog_build b = { 0 };
	int err;

	if (!c)
		return obj_err(e, -EINVAL, "program '%s': its section is gone", p->name);
	b.appended = calloc(e->nr_subprogs ? e->nr_subprogs : 1, sizeof(*b.appended));
	if (!b.appended)
		return obj_err(e, -ENOMEM, "out of memory");
	err = add_chunk(e, &b, 0, p->main_cnt, p->sec_insn_off, c);
	if (!err)
		err = chunk_relos(e, p, &b.chunks[0]);
	if (!err)
		err = reloc_calls(e, p, &b);
	free(b.chunks);
	free(b.appended);
	return err;
}

/* ---- entry points --------------------------------------------------------- */

static int open_obj(struct obj_elf *e)
{
	struct bpf_object *obj = e->obj;
	int err;

	e->text = -1;
	err = elf_init(e);
	if (!err)
		err = elf_collect(e);
	if (!err)
		err = obj_init_maps(e);
	for (u32 i = 0; !err && i < e->nr_code; i++)
		if (e->code[i].rel_data)
			err = collect_relos(e, &e->code[i]);
	if (!err && e->text >= 0)
		err = collect_subprogs(e);
	if (!err)
		err = collect_progs(e);
	if (!err && obj->nr_progs)
		qsort(obj->progs, obj->nr_progs, sizeof(*obj->progs), cmp_progs);
	if (!err)
		err = obj_collect_core_relos(e);
	for (u32 i = 0; !err && i < obj->nr_progs; i++)
		err = build_prog(e, &obj->progs[i]);
	if (!err)
		err = obj_collect_map_inits(e);
	return err;
}

static void obj_elf_release(struct obj_elf *e)
{
	if (e->elf)
		elf_end(e->elf);
	free(e->image);
	for (u32 i = 0; i < e->nr_code; i++) {
		free(e->code[i].relos);
		free(e->code[i].core);
	}
	free(e->code);
	free(e->subprogs);
	free(e->kcfg);
}

int bpf_object_open_mem(const void *buf, size_t size, const char *name,
			const struct bpf_object_kernel *kern, struct bpf_object **objp,
			char *errbuf, size_t errlen)
{
	struct obj_elf e = { .size = size, .err = errbuf, .errlen = errlen };
	struct bpf_object *obj;
	const char *base;
	int err;

	*objp = NULL;
	if (errbuf && errlen)
		errbuf[0] = '\0';
	obj = calloc(1, sizeof(*obj));
	e.image = malloc(size ? size : 1);
	if (!obj || !e.image) {
		free(obj);
		free(e.image);
		return obj_err(&e, -ENOMEM, "out of memory");
	}
	memcpy(e.image, buf, size);
	e.obj = obj;
	obj->kern = kern;
	/* libbpf: the file's name up to its first '.' */
	base = name ? strrchr(name, '/') : NULL;
	base = base ? base + 1 : name ? name : "";
	snprintf(obj->name, sizeof(obj->name), "%.*s", (int)strcspn(base, "."), base);

	err = open_obj(&e);
	obj_elf_release(&e);
	if (err) {
		bpf_object_close(obj);
		return err;
	}
	*objp = obj;
	return 0;
}

int bpf_object_open_file(const char *path, const struct bpf_object_kernel *kern,
			 struct bpf_object **objp, char *errbuf, size_t errlen)
{
	struct stat st;
	void *buf = NULL;
	ssize_t n;
	int fd, err;

	*objp = NULL;
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
	err = bpf_object_open_mem(buf, st.st_size, path, kern, objp, errbuf, errlen);
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

void bpf_object_close(struct bpf_object *obj)
{
	if (!obj)
		return;
	for (u32 i = 0; i < obj->nr_progs; i++) {
		struct bpf_object_prog *p = &obj->progs[i];

		if (p->fd >= 0 && obj->kern && obj->kern->close)
			obj->kern->close(p->fd);
		free(p->insns);
		free(p->relos);
		free(p->core);
	}
	for (u32 i = 0; i < obj->nr_maps; i++) {
		struct bpf_object_map *m = &obj->maps[i];

		if (m->fd >= 0 && obj->kern && obj->kern->close)
			obj->kern->close(m->fd);
		free(m->data);
		free(m->inits);
		free(m->inner);
	}
	free(obj->progs);
	free(obj->maps);
	btf__free(obj->btf);
	free(obj);
}

struct bpf_object_prog *bpf_object_find_prog(struct bpf_object *obj, const char *name)
{
	struct bpf_object_prog *found = NULL;

	for (u32 i = 0; i < obj->nr_progs; i++)
		if (!strcmp(obj->progs[i].name, name))
			return &obj->progs[i];
	for (u32 i = 0; i < obj->nr_progs; i++) {
		if (strcmp(obj->progs[i].sec_name, name))
			continue;
		if (found)
			return NULL;	/* two programs in that section: name one */
		found = &obj->progs[i];
	}
	return found;
}
