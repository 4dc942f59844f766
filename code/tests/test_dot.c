// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the DOT writer (code/lib/dot.c): the exact text for each call,
 * since the book's diagrams are compared as text.
 */
#include <stdlib.h>
#include <string.h>

#include "dot.h"
#include "linux/kernel.h"
#include "ground_tests.h"

struct memfile {
	FILE	*f;
	char	*text;
	size_t	size;
};

static FILE *mem_open(struct memfile *m)
{
	m->text = NULL;
	m->size = 0;
	m->f = open_memstream(&m->text, &m->size);
	ck_assert_ptr_nonnull(m->f);
	return m->f;
}

/* Close, compare with want, free. */
static void mem_expect(struct memfile *m, const char *what, const char *want)
{
	ck_assert_int_eq(fclose(m->f), 0);
	ck_assert_msg(!strcmp(m->text, want), "%s: expected\n%s\ngot\n%s",
		      what, want, m->text);
	free(m->text);
}

START_TEST(dot_small_digraph)
{
	struct memfile m;
	struct dot d;

	dot_open(&d, mem_open(&m), "cfg", true);
	dot_graph_attr(&d, "rankdir", "TB");
	dot_defaults(&d, "node", (const char *[]){ "shape", "box", "fontname", "monospace", NULL });
	dot_node(&d, "b0", "r0 = 0\nexit", NULL);
	dot_node(&d, "b1", NULL, (const char *[]){ "style", "dashed", NULL });
	dot_edge(&d, "b0", "b1", NULL, NULL);
	dot_edge(&d, "b0", "b1", "taken", (const char *[]){ "color", "red", NULL });
	dot_close(&d);
	mem_expect(&m, "digraph",
		   "digraph \"cfg\" {\n"
		   "\trankdir=\"TB\";\n"
		   "\tnode [fontname=\"monospace\", shape=\"box\"];\n"
		   "\t\"b0\" [label=\"r0 = 0\\nexit\"];\n"
		   "\t\"b1\" [style=\"dashed\"];\n"
		   "\t\"b0\" -> \"b1\";\n"
		   "\t\"b0\" -> \"b1\" [color=\"red\", label=\"taken\"];\n"
		   "}\n");
}
END_TEST

START_TEST(dot_html_label)
{
	struct memfile m;
	struct dot d;
	FILE *f;

	dot_open(&d, mem_open(&m), "t", true);
	dot_node_html(&d, "n", "<TABLE><TR><TD>a</TD></TR></TABLE>",
		      (const char *[]){ "shape", "plain", "fontname", "monospace", NULL });
	dot_node_html(&d, "m", "<B>x</B>", NULL);
	dot_close(&d);
	mem_expect(&m, "html label",
		   "digraph \"t\" {\n"
		   "\t\"n\" [label=<<TABLE><TR><TD>a</TD></TR></TABLE>>, fontname=\"monospace\", shape=\"plain\"];\n"
		   "\t\"m\" [label=<<B>x</B>>];\n"
		   "}\n");

	f = mem_open(&m);
	dot_html_text(f, "if r2 > r3 & 1 \"x\"\nnext\tend");
	mem_expect(&m, "html text", "if r2 &gt; r3 &amp; 1 &quot;x&quot;<BR/>next end");
}
END_TEST

START_TEST(dot_undirected_and_clusters)
{
	struct memfile m;
	struct dot d;

	dot_open(&d, mem_open(&m), "g", false);
	dot_subgraph(&d, "cluster_main", "main()");
	dot_node(&d, "a", "A", NULL);
	dot_subgraph(&d, "inner", NULL);
	dot_node(&d, "b", "B", NULL);
	dot_close(&d);
	dot_close(&d);
	dot_edge(&d, "a", "b", NULL, NULL);
	dot_close(&d);
	dot_close(&d);		/* one too many: nothing */
	mem_expect(&m, "clusters",
		   "graph \"g\" {\n"
		   "\tsubgraph \"cluster_main\" {\n"
		   "\t\tlabel=\"main()\";\n"
		   "\t\t\"a\" [label=\"A\"];\n"
		   "\t\tsubgraph \"inner\" {\n"
		   "\t\t\t\"b\" [label=\"B\"];\n"
		   "\t\t}\n"
		   "\t}\n"
		   "\t\"a\" -- \"b\";\n"
		   "}\n");
}
END_TEST

START_TEST(dot_write_escaped_table)
{
	static const struct {
		const char *in;
		bool left;
		const char *out;
	} rows[] = {
		{ "plain", false,		"plain" },
		{ "", false,			"" },
		{ "say \"hi\"", false,		"say \\\"hi\\\"" },
		{ "a\\b", false,		"a\\\\b" },
		{ "\\\"", false,		"\\\\\\\"" },
		{ "l1\nl2\n", false,		"l1\\nl2\\n" },
		{ "tab\there\r", false,		"tab here " },
		{ "{ } < > |", false,		"{ } < > |" },
		{ "r1 = *(u64 *)(r10 -8)", false, "r1 = *(u64 *)(r10 -8)" },
		/* left-justified: every line, the last one too */
		{ "l1\nl2", true,		"l1\\ll2\\l" },
		{ "l1\nl2\n", true,		"l1\\ll2\\l" },
		{ "", true,			"" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct memfile m;
		struct dot d = { .f = mem_open(&m), .left_justify = rows[i].left };
		char what[64];

		dot_write_escaped(&d, rows[i].in);
		snprintf(what, sizeof(what), "row %zu%s", i, rows[i].left ? " (left)" : "");
		mem_expect(&m, what, rows[i].out);
	}
}
END_TEST

START_TEST(dot_ids_and_values_escaped)
{
	struct memfile m;
	struct dot d;

	/* Quotes in ids, names and values cannot break out of the string. */
	dot_open(&d, mem_open(&m), "a\"b", true);
	dot_node(&d, "n\"1", "x", (const char *[]){ "tooltip", "1\n2", NULL });
	dot_edge(&d, "n\\", "m", NULL, NULL);
	dot_close(&d);
	mem_expect(&m, "escaped ids",
		   "digraph \"a\\\"b\" {\n"
		   "\t\"n\\\"1\" [label=\"x\", tooltip=\"1\\n2\"];\n"
		   "\t\"n\\\\\" -> \"m\";\n"
		   "}\n");

	/* left_justify touches labels only. */
	dot_open(&d, mem_open(&m), "g", true);
	d.left_justify = true;
	dot_node(&d, "n", "a\nb", (const char *[]){ "tooltip", "t", NULL });
	dot_close(&d);
	mem_expect(&m, "left-justified label",
		   "digraph \"g\" {\n"
		   "\t\"n\" [label=\"a\\lb\\l\", tooltip=\"t\"];\n"
		   "}\n");
}
END_TEST

START_TEST(dot_attrs_sorted)
{
	struct memfile m1, m2;
	struct dot d;

	/* Same attributes in another order: the same bytes. */
	dot_open(&d, mem_open(&m1), "g", true);
	dot_node(&d, "n", "L", (const char *[]){ "shape", "box", "color", "red", "width", "2", NULL });
	dot_close(&d);
	dot_open(&d, mem_open(&m2), "g", true);
	dot_node(&d, "n", "L", (const char *[]){ "width", "2", "shape", "box", "color", "red", NULL });
	dot_close(&d);
	ck_assert_int_eq(fclose(m2.f), 0);
	mem_expect(&m1, "sorted", m2.text);
	ck_assert_ptr_nonnull(strstr(m2.text, "[color=\"red\", label=\"L\", shape=\"box\", width=\"2\"]"));
	free(m2.text);

	/* An odd list ignores the name without a value. */
	dot_open(&d, mem_open(&m1), "g", true);
	dot_node(&d, "n", NULL, (const char *[]){ "shape", "box", "color", NULL });
	dot_close(&d);
	mem_expect(&m1, "odd list", "digraph \"g\" {\n\t\"n\" [shape=\"box\"];\n}\n");
}
END_TEST

void add_dot_tests(Suite *s)
{
	TCase *tc = tcase_create("dot");

	ADD(tc, dot_small_digraph);
	ADD(tc, dot_undirected_and_clusters);
	ADD(tc, dot_html_label);
	ADD(tc, dot_write_escaped_table);
	ADD(tc, dot_ids_and_values_escaped);
	ADD(tc, dot_attrs_sorted);
	suite_add_tcase(s, tc);
}
