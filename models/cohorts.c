/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cohorts.c: beneficiary cohorts: records of the persons hired and of the volunteers, followed in
 * both arms month by month after their reference month, and their table per replication. */
#include "models/cohorts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/csv.h"

const int mdl_coh_horizon_months[MDL_COH_NPOINT] = {6, 12, 24, 36};
#define AVG_MONTHS 24
#define LAST_POINT 36 /* after it a hired person's record is final */

static const char *const pop_names[MDL_COH_NPOP] = {"hired", "volunteers_not_hired"};
static const char *const horizon_names[MDL_COH_NHOR] = {"6", "12", "24", "36", "avg24"};
static const char *const state_names[MDL_COH_NSTATE] = {"employed", "precarious", "ebe", "unemployed", "ppde", "out"};
static const char *const arm_names[MDL_NARM] = {"counterfactual", "program"};

sim_status mdl_coh_alloc(mdl_cohorts *c, int K, int32_t start, int burn, int steps, int with_lists) {
  memset(c, 0, sizeof *c);
  c->K = K;
  c->start = start;
  c->first_cal = start - burn;
  c->last_step = steps - 1;
  c->first_half = start / 6;
  int32_t last_half = (c->first_cal + c->last_step) / 6;
  c->H = last_half >= c->first_half ? (int)(last_half - c->first_half + 1) : 0;
  if (!with_lists) return SIM_OK;
  c->open = calloc((size_t)K + 1, sizeof *c->open);
  c->closed = calloc((size_t)K + 1, sizeof *c->closed);
  if (!c->open || !c->closed) {
    mdl_coh_free(c);
    return SIM_ENOMEM;
  }
  return SIM_OK;
}

void mdl_coh_free(mdl_cohorts *c) {
  for (int k = 0; k < c->K; k++) {
    if (c->open) free(c->open[k].r);
    if (c->closed) free(c->closed[k].r);
  }
  free(c->open);
  free(c->closed);
  memset(c, 0, sizeof *c);
}

void mdl_coh_reset(mdl_cohorts *c) {
  if (!c->open) return;
  for (int k = 0; k < c->K; k++) {
    c->open[k].n = c->closed[k].n = c->open[k].dead = 0;
    c->open[k].unsorted = 0;
  }
  c->failed = 0;
}

/* Cohort slots: the half-years, then "all" (every half-year pooled). */
static size_t slots(const mdl_cohorts *c) { return (size_t)c->H + 1; }

size_t mdl_coh_width(const mdl_cohorts *c) {
  return ((size_t)c->K + 1) * MDL_COH_NPOP * slots(c) * MDL_COH_NHOR * MDL_COH_NV;
}

static int list_reserve(mdl_coh_list *l, size_t n) {
  if (n <= l->cap) return 0;
  size_t cap = l->cap ? l->cap : 64;
  while (cap < n) cap *= 2;
  mdl_coh_rec *r = realloc(l->r, cap * sizeof *r);
  if (!r) return -1;
  l->r = r;
  l->cap = cap;
  return 0;
}

#define GONE 0xFF /* `out` of a record removed from its open list, until the list is compacted */

/* The open lists' order: reference month, then the month's volunteers by slot, then its hired
 * persons (in any order: nothing looks them up). */
static int rec_order(const mdl_coh_rec *a, const mdl_coh_rec *b) {
  if (a->ref != b->ref) return a->ref < b->ref ? -1 : 1;
  if (a->pop != b->pop) return a->pop == MDL_COH_VOLUNTEERS ? -1 : 1;
  if (a->pop == MDL_COH_HIRED) return 0;
  return (a->slot > b->slot) - (a->slot < b->slot);
}

static int rec_cmp(const void *a, const void *b) {
  const mdl_coh_rec *x = a, *y = b;
  int o = rec_order(x, y);
  return o ? o : (x->slot > y->slot) - (x->slot < y->slot);
}

/* Drop the removed records, keeping the others' order. */
static void compact(mdl_coh_list *l) {
  if (!l->dead) return;
  size_t m = 0;
  for (size_t i = 0; i < l->n; i++)
    if (l->r[i].out != GONE) l->r[m++] = l->r[i];
  l->n = m;
  l->dead = 0;
}

/* Restore the order (after a checkpoint was read, or records that came out of order). */
static void ensure_order(mdl_coh_list *l) {
  if (!l->unsorted) return;
  compact(l);
  if (l->n > 1) qsort(l->r, l->n, sizeof *l->r, rec_cmp); /* l->r is NULL while the list is empty */
  l->unsorted = 0;
}

/* The first record of reference month stamp `ref` or later. */
static size_t first_of(const mdl_coh_list *l, int ref) {
  size_t lo = 0, hi = l->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if ((int)l->r[mid].ref < ref)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* The open record of the volunteer of slot `slot` who first volunteered at stamp `ref`, or l->n. */
static size_t find_volunteer(const mdl_coh_list *l, uint16_t ref, uint32_t slot) {
  size_t lo = 0, hi = l->n;
  while (lo < hi) { /* volunteers of month ref before slot, and earlier months, come first */
    size_t mid = lo + (hi - lo) / 2;
    const mdl_coh_rec *r = &l->r[mid];
    if (r->ref < ref || (r->ref == ref && r->pop == MDL_COH_VOLUNTEERS && r->slot < slot))
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < l->n && l->r[lo].ref == ref && l->r[lo].pop == MDL_COH_VOLUNTEERS && l->r[lo].slot == slot &&
      l->r[lo].out != GONE)
    return lo;
  return l->n;
}

static void start_record(mdl_cohorts *c, int k, uint32_t slot, uint16_t ref, int pop) {
  if (c->first_cal + (int32_t)ref - 1 < c->start) return; /* before the reported period */
  mdl_coh_list *l = &c->open[k];
  if (list_reserve(l, l->n + 1) != 0) {
    c->failed = 1;
    return;
  }
  mdl_coh_rec *r = &l->r[l->n++];
  memset(r, 0, sizeof *r);
  memset(r->at, 0xFF, sizeof r->at);
  r->slot = slot;
  r->ref = ref;
  r->pop = (uint8_t)pop;
  if (l->n > 1 && rec_order(&l->r[l->n - 2], r) > 0) l->unsorted = 1;
}

void mdl_coh_volunteer(mdl_cohorts *c, int k, mdl_pop *p, uint32_t slot, int step) {
  /* Only a person's first volunteering, and only if never hired (a former EBE employee who
   * volunteers again is not in the comparison group). */
  if (p->vol_first[slot] || p->hired[slot]) return;
  p->vol_first[slot] = (uint16_t)(step + 1);
  if (c->open) start_record(c, k, slot, (uint16_t)(step + 1), MDL_COH_VOLUNTEERS);
}

void mdl_coh_hired(mdl_cohorts *c, int k, const mdl_pop *p, int step) {
  if (!c->open) return;
  mdl_coh_list *o = &c->open[k];
  ensure_order(o);
  /* A volunteer hired after all leaves the comparison group, at the month of her hiring. */
  for (size_t j = 0; j < p->hire_log_n; j++) {
    uint32_t s = p->hire_log[j];
    size_t i = p->vol_first[s] ? find_volunteer(o, p->vol_first[s], s) : o->n;
    if (i < o->n) {
      o->r[i].out = GONE;
      o->dead++;
    }
  }
  for (size_t j = 0; j < p->hire_log_n; j++) start_record(c, k, p->hire_log[j], (uint16_t)(step + 1), MDL_COH_HIRED);
}

static uint8_t state_of(uint8_t status, uint8_t regime) {
  int precarious = (regime & MDL_REG_PRECARIOUS) != 0;
  switch (status) {
  case MDL_EMPLOYED: return MDL_COH_EMPLOYED;
  case MDL_EBE: return MDL_COH_EBE;
  case MDL_UNEMPLOYED: return precarious ? MDL_COH_PRECARIOUS : MDL_COH_UNEMPLOYED;
  case MDL_PPDE: return precarious ? MDL_COH_PRECARIOUS : MDL_COH_PPDE;
  default: return MDL_COH_OUT;
  }
}

/* Copy open record i of territory k to the closed list and mark it removed. */
static void close_record(mdl_cohorts *c, int k, size_t i, int out) {
  mdl_coh_list *o = &c->open[k], *cl = &c->closed[k];
  if (list_reserve(cl, cl->n + 1) != 0) {
    c->failed = 1;
  } else {
    cl->r[cl->n] = o->r[i];
    cl->r[cl->n++].out = (uint8_t)out;
  }
  o->r[i].out = GONE;
  o->dead++;
}

/* What following a record this month leads to, decided in parallel and done in record order. */
enum { TO_DROP = 0xFE, TO_CLOSE_OUT = 0xFD, TO_CLOSE_FINAL = 0xFC };

/* An open record at d months after its reference month, a month that counts for it. In between, an
 * exit is seen at the next such month (the person is "out" from then on either way: the states
 * of the months between are not kept), and a volunteer's hiring in mdl_coh_hired. Touches only r. */
static void follow(mdl_coh_rec *r, const mdl_pop *p, int d) {
  if (r->out == GONE) return;
  uint32_t s = r->slot;
  /* An exit clears the fields for the entrant who takes the slot: the person is gone. */
  int alive = r->pop == MDL_COH_HIRED ? p->hired[s] == r->ref : p->vol_first[s] == r->ref;
  if (!alive) {
    r->out = TO_CLOSE_OUT;
    return;
  }
  if (r->pop == MDL_COH_VOLUNTEERS && p->hired[s]) { /* hired after all: not in the comparison group */
    r->out = TO_DROP;
    return;
  }
  uint8_t st[MDL_NARM];
  for (int a = 0; a < MDL_NARM; a++) st[a] = state_of(p->status[a][s], p->regime[a][s]);
  if (d >= 1 && d <= AVG_MONTHS)
    for (int a = 0; a < MDL_NARM; a++) r->occ[a][st[a]]++;
  for (int h = 0; h < MDL_COH_NPOINT; h++)
    if (d == mdl_coh_horizon_months[h])
      for (int a = 0; a < MDL_NARM; a++) r->at[h][a] = st[a];
  if (d >= LAST_POINT && r->pop == MDL_COH_HIRED) r->out = TO_CLOSE_FINAL;
}

/* Threads for n records: small ranges are not worth a team. */
static int team(const mdl_cohorts *c, long n) { return c->threads > 1 && n >= 8192 ? c->threads : 1; }

/* Follow the open records whose reference month stamp is in [lo, hi]: in parallel over records
 * (each touches only its own), then closed and dropped in record order, whatever the threads. */
static void visit_range(mdl_cohorts *c, int k, const mdl_pop *p, int step, int lo, int hi) {
  mdl_coh_list *o = &c->open[k];
  size_t i0 = first_of(o, lo), i1 = first_of(o, hi + 1);
  long n = (long)(i1 - i0);
  mdl_coh_rec *r = o->r + i0;
#pragma omp parallel for schedule(static) num_threads(team(c, n))
  for (long j = 0; j < n; j++) follow(&r[j], p, step + 1 - (int)r[j].ref);
  for (size_t i = i0; i < i1; i++) {
    uint8_t to = o->r[i].out;
    if (to == TO_DROP) {
      o->r[i].out = GONE;
      o->dead++;
    } else if (to == TO_CLOSE_OUT || to == TO_CLOSE_FINAL) {
      close_record(c, k, i, to == TO_CLOSE_OUT);
    }
  }
}

void mdl_coh_month(mdl_cohorts *c, int k, const mdl_pop *p, int step) {
  if (!c->open) return;
  mdl_coh_list *o = &c->open[k];
  ensure_order(o);
  /* Months 1..24 (the average and the horizons within), then the later horizons. */
  visit_range(c, k, p, step, step + 1 - AVG_MONTHS, step);
  for (int h = 0; h < MDL_COH_NPOINT; h++)
    if (mdl_coh_horizon_months[h] > AVG_MONTHS) {
      int ref = step + 1 - mdl_coh_horizon_months[h];
      visit_range(c, k, p, step, ref, ref);
    }
  if (o->dead > 1024 && o->dead > o->n / 8) compact(o); /* removed records cost memory: at most 1/8 */
}

/* Add a record to the cells of one cohort slot (unscaled persons; the average in person-months):
 * only horizons whose month falls within the run. A person who left before a horizon is "out" there
 * in both arms. */
static void add_record_to(const mdl_cohorts *c, const mdl_coh_rec *r, double *group, size_t slot) {
  int ref_step = (int)r->ref - 1;
  double *base = group + ((size_t)r->pop * slots(c) + slot) * MDL_COH_NHOR * MDL_COH_NV;
  for (int h = 0; h < MDL_COH_NPOINT; h++) {
    if (ref_step + mdl_coh_horizon_months[h] > c->last_step) continue;
    double *cell = base + (size_t)h * MDL_COH_NV;
    cell[MDL_COH_V_PERSONS] += 1.0;
    for (int a = 0; a < MDL_NARM; a++) {
      int st = r->at[h][a] != 0xFF ? r->at[h][a] : MDL_COH_OUT;
      cell[MDL_COH_V_COUNT + a * MDL_COH_NSTATE + st] += 1.0;
    }
  }
  if (ref_step + AVG_MONTHS <= c->last_step) {
    double *cell = base + (size_t)MDL_COH_AVG24 * MDL_COH_NV;
    cell[MDL_COH_V_PERSONS] += 1.0;
    for (int a = 0; a < MDL_NARM; a++) {
      int seen = 0;
      for (int st = 0; st < MDL_COH_NSTATE; st++) {
        cell[MDL_COH_V_COUNT + a * MDL_COH_NSTATE + st] += r->occ[a][st];
        seen += r->occ[a][st];
      }
      cell[MDL_COH_V_COUNT + a * MDL_COH_NSTATE + MDL_COH_OUT] += AVG_MONTHS - seen;
    }
  }
}

/* A record counts in its half-year and in "all". */
static void add_record(const mdl_cohorts *c, const mdl_coh_rec *r, double *group) {
  int32_t hy = (c->first_cal + (int32_t)r->ref - 1) / 6 - c->first_half;
  add_record_to(c, r, group, (size_t)hy);
  add_record_to(c, r, group, (size_t)c->H);
}

void mdl_coh_extra(const mdl_cohorts *c, double scale, double *out) {
  size_t width = mdl_coh_width(c), gw = (size_t)MDL_COH_NPOP * slots(c) * MDL_COH_NHOR * MDL_COH_NV;
  if (c->failed || !c->open) {
    for (size_t i = 0; i < width; i++) out[i] = (double)NAN;
    return;
  }
  memset(out, 0, width * sizeof *out);
  for (int k = 0; k < c->K; k++) {
    double *g = out + (size_t)k * gw;
    for (size_t i = 0; i < c->closed[k].n; i++) add_record(c, &c->closed[k].r[i], g);
    for (size_t i = 0; i < c->open[k].n; i++)
      if (c->open[k].r[i].out != GONE) add_record(c, &c->open[k].r[i], g);
  }
  double *tot = out + (size_t)c->K * gw;
  for (int k = 0; k < c->K; k++)
    for (size_t i = 0; i < gw; i++) tot[i] += out[(size_t)k * gw + i];
  for (size_t cell = 0; cell < width / MDL_COH_NV; cell++) {
    double *v = out + cell * MDL_COH_NV;
    int avg = (int)(cell % MDL_COH_NHOR) == MDL_COH_AVG24;
    if (avg)
      for (int j = 0; j < MDL_NARM * MDL_COH_NSTATE; j++) v[MDL_COH_V_COUNT + j] /= AVG_MONTHS;
    double n = v[MDL_COH_V_PERSONS];
    const double *cf = v + MDL_COH_V_COUNT, *pg = v + MDL_COH_V_COUNT + MDL_COH_NSTATE;
    if (n > 0) {
      double work_cf = cf[MDL_COH_EMPLOYED] + cf[MDL_COH_PRECARIOUS],
             work_pg = pg[MDL_COH_EMPLOYED] + pg[MDL_COH_PRECARIOUS];
      v[MDL_COH_V_RATE + MDL_CF] = 100.0 * work_cf / n;
      v[MDL_COH_V_RATE + MDL_PROG] = 100.0 * (work_pg + pg[MDL_COH_EBE]) / n;
      v[MDL_COH_V_EFFECT] = 100.0 * (work_pg + pg[MDL_COH_EBE] - work_cf) / n;
      v[MDL_COH_V_EFFECT_CLASSIC] = 100.0 * (work_pg - work_cf) / n;
    } else {
      for (int j = MDL_COH_V_RATE; j < MDL_COH_NV; j++) v[j] = (double)NAN;
    }
    v[MDL_COH_V_PERSONS] *= scale;
    for (int j = 0; j < MDL_NARM * MDL_COH_NSTATE; j++) v[MDL_COH_V_COUNT + j] *= scale;
  }
}

int mdl_coh_io(mdl_cohorts *c, FILE *f, int (*io)(FILE *, void *, size_t), int reading) {
  if (!c->open) return 1;
  int ok = io(f, &c->failed, sizeof c->failed);
  for (int k = 0; k < c->K && ok; k++)
    for (int which = 0; which < 2 && ok; which++) {
      mdl_coh_list *l = which ? &c->closed[k] : &c->open[k];
      if (!reading) compact(l); /* removed records are not part of the state */
      uint64_t n = l->n;
      ok = io(f, &n, sizeof n);
      if (ok && reading) {
        ok = n <= SIZE_MAX / sizeof *l->r && list_reserve(l, (size_t)n) == 0;
        if (ok) {
          l->n = (size_t)n;
          l->dead = 0;
          l->unsorted = 1;
        }
      }
      ok = ok && io(f, l->r, l->n * sizeof *l->r);
    }
  return ok;
}

/* Read what mdl_coh_io wrote, from a file nobody vouches for: a list's record count is at most what
 * the `avail` bytes left before the file's trailer can hold, so no allocation exceeds the file. */
int mdl_coh_read(mdl_cohorts *c, FILE *f, uint64_t avail, char *why, size_t whylen) {
  if (!c->open) return 0;
  if (avail < sizeof c->failed || fread(&c->failed, sizeof c->failed, 1, f) != 1) {
    snprintf(why, whylen, "the file ends inside its cohort records (expected a complete checkpoint)");
    return -1;
  }
  avail -= sizeof c->failed;
  if (c->failed != 0 && c->failed != 1) {
    snprintf(why, whylen, "cohort flag failed is %d (expected 0 or 1)", c->failed);
    return -1;
  }
  for (int k = 0; k < c->K; k++)
    for (int which = 0; which < 2; which++) {
      mdl_coh_list *l = which ? &c->closed[k] : &c->open[k];
      uint64_t n = 0;
      if (avail < sizeof n || fread(&n, sizeof n, 1, f) != 1) {
        snprintf(why, whylen, "the file ends inside its cohort records (expected a complete checkpoint)");
        return -1;
      }
      avail -= sizeof n;
      uint64_t most = avail / sizeof *l->r;
      if (n > most) {
        snprintf(why, whylen,
                 "territory %d, %s cohort records: count is %lld (expected 0 to %llu, what the rest of the file holds)",
                 k, which ? "closed" : "open", (long long)n, (unsigned long long)most);
        return -1;
      }
      if (list_reserve(l, (size_t)n) != 0) {
        snprintf(why, whylen, "territory %d: no memory for %llu cohort records", k, (unsigned long long)n);
        return -1;
      }
      l->n = (size_t)n;
      l->dead = 0;
      l->unsorted = 1; /* whatever order the file has: sorted before use */
      if (n && fread(l->r, sizeof *l->r, l->n, f) != l->n) {
        snprintf(why, whylen, "the file ends inside its cohort records (expected a complete checkpoint)");
        return -1;
      }
      avail -= n * sizeof *l->r;
    }
  return 0;
}

/* One record's fields against their ranges: every one of them indexes an array later. */
static int check_record(const mdl_coh_rec *r, size_t first, size_t count, int ref_lo, int ref_hi, char *why,
                        size_t whylen) {
  if (r->slot < first || r->slot - first >= count) {
    snprintf(why, whylen, "slot is %lu, not an agent of this territory (expected %zu to %zu)", (unsigned long)r->slot,
             first, first + count - 1);
    return -1;
  }
  if (r->pop >= MDL_COH_NPOP || r->out > 1) {
    snprintf(why, whylen, "population %u, out %u (expected population 0 or 1 and out 0 or 1)", r->pop, r->out);
    return -1;
  }
  if (r->ref < ref_lo || r->ref > ref_hi) {
    snprintf(why, whylen, "reference month stamp is %u (expected %d to %d, a reported month before the checkpoint)",
             r->ref, ref_lo, ref_hi);
    return -1;
  }
  for (int h = 0; h < MDL_COH_NPOINT; h++)
    for (int a = 0; a < MDL_NARM; a++)
      if (r->at[h][a] != 0xFF && r->at[h][a] >= MDL_COH_NSTATE) {
        snprintf(why, whylen, "state at horizon %d, arm %d is %u (expected 0 to %d, or 255 before the horizon)", h, a,
                 r->at[h][a], MDL_COH_NSTATE - 1);
        return -1;
      }
  for (int a = 0; a < MDL_NARM; a++) {
    int months = 0;
    for (int st = 0; st < MDL_COH_NSTATE; st++) months += r->occ[a][st];
    if (months > AVG_MONTHS) {
      snprintf(why, whylen, "arm %d counts %d months in its states (expected at most %d)", a, months, AVG_MONTHS);
      return -1;
    }
  }
  return 0;
}

int mdl_coh_check(const mdl_cohorts *c, const size_t *t_first, const size_t *t_count, int last_ref, char *why,
                  size_t whylen) {
  if (!c->open) return 0;
  /* Records start in reported months only: stamp step + 1 from the first reported step on. */
  int ref_lo = (int)(c->start - c->first_cal) + 1;
  for (int k = 0; k < c->K; k++)
    for (int which = 0; which < 2; which++) {
      const mdl_coh_list *l = which ? &c->closed[k] : &c->open[k];
      for (size_t i = 0; i < l->n; i++) {
        char what[256];
        if (check_record(&l->r[i], t_first[k], t_count[k], ref_lo, last_ref, what, sizeof what) != 0) {
          snprintf(why, whylen, "territory %d, %s cohort record %zu: %s", k, which ? "closed" : "open", i, what);
          return -1;
        }
      }
    }
  return 0;
}

/* ---- cohorts.csv ---- */

static void number(FILE *f, double v) {
  fputc(',', f);
  sim_csv_number(f, v); /* as the other CSV files */
}

sim_status mdl_coh_write_csv(FILE *f, const mdl_cohorts *c, const char *const *group_names, const sim_run_result *r) {
  fputs("territory,cohort,population,horizon_months,persons", f);
  for (int a = 0; a < MDL_NARM; a++)
    for (int st = 0; st < MDL_COH_NSTATE; st++) fprintf(f, ",%s_%s", arm_names[a], state_names[st]);
  for (int a = 0; a < MDL_NARM; a++)
    fprintf(f, ",employment_rate_%s_pct,employment_rate_%s_pct_lo,employment_rate_%s_pct_hi", arm_names[a],
            arm_names[a], arm_names[a]);
  fputs(",effect_pp,effect_pp_lo,effect_pp_hi,effect_classic_pp,effect_classic_pp_lo,effect_classic_pp_hi,"
        "replications\n",
        f);
  if (!r->extra || r->extra_width != mdl_coh_width(c)) return ferror(f) ? SIM_EIO : SIM_OK;
  for (int g = 0; g <= c->K; g++)
    for (int pop = 0; pop < MDL_COH_NPOP; pop++)
      for (int hy = 0; hy <= c->H; hy++)
        for (int h = 0; h < MDL_COH_NHOR; h++) {
          size_t at = ((((size_t)g * MDL_COH_NPOP + (size_t)pop) * slots(c) + (size_t)hy) * MDL_COH_NHOR + (size_t)h) *
                      MDL_COH_NV;
          const sim_stats_acc *v = r->extra + at;
          /* Only cells observed in some replication: horizons reached, half-years with persons. */
          if (!(v[MDL_COH_V_PERSONS].n > 0 && v[MDL_COH_V_PERSONS].mean > 0)) continue;
          int32_t half = c->first_half + hy;
          sim_csv_field(f, g == c->K ? "total" : group_names[g]);
          if (hy == c->H)
            fprintf(f, ",all,%s,%s", pop_names[pop], horizon_names[h]);
          else
            fprintf(f, ",%d-H%d,%s,%s", (int)(half / 2), (int)(half % 2) + 1, pop_names[pop], horizon_names[h]);
          number(f, v[MDL_COH_V_PERSONS].mean);
          for (int j = 0; j < MDL_NARM * MDL_COH_NSTATE; j++) number(f, v[MDL_COH_V_COUNT + j].mean);
          for (int j = MDL_COH_V_RATE; j < MDL_COH_NV; j++) {
            sim_stats_ci ci = sim_stats_ci_of_acc(&v[j]);
            number(f, ci.n > 0 ? ci.mean : (double)NAN);
            number(f, ci.n > 0 ? ci.lo : (double)NAN);
            number(f, ci.n > 0 ? ci.hi : (double)NAN);
          }
          fprintf(f, ",%d\n", (int)v[MDL_COH_V_EFFECT].n);
        }
  return ferror(f) ? SIM_EIO : SIM_OK;
}
