/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_ramp_golden.c: capacity_mode "ramp" with the volunteer life cycle off reproduces the model
 * before v2. tests/data/ramp-golden.fnv1a holds the size, lines, columns and FNV-1a 64 of the
 * monthly.csv that tzsim at commit 55b75d5 wrote for tests/data/ramp-golden.cfg (without the v2
 * keys, which that binary did not know); the columns appended since are cut before hashing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "e2e_util.h"

static void test_ramp_mode_matches_the_golden(void **state) {
  (void)state;
  unsigned long long bytes = 0, lines = 0, cols = 0, want = 0;
  char *golden = e2e_slurp("data/ramp-golden.fnv1a", NULL);
  assert_non_null(golden);
  const char *p = golden;
  while (*p == '#') p = strchr(p, '\n') + 1; /* comment lines */
  assert_int_equal(sscanf(p, "%llu %llu %llu %llx", &bytes, &lines, &cols, &want), 4);
  free(golden);

  e2e_result r = e2e_run((const char *[]){"run", "data/ramp-golden.cfg", "-o", e2e_path("ramp"), "--quiet", NULL});
  if (r.status != 0) fail_msg("exit %d, stderr: %s", r.status, r.err);
  e2e_result_free(&r);
  char path[4096];
  snprintf(path, sizeof path, "%s/monthly.csv", e2e_path("ramp"));
  size_t len = 0;
  char *csv = e2e_slurp(path, &len);
  assert_non_null(csv);
  /* Keep the first `cols` columns of every line (no field of monthly.csv holds a comma here). */
  uint64_t h = 0xcbf29ce484222325ULL;
  unsigned long long kept = 0, nl = 0, col = 1, max_cols = 0;
  for (size_t i = 0; i < len; i++) {
    char c = csv[i];
    if (c == ',' && ++col > cols) continue;
    if (col > cols && c != '\n') continue;
    if (c == '\n') {
      if (col > max_cols) max_cols = col;
      col = 1;
      nl++;
    }
    h ^= (unsigned char)c;
    h *= 0x100000001b3ULL;
    kept++;
  }
  free(csv);
  print_message("  %llu bytes, %llu lines, %llu of %llu columns, FNV-1a %016llx\n", kept, nl, cols, max_cols,
                (unsigned long long)h);
  assert_true(max_cols > cols); /* the v2 metrics are there, appended */
  assert_int_equal(nl, lines);
  assert_int_equal(kept, bytes);
  assert_int_equal(h, want);
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_ramp_mode_matches_the_golden)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
