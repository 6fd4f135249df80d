/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.c: report.html, as a committee would circulate it: the headline answer first (net cost
 * per FTE-year and per person taken out of long-term unemployment), who pays, the assumptions
 * behind the figures, then the detail. In English or French (plots/i18n.h). Every text from the
 * result is HTML-escaped. The figures of all territories together are embedded (SVG data URIs);
 * each territory's are linked (plots/BASE.svg), so a 60-territory report stays well under 1 MB. */
#include "plots/report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plots/i18n.h"
#include "plots/table.h"
#include "sim/params.h"
#include "sim/textio.h"

/* ---- text ---- */

/* Text as HTML: markup characters as entities, control characters as spaces, invalid UTF-8 as U+FFFD. */
static void html(FILE *f, const char *text) {
  const unsigned char *s = (const unsigned char *)text;
  while (*s) {
    int n = sim_utf8_len(s);
    if (n == 0) {
      fputs("\xEF\xBF\xBD", f);
      s++;
      continue;
    }
    if (n > 1) {
      fwrite(s, 1, (size_t)n, f);
      s += n;
      continue;
    }
    unsigned char c = *s++;
    switch (c) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    case '\'': fputs("&#39;", f); break;
    default: fputc(c < 0x20 || c == 0x7F ? ' ' : c, f);
    }
  }
}

/* How a unit of summary.csv reads, and the scale its values are shown in. */
static const char *unit_shown(plt_lang l, const char *unit, double mean, double *scale) {
  *scale = 1.0;
  if (strcmp(unit, "EUR") == 0 && isfinite(mean) && fabs(mean) >= 1e6) {
    *scale = 1e6;
    return "M€";
  }
  return plt_unit_lang(l, unit);
}

/* Decimals of a value shown in unit at scale: persons and months as whole numbers (a headcount is
 * 47, not 47.00), millions with one decimal, others by magnitude. */
static int decimals(const char *unit, double scale, double v) {
  if (strcmp(unit, "persons") == 0 || strcmp(unit, "months") == 0) return 0;
  if (strcmp(unit, "FTE") == 0 || strcmp(unit, "FTE-years") == 0 || strcmp(unit, "person-years") == 0) return 1;
  if (scale > 1) return 1;
  double a = fabs(v);
  return a >= 100 ? 0 : a >= 1 ? 2 : 3;
}

/* "mean" and "[lo, hi]" of a figure in units of scale (interval empty with one replication, mean
 * "not reached" if no replication has it). */
static void fmt_scaled(plt_lang l, const plt_ci *c, int ci, double scale, char *mean, char *interval, size_t n) {
  interval[0] = '\0';
  if (c->n == 0 || !isfinite(c->mean)) {
    snprintf(mean, n, "%s", plt_tr(l, "not reached", "non atteint"));
    return;
  }
  int dec = decimals(c->unit, scale, c->mean / scale);
  plt_fmt_number(l, mean, n, c->mean / scale, dec);
  if (!ci || c->n < 2) return;
  char lo[64], hi[64];
  plt_fmt_number(l, lo, sizeof lo, c->lo / scale, dec);
  plt_fmt_number(l, hi, sizeof hi, c->hi / scale, dec);
  snprintf(interval, n, "[%.60s%s %.60s]", lo, l == PLT_LANG_FR ? " ;" : ",", hi);
}

/* The same in the unit (and scale) that suits the figure's own mean. */
static void fmt_ci(plt_lang l, const plt_ci *c, int ci, char *mean, char *interval, size_t n, const char **unit) {
  double scale;
  *unit = unit_shown(l, c->unit, c->mean, &scale);
  fmt_scaled(l, c, ci, scale, mean, interval, n);
}

static void money_in(plt_lang l, int millions, char *buf, size_t n, double v) {
  if (millions)
    plt_fmt_meur(l, buf, n, v);
  else
    plt_fmt_eur(l, buf, n, v);
}

/* A figure of summary.csv as money for people ("14 629 €", "135,5 M€"), with its interval. */
static void fmt_money_ci(plt_lang l, const plt_ci *c, int ci, char *mean, char *interval, size_t n) {
  interval[0] = '\0';
  if (c->n == 0 || !isfinite(c->mean)) {
    snprintf(mean, n, "%s", plt_tr(l, "not reached", "non atteint"));
    return;
  }
  int big = fabs(c->mean) >= 1e6; /* the interval in the mean's unit */
  money_in(l, big, mean, n, c->mean);
  if (!ci || c->n < 2) return;
  char lo[64], hi[64];
  money_in(l, big, lo, sizeof lo, c->lo);
  money_in(l, big, hi, sizeof hi, c->hi);
  snprintf(interval, n, "[%.60s%s %.60s]", lo, l == PLT_LANG_FR ? " ;" : ",", hi);
}

/* ---- the page ---- */

/* ---- the page ---- */

static void page_begin(FILE *f, plt_lang l, const char *title) {
  fprintf(f,
          "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          plt_lang_code(l));
  html(f, title);
  fputs("</title>\n<style>\n"
        "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;max-width:1150px;"
        "margin:1.5em auto;padding:0 1em;color:#1a1a1a;line-height:1.45}\n"
        "h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ccc}\n"
        "table{border-collapse:collapse;margin:.8em 0;font-size:.92em}\n"
        "th,td{padding:.25em .6em;border-bottom:1px solid #e2e2e2;text-align:right;vertical-align:top}\n"
        "th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}\n"
        "td small{color:#555;white-space:nowrap}code{font-size:.9em;color:#444}\n"
        ".meta{color:#444}.meta b{color:#1a1a1a}\n"
        ".headline{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0}\n"
        ".answer{flex:1 1 20em;border:2px solid #0072B2;border-radius:6px;padding:.8em 1em;background:#f4f9fd}\n"
        ".answer .v{font-size:2em;font-weight:700;color:#0072B2;white-space:nowrap}.answer .i{color:#333}\n"
        ".note{border-left:5px solid #E69F00;background:#fff7e6;padding:.5em .8em;font-weight:600}\n"
        ".box{border:1px solid #bbb;border-radius:6px;padding:.3em 1em;background:#fafafa}.box td,.box "
        "th{text-align:left}\n"
        "figure{margin:1.6em 0}figure img{max-width:100%;height:auto;border:1px solid #ddd}\n"
        "figcaption{margin-top:.4em;max-width:60em}.files{color:#555;font-size:.9em}\n"
        "details{margin:.6em 0}summary{cursor:pointer;font-weight:600;font-size:1.1em}\n"
        ".wide{overflow-x:auto}\n"
        "</style>\n</head>\n<body>\n",
        f);
}

/* Base64 of a file, for a data URI; 0 on success. */
static int base64_file(FILE *f, const char *path) {
  size_t n;
  char *buf = plt_slurp(path, &n);
  if (!buf) return -1;
  static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const unsigned char *p = (const unsigned char *)buf;
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0u) | (i + 2 < n ? p[i + 2] : 0u);
    char q[4] = {abc[v >> 18 & 63], abc[v >> 12 & 63], abc[v >> 6 & 63], abc[v & 63]};
    if (i + 1 >= n) q[2] = '=';
    if (i + 2 >= n) q[3] = '=';
    fwrite(q, 1, 4, f);
  }
  free(buf);
  return 0;
}

/* Width and height from a PNG's header, 0 if not a PNG. */
static void png_size(const char *path, unsigned *w, unsigned *h) {
  *w = *h = 0;
  FILE *f = fopen(path, "rb");
  if (!f) return;
  unsigned char b[24];
  if (fread(b, 1, sizeof b, f) == sizeof b && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0) {
    *w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 | (unsigned)b[18] << 8 | b[19];
    *h = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 | (unsigned)b[22] << 8 | b[23];
  }
  (void)fclose(f); /* read only */
}

/* A figure: its SVG embedded as a data URI (embed), or linked as plots/BASE.svg and loaded when
 * scrolled to (a territory's figures: 60 territories inlined made a 13 MB page); its title and
 * caption, and relative links to its files. */
static int figure(FILE *f, plt_lang l, const plt_fig *fig, const char *png_dir, int embed) {
  char path[4500];
  snprintf(path, sizeof path, "%s/%s.png", png_dir, fig->base);
  unsigned w, h;
  png_size(path, &w, &h);
  snprintf(path, sizeof path, "%s/%s.svg", png_dir, fig->base);
  fprintf(f, "<figure id=\"%s\">\n<img alt=\"", fig->base);
  html(f, fig->title);
  fputc('"', f);
  if (w && h) fprintf(f, " width=\"%u\" height=\"%u\"", w, h);
  if (embed) {
    fputs(" src=\"data:image/svg+xml;base64,", f);
    if (base64_file(f, path) != 0) return -1;
    fputc('"', f);
  } else {
    FILE *probe = fopen(path, "rb"); /* a link to a figure that is not there is a broken page */
    if (!probe) return -1;
    (void)fclose(probe); /* read only */
    fprintf(f, " loading=\"lazy\" src=\"plots/%s.svg\"", fig->base);
  }
  fputs(">\n<figcaption><b>", f);
  html(f, fig->title);
  fputs(".</b> ", f);
  html(f, fig->caption);
  fprintf(f,
          " <span class=\"files\">%s <a href=\"plots/%s.svg\">SVG</a>, <a href=\"plots/%s.png\">PNG</a>, "
          "<a href=\"plots/%s.gp\">%s</a>, <a href=\"plots/%s.tsv\">%s</a>.</span></figcaption>\n</figure>\n",
          plt_tr(l, "Files:", "Fichiers :"), fig->base, fig->base, fig->base,
          plt_tr(l, "gnuplot script", "script gnuplot"), fig->base, plt_tr(l, "data", "données"));
  return 0;
}

static void meta_row(FILE *f, const char *key, const char *value) {
  fprintf(f, "<b>%s</b> ", key);
  html(f, value);
}

static sim_status finish(FILE *f, plt_lang l, const char *shown, sim_errs *e) {
  fputs(plt_tr(l,
               "<p class=\"meta\">Written by tzsim. Intervals are 95&nbsp;% Student t intervals over replications: "
               "they "
               "measure Monte Carlo error only, not the uncertainty of the parameters.</p>\n</body>\n</html>\n",
               "<p class=\"meta\">Écrit par tzsim. Les intervalles sont des intervalles de Student à 95&nbsp;% sur les "
               "réplications : ils mesurent l'erreur de Monte-Carlo seulement, pas l'incertitude des paramètres.</p>\n"
               "</body>\n</html>\n"),
        f);
  int bad = fflush(f) != 0 || ferror(f);
  int err = errno;
  if (fclose(f) != 0 && !bad) {
    bad = 1;
    err = errno;
  }
  if (!bad) return SIM_OK;
  sim_errs_add(e, NULL, 0, NULL, "tzsim: cannot write %s: %s (expected room on the disk)", shown,
               strerror(err ? err : EIO));
  return SIM_EIO;
}

static FILE *open_report(const char *path, const char *shown, sim_errs *e) {
  FILE *f = fopen(path, "w");
  if (!f) sim_errs_add(e, NULL, 0, NULL, "tzsim: cannot write %s: %s", shown, strerror(errno));
  return f;
}

static sim_status figure_failed(FILE *f, const plt_fig *fig, const char *shown, sim_errs *e) {
  (void)fclose(f); /* the unfinished report is removed by the caller */
  sim_errs_add(e, NULL, 0, NULL, "tzsim: cannot embed plots/%s.svg in %s (expected gnuplot to have drawn it)",
               fig->base, shown);
  return SIM_EIO;
}

/* ---- a run: the answer first ---- */

/* The one-replication note: no interval can be computed from one draw. */
static void one_replication_note(FILE *f, plt_lang l, long replications) {
  if (replications > 1) return;
  fputs(plt_tr(l,
               "<p class=\"note\" id=\"one-replication\">One replication: no interval; run with -r 20 for "
               "intervals.</p>\n",
               "<p class=\"note\" id=\"one-replication\">Une seule réplication : pas d'intervalle ; relancez avec -r "
               "20 "
               "pour obtenir des intervalles.</p>\n"),
        f);
}

static void answer(FILE *f, plt_lang l, const plt_run *r, const char *key, const char *title, const char *what) {
  plt_ci c;
  char mean[256], interval[256];
  if (plt_summary(r, "total", key, &c) != 0) return;
  fmt_money_ci(l, &c, r->ci, mean, interval, sizeof mean);
  fprintf(f, "<div class=\"answer\" id=\"%s\"><div>%s</div><div class=\"v\">", key, title);
  html(f, mean);
  fputs("</div><div class=\"i\">", f);
  if (interval[0]) {
    fputs(plt_tr(l, "95&nbsp;% interval ", "intervalle à 95&nbsp;% "), f);
    html(f, interval);
  } else {
    fputs(plt_tr(l, "no interval (one replication)", "pas d'intervalle (une réplication)"), f);
  }
  fprintf(f, "</div><div><small>%s <code>%s</code></small></div></div>\n", what, key);
}

/* The headline answer: net cost per FTE-year and per person out, with the horizon's totals. */
static void headline(FILE *f, plt_lang l, const plt_run *r) {
  fprintf(f, "<h2 id=\"answer\">%s</h2>\n",
          plt_tr(l, "The answer: what a job costs the public purse, net",
                 "La réponse : ce que coûte un emploi aux finances publiques, net"));
  fputs("<div class=\"headline\">\n", f);
  answer(f, l, r, "net_cost_per_fte_year_net_eur", plt_tr(l, "Net cost per FTE-year", "Coût net par année-ETP"),
         plt_tr(l,
                "public funding minus the avoided cost net of the counterfactual, summed over payers, per year of "
                "full-time EBE work",
                "financement public moins le coût évité net du contrefactuel, somme des payeurs, par année de travail "
                "à "
                "temps plein dans l'EBE"));
  answer(f, l, r, "net_cost_per_person_out_eur",
         plt_tr(l, "Net cost per person taken out of long-term unemployment",
                "Coût net par personne sortie du chômage de longue durée"),
         plt_tr(l, "the horizon's net cost divided by the PPDE the program took out of long-term unemployment",
                "le coût net de l'horizon divisé par le nombre de PPDE que le programme a sortis du chômage de longue "
                "durée"));
  fputs("</div>\n<p>", f);
  plt_ci c;
  char v[256], iv[256];
  static const char *const keys[] = {"public_funding_eur", "net_cost_eur", "ppde_reduction", "ebe_fte"};
  const char *en[] = {"Public funding of the EBE over the horizon: ", "; net cost, all payers: ",
                      ". PPDE taken out of long-term unemployment: ", "; EBE full-time equivalents at the horizon: "};
  const char *fr[] = {"Financement public de l'EBE sur l'horizon : ", " ; coût net, tous payeurs : ",
                      ". PPDE sortis du chômage de longue durée : ",
                      " ; équivalents temps plein de l'EBE à l'horizon : "};
  for (int k = 0; k < 4; k++) {
    if (plt_summary(r, "total", keys[k], &c) != 0) continue;
    if (k < 2)
      fmt_money_ci(l, &c, 0, v, iv, sizeof v);
    else if (k == 2)
      plt_fmt_count(l, v, sizeof v, c.mean);
    else
      plt_fmt_number(l, v, sizeof v, c.mean, 1);
    fputs(plt_tr(l, en[k], fr[k]), f);
    fprintf(f, "<b>%s</b>", v);
  }
  fputs(".</p>\n", f);
}

/* The payers: each budget's net cost over the horizon, as horizontal bars drawn in the page. */
static void who_pays(FILE *f, plt_lang l, const plt_run *r) {
  static const struct {
    const char *key, *en, *fr;
  } payers[] = {
      {"net_cost_state_eur", "State", "État"},
      {"net_cost_department_eur", "Département", "Département"},
      {"net_cost_unemployment_insurance_eur", "Unemployment insurance", "Assurance chômage (Unédic)"},
      {"net_cost_family_fund_eur", "Family-benefit fund (CAF)", "Allocations familiales (CAF)"},
      {"net_cost_social_security_eur", "Social security", "Sécurité sociale"},
      {"net_cost_local_authorities_eur", "Local authorities", "Collectivités locales"},
  };
  enum { NP = sizeof payers / sizeof payers[0] };
  plt_ci c[NP];
  double max = 0;
  int have = 0;
  for (int i = 0; i < NP; i++) {
    if (plt_summary(r, "total", payers[i].key, &c[i]) == 0 && isfinite(c[i].mean)) have++;
    if (isfinite(c[i].mean) && fabs(c[i].mean) > max) max = fabs(c[i].mean);
  }
  if (!have) return;
  fprintf(f, "<h2 id=\"who-pays\">%s</h2>\n<p>%s</p>\n", plt_tr(l, "Who pays", "Qui paie"),
          plt_tr(l,
                 "Net cost to each budget over the whole horizon, all territories together. <b>Sign convention: "
                 "positive = that budget pays more with the program; negative = that budget saves.</b>",
                 "Coût net pour chaque budget sur tout l'horizon, tous territoires ensemble. <b>Convention de signe : "
                 "positif = ce budget paie davantage avec le programme ; négatif = ce budget économise.</b>"));
  /* The chart: zero in the middle, savings (green) to the left, costs (orange) to the right. */
  const int W = 900, label = 250, value = 130, row = 34, top = 10;
  int H = top + NP * row + 26, half = (W - label - value) / 2, zero = label + half;
  fprintf(f,
          "<svg id=\"who-pays-chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
          "xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\" font-size=\"14\">\n<title>%s</title>\n",
          W, H, W, H, plt_tr(l, "Who pays: net cost by budget", "Qui paie : coût net par budget"));
  for (int i = 0; i < NP; i++) {
    int y = top + i * row;
    char v[128];
    plt_fmt_money(l, v, sizeof v, c[i].mean);
    double len = max > 0 && isfinite(c[i].mean) ? fabs(c[i].mean) / max * (half - 10) : 0;
    int neg = c[i].mean < 0;
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", label - 8, y + 20,
            plt_tr(l, payers[i].en, payers[i].fr));
    fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n",
            neg ? zero - len : (double)zero, y + 5, len, row - 10, neg ? "#009E73" : "#D55E00");
    fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>\n", neg ? zero - len - 6 : zero + len + 6,
            y + 20, neg ? "end" : "start", v);
  }
  fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>\n", zero, top, zero, top + NP * row);
  fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#009E73\">%s</text>\n", zero - 6, H - 6,
          plt_tr(l, "← saves", "← économise"));
  fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"#D55E00\">%s</text>\n</svg>\n", zero + 6, H - 6,
          plt_tr(l, "pays more →", "paie davantage →"));
  /* The same as a table, with the intervals. */
  fprintf(f, "<div class=\"wide\"><table id=\"who-pays-table\">\n<tr><th>%s</th><th>%s</th><th>%s</th></tr>\n",
          plt_tr(l, "budget", "budget"), plt_tr(l, "net cost", "coût net"),
          plt_tr(l, "95&nbsp;% interval", "intervalle à 95&nbsp;%"));
  for (int i = 0; i < NP; i++) {
    char v[256], iv[256];
    fmt_money_ci(l, &c[i], r->ci, v, iv, sizeof v);
    fprintf(f, "<tr><td>%s <code>%s</code></td><td>", plt_tr(l, payers[i].en, payers[i].fr), payers[i].key);
    html(f, v);
    fputs("</td><td>", f);
    html(f, iv);
    fputs("</td></tr>\n", f);
  }
  fputs("</table></div>\n", f);
}

/* ---- the assumptions, read from the result's scenario.cfg ---- */

/* The value of a dated schedule ((date, value), ...) in force at month `date`, or NaN. */
static double step_at(const void *s, const char *date, const char **from) {
  double v = (double)NAN;
  *from = "";
  for (int i = 0; s && i < sim_params_length(s); i++) {
    const void *p = sim_params_elem(s, i);
    const char *d = sim_params_string(sim_params_elem(p, 0));
    double x;
    if (!d || strcmp(d, date) > 0 || !sim_params_number(sim_params_elem(p, 1), &x)) break;
    v = x;
    *from = d;
  }
  return v;
}

static void assumption(FILE *f, const char *what, const char *value, const char *key, const char *source) {
  fputs("<tr><td>", f);
  fputs(what, f);
  fputs("</td><td>", f);
  html(f, value);
  fputs("</td><td><code>", f);
  html(f, key);
  fputs("</code></td><td>", f);
  fputs(source, f);
  fputs("</td></tr>\n", f);
}

static void assumptions(FILE *f, plt_lang l, const plt_run *r) {
  char path[4200];
  snprintf(path, sizeof path, "%s/scenario.cfg", r->dir);
  sim_params_doc *doc = NULL;
  sim_errs quiet;
  sim_errs_init(&quiet);
  sim_status st = sim_params_doc_open(path, NULL, NULL, &doc, &quiet);
  sim_errs_destroy(&quiet);
  if (st != SIM_OK) return; /* a result from before scenario.cfg: no box */
  const void *cfg = sim_params_doc_root(doc);
  const char *first = r->n_months ? r->dates[0] : "", *last = r->n_months ? r->dates[r->n_months - 1] : "";
  fprintf(f,
          "<h2 id=\"assumptions\">%s</h2>\n<div class=\"box\"><p>%s</p>\n<div class=\"wide\"><table>\n"
          "<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
          plt_tr(l, "Assumptions behind these figures", "Hypothèses derrière ces chiffres"),
          plt_tr(l,
                 "Read from the result's <code>scenario.cfg</code> (the scenario as run); every parameter, its "
                 "meaning and source: <code>tzsim params</code> and docs/params.md.",
                 "Lues dans le <code>scenario.cfg</code> du résultat (le scénario tel qu'exécuté) ; chaque paramètre, "
                 "son sens et sa source : <code>tzsim params</code> et docs/params.md."),
          plt_tr(l, "assumption", "hypothèse"), plt_tr(l, "value", "valeur"), plt_tr(l, "key", "clé"),
          plt_tr(l, "source", "source"));
  char buf[512], a[128], b[128];
  const char *from;
  /* The CDE rate at the start and at the horizon. */
  const void *cde = sim_params_lookup(cfg, "calendar.cde_rate");
  if (cde) {
    const char *from2;
    double v0 = step_at(cde, first, &from), v1 = step_at(cde, last, &from2);
    plt_fmt_share(l, a, sizeof a, v0);
    plt_fmt_share(l, b, sizeof b, v1);
    snprintf(buf, sizeof buf,
             plt_tr(l, "%s of the gross SMIC per FTE in %s; %s in %s", "%s du SMIC brut par ETP en %s ; %s en %s"), a,
             first, b, last);
    assumption(f,
               plt_tr(l, "State job-development contribution (CDE)",
                      "Contribution au développement de l'emploi (CDE) de l'État"),
               buf, "calendar.cde_rate",
               plt_tr(l, "decrees 2016-1027 and 2021-863 (data/cde-rates.csv)",
                      "décrets 2016-1027 et 2021-863 (data/cde-rates.csv)"));
  }
  const void *smic = sim_params_lookup(cfg, "calendar.smic_hourly_eur");
  if (smic) {
    const char *from2;
    double v0 = step_at(smic, first, &from), v1 = step_at(smic, last, &from2);
    plt_fmt_number(l, a, sizeof a, v0, 2);
    plt_fmt_number(l, b, sizeof b, v1, 2);
    snprintf(buf, sizeof buf, plt_tr(l, "%s € per hour in %s; %s € in %s", "%s € de l'heure en %s ; %s € en %s"), a,
             first, b, last);
    assumption(f, plt_tr(l, "Gross minimum wage (SMIC)", "SMIC horaire brut"), buf, "calendar.smic_hourly_eur",
               plt_tr(l, "INSEE series and decrees (data/smic.csv)", "série INSEE et décrets (data/smic.csv)"));
  }
  const char *mode = sim_params_string(sim_params_lookup(cfg, "money.avoided_cost_mode"));
  double lo = (double)NAN, hi = (double)NAN;
  if (!sim_params_number(sim_params_lookup(cfg, "money.avoided_cost_min_eur"), &lo)) lo = (double)NAN;
  if (!sim_params_number(sim_params_lookup(cfg, "money.avoided_cost_max_eur"), &hi)) hi = (double)NAN;
  if (mode) {
    const char *how =
        strcmp(mode, "situation") == 0
            ? plt_tr(l,
                     "measured person by person: benefits (ARE, ASS, RSA), housing aid, activity bonus "
                     "and contributions by date, each booked to its payer",
                     "mesuré personne par personne : allocations (ARE, ASS, RSA), aides au logement, prime "
                     "d'activité et cotisations à chaque date, chacune imputée à son payeur")
        : strcmp(mode, "uniform") == 0
            ? plt_tr(l, "the promoters' yearly cost per person, drawn between the bounds below",
                     "le coût annuel par personne des promoteurs, tiré entre les bornes ci-dessous")
            : plt_tr(l, "national averages by benefit regime", "moyennes nationales par régime d'allocation");
    snprintf(buf, sizeof buf, "%s (\"%s\")", how, mode);
    assumption(f, plt_tr(l, "Avoided cost: how it is counted", "Coût évité : comment il est compté"), buf,
               "money.avoided_cost_mode", plt_tr(l, "docs/model.md, section 7.8", "docs/model.md, section 7.8"));
  }
  if (isfinite(lo) && isfinite(hi)) {
    plt_fmt_eur(l, a, sizeof a, lo);
    plt_fmt_eur(l, b, sizeof b, hi);
    snprintf(buf, sizeof buf, plt_tr(l, "%s to %s per person and year", "de %s à %s par personne et par an"), a, b);
    assumption(f,
               plt_tr(l, "Avoided cost per person (the promoters' premise)",
                      "Coût évité par personne (hypothèse des promoteurs)"),
               buf, "money.avoided_cost_min_eur, money.avoided_cost_max_eur",
               plt_tr(l, "the promoters' estimate (ETCLD), compared with the measure below",
                      "l'estimation des promoteurs (ETCLD), comparée à la mesure plus bas"));
  }
  plt_ci c0, c1;
  if (plt_summary(r, "total", "ppde_counterfactual_start", &c0) == 0 &&
      plt_summary(r, "total", "ppde_counterfactual", &c1) == 0) {
    plt_fmt_count(l, a, sizeof a, c0.mean);
    plt_fmt_count(l, b, sizeof b, c1.mean);
    snprintf(buf, sizeof buf,
             plt_tr(l,
                    "the same people, labour market and random numbers without the program: %s PPDE at the start, %s "
                    "at the horizon",
                    "les mêmes personnes, le même marché du travail et les mêmes tirages sans le programme : %s PPDE "
                    "au "
                    "départ, %s à l'horizon"),
             a, b);
    assumption(f, plt_tr(l, "Counterfactual (what would have happened)", "Contrefactuel (ce qui se serait passé)"), buf,
               "labour.*",
               plt_tr(l, "docs/model.md; labour-market rates in docs/params.md",
                      "docs/model.md ; taux du marché du travail dans docs/params.md"));
  }
  fputs("</table></div></div>\n", f);
  sim_params_doc_close(doc);
}

/* ---- the beneficiary cohorts (cohorts.csv), when the run has them ---- */

static void cohorts(FILE *f, plt_lang l, const plt_run *r) {
  char path[4200];
  snprintf(path, sizeof path, "%s/cohorts.csv", r->dir);
  FILE *probe = fopen(path, "r");
  if (!probe) return;
  (void)fclose(probe); /* read only */
  plt_table t;
  sim_errs quiet;
  sim_errs_init(&quiet);
  sim_status st = plt_table_read(path, &t, &quiet);
  sim_errs_destroy(&quiet);
  if (st != SIM_OK) return; /* the report goes on without the cohorts */
  int cp = plt_table_col(&t, "population"), ch = plt_table_col(&t, "horizon_months"), cn = plt_table_col(&t, "persons"),
      cc = plt_table_col(&t, "employment_rate_counterfactual_pct"),
      cr = plt_table_col(&t, "employment_rate_program_pct"), ce = plt_table_col(&t, "effect_pp");
  if (cp < 0 || ch < 0 || cn < 0 || cc < 0 || cr < 0 || ce < 0 || t.nrows == 0) {
    plt_table_free(&t);
    return;
  }
  fprintf(f,
          "<h2 id=\"cohorts\">%s</h2>\n<p>%s</p>\n<div class=\"wide\"><table>\n"
          "<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
          plt_tr(l, "Effect on the beneficiary cohorts", "Effet sur les cohortes de bénéficiaires"),
          plt_tr(l,
                 "People who entered the program in each half-year, followed for the months shown: their employment "
                 "rate with the program and without it (the same people in the counterfactual), all cohorts and "
                 "territories together, weighted by persons (cohorts.csv).",
                 "Les personnes entrées dans le programme chaque semestre, suivies pendant les mois indiqués : leur "
                 "taux "
                 "d'emploi avec et sans le programme (les mêmes personnes dans le contrefactuel), toutes cohortes et "
                 "tous "
                 "territoires ensemble, pondéré par les personnes (cohorts.csv)."),
          plt_tr(l, "population", "population"), plt_tr(l, "months after entry", "mois après l'entrée"),
          plt_tr(l, "persons", "personnes"), plt_tr(l, "employed without the program", "en emploi sans le programme"),
          plt_tr(l, "employed with the program", "en emploi avec le programme"),
          plt_tr(l, "effect (points)", "effet (points)"));
  /* One row per (population, horizon), in the file's order of first appearance. */
  for (size_t i = 0; i < t.nrows; i++) {
    const char *pop = plt_table_get(&t, i, cp), *hz = plt_table_get(&t, i, ch);
    int seen = 0;
    for (size_t j = 0; j < i && !seen; j++)
      seen = strcmp(plt_table_get(&t, j, cp), pop) == 0 && strcmp(plt_table_get(&t, j, ch), hz) == 0;
    if (seen) continue;
    double n = 0, sc = 0, sr = 0, se = 0;
    for (size_t j = i; j < t.nrows; j++) {
      if (strcmp(plt_table_get(&t, j, cp), pop) != 0 || strcmp(plt_table_get(&t, j, ch), hz) != 0) continue;
      double p = plt_table_num(&t, j, cn), vc = plt_table_num(&t, j, cc), vr = plt_table_num(&t, j, cr),
             ve = plt_table_num(&t, j, ce);
      if (!isfinite(p) || p <= 0 || !isfinite(vc) || !isfinite(vr) || !isfinite(ve)) continue;
      n += p;
      sc += p * vc;
      sr += p * vr;
      se += p * ve;
    }
    if (n <= 0) continue;
    char a[64], b[64], c[64], d[64];
    plt_fmt_count(l, a, sizeof a, n);
    plt_fmt_number(l, b, sizeof b, sc / n, 1);
    plt_fmt_number(l, c, sizeof c, sr / n, 1);
    plt_fmt_number(l, d, sizeof d, se / n, 1);
    fputs("<tr><td>", f);
    html(f, strcmp(pop, "hired") == 0                  ? plt_tr(l, "hired by an EBE", "embauchés par une EBE")
            : strcmp(pop, "volunteers_not_hired") == 0 ? plt_tr(l, "volunteers not hired", "volontaires non embauchés")
                                                       : pop);
    fputs("</td><td>", f);
    html(f, hz);
    fprintf(f, "</td><td>%s</td><td>%s&nbsp;%%</td><td>%s&nbsp;%%</td><td>%s</td></tr>\n", a, b, c, d);
  }
  fputs("</table></div>\n", f);
  plt_table_free(&t);
}

/* The promoters' premise beside the bottom-up measure: same denominators, side by side. */
static void premise_table(FILE *f, plt_lang l, const plt_run *r, const char *group) {
  static const struct {
    const char *en, *fr, *premise, *measure;
  } rows[] = {
      {"gross, per EBE person-year", "brut, par année-personne dans l'EBE", "premise_gross_per_person_year_eur",
       "avoided_gross_per_person_year_eur"},
      {"gross, per FTE-year", "brut, par année-ETP", "premise_gross_per_fte_year_eur",
       "avoided_gross_per_fte_year_eur"},
      {"net of the counterfactual, per EBE person-year", "net du contrefactuel, par année-personne dans l'EBE",
       "premise_net_per_person_year_eur", "avoided_net_per_person_year_eur"},
      {"net of the counterfactual, per FTE-year", "net du contrefactuel, par année-ETP", "premise_net_per_fte_year_eur",
       "avoided_net_per_fte_year_eur"},
      {"net cost per FTE-year", "coût net par année-ETP", "net_cost_per_fte_year_premise_eur",
       "net_cost_per_fte_year_net_eur"},
  };
  plt_ci probe;
  if (plt_summary(r, group, rows[0].premise, &probe) != 0) return; /* a summary from before these figures */
  fputs(plt_tr(l,
               "<h2>Avoided cost: the promoters' premise beside the measure</h2>\n"
               "<p>The premise is the promoters' 15,000&ndash;20,000&nbsp;&euro; per person-year (its midpoint) for "
               "every "
               "person taken out of joblessness; the measure adds up, person by person, the benefits no longer paid, "
               "the "
               "housing aid and activity bonus paid on the EBE wage and the contributions on it, each booked to its "
               "payer "
               "(<code>money.avoided_cost_mode</code>). The headline net cost "
               "(<code>net_cost_per_fte_year_net_eur</code>) "
               "uses the measure.</p>\n",
               "<h2>Coût évité : l'hypothèse des promoteurs à côté de la mesure</h2>\n"
               "<p>L'hypothèse est celle des promoteurs, 15&#8239;000 à 20&#8239;000&nbsp;&euro; par année-personne "
               "(son "
               "milieu) pour chaque personne sortie de la privation d'emploi ; la mesure additionne, personne par "
               "personne, les allocations qui ne sont plus versées, les aides au logement et la prime d'activité "
               "versées "
               "sur le salaire de l'EBE et les cotisations sur ce salaire, chacune imputée à son payeur "
               "(<code>money.avoided_cost_mode</code>). Le coût net en tête de page "
               "(<code>net_cost_per_fte_year_net_eur</code>) utilise la mesure.</p>\n"),
        f);
  fprintf(f, "<div class=\"wide\"><table>\n<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
          plt_tr(l, "avoided cost", "coût évité"), plt_tr(l, "premise", "hypothèse"), plt_tr(l, "measure", "mesure"),
          plt_tr(l, "measure / premise", "mesure / hypothèse"));
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    plt_ci p, m;
    if (plt_summary(r, group, rows[i].premise, &p) != 0 || plt_summary(r, group, rows[i].measure, &m) != 0) continue;
    char a[64], b[64], c[64] = "";
    plt_fmt_eur(l, a, sizeof a, p.mean);
    plt_fmt_eur(l, b, sizeof b, m.mean);
    if (p.mean != 0 && isfinite(p.mean) && isfinite(m.mean)) plt_fmt_number(l, c, sizeof c, m.mean / p.mean, 2);
    fprintf(f, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", plt_tr(l, rows[i].en, rows[i].fr), a, b, c);
  }
  fputs("</table></div>\n", f);
}

/* The figures of the table by territory, in summary order: those models/metrics.def marks. */
static const struct {
  const char *name;
  int shown;
} figure_list[] = {
#define MDL_METRIC(...)
#define MDL_FIGURE(id, name, unit, text, num, den, label, by_territory) {name, by_territory},
#include "models/metrics.def"
#undef MDL_METRIC
#undef MDL_FIGURE
};
#define N_FIGURES (sizeof figure_list / sizeof figure_list[0])

static size_t territory_columns_of(const char *cols[N_FIGURES]) {
  size_t n = 0;
  for (size_t k = 0; k < N_FIGURES; k++)
    if (figure_list[k].shown) cols[n++] = figure_list[k].name;
  return n;
}

static const char *figure_label(plt_lang l, const char *key) {
  const char *s = plt_figure_label_lang(l, key);
  return *s ? s : key;
}

/* The table of every headline figure of the total. */
static void all_figures(FILE *f, plt_lang l, const plt_run *r) {
  const plt_table *s = &r->summary;
  int ct = plt_table_col(s, "territory"), cf = plt_table_col(s, "figure");
  fprintf(f,
          "<h2>%s</h2>\n<div "
          "class=\"wide\"><table>\n<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
          plt_tr(l, "All headline figures, all territories together",
                 "Tous les chiffres clés, tous territoires ensemble"),
          plt_tr(l, "figure", "indicateur"), plt_tr(l, "key", "clé"), plt_tr(l, "unit", "unité"),
          plt_tr(l, "mean", "moyenne"), plt_tr(l, "95&nbsp;% interval", "intervalle à 95&nbsp;%"));
  for (size_t i = 0; i < s->nrows; i++) {
    if (strcmp(plt_table_get(s, i, ct), "total") != 0) continue;
    const char *key = plt_table_get(s, i, cf);
    plt_ci c;
    plt_summary(r, "total", key, &c);
    char mean[256], interval[256];
    const char *unit;
    fmt_ci(l, &c, r->ci, mean, interval, sizeof mean, &unit);
    fputs("<tr><td>", f);
    html(f, figure_label(l, key));
    fputs("</td><td><code>", f);
    html(f, key);
    fputs("</code></td><td>", f);
    html(f, unit);
    fputs("</td><td>", f);
    html(f, mean);
    fputs("</td><td>", f);
    html(f, interval);
    fputs("</td></tr>\n", f);
  }
  fputs("</table></div>\n", f);
}

static void by_territory(FILE *f, plt_lang l, const plt_run *r) {
  fprintf(f, "<h2>%s</h2>\n<div class=\"wide\"><table>\n<tr><th>%s</th>", plt_tr(l, "By territory", "Par territoire"),
          plt_tr(l, "territory", "territoire"));
  const char *territory_columns[N_FIGURES];
  size_t ncols = territory_columns_of(territory_columns);
  for (size_t k = 0; k < ncols; k++) {
    plt_ci c;
    plt_summary(r, r->groups[r->n_groups - 1].name, territory_columns[k], &c);
    double scale;
    const char *unit = unit_shown(l, c.unit, c.mean, &scale);
    fputs("<th>", f);
    html(f, figure_label(l, territory_columns[k]));
    if (*unit) {
      fputs(" (", f);
      html(f, strcmp(unit, "M€") == 0 ? "€" : unit);
      fputs(")", f);
    }
    fputs("</th>", f);
  }
  fputs("</tr>\n", f);
  for (int g = 0; g < r->n_groups; g++) {
    fputs("<tr><td>", f);
    html(f, r->groups[g].is_total ? plt_tr(l, "all territories", "tous les territoires") : r->groups[g].name);
    fputs("</td>", f);
    for (size_t k = 0; k < ncols; k++) {
      plt_ci c;
      plt_summary(r, r->groups[g].name, territory_columns[k], &c);
      char mean[256], interval[256];
      const char *unit;
      fmt_ci(l, &c, r->ci, mean, interval, sizeof mean, &unit);
      fputs("<td>", f);
      html(f, mean);
      if (strcmp(unit, "M€") == 0) fputs("&nbsp;M", f);
      if (interval[0]) {
        fputs("<br><small>", f);
        html(f, interval);
        fputs("</small>", f);
      }
      fputs("</td>", f);
    }
    fputs("</tr>\n", f);
  }
  fputs("</table></div>\n", f);
}

sim_status plt_write_run_report(const plt_run *r, const plt_figs *figs, const char *png_dir, plt_lang l,
                                const char *path, const char *shown, sim_errs *e) {
  FILE *f = open_report(path, shown, e);
  if (!f) return SIM_EIO;
  char title[400];
  snprintf(title, sizeof title, "tzsim: %s", r->scenario);
  page_begin(f, l, title);
  fputs("<h1>", f);
  html(f, r->scenario);
  fputs("</h1>\n<p class=\"meta\">", f);
  char reps[32], n_terr[32];
  snprintf(reps, sizeof reps, "%ld", r->replications);
  snprintf(n_terr, sizeof n_terr, "%d", r->n_groups - (r->n_groups > 0 && r->groups[r->n_groups - 1].is_total));
  meta_row(f, plt_tr(l, "seed", "graine"), r->seed);
  fputs(" · ", f);
  meta_row(f, plt_tr(l, "replications", "réplications"), reps);
  fputs(" · ", f);
  meta_row(f, plt_tr(l, "territories", "territoires"), n_terr);
  fputs(" · ", f);
  meta_row(f, plt_tr(l, "months", "mois"), r->n_months ? r->dates[0] : "");
  fputs(plt_tr(l, " to ", " à "), f);
  html(f, r->n_months ? r->dates[r->n_months - 1] : "");
  fputs("<br>\n", f);
  meta_row(f, "tzsim", r->version);
  fputs(" · ", f);
  meta_row(f, plt_tr(l, "git revision", "révision git"), r->git);
  fputs(" · ", f);
  meta_row(f, plt_tr(l, "scenario file", "fichier de scénario"), r->scenario_file);
  fputs(" · ", f);
  meta_row(f, plt_tr(l, "finished", "terminé"), r->finished);
  fputs("</p>\n", f);
  one_replication_note(f, l, r->replications);

  int total = r->n_groups > 0 && r->groups[r->n_groups - 1].is_total;
  if (total) {
    headline(f, l, r);
    who_pays(f, l, r);
  }
  assumptions(f, l, r);
  cohorts(f, l, r);
  if (total) {
    all_figures(f, l, r);
    premise_table(f, l, r, "total");
  }
  by_territory(f, l, r);

  /* The figures: across territories first (embedded), then each territory in a fold (linked). */
  fprintf(f, "<h2>%s</h2>\n", plt_tr(l, "Figures, all territories together", "Figures, tous territoires ensemble"));
  for (int i = 0; i < figs->n; i++) {
    const plt_fig *fig = &figs->v[i];
    if (fig->group >= 0 && !r->groups[fig->group].is_total) continue;
    if (figure(f, l, fig, png_dir, 1) != 0) return figure_failed(f, fig, shown, e);
  }
  fprintf(f, "<h2>%s</h2>\n<p>%s</p>\n", plt_tr(l, "Figures by territory", "Figures par territoire"),
          plt_tr(l, "Linked from the folder <code>plots/</code> beside this page: keep the two together.",
                 "Liées depuis le dossier <code>plots/</code> à côté de cette page : gardez-les ensemble."));
  for (int g = 0; g < r->n_groups; g++) {
    if (r->groups[g].is_total) continue;
    fputs("<details>\n<summary>", f);
    html(f, r->groups[g].name);
    fputs("</summary>\n", f);
    for (int i = 0; i < figs->n; i++)
      if (figs->v[i].group == g && figure(f, l, &figs->v[i], png_dir, 0) != 0)
        return figure_failed(f, &figs->v[i], shown, e);
    fputs("</details>\n", f);
  }
  return finish(f, l, shown, e);
}

/* ---- a comparison ---- */

static void letter(char *buf, size_t n, int j) { snprintf(buf, n, "%c%s", 'A' + j % 26, j >= 26 ? "'" : ""); }

sim_status plt_write_compare_report(const plt_compare *c, const plt_figs *figs, const char *png_dir, plt_lang l,
                                    const char *path, const char *shown, sim_errs *e) {
  FILE *f = open_report(path, shown, e);
  if (!f) return SIM_EIO;
  char title[700];
  snprintf(title, sizeof title, plt_tr(l, "tzsim: comparison of %d scenarios", "tzsim : comparaison de %d scénarios"),
           c->n);
  page_begin(f, l, title);
  fprintf(f,
          plt_tr(l, "<h1>Comparison of %d scenarios</h1>\n<p class=\"meta\">",
                 "<h1>Comparaison de %d scénarios</h1>\n<p class=\"meta\">"),
          c->n);
  const plt_run *r0 = &c->s[0].run;
  meta_row(f, plt_tr(l, "seed", "graine"), c->seed);
  fputs(" · ", f);
  meta_row(f, plt_tr(l, "replications", "réplications"), c->replications);
  fputs(plt_tr(l, " each (the same random numbers in every scenario) · ",
               " chacun (les mêmes tirages dans chaque scénario) · "),
        f);
  meta_row(f, "tzsim", r0->version);
  fputs(" · ", f);
  meta_row(f, plt_tr(l, "git revision", "révision git"), r0->git);
  fputs("</p>\n<ul>\n", f);
  for (int j = 0; j < c->n; j++) {
    char lt[8];
    letter(lt, sizeof lt, j);
    fprintf(f, "<li><b>%s</b> = ", lt);
    html(f, c->s[j].label);
    char cal[300]; /* what this scenario ran: its calendar, seed and replications */
    plt_compare_calendar(c, j, l, cal, sizeof cal);
    fputs(plt_tr(l, ": <span class=\"calendar\">", " : <span class=\"calendar\">"), f);
    html(f, cal);
    fputs("</span> (<a href=\"", f);
    html(f, c->s[j].folder);
    fputs("/\">", f);
    html(f, c->s[j].folder);
    fputs("</a>)</li>\n", f);
  }
  fputs(plt_tr(l,
               "</ul>\n<h2>Headline figures, all territories together</h2>\n"
               "<p>Each scenario's mean with its 95&nbsp;% interval, and its difference with A, paired by "
               "replication.</p>\n"
               "<div class=\"wide\"><table>\n<tr><th>figure</th><th>unit</th>",
               "</ul>\n<h2>Chiffres clés, tous territoires ensemble</h2>\n"
               "<p>La moyenne de chaque scénario avec son intervalle à 95&nbsp;%, et sa différence avec A, appariée "
               "par "
               "réplication.</p>\n<div class=\"wide\"><table>\n<tr><th>indicateur</th><th>unité</th>"),
        f);
  for (int j = 0; j < c->n; j++) {
    char lt[8];
    letter(lt, sizeof lt, j);
    fprintf(f, "<th>%s</th>", lt);
  }
  for (int j = 1; j < c->n; j++) {
    char lt[8];
    letter(lt, sizeof lt, j);
    fprintf(f, "<th>%s − A</th>", lt);
  }
  fputs("</tr>\n", f);
  const plt_table *t = &c->compare;
  int ct = plt_table_col(t, "territory"), cf = plt_table_col(t, "figure"), ck = plt_table_col(t, "kind");
  const char *prev = "";
  for (size_t i = 0; i < t->nrows; i++) {
    const char *key = plt_table_get(t, i, cf);
    if (strcmp(plt_table_get(t, i, ct), "total") != 0 || strcmp(plt_table_get(t, i, ck), "value") != 0 ||
        strcmp(key, prev) == 0)
      continue;
    prev = key;
    plt_ci v;
    plt_compare_value(c, NULL, key, 0, &v);
    double scale;
    const char *unit = unit_shown(l, v.unit, v.mean, &scale);
    fputs("<tr><td>", f);
    html(f, figure_label(l, key));
    fputs(" <code>", f);
    html(f, key);
    fputs("</code></td><td>", f);
    html(f, unit);
    fputs("</td>", f);
    for (int j = 0; j < 2 * c->n - 1; j++) {
      if (j < c->n)
        plt_compare_value(c, NULL, key, j, &v);
      else
        plt_compare_diff(c, NULL, key, j - c->n + 1, &v);
      char mean[256], interval[256];
      fmt_scaled(l, &v, 1, scale, mean, interval, sizeof mean); /* one scale per row */
      fputs("<td>", f);
      html(f, mean);
      if (interval[0]) {
        fputs("<br><small>", f);
        html(f, interval);
        fputs("</small>", f);
      }
      fputs("</td>", f);
    }
    fputs("</tr>\n", f);
  }
  fputs("</table></div>\n<h2>Figures</h2>\n", f);
  for (int i = 0; i < figs->n; i++)
    if (figure(f, l, &figs->v[i], png_dir, 1) != 0) return figure_failed(f, &figs->v[i], shown, e);
  fputs(plt_tr(l, "<p>Each scenario's own figures: <code>tzsim plot</code> on its folder.</p>\n",
               "<p>Les figures de chaque scénario : <code>tzsim plot</code> sur son dossier.</p>\n"),
        f);
  return finish(f, l, shown, e);
}
