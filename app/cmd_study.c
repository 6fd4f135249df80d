/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_study.c: helpers of tzsim sweep and tzsim calibrate (see cmd_study.h). */
#include "app/cmd_study.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plots/gp.h"
#include "app/mpi_run.h"

sim_status sim_study_run(const char *path, const char *const *sets, int nsets, int threads, int how, mdl_scenario *s,
                         sim_scenario_run *run, sim_errs *e) {
  sim_status st;
  memset(run, 0, sizeof *run);
#pragma omp critical(tzsim_study_load)
  st = mdl_scenario_load(path, NULL, NULL, sets, nsets, s, e);
  if (st != SIM_OK) return st;
  int keep_rows = (how & SIM_STUDY_ROWS) != 0;
  if (how & SIM_STUDY_RANKS)
    st = sim_mpi_run_scenario(s, threads, 1, keep_rows, run, e);
  else if (keep_rows)
    st = sim_run_slice(s, threads, 1, 0, (uint32_t)s->replications, run, e);
  else
    st = sim_run_scenario(s, threads, 1, NULL, NULL, run, e);
  if (st != SIM_OK) mdl_scenario_free(s);
  return st;
}

int sim_study_fixed_make(sim_study_fixed *f, long long replications, long long months, const char *const *sets,
                         int nsets) {
  memset(f, 0, sizeof *f);
  if (!(f->s = calloc((size_t)nsets + 2, sizeof *f->s))) return -1;
  if (replications > 0) {
    snprintf(f->replications, sizeof f->replications, "replications=%lld", replications);
    f->s[f->n++] = f->replications;
  }
  if (months > 0) {
    snprintf(f->months, sizeof f->months, "months=%lld", months);
    f->s[f->n++] = f->months;
  }
  for (int i = 0; i < nsets; i++) f->s[f->n++] = sets[i];
  return 0;
}

void sim_study_fixed_free(sim_study_fixed *f) {
  free((void *)f->s);
  memset(f, 0, sizeof *f);
}

void sim_study_points_init(sim_study_points *p, const char *what, size_t total, int show) {
  memset(p, 0, sizeof *p);
  p->what = what;
  p->total = total;
  p->show = show;
  p->t0 = sim_now();
  sim_errs_init(&p->errs);
}

void sim_study_points_free(sim_study_points *p) { sim_errs_destroy(&p->errs); }

void sim_study_point_done(sim_study_points *p) {
#pragma omp critical(tzsim_study_points)
  {
    p->done++;
    if (p->show) {
      fprintf(stderr, "\r  %s %zu/%zu, %.1f s ", p->what, p->done, p->total, sim_now() - p->t0);
      (void)fflush(stderr);
    }
  }
}

void sim_study_point_failed(sim_study_points *p, size_t point, sim_errs *why) {
  int kept = 0;
#pragma omp critical(tzsim_study_points)
  {
    if (!p->failed || point < p->point) {
      sim_errs_destroy(&p->errs);
      p->errs = *why;
      p->failed = 1;
      p->point = point;
      kept = 1;
    }
  }
  if (!kept) sim_errs_destroy(why);
  sim_errs_init(why);
}

void sim_study_label(const mdl_study_param *ps, int k, const double *x, char *buf, size_t n) {
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; i < k && used + 1 < n; i++)
    used += (size_t)snprintf(buf + used, n - used, "%s%s=%.6g", i ? ", " : "", ps[i].name, x[i]);
}

int sim_study_draw(const char *dir, const char *const *scripts, int n, int quiet) {
  char plots[4200], why[512];
  snprintf(plots, sizeof plots, "%s/plots", dir);
  (void)fflush(stdout);
  plt_gnuplot_status gs = plt_gnuplot_run(plots, scripts, n, &sim_stop_requested, why, sizeof why);
  if (sim_stop_requested) {
    fprintf(stderr, "tzsim: interrupted by signal %d while drawing; the results in %s are complete\n",
            (int)sim_stop_requested, dir);
    return 130;
  }
  if (gs == PLT_GNUPLOT_MISSING) {
    fprintf(stderr,
            "tzsim: gnuplot not found: install it (Debian: apt-get install gnuplot-nox); data and scripts are in %s\n",
            plots);
    return SIM_EXIT_PLOT;
  }
  if (gs != PLT_GNUPLOT_OK) {
    fprintf(stderr, "tzsim: gnuplot failed (%s): data and scripts are in %s (see gnuplot.log there)\n", SIM_TTY(why),
            plots);
    return SIM_EXIT_PLOT;
  }
  char log[4300];
  snprintf(log, sizeof log, "%s/gnuplot.log", plots);
  (void)remove(log); /* gnuplot's log of a success is empty */
  if (!quiet) printf("%d figures -> %s\n", n, plots);
  return 0;
}
