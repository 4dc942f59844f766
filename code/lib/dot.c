// SPDX-License-Identifier: GPL-2.0
/*
 * A deterministic Graphviz DOT writer (see dot.h). Not from the kernel: the
 * book's diagrams are generated from real runs of the code and diffed as
 * text, which only works if the same calls always give the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "dot.h"

static void indent(struct dot *d)
{
	for (int i = 0; i < d->depth; i++)
		fputc('\t', d->f);
}

/* The inside of a quoted string; newlines as \l only in left-justified labels. */
static void write_escaped(struct dot *d, const char *s, bool label)
{
	bool left = label && d->left_justify;
	const char *nl = left ? "\\l" : "\\n";
	size_t len = strlen(s);

	for (const char *p = s; *p; p++) {
		unsigned char c = *p;

		if (c == '"' || c == '\\')
			fprintf(d->f, "\\%c", c);
		else if (c == '\n')
			fputs(nl, d->f);
		else if (c < 0x20 || c == 0x7f)
			fputc(' ', d->f);
		else
			fputc(c, d->f);
	}
	if (left && len && s[len - 1] != '\n')
		fputs(nl, d->f);
}

void dot_write_escaped(struct dot *d, const char *s)
{
	write_escaped(d, s, true);
}

static void write_quoted(struct dot *d, const char *s)
{
	fputc('"', d->f);
	write_escaped(d, s, false);
	fputc('"', d->f);
}

/* Only labels are multi-line text that may be left-justified. */
static void write_value(struct dot *d, const char *name, const char *value)
{
	fputc('"', d->f);
	write_escaped(d, value, !strcmp(name, "label") || !strcmp(name, "xlabel"));
	fputc('"', d->f);
}

struct attr {
	const char *name, *value;
};

static int attr_cmp(const void *a, const void *b)
{
	return strcmp(((const struct attr *)a)->name,
		      ((const struct attr *)b)->name);
}

/*
 * `a="1", b="2"`: the label (if any) and attrs, sorted by name so the text
 * does not depend on the order a caller happened to list them in. first:
 * nothing is written before them; else each is preceded by ", ". Returns
 * how many were written.
 */
static size_t write_attr_list(struct dot *d, const char *label,
			      const char *const *attrs, bool first)
{
	struct attr a[32];
	size_t n = 0;

	if (label)
		a[n++] = (struct attr){ "label", label };
	for (; attrs && attrs[0] && attrs[1] && n < sizeof(a) / sizeof(a[0]); attrs += 2)
		a[n++] = (struct attr){ attrs[0], attrs[1] };
	qsort(a, n, sizeof(a[0]), attr_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i || !first)
			fputs(", ", d->f);
		fprintf(d->f, "%s=", a[i].name);
		write_value(d, a[i].name, a[i].value);
	}
	return n;
}

/* ` [a="1", b="2"]`, or nothing if there are none. */
static void write_attrs(struct dot *d, const char *label,
			const char *const *attrs)
{
	if (!label && !(attrs && attrs[0] && attrs[1]))
		return;
	fputs(" [", d->f);
	write_attr_list(d, label, attrs, true);
	fputc(']', d->f);
}

void dot_open(struct dot *d, FILE *f, const char *name, bool directed)
{
	memset(d, 0, sizeof(*d));
	d->f = f;
	d->directed = directed;
	fputs(directed ? "digraph " : "graph ", f);
	write_quoted(d, name);
	fputs(" {\n", f);
	d->depth = 1;
}

void dot_graph_attr(struct dot *d, const char *name, const char *value)
{
	indent(d);
	fprintf(d->f, "%s=", name);
	write_value(d, name, value);
	fputs(";\n", d->f);
}

void dot_defaults(struct dot *d, const char *what, const char *const *attrs)
{
	indent(d);
	fputs(what, d->f);
	write_attrs(d, NULL, attrs);
	fputs(";\n", d->f);
}

void dot_node(struct dot *d, const char *id, const char *label,
	      const char *const *attrs)
{
	indent(d);
	write_quoted(d, id);
	write_attrs(d, label, attrs);
	fputs(";\n", d->f);
}

void dot_node_html(struct dot *d, const char *id, const char *html,
		   const char *const *attrs)
{
	indent(d);
	write_quoted(d, id);
	fprintf(d->f, " [label=<%s>", html);
	write_attr_list(d, NULL, attrs, false);
	fputs("];\n", d->f);
}

void dot_html_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\n': fputs("<BR/>", f); break;
		default:
			fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
		}
	}
}

void dot_edge(struct dot *d, const char *from, const char *to,
	      const char *label, const char *const *attrs)
{
	indent(d);
	write_quoted(d, from);
	fputs(d->directed ? " -> " : " -- ", d->f);
	write_quoted(d, to);
	write_attrs(d, label, attrs);
	fputs(";\n", d->f);
}

void dot_subgraph(struct dot *d, const char *name, const char *label)
{
	if (d->depth <= 0)
		return;
	indent(d);
	fputs("subgraph ", d->f);
	write_quoted(d, name);
	fputs(" {\n", d->f);
	d->depth++;
	if (label)
		dot_graph_attr(d, "label", label);
}

void dot_close(struct dot *d)
{
	if (d->depth <= 0)
		return;
	d->depth--;
	indent(d);
	fputs("}\n", d->f);
}
