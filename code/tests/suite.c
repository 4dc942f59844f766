// SPDX-License-Identifier: GPL-2.0
/*
 * The ground floor's suite: every library in code/lib/, tested on its own.
 *   make -C code test
 *   CK_RUN_CASE=print_bpf_insn build/plain/code/tests/test
 */
#include "ground_tests.h"

Suite *stage_suite(void)
{
	Suite *s = suite_create("ground");

	add_disasm_tests(s);
	add_x86_disasm_tests(s);
	add_dot_tests(s);
	add_bpf_elf_tests(s);
	add_bpf_object_tests(s);
	add_bpf_hex_tests(s);
	add_checksum_tests(s);
	add_skbuff_tests(s);
	add_uaccess_tests(s);
	return s;
}
