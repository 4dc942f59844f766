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
 *   CK_RESULTS=F    append "<tag> <passed> <failures> <errors> <skipped>"
 *                   to file F, tagged with $CK_RESULT_TAG (the top
 *                   Makefile's total)
 * A test that calls ck_skip() passes for Check; it is counted here as
 * skipped instead of passed.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "testutil.h"

/* Skips recorded in f (one byte each), by this process or a forked test. */
static int count_skips(FILE *f)
{
	int n = 0;

	if (!f)
		return 0;
	rewind(f);
	while (fgetc(f) != EOF)
		n++;
	return n;
}

int main(void)
{
	SRunner *sr = srunner_create(stage_suite());
	int run, failures = 0, errors = 0, skipped, i;
	FILE *skips = tmpfile();
	TestResult **results;
	const char *out;

	if (skips)
		ck_skip_fd = fileno(skips);
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
	skipped = count_skips(skips);
	if (skips)
		fclose(skips);

	if (getenv("CK_SCORE")) {
		if (skipped)
			printf("Score: %d/%d (%d skipped: this machine cannot run them)\n",
			       run - failures - errors - skipped, run - skipped, skipped);
		else
			printf("Score: %d/%d\n", run - failures - errors, run);
	}

	out = getenv("CK_RESULTS");
	if (out && *out) {
		FILE *f = fopen(out, "a");
		const char *tag = getenv("CK_RESULT_TAG");

		if (f) {
			fprintf(f, "%s %d %d %d %d\n", tag ? tag : "?",
				run - failures - errors - skipped, failures, errors, skipped);
			fclose(f);
		}
	}
	srunner_free(sr);
	return (failures || errors) ? EXIT_FAILURE : EXIT_SUCCESS;
}
