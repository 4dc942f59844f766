// SPDX-License-Identifier: GPL-2.0
/*
 * Chapter 04 tests, part 3: a few programs of the BPF conformance suite,
 * through the plugin and the suite's own runner, when the suite is present
 * (the full run is `make conformance`).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "test_interp.h"

/* One program per corner: div by zero, INT_MIN / -1, masked shifts,
 * jmp32, atomics, bpf-to-bpf calls, a helper, memory, sign extension.
 */
static const char *const picks =
	"^(div64-by-zero-reg|sdiv64-intmin-by-negone-reg|lsh32-imm-high|"
	"jsgt32-reg|lock_cmpxchg32|call_local|call_unwind_fail|ldxh-all|"
	"movsx3264-reg|mod32|callx)\\.data$";

START_TEST(conformance_sample)
{
	char cmd[1024], line[512];
	int passed = -1, failed = -1, skipped = -1;
	FILE *p;

	if (access(CONFORMANCE_DIR "/run.py", R_OK) != 0) {
		printf("conformance: no suite at %s; skipped\n", CONFORMANCE_DIR);
		return;
	}
	snprintf(cmd, sizeof(cmd),
		 "python3 %s/run.py --plugin ./plugin --cpu-version v4 "
		 "--include-groups callx --include '%s' 2>&1",
		 CONFORMANCE_DIR, picks);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while (fgets(line, sizeof(line), p)) {
		if (!strncmp(line, "FAIL", 4))
			printf("%s", line);
		sscanf(line, "%d passed, %d failed, %d skipped", &passed, &failed, &skipped);
	}
	pclose(p);
	/* The runner counts the tests --include leaves out as skipped. */
	ck_assert_msg(passed == 11 && failed == 0,
		      "conformance sample: %d passed, %d failed (%d not picked); expected 11 passed, 0 failed",
		      passed, failed, skipped);
}
END_TEST

void add_conformance_tests(Suite *s)
{
	TCase *tc = tcase_create("conformance");

	tcase_set_timeout(tc, 120);
	ADD(tc, conformance_sample);
	suite_add_tcase(s, tc);
}
