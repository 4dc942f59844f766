// SPDX-License-Identifier: GPL-2.0
#include "tests.h"
void add_random_tests(Suite *s) { (void)s; }
