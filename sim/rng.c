/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rng.c: counter-based random numbers: key derivation, uniform conversions, thresholds and the GSL adapter for Philox4x32-10. */
#include "rng.h"

#include <stddef.h>

/* The splitmix64 state increment (2^64 divided by the golden ratio, made odd). */
#define GOLDEN64 UINT64_C(0x9E3779B97F4A7C15)

/* The generator state behind a gsl_rng of sim_rng_philox_type; private so callers go through the API. */
typedef struct {
  sim_rng_key key;
  uint32_t c0, c1, c2;
  uint32_t c3;         /* Counter of the next block to compute. */
  sim_rng_block block; /* The block words are currently being served from. */
  unsigned int used;   /* How many words of block have been served; 4 means compute a new one. */
} philox_state;

/* The splitmix64 finaliser, a bijection on 64-bit words with good avalanche. */
static uint64_t splitmix_finalise(uint64_t z) {
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

sim_rng_key sim_rng_key_make(uint64_t seed, uint32_t replication) {
  sim_rng_key key;
  uint64_t h = splitmix_finalise(seed + GOLDEN64);
  /* Output number (replication + 1) of splitmix64 seeded with h, reached in one step. */
  uint64_t k = splitmix_finalise(h + ((uint64_t)replication + 1u) * GOLDEN64);

  key.k[0] = (uint32_t)k;
  key.k[1] = (uint32_t)(k >> 32);
  return key;
}

double sim_rng_u01(uint32_t x) {
  /* Both the sum and the product are exact in double, so the bounds hold without rounding. */
  return ((double)x + 0.5) * 0x1p-32;
}

double sim_rng_u01_53(uint32_t hi, uint32_t lo) {
  uint64_t m = ((uint64_t)(hi & 0xFFFFFu) << 32) | lo;

  /* 2m + 1 < 2^53 is exactly representable, so the result is exact and strictly inside (0, 1). */
  return (double)(2u * m + 1u) * 0x1p-53;
}

uint64_t sim_rng_threshold(double p) {
  /* The negated comparison also sends NaN to "never", which is the safe reading of a broken input. */
  if (!(p > 0.0)) {
    return 0;
  }
  if (p >= 1.0) {
    return UINT64_C(1) << 32;
  }
  /* p * 2^32 is exact; adding one half and truncating rounds to nearest, and cannot exceed 2^32. */
  return (uint64_t)(p * 0x1p32 + 0.5);
}

/* Serve the next word of the stream, computing a fresh block every fourth call. */
static unsigned long int philox_get(void *vstate) {
  philox_state *s = vstate;

  if (s->used >= 4u) {
    s->block = sim_rng_philox(s->key, s->c0, s->c1, s->c2, s->c3);
    s->c3++;
    s->used = 0;
  }
  return s->block.v[s->used++];
}

/* GSL requires get_double to lie in [0, 1), which word * 2^-32 does exactly. */
static double philox_get_double(void *vstate) { return (double)philox_get(vstate) * 0x1p-32; }

/* Place the state at counter (c0, c1, c2, 0) with no block cached, so the next word is word 0 of c3 = 0. */
static void philox_position(philox_state *s, sim_rng_key key, uint32_t c0, uint32_t c1, uint32_t c2) {
  s->key = key;
  s->c0 = c0;
  s->c1 = c1;
  s->c2 = c2;
  s->c3 = 0;
  s->block.v[0] = s->block.v[1] = s->block.v[2] = s->block.v[3] = 0;
  s->used = 4;
}

/* gsl_rng_set and gsl_rng_alloc land here; a plain seed maps to replication 0 with zero counters. */
static void philox_set(void *vstate, unsigned long int seed) {
  philox_position(vstate, sim_rng_key_make((uint64_t)seed, 0), 0, 0, 0);
}

static const gsl_rng_type philox_type = {"philox4x32-10", 0xFFFFFFFFUL,     0UL, sizeof(philox_state), philox_set,
                                         philox_get,      philox_get_double};

const gsl_rng_type *sim_rng_philox_type = &philox_type;

void sim_rng_gsl_position(gsl_rng *r, sim_rng_key key, uint32_t c0, uint32_t c1, uint32_t c2) {
  /* Writing a philox_state into another generator's state would corrupt memory, so refuse silently. */
  if (r == NULL || r->type != &philox_type || r->state == NULL) {
    return;
  }
  philox_position(r->state, key, c0, c1, c2);
}
