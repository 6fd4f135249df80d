/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hash.c: see hash.h. */
#include "sim/hash.h"

uint64_t sim_fnv1a(uint64_t h, const void *p, size_t n) {
  const unsigned char *c = p;
  for (size_t i = 0; i < n; i++) {
    h ^= c[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}
