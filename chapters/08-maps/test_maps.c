// SPDX-License-Identifier: GPL-2.0
#include "maps.h"
#include "testutil.h"

START_TEST(placeholder)
{
}
END_TEST

Suite *stage_suite(void)
{
	Suite *s = suite_create("08-maps");
	TCase *tc = tcase_create("maps");

	tcase_add_test(tc, placeholder);
	suite_add_tcase(s, tc);
	return s;
}
