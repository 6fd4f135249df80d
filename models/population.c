/* SPDX-License-Identifier: GPL-3.0-or-later */
/* population.c: agent storage, employability tables and the initial population of a territory. */
#include "models/population.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/rng_batch.h"

sim_status mdl_pop_alloc(mdl_pop *p, size_t n) {
  memset(p, 0, sizeof *p);
  p->n = n;
  size_t m = n ? n : 1;
  p->age = malloc(m * sizeof *p->age);
  p->emp = malloc(m);
  p->fte = calloc(m, 1);
  p->vol = calloc(m, sizeof *p->vol);
  p->hired = calloc(m, sizeof *p->hired);
  p->vol_first = calloc(m, sizeof *p->vol_first);
  int ok = p->age && p->emp && p->fte && p->vol && p->hired && p->vol_first;
  for (int a = 0; a < MDL_NARM; a++) {
    p->status[a] = malloc(m);
    p->regime[a] = calloc(m, 1);
    p->spell[a] = calloc(m, sizeof *p->spell[a]);
    p->cost[a] = calloc(m, sizeof *p->cost[a]);
    ok = ok && p->status[a] && p->regime[a] && p->spell[a] && p->cost[a];
  }
  if (!ok) {
    mdl_pop_free(p);
    return SIM_ENOMEM;
  }
  return SIM_OK;
}

void mdl_pop_free(mdl_pop *p) {
  free(p->age);
  free(p->emp);
  free(p->fte);
  free(p->vol);
  free(p->hired);
  free(p->vol_first);
  free(p->hire_log);
  for (int a = 0; a < MDL_NARM; a++) {
    free(p->status[a]);
    free(p->regime[a]);
    free(p->spell[a]);
    free(p->cost[a]);
  }
  memset(p, 0, sizeof *p);
}

size_t mdl_pop_bytes_per_agent(void) {
  return sizeof(uint16_t) + 1 + MDL_NARM * (1 + 1 + 1 + sizeof(uint16_t)) + 1 + sizeof(uint16_t) + 2 * sizeof(uint16_t);
}

/* ---- tables ---- */

static void precarious_tables(mdl_tables *t, const mdl_scenario *s);

sim_status mdl_tables_init(mdl_tables *t, const mdl_scenario *s) {
  memset(t, 0, sizeof *t);
  /* Employability: quantiles of a log-normal with mean 1, at the mid-points of 256 equal-probability
   * cells, rescaled so their mean is exactly 1 (a 'draw list', cheap to sample and to store). */
  double sigma = s->employability_sigma, mu = -0.5 * sigma * sigma, sum = 0;
  for (int i = 0; i < MDL_EMP_LEVELS; i++) {
    double z = gsl_cdf_ugaussian_Pinv(((double)i + 0.5) / MDL_EMP_LEVELS);
    t->emp_level[i] = exp(mu + sigma * z);
    sum += t->emp_level[i];
  }
  for (int i = 0; i < MDL_EMP_LEVELS; i++) t->emp_level[i] *= MDL_EMP_LEVELS / sum;
  for (int b = 0; b < MDL_SPELL_BANDS; b++)
    for (int a = 0; a < MDL_AGE_BANDS; a++) {
      t->jf[b][a] = s->job_finding[b] * s->job_finding_age[a];
      for (int i = 0; i < MDL_EMP_LEVELS; i++) t->jf_thr[b][a][i] = sim_rng_threshold(t->jf[b][a] * t->emp_level[i]);
    }
  /* The jobless are a selected population: someone without job for s months has survived s months
   * of job-finding hazards, which the employable rarely do. Their employability is drawn from the
   * log-normal weighted by that survival, so the initial stock is consistent with the hazards. */
  t->max_spell = (int)s->max_initial_spell;
  size_t rows = (size_t)(t->max_spell + 1) * MDL_AGE_BANDS;
  t->emp_cdf = malloc(rows * MDL_EMP_LEVELS * sizeof *t->emp_cdf);
  if (!t->emp_cdf) return SIM_ENOMEM;
  for (int a = 0; a < MDL_AGE_BANDS; a++) {
    double surv[MDL_EMP_LEVELS];
    for (int i = 0; i < MDL_EMP_LEVELS; i++) surv[i] = 1.0;
    for (int sp = 0; sp <= t->max_spell; sp++) {
      double *cdf = t->emp_cdf + ((size_t)sp * MDL_AGE_BANDS + (size_t)a) * MDL_EMP_LEVELS;
      double acc = 0;
      for (int i = 0; i < MDL_EMP_LEVELS; i++) {
        acc += surv[i];
        cdf[i] = acc;
      }
      for (int i = 0; i < MDL_EMP_LEVELS; i++) {
        double h = t->jf[mdl_spell_band(sp)][a] * t->emp_level[i];
        surv[i] *= h < 1.0 ? 1.0 - h : 0.0;
      }
    }
  }
  precarious_tables(t, s);
  return SIM_OK;
}

void mdl_tables_free(mdl_tables *t) {
  free(t->emp_cdf);
  free(t->st_prof);
  free(t->st_age_cdf);
  t->emp_cdf = NULL;
  t->st_prof = NULL;
  t->st_age_cdf = NULL;
}

/* ---- precarious jobs and the stationary distribution ---- */

static double capped(double x) { return x < 1.0 ? x : 1.0; }
static uint64_t fixed16(double x) { return (uint64_t)floor(capped(x) * 65536.0 + 0.5); }

static void precarious_tables(mdl_tables *t, const mdl_scenario *s) {
  t->unreg_q = fixed16(s->unregistered_finding_factor);
  for (int i = 0; i < MDL_EMP_LEVELS; i++) {
    double e = t->emp_level[i];
    t->prec_q[i] = fixed16(s->precarious_share * pow(e, -s->precarious_share_elasticity));
    for (int lt = 0; lt < 2; lt++)
      t->prec_sep_thr[lt][i] =
          sim_rng_threshold(capped(s->precarious_separation[lt] * pow(e, -s->precarious_separation_elasticity)));
  }
}

/* The monthly hazards the pass realises, as probabilities (fixed point and thresholds converted
 * back, so the stationary distribution is that of the integer rules). */
static double jf_prob(const mdl_tables *t, int band, int a, int j, int unreg) {
  double h = (double)t->jf_thr[band][a][j];
  if (unreg) h = (double)((t->jf_thr[band][a][j] * t->unreg_q) >> 16);
  return h / 4294967296.0;
}

/* One month of a cohort without stable job at spell sp, employability level j: v[k], k = a * 4 +
 * flags, becomes nv (exit, then ageing or retirement, then the transition of the new band). */
static void cohort_month(const mdl_tables *t, int sp, int j, const double *v, double *nv) {
  double pi = (double)t->prec_q[j] / 65536.0, q = (double)t->prec_sep_thr[sp >= 12][j] / 4294967296.0;
  double moved[12] = {0};
  for (int a = 0; a < MDL_AGE_BANDS; a++)
    for (int f = 0; f < 4; f++) {
      double x = v[a * 4 + f] * (1 - t->st_x), go = x * t->st_kappa[a];
      moved[a * 4 + f] += x - go;
      if (a + 1 < MDL_AGE_BANDS) moved[(a + 1) * 4 + f] += go; /* band 2: retirement, gone */
    }
  for (int k = 0; k < 12; k++) nv[k] = 0;
  for (int a = 0; a < MDL_AGE_BANDS; a++)
    for (int f = 0; f < 4; f++) {
      double x = moved[a * 4 + f];
      if (f & 1) {
        nv[a * 4 + (f & ~1)] += x * q;
        nv[a * 4 + f] += x * (1 - q);
      } else {
        double h = jf_prob(t, mdl_spell_band(sp), a, j, f >> 1);
        nv[a * 4 + (f | 1)] += x * h * pi;
        nv[a * 4 + f] += x * (1 - h);
      }
    }
}

/* Invert the 12 x 12 matrix a in place (Gauss-Jordan with partial pivoting); 0 if singular. */
static int invert12(double a[12][12]) {
  double inv[12][12];
  for (int r = 0; r < 12; r++)
    for (int c = 0; c < 12; c++) inv[r][c] = r == c;
  for (int c = 0; c < 12; c++) {
    int piv = c;
    for (int r = c + 1; r < 12; r++)
      if (fabs(a[r][c]) > fabs(a[piv][c])) piv = r;
    if (fabs(a[piv][c]) < 1e-300) return 0;
    for (int k = 0; k < 12; k++) {
      double tmp = a[c][k];
      a[c][k] = a[piv][k];
      a[piv][k] = tmp;
      tmp = inv[c][k];
      inv[c][k] = inv[piv][k];
      inv[piv][k] = tmp;
    }
    double d = a[c][c];
    for (int k = 0; k < 12; k++) {
      a[c][k] /= d;
      inv[c][k] /= d;
    }
    for (int r = 0; r < 12; r++)
      if (r != c && a[r][c] != 0) {
        double m = a[r][c];
        for (int k = 0; k < 12; k++) {
          a[r][k] -= m * a[c][k];
          inv[r][k] -= m * inv[c][k];
        }
      }
  }
  memcpy(a, inv, sizeof inv);
  return 1;
}

sim_status mdl_tables_stationary(mdl_tables *t, const mdl_scenario *s, int retire_months) {
  const int S = t->max_spell, W = (S + 1) * 4;
  const int R = retire_months > 217 ? retire_months : 217, ages = R - 216;
  free(t->st_prof);
  free(t->st_age_cdf);
  t->st_prof = calloc((size_t)MDL_AGE_BANDS * MDL_AGE_BANDS * MDL_EMP_LEVELS * (size_t)W, sizeof *t->st_prof);
  t->st_age_cdf = malloc((size_t)ages * sizeof *t->st_age_cdf);
  if (!t->st_prof || !t->st_age_cdf) return SIM_ENOMEM;
  /* Age structure: entrants uniform over ages 216-311, each month an exit with probability x,
   * retirement at R. d(A) is the expected number alive at age A per entrant-month. */
  const double x = capped(s->exit_rate), u = s->unregistered_share;
  t->st_x = x;
  t->st_R = R;
  const int hi_band[MDL_AGE_BANDS] = {360, 600, R};
  double L = 0, n[MDL_AGE_BANDS] = {0, 0, 0}, last[MDL_AGE_BANDS] = {0, 0, 0};
  for (int A = 216; A < R; A++) {
    double d = 0;
    for (int e = 216; e <= A && e < 312; e++) d += pow(1 - x, A - e) / 96.0;
    L += d;
    int a = mdl_age_band(A);
    n[a] += d;
    if (A == hi_band[a] - 1 || A == R - 1) last[a] = d;
    t->st_age_cdf[A - 216] = L;
  }
  t->st_ell = 1.0 / L;
  for (int a = 0; a < MDL_AGE_BANDS; a++) {
    t->st_n[a] = n[a] / L;
    /* Monthly share of the band leaving it: those at its last age who survive the month. */
    t->st_kappa[a] = n[a] > 0 ? capped(last[a] * (1 - x) / n[a]) : 0;
  }
  for (int j = 0; j < MDL_EMP_LEVELS; j++) {
    /* The constant monthly matrix beyond spell S (>= 36): M[k][k'] = mass moved from k to k'. */
    double M[12][12];
    for (int k = 0; k < 12; k++) {
      double v[12] = {0}, nv[12];
      v[k] = 1;
      cohort_month(t, S, j, v, nv);
      for (int k2 = 0; k2 < 12; k2++) M[k][k2] = nv[k2];
    }
    double IM[12][12]; /* (I - M)^-1: the tail sum of a row vector v is v IM */
    for (int r = 0; r < 12; r++)
      for (int c = 0; c < 12; c++) IM[r][c] = (r == c) - M[r][c];
    int ok = invert12(IM);
    for (int b = 0; b < MDL_AGE_BANDS; b++) {
      double v[12] = {0};
      v[b * 4 + 0] = 1 - u;
      v[b * 4 + 2] = u;
      double D[MDL_AGE_BANDS] = {0, 0, 0}, DP[MDL_AGE_BANDS] = {0, 0, 0};
      for (int sp = 0; sp <= S; sp++) {
        double mass[12];
        if (sp < S) {
          memcpy(mass, v, sizeof mass);
        } else {
          for (int c = 0; c < 12; c++) {
            mass[c] = 0;
            if (ok)
              for (int r = 0; r < 12; r++) mass[c] += v[r] * IM[r][c];
          }
        }
        for (int a = 0; a < MDL_AGE_BANDS; a++) {
          double *prof =
              t->st_prof + (((size_t)b * MDL_AGE_BANDS + (size_t)a) * MDL_EMP_LEVELS + (size_t)j) * (size_t)W;
          for (int f = 0; f < 4; f++) {
            double m = mass[a * 4 + f] > 0 ? mass[a * 4 + f] : 0;
            prof[sp * 4 + f] = m;
            D[a] += m;
            if (sp >= 12) DP[a] += m;
          }
        }
        if (sp < S) {
          double nv[12];
          cohort_month(t, sp, j, v, nv);
          memcpy(v, nv, sizeof v);
        }
      }
      for (int a = 0; a < MDL_AGE_BANDS; a++) {
        t->st_D[b][a][j] = D[a];
        t->st_DP[b][a][j] = DP[a];
        double *prof = t->st_prof + (((size_t)b * MDL_AGE_BANDS + (size_t)a) * MDL_EMP_LEVELS + (size_t)j) * (size_t)W;
        for (int k = 1; k < W; k++) prof[k] += prof[k - 1];
      }
    }
  }
  return SIM_OK;
}

/* Per level j at separation scale sigma: the inflows into joblessness by band r[b] (job losses
 * of the employed and unemployed entrants), and the shares of the j-population without stable
 * job (J[a]) and PPDE (P[a]) by band. Solves (I + diag(c) D^T) r = n c + e, 3 x 3. */
static void level_shares(const mdl_tables *t, const mdl_scenario *s, double sigma, int j, double r[MDL_AGE_BANDS],
                         double J[MDL_AGE_BANDS], double P[MDL_AGE_BANDS]) {
  double A[3][4];
  for (int a = 0; a < 3; a++) {
    double c = (1 - t->st_x) * (1 - (a == 2 ? t->st_kappa[2] : 0)) * capped(sigma * s->separation[a]);
    double e = a == 0 ? t->st_ell * s->youth_unemployed_share : 0;
    for (int b = 0; b < 3; b++) A[a][b] = (a == b) + c * t->st_D[b][a][j];
    A[a][3] = t->st_n[a] * c + e;
  }
  for (int c = 0; c < 3; c++) { /* Gaussian elimination; the matrix is diagonally dominant enough */
    int piv = c;
    for (int k = c + 1; k < 3; k++)
      if (fabs(A[k][c]) > fabs(A[piv][c])) piv = k;
    for (int k = 0; k < 4; k++) {
      double tmp = A[c][k];
      A[c][k] = A[piv][k];
      A[piv][k] = tmp;
    }
    for (int k = c + 1; k < 3; k++) {
      double m = A[k][c] / A[c][c];
      for (int l = c; l < 4; l++) A[k][l] -= m * A[c][l];
    }
  }
  r[0] = r[1] = r[2] = 0; /* back-substitution fills r from c = 2 down; reads only what it filled */
  for (int c = 2; c >= 0; c--) {
    double acc = A[c][3];
    for (int l = c + 1; l < 3; l++) acc -= A[c][l] * r[l];
    r[c] = acc / A[c][c];
  }
  for (int a = 0; a < 3; a++) {
    J[a] = P[a] = 0;
    for (int b = 0; b < 3; b++) {
      J[a] += r[b] * t->st_D[b][a][j];
      P[a] += r[b] * t->st_DP[b][a][j];
    }
    if (J[a] > t->st_n[a]) J[a] = t->st_n[a];
  }
}

void mdl_stationary_shares(const mdl_tables *t, const mdl_scenario *s, double sigma, double *jobless, double *ppde) {
  double Jt = 0, Pt = 0;
  for (int j = 0; j < MDL_EMP_LEVELS; j++) {
    double r[3], J[3], P[3];
    level_shares(t, s, sigma, j, r, J, P);
    for (int a = 0; a < 3; a++) {
      Jt += J[a] / MDL_EMP_LEVELS;
      Pt += P[a] / MDL_EMP_LEVELS;
    }
  }
  if (jobless) *jobless = Jt;
  if (ppde) *ppde = Pt;
}

typedef struct {
  const mdl_tables *t;
  const mdl_scenario *s;
  double target;
} sigma_ctx;

static double ppde_gap(double sigma, void *vp) {
  const sigma_ctx *c = vp;
  double P;
  mdl_stationary_shares(c->t, c->s, sigma, NULL, &P);
  return P - c->target;
}

double mdl_stationary_sigma(const mdl_tables *t, const mdl_scenario *s, double target) {
  double smax = 0;
  for (int a = 0; a < MDL_AGE_BANDS; a++)
    if (s->separation[a] > smax) smax = s->separation[a];
  if (smax <= 0) return 1.0;
  double hi = 1.0 / smax;
  sigma_ctx c = {t, s, target};
  /* The stationary PPDE share grows with sigma: clamp when the target is out of reach. */
  if (ppde_gap(0.0, &c) >= 0) return 0.0;
  if (ppde_gap(hi, &c) <= 0) return hi;
  gsl_function F = {ppde_gap, &c};
  gsl_root_fsolver *r = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
  if (!r) return 1.0;
  gsl_root_fsolver_set(r, &F, 0.0, hi);
  double root = 0.5 * hi;
  for (int it = 0; it < 200; it++) {
    if (gsl_root_fsolver_iterate(r) != GSL_SUCCESS) break;
    root = gsl_root_fsolver_root(r);
    double x0 = gsl_root_fsolver_x_lower(r), x1 = gsl_root_fsolver_x_upper(r);
    if (gsl_root_test_interval(x0, x1, 0, 1e-12) == GSL_SUCCESS) break;
  }
  gsl_root_fsolver_free(r);
  return root;
}

/* ---- costs and regimes ---- */

uint16_t mdl_regime_cost(const mdl_scenario *s, int r) {
  double month = s->benefit_per_month[r] + s->housing_per_month[r] + s->lost_contributions_per_month +
                 s->induced_per_month + s->employment_services_per_month;
  double year = floor(12.0 * month + 0.5);
  return (uint16_t)(year > 65535.0 ? 65535.0 : year);
}

uint16_t mdl_entry_cost(const mdl_scenario *s, int regime, uint32_t u) {
  if (s->cost_mode == MDL_COST_REGIME) return mdl_regime_cost(s, regime);
  double c = s->cost_min + (s->cost_max - s->cost_min) * sim_rng_u01(u);
  return (uint16_t)floor(c + 0.5);
}

int mdl_draw_regime(const double shares[MDL_NREGIME], uint32_t u) {
  double x = sim_rng_u01(u), acc = 0;
  for (int r = 0; r < MDL_NREGIME - 1; r++) {
    acc += shares[r];
    if (x < acc) return r;
  }
  return MDL_NREGIME - 1;
}

/* Index of the first cdf entry above u * total (binary search). */
static int draw_level(const double *cdf, uint32_t u) {
  double target = sim_rng_u01(u) * cdf[MDL_EMP_LEVELS - 1];
  int lo = 0, hi = MDL_EMP_LEVELS - 1;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (cdf[mid] > target)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

/* Uniform integer in [lo, hi) from a word. */
static int uniform_int(uint32_t u, int lo, int hi) {
  if (hi <= lo) return lo;
  return lo + (int)(((uint64_t)u * (uint64_t)(hi - lo)) >> 32);
}

/* The benefit regime of a person without job at the start, `spell` months into her spell: drawn
 * from her status's shares with the word u. Insurance runs out after are_duration months: someone
 * drawn on ARE with a longer spell has already moved on, as the monthly pass would have moved her
 * (ASS, RSA or nothing, with the word v). */
static int initial_regime(const mdl_scenario *s, uint8_t status, int spell, uint32_t u, uint32_t v) {
  int regime = mdl_draw_regime(status == MDL_PPDE ? s->regime_shares_ppde : s->regime_shares_unemployed, u);
  if (regime == MDL_ARE && spell >= s->are_duration) {
    double x = sim_rng_u01(v);
    regime = x < s->are_exhaust_to_ass                           ? MDL_ASS
             : x < s->are_exhaust_to_ass + s->are_exhaust_to_rsa ? MDL_RSA
                                                                 : MDL_NONE;
  }
  return regime;
}

static void set_both(mdl_pop *p, size_t i, uint8_t status, uint8_t regime, int spell, uint16_t cost) {
  for (int a = 0; a < MDL_NARM; a++) {
    p->status[a][i] = status;
    p->regime[a][i] = regime;
    p->spell[a][i] = mdl_spell_store(spell);
    p->cost[a][i] = cost;
  }
  p->fte[i] = 0;
  p->vol[i] = 0;
  /* A new person in the slot (initial population, or an entrant after an exit): no cohort. */
  p->hired[i] = 0;
  p->vol_first[i] = 0;
}

void mdl_pop_init_territory(mdl_pop *p, const mdl_tables *tab, const mdl_scenario *s, const mdl_territory *t,
                            double scale, size_t first, size_t active, size_t count, sim_rng_key key,
                            int retirement_months, int threads) {
  /* Exact stocks: the first slots are the PPDE, then the short-term unemployed, then the employed. */
  size_t n_ppde = (size_t)floor((double)t->ppde_start / scale + 0.5);
  size_t n_unemp = (size_t)floor((double)t->unemployed_start / scale + 0.5);
  if (n_ppde > active) n_ppde = active;
  if (n_unemp > active - n_ppde) n_unemp = active - n_ppde;
  /* Spell bands: the short-term bands are 0-2, 3-5, 6-11; the long-term ones 12-23, 24-35, 36+. */
  static const int band_lo[MDL_SPELL_BANDS] = {0, 3, 6, 12, 24, 36};
  int band_hi[MDL_SPELL_BANDS] = {3, 6, 12, 24, 36, (int)s->max_initial_spell + 1};
  double su = s->seniority_shares[0] + s->seniority_shares[1] + s->seniority_shares[2];
  double sp = s->seniority_shares[3] + s->seniority_shares[4] + s->seniority_shares[5];
  /* Each agent is a pure function of (key, slot): any thread may draw it. The costly agents (the
   * jobless) come first: chunks dealt in turn spread them over the threads. */
#pragma omp parallel for schedule(static, 4096) num_threads(threads)
  for (size_t j = 0; j < active; j++) {
    size_t i = first + j;
    sim_rng_block w = sim_rng_philox(key, (uint32_t)i, 0, MDL_RNG_INIT, 0);
    sim_rng_block w2 = sim_rng_philox(key, (uint32_t)i, 0, MDL_RNG_INIT, 1);
    uint8_t status = j < n_ppde ? MDL_PPDE : j < n_ppde + n_unemp ? MDL_UNEMPLOYED : MDL_EMPLOYED;
    int age;
    if (status == MDL_PPDE)
      age = sim_rng_u01(w.v[0]) < s->ppde_age50_share ? uniform_int(w.v[1], 600, retirement_months)
                                                      : uniform_int(w.v[1], 216 + 12, 600);
    else
      age = uniform_int(w.v[1], 216, retirement_months);
    p->age[i] = (uint16_t)age;
    if (status == MDL_EMPLOYED) {
      p->emp[i] = (uint8_t)(w.v[2] >> 24);
      set_both(p, i, status, MDL_NONE, 0, 0);
      continue;
    }
    /* Spell band from the seniority shares restricted to the status's bands, then uniform within. */
    const int b0 = status == MDL_PPDE ? 3 : 0;
    double total = status == MDL_PPDE ? sp : su, x = sim_rng_u01(w.v[2]) * total, acc = 0;
    int band = b0 + 2;
    for (int b = b0; b < b0 + 3; b++) {
      acc += s->seniority_shares[b];
      if (x < acc) {
        band = b;
        break;
      }
    }
    int spell = uniform_int(w.v[3], band_lo[band], band_hi[band]);
    if (spell > tab->max_spell) spell = tab->max_spell;
    const double *cdf = tab->emp_cdf + ((size_t)spell * MDL_AGE_BANDS + (size_t)mdl_age_band(age)) * MDL_EMP_LEVELS;
    p->emp[i] = (uint8_t)draw_level(cdf, w2.v[0]);
    int regime = initial_regime(s, status, spell, w2.v[1], w2.v[3]);
    uint8_t flags = 0;
    if (sim_rng_u01(sim_rng_philox(key, (uint32_t)i, 0, MDL_RNG_INIT, 2).v[0]) < s->unregistered_share) {
      regime = MDL_NONE; /* no insurance without registration */
      flags = MDL_REG_UNREGISTERED;
    }
    set_both(p, i, status, (uint8_t)(regime | flags), spell, mdl_entry_cost(s, regime, w2.v[2]));
  }
  for (size_t i = first + active; i < first + count; i++) {
    p->age[i] = 0;
    p->emp[i] = 0;
    set_both(p, i, MDL_INACTIVE, MDL_NONE, 0, 0);
  }
}

/* A draw from the cumulative masses cum[lo, hi) (cum[lo - 1] is the base, 0 for lo = 0) with the
 * word u: the first i in [lo, hi - 1) with cum[i] above base + u01(u) (cum[hi - 1] - base), else
 * hi - 1. A guide table makes it fast (a binary search was the initial population's costliest
 * part): bucket b of GUIDE equal parts of the mass holds the first index whose cumulative mass
 * exceeds the bucket's lower end, so a draw starts there and moves a step or two. The two loops
 * of draw_guided give that index exactly, whatever rounding did to the guide. */
enum { GUIDE = 1024 };
typedef struct {
  int lo, hi;
  double base;
  int start[GUIDE];
} guide;

static void guide_init(guide *g, const double *cum, int lo, int hi) {
  g->lo = lo;
  g->hi = hi;
  g->base = lo > 0 ? cum[lo - 1] : 0.0;
  int i = lo;
  for (int b = 0; b < GUIDE; b++) {
    double t = g->base + (cum[hi - 1] - g->base) * b / GUIDE;
    while (i < hi - 1 && cum[i] <= t) i++;
    g->start[b] = i;
  }
}

static int draw_guided(const guide *g, const double *cum, uint32_t u) {
  double x = sim_rng_u01(u), target = g->base + x * (cum[g->hi - 1] - g->base);
  int i = g->start[(int)(x * GUIDE)];
  while (i > g->lo && cum[i - 1] > target) i--;
  while (i < g->hi - 1 && cum[i] <= target) i++;
  return i;
}

/* Value of the combination sum_b r[b] cum_b[k] of three cumulative profiles. */
static double mix_at(const double *const cum[3], const double r[3], int k) {
  return r[0] * cum[0][k] + r[1] * cum[1][k] + r[2] * cum[2][k];
}

/* What every agent of mdl_pop_init_stationary shares: the stocks, the guides and the masses. */
enum { NT = MDL_AGE_BANDS * MDL_EMP_LEVELS }; /* types: (age band, employability level) */
typedef struct {
  size_t n_ppde, n_unemp;
  const guide *type_guide, *age_guide; /* [3]: per status; [MDL_AGE_BANDS] */
  const double *cum, *rr;              /* [3 * NT], [NT] */
  sim_rng_key key;
} stationary_ctx;

/* One agent: its slot, its index among the territory's active agents, its first words. */
typedef struct {
  sim_rng_block w;
  size_t i, jj;
} stationary_draw;

/* Agent d.i of the stationary population: employed, unemployed or PPDE by its index (the jobless
 * first), then its type, age and, if jobless, spell, flags, regime and cost. */
static void stationary_agent(mdl_pop *p, const mdl_tables *tab, const mdl_scenario *s, stationary_draw d,
                             const stationary_ctx *sd) {
  const size_t i = d.i;
  const sim_rng_block w = d.w;
  uint8_t status = d.jj < sd->n_ppde ? MDL_PPDE : d.jj < sd->n_ppde + sd->n_unemp ? MDL_UNEMPLOYED : MDL_EMPLOYED;
  int k = status == MDL_EMPLOYED ? 0 : status == MDL_UNEMPLOYED ? 1 : 2;
  int type = draw_guided(&sd->type_guide[k], sd->cum + (size_t)k * NT, w.v[0]);
  int j = type / MDL_AGE_BANDS, a = type % MDL_AGE_BANDS;
  /* Age from the stationary age density within the band. */
  p->age[i] = (uint16_t)(216 + draw_guided(&sd->age_guide[a], tab->st_age_cdf, w.v[1]));
  p->emp[i] = (uint8_t)j;
  if (status == MDL_EMPLOYED) {
    set_both(p, i, status, MDL_NONE, 0, 0);
    return;
  }
  /* Spell and flags from the band's profile, a mix of the cohorts that entered in each band. */
  const sim_rng_block w2 = sim_rng_philox(sd->key, (uint32_t)i, 0, MDL_RNG_INIT, 1);
  const int W = (tab->max_spell + 1) * 4;
  const double *prof[3];
  double r[3];
  for (int b = 0; b < 3; b++) {
    prof[b] = tab->st_prof + (((size_t)b * MDL_AGE_BANDS + (size_t)a) * MDL_EMP_LEVELS + (size_t)j) * (size_t)W;
    r[b] = sd->rr[b * MDL_EMP_LEVELS + j];
  }
  int clo = status == MDL_PPDE ? 12 * 4 : 0, chi = status == MDL_PPDE ? W : 12 * 4;
  double base = clo > 0 ? mix_at(prof, r, clo - 1) : 0.0;
  double target = base + sim_rng_u01(w.v[2]) * (mix_at(prof, r, chi - 1) - base);
  while (clo < chi - 1) {
    int mid = (clo + chi) / 2;
    if (mix_at(prof, r, mid - 1) > target)
      chi = mid;
    else
      clo = mid;
  }
  int spell = clo / 4, flags = clo % 4;
  int regime = initial_regime(s, status, spell, w2.v[0], w.v[3]);
  uint8_t byte = (uint8_t)regime;
  if (flags & 2) byte = MDL_NONE | MDL_REG_UNREGISTERED;
  if (flags & 1) byte |= MDL_REG_PRECARIOUS;
  set_both(p, i, status, byte, spell, mdl_entry_cost(s, mdl_benefit(byte), w2.v[1]));
}

void mdl_pop_init_stationary(mdl_pop *p, const mdl_tables *tab, const mdl_scenario *s, const mdl_territory *t,
                             double scale, size_t first, size_t active, size_t count, sim_rng_key key,
                             int retirement_months, double sigma, int threads) {
  (void)retirement_months; /* the tables' age structure was built for the step-0 retirement age */
  /* Per type (band a, level j): inflows r and the cumulative stationary mass by status (employed,
   * unemployed, PPDE). */
  /* 24 KB on the stack: no allocation, so no failure path that would leave the territory empty. */
  double cum[3 * NT], rr[NT];
  double acc[3] = {0, 0, 0}, st_j = 0, st_p = 0;
  for (int j = 0; j < MDL_EMP_LEVELS; j++) {
    double r[3], J[3], P[3];
    level_shares(tab, s, sigma, j, r, J, P);
    for (int b = 0; b < 3; b++) rr[b * MDL_EMP_LEVELS + j] = r[b] > 0 ? r[b] : 0;
    for (int a = 0; a < 3; a++) {
      double m[3] = {tab->st_n[a] - J[a], J[a] - P[a], P[a]};
      st_j += J[a];
      st_p += P[a];
      for (int k = 0; k < 3; k++) {
        acc[k] += m[k] > 0 ? m[k] : 0;
        cum[k * NT + j * MDL_AGE_BANDS + a] = acc[k]; /* in the order of accumulation */
      }
    }
  }
  /* The PPDE stock is the territory's; the short-term unemployed are as many as the stationary
   * distribution has per PPDE (unemployed_start is not used: with sigma fitted to the PPDE share,
   * another number would be a transient). */
  size_t n_ppde = (size_t)floor((double)t->ppde_start / scale + 0.5);
  if (n_ppde > active) n_ppde = active;
  size_t n_unemp = st_p > 0 ? (size_t)floor((double)n_ppde * (st_j - st_p) / st_p + 0.5)
                            : (size_t)floor((double)active * st_j / MDL_EMP_LEVELS + 0.5);
  if (n_unemp > active - n_ppde) n_unemp = active - n_ppde;
  const int ages = tab->st_R - 216;
  const int band_lo[MDL_AGE_BANDS] = {216, 360, 600};
  const int band_hi[MDL_AGE_BANDS] = {360, 600, tab->st_R};
  /* Guides of the type draw (per status) and of the age draw (per band): 24 KB, on the stack too. */
  guide type_guide[3], age_guide[MDL_AGE_BANDS];
  for (int k = 0; k < 3; k++) guide_init(&type_guide[k], cum + (size_t)k * NT, 0, NT);
  for (int a = 0; a < MDL_AGE_BANDS; a++) {
    int lo = band_lo[a] - 216, hi = band_hi[a] - 216;
    if (hi > ages) hi = ages;
    if (lo >= hi) lo = hi - 1;
    guide_init(&age_guide[a], tab->st_age_cdf, lo, hi);
  }
  /* A pure function of (key, slot) per agent; the jobless first: chunks of 4096 agents dealt in
   * turn (as above). The first block of words of 256 agents at a time is drawn in SIMD lanes. */
  const stationary_ctx sd = {n_ppde, n_unemp, type_guide, age_guide, cum, rr, key};
  const sim_rng_round_keys rk = sim_rng_schedule(key);
  enum { BATCH = 256 };
  const size_t batches = (active + BATCH - 1) / BATCH;
#pragma omp parallel for schedule(static, 4096 / BATCH) num_threads(threads)
  for (size_t bt = 0; bt < batches; bt++) {
    uint32_t v0[BATCH], v1[BATCH], v2[BATCH], v3[BATCH];
    const size_t j0 = bt * BATCH, j1 = j0 + BATCH < active ? j0 + BATCH : active;
    sim_rng_philox_batch(&rk, (uint32_t)(first + j0), j1 - j0, 0, MDL_RNG_INIT, 0, v0, v1, v2, v3);
    for (size_t jj = j0; jj < j1; jj++) {
      const size_t u = jj - j0;
      stationary_agent(p, tab, s, (stationary_draw){{{v0[u], v1[u], v2[u], v3[u]}}, first + jj, jj}, &sd);
    }
  }
  for (size_t i = first + active; i < first + count; i++) {
    p->age[i] = 0;
    p->emp[i] = 0;
    set_both(p, i, MDL_INACTIVE, MDL_NONE, 0, 0);
  }
}

void mdl_pop_make_entrant(mdl_pop *p, const mdl_scenario *s, size_t i, sim_rng_key key, uint32_t step) {
  sim_rng_block w = sim_rng_philox(key, (uint32_t)i, step, MDL_RNG_ENTRANT, 0);
  p->age[i] = (uint16_t)uniform_int(w.v[0], 216, 312);
  p->emp[i] = (uint8_t)(w.v[1] >> 24);
  int unemployed = sim_rng_u01(w.v[2]) < s->youth_unemployed_share;
  /* A young entrant has no insurance record and no RSA before 25: no benefit. Some do not register. */
  uint8_t byte = MDL_NONE;
  if (unemployed &&
      sim_rng_u01(sim_rng_philox(key, (uint32_t)i, step, MDL_RNG_ENTRANT, 1).v[0]) < s->unregistered_share)
    byte |= MDL_REG_UNREGISTERED;
  set_both(p, i, unemployed ? MDL_UNEMPLOYED : MDL_EMPLOYED, byte, 0,
           unemployed ? mdl_entry_cost(s, MDL_NONE, w.v[3]) : 0);
}
