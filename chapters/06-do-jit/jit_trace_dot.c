// SPDX-License-Identifier: GPL-2.0
/*
 * The JIT's passes as a Graphviz table, from the trace bpf_int_jit_compile()
 * leaves in prog->aux->jit_trace. Not from the kernel, which keeps no record
 * of its passes; the chapter's diagrams and the command-line tool draw with it.
 *
 * One row per pass, one column per jump: what displacement the jump measured
 * in that pass, and so which encoding it got (rel8 or rel32) and how many
 * bytes the whole BPF instruction took. A cell where a jump shrinks is
 * highlighted, and says which jumps' shrinking in the pass before brought it
 * within rel8's reach: the cascade that makes the loop take several passes.
 * A program without jumps gets one column per instruction (its length).
 * More than a handful of columns and the cells keep only the displacement,
 * coloured by encoding, so that a staircase of twenty jumps stays one table.
 *
 * Only sizes, displacements and instruction numbers appear, never
 * addresses, so the output is the same on every run and can be diffed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_jit_comp.h"
#include "disasm.h"
#include "dot.h"

#define MAX_COLS	24	/* wider than this, only jumps that changed, then a cut */
#define VERBOSE_COLS	8	/* up to this many, cells spell everything out */

/* Cell colours: the encoding, and what happened in this pass. */
#define BG_REL32	"#ffffff"
#define BG_REL8		"#d9f0d3"
#define BG_SHRINK	"#fdb863"
#define BG_GROW		"#f4a6a6"
#define BG_PADDED	"#c6dbef"
#define BG_HEAD		"#eeeeee"

struct table {
	const struct bpf_jit_trace *t;
	u32 cols[MAX_COLS];
	u32 ncols;
	u32 left_out;		/* columns that did not fit */
	bool jumps;		/* columns are jumps (else: every instruction) */
	bool verbose;
	FILE *f;
};

static bool is_ld_imm64(const struct bpf_jit_trace *t, u32 k)
{
	return t->insns[k].code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* Bytes insn k took in row r of pass_addrs (0: the estimate, p + 1: pass p). */
static int len_in_row(const struct bpf_jit_trace *t, u32 r, u32 k)
{
	const u32 *a = t->pass_addrs + (size_t)r * (t->insn_cnt + 1);

	return a[k + (is_ld_imm64(t, k) ? 2 : 1)] - a[k];
}

static bool jump_in(const struct bpf_jit_trace *t, u32 p, u32 k, struct bpf_jit_jump *j)
{
	return bpf_jit_trace_jump(t, p, k, j);
}

static bool is_jump(const struct bpf_jit_trace *t, u32 k)
{
	struct bpf_jit_jump j;

	for (u32 p = 0; p < t->passes; p++)
		if (jump_in(t, p, k, &j))
			return true;
	return false;
}

/* Did insn k's encoding change from pass p - 1 to pass p? +1 shrank, -1 grew. */
static int changed(const struct bpf_jit_trace *t, u32 p, u32 k)
{
	struct bpf_jit_jump a, b;

	if (!p || !jump_in(t, p - 1, k, &a) || !jump_in(t, p, k, &b) || !strcmp(a.form, b.form))
		return 0;
	if (!strcmp(a.form, "rel32") || !strcmp(b.form, "removed"))
		return 1;
	return -1;
}

/* What a jump's cell shows, and in which colour. */
enum cell_kind { CELL_NONE, CELL_REL32, CELL_REL8, CELL_SHRINK, CELL_PADDED, CELL_GROW };

static const char *const cell_bg[] = {
	[CELL_NONE] = BG_REL32, [CELL_REL32] = BG_REL32, [CELL_REL8] = BG_REL8,
	[CELL_SHRINK] = BG_SHRINK, [CELL_PADDED] = BG_PADDED, [CELL_GROW] = BG_GROW,
};

static enum cell_kind cell_kind(const struct bpf_jit_trace *t, u32 p, u32 k,
				struct bpf_jit_jump *j)
{
	int ch;

	if (!jump_in(t, p, k, j))
		return CELL_NONE;
	ch = changed(t, p, k);
	if (j->nops)
		return CELL_PADDED;	/* shrunk, and padded back to its old length */
	if (ch > 0)
		return CELL_SHRINK;
	if (ch < 0)
		return CELL_GROW;
	return strcmp(j->form, "rel32") ? CELL_REL8 : CELL_REL32;
}

/* Which columns to draw: every jump, or every instruction if there is none. */
static void choose_columns(struct table *tb)
{
	const struct bpf_jit_trace *t = tb->t;
	bool only_changed;
	u32 k, p, n = 0;

	for (k = 0; k < t->insn_cnt; k++)
		n += is_jump(t, k);
	tb->jumps = n > 0;
	only_changed = n > MAX_COLS;
	for (k = 0; k < t->insn_cnt; k++) {
		bool take = tb->jumps ? is_jump(t, k) : true;

		if (take && only_changed) {
			take = false;
			for (p = 1; p < t->passes; p++)
				take |= changed(t, p, k) != 0;
		}
		if (take) {
			if (tb->ncols < MAX_COLS)
				tb->cols[tb->ncols++] = k;
			else
				tb->left_out++;
		}
		if (is_ld_imm64(t, k))
			k++;
	}
	tb->verbose = tb->ncols <= VERBOSE_COLS;
}

static void td(struct table *tb, const char *attrs, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* <TD attrs>text</TD>, the text escaped; fmt's "\n" become line breaks. */
static void td(struct table *tb, const char *attrs, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(tb->f, "<TD%s%s>", *attrs ? " " : "", attrs);
	dot_html_text(tb->f, buf);
	fputs("</TD>", tb->f);
}

/*
 * The jumps whose change of length moved insn k into rel8 range in pass p:
 * those inside its span that changed in the pass before (the lengths it
 * measured then), and for a backward jump those before its target that
 * changed in this pass (its target's start is measured in this pass).
 * Writes "pulled in by insn 18" or the like into buf. In pass 1 the cause
 * is always the same: pass 0 measured against the estimate.
 */
static void pulled_by(const struct bpf_jit_trace *t, u32 p, u32 k,
		      const struct bpf_jit_jump *j, char *buf, size_t size)
{
	u32 who[4], n = 0, m, lo, hi;
	size_t at;

	buf[0] = '\0';
	if (p == 1) {
		/* pass 0 measured against the estimate: ahead, or its own end */
		snprintf(buf, size, "measured, not estimated");
		return;
	}
	lo = j->target > (int)k ? k + 1 : (u32)j->target;
	hi = j->target > (int)k ? (u32)j->target : k;
	for (m = 0; m < t->insn_cnt; m++) {
		bool in_span = m >= lo && m < hi && m != k;
		bool before_target = j->target <= (int)k && m < (u32)j->target;
		bool moved = (in_span && p >= 1 && len_in_row(t, p, m) != len_in_row(t, p - 1, m)) ||
			     (before_target && len_in_row(t, p + 1, m) != len_in_row(t, p, m));

		if (moved && is_jump(t, m)) {
			if (n < ARRAY_SIZE(who))
				who[n] = m;
			n++;
		}
		if (is_ld_imm64(t, m))
			m++;
	}
	if (!n)
		return;
	if (n > ARRAY_SIZE(who)) {
		snprintf(buf, size, "pulled in by %u jumps", n);
		return;
	}
	at = snprintf(buf, size, "pulled in by insn%s", n > 1 ? "s" : "");
	for (m = 0; m < n && at < size; m++)
		at += snprintf(buf + at, size - at, "%s %u", m ? "," : "", who[m]);
}

static void header_row(struct table *tb)
{
	const struct bpf_jit_trace *t = tb->t;
	char text[128];

	fputs("<TR>", tb->f);
	td(tb, "BGCOLOR=\"" BG_HEAD "\"", "%s", tb->jumps ? "jump at insn:" : "insn:");
	if (!tb->jumps)
		td(tb, "BGCOLOR=\"" BG_HEAD "\"", "prologue");
	for (u32 c = 0; c < tb->ncols; c++) {
		u32 k = tb->cols[c];
		struct bpf_jit_jump j;

		if (!tb->verbose) {
			td(tb, "BGCOLOR=\"" BG_HEAD "\"", "%u", k);
			continue;
		}
		bpf_insn_snprintf(text, sizeof(text), &t->insns[k]);
		if (tb->jumps && jump_in(t, 0, k, &j) && j.cmp_len)
			td(tb, "BGCOLOR=\"" BG_HEAD "\"", "%u\n%s\nto insn %d\ncompare %d B + jcc",
			   k, text, j.target, j.cmp_len);
		else if (tb->jumps && jump_in(t, 0, k, &j))
			td(tb, "BGCOLOR=\"" BG_HEAD "\"", "%u\n%s\nto insn %d\njmp", k, text, j.target);
		else
			td(tb, "BGCOLOR=\"" BG_HEAD "\"", "%u\n%s", k, text);
	}
	td(tb, "BGCOLOR=\"" BG_HEAD "\"", "proglen");
	td(tb, "BGCOLOR=\"" BG_HEAD "\" ALIGN=\"LEFT\"", "what happened");
	fputs("</TR>\n", tb->f);
}

static void estimate_row(struct table *tb)
{
	const struct bpf_jit_trace *t = tb->t;

	fputs("<TR>", tb->f);
	td(tb, "", "estimate");
	if (!tb->jumps)
		td(tb, "", "64 B");
	for (u32 c = 0; c < tb->ncols; c++)
		td(tb, "", "64 B");
	td(tb, "ALIGN=\"RIGHT\"", "%u", 64 * (t->insn_cnt + 1));
	td(tb, "ALIGN=\"LEFT\"", "64 bytes for each instruction and the prologue");
	fputs("</TR>\n", tb->f);
}

/* One jump in one pass. */
static void jump_cell(struct table *tb, u32 p, u32 k)
{
	const struct bpf_jit_trace *t = tb->t;
	const char *b = "", *eb = "";
	struct bpf_jit_jump j;
	char why[96] = "", attrs[192];
	enum cell_kind kind = cell_kind(t, p, k, &j);
	int ch;

	if (kind == CELL_NONE) {
		td(tb, "", "-");
		return;
	}
	ch = changed(t, p, k);
	if (ch > 0)
		pulled_by(t, p, k, &j, why, sizeof(why));
	snprintf(attrs, sizeof(attrs), "BGCOLOR=\"%s\" ALIGN=\"RIGHT\"", cell_bg[kind]);
	if (ch) {
		b = "<B>";
		eb = "</B>";
	}
	fprintf(tb->f, "<TD %s>%s", attrs, b);
	if (!tb->verbose) {
		fprintf(tb->f, "%+lld", (long long)j.offset);
	} else {
		char text[160];

		if (j.nops)
			snprintf(text, sizeof(text), "%+lld\n%s + %d B of NOPs, %d B%s%s",
				 (long long)j.offset, j.form, j.nops, j.len, *why ? "\n" : "", why);
		else
			snprintf(text, sizeof(text), "%+lld\n%s, %d B%s%s", (long long)j.offset,
				 j.form, j.len, *why ? "\n" : "", why);
		dot_html_text(tb->f, text);
	}
	fprintf(tb->f, "%s</TD>", eb);
}

/* What the last column says about pass p. */
static void pass_note(struct table *tb, u32 p, char *buf, size_t size)
{
	const struct bpf_jit_trace *t = tb->t;
	u32 shrank = 0, padded = 0, first = 0, k;
	struct bpf_jit_jump j;
	size_t at = 0;

	buf[0] = '\0';
	for (k = 0; k < t->insn_cnt && t->insns; k++) {
		if (changed(t, p, k) > 0 && jump_in(t, p, k, &j)) {
			if (!shrank++)
				first = k;
			padded += j.nops > 0;
		}
		if (is_ld_imm64(t, k))
			k++;
	}
	if (p == 0)
		at += snprintf(buf + at, size - at, tb->jumps ?
			       "everything measured; jumps ahead against the estimate" :
			       "everything measured");
	else if (shrank == 1 && padded)
		at += snprintf(buf + at, size - at, "insn %u: rel8, padded back to %d B", first,
			       len_in_row(t, p + 1, first));
	else if (shrank == 1)
		at += snprintf(buf + at, size - at, "insn %u shrinks (%d -> %d B)", first,
			       len_in_row(t, p, first), len_in_row(t, p + 1, first));
	else if (shrank)
		at += snprintf(buf + at, size - at, "%u jumps shrink%s", shrank,
			       padded ? ", padded back to their old lengths" : "");
	if (p == PADDING_PASSES && t->padded && at < size)
		at += snprintf(buf + at, size - at, "%spadding from this pass on", at ? "\n" : "");
	if (t->image[p] && at < size)
		at += snprintf(buf + at, size - at, "%swritten into the image", at ? "\n" : "");
	else if (p && t->proglen[p] && t->proglen[p] == t->proglen[p - 1] && p + 1 < t->passes &&
		 t->image[p + 1] && at < size)
		at += snprintf(buf + at, size - at, "%ssame size as pass %u: allocate", at ? "\n" : "", p - 1);
	if (!t->proglen[p] && at < size)
		snprintf(buf + at, size - at, "%sfailed", at ? "\n" : "");
}

static void pass_row(struct table *tb, u32 p)
{
	const struct bpf_jit_trace *t = tb->t;
	char note[160];

	fputs("<TR>", tb->f);
	td(tb, "", "pass %u", p);
	if (!tb->jumps)
		td(tb, "ALIGN=\"RIGHT\"", "%u B", t->pass_addrs[(size_t)(p + 1) * (t->insn_cnt + 1)]);
	for (u32 c = 0; c < tb->ncols; c++) {
		u32 k = tb->cols[c];

		if (tb->jumps)
			jump_cell(tb, p, k);
		else
			td(tb, "ALIGN=\"RIGHT\"", "%d B", len_in_row(t, p + 1, k));
	}
	if (p && t->proglen[p] && t->proglen[p - 1] && t->proglen[p] != t->proglen[p - 1])
		td(tb, "ALIGN=\"RIGHT\"", "%u (%+d)", t->proglen[p],
		   (int)t->proglen[p] - (int)t->proglen[p - 1]);
	else
		td(tb, "ALIGN=\"RIGHT\"", "%u", t->proglen[p]);
	pass_note(tb, p, note, sizeof(note));
	td(tb, "ALIGN=\"LEFT\" BALIGN=\"LEFT\"", "%s", note);
	fputs("</TR>\n", tb->f);
}

/*
 * A row of one cell across the table, its text wrapped at about 100
 * characters so that a legend does not set the table's width.
 */
static void wide_row(struct table *tb, const char *text)
{
	char attrs[64], wrapped[1024];
	size_t n = 0, line = 0;

	for (const char *s = text; *s && n + 1 < sizeof(wrapped); s++, line++) {
		if (*s == ' ' && line >= 90) {
			wrapped[n++] = '\n';
			line = 0;
			continue;
		}
		wrapped[n++] = *s;
	}
	wrapped[n] = '\0';
	text = wrapped;

	snprintf(attrs, sizeof(attrs), "COLSPAN=\"%u\" ALIGN=\"LEFT\" BALIGN=\"LEFT\"",
		 tb->ncols + 3 + !tb->jumps);
	fputs("<TR>", tb->f);
	td(tb, attrs, "%s", text);
	fputs("</TR>\n", tb->f);
}

static void legend(struct table *tb)
{
	const struct bpf_jit_trace *t = tb->t;
	char text[768];

	if (!t->converged) {
		snprintf(text, sizeof(text), "No image: %s. The program stays with the interpreter.",
			 t->fallback ? t->fallback : "the loop ended");
		wide_row(tb, text);
	}
	if (!tb->jumps) {
		wide_row(tb, "B: bytes of x86-64 code for the BPF instruction in that pass. No "
			 "jumps: nothing can change length, and the second pass that finds the "
			 "first one's size allocates the image.");
		return;
	}
	snprintf(text, sizeof(text),
		 "Each cell: the jump's displacement in that pass, from its end to its target's "
		 "start (targets behind as this pass placed them, targets ahead as the pass "
		 "before did). rel8 (2 B) holds -128..127, rel32 (jcc 6 B, jmp 5 B) the rest%s.",
		 tb->verbose ? "; B: the whole BPF instruction, compare included" : "");
	wide_row(tb, text);
	{
		bool seen[CELL_GROW + 1] = { false };
		struct bpf_jit_jump j;
		size_t at = 0;

		for (u32 p = 0; p < t->passes; p++)
			for (u32 c = 0; c < tb->ncols; c++)
				seen[cell_kind(t, p, tb->cols[c], &j)] = true;
		text[0] = '\0';
		if (seen[CELL_REL32])
			at += snprintf(text + at, sizeof(text) - at, "White: rel32. ");
		if (seen[CELL_REL8] && at < sizeof(text))
			at += snprintf(text + at, sizeof(text) - at, "Green: rel8. ");
		if (seen[CELL_SHRINK] && at < sizeof(text))
			at += snprintf(text + at, sizeof(text) - at, "Orange: shrinks in this pass, %s. ",
				       tb->verbose ? "with the jumps whose shrinking brought it within reach"
						   : "pulled in by the one that shrank in the row above");
		if (seen[CELL_PADDED] && at < sizeof(text))
			at += snprintf(text + at, sizeof(text) - at,
				       "Blue: rel8, padded with NOPs to its old length (Linux 5.12). ");
		if (seen[CELL_GROW] && at < sizeof(text))
			snprintf(text + at, sizeof(text) - at, "Red: grows back. ");
		wide_row(tb, text);
	}
	if (tb->left_out || tb->ncols < t->insn_cnt) {
		u32 jumps = 0;

		for (u32 k = 0; k < t->insn_cnt; k++)
			jumps += is_jump(t, k);
		if (jumps > tb->ncols) {
			snprintf(text, sizeof(text), "%u of %u jumps shown%s.", tb->ncols, jumps,
				 tb->left_out ? "" : ": the ones whose encoding changed");
			wide_row(tb, text);
		}
	}
}

void bpf_jit_trace_dot(FILE *f, const char *name, const char *title,
		       const struct bpf_jit_trace *t)
{
	struct table tb = { .t = t };
	char *html = NULL;
	size_t size = 0;
	struct dot d;

	dot_open(&d, f, name, true);
	dot_graph_attr(&d, "label", title);
	dot_graph_attr(&d, "labelloc", "t");
	dot_defaults(&d, "node", (const char *[]){ "shape", "plain", "fontname", "monospace",
						   "fontsize", "10", NULL });
	tb.f = open_memstream(&html, &size);
	if (!tb.f) {
		dot_close(&d);
		return;
	}
	if (t->insns && t->pass_addrs)
		choose_columns(&tb);
	else
		tb.jumps = true;	/* no columns: sizes only */
	fputs("<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\">\n", tb.f);
	header_row(&tb);
	estimate_row(&tb);
	for (u32 p = 0; p < t->passes && p < BPF_JIT_TRACE_MAX_PASSES; p++)
		pass_row(&tb, p);
	if (!t->insns)
		wide_row(&tb, "A program this long keeps only its sizes in the trace.");
	legend(&tb);
	fputs("</TABLE>", tb.f);
	fclose(tb.f);
	dot_node_html(&d, "passes", html, NULL);
	free(html);
	dot_close(&d);
}
