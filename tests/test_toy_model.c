/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_toy_model.c: the engine is model-agnostic. A model that is not TZCLD -- N agents each
 * switching on with probability A and off with probability B every step, a two-state Markov chain
 * with a closed-form mean -- runs through sim/engine.h and sim/runner.h alone: this program links
 * only the sim library (tests/CMakeLists.txt), so any symbol of models/ or plots/ fails the link. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sim/rng.h"
#include "sim/runner.h"

#define N 2000 /* agents */
#define BLOCKS 8
#define STEPS 26
#define BURN 2 /* steps before the first reported one */
#define A 0.10 /* P(off -> on) in a step */
#define B 0.30 /* P(on -> off) */
#define SEED 20161u

typedef struct {
  unsigned char on[N];
  sim_rng_key key;
  double last; /* share on after the last step */
} toy;

/* E[share on after t steps from all off] = pi (1 - lambda^t), pi = A/(A+B), lambda = 1-A-B. */
static double expected_share(int t) { return A / (A + B) * (1.0 - pow(1.0 - A - B, t)); }

static sim_status toy_begin(void *ctx, uint32_t rep) {
  toy *w = ctx;
  memset(w->on, 0, sizeof w->on);
  w->key = sim_rng_key_make(SEED, rep);
  return SIM_OK;
}

/* One draw per agent and step, named by the counter (agent, step): the same on any thread. */
static void toy_block(void *ctx, int step, size_t block, int64_t *tally) {
  toy *w = ctx;
  for (size_t i = block * N / BLOCKS; i < (block + 1) * N / BLOCKS; i++) {
    double u = sim_rng_u01(sim_rng_philox(w->key, (uint32_t)i, (uint32_t)step, 0, 0).v[0]);
    w->on[i] = w->on[i] ? u >= B : u < A;
    tally[0] += w->on[i];
  }
}

static void toy_world(void *ctx, int step, const int64_t *tallies, double *out) {
  toy *w = ctx;
  (void)step;
  int64_t on = 0;
  for (size_t b = 0; b < BLOCKS; b++) on += tallies[b];
  out[0] = (double)on;
  w->last = (double)on / N;
}

static void toy_finish(void *ctx, double *headline) { headline[0] = ((toy *)ctx)->last; }

static toy world;
static const sim_model model = {.ctx = &world,
                                .n_blocks = BLOCKS,
                                .tally_width = 1,
                                .out_width = 1,
                                .headline_width = 1,
                                .steps = STEPS,
                                .first_reported = BURN,
                                .begin = toy_begin,
                                .step_block = toy_block,
                                .step_world = toy_world,
                                .finish = toy_finish};
static const char *const names[] = {"all"};
static const sim_figure figures[] = {{"share_on", "-", "share of the agents on at the end", -1, -1}};
static const sim_layout layout = {1, names, 0, 1, names, 1, names, 0, 1, figures};

static sim_replicas run(int threads, uint32_t reps, sim_precision *p) {
  sim_errs e;
  sim_errs_init(&e);
  int resolved = 0;
  assert_int_equal(sim_runner_begin(threads, &resolved, &e), SIM_OK);
  assert_int_equal(resolved, threads);
  sim_runner cfg = {.threads = resolved, .quiet = 1, .layout = &layout};
  sim_replicas r;
  assert_int_equal(sim_runner_run(&model, &cfg, reps, p, NULL, &r, &e), SIM_OK);
  sim_errs_destroy(&e);
  return r;
}

/* Every reported step's mean count within 4 standard errors of the closed form (the count is
 * binomial: the agents are independent), and the intervals covering it at most steps. */
static void test_closed_form_mean(void **state) {
  (void)state;
  const uint32_t reps = 64;
  sim_replicas r = run(1, reps, NULL);
  assert_int_equal(r.result.replications, reps);
  assert_int_equal(r.result.reported_steps, STEPS - BURN);
  int covered = 0;
  for (int s = 0; s < STEPS - BURN; s++) {
    double p = expected_share(BURN + s + 1), se = sqrt(N * p * (1 - p) / reps);
    sim_stats_ci c = sim_stats_ci_of_acc(&r.result.monthly[s]);
    assert_int_equal(c.n, (int)reps);
    assert_true(fabs(c.mean - N * p) < 4 * se);
    covered += c.lo <= N * p && N * p <= c.hi;
  }
  assert_true(covered >= (STEPS - BURN) * 3 / 4);
  sim_replicas_free(&r);
}

/* The threads change nothing, bit for bit: statistics of every step and every headline value. */
static void test_threads_identical(void **state) {
  (void)state;
  sim_replicas one = run(1, 20, NULL), two = run(2, 20, NULL);
  assert_memory_equal(one.result.monthly, two.result.monthly, (STEPS - BURN) * sizeof *one.result.monthly);
  assert_memory_equal(one.result.headline, two.result.headline, 20 * sizeof *one.result.headline);
  sim_replicas_free(&one);
  sim_replicas_free(&two);
}

/* --precision on the toy's figure: rounds of replications until the half-width is 1 % of the mean,
 * and the result is the one of a plain run with that many replications. */
static void test_precision(void **state) {
  (void)state;
  sim_precision p = {.figure = "share_on", .rel = 0.01, .max_reps = 1000};
  sim_replicas r = run(2, 5, &p);
  assert_true(p.reached && p.achieved <= 0.01 && p.block == 5);
  assert_true(r.result.replications > 5 && r.result.replications % 5 == 0);
  double rel = sim_relative_halfwidth(&layout, &r.result, 0);
  assert_true(rel == p.achieved);
  sim_replicas plain = run(1, r.result.replications, NULL);
  assert_memory_equal(r.result.monthly, plain.result.monthly, (STEPS - BURN) * sizeof *r.result.monthly);
  assert_memory_equal(r.result.headline, plain.result.headline, r.result.replications * sizeof *r.result.headline);
  sim_stats_ci c = sim_stats_ci_of(r.result.headline, 1, r.result.replications);
  assert_true(fabs(c.mean - expected_share(STEPS)) < c.hi - c.mean);
  sim_replicas_free(&r);
  sim_replicas_free(&plain);
}

/* A figure the model does not have: refused with one line, nothing kept (the runner must not read
 * outside the layout whatever its caller checked). */
static void test_precision_unknown_figure(void **state) {
  (void)state;
  sim_errs e;
  sim_errs_init(&e);
  sim_precision p = {.figure = "share_off", .rel = 0.01, .max_reps = 100};
  int threads = 0;
  assert_int_equal(sim_runner_begin(1, &threads, &e), SIM_OK);
  sim_runner cfg = {.threads = threads, .quiet = 1, .layout = &layout};
  sim_replicas r;
  assert_int_equal(sim_runner_run(&model, &cfg, 2, &p, NULL, &r, &e), SIM_EPARAM);
  assert_int_equal(e.count, 1);
  assert_string_equal(e.msg[0], "command line: --precision: 'share_off' is not a figure of the model (expected one of "
                                "its headline figures)");
  assert_null(r.result.monthly);
  assert_null(r.result.headline);
  sim_errs_destroy(&e);
}

/* Two slices (shards, MPI ranks) keep their rows; combined in order they give the whole run. */
static void test_slices_combine(void **state) {
  (void)state;
  sim_errs e;
  sim_errs_init(&e);
  sim_replicas whole = run(1, 9, NULL), part[2];
  const uint32_t first[2] = {0, 4}, count[2] = {4, 5};
  sim_run_result all;
  assert_int_equal(sim_result_begin(&all, 9, STEPS - BURN, 1, 1), SIM_OK);
  for (int k = 0; k < 2; k++) {
    int threads = 0;
    assert_int_equal(sim_runner_begin(2, &threads, &e), SIM_OK);
    sim_runner cfg = {.threads = threads, .quiet = 1};
    assert_int_equal(sim_runner_slice(&model, &cfg, first[k], count[k], &part[k], &e), SIM_OK);
    assert_int_equal(part[k].first, first[k]);
    for (uint32_t i = 0; i < count[k]; i++)
      sim_result_add_replication(&all, part[k].rows + (size_t)i * (STEPS - BURN), part[k].result.headline + i);
  }
  assert_memory_equal(all.monthly, whole.result.monthly, (STEPS - BURN) * sizeof *all.monthly);
  assert_memory_equal(all.headline, whole.result.headline, 9 * sizeof *all.headline);
  sim_run_result_free(&all);
  for (int k = 0; k < 2; k++) sim_replicas_free(&part[k]);
  sim_replicas_free(&whole);
  sim_errs_destroy(&e);
}

/* A stop request ends the run between steps with SIM_EINTR, one line, and nothing kept. */
static void test_stop(void **state) {
  (void)state;
  sim_errs e;
  sim_errs_init(&e);
  volatile sig_atomic_t stop = 15;
  int threads = 0;
  assert_int_equal(sim_runner_begin(1, &threads, &e), SIM_OK);
  sim_runner cfg = {.threads = threads, .quiet = 1, .stop = &stop};
  sim_replicas r;
  assert_int_equal(sim_runner_run(&model, &cfg, 3, NULL, NULL, &r, &e), SIM_EINTR);
  assert_int_equal(e.count, 1);
  assert_string_equal(e.msg[0], "tzsim: interrupted by signal 15; nothing was written");
  assert_null(r.result.monthly);
  sim_errs_destroy(&e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_closed_form_mean), cmocka_unit_test(test_threads_identical),
      cmocka_unit_test(test_precision),        cmocka_unit_test(test_precision_unknown_figure),
      cmocka_unit_test(test_slices_combine),   cmocka_unit_test(test_stop),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
