/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rng_batch.h: Philox4x32-10 on runs of consecutive counters, several at once in SIMD lanes where the CPU has them. */
#ifndef SIM_RNG_BATCH_H
#define SIM_RNG_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "sim/rng.h"

/*
 * The words of n consecutive counters: for j in [0, n), the four words of
 * sim_rng_philox_rk(rk, c0_first + j, c1, c2, c3) go to v0[j], v1[j], v2[j]
 * and v3[j].  c0_first + j is taken modulo 2^32 (uint32_t arithmetic), so a
 * run may wrap past 0xffffffff to 0.  v0, v1 and v2 must hold n words each;
 * v3 may be NULL when the fourth word is not wanted (it is then not stored).
 * n = 0 writes nothing.  The output does not depend on the implementation
 * chosen (below): every one gives the scalar function's bits exactly.
 *
 * Loops that draw one block per agent call this on a chunk of agents, then
 * visit the agents: Philox runs in 8 (AVX2) or 16 (AVX-512F) lanes instead of
 * one agent at a time.
 */
void sim_rng_philox_batch(const sim_rng_round_keys *rk, uint32_t c0_first, size_t n, uint32_t c1, uint32_t c2,
                          uint32_t c3, uint32_t *v0, uint32_t *v1, uint32_t *v2, uint32_t *v3);

/*
 * The same for n listed counters: for j in [0, n), the words of
 * sim_rng_philox_rk(rk, c0[j], c1, c2, c3) go to v0[j] ... v3[j].  A pass
 * that visits a scattered few of its agents (the scheduled engine) draws
 * their words together this way.
 */
void sim_rng_philox_gather(const sim_rng_round_keys *rk, const uint32_t *c0, size_t n, uint32_t c1, uint32_t c2,
                           uint32_t c3, uint32_t *v0, uint32_t *v1, uint32_t *v2, uint32_t *v3);

/*
 * Which implementation runs: "scalar" (portable C, always available),
 * "avx2" or "avx512" (x86-64 with gcc or clang, when the CPU and the OS
 * support them; the build needs no -m flag, each is compiled for its target
 * on its own).  The choice is made once, at the first call of
 * sim_rng_philox_batch or sim_rng_batch_impl: the environment variable
 * TZSIM_RNG_SIMD=scalar|avx2|avx512 if it names an available implementation
 * (another value is ignored), else the widest available one.  It is
 * race-free: concurrent first calls agree on the choice.
 */
const char *sim_rng_batch_impl(void);

/*
 * Whether the implementation in use runs in SIMD lanes (not "scalar").  A
 * loop that draws one block per item may then batch its draws; with the
 * scalar implementation it is faster to draw each block beside the item's
 * own work, where the CPU overlaps the two.
 */
int sim_rng_batch_vector(void);

/*
 * Use the implementation called name from now on (for tests and
 * benchmarks); NULL returns to the automatic choice above.  Returns 0, or -1
 * (and changes nothing) if name is unknown or not available here.  Not to be
 * called while other threads draw: they may see either implementation, which
 * is harmless for the bits but not what a test means.
 */
int sim_rng_batch_force(const char *name);

#endif /* SIM_RNG_BATCH_H */
