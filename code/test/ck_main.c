// SPDX-License-Identifier: GPL-2.0
/*
 * main() for every test program: runs the stage's Check suite and reports.
 *
 * The stage's test file defines stage_suite(). Check's usual controls work:
 *   CK_RUN_CASE=bpf_check_uarg_tail_zero ./test    one test case
 *   CK_VERBOSITY=verbose ./test                     every check, passed or not
 *   CK_FORK=no ./test                               no fork per test (gdb, valgrind)
 * Ours:
 *   CK_SCORE=1      also print "Score: passed/total" (make grade)
 *   CK_RESULTS=F    append "<tag> <passed> <failures> <errors>" to file F,
 *                   tagged with $CK_RESULT_TAG (the top Makefile's total)
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"

int main(void)
{
	SRunner *sr = srunner_create(stage_suite());
	int run, failures = 0, errors = 0, i;
	TestResult **results;
	const char *out;

	srunner_run_all(sr, CK_ENV);
	run = srunner_ntests_run(sr);
	results = srunner_results(sr);
	for (i = 0; i < run; i++) {
		if (tr_rtype(results[i]) == CK_FAILURE)
			failures++;
		else if (tr_rtype(results[i]) == CK_ERROR)
			errors++;
	}
	free(results);

	if (getenv("CK_SCORE"))
		printf("Score: %d/%d\n", run - failures - errors, run);

	out = getenv("CK_RESULTS");
	if (out && *out) {
		FILE *f = fopen(out, "a");
		const char *tag = getenv("CK_RESULT_TAG");

		if (f) {
			fprintf(f, "%s %d %d %d\n", tag ? tag : "?",
				run - failures - errors, failures, errors);
			fclose(f);
		}
	}
	srunner_free(sr);
	return (failures || errors) ? EXIT_FAILURE : EXIT_SUCCESS;
}
