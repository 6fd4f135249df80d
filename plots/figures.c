/* SPDX-License-Identifier: GPL-3.0-or-later */
/* figures.c: the data file and the gnuplot script of each figure. Every script is standalone:
 * `gnuplot BASE.gp` in the plots folder redraws BASE.png and BASE.svg from BASE.tsv alone. Names
 * from the result (territories, scenarios) only ever reach a script as escaped single-quoted
 * strings (plt_gp_str) and file names only as sim_safe_name output. */
#include "plots/figures.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plots/gp.h"
#include "plots/i18n.h"

void plt_figs_free(plt_figs *f) {
  free(f->v);
  memset(f, 0, sizeof *f);
}

static plt_fig *add_fig(plt_figs *figs, plt_fig_kind kind, const char *base, int group) {
  if (figs->n == figs->cap) {
    int cap = figs->cap ? figs->cap * 2 : 64;
    plt_fig *v = realloc(figs->v, (size_t)cap * sizeof *v);
    if (!v) return NULL;
    figs->v = v;
    figs->cap = cap;
  }
  plt_fig *f = &figs->v[figs->n++];
  memset(f, 0, sizeof *f);
  f->kind = kind;
  f->group = group;
  snprintf(f->base, sizeof f->base, "%s", base);
  return f;
}

/* ---- files ---- */

typedef struct {
  const char *out;   /* the folder written to */
  const char *shown; /* the folder named in messages */
  sim_errs *e;
  plt_lang lang; /* of the titles, labels and captions */
} dest;

#define TR(en, fr) plt_tr(d->lang, en, fr)

/* A constant text as a gnuplot single-quoted string (the quote doubled: French has apostrophes),
 * in one of a few rotating buffers so that several can be printed by one fprintf. */
static const char *gq(const char *text) {
  static char buf[8][400];
  static int next;
  char *b = buf[next++ % 8];
  size_t k = 0;
  b[k++] = '\'';
  for (const char *s = text; *s && k + 3 < sizeof buf[0]; s++) {
    if (*s == '\'') b[k++] = '\'';
    b[k++] = *s;
  }
  b[k++] = '\'';
  b[k] = '\0';
  return b;
}

static FILE *open_file(const dest *d, const char *base, const char *ext) {
  char path[4500];
  snprintf(path, sizeof path, "%s/%s.%s", d->out, base, ext);
  FILE *f = fopen(path, "w");
  if (!f) sim_errs_add(d->e, NULL, 0, NULL, "tzsim: cannot write %s/%s.%s: %s", d->shown, base, ext, strerror(errno));
  return f;
}

static sim_status close_file(const dest *d, FILE *f, const char *base, const char *ext) {
  int bad = fflush(f) != 0 || ferror(f);
  int err = errno;
  if (fclose(f) != 0 && !bad) {
    bad = 1;
    err = errno;
  }
  if (!bad) return SIM_OK;
  sim_errs_add(d->e, NULL, 0, NULL, "tzsim: cannot write %s/%s.%s: %s (expected room on the disk)", d->shown, base, ext,
               strerror(err ? err : EIO));
  return SIM_EIO;
}

static void num(FILE *f, double v) {
  if (isfinite(v))
    fprintf(f, "\t%.10g", v == 0.0 ? 0.0 : v);
  else
    fputs("\tNaN", f);
}

/* ---- shared pieces ---- */

static plt_lang cur_lang = PLT_LANG_EN; /* set by plt_write_run_figures for the helpers below */

static const char *display_name(const plt_run *r, int g) {
  return r->groups[g].is_total ? plt_tr(cur_lang, "All territories", "Tous les territoires") : r->groups[g].name;
}

static const char *where_name(const plt_run *r, int g) {
  return r->groups[g].is_total ? plt_tr(cur_lang, "all territories together", "tous les territoires ensemble")
                               : r->groups[g].name;
}

static void subtitle(char *buf, size_t n, const char *scenario, long reps, int ci) {
  if (ci)
    snprintf(buf, n,
             plt_tr(cur_lang, "scenario %s: mean of %ld replications; shaded: 95%% interval",
                    "scénario %s : moyenne de %ld réplications ; zone ombrée : intervalle à 95 %%"),
             scenario, reps);
  else
    snprintf(buf, n,
             plt_tr(cur_lang, "scenario %s: %ld replication (no interval)",
                    "scénario %s : %ld réplication (pas d'intervalle)"),
             scenario, reps);
}

/* `cmd 'line1' . "\n" . 'line2' ...`: each line an escaped string; lines after the first may be NULL. */
static void gp_title3(FILE *f, const char *cmd, const char *line1, const char *line2, const char *line3) {
  fputs(cmd, f);
  plt_gp_str(f, line1);
  const char *more[2] = {line2, line3};
  for (int i = 0; i < 2; i++)
    if (more[i]) {
      fputs(" . \"\\n\" . ", f);
      plt_gp_str(f, more[i]);
    }
}

static void gp_title(FILE *f, const char *cmd, const char *line1, const char *line2) {
  gp_title3(f, cmd, line1, line2, NULL);
}

/* A figure's title as a multiplot title, even with one panel: the key (at the top) then comes
 * between the title and the plot. */
#define MULTIPLOT_TITLE "  set multiplot layout 1,1 title "

/* Capped error bars from columns lo and hi (divided by scale), at x (a using expression), as
 * vectors: gnuplot's yerrorbars leave a gap around the point. */
static void errbars(FILE *f, const char *file, const char *x, int lo, const char *scale, const char *colour,
                    const char *title) {
  fprintf(f, "%s using %s:($%d/%s):(0):(($%d-$%d)/%s) with vectors heads size character 0.7,90 fixed lc rgb %s lw 1.2",
          file, x, lo, scale, lo + 1, lo, scale, colour);
  if (title) {
    fputs(" title ", f);
    plt_gp_str(f, title);
  }
}

/* The data file's header comment. */
static void tsv_header(FILE *f, const char *base, const char *what, const plt_run *r) {
  fprintf(f, "# %s.tsv: ", base);
  plt_plain(f, what);
  fputs("\n# From the result of the scenario \"", f);
  plt_plain(f, r->scenario);
  fputs("\" (tzsim ", f);
  plt_plain(f, r->version);
  fputs("): ", f);
  if (r->ci)
    fprintf(f, "each value is the mean of %ld replications, x_lo and x_hi its 95%% interval.\n", r->replications);
  else
    fputs("one replication, so x_lo = x_hi = x (no interval).\n", f);
  fputs("# Tab-separated; missing values are NaN. Columns:\n", f);
}

static const int which[3] = {0, -1, 1}; /* mean, lo, hi */

/* Monthly columns of group g: per metric its mean, lo and hi; arms name the arm of each. */
static void write_monthly(FILE *f, const plt_run *r, int g, const char *const *metrics, const int *arms, int nm) {
  int both = 0; /* name the arm of every column when both arms appear */
  for (int k = 0; k < nm; k++) both |= arms[k] == PLT_COUNTERFACTUAL;
  fputs("# date", f);
  for (int k = 0; k < nm; k++) {
    const char *suffix = arms[k] == PLT_COUNTERFACTUAL ? "_counterfactual" : both ? "_program" : "";
    fprintf(f, "\t%s%s\t%s%s_lo\t%s%s_hi", metrics[k], suffix, metrics[k], suffix, metrics[k], suffix);
  }
  fputc('\n', f);
  for (int m = 0; m < r->n_months; m++) {
    fputs(r->dates[m], f);
    for (int k = 0; k < nm; k++)
      for (int w = 0; w < 3; w++) num(f, plt_run_value(r, g, m, arms[k], metrics[k], which[w]));
    fputc('\n', f);
  }
}

/* The common opening of a time-series script. */
static void series_begin(FILE *f, const plt_run *r, int g, const char *base, const char *what) {
  char source[600];
  snprintf(source, sizeof source, "monthly.csv of the scenario \"%s\"", r->scenario);
  plt_gp_begin(f, base, what, source);
  int ps = r->groups[g].program_start;
  plt_gp_time_axis(f, r->dates[0], r->dates[r->n_months - 1], r->n_months, ps > 0 ? r->dates[ps] : NULL, cur_lang);
}

/* "with filledcurves" of columns lo:hi in colour variable c, when there are intervals. */
static void band(FILE *f, const plt_run *r, const char *file, int lo, const char *colour, const char *scale) {
  if (!r->ci) return;
  if (scale)
    fprintf(f,
            "%s using 1:($%d/%s):($%d/%s) with filledcurves lc rgb %s fs transparent solid band noborder, \\\n       ",
            file, lo, scale, lo + 1, scale, colour);
  else
    fprintf(f, "%s using 1:%d:%d with filledcurves lc rgb %s fs transparent solid band noborder, \\\n       ", file, lo,
            lo + 1, colour);
}

/* ---- the run's figures ---- */

static sim_status fig_ppde(const plt_run *r, int g, const dest *d, plt_figs *figs) {
  char base[200], what[600], sub[600];
  snprintf(base, sizeof base, "ppde-%s", r->groups[g].safe);
  snprintf(what, sizeof what, "%s: people durably deprived of employment (PPDE), with and without the program",
           display_name(r, g));
  plt_fig *fig = add_fig(figs, PLT_FIG_PPDE, base, g);
  if (!fig) return SIM_ENOMEM;
  snprintf(fig->title, sizeof fig->title,
           TR("%s: PPDE with and without the program", "%s : PPDE avec et sans le programme"), display_name(r, g));
  snprintf(fig->caption, sizeof fig->caption,
           TR("People durably deprived of employment (jobless for 12 months or more) at the end of each month in %s, "
              "with the program and in the counterfactual without it, from the same people and random numbers: the gap "
              "between the two lines is the program's effect.",
              "Personnes privées durablement d'emploi (sans emploi depuis 12 mois ou plus) à la fin de chaque mois, "
              "%s, "
              "avec le programme et dans le contrefactuel sans lui, avec les mêmes personnes et les mêmes tirages : "
              "l'écart entre les deux courbes est l'effet du programme."),
           where_name(r, g));
  FILE *f = open_file(d, base, "tsv");
  if (!f) return SIM_EIO;
  tsv_header(f, base, what, r);
  static const char *const metrics[] = {"ppde", "ppde"};
  static const int arms[] = {PLT_PROGRAM, PLT_COUNTERFACTUAL};
  write_monthly(f, r, g, metrics, arms, 2);
  sim_status st = close_file(d, f, base, "tsv");
  if (st != SIM_OK || !(f = open_file(d, base, "gp"))) return st != SIM_OK ? st : SIM_EIO;
  series_begin(f, r, g, base, what);
  subtitle(sub, sizeof sub, r->scenario, r->replications, r->ci);
  char line1[600];
  snprintf(line1, sizeof line1,
           TR("%s: people durably deprived of employment (PPDE)", "%s : personnes privées durablement d'emploi (PPDE)"),
           display_name(r, g));
  fputs("set ylabel ", f);
  plt_gp_str(f, TR("persons (end of month)", "personnes (fin de mois)"));
  fputs("\nc_program = '#0072B2'\nc_counterfactual = '#D55E00'\n", f);
  plt_gp_outputs_begin(f, base, 1000, 620);
  char file[260];
  snprintf(file, sizeof file, "'%s.tsv'", base);
  gp_title(f, MULTIPLOT_TITLE, line1, sub);
  fputs("\n  plot ", f);
  band(f, r, file, 6, "c_counterfactual", NULL);
  band(f, r, file, 3, "c_program", NULL);
  fprintf(f,
          "%s using 1:5 with lines lw 2 dt 2 lc rgb c_counterfactual title %s, \\\n"
          "       %s using 1:2 with lines lw 2 lc rgb c_program title %s\n"
          "  unset multiplot\n",
          file, gq(TR("without the program (counterfactual)", "sans le programme (contrefactuel)")), file,
          gq(TR("with the program", "avec le programme")));
  plt_gp_outputs_end(f);
  return close_file(d, f, base, "gp");
}

static sim_status fig_ebe(const plt_run *r, int g, const dest *d, plt_figs *figs) {
  char base[200], what[600], sub[600], line1[600], file[260];
  snprintf(base, sizeof base, "ebe-%s", r->groups[g].safe);
  snprintf(what, sizeof what, "%s: EBE employees (persons) and working time (FTE), and the activity capacity",
           display_name(r, g));
  plt_fig *fig = add_fig(figs, PLT_FIG_EBE, base, g);
  if (!fig) return SIM_ENOMEM;
  snprintf(fig->title, sizeof fig->title, TR("%s: EBE headcount and FTE", "%s : effectif et ETP de l'EBE"),
           display_name(r, g));
  snprintf(fig->caption, sizeof fig->caption,
           TR("Employees of the EBE (persons) and their working time in full-time equivalents at the end of each month "
              "in "
              "%s, against the activity capacity the EBE can offer (FTE).",
              "Salariés de l'EBE (personnes) et leur temps de travail en équivalents temps plein à la fin de chaque "
              "mois, "
              "%s, face à la capacité d'activité que l'EBE peut offrir (ETP)."),
           where_name(r, g));
  FILE *f = open_file(d, base, "tsv");
  if (!f) return SIM_EIO;
  tsv_header(f, base, what, r);
  static const char *const metrics[] = {"ebe", "ebe_fte", "capacity_fte"};
  static const int arms[] = {PLT_PROGRAM, PLT_PROGRAM, PLT_PROGRAM};
  write_monthly(f, r, g, metrics, arms, 3);
  sim_status st = close_file(d, f, base, "tsv");
  if (st != SIM_OK || !(f = open_file(d, base, "gp"))) return st != SIM_OK ? st : SIM_EIO;
  series_begin(f, r, g, base, what);
  subtitle(sub, sizeof sub, r->scenario, r->replications, r->ci);
  snprintf(line1, sizeof line1, TR("%s: employees of the EBE", "%s : salariés de l'EBE"), display_name(r, g));
  fputs("set ylabel ", f);
  plt_gp_str(f, TR("persons; full-time equivalents (FTE)", "personnes ; équivalents temps plein (ETP)"));
  fputs("\nset yrange [0:*]\n"
        "c_headcount = '#0072B2'\nc_fte = '#009E73'\nc_capacity = '#666666'\n",
        f);
  plt_gp_outputs_begin(f, base, 1000, 620);
  snprintf(file, sizeof file, "'%s.tsv'", base);
  gp_title(f, MULTIPLOT_TITLE, line1, sub);
  fputs("\n  plot ", f);
  band(f, r, file, 3, "c_headcount", NULL);
  band(f, r, file, 6, "c_fte", NULL);
  fprintf(f,
          "%s using 1:8 with lines lw 1.5 dt 3 lc rgb c_capacity title %s, \\\n"
          "       %s using 1:2 with lines lw 2 lc rgb c_headcount title %s, \\\n"
          "       %s using 1:5 with lines lw 2 lc rgb c_fte title %s\n"
          "  unset multiplot\n",
          file, gq(TR("activity capacity (FTE)", "capacité d'activité (ETP)")), file,
          gq(TR("EBE employees (persons)", "salariés de l'EBE (personnes)")), file,
          gq(TR("EBE working time (FTE)", "temps de travail dans l'EBE (ETP)")));
  plt_gp_outputs_end(f);
  return close_file(d, f, base, "gp");
}

static sim_status fig_queue(const plt_run *r, int g, const dest *d, plt_figs *figs) {
  char base[200], what[600], sub[600], line1[600], file[260], empty[400];
  snprintf(base, sizeof base, "queue-%s", r->groups[g].safe);
  snprintf(what, sizeof what, "%s: volunteers waiting for an EBE job, and the hires and new volunteers of each month",
           display_name(r, g));
  plt_ci months, share;
  const char *gname = r->groups[g].name;
  int have_m = plt_summary(r, gname, "months_to_empty_queue", &months) == 0 && months.n > 0 && isfinite(months.mean);
  plt_summary(r, gname, "queue_emptied_share", &share);
  if (have_m && r->ci && months.n > 1)
    snprintf(empty, sizeof empty,
             TR("the queue first empties after %.1f months [%.1f, %.1f] (in %ld of %ld replications)",
                "la file se vide pour la première fois après %.1f mois [%.1f ; %.1f] (dans %ld réplications sur %ld)"),
             months.mean, months.lo, months.hi, months.n, r->replications);
  else if (have_m)
    snprintf(empty, sizeof empty,
             TR("the queue first empties after %.1f months (in %ld of %ld replications)",
                "la file se vide pour la première fois après %.1f mois (dans %ld réplications sur %ld)"),
             months.mean, months.n, r->replications);
  else
    snprintf(empty, sizeof empty, "%s",
             TR("the queue never empties within the horizon (exhaustivity not reached)",
                "la file ne se vide jamais avant l'horizon (exhaustivité non atteinte)"));
  plt_fig *fig = add_fig(figs, PLT_FIG_QUEUE, base, g);
  if (!fig) return SIM_ENOMEM;
  snprintf(fig->title, sizeof fig->title,
           TR("%s: queue of volunteers and hires (exhaustivity)",
              "%s : file des volontaires et embauches (exhaustivité)"),
           display_name(r, g));
  snprintf(fig->caption, sizeof fig->caption,
           TR("Volunteers waiting for an EBE job at the end of each month (top) and the month's hires and new "
              "volunteers "
              "(bottom) in %s; the program is exhaustive when the queue is empty: here %s.",
              "Volontaires en attente d'un emploi dans l'EBE à la fin de chaque mois (en haut), embauches et nouveaux "
              "volontaires du mois (en bas), %s ; le programme est exhaustif quand la file est vide : ici, %s."),
           where_name(r, g), empty);
  FILE *f = open_file(d, base, "tsv");
  if (!f) return SIM_EIO;
  tsv_header(f, base, what, r);
  static const char *const metrics[] = {"queue", "hires", "volunteers_new"};
  static const int arms[] = {PLT_PROGRAM, PLT_PROGRAM, PLT_PROGRAM};
  write_monthly(f, r, g, metrics, arms, 3);
  sim_status st = close_file(d, f, base, "tsv");
  if (st != SIM_OK || !(f = open_file(d, base, "gp"))) return st != SIM_OK ? st : SIM_EIO;
  series_begin(f, r, g, base, what);
  subtitle(sub, sizeof sub, r->scenario, r->replications, r->ci);
  snprintf(line1, sizeof line1,
           TR("%s: queue of volunteers and hires (exhaustivity)",
              "%s : file des volontaires et embauches (exhaustivité)"),
           display_name(r, g));
  fputs("c_queue = '#0072B2'\nc_hires = '#009E73'\nc_volunteers = '#E69F00'\nset yrange [0:*]\n", f);
  plt_gp_outputs_begin(f, base, 1000, 800);
  snprintf(file, sizeof file, "'%s.tsv'", base);
  gp_title3(f, "  set multiplot layout 2,1 title ", line1, empty, sub);
  fprintf(f, "\n  set ylabel %s\n  plot ",
          gq(TR("persons waiting at the end of the month", "personnes en attente en fin de mois")));
  band(f, r, file, 3, "c_queue", NULL);
  fprintf(f, "%s using 1:2 with lines lw 2 lc rgb c_queue title %s\n", file,
          gq(TR("queue of volunteers", "file des volontaires")));
  fprintf(f, "  set ylabel %s\n  plot ", gq(TR("persons per month", "personnes par mois")));
  band(f, r, file, 9, "c_volunteers", NULL);
  band(f, r, file, 6, "c_hires", NULL);
  fprintf(f,
          "%s using 1:8 with lines lw 1.5 lc rgb c_volunteers title %s, \\\n"
          "       %s using 1:5 with lines lw 2 lc rgb c_hires title %s\n"
          "  unset multiplot\n",
          file, gq(TR("new volunteers", "nouveaux volontaires")), file, gq(TR("EBE hires", "embauches de l'EBE")));
  plt_gp_outputs_end(f);
  return close_file(d, f, base, "gp");
}

/* A scale for euros: 1e6 (M€), 1e3 (k€) or 1 (€) by the largest magnitude. */
static double euro_scale(double max, const char **unit) {
  if (max >= 1e6) {
    *unit = "M€";
    return 1e6;
  }
  if (max >= 1e3) {
    *unit = "k€";
    return 1e3;
  }
  *unit = "€";
  return 1.0;
}

static sim_status fig_money(const plt_run *r, int g, const dest *d, plt_figs *figs) {
  char base[200], what[600], sub[600], line1[600], file[260];
  snprintf(base, sizeof base, "money-%s", r->groups[g].safe);
  snprintf(what, sizeof what, "%s: public funding of the EBE and avoided cost (gross and net), per month and cumulated",
           display_name(r, g));
  plt_fig *fig = add_fig(figs, PLT_FIG_MONEY, base, g);
  if (!fig) return SIM_ENOMEM;
  snprintf(fig->title, sizeof fig->title,
           TR("%s: public funding and avoided cost", "%s : financement public et coût évité"), display_name(r, g));
  snprintf(fig->caption, sizeof fig->caption,
           "Public funding of the EBE against the avoided cost in %s, gross (each EBE employee counted as a person "
           "taken "
           "out of long-term unemployment) and net of what would have happened without the program, per month (top) "
           "and cumulated from the start (bottom, with the 95%% interval of each total at the horizon).",
           where_name(r, g));
  FILE *f = open_file(d, base, "tsv");
  if (!f) return SIM_EIO;
  static const char *const metrics[] = {"funding_eur", "avoided_gross_eur", "avoided_net_eur"};
  double cum[3] = {0, 0, 0}, max_m = 0, max_c = 0;
  tsv_header(f, base, what, r);
  fputs("# Block 0 (index 0): per month, in euros; the cumulated sums of the means follow.\n"
        "# "
        "date\tfunding_eur\tfunding_eur_lo\tfunding_eur_hi\tavoided_gross_eur\tavoided_gross_eur_lo\tavoided_gross_eur_"
        "hi"
        "\tavoided_net_eur\tavoided_net_eur_lo\tavoided_net_eur_hi\tfunding_cumulated_eur\tavoided_gross_cumulated_eur"
        "\tavoided_net_cumulated_eur\n",
        f);
  for (int m = 0; m < r->n_months; m++) {
    fputs(r->dates[m], f);
    for (int k = 0; k < 3; k++) {
      double mean = plt_run_value(r, g, m, PLT_PROGRAM, metrics[k], 0);
      double lo = plt_run_value(r, g, m, PLT_PROGRAM, metrics[k], -1),
             hi = plt_run_value(r, g, m, PLT_PROGRAM, metrics[k], 1);
      num(f, mean);
      num(f, lo);
      num(f, hi);
      if (isfinite(mean)) cum[k] += mean;
      if (isfinite(hi) && fabs(hi) > max_m) max_m = fabs(hi);
      if (isfinite(lo) && fabs(lo) > max_m) max_m = fabs(lo);
    }
    for (int k = 0; k < 3; k++) {
      num(f, cum[k]);
      if (fabs(cum[k]) > max_c) max_c = fabs(cum[k]);
    }
    fputc('\n', f);
  }
  static const char *const totals[] = {"public_funding_eur", "avoided_gross_eur", "avoided_net_eur"};
  fputs("\n\n# Block 1 (index 1): the totals over the horizon (summary.csv), in euros, placed at the last month.\n"
        "# date\tpublic_funding_eur\tlo\thi\tavoided_gross_eur\tlo\thi\tavoided_net_eur\tlo\thi\n",
        f);
  fputs(r->dates[r->n_months - 1], f);
  for (int k = 0; k < 3; k++) {
    plt_ci c;
    plt_summary(r, r->groups[g].name, totals[k], &c);
    num(f, c.mean);
    num(f, c.lo);
    num(f, c.hi);
    if (isfinite(c.hi) && fabs(c.hi) > max_c) max_c = fabs(c.hi);
  }
  fputc('\n', f);
  sim_status st = close_file(d, f, base, "tsv");
  if (st != SIM_OK || !(f = open_file(d, base, "gp"))) return st != SIM_OK ? st : SIM_EIO;
  series_begin(f, r, g, base, what);
  if (r->ci) { /* one more month on the right for the bars of the totals */
    int next = plt_month(r->dates[r->n_months - 1]) + 1;
    if (next > 0 && r->n_months > 1)
      fprintf(f, "set xrange ['%s':'%04d-%02d']  # a month more, for the bars of the totals\n", r->dates[0], next / 12,
              next % 12 + 1);
  }
  const char *um, *uc;
  double sm = euro_scale(max_m, &um), sc = euro_scale(max_c, &uc);
  subtitle(sub, sizeof sub, r->scenario, r->replications, r->ci);
  snprintf(line1, sizeof line1,
           TR("%s: public funding of the EBE and avoided cost", "%s : financement public de l'EBE et coût évité"),
           display_name(r, g));
  fprintf(f, "sm = %g  # monthly values in %s\nsc = %g  # cumulated values in %s\n", sm, um, sc, uc);
  fputs("c_funding = '#D55E00'\nc_gross = '#0072B2'\nc_net = '#009E73'\nc_bar = '#222222'\n"
        "day = 86400.0\n",
        f);
  plt_gp_outputs_begin(f, base, 1000, 850);
  snprintf(file, sizeof file, "'%s.tsv' index 0", base);
  gp_title(f, "  set multiplot layout 2,1 title ", line1, sub);
  fputs("\n  set ylabel ", f);
  char lab[80];
  snprintf(lab, sizeof lab, TR("%s per month", "%s par mois"), um);
  plt_gp_str(f, lab);
  fputs("\n  plot ", f);
  band(f, r, file, 3, "c_funding", "sm");
  band(f, r, file, 6, "c_gross", "sm");
  band(f, r, file, 9, "c_net", "sm");
  fprintf(f,
          "%s using 1:($2/sm) with lines lw 2 lc rgb c_funding title %s, \\\n"
          "       %s using 1:($5/sm) with lines lw 2 lc rgb c_gross title %s, \\\n"
          "       %s using 1:($8/sm) with lines lw 2 lc rgb c_net title %s\n",
          file, gq(TR("public funding of the EBE", "financement public de l'EBE")), file,
          gq(TR("avoided cost, gross", "coût évité, brut")), file,
          gq(TR("avoided cost, net of the counterfactual", "coût évité, net du contrefactuel")));
  fputs("  set ylabel ", f);
  snprintf(lab, sizeof lab, TR("%s, cumulated from the start", "%s, cumulés depuis le début"), uc);
  plt_gp_str(f, lab);
  fprintf(f,
          "\n  plot %s using 1:($11/sc) with lines lw 2 lc rgb c_funding title %s, \\\n"
          "       %s using 1:($12/sc) with lines lw 2 lc rgb c_gross title %s, \\\n"
          "       %s using 1:($13/sc) with lines lw 2 lc rgb c_net title %s",
          file, gq(TR("public funding of the EBE", "financement public de l'EBE")), file,
          gq(TR("avoided cost, gross", "coût évité, brut")), file,
          gq(TR("avoided cost, net of the counterfactual", "coût évité, net du contrefactuel")));
  if (r->ci) {
    char f1[260];
    snprintf(f1, sizeof f1, "'%s.tsv' index 1", base);
    static const char *const xs[] = {"(timecolumn(1,'%Y-%m') + 8*day)", "(timecolumn(1,'%Y-%m') + 16*day)",
                                     "(timecolumn(1,'%Y-%m') + 24*day)"};
    for (int k = 0; k < 3; k++) {
      fputs(", \\\n       ", f);
      errbars(f, f1, xs[k], 3 + 3 * k, "sc", "c_bar",
              k == 0 ? TR("95% interval of each total at the horizon", "intervalle à 95 % de chaque total à l'horizon")
                     : NULL);
    }
  }
  fputs("\n  unset multiplot\n", f);
  plt_gp_outputs_end(f);
  return close_file(d, f, base, "gp");
}

/* From this many groups on, the headline bars are horizontal and sorted. */
enum { HORIZONTAL_FROM = 12 };

static const plt_run *sort_run; /* qsort has no context argument */

/* Territories by net cost per FTE-year, lowest first; the total and missing values last. */
static int by_net_cost(const void *a, const void *b) {
  int ga = *(const int *)a, gb = *(const int *)b;
  plt_ci ca, cb;
  plt_summary(sort_run, sort_run->groups[ga].name, "net_cost_per_fte_year_net_eur", &ca);
  plt_summary(sort_run, sort_run->groups[gb].name, "net_cost_per_fte_year_net_eur", &cb);
  double va = sort_run->groups[ga].is_total || !isfinite(ca.mean) ? HUGE_VAL : ca.mean;
  double vb = sort_run->groups[gb].is_total || !isfinite(cb.mean) ? HUGE_VAL : cb.mean;
  if (va != vb) return va < vb ? -1 : 1;
  return ga - gb; /* stable: the scenario's order */
}

/* The headline figure as two panels of horizontal bars, one line per territory in order: net cost
 * per FTE-year (net of the counterfactual) and net avoided cost / funding. */
static void headline_horizontal(FILE *f, const plt_run *r, const dest *d, const int *order) {
  int n = r->n_groups, height = 170 + 19 * n;
  char sub[600];
  if (r->ci)
    snprintf(sub, sizeof sub,
             TR("scenario %s: means over %ld replications, sorted by net cost; bars: 95%% interval",
                "scénario %s : moyennes de %ld réplications, triées par coût net ; barres : intervalle à 95 %%"),
             r->scenario, r->replications);
  else
    snprintf(sub, sizeof sub,
             TR("scenario %s: one replication (no interval), sorted by net cost",
                "scénario %s : une réplication (pas d'intervalle), triées par coût net"),
             r->scenario);
  fprintf(f, "set yrange [%d.6:-0.6]  # the lowest net cost at the top\nset ytics (", n - 1);
  for (int x = 0; x < n; x++) {
    fputs(x ? ", " : "", f);
    plt_gp_str(f, display_name(r, order[x]));
    fprintf(f, " %d", x);
  }
  fputs(") nomirror\nset grid xtics noytics\nset yzeroaxis lt -1 lc rgb '#444444'\nset key off\n"
        "set style fill solid 0.85 noborder\nc_net = '#009E73'\nc_total = '#0072B2'\nc_bar = '#222222'\n",
        f);
  plt_gp_outputs_begin(f, "headline-territories", 1200, height);
  gp_title(f, "  set multiplot title ", TR("Headline figures by territory", "Chiffres clés par territoire"), sub);
  const char *t = "'headline-territories.tsv'";
  fprintf(f,
          "\n  set lmargin at screen 0.25\n  set rmargin at screen 0.62\n  set tmargin at screen %.4f\n"
          "  set bmargin at screen %.4f\n  set xlabel ",
          1.0 - 75.0 / height, 55.0 / height);
  plt_gp_str(f, TR("net cost, euros per FTE-year (net of the counterfactual)",
                   "coût net, euros par année-ETP (net du contrefactuel)"));
  fprintf(f, "\n  plot %s using 5:1:(0):5:($1-0.36):($1+0.36) with boxxyerror lc rgb c_net", t);
  if (r->ci)
    fprintf(f, ", \\\n       %s using 6:1:($7-$6):(0) with vectors heads size screen 0.004,90 lc rgb c_bar", t);
  fputs("\n  set lmargin at screen 0.66\n  set rmargin at screen 0.97\n  unset ytics  # the names are on the left "
        "panel\n  set xlabel ",
        f);
  plt_gp_str(f, TR("net avoided cost / public funding (ratio)", "coût évité net / financement public (ratio)"));
  fprintf(f, "\n  plot %s using 8:1:(0):8:($1-0.36):($1+0.36) with boxxyerror lc rgb c_net", t);
  if (r->ci)
    fprintf(f, ", \\\n       %s using 9:1:($10-$9):(0) with vectors heads size screen 0.004,90 lc rgb c_bar", t);
  fputs("\n  unset multiplot\n", f);
  plt_gp_outputs_end(f);
}

static sim_status fig_headline(const plt_run *r, const dest *d, plt_figs *figs) {
  const char *base = "headline-territories";
  char what[400], sub[600];
  snprintf(what, sizeof what, "net cost per FTE-year and avoided cost / funding, per territory and in total");
  plt_fig *fig = add_fig(figs, PLT_FIG_HEADLINE, base, -1);
  if (!fig) return SIM_ENOMEM;
  snprintf(fig->title, sizeof fig->title, "%s", TR("Headline figures by territory", "Chiffres clés par territoire"));
  snprintf(fig->caption, sizeof fig->caption,
           TR("Net cost per FTE-year (public funding minus avoided cost, per full-time-equivalent year of EBE work), "
              "gross "
              "and net of the counterfactual, and the ratio of avoided cost to funding, for each territory and all of "
              "them "
              "together%s.",
              "Coût net par année-ETP (financement public moins coût évité, par année de travail à temps plein dans "
              "l'EBE), "
              "brut et net du contrefactuel, et rapport du coût évité au financement, pour chaque territoire et pour "
              "tous "
              "ensemble%s."),
           r->ci ? TR(", with 95% intervals", ", avec leurs intervalles à 95 %") : "");
  FILE *f = open_file(d, base, "tsv");
  if (!f) return SIM_EIO;
  tsv_header(f, base, what, r);
  fputs("# From summary.csv: x, then mean, lo, hi of each figure, then the territory.\n"
        "# x\tnet_cost_per_fte_year_gross_eur\tlo\thi\tnet_cost_per_fte_year_net_eur\tlo\thi"
        "\tavoided_to_funding_ratio_net\tlo\thi\tavoided_to_funding_ratio_gross\tlo\thi\tterritory\n",
        f);
  static const char *const figures[] = {"net_cost_per_fte_year_gross_eur", "net_cost_per_fte_year_net_eur",
                                        "avoided_to_funding_ratio_net", "avoided_to_funding_ratio_gross"};
  /* Many territories: horizontal bars sorted by net cost, one readable line per name (vertical bars
   * of 60 territories made a 4270-pixel-wide chart with unreadable labels). */
  int many = r->n_groups > HORIZONTAL_FROM;
  int *order = malloc((size_t)(r->n_groups ? r->n_groups : 1) * sizeof *order);
  if (!order) {
    (void)fclose(f);
    return SIM_ENOMEM;
  }
  for (int g = 0; g < r->n_groups; g++) order[g] = g;
  if (many) {
    sort_run = r;
    qsort(order, (size_t)r->n_groups, sizeof *order, by_net_cost);
  }
  for (int x = 0; x < r->n_groups; x++) {
    int g = order[x];
    fprintf(f, "%d", x);
    for (int k = 0; k < 4; k++) {
      plt_ci c;
      plt_summary(r, r->groups[g].name, figures[k], &c);
      num(f, c.mean);
      num(f, c.lo);
      num(f, c.hi);
    }
    fputc('\t', f);
    plt_plain(f, display_name(r, g));
    fputc('\n', f);
  }
  sim_status st = close_file(d, f, base, "tsv");
  if (st != SIM_OK || !(f = open_file(d, base, "gp"))) {
    free(order);
    return st != SIM_OK ? st : SIM_EIO;
  }
  char source[600];
  snprintf(source, sizeof source, "summary.csv of the scenario \"%s\"", r->scenario);
  plt_gp_begin(f, base, what, source);
  if (many) {
    headline_horizontal(f, r, d, order);
    free(order);
    return close_file(d, f, base, "gp");
  }
  free(order);
  if (r->ci)
    snprintf(sub, sizeof sub,
             TR("scenario %s: ratios of means over %ld replications; bars: 95%% interval",
                "scénario %s : ratios de moyennes sur %ld réplications ; barres : intervalle à 95 %%"),
             r->scenario, r->replications);
  else
    snprintf(sub, sizeof sub,
             TR("scenario %s: one replication (no interval)", "scénario %s : une réplication (pas d'intervalle)"),
             r->scenario);
  fprintf(f, "set xrange [-0.6:%d.6]\nset xtics (", r->n_groups - 1);
  for (int g = 0; g < r->n_groups; g++) {
    fputs(g ? ", " : "", f);
    plt_gp_str(f, display_name(r, g));
    fprintf(f, " %d", g);
  }
  fputs(") rotate by 30 right nomirror\n"
        "set grid noxtics ytics\nset xzeroaxis lt -1 lc rgb '#444444'\nset yrange [*<0:0<*]  # bars start at 0\n"
        "set style fill solid 0.85 noborder\nset boxwidth 0.38\n"
        "c_gross = '#0072B2'\nc_net = '#009E73'\nc_bar = '#222222'\n",
        f);
  plt_gp_outputs_begin(f, base, r->n_groups > 16 ? 70 * r->n_groups : 1100, 900); /* room for every name */
  gp_title(f, "  set multiplot layout 2,1 title ", TR("Headline figures by territory", "Chiffres clés par territoire"),
           sub);
  const char *t = "'headline-territories.tsv'";
  fprintf(f,
          "\n  set ylabel %s\n"
          "  plot %s using ($1-0.2):2 with boxes lc rgb c_gross title %s, \\\n"
          "       %s using ($1+0.2):5 with boxes lc rgb c_net title %s",
          gq(TR("net cost, euros per FTE-year", "coût net, euros par année-ETP")), t,
          gq(TR("gross: avoided cost as the program counts it", "brut : coût évité tel que le programme le compte")), t,
          gq(TR("net: avoided cost net of the counterfactual", "net : coût évité net du contrefactuel")));
  if (r->ci)
    for (int k = 0; k < 2; k++) {
      fputs(", \\\n       ", f);
      errbars(f, t, k ? "($1+0.2)" : "($1-0.2)", k ? 6 : 3, "1.0", "c_bar",
              k ? NULL : TR("95% interval", "intervalle à 95 %"));
    }
  fprintf(f,
          "\n  set ylabel %s\n"
          "  plot %s using ($1-0.2):11 with boxes lc rgb c_gross title %s, \\\n"
          "       %s using ($1+0.2):8 with boxes lc rgb c_net title %s",
          gq(TR("avoided cost / public funding (ratio)", "coût évité / financement public (ratio)")), t,
          gq(TR("gross", "brut")), t, gq(TR("net", "net")));
  if (r->ci)
    for (int k = 0; k < 2; k++) {
      fputs(", \\\n       ", f);
      errbars(f, t, k ? "($1+0.2)" : "($1-0.2)", k ? 9 : 12, "1.0", "c_bar",
              k ? NULL : TR("95% interval", "intervalle à 95 %"));
    }
  fputs("\n  unset multiplot\n", f);
  plt_gp_outputs_end(f);
  return close_file(d, f, base, "gp");
}

/* The total's group: the last one, which plt_run_load puts there. */
static int total_group(const plt_run *r) {
  return r->n_groups > 0 && r->groups[r->n_groups - 1].is_total ? r->n_groups - 1 : -1;
}

static sim_status group_figures(const plt_run *r, int g, const dest *d, plt_figs *figs) {
  sim_status st = fig_ppde(r, g, d, figs);
  if (st == SIM_OK) st = fig_ebe(r, g, d, figs);
  if (st == SIM_OK) st = fig_queue(r, g, d, figs);
  if (st == SIM_OK) st = fig_money(r, g, d, figs);
  return st;
}

sim_status plt_write_run_figures(const plt_run *r, const char *out, plt_lang lang, plt_figs *figs, sim_errs *e) {
  char shown[4200];
  snprintf(shown, sizeof shown, "%s/plots", r->dir);
  dest d = {out, shown, e, lang};
  cur_lang = lang;
  /* The total first, then the bars across territories, then each territory. */
  int tot = total_group(r);
  sim_status st = tot >= 0 ? group_figures(r, tot, &d, figs) : SIM_OK;
  if (st == SIM_OK) st = fig_headline(r, &d, figs);
  for (int g = 0; g < r->n_groups && st == SIM_OK; g++)
    if (g != tot) st = group_figures(r, g, &d, figs);
  if (st == SIM_ENOMEM) sim_errs_add(e, NULL, 0, NULL, "tzsim: out of memory while writing the figures");
  return st;
}

/* ---- a comparison's figures ---- */

/* Column letter of scenario j: A, B, ..., Z, A', ... */
static void letter(char *buf, size_t n, int j) { snprintf(buf, n, "%c%s", 'A' + j % 26, j >= 26 ? "'" : ""); }

void plt_compare_calendar(const plt_compare *c, int j, plt_lang lang, char *buf, size_t n) {
  const plt_run *r = &c->s[j].run;
  const char *from = r->n_months ? r->dates[0] : "?", *to = r->n_months ? r->dates[r->n_months - 1] : "?";
  snprintf(buf, n,
           plt_tr(lang, "%s to %s (%d months), seed %s, %ld replication%s",
                  "%s à %s (%d mois), graine %s, %ld réplication%s"),
           from, to, r->n_months, r->seed, r->replications, r->replications == 1 ? "" : "s");
}

/* "A = name: 2017-01 to 2026-12 (120 months), seed ..., N replications", one line per scenario. */
static void scenario_line(const plt_compare *c, int j, plt_lang lang, char *buf, size_t n) {
  char l[8], cal[300];
  letter(l, sizeof l, j);
  plt_compare_calendar(c, j, lang, cal, sizeof cal);
  snprintf(buf, n, "%s = %.400s%s %s", l, c->s[j].label, plt_tr(lang, ":", " :"), cal);
}

/* French figures: numbers on the axes with a decimal comma. */
static void gp_decimal(FILE *f, plt_lang lang) {
  if (lang == PLT_LANG_FR) fputs("set decimalsign ','\n", f);
}

static sim_status fig_compare_headline(const plt_compare *c, const dest *d, plt_figs *figs) {
  const char *base = "compare-headline";
  static const char *const keys[] = {"ebe_fte",
                                     "ppde_reduction",
                                     "public_funding_eur",
                                     "net_cost_per_fte_year_gross_eur",
                                     "net_cost_per_fte_year_net_eur",
                                     "avoided_to_funding_ratio_net"};
  const char *titles[] = {TR("EBE FTE at the horizon (FTE)", "ETP de l'EBE à l'horizon (ETP)"),
                          TR("PPDE reduction at the horizon (persons)", "baisse des PPDE à l'horizon (personnes)"),
                          TR("public funding, whole horizon (M€)", "financement public, tout l'horizon (M€)"),
                          TR("net cost per FTE-year, gross (€)", "coût net par année-ETP, brut (€)"),
                          TR("net cost per FTE-year, net (€)", "coût net par année-ETP, net (€)"),
                          TR("net avoided cost / funding (ratio)", "coût évité net / financement (ratio)")};
  enum { NK = 6 };
  plt_fig *fig = add_fig(figs, PLT_FIG_COMPARE_HEADLINE, base, -1);
  if (!fig) return SIM_ENOMEM;
  snprintf(fig->title, sizeof fig->title, "%s", TR("The scenarios side by side", "Les scénarios côte à côte"));
  snprintf(fig->caption, sizeof fig->caption,
           TR("Each scenario's headline figures for all territories together, with their 95%% intervals over %s "
              "replications run with the same seeds (letters, calendars and seeds under the figure and in the table).",
              "Les chiffres clés de chaque scénario, tous territoires ensemble, avec leurs intervalles à 95 %% sur %s "
              "réplications tirées avec les mêmes graines (lettres, calendriers et graines sous la figure et dans le "
              "tableau)."),
           c->replications);
  FILE *f = open_file(d, base, "tsv");
  if (!f) return SIM_EIO;
  fputs("# compare-headline.tsv: headline figures of each scenario, all territories together (compare.csv).\n"
        "# One block per figure (index 0, 1, ...); rows: scenario number from 0, mean, lo, hi (95% interval).\n",
        f);
  for (int j = 0; j < c->n; j++) {
    char line[800];
    scenario_line(c, j, PLT_LANG_EN, line, sizeof line);
    fputs("# scenario ", f);
    fprintf(f, "%d: ", j);
    plt_plain(f, line);
    fputc('\n', f);
  }
  for (int k = 0; k < NK; k++) {
    fprintf(f, "%s# index %d: %s\n# scenario\tmean\tlo\thi\n", k ? "\n\n" : "", k, keys[k]);
    for (int j = 0; j < c->n; j++) {
      plt_ci v;
      plt_compare_value(c, NULL, keys[k], j, &v);
      fprintf(f, "%d", j);
      num(f, v.mean);
      num(f, v.lo);
      num(f, v.hi);
      fputc('\n', f);
    }
  }
  sim_status st = close_file(d, f, base, "tsv");
  if (st != SIM_OK || !(f = open_file(d, base, "gp"))) return st != SIM_OK ? st : SIM_EIO;
  plt_gp_begin(f, base, "the scenarios side by side on the headline figures, with 95% intervals", "compare.csv");
  gp_decimal(f, d->lang);
  int listed = c->n > 8 ? 8 : c->n, lines = listed + (c->n > listed);
  int height = 820 + 24 * lines;
  double bottom = (double)(50 + 24 * lines) / height;
  fprintf(f, "set xrange [-0.6:%d.6]\nset xtics (", c->n - 1);
  for (int j = 0; j < c->n; j++) {
    char l[8];
    letter(l, sizeof l, j);
    fprintf(f, "%s'%s' %d", j ? ", " : "", l, j);
  }
  fputs(") nomirror\nset grid noxtics ytics\nset xzeroaxis lt -1 lc rgb '#444444'\nset yrange [*<0:0<*]\n"
        "set style fill solid 0.85 noborder\nset key off\n",
        f);
  for (int j = 0; j < c->n && j < 8; j++) fprintf(f, "set linetype %d lc rgb '%s'\n", j + 1, plt_colour(j));
  plt_gp_outputs_begin(f, base, 1200, height);
  char sub[200];
  snprintf(sub, sizeof sub,
           TR("all territories together; seed %s, %s replications each; bars: 95%% interval",
              "tous territoires ensemble ; graine %s, %s réplications chacun ; barres : intervalle à 95 %%"),
           c->seed, c->replications);
  fprintf(f, "  set multiplot layout 2,3 margins 0.07,0.98,%.3f,0.88 spacing 0.07,0.12 title ", bottom);
  plt_gp_str(f, TR("The scenarios side by side", "Les scénarios côte à côte"));
  fputs(" . \"\\n\" . ", f);
  plt_gp_str(f, sub);
  fputc('\n', f);
  for (int j = 0; j < listed; j++) {
    char text[800];
    scenario_line(c, j, d->lang, text, sizeof text);
    fprintf(f, "  set label %d ", 100 + j);
    plt_gp_str(f, text);
    fprintf(f, " at screen 0.02, screen %.4f left\n", (double)(18 + 24 * (lines - 1 - j)) / height);
  }
  // cppcheck-suppress knownConditionTrueFalse ; true when there are more than 8 scenarios (listed is capped at 8)
  if (c->n > listed) {
    char more[120];
    snprintf(more, sizeof more, TR("... and %d more: see compare.csv", "... et %d autres : voir compare.csv"),
             c->n - listed);
    fprintf(f, "  set label %d ", 100 + listed);
    plt_gp_str(f, more);
    fprintf(f, " at screen 0.02, screen %.4f left\n", 18.0 / height);
  }
  for (int k = 0; k < NK; k++) {
    fputs("  set title ", f);
    plt_gp_str(f, titles[k]);
    const char *s = k == 2 ? "1e6" : "1.0"; /* public funding in M€ */
    char file[64];
    snprintf(file, sizeof file, "'compare-headline.tsv' index %d", k);
    fprintf(f, "\n  plot %s using 1:($2/%s):(0.6):($1+1) with boxes lc variable, \\\n       ", file, s);
    errbars(f, file, "1", 3, s, "'#222222'", NULL);
    fputc('\n', f);
    if (k == 0) fputs("  unset label\n", f);
  }
  fputs("  unset multiplot\n", f);
  plt_gp_outputs_end(f);
  return close_file(d, f, base, "gp");
}

static sim_status fig_compare_series(const plt_compare *c, const dest *d, plt_figs *figs) {
  const char *base = "compare-series";
  plt_fig *fig = add_fig(figs, PLT_FIG_COMPARE_SERIES, base, -1);
  if (!fig) return SIM_ENOMEM;
  snprintf(fig->title, sizeof fig->title, "%s",
           TR("PPDE and EBE employees of each scenario", "PPDE et salariés de l'EBE de chaque scénario"));
  snprintf(fig->caption, sizeof fig->caption, "%s",
           TR("People durably deprived of employment with the program (solid) and EBE employees (dashed), all "
              "territories "
              "together, one colour per scenario; each scenario's calendar, seed and replications in the legend.",
              "Personnes privées durablement d'emploi avec le programme (trait plein) et salariés de l'EBE (tirets), "
              "tous "
              "territoires ensemble, une couleur par scénario ; calendrier, graine et réplications de chacun dans la "
              "légende."));
  FILE *f = open_file(d, base, "tsv");
  if (!f) return SIM_EIO;
  fputs("# compare-series.tsv: PPDE and EBE employees (program arm, all territories) of each scenario, from its\n"
        "# monthly.csv. One block per scenario (index 0, 1, ...); each value the mean over replications, with its 95%\n"
        "# interval (lo = hi = mean with one replication).\n",
        f);
  const char *first = NULL, *last = NULL;
  int any_ci = 0, n_months = 0;
  for (int j = 0; j < c->n; j++) {
    const plt_run *r = &c->s[j].run;
    int g = total_group(r) >= 0 ? total_group(r) : r->n_groups - 1;
    char line[800];
    scenario_line(c, j, PLT_LANG_EN, line, sizeof line);
    fprintf(f, "%s# index %d: ", j ? "\n\n" : "", j);
    plt_plain(f, line);
    fputs("\n# date\tppde\tppde_lo\tppde_hi\tebe\tebe_lo\tebe_hi\n", f);
    for (int m = 0; m < r->n_months; m++) {
      fputs(r->dates[m], f);
      static const char *const metrics[] = {"ppde", "ebe"};
      for (int k = 0; k < 2; k++)
        for (int w = 0; w < 3; w++) num(f, plt_run_value(r, g, m, PLT_PROGRAM, metrics[k], which[w]));
      fputc('\n', f);
    }
    if (!first || strcmp(r->dates[0], first) < 0) first = r->dates[0];
    if (!last || strcmp(r->dates[r->n_months - 1], last) > 0) last = r->dates[r->n_months - 1];
    any_ci |= r->ci;
    if (r->n_months > n_months) n_months = r->n_months;
  }
  sim_status st = close_file(d, f, base, "tsv");
  if (st != SIM_OK || !(f = open_file(d, base, "gp"))) return st != SIM_OK ? st : SIM_EIO;
  plt_gp_begin(f, base, "total PPDE and EBE employees of each scenario", "the monthly.csv of each scenario");
  gp_decimal(f, d->lang);
  plt_gp_time_axis(f, first, last, n_months, NULL, d->lang);
  char sub[300];
  snprintf(sub, sizeof sub,
           TR("all territories together, with the program; seed %s, %s replications each%s",
              "tous territoires ensemble, avec le programme ; graine %s, %s réplications chacun%s"),
           c->seed, c->replications, any_ci ? TR("; shaded: 95% interval", " ; zone ombrée : intervalle à 95 %") : "");
  fprintf(f, "set ylabel %s\nset yrange [0:*]\n", gq(TR("persons (end of month)", "personnes (fin de mois)")));
  plt_gp_outputs_begin(f, base, 1100, 700 + 20 * (c->n > 4 ? 4 : c->n));
  gp_title(f, MULTIPLOT_TITLE,
           TR("PPDE (solid) and EBE employees (dashed) of each scenario",
              "PPDE (trait plein) et salariés de l'EBE (tirets) de chaque scénario"),
           sub);
  fputs("\n  plot ", f);
  for (int j = 0; j < c->n; j++) {
    const char *col = plt_colour(j);
    char l[8], t1[900], t2[700], line[800];
    letter(l, sizeof l, j);
    if (c->s[j].run.ci)
      fprintf(f,
              "'compare-series.tsv' index %d using 1:3:4 with filledcurves lc rgb '%s' fs transparent solid band "
              "noborder, \\\n"
              "       'compare-series.tsv' index %d using 1:6:7 with filledcurves lc rgb '%s' fs transparent solid "
              "band noborder, \\\n       ",
              j, col, j, col);
    scenario_line(c, j, d->lang, line, sizeof line);
    snprintf(t1, sizeof t1, "%s — PPDE", line);
    snprintf(t2, sizeof t2, TR("%s: EBE employees", "%s : salariés de l'EBE"), l);
    fprintf(f, "'compare-series.tsv' index %d using 1:2 with lines lw 2 lc rgb '%s' title ", j, col);
    plt_gp_str(f, t1);
    fprintf(f, ", \\\n       'compare-series.tsv' index %d using 1:5 with lines lw 2 dt 2 lc rgb '%s' title ", j, col);
    plt_gp_str(f, t2);
    fputs(j + 1 < c->n ? ", \\\n       " : "\n", f);
  }
  fputs("  unset multiplot\n", f);
  plt_gp_outputs_end(f);
  return close_file(d, f, base, "gp");
}

sim_status plt_write_compare_figures(const plt_compare *c, const char *out, plt_lang lang, plt_figs *figs,
                                     sim_errs *e) {
  char shown[4200];
  snprintf(shown, sizeof shown, "%s/plots", c->dir);
  dest d = {out, shown, e, lang};
  sim_status st = fig_compare_headline(c, &d, figs);
  if (st == SIM_OK) st = fig_compare_series(c, &d, figs);
  if (st == SIM_ENOMEM) sim_errs_add(e, NULL, 0, NULL, "tzsim: out of memory while writing the figures");
  return st;
}
