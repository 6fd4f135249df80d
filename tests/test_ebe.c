/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_ebe.c: capacity ramp, queue order, hiring within capacity and the national cap. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "models/ebe.h"
#include "test_util.h"

static void test_capacity_linear(void **state) {
  (void)state;
  mdl_territory t;
  memset(&t, 0, sizeof t);
  t.capacity_start = 10;
  t.capacity_max = 60;
  t.ramp_months = 10;
  t.capacity_ceiling = 1e9;
  t.ramp_shape = MDL_RAMP_LINEAR;
  assert_true(mdl_ebe_capacity(&t, -1) == 0.0);
  assert_true(mdl_ebe_capacity(&t, 0) == 10.0);
  assert_true(fabs(mdl_ebe_capacity(&t, 5) - 35.0) < 1e-12);
  assert_true(mdl_ebe_capacity(&t, 10) == 60.0);
  assert_true(mdl_ebe_capacity(&t, 50) == 60.0);
  t.capacity_ceiling = 40;
  assert_true(mdl_ebe_capacity(&t, 10) == 40.0);
}

static void test_capacity_logistic(void **state) {
  (void)state;
  mdl_territory t;
  memset(&t, 0, sizeof t);
  t.capacity_start = 10;
  t.capacity_max = 60;
  t.ramp_months = 12;
  t.capacity_ceiling = 1e9;
  t.ramp_shape = MDL_RAMP_LOGISTIC;
  assert_true(fabs(mdl_ebe_capacity(&t, 0) - 10.0) < 1e-9);
  assert_true(fabs(mdl_ebe_capacity(&t, 6) - 35.0) < 1e-9); /* symmetric around the middle */
  assert_true(fabs(mdl_ebe_capacity(&t, 12) - 60.0) < 1e-9);
  assert_true(mdl_ebe_capacity(&t, 3) < 35.0 - 5.0); /* slow start: below the straight line's 22.5 + ... */
  for (int m = 1; m <= 12; m++) assert_true(mdl_ebe_capacity(&t, m) > mdl_ebe_capacity(&t, m - 1));
}

typedef struct {
  mdl_scenario s;
  mdl_pop pop;
  mdl_queue q;
} qfix;

static qfix *qsetup(size_t n, size_t cap) {
  qfix *f = calloc(1, sizeof *f);
  tu_load(tu_small, NULL, 0, &f->s);
  assert_int_equal(mdl_pop_alloc(&f->pop, n), SIM_OK);
  assert_int_equal(mdl_queue_alloc(&f->q, cap), SIM_OK);
  for (size_t i = 0; i < n; i++) {
    f->pop.status[MDL_PROG][i] = MDL_PPDE;
    f->pop.cost[MDL_PROG][i] = (uint16_t)(15000 + i);
    f->pop.regime[MDL_PROG][i] = MDL_RSA;
  }
  return f;
}

static void qteardown(qfix *f) {
  mdl_queue_free(&f->q);
  mdl_pop_free(&f->pop);
  mdl_scenario_free(&f->s);
  free(f);
}

static void volunteer(qfix *f, uint32_t slot, uint16_t stamp) {
  f->pop.vol[slot] = stamp;
  assert_int_equal(mdl_queue_push(&f->q, &f->pop, slot), 0);
}

static void test_queue_order_and_stale_entries(void **state) {
  (void)state;
  qfix *f = qsetup(6, 6);
  sim_rng_key key = sim_rng_key_make(1, 0);
  /* Volunteers in this order: 4, 1, 3, 0, 2 (their volunteering order, not their slot order). */
  uint32_t order[] = {4, 1, 3, 0, 2};
  for (int i = 0; i < 5; i++) volunteer(f, order[i], (uint16_t)(i + 1));
  f->pop.status[MDL_PROG][1] = MDL_EMPLOYED; /* found a job meanwhile: its entry is stale */
  f->pop.vol[1] = 0;
  mdl_hiring h = mdl_ebe_hire(&f->q, &f->pop, &f->s, key, 9, 3, -1, 3);
  assert_int_equal(h.hires, 3);
  assert_int_equal(f->pop.status[MDL_PROG][4], MDL_EBE);
  assert_int_equal(f->pop.status[MDL_PROG][3], MDL_EBE);
  assert_int_equal(f->pop.status[MDL_PROG][0], MDL_EBE);
  assert_int_equal(f->pop.status[MDL_PROG][2], MDL_PPDE); /* still waiting */
  assert_int_equal(h.cost, 15004 + 15003 + 15000);
  assert_int_equal(h.regime[MDL_RSA], 3);
  int64_t fte = 0;
  for (int i = 0; i < 5; i++) {
    if (f->pop.status[MDL_PROG][i] != MDL_EBE) continue;
    assert_true(f->pop.fte[i] >= 50 && f->pop.fte[i] <= 100);
    assert_int_equal(f->pop.vol[i], 0);
    fte += f->pop.fte[i];
  }
  assert_int_equal(h.fte_pct, fte);
  /* A re-volunteer goes to the back, and its old entry cannot be used. */
  f->pop.status[MDL_PROG][1] = MDL_PPDE;
  volunteer(f, 1, 7);
  h = mdl_ebe_hire(&f->q, &f->pop, &f->s, key, 10, 1, -1, 3);
  assert_int_equal(f->pop.status[MDL_PROG][2], MDL_EBE);
  assert_int_equal(f->pop.status[MDL_PROG][1], MDL_PPDE);
  qteardown(f);
}

static void test_queue_compaction_keeps_order(void **state) {
  (void)state;
  qfix *f = qsetup(4, 4);
  for (uint32_t i = 0; i < 4; i++) volunteer(f, i, (uint16_t)(i + 1));
  f->pop.status[MDL_PROG][0] = MDL_EMPLOYED; /* stale */
  f->pop.vol[0] = 0;
  f->pop.status[MDL_PROG][2] = MDL_EMPLOYED;
  f->pop.vol[2] = 0;
  f->pop.status[MDL_PROG][0] = MDL_PPDE;
  volunteer(f, 0, 9); /* the ring is full: compaction drops the stale entries first */
  assert_int_equal(f->q.len, 3);
  sim_rng_key key = sim_rng_key_make(1, 0);
  mdl_hiring h = mdl_ebe_hire(&f->q, &f->pop, &f->s, key, 1, 1, -1, 3);
  assert_int_equal(h.hires, 1);
  assert_int_equal(f->pop.status[MDL_PROG][1], MDL_EBE); /* 1 volunteered before 3 and 0 */
  qteardown(f);
}

/* Live volunteers beyond the start size: the used part doubles, every push succeeds, order kept. */
static void test_queue_grows_with_live_entries(void **state) {
  (void)state;
  qfix *f = qsetup(10000, 10000);
  assert_int_equal(f->q.used, MDL_QUEUE_START);
  for (uint32_t i = 0; i < 5000; i++) volunteer(f, 4999 - i, 1);
  assert_int_equal(f->q.len, 5000);
  assert_int_equal(f->q.used, 2 * MDL_QUEUE_START);
  mdl_hiring h = mdl_ebe_hire(&f->q, &f->pop, &f->s, sim_rng_key_make(1, 0), 1, 2, -1, 3);
  assert_int_equal(h.hires, 2);
  assert_int_equal(f->pop.status[MDL_PROG][4999], MDL_EBE); /* the first two to volunteer */
  assert_int_equal(f->pop.status[MDL_PROG][4998], MDL_EBE);
  assert_int_equal(f->pop.status[MDL_PROG][4997], MDL_PPDE);
  qteardown(f);
}

/* Volunteers who leave the list as fast as others join: the used part never grows, so the pages
 * past it are never touched. */
static void test_queue_turnover_stays_small(void **state) {
  (void)state;
  qfix *f = qsetup(30000, 30000);
  for (uint32_t round = 0; round < 10; round++) {
    for (uint32_t i = 0; i < 3000; i++) volunteer(f, round * 3000 + i, (uint16_t)(round + 1));
    for (uint32_t i = 0; i < 3000; i++) f->pop.status[MDL_PROG][round * 3000 + i] = MDL_EMPLOYED; /* stale */
    assert_true(f->q.head + f->q.len <= f->q.used);
  }
  assert_int_equal(f->q.used, MDL_QUEUE_START);
  qteardown(f);
}

/* A ring that wraps past the end (an older checkpoint) is rotated into order. */
static void test_queue_unwrap(void **state) {
  (void)state;
  qfix *f = qsetup(8, 8);
  for (uint32_t i = 0; i < 8; i++) {
    f->q.slot[i] = 100 + i;
    f->q.stamp[i] = (uint16_t)(i + 1);
  }
  f->q.head = 6;
  f->q.len = 5; /* entries 6, 7, 0, 1, 2 */
  mdl_queue_unwrap(&f->q);
  assert_int_equal(f->q.head, 0);
  assert_int_equal(f->q.len, 5);
  static const uint32_t want[] = {106, 107, 100, 101, 102};
  for (int k = 0; k < 5; k++) {
    assert_int_equal(f->q.slot[k], want[k]);
    assert_int_equal(f->q.stamp[k], want[k] - 99);
  }
  assert_true(f->q.used >= 5);
  qteardown(f);
}

static void test_national_cap_stops_hiring(void **state) {
  (void)state;
  qfix *f = qsetup(5, 5);
  for (uint32_t i = 0; i < 5; i++) volunteer(f, i, 1);
  sim_rng_key key = sim_rng_key_make(3, 0);
  mdl_hiring h = mdl_ebe_hire(&f->q, &f->pop, &f->s, key, 2, 5, 120, 3); /* room for 1.2 FTE */
  assert_true(h.hires >= 1 && h.hires <= 2);
  assert_true(h.fte_pct <= 120);
  h = mdl_ebe_hire(&f->q, &f->pop, &f->s, key, 3, 5, 0, 3);
  assert_int_equal(h.hires, 0);
  qteardown(f);
}

static void test_mean_fte(void **state) {
  (void)state;
  mdl_scenario s;
  tu_load(tu_small, NULL, 0, &s);
  assert_true(fabs(mdl_ebe_mean_fte(&s) - 0.81) < 1e-12); /* 0.2*0.5 + 0.1*(0.6+0.7+0.8) + 0.5 */
  mdl_scenario_free(&s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_capacity_linear),
      cmocka_unit_test(test_capacity_logistic),
      cmocka_unit_test(test_queue_order_and_stale_entries),
      cmocka_unit_test(test_queue_compaction_keeps_order),
      cmocka_unit_test(test_queue_grows_with_live_entries),
      cmocka_unit_test(test_queue_turnover_stays_small),
      cmocka_unit_test(test_queue_unwrap),
      cmocka_unit_test(test_national_cap_stops_hiring),
      cmocka_unit_test(test_mean_fte),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
