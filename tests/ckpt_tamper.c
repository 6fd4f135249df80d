/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ckpt_tamper.c: edit a real checkpoint and recompute its trailer (see ckpt_tamper.h). */
#include "ckpt_tamper.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/cohorts.h"
#include "models/ebe.h"
#include "models/report.h"
#include "sim/checkpoint.h"
#include "sim/shard.h"

#define ACC_BYTES (16 + 8 * (size_t)MDL_H_COUNT) /* models/tzcld.c terr_acc */

static size_t cap_of(size_t count) { return count ? count : 1; } /* mdl_queue_alloc */

/* Bytes of a replication's state before its cohort records. */
static size_t fixed_bytes(const ckt_file *f) {
  size_t n = f->n, K = (size_t)f->K, b = n * (2 + 1 + 1 + 2 + 2 + 2) + 2 * n * (1 + 1 + 1 + 2);
  for (int k = 0; k < f->K; k++) b += 16 + cap_of(f->count[k]) * (4 + 2);
  if (f->due) b += 2 * n;
  return b + (K + 1) * ACC_BYTES + K * sizeof(mdl_ebe_set) + K * 8 + K * 8 * MDL_AGE_BANDS + K * 8 + K * 8;
}

uint64_t ckt_get(const ckt_file *f, size_t at, size_t bytes) {
  uint64_t v = 0;
  memcpy(&v, f->buf + at, bytes); /* little-endian hosts only, like the checkpoint itself */
  return v;
}

void ckt_put(ckt_file *f, size_t at, size_t bytes, uint64_t v) { memcpy(f->buf + at, &v, bytes); }
void ckt_put_double(ckt_file *f, size_t at, double v) { memcpy(f->buf + at, &v, sizeof v); }

int ckt_load(ckt_file *f, const char *path, const mdl_scenario *s) {
  memset(f, 0, sizeof *f);
  if (s->n_territories > 64 || s->population_growth > 0) return -1;
  FILE *in = fopen(path, "rb");
  if (!in) return -1;
  if (fseek(in, 0, SEEK_END) != 0 || (long)(f->len = (size_t)ftell(in)) < 0 || fseek(in, 0, SEEK_SET) != 0 ||
      !(f->buf = malloc(f->len + 64)) || fread(f->buf, 1, f->len, in) != f->len) {
    (void)fclose(in);
    ckt_free(f);
    return -1;
  }
  (void)fclose(in);
  f->K = s->n_territories;
  f->due = s->engine == MDL_ENGINE_SCHEDULED;
  for (int k = 0; k < f->K; k++) {
    f->first[k] = f->n;
    f->count[k] = (size_t)mdl_scenario_agents(s, k);
    f->n += f->count[k];
  }
  sim_ckpt_header h;
  if (f->len < (size_t)SIM_CKPT_PREFIX_AT) return -1;
  memcpy(&h, f->buf + SIM_CKPT_HEADER_AT, sizeof h);
  f->reps = h.replications;
  if (f->reps > 16) return -1;
  size_t at = (size_t)sim_ckpt_states_at(&h);
  for (uint32_t r = 0; r < f->reps; r++) {
    f->rep_at[r] = at;
    at += fixed_bytes(f);
    f->coh_at[r] = at;
    at += sizeof(int);
    for (int k = 0; k < f->K; k++)
      for (int which = 0; which < 2; which++) {
        if (at + 8 > f->len) return -1;
        at += 8 + ckt_get(f, at, 8) * sizeof(mdl_coh_rec);
      }
  }
  f->stats_at = at;
  return at + (size_t)h.reported_before * h.out_width * sizeof(sim_stats_acc) + 8 == f->len ? 0 : -1;
}

void ckt_free(ckt_file *f) {
  free(f->buf);
  memset(f, 0, sizeof *f);
}

int ckt_save(ckt_file *f, const char *path) {
  uint64_t h = sim_fnv1a(SIM_FNV1A_INIT, f->buf, f->len - 8);
  memcpy(f->buf + f->len - 8, &h, 8);
  FILE *out = fopen(path, "wb");
  if (!out) return -1;
  int bad = fwrite(f->buf, 1, f->len, out) != f->len;
  return fclose(out) != 0 || bad ? -1 : 0;
}

size_t ckt_header(const char *field) {
  size_t base = (size_t)SIM_CKPT_HEADER_AT;
#define FIELD(name)                                                                                                    \
  if (!strcmp(field, #name)) return base + offsetof(sim_ckpt_header, name);
  FIELD(version)
  FIELD(git_revision)
  FIELD(prefix_hash)
  FIELD(seed)
  FIELD(replications)
  FIELD(date)
  FIELD(step)
  FIELD(reported_before)
  FIELD(out_width)
  FIELD(prefix_len)
#undef FIELD
  abort();
}

size_t ckt_agent(const ckt_file *f, uint32_t rep, ckt_field what, int arm, size_t slot) {
  size_t n = f->n, at = f->rep_at[rep];
  /* age u16, emp u8, fte u8, vol u16, hired u16, vol_first u16, then per arm: status u8, regime u8,
   * spell u8, cost u16 */
  static const size_t shared[] = {0, 2, 3, 4, 6, 8}, width[] = {2, 1, 1, 2, 2, 2};
  if (what <= CKT_VOL_FIRST) return at + shared[what] * n + width[what] * slot;
  static const size_t arm_off[] = {0, 1, 2, 3}, arm_w[] = {1, 1, 1, 2};
  int j = (int)what - (int)CKT_STATUS;
  return at + 10 * n + (size_t)arm * 5 * n + arm_off[j] * n + arm_w[j] * slot;
}

size_t ckt_queue_cap(const ckt_file *f, int k) { return cap_of(f->count[k]); }

size_t ckt_queue(const ckt_file *f, uint32_t rep, int k) {
  size_t at = f->rep_at[rep] + 20 * f->n;
  for (int j = 0; j < k; j++) at += 16 + cap_of(f->count[j]) * 6;
  return at;
}

size_t ckt_due(const ckt_file *f, uint32_t rep, size_t slot) { return ckt_queue(f, rep, f->K) + 2 * slot; }

static size_t after_queues(const ckt_file *f, uint32_t rep) {
  return ckt_queue(f, rep, f->K) + (f->due ? 2 * f->n : 0);
}

size_t ckt_acc(const ckt_file *f, uint32_t rep, int group) { return after_queues(f, rep) + (size_t)group * ACC_BYTES; }

size_t ckt_ebe(const ckt_file *f, uint32_t rep, int k) {
  return ckt_acc(f, rep, f->K + 1) + (size_t)k * sizeof(mdl_ebe_set);
}

size_t ckt_hire_allowance(const ckt_file *f, uint32_t rep, int k) { return ckt_ebe(f, rep, f->K) + (size_t)k * 8; }

size_t ckt_cap_runmax(const ckt_file *f, uint32_t rep, int k) {
  size_t K = (size_t)f->K;
  return ckt_hire_allowance(f, rep, f->K) + K * 8 * MDL_AGE_BANDS + K * 8 + (size_t)k * 8;
}

size_t ckt_coh_count(const ckt_file *f, uint32_t rep, int k, int closed) {
  size_t at = f->coh_at[rep] + sizeof(int);
  for (int j = 0; j <= k; j++)
    for (int which = 0; which < 2; which++) {
      if (j == k && which == closed) return at;
      at += 8 + ckt_get(f, at, 8) * sizeof(mdl_coh_rec);
    }
  return at;
}
