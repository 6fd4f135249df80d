/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rng.h: counter-based random numbers: Philox4x32-10 keyed by (seed, replication), plus a GSL adapter. */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/*
 * Every random draw in the simulator is a pure function of a key and a
 * counter, so results do not depend on thread count, scheduling or the order
 * in which agents are visited.  The key identifies the stream (seed and
 * replication); the four counter words name the draw (by convention agent,
 * month, purpose, extra).
 */

/* One Philox output: 4 x 32 bits. */
typedef struct {
  uint32_t v[4];
} sim_rng_block;

/* A Philox4x32 key: 2 x 32 bits. */
typedef struct {
  uint32_t k[2];
} sim_rng_key;

/*
 * The key of a stream, a pure function of (seed, replication).
 *
 * Let splitmix64 be Vigna's generator: each step adds the golden-ratio
 * increment 0x9E3779B97F4A7C15 to a 64-bit state and returns the state passed
 * through the finaliser (z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27;
 * z *= 0x94D049BB133111EB; z ^= z >> 31).  Then
 *
 *     h     = first output of splitmix64 seeded with `seed`
 *     key64 = output number (replication + 1) of splitmix64 seeded with h
 *     k[0]  = low 32 bits of key64, k[1] = high 32 bits of key64.
 *
 * The second stage is computed in constant time, because the n-th splitmix64
 * output is just the finaliser applied to state + n * increment.  For a fixed
 * seed, distinct replications give distinct keys (the finaliser is a
 * bijection), and likewise distinct seeds for a fixed replication.
 */
sim_rng_key sim_rng_key_make(uint64_t seed, uint32_t replication);

/*
 * One Philox4x32-10 call on counter (c0, c1, c2, c3), conventionally
 * (agent, month, purpose, extra).  It is pure and defined here so that hot
 * loops can inline it.  The constants are those of Salmon et al. (SC'11):
 * round multipliers 0xD2511F53 and 0xCD9E8D57, Weyl key increments
 * 0x9E3779B9 and 0xBB67AE85, and ten rounds.
 */
static inline sim_rng_block sim_rng_philox(sim_rng_key key, uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3) {
  uint32_t x0 = c0, x1 = c1, x2 = c2, x3 = c3;
  uint32_t k0 = key.k[0], k1 = key.k[1];
  sim_rng_block out;
  int round;

  for (round = 0; round < 10; round++) {
    uint64_t p0 = (uint64_t)0xD2511F53u * x0;
    uint64_t p1 = (uint64_t)0xCD9E8D57u * x2;
    uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
    uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;

    /* The key is bumped before every round but the first, as in the paper. */
    if (round > 0) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    x0 = hi1 ^ x1 ^ k0;
    x1 = lo1;
    x2 = hi0 ^ x3 ^ k1;
    x3 = lo0;
  }
  out.v[0] = x0;
  out.v[1] = x1;
  out.v[2] = x2;
  out.v[3] = x3;
  return out;
}

/*
 * A uniform double in the open interval (0, 1) from one 32-bit word:
 * (x + 0.5) * 2^-32.  The result is never 0 and never 1 (the extremes are
 * 2^-33 and 1 - 2^-33), so callers may take log(u) or log(1 - u) safely.
 */
double sim_rng_u01(uint32_t x);

/*
 * A finer uniform double in the open interval (0, 1) from two words:
 * (2m + 1) * 2^-53, where m is the 52-bit integer formed by the low 20 bits
 * of hi followed by all 32 bits of lo.  The result lies on the 2^-53 grid
 * (odd multiples only), which is the finest grid on which "never 0, never 1"
 * can be kept exactly in double precision; it is also symmetric, so 1 - u is
 * a value the function can return.
 */
double sim_rng_u01_53(uint32_t hi, uint32_t lo);

/*
 * The threshold form used by hot loops: an event of probability p happens
 * when ((uint64_t)word < sim_rng_threshold(p)) for a uniform 32-bit word.
 * The result is p * 2^32 rounded to the nearest integer, so the realised
 * probability is within 2^-33 of p.  p <= 0 and NaN give 0 (never fires);
 * p >= 1 gives 2^32, which exceeds every 32-bit word and so always fires.
 */
uint64_t sim_rng_threshold(double p);

/*
 * Philox as a GSL generator, so any gsl_ran_* sampler can draw from it.
 * Name "philox4x32-10", min 0, max 0xffffffff.  gsl_rng_set(r, s) selects
 * the key sim_rng_key_make(s, 0) with all counters zero.
 */
extern const gsl_rng_type *sim_rng_philox_type;

/*
 * Position a generator at the stream (key, c0, c1, c2).  Successive
 * gsl_rng_get calls then return the four words of counter c3 = 0 in order,
 * then those of c3 = 1, and so on, so a sampler needing several draws
 * (gamma, beta, log-normal, ...) takes them all from one keyed stream.  After
 * 2^34 words c3 wraps and the stream repeats.  The generator must have been
 * allocated with gsl_rng_alloc(sim_rng_philox_type); a NULL generator or one
 * of another type is left untouched, because its state has another layout.
 */
void sim_rng_gsl_position(gsl_rng *r, sim_rng_key key, uint32_t c0, uint32_t c1, uint32_t c2);

/*
 * The same function with its ten round keys computed once (sim_rng_round_keys), for loops that draw
 * with one key many times: the key schedule leaves the inner loop. Bit for bit sim_rng_philox.
 */
typedef struct {
  uint32_t k[10][2];
} sim_rng_round_keys;

static inline sim_rng_round_keys sim_rng_schedule(sim_rng_key key) {
  sim_rng_round_keys rk;
  uint32_t k0 = key.k[0], k1 = key.k[1];
  int round;

  for (round = 0; round < 10; round++) {
    rk.k[round][0] = k0;
    rk.k[round][1] = k1;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return rk;
}

static inline sim_rng_block sim_rng_philox_rk(const sim_rng_round_keys *rk, uint32_t c0, uint32_t c1, uint32_t c2,
                                              uint32_t c3) {
  uint32_t x0 = c0, x1 = c1, x2 = c2, x3 = c3;
  sim_rng_block out;
  int round;

  for (round = 0; round < 10; round++) {
    uint64_t p0 = (uint64_t)0xD2511F53u * x0;
    uint64_t p1 = (uint64_t)0xCD9E8D57u * x2;
    x0 = (uint32_t)(p1 >> 32) ^ x1 ^ rk->k[round][0];
    x1 = (uint32_t)p1;
    x2 = (uint32_t)(p0 >> 32) ^ x3 ^ rk->k[round][1];
    x3 = (uint32_t)p0;
  }
  out.v[0] = x0;
  out.v[1] = x1;
  out.v[2] = x2;
  out.v[3] = x3;
  return out;
}

#endif /* SIM_RNG_H */
