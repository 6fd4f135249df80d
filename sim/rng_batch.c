/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rng_batch.c: Philox4x32-10 on runs of consecutive counters: a portable loop, AVX2 and AVX-512F kernels, chosen at run time. */
#include "sim/rng_batch.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* The vector kernels need gcc or clang on x86 (target attributes, cpu detection); elsewhere only the loop is built. */
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define RNG_BATCH_X86 1
#include <immintrin.h>
#else
#define RNG_BATCH_X86 0
#endif

typedef void batch_fn(const sim_rng_round_keys *rk, uint32_t c0_first, size_t n, uint32_t c1, uint32_t c2, uint32_t c3,
                      uint32_t *v0, uint32_t *v1, uint32_t *v2, uint32_t *v3);
typedef void gather_fn(const sim_rng_round_keys *rk, const uint32_t *c0, size_t n, uint32_t c1, uint32_t c2,
                       uint32_t c3, uint32_t *v0, uint32_t *v1, uint32_t *v2, uint32_t *v3);

/* Counters from..n-1 of the run, one at a time: the portable path, and the tail of the vector ones. */
static void batch_scalar_from(const sim_rng_round_keys *rk, uint32_t c0_first, size_t from, size_t n, uint32_t c1,
                              uint32_t c2, uint32_t c3, uint32_t *v0, uint32_t *v1, uint32_t *v2, uint32_t *v3) {
  size_t j;

  for (j = from; j < n; j++) {
    /* The cast keeps the low 32 bits of j, so the counter wraps modulo 2^32 as documented. */
    sim_rng_block b = sim_rng_philox_rk(rk, c0_first + (uint32_t)j, c1, c2, c3);

    v0[j] = b.v[0];
    v1[j] = b.v[1];
    v2[j] = b.v[2];
    if (v3 != NULL) {
      v3[j] = b.v[3];
    }
  }
}

/* Listed counters from..n-1, one at a time: the portable gather, and the tail of the vector ones. */
static void gather_scalar_from(const sim_rng_round_keys *rk, const uint32_t *c0, size_t from, size_t n, uint32_t c1,
                               uint32_t c2, uint32_t c3, uint32_t *v0, uint32_t *v1, uint32_t *v2, uint32_t *v3) {
  for (size_t j = from; j < n; j++) {
    sim_rng_block b = sim_rng_philox_rk(rk, c0[j], c1, c2, c3);
    v0[j] = b.v[0];
    v1[j] = b.v[1];
    v2[j] = b.v[2];
    if (v3 != NULL) v3[j] = b.v[3];
  }
}

static void gather_scalar(const sim_rng_round_keys *rk, const uint32_t *c0, size_t n, uint32_t c1, uint32_t c2,
                          uint32_t c3, uint32_t *v0, uint32_t *v1, uint32_t *v2, uint32_t *v3) {
  gather_scalar_from(rk, c0, 0, n, c1, c2, c3, v0, v1, v2, v3);
}

static void batch_scalar(const sim_rng_round_keys *rk, uint32_t c0_first, size_t n, uint32_t c1, uint32_t c2,
                         uint32_t c3, uint32_t *v0, uint32_t *v1, uint32_t *v2, uint32_t *v3) {
  batch_scalar_from(rk, c0_first, 0, n, c1, c2, c3, v0, v1, v2, v3);
}

#if RNG_BATCH_X86

/*
 * Both vector kernels hold each 32-bit Philox word in the low half of a 64-bit lane, the operand
 * that _mm256_mul_epu32 / _mm512_mul_epu32 multiply: one instruction gives the whole 64-bit
 * product, whose high half (shifted down) and low half (the product itself) are the round's hi
 * and lo.  The high halves of the lanes fill with garbage that nothing reads: the multiplications
 * and the final packing use the low halves only.  One vector of counters takes the even offsets
 * of the run and a second one the odd offsets, so the packing is a shift and a blend; their low
 * halves wrap modulo 2^32 whatever the 64-bit additions do above.  A round is Philox's:
 *     x0 = hi(M1 x2) ^ x1 ^ k0,  x1 = lo(M1 x2),  x2 = hi(M0 x0) ^ x3 ^ k1,  x3 = lo(M0 x0).
 */

#define AVX2 __attribute__((target("avx2")))

static inline AVX2 void round_avx2(__m256i x[4], __m256i k0, __m256i k1) {
  const __m256i m0 = _mm256_set1_epi64x(0xD2511F53), m1 = _mm256_set1_epi64x(0xCD9E8D57);
  __m256i p0 = _mm256_mul_epu32(x[0], m0), p1 = _mm256_mul_epu32(x[2], m1);

  /* x1 ^ k0 and x3 ^ k1 do not wait for the multiplications. */
  x[0] = _mm256_xor_si256(_mm256_srli_epi64(p1, 32), _mm256_xor_si256(x[1], k0));
  x[1] = p1;
  x[2] = _mm256_xor_si256(_mm256_srli_epi64(p0, 32), _mm256_xor_si256(x[3], k1));
  x[3] = p0;
}

/* The round keys in every lane, then the ten rounds on two vectors of counters at once (their
 * chains of multiplications overlap). */
static inline AVX2 void keys_avx2(const sim_rng_round_keys *rk, __m256i k0[10], __m256i k1[10]) {
  for (int round = 0; round < 10; round++) {
    k0[round] = _mm256_set1_epi32((int)rk->k[round][0]);
    k1[round] = _mm256_set1_epi32((int)rk->k[round][1]);
  }
}

static inline AVX2 void rounds_avx2(__m256i e[4], __m256i o[4], const __m256i k0[10], const __m256i k1[10]) {
  for (int round = 0; round < 10; round++) {
    round_avx2(e, k0[round], k1[round]);
    round_avx2(o, k0[round], k1[round]);
  }
}

/* The 32-bit words of lanes even (offsets 0, 2, 4, 6) and odd (1, 3, 5, 7), in offset order. */
static inline AVX2 void store_avx2(uint32_t *dst, __m256i even, __m256i odd) {
  _mm256_storeu_si256((__m256i *)(void *)dst, _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA));
}

/* Eight counters per iteration, in two vectors of four so the two chains of multiplications overlap. */
static AVX2 void batch_avx2(const sim_rng_round_keys *rk, uint32_t c0_first, size_t n, uint32_t c1, uint32_t c2,
                            uint32_t c3, uint32_t *v0, uint32_t *v1, uint32_t *v2, uint32_t *v3) {
  __m256i k0[10], k1[10];
  const __m256i x1 = _mm256_set1_epi32((int)c1), x2 = _mm256_set1_epi32((int)c2), x3 = _mm256_set1_epi32((int)c3);
  const __m256i step = _mm256_set1_epi64x(8);
  __m256i c_even = _mm256_add_epi64(_mm256_set1_epi64x(c0_first), _mm256_setr_epi64x(0, 2, 4, 6));
  __m256i c_odd = _mm256_add_epi64(c_even, _mm256_set1_epi64x(1));
  size_t j;

  keys_avx2(rk, k0, k1);
  for (j = 0; n - j >= 8; j += 8) {
    __m256i e[4], o[4];

    e[0] = c_even;
    o[0] = c_odd;
    e[1] = o[1] = x1;
    e[2] = o[2] = x2;
    e[3] = o[3] = x3;
    rounds_avx2(e, o, k0, k1);
    store_avx2(v0 + j, e[0], o[0]);
    store_avx2(v1 + j, e[1], o[1]);
    store_avx2(v2 + j, e[2], o[2]);
    if (v3 != NULL) {
      store_avx2(v3 + j, e[3], o[3]);
    }
    c_even = _mm256_add_epi64(c_even, step);
    c_odd = _mm256_add_epi64(c_odd, step);
  }
  batch_scalar_from(rk, c0_first, j, n, c1, c2, c3, v0, v1, v2, v3);
}

/* The low halves of the four 64-bit lanes of x, in lane order. */
static inline AVX2 void store_low_avx2(uint32_t *dst, __m256i x) {
  const __m256i low = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
  _mm_storeu_si128((__m128i *)(void *)dst, _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(x, low)));
}

/* Eight listed counters per iteration: the first four in one vector, the next four in another. */
static AVX2 void gather_avx2(const sim_rng_round_keys *rk, const uint32_t *c0, size_t n, uint32_t c1, uint32_t c2,
                             uint32_t c3, uint32_t *v0, uint32_t *v1, uint32_t *v2, uint32_t *v3) {
  __m256i k0[10], k1[10];
  const __m256i x1 = _mm256_set1_epi32((int)c1), x2 = _mm256_set1_epi32((int)c2), x3 = _mm256_set1_epi32((int)c3);
  size_t j;
  keys_avx2(rk, k0, k1);
  for (j = 0; n - j >= 8; j += 8) {
    __m256i e[4], o[4];
    const __m256i c = _mm256_loadu_si256((const __m256i *)(const void *)(c0 + j));
    e[0] = _mm256_cvtepu32_epi64(_mm256_castsi256_si128(c));
    o[0] = _mm256_cvtepu32_epi64(_mm256_extracti128_si256(c, 1));
    e[1] = o[1] = x1;
    e[2] = o[2] = x2;
    e[3] = o[3] = x3;
    rounds_avx2(e, o, k0, k1);
    uint32_t *out[4] = {v0, v1, v2, v3};
    for (int w = 0; w < 4; w++) {
      if (out[w] == NULL) continue;
      store_low_avx2(out[w] + j, e[w]);
      store_low_avx2(out[w] + j + 4, o[w]);
    }
  }
  gather_scalar_from(rk, c0, j, n, c1, c2, c3, v0, v1, v2, v3);
}

#define AVX512 __attribute__((target("avx512f")))

/* The round of round_avx2 on eight lanes; vpternlogq (truth table 0x96) is a three-way exclusive or. */
static inline AVX512 void round_avx512(__m512i x[4], __m512i k0, __m512i k1) {
  const __m512i m0 = _mm512_set1_epi64(0xD2511F53), m1 = _mm512_set1_epi64(0xCD9E8D57);
  __m512i p0 = _mm512_mul_epu32(x[0], m0), p1 = _mm512_mul_epu32(x[2], m1);

  x[0] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), x[1], k0, 0x96);
  x[1] = p1;
  x[2] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), x[3], k1, 0x96);
  x[3] = p0;
}

static inline AVX512 void keys_avx512(const sim_rng_round_keys *rk, __m512i k0[10], __m512i k1[10]) {
  for (int round = 0; round < 10; round++) {
    k0[round] = _mm512_set1_epi32((int)rk->k[round][0]);
    k1[round] = _mm512_set1_epi32((int)rk->k[round][1]);
  }
}

static inline AVX512 void rounds_avx512(__m512i e[4], __m512i o[4], const __m512i k0[10], const __m512i k1[10]) {
  for (int round = 0; round < 10; round++) {
    round_avx512(e, k0[round], k1[round]);
    round_avx512(o, k0[round], k1[round]);
  }
}

static inline AVX512 void store_avx512(uint32_t *dst, __m512i even, __m512i odd) {
  _mm512_storeu_si512(dst, _mm512_mask_blend_epi32((__mmask16)0xAAAA, even, _mm512_slli_epi64(odd, 32)));
}

/* Sixteen counters per iteration, in two vectors of eight. */
static AVX512 void batch_avx512(const sim_rng_round_keys *rk, uint32_t c0_first, size_t n, uint32_t c1, uint32_t c2,
                                uint32_t c3, uint32_t *v0, uint32_t *v1, uint32_t *v2, uint32_t *v3) {
  __m512i k0[10], k1[10];
  const __m512i x1 = _mm512_set1_epi32((int)c1), x2 = _mm512_set1_epi32((int)c2), x3 = _mm512_set1_epi32((int)c3);
  const __m512i step = _mm512_set1_epi64(16);
  __m512i c_even = _mm512_add_epi64(_mm512_set1_epi64(c0_first), _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0));
  __m512i c_odd = _mm512_add_epi64(c_even, _mm512_set1_epi64(1));
  size_t j;

  keys_avx512(rk, k0, k1);
  for (j = 0; n - j >= 16; j += 16) {
    __m512i e[4], o[4];

    e[0] = c_even;
    o[0] = c_odd;
    e[1] = o[1] = x1;
    e[2] = o[2] = x2;
    e[3] = o[3] = x3;
    rounds_avx512(e, o, k0, k1);
    store_avx512(v0 + j, e[0], o[0]);
    store_avx512(v1 + j, e[1], o[1]);
    store_avx512(v2 + j, e[2], o[2]);
    if (v3 != NULL) {
      store_avx512(v3 + j, e[3], o[3]);
    }
    c_even = _mm512_add_epi64(c_even, step);
    c_odd = _mm512_add_epi64(c_odd, step);
  }
  batch_scalar_from(rk, c0_first, j, n, c1, c2, c3, v0, v1, v2, v3);
}

/* Sixteen listed counters per iteration: the first eight in one vector, the next eight in another;
 * vpmovqd packs the low halves back in lane order. */
static AVX512 void gather_avx512(const sim_rng_round_keys *rk, const uint32_t *c0, size_t n, uint32_t c1, uint32_t c2,
                                 uint32_t c3, uint32_t *v0, uint32_t *v1, uint32_t *v2, uint32_t *v3) {
  __m512i k0[10], k1[10];
  const __m512i x1 = _mm512_set1_epi32((int)c1), x2 = _mm512_set1_epi32((int)c2), x3 = _mm512_set1_epi32((int)c3);
  size_t j;
  keys_avx512(rk, k0, k1);
  for (j = 0; n - j >= 16; j += 16) {
    __m512i e[4], o[4];
    const __m512i c = _mm512_loadu_si512(c0 + j);
    e[0] = _mm512_cvtepu32_epi64(_mm512_castsi512_si256(c));
    o[0] = _mm512_cvtepu32_epi64(_mm512_extracti64x4_epi64(c, 1));
    e[1] = o[1] = x1;
    e[2] = o[2] = x2;
    e[3] = o[3] = x3;
    rounds_avx512(e, o, k0, k1);
    uint32_t *out[4] = {v0, v1, v2, v3};
    for (int w = 0; w < 4; w++) {
      if (out[w] == NULL) continue;
      _mm256_storeu_si256((__m256i *)(void *)(out[w] + j), _mm512_cvtepi64_epi32(e[w]));
      _mm256_storeu_si256((__m256i *)(void *)(out[w] + j + 8), _mm512_cvtepi64_epi32(o[w]));
    }
  }
  gather_scalar_from(rk, c0, j, n, c1, c2, c3, v0, v1, v2, v3);
}

#endif /* RNG_BATCH_X86 */

/* The implementations, narrowest first; a NULL function is one this build does not have. */
enum { IMPL_SCALAR, IMPL_AVX2, IMPL_AVX512, IMPL_COUNT };

static const struct {
  const char *name;
  batch_fn *fn;
  gather_fn *gather;
} impls[IMPL_COUNT] = {
    {"scalar", batch_scalar, gather_scalar},
#if RNG_BATCH_X86
    {"avx2", batch_avx2, gather_avx2},
    {"avx512", batch_avx512, gather_avx512},
#else
    {"avx2", NULL, NULL},
    {"avx512", NULL, NULL},
#endif
};

/*
 * The chosen implementation plus one; 0 until the first call chooses.  Static storage starts at
 * 0, a valid atomic state, so no initialiser or once-guard is needed.
 */
static atomic_int chosen;

/* Whether implementation k is built and the CPU and OS can run it (the cpu detection checks the OS too). */
static int available(int k) {
  if (impls[k].fn == NULL) {
    return 0;
  }
#if RNG_BATCH_X86
  if (k == IMPL_AVX2) {
    return __builtin_cpu_supports("avx2") != 0;
  }
  if (k == IMPL_AVX512) {
    return __builtin_cpu_supports("avx512f") != 0;
  }
#endif
  return 1;
}

/* The implementation called name, or -1 for an unknown name. */
static int find(const char *name) {
  int k;

  for (k = 0; k < IMPL_COUNT; k++) {
    if (strcmp(impls[k].name, name) == 0) {
      return k;
    }
  }
  return -1;
}

/* TZSIM_RNG_SIMD if it names an available implementation, else the widest available one. */
static int automatic(void) {
  const char *env = getenv("TZSIM_RNG_SIMD");
  int k = env != NULL ? find(env) : -1;

  if (k >= 0 && available(k)) {
    return k;
  }
  for (k = IMPL_COUNT - 1; k > IMPL_SCALAR; k--) {
    if (available(k)) {
      break;
    }
  }
  return k;
}

/* The chosen implementation, choosing it on first use. */
static int current(void) {
  int k = atomic_load(&chosen);

  if (k == 0) {
    /* Threads racing here all compute the same choice; the first store wins and the others
         * read it back (as they would a sim_rng_batch_force made in between). */
    int expected = 0;

    k = automatic() + 1;
    if (!atomic_compare_exchange_strong(&chosen, &expected, k)) {
      k = expected;
    }
  }
  return k - 1;
}

void sim_rng_philox_batch(const sim_rng_round_keys *rk, uint32_t c0_first, size_t n, uint32_t c1, uint32_t c2,
                          uint32_t c3, uint32_t *v0, uint32_t *v1, uint32_t *v2, uint32_t *v3) {
  impls[current()].fn(rk, c0_first, n, c1, c2, c3, v0, v1, v2, v3);
}

void sim_rng_philox_gather(const sim_rng_round_keys *rk, const uint32_t *c0, size_t n, uint32_t c1, uint32_t c2,
                           uint32_t c3, uint32_t *v0, uint32_t *v1, uint32_t *v2, uint32_t *v3) {
  impls[current()].gather(rk, c0, n, c1, c2, c3, v0, v1, v2, v3);
}

const char *sim_rng_batch_impl(void) { return impls[current()].name; }

int sim_rng_batch_vector(void) { return current() != IMPL_SCALAR; }

int sim_rng_batch_force(const char *name) {
  int k = name != NULL ? find(name) : automatic();

  if (k < 0 || !available(k)) {
    return -1;
  }
  atomic_store(&chosen, k + 1);
  return 0;
}
