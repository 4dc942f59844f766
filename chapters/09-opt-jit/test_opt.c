// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 09 tests: the optimising JIT. Each test case is named after the
 * part of the optimiser it exercises:
 *   CK_RUN_CASE=opt_magic make -C chapters/09-opt-jit test
 */
#include "test_opt.h"

void opt_magic_tests(Suite *s);
void opt_table_tests(Suite *s);
void opt_analysis_tests(Suite *s);
void opt_div_tests(Suite *s);
void opt_pack_tests(Suite *s);
void opt_conformance_tests(Suite *s);
void opt_random_tests(Suite *s);
void opt_fallback_tests(Suite *s);
void opt_tail_call_tests(Suite *s);

Suite *stage_suite(void)
{
	Suite *s = suite_create("09-opt-jit");

	opt_magic_tests(s);
	opt_table_tests(s);
	opt_analysis_tests(s);
	opt_div_tests(s);
	opt_pack_tests(s);
	opt_fallback_tests(s);
	opt_tail_call_tests(s);
	opt_conformance_tests(s);
	opt_random_tests(s);
	return s;
}
