/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hash.h: FNV-1a 64, the checksum of scenario texts, shards and checkpoints (detects accidents,
 * not tampering). */
#ifndef SIM_HASH_H
#define SIM_HASH_H
#include <stddef.h>
#include <stdint.h>

#define SIM_FNV1A_INIT 0xcbf29ce484222325ULL
/* FNV-1a of n bytes at p, continuing from h (SIM_FNV1A_INIT to start). */
uint64_t sim_fnv1a(uint64_t h, const void *p, size_t n);

#endif
