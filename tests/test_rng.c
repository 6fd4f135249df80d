/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_rng.c: tests for sim/rng: Philox known answers, purity, statistical independence, GSL samplers and thresholds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/rng.h"
#include "sim/rng_batch.h"

/* A fixed seed keeps every statistical test deterministic, so a failure is reproducible rather than flaky. */
#define TEST_SEED UINT64_C(20170101)

static sim_rng_key key_of(uint32_t k0, uint32_t k1) {
  sim_rng_key key;

  key.k[0] = k0;
  key.k[1] = k1;
  return key;
}

static void assert_block(sim_rng_block b, uint32_t e0, uint32_t e1, uint32_t e2, uint32_t e3) {
  assert_int_equal(b.v[0], e0);
  assert_int_equal(b.v[1], e1);
  assert_int_equal(b.v[2], e2);
  assert_int_equal(b.v[3], e3);
}

static int blocks_equal(sim_rng_block a, sim_rng_block b) {
  return a.v[0] == b.v[0] && a.v[1] == b.v[1] && a.v[2] == b.v[2] && a.v[3] == b.v[3];
}

/* The Random123 kat_vectors entries for philox4x32_10 pin the implementation to the published algorithm. */
static void test_philox_kat_zero(void **state) {
  (void)state;
  assert_block(sim_rng_philox(key_of(0, 0), 0, 0, 0, 0), 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u);
}

static void test_philox_kat_ones(void **state) {
  (void)state;
  assert_block(sim_rng_philox(key_of(0xffffffffu, 0xffffffffu), 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu),
               0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu);
}

static void test_philox_kat_pi(void **state) {
  (void)state;
  assert_block(sim_rng_philox(key_of(0xa4093822u, 0x299f31d0u), 0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u),
               0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u);
}

/* A straightforward splitmix64 generator, written independently of rng.c to check the documented key derivation. */
static uint64_t ref_splitmix_next(uint64_t *s) {
  uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static void test_key_make_documented(void **state) {
  static const uint64_t seeds[] = {0, 1, TEST_SEED, UINT64_MAX};
  static const uint32_t reps[] = {0, 1, 2, 7, 99};
  uint64_t s0 = 0;
  size_t i, j;

  (void)state;
  /* The first splitmix64 output from state 0 is a widely published value; it anchors the reference itself. */
  assert_true(ref_splitmix_next(&s0) == UINT64_C(0xE220A8397B1DCDAF));

  for (i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
    for (j = 0; j < sizeof reps / sizeof reps[0]; j++) {
      uint64_t s = seeds[i], h, k = 0;
      uint32_t r;
      sim_rng_key key = sim_rng_key_make(seeds[i], reps[j]);

      h = ref_splitmix_next(&s);
      for (r = 0; r <= reps[j]; r++) {
        k = ref_splitmix_next(&h);
      }
      assert_int_equal(key.k[0], (uint32_t)k);
      assert_int_equal(key.k[1], (uint32_t)(k >> 32));
    }
  }
}

static void test_purity_and_sensitivity(void **state) {
  sim_rng_key key = sim_rng_key_make(TEST_SEED, 3);
  sim_rng_key again = sim_rng_key_make(TEST_SEED, 3);
  sim_rng_key other_seed = sim_rng_key_make(TEST_SEED + 1, 3);
  sim_rng_key other_rep = sim_rng_key_make(TEST_SEED, 4);
  sim_rng_block base = sim_rng_philox(key, 10, 20, 30, 40);

  (void)state;
  assert_int_equal(key.k[0], again.k[0]);
  assert_int_equal(key.k[1], again.k[1]);
  assert_true(blocks_equal(base, sim_rng_philox(again, 10, 20, 30, 40)));
  assert_true(blocks_equal(base, sim_rng_philox(key, 10, 20, 30, 40)));

  assert_false(blocks_equal(base, sim_rng_philox(other_seed, 10, 20, 30, 40)));
  assert_false(blocks_equal(base, sim_rng_philox(other_rep, 10, 20, 30, 40)));
  assert_false(blocks_equal(base, sim_rng_philox(key, 11, 20, 30, 40)));
  assert_false(blocks_equal(base, sim_rng_philox(key, 10, 21, 30, 40)));
  assert_false(blocks_equal(base, sim_rng_philox(key, 10, 20, 31, 40)));
  assert_false(blocks_equal(base, sim_rng_philox(key, 10, 20, 30, 41)));
}

static void test_key_make_distinct(void **state) {
  enum { N = 1000 };
  sim_rng_key keys[N];
  int i, j;

  (void)state;
  /* Distinct replications of one seed must never share a key, or two replications would be the same run. */
  for (i = 0; i < N; i++) {
    keys[i] = sim_rng_key_make(TEST_SEED, (uint32_t)i);
  }
  for (i = 0; i < N; i++) {
    for (j = i + 1; j < N; j++) {
      assert_false(keys[i].k[0] == keys[j].k[0] && keys[i].k[1] == keys[j].k[1]);
    }
  }
  /* Neighbouring seeds at the same replication must differ as well. */
  for (i = 0; i < N; i++) {
    keys[i] = sim_rng_key_make((uint64_t)i, 0);
  }
  for (i = 0; i < N; i++) {
    for (j = i + 1; j < N; j++) {
      assert_false(keys[i].k[0] == keys[j].k[0] && keys[i].k[1] == keys[j].k[1]);
    }
  }
}

static void test_u01_bounds(void **state) {
  (void)state;
  assert_true(sim_rng_u01(0) > 0.0);
  assert_true(sim_rng_u01(0) == 0x1p-33);
  assert_true(sim_rng_u01(UINT32_MAX) < 1.0);
  assert_true(sim_rng_u01(UINT32_MAX) == 1.0 - 0x1p-33);
  assert_true(sim_rng_u01(0x80000000u) == 0.5 + 0x1p-33);

  assert_true(sim_rng_u01_53(0, 0) > 0.0);
  assert_true(sim_rng_u01_53(0, 0) == 0x1p-53);
  assert_true(sim_rng_u01_53(UINT32_MAX, UINT32_MAX) < 1.0);
  assert_true(sim_rng_u01_53(UINT32_MAX, UINT32_MAX) == 1.0 - 0x1p-53);
  /* The grid is symmetric, so 1 - u of the largest value is the smallest value. */
  assert_true(1.0 - sim_rng_u01_53(UINT32_MAX, UINT32_MAX) == sim_rng_u01_53(0, 0));
  /* The low word must matter, otherwise the second word would be wasted. */
  assert_true(sim_rng_u01_53(5, 1) != sim_rng_u01_53(5, 2));
}

/* Pearson correlation of n paired uniforms, x from one source and y from another. */
static double correlation_of(const double *x, const double *y, size_t n) {
  return gsl_stats_correlation(x, 1, y, 1, n);
}

static void test_independence_keys(void **state) {
  enum { N = 100000 };
  double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
  sim_rng_key ka = sim_rng_key_make(TEST_SEED, 0);
  sim_rng_key kb = sim_rng_key_make(TEST_SEED, 1);
  double r, bound = 5.0 / sqrt((double)N);
  uint32_t i;

  (void)state;
  assert_non_null(x);
  assert_non_null(y);
  /* The same counters under two keys: the streams of two replications drawn for the same agent and month. */
  for (i = 0; i < N; i++) {
    x[i] = sim_rng_u01(sim_rng_philox(ka, i, 12, 1, 0).v[0]);
    y[i] = sim_rng_u01(sim_rng_philox(kb, i, 12, 1, 0).v[0]);
  }
  r = correlation_of(x, y, N);
  free(x);
  free(y);
  assert_true(fabs(r) < bound);
}

static void test_independence_adjacent_counters(void **state) {
  enum { N = 100000 };
  double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
  sim_rng_key key = sim_rng_key_make(TEST_SEED, 0);
  double r, bound = 5.0 / sqrt((double)N);
  uint32_t i;

  (void)state;
  assert_non_null(x);
  assert_non_null(y);
  /* Counters c0 = i and c0 = i + 1: neighbouring agents in the same month and purpose. */
  for (i = 0; i < N; i++) {
    x[i] = sim_rng_u01(sim_rng_philox(key, i, 12, 1, 0).v[0]);
    y[i] = sim_rng_u01(sim_rng_philox(key, i + 1, 12, 1, 0).v[0]);
  }
  r = correlation_of(x, y, N);
  assert_true(fabs(r) < bound);

  /* The four words of one block are used together by samplers, so they must not be correlated either. */
  for (i = 0; i < N; i++) {
    sim_rng_block b = sim_rng_philox(key, i, 12, 1, 0);

    x[i] = sim_rng_u01(b.v[1]);
    y[i] = sim_rng_u01(b.v[2]);
  }
  r = correlation_of(x, y, N);
  free(x);
  free(y);
  assert_true(fabs(r) < bound);
}

static void test_chi_square_uniformity(void **state) {
  enum { BINS = 100, WORDS = 1000000 };
  unsigned long counts[BINS] = {0};
  sim_rng_key key = sim_rng_key_make(TEST_SEED, 0);
  double chi2 = 0.0, expected = (double)WORDS / BINS, pvalue;
  uint32_t i;
  int b, lane;

  (void)state;
  /* All four words of each block are binned, so every output lane is exercised. */
  for (i = 0; i < WORDS / 4; i++) {
    sim_rng_block blk = sim_rng_philox(key, i, 0, 2, 0);

    for (lane = 0; lane < 4; lane++) {
      counts[((uint64_t)blk.v[lane] * BINS) >> 32]++;
    }
  }
  for (b = 0; b < BINS; b++) {
    double d = (double)counts[b] - expected;

    chi2 += d * d / expected;
  }
  pvalue = gsl_cdf_chisq_Q(chi2, BINS - 1);
  assert_true(pvalue > 0.001);
}

static void test_gsl_type_metadata(void **state) {
  gsl_rng *r = gsl_rng_alloc(sim_rng_philox_type);

  (void)state;
  assert_non_null(r);
  assert_string_equal(gsl_rng_name(r), "philox4x32-10");
  assert_true(gsl_rng_max(r) == 0xffffffffUL);
  assert_true(gsl_rng_min(r) == 0UL);
  gsl_rng_free(r);
}

static void test_gsl_position_matches_philox(void **state) {
  sim_rng_key key = sim_rng_key_make(TEST_SEED, 2);
  gsl_rng *r = gsl_rng_alloc(sim_rng_philox_type);
  uint32_t c3;
  int lane;

  (void)state;
  assert_non_null(r);
  sim_rng_gsl_position(r, key, 5, 6, 7);
  for (c3 = 0; c3 < 10; c3++) {
    sim_rng_block b = sim_rng_philox(key, 5, 6, 7, c3);

    for (lane = 0; lane < 4; lane++) {
      assert_true(gsl_rng_get(r) == b.v[lane]);
    }
  }
  /* gsl_rng_set(r, s) must select key sim_rng_key_make(s, 0) with all counters zero. */
  gsl_rng_set(r, 12345UL);
  key = sim_rng_key_make(12345, 0);
  for (c3 = 0; c3 < 3; c3++) {
    sim_rng_block b = sim_rng_philox(key, 0, 0, 0, c3);

    for (lane = 0; lane < 4; lane++) {
      assert_true(gsl_rng_get(r) == b.v[lane]);
    }
  }
  gsl_rng_free(r);
}

static void test_gsl_position_reproducible(void **state) {
  enum { N = 1000 };
  sim_rng_key key = sim_rng_key_make(TEST_SEED, 0);
  gsl_rng *r = gsl_rng_alloc(sim_rng_philox_type);
  gsl_rng *other = gsl_rng_alloc(sim_rng_philox_type);
  double first[N];
  int i, differs = 0;

  (void)state;
  assert_non_null(r);
  assert_non_null(other);
  sim_rng_gsl_position(r, key, 42, 240, 3);
  for (i = 0; i < N; i++) {
    first[i] = gsl_ran_gamma(r, 2.5, 1.0);
  }
  /* The same position again, on the same generator after use and on a fresh one, replays the same draws. */
  sim_rng_gsl_position(r, key, 42, 240, 3);
  sim_rng_gsl_position(other, key, 42, 240, 3);
  for (i = 0; i < N; i++) {
    double a = gsl_ran_gamma(r, 2.5, 1.0), b = gsl_ran_gamma(other, 2.5, 1.0);

    assert_true(a == first[i]);
    assert_true(b == first[i]);
  }
  /* A different purpose counter must give a different sequence. */
  sim_rng_gsl_position(r, key, 42, 240, 4);
  for (i = 0; i < N; i++) {
    differs += gsl_ran_gamma(r, 2.5, 1.0) != first[i];
  }
  assert_true(differs > N / 2);
  gsl_rng_free(r);
  gsl_rng_free(other);
}

static void test_gsl_position_wrong_type_untouched(void **state) {
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng *copy;
  int i;

  (void)state;
  assert_non_null(r);
  copy = gsl_rng_clone(r);
  assert_non_null(copy);
  sim_rng_gsl_position(r, sim_rng_key_make(1, 1), 1, 2, 3);
  sim_rng_gsl_position(NULL, sim_rng_key_make(1, 1), 1, 2, 3);
  for (i = 0; i < 100; i++) {
    assert_true(gsl_rng_get(r) == gsl_rng_get(copy));
  }
  gsl_rng_free(r);
  gsl_rng_free(copy);
}

static void test_gsl_gaussian_moments(void **state) {
  enum { N = 100000 };
  const double sigma = 2.0;
  double *x = malloc(N * sizeof *x);
  gsl_rng *r = gsl_rng_alloc(sim_rng_philox_type);
  double mean, var, se_mean, se_var;
  int i;

  (void)state;
  assert_non_null(x);
  assert_non_null(r);
  sim_rng_gsl_position(r, sim_rng_key_make(TEST_SEED, 0), 0, 0, 9);
  for (i = 0; i < N; i++) {
    x[i] = gsl_ran_gaussian(r, sigma);
  }
  mean = gsl_stats_mean(x, 1, N);
  var = gsl_stats_variance_m(x, 1, N, mean);
  se_mean = sigma / sqrt((double)N);
  /* For a normal sample the variance estimator has standard error sigma^2 * sqrt(2 / (n - 1)). */
  se_var = sigma * sigma * sqrt(2.0 / (double)(N - 1));
  free(x);
  gsl_rng_free(r);
  assert_true(fabs(mean) < 4.0 * se_mean);
  assert_true(fabs(var - sigma * sigma) < 4.0 * se_var);
}

static void test_gsl_lognormal_mean(void **state) {
  enum { N = 100000 };
  const double zeta = 0.3, sigma = 0.5;
  gsl_rng *r = gsl_rng_alloc(sim_rng_philox_type);
  double sum = 0.0, mean, expect, sd, se;
  int i;

  (void)state;
  assert_non_null(r);
  sim_rng_gsl_position(r, sim_rng_key_make(TEST_SEED, 0), 0, 0, 10);
  for (i = 0; i < N; i++) {
    sum += gsl_ran_lognormal(r, zeta, sigma);
  }
  mean = sum / N;
  expect = exp(zeta + sigma * sigma / 2.0);
  sd = sqrt((exp(sigma * sigma) - 1.0) * exp(2.0 * zeta + sigma * sigma));
  se = sd / sqrt((double)N);
  gsl_rng_free(r);
  assert_true(fabs(mean - expect) < 4.0 * se);
}

static void test_gsl_uniform_range(void **state) {
  enum { N = 1000000 };
  gsl_rng *r = gsl_rng_alloc(sim_rng_philox_type);
  double lo = 1.0, hi = 0.0, sum = 0.0;
  int i;

  (void)state;
  assert_non_null(r);
  sim_rng_gsl_position(r, sim_rng_key_make(TEST_SEED, 0), 0, 0, 11);
  for (i = 0; i < N; i++) {
    double u = gsl_rng_uniform(r);

    lo = u < lo ? u : lo;
    hi = u > hi ? u : hi;
    sum += u;
  }
  gsl_rng_free(r);
  assert_true(lo >= 0.0);
  assert_true(hi < 1.0);
  /* The extremes should come close to the ends, and the mean should be 1/2 within 4 standard errors. */
  assert_true(lo < 1e-4);
  assert_true(hi > 1.0 - 1e-4);
  assert_true(fabs(sum / N - 0.5) < 4.0 * sqrt(1.0 / 12.0 / N));
}

static void test_threshold_values(void **state) {
  (void)state;
  assert_true(sim_rng_threshold(0.0) == 0);
  assert_true(sim_rng_threshold(-0.5) == 0);
  assert_true(sim_rng_threshold((double)NAN) == 0);
  assert_true(sim_rng_threshold(1.0) > (uint64_t)UINT32_MAX);
  assert_true(sim_rng_threshold(1.0) == UINT64_C(1) << 32);
  assert_true(sim_rng_threshold(3.0) == UINT64_C(1) << 32);
  assert_true(sim_rng_threshold(0.5) == UINT64_C(1) << 31);
  assert_true(sim_rng_threshold(0.25) == UINT64_C(1) << 30);
  /* Just below one must stay a 33-bit value no larger than 2^32. */
  assert_true(sim_rng_threshold(1.0 - 1e-17) <= UINT64_C(1) << 32);
  /* The extreme words: p = 1 fires on the largest word, p = 0 never fires on the smallest. */
  assert_true((uint64_t)UINT32_MAX < sim_rng_threshold(1.0));
  assert_false((uint64_t)0 < sim_rng_threshold(0.0));
}

static void test_threshold_frequency(void **state) {
  enum { N = 1000000 };
  const double p = 0.03;
  sim_rng_key key = sim_rng_key_make(TEST_SEED, 5);
  uint64_t t = sim_rng_threshold(p);
  double hits = 0.0, sigma = sqrt(N * p * (1.0 - p));
  uint32_t i;

  (void)state;
  for (i = 0; i < N; i++) {
    hits += (uint64_t)sim_rng_philox(key, i, 7, 3, 0).v[0] < t;
  }
  assert_true(fabs(hits - N * p) < 4.0 * sigma);
}

/* Words past a batch's end must keep this value: the batch writes exactly n words per array. */
#define BATCH_SENTINEL 0x5EA1ED00u

/*
 * sim_rng_philox_batch under the implementation called name, against sim_rng_philox counter by
 * counter: several keys and counters (some runs wrapping past 2^32, in the vector part or in the
 * tail), lengths around the vector widths, the fourth word wanted or not, and unaligned outputs.
 */
static void check_batch(const char *name) {
  enum { MAX_N = 1000, CAP = MAX_N + 4 };
  static const size_t lengths[] = {0, 1, 7, 8, 15, 16, 17, 100, 1000};
  static const uint32_t firsts[] = {0, 1, 12345, 0xFFFFFFFFu - 40u, 0xFFFFFFF8u, 0xFFFFFFFFu};
  static const uint32_t counters[][3] = {{0, 0, 0}, {17, 0, 0}, {119, 3, 1}, {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu}};
  const sim_rng_key keys[] = {key_of(0, 0), key_of(0xFFFFFFFFu, 0xFFFFFFFFu), key_of(0xa4093822u, 0x299f31d0u),
                              sim_rng_key_make(TEST_SEED, 3)};
  static uint32_t buf[4][CAP];
  size_t ki, fi, ci, li, j;
  int with_v3;

  assert_int_equal(sim_rng_batch_force(name), 0);
  assert_string_equal(sim_rng_batch_impl(), name);
  for (ki = 0; ki < sizeof keys / sizeof keys[0]; ki++) {
    sim_rng_round_keys rk = sim_rng_schedule(keys[ki]);

    for (fi = 0; fi < sizeof firsts / sizeof firsts[0]; fi++) {
      for (ci = 0; ci < sizeof counters / sizeof counters[0]; ci++) {
        for (li = 0; li < sizeof lengths / sizeof lengths[0]; li++) {
          for (with_v3 = 0; with_v3 < 2; with_v3++) {
            const uint32_t *c = counters[ci];
            size_t n = lengths[li];
            /* One word in: the outputs need not be aligned to the vector width. */
            size_t off = (ki + li) % 2;
            int w;

            for (w = 0; w < 4; w++) {
              for (j = 0; j < CAP; j++) {
                buf[w][j] = BATCH_SENTINEL;
              }
            }
            sim_rng_philox_batch(&rk, firsts[fi], n, c[0], c[1], c[2], buf[0] + off, buf[1] + off, buf[2] + off,
                                 with_v3 ? buf[3] + off : NULL);
            for (j = 0; j < n; j++) {
              /* The counter wraps modulo 2^32. */
              sim_rng_block b = sim_rng_philox(keys[ki], firsts[fi] + (uint32_t)j, c[0], c[1], c[2]);

              assert_int_equal(buf[0][off + j], b.v[0]);
              assert_int_equal(buf[1][off + j], b.v[1]);
              assert_int_equal(buf[2][off + j], b.v[2]);
              assert_int_equal(buf[3][off + j], with_v3 ? b.v[3] : BATCH_SENTINEL);
            }
            for (w = 0; w < 4; w++) {
              for (j = 0; j < CAP; j++) {
                if (j < off || j >= off + n) {
                  assert_int_equal(buf[w][j], BATCH_SENTINEL);
                }
              }
            }
          }
        }
      }
    }
  }
  /* The gather: listed counters in any order (repeats, the extremes), lengths around the widths. */
  {
    static uint32_t list[MAX_N];
    for (j = 0; j < MAX_N; j++)
      list[j] = j % 3 == 0 ? (uint32_t)(j * 2654435761u) : j % 3 == 1 ? 0xFFFFFFFFu - (uint32_t)j : 7u;
    for (li = 0; li < sizeof lengths / sizeof lengths[0]; li++) {
      size_t n = lengths[li], off = li % 2;
      sim_rng_round_keys rk = sim_rng_schedule(keys[li % 4]);
      for (int w = 0; w < 4; w++)
        for (j = 0; j < CAP; j++) buf[w][j] = BATCH_SENTINEL;
      sim_rng_philox_gather(&rk, list, n, 9, 8, 7, buf[0] + off, buf[1] + off, buf[2] + off,
                            li % 3 ? buf[3] + off : NULL);
      for (j = 0; j < CAP; j++) {
        int inside = j >= off && j < off + n;
        sim_rng_block b = sim_rng_philox(keys[li % 4], inside ? list[j - off] : 0, 9, 8, 7);
        assert_int_equal(buf[0][j], inside ? b.v[0] : BATCH_SENTINEL);
        assert_int_equal(buf[1][j], inside ? b.v[1] : BATCH_SENTINEL);
        assert_int_equal(buf[2][j], inside ? b.v[2] : BATCH_SENTINEL);
        assert_int_equal(buf[3][j], inside && li % 3 ? b.v[3] : BATCH_SENTINEL);
      }
    }
  }
  /* A run wrapping past 2^32 gives counter 0 right after counter 0xFFFFFFFF. */
  {
    sim_rng_round_keys rk = sim_rng_schedule(keys[3]);
    sim_rng_block zero = sim_rng_philox(keys[3], 0, 5, 6, 7);

    sim_rng_philox_batch(&rk, 0xFFFFFFF0u, 40, 5, 6, 7, buf[0], buf[1], buf[2], buf[3]);
    assert_int_equal(buf[0][16], zero.v[0]);
    assert_int_equal(buf[3][16], zero.v[3]);
  }
}

/* Teardown of the batch tests: back to the automatic choice, even after a failed assertion. */
static int batch_automatic(void **state) {
  (void)state;
  return sim_rng_batch_force(NULL);
}

static void test_batch_scalar(void **state) {
  (void)state;
  check_batch("scalar");
}

/* The vector paths run where the build and the CPU have them; elsewhere forcing them fails and the test is skipped. */
static void test_batch_avx2(void **state) {
  (void)state;
  if (sim_rng_batch_force("avx2") != 0) {
    skip();
  }
  check_batch("avx2");
}

static void test_batch_avx512(void **state) {
  (void)state;
  if (sim_rng_batch_force("avx512") != 0) {
    skip();
  }
  check_batch("avx512");
}

/* Forcing an unknown name fails and keeps the current choice; NULL goes back to the automatic one. */
static void test_batch_force(void **state) {
  static const char *const known[] = {"scalar", "avx2", "avx512"};
  const char *automatic = sim_rng_batch_impl();
  size_t k;
  int found = 0;

  (void)state;
  for (k = 0; k < sizeof known / sizeof known[0]; k++) {
    found |= strcmp(automatic, known[k]) == 0;
  }
  assert_true(found);
  assert_int_equal(sim_rng_batch_force("scalar"), 0);
  assert_int_equal(sim_rng_batch_force("sse9"), -1);
  assert_int_equal(sim_rng_batch_force(""), -1);
  assert_int_equal(sim_rng_batch_force("AVX2"), -1);
  assert_string_equal(sim_rng_batch_impl(), "scalar");
  assert_int_equal(sim_rng_batch_force(NULL), 0);
  assert_string_equal(sim_rng_batch_impl(), automatic);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_philox_kat_zero),
      cmocka_unit_test(test_philox_kat_ones),
      cmocka_unit_test(test_philox_kat_pi),
      cmocka_unit_test(test_key_make_documented),
      cmocka_unit_test(test_purity_and_sensitivity),
      cmocka_unit_test(test_key_make_distinct),
      cmocka_unit_test(test_u01_bounds),
      cmocka_unit_test(test_independence_keys),
      cmocka_unit_test(test_independence_adjacent_counters),
      cmocka_unit_test(test_chi_square_uniformity),
      cmocka_unit_test(test_gsl_type_metadata),
      cmocka_unit_test(test_gsl_position_matches_philox),
      cmocka_unit_test(test_gsl_position_reproducible),
      cmocka_unit_test(test_gsl_position_wrong_type_untouched),
      cmocka_unit_test(test_gsl_gaussian_moments),
      cmocka_unit_test(test_gsl_lognormal_mean),
      cmocka_unit_test(test_gsl_uniform_range),
      cmocka_unit_test(test_threshold_values),
      cmocka_unit_test(test_threshold_frequency),
      cmocka_unit_test_teardown(test_batch_scalar, batch_automatic),
      cmocka_unit_test_teardown(test_batch_avx2, batch_automatic),
      cmocka_unit_test_teardown(test_batch_avx512, batch_automatic),
      cmocka_unit_test_teardown(test_batch_force, batch_automatic),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
