/* SPDX-License-Identifier: GPL-3.0-or-later */
/* study_figures.c: the figures of sweep and calibrate (see study_figures.h). */
#include "plots/study_figures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plots/gp.h"
#include "sim/calendar.h"
#include "sim/stats.h"

void plt_tsv_num(FILE *f, double v) {
  if (!isfinite(v))
    fputs("NaN", f);
  else
    fprintf(f, "%.12g", v == 0.0 ? 0.0 : v);
}

/* ---- sweep ---- */

sim_status plt_write_indices_figure(sim_outdir *dir, const plt_indices_figure *fig, sim_errs *e) {
  char name[300];
  const char *base = fig->base;
  int k = fig->k;
  if (k < 1) return SIM_OK;
  int order[SA_MAX_INPUTS];
  for (int i = 0; i < k; i++) order[i] = i;
  /* Ascending |first index| (ST, mu*, SRC), so that the largest is drawn at the top; ties by name order. */
  for (int a = 1; a < k; a++)
    for (int b = a; b > 0; b--) {
      double va = fabs(fig->est[order[b]][0].value), vb = fabs(fig->est[order[b - 1]][0].value);
      if (isnan(va)) va = -1;
      if (isnan(vb)) vb = -1;
      if (va < vb || (va == vb && order[b] > order[b - 1])) {
        int t = order[b];
        order[b] = order[b - 1];
        order[b - 1] = t;
      } else {
        break;
      }
    }
  snprintf(name, sizeof name, "plots/%.250s.tsv", base);
  FILE *f = sim_outdir_open(dir, name, e);
  if (!f) return SIM_EIO;
  fprintf(f, "rank\tparameter\t%s\t%s_lo\t%s_hi\t%s\t%s_lo\t%s_hi\n", fig->names[0], fig->names[0], fig->names[0],
          fig->names[1], fig->names[1], fig->names[1]);
  for (int r = 0; r < k; r++) {
    int i = order[r];
    fprintf(f, "%d\t", r + 1);
    plt_plain(f, fig->params[i]);
    const sa_est *v[2] = {&fig->est[i][0], &fig->est[i][1]};
    for (int q = 0; q < 2; q++) {
      fputc('\t', f);
      plt_tsv_num(f, v[q]->value);
      fputc('\t', f);
      plt_tsv_num(f, v[q]->lo);
      fputc('\t', f);
      plt_tsv_num(f, v[q]->hi);
    }
    fputc('\n', f);
  }
  sim_status st = sim_outdir_close(dir, f, name, e);
  if (st != SIM_OK) return st;
  snprintf(name, sizeof name, "plots/%.250s.gp", base);
  if (!(f = sim_outdir_open(dir, name, e))) return SIM_EIO;
  char what[600];
  const char *label[4] = {"first-order S1", "total effect ST", "mu* (mean |elementary effect|, per full range)",
                          "sigma of the elementary effects"};
  sa_method method = fig->method;
  const char *a = method == SA_SOBOL    ? label[1]
                  : method == SA_MORRIS ? label[2]
                                        : "standardised regression coefficient";
  const char *b = method == SA_SOBOL ? label[0] : method == SA_MORRIS ? label[3] : "Spearman rank correlation";
  snprintf(what, sizeof what, "%s indices of %s", fig->method_name, fig->output);
  plt_gp_begin(f, base, what, "sweep.csv and indices.csv");
  fputs("set title ", f);
  char title[700];
  snprintf(title, sizeof title, "%s: %s indices (bars; lines: 95%% intervals)", fig->output, fig->method_name);
  plt_gp_str(f, title);
  fprintf(f, "\nset yrange [0.4:%d.6]\nset ytics nomirror\nset grid xtics noytics\nset xzeroaxis lt -1\n", k);
  fputs("set xlabel ", f);
  plt_gp_str(f, method == SA_MORRIS ? fig->unit : "index");
  fputc('\n', f);
  plt_gp_outputs_begin(f, base, 900, 140 + 60 * k);
  fprintf(f,
          "  plot '%s.tsv' using (($3)/2):1:(0):3:($1-0.38):($1-0.02):ytic(2) with boxxyerror fs solid 0.8 noborder lc "
          "rgb '%s' title ",
          base, plt_colour(0));
  plt_gp_str(f, a);
  fprintf(f, ", \\\n       '' using 3:($1-0.2):4:5 with xerrorbars pt 0 lc rgb '#333333' notitle, \\\n");
  fprintf(f,
          "       '' using (($6)/2):1:(0):6:($1+0.02):($1+0.38) with boxxyerror fs solid 0.8 noborder lc rgb '%s' "
          "title ",
          plt_colour(1));
  plt_gp_str(f, b);
  fprintf(f, ", \\\n       '' using 6:($1+0.2):7:8 with xerrorbars pt 0 lc rgb '#333333' notitle\n");
  plt_gp_outputs_end(f);
  return sim_outdir_close(dir, f, name, e);
}

sim_status plt_write_scatter_figure(sim_outdir *dir, const plt_scatter_figure *fig, sim_errs *e) {
  char name[300];
  const char *base = fig->base;
  size_t k = (size_t)fig->k;
  snprintf(name, sizeof name, "plots/%.250s.tsv", base);
  FILE *f = sim_outdir_open(dir, name, e);
  if (!f) return SIM_EIO;
  fputs("point", f);
  for (size_t i = 0; i < k; i++) {
    fputc('\t', f);
    plt_plain(f, fig->params[i]);
  }
  fputc('\t', f);
  plt_plain(f, fig->output);
  fputc('\n', f);
  for (size_t p = 0; p < fig->n_points; p++) {
    fprintf(f, "%zu", p + 1);
    for (size_t i = 0; i < k; i++) {
      fputc('\t', f);
      plt_tsv_num(f, fig->x[p * k + i]);
    }
    fputc('\t', f);
    plt_tsv_num(f, fig->y[p * fig->y_stride]);
    fputc('\n', f);
  }
  sim_status st = sim_outdir_close(dir, f, name, e);
  if (st != SIM_OK) return st;
  snprintf(name, sizeof name, "plots/%.250s.gp", base);
  if (!(f = sim_outdir_open(dir, name, e))) return SIM_EIO;
  char what[600];
  snprintf(what, sizeof what, "%s against each parameter, one point per design point", fig->output);
  plt_gp_begin(f, base, what, "sweep.csv");
  int cols = k < 3 ? (int)k : 3, rows = ((int)k + cols - 1) / cols;
  plt_gp_outputs_begin(f, base, 380 * cols, 60 + 300 * rows);
  fprintf(f, "  set multiplot layout %d,%d title ", rows, cols);
  plt_gp_str(f, fig->output);
  fputc('\n', f);
  fputs("  set ylabel ", f);
  plt_gp_str(f, fig->unit);
  fputc('\n', f);
  for (size_t i = 0; i < k; i++) {
    /* About four ticks at round values, so long numbers do not overlap. */
    double lo = (double)INFINITY, hi = -(double)INFINITY;
    for (size_t p = 0; p < fig->n_points; p++) {
      double x = fig->x[p * k + i];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    if (hi > lo) {
      double raw = (hi - lo) / 4, mag = pow(10, floor(log10(raw))), r = raw / mag;
      double step = (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10) * mag;
      fprintf(f, "  set xtics %.6g\n", step);
    } else {
      fputs("  set xtics autofreq\n", f);
    }
    fputs("  set xlabel ", f);
    plt_gp_str(f, fig->params[i]);
    fprintf(f, "\n  plot '%s.tsv' using %zu:%zu with points pt 7 ps 0.5 lc rgb '%s' notitle\n", base, i + 2, k + 2,
            plt_colour(0));
  }
  fputs("  unset multiplot\n", f);
  plt_gp_outputs_end(f);
  return sim_outdir_close(dir, f, name, e);
}

/* ---- calibrate ---- */

static int same_series(const sim_target *a, const sim_target *b) {
  return a->group == b->group && a->metric == b->metric && a->cumulative == b->cumulative && a->arm == b->arm;
}

sim_status plt_write_fit_figures(sim_outdir *dir, const plt_run_rows *run, const sim_target *t, int nt,
                                 const plt_interval *v, const int *series, int ns, char names[][64], int *nnames,
                                 sim_errs *e) {
  const sim_layout *l = run->layout;
  size_t steps = run->steps, width = run->width;
  uint32_t reps = run->reps;
  double *vals = malloc((reps ? reps : 1) * sizeof *vals);
  if (!vals) return SIM_ENOMEM;
  sim_status st = SIM_OK;
  const int per = 12;
  for (int fig = 0; fig * per < ns && st == SIM_OK; fig++) {
    int q0 = fig * per, q1 = q0 + per < ns ? q0 + per : ns;
    char base[64], name[128];
    snprintf(base, sizeof base, ns > per ? "fit-trajectories-%d" : "fit-trajectories", fig + 1);
    /* Simulated: one block per series (index q - q0); observed: same. */
    snprintf(name, sizeof name, "plots/%s.tsv", base);
    FILE *f = sim_outdir_open(dir, name, e);
    if (!f) {
      st = SIM_EIO;
      break;
    }
    fputs("date\tsimulated\tlo\thi\n", f);
    for (int q = q0; q < q1; q++) {
      const sim_target *x = &t[series[q]];
      for (uint32_t r = 0; r < reps; r++) vals[r] = 0;
      for (size_t s = 0; s < steps; s++) {
        sim_stats_ci ci = sim_target_month(l, run->rows, steps, width, reps, x, s, vals);
        char d[8];
        sim_cal_format(l->first_month + (int32_t)s, d);
        fprintf(f, "%s\t", d);
        plt_tsv_num(f, ci.mean);
        fputc('\t', f);
        plt_tsv_num(f, ci.lo);
        fputc('\t', f);
        plt_tsv_num(f, ci.hi);
        fputc('\n', f);
      }
      fputs("\n\n", f);
    }
    if ((st = sim_outdir_close(dir, f, name, e)) != SIM_OK) break;
    snprintf(name, sizeof name, "plots/%s-observed.tsv", base);
    if (!(f = sim_outdir_open(dir, name, e))) {
      st = SIM_EIO;
      break;
    }
    fputs("date\tfitted\theld_out\n", f);
    for (int q = q0; q < q1; q++) {
      for (int i = 0; i < nt; i++) {
        if (!same_series(&t[i], &t[series[q]])) continue;
        char d[8];
        sim_cal_format(t[i].month, d);
        fprintf(f, "%s\t", d);
        plt_tsv_num(f, t[i].weight > 0 ? t[i].value : (double)NAN);
        fputc('\t', f);
        plt_tsv_num(f, t[i].weight > 0 ? (double)NAN : t[i].value);
        fputc('\n', f);
      }
      fputs("\n\n", f);
    }
    if ((st = sim_outdir_close(dir, f, name, e)) != SIM_OK) break;
    snprintf(name, sizeof name, "plots/%s.gp", base);
    if (!(f = sim_outdir_open(dir, name, e))) {
      st = SIM_EIO;
      break;
    }
    plt_gp_begin(f, base, "simulated (mean and 95% band over replications) and observed values, one panel per series",
                 "trajectories.csv and fit.csv");
    int n = q1 - q0, cols = n < 3 ? n : 3, rows = (n + cols - 1) / cols;
    char d0[8], d1[8];
    sim_cal_format(l->first_month, d0);
    sim_cal_format(l->first_month + (int32_t)steps - 1, d1);
    /* Yearly ticks (365.25 days) from the first month. */
    fprintf(f,
            "set xdata time\nset timefmt '%%Y-%%m'\nset format x '%%Y'\nset xrange ['%s':'%s']\nset xtics 31557600\n",
            d0, d1);
    plt_gp_outputs_begin(f, base, 420 * cols, 40 + 300 * rows);
    fprintf(f,
            "  set multiplot layout %d,%d title 'simulated (line, 95%% band) vs observed (filled: fitted, open: held "
            "out)'\n",
            rows, cols);
    for (int q = q0; q < q1; q++) {
      const sim_target *x = &t[series[q]];
      char title[400];
      snprintf(title, sizeof title, "%s: %s%s", x->group_name, x->variable,
               strcmp(l->arm_names[x->arm], "program") ? " (counterfactual arm)" : "");
      fputs("  set title ", f);
      plt_gp_str(f, title);
      fprintf(f,
              "\n  plot '%s.tsv' index %d using 1:3:4 with filledcurves fs transparent solid band noborder lc rgb '%s' "
              "notitle, \\\n",
              base, q - q0, plt_colour(0));
      fprintf(f, "       '' index %d using 1:2 with lines lw 2 lc rgb '%s' notitle, \\\n", q - q0, plt_colour(0));
      fprintf(f, "       '%s-observed.tsv' index %d using 1:2 with points pt 7 ps 1.2 lc rgb '%s' notitle, \\\n", base,
              q - q0, plt_colour(1));
      fprintf(f, "       '' index %d using 1:3 with points pt 6 ps 1.2 lw 2 lc rgb '%s' notitle\n", q - q0,
              plt_colour(1));
    }
    fputs("  unset multiplot\n", f);
    plt_gp_outputs_end(f);
    if ((st = sim_outdir_close(dir, f, name, e)) != SIM_OK) break;
    snprintf(names[(*nnames)++], 64, "%.50s.gp", base);
  }
  free(vals);
  if (st != SIM_OK) return st;
  /* Simulated against observed, every target. */
  const char *base = "fit-scatter";
  char name[128];
  snprintf(name, sizeof name, "plots/%s.tsv", base);
  FILE *f = sim_outdir_open(dir, name, e);
  if (!f) return SIM_EIO;
  fputs("observed\tsimulated_fitted\tlo_fitted\thi_fitted\tsimulated_held_out\tlo_held_out\thi_held_out\n", f);
  double lo = (double)INFINITY, hi = 0;
  for (int i = 0; i < nt; i++) {
    int fit = t[i].weight > 0;
    plt_tsv_num(f, t[i].value);
    for (int g = 0; g < 2; g++) {
      int on = (g == 0) == fit;
      fputc('\t', f);
      plt_tsv_num(f, on ? v[i].mean : (double)NAN);
      fputc('\t', f);
      plt_tsv_num(f, on ? v[i].lo : (double)NAN);
      fputc('\t', f);
      plt_tsv_num(f, on ? v[i].hi : (double)NAN);
    }
    fputc('\n', f);
    double a = t[i].value < v[i].lo ? t[i].value : v[i].lo, b = t[i].value > v[i].hi ? t[i].value : v[i].hi;
    if (a < lo) lo = a;
    if (b > hi) hi = b;
  }
  if ((st = sim_outdir_close(dir, f, name, e)) != SIM_OK) return st;
  snprintf(name, sizeof name, "plots/%s.gp", base);
  if (!(f = sim_outdir_open(dir, name, e))) return SIM_EIO;
  plt_gp_begin(f, base, "simulated (mean, 95% interval) against observed, each target", "fit.csv");
  int logs = lo > 0 && hi / lo > 20;
  double a = logs ? lo / 1.3 : lo - 0.05 * (hi - lo), b = logs ? hi * 1.3 : hi + 0.05 * (hi - lo);
  if (!(b > a)) {
    a -= 1;
    b += 1;
  }
  fprintf(f, "%sset xrange [%.6g:%.6g]\nset yrange [%.6g:%.6g]\nset size square\n", logs ? "set logscale xy\n" : "", a,
          b, a, b);
  fputs("set xlabel 'observed'\nset ylabel 'simulated'\n", f);
  plt_gp_outputs_begin(f, base, 640, 640);
  fprintf(f, "  plot x with lines dt 2 lc rgb '#666666' title 'simulated = observed', \\\n");
  fprintf(f, "       '%s.tsv' using 1:2:3:4 with yerrorbars pt 7 ps 1.2 lc rgb '%s' title 'fitted', \\\n", base,
          plt_colour(0));
  fprintf(f, "       '' using 1:5:6:7 with yerrorbars pt 6 ps 1.2 lw 2 lc rgb '%s' title 'held out'\n", plt_colour(1));
  plt_gp_outputs_end(f);
  if ((st = sim_outdir_close(dir, f, name, e)) != SIM_OK) return st;
  snprintf(names[(*nnames)++], 64, "%.50s.gp", base);
  return SIM_OK;
}
