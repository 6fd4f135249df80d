/* report.c: report.html. Every text from the result is HTML-escaped; numbers are formatted in the
 * C locale (tzsim never changes it), with thousands separators. */
#include "plots/report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plots/table.h"
#include "sim/output.h"

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

/* A number for people: thousands separated by commas, decimals by magnitude. */
static void fmt_num(char *buf, size_t n, double v, int dec) {
  if (!isfinite(v)) {
    snprintf(buf, n, "–");
    return;
  }
  if (dec < 0) {
    double a = fabs(v);
    dec = a >= 100 ? 0 : a >= 1 ? 2 : 3;
  }
  char raw[64];
  snprintf(raw, sizeof raw, "%.*f", dec, fabs(v));
  int zero = strspn(raw, "0.") == strlen(raw);
  char *dot = strchr(raw, '.');
  size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw), k = 0;
  if (v < 0 && !zero && k + 1 < n) buf[k++] = '-';
  for (size_t i = 0; i < intlen && k + 2 < n; i++) {
    buf[k++] = raw[i];
    size_t left = intlen - i - 1;
    if (left > 0 && left % 3 == 0) buf[k++] = ',';
  }
  for (const char *d = dot; d && *d && k + 1 < n; d++) buf[k++] = *d;
  buf[k] = '\0';
}

/* How a unit of summary.csv reads, and the scale its values are shown in. */
static const char *unit_shown(const char *unit, double mean, double *scale) {
  *scale = 1.0;
  if (strcmp(unit, "EUR") == 0) {
    if (isfinite(mean) && fabs(mean) >= 1e6) {
      *scale = 1e6;
      return "M€";
    }
    return "€";
  }
  if (strcmp(unit, "EUR per FTE-year") == 0) return "€ per FTE-year";
  if (strcmp(unit, "-") == 0) return "";
  return unit;
}

/* "mean" and "[lo, hi]" of a figure in units of scale (interval empty with one replication, mean
 * "not reached" if no replication has it). */
static void fmt_scaled(const plt_ci *c, int ci, double scale, char *mean, char *interval, size_t n) {
  interval[0] = '\0';
  if (c->n == 0 || !isfinite(c->mean)) {
    snprintf(mean, n, "not reached");
    return;
  }
  double a = fabs(c->mean / scale);
  int dec = scale > 1 ? 2 : a >= 100 ? 0 : a >= 1 ? 2 : 3;
  fmt_num(mean, n, c->mean / scale, dec);
  if (!ci || c->n < 2) return;
  char lo[32], hi[32];
  fmt_num(lo, sizeof lo, c->lo / scale, dec);
  fmt_num(hi, sizeof hi, c->hi / scale, dec);
  snprintf(interval, n, "[%s, %s]", lo, hi);
}

/* The same in the unit (and scale) that suits the figure's own mean. */
static void fmt_ci(const plt_ci *c, int ci, char *mean, char *interval, size_t n, const char **unit) {
  double scale;
  *unit = unit_shown(c->unit, c->mean, &scale);
  fmt_scaled(c, ci, scale, mean, interval, n);
}

/* ---- the page ---- */

static void page_begin(FILE *f, const char *title) {
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
        f);
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

/* A figure: its SVG embedded as a data URI (half the size of the PNG, and sharp at any zoom), its
 * title and caption, and relative links to its files. */
static int figure(FILE *f, const plt_fig *fig, const char *png_dir) {
  char path[4500];
  snprintf(path, sizeof path, "%s/%s.png", png_dir, fig->base);
  unsigned w, h;
  png_size(path, &w, &h);
  snprintf(path, sizeof path, "%s/%s.svg", png_dir, fig->base);
  fprintf(f, "<figure id=\"%s\">\n<img alt=\"", fig->base);
  html(f, fig->title);
  fputc('"', f);
  if (w && h) fprintf(f, " width=\"%u\" height=\"%u\"", w, h);
  fputs(" src=\"data:image/svg+xml;base64,", f);
  if (base64_file(f, path) != 0) return -1;
  fputs("\">\n<figcaption><b>", f);
  html(f, fig->title);
  fputs(".</b> ", f);
  html(f, fig->caption);
  fprintf(f,
          " <span class=\"files\">Files: <a href=\"plots/%s.svg\">SVG</a>, <a href=\"plots/%s.png\">PNG</a>, "
          "<a href=\"plots/%s.gp\">gnuplot script</a>, <a href=\"plots/%s.tsv\">data</a>.</span></figcaption>\n</figure>\n",
          fig->base, fig->base, fig->base, fig->base);
  return 0;
}

static void meta_row(FILE *f, const char *key, const char *value) {
  fprintf(f, "<b>%s</b> ", key);
  html(f, value);
}

static sim_status finish(FILE *f, const char *shown, sim_errs *e) {
  fputs("<p class=\"meta\">Written by tzsim. Intervals are 95&nbsp;% Student t intervals over replications: they "
        "measure Monte Carlo error only, not the uncertainty of the parameters.</p>\n</body>\n</html>\n",
        f);
  int bad = fflush(f) != 0 || ferror(f);
  int err = errno;
  if (fclose(f) != 0 && !bad) {
    bad = 1;
    err = errno;
  }
  if (!bad) return SIM_OK;
  sim_errs_add(e, NULL, 0, NULL, "tzsim: cannot write %s: %s (expected room on the disk)", shown, strerror(err ? err : EIO));
  return SIM_EIO;
}

static FILE *open_report(const char *path, const char *shown, sim_errs *e) {
  FILE *f = fopen(path, "w");
  if (!f) sim_errs_add(e, NULL, 0, NULL, "tzsim: cannot write %s: %s", shown, strerror(errno));
  return f;
}

static sim_status figure_failed(FILE *f, const plt_fig *fig, const char *shown, sim_errs *e) {
  (void)fclose(f); /* the unfinished report is removed by the caller */
  sim_errs_add(e, NULL, 0, NULL, "tzsim: cannot embed plots/%s.svg in %s (expected gnuplot to have drawn it)", fig->base,
               shown);
  return SIM_EIO;
}

/* ---- a run ---- */

/* The promoters' premise beside the bottom-up measure: same denominators, side by side. */
static void premise_table(FILE *f, const plt_run *r, const char *group) {
  static const struct { const char *label, *premise, *measure; } rows[] = {
      {"gross, per EBE person-year", "premise_gross_per_person_year_eur", "avoided_gross_per_person_year_eur"},
      {"gross, per FTE-year", "premise_gross_per_fte_year_eur", "avoided_gross_per_fte_year_eur"},
      {"net of the counterfactual, per EBE person-year", "premise_net_per_person_year_eur", "avoided_net_per_person_year_eur"},
      {"net of the counterfactual, per FTE-year", "premise_net_per_fte_year_eur", "avoided_net_per_fte_year_eur"},
      {"net cost per FTE-year", "net_cost_per_fte_year_premise_eur", "net_cost_per_fte_year_net_eur"},
  };
  plt_ci probe;
  if (plt_summary(r, group, rows[0].premise, &probe) != 0) return; /* a summary from before these figures */
  fputs("<h2>Avoided cost: the promoters' premise beside the measure</h2>\n"
        "<p>The premise is the promoters' 15,000&ndash;20,000&nbsp;&euro; per person-year (its midpoint) for every "
        "person taken out of joblessness; the measure adds up, person by person, the benefits no longer paid, the "
        "housing aid and activity bonus paid on the EBE wage and the contributions on it, each booked to its payer "
        "(<code>money.avoided_cost_mode</code>). The headline net cost (<code>net_cost_per_fte_year_net_eur</code>) "
        "uses the measure.</p>\n<div class=\"wide\"><table>\n"
        "<tr><th>avoided cost</th><th>premise (&euro;)</th><th>measure (&euro;)</th><th>measure / premise</th></tr>\n",
        f);
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    plt_ci p, m;
    if (plt_summary(r, group, rows[i].premise, &p) != 0 || plt_summary(r, group, rows[i].measure, &m) != 0) continue;
    fputs("<tr><td>", f);
    html(f, rows[i].label);
    fprintf(f, "</td><td>%.0f</td><td>%.0f</td><td>", p.mean, m.mean);
    if (p.mean != 0 && isfinite(p.mean) && isfinite(m.mean)) fprintf(f, "%.2f", m.mean / p.mean);
    fputs("</td></tr>\n", f);
  }
  fputs("</table></div>\n", f);
}

static const char *const territory_columns[] = {
    "ebe_headcount", "ebe_fte", "ppde_reduction", "public_funding_eur", "avoided_net_eur",
    "net_cost_per_fte_year_gross_eur", "net_cost_per_fte_year_net_eur", "avoided_to_funding_ratio_net",
    "months_to_empty_queue"};

sim_status plt_write_run_report(const plt_run *r, const plt_figs *figs, const char *png_dir, const char *path,
                                const char *shown, sim_errs *e) {
  FILE *f = open_report(path, shown, e);
  if (!f) return SIM_EIO;
  char title[400];
  snprintf(title, sizeof title, "tzsim: %s", r->scenario);
  page_begin(f, title);
  fputs("<h1>", f);
  html(f, r->scenario);
  fputs("</h1>\n<p class=\"meta\">", f);
  char reps[32], n_terr[32];
  snprintf(reps, sizeof reps, "%ld", r->replications);
  snprintf(n_terr, sizeof n_terr, "%d", r->n_groups - (r->n_groups > 0 && r->groups[r->n_groups - 1].is_total));
  meta_row(f, "seed", r->seed);
  fputs(" · ", f);
  meta_row(f, "replications", reps);
  fputs(" · ", f);
  meta_row(f, "territories", n_terr);
  fputs(" · ", f);
  meta_row(f, "months", r->n_months ? r->dates[0] : "");
  fputs(" to ", f);
  html(f, r->n_months ? r->dates[r->n_months - 1] : "");
  fputs("<br>\n", f);
  meta_row(f, "tzsim", r->version);
  fputs(" · ", f);
  meta_row(f, "git revision", r->git);
  fputs(" · ", f);
  meta_row(f, "scenario file", r->scenario_file);
  fputs(" · ", f);
  meta_row(f, "finished", r->finished);
  fputs("</p>\n", f);

  /* The headline table of the total. */
  const char *total = r->n_groups > 0 && r->groups[r->n_groups - 1].is_total ? "total" : NULL;
  const plt_table *s = &r->summary;
  int ct = plt_table_col(s, "territory"), cf = plt_table_col(s, "figure");
  if (total) {
    fputs("<h2>Headline figures, all territories together</h2>\n<div class=\"wide\"><table>\n"
          "<tr><th>figure</th><th>key</th><th>unit</th><th>mean</th><th>95&nbsp;% interval</th></tr>\n",
          f);
    for (size_t i = 0; i < s->nrows; i++) {
      if (strcmp(plt_table_get(s, i, ct), total) != 0) continue;
      const char *key = plt_table_get(s, i, cf);
      plt_ci c;
      plt_summary(r, total, key, &c);
      char mean[80], interval[160];
      const char *unit;
      fmt_ci(&c, r->ci, mean, interval, sizeof mean, &unit);
      fputs("<tr><td>", f);
      html(f, *plt_figure_label(key) ? plt_figure_label(key) : key);
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
    premise_table(f, r, total);
  }

  /* Per territory. */
  fputs("<h2>By territory</h2>\n<div class=\"wide\"><table>\n<tr><th>territory</th>", f);
  size_t ncols = sizeof territory_columns / sizeof territory_columns[0];
  for (size_t k = 0; k < ncols; k++) {
    plt_ci c;
    plt_summary(r, r->groups[r->n_groups - 1].name, territory_columns[k], &c);
    double scale;
    const char *unit = unit_shown(c.unit, c.mean, &scale);
    fputs("<th>", f);
    html(f, plt_figure_label(territory_columns[k]));
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
    html(f, r->groups[g].is_total ? "all territories" : r->groups[g].name);
    fputs("</td>", f);
    for (size_t k = 0; k < ncols; k++) {
      plt_ci c;
      plt_summary(r, r->groups[g].name, territory_columns[k], &c);
      char mean[80], interval[160];
      const char *unit;
      fmt_ci(&c, r->ci, mean, interval, sizeof mean, &unit);
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

  /* The figures: across territories first, then each territory in a fold. */
  fputs("<h2>Figures, all territories together</h2>\n", f);
  for (int i = 0; i < figs->n; i++) {
    const plt_fig *fig = &figs->v[i];
    if (fig->group >= 0 && !r->groups[fig->group].is_total) continue;
    if (figure(f, fig, png_dir) != 0) return figure_failed(f, fig, shown, e);
  }
  fputs("<h2>Figures by territory</h2>\n", f);
  for (int g = 0; g < r->n_groups; g++) {
    if (r->groups[g].is_total) continue;
    fputs("<details>\n<summary>", f);
    html(f, r->groups[g].name);
    fputs("</summary>\n", f);
    for (int i = 0; i < figs->n; i++)
      if (figs->v[i].group == g && figure(f, &figs->v[i], png_dir) != 0) return figure_failed(f, &figs->v[i], shown, e);
    fputs("</details>\n", f);
  }
  return finish(f, shown, e);
}

/* ---- a comparison ---- */

static void letter(char *buf, size_t n, int j) { snprintf(buf, n, "%c%s", 'A' + j % 26, j >= 26 ? "'" : ""); }

sim_status plt_write_compare_report(const plt_compare *c, const plt_figs *figs, const char *png_dir, const char *path,
                                    const char *shown, sim_errs *e) {
  FILE *f = open_report(path, shown, e);
  if (!f) return SIM_EIO;
  char title[700];
  snprintf(title, sizeof title, "tzsim: comparison of %d scenarios", c->n);
  page_begin(f, title);
  fprintf(f, "<h1>Comparison of %d scenarios</h1>\n<p class=\"meta\">", c->n);
  const plt_run *r0 = &c->s[0].run;
  meta_row(f, "seed", c->seed);
  fputs(" · ", f);
  meta_row(f, "replications", c->replications);
  fputs(" each (the same random numbers in every scenario) · ", f);
  meta_row(f, "tzsim", r0->version);
  fputs(" · ", f);
  meta_row(f, "git revision", r0->git);
  fputs("</p>\n<ul>\n", f);
  for (int j = 0; j < c->n; j++) {
    char l[8];
    letter(l, sizeof l, j);
    fprintf(f, "<li><b>%s</b> = ", l);
    html(f, c->s[j].label);
    fputs(" (<a href=\"", f);
    html(f, c->s[j].folder);
    fputs("/\">", f);
    html(f, c->s[j].folder);
    fputs("</a>)</li>\n", f);
  }
  fputs("</ul>\n<h2>Headline figures, all territories together</h2>\n"
        "<p>Each scenario's mean with its 95&nbsp;% interval, and its difference with A, paired by replication.</p>\n"
        "<div class=\"wide\"><table>\n<tr><th>figure</th><th>unit</th>",
        f);
  for (int j = 0; j < c->n; j++) {
    char l[8];
    letter(l, sizeof l, j);
    fprintf(f, "<th>%s</th>", l);
  }
  for (int j = 1; j < c->n; j++) {
    char l[8];
    letter(l, sizeof l, j);
    fprintf(f, "<th>%s − A</th>", l);
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
    const char *unit = unit_shown(v.unit, v.mean, &scale);
    fputs("<tr><td>", f);
    html(f, *plt_figure_label(key) ? plt_figure_label(key) : key);
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
      char mean[80], interval[160];
      fmt_scaled(&v, 1, scale, mean, interval, sizeof mean); /* one scale per row */
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
    if (figure(f, &figs->v[i], png_dir) != 0) return figure_failed(f, &figs->v[i], shown, e);
  fputs("<p>Each scenario's own figures: <code>tzsim plot</code> on its folder.</p>\n", f);
  return finish(f, shown, e);
}
