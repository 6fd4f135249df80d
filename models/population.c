/* population.c: agent storage, employability tables and the initial population of a territory. */
#include "models/population.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

sim_status mdl_pop_alloc(mdl_pop *p, size_t n) {
  memset(p, 0, sizeof *p);
  p->n = n;
  size_t m = n ? n : 1;
  p->age = malloc(m * sizeof *p->age);
  p->emp = malloc(m);
  p->fte = calloc(m, 1);
  p->vol = calloc(m, sizeof *p->vol);
  int ok = p->age && p->emp && p->fte && p->vol;
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
  for (int a = 0; a < MDL_NARM; a++) {
    free(p->status[a]);
    free(p->regime[a]);
    free(p->spell[a]);
    free(p->cost[a]);
  }
  memset(p, 0, sizeof *p);
}

size_t mdl_pop_bytes_per_agent(void) {
  return sizeof(uint16_t) + 1 + MDL_NARM * (1 + 1 + 2 * sizeof(uint16_t)) + 1 + sizeof(uint16_t);
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
  t->emp_cdf = NULL;
  t->st_prof = NULL;
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
      t->prec_sep_thr[lt][i] = sim_rng_threshold(capped(s->precarious_separation[lt] * pow(e, -s->precarious_separation_elasticity)));
  }
}

/* The monthly hazards the pass realises, as probabilities (fixed point and thresholds converted
 * back, so the stationary distribution is that of the integer rules). */
static double jf_prob(const mdl_tables *t, int band, int a, int j, int unreg) {
  double h = (double)t->jf_thr[band][a][j];
  if (unreg) h = (double)((t->jf_thr[band][a][j] * t->unreg_q) >> 16);
  return h / 4294967296.0;
}

sim_status mdl_tables_stationary(mdl_tables *t, const mdl_scenario *s, int retire_months) {
  const int S = t->max_spell, W = (S + 1) * 4;
  free(t->st_prof);
  t->st_prof = malloc((size_t)MDL_AGE_BANDS * MDL_EMP_LEVELS * (size_t)W * sizeof *t->st_prof);
  if (!t->st_prof) return SIM_ENOMEM;
  double life = (double)(retire_months - 216);
  if (life < 1) life = 1;
  t->st_ell = capped(s->exit_rate + 1.0 / life);
  const double ell = t->st_ell, u = s->unregistered_share;
  double lo[MDL_AGE_BANDS] = {216, 360, 600}, hi[MDL_AGE_BANDS] = {360, 600, (double)retire_months};
  for (int a = 0; a < MDL_AGE_BANDS; a++) {
    double l = hi[a] < lo[a] ? 0 : (hi[a] > retire_months ? retire_months : hi[a]) - lo[a];
    t->st_band_weight[a] = (l > 0 ? l : 0) / life;
  }
  for (int a = 0; a < MDL_AGE_BANDS; a++)
    for (int j = 0; j < MDL_EMP_LEVELS; j++) {
      double *prof = t->st_prof + ((size_t)a * MDL_EMP_LEVELS + (size_t)j) * (size_t)W;
      double v[4] = {1.0 - u, 0, u, 0}, D = 0, DP = 0, acc = 0;
      double pi = (double)t->prec_q[j] / 65536.0;
      for (int sp = 0; sp <= S; sp++) {
        double mass[4];
        if (sp < S) {
          for (int f = 0; f < 4; f++) mass[f] = v[f];
        } else {
          /* From spell S on the hazards are constant (S >= 36): the tail of each registration
           * flag is v (I - M)^-1 with M the 2x2 monthly matrix over (searching, precarious). */
          double q = (double)t->prec_sep_thr[1][j] / 4294967296.0;
          for (int g = 0; g < 2; g++) {
            double h = jf_prob(t, mdl_spell_band(sp), a, j, g);
            double m00 = (1 - ell) * (1 - h), m01 = (1 - ell) * h * pi, m10 = (1 - ell) * q, m11 = (1 - ell) * (1 - q);
            double a00 = 1 - m00, a01 = -m01, a10 = -m10, a11 = 1 - m11, det = a00 * a11 - a01 * a10;
            double x0 = v[2 * g], x1 = v[2 * g + 1];
            mass[2 * g] = det > 0 ? (x0 * a11 - x1 * a10) / det : 0;
            mass[2 * g + 1] = det > 0 ? (-x0 * a01 + x1 * a00) / det : 0;
          }
        }
        for (int f = 0; f < 4; f++) {
          acc += mass[f];
          prof[sp * 4 + f] = acc;
          D += mass[f];
          if (sp >= 12) DP += mass[f];
        }
        double nv[4] = {0, 0, 0, 0};
        for (int f = 0; f < 4; f++) {
          double x = v[f] * (1 - ell);
          if (f & 1) {
            double q = (double)t->prec_sep_thr[sp >= 12][j] / 4294967296.0;
            nv[f & ~1] += x * q;
            nv[f] += x * (1 - q);
          } else {
            double h = jf_prob(t, mdl_spell_band(sp), a, j, f >> 1);
            nv[f | 1] += x * h * pi;
            nv[f] += x * (1 - h);
          }
        }
        for (int f = 0; f < 4; f++) v[f] = nv[f];
      }
      t->st_D[a][j] = D;
      t->st_DP[a][j] = DP;
    }
  return SIM_OK;
}

/* Per type: stationary shares without stable job (J) and PPDE (P) at separation scale sigma. */
static void type_shares(const mdl_tables *t, const mdl_scenario *s, double sigma, int a, int j, double *J, double *P) {
  double alpha = (1 - t->st_ell) * capped(sigma * s->separation[a]), beta = t->st_ell * s->youth_unemployed_share;
  double D = t->st_D[a][j];
  *J = (alpha + beta) * D / (1 + alpha * D);
  *P = D > 0 ? *J * t->st_DP[a][j] / D : 0;
}

void mdl_stationary_shares(const mdl_tables *t, const mdl_scenario *s, double sigma, double *jobless, double *ppde) {
  double J = 0, P = 0;
  for (int a = 0; a < MDL_AGE_BANDS; a++)
    for (int j = 0; j < MDL_EMP_LEVELS; j++) {
      double x, y;
      type_shares(t, s, sigma, a, j, &x, &y);
      J += t->st_band_weight[a] * x / MDL_EMP_LEVELS;
      P += t->st_band_weight[a] * y / MDL_EMP_LEVELS;
    }
  if (jobless) *jobless = J;
  if (ppde) *ppde = P;
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

static void set_both(mdl_pop *p, size_t i, uint8_t status, uint8_t regime, uint16_t spell, uint16_t cost) {
  for (int a = 0; a < MDL_NARM; a++) {
    p->status[a][i] = status;
    p->regime[a][i] = regime;
    p->spell[a][i] = spell;
    p->cost[a][i] = cost;
  }
  p->fte[i] = 0;
  p->vol[i] = 0;
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
  /* Each agent is a pure function of (key, slot): any thread may draw it. */
#pragma omp parallel for schedule(static) num_threads(threads)
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
    int regime = mdl_draw_regime(status == MDL_PPDE ? s->regime_shares_ppde : s->regime_shares_unemployed, w2.v[1]);
    /* Insurance runs out after are_duration months: someone drawn on ARE with a longer spell has
     * already moved on, as the monthly pass would have moved them (ASS, RSA or nothing). */
    if (regime == MDL_ARE && spell >= s->are_duration) {
      double u = sim_rng_u01(w2.v[3]);
      regime = u < s->are_exhaust_to_ass ? MDL_ASS : u < s->are_exhaust_to_ass + s->are_exhaust_to_rsa ? MDL_RSA : MDL_NONE;
    }
    uint8_t flags = 0;
    if (sim_rng_u01(sim_rng_philox(key, (uint32_t)i, 0, MDL_RNG_INIT, 2).v[0]) < s->unregistered_share) {
      regime = MDL_NONE; /* no insurance without registration */
      flags = MDL_REG_UNREGISTERED;
    }
    set_both(p, i, status, (uint8_t)(regime | flags), (uint16_t)spell, mdl_entry_cost(s, regime, w2.v[2]));
  }
  for (size_t i = first + active; i < first + count; i++) {
    p->age[i] = 0;
    p->emp[i] = 0;
    set_both(p, i, MDL_INACTIVE, MDL_NONE, 0, 0);
  }
}

/* Index of the first entry of cum[lo, hi) above cum[lo-1] + u (cum[hi-1] - cum[lo-1]). */
static int draw_range(const double *cum, int lo, int hi, uint32_t u) {
  double base = lo > 0 ? cum[lo - 1] : 0.0, target = base + sim_rng_u01(u) * (cum[hi - 1] - base);
  while (lo < hi - 1) {
    int mid = (lo + hi) / 2;
    if (cum[mid - 1] > target)
      hi = mid;
    else
      lo = mid;
  }
  return lo;
}

void mdl_pop_init_stationary(mdl_pop *p, const mdl_tables *tab, const mdl_scenario *s, const mdl_territory *t,
                             double scale, size_t first, size_t active, size_t count, sim_rng_key key,
                             int retirement_months, double sigma, int threads) {
  /* The PPDE stock is the territory's; the short-term unemployed are as many as the stationary
   * distribution has per PPDE (unemployed_start is not used: with sigma fitted to the PPDE share,
   * another number would be a transient). */
  size_t n_ppde = (size_t)floor((double)t->ppde_start / scale + 0.5);
  if (n_ppde > active) n_ppde = active;
  double st_j, st_p;
  mdl_stationary_shares(tab, s, sigma, &st_j, &st_p);
  size_t n_unemp = st_p > 0 ? (size_t)floor((double)n_ppde * (st_j - st_p) / st_p + 0.5)
                            : (size_t)floor((double)active * st_j + 0.5);
  if (n_unemp > active - n_ppde) n_unemp = active - n_ppde;
  enum { NT = MDL_AGE_BANDS * MDL_EMP_LEVELS };
  /* Cumulative stationary mass of each type (age band, level) by status: employed, unemployed, PPDE. */
  double *cum = malloc(3 * NT * sizeof *cum);
  if (!cum) return; /* tiny; the caller's tables are far larger */
  double acc[3] = {0, 0, 0};
  for (int a = 0; a < MDL_AGE_BANDS; a++)
    for (int j = 0; j < MDL_EMP_LEVELS; j++) {
      double J, P;
      type_shares(tab, s, sigma, a, j, &J, &P);
      double wgt = tab->st_band_weight[a], m[3] = {wgt * (1 - J), wgt * (J - P), wgt * P};
      for (int k = 0; k < 3; k++) {
        acc[k] += m[k] > 0 ? m[k] : 0;
        cum[k * NT + a * MDL_EMP_LEVELS + j] = acc[k];
      }
    }
  const int W = (tab->max_spell + 1) * 4;
  const int band_lo[MDL_AGE_BANDS] = {216, 360, 600};
  const int band_hi[MDL_AGE_BANDS] = {360, 600, retirement_months};
#pragma omp parallel for schedule(static) num_threads(threads)
  for (size_t jj = 0; jj < active; jj++) {
    size_t i = first + jj;
    sim_rng_block w = sim_rng_philox(key, (uint32_t)i, 0, MDL_RNG_INIT, 0);
    sim_rng_block w2 = sim_rng_philox(key, (uint32_t)i, 0, MDL_RNG_INIT, 1);
    uint8_t status = jj < n_ppde ? MDL_PPDE : jj < n_ppde + n_unemp ? MDL_UNEMPLOYED : MDL_EMPLOYED;
    int k = status == MDL_EMPLOYED ? 0 : status == MDL_UNEMPLOYED ? 1 : 2;
    int type = draw_range(cum + k * NT, 0, NT, w.v[0]);
    int a = type / MDL_EMP_LEVELS, j = type % MDL_EMP_LEVELS;
    int hi = band_hi[a] > band_lo[a] ? band_hi[a] : band_lo[a] + 1;
    p->age[i] = (uint16_t)uniform_int(w.v[1], band_lo[a], hi);
    p->emp[i] = (uint8_t)j;
    if (status == MDL_EMPLOYED) {
      set_both(p, i, status, MDL_NONE, 0, 0);
      continue;
    }
    const double *prof = tab->st_prof + (size_t)type * (size_t)W;
    int cell = status == MDL_PPDE ? draw_range(prof, 12 * 4, W, w.v[2]) : draw_range(prof, 0, 12 * 4, w.v[2]);
    int spell = cell / 4, flags = cell % 4;
    int regime = mdl_draw_regime(status == MDL_PPDE ? s->regime_shares_ppde : s->regime_shares_unemployed, w2.v[0]);
    if (regime == MDL_ARE && spell >= s->are_duration) {
      double x = sim_rng_u01(w.v[3]);
      regime = x < s->are_exhaust_to_ass ? MDL_ASS : x < s->are_exhaust_to_ass + s->are_exhaust_to_rsa ? MDL_RSA : MDL_NONE;
    }
    uint8_t byte = (uint8_t)regime;
    if (flags & 2) byte = MDL_NONE | MDL_REG_UNREGISTERED;
    if (flags & 1) byte |= MDL_REG_PRECARIOUS;
    set_both(p, i, status, byte, (uint16_t)spell, mdl_entry_cost(s, mdl_benefit(byte), w2.v[1]));
  }
  free(cum);
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
  if (unemployed && sim_rng_u01(sim_rng_philox(key, (uint32_t)i, step, MDL_RNG_ENTRANT, 1).v[0]) < s->unregistered_share)
    byte |= MDL_REG_UNREGISTERED;
  set_both(p, i, unemployed ? MDL_UNEMPLOYED : MDL_EMPLOYED, byte, 0,
           unemployed ? mdl_entry_cost(s, MDL_NONE, w.v[3]) : 0);
}
