// SPDX-License-Identifier: GPL-2.0
#include "tests.h"
void add_output_tests(Suite *s) { (void)s; }
