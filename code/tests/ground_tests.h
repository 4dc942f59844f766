/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ground floor's tests: one Check suite, one test case per library
 * function, added by each test file's add_*_tests().
 */
#ifndef _TESTS_GROUND_TESTS_H
#define _TESTS_GROUND_TESTS_H

#include "testutil.h"

void add_disasm_tests(Suite *s);
void add_x86_disasm_tests(Suite *s);
void add_dot_tests(Suite *s);
void add_bpf_elf_tests(Suite *s);
void add_bpf_object_tests(Suite *s);
void add_bpf_hex_tests(Suite *s);
void add_checksum_tests(Suite *s);
void add_skbuff_tests(Suite *s);
void add_uaccess_tests(Suite *s);

#endif /* _TESTS_GROUND_TESTS_H */
