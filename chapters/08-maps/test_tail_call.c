// SPDX-License-Identifier: GPL-2.0
#include "tests.h"
void add_tail_call_tests(Suite *s) { (void)s; }
