/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_guards.c: keys that must differ and widths that must match, checked at compile time where C
 * allows it (_Static_assert) and at run time otherwise. A failure here means two random streams
 * would draw the same numbers, or a column of monthly.csv or summary.* would carry the wrong name.
 * No number of the model is pinned: only that these constants are distinct and consistent. When a
 * purpose word is added to models/population.h or models/template.h, add it to the list below. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "models/population.h"
#include "models/report.h"
#include "models/template.h"

/* The purpose words (counter c2) of every random stream known today: pairwise distinct, so no two
 * purposes ever draw the same numbers for the same agent and month. */
#define PURPOSES(X)                                                                                                    \
  X(MDL_RNG_MONTH) X(MDL_RNG_ENTRY) X(MDL_RNG_ENTRANT) X(MDL_RNG_HIRE) X(MDL_RNG_INIT) X(MDL_RNG_TEMPLATE)
_Static_assert(MDL_RNG_MONTH != MDL_RNG_ENTRY, "RNG purposes MONTH and ENTRY share a stream");
_Static_assert(MDL_RNG_MONTH != MDL_RNG_ENTRANT, "RNG purposes MONTH and ENTRANT share a stream");
_Static_assert(MDL_RNG_MONTH != MDL_RNG_HIRE, "RNG purposes MONTH and HIRE share a stream");
_Static_assert(MDL_RNG_MONTH != MDL_RNG_INIT, "RNG purposes MONTH and INIT share a stream");
_Static_assert(MDL_RNG_MONTH != MDL_RNG_TEMPLATE, "RNG purposes MONTH and TEMPLATE share a stream");
_Static_assert(MDL_RNG_ENTRY != MDL_RNG_ENTRANT, "RNG purposes ENTRY and ENTRANT share a stream");
_Static_assert(MDL_RNG_ENTRY != MDL_RNG_HIRE, "RNG purposes ENTRY and HIRE share a stream");
_Static_assert(MDL_RNG_ENTRY != MDL_RNG_INIT, "RNG purposes ENTRY and INIT share a stream");
_Static_assert(MDL_RNG_ENTRY != MDL_RNG_TEMPLATE, "RNG purposes ENTRY and TEMPLATE share a stream");
_Static_assert(MDL_RNG_ENTRANT != MDL_RNG_HIRE, "RNG purposes ENTRANT and HIRE share a stream");
_Static_assert(MDL_RNG_ENTRANT != MDL_RNG_INIT, "RNG purposes ENTRANT and INIT share a stream");
_Static_assert(MDL_RNG_ENTRANT != MDL_RNG_TEMPLATE, "RNG purposes ENTRANT and TEMPLATE share a stream");
_Static_assert(MDL_RNG_HIRE != MDL_RNG_INIT, "RNG purposes HIRE and INIT share a stream");
_Static_assert(MDL_RNG_HIRE != MDL_RNG_TEMPLATE, "RNG purposes HIRE and TEMPLATE share a stream");
_Static_assert(MDL_RNG_INIT != MDL_RNG_TEMPLATE, "RNG purposes INIT and TEMPLATE share a stream");

/* The arms: two, distinct, indexing arrays of MDL_NARM. */
_Static_assert(MDL_CF != MDL_PROG && MDL_CF >= 0 && MDL_PROG >= 0 && MDL_CF < MDL_NARM && MDL_PROG < MDL_NARM,
               "arms must be distinct indices below MDL_NARM");

/* Widths: one name per metric and one figure per headline slot. */
_Static_assert(sizeof mdl_metric_names / sizeof mdl_metric_names[0] == MDL_M_COUNT, "one metric name per metric");
_Static_assert(sizeof mdl_figures / sizeof mdl_figures[0] == MDL_H_COUNT, "one figure per headline figure");

/* The same pairwise check at run time, over the list, so a purpose added to PURPOSES is covered. */
static void test_purposes_distinct(void **state) {
  (void)state;
#define VALUE(p) (unsigned long)(p),
#define NAME(p) #p,
  const unsigned long v[] = {PURPOSES(VALUE)};
  const char *const name[] = {PURPOSES(NAME)};
  size_t n = sizeof v / sizeof v[0];
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++)
      if (v[i] == v[j]) fail_msg("%s and %s are both %lu", name[i], name[j], v[i]);
}

/* A name fit for a CSV header and a JSON key: non-empty, [a-z0-9_] only. */
static int plain_name(const char *s) {
  if (!s || !*s) return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
  return 1;
}

/* An initialiser list one entry short leaves the last name NULL (the array is declared with its
 * width); two entries swapped or copied show up as a duplicate. */
static void test_metric_names(void **state) {
  (void)state;
  for (int m = 0; m < MDL_M_COUNT; m++) {
    if (!plain_name(mdl_metric_names[m]))
      fail_msg("metric %d has no plain name (\"%s\")", m, mdl_metric_names[m] ? mdl_metric_names[m] : "(null)");
    for (int k = 0; k < m; k++)
      if (strcmp(mdl_metric_names[k], mdl_metric_names[m]) == 0)
        fail_msg("metrics %d and %d are both named %s", k, m, mdl_metric_names[m]);
  }
}

static void test_figure_names(void **state) {
  (void)state;
  for (int h = 0; h < MDL_H_COUNT; h++) {
    if (!plain_name(mdl_figures[h].name)) fail_msg("figure %d has no plain name", h);
    if (!mdl_figures[h].unit || !*mdl_figures[h].unit) fail_msg("figure %s has no unit", mdl_figures[h].name);
    for (int k = 0; k < h; k++)
      if (strcmp(mdl_figures[k].name, mdl_figures[h].name) == 0)
        fail_msg("figures %d and %d are both named %s", k, h, mdl_figures[h].name);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_purposes_distinct),
      cmocka_unit_test(test_metric_names),
      cmocka_unit_test(test_figure_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
