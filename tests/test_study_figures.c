/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_study_figures.c: the figures of sweep and calibrate (plots/study_figures.c), written from
 * plain names and numbers into a result folder: the data files byte for byte, the ranking of the
 * indices, the lines of the scripts that carry the data's meaning (titles, axes, columns). Linked
 * with the plots and sim libraries only: the figures need nothing of the model. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "plots/study_figures.h"

static char scratch[256], final_dir[300];

/* A fresh result folder with its plots/ sub-folder, as the commands prepare it. */
static void begin(sim_outdir *d, sim_errs *e) {
  snprintf(scratch, sizeof scratch, "%s/tzsim-study-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  assert_non_null(mkdtemp(scratch));
  snprintf(final_dir, sizeof final_dir, "%s/out", scratch);
  sim_errs_init(e);
  memset(d, 0, sizeof *d);
  assert_int_equal(sim_outdir_begin(d, final_dir, 0, e), SIM_OK);
  char plots[8300];
  snprintf(plots, sizeof plots, "%s/plots", d->tmp);
  assert_int_equal(mkdir(plots, 0777), 0);
}

static void commit(sim_outdir *d, sim_errs *e) {
  assert_int_equal(sim_outdir_commit(d, e), SIM_OK);
  assert_int_equal((int)e->count, 0);
}

static void end(sim_errs *e) {
  sim_errs_destroy(e);
  assert_int_equal(sim_remove_tree(scratch), 0);
}

/* The whole of result file NAME (malloc'd), or NULL when it does not exist. */
static char *slurp(const char *name) {
  char path[600];
  snprintf(path, sizeof path, "%s/%s", final_dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *text = calloc(1, 65536);
  assert_non_null(text);
  size_t n = fread(text, 1, 65535, f);
  text[n] = '\0';
  fclose(f);
  return text;
}

static void assert_has(const char *text, const char *line) {
  if (!strstr(text, line)) fail_msg("missing: %s\nin:\n%s", line, text);
}

/* Sobol: the parameters ranked by ascending |ST| (NaN lowest), so that the largest is drawn at the
 * top; S1 beside it; the index axis unitless. */
static void test_indices_sobol(void **state) {
  (void)state;
  sim_outdir d;
  sim_errs e;
  begin(&d, &e);
  const char *params[] = {"alpha", "beta", "gamma\tcut"};
  const sa_est est[3][2] = {{{0.2, 0.1, 0.3}, {0.15, 0.05, 0.25}},
                            {{-0.7, -0.9, -0.5}, {0.5, (double)NAN, (double)NAN}},
                            {{(double)NAN, (double)NAN, (double)NAN}, {0.0, -0.0, 1e-13}}};
  plt_indices_figure fig = {"indices-out", "net cost", "EUR per FTE-year", SA_SOBOL, "sobol", 3, params,
                            {"ST", "S1"},  est};
  assert_int_equal(plt_write_indices_figure(&d, &fig, &e), SIM_OK);
  commit(&d, &e);
  char *tsv = slurp("plots/indices-out.tsv"), *gp = slurp("plots/indices-out.gp");
  assert_non_null(tsv);
  assert_non_null(gp);
  assert_string_equal(tsv, "rank\tparameter\tST\tST_lo\tST_hi\tS1\tS1_lo\tS1_hi\n"
                           "1\tgamma cut\tNaN\tNaN\tNaN\t0\t0\t1e-13\n"
                           "2\talpha\t0.2\t0.1\t0.3\t0.15\t0.05\t0.25\n"
                           "3\tbeta\t-0.7\t-0.9\t-0.5\t0.5\tNaN\tNaN\n");
  assert_has(gp, "# indices-out.gp: sobol indices of net cost\n# Drawn by tzsim from sweep.csv and indices.csv.");
  assert_has(gp, "set title 'net cost: sobol indices (bars; lines: 95% intervals)'\n");
  assert_has(gp, "set yrange [0.4:3.6]\n");
  assert_has(gp, "set xlabel 'index'\n");
  assert_has(gp, "title 'total effect ST'");
  assert_has(gp, "title 'first-order S1'");
  free(tsv);
  free(gp);
  end(&e);
}

/* Morris: mu* on the output's unit, sigma beside it; no parameter: nothing drawn. */
static void test_indices_morris_and_empty(void **state) {
  (void)state;
  sim_outdir d;
  sim_errs e;
  begin(&d, &e);
  const char *params[] = {"x"};
  const sa_est est[1][2] = {{{3.5, 2.0, 5.0}, {1.25, (double)NAN, (double)NAN}}};
  plt_indices_figure fig = {"indices-m", "ppde", "persons", SA_MORRIS, "morris", 1, params, {"mu_star", "sigma"}, est};
  assert_int_equal(plt_write_indices_figure(&d, &fig, &e), SIM_OK);
  plt_indices_figure none = {"indices-none",       "ppde", "persons", SA_MORRIS, "morris", 0, params,
                             {"mu_star", "sigma"}, est};
  assert_int_equal(plt_write_indices_figure(&d, &none, &e), SIM_OK);
  commit(&d, &e);
  char *tsv = slurp("plots/indices-m.tsv"), *gp = slurp("plots/indices-m.gp");
  assert_string_equal(tsv, "rank\tparameter\tmu_star\tmu_star_lo\tmu_star_hi\tsigma\tsigma_lo\tsigma_hi\n"
                           "1\tx\t3.5\t2\t5\t1.25\tNaN\tNaN\n");
  assert_has(gp, "set xlabel 'persons'\n");
  assert_has(gp, "title 'mu* (mean |elementary effect|, per full range)'");
  assert_has(gp, "title 'sigma of the elementary effects'");
  assert_null(slurp("plots/indices-none.tsv"));
  assert_null(slurp("plots/indices-none.gp"));
  free(tsv);
  free(gp);
  end(&e);
}

/* The scatter: one column per parameter then the output (taken with its stride), round x ticks,
 * one panel per parameter three to a row. */
static void test_scatter(void **state) {
  (void)state;
  sim_outdir d;
  sim_errs e;
  begin(&d, &e);
  const char *params[] = {"rate", "share"};
  const double x[] = {0.014, 0.5, 0.03, 0.25, 0.056, 0.75};
  const double y[] = {10, -1, 20, -1, (double)NAN, -1}; /* output 0 of 2 */
  plt_scatter_figure fig = {"scatter-o", "out'quote", "EUR", 2, params, 3, x, y, 2};
  assert_int_equal(plt_write_scatter_figure(&d, &fig, &e), SIM_OK);
  commit(&d, &e);
  char *tsv = slurp("plots/scatter-o.tsv"), *gp = slurp("plots/scatter-o.gp");
  assert_string_equal(tsv,
                      "point\trate\tshare\tout'quote\n1\t0.014\t0.5\t10\n2\t0.03\t0.25\t20\n3\t0.056\t0.75\tNaN\n");
  assert_has(gp, "  set multiplot layout 1,2 title 'out''quote'\n");
  assert_has(gp, "  set ylabel 'EUR'\n");
  assert_has(gp, "  set xtics 0.01\n  set xlabel 'rate'\n  plot 'scatter-o.tsv' using 2:4 with points");
  assert_has(gp, "  set xtics 0.1\n  set xlabel 'share'\n  plot 'scatter-o.tsv' using 3:4 with points");
  free(tsv);
  free(gp);
  end(&e);
}

/* The fit: a series' mean and 95% band over replications month by month (cumulated when the target
 * is), its observed values split fitted / held out, and simulated against observed. */
static void test_fit(void **state) {
  (void)state;
  sim_outdir d;
  sim_errs e;
  begin(&d, &e);
  static const char *const groups[] = {"total"}, *const arms[] = {"program", "counterfactual"},
                           *const metrics[] = {"m"};
  sim_layout l = {1, groups, 0, 2, arms, 1, metrics, 2017 * 12, 0, NULL};
  /* 2 replications x 3 months x (2 arms x 1 metric): the program arm is cell 0. */
  const double rows[] = {1, 100, 2, 100, 3, 100, 3, 100, 4, 100, 5, 100};
  plt_run_rows run = {&l, rows, 3, 2, 2};
  sim_target t[2];
  memset(t, 0, sizeof t);
  for (int i = 0; i < 2; i++) {
    t[i].cumulative = 1;
    snprintf(t[i].group_name, sizeof t[i].group_name, "total");
    snprintf(t[i].variable, sizeof t[i].variable, "m_cumulative");
  }
  t[0].step = 1, t[0].month = 2017 * 12 + 1, t[0].value = 6, t[0].weight = 1, t[0].se = 1;
  t[1].step = 2, t[1].month = 2017 * 12 + 2, t[1].value = 12, t[1].weight = 0, t[1].se = 1;
  const plt_interval v[2] = {{5, 3, 7}, {9.5, 9, 10}};
  const int series[] = {0};
  char names[4][64];
  int nnames = 0;
  assert_int_equal(plt_write_fit_figures(&d, &run, t, 2, v, series, 1, names, &nnames, &e), SIM_OK);
  commit(&d, &e);
  assert_int_equal(nnames, 2);
  assert_string_equal(names[0], "fit-trajectories.gp");
  assert_string_equal(names[1], "fit-scatter.gp");
  char *tsv = slurp("plots/fit-trajectories.tsv"), *obs = slurp("plots/fit-trajectories-observed.tsv");
  char *sc = slurp("plots/fit-scatter.tsv"), *gp = slurp("plots/fit-trajectories.gp"),
       *gps = slurp("plots/fit-scatter.gp");
  /* Cumulated: replication 1 gives 1, 3, 6 and replication 2 gives 3, 7, 12; t(0.975, 1) = 12.7062047361747. */
  char want[600];
  double h = 12.706204736174707;
  snprintf(want, sizeof want,
           "date\tsimulated\tlo\thi\n2017-01\t2\t%.12g\t%.12g\n2017-02\t5\t%.12g\t%.12g\n2017-03\t9\t%.12g\t%."
           "12g\n\n\n",
           2 - h, 2 + h, 5 - 2 * h, 5 + 2 * h, 9 - 3 * h, 9 + 3 * h);
  assert_string_equal(tsv, want);
  assert_string_equal(obs, "date\tfitted\theld_out\n2017-02\t6\tNaN\n2017-03\tNaN\t12\n\n\n");
  assert_string_equal(sc,
                      "observed\tsimulated_fitted\tlo_fitted\thi_fitted\tsimulated_held_out\tlo_held_out\thi_held_out\n"
                      "6\t5\t3\t7\tNaN\tNaN\tNaN\n12\tNaN\tNaN\tNaN\t9.5\t9\t10\n");
  assert_has(gp, "set xrange ['2017-01':'2017-03']\nset xtics 31557600\n");
  assert_has(gp, "  set title 'total: m_cumulative'\n");
  assert_has(gps, "set xrange [2.55:12.45]\nset yrange [2.55:12.45]\nset size square\n");
  free(tsv);
  free(obs);
  free(sc);
  free(gp);
  free(gps);
  end(&e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_indices_sobol),
      cmocka_unit_test(test_indices_morris_and_empty),
      cmocka_unit_test(test_scatter),
      cmocka_unit_test(test_fit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
